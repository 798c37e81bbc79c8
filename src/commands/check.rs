//! `envplan check`: every rule, reported for people or for CI, to standard
//! output and to any number of report files; with baselines and statistics.
//! With `--with FILE...`, the registry is checked as if FILE's records were
//! added (a booking tried before its pull request), and only the findings the
//! addition introduces are reported, at FILE's own places.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cli::{CheckArgs, CheckFormat};
use crate::diag::{Finding, Severity};
use crate::history;
use crate::impact::{new_findings, FindingKey};
use crate::output::sanitize::JsonControls;
use crate::output::{terminal_width, use_color, write_atomic};
use crate::pack::output::is_inside;
use crate::registry::Registry;
use crate::report::baseline::Baseline;
use crate::report::{self, Report};

use super::diff::git_usage;
use super::{check_registry, load, sort_findings, written, AppError, Global, Outcome};

pub fn run(global: &Global, args: &CheckArgs) -> Result<Outcome, AppError> {
    for path in output_paths(args) {
        refuse_registry(path, &global.registry)?;
    }
    let baseline = args.baseline.as_deref().map(read_baseline).transpose()?;
    let (registry, mut all, suppressed, as_of) = if args.with.is_empty() {
        let (registry, load_findings) = load(global)?;
        let checked = check_registry(global, &registry, load_findings);
        let (findings, suppressed, as_of) = (checked.findings, checked.suppressed, checked.as_of);
        (registry, findings, suppressed, as_of)
    } else {
        let (registry, findings, as_of) = check_with(global, &args.with)?;
        (registry, findings, Vec::new(), as_of)
    };
    if let Some(rev) = &args.new_since {
        keep_new_since(global, &registry, rev, as_of, &mut all)?;
    }
    let (findings, baselined, stale) = match &baseline {
        Some(b) => {
            let filtered = b.filter(&registry, all.clone());
            (filtered.new, filtered.matched, filtered.stale)
        }
        None => (all.clone(), 0, 0),
    };
    let report = Report {
        registry: &registry,
        findings: &findings,
        suppressed: &suppressed,
        baseline_used: baseline.is_some(),
        baselined,
        stale_baseline: stale,
        as_of,
        deny_warnings: args.deny_warnings,
    };
    for (format, path) in &args.reports {
        write_file(&report, *format, path)?;
    }
    if let Some(path) = &args.write_baseline {
        let text = Baseline::of(&registry, &findings).to_json();
        write_atomic(path, text.as_bytes())
            .map_err(|e| AppError::io(format!("cannot write `{}`", path.display()), e))?;
    }
    let primary =
        |out: &mut dyn Write, color: bool, width: usize| match (args.statistics, args.format) {
            (true, CheckFormat::Json) => report::statistics::write_json(&report, out),
            (true, _) => report::statistics::write_text(&report, out),
            (false, format) => write_format(&report, format, color, width, out),
        };
    match &args.output_file {
        Some(path) => {
            let mut bytes = Vec::new();
            primary(&mut bytes, false, 100)?;
            write_atomic(path, &bytes)
                .map_err(|e| AppError::io(format!("cannot write `{}`", path.display()), e))?;
        }
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            let width = terminal_width();
            let result =
                primary(&mut out, use_color(global.color), width).and_then(|()| out.flush());
            // The reader went away (`envplan check | head`): stop writing,
            // print nothing more, and still exit with the status earned.
            written(Outcome::Success, result)?;
        }
    }
    if stale > 0 && !matches!(args.format, CheckFormat::Human | CheckFormat::Json) {
        eprintln!("envplan: {}", report::human::stale_note(stale));
    }
    if let Some(path) = &args.write_baseline {
        eprintln!(
            "envplan: wrote {} findings to the baseline {}",
            findings.len(),
            path.display()
        );
        return Ok(Outcome::Success);
    }
    let failed = findings
        .iter()
        .any(|f| f.severity == Severity::Error || args.deny_warnings);
    Ok(if failed {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// Every file this run will write.
fn output_paths(args: &CheckArgs) -> Vec<&Path> {
    let mut paths: Vec<&Path> = args.reports.iter().map(|(_, p)| p.as_path()).collect();
    paths.extend(args.output_file.as_deref());
    paths.extend(args.write_baseline.as_deref());
    paths
}

/// envplan never writes into the registry.
fn refuse_registry(path: &Path, registry: &Path) -> Result<(), AppError> {
    if registry.exists() && is_inside(path, registry).unwrap_or(false) {
        return Err(AppError::usage_with_help(
            format!(
                "`{}` is inside the registry, and envplan never writes there",
                path.display()
            ),
            "write reports and baselines beside the registry, such as `envplan.sarif` at the repository root",
        ));
    }
    Ok(())
}

fn read_baseline(path: &Path) -> Result<Baseline, AppError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        AppError::usage_with_help(
            format!("cannot read the baseline `{}`: {e}", path.display()),
            "write one with `envplan check --write-baseline FILE`",
        )
    })?;
    Baseline::parse(&text).map_err(|e| {
        AppError::usage_with_help(
            format!("`{}` is not an envplan baseline: {e}", path.display()),
            "write it again with `envplan check --write-baseline FILE`",
        )
    })
}

/// One format into a file, replaced atomically (no colour, 100 columns).
fn write_file(report: &Report<'_>, format: CheckFormat, path: &Path) -> Result<(), AppError> {
    let mut bytes = Vec::new();
    write_format(report, format, false, 100, &mut bytes)?;
    write_atomic(path, &bytes)
        .map_err(|e| AppError::io(format!("cannot write `{}`", path.display()), e))
}

fn write_format(
    report: &Report<'_>,
    format: CheckFormat,
    color: bool,
    width: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        CheckFormat::Human => report::human::write(report, color, width, out),
        CheckFormat::Json => {
            // C1 controls and DEL escaped too, not only what JSON requires.
            let mut json = JsonControls::new(out);
            report::json::write(report, &mut json).and_then(|()| json.flush())
        }
        CheckFormat::Github => report::github::write(report, out),
        CheckFormat::Azure => report::azure::write(report, out),
        CheckFormat::Junit => report::junit::write(report, out),
        CheckFormat::Sarif => report::sarif::write(report, out),
        CheckFormat::Gitlab => report::gitlab::write(report, out),
        CheckFormat::Concise => report::concise::write(report, out),
    }
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
        eprintln!(
            "envplan: note: {}",
            crate::output::sanitize::collapse_spaces(note)
        );
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
            crate::output::sanitize::collapse_spaces(rev)
        );
    }
    Ok(())
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
