//! `envplan explain [CODE]`: the rule catalogue, for people (like `ruff rule`)
//! or as data. Reads no registry: the catalogue is part of the binary.

use std::io::{self, Write};

use serde::Serialize;

use crate::cli::{ExplainArgs, ExplainFormat};
use crate::diag::catalogue::EXAMPLE_AS_OF;
use crate::diag::Code;

use super::{AppError, Outcome};

/// Lines of the explanation are wrapped at this width (examples are not).
const WIDTH: usize = 88;

/// One code as `--format json` gives it.
#[derive(Debug, Serialize)]
pub struct Entry {
    pub code: &'static str,
    pub severity: &'static str,
    pub family: &'static str,
    pub summary: &'static str,
    /// Can be made a warning but not turned off.
    pub loading: bool,
    /// A `# envplan: allow` comment may suppress it.
    pub suppressible: bool,
    pub explanation: &'static str,
    pub example: Option<&'static str>,
    pub fix: &'static str,
}

impl Entry {
    pub fn of(code: Code) -> Self {
        let e = code.explanation();
        Entry {
            code: code.as_str(),
            severity: code.default_severity().as_str(),
            family: code.family().as_str(),
            summary: code.summary(),
            loading: code.is_loading(),
            suppressible: code.is_suppressible(),
            explanation: e.text,
            example: e.example,
            fix: e.fix,
        }
    }
}

pub fn run(args: &ExplainArgs) -> Result<Outcome, AppError> {
    let code = args.code.as_deref().map(parse_code).transpose()?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match (code, args.format) {
        (Some(code), ExplainFormat::Text) => out.write_all(text(code).as_bytes())?,
        (None, ExplainFormat::Text) => out.write_all(list().as_bytes())?,
        (Some(code), ExplainFormat::Json) => {
            serde_json::to_writer_pretty(&mut out, &Entry::of(code)).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        (None, ExplainFormat::Json) => {
            let all: Vec<Entry> = Code::ALL.iter().map(|&c| Entry::of(c)).collect();
            serde_json::to_writer_pretty(&mut out, &all).map_err(io::Error::other)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// A code as typed: `EP303` or `ep303`.
fn parse_code(text: &str) -> Result<Code, AppError> {
    Code::parse(&text.to_ascii_uppercase()).ok_or_else(|| {
        AppError::usage_with_help(
            format!("there is no rule code `{}`", text.escape_debug()),
            format!(
                "{}; `envplan explain` lists every code",
                crate::diag::did_you_mean(text, Code::ALL.iter().map(|c| c.as_str()))
                    .unwrap_or_else(|| "codes look like EP303".to_owned())
            ),
        )
    })
}

/// Every code on one line: code, default severity, summary.
pub fn list() -> String {
    let mut s = String::new();
    for &code in Code::ALL {
        s.push_str(&format!(
            "{}  {:<7}  {}\n",
            code,
            code.default_severity(),
            code.summary()
        ));
    }
    s.push_str("\n`envplan explain CODE` says more about one of them.\n");
    s
}

fn wrap(text: &str) -> String {
    textwrap::fill(text, WIDTH)
}

/// The whole entry of one code, for reading in a terminal.
pub fn text(code: Code) -> String {
    let e = code.explanation();
    let mut s = format!("{code}: {}\n\n", code.summary());
    let mut facts = vec![
        format!("default severity: {}", code.default_severity()),
        format!("family: {}", code.family().as_str()),
    ];
    facts.push(if code.is_loading() {
        "a loading code: the Programme's `rules:` may change its severity but not turn it off"
            .to_owned()
    } else {
        "the Programme's `rules:` may change its severity or turn it off".to_owned()
    });
    if !code.is_suppressible() {
        facts.push("cannot be suppressed by a comment".to_owned());
    }
    s.push_str(&wrap(&facts.join("; ")));
    s.push_str("\n\n");
    s.push_str(&wrap(e.text));
    s.push_str("\n\n");
    if let Some(example) = e.example {
        s.push_str(&wrap(&format!(
            "Example (with a Programme and a participant PMO, as of {EXAMPLE_AS_OF}):"
        )));
        s.push_str("\n\n");
        for line in example.lines() {
            s.push_str("    ");
            s.push_str(line);
            s.push('\n');
        }
        s.push('\n');
    }
    s.push_str(&wrap(&format!("Fix: {}", e.fix)));
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_in_either_case() {
        assert_eq!(parse_code("ep303").ok(), Some(Code::EP303));
        let err = parse_code("EP3O3").err().map(|e| e.help());
        assert_eq!(
            err.flatten().as_deref(),
            Some("did you mean `EP303`?; `envplan explain` lists every code")
        );
    }

    #[test]
    fn list_has_every_code_once() {
        let list = list();
        for &code in Code::ALL {
            assert_eq!(list.matches(code.as_str()).count(), 1, "{code}");
        }
    }
}
