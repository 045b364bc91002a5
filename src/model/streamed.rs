//! Flat positions taken while a file is parsed (`syntax::parse_into`), for records too
//! large to hold as trees. Each parsing thread numbers the names it meets in tables of its
//! own and keeps each position in the model's form, grouped by proposal; once every
//! declaration is read, each table is resolved once and the positions take their names'
//! ids in place. No position exists as a tree, nor is copied to be resolved, and a
//! position needs no reading order: its place in the files orders it (`positions.rs`).

use super::declare::Resolver;
use super::numbering::{Batch, Numbering};
use super::positions::Known;
use super::raw::{self, push_to, Bucket, FirstDay};
use super::*;
use crate::syntax::ast::{self, PositionSink};
use lasso::Key;

/// Below this many positions, a thread costs more than it saves.
const PARALLEL_MIN: usize = 10_000;

/// One parsing thread's flat positions, from whichever pieces of a file it parsed.
#[derive(Default)]
pub struct Streamed {
    /// Member names, proposal names and sources by text, each numbered in order of first
    /// use.
    members: Numbering,
    proposals: Numbering,
    sources: Numbering,
    /// By proposal number. Until [`Resolver::collect_streamed`], a position's member and
    /// source are numbers of these tables.
    by_proposal: Vec<Bucket>,
    /// The first days of positions whose days are uncertain: (proposal number, piece
    /// and index in the piece, first day).
    first_days: Vec<(u32, (u32, u32), Date)>,
    /// Positions given but not yet taken (see [`BATCH`]).
    pending: Vec<ast::Position>,
    scratch: Scratch,
    latest: Option<Date>,
}

/// The numbers of a batch's names, kept between batches.
#[derive(Default)]
struct Scratch {
    batch: Batch,
    members: Vec<u32>,
    proposals: Vec<u32>,
    sources: Vec<u32>,
}

/// Positions are taken in batches of this many, their names looked up together
/// ([`Numbering::number_all`]), where one look-up between the parsing of two statements
/// waits for memory each time.
const BATCH: usize = 1024;

impl PositionSink for Streamed {
    fn position(&mut self, src: &str, p: &ast::Position) {
        self.pending.push(*p);
        if self.pending.len() == BATCH {
            self.take_pending(src);
        }
    }

    fn end_piece(&mut self, src: &str) {
        self.take_pending(src);
    }
}

impl Streamed {
    /// How many positions it took.
    pub fn count(&self) -> usize {
        self.by_proposal.iter().map(raw::count).sum()
    }

    fn take_pending(&mut self, src: &str) {
        let mut pending = std::mem::take(&mut self.pending);
        let mut s = std::mem::take(&mut self.scratch);
        self.members.number_all(pending.iter().map(|p| p.member(src)), &mut s.batch, &mut s.members);
        self.proposals.number_all(pending.iter().map(|p| p.proposal(src)), &mut s.batch, &mut s.proposals);
        let sources = pending.iter().filter_map(|p| p.source_text(src));
        self.sources.number_all(sources, &mut s.batch, &mut s.sources);
        let mut sources = s.sources.iter();
        for (p, (&member, &proposal)) in pending.iter().zip(s.members.iter().zip(&s.proposals)) {
            let source = p.source.and_then(|_| sources.next()).map(|&n| SourceId::new(n as usize));
            self.take(p, member, proposal as usize, source);
        }
        pending.clear();
        (self.pending, self.scratch) = (pending, s);
    }

    fn take(&mut self, p: &ast::Position, member: u32, proposal: usize, source: Option<SourceId>) {
        if proposal == self.by_proposal.len() {
            self.by_proposal.push(Vec::new());
        }
        self.latest = self.latest.max(Some(p.date));
        let member = Sym::try_from_usize(member as usize).expect("fewer names than bytes in a file");
        let place = push_to(&mut self.by_proposal[proposal], super::positions::resolved(p, member, source));
        if let Some(first) = p.first() {
            self.first_days.push((proposal as u32, place, first));
        }
    }
}

/// A share's positions with their names resolved.
#[derive(Default)]
struct Resolved {
    by_proposal: Vec<(ProposalId, Bucket)>,
    /// Positions naming something not known yet, for the general path.
    unknown: Vec<Span>,
    first_days: Vec<FirstDay>,
    count: usize,
    latest: Option<Date>,
}

impl Streamed {
    /// The positions with the ids of their names among those `known`; those naming
    /// something unknown are set apart.
    fn resolve(self, known: &Known, out: &mut Resolved) {
        let members = table(&self.members, |text| known.names.get(text).copied());
        let sources = table(&self.sources, |text| known.sources.get(text).copied());
        let proposals = table(&self.proposals, |text| known.proposals.get(text).copied());
        out.latest = out.latest.max(self.latest);
        // A position's member and source by their ids, if both are known.
        let resolve = |p: &Position| {
            let source = match p.source() {
                None => Some(None),
                Some(s) => Some(Some(sources[s.index()]?)),
            };
            Some(Position { member: members[p.member.into_usize()]?, ..p.with_source(source?) })
        };
        for &(n, (piece, index), first) in &self.first_days {
            let p = &self.by_proposal[n as usize][piece as usize][index as usize];
            if let (Some(proposal), Some(p)) = (proposals[n as usize], resolve(p)) {
                out.first_days.push(FirstDay::of(proposal, &p, first));
            }
        }
        for (n, mut bucket) in self.by_proposal.into_iter().enumerate() {
            out.count += raw::count(&bucket);
            let Some(proposal) = proposals[n] else {
                out.unknown.extend(bucket.iter().flatten().map(|p| p.span));
                continue;
            };
            for piece in bucket.iter_mut() {
                piece.retain_mut(|p| match resolve(p) {
                    Some(resolved) => {
                        *p = resolved;
                        true
                    }
                    None => {
                        out.unknown.push(p.span);
                        false
                    }
                });
            }
            out.by_proposal.push((proposal, bucket));
        }
    }
}

/// For each number of `numbers`, what `find` gives for its text.
fn table<T>(numbers: &Numbering, find: impl Fn(&str) -> Option<T>) -> Vec<Option<T>> {
    numbers.texts().map(find).collect()
}

impl Resolver<'_> {
    /// Adds the positions of `shares`; those naming something unknown take the general
    /// path, in reading order.
    pub fn collect_streamed(&mut self, shares: Vec<Streamed>) {
        let resolved = {
            let known = self.known();
            let known = &known;
            let resolve = |group: Vec<Streamed>| {
                let mut out = Resolved::default();
                group.into_iter().for_each(|share| share.resolve(known, &mut out));
                out
            };
            crate::threads::map(crate::threads::consecutive(shares, Streamed::count, PARALLEL_MIN), resolve)
        };
        let mut unknown = Vec::new();
        for r in resolved {
            self.m.fact_count += r.count;
            self.raw.latest_read = self.raw.latest_read.max(r.latest);
            for (proposal, pieces) in r.by_proposal {
                self.bucket(proposal).extend(pieces);
            }
            unknown.extend(r.unknown);
            self.raw.first_days.extend(r.first_days);
        }
        unknown.sort_unstable_by_key(|span| (span.file, span.start));
        for span in unknown {
            let src = &self.sources.get(span.file).text;
            // The text that gave the position gives it again.
            if let Some(p) = crate::syntax::position_at(src, span.file, span.start as usize) {
                self.position(&p);
            }
        }
    }
}
