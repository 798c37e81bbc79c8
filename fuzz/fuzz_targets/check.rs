//! Bytes in, findings out, never a panic: the loader, the model, every rule
//! and every renderer, on whatever a pull request could put in a registry.
//! The input is split at NUL bytes into up to four files, written as raw
//! bytes. The body and its property (no output holds a raw control, bidi or
//! zero-width character, or a line a CI runner would act on) are in
//! `tests/harness/fuzz.rs`, which the ordinary test build also compiles
//! and runs on the seeds.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/harness/fuzz.rs"]
mod harness;

/// One registry directory for the whole run, rewritten for every input.
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &ROOT
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temporary directory");
            let root = dir.path().join("registry");
            (dir, root)
        })
        .1
}

fuzz_target!(|data: &[u8]| harness::check_files(root(), data));
