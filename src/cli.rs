//! The command line, as clap parses it. Validation beyond what clap can express
//! (dates, durations, months) happens when the settings are built, so that every
//! usage error is reported the same way and exits with status 2.

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{Arg, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

pub use crate::output::ColorChoice;

/// The heading global options are listed under, apart from a command's own.
const GLOBAL: &str = "Global options";

/// Plan, check and report on a test programme's environments from a git-tracked YAML registry.
#[derive(Debug, Parser)]
#[command(
    name = "envplan",
    version,
    about,
    long_about = None,
    propagate_version = true,
    after_help = "Examples:
  envplan check                                  check ./registry (or the nearest registry/ above)
  envplan --as-of 2026-03-02 clashes             list clashes as of a day
  envplan diff origin/main --format markdown     a pull request's impact, for a comment

Exit status: 0 success, 1 the command's gate failed (see each command), 2 usage error or no registry."
)]
pub struct Cli {
    /// The registry directory; default: ./registry, else the nearest registry/ above holding a Programme.
    #[arg(
        long,
        global = true,
        env = "ENVPLAN_REGISTRY",
        value_name = "DIR",
        help_heading = GLOBAL
    )]
    pub registry: Option<PathBuf>,

    /// The day to evaluate the registry on (YYYY-MM-DD); default: today in the programme's timezone.
    #[arg(long, global = true, value_name = "DATE", help_heading = GLOBAL)]
    pub as_of: Option<String>,

    /// When to use colour. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", help_heading = GLOBAL)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the registry against every rule and report the findings.
    #[command(after_help = "Examples:
  envplan check
  envplan check --format github                 annotations on a pull request
  envplan check --new-since origin/main         only findings the change brings
  envplan --as-of 2026-03-02 check --format json

Exit status: 0 no errors (warnings alone pass), 1 an error (or any finding with --deny-warnings;
with --new-since, only new findings count), 2 usage error or no registry.")]
    Check(CheckArgs),
    /// List intervals that clash on an environment.
    #[command(after_help = "Examples:
  envplan clashes
  envplan clashes --environment SIT-B --from 2026-03-01 --format csv

Exit status: 0 whenever it could list (check is the gate), 2 usage error or no registry.")]
    Clashes(ClashesArgs),
    /// List certificates that expire soon.
    #[command(after_help = "Examples:
  envplan certs --expiring 60d
  envplan certs --expiring 4w --fail-if-any     for a nightly job

Exit status: 0 listed, 1 anything listed with --fail-if-any, 2 usage error or no registry.")]
    Certs(CertsArgs),
    /// Show intervals and outages as a timeline, table, diagram, spreadsheet or calendar.
    #[command(after_help = "Examples:
  envplan plan
  envplan plan --environment SIT-B --format mermaid
  envplan plan --from 2026-03-01 --to 2026-06-30 --format ics > plan.ics

Exit status: 0 shown, 2 usage error or no registry.")]
    Plan(PlanArgs),
    /// Write the monthly Environment Working Group pack, or its weekly edition.
    #[command(after_help = "Examples:
  envplan pack --month 2026-11
  envplan pack --month 2026-11 --since ewg-2026-10 --out /tmp/pack
  envplan pack --week 2026-W45

Exit status: 0 written, 2 usage error (bad month or week, --out inside the registry, unknown
revision) or no registry.")]
    Pack(PackArgs),
    /// Find the earliest free periods for a booking, and what participants need before each.
    Slots(SlotsArgs),
    /// Show one record and everything that refers to it.
    #[command(after_help = "Examples:
  envplan show SIT-A
  envplan --as-of 2026-03-02 show FNWK-SITA-TLS-1

Exit status: 0 shown, 2 unknown id (with the nearest one), usage error or no registry.")]
    Show(ShowArgs),
    /// Write a static web site: dashboard, a page per environment, participant, interval and rule, calendar feeds and data files.
    Site(SiteArgs),
    /// Print the JSON Schema of registry files, or refresh the committed copies.
    #[command(after_help = "Examples:
  envplan schema > envplan.schema.json
  envplan schema --write schemas/

Exit status: 0 printed or written, 2 usage error or a file that cannot be written.")]
    Schema(SchemaArgs),
    /// Create a small, valid starter registry in an empty directory.
    #[command(after_help = "Examples:
  envplan init registry
  envplan --as-of 2026-03-02 init /tmp/trial

Exit status: 0 written, 2 the directory exists and is not empty, or cannot be written.")]
    Init(InitArgs),
    /// Explain a rule code (or list them all): what it means, an example, the fix.
    #[command(after_help = "Examples:
  envplan explain EP303
  envplan explain                               every code with its severity and summary
  envplan explain --format json

Exit status: 0 explained, 2 unknown code (with the nearest one).")]
    Explain(ExplainArgs),
    /// Compare the registry at two git revisions by outcome: findings, clashes, certificates, availability.
    #[command(after_help = "Examples:
  envplan diff origin/main                      the working tree against main
  envplan diff v1 v2 --format json
  envplan diff origin/main --format markdown >> \"$GITHUB_STEP_SUMMARY\"

Exit status: 0 compared (check --new-since is the gate), 2 unknown revision, not in a git
repository, usage error or no registry.")]
    Diff(DiffArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = "Examples:
  envplan completions bash > ~/.local/share/bash-completion/completions/envplan
  envplan completions zsh > ~/.zfunc/_envplan
  envplan completions fish > ~/.config/fish/completions/envplan.fish

Exit status: 0 printed, 2 usage error.")]
    Completions(CompletionsArgs),
    /// Write man pages (envplan.1 and one per command) into a directory.
    #[command(after_help = "Examples:
  envplan man target/man && man -l target/man/envplan-check.1

Exit status: 0 written, 2 the directory cannot be written.")]
    Man(ManArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Source snippets with the value underlined, for people.
    Human,
    /// The stable JSON document described in the registry format.
    Json,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// Azure Pipelines logging commands.
    Azure,
    /// JUnit XML for test-result publishers.
    Junit,
    /// SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, editors).
    Sarif,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// One line per finding: path:line:col: CODE severity: message.
    Concise,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Write the --format output to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Also write the findings in FORMAT to FILE (repeatable), such as --report sarif=envplan.sarif.
    #[arg(long = "report", value_name = "FORMAT=FILE", value_parser = parse_report)]
    pub reports: Vec<(CheckFormat, PathBuf)>,
    /// Print how many findings each code has instead of the findings (text, or JSON with --format json).
    #[arg(long)]
    pub statistics: bool,
    /// Report only findings that this baseline file does not list.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (then exit 0).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Exit with status 1 when there are warnings, not only errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Report only findings that were not already there at this git revision (matched by code, records and file, not line).
    #[arg(long, value_name = "GIT-REV")]
    pub new_since: Option<String>,
    /// Check as if the records in these files were added to the registry, and
    /// report only the findings the addition introduces (at the files' own places).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub with: Vec<PathBuf>,
}

/// `FORMAT=FILE` of `--report`.
fn parse_report(text: &str) -> Result<(CheckFormat, PathBuf), String> {
    let (format, file) = text
        .split_once('=')
        .ok_or_else(|| "expected FORMAT=FILE, such as sarif=envplan.sarif".to_owned())?;
    let format = CheckFormat::from_str(format, true).map_err(|_| {
        let names: Vec<String> = CheckFormat::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|v| v.get_name().to_owned())
            .collect();
        format!(
            "`{format}` is not a format; the formats are {}",
            names.join(", ")
        )
    })?;
    if file.is_empty() {
        return Err("the file name after `=` is empty".to_owned());
    }
    Ok((format, PathBuf::from(file)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SlotsFormat {
    /// A list for people.
    Table,
    /// A JSON document.
    Json,
    /// A ready-to-commit Interval record at the first free start.
    Yaml,
}

#[derive(Debug, Args)]
pub struct SlotsArgs {
    /// The environment to book.
    #[arg(long, value_name = "ID")]
    pub environment: String,
    /// The stage of the booking (one the environment hosts).
    #[arg(long, value_name = "CODE")]
    pub stage: String,
    /// How long the booking is: 10d or 2w (whole days), 36h or 90m (elapsed time).
    #[arg(long, value_name = "DURATION")]
    pub length: String,
    /// Participants taking part, comma-separated.
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub participants: Vec<String>,
    /// Further environments the booking uses, comma-separated.
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub uses: Vec<String>,
    /// The first day it may start; default: the as-of day.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// The last day it may run; default: no limit.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// How many free periods to list.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub count: usize,
    /// List only periods whose free time holds at least --length of the environment's service hours.
    #[arg(long)]
    pub service_hours: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SlotsFormat::Table)]
    pub format: SlotsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct ClashesArgs {
    /// Only clashes on this environment.
    #[arg(long, value_name = "ID")]
    pub environment: Option<String>,
    /// Only clashes whose overlap ends on or after this date.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only clashes whose overlap starts on or before this date.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct CertsArgs {
    /// Window: a duration such as 60d or 8w, or a date; default: the programme's certificate_warning.
    #[arg(long, value_name = "DURATION|DATE")]
    pub expiring: Option<String>,
    /// Only certificates of this participant.
    #[arg(long, value_name = "ID")]
    pub participant: Option<String>,
    /// Only certificates for this environment.
    #[arg(long, value_name = "ID")]
    pub environment: Option<String>,
    /// Also list certificates that have already expired and were not replaced.
    #[arg(long)]
    pub include_expired: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Exit with status 1 when anything is listed (for scheduled jobs).
    #[arg(long)]
    pub fail_if_any: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Text,
    Markdown,
    Mermaid,
    Csv,
    Json,
    Ics,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Only this environment.
    #[arg(long, value_name = "ID")]
    pub environment: Option<String>,
    /// Only intervals this participant takes part in.
    #[arg(long, value_name = "ID")]
    pub participant: Option<String>,
    /// First day shown; default: the first day of the as-of month.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day shown; default: three months after --from, less a day.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    pub format: PlanFormat,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("edition").required(true).args(["month", "week", "verify"])))]
pub struct PackArgs {
    /// The month of the meeting, YYYY-MM: the monthly EWG pack.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// An ISO week, YYYY-Www (e.g. 2026-W49): the weekly testing and readiness report, as of its Monday.
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,
    /// Where to write the pack; default: ./ewg-pack-YYYY-MM/ (or ./ewg-pack-YYYY-Www/).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also describe what changed in the registry since this git revision.
    #[arg(long, value_name = "GIT-REV")]
    pub since: Option<String>,
    /// Rebuild the pack in DIR from the revision and options its files record, and say whether each file matches (exit 0) or where the first difference is (exit 1).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["out", "since"])]
    pub verify: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The directory to write the site to (created, or replaced if an earlier `envplan site` wrote it).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Where the site will be published, e.g. https://example.github.io/registry/ (for calendar subscription addresses).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The id of the record (any kind).
    pub id: String,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Write every schema file (envplan.schema.json for any record, and one per kind) into this directory instead of printing the combined one.
    #[arg(long, value_name = "DIR")]
    pub write: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The directory to create the registry in (must be empty or absent).
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// For reading.
    Text,
    /// The catalogue as data: one object per code.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Sections of added (+) and resolved (-) outcomes, for people.
    Human,
    /// Headings and lists for a pull-request comment or $GITHUB_STEP_SUMMARY.
    Markdown,
    /// One document for tools.
    Json,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The code, such as EP303; without it, every code with its summary.
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The git revision to compare against (a commit, branch or tag, e.g. origin/main).
    #[arg(value_name = "BASE")]
    pub base: String,
    /// The revision to compare; default: the registry as it is in the working tree.
    #[arg(value_name = "HEAD")]
    pub head: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The directory to write the pages into (created if absent).
    pub dir: PathBuf,
}

/// Global options each command has no use for: given, they are a usage
/// error rather than silently ignored.
const IGNORED: &[(&str, &[&str], &str)] = &[
    (
        "schema",
        &["registry", "as_of", "color"],
        "the schema is the same for every registry and day",
    ),
    (
        "init",
        &["registry", "color"],
        "init writes into the directory it is given",
    ),
    (
        "completions",
        &["registry", "as_of", "color"],
        "completion scripts do not depend on a registry",
    ),
    (
        "man",
        &["registry", "as_of", "color"],
        "man pages do not depend on a registry",
    ),
    (
        "explain",
        &["registry", "as_of", "color"],
        "the rule catalogue is the same for every registry and day",
    ),
];

/// The command line as clap knows it, with the global options a command
/// ignores taken out of that command (so its help does not offer them).
pub fn command() -> clap::Command {
    let mut cmd = Cli::command();
    for (name, ids, _) in IGNORED {
        cmd = cmd.mut_subcommand(*name, |mut sub| {
            // A local, hidden argument of the same id keeps the global one
            // from being propagated here; `parse` rejects it when given.
            for id in *ids {
                let long = long_name(id);
                sub = sub.arg(
                    Arg::new(*id)
                        .long(long)
                        .hide(true)
                        .num_args(1)
                        .value_name("IGNORED"),
                );
            }
            sub
        });
    }
    cmd
}

fn long_name(id: &str) -> &'static str {
    match id {
        "as_of" => "as-of",
        "color" => "color",
        _ => "registry",
    }
}

/// Parse the process's arguments; a usage error exits with status 2.
pub fn parse() -> Cli {
    parse_from(std::env::args_os())
}

/// Parse `args` (the first is the program name); a usage error exits with status 2.
pub fn parse_from<I, T>(args: I) -> Cli
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut cmd = command();
    let matches = cmd.clone().get_matches_from(args);
    if let Err(message) = reject_ignored(&matches) {
        cmd.error(clap::error::ErrorKind::ArgumentConflict, message)
            .exit();
    }
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut cmd).exit())
}

fn reject_ignored(matches: &ArgMatches) -> Result<(), String> {
    let Some((name, sub)) = matches.subcommand() else {
        return Ok(());
    };
    let Some((_, ids, why)) = IGNORED.iter().find(|(n, _, _)| *n == name) else {
        return Ok(());
    };
    for id in *ids {
        // Given before the command name (global) or after it (the hidden local).
        let given = [matches, sub].iter().any(|m| {
            m.try_get_raw(id).ok().flatten().is_some()
                && m.value_source(id) == Some(ValueSource::CommandLine)
        });
        if given {
            return Err(format!(
                "`--{}` does not apply to `envplan {name}`: {why}",
                long_name(id)
            ));
        }
    }
    Ok(())
}
