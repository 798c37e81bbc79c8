//! `envplan diff BASE [HEAD]`: what a change does to the programme, by
//! outcome. Both sides are checked on the same day; a side named by a
//! revision is read from git's object store (as `pack --since` reads it), so
//! the working tree and the index are never touched. It exits 0 whenever it
//! could compare: `check --new-since` is the gate.

use std::io::{self, Write};

use crate::cli::{DiffArgs, DiffFormat};
use crate::history::{self, GitError};
use crate::impact::render::{self, Document, Side};
use crate::impact::{add_milestones, compare, outcomes};
use crate::registry::Loading;

use super::{check_registry, load, AppError, Global, Outcome};

pub fn run(global: &Global, args: &DiffArgs) -> Result<Outcome, AppError> {
    let mut notes = Vec::new();
    let (head_loading, head_side) = match &args.head {
        Some(rev) => {
            let past =
                history::registry_at(&global.registry, rev).map_err(|e| git_usage("HEAD", e))?;
            notes.extend(past.notes);
            (
                past.loading,
                Side {
                    label: rev.clone(),
                    commit: Some(past.commit),
                },
            )
        }
        None => {
            let (registry, findings) = load(global)?;
            (
                Loading { registry, findings },
                Side {
                    label: "working tree".to_owned(),
                    commit: None,
                },
            )
        }
    };
    let base =
        history::registry_at(&global.registry, &args.base).map_err(|e| git_usage("BASE", e))?;
    notes.extend(base.notes);

    let head_checked = check_registry(global, &head_loading.registry, head_loading.findings);
    // Both sides on the same day, or time passing would look like a change.
    let same_day = Global {
        as_of: Some(head_checked.as_of),
        ..global.clone()
    };
    let base_checked = check_registry(&same_day, &base.loading.registry, base.loading.findings);
    let mut impact = compare(&outcomes(&base_checked), &outcomes(&head_checked));
    let tz = head_checked.model.settings.tz;
    add_milestones(
        &mut impact,
        history::diff::diff(&base.loading.registry, &head_loading.registry, tz),
    );
    let doc = Document {
        base: Side {
            label: args.base.clone(),
            commit: Some(base.commit),
        },
        head: head_side,
        as_of: head_checked.as_of,
        impact: &impact,
        notes,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        DiffFormat::Human => render::human(&doc, &mut out)?,
        DiffFormat::Markdown => render::markdown(&doc, &mut out)?,
        DiffFormat::Json => render::json(&doc, &mut out)?,
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// A git problem as a usage error naming the argument (`BASE`, `--new-since`).
pub fn git_usage(what: &str, e: GitError) -> AppError {
    match e {
        GitError::BadRevision { .. } => AppError::usage_with_help(
            format!("{what}: {e}"),
            "give a commit, tag or branch of the registry's repository, e.g. HEAD~1 or origin/main",
        ),
        GitError::NotARepository { .. } => AppError::usage_with_help(
            format!("{what}: {e}"),
            "revisions are read from git; run it on a registry inside a git clone",
        ),
        other => AppError::usage(format!("{what}: {other}")),
    }
}
