//! Availability in registry format v2 (§4 "Availability") on the
//! `availability-v2` fixture: the May 2024 pack reports April 2024. Every
//! figure is worked out by hand in the comments.

mod common;

use chrono::{Duration, NaiveDate};
use envplan::cli::ColorChoice;
use envplan::commands::{check_registry, load, Global};
use envplan::pack::{self, AvailabilityRow, Inputs, Pack, RegistryVersion, Shown};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn may_pack() -> Pack {
    let global = Global {
        registry: common::fixture("availability-v2"),
        as_of: Some(day(2024, 5, 7)),
        color: ColorChoice::Never,
    };
    let (reg, findings) = load(&global).expect("load");
    let checked = check_registry(&global, &reg, findings);
    assert!(checked.findings.is_empty(), "{:?}", checked.findings);
    pack::build(Inputs {
        checked: &checked,
        edition: pack::Edition::Monthly,
        month: day(2024, 5, 1),
        meeting: day(2024, 5, 7),
        registry: RegistryVersion::Unknown("test".into()),
        changes: None,
    })
}

fn row<'p>(p: &'p Pack, env: &str) -> &'p AvailabilityRow {
    p.availability
        .iter()
        .find(|a| a.environment == env)
        .unwrap_or_else(|| panic!("no availability row for {env}"))
}

#[test]
fn days_outside_the_required_window_are_not_counted() {
    let p = may_pack();
    // Required from 15 April: 16 days of 24 h = 384 h. OUT-LATE runs from
    // 10 April 09:00 to 16 April 09:00; inside the window, 15 April 00:00 to
    // 16 April 09:00 = 33 h. 1 − 33/384 = 91.40625% → 91.40%.
    let late = row(&p, "LATE");
    assert_eq!(late.service, Some(Duration::hours(384)));
    assert_eq!(late.lost_planned, Duration::hours(33));
    assert_eq!(late.availability, Shown::Percent(9140));
    assert_eq!(late.counted, Some((day(2024, 4, 15), day(2024, 4, 30))));
    // The outage log counts the same window.
    let out = p.outages.iter().find(|o| o.id == "OUT-LATE").expect("log");
    assert_eq!(out.lost, Duration::hours(33));
}

#[test]
fn a_month_wholly_outside_the_window_is_not_required() {
    let p = may_pack();
    let gone = row(&p, "GONE");
    assert_eq!(gone.availability, Shown::NotRequired);
    assert_eq!(gone.service, None);
    assert_eq!(gone.lost_unplanned, Duration::zero());
    let env = p.environments.iter().find(|e| e.id == "GONE").expect("env");
    assert_eq!(env.availability.text(), "not required");
    // Its outage is still in the log, with no counted hours lost.
    let out = p.outages.iter().find(|o| o.id == "OUT-GONE").expect("log");
    assert_eq!((out.lost, out.required), (Duration::zero(), false));
    assert_eq!(pack::lost_text(out), "– (not required)");
}

#[test]
fn unknown_hours_show_the_time_lost_and_no_percentage() {
    let p = may_pack();
    let dark = row(&p, "DARK");
    assert_eq!(dark.hours, "unknown (no service hours recorded)");
    assert_eq!(dark.service, None);
    // 10:00 to 14:30: 4.5 real hours.
    assert_eq!(dark.lost_unplanned, Duration::minutes(270));
    assert_eq!(
        dark.availability,
        Shown::Unknown {
            lost: Duration::minutes(270)
        }
    );
    let out = p.outages.iter().find(|o| o.id == "OUT-DARK").expect("log");
    assert_eq!((out.lost, out.hours_known), (Duration::minutes(270), false));
}

#[test]
fn percentages_are_rounded_down() {
    let p = may_pack();
    // 30 × 24 h = 720 h = 43,200 minutes; one lost: 1 − 1/43200 = 99.99768…%,
    // which rounding to nearest would show as 100.00%.
    let round = row(&p, "ROUND");
    assert_eq!(round.service, Some(Duration::hours(720)));
    assert_eq!(round.availability, Shown::Percent(9999));
    assert_eq!(round.availability.text(), "99.99%");
}

#[test]
fn the_pack_says_how_availability_is_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let registry = common::fixture("availability-v2");
    let output = common::envplan()
        .env(
            "GIT_CEILING_DIRECTORIES",
            common::repo_root().parent().expect("parent"),
        )
        .args(["--registry", registry.to_str().expect("utf-8")])
        .args([
            "--as-of",
            "2024-05-07",
            "pack",
            "--month",
            "2024-05",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let md = std::fs::read_to_string(out.join("pack.md")).expect("pack.md");
    let start = md.find("## Outages, April 2024").expect("outages section");
    let end = md.find("## Readiness").expect("readiness section");
    insta::assert_snapshot!("availability_v2_md", &md[start..end]);
    let html = std::fs::read_to_string(out.join("pack.html")).expect("pack.html");
    assert!(html.contains("not required"));
    assert!(html.contains("rounded down to two decimals"));
    assert!(!html.contains("24x7 assumed") && !md.contains("assumed"));
}

#[test]
fn composites_take_their_components_hours_and_outages() {
    let p = may_pack();
    // DIP Mon–Fri 08:00–18:00 and HELIX Mon–Sat 09:00–17:00: both in service
    // Mon–Fri 09:00–17:00, 22 weekdays × 8 h = 176 h. Their outages on
    // 3 April (12:00–14:00, 13:00–15:00) take 12:00–15:00 once: 3 h.
    // 1 − 3/176 = 98.2954…% → 98.29%.
    let sit = row(&p, "SIT");
    assert_eq!(sit.hours, "while DIP and HELIX are both in service");
    assert_eq!(sit.service, Some(Duration::hours(176)));
    assert_eq!(sit.lost_unplanned, Duration::hours(3));
    assert_eq!(sit.availability, Shown::Percent(9829));
    // Nested one level more: the same hours and the same downtime.
    let outer = row(&p, "OUTER");
    assert_eq!(outer.hours, "while SIT is in service");
    assert_eq!(
        (outer.service, outer.lost_unplanned, outer.availability),
        (sit.service, sit.lost_unplanned, sit.availability)
    );
    // A component with unknown hours makes the composite's unknown; its
    // downtime is still the union: DIP's 2 h and DARK's 4.5 h, real time.
    let half = row(&p, "HALF");
    assert_eq!(half.hours, "unknown (those of its component DARK are)");
    assert_eq!(
        half.availability,
        Shown::Unknown {
            lost: Duration::minutes(390)
        }
    );
    // The components alone: DIP 1 − 2/220 → 99.09%; HELIX, 26 days × 8 h
    // = 208 h, 1 − 2/208 → 99.03%.
    assert_eq!(row(&p, "DIP").availability, Shown::Percent(9909));
    assert_eq!(row(&p, "HELIX").service, Some(Duration::hours(208)));
    assert_eq!(row(&p, "HELIX").availability, Shown::Percent(9903));
    // The headline counts each outage once, on its own environment:
    // planned 33 h (LATE); unplanned 4.5 h + 1 min + 2 h + 2 h (GONE's is
    // outside its required window).
    assert_eq!(p.headline.lost_planned, Duration::hours(33));
    assert_eq!(p.headline.lost_unplanned, Duration::minutes(511));
}
