//! Property tests of the evaluator against a plain reference written from the spec's
//! words (scan everything, no indexes), and against the invariants of issue 3.

use concord::report::{Category, Report, Severity};
use jiff::civil::Date;
use jiff::ToSpan;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig { cases: 200, ..ProptestConfig::default() }
}

const BASE: Date = Date::constant(2020, 1, 1);

fn day(d: u32) -> Date {
    BASE.checked_add((d as i64).days()).unwrap()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum St {
    Support,
    Oppose,
    Abstain,
    Withdraw,
    /// In conditions only: "support, oppose or abstain" (`vote`).
    Vote,
}

/// Whether a member of stance `actual` is counted by a condition's stance.
fn counts(counted: St, actual: Option<St>) -> bool {
    match counted {
        St::Vote => actual.is_some(),
        s => actual == Some(s),
    }
}

#[derive(Clone, Copy, Debug)]
enum Cmp {
    AtLeast,
    AtMost,
    MoreThan,
    FewerThan,
    Exactly,
}

#[derive(Clone, Debug)]
enum Amount {
    Count(u64),
    Fraction(u64, u64),
    /// Percent as mantissa and number of decimals: (555, 1) is 55.5%.
    Percent(u64, u8),
}

/// A condition, as the reference reads it.
#[derive(Clone, Debug)]
enum C {
    Unanimity(Option<u64>),
    Consensus,
    All {
        group: bool,
        stance: St,
    },
    No {
        group: bool,
        stance: St,
    },
    Cmp {
        cmp: Cmp,
        amount: Amount,
        group: bool,
        stance: St,
    },
    /// "CMP AMOUNT voters STANCE": among the members who support or oppose.
    Voters {
        cmp: Cmp,
        amount: Amount,
        stance: St,
    },
    Hold {
        stance: St,
        cmp: Cmp,
        amount: Amount,
    },
    And(Vec<C>),
    Or(Vec<C>),
    Not(Box<C>),
}

/// One body, members `m0…`, one proposal `p` adopted on `decision`, and positions.
#[derive(Clone, Debug)]
struct Scenario {
    since: Vec<Option<u32>>,
    leave: Vec<Option<u32>>,
    group: Vec<bool>,
    weight: Vec<Option<(u64, u8)>>,
    /// (member, day, stance), in reading order.
    positions: Vec<(usize, u32, St)>,
    /// (member, day): supports of `q`, a proposal that competes with `p`.
    rivals: Vec<(usize, u32)>,
    decision: u32,
    admit: bool,
    cond: C,
}

// ---------- the reference, from the words of language.md ----------

impl Scenario {
    fn n(&self) -> usize {
        self.since.len()
    }

    fn name(i: usize) -> String {
        format!("m{i}")
    }

    /// "membership is half-open, so a member who leaves on D is not a member on D".
    fn member_on(&self, i: usize, d: u32) -> bool {
        self.since[i].is_none_or(|s| s <= d) && self.leave[i].is_none_or(|l| d < l)
    }

    /// "members of the body at D (less an admit candidate)".
    fn members(&self) -> Vec<usize> {
        (0..self.n()).filter(|&i| self.member_on(i, self.decision) && !(self.admit && i == 0)).collect()
    }

    /// "the stance of its latest position dated on or before D … the later in reading order
    /// stands"; and "from the date of a member's support for one of them, that member counts
    /// as opposing each of the others, unless it has a later position of its own on that
    /// one" (a position of its own on the same day stands, docs/language.md 2.16).
    fn stance(&self, i: usize) -> Option<St> {
        let mut best: Option<(u32, usize, St)> = None;
        for (k, &(m, d, s)) in self.positions.iter().enumerate() {
            if m == i && d <= self.decision && best.is_none_or(|(bd, bk, _)| (d, k) > (bd, bk)) {
                best = Some((d, k, s));
            }
        }
        let rival = self.rivals.iter().filter(|&&(m, d)| m == i && d <= self.decision).map(|&(_, d)| d).max();
        if rival.is_some_and(|r| best.is_none_or(|(d, _, _)| d < r)) {
            return Some(St::Oppose);
        }
        best.map(|(_, _, s)| s).filter(|s| *s != St::Withdraw)
    }

    fn set(&self, group: bool) -> Vec<usize> {
        self.members().into_iter().filter(|&i| !group || self.group[i]).collect()
    }

    fn weight_units(&self, i: usize) -> Option<u128> {
        self.weight[i].map(|(m, s)| m as u128 * 10u128.pow(9 - s as u32))
    }
}

fn cmp(c: Cmp, a: u128, b: u128) -> bool {
    match c {
        Cmp::AtLeast => a >= b,
        Cmp::AtMost => a <= b,
        Cmp::MoreThan => a > b,
        Cmp::FewerThan => a < b,
        Cmp::Exactly => a == b,
    }
}

fn ratio(a: &Amount) -> (u128, u128) {
    match *a {
        Amount::Count(k) => (k as u128, 1),
        Amount::Fraction(p, q) => (p as u128, q as u128),
        Amount::Percent(m, s) => (m as u128, 100 * 10u128.pow(s as u32)),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Pass,
    Fail(Vec<String>),
    Unevaluable,
}

/// One atom's outcome: holds, and the members on each side of its stance.
struct Outcome {
    holds: bool,
    too_few: bool,
    takers: Vec<usize>,
    others: Vec<usize>,
}

fn atom(s: &Scenario, c: &C) -> Option<Outcome> {
    let (set, stance) = match c {
        C::Unanimity(_) => (s.set(false), St::Support),
        C::Consensus => (s.set(false), St::Oppose),
        C::All { group, stance } | C::No { group, stance } | C::Cmp { group, stance, .. } => {
            (s.set(*group), *stance)
        }
        C::Voters { stance, .. } => {
            let voters =
                s.set(false).into_iter().filter(|&i| matches!(s.stance(i), Some(St::Support | St::Oppose)));
            (voters.collect(), *stance)
        }
        C::Hold { stance, .. } => (s.set(false), *stance),
        _ => unreachable!(),
    };
    let (takers, others): (Vec<usize>, Vec<usize>) = set.iter().partition(|&&i| counts(stance, s.stance(i)));
    let (t, n) = (takers.len() as u128, set.len() as u128);
    let (holds, too_few) = match c {
        C::Unanimity(of) => (t == n && of.is_none_or(|k| k as u128 == n), true),
        C::All { .. } => (t == n, true),
        C::Consensus | C::No { .. } => (t == 0, false),
        // "A ratio of an empty set is met only by `at most …` and `fewer than …`".
        C::Cmp { cmp: c, amount: Amount::Fraction(..) | Amount::Percent(..), .. }
        | C::Voters { cmp: c, amount: Amount::Fraction(..) | Amount::Percent(..), .. }
            if n == 0 =>
        {
            (matches!(c, Cmp::AtMost | Cmp::FewerThan), true)
        }
        C::Cmp { cmp: c, amount, .. } | C::Voters { cmp: c, amount, .. } => {
            let (p, q) = ratio(amount);
            let (a, b) = if matches!(amount, Amount::Count(_)) { (t, p) } else { (t * q, n * p) };
            (cmp(*c, a, b), matches!(c, Cmp::AtLeast | Cmp::MoreThan) || (matches!(c, Cmp::Exactly) && a < b))
        }
        C::Hold { cmp: c, amount, .. } => {
            let mut total = 0u128;
            let mut side = 0u128;
            for &i in &set {
                let w = s.weight_units(i)?;
                total += w;
                if s.stance(i) == Some(stance) {
                    side += w;
                }
            }
            let (p, q) = ratio(amount);
            let (a, b) = (side * q, total * p);
            (cmp(*c, a, b), matches!(c, Cmp::AtLeast | Cmp::MoreThan) || (matches!(c, Cmp::Exactly) && a < b))
        }
        _ => unreachable!(),
    };
    Some(Outcome { holds, too_few, takers, others })
}

fn holds(s: &Scenario, c: &C) -> Option<bool> {
    Some(match c {
        C::And(v) => {
            let mut all = true;
            for x in v {
                all &= holds(s, x)?;
            }
            all
        }
        C::Or(v) => {
            let mut any = false;
            for x in v {
                any |= holds(s, x)?;
            }
            any
        }
        C::Not(x) => !holds(s, x)?,
        _ => atom(s, c)?.holds,
    })
}

/// "every failed conjunct of an and, every branch of a failed or, and under not the
/// members on the side that made the inner atom hold".
fn offenders(s: &Scenario, c: &C, wanted: bool, out: &mut Vec<usize>) {
    if holds(s, c) == Some(wanted) {
        return;
    }
    match c {
        C::And(v) | C::Or(v) => v.iter().for_each(|x| offenders(s, x, wanted, out)),
        C::Not(x) => offenders(s, x, !wanted, out),
        _ => {
            let o = atom(s, c).unwrap();
            let takers_to_blame = if wanted { !o.too_few } else { o.too_few };
            out.extend(if takers_to_blame { o.takers } else { o.others });
        }
    }
}

fn reference(s: &Scenario) -> Verdict {
    match holds(s, &s.cond) {
        None => Verdict::Unevaluable,
        Some(true) => Verdict::Pass,
        Some(false) => {
            let mut out = Vec::new();
            offenders(s, &s.cond, true, &mut out);
            let mut names: Vec<String> = out.into_iter().map(Scenario::name).collect();
            names.sort();
            names.dedup();
            Verdict::Fail(names)
        }
    }
}

// ---------- the scenario as Concord text, and the implementation's verdict ----------

fn stance_word(s: St) -> &'static str {
    match s {
        St::Support => "support",
        St::Oppose => "oppose",
        St::Abstain => "abstain",
        St::Vote => "vote",
        St::Withdraw => unreachable!(),
    }
}

fn amount_text(a: &Amount) -> String {
    match *a {
        Amount::Count(k) => k.to_string(),
        Amount::Fraction(p, q) => format!("{p}/{q} of"),
        Amount::Percent(m, s) => {
            let digits = format!("{:0>w$}", m, w = s as usize + 1);
            let (i, f) = digits.split_at(digits.len() - s as usize);
            if s == 0 {
                format!("{i}% of")
            } else {
                format!("{i}.{f}% of")
            }
        }
    }
}

fn cmp_text(c: Cmp) -> &'static str {
    match c {
        Cmp::AtLeast => "at least",
        Cmp::AtMost => "at most",
        Cmp::MoreThan => "more than",
        Cmp::FewerThan => "fewer than",
        Cmp::Exactly => "exactly",
    }
}

fn cond_text(c: &C) -> String {
    let set = |g: bool| if g { "members of G" } else { "members" };
    match c {
        C::Unanimity(None) => "unanimity".into(),
        C::Unanimity(Some(k)) => format!("unanimity of {k}"),
        C::Consensus => "consensus".into(),
        C::All { group, stance } => format!("all {} {}", set(*group), stance_word(*stance)),
        C::No { group, stance } => format!("no {} {}", set(*group), stance_word(*stance)),
        C::Cmp { cmp, amount, group, stance } => {
            format!("{} {} {} {}", cmp_text(*cmp), amount_text(amount), set(*group), stance_word(*stance))
        }
        C::Voters { cmp, amount, stance } => {
            format!("{} {} voters {}", cmp_text(*cmp), amount_text(amount), stance_word(*stance))
        }
        C::Hold { stance, cmp, amount } => {
            let who = match stance {
                St::Support => "supporters",
                St::Oppose => "opponents",
                _ => "abstainers",
            };
            format!(
                "{who} hold {} {} weight",
                cmp_text(*cmp),
                amount_text(amount).replace(" of", "").replace(' ', "")
            )
            .replace("weight", "of weight")
        }
        C::And(v) => v.iter().map(|x| format!("({})", cond_text(x))).collect::<Vec<_>>().join(" and "),
        C::Or(v) => v.iter().map(|x| format!("({})", cond_text(x))).collect::<Vec<_>>().join(" or "),
        C::Not(x) => format!("not ({})", cond_text(x)),
    }
}

impl Scenario {
    /// Fact lines (one statement each), in reading order.
    fn fact_lines(&self) -> Vec<String> {
        let mut lines = vec!["body B.".to_string()];
        for i in 0..self.n() {
            let m = Scenario::name(i);
            lines.push(match self.since[i] {
                None => format!("members of B: {m}."),
                Some(d) => format!("{}: {m} joins B.", day(d)),
            });
            if let Some(l) = self.leave[i] {
                lines.push(format!("{}: {m} leaves B.", day(l)));
            }
            if let Some((mantissa, scale)) = self.weight[i] {
                lines.push(format!(
                    "{m} has weight {}.",
                    amount_text(&Amount::Percent(mantissa, scale)).trim_end_matches("% of")
                ));
            }
        }
        let group: Vec<String> = (0..self.n()).filter(|&i| self.group[i]).map(Scenario::name).collect();
        lines.push(format!("group G of B: {}.", group.join(", ")));
        lines.push(if self.admit {
            "proposal p: admit m0 to B.".into()
        } else {
            "proposal p: resolve \"x\" in B.".into()
        });
        for &(m, d, s) in &self.positions {
            let verb = match s {
                St::Support => "supports",
                St::Oppose => "opposes",
                St::Abstain => "abstains on",
                St::Withdraw => "withdraws from",
                St::Vote => unreachable!("a condition's stance, never a position's"),
            };
            lines.push(format!("{}: m{m} {verb} p.", day(d)));
        }
        if !self.rivals.is_empty() {
            lines.push("proposal q: resolve \"y\" in B.".into());
            lines.push("proposals p and q compete.".into());
        }
        for &(m, d) in &self.rivals {
            lines.push(format!("{}: m{m} supports q.", day(d)));
        }
        lines.push(format!("{}: B adopts p.", day(self.decision)));
        lines
    }

    fn rules(&self) -> String {
        format!("rule r: adopting p requires {}.\n", cond_text(&self.cond))
    }
}

fn run(facts: &[String], rules: &str, as_of: Option<Date>) -> Report {
    let facts = facts.join("\n") + "\n";
    let options = concord::Options { as_of, ..Default::default() };
    concord::check_text(&[("case.rules", rules), ("case.facts", &facts)], &options)
}

fn input_errors(report: &Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && !matches!(d.category, Category::Violation))
        .filter(|d| d.code != "rule::missing-attribute")
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

fn verdict(report: &Report) -> Verdict {
    if let Some(d) = report.diagnostics.iter().find(|d| d.code == "violation::decision") {
        return Verdict::Fail(d.offenders.iter().map(|o| o.member.to_string()).collect());
    }
    if report.diagnostics.iter().any(|d| d.code == "rule::missing-attribute") {
        return Verdict::Unevaluable;
    }
    Verdict::Pass
}

/// A record of exact days is judged as version 1 judges it: every violation certain,
/// every offender certain, no possible violation.
fn assert_exact_as_in_version_1(report: &Report) {
    for d in report.diagnostics.iter().filter(|d| matches!(d.category, Category::Violation)) {
        assert_eq!(d.certainty.map(|c| c.as_str()), Some("certain"), "{}", d.message);
        assert!(d.offenders.iter().all(|o| o.certain), "{}", d.message);
    }
    let json: serde_json::Value = serde_json::from_str(&concord::report::render_json(report)).unwrap();
    assert_eq!(json["summary"]["possible"], 0);
}

fn implementation(s: &Scenario) -> Verdict {
    let report = run(&s.fact_lines(), &s.rules(), None);
    let errors = input_errors(&report);
    assert!(errors.is_empty(), "the generated input is invalid: {errors:?}\n{}", s.fact_lines().join("\n"));
    assert_exact_as_in_version_1(&report);
    verdict(&report)
}

// ---------- generators ----------

fn stance() -> impl Strategy<Value = St> {
    prop_oneof![Just(St::Support), Just(St::Oppose), Just(St::Abstain)]
}

/// What a condition counts: a stance, or any vote.
fn counted() -> impl Strategy<Value = St> {
    prop_oneof![3 => stance(), 1 => Just(St::Vote)]
}

fn cmp_strategy() -> impl Strategy<Value = Cmp> {
    prop_oneof![
        Just(Cmp::AtLeast),
        Just(Cmp::AtMost),
        Just(Cmp::MoreThan),
        Just(Cmp::FewerThan),
        Just(Cmp::Exactly)
    ]
}

fn amount() -> impl Strategy<Value = Amount> {
    prop_oneof![
        (0u64..8).prop_map(Amount::Count),
        (1u64..7).prop_flat_map(|q| (0..=q, Just(q))).prop_map(|(p, q)| Amount::Fraction(p, q)),
        (0u64..=1000, 0u8..=1).prop_map(|(m, s)| Amount::Percent(if s == 0 { m / 10 } else { m }, s)),
    ]
}

fn share() -> impl Strategy<Value = Amount> {
    amount().prop_map(|a| match a {
        Amount::Count(k) => Amount::Percent(k * 10, 0),
        a => a,
    })
}

fn atom_strategy() -> BoxedStrategy<C> {
    prop_oneof![
        prop::option::of(0u64..8).prop_map(|k| C::Unanimity(k.filter(|&k| k > 0))),
        Just(C::Consensus),
        (any::<bool>(), counted()).prop_map(|(group, stance)| C::All { group, stance }),
        (any::<bool>(), counted()).prop_map(|(group, stance)| C::No { group, stance }),
        (cmp_strategy(), amount(), counted()).prop_map(|(cmp, amount, stance)| C::Voters {
            cmp,
            amount,
            stance
        }),
        (cmp_strategy(), amount(), any::<bool>(), counted())
            .prop_map(|(cmp, amount, group, stance)| C::Cmp { cmp, amount, group, stance }),
        (stance(), cmp_strategy(), share()).prop_map(|(stance, cmp, amount)| C::Hold { stance, cmp, amount }),
    ]
    .boxed()
}

fn cond_strategy() -> BoxedStrategy<C> {
    atom_strategy()
        .prop_recursive(3, 12, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 2..4).prop_map(C::And),
                prop::collection::vec(inner.clone(), 2..4).prop_map(C::Or),
                inner.prop_map(|c| C::Not(Box::new(c))),
            ]
        })
        .boxed()
}

/// A valid scenario: positions only by members on their day, none after the decision.
fn scenario_with(cond: BoxedStrategy<C>) -> BoxedStrategy<Scenario> {
    (1usize..8)
        .prop_flat_map(move |n| {
            (
                prop::collection::vec(prop::option::of(0u32..40), n),
                prop::collection::vec(prop::option::of(0u32..60), n),
                prop::collection::vec(any::<bool>(), n),
                prop::collection::vec(prop::option::weighted(0.95, (0u64..100_000, 0u8..4)), n),
                prop::collection::vec(
                    (0..n, 0u32..50, prop_oneof![4 => stance(), 1 => Just(St::Withdraw)]),
                    0..20,
                ),
                20u32..50,
                any::<bool>(),
                cond.clone(),
                // Mostly no competing proposal, so that the other forms keep their share.
                prop_oneof![3 => Just(Vec::new()), 1 => prop::collection::vec((0..n, 0u32..50), 1..4)],
            )
        })
        .prop_map(|(since, leave, mut group, mut weight, positions, decision, admit, cond, rivals)| {
            let leave: Vec<Option<u32>> =
                leave.iter().zip(&since).map(|(l, s)| l.filter(|&l| s.is_none_or(|s| l > s))).collect();
            if !group.contains(&true) {
                group[0] = true;
            }
            weight[0].get_or_insert((1, 0));
            let mut s = Scenario {
                since,
                leave,
                group,
                weight,
                positions: vec![],
                rivals: vec![],
                decision,
                admit,
                cond,
            };
            s.positions =
                positions.into_iter().filter(|&(m, d, _)| d <= decision && s.member_on(m, d)).collect();
            s.rivals = rivals.into_iter().filter(|&(m, d)| d <= decision && s.member_on(m, d)).collect();
            s
        })
        .boxed()
}

fn scenario() -> BoxedStrategy<Scenario> {
    scenario_with(cond_strategy())
}

fn with_cond(s: &Scenario, cond: C) -> Scenario {
    Scenario { cond, ..s.clone() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn agrees_with_the_reference_evaluator(s in scenario()) {
        prop_assert_eq!(implementation(&s), reference(&s), "{}\n{}", s.fact_lines().join("\n"), s.rules());
    }

    #[test]
    fn order_of_statements_and_files_changes_no_verdict(s in scenario(), seed in any::<u64>(), split in any::<usize>()) {
        // Same-day conflicts aside: keep one position per member and day.
        let mut s = s;
        let mut seen = std::collections::HashSet::new();
        s.positions.retain(|&(m, d, _)| seen.insert((m, d)));
        let expected = implementation(&s);
        let mut lines = s.fact_lines();
        shuffle(&mut lines, seed);
        let cut = split % (lines.len() + 1);
        let (a, b) = lines.split_at(cut);
        let rules = s.rules();
        let (fa, fb) = (a.join("\n") + "\n", b.join("\n") + "\n");
        let report = concord::check_text(&[("b.facts", &fb), ("r.rules", &rules), ("a.facts", &fa)], &concord::Options::default());
        prop_assert!(input_errors(&report).is_empty());
        prop_assert_eq!(verdict(&report), expected);
    }

    #[test]
    fn facts_after_the_date_change_nothing_and_as_of_equals_deleting_them(s in scenario(), extra in prop::collection::vec((0usize..8, 1u32..30, stance()), 0..10)) {
        let cut = day(s.decision);
        let mut lines = s.fact_lines();
        let kept = lines.clone();
        // Later facts: a second proposal's positions, joins and leaves, weights.
        lines.push("proposal q: resolve \"later\" in B.".into());
        for (m, d, st) in extra {
            let date = day(s.decision + d);
            if m < s.n() && s.member_on(m, s.decision + d) {
                lines.push(format!("{date}: m{m} {} q.", match st { St::Support => "supports", St::Oppose => "opposes", _ => "abstains on" }));
            }
            lines.push(format!("{date}: late{m} joins B."));
            lines.push(format!("{date}: m0 has weight {d}."));
        }
        let full = run(&lines, &s.rules(), Some(cut));
        let trimmed = run(&kept, &s.rules(), Some(cut));
        prop_assert_eq!(verdict(&full), verdict(&trimmed));
        prop_assert_eq!(verdict(&trimmed), reference(&s));
    }

    #[test]
    fn support_never_breaks_a_satisfied_lower_bound(s in scenario_with(lower_bound_atom()).prop_map(mostly(St::Support)), who in any::<usize>()) {
        let members = s.members();
        prop_assume!(!members.is_empty() && implementation(&s) == Verdict::Pass);
        let mut more = s.clone();
        more.positions.push((members[who % members.len()], s.decision, St::Support));
        prop_assert_eq!(implementation(&more), Verdict::Pass);
    }

    #[test]
    fn opposition_never_satisfies_a_failed_consensus(s in scenario_with(no_opposition_atom()).prop_map(mostly(St::Oppose)), who in any::<usize>()) {
        let members = s.members();
        prop_assume!(!members.is_empty() && matches!(implementation(&s), Verdict::Fail(_)));
        let mut more = s.clone();
        more.positions.push((members[who % members.len()], s.decision, St::Oppose));
        prop_assert!(matches!(implementation(&more), Verdict::Fail(_)));
    }

    #[test]
    fn unanimity_is_all_members_support(s in scenario()) {
        let a = implementation(&with_cond(&s, C::Unanimity(None)));
        let b = implementation(&with_cond(&s, C::All { group: false, stance: St::Support }));
        prop_assert_eq!(a, b);
    }

    #[test]
    fn consensus_is_no_member_opposes_is_at_most_0_oppose(s in scenario()) {
        let a = implementation(&with_cond(&s, C::Consensus));
        let b = implementation(&with_cond(&s, C::No { group: false, stance: St::Oppose }));
        let c = implementation(&with_cond(&s, C::Cmp { cmp: Cmp::AtMost, amount: Amount::Count(0), group: false, stance: St::Oppose }));
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(&b, &c);
    }

    #[test]
    fn not_not_c_is_c(s in scenario()) {
        let double = C::Not(Box::new(C::Not(Box::new(s.cond.clone()))));
        prop_assert_eq!(passes(&with_cond(&s, double)), passes(&s));
    }

    #[test]
    fn de_morgan(s in scenario(), a in atom_strategy(), b in atom_strategy()) {
        let not = |c: C| C::Not(Box::new(c));
        let lhs = not(C::And(vec![a.clone(), b.clone()]));
        let rhs = C::Or(vec![not(a.clone()), not(b.clone())]);
        prop_assert_eq!(passes(&with_cond(&s, lhs)), passes(&with_cond(&s, rhs)));
        let lhs = not(C::Or(vec![a.clone(), b.clone()]));
        let rhs = C::And(vec![not(a), not(b)]);
        prop_assert_eq!(passes(&with_cond(&s, lhs)), passes(&with_cond(&s, rhs)));
    }

    #[test]
    fn shares_hold_exactly_at_the_boundary(n in 1usize..9, supporters in 0usize..9, p in 0u64..9, q in 1u64..9, cmp in cmp_strategy()) {
        prop_assume!(p <= q && supporters <= n);
        let s = unanimous_body(n, supporters, C::Cmp { cmp, amount: Amount::Fraction(p, q), group: false, stance: St::Support });
        let expected = cmp_holds(cmp, supporters as u128 * q as u128, n as u128 * p as u128);
        prop_assert_eq!(passes(&s), expected);
    }

    #[test]
    fn decimal_percentages_hold_exactly(n in 1usize..12, supporters in 0usize..12, mantissa in 0u64..=10_000, cmp in cmp_strategy()) {
        prop_assume!(supporters <= n);
        let s = unanimous_body(n, supporters, C::Cmp { cmp, amount: Amount::Percent(mantissa, 2), group: false, stance: St::Support });
        // supporters / n against mantissa / 10_000, cross-multiplied.
        let expected = cmp_holds(cmp, supporters as u128 * 10_000, n as u128 * mantissa as u128);
        prop_assert_eq!(passes(&s), expected);
    }

    #[test]
    fn weighted_decimal_sums_hold_exactly(weights in prop::collection::vec((1u64..100_000, 0u8..4), 1..8), mask in any::<u8>(), mantissa in 0u64..=10_000, cmp in cmp_strategy()) {
        let n = weights.len();
        let mut s = unanimous_body(n, 0, C::Hold { stance: St::Support, cmp, amount: Amount::Percent(mantissa, 2) });
        s.weight = weights.iter().map(|w| Some(*w)).collect();
        s.positions = (0..n).filter(|i| mask & (1 << i) != 0).map(|i| (i, 1, St::Support)).collect();
        let units = |i: usize| weights[i].0 as u128 * 10u128.pow(9 - weights[i].1 as u32);
        let side: u128 = (0..n).filter(|i| mask & (1 << i) != 0).map(units).sum();
        let total: u128 = (0..n).map(units).sum();
        let expected = cmp_holds(cmp, side * 10_000, total * mantissa as u128);
        prop_assert_eq!(passes(&s), expected);
    }
}

fn cmp_holds(c: Cmp, a: u128, b: u128) -> bool {
    cmp(c, a, b)
}

fn passes(s: &Scenario) -> bool {
    implementation(s) == Verdict::Pass
}

/// `n` members from the start, the first `supporters` of them supporting.
fn unanimous_body(n: usize, supporters: usize, cond: C) -> Scenario {
    Scenario {
        since: vec![None; n],
        leave: vec![None; n],
        group: vec![true; n],
        weight: vec![Some((1, 0)); n],
        positions: (0..supporters).map(|i| (i, 1, St::Support)).collect(),
        rivals: Vec::new(),
        decision: 2,
        admit: false,
        cond,
    }
}

fn lower_bound_atom() -> BoxedStrategy<C> {
    prop_oneof![
        Just(C::Unanimity(None)),
        any::<bool>().prop_map(|group| C::All { group, stance: St::Support }),
        (amount(), any::<bool>()).prop_map(|(amount, group)| C::Cmp {
            cmp: Cmp::AtLeast,
            amount,
            group,
            stance: St::Support
        }),
        share().prop_map(|amount| C::Hold { stance: St::Support, cmp: Cmp::AtLeast, amount }),
    ]
    .boxed()
}

fn no_opposition_atom() -> BoxedStrategy<C> {
    prop_oneof![Just(C::Consensus), any::<bool>().prop_map(|group| C::No { group, stance: St::Oppose })]
        .boxed()
}

/// Turns most positions into `stance`, so that properties about a passing (or failing)
/// rule are not mostly discarded.
fn mostly(stance: St) -> impl Fn(Scenario) -> Scenario {
    move |mut s| {
        for (k, p) in s.positions.iter_mut().enumerate() {
            if k % 4 != 0 {
                p.2 = stance;
            }
        }
        s
    }
}

fn shuffle<T>(v: &mut [T], mut seed: u64) {
    for i in (1..v.len()).rev() {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        v.swap(i, (seed >> 33) as usize % (i + 1));
    }
}
