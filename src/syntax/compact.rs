//! The flat form of the commonest statement, a one-member position, and the way back to
//! the general form. Only a fact whose texts are exactly slices of the source is made
//! flat, so the two forms say the same thing: `to_fact(from_fact(f)) == f`.

use super::ast::*;
use super::lex;
use super::parse::Parser;
use crate::source::Span;
use jiff::civil::Date;
use smol_str::SmolStr;

/// The length of `YYYY-MM-DD`, and of `YYYY-MM-DD..YYYY-MM-DD`: the date forms of a flat
/// position.
const DATE_LEN: u32 = 10;
const INTERVAL_LEN: u32 = 2 * DATE_LEN + 2;

impl TextRange {
    fn of(span: Span) -> TextRange {
        TextRange { start: span.start, end: span.end }
    }

    /// The text of the range in `src`, the text it was parsed from (empty for another).
    fn text(self, src: &str) -> &str {
        src.get(self.start as usize..self.end as usize).unwrap_or("")
    }
}

impl Position {
    /// The flat form of `fact` if it is a one-member position whose names are written
    /// as they read (plain words, already NFC). `src` is the whole file's text.
    pub fn from_fact(fact: &Fact, src: &str) -> Option<Position> {
        let FactKind::Event { when, event: Event::Stance { who: Who::Names(members), stance, proposal } } =
            &fact.kind
        else {
            return None;
        };
        let [member] = members.items.as_slice() else { return None };
        let verbatim =
            |n: &Name| src.get(n.span.start as usize..n.span.end as usize) == Some(n.text.as_str());
        let (date, days_before, len) = match when.kind {
            WhenKind::Day(date) => (date, 0, DATE_LEN),
            WhenKind::Range(first, last) => (last, days_between(first, last)?, INTERVAL_LEN),
            _ => return None,
        };
        let date_first = when.span.start == fact.span.start && when.span.end == when.span.start + len;
        if !(verbatim(member) && verbatim(proposal) && date_first && !members.and_last) {
            return None;
        }
        Some(Position {
            date,
            days_before,
            stance: *stance,
            member: TextRange::of(member.span),
            proposal: TextRange::of(proposal.span),
            source: fact.source.as_ref().map(|s| TextRange::of(s.span)),
            span: fact.span,
        })
    }

    /// The general form of this position; `src` is the text it was parsed from.
    pub fn to_fact(&self, src: &str) -> Fact {
        let name = |r: TextRange| Name { text: SmolStr::new(r.text(src)), span: self.span_of(r) };
        let (kind, len) = match self.first() {
            Some(first) => (WhenKind::Range(first, self.date), INTERVAL_LEN),
            None => (WhenKind::Day(self.date), DATE_LEN),
        };
        let date_span = Span { end: self.span.start + len, ..self.span };
        let members = Names { items: vec![name(self.member)], and_last: false };
        let event =
            Event::Stance { who: Who::Names(members), stance: self.stance, proposal: name(self.proposal) };
        let source = self
            .source
            .map(|r| Source { text: self.source_text(src).unwrap_or("").into(), span: self.span_of(r) });
        Fact {
            kind: FactKind::Event { when: When { kind, span: date_span }, event },
            source,
            span: self.span,
        }
    }

    /// The first possible day of a position known only within `D1..D2`: D1. Asked of
    /// every position a sink takes, so the span of days is made only for an interval.
    pub fn first(&self) -> Option<Date> {
        let before = || jiff::Span::new().days(self.days_before);
        (self.days_before > 0).then(|| self.date.checked_sub(before()).expect("a day read from the text"))
    }

    pub fn member<'s>(&self, src: &'s str) -> &'s str {
        self.member.text(src)
    }

    pub fn proposal<'s>(&self, src: &'s str) -> &'s str {
        self.proposal.text(src)
    }

    /// The source's text: inside the brackets, trimmed.
    pub fn source_text<'s>(&self, src: &'s str) -> Option<&'s str> {
        let r = self.source?;
        Some(src.get(r.start as usize + 1..(r.end as usize).saturating_sub(1)).unwrap_or("").trim())
    }

    /// A range of this statement's file as a span.
    pub fn span_of(&self, r: TextRange) -> Span {
        Span { file: self.span.file, start: r.start, end: r.end }
    }
}

impl<'a> Parser<'a> {
    /// `DATE: MEMBER VERB PROPOSAL [SOURCE].` with plain ASCII words, read straight into
    /// its flat form: the same [`Position`] as the general parser gives, without building
    /// the general form first. `None` for anything else, which the general parser reads
    /// (and reports, if it is wrong). `start` is where the statement starts.
    pub(super) fn flat_position(&self, start: &'a str) -> Option<(&'a str, Position)> {
        let (i, date) = lex::plain_date(start)?;
        let (i, date, days_before) = match i.strip_prefix("..") {
            Some(rest) => {
                let (i, last) = lex::plain_date(rest)?;
                (i, last, days_between(date, last)?)
            }
            None => (i, date, 0),
        };
        let i = lex::ws(i).strip_prefix(':')?;
        let (i, member) = self.plain_word(i)?;
        let at = lex::ws(i);
        let either = |long, short| lex::after_word(at, long).or_else(|| lex::after_word(at, short));
        let (i, stance) = match at.as_bytes().first()? {
            b's' => (either("supports", "support")?, Stance::Support),
            b'o' => (either("opposes", "oppose")?, Stance::Oppose),
            b'a' => (keyword(either("abstains", "abstain")?, "on")?, Stance::Abstain),
            b'w' => (keyword(either("withdraws", "withdraw")?, "from")?, Stance::Withdraw),
            _ => return None,
        };
        let (i, proposal) = self.plain_word(i)?;
        let (i, source) = match lex::ws(i) {
            at if at.starts_with('[') => {
                let end = at.find([']', '\n']).filter(|&n| at.as_bytes()[n] == b']')? + 1;
                (&at[end..], Some(self.range(at, &at[end..])))
            }
            at => (at, None),
        };
        let rest = lex::ws(i).strip_prefix('.')?;
        let span = Span::new(self.file, self.offset(start), self.offset(rest));
        Some((rest, Position { date, days_before, stance, member, proposal, source, span }))
    }

    /// A name written as a plain ASCII word (so already NFC), not a keyword. Inlined: its
    /// result then stays in registers, where a call returns it through memory.
    #[inline(always)]
    fn plain_word(&self, i: &'a str) -> Option<(&'a str, TextRange)> {
        let at = lex::ws(i);
        let word = lex::plain_word_at(at)?;
        let rest = &at[word.len()..];
        Some((rest, self.range(at, rest)))
    }

    fn range(&self, from: &str, to: &str) -> TextRange {
        TextRange { start: self.offset(from) as u32, end: self.offset(to) as u32 }
    }
}

/// How many days `first` lies before `last`, if it does and the count fits the flat form
/// (`D..D` is the day D, and an inverted interval is an error: the general form says so).
fn days_between(first: Date, last: Date) -> Option<u16> {
    let days = first.until(last).ok()?.get_days();
    u16::try_from(days).ok().filter(|&d| d > 0)
}

fn keyword<'a>(i: &'a str, k: &str) -> Option<&'a str> {
    lex::after_word(lex::ws(i), k)
}

impl Statement {
    /// The statement in its general form: a flat position becomes its fact.
    pub fn expand(&self, src: &str) -> Statement {
        match self {
            Statement::Position(p) => Statement::Fact(Box::new(p.to_fact(src))),
            other => other.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn parse(text: &str) -> Vec<Statement> {
        let (file, errors) = crate::syntax::parse(text, FileId(0));
        assert!(errors.is_empty(), "{errors:?}");
        file.statements
    }

    #[test]
    fn a_plain_position_is_flat_and_expands_to_what_it_says() {
        let text = "  2024-03-05: Hungary opposes rutte_sg [ Reuters, 2024-03-05 ].\n";
        let statements = parse(text);
        let Statement::Position(p) = statements[0] else { panic!("{statements:?}") };
        assert_eq!((p.member(text), p.proposal(text)), ("Hungary", "rutte_sg"));
        assert_eq!(p.source_text(text), Some("Reuters, 2024-03-05"));
        assert_eq!(Position::from_fact(&p.to_fact(text), text), Some(p));
        assert_eq!(std::mem::size_of::<Statement>(), 48);
    }

    #[test]
    fn an_interval_of_days_is_flat_with_its_first_day() {
        let text = "2024-02-27..2024-03-02: Hungary opposes rutte_sg.\n";
        let statements = parse(text);
        let Statement::Position(p) = statements[0] else { panic!("{statements:?}") };
        assert_eq!((p.date, p.days_before), (jiff::civil::date(2024, 3, 2), 4));
        assert_eq!(p.first(), Some(jiff::civil::date(2024, 2, 27)));
        let fact = p.to_fact(text);
        let FactKind::Event { when, .. } = &fact.kind else { panic!("{fact:?}") };
        assert_eq!(when.kind, WhenKind::Range(jiff::civil::date(2024, 2, 27), jiff::civil::date(2024, 3, 2)));
        assert_eq!(&text[when.span.start as usize..when.span.end as usize], "2024-02-27..2024-03-02");
        assert_eq!(Position::from_fact(&fact, text), Some(p));
    }

    use proptest::prelude::*;
    use proptest::sample::select;

    /// Pieces of position statements, right and wrong, glued with varied white space.
    fn position_like() -> impl Strategy<Value = String> {
        let date = select(vec![
            "2024-03-05",
            "2024-02-30",
            "2024-3-05",
            "2024-03-05x",
            "1999-12-31",
            "2024-03",
            "2024",
            "2024-03-05..2024-03-09",
            "2024-03-05..2024-03-05",
            "2024-03-09..2024-03-05",
            "2024-03-05 ..2024-03-09",
            "2024-02-28..2024-03-01",
            "1800-01-01..2024-03-05",
            "2024-03-05..2024-13-01",
            "..2024-03-05",
        ]);
        let colon = select(vec![":", " :", ":\n", ": # c\n", ""]);
        let name = select(vec![
            "m1", "Hungary", "\"m1\"", "Türkiye", "and", "body", "m1,", "m-1_x", "p", "é", "except",
        ]);
        let verb = select(vec![
            "supports",
            "support",
            "opposes",
            "oppose",
            "abstains on",
            "abstain  on",
            "abstains",
            "withdraws from",
            "withdraw\tfrom",
            "adopts",
            "joins",
            "supportsx",
            "and Sweden support",
        ]);
        let source = select(vec!["", " [Reuters]", "[ a, b ]", " [unterminated", " [a\n]", "[]", " [x] [y]"]);
        let end = select(vec![".", " .", "", ". ", ".x", "\n.", ". # done"]);
        let space = select(vec![" ", "  ", "\t", "\n", " # c\n", ""]);
        (date, colon, name.clone(), space.clone(), verb, space, name, source, end)
            .prop_map(|(d, c, m, s1, v, s2, p, src, e)| format!("{d}{c} {m}{s1} {v}{s2} {p}{src}{e}\n"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Where the fast reading applies, it gives what the general parser gives.
        #[test]
        fn the_fast_reading_agrees_with_the_general_parser(text in position_like()) {
            let parser = Parser { src: &text, file: FileId(0) };
            let start = lex::ws(&text);
            if let Some((rest, fast)) = parser.flat_position(start) {
                let general = parser.general_statement(&text);
                let Ok((general_rest, Statement::Position(p))) = general else {
                    return Err(TestCaseError::fail(format!("general: {general:?}")));
                };
                prop_assert_eq!(rest.len(), general_rest.len());
                prop_assert_eq!(fast, p);
            }
        }
    }

    #[test]
    fn the_fast_reading_takes_the_common_forms() {
        for text in [
            "2024-03-05: Hungary opposes rutte_sg.",
            "2024-03-05 :Hungary abstains on p [Reuters, 2024-03-05].",
            "2024-03-05: m1 withdraws from p # why\n.",
            "2024-03-05..2024-03-09: Hungary opposes p.",
        ] {
            let parser = Parser { src: text, file: FileId(0) };
            assert!(parser.flat_position(text).is_some(), "{text}");
        }
    }

    #[test]
    fn quoted_names_and_lists_keep_the_general_form() {
        for text in [
            "2024-03-05: \"Hungary\" opposes p.",
            "2024-03-05: Hungary opposes \"p q\".",
            "2024-03-05: Hungary and Slovakia oppose p.",
            "2024-03-05: Hungary and Slovakia abstain on p.",
            "2024-03-05: NATO adopts p.",
            "2024-03: Hungary opposes p.",
            "2024: Hungary opposes p.",
            "2024-03-05 .. 2024-03-09: Hungary opposes p.",
            "2024-03-05..2024-03-05: Hungary opposes p.",
            "1800-01-01..2024-03-05: Hungary opposes p.",
            "..2024-03-05: Hungary opposes p.",
            "2024-03-05: members of NATO oppose p.",
        ] {
            let statements = parse(text);
            assert!(matches!(statements[0], Statement::Fact(_)), "{text}");
        }
    }
}
