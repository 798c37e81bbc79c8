//! The fast companion of `check`: the same split of the input into files,
//! but held in memory (`Registry::from_texts`) and without rendering, so
//! that many more inputs per second reach the parser, the model and the
//! rules. Bytes that are not UTF-8 go through the loader's decoding instead.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

use envplan::commands::{check_registry, Global};
use envplan::registry::Registry;

const NAMES: [&str; 4] = ["programme.yaml", "b.yaml", "sub/c.yaml", "d.yml"];

fuzz_target!(|data: &[u8]| {
    let root = Path::new("/nonexistent/fuzz-registry");
    let texts: Vec<(String, String)> = data
        .split(|b| *b == 0)
        .zip(NAMES)
        .filter_map(|(bytes, name)| {
            std::str::from_utf8(bytes)
                .ok()
                .map(|text| (name.to_owned(), text.to_owned()))
        })
        .collect();
    let loading = Registry::from_texts(root, texts);
    let global = Global {
        registry: root.to_path_buf(),
        as_of: envplan::time::when::parse_date("2026-03-10").ok(),
        color: envplan::cli::ColorChoice::Never,
    };
    let checked = check_registry(&global, &loading.registry, loading.findings);
    for f in &checked.findings {
        if let Some(place) = f.place {
            assert!((place.file as usize) < loading.registry.files.len());
        }
    }
});
