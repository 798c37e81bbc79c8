//! The plan as CSV for spreadsheets: one row per interval and per outage,
//! written through the shared [`CsvWriter`], which neutralises cells that a
//! spreadsheet would run as formulas.
//!
//! Columns: `kind` (interval or outage), `id`, `environment`, `name` (the
//! interval's name, or the outage's reason), `stage`, `participants`
//! (space-separated ids), `status` (the interval's status; `ongoing` for an
//! outage without an end), `start` and `end` as written (`end` empty while
//! ongoing), `planned` (outages: true or false), `clashing` (intervals: true
//! or false), `clashes_with` (space-separated ids). Rows go environment by
//! environment, intervals first, each by start.
//!
//! An environment's own dates (format v2) that fall in the period come
//! first in its rows: kind `required` (`start` and `end` the whole window),
//! `not-ready` (the required days in the period before it is ready; `status`
//! its readiness status), `ready` (its ready day in `start`) and
//! `sandbox-end` (the day in `start`).

use crate::output::csv::CsvWriter;

use super::Timeline;

pub const HEADER: [&str; 12] = [
    "kind",
    "id",
    "environment",
    "name",
    "stage",
    "participants",
    "status",
    "start",
    "end",
    "planned",
    "clashing",
    "clashes_with",
];

/// Render the rows, header first.
pub fn render(tl: &Timeline) -> String {
    let mut w = CsvWriter::new(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = w.row(HEADER);
    for lane in &tl.environments {
        let win = &lane.windows;
        let status = win.readiness.as_ref().map_or("", |r| r.status.as_str());
        let mut window = |kind: &str, start: String, end: String, status: &str| {
            let _ = w.row([
                kind, "", &lane.id, "", "", "", status, &start, &end, "", "", "",
            ]);
        };
        if let (Some(_), Some((a, b))) = (win.required_in(&tl.period), win.required) {
            window("required", a.to_string(), b.to_string(), "");
        }
        if let Some((a, b)) = win.not_ready_in(&tl.period) {
            window("not-ready", a.to_string(), b.to_string(), status);
        }
        if let Some(d) = win.ready_day_in(&tl.period) {
            window("ready", d.to_string(), String::new(), status);
        }
        if let Some(d) = win.sandbox_end_in(&tl.period) {
            window("sandbox-end", d.to_string(), String::new(), "");
        }
        for row in &lane.intervals {
            let clashes: Vec<&str> = row.clashes.iter().map(|c| c.with_id.as_str()).collect();
            let _ = w.row([
                "interval",
                &row.id,
                &lane.id,
                &row.name,
                &row.stage,
                &row.participants.join(" "),
                row.status.as_str(),
                &row.span.start_written,
                row.span.end_written.as_deref().unwrap_or(""),
                "",
                if row.is_clashing() { "true" } else { "false" },
                &clashes.join(" "),
            ]);
        }
        for o in &lane.outages {
            let _ = w.row([
                "outage",
                &o.id,
                &lane.id,
                o.reason,
                "",
                "",
                if o.ongoing { "ongoing" } else { "" },
                &o.span.start_written,
                o.span.end_written.as_deref().unwrap_or(""),
                if o.planned { "true" } else { "false" },
                "",
                "",
            ]);
        }
    }
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_interval_and_outage() {
        let tl = crate::plan::testing::basic();
        let text = render(&tl);
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        let quoted = |cells: &[&str]| {
            cells
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(",")
        };
        assert_eq!(lines[0], quoted(&HEADER));
        assert_eq!(lines.len(), 1 + 9 + 4);
        let outage = "outage,OUT-3,UIT,software-failure,,,ongoing,2026-03-17T08:00,,false,,";
        assert!(lines.contains(&quoted(&outage.split(',').collect::<Vec<_>>()).as_str()));
        let interval = "interval,FUNC-2,SIT-A,Functional cycle 2,functional,BRAV,planned,2026-03-09,2026-03-20,,true,FUNC-1";
        assert!(lines.contains(&quoted(&interval.split(',').collect::<Vec<_>>()).as_str()));
    }

    #[test]
    fn formulas_are_neutralised() {
        let tl = crate::plan::testing::timeline("plan-hostile", "2026-03-18", None, None, None);
        let text = render(&tl);
        assert!(text.contains(",\"'=SUM(A1:A9)\","), "{text}");
    }
}
