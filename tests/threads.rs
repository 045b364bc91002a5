//! Threads never change a result: the JSON report of a generated workload, and the
//! syntax tree (spans included) of files with errors and comments near every cut; nor does
//! dropping the syntax trees once their facts are read, nor reading positions as they are
//! parsed.

#[path = "../benches/workload.rs"]
mod workload;

use concord::source::FileId;
use std::process::Command;

fn facts(positions: usize) -> String {
    workload::facts(workload::Size { members: 200, proposals: 50, positions, seed: 3 })
}

/// Over parse::SPLIT_MIN (1 MB), so that the file is cut, with some faulty lines, and
/// positions of every kind of trouble, new names and new sources in each thread's share;
/// every tenth position is known only within some days (`D1..D2`).
fn troubled_facts() -> String {
    let mut text = with_intervals(&facts(45_000));
    let troubles = "2003-02-31: m1 supports p1.\n2003-01-01 m2 opposes p2.\n\
                    2022-01-01: m1 supports p1.\n2005-01-01: stranger supports p1.\n\
                    2005-01-01: m2 supports nosuch.\n2005-05-05: m3 supports p3.\n\
                    2005-05-05: m3 opposes p3.\n2020-12-31: m4 opposes p4 [A fresh source].\n\
                    2005-01-01: \"m5\" opposes p5.\n2001-01-01: late joins Assembly.\n\
                    2000-06-01: late supports p6.\n2020-12-31: m6 and m7 oppose p7 [Another].\n\
                    2005-01-01: stränger opposes p8 [Café].\n\
                    2020-12-20..2021-12-31: m8 supports p9.\n2022-01-01..2022-01-05: m9 supports p9.\n\
                    2004-06-20..2004-07-10: m10 opposes p10.\n2005-01-01..2005-01-03: stranger supports p1.\n\
                    2000-06-01..2001-06-01: late supports p11.\n2005-05-01..2005-05-09: m3 supports p3.\n\
                    2005-05-09..2005-05-01: m3 supports p3.\n2005-05-05..2005-05-05: m12 opposes p12.\n\
                    2005-01-01..2005-02-01: m13 withdraws from p13 [A fresh source].\n";
    for at in [text.len() * 9 / 10, text.len() / 2, text.len() / 10] {
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        text.insert_str(line_start, troubles);
    }
    assert!(text.len() > 1 << 20);
    text
}

/// Every tenth position of `text` made `D..D+K` (K from 1 to 9): the last day is the
/// day it had, so that most verdicts stay, and some become uncertain.
fn with_intervals(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    let mut positions = 0;
    for line in text.lines() {
        match line
            .get(..11)
            .filter(|d| d.ends_with(':'))
            .and_then(|d| d[..10].parse::<jiff::civil::Date>().ok())
        {
            Some(last) => {
                positions += 1;
                let days = (positions % 9 + 1) as i64;
                match positions % 10 {
                    0 => {
                        let first = last.checked_sub(jiff::Span::new().days(days)).unwrap();
                        out.push_str(&format!("{first}..{line}\n"));
                    }
                    _ => out.push_str(&format!("{line}\n")),
                }
            }
            None => out.push_str(&format!("{line}\n")),
        }
    }
    out
}

/// `concord check` drops the syntax trees once their facts are read (`resolve_owned`):
/// the model's errors and the checks' findings are those of resolving with the trees held.
#[test]
fn dropping_the_trees_early_changes_no_finding() {
    let mut sources = concord::source::SourceMap::default();
    let file = sources.add("bench.facts", troubled_facts());
    let rules = sources.add("bench.rules", workload::rules());
    let parse = |id| concord::syntax::parse(&sources.get(id).text, id).0;
    let files = vec![parse(file), parse(rules)];
    let (held, held_errors) = concord::model::resolve(&files, &sources, None);
    let (owned, owned_errors) = concord::model::resolve_owned(files, &sources, None);
    assert!(held_errors.len() > 5);
    assert_eq!(format!("{held_errors:?}"), format!("{owned_errors:?}"));
    let (held, owned) = (concord::check::check(&held), concord::check::check(&owned));
    assert!(!held.violations.is_empty());
    assert_eq!(format!("{held:?}"), format!("{owned:?}"));
}

/// `concord check` hands flat positions to the model as they are parsed
/// (`resolve_streamed`): the model's errors and the checks' findings are those of the
/// general path, on any number of threads and pieces, with the declarations first or last,
/// and with an `--as-of` that leaves out the later positions of every group of proposals.
#[test]
fn streaming_the_positions_changes_no_finding() {
    let troubled = troubled_facts();
    let declarations = troubled.find("\n2").expect("positions after the declarations") + 1;
    let last = format!("{}{}", &troubled[declarations..], &troubled[..declarations]);
    let as_of: jiff::civil::Date = "2004-06-30".parse().unwrap();
    for (text, as_of) in [(troubled.clone(), None), (last, None), (troubled, Some(as_of))] {
        let mut sources = concord::source::SourceMap::default();
        let file = sources.add("bench.facts", text);
        let rules = sources.add("bench.rules", workload::rules());
        let parse = |id| concord::syntax::parse(&sources.get(id).text, id).0;
        let (general, general_errors) =
            concord::model::resolve(&[parse(file), parse(rules)], &sources, as_of);
        assert!(general_errors.len() > 5);
        let (general, general_positions) = (concord::check::check(&general), standing(&general));
        assert!(as_of.is_some() || !general.violations.is_empty());
        for (threads, pieces) in [(1, 1), (2, 2), (2, 6), (3, 3), (3, 9)] {
            let text = &sources.get(file).text;
            let sink = concord::model::Streamed::default;
            let (mut files, streamed, _) = concord::syntax::into_on(text, file, (threads, pieces), &sink);
            assert_eq!(streamed.len(), threads, "{threads} threads");
            files.push(parse(rules));
            let (model, errors) = concord::model::resolve_streamed(files, streamed, &sources, as_of);
            let case = format!("{threads} threads, {pieces} pieces, as of {as_of:?}");
            assert_eq!(format!("{general_errors:?}"), format!("{errors:?}"), "{case}");
            assert!(general_positions == standing(&model), "{case}: other positions stand");
            assert_eq!(format!("{general:?}"), format!("{:?}", concord::check::check(&model)), "{case}");
        }
    }
}

/// Each proposal's positions that stand, as member, date, stance and place.
fn standing(model: &concord::model::Model) -> Vec<Vec<(String, String, &'static str, u32)>> {
    let position = |p: &concord::model::Position| {
        (model.name(p.member).to_string(), p.date.to_string(), p.stance().as_str(), p.span.start)
    };
    model
        .proposals
        .iter()
        .map(|prop| model.positions[prop.positions.clone()].iter().map(position).collect())
        .collect()
}

#[test]
fn json_report_is_the_same_on_one_two_and_three_threads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("facts")).unwrap();
    std::fs::create_dir_all(dir.path().join("rules")).unwrap();
    let text = troubled_facts();
    std::fs::write(dir.path().join("facts/bench.facts"), text).unwrap();
    std::fs::write(dir.path().join("rules/bench.rules"), workload::rules()).unwrap();
    let run = |threads: &str| {
        let out = check_json(dir.path(), threads);
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let one = run("1");
    let report = String::from_utf8_lossy(&one);
    for code in [
        "syntax::invalid-date",
        "fact::position-after-end",
        "name::undeclared-member",
        "name::undeclared-proposal",
        "fact::stance-conflict",
        "fact::not-a-member",
        "violation::decision",
    ] {
        assert!(report.contains(&format!("\"{code}\"")), "no {code} in the report");
    }
    assert!(report.contains("A fresh source") && report.contains("Another"));
    assert!(one == run("2"), "2 threads changed the report");
    assert!(one == run("3"), "3 threads changed the report");
}

#[test]
fn cutting_a_file_never_changes_its_tree_or_errors() {
    let base = facts(3_000);
    let lines: Vec<&str> = base.lines().collect();
    let oddities = [
        "# a comment that ends with a period.",
        "2004-01-01: m3 supports p3 # a comment.",
        "2004-01-01: m3 supports",
        "  p4.",
        "2004-01-01: m5 supports p5 [unterminated.",
        "2004-13-01: m6 supports p6.",
        "m7 has weight 12.5.",
        "2004-01-01: m8 opposes p8.2004-01-02: m8 supports p8.",
        "2004-01-01: \"m9\" supports p9.",
        "rule r: adopting p1 requires unanimity because \"a. b.\".",
    ];
    // Every oddity at many places, each once at a time and all together.
    for (k, odd) in oddities.iter().enumerate() {
        for at in [1, 7, lines.len() / 3, lines.len() / 2, lines.len() / 2 + 1, lines.len() * 2 / 3] {
            let mut with: Vec<&str> = lines.clone();
            with.insert(at.min(with.len()), odd);
            check_same(&(with.join("\n") + "\n"), k);
        }
    }
    let mut all = lines.clone();
    for (k, odd) in oddities.iter().enumerate() {
        all.insert(lines.len() * (k + 1) / (oddities.len() + 1), odd);
    }
    check_same(&all.join("\r\n"), 99);
}

/// A body's weights, one attribute fact a line, are cut between facts like positions
/// are, whatever lies near the cut: a list of members over several lines, comments that
/// end with a period, a line that only looks like an attribute fact.
#[test]
fn a_file_of_attribute_facts_is_cut_and_reads_the_same() {
    let weights: Vec<String> =
        (0..24_000).map(|n| format!("a_member_of_the_assembly_{n} has weight {}.", n % 97 + 1)).collect();
    let text = weights.join("\n") + "\n";
    assert!(text.len() > 1 << 20);
    let (pieces, _) = concord::syntax::pieces_on(&text, FileId(0), 2, 2);
    assert_eq!(pieces.len(), 2, "the file was not cut");
    check_same(&text, 100);
    let lines: Vec<&str> = weights.iter().map(String::as_str).collect();
    let oddities = [
        "members of B: m1, # listed.\nm2 has weight 3.\nm3.",
        "# m1 has weight 1.",
        "m1 has weight # a comment.\nm1 has weight 2.\n3.",
        "m1 has weight 2. m2 has weight 3.",
        "has has weight 2.",
        "\"m 1\" has weight 2.",
    ];
    for (k, odd) in oddities.iter().enumerate() {
        let mut with = lines.clone();
        with.insert(lines.len() / 2, odd);
        check_same(&(with.join("\n") + "\n"), 100 + k);
    }
}

/// The tree of one thread, that of several, and the statements of the pieces that
/// `concord check` keeps apart, in order, are the same.
fn check_same(text: &str, case: usize) {
    let one = concord::syntax::parse_on(text, FileId(0), 1);
    for threads in 2..=5 {
        let many = concord::syntax::parse_on(text, FileId(0), threads);
        assert_eq!(format!("{one:?}"), format!("{many:?}"), "case {case}, {threads} threads");
        for pieces in [threads, threads * 3] {
            let (pieces, errors) = concord::syntax::pieces_on(text, FileId(0), threads, pieces);
            let statements: Vec<_> = pieces.iter().flat_map(|p| &p.statements).collect();
            assert_eq!(
                format!("{:?}", one.0.statements.iter().collect::<Vec<_>>()),
                format!("{statements:?}")
            );
            assert_eq!(format!("{:?}", one.1), format!("{errors:?}"), "case {case}, {threads} threads");
        }
    }
}

/// Names that look alike are found among the members of a body too large for one thread,
/// the warning naming the first declared of the two, whatever the number of threads.
#[test]
fn lookalikes_among_many_members_are_found_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut members: Vec<String> = (0..25_000).map(|n| format!("m{n}")).collect();
    members.push("rn17".into()); // `rn` passes for `m`
    let facts = format!("body Assembly.\nmembers of Assembly: {}.\n", members.join(", "));
    std::fs::write(dir.path().join("body.facts"), facts).unwrap();
    let run = |threads: &str| String::from_utf8(check_json(dir.path(), threads).stdout).unwrap();
    let one = run("1");
    assert!(one.contains("the member name `rn17` looks like `m17` but is another name"), "{one}");
    assert_eq!(one.matches("name::lookalike").count(), 1);
    assert_eq!(one, run("2"));
    assert_eq!(one, run("3"));
}

/// `concord check --format json` of `path` on `threads` threads.
fn check_json(path: &std::path::Path, threads: &str) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_concord"));
    command.args(["check", "--format", "json"]).arg(path).env("CONCORD_THREADS", threads);
    command.output().unwrap()
}

/// A large file is mapped rather than read by `concord check`, and each piece of it let
/// go once parsed (read again from the file when a finding needs it): the report is that
/// of the file read whole.
#[test]
fn a_mapped_file_gives_the_report_of_a_read_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bench.facts"), troubled_facts()).unwrap();
    std::fs::write(dir.path().join("bench.rules"), workload::rules()).unwrap();
    // A file that is not UTF-8 is reported as such, mapped or read.
    std::fs::write(dir.path().join("latin1.facts"), b"body Caf\xe9.\n").unwrap();
    let paths = [dir.path().to_path_buf()];
    let report = |map_from| {
        let loaded = concord::load::load_with(&paths, map_from);
        let mapped = loaded.bytes.iter().filter(|b| matches!(b, concord::source::Raw::Mapped(_))).count();
        let analysis = concord::analyse_loaded(loaded, &concord::Options::default());
        (mapped, concord::report::render_json(&analysis.report))
    };
    let ((none, read), (both, mapped)) = (report(None), report(Some(1)));
    assert_eq!((none, both), (0, 3));
    assert!(read.contains("name::undeclared-member") && read.contains("violation::decision"));
    assert!(read.contains("syntax::invalid-utf8"), "{}", &read[..2000]);
    assert!(read == mapped, "mapping the files changed the report");
}

/// A mapped file is checked for UTF-8 piece by piece as it is parsed on several threads:
/// a byte that is not UTF-8 in the first piece, in a later one or at the very end is
/// reported where it is, as for a file read whole, and no piece parsed before it was
/// found leaves a finding behind; a good file gives the report of a read one.
#[test]
fn a_mapped_file_checked_as_it_is_parsed_gives_the_report_of_a_read_one() {
    let good = troubled_facts().into_bytes();
    // Inside a member's name, past the date of the line after `at`.
    let bad = |at: usize| {
        let mut bytes = good.clone();
        let line = at + bytes[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
        bytes[line + 13] = 0xff;
        bytes
    };
    let last = {
        let mut bytes = good.clone();
        bytes.push(0xc3);
        bytes
    };
    for (n, bytes) in [good.clone(), bad(good.len() / 10), bad(good.len() * 6 / 10), last].iter().enumerate()
    {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bench.facts"), bytes).unwrap();
        std::fs::write(dir.path().join("bench.rules"), workload::rules()).unwrap();
        let paths = [dir.path().to_path_buf()];
        let report = |map_from| {
            let loaded = concord::load::load_with(&paths, map_from);
            concord::report::render_json(
                &concord::analyse_loaded(loaded, &concord::Options::default()).report,
            )
        };
        let read = report(None);
        assert_eq!(read.contains("syntax::invalid-utf8"), n > 0, "text {n}");
        assert_eq!(read.contains("violation::decision"), n == 0, "text {n}");
        assert!(read == report(Some(1)), "mapping the file changed the report of text {n}");
    }
}

/// A mapped text is checked for UTF-8 in blocks, on several threads, cut between
/// characters: a text of two-byte characters is found good, and bad bytes anywhere are
/// found where they are, as in a text read whole, and are never taken for text: a first
/// byte that continues a character, a run of them across a block's end, such bytes
/// after a block of ASCII, nothing else.
#[test]
fn a_mapped_text_is_checked_for_utf8_in_blocks_as_a_read_one() {
    // Comment lines of two-byte characters, odd in length, past several blocks of 1 MiB.
    let line = format!("# {}\n", "é".repeat(1000));
    let good = format!("body B.\n{}", line.repeat(9 << 10)).into_bytes();
    let bad = |at: &[usize], byte: u8| {
        let mut bytes = good.clone();
        at.iter().for_each(|&n| bytes[n] = byte);
        bytes
    };
    // Four-byte characters, lines of 4 007 bytes: some straddle each block's end.
    let wide = format!("body B.\n{}", format!("# {}\n", "𝄞".repeat(1001)).repeat(3 << 10)).into_bytes();
    let cut = |at: usize| {
        let mut bytes = wide.clone();
        bytes[at] = b'#';
        bytes
    };
    // ASCII blocks, one followed by bytes that continue no character.
    let ascii = format!("body B.\n{}", "# a plain line\n".repeat(3 << 16)).into_bytes();
    let stray = |at: &[usize]| {
        let mut bytes = ascii.clone();
        at.iter().for_each(|&n| bytes[n] = 0x80);
        bytes
    };
    let texts: [Vec<u8>; 15] = [
        ascii.clone(),
        stray(&[1 << 20]),
        stray(&[2 << 20, (2 << 20) + 1, (2 << 20) + 2]),
        wide.clone(),
        cut(1 << 20),
        cut((2 << 20) + 1),
        cut((2 << 20) + 2),
        cut((3 << 20) - 1),
        good.clone(),
        bad(&[1 << 20], 0xff),
        bad(&[(3 << 20) + 1], 0xff),
        bad(&[good.len() - 3], 0xff),
        bad(&[0], 0x80),
        bad(&[(4 << 20) - 3, (4 << 20) - 2, (4 << 20) - 1, 4 << 20, (4 << 20) + 1], 0x80),
        vec![0x80; 3 << 20],
    ];
    for (n, bytes) in texts.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("text.facts"), bytes).unwrap();
        let paths = [dir.path().to_path_buf()];
        let mut mapped = concord::load::load_with(&paths, Some(1)).bytes;
        assert!(matches!(mapped[..], [concord::source::Raw::Mapped(_)]));
        let decoded = concord::source::Text::decode(mapped.remove(0));
        assert_eq!(decoded.is_ok(), std::str::from_utf8(bytes).is_ok(), "text {n}");
        let report = |map_from| {
            let loaded = concord::load::load_with(&paths, map_from);
            concord::report::render_json(
                &concord::analyse_loaded(loaded, &concord::Options::default()).report,
            )
        };
        assert!(report(None) == report(Some(1)), "mapping the file changed the report of text {n}");
    }
}
