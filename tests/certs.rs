//! Certificates: the rules EP301 to EP304 on fixture registries, and the
//! `envplan certs` listing with each of its options and formats.
//!
//! Dates follow the registry format: `expires: D` means valid through D (until
//! 24:00 on D); a datetime expiry is valid until that instant; `issued: D`
//! means valid from 00:00 on D. So a replacement issued the day after the old
//! certificate's `expires` day follows it without a gap, and one issued two
//! days after leaves one day uncovered.

mod common;

use std::path::Path;

use common::{check, check_dir, envplan, fixture, CheckJson};

const AS_OF: &str = "2026-03-02";

/// Every finding as `code file:line:column` with its records, in report order.
fn located(doc: &CheckJson) -> Vec<(String, Vec<String>)> {
    doc.diagnostics
        .iter()
        .map(|d| (d.at(), d.records.clone()))
        .collect()
}

fn expect(pairs: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    pairs
        .iter()
        .map(|(at, records)| {
            (
                (*at).to_owned(),
                records.iter().map(|r| (*r).to_owned()).collect(),
            )
        })
        .collect()
}

/// The one finding that names `record`, or a panic listing what there is.
fn finding_for<'a>(doc: &'a CheckJson, record: &str) -> &'a common::Diag {
    let found: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.records.iter().any(|r| r == record))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one finding naming {record}: {:#?}",
        doc.diagnostics
    );
    found[0]
}

fn no_finding_for(doc: &CheckJson, record: &str) {
    let found: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.records.iter().any(|r| r == record))
        .collect();
    assert!(
        found.is_empty(),
        "{record} should have no finding: {found:#?}"
    );
}

// ---------------------------------------------------------------- EP301, EP302

#[test]
fn expiry_warnings_at_the_horizon_boundaries() {
    let (status, doc) = check("cert-expiry", AS_OF);
    // Warnings only: exit 0.
    assert_eq!(status, 0);
    assert_eq!(
        located(&doc),
        expect(&[
            // Last valid day yesterday.
            (
                "EP301 certificates.yaml:10:10",
                &["ACME", "EXPIRED-YESTERDAY"]
            ),
            // Last valid day today: 0 days left.
            ("EP302 certificates.yaml:18:10", &["ACME", "LAST-DAY-TODAY"]),
            // Exactly the 30-day horizon; PAST-HORIZON (31 days) has nothing.
            ("EP302 certificates.yaml:26:10", &["ACME", "AT-HORIZON"]),
            // Valid until 2026-03-02T00:00: its last valid day was 2026-03-01.
            (
                "EP301 certificates.yaml:43:10",
                &["ACME", "MIDNIGHT-EXPIRED"]
            ),
            // Valid until 12:00 on the as-of day.
            ("EP302 certificates.yaml:51:10", &["ACME", "NOON-TODAY"]),
            // Revoked does not exempt from EP301; REVOKED-SOON has no EP302.
            (
                "EP301 certificates.yaml:70:10",
                &["ACME", "REVOKED-EXPIRED"]
            ),
        ])
    );
    let by_id = |id: &str| finding_for(&doc, id).message.clone();
    assert!(by_id("EXPIRED-YESTERDAY").contains("expired yesterday (valid through 2026-03-01)"));
    assert!(by_id("LAST-DAY-TODAY").contains("expires today"));
    assert!(by_id("AT-HORIZON").contains("expires in 30 days (valid through 2026-04-01)"));
    assert!(by_id("MIDNIGHT-EXPIRED").contains("valid until 2026-03-02T00:00"));
    assert!(by_id("NOON-TODAY").contains("expires today (valid until 2026-03-02T12:00Z)"));
    assert!(doc.diagnostics.iter().all(|d| d.severity == "warning"));
}

#[test]
fn the_horizon_counts_from_the_as_of_day() {
    // The fixture's horizon is 30d: one day later, PAST-HORIZON is inside it.
    let (_, doc) = check("cert-expiry", "2026-03-03");
    let ep302: Vec<_> = common::with_code(&doc, "EP302")
        .iter()
        .flat_map(|d| d.records.clone())
        .filter(|r| r != "ACME")
        .collect();
    assert_eq!(ep302, ["AT-HORIZON", "PAST-HORIZON"]);
}

#[test]
fn renewal_chains() {
    let (_, doc) = check("cert-renewal", AS_OF);
    assert_eq!(
        located(&doc),
        expect(&[
            // DSP-REVOKED names DSP-OLD but is revoked, so replaces nothing.
            ("EP301 certificates.yaml:66:10", &["ACME", "DSP-OLD"]),
            // Later certificates of another environment or purpose are no renewal.
            ("EP302 certificates.yaml:85:10", &["ACME", "SITB-TLS"]),
        ])
    );
    // Explicit (`replaces`), implicit (same participant, environment and
    // purpose, expiring later) and chained renewals silence the old ones.
    for renewed in ["OLD-TLS", "SOON-JWS", "CSS-1", "CSS-2"] {
        no_finding_for(&doc, renewed);
    }
}

// ----------------------------------------------------------------- EP102, EP103

#[test]
fn pki_officers_and_requesters() {
    let (status, doc) = check("cert-officers", AS_OF);
    assert_eq!(status, 1);
    assert_eq!(
        located(&doc),
        expect(&[
            ("EP103 certificates.yaml:27:15", &["ACME", "ACME-WRONG-ENV"]),
            (
                "EP103 certificates.yaml:38:15",
                &["ACME", "ACME-WRONG-MPID"]
            ),
            ("EP103 certificates.yaml:47:15", &["ACME", "ACME-STRANGER"]),
            // HOLD does not connect to the DIP but holds a certificate; IDLE neither.
            ("EP102 participants.yaml:18:3", &["HOLD"]),
        ])
    );
    assert!(finding_for(&doc, "ACME-WRONG-MPID")
        .message
        .contains("not appointed for MPID ACM2, role SUP-D, environment SIT-A"));
    assert!(finding_for(&doc, "ACME-STRANGER")
        .message
        .contains("who is not a technical contact of `ACME`"));
    assert_eq!(
        finding_for(&doc, "HOLD").message,
        "participant `HOLD` holds a certificate but has no SRO"
    );
}

// ------------------------------------------------------------------------ EP303

fn coverage() -> CheckJson {
    let (status, doc) = check("cert-coverage", AS_OF);
    assert_eq!(status, 1, "EP303 is an error");
    doc
}

#[test]
fn coverage_findings_are_exactly_these() {
    assert_eq!(
        located(&coverage()),
        expect(&[
            (
                "EP303 intervals.yaml:18:16",
                &["ERLY", "ERLY-TLS", "I-EARLY"]
            ),
            (
                "EP303 intervals.yaml:36:16",
                &["GAPP", "GAPP-TLS-1", "I-ONE-DAY-GAP"]
            ),
            (
                "EP303 intervals.yaml:54:16",
                &["DTGP", "DTGP-TLS-1", "I-DATETIME-GAP"]
            ),
            (
                "EP303 intervals.yaml:72:16",
                &["I-REVOKED", "REVK", "REVK-TLS"]
            ),
            ("EP303 intervals.yaml:82:16", &["I-USES-DCC", "USES"]),
            ("EP303 intervals.yaml:100:22", &["I-IN-PROGRESS", "LTIS"]),
            (
                "EP303 intervals.yaml:109:16",
                &["I-WRONG-ENVIRONMENT", "WENV"]
            ),
            ("EP303 intervals.yaml:138:16", &["DUPL", "I-LISTED-TWICE"]),
        ])
    );
}

#[test]
fn expiry_on_the_intervals_last_day_is_covered() {
    no_finding_for(&coverage(), "I-LAST");
}

#[test]
fn expiry_the_day_before_the_last_day_leaves_the_last_day_uncovered() {
    let doc = coverage();
    let d = finding_for(&doc, "I-EARLY");
    assert!(
        d.message
            .contains("lacks a valid tls certificate for `SIT-A` on 2026-04-20"),
        "{}",
        d.message
    );
    assert!(d
        .message
        .contains("`ERLY-TLS` lapses (valid through 2026-04-19)"));
    let help = d.help.as_deref().unwrap_or_default();
    assert!(
        help.contains("new tls certificate for environment SIT-A, MPID ERLY, role SUP-D"),
        "{help}"
    );
}

#[test]
fn replacement_issued_the_day_after_the_old_expires_day_is_contiguous() {
    // expires 2026-04-14 (valid through the 14th), replacement issued 2026-04-15.
    no_finding_for(&coverage(), "I-CONTIGUOUS");
}

#[test]
fn replacement_issued_two_days_after_the_old_expires_day_leaves_a_one_day_gap() {
    // expires 2026-04-14, replacement issued 2026-04-16: 2026-04-15 is uncovered.
    let doc = coverage();
    let d = finding_for(&doc, "I-ONE-DAY-GAP");
    assert!(d.message.contains("on 2026-04-15"), "{}", d.message);
    assert!(d.message.contains("`GAPP-TLS-1` lapses"));
    assert!(d
        .help
        .as_deref()
        .unwrap_or_default()
        .contains("until `GAPP-TLS-2` takes over (2026-04-16)"));
}

#[test]
fn datetime_expiry_hands_over_at_the_instant() {
    let doc = coverage();
    no_finding_for(&doc, "I-DATETIME-HANDOVER");
    // Ranges are half-open: an interval ending at 12:00 needs nothing after 12:00.
    no_finding_for(&doc, "I-DATETIME-END");
    let d = finding_for(&doc, "I-DATETIME-GAP");
    assert!(d.message.contains("on 2026-04-15"), "{}", d.message);
    assert!(d.message.contains("valid until 2026-04-15T12:00"));
    assert!(d
        .help
        .as_deref()
        .unwrap_or_default()
        .contains("valid from 2026-04-15 12:00 until `DTGP-TLS-2` takes over (2026-04-15 13:00)"));
}

#[test]
fn revocation_ends_coverage_on_its_day() {
    let doc = coverage();
    let d = finding_for(&doc, "I-REVOKED");
    assert!(d.message.contains("on 2026-04-12"), "{}", d.message);
    assert!(d.message.contains("`REVK-TLS` was revoked on 2026-04-12"));
}

#[test]
fn environments_an_interval_uses_need_their_certificates_too() {
    let doc = coverage();
    let d = finding_for(&doc, "I-USES-DCC");
    assert!(
        d.message
            .contains("lacks a valid dcc-css certificate for `DCC` on 2026-04-10"),
        "{}",
        d.message
    );
    assert!(d.message.contains("it holds none"));
    // USE2 holds both certificates.
    assert!(!d.records.contains(&"USE2".to_owned()));
}

#[test]
fn a_missing_issued_means_valid_from_the_beginning() {
    no_finding_for(&coverage(), "I-NO-ISSUED");
}

#[test]
fn only_days_from_the_as_of_day_are_checked() {
    let doc = coverage();
    let d = finding_for(&doc, "I-IN-PROGRESS");
    // PROG's certificate was issued after the interval started but before as of: covered.
    assert_eq!(d.records, ["I-IN-PROGRESS", "LTIS"]);
    assert!(d.message.contains("on 2026-03-02"), "{}", d.message);
    assert!(d.message.contains("none of its certificates is valid yet"));
}

#[test]
fn a_certificate_for_another_environment_does_not_count() {
    let doc = coverage();
    let d = finding_for(&doc, "I-WRONG-ENVIRONMENT");
    assert!(
        d.message.contains("for `SIT-A` on 2026-04-10"),
        "{}",
        d.message
    );
}

#[test]
fn several_missing_purposes_are_one_finding_naming_the_first() {
    let (_, doc) = check("cert-list", AS_OF);
    let acme: Vec<_> = common::with_code(&doc, "EP303")
        .into_iter()
        .filter(|d| d.records.contains(&"SITA-FUNC-3".to_owned()))
        .filter(|d| d.records.contains(&"ACME".to_owned()))
        .collect();
    assert_eq!(acme.len(), 1, "{acme:#?}");
    assert_eq!(
        acme[0].message,
        "participant `ACME` lacks a valid tls certificate for `SIT-A` on 2026-03-13, during interval `SITA-FUNC-3`: `ACME-SITA-TLS-1` lapses (valid through 2026-03-12) (also missing: jws for `SIT-A` on 2026-04-21)"
    );
}

#[test]
fn cancelled_and_ended_intervals_need_no_certificates() {
    let doc = coverage();
    no_finding_for(&doc, "I-CANCELLED");
    no_finding_for(&doc, "I-ENDED");
}

#[test]
fn a_participant_listed_twice_is_reported_once() {
    let doc = coverage();
    finding_for(&doc, "I-LISTED-TWICE");
}

// ------------------------------------------------------------------------ EP304

#[test]
fn certificate_files_each_problem() {
    let (status, doc) = check("cert-pem", AS_OF);
    assert_eq!(status, 1);
    let ep304: Vec<_> = doc
        .diagnostics
        .iter()
        .map(|d| (d.at(), d.records.join(","), d.message.clone()))
        .collect();
    let expected: &[(&str, &str, &str)] = &[
        ("EP304 certificates.yaml:57:10", "WRONG-EXPIRES",
         "certificate `WRONG-EXPIRES` has `expires: 2026-10-15` but its file `certs/good.pem` says 2026-10-05 (notAfter 2026-10-05 12:00:00 UTC)"),
        ("EP304 certificates.yaml:65:9", "WRONG-ISSUED",
         "certificate `WRONG-ISSUED` has `issued: 2025-10-04` but its file `certs/good.pem` says 2025-10-05 (notBefore 2025-10-05 09:00:00 UTC)"),
        ("EP304 certificates.yaml:76:10", "WRONG-UTC-DAY",
         "certificate `WRONG-UTC-DAY` has `expires: 2026-06-30` but its file `certs/late-evening.pem` says 2026-07-01 (notAfter 2026-06-30 23:30:00 UTC, which is 2026-07-01 in Europe/London)"),
        ("EP304 certificates.yaml:85:10", "WRONG-CHAIN-MEMBER",
         "certificate `WRONG-CHAIN-MEMBER` has `expires: 2030-01-01` but its file `certs/chain.pem` says 2026-11-01 (notAfter 2026-11-01 12:00:00 UTC)"),
        ("EP304 certificates.yaml:95:7", "ABSOLUTE",
         "certificate `ABSOLUTE`: file `/etc/ssl/certs/ca-certificates.crt` is an absolute path; it was not read"),
        ("EP304 certificates.yaml:103:7", "CLIMBS-OUT",
         "certificate `CLIMBS-OUT`: file `../cert-pem/certs/good.pem` climbs out of the registry with `..`; it was not read"),
        ("EP304 certificates.yaml:111:7", "CLIMBS-OUT-DEEP",
         "certificate `CLIMBS-OUT-DEEP`: file `certs/../../secrets.pem` climbs out of the registry with `..`; it was not read"),
        ("EP304 certificates.yaml:120:7", "MISSING",
         "certificate `MISSING`: file `certs/god.pem` does not exist"),
        ("EP304 certificates.yaml:128:7", "FOLDER",
         "certificate `FOLDER`: file `certs` is a folder, not a file"),
        ("EP304 certificates.yaml:136:7", "EMPTY",
         "certificate `EMPTY`: file `certs/empty.pem` is empty"),
        ("EP304 certificates.yaml:144:7", "NOTES",
         "certificate `NOTES`: file `certs/notes.pem` is not a PEM certificate: it has no `-----BEGIN CERTIFICATE-----` block"),
        ("EP304 certificates.yaml:152:7", "DER",
         "certificate `DER`: file `certs/good.der` holds a binary (DER) certificate, not PEM"),
        ("EP304 certificates.yaml:160:7", "PUBLIC-KEY",
         "certificate `PUBLIC-KEY`: file `certs/public-key.pem` holds no certificate, only `PUBLIC KEY`"),
        ("EP304 certificates.yaml:168:7", "CORRUPT",
         "certificate `CORRUPT`: file `certs/corrupt.pem` is not valid PEM: base64 decode error"),
        ("EP304 certificates.yaml:176:7", "NOT-X509",
         "certificate `NOT-X509`: file `certs/not-x509.pem` holds a `CERTIFICATE` block that is not an X.509 certificate (its contents cannot be decoded)"),
        ("EP304 certificates.yaml:184:7", "EMPTY-PATH",
         "certificate `EMPTY-PATH`: `file` is empty"),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(a, r, m)| ((*a).to_owned(), (*r).to_owned(), (*m).to_owned()))
        .collect();
    assert_eq!(ep304, expected);
    // Matching files, a chain's first certificate, a `..` that stays inside,
    // a datetime expiry and a late-evening UTC time that is the next local day.
    for good in [
        "GOOD",
        "GOOD-NO-ISSUED",
        "GOOD-DATETIME",
        "CHAIN",
        "LATE-LOCAL-DAYS",
    ] {
        no_finding_for(&doc, good);
    }
    let missing = finding_for(&doc, "MISSING");
    assert_eq!(
        missing.help.as_deref(),
        Some("did you mean `certs/good.pem`?")
    );
}

/// A copy of the `cert-pem` registry's fixed records plus `certificates`, in a temporary folder.
fn scratch_registry(certificates: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("registry");
    std::fs::create_dir_all(root.join("certs")).expect("mkdir");
    for name in ["programme.yaml", "environments.yaml", "participants.yaml"] {
        std::fs::copy(fixture("cert-pem").join(name), root.join(name)).expect("copy");
    }
    std::fs::copy(
        fixture("cert-pem").join("certs/good.pem"),
        root.join("certs/good.pem"),
    )
    .expect("copy");
    std::fs::write(root.join("certificates.yaml"), certificates).expect("write");
    dir
}

fn record(id: &str, file: &str) -> String {
    format!(
        "kind: Certificate\nid: {id}\nparticipant: ACME\nenvironment: SIT-A\npurpose: tls\nissued: 2025-10-05\nexpires: 2026-10-05\nfile: {file}\n"
    )
}

#[cfg(unix)]
#[test]
fn symbolic_links_may_not_lead_outside_the_registry() {
    use std::os::unix::fs::symlink;
    let records = [
        record("LINK-INSIDE", "certs/inside.pem"),
        record("LINK-OUTSIDE", "certs/outside.pem"),
        record("FOLDER-LINK", "shared/good.pem"),
        record("DANGLING", "certs/dangling.pem"),
    ]
    .join("---\n");
    let dir = scratch_registry(&records);
    let root = dir.path().join("registry");
    // Outside the registry, a valid certificate that must still not be read.
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).expect("mkdir");
    std::fs::copy(root.join("certs/good.pem"), outside.join("good.pem")).expect("copy");
    symlink("good.pem", root.join("certs/inside.pem")).expect("link");
    symlink(outside.join("good.pem"), root.join("certs/outside.pem")).expect("link");
    symlink(&outside, root.join("shared")).expect("link");
    symlink("nowhere.pem", root.join("certs/dangling.pem")).expect("link");

    let (_, doc) = check_dir(&root, AS_OF);
    // (Discovery notes the links to folders and dangling links too, as EP009.)
    let got: Vec<_> = common::with_code(&doc, "EP304")
        .iter()
        .map(|d| (d.at(), d.message.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("EP304 certificates.yaml:17:7".to_owned(),
             "certificate `LINK-OUTSIDE`: file `certs/outside.pem` is a symbolic link (or lies under one) that leads outside the registry; it was not read".to_owned()),
            ("EP304 certificates.yaml:26:7".to_owned(),
             "certificate `FOLDER-LINK`: file `shared/good.pem` is a symbolic link (or lies under one) that leads outside the registry; it was not read".to_owned()),
            ("EP304 certificates.yaml:35:7".to_owned(),
             "certificate `DANGLING`: file `certs/dangling.pem` is a symbolic link to a file that does not exist".to_owned()),
        ]
    );
}

/// A block labelled as a private key holding the text "not a key"; the
/// label is assembled so that secret scanners see no key in the source.
fn fake_key_block() -> String {
    let label = ["PRIVATE", "KEY"].join(" ");
    format!("-----BEGIN {label}-----\nbm90IGEga2V5\n-----END {label}-----\n")
}

#[test]
fn oversized_files_and_private_keys() {
    let records = [
        record("HUGE", "certs/huge.pem"),
        record("WITH-KEY", "certs/with-key.pem"),
    ]
    .join("---\n");
    let dir = scratch_registry(&records);
    let certs = dir.path().join("registry/certs");
    // Bigger than the 1 MiB bound: refused before it is read.
    std::fs::write(certs.join("huge.pem"), vec![b'#'; 2 * 1024 * 1024]).expect("write");
    // A certificate with a (fake) private key block beside it; no real key is ever written.
    let mut with_key = std::fs::read(certs.join("good.pem")).expect("read");
    with_key.extend_from_slice(fake_key_block().as_bytes());
    std::fs::write(certs.join("with-key.pem"), with_key).expect("write");

    let (_, doc) = check_dir(&dir.path().join("registry"), AS_OF);
    let got: Vec<_> = doc
        .diagnostics
        .iter()
        .map(|d| (d.at(), d.message.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("EP304 certificates.yaml:8:7".to_owned(),
             "certificate `HUGE`: file `certs/huge.pem` is 2048 KiB, more than the 1024 KiB a certificate file may be".to_owned()),
            ("EP304 certificates.yaml:17:7".to_owned(),
             "certificate `WITH-KEY`: file `certs/with-key.pem` holds a private key".to_owned()),
        ]
    );
}

// -------------------------------------------------------------- envplan certs

/// Run `certs` on the listing fixture; returns exit status, stdout, stderr.
fn certs(args: &[&str]) -> (i32, String, String) {
    certs_in(&fixture("cert-list"), args)
}

fn certs_in(registry: &Path, args: &[&str]) -> (i32, String, String) {
    // A wide terminal, so the table layout; narrow ones are tested in tests/width.rs.
    let output = envplan()
        .env("COLUMNS", "160")
        .arg("--registry")
        .arg(registry)
        .args(["--as-of", AS_OF, "certs"])
        .args(args)
        .output()
        .expect("run envplan");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("utf-8"),
        String::from_utf8(output.stderr).expect("utf-8"),
    )
}

/// The ids a JSON listing holds, in order.
fn listed(args: &[&str]) -> Vec<String> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (status, out, err) = certs(&all);
    assert_eq!(status, 0, "{err}");
    let doc: Vec<serde_json::Value> = serde_json::from_str(&out).expect("json array");
    doc.iter()
        .map(|e| e["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn table_with_the_programmes_default_window() {
    let (status, out, err) = certs(&[]);
    assert_eq!(status, 0);
    assert_eq!(err, "");
    insta::assert_snapshot!("certs_table_default", out);
}

#[test]
fn table_with_a_duration_and_expired_ones() {
    let (status, out, _) = certs(&["--expiring", "90d", "--include-expired"]);
    assert_eq!(status, 0);
    insta::assert_snapshot!("certs_table_90d_include_expired", out);
}

#[test]
fn json_is_the_contracts_shape() {
    let (status, out, _) = certs(&["--format", "json", "--expiring", "8w"]);
    assert_eq!(status, 0);
    let doc: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(&out).expect("json array");
    for entry in &doc {
        let keys: Vec<&str> = entry.keys().map(String::as_str).collect();
        let mut expected = [
            "days_left",
            "environment",
            "expires",
            "id",
            "participant",
            "purpose",
        ];
        expected.sort_unstable();
        assert_eq!(keys, expected);
        assert!(entry["days_left"].is_i64());
    }
    insta::assert_snapshot!("certs_json_8w", out);
}

#[test]
fn csv_with_the_formula_guard() {
    let (status, out, _) = certs(&["--format", "csv", "--include-expired"]);
    assert_eq!(status, 0);
    // RFC 4180: CRLF after the header and each of the seven rows.
    assert_eq!(out.matches("\r\n").count(), 8, "{out:?}");
    insta::assert_snapshot!("certs_csv_include_expired", out);
}

#[test]
fn windows_by_duration_and_by_date() {
    // 60 days is the default; SOFT-SITA-TLS-1 and GRID-DCC-CSS-1 have exactly 60 left.
    let default = listed(&[]);
    assert_eq!(
        default,
        [
            "ACME-SITA-TLS-1",
            "BRGT-SITA-TLS-2",
            "BRGT-DCC-CSS-1",
            "ACME-SITA-JWS-1",
            "GRID-DCC-CSS-1",
            "SOFT-SITA-TLS-1"
        ]
    );
    assert_eq!(listed(&["--expiring", "60d"]), default);
    assert_eq!(listed(&["--expiring", "2026-05-01"]), default);
    // One day less drops the two that expire on 2026-05-01.
    assert_eq!(listed(&["--expiring", "59d"]), default[..4]);
    assert_eq!(listed(&["--expiring", "2026-04-30"]), default[..4]);
    // 8 weeks is 56 days.
    assert_eq!(listed(&["--expiring", "8w"]), default[..4]);
    // 10 days reaches ACME-SITA-TLS-1's last day exactly.
    assert_eq!(listed(&["--expiring", "10d"]), ["ACME-SITA-TLS-1"]);
    assert!(listed(&["--expiring", "9d"]).is_empty());
    // Today's date: nothing has its last day today.
    assert!(listed(&["--expiring", AS_OF]).is_empty());
}

#[test]
fn sorted_by_expiry_instant_then_id() {
    let all = listed(&["--expiring", "90d"]);
    // BRGT-SITA-TLS-2 expires 2026-03-27T17:00, before BRGT-DCC-CSS-1 (end of
    // 2026-03-27) although its id sorts later; GRID- and SOFT- tie on 2026-05-01.
    let pos = |id: &str| all.iter().position(|x| x == id).expect(id);
    assert!(pos("BRGT-SITA-TLS-2") < pos("BRGT-DCC-CSS-1"));
    assert!(pos("GRID-DCC-CSS-1") < pos("SOFT-SITA-TLS-1"));
    assert_eq!(all.last().map(String::as_str), Some("ACME-SITB-TLS-1"));
}

#[test]
fn expired_revoked_and_replaced() {
    let wide = listed(&["--expiring", "1000d", "--include-expired"]);
    assert_eq!(wide.first().map(String::as_str), Some("GRID-SITB-TLS-1"));
    assert!(!listed(&["--expiring", "1000d"]).contains(&"GRID-SITB-TLS-1".to_owned()));
    // Revoked and replaced certificates are never listed.
    assert!(!wide.contains(&"GRID-SITA-TLS-1".to_owned()));
    assert!(!wide.contains(&"BRGT-SITA-TLS-1".to_owned()));
    let (_, out, _) = certs(&["--format", "json", "--include-expired"]);
    let doc: Vec<serde_json::Value> = serde_json::from_str(&out).expect("json");
    assert_eq!(doc[0]["days_left"], -10);
    assert_eq!(doc[0]["expires"], "2026-02-20");
}

#[test]
fn filters_by_participant_and_environment() {
    assert_eq!(
        listed(&["--participant", "ACME"]),
        ["ACME-SITA-TLS-1", "ACME-SITA-JWS-1"]
    );
    assert_eq!(
        listed(&["--environment", "DCC-UIT"]),
        ["BRGT-DCC-CSS-1", "GRID-DCC-CSS-1"]
    );
    assert_eq!(
        listed(&["--participant", "BRGT", "--environment", "SIT-A"]),
        ["BRGT-SITA-TLS-2"]
    );
    assert_eq!(
        listed(&[
            "--environment",
            "SIT-B",
            "--include-expired",
            "--expiring",
            "90d"
        ]),
        ["GRID-SITB-TLS-1", "ACME-SITB-TLS-1"]
    );
}

#[test]
fn unknown_filter_ids_are_usage_errors() {
    let (status, out, err) = certs(&["--participant", "ACNE"]);
    assert_eq!(status, 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "envplan: error: --participant: there is no participant `ACNE`\n  help: did you mean `ACME`?\n"
    );
    let (status, _, err) = certs(&["--environment", "SIT-C"]);
    assert_eq!(status, 2);
    assert!(err.contains("there is no environment `SIT-C`"), "{err}");
    assert!(err.contains("did you mean `SIT-A`?"), "{err}");
}

#[test]
fn bad_windows_are_usage_errors() {
    for (arg, says) in [
        ("3M", "months and years have no fixed length"),
        ("soon", "or give a date, YYYY-MM-DD"),
        ("2026-02-30", "February 2026 has 28 days"),
        ("2026-03-01", "is before the as-of day 2026-03-02"),
    ] {
        let (status, out, err) = certs(&["--expiring", arg]);
        assert_eq!(status, 2, "{arg}");
        assert_eq!(out, "", "{arg}");
        assert!(err.contains(says), "{arg}: {err}");
    }
}

#[test]
fn an_empty_list_says_so() {
    let (status, out, _) = certs(&["--participant", "GRID", "--environment", "SIT-B"]);
    assert_eq!(status, 0);
    assert_eq!(
        out,
        "no certificates of GRID for SIT-B expire within 60 days of 2026-03-02\n"
    );
    let (_, out, _) = certs(&[
        "--expiring",
        "5d",
        "--include-expired",
        "--participant",
        "SOFT",
    ]);
    assert_eq!(
        out,
        "no certificates of SOFT expire within 5 days of 2026-03-02, and none has expired without a replacement\n"
    );
    let (_, out, _) = certs(&["--expiring", "2026-03-05"]);
    assert_eq!(
        out,
        "no certificates expire by 2026-03-05 (as of 2026-03-02)\n"
    );
    let (_, out, _) = certs(&["--expiring", "2026-03-05", "--format", "json"]);
    assert_eq!(out, "[]\n");
    let (_, out, _) = certs(&["--expiring", "2026-03-05", "--format", "csv"]);
    assert_eq!(out.lines().count(), 1, "header only: {out}");
}

#[test]
fn fail_if_any_sets_the_exit_status() {
    assert_eq!(certs(&["--fail-if-any"]).0, 1);
    assert_eq!(certs(&["--fail-if-any", "--format", "json"]).0, 1);
    assert_eq!(certs(&["--fail-if-any", "--format", "csv"]).0, 1);
    assert_eq!(certs(&["--fail-if-any", "--expiring", "9d"]).0, 0);
    // An expired certificate counts only when it is listed.
    assert_eq!(certs(&["--fail-if-any", "--expiring", "0d"]).0, 0);
    assert_eq!(
        certs(&["--fail-if-any", "--expiring", "0d", "--include-expired"]).0,
        1
    );
    // Without the flag, a non-empty list still exits 0.
    assert_eq!(certs(&["--expiring", "90d"]).0, 0);
}

#[test]
fn days_left_is_coloured_only_when_asked() {
    // The test harness sets NO_COLOR and pipes stdout: no escapes.
    let (_, plain, _) = certs(&[]);
    assert!(!plain.contains('\x1b'));
    let (_, never, _) = certs_args_first(&["--color", "never"], &[]);
    assert!(!never.contains('\x1b'));
    let (_, coloured, _) = certs_args_first(&["--color", "always"], &["--include-expired"]);
    let row = |id: &str| {
        coloured
            .lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("{id} in {coloured}"))
            .to_owned()
    };
    // Red (31) when expired or under 14 days, yellow (33) inside the window.
    assert!(
        is_red(&row("GRID-SITB-TLS-1")),
        "{:?}",
        row("GRID-SITB-TLS-1")
    );
    assert!(
        is_red(&row("ACME-SITA-TLS-1")),
        "{:?}",
        row("ACME-SITA-TLS-1")
    );
    assert!(
        is_yellow(&row("ACME-SITA-JWS-1")),
        "{:?}",
        row("ACME-SITA-JWS-1")
    );
    assert!(!is_red(&row("ACME-SITA-JWS-1")));
}

fn is_red(line: &str) -> bool {
    line.contains("\x1b[38;5;9m") || line.contains("\x1b[31m") || line.contains("\x1b[91m")
}

fn is_yellow(line: &str) -> bool {
    line.contains("\x1b[38;5;11m") || line.contains("\x1b[33m") || line.contains("\x1b[93m")
}

fn certs_args_first(global: &[&str], args: &[&str]) -> (i32, String, String) {
    let output = envplan()
        .env("COLUMNS", "160")
        .arg("--registry")
        .arg(fixture("cert-list"))
        .args(["--as-of", AS_OF])
        .args(global)
        .arg("certs")
        .args(args)
        .output()
        .expect("run envplan");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("utf-8"),
        String::from_utf8(output.stderr).expect("utf-8"),
    )
}

/// `certs` goes through the same pipeline as `check`: an error the
/// Programme's `rules` turn off, or make a warning, is no error in its note.
#[test]
fn the_note_counts_errors_with_the_programmes_overrides() {
    let bad = "kind: Certificate\nid: BAD-DATE\nparticipant: ACME\nenvironment: SIT-A\npurpose: tls\nexpires: 2026-02-30\n";
    let dir = scratch_registry(bad);
    let root = dir.path().join("registry");
    let (_, _, err) = certs_in(&root, &["--format", "json"]);
    assert!(
        err.contains("the registry has 1 error (run `envplan check`)"),
        "{err}"
    );
    let programme = std::fs::read_to_string(root.join("programme.yaml")).expect("read");
    for (setting, check_says) in [("off", "no problems found"), ("warning", "1 warning")] {
        std::fs::write(
            root.join("programme.yaml"),
            format!("{programme}rules:\n  EP006: {setting}\n"),
        )
        .expect("write");
        let (status, out, err) = certs_in(&root, &["--format", "json"]);
        assert_eq!(status, 0, "{err}");
        assert!(!err.contains("the registry has"), "EP006: {setting}: {err}");
        assert_eq!(
            out.trim(),
            "[]",
            "the unreadable record is still not listed"
        );
        // ...and `check` agrees that the registry has no error.
        let check = envplan()
            .arg("--registry")
            .arg(&root)
            .args(["--as-of", AS_OF, "check"])
            .output()
            .expect("run envplan");
        assert_eq!(check.status.code(), Some(0), "EP006: {setting}");
        let summary = String::from_utf8_lossy(&check.stdout);
        assert!(summary.contains(check_says), "EP006: {setting}: {summary}");
    }
}

#[test]
fn a_registry_with_errors_is_listed_with_a_warning() {
    let dir = scratch_registry(
        "kind: Certificate\nid: BAD-DATE\nparticipant: ACME\nenvironment: SIT-A\npurpose: tls\nexpires: 2026-02-30\n---\nkind: Certificate\nid: SOON\nparticipant: ACME\nenvironment: SIT-B\npurpose: jws\nexpires: 2026-03-20\n",
    );
    let (status, out, err) = certs_in(&dir.path().join("registry"), &["--format", "json"]);
    assert_eq!(status, 0);
    assert!(
        err.contains("the registry has 2 errors (run `envplan check`)"),
        "{err}"
    );
    let doc: Vec<serde_json::Value> = serde_json::from_str(&out).expect("json");
    let ids: Vec<_> = doc
        .iter()
        .map(|e| e["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["SOON"]);
}
