//! The calendars to subscribe to: `feeds/programme.ics`, one per environment
//! (`feeds/env-<id>.ics`) and one per participant
//! (`feeds/participant-<id>.ics`), written by the plan's iCalendar writer
//! ([`crate::plan::ics::render_feed`]).
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
use crate::plan::ics::{render_feed, DayEvent, Feed, Stamping};
use crate::registry::document::Kind;
use crate::time::Instant;

use super::lists::slug_or;
use super::{cut_timeline, timeline_of, Cx, Site};

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
    // Made where it is used: a `&dyn Fn` is not shared between threads, the
    // closure behind it is.
    let stamping = || Stamping {
        lookup: &lookup,
        fallback,
    };
    let certs: Vec<&listing::Entry> = cx
        .in_use_order
        .iter()
        .filter_map(|&c| cx.in_use[c].as_ref())
        .collect();
    let expiry = |e: &listing::Entry| {
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
    };
    let name = |what: &str| format!("{}: {what}", collapse_spaces(&cx.all.programme_name));

    let all: Vec<DayEvent> = certs.iter().map(|e| expiry(e)).collect();
    site.add(
        "feeds/programme.ics",
        render_feed(
            &cx.all,
            &Feed {
                name: name("whole programme"),
                prodid: PRODID,
                stamping: Some(&stamping()),
                extra: &all,
            },
        ),
    );
    site.add_each(cx.m.reg.environments.len(), |e| {
        let slug = cx.env_slugs[e].as_ref()?;
        let tl = cut_timeline(&cx.all, |l| l.index == e, |_| true, false);
        let extra: Vec<DayEvent> = cx
            .entries(&cx.env_certs[e])
            .into_iter()
            .map(expiry)
            .collect();
        Some((
            format!("feeds/env-{slug}.ics"),
            render_feed(
                &tl,
                &Feed {
                    name: name(&format!(
                        "environment {}",
                        cx.m.reg.environments[e].id.as_str()
                    )),
                    prodid: PRODID,
                    stamping: Some(&stamping()),
                    extra: &extra,
                },
            )
            .into_bytes(),
        ))
    });
    site.add_each(cx.m.reg.participants.len(), |p| {
        cx.participant_slugs[p].as_ref()?;
        let tl = timeline_of(&cx.all, &cx.all_pos, &cx.participant_intervals[p]);
        let mut extra: Vec<DayEvent> = cx
            .entries(&cx.participant_certs[p])
            .into_iter()
            .map(expiry)
            .collect();
        let pid = cx.m.reg.participants[p].id.as_str();
        for d in cx.dues_of_participant(p) {
            let r = &cx.m.reg.milestones[d.milestone];
            extra.push(DayEvent {
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
            });
        }
        Some((
            format!(
                "feeds/participant-{}.ics",
                slug_or(&cx.participant_slugs[p])
            ),
            render_feed(
                &tl,
                &Feed {
                    name: name(&format!(
                        "participant {}",
                        cx.m.reg.participants[p].id.as_str()
                    )),
                    prodid: PRODID,
                    stamping: Some(&stamping()),
                    extra: &extra,
                },
            )
            .into_bytes(),
        ))
    });
}
