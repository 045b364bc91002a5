//! The timeline as a standalone SVG chart: time on the x axis, supporters and opponents
//! as steps, each rule's threshold as a dashed line, the decision and deadlines marked.

use super::timeline::{Step, Timeline};
use jiff::civil::Date;
use std::fmt::Write;

const WIDTH: f64 = 820.0;
const HEIGHT: f64 = 440.0;
/// The plotting area: left, right, top, bottom.
const PLOT: (f64, f64, f64, f64) = (64.0, 790.0, 56.0, 370.0);

/// Maps dates and member counts to the plotting area.
struct Scale {
    first: Date,
    /// Days shown before the first change, and in all.
    lead: f64,
    days: f64,
    top: f64,
}

impl Scale {
    fn x(&self, date: Date) -> f64 {
        let day = self.first.until(date).map_or(0, |s| s.get_days()) as f64;
        PLOT.0 + (PLOT.1 - PLOT.0) * (day + self.lead) / self.days
    }

    /// The last day the chart shows.
    fn end(&self) -> Date {
        let days = (self.days - self.lead).floor() as i64;
        self.first.checked_add(jiff::Span::new().days(days)).unwrap_or(self.first)
    }

    fn y(&self, count: f64) -> f64 {
        PLOT.3 - (PLOT.3 - PLOT.2) * count / self.top
    }
}

pub fn render(t: &Timeline) -> String {
    let mut out = String::new();
    let title = format!("{}: {}", t.about.proposal, t.about.kind);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text class=\"title\" x=\"{}\" y=\"24\" font-size=\"15\" font-weight=\"bold\">{}</text>\n",
        escape(&title),
        PLOT.0,
        escape(&title)
    );
    let Some(scale) = scale(t) else {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\">no position recorded</text>\n</svg>",
            PLOT.0,
            PLOT.2 + 20.0
        );
        return out;
    };
    axes(&mut out, t, &scale);
    let last = scale.end();
    steps(&mut out, &scale, &t.steps, last, "supporters", "#1b7f3b", |s| Some(s.counts.support));
    steps(&mut out, &scale, &t.steps, last, "opponents", "#c0392b", |s| Some(s.counts.oppose));
    let mut taken: Vec<f64> = Vec::new();
    for (i, th) in t.thresholds.iter().enumerate() {
        let label = format!("{}: {}", th.rule, th.atom);
        steps(&mut out, &scale, &t.steps, last, "threshold", "#555555", |s| s.needed[i]);
        if let Some(k) = t.steps.last().and_then(|s| s.needed[i]) {
            // Thresholds at one height would write their labels over each other.
            let mut y = scale.y(k as f64) - 4.0;
            while taken.iter().any(|t| (t - y).abs() < 13.0) {
                y -= 14.0;
            }
            taken.push(y);
            let _ = writeln!(
                out,
                "<text class=\"threshold-label\" x=\"{}\" y=\"{y:.1}\" fill=\"#555555\" text-anchor=\"end\">{}</text>",
                PLOT.1,
                escape(&label)
            );
        }
    }
    if let Some(d) = &t.about.decision {
        let label = format!("{} {}", d.outcome, d.date);
        marker(&mut out, &scale, &d.date, "decision", "#1f4e9c", "", &label, 0.0);
    }
    for (i, d) in t.deadlines.iter().enumerate() {
        let label = format!("deadline {} ({})", d.date, d.rule);
        marker(
            &mut out,
            &scale,
            &d.date,
            "deadline",
            "#8e44ad",
            " stroke-dasharray=\"2 3\"",
            &label,
            14.0 * (i + 1) as f64,
        );
    }
    legend(&mut out);
    out.push_str("</svg>\n");
    out
}

fn end_date(t: &Timeline) -> Date {
    let mut dates: Vec<Date> = t.steps.iter().map(|s| s.day).collect();
    dates.extend(t.about.decision.iter().filter_map(|d| d.date.parse::<Date>().ok()));
    dates.extend(t.deadlines.iter().filter_map(|d| d.date.parse::<Date>().ok()));
    dates.into_iter().max().unwrap_or(Date::MIN)
}

fn scale(t: &Timeline) -> Option<Scale> {
    let first = t.steps.first()?.day;
    let last = end_date(t);
    // At least two weeks, so that changes on one day still show as steps.
    let span = first.until(last).map_or(0, |s| s.get_days()).max(14) as f64;
    let most = t
        .steps
        .iter()
        .flat_map(|s| std::iter::once(s.counts.members).chain(s.needed.iter().flatten().copied()))
        .max()
        .unwrap_or(1)
        .max(1);
    Some(Scale { first, lead: span * 0.05, days: span * 1.15, top: nice_top(most) as f64 })
}

/// A round upper bound for the count axis, divisible into about five ticks.
fn nice_top(most: usize) -> usize {
    let step = tick_step(most);
    most.div_ceil(step) * step
}

fn tick_step(most: usize) -> usize {
    let rough = (most / 5).max(1);
    let magnitude = 10usize.pow(rough.ilog10());
    [1, 2, 5, 10].into_iter().map(|m| m * magnitude).find(|s| *s >= rough).unwrap_or(rough)
}

fn axes(out: &mut String, t: &Timeline, scale: &Scale) {
    let (l, r, top, bottom) = PLOT;
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{l}\" y1=\"{bottom}\" x2=\"{r}\" y2=\"{bottom}\" stroke=\"black\"/>"
    );
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{l}\" y1=\"{top}\" x2=\"{l}\" y2=\"{bottom}\" stroke=\"black\"/>"
    );
    let step = tick_step(scale.top as usize);
    for k in (0..=scale.top as usize).step_by(step) {
        let y = scale.y(k as f64);
        let _ = writeln!(out, "<line class=\"tick\" x1=\"{}\" y1=\"{y:.1}\" x2=\"{l}\" y2=\"{y:.1}\" stroke=\"black\"/><text class=\"tick-label\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{k}</text>", l - 4.0, l - 6.0, y + 4.0);
    }
    for date in month_ticks(t.steps[0].day, scale.end()) {
        let x = scale.x(date);
        let label = format!("{}-{:02}", date.year(), date.month());
        let _ = writeln!(out, "<line class=\"tick\" x1=\"{x:.1}\" y1=\"{bottom}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"black\"/><text class=\"tick-label\" x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">{label}</text>", bottom + 4.0, bottom + 18.0);
    }
    let _ = writeln!(
        out,
        "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">date</text>",
        (l + r) / 2.0,
        bottom + 40.0
    );
    let _ = writeln!(out, "<text class=\"axis-label\" x=\"16\" y=\"{0}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {0})\">members of {1}</text>", (top + bottom) / 2.0, escape(&t.about.body));
}

/// First days of months between two dates, at most about eight of them.
fn month_ticks(first: Date, last: Date) -> Vec<Date> {
    let months = |d: Date| d.year() as i32 * 12 + d.month() as i32 - 1;
    let span = (months(last) - months(first)).max(1);
    let every = (span + 7) / 8;
    let mut ticks = Vec::new();
    let mut m = months(first) + 1;
    while m <= months(last) {
        if let Ok(d) = Date::new((m / 12) as i16, (m % 12 + 1) as i8, 1) {
            if m % every == 0 || every == 1 {
                ticks.push(d);
            }
        }
        m += 1;
    }
    ticks
}

/// A count over time as steps: level from one change to the next, to the chart's end.
fn steps(
    out: &mut String,
    scale: &Scale,
    steps: &[Step],
    last: Date,
    class: &str,
    colour: &str,
    value: impl Fn(&Step) -> Option<usize>,
) {
    let mut points = Vec::new();
    if class != "threshold" {
        // Before the first change nobody had taken this stance.
        let start = steps.first().map_or(PLOT.0, |s| scale.x(s.day));
        points.push(format!("{:.1},{2:.1} {:.1},{2:.1}", PLOT.0, start, scale.y(0.0)));
    }
    for (i, step) in steps.iter().enumerate() {
        let Some(v) = value(step) else { continue };
        let until = steps.get(i + 1).map_or(last, |s| s.day);
        let y = scale.y(v as f64);
        points.push(format!("{:.1},{y:.1} {:.1},{y:.1}", scale.x(step.day), scale.x(until)));
    }
    if points.is_empty() {
        return;
    }
    let dash = if class == "threshold" { " stroke-dasharray=\"6 4\"" } else { "" };
    let _ = writeln!(out, "<polyline class=\"{class}\" points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>", points.join(" "));
}

#[allow(clippy::too_many_arguments)]
fn marker(
    out: &mut String,
    scale: &Scale,
    date: &str,
    class: &str,
    colour: &str,
    dash: &str,
    label: &str,
    down: f64,
) {
    let Ok(day) = date.parse::<Date>() else { return };
    let x = scale.x(day);
    let _ = writeln!(
        out,
        "<line class=\"{class}\" x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"{colour}\"{dash}/>",
        PLOT.2, PLOT.3
    );
    // Labels stand left of their line, or right of it near the left edge.
    let (lx, anchor) = if x - PLOT.0 > 200.0 { (x - 4.0, "end") } else { (x + 4.0, "start") };
    let _ = writeln!(
        out,
        "<text class=\"{class}-label\" x=\"{lx:.1}\" y=\"{}\" fill=\"{colour}\" text-anchor=\"{anchor}\">{}</text>",
        PLOT.2 + 12.0 + down,
        escape(label)
    );
}

fn legend(out: &mut String) {
    let items = [
        ("supporters", "#1b7f3b", ""),
        ("opponents", "#c0392b", ""),
        ("support needed", "#555555", " stroke-dasharray=\"6 4\""),
    ];
    for (i, (label, colour, dash)) in items.iter().enumerate() {
        let x = PLOT.0 + 150.0 * i as f64;
        let y = HEIGHT - 12.0;
        let _ = writeln!(out, "<g class=\"legend\"><line x1=\"{x}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/><text x=\"{}\" y=\"{y}\">{label}</text></g>", y - 4.0, x + 24.0, y - 4.0, x + 30.0);
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
