//! `envplan show ID`: one record, its fields, what follows from them as of a
//! day, and everything that refers to it. An unknown id is a usage error
//! (exit 2) with the nearest id as a hint.

use std::io::{self, Write};

use crate::cli::ShowArgs;
use crate::show;

use super::{check_registry, load, written, AppError, Global, Outcome};

pub fn run(global: &Global, args: &ShowArgs) -> Result<Outcome, AppError> {
    let (registry, load_findings) = load(global)?;
    let checked = check_registry(global, &registry, load_findings);
    let text = show::show(&checked.model, checked.as_of, &args.id)
        .map_err(|nf| AppError::usage_with_help(nf.message, nf.help))?;
    let about: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.records.iter().any(|r| r == &args.id))
        .collect();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = (|| {
        out.write_all(text.as_bytes())?;
        if !about.is_empty() {
            let codes: Vec<&str> = about.iter().map(|f| f.code.as_str()).collect();
            writeln!(
                out,
                "\n`envplan check` has {} about it ({}).",
                crate::time::format::plural(about.len() as i64, "finding"),
                codes.join(", ")
            )?;
        }
        out.flush()
    })();
    written(Outcome::Success, result)
}
