//! `envplan plan`: the plan of a period as a terminal timeline, Markdown,
//! Mermaid, CSV, JSON or an iCalendar file. The work is in `crate::plan`;
//! this resolves the arguments and picks the renderer.

use std::io::{self, Write};

use chrono::NaiveDate;

use crate::cli::{PlanArgs, PlanFormat};
use crate::diag::Severity;
use crate::output::sanitize::JsonControls;
use crate::output::{terminal_width, use_color};
use crate::plan::{self, build_timeline, Period, PlanQuery};
use crate::registry::records::{Environment, Participant};

use super::{
    check_registry, load, parse_optional_day, resolve_flag, written, AppError, Global, Outcome,
};

pub fn run(global: &Global, args: &PlanArgs) -> Result<Outcome, AppError> {
    // Every flag is read before the registry is: a usage error comes first.
    let dates = Dates::parse(args)?;
    let (registry, load_findings) = load(global)?;
    let checked = check_registry(global, &registry, load_findings);
    let (model, as_of) = (&checked.model, checked.as_of);
    let query = PlanQuery {
        period: dates.period(as_of)?,
        environment: resolve_flag::<Environment>(
            model,
            "--environment",
            args.environment.as_deref(),
        )?,
        participant: resolve_flag::<Participant>(
            model,
            "--participant",
            args.participant.as_deref(),
        )?,
    };
    let timeline = build_timeline(model, as_of, &query);
    let text = match args.format {
        PlanFormat::Text => plan::text::render(
            &timeline,
            &plan::text::TextOptions {
                width: terminal_width(),
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
    let result = if args.format == PlanFormat::Json {
        let mut json = JsonControls::new(&mut out);
        json.write_all(text.as_bytes()).and_then(|()| json.flush())
    } else {
        out.write_all(text.as_bytes())
    }
    .and_then(|()| out.flush());
    if result.is_err() {
        return written(Outcome::Success, result);
    }

    let errors = checked
        .reading_problems()
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

/// `--from` and `--to` as given.
struct Dates {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Dates {
    /// Both flags read, and in order when both are given.
    fn parse(args: &PlanArgs) -> Result<Self, AppError> {
        let dates = Self {
            from: parse_optional_day("--from", args.from.as_deref())?,
            to: parse_optional_day("--to", args.to.as_deref())?,
        };
        if let (Some(first), Some(last)) = (dates.from, dates.to) {
            if last < first {
                return Err(backwards(first, last, true));
            }
        }
        Ok(dates)
    }

    /// The period, defaulting to the as-of month and the two after it.
    fn period(&self, as_of: NaiveDate) -> Result<Period, AppError> {
        let first = self.from.unwrap_or_else(|| Period::around(as_of).first);
        let last = self
            .to
            .unwrap_or_else(|| Period::three_months_from(first).last);
        Period::new(first, last).ok_or_else(|| backwards(first, last, self.from.is_some()))
    }
}

fn backwards(first: NaiveDate, last: NaiveDate, from_given: bool) -> AppError {
    let from_says = if from_given {
        "--from"
    } else {
        "the default start (the first day of the as-of month)"
    };
    AppError::usage_with_help(
        format!("--to {last} is before {from_says} {first}"),
        "pass a --from on or before --to",
    )
}
