//! YAML tags (`!!binary`, `!!str`, `!include`, `!anything`) are not honoured.
//!
//! A tag changes what a value means without changing what a reviewer sees:
//! `name: !!binary SGVsbG8=` would be read as `Hello`, so the diff of a change
//! hides the text that takes effect. The registry format (§1) makes every tag a
//! schema error (EP003) at the tag, and the value is read exactly as written.
//!
//! The YAML event parser finds the tags (it knows what is a tag and what is a
//! `!` inside a quoted string, a comment or a block of text); the tags are
//! then taken out of the text the records are read from. A tag is replaced by
//! spaces, so every other position stays where it is; only a tag that begins
//! its line's content (`- !foo key: v`, `!!str key: v`) is cut out instead,
//! with the line padded at its end, because blanking it would change the
//! indentation that gives the line its meaning. Only files holding a `!` are
//! parsed this extra time.

use serde_saphyr::granit_parser::Parser;

use super::spanned::Loc;

/// A tag as written, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub written: String,
    pub loc: Loc,
}

/// The tags in `text` and the text without them; `None` when it has no tags.
/// A syntax error ends the search: the loader reports it anyway.
pub fn strip(text: &str) -> Option<(String, Vec<Tag>)> {
    if !text.contains('!') {
        return None;
    }
    // (byte range, line, column counted from 1)
    let mut found: Vec<(std::ops::Range<usize>, usize, usize)> = Vec::new();
    for event in Parser::new_from_str(text) {
        let Ok((_, span)) = event else { break };
        let Some(start) = span.tag_start else {
            continue;
        };
        let Some(from) = start.byte_offset() else {
            continue;
        };
        let to = span
            .tag_span()
            .and_then(|t| t.byte_range())
            .map_or_else(|| tag_end(text, from), |r| r.end);
        if from < to && to <= text.len() {
            found.push((from..to, start.line(), start.col() + 1));
        }
    }
    if found.is_empty() {
        return None;
    }
    found.sort_by_key(|(r, _, _)| r.start);
    found.dedup_by_key(|(r, _, _)| r.start);
    let tags = found
        .iter()
        .map(|(r, line, col)| Tag {
            written: text[r.clone()].to_owned(),
            loc: Loc::new(*line as u32, *col as u32, (r.end - r.start) as u32),
        })
        .collect();
    // From the end backwards, so that earlier ranges stay valid.
    let mut out = text.to_owned();
    for (range, _, _) in found.iter().rev() {
        let line_start = out[..range.start].rfind('\n').map_or(0, |p| p + 1);
        let leading = out[line_start..range.start]
            .chars()
            .all(|c| c == ' ' || c == '-' || c == '?');
        if leading {
            let spaces = out[range.end..].bytes().take_while(|b| *b == b' ').count();
            let cut = range.start..range.end + spaces;
            let removed = cut.end - cut.start;
            let line_end = out[cut.end..]
                .find(['\n', '\r'])
                .map_or(out.len(), |p| cut.end + p);
            out.insert_str(line_end, &" ".repeat(removed));
            out.replace_range(cut, "");
        } else {
            out.replace_range(range.clone(), &" ".repeat(range.end - range.start));
        }
    }
    Some((out, tags))
}

/// Where a tag starting at `from` ends, when the parser gave only its start.
fn tag_end(text: &str, from: usize) -> usize {
    text[from..]
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}'))
        .map_or(text.len(), |p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripped(text: &str) -> (String, Vec<(String, u32, u32)>) {
        let (out, tags) = strip(text).expect("tags");
        let tags = tags
            .into_iter()
            .map(|t| (t.written, t.loc.line, t.loc.column()))
            .collect();
        (out, tags)
    }

    #[test]
    fn no_tags_no_work() {
        assert!(strip("name: Hello\n").is_none());
        assert!(strip("name: \"Hello!\" # wow!\ndescription: |\n  Do not book!\n").is_none());
    }

    #[test]
    fn tags_are_blanked_in_place() {
        let (out, tags) = stripped("name: !!binary SGVsbG8=\nstages: [!foo a, b]\n");
        assert_eq!(out, "name:          SGVsbG8=\nstages: [     a, b]\n");
        assert_eq!(
            tags,
            vec![("!!binary".into(), 1, 7), ("!foo".into(), 2, 10)]
        );
    }

    #[test]
    fn a_tag_that_begins_its_line_is_cut_out() {
        let text = "kind: X\n!!str id: A\nlist:\n  - !custom key: v\n    other: w\n";
        let (out, tags) = stripped(text);
        assert_eq!(
            out,
            "kind: X\nid: A      \nlist:\n  - key: v        \n    other: w\n"
        );
        assert_eq!(tags, vec![("!!str".into(), 2, 1), ("!custom".into(), 4, 5)]);
        // What is left reads as the same structure without the tags.
        assert!(strip(&out).is_none());
    }

    #[test]
    fn tags_on_collections_and_block_text() {
        let (out, tags) = stripped("a: !!set\n  x: 1\nb: !!binary |\n  SGVsbG8=\n");
        assert_eq!(out, "a:      \n  x: 1\nb:          |\n  SGVsbG8=\n");
        assert_eq!(tags.len(), 2);
    }
}
