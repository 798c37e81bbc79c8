//! The sweep behind clash and outage detection: which spans of time overlap
//! and belong to different classes.
//!
//! Every question this module answers has the same shape: two holds on one
//! environment conflict when they overlap *and* their classes differ. On an
//! exclusive environment each interval is its own class; on a serial-stages
//! environment the class is the stage; on a single-upstream environment it is
//! the upstream; for outages over bookings the classes are "outage" and
//! "booking". Putting it this way lets one algorithm serve all of them.
//!
//! Spans are visited in order of start while the active ones (started, not
//! yet ended) are kept grouped by class. A new span overlaps every active
//! span, so it conflicts with every member of every *other* group. Only
//! non-empty groups are kept, so each group visited yields at least one pair:
//! a pile of compatible spans (one stage, one upstream) is never walked over.
//! With `n` spans and `k` conflicting pairs the cost is O(n log n + k).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use crate::time::{Instant, TimeRange};

/// A span of time and the class that decides what it conflicts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub range: TimeRange,
    pub class: usize,
}

/// Every pair `(a, b)` of indices into `spans` whose ranges share a positive
/// length of time and whose classes differ; `b` is the one visited later
/// (later start, or the same start and a larger index). Empty spans overlap
/// nothing and are skipped.
pub fn conflicting_pairs(spans: &[Span]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..spans.len())
        .filter(|&i| spans[i].range.start < spans[i].range.end)
        .collect();
    order.sort_unstable_by_key(|&i| (spans[i].range.start, i));

    let mut pairs = Vec::new();
    let mut active = Active::default();
    for &i in &order {
        let span = spans[i];
        // Half-open ranges: a span ending exactly when this one starts is
        // not an overlap, so it leaves before this one is compared.
        active.end_before_or_at(span.range.start, spans);
        for (&class, members) in &active.by_class {
            if class != span.class {
                pairs.extend(members.iter().map(|&j| (j, i)));
            }
        }
        active.start(i, span);
    }
    pairs
}

/// The spans that have started and not yet ended, grouped by class.
#[derive(Debug, Default)]
struct Active {
    /// Only non-empty groups are kept.
    by_class: BTreeMap<usize, BTreeSet<usize>>,
    /// Active spans, soonest end first.
    ends: BinaryHeap<Reverse<(Instant, usize)>>,
}

impl Active {
    fn start(&mut self, i: usize, span: Span) {
        self.by_class.entry(span.class).or_default().insert(i);
        self.ends.push(Reverse((span.range.end, i)));
    }

    fn end_before_or_at(&mut self, t: Instant, spans: &[Span]) {
        while let Some(&Reverse((end, j))) = self.ends.peek() {
            if end > t {
                break;
            }
            self.ends.pop();
            let class = spans[j].class;
            if let Some(group) = self.by_class.get_mut(&class) {
                group.remove(&j);
                if group.is_empty() {
                    self.by_class.remove(&class);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    fn at(minute: i64) -> Instant {
        Utc.timestamp_opt(1_700_000_000 + minute * 60, 0)
            .single()
            .expect("valid timestamp")
    }

    fn span(from: i64, to: i64, class: usize) -> Span {
        Span {
            range: TimeRange::new(at(from), at(to)),
            class,
        }
    }

    /// The definition, pair by pair.
    fn all_pairs(spans: &[Span]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for a in 0..spans.len() {
            for b in a + 1..spans.len() {
                if spans[a].class != spans[b].class && spans[a].range.overlaps(&spans[b].range) {
                    out.push((a, b));
                }
            }
        }
        out
    }

    fn normalised(pairs: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
        let mut v: Vec<_> = pairs
            .into_iter()
            .map(|(a, b)| (a.min(b), a.max(b)))
            .collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn touching_spans_do_not_conflict() {
        assert!(conflicting_pairs(&[span(0, 60, 0), span(60, 120, 1)]).is_empty());
        assert_eq!(
            conflicting_pairs(&[span(0, 61, 0), span(60, 120, 1)]),
            vec![(0, 1)]
        );
    }

    #[test]
    fn same_class_never_conflicts() {
        assert!(conflicting_pairs(&[span(0, 60, 3), span(0, 60, 3)]).is_empty());
    }

    #[test]
    fn empty_spans_overlap_nothing() {
        assert!(conflicting_pairs(&[span(30, 30, 0), span(0, 60, 1)]).is_empty());
    }

    #[test]
    fn later_one_is_second() {
        assert_eq!(
            conflicting_pairs(&[span(10, 60, 0), span(0, 60, 1)]),
            vec![(1, 0)]
        );
        // Same start: the larger index is visited later.
        assert_eq!(
            conflicting_pairs(&[span(0, 60, 0), span(0, 60, 1)]),
            vec![(0, 1)]
        );
    }

    #[test]
    fn compatible_pile_is_not_walked() {
        // Many active spans of one class, then many of another: every pair
        // across the classes is reported and nothing within a class.
        let mut spans: Vec<Span> = (0..50).map(|i| span(i, 1000, 0)).collect();
        spans.extend((0..3).map(|i| span(500 + i, 600, 1)));
        let pairs = conflicting_pairs(&spans);
        assert_eq!(pairs.len(), 50 * 3);
        assert_eq!(normalised(pairs), all_pairs(&spans));
    }

    fn arb_span() -> impl Strategy<Value = Span> {
        (0i64..200, 0i64..80, 0usize..4)
            .prop_map(|(from, len, class)| span(from, from + len, class))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn agrees_with_all_pairs(spans in prop::collection::vec(arb_span(), 0..60)) {
            let fast = conflicting_pairs(&spans);
            for &(a, b) in &fast {
                let key = |i: usize| (spans[i].range.start, i);
                prop_assert!(key(a) < key(b), "pair ({a}, {b}) not in visiting order");
            }
            prop_assert_eq!(normalised(fast), all_pairs(&spans));
        }
    }
}
