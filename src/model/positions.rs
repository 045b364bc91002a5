//! Positions, the bulk of a large record. Flat positions are read on several threads
//! through read-only maps of the names known so far; the positions of each proposal are then
//! sorted and checked against memberships and ends, proposals shared among threads, each
//! written straight to its place in the model's one vector, in proposal order. The model
//! and the errors are the same as on one thread.

use super::declare::Resolver;
use super::err::{fact_error, ModelError};
use super::raw::{self, push_to, Bucket, FirstDay};
use super::*;
use crate::source::SourceMap;
use crate::syntax::ast::{self, Statement};
use std::mem::MaybeUninit;
use std::ops::Range;

/// Below this many statements, threads cost more than they save.
const PARALLEL_MIN: usize = 10_000;

/// Groups of proposals a thread's share of positions is cut into.
const GROUPS_A_THREAD: usize = 8;

/// What is wrong with a position; turned into an error once names can be read.
enum Problem {
    /// After its proposal's end; `true` when its day is uncertain (all its days are).
    AfterEnd(Position, bool),
    /// Not a member on the position's day; `true` when that is its last possible day.
    NotMember(Position, bool),
    NeverMember(Position),
    /// Two different stances on one day: (the overridden one, the one that stands).
    Conflict(Position, Position),
}

/// Statements to read positions from: borrowed from trees that stay, or a tree of its
/// own, freed as soon as its positions are read.
pub trait Piece: Send {
    fn statements(&self) -> &[Statement];
}

impl Piece for &[Statement] {
    fn statements(&self) -> &[Statement] {
        self
    }
}

impl Piece for ast::File {
    fn statements(&self) -> &[Statement] {
        &self.statements
    }
}

/// One thread's reading of its share of the statements.
#[derive(Default)]
struct Read {
    by_proposal: Vec<Bucket>,
    /// Positions naming something not known yet, for the general path afterwards.
    unknown: Vec<ast::Position>,
    /// The first days of those whose days are uncertain.
    first_days: Vec<FirstDay>,
    count: usize,
    latest: Option<Date>,
}

/// A group of proposals, sorted and checked.
struct Checked<'a> {
    positions: Slots<'a>,
    counts: Vec<usize>,
    found: Found,
}

/// What checking a group's positions finds besides the positions that stand.
#[derive(Default)]
struct Found {
    /// The first possible day of uncertain positions, by index in the group's positions.
    earliest: Vec<(u32, Date)>,
    problems: Vec<(ProposalId, Problem)>,
    /// The latest day of the positions kept.
    latest: Option<Date>,
}

/// The names, proposals and sources known before positions are read, by their text:
/// read-only, so threads share them, and a proposal is found in one look-up.
pub(super) struct Known<'a> {
    pub names: HashMap<&'a str, Sym>,
    pub proposals: HashMap<&'a str, ProposalId>,
    pub sources: HashMap<&'a str, SourceId>,
}

impl Resolver<'_> {
    /// Reads every flat position of `pieces`, the files' statements in reading order
    /// (numbered from 0); other statements are read by `collect_fact`.
    pub fn collect_positions<P: Piece>(&mut self, pieces: Vec<P>) {
        let shares = crate::threads::consecutive(pieces, |p| p.statements().len(), PARALLEL_MIN);
        let reads: Vec<Read> = {
            let known = self.known();
            let (known, sources, proposals) = (&known, self.sources, self.m.proposals.len());
            let read = |share: Vec<P>| read_share(share, known, sources, proposals);
            crate::threads::map(shares, read)
        };
        let mut unknown = Vec::new();
        for read in reads {
            self.m.fact_count += read.count;
            self.raw.latest_read = self.raw.latest_read.max(read.latest);
            for (proposal, pieces) in read.by_proposal.into_iter().enumerate() {
                if !pieces.is_empty() {
                    self.bucket(ProposalId(proposal as u32)).extend(pieces);
                }
            }
            unknown.extend(read.unknown);
            self.raw.first_days.extend(read.first_days);
        }
        for p in unknown {
            self.position(&p);
        }
    }

    pub(super) fn known(&self) -> Known<'_> {
        let names: HashMap<&str, Sym> = self.m.names.iter().map(|(sym, text)| (text, sym)).collect();
        let proposals = self.proposal_ids.iter().map(|(&sym, &id)| (self.m.name(sym), id)).collect();
        let sources = self.source_ids.iter().map(|(text, &id)| (text.as_str(), id)).collect();
        Known { names, proposals, sources }
    }

    /// A flat position whose names may be new: as the general form, read from the source.
    pub(super) fn position(&mut self, p: &ast::Position) {
        let sources = self.sources;
        let src: &str = &sources.get(p.span.file).text;
        let name = ast::Name { text: p.proposal(src).into(), span: p.span_of(p.proposal) };
        let Some(proposal) = self.proposal(&name) else { return };
        let member = self.m.names.get_or_intern(p.member(src));
        let source = p.source_text(src).map(|text| self.source_text(text));
        self.push_position(proposal, resolved(p, member, source), p.first());
    }

    /// Adds a position as read; `first` is its first possible day if its day is uncertain
    /// (its `date` is then the last).
    pub(super) fn push_position(&mut self, proposal: ProposalId, position: Position, first: Option<Date>) {
        let position = match first {
            Some(first) => {
                self.raw.first_days.push(FirstDay::of(proposal, &position, first));
                position.with_uncertain_day()
            }
            None => position,
        };
        push_to(self.bucket(proposal), position);
    }

    pub(super) fn bucket(&mut self, proposal: ProposalId) -> &mut Bucket {
        let buckets = &mut self.raw.positions;
        if buckets.len() <= proposal.index() {
            buckets.resize_with(proposal.index() + 1, Vec::new);
        }
        &mut buckets[proposal.index()]
    }

    /// Sorts each proposal's positions by member, date and place, keeps those that
    /// stand on or before *now*, and reports the others.
    pub(super) fn build_positions(&mut self) {
        let mut buckets = std::mem::take(&mut self.raw.positions);
        buckets.resize_with(self.m.proposals.len(), Vec::new);
        self.latest_position = None;
        let total: usize = buckets.iter().map(raw::count).sum();
        let threads = crate::threads::for_work(total, PARALLEL_MIN);
        // Groups smaller than a thread's share, taken in turn, so that threads finish
        // together; each writes its positions straight to its place in the model's.
        let groups = split_balanced(buckets, threads * GROUPS_A_THREAD);
        let mut all: Vec<Position> = Vec::with_capacity(total);
        let mut places = Vec::with_capacity(groups.len());
        let mut rest = &mut all.spare_capacity_mut()[..total];
        for group in groups {
            let (place, after) = std::mem::take(&mut rest).split_at_mut(group.1.iter().map(raw::count).sum());
            places.push(Place::new(Some((group, Slots { slots: place, len: 0 }))));
            rest = after;
        }
        let mut first_days = std::mem::take(&mut self.raw.first_days);
        first_days.sort_unstable();
        let (m, ever, first_days) = (&self.m, &self.ever_members, &first_days[..]);
        let (checked, _) = crate::threads::map_taken(&places, threads, Scratch::default, |scratch, place| {
            let (group, slots) = place.lock().ok().and_then(|mut g| g.take()).expect("each group once");
            check_group(m, ever, first_days, group, slots, scratch)
        });
        let written = self.take_checked(checked);
        drop(places);
        self.m.positions = close_up(all, &written);
    }

    /// Takes each group's checks, and its positions as they will be once the groups'
    /// are closed up; gives the place and count of each group's positions written.
    fn take_checked(&mut self, checked: Vec<Checked>) -> Vec<(usize, usize)> {
        let (mut proposal, mut place, mut filled) = (0, 0, 0);
        let mut moves = Vec::with_capacity(checked.len());
        for c in checked {
            self.latest_position = self.latest_position.max(c.found.latest);
            self.m
                .earliest
                .extend(c.found.earliest.iter().map(|&(index, first)| (filled as u32 + index, first)));
            for (id, problem) in c.found.problems {
                if let Some(e) = self.problem_error(id, problem) {
                    self.errors.push(e);
                }
            }
            let mut start = filled;
            for count in c.counts {
                self.m.proposals[proposal].positions = start..start + count;
                (start, proposal) = (start + count, proposal + 1);
            }
            moves.push((place, c.positions.len));
            (place, filled) = (place + c.positions.slots.len(), filled + c.positions.len);
        }
        moves
    }

    fn problem_error(&mut self, proposal: ProposalId, problem: Problem) -> Option<ModelError> {
        if let Problem::NeverMember(p) = problem {
            let body = self.m.proposals[proposal.index()].body;
            let label = self.label(&p, "not a member");
            return (!self.in_skipped(self.m.name(p.member)))
                .then(|| ModelError { label, ..self.undeclared_member(body, p.member, p.span) });
        }
        self.fact_problem(proposal, problem)
    }

    /// The label of a diagnostic about a position: a position of `members of …` stands
    /// for many, so its label names the member.
    fn label(&self, p: &Position, label: &str) -> String {
        match self.members_statements.contains(&(p.span.file, p.span.start)) {
            true => format!("{}: {label}", self.m.name(p.member)),
            false => label.to_string(),
        }
    }

    fn fact_problem(&self, proposal: ProposalId, problem: Problem) -> Option<ModelError> {
        let prop = &self.m.proposals[proposal.index()];
        let name = self.m.name(prop.name);
        let body = self.m.name(self.m.bodies[prop.body.index()].name);
        let member = |p: &Position| self.m.name(p.member);
        Some(match problem {
            Problem::AfterEnd(p, uncertain) => {
                let end = prop.end.expect("a position after the end has an end");
                let when = if uncertain { "on days that all come after" } else { "after" };
                fact_error(
                    "fact::position-after-end",
                    format!("{} takes a position on `{name}` {when} it ended on {}", member(&p), end.date),
                    p.span,
                    &self.label(&p, "after the end"),
                )
                .related(end.span, "ended here")
                .help("check the date of the position or of the decision")
            }
            Problem::NeverMember(_) => return None, // a name error, above
            Problem::NotMember(p, uncertain) => {
                let day = if uncertain { "the last day this position may fall on" } else { "that day" };
                let label = self.label(&p, "not a member on this date");
                fact_error("fact::not-a-member", format!("{} is not a member of {body} on {}", member(&p), p.date), p.span, &label)
                    .help(format!("only members of {body} on {day} may take a position on `{name}`; check the date or the membership"))
            }
            Problem::Conflict(earlier, later) => fact_error(
                "fact::stance-conflict",
                format!("{} takes two different positions on `{name}` on {}", member(&later), later.date),
                later.span,
                &self.label(&later, "this position stands"),
            )
            .related(earlier.span, self.label(&earlier, "this one is overridden"))
            .help("keep the position that is right, or date them apart")
            .warning(),
        })
    }
}

/// The statements of borrowed trees in pieces small enough to share among threads.
pub fn pieces(files: &[ast::File]) -> Vec<&[Statement]> {
    files.iter().flat_map(|f| f.statements.chunks(PARALLEL_MIN)).collect()
}

/// The flat positions of one share whose names are all known; the others for later.
fn read_share<P: Piece>(share: Vec<P>, known: &Known, sources: &SourceMap, proposals: usize) -> Read {
    let mut read = Read { by_proposal: vec![Vec::new(); proposals], ..Read::default() };
    // Each piece is dropped once read: a tree of its own is freed before the next is read.
    for piece in share {
        for s in piece.statements() {
            let Statement::Position(p) = s else { continue };
            read.count += 1;
            read.latest = read.latest.max(Some(p.date));
            match resolve_known(p, known, &sources.get(p.span.file).text) {
                Some((proposal, position)) => {
                    if let Some(first) = p.first() {
                        read.first_days.push(FirstDay::of(proposal, &position, first));
                    }
                    push_to(&mut read.by_proposal[proposal.index()], position);
                }
                None => read.unknown.push(*p),
            }
        }
    }
    read
}

fn resolve_known(p: &ast::Position, known: &Known, src: &str) -> Option<(ProposalId, Position)> {
    let proposal = *known.proposals.get(p.proposal(src))?;
    let member = *known.names.get(p.member(src))?;
    let source = match p.source_text(src) {
        Some(text) => Some(*known.sources.get(text)?),
        None => None,
    };
    Some((proposal, resolved(p, member, source)))
}

/// The model's position for a flat one, once its names are resolved.
pub(super) fn resolved(p: &ast::Position, member: Sym, source: Option<SourceId>) -> Position {
    let position = Position::new(member, p.date, Stance::from(p.stance), p.span, source);
    match p.days_before {
        0 => position,
        _ => position.with_uncertain_day(),
    }
}

/// Buckets cut into `threads` runs of consecutive proposals with about as many positions
/// each, each run with its first proposal.
fn split_balanced(buckets: Vec<Bucket>, threads: usize) -> Vec<Group> {
    let total: usize = buckets.iter().map(raw::count).sum();
    let mut groups = vec![(0, Vec::new())];
    let mut seen = 0;
    for (n, bucket) in buckets.into_iter().enumerate() {
        let full = seen * threads >= total * groups.len();
        if full && groups.len() < threads && !groups[groups.len() - 1].1.is_empty() {
            groups.push((n, Vec::new()));
        }
        seen += raw::count(&bucket);
        groups.last_mut().expect("one group at least").1.push(bucket);
    }
    groups
}

/// Consecutive proposals' buckets, with the first one's index.
type Group = (usize, Vec<Bucket>);

/// A group, to be taken by one thread, with its slots.
type Place<'a> = std::sync::Mutex<Option<(Group, Slots<'a>)>>;

/// A group's place among the model's positions, as many slots as it has positions, of
/// which the first `len` are written.
struct Slots<'a> {
    slots: &'a mut [MaybeUninit<Position>],
    len: usize,
}

/// The positions groups wrote to `all`'s slots, at `(place, count)` each, in order: a
/// group's slots are as many as its positions read, and those that do not stand leave
/// a gap, closed up here.
#[allow(unsafe_code)]
fn close_up(mut all: Vec<Position>, written: &[(usize, usize)]) -> Vec<Position> {
    let slots = all.spare_capacity_mut();
    let mut len = 0;
    for &(place, count) in written {
        slots.copy_within(place..place + count, len);
        len += count;
    }
    // SAFETY: the first `len` slots were each written by a group, then moved up to
    // follow the previous group's (`copy_within` checks the bounds).
    unsafe { all.set_len(len) };
    all
}

/// Sorts and checks the positions of consecutive proposals from `first` on into their
/// `slots`; `first_days` are every uncertain position's first day, sorted.
/// `scratch` is the sort's, kept by the thread from group to group.
fn check_group<'a>(
    m: &Model,
    ever: &Ever,
    first_days: &[FirstDay],
    (first, group): Group,
    mut slots: Slots<'a>,
    scratch: &mut Scratch,
) -> Checked<'a> {
    let now = m.now;
    let (mut counts, mut found) = (Vec::with_capacity(group.len()), Found::default());
    for (n, mut pieces) in group.into_iter().enumerate() {
        let proposal = ProposalId((first + n) as u32);
        let uncertain = of_proposal(first_days, proposal);
        let end = m.proposals[proposal.index()].end.map(|e| e.date);
        for piece in pieces.iter_mut() {
            if !uncertain.is_empty() {
                clip_to_end(piece, uncertain, end);
            }
            // A position stands if it may have been taken by *now*: an uncertain one
            // whose days run past *now* is kept, as possibly taken.
            piece.retain(|p| p.date <= now || first_day(uncertain, p).is_some_and(|f| f <= now));
        }
        let start = slots.len;
        let sorted = slots.sorted(pieces, m.names.len(), scratch);
        let kept = check_proposal(m, ever, (proposal, uncertain), (sorted, start), &mut found);
        slots.len += kept;
        counts.push(kept);
    }
    Checked { positions: slots, counts, found }
}

/// The entries of one proposal among every uncertain position's first day.
fn of_proposal(first_days: &[FirstDay], proposal: ProposalId) -> &[FirstDay] {
    let start = first_days.partition_point(|f| f.proposal < proposal);
    &first_days[start..start + first_days[start..].partition_point(|f| f.proposal == proposal)]
}

/// The first possible day of a position whose day is uncertain, among its proposal's.
fn first_day(uncertain: &[FirstDay], p: &Position) -> Option<Date> {
    if !p.is_uncertain() {
        return None;
    }
    let key = ((p.span.file, p.span.start), p.member);
    uncertain.binary_search_by(|f| (f.place, f.member).cmp(&key)).ok().map(|i| uncertain[i].first)
}

/// The last day an uncertain position may fall on: a proposal's end stops its days (one
/// whose days all lie after the end keeps them, and is an error).
pub(super) fn last_possible_day(first: Date, last: Date, end: Option<Date>) -> Date {
    match end {
        Some(end) if first <= end && end < last => end,
        _ => last,
    }
}

/// Takes the uncertain positions whose days run past their proposal's end to fall on or
/// before it.
fn clip_to_end(piece: &mut [Position], uncertain: &[FirstDay], end: Option<Date>) {
    for p in piece.iter_mut() {
        if let Some(first) = first_day(uncertain, p) {
            p.date = last_possible_day(first, p.date, end);
        }
    }
}

/// Below this many positions a proposal's are sorted by comparisons alone.
const SPREAD_MIN: usize = 1 << 11;

/// At most this many bits of the member in one counting pass.
const DIGIT_BITS: u32 = 10;

/// The buffers a sort passes positions through between the pieces and the slots, kept
/// by a thread from proposal to proposal rather than made for each.
#[derive(Default)]
struct Scratch([Vec<Position>; 2]);

impl Slots<'_> {
    /// The next slots, as many as `pieces` hold positions, written with them in
    /// [`sort_order`].
    #[allow(unsafe_code)]
    fn sorted(&mut self, pieces: Bucket, names: usize, scratch: &mut Scratch) -> &mut [Position] {
        let count = raw::count(&pieces);
        let slots = &mut self.slots[self.len..self.len + count];
        let by_member = fill(slots, pieces, names, scratch);
        // SAFETY: `fill` wrote every one of `slots`, and a `MaybeUninit<Position>` is laid
        // out as a `Position`.
        let sorted = unsafe { &mut *(slots as *mut [MaybeUninit<Position>] as *mut [Position]) };
        if !by_member {
            sorted.sort_unstable_by(sort_order);
            return sorted;
        }
        for run in sorted.chunk_by_mut(|p, q| p.member == q.member).filter(|run| run.len() > 1) {
            run.sort_unstable_by_key(after_member);
        }
        sorted
    }
}

/// Writes the positions of `pieces` to every one of `slots`, as many. A few go as they
/// come (gives `false`); many are ordered by member (gives `true`), the order's first
/// part, in stable counting passes over a few bits of the member at a time (the last
/// bits first), so that only each member's few positions are left to compare. Few bits a
/// pass keep the writes of a pass to a few hundred places, each in cache; spreading by
/// the whole member at once wrote to a random place each time. The last pass writes to
/// the slots, and the pieces are freed after the first.
fn fill(slots: &mut [MaybeUninit<Position>], pieces: Bucket, names: usize, scratch: &mut Scratch) -> bool {
    let total = slots.len();
    if total < SPREAD_MIN {
        let written = slots.iter_mut().zip(pieces.iter().flatten()).map(|(slot, p)| slot.write(*p)).count();
        assert_eq!(written, total, "a slot for each position");
        return false;
    }
    let bits = usize::BITS - names.leading_zeros();
    let passes = bits.div_ceil(DIGIT_BITS).max(1);
    let digit = bits.div_ceil(passes);
    let digits = 1 << digit;
    let digit_of =
        |pass: u32| move |p: &Position| (lasso::Key::into_usize(p.member) >> (pass * digit)) & (digits - 1);
    let to_slots = |i: usize, p: Position| {
        slots[i].write(p);
    };
    let from_pieces: Vec<&[Position]> = pieces.iter().map(Vec::as_slice).collect();
    if passes == 1 {
        assert_eq!(spread(&from_pieces, digit_of(0), digits, to_slots), total, "a slot for each position");
        return true;
    }
    let [a, b] = &mut scratch.0;
    let filler = *pieces.iter().flatten().next().expect("as many positions as slots");
    let fit = |buffer: &mut Vec<Position>| buffer.resize(buffer.len().max(total), filler);
    fit(a);
    spread(&from_pieces, digit_of(0), digits, |i, p| a[i] = p);
    drop(from_pieces);
    drop(pieces);
    for pass in 1..passes - 1 {
        fit(b);
        spread(&[&a[..total]], digit_of(pass), digits, |i, p| b[i] = p);
        std::mem::swap(a, b);
    }
    assert_eq!(
        spread(&[&a[..total]], digit_of(passes - 1), digits, to_slots),
        total,
        "a slot for each position"
    );
    true
}

/// The positions of `from`, in order, given to `put` with their places by `digit_of`:
/// the places are 0, 1, … up to one less than their number, each given once, in the
/// digits' order, and in reading order within a digit. Gives their number.
fn spread(
    from: &[&[Position]],
    digit_of: impl Fn(&Position) -> usize,
    digits: usize,
    mut put: impl FnMut(usize, Position),
) -> usize {
    let mut next = vec![0usize; digits];
    for p in from.iter().copied().flatten() {
        next[digit_of(p)] += 1;
    }
    let mut start = 0;
    for n in next.iter_mut() {
        (*n, start) = (start, start + *n);
    }
    for p in from.iter().copied().flatten() {
        let d = digit_of(p);
        put(next[d], *p);
        next[d] += 1;
    }
    start
}

/// Member, date, then place: the statement's file and start, which follow the reading
/// order (files are numbered in the order they are read). Unique but for one member
/// named twice in one statement, two positions alike, so the faster unstable sort gives
/// the reading order. Most comparisons are settled by the member alone.
fn sort_order(p: &Position, q: &Position) -> std::cmp::Ordering {
    p.member
        .cmp(&q.member)
        .then_with(|| p.date.cmp(&q.date))
        .then_with(|| p.span.file.cmp(&q.span.file))
        .then_with(|| p.span.start.cmp(&q.span.start))
}

/// [`sort_order`] after the member, as one number: one comparison each where the
/// member's few positions are sorted.
fn after_member(p: &Position) -> u128 {
    let (year, month, day) = (p.date.year() as i32 + 0x8000, p.date.month() as u32, p.date.day() as u32);
    let date = (year as u32) << 16 | month << 8 | day;
    (date as u128) << 64 | (p.span.file.0 as u128) << 32 | p.span.start as u128
}

/// Who is a member of which body on some date of the whole record, sorted.
type Ever = [(BodyId, Sym)];

/// Checks one proposal's sorted positions, with its uncertain positions' first days:
/// those that stand are closed up at the front of `positions`, and counted; `start` is
/// the index of the first among the group's.
fn check_proposal(
    m: &Model,
    ever: &Ever,
    (proposal, uncertain): (ProposalId, &[FirstDay]),
    (positions, start): (&mut [Position], usize),
    found: &mut Found,
) -> usize {
    let prop = &m.proposals[proposal.index()];
    let memberships = &m.bodies[prop.body.index()].memberships;
    // Only two positions whose days are both certain can conflict on one day.
    let mut last_exact: Option<Position> = None;
    // Positions come grouped by member, in the order of the memberships: look each
    // member up once, searching on from the last one.
    let mut held: (Option<Sym>, Range<usize>) = (None, 0..0);
    let mut kept = 0;
    for read in 0..positions.len() {
        let p = positions[read];
        let first = first_day(uncertain, &p);
        if held.0 != Some(p.member) {
            let start = held.1.start + gallop(&memberships[held.1.start..], |ms| ms.member < p.member);
            let end = start + gallop(&memberships[start..], |ms| ms.member == p.member);
            held = (Some(p.member), start..end);
        }
        let problem = match prop.end {
            Some(end) if p.date > end.date => Some(Problem::AfterEnd(p, first.is_some())),
            _ if memberships[held.1.clone()].iter().any(|ms| ms.contains(p.date)) => None,
            _ if ever.binary_search(&(prop.body, p.member)).is_err() => Some(Problem::NeverMember(p)),
            _ => Some(Problem::NotMember(p, first.is_some())),
        };
        if let Some(problem) = problem {
            found.problems.push((proposal, problem));
            continue;
        }
        match first {
            Some(first) => found.earliest.push(((start + kept) as u32, first)),
            None => {
                let same_day =
                    |l: &Position| l.member == p.member && l.date == p.date && l.stance() != p.stance();
                if let Some(l) = last_exact.filter(same_day) {
                    found.problems.push((proposal, Problem::Conflict(l, p)));
                }
                last_exact = Some(p);
            }
        }
        found.latest = found.latest.max(Some(p.date));
        positions[kept] = p;
        kept += 1;
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large record holds ten million of them.
    #[test]
    fn a_position_takes_24_bytes() {
        assert_eq!(std::mem::size_of::<Position>(), 24);
    }

    /// Its stance and its source share four bytes, and give back what they were given.
    #[test]
    fn a_position_keeps_its_stance_source_and_uncertainty() {
        let mut names: Rodeo<Sym, FastHash> = Rodeo::with_hasher(Default::default());
        let (member, date, span) = (names.get_or_intern("A"), jiff::civil::date(2024, 4, 1), Span::default());
        let stances = [Stance::Support, Stance::Oppose, Stance::Abstain, Stance::None];
        for (stance, uncertain) in stances.into_iter().flat_map(|s| [(s, false), (s, true)]) {
            for source in [None, Some(0), Some(1), Some((1 << 29) - 3)].map(|s| s.map(SourceId::new)) {
                let p = Position::new(member, date, stance, span, source);
                let p = if uncertain { p.with_uncertain_day() } else { p };
                let said = |p: Position| (p.stance(), p.source(), p.is_uncertain());
                assert_eq!((said(p), p.member, p.date), ((stance, source, uncertain), member, date));
                assert_eq!(said(p.with_stance(Stance::Oppose)), (Stance::Oppose, source, uncertain));
                assert_eq!(
                    said(p.with_source(Some(SourceId::new(7)))),
                    (stance, Some(SourceId::new(7)), uncertain)
                );
                assert_eq!(said(p.with_source(None)), (stance, None, uncertain));
            }
        }
    }

    /// A proposal's pieces, sorted together into its slots, come in the order the
    /// comparison sort gives: by comparisons alone when few, else spread by member in
    /// one, two or three passes (the passes follow the number of names).
    #[test]
    fn pieces_sorted_into_slots_are_sorted_as_by_comparisons() {
        let mut names: Rodeo<Sym, FastHash> = Rodeo::with_hasher(Default::default());
        let members: Vec<Sym> = (0..3000).map(|i| names.get_or_intern(format!("m{i}"))).collect();
        let mut seed = 7u64;
        let mut next = move |below: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % below
        };
        let mut scratch = Scratch::default();
        for (count, names) in
            [(SPREAD_MIN - 1, 3000), (SPREAD_MIN + 999, 1000), (9999, 3000), (9999, 1 << 21)]
        {
            let all: Vec<Position> = (0..count as u32)
                .map(|n| {
                    let date =
                        Date::new(2000 + next(20) as i16, 1 + next(12) as i8, 1 + next(28) as i8).unwrap();
                    let member = members[next(names.min(members.len()) as u64) as usize];
                    let span = Span::new(crate::source::FileId(n % 3), n as usize / 2, n as usize / 2 + 1);
                    Position::new(member, date, Stance::Support, span, None)
                })
                .collect();
            // Uneven pieces, the first empty, as threads and the general path leave them.
            let cuts = [0, 0, 7, count / 3, count];
            let pieces: Bucket = cuts.windows(2).map(|w| all[w[0]..w[1]].to_vec()).collect();
            let mut expected = all.clone();
            expected.sort_unstable_by(sort_order);
            let mut memory = vec![MaybeUninit::uninit(); count + 5];
            let mut slots = Slots { slots: &mut memory, len: 5 };
            let sorted = slots.sorted(pieces, names, &mut scratch);
            let key = |p: &Position| (p.member, p.date, p.span.file, p.span.start);
            assert!(sorted.iter().map(key).eq(expected.iter().map(key)), "{count} positions, {names} names");
        }
    }
}
