//! `envplan plan`: the plan of a period as a terminal timeline, Markdown,
//! Mermaid, CSV, JSON or an iCalendar file. The work is in `crate::plan`;
//! this resolves the arguments and picks the renderer.

use std::io::{self, Write};

use chrono::NaiveDate;

use crate::cli::{PlanArgs, PlanFormat};
use crate::diag::{did_you_mean_list, Severity, Sink};
use crate::model::{build, Idx, Model};
use crate::output::{terminal_width, use_color};
use crate::plan::{self, build_timeline, Period, PlanQuery};
use crate::registry::record::Kind;
use crate::time::when::date_of;

use super::{load, parse_day, AppError, Global, Outcome};

/// Width of the text timeline when it cannot be asked of a terminal.
const PIPED_WIDTH: usize = 100;

pub fn run(global: &Global, args: &PlanArgs) -> Result<Outcome, AppError> {
    let (registry, load_findings) = load(global)?;
    let mut sink = Sink::new();
    let model = build(&registry, &mut sink);
    let as_of = global
        .as_of
        .unwrap_or_else(|| date_of(chrono::Utc::now(), model.settings.tz));
    let query = PlanQuery {
        period: period(args, as_of)?,
        environment: resolve(
            &model,
            Kind::Environment,
            "--environment",
            &args.environment,
        )?,
        participant: resolve(
            &model,
            Kind::Participant,
            "--participant",
            &args.participant,
        )?,
    };
    let timeline = build_timeline(&model, as_of, &query);
    let text = match args.format {
        PlanFormat::Text => plan::text::render(
            &timeline,
            &plan::text::TextOptions {
                width: width(),
                color: use_color(global.color),
            },
        ),
        PlanFormat::Markdown => plan::markdown::render(&timeline, 1),
        PlanFormat::Mermaid => plan::mermaid::render(&timeline),
        PlanFormat::Csv => plan::csv::render(&timeline),
        PlanFormat::Json => plan::json::render(&timeline),
        PlanFormat::Ics => plan::ics::render(&timeline),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    out.write_all(text.as_bytes())?;
    out.flush()?;

    let errors = load_findings
        .iter()
        .chain(sink.findings())
        .filter(|f| f.severity == Severity::Error)
        .count();
    if timeline.left_out > 0 {
        eprintln!(
            "envplan: note: {} interval(s) or outage(s) could not be placed and are left out; run `envplan check` to see why",
            timeline.left_out
        );
    } else if errors > 0 {
        eprintln!(
            "envplan: note: the registry has errors; the plan shows what could be read; run `envplan check` to see them"
        );
    }
    Ok(Outcome::Success)
}

/// `--from`/`--to`, defaulting to the as-of month and the two after it.
fn period(args: &PlanArgs, as_of: NaiveDate) -> Result<Period, AppError> {
    let from = args
        .from
        .as_deref()
        .map(|t| parse_day("--from", t))
        .transpose()?;
    let to = args
        .to
        .as_deref()
        .map(|t| parse_day("--to", t))
        .transpose()?;
    let first = from.unwrap_or_else(|| Period::around(as_of).first);
    let last = to.unwrap_or_else(|| Period::three_months_from(first).last);
    Period::new(first, last).ok_or_else(|| {
        let from_says = if from.is_some() {
            "--from"
        } else {
            "the default start (the first day of the as-of month)"
        };
        AppError::usage_with_help(
            format!("--to {last} is before {from_says} {first}"),
            "pass a --from on or before --to",
        )
    })
}

/// An id given on the command line, which must name a record.
fn resolve(
    model: &Model<'_>,
    kind: Kind,
    flag: &str,
    id: &Option<String>,
) -> Result<Option<Idx>, AppError> {
    let Some(id) = id else {
        return Ok(None);
    };
    if let Some(idx) = model.find(kind, id) {
        return Ok(Some(idx));
    }
    let reg = model.reg;
    let ids: Vec<&str> = match kind {
        Kind::Environment => reg.environments.iter().map(|e| e.id.as_str()).collect(),
        _ => reg.participants.iter().map(|p| p.id.as_str()).collect(),
    };
    Err(AppError::usage_with_help(
        format!("{flag}: no {} has the id `{id}`", kind.noun()),
        did_you_mean_list(id, ids.iter().copied()),
    ))
}

/// The terminal's width; when piped, `COLUMNS` if set, else 100, so that
/// `COLUMNS=160 envplan plan > plan.txt` does what it says.
fn width() -> usize {
    terminal_width()
        .or_else(|| {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse().ok())
        })
        .unwrap_or(PIPED_WIDTH)
}
