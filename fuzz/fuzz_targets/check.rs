//! Bytes in, findings out, never a panic: the loader, the model, every rule
//! and the reporters, on whatever a pull request could put in a registry.
//!
//! The input is split at NUL bytes into up to four files, written as raw
//! bytes (so that invalid UTF-8, byte-order marks and CRLF line ends reach
//! the real reading code), then loaded, checked as of a fixed day and
//! rendered as JSON, GitHub annotations and the human report with source
//! snippets (which maps lines and columns back to byte offsets).

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
    out.clear();
    report::human::write(&report, false, 80, &mut out).expect("human");
});
