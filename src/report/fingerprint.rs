//! A stable fingerprint per finding, for GitLab Code Quality and SARIF: the
//! same finding keeps it when lines are added above it (the line is not part
//! of it), and two findings of one run never share one.
//!
//! FNV-1a (64 bits) over the code, the file's path in the repository, the
//! records and the message: a fixed, documented function, so a fingerprint
//! does not change with the Rust version (std's hasher may).

use std::collections::HashMap;

use crate::diag::Finding;

use super::{repo_path, Report};

/// Hands out fingerprints, numbering repeats so that each is unique.
#[derive(Debug, Default)]
pub struct Fingerprints {
    seen: HashMap<u64, u32>,
}

impl Fingerprints {
    pub fn next(&mut self, report: &Report<'_>, f: &Finding) -> String {
        let path = f
            .place
            .map(|p| repo_path(report.registry, p.file))
            .unwrap_or_default();
        let mut h = Fnv::new();
        h.field(f.code.as_str());
        h.field(&path);
        for r in &f.records {
            h.field(r);
        }
        h.field(&f.message);
        let base = h.0;
        let n = self.seen.entry(base).or_insert(0);
        let value = if *n == 0 {
            base
        } else {
            let mut again = Fnv(base);
            again.field(&n.to_string());
            again.0
        };
        *n += 1;
        format!("{value:016x}")
    }
}

struct Fnv(u64);

impl Fnv {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        Fnv(Self::OFFSET)
    }

    /// A field and a separator that no text contains, so that fields
    /// cannot run into each other.
    fn field(&mut self, text: &str) {
        for b in text.bytes().chain([0xff]) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_reference_value() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c; with our separator byte
        // appended the value differs, so check the bare function on "a".
        let mut h = Fnv::new();
        h.0 ^= u64::from(b'a');
        h.0 = h.0.wrapping_mul(Fnv::PRIME);
        assert_eq!(h.0, 0xaf63_dc4c_8601_ec8c);
    }
}
