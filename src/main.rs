//! The `concord` binary: a thin layer over the library.

use clap::Parser;

fn main() -> concord::cli::Status {
    let args = match concord::cli::Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { concord::cli::Status::Failed } else { concord::cli::Status::Clean };
        }
    };
    concord::cli::run(args)
}
