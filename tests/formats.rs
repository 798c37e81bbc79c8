//! `check --format sarif|gitlab|concise`, `--output-file`, `--report`,
//! `--statistics` and baselines, on the `suppressions` fixture.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::{envplan, fixture};
use serde_json::Value;

const AS_OF: &str = "2024-06-03";

fn run_on(dir: &Path, args: &[&str]) -> Output {
    envplan()
        .arg("--registry")
        .arg(dir)
        .args(["--as-of", AS_OF, "check"])
        .args(args)
        .output()
        .expect("run envplan")
}

fn run(args: &[&str]) -> Output {
    run_on(&fixture("suppressions"), args)
}

fn text(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

/// The fixture copied into a temporary directory, to be changed.
fn copy_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in fs::read_dir(fixture("suppressions")).expect("fixture") {
        let path = entry.expect("entry").path();
        fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    dir
}

fn sarif_text() -> String {
    let out = run(&["--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    text(&out)
}

#[test]
fn concise_is_one_clickable_line_per_finding() {
    let out = run(&["--format", "concise"]);
    assert_eq!(out.status.code(), Some(1));
    let text = text(&out);
    // Paths are relative to the current directory (the tests run at the
    // repository root), so `path:line:col` opens in an editor from there.
    for line in text.lines() {
        let path = line.split(':').next().unwrap_or("");
        assert!(Path::new(path).is_file(), "{path} from {line}");
    }
    insta::assert_snapshot!("concise", text);
}

#[test]
fn concise_keeps_hostile_text_on_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("programme.yaml"),
        envplan::diag::catalogue::EXAMPLE_BASE,
    )
    .expect("write");
    fs::write(
        dir.path().join("envs.yaml"),
        "kind: Environment\nid: SIT-A\nname: SIT A\nowner: \"PMO\\e[31m\\n::error::x ##vso[task]\"\nphase: sit\nstages: [functional]\n",
    )
    .expect("write");
    let out = run_on(dir.path(), &["--format", "concise"]);
    let text = text(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(
        text.contains("\\u{1b}[31m\\u{a}::error::x #\\u{23}vso[task]"),
        "{text}"
    );
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(common::repo_root().join("tests/schemas/sarif-schema-2.1.0.json"))
            .expect("schema"),
    )
    .expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let doc: Value = serde_json::from_str(&sarif_text()).expect("sarif json");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The schema has teeth: a result without a message is refused.
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .expect("result")
        .remove("message");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_has_every_rule_regions_and_suppressions() {
    let doc: Value = serde_json::from_str(&sarif_text()).expect("json");
    let run = &doc["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), envplan::diag::Code::ALL.len());
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 12);
    let suppressed: Vec<&str> = results
        .iter()
        .filter_map(|r| r["suppressions"][0]["justification"].as_str())
        .collect();
    assert_eq!(suppressed.len(), 5);
    assert!(suppressed.contains(&"agreed at the March EWG"));
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["endColumn"].as_u64() > region["startColumn"].as_u64());
    }
}

#[test]
fn sarif_snapshot() {
    let text = sarif_text().replace(env!("CARGO_PKG_VERSION"), "[version]");
    let doc: Value = serde_json::from_str(&text).expect("json");
    // The rules are the catalogue (tested in explain.rs); keep the snapshot
    // to the results and one rule.
    let run = &doc["runs"][0];
    let mut trimmed = doc.clone();
    trimmed["runs"][0]["tool"]["driver"]["rules"] =
        Value::Array(vec![run["tool"]["driver"]["rules"][19].clone()]);
    insta::assert_json_snapshot!("sarif", trimmed);
}

#[test]
fn gitlab_code_quality_with_stable_fingerprints() {
    let out = run(&["--format", "gitlab"]);
    assert_eq!(out.status.code(), Some(1));
    let text = text(&out);
    insta::assert_snapshot!("gitlab", text);
    let issues: Vec<Value> = serde_json::from_str(&text).expect("json");
    let mut prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().expect("fingerprint"))
        .collect();
    let n = prints.len();
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), n, "fingerprints are unique");

    // Lines added above every finding keep each fingerprint.
    let dir = copy_fixture();
    let fingerprints = |dir: &Path| -> Vec<String> {
        let issues: Vec<Value> =
            serde_json::from_slice(&run_on(dir, &["--format", "gitlab"]).stdout).expect("json");
        issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let before = fingerprints(dir.path());
    let path = dir.path().join("intervals.yaml");
    let text = fs::read_to_string(&path).expect("read");
    fs::write(&path, format!("# a new note\n# and another\n{text}")).expect("write");
    assert_eq!(fingerprints(dir.path()), before);
}

#[test]
fn one_check_writes_several_reports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sarif = dir.path().join("envplan.sarif");
    let junit = dir.path().join("junit.xml");
    let concise = dir.path().join("out.txt");
    let arg = |name: &str, path: &Path| format!("{name}={}", path.display());
    let out = run(&[
        "--format",
        "github",
        "--report",
        &arg("sarif", &sarif),
        "--report",
        &arg("junit", &junit),
        "--report",
        &arg("CONCISE", &concise),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).starts_with("::warning file="), "{}", text(&out));
    assert_eq!(fs::read_to_string(&sarif).expect("sarif"), sarif_text());
    assert_eq!(
        fs::read_to_string(&concise).expect("concise"),
        text(&run(&["--format", "concise"]))
    );
    assert!(fs::read_to_string(&junit)
        .expect("junit")
        .starts_with("<?xml"));

    // --output-file takes the --format output off standard output.
    let file = dir.path().join("check.json");
    let out = run(&[
        "--format",
        "json",
        "--output-file",
        &file.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        fs::read_to_string(&file).expect("json"),
        text(&run(&["--format", "json"]))
    );
}

#[test]
fn reports_are_never_written_into_the_registry() {
    let dir = copy_fixture();
    let inside = dir.path().join("envplan.sarif");
    for args in [
        vec!["--report".to_owned(), format!("sarif={}", inside.display())],
        vec!["--output-file".to_owned(), inside.display().to_string()],
        vec!["--write-baseline".to_owned(), inside.display().to_string()],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run_on(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("inside the registry"));
        assert!(!inside.exists());
    }
}

#[test]
fn a_bad_report_argument_is_a_usage_error() {
    let out = run(&["--report", "pdf=x.pdf"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`pdf` is not a format"), "{err}");
    let out = run(&["--report", "sarif"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn statistics_count_findings_per_code() {
    let out = run(&["--statistics"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("statistics", text(&out));
    let out = run(&["--statistics", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    let ep205 = rows.iter().find(|r| r["code"] == "EP205").expect("EP205");
    assert_eq!(
        (ep205["warnings"].as_u64(), ep205["suppressed"].as_u64()),
        (Some(1), Some(2))
    );
    // With --output-file, the counts go to the file.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("stats.txt");
    let out = run(&["--statistics", "--output-file", &file.display().to_string()]);
    assert!(out.stdout.is_empty());
    assert_eq!(
        fs::read_to_string(&file).expect("stats"),
        text(&run(&["--statistics"]))
    );
}

#[test]
fn baseline_round_trip() {
    let dir = copy_fixture();
    let out_dir = tempfile::tempdir().expect("tempdir");
    let baseline = out_dir.path().join("baseline.json");
    let b = baseline.display().to_string();

    // Writing the baseline passes: every finding is now in it.
    let out = run_on(dir.path(), &["--write-baseline", &b]);
    assert_eq!(out.status.code(), Some(0));
    let written: Value =
        serde_json::from_str(&fs::read_to_string(&baseline).expect("baseline")).expect("json");
    assert_eq!(written["findings"].as_array().map(Vec::len), Some(7));

    // Checked against it, nothing is left.
    let out = run_on(dir.path(), &["--baseline", &b]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).ends_with("✓ no problems found, 5 suppressed, 7 in the baseline (4 files, 11 records, as of 2024-06-03)\n"),
        "{}",
        text(&out)
    );

    // Lines added above do not resurrect them; a new finding is reported,
    // and the entry of a finding that was fixed is counted as stale.
    let path = dir.path().join("intervals.yaml");
    let text_before = fs::read_to_string(&path).expect("read");
    let changed = format!("# moved down\n\n{text_before}")
        .replace(
            "end: 2024-07-19  # envplan: allow EP205 --   ",
            "end: 2024-06-28",
        )
        .replace("end: 2024-06-14", "end: 2024-06-14\nuses: [DCC]");
    fs::write(&path, changed).expect("write");
    let out = run_on(dir.path(), &["--baseline", &b, "--format", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d.get("suppressed").is_none())
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(codes, ["EP207"]);
    assert_eq!(doc["summary"]["baseline"]["matched"], 5);
    assert_eq!(doc["summary"]["baseline"]["stale"], 2);
    assert_eq!(out.status.code(), Some(0));
    let human = run_on(dir.path(), &["--baseline", &b]);
    assert!(
        text(&human).contains("2 entries of the baseline no longer match a finding"),
        "{}",
        text(&human)
    );
}

#[test]
fn a_broken_baseline_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.json");
    fs::write(&path, "{\"findings\": 3}").expect("write");
    let out = run(&["--baseline", &path.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not an envplan baseline"));
}
