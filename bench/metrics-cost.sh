#!/usr/bin/env bash
# Metrics cost (issue #8, acceptance 6): the small-object GET rate of one server build with request metrics on
# (CAIRN_METRICS=on, the default, scraped every SCRAPE_INTERVAL seconds as Prometheus would) and off
# (CAIRN_METRICS=off: nothing recorded, no endpoint). Each round starts a fresh server on a fresh data directory
# once per mode and runs the bench tool's GET scenario against it (4 KiB objects, as the get4k row of
# bench/compare.sh); the modes alternate, and swap order every round, so drift of the machine hits both alike.
# The server is pinned to CPU 0 and the generator (bin/cairn bench) and the scraper to CPU 1, as in
# bench/compare.sh. Prints a Markdown table and the ratio of the medians (on / off); the acceptance bar is 95%.
# Exits 0 whatever the ratio: the number is for docs/benchmarks.md, to be read on a quiet machine.
#
#   bench/metrics-cost.sh                    raw JSON and server logs in bench-results/metrics-cost-DATE/ (not in git)
#   ROUNDS=3 DURATION=20 WARMUP=15 CONC=16 OBJECTS=1000 SIZE=4KiB SCRAPE_INTERVAL=15
#   BENCH_DATA_PARENT=/var/tmp               where the data directories go (a real disk, not tmpfs)
#   PIN=0                                    no pinning: server and generator share both cores
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../bin/lib/java-home.sh disable=SC1091
. "$root/bin/lib/java-home.sh"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20}
# Long enough for the server's JIT to settle: the first seconds of a fresh JVM are slower with either mode.
WARMUP=${WARMUP:-15}
CONC=${CONC:-16}
OBJECTS=${OBJECTS:-1000}
SIZE=${SIZE:-4KiB}
SCRAPE_INTERVAL=${SCRAPE_INTERVAL:-15}
PIN=${PIN:-1}
out="$root/bench-results/metrics-cost-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
export CAIRN_ROOT_USER="metricsbench$RANDOM" CAIRN_ROOT_PASSWORD="metrics-bench-secret-$RANDOM$RANDOM"
unset CAIRN_METRICS_TOKEN CAIRN_ACCESS_LOG CAIRN_AUDIT_LOG

log() { printf '[metrics-cost %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# shellcheck source=lib.sh disable=SC1091
. "$root/bench/lib.sh"

server="" scraper="" data=""
stop() {
  if [ -n "$scraper" ]; then kill "$scraper" 2>/dev/null || true; wait "$scraper" 2>/dev/null || true; fi
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$data" ]; then rm -rf "$data"; fi
  scraper="" server="" data=""
}
trap stop EXIT

# One server build for both modes: built once here, then only started.
(cd "$root" && ./mvnw -q -B -Dmaven.test.skip=true -pl server,bench -am package) >&2

# run MODE ROUND: one server, one bench run; sets rate (GET/s) and errors
rate=0 errors=0
run() {
  local mode=$1 round=$2 port endpoint
  port=$((20000 + RANDOM % 20000))
  endpoint="http://127.0.0.1:$port"
  data=$(mktemp -d "${BENCH_DATA_PARENT:-/var/tmp}/cairn-metrics-bench.XXXXXX")
  (CAIRN_METRICS=$mode on_cpu 0 "$root/bin/cairn" server --address "127.0.0.1:$port" "$data") \
    >"$out/server-$mode-$round.log" 2>&1 &
  server=$!
  await_ready "$endpoint" || { log "server ($mode) did not become ready, see $out/server-$mode-$round.log"; exit 1; }
  if [ "$mode" = on ]; then
    (on_cpu 1 bash -c "while sleep $SCRAPE_INTERVAL; do curl -fs -o /dev/null '$endpoint/_cairn/metrics'; done") &
    scraper=$!
  fi
  log "round $round, metrics $mode: GET $SIZE, c$CONC, ${WARMUP}s warm-up + ${DURATION}s"
  (on_cpu 1 "$root/bin/cairn" bench --endpoint "$endpoint" --access-key "$CAIRN_ROOT_USER" \
    --secret-key "$CAIRN_ROOT_PASSWORD" --scenario get --size "$SIZE" --objects "$OBJECTS" \
    --concurrency "$CONC" --duration "${DURATION}s" --warmup "${WARMUP}s" --no-progress \
    --json "$out/get-$mode-$round.json" >"$out/get-$mode-$round.txt" 2>&1)
  stop
  read -r rate errors < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); \
o=[x for x in d["operations"] if x["count"]][0]; print("%.0f %d" % (o["opsPerSecond"], o["errorCount"]))' \
    "$out/get-$mode-$round.json")
}

on_rates=() off_rates=() rows=()
for round in $(seq "$ROUNDS"); do
  order="on off"
  [ $((round % 2)) = 0 ] && order="off on"
  for mode in $order; do
    run "$mode" "$round"
    if [ "$mode" = on ]; then on_rate=$rate on_errors=$errors; else off_rate=$rate off_errors=$errors; fi
  done
  on_rates+=("$on_rate")
  off_rates+=("$off_rate")
  pct=$(python3 -c "print(round(100.0 * $on_rate / $off_rate, 1) if $off_rate else 0)")
  rows+=("| $round ($order) | $on_rate | $off_rate | $pct% | $on_errors/$off_errors | $(cut -d' ' -f1 /proc/loadavg) |")
done
on_median=$(median "${on_rates[@]}")
off_median=$(median "${off_rates[@]}")
ratio=$(python3 -c "print(round(100.0 * $on_median / $off_median, 1) if $off_median else 0)")
{
  echo "| round (order) | metrics on, GET/s | metrics off, GET/s | on / off | errors (on/off) | load avg after |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Median: on $on_median GET/s, off $off_median GET/s: **$ratio%** (acceptance: at least 95%)."
  echo "GET $SIZE, $OBJECTS objects, c$CONC, ${WARMUP}s warm-up + ${DURATION}s per run, scrape every ${SCRAPE_INTERVAL}s when on."
  echo "Pinned (server CPU 0, generator CPU 1): $([ "$PIN" = 1 ] && echo yes || echo no)."
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)."
} | tee "$out/table.md"
