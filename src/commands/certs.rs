//! `envplan certs`.

use crate::cli::CertsArgs;

use super::{AppError, Outcome};

pub fn run(_global: &super::Global, _args: &CertsArgs) -> Result<Outcome, AppError> {
    Err(AppError::usage("`envplan certs` is not implemented yet"))
}
