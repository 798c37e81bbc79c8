//! Reading the registry's history from git without touching the working tree
//! or the index: only `rev-parse`, `status`, `ls-tree` and `cat-file`, each
//! run with `-C` on the registry directory.
//!
//! envplan runs the `git` program rather than linking a git library: it is
//! already on every machine that holds a registry clone, it understands every
//! repository layout (worktrees, submodules, `safe.directory`) exactly as the
//! user's own git does, and it keeps a large dependency out of the build.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::registry::discover::is_yaml_name;
use crate::registry::load::MAX_FILE_BYTES;

/// Why git could not tell us what we asked.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("the `git` program could not be run: {0}")]
    NoGit(std::io::Error),
    #[error("`{path}` is not in a git repository ({detail})")]
    NotARepository { path: PathBuf, detail: String },
    #[error("`{rev}` is not a revision of the registry's repository ({detail})")]
    BadRevision { rev: String, detail: String },
    #[error("git {what} failed: {detail}")]
    Failed { what: String, detail: String },
}

/// The git repository that holds a registry, and where in it the registry is.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The registry directory, as given.
    root: PathBuf,
    /// The repository's top directory.
    top: PathBuf,
    /// The registry's path relative to `top`, with a trailing `/` (empty at the top).
    prefix: String,
}

/// The registry's commit and whether it has changes not yet committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// `None` in a repository without commits.
    pub commit: Option<String>,
    /// True when `git status` lists anything below the registry root
    /// (changed, staged or untracked).
    pub dirty: bool,
}

/// The registry files at a commit as `(path, blob id)`, and notes on those
/// not read (symbolic links, files larger than a registry file may be).
pub type Tree = (Vec<(String, String)>, Vec<String>);

/// A registry file as it was at a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldFile {
    /// Relative to the registry root, with `/` separators.
    pub rel: String,
    pub text: String,
}

/// What `texts_at` read, and what it had to leave out.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: Vec<OldFile>,
    /// Files that could not be used, with the reason, for the pack's notes.
    pub skipped: Vec<String>,
}

fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    // A repository's own config must not run a program: the fsmonitor
    // hook is the one a read-only command would start.
    cmd.args(["-c", "core.fsmonitor=false"])
        .arg("-C")
        .arg(dir)
        // The registry's own directory decides the repository.
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        // `status` must not take the index lock or rewrite the index.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("LC_ALL", "C")
        .stdin(Stdio::null());
    cmd
}

/// The first line git wrote to stderr, without its `fatal: ` prefix.
fn first_error_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    line.trim()
        .trim_start_matches("fatal: ")
        .trim_start_matches("error: ")
        .to_owned()
}

fn run(mut cmd: Command, what: &str) -> Result<Vec<u8>, GitError> {
    let out = cmd.output().map_err(GitError::NoGit)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(GitError::Failed {
            what: what.to_owned(),
            detail: first_error_line(&out.stderr),
        })
    }
}

impl Repo {
    /// The repository that contains the registry directory `root`.
    pub fn find(root: &Path) -> Result<Repo, GitError> {
        let mut cmd = git(root);
        cmd.args(["rev-parse", "--show-toplevel", "--show-prefix"]);
        let out = cmd.output().map_err(GitError::NoGit)?;
        if !out.status.success() {
            return Err(GitError::NotARepository {
                path: root.to_path_buf(),
                detail: first_error_line(&out.stderr),
            });
        }
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut lines = text.lines();
        let top = lines.next().unwrap_or("").to_owned();
        let prefix = lines.next().unwrap_or("").to_owned();
        if top.is_empty() {
            // A bare repository or the inside of `.git`: there is no work tree to read.
            return Err(GitError::NotARepository {
                path: root.to_path_buf(),
                detail: "it has no working tree".to_owned(),
            });
        }
        Ok(Repo {
            root: root.to_path_buf(),
            top: PathBuf::from(top),
            prefix,
        })
    }

    /// The registry's path inside the repository (empty at the top).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// HEAD's commit and whether the registry has uncommitted changes.
    pub fn revision(&self) -> Result<Revision, GitError> {
        let mut head = git(&self.root);
        head.args(["rev-parse", "--verify", "--quiet", "HEAD"]);
        let out = head.output().map_err(GitError::NoGit)?;
        let commit = out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
            .filter(|c| !c.is_empty());
        let mut status = git(&self.root);
        status.args([
            "status",
            "--porcelain",
            "-z",
            "--untracked-files=all",
            "--",
            ".",
        ]);
        let listed = run(status, "status")?;
        Ok(Revision {
            commit,
            dirty: !listed.is_empty(),
        })
    }

    /// The full commit id `rev` names; a revision that is not a commit is a `BadRevision`.
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        if rev.is_empty() || rev.starts_with('-') {
            return Err(GitError::BadRevision {
                rev: rev.to_owned(),
                detail: "a revision cannot be empty or start with `-`".to_owned(),
            });
        }
        let mut cmd = git(&self.root);
        cmd.args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
            .arg(format!("{rev}^{{commit}}"));
        let out = cmd.output().map_err(GitError::NoGit)?;
        let commit = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if !out.status.success() || commit.is_empty() {
            let detail = match first_error_line(&out.stderr) {
                d if d.is_empty() => "git does not know it".to_owned(),
                d => d,
            };
            return Err(GitError::BadRevision {
                rev: rev.to_owned(),
                detail,
            });
        }
        Ok(commit)
    }

    /// The commits on HEAD's first-parent line that touched the registry,
    /// oldest first, each with its committer time (seconds since 1970, UTC).
    /// First parents only: a merged branch counts as the one change it made
    /// to the main line, however many commits it had.
    pub fn registry_log(&self) -> Result<Vec<(String, i64)>, GitError> {
        let mut cmd = git(&self.root);
        cmd.args([
            "log",
            "--first-parent",
            "--reverse",
            "--no-show-signature",
            "--format=%H %ct",
            "HEAD",
            "--",
            ".",
        ]);
        let out = run(cmd, "log")?;
        let text = String::from_utf8_lossy(&out);
        Ok(text
            .lines()
            .filter_map(|l| {
                let (commit, time) = l.split_once(' ')?;
                Some((commit.to_owned(), time.trim().parse().ok()?))
            })
            .collect())
    }

    /// The registry files (`*.yaml`, `*.yml`) at `commit` and their blob
    /// ids, relative to the registry root; symbolic links are named in the
    /// second list and not read.
    pub fn tree_at(&self, commit: &str) -> Result<Tree, GitError> {
        let mut ls = git(&self.top);
        // `-l`: git says each blob's size, so that one too large to be a
        // registry file is skipped without being read.
        ls.args([
            "ls-tree",
            "-r",
            "-z",
            "-l",
            "--full-tree",
            "--end-of-options",
            commit,
        ]);
        if !self.prefix.is_empty() {
            ls.arg("--").arg(&self.prefix);
        }
        let listing = run(ls, "ls-tree")?;
        let mut skipped = Vec::new();
        let mut wanted: Vec<(String, String)> = Vec::new();
        for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            // "<mode> <type> <object>\t<path>"
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            // "<mode> <type> <object> <size>", the size padded with spaces.
            let mut parts = meta.split(' ').filter(|p| !p.is_empty());
            let (mode, kind, object) = (parts.next(), parts.next(), parts.next());
            let size: Option<u64> = parts.next().and_then(|s| s.parse().ok());
            let Some(rel) = path.strip_prefix(self.prefix.as_str()) else {
                continue;
            };
            if !is_yaml_name(rel) {
                continue;
            }
            match (mode, kind, object) {
                (Some("120000"), _, _) => {
                    skipped.push(format!("{rel}: a symbolic link, not followed"))
                }
                // Sizes come from the listing, so an oversized blob is never read.
                (Some(_), Some("blob"), Some(_)) if size.is_none_or(|n| n > MAX_FILE_BYTES) => {
                    skipped.push(format!("{rel}: larger than a registry file may be"))
                }
                (Some(_), Some("blob"), Some(object)) => {
                    wanted.push((rel.to_owned(), object.to_owned()))
                }
                _ => {}
            }
        }
        Ok((wanted, skipped))
    }

    /// The contents of blobs named `(label, object id)`, in that order.
    pub fn blobs(&self, wanted: &[(String, String)]) -> Result<Vec<(String, Vec<u8>)>, GitError> {
        cat_blobs(&self.top, wanted)
    }

    /// Every registry file (`*.yaml`, `*.yml`) as it was at `commit`, read
    /// from git's object store.
    pub fn texts_at(&self, commit: &str) -> Result<Snapshot, GitError> {
        let (wanted, skipped) = self.tree_at(commit)?;
        let mut snapshot = Snapshot {
            skipped,
            ..Snapshot::default()
        };
        for (rel, bytes) in cat_blobs(&self.top, &wanted)? {
            if bytes.len() as u64 > MAX_FILE_BYTES {
                snapshot
                    .skipped
                    .push(format!("{rel}: larger than a registry file may be"));
                continue;
            }
            match String::from_utf8(bytes) {
                Ok(text) => snapshot.files.push(OldFile { rel, text }),
                Err(_) => snapshot
                    .skipped
                    .push(format!("{rel}: not valid UTF-8 text")),
            }
        }
        Ok(snapshot)
    }
}

/// The contents of several blobs through one `git cat-file --batch`.
fn cat_blobs(top: &Path, wanted: &[(String, String)]) -> Result<Vec<(String, Vec<u8>)>, GitError> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut cmd = git(top);
    cmd.args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(GitError::NoGit)?;
    let request: String = wanted.iter().map(|(_, o)| format!("{o}\n")).collect();
    let mut stdin = child.stdin.take().ok_or_else(|| GitError::Failed {
        what: "cat-file".into(),
        detail: "no input pipe".into(),
    })?;
    // Write from another thread so that a full output pipe cannot stall us.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut stdout = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_end(&mut stdout).map_err(GitError::NoGit)?;
    }
    let status = child.wait().map_err(GitError::NoGit)?;
    let wrote = writer.join();
    let failed = |detail: String| GitError::Failed {
        what: "cat-file".into(),
        detail,
    };
    if !status.success() || !matches!(wrote, Ok(Ok(()))) {
        let mut err = Vec::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_end(&mut err);
        }
        return Err(failed(first_error_line(&err)));
    }
    let mut out = Vec::with_capacity(wanted.len());
    let mut rest = stdout.as_slice();
    for (rel, object) in wanted {
        let newline = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| failed("output ended early".into()))?;
        let header = String::from_utf8_lossy(&rest[..newline]).into_owned();
        rest = &rest[newline + 1..];
        // "<object> blob <size>" or "<object> missing"
        let mut parts = header.split(' ');
        let size = match (parts.next(), parts.next(), parts.next()) {
            (Some(o), Some("blob"), Some(size)) if o == object => size
                .parse::<usize>()
                .map_err(|_| failed(format!("unexpected header `{header}`")))?,
            _ => return Err(failed(format!("cannot read {rel}: `{header}`"))),
        };
        if rest.len() < size + 1 {
            return Err(failed("output ended early".into()));
        }
        out.push((rel.clone(), rest[..size].to_vec()));
        rest = &rest[size + 1..];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git_in(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .current_dir(dir)
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "T")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
            .env("GIT_COMMITTER_NAME", "T")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .status()
            .expect("git")
            .success();
        assert!(ok, "git {args:?}");
    }

    /// A registry at the top of its repository, with files git holds but
    /// envplan must not read.
    #[test]
    fn reads_yaml_blobs_at_a_revision_and_says_what_it_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("a.yaml"), "kind: Programme\n").unwrap();
        std::fs::write(root.join("sub/b.yml"), "kind: Outage\n").unwrap();
        std::fs::write(root.join("notes.txt"), "not yaml").unwrap();
        std::fs::write(root.join("latin1.yaml"), b"name: caf\xe9\n").unwrap();
        // Too big: skipped on the size git reports, never read.
        let big = std::fs::File::create(root.join("big.yaml")).unwrap();
        big.set_len(MAX_FILE_BYTES + 1).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("a.yaml", root.join("link.yaml")).unwrap();
        git_in(&root, &["init", "-q"]);
        git_in(&root, &["add", "."]);
        git_in(&root, &["commit", "-q", "-m", "one"]);
        // Changed afterwards: the revision's text is read, not the file's.
        std::fs::write(root.join("a.yaml"), "kind: Environment\n").unwrap();

        let repo = Repo::find(&root).unwrap();
        assert_eq!(repo.prefix(), "");
        let head = repo.resolve("HEAD").unwrap();
        assert_eq!(head.len(), 40);
        let snap = repo.texts_at(&head).unwrap();
        let files: Vec<(&str, &str)> = snap
            .files
            .iter()
            .map(|f| (f.rel.as_str(), f.text.as_str()))
            .collect();
        assert_eq!(
            files,
            [
                ("a.yaml", "kind: Programme\n"),
                ("sub/b.yml", "kind: Outage\n")
            ]
        );
        let mut skipped = snap.skipped.clone();
        skipped.sort();
        #[cfg(unix)]
        assert_eq!(
            skipped,
            [
                "big.yaml: larger than a registry file may be",
                "latin1.yaml: not valid UTF-8 text",
                "link.yaml: a symbolic link, not followed"
            ]
        );
        let rev = repo.revision().unwrap();
        assert_eq!(rev.commit.as_deref(), Some(head.as_str()));
        assert!(rev.dirty);

        // Seen from a folder below the top, only that folder is the registry.
        let sub = Repo::find(&root.join("sub")).unwrap();
        assert_eq!(sub.prefix(), "sub/");
        let files: Vec<String> = sub
            .texts_at(&head)
            .unwrap()
            .files
            .into_iter()
            .map(|f| f.rel)
            .collect();
        assert_eq!(files, ["b.yml"]);
        assert!(!sub.revision().unwrap().dirty);
    }

    #[test]
    fn a_repository_without_commits_has_no_commit() {
        let dir = tempfile::tempdir().unwrap();
        git_in(dir.path(), &["init", "-q"]);
        let repo = Repo::find(dir.path()).unwrap();
        assert_eq!(
            repo.revision().unwrap(),
            Revision {
                commit: None,
                dirty: false
            }
        );
        assert!(matches!(
            repo.resolve("HEAD"),
            Err(GitError::BadRevision { .. })
        ));
    }
}
