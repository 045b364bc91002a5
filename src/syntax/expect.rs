//! `test` statements (language version 2, section J): what a rule author expects the
//! rules to say about the record, with facts assumed or retracted.

use super::ast::*;
use super::lex::{self, Expect, PError, PResult};
use super::parse::Parser;
use nom::combinator::cut;
use nom::Parser as _;

const EXPECTATION: Expect = Expect::Thing(
    "an expectation (`RULE is violated`, `RULE is possibly violated`, `RULE is met` or `no violations`)",
    &["no"],
);
const OUTCOME: Expect =
    Expect::Thing("`violated`, `possibly violated` or `met`", &["violated", "possibly", "met"]);

impl<'a> Parser<'a> {
    /// `test NAME [as of D]: [assuming "F", …] [retracting "F", …] expect E {and E}.`
    pub(super) fn test(&self, i: &'a str) -> PResult<'a, Test> {
        let start = lex::ws(i);
        let (i, _) = lex::kw("test")(i)?;
        let (i, name) = cut(|i| self.name(i)).parse(i)?;
        let (i, as_of) = match lex::kw("as")(i) {
            Ok((r, _)) => {
                let (r, _) = cut(lex::kw("of")).parse(r)?;
                cut(|i| self.date(i, "as of")).parse(r).map(|(r, d)| (r, Some(d)))?
            }
            Err(_) => (i, None),
        };
        let (i, _) = cut(lex::punct(":")).parse(i)?;
        let (i, assuming) = self.facts_after(i, "assuming")?;
        let (i, retracting) = self.facts_after(i, "retracting")?;
        let (i, _) = cut(lex::kw("expect")).parse(i)?;
        let (mut i, first) = cut(|i| self.expectation(i)).parse(i)?;
        let mut expect = vec![first];
        while let Ok((rest, _)) = lex::kw("and")(i) {
            let (rest, next) = cut(|i| self.expectation(i)).parse(rest)?;
            expect.push(next);
            i = rest;
        }
        let (i, _) = cut(lex::period).parse(i)?;
        Ok((i, Test { name, as_of, assuming, retracting, expect, span: self.span(start, i) }))
    }

    /// `KEYWORD "F", "F"`: facts as strings, as `--assume` and `--retract` take them.
    fn facts_after(&self, i: &'a str, keyword: &'static str) -> PResult<'a, Vec<Text>> {
        let Ok((mut i, _)) = lex::kw(keyword)(i) else { return Ok((i, Vec::new())) };
        let (rest, first) = cut(|i| self.text(i)).parse(i)?;
        let mut facts = vec![first];
        i = rest;
        while let Ok((rest, _)) = lex::punct(",")(i) {
            let (rest, next) = cut(|i| self.text(i)).parse(rest)?;
            facts.push(next);
            i = rest;
        }
        Ok((i, facts))
    }

    fn expectation(&self, i: &'a str) -> PResult<'a, Expectation> {
        let at = lex::ws(i);
        if let Ok((rest, _)) = lex::kw("no")(i) {
            let (rest, _) = cut(lex::kw("violations")).parse(rest)?;
            return Ok((rest, Expectation::NoViolations(self.span(at, rest))));
        }
        let (i, rule) = self.name(i).map_err(|_| nom::Err::Error(PError::expected(i, at, EXPECTATION)))?;
        let (i, _) = lex::kw("is")(i)?;
        let (rest, tok) = lex::word(i).map_err(|e| e.map(|e| PError::expected(e.before, e.at, OUTCOME)))?;
        let (i, outcome) = match tok.value {
            "violated" => (rest, Expected::Violated),
            "met" => (rest, Expected::Met),
            "possibly" => (lex::kw("violated")(rest)?.0, Expected::PossiblyViolated),
            _ => return Err(nom::Err::Error(PError::expected(i, tok.at, OUTCOME))),
        };
        let (i, on) = match lex::kw("on")(i) {
            Ok((r, _)) => cut(|i| self.name(i)).parse(r).map(|(r, n)| (r, Some(n)))?,
            Err(_) => (i, None),
        };
        Ok((i, Expectation::Rule { rule, outcome, on }))
    }
}
