//! The search over worlds against enumerating every world: for any condition over any
//! atoms, and members with any possible stances, the same verdict.

use concord::check::worlds::{verdict, Goal, Member, Space, Test, Verdict};
use concord::model::Compare;
use proptest::prelude::*;
use std::ops::Not;

fn compare() -> impl Strategy<Value = Compare> {
    prop_oneof![
        Just(Compare::AtLeast),
        Just(Compare::AtMost),
        Just(Compare::MoreThan),
        Just(Compare::FewerThan),
        Just(Compare::Exactly),
    ]
}

fn test() -> impl Strategy<Value = Test> {
    (compare(), 1u128..4, 0u128..14, prop::bool::weighted(0.9))
        .prop_map(|(compare, den, num, size_ok)| Test { compare, den, num: (0, num), size_ok })
}

fn goal(atoms: usize) -> impl Strategy<Value = Goal> {
    let leaf = prop_oneof![(0..atoms).prop_map(Goal::Holds), (0..atoms).prop_map(Goal::Below)];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(Not::not),
            prop::collection::vec(inner.clone(), 1..4).prop_map(Goal::And),
            prop::collection::vec(inner, 1..4).prop_map(Goal::Or),
        ]
    })
}

/// Members that count (0 or 1 per atom) or weigh (up to 5), with one to four options.
fn space(atoms: usize) -> impl Strategy<Value = Space> {
    let option = prop::collection::vec(prop_oneof![3 => 0u128..2, 1 => 0u128..6], atoms);
    let member = prop::collection::vec(option, 1..5).prop_map(|options| Member { options });
    (
        prop::collection::vec(test(), atoms),
        prop::collection::vec(0u128..5, atoms),
        prop::collection::vec(member, 0..7),
    )
        .prop_map(|(tests, base, members)| Space { tests, base, members })
}

/// Every world's outcome: (some world makes the goal true, some makes it false).
fn enumerate(space: &Space, goal: &Goal) -> (bool, bool) {
    let mut outcomes = (false, false);
    let mut choice = vec![0; space.members.len()];
    loop {
        let mut q = space.base.clone();
        for (m, &o) in space.members.iter().zip(&choice) {
            q.iter_mut().zip(&m.options[o]).for_each(|(q, add)| *q += add);
        }
        match space.eval(goal, &q) {
            true => outcomes.0 = true,
            false => outcomes.1 = true,
        }
        // The next choice, as an odometer.
        let Some(i) = (0..choice.len()).find(|&i| choice[i] + 1 < space.members[i].options.len()) else {
            return outcomes;
        };
        choice[i] += 1;
        choice[..i].iter_mut().for_each(|c| *c = 0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_verdict_is_that_of_every_world((space, goal) in (1usize..4).prop_flat_map(|a| (space(a), goal(a)))) {
        let (some_true, some_false) = enumerate(&space, &goal);
        prop_assert_eq!(space.exists(&goal), Some(some_true));
        prop_assert_eq!(space.exists(&goal.clone().not()), Some(some_false));
        let expected = match (some_true, some_false) {
            (true, false) => Verdict::Holds,
            (false, true) => Verdict::Fails,
            _ => Verdict::Possible { exact: true },
        };
        prop_assert_eq!(verdict(&space, &goal), expected);
    }
}
