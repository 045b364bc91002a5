//! Leaf parsers: white space, comments, words, names, numbers, dates, ratios, sources.
//!
//! Every parser here skips the white space and comments before its token and returns the
//! token with the input where it started (`Tok::at`), from which the parser makes spans.

use super::ast::WhenKind;
use super::err::SyntaxErrorKind;
use nom::error::{ErrorKind, ParseError};
use nom::IResult;
use smol_str::SmolStr;
use std::borrow::Cow;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub type PResult<'a, T> = IResult<&'a str, T, PError<'a>>;

/// A token's value and the input at which the token starts.
pub struct Tok<'a, T> {
    pub value: T,
    pub at: &'a str,
}

/// What the parser expected at a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    Kw(&'static str),
    Punct(&'static str),
    /// A description, and the keywords it stands for (for "did you mean").
    Thing(&'static str, &'static [&'static str]),
}

pub const A_NAME: Expect = Expect::Thing("a name", &[]);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrKind {
    Expected(Vec<Expect>),
    Invalid(SyntaxErrorKind, usize),
}

/// A parse failure: `before` is the input before the skipped white space, `at` where the
/// offending token starts.
#[derive(Clone, Debug, PartialEq)]
pub struct PError<'a> {
    pub before: &'a str,
    pub at: &'a str,
    pub kind: ErrKind,
}

impl<'a> PError<'a> {
    pub fn expected(before: &'a str, at: &'a str, what: Expect) -> PError<'a> {
        PError { before, at, kind: ErrKind::Expected(vec![what]) }
    }

    pub fn invalid(at: &'a str, kind: SyntaxErrorKind, len: usize) -> PError<'a> {
        PError { before: at, at, kind: ErrKind::Invalid(kind, len) }
    }
}

impl<'a> ParseError<&'a str> for PError<'a> {
    fn from_error_kind(input: &'a str, _: ErrorKind) -> Self {
        PError { before: input, at: input, kind: ErrKind::Expected(vec![]) }
    }

    fn append(_: &'a str, _: ErrorKind, other: Self) -> Self {
        other
    }

    /// Of two failed alternatives keep the one that got further; at the same place, merge.
    fn or(self, other: Self) -> Self {
        use std::cmp::Ordering::*;
        match self.at.len().cmp(&other.at.len()) {
            Less => self,
            Greater => other,
            Equal => match (self.kind, other.kind) {
                (ErrKind::Expected(mut a), ErrKind::Expected(b)) => {
                    a.extend(b.into_iter().filter(|e| !a.contains(e)).collect::<Vec<_>>());
                    PError { kind: ErrKind::Expected(a), ..self }
                }
                (k @ ErrKind::Invalid(..), _) | (_, k @ ErrKind::Invalid(..)) => PError { kind: k, ..self },
            },
        }
    }
}

fn fail<'a, T>(e: PError<'a>) -> PResult<'a, T> {
    Err(nom::Err::Error(e))
}

fn fatal<'a, T>(e: PError<'a>) -> PResult<'a, T> {
    Err(nom::Err::Failure(e))
}

/// Skips white space and `#` comments. Between two words there is most often one space
/// or none, which is told from the first two bytes.
#[inline]
pub fn ws(i: &str) -> &str {
    let plain = |b: u8| b < 0x80 && !(b as char).is_whitespace() && b != b'#';
    match i.as_bytes() {
        [] => i,
        [first, ..] if plain(*first) => i,
        [b' ', next, ..] if plain(*next) => &i[1..],
        _ => ws_any(i),
    }
}

fn ws_any(i: &str) -> &str {
    let b = i.as_bytes();
    let mut n = 0;
    loop {
        match b.get(n) {
            Some(b' ' | b'\t' | b'\n' | b'\r') => n += 1,
            Some(b'#') => n += b[n..].iter().position(|&c| c == b'\n').unwrap_or(b.len() - n),
            Some(&c) if c >= 0x80 => match i[n..].chars().next() {
                Some(c) if c.is_whitespace() || c == '\u{feff}' => n += c.len_utf8(),
                _ => return &i[n..],
            },
            _ => return &i[n..],
        }
    }
}

pub fn is_word_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

pub fn is_word_char(c: char) -> bool {
    c == '_'
        || c == '-'
        || c.is_alphanumeric()
        || (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
}

/// The word at the start of `i`, if any (no white space skipped).
pub fn word_at(i: &str) -> Option<&str> {
    let b = i.as_bytes();
    let first = *b.first()?;
    let starts = if first < 0x80 {
        first.is_ascii_alphabetic() || first == b'_'
    } else {
        i.starts_with(is_word_start)
    };
    if !starts {
        return None;
    }
    let ascii = ascii_word_len(b);
    if ascii < b.len() && b[ascii] >= 0x80 {
        let rest = &i[ascii..];
        return Some(&i[..ascii + rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len())]);
    }
    Some(&i[..ascii])
}

/// The word at the start of `i` if it is plain ASCII and no keyword; `None` also when a
/// byte beyond ASCII follows it, which the general reading takes.
pub fn plain_word_at(i: &str) -> Option<&str> {
    let b = i.as_bytes();
    if !b.first().is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_') {
        return None;
    }
    let len = ascii_word_len(b);
    if b.get(len).is_some_and(|&c| c >= 0x80) {
        return None;
    }
    Some(&i[..len]).filter(|w| !is_keyword(w))
}

/// What follows the ASCII word `w` at the start of `i`, if the word there is `w` and
/// ends in ASCII: a verb or keyword is matched without first measuring the word (a byte
/// beyond ASCII after `w` gives `None`; the general reading then decides).
pub fn after_word<'a>(i: &'a str, w: &str) -> Option<&'a str> {
    let rest = i.strip_prefix(w)?;
    match rest.as_bytes().first() {
        Some(&c) if c >= 0x80 || is_ascii_word_byte(c) => None,
        _ => Some(rest),
    }
}

/// Which bytes are ASCII word characters: one look-up per byte of every name read.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        b += 1;
    }
    table
};

fn is_ascii_word_byte(b: u8) -> bool {
    WORD_BYTES[b as usize]
}

/// How many ASCII word bytes start `b`. Eight bytes are tested at once where eight
/// remain: a name's end is then found without a branch per byte, whose exit the
/// processor mispredicts at every name of a varying length.
fn ascii_word_len(b: &[u8]) -> usize {
    let mut n = 0;
    while let Some(&eight) = b.get(n..).and_then(|rest| rest.first_chunk::<8>()) {
        let stops = not_word_bytes(u64::from_le_bytes(eight));
        if stops != 0 {
            return n + stops.trailing_zeros() as usize / 8;
        }
        n += 8;
    }
    n + b[n..].iter().position(|&c| !is_ascii_word_byte(c)).unwrap_or(b.len() - n)
}

/// The top bit of each byte of `x` that is no ASCII word byte (`[A-Za-z0-9_-]`).
fn not_word_bytes(x: u64) -> u64 {
    const TOP: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Seven bits of each byte, so that adding below 0x80 never carries into the next.
    let low = x & !TOP;
    // Top bit set where the byte is at least `lo` and at most `hi`.
    let within = |lo: u8, hi: u8| (low + ONES * (0x80 - lo) as u64) & !(low + ONES * (0x7f - hi) as u64);
    let word = within(b'0', b'9')
        | within(b'A', b'Z')
        | within(b'a', b'z')
        | within(b'_', b'_')
        | within(b'-', b'-');
    // A byte beyond ASCII is no ASCII word byte, whatever its low bits.
    !(word & !x) & TOP
}

/// A bare word (keyword or not).
pub fn word(i: &str) -> PResult<'_, Tok<'_, &str>> {
    let at = ws(i);
    match word_at(at) {
        Some(w) => Ok((&at[w.len()..], Tok { value: w, at })),
        None => fail(PError::expected(i, at, A_NAME)),
    }
}

/// Exactly the keyword `k`.
pub fn kw<'a>(k: &'static str) -> impl Fn(&'a str) -> PResult<'a, Tok<'a, ()>> {
    move |i| {
        let at = ws(i);
        match word_at(at) {
            Some(w) if w == k => Ok((&at[w.len()..], Tok { value: (), at })),
            _ => fail(PError::expected(i, at, Expect::Kw(k))),
        }
    }
}

/// Whether the next token is the punctuation `p` (nothing consumed).
pub fn peek_punct(i: &str, p: &str) -> bool {
    ws(i).starts_with(p)
}

/// Whether the next token is the keyword `k` (nothing consumed).
pub fn peek_kw(i: &str, k: &str) -> bool {
    word_at(ws(i)) == Some(k)
}

/// Exactly the punctuation `p`.
pub fn punct<'a>(p: &'static str) -> impl Fn(&'a str) -> PResult<'a, Tok<'a, ()>> {
    move |i| {
        let at = ws(i);
        match at.strip_prefix(p) {
            Some(rest) => Ok((rest, Tok { value: (), at })),
            None => fail(PError::expected(i, at, Expect::Punct(p))),
        }
    }
}

/// A name: a word that is not a keyword, or a quoted name; NFC-normalised.
pub fn name(i: &str) -> PResult<'_, Tok<'_, SmolStr>> {
    let at = ws(i);
    if at.starts_with('"') {
        let (rest, text) = quoted(at)?;
        return Ok((rest, Tok { value: nfc(&text), at }));
    }
    match word_at(at) {
        Some(w) if !is_keyword(w) => Ok((&at[w.len()..], Tok { value: nfc(w), at })),
        _ => fail(PError::expected(i, at, A_NAME)),
    }
}

/// A quoted string starting at `i` (no white space skipped), unescaped.
pub fn quoted(i: &str) -> PResult<'_, Cow<'_, str>> {
    let body = &i[1..];
    let end = body.find(['"', '\\', '\n']);
    if let Some(n) = end.filter(|&n| body.as_bytes()[n] == b'"') {
        return Ok((&body[n + 1..], Cow::Borrowed(&body[..n])));
    }
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((n, c)) = chars.next() {
        match c {
            '"' => return Ok((&body[n + 1..], Cow::Owned(out))),
            '\n' | '\r' if c == '\n' || body[n..].starts_with("\r\n") => break,
            '\\' => match chars.next() {
                Some((_, e @ ('"' | '\\'))) => out.push(e),
                Some((m, e)) if e != '\n' && e != '\r' => {
                    let len = m + e.len_utf8() - n;
                    return fatal(PError::invalid(&body[n..], SyntaxErrorKind::BadEscape(e), len));
                }
                _ => break,
            },
            c => out.push(c),
        }
    }
    fatal(PError::invalid(i, SyntaxErrorKind::UnterminatedString, 1))
}

/// A quoted free-text string.
pub fn string(i: &str) -> PResult<'_, Tok<'_, SmolStr>> {
    let at = ws(i);
    if !at.starts_with('"') {
        return fail(PError::expected(i, at, Expect::Thing("a quoted text", &[])));
    }
    let (rest, text) = quoted(at)?;
    Ok((rest, Tok { value: SmolStr::new(text), at }))
}

/// NFC normalisation, without allocating for text that is already NFC.
pub fn nfc(s: &str) -> SmolStr {
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        SmolStr::new(s)
    } else {
        s.nfc().collect::<String>().into()
    }
}

fn digits_with_underscores(i: &str) -> usize {
    let b = i.as_bytes();
    let mut n = 0;
    while n < b.len()
        && (b[n].is_ascii_digit() || (b[n] == b'_' && n > 0 && n + 1 < b.len() && b[n + 1].is_ascii_digit()))
    {
        n += 1;
    }
    n
}

/// The date of an event as written: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `D1..D2` or `..D`
/// (white space may stand around `..`). Only positions may have the uncertain forms; the
/// parser says so elsewhere, and checks the order of an interval's days.
pub fn when(i: &str) -> PResult<'_, Tok<'_, WhenKind>> {
    let at = ws(i);
    if let Some(after) = dots_then_day(at) {
        let (rest, last) = day(after)?;
        return Ok((rest, Tok { value: WhenKind::Before(last.value), at }));
    }
    if let Some((rest, kind)) = year_or_month(at)? {
        return Ok((rest, Tok { value: kind, at }));
    }
    let (rest, first) = day(i)?;
    match dots_then_day(ws(rest)) {
        Some(after) => {
            let (rest, last) = day(after)?;
            Ok((rest, Tok { value: WhenKind::Range(first.value, last.value), at }))
        }
        None => Ok((rest, Tok { value: WhenKind::Day(first.value), at })),
    }
}

/// The input after `..` when a day follows it: `..2024-04-28`, `.. 2024-04-28`.
fn dots_then_day(i: &str) -> Option<&str> {
    let after = i.strip_prefix("..")?;
    ws(after).starts_with(|c: char| c.is_ascii_digit()).then_some(after)
}

/// `YYYY` or `YYYY-MM` standing alone, not the start of a longer date, number or word;
/// `None` for anything else. A month that does not exist is an error.
fn year_or_month(at: &str) -> Result<Option<(&str, WhenKind)>, nom::Err<PError<'_>>> {
    let b = at.as_bytes();
    let number = |r: std::ops::Range<usize>| {
        let digits = b.get(r)?;
        digits.iter().try_fold(0i16, |n, &d| d.is_ascii_digit().then(|| n * 10 + (d - b'0') as i16))
    };
    let Some(year) = number(0..4) else { return Ok(None) };
    let month = if b.get(4) == Some(&b'-') { number(5..7) } else { None };
    let len = if month.is_some() { 7 } else { 4 };
    let rest = &at[len..];
    let longer = rest.starts_with(|c: char| is_word_char(c) || c == '/')
        || rest.strip_prefix('.').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    if longer {
        return Ok(None);
    }
    let date = jiff::civil::Date::new(year, month.unwrap_or(1) as i8, 1).map_err(|_| {
        nom::Err::Failure(PError::invalid(at, SyntaxErrorKind::InvalidDate(at[..len].into()), len))
    })?;
    Ok(Some((rest, if month.is_some() { WhenKind::Month(date) } else { WhenKind::Year(date) })))
}

/// A date `YYYY-MM-DD` that exists in the calendar.
pub fn day(i: &str) -> PResult<'_, Tok<'_, jiff::civil::Date>> {
    let at = ws(i);
    if let Some((rest, date)) = plain_date(at) {
        return Ok((rest, Tok { value: date, at }));
    }
    if !at.starts_with(|c: char| c.is_ascii_digit()) {
        return fail(PError::expected(i, at, Expect::Thing("a date (YYYY-MM-DD)", &[])));
    }
    let len = at.bytes().position(|c| !(c.is_ascii_digit() || c == b'-')).unwrap_or(at.len());
    let text = &at[..len];
    let b = text.as_bytes();
    let shaped = len == 10 && b[4] == b'-' && b[7] == b'-' && b.iter().filter(|&&c| c == b'-').count() == 2;
    if !shaped || at[len..].starts_with(is_word_char) {
        let len = at.find(|c: char| !is_word_char(c)).unwrap_or(at.len());
        return fatal(PError::invalid(at, SyntaxErrorKind::DateFormat, len));
    }
    let num = |r: std::ops::Range<usize>| b[r].iter().fold(0i16, |n, d| n * 10 + (d - b'0') as i16);
    let (y, m, d) = (num(0..4), num(5..7) as i8, num(8..10) as i8);
    match jiff::civil::Date::new(y, m, d) {
        Ok(date) => Ok((&at[len..], Tok { value: date, at })),
        Err(_) => fatal(PError::invalid(at, SyntaxErrorKind::InvalidDate(text.into()), len)),
    }
}

/// `YYYY-MM-DD` at the start of `i` (no white space skipped), a real date not followed
/// by a word character; `None` for anything else, which [`date`] reports. Millions of
/// positions each start with a date: this reads its ten bytes once.
pub fn plain_date(i: &str) -> Option<(&str, jiff::civil::Date)> {
    let b = i.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0i16, |n, &d| d.is_ascii_digit().then(|| n * 10 + (d - b'0') as i16))
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let after = b.get(10).copied().unwrap_or(b' ');
    if after >= 0x80 || is_ascii_word_byte(after) {
        return None;
    }
    Some((&i[10..], jiff::civil::Date::new(y, m as i8, d as i8).ok()?))
}

/// Whether the input (after white space) starts with something shaped like the date of
/// an event: `YYYY-…`, `YYYY:` or `..YYYY-…`.
pub fn looks_like_date(i: &str) -> bool {
    let i = ws(i);
    let b = i.strip_prefix("..").unwrap_or(i).as_bytes();
    b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && matches!(b[4], b'-' | b':')
}

/// An exact non-negative decimal `84_482_267` or `83.2`: (mantissa, scale, text).
pub fn number(i: &str) -> PResult<'_, Tok<'_, (u128, u8, &str)>> {
    let at = ws(i);
    if at.starts_with('-') && at[1..].starts_with(|c: char| c.is_ascii_digit()) {
        let len = 1 + digits_with_underscores(&at[1..]);
        return fatal(PError::invalid(at, SyntaxErrorKind::NegativeNumber, len));
    }
    let int_len = digits_with_underscores(at);
    if int_len == 0 {
        return fail(PError::expected(i, at, Expect::Thing("a number", &[])));
    }
    let mut len = int_len;
    if at[len..].starts_with('.') && at[len + 1..].starts_with(|c: char| c.is_ascii_digit()) {
        len += 1 + at[len + 1..].find(|c: char| !c.is_ascii_digit()).unwrap_or(at.len() - len - 1);
    }
    let text = &at[..len];
    let frac = text.split_once('.').map_or("", |(_, f)| f);
    if frac.len() > 9 {
        return fatal(PError::invalid(at, SyntaxErrorKind::TooManyDecimals, len));
    }
    let mut mantissa: u128 = 0;
    for d in text.bytes().filter(u8::is_ascii_digit) {
        mantissa = match mantissa.checked_mul(10).and_then(|m| m.checked_add((d - b'0') as u128)) {
            Some(m) => m,
            None => return fatal(PError::invalid(at, SyntaxErrorKind::NumberTooLarge, len)),
        };
    }
    Ok((&at[len..], Tok { value: (mantissa, frac.len() as u8, text), at }))
}

/// A whole number.
pub fn int(i: &str) -> PResult<'_, Tok<'_, (u64, &str)>> {
    let (rest, tok) = number(i)?;
    let (mantissa, scale, text) = tok.value;
    if scale > 0 {
        return fatal(PError::invalid(tok.at, SyntaxErrorKind::NotAnInteger, text.len()));
    }
    match u64::try_from(mantissa) {
        Ok(v) => Ok((rest, Tok { value: (v, text), at: tok.at })),
        Err(_) => fatal(PError::invalid(tok.at, SyntaxErrorKind::NumberTooLarge, text.len())),
    }
}

/// `[any text without ]]` on one line: the trimmed text inside.
pub fn source(i: &str) -> PResult<'_, Tok<'_, &str>> {
    let at = ws(i);
    let Some(body) = at.strip_prefix('[') else {
        return fail(PError::expected(i, at, Expect::Punct("[")));
    };
    match body.find([']', '\n']) {
        Some(n) if body.as_bytes()[n] == b']' => Ok((&body[n + 1..], Tok { value: body[..n].trim(), at })),
        _ => fatal(PError::invalid(at, SyntaxErrorKind::UnterminatedSource, 1)),
    }
}

/// The statement end: `.` (whether white space follows is checked by the caller).
pub fn period(i: &str) -> PResult<'_, Tok<'_, ()>> {
    punct(".")(i)
}

/// Whether a `.` just consumed is properly followed by white space, a comment or EOF.
pub fn period_is_followed_well(rest: &str) -> bool {
    match rest.as_bytes().first() {
        None => true,
        Some(&b) if b < 0x80 => (b as char).is_whitespace() || b == b'#',
        Some(_) => rest.starts_with(char::is_whitespace),
    }
}

/// A short description of the token at `at` and its length in bytes, for messages.
pub fn describe(at: &str) -> (String, usize) {
    if at.is_empty() {
        return ("end of file".into(), 0);
    }
    if let Some(w) = word_at(at) {
        let shown = clip(w);
        let what = if is_keyword(w) { format!("keyword `{shown}`") } else { format!("`{shown}`") };
        return (what, w.len());
    }
    if let Some(body) = at.strip_prefix('"') {
        let len = body.find(['"', '\n']).map_or(at.len(), |n| n + 2).min(at.len());
        return (format!("`{}`", clip(&at[..len])), len);
    }
    if at.starts_with(|c: char| c.is_ascii_digit()) {
        let len = at.find(|c: char| !(c.is_ascii_digit() || "-_.%/".contains(c))).unwrap_or(at.len());
        let len = at[..len].trim_end_matches('.').len();
        return (format!("`{}`", &at[..len]), len);
    }
    let c = at.chars().next().unwrap_or(' ');
    (format!("`{c}`"), c.len_utf8())
}

fn clip(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((n, _)) => format!("{}…", &s[..n]),
        None => s.to_string(),
    }
}

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The reserved words of section 6 of the language, sorted (byte order) for a binary
/// search: every name of a large record is tested against them.
const KEYWORDS: [&str; 112] = [
    "April",
    "August",
    "December",
    "February",
    "January",
    "July",
    "June",
    "March",
    "May",
    "November",
    "October",
    "September",
    "abstain",
    "abstainers",
    "abstaining",
    "abstains",
    "abstentions",
    "admission",
    "admissions",
    "admit",
    "adopted",
    "adopting",
    "adopts",
    "all",
    "an",
    "and",
    "appoint",
    "appointment",
    "appointments",
    "as",
    "assuming",
    "at",
    "because",
    "body",
    "by",
    "compete",
    "consensus",
    "days",
    "end",
    "error",
    "exactly",
    "except",
    "expect",
    "fewer",
    "follow",
    "from",
    "group",
    "half",
    "has",
    "hold",
    "in",
    "info",
    "is",
    "join",
    "joins",
    "last",
    "least",
    "leave",
    "leaves",
    "member",
    "members",
    "met",
    "months",
    "more",
    "most",
    "never",
    "no",
    "nominate",
    "nomination",
    "nominations",
    "not",
    "of",
    "office",
    "on",
    "opponents",
    "oppose",
    "opposes",
    "or",
    "overlap",
    "possibly",
    "proposal",
    "proposals",
    "rejects",
    "requires",
    "resolution",
    "resolutions",
    "resolve",
    "retracting",
    "rule",
    "since",
    "some",
    "start",
    "support",
    "supporters",
    "supports",
    "term",
    "terms",
    "test",
    "than",
    "to",
    "unanimity",
    "until",
    "vacant",
    "violated",
    "vote",
    "voters",
    "votes",
    "warning",
    "withdraw",
    "withdrawn",
    "withdraws",
    "years",
];

/// Every reserved word, months included, sorted: for completion and editor grammars.
pub fn keywords() -> &'static [&'static str] {
    &KEYWORDS
}

#[inline]
pub fn is_keyword(w: &str) -> bool {
    // A word with a digit, `_` or `-` is never a keyword: most member names of a record.
    w.len() <= 12 && w.bytes().all(|b| b.is_ascii_alphabetic()) && KEYWORDS.binary_search(&w).is_ok()
}

/// Where the comments of a file are: `(start, end)` byte offsets of each `#…` run.
///
/// Strings and sources are skipped as the parser reads them (both end at the line end at
/// the latest), so a `#` inside them is not a comment.
pub fn comments(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut n = 0;
    while let Some(found) = memchr::memchr3(b'#', b'"', b'[', &b[n..]) {
        n += found;
        match b[n] {
            b'#' => {
                let end = memchr::memchr(b'\n', &b[n..]).map_or(text.len(), |e| n + e);
                let end = if end > n && b[end - 1] == b'\r' && end < text.len() { end - 1 } else { end };
                out.push((n, end));
                n = end;
            }
            b'"' => n = skip_quoted(b, n),
            _ => n = b[n..].iter().position(|&c| c == b']' || c == b'\n').map_or(b.len(), |e| n + e + 1),
        }
    }
    out
}

fn skip_quoted(b: &[u8], start: usize) -> usize {
    let mut n = start + 1;
    while n < b.len() {
        match b[n] {
            b'\\' => n += 2,
            b'"' => return n + 1,
            b'\n' => return n,
            _ => n += 1,
        }
    }
    b.len()
}

/// Where to go on after a syntax error at `from`: just after the next statement end, or
/// the start of the next line that begins a statement, whichever comes first.
pub fn recover(src: &str, from: usize) -> usize {
    let b = src.as_bytes();
    let mut n = from;
    while n < b.len() {
        match b[n] {
            b'"' => n = skip_quoted(b, n),
            b'#' => n = b[n..].iter().position(|&c| c == b'\n').map_or(b.len(), |e| n + e),
            b'[' => n = b[n..].iter().position(|&c| c == b']' || c == b'\n').map_or(b.len(), |e| n + e),
            b'.' if period_is_followed_well(&src[n + 1..]) => return n + 1,
            b'\n' if starts_statement(&src[n + 1..]) => return n + 1,
            _ => n += 1,
        }
        n = n.max(from + 1).min(b.len());
    }
    b.len()
}

/// Whether a line begins (in its first column) with a token that starts a statement.
pub fn starts_statement(line: &str) -> bool {
    looks_like_date(line) && line.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        || matches!(
            word_at(line),
            Some("body" | "group" | "office" | "proposal" | "members" | "term" | "rule")
        )
}

#[cfg(test)]
mod tests {
    use super::{is_keyword, KEYWORDS};

    proptest::proptest! {
        /// Eight bytes at a time, a word's length is what testing byte by byte gives.
        #[test]
        fn a_word_is_as_long_tested_eight_bytes_at_once(
            bytes in proptest::collection::vec(proptest::sample::select(SAMPLE_BYTES.to_vec()), 0..40)
        ) {
            let by_byte = bytes.iter().position(|&c| !super::is_ascii_word_byte(c)).unwrap_or(bytes.len());
            proptest::prop_assert_eq!(super::ascii_word_len(&bytes), by_byte);
        }
    }

    /// Word bytes and those just outside each range of them, with some beyond ASCII.
    const SAMPLE_BYTES: &[u8] = b"09AZaz_-/:@[`{ .,\n\x80\xff\xc3\x7f\x00m1p";

    #[test]
    fn every_byte_is_a_word_byte_or_not_as_the_table_says() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut eight = [b'a'; 8];
                eight[at] = b;
                let stops = super::not_word_bytes(u64::from_le_bytes(eight));
                let want = if super::is_ascii_word_byte(b) { 0 } else { 0x80 << (8 * at) };
                assert_eq!(stops, want, "byte {b:#x} at {at}");
            }
        }
    }

    #[test]
    fn keywords_are_sorted_for_the_search_and_each_is_found() {
        assert!(KEYWORDS.windows(2).all(|w| w[0] < w[1]), "KEYWORDS must stay sorted");
        assert!(KEYWORDS.iter().all(|k| is_keyword(k)));
        for word in ["m1", "Hungary", "support_", "supportss", "", "NATO", "january"] {
            assert!(!is_keyword(word), "{word}");
        }
    }
}
