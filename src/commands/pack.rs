//! `envplan pack`: the monthly EWG pack, written to a directory.

use std::io::Write;

use chrono::NaiveDate;

use crate::cli::PackArgs;
use crate::history::{self, GitError, Repo};
use crate::pack::stamp::Stamp;
use crate::pack::{self, output, Edition, Inputs, RegistryVersion};
use crate::registry::Registry;
use crate::time::when::parse_date;

use super::{check_registry, load, AppError, Global, Outcome};

pub fn run(global: &Global, args: &PackArgs) -> Result<Outcome, AppError> {
    if let Some(dir) = &args.verify {
        return super::pack_verify::run(global, dir);
    }
    let (edition, month, period) = match (&args.month, &args.week) {
        (_, Some(week)) => (Edition::Weekly, parse_week(week)?, week.clone()),
        (Some(month), None) => (Edition::Monthly, parse_month(month)?, month.clone()),
        (None, None) => return Err(AppError::usage("give --month YYYY-MM or --week YYYY-Www")),
    };
    let (registry, load_findings) = load(global)?;
    let meeting = meeting_of(&registry, edition, month);
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| output::default_dir(edition, month));
    let inside = output::is_inside(&out_dir, &registry.root)
        .map_err(|e| AppError::io(format!("cannot resolve `{}`", out_dir.display()), e))?;
    if inside {
        return Err(AppError::usage_with_help(
            format!(
                "`{}` is inside the registry `{}`; envplan never writes there",
                out_dir.display(),
                registry.root.display()
            ),
            "pass --out with a directory outside the registry",
        ));
    }
    let options = Options {
        edition,
        month,
        period,
        // As of the meeting, unless --as-of says otherwise.
        as_of: global.as_of.unwrap_or(meeting),
        since: args.since.clone().map(|rev| (rev.clone(), rev)),
    };
    let digest = disk_digest(&registry)?;
    let version = registry_version(&registry.root);
    let files = build_files(global, &registry, load_findings, &options, version, digest)?;
    let written = output::write_all(&out_dir, &files).map_err(|e| {
        AppError::io(
            format!("cannot write the pack to `{}`", out_dir.display()),
            e,
        )
    })?;
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    let result = written
        .iter()
        .try_for_each(|path| writeln!(stdout, "{}", path.display()));
    super::written(Outcome::Success, result)
}

/// What shapes a pack's content besides the registry: what its stamp records.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub edition: Edition,
    /// Monthly: the first day of the month. Weekly: the Monday.
    pub month: NaiveDate,
    /// As given: `2026-11` or `2026-W49`.
    pub period: String,
    pub as_of: NaiveDate,
    /// `--since` as given, and the revision to read (the same, or the
    /// commit a stamp recorded).
    pub since: Option<(String, String)>,
}

/// The meeting day of the edition: the Programme's rule, or the Monday.
pub(crate) fn meeting_of(registry: &Registry, edition: Edition, month: NaiveDate) -> NaiveDate {
    match edition {
        Edition::Monthly => pack::meeting_day(registry, month),
        Edition::Weekly => month,
    }
}

/// The files of the pack for `registry` with `options`, stamped.
pub(crate) fn build_files(
    global: &Global,
    registry: &Registry,
    load_findings: Vec<crate::diag::Finding>,
    options: &Options,
    version: RegistryVersion,
    digest: String,
) -> Result<Vec<(&'static str, Vec<u8>)>, AppError> {
    let global = Global {
        as_of: Some(options.as_of),
        ..global.clone()
    };
    let checked = check_registry(&global, registry, load_findings);
    let changes = match &options.since {
        Some((text, rev)) => {
            let mut c = history::since(&registry.root, rev, registry, checked.model.settings.tz)
                .map_err(since_error)?;
            c.since = text.clone();
            Some(c)
        }
        None => None,
    };
    let (commit, dirty) = match &version {
        RegistryVersion::Git(r) => (r.commit.clone(), r.dirty),
        RegistryVersion::Unknown(_) => (None, false),
    };
    let stamp = Stamp {
        envplan: env!("CARGO_PKG_VERSION").to_owned(),
        format: pack::stamp::REGISTRY_FORMAT,
        edition: options.edition,
        period: options.period.clone(),
        as_of: options.as_of,
        since: changes
            .as_ref()
            .map(|c| (c.since.clone(), c.commit.clone())),
        commit,
        dirty,
        registry: digest,
    };
    let mut pack = pack::build(Inputs {
        checked: &checked,
        edition: options.edition,
        month: options.month,
        meeting: meeting_of(registry, options.edition, options.month),
        registry: version,
        changes,
    });
    pack.header.stamp = Some(stamp);
    Ok(pack::render_files(&pack))
}

/// The content digest of the registry as read from disk: every file read.
pub(crate) fn disk_digest(registry: &Registry) -> Result<String, AppError> {
    let mut files = Vec::new();
    for f in registry.files.iter().filter(|f| f.read) {
        let bytes = std::fs::read(&f.path)
            .map_err(|e| AppError::io(format!("cannot read `{}`", f.path.display()), e))?;
        files.push((f.rel.clone(), bytes));
    }
    Ok(pack::stamp::digest(files))
}

/// `YYYY-MM` → the first day of that month.
pub(crate) fn parse_month(text: &str) -> Result<NaiveDate, AppError> {
    let bad = || {
        AppError::usage_with_help(
            format!("--month: `{text}` is not a month"),
            "write the month of the meeting as YYYY-MM, e.g. --month 2026-11",
        )
    };
    if text.len() != 7 || text.as_bytes()[4] != b'-' {
        return Err(bad());
    }
    parse_date(&format!("{text}-01")).map_err(|_| bad())
}

/// `YYYY-Www` (ISO 8601 week) → the Monday of that week.
pub(crate) fn parse_week(text: &str) -> Result<NaiveDate, AppError> {
    let bad = || {
        AppError::usage_with_help(
            format!("--week: `{text}` is not an ISO week"),
            "write the week as YYYY-Www, e.g. --week 2026-W49 (weeks start on Monday; week 1 holds the year's first Thursday)",
        )
    };
    let (year, week) = text.split_once("-W").ok_or_else(bad)?;
    if year.len() != 4 || week.len() != 2 || !week.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let year: i32 = year.parse().map_err(|_| bad())?;
    let week: u32 = week.parse().map_err(|_| bad())?;
    NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon).ok_or_else(bad)
}

/// Which commit the registry is at, or why that cannot be said.
pub(crate) fn registry_version(root: &std::path::Path) -> RegistryVersion {
    let found = Repo::find(root).and_then(|repo| repo.revision());
    match found {
        Ok(revision) => RegistryVersion::Git(revision),
        Err(GitError::NotARepository { .. }) => {
            RegistryVersion::Unknown("not in a git repository".to_owned())
        }
        Err(GitError::NoGit(_)) => {
            RegistryVersion::Unknown("unknown (the git program could not be run)".to_owned())
        }
        Err(e) => RegistryVersion::Unknown(format!("unknown ({e})")),
    }
}

fn since_error(e: GitError) -> AppError {
    match e {
        GitError::BadRevision { .. } => AppError::usage_with_help(
            format!("--since: {e}"),
            "give a commit, tag or branch of the registry's repository, e.g. --since HEAD~5 or --since ewg-2026-10",
        ),
        GitError::NotARepository { .. } => AppError::usage_with_help(
            format!("--since: {e}"),
            "--since reads the registry's history from git; run it on a registry inside a git clone",
        ),
        other => AppError::usage(format!("--since: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        assert_eq!(
            parse_month("2026-11").unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
        );
        assert!(parse_month("2026-13").is_err());
        assert!(parse_month("2026-1").is_err());
        assert!(parse_month("2026-11-03").is_err());
        assert!(parse_month("november").is_err());
    }

    #[test]
    fn iso_weeks() {
        let monday = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(parse_week("2026-W49").unwrap(), monday(2026, 11, 30));
        // Week 1 of 2026 starts in 2025; 2026 has 53 weeks, 2025 has 52.
        assert_eq!(parse_week("2026-W01").unwrap(), monday(2025, 12, 29));
        assert_eq!(parse_week("2026-W53").unwrap(), monday(2026, 12, 28));
        assert!(parse_week("2025-W53").is_err());
        assert!(parse_week("2026-W00").is_err());
        assert!(parse_week("2026-W5").is_err());
        assert!(parse_week("2026-49").is_err());
        assert!(parse_week("2026-W+9").is_err());
    }
}
