//! `envplan show ID`: snapshots of one record of every kind, the same id in
//! two kinds, the as-of day, and unknown or unreadable ids.

mod common;

use common::{envplan, fixture};

fn show(registry: &str, as_of: &str, id: &str) -> (i32, String, String) {
    let out = envplan()
        .arg("--registry")
        .arg(fixture(registry))
        .args(["--as-of", as_of, "show", id])
        .output()
        .expect("run envplan");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

#[test]
fn one_record_of_every_kind() {
    for id in [
        "NORTHWIND",
        "SIT-A",
        "ACME",
        "FUNC-1",
        "ACME-SITA-TLS-1",
        "SIT-A-HOURS",
        "OUT-1",
    ] {
        let (status, out, err) = show("valid-small", "2024-06-03", id);
        assert_eq!(status, 0, "{id}: {err}");
        insta::assert_snapshot!(format!("show-{id}"), out);
    }
}

#[test]
fn the_as_of_day_changes_the_facts_only() {
    let (_, before, _) = show("valid-small", "2024-06-03", "FUNC-1");
    let (_, during, _) = show("valid-small", "2024-06-12", "FUNC-1");
    assert!(before.contains("state  starts in 7 days"), "{before}");
    assert!(during.contains("state  under way"), "{during}");
    let fields = |s: &str| s.split("As of").next().unwrap_or("").to_owned();
    assert_eq!(fields(&before), fields(&during));
    let (_, later, _) = show("valid-small", "2025-05-10", "ACME-SITA-TLS-1");
    assert!(later.contains("expired 8 days ago"), "{later}");
}

#[test]
fn an_id_used_by_two_kinds_shows_both() {
    let (status, out, _) = show("show-same-id", "2024-06-03", "DCC");
    assert_eq!(status, 0);
    insta::assert_snapshot!("show-same-id", out);
}

#[test]
fn unknown_ids_are_usage_errors_with_a_hint() {
    let (status, out, err) = show("valid-small", "2024-06-03", "SIT-Z");
    assert_eq!(status, 2);
    assert!(out.is_empty());
    assert_eq!(
        err,
        "envplan: error: no record has the id `SIT-Z`\n  help: did you mean `SIT-A`?\n"
    );
    let (status, _, err) = show("valid-small", "2024-06-03", "acme");
    assert_eq!(status, 2);
    assert!(err.contains("did you mean `ACME`?"), "{err}");
    let (status, _, err) = show("valid-small", "2024-06-03", "ZZZZZZZZ");
    assert_eq!(status, 2);
    assert!(err.contains("no record has the id `ZZZZZZZZ`"), "{err}");
}

#[test]
fn a_record_that_could_not_be_read_is_not_called_unknown() {
    // A syntax error in its list of stages: the record cannot be read at all.
    let (status, _, err) = show("ep001-syntax", "2024-06-03", "SIT-B");
    assert_eq!(status, 2);
    assert!(err.contains("exists, but it could not be read"), "{err}");
    assert!(err.contains("envplan check"), "{err}");
}

/// A key written twice no longer makes the record unreadable: it is read
/// with the first.
#[test]
fn a_record_with_a_key_written_twice_is_shown_with_the_first() {
    let (status, out, err) = show("ep003-schema", "2024-06-03", "DUPKEY");
    assert_eq!(status, 0, "{err}");
    assert!(
        out.starts_with("Participant DUPKEY: Duplicate key\n"),
        "{out}"
    );
}

/// A single value where a list of texts belongs no longer makes the record
/// unreadable: it is shown with `(invalid)` for the list.
#[test]
fn a_record_with_a_single_value_for_a_list_is_shown() {
    // `stages: functional`.
    let (status, out, err) = show("ep003-schema", "2024-06-03", "ONE-STAGE");
    assert_eq!(status, 0, "{err}");
    assert!(
        out.starts_with("Environment ONE-STAGE: Stages written as a string\n"),
        "{out}"
    );
    assert!(out.contains("stages  (invalid)"), "{out}");
    assert!(out.ends_with("has 1 finding about it (EP003).\n"), "{out}");
}

/// A required field left out no longer makes the record unreadable: it is
/// shown with `(invalid)` for what is missing, and its other values.
#[test]
fn a_record_missing_a_required_field_is_shown() {
    let (status, out, err) = show("ep003-schema", "2024-06-03", "NO-NAME");
    assert_eq!(status, 0, "{err}");
    assert!(out.starts_with("Interval NO-NAME: (invalid)\n"), "{out}");
    assert!(out.contains("environment   ONE-STAGE"), "{out}");
    assert!(out.ends_with("has 1 finding about it (EP003).\n"), "{out}");
}

#[test]
fn findings_about_the_record_are_mentioned() {
    let (status, out, _) = show("ep205-required", "2024-06-03", "EARLY");
    assert_eq!(status, 0);
    assert!(
        out.ends_with("`envplan check` has 1 finding about it (EP205).\n"),
        "{out}"
    );
}

/// Format v2: an environment with its components and readiness, a
/// participant with its cohorts and milestones, and milestones with the
/// participants they apply to and how each stands (met, met late, due soon,
/// overdue), judged as EP501 and EP502 judge.
#[test]
fn format_v2_fields_and_relations() {
    for id in ["SIT-A", "ACME", "PMP-ACCESS", "READY-FOR-FUNC", "TRAINING"] {
        let (status, out, err) = show("show-v2", "2024-03-04", id);
        assert_eq!(status, 0, "{id}: {err}");
        insta::assert_snapshot!(format!("show-v2-{id}"), out);
    }
    let (_, acme, _) = show("show-v2", "2024-03-04", "ACME");
    assert!(
        acme.contains("TRAINING: met late, due 2024-02-23"),
        "{acme}"
    );
    assert!(acme.contains("cohorts     SIT-A: CIT-1"), "{acme}");
    let (_, pmp, _) = show("show-v2", "2024-03-04", "PMP-ACCESS");
    assert!(pmp.contains("BOLT: overdue, due 2024-02-29"), "{pmp}");
    // On its due day the milestone is due soon, not overdue.
    let (_, on_the_day, _) = show("show-v2", "2024-02-29", "PMP-ACCESS");
    assert!(
        on_the_day.contains("BOLT: due soon, due 2024-02-29"),
        "{on_the_day}"
    );
    let (_, sit_a, _) = show("show-v2", "2024-03-04", "SIT-A");
    assert!(
        sit_a.contains("made of DIP, HELIX, and through them HELIX-DB"),
        "{sit_a}"
    );
    assert!(sit_a.contains("forecast ready on 2024-03-20"), "{sit_a}");
}
