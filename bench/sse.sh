#!/usr/bin/env bash
# Server-side encryption cost: SSE-S3 vs unencrypted PUT and GET throughput, in ONE run on one server, for
# 1 MiB and 1 GiB objects. Two buckets differ only in their default encryption (PutBucketEncryption AES256 on
# one), so every request is the same and only the server's data path differs; runs alternate clear/SSE per row.
# The server is pinned to CPU 0 and the generator (bin/cairn bench) to CPU 1, as in bench/compare.sh. Also
# prints the single-core cipher and MD5 ceilings (bench/tools/SseCipherSpeed.java, Md5Speed.java), and the
# 1-minute load average after each row (2 would mean both cores busy: the server's and the generator's alone).
#
#   bench/sse.sh                       prints a Markdown table; raw JSON in bench-results/sse-DATE/ (not in git)
#   DURATION=15 WARMUP=3 LARGE_DURATION=40 CONC_SMALL=4 CONC_LARGE=1 BENCH_DATA_PARENT=/var/tmp
#   SCENARIOS="put get" SIZES="1MiB 1GiB"   a subset of the rows
#   PIN=0                              no pinning: server and generator share both cores
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../bin/lib/java-home.sh disable=SC1091
. "$root/bin/lib/java-home.sh"
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-3}
LARGE_DURATION=${LARGE_DURATION:-40}
CONC_SMALL=${CONC_SMALL:-4}
CONC_LARGE=${CONC_LARGE:-1}
SCENARIOS=${SCENARIOS:-"put get"}
SIZES=${SIZES:-"1MiB 1GiB"}
PIN=${PIN:-1}
# shellcheck source=lib.sh disable=SC1091
. "$root/bench/lib.sh"
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
out="$root/bench-results/sse-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
data=$(mktemp -d "${BENCH_DATA_PARENT:-/var/tmp}/cairn-sse-bench.XXXXXX")
port=$((20000 + RANDOM % 20000))
export CAIRN_ROOT_USER="ssebench$RANDOM" CAIRN_ROOT_PASSWORD="sse-bench-secret-$RANDOM$RANDOM"
export AWS_ACCESS_KEY_ID=$CAIRN_ROOT_USER AWS_SECRET_ACCESS_KEY=$CAIRN_ROOT_PASSWORD AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=""
unset AWS_CA_BUNDLE AWS_ENDPOINT_URL AWS_PROFILE
endpoint="http://127.0.0.1:$port"

(cd "$root" && ./mvnw -q -B -Dmaven.test.skip=true -pl server,bench -am package) >&2
on_cpu 0 "$root/bin/cairn" server --address "127.0.0.1:$port" "$data" >"$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT
await_ready "$endpoint" || { echo "sse.sh: the server did not become ready, see $out/server.log" >&2; exit 1; }
aws() { "$AWS_BIN" --endpoint-url "$endpoint" "$@"; }
aws s3api create-bucket --bucket bench-clear >/dev/null
aws s3api create-bucket --bucket bench-sse >/dev/null
aws s3api put-bucket-encryption --bucket bench-sse --server-side-encryption-configuration \
  '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'

# run NAME BUCKET SCENARIO SIZE CONCURRENCY SECONDS [OBJECTS]: one bench run; prints MiB/s
run() {
  local name=$1 bucket=$2 scenario=$3 size=$4 conc=$5 secs=$6 objects=${7:-}
  local extra=()
  [ -n "$objects" ] && extra=(--objects "$objects")
  (on_cpu 1 "$root/bin/cairn" bench --endpoint "$endpoint" --bucket "$bucket" --scenario "$scenario" \
    --size "$size" --concurrency "$conc" --duration "${secs}s" --warmup "${WARMUP}s" --no-progress \
    "${extra[@]}" --json "$out/$name.json" >"$out/$name.txt" 2>&1)
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); o=[x for x in d["operations"] if x["count"]][0]; \
print("%.0f %d" % (o["mibPerSecond"], o["errorCount"]))' "$out/$name.json"
}

rows=()
for spec in "1MiB $CONC_SMALL $DURATION 64" "1GiB $CONC_LARGE $LARGE_DURATION 2"; do
  read -r size conc secs objects <<<"$spec"
  case " $SIZES " in *" $size "*) ;; *) continue ;; esac
  for scenario in $SCENARIOS; do
    obj=""
    [ "$scenario" = get ] && obj=$objects
    read -r clear clear_err <<<"$(run "$scenario-$size-clear" bench-clear "$scenario" "$size" "$conc" "$secs" "$obj")"
    read -r sse sse_err <<<"$(run "$scenario-$size-sse" bench-sse "$scenario" "$size" "$conc" "$secs" "$obj")"
    pct=$(python3 -c "print(round(100.0 * $sse / $clear) if $clear else 0)")
    load=$(cut -d' ' -f1 /proc/loadavg)
    rows+=("| ${scenario^^} $size, c$conc | $clear MiB/s | $sse MiB/s | $pct% | $clear_err/$sse_err | $load |")
  done
done
cipher=$("$JAVA_HOME/bin/java" -cp "$root/server/target/classes" "$root/bench/tools/SseCipherSpeed.java" 5)
md5=$("$JAVA_HOME/bin/java" "$root/bench/tools/Md5Speed.java" 5)
{
  echo "| run | unencrypted | SSE-S3 | SSE-S3 / unencrypted | errors (clear/SSE) | load avg after |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Single-core ceilings (same JVM, no I/O): $cipher (AES-256-GCM packages), $md5."
  echo "Pinned (server CPU 0, generator CPU 1): $([ "$PIN" = 1 ] && echo yes || echo no)."
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)."
} | tee "$out/table.md"
