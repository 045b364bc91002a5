//! Issue 13, "hostile input": inputs that crashed, blew up or misjudged the model, the
//! checks and the views. Each test is named after what broke. The blow-ups are tested at
//! a size the old quadratic (or cubic) code would take minutes on, and the result is
//! checked too; no test measures time.

use concord::report::{Diagnostic, Report};
use concord::Options;
use std::path::Path;
use std::process::{Command, Output};

fn concord(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn check(text: &str) -> Report {
    concord::check_text(&[("case.facts", text)], &Options::default())
}

fn as_of(text: &str, date: &str) -> Report {
    let options = Options { as_of: Some(date.parse().unwrap()), ..Options::default() };
    concord::check_text(&[("case.facts", text)], &options)
}

fn with_code<'r>(report: &'r Report, code: &str) -> Vec<&'r Diagnostic> {
    report.diagnostics.iter().filter(|d| d.code == code).collect()
}

fn codes(report: &Report) -> Vec<&str> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

// Names over time (language v2, section F).

#[test]
fn the_shipped_record_as_of_2019_is_clean() {
    let out = concord(&["check", "--as-of", "2019-01-01", "--format", "short"], root());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(!text.contains("error["), "{text}");
}

#[test]
fn a_member_who_joins_after_now_is_not_undeclared() {
    let record = "body B.\nmembers of B: A.\n2020-03-27: C joins B.\ngroup G of B: A, C.\n\
                  proposal p: resolve \"x\" in B.\n2019-06-01: C supports p.\n\
                  2021-01-01: C opposes p.\n";
    let before = as_of(record, "2019-12-31");
    assert_eq!(codes(&before), ["fact::not-a-member"], "{:?}", before.diagnostics);
    assert!(before.diagnostics[0].message.contains("C is not a member of B on 2019-06-01"));
    let never = as_of(&record.replace("C joins", "D joins"), "2019-12-31");
    assert_eq!(codes(&never), ["name::undeclared-member"; 2], "{:?}", never.diagnostics);
}

// Term lengths and dates at the ends of the calendar.

const OFFICE: &str = "body B.\noffice O of B.\n";

fn with_rules(facts: &str, rules: &[&str]) -> String {
    let rules: Vec<String> = rules.iter().enumerate().map(|(i, r)| format!("rule r{i}: {r}.\n")).collect();
    format!("{OFFICE}{facts}{}", rules.concat())
}

#[test]
fn lengths_of_any_size_the_parser_accepts_are_measured_without_a_panic() {
    // A later fact moves *now* past the term's end: a term still running is pending.
    let term = "term of X as O of B from 2000-01-01 to 2010-01-01.\n2010-01-01: Y joins B.\n";
    for n in [19_998, 19_999, 20_000, 50_000, 100_000] {
        for unit in ["years", "months", "days"] {
            let at_most = format!("terms of O of B last at most {n} {unit}");
            let at_least = format!("terms of O of B last at least {n} {unit}");
            let report = check(&with_rules(term, &[&at_most, &at_least]));
            let broken: Vec<_> = with_code(&report, "violation::term-length");
            assert_eq!(broken.len(), 1, "{n} {unit}: {:?}", report.diagnostics);
            assert_eq!(broken[0].rule.as_deref(), Some("r1"), "ten years are less than {n} {unit}");
        }
    }
}

#[test]
fn a_bound_that_ends_beyond_9999_is_longer_than_any_term() {
    let term = "term of X as O of B from 9000-01-01 to 9000-01-02.\n";
    let report = as_of(&with_rules(term, &["terms of O of B last at least 1000 years"]), "9000-01-02");
    let broken = with_code(&report, "violation::term-length");
    assert_eq!(broken.len(), 1, "{:?}", report.diagnostics);
    assert!(broken[0].message.contains("less than 1000 years (which end beyond 9999-12-31)"));
    let at_most = check(&with_rules(term, &["terms of O of B last at most 1000 years"]));
    assert_eq!(codes(&at_most), Vec::<&str>::new());
}

#[test]
fn an_open_term_on_the_last_day_of_the_calendar_is_measured_exactly() {
    let term = "term of X as O of B from 9999-12-31.\n";
    let rules = ["terms of O of B last exactly 1 days", "terms of O of B last at most 0 days"];
    let report = as_of(&with_rules(term, &rules), "9999-12-31");
    let broken = with_code(&report, "violation::term-length");
    assert_eq!(broken.len(), 1, "{:?}", report.diagnostics);
    assert_eq!(broken[0].rule.as_deref(), Some("r1"));
    let months = "term of X as O of B from 9999-12-01 to 9999-12-31.\n";
    let report = as_of(&with_rules(months, &["terms of O of B last exactly 1 months"]), "9999-12-31");
    assert!(report.diagnostics[0].message.contains("not exactly 1 months (which end beyond 9999-12-31)"));
}

#[test]
fn a_vacancy_on_the_last_day_of_the_calendar_is_found() {
    let term = "term of X as O of B from 2000-01-01 to 9999-12-31.\n";
    let report = as_of(&with_rules(term, &["O of B is never vacant"]), "9999-12-31");
    let vacant = with_code(&report, "violation::vacancy");
    assert_eq!(vacant.len(), 1, "{:?}", report.diagnostics);
    assert!(vacant[0].message.ends_with("vacant from 9999-12-31 to 9999-12-31"));
    let first = "term of X as O of B from 0000-01-02 to 0000-01-03.\n";
    let rules =
        ["O of B is never vacant from 0000-01-01 until 0000-01-01", "O of B is never vacant from 0000-01-01"];
    let report = check(&with_rules(first, &rules));
    let vacant: Vec<&str> = with_code(&report, "violation::vacancy").iter().map(|d| &d.message[..]).collect();
    // An empty window examines no day; *now*, the term's last day, is inside it.
    let days = ["0000-01-01 to 0000-01-01"];
    assert_eq!(vacant, days.map(|d| format!("O of B is vacant from {d}")));
}

#[test]
fn the_views_at_the_end_of_the_calendar_do_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    let record = "body B.\nmembers of B: A, C.\nproposal p: resolve \"x\" in B.\n\
                  9999-12-30: A supports p.\n9999-12-31: C opposes p.\n\
                  rule r: adopting p requires unanimity.\nrule d: some proposal in B is adopted by 9999-12-31.\n";
    std::fs::write(dir.path().join("end.facts"), record).unwrap();
    let svg = dir.path().join("end.svg");
    for args in [
        vec!["check", "--as-of", "9999-12-31"],
        vec!["status", "p", "--as-of", "9999-12-31"],
        vec!["timeline", "p", "--as-of", "9999-12-31", "--svg", svg.to_str().unwrap()],
    ] {
        let out = concord(&[&args[..], &["end.facts"]].concat(), dir.path());
        assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {out:?}");
    }
    roxmltree::Document::parse(&std::fs::read_to_string(svg).unwrap()).expect("well-formed SVG");
}

// "Did you mean" among many names.

/// Distinct made-up names of `len` letters, capitalised so that none is a keyword.
fn made_up_names(count: usize, len: usize, seed: u64) -> Vec<String> {
    let mut state = seed;
    let mut seen = std::collections::HashSet::new();
    let mut names = Vec::new();
    while names.len() < count {
        let name: String = (0..len)
            .map(|i| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let letter = (b'a' + (state >> 33) as u8 % 26) as char;
                if i == 0 {
                    letter.to_ascii_uppercase()
                } else {
                    letter
                }
            })
            .collect();
        if seen.insert(name.clone()) {
            names.push(name);
        }
    }
    names
}

#[test]
fn thousands_of_misspelt_members_each_get_their_suggestion() {
    let mut members = made_up_names(8_000, 8, 13);
    // Two letters swapped: one edit from the member, and from no other.
    members.retain(|m| m[3..4] != m[4..5]);
    members.sort();
    let mut record =
        format!("body B.\nmembers of B: {}.\nproposal p: resolve \"x\" in B.\n", members.join(", "));
    for m in &members {
        let mut typo: Vec<char> = m.chars().collect();
        typo.swap(3, 4);
        let typo: String = typo.into_iter().collect();
        record.push_str(&format!("2024-01-01: {typo} supports p.\n"));
    }
    let report = check(&record);
    let errors = with_code(&report, "name::undeclared-member");
    assert_eq!(errors.len(), members.len());
    for (error, member) in errors.iter().zip(&members) {
        // Each member is declared and takes no position: the help says so after the name.
        let help = error.help.as_deref().unwrap_or_default();
        assert!(help.starts_with(&format!("did you mean `{member}`? ")), "{}: {help}", error.message);
    }
}

#[test]
fn thousands_of_unknown_names_beside_thousands_of_skipped_statements() {
    let n = 40_000;
    let mut record = String::from("body B.\nmembers of B: A.\nproposal p: resolve \"x\" in B.\n");
    for i in 0..n {
        // A syntax error (a misspelt verb): the statement is skipped, its names kept.
        record.push_str(&format!("2024-01-01: Ghost{i} suports p.\n2024-01-02: Ghost{i} supports p.\n"));
        record.push_str(&format!("2024-01-02: Stray{i} supports p.\n"));
    }
    let report = check(&record);
    assert_eq!(with_code(&report, "syntax::unexpected").len(), n);
    let unknown = with_code(&report, "name::undeclared-member");
    assert_eq!(unknown.len(), n, "only the names in no skipped statement");
    assert!(unknown.iter().all(|d| d.message.starts_with("no member of B is named `Stray")));
}

// Who must still be convinced, on large bodies and many rules.

fn status_of(record: &str) -> concord::views::status::Status {
    let analysis = concord::analyse_text(&[("case.facts", record)], &Options::default());
    let proposal = concord::views::find_proposal(&analysis.model, "p").unwrap();
    concord::views::status::status(&analysis.model, proposal)
}

#[test]
fn unanimity_in_a_body_of_100_000_asks_exactly_every_member_who_does_not_support() {
    let members: Vec<String> = (0..100_000).map(|i| format!("M{i:06}")).collect();
    let mut record =
        format!("body B.\nmembers of B: {}.\nproposal p: resolve \"x\" in B.\n", members.join(", "));
    let mut holdouts = Vec::new();
    for (i, m) in members.iter().enumerate() {
        match i % 3 {
            0 => record.push_str(&format!("2024-01-01: {m} supports p.\n")),
            1 => record.push_str(&format!("2024-01-01: {m} opposes p.\n")),
            _ => {}
        }
        if i % 3 != 0 {
            holdouts.push(m.as_str());
        }
    }
    record.push_str("rule r: adopting p requires unanimity.\n");
    let status = status_of(&record);
    let rule = &status.rules[0];
    let convince: Vec<&str> = rule.convince.as_ref().unwrap().iter().map(|m| m.member.as_str()).collect();
    assert_eq!(convince, holdouts);
    assert!(rule.smallest && !rule.search_stopped);
    let text = concord::views::status::render_text(&status);
    assert!(text.contains(&format!("to pass, {} members must still be convinced:", holdouts.len())));
}

#[test]
fn many_rules_of_many_alternatives_share_one_budget_and_say_when_it_ran_out() {
    // 60 groups of 5 members, none supporting: any one group is a smallest set.
    let groups: Vec<Vec<String>> = (0..60).map(|g| (0..5).map(|k| format!("G{g}m{k}")).collect()).collect();
    let all: Vec<String> = groups.concat();
    let mut record = format!("body B.\nmembers of B: {}.\nproposal p: resolve \"x\" in B.\n", all.join(", "));
    for (g, names) in groups.iter().enumerate() {
        record.push_str(&format!("group G{g} of B: {}.\n", names.join(", ")));
    }
    let any_group: Vec<String> = (0..60).map(|g| format!("all G{g} support")).collect();
    for r in 0..9 {
        record.push_str(&format!("rule r{r}: adopting p requires {}.\n", any_group.join(" or ")));
    }
    let status = status_of(&record);
    assert_eq!(status.rules.len(), 9);
    assert!(status.rules.iter().any(|r| r.search_stopped), "the shared budget runs out");
    for rule in &status.rules {
        let convince: Vec<String> =
            rule.convince.as_ref().unwrap().iter().map(|m| m.member.clone()).collect();
        // One of the groups, found without the search: it is a smallest set, proven or not.
        assert!(groups.contains(&convince), "{}: {convince:?}", rule.rule);
        assert_eq!(rule.smallest, !rule.search_stopped);
    }
    let text = concord::views::status::render_text(&status);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("(a set that works; the search stopped at its budget, and a smaller set may exist)")
    );
}

// The timeline, swept from change to change.

/// The steps of a timeline as the first version computed them: the whole tally on every
/// date, compared with the one before (dates, counts, and who changed from what to what).
fn timeline_by_tallies(model: &concord::model::Model, p: concord::model::ProposalId) -> Vec<String> {
    use concord::check::Tally;
    use concord::model::Stance;
    let prop = &model.proposals[p.index()];
    let last = prop.end.map_or(model.now, |e| e.date);
    let mut dates: std::collections::BTreeSet<_> =
        model.positions[prop.positions.clone()].iter().map(|x| x.date).collect();
    dates.extend(prop.end.map(|e| e.date));
    let first = *dates.first().unwrap();
    for m in &model.bodies[prop.body.index()].memberships {
        dates.extend([m.from, m.to].into_iter().flatten().filter(|d| first < *d && *d <= last));
    }
    let mut before: Option<std::collections::BTreeMap<String, &str>> = None;
    let (mut steps, mut counts_before) = (Vec::new(), String::new());
    for day in dates.into_iter().filter(|d| *d <= last) {
        let tally = Tally::at(model, p, day);
        let now: std::collections::BTreeMap<String, &str> =
            tally.members.iter().map(|(m, at)| (model.name(*m).to_string(), at.stance.as_str())).collect();
        let mut changes = Vec::new();
        for (m, to) in &now {
            let from = match &before {
                None if *to == Stance::None.as_str() => continue,
                None => "none",
                Some(b) => b.get(m).copied().unwrap_or("absent"),
            };
            if from != *to {
                changes.push(format!("{m} {from}>{to}"));
            }
        }
        for (m, from) in before.iter().flatten().filter(|(m, _)| !now.contains_key(*m)) {
            changes.push(format!("{m} {from}>absent"));
        }
        let counts =
            ["support", "oppose", "abstain", "none"].map(|s| now.values().filter(|v| **v == s).count());
        let counts = format!("{} {counts:?}", now.len());
        if !changes.is_empty() || counts != counts_before || prop.end.is_some_and(|e| e.date == day) {
            steps.push(format!("{day} {counts} {}", changes.join(", ")));
        }
        (before, counts_before) = (Some(now), counts);
    }
    steps
}

#[test]
fn the_swept_timeline_is_the_tally_of_every_date() {
    let mut seen = Vec::new();
    for seed in 1..40u64 {
        let mut state = seed;
        let mut next = |below: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) % below
        };
        let names = ["A", "B", "C", "D", "E", "F"];
        let mut record = String::from("body X.\nmembers of X: A, B, C.\nproposal p: admit D to X.\n");
        let verbs = ["supports", "opposes", "abstains on", "withdraws from"];
        let (mut members, mut events) = (vec!["A", "B", "C"], Vec::new());
        for day in 1..25 {
            let who = names[next(6) as usize];
            match (next(4), members.contains(&who)) {
                (0, false) => {
                    events.push(format!("2024-01-{day:02}: {who} joins X.\n"));
                    members.push(who);
                }
                (0, true) => {
                    events.push(format!("2024-01-{day:02}: {who} leaves X.\n"));
                    members.retain(|m| *m != who);
                }
                (_, true) => events.push(format!("2024-01-{day:02}: {who} {} p.\n", verbs[next(4) as usize])),
                _ => {}
            }
        }
        if next(2) == 0 {
            events.push("2024-01-25: X adopts p.\n".into());
        }
        record.push_str(&events.concat());
        let analysis = concord::analyse_text(&[("case.facts", &record)], &Options::default());
        let model = &analysis.model;
        let p = concord::views::find_proposal(model, "p").unwrap();
        if model.proposals[p.index()].positions.is_empty() && model.proposals[p.index()].end.is_none() {
            continue;
        }
        let swept: Vec<String> = concord::views::timeline::timeline(model, p)
            .steps
            .iter()
            .map(|s| {
                let c = &s.known;
                let changes: Vec<String> =
                    s.changes.iter().map(|x| format!("{} {}>{}", x.member, x.from, x.to)).collect();
                format!(
                    "{} {} {:?} {}",
                    s.date,
                    c.members,
                    [c.support, c.oppose, c.abstain, c.none],
                    changes.join(", ")
                )
            })
            .collect();
        assert_eq!(swept, timeline_by_tallies(model, p), "seed {seed}:\n{record}");
        seen.extend(swept);
    }
    let joined_and_left = ["absent>", ">absent"].map(|s| seen.iter().filter(|x| x.contains(s)).count());
    assert!(
        seen.len() > 200 && joined_and_left.iter().all(|&n| n > 10),
        "{} steps, {joined_and_left:?}",
        seen.len()
    );
}

#[test]
fn a_timeline_of_50_000_changes_is_swept_not_recounted() {
    let n = 50_000;
    let members: Vec<String> = (0..n).map(|i| format!("M{i:05}")).collect();
    let mut record =
        format!("body B.\nmembers of B: {}.\nproposal p: resolve \"x\" in B.\n", members.join(", "));
    let first = jiff::civil::date(1900, 1, 1);
    for (i, m) in members.iter().enumerate() {
        let day = first.checked_add(jiff::Span::new().days(i as i64)).unwrap();
        record.push_str(&format!("{day}: {m} supports p.\n"));
    }
    let analysis = concord::analyse_text(&[("case.facts", &record)], &Options::default());
    let p = concord::views::find_proposal(&analysis.model, "p").unwrap();
    let timeline = concord::views::timeline::timeline(&analysis.model, p);
    assert_eq!(timeline.steps.len(), n);
    let last = timeline.steps.last().unwrap();
    assert_eq!((last.known.support, last.known.none), (n, 0));
    assert_eq!(last.changes[0].member, members[n - 1]);
}

// The SVG chart.

fn chart(record: &str) -> String {
    let analysis = concord::analyse_text(&[("case.facts", record)], &Options::default());
    let p = concord::views::find_proposal(&analysis.model, "p").unwrap();
    concord::views::svg::render(&concord::views::timeline::timeline(&analysis.model, p))
}

fn with_class<'a>(doc: &'a roxmltree::Document, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants().filter(|n| n.attribute("class") == Some(class)).collect()
}

const TALLY: &str = "body B.\nmembers of B: A, C.\nproposal p: resolve \"x\" in B.\n\
                     2024-01-01: A supports p.\n2024-02-01: C opposes p.\n";

#[test]
fn ten_thousand_rules_of_one_threshold_draw_one_line_that_says_so() {
    let rules: Vec<String> =
        (0..10_000).map(|r| format!("rule r{r:05}: adopting p requires unanimity.\n")).collect();
    let svg = chart(&format!("{TALLY}{}", rules.concat()));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert_eq!(with_class(&doc, "threshold").len(), 1);
    let label = with_class(&doc, "threshold-label")[0].text().unwrap().to_string();
    assert_eq!(label, "r00000: unanimity (and 9999 more rules)");
}

#[test]
fn thousands_of_thresholds_are_drawn_and_the_labels_that_do_not_fit_are_counted() {
    let rules: Vec<String> = (1..=5_000)
        .map(|k| format!("rule r{k}: adopting p requires at least {k} members support.\n"))
        .collect();
    let svg = chart(&format!("{TALLY}{}", rules.concat()));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert_eq!(with_class(&doc, "threshold").len(), 5_000);
    let labelled = with_class(&doc, "threshold-label").len();
    assert!((10..100).contains(&labelled), "{labelled} labels");
    let note = with_class(&doc, "threshold-note")[0].text().unwrap().to_string();
    assert_eq!(
        note,
        format!("{} more thresholds, not labelled: see the text or JSON timeline", 5_000 - labelled)
    );
}

#[test]
fn names_with_control_characters_give_a_well_formed_chart() {
    let hostile = "\"B\u{1b}[31m\u{7}\u{0}\u{ffff}&<\"";
    let record = TALLY
        .replace("body B.", &format!("body {hostile}."))
        .replace(" in B.", &format!(" in {hostile}."))
        .replace("of B:", &format!("of {hostile}:"))
        .replace(": A supports", ": \"A\u{1}\u{fffe}\" supports")
        .replace(": A, C", ": \"A\u{1}\u{fffe}\", C")
        + "rule \"r\u{1b}\": adopting p requires unanimity.\n";
    let svg = chart(&record);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let axis: Vec<&str> = with_class(&doc, "axis-label").iter().filter_map(|n| n.text()).collect();
    assert_eq!(axis[1], "members of B\u{fffd}[31m\u{fffd}\u{fffd}\u{fffd}&<");
    let label = with_class(&doc, "threshold-label")[0].text().unwrap();
    assert_eq!(label, "r\u{fffd}: unanimity");
    assert!(!svg.chars().any(|c| c < ' ' && c != '\n' || c == '\u{fffe}' || c == '\u{ffff}'));
}

// Terms by the thousand.

#[test]
fn a_hundred_thousand_terms_are_checked_for_overlaps_and_appointments_in_one_sweep() {
    let n = 100_000;
    let first = jiff::civil::date(1700, 1, 1);
    let day = |i: usize| first.checked_add(jiff::Span::new().days(i as i64)).unwrap();
    let mut record = String::from("body B.\noffice O of B.\nmembers of B: A.\n");
    for i in 0..n {
        record.push_str(&format!("term of H{i} as O of B from {} to {}.\n", day(i), day(i + 1)));
        record.push_str(&format!("proposal a{i}: appoint H{i} as O of B.\n{}: B adopts a{i}.\n", day(i)));
    }
    // One overlap: a term over the last two days.
    record.push_str(&format!("term of Late as O of B from {} to {}.\n", day(n - 2), day(n)));
    record.push_str("rule alone: terms of O of B never overlap.\n");
    record.push_str("rule appointed: terms of O of B follow an adopted appointment.\n");
    let report = check(&record);
    let overlaps = with_code(&report, "violation::term-overlap");
    let holders: Vec<&str> = overlaps.iter().filter_map(|d| d.subject.as_deref()).collect();
    assert_eq!(holders, [format!("H{}", n - 1), "Late".to_string()], "{:?}", report.diagnostics.len());
    let unappointed = with_code(&report, "violation::unappointed-term");
    assert_eq!(unappointed.iter().filter_map(|d| d.subject.as_deref()).collect::<Vec<_>>(), ["Late"]);
}
