//! `check --format gitlab`: GitLab Code Quality JSON, an array of issues
//! with a description, the code as `check_name`, a stable fingerprint, a
//! severity and the path (from the repository root) and line. Suppressed
//! findings are left out: Code Quality has no way to say so.

use std::io::{self, Write};

use serde::Serialize;

use crate::diag::Severity;

use super::fingerprint::Fingerprints;
use super::{repo_path, Report};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
    /// Code Quality's category; every envplan finding is a risk to the plan.
    categories: [&'static str; 1],
    /// The finding's help (or the code's summary), shown when expanded.
    content: Content<'a>,
}

#[derive(Serialize)]
struct Content<'a> {
    body: &'a str,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut fingerprints = Fingerprints::default();
    let issues: Vec<Issue<'_>> = report
        .findings
        .iter()
        .map(|f| {
            let (path, line) = match f.place {
                Some(p) => (repo_path(report.registry, p.file), p.loc.line),
                None => (super::repo_path_of(report.registry, ""), 1),
            };
            Issue {
                description: format!("{}: {}", f.code, f.message),
                check_name: f.code.as_str(),
                fingerprint: fingerprints.next(report, f),
                severity: match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: Location {
                    path: path.trim_end_matches('/').to_owned(),
                    lines: Lines { begin: line },
                },
                categories: ["Bug Risk"],
                content: Content {
                    body: f.help.as_deref().unwrap_or(f.code.summary()),
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::other)?;
    writeln!(out)
}
