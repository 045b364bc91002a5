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

/// A position as read; `order` is its statement's place in reading order.
#[derive(Clone, Copy)]
pub(super) struct RawPosition {
    pub position: Position,
    pub order: u32,
}

/// A proposal's positions, in the pieces they were read in (one per thread, and one
/// for the general path): each is sorted on its own and the pieces merged in one sweep,
/// so that no piece is ever copied.
pub(super) type Bucket = Vec<Vec<RawPosition>>;
