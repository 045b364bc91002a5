//! The `concord` command line: arguments, dispatch, and the exit status.

mod check;
mod explain;
mod fmt;

use clap::{Parser, Subcommand, ValueEnum};
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
    /// Print only the summary and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check every rule against the facts under the paths (default: rules facts).
    Check { paths: Vec<PathBuf> },
    /// Rewrite files in the canonical layout.
    Fmt {
        /// Write nothing; exit 1 naming each file that would change.
        #[arg(long)]
        check: bool,
        paths: Vec<PathBuf>,
    },
    /// Explain a diagnostic code, with an example and the fix.
    Explain { code: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Short,
    Json,
    Sarif,
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

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    let ok = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    let date = s.parse::<jiff::civil::Date>().ok().filter(|_| ok);
    date.ok_or_else(|| format!("`{s}` is not a date; write YYYY-MM-DD, e.g. 2024-05-01"))
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
pub fn run(args: Args) -> Status {
    match args.command {
        Command::Check { paths } => check::run(&default_paths(paths), &args.shared),
        Command::Fmt { check, paths } => fmt::run(&default_paths(paths), check, &args.shared),
        Command::Explain { code } => explain::run(&code),
    }
}

fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("rules"), PathBuf::from("facts")]
    } else {
        paths
    }
}
