//! Where the pack is written: a directory of its own, never inside the
//! registry (envplan never writes there), each file replaced atomically.

use std::io;
use std::path::{Component, Path, PathBuf};

use chrono::NaiveDate;

use crate::output::write_atomic;

use super::Edition;

/// `ewg-pack-YYYY-MM` (or `ewg-pack-YYYY-Www` for a weekly edition),
/// relative to the current directory.
pub fn default_dir(edition: Edition, first: NaiveDate) -> PathBuf {
    match edition {
        Edition::Monthly => PathBuf::from(format!("ewg-pack-{}", first.format("%Y-%m"))),
        Edition::Weekly => PathBuf::from(format!("ewg-pack-{}", first.format("%G-W%V"))),
    }
}

/// The absolute, symlink-free form of `path`, which need not exist yet: the
/// part that exists is canonicalized, the rest appended.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest: Vec<Component<'_>> = Vec::new();
    loop {
        if existing.exists() {
            break;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize()?;
    for c in rest.into_iter().rev() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    Ok(out)
}

/// True when `out` is the registry root or below it.
pub fn is_inside(out: &Path, registry_root: &Path) -> io::Result<bool> {
    Ok(resolve(out)?.starts_with(registry_root.canonicalize()?))
}

/// Create `dir` and write each `(name, contents)` into it atomically;
/// returns the paths written.
pub fn write_all(dir: &Path, files: &[(&str, Vec<u8>)]) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::with_capacity(files.len());
    for (name, contents) in files {
        let path = dir.join(name);
        write_atomic(&path, contents)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_the_registry_is_refused_even_through_dots_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let registry = dir.path().join("registry");
        std::fs::create_dir_all(registry.join("envs")).unwrap();
        assert!(is_inside(&registry.join("pack"), &registry).unwrap());
        assert!(is_inside(&registry, &registry).unwrap());
        assert!(is_inside(&registry.join("envs/../new/deeper"), &registry).unwrap());
        assert!(!is_inside(&registry.join("../pack"), &registry).unwrap());
        assert!(!is_inside(&dir.path().join("registry-pack"), &registry).unwrap());
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&registry, &link).unwrap();
            assert!(is_inside(&link.join("pack"), &registry).unwrap());
        }
    }

    #[test]
    fn writes_every_file_into_a_new_directory() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a/b");
        let written =
            write_all(&out, &[("x.md", b"x".to_vec()), ("y.csv", b"y".to_vec())]).unwrap();
        assert_eq!(written, vec![out.join("x.md"), out.join("y.csv")]);
        assert_eq!(std::fs::read_to_string(out.join("y.csv")).unwrap(), "y");
    }
}
