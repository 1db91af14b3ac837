#!/usr/bin/env bash
# JMH microbenchmarks of the erasure module, single thread, one 1 MiB block per operation:
# Reed-Solomon encode and reconstruct (m lost data shards) for 4+2, 8+4 and 12+4, System.arraycopy of the
# same 1 MiB in the same run as the yardstick, and the bitrot hashes. Prints MB/s and the share of arraycopy.
# Builds through the reactor (never installs), keeps JMH's CSV in bench-results/ (not in git). JMH measures
# wall time: on a machine shared with other work the numbers swing; run it on an idle one.
#
#   bench/erasure-jmh.sh                         full run (3 x 2 s warm-up, 5 x 2 s measured per benchmark)
#   QUICK=1 bench/erasure-jmh.sh                 smoke run (1 fork, 2 short iterations: rough numbers)
#   KERNELS=vector,scalar bench/erasure-jmh.sh   also measure the scalar fallback (slow)
#   CODES=BITSLICED_SUBFIELD bench/erasure-jmh.sh  only the code new shards are written with (default: also the
#                                                formats 3, 2 and 1 it still reads: BITSLICED_SEARCHED, BITSLICED,
#                                                BYTEWISE)
#   JMH_ARGS="..."                               extra JMH options, e.g. a benchmark regex
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=bin/lib/java-home.sh
. "$root/bin/lib/java-home.sh"
export JAVA_HOME

./mvnw -q -B -ntp -pl erasure -am -DskipTests test-compile </dev/null
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
./mvnw -q -B -ntp -pl erasure dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" </dev/null
classpath="erasure/target/test-classes:erasure/target/classes:$(cat "$cp_file")"

results_dir=${RESULTS_DIR:-bench-results/erasure-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$results_dir"
csv="$results_dir/jmh.csv"

timing=()
if [ "${QUICK:-0}" = 1 ]; then
  timing=(-f 1 -wi 2 -w 1s -i 2 -r 1s)
fi
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$classpath" org.openjdk.jmh.Main \
  "${timing[@]}" -p kernel="${KERNELS:-vector}" -p code="${CODES:-BITSLICED_SUBFIELD,BITSLICED_SEARCHED,BITSLICED,BYTEWISE}" -rf csv -rff "$csv" ${JMH_ARGS:-} \
  'io\.cairn\.erasure\.(Codec|Copy|Bitrot)Benchmark' >"$results_dir/jmh.log" 2>&1 ||
  { tail -n 40 "$results_dir/jmh.log" >&2; exit 1; }

# Every operation processes 1 MiB, so MB/s (10^6 bytes) = ops/s * 1.048576.
awk -F, '
  function unq(s) { gsub(/"/, "", s); return s }
  { sub(/\r$/, "") }
  NR == 1 { for (i = 1; i <= NF; i++) col[unq($i)] = i; next }
  {
    name = unq($col["Benchmark"]); sub(/.*\./, "", name)
    params = ""
    if ("Param: shape" in col && unq($col["Param: shape"]) != "") params = unq($col["Param: shape"]) " " tolower(unq($col["Param: code"])) " " unq($col["Param: kernel"])
    if ("Param: algorithm" in col && unq($col["Param: algorithm"]) != "") params = unq($col["Param: algorithm"])
    mbs = unq($col["Score"]) * 1.048576
    err = unq($col["Score Error (99.9%)"]) * 1.048576
    n++; label[n] = name; detail[n] = params; rate[n] = mbs; error[n] = err
    if (name == "arraycopy") copy = mbs
  }
  END {
    printf "%-12s %-24s %12s %10s %12s\n", "benchmark", "params", "MB/s", "+-", "of arraycopy"
    for (i = 1; i <= n; i++) {
      share = copy > 0 ? sprintf("%.0f%%", 100 * rate[i] / copy) : "-"
      printf "%-12s %-24s %12.0f %10s %12s\n", label[i], detail[i], rate[i], (error[i] == error[i] && error[i] > 0 ? sprintf("%.0f", error[i]) : "-"), share
    }
  }' "$csv"
echo "(raw: $csv, log: $results_dir/jmh.log)"
