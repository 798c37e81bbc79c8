//! `check --format github`: workflow commands that GitHub Actions turns into
//! annotations on the pull request's changed lines.

use std::io::{self, Write};

use crate::diag::Severity;
use crate::output::sanitize::visible;

use super::Report;

/// Escape the message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    for f in report.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(p) = f.place {
            let path = super::repo_path(report.registry, p.file);
            props.push(format!("file={}", escape_property(&visible(&path))));
            props.push(format!("line={}", p.loc.line));
            props.push(format!("col={}", p.loc.column()));
        }
        props.push(format!("title={}", escape_property(f.code.as_str())));
        // Registry text is shown escaped (ESC would reach the log raw).
        let mut message = visible(&f.message).into_owned();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(&visible(help));
        }
        writeln!(
            out,
            "::{level} {}::{}",
            props.join(","),
            escape_data(&message)
        )?;
    }
    let s = report.summary();
    writeln!(
        out,
        "envplan: {} error(s), {} warning(s)",
        s.errors, s.warnings
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
