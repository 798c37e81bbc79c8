//! Arguments are validated before any work: a bad flag value is a usage
//! error even when the registry does not exist, because flags are read
//! (parse, then validate into settings) before the registry is loaded.

mod common;

/// Run envplan on a registry path that does not exist.
fn run_without_registry(args: &[&str]) -> (i32, String) {
    let out = common::envplan()
        .args([
            "--registry",
            "tests/fixtures/no-such-registry",
            "--as-of",
            "2026-03-02",
        ])
        .args(args)
        .output()
        .expect("run envplan");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

#[test]
fn a_bad_flag_is_reported_before_the_registry_is_read() {
    let slots = ["slots", "--environment", "SIT-A", "--stage", "functional"];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["certs", "--expiring", "soon"], "--expiring"),
        (vec!["plan", "--from", "2026-13-01"], "--from"),
        (vec!["plan", "--to", "yesterday"], "--to"),
        (
            vec!["plan", "--from", "2026-04-01", "--to", "2026-03-01"],
            "--to 2026-03-01 is before --from 2026-04-01",
        ),
        (vec!["clashes", "--from", "2026-02-30"], "--from"),
        (
            vec!["clashes", "--from", "2026-04-01", "--to", "2026-03-01"],
            "--to 2026-03-01 is before --from 2026-04-01",
        ),
        ([&slots[..], &["--length", "ten days"]].concat(), "--length"),
        (
            [&slots[..], &["--length", "0d"]].concat(),
            "--length: a booking needs a length above zero",
        ),
        (
            [&slots[..], &["--length", "5d", "--from", "soon"]].concat(),
            "--from",
        ),
        (
            [&slots[..], &["--length", "5d", "--count", "0"]].concat(),
            "--count",
        ),
        (
            vec!["site", "--out", "target/no-site", "--base-url", "not a url"],
            "--base-url",
        ),
    ];
    for (args, says) in cases {
        let (status, err) = run_without_registry(&args);
        assert_eq!(status, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!err.contains("not found"), "{args:?}: {err}");
    }
}

#[test]
fn good_flags_reach_the_missing_registry() {
    // The same commands with good flags do read the registry: the test above
    // would pass vacuously if every command failed before loading.
    for args in [
        vec!["certs", "--expiring", "30d"],
        vec!["plan", "--from", "2026-03-01"],
        vec!["clashes", "--from", "2026-03-01"],
        vec![
            "slots",
            "--environment",
            "SIT-A",
            "--stage",
            "functional",
            "--length",
            "5d",
        ],
    ] {
        let (status, err) = run_without_registry(&args);
        assert_eq!(status, 2, "{args:?}: {err}");
        assert!(err.contains("not found"), "{args:?}: {err}");
    }
}
