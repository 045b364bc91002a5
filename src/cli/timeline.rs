//! `concord timeline PROPOSAL [--svg FILE]`: every change of the tally, as text or JSON,
//! and as an SVG chart.

use super::output::{self, stderr_line};
use super::{proposal_run, write, Format, Inputs, Shared, Status};
use crate::load::{self, Entry};
use crate::views::{svg, timeline};
use std::path::Path;

pub fn run(name: &str, svg_file: Option<&Path>, inputs: &Inputs, shared: &Shared) -> Status {
    if let Some((svg, input)) = svg_file.and_then(|svg| Some((svg, input_at(svg, inputs)?))) {
        stderr_line(&format!(
            "error: --svg {} would write over the input file {}; name another file for the chart",
            svg.display(),
            input.display()
        ));
        return Status::Failed;
    }
    let run = match proposal_run(name, inputs, shared, "timeline") {
        Ok(run) => run,
        Err(status) => return status,
    };
    let view = timeline::timeline_with(&run.analysis.model, run.proposal, &run.analysis.whatif);
    let text = match shared.format {
        Format::Json => serde_json::to_string_pretty(&view).expect("the timeline serialises") + "\n",
        // Names, texts and sources from the input, made safe for a terminal.
        _ => crate::terminal::escape_lines(&timeline::render_text(&view)).into_owned(),
    };
    let status = output::to_stdout("the timeline", run.status(), |out| out.write_all(text.as_bytes()));
    let Some(path) = svg_file else { return status };
    let written = write::replace_file_or_stream(path, svg::render(&view).as_bytes());
    if written.is_ok() && !shared.quiet {
        // On standard error: standard output is the timeline, perhaps JSON for a program.
        stderr_line(&format!("wrote the chart to {}", path.display()));
    }
    output::finish(written, &path.display().to_string(), status)
}

/// The input file that `svg` is, by identity (links and other names included), if any.
fn input_at(svg: &Path, inputs: &Inputs) -> Option<std::path::PathBuf> {
    load::expand(&inputs.paths()).into_iter().find_map(|entry| match entry {
        Entry::Read { path, .. } if load::same_file(&path, svg) => Some(path),
        _ => None,
    })
}
