//! The built site of `examples/northwind` in a real browser: headless
//! Chromium, driven over the Chrome DevTools Protocol on
//! `--remote-debugging-pipe` (JSON messages ended by NUL on file
//! descriptors 3 and 4), so no driver program and no crate is needed.
//!
//! Every page is loaded from `file://`; the test fails on a console error,
//! an uncaught exception or a browser log error (a Content-Security-Policy
//! violation is one), on any request that is not for a file of the site,
//! and on a link whose page or `#anchor` does not exist in the DOM the
//! browser built. Screenshots of the dashboard, one environment and one
//! participant at desktop and phone widths go to `target/site-screenshots/`.
//!
//! Chromium comes from the distribution (`apt-get install chromium`; `.ci/run`
//! installs it). Without it the test fails when `CI=true` and is skipped
//! with a notice otherwise. `CHROMIUM=/path/to/chrome` picks another binary.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
];

fn find_chromium() -> Option<String> {
    if let Ok(c) = std::env::var("CHROMIUM") {
        return Some(c);
    }
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .find(|name| {
        Command::new(name)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
    .map(|s| (*s).to_owned())
}

struct Browser {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    next: u64,
    /// Events received while waiting for something else.
    events: Vec<Value>,
    session: Option<String>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    fn launch(binary: &str, profile: &Path) -> Browser {
        // The shell hands our pipes to Chromium as descriptors 3 (its
        // commands) and 4 (its replies), then closes its own stdio.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg("exec \"$0\" \"$@\" 3<&0 4>&1 </dev/null >/dev/null 2>/dev/null")
            .arg(binary)
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        let input = child.stdin.take().expect("stdin");
        let mut output = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 65536];
            loop {
                let n = match output.read(&mut chunk) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                buf.extend_from_slice(&chunk[..n]);
                while let Some(end) = buf.iter().position(|&b| b == 0) {
                    let msg: Vec<u8> = buf.drain(..=end).collect();
                    if let Ok(v) = serde_json::from_slice::<Value>(&msg[..msg.len() - 1]) {
                        if tx.send(v).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Browser {
            child,
            input,
            messages: rx,
            next: 0,
            events: Vec::new(),
            session: None,
        }
    }

    fn recv(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        self.messages
            .recv_timeout(left)
            .unwrap_or_else(|e| panic!("no answer from chromium in time ({e})"))
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = &self.session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).expect("json");
        bytes.push(0);
        self.input.write_all(&bytes).expect("send to chromium");
        self.input.flush().expect("flush");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let v = self.recv(deadline);
            if v["id"] == json!(id) {
                assert!(v.get("error").is_none(), "{method}: {}", v["error"]);
                return v["result"].clone();
            }
            self.events.push(v);
        }
    }

    fn wait_for(&mut self, event: &str) {
        if let Some(i) = self.events.iter().position(|e| e["method"] == event) {
            self.events.remove(i);
            return;
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let v = self.recv(deadline);
            if v["method"] == event {
                return;
            }
            self.events.push(v);
        }
    }

    /// Load `url` and wait for its load event.
    fn open(&mut self, url: &str) {
        self.events.clear();
        let r = self.call("Page.navigate", json!({"url": url}));
        assert!(r.get("errorText").is_none(), "{url}: {}", r["errorText"]);
        self.wait_for("Page.loadEventFired");
    }

    fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        );
        r["result"]["value"].clone()
    }
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.display())
}

#[test]
fn the_example_site_works_in_a_real_browser() {
    let Some(chromium) = find_chromium() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true but Chromium is not installed (apt-get install -y chromium)");
        }
        eprintln!("NOTICE: the browser test was skipped: Chromium is not installed (apt-get install -y chromium, or set CHROMIUM)");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let site = dir.path().join("site");
    let out = common::envplan()
        .arg("--registry")
        .arg(common::repo_root().join("examples/northwind"))
        .args(["--as-of", "2026-03-02", "site", "--out"])
        .arg(&site)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = site.canonicalize().expect("site");
    let root_url = format!("{}/", file_url(&site));

    let profile = dir.path().join("profile");
    std::fs::create_dir_all(&profile).expect("profile");
    let mut b = Browser::launch(&chromium, &profile);
    let target = b.call("Target.createTarget", json!({"url": "about:blank"}));
    let attached = b.call(
        "Target.attachToTarget",
        json!({"targetId": target["targetId"], "flatten": true}),
    );
    b.session = Some(attached["sessionId"].as_str().expect("session").to_owned());
    for domain in [
        "Page.enable",
        "Runtime.enable",
        "Log.enable",
        "Network.enable",
    ] {
        b.call(domain, json!({}));
    }

    let mut pages: Vec<PathBuf> = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "html") {
                out.push(p);
            }
        }
    }
    walk(&site, &mut pages);
    pages.sort();
    assert!(pages.len() > 50, "{} pages", pages.len());

    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for page in &pages {
        let url = file_url(page);
        b.open(&url);
        let title = b.eval("document.title");
        assert!(
            title.as_str().is_some_and(|t| !t.is_empty()),
            "{url}: no title"
        );
        let found: Vec<String> = serde_json::from_value(
            b.eval("JSON.stringify(Array.from(document.querySelectorAll('[id]'), e => e.id))")
                .as_str()
                .map(|s| serde_json::from_str(s).expect("ids"))
                .unwrap_or_default(),
        )
        .expect("ids");
        ids.insert(url.clone(), found.into_iter().collect());
        let hrefs: Vec<String> = b
            .eval("JSON.stringify(Array.from(document.querySelectorAll('a[href]'), a => a.href))")
            .as_str()
            .map(|s| serde_json::from_str(s).expect("links"))
            .unwrap_or_default();
        links.extend(hrefs.into_iter().map(|h| (url.clone(), h)));
        // What happened while it loaded.
        b.call("Runtime.evaluate", json!({"expression": "0"}));
        for e in std::mem::take(&mut b.events) {
            let method = e["method"].as_str().unwrap_or("");
            let p = &e["params"];
            match method {
                "Runtime.consoleAPICalled" if p["type"] == "error" || p["type"] == "warning" => {
                    problems.push(format!("{url}: console {}: {}", p["type"], p["args"]))
                }
                "Runtime.exceptionThrown" => {
                    problems.push(format!("{url}: exception {}", p["exceptionDetails"]))
                }
                "Log.entryAdded"
                    if p["entry"]["level"] == "error" || p["entry"]["level"] == "warning" =>
                {
                    problems.push(format!("{url}: log {}", p["entry"]["text"]))
                }
                "Network.requestWillBeSent" => {
                    let req = p["request"]["url"].as_str().unwrap_or("");
                    if !(req.starts_with(&root_url) || req.starts_with("data:")) {
                        problems.push(format!("{url}: request leaves the site: {req}"));
                    }
                }
                "Network.loadingFailed" => {
                    problems.push(format!("{url}: loading failed {}", p["errorText"]))
                }
                _ => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Every link goes to a file of the site, and an anchor exists in the page the browser built.
    let mut checked = 0;
    for (from, href) in &links {
        assert!(
            href.starts_with(&root_url),
            "{from}: link leaves the site: {href}"
        );
        let (file, anchor) = href
            .split_once('#')
            .map_or((href.as_str(), None), |(f, a)| (f, Some(a)));
        let path = PathBuf::from(file.trim_start_matches("file://"));
        assert!(path.is_file(), "{from}: link to a missing file {href}");
        if let Some(anchor) = anchor {
            let there = ids
                .get(file)
                .unwrap_or_else(|| panic!("{from}: anchor into a non-page {href}"));
            assert!(there.contains(anchor), "{from}: no #{anchor} in {file}");
        }
        checked += 1;
    }
    assert!(checked > 500, "{checked} links");

    // Screenshots for people to look at.
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../site-screenshots");
    std::fs::create_dir_all(&shots).expect("screenshots dir");
    for (name, page) in [
        ("dashboard", "index.html"),
        ("environment", "env/SIT-A.html"),
        ("participant", "participant/FENWICK.html"),
    ] {
        for (width_name, width, height, mobile) in
            [("desktop", 1280, 900, false), ("phone", 390, 844, true)]
        {
            b.call(
                "Emulation.setDeviceMetricsOverride",
                json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
            );
            b.open(&format!("{root_url}{page}"));
            let metrics = b.call("Page.getLayoutMetrics", json!({}));
            let full = metrics["cssContentSize"]["height"]
                .as_f64()
                .unwrap_or(f64::from(height));
            let shot = b.call(
                "Page.captureScreenshot",
                json!({"format": "png", "captureBeyondViewport": true,
                       "clip": {"x": 0, "y": 0, "width": width, "height": full.min(5000.0), "scale": 1}}),
            );
            let png = data_encoding::BASE64
                .decode(shot["data"].as_str().expect("png").as_bytes())
                .expect("base64");
            assert!(png.starts_with(b"\x89PNG"), "a PNG");
            std::fs::write(shots.join(format!("{name}-{width_name}.png")), png).expect("write png");
            // The first screen only, small enough for the README (docs/).
            let first = b.call(
                "Page.captureScreenshot",
                json!({"format": "png",
                       "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}}),
            );
            let png = data_encoding::BASE64
                .decode(first["data"].as_str().expect("png").as_bytes())
                .expect("base64");
            std::fs::write(
                shots.join(format!("{name}-{width_name}-first-screen.png")),
                png,
            )
            .expect("write png");
            // On a phone nothing is wider than the screen except what scrolls inside its own box.
            if mobile {
                let overflow = b.eval(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth",
                );
                assert_eq!(
                    overflow.as_f64().unwrap_or(0.0),
                    0.0,
                    "{page} scrolls sideways on a phone"
                );
            }
        }
    }
    eprintln!("screenshots in {}", shots.display());
}
