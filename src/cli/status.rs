//! `concord status PROPOSAL`: the tally now, and who must still be convinced; without a
//! proposal, the list of proposals.

use super::{analysed, output, proposal_run, Format, Inputs, Shared, Status};
use crate::views::{list, status};

pub fn run(name: Option<&str>, inputs: &Inputs, shared: &Shared) -> Status {
    let Some(name) = name.filter(|n| !names_files(n)) else {
        // `concord status FILE`: the file is read, and its proposals listed.
        let mut inputs = inputs.clone();
        inputs.paths.splice(0..0, name.map(std::path::PathBuf::from));
        return run_list(&inputs, shared);
    };
    let run = match proposal_run(name, inputs, shared, "status") {
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

/// Whether what stands in the place of the proposal is a `.rules` or `.facts` file, or a
/// directory: no proposal's name is (a name holds no `.` or `/`, and few are directories).
fn names_files(arg: &str) -> bool {
    let path = std::path::Path::new(arg);
    path.is_dir() || (path.is_file() && crate::load::is_concord_file(path))
}

/// Every proposal, with its body, kind and how it ended.
fn run_list(inputs: &Inputs, shared: &Shared) -> Status {
    let (analysis, input_errors) = match analysed(inputs, shared, "status") {
        Ok(analysed) => analysed,
        Err(status) => return status,
    };
    let view = list::proposals(&analysis.model, &analysis.whatif);
    let text = match shared.format {
        Format::Json => serde_json::to_string_pretty(&view).expect("the list serialises") + "\n",
        // Names and texts from the input, made safe for a terminal.
        _ => crate::terminal::escape_lines(&list::render_text(&view)).into_owned(),
    };
    let status = if input_errors { Status::Failed } else { Status::Clean };
    output::to_stdout("the list of proposals", status, |out| out.write_all(text.as_bytes()))
}
