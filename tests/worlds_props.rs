//! The search over worlds against enumerating every world: for any condition over any
//! atoms, and members with any possible stances, the same verdict.

use concord::check::worlds::{possible_stances, verdict, Goal, Member, Space, Test, Verdict};
use concord::model::{Compare, Position, Stance, Sym};
use concord::source::{FileId, Span};
use jiff::civil::{date, Date};
use proptest::prelude::*;
use std::collections::BTreeMap;
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

/// Positions of one member: first possible day, last possible day, stance, in reading
/// order, on days counted from 2024-01-01.
fn positions() -> impl Strategy<Value = Vec<(i32, i32, Stance)>> {
    let stance =
        prop_oneof![Just(Stance::Support), Just(Stance::Oppose), Just(Stance::Abstain), Just(Stance::None)];
    prop::collection::vec((0i32..6, 0i32..4, stance).prop_map(|(a, len, s)| (a, a + len, s)), 0..5)
}

fn day(n: i32) -> Date {
    date(2024, 1, 1) + jiff::Span::new().days(n)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Every stance some placing of the days gives, each with the latest day it can date from.
    #[test]
    fn possible_stances_are_those_of_every_placing_of_the_days(written in positions(), on in 0i32..8) {
        let member: Sym = lasso::Key::try_from_usize(0).unwrap();
        let model: Vec<(Position, Date)> = written.iter().enumerate().map(|(n, &(first, last, stance))| {
            let span = Span::new(FileId(0), n * 10, n * 10 + 5);
            (Position::new(member, day(last), stance, span, None), day(first))
        }).collect();
        let mut expected: BTreeMap<&str, i32> = BTreeMap::new();
        let mut placing: Vec<i32> = written.iter().map(|w| w.0).collect();
        loop {
            // The latest position on or before the day, the later in reading order on a tie.
            let taken = (0..written.len()).filter(|&i| placing[i] <= on).max_by_key(|&i| (placing[i], i));
            let (stance, since) = taken.map_or(("none", -1), |i| (written[i].2.as_str(), placing[i]));
            let kept = expected.entry(stance).or_insert(since);
            *kept = (*kept).max(since);
            let Some(i) = (0..written.len()).find(|&i| placing[i] < written[i].1) else { break };
            placing[i] += 1;
            (0..i).for_each(|j| placing[j] = written[j].0);
        }
        let found: BTreeMap<&str, i32> = possible_stances(&model, day(on)).into_iter()
            .map(|(s, p)| (s.as_str(), p.map_or(-1, |p| (p.date.min(day(on)) - day(0)).get_days())))
            .collect();
        prop_assert_eq!(found, expected);
    }
}
