//! The rule catalogue: every code envplan can report, its default severity and
//! what it means. Codes are never reused or renamed; a test snapshots this list.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity override in the Programme's `rules`: what the sink does with
/// a code's findings instead of its default severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RuleSetting {
    Error,
    Warning,
    Off,
}

/// The family a code belongs to, by its hundreds digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Files,
    Participants,
    Bookings,
    Certificates,
    Outages,
    /// Milestones and environment readiness (v2).
    Milestones,
    /// The registry's own text and comments: hidden characters, suppressions.
    Hygiene,
}

macro_rules! codes {
    ($($code:ident => $sev:ident, $family:ident, $summary:literal;)*) => {
        /// A stable rule code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($code,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$code,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }

            pub fn default_severity(self) -> Severity {
                match self {
                    $(Code::$code => Severity::$sev,)*
                }
            }

            pub fn family(self) -> Family {
                match self {
                    $(Code::$code => Family::$family,)*
                }
            }

            /// One line saying what the code means, for the catalogue.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$code => $summary,)*
                }
            }
        }
    };
}

codes! {
    EP001 => Error, Files, "YAML syntax error";
    EP002 => Error, Files, "missing or unknown `kind`, or `kind` is not the first key";
    EP003 => Error, Files, "schema: missing required field, wrong type, unknown field, bad enum value, duplicate key";
    EP004 => Error, Files, "duplicate id within a kind";
    EP005 => Error, Files, "reference to an id that does not exist (or to a record of the wrong kind)";
    EP006 => Error, Files, "invalid value: bad date, time, duration, timezone, email, id, unknown role or stage code, end before start, nonexistent local time";
    EP007 => Error, Files, "no Programme record, or more than one";
    EP008 => Error, Files, "file cannot be read: not UTF-8, too large, resource limit exceeded (alias bombs, depth)";
    EP009 => Error, Files, "symbolic link in the registry, not followed";
    EP101 => Error, Participants, "participant has no environment manager";
    EP102 => Error, Participants, "participant lacks the PKI officers its certificates and bookings need (per the Programme's `pki`; without it, a nominating officer and an SRO if it connects to the DIP or holds a certificate)";
    EP103 => Error, Participants, "certificate `requested_by` is not a technical contact appointed for its mpid, role and environment";
    EP104 => Error, Participants, "connectivity steps out of order: webhooks before certificates, or message before webhooks";
    EP105 => Error, Participants, "participant booked in an interval has not completed the environment's connectivity steps by its start";
    EP106 => Error, Participants, "`dcp` names a participant whose type is not `dcp`";
    EP201 => Error, Bookings, "clash on an `exclusive` environment";
    EP202 => Error, Bookings, "clash on a `serial-stages` environment: different stages overlap";
    EP203 => Error, Bookings, "clash on a `single-upstream` environment: different upstream environments overlap";
    EP204 => Error, Bookings, "interval stage is not one of its environment's stages";
    EP205 => Warning, Bookings, "interval lies partly or wholly outside its environment's `required` window";
    EP206 => Warning, Bookings, "planned outage overlaps a not-cancelled interval on the same environment";
    EP207 => Warning, Bookings, "interval `uses` an environment that its environment does not `connects_to` (or connects to only for other stages)";
    EP208 => Warning, Bookings, "planned outage on an environment the interval depends on (one it uses, or a component) overlaps it";
    EP209 => Warning, Bookings, "interval has ended but is still `planned` or `confirmed`";
    EP210 => Warning, Bookings, "interval lists a participant that holds none of its environment's `roles`";
    EP301 => Warning, Certificates, "certificate expired and not replaced by a later certificate";
    EP302 => Warning, Certificates, "certificate expires within the warning horizon and is not replaced";
    EP303 => Error, Certificates, "participant in an interval lacks a valid certificate of a required purpose for some day of it";
    EP304 => Error, Certificates, "certificate `file` unreadable, not a PEM certificate, outside the registry, or its dates differ from the record";
    EP401 => Warning, Outages, "unplanned outage without a `defect` reference";
    EP402 => Warning, Outages, "planned outage notified later than `outage_notice` before its start, or not at all";
    EP403 => Warning, Outages, "unplanned outage still ongoing (no `end`)";
    EP501 => Error, Milestones, "milestone overdue: a participant it applies to has not met it";
    EP502 => Warning, Milestones, "milestone due soon: a participant it applies to has not met it yet";
    EP503 => Error, Milestones, "environment required but not ready";
    EP504 => Warning, Milestones, "environment readiness at risk: forecast ready after it is required, or not ready shortly before";
    EP601 => Warning, Hygiene, "id or name holds a bidirectional-control or zero-width character that hides or reorders text";
    EP602 => Error, Hygiene, "suppression comment gives no reason";
    EP603 => Error, Hygiene, "suppression comment names no code, an unknown code, or one that cannot be suppressed (a loading code)";
    EP604 => Warning, Hygiene, "suppression comment suppressed nothing";
}

impl Code {
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s)
    }

    /// Codes about whether files and records can be read at all. They can be
    /// made warnings but not turned off: a record that cannot be read would
    /// otherwise vanish from every other rule without a word.
    pub fn is_loading(self) -> bool {
        matches!(
            self,
            Code::EP001 | Code::EP002 | Code::EP003 | Code::EP007 | Code::EP008
        )
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Code {
    /// A few words to label the underlined value with (empty: the message
    /// says it all, as for schema errors, whose kinds vary too much).
    pub fn summary_label(self) -> &'static str {
        match self {
            Code::EP001 => "syntax error",
            Code::EP002 => "not a record",
            Code::EP003 => "",
            Code::EP004 => "duplicate id",
            Code::EP005 => "unknown reference",
            Code::EP006 => "invalid value",
            Code::EP007 => "programme",
            Code::EP008 => "unreadable",
            Code::EP009 => "symbolic link",
            Code::EP101 => "no environment manager",
            Code::EP102 => "PKI officers missing",
            Code::EP103 => "not appointed",
            Code::EP104 => "out of order",
            Code::EP105 => "connectivity not proven",
            Code::EP106 => "not a DCP",
            Code::EP201 | Code::EP202 | Code::EP203 => "clash",
            Code::EP204 => "stage not hosted",
            Code::EP205 => "outside required window",
            Code::EP206 => "outage over booking",
            Code::EP207 => "not connected",
            Code::EP208 => "outage on a dependency",
            Code::EP209 => "ended but not closed",
            Code::EP210 => "role not eligible",
            Code::EP301 => "expired",
            Code::EP302 => "expires soon",
            Code::EP303 => "not covered",
            Code::EP304 => "certificate file",
            Code::EP401 => "no defect",
            Code::EP402 => "short notice",
            Code::EP403 => "still ongoing",
            Code::EP501 => "milestone overdue",
            Code::EP502 => "milestone due soon",
            Code::EP503 => "not ready",
            Code::EP504 => "readiness at risk",
            Code::EP601 => "hidden characters",
            Code::EP602 => "no reason",
            Code::EP603 => "cannot suppress",
            Code::EP604 => "unused suppression",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_stable() {
        let listed: Vec<String> = Code::ALL
            .iter()
            .map(|c| format!("{} {} {}", c, c.default_severity(), c.summary()))
            .collect();
        insta::assert_snapshot!(listed.join("\n"));
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn parse_round_trips() {
        for code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(*code));
        }
        assert_eq!(Code::parse("EP999"), None);
    }
}
