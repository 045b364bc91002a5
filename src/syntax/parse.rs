//! The statement loop of the parser: dispatch, error conversion and recovery.

use super::ast::*;
use super::err::{SyntaxError, SyntaxErrorKind};
use super::lex::{self, ErrKind, Expect, PError, PResult, Tok};
use crate::source::{FileId, Pieces, Span};
use nom::Parser as _;

/// How deep parentheses and `not` may nest in a condition.
pub const MAX_DEPTH: usize = 64;

/// The parser of one file; its methods build nodes with spans into `src`.
pub struct Parser<'a> {
    pub(super) src: &'a str,
    pub(super) file: FileId,
}

const STATEMENT_START: Expect = Expect::Thing(
    "a statement (`body`, `group`, `office`, `proposal`, `members of`, `term of`, `rule`, a date or a name)",
    &["body", "group", "office", "proposal", "members", "term", "rule"],
);

impl<'a> Parser<'a> {
    pub fn new(src: &'a str, file: FileId) -> Parser<'a> {
        Parser { src, file }
    }

    /// The span from the start of `at` to the start of `rest` (both suffixes of the source).
    pub(super) fn span(&self, at: &'a str, rest: &'a str) -> Span {
        Span::new(self.file, self.offset(at), self.offset(rest))
    }

    pub(super) fn offset(&self, rest: &str) -> usize {
        self.src.len() - rest.len()
    }

    /// Parses the whole file, recovering after each error at the next statement end.
    pub fn file(&self) -> (File, Vec<SyntaxError>) {
        self.file_into(None)
    }

    /// As [`Parser::file`], flat positions handed to `sink` if there is one.
    pub fn file_into(&self, sink: Option<&mut dyn PositionSink>) -> (File, Vec<SyntaxError>) {
        let i = self.src.strip_prefix('\u{feff}').unwrap_or(self.src);
        let (mut file, errors) = self.statements(i, sink);
        file.comments = self.comments(0);
        (file, errors)
    }

    /// Parses statements from `i` (a suffix of the source) to the end of the source,
    /// flat positions handed to `sink` if there is one.
    fn statements(
        &self,
        mut i: &'a str,
        mut sink: Option<&mut dyn PositionSink>,
    ) -> (File, Vec<SyntaxError>) {
        let mut file = File::default();
        let mut handed = sink.as_ref().map(|_| Handed::default());
        let mut errors = Vec::new();
        loop {
            i = lex::ws(i);
            if i.is_empty() {
                break;
            }
            match self.statement(i) {
                Ok((rest, statement)) => {
                    if !lex::period_is_followed_well(rest) {
                        let at = &self.src[self.offset(rest) - 1..];
                        errors.push(self.error(PError::invalid(at, SyntaxErrorKind::PeriodNeedsSpace, 1)));
                    }
                    match (&mut sink, &mut handed, statement) {
                        (Some(sink), Some(h), Statement::Position(p)) => {
                            sink.position(self.src, &p);
                            h.last = Some(p.span);
                            h.count += 1;
                        }
                        (_, h, statement) => {
                            if let Some(h) = h {
                                h.kept_at.push(h.count);
                                h.last = Some(statement.span());
                                h.count += 1;
                            }
                            file.statements.push(statement);
                        }
                    }
                    i = rest;
                }
                Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                    let resume = lex::recover(self.src, self.offset(e.before).max(self.offset(i)));
                    errors.push(self.error(e));
                    file.skipped.push(Span::new(self.file, self.offset(i), resume));
                    i = &self.src[resume..];
                }
                Err(nom::Err::Incomplete(_)) => unreachable!("complete parsers only"),
            }
        }
        if let Some(sink) = sink {
            sink.end_piece(self.src);
        }
        file.handed = handed;
        (file, errors)
    }

    /// The comments from byte `from` on (a line start, or 0).
    fn comments(&self, from: usize) -> Vec<Comment> {
        let comments = lex::comments(&self.src[from..]);
        let text = |s: usize, e: usize| smol_str::SmolStr::new(&self.src[s + 1..e]);
        comments
            .into_iter()
            .map(|(s, e)| (s + from, e + from))
            .map(|(s, e)| Comment { text: text(s, e), span: Span::new(self.file, s, e) })
            .collect()
    }

    pub(super) fn statement(&self, i: &'a str) -> PResult<'a, Statement> {
        let start = lex::ws(i);
        if start.starts_with(|c: char| c.is_ascii_digit()) {
            if let Some((rest, position)) = self.flat_position(start) {
                return Ok((rest, Statement::Position(position)));
            }
        }
        self.general_statement(i)
    }

    /// Any statement, read through its general form (a position still ends up flat when
    /// its names are written as they read).
    pub(super) fn general_statement(&self, i: &'a str) -> PResult<'a, Statement> {
        let start = lex::ws(i);
        let (rest, statement) = match lex::word_at(start) {
            Some("rule") => {
                let (rest, rule) = self.rule(i)?;
                return Ok((rest, Statement::Rule(Box::new(rule))));
            }
            Some("test") => {
                let (rest, test) = self.test(i)?;
                return Ok((rest, Statement::Test(Box::new(test))));
            }
            Some("body" | "group" | "office" | "proposal" | "proposals" | "members" | "term") => {
                self.declaration(i)?
            }
            Some(w) if !lex::is_keyword(w) => self.attribute_fact(i)?,
            None if start.starts_with('"') => self.attribute_fact(i)?,
            None if start.starts_with(|c: char| c.is_ascii_digit()) || lex::looks_like_date(start) => {
                self.event_fact(i)?
            }
            _ => return Err(nom::Err::Error(PError::expected(i, start, STATEMENT_START))),
        };
        let (rest, source) = self.opt_source(rest)?;
        let (rest, _) = lex::period(rest).map_err(|e| self.or_source(e))?;
        let span = self.span(start, rest);
        let fact = Fact { kind: statement, source, span };
        match Position::from_fact(&fact, self.src) {
            Some(position) => Ok((rest, Statement::Position(position))),
            None => Ok((rest, Statement::Fact(Box::new(fact)))),
        }
    }

    fn opt_source(&self, i: &'a str) -> PResult<'a, Option<Source>> {
        match lex::source(i) {
            Ok((rest, tok)) => {
                Ok((rest, Some(Source { text: tok.value.into(), span: self.span(tok.at, rest) })))
            }
            Err(nom::Err::Error(_)) => Ok((i, None)),
            Err(e) => Err(e),
        }
    }

    /// A missing `.` after a fact could also have been a source.
    fn or_source(&self, e: nom::Err<PError<'a>>) -> nom::Err<PError<'a>> {
        e.map(|mut e| {
            if let ErrKind::Expected(v) = &mut e.kind {
                v.push(Expect::Punct("["));
            }
            e
        })
    }

    /// `Germany has population 84_482_267`, or a misspelt statement keyword.
    fn attribute_fact(&self, i: &'a str) -> PResult<'a, FactKind> {
        let (rest, entity) = self.name(i)?;
        if !lex::peek_kw(rest, "has") {
            let at = lex::ws(i);
            let mut e = PError::expected(i, at, STATEMENT_START);
            if let ErrKind::Expected(v) = &mut e.kind {
                v.push(Expect::Thing("a name followed by `has`", &[]));
            }
            return Err(nom::Err::Error(e));
        }
        let (rest, attribute) = self.attribute_after(rest, entity)?;
        Ok((rest, FactKind::Attribute(Box::new(attribute))))
    }

    /// `has ATTRIBUTE NUMBER` after an entity.
    pub(super) fn attribute_after(&self, i: &'a str, entity: Name) -> PResult<'a, Attribute> {
        let (i, _) = lex::kw("has")(i)?;
        let (i, attribute) = nom::combinator::cut(|i| self.name(i)).parse(i)?;
        let (i, value) = nom::combinator::cut(|i| self.number(i)).parse(i)?;
        Ok((i, Attribute { entity, attribute, value }))
    }

    pub(super) fn name(&self, i: &'a str) -> PResult<'a, Name> {
        let (rest, tok) = lex::name(i)?;
        Ok((rest, Name { text: tok.value, span: self.span(tok.at, rest) }))
    }

    /// `a, b and c`
    pub(super) fn names(&self, i: &'a str) -> PResult<'a, Names> {
        let (mut i, first) = self.name(i)?;
        let mut items = vec![first];
        loop {
            if lex::peek_punct(i, ",") {
                let (rest, _) = lex::punct(",")(i)?;
                let (rest, n) = nom::combinator::cut(|i| self.name(i)).parse(rest)?;
                items.push(n);
                i = rest;
            } else if lex::peek_kw(i, "and") {
                let (rest, _) = lex::kw("and")(i)?;
                let (rest, n) = nom::combinator::cut(|i| self.name(i)).parse(rest)?;
                items.push(n);
                return Ok((rest, Names { items, and_last: true }));
            } else {
                return Ok((i, Names { items, and_last: false }));
            }
        }
    }

    /// `NAME of BODY`
    pub(super) fn office(&self, i: &'a str) -> PResult<'a, OfficeRef> {
        let (i, name) = self.name(i)?;
        let (i, _) = lex::kw("of")(i)?;
        let (i, body) = self.name(i)?;
        Ok((i, OfficeRef { name, body }))
    }

    /// One day, the date after the keyword `after` (`since`, `from`, …): only positions
    /// take an uncertain date (`2024-04`), so one here is an error that says so.
    pub(super) fn date(&self, i: &'a str, after: &'static str) -> PResult<'a, DateLit> {
        let (rest, when) = self.when(i)?;
        match when.day() {
            Some(date) => Ok((rest, DateLit { date, span: when.span })),
            None => Err(nom::Err::Failure(self.uncertain(when, after))),
        }
    }

    /// The date of an event: a day, or for a position an interval of days. `D..D` is the
    /// day D; an interval that ends before it starts is an error.
    pub(super) fn when(&self, i: &'a str) -> PResult<'a, When> {
        let (rest, tok) = lex::when(i)?;
        let span = self.span(tok.at, rest);
        let kind = match tok.value {
            WhenKind::Range(first, last) if last < first => {
                let text = self.src[span.start as usize..span.end as usize].into();
                let len = span.end as usize - span.start as usize;
                return Err(nom::Err::Failure(PError::invalid(
                    tok.at,
                    SyntaxErrorKind::InvertedInterval(text),
                    len,
                )));
            }
            WhenKind::Range(first, last) if last == first => WhenKind::Day(first),
            kind => kind,
        };
        Ok((rest, When { kind, span }))
    }

    /// The error for an uncertain date where one day is needed, after `after`.
    pub(super) fn uncertain(&self, when: When, after: &'static str) -> PError<'a> {
        let at = &self.src[when.span.start as usize..];
        let len = (when.span.end - when.span.start) as usize;
        PError::invalid(at, SyntaxErrorKind::UncertainDate(after), len)
    }

    /// An optional `KEYWORD DATE`, such as `since 2024-03-07`.
    pub(super) fn opt_dated(&self, i: &'a str, k: &'static str) -> PResult<'a, Option<DateLit>> {
        if !lex::peek_kw(i, k) {
            return Ok((i, None));
        }
        let (rest, _) = lex::kw(k)(i)?;
        nom::combinator::cut(|i| self.date(i, k)).parse(rest).map(|(r, d)| (r, Some(d)))
    }

    pub(super) fn number(&self, i: &'a str) -> PResult<'a, Number> {
        let (rest, Tok { value: (mantissa, scale, text), at }) = lex::number(i)?;
        Ok((rest, Number { mantissa, scale, text: text.into(), span: self.span(at, rest) }))
    }

    pub(super) fn int(&self, i: &'a str) -> PResult<'a, Int> {
        let (rest, Tok { value: (value, text), at }) = lex::int(i)?;
        Ok((rest, Int { value, text: text.into(), span: self.span(at, rest) }))
    }

    pub(super) fn text(&self, i: &'a str) -> PResult<'a, Text> {
        let (rest, tok) = lex::string(i)?;
        Ok((rest, Text { text: tok.value, span: self.span(tok.at, rest) }))
    }

    /// Turns a parse failure into a located syntax error with a message a user can act on.
    pub(super) fn error(&self, e: PError<'a>) -> SyntaxError {
        let at = self.offset(e.at);
        match e.kind {
            ErrKind::Invalid(kind, len) => SyntaxError { kind, span: Span::new(self.file, at, at + len) },
            ErrKind::Expected(expected) => self.unexpected(e.before, e.at, expected),
        }
    }

    fn unexpected(&self, before: &'a str, at_rest: &'a str, expected: Vec<Expect>) -> SyntaxError {
        let at = self.offset(at_rest);
        let (found, len) = lex::describe(at_rest);
        let gap = &self.src[self.offset(before)..at];
        let wants_period = expected.contains(&Expect::Punct("."));
        let next_line_starts_statement =
            gap.contains('\n') && self.src[..at].ends_with('\n') && lex::starts_statement(at_rest);
        if wants_period && (at_rest.is_empty() || next_line_starts_statement) {
            let end = self.offset(before);
            return SyntaxError {
                kind: SyntaxErrorKind::MissingPeriod,
                span: Span::new(self.file, end, end),
            };
        }
        let span = Span::new(self.file, at, at + len);
        let word = lex::word_at(at_rest);
        if let Some(k) = word.filter(|w| lex::is_keyword(w) && expected.contains(&lex::A_NAME)) {
            return SyntaxError { kind: SyntaxErrorKind::KeywordAsName(k.into()), span };
        }
        let suggestion = super::hint::condition_hint(&expected, at_rest)
            .or_else(|| word.and_then(|w| closest_keyword(w, &expected)).map(str::to_string));
        let expected = describe_expected(&expected);
        SyntaxError { kind: SyntaxErrorKind::Unexpected { expected, found, suggestion }, span }
    }
}

/// Below this size a file is parsed on one thread.
pub const SPLIT_MIN: usize = 1 << 20;

/// Parses a file in `parts` pieces on as many threads, cut at line ends that end a
/// statement, with the same result as [`Parser::file`]. A piece is accepted only if its
/// last statement ends exactly at its cut, with no error after that statement's start;
/// then the parser, which never looks further than the character after a statement's
/// period, read that piece exactly as it would have read the whole file. Otherwise (a
/// cut inside a comment, or an error near it) the file is parsed on one thread.
pub fn parse_in_parts(src: &str, file: FileId, parts: usize) -> (File, Vec<SyntaxError>) {
    let (pieces, errors) = pieces_in_parts(src, file, parts, parts);
    let mut pieces = pieces.into_iter();
    let mut out = pieces.next().expect("one piece at least");
    for piece in pieces {
        out.statements.extend(piece.statements);
        out.comments.extend(piece.comments);
        out.skipped.extend(piece.skipped);
    }
    (out, errors)
}

/// A thread's share of a large file is parsed in pieces of about this size, so that the
/// model can free each piece's tree as soon as it has read it, and a mapped text's pages
/// go back as each piece is parsed: the pieces being parsed hold a few MiB of text, where
/// pieces of 4 MiB held up to a third of a record of 24 MB.
pub const PIECE: usize = 1 << 20;

/// As [`parse_in_parts`], the pieces kept apart, in order: together they are the file.
/// There are `pieces` of them (fewer if the file has too few good cuts), consecutive ones
/// parsed on each thread.
pub fn pieces_in_parts(
    src: &str,
    file: FileId,
    parts: usize,
    pieces: usize,
) -> (Vec<File>, Vec<SyntaxError>) {
    let sunk = sunk_in_parts::<NoSink, _>(src, file, (parts, pieces), &|| None, &|_| {});
    let (pieces, _, errors) = sunk.expect("a str is UTF-8");
    (pieces, errors)
}

/// For parsing without a sink.
pub enum NoSink {}

impl PositionSink for NoSink {
    fn position(&mut self, _: &str, _: &Position) {
        match *self {}
    }
    fn end_piece(&mut self, _: &str) {
        match *self {}
    }
}

/// As [`pieces_in_parts`] in `(parts, pieces)`, each thread handing the flat positions
/// of the pieces it parses to a sink of its own made by `new_sink` (`None`: positions are
/// kept as statements). The threads take the pieces in turn, so that none waits for
/// another that happens to be slower; the sinks come in no particular order. `None` if
/// the text is not UTF-8, which `text` finds out piece by piece.
pub fn sunk_in_parts<S: PositionSink + Send, T: Pieces + ?Sized>(
    text: &T,
    file: FileId,
    (parts, pieces): (usize, usize),
    new_sink: &(dyn Fn() -> Option<S> + Sync),
    parsed: &(dyn Fn(std::ops::Range<usize>) + Sync),
) -> Option<Sunk<S>> {
    let whole = || {
        let src = text.whole()?;
        let mut sink = new_sink();
        let (piece, errors) = Parser::new(src, file).file_into(sink.as_mut().map(|s| s as _));
        Some((vec![piece], vec![sink], errors))
    };
    let cuts = cuts(text.bytes(), pieces.max(parts));
    if parts <= 1 || cuts.len() < 3 {
        return whole();
    }
    let windows: Vec<&[usize]> = cuts.windows(2).collect();
    let parse = |sink: &mut Option<S>, w: &&[usize]| {
        let (from, to) = (w[0], w[1]);
        let src = text.up_to(from..to)?;
        let (p, sink) = (Parser::new(src, file), sink.as_mut().map(|s| s as _));
        let (piece, errors) = match from {
            0 => p.file_into(sink),
            _ => {
                let (mut piece, errors) = p.statements(&src[from..to], sink);
                piece.comments = p.comments(from);
                (piece, errors)
            }
        };
        // Judged before the piece's text is let go, which reading it again would undo.
        let whole = ends_at_cut(src, &piece, &errors, to);
        parsed(from..to);
        Some((piece, errors, whole))
    };
    let (parsed, sinks) = crate::threads::map_taken(&windows, parts, new_sink, parse);
    let parsed: Vec<_> = parsed.into_iter().collect::<Option<_>>()?;
    // The last piece ends at the file's end, not at a cut.
    if !parsed[..parsed.len() - 1].iter().all(|(_, _, whole)| *whole) {
        return whole();
    }
    let (mut pieces, mut all_errors) = (Vec::with_capacity(parsed.len()), Vec::new());
    for (piece, errors, _) in parsed {
        pieces.push(piece);
        all_errors.extend(errors);
    }
    Some((pieces, sinks, all_errors))
}

/// The pieces of a file in order, the sinks that took their positions, and the errors.
pub type Sunk<S> = (Vec<File>, Vec<Option<S>>, Vec<SyntaxError>);

/// Whether a piece was read as the whole file would have been: its last statement ends
/// exactly at its cut, with no error or skipped text after that statement's start.
fn ends_at_cut(src: &str, piece: &File, errors: &[SyntaxError], cut: usize) -> bool {
    let Some(last) = piece.last_span() else { return false };
    src[last.end as usize..cut].trim_end_matches(['\n', '\r']).is_empty()
        && errors.iter().all(|e| e.span.start < last.start)
        && piece.skipped.iter().all(|s| s.start < last.start)
}

/// Where to cut a file into `pieces` of about equal size: good cuts (below), with 0 and
/// the file's end.
fn cuts(src: &[u8], pieces: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    for k in 1..pieces {
        let last = *cuts.last().unwrap_or(&0);
        match cut_after(src, (src.len() / pieces * k).max(last)) {
            Some(c) if c > last => cuts.push(c),
            _ => {}
        }
    }
    cuts.push(src.len());
    cuts
}

/// The first line start at or after `from` whose previous line ends with `.` and whose
/// line begins a statement (or an attribute fact, `NAME has …`: a large body's weights
/// may be most of a file), within 1 MB. A cut that is no statement's end after all is
/// refused when the piece before it is checked. The text is not known to be UTF-8 yet:
/// a cut falls after a line end, never inside a character.
fn cut_after(b: &[u8], from: usize) -> Option<usize> {
    let starts = |line| lex::starts_statement(line) || starts_attribute(line);
    let mut n = from;
    while n < b.len().min(from + SPLIT_MIN) {
        let nl = n + memchr::memchr(b'\n', &b[n..])?;
        let line_end = if nl > 0 && b[nl - 1] == b'\r' { nl - 1 } else { nl };
        if line_end > 0 && b[line_end - 1] == b'.' && starts(text_at(b, nl + 1)) {
            return Some(nl + 1);
        }
        n = nl + 1;
    }
    None
}

/// The text that starts at `at`, as much of the next few hundred bytes as is UTF-8:
/// enough to tell how a line begins.
fn text_at(b: &[u8], at: usize) -> &str {
    let next = &b[at..b.len().min(at + 256)];
    match std::str::from_utf8(next) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&next[..e.valid_up_to()]).unwrap_or_default(),
    }
}

/// Whether a line begins (in its first column) with a name and `has`.
fn starts_attribute(line: &str) -> bool {
    let name = lex::word_at(line).filter(|w| !lex::is_keyword(w));
    name.is_some_and(|w| lex::after_word(lex::ws(&line[w.len()..]), "has").is_some())
}

/// The expected keyword closest to a misspelt word, if one is close enough.
fn closest_keyword(word: &str, expected: &[Expect]) -> Option<&'static str> {
    let keywords = expected.iter().flat_map(|e| match e {
        Expect::Kw(k) => std::slice::from_ref(k),
        Expect::Thing(_, ks) => ks,
        Expect::Punct(_) => &[],
    });
    let length = word.chars().count();
    let limit = (length / 3).max(1);
    // The distance is at least the difference in length: a long word is compared with
    // nothing, rather than at a cost of its length times each keyword's.
    keywords
        .filter(|k| k.len().abs_diff(length) <= limit)
        .map(|k| (strsim::damerau_levenshtein(word, k), *k))
        .filter(|&(d, k)| d <= limit && k != word)
        .min()
        .map(|(_, k)| k)
}

fn describe_expected(expected: &[Expect]) -> String {
    let items: Vec<String> = expected
        .iter()
        .map(|e| match e {
            Expect::Kw(k) => format!("`{k}`"),
            Expect::Punct(p) => format!("`{p}`"),
            Expect::Thing(d, _) => d.to_string(),
        })
        .collect();
    match items.as_slice() {
        [] => "something else".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
