//! The pack as Markdown for GitHub and Azure DevOps wikis: headings, pipe
//! tables with a blank line around them, and nothing either renderer lacks.
//! A thin backend of the document (`doc`): every registry string goes
//! through `escape::markdown`.

use std::fmt::Write;

use super::doc::{self, Block, Cell, Doc, Span};
use super::escape::markdown as md;
use super::Pack;

pub fn render(p: &Pack) -> String {
    render_doc(&doc::of(p))
}

pub fn render_doc(d: &Doc<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&d.title));
    for (label, value) in &d.meta {
        let _ = writeln!(out, "- **{}:** {}", md(label), spans(value));
    }
    out.push('\n');
    for s in &d.sections {
        let _ = writeln!(out, "## {}\n", spans(&s.title));
        for b in &s.blocks {
            block(&mut out, b);
        }
    }
    if !d.stamp.is_empty() {
        let _ = writeln!(out, "<!-- {} -->", d.stamp.replace("--", "- -"));
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn block(out: &mut String, b: &Block<'_>) {
    match b {
        Block::Heading(t) => {
            let _ = writeln!(out, "### {}\n", spans(t));
        }
        Block::Table { header, rows } => table(out, header, rows),
        Block::Empty(t) => {
            let _ = writeln!(out, "_{}_\n", md(t));
        }
        Block::Note(t) => {
            let _ = writeln!(out, "{}\n", spans(t));
        }
        Block::Warning(t) | Block::Quote(t) => {
            let _ = writeln!(out, "> {}\n", spans(t));
        }
        Block::List(items) => {
            for item in items {
                let _ = writeln!(out, "- {}", spans(item));
            }
            out.push('\n');
        }
        Block::Figures(figures) => {
            let rows: Vec<Vec<String>> = figures
                .iter()
                .map(|f| {
                    let value = match &f.detail {
                        Some(d) => format!("{} ({})", md(&f.value), md(d)),
                        None => md(&f.value),
                    };
                    vec![md(&f.label), value]
                })
                .collect();
            raw_table(out, &["Figure".into(), "Value".into()], &rows);
        }
        Block::Timeline(tl) => timeline(out, tl),
        Block::Trend {
            columns,
            rows,
            floor: _,
        } => {
            let mut header = vec!["Environment".to_owned()];
            header.extend(columns.iter().cloned());
            let rows: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let mut row = vec![md(&r.label)];
                    row.extend(r.bars.iter().map(|b| md(&b.text)));
                    row
                })
                .collect();
            raw_table(out, &header, &rows);
        }
        Block::MarkdownOnly(blocks) => blocks.iter().for_each(|b| block(out, b)),
        Block::HtmlOnly(_) => {}
    }
}

/// The timeline as a Mermaid gantt chart in a fenced block, which GitHub
/// draws. The block is exactly what `envplan plan --format mermaid` prints
/// for the same window: the diagram's own renderer makes names safe for
/// Mermaid, and nothing inside a fenced block is Markdown.
fn timeline(out: &mut String, tl: &crate::plan::Timeline) {
    if tl.is_empty() {
        return;
    }
    out.push_str("```mermaid\n");
    out.push_str(&crate::plan::mermaid::render(tl));
    out.push_str("```\n\n");
    out.push_str(
        "In an Azure DevOps wiki, write `::: mermaid` in place of the opening fence and `:::` in place of the closing one.\n\n",
    );
}

fn table(out: &mut String, header: &[String], rows: &[Vec<Cell>]) {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    let text = spans(&c.spans);
                    if c.strong {
                        format!("**{text}**")
                    } else {
                        text
                    }
                })
                .collect()
        })
        .collect();
    raw_table(out, header, &rows);
}

/// A table: header cells, then rows of already-escaped cells.
fn raw_table(out: &mut String, header: &[String], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(
        out,
        "|{}|",
        header.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    );
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

fn spans(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        span(&mut out, s);
    }
    out
}

fn span(out: &mut String, s: &Span) {
    match s {
        Span::Text(t) | Span::Id(t) | Span::Message(t) => out.push_str(&md(t)),
        Span::Code(t) => {
            let _ = write!(
                out,
                "`{}`",
                t.replace(['`', '\n', '\r'], " ").replace('|', "\\|")
            );
        }
        Span::Strong(t) => {
            let _ = write!(out, "**{}**", md(t));
        }
        Span::Sub {
            spans: inner, md, ..
        } => {
            out.push_str(md.0);
            out.push_str(&spans(inner));
            out.push_str(md.1);
        }
        Span::Break { md } => out.push_str(md),
    }
}
