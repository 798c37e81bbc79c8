//! One module per `check --format`. Each turns the same findings into its
//! format; adding a format touches one file and the enum in `cli`.

pub mod azure;
pub mod baseline;
pub mod concise;
pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod source;
pub mod statistics;

use chrono::NaiveDate;

use crate::diag::{Finding, Severity, Suppressed};
use crate::pipeline::order_key;
use crate::registry::Registry;

/// What every reporter is given.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    pub registry: &'a Registry,
    /// The findings to report (not suppressed, not in the baseline).
    pub findings: &'a [Finding],
    /// Findings set aside by `# envplan: allow` comments: counted, and listed
    /// only by the formats that can say so (JSON, SARIF).
    pub suppressed: &'a [Suppressed],
    /// True when a `--baseline` file was given.
    pub baseline_used: bool,
    /// Findings left out because the `--baseline` file lists them.
    pub baselined: usize,
    /// Entries of the `--baseline` file that matched no finding.
    pub stale_baseline: usize,
    pub as_of: NaiveDate,
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub suppressed: usize,
}

impl<'a> Report<'a> {
    pub fn summary(&self) -> Summary {
        let errors = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        Summary {
            errors,
            warnings: self.findings.len() - errors,
            suppressed: self.suppressed.len(),
        }
    }

    /// Every finding, suppressed ones included, in report order; the reason
    /// is given for those suppressed.
    pub fn with_suppressed(&self) -> Vec<(&'a Finding, Option<&'a str>)> {
        let mut all: Vec<(&Finding, Option<&str>)> = self
            .findings
            .iter()
            .map(|f| (f, None))
            .chain(
                self.suppressed
                    .iter()
                    .map(|s| (&s.finding, Some(s.reason.as_str()))),
            )
            .collect();
        if !self.suppressed.is_empty() {
            all.sort_by_cached_key(|(f, _)| order_key(self.registry, f));
        }
        all
    }

    /// The path of a finding's file relative to the registry root.
    pub fn rel(&self, f: &Finding) -> Option<&str> {
        f.place.map(|p| self.registry.file(p.file).rel.as_str())
    }
}

/// The path of a registry file relative to the repository that holds the
/// registry (the nearest ancestor with `.git`), with `/` separators, so that CI
/// annotations land on the file in the pull request. Without a repository,
/// relative to the current directory when possible.
pub fn repo_path(registry: &Registry, file: crate::diag::FileId) -> String {
    repo_path_of(registry, &registry.file(file).rel)
}

/// `repo_path` of a path relative to the registry root (`""`: the root itself,
/// with a trailing `/`).
pub fn repo_path_of(registry: &Registry, rel: &str) -> String {
    let root = registry
        .root
        .canonicalize()
        .unwrap_or_else(|_| registry.root.clone());
    let base = root
        .ancestors()
        .find(|a| a.join(".git").exists())
        .map(std::path::Path::to_path_buf)
        .or_else(|| {
            std::env::current_dir()
                .ok()
                .and_then(|d| d.canonicalize().ok())
        });
    let prefix = match base.as_deref().and_then(|b| root.strip_prefix(b).ok()) {
        Some(p) => p.to_path_buf(),
        None => registry.root.clone(),
    };
    let mut parts: Vec<String> = prefix
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .filter(|c| c != ".")
        .collect();
    parts.push(rel.to_owned());
    parts.join("/")
}
