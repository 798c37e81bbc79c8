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
