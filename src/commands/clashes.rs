//! `envplan clashes`: the clashes `check` reports, listed for planning. It
//! always exits 0 when it could run; `check` is the gate.

use std::io::{self, Write};

use chrono::NaiveDate;

use crate::clashes::{
    listed_clashes, write_listed_csv, write_listed_json, write_listed_table, ClashFilter,
};
use crate::cli::{ClashesArgs, TableFormat};
use crate::output::sanitize::JsonControls;
use crate::output::{terminal_width, use_color};
use crate::registry::records::Environment;

use super::{
    check_registry, load, parse_optional_day, resolve_flag, written, AppError, Global, Outcome,
};

pub fn run(global: &Global, args: &ClashesArgs) -> Result<Outcome, AppError> {
    // Every flag is read before the registry is: a usage error comes first.
    let (from, to) = dates(args)?;
    let (registry, load_findings) = load(global)?;
    let checked = check_registry(global, &registry, load_findings);
    let m = &checked.model;
    let env = resolve_flag::<Environment>(m, "--environment", args.environment.as_deref())?;
    let filter = ClashFilter { env, from, to };
    let clashes = listed_clashes(m, &filter);

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match args.format {
        TableFormat::Table => write_listed_table(
            m,
            &clashes,
            use_color(global.color),
            terminal_width(),
            &mut out,
        ),
        TableFormat::Json => {
            let mut json = JsonControls::new(&mut out);
            write_listed_json(m, &clashes, &mut json).and_then(|()| json.flush())
        }
        TableFormat::Csv => write_listed_csv(m, &clashes, &mut out),
    }
    .and_then(|()| out.flush());
    if result.is_err() {
        // A reader that went away ends the command quietly (exit 0).
        return written(Outcome::Success, result);
    }

    // Intervals whose record, environment or dates could not be read take
    // part in no clash; say so rather than let a short list look clean.
    let unreadable = checked.reading_problems().count();
    if unreadable > 0 {
        eprintln!(
            "envplan: note: {unreadable} problem{} reading the registry; intervals that could not be read are not listed (run `envplan check`)",
            if unreadable == 1 { "" } else { "s" }
        );
    }
    Ok(Outcome::Success)
}

/// `--from` and `--to`, in order when both are given.
fn dates(args: &ClashesArgs) -> Result<(Option<NaiveDate>, Option<NaiveDate>), AppError> {
    let from = parse_optional_day("--from", args.from.as_deref())?;
    let to = parse_optional_day("--to", args.to.as_deref())?;
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return Err(AppError::usage(format!(
                "--to {t} is before --from {f}: the period would be empty"
            )));
        }
    }
    Ok((from, to))
}
