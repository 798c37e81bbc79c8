//! The monthly Environment Working Group pack (§6.1, §12.1.1): readiness,
//! outages, clashes and certificate risk, as of the meeting.
//!
//! The pack is built once as data (`Pack`) from the checked model, then
//! rendered twice: Markdown for wikis (`markdown`) and one self-contained
//! HTML page to e-mail (`html`, its timeline drawn by `svg`). Building
//! decides everything; the renderers only lay it out, so the two formats
//! cannot disagree. The timeline is the plan's own ([`crate::plan`]), for
//! [`timeline_period`]: the pack's Mermaid chart and `plan.ics` are what
//! `envplan plan` gives for that window.

mod build;
pub mod csv;
pub mod doc;
pub mod escape;
pub mod gather;
pub mod html;
pub mod markdown;
pub mod output;
mod sections;
pub mod stamp;
pub mod svg;

use chrono::{Datelike, Duration, NaiveDate};

use crate::diag::Severity;
use crate::history::{Changes, Revision};
use crate::plan::Timeline;

pub use build::{
    build, meeting_day, timeline_period, Inputs, LOOK_AHEAD_DAYS, WEEKLY_LOOK_AHEAD_DAYS,
};

/// The files of a pack, in the order written, and what each is for: the
/// command writes these names and the pack describes them in its footer.
pub const FILES: [(&str, &str); 4] = [
    (
        "pack.md",
        "this pack in Markdown, for a GitHub or Azure DevOps wiki",
    ),
    ("pack.html", "this pack as one page to e-mail or print"),
    (
        "certificates.csv",
        "the certificates expiring within the horizon, for a spreadsheet",
    ),
    (
        "plan.ics",
        "the timeline's intervals and outages, to import into a calendar",
    ),
];

/// The files of pack `p`, named as in [`FILES`], each carrying the stamp.
pub fn render_files(p: &Pack) -> Vec<(&'static str, Vec<u8>)> {
    let [md, html, csv, ics] = FILES.map(|(name, _)| name);
    let d = doc::of(p);
    let line = p.header.stamp.as_ref().map(stamp::Stamp::line);
    let mut csv_bytes = csv::render(p);
    // The timeline's months, for calendars (as `envplan plan --format ics`).
    let mut calendar = crate::plan::ics::render(&p.timeline);
    if let Some(line) = &line {
        // A last line a spreadsheet shows as one cell, after the data.
        csv_bytes.extend_from_slice(format!("# {line}\r\n").as_bytes());
        // An extension property (RFC 5545 §3.8.8.2), which calendars ignore.
        if let Some(at) = calendar.rfind("END:VCALENDAR") {
            let prop = crate::plan::ics::fold(&format!("X-ENVPLAN-PACK:{line}"));
            calendar.insert_str(at, &format!("{prop}\r\n"));
        }
    }
    vec![
        (md, markdown::render_doc(&d).into_bytes()),
        (html, html::render_doc(&d).into_bytes()),
        (csv, csv_bytes),
        (ics, calendar.into_bytes()),
    ]
}

/// Everything the pack says.
#[derive(Debug, Clone)]
pub struct Pack {
    pub header: Header,
    pub headline: Headline,
    pub environments: Vec<EnvStatus>,
    /// The plan of the meeting month and the two after it ([`timeline_period`]).
    pub timeline: Timeline,
    /// The open clashes shown, at most `PAIRS_SHOWN_PER_ENVIRONMENT` per environment.
    pub clashes: Vec<ClashRow>,
    /// Environments with more open clashes than are shown, and how many more.
    pub clashes_not_shown: Vec<(String, usize)>,
    /// Every check finding, errors first, then in the contract's order.
    pub findings: Vec<FindingRow>,
    pub certificates: Vec<CertRow>,
    /// `None` when the Programme switched EP303 off: nobody asked for the list.
    pub at_risk: Option<Vec<RiskRow>>,
    pub outages: Vec<OutageRow>,
    pub availability: Vec<AvailabilityRow>,
    pub readiness: Vec<ReadinessRow>,
    pub more: More,
    pub changes: Option<Changes>,
}

/// The facts of the sections issue 12 added ([`gather`]).
#[derive(Debug, Clone)]
pub struct More {
    pub plans: Vec<gather::EnvPlan>,
    pub cohorts: Vec<gather::Cohort>,
    pub milestones: Vec<gather::MilestoneRow>,
    pub renewals: Vec<gather::RenewalRow>,
    pub contacts: Vec<gather::ContactRow>,
    /// The first day of each period of the trend, oldest first.
    pub trend_periods: Vec<NaiveDate>,
    pub trend: Vec<gather::TrendRow>,
    pub hits: Vec<gather::HitRow>,
    pub booked: Vec<gather::BookedRow>,
}

/// Which edition a pack is: the monthly EWG pack, or the weekly testing and
/// readiness report (§12.1.1), which says the same things over seven days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    Monthly,
    Weekly,
}

#[derive(Debug, Clone)]
pub struct Header {
    pub edition: Edition,
    /// How far ahead "starting soon" and readiness look: 90 days for a
    /// monthly pack, 14 for a weekly one.
    pub look_ahead_days: i64,
    pub programme_id: String,
    /// `None` when the registry has no readable Programme.
    pub programme_name: Option<String>,
    pub timezone: String,
    /// The first day of the edition's period: the meeting's month, or the
    /// Monday of the week.
    pub month: NaiveDate,
    pub meeting: NaiveDate,
    /// The Programme's `ewg` rule, e.g. "first-tuesday", if it has one.
    pub meeting_rule: Option<String>,
    pub as_of: NaiveDate,
    /// The first day of the period whose outages are reported: the month
    /// before, or the week before.
    pub reported_month: NaiveDate,
    /// The last day counted in the reported month (its end, or the day
    /// before the as-of day if that comes first).
    pub reported_until: NaiveDate,
    pub registry: RegistryVersion,
    pub certificate_horizon_days: i64,
    /// Where the pack came from, written into every file; `None` in tests
    /// that build a pack without one.
    pub stamp: Option<stamp::Stamp>,
}

/// Which version of the registry the pack describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryVersion {
    Git(Revision),
    /// Not in a git repository, or git could not say (the reason).
    Unknown(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Headline {
    pub environments: usize,
    pub participants: usize,
    pub intervals_running: usize,
    pub intervals_starting: usize,
    pub errors: usize,
    pub warnings: usize,
    pub certificates_expiring: usize,
    pub certificates_expired: usize,
    /// `None` when EP303 is switched off.
    pub intervals_at_risk: Option<usize>,
    pub outages_planned: usize,
    pub outages_unplanned: usize,
    pub lost_planned: Duration,
    pub lost_unplanned: Duration,
    pub open_clashes: usize,
    pub open_unplanned_outages: usize,
}

/// An interval named for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntervalRef {
    pub id: String,
    pub name: String,
}

/// A participant named for people.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ParticipantRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct EnvStatus {
    pub id: String,
    pub name: String,
    /// The owner's id as written and its name when it resolves.
    pub owner: ParticipantRef,
    pub phase: String,
    pub required: Option<(NaiveDate, NaiveDate)>,
    pub running: Vec<IntervalRef>,
    /// Availability over the reported month.
    pub availability: Shown,
    /// Ids of unplanned outages still open as of.
    pub open_unplanned: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ClashRow {
    pub code: String,
    pub environment: String,
    pub sharing: String,
    pub earlier: IntervalRef,
    /// The stage or upstream environment that makes it clash.
    pub earlier_detail: String,
    pub later: IntervalRef,
    pub later_detail: String,
    /// "from 2026-11-09 to 2026-11-13".
    pub overlap: String,
    pub also_on: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FindingRow {
    pub severity: Severity,
    pub code: String,
    pub message: String,
    /// "intervals.yaml:12:8".
    pub place: Option<String>,
    pub records: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct CertRow {
    pub id: String,
    pub participant: ParticipantRef,
    pub environment: String,
    pub purpose: String,
    /// As written.
    pub expires: String,
    pub last_day: NaiveDate,
    /// Negative once expired.
    pub days_left: i64,
}

#[derive(Debug, Clone)]
pub struct RiskRow {
    pub interval: IntervalRef,
    pub participant: ParticipantRef,
    pub environment: String,
    pub purpose: String,
    /// The first day the participant has no valid certificate for it.
    pub first_gap: NaiveDate,
    pub days_left: i64,
    /// "ACME-TLS-1 expires 2026-11-20", "none held".
    pub cause: String,
}

#[derive(Debug, Clone)]
pub struct OutageRow {
    pub id: String,
    pub environment: String,
    pub planned: bool,
    pub reason: String,
    /// Local "YYYY-MM-DD HH:MM".
    pub start: String,
    /// `None` while ongoing.
    pub end: Option<String>,
    /// Start to end; for an ongoing outage, to the start of the as-of day.
    pub duration: Duration,
    /// Service hours it took in the reported month, on its own (inside the
    /// environment's `required` window).
    pub lost: Duration,
    /// False when its environment's service hours are unknown: `lost` is then
    /// the real time it took.
    pub hours_known: bool,
    /// False when the reported month lies wholly outside its environment's
    /// `required` window: nothing it took is counted.
    pub required: bool,
    pub defect: Option<String>,
}

#[derive(Debug, Clone)]
pub struct AvailabilityRow {
    pub environment: String,
    /// "Mon–Fri 09:00–17:00", "unknown (no service hours recorded)".
    pub hours: String,
    /// `None` when the hours are unknown or the month was not required.
    pub service: Option<Duration>,
    pub lost_planned: Duration,
    pub lost_unplanned: Duration,
    pub availability: Shown,
    /// The days counted, when the `required` window left some of the month out.
    pub counted: Option<(NaiveDate, NaiveDate)>,
}

/// An availability figure as the pack shows it (registry format v2, §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Hundredths of a percent, rounded down.
    Percent(i64),
    /// Service hours known, but none fell in the period.
    NoServiceTime,
    /// Service hours unknown: the time lost (real time), and no percentage.
    Unknown { lost: Duration },
    /// The period lies wholly outside the `required` window.
    NotRequired,
}

impl Shown {
    pub fn of(measured: &crate::availability::Measured) -> Shown {
        match measured.figures() {
            None => Shown::NotRequired,
            Some(f) if f.service.is_none() => Shown::Unknown { lost: f.lost() },
            Some(f) => f.hundredths().map_or(Shown::NoServiceTime, Shown::Percent),
        }
    }

    /// "99.04%", "unknown hours, 4.42 h lost", "not required", "n/a".
    pub fn text(&self) -> String {
        match *self {
            Shown::Percent(h) => percent_text(Some(h)),
            Shown::NoServiceTime => "n/a (no service time)".to_owned(),
            Shown::Unknown { lost } => format!("no % (hours unknown), {} lost", hours_text(lost)),
            Shown::NotRequired => "not required".to_owned(),
        }
    }

    /// The figure alone, for a table that shows the hours lost beside it.
    pub fn cell_text(&self) -> String {
        match *self {
            Shown::Unknown { .. } => "no % (hours unknown)".to_owned(),
            _ => self.text(),
        }
    }

    /// The fraction for a bar, when there is a percentage.
    pub fn fraction(&self) -> Option<f64> {
        match *self {
            Shown::Percent(h) => Some(h as f64 / 10_000.0),
            _ => None,
        }
    }
}

/// How the service hours and the days counted are decided, under the availability table.
pub const HOURS_NOTE: &str = "The downtime of an environment includes that of the environments it is made of (its components). An environment without an Availability record is in service while all its components are; with neither, its service hours are unknown: the time lost is shown in real hours, and no percentage. Days outside an environment's required window are not counted.";

/// "4.42 h", "4.42 h (real time; hours unknown)" when the service hours are
/// unknown, "– (not required)" outside the `required` window.
pub fn lost_text(o: &OutageRow) -> String {
    if !o.required {
        "– (not required)".to_owned()
    } else if o.hours_known {
        hours_text(o.lost)
    } else {
        format!("{} (real time; hours unknown)", hours_text(o.lost))
    }
}

/// The service hours of an availability row, with the days counted when
/// the `required` window cut the month.
pub fn row_hours_text(a: &AvailabilityRow) -> String {
    match a.counted {
        Some((first, last)) => format!("{}; counted {first} to {last} (required)", a.hours),
        None => a.hours.clone(),
    }
}

/// The time in service of an availability row: hours, "unknown", or "–" when not required.
pub fn service_text(a: &AvailabilityRow) -> String {
    match (a.availability, a.service) {
        (Shown::NotRequired, _) => "–".to_owned(),
        (_, Some(s)) => hours_text(s),
        (_, None) => "unknown".to_owned(),
    }
}

/// What the pack says under every availability figure.
pub const ROUNDING_NOTE: &str =
    "Percentages are rounded down to two decimals, so 99.999% shows as 99.99%, never 100.00%.";

/// One participant's connectivity proving for one upcoming interval.
#[derive(Debug, Clone)]
pub struct ReadinessRow {
    pub interval: IntervalRef,
    pub environment: String,
    pub stage: String,
    pub start: NaiveDate,
    /// `None` for an interval with nobody booked: one row says so.
    pub participant: Option<ParticipantRef>,
    /// Internal, certificates, webhooks, message; `None` without a
    /// participant (or an environment to judge them on).
    pub steps: Option<[StepCell; 4]>,
    /// The interval is itself for connectivity proving: steps are done in it.
    pub proving_interval: bool,
}

impl ReadinessRow {
    pub fn missing(&self) -> usize {
        self.steps
            .iter()
            .flatten()
            .filter(|s| matches!(s, StepCell::Missing | StepCell::Late(_)))
            .count()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepCell {
    /// Done by the interval's start.
    Done(NaiveDate),
    /// Done, but after the interval starts.
    Late(NaiveDate),
    /// Required and not done.
    Missing,
    /// Not required on this environment (or for this participant); the date if done anyway.
    NotRequired(Option<NaiveDate>),
}

/// How a headline figure should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Good,
    Warn,
    Bad,
}

/// One headline figure, worded once for both formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub label: String,
    /// Short: a count or an amount.
    pub value: String,
    /// How it breaks down, when it does.
    pub detail: Option<String>,
    pub tone: Tone,
}

fn tone(count: usize, when_any: Tone) -> Tone {
    if count == 0 {
        Tone::Good
    } else {
        when_any
    }
}

/// The headline figures in the order shown.
pub fn figures(p: &Pack) -> Vec<Figure> {
    let mut out = plain_figures(p);
    out.extend(risk_figures(p));
    out.extend(outage_figures(p));
    out
}

/// A figure with no detail line.
fn fig(label: String, value: String, tone: Tone) -> Figure {
    Figure {
        label,
        value,
        detail: None,
        tone,
    }
}

/// The counts of the registry and the check: environments, participants,
/// intervals running and starting, errors, warnings.
fn plain_figures(p: &Pack) -> Vec<Figure> {
    let h = &p.headline;
    let hd = &p.header;
    vec![
        fig(
            "Environments".into(),
            h.environments.to_string(),
            Tone::Plain,
        ),
        fig(
            "Participants".into(),
            h.participants.to_string(),
            Tone::Plain,
        ),
        fig(
            format!("Intervals running on {}", hd.as_of),
            h.intervals_running.to_string(),
            Tone::Plain,
        ),
        fig(
            format!("Intervals starting in the next {} days", hd.look_ahead_days),
            h.intervals_starting.to_string(),
            Tone::Plain,
        ),
        fig(
            "Check errors".into(),
            h.errors.to_string(),
            tone(h.errors, Tone::Bad),
        ),
        fig(
            "Check warnings".into(),
            h.warnings.to_string(),
            tone(h.warnings, Tone::Warn),
        ),
    ]
}

/// Certificates expiring (and expired, when any) and intervals at risk.
fn risk_figures(p: &Pack) -> Vec<Figure> {
    let h = &p.headline;
    let hd = &p.header;
    let mut out = vec![fig(
        format!(
            "Certificates expiring within {} days",
            hd.certificate_horizon_days
        ),
        h.certificates_expiring.to_string(),
        tone(h.certificates_expiring, Tone::Warn),
    )];
    if h.certificates_expired > 0 {
        out.push(fig(
            "Certificates expired, not replaced".into(),
            h.certificates_expired.to_string(),
            Tone::Bad,
        ));
    }
    out.push(match h.intervals_at_risk {
        Some(n) => fig(
            "Intervals at risk (certificates)".into(),
            n.to_string(),
            tone(n, Tone::Bad),
        ),
        None => Figure {
            detail: Some(EP303_OFF.to_owned()),
            ..fig(
                "Intervals at risk (certificates)".into(),
                "not checked".into(),
                Tone::Plain,
            )
        },
    });
    out
}

/// Outages and service hours lost in the reported period, open clashes and
/// unplanned outages still open.
fn outage_figures(p: &Pack) -> [Figure; 4] {
    let h = &p.headline;
    let month = reported_name(&p.header);
    [
        Figure {
            detail: Some(format!(
                "{} planned, {} unplanned",
                h.outages_planned, h.outages_unplanned
            )),
            ..fig(
                format!("Outages in {month}"),
                (h.outages_planned + h.outages_unplanned).to_string(),
                tone(h.outages_unplanned, Tone::Warn),
            )
        },
        Figure {
            detail: Some(format!(
                "{} planned, {} unplanned",
                hours_text(h.lost_planned),
                hours_text(h.lost_unplanned)
            )),
            ..fig(
                format!("Service hours lost in {month}"),
                hours_text(h.lost_planned + h.lost_unplanned),
                if h.lost_unplanned > Duration::zero() {
                    Tone::Warn
                } else {
                    Tone::Good
                },
            )
        },
        fig(
            "Open clashes".into(),
            h.open_clashes.to_string(),
            tone(h.open_clashes, Tone::Bad),
        ),
        fig(
            "Unplanned outages still open".into(),
            h.open_unplanned_outages.to_string(),
            tone(h.open_unplanned_outages, Tone::Bad),
        ),
    ]
}

/// Columns of the intervals-at-risk table, the same in every format.
pub const AT_RISK_COLUMNS: [&str; 6] = [
    "Uncovered",
    "First day without",
    "Interval",
    "Participant",
    "Certificate needed",
    "Why",
];

/// Why the pack has no intervals-at-risk list.
pub const EP303_OFF: &str = "EP303 is switched off in the Programme's rules";

/// "commit 0123456789ab (uncommitted changes in the registry)".
pub fn registry_text(v: &RegistryVersion) -> String {
    match v {
        RegistryVersion::Git(r) => {
            let commit = match &r.commit {
                Some(c) => format!("git commit {}", c.chars().take(12).collect::<String>()),
                None => "a git repository without commits".to_owned(),
            };
            if r.dirty {
                format!("{commit}, with uncommitted changes in the registry")
            } else {
                commit
            }
        }
        RegistryVersion::Unknown(why) => why.clone(),
    }
}

/// "Tuesday 3 November 2026 (first-tuesday)".
pub fn meeting_text(h: &Header) -> String {
    let day = h.meeting.format("%A %-d %B %Y");
    match &h.meeting_rule {
        Some(rule) => format!("{day} ({rule})"),
        None if h.edition == Edition::Weekly => format!("{day} (the Monday of the week)"),
        None => format!("{day} (no meeting rule: the first day of the month)"),
    }
}

/// Why the timeline may show less than the registry holds.
pub fn left_out_text(n: usize) -> String {
    let what = if n == 1 {
        "1 interval or outage".to_owned()
    } else {
        format!("{n} intervals or outages")
    };
    format!("{what} could not be placed on the timeline (unknown environment or unreadable dates); the check findings say why.")
}

/// "today", "in 1 day", "in 12 days", "expired 3 days ago".
pub fn days_left_text(days: i64) -> String {
    match days {
        0 => "today".to_owned(),
        d if d > 0 => format!("in {}", crate::time::format::plural(d, "day")),
        d => format!("{} ago", crate::time::format::plural(-d, "day")),
    }
}

/// "3 h", "1.5 h", "0.25 h": service time for tables.
pub fn hours_text(d: Duration) -> String {
    let minutes = d.num_minutes();
    if minutes % 60 == 0 {
        return format!("{} h", minutes / 60);
    }
    let text = format!("{:.2}", minutes as f64 / 60.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} h")
}

/// "99.40%" from hundredths of a percent already rounded down
/// ([`crate::availability::Figures::hundredths`]).
pub fn percent_text(hundredths: Option<i64>) -> String {
    match hundredths {
        Some(h) => format!("{}.{:02}%", h / 100, h % 100),
        None => "n/a".to_owned(),
    }
}

/// "2 days 3 hours".
pub fn duration_text(d: Duration) -> String {
    let minutes = d.num_minutes();
    let (days, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(crate::time::format::plural(days, "day"));
    }
    if h > 0 {
        parts.push(crate::time::format::plural(h, "hour"));
    }
    if m > 0 || parts.is_empty() {
        parts.push(crate::time::format::plural(m, "minute"));
    }
    parts.join(" ")
}

/// "November 2026".
pub fn month_name(first: NaiveDate) -> String {
    first.format("%B %Y").to_string()
}

/// "week 2026-W49 (30 November to 6 December 2026)".
pub fn week_name(monday: NaiveDate) -> String {
    let sunday = monday + Duration::days(6);
    let iso = monday.iso_week();
    format!(
        "week {}-W{:02} ({} to {})",
        iso.year(),
        iso.week(),
        monday.format("%-d %B %Y"),
        sunday.format("%-d %B %Y")
    )
}

/// The edition's own period, for titles: "December 2026" or "week 2026-W49 (...)".
pub fn period_name(h: &Header) -> String {
    match h.edition {
        Edition::Monthly => month_name(h.month),
        Edition::Weekly => week_name(h.month),
    }
}

/// What the edition is called: the monthly pack or the weekly report.
pub fn title_of(h: &Header) -> &'static str {
    match h.edition {
        Edition::Monthly => "Environment Working Group pack",
        Edition::Weekly => "Weekly testing and readiness report",
    }
}

/// The period whose outages and availability the edition reports, short
/// enough for a column heading: "October 2026" or "week 2026-W44".
pub fn reported_name(h: &Header) -> String {
    match h.edition {
        Edition::Monthly => month_name(h.reported_month),
        Edition::Weekly => {
            let iso = h.reported_month.iso_week();
            format!("week {}-W{:02}", iso.year(), iso.week())
        }
    }
}

/// The label of the day the edition is for: the meeting, or the week's issue day.
pub fn meeting_label(h: &Header) -> &'static str {
    match h.edition {
        Edition::Monthly => "Meeting",
        Edition::Weekly => "Issued",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_for_people() {
        assert_eq!(hours_text(Duration::minutes(90)), "1.5 h");
        assert_eq!(hours_text(Duration::hours(745)), "745 h");
        assert_eq!(hours_text(Duration::minutes(100)), "1.67 h");
        assert_eq!(percent_text(Some(9821)), "98.21%");
        assert_eq!(percent_text(Some(9999)), "99.99%");
        assert_eq!(percent_text(Some(10_000)), "100.00%");
        assert_eq!(percent_text(Some(5)), "0.05%");
        assert_eq!(percent_text(None), "n/a");
        assert_eq!(Shown::NotRequired.text(), "not required");
        assert_eq!(
            Shown::Unknown {
                lost: Duration::minutes(265)
            }
            .text(),
            "no % (hours unknown), 4.42 h lost"
        );
        assert_eq!(
            duration_text(Duration::minutes(3 * 1440 + 60)),
            "3 days 1 hour"
        );
    }
}
