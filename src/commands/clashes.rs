//! `envplan clashes`.

use crate::cli::ClashesArgs;

use super::{AppError, Outcome};

pub fn run(_global: &super::Global, _args: &ClashesArgs) -> Result<Outcome, AppError> {
    Err(AppError::usage("`envplan clashes` is not implemented yet"))
}
