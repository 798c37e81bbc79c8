//! Bytes in, findings out, never a panic: the loader, the model, every rule
//! and the reporters, on whatever a pull request could put in a registry.
//!
//! The input is split at NUL bytes into up to four files, written as raw
//! bytes (so that invalid UTF-8, byte-order marks and CRLF line ends reach
//! the real reading code), then loaded, checked as of a fixed day and
//! rendered as JSON, GitHub annotations and the human report with source
//! snippets (which maps lines and columns back to byte offsets), `show`, the
//! text plan and the clashes table. Property: no output holds a raw control
//! character (other than line ends and tabs), whatever the input.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use envplan::commands::{check_registry, Global};
use envplan::registry::Registry;
use envplan::report::{self, Report};

const NAMES: [&str; 4] = ["programme.yaml", "b.yaml", "sub/c.yaml", "d.yml"];

/// One registry directory for the whole run, rewritten for every input.
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &ROOT
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temporary directory");
            let root = dir.path().join("registry");
            std::fs::create_dir_all(root.join("sub")).expect("mkdir");
            (dir, root)
        })
        .1
}

fuzz_target!(|data: &[u8]| {
    let root = root();
    let mut chunks = data.split(|b| *b == 0);
    for name in NAMES {
        let bytes = chunks.next().unwrap_or(&[]);
        std::fs::write(root.join(name), bytes).expect("write");
    }
    let global = Global {
        registry: root.clone(),
        as_of: envplan::time::when::parse_date("2026-03-10").ok(),
        color: envplan::cli::ColorChoice::Never,
    };
    let loading = Registry::load(root).expect("the root exists");
    let checked = check_registry(&global, &loading.registry, loading.findings);
    for f in &checked.findings {
        if let Some(place) = f.place {
            assert!((place.file as usize) < loading.registry.files.len());
        }
    }
    let report = Report {
        registry: &loading.registry,
        findings: &checked.findings,
        as_of: checked.as_of,
        deny_warnings: false,
    };
    let mut json = Vec::new();
    report::json::write(&report, &mut json).expect("json");
    serde_json::from_slice::<serde_json::Value>(&json).expect("valid JSON");
    let mut out = Vec::new();
    report::github::write(&report, &mut out).expect("github");
    no_raw_controls("github", &out);
    out.clear();
    report::human::write(&report, false, 80, &mut out).expect("human");
    no_raw_controls("human", &out);

    // The other human renderers: `show` of every id, the text plan, the
    // certs and clashes tables. None may pass a control character through.
    let model = &checked.model;
    for id in loading.registry.ids(envplan::registry::record::Kind::Environment) {
        if let Ok(text) = envplan::show::show(model, checked.as_of, id) {
            no_raw_controls("show", text.as_bytes());
        }
    }
    let query = envplan::plan::PlanQuery {
        period: envplan::plan::Period::around(checked.as_of),
        environment: None,
        participant: None,
    };
    let timeline = envplan::plan::build_timeline(model, checked.as_of, &query);
    let text = envplan::plan::text::render(
        &timeline,
        &envplan::plan::text::TextOptions {
            width: 100,
            color: false,
        },
    );
    no_raw_controls("plan", text.as_bytes());
    let clashes = envplan::bookings::listing::listed_clashes(model, &Default::default());
    out.clear();
    envplan::bookings::listing::write_listed_table(model, &clashes, false, Some(100), &mut out)
        .expect("clashes");
    no_raw_controls("clashes", &out);
});

/// The fuzzing property: no control character other than line ends and
/// tabs reaches an output raw.
fn no_raw_controls(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Some(c) = text
        .chars()
        .find(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        panic!("{what}: raw {c:?} in the output");
    }
}
