//! `envplan check` on one fixture registry per rule code: every finding's code,
//! severity, file, line, column and records, and nothing else (so a broken
//! record that caused a cascade of other findings would fail here too).

mod common;

use common::{check, check_dir, CheckJson, Diag};

const AS_OF: &str = "2024-06-03";

/// `CODE severity file:line:column [RECORDS]`
fn line(d: &Diag) -> String {
    format!(
        "{} {} {}:{}:{} [{}]",
        d.code,
        d.severity,
        d.file.as_deref().unwrap_or("-"),
        d.line.unwrap_or(0),
        d.column.unwrap_or(0),
        d.records.join(" ")
    )
}

/// Run `check` on a fixture and compare every finding, in the reported order.
fn expect(fixture: &str, exit: i32, expected: &[&str]) -> CheckJson {
    let (status, doc) = check(fixture, AS_OF);
    let got: Vec<String> = doc.diagnostics.iter().map(line).collect();
    assert_eq!(got, expected, "findings of {fixture}");
    assert_eq!(status, exit, "exit status of {fixture}");
    doc
}

fn help_of<'a>(doc: &'a CheckJson, code: &str, record: &str) -> &'a str {
    doc.diagnostics
        .iter()
        .find(|d| d.code == code && d.records.iter().any(|r| r == record))
        .and_then(|d| d.help.as_deref())
        .unwrap_or_else(|| panic!("no {code} help for {record}"))
}

fn message_of<'a>(doc: &'a CheckJson, code: &str, record: &str) -> &'a str {
    &doc.diagnostics
        .iter()
        .find(|d| d.code == code && d.records.iter().any(|r| r == record))
        .unwrap_or_else(|| panic!("no {code} for {record}"))
        .message
}

// ------------------------------------------------------------ files (EP001-EP008)

#[test]
fn ep001_syntax_errors_and_tabs_do_not_hide_other_files() {
    let doc = expect(
        "ep001-syntax",
        1,
        &[
            "EP001 error environments.yaml:13:9 [SIT-B]",
            // The other files are still checked; the records of the broken
            // file (SIT-B, TABS) are known to exist, so only the truly
            // unknown SIT-C is reported.
            "EP005 error intervals.yaml:13:14 [ON-SIT-C]",
            "EP001 error tabs.yaml:7:2 [TABS]",
        ],
    );
    assert!(help_of(&doc, "EP001", "SIT-B").contains("close the list with `]`"));
    assert!(help_of(&doc, "EP001", "TABS").contains("spaces"));
    assert!(message_of(&doc, "EP001", "SIT-B").contains("environment `SIT-B`"));
}

#[test]
fn ep002_kind_missing_late_unknown_or_not_a_mapping() {
    let doc = expect(
        "ep002-kind",
        1,
        &[
            "EP002 error records.yaml:1:1 [KIND-LATE]",
            "EP002 error records.yaml:8:7 [TYPO-KIND]",
            "EP002 error records.yaml:12:7 [WIDGET]",
            "EP002 error records.yaml:15:1 []",
            "EP002 error records.yaml:18:1 [NO-KIND]",
        ],
    );
    assert_eq!(
        help_of(&doc, "EP002", "KIND-LATE"),
        "move `kind: Environment` to the top of the record"
    );
    assert_eq!(
        help_of(&doc, "EP002", "TYPO-KIND"),
        "did you mean `Environment`?"
    );
    assert!(help_of(&doc, "EP002", "WIDGET").starts_with("the kinds are Programme"));
}

#[test]
fn ep003_schema_errors_name_the_field_and_cause_no_cascade() {
    let doc = expect(
        "ep003-schema",
        1,
        &[
            "EP003 error environments.yaml:13:9 [ONE-STAGE]",
            "EP003 error intervals.yaml:8:1 [TYPO-FIELD]",
            "EP003 error intervals.yaml:11:5 [NO-NAME]",
            "EP003 error more-certificates.yaml:6:10 [BAD-CERT]",
            "EP003 error outages.yaml:5:9 [BAD-REASON]",
            "EP003 error outages.yaml:13:10 [BAD-BOOL]",
            // DUPKEY, read with the first of its two names, still counts:
            // its own problems are reported.
            "EP101 error participants.yaml:9:5 [DUPKEY]",
            "EP102 error participants.yaml:9:5 [DUPKEY]",
            "EP003 error participants.yaml:12:1 [DUPKEY]",
            "EP003 error participants.yaml:22:5 [LISTSRO]",
        ],
    );
    assert_eq!(
        help_of(&doc, "EP003", "TYPO-FIELD"),
        "did you mean `participants`?"
    );
    assert_eq!(
        help_of(&doc, "EP003", "BAD-REASON"),
        "did you mean `patching`?"
    );
    assert!(message_of(&doc, "EP003", "NO-NAME").contains("required field `name`"));
    assert!(message_of(&doc, "EP003", "ONE-STAGE").contains("`stages`"));
    assert_eq!(
        help_of(&doc, "EP003", "ONE-STAGE"),
        "write it as a list: `stages: [functional]`"
    );
    assert!(message_of(&doc, "EP003", "BAD-CERT").contains("`expires`"));
    assert!(message_of(&doc, "EP003", "BAD-BOOL").contains("true or false"));
    assert!(message_of(&doc, "EP003", "DUPKEY").contains("`name` twice"));
    assert!(help_of(&doc, "EP003", "LISTSRO").contains("`sro` is one person"));
}

#[test]
fn ep004_duplicate_ids_reported_after_the_first() {
    let doc = expect(
        "ep004-duplicate-id",
        1,
        &[
            "EP004 error more/environments.yaml:2:5 [SIT-A]",
            "EP004 error participants.yaml:9:5 [PMO]",
        ],
    );
    assert!(help_of(&doc, "EP004", "SIT-A").contains("environments.yaml:2"));
}

#[test]
fn ep005_dangling_and_wrong_kind_references() {
    let doc = expect(
        "ep005-references",
        1,
        &[
            "EP005 error certificates.yaml:7:11 [ACME-TLS-1]",
            "EP005 error environments.yaml:7:15 [SIT-A]",
            "EP005 error environments.yaml:12:8 [SIT-B]",
            "EP005 error intervals.yaml:4:14 [ON-SIT-C]",
            "EP005 error intervals.yaml:16:22 [WRONG-KIND]",
            "EP005 error outages.yaml:3:14 [OUT-1]",
            "EP005 error participants.yaml:17:6 [ACME]",
        ],
    );
    assert_eq!(help_of(&doc, "EP005", "SIT-B"), "did you mean `PMO`?");
    assert_eq!(help_of(&doc, "EP005", "ON-SIT-C"), "did you mean `SIT-A`?");
    assert!(
        message_of(&doc, "EP005", "WRONG-KIND").contains("is an environment, not a participant")
    );
    // A certificate is never offered itself as the one it replaces.
    assert!(!help_of(&doc, "EP005", "ACME-TLS-1").contains("did you mean"));
    assert!(help_of(&doc, "EP005", "SIT-A").contains("add an Environment record"));
}

#[test]
fn ep006_invalid_values() {
    let doc = expect(
        "ep006-values",
        1,
        &[
            "EP006 error availability.yaml:4:45 [SIT-A-HOURS]",
            "EP006 error availability.yaml:5:18 [SIT-A-HOURS]",
            "EP006 error intervals.yaml:6:8 [BAD-DATE]",
            "EP006 error intervals.yaml:14:8 [SPRING]",
            "EP006 error intervals.yaml:23:6 [AUTUMN]",
            "EP006 error intervals.yaml:31:6 [BACKWARDS]",
            // EP006 only: the misspelt stage is not also reported as EP204.
            "EP006 error intervals.yaml:37:8 [BAD-STAGE]",
            "EP006 error intervals.yaml:42:5 [SIT A/1]",
            "EP006 error participants.yaml:12:9 [ACME]",
            "EP006 error participants.yaml:13:9 [ACME]",
            "EP006 error participants.yaml:14:47 [ACME]",
        ],
    );
    assert!(message_of(&doc, "EP006", "BAD-DATE").contains("February 2023 has 28 days"));
    assert!(message_of(&doc, "EP006", "SPRING").contains("does not exist"));
    assert!(message_of(&doc, "EP006", "AUTUMN").contains("happens twice"));
    assert!(message_of(&doc, "EP006", "BACKWARDS").contains("before it starts"));
    assert_eq!(
        help_of(&doc, "EP006", "BAD-STAGE"),
        "did you mean `functional`?"
    );
}

#[test]
fn ep006_programme_values() {
    let doc = expect(
        "ep006-programme",
        1,
        &[
            "EP006 error programme.yaml:4:11 [FIX]",
            "EP006 error programme.yaml:5:22 [FIX]",
            "EP006 error programme.yaml:6:24 [FIX]",
            "EP006 error programme.yaml:7:6 [FIX]",
        ],
    );
    assert_eq!(
        doc.diagnostics[0].help.as_deref(),
        Some("did you mean `Europe/London`?")
    );
}

#[test]
fn ep007_no_programme_has_no_place() {
    let doc = expect("ep007-none", 1, &["EP007 error -:0:0 []"]);
    assert!(doc.diagnostics[0].file.is_none());
}

#[test]
fn ep007_two_programmes() {
    expect(
        "ep007-two",
        1,
        &["EP007 error second-programme.yaml:2:5 [FIX FIX-2]"],
    );
}

#[test]
fn ep008_unreadable_files_do_not_hide_the_others() {
    let doc = expect(
        "ep008-unreadable",
        1,
        &[
            "EP008 error bomb.yaml:7:11 []",
            "EP008 error deep.yaml:3:54 []",
            // No EP005 for CAFE, BOMB or DEEP: they exist, in files that cannot be read.
            "EP008 error latin1.yaml:3:10 []",
        ],
    );
    let latin1 = &doc.diagnostics[2];
    assert!(latin1.message.contains("not UTF-8"), "{}", latin1.message);
    assert!(doc.diagnostics[0]
        .help
        .as_deref()
        .unwrap_or("")
        .contains("alias"));
}

// ------------------------------------------------------------ participants (EP101-EP106)

#[test]
fn ep101_environment_manager() {
    expect(
        "ep101-no-manager",
        1,
        &["EP101 error participants.yaml:9:5 [ACME]"],
    );
}

#[test]
fn ep102_pki_officers_for_dip_users_and_certificate_holders() {
    let doc = expect(
        "ep102-pki-officers",
        1,
        &[
            "EP102 error participants.yaml:9:5 [ACME]",
            "EP102 error participants.yaml:21:3 [BETA]",
        ],
    );
    assert!(message_of(&doc, "EP102", "ACME").contains("no nominating officer and no SRO"));
    assert!(message_of(&doc, "EP102", "BETA").contains("holds a certificate but has no SRO"));
    assert!(!help_of(&doc, "EP102", "BETA").contains("nominating_officer:"));
}

#[test]
fn ep103_requested_by_an_appointed_technical_contact() {
    let doc = expect(
        "ep103-requested-by",
        1,
        &[
            "EP103 error certificates.yaml:18:15 [ACME ACME-SITB-TLS]",
            "EP103 error certificates.yaml:26:15 [ACME ACME-SITA-JWS]",
        ],
    );
    assert!(message_of(&doc, "EP103", "ACME-SITB-TLS").contains("not appointed for"));
    assert!(message_of(&doc, "EP103", "ACME-SITA-JWS").contains("not a technical contact"));
}

#[test]
fn ep104_proving_steps_in_order() {
    expect(
        "ep104-step-order",
        1,
        &[
            "EP104 error participants.yaml:18:47 [ACME]",
            "EP104 error participants.yaml:19:68 [ACME]",
        ],
    );
}

#[test]
fn ep105_connectivity_proven_by_the_start() {
    // EESCO is receive-only (EES) and needs no message; BETA sent it on the
    // start day; CP-1 is connectivity proving itself; OLD-1 ended before the
    // as-of day; CANC-1 is cancelled.
    let doc = expect(
        "ep105-connectivity",
        1,
        &[
            "EP105 error intervals.yaml:8:16 [ACME FUNC-1]",
            "EP105 error intervals.yaml:8:35 [FUNC-1 GAMMA]",
        ],
    );
    assert!(message_of(&doc, "EP105", "ACME").contains("(not done)"));
    assert!(message_of(&doc, "EP105", "GAMMA").contains("done 2024-06-11, after the start"));
}

#[test]
fn ep106_dcp_must_be_a_dcp() {
    expect(
        "ep106-dcp",
        1,
        &["EP106 error participants.yaml:17:6 [ACME BETA]"],
    );
}

// ------------------------------------------------------------ bookings (EP204, EP205, EP207)

#[test]
fn ep204_stage_hosted_by_the_environment() {
    expect(
        "ep204-stage",
        1,
        &["EP204 error intervals.yaml:5:8 [MIG-ON-SIT-A SIT-A]"],
    );
}

#[test]
fn ep205_inside_the_required_window() {
    expect(
        "ep205-required",
        0,
        &[
            "EP205 warning intervals.yaml:6:8 [EARLY SIT-A]",
            "EP205 warning intervals.yaml:16:6 [LATE SIT-A]",
        ],
    );
}

#[test]
fn ep207_uses_a_connected_environment() {
    expect(
        "ep207-uses",
        0,
        &["EP207 warning intervals.yaml:17:13 [STRAY UIT-B]"],
    );
}

// ------------------------------------------------------------ outages (EP401-EP403)

#[test]
fn ep401_unplanned_outage_needs_a_defect() {
    expect(
        "ep401-defect",
        0,
        &["EP401 warning outages.yaml:2:5 [FAIL-1]"],
    );
}

#[test]
fn ep402_planned_outage_notice() {
    let doc = expect(
        "ep402-notice",
        0,
        &[
            "EP402 warning outages.yaml:2:5 [NOT-NOTIFIED]",
            "EP402 warning outages.yaml:16:11 [SHORT-NOTICE]",
        ],
    );
    assert!(message_of(&doc, "EP402", "SHORT-NOTICE").contains("less than 5 days"));
}

#[test]
fn ep403_unplanned_outage_still_ongoing() {
    expect(
        "ep403-ongoing",
        0,
        &["EP403 warning outages.yaml:2:5 [STILL-DOWN]"],
    );
    // The day before it started, it was not ongoing yet.
    let (status, doc) = check("ep403-ongoing", "2024-05-31");
    assert_eq!(status, 0);
    assert!(doc.diagnostics.is_empty(), "{:#?}", doc.diagnostics);
}

// ------------------------------------------------------------ severity overrides

#[test]
fn rules_override_severities_but_cannot_silence_loading_codes() {
    // EP205 is off (LATE is outside the window), EP101 is a warning, EP003
    // cannot be turned off (refused as EP006, and the EP003 stays an error),
    // and EP042 is not a code (a bad entry of `rules:`, so EP003 there).
    let doc = expect(
        "rules-overrides",
        1,
        &[
            "EP003 error intervals.yaml:16:1 [TYPO]",
            "EP101 warning participants.yaml:9:5 [ACME]",
            "EP006 error programme.yaml:16:10 [FIX]",
            "EP003 error programme.yaml:17:3 [FIX]",
        ],
    );
    assert!(message_of(&doc, "EP006", "FIX").contains("EP003 cannot be turned off"));
}

// ------------------------------------------------------------ valid registries

/// The valid fixture and the minimal example: no findings at all. (The bundled
/// MHHS registry and the Northwind example report deliberate, documented
/// findings; `tests/bundled.rs` pins those exactly.)
#[test]
fn valid_registries_have_no_findings() {
    let root = common::repo_root();
    for dir in [
        common::fixture("valid-small"),
        root.join("examples/minimal"),
    ] {
        let (status, doc) = check_dir(&dir, AS_OF);
        assert!(
            doc.diagnostics.is_empty(),
            "{}: {:#?}",
            dir.display(),
            doc.diagnostics
        );
        assert_eq!(status, 0, "{}", dir.display());
    }
}

/// Every code this issue implements has a fixture above that triggers it.
#[test]
fn every_code_of_the_issue_has_a_fixture() {
    let fixtures = [
        "ep001-syntax",
        "ep002-kind",
        "ep003-schema",
        "ep004-duplicate-id",
        "ep005-references",
        "ep006-values",
        "ep007-none",
        "ep008-unreadable",
        "ep101-no-manager",
        "ep102-pki-officers",
        "ep103-requested-by",
        "ep104-step-order",
        "ep105-connectivity",
        "ep106-dcp",
        "ep204-stage",
        "ep205-required",
        "ep207-uses",
        "ep401-defect",
        "ep402-notice",
        "ep403-ongoing",
    ];
    for name in fixtures {
        let code = name[..5].to_uppercase();
        let (_, doc) = check(name, AS_OF);
        assert!(
            doc.diagnostics.iter().any(|d| d.code == code),
            "{name} does not trigger {code}"
        );
    }
}

// ------------------------------------------------------------ format version 2

#[test]
fn ep102_officers_per_certificate_scheme() {
    // Under `pki`: TLSONLY needs only an SRO; a revoked or expired certificate
    // needs no officer; an ended or cancelled booking asks for nothing;
    // NOCERT connects to the DIP but `connects_to_dip` plays no part.
    let doc = expect(
        "ep102-pki-schemes",
        1,
        &[
            "EP301 warning certificates.yaml:32:10 [EXPIRED EXPIRED-CSS]",
            "EP102 error participants.yaml:24:15 [CSSHOLD]",
            "EP102 error participants.yaml:45:5 [BOOKED]",
            "EP102 error participants.yaml:77:5 [JWS]",
        ],
    );
    assert_eq!(
        message_of(&doc, "EP102", "BOOKED"),
        "participant `BOOKED` has no nominating officer and no SRO (needed because `DCC` requires a dcc-css certificate of it for interval `P-BOOKED`)"
    );
    assert!(message_of(&doc, "EP102", "JWS").contains("has no ARO"));
}

#[test]
fn ep105_with_role_and_cohort_limits() {
    // EARLY's cohort (CIT-1) starts before CIT-2, so it is spared the message;
    // MOVED's cancelled CIT-X is nobody's cohort, so its cohort is CIT-3;
    // NOCOH has no cohort and must send it; AGNT (MSA) needs no webhooks;
    // CIT-4 is proving itself.
    expect(
        "ep105-cohorts",
        1,
        &[
            "EP105 error intervals.yaml:59:23 [F-1 LATE]",
            "EP105 error intervals.yaml:59:29 [F-1 MOVED]",
            "EP105 error intervals.yaml:59:36 [F-1 NOCOH]",
        ],
    );
}

#[test]
fn ep303_with_role_limited_purposes() {
    // DCC asks CSS certificates of suppliers and DSP certificates of SDS
    // only: AGNT needs neither, SDSC's CSS certificate is not what it needs,
    // SUPD's is for the wrong environment; P-1 is proving, so exempt.
    let doc = expect(
        "ep303-by-role",
        1,
        &[
            "EP303 error intervals.yaml:9:28 [F-1 SDSC]",
            "EP303 error intervals.yaml:9:34 [F-1 SUPD]",
        ],
    );
    assert!(message_of(&doc, "EP303", "SDSC").contains("dcc-dsp certificate for `DCC`"));
}

#[test]
fn ep208_outages_of_what_an_interval_depends_on() {
    // HELIX is a component of DIP, itself a component of SIT; O-TOUCH ends
    // as F-2 starts; O-SIT is on F-2's own environment (EP206); unplanned
    // outages and cancelled intervals take part in neither.
    let doc = expect(
        "ep208-dependencies",
        0,
        &[
            "EP208 warning outages.yaml:6:8 [F-1 O-HELIX]",
            "EP208 warning outages.yaml:15:8 [F-1 O-DCC]",
            "EP206 warning outages.yaml:35:8 [F-2 O-SIT]",
        ],
    );
    assert!(message_of(&doc, "EP208", "O-HELIX").contains("`HELIX` is part of `SIT`"));
    assert!(message_of(&doc, "EP208", "O-DCC").contains("uses `DCC`"));
}

#[test]
fn ep209_ended_but_still_open() {
    // Reported at `status`, or at the id when there is none; an interval
    // ending on the as-of day, or a minute into it, has not ended before it.
    let doc = expect(
        "ep209-still-open",
        0,
        &[
            "EP209 warning intervals.yaml:8:9 [ENDED-PLANNED]",
            "EP209 warning intervals.yaml:11:5 [ENDED-NO-STATUS]",
            "EP209 warning intervals.yaml:35:9 [MIDNIGHT]",
        ],
    );
    assert!(help_of(&doc, "EP209", "MIDNIGHT").contains("status: done"));
}

#[test]
fn ep210_participant_without_an_eligible_role() {
    // Once per interval and participant (AGNT is listed twice); BOTH holds
    // EES; cancelled intervals and environments without `roles` are not checked.
    expect(
        "ep210-roles",
        0,
        &[
            "EP210 warning intervals.yaml:8:22 [AGNT F-1]",
            "EP210 warning intervals.yaml:8:28 [F-1 NOROLE]",
        ],
    );
}

#[test]
fn ep501_milestone_overdue() {
    // SUPA met M-DATE before it was due and SUPB since; due on the as-of day
    // is due soon (EP502); M-FIRST is due per participant the day before its
    // own first functional interval (SUPB has none, AGNT's is weeks away).
    let doc = expect(
        "ep501-overdue",
        1,
        &[
            "EP501 error milestones.yaml:5:6 [M-DATE SUPC]",
            "EP502 warning milestones.yaml:12:6 [M-TODAY SUPC]",
            "EP501 error milestones.yaml:20:6 [M-FIRST SUPC]",
            "EP501 error milestones.yaml:26:6 [M-OFFICERS SUPB]",
        ],
    );
    assert!(message_of(&doc, "EP501", "M-FIRST").contains("due 2024-05-12"));
    assert!(help_of(&doc, "EP501", "M-DATE").contains("milestones: {M-DATE: YYYY-MM-DD}"));
}

#[test]
fn ep502_milestone_due_soon() {
    // Due today and due exactly `milestone_warning` ahead are inside; 15 days
    // is beyond; a day recorded after the as-of day is not met yet.
    let doc = expect(
        "ep502-due-soon",
        0,
        &[
            "EP502 warning milestones.yaml:4:6 [M-TODAY SUPA]",
            "EP502 warning milestones.yaml:10:6 [M-EDGE SUPA]",
            "EP502 warning milestones.yaml:28:6 [M-LATER SUPA]",
        ],
    );
    assert!(message_of(&doc, "EP502", "M-TODAY").contains("due today"));
}

#[test]
fn ep503_required_but_not_ready() {
    // At `readiness`, or at `ready_on` when that is the reason; a window that
    // is over, a ready or retired environment, or no readiness: nothing.
    expect(
        "ep503-not-ready",
        1,
        &[
            "EP503 error environments.yaml:8:12 [BUILDING]",
            "EP503 error environments.yaml:17:12 [FROM-TODAY]",
            "EP503 error environments.yaml:35:38 [FORECAST-LATE]",
        ],
    );
}

#[test]
fn ep504_readiness_at_risk() {
    // Required exactly `milestone_warning` ahead is inside, a day later not;
    // a forecast on the required day is in time; required from the as-of day is EP503.
    expect(
        "ep504-readiness-at-risk",
        1,
        &[
            "EP504 warning environments.yaml:8:12 [EDGE]",
            "EP504 warning environments.yaml:26:40 [LATE-FORECAST]",
            "EP503 error environments.yaml:54:3 [TODAY]",
        ],
    );
}

#[test]
fn v2_fields_are_resolved_and_checked() {
    // Every reference and value the format's version 2 adds: proving_stage,
    // milestone_warning (a horizon, `3m` is three minutes), participant
    // milestones (a milestone with `requires` cannot be recorded), components
    // (E1 -> E2 -> E3 -> E1 is closed by E3's entry; E3 names itself),
    // limited entries, roles, readiness dates, and Milestone due, applies_to
    // and requires (at most one key).
    let doc = expect(
        "v2-references",
        1,
        &[
            "EP006 error registry.yaml:5:16 [P]",
            "EP006 error registry.yaml:6:20 [P]",
            "EP006 error registry.yaml:18:21 [A]",
            "EP006 error registry.yaml:18:33 [A M-CERT]",
            "EP005 error registry.yaml:18:53 [A]",
            "EP005 error registry.yaml:26:18 [E1]",
            "EP006 error registry.yaml:27:42 [E1]",
            "EP006 error registry.yaml:28:39 [E1]",
            "EP005 error registry.yaml:29:47 [E1]",
            "EP006 error registry.yaml:30:9 [E1]",
            "EP006 error registry.yaml:31:38 [E1]",
            "EP006 error registry.yaml:31:68 [E1]",
            "EP006 error registry.yaml:47:14 [E3]",
            "EP006 error registry.yaml:47:18 [E3]",
            "EP005 error registry.yaml:52:6 [M-REC]",
            "EP006 error registry.yaml:53:22 [M-REC]",
            "EP005 error registry.yaml:53:45 [M-REC]",
            "EP005 error registry.yaml:53:62 [M-REC]",
            "EP006 error registry.yaml:53:73 [M-REC]",
            "EP006 error registry.yaml:58:6 [M-CERT]",
            "EP006 error registry.yaml:59:69 [M-CERT]",
            "EP006 error registry.yaml:64:21 [M-BF]",
            "EP005 error registry.yaml:64:41 [M-BF]",
        ],
    );
    assert!(doc.diagnostics.iter().any(|d| d
        .help
        .as_deref()
        .is_some_and(|h| h.contains("write `13w` or `90d`"))));
    assert!(message_of(&doc, "EP006", "E3").contains("E1 → E2 → E3 → E1"));
}
