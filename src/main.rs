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
            eprintln!("newsgraph: error: {}", message(&err));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes joined by `: `, leaving out a cause the text before already ends
/// with (an error that prints its source, such as `path: File exists`, would say it twice).
fn message(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let cause = cause.to_string();
        if !text.ends_with(&cause) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&cause);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::message;

    #[test]
    fn a_cause_the_message_already_shows_is_not_repeated() {
        let io = std::io::Error::other("Is a directory");
        let err = anyhow::Error::new(newsgraph::error::Error::io("out/graph.json", io));
        assert_eq!(message(&err), "out/graph.json: Is a directory");
        let err = anyhow::anyhow!("disk full").context("writing out/graph.json");
        assert_eq!(message(&err), "writing out/graph.json: disk full");
    }
}
