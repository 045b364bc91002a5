//! `concord timeline PROPOSAL [--svg FILE]`: every change of the tally, as text or JSON,
//! and as an SVG chart.

use super::output::{self, stderr_line};
use super::{proposal_run, Format, Inputs, Shared, Status};
use crate::views::{svg, timeline};
use std::path::Path;

pub fn run(name: &str, svg_file: Option<&Path>, inputs: &Inputs, shared: &Shared) -> Status {
    let run = match proposal_run(name, inputs, shared) {
        Ok(run) => run,
        Err(status) => return status,
    };
    let view = timeline::timeline(&run.analysis.model, run.proposal);
    let text = match shared.format {
        Format::Json => serde_json::to_string_pretty(&view).expect("the timeline serialises") + "\n",
        _ => timeline::render_text(&view),
    };
    let status = output::to_stdout("the timeline", run.status(), |out| out.write_all(text.as_bytes()));
    let Some(path) = svg_file else { return status };
    match std::fs::write(path, svg::render(&view)) {
        Ok(()) => status,
        Err(e) => {
            stderr_line(&format!("error: cannot write {}: {e}", path.display()));
            Status::Failed
        }
    }
}
