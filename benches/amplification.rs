//! Amplification (issue 16): 1,000 identical intervals on one exclusive
//! environment, about 110 KB of YAML, are 499,500 clashing pairs. The
//! targets: `clashes` and `check` within 5 s (and 300 MiB, measured with
//! `/usr/bin/time -v` on the release binary, see README "Hostile input"),
//! and a pack under 5 MB.
//!
//! ```text
//! cargo bench --bench amplification -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! `clashes` is what `envplan clashes --format csv` does (load, check, list
//! every pair, write each as CSV); `check` what `envplan check` does with the
//! human report; `pack` builds and renders the pack, and its size is
//! checked against the target before timing.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::Criterion;

use envplan::clashes::{listed_clashes, write_listed_csv, ClashFilter};
use envplan::commands::{check_registry, Global};
use envplan::pack::{self, Inputs, RegistryVersion};
use envplan::registry::Registry;
use envplan::report::{self, Report};

/// Intervals on the one environment.
const INTERVALS: usize = 1_000;
const PAIRS: usize = INTERVALS * (INTERVALS - 1) / 2;

/// The registry of the issue, written into a temporary directory.
pub fn write_registry(root: &Path, intervals: usize) -> usize {
    std::fs::create_dir_all(root).expect("mkdir");
    std::fs::write(
        root.join("programme.yaml"),
        "kind: Programme\nid: AMP\nname: Amplification\ntimezone: Europe/London\nroles:\n  SUP-D: Domestic supplier\nstages:\n  functional: SIT Functional\n",
    )
    .expect("write");
    let mut text = String::from(
        "kind: Participant\nid: ACME\nname: Acme\ntype: supplier\nroles: [SUP-D]\nconnects_to_dip: false\nenvironment_manager: {name: Jo, email: jo@acme.example}\n---\nkind: Environment\nid: STAGING\nname: Staging\nowner: ACME\nphase: sit\nstages: [functional]\nsharing: exclusive\n",
    );
    for i in 0..intervals {
        text.push_str(&format!(
            "---\nkind: Interval\nid: I-{i:04}\nname: Interval {i}\nenvironment: STAGING\nstage: functional\nstart: 2026-03-02\nend: 2026-03-06\nparticipants: [ACME]\n"
        ));
    }
    std::fs::write(root.join("registry.yaml"), &text).expect("write");
    text.len()
}

fn global(root: &Path) -> Global {
    Global {
        registry: root.to_path_buf(),
        as_of: envplan::time::when::parse_date("2026-03-01").ok(),
        color: envplan::cli::ColorChoice::Never,
    }
}

fn clashes_csv(root: &Path) -> usize {
    let loading = Registry::load(root).expect("load");
    let checked = check_registry(&global(root), &loading.registry, loading.findings);
    let clashes = listed_clashes(&checked.model, &ClashFilter::default());
    write_listed_csv(&checked.model, &clashes, &mut io::sink()).expect("csv");
    clashes.len()
}

fn check_human(root: &Path) -> usize {
    let loading = Registry::load(root).expect("load");
    let checked = check_registry(&global(root), &loading.registry, loading.findings);
    let report = Report {
        registry: &loading.registry,
        findings: &checked.findings,
        suppressed: &checked.suppressed,
        baseline_used: false,
        baselined: 0,
        stale_baseline: 0,
        as_of: checked.as_of,
        deny_warnings: false,
    };
    report::human::write(&report, false, 100, &mut io::sink()).expect("human");
    checked.findings.len()
}

/// Bytes of the four pack files.
fn pack_bytes(root: &Path) -> usize {
    let loading = Registry::load(root).expect("load");
    let checked = check_registry(&global(root), &loading.registry, loading.findings);
    let month = envplan::time::when::parse_date("2026-03-01").expect("month");
    let p = pack::build(Inputs {
        checked: &checked,
        edition: pack::Edition::Monthly,
        month,
        meeting: month,
        registry: RegistryVersion::Unknown("benchmark".into()),
        changes: None,
    });
    pack::markdown::render(&p).len()
        + pack::html::render(&p).len()
        + pack::csv::render(&p).len()
        + envplan::plan::ics::render(&p.timeline).len()
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root: PathBuf = dir.path().join("registry");
    let bytes = write_registry(&root, INTERVALS);
    eprintln!("{INTERVALS} identical intervals on one exclusive environment: {bytes} bytes of YAML, {PAIRS} pairs");
    assert_eq!(clashes_csv(&root), PAIRS, "every pair is listed");
    let size = pack_bytes(&root);
    eprintln!("pack: {size} bytes (target: under 5 MB)");
    assert!(size < 5_000_000, "the pack is {size} bytes");

    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    let mut group = c.benchmark_group("amplification");
    group.bench_function("clashes_csv_499500_pairs", |b| {
        b.iter(|| clashes_csv(&root))
    });
    group.bench_function("check_human_499500_pairs", |b| {
        b.iter(|| check_human(&root))
    });
    group.bench_function("pack_499500_pairs", |b| b.iter(|| pack_bytes(&root)));
    group.finish();
    c.final_summary();
}
