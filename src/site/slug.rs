//! File names and anchors made from registry ids.
//!
//! An id becomes part of a URL and of a file name, on file systems that may
//! ignore case (macOS, Windows) and on hosts that may not serve dot-files.
//! Letters, digits, `_` and `-` are kept, and `.` except at the start;
//! every other character becomes `~` and its code point in hex, so two
//! different ids never give the same name. A name that would be longer than
//! 100 characters is cut and ends with a hash of the whole id; two ids that
//! differ only in case get `~2`, `~3`… in registry order.

use std::collections::HashSet;

/// The id as a file-name-safe, URL-safe string (before case disambiguation).
pub fn slug(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' || (c == '.' && i > 0) {
            out.push(c);
        } else {
            out.push_str(&format!("~{:x}", c as u32));
        }
    }
    if out.is_empty() {
        out.push('~');
    }
    if out.len() > 100 {
        let cut: String = out.chars().take(80).collect();
        out = format!("{cut}~{:016x}", fnv(id));
    }
    out
}

/// FNV-1a, 64 bits: a stable hash (the standard library's is not).
fn fnv(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Slugs for one kind's ids, in registry order: `None` for a repeated id
/// (EP004), which shares the first one's page.
pub fn slugs_for<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<Option<String>> {
    let mut seen_ids: HashSet<&str> = HashSet::new();
    let mut taken: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for id in ids {
        if !seen_ids.insert(id) {
            out.push(None);
            continue;
        }
        let base = slug(id);
        let mut candidate = base.clone();
        let mut n = 2;
        while !taken.insert(candidate.to_lowercase()) {
            candidate = format!("{base}~{n}");
            n += 1;
        }
        out.push(Some(candidate));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_safe_names() {
        assert_eq!(slug("SIT-A"), "SIT-A");
        assert_eq!(slug("v1.2_x"), "v1.2_x");
        assert_eq!(slug(".hidden"), "~2ehidden");
        assert_eq!(slug("a/b"), "a~2fb");
        assert_eq!(slug("<script>"), "~3cscript~3e");
        assert_eq!(slug("é"), "~e9");
        assert_eq!(slug(""), "~");
        let long = slug(&"x".repeat(10_000));
        assert!(long.len() < 100);
        assert_ne!(long, slug(&"x".repeat(9_999)));
        // `~` itself is escaped, so an escape cannot be forged.
        assert_ne!(slug("~2f"), slug("/"));
    }

    #[test]
    fn case_and_repeats_never_share_a_file() {
        let s = slugs_for(["ACME", "acme", "ACME", "Acme"].into_iter());
        assert_eq!(
            s,
            [
                Some("ACME".to_owned()),
                Some("acme~2".to_owned()),
                None,
                Some("Acme~3".to_owned())
            ]
        );
    }
}
