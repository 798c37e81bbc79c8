//! `check --statistics`: how many findings of each code, instead of the
//! findings themselves (like `ruff --statistics`), as text or JSON.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::diag::Code;

use super::Report;

#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Count {
    pub code: &'static str,
    pub errors: usize,
    pub warnings: usize,
    pub suppressed: usize,
    pub summary: &'static str,
}

/// One row per code that has any finding, suppressed ones included, in code order.
pub fn counts(report: &Report<'_>) -> Vec<Count> {
    let mut by_code: BTreeMap<Code, Count> = BTreeMap::new();
    let row = |code: Code| Count {
        code: code.as_str(),
        summary: code.summary(),
        ..Count::default()
    };
    for f in report.findings {
        let c = by_code.entry(f.code).or_insert_with(|| row(f.code));
        match f.severity {
            crate::diag::Severity::Error => c.errors += 1,
            crate::diag::Severity::Warning => c.warnings += 1,
        }
    }
    for s in report.suppressed {
        by_code
            .entry(s.finding.code)
            .or_insert_with(|| row(s.finding.code))
            .suppressed += 1;
    }
    by_code.into_values().collect()
}

pub fn write_text(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let rows = counts(report);
    writeln!(out, "code   errors  warnings  suppressed  summary")?;
    for r in &rows {
        writeln!(
            out,
            "{}  {:>6}  {:>8}  {:>10}  {}",
            r.code, r.errors, r.warnings, r.suppressed, r.summary
        )?;
    }
    let s = report.summary();
    writeln!(
        out,
        "total  {:>6}  {:>8}  {:>10}",
        s.errors, s.warnings, s.suppressed
    )
}

pub fn write_json(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &counts(report)).map_err(io::Error::other)?;
    writeln!(out)
}
