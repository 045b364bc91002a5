//! The resolver's state, the declarations (bodies, offices, groups, proposals) and the
//! look-ups that report an undeclared name with "did you mean".

use super::err::{ModelError, ModelErrorKind};
use super::names::{did_you_mean, NameIndex};
use super::raw::{MembersSet, Raw};
use super::skipped::Skipped;
use super::*;
use crate::source::SourceMap;
use crate::syntax::ast::{self, FactKind, Statement};

/// The model under construction, the lookup tables that build it, and the errors.
pub(super) struct Resolver<'s> {
    pub sources: &'s SourceMap,
    pub m: Model,
    pub body_ids: HashMap<Sym, BodyId>,
    pub office_ids: HashMap<(Sym, BodyId), OfficeId>,
    pub proposal_ids: HashMap<Sym, ProposalId>,
    pub group_ids: HashMap<Sym, GroupId>,
    /// Statements skipped for syntax errors: a name they may declare is not "undeclared".
    pub skipped: Skipped,
    /// Names whose declaration failed on an error already reported.
    unresolved: std::collections::HashSet<SmolStr>,
    /// First declaration of each name among bodies, proposals and groups.
    declared: HashMap<Sym, Span>,
    /// Where a name is declared again, as (file, offset): those declarations are left out.
    repeated: std::collections::HashSet<(crate::source::FileId, u32)>,
    pub source_ids: HashMap<SmolStr, SourceId>,
    pub raw: Raw,
    /// Every (body, name) the whole record makes a member on some date, *now* or not,
    /// sorted: only a name outside it is an undeclared member (a later one is not, yet).
    pub ever_members: Vec<(BodyId, Sym)>,
    /// The names of `ever_members`, sorted, each once: a name outside it is no member of
    /// any body.
    pub ever_named: Vec<Sym>,
    /// Where each statement `DATE: members of …` starts, as (file, offset): a diagnostic
    /// about one of its positions names the member.
    pub members_statements: std::collections::HashSet<(crate::source::FileId, u32)>,
    /// The latest day of the positions that stand, found as they are checked: the
    /// model's positions are not read again for it.
    pub latest_position: Option<Date>,
    suggestions: Suggestions,
    pub errors: Vec<ModelError>,
}

impl<'s> Resolver<'s> {
    pub fn new(sources: &'s SourceMap) -> Resolver<'s> {
        let m = Model {
            names: Rodeo::with_hasher(Default::default()),
            bodies: Vec::new(),
            offices: Vec::new(),
            proposals: Vec::new(),
            groups: Vec::new(),
            positions: Vec::new(),
            earliest: Earliest::default(),
            attributes: HashMap::default(),
            tallies: Vec::new(),
            competing: HashMap::default(),
            attribute_names: Default::default(),
            sources: Vec::new(),
            rules: Vec::new(),
            now: Date::MAX,
            dated: false,
            fact_count: 0,
            name_ranks: Vec::new(),
        };
        Resolver {
            sources,
            m,
            body_ids: HashMap::default(),
            office_ids: HashMap::default(),
            proposal_ids: HashMap::default(),
            group_ids: HashMap::default(),
            skipped: Skipped::default(),
            unresolved: Default::default(),
            declared: HashMap::default(),
            repeated: Default::default(),
            source_ids: HashMap::default(),
            raw: Default::default(),
            ever_members: Vec::new(),
            ever_named: Vec::new(),
            members_statements: Default::default(),
            latest_position: None,
            suggestions: Suggestions::default(),
            errors: Vec::new(),
        }
    }

    pub fn sym(&mut self, name: &ast::Name) -> Sym {
        self.m.names.get_or_intern(name.text.as_str())
    }

    pub fn source(&mut self, source: &Option<ast::Source>) -> Option<SourceId> {
        Some(self.source_text(&source.as_ref()?.text))
    }

    /// The id of a source's text, the same for every fact that cites it.
    pub fn source_text(&mut self, text: &str) -> SourceId {
        if let Some(&id) = self.source_ids.get(text) {
            return id;
        }
        let id = SourceId::new(self.m.sources.len());
        self.source_ids.insert(text.into(), id);
        self.m.sources.push(text.into());
        id
    }

    /// Bodies, groups and proposals share one namespace: a name declared before, in
    /// reading order and whatever its kind, is an error at the later place.
    pub fn find_duplicate(&mut self, s: &Statement) {
        let Statement::Fact(fact) = s else { return };
        let (name, what) = match &fact.kind {
            FactKind::Body(name) => (name, "body"),
            FactKind::Group { name, .. } => (name, "group"),
            FactKind::Proposal { name, .. } => (name, "proposal"),
            _ => return,
        };
        let sym = self.sym(name);
        let Some(&first) = self.declared.get(&sym) else {
            self.declared.insert(sym, name.span);
            return;
        };
        self.repeated.insert((name.span.file, name.span.start));
        let e = ModelError::new(
            "name::duplicate",
            ModelErrorKind::Name,
            format!("`{}` is declared twice", name.text),
            name.span,
            "declared again here",
        )
        .related(first, "first declared here")
        .help(format!("remove one declaration, or give this {what} another name"));
        self.errors.push(e);
    }

    /// The name of a declaration that stands, or `None` for one declared again.
    fn declare(&mut self, name: &ast::Name) -> Option<Sym> {
        let again = self.repeated.contains(&(name.span.file, name.span.start));
        (!again).then(|| self.sym(name))
    }

    pub fn declare_body(&mut self, s: &Statement) {
        let Statement::Fact(fact) = s else { return };
        let FactKind::Body(name) = &fact.kind else { return };
        if let Some(sym) = self.declare(name) {
            self.body_ids.insert(sym, BodyId(self.m.bodies.len() as u32));
            self.m.bodies.push(Body {
                name: sym,
                span: name.span,
                memberships: Vec::new(),
                sizes: Vec::new(),
            });
        }
    }

    pub fn declare_office_or_group(&mut self, s: &Statement) {
        let Statement::Fact(fact) = s else { return };
        match &fact.kind {
            FactKind::Office(o) => {
                let Some(body) = self.body(&o.body) else {
                    self.unresolved.insert(o.name.text.clone());
                    return;
                };
                let sym = self.sym(&o.name);
                if let Some(&first) = self.office_ids.get(&(sym, body)) {
                    let span = self.m.offices[first.index()].span;
                    let e = ModelError::new(
                        "name::duplicate",
                        ModelErrorKind::Name,
                        format!("the office `{} of {}` is declared twice", o.name.text, o.body.text),
                        o.name.span,
                        "declared again here",
                    )
                    .related(span, "first declared here")
                    .help("remove one of the declarations");
                    self.errors.push(e);
                    return;
                }
                self.office_ids.insert((sym, body), OfficeId(self.m.offices.len() as u32));
                self.m.offices.push(Office { name: sym, body, span: o.name.span, terms: Vec::new() });
            }
            FactKind::Group { name, body, members: names } => {
                let Some(body) = self.body(body) else {
                    self.unresolved.insert(name.text.clone());
                    return;
                };
                let Some(sym) = self.declare(name) else { return };
                let id = GroupId(self.m.groups.len() as u32);
                let members = names.items.iter().map(|n| self.sym(n)).collect();
                self.raw.group_members.push((id, names.items.iter().map(|n| n.span).collect()));
                self.group_ids.insert(sym, id);
                self.m.groups.push(Group::new(sym, body, members, name.span));
            }
            _ => {}
        }
    }

    pub fn declare_proposal(&mut self, s: &Statement) {
        let Statement::Fact(fact) = s else { return };
        let FactKind::Proposal { name, kind } = &fact.kind else { return };
        let Some((kind, body)) = self.proposal_kind(kind) else {
            self.unresolved.insert(name.text.clone());
            return;
        };
        let Some(sym) = self.declare(name) else { return };
        self.proposal_ids.insert(sym, ProposalId(self.m.proposals.len() as u32));
        self.m.proposals.push(Proposal {
            name: sym,
            kind,
            body,
            span: name.span,
            end: None,
            positions: 0..0,
        });
    }

    fn proposal_kind(&mut self, kind: &ast::ProposalKind) -> Option<(ProposalKind, BodyId)> {
        Some(match kind {
            ast::ProposalKind::Appoint { person, office, by }
            | ast::ProposalKind::Nominate { person, office, by } => {
                let office = self.office(office)?;
                let body = match by {
                    Some(by) => self.body(by)?,
                    None => self.m.offices[office.index()].body,
                };
                let person = self.sym(person);
                match kind {
                    ast::ProposalKind::Appoint { .. } => (ProposalKind::Appoint { person, office }, body),
                    _ => (ProposalKind::Nominate { person, office }, body),
                }
            }
            ast::ProposalKind::Admit { candidate, body } => {
                (ProposalKind::Admit { candidate: self.sym(candidate) }, self.body(body)?)
            }
            ast::ProposalKind::Resolve { title, body } => {
                (ProposalKind::Resolve { title: title.text.clone() }, self.body(body)?)
            }
        })
    }

    /// A declared body, or an error naming the closest declared one.
    pub fn body(&mut self, name: &ast::Name) -> Option<BodyId> {
        let sym = self.sym(name);
        if let Some(&id) = self.body_ids.get(&sym) {
            return Some(id);
        }
        self.undeclared("name::undeclared-body", "body", name, Kind::Body, "declare it with `body NAME.`");
        None
    }

    pub fn office(&mut self, office: &ast::OfficeRef) -> Option<OfficeId> {
        let body = self.body(&office.body)?;
        let sym = self.sym(&office.name);
        if let Some(&id) = self.office_ids.get(&(sym, body)) {
            return Some(id);
        }
        let fix = format!(
            "declare it with `office {} of {}.`",
            crate::syntax::quote_name(&office.name.text),
            crate::syntax::quote_name(&office.body.text)
        );
        self.undeclared("name::undeclared-office", "office", &office.name, Kind::Office(body), &fix);
        None
    }

    pub fn proposal(&mut self, name: &ast::Name) -> Option<ProposalId> {
        let sym = self.sym(name);
        if let Some(&id) = self.proposal_ids.get(&sym) {
            return Some(id);
        }
        let fix = "declare it with `proposal NAME: …`";
        self.undeclared("name::undeclared-proposal", "proposal", name, Kind::Proposal, fix);
        None
    }

    pub fn group(&mut self, name: &ast::Name) -> Option<GroupId> {
        let sym = self.sym(name);
        if let Some(&id) = self.group_ids.get(&sym) {
            return Some(id);
        }
        let fix = "declare it with `group NAME of BODY: …`";
        self.undeclared("name::undeclared-group", "group", name, Kind::Group, fix);
        None
    }

    /// The body or group of `members of NAME`, or an error naming the closest of either.
    pub fn members_set(&mut self, name: &ast::Name) -> Option<MembersSet> {
        let sym = self.sym(name);
        if let Some(&id) = self.body_ids.get(&sym) {
            return Some(MembersSet::Body(id));
        }
        if let Some(&id) = self.group_ids.get(&sym) {
            return Some(MembersSet::Group(id));
        }
        if !self.in_skipped(&name.text) {
            let help = self.did_you_mean(Kind::Body, sym).or_else(|| self.did_you_mean(Kind::Group, sym));
            let help =
                help.unwrap_or_else(|| "declare it with `body NAME.` or `group NAME of BODY: …`".into());
            let message = format!("no body or group is named `{}`", name.text);
            let e = ModelError::new(
                "name::undeclared-body",
                ModelErrorKind::Name,
                message,
                name.span,
                "unknown body or group",
            );
            self.errors.push(e.help(help));
        }
        None
    }

    /// Whether a name appears in a statement that could not be read.
    pub fn in_skipped(&self, name: &str) -> bool {
        self.unresolved.contains(name) || self.skipped.contains(name)
    }

    pub fn undeclared(&mut self, code: &'static str, what: &str, name: &ast::Name, kind: Kind, fix: &str) {
        if self.in_skipped(&name.text) {
            return;
        }
        let sym = self.sym(name);
        let help = self.did_you_mean(kind, sym).unwrap_or_else(|| fix.to_string());
        let message = format!("no {what} is named `{}`", name.text);
        self.errors.push(
            ModelError::new(code, ModelErrorKind::Name, message, name.span, &format!("unknown {what}"))
                .help(help),
        );
    }

    /// A name that is never a member of a body, with the closest member as help: "X is
    /// never a member of B" when X is a member of another body, else "no member of B is
    /// named `X`".
    pub(super) fn undeclared_member(&mut self, body: BodyId, member: Sym, span: Span) -> ModelError {
        let suggested = self.suggest(Kind::Member(body), member);
        let (name, body_name) = (self.m.name(member), self.m.name(self.m.bodies[body.index()].name));
        let help = suggested.map(|s| did_you_mean(self.m.name(s))).unwrap_or_else(|| {
            format!(
                "record its membership with `members of {body_name}: …` or `DATE: {name} joins {body_name}.`"
            )
        });
        let message = match self.ever_named.binary_search(&member).is_ok() {
            true => format!("{name} is never a member of {body_name}"),
            false => format!("no member of {body_name} is named `{name}`"),
        };
        let mut e =
            ModelError::new("name::undeclared-member", ModelErrorKind::Name, message, span, "not a member")
                .help(help);
        e.misspelt = suggested.map(|s| (body, s));
        e
    }

    /// Points each unknown member whose suggestion is a declared member that takes no
    /// position at that declaration: when `Carrol` is declared and `Carol` used, the
    /// declaration is the likelier typo. Runs once the positions are built.
    pub(super) fn point_at_unused_members(&mut self) {
        let suggested: std::collections::HashSet<Sym> =
            self.errors.iter().filter_map(|e| e.misspelt.map(|(_, s)| s)).collect();
        if suggested.is_empty() {
            return;
        }
        let in_groups = self.m.groups.iter().flat_map(|g| g.members.iter());
        let used: std::collections::HashSet<Sym> =
            (self.m.positions.iter().map(|p| &p.member).chain(in_groups))
                .filter(|m| suggested.contains(m))
                .copied()
                .collect();
        for e in self.errors.iter_mut() {
            let Some((body, member)) = e.misspelt.filter(|(_, s)| !used.contains(s)) else { continue };
            let memberships = &self.m.bodies[body.index()].memberships;
            let at = memberships.partition_point(|m| m.member < member);
            let Some(declared) = memberships.get(at).filter(|m| m.member == member) else { continue };
            let name = crate::syntax::quote_name(self.m.name(member));
            e.related.push((declared.span, format!("`{name}` is declared here, and never used")));
            e.help = Some(format!(
                "did you mean `{name}`? It is declared but takes no position: if the declaration is the \
                 typo, correct it there"
            ));
        }
    }

    /// "Did you mean" the declared name of a kind closest to `wanted`, as a help line.
    /// Each kind's index is built at its first unknown name, when every name of that kind
    /// is known (declarations, memberships and attributes are read before any look-up of
    /// their kind), and each answer is kept for the same name asked again.
    pub fn did_you_mean(&mut self, kind: Kind, wanted: Sym) -> Option<String> {
        self.suggest(kind, wanted).map(|s| did_you_mean(self.m.name(s)))
    }

    /// The declared name of a kind closest to `wanted`, if any is close enough.
    fn suggest(&mut self, kind: Kind, wanted: Sym) -> Option<Sym> {
        if let Some(&answer) = self.suggestions.answers.get(&(kind, wanted)) {
            return answer;
        }
        if !self.suggestions.indexes.contains_key(&kind) {
            let names = self.names_of(kind);
            let index = NameIndex::new(names.iter().map(|&sym| self.m.name(sym)));
            self.suggestions.indexes.insert(kind, index);
        }
        let answer = self.suggestions.indexes[&kind].suggest(self.m.name(wanted));
        // A suggestion is a declared name, so it is interned.
        let answer = answer.and_then(|s| self.m.names.get(s.as_str()));
        self.suggestions.answers.insert((kind, wanted), answer);
        answer
    }

    fn names_of(&self, kind: Kind) -> Vec<Sym> {
        let m = &self.m;
        match kind {
            Kind::Body => m.bodies.iter().map(|b| b.name).collect(),
            Kind::Office(body) => m.offices.iter().filter(|o| o.body == body).map(|o| o.name).collect(),
            Kind::Proposal => m.proposals.iter().map(|p| p.name).collect(),
            Kind::Group => m.groups.iter().map(|g| g.name).collect(),
            Kind::Attribute => {
                let mut names: Vec<Sym> = m.attribute_names.iter().copied().collect();
                names.sort_by(|a, b| m.name(*a).cmp(m.name(*b)));
                names
            }
            Kind::Member(body) => {
                let ever = &self.ever_members;
                let start = ever.partition_point(|&(b, _)| b < body);
                ever[start..].iter().take_while(|&&(b, _)| b == body).map(|&(_, member)| member).collect()
            }
        }
    }
}

/// The declared names an unknown name is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Body,
    Office(BodyId),
    Proposal,
    Group,
    Attribute,
    Member(BodyId),
}

/// The "did you mean" indexes built so far, and the answers given.
#[derive(Default)]
pub(super) struct Suggestions {
    indexes: HashMap<Kind, NameIndex>,
    answers: HashMap<(Kind, Sym), Option<Sym>>,
}
