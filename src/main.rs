//! The `envplan` binary: parse the command line, run the library, turn the outcome into an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = envplan::cli::parse();
    envplan::run(cli)
}
