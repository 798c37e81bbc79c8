//! Source text for snippets, and mapping line/column places to byte offsets.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::diag::FileId;
use crate::output::sanitize::visible_source_line;
use crate::registry::load::{read_at_most, read_text, MAX_FILE_BYTES};
use crate::registry::spanned::Loc;
use crate::registry::Registry;

/// A file's text and where its lines start.
#[derive(Debug)]
struct Source {
    text: String,
    lines: Lines,
}

/// Files read on demand. Findings come sorted by file, so only the last few
/// files read are kept: keeping every file would hold the whole registry's
/// text in memory by the end of a large report. Files that were not read
/// while loading (links) are never opened.
#[derive(Debug)]
pub struct Sources<'a> {
    registry: &'a Registry,
    /// Most recently read last.
    cache: Vec<(FileId, Option<Source>)>,
}

/// How many files `Sources` keeps: the current one, and a few that related
/// places in it point to.
const KEPT_FILES: usize = 4;

impl<'a> Sources<'a> {
    pub fn new(registry: &'a Registry) -> Self {
        Self {
            registry,
            cache: Vec::with_capacity(KEPT_FILES),
        }
    }

    fn source(&mut self, file: FileId) -> Option<&Source> {
        let at = match self.cache.iter().position(|(id, _)| *id == file) {
            Some(at) => at,
            None => {
                if self.cache.len() == KEPT_FILES {
                    self.cache.remove(0);
                }
                self.cache.push((file, self.read(file)));
                self.cache.len() - 1
            }
        };
        self.cache[at].1.as_ref()
    }

    fn read(&self, file: FileId) -> Option<Source> {
        let f = self.registry.file(file);
        if !f.read {
            return None;
        }
        // A file that is not UTF-8 is still shown, with the bytes that
        // are not as U+FFFD, so the finding can point at the bad one.
        let text = read_text(&f.path).ok().or_else(|| {
            let bytes = read_at_most(&f.path, MAX_FILE_BYTES + 1).ok()?;
            if bytes.len() as u64 > MAX_FILE_BYTES {
                return None;
            }
            Some(String::from_utf8_lossy(&bytes).into_owned())
        })?;
        Some(Source {
            lines: Lines::new(&text),
            text,
        })
    }

    pub fn text(&mut self, file: FileId) -> Option<&str> {
        self.source(file).map(|s| s.text.as_str())
    }

    /// Byte offset and length of a place, as [`byte_span`] gives them, found
    /// through the line index instead of by scanning the file.
    pub fn span(&mut self, file: FileId, loc: Loc) -> Option<(usize, usize)> {
        self.source(file)
            .map(|s| span_from(&s.text, line_offset(&s.lines, loc), loc))
    }

    /// The lines of `file` around the given byte spans, standing in for the
    /// whole file as a snippet's source (see [`Snippet`]), and the spans as
    /// offsets into it. Its lines are shown as [`visible_source_line`] makes
    /// them (an ESC or a bidi control in the file is shown as `\u{1b}`,
    /// `\u{202e}`), each ended with `\n`, so a lone CR ends a line as it does
    /// for the YAML parser and the underline stays under its value.
    pub fn snippet(
        &mut self,
        file: FileId,
        spans: &[(usize, usize)],
    ) -> Option<(Snippet, Vec<(usize, usize)>)> {
        let source = self.source(file)?;
        let (text, lines) = (&source.text, &source.lines);
        let first = spans.iter().map(|s| s.0).min()?;
        let last = spans.iter().map(|s| s.0 + s.1).max()?;
        let first_line = lines.line_of(first).saturating_sub(SNIPPET_MARGIN);
        let last_line = (lines.line_of(last) + SNIPPET_MARGIN).min(lines.starts.len() - 1);
        let mut shown = String::new();
        // For each line: where it starts in the file, its text without the
        // line end, and where it starts in `shown`.
        let mut kept: Vec<(usize, &str, usize)> = Vec::new();
        for line in first_line..=last_line {
            let start = lines.start(line).unwrap_or(text.len());
            let end = lines.start(line + 1).unwrap_or(text.len());
            let raw = &text[start..end];
            let content = raw.strip_suffix('\n').unwrap_or(raw);
            let content = content.strip_suffix('\r').unwrap_or(content);
            kept.push((start, content, shown.len()));
            shown.push_str(&visible_source_line(content));
            if line < last_line || content.len() < raw.len() {
                shown.push('\n');
            }
        }
        let map = |offset: usize| {
            let at = kept
                .partition_point(|(start, _, _)| *start <= offset)
                .saturating_sub(1);
            let (start, content, new_start) = kept[at];
            let mut k = offset.saturating_sub(start).min(content.len());
            while !content.is_char_boundary(k) {
                k -= 1;
            }
            new_start + visible_source_line(&content[..k]).len()
        };
        let mapped = spans
            .iter()
            .map(|&(o, l)| {
                let a = map(o);
                (a, map(o + l).saturating_sub(a))
            })
            .collect();
        Some((
            Snippet {
                text: shown,
                first_line,
            },
            mapped,
        ))
    }
}

/// Lines kept before and after the places a snippet shows: more than the
/// human report's one line of context, so that it renders exactly as it
/// would from the whole file.
const SNIPPET_MARGIN: usize = 3;

/// Whether byte `i` of `bytes` ends a line as the YAML parser counts lines:
/// `\n`, or a `\r` not followed by `\n` (a lone CR is a line break in YAML).
fn ends_line(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// Where each line of a text starts (after each line end, see [`ends_line`]).
#[derive(Debug)]
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            (0..bytes.len())
                .filter(|&i| ends_line(bytes, i))
                .map(|i| i + 1),
        );
        Lines { starts }
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Where 0-based `line` starts, if the text has it.
    fn start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }
}

/// The byte offset where `loc`'s line starts (`None`: past the end).
fn line_offset(lines: &Lines, loc: Loc) -> Option<usize> {
    if loc.line <= 1 {
        Some(0)
    } else {
        lines.start(loc.line as usize - 1)
    }
}

/// Some lines of a file, standing in for the whole of it as the source of a
/// snippet. miette scans a source from its start to find the lines around a
/// place, so handing it the whole file for every finding made the human
/// report quadratic: minutes for a large file with thousands of findings.
/// Offsets and line numbers are those of the whole file.
#[derive(Debug, Clone, Default)]
pub struct Snippet {
    /// The lines shown, made visible (offsets are into this text).
    text: String,
    /// 0-based line number of the first line of `text`.
    first_line: usize,
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count() + self.first_line,
        )))
    }
}

/// Byte offset and byte length of a place in `text`, clamped to the text.
pub fn byte_span(text: &str, loc: Loc) -> (usize, usize) {
    let mut offset = 0usize;
    let mut line = 1u32;
    if loc.line > 1 {
        let bytes = text.as_bytes();
        for i in 0..bytes.len() {
            if ends_line(bytes, i) {
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
    span_from(text, Some(offset), loc)
}

/// The span of `loc` given where its line starts (`None`: past the end).
fn span_from(text: &str, line_start: Option<usize>, loc: Loc) -> (usize, usize) {
    let Some(offset) = line_start else {
        return (text.len(), 0);
    };
    let line_text = &text[offset..];
    let line_end = line_text.find(['\n', '\r']).unwrap_or(line_text.len());
    let line_text = &line_text[..line_end];
    let start = line_text
        .char_indices()
        .nth(loc.column().saturating_sub(1) as usize)
        .map_or(line_text.len(), |(i, _)| i);
    let rest = &line_text[start..];
    let len = rest
        .char_indices()
        .nth(loc.width().max(1) as usize)
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

    /// The line index finds exactly what scanning finds, everywhere.
    #[test]
    fn indexed_spans_agree_with_scanning() {
        for text in [
            "a: 1\nname: café\r\nend: x\n",
            "x",
            "",
            "\n\n",
            "a\nb",
            "é\r\n\r\nz: ü ü\n",
        ] {
            let lines = Lines::new(text);
            for line in 0..6 {
                for column in 0..8 {
                    for len in 0..3 {
                        let loc = Loc::new(line, column, len);
                        assert_eq!(
                            span_from(text, line_offset(&lines, loc), loc),
                            byte_span(text, loc),
                            "{text:?} {loc:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn lines_of_offsets() {
        let lines = Lines::new("ab\ncd\n\nx");
        let got: Vec<usize> = (0..9).map(|o| lines.line_of(o)).collect();
        assert_eq!(got, [0, 0, 0, 1, 1, 1, 2, 3, 3]);
        assert_eq!(lines.start(3), Some(7));
        assert_eq!(lines.start(4), None);
    }
}
