//! envplan keeps a test programme's environments, participants, bookings,
//! certificates and outages in a git-tracked YAML registry, checks it, and
//! reports on it.
//!
//! Data flows one way: files → records (`registry`) → interpreted facts
//! (`model`) → findings (`rules`, `diag`) → reports (`report`). Each command
//! in `commands` strings these together.

pub mod availability;
pub mod bookings;
pub mod certificates;
pub mod clashes;
pub mod cli;
pub mod commands;
pub mod diag;
pub mod history;
pub mod impact;
pub mod milestones;
pub mod model;
pub mod output;
pub mod pack;
pub mod pipeline;
pub mod plan;
pub mod position;
pub mod registry;
pub mod report;
pub mod rules;
pub mod schema;
pub mod show;
pub mod site;
pub mod slots;
pub mod starter;
pub mod table;
pub mod time;

use std::process::ExitCode;

pub use commands::Outcome;

/// Run a parsed command line and say how the process should exit.
pub fn run(cli: cli::Cli) -> ExitCode {
    match commands::dispatch(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(error) => {
            // Commands report a reader that went away with the outcome they
            // earned (`commands::written`); one that slips through here is
            // still no error to print.
            if error.is_broken_pipe() {
                return ExitCode::SUCCESS;
            }
            // An error can quote the registry (an id in a did-you-mean) or
            // the command line: shown escaped, like every human output.
            let message = error.to_string();
            eprintln!("envplan: error: {}", output::sanitize::visible(&message));
            if let Some(help) = error.help() {
                eprintln!("  help: {}", output::sanitize::visible(&help));
            }
            ExitCode::from(2)
        }
    }
}
