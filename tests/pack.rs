//! `envplan pack` on the `pack-month` fixture: the November 2026 pack, which
//! reports October 2026 (clocks go back on Sunday 25 October; Monday 12
//! October is a programme holiday).

mod common;

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};
use envplan::cli::ColorChoice;
use envplan::commands::{check_registry, load, Global};
use envplan::pack::{self, Inputs, Pack, RegistryVersion, Shown, StepCell};
use icalendar::Component;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Copy a fixture into a fresh directory that is not in a git repository,
/// so that the pack's registry line does not depend on this clone's state.
fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let registry = dir.path().join("registry");
    common::copy_tree(&common::fixture(name), &registry);
    (dir, registry)
}

/// Run `envplan pack` with git kept from looking above `home`.
fn run_pack(home: &Path, args: &[&str]) -> std::process::Output {
    common::envplan()
        .env("GIT_CEILING_DIRECTORIES", home.parent().unwrap_or(home))
        .args(args)
        .output()
        .expect("run envplan")
}

/// `pack --month 2026-11` as of 2026-11-03, the fixture's meeting day.
fn pack_november(home: &Path, registry: &Path, out: &Path) -> std::process::Output {
    run_pack(
        home,
        &[
            "--registry",
            registry.to_str().expect("utf-8"),
            "--as-of",
            "2026-11-03",
            "pack",
            "--month",
            "2026-11",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    )
}

fn pack_of(registry: &Path, as_of: NaiveDate) -> Pack {
    let global = Global {
        registry: registry.to_path_buf(),
        as_of: Some(as_of),
        color: ColorChoice::Never,
    };
    let (reg, findings) = load(&global).expect("load");
    let checked = check_registry(&global, &reg, findings);
    pack::build(Inputs {
        checked: &checked,
        edition: pack::Edition::Monthly,
        month: day(2026, 11, 1),
        meeting: day(2026, 11, 3),
        registry: RegistryVersion::Unknown("test".into()),
        changes: None,
    })
}

fn written(out: &Path) -> (String, String) {
    (
        std::fs::read_to_string(out.join("pack.md")).expect("pack.md"),
        std::fs::read_to_string(out.join("pack.html")).expect("pack.html"),
    )
}

#[test]
fn pack_md_snapshot() {
    let (dir, registry) = copy_fixture("pack-month");
    let out = dir.path().join("out");
    let output = pack_november(dir.path(), &registry, &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // It says what it wrote, and wrote nothing else (no temporary files left).
    let stdout = String::from_utf8_lossy(&output.stdout);
    let said: Vec<&str> = stdout.lines().collect();
    let expected: Vec<String> = ["pack.md", "pack.html", "certificates.csv", "plan.ics"]
        .iter()
        .map(|f| out.join(f).display().to_string())
        .collect();
    assert_eq!(said, expected);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["certificates.csv", "pack.html", "pack.md", "plan.ics"]
    );

    let (md, _) = written(&out);
    let md = md.replace(env!("CARGO_PKG_VERSION"), "[version]");
    insta::assert_snapshot!("pack_month_md", md);
    let csv = std::fs::read_to_string(out.join("certificates.csv"))
        .expect("csv")
        .replace(env!("CARGO_PKG_VERSION"), "[version]");
    insta::assert_snapshot!("pack_month_certificates_csv", csv);
}

/// The availability figures of October 2026, worked out by hand.
#[test]
fn availability_checked_by_hand() {
    let (_dir, registry) = copy_fixture("pack-month");
    let p = pack_of(&registry, day(2026, 11, 3));
    let row = |env: &str| {
        p.availability
            .iter()
            .find(|a| a.environment == env)
            .unwrap_or_else(|| panic!("no availability row for {env}"))
    };
    let h = Duration::hours;
    let m = Duration::minutes;

    // SIT-A, Mon–Fri 09:00–17:00, holidays observed. October 2026 has 22
    // weekdays (Thu 1, Fri 2, then four full weeks); Mon 12 is a holiday:
    // 21 × 8 h = 168 h.
    // OUT-101 (unplanned) Fri 23 16:00 BST → Mon 26 10:00 GMT: service hours
    //   hit are Fri 16:00–17:00 and Mon 09:00–10:00.
    // OUT-102 (planned) Mon 26 09:30–11:00: 1.5 h, and it takes over the
    //   failure's Mon 09:30–10:00, which is not counted twice.
    // OUT-103 (unplanned) on the holiday: nothing lost.
    // Planned 1.5 h; unplanned 1 h + 0.5 h = 1.5 h; 1 − 3/168 = 98.214 %.
    let a = row("SIT-A");
    // Rounded down: 98.2142…% shows as 98.21%.
    assert_eq!(a.service, Some(h(168)));
    assert_eq!(a.lost_planned, m(90));
    assert_eq!(a.lost_unplanned, m(90));
    assert_eq!(a.availability, Shown::Percent(9821));

    // SIT-B, Mon–Fri 08:00–18:00, holidays not observed: 22 × 10 h = 220 h.
    // OUT-107 (unplanned) Wed 30 Sep 17:00 → Thu 1 Oct 09:00: 08:00–09:00 on
    //   1 October is inside the month and the hours: 1 h.
    // OUT-106 (planned) is on Saturday 10 October: nothing lost.
    // 1 − 1/220 = 99.5454…%, rounded down to 99.54% (not up to 99.55%).
    let b = row("SIT-B");
    assert_eq!(b.service, Some(h(220)));
    assert_eq!(b.lost_planned, Duration::zero());
    assert_eq!(b.lost_unplanned, h(1));
    assert_eq!(b.availability, Shown::Percent(9954));

    // HELIX, 24x7: 31 × 24 h + the extra hour of Sunday 25 October = 745 h.
    // OUT-104 (planned) Sat 24 22:00 BST (21:00 UTC) → Sun 25 06:00 GMT
    //   (06:00 UTC): 9 real hours, though the clock moved 8.
    // OUT-105 (unplanned, still ongoing) from Fri 30 20:00 GMT, counted to
    //   the end of October (Sun 1 Nov 00:00 GMT): 4 h + 24 h = 28 h.
    // 1 − 37/745 = 95.034 %.
    let x = row("HELIX");
    assert_eq!(x.service, Some(h(745)));
    assert_eq!(x.lost_planned, h(9));
    assert_eq!(x.lost_unplanned, h(28));
    // 95.0335…% rounded down.
    assert_eq!(x.availability, Shown::Percent(9503));

    // PREPROD has no Availability record and no components: its hours are
    // unknown, never "24x7 assumed"; nothing was lost, and there is no percentage.
    let pp = row("PREPROD");
    assert_eq!(pp.service, None);
    assert_eq!(
        pp.availability,
        Shown::Unknown {
            lost: Duration::zero()
        }
    );
    assert_eq!(pp.hours, "unknown (no service hours recorded)");

    // The outage log: each outage's own service hours, and the ongoing one's
    // duration up to the start of the as-of day (Fri 30 20:00 → Tue 3 00:00).
    let outage = |id: &str| {
        p.outages
            .iter()
            .find(|o| o.id == id)
            .unwrap_or_else(|| panic!("no outage {id}"))
    };
    assert_eq!(outage("OUT-101").lost, h(2));
    // Fri 16:00 BST (15:00 UTC) to Mon 10:00 GMT (10:00 UTC): 67 real hours,
    // one more than the clock face says.
    assert_eq!(outage("OUT-101").duration, h(67));
    assert_eq!(outage("OUT-104").duration, h(9));
    assert_eq!(outage("OUT-105").end, None);
    assert_eq!(outage("OUT-105").duration, h(76));
    assert_eq!(outage("OUT-107").lost, h(1));
    // November's planned maintenance is not in October's log.
    assert!(p.outages.iter().all(|o| o.id != "OUT-108"));
    assert_eq!(p.outages.len(), 7);

    // Headline: 1.5 + 9 = 10.5 h planned; 1.5 + 1 + 28 = 30.5 h unplanned.
    assert_eq!(p.headline.lost_planned, m(630));
    assert_eq!(p.headline.lost_unplanned, m(1830));
}

#[test]
fn certificates_risks_clashes_and_readiness() {
    let (_dir, registry) = copy_fixture("pack-month");
    let p = pack_of(&registry, day(2026, 11, 3));
    let certs: Vec<(&str, i64)> = p
        .certificates
        .iter()
        .map(|c| (c.id.as_str(), c.days_left))
        .collect();
    // Replaced BRAV-SITA-TLS-1 is not listed; the expired, unreplaced one is.
    assert_eq!(
        certs,
        [
            ("ACME-SITB-TLS-0", -19),
            ("ACME-SITA-TLS-1", 17),
            ("ELEX-HELIX-TLS-1", 47)
        ]
    );
    // Every EP303 finding is an at-risk row and the other way round.
    let mut from_rows: Vec<(String, String)> = p
        .at_risk
        .as_ref()
        .expect("EP303 is on")
        .iter()
        .map(|r| (r.interval.id.clone(), r.participant.id.clone()))
        .collect();
    from_rows.sort();
    let (_, doc) = common::check_dir(&registry, "2026-11-03");
    let mut from_check: Vec<(String, String)> = common::with_code(&doc, "EP303")
        .iter()
        .map(|d| {
            let interval = d
                .records
                .iter()
                .find(|r| r.starts_with("FUNC") || r.starts_with("CIT"))
                .cloned()
                .expect("interval");
            let participant = d
                .records
                .iter()
                .find(|r| ["ACME", "HOSTILE", "PIPE", "BRAV"].contains(&r.as_str()))
                .cloned()
                .expect("participant");
            (interval, participant)
        })
        .collect();
    from_check.sort();
    assert_eq!(from_rows, from_check);
    let acme = p
        .at_risk
        .as_ref()
        .expect("EP303 is on")
        .iter()
        .find(|r| r.interval.id == "FUNC-3")
        .expect("FUNC-3 at risk");
    assert_eq!(acme.first_gap, day(2026, 11, 21));
    assert_eq!(acme.days_left, 18);

    assert_eq!(p.clashes.len(), 1);
    assert_eq!(p.clashes[0].code, "EP202");
    assert_eq!(p.clashes[0].overlap, "from 2026-11-16 to 2026-11-20");

    // Readiness covers intervals starting after the as-of day and at most 90
    // days after it (FUNC-5, on 2027-02-15, is beyond).
    assert!(p.readiness.iter().all(|r| r.interval.id != "FUNC-5"));
    let pipe = p
        .readiness
        .iter()
        .find(|r| r.participant.as_ref().is_some_and(|p| p.id == "PIPE"))
        .expect("PIPE");
    // PIPE only receives (EES), so it need not send a message.
    assert_eq!(
        pipe.steps,
        Some([
            StepCell::Missing,
            StepCell::Missing,
            StepCell::Missing,
            StepCell::NotRequired(None)
        ])
    );
    assert_eq!(p.headline.intervals_running, 2);
    assert_eq!(p.headline.intervals_starting, 4);
    // The table lists the same four, by hand: MIG-2 (9 November) and NFT-2
    // (16 November) on SIT-B with nobody booked, each on one row of its own;
    // CIT-4 (16 November, HOSTILE); FUNC-4 (7 December, three participants).
    let listed: Vec<(&str, Option<&str>)> = p
        .readiness
        .iter()
        .map(|r| {
            (
                r.interval.id.as_str(),
                r.participant.as_ref().map(|p| p.id.as_str()),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("MIG-2", None),
            ("CIT-4", Some("HOSTILE")),
            ("NFT-2", None),
            ("FUNC-4", Some("BRAV")),
            ("FUNC-4", Some("HOSTILE")),
            ("FUNC-4", Some("PIPE")),
        ]
    );
    assert!(p
        .readiness
        .iter()
        .all(|r| r.participant.is_some() == r.steps.is_some()));
}

/// Every line of a Markdown table has as many cells as its header.
fn assert_tables_intact(md: &str) {
    let cells = |line: &str| {
        let mut n = 0;
        let mut escaped = false;
        for c in line.chars() {
            match c {
                '\\' if !escaped => escaped = true,
                '|' if !escaped => n += 1,
                _ => escaped = false,
            }
            if c != '\\' {
                escaped = false;
            }
        }
        n
    };
    let mut expected: Option<usize> = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = cells(line);
            match expected {
                None => expected = Some(n),
                Some(e) => assert_eq!(n, e, "broken table row: {line}"),
            }
        } else {
            expected = None;
        }
    }
}

#[test]
fn hostile_names_show_literally_in_markdown() {
    let (dir, registry) = copy_fixture("pack-month");
    let out = dir.path().join("out");
    let output = run_pack(
        dir.path(),
        &[
            "--registry",
            registry.to_str().expect("utf-8"),
            "pack",
            "--month",
            "2026-11",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert!(output.status.success());
    let (md, _) = written(&out);
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt; (HOSTILE)"));
    assert!(md.contains("a \\| b (PIPE)"));
    assert!(!md.to_lowercase().contains("<script"));
    assert_tables_intact(&md);
}

#[test]
fn html_is_well_formed_self_contained_and_inert() {
    let (dir, registry) = copy_fixture("pack-month");
    let out = dir.path().join("out");
    let output = pack_november(dir.path(), &registry, &out);
    assert!(output.status.success());
    let (_, text) = written(&out);
    let doc = scraper::Html::parse_document(&text);
    // The HTML5 parser met nothing it had to repair.
    assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
    assert_eq!(format!("{:?}", doc.quirks_mode), "NoQuirks");
    let select = |css: &str| {
        let selector = scraper::Selector::parse(css).expect("selector");
        doc.select(&selector).collect::<Vec<_>>()
    };
    assert!(select("script").is_empty(), "a <script> element");
    for tag in [
        "iframe", "object", "embed", "img", "link", "form", "base", "audio", "video",
    ] {
        assert!(select(tag).is_empty(), "a <{tag}> element");
    }
    let csp = select("meta[http-equiv=\"Content-Security-Policy\"]");
    assert_eq!(csp.len(), 1);
    let policy = csp[0].value().attr("content").expect("content");
    assert!(policy.contains("default-src 'none'"));
    assert!(!policy.contains("script-src"));
    // Nothing is fetched: no external URL in any attribute, no event handlers.
    for element in select("*") {
        for (name, value) in element.value().attrs() {
            let v = value.trim().to_ascii_lowercase();
            assert!(
                !name.starts_with("on"),
                "event handler attribute {name}={value}"
            );
            if matches!(name, "src" | "href" | "action" | "xlink:href") {
                assert!(v.starts_with('#'), "external reference {name}={value}");
            }
        }
    }
    // `url(` only ever names a pattern inside the page (`url(#tl1-clash)`).
    for (at, _) in text.match_indices("url(") {
        assert!(
            text[at + 4..].starts_with('#'),
            "a URL that is not a fragment: {}",
            &text[at..(at + 40).min(text.len())]
        );
    }
    assert!(!text.contains("@import"));
    // Printable on A4 landscape.
    let style = select("style");
    assert_eq!(style.len(), 1);
    let css: String = style[0].text().collect();
    assert!(css.contains("@page { size: A4 landscape"));
    // The hostile names are there, as text.
    let cells: Vec<String> = select("td")
        .iter()
        .map(|td| td.text().collect::<String>())
        .collect();
    assert!(cells
        .iter()
        .any(|c| c.contains("<script>alert(1)</script>")));
    assert!(cells.iter().any(|c| c.contains("a | b")));
    // Every section is there.
    for id in [
        "headline",
        "environments",
        "timeline",
        "findings",
        "certificates",
        "outages",
        "readiness",
    ] {
        assert_eq!(select(&format!("#{id}")).len(), 1, "section {id}");
    }
}

#[test]
fn a_registry_with_errors_still_gets_a_pack() {
    let (dir, registry) = copy_fixture("conformance-c1");
    let out = dir.path().join("out");
    let output = run_pack(
        dir.path(),
        &[
            "--registry",
            registry.to_str().expect("utf-8"),
            "pack",
            "--month",
            "2026-03",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    let (md, html) = written(&out);
    // Meeting on the first Tuesday (3 March 2026), as of that day.
    assert!(md.contains("- **As of:** 2026-03-03"));
    for code in ["EP002", "EP003", "EP004", "EP005", "EP202", "EP203"] {
        assert!(md.contains(&format!("| {code} |")), "{code} missing");
        assert!(html.contains(code));
    }
    assert_tables_intact(&md);
}

#[test]
fn out_inside_the_registry_is_refused() {
    let (dir, registry) = copy_fixture("pack-month");
    let out = registry.join("pack");
    let output = run_pack(
        dir.path(),
        &[
            "--registry",
            registry.to_str().expect("utf-8"),
            "pack",
            "--month",
            "2026-11",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("inside the registry"));
    assert!(!out.exists());
}

#[test]
fn a_bad_month_is_a_usage_error() {
    let output = common::envplan()
        .args(["--registry"])
        .arg(common::fixture("pack-month"))
        .args(["pack", "--month", "2026-13"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("YYYY-MM"));
}

#[test]
fn the_default_directory_is_named_after_the_month() {
    let (dir, registry) = copy_fixture("pack-month");
    let output = common::envplan()
        .env(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().unwrap_or(dir.path()),
        )
        .current_dir(dir.path())
        .arg("--registry")
        .arg(&registry)
        .args(["pack", "--month", "2026-11"])
        .output()
        .expect("run");
    assert!(output.status.success());
    assert!(dir.path().join("ewg-pack-2026-11/pack.md").is_file());
    // Run from inside the registry, the default is inside it, and refused.
    let inside = common::envplan()
        .current_dir(&registry)
        .args(["--registry", ".", "pack", "--month", "2026-11"])
        .output()
        .expect("run");
    assert_eq!(inside.status.code(), Some(2));
    assert!(!registry.join("ewg-pack-2026-11").exists());
}

/// Write the November 2026 pack of `fixture` (or another month) into a
/// fresh directory; returns the directory (kept alive) and the output folder.
fn pack_dir(fixture: &str, month: &str, as_of: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, registry) = copy_fixture(fixture);
    let out = dir.path().join("out");
    let output = run_pack(
        dir.path(),
        &[
            "--registry",
            registry.to_str().expect("utf-8"),
            "--as-of",
            as_of,
            "pack",
            "--month",
            month,
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (dir, out)
}

/// Each timeline `<svg>` of the page as written, parsed as XML.
fn timeline_svgs(html: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = html;
    while let Some(start) =
        rest.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\"")
    {
        let len = rest[start..].find("</svg>").expect("closed") + "</svg>".len();
        parts.push(rest[start..start + len].to_owned());
        rest = &rest[start + len..];
    }
    parts
}

/// `envplan plan` on a fixture, as of a day, with more arguments.
fn plan_output(fixture: &str, as_of: &str, args: &[&str]) -> String {
    let output = common::envplan()
        .arg("--registry")
        .arg(common::fixture(fixture))
        .args(["--as-of", as_of, "plan"])
        .args(args)
        .output()
        .expect("run envplan");
    assert!(output.status.success());
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn the_timeline_is_an_svg_gantt_chart_that_parses_as_xml() {
    let (_dir, out) = pack_dir("pack-month", "2026-11", "2026-11-03");
    let (_, html) = written(&out);

    // The page parses as HTML without repairs, with one chart and no script.
    let doc = scraper::Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
    let select = |css: &str| {
        let selector = scraper::Selector::parse(css).expect("selector");
        doc.select(&selector).count()
    };
    assert_eq!(select("#timeline figure svg.timeline"), 1);
    assert_eq!(select("script"), 0);
    assert!(!html.contains("not yet generated"));

    let svgs = timeline_svgs(&html);
    assert_eq!(svgs.len(), 1);
    let xml = roxmltree::Document::parse(&svgs[0]).expect("the SVG is well-formed XML");
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.attribute("viewBox")
            .map(|v| v.starts_with("0 0 1000 ")),
        Some(true)
    );
    assert!(xml.descendants().all(|n| !n.has_tag_name("script")
        && !n.has_tag_name("foreignObject")
        && n.attributes().all(|a| !a.name().starts_with("on"))));

    let groups = |class: &str| -> Vec<String> {
        xml.descendants()
            .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some(class))
            .map(|n| n.attribute("data-id").expect("data-id").to_owned())
            .collect()
    };
    // One bar per interval that shares time with November to January, the
    // same intervals `envplan plan` lists for that window.
    let mut bars: Vec<String> = [
        "interval",
        "interval planned",
        "interval clashing",
        "interval cancelled",
    ]
    .iter()
    .flat_map(|c| groups(c))
    .collect();
    bars.sort();
    let json: serde_json::Value = serde_json::from_str(&plan_output(
        "pack-month",
        "2026-11-03",
        &["--from", "2026-11-01", "--format", "json"],
    ))
    .expect("plan JSON");
    let mut planned: Vec<String> = json["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["kind"] == "interval")
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect();
    planned.sort();
    assert_eq!(bars, planned);
    assert_eq!(
        bars,
        [
            "CIT-4",
            "FUNC-3",
            "FUNC-4",
            "HELIX-SIT",
            "MIG-2",
            "NFT-2",
            "PP-0"
        ]
    );
    for id in &bars {
        let g = xml
            .descendants()
            .find(|n| n.attribute("data-id") == Some(id.as_str()))
            .expect("group");
        let count = g
            .children()
            .filter(|n| n.attribute("class") == Some("bar"))
            .count();
        assert_eq!(count, 1, "{id}");
    }
    // The clash of MIG-2 and NFT-2 (EP202) is drawn on both, and only there.
    let mut clashing = groups("interval clashing");
    clashing.sort();
    assert_eq!(clashing, ["MIG-2", "NFT-2"]);
    let overlaps = xml
        .descendants()
        .filter(|n| n.attribute("class") == Some("clash-overlap"))
        .count();
    assert_eq!(overlaps, 2);
    assert_eq!(groups("interval cancelled"), ["PP-0"]);
    // Outages on their environment's row, planned and unplanned apart.
    assert_eq!(groups("outage planned"), ["OUT-108"]);
    // Still open: drawn as "ongoing since", not across the whole chart.
    assert_eq!(groups("outage unplanned ongoing"), ["OUT-105"]);
    // The as-of line, at the start of 3 November.
    let as_of = xml
        .descendants()
        .find(|n| n.attribute("class") == Some("as-of"))
        .expect("as-of line");
    assert!(as_of.descendants().any(|n| n.has_tag_name("line")));
    let text: String = as_of.descendants().filter_map(|n| n.text()).collect();
    assert!(text.contains("as of 3 Nov 2026"), "{text}");
    // A legend says what the styles mean.
    let legend: String = xml
        .descendants()
        .find(|n| n.attribute("class") == Some("legend"))
        .expect("legend")
        .descendants()
        .filter_map(|n| n.text())
        .collect();
    for words in [
        "Clash overlap",
        "Cancelled",
        "Planned outage",
        "Unplanned outage",
    ] {
        assert!(legend.contains(words), "{words} in {legend}");
    }
}

#[test]
fn hostile_names_are_escaped_inside_the_svg() {
    let (_dir, out) = pack_dir("plan-hostile", "2026-03", "2026-03-02");
    let (_, html) = written(&out);
    let doc = scraper::Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
    let svgs = timeline_svgs(&html);
    assert_eq!(svgs.len(), 1);
    let xml = roxmltree::Document::parse(&svgs[0]).expect("well-formed XML");
    // No markup from the registry became an element.
    for n in xml.descendants().filter(|n| n.is_element()) {
        assert!(
            !["b", "script", "a", "foreignObject"].contains(&n.tag_name().name()),
            "<{}> in the SVG",
            n.tag_name().name()
        );
    }
    // It is all there as text.
    let text: String = xml.descendants().filter_map(|n| n.text()).collect();
    assert!(text.contains("section: SIT; #A %% \"quoted\""), "{text}");
    assert!(text.contains("\"now\" <b>bold</b>"), "{text}");
    assert!(text.contains("Two lines: second line"), "{text}");
    assert!(svgs[0].contains("&lt;b&gt;bold&lt;/b&gt;"));
}

#[test]
fn plan_ics_is_the_plan_of_the_timeline_window() {
    let (_dir, out) = pack_dir("pack-month", "2026-11", "2026-11-03");
    let ics = std::fs::read_to_string(out.join("plan.ics")).expect("plan.ics");
    // What `envplan plan` exports for three months from the meeting month,
    // with the pack's stamp as one extension property (folded).
    let expected = plan_output(
        "pack-month",
        "2026-11-03",
        &["--from", "2026-11-01", "--format", "ics"],
    );
    let mut stamp_lines = 0;
    let mut in_stamp = false;
    let without_stamp: String = ics
        .split_inclusive("\r\n")
        .filter(|line| {
            in_stamp = line.starts_with("X-ENVPLAN-PACK:envplan-pack/1 ")
                || (in_stamp && line.starts_with(' '));
            stamp_lines += usize::from(line.starts_with("X-ENVPLAN-PACK:"));
            !in_stamp
        })
        .collect();
    assert_eq!(stamp_lines, 1);
    assert_eq!(without_stamp, expected);

    let calendar: icalendar::Calendar = ics.parse().expect("RFC 5545 calendar");
    let mut uids: Vec<String> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => e.get_uid().map(str::to_owned),
            _ => None,
        })
        .collect();
    uids.sort();
    let expected: Vec<String> = [
        "interval-CIT-4",
        "interval-FUNC-3",
        "interval-FUNC-4",
        "interval-HELIX-SIT",
        "interval-MIG-2",
        "interval-NFT-2",
        "interval-PP-0",
        "outage-OUT-105",
        "outage-OUT-108",
    ]
    .iter()
    .map(|id| format!("{id}@NORTHWIND.envplan"))
    .collect();
    // FUNC-5 (February) and October's outages are outside the window.
    assert_eq!(uids, expected);
}

#[test]
fn the_mermaid_block_is_what_plan_prints() {
    let (_dir, out) = pack_dir("pack-month", "2026-11", "2026-11-03");
    let (md, _) = written(&out);
    let start = md.find("```mermaid\n").expect("a mermaid block") + "```mermaid\n".len();
    let len = md[start..].find("```\n").expect("closed");
    let block = &md[start..start + len];
    let printed = plan_output(
        "pack-month",
        "2026-11-03",
        &["--from", "2026-11-01", "--format", "mermaid"],
    );
    assert_eq!(block, printed);
    assert!(block.starts_with("gantt\n"));
    assert!(!md.contains("not yet generated"));
    // One block only, with the Azure DevOps hint under it.
    assert_eq!(md.matches("```mermaid").count(), 1);
    assert!(!md.contains("\n::: mermaid"));
    assert!(md.contains("`::: mermaid`"));
}

#[test]
fn a_programme_that_turns_ep303_off_gets_no_at_risk_list() {
    let (dir, registry) = copy_fixture("pack-month");
    let programme = registry.join("programme.yaml");
    let mut text = std::fs::read_to_string(&programme).expect("programme");
    text.push_str("rules:\n  EP303: off\n");
    std::fs::write(&programme, text).expect("write");

    let p = pack_of(&registry, day(2026, 11, 3));
    assert!(p.at_risk.is_none());
    assert_eq!(p.headline.intervals_at_risk, None);

    let out = dir.path().join("out");
    let output = pack_november(dir.path(), &registry, &out);
    assert!(output.status.success());
    let (md, html) = written(&out);
    assert!(md.contains("| Intervals at risk (certificates) | not checked (EP303 is switched off in the Programme's rules) |"), "{md}");
    assert!(md.contains("_EP303 is switched off in the Programme's rules: not listed._"));
    assert!(!md.contains("| Uncovered |"));
    assert!(!md.contains("| EP303 |"));
    assert!(html.contains("EP303 is switched off in the Programme&#39;s rules: not listed."));
}

/// The weekly edition of week 2026-W45 (Monday 2 to Sunday 8 November), as of
/// its Monday: it reports week 2026-W44 (26 October to 1 November) and looks
/// two weeks ahead.
#[test]
fn the_weekly_edition_reports_the_week_before_and_looks_two_weeks_ahead() {
    let (dir, registry) = copy_fixture("pack-month");
    let output = common::envplan()
        .env(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().unwrap_or(dir.path()),
        )
        .current_dir(dir.path())
        .arg("--registry")
        .arg(&registry)
        .args(["pack", "--week", "2026-W45"])
        .output()
        .expect("run");
    assert!(output.status.success(), "{output:?}");
    let md = std::fs::read_to_string(dir.path().join("ewg-pack-2026-W45/pack.md")).expect("md");
    assert!(md.starts_with(
        "# Weekly testing and readiness report: week 2026-W45 (2 November 2026 to 8 November 2026)\n"
    ));
    assert!(md.contains("- **Issued:** Monday 2 November 2026 (the Monday of the week)\n"));
    assert!(md.contains("- **As of:** 2026-11-02;"));
    // Checked by hand: OUT-101 (unplanned, ends Monday 26 October 10:00), OUT-102
    // (planned, 26 October 09:30-11:00) and OUT-105 (unplanned, ongoing since
    // Friday 30 October 20:00) fall in W44; OUT-104 (24-25 October) does not.
    assert!(md.contains("| Outages in week 2026-W44 | 3 (1 planned, 2 unplanned) |"));
    // HELIX is 24x7: 30 October 20:00 to 2 November 00:00 is 52 h unplanned.
    // SIT-A serves 09:00-17:00: on 26 October 09:00-09:30 is lost to OUT-101
    // alone (0.5 h unplanned), 09:30-11:00 to OUT-102 (1.5 h, planned wins).
    assert!(md.contains(
        "| Service hours lost in week 2026-W44 | 54 h (1.5 h planned, 52.5 h unplanned) |"
    ));
    assert!(md.contains("| Intervals starting in the next 14 days |"));
    assert!(md.contains("## Readiness: intervals starting in the next 14 days"));
    assert!(
        !md.contains("OUT-104 |"),
        "an outage of the week before W44 is not reported"
    );
    // The timeline is the week and the two after it.
    assert!(md.contains("## Timeline, 2026-11-02 to 2026-11-22"));
    let html =
        std::fs::read_to_string(dir.path().join("ewg-pack-2026-W45/pack.html")).expect("html");
    assert!(html.contains("<title>Weekly testing and readiness report: week 2026-W45"));
}

#[test]
fn a_week_that_does_not_exist_is_a_usage_error() {
    for week in ["2025-W53", "2026-W00", "2026-49", "W49"] {
        let output = common::envplan()
            .args(["--registry"])
            .arg(common::fixture("pack-month"))
            .args(["pack", "--week", week])
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2), "{week}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("YYYY-Www"));
    }
}
