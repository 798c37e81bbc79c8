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
//! spaces, so every other position stays where it is; only a tag on a key of
//! a block mapping (`!!str key: v`, `- !foo key: v`) is cut out instead, with
//! the line padded at its end, because the key's column is the mapping's
//! indentation and blanking the tag would move it. Only files holding a `!` are
//! parsed this extra time.

use serde_saphyr::granit_parser::{Event, Parser, Span, StructureStyle};

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
    let found = find(text);
    if found.is_empty() {
        return None;
    }
    let tags = found
        .iter()
        .map(|f| Tag {
            written: text[f.range.clone()].to_owned(),
            loc: Loc::new(
                f.line as u32,
                f.column as u32,
                (f.range.end - f.range.start) as u32,
            ),
        })
        .collect();
    // From the end backwards, so that earlier ranges stay valid.
    let mut out = text.to_owned();
    for f in found.iter().rev() {
        let range = f.range.clone();
        if f.block_key {
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

/// A tag the parser found.
struct Found {
    range: std::ops::Range<usize>,
    line: usize,
    /// Counted from 1, in characters.
    column: usize,
    /// It is on a key of a block mapping, whose column is the mapping's
    /// indentation: blanking it would move the key.
    block_key: bool,
}

/// Where the parser is: in a mapping (block or flow) expecting a key or a
/// value, or in a sequence.
enum Frame {
    Mapping { block: bool, key_next: bool },
    Sequence,
}

fn find(text: &str) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        let is_node = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(..)
                | Event::UnresolvedAlias(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
        );
        if is_node {
            let block_key = matches!(
                stack.last(),
                Some(Frame::Mapping {
                    block: true,
                    key_next: true
                })
            );
            if let Some(f) = tag_of(text, &span, block_key) {
                found.push(f);
            }
        }
        match event {
            Event::MappingStart(style, ..) => stack.push(Frame::Mapping {
                block: style == StructureStyle::Block,
                key_next: true,
            }),
            Event::SequenceStart(..) => stack.push(Frame::Sequence),
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                node_done(&mut stack);
            }
            Event::Scalar(..) | Event::Alias(..) | Event::UnresolvedAlias(..) => {
                node_done(&mut stack);
            }
            _ => {}
        }
    }
    found.sort_by_key(|f| f.range.start);
    found.dedup_by_key(|f| f.range.start);
    found
}

/// A node ended: in a mapping, a key is followed by a value and a value by a key.
fn node_done(stack: &mut [Frame]) {
    if let Some(Frame::Mapping { key_next, .. }) = stack.last_mut() {
        *key_next = !*key_next;
    }
}

fn tag_of(text: &str, span: &Span, block_key: bool) -> Option<Found> {
    let start = span.tag_start?;
    let from = start.byte_offset()?;
    let to = span
        .tag_span()
        .and_then(|t| t.byte_range())
        .map_or_else(|| tag_end(text, from), |r| r.end);
    (from < to && to <= text.len()).then(|| Found {
        range: from..to,
        line: start.line(),
        column: start.col() + 1,
        block_key,
    })
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
    fn a_tagged_value_at_the_start_of_its_line_keeps_its_column() {
        let (out, _) = stripped("stages:\n  - !include f.yaml\nname:\n  !!str x\n");
        assert_eq!(out, "stages:\n  -          f.yaml\nname:\n        x\n");
    }

    #[test]
    fn tags_on_collections_and_block_text() {
        let (out, tags) = stripped("a: !!set\n  x: 1\nb: !!binary |\n  SGVsbG8=\n");
        assert_eq!(out, "a:      \n  x: 1\nb:          |\n  SGVsbG8=\n");
        assert_eq!(tags.len(), 2);
    }
}
