//! Which registry to use when none is named: `./registry`, else the nearest
//! `registry/` above the working directory that holds a Programme, as git
//! looks upward for `.git`. The search stops at the top of the repository
//! (the first folder holding `.git`), so a clone never picks up a registry
//! that merely happens to sit above it.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::discover::is_yaml_name;

/// The folder name envplan looks for.
pub const DEFAULT_DIR: &str = "registry";

/// Files read while looking for a Programme, and how much of each: the
/// search must stay instant even above a large registry.
const MAX_FILES: usize = 64;
const MAX_BYTES: u64 = 64 * 1024;

/// Where the registry is when neither `--registry` nor `ENVPLAN_REGISTRY`
/// names one: `registry` itself when it exists in `cwd`, else the nearest
/// `registry/` above `cwd` holding a Programme (`Some` with its path), else
/// `None` (the caller then reports `registry` as not found).
pub fn find_upward(cwd: &Path) -> Option<PathBuf> {
    for dir in cwd.ancestors() {
        // `cwd/registry` is the caller's own default, not the search's.
        let candidate = dir.join(DEFAULT_DIR);
        if dir != cwd && candidate.is_dir() && holds_programme(&candidate) {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

/// True when a YAML file directly in `dir`, or one folder down, has a
/// document whose first key is `kind: Programme`.
pub fn holds_programme(dir: &Path) -> bool {
    let mut budget = MAX_FILES;
    let mut folders = vec![(dir.to_path_buf(), 0)];
    while let Some((folder, depth)) = folders.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            // Never follow links, as discovery does not.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && depth == 0 {
                folders.push((entry.path(), depth + 1));
            } else if kind.is_file() && is_yaml_name(&name) {
                if budget == 0 {
                    return false;
                }
                budget -= 1;
                if declares_programme(&entry.path()) {
                    return true;
                }
            }
        }
    }
    false
}

fn declares_programme(path: &Path) -> bool {
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(MAX_BYTES).read_to_end(&mut head).is_err() {
        return false;
    }
    String::from_utf8_lossy(&head).lines().any(|line| {
        line.strip_prefix("kind:")
            .is_some_and(|rest| rest.split('#').next().unwrap_or("").trim() == "Programme")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    #[test]
    fn finds_the_nearest_registry_with_a_programme_and_stops_at_the_repository() {
        let dir = tempfile::tempdir().expect("tempdir");
        let top = dir.path().join("outer");
        let repo = top.join("repo");
        // Above the repository: never used.
        write(&top.join("registry/programme.yaml"), "kind: Programme\n");
        fs::create_dir_all(repo.join(".git")).expect("mkdir");
        let deep = repo.join("docs/notes/deeper");
        fs::create_dir_all(&deep).expect("mkdir");
        assert_eq!(find_upward(&deep), None);

        // A `registry/` without a Programme is passed over.
        write(&repo.join("docs/registry/other.yaml"), "kind: Outage\n");
        assert_eq!(find_upward(&deep), None);

        write(
            &repo.join("registry/programme/main.yml"),
            "# comment\nkind: Programme # the one\nid: P\n",
        );
        assert_eq!(find_upward(&deep), Some(repo.join("registry")));
        // The working directory's own `registry` is not the search's
        // business, and from the repository's top nothing above is searched.
        assert_eq!(find_upward(&repo), None);
    }

    #[test]
    fn a_programme_is_a_kind_line_not_a_mention() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(
            &dir.path().join("a.yaml"),
            "kind: Environment\ndescription: \"kind: Programme\"\n",
        );
        write(&dir.path().join("notes.txt"), "kind: Programme\n");
        write(&dir.path().join(".hidden.yaml"), "kind: Programme\n");
        assert!(!holds_programme(dir.path()));
        write(&dir.path().join("b.yaml"), "---\nkind:   Programme\n");
        assert!(holds_programme(dir.path()));
    }
}
