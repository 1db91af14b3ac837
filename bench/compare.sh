#!/usr/bin/env bash
# Side-by-side benchmark: Cairn vs s3proxy 2.6.0 (filesystem backend) vs the machine's ceiling
# (nginx serving the same files, the JDK's single-core MD5, the disk's fsynced sequential write),
# on one machine, each server pinned in turn to CPU 0 and the load generators to CPU 1.
# Writes the tables into docs/benchmarks.md (between <!-- bench:begin --> and <!-- bench:end -->)
# and keeps the raw results in bench-results/ (not in git).
#
#   bench/compare.sh               full run (about 40 minutes on an idle 2-core machine)
#   QUICK=1 bench/compare.sh       smoke run (a few minutes, short measurements; numbers are rough)
#
# Settings (environment):
#   DURATION=8 WARMUP=2           seconds measured / warmed up per run (QUICK: 2 and 1)
#   SERVER_WARMUP=90              seconds of small-object load on each server after it started, before anything is
#                                 measured (QUICK: 0): a JVM pinned to one core compiles while it serves, and small
#                                 GETs were still getting faster after a minute of load
#   FIRST_WARMUP=15               warm-up of the first run of each scenario and generator on a server (QUICK: 1):
#                                 the code paths that scenario uses are still being compiled then
#   LARGE_DURATION=15             seconds measured for the 64 MiB runs at up to 16 connections (QUICK: 8),
#                                 times connections/16 above that: a closed loop counts completed transfers,
#                                 and a round of 64 x 64 MiB takes longer than 15 s
#   LIST_DURATION=20              seconds measured for the LIST runs at up to 16 connections (QUICK: 8), times
#                                 connections/16 above that (as LARGE_DURATION): s3proxy's pages take seconds each
#   CONCURRENCIES="16 64"         connections
#   SERVERS="cairn s3proxy"       servers to measure
#   SCENARIOS="put4k get4k stat4k get1m get64m put64m list mixed64k"
#   CEILING=1                     0 skips nginx, MD5 and dd
#   CAIRN_JAVA_OPTS, S3PROXY_JAVA_OPTS   JVM options of the servers (default: none, as a user runs them)
#   BENCH_JAVA_OPTS               JVM options of the bench tool (default: none)
#   RESULTS_DIR                   default bench-results/DATE-TIME (QUICK runs: ...-quick)
#   BENCH_DATA_PARENT             where the servers' data dirs go (default /var/tmp: a real disk, not tmpfs)
#   CAIRN_BENCH_CACHE             where s3proxy's jar is kept (default ~/.cache/cairn-bench)
#   MAX_OTHER_CPU=15 RETRIES=2    a run during which other processes took more than 15% of CPU 0 or CPU 1
#                                 is run again (after RETRY_WAIT=15 s), at most RETRIES times
#   UPDATE_DOC=1                  0 leaves docs/benchmarks.md alone
#   NO_INSTALL=1                  never apt-get; fail if a tool is missing
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/bench/tools"
# shellcheck source=../bin/lib/java-home.sh disable=SC1091
. "$root/bin/lib/java-home.sh"
JAVA="$JAVA_HOME/bin/java"

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  DURATION=${DURATION:-2}; WARMUP=${WARMUP:-1}; FIRST_WARMUP=${FIRST_WARMUP:-1}; SERVER_WARMUP=${SERVER_WARMUP:-0}; LARGE_DURATION=${LARGE_DURATION:-8}
  MD5_SECONDS=${MD5_SECONDS:-3}; LARGE_OBJECTS=${LARGE_OBJECTS:-4}; MID_OBJECTS=${MID_OBJECTS:-50}
else
  DURATION=${DURATION:-8}; WARMUP=${WARMUP:-2}; FIRST_WARMUP=${FIRST_WARMUP:-15}; SERVER_WARMUP=${SERVER_WARMUP:-90}; LARGE_DURATION=${LARGE_DURATION:-15}
  MD5_SECONDS=${MD5_SECONDS:-5}; LARGE_OBJECTS=${LARGE_OBJECTS:-8}; MID_OBJECTS=${MID_OBJECTS:-200}
fi
SMALL_OBJECTS=${SMALL_OBJECTS:-1000}
# LIST on s3proxy's filesystem backend takes most of a second per page, so a round of 64 concurrent
# LISTs lasts longer than the usual window: list runs get a longer one.
LIST_DURATION=${LIST_DURATION:-$([ "$QUICK" = 1 ] && echo 8 || echo 20)}
LIST_KEYS=${LIST_KEYS:-10000}
LIST_PAGE=${LIST_PAGE:-1000}
CONCURRENCIES=${CONCURRENCIES:-"16 64"}
SERVERS=${SERVERS:-"cairn s3proxy"}
SCENARIOS=${SCENARIOS:-"put4k get4k stat4k get1m get64m put64m list mixed64k"}
CEILING=${CEILING:-1}
UPDATE_DOC=${UPDATE_DOC:-1}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-}
MAX_OTHER_CPU=${MAX_OTHER_CPU:-15}
RETRIES=${RETRIES:-2}
RETRY_WAIT=${RETRY_WAIT:-15}
HZ=$(getconf CLK_TCK)
S3PROXY_VERSION=${S3PROXY_VERSION:-2.6.0}
CACHE_DIR=${CAIRN_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn-bench}
DOC=${DOC:-$root/docs/benchmarks.md}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
ACCESS_KEY=cairnbench
SECRET_KEY=cairn-bench-secret-key-0123456789abcdef
REGION=us-east-1
stamp=$(date +%Y%m%d-%H%M%S)
RESULTS_DIR=${RESULTS_DIR:-$root/bench-results/$stamp$(if [ "$QUICK" = 1 ]; then echo -quick; fi)}

TIMEFORMAT='%3U %3S' # `time` prints the user and system CPU seconds of a generator run

log() { printf '[compare %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- clean-up of everything we start
pids=()
work=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local p
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do
    wait "$p" 2>/dev/null || true
  done
  if [ -n "$work" ] && [ -d "$work" ]; then rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

forget_pid() {
  local keep=() p
  for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  pids=("${keep[@]}")
}

stop_pid() { # PID: TERM, then KILL after 20 s
  local p=$1 i
  kill "$p" 2>/dev/null || true
  for i in $(seq 1 200); do
    kill -0 "$p" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  forget_pid "$p"
}

# large_secs CONC: the window of a 64 MiB run (see LARGE_DURATION)
large_secs() { echo $(( LARGE_DURATION * ($1 > 16 ? $1 / 16 : 1) )); }
# list_secs CONC: the window of a LIST run (see LIST_DURATION)
list_secs() { echo $(( LIST_DURATION * ($1 > 16 ? $1 / 16 : 1) )); }

# warmup_for SCENARIO_ID TOOL: sets $warm, the warm-up seconds of this run: FIRST_WARMUP for the first run of a
# scenario and generator on the running server (the first runs after a start measured a server still compiling its
# request paths: 16-connection 4 KiB GETs at two thirds of the 64-connection rate), WARMUP after that.
declare -A warmed=()
warmup_for() {
  local key="$server_name-$1-$2"
  if [ -z "${warmed[$key]:-}" ]; then
    warmed[$key]=1
    warm=$FIRST_WARMUP
  else
    warm=$WARMUP
  fi
}

# ---------------------------------------------------------------- tools
install_tools() {
  local need=()
  command -v wrk >/dev/null || need+=(wrk)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
  command -v ab >/dev/null || need+=(apache2-utils)
  command -v jq >/dev/null || need+=(jq)
  command -v taskset >/dev/null || need+=(util-linux)
  command -v curl >/dev/null || need+=(curl)
  [ ${#need[@]} -eq 0 ] && return 0
  [ "${NO_INSTALL:-0}" = 1 ] && die "missing: ${need[*]} (NO_INSTALL=1)"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "missing ${need[*]}; run as root or install them"
    sudo=sudo
  fi
  log "installing ${need[*]} (apt-get)"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >&2
}

s3proxy_jar=""
resolve_s3proxy() {
  s3proxy_jar="$CACHE_DIR/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
  [ -s "$s3proxy_jar" ] && return 0
  mkdir -p "$CACHE_DIR"
  log "resolving org.gaul:s3proxy:$S3PROXY_VERSION (jar-with-dependencies) with Maven into $CACHE_DIR"
  (cd "$root" && ./mvnw -q -B -N dependency:copy \
      "-Dartifact=org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
      "-DoutputDirectory=$CACHE_DIR") >&2
  [ -s "$s3proxy_jar" ] || die "s3proxy jar not found after resolving: $s3proxy_jar"
}

build_cairn() { # bin/cairn builds a command's jar when it is missing or older than the sources
  log "building the server and the bench tool if their jars are stale"
  "$root/bin/cairn" server --help >/dev/null || die "bin/cairn server --help failed"
  "$root/bin/cairn" bench --help >/dev/null || die "bin/cairn bench --help failed"
}

# ---------------------------------------------------------------- helpers
free_port() {
  local p
  for p in $(seq "${1:-19100}" 19999); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free port"
}

wait_http() { # PORT PID LOG
  local i
  for i in $(seq 1 600); do
    if ! kill -0 "$2" 2>/dev/null; then tail -n 30 "$3" >&2; die "server exited while starting (log: $3)"; fi
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/" 2>/dev/null || true)" != 000 ] && return 0
    sleep 0.2
  done
  tail -n 30 "$3" >&2
  die "server on port $1 did not answer within 120 s"
}

rss_kib() { # PID -> VmRSS in KiB
  local k v _
  while read -r k v _; do
    [ "$k" = VmRSS: ] && { echo "$v"; return 0; }
  done <"/proc/$1/status"
  echo 0
}

cpu_ticks() { # PID... -> utime+stime of the processes (all their threads), in clock ticks
  local total=0 p stat rest
  for p in "$@"; do
    stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    rest=${stat##*) }
    # fields after "comm)": state=1 ... utime=12 stime=13
    # shellcheck disable=SC2086
    set -- $rest
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}

phase_file=""
set_phase() { echo "$*" >"$phase_file"; }

sampler_pid=""
start_sampler() { # PID OUT: RSS every 0.5 s, tagged with the current phase
  local pid=$1 out=$2
  (
    while kill -0 "$pid" 2>/dev/null; do
      printf '%s %s\n' "$(cat "$phase_file" 2>/dev/null)" "$(rss_kib "$pid" 2>/dev/null || echo 0)"
      sleep 0.5
    done
  ) >>"$out" 2>/dev/null &
  sampler_pid=$!
  pids+=("$sampler_pid")
  taskset -p -c "$CLIENT_CPU" "$sampler_pid" >/dev/null 2>&1 || true
}

stop_sampler() {
  [ -n "$sampler_pid" ] && stop_pid "$sampler_pid"
  sampler_pid=""
}

fact() { printf '%s=%s\n' "$1" "$2" >>"$RESULTS_DIR/facts.env"; }

# results.tsv columns: other_cpu0/1 are the percent of CPU 0 (server) and CPU 1 (generator) that processes
# other than ours used during the run (user+system+steal of the core less our process's own time).
header="server	scenario	conc	tool	op	ops	mib	p50	p90	p99	max	errors	client_cpu	client_us_op	server_cpu	other_cpu0	other_cpu1	note"
failed_row() { # SERVER ID CONC TOOL OP
  printf '%s\t%s\t%s\t%s\t%s\t\t\t\t\t\t\t\t\t\t\t\t\tfailed\n' "$@"
}

cpu_busy_ticks() { # CPU -> user+nice+system+steal ticks of that core (/proc/stat)
  awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $9 }' /proc/stat
}

# A measured window: the server's and both cores' CPU time, to tell how busy the server was and whether
# anything else ran on our cores meanwhile (this machine may be shared).
w_ns=0; w_srv=0; w_c0=0; w_c1=0
window_begin() {
  w_ns=$(date +%s%N); w_srv=$(cpu_ticks "${server_pids[@]}")
  w_c0=$(cpu_busy_ticks "$SERVER_CPU"); w_c1=$(cpu_busy_ticks "$CLIENT_CPU")
}
window_end() { # GENERATOR_CPU_SECONDS -> "server_cpu% other_cpu0% other_cpu1%" over the window
  local ns srv c0 c1
  ns=$(date +%s%N); srv=$(cpu_ticks "${server_pids[@]}")
  c0=$(cpu_busy_ticks "$SERVER_CPU"); c1=$(cpu_busy_ticks "$CLIENT_CPU")
  awk -v wall="$(((ns - w_ns) / 1000))" -v srv="$((srv - w_srv))" -v c0="$((c0 - w_c0))" -v c1="$((c1 - w_c1))" \
      -v gen="$1" -v hz="$HZ" 'BEGIN {
    w = wall / 1e6; s = srv / hz; o0 = c0 / hz - s; o1 = c1 / hz - gen
    if (o0 < 0) o0 = 0; if (o1 < 0) o1 = 0
    printf "%.1f %.1f %.1f\n", 100 * s / w, 100 * o0 / w, 100 * o1 / w }'
}

time_cpu() { # FILE written by bash `time` (TIMEFORMAT "%3U %3S") -> CPU seconds
  awk '{ s = $1 + $2 } END { print s + 0 }' "$1"
}

# retry RUN_FUNCTION ARGS...: runs it; when other processes took more than MAX_OTHER_CPU percent of either of
# our cores during it, waits and runs it again (up to RETRIES times), and keeps the last attempt's rows.
retry() {
  local attempt other
  for attempt in $(seq 0 "$RETRIES"); do
    : >"$work/rows"
    "$@"
    other=$(awk -F'\t' 'END { o = ($16 > $17 ? $16 : $17); print o + 0 }' "$work/rows")
    if [ "$attempt" -lt "$RETRIES" ] && awk -v o="$other" -v m="$MAX_OTHER_CPU" 'BEGIN { exit !(o > m) }'; then
      log "  disturbed: other processes used ${other}% of a core we measure on; again in ${RETRY_WAIT}s"
      sleep "$RETRY_WAIT"
      continue
    fi
    cat "$work/rows" >>"$RESULTS_DIR/results.tsv"
    return 0
  done
}

# run_bench SCENARIO_ID CONC SECONDS -- bench args...
run_bench() { local id=$1 conc=$2 secs=$3; shift 4; retry bench_once "$id" "$conc" "$secs" "$@"; }
bench_once() {
  local id=$1 conc=$2 secs=$3; shift 3
  local base="$RESULTS_DIR/raw/$server_name-$id-c$conc-bench" o0 o1
  set_phase "$server_name $id c$conc bench"
  warmup_for "$id" bench
  log "$server_name $id c$conc: cairn bench $* (warm-up ${warm}s)"
  rm -f "$base.json"
  window_begin
  if ! { time JAVA_OPTS="$BENCH_JAVA_OPTS" taskset -c "$CLIENT_CPU" "$root/bin/cairn" bench --endpoint "$endpoint" \
      --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" --region "$REGION" --concurrency "$conc" \
      --duration "${secs}s" --warmup "${warm}s" --no-progress --json "$base.json" "$@" >"$base.txt" 2>&1; } \
      2>"$base.time" || [ ! -s "$base.json" ]; then
    log "  FAILED (see $base.txt)"
    tail -n 5 "$base.txt" >&2 || true
    failed_row "$server_name" "$id" "$conc" bench ALL >>"$work/rows"
    return 0
  fi
  # over the whole invocation (JVM start, preparation, clean-up): only the other processes' share is kept
  read -r _ o0 o1 <<<"$(window_end "$(time_cpu "$base.time")")"
  jq -r --arg s "$server_name" --arg id "$id" --arg c "$conc" --arg o0 "$o0" --arg o1 "$o1" '
      def n: if . == null then "" else tostring end;
      (.client.cpuCores // null) as $cc | (.client.cpuMicrosPerRequest // null) as $cu |
      (if $cc == null then "" else ($cc * 100 | tostring) end) as $ccp |
      (.operations | map(select(.count > 0 or .errorCount > 0))) as $ops |
      ($ops[] | [$s, $id, $c, "bench", .op, (.opsPerSecond|n), (.mibPerSecond|n), (.latencyMs.p50|n),
                 (.latencyMs.p90|n), (.latencyMs.p99|n), (.latencyMs.max|n), (.errorCount|n),
                 $ccp, ($cu|n), "", $o0, $o1, ""] | @tsv),
      ([$s, $id, $c, "bench", "ALL", (.operations | map(.opsPerSecond) | add // 0 | n),
        (.operations | map(.mibPerSecond) | add // 0 | n),
        (if ($ops|length) == 1 then ($ops[0].latencyMs.p50|n) else "" end),
        (if ($ops|length) == 1 then ($ops[0].latencyMs.p90|n) else "" end),
        ($ops | map(.latencyMs.p99) | max | n), ($ops | map(.latencyMs.max) | max | n),
        (.operations | map(.errorCount) | add // 0 | n), $ccp, ($cu|n), "", $o0, $o1,
        (if ($ops|length) == 0 then "none-completed" else "" end)] | @tsv)
    ' "$base.json" >>"$work/rows" || { log "  could not read $base.json"; failed_row "$server_name" "$id" "$conc" bench ALL >>"$work/rows"; }
  jq -r '.operations[] | select(.count > 0 or .errorCount > 0) | "  \(.op): \(.opsPerSecond|floor) ops/s, \(.mibPerSecond*10|floor/10) MiB/s, p99 \(.latencyMs.p99) ms, errors \(.errorCount)"' \
    "$base.json" >&2 || true
  log "  bench CPU $(jq -r '.client.cpuMicrosPerRequest // "?"' "$base.json") µs/request; other load CPU0 ${o0}%, CPU1 ${o1}%"
}

# run_wrk SCENARIO_ID CONC SECONDS URLFILE SIZE_BYTES: presigned (or plain) GETs, cycling through URLFILE
run_wrk() { retry wrk_once "$@"; }
wrk_once() {
  local id=$1 conc=$2 secs=$3 urls=$4 size=$5
  local port base out w
  port=$(head -n 1 "$urls" | sed -E 's#^[a-z]+://[^:/]+:([0-9]+)/.*#\1#')
  base="$RESULTS_DIR/raw/$server_name-$id-c$conc-wrk"
  set_phase "$server_name $id c$conc wrk"
  warmup_for "$id" wrk
  log "$server_name $id c$conc: wrk (${secs}s, $(wc -l <"$urls") URLs, warm-up ${warm}s)"
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$conc" -d"${warm}s" --timeout 60s -s "$tools/urls.lua" \
    "http://127.0.0.1:$port/" -- "$urls" GET >/dev/null 2>&1 || true
  window_begin
  if ! { time taskset -c "$CLIENT_CPU" wrk -t1 -c"$conc" -d"${secs}s" --timeout 60s -s "$tools/urls.lua" \
      "http://127.0.0.1:$port/" -- "$urls" GET >"$base.txt" 2>&1; } 2>"$base.time"; then
    log "  FAILED (see $base.txt)"
    failed_row "$server_name" "$id" "$conc" wrk GET >>"$work/rows"
    return 0
  fi
  w=$(window_end "$(time_cpu "$base.time")")
  out=$(grep '^WRK_RESULT' "$base.txt" || true)
  if [ -z "$out" ]; then
    log "  no WRK_RESULT in $base.txt"
    failed_row "$server_name" "$id" "$conc" wrk GET >>"$work/rows"
    return 0
  fi
  awk -v s="$server_name" -v id="$id" -v c="$conc" -v size="$size" -v line="$out" -v w="$w" \
      -v cpu="$(time_cpu "$base.time")" '
    BEGIN {
      n = split(line, kv, " ")
      for (i = 2; i <= n; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
      split(w, ww, " ")
      secs = v["duration_us"] / 1e6
      ops = v["requests"] / secs
      errs = v["errors"] + v["non2xx"]
      printf "%s\t%s\t%s\twrk\tGET\t%.1f\t%.2f\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%.1f\t%.2f\t%s\t%s\t%s\t%s\n", s, id, c, ops,
        ops * size / 1048576, v["p50_us"] / 1000, v["p90_us"] / 1000, v["p99_us"] / 1000, v["max_us"] / 1000, errs,
        100 * cpu / secs, (v["requests"] > 0 ? 1e6 * cpu / v["requests"] : 0), ww[1], ww[2], ww[3],
        (v["requests"] > 0 ? "" : "none-completed")
    }' >>"$work/rows"
  awk -F'\t' '{printf "  GET: %d ops/s, %.1f MiB/s, p99 %s ms, errors %s; CPU: wrk %s%%, server %s%%, other load CPU0 %s%% CPU1 %s%%\n", $6, $7, $10, $12, $13, $15, $16, $17}' "$work/rows" >&2
}

# run_ab SCENARIO_ID CONC SECONDS URL: HEAD requests on one URL with ab (wrk cannot do HEAD: it waits for a body)
run_ab() { retry ab_once "$@"; }
ab_once() {
  local id=$1 conc=$2 secs=$3 url=$4
  local base w
  base="$RESULTS_DIR/raw/$server_name-$id-c$conc-ab"
  set_phase "$server_name $id c$conc ab"
  warmup_for "$id" ab
  log "$server_name $id c$conc: ab -i (HEAD, ${secs}s, warm-up ${warm}s)"
  taskset -c "$CLIENT_CPU" ab -q -i -k -c "$conc" -t "$warm" -n 100000000 -s 60 "$url" >/dev/null 2>&1 || true
  window_begin
  if ! { time taskset -c "$CLIENT_CPU" ab -q -i -k -c "$conc" -t "$secs" -n 100000000 -s 60 "$url" >"$base.txt" 2>&1; } 2>"$base.time"; then
    log "  FAILED (see $base.txt)"
    failed_row "$server_name" "$id" "$conc" ab HEAD >>"$work/rows"
    return 0
  fi
  w=$(window_end "$(time_cpu "$base.time")")
  awk -v s="$server_name" -v id="$id" -v c="$conc" -v w="$w" -v cpu="$(time_cpu "$base.time")" '
    /^Complete requests:/ { req = $3 }
    /^Failed requests:/ { failed = $3 }
    /^Non-2xx responses:/ { non2xx = $3 }
    /^Time taken for tests:/ { secs = $5 }
    /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 } /^ +100%/ { mx = $2 }
    END {
      if (secs <= 0) exit 1
      split(w, ww, " ")
      printf "%s\t%s\t%s\tab\tHEAD\t%.1f\t0\t%s\t%s\t%s\t%s\t%d\t%.1f\t%.2f\t%s\t%s\t%s\t\n", s, id, c, req / secs,
        p50, p90, p99, mx, failed + non2xx, 100 * cpu / secs, (req > 0 ? 1e6 * cpu / req : 0), ww[1], ww[2], ww[3]
    }' "$base.txt" >>"$work/rows" || { log "  could not parse $base.txt"; failed_row "$server_name" "$id" "$conc" ab HEAD >>"$work/rows"; return 0; }
  awk -F'\t' '{printf "  HEAD: %d ops/s, p99 %s ms, errors %s; CPU: ab %s%%, server %s%%, other load CPU0 %s%% CPU1 %s%%\n", $6, $10, $12, $13, $15, $16, $17}' "$work/rows" >&2
}

# presign ID SIZE COUNT -> a file of presigned GET URLs (objects kept in a bucket of their own)
presign() {
  local id=$1 size=$2 count=$3 file="$work/$server_name-$1.urls"
  log "$server_name: preparing $count objects of $size for wrk (presigned URLs)"
  set_phase "$server_name $id prepare"
  if ! JAVA_OPTS="$BENCH_JAVA_OPTS" taskset -c "$CLIENT_CPU" "$root/bin/cairn" bench --endpoint "$endpoint" \
      --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" --region "$REGION" --size "$size" --objects "$count" --concurrency 16 \
      --presign-urls "$file" --presign-expiry 6h --no-progress >"$RESULTS_DIR/raw/$server_name-$id-presign.txt" 2>&1 \
      || [ ! -s "$file" ]; then
    log "  presign FAILED (see $RESULTS_DIR/raw/$server_name-$id-presign.txt)"
    return 1
  fi
  echo "$file"
}

# ---------------------------------------------------------------- the scenarios against one server
run_scenarios() {
  local conc id urls
  declare -A url_files=()
  for id in $SCENARIOS; do
    case "$id" in
      get4k | stat4k) [ -n "${url_files[4k]:-}" ] || url_files[4k]=$(presign 4k 4KiB "$SMALL_OBJECTS") || url_files[4k]="" ;;
      get1m) url_files[1m]=$(presign 1m 1MiB "$MID_OBJECTS") || url_files[1m]="" ;;
      get64m) url_files[64m]=$(presign 64m 64MiB "$LARGE_OBJECTS") || url_files[64m]="" ;;
    esac
  done
  warm_server "${url_files[4k]:-}"
  if [ -n "${url_files[4k]:-}" ]; then
    head -n 1 "${url_files[4k]}" | "$JAVA" "$tools/Presign.java" --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" \
      --region "$REGION" --method HEAD --expires 21600 >"$work/$server_name-4k.head" || true
  fi
  for conc in $CONCURRENCIES; do
    for id in $SCENARIOS; do
      case "$id" in
        put4k) run_bench put4k "$conc" "$DURATION" -- --scenario put --size 4KiB ;;
        get4k)
          run_bench get4k "$conc" "$DURATION" -- --scenario get --size 4KiB --objects "$SMALL_OBJECTS"
          [ -n "${url_files[4k]:-}" ] && run_wrk get4k "$conc" "$DURATION" "${url_files[4k]}" 4096
          ;;
        stat4k)
          run_bench stat4k "$conc" "$DURATION" -- --scenario stat --size 4KiB --objects "$SMALL_OBJECTS"
          [ -s "$work/$server_name-4k.head" ] && run_ab stat4k "$conc" "$DURATION" "$(head -n 1 "$work/$server_name-4k.head")"
          ;;
        get1m)
          run_bench get1m "$conc" "$DURATION" -- --scenario get --size 1MiB --objects "$MID_OBJECTS"
          [ -n "${url_files[1m]:-}" ] && run_wrk get1m "$conc" "$DURATION" "${url_files[1m]}" 1048576
          ;;
        get64m)
          run_bench get64m "$conc" "$(large_secs "$conc")" -- --scenario get --size 64MiB --objects "$LARGE_OBJECTS"
          [ -n "${url_files[64m]:-}" ] && run_wrk get64m "$conc" "$(large_secs "$conc")" "${url_files[64m]}" 67108864
          ;;
        put64m) run_bench put64m "$conc" "$(large_secs "$conc")" -- --scenario put --size 64MiB ;;
        list) run_bench list "$conc" "$(list_secs "$conc")" -- --scenario list --list-keys "$LIST_KEYS" --page "$LIST_PAGE" ;;
        mixed64k) run_bench mixed64k "$conc" "$DURATION" -- --scenario mixed --size 64KiB --objects "$SMALL_OBJECTS" ;;
        *) die "unknown scenario $id" ;;
      esac
    done
  done
}

warm_server() { # [URL FILE of 4 KiB objects]: SERVER_WARMUP seconds of small-object load, nothing recorded
  local urls=$1 half=$((SERVER_WARMUP / 2))
  [ "$SERVER_WARMUP" -gt 0 ] || return 0
  log "$server_name: warming up for ${SERVER_WARMUP}s (4 KiB mixed load, then presigned GETs)"
  set_phase "$server_name warm-up"
  JAVA_OPTS="$BENCH_JAVA_OPTS" taskset -c "$CLIENT_CPU" "$root/bin/cairn" bench --endpoint "$endpoint" \
    --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" --region "$REGION" --concurrency 16 \
    --duration "${half}s" --warmup 0s --no-progress --scenario mixed --size 4KiB --objects "$SMALL_OBJECTS" \
    >"$RESULTS_DIR/raw/$server_name-warmup.txt" 2>&1 || log "  warm-up load failed (see $server_name-warmup.txt)"
  if [ -n "$urls" ]; then
    taskset -c "$CLIENT_CPU" wrk -t1 -c16 -d"$((SERVER_WARMUP - half))s" --timeout 60s -s "$tools/urls.lua" \
      "${endpoint}/" -- "$urls" GET >/dev/null 2>&1 || true
  fi
}

start_server() { # NAME -> sets endpoint, server_pids
  local name=$1 port data pid
  port=$(free_port 19100)
  data="$work/$name-data"
  mkdir -p "$data"
  endpoint="http://127.0.0.1:$port"
  server_name=$name
  case "$name" in
    cairn)
      log "starting Cairn on $endpoint (CPU $SERVER_CPU), data $data"
      # shellcheck disable=SC2086
      CAIRN_ROOT_USER=$ACCESS_KEY CAIRN_ROOT_PASSWORD=$SECRET_KEY JAVA_OPTS="${CAIRN_JAVA_OPTS:-}" \
        taskset -c "$SERVER_CPU" "$root/bin/cairn" server --address "127.0.0.1:$port" "$data/store" \
        >"$RESULTS_DIR/raw/cairn-server.log" 2>&1 &
      pid=$!
      ;;
    s3proxy)
      log "starting s3proxy $S3PROXY_VERSION (filesystem) on $endpoint (CPU $SERVER_CPU), data $data"
      cat >"$work/s3proxy.conf" <<EOF
s3proxy.endpoint=$endpoint
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$ACCESS_KEY
s3proxy.credential=$SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$data
EOF
      # shellcheck disable=SC2086
      taskset -c "$SERVER_CPU" "$JAVA" ${S3PROXY_JAVA_OPTS:-} -jar "$s3proxy_jar" --properties "$work/s3proxy.conf" \
        >"$RESULTS_DIR/raw/s3proxy-server.log" 2>&1 &
      pid=$!
      ;;
  esac
  pids+=("$pid")
  server_pids=("$pid")
  wait_http "$port" "$pid" "$RESULTS_DIR/raw/$name-server.log"
}

measure_server() {
  local name=$1 pid
  start_server "$name"
  pid=${server_pids[0]}
  fact "${name}_version" "$(
    case "$name" in
      cairn) echo "${CAIRN_VERSION:-$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)}" ;;
      s3proxy) echo "$S3PROXY_VERSION (filesystem backend)" ;;
    esac)"
  set_phase "$name idle"
  sleep 5
  fact "${name}_rss_idle_kib" "$(rss_kib "$pid")"
  log "$name idle RSS: $(($(rss_kib "$pid") / 1024)) MiB"
  : >"$RESULTS_DIR/raw/$name-rss.txt"
  start_sampler "$pid" "$RESULTS_DIR/raw/$name-rss.txt"
  run_scenarios
  stop_sampler
  set_phase "$name idle-after"
  sleep 3
  fact "${name}_rss_after_kib" "$(rss_kib "$pid")"
  fact "${name}_rss_peak_c64_kib" "$(awk '$3 == "c64" && $NF > m { m = $NF } END { print m + 0 }' "$RESULTS_DIR/raw/$name-rss.txt")"
  fact "${name}_rss_peak_kib" "$(awk '$NF > m { m = $NF } END { print m + 0 }' "$RESULTS_DIR/raw/$name-rss.txt")"
  fact "${name}_cpu_seconds" "$(awk -v t="$(cpu_ticks "$pid")" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }')"
  log "stopping $name"
  stop_pid "$pid"
  server_pids=()
  rm -rf "$work/$name-data"
}

# ---------------------------------------------------------------- the machine's ceiling
measure_ceiling() {
  local www="$work/www" port i conc
  mkdir -p "$www" "$work/nginx"
  log "ceiling: writing the files nginx serves"
  for i in $(seq 1 "$SMALL_OBJECTS"); do head -c 4096 /dev/urandom >"$www/k4-$i"; done
  head -c 1048576 /dev/urandom >"$www/m1-1"
  for i in $(seq 2 "$MID_OBJECTS"); do cp "$www/m1-1" "$www/m1-$i"; done
  head -c 67108864 /dev/urandom >"$www/m64-1"
  for i in $(seq 2 "$LARGE_OBJECTS"); do cp "$www/m64-1" "$www/m64-$i"; done
  port=$(free_port 19200)
  for i in $(seq 1 "$SMALL_OBJECTS"); do echo "http://127.0.0.1:$port/k4-$i"; done >"$work/nginx-4k.urls"
  for i in $(seq 1 "$MID_OBJECTS"); do echo "http://127.0.0.1:$port/m1-$i"; done >"$work/nginx-1m.urls"
  for i in $(seq 1 "$LARGE_OBJECTS"); do echo "http://127.0.0.1:$port/m64-$i"; done >"$work/nginx-64m.urls"
  cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
user root;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000000;
  keepalive_timeout 300s;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  scgi_temp_path $work/nginx/scgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  types { application/octet-stream bin; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$port;
    root $www;
  }
}
EOF
  server_name=nginx
  log "ceiling: nginx $(nginx -v 2>&1 | sed 's#.*/##') on port $port (worker_processes 1, CPU $SERVER_CPU)"
  taskset -c "$SERVER_CPU" nginx -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" >"$RESULTS_DIR/raw/nginx.log" 2>&1 &
  local npid=$!
  pids+=("$npid")
  wait_http "$port" "$npid" "$RESULTS_DIR/raw/nginx.log"
  local workers
  workers=$(pgrep -P "$npid" | tr '\n' ' ' || true)
  # shellcheck disable=SC2206  # a list of PIDs
  server_pids=("$npid" $workers)
  fact nginx_version "$(nginx -v 2>&1 | sed 's#.*/##')"
  for conc in $CONCURRENCIES; do
    run_wrk get4k "$conc" "$DURATION" "$work/nginx-4k.urls" 4096
    run_ab stat4k "$conc" "$DURATION" "http://127.0.0.1:$port/k4-1"
    run_wrk get1m "$conc" "$DURATION" "$work/nginx-1m.urls" 1048576
    run_wrk get64m "$conc" "$(large_secs "$conc")" "$work/nginx-64m.urls" 67108864
  done
  stop_pid "$npid"
  server_pids=()
  rm -rf "$www"

  log "ceiling: single-core MD5 of the JDK (${MD5_SECONDS}s, CPU $SERVER_CPU)"
  local md5
  md5=$(taskset -c "$SERVER_CPU" "$JAVA" "$tools/Md5Speed.java" "$MD5_SECONDS" | sed -n 's/^md5_mib_s=//p')
  log "  MD5: $md5 MiB/s"
  fact md5_mib_s "$md5"

  log "ceiling: fsynced sequential write (dd bs=1M count=1024 conv=fdatasync) in $work"
  local ddout
  ddout=$(taskset -c "$SERVER_CPU" dd if=/dev/zero of="$work/dd.tmp" bs=1M count=1024 conv=fdatasync 2>&1 | tail -n 1)
  rm -f "$work/dd.tmp"
  echo "$ddout" >"$RESULTS_DIR/raw/dd.txt"
  local dd
  dd=$(echo "$ddout" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^s,?$/ && i > 1) secs = $(i - 1); gsub(",", "", secs);
                                  if (secs > 0) printf "%.1f", $1 / 1048576 / secs }')
  log "  dd: $dd MiB/s ($ddout)"
  fact dd_mib_s "$dd"
}

# ---------------------------------------------------------------- machine facts
machine_facts() {
  local model cores mem kernel dev disk jdk
  model=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)
  cores=$(nproc)
  mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  kernel=$(uname -srm)
  dev=$(df -P "$work" | awk 'NR == 2 { print $1 }')
  disk="$(findmnt -n -o FSTYPE -T "$work" 2>/dev/null || echo '?') on $dev ($(df -hP "$work" | awk 'NR == 2 { print $2 }'))"
  local rot
  rot=$(lsblk -dn -o ROTA "$dev" 2>/dev/null | head -n 1 | tr -d ' ' || true)
  [ "$rot" = 0 ] && disk="$disk, non-rotational"
  [ "$rot" = 1 ] && disk="$disk, rotational"
  grep -q hypervisor /proc/cpuinfo && disk="$disk, virtual machine ($(lscpu | sed -n 's/^Hypervisor vendor: *//p'))"
  jdk=$("$JAVA" -version 2>&1 | head -n 2 | tail -n 1)
  fact date "$(date -u '+%Y-%m-%d %H:%M UTC')"
  fact cpu "$model"
  fact cores "$cores"
  fact memory "$mem"
  fact kernel "$kernel"
  fact disk "$disk"
  fact jdk "$jdk"
  fact wrk "$(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }')"
  fact quick "$QUICK"
  fact max_other_cpu "$MAX_OTHER_CPU"
  fact retries "$RETRIES"
  fact duration "$DURATION"
  fact warmup "$WARMUP"
  fact first_warmup "$FIRST_WARMUP"
  fact server_warmup "$SERVER_WARMUP"
  fact large_duration "$LARGE_DURATION"
  fact list_duration "$LIST_DURATION"
  fact concurrencies "$CONCURRENCIES"
  fact objects "small=$SMALL_OBJECTS mid=$MID_OBJECTS large=$LARGE_OBJECTS list=$LIST_KEYS page=$LIST_PAGE"
  fact server_cpu "$SERVER_CPU"
  fact client_cpu "$CLIENT_CPU"
  fact cairn_java_opts "${CAIRN_JAVA_OPTS:-}"
  fact s3proxy_java_opts "${S3PROXY_JAVA_OPTS:-}"
  fact load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
}

# ---------------------------------------------------------------- main
main() {
  [ "$(nproc)" -ge 2 ] || die "needs at least 2 CPUs (server on CPU $SERVER_CPU, generators on CPU $CLIENT_CPU)"
  install_tools
  resolve_s3proxy
  build_cairn
  mkdir -p "$RESULTS_DIR/raw"
  : >"$RESULTS_DIR/facts.env"
  printf '%s\n' "$header" >"$RESULTS_DIR/results.tsv"
  work=$(mktemp -d "${BENCH_DATA_PARENT:-/var/tmp}/cairn-compare.XXXXXX")
  phase_file="$work/phase"
  machine_facts
  log "results in $RESULTS_DIR; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  local busy
  busy=$(awk '{ print ($1 > 0.5) }' /proc/loadavg)
  [ "$busy" = 1 ] && log "warning: the machine is not idle (load $(cut -d' ' -f1 /proc/loadavg)); numbers will be lower and noisier"
  [ "$CEILING" = 1 ] && measure_ceiling
  local s
  for s in $SERVERS; do
    case "$s" in cairn | s3proxy) measure_server "$s" ;; *) die "unknown server $s" ;; esac
  done
  fact load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
  log "writing the report"
  "$JAVA" "$tools/Report.java" "$RESULTS_DIR" >"$RESULTS_DIR/report.md"
  if [ "$UPDATE_DOC" = 1 ]; then
    "$JAVA" "$tools/Report.java" "$RESULTS_DIR" --update "$DOC"
    log "updated $DOC"
  fi
  cat "$RESULTS_DIR/report.md"
  log "done: $RESULTS_DIR"
}

main "$@"
