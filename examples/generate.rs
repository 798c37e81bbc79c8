//! Write a synthetic registry for benchmarks and load tests.
//!
//! ```text
//! cargo run --release --example generate -- --size M --out /tmp/reg-M --seed 42 --histogram
//! ```
//!
//! Sizes: XS (a tenth of S), S (200 participants, 2,000 intervals, 1,000
//! certificates, 500 outages, 40 environments), M (10× S), L (100× S). The
//! same seed always gives the same files. With `--histogram`, the registry is
//! then checked as of the date it was made for and the findings are counted
//! by code, to show that it is valid apart from a few deliberate problems.

#[allow(dead_code)]
#[path = "../benches/support/generate.rs"]
mod generate;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

#[derive(Debug, Parser)]
#[command(about = "Write a synthetic envplan registry")]
struct Args {
    /// XS, S, M or L.
    #[arg(long, default_value = "S")]
    size: String,
    /// Directory to write into (created; must not hold a registry already).
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Check the written registry and print how many findings of each code it has.
    #[arg(long)]
    histogram: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let Some(size) = generate::Size::named(&args.size) else {
        eprintln!("unknown size `{}`: use XS, S, M or L", args.size);
        return ExitCode::from(2);
    };
    let files = generate::generate(size, args.seed);
    let bytes = match generate::write(&args.out, &files) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot write {}: {e}", args.out.display());
            return ExitCode::from(2);
        }
    };
    println!(
        "wrote {} files, {bytes} bytes: size {} ({} environments, {} participants, {} intervals, {} certificates, {} outages), seed {}, meant to be checked --as-of {}",
        files.len(),
        size.name,
        size.environments(),
        size.participants,
        size.intervals,
        size.certificates(),
        size.outages,
        args.seed,
        generate::AS_OF
    );
    if args.histogram {
        match histogram(&args.out) {
            Ok(counts) => {
                for (code, n) in counts {
                    println!("{code} {n}");
                }
            }
            Err(e) => {
                eprintln!("cannot check {}: {e}", args.out.display());
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

fn histogram(root: &std::path::Path) -> Result<BTreeMap<String, usize>, String> {
    let global = envplan::commands::Global {
        registry: root.to_path_buf(),
        as_of: envplan::time::when::parse_date(generate::AS_OF).ok(),
        color: envplan::cli::ColorChoice::Never,
    };
    let (registry, findings) = envplan::commands::load(&global).map_err(|e| e.to_string())?;
    let checked = envplan::commands::check_registry(&global, &registry, findings);
    let mut counts = BTreeMap::new();
    for f in &checked.findings {
        *counts
            .entry(format!("{} {:?}", f.code.as_str(), f.severity).to_lowercase())
            .or_insert(0) += 1;
    }
    Ok(counts)
}
