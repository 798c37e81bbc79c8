//! `envplan init`.

use crate::cli::InitArgs;

use super::{AppError, Outcome};

pub fn run(_args: &InitArgs) -> Result<Outcome, AppError> {
    Err(AppError::usage("`envplan init` is not implemented yet"))
}
