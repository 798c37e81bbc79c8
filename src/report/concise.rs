//! `check --format concise`: one line per finding,
//! `path:line:col: EP303 error: message`, the path relative to the current
//! directory so that terminals and editors open it on a click.
//!
//! Every line starts with envplan's own text or a path it made safe, and no
//! registry text can break a line or hide in control characters: they are
//! shown as `\u{1b}`, and CI log commands (`##[`, `##vso[`) are defused.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::diag::Finding;
use crate::registry::Registry;

use super::Report;

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let base = Base::new(report.registry);
    for f in report.findings {
        writeln!(out, "{}", line(&base, report.registry, f))?;
    }
    Ok(())
}

/// One finding's line.
fn line(base: &Base, registry: &Registry, f: &Finding) -> String {
    let place = match f.place {
        Some(p) => format!(
            "{}:{}:{}",
            base.path(&registry.file(p.file).rel),
            p.loc.line,
            p.loc.column()
        ),
        None => base.root(),
    };
    format!(
        "{}: {} {}: {}",
        start_safely(&one_line(&place)),
        f.code,
        f.severity,
        one_line(&f.message)
    )
}

/// How registry paths are written relative to the current directory.
struct Base {
    /// The registry root as the current directory sees it.
    root: PathBuf,
}

impl Base {
    fn new(registry: &Registry) -> Self {
        Base {
            root: relative_to_cwd(&registry.root),
        }
    }

    fn path(&self, rel: &str) -> String {
        let joined = self.root.join(rel);
        slashes(&joined)
    }

    fn root(&self) -> String {
        slashes(&self.root)
    }
}

fn slashes(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    match text.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => text,
    }
}

/// `root` as a path from the current directory: a relative root is kept as
/// given; an absolute one loses the current directory's prefix when it is
/// below it.
fn relative_to_cwd(root: &Path) -> PathBuf {
    if root.is_relative() {
        return root.to_path_buf();
    }
    let Ok(cwd) = std::env::current_dir() else {
        return root.to_path_buf();
    };
    if let Ok(rest) = root.strip_prefix(&cwd) {
        return rest.to_path_buf();
    }
    match (root.canonicalize(), cwd.canonicalize()) {
        (Ok(r), Ok(c)) => r
            .strip_prefix(&c)
            .map_or_else(|_| root.to_path_buf(), Path::to_path_buf),
        _ => root.to_path_buf(),
    }
}

/// Characters that must never be written as they are: controls (line
/// breaks, ESC), and the bidirectional and zero-width characters that make
/// text read differently from what it is.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{2060}'
                | '\u{061c}'
                | '\u{feff}'
        )
}

/// `text` on one line: hidden characters shown as `\u{..}`, and the CI
/// logging prefixes `##[` and `##vso[` broken so that no runner obeys them.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    if out.contains("##") {
        out = out
            .replace("##[", "#\\u{23}[")
            .replace("##vso[", "#\\u{23}vso[");
    }
    out
}

/// A line must not start with something a CI runner reads as a command
/// (`::error::`), space or `#`: such a path gets `./` in front.
fn start_safely(path: &str) -> String {
    match path.chars().next() {
        Some(c) if c.is_alphanumeric() || matches!(c, '.' | '/' | '_' | '\\') => path.to_owned(),
        _ => format!("./{path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_shown() {
        assert_eq!(one_line("a\nb\u{1b}[31mc"), "a\\u{a}b\\u{1b}[31mc");
        assert_eq!(one_line("x\u{202e}y\u{200b}"), "x\\u{202e}y\\u{200b}");
        assert_eq!(
            one_line("##vso[task.setvariable]"),
            "#\\u{23}vso[task.setvariable]"
        );
        assert_eq!(one_line("##[error]x"), "#\\u{23}[error]x");
        assert_eq!(one_line("plain # text"), "plain # text");
    }

    #[test]
    fn lines_never_start_with_registry_text() {
        assert_eq!(start_safely("::error::x.yaml:1:1"), "./::error::x.yaml:1:1");
        assert_eq!(start_safely(" a.yaml"), "./ a.yaml");
        assert_eq!(start_safely("registry/a.yaml"), "registry/a.yaml");
    }

    #[test]
    fn paths_are_relative_to_the_current_directory() {
        let cwd = std::env::current_dir().expect("cwd");
        assert_eq!(
            relative_to_cwd(&cwd.join("registry")),
            PathBuf::from("registry")
        );
        assert_eq!(relative_to_cwd(Path::new("../r")), PathBuf::from("../r"));
        assert_eq!(slashes(Path::new("./registry/a.yaml")), "registry/a.yaml");
    }
}
