//! A deterministic synthetic registry for benchmarks, shaped like a real
//! multi-party programme but as large as asked.
//!
//! Shared by the benchmarks (`benches/registry.rs`), the `generate` example
//! (`cargo run --release --example generate -- --size M --out /tmp/reg-M`)
//! and the test that keeps its output valid (`tests/generated.rs`), each of
//! which includes this file with `#[path]`. It uses no random-number crate:
//! a SplitMix64 stream seeded by the caller makes the same seed give the same
//! registry, byte for byte, on every machine.
//!
//! Shape (size S; M is 10×, L 100×): 40 environments in groups of ten (PIT,
//! staging, three SIT, a single-upstream DCC test service, two UIT,
//! pre-production and production, with every sharing mode and `connects_to`,
//! `staging` and `uses` links), 200 participants of every type with contacts,
//! PKI officers, technical contacts and connectivity dates, 2,000 intervals
//! over three years (mostly dates, some datetimes, a few cancelled), 1,000
//! certificates in renewal chains, 500 outages, one Availability per
//! environment. A small, fixed share of records is deliberately wrong in the
//! ways real registries are (a clash, a late renewal, a late outage notice),
//! so the rules have something to find, but the registry is not a flood of
//! errors.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use chrono::{Duration, NaiveDate};

/// How many records of each kind to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub name: &'static str,
    /// Groups of ten environments.
    pub groups: usize,
    pub participants: usize,
    pub intervals: usize,
    pub outages: usize,
}

impl Size {
    pub const S: Size = Size {
        name: "S",
        groups: 4,
        participants: 200,
        intervals: 2_000,
        outages: 500,
    };

    /// `S` times `factor`.
    pub const fn times(factor: usize, name: &'static str) -> Size {
        Size {
            name,
            groups: Size::S.groups * factor,
            participants: Size::S.participants * factor,
            intervals: Size::S.intervals * factor,
            outages: Size::S.outages * factor,
        }
    }

    pub const M: Size = Size::times(10, "M");
    pub const L: Size = Size::times(100, "L");

    /// A size by name: S, M, L, or XS (a tenth of S, for tests).
    pub fn named(name: &str) -> Option<Size> {
        match name.to_ascii_uppercase().as_str() {
            "XS" => Some(Size {
                name: "XS",
                groups: 1,
                participants: 20,
                intervals: 200,
                outages: 50,
            }),
            "S" => Some(Size::S),
            "M" => Some(Size::M),
            "L" => Some(Size::L),
            _ => None,
        }
    }

    pub fn environments(&self) -> usize {
        self.groups * 10
    }

    /// Every participant holds five certificates (two renewal chains).
    pub fn certificates(&self) -> usize {
        self.participants * 5
    }
}

/// The as-of date the generated registry is meant to be checked on: some
/// certificates expire within the 60-day warning horizon after it.
pub const AS_OF: &str = "2026-06-15";

/// The first day of the programme's three years.
fn programme_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 6).expect("valid date")
}

fn as_of() -> NaiveDate {
    NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").expect("valid date")
}

/// Days in the programme (three years).
const SPAN_DAYS: i64 = 1_092;

/// Owners of a DCC test service take it in turns, one 28-day block each.
const BLOCK_DAYS: i64 = 28;

/// SplitMix64: tiny, fast and good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as i64 - 1) as usize]
    }
}

/// The ten environments of a group, by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Pit,
    Staging,
    SitA,
    SitB,
    SitC,
    Dcc,
    UitA,
    UitB,
    PreProd,
    Prod,
}

const SLOTS: [Slot; 10] = [
    Slot::Pit,
    Slot::Staging,
    Slot::SitA,
    Slot::SitB,
    Slot::SitC,
    Slot::Dcc,
    Slot::UitA,
    Slot::UitB,
    Slot::PreProd,
    Slot::Prod,
];

impl Slot {
    fn prefix(self) -> &'static str {
        match self {
            Slot::Pit => "PIT",
            Slot::Staging => "STG",
            Slot::SitA => "SIT-A",
            Slot::SitB => "SIT-B",
            Slot::SitC => "SIT-C",
            Slot::Dcc => "DCC-UIT",
            Slot::UitA => "UIT-A",
            Slot::UitB => "UIT-B",
            Slot::PreProd => "PREPROD",
            Slot::Prod => "PROD",
        }
    }

    fn phase(self) -> &'static str {
        match self {
            Slot::Pit => "pit",
            Slot::Staging => "staging",
            Slot::SitA | Slot::SitB | Slot::SitC | Slot::Dcc => "sit",
            Slot::UitA | Slot::UitB => "uit",
            Slot::PreProd => "pre-production",
            Slot::Prod => "production",
        }
    }

    fn sharing(self) -> &'static str {
        match self {
            Slot::Pit | Slot::Staging | Slot::SitC | Slot::UitB | Slot::Prod => "shared",
            Slot::SitB | Slot::UitA | Slot::PreProd => "exclusive",
            Slot::SitA => "serial-stages",
            Slot::Dcc => "single-upstream",
        }
    }

    fn stages(self) -> &'static [&'static str] {
        match self {
            Slot::Pit => &["pit"],
            Slot::Staging => &["regression"],
            Slot::SitA => &[
                "connectivity-proving",
                "migration",
                "non-functional",
                "operational",
            ],
            Slot::SitB => &["connectivity-proving", "functional"],
            Slot::SitC => &["connectivity-proving", "functional", "regression"],
            Slot::Dcc => &["functional", "migration", "non-functional"],
            Slot::UitA | Slot::UitB => &["connectivity-proving", "uit"],
            Slot::PreProd => &["preprod"],
            Slot::Prod => &["production-proving"],
        }
    }

    /// Environments participants connect to with certificates, after proving connectivity.
    fn is_connected(self) -> bool {
        matches!(
            self,
            Slot::SitA | Slot::SitB | Slot::SitC | Slot::UitA | Slot::UitB | Slot::PreProd
        )
    }

    /// Environments that reach the group's DCC test service.
    fn reaches_dcc(self) -> bool {
        matches!(self, Slot::SitA | Slot::SitB | Slot::UitA)
    }

    /// Whether overlapping intervals on it clash (sequential scheduling needed).
    fn is_sequential(self) -> bool {
        !matches!(self.sharing(), "shared")
    }
}

fn env_id(group: usize, slot: Slot) -> String {
    format!("{}-{group:03}", slot.prefix())
}

/// Owners of group `g`'s DCC test service in turn: the service itself and the
/// environments that reach it.
const DCC_OWNERS: [Slot; 4] = [Slot::Dcc, Slot::SitA, Slot::SitB, Slot::UitA];

fn dcc_owner(group: usize, block: i64) -> Slot {
    DCC_OWNERS[(block as usize + group) % DCC_OWNERS.len()]
}

const TYPES: [(&str, &str, &[&[&str]]); 8] = [
    (
        "supplier",
        "SUP",
        &[&["SUP-D"], &["SUP-ND"], &["SUP-D", "SUP-ND"]],
    ),
    (
        "agent",
        "AGT",
        &[&["MSA", "MSS"], &["DA"], &["DC"], &["MSA"]],
    ),
    ("service-provider", "SVP", &[&["MSA"], &["ADS"]]),
    ("ldso", "DNO", &[&["LDSO"]]),
    ("central-party", "CEN", &[&["EES"], &["ISD"]]),
    ("core-solution-provider", "CSP", &[&["CSP"]]),
    ("dcp", "DCP", &[&["DCP"]]),
    ("programme", "PMO", &[&["PMO"]]),
];

/// Which type participant `p` has: every type appears in each run of fifty.
fn type_of(p: usize) -> usize {
    match p % 50 {
        0..=24 => 0,
        25..=34 => 1,
        35..=38 => 2,
        39..=42 => 3,
        43..=44 => 4,
        45..=46 => 5,
        47..=48 => 6,
        _ => 7,
    }
}

fn participant_id(p: usize) -> String {
    format!("{}{p:05}", TYPES[type_of(p)].1)
}

fn mpid(p: usize) -> String {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut n = p;
    let mut out = [b'0'; 4];
    for c in out.iter_mut().rev() {
        *c = DIGITS[n % 36];
        n /= 36;
    }
    // Never all digits, so a reader sees it is an id and not a number.
    out[0] = b"MNPQRSTVWX"[p % 10];
    String::from_utf8(out.to_vec()).expect("ascii")
}

fn day(offset: i64) -> NaiveDate {
    programme_start() + Duration::days(offset)
}

/// A participant as far as other records need to know it.
#[derive(Debug, Clone)]
struct Person {
    id: String,
    mpid: String,
    role: &'static str,
    /// Group and the connected environment it tests on.
    group: usize,
    home: Slot,
    contact_email: String,
    /// Its TLS chain lapses soon after as-of (no renewal recorded yet).
    lapsing: bool,
}

/// One registry file: its path relative to the root and its text.
#[derive(Debug, Clone)]
pub struct File {
    pub rel: String,
    pub text: String,
}

/// Generate a registry of `size`, the same for the same seed.
pub fn generate(size: Size, seed: u64) -> Vec<File> {
    let mut rng = Rng::new(seed ^ 0x5EED_0E4F_1A4E_2025);
    let header = format!(
        "# Synthetic registry for benchmarks: size {}, seed {seed}. Generated, not real data.\n",
        size.name
    );
    let mut files = Vec::new();
    files.push(File {
        rel: "programme.yaml".into(),
        text: format!("{header}{}", programme()),
    });
    environments(size, &header, &mut files);
    let people = participants(size, &header, &mut rng, &mut files);
    let busy = intervals(size, &header, &people, &mut rng, &mut files);
    certificates(size, &header, &people, &mut rng, &mut files);
    outages(size, &header, &busy, &mut rng, &mut files);
    files
}

/// Write the files below `root` (which must not hold a registry already).
/// Returns the number of bytes written.
pub fn write(root: &Path, files: &[File]) -> io::Result<u64> {
    if root.join("programme.yaml").exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} already holds a registry", root.display()),
        ));
    }
    let mut bytes = 0;
    for f in files {
        let path = root.join(&f.rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &f.text)?;
        bytes += f.text.len() as u64;
    }
    Ok(bytes)
}

fn programme() -> String {
    let holidays = [
        "2025-01-01",
        "2025-04-18",
        "2025-04-21",
        "2025-05-05",
        "2025-05-26",
        "2025-08-25",
        "2025-12-25",
        "2025-12-26",
        "2026-01-01",
        "2026-04-03",
        "2026-04-06",
        "2026-05-04",
        "2026-05-25",
        "2026-08-31",
        "2026-12-25",
        "2026-12-28",
        "2027-01-01",
        "2027-03-26",
        "2027-03-29",
        "2027-05-03",
        "2027-05-31",
        "2027-08-30",
        "2027-12-27",
        "2027-12-28",
    ];
    format!(
        "kind: Programme
id: SYNTH
name: Synthetic Settlement Programme
timezone: Europe/London
ewg: first-tuesday
certificate_warning: 60d
outage_notice: 5d
holidays: [{}]
receive_only_roles: [EES]
roles:
  SUP-D: Domestic supplier
  SUP-ND: Non-domestic supplier
  MSA: Metering service, advanced
  MSS: Metering service, smart
  DA: Data aggregator
  DC: Data collector
  ADS: Advanced data service
  LDSO: Licensed distribution system operator
  EES: Electricity enquiry service
  ISD: Industry standing data
  CSP: Core solution provider
  DCP: DIP connection provider
  PMO: Programme office
stages:
  pit: Pre-integration testing
  regression: Regression
  connectivity-proving: Connectivity proving
  functional: SIT functional
  migration: SIT migration
  non-functional: SIT non-functional
  operational: SIT operational
  uit: User integration testing
  preprod: Pre-production rehearsal
  production-proving: Production proving
rules:
  EP205: warning
exclude: [\"drafts/**\"]
description: >
  A programme many times the size of a real one, generated to measure envplan.
",
        holidays.join(", ")
    )
}

fn environments(size: Size, header: &str, files: &mut Vec<File>) {
    let start = programme_start();
    let end = day(SPAN_DAYS);
    for g in 0..size.groups {
        let mut envs = header.to_owned();
        let mut hours = header.to_owned();
        for (k, &slot) in SLOTS.iter().enumerate() {
            if k > 0 {
                envs.push_str("---\n");
                hours.push_str("---\n");
            }
            let id = env_id(g, slot);
            let _ = write!(
                envs,
                "kind: Environment\nid: {id}\nname: {} {}\nowner: {}\nphase: {}\nstages: [{}]\nsharing: {}\n",
                slot.prefix().replace('-', " "),
                g + 1,
                participant_id(49 + 50 * (g % (size.participants / 50).max(1))),
                slot.phase(),
                slot.stages().join(", "),
                slot.sharing()
            );
            // PIT is needed a little less long than it is booked: one EP205 per group.
            let required_to = if slot == Slot::Pit {
                end - Duration::days(20)
            } else {
                end + Duration::days(14)
            };
            let _ = writeln!(
                envs,
                "required: {{from: {}, to: {required_to}}}",
                start - Duration::days(14)
            );
            if slot == Slot::Prod {
                let _ = writeln!(envs, "sandbox_end: {}", end + Duration::days(90));
            }
            if slot.reaches_dcc() {
                let _ = writeln!(envs, "connects_to: [{}]", env_id(g, Slot::Dcc));
            }
            if matches!(slot, Slot::SitA | Slot::SitB | Slot::SitC) {
                let _ = writeln!(envs, "staging: {}", env_id(g, Slot::Staging));
            }
            if slot.is_connected() {
                envs.push_str("certificates: [tls, jws]\n");
                envs.push_str("connectivity: [internal, certificates, webhooks, message]\n");
            }
            if slot == Slot::Dcc {
                envs.push_str("description: |\n  One instance, reachable from one upstream environment at a time.\n  Owners take it in turns, four weeks each.\n");
            }

            let _ = write!(
                hours,
                "kind: Availability\nid: {id}-HOURS\nenvironment: {id}\n"
            );
            if matches!(slot, Slot::Dcc | Slot::Prod) {
                hours.push_str("service: 24x7\n");
            } else {
                hours.push_str("service: {days: mon-fri, from: \"08:00\", to: \"18:00\"}\n");
            }
            hours.push_str("support: {days: mon-fri, from: \"09:00\", to: \"17:00\"}\n");
            hours.push_str("backups: {every: 24h, retention: 14d}\n");
            if matches!(slot, Slot::SitA | Slot::SitB | Slot::SitC) {
                hours.push_str("cutoffs:\n  - {name: Gate Closure, at: \"15:00\"}\n  - {name: End of Day Batch, at: \"15:15\"}\n");
            }
            if slot == Slot::Prod {
                hours.push_str("observes_holidays: false\n");
            }
        }
        files.push(File {
            rel: format!("environments/group-{g:03}.yaml"),
            text: envs,
        });
        files.push(File {
            rel: format!("availability/group-{g:03}.yaml"),
            text: hours,
        });
    }
}

fn participants(size: Size, header: &str, rng: &mut Rng, files: &mut Vec<File>) -> Vec<Person> {
    const PER_FILE: usize = 50;
    let connected: Vec<Slot> = SLOTS.iter().copied().filter(|s| s.is_connected()).collect();
    let dcps: Vec<usize> = (0..size.participants)
        .filter(|&p| TYPES[type_of(p)].0 == "dcp")
        .collect();
    let mut people = Vec::with_capacity(size.participants);
    let mut text = String::new();
    for p in 0..size.participants {
        if p % PER_FILE == 0 {
            if p > 0 {
                files.push(File {
                    rel: format!("participants/batch-{:03}.yaml", p / PER_FILE - 1),
                    text: std::mem::take(&mut text),
                });
            }
            text.push_str(header);
        } else {
            text.push_str("---\n");
        }
        let (type_name, _, role_sets) = TYPES[type_of(p)];
        let roles = *rng.pick(role_sets);
        let id = participant_id(p);
        let domain = format!("{}.example", id.to_ascii_lowercase());
        let group = p * size.groups / size.participants;
        let home = *rng.pick(&connected);
        let mpid = mpid(p);
        let _ = write!(
            text,
            "kind: Participant\nid: {id}\nname: Participant {p} Ltd\ntype: {type_name}\nroles: [{}]\nmpids: [{mpid}]\n",
            roles.join(", ")
        );
        if !rng.chance(0.01) {
            let _ = writeln!(
                text,
                "environment_manager: {{name: Manager {p}, email: env@{domain}}}"
            );
        }
        if type_name == "programme" || (type_name == "central-party" && rng.chance(0.5)) {
            text.push_str("connects_to_dip: false\n");
        }
        if type_name == "supplier" && !dcps.is_empty() && rng.chance(0.3) {
            let _ = writeln!(text, "dcp: {}", participant_id(*rng.pick(&dcps)));
        }
        let contact_email = format!("pki@{domain}");
        text.push_str("pki_officers:\n");
        let _ = writeln!(
            text,
            "  nominating_officer: {{name: Nominating Officer {p}, email: no@{domain}}}"
        );
        if !rng.chance(0.01) {
            let _ = writeln!(
                text,
                "  sro: {{name: Senior Officer {p}, email: sro@{domain}}}"
            );
        }
        if rng.chance(0.5) {
            let _ = writeln!(
                text,
                "  aro: {{name: Authorised Officer {p}, email: aro@{domain}}}"
            );
        }
        let home_id = env_id(group, home);
        let _ = write!(
            text,
            "  technical_contacts:\n    - name: Technical Contact {p}\n      email: {contact_email}\n      appointments:\n        - {{mpid: {mpid}, role: {}, environment: {home_id}}}\n",
            roles[0]
        );
        if roles.len() > 1 {
            let _ = writeln!(
                text,
                "        - {{mpid: {mpid}, role: {}, environment: {home_id}}}",
                roles[1]
            );
        }
        if rng.chance(0.3) {
            let _ = write!(
                text,
                "    - name: Contractor {p}\n      email: contractor{p}@integrator.example\n      organisation: Integrator plc\n"
            );
        }
        // Connectivity proven in the programme's first two months, in order
        // (a few out of order: EP104).
        let d = rng.range(3, 25);
        let (cert_day, hook_day) = if rng.chance(0.005) {
            (d + 10, d + 7)
        } else {
            (d + 7, d + 10)
        };
        let _ = writeln!(
            text,
            "connectivity:\n  {home_id}: {{internal: {}, certificates: {}, webhooks: {}, message: {}}}",
            day(d),
            day(cert_day),
            day(hook_day),
            day(d + 14)
        );
        if rng.chance(0.3) {
            let _ = writeln!(
                text,
                "backups: {{schedule: \"weekly, Saturday 02:00\", last_restore_test: {}}}",
                day(rng.range(0, 500))
            );
        }
        people.push(Person {
            id,
            mpid,
            role: roles[0],
            group,
            home,
            contact_email,
            lapsing: rng.chance(0.015),
        });
    }
    if !text.is_empty() {
        files.push(File {
            rel: format!(
                "participants/batch-{:03}.yaml",
                (size.participants - 1) / PER_FILE
            ),
            text,
        });
    }
    people
}

/// Days each environment is occupied (by its own intervals or by `uses`),
/// so that planned outages can be put between bookings.
struct Busy {
    days: Vec<Vec<bool>>,
}

impl Busy {
    fn mark(&mut self, env: usize, from: i64, to: i64) {
        for d in from.max(0)..=to.min(SPAN_DAYS + 60) {
            self.days[env][d as usize] = true;
        }
    }

    fn is_free(&self, env: usize, d: i64) -> bool {
        (0..=SPAN_DAYS).contains(&d) && !self.days[env][d as usize]
    }
}

/// One interval before it is written.
struct Planned {
    start: i64,
    end: i64,
    stage: &'static str,
    uses: Option<String>,
}

fn intervals(
    size: Size,
    header: &str,
    people: &[Person],
    rng: &mut Rng,
    files: &mut Vec<File>,
) -> Busy {
    let mut busy = Busy {
        days: vec![vec![false; (SPAN_DAYS + 61) as usize]; size.environments()],
    };
    let blocks = SPAN_DAYS / BLOCK_DAYS;
    let dcc_blocks: Vec<Vec<i64>> = (0..size.groups)
        .map(|g| {
            (0..blocks)
                .filter(|&b| dcc_owner(g, b) == Slot::Dcc)
                .collect()
        })
        .collect();
    let as_of_day = (as_of() - programme_start()).num_days();
    for (g, owned) in dcc_blocks.iter().enumerate() {
        // Share this group's intervals out: the DCC service takes one per
        // block it owns, the other nine environments the rest evenly.
        let group_total =
            size.intervals / size.groups + usize::from(g < size.intervals % size.groups);
        let dcc_quota = owned.len().min(group_total);
        let rest = group_total - dcc_quota;
        let mut n = 0usize;
        let pool: Vec<&Person> = people.iter().filter(|p| p.group == g).collect();
        for (k, &slot) in SLOTS.iter().enumerate() {
            let env = g * 10 + k;
            let id = env_id(g, slot);
            let quota = if slot == Slot::Dcc {
                dcc_quota
            } else {
                let others = k - usize::from(k > 5);
                rest / 9 + usize::from(others < rest % 9)
            };
            let plans = if slot == Slot::Dcc {
                dcc_plans(&owned[..quota], rng)
            } else {
                env_plans(g, slot, quota, rng)
            };
            let home: Vec<&Person> = pool.iter().copied().filter(|p| p.home == slot).collect();
            let mut text = header.to_owned();
            for (i, plan) in plans.iter().enumerate() {
                if i > 0 {
                    text.push_str("---\n");
                }
                n += 1;
                let iv_id = format!("{id}-{:03}", i + 1);
                let _ = write!(
                    text,
                    "kind: Interval\nid: {iv_id}\nname: {} {} on {id}\nenvironment: {id}\nstage: {}\n",
                    title(plan.stage),
                    i + 1,
                    plan.stage
                );
                if rng.chance(0.1) {
                    let _ = write!(
                        text,
                        "start: {}T09:00\nend: {}T17:30\n",
                        day(plan.start),
                        day(plan.end)
                    );
                } else {
                    let _ = write!(text, "start: {}\nend: {}\n", day(plan.start), day(plan.end));
                }
                let who: Vec<&str> = if slot.is_connected() {
                    choose(&home, rng.range(1, 4) as usize, rng)
                } else if rng.chance(0.6) {
                    choose(&pool, rng.range(1, 3) as usize, rng)
                } else {
                    Vec::new()
                };
                if !who.is_empty() {
                    let _ = writeln!(text, "participants: [{}]", who.join(", "));
                }
                if let Some(u) = &plan.uses {
                    let _ = writeln!(text, "uses: [{u}]");
                }
                let past = plan.end < as_of_day;
                let cancelled = rng.chance(0.04);
                let status = if cancelled {
                    Some("cancelled")
                } else if past {
                    // A few are left open after they ended: EP209.
                    Some(if rng.chance(0.995) {
                        "done"
                    } else {
                        "confirmed"
                    })
                } else if rng.chance(0.4) {
                    Some("confirmed")
                } else if rng.chance(0.3) {
                    Some("planned")
                } else {
                    None
                };
                if let Some(s) = status {
                    let _ = writeln!(text, "status: {s}");
                }
                if rng.chance(0.1) {
                    let _ = writeln!(
                        text,
                        "description: >\n  Cycle {} of {}; entry criteria agreed at the EWG.\n  Exit report due a week after the end.",
                        i + 1,
                        plan.stage
                    );
                }
                if !cancelled {
                    busy.mark(env, plan.start - 1, plan.end + 1);
                    if let Some(u) = &plan.uses {
                        let k = SLOTS
                            .iter()
                            .position(|s| env_id(g, *s) == *u)
                            .expect("a group environment");
                        busy.mark(g * 10 + k, plan.start - 1, plan.end + 1);
                    }
                }
            }
            files.push(File {
                rel: format!(
                    "intervals/{}/{}.yaml",
                    slot.phase(),
                    id.to_ascii_lowercase()
                ),
                text,
            });
        }
        debug_assert_eq!(n, group_total);
    }
    busy
}

/// `count` distinct participant ids from `pool`, in pool order.
fn choose<'a>(pool: &[&'a Person], count: usize, rng: &mut Rng) -> Vec<&'a str> {
    if pool.is_empty() {
        return Vec::new();
    }
    let count = count.min(pool.len());
    // A partial Fisher-Yates shuffle of the indices.
    let mut order: Vec<usize> = (0..pool.len()).collect();
    for i in 0..count {
        let j = rng.range(i as i64, pool.len() as i64 - 1) as usize;
        order.swap(i, j);
    }
    let mut picked = order[..count].to_vec();
    picked.sort_unstable();
    picked.iter().map(|&i| pool[i].id.as_str()).collect()
}

fn title(stage: &str) -> String {
    let mut t = stage.replace('-', " ");
    if let Some(first) = t.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    t
}

/// Intervals of an ordinary environment: one per equal slot of the three
/// years, with gaps between them; a few overrun into the next slot (a clash
/// where the environment is not shared).
fn env_plans(group: usize, slot: Slot, quota: usize, rng: &mut Rng) -> Vec<Planned> {
    if quota == 0 {
        return Vec::new();
    }
    let cycle = SPAN_DAYS as f64 / quota as f64;
    let stages = slot.stages();
    let working: Vec<&'static str> = stages
        .iter()
        .copied()
        .filter(|s| *s != "connectivity-proving")
        .collect();
    let mut out = Vec::with_capacity(quota);
    for i in 0..quota {
        let slot_start = (i as f64 * cycle) as i64;
        let slot_len = (((i + 1) as f64 * cycle) as i64 - slot_start).max(1);
        let len = ((slot_len as f64 * (0.45 + 0.3 * rng.range(0, 100) as f64 / 100.0)) as i64)
            .clamp(1, slot_len);
        let start = slot_start + rng.range(0, (slot_len - len - 1).max(0));
        let mut end = start + len - 1;
        let overrun = if slot.is_sequential() { 0.015 } else { 0.3 };
        if i + 1 < quota && rng.chance(overrun) {
            end += (cycle / 2.0) as i64;
        }
        let stage = if stages.contains(&"connectivity-proving") && start < 60 {
            "connectivity-proving"
        } else {
            *rng.pick(&working)
        };
        let mut uses = None;
        if slot.reaches_dcc() {
            let first = start / BLOCK_DAYS;
            let inside = first == end / BLOCK_DAYS && dcc_owner(group, first) == slot;
            if (inside && rng.chance(0.7)) || rng.chance(0.01) {
                uses = Some(env_id(group, Slot::Dcc));
            }
        }
        if rng.chance(0.001) {
            // Uses an environment it does not connect to (EP207).
            uses = Some(env_id(group, Slot::PreProd));
        }
        out.push(Planned {
            start,
            end,
            stage,
            uses,
        });
    }
    out
}

/// The DCC service's own intervals: one inside each block it owns.
fn dcc_plans(blocks: &[i64], rng: &mut Rng) -> Vec<Planned> {
    blocks
        .iter()
        .map(|&b| {
            let len = rng.range(5, 15);
            let start = b * BLOCK_DAYS + rng.range(0, BLOCK_DAYS - len - 1);
            Planned {
                start,
                end: start + len - 1,
                stage: Slot::Dcc.stages()[rng.range(0, 2) as usize],
                uses: None,
            }
        })
        .collect()
}

fn certificates(size: Size, header: &str, people: &[Person], rng: &mut Rng, files: &mut Vec<File>) {
    const PER_FILE: usize = 100;
    let mut docs: Vec<(usize, String)> = Vec::with_capacity(size.certificates());
    let lapse_day = (as_of() - programme_start()).num_days();
    for person in people {
        let env = env_id(person.group, person.home);
        let cert = |id: &str,
                    purpose: &str,
                    issued: Option<NaiveDate>,
                    expires: String,
                    replaces: Option<&str>,
                    revoked: Option<NaiveDate>| {
            let mut t = format!(
                "kind: Certificate\nid: {id}\nparticipant: {}\nenvironment: {env}\npurpose: {purpose}\nmpid: {}\nrole: {}\nrequested_by: {}\n",
                person.id, person.mpid, person.role, person.contact_email
            );
            if let Some(d) = issued {
                let _ = writeln!(t, "issued: {d}");
            }
            let _ = writeln!(t, "expires: {expires}");
            if let Some(r) = replaces {
                let _ = writeln!(t, "replaces: {r}");
            }
            if let Some(d) = revoked {
                let _ = writeln!(t, "revoked: {d}");
            }
            t
        };
        let tls = |n: usize| format!("{}-{env}-TLS-{n}", person.id);
        let jws = |n: usize| format!("{}-{env}-JWS-{n}", person.id);
        // TLS: yearly, renewed three weeks early. A few participants have not
        // renewed yet and their certificate lapses soon after as-of (EP302,
        // then EP303 for their later bookings); they also hold a revoked one.
        if person.lapsing {
            docs.push((
                person.group,
                cert(
                    &tls(0),
                    "tls",
                    Some(day(-60)),
                    day(300).to_string(),
                    None,
                    Some(day(-30)),
                ),
            ));
            docs.push((
                person.group,
                cert(
                    &tls(1),
                    "tls",
                    Some(day(-35)),
                    day(385).to_string(),
                    Some(&tls(0)),
                    None,
                ),
            ));
            let lapses = lapse_day + rng.range(3, 50);
            docs.push((
                person.group,
                cert(
                    &tls(2),
                    "tls",
                    Some(day(345)),
                    day(lapses).to_string(),
                    Some(&tls(1)),
                    None,
                ),
            ));
        } else {
            for n in 1..=3 {
                let from = 365 * (n as i64 - 1) - 20;
                let replaces = (n > 1 && rng.chance(0.7)).then(|| tls(n - 1));
                let expires = if rng.chance(0.05) {
                    format!("{}T12:00", day(from + 385))
                } else {
                    day(from + 385).to_string()
                };
                docs.push((
                    person.group,
                    cert(
                        &tls(n),
                        "tls",
                        Some(day(from)),
                        expires,
                        replaces.as_deref(),
                        None,
                    ),
                ));
            }
        }
        // JWS: twenty months.
        docs.push((
            person.group,
            cert(&jws(1), "jws", None, day(600).to_string(), None, None),
        ));
        docs.push((
            person.group,
            cert(
                &jws(2),
                "jws",
                Some(day(580)),
                day(1200).to_string(),
                Some(&jws(1)),
                None,
            ),
        ));
    }
    // Files of a hundred, per group of environments.
    let mut by_group: Vec<Vec<String>> = vec![Vec::new(); size.groups];
    for (g, doc) in docs {
        by_group[g].push(doc);
    }
    for (g, docs) in by_group.into_iter().enumerate() {
        for (k, chunk) in docs.chunks(PER_FILE).enumerate() {
            let mut text = header.to_owned();
            text.push_str(&chunk.join("---\n"));
            files.push(File {
                rel: format!("certificates/group-{g:03}/batch-{k:02}.yaml"),
                text,
            });
        }
    }
}

fn outages(size: Size, header: &str, busy: &Busy, rng: &mut Rng, files: &mut Vec<File>) {
    const PER_FILE: usize = 100;
    let as_of_day = (as_of() - programme_start()).num_days();
    let planned_reasons = [
        "data-refresh",
        "data-load",
        "maintenance",
        "patching",
        "deployment",
    ];
    let unplanned_reasons = ["infrastructure-failure", "software-failure", "other"];
    let mut docs = Vec::with_capacity(size.outages);
    for o in 0..size.outages {
        let g = o * size.groups / size.outages;
        let k = rng.range(0, 9) as usize;
        let env = g * 10 + k;
        let env_name = env_id(g, SLOTS[k]);
        let id = format!("OUT-{o:06}");
        let mut t = format!("kind: Outage\nid: {id}\nenvironment: {env_name}\n");
        if rng.chance(0.75) {
            // Planned overnight work between bookings (a few over one: EP206).
            let mut d = rng.range(7, SPAN_DAYS - 2);
            if !rng.chance(0.02) {
                let first = d;
                while !(busy.is_free(env, d) && busy.is_free(env, d + 1)) {
                    d = if d >= SPAN_DAYS - 2 { 7 } else { d + 1 };
                    if d == first {
                        break;
                    }
                }
            }
            let _ = write!(
                t,
                "planned: true\nreason: {}\nstart: {}T18:00\nend: {}T06:00\n",
                rng.pick(&planned_reasons),
                day(d),
                day(d + 1)
            );
            if rng.chance(0.01) {
                // Never notified (EP402).
            } else if rng.chance(0.03) {
                let _ = writeln!(t, "notified: {}", day(d - rng.range(1, 3)));
            } else {
                let _ = writeln!(t, "notified: {}", day(d - rng.range(6, 30)));
            }
        } else {
            let d = rng.range(0, SPAN_DAYS - 1);
            let hour = rng.range(8, 16);
            let minute = 15 * rng.range(0, 3);
            let _ = write!(
                t,
                "planned: false\nreason: {}\nstart: {}T{hour:02}:{minute:02}\n",
                rng.pick(&unplanned_reasons),
                day(d)
            );
            let ongoing = d <= as_of_day && d > as_of_day - 10 && rng.chance(0.5);
            if !ongoing {
                let _ = writeln!(
                    t,
                    "end: {}T{:02}:{minute:02}",
                    day(d),
                    (hour + rng.range(1, 6)).min(23)
                );
            }
            if !rng.chance(0.05) {
                let _ = writeln!(t, "defect: ADO-{}", 10_000 + o);
            }
            if rng.chance(0.3) {
                t.push_str("description: \"Failed over to the standby; root cause under investigation.\"\n");
            }
        }
        docs.push(t);
    }
    // Files of a hundred, per group of environments.
    let mut by_group: Vec<Vec<String>> = vec![Vec::new(); size.groups];
    for (o, doc) in docs.into_iter().enumerate() {
        by_group[o * size.groups / size.outages].push(doc);
    }
    for (g, docs) in by_group.into_iter().enumerate() {
        for (k, chunk) in docs.chunks(PER_FILE).enumerate() {
            let mut text = header.to_owned();
            text.push_str(&chunk.join("---\n"));
            files.push(File {
                rel: format!("outages/group-{g:03}/batch-{k:02}.yaml"),
                text,
            });
        }
    }
}
