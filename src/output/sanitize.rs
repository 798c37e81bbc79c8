//! Registry text made safe for a terminal and a CI log: the one sanitiser
//! every human-readable output uses (the `check` report with its messages,
//! help and source lines, file names, `show`, the `certs` and `clashes`
//! tables, the text `plan`).
//!
//! Anyone who can open a pull request controls every string in the
//! registry, and the human outputs are read in two dangerous places:
//!
//! - a terminal, where ESC starts a control sequence (OSC 52 writes the
//!   clipboard, OSC 8 hides a link), BEL, CR and backspace hide text, and
//!   bidi controls and zero-width characters reorder or hide it;
//! - a CI log, where GitHub's runner acts on a line that starts with `::`
//!   (after whitespace) and on `##[` anywhere, and the Azure agent on `##vso[`
//!   anywhere.
//!
//! [`visible`] renders every such character as a Rust-style escape
//! (`\u{1b}`, `\u{202e}`), so registry text can never end a line or move the
//! cursor, and breaks up the CI command sequences the same way (`\u{3a}:`,
//! `#\u{23}[`). [`guard_lines`] and [`LineGuard`] break the CI sequences in
//! whole lines of output as a second line of defence, whether or not CI is
//! detected: text wrapped by a renderer can bring `::` to the start of a line.
//!
//! This module depends on nothing else in the crate, so every renderer can
//! call it.

use std::borrow::Cow;
use std::io::{self, Write};

/// Bidi controls: embeddings and overrides (U+202A-U+202E), isolates
/// (U+2066-U+2069), the marks LRM, RLM and ALM. They reorder the text
/// around them (the "Trojan Source" attack).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Zero-width characters: a space, joiners, the word joiner and the
/// byte-order mark, which hide where text differs.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// A character no human output shows as it is: control characters (C0,
/// DEL, C1), the line and paragraph separators, bidi controls,
/// zero-width characters, and the two non-characters XML forbids.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}')
        || is_bidi_control(c)
        || is_zero_width(c)
}

fn push_escaped(out: &mut String, c: char) {
    out.extend(c.escape_unicode());
}

/// Runs of whitespace and control characters as one space, trimmed: a
/// cell or a label stays on its line. Other unsafe characters are left for
/// [`visible`] (see [`single_line`]), or for the format's own escaping.
pub fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() || c.is_control() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Registry text on one line of terminal output: whitespace collapsed
/// ([`collapse_spaces`]) and what is left made [`visible`].
pub fn single_line(text: &str) -> String {
    visible(&collapse_spaces(text)).into_owned()
}

/// Registry text for one line of human output: every unsafe character (see
/// [`is_unsafe`]) written as `\u{..}`, `##[` and `##vso[` broken up wherever
/// they are, and `::` broken up when the text starts with it (after
/// whitespace). Text that needs none of this is borrowed as it is.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !needs_escaping(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(break_commands(&out).into_owned())
}

/// [`visible`] for a source line under a finding: tabs are kept (the line is
/// shown with its indentation), and `::` is left to [`guard_lines`] (a
/// source line never starts a line of the report). Every character is
/// escaped on its own, so the escaping of a prefix is a prefix of the
/// escaping, and an offset into the line maps to the escaped text by
/// escaping what comes before it.
pub fn visible_source_line(text: &str) -> Cow<'_, str> {
    let unsafe_at = |i: usize, c: char| {
        (c != '\t' && is_unsafe(c))
            || (c == '#' && text[..i].ends_with('#') && {
                let after = &text[i + 1..];
                after.starts_with('[') || after.starts_with("vso[")
            })
    };
    if !text.char_indices().any(|(i, c)| unsafe_at(i, c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, c) in text.char_indices() {
        if unsafe_at(i, c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn needs_escaping(text: &str) -> bool {
    text.chars().any(is_unsafe) || text.contains("##") || text.trim_start().starts_with("::")
}

/// Break the CI command sequences of one line: `::` at its start (after
/// whitespace) and `##[` / `##vso[` anywhere.
fn break_commands(line: &str) -> Cow<'_, str> {
    let trimmed = line.trim_start();
    let leading = trimmed.starts_with("::");
    if !leading && !line.contains("##") {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    if leading {
        let lead = line.len() - trimmed.len();
        out.push_str(&line[..lead]);
        out.push_str("\\u{3a}");
        rest = &trimmed[1..];
    }
    let bytes = rest.as_bytes();
    let (mut i, mut copied) = (0, 0);
    while i + 2 < bytes.len() {
        // `#` is ASCII, so after `##` the slice starts on a character boundary.
        if bytes[i] == b'#'
            && bytes[i + 1] == b'#'
            && (bytes[i + 2] == b'[' || rest[i + 2..].starts_with("vso["))
        {
            out.push_str(&rest[copied..=i]);
            out.push_str("\\u{23}");
            copied = i + 2;
            i += 2;
        } else {
            i += 1;
        }
    }
    let rest = &rest[copied..];
    out.push_str(rest);
    Cow::Owned(out)
}

/// Break the CI command sequences in every line of a whole output (lines
/// end at `\n`); the text is otherwise unchanged.
pub fn guard_lines(text: &str) -> Cow<'_, str> {
    if !text.contains("::") && !text.contains("##") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        out.push_str(&break_commands(line));
    }
    Cow::Owned(out)
}

/// A writer that applies [`guard_lines`] to each whole line written through
/// it; a last line without `\n` is written on [`flush`](Write::flush) or when
/// the guard is dropped.
#[derive(Debug)]
pub struct LineGuard<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> LineGuard<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }

    fn write_line(&mut self, line: &[u8]) -> io::Result<()> {
        let text = String::from_utf8_lossy(line);
        self.inner.write_all(break_commands(&text).as_bytes())
    }
}

impl<W: Write> Write for LineGuard<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(at) = rest.iter().position(|b| *b == b'\n') {
            let (line, after) = rest.split_at(at + 1);
            if self.pending.is_empty() {
                self.write_line(line)?;
            } else {
                let mut whole = std::mem::take(&mut self.pending);
                whole.extend_from_slice(line);
                self.write_line(&whole)?;
            }
            rest = after;
        }
        self.pending.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            self.write_line(&line)?;
        }
        self.inner.flush()
    }
}

/// A writer for JSON output that writes DEL and the C1 control characters
/// (U+007F-U+009F, which `serde_json` leaves raw and some terminals act on)
/// as `\u0080`-style escapes. In JSON text these bytes can only be inside a
/// string, where the escape means the same character.
#[derive(Debug)]
pub struct JsonControls<W: Write> {
    inner: W,
    /// Escaped output not yet written: serde_json writes token by token,
    /// and a listing of half a million clashes is millions of tokens.
    /// Written out when it passes [`JSON_BUFFER`] and on `flush`, which
    /// every caller ends with.
    out: Vec<u8>,
    /// A 0xC2 lead byte at the end of the last write.
    pending_lead: bool,
}

const JSON_BUFFER: usize = 64 * 1024;

impl<W: Write> JsonControls<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            out: Vec::with_capacity(JSON_BUFFER),
            pending_lead: false,
        }
    }

    fn push_escaped(&mut self, byte: u8) {
        self.out
            .extend_from_slice(format!("\\u{:04x}", byte).as_bytes());
    }
}

impl<W: Write> Write for JsonControls<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut i = 0;
        if self.pending_lead {
            self.pending_lead = false;
            match buf.first() {
                Some(&b) if (0x80..=0x9F).contains(&b) => {
                    self.push_escaped(b);
                    i = 1;
                }
                _ => self.out.push(0xC2),
            }
        }
        while i < buf.len() {
            // Copy the run of bytes that need nothing in one go.
            let run = buf[i..]
                .iter()
                .position(|&b| b == 0xC2 || b == 0x7F)
                .unwrap_or(buf.len() - i);
            self.out.extend_from_slice(&buf[i..i + run]);
            i += run;
            let Some(&b) = buf.get(i) else { break };
            if b == 0x7F {
                self.out.extend_from_slice(b"\\u007f");
                i += 1;
                continue;
            }
            match buf.get(i + 1) {
                Some(&next) if (0x80..=0x9F).contains(&next) => {
                    self.push_escaped(next);
                    i += 2;
                }
                None => {
                    self.pending_lead = true;
                    i += 1;
                }
                Some(_) => {
                    self.out.push(0xC2);
                    i += 1;
                }
            }
        }
        if self.out.len() >= JSON_BUFFER {
            self.inner.write_all(&self.out)?;
            self.out.clear();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.pending_lead {
            self.pending_lead = false;
            self.out.push(0xC2);
        }
        self.inner.write_all(&self.out)?;
        self.out.clear();
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown() {
        assert_eq!(visible("plain SIT-A"), "plain SIT-A");
        assert_eq!(
            visible("\u{1b}]52;c;ZXZpbA==\u{7}"),
            "\\u{1b}]52;c;ZXZpbA==\\u{7}"
        );
        assert_eq!(visible("ok\rforged"), "ok\\u{d}forged");
        assert_eq!(visible("a\nb\tc"), "a\\u{a}b\\u{9}c");
        assert_eq!(visible("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(visible("a\u{200b}b\u{feff}"), "a\\u{200b}b\\u{feff}");
        assert_eq!(visible("x\u{9b}31m"), "x\\u{9b}31m");
        assert_eq!(visible("p\u{2028}q"), "p\\u{2028}q");
    }

    #[test]
    fn ci_commands_are_broken_up() {
        assert_eq!(
            visible("ok\n::error file=programme.yaml,line=1::forged"),
            "ok\\u{a}::error file=programme.yaml,line=1::forged"
        );
        assert_eq!(visible("::error::forged"), "\\u{3a}:error::forged");
        assert_eq!(visible("  ::warning::x"), "  \\u{3a}:warning::x");
        assert_eq!(
            visible("##vso[task.prependpath]/tmp/evil"),
            "#\\u{23}vso[task.prependpath]/tmp/evil"
        );
        assert_eq!(visible("a ##[group]b"), "a #\\u{23}[group]b");
        assert_eq!(visible("###[x"), "##\\u{23}[x");
        assert_eq!(visible("## heading #1"), "## heading #1");
        assert_eq!(visible("a::b"), "a::b");
        assert_eq!(visible("é##[é"), "é#\\u{23}[é");
        assert_eq!(guard_lines("│ a\u{200b}##x ##vso"), "│ a\u{200b}##x ##vso");
    }

    #[test]
    fn whole_lines_are_guarded() {
        assert_eq!(
            guard_lines("ok\n  ::error::x\nfine ##vso[a]\n"),
            "ok\n  \\u{3a}:error::x\nfine #\\u{23}vso[a]\n"
        );
        let mut w = LineGuard::new(Vec::new());
        w.write_all(b"one\n::err").unwrap();
        w.write_all(b"or::x\n##[g").unwrap();
        w.flush().unwrap();
        assert_eq!(
            String::from_utf8(w.inner).unwrap(),
            "one\n\\u{3a}:error::x\n#\\u{23}[g"
        );
    }

    #[test]
    fn json_c1_controls_are_escaped() {
        let mut w = JsonControls::new(Vec::new());
        let text = "\"a\u{9b}31m b\u{85} é\"";
        let bytes = text.as_bytes();
        // Split inside the two-byte sequence of U+009B.
        w.write_all(&bytes[..3]).unwrap();
        w.write_all(&bytes[3..]).unwrap();
        w.flush().unwrap();
        let out = String::from_utf8(w.inner).unwrap();
        assert_eq!(out, "\"a\\u009b31m b\\u0085 é\"");
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, "a\u{9b}31m b\u{85} é");
    }

    /// However serde_json splits its writes, and across the buffer's size,
    /// the output is the same.
    #[test]
    fn json_escaping_does_not_depend_on_write_sizes() {
        let mut text = String::from("\"");
        for i in 0..20_000 {
            text.push_str(["a", "\u{9b}", "\u{7f}", "é", "\u{85}x", "\u{c2}"][i % 6]);
        }
        text.push('"');
        let bytes = text.as_bytes();
        let whole = {
            let mut w = JsonControls::new(Vec::new());
            w.write_all(bytes).unwrap();
            w.flush().unwrap();
            w.inner
        };
        for size in [1, 2, 3, 7, 4096] {
            let mut w = JsonControls::new(Vec::new());
            for chunk in bytes.chunks(size) {
                w.write_all(chunk).unwrap();
            }
            w.flush().unwrap();
            assert_eq!(w.inner, whole, "chunks of {size}");
        }
        let back: String = serde_json::from_slice(&whole).unwrap();
        assert_eq!(back, &text[1..text.len() - 1]);
        assert!(!whole
            .windows(2)
            .any(|p| p[0] == 0xC2 && (0x80..=0x9F).contains(&p[1])));
        assert!(!whole.contains(&0x7F));
    }

    #[test]
    fn source_lines_keep_tabs() {
        assert_eq!(visible_source_line("\tname: a\u{1b}"), "\tname: a\\u{1b}");
        assert_eq!(visible_source_line("a: ##[x"), "a: #\\u{23}[x");
        assert_eq!(visible_source_line("a: ##x ::y"), "a: ##x ::y");
    }
}
