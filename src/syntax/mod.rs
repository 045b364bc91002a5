//! Source text to syntax tree: the Concord grammar, with a span on every node.
//!
//! nom's types stay inside this module: callers see [`parse`], the AST and
//! [`SyntaxError`].

pub mod ast;
mod compact;
mod err;
mod expect;
mod facts;
mod hint;
mod lex;
mod parse;
mod print;
mod rules;

pub use err::{no_such_day, SyntaxError, SyntaxErrorKind};
pub use lex::{is_keyword, keywords, MONTHS};
pub use parse::MAX_DEPTH;
pub use print::{canonical_text, name as quote_name, print_file, print_statement, WIDTH};

use crate::source::{FileId, Pieces, Span};

/// Parses one file's text. Every syntax error is reported; statements that parse are kept.
///
/// A large file is parsed on several threads (see [`parse_on`]); the result is the same.
pub fn parse(text: &str, file: FileId) -> (ast::File, Vec<SyntaxError>) {
    parse_on(text, file, threads_for(text.len()))
}

/// A file is cut only above SPLIT_MIN, and then in pieces of at least a quarter of it.
fn threads_for(len: usize) -> usize {
    match len < parse::SPLIT_MIN {
        true => 1,
        false => crate::threads::for_work(len, parse::SPLIT_MIN / 4),
    }
}

/// [`parse`] with the file cut into `threads` pieces at statement ends, one per thread.
pub fn parse_on(text: &str, file: FileId, threads: usize) -> (ast::File, Vec<SyntaxError>) {
    if threads <= 1 {
        return parse::Parser::new(text, file).file();
    }
    parse::parse_in_parts(text, file, threads)
}

/// As [`parse`], a large file's statements left in pieces of about `parse::PIECE` bytes
/// of text, in reading order, consecutive ones parsed on each thread: together they are
/// the file. Joining them would copy them all again, and apart, each can be freed once
/// read.
pub fn parse_pieces(text: &str, file: FileId) -> (Vec<ast::File>, Vec<SyntaxError>) {
    let threads = threads_for(text.len());
    pieces_on(text, file, threads, threads * (text.len() / (threads * parse::PIECE)).max(1))
}

/// [`parse_pieces`] in `pieces` on `threads` threads (tests compare it with one thread).
pub fn pieces_on(
    text: &str,
    file: FileId,
    threads: usize,
    pieces: usize,
) -> (Vec<ast::File>, Vec<SyntaxError>) {
    parse::pieces_in_parts(text, file, threads, pieces)
}

/// As [`parse_pieces`], each thread handing the flat positions of the pieces it parses
/// to a sink of its own, made by `new_sink`, instead of keeping them: the positions of a
/// large record never exist as a tree (the files keep the places of their other
/// statements, see [`ast::Handed`]). Gives the pieces in reading order, and the sinks;
/// `None` if the text is not UTF-8 (a mapped text is checked as it is parsed, see
/// [`crate::source::Checking`]).
///
/// `parsed` is told each piece of the text (a range of bytes) once it is parsed.
pub fn parse_into<S: ast::PositionSink + Send, T: Pieces + ?Sized>(
    text: &T,
    file: FileId,
    new_sink: &(dyn Fn() -> S + Sync),
    parsed: &(dyn Fn(std::ops::Range<usize>) + Sync),
) -> Option<(Vec<ast::File>, Vec<S>, Vec<SyntaxError>)> {
    let len = text.bytes().len();
    let threads = threads_for(len);
    let pieces = threads * (len / (threads * parse::PIECE)).max(1);
    let (pieces, sinks, errors) =
        parse::sunk_in_parts(text, file, (threads, pieces), &|| Some(new_sink()), parsed)?;
    Some((pieces, sinks.into_iter().flatten().collect(), errors))
}

/// [`parse_into`] in `pieces` on `threads` threads (tests compare it with the general path).
pub fn into_on<S: ast::PositionSink + Send>(
    text: &str,
    file: FileId,
    (threads, pieces): (usize, usize),
    new_sink: &(dyn Fn() -> S + Sync),
) -> (Vec<ast::File>, Vec<S>, Vec<SyntaxError>) {
    let sunk = parse::sunk_in_parts(text, file, (threads, pieces), &|| Some(new_sink()), &|_| {});
    let (pieces, sinks, errors) = sunk.expect("a str is UTF-8");
    (pieces, sinks.into_iter().flatten().collect(), errors)
}

/// The flat position that starts at byte `start` of `text`, read again: what a sink
/// took, for a closer look.
pub fn position_at(text: &str, file: FileId, start: usize) -> Option<ast::Position> {
    match parse::Parser::new(text, file).statement(text.get(start..)?) {
        Ok((_, ast::Statement::Position(p))) => Some(p),
        _ => None,
    }
}

/// The text `concord fmt` writes for a file's text, or the syntax errors that stop it.
pub fn format(text: &str) -> Result<String, Vec<SyntaxError>> {
    let (ast, errors) = parse(text, FileId(0));
    match errors.is_empty() {
        true => Ok(canonical_text(&ast, text)),
        false => Err(errors),
    }
}

/// Checks that a file's bytes are UTF-8, naming the offset of the first bad byte if not.
pub fn decode(bytes: &[u8], file: FileId) -> Result<&str, SyntaxError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let len = e.error_len().unwrap_or(bytes.len() - at);
        SyntaxError { kind: SyntaxErrorKind::InvalidUtf8(at), span: Span::new(file, at, at + len) }
    })
}
