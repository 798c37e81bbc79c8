//! What changed between two registries, record by record, in the
//! programme's words: "moved +14 days, 2024-04-01 → 2024-04-15" rather than a
//! line diff of YAML.
//!
//! Records are matched by kind and id. Each record is first flattened into
//! named fields (`connectivity.SIT-A.message`, `participants`...), so that
//! one generic comparison covers every field; a few fields the working group
//! cares most about (interval dates, certificate expiry, outage times) are
//! then phrased specially.

use chrono::{NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use crate::registry::describe::{Describe, Fields, Value};
use crate::registry::document::Kind;
use crate::registry::kinds::with_kind;
use crate::registry::{Records, Registry};
use crate::time::format::plural;
use crate::time::When;

/// One record added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordChange {
    pub kind: Kind,
    pub id: String,
    /// Its `name`, for kinds that have one (the newer one when both exist).
    pub name: Option<String>,
    pub change: Change,
}

impl RecordChange {
    /// Its name when that says more than the id.
    pub fn distinct_name(&self) -> Option<&str> {
        self.name.as_deref().filter(|n| *n != self.id)
    }

    /// What happened to it in words, each changed field's phrase passed
    /// through `escape` for the document it goes into.
    pub fn describe(&self, escape: impl Fn(&str) -> String) -> String {
        match &self.change {
            Change::Added => "added".to_owned(),
            Change::Removed => "removed".to_owned(),
            Change::Changed(phrases) => phrases
                .iter()
                .map(|p| escape(p))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    /// What changed, one phrase per field or group of fields.
    Changed(Vec<String>),
}

/// Every record of one kind as (id, name, fields).
type Flat = Vec<(String, Option<String>, Fields)>;

fn flatten<T: Describe>(records: &Records<T>) -> Flat {
    records
        .iter()
        .map(|r| {
            (
                r.value.id().value.to_string(),
                r.value.name().map(|n| n.value.to_string()),
                r.value.fields(),
            )
        })
        .collect()
}

fn by_kind(reg: &Registry, kind: Kind) -> Flat {
    with_kind!(kind, T => flatten(reg.records::<T>()))
}

/// Every record added, removed or changed from `old` to `new`, by kind (in
/// the format's order) and id. `tz` is the programme's timezone, for
/// measuring how far dates moved.
pub fn diff(old: &Registry, new: &Registry, tz: Tz) -> Vec<RecordChange> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let before = by_kind(old, kind);
        let after = by_kind(new, kind);
        let mut ids: Vec<&str> = before
            .iter()
            .chain(after.iter())
            .map(|(id, _, _)| id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            let a = before.iter().find(|(i, _, _)| i == id);
            let b = after.iter().find(|(i, _, _)| i == id);
            let (name, change) = match (a, b) {
                (None, Some((_, name, _))) => (name.clone(), Change::Added),
                (Some((_, name, _)), None) => (name.clone(), Change::Removed),
                (Some((_, _, fa)), Some((_, name, fb))) => {
                    let phrases = compare(kind, fa, fb, tz);
                    if phrases.is_empty() {
                        continue;
                    }
                    (name.clone(), Change::Changed(phrases))
                }
                (None, None) => continue,
            };
            out.push(RecordChange {
                kind,
                id: id.to_owned(),
                name,
                change,
            });
        }
    }
    out
}

/// Phrases for what differs between two versions of one record.
fn compare(kind: Kind, a: &Fields, b: &Fields, tz: Tz) -> Vec<String> {
    let mut phrases = Vec::new();
    let mut handled: Vec<&str> = Vec::new();
    let one = |f: &Fields, name: &str| match f.get(name) {
        Some(Value::One(v)) => Some(v.clone()),
        _ => None,
    };
    match kind {
        Kind::Interval => {
            if let (Some(s0), Some(e0), Some(s1), Some(e1)) = (
                one(a, "start"),
                one(a, "end"),
                one(b, "start"),
                one(b, "end"),
            ) {
                if let Some(p) = interval_dates(&s0, &e0, &s1, &e1, tz) {
                    phrases.extend(p);
                    handled.extend(["start", "end"]);
                }
            }
        }
        Kind::Certificate => {
            if let (Some(x), Some(y)) = (one(a, "expires"), one(b, "expires")) {
                if x != y {
                    if let Some(shift) = shift_between(&x, &y, tz, true) {
                        phrases.push(format!("expiry {x} → {y} ({})", describe_shift(shift)));
                        handled.push("expires");
                    }
                }
            }
        }
        Kind::Outage => {
            if let (Some(x), Some(y)) = (one(a, "start"), one(b, "start")) {
                if x != y {
                    if let Some(shift) = shift_between(&x, &y, tz, false) {
                        phrases.push(format!("start {x} → {y} ({})", describe_shift(shift)));
                        handled.push("start");
                    }
                }
            }
            match (one(a, "end"), one(b, "end")) {
                (None, Some(y)) => {
                    phrases.push(format!("ended {y} (was ongoing)"));
                    handled.push("end");
                }
                (Some(x), None) => {
                    phrases.push(format!("ongoing again (end {x} removed)"));
                    handled.push("end");
                }
                (Some(x), Some(y)) if x != y => {
                    if let Some(shift) = shift_between(&x, &y, tz, true) {
                        phrases.push(format!("end {x} → {y} ({})", describe_shift(shift)));
                        handled.push("end");
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
    // Every other field, in the order written (new order, then fields only the old one had).
    let mut names: Vec<&str> = b.0.iter().map(|(n, _)| n.as_str()).collect();
    for (n, _) in &a.0 {
        if !names.contains(&n.as_str()) {
            names.push(n);
        }
    }
    for name in names {
        if handled.contains(&name) {
            continue;
        }
        if let Some(p) = generic(name, a.get(name), b.get(name)) {
            phrases.push(p);
        }
    }
    phrases
}

fn generic(name: &str, a: Option<&Value>, b: Option<&Value>) -> Option<String> {
    let as_list = |v: Option<&Value>| -> Vec<String> {
        match v {
            Some(Value::Many(l)) => l.clone(),
            Some(Value::One(s)) => vec![s.clone()],
            None => Vec::new(),
        }
    };
    match (a, b) {
        (x, y) if x == y => None,
        (Some(Value::Many(_)), _) | (_, Some(Value::Many(_))) => {
            let (old, new) = (as_list(a), as_list(b));
            let added: Vec<String> = new.iter().filter(|v| !old.contains(v)).cloned().collect();
            let removed: Vec<String> = old.iter().filter(|v| !new.contains(v)).cloned().collect();
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("added {}", added.join(", ")));
            }
            if !removed.is_empty() {
                parts.push(format!("removed {}", removed.join(", ")));
            }
            if parts.is_empty() {
                // Same members, another order.
                return Some(format!("{name}: reordered"));
            }
            Some(format!("{name}: {}", parts.join("; ")))
        }
        (None, Some(Value::One(y))) => Some(format!("{name}: set to {y}")),
        (Some(Value::One(x)), None) => Some(format!("{name}: removed (was {x})")),
        (Some(Value::One(x)), Some(Value::One(y))) => Some(format!("{name}: {x} → {y}")),
        (None, None) => None,
    }
}

/// The local wall-clock time a written date or datetime means; a date means
/// its first moment, or, as the end of something, the next day's first moment.
fn local(text: &str, tz: Tz, as_end: bool) -> Option<NaiveDateTime> {
    match When::parse(text).ok()? {
        When::Date(d) => {
            let d = if as_end { d.succ_opt()? } else { d };
            Some(d.and_time(NaiveTime::MIN))
        }
        When::Local(l) => Some(l),
        When::Exact(e) => Some(e.with_timezone(&tz).naive_local()),
    }
}

/// How far a written time moved, on the wall clock (so whole days stay whole across clock changes).
fn shift_between(old: &str, new: &str, tz: Tz, as_end: bool) -> Option<chrono::Duration> {
    Some(local(new, tz, as_end)? - local(old, tz, as_end)?)
}

/// "moved +14 days, 2024-04-01 → 2024-04-15", or the start and end apart
/// with "lengthened by 3 days".
fn interval_dates(s0: &str, e0: &str, s1: &str, e1: &str, tz: Tz) -> Option<Vec<String>> {
    let ds = shift_between(s0, s1, tz, false)?;
    let de = shift_between(e0, e1, tz, true)?;
    let mut out = Vec::new();
    if ds == de {
        if !ds.is_zero() {
            out.push(format!("moved {}, {s0} → {s1}", describe_shift(ds)));
        } else if s0 != s1 || e0 != e1 {
            // Same times, written differently (a date for 00:00...).
            out.push(format!("dates rewritten: {s0} – {e0} → {s1} – {e1}"));
        }
        return Some(out);
    }
    if !ds.is_zero() {
        out.push(format!("start {s0} → {s1} ({})", describe_shift(ds)));
    }
    if !de.is_zero() {
        out.push(format!("end {e0} → {e1} ({})", describe_shift(de)));
    }
    let longer = de - ds;
    if longer > chrono::Duration::zero() {
        out.push(format!("lengthened by {}", describe_length(longer)));
    } else {
        out.push(format!("shortened by {}", describe_length(-longer)));
    }
    Some(out)
}

/// "+14 days", "-1 day", "+2 hours 30 minutes".
pub fn describe_shift(d: chrono::Duration) -> String {
    let sign = if d < chrono::Duration::zero() {
        "-"
    } else {
        "+"
    };
    format!("{sign}{}", describe_length(d.abs()))
}

fn describe_length(d: chrono::Duration) -> String {
    let minutes = d.num_minutes();
    let (days, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(plural(days, "day"));
    }
    if h > 0 {
        parts.push(plural(h, "hour"));
    }
    if m > 0 || parts.is_empty() {
        parts.push(plural(m, "minute"));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONDON: Tz = chrono_tz::Europe::London;

    fn registry(texts: &[(&str, &str)]) -> Registry {
        Registry::from_texts(
            std::path::Path::new("/nowhere"),
            texts
                .iter()
                .map(|(r, t)| (r.to_string(), t.to_string()))
                .collect(),
        )
        .registry
    }

    fn interval(id: &str, start: &str, end: &str, extra: &str) -> String {
        format!(
            "kind: Interval\nid: {id}\nname: SIT-B NFT cycle 1\nenvironment: SIT-B\nstage: nft\nstart: {start}\nend: {end}\n{extra}"
        )
    }

    fn phrases(old: &Registry, new: &Registry) -> Vec<(String, Change)> {
        diff(old, new, LONDON)
            .into_iter()
            .map(|c| (format!("{} {}", c.kind, c.id), c.change))
            .collect()
    }

    #[test]
    fn a_moved_interval_says_how_far() {
        let old = registry(&[("i.yaml", &interval("NFT-1", "2024-04-01", "2024-04-05", ""))]);
        let new = registry(&[("i.yaml", &interval("NFT-1", "2024-04-15", "2024-04-19", ""))]);
        assert_eq!(
            phrases(&old, &new),
            vec![(
                "Interval NFT-1".to_owned(),
                Change::Changed(vec!["moved +14 days, 2024-04-01 → 2024-04-15".to_owned()])
            )]
        );
        // Whole days stay whole across the clock change (31 March 2024).
        let old = registry(&[("i.yaml", &interval("NFT-1", "2024-03-25", "2024-03-29", ""))]);
        let new = registry(&[("i.yaml", &interval("NFT-1", "2024-04-01", "2024-04-05", ""))]);
        assert_eq!(
            phrases(&old, &new)[0].1,
            Change::Changed(vec!["moved +7 days, 2024-03-25 → 2024-04-01".to_owned()])
        );
    }

    #[test]
    fn lengthened_status_and_participants() {
        let old = registry(&[(
            "i.yaml",
            &interval(
                "NFT-1",
                "2024-04-01",
                "2024-04-05",
                "participants: [ACME, BETA]\n",
            ),
        )]);
        let new = registry(&[(
            "i.yaml",
            &interval(
                "NFT-1",
                "2024-04-01",
                "2024-04-10",
                "participants: [ACME, GAMA]\nstatus: confirmed\n",
            ),
        )]);
        assert_eq!(
            phrases(&old, &new)[0].1,
            Change::Changed(vec![
                "end 2024-04-05 → 2024-04-10 (+5 days)".to_owned(),
                "lengthened by 5 days".to_owned(),
                "participants: added GAMA; removed BETA".to_owned(),
                "status: planned → confirmed".to_owned(),
            ])
        );
    }

    #[test]
    fn added_removed_and_unchanged_records() {
        let cert = |id: &str, expires: &str| {
            format!("kind: Certificate\nid: {id}\nparticipant: ACME\nenvironment: SIT-A\npurpose: tls\nexpires: {expires}\n")
        };
        let old = registry(&[(
            "c.yaml",
            &format!(
                "{}---\n{}",
                cert("C-1", "2024-10-05"),
                cert("C-2", "2024-10-05")
            ),
        )]);
        let new = registry(&[
            (
                "c.yaml",
                &format!(
                    "{}---\n{}",
                    cert("C-1", "2025-10-05"),
                    cert("C-3", "2025-01-01")
                ),
            ),
            // Moving a record to another file is not a change.
            (
                "other.yaml",
                &interval("NFT-1", "2024-04-01", "2024-04-05", ""),
            ),
        ]);
        let old_with_interval = registry(&[
            (
                "c.yaml",
                &format!(
                    "{}---\n{}",
                    cert("C-1", "2024-10-05"),
                    cert("C-2", "2024-10-05")
                ),
            ),
            ("i.yaml", &interval("NFT-1", "2024-04-01", "2024-04-05", "")),
        ]);
        assert_eq!(
            phrases(&old_with_interval, &new),
            vec![
                (
                    "Certificate C-1".to_owned(),
                    Change::Changed(vec!["expiry 2024-10-05 → 2025-10-05 (+365 days)".to_owned()])
                ),
                ("Certificate C-2".to_owned(), Change::Removed),
                ("Certificate C-3".to_owned(), Change::Added),
            ]
        );
        assert!(phrases(&new, &new).is_empty());
        assert_eq!(phrases(&old, &new).len(), 4);
    }

    #[test]
    fn outage_end_and_generic_fields() {
        let outage = |end: &str, defect: &str| {
            format!("kind: Outage\nid: O-1\nenvironment: SIT-A\nplanned: false\nreason: software-failure\nstart: 2026-10-23T16:00\n{end}{defect}")
        };
        let old = registry(&[("o.yaml", &outage("", ""))]);
        let new = registry(&[(
            "o.yaml",
            &outage("end: 2026-10-26T10:00\n", "defect: ADO-1\n"),
        )]);
        assert_eq!(
            phrases(&old, &new)[0].1,
            Change::Changed(vec![
                "ended 2026-10-26T10:00 (was ongoing)".to_owned(),
                "defect: set to ADO-1".to_owned(),
            ])
        );
        assert_eq!(
            phrases(&new, &old)[0].1,
            Change::Changed(vec![
                "ongoing again (end 2026-10-26T10:00 removed)".to_owned(),
                "defect: removed (was ADO-1)".to_owned(),
            ])
        );
    }

    #[test]
    fn shifts_read_naturally() {
        assert_eq!(describe_shift(chrono::Duration::days(-1)), "-1 day");
        assert_eq!(
            describe_shift(chrono::Duration::minutes(150)),
            "+2 hours 30 minutes"
        );
    }

    /// Every field the format has is compared: a field added to a record
    /// type without a line in its `*_fields` function fails here.
    #[test]
    fn every_field_of_every_kind_is_compared() {
        fn properties<T: schemars::JsonSchema>() -> Vec<String> {
            let schema = schemars::schema_for!(T);
            let value = serde_json::to_value(&schema).unwrap();
            value["properties"]
                .as_object()
                .unwrap()
                .keys()
                .filter(|k| *k != "id")
                .cloned()
                .collect()
        }
        let full = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/history/testdata/every-field.yaml"
        ))
        .unwrap();
        let loaded = Registry::from_texts(
            std::path::Path::new("/nowhere"),
            vec![("all.yaml".to_owned(), full)],
        );
        assert!(loaded.findings.is_empty(), "{:#?}", loaded.findings);
        let reg = loaded.registry;
        let check = |kind: Kind, props: Vec<String>| {
            let flat = by_kind(&reg, kind);
            let (_, _, fields) = flat.first().unwrap();
            for p in props {
                assert!(
                    fields
                        .0
                        .iter()
                        .any(|(n, _)| n == &p || n.starts_with(&format!("{p}."))),
                    "{kind}: field `{p}` is not compared"
                );
            }
        };
        crate::registry::kinds::each_kind!(T => {
            check(<T as crate::registry::RecordKind>::KIND, properties::<T>());
        });
    }
}
