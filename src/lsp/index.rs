//! Every name written in the workspace's files, by what it names: where each is declared
//! and used, read from the syntax trees (the model keeps no trees).

use crate::source::{FileId, Span};
use crate::syntax::ast::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use smol_str::SmolStr;

/// What a name names: names of different kinds never refer to each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Body,
    Group,
    /// Keyed `NAME of BODY`: the same office name may stand in two bodies.
    Office,
    Proposal,
    Rule,
    /// Members, and every other person or state (candidates, holders, entities).
    Member,
    Attribute,
    Test,
}

impl Kind {
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Body => "body",
            Kind::Group => "group",
            Kind::Office => "office",
            Kind::Proposal => "proposal",
            Kind::Rule => "rule",
            Kind::Member => "member",
            Kind::Attribute => "attribute",
            Kind::Test => "test",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub kind: Kind,
    pub name: SmolStr,
}

/// One name as written.
#[derive(Clone, Debug)]
pub struct Occurrence {
    pub key: Key,
    pub span: Span,
    /// Whether it declares the name (`body X`, `members of B: X`, `X joins B`, `rule X`).
    pub declares: bool,
}

/// What a name may name where the grammar allows several kinds; settled once every
/// declaration is known.
#[derive(Clone, Copy, Debug)]
enum Role {
    Is(Kind),
    /// `members of X`: a group if one is declared, else a body.
    BodyOrGroup,
    /// `X has population 5`: a body if one is declared, else a member.
    BodyOrMember,
    /// A test's `on S`: a proposal, a body, else a member.
    Subject,
}

/// The names of every file, sorted by place.
#[derive(Debug, Default)]
pub struct Index {
    occurrences: Vec<Occurrence>,
}

impl Index {
    /// The index of the files' texts, each parsed again (statements that fail to parse
    /// are left out, as `check` leaves them out).
    pub fn build<'a>(files: impl Iterator<Item = (FileId, &'a str)>) -> Index {
        let mut walk = Walk::default();
        for (file, text) in files {
            let (ast, _) = crate::syntax::parse(text, file);
            ast.statements.iter().for_each(|s| walk.statement(s, text));
        }
        walk.finish()
    }

    /// The name at a byte offset of a file (a cursor just after a name is on it).
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        let offset = offset as u32;
        let after = self.occurrences.partition_point(|o| (o.span.file, o.span.start) <= (file, offset));
        self.occurrences[..after].last().filter(|o| o.span.file == file && offset <= o.span.end)
    }

    /// Every use of a name, its declarations included, in reading order.
    pub fn uses<'a>(&'a self, key: &'a Key) -> impl Iterator<Item = &'a Occurrence> + 'a {
        self.occurrences.iter().filter(move |o| &o.key == key)
    }

    /// Where a name is declared: its declarations, else its first use.
    pub fn declarations(&self, key: &Key) -> Vec<Span> {
        let declared: Vec<Span> = self.uses(key).filter(|o| o.declares).map(|o| o.span).collect();
        match declared.is_empty() {
            true => self.uses(key).take(1).map(|o| o.span).collect(),
            false => declared,
        }
    }

    /// Every name of the workspace, each once, sorted by kind then name.
    pub fn names(&self) -> Vec<&Key> {
        let mut keys: Vec<&Key> = self.occurrences.iter().map(|o| &o.key).collect();
        keys.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
        keys.dedup();
        keys
    }
}

/// The names met so far, with the role each plays.
#[derive(Default)]
struct Walk {
    found: Vec<(Role, SmolStr, Span, bool)>,
}

impl Walk {
    fn add(&mut self, role: Role, name: &Name, declares: bool) {
        self.found.push((role, name.text.clone(), name.span, declares));
    }

    fn is(&mut self, kind: Kind, name: &Name) {
        self.add(Role::Is(kind), name, false);
    }

    fn declare(&mut self, kind: Kind, name: &Name) {
        self.add(Role::Is(kind), name, true);
    }

    fn names(&mut self, kind: Kind, names: &Names, declares: bool) {
        names.items.iter().for_each(|n| self.add(Role::Is(kind), n, declares));
    }

    /// `NAME of BODY`: the office under its full name, and the body.
    fn office(&mut self, office: &OfficeRef, declares: bool) {
        let full = SmolStr::new(format!("{} of {}", office.name.text, office.body.text));
        self.found.push((Role::Is(Kind::Office), full, office.name.span, declares));
        self.is(Kind::Body, &office.body);
    }

    fn statement(&mut self, statement: &Statement, src: &str) {
        match statement {
            Statement::Fact(f) => self.fact(&f.kind),
            Statement::Position(p) => self.fact(&p.to_fact(src).kind),
            Statement::Rule(r) => self.rule(r),
            Statement::Test(t) => self.test(t),
        }
    }

    fn fact(&mut self, fact: &FactKind) {
        match fact {
            FactKind::Body(name) => self.declare(Kind::Body, name),
            FactKind::Group { name, body, members } => {
                self.declare(Kind::Group, name);
                self.is(Kind::Body, body);
                self.names(Kind::Member, members, false);
            }
            FactKind::Office(office) => self.office(office, true),
            FactKind::Proposal { name, kind } => {
                self.declare(Kind::Proposal, name);
                self.proposal(kind);
            }
            FactKind::Members { body, members, .. } => {
                self.is(Kind::Body, body);
                self.names(Kind::Member, members, true);
            }
            FactKind::Term { holder, office, .. } => {
                self.is(Kind::Member, holder);
                self.office(office, false);
            }
            FactKind::Attribute(a) => self.attribute(a),
            FactKind::Event { event, .. } => self.event(event),
            FactKind::Compete(names) => self.names(Kind::Proposal, names, false),
        }
    }

    fn proposal(&mut self, kind: &ProposalKind) {
        match kind {
            ProposalKind::Appoint { person, office, by } | ProposalKind::Nominate { person, office, by } => {
                self.is(Kind::Member, person);
                self.office(office, false);
                by.iter().for_each(|b| self.is(Kind::Body, b));
            }
            ProposalKind::Admit { candidate, body } => {
                self.is(Kind::Member, candidate);
                self.is(Kind::Body, body);
            }
            ProposalKind::Resolve { body, .. } => self.is(Kind::Body, body),
        }
    }

    fn attribute(&mut self, a: &Attribute) {
        self.add(Role::BodyOrMember, &a.entity, false);
        self.is(Kind::Attribute, &a.attribute);
    }

    fn event(&mut self, event: &Event) {
        match event {
            Event::Join { members, body } | Event::Leave { members, body } => {
                self.names(Kind::Member, members, matches!(event, Event::Join { .. }));
                self.is(Kind::Body, body);
            }
            Event::Stance { who, proposal, .. } => {
                self.who(who);
                self.is(Kind::Proposal, proposal);
            }
            Event::Adopts { body, proposal } | Event::Rejects { body, proposal } => {
                self.is(Kind::Body, body);
                self.is(Kind::Proposal, proposal);
            }
            Event::Withdrawn { proposal } => self.is(Kind::Proposal, proposal),
            Event::Attribute(a) => self.attribute(a),
            Event::Size { body, .. } => self.is(Kind::Body, body),
            Event::Tally(t) => {
                self.is(Kind::Body, &t.body);
                self.is(Kind::Proposal, &t.proposal);
            }
        }
    }

    fn who(&mut self, who: &Who) {
        match who {
            Who::Names(names) => self.names(Kind::Member, names, false),
            Who::Members(m) => {
                self.add(Role::BodyOrGroup, &m.of, false);
                m.except.iter().for_each(|names| self.names(Kind::Member, names, false));
            }
        }
    }

    fn rule(&mut self, rule: &Rule) {
        self.declare(Kind::Rule, &rule.name);
        match &rule.body {
            RuleBody::Adopting { selector, condition } => {
                self.selector(selector);
                self.condition(condition);
            }
            RuleBody::AdoptedBy { selector, .. } => self.selector(selector),
            RuleBody::HasMembers { body, .. } => self.is(Kind::Body, body),
            RuleBody::TermsMonth { office, .. }
            | RuleBody::TermsLast { office, .. }
            | RuleBody::TermsNeverOverlap { office }
            | RuleBody::TermsFollowAppointment { office }
            | RuleBody::NeverVacant { office, .. }
            | RuleBody::AppointmentsFollowNomination { office, .. } => self.office(office, false),
        }
    }

    fn selector(&mut self, selector: &Selector) {
        match selector {
            Selector::Proposal(name) => self.is(Kind::Proposal, name),
            Selector::Appointments { office, .. } | Selector::Nominations { office, .. } => {
                self.office(office, false)
            }
            Selector::Admissions { body, .. }
            | Selector::Resolutions { body, .. }
            | Selector::Proposals { body, .. } => self.is(Kind::Body, body),
        }
    }

    fn condition(&mut self, cond: &Cond) {
        match cond {
            Cond::Or(items) | Cond::And(items) => items.iter().for_each(|c| self.condition(c)),
            Cond::Not(inner, _) | Cond::Paren(inner, _) => self.condition(inner),
            Cond::Quant { set: Set::Members { group: Some(group), .. }, .. }
            | Cond::Quant { set: Set::Group(group), .. } => self.is(Kind::Group, group),
            Cond::Hold { attribute, .. } => self.is(Kind::Attribute, attribute),
            Cond::Unanimity { .. } | Cond::Consensus(_) | Cond::Quant { .. } => {}
        }
    }

    fn test(&mut self, test: &Test) {
        self.declare(Kind::Test, &test.name);
        for expectation in &test.expect {
            if let Expectation::Rule { rule, on, .. } = expectation {
                self.is(Kind::Rule, rule);
                on.iter().for_each(|s| self.add(Role::Subject, s, false));
            }
        }
    }

    /// Settles each role against the names declared, and sorts by place.
    fn finish(self) -> Index {
        let mut declared: HashMap<Kind, HashSet<SmolStr>> = HashMap::default();
        for (role, name, _, declares) in &self.found {
            if let (Role::Is(kind), true) = (role, declares) {
                declared.entry(*kind).or_default().insert(name.clone());
            }
        }
        let has = |kind: Kind, name: &SmolStr| declared.get(&kind).is_some_and(|names| names.contains(name));
        let settle = |role: Role, name: &SmolStr| match role {
            Role::Is(kind) => kind,
            Role::BodyOrGroup if has(Kind::Group, name) => Kind::Group,
            Role::BodyOrGroup => Kind::Body,
            Role::Subject if has(Kind::Proposal, name) => Kind::Proposal,
            Role::BodyOrMember | Role::Subject if has(Kind::Body, name) => Kind::Body,
            Role::BodyOrMember | Role::Subject => Kind::Member,
        };
        let mut occurrences: Vec<Occurrence> = (self.found.iter())
            .map(|(role, name, span, declares)| Occurrence {
                key: Key { kind: settle(*role, name), name: name.clone() },
                span: *span,
                declares: *declares,
            })
            .collect();
        occurrences.sort_by_key(|o| (o.span.file, o.span.start));
        Index { occurrences }
    }
}
