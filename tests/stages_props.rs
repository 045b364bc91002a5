//! `appointments to O follow an adopted nomination` against its words in the
//! specification: every adopted `appoint X as O` proposal has a `nominate X as O`
//! proposal adopted on or before its decision, whatever the bodies that decide them.

use proptest::prelude::*;
use std::collections::BTreeSet;

const PERSONS: [&str; 3] = ["Xi", "Yo", "Zu"];

/// A proposal: a nomination (or an appointment), its person, its deciding body (0: the
/// office's, 1: another), and the day it was adopted, if it was.
type Written = (bool, usize, usize, Option<u8>);

fn proposals() -> impl Strategy<Value = Vec<Written>> {
    prop::collection::vec((any::<bool>(), 0..3usize, 0..2usize, prop::option::of(1u8..9)), 0..8)
}

fn record(written: &[Written]) -> String {
    let mut facts = String::from("body Council.\nbody Assembly.\noffice Chair of Assembly.\n");
    for (n, &(nominate, person, body, adopted)) in written.iter().enumerate() {
        let verb = if nominate { "nominate" } else { "appoint" };
        let by = ["Assembly", "Council"][body];
        facts.push_str(&format!("proposal p{n}: {verb} {} as Chair of Assembly by {by}.\n", PERSONS[person]));
        if let Some(day) = adopted {
            facts.push_str(&format!("2024-01-0{day}: {by} adopts p{n}.\n"));
        }
    }
    facts
}

/// The appointments the rule reports, by the specification's words.
fn reference(written: &[Written]) -> BTreeSet<String> {
    let nominated = |person: usize, day: u8| {
        written
            .iter()
            .any(|&(nominate, p, _, adopted)| nominate && p == person && adopted.is_some_and(|d| d <= day))
    };
    written
        .iter()
        .enumerate()
        .filter(|(_, &(nominate, person, _, adopted))| {
            !nominate && adopted.is_some_and(|d| !nominated(person, d))
        })
        .map(|(n, _)| format!("p{n}"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn an_appointment_needs_a_nomination_of_its_person_adopted_by_its_decision(written in proposals()) {
        let rules = "rule r: appointments to Chair of Assembly follow an adopted nomination.\n";
        let facts = record(&written);
        let report = concord::check_text(&[("s.facts", &facts), ("r.rules", rules)], &Default::default());
        let found: BTreeSet<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "violation::unnominated")
            .filter_map(|d| d.subject.clone())
            .collect();
        let others: Vec<&str> = report.diagnostics.iter().map(|d| d.code).filter(|c| *c != "violation::unnominated" && *c != "rule::matches-nothing").collect();
        prop_assert!(others.is_empty(), "{:?}\n{}", others, facts);
        prop_assert_eq!(found, reference(&written), "{}", facts);
    }
}
