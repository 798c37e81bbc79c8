//! How often, and when, each record last changed in the registry's git
//! history: what a calendar needs so that a subscribed event is updated in
//! place (`SEQUENCE`, `LAST-MODIFIED`) rather than duplicated.
//!
//! The history is HEAD's first-parent line, oldest first, restricted to the
//! registry directory. At each commit only the files whose blob changed are
//! read (from git's object store, never the working tree), and the records in
//! them are compared field by field with [`super::diff`]: reformatting a
//! file, adding a comment or moving a record to another file is not a change;
//! changing any field is. A record's sequence is the number of commits that
//! changed it after the one that added it (0 for a record never changed);
//! its time is the committer time of the last of those commits.
//!
//! Uncommitted edits are not counted: the site describes a revision, and a
//! sequence must not go up and down again between two local builds.

use std::collections::HashMap;
use std::path::Path;

use chrono_tz::Tz;

use super::diff::{diff, Change};
use super::git::{GitError, Repo};
use crate::registry::document::Kind;
use crate::registry::Registry;

/// One record's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Commits that changed it since it was added.
    pub sequence: u32,
    /// Committer time of the last commit that added or changed it, seconds since 1970 (UTC).
    pub modified: i64,
}

/// Every record's history, and the newest commit's time.
#[derive(Debug, Clone, Default)]
pub struct RecordHistory {
    stamps: HashMap<(Kind, String), Stamp>,
    /// Committer time of the newest commit that touched the registry.
    pub latest: Option<i64>,
    /// That commit.
    pub commit: Option<String>,
    /// Commits read.
    pub commits: usize,
}

impl RecordHistory {
    pub fn get(&self, kind: Kind, id: &str) -> Option<Stamp> {
        self.stamps.get(&(kind, id.to_owned())).copied()
    }

    /// Record `kind`/`id` added or changed at `time`.
    fn touch(&mut self, kind: Kind, id: &str, time: i64, changed: bool) {
        match self.stamps.get_mut(&(kind, id.to_owned())) {
            Some(s) => {
                if changed {
                    s.sequence += 1;
                }
                s.modified = time;
            }
            None => {
                self.stamps.insert(
                    (kind, id.to_owned()),
                    Stamp {
                        sequence: 0,
                        modified: time,
                    },
                );
            }
        }
    }
}

/// Read the history of the registry at `root` (which must be inside a git
/// working tree).
pub fn record_history(root: &Path, tz: Tz) -> Result<RecordHistory, GitError> {
    let repo = Repo::find(root)?;
    let log = repo.registry_log()?;
    let mut history = RecordHistory::default();
    // Blob id of every file at the previous commit.
    let mut previous: HashMap<String, String> = HashMap::new();
    for (commit, time) in &log {
        let (files, _links) = repo.tree_at(commit)?;
        let now: HashMap<String, String> = files.iter().cloned().collect();
        let mut changed: Vec<&String> = now
            .iter()
            .filter(|(rel, blob)| previous.get(*rel) != Some(*blob))
            .map(|(rel, _)| rel)
            .chain(previous.keys().filter(|rel| !now.contains_key(*rel)))
            .collect();
        changed.sort();
        if !changed.is_empty() {
            let old_wanted: Vec<(String, String)> = changed
                .iter()
                .filter_map(|rel| previous.get(*rel).map(|b| ((*rel).clone(), b.clone())))
                .collect();
            let new_wanted: Vec<(String, String)> = changed
                .iter()
                .filter_map(|rel| now.get(*rel).map(|b| ((*rel).clone(), b.clone())))
                .collect();
            let old = texts(&repo, &old_wanted)?;
            let new = texts(&repo, &new_wanted)?;
            let old = Registry::from_texts(root, old).registry;
            let new = Registry::from_texts(root, new).registry;
            for c in diff(&old, &new, tz) {
                match c.change {
                    Change::Added => history.touch(c.kind, &c.id, *time, false),
                    Change::Changed(_) => history.touch(c.kind, &c.id, *time, true),
                    Change::Removed => {}
                }
            }
        }
        previous = now;
        history.latest = Some(*time);
        history.commit = Some(commit.clone());
        history.commits += 1;
    }
    Ok(history)
}

/// Blobs as text; one that is not UTF-8 is left out (the registry cannot read it either).
fn texts(repo: &Repo, wanted: &[(String, String)]) -> Result<Vec<(String, String)>, GitError> {
    Ok(repo
        .blobs(wanted)?
        .into_iter()
        .filter_map(|(rel, bytes)| String::from_utf8(bytes).ok().map(|t| (rel, t)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn git_in(dir: &Path, args: &[&str], date: &str) {
        let ok = Command::new("git")
            .current_dir(dir)
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "T")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_NAME", "T")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_DATE", date)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .status()
            .expect("git")
            .success();
        assert!(ok, "git {args:?}");
    }

    const A: &str = "kind: Interval\nid: I-1\nname: One\nenvironment: E\nstage: s\nstart: 2026-01-05\nend: 2026-01-09\n";

    #[test]
    fn sequences_count_real_changes_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git_in(root, &["init", "-q"], "2026-01-01T00:00:00Z");
        std::fs::write(root.join("a.yaml"), A).unwrap();
        std::fs::write(root.join("b.yaml"), A.replace("I-1", "I-2")).unwrap();
        git_in(root, &["add", "."], "2026-01-01T00:00:00Z");
        git_in(root, &["commit", "-q", "-m", "one"], "2026-01-01T00:00:00Z");
        // A comment and a blank line: not a change.
        std::fs::write(root.join("a.yaml"), format!("# note\n{A}\n")).unwrap();
        git_in(root, &["commit", "-qam", "two"], "2026-01-02T00:00:00Z");
        // Moved by a week: a change.
        std::fs::write(
            root.join("a.yaml"),
            A.replace("-05", "-12").replace("-09", "-16"),
        )
        .unwrap();
        git_in(root, &["commit", "-qam", "three"], "2026-01-03T00:00:00Z");
        // Uncommitted: not counted.
        std::fs::write(
            root.join("b.yaml"),
            A.replace("I-1", "I-2").replace("One", "x"),
        )
        .unwrap();

        let h = record_history(root, chrono_tz::UTC).unwrap();
        assert_eq!(h.commits, 3);
        let day = |d: i64| 1_767_225_600 + d * 86_400;
        assert_eq!(
            h.get(Kind::Interval, "I-1"),
            Some(Stamp {
                sequence: 1,
                modified: day(2)
            })
        );
        assert_eq!(
            h.get(Kind::Interval, "I-2"),
            Some(Stamp {
                sequence: 0,
                modified: day(0)
            })
        );
        assert_eq!(h.latest, Some(day(2)));
        assert_eq!(h.get(Kind::Interval, "nope"), None);
    }
}
