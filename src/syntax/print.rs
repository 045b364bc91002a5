//! The canonical layout of a file, for `concord fmt`: one statement per line, name lists
//! wrapped at [`WIDTH`] columns, comments kept.

use super::ast::*;
use super::lex::{is_keyword, is_word_char, is_word_start, MONTHS};

/// Lines are wrapped to fit this many columns where a statement allows a break.
pub const WIDTH: usize = 100;
const INDENT: &str = "  ";

/// Prints a parsed file in canonical layout. `src` is the text it was parsed from (for
/// comments and blank lines). Comments inside a statement move to the lines before it.
pub fn print_file(file: &File, src: &str) -> String {
    let mut out = String::new();
    let mut comments = file.comments.iter().peekable();
    let mut prev_end: Option<usize> = None;
    for statement in &file.statements {
        let span = statement.span();
        let (start, end) = (span.start as usize, span.end as usize);
        while let Some(c) = comments.next_if(|c| (c.span.start as usize) < end) {
            push_blank_line(&mut out, src, prev_end, c.span.start as usize);
            out.push_str(&format!("#{}\n", c.text));
            prev_end = Some(if (c.span.start as usize) < start { c.span.end as usize } else { start });
        }
        push_blank_line(&mut out, src, prev_end, start);
        out.push_str(&print_statement(statement, src));
        let same_line = |c: &&Comment| !src[end..c.span.start as usize].contains('\n');
        if let Some(c) = comments.next_if(same_line) {
            out.push_str(&format!(" #{}", c.text));
        }
        out.push('\n');
        prev_end = Some(end);
    }
    for c in comments {
        push_blank_line(&mut out, src, prev_end, c.span.start as usize);
        out.push_str(&format!("#{}\n", c.text));
        prev_end = Some(c.span.end as usize);
    }
    out
}

/// The canonical layout, keeping a leading byte-order mark and CRLF line ends.
pub fn canonical_text(ast: &File, text: &str) -> String {
    let body = text.strip_prefix('\u{feff}');
    let (bom, rest) = match body {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let printed = print_file(ast, text);
    let printed = if rest.contains("\r\n") { printed.replace('\n', "\r\n") } else { printed };
    format!("{bom}{printed}")
}

/// Keeps one blank line where the source had one or more between two items.
fn push_blank_line(out: &mut String, src: &str, prev_end: Option<usize>, start: usize) {
    if let Some(prev) = prev_end.filter(|&p| p <= start) {
        if src[prev..start].matches('\n').count() >= 2 {
            out.push('\n');
        }
    }
}

/// One statement in canonical layout, wrapped to [`WIDTH`] columns, without a newline.
/// `src` is the text it was parsed from (a flat position's names are read there).
pub fn print_statement(statement: &Statement, src: &str) -> String {
    let mut p = Pieces::default();
    match statement {
        Statement::Fact(f) => print_fact(&mut p, f),
        Statement::Position(position) => print_fact(&mut p, &position.to_fact(src)),
        Statement::Rule(r) => rule(&mut p, r),
        Statement::Test(t) => test(&mut p, t),
    }
    p.glue(".");
    p.wrap()
}

fn test(p: &mut Pieces, t: &Test) {
    p.text("test");
    p.name(&t.name);
    if let Some(d) = &t.as_of {
        p.text("as of");
        p.date(d);
    }
    p.glue(":");
    for (word, facts) in [("assuming", &t.assuming), ("retracting", &t.retracting)] {
        for (n, fact) in facts.iter().enumerate() {
            match n {
                0 => {
                    p.clause(word);
                    p.text(quote(&fact.text));
                }
                _ => {
                    p.glue(",");
                    p.breakable(quote(&fact.text));
                }
            }
        }
    }
    for (n, e) in t.expect.iter().enumerate() {
        p.clause(if n == 0 { "expect" } else { "and" });
        match e {
            Expectation::NoViolations(_) => p.text("no violations"),
            Expectation::Rule { rule, outcome, on } => {
                p.name(rule);
                p.text(match outcome {
                    Expected::Violated => "is violated",
                    Expected::PossiblyViolated => "is possibly violated",
                    Expected::Met => "is met",
                });
                if let Some(subject) = on {
                    p.text("on");
                    p.name(subject);
                }
            }
        }
    }
}

fn print_fact(p: &mut Pieces, f: &Fact) {
    fact(p, &f.kind);
    if let Some(s) = &f.source {
        p.breakable(format!("[{}]", s.text));
    }
}

/// A statement as words, each with where a line may break before it.
#[derive(Default)]
struct Pieces {
    words: Vec<(String, Break)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Break {
    Never,
    /// Where needed to fit the width.
    Soft,
    /// Before each clause (`requires`, `because`), once the statement needs two lines.
    Clause,
}

impl Pieces {
    fn text(&mut self, s: impl Into<String>) {
        self.words.push((s.into(), Break::Never));
    }

    fn breakable(&mut self, s: impl Into<String>) {
        self.words.push((s.into(), Break::Soft));
    }

    fn clause(&mut self, s: impl Into<String>) {
        self.words.push((s.into(), Break::Clause));
    }

    /// Appends to the last word, with no space.
    fn glue(&mut self, s: &str) {
        match self.words.last_mut() {
            Some((w, _)) => w.push_str(s),
            None => self.text(s),
        }
    }

    /// Fills lines greedily with chunks (a breakable word and the words up to the next
    /// one), breaking before a chunk that would pass [`WIDTH`].
    fn wrap(self) -> String {
        let one_line: usize = self.words.iter().map(|(w, _)| w.chars().count() + 1).sum();
        let mut chunks: Vec<(Vec<String>, Break)> = Vec::new();
        for (word, brk) in self.words {
            match chunks.last_mut() {
                Some((chunk, _)) if brk == Break::Never => chunk.push(word),
                _ => chunks.push((vec![word], brk)),
            }
        }
        let mut out = String::new();
        let mut width = 0;
        for (n, (chunk, brk)) in chunks.into_iter().enumerate() {
            let text = chunk.join(" ");
            let len = text.chars().count();
            let forced = brk == Break::Clause && one_line > WIDTH + 1;
            if n > 0 && (forced || width + 1 + len > WIDTH) && width > INDENT.len() {
                out.push('\n');
                out.push_str(INDENT);
                width = INDENT.len();
            } else if n > 0 {
                out.push(' ');
                width += 1;
            }
            out.push_str(&text);
            width += len;
        }
        out
    }

    fn name(&mut self, n: &Name) {
        self.text(name(&n.text));
    }

    fn names(&mut self, names: &Names) {
        let last = names.items.len() - 1;
        for (n, item) in names.items.iter().enumerate() {
            if n == last && names.and_last && n > 0 {
                self.breakable("and");
                self.text(name(&item.text));
            } else if n == last || (names.and_last && n + 1 == last) {
                self.breakable(name(&item.text));
            } else {
                self.breakable(format!("{},", name(&item.text)));
            }
        }
    }

    fn office(&mut self, o: &OfficeRef) {
        self.name(&o.name);
        self.text("of");
        self.name(&o.body);
    }

    fn date(&mut self, d: &DateLit) {
        self.text(d.date.to_string());
    }
}

/// A name as a bare word where it can be one, else quoted.
pub fn name(text: &str) -> String {
    let is_word = text.starts_with(is_word_start) && text.chars().all(is_word_char);
    if is_word && !is_keyword(text) {
        text.to_string()
    } else {
        quote(text)
    }
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn fact(p: &mut Pieces, kind: &FactKind) {
    match kind {
        FactKind::Body(n) => {
            p.text("body");
            p.name(n);
        }
        FactKind::Group { name, body, members } => {
            p.text("group");
            p.name(name);
            p.text("of");
            p.name(body);
            p.glue(":");
            p.names(members);
        }
        FactKind::Office(o) => {
            p.text("office");
            p.office(o);
        }
        FactKind::Proposal { name, kind } => {
            p.text("proposal");
            p.name(name);
            p.glue(":");
            proposal_kind(p, kind);
        }
        FactKind::Members { body, since, members } => {
            p.text("members of");
            p.name(body);
            if let Some(d) = since {
                p.text("since");
                p.date(d);
            }
            p.glue(":");
            p.names(members);
        }
        FactKind::Term { holder, office, from, to } => {
            p.text("term of");
            p.name(holder);
            p.text("as");
            p.office(office);
            p.text("from");
            p.date(from);
            if let Some(d) = to {
                p.text("to");
                p.date(d);
            }
        }
        FactKind::Attribute(a) => attribute(p, a),
        FactKind::Event { when: w, event: e } => {
            p.text(when(w));
            p.glue(":");
            event(p, e);
        }
        FactKind::Compete(proposals) => {
            p.text("proposals");
            p.names(proposals);
            p.text("compete");
        }
    }
}

fn proposal_kind(p: &mut Pieces, kind: &ProposalKind) {
    match kind {
        ProposalKind::Appoint { person, office, by } | ProposalKind::Nominate { person, office, by } => {
            p.text(if matches!(kind, ProposalKind::Appoint { .. }) { "appoint" } else { "nominate" });
            p.name(person);
            p.text("as");
            p.office(office);
            if let Some(body) = by {
                p.breakable("by");
                p.name(body);
            }
        }
        ProposalKind::Admit { candidate, body } => {
            p.text("admit");
            p.name(candidate);
            p.text("to");
            p.name(body);
        }
        ProposalKind::Resolve { title, body } => {
            p.text("resolve");
            p.text(quote(&title.text));
            p.breakable("in");
            p.name(body);
        }
    }
}

fn attribute(p: &mut Pieces, a: &Attribute) {
    p.name(&a.entity);
    p.text("has");
    p.name(&a.attribute);
    p.text(a.value.text.as_str());
}

fn event(p: &mut Pieces, e: &Event) {
    let verb = |members: &Names, one: &str, many: &str| -> String {
        if members.items.len() == 1 {
            one.into()
        } else {
            many.into()
        }
    };
    match e {
        Event::Join { members, body } | Event::Leave { members, body } => {
            p.names(members);
            let joins = matches!(e, Event::Join { .. });
            p.text(if joins { verb(members, "joins", "join") } else { verb(members, "leaves", "leave") });
            p.name(body);
        }
        Event::Stance { who, stance, proposal } => {
            let one = match who {
                Who::Names(members) => {
                    p.names(members);
                    members.items.len() == 1
                }
                Who::Members(set) => {
                    members_of(p, set);
                    false
                }
            };
            p.text(match (stance, one) {
                (Stance::Support, true) => "supports",
                (Stance::Support, false) => "support",
                (Stance::Oppose, true) => "opposes",
                (Stance::Oppose, false) => "oppose",
                (Stance::Abstain, true) => "abstains on",
                (Stance::Abstain, false) => "abstain on",
                (Stance::Withdraw, true) => "withdraws from",
                (Stance::Withdraw, false) => "withdraw from",
            });
            p.name(proposal);
        }
        Event::Adopts { body, proposal } | Event::Rejects { body, proposal } => {
            p.name(body);
            p.text(if matches!(e, Event::Adopts { .. }) { "adopts" } else { "rejects" });
            p.name(proposal);
        }
        Event::Withdrawn { proposal } => {
            p.name(proposal);
            p.text("is withdrawn");
        }
        Event::Attribute(a) => attribute(p, a),
        Event::Size { body, count } => {
            p.name(body);
            p.text("has");
            p.text(count.text.as_str());
            p.text(if count.value == 1 { "member" } else { "members" });
        }
        Event::Tally(t) => tally(p, t),
    }
}

/// `BODY votes on P: N for, N against and N abstaining`, the separators as in name lists.
fn tally(p: &mut Pieces, t: &TallyFact) {
    p.name(&t.body);
    p.text("votes on");
    p.name(&t.proposal);
    p.glue(":");
    p.text(t.support.text.as_str());
    match &t.abstain {
        None => {
            p.text("for");
            p.breakable("and");
            p.text(t.oppose.text.as_str());
            p.text("against");
        }
        Some(abstain) => {
            p.text("for");
            p.glue(",");
            p.text(t.oppose.text.as_str());
            p.text("against");
            p.breakable("and");
            p.text(abstain.text.as_str());
            p.text("abstaining");
        }
    }
}

/// `[all] members of NAME [except NAMES]`; the verb after it is plural.
fn members_of(p: &mut Pieces, set: &MembersOf) {
    p.text(if set.all { "all members of" } else { "members of" });
    p.name(&set.of);
    if let Some(except) = &set.except {
        p.breakable("except");
        p.names(except);
    }
}

/// The date of an event in canonical form: `2024-04-29`, `2024-04`, `2024`, `D1..D2`, `..D`.
fn when(w: &When) -> String {
    match w.kind {
        WhenKind::Day(d) => d.to_string(),
        WhenKind::Month(d) => format!("{:04}-{:02}", d.year(), d.month()),
        WhenKind::Year(d) => format!("{:04}", d.year()),
        WhenKind::Range(first, last) => format!("{first}..{last}"),
        WhenKind::Before(last) => format!("..{last}"),
    }
}

fn rule(p: &mut Pieces, r: &Rule) {
    p.text("rule");
    p.name(&r.name);
    if let Some(s) = r.severity {
        p.text(match s {
            Severity::Error => "(error)",
            Severity::Warning => "(warning)",
            Severity::Info => "(info)",
        });
    }
    for (word, date) in [("from", &r.from), ("until", &r.until)] {
        if let Some(d) = date {
            p.text(word);
            p.date(d);
        }
    }
    p.glue(":");
    rule_body(p, &r.body);
    if let Some(b) = &r.because {
        p.clause("because");
        p.text(quote(&b.text));
    }
}

fn rule_body(p: &mut Pieces, body: &RuleBody) {
    match body {
        RuleBody::Adopting { selector: s, condition } => {
            p.text("adopting");
            selector(p, s);
            p.clause("requires");
            cond(p, condition);
        }
        RuleBody::TermsMonth { office, edge, month } => {
            terms_of(p, office);
            p.text(if *edge == Edge::End { "end in" } else { "start in" });
            p.text(MONTHS[month.0 as usize - 1]);
        }
        RuleBody::TermsLast { office, bound: b, amount, unit } => {
            terms_of(p, office);
            p.text("last");
            bound(p, *b);
            p.text(amount.text.as_str());
            p.text(match unit {
                Unit::Years => "years",
                Unit::Months => "months",
                Unit::Days => "days",
            });
        }
        RuleBody::TermsNeverOverlap { office } => {
            terms_of(p, office);
            p.text("never overlap");
        }
        RuleBody::TermsFollowAppointment { office } => {
            terms_of(p, office);
            p.text("follow an adopted appointment");
        }
        RuleBody::NeverVacant { office, from, until } => {
            p.office(office);
            p.text("is never vacant");
            for (word, date) in [("from", from), ("until", until)] {
                if let Some(d) = date {
                    p.text(word);
                    p.date(d);
                }
            }
        }
        RuleBody::AdoptedBy { selector: s, date } => {
            p.text("some");
            selector(p, s);
            p.clause("is adopted by");
            p.date(date);
        }
        RuleBody::AppointmentsFollowNomination { office, plural } => {
            p.text(if *plural { "appointments to" } else { "appointment to" });
            p.office(office);
            p.text("follow an adopted nomination");
        }
        RuleBody::HasMembers { body, bound: b, count, on } => {
            p.name(body);
            p.text("has");
            bound(p, *b);
            p.text(count.text.as_str());
            p.text("members");
            if let Some(d) = on {
                p.text("on");
                p.date(d);
            }
        }
    }
}

fn terms_of(p: &mut Pieces, office: &OfficeRef) {
    p.text("terms of");
    p.office(office);
}

fn bound(p: &mut Pieces, b: Bound) {
    p.text(match b {
        Bound::Exactly => "exactly",
        Bound::AtLeast => "at least",
        Bound::AtMost => "at most",
    });
}

fn selector(p: &mut Pieces, s: &Selector) {
    let word =
        |p: &mut Pieces, one: &str, plural: bool| p.text(if plural { format!("{one}s") } else { one.into() });
    match s {
        Selector::Proposal(n) => p.name(n),
        Selector::Appointments { office, plural, .. } => {
            word(p, "appointment", *plural);
            p.text("to");
            p.office(office);
        }
        Selector::Admissions { body, plural, .. } => {
            word(p, "admission", *plural);
            p.text("to");
            p.name(body);
        }
        Selector::Resolutions { body, plural, .. } => {
            word(p, "resolution", *plural);
            p.text("in");
            p.name(body);
        }
        Selector::Proposals { body, plural, .. } => {
            word(p, "proposal", *plural);
            p.text("in");
            p.name(body);
        }
        Selector::Nominations { office, plural, .. } => {
            word(p, "nomination", *plural);
            p.text("to");
            p.office(office);
        }
    }
}

fn cond(p: &mut Pieces, c: &Cond) {
    match c {
        Cond::Or(items) | Cond::And(items) => {
            let sep = if matches!(c, Cond::Or(_)) { "or" } else { "and" };
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    p.breakable(sep);
                }
                cond(p, item);
            }
        }
        Cond::Not(inner, _) => {
            p.text("not");
            cond(p, inner);
        }
        Cond::Paren(inner, _) => {
            p.text("(");
            cond(p, inner);
            p.glue(")");
            fix_open_paren(p);
        }
        Cond::Unanimity { of, .. } => {
            p.text("unanimity");
            if let Some(n) = of {
                p.text("of");
                p.text(n.text.as_str());
            }
        }
        Cond::Consensus(_) => p.text("consensus"),
        Cond::Quant { quant, set, verb, .. } => quantified(p, quant, set, verb),
        Cond::Hold { side, compare: c, ratio: r, attribute, .. } => {
            p.text(match side {
                Side::Supporters => "supporters",
                Side::Opponents => "opponents",
                Side::Abstainers => "abstainers",
            });
            p.text("hold");
            compare(p, *c);
            p.text(ratio(r));
            p.text("of");
            p.name(attribute);
        }
    }
}

/// `(` is printed as its own word above; join it to the word after it.
fn fix_open_paren(p: &mut Pieces) {
    let n = p.words.iter().rposition(|(w, _)| w == "(").expect("an open parenthesis was pushed");
    let (next, _) = p.words.remove(n + 1);
    p.words[n].0.push_str(&next);
}

fn quantified(p: &mut Pieces, quant: &Quant, set: &Set, verb: &Verb) {
    match quant {
        Quant::All => p.text("all"),
        Quant::No => p.text("no"),
        Quant::Compare { compare: c, amount, of } => {
            compare(p, *c);
            p.text(match amount {
                Amount::Count(n) => n.text.to_string(),
                Amount::Share(r) => ratio(r),
            });
            if *of {
                p.text("of");
            }
        }
    }
    match set {
        Set::Members { plural, group, .. } => {
            p.text(if *plural { "members" } else { "member" });
            if let Some(g) = group {
                p.text("of");
                p.name(g);
            }
        }
        Set::Group(g) => p.name(g),
        Set::Voters(_) => p.text("voters"),
    }
    let stem = match verb.kind {
        VerbKind::Takes(Stance::Support) => "support",
        VerbKind::Takes(Stance::Oppose) => "oppose",
        VerbKind::Takes(Stance::Abstain | Stance::Withdraw) => "abstain",
        VerbKind::Vote => "vote",
    };
    p.text(if verb.third_person { format!("{stem}s") } else { stem.into() });
}

fn compare(p: &mut Pieces, c: Compare) {
    p.text(match c {
        Compare::AtLeast => "at least",
        Compare::AtMost => "at most",
        Compare::MoreThan => "more than",
        Compare::FewerThan => "fewer than",
        Compare::Exactly => "exactly",
    });
}

fn ratio(r: &Ratio) -> String {
    match &r.form {
        RatioForm::Percent(n) => format!("{}%", n.text),
        RatioForm::Fraction(a, b) => format!("{}/{}", a.text, b.text),
        RatioForm::Half => "half".into(),
    }
}
