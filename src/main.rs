//! The `newsgraph` binary: parses the command line and hands it to [`newsgraph::cli::run`].
//!
//! Exit codes: 0 success; 1 error; 2 success but some inputs were skipped (warnings printed).

use clap::Parser;
use newsgraph::cli::{self, Cli, Outcome};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::SkippedInputs) => ExitCode::from(2),
        Err(err) => {
            // A closed pipe (`newsgraph mentions ... | head`) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("newsgraph: error: {err:#}");
            ExitCode::from(1)
        }
    }
}
