//! The `concord` binary: a thin layer over the library.

use clap::Parser;

fn main() -> concord::cli::Status {
    let args = match concord::cli::Args::try_parse() {
        Ok(args) => args,
        Err(e) => return concord::cli::usage(e),
    };
    concord::cli::run(args)
}
