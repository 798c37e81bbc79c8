//! Finding a certificate `file` inside the registry, and nowhere else.
//!
//! Registry text arrives in pull requests, so a path in it must not make
//! `envplan check` in CI read files outside the repository (`/etc/shadow`,
//! `../../.ssh/...`) and echo their contents or dates back. A path is refused
//! without being opened when it is absolute, when its `..` parts climb above
//! the registry root, or when, resolved by the operating system (following
//! symbolic links), it lands outside the root. Only regular files are read,
//! and never more than [`MAX_BYTES`].

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// A public certificate, even a long chain, is a few kilobytes; anything much
/// larger is not what the record says it is.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// Why a `file` value was not read.
#[derive(Debug)]
pub enum FileProblem {
    Empty,
    Absolute,
    /// Its `..` parts climb above the registry root.
    ClimbsOut,
    /// It exists, but following symbolic links leads outside the registry root.
    LinksOut,
    Missing {
        /// The path of a file with a similar name in the same folder, written the same way.
        suggestion: Option<String>,
    },
    /// A symbolic link whose target does not exist.
    BrokenLink,
    NotAFile {
        directory: bool,
    },
    TooLarge {
        bytes: u64,
    },
    Unreadable(io::Error),
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileProblem::Empty => write!(f, "is empty"),
            FileProblem::Absolute => write!(f, "is an absolute path"),
            FileProblem::ClimbsOut => write!(f, "climbs out of the registry with `..`"),
            FileProblem::LinksOut => {
                write!(
                    f,
                    "is a symbolic link (or lies under one) that leads outside the registry"
                )
            }
            FileProblem::Missing { .. } => write!(f, "does not exist"),
            FileProblem::BrokenLink => {
                write!(f, "is a symbolic link to a file that does not exist")
            }
            FileProblem::NotAFile { directory: true } => write!(f, "is a folder, not a file"),
            FileProblem::NotAFile { directory: false } => write!(f, "is not a regular file"),
            FileProblem::TooLarge { bytes } => write!(
                f,
                "is {} KiB, more than the {} KiB a certificate file may be",
                bytes.div_ceil(1024),
                MAX_BYTES / 1024
            ),
            FileProblem::Unreadable(e) => write!(f, "cannot be read: {e}"),
        }
    }
}

impl FileProblem {
    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            FileProblem::Empty => "name the public certificate, relative to the registry root, e.g. `file: certs/acme-sita-tls.pem`, or remove `file:`".into(),
            FileProblem::Absolute | FileProblem::ClimbsOut | FileProblem::LinksOut => {
                "copy the public certificate into the registry (e.g. under `certs/`) and give its path relative to the registry root; envplan reads no file outside the registry".into()
            }
            FileProblem::Missing { suggestion: Some(s) } => format!("did you mean `{s}`?"),
            FileProblem::Missing { suggestion: None } | FileProblem::BrokenLink => {
                "commit the public certificate at this path (relative to the registry root), or correct `file:`".into()
            }
            FileProblem::NotAFile { .. } => "name the PEM file itself".into(),
            FileProblem::TooLarge { .. } => {
                "a certificate file holds the public certificate (and perhaps its chain) in PEM; check that this is the right file".into()
            }
            FileProblem::Unreadable(_) => "check the file's permissions".into(),
        }
    }
}

/// Check the path as written, without touching the file system: not empty,
/// not absolute, and never above the root however its `..` parts fall. Both
/// `/` and `\` count as separators, so a Windows-style path is judged the same.
pub fn check_written(written: &str) -> Result<PathBuf, FileProblem> {
    if written.trim().is_empty() {
        return Err(FileProblem::Empty);
    }
    let bytes = written.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if written.starts_with(['/', '\\']) || drive || Path::new(written).is_absolute() {
        return Err(FileProblem::Absolute);
    }
    let mut depth = 0usize;
    let mut path = PathBuf::new();
    for part in written.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                depth = depth.checked_sub(1).ok_or(FileProblem::ClimbsOut)?;
                path.push("..");
            }
            name => {
                depth += 1;
                path.push(name);
            }
        }
    }
    Ok(path)
}

/// The file a `file` value names, resolved by the operating system and
/// confirmed to be a regular file inside the registry root.
pub fn resolve(root: &Path, written: &str) -> Result<PathBuf, FileProblem> {
    let relative = check_written(written)?;
    let root = root.canonicalize().map_err(FileProblem::Unreadable)?;
    let joined = root.join(&relative);
    let real = match joined.canonicalize() {
        Ok(real) => real,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // A link that exists but leads nowhere is a different mistake from a missing file.
            return Err(if fs::symlink_metadata(&joined).is_ok() {
                FileProblem::BrokenLink
            } else {
                FileProblem::Missing {
                    suggestion: similar_name(&joined).map(|name| {
                        match written.rfind(['/', '\\']) {
                            Some(i) => format!("{}{name}", &written[..=i]),
                            None => name,
                        }
                    }),
                }
            });
        }
        Err(e) => return Err(FileProblem::Unreadable(e)),
    };
    if !real.starts_with(&root) {
        return Err(FileProblem::LinksOut);
    }
    let meta = fs::metadata(&real).map_err(FileProblem::Unreadable)?;
    if !meta.is_file() {
        return Err(FileProblem::NotAFile {
            directory: meta.is_dir(),
        });
    }
    if meta.len() > MAX_BYTES {
        return Err(FileProblem::TooLarge { bytes: meta.len() });
    }
    Ok(real)
}

/// Read a resolved file, never more than [`MAX_BYTES`] (it may have grown since it was measured).
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, FileProblem> {
    let file = fs::File::open(path).map_err(FileProblem::Unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(FileProblem::Unreadable)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(FileProblem::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// A file in the same folder whose name is close to the missing one's.
fn similar_name(missing: &Path) -> Option<String> {
    let wanted = missing.file_name()?.to_str()?;
    let names: Vec<String> = fs::read_dir(missing.parent()?)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .collect();
    let close = crate::diag::suggest::closest(wanted, names.iter().map(String::as_str))?;
    Some(close.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> Result<PathBuf, String> {
        check_written(text).map_err(|e| e.to_string())
    }

    #[test]
    fn relative_paths_that_stay_inside_are_accepted() {
        assert_eq!(written("certs/a.pem"), Ok(PathBuf::from("certs/a.pem")));
        assert_eq!(written("./certs//a.pem"), Ok(PathBuf::from("certs/a.pem")));
        assert_eq!(
            written("certs/../certs/a.pem"),
            Ok(PathBuf::from("certs/../certs/a.pem"))
        );
        assert_eq!(
            written("a/b/../../c.pem"),
            Ok(PathBuf::from("a/b/../../c.pem"))
        );
    }

    #[test]
    fn absolute_and_climbing_paths_are_refused() {
        for text in [
            "/etc/passwd",
            "\\\\server\\share\\a.pem",
            "C:\\certs\\a.pem",
            "c:/a.pem",
        ] {
            assert_eq!(written(text), Err("is an absolute path".into()), "{text}");
        }
        for text in [
            "../a.pem",
            "certs/../../a.pem",
            "a/../../b/c.pem",
            "..\\a.pem",
            "..",
        ] {
            assert_eq!(
                written(text),
                Err("climbs out of the registry with `..`".into()),
                "{text}"
            );
        }
        assert_eq!(written("  "), Err("is empty".into()));
    }

    #[test]
    fn resolution_follows_links_but_stays_inside() {
        let outside = tempfile::tempdir().expect("tempdir");
        std::fs::write(outside.path().join("secret.pem"), "x").expect("write");
        let root = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(root.path().join("certs")).expect("mkdir");
        std::fs::write(root.path().join("certs/a.pem"), "x").expect("write");
        assert!(resolve(root.path(), "certs/a.pem").is_ok());
        assert!(matches!(
            resolve(root.path(), "certs/b.pem"),
            Err(FileProblem::Missing { suggestion: Some(s) }) if s == "certs/a.pem"
        ));
        assert!(matches!(
            resolve(root.path(), "certs"),
            Err(FileProblem::NotAFile { directory: true })
        ));
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(
                outside.path().join("secret.pem"),
                root.path().join("certs/out.pem"),
            )
            .expect("link");
            symlink(outside.path(), root.path().join("elsewhere")).expect("link");
            symlink("a.pem", root.path().join("certs/in.pem")).expect("link");
            symlink("nowhere.pem", root.path().join("certs/dangling.pem")).expect("link");
            assert!(matches!(
                resolve(root.path(), "certs/out.pem"),
                Err(FileProblem::LinksOut)
            ));
            assert!(matches!(
                resolve(root.path(), "elsewhere/secret.pem"),
                Err(FileProblem::LinksOut)
            ));
            assert!(resolve(root.path(), "certs/in.pem").is_ok());
            assert!(matches!(
                resolve(root.path(), "certs/dangling.pem"),
                Err(FileProblem::BrokenLink)
            ));
        }
    }

    #[test]
    fn large_files_are_not_read() {
        let root = tempfile::tempdir().expect("tempdir");
        let big = vec![b'x'; (MAX_BYTES + 1) as usize];
        std::fs::write(root.path().join("big.pem"), big).expect("write");
        assert!(matches!(
            resolve(root.path(), "big.pem"),
            Err(FileProblem::TooLarge { .. })
        ));
        assert!(matches!(
            read_bounded(&root.path().join("big.pem")),
            Err(FileProblem::TooLarge { .. })
        ));
    }
}
