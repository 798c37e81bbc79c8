//! `envplan slots` and `check --with` on fixture registries: one per sharing
//! mode, a used single-upstream environment occupied from another upstream
//! (and a planned outage on it), an outage on a component with readiness
//! and eligible roles, a certificate that lapses mid-window, a
//! period that ends on the last day of `required`, and hour-length requests
//! over both clock changes. Each test asserts the facts that matter, and
//! the whole output is a reviewed snapshot.

mod common;

use serde_json::Value;

const AS_OF: &str = "2026-03-02";

/// Run `slots` on a fixture: exit status and stdout.
fn slots(fixture: &str, args: &[&str]) -> (i32, String) {
    let out = common::envplan()
        .arg("--registry")
        .arg(common::fixture(fixture))
        .args(["--as-of", AS_OF, "slots"])
        .args(args)
        .output()
        .expect("run envplan");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

fn json(fixture: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (status, out) = slots(fixture, &all);
    assert_eq!(status, 0, "{out}");
    serde_json::from_str(&out).expect("json")
}

/// `(start, free_until)` of every period.
fn periods(doc: &Value) -> Vec<(String, String)> {
    doc["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .map(|p| {
            (
                p["start"].as_str().expect("start").to_owned(),
                p["free_until"].as_str().unwrap_or("-").to_owned(),
            )
        })
        .collect()
}

fn pairs(rows: &[(&str, &str)]) -> Vec<(String, String)> {
    rows.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

const FUNC_5D: [&str; 6] = [
    "--environment",
    "SIT-X",
    "--stage",
    "functional",
    "--length",
    "5d",
];

#[test]
fn shared_environment_never_blocks() {
    let doc = json("slots-shared", &FUNC_5D);
    assert_eq!(periods(&doc), pairs(&[("2026-03-02", "-")]));
    insta::assert_snapshot!(slots("slots-shared", &FUNC_5D).1);
}

#[test]
fn exclusive_environment_waits_for_every_booking() {
    let doc = json("slots-exclusive", &FUNC_5D);
    // The cancelled FUNC-X over 2026-03-28 does not count.
    assert_eq!(periods(&doc), pairs(&[("2026-03-28", "-")]));
    let codes: Vec<&str> = doc["blocked"]
        .as_array()
        .expect("blocked")
        .iter()
        .map(|b| b["record"].as_str().expect("record"))
        .collect();
    assert_eq!(codes, ["FUNC-1", "MIG-1", "FUNC-2"]);
    insta::assert_snapshot!(slots("slots-exclusive", &FUNC_5D).1);
}

#[test]
fn serial_stages_environment_waits_only_for_other_stages() {
    let doc = json("slots-serial-stages", &FUNC_5D);
    assert_eq!(
        periods(&doc),
        pairs(&[("2026-03-02", "2026-03-08"), ("2026-03-14", "-")])
    );
    let mut mig = FUNC_5D.to_vec();
    mig[3] = "migration";
    let doc = json("slots-serial-stages", &mig);
    // Migration waits for both functional cycles, not for MIG-1.
    assert_eq!(
        periods(&doc),
        pairs(&[("2026-03-07", "2026-03-15"), ("2026-03-28", "-")])
    );
    insta::assert_snapshot!(slots("slots-serial-stages", &FUNC_5D).1);
}

const SU: [&str; 10] = [
    "--environment",
    "SIT-A",
    "--stage",
    "functional",
    "--length",
    "5d",
    "--uses",
    "DCC",
    "--count",
    "4",
];

#[test]
fn single_upstream_blocks_other_upstreams_and_outages() {
    let doc = json("slots-single-upstream", &SU);
    // MIG-1 reaches DCC from SIT-B: blocked; FUNC-1 from SIT-A: not; the
    // outage of DCC on 7-8 April and DCC-OWN (booked on DCC) block.
    assert_eq!(
        periods(&doc),
        pairs(&[
            ("2026-03-02", "2026-03-08"),
            ("2026-03-21", "2026-04-06"),
            ("2026-04-15", "-")
        ])
    );
    let (status, text) = slots("slots-single-upstream", &SU);
    assert_eq!(status, 0);
    insta::assert_snapshot!(text);
    // Without `--uses DCC` nothing on DCC matters.
    let doc = json("slots-single-upstream", &SU[..6]);
    assert_eq!(periods(&doc), pairs(&[("2026-03-02", "-")]));
}

const LAPSE: [&str; 8] = [
    "--environment",
    "SIT-A",
    "--stage",
    "functional",
    "--length",
    "10d",
    "--participants",
    "ALFA,BRAVO",
];

#[test]
fn participants_needs_are_listed_not_skipped() {
    let doc = json("slots-cert-lapse", &LAPSE);
    assert_eq!(periods(&doc), pairs(&[("2026-03-12", "-")]));
    let needs: Vec<(String, String, String)> = doc["periods"][0]["needs"]
        .as_array()
        .expect("needs")
        .iter()
        .map(|n| {
            (
                n["participant"].as_str().unwrap_or("").to_owned(),
                n["code"].as_str().unwrap_or("").to_owned(),
                n["valid_from"]
                    .as_str()
                    .or(n["by"].as_str())
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(
        needs,
        [
            ("ALFA", "EP303", "2026-03-21T00:00+00:00"),
            ("BRAVO", "EP105", "2026-03-12"),
            ("BRAVO", "EP303", "2026-03-12T00:00+00:00"),
        ]
        .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    );
    insta::assert_snapshot!(slots("slots-cert-lapse", &LAPSE).1);
    let (_, yaml) = slots(
        "slots-cert-lapse",
        &[&LAPSE[..], &["--format", "yaml"]].concat(),
    );
    insta::assert_snapshot!("cert-lapse-yaml", yaml);
}

#[test]
fn period_may_end_on_the_last_required_day() {
    let args = |n: &'static str| {
        vec![
            "--environment",
            "SIT-A",
            "--stage",
            "functional",
            "--length",
            n,
        ]
    };
    let doc = json("slots-required-end", &args("11d"));
    assert_eq!(periods(&doc), pairs(&[("2026-03-21", "2026-03-31")]));
    // One day longer does not fit: exit 1, and the reasons say why.
    let (status, text) = slots("slots-required-end", &args("12d"));
    assert_eq!(status, 1);
    assert!(
        text.contains("from 2026-03-21 on: outside the window"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn hour_lengths_across_clock_changes() {
    let args = |n: &'static str, from: &'static str| {
        vec![
            "--environment",
            "PREPROD",
            "--stage",
            "functional",
            "--length",
            n,
            "--from",
            from,
            "--count",
            "1",
        ]
    };
    // The spring night from 00:00 to 06:00 has five hours.
    let doc = json("slots-dst", &args("5h", "2026-03-28"));
    assert_eq!(
        periods(&doc),
        pairs(&[("2026-03-29T00:00+00:00", "2026-03-29T06:00+01:00")])
    );
    let doc = json("slots-dst", &args("6h", "2026-03-28"));
    assert_eq!(doc["periods"][0]["start"], "2026-03-29T12:00+01:00");
    // The autumn night has seven: a 6-hour booking fits, with an hour spare.
    let doc = json("slots-dst", &args("6h", "2026-10-24"));
    assert_eq!(
        periods(&doc),
        pairs(&[("2026-10-25T00:00+01:00", "2026-10-25T06:00+00:00")])
    );
    assert_eq!(doc["periods"][0]["free_minutes"], 420);
    let (_, spring) = slots("slots-dst", &args("6h", "2026-03-28"));
    insta::assert_snapshot!("dst-spring", spring);
    let (_, autumn) = slots(
        "slots-dst",
        &[&args("6h", "2026-10-24")[..], &["--format", "yaml"]].concat(),
    );
    insta::assert_snapshot!("dst-autumn-yaml", autumn);
}

#[test]
fn component_outage_readiness_and_roles() {
    let args = [
        "--environment",
        "SIT-A",
        "--stage",
        "functional",
        "--length",
        "5d",
        "--participants",
        "ALFA,PMO",
    ];
    let doc = json("slots-component", &args);
    // Ready on 9 March; the DIP component is down on 14 March (EP208).
    assert_eq!(
        periods(&doc),
        pairs(&[("2026-03-09", "2026-03-13"), ("2026-03-15", "-")])
    );
    assert_eq!(doc["blocked"][0]["code"], "EP503");
    let needs = &doc["periods"][0]["needs"];
    assert_eq!(needs.as_array().map(Vec::len), Some(1));
    assert_eq!(
        (needs[0]["participant"].as_str(), needs[0]["code"].as_str()),
        (Some("PMO"), Some("EP210"))
    );
    let (status, text) = slots("slots-component", &args);
    assert_eq!(status, 0);
    insta::assert_snapshot!(text);
    // Starting on 10 March the booking would meet the outage.
    let (_, json_text) = slots(
        "slots-component",
        &[&args[..], &["--from", "2026-03-10", "--format", "json"]].concat(),
    );
    let doc: Value = serde_json::from_str(&json_text).expect("json");
    assert_eq!(doc["blocked"][0]["code"], "EP208");
    assert_eq!(doc["blocked"][0]["record"], "OUT-DIP-1");
}

#[test]
fn service_hours_skip_free_time_without_service() {
    let args = [
        "--environment",
        "PREPROD",
        "--stage",
        "functional",
        "--length",
        "5h",
        "--from",
        "2026-03-28",
        "--count",
        "2",
        "--service-hours",
    ];
    // The Sunday nights are free but hold no weekday office hours.
    let doc = json("slots-dst", &args);
    let starts: Vec<&str> = doc["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .map(|p| p["start"].as_str().expect("start"))
        .collect();
    assert_eq!(starts, ["2026-03-29T12:00+01:00", "2026-10-25T12:00+00:00"]);
    let (status, text) = slots("slots-dst", &args);
    assert_eq!(status, 0);
    insta::assert_snapshot!(text);
    // Without recorded service hours the flag is a usage error.
    let (status, _) = slots(
        "slots-exclusive",
        &[&FUNC_5D[..], &["--service-hours"]].concat(),
    );
    assert_eq!(status, 2);
}

#[test]
fn usage_errors_exit_2() {
    for (args, said) in [
        (
            vec![
                "--environment",
                "SIT-X",
                "--stage",
                "operational",
                "--length",
                "5d",
            ],
            "does not host stage",
        ),
        (
            vec![
                "--environment",
                "SIT-Y",
                "--stage",
                "functional",
                "--length",
                "5d",
            ],
            "there is no environment",
        ),
        (
            vec![
                "--environment",
                "SIT-X",
                "--stage",
                "functional",
                "--length",
                "0d",
            ],
            "above zero",
        ),
        (
            vec![
                "--environment",
                "SIT-X",
                "--stage",
                "functional",
                "--length",
                "5d",
                "--participants",
                "NOBODY",
            ],
            "there is no participant",
        ),
        (
            vec![
                "--environment",
                "SIT-X",
                "--stage",
                "functional",
                "--length",
                "5d",
                "--from",
                "2026-04-01",
                "--to",
                "2026-03-01",
            ],
            "before --from",
        ),
    ] {
        let out = common::envplan()
            .arg("--registry")
            .arg(common::fixture("slots-exclusive"))
            .args(["--as-of", AS_OF, "slots"])
            .args(&args)
            .output()
            .expect("run envplan");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(said), "{args:?}: {err}");
    }
}

/// `check --with FILE`, run from the fixture folder so that FILE is named as given.
fn check_with(files: &[&str], format: &str) -> (i32, String) {
    let out = common::envplan()
        .current_dir(common::fixture("check-with"))
        .args([
            "--registry",
            "registry",
            "--as-of",
            AS_OF,
            "check",
            "--format",
            format,
            "--with",
        ])
        .args(files)
        .output()
        .expect("run envplan");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

#[test]
fn check_with_reports_what_the_file_introduces() {
    // The registry alone is clean.
    let (status, _) = check_with(&[], "json");
    assert_eq!(status, 2, "--with needs a file");
    let (status, out) = check_with(&["booking.yaml"], "json");
    assert_eq!(status, 1);
    let doc: Value = serde_json::from_str(&out).expect("json");
    let found: Vec<(String, String, u64)> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["file"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    // At the booking's start in the file as given; FUNC-2 starts later, so
    // that clash is reported at FUNC-2, in the registry.
    assert_eq!(
        found,
        [
            ("EP201", "booking.yaml", 7),
            ("EP201", "intervals.yaml", 24),
        ]
        .map(|(c, f, l)| (c.to_owned(), f.to_owned(), l))
    );
    let (_, human) = check_with(&["booking.yaml"], "human");
    insta::assert_snapshot!("check-with-human", human);

    // A booking in a free period introduces nothing.
    let (status, out) = check_with(&["free.yaml"], "json");
    assert_eq!(status, 0);
    let doc: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(doc["diagnostics"].as_array().map(Vec::len), Some(0));

    // A repeated id is EP004 at the file.
    let (status, out) = check_with(&["free.yaml", "duplicate.yaml"], "json");
    assert_eq!(status, 1);
    let doc: Value = serde_json::from_str(&out).expect("json");
    let d = &doc["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["file"].as_str(), d["line"].as_u64()),
        (Some("EP004"), Some("duplicate.yaml"), Some(3))
    );
    assert_eq!(doc["diagnostics"].as_array().map(Vec::len), Some(1));
}

/// Every free start `slots` offers passes `check --with` for the booking codes.
#[test]
fn offered_start_passes_check_with() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, yaml) = slots(
        "slots-single-upstream",
        &[&SU[..], &["--format", "yaml"]].concat(),
    );
    let file = dir.path().join("slot.yaml");
    std::fs::write(&file, &yaml).expect("write");
    let out = common::envplan()
        .arg("--registry")
        .arg(common::fixture("slots-single-upstream"))
        .args(["--as-of", AS_OF, "check", "--format", "json", "--with"])
        .arg(&file)
        .output()
        .expect("run envplan");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["diagnostics"], serde_json::json!([]), "{yaml}");
    assert_eq!(out.status.code(), Some(0));
}

const MILESTONE: [&str; 8] = [
    "--environment",
    "SIT-X",
    "--stage",
    "functional",
    "--length",
    "5d",
    "--participants",
    "ALFA,BRAVO",
];

/// `(participant, code, milestone, due)` of the first period's needs.
fn milestone_needs(doc: &Value) -> Vec<(String, String, String, String)> {
    doc["periods"][0]["needs"]
        .as_array()
        .expect("needs")
        .iter()
        .map(|n| {
            let s = |k: &str| n[k].as_str().unwrap_or("").to_owned();
            (s("participant"), s("code"), s("milestone"), s("due"))
        })
        .collect()
}

/// An overdue milestone that the booking makes apply (by its environment),
/// or whose due day it sets (the day before a participant's first
/// functional interval), is listed as a need (EP501), and `check --with`
/// the offered booking finds exactly those.
#[test]
fn overdue_milestones_are_listed_as_needs() {
    let own = |a: &str, c: &str, m: &str, d: &str| {
        (a.to_owned(), c.to_owned(), m.to_owned(), d.to_owned())
    };
    // Starting on the as-of day, the TLS milestone falls due the day before.
    let doc = json("slots-milestone", &MILESTONE);
    assert_eq!(
        milestone_needs(&doc),
        [
            own("ALFA", "EP501", "M-OFFICER", "2026-02-01"),
            own("ALFA", "EP501", "M-TLS", "2026-03-01"),
            own("BRAVO", "EP501", "M-TLS", "2026-03-01"),
        ]
    );
    insta::assert_snapshot!(slots("slots-milestone", &MILESTONE).1);
    // A day later it is due on the as-of day: not overdue.
    let later = [&MILESTONE[..], &["--from", "2026-03-03"]].concat();
    let doc = json("slots-milestone", &later);
    assert_eq!(
        milestone_needs(&doc),
        [own("ALFA", "EP501", "M-OFFICER", "2026-02-01")]
    );

    // `check --with` the offered bookings: EP501 for exactly those needs.
    for (args, expected) in [
        (
            MILESTONE.to_vec(),
            vec![("ALFA", "M-OFFICER"), ("ALFA", "M-TLS"), ("BRAVO", "M-TLS")],
        ),
        (later.clone(), vec![("ALFA", "M-OFFICER")]),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let (_, yaml) = slots(
            "slots-milestone",
            &[&args[..], &["--format", "yaml", "--count", "1"]].concat(),
        );
        let file = dir.path().join("slot.yaml");
        std::fs::write(&file, &yaml).expect("write");
        let out = common::envplan()
            .arg("--registry")
            .arg(common::fixture("slots-milestone"))
            .args(["--as-of", AS_OF, "check", "--format", "json", "--with"])
            .arg(&file)
            .output()
            .expect("run envplan");
        let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
        let mut found: Vec<(String, String)> = doc["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            // A milestone due on the as-of day is EP502 (due soon), not a need.
            .filter(|d| d["code"] != "EP502")
            .map(|d| {
                assert_eq!(d["code"], "EP501", "{d}");
                let records: Vec<&str> = d["records"]
                    .as_array()
                    .expect("records")
                    .iter()
                    .filter_map(Value::as_str)
                    .collect();
                (records[0].to_owned(), records[1].to_owned())
            })
            .collect();
        found.sort();
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(p, m)| (p.to_string(), m.to_string()))
            .collect();
        assert_eq!(found, expected, "{yaml}");
    }
}
