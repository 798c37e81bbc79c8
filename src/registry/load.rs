//! Reading one registry file into records, and explaining precisely what could
//! not be read.
//!
//! Each file is parsed document by document, so one bad record does not hide
//! the others. When a document fails, the file is read a second time, leniently,
//! only to learn each failed document's kind, id and position: the kind and id
//! keep references to the broken record from being reported as dangling, and a
//! syntax error or resource-limit breach found this way takes precedence over
//! the type errors it may have caused. Files without errors are parsed once.

use std::fs;
use std::io::{self, Cursor};
use std::path::Path;

use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::ErrorKind as ScanErrorKind;
use serde_saphyr::{Error as YamlError, ExternalMessageSource, Options};

use crate::diag::{did_you_mean, did_you_mean_list, Code, FileId, Finding};

use super::document::{Doc, Kind, Record, Stub};
use super::lenient::{self, Note};
use super::spanned::{Loc, Spanned};
use super::tags::{self, Tag};

/// Files larger than this are not read (EP008): no registry file needs to be.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Deepest nesting a registry document may have; real records need about six.
pub const MAX_DEPTH: usize = 48;

/// Most values (scalars, lists, mappings) one document may have, counting
/// each expansion of an alias. A large record has a few hundred; the
/// parser's default (250,000) lets an alias bomb take about 40 MB first.
pub const MAX_NODES: usize = 20_000;

/// Most text one document's values may hold, counting each expansion of an
/// alias: no more than a file may hold, so that aliasing a large value over
/// and over (a bomb of long strings) stops before it costs memory.
pub const MAX_SCALAR_BYTES: usize = MAX_FILE_BYTES as usize;

/// A record that could not be read, but whose kind and id are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub kind: Option<Kind>,
    pub id: String,
}

/// A record read from a file, with the place its document starts.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub record: Record,
    pub start: Loc,
}

/// Everything learnt from one file.
#[derive(Debug, Default)]
pub struct FileLoad {
    pub records: Vec<Loaded>,
    pub broken: Vec<Broken>,
    pub findings: Vec<Finding>,
    /// Its `# envplan:` comments.
    pub suppressions: Vec<super::comments::Suppression>,
    /// Places of values read as [`lenient::INVALID`] because what was
    /// written could not be read (or was left out: [`lenient::MISSING_AT`]).
    pub unreadable: Vec<Loc>,
}

/// The parser options every registry file is read with. Public so that the
/// benchmarks' parse floor measures exactly the parser the loader runs.
pub fn options() -> Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(MAX_FILE_BYTES as usize + 1),
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_total_scalar_bytes: MAX_SCALAR_BYTES,
        },
        strict_booleans: true,
    }
}

/// [`options`], but a key written twice in a mapping is read as though only
/// the first were there: a record with one is read so (its duplicate is
/// still EP003), not lost.
fn first_key_wins() -> Options {
    let mut options = options();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::FirstWins;
    options
}

/// Read and parse one file.
pub fn load_file(file: FileId, path: &Path) -> FileLoad {
    match read_text(path) {
        Ok(text) => parse_text(file, &text),
        Err(problem) => {
            let mut finding = Finding::new(Code::EP008, problem.message).at(file, problem.loc);
            finding.help = Some(problem.help);
            // The records in it exist, even if they cannot be read: keep
            // references to them from being reported as dangling too.
            // Never more than the limit: a 2 GB (sparse) file must not be
            // read whole just to find the ids at its top.
            let broken = read_at_most(path, MAX_FILE_BYTES)
                .map(|bytes| salvage_ids(&String::from_utf8_lossy(&bytes)))
                .unwrap_or_default();
            FileLoad {
                findings: vec![finding],
                broken,
                ..FileLoad::default()
            }
        }
    }
}

/// Why a file's text could not be had.
#[derive(Debug)]
pub struct ReadProblem {
    pub message: String,
    pub help: String,
    pub loc: Loc,
}

/// The file's text without a byte-order mark. Reporters read files through
/// this too, so that columns agree.
pub fn read_text(path: &Path) -> Result<String, ReadProblem> {
    let at_start = Loc::new(1, 1, 0);
    let meta = fs::metadata(path).map_err(|e| io_problem(&e, at_start))?;
    // Never open anything but a regular file: opening a FIFO blocks.
    if !meta.is_file() {
        return Err(ReadProblem {
            message: "this is not a regular file, so it was not read".into(),
            help: "registry files are plain files; remove this one or rename it so that it does not end in .yaml or .yml".into(),
            loc: at_start,
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadProblem {
            message: format!(
                "file is {} bytes, more than the {} MiB a registry file may have",
                meta.len(),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            help: "split it into several files, or move large content out of the registry".into(),
            loc: at_start,
        });
    }
    // The size was checked, but the file may grow before it is read: read
    // one byte more than the limit at most, and refuse what reaches it.
    let bytes = read_at_most(path, MAX_FILE_BYTES + 1).map_err(|e| io_problem(&e, at_start))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadProblem {
            message: format!(
                "file is more than the {} MiB a registry file may have",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            help: "split it into several files, or move large content out of the registry".into(),
            loc: at_start,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = 1 + String::from_utf8_lossy(&good[line_start..]).chars().count();
        ReadProblem {
            message: "this file is not UTF-8 text, so it was not read: the character here was saved in another encoding".into(),
            help: "save the file as UTF-8 (in most editors: \"Save with encoding\", UTF-8), then check the characters around this place".into(),
            loc: Loc::new(line as u32, column as u32, 1),
        }
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// The first `limit` bytes of a file (all of it when it is shorter).
pub fn read_at_most(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    fs::File::open(path)?.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn io_problem(e: &io::Error, loc: Loc) -> ReadProblem {
    ReadProblem {
        message: format!("file cannot be read: {e}"),
        help: "check that the file exists and that you may read it".into(),
        loc,
    }
}

/// Parse the text of one file (already known to be UTF-8).
pub fn parse_text(file: FileId, text: &str) -> FileLoad {
    let mut out = FileLoad {
        suppressions: super::comments::scan(text),
        ..FileLoad::default()
    };
    // Tags are reported and taken out before anything is read (see `tags`).
    let untagged;
    let text = match tags::strip(text) {
        Some((rest, found)) => {
            let lines: Vec<&str> = text.lines().collect();
            out.findings
                .extend(found.into_iter().map(|t| tag_finding(file, &lines, t)));
            untagged = rest;
            untagged.as_str()
        }
        None => text,
    };
    // Values a record can do without are noted rather than failing it.
    // Text is asked for as text first, the fast way; a file with a record
    // that failed is read again with text read as any value, which keeps a
    // record whose text is a list, a mapping or nothing (see
    // `lenient::reading_text_as_any`).
    let read = |as_any: bool, options: Options| -> (Vec<Result<Spanned<Doc>, YamlError>>, _) {
        lenient::collect_in(Some(text), || {
            lenient::reading_text_as_any(as_any, || {
                let mut cursor = Cursor::new(text.as_bytes());
                serde_saphyr::read_with_options(&mut cursor, options).collect()
            })
        })
    };
    let (mut typed, mut notes) = read(false, options());
    if typed.iter().any(Result::is_err) {
        (typed, notes) = read(true, options());
    }
    let any_failed = typed.iter().any(Result::is_err);
    let stubs: Vec<Result<Spanned<Stub>, YamlError>> = if any_failed {
        let mut cursor = Cursor::new(text.as_bytes());
        serde_saphyr::read_with_options(&mut cursor, options()).collect()
    } else {
        Vec::new()
    };
    // A record with a key written twice is reported (EP003, here), then
    // read as though only the first were there, so that it still counts.
    if typed
        .iter()
        .any(|t| matches!(t, Err(e) if is_duplicate_key(e)))
    {
        let (again, again_notes) = read(true, first_key_wins());
        if again.len() == typed.len() {
            for (i, (t, doc)) in typed.iter_mut().zip(again).enumerate() {
                if let (Err(e), Ok(doc)) = (&*t, doc) {
                    if is_duplicate_key(e) {
                        let stub = stubs.get(i).and_then(|s| s.as_ref().ok());
                        out.findings.push(classify(e, stub, text).finding(file));
                        *t = Ok(doc);
                    }
                }
            }
            notes = again_notes;
        }
    }

    // A document that even the lenient pass could not read still names its
    // kind and id in plain text; those are salvaged so that references to it
    // are not reported as dangling as well.
    if any_failed && (stubs.iter().any(Result::is_err) || stubs.len() < typed.len()) {
        out.broken.extend(salvage_ids(text));
    }

    let n = typed.len().max(stubs.len());
    let mut typed = typed.into_iter();
    // The line of a syntax error or breached limit, which ends the file.
    let mut fatal_at: Option<u32> = None;
    for i in 0..n {
        let stub = stubs.get(i);
        // A syntax error or breached limit found by the lenient pass explains
        // whatever the typed pass said about this document, and ends the file.
        if let Some(Err(e)) = stub {
            let problem = classify(e, None, text);
            if problem.ends_file {
                fatal_at = fatal_at.or(Some(problem.loc.line));
                out.findings.push(problem.finding(file));
                break;
            }
        }
        match typed.next() {
            Some(Ok(doc)) => accept(file, doc, &mut out),
            Some(Err(e)) => {
                let stub = stub.and_then(|s| s.as_ref().ok());
                let problem = match (stub, stubs.get(i)) {
                    (Some(stub), _) => classify(&e, Some(stub), text),
                    (None, Some(Err(lenient))) => classify(lenient, None, text),
                    (None, _) => classify(&e, None, text),
                };
                if problem.ends_file {
                    fatal_at = fatal_at.or(Some(problem.loc.line));
                }
                out.findings.push(problem.finding(file));
                if let Some(stub) = stub {
                    if let Some(id) = &stub.value.id {
                        let kind = stub.value.kind.as_ref().and_then(|k| Kind::from_name(k));
                        out.broken.push(Broken {
                            kind,
                            id: id.value.to_string(),
                        });
                    }
                }
            }
            None => {
                // The typed pass stopped early (it could not resynchronise after
                // an error); keep the ids the lenient pass saw.
                if let Some(Ok(stub)) = stub {
                    if let Some(id) = &stub.value.id {
                        let kind = stub.value.kind.as_ref().and_then(|k| Kind::from_name(k));
                        out.broken.push(Broken {
                            kind,
                            id: id.value.to_string(),
                        });
                    }
                }
            }
        }
    }
    // Notes from the document a syntax error or breached limit ended are
    // noise (an alias bomb's keys, say): that finding says it all.
    // Notes of missing fields never placed belong to a record that could
    // not be read after all: its own finding says so.
    if !notes.is_empty() {
        let cut = fatal_at.map(|line| document_start(text, line));
        let lines: Vec<&str> = text.lines().collect();
        for note in notes {
            if note.loc == lenient::MISSING_AT || cut.is_some_and(|start| note.loc.line >= start) {
                continue;
            }
            if let Some(at) = note.placeholder {
                out.unreadable.push(at);
            }
            out.findings.push(note_finding(file, &lines, note));
        }
        out.unreadable.sort_unstable();
        out.unreadable.dedup();
    }
    out
}

/// The first line of the document that holds `line`.
fn document_start(text: &str, line: u32) -> u32 {
    text.lines()
        .take(line.saturating_sub(1) as usize)
        .enumerate()
        .filter(|(_, l)| l.starts_with("---"))
        .last()
        .map_or(1, |(i, _)| i as u32 + 2)
}

fn accept(file: FileId, doc: Spanned<Doc>, out: &mut FileLoad) {
    let start = doc.loc;
    match doc.value {
        // A copy, not the parsed value itself: the copies are allocated
        // together, while the parsed values lie scattered among the parser's
        // scratch allocations; keeping the copies and freeing the rest leaves
        // the long-lived records packed, and peak memory about a tenth lower.
        Doc::Record(record) => out.records.push(Loaded {
            record: record.clone(),
            start,
        }),
        Doc::KindNotFirst {
            first_key,
            kind_later,
            id,
        } => {
            if let Some(id) = &id {
                out.broken.push(Broken {
                    kind: kind_later.as_ref().and_then(|k| Kind::from_name(&k.value)),
                    id: id.clone(),
                });
            }
            let record = id
                .as_ref()
                .map_or_else(|| "this record".to_owned(), |id| format!("record `{id}`"));
            let (message, help) = match kind_later {
                Some(kind) => (
                    format!(
                        "{record} starts with `{}`, but `kind` must be its first key",
                        first_key.value
                    ),
                    format!("move `kind: {}` to the top of the record", kind.value),
                ),
                None => (
                    format!("{record} has no `kind`, so envplan cannot tell what it describes"),
                    format!("start the record with `kind:` and one of {}", kind_list()),
                ),
            };
            let mut finding = Finding::new(Code::EP002, message)
                .at(file, first_key.loc)
                .help(help);
            if let Some(id) = &id {
                finding = finding.record(id.clone());
            }
            out.findings.push(finding);
        }
        Doc::UnknownKind { kind, id } => {
            if let Some(id) = &id {
                out.broken.push(Broken {
                    kind: None,
                    id: id.clone(),
                });
            }
            let help = did_you_mean(&kind.value, Kind::ALL.iter().map(|k| k.name()))
                .unwrap_or_else(|| format!("the kinds are {}", kind_list()));
            let mut finding = Finding::new(
                Code::EP002,
                format!("`{}` is not a kind of record", kind.value),
            )
            .at(file, kind.loc)
            .help(help);
            if let Some(id) = &id {
                finding = finding.record(id.clone());
            }
            out.findings.push(finding);
        }
        Doc::Empty => out.findings.push(
            Finding::new(
                Code::EP002,
                "this document is an empty mapping, not a record",
            )
            .at(file, start)
            .help(format!(
                "start the record with `kind:` and one of {}",
                kind_list()
            )),
        ),
    }
}

/// A value the record could do without, as a finding at that value (EP003).
fn note_finding(file: FileId, lines: &[&str], note: Note) -> Finding {
    let loc = flow_extent(lines, note.loc);
    let around = document_in(lines, loc.line);
    let what = match &around {
        Some(Broken {
            kind: Some(kind),
            id,
        }) => format!("{} `{}`", kind.noun(), id),
        Some(Broken { kind: None, id }) => format!("record `{id}`"),
        None => "this record".to_owned(),
    };
    let record = around.map(|b| b.id);
    let field = field_in(lines, loc);
    let subject = match &field {
        Some(f) => format!("`{f}` of {what}"),
        None => format!("a value of {what}"),
    };
    let (message, help) = match note.problem {
        lenient::Problem::NotAllowed { written, allowed } => (
            match &field {
                Some(f) => format!("`{written}` is not an allowed value of `{f}` in {what}"),
                None => format!("`{written}` is not an allowed value here, in {what}"),
            },
            Some(did_you_mean_list(&written, allowed.iter().copied())),
        ),
        lenient::Problem::Shape { expected, found } => (
            match found.strip_prefix("this entry ") {
                Some(is) => format!("{subject} must be {expected}, but this entry {is}"),
                None => format!("{subject} must be {expected}, but it is {found}"),
            },
            {
                // Only the value's own line is needed: looking it up in the
                // whole text for each of many values would cost its length each time.
                let line = lines.get(loc.line.saturating_sub(1) as usize).copied();
                let on_line = Loc::new(1, loc.column(), loc.width());
                shape_help(field.as_deref(), expected, line.unwrap_or(""), on_line)
            },
        ),
        lenient::Problem::NotBoolean { written } => (
            format!("{subject} must be true or false, but it is `{written}`"),
            Some(BOOLEAN_HELP.into()),
        ),
        lenient::Problem::UnknownField { field, expected } => (
            format!("{what} has a field `{field}` that envplan does not know"),
            Some(did_you_mean_list(&field, expected.iter().copied())),
        ),
        lenient::Problem::EmptyList => (
            format!("{subject} is empty, but a list belongs there"),
            Some(match &field {
                Some(f) => format!("write the list (`{f}: [...]`), or leave `{f}` out when there is nothing to list"),
                None => "write the list (`[...]`), or leave the key out when there is nothing to list".into(),
            }),
        ),
        lenient::Problem::Empty => (
            format!("{subject} is empty, but a value is required"),
            Some("write a value after the colon".into()),
        ),
        lenient::Problem::MissingField {
            field: missing,
            nested,
            allowed,
        } => {
            let one_of = if allowed.is_empty() {
                String::new()
            } else {
                let names: Vec<String> = allowed.iter().map(|n| format!("`{n}`")).collect();
                format!(", with one of {}", names.join(", "))
            };
            if nested {
                (
                    format!("{subject} is missing the required field `{missing}`"),
                    Some(format!("add `{missing}: ...` to it{one_of}")),
                )
            } else {
                (
                    format!("{what} is missing the required field `{missing}`"),
                    Some(format!("add `{missing}:` to the record{one_of}")),
                )
            }
        }
        lenient::Problem::Missing { field: missing } => (
            format!("{subject} has no `{missing}`, which it needs"),
            Some(format!("add `{missing}: ...` to it")),
        ),
    };
    let mut finding = Finding::new(Code::EP003, message)
        .at(file, loc)
        .maybe_help(help);
    if let Some(id) = record {
        finding = finding.record(id);
    }
    finding
}

/// The parser places a list or mapping at its opening bracket only; one
/// written inline on a line (`[a, b]`, `{day: x}`) is underlined whole.
fn flow_extent(lines: &[&str], loc: Loc) -> Loc {
    let Some(line) = lines.get(loc.line.saturating_sub(1) as usize) else {
        return loc;
    };
    let mut chars = line.chars().skip(loc.column().saturating_sub(1) as usize);
    if loc.width() > 1 || !matches!(chars.next(), Some('[' | '{')) {
        return loc;
    }
    let (mut depth, mut quote, mut width) = (1u32, None, 1u32);
    for c in chars {
        width += 1;
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return Loc::new(loc.line, loc.column(), width);
                }
            }
            _ => {}
        }
    }
    loc
}

/// A YAML tag (EP003 at the tag): the value is read as written.
fn tag_finding(file: FileId, lines: &[&str], tag: Tag) -> Finding {
    let around = document_in(lines, tag.loc.line);
    let what = match &around {
        Some(Broken {
            kind: Some(kind),
            id,
        }) => format!("{} `{}`", kind.noun(), id),
        Some(Broken { kind: None, id }) => format!("record `{id}`"),
        None => "this record".to_owned(),
    };
    let shown: String = tag.written.chars().take(40).collect();
    let mut finding = Finding::new(
        Code::EP003,
        format!("{what}: `{shown}` is a YAML tag; envplan does not honour tags, so the value after it is read exactly as written, not decoded or converted"),
    )
    .at(file, tag.loc)
    .help("remove the tag and write the value itself as plain text, so that whoever reviews the change reads what takes effect");
    if let Some(b) = around {
        finding = finding.record(b.id);
    }
    finding
}

const BOOLEAN_HELP: &str =
    "write `true` or `false` (booleans are YAML 1.2: yes, no, on and off are words, not booleans)";

fn kind_list() -> String {
    Kind::ALL
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A parse error turned into what the user needs to know.
struct Problem {
    code: Code,
    message: String,
    help: Option<String>,
    loc: Loc,
    record: Option<String>,
    /// Nothing after it in the file can be trusted.
    ends_file: bool,
}

impl Problem {
    fn finding(self, file: FileId) -> Finding {
        let mut f = Finding::new(self.code, self.message).at(file, self.loc);
        f.help = self.help;
        if let Some(id) = self.record {
            f = f.record(id);
        }
        f
    }
}

fn is_duplicate_key(e: &YamlError) -> bool {
    matches!(innermost(e), YamlError::DuplicateMappingKey { .. })
}

fn innermost(e: &YamlError) -> &YamlError {
    let mut e = e;
    while let YamlError::WithSnippet { error, .. } | YamlError::AliasError { error, .. } = e {
        e = error;
    }
    e
}

/// The error's text without the " at line L, column C" that the parser appends.
fn bare_message(e: &YamlError) -> String {
    let text = e.to_string();
    let cut = text.find(" at line ").unwrap_or(text.len());
    text[..cut].trim().to_owned()
}

fn classify(error: &YamlError, stub: Option<&Spanned<Stub>>, text: &str) -> Problem {
    let loc = error
        .location()
        .map(super::spanned::loc_of)
        .filter(|l| !l.is_unknown())
        .or_else(|| stub.map(|s| s.loc))
        .unwrap_or(Loc::new(1, 1, 0));
    // What the lenient pass learnt, or failing that what the document's text
    // says, so that every message can name the record.
    let around = document_around(text, loc.line);
    let kind = stub
        .and_then(|s| s.value.kind.as_ref())
        .and_then(|k| Kind::from_name(k))
        .or(around.as_ref().and_then(|b| b.kind));
    let id = stub
        .and_then(|s| s.value.id.as_ref())
        .map(|t| t.value.to_string())
        .or_else(|| around.map(|b| b.id));
    let what = match (&kind, &id) {
        (Some(k), Some(id)) => format!("{} `{}`", k.noun(), id),
        (None, Some(id)) => format!("record `{id}`"),
        (Some(k), None) => format!("this {}", k.noun()),
        _ => "this record".to_owned(),
    };
    let field = field_at(text, loc);
    // "`stages` of environment `SIT-B`", or the record alone when the key is unknown.
    let subject = match &field {
        Some(f) => format!("`{f}` of {what}"),
        None => format!("a value of {what}"),
    };
    let problem = |code: Code, message: String, help: Option<String>| Problem {
        code,
        message,
        help,
        loc,
        record: id.clone(),
        ends_file: false,
    };
    // Nothing after a syntax error can be read, but the record it is in can
    // usually still be named from its text.
    let fatal = |code: Code, message: String, help: String| {
        let (message, record) = match (code, &id) {
            (Code::EP001, Some(id)) => (
                message.replacen(
                    "YAML syntax error",
                    &format!("YAML syntax error in {what}"),
                    1,
                ),
                Some(id.clone()),
            ),
            _ => (message, None),
        };
        Problem {
            code,
            message,
            help: Some(help),
            loc,
            record,
            ends_file: true,
        }
    };

    match innermost(error) {
        YamlError::Budget { breach, .. } => {
            let message = match breach {
                BudgetBreach::Depth { .. } => {
                    format!("values in this file are nested more than {MAX_DEPTH} levels deep")
                }
                BudgetBreach::InputBytes { .. } => format!(
                    "this file is larger than the {} MiB a registry file may have",
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
                BudgetBreach::Nodes { nodes } => format!(
                    "this file expands to more than {} values, far more than a registry file needs",
                    nodes.saturating_sub(1)
                ),
                BudgetBreach::Aliases { .. } | BudgetBreach::AliasAnchorRatio { .. } => {
                    "this file uses more aliases (`*name`) than a registry file needs".to_owned()
                }
                other => format!("this file exceeds a limit on what a registry file may hold: {}", describe_breach(other)),
            };
            let help = match breach {
                BudgetBreach::Depth { .. } => "registry records need only a few levels of nesting; look for brackets that are opened and never closed",
                BudgetBreach::InputBytes { .. } => "split it into several files, or move large content out of the registry",
                _ => "this looks like an alias bomb (aliases of aliases); write the values out plainly instead",
            };
            fatal(Code::EP008, format!("{message}, so it was not read"), help.into())
        }
        YamlError::AliasReplayCounterOverflow { .. }
        | YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. } => fatal(
            Code::EP008,
            "the aliases (`*name`) in this file expand to far more data than a registry file may hold, so it was not read".into(),
            "this looks like an alias bomb; write the values out instead of nesting aliases".into(),
        ),
        YamlError::ExternalMessage {
            source, msg, ..
        } => {
            let deep = matches!(source.as_ref(), ExternalMessageSource::Parser(scan)
                if matches!(scan.kind(), ScanErrorKind::RecursionLimitExceeded));
            if deep {
                fatal(
                    Code::EP008,
                    format!("values in this file are nested more than {MAX_DEPTH} levels deep, so it was not read"),
                    "registry records need only a few levels of nesting".into(),
                )
            } else {
                fatal(Code::EP001, format!("YAML syntax error: {msg}"), syntax_help(msg))
            }
        }
        YamlError::IndentationError { .. } => fatal(
            Code::EP001,
            format!("YAML syntax error: {}", bare_message(error)),
            "indent with spaces, and line up keys of the same mapping".into(),
        ),
        YamlError::UnknownAnchor { .. } => fatal(
            Code::EP001,
            "YAML syntax error: an alias refers to an anchor that is not defined before it".into(),
            "define `&name` before using `*name`".into(),
        ),
        YamlError::Eof { .. } => fatal(
            Code::EP001,
            "YAML syntax error: the file ends in the middle of a value".into(),
            "close every quote, bracket and brace".into(),
        ),
        YamlError::SerdeUnknownField { field, expected, .. } => problem(
            Code::EP003,
            format!("{what} has a field `{field}` that envplan does not know"),
            Some(did_you_mean_list(field, expected.iter().copied())),
        ),
        YamlError::SerdeMissingField { field, .. } => Problem {
            loc: stub
                .and_then(|s| s.value.id.as_ref().map(|t| t.loc))
                .or_else(|| stub.map(|s| s.loc))
                .unwrap_or(loc),
            ..problem(
                Code::EP003,
                format!("{what} is missing the required field `{field}`"),
                Some(format!("add `{field}:` to the record")),
            )
        },
        YamlError::SerdeUnknownVariant { variant, expected, .. } => problem(
            Code::EP003,
            match &field {
                Some(f) => format!("`{variant}` is not an allowed value of `{f}` in {what}"),
                None => format!("`{variant}` is not an allowed value here, in {what}"),
            },
            Some(did_you_mean_list(variant, expected.iter().copied())),
        ),
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => problem(
            Code::EP003,
            format!("{subject} must be {}, but it is {unexpected}", plain_expected(expected)),
            shape_help(field.as_deref(), expected, text, loc),
        ),
        YamlError::InvalidBooleanStrict { .. } => problem(
            Code::EP003,
            format!("{subject} must be true or false, but it is {}", found_at(text, loc)),
            Some(BOOLEAN_HELP.into()),
        ),
        YamlError::NullIntoString { .. } => problem(
            Code::EP003,
            format!("{subject} is empty, but a value is required"),
            Some("write a value after the colon, or remove the line if the field is optional".into()),
        ),
        YamlError::DuplicateMappingKey { key, .. } => problem(
            Code::EP003,
            match key {
                Some(key) => format!("{what} has the key `{key}` twice"),
                None => format!("{what} has the same key twice"),
            },
            Some("each key may appear only once in a mapping; keep one of them (envplan reads the first)".into()),
        ),
        YamlError::Unexpected { expected, .. } if *expected == "mapping start" && stub.is_none() && field.is_none() => {
            problem(
                Code::EP002,
                "this document is not a record: a record is a mapping that starts with `kind`".into(),
                Some(format!("start the record with `kind:` and one of {}", kind_list())),
            )
        }
        YamlError::Unexpected { expected, .. } => problem(
            Code::EP003,
            format!(
                "{subject} must be {}, but it is {}",
                plain_expected(expected),
                found_at(text, loc)
            ),
            shape_help(field.as_deref(), expected, text, loc),
        ),
        _ => problem(Code::EP003, format!("{what}: {}", bare_message(error)), None),
    }
}

/// The parser's name for what it expected, in plain words.
fn plain_expected(expected: &str) -> &str {
    match expected {
        "sequence start" | "a sequence" => "a list",
        "mapping start" | "a map" | "struct Contact" => "a mapping of keys and values",
        "string scalar" | "scalar" | "value" | "a string" => "a single value",
        other => other,
    }
}

/// The PKI roles and the environment manager are one person each (the
/// registry format says a list there is a schema error).
const SINGLE_CONTACTS: [&str; 4] = ["environment_manager", "nominating_officer", "sro", "aro"];

fn shape_help(field: Option<&str>, expected: &str, text: &str, loc: Loc) -> Option<String> {
    let found = found_at(text, loc);
    let expected = plain_expected(expected);
    match field {
        Some(f) if SINGLE_CONTACTS.contains(&f) => Some(format!(
            "`{f}` is one person: write `{f}: {{name: ..., email: ...}}` with a single contact"
        )),
        Some(f) if expected == "a list" && found.starts_with("a single value") => {
            let value = scalar_at(text, loc).unwrap_or_default();
            Some(format!("write it as a list: `{f}: [{value}]`"))
        }
        Some(f) if expected.starts_with("a mapping of codes") => Some(format!(
            "write one code per line under `{f}:`, each with its description, such as `  CODE: what it means`"
        )),
        Some(f) if expected == "a list" && found == "a mapping" => Some(format!(
            "`{f}` is a list even of one entry: write `{f}: [{{...}}]`, or start the entry with `- ` on the line under `{f}:`"
        )),
        Some(f) if expected == "a single value" && found == "a list" => Some(format!(
            "`{f}` takes one value: remove the brackets or the dashes and keep one"
        )),
        Some(f) if expected == "a single value" && found == "a mapping" => Some(format!(
            "`{f}` takes one value written as text: remove the braces (or the indented keys), and quote the text if it holds `: `"
        )),
        Some(f) if expected.contains("whose entries are") => Some(format!(
            "write each entry of `{f}` as {}, one per `- ` line under `{f}:` or between the commas of `[...]`",
            if expected.ends_with("mappings") && !expected.contains("single values") {
                "a mapping `{key: value, ...}`"
            } else {
                "one value or a mapping `{key: value, ...}`"
            }
        )),
        Some(f) if expected == "a mapping" => Some(format!(
            "`{f}` is a mapping: write its keys indented on the lines under `{f}:`, or `{f}: {{key: value, ...}}`"
        )),
        Some("due") => Some(
            "write a date (`2024-05-01`), an interval id, or `{before_first: STAGE}`".into(),
        ),
        _ => None,
    }
}

/// What the value at `loc` looks like: a list, a mapping or a single value.
fn found_at(text: &str, loc: Loc) -> String {
    let Some(line) = text.lines().nth(loc.line.saturating_sub(1) as usize) else {
        return "something else".into();
    };
    let rest: String = line
        .chars()
        .skip(loc.column().saturating_sub(1) as usize)
        .collect();
    let rest = rest.trim();
    if rest.starts_with('[') || rest.starts_with("- ") || rest == "-" {
        "a list".into()
    } else if rest.starts_with('{') {
        "a mapping".into()
    } else {
        match scalar_at(text, loc) {
            Some(v) => format!("a single value, `{v}`"),
            None => "a single value".into(),
        }
    }
}

/// The plain value written at `loc`, without a trailing comment, shortened.
fn scalar_at(text: &str, loc: Loc) -> Option<String> {
    let line = text.lines().nth(loc.line.saturating_sub(1) as usize)?;
    let rest: String = line
        .chars()
        .skip(loc.column().saturating_sub(1) as usize)
        .collect();
    // The parser's span, when it gave one, is exactly the scalar (in a flow
    // mapping, what follows it on the line is the next entry).
    let spanned: String;
    let value = if loc.width() > 0 {
        spanned = rest.chars().take(loc.width() as usize).collect();
        spanned.trim()
    } else {
        rest.split(" #").next().unwrap_or("").trim()
    };
    let value = value.trim_end_matches([',', '}', ']']).trim();
    if value.is_empty() {
        return None;
    }
    let short: String = value.chars().take(40).collect();
    Some(if value.chars().count() > 40 {
        format!("{short}…")
    } else {
        short
    })
}

/// The key whose value is at `loc`: written before it on the same line
/// (`stages: functional`, `{from: x}`), or, for a block value, on the nearest
/// line above that is indented less.
fn field_at(text: &str, loc: Loc) -> Option<String> {
    field_in(&text.lines().collect::<Vec<_>>(), loc)
}

/// `field_at` on a file's lines, split once for many values.
fn field_in(lines: &[&str], loc: Loc) -> Option<String> {
    let index = loc.line.checked_sub(1)? as usize;
    let line = lines.get(index)?;
    let before: String = line
        .chars()
        .take(loc.column().saturating_sub(1) as usize)
        .collect();
    // An empty value is placed at the colon after its key (`end:`).
    if line.chars().nth(loc.column().saturating_sub(1) as usize) == Some(':') {
        if let Some(key) = trailing_key(&format!("{before}:")) {
            return Some(key);
        }
    }
    if let Some(key) = trailing_key(&before) {
        return Some(key);
    }
    // An entry of a flow list: the key before the list's `[`.
    if let Some(key) = before.rfind('[').and_then(|p| trailing_key(&before[..p])) {
        return Some(key);
    }
    if !before.trim().is_empty() && before.trim() != "-" {
        return None;
    }
    let indent = before.chars().take_while(|c| c.is_whitespace()).count();
    for above in lines[..index].iter().rev() {
        let trimmed = above.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed == "---" {
            return None;
        }
        let above_indent = above.chars().take_while(|c| c.is_whitespace()).count();
        if above_indent < indent || (above_indent == indent && before.trim().is_empty()) {
            return trailing_key(above);
        }
    }
    None
}

/// `key` when `text` ends with `key:` (and optional spaces).
fn trailing_key(text: &str) -> Option<String> {
    let text = text.trim_end();
    let text = text.strip_suffix(':')?;
    let key: String = text
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!key.is_empty()).then_some(key)
}

/// The kind and id written at the top level of the document that holds
/// `line`, read from the plain text.
fn document_around(text: &str, line: u32) -> Option<Broken> {
    document_in(&text.lines().collect::<Vec<_>>(), line)
}

/// `document_around` on a file's lines, split once for many values.
fn document_in(lines: &[&str], line: u32) -> Option<Broken> {
    let at = (line.saturating_sub(1) as usize).min(lines.len());
    let is_separator = |l: &&str| l.starts_with("---");
    let start = lines[..at]
        .iter()
        .rposition(is_separator)
        .map_or(0, |p| p + 1);
    let end = lines[at..]
        .iter()
        .position(is_separator)
        .map_or(lines.len(), |p| at + p);
    top_level_record(&lines[start..end])
}

/// Every kind and id written at the top level of each document of `text`.
pub(crate) fn salvage_ids(text: &str) -> Vec<Broken> {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .split(|l| l.starts_with("---"))
        .filter_map(top_level_record)
        .collect()
}

fn top_level_record(lines: &[&str]) -> Option<Broken> {
    let value_of = |key: &str| {
        lines.iter().find_map(|l| {
            let rest = l.strip_prefix(key)?.strip_prefix(':')?;
            let value = rest.split(" #").next().unwrap_or("").trim();
            let value = value.trim_matches(|c| c == '"' || c == '\'');
            (!value.is_empty()).then(|| value.to_owned())
        })
    };
    let id = value_of("id")?;
    let kind = value_of("kind").and_then(|k| Kind::from_name(&k));
    Some(Broken { kind, id })
}

/// A budget breach in words (the parser's own text is a Rust debug dump).
fn describe_breach(breach: &BudgetBreach) -> String {
    match breach {
        BudgetBreach::Nodes { nodes } => format!(
            "more than {} values in one document",
            nodes.saturating_sub(1)
        ),
        BudgetBreach::Events { events } => {
            format!("more than {} parser events", events.saturating_sub(1))
        }
        BudgetBreach::Aliases { aliases } => format!("too many aliases ({aliases})"),
        BudgetBreach::Anchors { anchors } => format!("too many anchors ({anchors})"),
        BudgetBreach::Depth { depth } => format!("values nested {depth} levels deep"),
        BudgetBreach::Documents { documents } => format!("too many documents ({documents})"),
        BudgetBreach::ScalarBytes { .. } => format!(
            "more than {MAX_SCALAR_BYTES} bytes of text in one document, counting each use of an alias"
        ),
        BudgetBreach::InputBytes { input_bytes } => format!("{input_bytes} bytes of input"),
        BudgetBreach::AliasAnchorRatio { aliases, anchors } => {
            format!("{aliases} aliases for {anchors} anchors")
        }
        BudgetBreach::RecordedAnchorEvents { .. } | BudgetBreach::RecordedAnchorBytes { .. } => {
            "aliases expand to too much data".to_owned()
        }
        other => format!("{other:?}"),
    }
}

fn syntax_help(msg: &str) -> String {
    if msg.contains("unclosed bracket") {
        "close the list with `]` (or the mapping with `}`) on the same line".into()
    } else if msg.contains("tab") {
        "indent with spaces: YAML does not allow tabs for indentation".into()
    } else if msg.contains("quote") {
        "close the quoted string".into()
    } else {
        "check the indentation and punctuation on this line and the one before".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(load: &FileLoad) -> Vec<(Code, u32, u32)> {
        load.findings
            .iter()
            .map(|f| {
                let p = f.place.expect("place");
                (f.code, p.loc.line, p.loc.column())
            })
            .collect()
    }

    const PROGRAMME: &str =
        "kind: Programme\nid: P\nname: P\ntimezone: Europe/London\nroles: {}\nstages: {}\n";

    #[test]
    fn reads_every_document() {
        let text = format!("{PROGRAMME}---\n{PROGRAMME}");
        let load = parse_text(0, &text);
        assert_eq!(load.records.len(), 2);
        assert!(load.findings.is_empty());
        assert_eq!(load.records[1].record.id().loc, Loc::new(9, 5, 1));
        // Records that were read are not also remembered as unreadable.
        assert!(load.broken.is_empty());
    }

    #[test]
    fn unknown_field_points_at_key_and_suggests() {
        let text = "kind: Interval\nid: I\nname: n\nenvironment: E\nstage: s\nstart: 2024-01-01\nend: 2024-01-02\nparticipant: [A]\n";
        let load = parse_text(0, text);
        assert_eq!(codes(&load), vec![(Code::EP003, 8, 1)]);
        assert_eq!(
            load.findings[0].help.as_deref(),
            Some("did you mean `participants`?")
        );
        assert_eq!(load.findings[0].records, vec!["I".to_owned()]);
        // The record is kept without the unknown entry.
        assert!(load.broken.is_empty());
        assert_eq!(load.records.len(), 1);
    }

    /// A flow list or mapping is underlined to its closing bracket, past
    /// nested brackets and brackets inside quotes; anything else is as placed.
    #[test]
    fn flow_collections_are_underlined_whole() {
        let lines = [r#"a: {b: [1, "]"], c: '}'} # x"#, "d: [e", "f: g"];
        let width = |line, column| flow_extent(&lines, Loc::new(line, column, 1)).width();
        assert_eq!(width(1, 4), 21);
        assert_eq!(width(1, 8), 8);
        // Not closed on its line, or not a bracket: left as it was.
        assert_eq!(width(2, 4), 1);
        assert_eq!(width(3, 4), 1);
        assert_eq!(flow_extent(&lines, Loc::new(1, 4, 5)).width(), 5);
    }

    #[test]
    fn missing_field_points_at_id() {
        let text =
            "kind: Interval\nid: I\nenvironment: E\nstage: s\nstart: 2024-01-01\nend: 2024-01-02\n";
        let load = parse_text(0, text);
        assert_eq!(codes(&load), vec![(Code::EP003, 2, 5)]);
        assert!(
            load.findings[0].message.contains("`name`"),
            "{}",
            load.findings[0].message
        );
    }

    #[test]
    fn missing_id_points_at_kind_and_the_record_is_kept() {
        let text = "# a comment\nkind: Interval\nname: n\nenvironment: E\nstage: s\nstart: 2024-01-01\nend: 2024-01-02\n";
        let load = parse_text(0, text);
        assert_eq!(codes(&load), vec![(Code::EP003, 2, 1)]);
        assert_eq!(load.records.len(), 1);
        assert_eq!(load.unreadable, vec![lenient::MISSING_AT]);
    }

    fn first_participant(load: &FileLoad) -> &crate::registry::records::Participant {
        match &load.records[0].record {
            Record::Participant(p) => p,
            other => panic!("a participant, not {:?}", other.kind()),
        }
    }

    #[test]
    fn scalars_where_text_belongs_are_read_as_written() {
        let text = "kind: Participant\nid: &a 0123\nname: *a\ntype: supplier\nmpids: [0x1F, +1.50, TRUE, ~]\ndescription: 1e3 # a comment\n";
        let load = parse_text(0, text);
        let p = first_participant(&load);
        assert_eq!(p.id.as_str(), "0123");
        assert_eq!(p.name.as_str(), "0123");
        assert_eq!(p.id.loc, Loc::new(2, 8, 4));
        let mpids: Vec<&str> = p.mpids.iter().map(|m| m.as_str()).collect();
        assert_eq!(mpids, ["0x1F", "+1.50", "TRUE", lenient::INVALID]);
        assert_eq!(p.description.as_deref().map(|d| d.as_str()), Some("1e3"));
        // The empty entry is the one finding, and its place is the stand-in's.
        assert_eq!(codes(&load), vec![(Code::EP003, 5, 28)]);
        assert_eq!(load.unreadable, vec![Loc::new(5, 28, 1)]);
    }

    #[test]
    fn scalars_where_text_belongs_are_read_as_written_in_a_file_without_errors() {
        // Nothing fails here, so the file is read once, text asked for as text.
        let text = "kind: Participant\nid: &a 0123\nname: *a\ntype: supplier\nmpids: [0x1F, +1.50, TRUE, 1_000, '007']\ndescription: 1e3 # a comment\n";
        let load = parse_text(0, text);
        assert_eq!(codes(&load), vec![]);
        let p = first_participant(&load);
        assert_eq!(p.id.as_str(), "0123");
        assert_eq!(p.name.as_str(), "0123");
        assert_eq!(p.id.loc, Loc::new(2, 8, 4));
        let mpids: Vec<&str> = p.mpids.iter().map(|m| m.as_str()).collect();
        assert_eq!(mpids, ["0x1F", "+1.50", "TRUE", "1_000", "007"]);
        assert_eq!(p.description.as_deref().map(|d| d.as_str()), Some("1e3"));
    }

    #[test]
    fn both_ways_of_reading_text_read_a_good_file_alike() {
        let text = "kind: Participant\nid: 0123\nname: \"Acme, Ltd\"\ntype: supplier\nmpids: [0x1F, TRUE]\ndescription: |\n  two\n  lines\n";
        let both: Vec<String> = [false, true]
            .into_iter()
            .map(|as_any| {
                let (docs, notes) = lenient::collect_in(Some(text), || {
                    lenient::reading_text_as_any(as_any, || {
                        let mut cursor = Cursor::new(text.as_bytes());
                        serde_saphyr::read_with_options::<_, Spanned<Doc>>(&mut cursor, options())
                            .collect::<Vec<_>>()
                    })
                });
                assert!(notes.is_empty());
                format!("{docs:?}")
            })
            .collect();
        assert_eq!(both[0], both[1]);
        assert!(both[0].contains("\"0123\""), "{}", both[0]);
    }

    /// The fast pass reads containers as serde does and the lenient pass
    /// through `lenient`'s readers: both read good values, and values left
    /// empty, alike, with the same notes.
    #[test]
    fn both_ways_of_reading_containers_read_a_good_file_alike() {
        let full = "kind: Participant\nid: P\nname: P\ntype: supplier\nconnectivity:\n  SIT-A: {internal: 2024-01-02}\n  SIT-B: {}\nmilestones: {M-1: 2024-01-03}\npki_officers:\n  sro: {name: S, email: s@p.example}\n  technical_contacts:\n    - {name: T, email: t@p.example, appointments: [{mpid: ABCD, role: SUP-D, environment: SIT-A}]}\nbackups: {last_restore_test: 2024-01-04}\n---\nkind: Environment\nid: E\nname: E\nowner: P\nphase: sit\nstages: [functional]\nconnects_to: [SIT-B, {environment: SIT-C, stages: [functional]}]\nreadiness: {status: ready, checks: {}}\n---\nkind: Availability\nid: A\nenvironment: E\nservice: 24x7\ncutoffs: [{name: C, at: \"2024-01-05T18:00\"}]\nbackups: {every: 1d}\n";
        let empty = "kind: Participant\nid: P\nname: P\ntype: supplier\nconnectivity:\nmilestones:\npki_officers:\nbackups:\n---\nkind: Participant\nid: Q\nname: Q\ntype: supplier\npki_officers: {technical_contacts: }\n---\nkind: Environment\nid: E\nname: E\nowner: P\nphase: sit\nstages: [functional]\nconnects_to:\nreadiness:\n---\nkind: Availability\nid: A\nenvironment: E\nservice: 24x7\ncutoffs:\nbackups:\n";
        for text in [full, empty] {
            let both: Vec<(bool, String)> = [false, true]
                .into_iter()
                .map(|as_any| {
                    let (docs, notes) = lenient::collect_in(Some(text), || {
                        lenient::reading_text_as_any(as_any, || {
                            let mut cursor = Cursor::new(text.as_bytes());
                            serde_saphyr::read_with_options::<_, Spanned<Doc>>(
                                &mut cursor,
                                options(),
                            )
                            .collect::<Vec<_>>()
                        })
                    });
                    (
                        docs.iter().all(Result::is_ok),
                        format!("{docs:?}\n{notes:?}"),
                    )
                })
                .collect();
            // A file the fast pass cannot read is read again the other way,
            // so only what it reads has to agree.
            assert!(both[0].0 || text == empty, "{}", both[0].1);
            if both[0].0 {
                assert_eq!(both[0].1, both[1].1, "{text}");
            }
            assert!(both[1].0, "{}", both[1].1);
        }
    }

    #[test]
    fn kind_must_come_first() {
        let load = parse_text(
            0,
            "id: X\nkind: Interval\n---\nkind: Intervall\nid: Y\n---\n- a\n",
        );
        assert_eq!(
            codes(&load),
            vec![
                (Code::EP002, 1, 1),
                (Code::EP002, 4, 7),
                (Code::EP002, 7, 1)
            ]
        );
        assert_eq!(
            load.findings[0].help.as_deref(),
            Some("move `kind: Interval` to the top of the record")
        );
        assert_eq!(
            load.findings[1].help.as_deref(),
            Some("did you mean `Interval`?")
        );
    }

    #[test]
    fn syntax_error_is_reported_and_earlier_records_kept() {
        let text = format!("{PROGRAMME}---\nkind: Interval\nid: B\nname: [x\nstart: y\n");
        let load = parse_text(0, &text);
        assert_eq!(load.records.len(), 1);
        assert_eq!(load.findings.len(), 1);
        assert_eq!(load.findings[0].code, Code::EP001);
    }

    #[test]
    fn alias_bomb_and_depth_are_resource_findings() {
        let mut bomb = String::from("kind: Interval\nid: A\nname: &a [x,x,x,x,x,x,x,x,x]\n");
        for (i, c) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                ["b", "c", "d", "e", "f", "g", "h"][i - 1].to_string()
            };
            bomb.push_str(&format!(
                "{c}: &{c} [{}]\n",
                vec![format!("*{prev}"); 9].join(",")
            ));
        }
        let started = std::time::Instant::now();
        let load = parse_text(0, &bomb);
        assert_eq!(load.findings.len(), 1, "{:?}", load.findings);
        assert_eq!(load.findings[0].code, Code::EP008);
        let deep = format!(
            "kind: Interval\nid: A\nname: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let load = parse_text(0, &deep);
        assert_eq!(load.findings.len(), 1);
        assert_eq!(load.findings[0].code, Code::EP008);
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn duplicate_keys_and_tabs() {
        let load = parse_text(0, &format!("{PROGRAMME}name: again\n"));
        assert_eq!(codes(&load), vec![(Code::EP003, 7, 1)]);
        let load = parse_text(0, "kind: Programme\nid: P\nroles:\n\tA: b\n");
        assert_eq!(load.findings[0].code, Code::EP001);
        assert!(load.findings[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("spaces"));
    }

    #[test]
    fn bad_enum_value_suggests() {
        let text = "kind: Outage\nid: O\nenvironment: E\nplanned: true\nreason: patchin\nstart: 2024-01-01\n";
        let load = parse_text(0, text);
        assert_eq!(codes(&load), vec![(Code::EP003, 5, 9)]);
        assert_eq!(
            load.findings[0].help.as_deref(),
            Some("did you mean `patching`?")
        );
    }

    #[test]
    fn field_names_come_from_the_text() {
        let text = "kind: Participant\nid: P\npki_officers:\n  sro:\n    - {name: a, email: b}\nrequired: {from: x, to: y}\n";
        assert_eq!(field_at(text, Loc::new(2, 5, 1)).as_deref(), Some("id"));
        assert_eq!(field_at(text, Loc::new(5, 5, 1)).as_deref(), Some("sro"));
        assert_eq!(field_at(text, Loc::new(6, 18, 1)).as_deref(), Some("from"));
        assert_eq!(found_at(text, Loc::new(5, 5, 1)), "a list");
        assert_eq!(found_at(text, Loc::new(2, 5, 1)), "a single value, `P`");
    }

    #[test]
    fn ids_are_salvaged_from_unreadable_text() {
        let text =
            "kind: Environment\nid: A # note\n---\nid: \"B\"\nkind: Nonsense\n---\nname: no id\n";
        assert_eq!(
            salvage_ids(text),
            vec![
                Broken {
                    kind: Some(Kind::Environment),
                    id: "A".into()
                },
                Broken {
                    kind: None,
                    id: "B".into()
                },
            ]
        );
    }
}
