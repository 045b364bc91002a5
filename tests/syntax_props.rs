//! Property tests of the parser: printing and parsing are inverse, and no input panics.

use concord::source::{FileId, Span};
use concord::syntax::{self, ast::*};
use jiff::civil::Date;
use proptest::prelude::*;
use smol_str::SmolStr;

fn config() -> ProptestConfig {
    ProptestConfig { cases: 256, ..ProptestConfig::default() }
}

const S: Span = Span { file: FileId(0), start: 0, end: 0 };

fn word() -> impl Strategy<Value = String> {
    "[A-Za-z_][A-Za-z0-9_-]{0,10}|[ÄÖÜäöüé][a-zü]{1,6}"
        .prop_filter("not a keyword", |w| !syntax::is_keyword(w))
}

fn name() -> BoxedStrategy<Name> {
    let quoted = "[ -~ü]{1,12}".prop_filter("some text", |s| !s.trim().is_empty());
    prop_oneof![3 => word(), 1 => quoted, 1 => Just("United Kingdom".to_string()), 1 => Just("members".to_string())]
        .prop_map(|t| Name { text: SmolStr::new(t), span: S })
    .boxed()
}

fn names() -> BoxedStrategy<Names> {
    (prop::collection::vec(name(), 1..5), any::<bool>())
        .prop_map(|(items, and)| Names { and_last: and && items.len() > 1, items })
        .boxed()
}

fn date() -> impl Strategy<Value = DateLit> {
    (1000i16..3000, 1i8..=12, 1i8..=28)
        .prop_map(|(y, m, d)| DateLit { date: Date::new(y, m, d).unwrap(), span: S })
}

/// The date of an event; only positions may take the uncertain forms. An interval's
/// days differ (`D..D` is read as the day D).
fn when() -> BoxedStrategy<When> {
    let span = |days: i32| jiff::Span::new().days(days);
    prop_oneof![
        3 => date().prop_map(|d| WhenKind::Day(d.date)),
        1 => date().prop_map(|d| WhenKind::Month(d.date.first_of_month())),
        1 => date().prop_map(|d| WhenKind::Year(d.date.first_of_year())),
        1 => (date(), 1i32..800).prop_map(move |(d, n)| WhenKind::Range(d.date, d.date.checked_add(span(n)).unwrap())),
        1 => date().prop_map(|d| WhenKind::Before(d.date)),
    ]
    .prop_map(|kind| When { kind, span: S })
    .boxed()
}

fn day() -> impl Strategy<Value = When> {
    date().prop_map(|d| When { kind: WhenKind::Day(d.date), span: S })
}

/// Who takes a position: names, or `[all] members of NAME [except NAMES]`.
fn who() -> BoxedStrategy<Who> {
    let members = (any::<bool>(), name(), prop::option::of(names()))
        .prop_map(|(all, of, except)| Who::Members(Box::new(MembersOf { all, of, except, span: S })));
    prop_oneof![3 => names().prop_map(Who::Names), 1 => members].boxed()
}

fn number() -> impl Strategy<Value = Number> {
    (0u64..10_000_000_000, 0u8..=9).prop_map(|(m, scale)| make_number(m as u128, scale))
}

fn make_number(mantissa: u128, scale: u8) -> Number {
    let digits = format!("{:0>width$}", mantissa, width = scale as usize + 1);
    let (int, frac) = digits.split_at(digits.len() - scale as usize);
    let text = if scale == 0 { int.to_string() } else { format!("{int}.{frac}") };
    Number { mantissa, scale, text: text.into(), span: S }
}

fn int() -> impl Strategy<Value = Int> {
    (0u64..100_000).prop_map(|v| Int { value: v, text: v.to_string().into(), span: S })
}

fn ratio() -> BoxedStrategy<Ratio> {
    prop_oneof![
        (0u128..=1000, 0u8..=1)
            .prop_map(|(m, s)| RatioForm::Percent(make_number(m * 10u128.pow(s as u32) / 10, s))),
        (1u64..50).prop_flat_map(|q| (0..=q, Just(q))).prop_map(|(p, q)| RatioForm::Fraction(
            Int { value: p, text: p.to_string().into(), span: S },
            Int { value: q, text: q.to_string().into(), span: S }
        )),
        Just(RatioForm::Half),
    ]
    .prop_map(|form| Ratio { form, span: S })
    .boxed()
}

fn text() -> impl Strategy<Value = Text> {
    "[ -~é]{0,20}".prop_map(|t| Text { text: t.into(), span: S })
}

fn source() -> impl Strategy<Value = Option<Source>> {
    prop::option::of(
        "[!-\\\\^-~][ -\\\\^-~]{0,15}[!-\\\\^-~]".prop_map(|t| Source { text: t.into(), span: S }),
    )
}

fn office() -> impl Strategy<Value = OfficeRef> {
    (name(), name()).prop_map(|(name, body)| OfficeRef { name, body })
}

fn attribute() -> impl Strategy<Value = Attribute> {
    (name(), name(), number()).prop_map(|(entity, attribute, value)| Attribute { entity, attribute, value })
}

fn stance() -> impl Strategy<Value = Stance> {
    prop_oneof![Just(Stance::Support), Just(Stance::Oppose), Just(Stance::Abstain), Just(Stance::Withdraw)]
}

fn position() -> BoxedStrategy<Event> {
    (who(), stance(), name())
        .prop_map(|(who, stance, proposal)| Event::Stance { who, stance, proposal })
        .boxed()
}

/// The events other than positions, which have one day.
fn event() -> BoxedStrategy<Event> {
    prop_oneof![
        (names(), name()).prop_map(|(members, body)| Event::Join { members, body }),
        (names(), name()).prop_map(|(members, body)| Event::Leave { members, body }),
        (name(), name()).prop_map(|(body, proposal)| Event::Adopts { body, proposal }),
        (name(), name()).prop_map(|(body, proposal)| Event::Rejects { body, proposal }),
        name().prop_map(|proposal| Event::Withdrawn { proposal }),
        attribute().prop_map(|a| Event::Attribute(Box::new(a))),
        (name(), int()).prop_map(|(body, count)| Event::Size { body, count }),
        (name(), name(), int(), int(), prop::option::of(int())).prop_map(
            |(body, proposal, support, oppose, abstain)| {
                Event::Tally(Box::new(TallyFact { body, proposal, support, oppose, abstain }))
            }
        ),
    ]
    .boxed()
}

fn proposal_kind() -> BoxedStrategy<ProposalKind> {
    prop_oneof![
        (name(), office(), prop::option::of(name())).prop_map(|(person, office, by)| ProposalKind::Appoint {
            person,
            office,
            by
        }),
        (name(), office(), prop::option::of(name()))
            .prop_map(|(person, office, by)| ProposalKind::Nominate { person, office, by }),
        (name(), name()).prop_map(|(candidate, body)| ProposalKind::Admit { candidate, body }),
        (text(), name()).prop_map(|(title, body)| ProposalKind::Resolve { title, body }),
    ]
    .boxed()
}

fn fact_kind() -> BoxedStrategy<FactKind> {
    prop_oneof![
        name().prop_map(FactKind::Body),
        (name(), name(), names()).prop_map(|(name, body, members)| FactKind::Group { name, body, members }),
        office().prop_map(FactKind::Office),
        (name(), proposal_kind()).prop_map(|(name, kind)| FactKind::Proposal { name, kind: Box::new(kind) }),
        (name(), prop::option::of(date()), names()).prop_map(|(body, since, members)| FactKind::Members {
            body,
            since,
            members
        }),
        (name(), office(), date(), prop::option::of(date())).prop_map(|(holder, office, from, to)| {
            FactKind::Term { holder, office: Box::new(office), from, to }
        }),
        attribute().prop_map(|a| FactKind::Attribute(Box::new(a))),
        (day(), event()).prop_map(|(when, event)| FactKind::Event { when, event }),
        (when(), position()).prop_map(|(when, event)| FactKind::Event { when, event }),
        (name(), names()).prop_map(|(first, mut rest)| {
            // `compete` needs two proposals at least.
            rest.items.insert(0, first);
            rest.and_last |= rest.items.len() == 2;
            FactKind::Compete(rest)
        }),
    ]
    .boxed()
}

fn compare() -> impl Strategy<Value = Compare> {
    prop_oneof![
        Just(Compare::AtLeast),
        Just(Compare::AtMost),
        Just(Compare::MoreThan),
        Just(Compare::FewerThan),
        Just(Compare::Exactly)
    ]
}

fn atom() -> BoxedStrategy<Cond> {
    let verb = (
        prop_oneof![
            Just(VerbKind::Takes(Stance::Support)),
            Just(VerbKind::Takes(Stance::Oppose)),
            Just(VerbKind::Takes(Stance::Abstain)),
            Just(VerbKind::Vote),
        ],
        any::<bool>(),
    )
        .prop_map(|(kind, third_person)| Verb { kind, third_person });
    let set = prop_oneof![
        (any::<bool>(), prop::option::of(name())).prop_map(|(plural, group)| Set::Members {
            plural,
            group,
            span: S
        }),
        name().prop_map(Set::Group),
        Just(Set::Voters(S)),
    ];
    let amount = prop_oneof![int().prop_map(Amount::Count), ratio().prop_map(Amount::Share)];
    let quant = prop_oneof![
        Just(Quant::All),
        Just(Quant::No),
        (compare(), amount, any::<bool>()).prop_map(|(compare, amount, of)| Quant::Compare {
            compare,
            amount,
            of
        }),
    ];
    let side = prop_oneof![Just(Side::Supporters), Just(Side::Opponents), Just(Side::Abstainers)];
    prop_oneof![
        prop::option::of(int()).prop_map(|of| Cond::Unanimity { of, span: S }),
        Just(Cond::Consensus(S)),
        (quant, set, verb).prop_map(|(quant, set, verb)| Cond::Quant { quant, set, verb, span: S }),
        (side, compare(), ratio(), name()).prop_map(|(side, compare, ratio, attribute)| Cond::Hold {
            side,
            compare,
            ratio,
            attribute,
            span: S
        }),
    ]
    .boxed()
}

/// Conditions shaped as the parser builds them: `or` holds `and`s, `and` holds negations.
fn cond() -> impl Strategy<Value = Cond> {
    atom().prop_recursive(4, 24, 3, |inner| {
        let unary = prop_oneof![
            inner.clone().prop_map(|c| Cond::Paren(Box::new(c), S)),
            inner.clone().prop_map(|c| Cond::Not(Box::new(as_operand(c)), S)),
        ];
        prop_oneof![
            unary,
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|v| Cond::And(v.into_iter().map(as_operand).collect())),
            prop::collection::vec(inner, 2..4)
                .prop_map(|v| Cond::Or(v.into_iter().map(as_conjunct).collect())),
        ]
    })
}

fn as_operand(c: Cond) -> Cond {
    match c {
        Cond::And(_) | Cond::Or(_) => Cond::Paren(Box::new(c), S),
        c => c,
    }
}

fn as_conjunct(c: Cond) -> Cond {
    match c {
        Cond::Or(_) => Cond::Paren(Box::new(c), S),
        c => c,
    }
}

fn selector() -> BoxedStrategy<Selector> {
    prop_oneof![
        name().prop_map(Selector::Proposal),
        (office(), any::<bool>()).prop_map(|(office, plural)| Selector::Appointments {
            office,
            plural,
            span: S
        }),
        (name(), any::<bool>()).prop_map(|(body, plural)| Selector::Admissions { body, plural, span: S }),
        (name(), any::<bool>()).prop_map(|(body, plural)| Selector::Resolutions { body, plural, span: S }),
        (name(), any::<bool>()).prop_map(|(body, plural)| Selector::Proposals { body, plural, span: S }),
        (office(), any::<bool>()).prop_map(|(office, plural)| Selector::Nominations {
            office,
            plural,
            span: S
        }),
    ]
    .boxed()
}

fn bound() -> impl Strategy<Value = Bound> {
    prop_oneof![Just(Bound::Exactly), Just(Bound::AtLeast), Just(Bound::AtMost)]
}

fn rule_body() -> BoxedStrategy<RuleBody> {
    let edge = prop_oneof![Just(Edge::End), Just(Edge::Start)];
    let unit = prop_oneof![Just(Unit::Years), Just(Unit::Months), Just(Unit::Days)];
    prop_oneof![
        (selector(), cond()).prop_map(|(selector, condition)| RuleBody::Adopting { selector, condition }),
        (office(), edge, 1u8..=12).prop_map(|(office, edge, m)| RuleBody::TermsMonth {
            office,
            edge,
            month: Month(m)
        }),
        (office(), bound(), int(), unit).prop_map(|(office, bound, amount, unit)| RuleBody::TermsLast {
            office,
            bound,
            amount,
            unit
        }),
        office().prop_map(|office| RuleBody::TermsNeverOverlap { office }),
        office().prop_map(|office| RuleBody::TermsFollowAppointment { office }),
        (office(), any::<bool>())
            .prop_map(|(office, plural)| RuleBody::AppointmentsFollowNomination { office, plural }),
        (office(), prop::option::of(date()), prop::option::of(date()))
            .prop_map(|(office, from, until)| RuleBody::NeverVacant { office, from, until }),
        (selector(), date()).prop_map(|(selector, date)| RuleBody::AdoptedBy { selector, date }),
        (name(), bound(), int(), prop::option::of(date()))
            .prop_map(|(body, bound, count, on)| RuleBody::HasMembers { body, bound, count, on }),
    ]
    .boxed()
}

fn rule() -> BoxedStrategy<Rule> {
    let severity =
        prop::option::of(prop_oneof![Just(Severity::Error), Just(Severity::Warning), Just(Severity::Info)]);
    (
        name(),
        severity,
        prop::option::of(date()),
        prop::option::of(date()),
        rule_body(),
        prop::option::of(text()),
    )
        .prop_map(|(name, severity, from, until, body, because)| Rule {
            name,
            severity,
            from,
            until,
            body,
            because,
            span: S,
        })
        .boxed()
}

fn statement() -> BoxedStrategy<Statement> {
    prop_oneof![
        3 => (fact_kind(), source()).prop_map(|(kind, source)| Statement::Fact(Box::new(Fact { kind, source, span: S }))),
        1 => rule().prop_map(|r| Statement::Rule(Box::new(r))),
        1 => test_statement().prop_map(|t| Statement::Test(Box::new(t))),
    ]
    .boxed()
}

/// A `test` statement (language v2, section J).
fn test_statement() -> BoxedStrategy<Test> {
    let expected =
        prop_oneof![Just(Expected::Violated), Just(Expected::PossiblyViolated), Just(Expected::Met)];
    let expectation = prop_oneof![
        (name(), expected, prop::option::of(name())).prop_map(|(rule, outcome, on)| Expectation::Rule {
            rule,
            outcome,
            on
        }),
        Just(Expectation::NoViolations(S)),
    ];
    (
        name(),
        prop::option::of(date()),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(expectation, 1..4),
    )
        .prop_map(|(name, as_of, assuming, retracting, expect)| Test {
            name,
            as_of,
            assuming,
            retracting,
            expect,
            span: S,
        })
        .boxed()
}

fn print(statements: &[Statement]) -> String {
    statements.iter().map(|s| syntax::print_statement(s, "") + "\n").collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn printing_then_parsing_gives_the_same_tree(statements in prop::collection::vec(statement(), 1..6)) {
        let text = print(&statements);
        let (file, errors) = syntax::parse(&text, FileId(0));
        prop_assert!(errors.is_empty(), "{text}\n{errors:?}");
        let expanded: Vec<Statement> = file.statements.iter().map(|s| s.expand(&text)).collect();
        prop_assert_eq!(expanded, statements, "{}", text);
    }

    #[test]
    fn printing_is_a_fixed_point(statements in prop::collection::vec(statement(), 1..6)) {
        let text = print(&statements);
        let (file, _) = syntax::parse(&text, FileId(0));
        prop_assert_eq!(syntax::print_file(&file, &text), text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let outcome = syntax::decode(&bytes, FileId(0)).map(|text| syntax::parse(text, FileId(0)));
        if let Ok((file, errors)) = outcome {
            let meaningful = bytes.iter().any(|b| !b" \t\r\n".contains(b));
            prop_assert!(!meaningful || !file.statements.is_empty() || !errors.is_empty() || !file.comments.is_empty());
        }
    }

    #[test]
    fn arbitrary_token_sequences_never_panic(tokens in prop::collection::vec(token(), 0..40)) {
        let text = tokens.join(" ");
        let (file, errors) = syntax::parse(&text, FileId(0));
        let meaningful = !text.trim().is_empty();
        prop_assert!(!meaningful || !file.statements.is_empty() || !errors.is_empty() || !file.comments.is_empty());
        for e in &errors {
            prop_assert!(e.span.end as usize <= text.len() && e.span.start <= e.span.end);
        }
    }
}

/// Tokens of the language and near-misses, for sequences the parser must survive.
fn token() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "body",
        "group",
        "office",
        "proposal",
        "members",
        "term",
        "rule",
        "of",
        "since",
        "as",
        "from",
        "to",
        ":",
        ",",
        "and",
        "or",
        "not",
        "(",
        ")",
        ".",
        ". ",
        "[src]",
        "[",
        "]",
        "\"q\"",
        "\"",
        "supports",
        "opposes",
        "abstains",
        "on",
        "withdraws",
        "joins",
        "leaves",
        "adopts",
        "rejects",
        "is",
        "withdrawn",
        "has",
        "2024-03-05",
        "2024-04",
        "2024",
        "2024-13",
        "..",
        "2024-04-02..2024-04-28",
        "2024-04-28..2024-04-02",
        "..2024-04-28",
        "except",
        "all members of",
        "2024-02-30",
        "2024-3-5",
        "32",
        "83.2",
        "65%",
        "2/3",
        "1/0",
        "half",
        "unanimity",
        "consensus",
        "all",
        "no",
        "at",
        "least",
        "most",
        "more",
        "than",
        "fewer",
        "exactly",
        "members",
        "member",
        "support",
        "requires",
        "adopting",
        "appointments",
        "terms",
        "end",
        "in",
        "October",
        "last",
        "years",
        "never",
        "overlap",
        "vacant",
        "some",
        "adopted",
        "by",
        "because",
        "(warning)",
        "#c\n",
        "\n",
        "NATO",
        "Türkiye",
        "-5",
        "“",
        "\\",
    ]);
    prop_oneof![fixed.prop_map(String::from), "[a-z]{1,5}"]
}

#[test]
fn deep_nesting_is_a_diagnostic_not_a_stack_overflow() {
    for depth in [syntax::MAX_DEPTH + 1, 10_000] {
        let text =
            format!("rule r: adopting x requires {}consensus{}.", "(".repeat(depth), ")".repeat(depth));
        let (_, errors) = syntax::parse(&text, FileId(0));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].code(), "syntax::too-deep");
        let text = format!("rule r: adopting x requires {}consensus.", "not ".repeat(depth));
        let (_, errors) = syntax::parse(&text, FileId(0));
        assert_eq!(errors[0].code(), "syntax::too-deep");
    }
}

#[test]
fn nesting_up_to_the_limit_parses() {
    let depth = syntax::MAX_DEPTH;
    let text = format!("rule r: adopting x requires {}consensus{}.", "(".repeat(depth), ")".repeat(depth));
    let (file, errors) = syntax::parse(&text, FileId(0));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(file.statements.len(), 1);
}

#[test]
fn a_five_megabyte_name_is_read_whole() {
    let long = "N".repeat(5 << 20);
    let text = format!("body {long}.\nbody \"{long} two\".");
    let (file, errors) = syntax::parse(&text, FileId(0));
    assert!(errors.is_empty());
    let Statement::Fact(fact) = &file.statements[1] else { panic!() };
    let FactKind::Body(name) = &fact.kind else { panic!() };
    assert_eq!(name.text.len(), (5 << 20) + 4);
}

#[test]
fn a_one_megabyte_comment_is_kept() {
    let comment = "x".repeat(1 << 20);
    let text = format!("#{comment}\nbody NATO.");
    let (file, errors) = syntax::parse(&text, FileId(0));
    assert!(errors.is_empty());
    assert_eq!(file.comments.len(), 1);
    assert_eq!(file.comments[0].text.len(), 1 << 20);
    assert_eq!(syntax::print_file(&file, &text), format!("{text}\n"));
}

#[test]
fn a_file_without_final_newline_parses() {
    let (file, errors) = syntax::parse("body NATO.", FileId(0));
    assert!(errors.is_empty());
    assert_eq!(file.statements.len(), 1);
    let (file, errors) = syntax::parse("body NATO. # last", FileId(0));
    assert!(errors.is_empty());
    assert_eq!(file.comments.len(), 1);
}
