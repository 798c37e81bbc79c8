//! The fuzz targets' bodies (`tests/harness/fuzz.rs`) on the seed corpus
//! under `fuzz/seeds/` and on the trust fixture, so that CI compiles them
//! and checks their property on every run (fuzzing itself needs nightly).

#[path = "harness/fuzz.rs"]
mod harness;

mod common;

use std::path::PathBuf;

fn seeds() -> Vec<(String, Vec<u8>)> {
    let dir = common::repo_root().join("fuzz/seeds/check");
    let mut seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("fuzz/seeds/check")
        .map(|e| {
            let path: PathBuf = e.expect("entry").path();
            let name = path
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&path).expect("read seed"))
        })
        .collect();
    seeds.sort();
    // The hostile registry of issue 16, as the fuzzers would see it.
    let trust = common::fixture("trust-injection");
    let mut joined = std::fs::read(trust.join("programme.yaml")).expect("read");
    joined.push(0);
    joined.extend(std::fs::read(trust.join("registry.yaml")).expect("read"));
    seeds.push(("trust-injection".to_owned(), joined));
    seeds
}

#[test]
fn the_seed_corpus_passes_both_targets() {
    let seeds = seeds();
    assert!(seeds.len() >= 8, "the seed corpus is there");
    for (name, data) in &seeds {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("registry");
        let files = std::panic::catch_unwind(|| harness::check_files(&root, data));
        assert!(files.is_ok(), "check target failed on seed {name}");
        let texts = std::panic::catch_unwind(|| harness::check_texts(data));
        assert!(texts.is_ok(), "texts target failed on seed {name}");
    }
}

/// The property can fail: a raw escape character in an output is caught.
#[test]
#[should_panic(expected = "raw")]
fn the_property_catches_a_raw_escape() {
    harness::assert_safe("test", b"ok \x1b]52;c;x\x07");
}

#[test]
#[should_panic(expected = "a line a CI runner would act on")]
fn the_property_catches_a_workflow_command() {
    harness::assert_safe("test", b"fine\n  ::error::forged");
}
