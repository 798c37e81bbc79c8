//! CSV for spreadsheets: RFC 4180 quoting, CRLF line ends, and a guard
//! against formula injection. A cell that begins with `=`, `+`, `-` or `@`
//! (or a tab or carriage return) could be run as a formula by Excel or
//! LibreOffice, so it is prefixed with an apostrophe; registry text comes
//! from pull requests and must never execute on someone's desktop.

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

/// Prefix cells a spreadsheet would treat as a formula.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if !is_plain_number(cell) => format!("'{cell}"),
        _ => cell.to_owned(),
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

/// Quote a cell when it holds a comma, quote or line break (RFC 4180).
pub fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
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
            "id,name\r\n\"'=HYPERLINK(\"\"x\"\")\",\"a, \"\"b\"\"\nc\"\r\n-5,'@SUM(A1)\r\n'-1+2,+3.5,'-,'-.5\r\n"
        );
    }
}
