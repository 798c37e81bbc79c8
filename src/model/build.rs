//! Building the model: parse, resolve, and report what cannot be.

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::diag::{did_you_mean, Code, FileId, Finding, RuleSetting, Sink};
use crate::registry::document::Kind;
use crate::registry::milestone::looks_like_date;
use crate::registry::records::{
    Availability, Certificate, Environment, Interval, Milestone, Outage, Participant,
};
use crate::registry::records::{Contact, Days, Due, Hours, Purpose, Step};
use crate::registry::spanned::{Loc, Spanned, Text};
use crate::registry::vocab::SpannedMap;
use crate::registry::{RecordKind, Registry};
use crate::table::{Ix, Table};
use crate::time::range::RangeError;
use crate::time::when::{parse_date, parse_time_of_day};
use crate::time::{Duration, EwgRule, TimeRange, When};

use super::{
    AppliesToFacts, AvailabilityFacts, CertFacts, DueFacts, EnvFacts, EnvIx, IdIndex,
    IntervalFacts, IntervalIx, Link, MilestoneFacts, Model, OutageFacts, ParticipantFacts,
    ParticipantIx, PurposeNeed, ReadinessFacts, RequiresFacts, Settings, StepDates, StepLimit,
    Weekly,
};

/// Interpret the registry, reporting EP005 and EP006 into `sink`.
pub fn build<'r>(reg: &'r Registry, sink: &mut Sink) -> Model<'r> {
    let mut b = Builder {
        reg,
        sink,
        index: IdIndex::new(reg),
        settings: Settings::default(),
    };
    b.check_ids();
    b.programme();
    let mut environments = b.environments();
    b.components(&mut environments);
    let participants = b.participants();
    let intervals = b.intervals();
    let certificates = b.certificates();
    let (availabilities, environments) = b.availabilities(environments);
    let outages = b.outages();
    let milestones = b.milestones(&intervals);
    let cohorts = cohorts(reg, &b.settings, &intervals);
    Model {
        reg,
        settings: b.settings,
        index: b.index,
        environments,
        participants,
        intervals,
        certificates,
        availabilities,
        outages,
        milestones,
        cohorts,
    }
}

/// Every participant's cohort on every environment it proves connectivity
/// on, sorted by (participant, environment) for `Model::cohort`.
fn cohorts(
    reg: &Registry,
    settings: &Settings,
    intervals: &Table<Interval, IntervalFacts>,
) -> Vec<((ParticipantIx, EnvIx), IntervalIx)> {
    let mut best: std::collections::HashMap<(ParticipantIx, EnvIx), IntervalIx> =
        std::collections::HashMap::new();
    for (i, iv) in reg.intervals.indexed() {
        let f = &intervals[i];
        let (Some(env), Some(range)) = (f.env, f.range) else {
            continue;
        };
        if f.is_cancelled() || iv.stage.as_str() != settings.proving_stage {
            continue;
        }
        for &p in f.participants.iter() {
            let slot = best.entry((p, env)).or_insert(i);
            let current = intervals[*slot].range.map(|r| r.start);
            if current.is_some_and(|c| range.start < c) {
                *slot = i;
            }
        }
    }
    let mut out: Vec<((ParticipantIx, EnvIx), IntervalIx)> = best.into_iter().collect();
    out.sort_unstable();
    out
}

struct Builder<'r, 's> {
    reg: &'r Registry,
    sink: &'s mut Sink,
    index: IdIndex<'r>,
    settings: Settings,
}

/// Who is referring: for messages and the finding's records.
#[derive(Clone, Copy)]
struct From<'a> {
    file: FileId,
    kind: Kind,
    id: &'a str,
}

impl From<'_> {
    fn what(&self) -> String {
        format!("{} `{}`", self.kind.noun(), short(self.id))
    }
}

/// An id as messages show it: a hostile 10,000-character id must not make
/// every message about its record 10,000 characters long.
fn short(id: &str) -> String {
    const MAX: usize = 64;
    if id.chars().count() <= MAX {
        id.to_owned()
    } else {
        let head: String = id.chars().take(MAX - 4).collect();
        format!("{head}…")
    }
}

impl<'r> Builder<'r, '_> {
    fn report(&mut self, finding: Finding) {
        self.sink.push(finding);
    }

    fn invalid(&mut self, from: From<'_>, loc: Loc, message: String, help: Option<String>) {
        // Name the record, so that the message stands alone in a CI annotation.
        let message = if message.contains(&format!("`{}`", short(from.id))) {
            message
        } else {
            format!("{}: {message}", from.what())
        };
        let f = Finding::new(Code::EP006, message)
            .at(from.file, loc)
            .record(from.id)
            .maybe_help(help);
        self.report(f);
    }

    /// Resolve a reference to a record of `kind`, reporting EP005 if it dangles.
    fn resolve<T: RecordKind>(&mut self, from: From<'_>, text: &Text) -> Option<Ix<T>> {
        let kind = T::KIND;
        // A reference that could not be read (EP003) refers to nothing.
        if self.reg.is_unreadable(from.file, text.loc) {
            return None;
        }
        if let Some(i) = self.index.get(kind, text.as_str()) {
            return Some(Ix::from_raw(i));
        }
        if self.reg.is_broken(kind, text.as_str()) {
            return None;
        }
        let other = Kind::ALL
            .into_iter()
            .find(|k| *k != kind && self.index.get(*k, text.as_str()).is_some());
        let message = match other {
            Some(other) => format!(
                "{} refers to {} `{}`, but `{}` is {} {}, not {} {}",
                from.what(),
                kind.noun(),
                text.value,
                text.value,
                article(other.noun()),
                other.noun(),
                article(kind.noun()),
                kind.noun()
            ),
            None => format!(
                "{} refers to {} `{}`, which is not in the registry",
                from.what(),
                kind.noun(),
                text.value
            ),
        };
        let help = self.suggest(from, kind, text).or_else(|| {
            Some(match other {
                Some(_) => format!("name {} {} here", article(kind.noun()), kind.noun()),
                None => format!(
                    "add {} {} record with id `{}`, or correct the reference",
                    article(kind.name()),
                    kind.name(),
                    text.value
                ),
            })
        });
        let f = Finding::new(Code::EP005, message)
            .at(from.file, text.loc)
            .record(from.id)
            .maybe_help(help);
        self.report(f);
        None
    }

    /// A near-miss id of the right kind (never the referring record itself:
    /// a certificate cannot usefully replace itself).
    fn suggest(&self, from: From<'_>, kind: Kind, text: &Text) -> Option<String> {
        let candidates = self
            .index
            .ids(kind)
            .filter(|id| !(kind == from.kind && *id == from.id));
        did_you_mean(text.as_str(), candidates)
    }

    fn date(&mut self, from: From<'_>, text: &Text) -> Option<NaiveDate> {
        match parse_date(text.as_str()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.invalid(from, text.loc, e, Some(DATE_HELP.into()));
                None
            }
        }
    }

    fn when(&mut self, from: From<'_>, text: &Text) -> Option<When> {
        match When::parse(text.as_str()) {
            Ok(w) => Some(w),
            Err(e) => {
                self.invalid(from, text.loc, e, Some(WHEN_HELP.into()));
                None
            }
        }
    }

    /// A point in time: a date means the start of that day.
    fn instant(&mut self, from: From<'_>, text: &Text) -> Option<(When, crate::time::Instant)> {
        let when = self.when(from, text)?;
        match when.start_instant(self.settings.tz) {
            Ok(i) => Some((when, i)),
            Err(e) => {
                self.invalid(from, text.loc, e, Some(CLOCK_CHANGE_HELP.into()));
                None
            }
        }
    }

    fn duration(&mut self, from: From<'_>, text: &Text) -> Option<Duration> {
        match Duration::parse(text.as_str()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.invalid(from, text.loc, e, None);
                None
            }
        }
    }

    /// A horizon (`certificate_warning`, `milestone_warning`): whole days.
    /// `h` or `m` is EP006, whose help names the days probably meant.
    fn horizon(&mut self, from: From<'_>, text: &Text) -> Option<Duration> {
        match Duration::parse_horizon(text.as_str()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.invalid(from, text.loc, e.message, Some(e.help));
                None
            }
        }
    }

    fn time_of_day(&mut self, from: From<'_>, text: &Text) -> Option<u32> {
        match parse_time_of_day(text.as_str()) {
            Ok(m) => Some(m),
            Err(e) => {
                self.invalid(from, text.loc, e, None);
                None
            }
        }
    }

    fn email(&mut self, from: From<'_>, text: &Text) {
        let v = text.as_str();
        let ok = v.matches('@').count() == 1
            && !v.starts_with('@')
            && !v.ends_with('@')
            && !v.chars().any(char::is_whitespace);
        if !ok {
            self.invalid(
                from,
                text.loc,
                format!("`{v}` is not an e-mail address"),
                Some("write it as name@example.org".into()),
            );
        }
    }

    fn contact(&mut self, from: From<'_>, contact: &Spanned<Contact>) {
        // An unreadable contact has its finding already (EP003).
        if !contact.unreadable {
            self.email(from, &contact.email);
        }
    }

    /// Whether every value of a list was read: a stand-in (EP003) means
    /// what was written is not known.
    fn all_read(&self, from: From<'_>, texts: &[Text]) -> bool {
        !self
            .reg
            .any_unreadable(from.file, texts.iter().map(|t| t.loc))
    }

    fn role(&mut self, from: From<'_>, text: &Text) {
        if self.settings.allows_role(text.as_str()) {
            return;
        }
        let help = did_you_mean(
            text.as_str(),
            self.settings.roles.iter().map(String::as_str),
        )
        .or_else(|| Some("add it to the Programme's `roles`, or use one of its codes".into()));
        self.invalid(
            from,
            text.loc,
            format!("`{}` is not a role code of the programme", text.value),
            help,
        );
    }

    fn stage(&mut self, from: From<'_>, text: &Text) {
        if self.settings.allows_stage(text.as_str()) {
            return;
        }
        let help = did_you_mean(
            text.as_str(),
            self.settings.stages.iter().map(String::as_str),
        )
        .or_else(|| Some("add it to the Programme's `stages`, or use one of its codes".into()));
        self.invalid(
            from,
            text.loc,
            format!("`{}` is not a stage code of the programme", text.value),
            help,
        );
    }

    fn mpid(&mut self, from: From<'_>, text: &Text) {
        let v = text.as_str();
        if v.len() != 4
            || !v
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            self.invalid(
                from,
                text.loc,
                format!("`{v}` is not an MPID: an MPID is four characters, A-Z and 0-9"),
                None,
            );
        }
    }

    fn check_ids(&mut self) {
        let reg = self.reg;
        let check = |file: FileId, kind: Kind, id: &Text, b: &mut Self| {
            if !is_valid_id(id.as_str()) {
                let shown = short(id.as_str());
                b.invalid(
                    From { file, kind, id: id.as_str() },
                    id.loc,
                    format!("`{shown}` is not a valid id"),
                    Some("an id starts with a letter or digit and has at most 64 letters, digits, dots, underscores and hyphens".into()),
                );
            }
        };
        for r in &reg.programmes {
            check(r.file, Kind::Programme, &r.id, self);
        }
        for r in &reg.environments {
            check(r.file, Kind::Environment, &r.id, self);
        }
        for r in &reg.participants {
            check(r.file, Kind::Participant, &r.id, self);
        }
        for r in &reg.intervals {
            check(r.file, Kind::Interval, &r.id, self);
        }
        for r in &reg.certificates {
            check(r.file, Kind::Certificate, &r.id, self);
        }
        for r in &reg.availabilities {
            check(r.file, Kind::Availability, &r.id, self);
        }
        for r in &reg.outages {
            check(r.file, Kind::Outage, &r.id, self);
        }
        for r in &reg.milestones {
            check(r.file, Kind::Milestone, &r.id, self);
        }
    }

    fn programme(&mut self) {
        let Some(p) = self.reg.programme() else {
            return;
        };
        let from = From {
            file: p.file,
            kind: Kind::Programme,
            id: p.id.as_str(),
        };
        let mut s = Settings {
            has_programme: true,
            ..Settings::default()
        };
        if let Some(tz) = self.timezone(from, &p.timezone) {
            s.tz = tz;
        }
        if let Some(ewg) = &p.ewg {
            match EwgRule::parse(ewg.as_str()) {
                Ok(rule) => s.ewg = Some(rule),
                Err(e) => self.invalid(from, ewg.loc, e, None),
            }
        }
        if let Some(text) = &p.certificate_warning {
            if let Some(d) = self.horizon(from, text) {
                s.certificate_warning = d;
            }
        }
        if let Some(text) = &p.outage_notice {
            if let Some(d) = self.duration(from, text) {
                s.outage_notice = d;
            }
        }
        for h in &p.holidays {
            if let Some(d) = self.date(from, h) {
                s.holidays.insert(d);
            }
        }
        let codes = |map: &SpannedMap<Text>| -> (Vec<String>, bool) {
            let read = !map.keys().any(|k| self.reg.is_unreadable(p.file, k.loc));
            let codes = map.keys().filter(|_| read).map(|k| k.value.to_string());
            (codes.collect(), read)
        };
        (s.roles, s.roles_read) = codes(&p.roles);
        (s.stages, s.stages_read) = codes(&p.stages);
        self.settings.tz = s.tz;
        self.settings.has_programme = true;
        self.settings.roles = s.roles.clone();
        self.settings.stages = s.stages.clone();
        self.settings.roles_read = s.roles_read;
        self.settings.stages_read = s.stages_read;
        if let Some(text) = &p.proving_stage {
            self.stage(from, text);
            s.proving_stage = text.value.to_string();
        }
        if let Some(text) = &p.milestone_warning {
            if let Some(d) = self.horizon(from, text) {
                s.milestone_warning = d.whole_days();
            }
        }
        if let Some(pki) = &p.pki {
            s.pki = Some(
                Purpose::ALL
                    .iter()
                    .map(|&purpose| {
                        let mut officers: Vec<_> =
                            pki.officers(purpose).iter().map(|o| o.value).collect();
                        officers.sort_unstable();
                        officers.dedup();
                        (purpose, officers)
                    })
                    .collect(),
            );
        }
        for r in &p.receive_only_roles {
            self.role(from, r);
            s.receive_only_roles.insert(r.value.to_string());
        }
        s.overrides = self.rule_overrides(from, p);
        self.settings = s;
    }

    /// The Programme's timezone, or EP006 (with the closest IANA name).
    fn timezone(&mut self, from: From<'_>, text: &Text) -> Option<Tz> {
        let parsed = text.as_str().parse::<Tz>().ok();
        if parsed.is_none() {
            let help = did_you_mean(
                text.as_str(),
                chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()),
            )
            .or_else(|| Some("use an IANA timezone name such as Europe/London".into()));
            self.invalid(
                from,
                text.loc,
                format!("`{}` is not a timezone", text.value),
                help,
            );
        }
        parsed
    }

    /// The Programme's `rules:` overrides; an entry that is not a code, or
    /// turns a loading code off, is a finding and is left out.
    fn rule_overrides(
        &mut self,
        from: From<'_>,
        p: &crate::registry::records::Programme,
    ) -> Vec<(Code, RuleSetting)> {
        let mut overrides = Vec::new();
        let codes: Vec<&str> = crate::diag::Code::ALL.iter().map(|c| c.as_str()).collect();
        for (key, setting) in p.rules.iter() {
            match Code::parse(key.as_str()) {
                Some(code) if code.is_loading() && setting.value == RuleSetting::Off => self.invalid(
                    from,
                    setting.loc,
                    format!("{code} cannot be turned off: a file or record that cannot be read would disappear without a word"),
                    Some("make it a `warning` instead".into()),
                ),
                Some(code) => overrides.push((code, setting.value)),
                // A bad entry of the vocabulary-valued `rules:` is a schema
                // error at that entry (format §1), like a bad severity; the
                // other entries and the rest of the Programme still apply.
                None => {
                    let help = did_you_mean(key.as_str(), codes.iter().copied())
                        .or_else(|| Some("rule codes are EP followed by three digits, as in the rule catalogue".into()));
                    let f = Finding::new(
                        Code::EP003,
                        format!("programme `{}`: `{}` under `rules` is not a rule code", short(from.id), key.value),
                    )
                    .at(from.file, key.loc)
                    .record(from.id)
                    .maybe_help(help);
                    self.report(f);
                }
            }
        }
        overrides
    }

    fn environments(&mut self) -> Table<Environment, EnvFacts> {
        let reg = self.reg;
        reg.environments
            .iter()
            .map(|r| self.environment(r))
            .collect()
    }

    /// One environment's facts, each value checked where it is written.
    fn environment(&mut self, r: &crate::registry::Rec<Environment>) -> EnvFacts {
        let from = From {
            file: r.file,
            kind: Kind::Environment,
            id: r.id.as_str(),
        };
        let mut f = EnvFacts {
            owner: self.resolve::<Participant>(from, &r.owner),
            sharing: r.sharing.as_ref().map(|s| s.value).unwrap_or_default(),
            ..EnvFacts::default()
        };
        for stage in &r.stages {
            self.stage(from, stage);
        }
        if let Some(window) = &r.required {
            f.required = self.required(from, window);
        }
        if let Some(t) = &r.sandbox_end {
            f.sandbox_end = self.date(from, t);
        }
        for c in &r.connects_to {
            for stage in &c.stages {
                self.stage(from, stage);
            }
            // Stages that could not be read (EP003) limit nothing: the
            // connection is not known not to serve a stage.
            let stages = if self.all_read(from, &c.stages) {
                c.stages.iter().map(|s| s.value.clone()).collect()
            } else {
                Vec::new()
            };
            if let Some(i) = self.resolve::<Environment>(from, &c.environment) {
                f.connects_to.push(Link {
                    env: i,
                    stages: stages.into(),
                });
            }
        }
        if let Some(t) = &r.staging {
            f.staging = self.resolve::<Environment>(from, t);
        }
        for need in &r.certificates {
            for role in &need.roles {
                self.role(from, role);
            }
            f.certificates.push(PurposeNeed {
                purpose: need.purpose.value,
                roles: need.roles.iter().map(|t| t.value.clone()).collect(),
            });
        }
        for need in &r.connectivity {
            for role in &need.roles {
                self.role(from, role);
            }
            let from_interval = match &need.from_interval {
                // A limit that cannot be read is reported (EP005), and
                // the step is then asked of nobody rather than of everyone.
                Some(t) => match self.resolve::<Interval>(from, t) {
                    Some(i) => Some(i),
                    None => continue,
                },
                None => None,
            };
            f.connectivity.push(StepLimit {
                step: need.step.value,
                roles: need.roles.iter().map(|t| t.value.clone()).collect(),
                from_interval,
            });
        }
        if let Some(roles) = &r.roles {
            for role in roles {
                self.role(from, role);
            }
            // Roles that could not be read (EP003) keep nobody out.
            if self.all_read(from, roles) {
                f.roles = Some(roles.iter().map(|t| t.value.clone()).collect());
            }
        }
        if let Some(readiness) = &r.readiness {
            let ready_on = readiness.ready_on.as_ref().and_then(|t| self.date(from, t));
            if let Some(checks) = &readiness.checks {
                for (_, day) in checks.iter() {
                    self.date(from, day);
                }
            }
            // A status that could not be read (EP003): readiness is not tracked.
            if let Some(status) = &*readiness.status {
                f.readiness = Some(ReadinessFacts {
                    status: status.value,
                    ready_on,
                });
            }
        }
        f
    }

    /// The days an environment is required, both readable and in order.
    /// Both ends are read, so that each bad one is reported.
    fn required(
        &mut self,
        from: From<'_>,
        window: &crate::registry::records::Window,
    ) -> Option<(NaiveDate, NaiveDate)> {
        let a = self.date(from, &window.from);
        let b = self.date(from, &window.to);
        let (a, b) = (a?, b?);
        if b < a {
            self.invalid(
                from,
                window.to.loc,
                format!("`required` ends ({b}) before it starts ({a})"),
                None,
            );
            return None;
        }
        Some((a, b))
    }

    fn participants(&mut self) -> Table<Participant, ParticipantFacts> {
        let reg = self.reg;
        let mut out = Table::with_capacity(reg.participants.len());
        for r in &reg.participants {
            let from = From {
                file: r.file,
                kind: Kind::Participant,
                id: r.id.as_str(),
            };
            let mut f = ParticipantFacts {
                connects_to_dip: r.connects_to_dip.as_ref().is_none_or(|b| b.value),
                ..ParticipantFacts::default()
            };
            for role in &r.roles {
                self.role(from, role);
            }
            for m in &r.mpids {
                self.mpid(from, m);
            }
            if let Some(c) = &r.environment_manager {
                self.contact(from, c);
            }
            if let Some(t) = &r.dcp {
                f.dcp = self.resolve::<Participant>(from, t);
            }
            if let Some(officers) = &r.pki_officers {
                for c in [&officers.nominating_officer, &officers.sro, &officers.aro]
                    .into_iter()
                    .flatten()
                {
                    self.contact(from, c);
                }
                for tc in &officers.technical_contacts {
                    self.email(from, &tc.email);
                    for a in &tc.appointments {
                        self.mpid(from, &a.mpid);
                        self.role(from, &a.role);
                        self.resolve::<Environment>(from, &a.environment);
                    }
                }
            }
            for (env, dates) in r.connectivity.iter() {
                if self.reg.is_unreadable(from.file, env.loc) {
                    f.connectivity_unreadable = true;
                    continue;
                }
                let env = self.resolve::<Environment>(from, env);
                let mut steps = StepDates {
                    unreadable: self.reg.is_unreadable(from.file, dates.loc),
                    ..StepDates::default()
                };
                for step in [
                    Step::Internal,
                    Step::Certificates,
                    Step::Webhooks,
                    Step::Message,
                ] {
                    if let Some(t) = dates.get(step) {
                        steps.unreadable |= self.reg.is_unreadable(from.file, t.loc);
                        let d = self.date(from, t);
                        match step {
                            Step::Internal => steps.internal = d,
                            Step::Certificates => steps.certificates = d,
                            Step::Webhooks => steps.webhooks = d,
                            Step::Message => steps.message = d,
                        }
                    }
                }
                if let Some(env) = env {
                    f.connectivity.push((env, steps));
                }
            }
            if let Some(b) = &r.backups {
                if let Some(t) = &b.last_restore_test {
                    self.date(from, t);
                }
            }
            for (key, day) in r.milestones.iter() {
                let Some(ms) = self.resolve::<Milestone>(from, key) else {
                    continue;
                };
                let milestone = &reg.milestones[ms];
                if milestone.requires.is_some() {
                    let f = Finding::new(
                        Code::EP006,
                        format!(
                            "participant `{}` records meeting milestone `{}`, but that milestone says what meeting it requires, so it is worked out from the registry",
                            short(&r.id),
                            key.value
                        ),
                    )
                    .at(r.file, key.loc)
                    .record(r.id.value.clone())
                    .record(milestone.id.value.clone())
                    .related(milestone.file, milestone.requires.as_ref().map_or(milestone.id.loc, |q| q.loc), "what it requires")
                    .help(format!("remove `{}` from `milestones`; record what it requires instead (a certificate, connectivity dates or PKI officers)", key.value));
                    self.report(f);
                    continue;
                }
                if let Some(d) = self.date(from, day) {
                    f.milestones.push((ms, d));
                }
            }
            out.push(f);
        }
        out
    }

    /// Components: resolve them (EP005) and leave out, as EP006, each entry
    /// that closes a circle, so that every later walk of them ends.
    fn components(&mut self, envs: &mut Table<Environment, EnvFacts>) {
        let reg = self.reg;
        // Resolve every entry first: a circle is only known once every link is.
        let mut links: Table<Environment, Vec<(EnvIx, usize)>> = Table::with_capacity(envs.len());
        for r in &reg.environments {
            let from = From {
                file: r.file,
                kind: Kind::Environment,
                id: r.id.as_str(),
            };
            let mut out = Vec::new();
            for (k, c) in r.components.iter().enumerate() {
                if let Some(i) = self.resolve::<Environment>(from, c) {
                    out.push((i, k));
                }
            }
            links.push(out);
        }
        // Depth-first, in registry order: an entry that leads back to an
        // environment still being walked closes a circle.
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Walking,
            Done,
        }
        let mut mark: Table<Environment, Mark> = envs.map(|_| Mark::New);
        let mut kept: Table<Environment, Vec<EnvIx>> = envs.map(|_| Vec::new());
        for root in envs.indices() {
            if mark[root] != Mark::New {
                continue;
            }
            // (environment, next entry to look at)
            let mut stack: Vec<(EnvIx, usize)> = vec![(root, 0)];
            mark[root] = Mark::Walking;
            while let Some(&mut (e, ref mut next)) = stack.last_mut() {
                let Some(&(c, k)) = links[e].get(*next) else {
                    mark[e] = Mark::Done;
                    stack.pop();
                    continue;
                };
                *next += 1;
                match mark[c] {
                    Mark::Walking => {
                        let r = &reg.environments[e];
                        let entry = &r.components[k];
                        let path: Vec<&str> = stack
                            .iter()
                            .skip_while(|(x, _)| *x != c)
                            .map(|(x, _)| reg.environments[*x].id.as_str())
                            .collect();
                        let circle = format!("{} → {}", path.join(" → "), entry.value);
                        self.invalid(
                            From { file: r.file, kind: Kind::Environment, id: r.id.as_str() },
                            entry.loc,
                            format!("environment `{}` cannot be made of `{}`: that would make it part of itself ({circle})", short(&r.id), entry.value),
                            Some("an environment's components are what it is made of; remove this entry or the one that leads back".into()),
                        );
                    }
                    Mark::New => {
                        kept[e].push(c);
                        mark[c] = Mark::Walking;
                        stack.push((c, 0));
                    }
                    Mark::Done => kept[e].push(c),
                }
            }
        }
        for (facts, direct) in envs.iter_mut().zip(kept) {
            facts.components = direct;
        }
        // Every component at any depth, breadth first (nearest first), each once.
        for e in envs.indices() {
            let mut all: Vec<EnvIx> = Vec::new();
            let mut at = 0;
            all.extend(envs[e].components.iter().copied().filter(|&c| c != e));
            all.dedup();
            while at < all.len() {
                let c = all[at];
                at += 1;
                for &d in &envs[c].components {
                    if d != e && !all.contains(&d) {
                        all.push(d);
                    }
                }
            }
            envs[e].all_components = all;
        }
    }

    fn milestones(
        &mut self,
        intervals: &Table<Interval, IntervalFacts>,
    ) -> Table<Milestone, MilestoneFacts> {
        let reg = self.reg;
        let tz = self.settings.tz;
        let mut out = Table::with_capacity(reg.milestones.len());
        for r in &reg.milestones {
            let from = From {
                file: r.file,
                kind: Kind::Milestone,
                id: r.id.as_str(),
            };
            let due = match &r.due.value {
                Due::Day(text) => {
                    if looks_like_date(text.as_str()) {
                        self.date(from, text).map(DueFacts::Day)
                    } else {
                        self.resolve::<Interval>(from, text).and_then(|i| {
                            intervals[i].start.map(|s| {
                                DueFacts::Day(s.local_date(tz).pred_opt().unwrap_or(NaiveDate::MIN))
                            })
                        })
                    }
                }
                Due::BeforeFirst(b) => {
                    self.stage(from, &b.before_first);
                    let known = self.settings.allows_stage(b.before_first.as_str());
                    let env = match &b.environment {
                        Some(t) => self.resolve::<Environment>(from, t).map(Some),
                        None => Some(None),
                    };
                    match env {
                        Some(env) if known => Some(DueFacts::BeforeFirst {
                            stage: b.before_first.value.clone(),
                            env,
                        }),
                        _ => None,
                    }
                }
            };
            let mut ok = true;
            let mut who = AppliesToFacts::default();
            if let Some(a) = &r.applies_to {
                for role in &a.roles {
                    self.role(from, role);
                }
                who.roles = a.roles.iter().map(|t| t.value.clone()).collect();
                if !a.participants.is_empty() {
                    let mut ps = Vec::new();
                    for t in &a.participants {
                        match self.resolve::<Participant>(from, t) {
                            Some(p) => ps.push(p),
                            None => ok = false,
                        }
                    }
                    who.participants = Some(ps.into());
                }
                if let Some(t) = &a.environment {
                    who.env = self.resolve::<Environment>(from, t);
                    ok &= who.env.is_some();
                }
                if let Some(t) = &a.stage {
                    self.stage(from, t);
                    ok &= self.settings.allows_stage(t.as_str());
                    who.stage = Some(t.value.clone());
                }
            }
            let requires = match &r.requires {
                None => Some(RequiresFacts::Recorded),
                Some(q) => self.requires(from, q),
            };
            out.push(MilestoneFacts {
                due,
                who: ok.then_some(who),
                requires,
            });
        }
        out
    }

    fn requires(
        &mut self,
        from: From<'_>,
        q: &Spanned<crate::registry::records::Requires>,
    ) -> Option<RequiresFacts> {
        let given = [
            q.certificate.as_ref().map(|c| c.loc),
            q.connectivity.as_ref().map(|c| c.loc),
            q.officers.as_ref().and_then(|o| o.first()).map(|o| o.loc),
        ];
        let given: Vec<Loc> = given.into_iter().flatten().collect();
        if given.len() > 1 {
            self.invalid(
                from,
                given[1],
                "`requires` says more than one thing".to_owned(),
                Some("give one of `certificate`, `connectivity` or `officers`; make another milestone for the other".into()),
            );
            return None;
        }
        if let Some(c) = &q.certificate {
            let env = self.resolve::<Environment>(from, &c.environment)?;
            return Some(RequiresFacts::Certificate {
                env,
                purpose: c.purpose.as_ref()?.value,
            });
        }
        if let Some(c) = &q.connectivity {
            let env = self.resolve::<Environment>(from, &c.environment)?;
            return Some(RequiresFacts::Connectivity {
                env,
                steps: c
                    .steps
                    .as_ref()
                    .map(|s| s.iter().map(|s| s.value).collect()),
            });
        }
        if let Some(o) = &q.officers {
            return Some(RequiresFacts::Officers(o.iter().map(|o| o.value).collect()));
        }
        // `requires: {}` asks for nothing that can be worked out.
        self.invalid(
            from,
            q.loc,
            "`requires` is empty".to_owned(),
            Some("give one of `certificate`, `connectivity` or `officers`, or leave `requires` out to record the milestone under each participant's `milestones`".into()),
        );
        None
    }

    /// A range from two written ends, reporting which end is wrong.
    fn range(
        &mut self,
        from: From<'_>,
        start: &Text,
        end: &Text,
    ) -> (Option<When>, Option<When>, Option<TimeRange>) {
        let s = self.when(from, start);
        let e = self.when(from, end);
        let (Some(sw), Some(ew)) = (s, e) else {
            return (s, e, None);
        };
        match TimeRange::from_whens(&sw, &ew, self.settings.tz) {
            Ok(r) => (s, e, Some(r)),
            Err(RangeError::Start(msg)) => {
                self.invalid(from, start.loc, msg, Some(CLOCK_CHANGE_HELP.into()));
                (s, e, None)
            }
            Err(RangeError::End(msg)) => {
                self.invalid(from, end.loc, msg, Some(CLOCK_CHANGE_HELP.into()));
                (s, e, None)
            }
            Err(RangeError::Backwards) => {
                self.invalid(
                    from,
                    end.loc,
                    format!(
                        "{} ends ({}) before it starts ({})",
                        from.what(),
                        end.value,
                        start.value
                    ),
                    Some("swap `start` and `end`, or correct one of them".into()),
                );
                (s, e, None)
            }
        }
    }

    fn intervals(&mut self) -> Table<Interval, IntervalFacts> {
        let reg = self.reg;
        let mut out = Table::with_capacity(reg.intervals.len());
        for r in &reg.intervals {
            let from = From {
                file: r.file,
                kind: Kind::Interval,
                id: r.id.as_str(),
            };
            let mut f = IntervalFacts {
                env: self.resolve::<Environment>(from, &r.environment),
                status: r.status.as_ref().map(|s| s.value).unwrap_or_default(),
                ..IntervalFacts::default()
            };
            self.stage(from, &r.stage);
            (f.start, f.end, f.range) = self.range(from, &r.start, &r.end);
            f.participants = r
                .participants
                .iter()
                .filter_map(|p| self.resolve::<Participant>(from, p))
                .collect();
            f.uses = r
                .uses
                .iter()
                .filter_map(|u| self.resolve::<Environment>(from, u))
                .collect();
            out.push(f);
        }
        out
    }

    fn certificates(&mut self) -> Table<Certificate, CertFacts> {
        let reg = self.reg;
        let tz = self.settings.tz;
        let mut out = Table::with_capacity(reg.certificates.len());
        for r in &reg.certificates {
            let from = From {
                file: r.file,
                kind: Kind::Certificate,
                id: r.id.as_str(),
            };
            let mut f = CertFacts {
                participant: self.resolve::<Participant>(from, &r.participant),
                env: self.resolve::<Environment>(from, &r.environment),
                dates_ok: true,
                ..CertFacts::default()
            };
            if let Some(m) = &r.mpid {
                self.mpid(from, m);
            }
            if let Some(role) = &r.role {
                self.role(from, role);
            }
            if let Some(e) = &r.requested_by {
                self.email(from, e);
            }
            if let Some(t) = &r.issued {
                match self.instant(from, t) {
                    Some((w, i)) => {
                        f.issued = Some(w);
                        f.valid_from = Some(i);
                    }
                    None => f.dates_ok = false,
                }
            }
            match self.when(from, &r.expires) {
                Some(w) => match w.end_instant(tz) {
                    Ok(until) => {
                        f.expires = Some(w);
                        f.valid_until = Some(until);
                        f.last_day = Some(crate::time::when::last_day_before(until, tz));
                    }
                    Err(e) => {
                        self.invalid(from, r.expires.loc, e, None);
                        f.dates_ok = false;
                    }
                },
                None => f.dates_ok = false,
            }
            if let (Some(a), Some(b), Some(t)) = (f.valid_from, f.valid_until, &r.issued) {
                if b <= a {
                    self.invalid(
                        from,
                        r.expires.loc,
                        format!(
                            "certificate `{}` expires ({}) before it is issued ({})",
                            r.id.value, r.expires.value, t.value
                        ),
                        None,
                    );
                    f.dates_ok = false;
                }
            }
            if let Some(t) = &r.revoked {
                match self.instant(from, t) {
                    Some((_, i)) => f.revoked = Some(i),
                    None => f.dates_ok = false,
                }
            }
            if let Some(t) = &r.replaces {
                f.replaces = self.resolve::<Certificate>(from, t);
                if t.value == r.id.value {
                    self.invalid(
                        from,
                        t.loc,
                        format!("certificate `{}` cannot replace itself", r.id.value),
                        None,
                    );
                    f.replaces = None;
                }
            }
            out.push(f);
        }
        out
    }

    fn weekly(&mut self, from: From<'_>, hours: &Spanned<Hours>) -> Option<Weekly> {
        match &hours.value {
            Hours::Named(name) if name == "24x7" => Some(Weekly::ALWAYS),
            Hours::Named(name) => {
                self.invalid(
                    from,
                    hours.loc,
                    format!("`{name}` is not a description of hours"),
                    Some("write 24x7, or {days: mon-fri, from: \"09:00\", to: \"17:00\"}".into()),
                );
                None
            }
            Hours::Unreadable => None,
            Hours::Weekly(w) => {
                // Every part that was read is checked, even when another
                // could not be (that one was reported when it was read).
                let days = w.days.as_ref().and_then(|d| self.days(from, d));
                let a = w.from.as_ref().and_then(|t| self.time_of_day(from, t));
                let b = w.to.as_ref().and_then(|t| self.time_of_day(from, t));
                let (Some(days), Some(a), Some(b), Some(to), Some(start)) =
                    (days, a, b, w.to.as_ref(), w.from.as_ref())
                else {
                    return None;
                };
                if b <= a {
                    self.invalid(
                        from,
                        to.loc,
                        format!(
                            "the hours end ({}) before they start ({})",
                            to.value, start.value
                        ),
                        None,
                    );
                    return None;
                }
                Some(Weekly {
                    days,
                    from_minute: a,
                    to_minute: b,
                })
            }
        }
    }

    fn days(&mut self, from: From<'_>, days: &Spanned<Days>) -> Option<[bool; 7]> {
        const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let day = |s: &str| {
            NAMES
                .iter()
                .position(|n| *n == s.trim().to_ascii_lowercase())
        };
        let mut out = [false; 7];
        match &days.value {
            Days::Range(text) => {
                let parsed = match text.split_once('-') {
                    Some((a, b)) => day(a).zip(day(b)),
                    None => day(text).map(|d| (d, d)),
                };
                let Some((a, b)) = parsed else {
                    self.invalid(
                        from,
                        days.loc,
                        format!("`{text}` is not a range of days"),
                        Some("write e.g. mon-fri, or a list such as [mon, wed]".into()),
                    );
                    return None;
                };
                let mut d = a;
                loop {
                    out[d] = true;
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            Days::List(list) => {
                for t in list {
                    match day(t.as_str()) {
                        Some(d) => out[d] = true,
                        None => {
                            self.invalid(
                                from,
                                t.loc,
                                format!("`{}` is not a day of the week", t.value),
                                Some("use mon, tue, wed, thu, fri, sat or sun".into()),
                            );
                            return None;
                        }
                    }
                }
            }
        }
        Some(out)
    }

    fn availabilities(
        &mut self,
        mut envs: Table<Environment, EnvFacts>,
    ) -> (
        Table<Availability, AvailabilityFacts>,
        Table<Environment, EnvFacts>,
    ) {
        let reg = self.reg;
        let mut out = Table::with_capacity(reg.availabilities.len());
        for (i, r) in reg.availabilities.indexed() {
            let from = From {
                file: r.file,
                kind: Kind::Availability,
                id: r.id.as_str(),
            };
            let mut f = AvailabilityFacts {
                env: self.resolve::<Environment>(from, &r.environment),
                observes_holidays: r.observes_holidays.as_ref().is_none_or(|b| b.value),
                ..AvailabilityFacts::default()
            };
            f.service = self.weekly(from, &r.service);
            if let Some(s) = &r.support {
                f.support = self.weekly(from, s);
            }
            if let Some(b) = &r.backups {
                for t in [&b.every, &b.retention].into_iter().flatten() {
                    self.duration(from, t);
                }
            }
            for c in &r.cutoffs {
                self.time_of_day(from, &c.at);
            }
            if let Some(env) = f.env {
                match envs[env].availability {
                    Some(first) => {
                        let other = &reg.availabilities[first];
                        let finding = Finding::new(
                            Code::EP006,
                            format!(
                                "environment `{}` already has an Availability record, `{}`",
                                r.environment.value, other.id.value
                            ),
                        )
                        .at(r.file, r.environment.loc)
                        .record(r.id.value.clone())
                        .record(other.id.value.clone())
                        .related(other.file, other.environment.loc, "the first one")
                        .help("an environment has at most one Availability record; merge them");
                        self.report(finding);
                        f.env = None;
                    }
                    None => envs[env].availability = Some(i),
                }
            }
            out.push(f);
        }
        (out, envs)
    }

    fn outages(&mut self) -> Table<Outage, OutageFacts> {
        let reg = self.reg;
        let mut out = Table::with_capacity(reg.outages.len());
        for r in &reg.outages {
            let from = From {
                file: r.file,
                kind: Kind::Outage,
                id: r.id.as_str(),
            };
            let mut f = OutageFacts {
                env: self.resolve::<Environment>(from, &r.environment),
                end_ok: true,
                ..OutageFacts::default()
            };
            match &r.end {
                Some(end) => {
                    let (_, _, range) = self.range(from, &r.start, end);
                    match range {
                        Some(range) => {
                            f.start = Some(range.start);
                            f.end = Some(range.end);
                        }
                        None => {
                            f.end_ok = false;
                            if let Ok(w) = When::parse(r.start.as_str()) {
                                f.start = w.start_instant(self.settings.tz).ok();
                            }
                        }
                    }
                }
                None => f.start = self.instant(from, &r.start).map(|(_, i)| i),
            }
            if let Some(t) = &r.notified {
                f.notified = self.instant(from, t).map(|(_, i)| i);
            }
            out.push(f);
        }
        out
    }
}

const DATE_HELP: &str = "write a day that exists in the calendar, as YYYY-MM-DD";
const WHEN_HELP: &str =
    "write a day that exists as YYYY-MM-DD, or a day and time as YYYY-MM-DDTHH:MM";
const CLOCK_CHANGE_HELP: &str =
    "pick a time outside the clock change, or give the UTC offset, e.g. T01:30+01:00";

/// "a" or "an" before a word.
fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`
pub fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("SIT-A"));
        assert!(is_valid_id("CIT-3"));
        assert!(is_valid_id("a.b_c-d"));
        assert!(is_valid_id(&"x".repeat(64)));
        assert!(!is_valid_id(&"x".repeat(65)));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id("é"));
    }
}
