//! CSV for spreadsheets: every cell quoted (RFC 4180), CRLF line ends, and a
//! guard against formula injection. A cell that begins (after whitespace)
//! with `=`, `+`, `-`, `@` or their fullwidth forms (or a tab, a carriage
//! return or NUL) could be run as a formula by Excel or LibreOffice, so it is
//! prefixed with an apostrophe; registry text comes from pull requests and
//! must never execute on someone's desktop.

use std::borrow::Cow;
use std::io::{self, Write};

/// Writes rows of cells (a plain number such as `-19` is data, not a formula,
/// and is written as it is).
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    out: W,
    /// The row being written, reused so that a row costs one write.
    line: String,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(out: W) -> Self {
        Self {
            out,
            line: String::new(),
        }
    }

    /// Cells that need neither escaping nor the guard (almost all of them:
    /// a clash listing writes millions) are written without a copy.
    pub fn row<I, S>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.line.clear();
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            push_quoted(&mut self.line, &neutralise(cell.as_ref()));
        }
        self.line.push_str("\r\n");
        self.out.write_all(self.line.as_bytes())
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

/// Prefix cells a spreadsheet would treat as a formula (OWASP's CSV
/// injection guidance): the first character after any leading whitespace is
/// `=`, `+`, `-`, `@`, their fullwidth forms `＝＋－＠`, a tab, a CR or NUL.
/// Control characters other than line breaks and tabs are shown as
/// `\u{..}` text (see `crate::output::sanitize`).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let shown: Cow<'_, str> = if cell
        .chars()
        .any(|c| c != '\n' && c != '\t' && c != '\r' && super::sanitize::is_unsafe(c))
    {
        let mut out = String::with_capacity(cell.len() + 8);
        for c in cell.chars() {
            if c != '\n' && c != '\t' && c != '\r' && super::sanitize::is_unsafe(c) {
                out.extend(c.escape_unicode());
            } else {
                out.push(c);
            }
        }
        Cow::Owned(out)
    } else {
        Cow::Borrowed(cell)
    };
    let first = cell
        .trim_start_matches([' ', '\n', '\u{a0}', '\u{3000}'])
        .chars()
        .next();
    let risky = matches!(
        first,
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\0' | '＝' | '＋' | '－' | '＠')
    );
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{shown}"))
    } else {
        shown
    }
}

/// `-19`, `+3`, `-0.5`: a number a spreadsheet reads as a number and nothing else.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// Quote every cell (RFC 4180): a cell left bare could be split by a
/// spreadsheet that reads `;` as the separator, and `x;=1+1` would become
/// a formula.
pub fn quote(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len() + 2);
    push_quoted(&mut out, cell);
    out
}

fn push_quoted(out: &mut String, cell: &str) {
    out.push('"');
    let mut rest = cell;
    while let Some(at) = rest.find('"') {
        out.push_str(&rest[..=at]);
        out.push('"');
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_guards() {
        let mut w = CsvWriter::new(Vec::new());
        w.row(["id", "name"]).unwrap();
        w.row(["=HYPERLINK(\"x\")", "a, \"b\"\nc"]).unwrap();
        w.row(["-5", "@SUM(A1)"]).unwrap();
        w.row(["-1+2", "+3.5", "-", "-.5"]).unwrap();
        let text = String::from_utf8(w.into_inner()).unwrap();
        assert_eq!(
            text,
            "\"id\",\"name\"\r\n\"'=HYPERLINK(\"\"x\"\")\",\"a, \"\"b\"\"\nc\"\r\n\"-5\",\"'@SUM(A1)\"\r\n\"'-1+2\",\"+3.5\",\"'-\",\"'-.5\"\r\n"
        );
    }

    /// The cases of issue 16: a `;` separator, leading whitespace, NUL and
    /// the fullwidth signs.
    #[test]
    fn guards_what_spreadsheets_would_run() {
        assert_eq!(quote(&neutralise("x;=1+1")), "\"x;=1+1\"");
        assert_eq!(neutralise("  =1+1"), "'  =1+1");
        assert_eq!(neutralise("\n@SUM(A1)"), "'\n@SUM(A1)");
        assert_eq!(neutralise("\0=1"), "'\\u{0}=1");
        for c in ["＝1+1", "＋1", "－1", "＠SUM(A1)"] {
            assert_eq!(neutralise(c), format!("'{c}"));
        }
        assert_eq!(neutralise("a\u{1b}]52;c;x\u{7}"), "a\\u{1b}]52;c;x\\u{7}");
        assert_eq!(neutralise("SIT-A"), "SIT-A");
        assert_eq!(neutralise(" -5"), "' -5");
    }
}
