//! `check --format sarif`: SARIF 2.1.0, the format code-scanning services
//! (GitHub, Azure DevOps, many editors) read. One rule per code of the
//! catalogue with its summary, explanation and fix; one result per finding,
//! with the region of the value, related places, a fingerprint that survives
//! edits above it, and `suppressions` for findings a comment set aside.
//!
//! Paths are relative to the repository root (`%SRCROOT%`), as the services
//! expect; registry text is escaped by the JSON serializer.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use crate::diag::{Code, Finding, Place, Severity};

use super::{fingerprint, repo_path, Report};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(report)).map_err(io::Error::other)?;
    writeln!(out)
}

pub fn document(report: &Report<'_>) -> Value {
    let rules: Vec<Value> = Code::ALL.iter().map(|&c| rule(c)).collect();
    let mut fingerprints = fingerprint::Fingerprints::default();
    let results: Vec<Value> = report
        .with_suppressed()
        .into_iter()
        .map(|(f, reason)| result(report, f, reason, &mut fingerprints))
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "envplan",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule(code: Code) -> Value {
    let e = code.explanation();
    let mut help_text = format!("{}\n\nFix: {}", e.text, e.fix);
    let mut help_markdown = format!("{}\n\n**Fix:** {}", e.text, e.fix);
    if let Some(example) = e.example {
        help_text.push_str(&format!("\n\nExample:\n\n{example}"));
        help_markdown.push_str(&format!("\n\nExample:\n\n```yaml\n{example}```"));
    }
    json!({
        "id": code.as_str(),
        "shortDescription": {"text": code.summary()},
        "fullDescription": {"text": e.text},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": level(code.default_severity())},
        "properties": {
            "family": code.family().as_str(),
            "loading": code.is_loading(),
            "suppressible": code.is_suppressible(),
        },
    })
}

/// `Code::ALL` is in code order, so a code's index is its rule's index.
fn rule_index(code: Code) -> usize {
    Code::ALL.iter().position(|&c| c == code).unwrap_or(0)
}

fn physical(report: &Report<'_>, place: Place) -> Value {
    let loc = place.loc;
    json!({
        "artifactLocation": {
            "uri": uri(&repo_path(report.registry, place.file)),
            "uriBaseId": "%SRCROOT%",
        },
        "region": {
            "startLine": loc.line,
            "startColumn": loc.column(),
            "endLine": loc.line,
            "endColumn": loc.column() + loc.width().max(1),
        },
    })
}

fn result(
    report: &Report<'_>,
    f: &Finding,
    reason: Option<&str>,
    fingerprints: &mut fingerprint::Fingerprints,
) -> Value {
    let mut text = f.message.clone();
    if let Some(help) = &f.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(f.code.as_str()));
    r.insert("ruleIndex".into(), json!(rule_index(f.code)));
    r.insert("level".into(), json!(level(f.severity)));
    r.insert("message".into(), json!({"text": text}));
    let location = match f.place {
        Some(place) => json!({"physicalLocation": physical(report, place)}),
        // A finding about the whole registry points at its folder.
        None => json!({"physicalLocation": {"artifactLocation": {
            "uri": uri(&format!("{}/", registry_dir(report))),
            "uriBaseId": "%SRCROOT%",
        }}}),
    };
    r.insert("locations".into(), json!([location]));
    if !f.related.is_empty() {
        let related: Vec<Value> = f
            .related
            .iter()
            .enumerate()
            .map(|(i, rel)| {
                json!({
                    "id": i,
                    "physicalLocation": physical(report, rel.place),
                    "message": {"text": rel.label},
                })
            })
            .collect();
        r.insert("relatedLocations".into(), json!(related));
    }
    let key = fingerprints.next(report, f);
    r.insert(
        "partialFingerprints".into(),
        json!({ "envplanFinding/v1": key }),
    );
    r.insert("properties".into(), json!({"records": f.records}));
    if let Some(reason) = reason {
        r.insert(
            "suppressions".into(),
            json!([{"kind": "inSource", "status": "accepted", "justification": reason}]),
        );
    }
    Value::Object(r)
}

/// The registry folder relative to the repository root.
fn registry_dir(report: &Report<'_>) -> String {
    let probe = super::repo_path_of(report.registry, "");
    probe.trim_end_matches('/').to_owned()
}

/// A relative path as a URI reference: each byte outside the unreserved set
/// (and `/`) percent-encoded, so that spaces, `#` and `?` in names survive.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("registry/a b#1.yaml"), "registry/a%20b%231.yaml");
        assert_eq!(uri("é.yaml"), "%C3%A9.yaml");
    }

    #[test]
    fn rule_indexes_follow_the_catalogue() {
        for (i, &code) in Code::ALL.iter().enumerate() {
            assert_eq!(rule_index(code), i);
        }
    }
}
