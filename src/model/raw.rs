//! Facts as read, before they are checked against each other and indexed: what the
//! resolver gathers from every file, for `facts.rs` and `positions.rs` to build on.

use super::*;

/// Facts as read, before they are checked against each other and indexed.
#[derive(Default)]
pub(super) struct Raw {
    pub group_members: Vec<(GroupId, Vec<Span>)>,
    pub members: Vec<MemberEvent>,
    /// Positions by proposal (see `positions.rs`).
    pub positions: Vec<Bucket>,
    pub ends: Vec<RawEnd>,
    pub terms: Vec<(OfficeId, Term)>,
    pub attributes: Vec<RawAttribute>,
    /// Sizes of counted bodies as read, in reading order.
    pub sizes: Vec<(BodyId, Size)>,
    /// The first possible day of every position whose day is uncertain.
    pub first_days: Vec<FirstDay>,
    /// Positions of the members of a body or group, expanded once memberships and ends
    /// are known (`expand.rs`).
    pub members_positions: Vec<MembersPosition>,
    /// The latest date of any fact read, resolved or not: *now* when no fact is valid.
    pub latest_read: Option<Date>,
}

pub(super) struct MemberEvent {
    pub body: BodyId,
    pub member: Sym,
    /// `None`: a member since before any date.
    pub date: Option<Date>,
    pub join: bool,
    pub span: Span,
    pub order: u32,
}

pub(super) struct RawEnd {
    pub proposal: ProposalId,
    pub end: End,
    pub order: u32,
}

pub(super) struct RawAttribute {
    pub key: (Sym, Sym),
    pub date: Option<Date>,
    pub value: Decimal,
    pub span: Span,
    pub order: u32,
}

/// A proposal's positions, in the pieces they were read in (see [`push_to`]; each
/// thread that read some has its own), sorted together once all are read.
pub(super) type Bucket = Vec<Vec<Position>>;

/// How many positions a bucket holds.
pub(super) fn count(bucket: &Bucket) -> usize {
    bucket.iter().map(Vec::len).sum()
}

/// The first piece of a bucket grows as a vector up to this many positions (24 KiB);
/// each new piece is made twice as large as the last, from [`PIECE_MAPPED`] up to
/// [`PIECE_MAX`] (3 MiB). A vector that grows moves to larger memory, copying what it
/// holds and touching fresh memory for it; pieces are written once, where they stay.
const PIECE_FIRST: usize = 1024;
/// 96 KiB: a block this large is mapped for itself (see `main.rs`), so it goes back to
/// the system when freed, where a smaller one stays with the process.
const PIECE_MAPPED: usize = 4096;
const PIECE_MAX: usize = 1 << 17;

/// Adds `position` to the last piece of `bucket`, or to a new one when that is full.
/// Gives the piece's index in the bucket and the position's in the piece.
pub(super) fn push_to(bucket: &mut Bucket, position: Position) -> (u32, u32) {
    let full =
        bucket.last().is_none_or(|piece| piece.len() == piece.capacity() && piece.len() >= PIECE_FIRST);
    if full {
        let capacity = bucket.last().map_or(0, |piece| (2 * piece.len()).clamp(PIECE_MAPPED, PIECE_MAX));
        bucket.push(Vec::with_capacity(capacity));
    }
    let (index, piece) = (bucket.len() - 1, bucket.last_mut().expect("a piece, pushed if none"));
    piece.push(position);
    (index as u32, (piece.len() - 1) as u32)
}

/// The first possible day of an uncertain position, which `date` holds the last of;
/// found again by proposal, place (its statement's file and start) and member once
/// positions are sorted.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct FirstDay {
    pub proposal: ProposalId,
    pub place: (crate::source::FileId, u32),
    pub member: Sym,
    /// `Date::MIN` for `..D`, which has no first day.
    pub first: Date,
}

impl FirstDay {
    pub fn of(proposal: ProposalId, position: &Position, first: Date) -> FirstDay {
        FirstDay {
            proposal,
            place: (position.span.file, position.span.start),
            member: position.member,
            first,
        }
    }
}

/// `DATE: [all] members of SET [except NAMES] STANCE PROPOSAL [SOURCE].`, resolved.
pub(super) struct MembersPosition {
    pub proposal: ProposalId,
    pub set: MembersSet,
    /// The `members of …` part of the statement.
    pub set_span: Span,
    pub except: Vec<(Sym, Span)>,
    pub taken: Taken,
}

/// A position as read, for each member it names: its stance, its days, and the
/// statement's span and source.
#[derive(Clone, Copy)]
pub(super) struct Taken {
    pub stance: Stance,
    /// The first possible day if the day is uncertain (`Date::MIN` for `..D`).
    pub first: Option<Date>,
    pub last: Date,
    pub span: Span,
    pub source: Option<SourceId>,
}

/// Whose members: a body's, or a group's names that are members of its body.
#[derive(Clone, Copy)]
pub(super) enum MembersSet {
    Body(BodyId),
    Group(GroupId),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bucket's pieces are written where they stay: each after the first is made as
    /// large as it will be, and the places given find the positions again.
    #[test]
    fn a_bucket_grows_by_pieces_that_stay() {
        let mut names: Rodeo<Sym, FastHash> = Rodeo::with_hasher(Default::default());
        let member = names.get_or_intern("A");
        let mut bucket = Bucket::new();
        let mut places = Vec::new();
        let mut made = Vec::new();
        for n in 0..1_000_000u32 {
            let span = Span::new(crate::source::FileId(0), n as usize, n as usize + 1);
            let p = Position::new(member, Date::constant(2024, 1, 1), Stance::Support, span, None);
            places.push(push_to(&mut bucket, p));
            if bucket.len() > made.len() {
                made.push(bucket.last().unwrap().capacity());
            }
        }
        for (n, &(piece, index)) in places.iter().enumerate() {
            assert_eq!(bucket[piece as usize][index as usize].span.start, n as u32);
        }
        let capacities: Vec<usize> = bucket.iter().map(Vec::capacity).collect();
        assert_eq!(capacities[1..], made[1..], "a piece after the first never grows");
        assert!(capacities[0] <= 1024 && capacities[1..].iter().all(|&c| (4096..=1 << 17).contains(&c)));
        assert!(bucket.len() < 16, "{} pieces", bucket.len());
    }
}
