//! The plan as Markdown tables, one environment at a time, for wikis (GitHub,
//! Azure DevOps) and the EWG pack.
//!
//! Registry text is escaped so that it stays text: a `|` cannot end a cell, a
//! `*` or `_` cannot start emphasis, `<b>` is not HTML and `[x](y)` is not a
//! link; line breaks become spaces.

use std::fmt::Write as _;

use crate::output::sanitize::collapse_spaces;

use super::{EnvironmentLane, IntervalRow, OutageRow, Timeline};
use crate::time::format::describe_range;

/// Render with the title at heading level `level` (1 for `#`); environments
/// go one level below.
pub fn render(tl: &Timeline, level: usize) -> String {
    let level = level.clamp(1, 5);
    let h1 = "#".repeat(level);
    let h2 = "#".repeat(level + 1);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{h1} Plan: {}, {} to {}\n",
        escape(&tl.programme_name),
        tl.period.first,
        tl.period.last
    );
    let _ = write!(
        out,
        "As of {}. Times are in {}; a range of dates includes both days.",
        tl.as_of,
        tl.tz.name()
    );
    match tl.clashes.len() {
        0 => {}
        1 => out.push_str(" **1 clash** in this period."),
        n => {
            let _ = write!(out, " **{n} clashes** in this period.");
        }
    }
    out.push('\n');
    if tl.environments.is_empty() {
        out.push_str("\nNothing to show.\n");
    }
    for lane in &tl.environments {
        let _ = writeln!(
            out,
            "\n{h2} {} — {}\n",
            escape(&lane.id),
            escape(&lane.name)
        );
        lane_tables(&mut out, tl, lane);
    }
    out
}

fn lane_tables(out: &mut String, tl: &Timeline, lane: &EnvironmentLane) {
    if let Some(text) = lane.windows.describe(tl.as_of) {
        let mut chars = text.chars();
        let capital: String = chars
            .next()
            .map(|c| c.to_ascii_uppercase())
            .into_iter()
            .chain(chars)
            .collect();
        let mut line = escape(&capital);
        if lane.windows.show_in(&tl.period) {
            if let Some((a, b)) = lane.windows.not_ready_in(&tl.period) {
                let _ = write!(line, "; **required but not ready** from {a} to {b}");
            }
        } else {
            line.push_str(" (none of it in this period)");
        }
        let _ = writeln!(out, "{line}.\n");
    }
    if lane.intervals.is_empty() && lane.outages.is_empty() {
        out.push_str("Nothing booked and no outages in this period.\n");
        return;
    }
    if !lane.intervals.is_empty() {
        out.push_str("| Interval | Name | Stage | Start | End | Participants | Status | Notes |\n");
        out.push_str("|---|---|---|---|---|---|---|---|\n");
        for row in &lane.intervals {
            interval_row(out, tl, row);
        }
    }
    if !lane.outages.is_empty() {
        if !lane.intervals.is_empty() {
            out.push('\n');
        }
        out.push_str("| Outage | Kind | Reason | Start | End | Notes |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for o in &lane.outages {
            outage_row(out, tl, o);
        }
    }
}

fn interval_row(out: &mut String, tl: &Timeline, row: &IntervalRow) {
    let name = if row.is_cancelled() {
        format!("~~{}~~", escape(&row.name))
    } else {
        escape(&row.name)
    };
    let mut notes: Vec<String> = row
        .clashes
        .iter()
        .map(|c| {
            format!(
                "**clashes** with {} on {}, {}",
                escape(&c.with_id),
                escape(&c.environment),
                describe_range(&c.overlap, tl.tz)
            )
        })
        .collect();
    if !row.uses.is_empty() {
        notes.push(format!("uses {}", escape_list(&row.uses)));
    }
    if row.span.continues_before {
        notes.push("starts before the period".into());
    }
    if row.span.continues_after {
        notes.push("ends after the period".into());
    }
    if let Some(d) = &row.description {
        notes.push(escape(d));
    }
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} | {} |",
        escape(&row.id),
        name,
        escape(&row.stage),
        escape(&row.span.start_written),
        escape(row.span.end_written.as_deref().unwrap_or("")),
        escape_list(&row.participants),
        row.status.as_str(),
        notes.join("; ")
    );
}

fn outage_row(out: &mut String, tl: &Timeline, o: &OutageRow) {
    let _ = tl;
    let mut notes = Vec::new();
    if let Some(d) = &o.defect {
        notes.push(format!("defect {}", escape(d)));
    }
    if let Some(n) = &o.notified {
        notes.push(format!("notified {}", escape(n)));
    }
    if o.span.continues_before {
        notes.push("started before the period".into());
    }
    if let Some(d) = &o.description {
        notes.push(escape(d));
    }
    let end = match &o.span.end_written {
        Some(e) => escape(e),
        None => "**ongoing**".to_owned(),
    };
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |",
        escape(&o.id),
        if o.planned { "planned" } else { "unplanned" },
        o.reason,
        escape(&o.span.start_written),
        end,
        notes.join("; ")
    );
}

fn escape_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| escape(i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Registry text as literal Markdown on one line: the ASCII punctuation that
/// Markdown, a GFM table, inline HTML, GitHub's math (`$`) or Azure DevOps'
/// work-item links (`#123`) could act on is backslash-escaped (CommonMark
/// allows escaping any punctuation); `(` and `!` are harmless once `[` is
/// escaped. Line breaks become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in collapse_spaces(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_text_stays_text() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("<b>bold</b>"), "\\<b\\>bold\\</b\\>");
        assert_eq!(escape("[x](http://y)"), "\\[x\\](http://y)");
        assert_eq!(escape("*_`~"), "\\*\\_\\`\\~");
        assert_eq!(escape("line\nbreak"), "line break");
        assert_eq!(escape("&amp;"), "\\&amp;");
        assert_eq!(escape("SIT-A (2.0) + more!"), "SIT-A (2.0) + more!");
        assert_eq!(escape("$x$ #12"), "\\$x\\$ \\#12");
    }
}
