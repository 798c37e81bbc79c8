//! Installation and integration: shell completions, man pages, options a
//! command ignores, and finding the registry from any folder of a clone.

mod common;

use std::path::Path;
use std::process::Command;

use common::envplan;

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = envplan().current_dir(dir).args(args).output().expect("run");
    (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const COMMANDS: [&str; 14] = [
    "check",
    "clashes",
    "slots",
    "certs",
    "plan",
    "pack",
    "site",
    "show",
    "schema",
    "init",
    "diff",
    "completions",
    "man",
    "explain",
];

#[test]
fn completion_scripts_name_every_command() {
    let root = common::repo_root();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, script, err) = run_in(&root, &["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        for command in COMMANDS {
            assert!(script.contains(command), "{shell} script lacks {command}");
        }
        assert!(script.contains("new-since"), "{shell}");
    }
    let (_, bash, _) = run_in(&root, &["completions", "bash"]);
    assert!(bash.contains("complete -F _envplan"), "{bash}");
    // bash itself accepts the script.
    if let Ok(out) = Command::new("bash").arg("-n").arg("-c").arg(&bash).output() {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (code, _, err) = run_in(&root, &["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
}

#[test]
fn man_pages_are_written_one_per_command_and_render() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("man");
    let (code, _, err) = run_in(&common::repo_root(), &["man", out.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 15 man pages"), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = COMMANDS.iter().map(|c| format!("envplan-{c}.1")).collect();
    expected.push("envplan.1".into());
    expected.sort();
    assert_eq!(names, expected, "no temporary files left behind either");

    let check = std::fs::read_to_string(out.join("envplan-check.1")).expect("read");
    assert!(check.starts_with(".ie"), "{check}");
    for section in [
        ".TH envplan-check 1",
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH \"GLOBAL OPTIONS\"",
        ".SH EXTRA",
    ] {
        assert!(check.contains(section), "{section} in\n{check}");
    }
    assert!(check.contains("Exit status: 0 no errors"), "{check}");
    // A page for a command that ignores the global options does not offer them.
    let schema = std::fs::read_to_string(out.join("envplan-schema.1")).expect("read");
    assert!(!schema.contains("as\\-of"), "{schema}");

    // Rendered by man when it is installed.
    let rendered = Command::new("man")
        .arg("-l")
        .arg(out.join("envplan-check.1"))
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "80")
        .output();
    if let Ok(r) = rendered {
        if r.status.success() {
            let text = String::from_utf8_lossy(&r.stdout);
            assert!(text.contains("envplan-check"), "{text}");
            assert!(text.contains("--new-since"), "{text}");
        }
    }
}

#[test]
fn commands_reject_global_options_they_ignore() {
    let root = common::repo_root();
    let cases: [&[&str]; 6] = [
        &["schema", "--as-of", "2026-01-01"],
        &["--as-of", "2026-01-01", "schema"],
        &["--registry", "registry", "schema"],
        &["schema", "--color", "never"],
        &["init", "--registry", "x", "/nonexistent/never-written"],
        &["completions", "bash", "--as-of", "2026-01-01"],
    ];
    for args in cases {
        let (code, out, err) = run_in(&root, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}");
        assert!(
            err.contains("does not apply to `envplan "),
            "{args:?}: {err}"
        );
    }
    // init uses --as-of (the starter's dates); ENVPLAN_REGISTRY in the
    // environment is not an option given, so schema still runs.
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("reg");
    let (code, _, err) = run_in(
        &root,
        &[
            "--as-of",
            "2026-01-05",
            "init",
            target.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let out = envplan()
        .env("ENVPLAN_REGISTRY", "elsewhere")
        .arg("schema")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_registry_is_found_from_any_folder_of_the_clone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("clone");
    std::fs::create_dir_all(repo.join(".git")).expect("mkdir");
    let registry = repo.join("registry");
    let (code, _, err) = run_in(
        dir.path(),
        &[
            "--as-of",
            "2026-01-05",
            "init",
            registry.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let deep = repo.join("docs/notes");
    std::fs::create_dir_all(&deep).expect("mkdir");

    let (code, out, err) = run_in(&deep, &["--as-of", "2026-01-05", "check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("envplan: using the registry at ../../registry"),
        "{err}"
    );
    assert!(out.contains("no problems found"), "{out}");

    // From the folder holding it, nothing is said.
    let (code, _, err) = run_in(&repo, &["--as-of", "2026-01-05", "check"]);
    assert_eq!(code, 0);
    assert!(!err.contains("using the registry"), "{err}");

    // --registry and ENVPLAN_REGISTRY are taken as given, not searched for.
    let (code, _, err) = run_in(&deep, &["--registry", "registry", "check"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("registry directory `registry` not found"),
        "{err}"
    );

    // Above a clone's top nothing is searched: the registry of the folder
    // holding a nested clone is not used from inside that clone.
    let nested = repo.join("vendor/other");
    std::fs::create_dir_all(nested.join(".git")).expect("mkdir");
    std::fs::create_dir_all(nested.join("src")).expect("mkdir");
    let (code, _, err) = run_in(&nested.join("src"), &["check"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("registry directory `registry` not found"),
        "{err}"
    );
}

fn yaml(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(common::repo_root().join(path)).expect("read");
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every `run:` script of a list of steps.
fn scripts(steps: &serde_json::Value, key: &str) -> Vec<String> {
    steps
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s[key].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn the_action_checks_with_annotations_and_uploads_sarif() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    for input in ["registry", "sarif-file", "upload-sarif", "diff-base"] {
        assert!(
            action["inputs"][input]["description"].is_string(),
            "{input}"
        );
    }
    let steps = &action["runs"]["steps"];
    let runs = scripts(steps, "run");
    assert!(runs
        .iter()
        .any(|r| r.contains("cargo install --locked --path")));
    assert!(runs
        .iter()
        .any(|r| r.contains("--format github") && r.contains("--report \"sarif=$SARIF\"")));
    // Inputs reach scripts through the environment, never pasted into them.
    assert!(runs.iter().all(|r| !r.contains("${{")), "{runs:?}");
    let uses = scripts(steps, "uses");
    assert!(uses.iter().any(|u| u.starts_with("actions/cache@")));
    assert!(uses
        .iter()
        .any(|u| u.starts_with("github/codeql-action/upload-sarif@")));
}

#[test]
fn the_azure_template_checks_and_publishes() {
    let template = yaml("ci/azure-pipelines-template.yml");
    let names: Vec<&str> = template["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["envplanRepository", "registry", "denyWarnings"]);
    let steps = &template["steps"];
    let runs = scripts(steps, "script");
    assert!(runs.iter().any(|r| r.contains("--format azure")
        && r.contains("--report \"junit=")
        && r.contains("--report \"sarif=")));
    let tasks = scripts(steps, "task");
    assert_eq!(
        tasks,
        ["Cache@2", "PublishTestResults@2", "PublishBuildArtifacts@1"]
    );
}

#[test]
fn the_pre_commit_hook_runs_check_on_registry_changes() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["id"], "envplan-check");
    assert_eq!(hook["entry"], "envplan check");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["files"], "^registry/");
    assert_eq!(hook["pass_filenames"], false);
}
