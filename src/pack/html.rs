//! The pack as one self-contained HTML page to e-mail: inline CSS and SVG,
//! no scripts, nothing fetched from anywhere (the Content-Security-Policy
//! forbids it), printable on A4 landscape. Every registry string goes through
//! `escape::html`.

use std::fmt::Write;

use super::doc::{self, Block, Cell, Doc, Span, TrendRow};
use super::escape::html as esc;
use super::{Figure, Pack, Tone};

/// Scripts, frames, fonts, images from elsewhere: none. Inline styles only.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE: &str = r#"
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa;
  --bad: #b42318; --bad-bg: #ffebe9; --warn: #8a5a00; --warn-bg: #fff8c5;
  --good: #1a7f37; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); margin: 24px auto; max-width: 1280px; padding: 0 24px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 15px; margin: 18px 0 8px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 12px; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
nav { font-size: 13px; color: var(--muted); margin-bottom: 8px; }
nav a { color: var(--accent); margin-right: 12px; text-decoration: none; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); grid-auto-rows: 1fr; gap: 8px; }
.card { border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 4px; padding: 6px 10px; }
.card .n { font-size: 20px; font-weight: 600; }
.card .l { color: var(--muted); font-size: 12px; }
.card .d { color: var(--muted); font-size: 12px; }
.card.tone-good { border-left-color: var(--good); }
.card.tone-warn { border-left-color: var(--warn); } .card.tone-warn .n { color: var(--warn); }
.card.tone-bad { border-left-color: var(--bad); } .card.tone-bad .n { color: var(--bad); }
table { border-collapse: collapse; width: 100%; margin: 0 0 8px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
th { background: var(--head); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
.id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.sub { color: var(--muted); font-size: 12px; }
.missing, .bad { background: var(--bad-bg); color: var(--bad); font-weight: 600; }
.late, .warnbg { background: var(--warn-bg); color: var(--warn); font-weight: 600; }
.sev-error { color: var(--bad); font-weight: 600; }
.sev-warning { color: var(--warn); font-weight: 600; }
.none { color: var(--muted); font-style: italic; }
figure.timeline { margin: 0 0 6px; }
figure.timeline svg { display: block; width: 100%; height: auto; }
figure.timeline + figure.timeline { margin-top: 10px; }
ul.files { padding-left: 20px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px;
  background: var(--head); padding: 0 3px; border-radius: 3px; }
table.trend { width: auto; }
.note { color: var(--muted); font-size: 12px; }
svg.bar { vertical-align: middle; margin-left: 6px; }
ul.changes { padding-left: 20px; }
/* 13 or 14 headline cards: seven a row on a wide screen, two even rows. */
@media screen and (min-width: 1100px) { .cards { grid-template-columns: repeat(7, 1fr); } }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; }
  nav, .screen { display: none; }
  h2, h3 { break-after: avoid; }
  tr, .card, figure.timeline { break-inside: avoid; }
  thead { display: table-header-group; }
  h1 { font-size: 18pt; }
  h2 { margin-top: 14px; }
  .cards { grid-template-columns: repeat(7, 1fr); gap: 5px; }
  .card { padding: 3px 6px; }
  .card .n { font-size: 14pt; }
  .card .l, .card .d { font-size: 8pt; }
  th, td { padding: 2px 4px; }
  .id { font-size: 8.5pt; }
  /* Twelve columns: smaller, so the interval and participant keep room. */
  #readiness th, #readiness td { font-size: 8pt; padding: 2px 3px; }
  #readiness .id, #readiness .sub { font-size: 7.5pt; }
}
"#;

pub fn render(p: &Pack) -> String {
    render_doc(&doc::of(p))
}

pub fn render_doc(d: &Doc<'_>) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    );
    if !d.stamp.is_empty() {
        let _ = writeln!(
            out,
            "<meta name=\"generator\" content=\"{}\">",
            esc(&d.stamp)
        );
    }
    let _ = write!(
        out,
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n<dl class=\"meta\">\n",
        esc(&d.title),
        esc(&d.title)
    );
    for (label, value) in &d.meta {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(label), spans(value));
    }
    out.push_str("</dl>\n<nav>");
    for s in d.sections.iter().filter(|s| s.nav.is_some()) {
        let _ = write!(
            out,
            "<a href=\"#{}\">{}</a>",
            s.id,
            esc(s.nav.unwrap_or_default())
        );
    }
    out.push_str("</nav>\n</header>\n");
    for s in &d.sections {
        let _ = writeln!(
            out,
            "<section id=\"{}\">\n<h2>{}</h2>",
            s.id,
            spans(&s.title)
        );
        for b in &s.blocks {
            block(&mut out, b);
        }
        out.push_str("</section>\n");
    }
    if !d.stamp.is_empty() {
        let _ = writeln!(out, "<footer class=\"note\">{}</footer>", esc(&d.stamp));
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn block(out: &mut String, b: &Block<'_>) {
    match b {
        Block::Heading(t) => {
            let _ = writeln!(out, "<h3>{}</h3>", spans(t));
        }
        Block::Table { header, rows } => table(out, header, rows),
        Block::Empty(t) => {
            let _ = writeln!(out, "<p class=\"none\">{}</p>", esc(t));
        }
        Block::Note(t) | Block::Quote(t) => {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", spans(t));
        }
        Block::Warning(t) => {
            let _ = writeln!(out, "<p class=\"note bad\">{}</p>", spans(t));
        }
        Block::List(items) => {
            out.push_str("<ul class=\"files\">\n");
            for item in items {
                let _ = writeln!(out, "<li>{}</li>", spans(item));
            }
            out.push_str("</ul>\n");
        }
        Block::Figures(figures) => cards(out, figures),
        Block::Timeline(tl) => {
            for part in super::svg::render_pages(tl, super::svg::PAGE_ROWS_HEIGHT) {
                out.push_str("<figure class=\"timeline\">\n");
                out.push_str(&part);
                out.push_str("\n</figure>\n");
            }
        }
        Block::Trend {
            columns,
            rows,
            floor,
        } => trend(out, columns, rows, *floor),
        Block::HtmlOnly(blocks) => blocks.iter().for_each(|b| block(out, b)),
        Block::MarkdownOnly(_) => {}
    }
}

/// The headline figures as cards of one height, in rows of equal width.
fn cards(out: &mut String, figures: &[Figure]) {
    out.push_str("<div class=\"cards\">\n");
    for f in figures {
        let class = match f.tone {
            Tone::Plain => "card",
            Tone::Good => "card tone-good",
            Tone::Warn => "card tone-warn",
            Tone::Bad => "card tone-bad",
        };
        let detail = f
            .detail
            .as_deref()
            .map(|d| format!("<div class=\"d\">{}</div>", esc(d)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<div class=\"{class}\"><div class=\"n\">{}</div><div class=\"l\">{}</div>{detail}</div>",
            esc(&f.value),
            esc(&f.label)
        );
    }
    out.push_str("</div>\n");
}

fn table(out: &mut String, header: &[String], rows: &[Vec<Cell>]) {
    out.push_str("<table>\n<thead><tr>");
    for h in header {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for c in row {
            if c.class.is_empty() {
                let _ = write!(out, "<td>{}</td>", spans(&c.spans));
            } else {
                let _ = write!(out, "<td class=\"{}\">{}</td>", c.class, spans(&c.spans));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// A trend as a table with one small bar per period, scaled from `floor`
/// to 100%, so that 97% and 100% look different; the figure is written
/// beside each bar and in its tooltip.
fn trend(out: &mut String, columns: &[String], rows: &[TrendRow], floor: f64) {
    out.push_str("<table class=\"trend\">\n<thead><tr><th>Environment</th>");
    for c in columns {
        let _ = write!(out, "<th>{}</th>", esc(c));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        let _ = write!(
            out,
            "<tr><td><span class=\"id\">{}</span></td>",
            esc(&r.label)
        );
        for b in &r.bars {
            out.push_str("<td class=\"nowrap\">");
            if let Some(v) = b.value {
                let scaled = ((v - floor) / (1.0 - floor)).clamp(0.0, 1.0);
                let width = (scaled * 1000.0).round() / 10.0;
                let colour = if v >= 0.99 {
                    "#1a7f37"
                } else if v >= 0.95 {
                    "#8a5a00"
                } else {
                    "#b42318"
                };
                let _ = write!(
                    out,
                    "<svg class=\"bar\" width=\"60\" height=\"10\" viewBox=\"0 0 100 10\" role=\"img\"><title>{}</title><rect width=\"100\" height=\"10\" fill=\"#e6e9ed\"/><rect width=\"{width}\" height=\"10\" fill=\"{colour}\"/></svg> ",
                    esc(&b.text)
                );
            }
            let _ = write!(out, "{}</td>", esc(&b.text));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    let _ = writeln!(
        out,
        "<p class=\"note\">Each bar runs from {}% (empty) to 100% (full).</p>",
        (floor * 100.0).round()
    );
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
        Span::Text(t) => out.push_str(&esc(t)),
        Span::Id(t) => {
            let _ = write!(out, "<span class=\"id\">{}</span>", esc(t));
        }
        Span::Code(t) => {
            let _ = write!(out, "<code>{}</code>", esc(t));
        }
        Span::Strong(t) => {
            let _ = write!(out, "<strong>{}</strong>", esc(t));
        }
        Span::Message(t) => message(out, t),
        Span::Sub {
            spans: inner, br, ..
        } => {
            out.push_str(if *br { "<br>" } else { " " });
            let _ = write!(out, "<span class=\"sub\">{}</span>", spans(inner));
        }
        Span::Break { .. } => out.push_str("<br>"),
    }
}

/// A finding's message: the words between backticks are code, the rest
/// text; an unpaired backtick stays a backtick.
fn message(out: &mut String, text: &str) {
    let parts: Vec<&str> = text.split('`').collect();
    // With an odd number of backticks the last one has no pair and stays.
    let closed = parts.len() - (1 - parts.len() % 2);
    for (n, part) in parts.iter().enumerate() {
        if n >= closed {
            out.push('`');
            out.push_str(&esc(part));
        } else if n % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", esc(part));
        } else {
            out.push_str(&esc(part));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticks_in_messages_become_code() {
        let mut out = String::new();
        message(&mut out, "field `a<b` is `x` here");
        assert_eq!(out, "field <code>a&lt;b</code> is <code>x</code> here");
        let mut out = String::new();
        message(&mut out, "odd ` tick");
        assert_eq!(out, "odd ` tick");
    }
}
