//! The frame every page of the site shares: head with the
//! Content-Security-Policy, the navigation, the footer, and the small pieces
//! of markup the pages are made of (links by id, tables, definition lists).
//!
//! Pages link to each other with relative URLs, so the site works from
//! `file://` as well as from any host and any sub-path. The style sheet is
//! inline and allowed by its hash: the policy forbids every script, every
//! other style, and anything fetched from anywhere (`default-src 'none'`).
//! Every registry string goes through [`esc`] before it becomes markup.

use std::fmt::Write;

use data_encoding::BASE64;
use sha2::{Digest, Sha256};

pub use crate::pack::escape::html as esc;

/// The site's style sheet. Colours meet WCAG 2.1 AA (4.5:1 for text) on
/// their backgrounds: ink #1f2328 and muted #59636e on white, links #0b5cad,
/// the bad, warning and good tones on their light backgrounds.
pub const STYLE: &str = r#"
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa;
  --bad: #b42318; --bad-bg: #ffebe9; --warn: #7a4f00; --warn-bg: #fff8c5;
  --good: #1a7f37; --good-bg: #dafbe1; --accent: #0b5cad; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: #fff; margin: 0; }
a { color: var(--accent); }
a:focus-visible, [tabindex]:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 2; }
header.site { background: #0d2b4e; color: #fff; padding: 10px 20px; }
header.site a { color: #fff; }
header.site .name { font-weight: 600; font-size: 17px; text-decoration: none; margin-right: 18px; }
header.site nav { display: inline; }
header.site nav ul { list-style: none; margin: 0; padding: 0; display: inline; }
header.site nav li { display: inline-block; margin: 2px 14px 2px 0; }
main { max-width: 1200px; margin: 0 auto; padding: 8px 20px 24px; }
h1 { font-size: 26px; line-height: 1.25; margin: 14px 0 6px; overflow-wrap: anywhere; }
h2 { font-size: 19px; margin: 28px 0 8px; padding-bottom: 3px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 16px; margin: 18px 0 6px; }
p { margin: 6px 0 10px; }
.lede { color: var(--muted); margin-top: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 6px 0 12px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.cards { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin: 6px 0; }
.card { border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 4px; padding: 6px 10px; }
.card .n { font-size: 22px; font-weight: 600; display: block; }
.card .l { color: var(--muted); font-size: 13px; display: block; }
.card .d { color: var(--muted); font-size: 12px; display: block; }
.card.tone-good { border-left-color: var(--good); }
.card.tone-warn { border-left-color: #bf8700; } .card.tone-warn .n { color: var(--warn); }
.card.tone-bad { border-left-color: var(--bad); } .card.tone-bad .n { color: var(--bad); }
.scroll { overflow-x: auto; margin: 0 0 10px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
caption { text-align: left; color: var(--muted); font-size: 13px; padding: 2px 0; }
th, td { border: 1px solid var(--line); padding: 4px 7px; text-align: left; vertical-align: top; }
th { background: var(--head); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
.id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; overflow-wrap: anywhere; }
.sub { color: var(--muted); font-size: 13px; }
.bad { background: var(--bad-bg); color: var(--bad); font-weight: 600; }
.warn { background: var(--warn-bg); color: var(--warn); font-weight: 600; }
.good { color: var(--good); font-weight: 600; }
.sev-error { color: var(--bad); font-weight: 600; }
.sev-warning { color: var(--warn); font-weight: 600; }
.none { color: var(--muted); font-style: italic; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em;
  background: var(--head); padding: 0 3px; border-radius: 3px; overflow-wrap: anywhere; }
pre { margin: 0; padding: 6px 8px; background: var(--head); font-size: 13px; }
pre code { padding: 0; overflow-wrap: normal; }
.tag { display: inline-block; border: 1px solid var(--line); border-radius: 10px; padding: 0 7px; font-size: 12px; color: var(--muted); }
figure.timeline { margin: 4px 0 10px; }
figure.timeline svg { display: block; width: 100%; min-width: 720px; height: auto; }
ul.pages { list-style: none; padding: 0; }
ul.pages li { display: inline-block; margin-right: 10px; }
ul.links { columns: 2 260px; padding-left: 20px; }
footer.site { max-width: 1200px; margin: 0 auto; padding: 12px 20px 28px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); }
@media (max-width: 640px) {
  body { font-size: 15px; }
  main { padding: 6px 12px 20px; }
  header.site { padding: 8px 12px; }
  h1 { font-size: 22px; }
  dl.facts { grid-template-columns: 1fr; gap: 0; }
  dl.facts dt { margin-top: 6px; }
  table { font-size: 13px; min-width: 560px; }
}
@page { size: A4 landscape; margin: 12mm; }
@media print {
  header.site nav, .skip, .screen { display: none; }
  header.site { background: none; color: var(--ink); padding: 0; }
  header.site a { color: var(--ink); }
  main, footer.site { max-width: none; padding: 0; }
  body { font-size: 10pt; }
  a { color: var(--ink); text-decoration: none; }
  .scroll { overflow: visible; }
  pre { white-space: pre-wrap; }
  figure.timeline svg { min-width: 0; }
  h2, h3 { break-after: avoid; }
  tr, .card, figure.timeline { break-inside: avoid; }
  thead { display: table-header-group; }
}
"#;

/// The policy: nothing but this page's own style sheet and inline images.
pub fn content_security_policy() -> String {
    let hash = BASE64.encode(&Sha256::digest(STYLE.as_bytes()));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; img-src data:; base-uri 'none'; form-action 'none'"
    )
}

/// The sections of the navigation bar: (path, label).
pub const NAV: [(&str, &str); 8] = [
    ("index.html", "Dashboard"),
    ("environments.html", "Environments"),
    ("participants.html", "Participants"),
    ("intervals.html", "Intervals"),
    ("milestones.html", "Milestones"),
    ("findings.html", "Findings"),
    ("certificates.html", "Certificates"),
    ("feeds.html", "Calendars and data"),
];

/// What every page shows around its content.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The programme's name, escaped.
    pub programme: String,
    /// The footer's text, escaped: as of, registry revision.
    pub footer: String,
    pub csp: String,
}

/// The relative URL from the page at `from` to `to` (both relative to the
/// site root, `/`-separated). Pages are at most one folder deep.
pub fn href(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    let mut out = "../".repeat(depth);
    out.push_str(to);
    out
}

/// A whole page.
pub fn render(frame: &Frame, path: &str, title: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + 1500);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n\
<meta name=\"generator\" content=\"envplan\">\n\
<title>{title} · {programme}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
<a class=\"skip\" href=\"#main\">Skip to content</a>\n\
<header class=\"site\"><a class=\"name\" href=\"{home}\">{programme}</a>\n<nav aria-label=\"Site\"><ul>",
        csp = frame.csp,
        title = esc(title),
        programme = frame.programme,
        home = href(path, "index.html"),
    );
    for (to, label) in NAV {
        let current = if to == path {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<li><a href=\"{}\"{current}>{label}</a></li>",
            href(path, to)
        );
    }
    out.push_str("</ul></nav></header>\n<main id=\"main\">\n");
    out.push_str(body);
    let _ = write!(
        out,
        "</main>\n<footer class=\"site\">{}</footer>\n</body>\n</html>\n",
        frame.footer
    );
    out
}

/// Builds a page body.
#[derive(Debug, Default)]
pub struct Body {
    pub out: String,
}

impl Body {
    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// `<h1>` with escaped text and a lede paragraph (markup).
    pub fn h1(&mut self, text: &str, lede: Option<&str>) {
        let _ = writeln!(self.out, "<h1>{}</h1>", esc(text));
        if let Some(l) = lede {
            let _ = writeln!(self.out, "<p class=\"lede\">{l}</p>");
        }
    }

    /// `<h2 id=anchor>` (escaped text).
    pub fn h2(&mut self, anchor: &str, text: &str) {
        let _ = writeln!(self.out, "<h2 id=\"{anchor}\">{}</h2>", esc(text));
    }

    pub fn h3(&mut self, text: &str) {
        let _ = writeln!(self.out, "<h3>{}</h3>", esc(text));
    }

    /// A paragraph of markup.
    pub fn p(&mut self, markup: &str) {
        let _ = writeln!(self.out, "<p>{markup}</p>");
    }

    /// "Nothing to show" in words (escaped).
    pub fn none(&mut self, text: &str) {
        let _ = writeln!(self.out, "<p class=\"none\">{}</p>", esc(text));
    }

    /// A definition list of (label, markup).
    pub fn facts(&mut self, rows: &[(&str, String)]) {
        self.raw("<dl class=\"facts\">\n");
        for (label, value) in rows {
            let _ = writeln!(self.out, "<dt>{}</dt><dd>{value}</dd>", esc(label));
        }
        self.raw("</dl>\n");
    }

    /// A table; `label` names it for screen readers, each row is a list of
    /// cells already in markup (`<td>…</td>` from [`td`]), `head` the
    /// column headings.
    pub fn table<R: Row>(&mut self, label: &str, head: &[&str], rows: &[R]) {
        let _ = write!(
            self.out,
            "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">\n<table>\n<thead><tr>",
            esc(label)
        );
        for h in head {
            let _ = write!(self.out, "<th scope=\"col\">{}</th>", esc(h));
        }
        self.raw("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.raw("<tr>");
            row.write_cells(&mut self.out);
            self.raw("</tr>\n");
        }
        self.raw("</tbody>\n</table>\n</div>\n");
    }

    /// A table, or the sentence when it would be empty.
    pub fn table_or<R: Row>(&mut self, label: &str, head: &[&str], rows: &[R], none: &str) {
        if rows.is_empty() {
            self.none(none);
        } else {
            self.table(label, head, rows);
        }
    }
}

/// A table row: its cells, or (for a row that many pages share, made once)
/// its cells already joined.
pub trait Row {
    fn write_cells(&self, out: &mut String);
}

impl Row for Vec<String> {
    fn write_cells(&self, out: &mut String) {
        for cell in self {
            out.push_str(cell);
        }
    }
}

impl Row for std::borrow::Cow<'_, str> {
    fn write_cells(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Row for &str {
    fn write_cells(&self, out: &mut String) {
        out.push_str(self);
    }
}

/// Catalogue text and finding messages as markup: escaped, and each
/// `backticked` span (ids, values, field names) set as code. An unmatched
/// backtick stays a backtick.
pub fn prose(text: &str) -> String {
    let escaped = esc(text);
    let mut parts: Vec<String> = escaped.split('`').map(str::to_owned).collect();
    if parts.len().is_multiple_of(2) {
        let last = parts.pop().unwrap_or_default();
        if let Some(prev) = parts.last_mut() {
            prev.push('`');
            prev.push_str(&last);
        }
    }
    let mut out = String::with_capacity(escaped.len() + 16);
    for (k, part) in parts.iter().enumerate() {
        if k % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// A table cell of markup.
pub fn td(markup: impl AsRef<str>) -> String {
    format!("<td>{}</td>", markup.as_ref())
}

/// A table cell of markup with a class.
pub fn td_class(class: &str, markup: impl AsRef<str>) -> String {
    format!("<td class=\"{class}\">{}</td>", markup.as_ref())
}

/// A table cell of plain text.
pub fn td_text(text: &str) -> String {
    format!("<td>{}</td>", esc(text))
}

/// An id in code type, escaped.
pub fn id_span(id: &str) -> String {
    format!("<span class=\"id\">{}</span>", esc(id))
}

/// A link whose text is markup; `to` is a site path (already safe: made of
/// slugs) with an optional `#anchor`.
pub fn link(from: &str, to: &str, markup: &str) -> String {
    format!("<a href=\"{}\">{markup}</a>", href(from, to))
}

/// Text with `—` when empty.
pub fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "–".to_owned()
    } else {
        esc(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticks_become_code_and_nothing_else_becomes_markup() {
        assert_eq!(prose("clash on `SIT-A`"), "clash on <code>SIT-A</code>");
        assert_eq!(prose("`<b>` and `x"), "<code>&lt;b&gt;</code> and `x");
        assert_eq!(prose("no ticks"), "no ticks");
    }

    #[test]
    fn relative_links_work_from_any_depth() {
        assert_eq!(href("index.html", "env/A.html"), "env/A.html");
        assert_eq!(
            href("env/A.html", "participant/B.html#x"),
            "../participant/B.html#x"
        );
    }

    #[test]
    fn the_policy_allows_exactly_the_style_sheet() {
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none'; style-src 'sha256-"));
        assert!(!csp.contains("unsafe"));
        assert!(!csp.contains("script"));
        // 32 bytes in base64: 44 characters.
        let hash = csp
            .split("'sha256-")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap();
        assert_eq!(hash.len(), 44);
    }
}
