//! `envplan pack --verify DIR`: rebuild a pack from the revision and options
//! its stamp records ([`crate::pack::stamp`]) and say, per file, whether it
//! matches, or where it first differs. Exit 0 when every file matches, 1
//! otherwise: a circulated pack can be proved to be what the registry said.

use std::io::Write;
use std::path::Path;

use crate::history::{Repo, Revision};
use crate::pack::stamp::{digest, Stamp};
use crate::pack::{Edition, RegistryVersion, FILES};
use crate::registry::Registry;

use super::pack::{build_files, disk_digest, parse_month, parse_week, registry_version, Options};
use super::{load, AppError, Global, Outcome};

pub fn run(global: &Global, dir: &Path) -> Result<Outcome, AppError> {
    let md_path = dir.join("pack.md");
    let md = std::fs::read_to_string(&md_path)
        .map_err(|e| AppError::io(format!("cannot read `{}`", md_path.display()), e))?;
    let stamp = Stamp::find(&md).map_err(|why| {
        AppError::usage_with_help(
            format!("`{}`: {why}", md_path.display()),
            "--verify reads a directory written by `envplan pack`",
        )
    })?;
    let month = match stamp.edition {
        Edition::Monthly => parse_month(&stamp.period)?,
        Edition::Weekly => parse_week(&stamp.period)?,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let Some((registry, findings, from)) = registry_for(global, &stamp)? else {
        let result = writeln!(
            out,
            "the registry is not the one the pack was built from: its content digest is not {}{}",
            stamp.registry,
            match (&stamp.commit, stamp.dirty) {
                (Some(_), true) => " (the pack was built from uncommitted changes)",
                (Some(_), false) => "",
                (None, _) => " (the pack was not built from a git commit)",
            }
        );
        return super::written(Outcome::Failure, result);
    };
    let version = match &stamp.commit {
        Some(c) => RegistryVersion::Git(Revision {
            commit: Some(c.clone()),
            dirty: stamp.dirty,
        }),
        None => registry_version(&registry.root),
    };
    let options = Options {
        edition: stamp.edition,
        month,
        period: stamp.period.clone(),
        as_of: stamp.as_of,
        since: stamp.since.clone(),
    };
    let rebuilt = build_files(
        global,
        &registry,
        findings,
        &options,
        version,
        stamp.registry.clone(),
    )?;
    let mut all = writeln!(out, "rebuilt from {from} ({})", stamp.registry);
    let mut outcome = Outcome::Success;
    for ((name, _), (_, expected)) in FILES.iter().zip(&rebuilt) {
        let verdict = match std::fs::read(dir.join(name)) {
            Err(_) => "missing".to_owned(),
            Ok(found) => match first_difference(expected, &found) {
                None => "matches".to_owned(),
                Some((line, column)) => {
                    format!("differs from the rebuilt file at line {line}, column {column}")
                }
            },
        };
        if verdict != "matches" {
            outcome = Outcome::Failure;
        }
        all = all.and_then(|()| writeln!(out, "{name}: {verdict}"));
    }
    if stamp.envplan != env!("CARGO_PKG_VERSION") && outcome == Outcome::Failure {
        all = all.and_then(|()| {
            writeln!(
                out,
                "note: the pack was built by envplan {}, this is envplan {}",
                stamp.envplan,
                env!("CARGO_PKG_VERSION")
            )
        });
    }
    super::written(outcome, all)
}

/// The registry the stamp names: the one on disk when its digest is the
/// stamp's, else the stamp's commit read from git when that digest matches.
/// `None` when neither is it.
fn registry_for(
    global: &Global,
    stamp: &Stamp,
) -> Result<Option<(Registry, Vec<crate::diag::Finding>, String)>, AppError> {
    let (registry, findings) = load(global)?;
    if disk_digest(&registry)? == stamp.registry {
        return Ok(Some((
            registry,
            findings,
            "the registry on disk".to_owned(),
        )));
    }
    let Some(commit) = &stamp.commit else {
        return Ok(None);
    };
    let snapshot = Repo::find(&registry.root)
        .and_then(|repo| repo.texts_at(commit))
        .map_err(|e| AppError::usage(format!("cannot read commit {commit}: {e}")))?;
    let texts: Vec<(String, String)> = snapshot
        .files
        .into_iter()
        .map(|f| (f.rel, f.text))
        .collect();
    let loading = Registry::from_texts(&registry.root, texts.clone());
    let kept: std::collections::HashSet<&str> = loading
        .registry
        .files
        .iter()
        .map(|f| f.rel.as_str())
        .collect();
    let bytes = texts
        .iter()
        .filter(|(rel, _)| kept.contains(rel.as_str()))
        .map(|(rel, text)| (rel.clone(), text.clone().into_bytes()))
        .collect();
    if digest(bytes) != stamp.registry {
        return Ok(None);
    }
    let from = format!("git commit {commit}");
    Ok(Some((loading.registry, loading.findings, from)))
}

/// The line and column (in characters, from 1) of the first byte where
/// `a` and `b` differ; `None` when they are equal.
fn first_difference(a: &[u8], b: &[u8]) -> Option<(usize, usize)> {
    let at = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .or_else(|| (a.len() != b.len()).then(|| a.len().min(b.len())))?;
    let before = &a[..at];
    let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    Some((line, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_placed_by_line_and_column() {
        assert_eq!(first_difference(b"ab\ncd", b"ab\ncd"), None);
        assert_eq!(first_difference(b"ab\ncd", b"ab\ncx"), Some((2, 2)));
        assert_eq!(first_difference(b"ab", b"abc"), Some((1, 3)));
        assert_eq!(
            first_difference("é\nx".as_bytes(), "é\ny".as_bytes()),
            Some((2, 1))
        );
    }
}
