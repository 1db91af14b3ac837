#!/usr/bin/env bash
# Metrics cost (issue #8, acceptance 6): the small-object GET rate with request metrics on (recorded, and scraped
# every SCRAPE_INTERVAL seconds as Prometheus would) and off, each measured by the bench tool's GET scenario (4 KiB
# objects, as the get4k row of bench/compare.sh). Two methods:
#
#   METHOD=switch (default): ONE server, warmed up once; each round measures both modes, switching recording with
#     `cairn admin metrics pause|resume` (the scraper runs only while on). Both modes share one JVM, its JIT code,
#     heap and data, so the difference is the cost of recording and scraping.
#   METHOD=restart: per round a fresh server with CAIRN_METRICS=on and one with CAIRN_METRICS=off. This also covers
#     what only start-up sets (the registry, JVM meters), but fresh JVMs on this machine differ from one another by
#     more than the cost measured (see docs/benchmarks.md), so it needs many rounds.
#
# The modes alternate and swap order every round, so drift of the machine hits both alike. The server is pinned to
# CPU 0 and the generator (bin/cairn bench), the admin calls and the scraper to CPU 1, as in bench/compare.sh.
# Prints a Markdown table, the median of the per-round ratios and the ratio of the medians (on / off); the acceptance
# bar is 95%. Exits 0 whatever the ratio: the number is for docs/benchmarks.md, to be read on a quiet machine.
#
#   bench/metrics-cost.sh                    raw JSON and server logs in bench-results/metrics-cost-DATE/ (not in git)
#   METHOD=switch ROUNDS=10 DURATION=10 WARMUP=3 SERVER_WARMUP=30 CONC=16 OBJECTS=1000 SIZE=4KiB SCRAPE_INTERVAL=15
#   METHOD=restart ROUNDS=5 DURATION=20 WARMUP=15 ...
#   BENCH_DATA_PARENT=/var/tmp               where the data directories go (a real disk, not tmpfs)
#   PIN=0                                    no pinning: server and generator share both cores
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../bin/lib/java-home.sh disable=SC1091
. "$root/bin/lib/java-home.sh"
METHOD=${METHOD:-switch}
case "$METHOD" in
  switch) ROUNDS=${ROUNDS:-10} DURATION=${DURATION:-10} WARMUP=${WARMUP:-3} ;;
  # A fresh JVM needs about 15 s before its JIT settles: the first seconds are slower with either mode.
  restart) ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-20} WARMUP=${WARMUP:-15} ;;
  *) echo "METHOD must be switch or restart" >&2; exit 2 ;;
esac
SERVER_WARMUP=${SERVER_WARMUP:-30}
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
  stop_scraper
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$data" ]; then rm -rf "$data"; fi
  server="" data=""
}
trap stop EXIT

# One server build for both modes: built once here, then only started.
(cd "$root" && ./mvnw -q -B -Dmaven.test.skip=true -pl server,bench -am package) >&2

# start_server MODE: a fresh server (CAIRN_METRICS=MODE) on a fresh data directory; sets endpoint
endpoint=""
start_server() {
  local port
  port=$((20000 + RANDOM % 20000))
  endpoint="http://127.0.0.1:$port"
  data=$(mktemp -d "${BENCH_DATA_PARENT:-/var/tmp}/cairn-metrics-bench.XXXXXX")
  (CAIRN_METRICS=$1 on_cpu 0 "$root/bin/cairn" server --address "127.0.0.1:$port" "$data") \
    >>"$out/server-$1.log" 2>&1 &
  server=$!
  await_ready "$endpoint" || { log "server ($1) did not become ready, see $out/server-$1.log"; exit 1; }
}

# bench NAME WARMUP DURATION: one GET run of the bench tool against $endpoint; sets rate (GET/s) and errors
rate=0 errors=0
bench() {
  (on_cpu 1 "$root/bin/cairn" bench --endpoint "$endpoint" --access-key "$CAIRN_ROOT_USER" \
    --secret-key "$CAIRN_ROOT_PASSWORD" --scenario get --size "$SIZE" --objects "$OBJECTS" \
    --concurrency "$CONC" --duration "${3}s" --warmup "${2}s" --no-progress \
    --json "$out/$1.json" >"$out/$1.txt" 2>&1)
  read -r rate errors < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); \
o=[x for x in d["operations"] if x["count"]][0]; print("%.0f %d" % (o["opsPerSecond"], o["errorCount"]))' \
    "$out/$1.json")
}

start_scraper() {
  (on_cpu 1 bash -c "while sleep $SCRAPE_INTERVAL; do curl -fs -o /dev/null '$endpoint/_cairn/metrics'; done") &
  scraper=$!
}

stop_scraper() {
  if [ -n "$scraper" ]; then kill "$scraper" 2>/dev/null || true; wait "$scraper" 2>/dev/null || true; fi
  scraper=""
}

# run MODE ROUND: measures one mode; sets rate and errors
run() {
  local mode=$1 round=$2
  if [ "$METHOD" = restart ]; then
    start_server "$mode"
  else
    local verb=pause
    [ "$mode" = on ] && verb=resume
    (on_cpu 1 "$root/bin/cairn" admin --endpoint "$endpoint" metrics "$verb") >>"$out/admin.log" 2>&1
  fi
  if [ "$mode" = on ]; then start_scraper; fi
  log "round $round, metrics $mode: GET $SIZE, c$CONC, ${WARMUP}s warm-up + ${DURATION}s"
  bench "get-$mode-$round" "$WARMUP" "$DURATION"
  stop_scraper
  if [ "$METHOD" = restart ]; then stop; fi
}

if [ "$METHOD" = switch ]; then
  start_server on
  log "warming the server up: GET $SIZE, c$CONC, ${SERVER_WARMUP}s"
  bench warmup 0 "$SERVER_WARMUP"
fi

on_rates=() off_rates=() pcts=() rows=()
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
  pcts+=("$pct")
  rows+=("| $round ($order) | $on_rate | $off_rate | $pct% | $on_errors/$off_errors | $(cut -d' ' -f1 /proc/loadavg) |")
done
on_median=$(median "${on_rates[@]}")
off_median=$(median "${off_rates[@]}")
ratio=$(python3 -c "print(round(100.0 * $on_median / $off_median, 1) if $off_median else 0)")
pct_median=$(median "${pcts[@]}")
{
  echo "| round (order) | metrics on, GET/s | metrics off, GET/s | on / off | errors (on/off) | load avg after |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Median of the rounds' ratios: **$pct_median%**; ratio of the medians (on $on_median GET/s," \
    "off $off_median GET/s): **$ratio%** (acceptance: at least 95%)."
  if [ "$METHOD" = switch ]; then
    echo "Method: switch (one server, ${SERVER_WARMUP}s warm-up, recording paused and resumed)."
  else
    echo "Method: restart (a fresh server per run)."
  fi
  echo "GET $SIZE, $OBJECTS objects, c$CONC, ${WARMUP}s warm-up + ${DURATION}s per run, scrape every ${SCRAPE_INTERVAL}s when on."
  echo "Pinned (server CPU 0, generator CPU 1): $([ "$PIN" = 1 ] && echo yes || echo no)."
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)."
} | tee "$out/table.md"
