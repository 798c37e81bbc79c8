//! `envplan plan` on fixture registries: every format snapshotted on
//! `plan-basic` (a clock-change week, a clash, planned and unplanned outages,
//! an ongoing outage, a timed interval, a cancelled interval), the calendar
//! read back by an independent parser, and Mermaid output checked line by
//! line against the gantt grammar on `plan-hostile`.
//!
//! The text timeline's width is pinned with `COLUMNS`: when stdout is not a
//! terminal, `plan` reads `COLUMNS` and falls back to 100.

mod common;

use std::collections::BTreeMap;

use icalendar::{CalendarComponent, CalendarDateTime, Component, DatePerhapsTime};
use unicode_width::UnicodeWidthStr;

const AS_OF: &str = "2026-03-18";

/// Run `plan` on a fixture; returns exit status, stdout and stderr.
fn plan(fixture: &str, args: &[&str]) -> (i32, String, String) {
    plan_with(fixture, args, &[])
}

fn plan_with(fixture: &str, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = common::envplan();
    cmd.arg("--registry")
        .arg(common::fixture(fixture))
        .args(["--as-of", AS_OF, "plan"])
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run envplan");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

fn ok(fixture: &str, args: &[&str]) -> String {
    let (status, stdout, stderr) = plan(fixture, args);
    assert_eq!(status, 0, "stderr: {stderr}");
    stdout
}

#[test]
fn text_timeline_snapshot() {
    let (status, stdout, stderr) = plan_with("plan-basic", &[], &[("COLUMNS", "100")]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    insta::assert_snapshot!("basic_text_100", stdout);
}

#[test]
fn text_timeline_narrow_snapshot() {
    let (_, stdout, _) = plan_with("plan-basic", &[], &[("COLUMNS", "64")]);
    insta::assert_snapshot!("basic_text_64", stdout);
}

#[test]
fn text_timeline_day_scale_snapshot() {
    // Four weeks around the clock change: short enough for a day scale.
    let (_, stdout, _) = plan_with(
        "plan-basic",
        &["--from", "2026-03-16", "--to", "2026-04-12"],
        &[("COLUMNS", "120")],
    );
    assert!(stdout.contains("2 columns per day"), "{stdout}");
    insta::assert_snapshot!("basic_text_days", stdout);
}

#[test]
fn text_lines_fit_every_width() {
    for width in [10, 40, 41, 57, 64, 80, 100, 133, 200] {
        for fixture in ["plan-basic", "plan-hostile"] {
            for range in [
                &[][..],
                &["--from", "2026-03-16", "--to", "2026-03-22"][..],
                &["--from", "2020-01-01", "--to", "2031-12-31"][..],
            ] {
                let w = width.to_string();
                let (status, stdout, _) = plan_with(fixture, range, &[("COLUMNS", &w)]);
                assert_eq!(status, 0);
                let limit = width.max(40);
                for line in stdout.lines() {
                    assert!(
                        line.chars().count() <= limit && line.width() <= limit,
                        "{fixture} {range:?} at {width}: {} cells: {line:?}",
                        line.width()
                    );
                }
            }
        }
    }
}

#[test]
fn text_is_plain_when_piped_or_no_color_and_coloured_on_request() {
    let (_, piped, _) = plan("plan-basic", &[]);
    assert!(!piped.contains('\u{1b}'));
    let mut cmd = common::envplan();
    let out = cmd
        .arg("--registry")
        .arg(common::fixture("plan-basic"))
        .args(["--as-of", AS_OF, "--color", "always", "plan"])
        .output()
        .expect("run");
    let coloured = String::from_utf8(out.stdout).expect("utf-8");
    assert!(coloured.contains("\u{1b}["), "{coloured}");
    // Removing the escapes gives the plain chart back.
    assert_eq!(strip_ansi(&coloured), piped);
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn text_marks_the_clash_outages_cut_and_cancelled() {
    let stdout = ok("plan-basic", &[]);
    let row = |id: &str| {
        stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no row {id} in\n{stdout}"))
            .to_owned()
    };
    assert!(row("FUNC-1").contains('╳') && row("FUNC-2").contains('╳'));
    assert!(!row("MIG-1").contains('╳'));
    assert!(row("NFT-X").contains('╌') && !row("NFT-X").contains('█'));
    assert!(row("OPS-1").ends_with('▸'));
    assert!(row("CIT-0").contains('◂'));
    assert!(row("SIT-B").contains('░'));
    // OUT-3 is still open: drawn to the as-of day, then said in words, not
    // drawn as known to the end of the period.
    assert!(row("UIT").contains('▒') && row("UIT").ends_with("▒ ongoing since 17 Mar"));
    assert!(stdout.contains("▼ as of 18 Mar"));
    assert!(stdout.contains("FUNC-1 and FUNC-2 on SIT-A, from 2026-03-09 to 2026-03-13"));
}

/// The cells of a chart row's bar area: what follows the label and dates
/// columns, which end where the "as of" marker's lead ends.
fn bar_area(stdout: &str, id: &str) -> (Vec<char>, usize) {
    let marker = stdout
        .lines()
        .find(|l| l.contains("▼ as of"))
        .expect("as-of marker");
    let as_of = marker.chars().position(|c| c == '▼').expect("▼");
    let row = stdout
        .lines()
        .find(|l| l.starts_with(&format!("{id} ")))
        .unwrap_or_else(|| panic!("no row {id} in\n{stdout}"));
    (row.chars().collect(), as_of)
}

/// Runs of `glyph` in `cells`.
fn runs(cells: &[char], glyph: char) -> usize {
    cells
        .iter()
        .zip(std::iter::once(&' ').chain(cells.iter()))
        .filter(|(c, before)| **c == glyph && **before != glyph)
        .count()
}

#[test]
fn ongoing_outages_stop_at_the_as_of_day_and_hide_nothing() {
    for width in ["64", "100", "160"] {
        let (status, stdout, stderr) = plan_with("plan-ongoing", &[], &[("COLUMNS", width)]);
        assert_eq!(status, 0, "{stderr}");
        // SIT-A: ongoing since 2 March, a planned outage inside it (9 to 10
        // March) and one later (20 to 21 April): both planned ones show.
        let (cells, as_of) = bar_area(&stdout, "SIT-A");
        assert_eq!(runs(&cells, '░'), 2, "at {width}:\n{stdout}");
        // Nothing unplanned is drawn after the as-of day.
        assert!(!cells[as_of + 1..].contains(&'▒'), "at {width}:\n{stdout}");
        let row: String = cells.iter().collect();
        assert!(row.contains("ongoing"), "at {width}:\n{stdout}");
        // SIT-B: its planned outage right after the as-of day shows.
        let (cells, as_of) = bar_area(&stdout, "SIT-B");
        assert_eq!(runs(&cells, '░'), 1, "at {width}:\n{stdout}");
        assert!(cells[as_of..].contains(&'░'));
        assert!(stdout.contains("ongoing since …"), "legend at {width}");
    }
    // On a day scale there is room for the whole label, after the bar on
    // SIT-A and before it on SIT-B (its planned outage takes the room after).
    let (_, days, _) = plan_with(
        "plan-ongoing",
        &["--from", "2026-03-01", "--to", "2026-03-31"],
        &[("COLUMNS", "120")],
    );
    let line = |id: &str| days.lines().find(|l| l.starts_with(id)).unwrap_or("");
    assert!(line("SIT-A ").ends_with("▒ ongoing since 2 Mar"), "{days}");
    assert!(line("SIT-B ").contains("ongoing since 16 Mar ▒"), "{days}");
}

#[test]
fn ongoing_text_snapshots() {
    for width in ["100", "64"] {
        let (_, stdout, _) = plan_with("plan-ongoing", &[], &[("COLUMNS", width)]);
        insta::assert_snapshot!(format!("ongoing_text_{width}"), stdout);
    }
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!(
        "basic_markdown",
        ok("plan-basic", &["--format", "markdown"])
    );
}

#[test]
fn mermaid_snapshot() {
    let out = ok("plan-basic", &["--format", "mermaid"]);
    assert_mermaid_grammar(&out);
    insta::assert_snapshot!("basic_mermaid", out);
}

#[test]
fn csv_snapshot() {
    let out = ok("plan-basic", &["--format", "csv"]);
    assert!(
        out.split_terminator('\n').all(|l| l.ends_with('\r')),
        "CRLF line ends"
    );
    insta::assert_snapshot!("basic_csv", out.replace("\r\n", "\n"));
}

#[test]
fn json_snapshot() {
    let out = ok("plan-basic", &["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    insta::assert_json_snapshot!("basic_json", doc);
}

#[test]
fn ics_snapshot() {
    let out = ok("plan-basic", &["--format", "ics"]);
    insta::assert_snapshot!("basic_ics", out.replace("\r\n", "\n"));
}

/// Independent check of the calendar: parsed with the `icalendar` crate.
#[test]
fn ics_parses_back_with_the_right_events() {
    let text = ok("plan-basic", &["--format", "ics"]);
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for physical in text.split("\r\n") {
        assert!(!physical.contains('\n'), "bare LF in {physical:?}");
        assert!(
            physical.len() <= 75,
            "{} octets: {physical}",
            physical.len()
        );
    }
    let calendar: icalendar::Calendar = text.parse().expect("RFC 5545 calendar");
    let mut events = BTreeMap::new();
    let mut timezones = 0;
    for component in &calendar.components {
        match component {
            CalendarComponent::Event(e) => {
                let uid = e.get_uid().expect("UID").to_owned();
                let dates = (e.get_start().expect("DTSTART"), e.get_end().expect("DTEND"));
                assert!(
                    events.insert(uid, (dates, e.clone())).is_none(),
                    "UIDs unique"
                );
            }
            CalendarComponent::Other(o) if o.component_kind() == "VTIMEZONE" => timezones += 1,
            _ => {}
        }
    }
    assert_eq!(timezones, 1);
    // 9 intervals in the fixture, all overlapping March to May; 4 outages.
    assert_eq!(events.len(), 13, "{:?}", events.keys().collect::<Vec<_>>());
    let uids: Vec<&str> = events.keys().map(String::as_str).collect();
    for id in [
        "interval-CIT-0",
        "interval-FUNC-1",
        "interval-FUNC-2",
        "interval-MIG-1",
        "interval-NFT-X",
        "interval-NFT-1",
        "interval-OPS-1",
        "interval-UIT-Q1",
        "interval-UIT-Q2",
        "outage-OUT-1",
        "outage-OUT-2",
        "outage-OUT-3",
        "outage-OUT-4",
    ] {
        let uid = format!("{id}@NORTHWIND.envplan");
        assert!(uids.contains(&uid.as_str()), "{uid} missing from {uids:?}");
    }

    let date = |s: &str| DatePerhapsTime::Date(s.parse().expect("date"));
    let london = |s: &str| {
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone {
            date_time: chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("dt"),
            tzid: "Europe/London".into(),
        })
    };
    let dates = |uid: &str| events[&format!("{uid}@NORTHWIND.envplan")].0.clone();
    // All-day: DTEND is the day after the last day.
    assert_eq!(
        dates("interval-FUNC-1"),
        (date("2026-03-02"), date("2026-03-14"))
    );
    // Not cut at the period's edges.
    assert_eq!(
        dates("interval-OPS-1"),
        (date("2026-05-18"), date("2026-06-20"))
    );
    // Timed, across the night the clocks go forward, in local time.
    assert_eq!(
        dates("interval-MIG-1"),
        (london("2026-03-23 09:00"), london("2026-04-02 17:00"))
    );
    assert_eq!(
        dates("outage-OUT-1"),
        (london("2026-03-28 18:00"), london("2026-03-29 06:00"))
    );
    // Ongoing: ends with the period (at midnight after 31 May).
    assert_eq!(
        dates("outage-OUT-3"),
        (london("2026-03-17 08:00"), london("2026-06-01 00:00"))
    );
    let event = |uid: &str| &events[&format!("{uid}@NORTHWIND.envplan")].1;
    assert_eq!(
        event("interval-NFT-X").property_value("STATUS"),
        Some("CANCELLED")
    );
    assert_eq!(
        event("interval-FUNC-1").get_summary(),
        Some("FUNC-1 Functional cycle 1 (SIT-A) - clashes with FUNC-2")
    );
    assert_eq!(
        event("outage-OUT-3").get_summary(),
        Some("Unplanned outage: UIT software-failure (ongoing)")
    );
    assert!(event("interval-CIT-0")
        .get_summary()
        .is_some_and(|s| s.contains("Connectivity proving, wave 0")));
}

#[test]
fn ics_is_the_same_bytes_every_run() {
    let a = ok("plan-basic", &["--format", "ics"]);
    let b = ok("plan-basic", &["--format", "ics"]);
    assert_eq!(a, b);
    assert!(a.contains("DTSTAMP:20260318T000000Z"));
}

#[test]
fn ics_of_hostile_text_parses_and_round_trips() {
    let text = ok("plan-hostile", &["--format", "ics"]);
    let calendar: icalendar::Calendar = text.parse().expect("calendar");
    let summaries: Vec<String> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => e.get_summary().map(str::to_owned),
            _ => None,
        })
        .collect();
    assert_eq!(summaries.len(), 5);
    assert!(
        summaries
            .contains(&"title title: the first #1; slot (gantt) - clashes with section".into()),
        "{summaries:#?}"
    );
}

/// Filters: an environment, a participant, and a period.
#[test]
fn filters_choose_rows() {
    let rows = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let doc: serde_json::Value = serde_json::from_str(&ok("plan-basic", &all)).expect("json");
        doc["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| r["id"].as_str().expect("id").to_owned())
            .collect()
    };
    assert_eq!(
        rows(&["--environment", "SIT-B"]),
        ["MIG-1", "NFT-X", "NFT-1", "OPS-1", "OUT-1"]
    );
    // A participant's intervals, and the outages of the environments they are on.
    assert_eq!(
        rows(&["--participant", "CHAR"]),
        ["MIG-1", "OPS-1", "OUT-1", "UIT-Q1", "UIT-Q2", "OUT-3"]
    );
    // Only what shares time with 1 to 7 April.
    assert_eq!(
        rows(&["--from", "2026-04-01", "--to", "2026-04-07"]),
        ["MIG-1", "NFT-X", "UIT-Q1", "OUT-3"]
    );
    // --from alone: three months from it.
    let doc: serde_json::Value = serde_json::from_str(&ok(
        "plan-basic",
        &["--format", "json", "--from", "2026-04-15"],
    ))
    .expect("json");
    assert_eq!(doc["to"], "2026-07-14");
}

#[test]
fn default_period_is_the_as_of_month_and_two_more() {
    let doc: serde_json::Value =
        serde_json::from_str(&ok("plan-basic", &["--format", "json"])).expect("json");
    assert_eq!(
        (doc["from"].as_str(), doc["to"].as_str()),
        (Some("2026-03-01"), Some("2026-05-31"))
    );
}

#[test]
fn unknown_ids_and_backwards_periods_are_usage_errors() {
    let (status, stdout, stderr) = plan("plan-basic", &["--environment", "SIT-C"]);
    assert_eq!(status, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("there is no environment `SIT-C`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `SIT-"), "{stderr}");

    let (status, _, stderr) = plan("plan-basic", &["--participant", "alfa"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("did you mean `ALFA`?"), "{stderr}");

    let (status, _, stderr) = plan(
        "plan-basic",
        &["--from", "2026-05-01", "--to", "2026-04-01"],
    );
    assert_eq!(status, 2);
    assert!(
        stderr.contains("--to 2026-04-01 is before --from 2026-05-01"),
        "{stderr}"
    );

    let (status, _, stderr) = plan("plan-basic", &["--to", "2026-02-01"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("first day of the as-of month"), "{stderr}");

    let (status, _, stderr) = plan("plan-basic", &["--from", "2026-02-30"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("--from"), "{stderr}");
}

#[test]
fn csv_guards_against_formulas() {
    let out = ok("plan-hostile", &["--format", "csv"]);
    assert!(out.contains(",\"'=SUM(A1:A9)\","), "{out}");
    assert!(!out.contains(",\"=SUM"));
}

#[test]
fn hostile_snapshots() {
    insta::assert_snapshot!(
        "hostile_markdown",
        ok("plan-hostile", &["--format", "markdown"])
    );
    let mermaid = ok("plan-hostile", &["--format", "mermaid"]);
    insta::assert_snapshot!("hostile_mermaid", mermaid);
}

/// No registry text can break a Mermaid line: every line is one of the
/// statements written, and every task line is `name :tags, id, start, end`.
#[test]
fn mermaid_survives_hostile_names() {
    let out = ok("plan-hostile", &["--format", "mermaid"]);
    assert_mermaid_grammar(&out);
    // Five tasks: four intervals and one outage.
    assert_eq!(out.lines().filter(|l| l.starts_with("        ")).count(), 5);
    // The names are still recognisable.
    assert!(out.contains("title title꞉ the first ♯1, slot"), "{out}");
    assert!(out.contains("‹b›bold‹/b›"), "{out}");
}

/// The lexical rules of Mermaid's gantt grammar that registry text could
/// trip, applied to each line.
fn assert_mermaid_grammar(out: &str) {
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("gantt"));
    let keywords = [
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
    let mut ids = std::collections::HashSet::new();
    for line in lines {
        assert!(!line.contains('#') && !line.contains(';'), "{line:?}");
        if let Some(rest) = line.strip_prefix("    title ") {
            assert!(!rest.is_empty());
        } else if [
            "    dateFormat YYYY-MM-DD",
            "    axisFormat %d %b",
            "    %% nothing in this period",
        ]
        .contains(&line)
        {
            // The fixed statements.
        } else if let Some(name) = line.strip_prefix("    section ") {
            assert!(!name.trim().is_empty());
            assert!(!name.contains(':') && !name.contains('%'), "{line:?}");
        } else if let Some(task) = line.strip_prefix("        ") {
            let (name, data) = task.split_once(" :").unwrap_or_else(|| panic!("{line:?}"));
            let name_l = name.trim_start().to_lowercase();
            assert!(!name.trim().is_empty(), "{line:?}");
            assert!(!name.contains(':') && !name.contains('%'), "{line:?}");
            assert!(
                !keywords.iter().any(|k| name_l.starts_with(k)),
                "name starts with a keyword: {line:?}"
            );
            assert!(
                !name_l.starts_with(|c: char| c.is_ascii_digit()),
                "{line:?}"
            );
            let parts: Vec<&str> = data.split(", ").collect();
            let n = parts.len();
            assert!(n >= 3, "{line:?}");
            for tag in &parts[..n - 3] {
                assert!(
                    ["crit", "done", "milestone", "active"].contains(tag),
                    "{line:?}"
                );
            }
            let id = parts[n - 3];
            assert!(
                id.len() >= 2
                    && id.starts_with(['i', 'o'])
                    && id[1..].chars().all(|c| c.is_ascii_digit()),
                "{line:?}"
            );
            assert!(ids.insert(id.to_owned()), "duplicate id {id}");
            let start = chrono::NaiveDate::parse_from_str(parts[n - 2], "%Y-%m-%d")
                .unwrap_or_else(|_| panic!("{line:?}"));
            let end = parts[n - 1];
            if parts[..n - 3].contains(&"milestone") {
                assert_eq!(end, "0d", "{line:?}");
            } else {
                let end = chrono::NaiveDate::parse_from_str(end, "%Y-%m-%d")
                    .unwrap_or_else(|_| panic!("{line:?}"));
                assert!(end > start, "exclusive end after start: {line:?}");
            }
        } else {
            panic!("unexpected line {line:?}");
        }
    }
}

/// `plan` goes through the same pipeline as `check`: an error the
/// Programme's `rules` turn off is no error in its note.
#[test]
fn the_note_follows_the_programmes_overrides() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("registry");
    common::copy_tree(&common::fixture("plan-basic"), &root);
    // An unknown role code (EP006): the participant is still read and planned.
    common::edit(
        &root.join("participants.yaml"),
        "roles: [MSA]",
        "roles: [MSA, XYZ]",
    );
    let run = || {
        let out = common::envplan()
            .arg("--registry")
            .arg(&root)
            .args(["--as-of", AS_OF, "plan", "--format", "csv"])
            .output()
            .expect("run envplan");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stderr).expect("utf-8")
    };
    assert!(run().contains("the registry has errors"), "{}", run());
    let programme = root.join("programme.yaml");
    let text = std::fs::read_to_string(&programme).expect("read");
    std::fs::write(&programme, format!("{text}rules:\n  EP006: off\n")).expect("write");
    assert_eq!(run(), "");
}
