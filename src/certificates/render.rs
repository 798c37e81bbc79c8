//! `envplan certs` output: a table for people, JSON for programs (the
//! contract's shape), CSV for spreadsheets.

use std::io::{self, Write};

use comfy_table::{presets, Cell, Color, ColumnConstraint, ContentArrangement, LineStyle, Table};
use serde::Serialize;

use crate::output::csv::CsvWriter;
use crate::output::sanitize::{guard_lines, visible};

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

/// The table: days left in red when urgent or expired, yellow otherwise,
/// only when `color`; as wide as `width` when that is known (a terminal).
pub fn table(
    entries: &[Entry],
    scope: &Scope,
    color: bool,
    width: Option<usize>,
    out: &mut impl Write,
) -> io::Result<()> {
    if entries.is_empty() {
        return writeln!(out, "{}", visible(&scope.nothing_line()));
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
    match width {
        Some(w) => {
            t.set_content_arrangement(ContentArrangement::Dynamic);
            t.set_width(u16::try_from(w).unwrap_or(u16::MAX));
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    t.set_header([
        "id",
        "participant",
        "environment",
        "purpose",
        "mpid/role",
        "expires",
        "days left",
        "renewal",
    ]);
    for e in entries {
        let days = Cell::new(e.days_left).fg(if e.is_urgent() {
            Color::Red
        } else {
            Color::Yellow
        });
        let mpid_role = match (&e.mpid, &e.role) {
            (Some(m), Some(r)) => format!("{m}/{r}"),
            (Some(x), None) | (None, Some(x)) => x.clone(),
            (None, None) => String::new(),
        };
        // Registry text is shown escaped: a line break in a cell would
        // start a line of the output.
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
    if let Some(col) = t.column_mut(6) {
        col.set_cell_alignment(comfy_table::CellAlignment::Right);
    }
    let last = 7;
    for (i, col) in t.column_iter_mut().enumerate() {
        col.set_padding((0, if i == last { 0 } else { 2 }));
        // On a narrow terminal ids, codes and dates stay whole; the renewal text wraps.
        if matches!(i, 0 | 3 | 4 | 5) {
            col.set_constraint(ColumnConstraint::ContentWidth);
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
            cert: 0,
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
        for width in [80, 100] {
            let mut out = Vec::new();
            table(&rows, &scope(), false, Some(width), &mut out).expect("write");
            let text = String::from_utf8(out).expect("utf-8");
            for line in text.lines().skip(1) {
                assert!(line.chars().count() <= width, "{width}: {line}\n{text}");
            }
            // Wrapped, not cut: every id is still there in full.
            assert!(text.contains("ACME-SITA-TLS-1"), "{text}");
        }
        // Without a terminal the table is as wide as its content.
        let mut out = Vec::new();
        table(&rows, &scope(), false, None, &mut out).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(
            text.lines().nth(2).is_some_and(|l| l.chars().count() > 100),
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
