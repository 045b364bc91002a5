//! `concord explain [CODE]`: the long explanation of a diagnostic code, found by its
//! full name or an unambiguous short form; without a code, every code and its summary.

use super::output::{self, stderr_line};
use super::Status;
use crate::report::codes::{self, Code};

pub fn run(code: Option<&str>) -> Status {
    let Some(code) = code else { return list() };
    match lookup(code) {
        Found::One(c) => output::to_stdout("the explanation", Status::Clean, |out| {
            writeln!(
                out,
                "{}\n\n{}\n\nExample:\n\n{}\n\nFix: {}",
                c.code,
                c.explanation,
                indent(c.example),
                c.fix
            )
        }),
        Found::Several(all) => {
            let names: Vec<&str> = all.iter().map(|c| c.code).collect();
            stderr_line(&format!("error: `{code}` is short for several codes: {}", names.join(", ")));
            stderr_line(&format!("help: write one of them in full, e.g. `concord explain {}`", names[0]));
            Status::Failed
        }
        Found::None => {
            stderr_line(&format!("error: no diagnostic has the code `{code}`"));
            let near = near(code);
            if !near.is_empty() {
                stderr_line(&format!("help: did you mean {}?", near.join(", ")));
            }
            stderr_line("help: `concord explain` without a code lists every code");
            Status::Failed
        }
    }
}

enum Found {
    One(&'static Code),
    Several(Vec<&'static Code>),
    None,
}

/// The code named in full, or else by its part after `STAGE::` (`decision`), or else by
/// the start of either (`violation::dec`, `missing-per`), when only one code fits.
fn lookup(wanted: &str) -> Found {
    let wanted = wanted.trim().to_lowercase();
    if let Some(c) = codes::find(&wanted) {
        return Found::One(c);
    }
    let by_short: Vec<&Code> = codes::CODES.iter().filter(|c| c.short() == wanted).collect();
    let fits = match by_short.is_empty() {
        true => codes::CODES
            .iter()
            .filter(|c| !wanted.is_empty() && (c.code.starts_with(&wanted) || c.short().starts_with(&wanted)))
            .collect(),
        false => by_short,
    };
    match fits.len() {
        0 => Found::None,
        1 => Found::One(fits[0]),
        _ => Found::Several(fits),
    }
}

/// The codes whose name after `STAGE::` is a few edits from the one given (whatever
/// stage it was given with), closest first.
fn near(wanted: &str) -> Vec<&'static str> {
    let wanted = wanted.trim().to_lowercase();
    let name = wanted.rsplit("::").next().unwrap_or_default();
    let limit = (name.chars().count() / 3).max(1);
    let mut close: Vec<(usize, &str)> = codes::CODES
        .iter()
        .map(|c| (strsim::damerau_levenshtein(c.short(), name), c.code))
        .filter(|&(distance, _)| distance <= limit)
        .collect();
    close.sort_unstable();
    close.into_iter().take(3).map(|(_, code)| code).collect()
}

/// Every code with the first sentence of its explanation, in the order of the docs.
fn list() -> Status {
    let mut text = String::from("Every diagnostic code; `concord explain CODE` tells more of one.\n");
    let mut stage = "";
    for c in codes::CODES {
        let this = c.code.split("::").next().unwrap_or_default();
        if this != stage {
            text.push('\n');
            stage = this;
        }
        text.push_str(c.code);
        text.push('\n');
        text.push_str(&wrapped(c.summary(), "    ", 80));
    }
    output::to_stdout("the list of codes", Status::Clean, |out| out.write_all(text.as_bytes()))
}

/// `text` in lines of at most `width` columns (a longer word stands alone), each after
/// `indent`.
fn wrapped(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::from(indent);
    for word in text.split(' ') {
        if line.len() > indent.len() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = String::from(indent);
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}
