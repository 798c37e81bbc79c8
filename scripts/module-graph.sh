#!/usr/bin/env bash
# Print the top-level module graph of src/ and every cycle in it.
#
#   scripts/module-graph.sh            # "module -> imports" lines, then cycles
#
# A module's imports are the other top-level modules its non-test code names
# through `crate::X` (a `use` line or a path written inline). Test code (a
# `tests.rs` file, or a file from its `#[cfg(test)]` line on) is left out:
# tests may reach anywhere. The last section lists each set of modules that
# reach each other (a strongly connected component); "cycles: none" is the
# shape the code should keep (tests/architecture.rs runs this script).
set -euo pipefail
cd "$(dirname "$0")/.."

find src -name '*.rs' ! -name tests.rs ! -path '*/testdata/*' | LC_ALL=C sort | xargs awk '
  FNR == 1 {
    split(FILENAME, part, "/")
    from = part[2]
    sub(/\.rs$/, "", from)
    intest = 0
  }
  /^[[:space:]]*#\[cfg\(test\)\]/ { intest = 1 }
  intest || from == "lib" || from == "main" { next }
  {
    line = $0
    sub(/\/\/.*/, "", line)
    while (match(line, /crate::[a-z_][a-z_0-9]*/)) {
      to = substr(line, RSTART + 7, RLENGTH - 7)
      line = substr(line, RSTART + RLENGTH)
      if (to != from) print from, to
    }
  }
' | LC_ALL=C sort -u | awk '
  {
    n[$1] = 1; n[$2] = 1
    edge[$1, $2] = 1
    out[$1] = out[$1] " " $2
  }
  END {
    count = 0
    for (m in n) names[++count] = m
    # insertion sort: awk has no portable sort of its own
    for (i = 2; i <= count; i++) {
      v = names[i]
      for (j = i - 1; j >= 1 && names[j] > v; j--) names[j + 1] = names[j]
      names[j + 1] = v
    }
    for (i = 1; i <= count; i++) {
      m = names[i]
      printf "%s ->%s\n", m, (m in out) ? out[m] : ""
    }
    # reachability (Floyd-Warshall over a couple of dozen modules)
    for (i = 1; i <= count; i++) for (j = 1; j <= count; j++)
      reach[i, j] = ((names[i], names[j]) in edge)
    for (k = 1; k <= count; k++) for (i = 1; i <= count; i++) if (reach[i, k])
      for (j = 1; j <= count; j++) if (reach[k, j]) reach[i, j] = 1
    cycles = 0
    for (i = 1; i <= count; i++) {
      if (done[i] || !reach[i, i]) continue
      group = names[i]
      done[i] = 1
      for (j = i + 1; j <= count; j++)
        if (reach[i, j] && reach[j, i]) { group = group " " names[j]; done[j] = 1 }
      print (cycles++ ? "" : "cycles:\n") "  " group
    }
    if (!cycles) print "cycles: none"
  }
'
