//! `status`'s "who must still be convinced": the suggested members, coming round to
//! support, make the rule pass; and on small bodies no smaller set does (brute force).

use concord::check::{convince, eval, Convince, Tally};
use concord::model::{RuleForm, Stance, StanceAt};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

fn config() -> ProptestConfig {
    ProptestConfig { cases: 300, ..ProptestConfig::default() }
}

#[derive(Clone, Debug)]
struct Body {
    /// Per member: stance (0 support, 1 oppose, 2 abstain, 3 none), in group G, weight.
    members: Vec<(u8, bool, u32)>,
    condition: String,
}

const VERBS: [&str; 3] = ["supports", "opposes", "abstains on"];

impl Body {
    fn facts(&self) -> String {
        let names: Vec<String> = (0..self.members.len()).map(|i| format!("m{i}")).collect();
        let mut out = format!("body B.\nmembers of B: {}.\n", names.join(", "));
        let group: Vec<&str> =
            names.iter().zip(&self.members).filter(|(_, m)| m.1).map(|(n, _)| n.as_str()).collect();
        if !group.is_empty() {
            out.push_str(&format!("group G of B: {}.\n", group.join(", ")));
        }
        out.push_str("proposal p: resolve \"x\" in B.\n");
        for (name, (stance, _, weight)) in names.iter().zip(&self.members) {
            out.push_str(&format!("{name} has weight {weight}.\n"));
            if let Some(verb) = VERBS.get(*stance as usize) {
                out.push_str(&format!("2024-01-01: {name} {verb} p.\n"));
            }
        }
        out.push_str(&format!("rule r: adopting p requires {}.\n", self.condition));
        out
    }
}

/// Conditions that more support never breaks: the domain where the search is exact.
fn atom(n: usize, group: bool) -> BoxedStrategy<String> {
    let mut atoms = vec![
        Just("unanimity".to_string()).boxed(),
        Just("consensus".to_string()).boxed(),
        (0..=n + 1).prop_map(|k| format!("at least {k} members support")).boxed(),
        (1u32..=4, 1u32..=4)
            .prop_map(|(p, q)| format!("at least {}/{} of members support", p.min(q), q))
            .boxed(),
        Just("more than half of members support".to_string()).boxed(),
        (1..=n + 1).prop_map(|k| format!("fewer than {k} members oppose")).boxed(),
        (0u32..=100).prop_map(|p| format!("supporters hold at least {p}% of weight")).boxed(),
        (0u32..=100).prop_map(|p| format!("opponents hold at most {p}% of weight")).boxed(),
    ];
    if group {
        atoms.push(Just("all G support".to_string()).boxed());
        atoms.push(Just("no member of G opposes".to_string()).boxed());
        atoms.push((0..=3usize).prop_map(|k| format!("at least {k} members of G support")).boxed());
    }
    proptest::strategy::Union::new(atoms).boxed()
}

/// Conditions that more support may break: `exactly`, upper bounds on supporters, lower
/// bounds on opponents, `not`.
fn any_atom(n: usize, group: bool) -> BoxedStrategy<String> {
    let others = vec![
        atom(n, group),
        (0..=n).prop_map(|k| format!("exactly {k} members support")).boxed(),
        (0..=n).prop_map(|k| format!("at most {k} members support")).boxed(),
        (0..=n).prop_map(|k| format!("at least {k} members oppose")).boxed(),
        (0u32..=100).prop_map(|p| format!("supporters hold at most {p}% of weight")).boxed(),
        atom(n, group).prop_map(|a| format!("not ({a})")).boxed(),
    ];
    proptest::strategy::Union::new(others).boxed()
}

fn body() -> impl Strategy<Value = Body> {
    body_with(atom)
}

fn body_with(atoms: fn(usize, bool) -> BoxedStrategy<String>) -> impl Strategy<Value = Body> {
    prop::collection::vec((0u8..4, any::<bool>(), 1u32..30), 1..8).prop_flat_map(move |members| {
        let group = members.iter().any(|m| m.1);
        let a = atoms(members.len(), group);
        let condition = prop_oneof![
            a.clone(),
            (a.clone(), a.clone()).prop_map(|(x, y)| format!("{x} and {y}")),
            (a.clone(), a.clone()).prop_map(|(x, y)| format!("{x} or {y}")),
            (a.clone(), a.clone(), a).prop_map(|(x, y, z)| format!("({x} or {y}) and {z}")),
        ];
        (Just(members), condition).prop_map(|(members, condition)| Body { members, condition })
    })
}

/// Whether the condition holds once the members at `chosen` support.
fn holds_with(cond: &concord::model::Cond, tally: &Tally, chosen: &[usize]) -> bool {
    let mut members = tally.members.clone();
    for &i in chosen {
        members[i].1 = StanceAt { stance: Stance::Support, position: None };
    }
    let changed = tally.with_stances(members);
    eval(cond, &changed).unwrap()
}

/// The size of the smallest set of non-supporters that makes the condition hold.
fn brute_force(cond: &concord::model::Cond, tally: &Tally) -> Option<usize> {
    let others: Vec<usize> =
        (0..tally.members.len()).filter(|&i| tally.members[i].1.stance != Stance::Support).collect();
    (0u32..1 << others.len())
        .filter(|mask| {
            let chosen: Vec<usize> =
                others.iter().enumerate().filter(|(b, _)| mask >> b & 1 == 1).map(|(_, &i)| i).collect();
            holds_with(cond, tally, &chosen)
        })
        .map(|mask| mask.count_ones() as usize)
        .min()
}

/// The facts with the suggested members supporting and the proposal adopted: no violation.
fn passes_when_convinced(b: &Body, names: &[String]) -> bool {
    let mut facts = b.facts();
    for name in names {
        facts.push_str(&format!("2024-01-02: {name} supports p.\n"));
    }
    facts.push_str("2024-01-02: B adopts p.\n");
    let report = concord::check_text(&[("case.facts", &facts)], &concord::Options::default());
    report.diagnostics.iter().all(|d| d.code != "violation::decision")
}

/// The rule, its tally, and the smallest set brute force finds, for a generated body.
fn outcome(
    b: &Body,
    check: impl Fn(&concord::model::Model, Convince, Option<usize>) -> Result<(), TestCaseError>,
) -> Result<(), TestCaseError> {
    let analysis = concord::analyse_text(&[("case.facts", &b.facts())], &concord::Options::default());
    let model = &analysis.model;
    let RuleForm::Adopting { condition, .. } = &model.rules[0].form else { unreachable!() };
    let proposal = concord::views::find_proposal(model, "p").unwrap();
    let tally = Tally::at(model, proposal, model.now);
    check(model, convince(condition, &tally), brute_force(condition, &tally))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_suggested_set_makes_the_rule_pass_and_impossible_means_impossible(b in body_with(any_atom)) {
        outcome(&b, |model, found, smallest| {
            match found {
                Convince::Holds => prop_assert_eq!(smallest, Some(0)),
                Convince::Impossible => prop_assert_eq!(smallest, None),
                Convince::NotFound | Convince::Unevaluable(_) => {}
                Convince::Members { members, smallest: proved } => {
                    let names: Vec<String> = members.iter().map(|m| model.name(*m).to_string()).collect();
                    prop_assert!(passes_when_convinced(&b, &names), "{:?} do not make it pass", names);
                    let least = smallest.expect("a set works, so brute force finds one");
                    prop_assert!(members.len() >= least);
                    prop_assert!(!proved || members.len() == least, "{:?} is said to be smallest", names);
                }
            }
            Ok(())
        })?;
    }

    #[test]
    fn the_suggested_set_makes_the_rule_pass_and_no_smaller_set_does(b in body()) {
        outcome(&b, |model, found, smallest| {
            match found {
                Convince::Holds => prop_assert_eq!(smallest, Some(0)),
                Convince::Impossible => prop_assert_eq!(smallest, None),
                other @ (Convince::NotFound | Convince::Unevaluable(_)) => {
                    prop_assert!(false, "a monotone condition with every weight known: {:?}", other)
                }
                Convince::Members { members, smallest: proved } => {
                    let names: Vec<String> = members.iter().map(|m| model.name(*m).to_string()).collect();
                    prop_assert!(passes_when_convinced(&b, &names), "{:?} do not make it pass", names);
                    prop_assert_eq!(Some(members.len()), smallest, "{:?} is not a smallest set", names);
                    prop_assert!(proved);
                }
            }
            Ok(())
        })?;
    }
}
