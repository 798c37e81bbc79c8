//! How long envplan takes on a programme many times the size of MHHS, and how
//! that compares with the least any loader must do: parse the same files
//! with the same YAML parser into `serde::de::IgnoredAny` (the parse floor).
//!
//! ```text
//! cargo bench --bench registry                            # sizes S and M
//! ENVPLAN_BENCH_SIZES=S,M,L cargo bench --bench registry  # L too (slow)
//! ```
//!
//! Groups, each at every size: `parse_floor` (`parallel`: discovery, reading
//! and parsing with the loader's rayon parallelism; `single`: the same on one
//! thread), `load` (`Registry::load`), `check` (what `envplan check` does
//! before rendering: load, model, every rule, sorting), `clashes` (load,
//! model, every clash) and `certs` (load, model, replacement status and the
//! certificates in the warning window), and for the breakdown `model` and
//! `rules` on a registry already in memory. After the groups, the medians of
//! this run are read back and printed as the ratios the scale issue asks for,
//! and the whole-registry workloads are timed once more interleaved round by
//! round (median wall time and total CPU time; `ENVPLAN_BENCH_ROUNDS`, default
//! 15), so that other load on the machine weighs on the floor and on `check`
//! alike. `scripts/measure.sh` adds peak memory and the hostile inputs.
//!
//! The registries are generated into temporary directories by
//! `support/generate.rs` (seed 42 unless `ENVPLAN_BENCH_SEED` says otherwise).

#[allow(dead_code)]
#[path = "support/generate.rs"]
mod generate;

use std::hint::black_box;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode};
use rayon::prelude::*;
use serde::de::IgnoredAny;

use envplan::commands::{check_registry, Global};
use envplan::diag::Sink;
use envplan::registry::discover::discover;
use envplan::registry::load::{options, read_text};
use envplan::registry::Registry;
use envplan::rules::{check_all, Context};

use generate::Size;

/// A generated registry on disk.
struct Fixture {
    size: Size,
    _dir: tempfile::TempDir,
    root: PathBuf,
}

fn fixtures() -> Vec<Fixture> {
    let seed = std::env::var("ENVPLAN_BENCH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(42);
    let sizes = std::env::var("ENVPLAN_BENCH_SIZES").unwrap_or_else(|_| "S,M".into());
    sizes
        .split(',')
        .filter_map(|name| Size::named(name.trim()))
        .map(|size| {
            let dir = tempfile::tempdir().expect("temporary directory");
            let root = dir.path().join("registry");
            let files = generate::generate(size, seed);
            let bytes = generate::write(&root, &files).expect("write registry");
            eprintln!(
                "registry {}: {} files, {bytes} bytes of YAML, at {}",
                size.name,
                files.len(),
                root.display()
            );
            Fixture {
                size,
                _dir: dir,
                root,
            }
        })
        .collect()
}

fn global(root: &Path) -> Global {
    Global {
        registry: root.to_path_buf(),
        as_of: envplan::time::when::parse_date(generate::AS_OF).ok(),
        color: envplan::cli::ColorChoice::Never,
    }
}

/// Parse one file into nothing: the documents it holds.
fn parse_ignored(path: &Path) -> usize {
    let Ok(text) = read_text(path) else {
        return 0;
    };
    let mut cursor = Cursor::new(text.as_bytes());
    serde_saphyr::read_with_options::<_, IgnoredAny>(&mut cursor, options())
        .filter(Result::is_ok)
        .count()
}

/// The parse floor with the loader's parallelism: discover, read, parse.
fn floor_parallel(root: &Path) -> usize {
    let found = discover(root).expect("discover");
    found.files.par_iter().map(|f| parse_ignored(&f.path)).sum()
}

/// The parse floor on one thread.
fn floor_single(root: &Path) -> usize {
    let found = discover(root).expect("discover");
    found.files.iter().map(|f| parse_ignored(&f.path)).sum()
}

fn load(root: &Path) -> Registry {
    Registry::load(root).expect("load").registry
}

/// What `envplan check` does before rendering.
fn check(root: &Path) -> usize {
    let g = global(root);
    let loading = Registry::load(root).expect("load");
    let checked = check_registry(&g, &loading.registry, loading.findings);
    checked.findings.len()
}

/// What `envplan clashes` computes.
fn clashes(root: &Path) -> usize {
    let reg = load(root);
    let mut sink = Sink::new();
    let model = envplan::model::build(&reg, &mut sink);
    envplan::bookings::find_clashes(&model).len()
}

/// What `envplan pack` computes and renders for the month of the as-of day
/// (everything but writing the four files).
fn pack(root: &Path) -> usize {
    let g = global(root);
    let loading = Registry::load(root).expect("load");
    let checked = check_registry(&g, &loading.registry, loading.findings);
    let as_of = checked.as_of;
    let p = envplan::pack::build(envplan::pack::Inputs {
        checked: &checked,
        edition: envplan::pack::Edition::Monthly,
        month: as_of,
        meeting: as_of,
        registry: envplan::pack::RegistryVersion::Unknown("benchmark".to_owned()),
        changes: None,
    });
    envplan::pack::markdown::render(&p).len()
        + envplan::pack::html::render(&p).len()
        + envplan::pack::csv::render(&p).len()
        + envplan::plan::ics::render(&p.timeline).len()
}

/// What `envplan site` builds (every page, feed and data file, in memory;
/// outside git, so without history).
fn site_build(root: &Path) -> envplan::site::Site {
    let g = global(root);
    let loading = Registry::load(root).expect("load");
    let checked = check_registry(&g, &loading.registry, loading.findings);
    envplan::site::build(envplan::site::Inputs {
        checked: &checked,
        base_url: None,
        history: Default::default(),
        registry: envplan::pack::RegistryVersion::Unknown("benchmark".to_owned()),
    })
}

fn site(root: &Path) -> usize {
    site_build(root).total_bytes()
}

/// What `envplan certs` computes: replacement status, then the certificates
/// whose expiry falls in the warning window after as-of.
fn certs(root: &Path) -> usize {
    let reg = load(root);
    let mut sink = Sink::new();
    let model = envplan::model::build(&reg, &mut sink);
    let as_of = envplan::time::when::parse_date(generate::AS_OF).expect("as-of");
    let status = envplan::certificates::status(&model, as_of);
    let horizon = model.settings.certificate_warning.whole_days();
    model
        .certificates
        .indexed()
        .filter(|(i, c)| {
            status.replaced_by[*i].is_none()
                && c.revoked.is_none()
                && c.last_day.is_some_and(|d| {
                    let left = envplan::certificates::days_left(d, as_of);
                    (0..=horizon).contains(&left)
                })
        })
        .count()
}

fn bench(c: &mut Criterion, fixtures: &[Fixture]) {
    type Work = fn(&Path) -> usize;
    let whole: [(&str, &str, Work); 8] = [
        ("parse_floor", "parallel", floor_parallel),
        ("parse_floor", "single", floor_single),
        ("load", "", |root| load(root).record_count()),
        ("check", "", check),
        ("clashes", "", clashes),
        ("certs", "", certs),
        ("pack", "", pack),
        ("site", "", site),
    ];
    for (group_name, function, work) in whole {
        let mut group = c.benchmark_group(group_name);
        for f in fixtures {
            tune(&mut group, f.size);
            let id = if function.is_empty() {
                BenchmarkId::from_parameter(f.size.name)
            } else {
                BenchmarkId::new(function, f.size.name)
            };
            group.bench_with_input(id, &f.root, |b, root| b.iter(|| black_box(work(root))));
        }
        group.finish();
    }

    // Where the time goes once the registry is in memory.
    let mut group = c.benchmark_group("model");
    for f in fixtures {
        tune(&mut group, f.size);
        let reg = load(&f.root);
        group.bench_with_input(BenchmarkId::from_parameter(f.size.name), &reg, |b, reg| {
            b.iter(|| {
                let mut sink = Sink::new();
                black_box(envplan::model::build(reg, &mut sink).intervals.len())
            })
        });
    }
    group.finish();
    let mut group = c.benchmark_group("rules");
    for f in fixtures {
        tune(&mut group, f.size);
        let reg = load(&f.root);
        let mut scratch = Sink::new();
        let model = envplan::model::build(&reg, &mut scratch);
        let as_of = envplan::time::when::parse_date(generate::AS_OF).expect("as-of");
        group.bench_function(BenchmarkId::from_parameter(f.size.name), |b| {
            b.iter(|| {
                let mut sink = Sink::new();
                check_all(&Context::new(&model, as_of), &mut sink);
                black_box(sink.findings().len())
            })
        });
    }
    group.finish();

    // `envplan slots` on the busiest environment, model in memory, and
    // `check --with` a one-record file against `check` in the same run.
    let mut slots_group = c.benchmark_group("slots");
    let mut booking_files = Vec::new();
    for f in fixtures {
        tune(&mut slots_group, f.size);
        let reg = load(&f.root);
        let mut scratch = Sink::new();
        let model = envplan::model::build(&reg, &mut scratch);
        let as_of = envplan::time::when::parse_date(generate::AS_OF).expect("as-of");
        let req = busiest_request(&model, as_of);
        let env = model.reg.environments[req.env].id.as_str().to_owned();
        let booking = f._dir.path().join("booking.yaml");
        std::fs::write(
            &booking,
            format!(
                "kind: Interval\nid: BENCH-BOOKING\nname: Bench booking\nenvironment: {env}\nstage: {}\nstart: 2026-07-01\nend: 2026-07-10\n",
                req.stage
            ),
        )
        .expect("write booking");
        booking_files.push(booking);
        slots_group.bench_function(BenchmarkId::from_parameter(f.size.name), |b| {
            b.iter(|| black_box(envplan::slots::find(&model, &req, as_of).periods.len()))
        });
    }
    slots_group.finish();
    let mut group = c.benchmark_group("check_with");
    for (f, booking) in fixtures.iter().zip(&booking_files) {
        tune(&mut group, f.size);
        group.bench_function(BenchmarkId::from_parameter(f.size.name), |b| {
            b.iter(|| {
                let g = global(&f.root);
                let (_, findings, _) =
                    envplan::commands::check::check_with(&g, std::slice::from_ref(booking))
                        .expect("check --with");
                black_box(findings.len())
            })
        });
    }
    group.finish();
}

/// A 10-day booking on the environment with the most bookings, for the
/// participants of its first one, using what that one uses.
fn busiest_request(
    model: &envplan::model::Model<'_>,
    as_of: chrono::NaiveDate,
) -> envplan::slots::Request {
    let mut count = model.environments.map(|_| 0usize);
    for f in &model.intervals {
        if let Some(e) = f.env {
            count[e] += 1;
        }
    }
    let env = count
        .indices()
        .max_by_key(|&e| count[e])
        .expect("an environment");
    let first = model
        .intervals
        .indexed()
        .find(|(_, f)| f.env == Some(env))
        .map(|(i, _)| i)
        .expect("a booking");
    let facts = &model.intervals[first];
    envplan::slots::Request {
        env,
        stage: model.reg.intervals[first].stage.as_str().to_owned(),
        uses: facts.uses.iter().copied().filter(|&u| u != env).collect(),
        participants: facts.participants.to_vec(),
        length: envplan::time::Duration::parse("10d").expect("length"),
        from: as_of,
        to: None,
        count: 3,
        service_hours: false,
    }
}

/// Large registries take long per iteration: fewer, flat samples.
fn tune(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, size: Size) {
    match size.name {
        "XS" | "S" => {
            group.sample_size(30);
            group.sampling_mode(SamplingMode::Auto);
            group.measurement_time(Duration::from_secs(5));
        }
        _ => {
            group.sample_size(10);
            group.sampling_mode(SamplingMode::Flat);
            group.measurement_time(Duration::from_secs(10));
        }
    }
}

/// Where criterion keeps its results, found the way criterion finds it.
fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/criterion")
}

/// The median of one benchmark of this run, in seconds.
fn median(group: &str, function: &str, size: &str) -> Option<f64> {
    let mut path = criterion_home().join(group);
    if !function.is_empty() {
        path.push(function);
    }
    path.push(size);
    path.push("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64().map(|ns| ns / 1e9)
}

fn report(fixtures: &[Fixture]) {
    let sizes: Vec<&str> = fixtures.iter().map(|f| f.size.name).collect();
    println!("\nThe site (envplan site) by registry size:");
    let mut bytes = Vec::new();
    for f in fixtures {
        let site = site_build(&f.root);
        let largest = site
            .files
            .iter()
            .filter(|x| x.path.ends_with(".html"))
            .max_by_key(|x| x.bytes.len())
            .map(|x| (x.path.clone(), x.bytes.len()))
            .unwrap_or_default();
        println!(
            "  {}: {} files, {} bytes; largest page {} ({} bytes)",
            f.size.name,
            site.files.len(),
            site.total_bytes(),
            largest.0,
            largest.1
        );
        bytes.push(site.total_bytes() as f64);
    }
    if let (Some(m), Some(s), Some(ms), Some(ss)) = (
        bytes.get(1),
        bytes.first(),
        median("site", "", "M"),
        median("check", "", "M"),
    ) {
        println!(
            "  site bytes M/S = {:.1}; site / check at M = {:.2}",
            m / s,
            ms / ss
        );
    }
    println!("\nMedians of this run (seconds):");
    print!("{:<24}", "");
    for s in &sizes {
        print!("{s:>12}");
    }
    println!();
    let rows = [
        ("parse_floor", "parallel"),
        ("parse_floor", "single"),
        ("load", ""),
        ("check", ""),
        ("clashes", ""),
        ("certs", ""),
        ("pack", ""),
        ("site", ""),
        ("model", ""),
        ("rules", ""),
        ("slots", ""),
        ("check_with", ""),
    ];
    for (group, function) in rows {
        let name = if function.is_empty() {
            group.to_owned()
        } else {
            format!("{group}/{function}")
        };
        print!("{name:<24}");
        for s in &sizes {
            match median(group, function, s) {
                Some(v) => print!("{v:>12.4}"),
                None => print!("{:>12}", "n/a"),
            }
        }
        println!();
    }
    println!("\nRatios:");
    for s in &sizes {
        let floor_par = median("parse_floor", "parallel", s);
        let floor_one = median("parse_floor", "single", s);
        for (group, function) in [
            ("load", ""),
            ("check", ""),
            ("clashes", ""),
            ("certs", ""),
            ("pack", ""),
            ("site", ""),
        ] {
            let v = median(group, function, s);
            if let (Some(v), Some(fp), Some(f1)) = (v, floor_par, floor_one) {
                println!(
                    "  {s} {group:<8} / parallel floor = {:.2}   / single-thread floor = {:.2}",
                    v / fp,
                    v / f1
                );
            }
        }
    }
    for s in &sizes {
        if let (Some(w), Some(c)) = (median("check_with", "", s), median("check", "", s)) {
            println!("  {s} check --with one record / check = {:.2}", w / c);
        }
        if let Some(q) = median("slots", "", s) {
            println!(
                "  {s} slots, one query with the model in memory = {:.1} ms",
                q * 1000.0
            );
        }
    }
    if sizes.contains(&"S") && sizes.contains(&"M") {
        for (group, function) in [
            ("parse_floor", "parallel"),
            ("load", ""),
            ("check", ""),
            ("clashes", ""),
            ("certs", ""),
            ("pack", ""),
            ("site", ""),
        ] {
            if let (Some(m), Some(s)) = (median(group, function, "M"), median(group, function, "S"))
            {
                println!(
                    "  M/S {group}{} = {:.1}",
                    if function.is_empty() {
                        String::new()
                    } else {
                        format!("/{function}")
                    },
                    m / s
                );
            }
        }
    }
}

/// CPU time of this process so far (all threads), in seconds; Linux only.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses): utime is the
    // 14th field of the line, stime the 15th, in clock ticks.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// The same workloads again, interleaved round by round, so that whatever
/// else the machine is doing weighs on all of them alike: median wall time
/// per workload, and CPU time summed over the rounds (the work done, on
/// every thread).
fn interleaved(fixtures: &[Fixture]) {
    type Work = fn(&Path) -> usize;
    let work: [(&str, Work); 6] = [
        ("floor (parallel)", floor_parallel),
        ("floor (1 thread)", floor_single),
        ("load", |root| load(root).record_count()),
        ("check", check),
        ("clashes", clashes),
        ("certs", certs),
    ];
    let rounds: usize = std::env::var("ENVPLAN_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    println!("\nInterleaved, {rounds} rounds (median wall s, total CPU s, ratio of each to the parallel floor):");
    let mut medians: Vec<(&str, &str, f64)> = Vec::new();
    for f in fixtures {
        let mut wall = vec![Vec::with_capacity(rounds); work.len()];
        let mut cpu = vec![0.0; work.len()];
        for _ in 0..rounds {
            for (k, (_, w)) in work.iter().enumerate() {
                let c0 = cpu_seconds().unwrap_or(0.0);
                let t0 = std::time::Instant::now();
                black_box(w(&f.root));
                wall[k].push(t0.elapsed().as_secs_f64());
                cpu[k] += cpu_seconds().unwrap_or(0.0) - c0;
            }
        }
        let med: Vec<f64> = wall
            .iter_mut()
            .map(|v| {
                v.sort_by(f64::total_cmp);
                v[v.len() / 2]
            })
            .collect();
        for (k, (name, _)) in work.iter().enumerate() {
            println!(
                "  {} {name:<17} wall {:>8.4}  x{:>5.2}   cpu {:>7.2}  x{:>5.2}",
                f.size.name,
                med[k],
                med[k] / med[0],
                cpu[k],
                if cpu[0] > 0.0 {
                    cpu[k] / cpu[0]
                } else {
                    f64::NAN
                },
            );
            medians.push((f.size.name, name, med[k]));
        }
    }
    let get = |size: &str, name: &str| {
        medians
            .iter()
            .find(|(s, n, _)| *s == size && *n == name)
            .map(|m| m.2)
    };
    for (name, _) in work {
        if let (Some(m), Some(s)) = (get("M", name), get("S", name)) {
            println!("  M/S {name:<17} {:.1}", m / s);
        }
    }
}

fn main() {
    let fixtures = fixtures();
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &fixtures);
    c.final_summary();
    report(&fixtures);
    if std::env::args().any(|a| a == "--bench") {
        interleaved(&fixtures);
    }
}
