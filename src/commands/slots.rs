//! `envplan slots`: when a booking could run. It exits 0 when it found a
//! free period, 1 when there is none in the time searched, and never writes
//! into the registry (the YAML record goes to stdout).

use std::io::{self, Write};

use crate::cli::{SlotsArgs, SlotsFormat};
use crate::model::Model;
use crate::registry::records::{Environment, Participant};
use crate::registry::RecordKind;
use crate::slots::render::{write_json, write_text, write_yaml, Asked};
use crate::slots::{find, Request};
use crate::table::Ix;
use crate::time::Duration;

use super::{
    check_registry, load, parse_day, parse_optional_day, resolve_flag, AppError, Global, Outcome,
};

pub fn run(global: &Global, args: &SlotsArgs) -> Result<Outcome, AppError> {
    // Every flag is read before the registry is: a usage error comes first.
    let flags = Flags::parse(args)?;
    let (registry, load_findings) = load(global)?;
    let checked = check_registry(global, &registry, load_findings);
    let (model, as_of) = (&checked.model, checked.as_of);
    let req = request(model, args, &flags, as_of)?;
    let slots = find(model, &req, as_of);
    let asked = Asked {
        m: model,
        req: &req,
        as_of,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        SlotsFormat::Table => write_text(&asked, &slots, &mut out)?,
        SlotsFormat::Json => write_json(&asked, &slots, &mut out)?,
        SlotsFormat::Yaml => write_yaml(&asked, &slots, &mut out)?,
    }
    out.flush()?;
    let unreadable = checked.reading_problems().count();
    if unreadable > 0 {
        eprintln!(
            "envplan: note: {unreadable} problem{} reading the registry; records that could not be read are not counted (run `envplan check`)",
            if unreadable == 1 { "" } else { "s" }
        );
    }
    Ok(if slots.periods.is_empty() {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// Every id in a comma-separated flag, resolved.
fn resolve_all<T: RecordKind>(
    m: &Model<'_>,
    flag: &str,
    ids: &[String],
) -> Result<Vec<Ix<T>>, AppError> {
    let mut out = Vec::new();
    for id in ids.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        if let Some(i) = resolve_flag::<T>(m, flag, Some(id))? {
            if !out.contains(&i) {
                out.push(i);
            }
        }
    }
    Ok(out)
}

/// The flags that need no registry to be read, read first.
struct Flags {
    length: Duration,
    /// As given; the as-of day when not.
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
}

impl Flags {
    fn parse(args: &SlotsArgs) -> Result<Self, AppError> {
        let length =
            Duration::parse(&args.length).map_err(|e| AppError::usage(format!("--length: {e}")))?;
        if length.minutes() == 0 || (length.is_in_days() && length.whole_days() == 0) {
            return Err(AppError::usage(
                "--length: a booking needs a length above zero",
            ));
        }
        let from = args
            .from
            .as_deref()
            .map(|t| parse_day("--from", t))
            .transpose()?;
        let to = parse_optional_day("--to", args.to.as_deref())?;
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                return Err(AppError::usage(format!(
                    "--to {t} is before --from {f}: there is no time to search"
                )));
            }
        }
        if args.count == 0 {
            return Err(AppError::usage("--count: ask for at least one period"));
        }
        Ok(Self { length, from, to })
    }
}

/// The command line as a request; anything the booking could never satisfy
/// (a stage the environment does not host, a connection it does not have)
/// is a usage error rather than an empty answer.
fn request(
    m: &Model<'_>,
    args: &SlotsArgs,
    flags: &Flags,
    as_of: chrono::NaiveDate,
) -> Result<Request, AppError> {
    let reg = m.reg;
    let env = resolve_flag::<Environment>(m, "--environment", Some(&args.environment))?
        .ok_or_else(|| AppError::usage("--environment is required"))?;
    let e = &reg.environments[env];
    let stage = args.stage.trim();
    if !e.stages.iter().any(|s| s.as_str() == stage) {
        let hosted: Vec<String> = e
            .stages
            .iter()
            .map(|s| crate::output::sanitize::collapse_spaces(s.as_str()))
            .collect();
        return Err(AppError::usage_with_help(
            format!(
                "--stage: environment `{}` does not host stage `{}` (EP204)",
                crate::output::sanitize::collapse_spaces(e.id.as_str()),
                crate::output::sanitize::collapse_spaces(stage)
            ),
            if hosted.is_empty() {
                "it hosts no stages".to_owned()
            } else {
                format!("it hosts {}", hosted.join(", "))
            },
        ));
    }
    let uses = resolve_all::<Environment>(m, "--uses", &args.uses)?;
    for &u in &uses {
        // EP207's own test: a connection, open to this stage.
        if u != env && m.environments[env].connection(u, stage) != Some(true) {
            return Err(AppError::usage_with_help(
                format!(
                    "--uses: environment `{}` does not connect to `{}` for stage `{}` (EP207)",
                    crate::output::sanitize::collapse_spaces(e.id.as_str()),
                    crate::output::sanitize::collapse_spaces(reg.environments[u].id.as_str()),
                    crate::output::sanitize::collapse_spaces(stage)
                ),
                format!(
                    "add it to `connects_to` of `{}`, or leave it out of --uses",
                    crate::output::sanitize::collapse_spaces(e.id.as_str())
                ),
            ));
        }
    }
    let participants = resolve_all::<Participant>(m, "--participants", &args.participants)?;
    let from = flags.from.unwrap_or(as_of);
    let to = flags.to;
    if let Some(t) = to {
        if t < from {
            return Err(AppError::usage(format!(
                "--to {t} is before --from {from}: there is no time to search"
            )));
        }
    }
    if args.service_hours && !crate::availability::hours(m, env).is_known() {
        return Err(AppError::usage_with_help(
            format!(
                "--service-hours: environment `{}` has no service hours recorded",
                crate::output::sanitize::collapse_spaces(e.id.as_str())
            ),
            "add an Availability record for it with `service:`, or leave out --service-hours",
        ));
    }
    Ok(Request {
        env,
        stage: stage.to_owned(),
        uses: uses.into_iter().filter(|&u| u != env).collect(),
        participants,
        length: flags.length,
        from,
        to,
        count: args.count,
        service_hours: args.service_hours,
    })
}
