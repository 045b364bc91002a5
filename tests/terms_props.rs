//! Property tests of *now* and the term rules against a plain reference written from the
//! words of language.md (sections 2.13, 3.3, 3.4, 3.7) and of language-v2.md, section F:
//! the default *now* counts a term by its last day, `end in` checks a recorded end after
//! *now*, and an open term too short for `at least` or `exactly` is pending.

use concord::report::{Category, Report, Severity};
use jiff::civil::Date;
use jiff::ToSpan;
use proptest::prelude::*;

const BASE: Date = Date::constant(2020, 1, 1);

fn day(d: u32) -> Date {
    BASE.checked_add((d as i64).days()).unwrap()
}

#[derive(Clone, Copy, Debug)]
enum Bound {
    AtLeast,
    AtMost,
    Exactly,
}

/// One office `O of B`, its terms (holder `t{i}`), and maybe a later fact and `--as-of`.
#[derive(Clone, Debug)]
struct Scenario {
    /// (from, to) as days after [`BASE`]; `to` is at least `from`.
    terms: Vec<(u32, Option<u32>)>,
    /// The day of a fact that is no term (`X joins B`).
    joins: Option<u32>,
    as_of: Option<u32>,
    month: i8,
    bound: Bound,
    days: u32,
    /// The `from` and `until` of `is never vacant`, if given.
    window: (Option<u32>, Option<u32>),
}

// ---------- the reference ----------

impl Scenario {
    /// "--as-of DATE, or else the latest date of any fact, where a term's `to` counts as
    /// its last day (`to` − 1)".
    fn now(&self) -> u32 {
        let last_days =
            self.terms.iter().map(|&(from, to)| to.map_or(from, |t| t.saturating_sub(1).max(from)));
        self.as_of.unwrap_or_else(|| last_days.chain(self.joins).max().expect("a term at least"))
    }

    /// "Terms that start after now are ignored": (holder, from, recorded to).
    fn standing(&self) -> Vec<(usize, u32, Option<u32>)> {
        let now = self.now();
        let terms = self.terms.iter().enumerate().filter(|(_, t)| t.0 <= now);
        terms.map(|(i, &(from, to))| (i, from, to)).collect()
    }

    /// "a term whose `to` is after now is treated as open" (for vacancy and length).
    fn end(&self, to: Option<u32>) -> Option<u32> {
        to.filter(|&t| t <= self.now())
    }

    /// "`end in` checks its recorded `to`": (rule, holder, date).
    fn months(&self) -> Vec<(String, String, Date)> {
        let ends = self.standing().into_iter().filter_map(|(i, _, to)| to.map(|t| (i, day(t))));
        ends.filter(|(_, d)| d.month() != self.month)
            .map(|(i, d)| ("month".into(), format!("t{i}"), d))
            .collect()
    }

    /// "An open term is measured as if its `to` were now + 1 day"; "an open term (or one
    /// treated as open) that is shorter than an `at least` or `exactly` bound is pending".
    fn lengths(&self) -> Vec<(String, String, Date)> {
        let mut out = Vec::new();
        for (i, from, to) in self.standing() {
            let open = self.end(to).is_none();
            let end = self.end(to).unwrap_or(self.now() + 1);
            let limit = from + self.days;
            let broken = match self.bound {
                Bound::AtMost => end > limit,
                Bound::AtLeast => end < limit && !open,
                Bound::Exactly => end != limit && !(open && end < limit),
            };
            if broken {
                out.push(("length".into(), format!("t{i}"), day(from)));
            }
        }
        out
    }

    /// "every day in the window [D1, D2) (default: from the first term's start through now,
    /// inclusive) is inside some term"; "an office with no terms gives no violation": each
    /// run of uncovered days, by scanning every day.
    fn vacancies(&self) -> Vec<String> {
        let terms = self.standing();
        let Some(first) = terms.iter().map(|t| t.1).min() else { return Vec::new() };
        let covered =
            |d: u32| terms.iter().any(|&(_, from, to)| from <= d && self.end(to).is_none_or(|t| d < t));
        let (start, until) = (self.window.0.unwrap_or(first), self.window.1.unwrap_or(self.now() + 1));
        let mut gaps: Vec<(u32, u32)> = Vec::new();
        for d in (start..until).filter(|&d| !covered(d)) {
            match gaps.last_mut() {
                Some(gap) if gap.1 + 1 == d => gap.1 = d,
                _ => gaps.push((d, d)),
            }
        }
        gaps.into_iter().map(|(a, b)| format!("O of B is vacant from {} to {}", day(a), day(b))).collect()
    }
}

// ---------- the implementation ----------

impl Scenario {
    fn text(&self) -> String {
        let mut text = String::from("body B.\noffice O of B.\n");
        for (i, &(from, to)) in self.terms.iter().enumerate() {
            let to = to.map_or(String::new(), |t| format!(" to {}", day(t)));
            text += &format!("term of t{i} as O of B from {}{to}.\n", day(from));
        }
        if let Some(d) = self.joins {
            text += &format!("{}: X joins B.\n", day(d));
        }
        let bound = match self.bound {
            Bound::AtLeast => "at least",
            Bound::AtMost => "at most",
            Bound::Exactly => "exactly",
        };
        let month = concord::syntax::MONTHS[self.month as usize - 1];
        text += &format!("rule month: terms of O of B end in {month}.\n");
        text += &format!("rule length: terms of O of B last {bound} {} days.\n", self.days);
        let from = self.window.0.map_or(String::new(), |d| format!(" from {}", day(d)));
        let until = self.window.1.map_or(String::new(), |d| format!(" until {}", day(d)));
        text += &format!("rule vacancy: O of B is never vacant{from}{until}.\n");
        text
    }

    fn run(&self) -> Report {
        let options = concord::Options { as_of: self.as_of.map(day), ..Default::default() };
        concord::check_text(&[("case.facts", &self.text())], &options)
    }
}

fn found(report: &Report, code: &str) -> Vec<(String, String, Date)> {
    let found = report.diagnostics.iter().filter(|d| d.code == code);
    let about = |d: &concord::report::Diagnostic| {
        let date = d.date.as_deref().expect("a date").parse().unwrap();
        (d.rule.clone().unwrap(), d.subject.clone().unwrap(), date)
    };
    let mut found: Vec<_> = found.map(about).collect();
    found.sort();
    found
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

// ---------- generators ----------

fn bound() -> impl Strategy<Value = Bound> {
    prop_oneof![Just(Bound::AtLeast), Just(Bound::AtMost), Just(Bound::Exactly)]
}

fn term() -> impl Strategy<Value = (u32, Option<u32>)> {
    (0u32..700, prop::option::of(0u32..400)).prop_map(|(from, length)| (from, length.map(|l| from + l)))
}

fn scenario() -> impl Strategy<Value = Scenario> {
    let dates = (prop::option::of(0u32..1200), prop::option::of(0u32..1200));
    let window = (prop::option::of(0u32..1200), prop::option::of(0u32..1200));
    let rules = (1i8..=12, bound(), 0u32..500, window);
    (prop::collection::vec(term(), 1..6), dates, rules).prop_map(
        |(terms, (joins, as_of), (month, bound, days, window))| Scenario {
            terms,
            joins,
            as_of,
            month,
            bound,
            days,
            window,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// *Now*, `end in`, `last` and `is never vacant` agree with the reference.
    #[test]
    fn term_rules_agree_with_the_reference(s in scenario()) {
        let report = s.run();
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && !matches!(d.category, Category::Violation))
            .map(|d| d.message.clone())
            .collect();
        prop_assert!(errors.is_empty(), "the generated input is invalid: {errors:?}\n{}", s.text());
        prop_assert_eq!(report.as_of.clone(), Some(day(s.now()).to_string()), "{}", s.text());
        prop_assert_eq!(found(&report, "violation::term-month"), sorted(s.months()), "{}", s.text());
        prop_assert_eq!(found(&report, "violation::term-length"), sorted(s.lengths()), "{}", s.text());
        let vacancies = report.diagnostics.iter().filter(|d| d.code == "violation::vacancy");
        let vacancies: Vec<String> = vacancies.map(|d| d.message.clone()).collect();
        prop_assert_eq!(vacancies, s.vacancies(), "{}", s.text());
    }

    /// Without `--as-of`, a run is the run `--as-of` its default *now*: a term's `to` the day
    /// after *now* is after *now* either way.
    #[test]
    fn the_default_now_is_an_as_of_like_any_other(s in scenario()) {
        let default = Scenario { as_of: None, ..s };
        let explicit = Scenario { as_of: Some(default.now()), ..default.clone() };
        let messages = |r: &Report| r.diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>();
        prop_assert_eq!(messages(&default.run()), messages(&explicit.run()), "{}", default.text());
    }

    /// The default *now* never leaves the last recorded term's end vacant: when no fact
    /// comes after the terms and they leave no gap, `is never vacant` holds.
    #[test]
    fn the_end_of_the_last_term_is_no_vacancy(from in 0u32..700, lengths in prop::collection::vec(1u32..400, 1..5)) {
        let mut terms = Vec::new();
        let mut start = from;
        for l in lengths {
            terms.push((start, Some(start + l)));
            start += l;
        }
        let window = (None, None);
        let s = Scenario { terms, joins: None, as_of: None, month: 1, bound: Bound::AtMost, days: 0, window };
        let report = s.run();
        prop_assert!(report.diagnostics.iter().all(|d| d.code != "violation::vacancy"), "{}", s.text());
        prop_assert_eq!(report.as_of.clone(), Some(day(start - 1).to_string()));
    }
}
