//! The registry as read from disk: files, records by kind, and what could not
//! be read. Nothing here interprets values; see `crate::model` for that.

// First: the list of kinds and the macros over it, for the modules below.
#[macro_use]
pub mod kinds;
pub use kinds::{Lists, RecordKind};
pub mod comments;
pub mod describe;
pub mod discover;
pub mod document;
pub mod entries;
pub mod hours;
mod known;
pub mod lenient;
pub mod load;
pub mod locate;
pub mod milestone;
pub mod records;
pub mod schema_types;
pub mod spanned;
pub mod tags;
pub mod vocab;

use std::collections::{HashMap, HashSet};
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Code, FileId, Finding};

use self::discover::{discover, Skipped};
use self::document::{Kind, Record};
use self::load::{load_file, Broken, FileLoad};
use self::records::{
    Availability, Certificate, Environment, Interval, Milestone, Outage, Participant, Programme,
};
use self::spanned::Loc;
use crate::table::{Ix, Table};

/// Files parsed in parallel before their records are put together (see `Registry::load`).
const LOAD_BATCH: usize = 32;

/// A file of the registry.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Relative to the registry root, with `/` separators.
    pub rel: String,
    /// False for links and folders that were noted but not read, and for
    /// texts that did not come from disk: reporters must not open them.
    pub read: bool,
    /// Matched by the Programme's `exclude`: read, then set aside.
    pub excluded: bool,
}

impl SourceFile {
    /// A file whose records and findings count: read from disk and not excluded.
    pub fn checked(&self) -> bool {
        self.read && !self.excluded
    }
}

/// A record and where it was written. The record itself is boxed: records
/// are large (every value carries its place), and vectors of them grown by
/// doubling would leave up to half of the largest allocations unused.
#[derive(Debug, Clone)]
pub struct Rec<T> {
    pub file: FileId,
    /// Where its document starts (not `start`: records have a field of that name).
    pub doc: Loc,
    pub value: Box<T>,
}

impl<T> Deref for Rec<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Each kind's records, indexed by [`Ix`] of that kind.
pub type Records<T> = Table<T, Rec<T>>;

/// The index of a record of each kind: an environment's index cannot look up
/// a participant. The record types are the markers.
pub type EnvIx = Ix<Environment>;
pub type ParticipantIx = Ix<Participant>;
pub type IntervalIx = Ix<Interval>;
pub type CertIx = Ix<Certificate>;
pub type AvailabilityIx = Ix<Availability>;
pub type OutageIx = Ix<Outage>;
pub type MilestoneIx = Ix<Milestone>;

/// The registry could not be read at all (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum RootError {
    #[error("registry directory `{0}` not found")]
    NotFound(PathBuf),
    #[error("`{0}` is not a directory")]
    NotADirectory(PathBuf),
    #[error("cannot read registry directory `{path}`: {error}")]
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// Clone is for trying additions on a copy (`envplan slots` tests).
#[derive(Debug, Default, Clone)]
pub struct Registry {
    pub root: PathBuf,
    pub files: Vec<SourceFile>,
    /// Each kind's records (`reg.intervals` through `Deref`). Every
    /// Programme read is kept; a valid registry has exactly one.
    pub lists: Lists,
    /// The `# envplan:` comments of each checked file that has any.
    pub suppressions: HashMap<FileId, Vec<comments::Suppression>>,
    /// Ids of records that exist but could not be read, by kind (`None`: kind unknown).
    broken: HashMap<Option<Kind>, HashSet<String>>,
    /// Places of values that could not be read (EP003 there) and hold
    /// `lenient::INVALID` in their stead, so that their record still counts;
    /// a required field left out has `lenient::MISSING_AT` in its file.
    unreadable: HashSet<(FileId, Loc)>,
}

impl Deref for Registry {
    type Target = Lists;
    fn deref(&self) -> &Lists {
        &self.lists
    }
}

impl DerefMut for Registry {
    fn deref_mut(&mut self) -> &mut Lists {
        &mut self.lists
    }
}

/// A loaded registry and the findings made while loading it.
#[derive(Debug)]
pub struct Loading {
    pub registry: Registry,
    pub findings: Vec<Finding>,
}

impl Registry {
    /// Read every file below `root`.
    pub fn load(root: &Path) -> Result<Loading, RootError> {
        let meta = std::fs::metadata(root).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => RootError::NotFound(root.to_path_buf()),
            _ => RootError::Unreadable {
                path: root.to_path_buf(),
                error: e,
            },
        })?;
        if !meta.is_dir() {
            return Err(RootError::NotADirectory(root.to_path_buf()));
        }
        let found = discover(root).map_err(|error| RootError::Unreadable {
            path: root.to_path_buf(),
            error,
        })?;
        let mut files: Vec<SourceFile> = found
            .files
            .into_iter()
            .map(|f| SourceFile {
                path: f.path,
                rel: f.rel,
                read: true,
                excluded: false,
            })
            .collect();
        // Parsed in parallel, assembled in file order a batch at a time, so
        // that what one batch's parsing allocated is reused by the next
        // instead of piling up: peak memory stays close to what the records
        // themselves need.
        let mut assembly = Assembly::new(root);
        for (b, batch) in files.chunks(LOAD_BATCH).enumerate() {
            let first = b * LOAD_BATCH;
            let loads: Vec<FileLoad> = batch
                .par_iter()
                .enumerate()
                .map(|(i, f)| load_file((first + i) as FileId, &f.path))
                .collect();
            for (i, load) in loads.into_iter().enumerate() {
                assembly.add((first + i) as FileId, load);
            }
        }
        // Links and unreadable folders become files that were not read, so
        // that their findings can name them like any other file.
        for skipped in found.skipped {
            let file = files.len() as FileId;
            let (rel, finding) = skipped_finding(skipped, file);
            files.push(SourceFile {
                path: root.join(&rel),
                rel,
                read: false,
                excluded: false,
            });
            assembly.add(
                file,
                FileLoad {
                    findings: vec![finding],
                    ..FileLoad::default()
                },
            );
        }
        Ok(assembly.finish(files))
    }

    /// A registry from file texts held in memory (such as an older revision
    /// read from git), assembled exactly as `load` assembles files read from
    /// disk. `texts` are `(path relative to root, text)`; they are read in
    /// sorted path order, and hidden paths and non-YAML names are skipped as
    /// discovery would. The files are marked not `read`, so that reporters do
    /// not open today's file on disk in their place.
    pub fn from_texts(root: &Path, texts: Vec<(String, String)>) -> Loading {
        let mut texts: Vec<(String, String)> = texts
            .into_iter()
            .filter(|(rel, _)| {
                discover::is_yaml_name(rel) && !rel.split('/').any(|part| part.starts_with('.'))
            })
            .collect();
        texts.sort_by(|a, b| a.0.cmp(&b.0));
        let files: Vec<SourceFile> = texts
            .iter()
            .map(|(rel, _)| SourceFile {
                path: root.join(rel),
                rel: rel.clone(),
                read: false,
                excluded: false,
            })
            .collect();
        let loads: Vec<FileLoad> = texts
            .par_iter()
            .enumerate()
            .map(|(i, (_, text))| {
                let text = text.strip_prefix('\u{feff}').unwrap_or(text);
                load::parse_text(i as FileId, text)
            })
            .collect();
        Self::assemble(root, files, loads)
    }

    /// Add the records of further files, read from `paths` (named in
    /// findings as `names`), as if they were part of the registry: the
    /// records of `check --with`. Returns the findings about the new files
    /// only: what could not be read, and ids they repeat (EP004, EP007 at
    /// the new record, as for any later duplicate). The Programme's
    /// `exclude` does not apply to files given by name.
    pub fn add_files(&mut self, files: &[(PathBuf, String)]) -> Vec<Finding> {
        let first = self.files.len() as FileId;
        let loads: Vec<FileLoad> = files
            .par_iter()
            .enumerate()
            .map(|(i, (path, _))| load_file(first + i as FileId, path))
            .collect();
        let sources = files
            .iter()
            .map(|(path, name)| SourceFile {
                path: path.clone(),
                rel: name.clone(),
                read: true,
                excluded: false,
            })
            .collect();
        self.add_loads(sources, loads)
    }

    /// [`Registry::add_files`] for texts held in memory, `(name, text)`;
    /// like `from_texts`, the files are marked not `read`.
    pub fn add_texts(&mut self, texts: Vec<(String, String)>) -> Vec<Finding> {
        let first = self.files.len() as FileId;
        let loads: Vec<FileLoad> = texts
            .iter()
            .enumerate()
            .map(|(i, (_, text))| {
                let text = text.strip_prefix('\u{feff}').unwrap_or(text);
                load::parse_text(first + i as FileId, text)
            })
            .collect();
        let sources = texts
            .into_iter()
            .map(|(rel, _)| SourceFile {
                path: self.root.join(&rel),
                rel,
                read: false,
                excluded: false,
            })
            .collect();
        self.add_loads(sources, loads)
    }

    fn add_loads(&mut self, sources: Vec<SourceFile>, loads: Vec<FileLoad>) -> Vec<Finding> {
        let first = self.files.len() as FileId;
        let mut findings = Vec::new();
        for (source, load) in sources.into_iter().zip(loads) {
            let file = self.files.len() as FileId;
            self.files.push(source);
            findings.extend(load.findings);
            for Broken { kind, id } in load.broken {
                self.broken.entry(kind).or_default().insert(id);
            }
            self.unreadable
                .extend(load.unreadable.into_iter().map(|loc| (file, loc)));
            for loaded in load.records {
                self.add(file, loaded.start, loaded.record);
            }
        }
        self.remove_duplicates(&mut findings);
        // The registry's own duplicates are gone already, so a repeat found
        // now is at a new record; "no Programme" was said of the registry.
        findings.retain(|f| f.place.is_some_and(|p| p.file >= first));
        findings
    }

    /// Shared by `load` and `from_texts`: drop excluded files, gather records
    /// and findings, and report duplicates.
    fn assemble(root: &Path, files: Vec<SourceFile>, loads: Vec<FileLoad>) -> Loading {
        let mut assembly = Assembly::new(root);
        for (file, load) in loads.into_iter().enumerate() {
            assembly.add(file as FileId, load);
        }
        assembly.finish(files)
    }

    /// Forget every record of these files.
    fn drop_files(&mut self, files: &HashSet<FileId>) {
        each_kind!(T => {
            T::records_mut(self).retain(|r| !files.contains(&r.file));
        });
    }

    fn add(&mut self, file: FileId, start: Loc, record: Record) {
        record.push_to(&mut self.lists, file, start);
    }

    /// EP004 for every repeated id after the first, EP007 for a missing or
    /// repeated Programme; the repeats are then dropped so that no other rule
    /// sees two records with one id.
    fn remove_duplicates(&mut self, findings: &mut Vec<Finding>) {
        fn dedup<T: RecordKind>(
            records: &mut Records<T>,
            findings: &mut Vec<Finding>,
            files: &[SourceFile],
            unreadable: &HashSet<(FileId, Loc)>,
        ) {
            let kind = T::KIND;
            let mut first: HashMap<String, (FileId, Loc)> = HashMap::with_capacity(records.len());
            records.retain(|r| {
                let text = r.value.id();
                // An id that could not be read is no id: it repeats none.
                if !unreadable.is_empty() && unreadable.contains(&(r.file, text.loc)) {
                    return true;
                }
                match first.get(text.as_str()) {
                    Some(&(file, loc)) => {
                        findings.push(
                            Finding::new(Code::EP004, format!("{} id `{}` is already used", kind.noun(), text.value))
                                .at(r.file, text.loc)
                                .record(text.value.clone())
                                .related(file, loc, "first defined here")
                                .help(format!(
                                    "ids must be unique among {} records; the first is at {}:{}; rename or remove this one",
                                    kind.name(),
                                    files[file as usize].rel,
                                    loc.line
                                )),
                        );
                        false
                    }
                    None => {
                        first.insert(text.value.to_string(), (r.file, text.loc));
                        true
                    }
                }
            });
        }
        let files = std::mem::take(&mut self.files);
        let unreadable = std::mem::take(&mut self.unreadable);
        // The Programme is not de-duplicated by id: a second one is EP007 below.
        each_kind!(T => {
            if T::KIND != Kind::Programme {
                dedup(T::records_mut(self), findings, &files, &unreadable);
            }
        });
        self.files = files;
        self.unreadable = unreadable;

        if self.programmes.is_empty() {
            let broken_programme = self
                .broken
                .get(&Some(Kind::Programme))
                .is_some_and(|s| !s.is_empty());
            if !broken_programme {
                findings.push(
                    Finding::new(Code::EP007, "the registry has no Programme record")
                        .help("add a file such as programme.yaml with `kind: Programme` (run `envplan init` to see one)"),
                );
            }
        } else if self.programmes.len() > 1 {
            let first = self.programmes.first().expect("more than one");
            let (first_file, first_loc, first_id) =
                (first.file, first.id.loc, first.id.value.clone());
            for extra in self.programmes.iter().skip(1) {
                findings.push(
                    Finding::new(
                        Code::EP007,
                        format!(
                            "a registry has exactly one Programme, but `{}` is another",
                            extra.id.value
                        ),
                    )
                    .at(extra.file, extra.id.loc)
                    .record(extra.id.value.clone())
                    .record(first_id.clone())
                    .related(first_file, first_loc, "the first Programme")
                    .help("keep one Programme record; the first one read is used"),
                );
            }
            self.programmes.truncate(1);
        }
    }

    /// The ids of every record of a kind, in registry order.
    pub fn ids(&self, kind: Kind) -> Vec<&str> {
        with_kind!(kind, T => T::records(self).iter().map(|r| r.id().as_str()).collect())
    }

    /// True when the value at this place could not be read (EP003 says so)
    /// and holds a stand-in: nothing is to be said about it, nor is it to
    /// be taken for what was meant (a reference, a date, an id).
    pub fn is_unreadable(&self, file: FileId, loc: Loc) -> bool {
        !self.unreadable.is_empty() && self.unreadable.contains(&(file, loc))
    }

    /// True when any of these places in `file` could not be read (see
    /// [`Registry::is_unreadable`]): a list with a stand-in in it.
    pub fn any_unreadable(&self, file: FileId, locs: impl IntoIterator<Item = Loc>) -> bool {
        self.has_unreadable() && locs.into_iter().any(|loc| self.is_unreadable(file, loc))
    }

    /// True when some value of the registry could not be read (see
    /// [`Registry::is_unreadable`]).
    pub fn has_unreadable(&self) -> bool {
        !self.unreadable.is_empty()
    }

    /// True when the id of the record of `kind` at `position` could not be read.
    pub fn id_unreadable_at(&self, kind: Kind, position: usize) -> bool {
        let ix = u32::try_from(position).expect("a position in a list");
        self.has_unreadable()
            && with_kind!(kind, T => {
                let r = &T::records(self)[Ix::from_raw(ix)];
                self.is_unreadable(r.file, r.id().loc)
            })
    }

    /// The id of the record of `kind` at `position` in its list.
    pub fn id_at(&self, kind: Kind, position: usize) -> &str {
        let ix = u32::try_from(position).expect("a position in a list");
        with_kind!(kind, T => T::records(self)[Ix::from_raw(ix)].id().as_str())
    }

    /// How many records of `kind` there are.
    pub fn count(&self, kind: Kind) -> usize {
        with_kind!(kind, T => T::records(self).len())
    }

    /// The records of `T`.
    pub fn records<T: RecordKind>(&self) -> &Records<T> {
        T::records(self)
    }

    pub fn programme(&self) -> Option<&Rec<Programme>> {
        self.programmes.first()
    }

    /// True when a record of `kind` with this id exists but could not be read;
    /// references to it are then not reported again.
    pub fn is_broken(&self, kind: Kind, id: &str) -> bool {
        self.broken.get(&Some(kind)).is_some_and(|s| s.contains(id))
            || self.broken.get(&None).is_some_and(|s| s.contains(id))
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id as usize]
    }

    pub fn record_count(&self) -> usize {
        Kind::ALL.into_iter().map(|kind| self.count(kind)).sum()
    }
}

/// Files matched by the Programme's `exclude` globs (never the Programme's own file).
fn excluded_files(
    registry: &Registry,
    files: &[SourceFile],
    findings: &mut Vec<Finding>,
) -> HashSet<FileId> {
    let mut out = HashSet::new();
    let Some(programme) = registry.programmes.first() else {
        return out;
    };
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    let mut patterns = Vec::new();
    // A list that could not be read (EP003) excludes nothing.
    for text in programme
        .exclude
        .iter()
        .filter(|t| !registry.is_unreadable(programme.file, t.loc))
    {
        match glob::Pattern::new(&text.value) {
            Ok(p) => patterns.push(p),
            Err(e) => findings.push(
                Finding::new(
                    Code::EP006,
                    format!("`{}` is not a valid glob: {}", text.value, e.msg),
                )
                .at(programme.file, text.loc)
                .record(programme.id.value.clone())
                .help(
                    "use globs such as `drafts/**` or `old/*.yaml`, relative to the registry root",
                ),
            ),
        }
    }
    for (i, f) in files.iter().enumerate() {
        let i = i as FileId;
        if i != programme.file && patterns.iter().any(|p| p.matches_with(&f.rel, options)) {
            out.insert(i);
        }
    }
    out
}

/// A registry put together file by file, in file order. Which files the
/// Programme excludes is known only once every file has been read (the
/// Programme may be in any of them), so excluded files are dropped at the end.
struct Assembly {
    registry: Registry,
    findings: Vec<Finding>,
    broken: Vec<(FileId, Broken)>,
}

impl Assembly {
    fn new(root: &Path) -> Self {
        Assembly {
            registry: Registry {
                root: root.to_path_buf(),
                ..Registry::default()
            },
            findings: Vec::new(),
            broken: Vec::new(),
        }
    }

    /// Take what was read from one file (files must come in order).
    fn add(&mut self, file: FileId, load: FileLoad) {
        self.findings.extend(load.findings);
        self.broken
            .extend(load.broken.into_iter().map(|b| (file, b)));
        self.registry
            .unreadable
            .extend(load.unreadable.into_iter().map(|loc| (file, loc)));
        for loaded in load.records {
            self.registry.add(file, loaded.start, loaded.record);
        }
        if !load.suppressions.is_empty() {
            self.registry.suppressions.insert(file, load.suppressions);
        }
    }

    fn finish(self, files: Vec<SourceFile>) -> Loading {
        let Assembly {
            mut registry,
            mut findings,
            broken,
        } = self;
        let excluded = excluded_files(&registry, &files, &mut findings);
        registry.files = files;
        for &file in &excluded {
            registry.files[file as usize].excluded = true;
        }
        if !excluded.is_empty() {
            registry.drop_files(&excluded);
            registry
                .suppressions
                .retain(|file, _| !excluded.contains(file));
            findings.retain(|f| f.place.is_none_or(|p| !excluded.contains(&p.file)));
        }
        for (file, Broken { kind, id }) in broken {
            if !excluded.contains(&file) {
                registry.broken.entry(kind).or_default().insert(id);
            }
        }
        registry.remove_duplicates(&mut findings);
        Loading { registry, findings }
    }
}

fn skipped_finding(skipped: Skipped, file: FileId) -> (String, Finding) {
    let at_start = Loc::new(1, 1, 0);
    match skipped {
        Skipped::Symlink { rel } => {
            let finding = Finding::new(
                Code::EP009,
                format!("`{rel}` is a symbolic link; envplan does not follow links, so it was not read"),
            )
            .at(file, at_start)
            .help("replace the link with the real file or directory, or add it to the Programme's `exclude`");
            (rel, finding)
        }
        Skipped::NotRegular { rel, what } => {
            let finding = Finding::new(
                Code::EP008,
                format!("`{rel}` is {what}, not a regular file, so it was not opened"),
            )
            .at(file, at_start)
            .help("registry files are plain files; remove it, or rename it so that its name does not end in .yaml or .yml");
            (rel, finding)
        }
        Skipped::Unreadable { rel, error } => {
            let finding = Finding::new(Code::EP008, format!("`{rel}` cannot be read: {error}"))
                .at(file, at_start)
                .help("check that the folder exists and that you may read it");
            (rel, finding)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROGRAMME: &str = "kind: Programme\nid: P\nname: P\ntimezone: Europe/London\nroles: {}\nstages: {s: S}\nexclude: [\"drafts/**\"]\n";
    const ENVS: &str = "kind: Environment\nid: E\nname: E\nowner: X\nphase: sit\nstages: [s]\n---\nkind: Environment\nid: E\nname: again\nowner: X\nphase: sit\nstages: [s]\n";
    const DRAFT: &str = "kind: Environment\nid: D\nname: D\nowner: X\nphase: sit\nstages: [s]\n";

    fn summary(l: &Loading) -> (Vec<String>, Vec<String>) {
        let ids = l
            .registry
            .environments
            .iter()
            .map(|r| r.id.value.to_string())
            .collect();
        let codes = l.findings.iter().map(|f| f.code.to_string()).collect();
        (ids, codes)
    }

    /// Texts from memory are assembled exactly like the same files on disk.
    #[test]
    fn from_texts_matches_load() {
        let texts = vec![
            ("envs.yaml".to_owned(), ENVS.to_owned()),
            ("programme.yaml".to_owned(), PROGRAMME.to_owned()),
            ("drafts/d.yaml".to_owned(), DRAFT.to_owned()),
            (".hidden/h.yaml".to_owned(), DRAFT.to_owned()),
            ("notes.txt".to_owned(), "not yaml".to_owned()),
        ];
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in &texts {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let on_disk = Registry::load(dir.path()).unwrap();
        let in_memory = Registry::from_texts(dir.path(), texts);
        assert_eq!(summary(&in_memory), summary(&on_disk));
        assert_eq!(
            summary(&in_memory),
            (vec!["E".to_owned()], vec!["EP004".to_owned()])
        );
        assert!(in_memory.registry.files.iter().all(|f| !f.read));
    }

    /// Records keep file order across load batches, and everything an
    /// excluded file held (records, findings, ids of broken records) is gone.
    #[test]
    fn batches_keep_file_order_and_exclusion_drops_everything() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("programme.yaml"), PROGRAMME).unwrap();
        let n = 3 * LOAD_BATCH + 5;
        for i in 0..n {
            let text = format!(
                "kind: Environment\nid: E{i:03}\nname: E\nowner: X\nphase: sit\nstages: [s]\n"
            );
            std::fs::write(root.join(format!("e{i:03}.yaml")), text).unwrap();
        }
        std::fs::create_dir(root.join("drafts")).unwrap();
        // A syntax error, a broken record and a duplicate of E000, all excluded.
        std::fs::write(
            root.join("drafts/d.yaml"),
            "kind: Environment\nid: E000\nname: E\nowner: X\nphase: sit\nstages: [s]\n---\nkind: Interval\nid: BROKEN\nnme: x\n---\nname: [x\n",
        )
        .unwrap();
        let loading = Registry::load(root).unwrap();
        let ids: Vec<String> = loading
            .registry
            .environments
            .iter()
            .map(|r| r.id.value.to_string())
            .collect();
        let expected: Vec<String> = (0..n).map(|i| format!("E{i:03}")).collect();
        assert_eq!(ids, expected);
        assert!(loading.findings.is_empty(), "{:?}", loading.findings);
        assert!(!loading.registry.is_broken(Kind::Interval, "BROKEN"));
        // Without the exclusion, the draft counts.
        std::fs::write(
            root.join("programme.yaml"),
            PROGRAMME.replace("exclude: [\"drafts/**\"]\n", ""),
        )
        .unwrap();
        let loading = Registry::load(root).unwrap();
        let codes: Vec<String> = loading
            .findings
            .iter()
            .map(|f| f.code.to_string())
            .collect();
        // `nme` is an unknown field, and `name`, `environment`, `stage`,
        // `start` and `end` are missing: one finding each, and the interval
        // is kept (the last document's syntax error ends the file).
        assert_eq!(
            codes,
            ["EP001", "EP003", "EP003", "EP003", "EP003", "EP003", "EP003", "EP004"]
        );
        let kept: Vec<&str> = loading
            .registry
            .intervals
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(kept, ["BROKEN"]);
    }
}
