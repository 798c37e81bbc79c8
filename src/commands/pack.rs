//! `envplan pack`.

use crate::cli::PackArgs;

use super::{AppError, Outcome};

pub fn run(_global: &super::Global, _args: &PackArgs) -> Result<Outcome, AppError> {
    Err(AppError::usage("`envplan pack` is not implemented yet"))
}
