//! The fields of a record as written, in the order the registry format lists them.

use std::fmt::Write as _;

use crate::registry::lenient;
use crate::registry::spanned::Text;

use super::rows::{contact_opt, hours, join, join_owned, Rows};
use super::Shown;
use crate::registry::document::Kind;
use crate::table::Ix;

impl Shown<'_, '_> {
    /// The fields as written, in the order the registry format lists them.
    pub(super) fn fields(&self) -> Rows {
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
}
