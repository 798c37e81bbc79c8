//! Suppression comments, `# envplan: allow EP205 -- agreed at the March EWG`,
//! found by scanning the lines of a file rather than parsing it a second time.
//!
//! The YAML parser drops comments, so they are found here, with just enough
//! of YAML's lexical rules to tell a comment from a `#` inside a value: a `#`
//! starts a comment only outside quotes, at the start of a line or after
//! white space, and never inside a block scalar (`|`, `>`). Quoted scalars may
//! span lines; the scanner carries that state from line to line.
//!
//! What a comment covers is decided here too, from the text alone: a comment
//! at the end of a line covers that line; one on its own line, in a run of
//! comment lines directly above a record's `kind:`, covers the whole record
//! (up to the next `---` or the end of the file).

use super::spanned::Loc;

/// One `# envplan:` comment, read but not yet judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Where the comment starts (its `#`), and its length.
    pub loc: Loc,
    /// The lines it covers, first and last, both included. `None`: it is on
    /// a line of its own that is not directly above a record's `kind:`, so it
    /// covers nothing.
    pub covers: Option<(u32, u32)>,
    /// True when it covers a whole record (written above its `kind:`).
    pub record: bool,
    pub directive: Directive,
}

/// What the comment says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    /// `allow CODES -- reason`: each code as written, with its place.
    Allow {
        codes: Vec<(String, Loc)>,
        /// The text after `--`, trimmed; `None` when there is no `--` or
        /// nothing but spaces after it.
        reason: Option<String>,
    },
    /// `# envplan:` followed by anything other than `allow`.
    Unknown(String),
}

/// The prefix that makes a comment envplan's.
const PREFIX: &str = "envplan:";

/// Every `# envplan:` comment of a file's text (without byte-order mark).
pub fn scan(text: &str) -> Vec<Suppression> {
    if !text.contains(PREFIX) {
        return Vec::new();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let comments = find_comments(&lines);
    let mut out = Vec::new();
    for c in &comments {
        let body = &lines[c.line as usize - 1][c.start..];
        let Some(directive) = parse_directive(body, c) else {
            continue;
        };
        let (covers, record) = if c.own_line {
            match record_below(&lines, &comments, c.line) {
                Some(range) => (Some(range), true),
                None => (None, false),
            }
        } else {
            (Some((c.line, c.line)), false)
        };
        let len = body.trim_end_matches('\r').chars().count() as u32;
        out.push(Suppression {
            loc: Loc::new(c.line, c.column, len),
            covers,
            record,
            directive,
        });
    }
    out
}

/// A comment found in the text: its line (1-based), byte offset of `#` in the
/// line, column in characters, and whether nothing but space precedes it.
#[derive(Debug, Clone, Copy)]
struct Comment {
    line: u32,
    start: usize,
    column: u32,
    own_line: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    None,
    Single,
    Double,
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// True when a value that ends this line's content (comments removed) opens a
/// block scalar: `key: |`, `- >-`, `key: |2+`.
fn opens_block(content: &str) -> bool {
    let t = content.trim_end();
    let Some(last) = t.rsplit([' ', '\t']).next() else {
        return false;
    };
    let before = &t[..t.len() - last.len()];
    let indicator = last.starts_with('|') || last.starts_with('>');
    let rest_ok = last
        .chars()
        .skip(1)
        .all(|c| c == '-' || c == '+' || c.is_ascii_digit());
    let position_ok = before.is_empty()
        || before.trim_end().ends_with(':')
        || before.trim_end().ends_with('-')
        || before.trim_end().ends_with("---");
    indicator && rest_ok && position_ok && (before.is_empty() || before.ends_with([' ', '\t']))
}

fn find_comments(lines: &[&str]) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut quote = Quote::None;
    // Inside a block scalar: the indentation its opening line had.
    let mut block: Option<usize> = None;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(parent) = block {
            if line.trim().is_empty() || indent_of(line) > parent {
                continue;
            }
            block = None;
        }
        let mut flow_depth = 0usize;
        // The last significant character before the current one, to tell
        // whether a quote opens a scalar (`key: 'x'`) or is part of one (`it's`).
        let mut prev: Option<char> = None;
        let mut prev_space = true;
        let mut comment_at = None;
        let mut chars = line.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match quote {
                Quote::Single => {
                    if c == '\'' {
                        if chars.peek().map(|&(_, n)| n) == Some('\'') {
                            chars.next();
                        } else {
                            quote = Quote::None;
                        }
                    }
                    prev = Some(c);
                    prev_space = false;
                    continue;
                }
                Quote::Double => {
                    if c == '\\' {
                        chars.next();
                    } else if c == '"' {
                        quote = Quote::None;
                    }
                    prev = Some(c);
                    prev_space = false;
                    continue;
                }
                Quote::None => {}
            }
            match c {
                '#' if prev_space => {
                    comment_at = Some(at);
                    break;
                }
                '\'' | '"' if opens_scalar(prev, prev_space, flow_depth) => {
                    quote = if c == '\'' {
                        Quote::Single
                    } else {
                        Quote::Double
                    };
                }
                '[' | '{' => flow_depth += 1,
                ']' | '}' => flow_depth = flow_depth.saturating_sub(1),
                _ => {}
            }
            if c == ' ' || c == '\t' {
                prev_space = true;
            } else {
                prev_space = false;
                prev = Some(c);
            }
        }
        let content = match comment_at {
            Some(at) => &line[..at],
            None => line,
        };
        if quote == Quote::None && flow_depth == 0 && opens_block(content) {
            block = Some(indent_of(line));
        }
        if let Some(at) = comment_at {
            out.push(Comment {
                line: i as u32 + 1,
                start: at,
                column: line[..at].chars().count() as u32 + 1,
                own_line: line[..at].trim().is_empty(),
            });
        }
    }
    out
}

/// Whether a quote after `prev` (the last non-space character of the line so
/// far) starts a quoted scalar rather than sitting inside a plain one.
fn opens_scalar(prev: Option<char>, prev_space: bool, flow_depth: usize) -> bool {
    match prev {
        None => true,
        Some('[' | '{' | ',') => true,
        Some(':') => prev_space || flow_depth > 0,
        Some('-' | '?') => prev_space,
        Some(_) => false,
    }
}

/// The record whose `kind:` follows the run of comment lines that `line` is
/// in: the lines from `kind:` to the line before the next document marker.
fn record_below(lines: &[&str], comments: &[Comment], line: u32) -> Option<(u32, u32)> {
    let own: std::collections::HashSet<u32> = comments
        .iter()
        .filter(|c| c.own_line)
        .map(|c| c.line)
        .collect();
    let mut next = line + 1;
    while own.contains(&next) {
        next += 1;
    }
    let kind_line = lines.get(next as usize - 1)?;
    let kind_line = kind_line.strip_suffix('\r').unwrap_or(kind_line);
    let after = kind_line.strip_prefix("kind")?;
    if !after.trim_start().starts_with(':') {
        return None;
    }
    let mut last = next;
    for (i, l) in lines.iter().enumerate().skip(next as usize) {
        let l = l.strip_suffix('\r').unwrap_or(l);
        if is_document_marker(l) {
            break;
        }
        last = i as u32 + 1;
    }
    Some((next, last))
}

fn is_document_marker(line: &str) -> bool {
    (line.starts_with("---") || line.starts_with("..."))
        && line[3..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == '\t')
}

/// Read the text of a comment that starts with `#`; `None` when it is not
/// envplan's.
fn parse_directive(body: &str, c: &Comment) -> Option<Directive> {
    let body = body.trim_end_matches('\r');
    let after_hash = body.strip_prefix('#')?;
    let text = after_hash.trim_start();
    let rest = text.strip_prefix(PREFIX)?;
    let offset = body.len() - rest.len();
    let trimmed = rest.trim_start();
    let Some(after_allow) = trimmed
        .strip_prefix("allow")
        .filter(|r| r.is_empty() || r.starts_with([' ', '\t']))
    else {
        return Some(Directive::Unknown(trimmed.trim_end().to_owned()));
    };
    let codes_start = offset + (rest.len() - after_allow.len());
    let (codes_text, reason) = match after_allow.find("--") {
        Some(at) => {
            let reason = after_allow[at + 2..].trim();
            (
                &after_allow[..at],
                (!reason.is_empty()).then(|| reason.to_owned()),
            )
        }
        None => (after_allow, None),
    };
    let mut codes = Vec::new();
    let mut at = 0usize;
    for part in codes_text.split([',', ' ', '\t']) {
        if !part.is_empty() {
            let column = c.column + body[..codes_start + at].chars().count() as u32;
            codes.push((
                part.to_owned(),
                Loc::new(c.line, column, part.chars().count() as u32),
            ));
        }
        at += part.len() + 1;
    }
    Some(Directive::Allow { codes, reason })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allow(s: &Suppression) -> (Vec<String>, Option<String>) {
        match &s.directive {
            Directive::Allow { codes, reason } => (
                codes.iter().map(|(c, _)| c.clone()).collect(),
                reason.clone(),
            ),
            Directive::Unknown(t) => (vec![format!("?{t}")], None),
        }
    }

    #[test]
    fn end_of_line_comment_covers_its_line() {
        let text = "kind: Interval\nid: A\nend: 2024-07-05  # envplan: allow EP205 -- agreed at the March EWG\n";
        let found = scan(text);
        assert_eq!(found.len(), 1);
        let s = &found[0];
        assert_eq!(s.covers, Some((3, 3)));
        assert!(!s.record);
        let third = text.lines().nth(2).unwrap_or("");
        let hash = third.find('#').unwrap_or(0) as u32;
        assert_eq!((s.loc.line, s.loc.column()), (3, hash + 1));
        assert_eq!(
            allow(s),
            (
                vec!["EP205".to_owned()],
                Some("agreed at the March EWG".to_owned())
            )
        );
        let Directive::Allow { codes, .. } = &s.directive else {
            panic!("allow");
        };
        // The code's own place, for EP603 and EP604.
        let code = third.find("EP205").unwrap_or(0) as u32;
        assert_eq!((codes[0].1.line, codes[0].1.column()), (3, code + 1));
        assert_eq!(codes[0].1.width(), 5);
    }

    #[test]
    fn comment_above_kind_covers_the_record() {
        let text = "kind: Programme\nid: P\n---\n# a note\n# envplan: allow EP205, EP206 -- reason\nkind: Interval\nid: A\nstart: 2024-07-01\n---\nkind: Interval\nid: B\n";
        let found = scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].covers, Some((6, 8)));
        assert!(found[0].record);
        assert_eq!(allow(&found[0]).0, ["EP205", "EP206"]);
    }

    #[test]
    fn own_line_comment_elsewhere_covers_nothing() {
        let text = "kind: Interval\n# envplan: allow EP205 -- reason\nid: A\n\n# envplan: allow EP205 -- reason\n\nkind: Interval\n";
        let found = scan(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].covers, None);
        // A blank line separates it from the `kind:` below.
        assert_eq!(found[1].covers, None);
    }

    #[test]
    fn reasons_of_only_spaces_or_missing_are_none() {
        let text = "a: 1 # envplan: allow EP205 --   \nb: 2 # envplan: allow EP205\nc: 3 #envplan:allow EP205--x\n";
        let found = scan(text);
        let got: Vec<_> = found.iter().map(allow).collect();
        assert_eq!(
            got,
            [
                (vec!["EP205".to_owned()], None),
                (vec!["EP205".to_owned()], None),
                (vec!["EP205".to_owned()], Some("x".to_owned())),
            ]
        );
    }

    #[test]
    fn hashes_inside_values_are_not_comments() {
        let text = concat!(
            "name: 'it''s # envplan: allow EP205 -- no'\n",
            "description: \"a \\\" # envplan: allow EP205 -- no\"\n",
            "title: a#envplan: allow EP205 -- no\n",
            "note: \"spans\n  # envplan: allow EP205 -- no\n  lines\"\n",
            "text: |\n  # envplan: allow EP205 -- no\n\n  more\n",
            "words: it's fine # envplan: allow EP205 -- yes\n",
            "list: ['#', \"# x\"] # envplan: allow EP206 -- yes\n",
        );
        let found = scan(text);
        let got: Vec<_> = found.iter().map(|s| (s.loc.line, allow(s).0)).collect();
        assert_eq!(
            got,
            [
                (11, vec!["EP205".to_owned()]),
                (12, vec!["EP206".to_owned()])
            ]
        );
    }

    #[test]
    fn other_words_after_the_prefix_are_unknown() {
        let found = scan("a: 1 # envplan: ignore EP205 -- x\nb: 2 # not envplan: allow EP1\n");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].directive,
            Directive::Unknown("ignore EP205 -- x".to_owned())
        );
    }

    #[test]
    fn crlf_lines_are_read_like_lf() {
        let text = "kind: Interval\r\nend: x # envplan: allow EP205 -- ok\r\n";
        let found = scan(text);
        assert_eq!(allow(&found[0]).1.as_deref(), Some("ok"));
        assert_eq!(found[0].covers, Some((2, 2)));
    }

    mod generated {
        use super::*;
        use proptest::prelude::*;

        /// A value written in one YAML style, maybe followed by a real comment.
        #[derive(Debug, Clone)]
        struct Entry {
            value: String,
            style: u8,
            comment: bool,
        }

        fn entry() -> impl Strategy<Value = Entry> {
            let value = prop_oneof![
                "[ -~]{0,16}",
                Just("# envplan: allow EP999 -- decoy".to_owned()),
                Just("it's # envplan: allow EP999 -- decoy".to_owned()),
                "[a-z#'\" :]{0,10}",
            ];
            (value, 0u8..3, any::<bool>()).prop_map(|(value, style, comment)| Entry {
                value,
                style,
                comment,
            })
        }

        /// The text, and the lines and reasons of the real comments.
        fn emit(entries: &[Entry]) -> (String, Vec<(u32, String)>) {
            let mut text = String::new();
            let mut line = 0u32;
            let mut expected = Vec::new();
            for (i, e) in entries.iter().enumerate() {
                let comment = format!("  # envplan: allow EP205 -- r{i}");
                line += 1;
                match e.style {
                    0 => text.push_str(&format!(
                        "k{i}: {}",
                        serde_json::to_string(&e.value).unwrap_or_default()
                    )),
                    1 => text.push_str(&format!("k{i}: '{}'", e.value.replace('\'', "''"))),
                    _ => text.push_str(&format!("k{i}: |")),
                }
                if e.comment {
                    text.push_str(&comment);
                    expected.push((line, format!("r{i}")));
                }
                text.push('\n');
                if e.style == 2 {
                    // The content of a block scalar is never a comment.
                    line += 1;
                    text.push_str(&format!("  x{} # envplan: allow EP999 -- decoy\n", e.value));
                }
            }
            (text, expected)
        }

        proptest! {
            /// Comments are found exactly where they were written, whatever
            /// the values hold, and never inside a value.
            #[test]
            fn comments_are_found_exactly(entries in proptest::collection::vec(entry(), 0..12)) {
                let (text, expected) = emit(&entries);
                // The text is YAML with the values as written (the oracle is sound).
                let parsed: std::collections::BTreeMap<String, String> =
                    serde_saphyr::from_str(&text).unwrap_or_default();
                prop_assert_eq!(parsed.len(), entries.len(), "{}", text);
                let got: Vec<(u32, String)> = scan(&text)
                    .into_iter()
                    .map(|s| (s.loc.line, allow(&s).1.unwrap_or_default()))
                    .collect();
                prop_assert_eq!(got, expected, "{}", text);
            }
        }
    }
}
