//! `envplan check`: every rule, reported for people or for CI.

use std::io::{self, Write};

use crate::cli::{CheckArgs, CheckFormat};
use crate::diag::Severity;
use crate::history;
use crate::impact::{new_findings, FindingKey};
use crate::output::{terminal_width, use_color};
use crate::report::{self, Report};

use super::diff::git_usage;
use super::{check_registry, load, AppError, Global, Outcome};

pub fn run(global: &Global, args: &CheckArgs) -> Result<Outcome, AppError> {
    let (registry, load_findings) = load(global)?;
    let mut checked = check_registry(global, &registry, load_findings);
    if let Some(rev) = &args.new_since {
        let as_of = checked.as_of;
        keep_new_since(global, &registry, rev, as_of, &mut checked.findings)?;
    }
    let report = Report {
        registry: &registry,
        findings: &checked.findings,
        as_of: checked.as_of,
        deny_warnings: args.deny_warnings,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        CheckFormat::Human => {
            let width = terminal_width();
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

/// `--new-since REV`: drop the findings that were already there at `rev`
/// (checked on the same day, matched by code, records and file), and say on
/// stderr how many were set aside so that a green run is not mistaken for a
/// clean registry.
fn keep_new_since(
    global: &Global,
    registry: &crate::registry::Registry,
    rev: &str,
    as_of: chrono::NaiveDate,
    findings: &mut Vec<crate::diag::Finding>,
) -> Result<(), AppError> {
    let past =
        history::registry_at(&registry.root, rev).map_err(|e| git_usage("--new-since", e))?;
    for note in &past.notes {
        eprintln!("envplan: note: {}", crate::plan::one_line(note));
    }
    let same_day = Global {
        as_of: Some(as_of),
        ..global.clone()
    };
    let old = check_registry(&same_day, &past.loading.registry, past.loading.findings);
    let earlier: Vec<FindingKey> = old
        .findings
        .iter()
        .map(|f| FindingKey::of(&past.loading.registry, f))
        .collect();
    let keys: Vec<FindingKey> = findings
        .iter()
        .map(|f| FindingKey::of(registry, f))
        .collect();
    let new = new_findings(&earlier, &keys);
    let before = findings.len();
    let mut flags = new.into_iter();
    findings.retain(|_| flags.next().unwrap_or(true));
    let old_count = before - findings.len();
    if old_count > 0 {
        eprintln!(
            "envplan: {} already there at {} not reported (--new-since)",
            crate::time::format::plural(old_count as i64, "finding"),
            crate::plan::one_line(rev)
        );
    }
    Ok(())
}
