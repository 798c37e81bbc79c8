//! `envplan plan` draws each environment's own dates (format v2): its
//! `required` window, its sandbox end and its readiness, so an environment
//! required in the period never looks as if nothing happens on it. Fixture
//! `plan-windows` has no bookings at all in March to June 2024.

mod common;

fn plan(args: &[&str]) -> String {
    let out = common::envplan()
        .env("COLUMNS", "100")
        .arg("--registry")
        .arg(common::fixture("plan-windows"))
        .args([
            "--as-of",
            "2024-03-01",
            "plan",
            "--from",
            "2024-03-01",
            "--to",
            "2024-06-30",
        ])
        .args(args)
        .output()
        .expect("run envplan");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn line<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line {start:?} in\n{text}"))
}

#[test]
fn text_draws_required_windows_readiness_and_sandbox_end() {
    let out = plan(&[]);
    insta::assert_snapshot!("windows_text", out);
    // SIT-B: not ready from 1 April until its forecast day, then required.
    let sit_b = line(&out, "SIT-B ");
    let (not_ready, ready) = (sit_b.find('┄').expect("┄"), sit_b.find('◆').expect("◆"));
    assert!(not_ready < ready && sit_b[ready..].contains('─'), "{sit_b}");
    assert!(line(&out, "UIT ").contains('┤'));
    // PREPROD is required only in 2025: nothing drawn.
    assert!(!line(&out, "PREPROD ").contains('─'));
    assert!(out.contains("SIT-B: required 2024-04-01 to 2025-04-04; readiness: building, forecast ready on 2024-04-15"));
}

#[test]
fn mermaid_has_a_section_for_each_required_environment() {
    let out = plan(&["--format", "mermaid"]);
    insta::assert_snapshot!("windows_mermaid", out);
    assert!(!out.contains("nothing in this period"));
    assert!(!out.contains("PREPROD"));
}

#[test]
fn markdown_json_and_csv_say_the_same() {
    let md = plan(&["--format", "markdown"]);
    assert!(md.contains("Required 2024-04-01 to 2025-04-04; readiness: building, forecast ready on 2024-04-15; **required but not ready** from 2024-04-01 to 2024-04-14."), "{md}");
    assert!(md.contains("Required 2025-01-01 to 2025-12-31 (none of it in this period)."));

    let doc: serde_json::Value = serde_json::from_str(&plan(&["--format", "json"])).expect("json");
    let env = |id: &str| {
        doc["environments"]
            .as_array()
            .expect("environments")
            .iter()
            .find(|e| e["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no {id}"))
    };
    assert_eq!(
        env("SIT-B")["required_in_period"],
        serde_json::json!({"from": "2024-04-01", "to": "2024-06-30"})
    );
    assert_eq!(
        env("SIT-B")["readiness"]["not_ready_in_period"],
        serde_json::json!({"from": "2024-04-01", "to": "2024-04-14"})
    );
    assert_eq!(env("SIT-A")["readiness"]["ready_as_of"], true);
    assert_eq!(env("UIT")["sandbox_end"], "2024-05-20");
    assert_eq!(
        env("PREPROD")["required_in_period"],
        serde_json::Value::Null
    );

    let csv = plan(&["--format", "csv"]);
    let rows: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert!(
        rows.contains(&r#""required","","SIT-B","","","","","2024-04-01","2025-04-04","","","""#),
        "{csv}"
    );
    assert!(rows.contains(
        &r#""not-ready","","SIT-B","","","","building","2024-04-01","2024-04-14","","","""#
    ));
    assert!(rows.contains(&r#""ready","","SIT-B","","","","building","2024-04-15","","","","""#));
    assert!(rows.contains(&r#""sandbox-end","","UIT","","","","","2024-05-20","","","","""#));
}
