//! `envplan certs`: the certificates to renew, for people, cron jobs and pipelines.

use std::io::{self, Write};

use crate::certificates::listing::{list, Query, Window};
use crate::certificates::render::{self, Scope};
use crate::cli::{CertsArgs, TableFormat};
use crate::diag::Severity;
use crate::output::sanitize::JsonControls;
use crate::output::{terminal_width, use_color};
use crate::registry::records::{Environment, Participant};

use super::{check_registry, load, resolve_flag, written, AppError, Global, Outcome};

pub fn run(global: &Global, args: &CertsArgs) -> Result<Outcome, AppError> {
    // A bad --expiring is a usage error before the registry is read.
    let given = match &args.expiring {
        Some(text) => Some(Window::parse(text).map_err(|e| {
            AppError::usage_with_help(format!("--expiring: {}", e.message), e.help)
        })?),
        None => None,
    };
    let (registry, load_findings) = load(global)?;
    let checked = check_registry(global, &registry, load_findings);
    let (model, as_of) = (&checked.model, checked.as_of);

    let (window, window_text) = match (given, &args.expiring) {
        (Some(w), Some(text)) => (w, text.trim().to_owned()),
        _ => (
            Window::Within(model.settings.certificate_warning),
            model.settings.certificate_warning.to_string(),
        ),
    };
    let window_days = window
        .days(as_of)
        .map_err(|e| AppError::usage(format!("--expiring {window_text}: {e}")))?;
    let query = Query {
        as_of,
        window_days,
        participant: resolve_flag::<Participant>(
            model,
            "--participant",
            args.participant.as_deref(),
        )?,
        environment: resolve_flag::<Environment>(
            model,
            "--environment",
            args.environment.as_deref(),
        )?,
        include_expired: args.include_expired,
    };
    let entries = list(model, &query);
    let scope = Scope {
        window: match window {
            Window::Within(_) => format!(
                "within {} of {as_of}",
                crate::time::format::plural(window_days, "day")
            ),
            Window::Until(day) => format!("by {day} (as of {as_of})"),
        },
        participant: args.participant.clone(),
        environment: args.environment.clone(),
        include_expired: args.include_expired,
    };

    let errors = checked
        .reading_problems()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if errors > 0 {
        eprintln!(
            "envplan: warning: the registry has {} (run `envplan check`); certificates whose records cannot be read are not listed",
            crate::time::format::plural(errors as i64, "error")
        );
    }

    let outcome = if args.fail_if_any && !entries.is_empty() {
        Outcome::Failure
    } else {
        Outcome::Success
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match args.format {
        TableFormat::Table => render::table(
            &entries,
            &scope,
            use_color(global.color),
            terminal_width(),
            &mut out,
        ),
        TableFormat::Json => {
            let mut json = JsonControls::new(&mut out);
            render::json(&entries, &mut json).and_then(|()| json.flush())
        }
        TableFormat::Csv => render::csv(&entries, &mut out),
    }
    .and_then(|()| out.flush());
    written(outcome, result)
}
