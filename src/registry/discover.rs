//! Finding the registry's files: every `*.yaml` and `*.yml` (in any case)
//! below the root, recursively, in sorted path order, skipping hidden names.
//! A registry name that is not a regular file (a FIFO, a socket, a device) is
//! noted and never opened: opening a FIFO would wait for a writer forever. Symbolic links are
//! never followed (they could leave the registry or loop); each one is noted so
//! that the user learns why a file was not read.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A file found below the registry root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// Path relative to the root with `/` separators, as reported in findings.
    pub rel: String,
}

/// Something below the root that was not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    Symlink {
        rel: String,
    },
    Unreadable {
        rel: String,
        error: String,
    },
    /// A registry name (`*.yaml`) that is a FIFO, socket or device: never opened.
    NotRegular {
        rel: String,
        what: &'static str,
    },
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<Found>,
    pub skipped: Vec<Skipped>,
}

/// True for names envplan reads as registry files: `.yaml` or `.yml`, in any
/// case (`.YAML`, `.Yml`), as editors on case-insensitive file systems save them.
pub fn is_yaml_name(name: &str) -> bool {
    let lower = |ext: &str| {
        name.len() > ext.len()
            && name.is_char_boundary(name.len() - ext.len())
            && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext)
    };
    lower(".yaml") || lower(".yml")
}

/// What a path that is not a regular file is, in words; `None` for a regular
/// file, a folder or a link (those are handled on their own).
fn special_kind(file_type: fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some("a device");
        }
    }
    if file_type.is_file() || file_type.is_dir() || file_type.is_symlink() {
        None
    } else {
        Some("not a regular file")
    }
}

/// Walk `root`. Fails only when the root itself cannot be listed.
pub fn discover(root: &Path) -> io::Result<Discovery> {
    let mut out = Discovery::default();
    // Listing the root must work; below it, problems are findings.
    let entries = fs::read_dir(root)?;
    walk("", entries, &mut out);
    out.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

fn walk(prefix: &str, entries: fs::ReadDir, out: &mut Discovery) {
    let mut children: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    children.sort();
    for (name, path) in children {
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                out.skipped.push(Skipped::Unreadable {
                    rel,
                    error: e.to_string(),
                });
                continue;
            }
        };
        if meta.file_type().is_symlink() {
            // Only links that could have held registry files are worth a word.
            let target_is_dir_or_broken = fs::metadata(&path).map_or(true, |m| m.is_dir());
            if is_yaml_name(&name) || target_is_dir_or_broken {
                out.skipped.push(Skipped::Symlink { rel });
            }
        } else if meta.is_dir() {
            match fs::read_dir(&path) {
                Ok(entries) => walk(&rel, entries, out),
                Err(e) => out.skipped.push(Skipped::Unreadable {
                    rel,
                    error: e.to_string(),
                }),
            }
        } else if meta.is_file() && is_yaml_name(&name) {
            out.files.push(Found { path, rel });
        } else if let (Some(what), true) = (special_kind(meta.file_type()), is_yaml_name(&name)) {
            out.skipped.push(Skipped::NotRegular { rel, what });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_yaml_sorted_and_skips_hidden() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::create_dir_all(root.join("b/c")).expect("mkdir");
        fs::create_dir_all(root.join(".git")).expect("mkdir");
        for f in [
            "z.yaml",
            "a.yml",
            "b/c/d.yaml",
            "b/x.txt",
            ".hidden.yaml",
            ".git/e.yaml",
        ] {
            fs::write(root.join(f), "").expect("write");
        }
        let found = discover(root).expect("discover");
        let rels: Vec<_> = found.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.yml", "b/c/d.yaml", "z.yaml"]);
        assert!(found.skipped.is_empty());
    }

    #[test]
    fn extensions_in_any_case() {
        for name in ["a.yaml", "a.YAML", "a.Yml", "b.yMl", "x.tar.YAML"] {
            assert!(is_yaml_name(name), "{name}");
        }
        for name in [
            "yaml",
            ".yml",
            "a.yamll",
            "a.txt",
            "a.yaml.bak",
            "é",
            "ü.ymlé",
        ] {
            assert!(!is_yaml_name(name), "{name}");
        }
    }

    /// A FIFO named like a registry file is noted, not opened (opening it
    /// would block this test forever).
    #[cfg(unix)]
    #[test]
    fn fifos_are_noted_and_never_opened() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::write(root.join("real.YML"), "").expect("write");
        let fifo = root.join("pipe.yaml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let found = discover(root).expect("discover");
        let rels: Vec<_> = found.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["real.YML"]);
        assert_eq!(
            found.skipped,
            vec![Skipped::NotRegular {
                rel: "pipe.yaml".into(),
                what: "a FIFO (named pipe)"
            }]
        );
    }

    #[cfg(unix)]
    #[test]
    fn notes_symlinks_without_following_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::write(root.join("real.yaml"), "").expect("write");
        std::os::unix::fs::symlink(root.join("real.yaml"), root.join("link.yaml")).expect("link");
        std::os::unix::fs::symlink(root, root.join("loop")).expect("link");
        let found = discover(root).expect("discover");
        assert_eq!(found.files.len(), 1);
        assert_eq!(
            found.skipped,
            vec![
                Skipped::Symlink {
                    rel: "link.yaml".into()
                },
                Skipped::Symlink { rel: "loop".into() },
            ]
        );
    }
}
