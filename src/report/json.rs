//! `check --format json`: the stable document of the registry format, §5.

use std::io::{self, Write};

use serde::Serialize;

use super::Report;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    as_of: String,
    summary: Counts,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
    /// Present when any finding was suppressed.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<usize>,
    /// Present with `--baseline`.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineCounts>,
}

#[derive(Serialize)]
struct BaselineCounts {
    /// Findings left out because the baseline lists them.
    matched: usize,
    /// Baseline entries that matched no finding.
    stale: usize,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    records: &'a [String],
    help: Option<&'a str>,
    related: Vec<RelatedPlace<'a>>,
    /// Present (and true) only for findings a comment suppressed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    suppressed: bool,
    /// The suppression's reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct RelatedPlace<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    label: &'a str,
}

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let summary = report.summary();
    let doc = Document {
        version: 1,
        as_of: report.as_of.to_string(),
        summary: Counts {
            errors: summary.errors,
            warnings: summary.warnings,
            suppressed: (summary.suppressed > 0).then_some(summary.suppressed),
            baseline: report.baseline_used.then_some(BaselineCounts {
                matched: report.baselined,
                stale: report.stale_baseline,
            }),
        },
        diagnostics: report
            .with_suppressed()
            .into_iter()
            .map(|(f, reason)| Diagnostic {
                code: f.code.as_str(),
                severity: f.severity.as_str(),
                message: &f.message,
                file: report.rel(f),
                line: f.place.map(|p| p.loc.line),
                column: f.place.map(|p| p.loc.column()),
                records: &f.records,
                help: f.help.as_deref(),
                related: f
                    .related
                    .iter()
                    .map(|r| RelatedPlace {
                        file: &report.registry.file(r.place.file).rel,
                        line: r.place.loc.line,
                        column: r.place.loc.column(),
                        label: &r.label,
                    })
                    .collect(),
                suppressed: reason.is_some(),
                reason,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
    writeln!(out)
}
