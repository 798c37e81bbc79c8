//! `envplan check`: every rule, reported for people or for CI.

use std::io::{self, Write};

use crate::cli::{CheckArgs, CheckFormat};
use crate::diag::Severity;
use crate::output::{terminal_width, use_color};
use crate::report::{self, Report};

use super::{check_registry, load, AppError, Global, Outcome};

pub fn run(global: &Global, args: &CheckArgs) -> Result<Outcome, AppError> {
    let (registry, load_findings) = load(global)?;
    let checked = check_registry(global, &registry, load_findings);
    let report = Report {
        registry: &registry,
        findings: &checked.findings,
        suppressed: &checked.suppressed,
        baseline_used: false,
        baselined: 0,
        stale_baseline: 0,
        as_of: checked.as_of,
        deny_warnings: args.deny_warnings,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        CheckFormat::Human => {
            let width = terminal_width().unwrap_or(100);
            report::human::write(&report, use_color(global.color), width, &mut out)?
        }
        CheckFormat::Json => report::json::write(&report, &mut out)?,
        CheckFormat::Github => report::github::write(&report, &mut out)?,
        CheckFormat::Azure => report::azure::write(&report, &mut out)?,
        CheckFormat::Junit => report::junit::write(&report, &mut out)?,
    }
    out.flush()?;
    let failed = checked
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error || args.deny_warnings);
    Ok(if failed {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}
