//! The benchmarks' synthetic registry must stay a valid registry with a few
//! deliberate problems, or the benchmarks would measure error paths instead
//! of the real work. Checked through the real binary, as a user would.

mod common;

#[allow(dead_code)]
#[path = "../benches/support/generate.rs"]
mod generate;

use std::collections::BTreeMap;

use generate::Size;

/// Loading codes (EP001 to EP009) and dangling references or invalid values
/// (EP005, EP006) would mean the generator writes bad records.
const NEVER: &[&str] = &[
    "EP001", "EP002", "EP003", "EP004", "EP005", "EP006", "EP007", "EP008", "EP009", "EP204",
];

fn histogram(size: Size, seed: u64) -> (i32, BTreeMap<String, usize>, usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = generate::generate(size, seed);
    generate::write(dir.path(), &files).expect("write");
    let (status, doc) = common::check_dir(dir.path(), generate::AS_OF);
    let mut counts = BTreeMap::new();
    for d in &doc.diagnostics {
        *counts.entry(d.code.clone()).or_insert(0) += 1;
    }
    (status, counts, doc.diagnostics.len())
}

#[test]
fn size_s_is_valid_with_a_few_deliberate_problems() {
    let size = Size::S;
    let (status, counts, total) = histogram(size, 42);
    for code in NEVER {
        assert!(!counts.contains_key(*code), "{code} in {counts:?}");
    }
    // Some clashes, some expiring certificates, some late notices...
    for code in ["EP201", "EP302", "EP303", "EP402"] {
        assert!(counts.contains_key(code), "no {code} in {counts:?}");
    }
    // ...but few: under 2% of the records.
    let records = 1
        + size.environments() * 2
        + size.participants
        + size.intervals
        + size.certificates()
        + size.outages;
    assert!(total * 50 < records, "{total} findings: {counts:?}");
    assert_eq!(status, 1, "a few clashes are errors");
}

#[test]
fn same_seed_same_files_other_seed_other_files() {
    let a = generate::generate(Size::S, 7);
    let b = generate::generate(Size::S, 7);
    let c = generate::generate(Size::S, 8);
    let text = |files: &[generate::File]| {
        files
            .iter()
            .map(|f| format!("{}\n{}", f.rel, f.text))
            .collect::<String>()
    };
    assert_eq!(text(&a), text(&b));
    assert_ne!(text(&a), text(&c));
    // The counts the sizes promise.
    let docs = |prefix: &str| {
        a.iter()
            .filter(|f| f.rel.starts_with(prefix))
            .map(|f| f.text.matches("\nkind: ").count() + usize::from(f.text.starts_with("kind: ")))
            .sum::<usize>()
    };
    assert_eq!(docs("intervals/"), 2_000);
    assert_eq!(docs("certificates/"), 1_000);
    assert_eq!(docs("participants/"), 200);
    assert_eq!(docs("outages/"), 500);
    assert_eq!(docs("environments/"), 40);
}

/// With format version 2 content (components, readiness, roles, milestones)
/// the registry is just as valid: outages of components now reach the
/// intervals on the composites (EP208), and every participant meets its
/// milestones, so the speed comparison measures the rules, not a flood of findings.
#[test]
fn size_s_with_v2_content_is_valid_too() {
    let size = Size::named("S-v2").expect("a size");
    let (_, counts, total) = histogram(size, 42);
    for code in NEVER {
        assert!(!counts.contains_key(*code), "{code} in {counts:?}");
    }
    for code in ["EP503", "EP504", "EP210"] {
        assert!(!counts.contains_key(code), "{code} in {counts:?}");
    }
    let (_, plain, plain_total) = histogram(Size::S, 42);
    assert!(counts.contains_key("EP208"), "{counts:?}");
    assert!(total < plain_total * 2, "{counts:?} against {plain:?}");
}
