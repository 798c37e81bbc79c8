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

/// The terminal's width in columns, or `None` when stdout is not a terminal.
pub fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or(Some(100))
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
