//! The `concord` command line: arguments, dispatch, and the exit status.

mod check;
mod explain;
mod fmt;
mod output;
mod status;
mod test;
mod timeline;
mod watch;
mod write;

use clap::{Parser, Subcommand, ValueEnum};
use output::stderr_line;
use std::path::PathBuf;
use std::process::{ExitCode, Termination};

#[derive(Parser, Debug)]
#[command(name = "concord", version, about = "Checks whether collective decisions followed their rules.")]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub shared: Shared,
}

/// Options every command takes.
#[derive(clap::Args, Debug, Clone)]
pub struct Shared {
    /// Whether large files may be mapped (`Options::map_large_files`): not when watching.
    #[arg(skip)]
    pub map_large_files: bool,
    /// Evaluate as of this date (YYYY-MM-DD); default: the latest date in the facts.
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<jiff::civil::Date>,
    /// How to print diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to use colour (NO_COLOR is honoured).
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Count warnings as errors for the exit status.
    #[arg(long, global = true, value_enum, value_name = "warnings")]
    pub deny: Option<Deny>,
    /// Print only the summary and errors (with --deny warnings, warnings too).
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// The files of a run, and facts given on the command line.
#[derive(clap::Args, Debug, Clone)]
pub struct Inputs {
    /// A fact added to the files, e.g. "2024-05-01: NATO adopts rutte_sg." (repeatable).
    #[arg(long, value_name = "FACT")]
    pub assume: Vec<String>,
    /// A recorded fact taken out, e.g. "2024-06-18: Hungary supports rutte_sg." (repeatable).
    #[arg(long, value_name = "FACT")]
    pub retract: Vec<String>,
    /// Files and directories to read (default: rules facts).
    pub paths: Vec<PathBuf>,
}

impl Inputs {
    pub fn paths(&self) -> Vec<PathBuf> {
        default_paths(self.paths.clone())
    }

    pub fn options(&self, shared: &Shared) -> crate::Options {
        crate::Options {
            as_of: shared.as_of,
            assume: self.assume.clone(),
            retract: self.retract.clone(),
            map_large_files: shared.map_large_files,
        }
    }
}

/// The inputs of a command that can run again on every change (`check`, `test`).
#[derive(clap::Args, Debug, Clone)]
pub struct Watched {
    /// Run again whenever an input file changes (clearing a terminal), until Ctrl-C.
    #[arg(long)]
    pub watch: bool,
    #[command(flatten)]
    pub inputs: Inputs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check every rule against the facts under the paths (default: rules facts).
    Check(Watched),
    /// The tally of one proposal, and who must still be convinced for each rule; without
    /// a proposal, the list of proposals.
    Status {
        /// The proposal's name (without it, every proposal is listed).
        proposal: Option<String>,
        #[command(flatten)]
        inputs: Inputs,
    },
    /// Every date on which the tally of one proposal changed, as a table and a chart.
    Timeline {
        /// The proposal's name.
        proposal: String,
        /// Also write the chart as a standalone SVG file.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
        #[command(flatten)]
        inputs: Inputs,
    },
    /// Run the record's `test` statements: one line per test, then `N passed, M failed`.
    Test(Watched),
    /// Rewrite files in the canonical layout.
    Fmt {
        /// Write nothing; exit 1 naming each file that would change.
        #[arg(long)]
        check: bool,
        paths: Vec<PathBuf>,
    },
    /// A language server over standard input and output, for editors (docs/cli.md).
    Lsp {
        /// Accepted and ignored: editors' clients pass it to say the transport.
        #[arg(long, hide = true)]
        stdio: bool,
    },
    /// Explain a diagnostic code, with an example and the fix; without one, list them all.
    Explain {
        /// The code, in full (`violation::decision`) or by its name alone (`decision`).
        code: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Short,
    Json,
    Sarif,
    /// GitHub Actions workflow commands, for annotations on a pull request.
    Github,
    /// JUnit XML, for `concord test` in CI dashboards.
    Junit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

/// A date written `YYYY-MM-DD`; a day that is not in the calendar is refused as in files.
fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    let b = s.as_bytes();
    let shaped = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    if !(shaped && b.iter().enumerate().all(|(i, c)| c.is_ascii_digit() || i == 4 || i == 7)) {
        return Err(format!("`{s}` is not a date; write YYYY-MM-DD, e.g. 2024-05-01"));
    }
    s.parse::<jiff::civil::Date>()
        .map_err(|_| format!("{s} is not a date in the calendar; {}", crate::syntax::no_such_day(s)))
}

/// The exit status of cli.md: 0 checked and clean, 1 violations, 2 could not check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Clean = 0,
    Violations = 1,
    Failed = 2,
}

impl Termination for Status {
    fn report(self) -> ExitCode {
        ExitCode::from(self as u8)
    }
}

impl Shared {
    pub fn use_color(&self) -> bool {
        use std::io::IsTerminal;
        match self.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
            }
        }
    }
}

/// Runs a parsed command line, printing to stdout and stderr.
pub fn run(mut args: Args) -> Status {
    match &args.command {
        Command::Check(w) | Command::Test(w) if w.watch => watch::run(&w.inputs.paths(), || once(&args)),
        _ => {
            // A run that ends before its files change may map the large ones.
            args.shared.map_large_files = true;
            once(&args)
        }
    }
}

/// Runs the command once.
fn once(args: &Args) -> Status {
    match &args.command {
        Command::Check(w) => check::run(&w.inputs, &args.shared),
        Command::Status { proposal, inputs } => status::run(proposal.as_deref(), inputs, &args.shared),
        Command::Timeline { proposal, svg, inputs } => {
            timeline::run(proposal, svg.as_deref(), inputs, &args.shared)
        }
        Command::Fmt { check, paths } => fmt::run(&default_paths(paths.clone()), *check, &args.shared),
        Command::Explain { code } => explain::run(code.as_deref()),
        Command::Test(w) => test::run(&w.inputs, &args.shared),
        Command::Lsp { .. } => lsp(),
    }
}

/// `concord lsp`: 0 after `shutdown` and `exit`, 1 on an `exit` without `shutdown` (as
/// the protocol asks), 2 when the connection failed.
fn lsp() -> Status {
    match crate::lsp::run() {
        Ok(true) => Status::Clean,
        Ok(false) => Status::Violations,
        Err(e) => {
            stderr_line(&format!("error: concord lsp: {e}"));
            Status::Failed
        }
    }
}

/// Prints clap's help, version or usage error: 0 for help and version, 2 for a usage
/// error or when the help could not be written (`--help > /dev/full`).
pub fn usage(e: clap::Error) -> Status {
    let status = if e.use_stderr() { Status::Failed } else { Status::Clean };
    let what = if e.use_stderr() { "the usage to standard error" } else { "the help to standard output" };
    output::finish(e.print(), what, status)
}

/// Says, on each error that `rules` or `facts` could not be read when no path was given,
/// where those come from and how to name other files; whether there was such an error.
fn explain_default_paths(report: &mut crate::report::Report, inputs: &Inputs, command: &str) -> bool {
    if !inputs.paths.is_empty() {
        return false;
    }
    let help = format!(
        "without paths, `concord {command}` reads the directories `rules` and `facts` of the \
         current directory; run it where they are, or name the files or directories to read: \
         `concord {command} FILE...`"
    );
    let mut found = false;
    for d in report.diagnostics.iter_mut().filter(|d| d.code == "file::unreadable") {
        if matches!(report.sources.get(d.primary.span.file).name.as_str(), "rules" | "facts") {
            d.help = Some(help.clone());
            found = true;
        }
    }
    found
}

fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("rules"), PathBuf::from("facts")]
    } else {
        paths
    }
}

/// What `status` and `timeline` start from: the checked files, and the proposal named.
pub(crate) struct ProposalRun {
    pub analysis: crate::Analysis,
    pub proposal: crate::model::ProposalId,
    /// Whether the input had errors (then the exit status is 2, after the view).
    pub input_errors: bool,
}

impl ProposalRun {
    /// 2 when the input had errors, else 0: violations are `check`'s business.
    pub fn status(&self) -> Status {
        if self.input_errors {
            Status::Failed
        } else {
            Status::Clean
        }
    }
}

/// Reads the inputs, prints their errors (not violations: that is `check`'s work) to
/// stderr, and finds the proposal; `Err` is the exit status when there is nothing to show.
pub(crate) fn proposal_run(
    name: &str,
    inputs: &Inputs,
    shared: &Shared,
    command: &str,
) -> Result<ProposalRun, Status> {
    let (analysis, input_errors) = analysed(inputs, shared, command)?;
    match crate::views::find_proposal(&analysis.model, name) {
        Ok(proposal) => Ok(ProposalRun { proposal, input_errors, analysis }),
        Err(unknown) => {
            stderr_line(&format!("error: no proposal is named `{}`", unknown.name));
            let mut near = unknown.starting;
            near.extend(unknown.suggestion.filter(|s| !near.contains(s)));
            if !near.is_empty() {
                let near: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
                stderr_line(&format!("help: did you mean {}?", near.join(" or ")));
            }
            stderr_line("help: `concord status` without a proposal lists every proposal");
            Err(Status::Failed)
        }
    }
}

/// Reads the inputs for a view and prints their errors to stderr; with them, whether
/// there were any (then the exit status is 2, after the view).
pub(crate) fn analysed(
    inputs: &Inputs,
    shared: &Shared,
    command: &str,
) -> Result<(crate::Analysis, bool), Status> {
    if matches!(shared.format, Format::Sarif | Format::Github | Format::Junit) {
        stderr_line(
            "error: `--format sarif`, `github` and `junit` are not for status and timeline, which print human, short or json",
        );
        return Err(Status::Failed);
    }
    let mut analysis = crate::analyse(&inputs.paths(), &inputs.options(shared));
    let defaults_missing = explain_default_paths(&mut analysis.report, inputs, command);
    let report = &analysis.report;
    let errors: Vec<&crate::report::Diagnostic> =
        report.diagnostics.iter().filter(|d| d.is_input_error()).collect();
    for d in &errors {
        let at = report.locate(d.primary.span);
        let help = d.did_you_mean().map(|h| format!(" — {h}")).unwrap_or_default();
        stderr_line(&format!("{}:{}:{}: error[{}] {}{help}", at.file, at.line, at.column, d.code, d.message));
    }
    if let Some(help) = errors.iter().find(|_| defaults_missing).and_then(|d| d.help.as_ref()) {
        stderr_line(&format!("help: {help}"));
    }
    let input_errors = !errors.is_empty();
    Ok((analysis, input_errors))
}
