//! No value of the wrong shape, and no field left out, costs its record
//! (format §1): the slow, thorough check behind the fixtures in
//! `tests/values.rs`. Every one-line value and list entry of the worked
//! example `examples/northwind` is in turn replaced with a list, a
//! mapping, a single word, nothing, or removed, and the file is read again
//! beside the Programme: it must hold as many records as before, and
//! something must be reported when a list or mapping was put where a single
//! value was written (or the reverse).

use std::path::{Path, PathBuf};

mod common;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use envplan::pipeline::check;
use envplan::registry::Registry;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/northwind")
}

/// Records of the Programme's file with `text` as `rel` beside it, and the
/// lines of `rel` that `check` reports something at, with what it says.
fn read(programme: &str, rel: &str, text: &str) -> (usize, BTreeSet<(u32, String)>) {
    let mut texts = vec![("programme.yaml".to_owned(), programme.to_owned())];
    if rel == "programme.yaml" {
        texts[0].1 = text.to_owned();
    } else {
        texts.push((rel.to_owned(), text.to_owned()));
    }
    let loading = Registry::from_texts(Path::new("/registry"), texts);
    let reg = &loading.registry;
    let checked = check(reg, loading.findings, NaiveDate::from_ymd_opt(2026, 3, 2));
    let at = checked
        .findings
        .iter()
        .filter(|f| f.place.is_some_and(|p| reg.file(p.file).rel == rel))
        .map(|f| (f.place.map_or(0, |p| p.loc.line), f.message.clone()))
        .collect();
    (reg.record_count(), at)
}

/// A line's key and value when it is `key: value` with the value on the
/// same line, or `- value`; `None` for `kind`, `id`, comments and block
/// starts.
fn one_line_value(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') || trimmed.is_empty() || trimmed.starts_with("---") {
        return None;
    }
    if let Some(rest) = trimmed.strip_prefix("- ") {
        // An entry that starts a mapping on its line goes on below it:
        // replacing its first key would be a syntax error, not a shape.
        if rest.contains(": ") && !rest.starts_with('{') {
            return None;
        }
        return Some((line.len() - rest.len(), rest));
    }
    let (key, value) = trimmed.split_once(": ")?;
    if matches!(key, "kind" | "id") || key.contains(' ') || value.trim().is_empty() {
        return None;
    }
    Some((line.len() - value.len(), value))
}

#[test]
fn every_value_of_the_wrong_shape_or_left_out_keeps_its_record() {
    let mut files = Vec::new();
    common::yaml_files(&example(), &mut files);
    let root = example();
    let programme = std::fs::read_to_string(root.join("programme.yaml")).expect("programme");
    let mut tried = 0;
    let mut lost = Vec::new();
    for path in &files {
        let rel = path
            .strip_prefix(&root)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        // Files the Programme excludes are read and set aside: nothing in
        // them is reported.
        if rel.starts_with("drafts/") {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read");
        let (records, before) = read(&programme, &rel, &text);
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some((at, value)) = one_line_value(line) else {
                continue;
            };
            let flow = value.starts_with('[') || value.starts_with('{');
            let is_entry = line.trim_start().starts_with("- ");
            let mut variants: Vec<(String, bool)> = vec![
                (format!("{}[x]", &line[..at]), !value.starts_with('[')),
                (format!("{}{{zz: 1}}", &line[..at]), !value.starts_with('{')),
                (format!("{}x", &line[..at]), flow),
            ];
            if !is_entry {
                variants.push((String::new(), false));
                variants.push((line[..at].trim_end().to_owned(), false));
            }
            for (replacement, must_be_reported) in variants {
                let mut changed: Vec<&str> = lines.clone();
                changed[i] = &replacement;
                let changed = changed.join("\n") + "\n";
                let (now, after) = read(&programme, &rel, &changed);
                tried += 1;
                if now < records {
                    lost.push(format!(
                        "{rel}:{}: `{}` as `{replacement}`",
                        i + 1,
                        line.trim()
                    ));
                }
                let line_no = (i + 1) as u32;
                let new_here = after.iter().any(|f| f.0 == line_no && !before.contains(f));
                if must_be_reported && !new_here {
                    lost.push(format!(
                        "{rel}:{}: `{}` as `{replacement}` reported nothing",
                        i + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(tried > 1000, "only {tried} variants tried");
    assert!(
        lost.is_empty(),
        "{} of {tried}:\n{}",
        lost.len(),
        lost.join("\n")
    );
}
