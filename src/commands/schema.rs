//! `envplan schema`.

use crate::cli::SchemaArgs;

use super::{AppError, Outcome};

pub fn run(_args: &SchemaArgs) -> Result<Outcome, AppError> {
    Err(AppError::usage("`envplan schema` is not implemented yet"))
}
