//! The eight kinds of record, exactly as they are written in the registry.
//!
//! These types hold what was written, with its place, and nothing more: dates,
//! durations and references stay text here so that a bad value becomes a
//! precise EP005/EP006 finding later instead of a parse failure that loses the
//! whole record. Closed vocabularies (phase, sharing, purpose...) are enums, so
//! a misspelt value is a schema error (EP003) with a "did you mean" hint.
//! The JSON Schemas in `schemas/` are generated from these types.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::diag::RuleSetting;

use super::describe::{self, hours, Describe, Fields, Holds, Refs};
pub use super::entries::{CertificateNeed, Connection, StepNeed};
use super::kinds::Kind;
use super::lenient::{self, Required};
pub use super::milestone::{AppliesTo, Due, Milestone, Requires};
use super::schema_types::{
    DateText, DateTimeText, DurationText, EmailText, HorizonText, IdText, MpidText, TimeOfDayText,
};
use super::spanned::{OptText, Spanned, Text};
use super::vocab::SpannedMap;

/// A person to contact.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: Text,
    #[schemars(with = "EmailText")]
    pub email: Text,
    /// Written, but not readable as a name and an e-mail address (EP003):
    /// it still counts as given, so no rule also reports it missing, and
    /// the parts that could not be read are shown as `(invalid)`.
    #[serde(skip)]
    #[schemars(skip)]
    pub unreadable: bool,
}

/// A contact field, read leniently: a misspelt key or a value that is not
/// text is a finding at that place, and the participant it belongs to still
/// counts. A contact whose name or email cannot be read is kept as
/// `unreadable`, so that EP101 and EP102 do not report it missing as well.
fn contact<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Spanned<Contact>>, D::Error> {
    const FIELDS: &[&str] = &["name", "email"];
    let Some(read) = super::lenient::text_fields(
        deserializer,
        FIELDS,
        FIELDS,
        "a mapping with name and email",
    )?
    else {
        return Ok(None);
    };
    let loc = read.loc;
    let mut texts = read.value.into_iter();
    let (name, email) = (texts.next().flatten(), texts.next().flatten());
    let unreadable = name.is_none() || email.is_none();
    let invalid = || Spanned::new(super::lenient::INVALID.into(), loc);
    Ok(Some(Spanned::new(
        Contact {
            name: name.unwrap_or_else(invalid),
            email: email.unwrap_or_else(invalid),
            unreadable,
        },
        loc,
    )))
}

/// The programme itself: its calendar, vocabularies and rule settings (one per registry).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    #[schemars(with = "IdText")]
    pub id: Text,
    pub name: Text,
    /// IANA timezone name, e.g. Europe/London. Local dates and times in the registry are in this zone.
    pub timezone: Text,
    /// When the monthly Environment Working Group meets, e.g. first-tuesday.
    #[serde(default)]
    pub ewg: OptText,
    /// Default horizon for certificate expiry warnings (EP302) and `envplan certs`; default 60d.
    #[serde(default)]
    #[schemars(with = "Option<DurationText>")]
    pub certificate_warning: OptText,
    /// Minimum notice for planned outages (EP402); default 5d.
    #[serde(default)]
    #[schemars(with = "Option<DurationText>")]
    pub outage_notice: OptText,
    /// Non-working days: weekday service hours skip them.
    #[serde(default, deserialize_with = "super::lenient::texts")]
    #[schemars(with = "Vec<DateText>")]
    pub holidays: Vec<Text>,
    /// Roles that only receive messages, so need not send one when proving connectivity.
    #[serde(default, deserialize_with = "super::lenient::texts")]
    pub receive_only_roles: Vec<Text>,
    /// Market-role vocabulary: code -> description.
    pub roles: Required<SpannedMap<Text>>,
    /// Test-stage vocabulary: code -> description.
    pub stages: Required<SpannedMap<Text>>,
    /// Severity overrides: rule code -> error, warning or off.
    #[serde(default, deserialize_with = "super::lenient::map")]
    pub rules: SpannedMap<Spanned<RuleSetting>>,
    /// Globs of files to skip, relative to the registry root.
    #[serde(default, deserialize_with = "super::lenient::texts")]
    pub exclude: Vec<Text>,
    #[serde(default)]
    pub description: OptText,
    /// (v2) The stage code in which participants prove connectivity (default connectivity-proving; must be one of `stages` when given). Intervals of this stage are exempt from EP105 and EP303, and they form each participant's cohort for `connectivity` entries limited by `from_interval`.
    #[serde(default)]
    pub proving_stage: OptText,
    /// (v2) How far ahead a milestone's due day or an environment's required day warns (EP502, EP504): whole days or weeks, e.g. 14d or 2w; default 14d.
    #[serde(default)]
    #[schemars(with = "Option<HorizonText>")]
    pub milestone_warning: OptText,
    /// (v2) The PKI officers each certificate purpose needs (§10.3.1 for DCC, §11.3.1.1 and Table 10 for the DIP). When given, EP102 asks a participant for exactly the officers of the purposes it holds a current certificate of, or is required to hold by a booking not yet over; `connects_to_dip` then plays no part. Absent: every participant that connects to the DIP or holds a certificate needs a nominating officer and an SRO.
    #[serde(default, deserialize_with = "super::lenient::mapping")]
    pub pki: Option<Spanned<Pki>>,
}

impl Describe for Programme {
    fn name(&self) -> Option<&Text> {
        Some(&self.name)
    }
    fn write_fields(&self, f: &mut Fields) {
        f.text("timezone", &self.timezone);
        f.opt("ewg", self.ewg.as_deref());
        f.opt("certificate_warning", self.certificate_warning.as_deref());
        f.opt("outage_notice", self.outage_notice.as_deref());
        f.texts("holidays", &self.holidays);
        f.texts("receive_only_roles", &self.receive_only_roles);
        for (code, text) in self.roles.iter() {
            f.text(&format!("roles.{}", code.value), text);
        }
        for (code, text) in self.stages.iter() {
            f.text(&format!("stages.{}", code.value), text);
        }
        for (code, setting) in self.rules.iter() {
            f.one(format!("rules.{}", code.value), setting.value.as_str());
        }
        f.texts("exclude", &self.exclude);
        f.opt("description", self.description.as_deref());
        f.opt("proving_stage", self.proving_stage.as_deref());
        f.opt("milestone_warning", self.milestone_warning.as_deref());
        if let Some(pki) = &self.pki {
            for purpose in Purpose::ALL {
                f.many(
                    format!("pki.{purpose}"),
                    pki.officers(*purpose)
                        .iter()
                        .map(|o| o.value.as_str().to_owned()),
                );
            }
        }
    }
    fn references(&self) -> Vec<Holds<'_>> {
        Vec::new()
    }
}

/// (v2) The PKI officers each certificate purpose needs.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pki {
    /// Officers a participant needs to hold or be required to hold a DIP TLS certificate.
    #[serde(default, deserialize_with = "super::lenient::list")]
    pub tls: Vec<Spanned<Officer>>,
    /// Officers a participant needs to hold or be required to hold a DIP JWS (message signing) certificate.
    #[serde(default, deserialize_with = "super::lenient::list")]
    pub jws: Vec<Spanned<Officer>>,
    /// Officers a participant needs to hold or be required to hold a DCC CSS certificate.
    #[serde(default, rename = "dcc-css", deserialize_with = "super::lenient::list")]
    pub dcc_css: Vec<Spanned<Officer>>,
    /// Officers a participant needs to hold or be required to hold a DCC DSP certificate.
    #[serde(default, rename = "dcc-dsp", deserialize_with = "super::lenient::list")]
    pub dcc_dsp: Vec<Spanned<Officer>>,
}

impl Pki {
    /// The officers a purpose needs.
    pub fn officers(&self, purpose: Purpose) -> &[Spanned<Officer>] {
        match purpose {
            Purpose::Tls => &self.tls,
            Purpose::Jws => &self.jws,
            Purpose::DccCss => &self.dcc_css,
            Purpose::DccDsp => &self.dcc_dsp,
        }
    }
}

/// (v2) A PKI role a participant records under `pki_officers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Officer {
    NominatingOfficer,
    Sro,
    Aro,
}

/// A test environment: who runs it, what it hosts and how it may be shared.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    #[schemars(with = "IdText")]
    pub id: Text,
    pub name: Text,
    /// Participant id of whoever provides and manages it.
    #[schemars(with = "IdText")]
    pub owner: Text,
    // Absent only when the value written is not a phase (EP003): the environment still counts.
    #[schemars(with = "Phase")]
    pub phase: Required<Option<Spanned<Phase>>>,
    /// Stage codes (from the Programme's `stages`) it hosts.
    pub stages: Required<Vec<Text>>,
    /// Which overlapping intervals clash on it; default shared.
    #[serde(default, deserialize_with = "super::lenient::optional")]
    pub sharing: Option<Spanned<Sharing>>,
    /// When the programme needs it.
    #[serde(default, deserialize_with = "window")]
    pub required: Option<Spanned<Window>>,
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub sandbox_end: OptText,
    /// Environments it connects to: an interval may `use` only these (EP207). (v2) An entry may be {environment, stages}: connected for intervals of those stages only.
    #[serde(default, deserialize_with = "super::entries::connections")]
    pub connects_to: Vec<Spanned<Connection>>,
    /// Where changes are regression-tested before they reach it.
    #[serde(default)]
    #[schemars(with = "Option<IdText>")]
    pub staging: OptText,
    /// Certificate purposes a participant needs for every day it is booked on it (EP303). (v2) An entry may be {purpose, roles}: required only of participants holding one of the roles.
    #[serde(default, deserialize_with = "super::lenient::entries")]
    pub certificates: Vec<Spanned<CertificateNeed>>,
    /// Connectivity-proving steps a participant must complete before testing on it (EP105). (v2) An entry may be {step, roles, from_interval}: required only of participants meeting every limit given.
    #[serde(default, deserialize_with = "super::lenient::entries")]
    pub connectivity: Vec<Spanned<StepNeed>>,
    #[serde(default)]
    pub description: OptText,
    /// (v2) Environments this one is made of (§9.2), at any depth: their planned outages are its outages for EP208 and availability. An environment may not contain itself.
    #[serde(default, deserialize_with = "super::lenient::texts")]
    #[schemars(with = "Vec<IdText>")]
    pub components: Vec<Text>,
    /// (v2) Market-role codes of the participants that take part in it (Table 2): an interval listing a participant holding none of them is EP210. Absent: any role.
    #[serde(default, deserialize_with = "super::lenient::given_texts")]
    pub roles: Option<Vec<Text>>,
    /// (v2) Its own build and readiness (§4.1, §12.2), checked against `required` by EP503 and EP504. Absent: not tracked.
    #[serde(default, deserialize_with = "super::lenient::mapping")]
    pub readiness: Option<Spanned<Readiness>>,
}

impl Describe for Environment {
    fn name(&self) -> Option<&Text> {
        Some(&self.name)
    }
    fn write_fields(&self, f: &mut Fields) {
        f.text("owner", &self.owner);
        f.one("phase", lenient::shown(self.phase.as_ref()));
        f.texts("stages", &self.stages);
        f.shown("sharing", self.sharing.as_ref());
        if let Some(w) = &self.required {
            f.one("required", format!("{} to {}", w.from.value, w.to.value));
        }
        f.opt("sandbox_end", self.sandbox_end.as_deref());
        f.many(
            "connects_to",
            self.connects_to.iter().map(|c| c.value.to_string()),
        );
        f.opt("staging", self.staging.as_deref());
        f.many(
            "certificates",
            self.certificates.iter().map(|p| p.value.to_string()),
        );
        f.many(
            "connectivity",
            self.connectivity.iter().map(|s| s.value.to_string()),
        );
        f.opt("description", self.description.as_deref());
        f.texts("components", &self.components);
        if let Some(roles) = &self.roles {
            f.many("roles", roles.iter().map(|t| t.value.to_string()));
        }
        if let Some(readiness) = &self.readiness {
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

/// (v2) An environment's own build and readiness.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Readiness {
    /// Where its build stands: planned, building, ready or retired. Planned or building while it is required is EP503.
    #[schemars(with = "ReadinessStatus")]
    pub status: Required<Option<Spanned<ReadinessStatus>>>,
    /// The day it was, or is forecast to be, ready. After `required.from` it is EP504 ahead of time and EP503 once required.
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub ready_on: OptText,
    /// The readiness checks of §12.2 and the day each was done; any subset.
    #[serde(default, deserialize_with = "super::lenient::mapping")]
    pub checks: Option<Spanned<ReadinessChecks>>,
}

/// (v2) How far an environment's build has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReadinessStatus {
    Planned,
    Building,
    Ready,
    Retired,
}

/// (v2) The days the readiness checks of §12.2 were done.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadinessChecks {
    /// Network connectivity in place.
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub network: OptText,
    /// Its certificates installed.
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub certificates: OptText,
    /// Test data loaded.
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub test_data: OptText,
    /// Monitoring set up.
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub monitoring: OptText,
    /// Signed off as ready.
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub sign_off: OptText,
}

impl ReadinessChecks {
    /// Each check's name as written, and its day.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Text)> {
        [
            ("network", &self.network),
            ("certificates", &self.certificates),
            ("test_data", &self.test_data),
            ("monitoring", &self.monitoring),
            ("sign_off", &self.sign_off),
        ]
        .into_iter()
        .filter_map(|(n, t)| t.as_deref().map(|t| (n, t)))
    }
}

/// A window read leniently: a misspelt key, a part that is not text or a
/// part left out is a finding at that place, and the environment still
/// counts, without a window (it is then required at no time in particular).
fn window<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Spanned<Window>>, D::Error> {
    const FIELDS: &[&str] = &["from", "to"];
    let Some(read) =
        super::lenient::text_fields(deserializer, FIELDS, FIELDS, "a mapping with from and to")?
    else {
        return Ok(None);
    };
    let loc = read.loc;
    let mut texts = read.value.into_iter();
    match (texts.next().flatten(), texts.next().flatten()) {
        (Some(from), Some(to)) => Ok(Some(Spanned::new(Window { from, to }, loc))),
        _ => Ok(None),
    }
}

/// A span of days, both ends included.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Window {
    #[schemars(with = "DateText")]
    pub from: Text,
    #[schemars(with = "DateText")]
    pub to: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    Pit,
    Staging,
    Sit,
    Uit,
    PreProduction,
    Production,
}

/// How an environment may be shared between overlapping intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Sharing {
    /// Any number of intervals at once.
    #[default]
    Shared,
    /// One interval at a time.
    Exclusive,
    /// Several stages, but not at the same time.
    SerialStages,
    /// Reachable from one upstream environment at a time.
    SingleUpstream,
}

/// What a certificate is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    Tls,
    Jws,
    DccCss,
    DccDsp,
}

/// A connectivity-proving step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    Internal,
    Certificates,
    Webhooks,
    Message,
}

/// A test participant: a supplier, agent, network operator, central party...
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    #[schemars(with = "IdText")]
    pub id: Text,
    pub name: Text,
    // Absent only when the value written is not a type (EP003): the participant still counts.
    #[serde(rename = "type")]
    #[schemars(with = "ParticipantType")]
    pub kind: Required<Option<Spanned<ParticipantType>>>,
    /// Market-role codes from the Programme's `roles`.
    #[serde(default, deserialize_with = "super::lenient::texts")]
    pub roles: Vec<Text>,
    /// Market participant ids: four characters, A-Z and 0-9.
    #[serde(default, deserialize_with = "super::lenient::texts")]
    #[schemars(with = "Vec<MpidText>")]
    pub mpids: Vec<Text>,
    #[serde(default)]
    #[serde(deserialize_with = "contact")]
    pub environment_manager: Option<Spanned<Contact>>,
    /// Whether it connects to the DIP; default true.
    #[serde(default, deserialize_with = "super::lenient::flag")]
    pub connects_to_dip: Option<Spanned<bool>>,
    /// The DIP connection provider acting for it (a participant of type dcp).
    #[serde(default)]
    #[schemars(with = "Option<IdText>")]
    pub dcp: OptText,
    #[serde(default, deserialize_with = "super::lenient::mapping")]
    pub pki_officers: Option<Spanned<PkiOfficers>>,
    /// Per environment id: the date each connectivity-proving step was completed.
    #[serde(default, deserialize_with = "super::lenient::mappings")]
    pub connectivity: SpannedMap<Spanned<ConnectivityDates>>,
    #[serde(default, deserialize_with = "super::lenient::mapping")]
    pub backups: Option<Spanned<ParticipantBackups>>,
    #[serde(default)]
    pub description: OptText,
    /// (v2) Milestones without `requires` that it has met: Milestone id -> the day it met it (EP501, EP502). A milestone with `requires` is worked out from the registry and cannot be recorded here.
    #[serde(default, deserialize_with = "super::lenient::text_map")]
    #[schemars(with = "std::collections::BTreeMap<String, DateText>")]
    pub milestones: SpannedMap<Text>,
}

impl Describe for Participant {
    fn name(&self) -> Option<&Text> {
        Some(&self.name)
    }
    fn write_fields(&self, f: &mut Fields) {
        f.one("type", lenient::shown(self.kind.as_ref()));
        f.texts("roles", &self.roles);
        f.texts("mpids", &self.mpids);
        if let Some(c) = &self.environment_manager {
            f.one("environment_manager", describe::contact(c));
        }
        f.shown("connects_to_dip", self.connects_to_dip.as_ref());
        f.opt("dcp", self.dcp.as_deref());
        if let Some(o) = &self.pki_officers {
            for (name, c) in [
                ("pki_officers.nominating_officer", &o.nominating_officer),
                ("pki_officers.sro", &o.sro),
                ("pki_officers.aro", &o.aro),
            ] {
                if let Some(c) = c {
                    f.one(name, describe::contact(c));
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
                        .map(|a| {
                            format!("{}/{}/{}", a.mpid.value, a.role.value, a.environment.value)
                        })
                        .collect();
                    if !appointments.is_empty() {
                        s.push_str(&format!(" for {}", appointments.join(", ")));
                    }
                    s
                }),
            );
        }
        for (env, dates) in self.connectivity.iter() {
            for step in Step::ALL {
                if let Some(d) = dates.get(*step) {
                    f.text(&format!("connectivity.{}.{}", env.value, step.as_str()), d);
                }
            }
        }
        if let Some(b) = &self.backups {
            f.opt("backups.schedule", b.schedule.as_deref());
            f.opt("backups.last_restore_test", b.last_restore_test.as_deref());
        }
        f.opt("description", self.description.as_deref());
        for (id, day) in self.milestones.iter() {
            f.text(&format!("milestones.{}", id.value), day);
        }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ParticipantType {
    Supplier,
    Agent,
    ServiceProvider,
    Ldso,
    CentralParty,
    CoreSolutionProvider,
    Dcp,
    Programme,
}

/// The people who may request and manage PKI certificates for a participant.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PkiOfficers {
    #[serde(default, deserialize_with = "contact")]
    pub nominating_officer: Option<Spanned<Contact>>,
    #[serde(default, deserialize_with = "contact")]
    pub sro: Option<Spanned<Contact>>,
    #[serde(default, deserialize_with = "contact")]
    pub aro: Option<Spanned<Contact>>,
    #[serde(default, deserialize_with = "super::lenient::items")]
    pub technical_contacts: Vec<Spanned<TechnicalContact>>,
}

/// Someone appointed to request certificates for given MPID, role and environment combinations.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TechnicalContact {
    pub name: Text,
    #[schemars(with = "EmailText")]
    pub email: Text,
    /// Any organisation, not necessarily the participant.
    #[serde(default)]
    pub organisation: OptText,
    #[serde(default, deserialize_with = "super::lenient::items")]
    pub appointments: Vec<Spanned<Appointment>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Appointment {
    #[schemars(with = "MpidText")]
    pub mpid: Text,
    pub role: Text,
    #[schemars(with = "IdText")]
    pub environment: Text,
}

/// When each connectivity-proving step was completed on one environment.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConnectivityDates {
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub internal: OptText,
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub certificates: OptText,
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub webhooks: OptText,
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub message: OptText,
}

impl ConnectivityDates {
    pub fn get(&self, step: Step) -> Option<&Text> {
        match step {
            Step::Internal => self.internal.as_deref(),
            Step::Certificates => self.certificates.as_deref(),
            Step::Webhooks => self.webhooks.as_deref(),
            Step::Message => self.message.as_deref(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantBackups {
    #[serde(default)]
    pub schedule: OptText,
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub last_restore_test: OptText,
}

/// A span of time in which listed participants use an environment for one stage.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    #[schemars(with = "IdText")]
    pub id: Text,
    pub name: Text,
    #[schemars(with = "IdText")]
    pub environment: Text,
    /// One of the environment's stages.
    pub stage: Text,
    #[schemars(with = "DateTimeText")]
    pub start: Text,
    #[schemars(with = "DateTimeText")]
    pub end: Text,
    #[serde(default, deserialize_with = "super::lenient::texts")]
    #[schemars(with = "Vec<IdText>")]
    pub participants: Vec<Text>,
    /// Further environments it occupies (reached through its own environment).
    #[serde(default, deserialize_with = "super::lenient::texts")]
    #[schemars(with = "Vec<IdText>")]
    pub uses: Vec<Text>,
    #[serde(default, deserialize_with = "super::lenient::optional")]
    pub status: Option<Spanned<Status>>,
    #[serde(default)]
    pub description: OptText,
}

impl Describe for Interval {
    fn name(&self) -> Option<&Text> {
        Some(&self.name)
    }
    fn write_fields(&self, f: &mut Fields) {
        f.text("environment", &self.environment);
        f.text("stage", &self.stage);
        f.text("start", &self.start);
        f.text("end", &self.end);
        f.texts("participants", &self.participants);
        f.texts("uses", &self.uses);
        // Absent means planned: compare what it means, not how it was written.
        f.one(
            "status",
            self.status.as_ref().map_or("planned", |s| s.value.as_str()),
        );
        f.opt("description", self.description.as_deref());
    }
    fn references(&self) -> Vec<Holds<'_>> {
        let mut r = Refs::default();
        r.add("environment", Kind::Environment, &self.environment);
        r.all("participants", Kind::Participant, &self.participants);
        r.all("uses", Kind::Environment, &self.uses);
        r.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Planned,
    Confirmed,
    Done,
    Cancelled,
}

/// A PKI certificate held by a participant for one environment.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    #[schemars(with = "IdText")]
    pub id: Text,
    #[schemars(with = "IdText")]
    pub participant: Text,
    #[schemars(with = "IdText")]
    pub environment: Text,
    // Absent only when the value written is not a purpose (EP003): the certificate still counts, but covers nothing.
    #[schemars(with = "Purpose")]
    pub purpose: Required<Option<Spanned<Purpose>>>,
    #[serde(default)]
    #[schemars(with = "Option<MpidText>")]
    pub mpid: OptText,
    #[serde(default)]
    pub role: OptText,
    /// E-mail of the technical contact who requested it.
    #[serde(default)]
    #[schemars(with = "Option<EmailText>")]
    pub requested_by: OptText,
    /// Absent: valid from the beginning.
    #[serde(default)]
    #[schemars(with = "Option<DateTimeText>")]
    pub issued: OptText,
    /// A date means valid through that day.
    #[schemars(with = "DateTimeText")]
    pub expires: Text,
    /// The public certificate (PEM), relative to the registry root.
    #[serde(default)]
    pub file: OptText,
    /// The certificate this one renews.
    #[serde(default)]
    #[schemars(with = "Option<IdText>")]
    pub replaces: OptText,
    /// Not valid from this date on.
    #[serde(default)]
    #[schemars(with = "Option<DateTimeText>")]
    pub revoked: OptText,
    #[serde(default)]
    pub description: OptText,
}

impl Describe for Certificate {
    fn name(&self) -> Option<&Text> {
        None
    }
    fn write_fields(&self, f: &mut Fields) {
        f.text("participant", &self.participant);
        f.text("environment", &self.environment);
        f.one("purpose", lenient::shown(self.purpose.as_ref()));
        f.opt("mpid", self.mpid.as_deref());
        f.opt("role", self.role.as_deref());
        f.opt("requested_by", self.requested_by.as_deref());
        f.opt("issued", self.issued.as_deref());
        f.text("expires", &self.expires);
        f.opt("file", self.file.as_deref());
        f.opt("replaces", self.replaces.as_deref());
        f.opt("revoked", self.revoked.as_deref());
        f.opt("description", self.description.as_deref());
    }
    fn references(&self) -> Vec<Holds<'_>> {
        let mut r = Refs::default();
        r.add("participant", Kind::Participant, &self.participant);
        r.add("environment", Kind::Environment, &self.environment);
        r.opt("replaces", Kind::Certificate, self.replaces.as_deref());
        r.0
    }
}

/// Service hours, support hours and back-ups of one environment.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    #[schemars(with = "IdText")]
    pub id: Text,
    #[schemars(with = "IdText")]
    pub environment: Text,
    pub service: Required<Spanned<Hours>>,
    #[serde(default, deserialize_with = "super::lenient::optional_hours")]
    pub support: Option<Spanned<Hours>>,
    #[serde(default, deserialize_with = "super::lenient::mapping")]
    pub backups: Option<Spanned<Backups>>,
    #[serde(default, deserialize_with = "super::lenient::items")]
    pub cutoffs: Vec<Spanned<Cutoff>>,
    /// Default true: the Programme's holidays are not service days.
    #[serde(default, deserialize_with = "super::lenient::flag")]
    pub observes_holidays: Option<Spanned<bool>>,
    /// How the environment is monitored and who is told of failures.
    #[serde(default)]
    pub monitoring: OptText,
    #[serde(default)]
    pub description: OptText,
}

impl Describe for Availability {
    fn name(&self) -> Option<&Text> {
        None
    }
    fn write_fields(&self, f: &mut Fields) {
        f.text("environment", &self.environment);
        f.one("service", hours(&self.service));
        if let Some(s) = &self.support {
            f.one("support", hours(s));
        }
        if let Some(b) = &self.backups {
            f.opt("backups.every", b.every.as_deref());
            f.opt("backups.retention", b.retention.as_deref());
        }
        f.many(
            "cutoffs",
            self.cutoffs
                .iter()
                .map(|c| format!("{} at {}", c.name.value, c.at.value)),
        );
        f.one(
            "observes_holidays",
            self.observes_holidays
                .as_ref()
                .is_none_or(|b| b.value)
                .to_string(),
        );
        f.opt("monitoring", self.monitoring.as_deref());
        f.opt("description", self.description.as_deref());
    }
    fn references(&self) -> Vec<Holds<'_>> {
        let mut r = Refs::default();
        r.add("environment", Kind::Environment, &self.environment);
        r.0
    }
}

pub use super::hours::{Days, Hours, WeeklyHours};

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Backups {
    #[serde(default)]
    #[schemars(with = "Option<DurationText>")]
    pub every: OptText,
    #[serde(default)]
    #[schemars(with = "Option<DurationText>")]
    pub retention: OptText,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cutoff {
    pub name: Text,
    #[schemars(with = "TimeOfDayText")]
    pub at: Text,
}

/// A time an environment was, or will be, unavailable.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outage {
    #[schemars(with = "IdText")]
    pub id: Text,
    #[schemars(with = "IdText")]
    pub environment: Text,
    /// True for planned work (announced in advance, EP402), false for a failure (a defect is raised, EP401; it counts as unplanned in availability).
    // Unreadable (EP003), it is unknown: the outage still counts where the
    // difference does not matter, and as unplanned in availability.
    #[schemars(with = "bool")]
    pub planned: Required<Spanned<Option<bool>>>,
    // Absent only when the value written is not a reason (EP003): the outage still counts.
    #[schemars(with = "Reason")]
    pub reason: Required<Option<Spanned<Reason>>>,
    #[schemars(with = "DateTimeText")]
    pub start: Text,
    /// Absent: still ongoing.
    #[serde(default)]
    #[schemars(with = "Option<DateTimeText>")]
    pub end: OptText,
    /// When participants were told (planned outages).
    #[serde(default)]
    #[schemars(with = "Option<DateTimeText>")]
    pub notified: OptText,
    /// Defect reference (unplanned outages).
    #[serde(default)]
    pub defect: OptText,
    #[serde(default)]
    pub description: OptText,
}

impl Describe for Outage {
    fn name(&self) -> Option<&Text> {
        None
    }
    fn write_fields(&self, f: &mut Fields) {
        f.text("environment", &self.environment);
        f.one(
            "planned",
            self.planned
                .value
                .map_or(lenient::INVALID.to_owned(), |p| p.to_string()),
        );
        f.one("reason", lenient::shown(self.reason.as_ref()));
        f.text("start", &self.start);
        f.opt("end", self.end.as_deref());
        f.opt("notified", self.notified.as_deref());
        f.opt("defect", self.defect.as_deref());
        f.opt("description", self.description.as_deref());
    }
    fn references(&self) -> Vec<Holds<'_>> {
        let mut r = Refs::default();
        r.add("environment", Kind::Environment, &self.environment);
        r.0
    }
}

impl Outage {
    /// Planned as written; an unreadable `planned` (EP003) is not.
    pub fn is_planned(&self) -> bool {
        self.planned.value == Some(true)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    DataRefresh,
    DataLoad,
    Maintenance,
    Patching,
    Deployment,
    /// (v2) Backing out a change that went wrong.
    Rollback,
    InfrastructureFailure,
    SoftwareFailure,
    Other,
}

/// The names enums are written with in the registry, for output.
macro_rules! written_names {
    ($($ty:ident { $($variant:ident => $name:literal),* $(,)? })*) => {
        $(
            impl $ty {
                pub const ALL: &'static [$ty] = &[$($ty::$variant),*];

                /// The value as written in the registry.
                pub fn as_str(self) -> &'static str {
                    match self {
                        $($ty::$variant => $name,)*
                    }
                }
            }

            impl super::lenient::Vocab for $ty {
                fn name(self) -> &'static str {
                    self.as_str()
                }
                fn names() -> &'static [&'static str] {
                    &[$($name),*]
                }
                fn from_name(name: &str) -> Option<Self> {
                    match name {
                        $($name => Some($ty::$variant),)*
                        _ => None,
                    }
                }
            }

            impl std::fmt::Display for $ty {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        )*
    };
}

written_names! {
    RuleSetting { Error => "error", Warning => "warning", Off => "off" }
    Phase {
        Pit => "pit", Staging => "staging", Sit => "sit", Uit => "uit",
        PreProduction => "pre-production", Production => "production",
    }
    Sharing {
        Shared => "shared", Exclusive => "exclusive",
        SerialStages => "serial-stages", SingleUpstream => "single-upstream",
    }
    Purpose { Tls => "tls", Jws => "jws", DccCss => "dcc-css", DccDsp => "dcc-dsp" }
    Step { Internal => "internal", Certificates => "certificates", Webhooks => "webhooks", Message => "message" }
    ParticipantType {
        Supplier => "supplier", Agent => "agent", ServiceProvider => "service-provider",
        Ldso => "ldso", CentralParty => "central-party",
        CoreSolutionProvider => "core-solution-provider", Dcp => "dcp", Programme => "programme",
    }
    ReadinessStatus { Planned => "planned", Building => "building", Ready => "ready", Retired => "retired" }
    Officer { NominatingOfficer => "nominating_officer", Sro => "sro", Aro => "aro" }
    Status { Planned => "planned", Confirmed => "confirmed", Done => "done", Cancelled => "cancelled" }
    Reason {
        DataRefresh => "data-refresh", DataLoad => "data-load", Maintenance => "maintenance",
        Patching => "patching", Deployment => "deployment", Rollback => "rollback",
        InfrastructureFailure => "infrastructure-failure", SoftwareFailure => "software-failure",
        Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names used for output are the names serde reads.
    #[test]
    fn written_names_match_serde() {
        fn check<T: for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug + Copy>(
            all: &[T],
            name: fn(T) -> &'static str,
        ) {
            for v in all {
                let parsed: T = serde_saphyr::from_str(name(*v)).unwrap();
                assert_eq!(parsed, *v);
            }
        }
        check(Phase::ALL, Phase::as_str);
        check(Sharing::ALL, Sharing::as_str);
        check(Purpose::ALL, Purpose::as_str);
        check(Step::ALL, Step::as_str);
        check(ParticipantType::ALL, ParticipantType::as_str);
        check(Status::ALL, Status::as_str);
        check(Reason::ALL, Reason::as_str);
        check(RuleSetting::ALL, RuleSetting::as_str);
        check(ReadinessStatus::ALL, ReadinessStatus::as_str);
        check(Officer::ALL, Officer::as_str);
    }
}
