//! Shared helpers for the integration tests: run the real binary on fixture
//! registries under `tests/fixtures/<scenario>/` and read its JSON back.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Output;

use serde::Deserialize;

/// The `envplan` binary, isolated from the caller's environment.
pub fn envplan() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_envplan"));
    cmd.env_remove("ENVPLAN_REGISTRY")
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder of a fixture scenario.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// One diagnostic of `check --format json`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Diag {
    pub code: String,
    pub severity: String,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub records: Vec<String>,
    pub help: Option<String>,
}

impl Diag {
    /// `code file:line:column` for compact assertions.
    pub fn at(&self) -> String {
        format!(
            "{} {}:{}:{}",
            self.code,
            self.file.as_deref().unwrap_or("-"),
            self.line.unwrap_or(0),
            self.column.unwrap_or(0)
        )
    }
}

#[derive(Debug, Deserialize)]
pub struct CheckJson {
    pub version: u32,
    pub summary: Summary,
    pub diagnostics: Vec<Diag>,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
}

/// Run `check --format json` on a registry directory; returns the exit status and the document.
pub fn check_dir(dir: &std::path::Path, as_of: &str) -> (i32, CheckJson) {
    let output: Output = envplan()
        .arg("--registry")
        .arg(dir)
        .args(["--as-of", as_of, "check", "--format", "json"])
        .output()
        .expect("run envplan");
    let doc: CheckJson = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not check JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), doc)
}

/// Run `check --format json` on a fixture scenario.
pub fn check(name: &str, as_of: &str) -> (i32, CheckJson) {
    check_dir(&fixture(name), as_of)
}

/// The diagnostics of one code.
pub fn with_code<'a>(doc: &'a CheckJson, code: &str) -> Vec<&'a Diag> {
    doc.diagnostics.iter().filter(|d| d.code == code).collect()
}

/// Run git in `dir` with a fixed identity and clock (`date`, RFC 3339), and
/// no user or system config, so that the repositories tests make are the
/// same every run; panics with git's stderr when it fails.
pub fn git(dir: &std::path::Path, date: &str, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Env Manager")
        .env("GIT_AUTHOR_EMAIL", "env@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_NAME", "Env Manager")
        .env("GIT_COMMITTER_EMAIL", "env@example.org")
        .env("GIT_COMMITTER_DATE", date)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Copy a fixture (or any folder) and everything below it.
pub fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Replace the first `from` in a file by `to`; `from` must be there.
pub fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

/// Every YAML file below `dir`, in sorted order.
pub fn yaml_files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}
