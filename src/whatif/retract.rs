//! `--retract "FACT."`: every recorded fact that is the same fact as FACT (the same
//! canonical form, sources ignored) is taken out of the files' syntax trees before the
//! model is built. A statement of several names holds one fact per name: retracting
//! `2024-02-22: Canada supports p.` takes Canada out of `2024-02-22: Belgium, Canada and
//! France support p.` and keeps the others. A retract that matches nothing is an error
//! that names the closest recorded fact.

use super::parts::{self, Parts, Tag};
use super::{with_full_stop, WhatIf};
use crate::report::{Category, Diagnostic, Label, Severity};
use crate::source::{SourceMap, Span, Text};
use crate::syntax::ast::{Fact, File, Names, Statement};
use jiff::civil::Date;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

/// One fact to retract; its list of names, if it has one, holds one name.
struct Retract {
    fact: Fact,
    /// Where it was written, in `<retract N>`.
    span: Span,
}

/// Where a recorded fact is: file, statement, and name in the statement's list.
#[derive(Clone, Copy, Debug)]
struct At {
    file: usize,
    statement: usize,
    name: Option<usize>,
}

/// Closest facts are looked for, in one pass over the record, for this many retracts that
/// match nothing; a pass costs a few look-ups per recorded fact and retract.
const MAX_SEARCHED: usize = 8;

/// Reads each argument as `<retract N>`, takes the facts it names out of the recorded
/// statements of `files` (not those of `--assume`), and records them in `whatif`.
/// Returns the diagnostics: the arguments' syntax errors and the retracts that matched
/// nothing or are not facts.
pub(crate) fn retract(
    files: &mut [File],
    sources: &mut SourceMap,
    whatif: &mut WhatIf,
    args: &[String],
) -> Vec<Diagnostic> {
    let (retracts, mut diagnostics) = read(sources, args);
    if retracts.is_empty() {
        return diagnostics;
    }
    let texts = file_texts(files, sources);
    let (hits, matched) = find(files, &texts, whatif, &retracts);
    let unmatched: Vec<&Retract> =
        retracts.iter().zip(&matched).filter(|(_, m)| !**m).map(|(r, _)| r).collect();
    let near = closest(files, &texts, whatif, &unmatched);
    for (n, r) in unmatched.iter().enumerate() {
        let found = near.get(n).copied().flatten().map(|at| recorded(files, &texts, at));
        diagnostics.push(matches_nothing(r, found, n < MAX_SEARCHED));
    }
    remove(files, hits);
    whatif.retracted =
        retracts.iter().zip(&matched).filter(|(_, m)| **m).map(|(r, _)| canonical(&r.fact)).collect();
    diagnostics
}

/// Parses every argument into the facts it names, one per name.
fn read(sources: &mut SourceMap, args: &[String]) -> (Vec<Retract>, Vec<Diagnostic>) {
    let (mut retracts, mut diagnostics) = (Vec::new(), Vec::new());
    for (n, arg) in args.iter().enumerate() {
        let text = with_full_stop(arg);
        let file = sources.add(format!("<retract {}>", n + 1), text.as_str());
        let (ast, errors) = crate::syntax::parse(&text, file);
        diagnostics.extend(errors.into_iter().map(Diagnostic::from));
        if ast.statements.is_empty() && ast.skipped.is_empty() {
            let whole = Span::new(file, 0, text.len());
            diagnostics.push(not_a_fact(whole, "this `--retract` holds no fact"));
        }
        for statement in &ast.statements {
            match statement.expand(&text) {
                Statement::Fact(fact) => retracts.extend(split(&fact)),
                _ => diagnostics.push(not_a_fact(statement.span(), "a rule cannot be retracted")),
            }
        }
    }
    (retracts, diagnostics)
}

/// The facts of one statement, one per name of its list, without its source.
fn split(fact: &Fact) -> Vec<Retract> {
    let Some(list) = parts::names(&fact.kind).filter(|l| l.items.len() > 1) else {
        return vec![Retract { fact: Fact { source: None, ..fact.clone() }, span: fact.span }];
    };
    // The statement without its names, copied once per name: not the list, which may be long.
    let mut frame = Fact { kind: fact.kind.clone(), source: None, span: fact.span };
    if let Some(names) = parts::names_mut(&mut frame.kind) {
        names.items = Vec::new();
    }
    let one = |name: &crate::syntax::ast::Name| {
        let mut f = frame.clone();
        if let Some(names) = parts::names_mut(&mut f.kind) {
            *names = Names { items: vec![name.clone()], and_last: false };
        }
        Retract { fact: f, span: name.span }
    };
    list.items.iter().map(one).collect()
}

/// The text of each file, by its place in `files` (empty for a file without statements).
fn file_texts(files: &[File], sources: &SourceMap) -> Vec<Arc<Text>> {
    let text = |f: &File| f.statements.first().map(|s| sources.get(s.span().file).text.clone());
    files.iter().map(|f| text(f).unwrap_or_else(|| Arc::new(Text::from(String::new())))).collect()
}

/// Every recorded fact some retract is the same fact as, and which retracts matched.
fn find(files: &[File], texts: &[Arc<Text>], whatif: &WhatIf, retracts: &[Retract]) -> (Vec<At>, Vec<bool>) {
    let mut index: HashMap<Parts, Vec<usize>> = HashMap::default();
    for (n, r) in retracts.iter().enumerate() {
        index.entry(parts::of_kind(&r.fact.kind, name_of(&r.fact))).or_default().push(n);
    }
    // Most recorded facts differ from every retract in form or date: telling them so
    // costs less than hashing their texts.
    let dated: HashSet<(Tag, Option<Date>)> = index.keys().map(|p| (p.tag, p.dates[0])).collect();
    let (mut hits, mut matched) = (Vec::new(), vec![false; retracts.len()]);
    each_recorded(files, texts, whatif, |at, p| {
        if !dated.contains(&(p.tag, p.dates[0])) {
            return;
        }
        if let Some(found) = index.get(&p) {
            hits.push(at);
            found.iter().for_each(|&n| matched[n] = true);
        }
    });
    (hits, matched)
}

/// The one name of a retract's list, if it has one.
fn name_of(fact: &Fact) -> &str {
    parts::names(&fact.kind).and_then(|l| l.items.first()).map_or("", |n| n.text.as_str())
}

/// Calls `each` with every fact of the files that was not given by `--assume`.
fn each_recorded<'a>(
    files: &'a [File],
    texts: &'a [Arc<Text>],
    whatif: &WhatIf,
    mut each: impl FnMut(At, Parts<'a>),
) {
    for (file, (f, src)) in files.iter().zip(texts).enumerate() {
        for (statement, s) in f.statements.iter().enumerate() {
            if !whatif.is_assumed(s.span()) {
                parts::each_fact(s, src, |name, p| each(At { file, statement, name }, p));
            }
        }
    }
}

/// For each of the first [`MAX_SEARCHED`] retracts, the recorded fact of the same form
/// nearest to it (the first in reading order among equals), in one pass.
fn closest(files: &[File], texts: &[Arc<Text>], whatif: &WhatIf, wanted: &[&Retract]) -> Vec<Option<At>> {
    let wanted: Vec<Parts> =
        wanted.iter().take(MAX_SEARCHED).map(|r| parts::of_kind(&r.fact.kind, name_of(&r.fact))).collect();
    let mut memos: Vec<HashMap<(usize, &str), usize>> = vec![HashMap::default(); wanted.len()];
    let mut best: Vec<Option<(usize, At)>> = vec![None; wanted.len()];
    each_recorded(files, texts, whatif, |at, p| {
        for (n, w) in wanted.iter().enumerate().filter(|(_, w)| w.tag == p.tag) {
            let bound = best[n].map_or(usize::MAX, |(b, _)| b);
            if let Some(d) = w.distance_below(&p, &mut memos[n], bound) {
                best[n] = Some((d, at));
            }
        }
    });
    best.into_iter().map(|b| b.map(|(_, at)| at)).collect()
}

/// A recorded fact in canonical form without its source, and where it is.
fn recorded(files: &[File], texts: &[Arc<Text>], at: At) -> (String, Span) {
    let statement = &files[at.file].statements[at.statement];
    let mut fact = match statement.expand(&texts[at.file]) {
        Statement::Fact(f) => *f,
        _ => return (String::new(), statement.span()),
    };
    fact.source = None;
    let mut span = fact.span;
    if let (Some(n), Some(names)) = (at.name, parts::names_mut(&mut fact.kind)) {
        if names.items.len() > 1 {
            span = names.items[n].span;
        }
        *names = Names { items: vec![names.items[n].clone()], and_last: false };
    }
    (canonical(&fact), span)
}

/// A fact as `concord fmt` prints it, on one line.
fn canonical(fact: &Fact) -> String {
    let text = crate::syntax::print_statement(&Statement::Fact(Box::new(fact.clone())), "");
    // The printer wraps long statements with a line end and two spaces; quoted texts
    // cannot hold a line end, so this joins exactly those lines.
    text.replace("\n  ", " ")
}

/// Takes the facts at `hits` out: names out of their lists, and statements with nothing
/// left out of their files.
fn remove(files: &mut [File], mut hits: Vec<At>) {
    hits.sort_by_key(|at| (at.file, at.statement, at.name));
    let mut gone: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    for group in hits.chunk_by(|a, b| (a.file, a.statement) == (b.file, b.statement)) {
        let at = group[0];
        if let Statement::Fact(fact) = &mut files[at.file].statements[at.statement] {
            if let Some(names) = parts::names_mut(&mut fact.kind).filter(|_| at.name.is_some()) {
                // Sorted, as the hits are: a list of many names loses many at once.
                let drop: Vec<usize> = group.iter().filter_map(|a| a.name).collect();
                let mut n = 0;
                names.items.retain(|_| (drop.binary_search(&n).is_err(), n += 1).0);
                names.and_last &= names.items.len() > 1;
                if !names.items.is_empty() {
                    continue;
                }
            }
        }
        gone[at.file].push(at.statement);
    }
    for (file, gone) in files.iter_mut().zip(gone) {
        let mut n = 0;
        file.statements.retain(|_| (gone.binary_search(&n).is_err(), n += 1).0);
    }
}

fn not_a_fact(span: Span, why: &str) -> Diagnostic {
    let label = Label { span, message: "not a fact".into() };
    let mut d =
        Diagnostic::new("fact::retract-not-a-fact", Severity::Error, Category::Fact, why.into(), label);
    d.help =
        Some("give `--retract` one recorded fact, such as \"2024-03-05: Hungary opposes rutte_sg.\"".into());
    d
}

fn matches_nothing(r: &Retract, near: Option<(String, Span)>, searched: bool) -> Diagnostic {
    let text = canonical(&r.fact);
    let label = Label { span: r.span, message: "no recorded fact is this one".into() };
    let message = match &near {
        Some((near, _)) => format!("no recorded fact is `{text}`; the closest is `{near}`"),
        None if searched => format!("no recorded fact is `{text}`, and none is of its form"),
        None => format!("no recorded fact is `{text}`"),
    };
    let mut d =
        Diagnostic::new("fact::retract-matches-nothing", Severity::Error, Category::Fact, message, label);
    d.help = Some(match near {
        Some((near, span)) => {
            d.related.push(Label { span, message: "the closest recorded fact".into() });
            format!("retract a fact as it is recorded (its source may be left out): --retract '{near}'")
        }
        None => "retract a fact as it is recorded in the files (facts given by --assume are not)".into(),
    });
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    /// The recorded file's statements, printed, after retracting `args`; and the codes.
    fn run(record: &str, args: &[&str]) -> (String, Vec<&'static str>, Vec<String>) {
        let mut sources = SourceMap::default();
        let file = sources.add("r.facts", record);
        let (ast, _) = crate::syntax::parse(record, file);
        let mut files = vec![ast];
        let mut whatif = WhatIf::default();
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let diagnostics = retract(&mut files, &mut sources, &mut whatif, &args);
        let printed = crate::syntax::print_file(&files[0], record);
        (printed, diagnostics.iter().map(|d| d.code).collect(), whatif.retracted)
    }

    #[test]
    fn one_name_of_a_list_is_retracted_and_the_others_kept() {
        let record = "2024-02-22: Belgium, Canada and France support p [Politico].\n";
        let (printed, codes, retracted) = run(record, &["2024-02-22: Canada supports p"]);
        assert_eq!(printed, "2024-02-22: Belgium and France support p [Politico].\n");
        assert!(codes.is_empty());
        assert_eq!(retracted, ["2024-02-22: Canada supports p."]);
        let (printed, _, _) = run(record, &["2024-02-22: France, Belgium and Canada support p."]);
        assert_eq!(printed, "");
    }

    #[test]
    fn sources_and_layout_are_ignored() {
        let record = "2024-03-05: Hungary opposes p [Telex].\n2024-03-06: \"Hungary\" opposes p.\n";
        let (printed, codes, _) = run(record, &["2024-03-05:  \"Hungary\" opposes p [Reuters]."]);
        assert_eq!(printed, "2024-03-06: Hungary opposes p.\n");
        assert!(codes.is_empty());
    }

    #[test]
    fn a_retract_that_matches_nothing_names_the_closest_fact() {
        let record = "2024-03-05: Hungary opposes p.\n2024-03-07: Sweden supports p.\n";
        let mut sources = SourceMap::default();
        let file = sources.add("r.facts", record);
        let mut files = vec![crate::syntax::parse(record, file).0];
        let args = ["2024-03-05: Hungary supports p".to_string()];
        let d = retract(&mut files, &mut sources, &mut WhatIf::default(), &args);
        assert_eq!(d[0].code, "fact::retract-matches-nothing");
        assert!(
            d[0].message.ends_with("the closest is `2024-03-05: Hungary opposes p.`"),
            "{}",
            d[0].message
        );
        assert!(d[0].related[0].span.same_place(&Span::new(FileId(0), 0, 30)));
        assert_eq!(files[0].statements.len(), 2);
    }

    #[test]
    fn rules_and_empty_arguments_are_not_facts() {
        let (_, codes, _) = run("body A.\n", &["rule r: adopting p requires unanimity", "  "]);
        assert_eq!(codes, ["fact::retract-not-a-fact", "fact::retract-not-a-fact"]);
        let (_, codes, _) = run("body A.\n", &["body"]);
        assert_eq!(codes, ["syntax::unexpected"]);
    }
}
