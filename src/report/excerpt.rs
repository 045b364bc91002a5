//! The lines of a file around some labels, as the human report shows them: only those
//! lines are read (rendering costs what is shown, not the size of the file), long lines
//! are cut around their labels with an ellipsis, and unsafe characters are escaped.

use crate::source::{SourceFile, Span};
use crate::terminal;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Lines of more characters than this are cut around their labels.
const LONG_LINE: usize = 160;
/// Characters kept on either side of a label on a cut line.
const CONTEXT: usize = 40;
/// Characters of a label kept on a cut line.
const LABEL_MAX: usize = 60;
/// Lines of one label shown at most.
const SPAN_LINES: usize = 8;
const ELLIPSIS: char = '…';

/// Some consecutive lines of a file, made fit for a terminal, that miette reads as the
/// source of a snippet; line numbers and columns are those of the file.
#[derive(Debug)]
pub(super) struct Excerpt {
    name: String,
    text: String,
    /// The index in the file of the excerpt's first line.
    first_line: usize,
    /// Each label's start in the excerpt, with its line and column in the file (from 0).
    starts: Vec<(usize, usize, usize)>,
}

impl Excerpt {
    /// The lines of `file` around `spans` (one more on either side), and where each span
    /// lies in them.
    pub fn new(file: &SourceFile, spans: &[Span]) -> (Excerpt, Vec<SourceSpan>) {
        let text: &str = &file.text;
        let mut ranges = Vec::with_capacity(spans.len());
        let mut starts = Vec::with_capacity(spans.len());
        let (mut first, mut last) = (usize::MAX, 0);
        for span in spans {
            let start = (span.start as usize).min(text.len());
            let (line, column) = file.line_col(start);
            let shown_last = (line - 1 + SPAN_LINES - 1).min(file.line_count() - 1);
            let end = (span.end as usize).clamp(start, file.line_bounds(shown_last).1.max(start));
            ranges.push((start, end));
            starts.push((line - 1, column - 1));
            first = first.min(line - 1);
            last = last.max(file.line_col(end).0 - 1);
        }
        let first = first.min(last).saturating_sub(1);
        let last = (last + 1).min(file.line_count() - 1);
        let mut builder = Builder::new(text, &ranges);
        for line in first..=last {
            builder.line(file, line, &ranges, line == last);
        }
        // miette shows no label at the very end of a text without a final line break (a
        // missing `.` at the end of a file, or of an `--assume` argument): give it one.
        if !builder.out.ends_with('\n') {
            builder.out.push('\n');
        }
        let placed = builder.placed;
        let shown: Vec<SourceSpan> = (0..ranges.len())
            .map(|i| SourceSpan::new(placed[2 * i].into(), placed[2 * i + 1] - placed[2 * i]))
            .collect();
        let starts = starts.iter().zip(&shown).map(|(&(l, c), s)| (s.offset(), l, c)).collect();
        let name = terminal::escape(&file.name).into_owned();
        (Excerpt { name, text: builder.out, first_line: first, starts }, shown)
    }
}

/// Writes the excerpt's lines, placing each span's start and end as it passes them.
struct Builder<'a> {
    text: &'a str,
    out: String,
    /// Every span's start and end in the file, by offset, with its slot in `placed`.
    marks: Vec<(usize, usize)>,
    next: usize,
    /// Where each span's start (slot 2i) and end (2i + 1) fall in the excerpt.
    placed: Vec<usize>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, ranges: &[(usize, usize)]) -> Builder<'a> {
        let mut marks: Vec<(usize, usize)> =
            ranges.iter().enumerate().flat_map(|(i, &(s, e))| [(s, 2 * i), (e, 2 * i + 1)]).collect();
        marks.sort_unstable();
        Builder { text, out: String::new(), next: 0, placed: vec![0; marks.len()], marks }
    }

    /// Places every mark before `offset` where the excerpt now ends.
    fn place_before(&mut self, offset: usize) {
        while let Some(&(_, slot)) = self.marks.get(self.next).filter(|m| m.0 < offset) {
            self.placed[slot] = self.out.len();
            self.next += 1;
        }
    }

    fn line(&mut self, file: &SourceFile, index: usize, ranges: &[(usize, usize)], last: bool) {
        let (start, end, next) = file.line_bounds(index);
        let mut at = start;
        for (from, to) in kept(self.text, (start, end, next), ranges) {
            if from > at {
                self.place_before(from);
                self.out.push(ELLIPSIS);
            }
            for (i, c) in self.text[from..to].char_indices() {
                self.place_before(from + i + 1);
                terminal::push_char(&mut self.out, c, terminal::is_unsafe);
            }
            at = to;
        }
        if at < end {
            self.place_before(end);
            self.out.push(ELLIPSIS);
        }
        self.place_before(if last { usize::MAX } else { next });
        if next > end {
            self.out.push('\n');
        }
    }
}

/// The parts of a line to show: all of it when it is short, else the text around each
/// span on it (or its start when none is), in order and merged where they overlap.
fn kept(
    text: &str,
    (start, end, next): (usize, usize, usize),
    ranges: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    if text[start..end].chars().nth(LONG_LINE).is_none() {
        return vec![(start, end)];
    }
    let mut parts: Vec<(usize, usize)> = ranges
        .iter()
        .filter(|&&(s, e)| (s < next || s == end) && e >= start)
        .map(|&(s, e)| {
            let s = s.clamp(start, end);
            let shown_end = forward(text, s, LABEL_MAX).min(e.clamp(s, end));
            (back(text, start, s, CONTEXT), forward(text, shown_end, CONTEXT).min(end))
        })
        .collect();
    if parts.is_empty() {
        parts.push((start, forward(text, start, LONG_LINE / 2).min(end)));
    }
    parts.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(parts.len());
    for (from, to) in parts {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// The offset `n` characters after `from`.
fn forward(text: &str, from: usize, n: usize) -> usize {
    text[from..].char_indices().nth(n).map_or(text.len(), |(i, _)| from + i)
}

/// The offset `n` characters before `from`, not before `floor`.
fn back(text: &str, floor: usize, from: usize, n: usize) -> usize {
    text[floor..from].char_indices().rev().take(n).last().map_or(from, |(i, _)| floor + i)
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        // miette gives the primary label's line and column in the snippet's header.
        let label = self.starts.iter().find(|s| s.0 == span.offset() && before == 0 && after == 0);
        let (line, column) = match label {
            Some(&(_, line, column)) => (line, column),
            None => (inner.line() + self.first_line, inner.column()),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
    }
}
