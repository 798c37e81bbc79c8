//! The calendars to subscribe to: `feeds/programme.ics`, one per environment
//! (`feeds/env-<id>.ics`) and one per participant
//! (`feeds/participant-<id>.ics`), written by the plan's iCalendar writer
//! ([`crate::plan::ics`]), each event rendered once and copied into every
//! feed that carries it.
//!
//! - An event's UID comes from its record's kind and id, the same in every
//!   feed, so a calendar that subscribes to two feeds shows one event.
//! - `SEQUENCE` counts the commits that changed the record, `LAST-MODIFIED`
//!   is the last one's time; `DTSTAMP` equals `LAST-MODIFIED` (the feeds have
//!   no `METHOD`, so RFC 5545 makes DTSTAMP the time the information was last
//!   revised). A record not committed yet takes the newest commit's time, or
//!   the as-of day at 00:00 UTC outside git, with sequence 0.
//! - Cancelled intervals stay, with `STATUS:CANCELLED`, so that subscribers
//!   see them cancelled rather than silently gone.
//! - A participant's feed has its bookings, the outages of the environments
//!   it is booked on, and the last valid day of each certificate it holds
//!   that is in use, and the due day of each milestone that applies to it
//!   (its own day: these events are in its feed only); an environment's has
//!   its bookings, outages and the expiries of certificates for it.

use chrono::{DateTime, TimeZone, Utc};

use crate::certificates::listing;
use crate::output::sanitize::collapse_spaces;
use crate::plan::ics::{assemble, day_event, every_row, rows_of, DayEvent, Events, Head, Stamping};
use crate::registry::document::Kind;
use crate::registry::records::{Certificate, Environment};
use crate::table::Table;
use crate::time::Instant;

use super::lists::slug_or;
use super::{Cx, Site};

const PRODID: &str = "-//envplan//envplan site//EN";

pub(crate) fn render(cx: &Cx<'_, '_>, site: &mut Site) {
    let history = &cx.history;
    let lookup = |kind: Kind, id: &str| -> Option<(u32, Instant)> {
        let s = history.get(kind, id)?;
        Some((s.sequence, DateTime::from_timestamp(s.modified, 0)?))
    };
    let fallback = history
        .latest
        .and_then(|t| DateTime::from_timestamp(t, 0))
        .unwrap_or_else(|| {
            Utc.from_utc_datetime(&cx.as_of.and_hms_opt(0, 0, 0).unwrap_or_default())
        });
    let stamping = Stamping {
        lookup: &lookup,
        fallback,
    };
    let tl = &cx.all;
    // Each event is rendered once and copied into every feed that has it.
    let events = Events::new(tl, Some(&stamping));
    let expiries: Table<Certificate, Option<String>> = cx
        .in_use
        .iter()
        .map(|e| {
            e.as_ref()
                .map(|e| day_event(tl, Some(&stamping), &expiry(e)))
        })
        .collect();
    let expiry_of = |e: &&listing::Entry| expiries[e.cert].as_deref();
    let name = |what: &str| format!("{}: {what}", collapse_spaces(&tl.programme_name));
    let lanes = 0..tl.environments.len();
    let certs: Vec<&listing::Entry> = cx
        .in_use_order
        .iter()
        .filter_map(|&c| cx.in_use[c].as_ref())
        .collect();
    site.add(
        "feeds/programme.ics",
        calendar(
            tl,
            &events,
            &name("whole programme"),
            every_row(tl),
            lanes,
            certs.iter().filter_map(expiry_of),
        ),
    );
    // Where each environment's lane is in the calendar timeline.
    let mut lane_of: Table<Environment, Option<usize>> = cx.m.reg.environments.map(|_| None);
    for (l, lane) in tl.environments.iter().enumerate() {
        if let Some(slot) = lane_of.get_mut(lane.index) {
            *slot = Some(l);
        }
    }
    site.add_each(cx.m.reg.environments.len(), |e| {
        let slug = cx.env_slugs[e].as_ref()?;
        let lane = lane_of[e];
        let rows = lane.into_iter().flat_map(|l| rows_of(tl, l));
        let certs = cx.entries(&cx.env_certs[e]);
        Some((
            format!("feeds/env-{slug}.ics"),
            calendar(
                tl,
                &events,
                &name(&format!(
                    "environment {}",
                    cx.m.reg.environments[e].id.as_str()
                )),
                rows,
                lane,
                certs.iter().filter_map(expiry_of),
            )
            .into_bytes(),
        ))
    });
    site.add_each(cx.m.reg.participants.len(), |p| {
        cx.participant_slugs[p].as_ref()?;
        let mut rows: Vec<(usize, usize)> = cx.participant_intervals[p]
            .iter()
            .filter_map(|&i| cx.all_pos.get(i).copied().flatten())
            .collect();
        rows.sort_unstable();
        rows.dedup();
        let mut lanes: Vec<usize> = rows.iter().map(|&(l, _)| l).collect();
        lanes.dedup();
        let certs = cx.entries(&cx.participant_certs[p]);
        let pid = cx.m.reg.participants[p].id.as_str();
        let dues: Vec<String> = cx
            .dues_of_participant(p)
            .map(|d| day_event(tl, Some(&stamping), &due(cx, d, pid)))
            .collect();
        Some((
            format!(
                "feeds/participant-{}.ics",
                slug_or(&cx.participant_slugs[p])
            ),
            calendar(
                tl,
                &events,
                &name(&format!("participant {pid}")),
                rows,
                lanes,
                certs
                    .iter()
                    .filter_map(|e| expiries[e.cert].as_deref())
                    .chain(dues.iter().map(String::as_str)),
            )
            .into_bytes(),
        ))
    });
}

/// A subscribed feed of `events` (see [`assemble`]).
fn calendar<'e>(
    tl: &crate::plan::Timeline,
    events: &Events,
    name: &str,
    rows: impl IntoIterator<Item = (usize, usize)>,
    lanes: impl IntoIterator<Item = usize>,
    extra: impl IntoIterator<Item = &'e str>,
) -> String {
    let head = Head {
        name,
        prodid: PRODID,
        publish: false,
    };
    assemble(tl, &head, events, rows, lanes, extra)
}

/// A certificate's last valid day, as an event.
fn expiry(e: &listing::Entry) -> DayEvent {
    DayEvent {
        uid_kind: "certificate-expiry",
        kind: Kind::Certificate,
        id: e.id.clone(),
        record: e.id.clone(),
        day: e.last_day,
        summary: format!(
            "Certificate {} ({} for {}) last valid day",
            e.id, e.purpose, e.environment
        ),
        description: format!(
            "Certificate {} of {} for environment {}, purpose {}, MPID {}, role {}: valid through {}. {}.",
            e.id,
            e.participant,
            e.environment,
            e.purpose,
            e.mpid.as_deref().unwrap_or("?"),
            e.role.as_deref().unwrap_or("?"),
            e.last_day,
            e.renewal()
        ),
        categories: vec!["Certificate".to_owned(), e.environment.clone()],
    }
}

/// A milestone's due day for participant `pid`, as an event of its feed alone.
fn due(cx: &Cx<'_, '_>, d: &super::milestones::Due, pid: &str) -> DayEvent {
    let r = &cx.m.reg.milestones[d.milestone];
    DayEvent {
        uid_kind: "milestone",
        id: format!("{}-{pid}", r.id.as_str()),
        kind: Kind::Milestone,
        record: r.id.as_str().to_owned(),
        day: d.due,
        summary: format!(
            "Milestone {} due: {}",
            r.id.as_str(),
            collapse_spaces(r.name.as_str())
        ),
        description: format!(
            "Milestone {} ({}) is due for {pid} on {}: {} as of {}.",
            r.id.as_str(),
            collapse_spaces(r.name.as_str()),
            d.due,
            d.state.text(),
            cx.as_of
        ),
        categories: vec!["Milestone".to_owned()],
    }
}
