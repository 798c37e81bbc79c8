//! The sections issue 12 added, the weekly edition, and the stamp and
//! `--verify`, on the `pack-week` fixture: `pack-month` plus two cohorts
//! (CIT-4, CIT-5), two milestones, an environment not yet required (SIT-C,
//! from 2026-11-30), a composite (E2E, made of SIT-A and HELIX, HELIX down
//! since Friday 30 October 20:00) and one with no service hours (PREPROD).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// The fixture copied out of this clone, so git sees only what a test makes.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let registry = dir.path().join("registry");
    copy_dir(&common::fixture("pack-week"), &registry);
    (dir, registry)
}

fn envplan(home: &Path, args: &[&str]) -> std::process::Output {
    common::envplan()
        .env("GIT_CEILING_DIRECTORIES", home)
        .args(args)
        .output()
        .expect("run envplan")
}

fn pack(home: &Path, registry: &Path, out: &Path, edition: &[&str]) -> std::process::Output {
    let mut args = vec!["--registry", registry.to_str().expect("utf-8")];
    args.extend(edition);
    args.extend(["--out", out.to_str().expect("utf-8")]);
    let output = envplan(home, &args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

const WEEK: [&str; 3] = ["pack", "--week", "2026-W45"];
const MONTH: [&str; 5] = ["--as-of", "2026-11-03", "pack", "--month", "2026-11"];

fn read(out: &Path, name: &str) -> String {
    std::fs::read_to_string(out.join(name)).expect(name)
}

fn row<'a>(md: &'a str, starts: &str) -> &'a str {
    md.lines()
        .find(|l| l.starts_with(starts))
        .unwrap_or_else(|| panic!("no row starting {starts:?} in\n{md}"))
}

#[test]
fn the_weekly_edition_with_its_numbers_checked_by_hand() {
    let (dir, registry) = fixture();
    let out = dir.path().join("week");
    pack(dir.path(), &registry, &out, &WEEK);
    let md = read(&out, "pack.md");
    // The week reported is W44, Monday 26 October to Sunday 1 November,
    // cut at the as-of day (Monday 2 November, the week's issue day).
    // HELIX is 24x7: 168 h in W44 (the clocks went back in W43). OUT-105
    // has been down since Friday 20:00: 52 h to Monday 00:00. 116/168 =
    // 69.047…%, shown rounded down.
    let helix = row(&md, "| HELIX | 100.00% |");
    assert!(helix.ends_with("| 94.67% | 69.04% |"), "{helix}");
    // SIT-A: Mon–Fri 09:00–17:00 = 40 h. OUT-101 (unplanned) until Monday
    // 10:00 and OUT-102 (planned) 09:30–11:00 take 09:00–11:00: 2 h, 95%.
    // The composite E2E is in service while SIT-A and HELIX both are: SIT-A's
    // hours, and HELIX's outage falls outside them, so 95% too.
    assert!(row(&md, "| SIT-A | 100.00% |").ends_with("| 97.50% | 95.00% |"));
    assert!(row(&md, "| E2E | 100.00% |").ends_with("| 97.50% | 95.00% |"));
    // Not yet required, and no hours recorded.
    assert!(row(&md, "| SIT-C | not required |").ends_with("| not required |"));
    assert!(md.contains("| PREPROD | not recorded | **service hours not recorded** | – |"));
    // The composite's component and its state.
    assert!(md.contains(
        "| E2E | not recorded | while SIT-A and HELIX are both in service | SIT-A: ready, HELIX: readiness not recorded; down: OUT-105 |"
    ));
    // Countdown: 2026-11-02 to 2026-11-30 is 28 days.
    assert!(md.contains("| SIT-C required in 28 days, forecast ready 25 November 2026 |"));
    // Cohort CIT-5: ACME and BRAV have all four steps dated, NEWCO none:
    // 8 of 12 steps, 66% rounded down; each step 2 of 3.
    assert!(md.contains(
        "### CIT-5 (CIT interval 5), SIT-A from 2026-11-09 to 2026-11-13: 8 of 12 (66%) steps done"
    ));
    assert!(md.contains("| **Done, per step** | 2 of 3 (66%) | 2 of 3 (66%) | 2 of 3 (66%) | 2 of 3 (66%) | **8 of 12 (66%)** |"));
    // Milestones: NEWCO has no nominating officer two days after the due day.
    assert!(md.contains(
        "| 2026-10-30 | M-MGR (Nominating officer appointed) | New Co (NEWCO) | **overdue** |"
    ));
    assert!(md.contains("6 due dates: 3 met, 0 met late, 0 due soon, 1 overdue, 2 due later."));
    // Contacts: one row for NEWCO, both gaps.
    assert!(md.contains(
        "| New Co (NEWCO) | **missing** | participant \\`NEWCO\\` connects to the DIP but has no nominating officer and no SRO |"
    ));
    // Impact: HELIX-SIT lost the 52 h; FUNC-3 lost 09:00–09:30 to OUT-101
    // alone (09:30–10:00 counts as planned, as in availability).
    assert!(
        md.contains("| OUT-105 (on HELIX) | HELIX-SIT (Helix SIT support) | HELIX | – | 52 h |")
    );
    assert!(md.contains("| OUT-101 (on SIT-A) | FUNC-3 (Functional cycle 3) | SIT-A | Acme Energy Ltd (ACME), Bravo Metering (BRAV) | 0.5 h |"));
    // ACME: 40 h booked, 1.5 h lost to the planned outage and 0.5 h to the
    // unplanned one, 38 h delivered.
    assert!(md.contains("| Acme Energy Ltd (ACME) | 40 h | 38 h | 1.5 h | 0.5 h |"));
    // The renewal that lapses before SIT-A's window ends.
    assert!(md.contains("| **November 2026** | 2026-11-20 | ACME-SITA-TLS-1 | Acme Energy Ltd (ACME) | SIT-A | required to 2027-03-31 |"));
    insta::assert_snapshot!(
        "pack_week_md",
        md.replace(env!("CARGO_PKG_VERSION"), "[version]")
    );
}

#[test]
fn the_monthly_edition_of_the_same_registry() {
    let (dir, registry) = fixture();
    let out = dir.path().join("month");
    pack(dir.path(), &registry, &out, &MONTH);
    let md = read(&out, "pack.md");
    // October: SIT-C not required; its countdown from the meeting, 27 days.
    assert!(md.contains("| SIT-C required in 27 days, forecast ready 25 November 2026 |"));
    assert!(md.contains(
        "| Environment | May 2026 | Jun 2026 | Jul 2026 | Aug 2026 | Sep 2026 | Oct 2026 |"
    ));
    insta::assert_snapshot!(
        "pack_week_fixture_month_md",
        md.replace(env!("CARGO_PKG_VERSION"), "[version]")
    );
}

#[test]
fn the_html_has_every_section_escaped_and_no_script() {
    let (dir, registry) = fixture();
    for (name, edition) in [("w", &WEEK[..]), ("m", &MONTH[..])] {
        let out = dir.path().join(name);
        pack(dir.path(), &registry, &out, edition);
        let html = read(&out, "pack.html");
        let doc = scraper::Html::parse_document(&html);
        assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
        let select = |css: &str| {
            let selector = scraper::Selector::parse(css).expect("selector");
            doc.select(&selector).collect::<Vec<_>>()
        };
        assert!(select("script").is_empty());
        for id in [
            "headline",
            "environments",
            "plan",
            "timeline",
            "open-items",
            "cohorts",
            "milestones",
            "findings",
            "certificates",
            "contacts",
            "outages",
            "impact",
            "readiness",
            "files",
        ] {
            assert_eq!(select(&format!("section#{id}")).len(), 1, "section {id}");
            assert!(select(&format!("nav a[href=\"#{id}\"]")).len() <= 1);
        }
        // The hostile participant's name is text in the cohort table.
        let cohort_cells: Vec<String> = select("section#cohorts td")
            .iter()
            .map(|td| td.text().collect())
            .collect();
        assert!(cohort_cells
            .iter()
            .any(|c| c.contains("<script>alert(1)</script>")));
        // Backticks in findings are code, not literal.
        let codes = select("section#findings td code");
        assert!(codes
            .iter()
            .any(|c| c.text().collect::<String>() == "NEWCO"));
        assert!(!select("section#findings td")
            .iter()
            .any(|td| td.text().collect::<String>().contains('`')));
        // The availability trend draws bars from a floor, not from 0%.
        assert!(html.contains("Each bar runs from"));
        // The stamp is in the page.
        let meta = select("meta[name=\"generator\"]");
        assert!(meta[0]
            .value()
            .attr("content")
            .expect("content")
            .starts_with("envplan-pack/1 "));
    }
}

#[test]
fn two_runs_give_the_same_bytes() {
    let (dir, registry) = fixture();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    pack(dir.path(), &registry, &a, &WEEK);
    pack(dir.path(), &registry, &b, &WEEK);
    for name in ["pack.md", "pack.html", "certificates.csv", "plan.ics"] {
        let (x, y) = (
            std::fs::read(a.join(name)).expect("a"),
            std::fs::read(b.join(name)).expect("b"),
        );
        assert!(x == y, "{name} differs between two runs");
        assert!(
            String::from_utf8_lossy(&x).contains("envplan-pack/1 "),
            "{name} has no stamp"
        );
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap_or(dir))
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .status()
        .expect("git");
    assert!(status.success(), "git {args:?}");
}

fn verify(home: &Path, registry: &Path, out: &Path) -> (i32, String) {
    let output = envplan(
        home,
        &[
            "--registry",
            registry.to_str().expect("utf-8"),
            "pack",
            "--verify",
            out.to_str().expect("utf-8"),
        ],
    );
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn verify_matches_an_untouched_pack_and_names_a_changed_file() {
    let (dir, registry) = fixture();
    git(&registry, &["init", "-q"]);
    git(&registry, &["add", "-A"]);
    git(&registry, &["commit", "-qm", "registry"]);
    let out = dir.path().join("out");
    pack(dir.path(), &registry, &out, &MONTH);
    let md = read(&out, "pack.md");
    assert!(md.contains(" dirty=no registry=sha256:"), "{md}");
    let (code, said) = verify(dir.path(), &registry, &out);
    assert_eq!(code, 0, "{said}");
    for name in ["pack.md", "pack.html", "certificates.csv", "plan.ics"] {
        assert!(said.contains(&format!("{name}: matches\n")), "{said}");
    }
    // The registry changes after the pack: the commit it recorded still proves it.
    let programme = registry.join("programme.yaml");
    let text = std::fs::read_to_string(&programme).expect("programme");
    std::fs::write(&programme, format!("{text}# a later comment\n")).expect("write");
    let (code, said) = verify(dir.path(), &registry, &out);
    assert_eq!(code, 0, "{said}");
    assert!(said.starts_with("rebuilt from git commit "), "{said}");
    // One byte changed in the HTML: that file, and where.
    let html = read(&out, "pack.html");
    let at = html.find("Acme Energy Ltd").expect("a name");
    let mut bytes = html.into_bytes();
    bytes[at] = b'X';
    std::fs::write(out.join("pack.html"), &bytes).expect("write");
    let (code, said) = verify(dir.path(), &registry, &out);
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("pack.md: matches\n"), "{said}");
    assert!(
        said.contains("pack.html: differs from the rebuilt file at line "),
        "{said}"
    );
}

#[test]
fn verify_says_when_the_registry_is_not_the_one() {
    let (dir, registry) = fixture();
    let out = dir.path().join("out");
    pack(dir.path(), &registry, &out, &WEEK);
    // Not in git, and changed: nothing can reproduce the pack.
    let programme = registry.join("programme.yaml");
    let text = std::fs::read_to_string(&programme).expect("programme");
    std::fs::write(&programme, format!("{text}# changed\n")).expect("write");
    let (code, said) = verify(dir.path(), &registry, &out);
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("the registry is not the one the pack was built from"),
        "{said}"
    );
}

/// The headline's "Intervals starting in the next N days" is the number of
/// intervals the readiness table lists, in both editions: an interval with
/// nobody booked has a row of its own saying so, and every step has a
/// status column and a day column, never a day and words in one cell.
#[test]
fn the_headline_and_the_readiness_table_agree() {
    let (home, registry) = fixture();
    for (edition, expected) in [(&WEEK[..], 4), (&MONTH[..], 5)] {
        let out = home.path().join(format!("out-{expected}"));
        pack(home.path(), &registry, &out, edition);
        let md = read(&out, "pack.md");
        let figure: usize = md
            .lines()
            .find_map(|l| l.strip_prefix("| Intervals starting in the next "))
            .and_then(|rest| rest.rsplit(" | ").next())
            .and_then(|n| n.trim_end_matches(" |").trim().parse().ok())
            .expect("headline figure");
        let table = md
            .split("## Readiness: intervals starting")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .expect("readiness section");
        let rows: Vec<Vec<&str>> = table
            .lines()
            .filter(|l| l.starts_with("| 20"))
            .map(|l| l.split(" | ").collect())
            .collect();
        let mut intervals: Vec<&str> = rows
            .iter()
            .map(|r| r[1].split(' ').next().expect("id"))
            .collect();
        intervals.dedup();
        assert_eq!(figure, expected, "{md}");
        assert_eq!(intervals.len(), figure, "{table}");
        // MIG-2 and NFT-2 have nobody booked: still listed.
        for id in ["MIG-2", "NFT-2"] {
            let row = rows
                .iter()
                .find(|r| r[1].starts_with(id))
                .unwrap_or_else(|| panic!("{id} in {table}"));
            assert_eq!(row[3], "no participant booked", "{table}");
        }
        // Status and day apart: status cells are words, day cells dates or "–".
        for r in &rows {
            for step in 0..4 {
                let status = r[4 + 2 * step].trim_matches('*');
                let day = r[5 + 2 * step].trim_end_matches(" |");
                assert!(
                    ["done", "late", "missing", "not required", "–"].contains(&status),
                    "{status:?} in {r:?}"
                );
                assert!(
                    day == "–" || chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok(),
                    "{day:?} in {r:?}"
                );
            }
        }
    }
}
