//! The long half of the rule catalogue: for every code, what it means in more
//! than one line, a minimal registry that triggers it, and how to fix it.
//!
//! `codes.rs` holds what every finding needs (severity, family, summary);
//! this holds what people read in `envplan explain`, the SARIF rules and the
//! site's code pages. Kept apart so that the short table stays readable. A
//! test loads every example on top of [`EXAMPLE_BASE`] and checks that it
//! reports its code and nothing else, so the examples cannot rot.

use super::codes::{Code, Family};

/// The day the examples are checked on.
pub const EXAMPLE_AS_OF: &str = "2024-06-03";

/// The records every example builds on (a file `programme.yaml` of its own),
/// so that each example shows only what matters for its code.
pub const EXAMPLE_BASE: &str = "\
kind: Programme
id: P
name: Example programme
timezone: Europe/London
roles: {SUP-D: Domestic supplier, EES: Electricity Enquiry Service}
stages: {connectivity-proving: Connectivity proving, functional: SIT Functional, migration: SIT Migration}
---
kind: Participant
id: PMO
name: Programme office
type: programme
environment_manager: {name: Pat Office, email: pat@pmo.example}
connects_to_dip: false
pki_officers:
  nominating_officer: {name: Nia Nominator, email: nia@pmo.example}
  sro: {name: Sam Owner, email: sam@pmo.example}
";

/// Everything the catalogue says about one code beyond its summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explanation {
    /// A paragraph: when the code is reported and why it matters.
    pub text: &'static str,
    /// A registry file that triggers it, on top of [`EXAMPLE_BASE`], checked
    /// as of [`EXAMPLE_AS_OF`]; `None` when no YAML text can (a file that is
    /// not UTF-8, a symbolic link).
    pub example: Option<&'static str>,
    /// What to change so that the finding goes away.
    pub fix: &'static str,
}

impl Code {
    /// Codes that a `# envplan: allow` comment may not silence: the loading
    /// codes EP001 to EP009 (a record that cannot be read would vanish from
    /// every rule) and the codes about suppression comments themselves.
    pub fn is_suppressible(self) -> bool {
        !matches!(
            self,
            Code::EP001
                | Code::EP002
                | Code::EP003
                | Code::EP004
                | Code::EP005
                | Code::EP006
                | Code::EP007
                | Code::EP008
                | Code::EP009
                | Code::EP602
                | Code::EP603
                | Code::EP604
        )
    }

    /// The catalogue entry of this code.
    pub fn explanation(self) -> Explanation {
        explain(self)
    }
}

impl Family {
    /// The family's name in the catalogue.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Files => "files",
            Family::Participants => "participants",
            Family::Bookings => "bookings",
            Family::Certificates => "certificates",
            Family::Outages => "outages",
            Family::Milestones => "milestones",
            Family::Hygiene => "hygiene",
        }
    }
}

const fn entry(
    text: &'static str,
    example: Option<&'static str>,
    fix: &'static str,
) -> Explanation {
    Explanation { text, example, fix }
}

fn explain(code: Code) -> Explanation {
    match code {
        Code::EP001 => entry(
            "The file is not valid YAML: an unclosed bracket or quote, a bad indentation, a tab used \
             for indentation. The documents before the error are still read; the rest of the file is \
             not, and references to the records envplan could still make out in it are not reported \
             again.",
            Some("kind: Environment\nid: SIT-A\nname: [SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n"),
            "Close the bracket or quote at the place shown, and indent with spaces.",
        ),
        Code::EP002 => entry(
            "Every YAML document is one record and must start with `kind:` naming one of the kinds \
             (Programme, Environment, Participant, Interval, Certificate, Availability, Outage, \
             Milestone). A \
             document without `kind`, with an unknown kind or with `kind` below another key is not read.",
            Some("id: SIT-A\nkind: Environment\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n"),
            "Make `kind:` the first key of the record and spell the kind as the format lists it.",
        ),
        Code::EP003 => entry(
            "The record does not fit its kind's schema: a required field is missing, a value has the \
             wrong type, a field is unknown (often a typo, for which a close name is suggested), an \
             enumerated value is not one of those allowed, a key is repeated, or a value carries a YAML tag. \
             Each is one finding at its place, and the record still counts with what could be read: \
             references to it resolve, its other problems are reported, and nothing more is said about \
             the value that could not be read.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\nsharing: exclusiv\n"),
            "Write the field as the schema describes it (`envplan schema` prints the schema, with every field described).",
        ),
        Code::EP004 => entry(
            "Ids are unique within a kind, because every reference is by id. The first record with an id \
             is kept; each later one is reported, pointing at the first, and left out of every other rule.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n---\nkind: Environment\nid: SIT-A\nname: SIT A again\nowner: PMO\nphase: sit\nstages: [migration]\n"),
            "Rename one of the two records, or remove the copy.",
        ),
        Code::EP005 => entry(
            "A field refers to a record by id, and there is no record of that kind with that id (a \
             typo, a record not yet added, or the id of a record of another kind). A close id is \
             suggested when there is one.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: NOBODY\nphase: sit\nstages: [functional]\n"),
            "Correct the id, or add the record it refers to.",
        ),
        Code::EP006 => entry(
            "A value has the right type but cannot mean anything: a day that does not exist, a time, \
             duration, timezone, email or id in the wrong form, a role or stage code the Programme does \
             not define, a range that ends before it starts, or a local time skipped or repeated at a \
             clock change.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\nrequired: {from: 2024-02-30, to: 2024-12-31}\n"),
            "Write the value in the form the hint gives (a date as YYYY-MM-DD, a duration as 60d or 8w, a code the Programme defines).",
        ),
        Code::EP007 => entry(
            "A registry has exactly one Programme record: it sets the timezone, the vocabularies of \
             roles and stages and the rules' settings. Without it dates are read in UTC and codes are \
             not checked; with several, the first read is used.",
            Some("kind: Programme\nid: P2\nname: A second programme\ntimezone: Europe/London\nroles: {}\nstages: {functional: SIT Functional}\n"),
            "Keep one Programme record (`envplan init` shows one).",
        ),
        Code::EP008 => entry(
            "The file could not be read at all: it is not UTF-8 text, it is larger than 8 MiB, it is not \
             a regular file, it nests deeper than 48 levels, or its aliases expand beyond the parser's \
             budgets (an alias bomb). Nothing in it is read.",
            None,
            "Save the file as UTF-8, split large files, and avoid deep nesting and aliases of aliases.",
        ),
        Code::EP009 => entry(
            "envplan does not follow symbolic links inside the registry, so that a link cannot make it \
             read a file outside the repository; the link is reported, and whatever it points to is not read.",
            None,
            "Replace the link with the real file or folder, or list it in the Programme's `exclude`.",
        ),
        Code::EP101 => entry(
            "Every participant must name an environment manager (§7.1.1 of the Environment Approach): \
             the person the programme contacts about its environments and bookings.",
            Some("kind: Participant\nid: ACME\nname: Acme Energy\ntype: supplier\nconnects_to_dip: false\n"),
            "Add `environment_manager: {name: ..., email: ...}` to the participant.",
        ),
        Code::EP102 => entry(
            "A participant that connects to the DIP, or holds a certificate, needs a nominating officer \
             and a senior responsible owner before certificates can be requested for it (§10.3.1). With \
             the Programme's `pki`, the officers needed are those its certificate purposes name.",
            Some("kind: Participant\nid: ACME\nname: Acme Energy\ntype: supplier\nenvironment_manager: {name: Jo Bloggs, email: jo@acme.example}\n"),
            "Add `pki_officers` with `nominating_officer` and `sro`, or set `connects_to_dip: false` if it does not connect.",
        ),
        Code::EP103 => entry(
            "A certificate's `requested_by` must be the email of one of the participant's technical \
             contacts, appointed for the certificate's mpid, role and environment: only an appointed \
             contact may request certificates.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n---\nkind: Participant\nid: ACME\nname: Acme Energy\ntype: supplier\nroles: [SUP-D]\nmpids: [ACME]\nenvironment_manager: {name: Jo Bloggs, email: jo@acme.example}\npki_officers:\n  nominating_officer: {name: Nia N, email: nia@acme.example}\n  sro: {name: Sam O, email: sam@acme.example}\n---\nkind: Certificate\nid: ACME-SITA-TLS-1\nparticipant: ACME\nenvironment: SIT-A\npurpose: tls\nmpid: ACME\nrole: SUP-D\nrequested_by: someone@elsewhere.example\nissued: 2024-05-01\nexpires: 2025-05-01\n"),
            "Appoint the requester under `pki_officers.technical_contacts` with an appointment for that mpid, role and environment, or correct the email.",
        ),
        Code::EP104 => entry(
            "Connectivity is proved in order (§11.3): certificates before webhooks, webhooks before the \
             first message. Dates that say otherwise are usually a typo.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n---\nkind: Participant\nid: ACME\nname: Acme Energy\ntype: supplier\nenvironment_manager: {name: Jo Bloggs, email: jo@acme.example}\nconnects_to_dip: false\nconnectivity:\n  SIT-A: {certificates: 2024-05-10, webhooks: 2024-05-02}\n"),
            "Correct the dates so that each step is on or after the one before it.",
        ),
        Code::EP105 => entry(
            "A participant booked in an interval (other than one of the proving stage) must have \
             completed, by the interval's first day, every connectivity step its environment requires \
             of it. Intervals that have not started are checked now, against the dates recorded now.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\nconnectivity: [internal]\n---\nkind: Participant\nid: ACME\nname: Acme Energy\ntype: supplier\nenvironment_manager: {name: Jo Bloggs, email: jo@acme.example}\nconnects_to_dip: false\n---\nkind: Interval\nid: FUNC-1\nname: Functional cycle 1\nenvironment: SIT-A\nstage: functional\nstart: 2024-07-01\nend: 2024-07-12\nparticipants: [ACME]\n"),
            "Record the steps under the participant's `connectivity` when they are done, or book it later.",
        ),
        Code::EP106 => entry(
            "`dcp` names the DIP connection provider that acts for a participant; the participant it \
             names must be of type `dcp`.",
            Some("kind: Participant\nid: ACME\nname: Acme Energy\ntype: supplier\nenvironment_manager: {name: Jo Bloggs, email: jo@acme.example}\nconnects_to_dip: false\ndcp: PMO\n"),
            "Name a participant of type `dcp`, or correct that participant's type.",
        ),
        Code::EP201 => entry(
            "On an `exclusive` environment any two intervals that overlap clash. The pair is reported \
             once, at the interval that starts later.",
            Some("kind: Environment\nid: PREPROD\nname: Pre-production\nowner: PMO\nphase: pre-production\nstages: [functional]\nsharing: exclusive\n---\nkind: Interval\nid: REH-1\nname: Rehearsal 1\nenvironment: PREPROD\nstage: functional\nstart: 2024-07-01\nend: 2024-07-05\n---\nkind: Interval\nid: REH-2\nname: Rehearsal 2\nenvironment: PREPROD\nstage: functional\nstart: 2024-07-04\nend: 2024-07-10\n"),
            "Move one of the intervals so that they no longer overlap, or cancel one.",
        ),
        Code::EP202 => entry(
            "On a `serial-stages` environment intervals of different stages may not run at the same \
             time (several stages can be executed on one environment, but not in parallel).",
            Some("kind: Environment\nid: SIT-B\nname: SIT B\nowner: PMO\nphase: sit\nstages: [functional, migration]\nsharing: serial-stages\n---\nkind: Interval\nid: FUNC-1\nname: Functional cycle\nenvironment: SIT-B\nstage: functional\nstart: 2024-07-01\nend: 2024-07-12\n---\nkind: Interval\nid: MIG-1\nname: Migration cycle\nenvironment: SIT-B\nstage: migration\nstart: 2024-07-08\nend: 2024-07-19\n"),
            "Run the stages one after the other, or book one of them on another environment.",
        ),
        Code::EP203 => entry(
            "A `single-upstream` environment can be connected to one upstream environment at a time \
             (the single DCC UIT-B instance cannot serve SIT-A and SIT-B at once): intervals that \
             reach it from different upstream environments at the same time clash.",
            Some("kind: Environment\nid: DCC\nname: DCC test service\nowner: PMO\nphase: uit\nstages: [functional]\nsharing: single-upstream\n---\nkind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\nconnects_to: [DCC]\n---\nkind: Environment\nid: SIT-B\nname: SIT B\nowner: PMO\nphase: sit\nstages: [functional]\nconnects_to: [DCC]\n---\nkind: Interval\nid: A-1\nname: Functional on SIT A\nenvironment: SIT-A\nstage: functional\nstart: 2024-07-01\nend: 2024-07-12\nuses: [DCC]\n---\nkind: Interval\nid: B-1\nname: Functional on SIT B\nenvironment: SIT-B\nstage: functional\nstart: 2024-07-08\nend: 2024-07-19\nuses: [DCC]\n"),
            "Let one upstream environment use it at a time: move one interval, or drop the environment from its `uses`.",
        ),
        Code::EP204 => entry(
            "An interval runs one stage, and its environment must host that stage (its `stages`).",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n---\nkind: Interval\nid: MIG-1\nname: Migration on SIT A\nenvironment: SIT-A\nstage: migration\nstart: 2024-07-01\nend: 2024-07-12\n"),
            "Book the interval on an environment that hosts the stage, or add the stage to the environment.",
        ),
        Code::EP205 => entry(
            "An environment's `required` window is when the programme needs it (Table 4 of the plan); \
             an interval that lies partly or wholly outside it uses the environment when it may not \
             be there.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\nrequired: {from: 2024-04-01, to: 2024-06-30}\n---\nkind: Interval\nid: FUNC-1\nname: Functional cycle\nenvironment: SIT-A\nstage: functional\nstart: 2024-06-24\nend: 2024-07-05\n"),
            "Move the interval inside the window, or extend the environment's `required` window if the plan has changed.",
        ),
        Code::EP206 => entry(
            "A planned outage (a data refresh, a deployment) overlaps a not-cancelled interval on the \
             same environment: the participants booked lose that time.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n---\nkind: Interval\nid: FUNC-1\nname: Functional cycle\nenvironment: SIT-A\nstage: functional\nstart: 2024-07-01\nend: 2024-07-12\n---\nkind: Outage\nid: OUT-1\nenvironment: SIT-A\nplanned: true\nreason: data-refresh\nstart: 2024-07-06T18:00\nend: 2024-07-07T06:00\nnotified: 2024-06-01\n"),
            "Move the outage out of the interval, or agree the lost time with the participants and move the interval.",
        ),
        Code::EP207 => entry(
            "An interval that `uses` a further environment reaches it through its own environment, so \
             its environment must `connects_to` it (for the interval's stage, when the connection is \
             limited to some stages).",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n---\nkind: Environment\nid: DCC\nname: DCC test service\nowner: PMO\nphase: uit\nstages: [functional]\n---\nkind: Interval\nid: FUNC-1\nname: Functional cycle\nenvironment: SIT-A\nstage: functional\nstart: 2024-07-01\nend: 2024-07-12\nuses: [DCC]\n"),
            "Add the environment to the interval's environment's `connects_to`, or remove it from `uses`.",
        ),
        Code::EP208 => entry(
            "A planned outage on an environment the interval depends on other than its own (one it \
             `uses`, or a component of its environment or of one it uses, at any depth) overlaps it: \
             the interval loses that time although its own environment is up. EP206 reports the \
             same-environment case.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\nconnects_to: [DCC]\n---\nkind: Environment\nid: DCC\nname: DCC test service\nowner: PMO\nphase: uit\nstages: [functional]\n---\nkind: Interval\nid: FUNC-1\nname: Functional cycle\nenvironment: SIT-A\nstage: functional\nstart: 2024-07-01\nend: 2024-07-12\nuses: [DCC]\n---\nkind: Outage\nid: OUT-1\nenvironment: DCC\nplanned: true\nreason: patching\nstart: 2024-07-06T18:00\nend: 2024-07-07T06:00\nnotified: 2024-06-01\n"),
            "Move the outage, or the interval, so that they no longer overlap.",
        ),
        Code::EP209 => entry(
            "An interval that ended before the as-of day began still says `planned` or `confirmed`: \
             the registry no longer says what happened.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n---\nkind: Interval\nid: FUNC-0\nname: Functional cycle 0\nenvironment: SIT-A\nstage: functional\nstart: 2024-05-01\nend: 2024-05-10\nstatus: confirmed\n"),
            "Mark the interval `done`, or `cancelled` if it did not take place.",
        ),
        Code::EP210 => entry(
            "An environment's `roles` are the market roles that take part in it; a not-cancelled \
             interval lists a participant that holds none of them.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\nroles: [SUP-D]\n---\nkind: Participant\nid: ENQ\nname: Enquiry service\ntype: central-party\nroles: [EES]\nenvironment_manager: {name: Eve Query, email: eve@enq.example}\nconnects_to_dip: false\n---\nkind: Interval\nid: FUNC-1\nname: Functional cycle\nenvironment: SIT-A\nstage: functional\nstart: 2024-07-01\nend: 2024-07-12\nparticipants: [ENQ]\n"),
            "Remove the participant from the interval, or add its role to the environment's `roles`.",
        ),
        Code::EP301 => entry(
            "A certificate expired before the as-of day and no later certificate for the same \
             participant, environment and purpose replaces it.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n---\nkind: Certificate\nid: PMO-SITA-TLS-1\nparticipant: PMO\nenvironment: SIT-A\npurpose: tls\nissued: 2023-05-01\nexpires: 2024-05-01\n"),
            "Record the renewal as a new certificate (with `replaces`), or remove the record if the certificate is no longer needed.",
        ),
        Code::EP302 => entry(
            "A certificate, not revoked and not replaced, expires within the warning horizon (the \
             Programme's `certificate_warning`, 60 days unless set): renewal takes weeks, so it is \
             flagged early.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n---\nkind: Certificate\nid: PMO-SITA-TLS-1\nparticipant: PMO\nenvironment: SIT-A\npurpose: tls\nissued: 2023-07-01\nexpires: 2024-07-01\n"),
            "Request the renewal and record it as a new certificate that `replaces` this one.",
        ),
        Code::EP303 => entry(
            "A participant in a not-cancelled interval that has not ended lacks, for some day of it, a \
             valid certificate of a purpose that the interval's environment (or an environment it \
             `uses`) requires of it. A certificate works in one environment only. The message names \
             the first day that is not covered and the certificate that lapses.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\ncertificates: [tls]\n---\nkind: Interval\nid: FUNC-1\nname: Functional cycle\nenvironment: SIT-A\nstage: functional\nstart: 2024-07-01\nend: 2024-07-12\nparticipants: [PMO]\n"),
            "Obtain the certificate and record it, valid from the interval's start to its end, or take the participant out of the interval.",
        ),
        Code::EP304 => entry(
            "A certificate's `file` must be a readable PEM certificate inside the registry, and its \
             notAfter (and notBefore, when `issued` is given) must match the record to the day. A path \
             that leaves the registry is never opened.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n---\nkind: Certificate\nid: PMO-SITA-TLS-1\nparticipant: PMO\nenvironment: SIT-A\npurpose: tls\nissued: 2024-05-01\nexpires: 2025-05-01\nfile: certs/missing.pem\n"),
            "Commit the public certificate at that path, or correct `file`, `issued` and `expires` to match it.",
        ),
        Code::EP401 => entry(
            "Every unplanned outage should be traceable to a defect, so that its cause is followed up.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n---\nkind: Outage\nid: OUT-1\nenvironment: SIT-A\nplanned: false\nreason: software-failure\nstart: 2024-05-14T10:15\nend: 2024-05-14T12:40\n"),
            "Add `defect:` with the defect's reference.",
        ),
        Code::EP402 => entry(
            "Participants must be told of a planned outage at least the Programme's `outage_notice` \
             (5 days unless set) before it starts, counted from the start of the `notified` day. An \
             outage without `notified` was not announced.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n---\nkind: Outage\nid: OUT-1\nenvironment: SIT-A\nplanned: true\nreason: deployment\nstart: 2024-07-06T18:00\nend: 2024-07-07T06:00\n"),
            "Record when participants were told (`notified`), or move the outage so that the notice is long enough.",
        ),
        Code::EP403 => entry(
            "An unplanned outage without an `end` is still going on as of the as-of day: the environment is down.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\n---\nkind: Outage\nid: OUT-1\nenvironment: SIT-A\nplanned: false\nreason: infrastructure-failure\nstart: 2024-06-02T09:00\ndefect: ADO-1234\n"),
            "Add the `end` once the environment is back.",
        ),
        Code::EP501 => entry(
            "A milestone's due day has passed and a participant it applies to has met it neither on \
             the due day nor since. Reported once per milestone and participant, at the milestone's `due`.",
            Some("kind: Milestone\nid: OFFICERS\nname: ARO recorded\ndue: 2024-05-31\napplies_to: {participants: [PMO]}\nrequires: {officers: [aro]}\n"),
            "Do what the milestone requires and record it, or agree a new due day.",
        ),
        Code::EP502 => entry(
            "A milestone is due within the Programme's `milestone_warning` (14 days unless set) and a \
             participant it applies to has not met it yet.",
            Some("kind: Milestone\nid: OFFICERS\nname: ARO recorded\ndue: 2024-06-10\napplies_to: {participants: [PMO]}\nrequires: {officers: [aro]}\n"),
            "Do what the milestone requires before its due day, and record it.",
        ),
        Code::EP503 => entry(
            "The programme needs the environment now (the as-of day is inside its `required` window) \
             and its `readiness` says it is not ready: status `planned` or `building`, or ready only \
             later.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\nrequired: {from: 2024-05-01, to: 2024-12-31}\nreadiness: {status: building, ready_on: 2024-06-20}\n"),
            "Bring the environment to `ready` and record the day, or move its `required` window.",
        ),
        Code::EP504 => entry(
            "The programme will need the environment, and either its forecast `ready_on` is after the \
             day it is required, or it is required within `milestone_warning` and is not ready yet.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]\nrequired: {from: 2024-07-01, to: 2024-12-31}\nreadiness: {status: building, ready_on: 2024-07-15}\n"),
            "Bring the readiness forward, or move the `required` window to when it will be ready.",
        ),
        Code::EP601 => entry(
            "An id or name holds a bidirectional-control or zero-width character. Such characters are \
             invisible or reorder the text around them, so the value reads differently from what it \
             is (a \"Trojan Source\" trick); an id that looks like another is a reference waiting to go wrong.",
            Some("kind: Environment\nid: SIT-A\nname: \"SIT\\u200bA\"\nowner: PMO\nphase: sit\nstages: [functional]\n"),
            "Retype the value without the hidden character (envplan shows it as `\\u{...}`).",
        ),
        Code::EP602 => entry(
            "A suppression comment `# envplan: allow CODE -- reason` must say why the finding is \
             accepted: the reason after `--` is what a reviewer reads. A suppression without one \
             suppresses nothing.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]  # envplan: allow EP204\n"),
            "Add ` -- ` and the reason after the codes, such as `-- agreed at the March EWG`.",
        ),
        Code::EP603 => entry(
            "A suppression comment names no code, a code that does not exist, or one that cannot be \
             suppressed: the loading codes EP001 to EP009 (a record that cannot be read would vanish \
             from every rule) and the codes about suppressions, EP602 to EP604.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]  # envplan: allow EP999 -- typo\n"),
            "Name the code of the finding to suppress (`envplan explain` lists them), or fix what a loading code reports.",
        ),
        Code::EP604 => entry(
            "A suppression comment suppressed nothing: the finding it was written for has gone, or it \
             is on the wrong line. A suppression on the line of a value covers that line; one on its \
             own line directly above a record's `kind:` covers the whole record.",
            Some("kind: Environment\nid: SIT-A\nname: SIT A\nowner: PMO\nphase: sit\nstages: [functional]  # envplan: allow EP205 -- not needed any more\n"),
            "Remove the comment, or move it to the line of the finding it is for.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_explained_with_a_fix() {
        for &code in Code::ALL {
            let e = code.explanation();
            assert!(e.text.len() > 40, "{code} needs a longer explanation");
            assert!(!e.fix.is_empty(), "{code} needs a fix");
            if let Some(example) = e.example {
                assert!(example.contains("kind: "), "{code} example is a record");
                assert!(example.ends_with('\n'), "{code} example ends a line");
            }
        }
    }

    #[test]
    fn loading_codes_cannot_be_suppressed() {
        for &code in Code::ALL {
            if code.is_loading() {
                assert!(!code.is_suppressible(), "{code}");
            }
        }
        assert!(Code::EP205.is_suppressible());
    }
}
