//! Availability figures worked out by hand, and a property test against a
//! slow oracle that walks the month minute by minute.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, Timelike};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::*;
use crate::time::when::local_instant;

const LONDON: Tz = chrono_tz::Europe::London;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// An instant from local wall-clock text (unambiguous times only).
fn at(text: &str) -> Instant {
    let local = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("local");
    local_instant(local, LONDON).expect("instant")
}

fn hours(n: i64) -> Duration {
    Duration::hours(n)
}

fn weekly(days: [bool; 7], from: &str, to: &str) -> Weekly {
    let minute = |t: &str| crate::time::when::parse_time_of_day(t).expect("time");
    Weekly {
        days,
        from_minute: minute(from),
        to_minute: minute(to),
    }
}

const EVERY_DAY: [bool; 7] = [true; 7];
const WEEKDAYS: [bool; 7] = [true, true, true, true, true, false, false];

fn recorded(weekly: Weekly, skips_holidays: bool) -> ServiceHours {
    ServiceHours {
        weekly,
        skips_holidays,
    }
}

fn whole_day(d: NaiveDate) -> TimeRange {
    TimeRange::new(start_of_day(d, LONDON), start_of_day(next_day(d), LONDON))
}

fn month(y: i32, m: u32) -> TimeRange {
    let first = day(y, m, 1);
    let next = if m == 12 {
        day(y + 1, 1, 1)
    } else {
        day(y, m + 1, 1)
    };
    TimeRange::new(start_of_day(first, LONDON), start_of_day(next, LONDON))
}

fn service_on(hours: &ServiceHours, span: TimeRange) -> Duration {
    total_length(&service_periods(hours, &BTreeSet::new(), LONDON, span))
}

#[test]
fn office_hours_are_eight_real_hours_on_both_clock_change_days() {
    let nine_to_five = recorded(weekly(EVERY_DAY, "09:00", "17:00"), true);
    // 29 March 2026: clocks go forward at 01:00 GMT; 09:00-17:00 BST is still 8 hours.
    assert_eq!(
        service_on(&nine_to_five, whole_day(day(2026, 3, 29))),
        hours(8)
    );
    // 25 October 2026: clocks go back at 02:00 BST; 09:00-17:00 GMT is 8 hours.
    assert_eq!(
        service_on(&nine_to_five, whole_day(day(2026, 10, 25))),
        hours(8)
    );
}

#[test]
fn round_the_clock_days_are_23_and_25_hours_at_the_clock_changes() {
    assert_eq!(
        service_on(&ServiceHours::ALWAYS, whole_day(day(2026, 3, 29))),
        hours(23)
    );
    assert_eq!(
        service_on(&ServiceHours::ALWAYS, whole_day(day(2026, 10, 25))),
        hours(25)
    );
    assert_eq!(
        service_on(&ServiceHours::ALWAYS, whole_day(day(2026, 10, 26))),
        hours(24)
    );
}

#[test]
fn windows_across_the_changed_hour_follow_the_wall_clock() {
    let night = recorded(weekly(EVERY_DAY, "00:30", "02:30"), true);
    // Spring: 00:30 GMT to 02:30 BST is 00:30 UTC to 01:30 UTC, one real hour
    // (01:00-02:00 local never happens).
    assert_eq!(service_on(&night, whole_day(day(2026, 3, 29))), hours(1));
    // Autumn: 00:30 BST (23:30 UTC the day before) to 02:30 GMT (02:30 UTC),
    // three real hours (01:00-02:00 local happens twice).
    assert_eq!(service_on(&night, whole_day(day(2026, 10, 25))), hours(3));
    // Ending inside the repeated hour: local 00:00-01:30 happens as
    // 00:00-01:30 BST (23:00-00:30 UTC) and again as 01:00-01:30 GMT
    // (01:00-01:30 UTC): 1.5 h + 0.5 h = 2 h, in two pieces.
    let early = recorded(weekly(EVERY_DAY, "00:00", "01:30"), true);
    let periods = service_periods(
        &early,
        &BTreeSet::new(),
        LONDON,
        whole_day(day(2026, 10, 25)),
    );
    assert_eq!(total_length(&periods), hours(2));
    assert_eq!(periods.len(), 2);
}

#[test]
fn october_2026_service_hours_with_a_holiday() {
    // October 2026 has 22 weekdays (Thu 1, Fri 2 and four full weeks).
    // With Monday 12 October a holiday: 21 days × 8 h = 168 h.
    let holidays: BTreeSet<NaiveDate> = [day(2026, 10, 12)].into_iter().collect();
    let office = recorded(weekly(WEEKDAYS, "09:00", "17:00"), true);
    let periods = service_periods(&office, &holidays, LONDON, month(2026, 10));
    assert_eq!(periods.len(), 21);
    assert_eq!(total_length(&periods), hours(168));
    // Not observing holidays: 22 × 8 h = 176 h.
    let ignoring = recorded(weekly(WEEKDAYS, "09:00", "17:00"), false);
    assert_eq!(
        total_length(&service_periods(
            &ignoring,
            &holidays,
            LONDON,
            month(2026, 10)
        )),
        hours(176)
    );
    // Round the clock: 31 × 24 h + the extra hour of 25 October = 745 h.
    assert_eq!(
        total_length(&service_periods(
            &ServiceHours::ALWAYS,
            &holidays,
            LONDON,
            month(2026, 10)
        )),
        hours(745)
    );
}

#[test]
fn outages_are_clipped_to_service_hours_and_counted_once() {
    let holidays: BTreeSet<NaiveDate> = [day(2026, 10, 12)].into_iter().collect();
    let office = recorded(weekly(WEEKDAYS, "09:00", "17:00"), true);
    let service = service_periods(&office, &holidays, LONDON, month(2026, 10));
    let outages = [
        // Unplanned, Friday 16:00 BST to Monday 10:00 GMT, across the clock
        // change: only Fri 16:00-17:00 and Mon 09:00-10:00 are service hours.
        OutageSpan {
            range: TimeRange::new(at("2026-10-23 16:00"), at("2026-10-26 10:00")),
            planned: false,
        },
        // Planned, Monday 09:30-11:00, overlapping the failure: 1.5 h planned,
        // and the failure's 09:30-10:00 is not counted again.
        OutageSpan {
            range: TimeRange::new(at("2026-10-26 09:30"), at("2026-10-26 11:00")),
            planned: true,
        },
        // On the holiday: no service hours lost.
        OutageSpan {
            range: TimeRange::new(at("2026-10-12 10:00"), at("2026-10-12 12:00")),
            planned: false,
        },
    ];
    let f = measure(&service, &outages);
    assert_eq!(f.service, Some(hours(168)));
    assert_eq!(f.lost_planned, Duration::minutes(90));
    // Fri 16:00-17:00 (1 h) + Mon 09:00-09:30 (0.5 h).
    assert_eq!(f.lost_unplanned, Duration::minutes(90));
    assert_eq!(f.lost(), hours(3));
    // 1 − 3/168 = 0.982142…
    let a = f.availability().expect("service");
    assert!((a - (1.0 - 3.0 / 168.0)).abs() < 1e-12);
}

#[test]
fn a_round_the_clock_outage_over_the_autumn_change_loses_nine_hours() {
    // Saturday 22:00 BST (21:00 UTC) to Sunday 06:00 GMT (06:00 UTC): 9 real hours.
    let outage = OutageSpan {
        range: TimeRange::new(at("2026-10-24 22:00"), at("2026-10-25 06:00")),
        planned: true,
    };
    let service = service_periods(
        &ServiceHours::ALWAYS,
        &BTreeSet::new(),
        LONDON,
        month(2026, 10),
    );
    let f = measure(&service, &[outage]);
    assert_eq!(f.lost_planned, hours(9));
    assert_eq!(f.lost_unplanned, Duration::zero());
}

#[test]
fn no_service_time_has_no_availability() {
    let f = measure(&[], &[]);
    assert_eq!(f.availability(), None);
}

#[test]
fn hours_are_described_for_people() {
    assert_eq!(describe_weekly(&Weekly::ALWAYS), "24x7");
    assert_eq!(
        describe_weekly(&weekly(WEEKDAYS, "09:00", "17:00")),
        "Mon–Fri 09:00–17:00"
    );
    assert_eq!(
        describe_weekly(&weekly(
            [true, false, true, false, false, false, false],
            "08:00",
            "18:00"
        )),
        "Mon, Wed 08:00–18:00"
    );
    assert_eq!(
        recorded(weekly(WEEKDAYS, "09:00", "17:00"), true).describe(),
        "Mon–Fri 09:00–17:00, not on holidays"
    );
}

#[test]
fn range_algebra() {
    let r = |a: &str, b: &str| TimeRange::new(at(a), at(b));
    let merged = merge(vec![
        r("2026-01-05 10:00", "2026-01-05 12:00"),
        r("2026-01-05 09:00", "2026-01-05 10:00"),
        r("2026-01-05 13:00", "2026-01-05 14:00"),
        r("2026-01-05 11:00", "2026-01-05 11:30"),
    ]);
    assert_eq!(
        merged,
        vec![
            r("2026-01-05 09:00", "2026-01-05 12:00"),
            r("2026-01-05 13:00", "2026-01-05 14:00")
        ]
    );
    let cut = subtract(&merged, &[r("2026-01-05 10:00", "2026-01-05 13:30")]);
    assert_eq!(
        cut,
        vec![
            r("2026-01-05 09:00", "2026-01-05 10:00"),
            r("2026-01-05 13:30", "2026-01-05 14:00")
        ]
    );
    assert_eq!(
        overlap_length(&merged, &[r("2026-01-05 11:00", "2026-01-05 13:30")]),
        Duration::minutes(90)
    );
}

// ---- the slow oracle ----

/// Walk every minute of `span`: in service when its wall-clock time is in
/// the window on a service day; lost when also inside an outage, planned
/// winning over unplanned.
fn oracle(
    hours: &ServiceHours,
    holidays: &BTreeSet<NaiveDate>,
    tz: Tz,
    span: TimeRange,
    outages: &[OutageSpan],
) -> Figures {
    let mut service = Duration::zero();
    let mut f = Figures {
        service: None,
        lost_planned: Duration::zero(),
        lost_unplanned: Duration::zero(),
    };
    let mut t = span.start;
    while t < span.end {
        let local = t.with_timezone(&tz).naive_local();
        let d = local.date();
        let minute = local.hour() * 60 + local.minute();
        let in_service = hours.weekly.days[d.weekday().num_days_from_monday() as usize]
            && !(hours.skips_holidays && holidays.contains(&d))
            && hours.weekly.from_minute <= minute
            && minute < hours.weekly.to_minute;
        if in_service {
            service += Duration::minutes(1);
            let hit = |planned: bool| {
                outages
                    .iter()
                    .any(|o| o.planned == planned && o.range.start <= t && t < o.range.end)
            };
            if hit(true) {
                f.lost_planned += Duration::minutes(1);
            } else if hit(false) {
                f.lost_unplanned += Duration::minutes(1);
            }
        }
        t += Duration::minutes(1);
    }
    f.service = Some(service);
    f
}

fn zone() -> impl Strategy<Value = Tz> {
    prop_oneof![
        Just(chrono_tz::Europe::London),
        Just(chrono_tz::America::New_York),
        // Half-hour clock changes.
        Just(chrono_tz::Australia::Lord_Howe),
        Just(chrono_tz::UTC),
    ]
}

fn span_month() -> impl Strategy<Value = (i32, u32)> {
    prop_oneof![
        Just((2026, 3)),
        Just((2026, 10)),
        Just((2026, 4)),
        Just((2026, 11)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn fast_figures_match_the_minute_by_minute_oracle(
        tz in zone(),
        (year, mon) in span_month(),
        days in prop::array::uniform7(any::<bool>()),
        // Windows in the small hours, where the clocks change, half the time.
        from in prop_oneof![0u32..1440, 0u32..180],
        length in prop_oneof![1u32..1440, 1u32..240],
        skips_holidays in any::<bool>(),
        holiday_days in prop::collection::btree_set(1u32..=28, 0..4),
        raw_outages in prop::collection::vec((0i64..47_000, 1i64..5_000, any::<bool>()), 0..6),
    ) {
        let to = (from + length).min(1440);
        let hours = ServiceHours {
            weekly: Weekly { days, from_minute: from, to_minute: to },
            skips_holidays,
        };
        let holidays: BTreeSet<NaiveDate> =
            holiday_days.iter().map(|&d| day(year, mon, d)).collect();
        let first = day(year, mon, 1);
        let next = if mon == 12 { day(year + 1, 1, 1) } else { day(year, mon + 1, 1) };
        let span = TimeRange::new(start_of_day(first, tz), start_of_day(next, tz));
        // Outages start up to a day before the month and may run past it.
        let base = span.start - Duration::days(1);
        let outages: Vec<OutageSpan> = raw_outages
            .iter()
            .map(|&(start, len, planned)| OutageSpan {
                range: TimeRange::new(
                    base + Duration::minutes(start),
                    base + Duration::minutes(start + len),
                ),
                planned,
            })
            .collect();
        let service = service_periods(&hours, &holidays, tz, span);
        let fast = measure(&service, &outages);
        let slow = oracle(&hours, &holidays, tz, span, &outages);
        prop_assert_eq!(fast, slow);
    }
}

/// The days the clocks change in each zone tried (and an ordinary day).
fn change_day() -> impl Strategy<Value = (Tz, NaiveDate)> {
    prop_oneof![
        Just((LONDON, day(2026, 3, 29))),
        Just((LONDON, day(2026, 10, 25))),
        Just((chrono_tz::America::New_York, day(2026, 3, 8))),
        Just((chrono_tz::America::New_York, day(2026, 11, 1))),
        Just((chrono_tz::Australia::Lord_Howe, day(2026, 4, 5))),
        Just((chrono_tz::Australia::Lord_Howe, day(2026, 10, 4))),
        Just((LONDON, day(2026, 6, 1))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every window on every clock-change day, with outages in and around it.
    #[test]
    fn clock_change_days_match_the_oracle(
        (tz, d) in change_day(),
        from in 0u32..1440,
        length in 1u32..1440,
        raw_outages in prop::collection::vec((0i64..1_600, 1i64..600, any::<bool>()), 0..4),
    ) {
        let hours = ServiceHours {
            weekly: Weekly { days: EVERY_DAY, from_minute: from, to_minute: (from + length).min(1440) },
            skips_holidays: false,
        };
        let span = TimeRange::new(start_of_day(d, tz), start_of_day(next_day(d), tz));
        let base = span.start - Duration::hours(1);
        let outages: Vec<OutageSpan> = raw_outages
            .iter()
            .map(|&(start, len, planned)| OutageSpan {
                range: TimeRange::new(base + Duration::minutes(start), base + Duration::minutes(start + len)),
                planned,
            })
            .collect();
        let service = service_periods(&hours, &BTreeSet::new(), tz, span);
        prop_assert_eq!(
            measure(&service, &outages),
            oracle(&hours, &BTreeSet::new(), tz, span, &outages)
        );
    }
}

#[test]
fn the_oracle_itself_counts_the_long_autumn_day() {
    // Guard against an oracle that agrees with the fast code for the wrong reason.
    let f = oracle(
        &ServiceHours::ALWAYS,
        &BTreeSet::new(),
        LONDON,
        whole_day(day(2026, 10, 25)),
        &[],
    );
    assert_eq!(f.service, Some(hours(25)));
}

#[test]
fn hundredths_are_rounded_down_in_whole_seconds() {
    let f = |service: i64, lost: i64| Figures {
        service: Some(Duration::seconds(service)),
        lost_planned: Duration::seconds(lost),
        lost_unplanned: Duration::zero(),
    };
    // 1 − 60/2,592,000 = 99.99768…%: 9999, not 10000.
    assert_eq!(f(2_592_000, 60).hundredths(), Some(9999));
    // 1 − 1/3 = 66.666…%: 6666, not 6667.
    assert_eq!(f(3, 1).hundredths(), Some(6666));
    assert_eq!(f(10, 0).hundredths(), Some(10_000));
    assert_eq!(f(10, 10).hundredths(), Some(0));
    assert_eq!(f(0, 0).hundredths(), None);
    let unknown = Figures {
        service: None,
        ..f(10, 1)
    };
    assert_eq!((unknown.hundredths(), unknown.availability()), (None, None));
}

#[test]
fn intersection_keeps_what_both_lists_cover() {
    let r = |a: &str, b: &str| TimeRange::new(at(a), at(b));
    let a = [
        r("2024-04-01 08:00", "2024-04-01 18:00"),
        r("2024-04-02 08:00", "2024-04-02 18:00"),
    ];
    let b = [
        r("2024-04-01 09:00", "2024-04-01 17:00"),
        r("2024-04-02 17:00", "2024-04-03 09:00"),
    ];
    assert_eq!(
        intersect(&a, &b),
        [
            r("2024-04-01 09:00", "2024-04-01 17:00"),
            r("2024-04-02 17:00", "2024-04-02 18:00"),
        ]
    );
    assert!(intersect(&a, &[]).is_empty());
}
