//! Source text for snippets, and mapping line/column places to byte offsets.

use std::collections::HashMap;

use crate::diag::FileId;
use crate::registry::load::{read_text, MAX_FILE_BYTES};
use crate::registry::spanned::Loc;
use crate::registry::Registry;

/// Files read on demand, once each. Files that were not read while loading
/// (links) are never opened.
#[derive(Debug)]
pub struct Sources<'a> {
    registry: &'a Registry,
    cache: HashMap<FileId, Option<String>>,
}

impl<'a> Sources<'a> {
    pub fn new(registry: &'a Registry) -> Self {
        Self {
            registry,
            cache: HashMap::new(),
        }
    }

    pub fn text(&mut self, file: FileId) -> Option<&str> {
        let registry = self.registry;
        self.cache
            .entry(file)
            .or_insert_with(|| {
                let f = registry.file(file);
                if !f.read {
                    return None;
                }
                // A file that is not UTF-8 is still shown, with the bytes that
                // are not as U+FFFD, so the finding can point at the bad one.
                read_text(&f.path).ok().or_else(|| {
                    let meta = std::fs::metadata(&f.path).ok()?;
                    if meta.len() > MAX_FILE_BYTES {
                        return None;
                    }
                    let bytes = std::fs::read(&f.path).ok()?;
                    Some(String::from_utf8_lossy(&bytes).into_owned())
                })
            })
            .as_deref()
    }
}

/// Byte offset and byte length of a place in `text`, clamped to the text.
pub fn byte_span(text: &str, loc: Loc) -> (usize, usize) {
    let mut offset = 0usize;
    let mut line = 1u32;
    if loc.line > 1 {
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line += 1;
                if line == loc.line {
                    offset = i + 1;
                    break;
                }
            }
        }
        if line < loc.line {
            return (text.len(), 0);
        }
    }
    let line_text = &text[offset..];
    let line_end = line_text.find(['\n', '\r']).unwrap_or(line_text.len());
    let line_text = &line_text[..line_end];
    let start = line_text
        .char_indices()
        .nth(loc.column.saturating_sub(1) as usize)
        .map_or(line_text.len(), |(i, _)| i);
    let rest = &line_text[start..];
    let len = rest
        .char_indices()
        .nth(loc.len.max(1) as usize)
        .map_or(rest.len(), |(i, _)| i);
    (offset + start, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_by_character() {
        let text = "a: 1\nname: café\r\nend: x\n";
        assert_eq!(byte_span(text, Loc::new(2, 7, 4)), (11, 5));
        assert_eq!(byte_span(text, Loc::new(3, 6, 1)), (23, 1));
        assert_eq!(byte_span(text, Loc::new(9, 1, 1)), (text.len(), 0));
    }
}
