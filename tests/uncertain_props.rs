//! Decisions with positions of uncertain day (`2024-01-02..2024-01-05: …`), against
//! enumerating every world: each world (one day of every interval) written out as a
//! record of exact days and checked as version 1 checks it. The rule fails in every world (certain), in some (possible) or
//! in none; the offenders are those of some failing world, certain when of every one.

use proptest::prelude::*;
use std::collections::BTreeMap;

const MEMBERS: [&str; 4] = ["Ann", "Ben", "Cy", "Dee"];
const STANCES: [&str; 4] = ["supports", "opposes", "abstains on", "withdraws from"];

/// A position: member, stance, first and last possible day (of January 2024).
type Written = (usize, usize, u8, u8);

fn positions() -> impl Strategy<Value = Vec<Written>> {
    let one = (0..4usize, 0..4usize, 1u8..6, 0u8..3).prop_map(|(m, s, a, len)| (m, s, a, (a + len).min(6)));
    prop::collection::vec(one, 1..6)
}

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("unanimity".to_string()),
        Just("consensus".to_string()),
        (0..5u8).prop_map(|k| format!("at least {k} members support")),
        (0..5u8).prop_map(|k| format!("at most {k} members oppose")),
        (0..5u8).prop_map(|k| format!("exactly {k} members support")),
        Just("at least 2/3 of members support".to_string()),
        Just("more than half of members support".to_string()),
        Just("supporters hold at least 50% of weight".to_string()),
        Just("opponents hold at most 30% of weight".to_string()),
        Just("at least 2/3 of voters support".to_string()),
        Just("fewer than half of voters oppose".to_string()),
        Just("all voters support".to_string()),
        (0..5u8).prop_map(|k| format!("at least {k} voters support")),
        Just("at least half of members vote".to_string()),
        (0..5u8).prop_map(|k| format!("exactly {k} members vote")),
    ]
}

fn condition() -> impl Strategy<Value = String> {
    atom().prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|c| format!("not ({c})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} and {b})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("({a} or {b})")),
        ]
    })
}

/// The record with each position on the given day, and the rule.
fn record(members: usize, written: &[Written], days: &[u8], cond: &str) -> (String, String) {
    let mut facts = format!(
        "body B.\nmembers of B: {}.\nproposal p: resolve \"x\" in B.\n",
        MEMBERS[..members].join(", ")
    );
    for (n, name) in MEMBERS[..members].iter().enumerate() {
        facts.push_str(&format!("{name} has weight {}.\n", [5, 3, 2, 1][n]));
    }
    for (&(m, s, _, _), day) in written.iter().zip(days) {
        facts.push_str(&format!("2024-01-0{day}: {} {} p.\n", MEMBERS[m % members], STANCES[s]));
    }
    facts.push_str("2024-01-07: B adopts p.\n");
    (facts, format!("rule r: adopting p requires {cond}.\n"))
}

/// The violation of rule `r`, if any: (certainty, offender → certain).
type Found = Option<(String, BTreeMap<String, bool>)>;

fn found(report: &concord::report::Report) -> Found {
    let d = report.diagnostics.iter().find(|d| d.code == "violation::decision")?;
    let offenders = d.offenders.iter().map(|o| (o.member.to_string(), o.certain)).collect();
    Some((d.certainty.map_or("none", |c| c.as_str()).to_string(), offenders))
}

/// What every world says, gathered: the enumeration the search must agree with.
fn every_world(members: usize, written: &[Written], cond: &str) -> Found {
    let (mut worlds, mut failing) = (0, 0);
    let mut offenders: BTreeMap<String, usize> = BTreeMap::new();
    let mut days: Vec<u8> = written.iter().map(|w| w.2).collect();
    loop {
        let (facts, rules) = record(members, written, &days, cond);
        let report = concord::check_text(&[("r.facts", &facts), ("r.rules", &rules)], &Default::default());
        assert!(!report.diagnostics.iter().any(|d| d.is_input_error()), "{facts}{rules}");
        worlds += 1;
        if let Some((_, names)) = found(&report) {
            failing += 1;
            names.into_keys().for_each(|n| *offenders.entry(n).or_default() += 1);
        }
        let Some(i) = (0..written.len()).find(|&i| days[i] < written[i].3) else { break };
        days[i] += 1;
        (0..i).for_each(|j| days[j] = written[j].2);
    }
    let certainty = if failing == worlds { "certain" } else { "possible" };
    (failing > 0)
        .then(|| (certainty.to_string(), offenders.into_iter().map(|(n, k)| (n, k == failing)).collect()))
}

/// The record as the language writes it, each uncertain position as `D1..D2`.
fn searched(members: usize, written: &[Written], cond: &str) -> Found {
    let (facts, rules) = record(members, written, &written.iter().map(|w| w.2).collect::<Vec<_>>(), cond);
    let mut lines: Vec<String> = facts.lines().map(String::from).collect();
    for (n, w) in written.iter().enumerate() {
        let line = &mut lines[3 + members + n];
        if w.2 != w.3 {
            *line = line.replacen(
                &format!("2024-01-0{}", w.2),
                &format!("2024-01-0{}..2024-01-0{}", w.2, w.3),
                1,
            );
        }
    }
    let facts = lines.join("\n") + "\n";
    let report = concord::check_text(&[("r.facts", &facts), ("r.rules", &rules)], &Default::default());
    assert!(!report.diagnostics.iter().any(|d| d.is_input_error()), "{facts}{rules}");
    found(&report)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn decisions_over_uncertain_days_are_those_of_every_world(
        members in 1usize..5, written in positions(), cond in condition()
    ) {
        let written: Vec<Written> = written.into_iter().map(|(m, s, a, b)| (m % members, s, a, b)).collect();
        prop_assert_eq!(searched(members, &written, &cond), every_world(members, &written, &cond), "rule {}", cond);
    }
}

/// A body of `n` members of distinct weights, each of whom supported some day in January
/// and opposed on the 15th: each supports or opposes as the day of its support falls.
fn many_uncertain(n: usize, cond: &str) -> concord::report::Report {
    let names: Vec<String> = (0..n).map(|i| format!("M{i}")).collect();
    let mut facts =
        format!("body B.\nmembers of B: {}.\nproposal p: resolve \"x\" in B.\n", names.join(", "));
    for (i, name) in names.iter().enumerate() {
        facts.push_str(&format!("{name} has weight {}.\n", 1000 + i));
        facts.push_str(&format!("2024-01: {name} supports p.\n2024-01-15: {name} opposes p.\n"));
    }
    facts.push_str("2024-02-01: B adopts p.\n");
    let rules = format!("rule r: adopting p requires {cond}.\n");
    concord::check_text(&[("r.facts", &facts), ("r.rules", &rules)], &Default::default())
}

fn certainty(report: &concord::report::Report) -> Option<(&'static str, bool)> {
    let d = report.diagnostics.iter().find(|d| d.code == "violation::decision")?;
    Some((d.certainty?.as_str(), d.message.contains("not decided exactly")))
}

/// Weighted rules are decided exactly, without enumerating worlds, for the 64 members
/// of uncertain stance the specification asks for and more.
#[test]
fn weighted_rules_over_many_uncertain_members_are_decided_exactly() {
    for n in [64, 100] {
        let double = "at least 55% of members support and supporters hold at least 65% of weight";
        assert_eq!(certainty(&many_uncertain(n, double)), Some(("possible", false)), "{n}");
        // Three fifths of the members supporting cannot leave three fifths of the weight to
        // opponents when weights are this close: every world fails, which only a search
        // over the members' sums can show.
        let impossible = "at least 60% of members support and opponents hold at least 60% of weight";
        assert_eq!(certainty(&many_uncertain(n, impossible)), Some(("certain", false)), "{n}");
        let either = "not (at least 60% of members support and opponents hold at least 30% of weight)";
        assert_eq!(certainty(&many_uncertain(n, either)), Some(("possible", false)), "{n}");
    }
}
