//! `check --format human`: each finding with its code, the source line with
//! the value underlined, notes at related places and a help line, rendered by
//! miette; then one summary line.

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use crate::diag::{Finding, Place, Severity};
use crate::output::sanitize::{guard_lines, visible};

use super::source::{Snippet, Sources};
use super::Report;

/// One finding, shaped for miette.
struct Shown {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<Snippet>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Shown>,
}

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown {}

impl Diagnostic for Shown {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty())
            .then(|| Box::new(self.labels.iter().cloned()) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        (!self.related.is_empty()).then(|| {
            Box::new(self.related.iter().map(|r| r as &dyn Diagnostic))
                as Box<dyn Iterator<Item = &'a dyn Diagnostic>>
        })
    }
}

/// Labels this close together share one snippet; further apart, the related
/// place gets its own, so the snippet never shows a long stretch of file.
fn near(a: Place, b: Place) -> bool {
    a.file == b.file && a.loc.line.abs_diff(b.loc.line) <= 6
}

fn shown(report: &Report<'_>, sources: &mut Sources<'_>, f: &Finding) -> Shown {
    let severity = match f.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
    };
    let mut labels = Vec::new();
    let mut source = None;
    // Registry text in the message, the help, the labels and the file names
    // is shown visibly: it must not reach a terminal or a CI log raw.
    let mut message = visible(&f.message).into_owned();
    let mut related = Vec::new();
    if let Some(place) = f.place {
        let rel = visible(&report.registry.file(place.file).rel).into_owned();
        let snippet = sources.span(place.file, place.loc).and_then(|primary| {
            let label = f.code.summary_label();
            let mut wanted: Vec<(Option<String>, (usize, usize))> =
                vec![((!label.is_empty()).then(|| label.to_owned()), primary)];
            for r in f.related.iter().filter(|r| near(r.place, place)) {
                if let Some(span) = sources.span(place.file, r.place.loc) {
                    wanted.push((Some(visible(&r.label).into_owned()), span));
                }
            }
            let spans: Vec<(usize, usize)> = wanted.iter().map(|w| w.1).collect();
            let (snippet, mapped) = sources.snippet(place.file, &spans)?;
            for (i, ((text, _), span)) in wanted.into_iter().zip(mapped).enumerate() {
                labels.push(if i == 0 {
                    LabeledSpan::new_primary_with_span(text, span)
                } else {
                    LabeledSpan::new_with_span(text, span)
                });
            }
            Some(snippet)
        });
        match snippet {
            Some(snippet) => source = Some(NamedSource::new(rel, snippet)),
            // No text to show (a link that was not followed): still say where.
            None => message.push_str(&format!(
                "\nat {rel}:{}:{}",
                place.loc.line,
                place.loc.column()
            )),
        }
    }
    for r in f
        .related
        .iter()
        .filter(|r| f.place.is_none_or(|p| !near(r.place, p)))
    {
        let rel = visible(&report.registry.file(r.place.file).rel).into_owned();
        let Some(span) = sources.span(r.place.file, r.place.loc) else {
            continue;
        };
        let Some((snippet, mapped)) = sources.snippet(r.place.file, &[span]) else {
            continue;
        };
        related.push(Shown {
            message: visible(&r.label).into_owned(),
            code: String::new(),
            severity: miette::Severity::Advice,
            help: None,
            source: Some(NamedSource::new(rel, snippet)),
            labels: vec![LabeledSpan::new_primary_with_span(None, mapped[0])],
            related: Vec::new(),
        });
    }
    Shown {
        message,
        code: f.code.as_str().to_owned(),
        severity,
        help: f.help.as_deref().map(|h| visible(h).into_owned()),
        source,
        labels,
        related,
    }
}

pub fn write(
    report: &Report<'_>,
    color: bool,
    width: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_context_lines(1)
        .with_primary_span_start()
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_break_words(false)
        .with_show_related_as_nested(true);
    let mut sources = Sources::new(report.registry);
    for f in report.findings {
        let d = shown(report, &mut sources, f);
        let mut rendered = String::new();
        handler
            .render_report(&mut rendered, &d)
            .map_err(io::Error::other)?;
        // Wrapping can bring registry text to the start of a line: break
        // any CI command sequence there, line by line.
        writeln!(out, "{}", guard_lines(rendered.trim_end()))?;
        writeln!(out)?;
    }
    let s = report.summary();
    let files = report.registry.files.iter().filter(|f| f.checked()).count();
    let records = report.registry.record_count();
    let checked = format!("{files} files, {records} records, as of {}", report.as_of);
    let mut set_aside = String::new();
    if s.suppressed > 0 {
        set_aside.push_str(&format!(", {} suppressed", s.suppressed));
    }
    if report.baselined > 0 {
        set_aside.push_str(&format!(", {} in the baseline", report.baselined));
    }
    let line = if s.errors == 0 && s.warnings == 0 {
        format!("✓ no problems found{set_aside} ({checked})")
    } else {
        format!(
            "{} {}, {}{set_aside} ({checked})",
            if s.errors > 0 { "✗" } else { "!" },
            crate::time::format::plural(s.errors as i64, "error"),
            crate::time::format::plural(s.warnings as i64, "warning"),
        )
    };
    writeln!(out, "{line}")?;
    if report.stale_baseline > 0 {
        writeln!(out, "{}", stale_note(report.stale_baseline))?;
    }
    Ok(())
}

/// The note that the baseline file has entries that match nothing any more.
pub fn stale_note(stale: usize) -> String {
    let (entries, matches) = if stale == 1 {
        ("entry", "matches")
    } else {
        ("entries", "match")
    };
    format!("{stale} {entries} of the baseline no longer {matches} a finding: write the baseline again to tidy it")
}
