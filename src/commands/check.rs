//! `envplan check`: every rule, reported for people or for CI. With
//! `--with FILE...`, the registry is checked as if FILE's records were added
//! (a booking tried before its pull request), and only the findings the
//! addition introduces are reported, at FILE's own places.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cli::{CheckArgs, CheckFormat};
use crate::diag::{Finding, Severity};
use crate::output::{terminal_width, use_color};
use crate::registry::Registry;
use crate::report::{self, Report};

use super::{check_registry, load, sort_findings, AppError, Global, Outcome};

pub fn run(global: &Global, args: &CheckArgs) -> Result<Outcome, AppError> {
    let (registry, findings, as_of) = if args.with.is_empty() {
        let (registry, load_findings) = load(global)?;
        let checked = check_registry(global, &registry, load_findings);
        let (findings, as_of) = (checked.findings, checked.as_of);
        (registry, findings, as_of)
    } else {
        check_with(global, &args.with)?
    };
    let report = Report {
        registry: &registry,
        findings: &findings,
        as_of,
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
    let failed = findings
        .iter()
        .any(|f| f.severity == Severity::Error || args.deny_warnings);
    Ok(if failed {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// The registry with `files` added, and the findings that are there with
/// them and not without: the registry is read once, checked, then checked
/// again with the files' records added, so the cost over `check` is one
/// more model and rule pass, not a second load.
pub fn check_with(
    global: &Global,
    files: &[PathBuf],
) -> Result<(Registry, Vec<Finding>, NaiveDate), AppError> {
    let root = std::fs::canonicalize(&global.registry).ok();
    let mut named = Vec::new();
    for path in files {
        let meta = std::fs::metadata(path)
            .map_err(|e| AppError::io(format!("--with `{}`", path.display()), e))?;
        if !meta.is_file() {
            return Err(AppError::usage(format!(
                "--with `{}` is not a file",
                path.display()
            )));
        }
        if let (Some(root), Ok(full)) = (&root, std::fs::canonicalize(path)) {
            if full.starts_with(root) {
                return Err(AppError::usage_with_help(
                    format!(
                        "--with `{}` is inside the registry, so its records are counted already",
                        path.display()
                    ),
                    "give a file outside the registry (run plain `envplan check` to check the registry as it is)",
                ));
            }
        }
        named.push((path.clone(), name_as_given(path)));
    }
    let (mut registry, load_findings) = load(global)?;
    let before = check_registry(global, &registry, load_findings.clone()).findings;
    let mut added = load_findings;
    added.extend(registry.add_files(&named));
    let (after, as_of) = {
        let checked = check_registry(global, &registry, added);
        (checked.findings, checked.as_of)
    };
    let mut introduced = introduced(before, after);
    sort_findings(&registry, &mut introduced);
    Ok((registry, introduced, as_of))
}

/// The file name as the user gave it, with `/` separators.
fn name_as_given(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The findings of `after` that `before` does not have (counting repeats).
fn introduced(before: Vec<Finding>, after: Vec<Finding>) -> Vec<Finding> {
    let key = |f: &Finding| (f.code, f.place, f.message.clone(), f.records.clone());
    let mut seen: HashMap<_, usize> = HashMap::new();
    for f in &before {
        *seen.entry(key(f)).or_default() += 1;
    }
    after
        .into_iter()
        .filter(|f| match seen.get_mut(&key(f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}
