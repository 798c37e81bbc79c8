//! The clash list of `envplan clashes`: the same clashes `check` reports as
//! EP201 to EP203 (both come from [`find_clashes`], and both name the code
//! with [`clash_code`]), one row per pair of intervals, filtered and sorted
//! for people, and written as a table, JSON or CSV. Above `rules`, since a
//! row names the rule it breaks and a code turned off is not listed.

use std::borrow::Cow;
use std::io::{self, Write};

use chrono::{Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;
use comfy_table::{
    presets, Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Table, Width,
};
use serde::Serialize;

use crate::diag::Code;
use crate::model::{EnvIx, IntervalIx, Model};
use crate::output::csv::CsvWriter;
use crate::output::sanitize::{guard_lines, visible};
use crate::output::{stacked, STACKED_BELOW};
use crate::registry::records::Sharing;
use crate::time::format::describe_length;
use crate::time::when::{next_day, start_of_day};
use crate::time::{Instant, TimeRange};

use crate::bookings::listing::{more_pairs, period, thousands, PAIRS_SHOWN_PER_ENVIRONMENT};
use crate::bookings::{find_clashes, Clash};
use crate::rules::clashes::clash_code;

/// Which clashes to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClashFilter {
    /// Only clashes on this environment (where they are reported, or `also_on`).
    pub env: Option<EnvIx>,
    /// Only clashes whose overlap reaches into this day or later.
    pub from: Option<NaiveDate>,
    /// Only clashes whose overlap begins on this day or earlier.
    pub to: Option<NaiveDate>,
}

impl ClashFilter {
    fn keeps(&self, clash: &Clash, tz: Tz) -> bool {
        let on_env = self
            .env
            .is_none_or(|e| clash.env == e || clash.also_on.contains(&e));
        let after_from = self
            .from
            .is_none_or(|d| clash.overlap.end > start_of_day(d, tz));
        let before_to = self
            .to
            .is_none_or(|d| clash.overlap.start < start_of_day(next_day(d), tz));
        on_env && after_from && before_to
    }
}

/// One side of a clash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClashSide<'m> {
    pub id: &'m str,
    pub name: &'m str,
    pub stage: &'m str,
    /// The environment through which it holds the clash's environment
    /// (the clash's environment itself when booked on it directly).
    pub upstream: &'m str,
    /// As written.
    pub start: &'m str,
    pub end: &'m str,
    pub participants: Vec<&'m str>,
}

/// One clash as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClashRow<'m> {
    pub code: Code,
    pub environment: &'m str,
    pub sharing: Sharing,
    /// Other environments on which the same two intervals clash.
    pub also_on: Vec<&'m str>,
    /// The interval that starts first (ties: the smaller id).
    pub earlier: ClashSide<'m>,
    pub later: ClashSide<'m>,
    pub overlap: TimeRange,
    /// Everyone in either interval, sorted.
    pub participants: Vec<&'m str>,
}

/// The clashes of the model that `check` would report, filtered, sorted by
/// environment, overlap start and the two ids. Rows are made from them one
/// at a time ([`row`]): a row holds lists, and 499,500 of them at once
/// would take gigabytes.
pub fn listed_clashes(m: &Model<'_>, filter: &ClashFilter) -> Vec<Clash> {
    let tz = m.settings.tz;
    let reg = m.reg;
    let mut clashes: Vec<Clash> = find_clashes(m)
        .into_iter()
        .filter(|c| filter.keeps(c, tz))
        // A code the Programme's `rules` turn off is not reported by
        // `check`, so it is not listed either.
        .filter(|c| !m.settings.is_off(clash_code(m.environments[c.env].sharing)))
        .collect();
    clashes.sort_by(|a, b| {
        let key = |c: &Clash| {
            (
                reg.environments[c.env].id.as_str(),
                c.overlap.start,
                reg.intervals[c.earlier].id.as_str(),
                reg.intervals[c.later].id.as_str(),
            )
        };
        key(a).cmp(&key(b))
    });
    clashes
}

/// Every row of [`listed_clashes`], for callers that want them all at once.
pub fn clash_rows<'m>(m: &'m Model<'_>, filter: &ClashFilter) -> Vec<ClashRow<'m>> {
    listed_clashes(m, filter)
        .iter()
        .map(|c| row(m, c))
        .collect()
}

/// One clash as listed.
pub fn row<'m>(m: &'m Model<'_>, c: &Clash) -> ClashRow<'m> {
    let reg = m.reg;
    let env_id = |e: EnvIx| reg.environments[e].id.as_str();
    let sharing = m.environments[c.env].sharing;
    let earlier = side(m, c.earlier, c.earlier_upstream);
    let later = side(m, c.later, c.later_upstream);
    let mut participants: Vec<&str> = earlier
        .participants
        .iter()
        .chain(&later.participants)
        .copied()
        .collect();
    participants.sort_unstable();
    participants.dedup();
    ClashRow {
        code: clash_code(sharing),
        environment: env_id(c.env),
        sharing,
        also_on: c.also_on.iter().map(|&e| env_id(e)).collect(),
        earlier,
        later,
        overlap: c.overlap,
        participants,
    }
}

fn side<'m>(m: &'m Model<'_>, interval: IntervalIx, upstream: EnvIx) -> ClashSide<'m> {
    let r = &m.reg.intervals[interval];
    let mut participants: Vec<&str> = m.intervals[interval]
        .participants
        .iter()
        .map(|&p| m.reg.participants[p].id.as_str())
        .collect();
    participants.sort_unstable();
    participants.dedup();
    ClashSide {
        id: r.id.as_str(),
        name: r.name.as_str(),
        stage: r.stage.as_str(),
        upstream: m.reg.environments[upstream].id.as_str(),
        start: r.start.as_str(),
        end: r.end.as_str(),
        participants,
    }
}

/// An interval's cell: its id, stage, how it reaches the environment when
/// not booked on it, and its own start and end as written.
fn interval_cell(row: &ClashRow<'_>, side: &ClashSide<'_>) -> String {
    let mut lines = vec![
        visible(side.id).into_owned(),
        format!("stage {}", visible(side.stage)),
    ];
    if side.upstream != row.environment {
        lines.push(format!("via {}", visible(side.upstream)));
    } else if row.sharing == Sharing::SingleUpstream {
        lines.push("booked directly".to_owned());
    }
    lines.push(visible(side.start).into_owned());
    lines.push(format!("to {}", visible(side.end)));
    lines.join("\n")
}

/// The environment's cell: its id, sharing mode, the rule, and any other
/// environments on which the same pair clashes.
fn environment_cell(r: &ClashRow<'_>) -> String {
    let mut lines = vec![
        visible(r.environment).into_owned(),
        r.sharing.as_str().to_owned(),
        r.code.as_str().to_owned(),
    ];
    if !r.also_on.is_empty() {
        lines.push(format!("also {}", visible(&r.also_on.join(", "))));
    }
    lines.join("\n")
}

/// The overlap on two or three lines (period, then length), so the column stays narrow.
fn overlap_cell(r: &TimeRange, tz: Tz) -> String {
    format!(
        "{}\n{}",
        period(r, tz).replacen(" to ", "\nto ", 1),
        describe_length(r, tz)
    )
}

/// The listing as a table that fits `width` columns, or below
/// [`STACKED_BELOW`] one block of `field: value` lines per clash. Cells wrap
/// between words only: a date broken over two lines is worse than a table
/// wider than a very narrow terminal.
pub fn write_table(
    rows: &[ClashRow<'_>],
    tz: Tz,
    color: bool,
    width: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "No clashes.");
    }
    write_table_of(rows, &[], rows.len(), tz, color, width, out)
}

/// The table of `rows` (at most [`PAIRS_SHOWN_PER_ENVIRONMENT`] per
/// environment, see [`write_listed_table`]), a line for each environment
/// with `(id, count)` pairs not shown, and the total.
fn write_table_of(
    rows: &[ClashRow<'_>],
    not_shown: &[(&str, usize)],
    total: usize,
    tz: Tz,
    color: bool,
    width: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let header = [
        "Environment",
        "Earlier interval",
        "Later interval",
        "Overlap",
        "Participants affected",
    ];
    // Wrap between words, never inside one: each column is at least as wide
    // as its longest word (an id, a date, a datetime).
    let mut longest = [0usize; 5];
    let cells = rows.iter().map(|r| {
        [
            environment_cell(r),
            interval_cell(r, &r.earlier),
            interval_cell(r, &r.later),
            overlap_cell(&r.overlap, tz),
            visible(&r.participants.join(" ")).into_owned(),
        ]
    });
    for row in cells.chain([header.map(str::to_owned)]) {
        for (w, cell) in longest.iter_mut().zip(&row) {
            let word = cell.split_whitespace().map(|t| t.chars().count()).max();
            // The boundary includes the cell's padding, one space each side.
            *w = (*w).max(word.unwrap_or(0) + 2);
        }
    }
    // Five columns and six borders: narrower than that, or than
    // STACKED_BELOW, a table would break words or overflow, so stack.
    let least: usize = longest.iter().sum::<usize>() + 6;
    if width < STACKED_BELOW.max(least) {
        write_stacked(rows, tz, width, out)?;
        for (env, count) in not_shown {
            writeln!(out, "{}", visible(&more_pairs(*count, env)))?;
        }
        return Ok(());
    }
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL.with_rounded_corners());
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(width).unwrap_or(u16::MAX));
    table.set_header(header.map(|h| {
        if color {
            Cell::new(h).add_attribute(Attribute::Bold)
        } else {
            Cell::new(h)
        }
    }));
    for r in rows {
        let participants = if r.participants.is_empty() {
            "-".to_owned()
        } else {
            visible(&r.participants.join(", ")).into_owned()
        };
        let env = Cell::new(environment_cell(r));
        table.add_row(vec![
            if color { env.fg(Color::Red) } else { env },
            Cell::new(interval_cell(r, &r.earlier)),
            Cell::new(interval_cell(r, &r.later)),
            Cell::new(overlap_cell(&r.overlap, tz)),
            Cell::new(participants),
        ]);
    }
    for (column, w) in longest.iter().enumerate() {
        if let Some(c) = table.column_mut(column) {
            let w = u16::try_from(*w).unwrap_or(u16::MAX);
            c.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(w)));
        }
    }
    writeln!(out, "{}", guard_lines(&table.to_string()))?;
    for (env, count) in not_shown {
        writeln!(out, "{}", visible(&more_pairs(*count, env)))?;
    }
    writeln!(
        out,
        "{} {}.",
        thousands(total),
        if total == 1 { "clash" } else { "clashes" }
    )
}

/// The table of listed clashes (sorted by environment): the first
/// [`PAIRS_SHOWN_PER_ENVIRONMENT`] of each environment as rows, the rest
/// counted.
pub fn write_listed_table(
    m: &Model<'_>,
    clashes: &[Clash],
    color: bool,
    width: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    if clashes.is_empty() {
        return writeln!(out, "No clashes.");
    }
    let reg = m.reg;
    let mut rows = Vec::new();
    let mut not_shown: Vec<(&str, usize)> = Vec::new();
    let mut shown_here = 0;
    for (i, c) in clashes.iter().enumerate() {
        let env = reg.environments[c.env].id.as_str();
        if i == 0 || clashes[i - 1].env != c.env {
            shown_here = 0;
        }
        if shown_here < PAIRS_SHOWN_PER_ENVIRONMENT {
            rows.push(row(m, c));
            shown_here += 1;
        } else {
            match not_shown.last_mut() {
                Some((e, n)) if *e == env => *n += 1,
                _ => not_shown.push((env, 1)),
            }
        }
    }
    write_table_of(
        &rows,
        &not_shown,
        clashes.len(),
        m.settings.tz,
        color,
        width,
        out,
    )
}

/// One block per clash: the environment, then a line per field.
fn write_stacked(
    rows: &[ClashRow<'_>],
    tz: Tz,
    width: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let flat = |cell: String| cell.split('\n').collect::<Vec<_>>().join(", ");
    for (n, r) in rows.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let participants = if r.participants.is_empty() {
            "-".to_owned()
        } else {
            r.participants.join(", ")
        };
        writeln!(out, "{}", flat(one_line_each(&environment_cell(r))))?;
        let fields = [
            (
                "earlier",
                flat(interval_cell(r, &r.earlier)).replace(", to ", " to "),
            ),
            (
                "later",
                flat(interval_cell(r, &r.later)).replace(", to ", " to "),
            ),
            (
                "overlap",
                format!(
                    "{}, {}",
                    period(&r.overlap, tz),
                    describe_length(&r.overlap, tz)
                ),
            ),
            ("participants", participants),
        ];
        write!(out, "{}", stacked(&fields, width))?;
    }
    writeln!(
        out,
        "\n{} {}.",
        rows.len(),
        if rows.len() == 1 { "clash" } else { "clashes" }
    )
}

/// Each line of a multi-line cell made safe for a terminal, the lines kept.
fn one_line_each(cell: &str) -> String {
    cell.split('\n')
        .map(crate::output::sanitize::single_line)
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Serialize)]
struct JsonRow<'a> {
    code: &'static str,
    environment: &'a str,
    sharing: &'static str,
    also_on: &'a [&'a str],
    earlier: &'a ClashSide<'a>,
    later: &'a ClashSide<'a>,
    overlap: JsonOverlap,
    participants: &'a [&'a str],
}

#[derive(Serialize)]
struct JsonOverlap {
    from: String,
    to: String,
    minutes: i64,
    period: String,
    length: String,
}

/// A local time with its UTC offset, so a time in the repeated autumn hour is unambiguous.
fn stamp(i: Instant, tz: Tz) -> String {
    use chrono::{Datelike, Offset, Timelike};
    let local = i.with_timezone(&tz);
    let t = local.naive_local();
    let offset = local.offset().fix().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.abs() / 60;
    // Written by hand: chrono's format string is parsed for every one of
    // possibly half a million rows.
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}{sign}{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        minutes / 60,
        minutes % 60
    )
}

/// One element of the JSON array, made when it is written.
struct LazyRow<'a, 'm> {
    m: &'m Model<'a>,
    clash: &'m Clash,
}

impl serde::Serialize for LazyRow<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = row(self.m, self.clash);
        json_row(&r, self.m.settings.tz).serialize(s)
    }
}

fn json_row<'a>(r: &'a ClashRow<'a>, tz: Tz) -> JsonRow<'a> {
    JsonRow {
        code: r.code.as_str(),
        environment: r.environment,
        sharing: r.sharing.as_str(),
        also_on: &r.also_on,
        earlier: &r.earlier,
        later: &r.later,
        overlap: JsonOverlap {
            from: stamp(r.overlap.start, tz),
            to: stamp(r.overlap.end, tz),
            minutes: r.overlap.length().num_minutes(),
            period: period(&r.overlap, tz),
            length: describe_length(&r.overlap, tz),
        },
        participants: &r.participants,
    }
}

/// The listing as a JSON array (shape documented in the README, `envplan clashes`).
pub fn write_json(rows: &[ClashRow<'_>], tz: Tz, out: &mut dyn Write) -> io::Result<()> {
    let doc: Vec<JsonRow<'_>> = rows.iter().map(|r| json_row(r, tz)).collect();
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
    writeln!(out)
}

/// [`write_json`] of every listed clash, streamed: each row is made, written
/// and dropped in turn, so memory does not grow with the number of pairs.
pub fn write_listed_json(m: &Model<'_>, clashes: &[Clash], out: &mut dyn Write) -> io::Result<()> {
    use serde::Serializer as _;
    let mut ser = serde_json::Serializer::pretty(&mut *out);
    ser.collect_seq(clashes.iter().map(|clash| LazyRow { m, clash }))
        .map_err(io::Error::from)?;
    writeln!(out)
}

/// The listing as CSV, one row per clash; lists inside a cell are separated by spaces.
pub fn write_csv(rows: &[ClashRow<'_>], tz: Tz, out: &mut dyn Write) -> io::Result<()> {
    write_csv_rows(rows.iter().cloned(), tz, out)
}

/// [`write_csv`] of every listed clash, streamed row by row.
pub fn write_listed_csv(m: &Model<'_>, clashes: &[Clash], out: &mut dyn Write) -> io::Result<()> {
    write_csv_rows(clashes.iter().map(|c| row(m, c)), m.settings.tz, out)
}

fn write_csv_rows<'m>(
    rows: impl Iterator<Item = ClashRow<'m>>,
    tz: Tz,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = CsvWriter::new(out);
    w.row([
        "code",
        "environment",
        "sharing",
        "also_on",
        "earlier",
        "earlier_stage",
        "earlier_upstream",
        "earlier_start",
        "earlier_end",
        "later",
        "later_stage",
        "later_upstream",
        "later_start",
        "later_end",
        "overlap_from",
        "overlap_to",
        "overlap_minutes",
        "overlap",
        "length",
        "participants",
    ])?;
    for r in rows {
        let local = |i: Instant| -> Cow<'_, str> {
            let t = i.with_timezone(&tz).naive_local();
            Cow::Owned(format!(
                "{:04}-{:02}-{:02} {:02}:{:02}",
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute()
            ))
        };
        let b = Cow::Borrowed;
        w.row([
            b(r.code.as_str()),
            b(r.environment),
            b(r.sharing.as_str()),
            Cow::Owned(r.also_on.join(" ")),
            b(r.earlier.id),
            b(r.earlier.stage),
            b(r.earlier.upstream),
            b(r.earlier.start),
            b(r.earlier.end),
            b(r.later.id),
            b(r.later.stage),
            b(r.later.upstream),
            b(r.later.start),
            b(r.later.end),
            local(r.overlap.start),
            local(r.overlap.end),
            Cow::Owned(r.overlap.length().num_minutes().to_string()),
            Cow::Owned(period(&r.overlap, tz)),
            Cow::Owned(describe_length(&r.overlap, tz)),
            Cow::Owned(r.participants.join(" ")),
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_carry_the_offset() {
        use chrono_tz::Europe::London;
        let at = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .expect("a time")
                .with_timezone(&chrono::Utc)
        };
        assert_eq!(
            stamp(at("2024-03-31T00:30:00Z"), London),
            "2024-03-31T00:30+00:00"
        );
        assert_eq!(
            stamp(at("2024-03-31T01:30:00Z"), London),
            "2024-03-31T02:30+01:00"
        );
        assert_eq!(
            stamp(at("2024-10-27T00:30:00Z"), London),
            "2024-10-27T01:30+01:00"
        );
        assert_eq!(
            stamp(at("2024-10-27T01:30:00Z"), London),
            "2024-10-27T01:30+00:00"
        );
        assert_eq!(
            stamp(at("2024-06-01T12:00:00Z"), chrono_tz::America::St_Johns),
            "2024-06-01T09:30-02:30"
        );
    }
    use chrono_tz::Europe::London;

    use crate::time::range::testing::range;

    fn side<'a>(id: &'a str, stage: &'a str, upstream: &'a str) -> ClashSide<'a> {
        ClashSide {
            id,
            name: "A long descriptive name that the table leaves out",
            stage,
            upstream,
            start: "2024-03-30T22:00",
            end: "2024-03-31T03:00",
            participants: vec!["ALFA"],
        }
    }

    fn row<'a>(stage: &'a str) -> ClashRow<'a> {
        ClashRow {
            code: Code::EP202,
            environment: "SIT-B",
            sharing: Sharing::SerialStages,
            also_on: vec!["DCC"],
            earlier: side("MIG-1", stage, "SIT-B"),
            later: side("NFT-1", "non-functional", "SIT-A"),
            overlap: range("2024-03-30T22:00", "2024-03-31T03:00"),
            participants: vec!["ALFA", "BRAV", "CHAR", "DELT", "ECHO"],
        }
    }

    #[test]
    fn csv_cells_cannot_run_as_formulas() {
        // Stage codes are free text from a pull request.
        let rows = [row("=HYPERLINK(\"http://x\",\"y\")")];
        let mut out = Vec::new();
        write_csv(&rows, London, &mut out).expect("write");
        let text = String::from_utf8(out).expect("UTF-8");
        let line = text.lines().nth(1).expect("a data row");
        assert!(
            line.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","),
            "{line}"
        );
        assert!(line.ends_with(",\"ALFA BRAV CHAR DELT ECHO\""), "{line}");
        // The clock change: 22:00 GMT to 03:00 BST is four hours.
        assert!(
            line.contains(",\"2024-03-30 22:00\",\"2024-03-31 03:00\",\"240\","),
            "{line}"
        );
    }

    #[test]
    fn table_fits_the_terminal_without_breaking_words() {
        let rows = [row("migration"), row("operational")];
        let mut wide = Vec::new();
        write_table(&rows, London, false, 300, &mut wide).expect("write");
        let wide = String::from_utf8(wide).expect("UTF-8");
        assert!(wide.lines().any(|l| l.chars().count() > 100));
        let mut out = Vec::new();
        write_table(&rows, London, false, 90, &mut out).expect("write");
        let text = String::from_utf8(out).expect("UTF-8");
        for line in text.lines() {
            assert!(line.chars().count() <= 90, "too wide: {line}");
        }
        // Too narrow for a table: one block per clash, no word broken.
        let mut narrow = Vec::new();
        write_table(&rows, London, false, 60, &mut narrow).expect("write");
        let narrow = String::from_utf8(narrow).expect("UTF-8");
        for word in [
            "2024-03-30T22:00",
            "2024-03-31T03:00",
            "serial-stages",
            "non-functional",
        ] {
            assert!(narrow.contains(word), "{word} broken in\n{narrow}");
        }
        assert!(narrow.lines().all(|l| l.chars().count() <= 60), "{narrow}");
        assert!(narrow.contains("\n  participants: "), "{narrow}");
        assert!(!text.contains('\u{1b}'), "no colour codes");
        assert!(text.ends_with("2 clashes.\n"));
    }

    #[test]
    fn colour_only_when_asked() {
        let rows = [row("migration")];
        let mut out = Vec::new();
        write_table(&rows, London, true, 200, &mut out).expect("write");
        assert!(String::from_utf8(out).expect("UTF-8").contains('\u{1b}'));
    }
}
