//! The `envplan` binary: parse the command line, run the library, turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = envplan::cli::Cli::parse();
    envplan::run(cli)
}
