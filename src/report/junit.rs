//! `check --format junit`: JUnit XML for test-result publishers (Azure
//! Pipelines' PublishTestResults, GitLab, Jenkins). One test suite per file;
//! one failing test case per error (and per warning with `--deny-warnings`);
//! warnings otherwise pass with their text in the output; a clean file is one
//! passing test case.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::diag::{Finding, Severity};

use super::Report;

/// Escape text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Line ends and tabs as character references, so that they
            // survive in attribute values and are never raw.
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            // Characters XML 1.0 cannot carry at all (other C0 controls,
            // U+FFFE, U+FFFF), and the other controls, bidi and zero-width
            // characters, are shown as `\u{..}` text.
            c if crate::output::sanitize::is_unsafe(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut by_file: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for f in report.registry.files.iter().filter(|f| f.checked()) {
        by_file.entry(f.rel.clone()).or_default();
    }
    for f in report.findings {
        let key = report.rel(f).unwrap_or("(registry)").to_owned();
        by_file.entry(key).or_default().push(f);
    }
    let failing = |f: &Finding| f.severity == Severity::Error || report.deny_warnings;
    let total_cases: usize = by_file.values().map(|v| v.len().max(1)).sum();
    let total_failures: usize = report.findings.iter().filter(|f| failing(f)).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="envplan check" tests="{total_cases}" failures="{total_failures}" errors="0">"#
    )?;
    for (file, findings) in &by_file {
        let failures = findings.iter().filter(|f| failing(f)).count();
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{failures}" errors="0" skipped="0">"#,
            escape(file),
            findings.len().max(1)
        )?;
        if findings.is_empty() {
            writeln!(
                out,
                r#"    <testcase name="no findings" classname="{}"/>"#,
                escape(file)
            )?;
        }
        for f in findings {
            let place = f
                .place
                .map(|p| format!(" at line {}, column {}", p.loc.line, p.loc.column()))
                .unwrap_or_default();
            let name = format!("{} {}{place}", f.code, f.records.join(", "));
            let mut body = format!("{}: {}{place}", f.code, f.message);
            if let Some(help) = &f.help {
                body.push_str("\nhelp: ");
                body.push_str(help);
            }
            // `file` is relative to the repository, as CI tools that link
            // test cases to files expect; the suite name stays registry-relative.
            let repo_file = f
                .place
                .map(|p| super::repo_path(report.registry, p.file))
                .unwrap_or_else(|| file.clone());
            writeln!(
                out,
                r#"    <testcase name="{}" classname="{}" file="{}">"#,
                escape(name.trim()),
                escape(file),
                escape(&repo_file)
            )?;
            if failing(f) {
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{}">{}</failure>"#,
                    escape(&f.message),
                    f.code,
                    escape(&body)
                )?;
            } else {
                writeln!(
                    out,
                    "      <system-out>{}</system-out>",
                    escape(&format!("warning {body}"))
                )?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
