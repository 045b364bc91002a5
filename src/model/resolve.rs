//! From syntax trees to the model: declarations first, then facts, then rules.
//!
//! The stages, each in its own file, build on [`Resolver`] (`declare.rs`) and never on
//! each other: `facts.rs` and `positions.rs` read and check facts, `rules.rs` rules.

use super::declare::Resolver;
use super::err::ModelError;
use super::skipped::Skipped;
use super::streamed::Streamed;
use super::*;
use crate::source::SourceMap;
use crate::syntax::ast::{self, FactKind, Statement};

/// Resolves every file of a run into one model, with every error found on the way.
/// `as_of` fixes *now*; without it, *now* is the latest date among the valid facts (a
/// term's by its last day, the day before its `to`). The files are as `syntax::parse`
/// gives them, their flat positions kept (see [`resolve_streamed`] for the others).
pub fn resolve(files: &[ast::File], sources: &SourceMap, as_of: Option<Date>) -> (Model, Vec<ModelError>) {
    let mut r = Resolver::new(sources);
    let rules = read(&mut r, files);
    r.collect_positions(super::positions::pieces(files));
    finish(r, &rules, as_of)
}

/// As [`resolve`], dropping the syntax trees once their facts are read: each tree (a
/// large file comes in pieces, see `syntax::parse_pieces`) is freed as soon as its
/// positions are read, and the positions are sorted and checked without any tree held
/// (the rules, few and small, are kept as a copy).
pub fn resolve_owned(
    files: Vec<ast::File>,
    sources: &SourceMap,
    as_of: Option<Date>,
) -> (Model, Vec<ModelError>) {
    let mut r = Resolver::new(sources);
    let rules: Vec<ast::Rule> = read(&mut r, &files).into_iter().cloned().collect();
    r.collect_positions(files);
    finish(r, &rules.iter().collect::<Vec<_>>(), as_of)
}

/// As [`resolve_owned`], for files parsed with sinks of their flat positions
/// (`syntax::parse_into`), `streamed`. Gives the same model and errors.
pub fn resolve_streamed(
    files: Vec<ast::File>,
    streamed: Vec<Streamed>,
    sources: &SourceMap,
    as_of: Option<Date>,
) -> (Model, Vec<ModelError>) {
    let mut r = Resolver::new(sources);
    let rules: Vec<ast::Rule> = read(&mut r, &files).into_iter().cloned().collect();
    // A sink takes every flat position: any left in the files are read as usual.
    let kept = |f: &ast::File| f.statements.iter().any(|s| matches!(s, Statement::Position(_)));
    if files.iter().any(kept) {
        r.collect_positions(files);
    }
    r.collect_streamed(streamed);
    finish(r, &rules.iter().collect::<Vec<_>>(), as_of)
}

/// Reads the declarations and facts of `files` (not yet the flat positions); returns
/// their rules.
fn read<'f>(r: &mut Resolver, files: &'f [ast::File]) -> Vec<&'f ast::Rule> {
    let sources = r.sources;
    r.skipped = Skipped::new(files.iter().flat_map(|f| f.skipped.iter().map(|s| sources.slice(*s))));
    // Flat positions are the bulk of a large record: one pass sets the other statements
    // apart (declarations, other facts, rules), in reading order.
    let (mut declarations, mut facts, mut rules, mut tests) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // A file parsed with a sink keeps the places of its statements among those read.
    let numbered = files.iter().scan(0, |first, f| {
        let base = *first;
        *first += f.count();
        Some(f.numbered().map(move |(n, s)| (base + n, s)))
    });
    for (order, s) in numbered.flatten() {
        match s {
            Statement::Position(_) => {}
            Statement::Rule(rule) => rules.push(&**rule),
            Statement::Test(test) => tests.push(&**test),
            Statement::Fact(fact) => {
                if is_declaration(fact) {
                    declarations.push(s);
                }
                facts.push((order as u32, s));
            }
        }
    }
    declarations.iter().for_each(|s| r.find_duplicate(s));
    declarations.iter().for_each(|s| r.declare_body(s));
    declarations.iter().for_each(|s| r.declare_office_or_group(s));
    declarations.iter().for_each(|s| r.declare_proposal(s));
    for (order, s) in facts {
        r.collect_fact(s, order);
    }
    // Tests only name rules: checked here, while the trees are at hand.
    r.check_tests(&tests, &rules);
    rules
}

/// Checks and indexes the facts read, then resolves the rules.
fn finish(mut r: Resolver, rules: &[&ast::Rule], as_of: Option<Date>) -> (Model, Vec<ModelError>) {
    finish_facts(&mut r, as_of);
    r.point_at_unused_members();
    rules.iter().for_each(|rule| r.resolve_rule(rule));
    r.check_rule_names(rules.iter().map(|rule| &rule.name));
    r.m.rank_names();
    (r.m, r.errors)
}

fn is_declaration(fact: &ast::Fact) -> bool {
    matches!(
        fact.kind,
        FactKind::Body(_) | FactKind::Office(_) | FactKind::Group { .. } | FactKind::Proposal { .. }
    )
}

/// Fixes *now*, then checks the facts against each other and indexes them.
fn finish_facts(r: &mut Resolver, as_of: Option<Date>) {
    // Without `--as-of`, every fact is read and checked, and *now* is then the latest
    // date among those that stand: none of them lies after it, so none is cut, but the
    // last day of a term is the day before its `to`, so a term may end after *now*.
    r.m.now = as_of.unwrap_or(Date::MAX);
    r.build_memberships();
    r.build_sizes();
    r.check_group_members();
    r.build_attributes();
    r.build_ends();
    r.check_competing_adoptions();
    r.expand_members_positions();
    r.build_positions();
    r.build_tallies();
    r.build_terms();
    let now = as_of.or_else(|| r.latest_valid()).or(r.raw.latest_read);
    r.m.dated = now.is_some();
    r.m.now = now.unwrap_or(Date::MAX);
    r.cut_terms();
}
