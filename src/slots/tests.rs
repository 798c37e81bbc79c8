//! Unit tests of the start axis: which starts a span of time rules out, and
//! which lie inside a window, on days and on minutes, across a clock change.

use chrono_tz::Europe::London;

use super::*;
use crate::table::Ix;
use crate::time::range::testing::range;

fn day(text: &str) -> i64 {
    day_index(NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("day"))
}

#[test]
fn days_ruled_out_by_a_booking_of_days() {
    let axis = Axis::Days(3);
    // A booking 10 to 12 March rules out starts 8 to 12 March.
    let (lo, hi) = axis
        .blocked_by(range("2026-03-10", "2026-03-12"), London)
        .expect("blocks");
    assert_eq!((lo, hi), (day("2026-03-08"), day("2026-03-13")));
    // A datetime range ending at 09:00 still takes that day.
    let (lo, hi) = axis
        .blocked_by(range("2026-03-10T18:00", "2026-03-11T09:00"), London)
        .expect("blocks");
    assert_eq!((lo, hi), (day("2026-03-08"), day("2026-03-12")));
    // Zero length rules out nothing.
    assert_eq!(
        axis.blocked_by(range("2026-03-10T09:00", "2026-03-10T09:00"), London),
        None
    );
}

#[test]
fn minutes_ruled_out_across_the_spring_change() {
    let axis = Axis::Minutes(60);
    // 02:00 BST on 29 March is 01:00 UTC; a one-hour booking may start at 00:00 GMT.
    let r = range("2026-03-29T02:00", "2026-03-29T03:00");
    let (lo, hi) = axis.blocked_by(r, London).expect("blocks");
    assert_eq!(minute_at(lo - 1), r.start - chrono::Duration::minutes(60));
    assert_eq!(minute_at(hi), r.end);
}

#[test]
fn inside_a_window_of_days() {
    let axis = Axis::Days(11);
    let (lo, hi) = axis.inside(range("2026-03-02", "2026-03-31"), London);
    // The last start that still ends on 31 March is 21 March.
    assert_eq!((lo, hi), (day("2026-03-02"), day("2026-03-22")));
    // Too long for the window: nothing inside.
    let (lo, hi) = Axis::Days(31).inside(range("2026-03-02", "2026-03-31"), London);
    assert_eq!(lo, hi);
}

#[test]
fn first_reasons_take_the_lowest_code_and_merge_runs() {
    let clash = |lo, hi, code| Block {
        lo,
        hi,
        reason: Reason::Clash {
            code,
            interval: Ix::new(0),
            env: Ix::new(0),
        },
        span: None,
    };
    let blocks = [
        clash(0, 10, Code::EP203),
        clash(3, 6, Code::EP201),
        clash(5, 12, Code::EP203),
    ];
    let runs = first_reasons(&blocks, 0, 12);
    let spans: Vec<(i64, i64, Option<Code>)> = runs
        .iter()
        .map(|r| (r.first, r.last, r.reason.code()))
        .collect();
    assert_eq!(
        spans,
        [
            (0, 2, Some(Code::EP203)),
            (3, 5, Some(Code::EP201)),
            (6, 11, Some(Code::EP203))
        ]
    );
}
