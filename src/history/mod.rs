//! The registry's history: which commit it is at, and what changed in it
//! since an earlier revision, read from git without touching the working tree.

pub mod diff;
pub mod git;
pub mod records;

use std::path::Path;

use chrono_tz::Tz;

use crate::registry::{Loading, Registry};

pub use diff::{Change, RecordChange};
pub use git::{GitError, Repo, Revision};

/// What changed in the registry since a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The revision as the user gave it.
    pub since: String,
    /// The commit it names.
    pub commit: String,
    pub records: Vec<RecordChange>,
    /// Things the reader should know about the comparison (files that could
    /// not be read at the old revision, a registry that did not exist yet).
    pub notes: Vec<String>,
}

/// The registry as it was at a git revision, loaded from git's object store
/// (the working tree and the index are never touched).
#[derive(Debug)]
pub struct Past {
    /// The commit `rev` names.
    pub commit: String,
    pub loading: Loading,
    /// What the reader should know: files not read then, a registry that did not exist yet.
    pub notes: Vec<String>,
}

/// Load the registry rooted at `root` as it was at revision `rev`.
pub fn registry_at(root: &Path, rev: &str) -> Result<Past, GitError> {
    let repo = Repo::find(root)?;
    let commit = repo.resolve(rev)?;
    let snapshot = repo.texts_at(&commit)?;
    let mut notes = Vec::new();
    if snapshot.files.is_empty() {
        notes.push(format!(
            "the registry had no files at {rev}: everything is new since then"
        ));
    }
    notes.extend(
        snapshot
            .skipped
            .iter()
            .map(|s| format!("not read at {rev}: {s}")),
    );
    let loading = Registry::from_texts(
        root,
        snapshot
            .files
            .into_iter()
            .map(|f| (f.rel, f.text))
            .collect(),
    );
    Ok(Past {
        commit,
        loading,
        notes,
    })
}

/// Compare the registry as it is now (`current`, loaded from `root`) with
/// the registry at git revision `rev`.
pub fn since(root: &Path, rev: &str, current: &Registry, tz: Tz) -> Result<Changes, GitError> {
    let Past {
        commit,
        loading: old,
        mut notes,
    } = registry_at(root, rev)?;
    let unreadable = old.findings.iter().filter(|f| f.code.is_loading()).count();
    if unreadable > 0 {
        notes.push(format!(
            "{unreadable} problem{} reading the registry at {rev}: records that could not be read then are compared as absent",
            if unreadable == 1 { "" } else { "s" }
        ));
    }
    Ok(Changes {
        since: rev.to_owned(),
        commit,
        records: diff::diff(&old.registry, current, tz),
        notes,
    })
}
