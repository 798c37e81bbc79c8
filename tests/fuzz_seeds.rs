//! The fuzzer's committed inputs (`fuzz/seeds/check/`), replayed through the
//! real binary the way the `check` fuzz target reads them: split at NUL
//! bytes into up to four files written as raw bytes. Any input the fuzzer
//! ever crashed on belongs in that folder, so that this test keeps it fixed.

mod common;

use std::path::Path;

const NAMES: [&str; 4] = ["programme.yaml", "b.yaml", "sub/c.yaml", "d.yml"];

fn replay(input: &Path) {
    let bytes = std::fs::read(input).expect("read seed");
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir(root.join("sub")).expect("mkdir");
    let mut chunks = bytes.split(|b| *b == 0);
    for name in NAMES {
        std::fs::write(root.join(name), chunks.next().unwrap_or(&[])).expect("write");
    }
    for format in ["json", "human", "github"] {
        let output = common::envplan()
            .arg("--registry")
            .arg(root)
            .args(["--as-of", "2026-03-10", "check", "--format", format])
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .expect("run envplan");
        let status = output.status.code().unwrap_or(-1);
        assert!(
            matches!(status, 0 | 1),
            "{} --format {format}: exit {status}\n{}",
            input.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn every_fuzz_seed_is_checked_without_a_crash() {
    let seeds = common::repo_root().join("fuzz/seeds/check");
    let mut inputs: Vec<_> = std::fs::read_dir(&seeds)
        .expect("fuzz/seeds/check")
        .map(|e| e.expect("entry").path())
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 8, "seeds missing: {inputs:?}");
    for input in &inputs {
        replay(input);
    }
}
