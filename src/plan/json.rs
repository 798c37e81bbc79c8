//! The plan as JSON for scripts: the period and one row per interval and per
//! outage, in the same order as the CSV.
//!
//! ```json
//! {"version": 1, "programme": "MHHS", "timezone": "Europe/London",
//!  "as_of": "2026-03-18", "from": "2026-03-01", "to": "2026-05-31",
//!  "rows": [
//!    {"kind": "interval", "id": "FUNC-1", "environment": "SIT-A",
//!     "name": "Functional cycle 1", "stage": "functional",
//!     "participants": ["ALFA"], "uses": [], "status": "confirmed",
//!     "start": "2026-03-02", "end": "2026-03-13",
//!     "first_day": "2026-03-02", "last_day": "2026-03-13",
//!     "clashing": true, "clashes_with": ["FUNC-2"],
//!     "continues_before": false, "continues_after": false},
//!    {"kind": "outage", "id": "OUT-3", "environment": "UIT",
//!     "reason": "software-failure", "planned": false, "ongoing": true,
//!     "start": "2026-03-17T08:00", "end": null, ...}]}
//! ```
//! `start` and `end` are as written; `first_day` and `last_day` are the civil
//! days covered (an ongoing outage's `last_day` is the period's last day).
//! Fields that do not apply to a row's kind are left out.
//!
//! `environments` has one object per environment shown, with its own dates
//! (format v2): `required` (`{"from", "to"}` or null), `required_in_period`
//! (the days of it inside the period, or null), `sandbox_end`, and
//! `readiness` (`{"status", "ready_on", "ready_as_of", "not_ready_in_period"}`
//! or null when not tracked).

use serde::Serialize;

use super::Timeline;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    programme: &'a str,
    timezone: &'a str,
    as_of: String,
    from: String,
    to: String,
    environments: Vec<Environment<'a>>,
    rows: Vec<Row<'a>>,
}

#[derive(Serialize)]
struct Environment<'a> {
    id: &'a str,
    name: &'a str,
    required: Option<Days>,
    required_in_period: Option<Days>,
    sandbox_end: Option<String>,
    readiness: Option<Readiness<'a>>,
}

#[derive(Serialize)]
struct Days {
    from: String,
    to: String,
}

impl Days {
    fn of(days: Option<(chrono::NaiveDate, chrono::NaiveDate)>) -> Option<Days> {
        days.map(|(a, b)| Days {
            from: a.to_string(),
            to: b.to_string(),
        })
    }
}

#[derive(Serialize)]
struct Readiness<'a> {
    status: &'a str,
    ready_on: Option<String>,
    ready_as_of: bool,
    not_ready_in_period: Option<Days>,
}

#[derive(Serialize)]
struct Row<'a> {
    kind: &'static str,
    id: &'a str,
    environment: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    participants: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uses: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    planned: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ongoing: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    defect: Option<&'a str>,
    start: &'a str,
    end: Option<&'a str>,
    first_day: String,
    last_day: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    clashing: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    clashes_with: Option<Vec<&'a str>>,
    continues_before: bool,
    continues_after: bool,
}

/// Render the document, pretty-printed, with a final newline.
pub fn render(tl: &Timeline) -> String {
    let mut rows = Vec::new();
    for lane in &tl.environments {
        for r in &lane.intervals {
            rows.push(Row {
                kind: "interval",
                id: &r.id,
                environment: &lane.id,
                name: Some(&r.name),
                stage: Some(&r.stage),
                participants: Some(&r.participants),
                uses: Some(&r.uses),
                status: Some(r.status.as_str()),
                reason: None,
                planned: None,
                ongoing: None,
                defect: None,
                start: &r.span.start_written,
                end: r.span.end_written.as_deref(),
                first_day: r.span.first_day.to_string(),
                last_day: r.span.last_day.to_string(),
                clashing: Some(r.is_clashing()),
                clashes_with: Some(r.clashes.iter().map(|c| c.with_id.as_str()).collect()),
                continues_before: r.span.continues_before,
                continues_after: r.span.continues_after,
            });
        }
        for o in &lane.outages {
            rows.push(Row {
                kind: "outage",
                id: &o.id,
                environment: &lane.id,
                name: None,
                stage: None,
                participants: None,
                uses: None,
                status: None,
                reason: Some(o.reason),
                planned: Some(o.planned),
                ongoing: Some(o.ongoing),
                defect: o.defect.as_deref(),
                start: &o.span.start_written,
                end: o.span.end_written.as_deref(),
                first_day: o.span.first_day.to_string(),
                last_day: o.span.last_day.to_string(),
                clashing: None,
                clashes_with: None,
                continues_before: o.span.continues_before,
                continues_after: o.span.continues_after,
            });
        }
    }
    let doc = Document {
        version: 1,
        programme: &tl.programme_id,
        timezone: tl.tz.name(),
        as_of: tl.as_of.to_string(),
        from: tl.period.first.to_string(),
        to: tl.period.last.to_string(),
        environments: tl
            .environments
            .iter()
            .map(|lane| {
                let w = &lane.windows;
                Environment {
                    id: &lane.id,
                    name: &lane.name,
                    required: Days::of(w.required),
                    required_in_period: Days::of(w.required_in(&tl.period)),
                    sandbox_end: w.sandbox_end.map(|d| d.to_string()),
                    readiness: w.readiness.as_ref().map(|r| Readiness {
                        status: &r.status,
                        ready_on: r.ready_on.map(|d| d.to_string()),
                        ready_as_of: r.ready_as_of,
                        not_ready_in_period: Days::of(w.not_ready_in(&tl.period)),
                    }),
                }
            })
            .collect(),
        rows,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_carry_the_fields_of_their_kind() {
        let tl = crate::plan::testing::basic();
        let doc: serde_json::Value = serde_json::from_str(&render(&tl)).expect("json");
        assert_eq!(doc["version"], 1);
        let rows = doc["rows"].as_array().expect("rows");
        assert_eq!(rows.len(), 13);
        let find = |id: &str| rows.iter().find(|r| r["id"] == id).expect("row");
        let f1 = find("FUNC-1");
        assert_eq!(f1["kind"], "interval");
        assert_eq!(f1["clashing"], true);
        assert_eq!(f1["clashes_with"], serde_json::json!(["FUNC-2"]));
        assert!(f1.get("planned").is_none());
        let o3 = find("OUT-3");
        assert_eq!(o3["kind"], "outage");
        assert_eq!(o3["end"], serde_json::Value::Null);
        assert_eq!(o3["ongoing"], true);
        assert_eq!(o3["last_day"], "2026-05-31");
        assert!(o3.get("clashing").is_none());
        assert_eq!(find("MIG-1")["start"], "2026-03-23T09:00");
    }
}
