//! The timeline as a standalone SVG chart: time on the x axis, supporters and opponents
//! as steps, each rule's threshold as a dashed line, the decision and deadlines marked.

use super::timeline::{Step, Timeline};
use super::Tallied;
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
        // The chart may run past 9999-12-31: it ends there.
        let span = jiff::Span::new().try_days(days).unwrap_or_default();
        self.first.checked_add(span).unwrap_or(Date::MAX)
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
    band(&mut out, &scale, &t.steps, last);
    steps(&mut out, &scale, &t.steps, last, "supporters", "#1b7f3b", |s| Some(s.known.support));
    steps(&mut out, &scale, &t.steps, last, "opponents", "#c0392b", |s| Some(s.known.oppose));
    let mut labels = Labels::default();
    for lines in distinct_thresholds(t) {
        let first = lines[0];
        steps(&mut out, &scale, &t.steps, last, "threshold", "#555555", |s| s.needed[first]);
        let Some(k) = t.steps.last().and_then(|s| s.needed[first]) else { continue };
        let Some(y) = labels.place(scale.y(k as f64) - 4.0) else { continue };
        let th = &t.thresholds[first];
        let mut rules: Vec<&str> = lines.iter().map(|&i| t.thresholds[i].rule.as_str()).collect();
        rules.sort_unstable();
        rules.dedup();
        let shared = match rules.len() {
            1 => String::new(),
            n => format!(" (and {} more rules)", n - 1),
        };
        let label = format!("{}: {}{shared}", th.rule, th.atom);
        let _ = writeln!(
            out,
            "<text class=\"threshold-label\" x=\"{}\" y=\"{y:.1}\" fill=\"#555555\" text-anchor=\"end\">{}</text>",
            PLOT.1,
            escape(&label)
        );
    }
    if labels.unplaced > 0 {
        let note =
            format!("{} more thresholds, not labelled: see the text or JSON timeline", labels.unplaced);
        let _ = writeln!(
            out,
            "<text class=\"threshold-note\" x=\"{}\" y=\"{}\" fill=\"#555555\" text-anchor=\"end\">{note}</text>",
            PLOT.1,
            PLOT.2 - 18.0
        );
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
        .flat_map(|s| std::iter::once(s.known.members).chain(s.needed.iter().flatten().copied()))
        .max()
        .unwrap_or(1)
        .max(1);
    Some(Scale { first, lead: span * 0.05, days: span * 1.15, top: nice_top(most) as f64 })
}

/// A round upper bound for the count axis, divisible into about five ticks.
fn nice_top(most: usize) -> usize {
    let step = tick_step(most);
    most.div_ceil(step).saturating_mul(step)
}

/// Saturating, since a counted body's size may be any 64-bit number.
fn tick_step(most: usize) -> usize {
    let rough = (most / 5).max(1);
    let magnitude = 10usize.pow(rough.ilog10());
    [1usize, 2, 5, 10].into_iter().map(|m| m.saturating_mul(magnitude)).find(|s| *s >= rough).unwrap_or(rough)
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

/// With uncertain days, the band between the least and the most supporters, as steps,
/// behind the lines; nothing when every count is certain.
fn band(out: &mut String, scale: &Scale, steps: &[Step], last: Date) {
    if steps.iter().all(|s| matches!(s.counts, Tallied::Exact(_))) {
        return;
    }
    let (mut top, mut bottom) = (Vec::new(), Vec::new());
    for (i, step) in steps.iter().enumerate() {
        let until = steps.get(i + 1).map_or(last, |s| s.day);
        let (x0, x1) = (scale.x(step.day), scale.x(until));
        let r = step.counts.support();
        let (hi, lo) = (scale.y(r.max as f64), scale.y(r.min as f64));
        top.push(format!("{x0:.1},{hi:.1} {x1:.1},{hi:.1}"));
        bottom.push(format!("{x1:.1},{lo:.1} {x0:.1},{lo:.1}"));
    }
    bottom.reverse();
    let _ = writeln!(
        out,
        "<polygon class=\"supporters-band\" points=\"{} {}\" fill=\"#1b7f3b\" fill-opacity=\"0.2\" stroke=\"none\"/>",
        top.join(" "),
        bottom.join(" ")
    );
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

/// Text from the input as XML 1.0 text or attribute value: markup escaped, and every
/// character XML forbids (C0 controls but tab, line feed and return; U+FFFE, U+FFFF)
/// shown as U+FFFD, so that any name gives a well-formed chart.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(c),
        }
    }
    out
}

/// The thresholds that draw the same line (the same supporters needed on every step),
/// each line once, as the indices of its thresholds, in the order of their first.
fn distinct_thresholds(t: &Timeline) -> Vec<Vec<usize>> {
    let mut lines: Vec<Vec<usize>> = Vec::new();
    let mut by_line: std::collections::HashMap<Vec<Option<usize>>, usize> = Default::default();
    for i in 0..t.thresholds.len() {
        let line: Vec<Option<usize>> = t.steps.iter().map(|s| s.needed[i]).collect();
        let next = lines.len();
        let at = *by_line.entry(line).or_insert(next);
        if at == next {
            lines.push(Vec::new());
        }
        lines[at].push(i);
    }
    lines
}

/// Where threshold labels stand: each at its line's height, or moved up by a line's
/// height until it overlaps none placed before; one that would leave the picture is not
/// placed (but counted), so that placing each costs a few look-ups whatever their number.
#[derive(Default)]
struct Labels {
    /// The heights taken, in tenths of a pixel.
    taken: std::collections::BTreeSet<i64>,
    unplaced: usize,
}

impl Labels {
    fn place(&mut self, mut y: f64) -> Option<f64> {
        let tenths = |y: f64| (y * 10.0).round() as i64;
        // Up to the top of the picture, where a label of 12 pixels still shows whole.
        while y >= 12.0 {
            // Labels closer than 13 pixels would write over each other.
            if self.taken.range(tenths(y) - 129..=tenths(y) + 129).next().is_none() {
                self.taken.insert(tenths(y));
                return Some(y);
            }
            y -= 14.0;
        }
        self.unplaced += 1;
        None
    }
}
