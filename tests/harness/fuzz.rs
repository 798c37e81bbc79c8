//! The bodies of the fuzz targets (`fuzz/fuzz_targets/`), kept here so that
//! the ordinary test build compiles them and `tests/fuzz_harness.rs` runs the
//! seed corpus through them on every CI run. The fuzz crate, which needs
//! nightly and libFuzzer, includes this file and only adds the entry points.
//!
//! Property for every input: nothing panics, every finding points into a
//! file that was loaded, the JSON report parses, and no human output (the
//! check report with its source lines, GitHub annotations, `show` of every
//! id, the text plan, the certs and clashes tables, wide and stacked) holds
//! a raw control, bidi or zero-width character or a line a CI runner would
//! act on.

// Each target uses part of it.
#![allow(dead_code)]

use std::path::Path;

use envplan::certificates::render as certs;
use envplan::commands::{check_registry, Checked, Global};
use envplan::output::sanitize::is_unsafe;
use envplan::registry::document::Kind;
use envplan::registry::{Loading, Registry};
use envplan::report::{self, Report};

/// The input is split at NUL bytes into up to four files of these names.
pub const NAMES: [&str; 4] = ["programme.yaml", "b.yaml", "sub/c.yaml", "d.yml"];

fn global(root: &Path) -> Global {
    Global {
        registry: root.to_path_buf(),
        as_of: envplan::time::when::parse_date("2026-03-10").ok(),
        color: envplan::cli::ColorChoice::Never,
    }
}

/// The raw bytes of the input's files: invalid UTF-8, byte-order marks and
/// CRLF line ends reach the real reading code.
pub fn write_files(root: &Path, data: &[u8]) {
    std::fs::create_dir_all(root.join("sub")).expect("mkdir");
    let mut chunks = data.split(|b| *b == 0);
    for name in NAMES {
        let bytes = chunks.next().unwrap_or(&[]);
        std::fs::write(root.join(name), bytes).expect("write");
    }
}

/// `check` on files on disk, and every human renderer.
pub fn check_files(root: &Path, data: &[u8]) {
    write_files(root, data);
    let loading = Registry::load(root).expect("the root exists");
    let Loading { registry, findings } = loading;
    let checked = check_registry(&global(root), &registry, findings);
    render_all(&registry, &checked);
}

/// The same split, held in memory (`Registry::from_texts`): many more
/// inputs per second reach the parser, the model and the rules.
pub fn check_texts(data: &[u8]) {
    let root = Path::new("/nonexistent/fuzz-registry");
    let texts: Vec<(String, String)> = data
        .split(|b| *b == 0)
        .zip(NAMES)
        .filter_map(|(bytes, name)| {
            std::str::from_utf8(bytes)
                .ok()
                .map(|text| (name.to_owned(), text.to_owned()))
        })
        .collect();
    let loading = Registry::from_texts(root, texts);
    let checked = check_registry(&global(root), &loading.registry, loading.findings);
    for f in &checked.findings {
        if let Some(place) = f.place {
            assert!((place.file as usize) < loading.registry.files.len());
        }
    }
}

fn render_all(registry: &Registry, checked: &Checked<'_>) {
    for f in &checked.findings {
        if let Some(place) = f.place {
            assert!((place.file as usize) < registry.files.len());
        }
    }
    let report = Report {
        registry,
        findings: &checked.findings,
        suppressed: &[],
        baseline_used: false,
        baselined: 0,
        stale_baseline: 0,
        as_of: checked.as_of,
        deny_warnings: false,
    };
    let mut json = Vec::new();
    report::json::write(&report, &mut json).expect("json");
    serde_json::from_slice::<serde_json::Value>(&json).expect("valid JSON");
    let mut out = Vec::new();
    report::github::write(&report, &mut out).expect("github");
    assert_no_raw_characters("github", &out);
    for width in [100, 50] {
        out.clear();
        report::human::write(&report, false, width, &mut out).expect("human");
        assert_safe("human", &out);
    }

    let model = &checked.model;
    for kind in Kind::ALL {
        for id in registry.ids(kind) {
            if let Ok(text) = envplan::show::show(model, checked.as_of, id) {
                assert_safe("show", text.as_bytes());
            }
        }
    }
    let query = envplan::plan::PlanQuery {
        period: envplan::plan::Period::around(checked.as_of),
        environment: None,
        participant: None,
    };
    let timeline = envplan::plan::build_timeline(model, checked.as_of, &query);
    for width in [100, 50] {
        let options = envplan::plan::text::TextOptions {
            width,
            color: false,
        };
        let text = envplan::plan::text::render(&timeline, &options);
        assert_safe("plan", text.as_bytes());
    }
    let clashes = envplan::clashes::listed_clashes(model, &Default::default());
    for width in [100, 50] {
        out.clear();
        envplan::clashes::write_listed_table(model, &clashes, false, width, &mut out)
            .expect("clashes");
        assert_safe("clashes", &out);
    }
    let query = envplan::certificates::listing::Query {
        as_of: checked.as_of,
        window_days: 3650,
        participant: None,
        environment: None,
        include_expired: true,
    };
    let entries = envplan::certificates::listing::list(model, &query);
    let scope = certs::Scope {
        window: "within 3650 days".to_owned(),
        participant: None,
        environment: None,
        include_expired: true,
    };
    for width in [200, 50] {
        out.clear();
        certs::table(&entries, &scope, false, width, &mut out).expect("certs");
        assert_safe("certs", &out);
    }
}

/// No character [`is_unsafe`] calls unsafe, other than line ends and tabs.
fn assert_no_raw_characters(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Some(c) = text
        .chars()
        .find(|&c| is_unsafe(c) && !matches!(c, '\n' | '\t'))
    {
        panic!("{what}: raw {c:?} in the output:\n{text}");
    }
}

/// [`assert_no_raw_characters`], and no line a CI runner would act on.
pub fn assert_safe(what: &str, bytes: &[u8]) {
    assert_no_raw_characters(what, bytes);
    let text = String::from_utf8_lossy(bytes);
    for line in text.lines() {
        assert!(
            !line.trim_start().starts_with("::")
                && !line.contains("##[")
                && !line.contains("##vso["),
            "{what}: a line a CI runner would act on: {line:?}"
        );
    }
}
