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

use crate::diag::{did_you_mean_list, Code, FileId, Finding};

use super::record::{Doc, Kind, Record, Stub};
use super::spanned::{Loc, Spanned};

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

/// Read and parse one file.
pub fn load_file(file: FileId, path: &Path) -> FileLoad {
    match read_text(path) {
        Ok(text) => parse_text(file, &text),
        Err(problem) => {
            let mut finding = Finding::new(Code::EP008, problem.message).at(file, problem.loc);
            finding.help = Some(problem.help);
            FileLoad {
                findings: vec![finding],
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
    let bytes = fs::read(path).map_err(|e| io_problem(&e, at_start))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = 1 + String::from_utf8_lossy(&good[line_start..]).chars().count();
        ReadProblem {
            message: "file is not valid UTF-8 text".into(),
            help: "save the file as UTF-8 (the byte at this place is not UTF-8)".into(),
            loc: Loc::new(line as u32, column as u32, 1),
        }
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
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
    let mut out = FileLoad::default();
    let typed: Vec<Result<Spanned<Doc>, YamlError>> = {
        let mut cursor = Cursor::new(text.as_bytes());
        serde_saphyr::read_with_options(&mut cursor, options()).collect()
    };
    let any_failed = typed.iter().any(Result::is_err);
    let stubs: Vec<Result<Spanned<Stub>, YamlError>> = if any_failed {
        let mut cursor = Cursor::new(text.as_bytes());
        serde_saphyr::read_with_options(&mut cursor, options()).collect()
    } else {
        Vec::new()
    };

    let n = typed.len().max(stubs.len());
    let mut typed = typed.into_iter();
    for i in 0..n {
        let stub = stubs.get(i);
        // A syntax error or breached limit found by the lenient pass explains
        // whatever the typed pass said about this document, and ends the file.
        if let Some(Err(e)) = stub {
            let problem = classify(e, None);
            if problem.ends_file {
                out.findings.push(problem.finding(file));
                break;
            }
        }
        match typed.next() {
            Some(Ok(doc)) => accept(file, doc, &mut out),
            Some(Err(e)) => {
                let stub = stub.and_then(|s| s.as_ref().ok());
                let problem = match (stub, stubs.get(i)) {
                    (Some(stub), _) => classify(&e, Some(stub)),
                    (None, Some(Err(lenient))) => classify(lenient, None),
                    (None, _) => classify(&e, None),
                };
                out.findings.push(problem.finding(file));
                if let Some(stub) = stub {
                    if let Some(id) = &stub.value.id {
                        let kind = stub.value.kind.as_ref().and_then(|k| Kind::from_name(k));
                        out.broken.push(Broken {
                            kind,
                            id: id.value.clone(),
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
                            id: id.value.clone(),
                        });
                    }
                }
            }
        }
    }
    out
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
        } => {
            let (message, help) = match kind_later {
                Some(kind) => (
                    format!(
                        "`kind` must be the first key of a record, but `{}` comes first",
                        first_key.value
                    ),
                    format!("move `kind: {}` to the top of the record", kind.value),
                ),
                None => (
                    "this record has no `kind`".to_owned(),
                    format!("start the record with `kind:` and one of {}", kind_list()),
                ),
            };
            out.findings.push(
                Finding::new(Code::EP002, message)
                    .at(file, first_key.loc)
                    .help(help),
            );
        }
        Doc::UnknownKind(kind) => {
            let help = did_you_mean_list(&kind.value, Kind::ALL.iter().map(|k| k.name()));
            out.findings.push(
                Finding::new(
                    Code::EP002,
                    format!("`{}` is not a kind of record", kind.value),
                )
                .at(file, kind.loc)
                .help(help),
            );
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

fn classify(error: &YamlError, stub: Option<&Spanned<Stub>>) -> Problem {
    let loc = error
        .location()
        .map(Loc::from_saphyr)
        .filter(|l| !l.is_unknown())
        .or_else(|| stub.map(|s| s.loc))
        .unwrap_or(Loc::new(1, 1, 0));
    let kind = stub
        .and_then(|s| s.value.kind.as_ref())
        .and_then(|k| Kind::from_name(k));
    let id = stub
        .and_then(|s| s.value.id.as_ref())
        .map(|t| t.value.clone());
    let what = match (&kind, &id) {
        (Some(k), Some(id)) => format!("{} `{}`", k.noun(), id),
        (Some(k), None) => format!("this {}", k.noun()),
        _ => "this record".to_owned(),
    };
    let problem = |code: Code, message: String, help: Option<String>| Problem {
        code,
        message,
        help,
        loc,
        record: id.clone(),
        ends_file: false,
    };
    let fatal = |code: Code, message: String, help: String| Problem {
        code,
        message,
        help: Some(help),
        loc,
        record: None,
        ends_file: true,
    };

    match innermost(error) {
        YamlError::Budget { breach, .. } => fatal(
            Code::EP008,
            format!("the file exceeds a parsing limit: {}", describe_breach(breach)),
            "registry files need no more than a few hundred records per file and no deep nesting; if this is an alias bomb, remove it".into(),
        ),
        YamlError::AliasReplayCounterOverflow { .. }
        | YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. } => fatal(
            Code::EP008,
            "aliases expand to more data than a registry file may hold".into(),
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
                    format!("values are nested more than {MAX_DEPTH} levels deep"),
                    "registry records need only a few levels of nesting".into(),
                )
            } else {
                fatal(Code::EP001, format!("YAML syntax error: {msg}"), syntax_help(msg))
            }
        }
        YamlError::IndentationError { .. } => fatal(
            Code::EP001,
            format!("YAML syntax error: {}", bare_message(error)),
            "indent with spaces, consistently".into(),
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
            format!("unknown field `{field}` in {what}"),
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
            format!("`{variant}` is not an allowed value here"),
            Some(did_you_mean_list(variant, expected.iter().copied())),
        ),
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => problem(
            Code::EP003,
            format!("wrong type: expected {expected}, found {unexpected}"),
            None,
        ),
        YamlError::InvalidBooleanStrict { .. } => problem(
            Code::EP003,
            "expected true or false".into(),
            Some("write `true` or `false` (yes/no/on/off are not accepted)".into()),
        ),
        YamlError::NullIntoString { .. } => problem(
            Code::EP003,
            "a value is required here, but it is empty".into(),
            None,
        ),
        YamlError::DuplicateMappingKey { key, .. } => problem(
            Code::EP003,
            match key {
                Some(key) => format!("duplicate key `{key}` in {what}"),
                None => format!("duplicate key in {what}"),
            },
            Some("each key may appear only once in a mapping; remove one of them".into()),
        ),
        YamlError::Unexpected { expected, .. } if *expected == "mapping start" && stub.is_none() => {
            problem(
                Code::EP002,
                "this document is not a record: a record is a mapping that starts with `kind`".into(),
                Some(format!("start the record with `kind:` and one of {}", kind_list())),
            )
        }
        YamlError::Unexpected { expected, .. } => problem(
            Code::EP003,
            format!("wrong type: expected {expected}"),
            None,
        ),
        _ => problem(Code::EP003, bare_message(error), None),
    }
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
    if msg.contains("tab") {
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
                (f.code, p.loc.line, p.loc.column)
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
        assert_eq!(
            load.broken,
            vec![Broken {
                kind: Some(Kind::Interval),
                id: "I".into()
            }]
        );
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
}
