//! Baselines: `check --write-baseline FILE` records today's findings, and
//! `check --baseline FILE` leaves out those it lists, so that a team can adopt
//! a rule and fix the backlog over time while new findings still fail.
//!
//! A finding matches an entry by code, file and records, not by line, so
//! that editing above it does not bring it back; an entry matches one
//! finding at most. The message is stored for people reading the file only.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::diag::{Code, Finding};
use crate::registry::Registry;

/// The version of the file's shape.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub envplan_baseline: u32,
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub code: String,
    /// Relative to the registry root; `null` for findings about the whole registry.
    pub file: Option<String>,
    pub records: Vec<String>,
    #[serde(default)]
    pub message: String,
}

type Key = (String, Option<String>, Vec<String>);

fn key_of(reg: &Registry, f: &Finding) -> Key {
    (
        f.code.as_str().to_owned(),
        f.place.map(|p| reg.file(p.file).rel.clone()),
        f.records.clone(),
    )
}

impl Baseline {
    /// The baseline of these findings.
    pub fn of(reg: &Registry, findings: &[Finding]) -> Self {
        Baseline {
            envplan_baseline: VERSION,
            findings: findings
                .iter()
                .map(|f| Entry {
                    code: f.code.as_str().to_owned(),
                    file: f.place.map(|p| reg.file(p.file).rel.clone()),
                    records: f.records.clone(),
                    message: f.message.clone(),
                })
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Read a baseline file's text; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Self, String> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if b.envplan_baseline != VERSION {
            return Err(format!(
                "this is a version {} baseline; this envplan reads version {VERSION}",
                b.envplan_baseline
            ));
        }
        if let Some(e) = b.findings.iter().find(|e| Code::parse(&e.code).is_none()) {
            return Err(format!("`{}` is not a rule code", e.code.escape_debug()));
        }
        Ok(b)
    }

    /// Split `findings` into those the baseline does not list (returned)
    /// and the number it does; also the number of entries that matched nothing.
    pub fn filter(&self, reg: &Registry, findings: Vec<Finding>) -> Filtered {
        let mut left: HashMap<Key, usize> = HashMap::new();
        for e in &self.findings {
            *left
                .entry((e.code.clone(), e.file.clone(), e.records.clone()))
                .or_insert(0) += 1;
        }
        let mut out = Filtered::default();
        for f in findings {
            match left.get_mut(&key_of(reg, &f)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    out.matched += 1;
                }
                _ => out.new.push(f),
            }
        }
        out.stale = left.values().sum();
        out
    }
}

#[derive(Debug, Default)]
pub struct Filtered {
    /// Findings not in the baseline: these are reported.
    pub new: Vec<Finding>,
    pub matched: usize,
    pub stale: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_rejects_other_versions_and_codes() {
        assert!(Baseline::parse("{\"envplan_baseline\": 2, \"findings\": []}").is_err());
        let bad = "{\"envplan_baseline\": 1, \"findings\": [{\"code\": \"EP999\", \"file\": null, \"records\": []}]}";
        assert_eq!(
            Baseline::parse(bad).err().as_deref(),
            Some("`EP999` is not a rule code")
        );
        assert!(Baseline::parse("[]").is_err());
    }
}
