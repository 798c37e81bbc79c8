//! Tables fit the width they are given (the terminal's, else `COLUMNS`, else
//! 100), never break a word, and below 72 columns `certs` and `clashes`
//! print one block per row instead.

mod common;

use common::envplan;

fn run(columns: Option<&str>, registry: &str, args: &[&str]) -> String {
    let mut cmd = envplan();
    if let Some(c) = columns {
        cmd.env("COLUMNS", c);
    }
    let out = cmd
        .arg("--registry")
        .arg(common::repo_root().join(registry))
        .args(["--as-of", "2026-03-02"])
        .args(args)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).expect("utf-8")
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// Every word of `words` appears whole somewhere in `text`.
fn whole(text: &str, words: &[&str]) {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "│┆,".contains(c))
        .collect();
    for w in words {
        assert!(tokens.contains(w), "`{w}` is broken in\n{text}");
    }
}

const CERT_WORDS: &[&str] = &[
    "FNWK-SITA-TLS-1",
    "CALD-SITA-TLS-1",
    "2026-04-19T12:00",
    "BRIGHTSIDE",
    "PENN/NET-OPS",
    "2026-04-11",
];

#[test]
fn certs_fill_a_wide_terminal_and_stack_on_a_narrow_one() {
    let wide = run(Some("200"), "examples/northwind", &["certs"]);
    // One line per certificate: nothing wraps at 200 columns.
    assert_eq!(wide.lines().count(), 3 + 5, "{wide}");
    assert!(wide.contains("renew soon; needed from 2026-04-11 (FUNC-2)"));
    whole(&wide, CERT_WORDS);

    let narrow = run(Some("60"), "examples/northwind", &["certs"]);
    assert!(widest(&narrow) <= 60, "{narrow}");
    whole(&narrow, CERT_WORDS);
    insta::assert_snapshot!("certs-stacked-60", narrow);

    // Piped without COLUMNS: 100 columns, too few for the table's fixed
    // columns and a readable renewal text, so stacked too.
    let piped = run(None, "examples/northwind", &["certs"]);
    assert_eq!(piped, run(Some("100"), "examples/northwind", &["certs"]));
    assert!(piped.contains("\n  renewal:"), "{piped}");

    let between = run(Some("130"), "examples/northwind", &["certs"]);
    assert!(widest(&between) <= 130, "{between}");
    assert!(between.contains("days left"), "{between}");
    whole(&between, CERT_WORDS);
}

#[test]
fn clashes_fit_the_width_and_stack_below_72_columns() {
    let words = [
        "SWITCH-TEST",
        "single-upstream",
        "2026-03-23T08:00",
        "2026-04-03T18:00",
        "QUAYSIDE",
        "non-functional",
    ];
    for columns in ["90", "160"] {
        let table = run(Some(columns), "examples/northwind", &["clashes"]);
        let columns: usize = columns.parse().expect("number");
        assert!(widest(&table) <= columns, "{table}");
        assert!(table.starts_with('╭'), "{table}");
        whole(&table, &words);
    }
    // At 72 the longest words (a datetime per column) need more than the
    // width, so the clashes are stacked rather than overflow.
    let at_72 = run(Some("72"), "examples/northwind", &["clashes"]);
    assert!(widest(&at_72) <= 72, "{at_72}");
    assert!(at_72.starts_with("PREPROD, exclusive, EP201\n"), "{at_72}");
    let stacked = run(Some("60"), "examples/northwind", &["clashes"]);
    assert!(widest(&stacked) <= 60, "{stacked}");
    whole(&stacked, &words);
    insta::assert_snapshot!("clashes-stacked-60", stacked);
}
