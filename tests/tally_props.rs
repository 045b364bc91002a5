//! Recorded votes against the same votes written as named positions: a rule on counts
//! gives the same verdict and the same figures whether a decision's votes are named, or
//! recorded by counts for a counted body, or both (a tally that matches the positions).

use proptest::prelude::*;

const STANCES: [&str; 4] = ["supports", "opposes", "abstains on", "withdraws from"];

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("unanimity".to_string()),
        Just("consensus".to_string()),
        (0..7u8).prop_map(|k| format!("at least {k} members support")),
        (0..7u8).prop_map(|k| format!("exactly {k} members oppose")),
        Just("more than half of members support".to_string()),
        Just("at least 2/3 of voters support".to_string()),
        Just("fewer than 1/3 of voters oppose".to_string()),
        Just("at least half of members vote".to_string()),
        Just("no members abstain".to_string()),
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

/// Each member's stance on the decision day: an index of `STANCES`, or none.
fn stances() -> impl Strategy<Value = Vec<Option<usize>>> {
    prop::collection::vec(prop::option::of(0..4usize), 1..7)
}

fn counts(stances: &[Option<usize>]) -> [usize; 3] {
    let n = |s: usize| stances.iter().filter(|x| **x == Some(s)).count();
    [n(0), n(1), n(2)]
}

/// The record: named members with their positions, a counted body with its vote, or a
/// named body with both.
fn record(stances: &[Option<usize>], named: bool, tallied: bool) -> String {
    let names: Vec<String> = (0..stances.len()).map(|i| format!("M{i}")).collect();
    let mut facts = String::from("body B.\nproposal p: resolve \"x\" in B.\n");
    if named {
        facts.push_str(&format!("members of B: {}.\n", names.join(", ")));
        for (name, s) in names.iter().zip(stances) {
            if let Some(s) = s {
                facts.push_str(&format!("2024-01-01: {name} {} p.\n", STANCES[*s]));
            }
        }
    } else {
        facts.push_str(&format!("2024-01-01: B has {} members.\n", stances.len()));
    }
    if tallied {
        let [f, a, b] = counts(stances);
        facts.push_str(&format!("2024-01-02: B votes on p: {f} for, {a} against and {b} abstaining.\n"));
    }
    facts.push_str("2024-01-02: B adopts p.\n");
    facts
}

/// Every diagnostic as (code, message), and whether any is an input error.
fn verdict(facts: &str, cond: &str) -> Vec<(String, String)> {
    let rules = format!("rule r: adopting p requires {cond}.\n");
    let report = concord::check_text(&[("r.facts", facts), ("r.rules", &rules)], &Default::default());
    report.diagnostics.iter().map(|d| (d.code.to_string(), d.message.clone())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_recorded_vote_decides_as_the_same_named_votes(stances in stances(), cond in condition()) {
        let named = verdict(&record(&stances, true, false), &cond);
        prop_assert_eq!(&verdict(&record(&stances, false, true), &cond), &named, "counted body, rule {}", cond);
        prop_assert_eq!(&verdict(&record(&stances, true, true), &cond), &named, "matching tally, rule {}", cond);
    }
}
