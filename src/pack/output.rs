//! Where the pack is written: a directory of its own, never inside the
//! registry (envplan never writes there), replaced as a whole.

use std::io;
use std::path::{Component, Path, PathBuf};

use chrono::NaiveDate;

use std::io::Write;

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

/// Write the pack's files as one directory `dir`: they are written and
/// synced in a new temporary directory beside it (a random name, made by
/// `tempfile`), which then takes the place of `dir` by renaming, and the
/// parent directory is synced. A reader, or a run killed half-way, never
/// sees a mix of two packs: the old directory is moved aside whole before
/// the new one is moved in, and removed after. A `dir` that holds anything
/// other than these files is not a pack directory and is left alone (an
/// error). Returns the paths written.
pub fn write_all(dir: &Path, files: &[(&str, Vec<u8>)]) -> io::Result<Vec<PathBuf>> {
    let parent = crate::output::parent_dir(dir);
    std::fs::create_dir_all(parent)?;
    if dir.exists() {
        let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let ours = name.to_str().is_some_and(|n| names.contains(&n));
            if !ours || !entry.file_type()?.is_file() {
                return Err(io::Error::other(format!(
                    "it holds `{}`, which is not a pack file; envplan replaces a pack directory as a whole, so pass --out with a new directory or a pack directory",
                    name.to_string_lossy()
                )));
            }
        }
    }
    let stem = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pack".into());
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{stem}.new-"))
        .tempdir_in(parent)?;
    for (name, contents) in files {
        let mut f = std::fs::File::create_new(tmp.path().join(name))?;
        f.write_all(contents)?;
        f.sync_all()?;
    }
    crate::output::sync_dir(tmp.path())?;
    let new = tmp.keep();
    let switched = (|| {
        if dir.exists() {
            let old = tempfile::Builder::new()
                .prefix(&format!(".{stem}.old-"))
                .tempdir_in(parent)?
                .keep();
            std::fs::rename(dir, old.join("pack"))?;
            std::fs::rename(&new, dir)?;
            crate::output::sync_dir(parent)?;
            std::fs::remove_dir_all(&old)?;
        } else {
            std::fs::rename(&new, dir)?;
        }
        crate::output::sync_dir(parent)
    })();
    if switched.is_err() {
        let _ = std::fs::remove_dir_all(&new);
    }
    switched?;
    Ok(files.iter().map(|(name, _)| dir.join(name)).collect())
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
        // Written again: the directory is replaced whole, nothing left beside it.
        write_all(&out, &[("x.md", b"x2".to_vec()), ("y.csv", b"y2".to_vec())]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("x.md")).unwrap(), "x2");
        let beside: Vec<_> = std::fs::read_dir(dir.path().join("a")).unwrap().collect();
        assert_eq!(beside.len(), 1);
    }

    #[test]
    fn a_directory_with_other_files_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = write_all(dir.path(), &[("x.md", b"x".to_vec())]).unwrap_err();
        assert!(
            err.to_string()
                .contains("`notes.txt`, which is not a pack file"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
    }
}
