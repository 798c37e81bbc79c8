//! The site's data files, for anyone who wants the facts rather than the
//! pages: `api/registry.json` (every record resolved, as of the day),
//! `api/findings.json` (every check finding), `api/participants/<id>.json`
//! (one participant's bookings, certificates, gaps and findings) and
//! `api/index.json` (what there is and where).
//!
//! Their shapes are the Rust types below; the JSON Schemas in
//! `schemas/site/` are generated from them ([`schemas`]) and written into
//! the site's `schemas/` too, and a test fails when the committed copies
//! drift. Fields may be added in later versions; none is removed or renamed
//! without changing `version`.

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::{CertIx, IntervalIx, ParticipantIx};
use crate::registry::document::Kind;
use crate::time::when::{date_of, last_day_before, start_of_day};

use super::lists::slug_or;
use super::{Cx, Site};

/// The version of every data file's shape.
pub const VERSION: u32 = 1;

/// `api/index.json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Index {
    pub version: u32,
    pub as_of: String,
    pub programme: Option<Programme>,
    pub environments: Vec<Link>,
    pub participants: Vec<Link>,
}

/// A record and where the site has it (paths relative to the site root).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Link {
    pub id: String,
    pub name: String,
    pub page: String,
    pub feed: String,
    /// The participant's data file (participants only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Programme {
    pub id: String,
    pub name: String,
    pub timezone: String,
}

/// `api/registry.json`: the registry resolved.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RegistryDoc {
    pub version: u32,
    pub as_of: String,
    pub programme: Option<Programme>,
    pub environments: Vec<EnvironmentDoc>,
    pub participants: Vec<ParticipantSummary>,
    pub intervals: Vec<IntervalDoc>,
    pub certificates: Vec<CertificateDoc>,
    pub outages: Vec<OutageDoc>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct EnvironmentDoc {
    pub id: String,
    pub name: String,
    pub owner: String,
    pub phase: String,
    pub sharing: String,
    pub stages: Vec<String>,
    pub connects_to: Vec<String>,
    /// First and last day the programme needs it, both included.
    pub required: Option<[String; 2]>,
    pub service_hours: String,
    /// (v2) Its own readiness: `planned`, `building`, `ready` or `retired`; `None` when not tracked.
    pub readiness: Option<String>,
    /// (v2) The day it was, or is forecast to be, ready.
    pub ready_on: Option<String>,
    /// (v2) The environments it is made of.
    pub components: Vec<String>,
    pub page: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ParticipantSummary {
    pub id: String,
    pub name: String,
    /// Its `type`.
    pub kind: String,
    pub roles: Vec<String>,
    pub mpids: Vec<String>,
    pub page: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct IntervalDoc {
    pub id: String,
    pub name: String,
    pub environment: String,
    pub stage: String,
    /// As written.
    pub start: String,
    pub end: String,
    /// The first and last civil day it touches, when its dates can be read.
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    pub status: String,
    /// `past`, `running`, `to come`, `cancelled` or `dates unreadable`, as of the day.
    pub state: String,
    pub participants: Vec<String>,
    pub uses: Vec<String>,
    /// Commits that changed it since it was added (0 outside git).
    pub sequence: u32,
    pub page: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CertificateDoc {
    pub id: String,
    pub participant: String,
    pub environment: String,
    pub purpose: String,
    pub mpid: Option<String>,
    pub role: Option<String>,
    /// As written.
    pub expires: String,
    /// The last civil day it is valid, when readable.
    pub last_day: Option<String>,
    /// Negative once expired; `None` when revoked, replaced or unreadable.
    pub days_left: Option<i64>,
    /// `in use`, `revoked`, `replaced` or `unreadable`.
    pub state: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct OutageDoc {
    pub id: String,
    pub environment: String,
    pub planned: bool,
    pub reason: String,
    pub start: String,
    /// `None` while ongoing.
    pub end: Option<String>,
    pub defect: Option<String>,
}

/// `api/findings.json`: the document of `envplan check --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingsDoc {
    pub version: u32,
    pub as_of: String,
    pub summary: Counts,
    pub diagnostics: Vec<FindingDoc>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingDoc {
    pub code: String,
    /// `error` or `warning`.
    pub severity: String,
    pub message: String,
    /// Relative to the registry root; `None` for findings about the whole registry.
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub records: Vec<String>,
    pub help: Option<String>,
}

/// `api/participants/<id>.json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ParticipantDoc {
    pub version: u32,
    pub as_of: String,
    pub participant: ParticipantSummary,
    pub bookings: Vec<IntervalDoc>,
    pub certificates: Vec<CertificateDoc>,
    /// Certificates it lacks for its bookings from the day on.
    pub needed: Vec<NeededDoc>,
    /// (v2) The milestones that apply to it, by due day.
    pub milestones: Vec<MilestoneDoc>,
    pub findings: Vec<FindingDoc>,
    pub feed: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct MilestoneDoc {
    pub id: String,
    pub name: String,
    /// Its due day for this participant.
    pub due: String,
    /// `met`, `met on YYYY-MM-DD`, `overdue`, `due soon` or `open`, as of the day.
    pub state: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct NeededDoc {
    pub interval: String,
    pub environment: String,
    pub purpose: String,
    /// The first day it has no valid certificate of that purpose.
    pub from: String,
    /// The certificate whose validity ended last before the gap.
    pub lapsed: Option<String>,
}

/// The schema files: (name, text), for `schemas/site/` and the site's `schemas/`.
pub fn schemas() -> Vec<(&'static str, String)> {
    fn one<T: JsonSchema>(title: &str) -> String {
        let mut schema = schemars::schema_for!(T);
        schema.insert("title".to_owned(), title.into());
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        text
    }
    vec![
        (
            "index.schema.json",
            one::<Index>("envplan site: api/index.json"),
        ),
        (
            "registry.schema.json",
            one::<RegistryDoc>("envplan site: api/registry.json"),
        ),
        (
            "findings.schema.json",
            one::<FindingsDoc>("envplan site: api/findings.json"),
        ),
        (
            "participant.schema.json",
            one::<ParticipantDoc>("envplan site: api/participants/<id>.json"),
        ),
    ]
}

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_default();
    out.push(b'\n');
    out
}

fn programme(cx: &Cx<'_, '_>) -> Option<Programme> {
    cx.m.reg.programme().map(|p| Programme {
        id: p.id.as_str().to_owned(),
        name: p.name.as_str().to_owned(),
        timezone: cx.tz.name().to_owned(),
    })
}

fn participant_summary(cx: &Cx<'_, '_>, p: ParticipantIx) -> ParticipantSummary {
    let r = &cx.m.reg.participants[p];
    ParticipantSummary {
        id: r.id.as_str().to_owned(),
        name: r.name.as_str().to_owned(),
        kind: crate::registry::lenient::shown(r.kind.as_ref()).to_owned(),
        roles: r.roles.iter().map(|t| t.as_str().to_owned()).collect(),
        mpids: r.mpids.iter().map(|t| t.as_str().to_owned()).collect(),
        page: cx.participant_page(p).unwrap_or_default(),
    }
}

fn interval_doc(cx: &Cx<'_, '_>, i: IntervalIx) -> IntervalDoc {
    let r = &cx.m.reg.intervals[i];
    let f = &cx.m.intervals[i];
    let today = start_of_day(cx.as_of, cx.tz);
    let state = if f.is_cancelled() {
        "cancelled"
    } else {
        match f.range {
            Some(x) if x.end <= today => "past",
            Some(x) if x.start <= today => "running",
            Some(_) => "to come",
            None => "dates unreadable",
        }
    };
    IntervalDoc {
        id: r.id.as_str().to_owned(),
        name: r.name.as_str().to_owned(),
        environment: r.environment.as_str().to_owned(),
        stage: r.stage.as_str().to_owned(),
        start: r.start.as_str().to_owned(),
        end: r.end.as_str().to_owned(),
        first_day: f.range.map(|x| date_of(x.start, cx.tz).to_string()),
        last_day: f.range.map(|x| {
            last_day_before(x.end, cx.tz)
                .max(date_of(x.start, cx.tz))
                .to_string()
        }),
        status: f.status.as_str().to_owned(),
        state: state.to_owned(),
        participants: r
            .participants
            .iter()
            .map(|t| t.as_str().to_owned())
            .collect(),
        uses: r.uses.iter().map(|t| t.as_str().to_owned()).collect(),
        sequence: cx
            .history
            .get(Kind::Interval, r.id.as_str())
            .map(|s| s.sequence)
            .unwrap_or(0),
        page: cx.interval_page(i).unwrap_or_default(),
    }
}

fn certificate_docs(cx: &Cx<'_, '_>, participant: Option<ParticipantIx>) -> Vec<CertificateDoc> {
    let m = cx.m;
    let st = &cx.cert_status;
    let list: Vec<CertIx> = match participant {
        Some(p) => cx.participant_certs[p].clone(),
        None => m.reg.certificates.indices().collect(),
    };
    list.into_iter()
        .map(|c| {
            let r = &m.reg.certificates[c];
            let f = &m.certificates[c];
            let state = if cx.in_use[c].is_some() {
                "in use"
            } else if f.revoked.is_some() {
                "revoked"
            } else if st.replaced_by[c].is_some() {
                "replaced"
            } else {
                "unreadable"
            };
            CertificateDoc {
                id: r.id.as_str().to_owned(),
                participant: r.participant.as_str().to_owned(),
                environment: r.environment.as_str().to_owned(),
                purpose: crate::registry::lenient::shown(r.purpose.as_ref()).to_owned(),
                mpid: r.mpid.as_ref().map(|t| t.as_str().to_owned()),
                role: r.role.as_ref().map(|t| t.as_str().to_owned()),
                expires: r.expires.as_str().to_owned(),
                last_day: f.last_day.map(|d| d.to_string()),
                days_left: cx.in_use[c].as_ref().map(|e| e.days_left),
                state: state.to_owned(),
            }
        })
        .collect()
}

fn finding_doc(cx: &Cx<'_, '_>, f: &crate::diag::Finding) -> FindingDoc {
    FindingDoc {
        code: f.code.as_str().to_owned(),
        severity: f.severity.as_str().to_owned(),
        message: f.message.clone(),
        file: f.place.map(|p| cx.m.reg.file(p.file).rel.clone()),
        line: f.place.map(|p| p.loc.line),
        column: f.place.map(|p| p.loc.column()),
        records: f.records.clone(),
        help: f.help.clone(),
    }
}

pub(crate) fn render(cx: &Cx<'_, '_>, site: &mut Site) {
    index_doc(cx, site);
    registry_doc(cx, site);
    findings_doc(cx, site);
    participant_docs(cx, site);
    schema_files(site);
}

/// `api/index.json`: every environment and participant with its page, feed and data file.
fn index_doc(cx: &Cx<'_, '_>, site: &mut Site) {
    let reg = cx.m.reg;
    let as_of = cx.as_of.to_string();
    let index = Index {
        version: VERSION,
        as_of: as_of.clone(),
        programme: programme(cx),
        environments: reg
            .environments
            .indices()
            .filter_map(|e| {
                let slug = cx.env_slugs[e].as_ref()?;
                Some(Link {
                    id: reg.environments[e].id.as_str().to_owned(),
                    name: reg.environments[e].name.as_str().to_owned(),
                    page: cx.env_page(e)?,
                    feed: format!("feeds/env-{slug}.ics"),
                    data: None,
                })
            })
            .collect(),
        participants: reg
            .participants
            .indices()
            .filter_map(|p| {
                let slug = cx.participant_slugs[p].as_ref()?;
                Some(Link {
                    id: reg.participants[p].id.as_str().to_owned(),
                    name: reg.participants[p].name.as_str().to_owned(),
                    page: cx.participant_page(p)?,
                    feed: format!("feeds/participant-{slug}.ics"),
                    data: Some(format!("api/participants/{slug}.json")),
                })
            })
            .collect(),
    };
    site.add("api/index.json", json(&index));
}

/// `api/registry.json`: the registry resolved.
fn registry_doc(cx: &Cx<'_, '_>, site: &mut Site) {
    let m = cx.m;
    let reg = cx.m.reg;
    let as_of = cx.as_of.to_string();
    let doc = RegistryDoc {
        version: VERSION,
        as_of: as_of.clone(),
        programme: programme(cx),
        environments: reg
            .environments
            .indices()
            .map(|e| {
                let r = &reg.environments[e];
                EnvironmentDoc {
                    id: r.id.as_str().to_owned(),
                    name: r.name.as_str().to_owned(),
                    owner: r.owner.as_str().to_owned(),
                    phase: crate::registry::lenient::shown(r.phase.as_ref()).to_owned(),
                    sharing: m.environments[e].sharing.as_str().to_owned(),
                    stages: r.stages.iter().map(|t| t.as_str().to_owned()).collect(),
                    connects_to: r
                        .connects_to
                        .iter()
                        .map(|t| t.value.environment.as_str().to_owned())
                        .collect(),
                    required: m.environments[e]
                        .required
                        .map(|(a, z)| [a.to_string(), z.to_string()]),
                    service_hours: crate::availability::hours(m, e).describe(m),
                    readiness: m.environments[e].readiness.map(|r| {
                        use crate::registry::records::ReadinessStatus as S;
                        match r.status {
                            S::Planned => "planned",
                            S::Building => "building",
                            S::Ready => "ready",
                            S::Retired => "retired",
                        }
                        .to_owned()
                    }),
                    ready_on: m.environments[e]
                        .readiness
                        .and_then(|r| r.ready_on)
                        .map(|d| d.to_string()),
                    components: m.environments[e]
                        .components
                        .iter()
                        .map(|&c| reg.environments[c].id.as_str().to_owned())
                        .collect(),
                    page: cx.env_page(e).unwrap_or_default(),
                }
            })
            .collect(),
        participants: reg
            .participants
            .indices()
            .map(|p| participant_summary(cx, p))
            .collect(),
        intervals: reg
            .intervals
            .indices()
            .map(|i| interval_doc(cx, i))
            .collect(),
        certificates: certificate_docs(cx, None),
        outages: reg
            .outages
            .iter()
            .map(|o| OutageDoc {
                id: o.id.as_str().to_owned(),
                environment: o.environment.as_str().to_owned(),
                planned: o.is_planned(),
                reason: crate::registry::lenient::shown(o.reason.as_ref()).to_owned(),
                start: o.start.as_str().to_owned(),
                end: o.end.as_ref().map(|t| t.as_str().to_owned()),
                defect: o.defect.as_ref().map(|t| t.as_str().to_owned()),
            })
            .collect(),
    };
    site.add("api/registry.json", json(&doc));
}

/// `api/findings.json`: every finding of the check.
fn findings_doc(cx: &Cx<'_, '_>, site: &mut Site) {
    let as_of = cx.as_of.to_string();
    let findings = &cx.checked.findings;
    let errors = findings
        .iter()
        .filter(|f| f.severity == crate::diag::Severity::Error)
        .count();
    let doc = FindingsDoc {
        version: VERSION,
        as_of: as_of.clone(),
        summary: Counts {
            errors,
            warnings: findings.len() - errors,
        },
        diagnostics: findings.iter().map(|f| finding_doc(cx, f)).collect(),
    };
    site.add("api/findings.json", json(&doc));
}

/// `api/participants/<id>.json`: what concerns each participant.
fn participant_docs(cx: &Cx<'_, '_>, site: &mut Site) {
    let reg = cx.m.reg;
    let as_of = cx.as_of.to_string();
    site.add_each(reg.participants.len(), |p| {
        let slug = cx.participant_slugs[p].as_ref()?;
        let id = reg.participants[p].id.as_str();
        let mut fs: Vec<&crate::diag::Finding> = cx.findings_of(id);
        for &c in &cx.participant_certs[p] {
            fs.extend(cx.findings_of(reg.certificates[c].id.as_str()));
        }
        fs.sort_by_key(|f| (f.severity, f.code, f.message.clone()));
        fs.dedup_by(|a, b| std::ptr::eq(*a, *b));
        let doc = ParticipantDoc {
            version: VERSION,
            as_of: as_of.clone(),
            participant: participant_summary(cx, p),
            bookings: cx.participant_intervals[p]
                .iter()
                .map(|&i| interval_doc(cx, i))
                .collect(),
            certificates: certificate_docs(cx, Some(p)),
            needed: cx
                .gaps_of_participant(p)
                .flat_map(|u| {
                    u.gaps.iter().map(move |g| NeededDoc {
                        interval: reg.intervals[u.interval].id.as_str().to_owned(),
                        environment: reg.environments[g.env].id.as_str().to_owned(),
                        purpose: g.purpose.as_str().to_owned(),
                        from: date_of(g.at, cx.tz).to_string(),
                        lapsed: g.lapsed.map(|c| reg.certificates[c].id.as_str().to_owned()),
                    })
                })
                .collect(),
            milestones: cx
                .dues_of_participant(p)
                .map(|d| MilestoneDoc {
                    id: reg.milestones[d.milestone].id.as_str().to_owned(),
                    name: reg.milestones[d.milestone].name.as_str().to_owned(),
                    due: d.due.to_string(),
                    state: d.state.text(),
                })
                .collect(),
            findings: fs.iter().map(|f| finding_doc(cx, f)).collect(),
            feed: format!(
                "feeds/participant-{}.ics",
                slug_or(&cx.participant_slugs[p])
            ),
        };
        Some((format!("api/participants/{slug}.json"), json(&doc)))
    });
}

/// The JSON Schemas of these files, beside them.
fn schema_files(site: &mut Site) {
    for (name, text) in schemas() {
        site.add(format!("schemas/{name}"), text);
    }
}
