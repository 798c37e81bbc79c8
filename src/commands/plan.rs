//! `envplan plan`.

use crate::cli::PlanArgs;

use super::{AppError, Outcome};

pub fn run(_global: &super::Global, _args: &PlanArgs) -> Result<Outcome, AppError> {
    Err(AppError::usage("`envplan plan` is not implemented yet"))
}
