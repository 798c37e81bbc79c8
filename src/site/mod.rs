//! `envplan site`: the registry as a static web site that every participant
//! can read without a tool, an account or a server (§12.1.1), with calendar
//! feeds for advance notice of slots and outages (§7.1.2, §12.5.1).
//!
//! The site is built in memory as a list of files ([`Site`]) from the checked
//! model, then written by [`output`] into a fresh directory that replaces the
//! old one in one rename. Nothing here reads the clock: the same registry,
//! history and as-of day give the same bytes.
//!
//! - `index.html` is the dashboard (the EWG pack's figures as of the day,
//!   [`crate::pack::build`]); `env/`, `participant/`, `interval/` hold a
//!   page per record and `code/` a page per finding code; list pages are cut
//!   into pages of [`PER_PAGE`] rows so that none grows without bound.
//! - `feeds/*.ics` are calendars to subscribe to ([`feeds`]), stamped from
//!   the registry's git history ([`crate::history::records`]).
//! - `api/*.json` are the same facts as data ([`api`]), described by the
//!   JSON Schemas in `schemas/`.
//!
//! The timeline drawings are the pack's SVG ([`crate::pack::svg`]) of the
//! plan's own [`Timeline`], built once for the whole registry and cut per
//! environment and participant.

pub mod api;
mod dashboard;
pub mod feeds;
mod lists;
pub mod milestones;
pub mod output;
pub mod page;
mod records;
pub mod slug;

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use chrono_tz::Tz;

use crate::bookings::{find_clashes, Clash};
use crate::certificates::coverage::{uncovered, Uncovered};
use crate::certificates::listing::{self, Query};
use crate::diag::Finding;
use crate::history::records::RecordHistory;
use crate::model::{CertIx, EnvIx, IntervalIx, MilestoneIx, Model, OutageIx, ParticipantIx};
use crate::pack::{self, Pack, RegistryVersion};
use crate::pipeline::Checked;
use crate::plan::{build_timeline, EnvironmentLane, Period, PlanQuery, Timeline};
use crate::registry::document::Kind;
use crate::registry::records::{
    Certificate, Environment, Interval, Milestone, Outage, Participant,
};
use crate::registry::RecordKind;
use crate::table::{Ix, Table};

use page::{esc, id_span, link, Frame};

pub use output::{Site, SiteFile, Summary};

/// A page one folder deep, as every record page is: links from it are
/// links from any record page, so rows made for it are shared by them all.
const RECORD_PAGE: &str = "participant/any.html";

/// Rows on one page of a long list.
pub const PER_PAGE: usize = 500;

/// What the site is built from.
#[derive(Debug)]
pub struct Inputs<'a, 'r> {
    pub checked: &'a Checked<'r>,
    /// Where the site will be published (`https://…/`), for absolute links
    /// in calendars; `None` leaves them out.
    pub base_url: Option<String>,
    pub history: RecordHistory,
    pub registry: RegistryVersion,
}

/// Everything the pages share, computed once.
pub(crate) struct Cx<'a, 'r> {
    pub m: &'a Model<'r>,
    pub checked: &'a Checked<'r>,
    pub as_of: NaiveDate,
    pub tz: Tz,
    pub base_url: Option<String>,
    pub history: RecordHistory,
    pub frame: Frame,
    pub env_slugs: Table<Environment, Option<String>>,
    pub participant_slugs: Table<Participant, Option<String>>,
    pub interval_slugs: Table<Interval, Option<String>>,
    pub cert_slugs: Table<Certificate, Option<String>>,
    pub outage_slugs: Table<Outage, Option<String>>,
    /// Findings (indices into `checked.findings`) by record id.
    pub findings_by_record: HashMap<String, Vec<usize>>,
    pub clashes: Vec<Clash>,
    /// Clashes (indices into `clashes`) on each environment, and of each
    /// interval (as either side), in the order of `clashes`: grouped once so
    /// that a page costs what it shows, not the whole registry.
    pub env_clashes: Table<Environment, Vec<usize>>,
    pub interval_clashes: Table<Interval, Vec<usize>>,
    /// Intervals occupying each environment (its own, or through `uses`), by start.
    pub env_intervals: Table<Environment, Vec<IntervalIx>>,
    /// Intervals each participant takes part in, by start.
    pub participant_intervals: Table<Participant, Vec<IntervalIx>>,
    pub participant_certs: Table<Participant, Vec<CertIx>>,
    pub env_certs: Table<Environment, Vec<CertIx>>,
    /// Every certificate in use (not revoked, not replaced), by certificate.
    pub in_use: Table<Certificate, Option<listing::Entry>>,
    /// The same, in the order `certs` lists them (by expiry).
    pub in_use_order: Vec<CertIx>,
    pub cert_status: crate::certificates::Status,
    /// Booked participants without a certificate they need, from the day on.
    pub gaps: Vec<Uncovered>,
    /// The gaps (indices into `gaps`) of each participant and of each interval.
    pub participant_gaps: Table<Participant, Vec<usize>>,
    pub interval_gaps: Table<Interval, Vec<usize>>,
    pub env_outages: Table<Environment, Vec<OutageIx>>,
    pub pack: Pack,
    /// Each milestone for each participant it applies to, by due day.
    pub milestone_dues: Vec<milestones::Due>,
    /// The dues (indices into `milestone_dues`) of each participant and of
    /// each milestone, by due day.
    pub participant_dues: Table<Participant, Vec<usize>>,
    pub milestone_dues_of: Table<Milestone, Vec<usize>>,
    /// The as-of month and the two after it, for the drawings.
    pub coming: Timeline,
    /// Everything, for the calendars.
    pub all: Timeline,
    /// Where each interval sits in `coming` and in `all`.
    pub coming_pos: Table<Interval, Option<(usize, usize)>>,
    pub all_pos: Table<Interval, Option<(usize, usize)>>,
    /// Each interval's booking row on a record page ([`records::booking_cache`]).
    pub booking_rows: Table<Interval, String>,
}

impl Cx<'_, '_> {
    pub fn env_page(&self, e: EnvIx) -> Option<String> {
        self.env_slugs[e].as_ref().map(|s| format!("env/{s}.html"))
    }

    pub fn participant_page(&self, p: ParticipantIx) -> Option<String> {
        self.participant_slugs[p]
            .as_ref()
            .map(|s| format!("participant/{s}.html"))
    }

    pub fn interval_page(&self, i: IntervalIx) -> Option<String> {
        self.interval_slugs[i]
            .as_ref()
            .map(|s| format!("interval/{s}.html"))
    }

    /// The first page of the findings of `code`.
    pub fn code_page(code: crate::diag::Code) -> String {
        format!("code/{}.html", code.as_str())
    }

    /// The page and anchor that describe record `kind` `id`, if it has one.
    pub fn record_target(&self, kind: Kind, id: &str) -> Option<String> {
        fn find<T: RecordKind>(cx: &Cx<'_, '_>, id: &str) -> Option<Ix<T>> {
            cx.m.find::<T>(id)
        }
        if kind == Kind::Programme {
            return find::<crate::registry::records::Programme>(self, id)
                .map(|_| "index.html".to_owned());
        }
        match kind {
            Kind::Environment => self.env_page(find(self, id)?),
            Kind::Participant => self.participant_page(find(self, id)?),
            Kind::Interval => self.interval_page(find(self, id)?),
            Kind::Certificate => {
                let i = find(self, id)?;
                let p = self.m.certificates[i].participant?;
                let page = self.participant_page(p)?;
                let s = self.cert_slugs[i].as_ref()?;
                Some(format!("{page}#cert-{s}"))
            }
            Kind::Outage => {
                let i = find(self, id)?;
                let e = self.m.outages[i].env?;
                let page = self.env_page(e)?;
                let s = self.outage_slugs[i].as_ref()?;
                Some(format!("{page}#outage-{s}"))
            }
            Kind::Availability => {
                let e = self.m.availabilities[find(self, id)?].env?;
                Some(format!("{}#service-hours", self.env_page(e)?))
            }
            Kind::Milestone => find::<crate::registry::records::Milestone>(self, id)
                .map(|_| format!("milestones.html#milestone-{}", slug::slug(id))),
            // The programme (above), and any kind without a page of its
            // own: its ids are shown, not linked.
            _ => None,
        }
    }

    /// An id as a link to its page, whatever kind it is (the first kind
    /// that has it, most specific first), or plain when nothing has it.
    pub fn any_link(&self, from: &str, id: &str) -> String {
        const ORDER: [Kind; 8] = [
            Kind::Interval,
            Kind::Milestone,
            Kind::Participant,
            Kind::Environment,
            Kind::Certificate,
            Kind::Outage,
            Kind::Availability,
            Kind::Programme,
        ];
        for kind in ORDER {
            if let Some(to) = self.record_target(kind, id) {
                return link(from, &to, &id_span(id));
            }
        }
        id_span(id)
    }

    /// An id of `kind` as a link, or plain when it does not resolve.
    pub fn link_id(&self, from: &str, kind: Kind, id: &str) -> String {
        match self.record_target(kind, id) {
            Some(to) => link(from, &to, &id_span(id)),
            None => id_span(id),
        }
    }

    pub fn env_link(&self, from: &str, e: EnvIx) -> String {
        let id = self.m.reg.environments[e].id.as_str();
        match self.env_page(e) {
            Some(to) => link(from, &to, &id_span(id)),
            None => id_span(id),
        }
    }

    pub fn participant_link(&self, from: &str, p: ParticipantIx) -> String {
        let id = self.m.reg.participants[p].id.as_str();
        match self.participant_page(p) {
            Some(to) => link(from, &to, &id_span(id)),
            None => id_span(id),
        }
    }

    pub fn interval_link(&self, from: &str, i: IntervalIx) -> String {
        let id = self.m.reg.intervals[i].id.as_str();
        match self.interval_page(i) {
            Some(to) => link(from, &to, &id_span(id)),
            None => id_span(id),
        }
    }

    /// The interval as a link with its name beneath.
    pub fn interval_named(&self, from: &str, i: IntervalIx) -> String {
        let r = &self.m.reg.intervals[i];
        named(self.interval_link(from, i), r.id.as_str(), r.name.as_str())
    }

    pub fn participant_named(&self, from: &str, p: ParticipantIx) -> String {
        let r = &self.m.reg.participants[p];
        named(
            self.participant_link(from, p),
            r.id.as_str(),
            r.name.as_str(),
        )
    }

    pub fn env_named(&self, from: &str, e: EnvIx) -> String {
        let r = &self.m.reg.environments[e];
        named(self.env_link(from, e), r.id.as_str(), r.name.as_str())
    }

    /// The certificates in use among `certs`, by expiry.
    pub fn entries<'s>(&'s self, certs: &[CertIx]) -> Vec<&'s listing::Entry> {
        let mut out: Vec<&listing::Entry> = certs
            .iter()
            .filter_map(|&c| self.in_use[c].as_ref())
            .collect();
        out.sort_by_key(|e| (self.m.certificates[e.cert].valid_until, e.id.clone()));
        out
    }

    /// The milestones due for participant `p`, by due day.
    pub fn dues_of_participant(&self, p: ParticipantIx) -> impl Iterator<Item = &milestones::Due> {
        picked(&self.participant_dues, p, &self.milestone_dues)
    }

    /// Each participant's due day of milestone `mi`, by due day.
    pub fn dues_of_milestone(&self, mi: MilestoneIx) -> impl Iterator<Item = &milestones::Due> {
        picked(&self.milestone_dues_of, mi, &self.milestone_dues)
    }

    /// The certificate gaps of participant `p`.
    pub fn gaps_of_participant(&self, p: ParticipantIx) -> impl Iterator<Item = &Uncovered> {
        picked(&self.participant_gaps, p, &self.gaps)
    }

    /// The certificate gaps in interval `i`.
    pub fn gaps_of_interval(&self, i: IntervalIx) -> impl Iterator<Item = &Uncovered> {
        picked(&self.interval_gaps, i, &self.gaps)
    }

    /// The clashes on environment `e`.
    pub fn clashes_on(&self, e: EnvIx) -> impl Iterator<Item = &Clash> {
        picked(&self.env_clashes, e, &self.clashes)
    }

    /// The clashes of interval `i`, as either side.
    pub fn clashes_of(&self, i: IntervalIx) -> impl Iterator<Item = &Clash> {
        picked(&self.interval_clashes, i, &self.clashes)
    }

    /// The findings about record `id`.
    pub fn findings_of(&self, id: &str) -> Vec<&Finding> {
        self.findings_by_record
            .get(id)
            .map(|v| v.iter().map(|&i| &self.checked.findings[i]).collect())
            .unwrap_or_default()
    }

    /// "file:line:column" of a finding.
    pub fn place(&self, f: &Finding) -> String {
        match f.place {
            Some(p) => format!(
                "{}:{}:{}",
                self.m.reg.file(p.file).rel,
                p.loc.line,
                p.loc.column()
            ),
            None => "the registry".to_owned(),
        }
    }
}

/// The items `groups` lists for record `ix` (see [`grouped`]).
fn picked<'a, K, T>(
    groups: &'a Table<K, Vec<usize>>,
    ix: Ix<K>,
    items: &'a [T],
) -> impl Iterator<Item = &'a T> + 'a {
    groups
        .get(ix)
        .into_iter()
        .flatten()
        .filter_map(|&k| items.get(k))
}

/// A link followed by the record's name when it says more than the id.
fn named(link: String, id: &str, name: &str) -> String {
    let name = name.trim();
    if name.is_empty() || name == id {
        link
    } else {
        format!("{link}<br><span class=\"sub\">{}</span>", esc(name))
    }
}

/// A sub-timeline: the lanes `keep_lane` keeps, with the intervals
/// `keep_row` keeps (lanes left empty by it are dropped when `drop_empty`).
pub(crate) fn cut_timeline(
    tl: &Timeline,
    keep_lane: impl Fn(&EnvironmentLane) -> bool,
    keep_row: impl Fn(IntervalIx) -> bool,
    drop_empty: bool,
) -> Timeline {
    let environments: Vec<EnvironmentLane> = tl
        .environments
        .iter()
        .filter(|l| keep_lane(l))
        .filter_map(|l| {
            let intervals: Vec<_> = l
                .intervals
                .iter()
                .filter(|r| keep_row(r.index))
                .cloned()
                .collect();
            if drop_empty && intervals.is_empty() {
                return None;
            }
            Some(EnvironmentLane {
                index: l.index,
                id: l.id.clone(),
                name: l.name.clone(),
                sharing: l.sharing,
                windows: l.windows.clone(),
                intervals,
                outages: l.outages.clone(),
            })
        })
        .collect();
    with_lanes(tl, environments)
}

/// Where each interval sits in a timeline, `(lane, row)`, by interval index.
fn positions(tl: &Timeline, intervals: usize) -> Table<Interval, Option<(usize, usize)>> {
    let mut out: Table<Interval, Option<(usize, usize)>> = (0..intervals).map(|_| None).collect();
    for (l, lane) in tl.environments.iter().enumerate() {
        for (r, row) in lane.intervals.iter().enumerate() {
            if let Some(slot) = out.get_mut(row.index) {
                *slot = Some((l, r));
            }
        }
    }
    out
}

/// The sub-timeline of the intervals in `list`, each under its own lane
/// with that lane's outages; found through `pos` ([`positions`]), so that a
/// participant's timeline costs what it shows, not the whole registry.
pub(crate) fn timeline_of(
    tl: &Timeline,
    pos: &Table<Interval, Option<(usize, usize)>>,
    list: &[IntervalIx],
) -> Timeline {
    let mut by_lane: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for &i in list {
        if let Some((l, r)) = pos.get(i).copied().flatten() {
            by_lane.entry(l).or_default().push(r);
        }
    }
    let environments: Vec<EnvironmentLane> = by_lane
        .into_iter()
        .map(|(l, mut rows)| {
            rows.sort_unstable();
            rows.dedup();
            let lane = &tl.environments[l];
            EnvironmentLane {
                index: lane.index,
                id: lane.id.clone(),
                name: lane.name.clone(),
                sharing: lane.sharing,
                windows: lane.windows.clone(),
                intervals: rows.iter().map(|&r| lane.intervals[r].clone()).collect(),
                outages: lane.outages.clone(),
            }
        })
        .collect();
    with_lanes(tl, environments)
}

/// `tl` with other lanes, and the clashes of the intervals they show.
fn with_lanes(tl: &Timeline, environments: Vec<EnvironmentLane>) -> Timeline {
    let shown: std::collections::HashSet<&str> = environments
        .iter()
        .flat_map(|l| l.intervals.iter().map(|r| r.id.as_str()))
        .collect();
    let clashes = tl
        .clashes
        .iter()
        .filter(|c| shown.contains(c.earlier.as_str()) || shown.contains(c.later.as_str()))
        .cloned()
        .collect();
    Timeline {
        programme_id: tl.programme_id.clone(),
        programme_name: tl.programme_name.clone(),
        tz: tl.tz,
        as_of: tl.as_of,
        period: tl.period,
        environments,
        clashes,
        clashes_not_shown: tl.clashes_not_shown.clone(),
        left_out: 0,
    }
}

/// The days the calendars cover: from a year before the as-of day (or the
/// first record, if later) to the last record's end, and at least a year ahead.
fn feed_period(m: &Model<'_>, as_of: NaiveDate) -> Period {
    let tz = m.settings.tz;
    let mut first = as_of;
    let mut last = as_of.checked_add_months(Months::new(12)).unwrap_or(as_of);
    let dates = m
        .intervals
        .iter()
        .filter_map(|f| f.range)
        .chain(m.outages.iter().filter_map(|o| {
            let start = o.start?;
            Some(crate::time::TimeRange::new(start, o.end.unwrap_or(start)))
        }));
    for r in dates {
        first = first.min(crate::time::when::date_of(r.start, tz));
        last = last.max(crate::time::when::last_day_before(r.end, tz));
    }
    Period::new(first, last).unwrap_or(Period::around(as_of))
}

fn sorted_by_start(m: &Model<'_>, list: &mut [IntervalIx]) {
    list.sort_by_key(|&i| (m.intervals[i].range.map(|r| r.start), i));
}

/// Build every file of the site, in memory.
pub fn build(inputs: Inputs<'_, '_>) -> Site {
    let mut site = Site::default();
    build_into(inputs, &mut site);
    site
}

/// Build every file of the site into `site`, which keeps them or writes
/// each as it is made ([`output::write`]).
pub fn build_into(inputs: Inputs<'_, '_>, site: &mut Site) {
    let checked = inputs.checked;
    let m = &checked.model;
    let reg = m.reg;
    let as_of = checked.as_of;
    let tz = m.settings.tz;

    let env_slugs = slug::slugs_for(reg.environments.iter().map(|r| r.id.as_str())).into();
    let participant_slugs = slug::slugs_for(reg.participants.iter().map(|r| r.id.as_str())).into();
    let interval_slugs = slug::slugs_for(reg.intervals.iter().map(|r| r.id.as_str())).into();
    let cert_slugs = slug::slugs_for(reg.certificates.iter().map(|r| r.id.as_str())).into();
    let outage_slugs = slug::slugs_for(reg.outages.iter().map(|r| r.id.as_str())).into();

    let mut findings_by_record: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in checked.findings.iter().enumerate() {
        for r in &f.records {
            findings_by_record.entry(r.clone()).or_default().push(i);
        }
    }

    let (n_env, n_participant) = (reg.environments.len(), reg.participants.len());
    let mut env_intervals = grouped(
        n_env,
        m.intervals
            .indexed()
            .map(|(i, f)| (i, f.env.into_iter().chain(f.uses.iter().copied()))),
    );
    let mut participant_intervals = grouped(
        n_participant,
        m.intervals
            .indexed()
            .map(|(i, f)| (i, f.participants.iter().copied())),
    );
    for list in env_intervals
        .iter_mut()
        .chain(participant_intervals.iter_mut())
    {
        sorted_by_start(m, list);
    }
    let participant_certs = grouped(
        n_participant,
        m.certificates.indexed().map(|(i, f)| (i, f.participant)),
    );
    let env_certs = grouped(n_env, m.certificates.indexed().map(|(i, f)| (i, f.env)));
    let mut env_outages = grouped(n_env, m.outages.indexed().map(|(i, f)| (i, f.env)));
    for list in &mut env_outages {
        list.sort_by_key(|&o| (m.outages[o].start, o));
    }

    let (in_use, in_use_order) = in_use(m, as_of);
    let gaps = uncovered(m, crate::time::when::start_of_day(as_of, tz));
    let participant_gaps = grouped(
        n_participant,
        gaps.iter().enumerate().map(|(k, u)| (k, [u.participant])),
    );
    let interval_gaps = grouped(
        reg.intervals.len(),
        gaps.iter().enumerate().map(|(k, u)| (k, [u.interval])),
    );
    let clashes = find_clashes(m);
    let env_clashes = grouped(n_env, clashes.iter().enumerate().map(|(k, c)| (k, [c.env])));
    let interval_clashes = grouped(
        reg.intervals.len(),
        clashes
            .iter()
            .enumerate()
            .map(|(k, c)| (k, [c.earlier, c.later])),
    );

    let registry_text = pack::registry_text(&inputs.registry);
    let pack = pack::build(pack::Inputs {
        checked,
        edition: pack::Edition::Monthly,
        month: as_of,
        meeting: as_of,
        registry: inputs.registry,
        changes: None,
    });
    let (coming, all) = timelines(m, as_of);
    let frame = frame(m, as_of, &registry_text);
    let coming_pos = positions(&coming, reg.intervals.len());
    let all_pos = positions(&all, reg.intervals.len());
    let mut cx = Cx {
        m,
        checked,
        as_of,
        tz,
        base_url: inputs.base_url,
        history: inputs.history,
        frame,
        env_slugs,
        participant_slugs,
        interval_slugs,
        cert_slugs,
        outage_slugs,
        findings_by_record,
        clashes,
        env_clashes,
        interval_clashes,
        env_intervals,
        participant_intervals,
        participant_certs,
        env_certs,
        in_use,
        in_use_order,
        cert_status: crate::certificates::status(m, as_of),
        gaps,
        participant_gaps,
        interval_gaps,
        env_outages,
        pack,
        milestone_dues: Vec::new(),
        participant_dues: Table::default(),
        milestone_dues_of: Table::default(),
        coming,
        all,
        coming_pos,
        all_pos,
        booking_rows: Table::default(),
    };
    cx.milestone_dues = milestones::all(&cx);
    cx.booking_rows = records::booking_cache(&cx);
    let dues = cx.milestone_dues.iter().enumerate();
    cx.participant_dues = grouped(
        n_participant,
        dues.clone().map(|(k, d)| (k, [d.participant])),
    );
    cx.milestone_dues_of = grouped(reg.milestones.len(), dues.map(|(k, d)| (k, [d.milestone])));

    dashboard::render(&cx, site);
    lists::render(&cx, site);
    records::render(&cx, site);
    feeds::render(&cx, site);
    api::render(&cx, site);
    site.add(
        "staticwebapp.config.json",
        static_web_app_config(&cx.frame.csp),
    );
}

/// The as-of month and the two after it (for the drawings), and everything
/// (for the calendars).
fn timelines(m: &Model<'_>, as_of: NaiveDate) -> (Timeline, Timeline) {
    let of = |period| {
        build_timeline(
            m,
            as_of,
            &PlanQuery {
                period,
                environment: None,
                participant: None,
            },
        )
    };
    (of(Period::around(as_of)), of(feed_period(m, as_of)))
}

/// What every page has around its content.
fn frame(m: &Model<'_>, as_of: NaiveDate, registry_text: &str) -> Frame {
    let programme_name = m
        .reg
        .programme()
        .map(|p| p.name.value.trim().to_owned())
        .unwrap_or_else(|| "Registry".to_owned());
    Frame {
        programme: esc(&programme_name),
        footer: format!(
            "As of {as_of}, times in {}. Registry: {}. Built by envplan from the registry; \
             every page is static and needs no script.",
            esc(m.settings.tz.name()),
            esc(registry_text)
        ),
        csp: page::content_security_policy(),
    }
}

/// For each of the `n` records of kind `K`, the items that name it, in
/// item order and each once: `items` gives an item (its index) with the
/// records it belongs to.
fn grouped<K, J, R>(n: usize, items: impl Iterator<Item = (J, R)>) -> Table<K, Vec<J>>
where
    J: Copy + PartialEq,
    R: IntoIterator<Item = Ix<K>>,
{
    let mut out: Table<K, Vec<J>> = (0..n).map(|_| Vec::new()).collect();
    for (item, records) in items {
        for r in records {
            if let Some(list) = out.get_mut(r) {
                if list.last() != Some(&item) {
                    list.push(item);
                }
            }
        }
    }
    out
}

/// Every certificate in use (not revoked, not replaced), by certificate,
/// and the order `certs` lists them in (by expiry).
fn in_use(
    m: &Model<'_>,
    as_of: NaiveDate,
) -> (Table<Certificate, Option<listing::Entry>>, Vec<CertIx>) {
    let entries = listing::list(
        m,
        &Query {
            as_of,
            window_days: i64::MAX / 4,
            participant: None,
            environment: None,
            include_expired: true,
        },
    );
    let order: Vec<CertIx> = entries.iter().map(|e| e.cert).collect();
    let mut by_cert: Table<Certificate, Option<listing::Entry>> = m.reg.certificates.map(|_| None);
    for e in entries {
        let c = e.cert;
        by_cert[c] = Some(e);
    }
    (by_cert, order)
}

/// Azure Static Web Apps reads this file from the site's root: the same
/// policy as a response header (stronger than the pages' meta element), and
/// the calendar type for `.ics`. Other hosts ignore it.
fn static_web_app_config(csp: &str) -> Vec<u8> {
    let config = serde_json::json!({
        "globalHeaders": {
            "Content-Security-Policy": csp,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer"
        },
        "mimeTypes": {
            ".ics": "text/calendar; charset=utf-8",
            ".json": "application/json"
        }
    });
    let mut out = serde_json::to_vec_pretty(&config).unwrap_or_default();
    out.push(b'\n');
    out
}
