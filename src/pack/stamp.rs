//! What every file of a pack says about where it came from, so that a
//! circulated pack can be proved to be what the registry said: the envplan
//! version, the registry format version, the git commit and whether the
//! tree was dirty, a content digest of the registry, and the options that
//! shape the content. `envplan pack --verify` reads it back from `pack.md`
//! and rebuilds the pack from it.
//!
//! The stamp is one line of `key=value` words separated by spaces; the one
//! value a user writes (`--since`) is percent-encoded, so no value holds a
//! space, `--` (which would end an HTML comment), `,` or `;` (which iCalendar
//! would need escaped).

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::Edition;

/// The registry format version this envplan implements.
pub const REGISTRY_FORMAT: u32 = 2;

/// The first word of a stamp, and its version.
pub const MARK: &str = "envplan-pack/1";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub envplan: String,
    pub format: u32,
    pub edition: Edition,
    /// As given: `2026-11` or `2026-W49`.
    pub period: String,
    pub as_of: NaiveDate,
    /// `--since` as given, and the commit it named.
    pub since: Option<(String, String)>,
    /// `None` outside git or in a repository without commits.
    pub commit: Option<String>,
    pub dirty: bool,
    /// `sha256:` and 64 hex digits ([`digest`]).
    pub registry: String,
}

impl Stamp {
    pub fn line(&self) -> String {
        let (since, since_commit) = match &self.since {
            Some((text, commit)) => (encode(text), commit.clone()),
            None => ("-".to_owned(), "-".to_owned()),
        };
        format!(
            "{MARK} envplan={} format={} edition={} period={} as-of={} since={since} since-commit={since_commit} commit={} dirty={} registry={}",
            self.envplan,
            self.format,
            match self.edition {
                Edition::Monthly => "monthly",
                Edition::Weekly => "weekly",
            },
            self.period,
            self.as_of,
            self.commit.as_deref().unwrap_or("-"),
            if self.dirty { "yes" } else { "no" },
            self.registry
        )
    }

    /// The stamp in `text`: the first line holding [`MARK`].
    pub fn find(text: &str) -> Result<Stamp, String> {
        let at = text
            .find(MARK)
            .ok_or_else(|| format!("no `{MARK}` stamp"))?;
        let line = text[at..].lines().next().unwrap_or_default();
        let mut words = std::collections::BTreeMap::new();
        for word in line.split(' ').skip(1) {
            if let Some((k, v)) = word.split_once('=') {
                words.insert(k, v);
            }
        }
        let get = |k: &str| {
            words
                .get(k)
                .copied()
                .ok_or_else(|| format!("the stamp has no `{k}`"))
        };
        let opt = |v: &str| (v != "-").then(|| v.to_owned());
        let since = match (opt(get("since")?), opt(get("since-commit")?)) {
            (Some(s), Some(c)) => Some((decode(&s)?, c)),
            _ => None,
        };
        Ok(Stamp {
            envplan: get("envplan")?.to_owned(),
            format: get("format")?
                .parse()
                .map_err(|_| "the stamp's format is not a number".to_owned())?,
            edition: match get("edition")? {
                "monthly" => Edition::Monthly,
                "weekly" => Edition::Weekly,
                other => return Err(format!("the stamp's edition `{other}` is unknown")),
            },
            period: get("period")?.to_owned(),
            as_of: crate::time::when::parse_date(get("as-of")?)
                .map_err(|_| "the stamp's as-of is not a date".to_owned())?,
            since,
            commit: opt(get("commit")?),
            dirty: get("dirty")? == "yes",
            registry: get("registry")?.to_owned(),
        })
    }
}

/// The content digest of a registry: SHA-256 over its files in sorted order
/// of their paths, each as its path, a NUL, its length as 8 bytes
/// (big-endian) and its bytes, so that no two registries share an input.
pub fn digest(mut files: Vec<(String, Vec<u8>)>) -> String {
    files.sort();
    let mut h = Sha256::new();
    for (rel, bytes) in &files {
        h.update(rel.as_bytes());
        h.update([0]);
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    }
    let sum = h.finalize();
    let mut out = String::from("sha256:");
    for b in sum {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"._/~^@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| "the stamp's since is not percent-encoded".to_owned())?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "the stamp's since is not UTF-8".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp() -> Stamp {
        Stamp {
            envplan: "0.1.0".into(),
            format: 2,
            edition: Edition::Weekly,
            period: "2026-W49".into(),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            since: Some(("HEAD~1 --x;,é".into(), "ab12".into())),
            commit: Some("0123abcd".into()),
            dirty: true,
            registry: digest(vec![("a.yaml".into(), b"x".to_vec())]),
        }
    }

    #[test]
    fn a_stamp_reads_back_as_written() {
        let s = stamp();
        let line = s.line();
        assert!(!line.contains("--"), "{line}");
        assert!(!line.contains([';', ',']), "{line}");
        assert_eq!(Stamp::find(&format!("x\n<!-- {line} -->\n")).unwrap(), s);
        let none = Stamp {
            since: None,
            commit: None,
            dirty: false,
            ..s
        };
        assert_eq!(Stamp::find(&none.line()).unwrap(), none);
        assert!(Stamp::find("no stamp here").is_err());
    }

    #[test]
    fn the_digest_depends_on_paths_and_bytes_not_order() {
        let a = digest(vec![
            ("a.yaml".into(), b"1".to_vec()),
            ("b.yaml".into(), b"2".to_vec()),
        ]);
        let b = digest(vec![
            ("b.yaml".into(), b"2".to_vec()),
            ("a.yaml".into(), b"1".to_vec()),
        ]);
        assert_eq!(a, b);
        assert_eq!(a.len(), 7 + 64);
        // Moving a byte from one file's content to its name changes it.
        let c = digest(vec![
            ("a.yaml1".into(), Vec::new()),
            ("b.yaml".into(), b"2".to_vec()),
        ]);
        assert_ne!(a, c);
        let d = digest(vec![
            ("a.yaml".into(), b"1".to_vec()),
            ("b.yaml".into(), b"3".to_vec()),
        ]);
        assert_ne!(a, d);
    }
}
