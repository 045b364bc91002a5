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

/// A proposal's positions, in the pieces they were read in (one per thread, and one
/// for the general path): each is sorted on its own and the pieces merged in one sweep,
/// so that no piece is ever copied.
pub(super) type Bucket = Vec<Vec<Position>>;

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
