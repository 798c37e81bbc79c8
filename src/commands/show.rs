//! `envplan show`.

use crate::cli::ShowArgs;

use super::{AppError, Outcome};

pub fn run(_global: &super::Global, _args: &ShowArgs) -> Result<Outcome, AppError> {
    Err(AppError::usage("`envplan show` is not implemented yet"))
}
