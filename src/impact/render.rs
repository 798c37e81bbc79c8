//! The impact report for people (terminal), for a pull request (Markdown, for
//! a comment or `$GITHUB_STEP_SUMMARY`) and for tools (JSON). Registry text is
//! made single-line and control-free for the terminal and escaped for
//! Markdown with the pack's escaper, so a pull request cannot steer either.

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;

use crate::history::Change;
use crate::output::sanitize::single_line;
use crate::pack::escape::markdown as md;
use crate::pack::percent_text;
use crate::time::format::plural;

use super::{
    AvailabilityChange, CertificateRisk, ClashOutcome, CoverageRisk, FindingOutcome, Impact,
    MonthAvailability,
};

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// As the user named it: a revision, or "working tree".
    pub label: String,
    /// The commit, when the side was read from git.
    pub commit: Option<String>,
}

impl Side {
    fn describe(&self) -> String {
        match &self.commit {
            Some(c) => format!("{} ({})", self.label, &c[..c.len().min(12)]),
            None => self.label.clone(),
        }
    }
}

/// What every renderer is given.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub base: Side,
    pub head: Side,
    pub as_of: NaiveDate,
    pub impact: &'a Impact,
    /// Things the reader should know about the comparison (files not read at a revision).
    pub notes: Vec<String>,
}

impl Document<'_> {
    fn month(&self) -> String {
        self.as_of.format("%B %Y").to_string()
    }
}

fn finding_text(f: &FindingOutcome, esc: &dyn Fn(&str) -> String) -> String {
    let place = match (&f.key.file, f.line) {
        (Some(file), Some(line)) => format!("{}:{line}", esc(file)),
        (Some(file), None) => esc(file),
        _ => "the registry".to_owned(),
    };
    format!(
        "{} {} {place}: {}",
        f.key.code.as_str(),
        f.severity.as_str(),
        esc(&f.message)
    )
}

fn clash_text(c: &ClashOutcome, esc: &dyn Fn(&str) -> String) -> String {
    let who = if c.participants.is_empty() {
        String::new()
    } else {
        format!(
            " ({})",
            c.participants
                .iter()
                .map(|p| esc(p))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!(
        "{} {} and {} on {}, {}{who}",
        c.code.as_str(),
        esc(&c.earlier),
        esc(&c.later),
        esc(&c.environment),
        c.period,
    )
}

fn cert_text(c: &CertificateRisk, esc: &dyn Fn(&str) -> String) -> String {
    let when = if c.days_left < 0 {
        format!("expired {}", esc(&c.expires))
    } else {
        format!(
            "expires {} ({} left)",
            esc(&c.expires),
            plural(c.days_left, "day")
        )
    };
    format!(
        "{} of {} for {} ({}): {when}",
        esc(&c.certificate),
        esc(&c.participant),
        esc(&c.environment),
        c.purpose
    )
}

fn coverage_text(c: &CoverageRisk, esc: &dyn Fn(&str) -> String) -> String {
    format!(
        "{} lacks a {} certificate for {} from {} ({})",
        esc(&c.participant),
        c.purpose,
        esc(&c.environment),
        c.from,
        esc(&c.interval)
    )
}

fn figure(a: &Option<MonthAvailability>) -> String {
    match a {
        None => "absent".to_owned(),
        Some(a) => percent_text(a.availability),
    }
}

fn availability_text(a: &AvailabilityChange, esc: &dyn Fn(&str) -> String) -> String {
    let lost = |a: &Option<MonthAvailability>| a.as_ref().map_or(0, |a| a.lost_minutes);
    let delta = lost(&a.after) - lost(&a.before);
    let change = match delta {
        0 => String::new(),
        d if d > 0 => format!(", {} more lost", minutes_text(d)),
        d => format!(", {} less lost", minutes_text(-d)),
    };
    format!(
        "{}: {} → {}{change}",
        esc(&a.environment),
        figure(&a.before),
        figure(&a.after)
    )
}

fn minutes_text(m: i64) -> String {
    if m % 60 == 0 {
        plural(m / 60, "hour")
    } else {
        format!("{} {}", plural(m / 60, "hour"), plural(m % 60, "minute"))
    }
}

/// One section: a heading, and lines marked added (`+`) or resolved (`-`).
struct Section {
    title: String,
    lines: Vec<(char, String)>,
}

fn sections(doc: &Document<'_>, esc: &dyn Fn(&str) -> String) -> Vec<Section> {
    let i = doc.impact;
    let mut out = Vec::new();
    let mut push = |title: String, lines: Vec<(char, String)>| {
        if !lines.is_empty() {
            out.push(Section { title, lines });
        }
    };
    let counted = |what: &str, added: usize, resolved: usize| {
        format!("{what}: {added} added, {resolved} resolved")
    };
    push(
        counted(
            "Findings",
            i.findings_added.len(),
            i.findings_resolved.len(),
        ),
        i.findings_added
            .iter()
            .map(|f| ('+', finding_text(f, esc)))
            .chain(
                i.findings_resolved
                    .iter()
                    .map(|f| ('-', finding_text(f, esc))),
            )
            .collect(),
    );
    push(
        counted("Clashes", i.clashes_added.len(), i.clashes_resolved.len()),
        i.clashes_added
            .iter()
            .map(|c| ('+', clash_text(c, esc)))
            .chain(i.clashes_resolved.iter().map(|c| ('-', clash_text(c, esc))))
            .collect(),
    );
    push(
        format!(
            "Certificates: {} newly at risk, {} no longer",
            i.certificates_at_risk.len() + i.coverage_added.len(),
            i.certificates_no_longer_at_risk.len() + i.coverage_resolved.len()
        ),
        i.certificates_at_risk
            .iter()
            .map(|c| ('+', cert_text(c, esc)))
            .chain(
                i.coverage_added
                    .iter()
                    .map(|c| ('+', coverage_text(c, esc))),
            )
            .chain(
                i.certificates_no_longer_at_risk
                    .iter()
                    .map(|c| ('-', cert_text(c, esc))),
            )
            .chain(
                i.coverage_resolved
                    .iter()
                    .map(|c| ('-', coverage_text(c, esc))),
            )
            .collect(),
    );
    push(
        "Milestones and readiness".to_owned(),
        i.milestones
            .iter()
            .map(|c| {
                let what = c.describe(|p| esc(p));
                ('~', format!("{} {}: {what}", c.kind.noun(), esc(&c.id)))
            })
            .collect(),
    );
    push(
        format!("Availability in {}", doc.month()),
        i.availability
            .iter()
            .map(|a| ('~', availability_text(a, esc)))
            .collect(),
    );
    out
}

fn heading(doc: &Document<'_>) -> String {
    format!(
        "Impact of {} on {}, as of {}",
        doc.head.describe(),
        doc.base.describe(),
        doc.as_of
    )
}

/// For the terminal.
pub fn human(doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
    let esc = |s: &str| single_line(s);
    writeln!(out, "{}", single_line(&heading(doc)))?;
    for note in &doc.notes {
        writeln!(out, "note: {}", single_line(note))?;
    }
    if doc.impact.is_empty() {
        return writeln!(
            out,
            "No change in findings, clashes, certificates at risk or availability."
        );
    }
    for s in sections(doc, &esc) {
        writeln!(out, "\n{}", s.title)?;
        for (mark, line) in &s.lines {
            writeln!(out, "  {mark} {line}")?;
        }
    }
    if !doc.impact.participants.is_empty() {
        let who: Vec<String> = doc.impact.participants.iter().map(|p| esc(p)).collect();
        writeln!(out, "\nParticipants affected: {}", who.join(", "))?;
    }
    Ok(())
}

/// For a pull-request comment or a job summary: headings, lists, no HTML.
pub fn markdown(doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
    let esc = |s: &str| md(s);
    writeln!(out, "### envplan: {}", md(&heading(doc)))?;
    for note in &doc.notes {
        writeln!(out, "\n> {}", md(note))?;
    }
    if doc.impact.is_empty() {
        writeln!(out)?;
        return writeln!(
            out,
            "No change in findings, clashes, certificates at risk or availability."
        );
    }
    for s in sections(doc, &esc) {
        writeln!(out, "\n#### {}\n", s.title)?;
        for (mark, line) in &s.lines {
            let word = match mark {
                '+' => "**new**",
                '-' => "resolved",
                _ => "changed",
            };
            writeln!(out, "- {word}: {line}")?;
        }
    }
    if !doc.impact.participants.is_empty() {
        let who: Vec<String> = doc.impact.participants.iter().map(|p| esc(p)).collect();
        writeln!(out, "\n**Participants affected:** {}", who.join(", "))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    version: u32,
    base: &'a Side,
    head: &'a Side,
    as_of: String,
    /// The as-of month, YYYY-MM, that `availability` is measured over.
    month: String,
    findings: Pair<JsonFinding<'a>>,
    clashes: Pair<JsonClash<'a>>,
    certificates: Pair<JsonCert<'a>>,
    coverage: Pair<JsonCoverage<'a>>,
    availability: Vec<JsonAvailability<'a>>,
    milestones: Vec<JsonRecordChange<'a>>,
    participants: &'a [String],
    notes: &'a [String],
}

#[derive(Serialize)]
struct JsonRecordChange<'a> {
    kind: &'static str,
    id: &'a str,
    /// "added", "removed" or "changed".
    change: &'static str,
    /// What changed, one phrase per field (empty when added or removed).
    details: Vec<&'a str>,
}

#[derive(Serialize)]
struct Pair<T> {
    added: Vec<T>,
    resolved: Vec<T>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<u32>,
    records: &'a [String],
}

#[derive(Serialize)]
struct JsonClash<'a> {
    code: &'static str,
    environment: &'a str,
    earlier: &'a str,
    later: &'a str,
    period: &'a str,
    participants: &'a [String],
}

#[derive(Serialize)]
struct JsonCert<'a> {
    id: &'a str,
    participant: &'a str,
    environment: &'a str,
    purpose: &'a str,
    expires: &'a str,
    days_left: i64,
}

#[derive(Serialize)]
struct JsonCoverage<'a> {
    interval: &'a str,
    participant: &'a str,
    environment: &'a str,
    purpose: &'a str,
    from: String,
}

#[derive(Serialize)]
struct JsonAvailability<'a> {
    environment: &'a str,
    /// A fraction (0.9940), `null` without service time or where the environment is absent.
    before: Option<f64>,
    after: Option<f64>,
    lost_minutes_before: Option<i64>,
    lost_minutes_after: Option<i64>,
}

fn jf(f: &FindingOutcome) -> JsonFinding<'_> {
    JsonFinding {
        code: f.key.code.as_str(),
        severity: f.severity.as_str(),
        message: &f.message,
        file: f.key.file.as_deref(),
        line: f.line,
        records: &f.key.records,
    }
}

fn jc(c: &ClashOutcome) -> JsonClash<'_> {
    JsonClash {
        code: c.code.as_str(),
        environment: &c.environment,
        earlier: &c.earlier,
        later: &c.later,
        period: &c.period,
        participants: &c.participants,
    }
}

fn jcert(c: &CertificateRisk) -> JsonCert<'_> {
    JsonCert {
        id: &c.certificate,
        participant: &c.participant,
        environment: &c.environment,
        purpose: &c.purpose,
        expires: &c.expires,
        days_left: c.days_left,
    }
}

fn jcov(c: &CoverageRisk) -> JsonCoverage<'_> {
    JsonCoverage {
        interval: &c.interval,
        participant: &c.participant,
        environment: &c.environment,
        purpose: &c.purpose,
        from: c.from.to_string(),
    }
}

/// For tools: every list the other formats show, with the same content.
pub fn json(doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
    let i = doc.impact;
    let value = JsonDoc {
        version: 1,
        base: &doc.base,
        head: &doc.head,
        as_of: doc.as_of.to_string(),
        month: doc.as_of.format("%Y-%m").to_string(),
        findings: Pair {
            added: i.findings_added.iter().map(jf).collect(),
            resolved: i.findings_resolved.iter().map(jf).collect(),
        },
        clashes: Pair {
            added: i.clashes_added.iter().map(jc).collect(),
            resolved: i.clashes_resolved.iter().map(jc).collect(),
        },
        certificates: Pair {
            added: i.certificates_at_risk.iter().map(jcert).collect(),
            resolved: i.certificates_no_longer_at_risk.iter().map(jcert).collect(),
        },
        coverage: Pair {
            added: i.coverage_added.iter().map(jcov).collect(),
            resolved: i.coverage_resolved.iter().map(jcov).collect(),
        },
        availability: i
            .availability
            .iter()
            .map(|a| JsonAvailability {
                environment: &a.environment,
                before: a
                    .before
                    .as_ref()
                    .and_then(|b| b.availability)
                    .map(|h| h as f64 / 10_000.0),
                after: a
                    .after
                    .as_ref()
                    .and_then(|b| b.availability)
                    .map(|h| h as f64 / 10_000.0),
                lost_minutes_before: a.before.as_ref().map(|b| b.lost_minutes),
                lost_minutes_after: a.after.as_ref().map(|b| b.lost_minutes),
            })
            .collect(),
        milestones: i
            .milestones
            .iter()
            .map(|c| JsonRecordChange {
                kind: c.kind.noun(),
                id: &c.id,
                change: match &c.change {
                    Change::Added => "added",
                    Change::Removed => "removed",
                    Change::Changed(_) => "changed",
                },
                details: match &c.change {
                    Change::Changed(p) => p.iter().map(String::as_str).collect(),
                    _ => Vec::new(),
                },
            })
            .collect(),
        participants: &i.participants,
        notes: &doc.notes,
    };
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::impact::{FindingKey, FindingOutcome};

    fn doc_with(impact: &Impact) -> Document<'_> {
        Document {
            base: Side {
                label: "main".into(),
                commit: Some("0123456789abcdef0123".into()),
            },
            head: Side {
                label: "working tree".into(),
                commit: None,
            },
            as_of: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            impact,
            notes: vec![],
        }
    }

    #[test]
    fn hostile_registry_text_is_escaped_in_markdown_and_flattened_for_terminals() {
        let impact = Impact {
            findings_added: vec![FindingOutcome {
                key: FindingKey {
                    code: Code::EP201,
                    records: vec!["X".into()],
                    file: Some("a|b.yaml".into()),
                },
                severity: Code::EP201.default_severity(),
                message: "interval `<img src=x>` \u{1b}[31mred\nnext | cell".into(),
                line: Some(3),
            }],
            ..Impact::default()
        };
        let doc = doc_with(&impact);
        let mut out = Vec::new();
        markdown(&doc, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("&lt;img src=x&gt;"), "{text}");
        assert!(text.contains("a\\|b.yaml:3"), "{text}");
        assert!(!text.contains('\u{1b}'));
        let mut out = Vec::new();
        human(&doc, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("red next | cell"), "{text}");
        assert!(text.lines().all(|l| l == l.trim_end()), "{text}");
    }

    #[test]
    fn an_empty_impact_says_so() {
        let impact = Impact::default();
        let mut out = Vec::new();
        human(&doc_with(&impact), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("Impact of working tree on main (0123456789ab), as of 2026-03-02\n")
        );
        assert!(text.contains("No change"));
    }
}
