//! The starter registry that `envplan init` writes: small, valid, commented,
//! and dated from the month after the day it is made, so that `envplan
//! check` finds nothing in it on the day it is created (it holds no
//! certificates, outages or connectivity requirements that age with time).
//!
//! Its files carry a `yaml-language-server` modeline pointing at a copy of
//! the JSON Schemas written beside them (`schemas/`), because a new registry
//! lives outside envplan's repository and has no other path to them.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::schema;

/// The folder, inside the new registry, that holds the JSON Schemas.
pub const SCHEMA_DIR: &str = "schemas";

/// A file of the starter registry: its path relative to the registry root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StarterFile {
    pub path: String,
    pub text: String,
}

const MODELINE: &str = "# yaml-language-server: $schema=schemas/envplan.schema.json\n";

/// Every file of a starter registry made on `today`.
pub fn files(today: NaiveDate) -> Vec<StarterFile> {
    let start = first_monday_of_next_month(today);
    let day = |n: u64| start.checked_add_days(Days::new(n)).unwrap_or(start);
    let required_to = start
        .with_year(start.year() + 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(start);
    let mut out = vec![
        StarterFile {
            path: "programme.yaml".into(),
            text: format!(
                "{MODELINE}\
# The programme: its timezone, calendar, vocabularies and rule settings.
# A registry has exactly one Programme.
kind: Programme
id: MY-PROGRAMME
name: My test programme
timezone: Europe/London          # dates and local times below are in this zone
ewg: first-tuesday               # when the monthly Environment Working Group meets
certificate_warning: 60d         # warn this long before a certificate expires
outage_notice: 5d                # planned outages need this much notice
holidays: []                     # non-working days, e.g. [2025-12-25, 2025-12-26]
roles:                           # market roles participants may hold
  SUP-D: Domestic supplier
stages:                          # test stages environments host
  connectivity-proving: Connectivity proving
  functional: Functional testing
# rules:                         # change a rule's severity: error, warning or off
#   EP205: warning
"
            ),
        },
        StarterFile {
            path: "environments.yaml".into(),
            text: format!(
                "{MODELINE}\
# Test environments: who runs them, what they host, how they may be shared.
kind: Environment
id: SIT-A
name: System integration test A
owner: PMO                       # the participant who provides it
phase: sit
stages: [connectivity-proving, functional]
sharing: serial-stages           # one stage at a time; also shared, exclusive, single-upstream
required: {{from: {start}, to: {required_to}}}
"
            ),
        },
        StarterFile {
            path: "participants.yaml".into(),
            text: format!(
                "{MODELINE}\
# Test participants. Each has an environment manager; those that connect
# to the DIP also name the officers who may request PKI certificates.
kind: Participant
id: PMO
name: Programme office
type: programme
environment_manager: {{name: Pat Office, email: pat@pmo.example}}
connects_to_dip: false
---
kind: Participant
id: ACME
name: Acme Energy Ltd
type: supplier
roles: [SUP-D]
mpids: [ACME]
environment_manager: {{name: Jo Bloggs, email: jo@acme.example}}
pki_officers:
  nominating_officer: {{name: Nia Nominator, email: nia@acme.example}}
  sro: {{name: Sam Owner, email: sam@acme.example}}
"
            ),
        },
        StarterFile {
            path: "intervals.yaml".into(),
            text: format!(
                "{MODELINE}\
# Bookings: who uses which environment, for which stage, when.
# Dates are whole days, both ends included.
kind: Interval
id: CIT-1
name: Connectivity proving for Acme
environment: SIT-A
stage: connectivity-proving
start: {}
end: {}
participants: [ACME]
# Mark an interval done (or cancelled) once it is over: still planned after
# its end, it is a warning (EP209).
---
kind: Interval
id: FUNC-1
name: Functional cycle 1
environment: SIT-A
stage: functional
start: {}
end: {}
participants: [ACME]
",
                start,
                day(4),
                day(7),
                day(18),
            ),
        },
    ];
    for file in schema::files() {
        out.push(StarterFile {
            path: format!("{SCHEMA_DIR}/{}", file.name),
            text: file.text,
        });
    }
    out
}

fn first_monday_of_next_month(today: NaiveDate) -> NaiveDate {
    let (year, month) = if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1).unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_start_the_month_after() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(first_monday_of_next_month(d("2024-06-03")), d("2024-07-01"));
        assert_eq!(first_monday_of_next_month(d("2024-12-31")), d("2025-01-06"));
        let files = files(d("2024-06-03"));
        assert!(files[1]
            .text
            .contains("required: {from: 2024-07-01, to: 2025-06-30}"));
        assert!(files[3].text.contains("start: 2024-07-08\nend: 2024-07-19"));
    }
}
