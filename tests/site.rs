//! `envplan site` through the real binary: every page parsed by an HTML
//! parser (structure, links, anchors, no scripts, nothing external), every
//! feed by an independent iCalendar parser, every data file validated
//! against its JSON Schema; hostile registry text stays text; the same
//! registry gives the same bytes; calendar sequences follow git history.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use icalendar::{CalendarComponent, Component};
use scraper::{Html, Selector};

const AS_OF: &str = "2026-03-02";

fn build(registry: &Path, out: &Path) {
    let output = common::envplan()
        .arg("--registry")
        .arg(registry)
        .args(["--as-of", AS_OF, "site", "--out"])
        .arg(out)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "site failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every file below `dir`, by `/`-separated path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).expect("dir") {
            let e = e.expect("entry");
            let path = e.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

/// Resolve a relative `href` from page `from` (both site paths).
fn resolve(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Check every HTML page of a built site; returns how many there were.
fn check_pages(site: &BTreeMap<String, Vec<u8>>) -> usize {
    let mut ids: HashMap<&str, BTreeSet<String>> = HashMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    let mut pages = 0;
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        pages += 1;
        let text = std::str::from_utf8(bytes).expect("utf-8");
        assert!(bytes.len() < 1_000_000, "{path} is {} bytes", bytes.len());
        let doc = Html::parse_document(text);
        assert!(
            doc.errors.is_empty() || doc.errors.iter().all(|e| !e.contains("Unexpected token")),
            "{path}: {:?}",
            doc.errors
        );
        let csp = doc
            .select(&sel("meta[http-equiv=\"Content-Security-Policy\"]"))
            .next()
            .and_then(|m| m.value().attr("content"))
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        assert!(
            csp.starts_with("default-src 'none'; style-src 'sha256-"),
            "{path}: {csp}"
        );
        assert_eq!(doc.select(&sel("html[lang=en]")).count(), 1, "{path}: lang");
        assert_eq!(
            doc.select(&sel("meta[name=viewport]")).count(),
            1,
            "{path}: viewport"
        );
        for bad in [
            "script", "iframe", "object", "embed", "img", "link", "form", "base",
        ] {
            assert_eq!(doc.select(&sel(bad)).count(), 0, "{path}: has <{bad}>");
        }
        // Only the page's own style sheet, no style attributes.
        assert_eq!(
            doc.select(&sel("style")).count(),
            1,
            "{path}: style elements"
        );
        assert_eq!(
            doc.select(&sel("[style]")).count(),
            0,
            "{path}: style attributes"
        );
        for el in doc.select(&sel("*")) {
            for (name, _) in el.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{path}: event handler attribute {name}"
                );
            }
            for attr in ["src", "srcset", "action", "xlink:href"] {
                assert!(el.value().attr(attr).is_none(), "{path}: {attr}");
            }
        }
        // Headings: one h1, first, and no level skipped.
        let headings: Vec<u32> = doc
            .select(&sel("h1, h2, h3, h4, h5, h6"))
            .map(|h| h.value().name()[1..].parse().expect("level"))
            .collect();
        assert_eq!(headings.first(), Some(&1), "{path}: starts with h1");
        assert_eq!(
            headings.iter().filter(|&&l| l == 1).count(),
            1,
            "{path}: one h1"
        );
        for w in headings.windows(2) {
            assert!(
                w[1] <= w[0] + 1,
                "{path}: heading h{} after h{}",
                w[1],
                w[0]
            );
        }
        // Tables have column headers.
        for table in doc.select(&sel("table")) {
            assert!(
                table.select(&sel("thead th[scope=col]")).count() > 0,
                "{path}: table without headers"
            );
        }
        let mut mine = BTreeSet::new();
        for el in doc.select(&sel("[id]")) {
            let id = el.value().attr("id").expect("id").to_owned();
            assert!(mine.insert(id.clone()), "{path}: id {id} twice");
        }
        ids.insert(path.as_str(), mine);
        for a in doc.select(&sel("a")) {
            let href = a
                .value()
                .attr("href")
                .unwrap_or_else(|| panic!("{path}: <a> without href"));
            assert!(!href.contains(':'), "{path}: link leaves the site: {href}");
            links.push((path.clone(), href.to_owned()));
        }
    }
    for (from, href) in &links {
        let (file, anchor) = match href.split_once('#') {
            Some((f, a)) => (f, Some(a)),
            None => (href.as_str(), None),
        };
        let target = if file.is_empty() {
            from.clone()
        } else {
            resolve(from, file)
        };
        assert!(
            site.contains_key(&target),
            "{from}: link to missing {target} ({href})"
        );
        if let Some(anchor) = anchor {
            let there = ids
                .get(target.as_str())
                .unwrap_or_else(|| panic!("{from}: anchor into a non-page {target}"));
            assert!(there.contains(anchor), "{from}: no #{anchor} in {target}");
        }
    }
    pages
}

fn northwind() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("site");
    build(&common::repo_root().join("examples/northwind"), &out);
    (dir, out)
}

#[test]
fn every_page_of_the_example_is_well_formed_and_every_link_resolves() {
    let (_dir, out) = northwind();
    let site = files(&out);
    let pages = check_pages(&site);
    // Dashboard, 8 list pages, 5 environments, 11 participants, the
    // example's intervals, a page per code.
    let codes = envplan::diag::Code::ALL.len();
    let intervals = site.keys().filter(|p| p.starts_with("interval/")).count();
    assert!(intervals >= 10, "{intervals}");
    assert_eq!(site.keys().filter(|p| p.starts_with("env/")).count(), 5);
    assert_eq!(
        site.keys()
            .filter(|p| p.starts_with("participant/"))
            .count(),
        11
    );
    assert_eq!(pages, 1 + 8 + 5 + 11 + intervals + codes);
    for must in [
        "index.html",
        "feeds/programme.ics",
        "api/registry.json",
        "api/findings.json",
        "api/index.json",
        "schemas/registry.schema.json",
    ] {
        assert!(site.contains_key(must), "{must}");
    }
}

#[test]
fn pages_say_what_a_participant_needs_to_know() {
    let (_dir, out) = northwind();
    let text = fs::read_to_string(out.join("participant/FENWICK.html")).expect("page");
    let doc = Html::parse_document(&text);
    let h2: Vec<String> = doc.select(&sel("h2")).map(|h| h.text().collect()).collect();
    assert_eq!(
        h2,
        [
            "Bookings",
            "Certificates",
            "Connectivity",
            "Milestones",
            "Outages on its bookings",
            "Contacts",
            "Findings"
        ]
    );
    // The renewal it must request, with purpose, environment, MPID and role.
    assert!(
        text.contains("a new tls certificate for environment SIT-A, MPID FNWK, role SUP-ND, valid from 2026-04-11 to the end of FUNC-2"),
        "renewal missing"
    );
    // Its certificate has an anchor that other pages link to.
    assert!(text.contains("id=\"cert-FNWK-SITA-TLS-1\""));
    let dash = fs::read_to_string(out.join("index.html")).expect("dashboard");
    assert!(dash.contains("href=\"participant/FENWICK.html#cert-FNWK-SITA-TLS-1\""));
    // The environment page has the timeline drawing and availability.
    let env = fs::read_to_string(out.join("env/SIT-A.html")).expect("env");
    assert!(env.contains("<svg"));
    assert!(env.contains("Availability over the last six months"));
    assert!(env.contains("99.04%"), "February's availability");
    // A code page lists its findings with links to the records.
    let code = fs::read_to_string(out.join("code/EP303.html")).expect("code");
    assert!(code.contains("href=\"../interval/FUNC-2.html\""));
    // Each code page says what `envplan explain` says: the catalogue's
    // explanation, its example and its fix, before the findings.
    for c in envplan::diag::Code::ALL {
        let path = format!("code/{}.html", c.as_str());
        let text = fs::read_to_string(out.join(&path)).expect("code page");
        let doc = Html::parse_document(&text);
        let main: String = doc
            .select(&sel("main"))
            .flat_map(|m| m.text())
            .collect::<String>();
        let e = c.explanation();
        // The catalogue's text, backticks set as code, HTML entities decoded.
        let plain = |t: &str| t.replace('`', "");
        for part in [plain(e.text), plain(e.fix)] {
            assert!(main.contains(&part), "{path}: {part}");
        }
        if let Some(example) = e.example {
            let pre: String = doc.select(&sel("pre")).flat_map(|p| p.text()).collect();
            assert_eq!(pre, example.trim_end(), "{path}");
        }
        let h2: Vec<String> = doc.select(&sel("h2")).map(|h| h.text().collect()).collect();
        assert_eq!(h2, ["What it means", "Current findings"], "{path}");
    }
}

#[test]
fn hostile_names_stay_text_on_every_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("site");
    build(&common::fixture("site-hostile"), &out);
    let site = files(&out);
    check_pages(&site);
    let mut seen = 0;
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = std::str::from_utf8(bytes).expect("utf-8");
        for raw in [
            "<script",
            "<img",
            "<iframe",
            "<b>",
            "<u>",
            "</style><style>",
            "<a href=\"https",
        ] {
            assert!(!text.contains(raw), "{path}: raw {raw}");
        }
        let doc = Html::parse_document(text);
        let all: String = doc.root_element().text().collect();
        if all.contains("<script>alert(1)</script>") {
            seen += 1;
        }
    }
    assert!(
        seen >= 3,
        "the hostile name shows literally on the pages that name it ({seen})"
    );
    // Ids that differ only in case get pages of their own.
    assert!(site.contains_key("participant/EVIL.html"));
    assert!(site.contains_key("participant/evil~2.html"));
    assert!(site.contains_key("interval/I.1.html"));
}

fn calendar(bytes: &[u8]) -> Vec<icalendar::Event> {
    let text = std::str::from_utf8(bytes).expect("utf-8");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "unfolded line: {line}");
    }
    let cal: icalendar::Calendar = text.parse().expect("RFC 5545 calendar");
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e.clone()),
            _ => None,
        })
        .collect()
}

fn uids(events: &[icalendar::Event]) -> BTreeSet<String> {
    let set: BTreeSet<String> = events
        .iter()
        .map(|e| e.get_uid().expect("UID").to_owned())
        .collect();
    assert_eq!(set.len(), events.len(), "UIDs unique");
    set
}

#[test]
fn feeds_parse_and_hold_the_right_events() {
    let (_dir, out) = northwind();
    let site = files(&out);
    let registry: serde_json::Value =
        serde_json::from_slice(&site["api/registry.json"]).expect("json");
    let count = |k: &str| registry[k].as_array().expect(k).len();
    let in_use = registry["certificates"]
        .as_array()
        .expect("certificates")
        .iter()
        .filter(|c| c["state"] == "in use")
        .count();
    let programme = calendar(&site["feeds/programme.ics"]);
    assert_eq!(
        programme.len(),
        count("intervals") + count("outages") + in_use
    );
    let all = uids(&programme);
    for e in &programme {
        // Subscribed feeds: reproducible stamps, with a sequence.
        assert_eq!(
            e.property_value("DTSTAMP"),
            e.property_value("LAST-MODIFIED")
        );
        assert!(e.property_value("SEQUENCE").is_some());
    }
    // FENWICK's own calendar: its bookings and its certificates, all of them
    // also in the programme's; and its own milestone due days (a due day is
    // the participant's own, so these are in its feed only).
    let fenwick = calendar(&site["feeds/participant-FENWICK.ics"]);
    let mine = uids(&fenwick);
    let shared: std::collections::BTreeSet<String> = mine
        .iter()
        .filter(|u| !u.starts_with("milestone-"))
        .cloned()
        .collect();
    assert!(
        shared.is_subset(&all),
        "{:?}",
        shared.difference(&all).collect::<Vec<_>>()
    );
    assert!(mine.contains("interval-FUNC-2@NORTHWIND.envplan"));
    assert!(mine.contains("certificate-expiry-FNWK-SITA-TLS-1@NORTHWIND.envplan"));
    assert!(
        !mine.contains("interval-REH-1@NORTHWIND.envplan"),
        "not FENWICK's"
    );
    // The outage on an environment it is booked on.
    assert!(mine.contains("outage-OUT-2026-007@NORTHWIND.envplan"));
    let sita = uids(&calendar(&site["feeds/env-SIT-A.ics"]));
    assert!(sita.contains("interval-FUNC-2@NORTHWIND.envplan"));
    assert!(!sita.contains("interval-MIG-2@NORTHWIND.envplan"));
    // Every feed parses.
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".ics")) {
        assert!(
            !calendar(bytes).is_empty() || path.contains("participant-"),
            "{path}"
        );
    }
}

#[test]
fn data_files_match_their_schemas_and_the_committed_copies() {
    let (_dir, out) = northwind();
    let site = files(&out);
    for (name, text) in envplan::site::api::schemas() {
        let committed = fs::read_to_string(common::repo_root().join("schemas/site").join(name))
            .unwrap_or_default();
        assert!(
            committed == text,
            "schemas/site/{name} differs from the code; run `cargo run -- --registry examples/northwind site --out /tmp/s && cp /tmp/s/schemas/*.json schemas/site/`"
        );
        assert_eq!(site[&format!("schemas/{name}")], text.as_bytes());
    }
    let validator = |name: &str| {
        let schema: serde_json::Value =
            serde_json::from_slice(&site[&format!("schemas/{name}")]).expect("schema");
        jsonschema::meta::validate(&schema).expect("a valid schema");
        jsonschema::validator_for(&schema).expect("compiles")
    };
    let check = |schema: &str, path: &str| {
        let v = validator(schema);
        let doc: serde_json::Value = serde_json::from_slice(&site[path]).expect("json");
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
    };
    check("registry.schema.json", "api/registry.json");
    check("findings.schema.json", "api/findings.json");
    check("index.schema.json", "api/index.json");
    let mut participants = 0;
    for path in site.keys().filter(|p| p.starts_with("api/participants/")) {
        check("participant.schema.json", path);
        participants += 1;
    }
    assert_eq!(participants, 11);
    // A document of the wrong shape is refused: the schemas are not empty promises.
    let v = validator("participant.schema.json");
    assert!(!v.is_valid(&serde_json::json!({"version": "one"})));
    // The findings are the check's.
    let findings: serde_json::Value =
        serde_json::from_slice(&site["api/findings.json"]).expect("json");
    let (_, check_doc) = common::check_dir(&common::repo_root().join("examples/northwind"), AS_OF);
    assert_eq!(
        findings["diagnostics"].as_array().expect("list").len(),
        check_doc.diagnostics.len()
    );
}

#[test]
fn same_registry_same_bytes() {
    let (_a, one) = northwind();
    let (_b, two) = northwind();
    assert_eq!(files(&one), files(&two));
}

#[test]
fn the_site_is_never_written_into_the_registry_nor_over_other_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let registry = dir.path().join("registry");
    fs::create_dir_all(&registry).expect("dir");
    for e in fs::read_dir(common::fixture("valid-small")).expect("fixture") {
        let e = e.expect("entry");
        fs::copy(e.path(), registry.join(e.file_name())).expect("copy");
    }
    let out = common::envplan()
        .arg("--registry")
        .arg(&registry)
        .args(["--as-of", AS_OF, "site", "--out"])
        .arg(registry.join("site"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("never writes there"));
    let other = dir.path().join("thesis");
    fs::create_dir_all(&other).expect("dir");
    fs::write(other.join("chapter1.tex"), "precious").expect("write");
    let out = common::envplan()
        .arg("--registry")
        .arg(&registry)
        .args(["--as-of", AS_OF, "site", "--out"])
        .arg(&other)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        fs::read_to_string(other.join("chapter1.tex")).expect("kept"),
        "precious"
    );
}

fn git(dir: &Path, args: &[&str], date: &str) {
    common::git(dir, date, args);
}

/// The event with `uid` in a feed: (SEQUENCE, LAST-MODIFIED, STATUS).
fn event(path: &Path, uid: &str) -> (String, String, String) {
    let events = calendar(&fs::read(path).expect("feed"));
    let e = events
        .iter()
        .find(|e| e.get_uid() == Some(uid))
        .unwrap_or_else(|| panic!("no {uid}"));
    let p = |n: &str| e.property_value(n).unwrap_or("").to_owned();
    (p("SEQUENCE"), p("LAST-MODIFIED"), p("STATUS"))
}

#[test]
fn sequence_goes_up_when_a_commit_moves_an_interval() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    let registry = repo.join("registry");
    fs::create_dir_all(&registry).expect("dir");
    let src = common::repo_root().join("examples/northwind");
    let copy = |from: &Path, to: &Path| {
        fn go(from: &Path, to: &Path) {
            fs::create_dir_all(to).expect("dir");
            for e in fs::read_dir(from).expect("dir") {
                let e = e.expect("entry");
                if e.path().is_dir() {
                    go(&e.path(), &to.join(e.file_name()));
                } else {
                    fs::copy(e.path(), to.join(e.file_name())).expect("copy");
                }
            }
        }
        go(from, to)
    };
    copy(&src, &registry);
    git(&repo, &["init", "-q"], "2026-01-01T00:00:00Z");
    git(&repo, &["add", "."], "2026-01-01T00:00:00Z");
    git(
        &repo,
        &["commit", "-qm", "registry"],
        "2026-01-01T00:00:00Z",
    );
    let out = dir.path().join("site");
    build(&registry, &out);
    let feed = out.join("feeds/programme.ics");
    let uid = "interval-FUNC-2@NORTHWIND.envplan";
    assert_eq!(
        event(&feed, uid),
        ("0".into(), "20260101T000000Z".into(), "CONFIRMED".into())
    );

    // Move FUNC-2 a week later and commit.
    let file = registry.join("intervals/sit-a.yaml");
    let text = fs::read_to_string(&file).expect("read");
    let moved = text.replacen(
        "start: 2026-03-09\nend: 2026-04-17",
        "start: 2026-03-16\nend: 2026-04-24",
        1,
    );
    assert_ne!(moved, text, "the fixture's FUNC-2 dates");
    fs::write(&file, &moved).expect("write");
    git(
        &repo,
        &["commit", "-qam", "move FUNC-2"],
        "2026-01-05T09:30:00Z",
    );
    // An unrelated commit outside the registry changes nothing.
    fs::write(repo.join("README"), "notes").expect("write");
    git(&repo, &["add", "README"], "2026-01-06T00:00:00Z");
    git(&repo, &["commit", "-qm", "notes"], "2026-01-06T00:00:00Z");
    build(&registry, &out);
    assert_eq!(
        event(&feed, uid),
        ("1".into(), "20260105T093000Z".into(), "CONFIRMED".into())
    );
    // Other intervals did not change.
    assert_eq!(event(&feed, "interval-FUNC-1@NORTHWIND.envplan").0, "0");

    // Cancel it: sequence 2, STATUS:CANCELLED, still in the feed.
    let at = moved.find("id: FUNC-2").expect("FUNC-2");
    let cancelled = format!(
        "{}{}",
        &moved[..at],
        moved[at..].replacen("status: confirmed", "status: cancelled", 1)
    );
    fs::write(&file, &cancelled).expect("write");
    git(
        &repo,
        &["commit", "-qam", "cancel FUNC-2"],
        "2026-01-07T00:00:00Z",
    );
    build(&registry, &out);
    let (seq, modified, status) = event(&feed, uid);
    assert_eq!(
        (seq.as_str(), modified.as_str(), status.as_str()),
        ("2", "20260107T000000Z", "CANCELLED")
    );
    assert_eq!(
        event(&out.join("feeds/participant-FENWICK.ics"), uid).2,
        "CANCELLED"
    );
}

#[test]
fn milestones_readiness_and_components_of_format_v2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("site");
    build(&common::fixture("site-v2"), &out);
    let site = files(&out);
    check_pages(&site);
    let page = |p: &str| String::from_utf8(site[p].clone()).expect("utf-8");
    let alfa = page("participant/ALFA.html");
    assert!(
        alfa.contains("<td class=\"good\">met on 2026-02-10</td>"),
        "recorded as met"
    );
    // Due the day before its first functional interval (9 March): within 14 days of 2 March.
    assert!(alfa.contains("<td class=\"nowrap\">2026-03-08</td>"));
    assert!(alfa.contains("<td class=\"warn\">due soon</td>"));
    let bravo = page("participant/BRAVO.html");
    assert!(
        bravo.contains("<td class=\"bad\">overdue</td>"),
        "not recorded, due 20 February"
    );
    let dash = page("index.html");
    assert!(dash.contains("href=\"milestones.html#milestone-M-RECORDED\""));
    assert!(dash.contains("required since 2026-02-01, not ready"));
    let sit = page("env/SIT.html");
    assert!(sit.contains("<dt>Made of</dt><dd><a href=\"../env/HUB.html\">"));
    // The participant's calendar has its milestone due days.
    let events = calendar(&site["feeds/participant-BRAVO.ics"]);
    let mine = uids(&events);
    assert!(
        mine.contains("milestone-M-RECORDED-BRAVO@V2.envplan"),
        "{mine:?}"
    );
    assert!(mine.contains("milestone-M-SOON-BRAVO@V2.envplan"));
    let doc: serde_json::Value =
        serde_json::from_slice(&site["api/participants/BRAVO.json"]).expect("json");
    assert_eq!(doc["milestones"][0]["state"], "overdue");
    let registry: serde_json::Value =
        serde_json::from_slice(&site["api/registry.json"]).expect("json");
    let sit = &registry["environments"][1];
    assert_eq!(
        (sit["id"].as_str(), sit["readiness"].as_str()),
        (Some("SIT"), Some("building"))
    );
    assert_eq!(sit["components"], serde_json::json!(["HUB"]));
}
