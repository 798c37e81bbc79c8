//! `envplan certs` output: a table for people, JSON for programs (the
//! contract's shape), CSV for spreadsheets.

use std::io::{self, Write};

use comfy_table::{
    presets, Cell, Color, ColumnConstraint, ContentArrangement, LineStyle, Table, Width,
};
use serde::Serialize;

use crate::output::csv::CsvWriter;
use crate::output::sanitize::collapse_spaces;
use crate::output::sanitize::{guard_lines, visible};
use crate::output::{stacked, STACKED_BELOW};

use super::listing::Entry;

/// What the listing covered, for its heading and for the line shown when it is empty.
#[derive(Debug, Clone)]
pub struct Scope {
    /// "within 60 days of 2026-03-02" or "by 2026-05-01 (as of 2026-03-02)".
    pub window: String,
    pub participant: Option<String>,
    pub environment: Option<String>,
    pub include_expired: bool,
}

impl Scope {
    /// "certificates of ACME for SIT-A".
    fn certificates(&self) -> String {
        let mut s = "certificates".to_owned();
        if let Some(p) = &self.participant {
            s.push_str(&format!(" of {p}"));
        }
        if let Some(e) = &self.environment {
            s.push_str(&format!(" for {e}"));
        }
        s
    }

    /// The line printed instead of an empty table.
    pub fn nothing_line(&self) -> String {
        let mut line = format!("no {} expire {}", self.certificates(), self.window);
        if self.include_expired {
            line.push_str(", and none has expired without a replacement");
        }
        line
    }

    fn heading(&self, count: usize) -> String {
        let mut line = format!("{count} {} expiring {}", self.certificates(), self.window);
        if count == 1 {
            line = line.replacen("certificates", "certificate", 1);
        }
        if self.include_expired {
            line.push_str(", or expired and not replaced");
        }
        line
    }
}

const HEADER: [&str; 8] = [
    "id",
    "participant",
    "environment",
    "purpose",
    "mpid/role",
    "expires",
    "days left",
    "renewal",
];

/// The narrowest renewal column worth a table; any narrower and the
/// certificates are stacked instead.
const MIN_RENEWAL: usize = 24;

/// Columns the table needs for everything but the renewal text, which alone wraps.
fn fixed_columns(entries: &[Entry]) -> usize {
    let cells = |e: &Entry| {
        [
            e.id.chars().count(),
            e.participant.chars().count(),
            e.environment.chars().count(),
            e.purpose.len(),
            mpid_role(e).chars().count(),
            e.expires.chars().count(),
            e.days_left.to_string().len(),
        ]
    };
    let mut widest: [usize; 7] = std::array::from_fn(|i| HEADER[i].len());
    for e in entries {
        for (w, c) in widest.iter_mut().zip(cells(e)) {
            *w = (*w).max(c);
        }
    }
    // Two spaces after each column.
    widest.iter().map(|w| w + 2).sum()
}

fn mpid_role(e: &Entry) -> String {
    match (&e.mpid, &e.role) {
        (Some(m), Some(r)) => format!("{m}/{r}"),
        (Some(x), None) | (None, Some(x)) => x.clone(),
        (None, None) => String::new(),
    }
}

/// The table: days left in red when urgent or expired, yellow otherwise,
/// only when `color`; at most `width` columns wide, and below
/// [`STACKED_BELOW`] one block of `field: value` lines per certificate.
pub fn table(
    entries: &[Entry],
    scope: &Scope,
    color: bool,
    width: usize,
    out: &mut impl Write,
) -> io::Result<()> {
    if entries.is_empty() {
        return writeln!(out, "{}", visible(&scope.nothing_line()));
    }
    if width < STACKED_BELOW || width < fixed_columns(entries) + MIN_RENEWAL {
        writeln!(out, "{}:", scope.heading(entries.len()))?;
        for e in entries {
            let fields = [
                ("participant", e.participant.clone()),
                ("environment", e.environment.clone()),
                ("purpose", e.purpose.to_owned()),
                ("mpid/role", mpid_role(e)),
                ("expires", e.expires.clone()),
                ("days left", e.days_left.to_string()),
                ("renewal", e.renewal()),
            ];
            writeln!(out, "\n{}", visible(&collapse_spaces(&e.id)))?;
            write!(out, "{}", stacked(&fields, width))?;
        }
        return Ok(());
    }
    let mut t = Table::new();
    // No vertical rules: columns two spaces apart, a rule under the header.
    t.load_style(presets::NOTHING.header_separator(LineStyle::none().fill('─')));
    // Decide colour and width here, not from comfy-table's own terminal probing.
    t.force_no_tty();
    if color {
        t.enforce_styling();
        // comfy-table colours through crossterm, which would still obey
        // NO_COLOR; the decision has already been made (`--color always`
        // overrides NO_COLOR), so tell crossterm.
        crossterm::style::force_color_output(true);
    }
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_width(u16::try_from(width).unwrap_or(u16::MAX));
    t.set_header(HEADER);
    for e in entries {
        let days = Cell::new(e.days_left).fg(if e.is_urgent() {
            Color::Red
        } else {
            Color::Yellow
        });
        // Registry text is shown escaped: a line break in a cell would
        // start a line of the output.
        let mpid_role = mpid_role(e);
        t.add_row(vec![
            Cell::new(visible(&e.id)),
            Cell::new(visible(&e.participant)),
            Cell::new(visible(&e.environment)),
            Cell::new(visible(e.purpose)),
            Cell::new(visible(&mpid_role)),
            Cell::new(visible(&e.expires)),
            days,
            Cell::new(visible(&e.renewal())),
        ]);
    }
    // Each column at least as wide as its longest word (padding included).
    let mut longest = [0u16; 8];
    let header = HEADER.map(str::to_owned);
    let rows = entries.iter().map(|e| {
        [
            e.id.as_str(),
            &e.participant,
            &e.environment,
            e.purpose,
            "",
            &e.expires,
            "days",
            &e.renewal(),
        ]
        .map(str::to_owned)
    });
    for cells in rows.chain([header]) {
        for (w, cell) in longest.iter_mut().zip(&cells) {
            let word = cell.split_whitespace().map(|t| t.chars().count()).max();
            let word = u16::try_from(word.unwrap_or(0)).unwrap_or(u16::MAX);
            *w = (*w).max(word.saturating_add(2));
        }
    }
    longest[7] = longest[7].saturating_sub(2);
    if let Some(col) = t.column_mut(6) {
        col.set_cell_alignment(comfy_table::CellAlignment::Right);
    }
    let last = 7;
    for (i, col) in t.column_iter_mut().enumerate() {
        col.set_padding((0, if i == last { 0 } else { 2 }));
        // On a narrow terminal ids, codes and dates stay whole; the renewal
        // text wraps between words, never inside one.
        if matches!(i, 0 | 3 | 4 | 5) {
            col.set_constraint(ColumnConstraint::ContentWidth);
        } else if let Some(&w) = longest.get(i) {
            col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(w)));
        }
    }
    writeln!(out, "{}:", visible(&scope.heading(entries.len())))?;
    writeln!(out, "{}", guard_lines(&t.trim_fmt()))
}

/// One element of the contract's `certs --format json` array.
#[derive(Debug, Serialize)]
struct JsonEntry<'a> {
    id: &'a str,
    participant: &'a str,
    environment: &'a str,
    purpose: &'a str,
    expires: &'a str,
    days_left: i64,
}

/// The contract's JSON: an array of `{id, participant, environment, purpose, expires, days_left}`.
pub fn json(entries: &[Entry], out: &mut impl Write) -> io::Result<()> {
    let doc: Vec<JsonEntry<'_>> = entries
        .iter()
        .map(|e| JsonEntry {
            id: &e.id,
            participant: &e.participant,
            environment: &e.environment,
            purpose: e.purpose,
            expires: &e.expires,
            days_left: e.days_left,
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// CSV with a header row; registry text goes through the formula guard.
pub fn csv(entries: &[Entry], out: &mut impl Write) -> io::Result<()> {
    let mut w = CsvWriter::new(out);
    w.row([
        "id",
        "participant",
        "environment",
        "purpose",
        "mpid",
        "role",
        "expires",
        "last_day",
        "days_left",
        "renewal",
    ])?;
    for e in entries {
        w.row([
            e.id.clone(),
            e.participant.clone(),
            e.environment.clone(),
            e.purpose.to_owned(),
            e.mpid.clone().unwrap_or_default(),
            e.role.clone().unwrap_or_default(),
            e.expires.clone(),
            e.last_day.to_string(),
            e.days_left.to_string(),
            e.renewal(),
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, days_left: i64) -> Entry {
        Entry {
            cert: crate::model::CertIx::new(0),
            id: id.into(),
            participant: "ACME".into(),
            environment: "SIT-A".into(),
            purpose: "tls",
            mpid: Some("ACME".into()),
            role: Some("SUP-D".into()),
            expires: "2026-03-12".into(),
            last_day: chrono::NaiveDate::from_ymd_opt(2026, 3, 12).expect("date"),
            days_left,
            needed_by: Some((
                "SITA-FUNC-3".into(),
                chrono::NaiveDate::from_ymd_opt(2026, 3, 13).expect("date"),
            )),
        }
    }

    fn scope() -> Scope {
        Scope {
            window: "within 60 days of 2026-03-02".into(),
            participant: None,
            environment: None,
            include_expired: false,
        }
    }

    #[test]
    fn the_table_fits_the_terminal() {
        let rows = [entry("ACME-SITA-TLS-1", 10), entry("ACME-SITA-JWS-1", 49)];
        for width in [60, 80, 100, 120] {
            let mut out = Vec::new();
            table(&rows, &scope(), false, width, &mut out).expect("write");
            let text = String::from_utf8(out).expect("utf-8");
            for line in text.lines().skip(1) {
                assert!(line.chars().count() <= width, "{width}: {line}\n{text}");
            }
            // Wrapped, not cut: every id is still there in full.
            assert!(text.contains("ACME-SITA-TLS-1"), "{text}");
        }
        // Wide enough: one line per certificate, as wide as its content.
        let mut out = Vec::new();
        table(&rows, &scope(), false, 200, &mut out).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(text.lines().count(), 3 + rows.len(), "{text}");
        assert!(
            text.lines().nth(2).is_some_and(|l| l.chars().count() > 100),
            "{text}"
        );
        // Too narrow for the fixed columns and a readable renewal: stacked.
        let mut out = Vec::new();
        table(&rows, &scope(), false, 80, &mut out).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(
            text.contains("\nACME-SITA-TLS-1\n  participant: "),
            "{text}"
        );
    }

    #[test]
    fn headings_count_and_scope() {
        let mut s = scope();
        assert_eq!(
            s.heading(1),
            "1 certificate expiring within 60 days of 2026-03-02"
        );
        s.participant = Some("ACME".into());
        s.include_expired = true;
        assert_eq!(
            s.heading(2),
            "2 certificates of ACME expiring within 60 days of 2026-03-02, or expired and not replaced"
        );
    }
}
