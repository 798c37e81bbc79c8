//! The shape of the code: dependencies between the top-level modules of
//! `src/` flow one way (files → records → model → findings → reports →
//! commands → main), as `scripts/module-graph.sh` prints them.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// `module -> imports` as the script prints it, and its cycles section.
fn graph() -> (BTreeMap<String, BTreeSet<String>>, Vec<String>) {
    let out = Command::new("bash")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/module-graph.sh"
        ))
        .output()
        .expect("run scripts/module-graph.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut edges = BTreeMap::new();
    let mut cycles = Vec::new();
    let mut in_cycles = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("cycles:") {
            in_cycles = true;
            if !rest.trim().is_empty() {
                cycles.push(rest.trim().to_owned());
            }
        } else if in_cycles {
            cycles.push(line.trim().to_owned());
        } else {
            let (from, to) = line.split_once(" ->").expect("module -> imports");
            edges.insert(
                from.to_owned(),
                to.split_whitespace().map(str::to_owned).collect(),
            );
        }
    }
    (edges, cycles)
}

#[test]
fn no_two_modules_reach_each_other() {
    let (edges, cycles) = graph();
    // The script sees the modules (a broken script would pass vacuously).
    for module in ["registry", "diag", "model", "rules", "commands", "pipeline"] {
        assert!(edges.contains_key(module), "{module} missing: {edges:?}");
    }
    assert!(edges["commands"].contains("pipeline"));
    assert_eq!(cycles, ["none"], "{edges:#?}");
}

#[test]
fn lower_layers_do_not_import_upper_ones() {
    let (edges, _) = graph();
    let forbidden: &[(&[&str], &[&str])] = &[
        // Domain modules compute facts; findings, reports and the command
        // line are built on them, never the other way round.
        (
            &["certificates", "bookings", "availability", "plan", "pack"],
            &["rules", "report", "commands", "cli"],
        ),
        (&["output"], &["cli"]),
        (
            &["position", "time", "table"],
            &["registry", "diag", "model"],
        ),
        (&["diag"], &["registry", "model"]),
        (&["registry"], &["model", "rules", "pipeline"]),
        (&["model"], &["rules", "pipeline", "commands"]),
    ];
    for (modules, not) in forbidden {
        for module in *modules {
            let imports = edges.get(*module).cloned().unwrap_or_default();
            for upper in *not {
                assert!(
                    !imports.contains(*upper),
                    "{module} imports {upper}: {imports:?}"
                );
            }
        }
    }
}
