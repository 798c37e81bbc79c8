//! Each record kind described once: its id, its name, its fields as a
//! person sees them (a label and the value rendered as text) and the
//! references it holds to other records. `envplan show`, the `--since`
//! history diff, the model's reference graph and id de-duplication all read
//! a kind through [`Describe`], so a field is rendered one way everywhere
//! and a new kind is described in one place.

use super::document::Kind;
use super::lenient;
use super::milestone::Due;
use super::records::{
    Availability, Certificate, Contact, Environment, Hours, Interval, Milestone, Outage,
    Participant, Programme, Purpose, Step,
};
use super::spanned::{Spanned, Text};
use super::RecordKind;

/// A reference one record holds to another, by id, as written.
#[derive(Debug, Clone, Copy)]
pub struct Holds<'r> {
    /// The field that holds it (`environment`, `uses`, `applies_to`...).
    pub field: &'static str,
    pub to: Kind,
    pub id: &'r Text,
}

/// What a person (and every command) knows of a record kind.
pub trait Describe: RecordKind {
    /// Its `name`, for kinds that have one.
    fn name(&self) -> Option<&Text>;
    /// Its fields in the order the format lists them, flattened: a nested
    /// field is labelled with its path (`connectivity.SIT-A.message`).
    fn fields(&self) -> Fields;
    /// Every reference it holds, in the order written.
    fn references(&self) -> Vec<Holds<'_>>;
}

/// A field's value, flattened: one text, or a list compared as a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    One(String),
    Many(Vec<String>),
}

/// A record's fields in the order written in the format.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fields(pub Vec<(String, Value)>);

impl Fields {
    fn one(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), Value::One(value.into())));
    }
    fn text(&mut self, name: &str, value: &Text) {
        self.one(name, value.value.clone());
    }
    fn opt(&mut self, name: &str, value: Option<&Text>) {
        if let Some(v) = value {
            self.text(name, v);
        }
    }
    fn shown<T: std::fmt::Display>(&mut self, name: &str, value: Option<&Spanned<T>>) {
        if let Some(v) = value {
            self.one(name, v.value.to_string());
        }
    }
    fn many<I: IntoIterator<Item = String>>(&mut self, name: impl Into<String>, values: I) {
        let values: Vec<String> = values.into_iter().collect();
        if !values.is_empty() {
            self.0.push((name.into(), Value::Many(values)));
        }
    }
    fn texts(&mut self, name: &str, values: &[Text]) {
        self.many(name, values.iter().map(|t| t.value.to_string()));
    }
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// A contact as one text.
pub fn contact(c: &Contact) -> String {
    format!("{} <{}>", c.name.value, c.email.value)
}

/// Hours as written (`Mon-Fri 08:00-18:00`, `24x7`).
pub fn hours(h: &Hours) -> String {
    h.as_written()
}

fn programme_fields(r: &Programme) -> Fields {
    let mut f = Fields::default();
    f.text("name", &r.name);
    f.text("timezone", &r.timezone);
    f.opt("ewg", r.ewg.as_deref());
    f.opt("certificate_warning", r.certificate_warning.as_deref());
    f.opt("outage_notice", r.outage_notice.as_deref());
    f.texts("holidays", &r.holidays);
    f.texts("receive_only_roles", &r.receive_only_roles);
    for (code, text) in r.roles.iter() {
        f.text(&format!("roles.{}", code.value), text);
    }
    for (code, text) in r.stages.iter() {
        f.text(&format!("stages.{}", code.value), text);
    }
    for (code, setting) in r.rules.iter() {
        f.one(format!("rules.{}", code.value), setting.value.as_str());
    }
    f.texts("exclude", &r.exclude);
    f.opt("description", r.description.as_deref());
    f.opt("proving_stage", r.proving_stage.as_deref());
    f.opt("milestone_warning", r.milestone_warning.as_deref());
    if let Some(pki) = &r.pki {
        for purpose in Purpose::ALL {
            f.many(
                format!("pki.{purpose}"),
                pki.officers(*purpose)
                    .iter()
                    .map(|o| o.value.as_str().to_owned()),
            );
        }
    }
    f
}

fn environment_fields(r: &Environment) -> Fields {
    let mut f = Fields::default();
    f.text("name", &r.name);
    f.text("owner", &r.owner);
    f.one("phase", lenient::shown(r.phase.as_ref()));
    f.texts("stages", &r.stages);
    f.shown("sharing", r.sharing.as_ref());
    if let Some(w) = &r.required {
        f.one("required", format!("{} to {}", w.from.value, w.to.value));
    }
    f.opt("sandbox_end", r.sandbox_end.as_deref());
    f.many(
        "connects_to",
        r.connects_to.iter().map(|c| c.value.to_string()),
    );
    f.opt("staging", r.staging.as_deref());
    f.many(
        "certificates",
        r.certificates.iter().map(|p| p.value.to_string()),
    );
    f.many(
        "connectivity",
        r.connectivity.iter().map(|s| s.value.to_string()),
    );
    f.opt("description", r.description.as_deref());
    f.texts("components", &r.components);
    if let Some(roles) = &r.roles {
        f.many("roles", roles.iter().map(|t| t.value.to_string()));
    }
    if let Some(readiness) = &r.readiness {
        f.one(
            "readiness.status",
            lenient::shown(readiness.status.as_ref()),
        );
        f.opt("readiness.ready_on", readiness.ready_on.as_deref());
        if let Some(checks) = &readiness.checks {
            for (name, day) in checks.iter() {
                f.text(&format!("readiness.checks.{name}"), day);
            }
        }
    }
    f
}

fn milestone_fields(r: &Milestone) -> Fields {
    let mut f = Fields::default();
    f.text("name", &r.name);
    match &r.due.value {
        Due::Day(t) => f.text("due", t),
        Due::BeforeFirst(b) => f.one(
            "due",
            match &b.environment {
                Some(e) => format!("before first {} on {}", b.before_first.value, e.value),
                None => format!("before first {}", b.before_first.value),
            },
        ),
    }
    if let Some(a) = &r.applies_to {
        f.texts("applies_to.roles", &a.roles);
        f.texts("applies_to.participants", &a.participants);
        f.opt("applies_to.environment", a.environment.as_deref());
        f.opt("applies_to.stage", a.stage.as_deref());
    }
    if let Some(req) = &r.requires {
        if let Some(c) = &req.certificate {
            f.one(
                "requires.certificate",
                format!(
                    "{} for {}",
                    lenient::shown(c.purpose.as_ref()),
                    c.environment.value
                ),
            );
        }
        if let Some(c) = &req.connectivity {
            let steps = match &c.steps {
                Some(steps) => steps
                    .iter()
                    .map(|s| s.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                None => "every required step".to_owned(),
            };
            f.one(
                "requires.connectivity",
                format!("{steps} on {}", c.environment.value),
            );
        }
        if let Some(o) = &req.officers {
            f.many(
                "requires.officers",
                o.iter().map(|o| o.value.as_str().to_owned()),
            );
        }
    }
    f.opt("description", r.description.as_deref());
    f
}

fn participant_fields(r: &Participant) -> Fields {
    let mut f = Fields::default();
    f.text("name", &r.name);
    f.one("type", lenient::shown(r.kind.as_ref()));
    f.texts("roles", &r.roles);
    f.texts("mpids", &r.mpids);
    if let Some(c) = &r.environment_manager {
        f.one("environment_manager", contact(c));
    }
    f.shown("connects_to_dip", r.connects_to_dip.as_ref());
    f.opt("dcp", r.dcp.as_deref());
    if let Some(o) = &r.pki_officers {
        for (name, c) in [
            ("pki_officers.nominating_officer", &o.nominating_officer),
            ("pki_officers.sro", &o.sro),
            ("pki_officers.aro", &o.aro),
        ] {
            if let Some(c) = c {
                f.one(name, contact(c));
            }
        }
        f.many(
            "pki_officers.technical_contacts",
            o.technical_contacts.iter().map(|t| {
                let mut s = format!("{} <{}>", t.name.value, t.email.value);
                if let Some(org) = &t.organisation {
                    s.push_str(&format!(" ({})", org.value));
                }
                let appointments: Vec<String> = t
                    .appointments
                    .iter()
                    .map(|a| format!("{}/{}/{}", a.mpid.value, a.role.value, a.environment.value))
                    .collect();
                if !appointments.is_empty() {
                    s.push_str(&format!(" for {}", appointments.join(", ")));
                }
                s
            }),
        );
    }
    for (env, dates) in r.connectivity.iter() {
        for step in Step::ALL {
            if let Some(d) = dates.get(*step) {
                f.text(&format!("connectivity.{}.{}", env.value, step.as_str()), d);
            }
        }
    }
    if let Some(b) = &r.backups {
        f.opt("backups.schedule", b.schedule.as_deref());
        f.opt("backups.last_restore_test", b.last_restore_test.as_deref());
    }
    f.opt("description", r.description.as_deref());
    for (id, day) in r.milestones.iter() {
        f.text(&format!("milestones.{}", id.value), day);
    }
    f
}

fn interval_fields(r: &Interval) -> Fields {
    let mut f = Fields::default();
    f.text("name", &r.name);
    f.text("environment", &r.environment);
    f.text("stage", &r.stage);
    f.text("start", &r.start);
    f.text("end", &r.end);
    f.texts("participants", &r.participants);
    f.texts("uses", &r.uses);
    // Absent means planned: compare what it means, not how it was written.
    f.one(
        "status",
        r.status.as_ref().map_or("planned", |s| s.value.as_str()),
    );
    f.opt("description", r.description.as_deref());
    f
}

fn certificate_fields(r: &Certificate) -> Fields {
    let mut f = Fields::default();
    f.text("participant", &r.participant);
    f.text("environment", &r.environment);
    f.one("purpose", lenient::shown(r.purpose.as_ref()));
    f.opt("mpid", r.mpid.as_deref());
    f.opt("role", r.role.as_deref());
    f.opt("requested_by", r.requested_by.as_deref());
    f.opt("issued", r.issued.as_deref());
    f.text("expires", &r.expires);
    f.opt("file", r.file.as_deref());
    f.opt("replaces", r.replaces.as_deref());
    f.opt("revoked", r.revoked.as_deref());
    f.opt("description", r.description.as_deref());
    f
}

fn availability_fields(r: &Availability) -> Fields {
    let mut f = Fields::default();
    f.text("environment", &r.environment);
    f.one("service", hours(&r.service));
    if let Some(s) = &r.support {
        f.one("support", hours(s));
    }
    if let Some(b) = &r.backups {
        f.opt("backups.every", b.every.as_deref());
        f.opt("backups.retention", b.retention.as_deref());
    }
    f.many(
        "cutoffs",
        r.cutoffs
            .iter()
            .map(|c| format!("{} at {}", c.name.value, c.at.value)),
    );
    f.one(
        "observes_holidays",
        r.observes_holidays
            .as_ref()
            .is_none_or(|b| b.value)
            .to_string(),
    );
    f.opt("monitoring", r.monitoring.as_deref());
    f.opt("description", r.description.as_deref());
    f
}

fn outage_fields(r: &Outage) -> Fields {
    let mut f = Fields::default();
    f.text("environment", &r.environment);
    f.one(
        "planned",
        r.planned
            .value
            .map_or(lenient::INVALID.to_owned(), |p| p.to_string()),
    );
    f.one("reason", lenient::shown(r.reason.as_ref()));
    f.text("start", &r.start);
    f.opt("end", r.end.as_deref());
    f.opt("notified", r.notified.as_deref());
    f.opt("defect", r.defect.as_deref());
    f.opt("description", r.description.as_deref());
    f
}

/// References as they are pushed: `refs.add(field, kind, text)`.
#[derive(Default)]
struct Refs<'r>(Vec<Holds<'r>>);

impl<'r> Refs<'r> {
    fn add(&mut self, field: &'static str, to: Kind, id: &'r Text) {
        self.0.push(Holds { field, to, id });
    }
    fn opt(&mut self, field: &'static str, to: Kind, id: Option<&'r Text>) {
        if let Some(id) = id {
            self.add(field, to, id);
        }
    }
    fn all(&mut self, field: &'static str, to: Kind, ids: impl IntoIterator<Item = &'r Text>) {
        for id in ids {
            self.add(field, to, id);
        }
    }
}

impl Describe for Programme {
    fn name(&self) -> Option<&Text> {
        Some(&self.name)
    }
    fn fields(&self) -> Fields {
        programme_fields(self)
    }
    fn references(&self) -> Vec<Holds<'_>> {
        Vec::new()
    }
}

impl Describe for Environment {
    fn name(&self) -> Option<&Text> {
        Some(&self.name)
    }
    fn fields(&self) -> Fields {
        environment_fields(self)
    }
    fn references(&self) -> Vec<Holds<'_>> {
        let mut r = Refs::default();
        r.add("owner", Kind::Participant, &self.owner);
        r.all(
            "connects_to",
            Kind::Environment,
            self.connects_to.iter().map(|c| &c.environment),
        );
        r.opt("staging", Kind::Environment, self.staging.as_deref());
        r.all(
            "connectivity",
            Kind::Interval,
            self.connectivity
                .iter()
                .filter_map(|c| c.from_interval.as_deref()),
        );
        r.all("components", Kind::Environment, &self.components);
        r.0
    }
}

impl Describe for Participant {
    fn name(&self) -> Option<&Text> {
        Some(&self.name)
    }
    fn fields(&self) -> Fields {
        participant_fields(self)
    }
    fn references(&self) -> Vec<Holds<'_>> {
        let mut r = Refs::default();
        r.opt("dcp", Kind::Participant, self.dcp.as_deref());
        r.all(
            "connectivity",
            Kind::Environment,
            self.connectivity.iter().map(|(env, _)| env),
        );
        r.all(
            "milestones",
            Kind::Milestone,
            self.milestones.iter().map(|(ms, _)| ms),
        );
        r.all(
            "technical_contacts",
            Kind::Environment,
            self.pki_officers
                .iter()
                .flat_map(|o| o.technical_contacts.iter())
                .flat_map(|tc| tc.appointments.iter().map(|a| &a.environment)),
        );
        r.0
    }
}

impl Describe for Interval {
    fn name(&self) -> Option<&Text> {
        Some(&self.name)
    }
    fn fields(&self) -> Fields {
        interval_fields(self)
    }
    fn references(&self) -> Vec<Holds<'_>> {
        let mut r = Refs::default();
        r.add("environment", Kind::Environment, &self.environment);
        r.all("participants", Kind::Participant, &self.participants);
        r.all("uses", Kind::Environment, &self.uses);
        r.0
    }
}

impl Describe for Certificate {
    fn name(&self) -> Option<&Text> {
        None
    }
    fn fields(&self) -> Fields {
        certificate_fields(self)
    }
    fn references(&self) -> Vec<Holds<'_>> {
        let mut r = Refs::default();
        r.add("participant", Kind::Participant, &self.participant);
        r.add("environment", Kind::Environment, &self.environment);
        r.opt("replaces", Kind::Certificate, self.replaces.as_deref());
        r.0
    }
}

impl Describe for Availability {
    fn name(&self) -> Option<&Text> {
        None
    }
    fn fields(&self) -> Fields {
        availability_fields(self)
    }
    fn references(&self) -> Vec<Holds<'_>> {
        let mut r = Refs::default();
        r.add("environment", Kind::Environment, &self.environment);
        r.0
    }
}

impl Describe for Outage {
    fn name(&self) -> Option<&Text> {
        None
    }
    fn fields(&self) -> Fields {
        outage_fields(self)
    }
    fn references(&self) -> Vec<Holds<'_>> {
        let mut r = Refs::default();
        r.add("environment", Kind::Environment, &self.environment);
        r.0
    }
}

impl Describe for Milestone {
    fn name(&self) -> Option<&Text> {
        Some(&self.name)
    }
    fn fields(&self) -> Fields {
        milestone_fields(self)
    }
    fn references(&self) -> Vec<Holds<'_>> {
        let mut r = Refs::default();
        match &self.due.value {
            Due::Day(t) => r.opt("due", Kind::Interval, Due::interval_id(t)),
            Due::BeforeFirst(b) => r.opt("due", Kind::Environment, b.environment.as_deref()),
        }
        if let Some(a) = &self.applies_to {
            r.all("applies_to", Kind::Participant, &a.participants);
            r.opt("applies_to", Kind::Environment, a.environment.as_deref());
        }
        if let Some(q) = &self.requires {
            r.opt(
                "requires",
                Kind::Environment,
                q.certificate.as_ref().map(|c| &c.environment),
            );
            r.opt(
                "requires",
                Kind::Environment,
                q.connectivity.as_ref().map(|c| &c.environment),
            );
        }
        r.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::Registry;

    fn registry(text: &str) -> Registry {
        let loaded = Registry::from_texts(
            std::path::Path::new("/nowhere"),
            vec![("all.yaml".to_owned(), text.to_owned())],
        );
        assert!(loaded.findings.is_empty(), "{:#?}", loaded.findings);
        loaded.registry
    }

    /// Every reference of every kind is described, with its field: the
    /// testdata file fills in every field of every kind.
    #[test]
    fn every_kind_names_its_references() {
        let reg = registry(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/src/history/testdata/every-field.yaml"
            ))
            .unwrap(),
        );
        let mut seen: Vec<(Kind, &str, Kind)> = Vec::new();
        each_kind!(T => {
            for r in reg.records::<T>() {
                for h in r.references() {
                    seen.push((T::KIND, h.field, h.to));
                }
            }
        });
        seen.sort_by_key(|(k, f, t)| (*k as usize, *f, *t as usize));
        seen.dedup();
        let expected = [
            (Kind::Environment, "components", Kind::Environment),
            (Kind::Environment, "connects_to", Kind::Environment),
            (Kind::Environment, "connectivity", Kind::Interval),
            (Kind::Environment, "owner", Kind::Participant),
            (Kind::Environment, "staging", Kind::Environment),
            (Kind::Participant, "connectivity", Kind::Environment),
            (Kind::Participant, "dcp", Kind::Participant),
            (Kind::Participant, "milestones", Kind::Milestone),
            (Kind::Participant, "technical_contacts", Kind::Environment),
            (Kind::Interval, "environment", Kind::Environment),
            (Kind::Interval, "participants", Kind::Participant),
            (Kind::Interval, "uses", Kind::Environment),
            (Kind::Certificate, "environment", Kind::Environment),
            (Kind::Certificate, "participant", Kind::Participant),
            (Kind::Certificate, "replaces", Kind::Certificate),
            (Kind::Availability, "environment", Kind::Environment),
            (Kind::Outage, "environment", Kind::Environment),
        ];
        for e in expected {
            assert!(seen.contains(&e), "{e:?} missing from {seen:#?}");
        }
    }

    /// A milestone due a date names no interval; one due an id names it.
    #[test]
    fn a_due_date_is_not_a_reference() {
        let text = "kind: Programme\nid: P\nname: P\ntimezone: Europe/London\nroles: {}\nstages: {s: S}\n---\nkind: Milestone\nid: M\nname: M\ndue: 2026-01-31\n---\nkind: Milestone
\nid: N\nname: N\ndue: CIT-1\napplies_to: {environment: E}\n";
        let reg = registry(text);
        let refs: Vec<Vec<(&str, Kind, &str)>> = reg
            .milestones
            .iter()
            .map(|m| {
                m.references()
                    .iter()
                    .map(|h| (h.field, h.to, h.id.as_str()))
                    .collect()
            })
            .collect();
        assert_eq!(
            refs,
            [
                vec![],
                vec![
                    ("due", Kind::Interval, "CIT-1"),
                    ("applies_to", Kind::Environment, "E")
                ]
            ]
        );
    }
}
