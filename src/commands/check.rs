//! `envplan check`: every rule, reported for people or for CI.

use std::io::{self, Write};

use crate::cli::{CheckArgs, CheckFormat};
use crate::diag::Severity;
use crate::output::sanitize::JsonControls;
use crate::output::{terminal_width, use_color};
use crate::report::{self, Report};

use super::{check_registry, load, written, AppError, Global, Outcome};

pub fn run(global: &Global, args: &CheckArgs) -> Result<Outcome, AppError> {
    let (registry, load_findings) = load(global)?;
    let checked = check_registry(global, &registry, load_findings);
    let report = Report {
        registry: &registry,
        findings: &checked.findings,
        as_of: checked.as_of,
        deny_warnings: args.deny_warnings,
    };
    let failed = checked
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error || args.deny_warnings);
    let outcome = if failed {
        Outcome::Failure
    } else {
        Outcome::Success
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match args.format {
        CheckFormat::Human => {
            let width = terminal_width().unwrap_or(100);
            report::human::write(&report, use_color(global.color), width, &mut out)
        }
        CheckFormat::Json => {
            let mut json = JsonControls::new(&mut out);
            report::json::write(&report, &mut json).and_then(|()| json.flush())
        }
        CheckFormat::Github => report::github::write(&report, &mut out),
        CheckFormat::Azure => report::azure::write(&report, &mut out),
        CheckFormat::Junit => report::junit::write(&report, &mut out),
    }
    .and_then(|()| out.flush());
    written(outcome, result)
}
