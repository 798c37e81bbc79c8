use chrono_tz::Europe::London;
use proptest::prelude::*;

use super::*;
use crate::registry::records::Status;
use crate::table::Ix;
use crate::time::When;

/// A table of the given items, for the `_among` functions.
fn table<K, T: Clone>(items: &[T]) -> Table<K, T> {
    items.iter().cloned().collect()
}

/// The index at `n`, for comparing with results.
fn ix<K>(n: usize) -> Ix<K> {
    Ix::new(n)
}

fn when(text: &str) -> When {
    When::parse(text).expect("test dates are well formed")
}

fn range(start: &str, end: &str) -> Option<TimeRange> {
    TimeRange::from_whens(&when(start), &when(end), London).ok()
}

/// What a test booking borrows its facts from.
#[derive(Debug, Clone)]
struct Held {
    id: String,
    stage: String,
    facts: IntervalFacts,
}

impl Held {
    fn new(
        id: impl Into<String>,
        env: Option<EnvIx>,
        uses: Vec<EnvIx>,
        stage: &str,
        range: Option<TimeRange>,
        cancelled: bool,
    ) -> Self {
        Held {
            id: id.into(),
            stage: stage.to_owned(),
            facts: IntervalFacts {
                env,
                uses: uses.into(),
                range,
                status: if cancelled {
                    Status::Cancelled
                } else {
                    Status::Planned
                },
                ..IntervalFacts::default()
            },
        }
    }
}

fn view(held: &[Held]) -> Table<Interval, Booking<'_>> {
    held.iter()
        .map(|h| Booking {
            id: &h.id,
            stage: &h.stage,
            stage_unreadable: false,
            facts: &h.facts,
        })
        .collect()
}

/// A booking on `env` from `start` to `end` (as written in a registry).
fn booking(id: &str, env: usize, uses: &[usize], stage: &str, start: &str, end: &str) -> Held {
    Held::new(
        id,
        Some(Ix::new(env)),
        uses.iter().map(|&u| Ix::new(u)).collect(),
        stage,
        range(start, end),
        false,
    )
}

fn minutes(r: &TimeRange) -> i64 {
    r.length().num_minutes()
}

#[test]
fn back_to_back_days_and_times_do_not_clash() {
    let held = [
        booking("A", 0, &[], "s", "2024-04-01", "2024-04-05"),
        booking("B", 0, &[], "s", "2024-04-06", "2024-04-10"),
        booking("C", 0, &[], "s", "2024-04-11T08:00", "2024-04-11T09:00"),
        booking("D", 0, &[], "s", "2024-04-11T09:00", "2024-04-11T10:00"),
    ];
    let b = view(&held);
    assert!(clashes_among(&table(&[Sharing::Exclusive]), &b).is_empty());
}

#[test]
fn one_minute_is_a_clash() {
    let held = [
        booking("A", 0, &[], "s", "2024-04-11T08:00", "2024-04-11T09:01"),
        booking("B", 0, &[], "s", "2024-04-11T09:00", "2024-04-11T10:00"),
    ];
    let b = view(&held);
    let c = clashes_among(&table(&[Sharing::Exclusive]), &b);
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].earlier, c[0].later), (ix(0), ix(1)));
    assert_eq!(minutes(&c[0].overlap), 1);
}

#[test]
fn clock_change_days_have_their_real_length() {
    // 2024-03-31 has 23 hours in London and 2024-10-27 has 25; an evening
    // booking overlapping the last hour of each day clashes for one hour.
    let held = [
        booking("SPRING-DAY", 0, &[], "s", "2024-03-31", "2024-03-31"),
        booking(
            "SPRING-EVE",
            0,
            &[],
            "s",
            "2024-03-31T23:00",
            "2024-04-01T01:00",
        ),
        booking("AUTUMN-DAY", 0, &[], "s", "2024-10-27", "2024-10-27"),
        booking(
            "AUTUMN-EVE",
            0,
            &[],
            "s",
            "2024-10-27T23:00",
            "2024-10-28T01:00",
        ),
    ];
    let b = view(&held);
    assert_eq!(minutes(&b[ix(0)].range().expect("range")), 23 * 60);
    assert_eq!(minutes(&b[ix(2)].range().expect("range")), 25 * 60);
    let c = clashes_among(&table(&[Sharing::Exclusive]), &b);
    assert_eq!(c.len(), 2);
    assert!(c.iter().all(|c| minutes(&c.overlap) == 60));
}

#[test]
fn ties_put_the_larger_id_later() {
    // Same start: the larger id is the later one, whatever the registry order.
    let held = [
        booking("Z", 0, &[], "s", "2024-04-01", "2024-04-02"),
        booking("A", 0, &[], "s", "2024-04-01", "2024-04-03"),
    ];
    let b = view(&held);
    let c = clashes_among(&table(&[Sharing::Exclusive]), &b);
    assert_eq!((c[0].earlier, c[0].later), (ix(1), ix(0)));
}

#[test]
fn serial_stages_clash_only_across_stages() {
    let held = [
        booking("M1", 0, &[], "migration", "2024-04-01", "2024-04-10"),
        booking("M2", 0, &[], "migration", "2024-04-02", "2024-04-10"),
        booking("N1", 0, &[], "non-functional", "2024-04-05", "2024-04-06"),
    ];
    let b = view(&held);
    let c = clashes_among(&table(&[Sharing::SerialStages]), &b);
    let pairs: Vec<_> = c.iter().map(|c| (c.earlier, c.later)).collect();
    assert_eq!(pairs, vec![(ix(0), ix(2)), (ix(1), ix(2))]);
}

#[test]
fn single_upstream_compares_the_way_in() {
    // Env 0 = DCC (single-upstream), 1 = SIT-A, 2 = SIT-B (shared).
    let modes = [Sharing::SingleUpstream, Sharing::Shared, Sharing::Shared];
    let held = [
        booking("A1", 1, &[0], "f", "2024-04-01", "2024-04-10"),
        booking("A2", 1, &[0], "f", "2024-04-01", "2024-04-10"),
        booking("B1", 2, &[0], "m", "2024-04-08", "2024-04-12"),
        booking("D1", 0, &[], "f", "2024-04-12", "2024-04-12"),
    ];
    let b = view(&held);
    let c = clashes_among(&table(&modes), &b);
    let pairs: Vec<_> = c
        .iter()
        .map(|c| {
            (
                c.earlier.index(),
                c.earlier_upstream.index(),
                c.later.index(),
                c.later_upstream.index(),
            )
        })
        .collect();
    // A1 and A2 come the same way; B1 comes through SIT-B; D1 is booked on DCC itself.
    assert_eq!(pairs, vec![(0, 1, 2, 2), (1, 1, 2, 2), (2, 2, 3, 0)]);
}

#[test]
fn shared_and_cancelled_never_clash() {
    let mut held = [
        booking("A", 0, &[], "s", "2024-04-01", "2024-04-05"),
        booking("B", 0, &[], "s", "2024-04-01", "2024-04-05"),
    ];
    assert!(clashes_among(&table(&[Sharing::Shared]), &view(&held)).is_empty());
    assert_eq!(
        clashes_among(&table(&[Sharing::Exclusive]), &view(&held)).len(),
        1
    );
    held[1].facts.status = Status::Cancelled;
    assert!(clashes_among(&table(&[Sharing::Exclusive]), &view(&held)).is_empty());
}

#[test]
fn a_pair_clashing_twice_is_reported_once() {
    let modes = [Sharing::Exclusive, Sharing::Exclusive];
    let held = [
        booking("A", 0, &[1], "s", "2024-04-01", "2024-04-05"),
        booking("B", 0, &[1, 1, 0], "s", "2024-04-03", "2024-04-08"),
    ];
    let b = view(&held);
    let c = clashes_among(&table(&modes), &b);
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].env, c[0].also_on.clone()), (ix(0), vec![ix(1)]));
}

#[test]
fn outages_meet_bookings_that_use_the_environment() {
    let held = [
        booking("OWN", 0, &[], "s", "2024-05-04", "2024-05-04"),
        booking("VIA", 1, &[0], "s", "2024-05-04T17:00", "2024-05-04T18:00"),
        booking("AFTER", 0, &[], "s", "2024-05-05T06:00", "2024-05-06"),
    ];
    let b = view(&held);
    let outages = [
        OutageSpan {
            env: Some(ix(0)),
            range: range("2024-05-04T18:00", "2024-05-05T06:00"),
            planned: true,
        },
        OutageSpan {
            env: Some(ix(0)),
            range: range("2024-05-04T12:00", "2024-05-04T20:00"),
            planned: false,
        },
    ];
    let hits = outage_overlaps_among(2, &b, &table(&outages));
    let got: Vec<_> = hits
        .iter()
        .map(|o| {
            (
                o.outage.index(),
                o.interval.index(),
                o.upstream.index(),
                minutes(&o.overlap),
            )
        })
        .collect();
    // Only OWN overlaps the planned outage (18:00 to midnight); VIA ends as
    // it starts and AFTER starts as it ends; the unplanned one is not EP206.
    assert_eq!(got, vec![(0, 0, 0, 6 * 60)]);
}

// ---- property tests: the sweep against the all-pairs oracle ----

/// Days around both 2024 clock changes in London, and times that make
/// touching ends, one-minute overlaps, and local times that do not exist
/// (spring) or happen twice (autumn) likely.
const DAYS: [&str; 10] = [
    "2024-03-29",
    "2024-03-30",
    "2024-03-31",
    "2024-04-01",
    "2024-04-02",
    "2024-10-25",
    "2024-10-26",
    "2024-10-27",
    "2024-10-28",
    "2024-10-29",
];
const TIMES: [&str; 12] = [
    "00:00", "00:30", "01:00", "01:30", "02:00", "02:30", "08:59", "09:00", "09:01", "12:00",
    "23:00", "23:59",
];

/// A date, a local datetime, or a datetime in UTC, near day `day` of a season.
fn arb_when(season: usize) -> impl Strategy<Value = String> {
    (0usize..5, 0usize..TIMES.len(), 0u8..3).prop_map(move |(d, t, form)| {
        let day = DAYS[season * 5 + d];
        match form {
            0 => day.to_owned(),
            1 => format!("{day}T{}", TIMES[t]),
            _ => format!("{day}T{}Z", TIMES[t]),
        }
    })
}

/// Start and end, as written (swapped if backwards); a local time that does
/// not exist or is ambiguous leaves the booking without a range, as the
/// model does.
fn arb_range() -> impl Strategy<Value = Option<TimeRange>> {
    (0usize..2)
        .prop_flat_map(|season| (arb_when(season), arb_when(season)))
        .prop_map(|(s, e)| {
            let (s, e) = (when(&s), when(&e));
            TimeRange::from_whens(&s, &e, London)
                .or_else(|_| TimeRange::from_whens(&e, &s, London))
                .ok()
        })
}

/// A generated booking: environment, uses, stage, range, cancelled.
type Generated = (
    Option<EnvIx>,
    Vec<EnvIx>,
    &'static str,
    Option<TimeRange>,
    bool,
);

#[derive(Debug, Clone)]
struct Case {
    sharing: Vec<Sharing>,
    bookings: Vec<Generated>,
    /// Booking ids: a shuffled numbering, so that id order is not index order.
    ids: Vec<String>,
    outages: Vec<OutageSpan>,
}

impl Case {
    fn held(&self) -> Vec<Held> {
        self.bookings
            .iter()
            .zip(&self.ids)
            .map(|((env, uses, stage, range, cancelled), id)| {
                Held::new(id, *env, uses.clone(), stage, *range, *cancelled)
            })
            .collect()
    }
}

fn arb_sharing() -> impl Strategy<Value = Sharing> {
    prop_oneof![
        Just(Sharing::Shared),
        Just(Sharing::Exclusive),
        Just(Sharing::SerialStages),
        Just(Sharing::SingleUpstream),
    ]
}

fn arb_case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(arb_sharing(), 1..5),
        0usize..40,
        0usize..6,
    )
        .prop_flat_map(|(sharing, n, outages)| {
            let envs = sharing.len();
            let env = prop_oneof![9 => (0..envs).prop_map(|e| Some(Ix::new(e))), 1 => Just(None)];
            let one = (
                env,
                prop::collection::vec((0..envs).prop_map(Ix::new), 0..3),
                prop::sample::select(vec!["functional", "migration", "non-functional"]),
                arb_range(),
                prop::bool::weighted(0.15),
            );
            let outage = (
                prop_oneof![9 => (0..envs).prop_map(|e| Some(Ix::new(e))), 1 => Just(None)],
                arb_range(),
                prop::bool::weighted(0.2),
                prop::bool::weighted(0.8),
            )
                .prop_map(|(env, range, ongoing, planned)| OutageSpan {
                    env,
                    range: range.map(|r| {
                        if ongoing {
                            TimeRange::new(r.start, chrono::DateTime::<chrono::Utc>::MAX_UTC)
                        } else {
                            r
                        }
                    }),
                    planned,
                });
            (
                Just(sharing),
                prop::collection::vec(one, n),
                Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
                prop::collection::vec(outage, outages),
            )
        })
        .prop_map(|(sharing, bookings, order, outages)| Case {
            sharing,
            bookings,
            ids: order.iter().map(|k| format!("IV-{k:02}")).collect(),
            outages,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn sweep_finds_the_same_clashes_as_all_pairs(case in arb_case()) {
        let held = case.held();
        let bookings = view(&held);
        let fast = clashes_among(&table(&case.sharing), &bookings);
        let slow = oracle::clashes(&case.sharing, &bookings);
        prop_assert_eq!(fast, slow);
    }

    #[test]
    fn sweep_finds_the_same_outage_overlaps_as_all_pairs(case in arb_case()) {
        let held = case.held();
        let bookings = view(&held);
        let envs = case.sharing.len();
        let fast = outage_overlaps_among(envs, &bookings, &table(&case.outages));
        let slow = oracle::outage_overlaps(envs, &bookings, &case.outages);
        prop_assert_eq!(fast, slow);
    }
}

/// Not a benchmark: a guard that nothing on the path is quadratic. 50,000
/// back-to-back bookings on one exclusive environment (plus a handful of
/// clashes) would take minutes all-pairs; the sweep takes a fraction of a second.
#[test]
fn fifty_thousand_bookings_are_quick() {
    use chrono::{Duration, TimeZone, Utc};
    let base = Utc
        .with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
        .single()
        .expect("valid");
    let ids: Vec<String> = (0..50_000).map(|i| format!("IV-{i:05}")).collect();
    let held: Vec<Held> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let start = base + Duration::hours(i as i64);
            // Every 10,000th booking runs 90 minutes into the next one.
            let len = if i % 10_000 == 0 { 90 } else { 60 };
            let range = TimeRange::new(start, start + Duration::minutes(len));
            Held::new(
                id,
                Some(ix(0)),
                vec![ix(1)],
                "functional",
                Some(range),
                false,
            )
        })
        .collect();
    let bookings = view(&held);
    let started = std::time::Instant::now();
    let clashes = clashes_among(
        &table(&[Sharing::Exclusive, Sharing::SerialStages]),
        &bookings,
    );
    let outages = [OutageSpan {
        env: Some(ix(1)),
        range: Some(TimeRange::new(
            base + Duration::minutes(30),
            base + Duration::minutes(150),
        )),
        planned: true,
    }];
    let overlaps = outage_overlaps_among(2, &bookings, &table(&outages));
    let took = started.elapsed();
    assert_eq!(clashes.len(), 5);
    assert_eq!(overlaps.len(), 3);
    // Generous for a debug build on a busy machine; all-pairs is ~1.25e9 comparisons.
    assert!(took.as_secs() < 10, "took {took:?}");
}
