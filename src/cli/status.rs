//! `concord status PROPOSAL`: the tally now, and who must still be convinced.

use super::{output, proposal_run, Format, Inputs, Shared, Status};
use crate::views::status;

pub fn run(name: &str, inputs: &Inputs, shared: &Shared) -> Status {
    let run = match proposal_run(name, inputs, shared) {
        Ok(run) => run,
        Err(status) => return status,
    };
    let view = status::status_with(&run.analysis.model, run.proposal, &run.analysis.whatif);
    let text = match shared.format {
        Format::Json => serde_json::to_string_pretty(&view).expect("the status serialises") + "\n",
        // Names, texts and sources from the input, made safe for a terminal.
        _ => crate::terminal::escape_lines(&status::render_text(&view)).into_owned(),
    };
    output::to_stdout("the status", run.status(), |out| out.write_all(text.as_bytes()))
}
