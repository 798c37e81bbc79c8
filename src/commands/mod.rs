//! One module per command. `dispatch` loads what a command needs and runs it.

pub mod certs;
pub mod check;
pub mod clashes;
pub mod completions;
pub mod diff;
pub mod explain;
pub mod init;
pub mod man;
pub mod pack;
pub mod pack_verify;
pub mod plan;
pub mod schema;
pub mod show;
pub mod site;
pub mod slots;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::{Cli, Command};
use crate::diag::did_you_mean_list;
use crate::diag::Finding;
use crate::model::Model;
pub use crate::pipeline::{sort_findings, Checked};
use crate::registry::{locate, RecordKind, Registry, RootError};
use crate::table::Ix;
use crate::time::when::{date_of, parse_date};

/// How a command finished (errors that stop a command are `AppError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit status 0.
    Success,
    /// Exit status 1: `check` found errors, or `certs --fail-if-any` listed something.
    Failure,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Failure => ExitCode::from(1),
        }
    }
}

/// Why a command could not run (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Root(#[from] RootError),
    #[error("{message}")]
    Usage {
        message: String,
        help: Option<String>,
    },
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl AppError {
    pub fn usage(message: impl Into<String>) -> Self {
        AppError::Usage {
            message: message.into(),
            help: None,
        }
    }

    pub fn usage_with_help(message: impl Into<String>, help: impl Into<String>) -> Self {
        AppError::Usage {
            message: message.into(),
            help: Some(help.into()),
        }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        AppError::Io {
            context: context.into(),
            source,
        }
    }

    pub fn help(&self) -> Option<String> {
        match self {
            AppError::Usage { help, .. } => help.clone(),
            AppError::Root(RootError::NotFound(_)) => Some(
                "run envplan from the directory that holds `registry/`, or pass --registry DIR (or set ENVPLAN_REGISTRY)".into(),
            ),
            _ => None,
        }
    }

    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, AppError::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// The outcome a command earned, whatever became of its output. A reader
/// that went away (`envplan check | head -1`) is not an error: the command
/// stops writing, says nothing, and still exits with the status it earned
/// (the contract, §5). Any other write error is exit 2.
pub fn written(outcome: Outcome, result: std::io::Result<()>) -> Result<Outcome, AppError> {
    match result {
        Ok(()) => Ok(outcome),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(outcome),
        Err(e) => Err(AppError::io("cannot write output", e)),
    }
}

impl From<std::io::Error> for AppError {
    fn from(source: std::io::Error) -> Self {
        AppError::io("cannot write output", source)
    }
}

/// Settings every command shares.
#[derive(Debug, Clone)]
pub struct Global {
    pub registry: PathBuf,
    pub as_of: Option<NaiveDate>,
    pub color: crate::cli::ColorChoice,
}

impl Global {
    /// `--as-of`, or today in the programme's timezone.
    pub fn as_of_in(&self, tz: chrono_tz::Tz) -> NaiveDate {
        self.as_of
            .unwrap_or_else(|| date_of(chrono::Utc::now(), tz))
    }
}

/// Read the registry (exit 2 if it is not there).
pub fn load(global: &Global) -> Result<(Registry, Vec<Finding>), AppError> {
    let loading = Registry::load(&global.registry)?;
    Ok((loading.registry, loading.findings))
}

/// Interpret and check a loaded registry as of `--as-of` ([`crate::pipeline::check`]).
pub fn check_registry<'r>(
    global: &Global,
    reg: &'r Registry,
    load_findings: Vec<Finding>,
) -> Checked<'r> {
    crate::pipeline::check(reg, load_findings, global.as_of)
}

pub fn parse_day(flag: &str, text: &str) -> Result<NaiveDate, AppError> {
    parse_date(text).map_err(|e| AppError::usage(format!("{flag}: {e}")))
}

/// An optional date flag such as `--from`.
pub fn parse_optional_day(flag: &str, text: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    text.map(|t| parse_day(flag, t)).transpose()
}

/// The record a command-line filter such as `--environment` names; an
/// unknown id is a usage error with a did-you-mean hint.
pub fn resolve_flag<T: RecordKind>(
    model: &Model<'_>,
    flag: &str,
    id: Option<&str>,
) -> Result<Option<Ix<T>>, AppError> {
    let Some(id) = id else {
        return Ok(None);
    };
    let kind = T::KIND;
    if let Some(i) = model.find::<T>(id) {
        return Ok(Some(i));
    }
    let ids = model.reg.ids(kind);
    Err(AppError::usage_with_help(
        format!("{flag}: there is no {} `{id}`", kind.noun()),
        did_you_mean_list(id, ids.iter().copied()),
    ))
}

/// `--registry` or `ENVPLAN_REGISTRY` when given; else `./registry`, else the
/// nearest `registry/` above holding a Programme (said on stderr, so that a
/// run from a subfolder is never a surprise); else `registry`, which is then
/// reported as not found.
fn registry_dir(given: Option<PathBuf>) -> PathBuf {
    if let Some(dir) = given {
        return dir;
    }
    let default = PathBuf::from(locate::DEFAULT_DIR);
    if default.exists() {
        return default;
    }
    let found = std::env::current_dir()
        .ok()
        .and_then(|cwd| locate::find_upward(&cwd).map(|dir| relative_to(&dir, &cwd)));
    match found {
        Some(dir) => {
            eprintln!(
                "envplan: using the registry at {}",
                crate::output::sanitize::collapse_spaces(&dir.display().to_string())
            );
            dir
        }
        None => default,
    }
}

/// `dir` (an ancestor's child) as `../../registry` from `cwd`, for messages and paths alike.
fn relative_to(dir: &std::path::Path, cwd: &std::path::Path) -> PathBuf {
    let mut up = PathBuf::new();
    for ancestor in cwd.ancestors() {
        if let Ok(rest) = dir.strip_prefix(ancestor) {
            return up.join(rest);
        }
        up.push("..");
    }
    dir.to_path_buf()
}

pub fn dispatch(cli: Cli) -> Result<Outcome, AppError> {
    let global = Global {
        as_of: cli
            .as_of
            .as_deref()
            .map(|t| parse_day("--as-of", t))
            .transpose()?,
        registry: registry_dir(cli.registry),
        color: cli.color,
    };
    match cli.command {
        Command::Check(args) => check::run(&global, &args),
        Command::Clashes(args) => clashes::run(&global, &args),
        Command::Certs(args) => certs::run(&global, &args),
        Command::Plan(args) => plan::run(&global, &args),
        Command::Pack(args) => pack::run(&global, &args),
        Command::Slots(args) => slots::run(&global, &args),
        Command::Show(args) => show::run(&global, &args),
        Command::Site(args) => site::run(&global, &args),
        Command::Schema(args) => schema::run(&args),
        Command::Init(args) => init::run(&global, &args),
        Command::Explain(args) => explain::run(&args),
        Command::Diff(args) => diff::run(&global, &args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
    }
}
