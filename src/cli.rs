//! The command line, as clap parses it. Validation beyond what clap can express
//! (dates, durations, months) happens when the settings are built, so that every
//! usage error is reported the same way and exits with status 2.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Plan, check and report on a test programme's environments from a git-tracked YAML registry.
#[derive(Debug, Parser)]
#[command(name = "envplan", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The registry directory.
    #[arg(
        long,
        global = true,
        env = "ENVPLAN_REGISTRY",
        default_value = "registry",
        value_name = "DIR"
    )]
    pub registry: PathBuf,

    /// The day to evaluate the registry on (YYYY-MM-DD); default: today in the programme's timezone.
    #[arg(long, global = true, value_name = "DATE")]
    pub as_of: Option<String>,

    /// When to use colour. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the registry against every rule and report the findings.
    Check(CheckArgs),
    /// List intervals that clash on an environment.
    Clashes(ClashesArgs),
    /// List certificates that expire soon.
    Certs(CertsArgs),
    /// Show intervals and outages as a timeline, table, diagram, spreadsheet or calendar.
    Plan(PlanArgs),
    /// Write the monthly Environment Working Group pack, or its weekly edition.
    Pack(PackArgs),
    /// Show one record and everything that refers to it.
    Show(ShowArgs),
    /// Print the JSON Schema of registry files, or refresh the committed copies.
    Schema(SchemaArgs),
    /// Create a small, valid starter registry in an empty directory.
    Init(InitArgs),
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
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Exit with status 1 when there are warnings, not only errors.
    #[arg(long)]
    pub deny_warnings: bool,
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
#[command(group(clap::ArgGroup::new("edition").required(true).args(["month", "week"])))]
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
