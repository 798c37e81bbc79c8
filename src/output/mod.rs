//! Writing results: colour decisions, files written atomically, CSV.

pub mod csv;
pub mod sanitize;

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

use crate::cli::ColorChoice;

/// Whether to colour output going to stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

/// Width assumed when stdout is neither a terminal nor sized by `COLUMNS`.
pub const PIPED_WIDTH: usize = 100;

/// Below this many columns, `certs` and `clashes` print one block per row
/// (`field: value` lines) instead of a table squeezed into slivers.
pub const STACKED_BELOW: usize = 72;

/// The width to lay tables out in: the terminal's own (asked of the tty),
/// else `COLUMNS`, else [`PIPED_WIDTH`]; so a 200-column terminal gets 200
/// columns and `COLUMNS=160 envplan certs > certs.txt` does what it says.
pub fn terminal_width() -> usize {
    let tty = io::stdout()
        .is_terminal()
        .then(terminal_size::terminal_size)
        .flatten()
        .map(|(w, _)| usize::from(w.0))
        .filter(|&w| w > 0);
    width_from(tty, std::env::var("COLUMNS").ok().as_deref())
}

/// [`terminal_width`] given what the tty and `COLUMNS` say.
pub fn width_from(tty: Option<usize>, columns: Option<&str>) -> usize {
    tty.or_else(|| {
        columns
            .and_then(|c| c.trim().parse().ok())
            .filter(|&w: &usize| w > 0)
    })
    .unwrap_or(PIPED_WIDTH)
}

/// Lines of `field: value`, the values aligned and wrapped between words
/// to `width`, indented by two spaces: one row of a table, stacked. Values
/// are registry text, so line breaks and control characters become spaces.
pub fn stacked(fields: &[(&str, String)], width: usize) -> String {
    let label = fields.iter().map(|(f, _)| f.len()).max().unwrap_or(0) + 1;
    let indent = 2 + label + 1;
    let room = width.saturating_sub(indent).max(20);
    let mut out = String::new();
    for (field, value) in fields {
        // Registry text: shown escaped, and each wrapped line guarded
        // again, since wrapping can start a line with a word such as
        // `::error` that was harmless in the middle of the value.
        let value = sanitize::single_line(value);
        let mut lines = wrap_words(&value, room).into_iter();
        let first = lines.next().unwrap_or_default();
        let head = format!("  {:<label$} {first}", format!("{field}:"));
        out.push_str(head.trim_end());
        out.push('\n');
        for line in lines {
            out.push_str(&" ".repeat(indent));
            out.push_str(&sanitize::visible(&line));
            out.push('\n');
        }
    }
    out
}

/// Words of `text` in lines of at most `width` columns; a word longer than
/// that stands alone on its line, whole.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Write `contents` to `path` so that a reader sees either the old file or the
/// whole new one: write a temporary file beside it, then rename. The
/// temporary file is made by `tempfile` (a random name, created with
/// `O_EXCL`), so a file or symbolic link planted under a predictable name
/// cannot redirect the write.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = parent_dir(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(".envplan-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The directory `path` is in (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Make the entries of a directory (a rename into it) durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_comes_from_the_terminal_then_columns_then_100() {
        assert_eq!(width_from(Some(200), Some("80")), 200);
        assert_eq!(width_from(None, Some("80")), 80);
        assert_eq!(width_from(None, Some(" 60 ")), 60);
        assert_eq!(width_from(None, Some("wide")), PIPED_WIDTH);
        assert_eq!(width_from(None, Some("0")), PIPED_WIDTH);
        assert_eq!(width_from(None, None), PIPED_WIDTH);
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(
            wrap_words("renew soon; needed from 2026-04-11 (FUNC-2)", 16),
            ["renew soon;", "needed from", "2026-04-11", "(FUNC-2)"]
        );
        assert_eq!(
            wrap_words("FNWK-SITA-TLS-1-LONG", 5),
            ["FNWK-SITA-TLS-1-LONG"]
        );
        assert!(wrap_words("  ", 5).is_empty());
    }

    #[test]
    fn stacked_rows_align_wrap_and_flatten() {
        let text = stacked(
            &[
                ("id", "A\u{1b}[2J".to_owned()),
                ("renewal", "renew soon; needed from 2026-04-11".to_owned()),
                ("empty", String::new()),
            ],
            30,
        );
        assert_eq!(
            text,
            "  id:      A [2J\n  renewal: renew soon; needed\n           from 2026-04-11\n  empty:\n"
        );
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.txt");
        write_atomic(&path, b"first").expect("write");
        write_atomic(&path, b"second").expect("write");
        assert_eq!(fs::read_to_string(&path).expect("read"), "second");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(leftovers.len(), 1);
    }

    /// A symbolic link planted where a predictable temporary name would be
    /// is never written through.
    #[cfg(unix)]
    #[test]
    fn a_planted_link_is_not_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "keep").expect("write");
        let path = dir.path().join("out.txt");
        for name in [
            format!(".out.txt.tmp-{}", std::process::id()),
            ".envplan-.tmp".to_owned(),
        ] {
            std::os::unix::fs::symlink(&victim, dir.path().join(name)).expect("symlink");
        }
        write_atomic(&path, b"new").expect("write");
        assert_eq!(fs::read_to_string(&victim).expect("read"), "keep");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        assert!(!fs::symlink_metadata(&path)
            .expect("meta")
            .file_type()
            .is_symlink());
    }
}
