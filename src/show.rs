//! One record described for a person (`envplan show ID`): where it is written,
//! its fields in the order the registry format lists them, what follows from
//! them as of a day (days left, whether an interval is under way...), and every
//! record that refers to it, each with the field that does and its place.
//!
//! Ids are unique within a kind only, so one id may name several records;
//! all of them are shown.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::diag::{closest, did_you_mean};
use crate::model::{Model, Reference};
use crate::output::sanitize::{guard_lines, visible};
use crate::registry::describe::Describe;
use crate::registry::document::Kind;
use crate::registry::kinds::{each_kind, with_kind};
use crate::registry::lenient;
use crate::registry::records::{Contact, Hours, Sharing};
use crate::registry::spanned::{OptText, Spanned, Text};
use crate::registry::{RecordKind, Registry};
use crate::table::Ix;
use crate::time::format::{describe_length, describe_range, plural};
use crate::time::when::{date_of, month_start};
use crate::time::TimeRange;

/// Why `show` found nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotFound {
    pub message: String,
    pub help: String,
}

/// Describe every record with this id.
pub fn show(model: &Model<'_>, as_of: NaiveDate, id: &str) -> Result<String, NotFound> {
    let reg = model.reg;
    let found: Vec<(Kind, u32)> = Kind::ALL
        .into_iter()
        .filter_map(|k| model.find_raw(k, id).map(|i| (k, i)))
        .collect();
    if found.is_empty() {
        return Err(not_found(reg, id));
    }
    let refs = model.references();
    let mut out = String::new();
    for (n, (kind, idx)) in found.into_iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let shown = Shown {
            model,
            as_of,
            kind,
            idx,
        };
        shown.write(&refs.all, &mut out);
    }
    Ok(guard_lines(&out).into_owned())
}

fn not_found(reg: &Registry, id: &str) -> NotFound {
    let broken: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| reg.is_broken(*k, id))
        .collect();
    if !broken.is_empty() {
        return NotFound {
            message: format!("a record with the id `{id}` exists, but it could not be read"),
            help: "run `envplan check` to see what is wrong with it".into(),
        };
    }
    let all = all_ids(reg);
    let help = did_you_mean(id, all.iter().map(String::as_str))
        .or_else(|| {
            // Ids are case-sensitive; a case-only difference is worth saying.
            closest(id, all.iter().map(String::as_str))
                .filter(|c| c.eq_ignore_ascii_case(id))
                .map(|c| format!("ids are case-sensitive: did you mean `{c}`?"))
        })
        .unwrap_or_else(|| "run `envplan check` or look in the registry for the ids in use".into());
    NotFound {
        message: format!("no record has the id `{id}`"),
        help,
    }
}

fn all_ids(reg: &Registry) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    each_kind!(T => {
        ids.extend(reg.records::<T>().iter().map(|r| r.id().value.to_string()));
    });
    ids.sort();
    ids.dedup();
    ids
}

/// Rows of `name  value`, printed with the names aligned.
#[derive(Default)]
struct Rows(Vec<(String, String)>);

impl Rows {
    /// One value on one line: registry text in it is shown escaped
    /// (`crate::output::sanitize`), so it cannot end the line.
    fn add(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        if !value.is_empty() {
            self.0.push((name.to_owned(), visible(&value).into_owned()));
        }
    }
    /// A value of several lines (one per role, contact...), each shown as `add` shows one.
    fn add_lines(&mut self, name: &str, lines: impl IntoIterator<Item = String>) {
        let lines: Vec<String> = lines
            .into_iter()
            .map(|l| visible(&l).into_owned())
            .collect();
        if !lines.is_empty() {
            self.0.push((name.to_owned(), lines.join("\n")));
        }
    }
    fn text(&mut self, name: &str, value: &Text) {
        self.add(name, value.value.clone());
    }
    fn opt(&mut self, name: &str, value: &OptText) {
        if let Some(v) = value {
            self.text(name, v);
        }
    }
    fn list(&mut self, name: &str, values: &[Text]) {
        self.add(name, join(values.iter().map(|t| t.as_str())));
    }
    fn write(&self, out: &mut String) {
        let width = self
            .0
            .iter()
            .map(|(n, _)| n.chars().count())
            .max()
            .unwrap_or(0);
        for (name, value) in &self.0 {
            let mut lines = value.lines();
            let first = lines.next().unwrap_or_default();
            let _ = writeln!(out, "  {name:<width$}  {first}");
            for more in lines {
                let _ = writeln!(out, "  {:<width$}  {more}", "");
            }
        }
    }
}

fn join<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values.collect::<Vec<_>>().join(", ")
}

fn contact(c: &Contact) -> String {
    format!("{} <{}>", c.name.value, c.email.value)
}

fn contact_opt(c: &Option<Spanned<Contact>>) -> String {
    c.as_ref().map(|c| contact(c)).unwrap_or_default()
}

fn hours(h: &Hours) -> String {
    h.as_written()
}

struct Shown<'a, 'r> {
    model: &'a Model<'r>,
    as_of: NaiveDate,
    kind: Kind,
    /// The position in its kind's list (the kind is known only at run time).
    idx: u32,
}

impl Shown<'_, '_> {
    fn write(&self, refs: &[Reference<'_>], out: &mut String) {
        let reg = self.model.reg;
        let (file, id, name) = self.header();
        let _ = writeln!(
            out,
            "{} {}{}",
            self.kind,
            visible(id),
            name.map(|n| format!(": {}", visible(n)))
                .unwrap_or_default()
        );
        let _ = writeln!(
            out,
            "  written in {}:{}",
            visible(&reg.file(file).rel),
            id_line(self)
        );
        out.push('\n');
        self.fields().write(out);

        let facts = self.facts();
        if !facts.0.is_empty() {
            let _ = writeln!(out, "\nAs of {}", self.as_of);
            facts.write(out);
        }

        let mut incoming: Vec<&Reference<'_>> = refs
            .iter()
            .filter(|r| r.to_kind == self.kind && r.to_id == id)
            .collect();
        incoming.sort_by_key(|r| (reg.file(r.file).rel.as_str(), r.loc.line, r.loc.column()));
        incoming.dedup_by(|a, b| {
            a.from_kind == b.from_kind && a.from_id == b.from_id && a.field == b.field
        });
        out.push('\n');
        if incoming.is_empty() {
            let _ = writeln!(out, "Referenced by nothing");
            return;
        }
        let _ = writeln!(out, "Referenced by");
        let rows: Vec<[String; 4]> = incoming
            .iter()
            .map(|r| {
                [
                    r.from_kind.name().to_owned(),
                    visible(r.from_id).into_owned(),
                    r.field.to_owned(),
                    format!("{}:{}", visible(&reg.file(r.file).rel), r.loc.line),
                ]
            })
            .collect();
        let widths: Vec<usize> = (0..3)
            .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        for r in rows {
            let _ = writeln!(
                out,
                "  {:<w0$}  {:<w1$}  {:<w2$}  {}",
                r[0],
                r[1],
                r[2],
                r[3],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2]
            );
        }
    }

    /// File, id and name (when the kind has one).
    fn header(&self) -> (crate::diag::FileId, &str, Option<&str>) {
        let reg = self.model.reg;
        with_kind!(self.kind, T => {
            let r = &reg.records::<T>()[Ix::from_raw(self.idx)];
            (r.file, r.id().as_str(), r.value.name().map(|n| n.as_str()))
        })
    }

    /// The fields as written, in the order the registry format lists them.
    fn fields(&self) -> Rows {
        let reg = self.model.reg;
        let i = self.idx;
        let mut rows = Rows::default();
        match self.kind {
            Kind::Programme => {
                let r = &reg.programmes[Ix::from_raw(i)];
                rows.text("timezone", &r.timezone);
                rows.opt("ewg", &r.ewg);
                rows.opt("certificate_warning", &r.certificate_warning);
                rows.opt("outage_notice", &r.outage_notice);
                rows.list("holidays", &r.holidays);
                rows.list("receive_only_roles", &r.receive_only_roles);
                let vocab = |map: &crate::registry::vocab::SpannedMap<Text>| {
                    map.iter()
                        .map(|(k, v)| format!("{}: {}", k.value, v.value))
                        .collect::<Vec<_>>()
                };
                rows.add_lines("roles", vocab(&r.roles));
                rows.add_lines("stages", vocab(&r.stages));
                rows.add(
                    "rules",
                    r.rules
                        .iter()
                        .map(|(k, v)| format!("{}: {}", k.value, v.value))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                rows.list("exclude", &r.exclude);
                rows.opt("description", &r.description);
            }
            Kind::Environment => {
                let r = &reg.environments[Ix::from_raw(i)];
                rows.text("owner", &r.owner);
                rows.add("phase", lenient::shown(r.phase.as_ref()));
                rows.list("stages", &r.stages);
                rows.add(
                    "sharing",
                    r.sharing
                        .as_ref()
                        .map(|s| s.value.as_str())
                        .unwrap_or("shared (default)"),
                );
                if let Some(w) = &r.required {
                    rows.add(
                        "required",
                        format!("from {} to {}", w.from.value, w.to.value),
                    );
                }
                rows.opt("sandbox_end", &r.sandbox_end);
                rows.add(
                    "connects_to",
                    join_owned(r.connects_to.iter().map(|c| c.value.to_string())),
                );
                rows.opt("staging", &r.staging);
                rows.add(
                    "certificates",
                    join_owned(r.certificates.iter().map(|p| p.value.to_string())),
                );
                rows.add(
                    "connectivity",
                    join_owned(r.connectivity.iter().map(|s| s.value.to_string())),
                );
                rows.list("components", &r.components);
                if let Some(roles) = &r.roles {
                    rows.list("roles", roles);
                }
                if let Some(rd) = &r.readiness {
                    let mut text = rd
                        .status
                        .as_ref()
                        .map_or("(status unreadable)", |s| s.value.as_str())
                        .to_owned();
                    if let Some(d) = &rd.ready_on {
                        let _ = write!(text, ", ready_on {}", d.value);
                    }
                    rows.add("readiness", text);
                    if let Some(c) = &rd.checks {
                        let done = join_owned(
                            [
                                ("network", &c.network),
                                ("certificates", &c.certificates),
                                ("test_data", &c.test_data),
                                ("monitoring", &c.monitoring),
                                ("sign_off", &c.sign_off),
                            ]
                            .into_iter()
                            .filter_map(|(n, t)| t.as_ref().map(|t| format!("{n} {}", t.value))),
                        );
                        rows.add("checks", done);
                    }
                }
                rows.opt("description", &r.description);
            }
            Kind::Participant => {
                let r = &reg.participants[Ix::from_raw(i)];
                rows.add("type", lenient::shown(r.kind.as_ref()));
                rows.list("roles", &r.roles);
                rows.list("mpids", &r.mpids);
                rows.add("environment_manager", contact_opt(&r.environment_manager));
                rows.add(
                    "connects_to_dip",
                    match &r.connects_to_dip {
                        Some(b) => b.value.to_string(),
                        None => "true (default)".into(),
                    },
                );
                rows.opt("dcp", &r.dcp);
                if let Some(o) = &r.pki_officers {
                    rows.add("nominating_officer", contact_opt(&o.nominating_officer));
                    rows.add("sro", contact_opt(&o.sro));
                    rows.add("aro", contact_opt(&o.aro));
                    let contacts: Vec<String> = o
                        .technical_contacts
                        .iter()
                        .map(|t| {
                            let appointed = join_owned(t.appointments.iter().map(|a| {
                                format!("{}/{}/{}", a.mpid.value, a.role.value, a.environment.value)
                            }));
                            let org = t
                                .organisation
                                .as_ref()
                                .map(|o| format!(" ({})", o.value))
                                .unwrap_or_default();
                            if appointed.is_empty() {
                                format!("{} <{}>{org}", t.name.value, t.email.value)
                            } else {
                                format!("{} <{}>{org}: {appointed}", t.name.value, t.email.value)
                            }
                        })
                        .collect();
                    rows.add_lines("technical_contacts", contacts);
                }
                let connectivity: Vec<String> = r
                    .connectivity
                    .iter()
                    .map(|(env, d)| {
                        let steps = join_owned(
                            [
                                ("internal", &d.internal),
                                ("certificates", &d.certificates),
                                ("webhooks", &d.webhooks),
                                ("message", &d.message),
                            ]
                            .into_iter()
                            .filter_map(|(n, t)| t.as_ref().map(|t| format!("{n} {}", t.value))),
                        );
                        format!("{}: {steps}", env.value)
                    })
                    .collect();
                rows.add_lines("connectivity", connectivity);
                rows.add(
                    "milestones",
                    join_owned(
                        r.milestones
                            .iter()
                            .map(|(k, v)| format!("{} met {}", k.value, v.value)),
                    ),
                );
                if let Some(b) = &r.backups {
                    let mut parts = Vec::new();
                    if let Some(s) = &b.schedule {
                        parts.push(s.value.to_string());
                    }
                    if let Some(t) = &b.last_restore_test {
                        parts.push(format!("last restore test {}", t.value));
                    }
                    rows.add("backups", parts.join("; "));
                }
                rows.opt("description", &r.description);
            }
            Kind::Interval => {
                let r = &reg.intervals[Ix::from_raw(i)];
                rows.text("environment", &r.environment);
                rows.text("stage", &r.stage);
                rows.text("start", &r.start);
                rows.text("end", &r.end);
                rows.list("participants", &r.participants);
                rows.list("uses", &r.uses);
                rows.add(
                    "status",
                    r.status
                        .as_ref()
                        .map(|s| s.value.as_str())
                        .unwrap_or("planned (default)"),
                );
                rows.opt("description", &r.description);
            }
            Kind::Certificate => {
                let r = &reg.certificates[Ix::from_raw(i)];
                rows.text("participant", &r.participant);
                rows.text("environment", &r.environment);
                rows.add("purpose", lenient::shown(r.purpose.as_ref()));
                rows.opt("mpid", &r.mpid);
                rows.opt("role", &r.role);
                rows.opt("requested_by", &r.requested_by);
                rows.opt("issued", &r.issued);
                rows.text("expires", &r.expires);
                rows.opt("file", &r.value.file);
                rows.opt("replaces", &r.replaces);
                rows.opt("revoked", &r.revoked);
                rows.opt("description", &r.description);
            }
            Kind::Availability => {
                let r = &reg.availabilities[Ix::from_raw(i)];
                rows.text("environment", &r.environment);
                rows.add("service", hours(&r.service));
                if let Some(s) = &r.support {
                    rows.add("support", hours(s));
                }
                if let Some(b) = &r.backups {
                    let mut parts = Vec::new();
                    if let Some(e) = &b.every {
                        parts.push(format!("every {}", e.value));
                    }
                    if let Some(k) = &b.retention {
                        parts.push(format!("kept {}", k.value));
                    }
                    rows.add("backups", parts.join(", "));
                }
                rows.add(
                    "cutoffs",
                    join_owned(
                        r.cutoffs
                            .iter()
                            .map(|c| format!("{} {}", c.name.value, c.at.value)),
                    ),
                );
                rows.add(
                    "observes_holidays",
                    match &r.observes_holidays {
                        Some(b) => b.value.to_string(),
                        None => "true (default)".into(),
                    },
                );
                rows.opt("monitoring", &r.monitoring);
                rows.opt("description", &r.description);
            }
            Kind::Outage => {
                let r = &reg.outages[Ix::from_raw(i)];
                rows.text("environment", &r.environment);
                rows.add(
                    "planned",
                    r.planned
                        .value
                        .map_or(crate::registry::lenient::INVALID.to_owned(), |p| {
                            p.to_string()
                        }),
                );
                rows.add("reason", lenient::shown(r.reason.as_ref()));
                rows.text("start", &r.start);
                rows.add(
                    "end",
                    r.end
                        .as_ref()
                        .map_or("(none: still ongoing)".to_owned(), |e| e.value.to_string()),
                );
                rows.opt("notified", &r.notified);
                rows.opt("defect", &r.defect);
                rows.opt("description", &r.description);
            }
            Kind::Milestone => {
                let r = &reg.milestones[Ix::from_raw(i)];
                use crate::registry::milestone::Due;
                rows.add(
                    "due",
                    match &r.due.value {
                        Due::Day(t) if crate::time::when::parse_date(t.as_str()).is_ok() => {
                            t.value.to_string()
                        }
                        Due::Day(t) => format!("the day before interval {} starts", t.value),
                        Due::BeforeFirst(b) => match &b.environment {
                            Some(e) => format!(
                                "before the first {} interval on {}",
                                b.before_first.value, e.value
                            ),
                            None => format!("before the first {} interval", b.before_first.value),
                        },
                    },
                );
                match &r.applies_to {
                    Some(a) => {
                        let mut parts = Vec::new();
                        if !a.roles.is_empty() {
                            parts.push(format!(
                                "roles {}",
                                join(a.roles.iter().map(|t| t.as_str()))
                            ));
                        }
                        if !a.participants.is_empty() {
                            parts.push(format!(
                                "participants {}",
                                join(a.participants.iter().map(|t| t.as_str()))
                            ));
                        }
                        if let Some(e) = &a.environment {
                            parts.push(format!("booked on {}", e.value));
                        }
                        if let Some(st) = &a.stage {
                            parts.push(format!("booked for stage {}", st.value));
                        }
                        rows.add("applies_to", parts.join("; "));
                    }
                    None => rows.add("applies_to", "every participant (default)"),
                }
                let requires = match &r.requires {
                    None => "recorded under each participant's milestones".to_owned(),
                    Some(q) => {
                        if let Some(c) = &q.certificate {
                            format!(
                                "a valid {} certificate for {}",
                                crate::registry::lenient::shown(c.purpose.as_ref()),
                                c.environment.value
                            )
                        } else if let Some(c) = &q.connectivity {
                            match &c.steps {
                                Some(steps) => format!(
                                    "connectivity steps {} on {}",
                                    join(steps.iter().map(|s| s.value.as_str())),
                                    c.environment.value
                                ),
                                None => format!(
                                    "every connectivity step required on {}",
                                    c.environment.value
                                ),
                            }
                        } else if let Some(o) = &q.officers {
                            format!(
                                "PKI officers recorded: {}",
                                join(o.iter().map(|x| x.value.as_str()))
                            )
                        } else {
                            String::new()
                        }
                    }
                };
                rows.add("requires", requires);
                rows.opt("description", &r.description);
            }
        }
        rows
    }

    /// What follows from the fields as of the day.
    fn facts(&self) -> Rows {
        let m = self.model;
        let reg = m.reg;
        let tz = m.settings.tz;
        let i = self.idx;
        let mut rows = Rows::default();
        match self.kind {
            Kind::Programme => {
                if let Some(rule) = m.settings.ewg {
                    let this_month = month_start(self.as_of);
                    let next = [this_month, next_month(this_month)]
                        .into_iter()
                        .filter_map(|d| rule.in_month(d.year(), d.month()))
                        .find(|d| *d >= self.as_of);
                    if let Some(d) = next {
                        rows.add("next EWG", format!("{d} ({})", in_days(d, self.as_of)));
                    }
                }
                rows.add(
                    "records",
                    format!(
                        "{}, {}, {}, {}, {}, {}",
                        plural(reg.environments.len() as i64, "environment"),
                        plural(reg.participants.len() as i64, "participant"),
                        plural(reg.intervals.len() as i64, "interval"),
                        plural(reg.certificates.len() as i64, "certificate"),
                        plural(reg.availabilities.len() as i64, "availability record"),
                        plural(reg.outages.len() as i64, "outage"),
                    ),
                );
            }
            Kind::Environment => {
                let i = Ix::from_raw(i);
                let f = &m.environments[i];
                rows.add(
                    "sharing",
                    match f.sharing {
                        Sharing::Shared => "any number of intervals may overlap",
                        Sharing::Exclusive => "one interval at a time",
                        Sharing::SerialStages => "overlapping intervals must be of the same stage",
                        Sharing::SingleUpstream => {
                            "overlapping intervals must reach it through the same upstream environment"
                        }
                    },
                );
                if let Some((from, to)) = f.required {
                    let state = if self.as_of < from {
                        format!("not yet: from {from} ({})", in_days(from, self.as_of))
                    } else if self.as_of > to {
                        format!("no longer: ended {to}")
                    } else {
                        let left = (to - self.as_of).num_days() + 1;
                        format!("yes, until {to} ({} left)", plural(left, "day"))
                    };
                    rows.add("required", state);
                }
                if let Some(a) = f.availability {
                    let av = &reg.availabilities[a];
                    rows.add(
                        "service hours",
                        format!("{} ({})", hours(&av.service), av.id.value),
                    );
                } else {
                    rows.add(
                        "service hours",
                        crate::availability::hours(m, i).describe(m),
                    );
                }
                if !f.all_components.is_empty() {
                    let id = |e: crate::model::EnvIx| reg.environments[e].id.value.to_string();
                    let direct = join_owned(f.components.iter().map(|&e| id(e)));
                    let deeper: Vec<String> = f
                        .all_components
                        .iter()
                        .filter(|e| !f.components.contains(e))
                        .map(|&e| id(e))
                        .collect();
                    let mut text = format!("made of {direct}");
                    if !deeper.is_empty() {
                        let _ = write!(text, ", and through them {}", deeper.join(", "));
                    }
                    text.push_str("; their outages are its outages");
                    rows.add("components", text);
                }
                if let Some(r) = &f.readiness {
                    rows.add("readiness", readiness_state(r, f.required, self.as_of));
                }
                let as_of_start = crate::time::when::start_of_day(self.as_of, tz);
                let mut upcoming: Vec<(TimeRange, &str)> = Vec::new();
                let mut current: Vec<&str> = Vec::new();
                for (_, iv, facts) in m.intervals() {
                    let here = facts.env == Some(i) || facts.uses.contains(&i);
                    let Some(range) = facts.range else { continue };
                    if !here || facts.is_cancelled() {
                        continue;
                    }
                    if range.start <= as_of_start && range.end > as_of_start {
                        current.push(iv.id.as_str());
                    } else if range.start > as_of_start {
                        upcoming.push((range, iv.id.as_str()));
                    }
                }
                rows.add("booked now", join(current.iter().copied()));
                upcoming.sort_by_key(|(r, id)| (r.start, *id));
                if let Some((range, id)) = upcoming.first() {
                    rows.add(
                        "next booking",
                        format!("{id}, {}", describe_range(range, tz)),
                    );
                }
                let ongoing: Vec<&str> = reg
                    .outages
                    .iter()
                    .zip(&m.outages)
                    .filter(|(_, f)| f.env == Some(i))
                    .filter(|(_, f)| {
                        f.start.is_some_and(|s| s <= as_of_start)
                            && f.end.is_none_or(|e| e > as_of_start)
                            && f.end_ok
                    })
                    .map(|(o, _)| o.id.as_str())
                    .collect();
                rows.add("outage now", join(ongoing.into_iter()));
            }
            Kind::Participant => {
                let i = Ix::from_raw(i);
                let held = m
                    .certificates
                    .iter()
                    .filter(|c| c.participant == Some(i))
                    .count();
                rows.add("holds", plural(held as i64, "certificate"));
                let taking_part = m
                    .intervals
                    .iter()
                    .filter(|f| f.participants.contains(&i) && !f.is_cancelled())
                    .filter(|f| f.range.is_some_and(|r| date_of(r.end, tz) > self.as_of))
                    .count();
                rows.add(
                    "intervals",
                    format!("{} not yet ended", plural(taking_part as i64, "interval")),
                );
                let cohorts: Vec<String> = reg
                    .environments
                    .indices()
                    .filter_map(|e| {
                        let c = m.cohort(i, e)?;
                        let iv = &reg.intervals[c];
                        Some(format!(
                            "{}: {} ({}, from {})",
                            reg.environments[e].id.value,
                            iv.id.value,
                            iv.name.value,
                            iv.start.value
                        ))
                    })
                    .collect();
                let milestones: Vec<String> =
                    crate::milestones::status::of_participant(m, i, self.as_of)
                        .iter()
                        .map(|(ms, s, st)| {
                            format!(
                                "{}: {}, due {}",
                                reg.milestones[*ms].id.value,
                                st.as_str(),
                                s.due
                            )
                        })
                        .collect();
                rows.add_lines("milestones", milestones);
                if cohorts.is_empty() {
                    rows.add(
                        "cohorts",
                        format!("none (in no {} interval)", m.settings.proving_stage),
                    );
                } else {
                    rows.add_lines("cohorts", cohorts);
                }
            }
            Kind::Interval => {
                let i = Ix::from_raw(i);
                let f = &m.intervals[i];
                if let Some(range) = f.range {
                    rows.add(
                        "runs",
                        format!(
                            "{} ({})",
                            describe_range(&range, tz),
                            describe_length(&range, tz)
                        ),
                    );
                    let first = date_of(range.start, tz);
                    let ends = date_of(range.end, tz);
                    let state = if f.is_cancelled() {
                        "cancelled".to_owned()
                    } else if self.as_of < first {
                        format!("starts {}", in_days(first, self.as_of))
                    } else if self.as_of < ends {
                        "under way".to_owned()
                    } else {
                        "ended".to_owned()
                    };
                    rows.add("state", state);
                }
            }
            Kind::Certificate => {
                let i = Ix::from_raw(i);
                let f = &m.certificates[i];
                if let Some(last) = f.last_day {
                    let left = (last - self.as_of).num_days();
                    let state = if f.revoked.is_some_and(|r| date_of(r, tz) <= self.as_of) {
                        "revoked".to_owned()
                    } else if left < 0 {
                        format!("expired {} ago", plural(-left, "day"))
                    } else {
                        format!("valid, {} left (last day {last})", plural(left, "day"))
                    };
                    rows.add("state", state);
                }
            }
            Kind::Availability => {}
            Kind::Milestone => {
                let i = Ix::from_raw(i);
                let standings = crate::milestones::status::standings(m, i, self.as_of);
                let lines: Vec<String> = standings
                    .iter()
                    .map(|(s, st)| {
                        let anchor = s
                            .anchor
                            .map(|a| format!(", before {}", reg.intervals[a].id.value))
                            .unwrap_or_default();
                        format!(
                            "{}: {}, due {}{anchor}",
                            reg.participants[s.participant].id.value,
                            st.as_str(),
                            s.due
                        )
                    })
                    .collect();
                if lines.is_empty() {
                    rows.add("applies to", "no participant yet".to_owned());
                } else {
                    rows.add_lines("applies to", lines);
                }
            }
            Kind::Outage => {
                let i = Ix::from_raw(i);
                let f = &m.outages[i];
                if let (Some(start), Some(end)) = (f.start, f.end) {
                    let range = TimeRange::new(start, end);
                    rows.add(
                        "lasts",
                        format!(
                            "{} ({})",
                            describe_range(&range, tz),
                            describe_length(&range, tz)
                        ),
                    );
                } else if f.start.is_some() && f.end_ok {
                    rows.add("lasts", "still ongoing (no end recorded)");
                }
            }
        }
        rows
    }
}

/// An environment's readiness as of a day, against when it is required.
fn readiness_state(
    r: &crate::model::ReadinessFacts,
    required: Option<(NaiveDate, NaiveDate)>,
    as_of: NaiveDate,
) -> String {
    use crate::registry::records::ReadinessStatus;
    let built = matches!(r.status, ReadinessStatus::Ready | ReadinessStatus::Retired);
    let ready = built && r.ready_on.is_none_or(|d| d <= as_of);
    let mut text = match (ready, r.ready_on) {
        (true, Some(d)) => format!("ready since {d}"),
        (true, None) => "ready".to_owned(),
        (false, Some(d)) if d > as_of => {
            format!(
                "not ready: {}, forecast ready on {d} ({})",
                r.status.as_str(),
                in_days(d, as_of)
            )
        }
        (false, _) => format!("not ready: {}", r.status.as_str()),
    };
    if let Some((from, to)) = required {
        if !ready && as_of >= from && as_of <= to {
            let _ = write!(text, "; required since {from} (EP503)");
        } else if let Some(d) = r.ready_on.filter(|d| *d > from && as_of < from) {
            let _ = write!(
                text,
                "; {} after it is required on {from} (EP504)",
                plural((d - from).num_days(), "day")
            );
        }
    }
    text
}

fn join_owned(values: impl Iterator<Item = String>) -> String {
    values.collect::<Vec<_>>().join(", ")
}

/// The line of the record's id, where a reader finds the record.
fn id_line(s: &Shown<'_, '_>) -> u32 {
    let reg = s.model.reg;
    with_kind!(s.kind, T => reg.records::<T>()[Ix::from_raw(s.idx)].id().loc.line)
}

fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

/// "today", "tomorrow", "in 12 days".
fn in_days(day: NaiveDate, as_of: NaiveDate) -> String {
    match (day - as_of).num_days() {
        0 => "today".into(),
        1 => "tomorrow".into(),
        n => format!("in {}", plural(n, "day")),
    }
}
