//! CSV for spreadsheets: every cell quoted (RFC 4180), CRLF line ends, and a
//! guard against formula injection. A cell that begins (after whitespace)
//! with `=`, `+`, `-`, `@` or their fullwidth forms (or a tab, a carriage
//! return or NUL) could be run as a formula by Excel or LibreOffice, so it is
//! prefixed with an apostrophe; registry text comes from pull requests and
//! must never execute on someone's desktop.

use std::io::{self, Write};

/// Writes rows of cells (a plain number such as `-19` is data, not a formula,
/// and is written as it is).
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    out: W,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(out: W) -> Self {
        Self { out }
    }

    pub fn row<I, S>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut first = true;
        for cell in cells {
            if !first {
                self.out.write_all(b",")?;
            }
            first = false;
            self.out
                .write_all(quote(&neutralise(cell.as_ref())).as_bytes())?;
        }
        self.out.write_all(b"\r\n")
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
pub fn neutralise(cell: &str) -> String {
    let shown: String = cell
        .chars()
        .map(|c| {
            if c != '\n' && c != '\t' && c != '\r' && super::sanitize::is_unsafe(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    let first = cell
        .trim_start_matches([' ', '\n', '\u{a0}', '\u{3000}'])
        .chars()
        .next();
    let risky = matches!(
        first,
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\0' | '＝' | '＋' | '－' | '＠')
    );
    if risky && !is_plain_number(cell) {
        format!("'{shown}")
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
    format!("\"{}\"", cell.replace('"', "\"\""))
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
