#!/usr/bin/env bash
# Erasure coding end to end (issue #7, acceptance 5): PUT and GET throughput of 64 MiB objects on one server
# with a single drive (plain files) and on one with six drives (4 data + 2 parity shards), measured in the same
# run with the bench tool. The modes alternate and swap order every round. The six "drives" are directories on
# the same disk as the single one (this machine has one disk), so the erasure-coded PUT writes 1.5x the bytes to
# the same device. Server pinned to CPU 0, generator to CPU 1, as in bench/compare.sh.
# Prints a Markdown table and the ratios of the medians (erasure / single); the acceptance bar is 70%.
#
#   bench/erasure-e2e.sh                     raw JSON and server logs in bench-results/erasure-e2e-DATE/ (not in git)
#   ROUNDS=3 DURATION=20 WARMUP=10 CONC=4 OBJECTS=8 SIZE=64MiB
#   BENCH_DATA_PARENT=/var/tmp               where the data directories go (a real disk, not tmpfs)
#   PIN=0                                    no pinning: server and generator share both cores
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../bin/lib/java-home.sh disable=SC1091
. "$root/bin/lib/java-home.sh"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-10}
CONC=${CONC:-4}
OBJECTS=${OBJECTS:-8}
SIZE=${SIZE:-64MiB}
PIN=${PIN:-1}
out="$root/bench-results/erasure-e2e-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
export CAIRN_ROOT_USER="ecbench$RANDOM" CAIRN_ROOT_PASSWORD="erasure-bench-secret-$RANDOM$RANDOM"
unset CAIRN_METRICS_TOKEN CAIRN_ACCESS_LOG CAIRN_AUDIT_LOG

log() { printf '[erasure-e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# shellcheck source=lib.sh disable=SC1091
. "$root/bench/lib.sh"

server="" data=""
stop() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$data" ]; then rm -rf "$data"; fi
  server="" data=""
}
trap stop EXIT

(cd "$root" && ./mvnw -q -B -Dmaven.test.skip=true -pl server,bench -am package) >&2

# bench MODE ROUND SCENARIO: prints "MiB/s errors"
bench() {
  local mode=$1 round=$2 scenario=$3 endpoint=$4
  (on_cpu 1 "$root/bin/cairn" bench --endpoint "$endpoint" --access-key "$CAIRN_ROOT_USER" \
    --secret-key "$CAIRN_ROOT_PASSWORD" --scenario "$scenario" --size "$SIZE" --objects "$OBJECTS" \
    --concurrency "$CONC" --duration "${DURATION}s" --warmup "${WARMUP}s" --no-progress \
    --json "$out/$scenario-$mode-$round.json" >"$out/$scenario-$mode-$round.txt" 2>&1)
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); \
o=[x for x in d["operations"] if x["count"]][0]; print("%.0f %d" % (o["mibPerSecond"], o["errorCount"]))' \
    "$out/$scenario-$mode-$round.json"
}

# run MODE ROUND: one server, a PUT and a GET run; sets put, get, errors
put=0 get=0 errors=0
run() {
  local mode=$1 round=$2 port endpoint dirs
  port=$((20000 + RANDOM % 20000))
  endpoint="http://127.0.0.1:$port"
  data=$(mktemp -d "${BENCH_DATA_PARENT:-/var/tmp}/cairn-ec-bench.XXXXXX")
  if [ "$mode" = single ]; then dirs="$data/d1"; else dirs="$data/d1 $data/d2 $data/d3 $data/d4 $data/d5 $data/d6"; fi
  # shellcheck disable=SC2086  # $dirs is a list of directories
  (on_cpu 0 "$root/bin/cairn" server --address "127.0.0.1:$port" --parity 2 $dirs) \
    >"$out/server-$mode-$round.log" 2>&1 &
  server=$!
  await_ready "$endpoint" || { log "server ($mode) did not become ready, see $out/server-$mode-$round.log"; exit 1; }
  log "round $round, $mode: PUT and GET $SIZE, c$CONC, ${WARMUP}s warm-up + ${DURATION}s each"
  local pe ge
  read -r put pe < <(bench "$mode" "$round" put "$endpoint")
  read -r get ge < <(bench "$mode" "$round" get "$endpoint")
  errors=$((pe + ge))
  stop
}

declare -A puts gets
rows=()
for round in $(seq "$ROUNDS"); do
  order="single erasure"
  [ $((round % 2)) = 0 ] && order="erasure single"
  for mode in $order; do
    run "$mode" "$round"
    puts[$mode-$round]=$put gets[$mode-$round]=$get
    rows+=("| $round | $mode | $put | $get | $errors | $(cut -d' ' -f1 /proc/loadavg) |")
  done
done
col() { local kind=$1 mode=$2 r; for r in $(seq "$ROUNDS"); do if [ "$kind" = put ]; then echo "${puts[$mode-$r]}"; else echo "${gets[$mode-$r]}"; fi; done; }
mapfile -t v < <(col put single); sp=$(median "${v[@]}")
mapfile -t v < <(col put erasure); ep=$(median "${v[@]}")
mapfile -t v < <(col get single); sg=$(median "${v[@]}")
mapfile -t v < <(col get erasure); eg=$(median "${v[@]}")
{
  echo "| round | drives | PUT MiB/s | GET MiB/s | errors | load avg after |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Medians: PUT single $sp, erasure $ep MiB/s: **$(python3 -c "print(round(100.0 * $ep / $sp, 1) if $sp else 0)")%**;" \
    "GET single $sg, erasure $eg MiB/s: **$(python3 -c "print(round(100.0 * $eg / $sg, 1) if $sg else 0)")%** (acceptance: at least 70%)."
  echo "$SIZE objects, $OBJECTS prepared for GET, c$CONC, ${WARMUP}s warm-up + ${DURATION}s per run; erasure = 6 directories, 4+2."
  echo "Pinned (server CPU 0, generator CPU 1): $([ "$PIN" = 1 ] && echo yes || echo no)."
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)."
} | tee "$out/table.md"
