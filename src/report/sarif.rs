//! SARIF 2.1.0: one run, one result per diagnostic, rule ids = diagnostic codes.

use super::{codes, Diagnostic, Label, Report, Severity};
use serde_json::{json, Value};
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag, Region,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};
use std::collections::BTreeMap;

pub fn render_sarif(report: &Report) -> String {
    let mut out = Vec::new();
    write_sarif(report, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("the log is UTF-8")
}

/// Writes the log result by result, exactly as `serde_json::to_string_pretty` would lay
/// out the whole: the results of a large record are never all held in memory.
pub fn write_sarif(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut used: Vec<&'static str> = report.diagnostics.iter().map(|d| d.code).collect();
    used.sort_unstable();
    used.dedup();
    let envelope = serde_json::to_string_pretty(&envelope(&used)).expect("the SARIF log serialises");
    let (before, after) = envelope.split_once(RESULTS).expect("the run has a results array");
    w.write_all(before.as_bytes())?;
    w.write_all(b"\"results\": [")?;
    for (n, d) in report.diagnostics.iter().enumerate() {
        let result = serde_json::to_string_pretty(&result(report, d, &used)).expect("a result serialises");
        // JSON strings hold no raw line breaks: every one is the layout's.
        let indented = result.replace('\n', "\n        ");
        w.write_all(if n == 0 { b"\n        " } else { b",\n        " })?;
        w.write_all(indented.as_bytes())?;
    }
    if !report.diagnostics.is_empty() {
        w.write_all(b"\n      ")?;
    }
    w.write_all(b"]")?;
    w.write_all(after.as_bytes())?;
    w.write_all(b"\n")
}

/// How the empty results array of the envelope is laid out, to be filled in.
const RESULTS: &str = "\"results\": []";

/// The log without its results.
fn envelope(used: &[&'static str]) -> Sarif {
    let mut driver = ToolComponent::builder()
        .name("concord")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(used.iter().map(|c| descriptor(c)).collect::<Vec<_>>())
        .build();
    driver.information_uri = information_uri().map(str::to_string);
    // Columns count Unicode scalar values, as in every other format.
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .column_kind(json!("unicodeCodePoints"))
        .results(Vec::<SarifResult>::new())
        .build();
    Sarif::builder()
        .schema(serde_sarif::sarif::SCHEMA_URL.to_string())
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

/// Where to read about Concord: the package's `homepage`, else its `repository`
/// (Cargo.toml); none while neither is set.
pub fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")].into_iter().find(|uri| !uri.is_empty())
}

fn descriptor(code: &str) -> ReportingDescriptor {
    let builder = ReportingDescriptor::builder().id(code);
    match codes::find(code) {
        Some(c) => builder
            .short_description(MultiformatMessageString::builder().text(c.summary()).build())
            .full_description(MultiformatMessageString::builder().text(c.explanation).build())
            .help(MultiformatMessageString::builder().text(c.fix).build())
            .build(),
        None => builder.build(),
    }
}

fn result(report: &Report, d: &Diagnostic, used: &[&str]) -> SarifResult {
    let level = match d.severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    };
    let text = match &d.full_help() {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let related: Vec<Location> =
        d.related.iter().enumerate().map(|(i, l)| location(report, l, Some(i as i64))).collect();
    let builder = SarifResult::builder()
        .rule_id(d.code)
        .rule_index(used.binary_search(&d.code).map_or(-1, |i| i as i64))
        .level(level)
        .message(Message::builder().text(text).build())
        .locations(vec![location(report, &d.primary, None)])
        .properties(properties(d));
    if related.is_empty() {
        builder.build()
    } else {
        builder.related_locations(related).build()
    }
}

fn location(report: &Report, label: &Label, id: Option<i64>) -> Location {
    let at = report.locate(label.span);
    let file = report.sources.get(label.span.file);
    let (end_line, end_column) = file.line_col(label.span.end as usize);
    let region = Region::builder()
        .start_line(at.line as i64)
        .start_column(at.column as i64)
        .end_line(end_line as i64)
        .end_column(end_column as i64)
        .byte_offset(at.offset as i64)
        .byte_length(at.length as i64)
        .build();
    let physical = PhysicalLocation::builder()
        .artifact_location(
            ArtifactLocation::builder()
                .uri(uri(file.raw_name.as_deref().unwrap_or(at.file.as_bytes())))
                .build(),
        )
        .region(region)
        .build();
    let message = Message::builder().text(label.message.to_string()).build();
    match id {
        Some(id) => Location::builder().id(id).physical_location(physical).message(message).build(),
        None => Location::builder().physical_location(physical).message(message).build(),
    }
}

/// A relative path as a URI reference: `/` separators, and bytes outside the unreserved
/// set percent-encoded (names like `what if/EU Council.facts` stay valid).
fn uri(path: &[u8]) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path {
        let b = if b == b'\\' { b'/' } else { b };
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// What SARIF has no field for: the category and the violation's evidence.
fn properties(d: &Diagnostic) -> PropertyBag {
    let mut extra: BTreeMap<String, Value> = BTreeMap::new();
    extra.insert("category".into(), json!(d.category));
    let optional = [("rule", &d.rule), ("subject", &d.subject), ("date", &d.date)];
    for (key, value) in optional {
        if let Some(v) = value {
            extra.insert(key.into(), json!(v));
        }
    }
    if !d.offenders.is_empty() {
        extra.insert("offenders".into(), json!(d.offenders));
    }
    if !d.sources.is_empty() {
        extra.insert("sources".into(), json!(d.sources));
    }
    PropertyBag::builder().additional_properties(extra).build()
}
