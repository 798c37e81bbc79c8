//! Writing the site: into a new directory beside the target, which then
//! takes the target's place, so a web server or a reader never sees half a
//! site (a mix of old and new pages).
//!
//! The old site, if any, is first renamed aside (`.<name>.old-<pid>`), the
//! new one renamed into place, and the old one removed; if the second rename
//! fails the old site is put back. Only a directory that looks like a site
//! envplan wrote (it holds `index.html` and `feeds/`), or an empty one, is
//! ever replaced: `--out` pointing at a folder of other things is refused.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::Site;

/// Whether `dir` may be replaced by a new site.
pub fn replaceable(dir: &Path) -> io::Result<bool> {
    if !dir.exists() {
        return Ok(true);
    }
    if !dir.is_dir() {
        return Ok(false);
    }
    let looks_like_site = dir.join("index.html").is_file() && dir.join("feeds").is_dir();
    Ok(looks_like_site || fs::read_dir(dir)?.next().is_none())
}

/// Write `site` to `dir`, replacing what was there in one step.
pub fn write(site: &Site, dir: &Path) -> io::Result<PathBuf> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".to_owned());
    let pid = std::process::id();
    let fresh = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    if fresh.exists() {
        fs::remove_dir_all(&fresh)?;
    }
    let result = (|| {
        fs::create_dir(&fresh)?;
        for f in &site.files {
            let path = fresh.join(&f.path);
            if let Some(p) = path.parent() {
                fs::create_dir_all(p)?;
            }
            fs::write(&path, &f.bytes)?;
        }
        Ok::<(), io::Error>(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&fresh);
        return Err(e);
    }
    let had_old = dir.exists();
    if had_old {
        fs::rename(dir, &old)?;
    }
    if let Err(e) = fs::rename(&fresh, dir) {
        if had_old {
            let _ = fs::rename(&old, dir);
        }
        let _ = fs::remove_dir_all(&fresh);
        return Err(e);
    }
    if had_old {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(dir.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::SiteFile;

    fn site(text: &str) -> Site {
        Site {
            files: vec![
                SiteFile {
                    path: "index.html".into(),
                    bytes: text.as_bytes().to_vec(),
                },
                SiteFile {
                    path: "feeds/programme.ics".into(),
                    bytes: b"x".to_vec(),
                },
            ],
        }
    }

    #[test]
    fn a_new_site_replaces_the_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&site("one"), &out).unwrap();
        fs::write(out.join("stale.html"), "old page").unwrap();
        assert!(replaceable(&out).unwrap());
        write(&site("two"), &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("stale.html").exists());
        // Nothing is left beside it.
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn a_folder_of_other_things_is_not_replaceable() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("thesis.tex"), "precious").unwrap();
        assert!(!replaceable(dir.path()).unwrap());
        assert!(replaceable(&dir.path().join("new")).unwrap());
    }
}
