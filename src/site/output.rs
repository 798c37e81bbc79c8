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

use crate::table::Ix;

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

/// One file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// Relative to the site root, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// How much a site holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub bytes: usize,
    pub pages: usize,
    pub calendars: usize,
}

impl Summary {
    fn of(path: &str, bytes: usize) -> Summary {
        Summary {
            files: 1,
            bytes,
            pages: usize::from(path.ends_with(".html")),
            calendars: usize::from(path.ends_with(".ics")),
        }
    }

    fn plus(self, o: Summary) -> Summary {
        Summary {
            files: self.files + o.files,
            bytes: self.bytes + o.bytes,
            pages: self.pages + o.pages,
            calendars: self.calendars + o.calendars,
        }
    }
}

/// The site being built: its files kept in memory (tests, benchmarks), or
/// each written as soon as it is made, so that a site of hundreds of
/// megabytes never has to be held whole.
#[derive(Debug, Default)]
pub struct Site {
    /// In memory: every file, in the order made. Empty when writing.
    pub files: Vec<SiteFile>,
    /// Where files are written, when they are.
    to: Option<PathBuf>,
    /// The first write that failed; later files are not written.
    failed: Option<io::Error>,
    summary: Summary,
}

impl Site {
    pub fn summary(&self) -> Summary {
        self.summary
    }

    pub fn total_bytes(&self) -> usize {
        self.summary.bytes
    }

    pub(crate) fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        let (path, bytes) = (path.into(), bytes.into());
        self.summary = self.summary.plus(Summary::of(&path, bytes.len()));
        match &self.to {
            None => self.files.push(SiteFile { path, bytes }),
            Some(root) => {
                if self.failed.is_none() {
                    self.failed = put(root, &path, &bytes).err();
                }
            }
        }
    }

    /// Add `make(k)` for each index `k` of a kind with `n` records (when it
    /// gives a file). The files are made on every core: each depends only
    /// on shared, read-only facts. In memory, rayon's ordered collect keeps
    /// the order of `k`; when writing, each file is written by the thread
    /// that made it, and the bytes of each are the same either way.
    pub(crate) fn add_each<K, F>(&mut self, n: usize, make: F)
    where
        F: Fn(Ix<K>) -> Option<(String, Vec<u8>)> + Sync + Send,
    {
        use rayon::prelude::*;
        let Some(root) = &self.to else {
            let made: Vec<SiteFile> = (0..n)
                .into_par_iter()
                .filter_map(|k| make(Ix::new(k)).map(|(path, bytes)| SiteFile { path, bytes }))
                .collect();
            for f in made {
                self.add(f.path, f.bytes);
            }
            return;
        };
        if self.failed.is_some() {
            return;
        }
        let written = (0..n)
            .into_par_iter()
            .filter_map(|k| make(Ix::new(k)))
            .map(|(path, bytes)| put(root, &path, &bytes).map(|()| Summary::of(&path, bytes.len())))
            .try_reduce(Summary::default, |a, b| Ok(a.plus(b)));
        match written {
            Ok(s) => self.summary = self.summary.plus(s),
            Err(e) => self.failed = Some(e),
        }
    }
}

/// Write one file under `root`, making its folder.
fn put(root: &Path, path: &str, bytes: &[u8]) -> io::Result<()> {
    let path = root.join(path);
    if let Some(p) = path.parent() {
        fs::create_dir_all(p)?;
    }
    fs::write(&path, bytes)
}

/// Build a site with `build` straight into a new directory beside `dir`,
/// then put it in `dir`'s place in one step.
pub fn write(dir: &Path, build: impl FnOnce(&mut Site)) -> io::Result<Summary> {
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
        let mut site = Site {
            to: Some(fresh.clone()),
            ..Site::default()
        };
        build(&mut site);
        match site.failed {
            Some(e) => Err(e),
            None => Ok(site.summary),
        }
    })();
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = fs::remove_dir_all(&fresh);
            return Err(e);
        }
    };
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
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site of two files, the first saying `text`.
    fn site(text: &str) -> impl FnOnce(&mut Site) + '_ {
        move |s: &mut Site| {
            s.add("index.html", text.as_bytes());
            s.add("feeds/programme.ics", b"x".as_slice());
        }
    }

    /// Nothing is left beside the site: no new or old copy.
    fn only_public_in(dir: &Path) {
        let names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn a_new_site_replaces_the_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let summary = write(&out, site("one")).unwrap();
        assert_eq!((summary.files, summary.pages, summary.calendars), (2, 1, 1));
        fs::write(out.join("stale.html"), "old page").unwrap();
        assert!(replaceable(&out).unwrap());
        write(&out, site("two")).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("stale.html").exists());
        only_public_in(dir.path());
    }

    #[test]
    fn a_write_that_fails_keeps_the_old_site_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, site("one")).unwrap();
        // A file where a folder must go: the second file cannot be written.
        let broken = |s: &mut Site| {
            s.add("index.html", b"two".as_slice());
            s.add("index.html/inside.html", b"x".as_slice());
            s.add_each::<crate::registry::records::Participant, _>(3, |k| {
                Some((format!("p/{}.html", k.index()), vec![b'p']))
            });
        };
        assert!(write(&out, broken).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
        only_public_in(dir.path());
    }

    #[test]
    fn files_written_as_made_are_the_files_kept_in_memory() {
        let make = |s: &mut Site| {
            s.add("index.html", b"home".as_slice());
            s.add_each::<crate::registry::records::Participant, _>(200, |k| {
                let k = k.index();
                (k % 7 != 0).then(|| (format!("participant/{k}.html"), k.to_string().into_bytes()))
            });
            s.add("feeds/programme.ics", b"cal".as_slice());
        };
        let mut kept = Site::default();
        make(&mut kept);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let summary = write(&out, make).unwrap();
        assert_eq!(summary, kept.summary());
        assert_eq!(summary.files, kept.files.len());
        assert_eq!(
            (summary.pages, summary.calendars),
            (kept.files.len() - 1, 1)
        );
        for f in &kept.files {
            assert_eq!(fs::read(out.join(&f.path)).unwrap(), f.bytes, "{}", f.path);
        }
        let on_disk = fs::read_dir(out.join("participant")).unwrap().count();
        assert_eq!(on_disk + 2, kept.files.len());
    }

    #[test]
    fn a_folder_of_other_things_is_not_replaceable() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("thesis.tex"), "precious").unwrap();
        assert!(!replaceable(dir.path()).unwrap());
        assert!(replaceable(&dir.path().join("new")).unwrap());
    }
}
