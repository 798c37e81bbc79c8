//! The one way a registry is checked: build the model, run every rule,
//! apply the Programme's `rules:` overrides and the suppression comments,
//! and sort. Every command that reads a registry starts from [`check`], so
//! all of them see the same findings with the same severities; the
//! domain modules that need the findings (the pack, the site, the impact of
//! a change) take a [`Checked`] rather than running the rules themselves.

use chrono::NaiveDate;

use crate::diag::{Code, Family, Finding, Sink, Suppressed};
use crate::model::{build, Model};
use crate::registry::Registry;
use crate::rules::{check_all, suppressions, Context};
use crate::time::when::date_of;

/// A registry read and checked: everything most commands start from.
#[derive(Debug)]
pub struct Checked<'r> {
    pub model: Model<'r>,
    pub as_of: NaiveDate,
    pub findings: Vec<Finding>,
    /// Findings that `# envplan: allow` comments set aside (sorted like `findings`).
    pub suppressed: Vec<Suppressed>,
}

impl Checked<'_> {
    /// The findings about reading the registry (EP0xx) that are reported:
    /// the records they are about are missing from every listing, which
    /// `certs`, `plan` and `slots` say in a note.
    pub fn reading_problems(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.code.family() == Family::Files)
    }
}

/// Interpret and check a loaded registry as of `as_of` (today in the
/// programme's timezone when `None`).
pub fn check<'r>(
    reg: &'r Registry,
    load_findings: Vec<Finding>,
    as_of: Option<NaiveDate>,
) -> Checked<'r> {
    let mut sink = Sink::new();
    // Severity overrides must be known before any finding goes in, so the
    // model is built into a scratch sink first and replayed.
    let mut scratch = Sink::new();
    let model = build(reg, &mut scratch);
    for (code, setting) in &model.settings.overrides {
        sink.set_override(*code, *setting);
    }
    sink.extend(load_findings);
    sink.extend(scratch.into_findings());
    let as_of = as_of.unwrap_or_else(|| date_of(chrono::Utc::now(), model.settings.tz));
    let cx = Context::new(&model, as_of);
    check_all(&cx, &mut sink);
    // Suppression comments act on every other finding, and what they earn
    // themselves (EP602 to EP604) goes through the overrides like any other.
    let mut all = sink.take();
    // What the model and the rules say about a value that could not be read
    // is about its stand-in: the EP003 there says what is wrong.
    if reg.has_unreadable() {
        all.retain(|f| {
            f.code == Code::EP003 || f.place.is_none_or(|p| !reg.is_unreadable(p.file, p.loc))
        });
    }
    let applied = suppressions::apply(reg, all);
    sink.extend(applied.hygiene);
    let mut findings = applied.active;
    findings.extend(sink.into_findings());
    sort_findings(reg, &mut findings);
    let mut suppressed = applied.suppressed;
    suppressed.sort_by_cached_key(|s| order_key(reg, &s.finding));
    Checked {
        model,
        as_of,
        findings,
        suppressed,
    }
}

/// The contract's order: file, line, column, code (registry-wide findings first).
pub fn sort_findings(reg: &Registry, findings: &mut [Finding]) {
    findings.sort_by_cached_key(|f| order_key(reg, f));
}

/// The order findings are reported in: file, line, column, code (registry-wide
/// findings first), then records and message so that the order is total.
pub type OrderKey = (
    Option<String>,
    Option<(u32, u32)>,
    Code,
    Vec<String>,
    String,
);

pub fn order_key(reg: &Registry, f: &Finding) -> OrderKey {
    (
        f.place.map(|p| reg.file(p.file).rel.clone()),
        f.place.map(|p| (p.loc.line, p.loc.column())),
        f.code,
        f.records.clone(),
        f.message.clone(),
    )
}
