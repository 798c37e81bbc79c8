//! `envplan completions SHELL`: a completion script for bash, zsh, fish,
//! PowerShell or elvish, generated from the same command definition that
//! parses the arguments, so it cannot fall behind.

use std::io::{self, Write};

use crate::cli::{command, CompletionsArgs};

use super::{AppError, Outcome};

pub fn run(args: &CompletionsArgs) -> Result<Outcome, AppError> {
    let mut cmd = command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "envplan", &mut script);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(Outcome::Success)
}
