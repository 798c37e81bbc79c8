//! The plan as a Mermaid `gantt` diagram, which GitHub and Azure DevOps wikis
//! draw from a fenced block: the centralised Gantt chart of §12.1.1.
//!
//! Only long-standing gantt syntax is used (`title`, `dateFormat`,
//! `axisFormat`, `section`, tasks with `crit`/`done`/`milestone`), since wiki
//! renderers lag behind Mermaid releases. Dates are whole days: a task ends
//! on the day after its last day, because Mermaid's end dates are exclusive
//! (unless `inclusiveEndDates`, which is not used). Timed intervals and
//! outages cover the days they touch; the times are in the task names.
//!
//! Mermaid's lexer is unforgiving: in a task or section name `:` starts the
//! task data, `;` and a line break end the statement, `#` and `%%` start
//! comments, and a name that begins with a keyword (`section`, `title`,
//! `click`, a date...) is read as that keyword. So names are rewritten into a
//! safe alphabet (look-alike characters replace the dangerous ones) and a name
//! that starts like a keyword gets a harmless prefix. Task ids are generated
//! (`i1`, `o1`...), never taken from the registry.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::output::sanitize::collapse_spaces;

use super::{Period, Span, Timeline};
use crate::time::when::next_day;

/// Render the diagram (without the surrounding code fence).
pub fn render(tl: &Timeline) -> String {
    let mut out = String::from("gantt\n");
    let _ = writeln!(
        out,
        "    title {} plan, {} to {}, as of {}",
        safe_text(&tl.programme_name),
        tl.period.first,
        tl.period.last,
        tl.as_of
    );
    out.push_str("    dateFormat YYYY-MM-DD\n");
    out.push_str("    axisFormat %d %b\n");
    let mut intervals = 0;
    let mut outages = 0;
    let mut windows = 0;
    for lane in &tl.environments {
        if lane.is_empty_in(&tl.period) {
            continue;
        }
        let _ = writeln!(
            out,
            "    section {}",
            safe_name(&format!("{} — {}", lane.id, collapse_spaces(&lane.name)))
        );
        windows += lane_windows(&mut out, lane, tl, windows);
        for row in &lane.intervals {
            intervals += 1;
            let mut tags = Vec::new();
            if row.is_clashing() {
                tags.push("crit");
            }
            if row.is_cancelled() || row.status == crate::registry::records::Status::Done {
                tags.push("done");
            }
            let mut name = format!("{} {}", row.id, collapse_spaces(&row.name));
            if row.is_cancelled() {
                name.push_str(" (cancelled)");
            }
            let (start, end) = task_days(&row.span, &tl.period);
            let _ = writeln!(
                out,
                "        {} :{}i{intervals}, {}, {}",
                safe_name(&cut_marks(&name, &row.span)),
                tag_list(&tags),
                start,
                next_day(end)
            );
        }
        for o in &lane.outages {
            outages += 1;
            let mut tags = Vec::new();
            if !o.planned {
                tags.push("crit");
            }
            tags.push("milestone");
            let kind = if o.planned { "Planned" } else { "Unplanned" };
            let when = if o.ongoing {
                format!("since {}, ongoing", clock(o.span.range.start, tl))
            } else if o.span.whole_days && o.span.first_day == o.span.last_day {
                format!("on {}", o.span.first_day)
            } else if o.span.whole_days {
                format!("{} to {}", o.span.first_day, o.span.last_day)
            } else {
                format!(
                    "{} to {}",
                    clock(o.span.range.start, tl),
                    clock(o.span.range.end, tl)
                )
            };
            let name = format!("{kind} outage {} {} {when}", o.id, o.reason);
            let (start, _) = task_days(&o.span, &tl.period);
            let _ = writeln!(
                out,
                "        {} :{}o{outages}, {}, 0d",
                safe_name(&cut_marks(&name, &o.span)),
                tag_list(&tags),
                start
            );
        }
    }
    if intervals + outages + windows == 0 {
        out.push_str("    %% nothing in this period\n");
    }
    out
}

/// The environment's own dates as tasks: its required window (`active`),
/// the required days before it is ready (`crit`), its ready day and sandbox
/// end (milestones). Task ids go on from `before`; returns how many were written.
fn lane_windows(
    out: &mut String,
    lane: &super::EnvironmentLane,
    tl: &Timeline,
    before: usize,
) -> usize {
    let w = &lane.windows;
    let mut n = before;
    let id = safe_name(&lane.id);
    if let (Some((a, b)), Some((from, to))) = (w.required_in(&tl.period), w.required) {
        n += 1;
        let mut name = format!("{id} required {from} to {to}");
        if from < tl.period.first {
            name = format!("« {name}");
        }
        if to > tl.period.last {
            name.push_str(" »");
        }
        let _ = writeln!(
            out,
            "        {} :active, w{n}, {a}, {}",
            safe_name(&name),
            next_day(b)
        );
    }
    if let Some((a, b)) = w.not_ready_in(&tl.period) {
        n += 1;
        let _ = writeln!(
            out,
            "        {} :crit, w{n}, {a}, {}",
            safe_name(&format!("{id} required but not ready")),
            next_day(b)
        );
    }
    if let Some(d) = w.ready_day_in(&tl.period) {
        n += 1;
        let word = if d > tl.as_of {
            "forecast ready"
        } else {
            "ready"
        };
        let _ = writeln!(
            out,
            "        {} :milestone, w{n}, {d}, 0d",
            safe_name(&format!("{id} {word} {d}"))
        );
    }
    if let Some(d) = w.sandbox_end_in(&tl.period) {
        n += 1;
        let _ = writeln!(
            out,
            "        {} :milestone, w{n}, {d}, 0d",
            safe_name(&format!("{id} sandbox ends {d}"))
        );
    }
    n - before
}

/// A local time written the British way, `2026-03-28 18.00`, since a colon
/// cannot appear in a task name.
fn clock(instant: crate::time::Instant, tl: &Timeline) -> String {
    instant
        .with_timezone(&tl.tz)
        .format("%Y-%m-%d %H.%M")
        .to_string()
}

/// The first and last day drawn: the span cut to the period.
fn task_days(span: &Span, period: &Period) -> (NaiveDate, NaiveDate) {
    span.days_in(period)
}

fn tag_list(tags: &[&str]) -> String {
    tags.iter().map(|t| format!("{t}, ")).collect()
}

/// Say in the name that a bar was cut at the period's edge.
fn cut_marks(name: &str, span: &Span) -> String {
    let mut out = String::new();
    if span.continues_before {
        out.push_str("« ");
    }
    out.push_str(name);
    if span.continues_after {
        out.push_str(" »");
    }
    out
}

/// Characters Mermaid's gantt lexer or its HTML handling could act on, and
/// the look-alikes that stand in for them.
const REPLACEMENTS: &[(char, char)] = &[
    (':', '꞉'), // U+A789 MODIFIER LETTER COLON
    ('#', '♯'),
    (';', ','),
    ('%', '％'),
    ('<', '‹'),
    ('>', '›'),
    ('{', '('),
    ('}', ')'),
    ('`', '\''),
    ('"', '\''),
];

/// Text for a `title` line: one line, in the safe alphabet.
pub fn safe_text(text: &str) -> String {
    collapse_spaces(text)
        .chars()
        .map(|c| {
            REPLACEMENTS
                .iter()
                .find(|(bad, _)| *bad == c)
                .map_or(c, |(_, good)| *good)
        })
        .collect()
}

/// Words that Mermaid reads as a statement when a line starts with them
/// (case-insensitively), whatever follows.
const KEYWORDS: &[&str] = &[
    "gantt",
    "dateformat",
    "inclusiveenddates",
    "topaxis",
    "axisformat",
    "tickinterval",
    "includes",
    "excludes",
    "todaymarker",
    "weekday",
    "weekend",
    "title",
    "acctitle",
    "accdescr",
    "section",
    "click",
    "call",
    "href",
    "vert",
];

/// A task or section name: the safe alphabet, never empty, never starting
/// with a keyword or a date.
pub fn safe_name(text: &str) -> String {
    let name = safe_text(text);
    let lower = name.to_lowercase();
    let risky = name.is_empty()
        || KEYWORDS.iter().any(|k| lower.starts_with(k))
        || name.starts_with(|c: char| c.is_ascii_digit());
    if risky {
        format!("› {name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_what_mermaid_would_act_on() {
        let hostile = "Test: #1; 50%% \"load\" <b>x</b>\nsecond line";
        let safe = safe_name(hostile);
        for bad in [':', '#', ';', '%', '<', '>', '\n', '"'] {
            assert!(!safe.contains(bad), "{bad:?} in {safe}");
        }
        assert_eq!(safe, "Test꞉ ♯1, 50％％ 'load' ‹b›x‹/b› second line");
    }

    #[test]
    fn end_dates_are_exclusive_and_bars_cut_to_the_period() {
        let tl = crate::plan::testing::basic();
        let out = render(&tl);
        // FUNC-1 runs 2 to 13 March: Mermaid's end is the 14th.
        assert!(
            out.contains("FUNC-1 Functional cycle 1 :crit, i2, 2026-03-02, 2026-03-14"),
            "{out}"
        );
        // OPS-1 runs to 19 June; the chart stops after 31 May and says so.
        assert!(
            out.contains("OPS-1 Operational acceptance » :i7, 2026-05-18, 2026-06-01"),
            "{out}"
        );
        assert!(out.contains("(cancelled) :done, i5,"), "{out}");
        assert!(
            out.contains(":crit, milestone, o4, 2026-03-17, 0d"),
            "{out}"
        );
        // Empty environments get no section.
        assert!(!out.contains("PREPROD"), "{out}");
    }

    #[test]
    fn keywords_and_dates_are_defused() {
        assert_eq!(safe_name("section 5"), "› section 5");
        assert_eq!(safe_name("Title race"), "› Title race");
        assert_eq!(safe_name("clicker"), "› clicker");
        assert_eq!(safe_name("2026-03-01 go-live"), "› 2026-03-01 go-live");
        assert_eq!(safe_name(""), "› ");
        assert_eq!(safe_name("Functional cycle 1"), "Functional cycle 1");
    }
}
