//! `check --format azure`: Azure Pipelines logging commands, which show each
//! finding on the build summary and the pull request.

use std::io::{self, Write};

use crate::diag::Severity;
use crate::output::sanitize::visible;

use super::Report;

/// Escape text inside a logging command.
pub fn escape(s: &str) -> String {
    s.replace('%', "%AZP25")
        .replace(';', "%3B")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(']', "%5D")
}

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    for f in report.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = vec![format!("type={level}")];
        if let Some(p) = f.place {
            props.push(format!(
                "sourcepath={}",
                escape(&visible(&super::repo_path(report.registry, p.file)))
            ));
            props.push(format!("linenumber={}", p.loc.line));
            props.push(format!("columnnumber={}", p.loc.column()));
        }
        props.push(format!("code={}", f.code));
        // Registry text is shown escaped (ESC would reach the log raw).
        let mut message = format!("{}: {}", f.code, visible(&f.message));
        if let Some(help) = &f.help {
            message.push_str(" (help: ");
            message.push_str(&visible(help));
            message.push(')');
        }
        writeln!(
            out,
            "##vso[task.logissue {};]{}",
            props.join(";"),
            escape(&message)
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
        assert_eq!(escape("a;b]c\n100%"), "a%3Bb%5Dc%0A100%AZP25");
    }
}
