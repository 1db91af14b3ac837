#!/usr/bin/env bash
# shellcheck disable=SC2317  # the test functions are called indirectly, through check
# Runs the real-client conformance scripts against ONE fresh Cairn server and summarises.
#
#   conformance-tests/clients/run-all.sh              # aws, rclone, s3cmd, restic
#   conformance-tests/clients/run-all.sh rclone aws   # a subset, in that order
#
# The server gets a temporary data directory and generated credentials and is stopped on exit. When
# CAIRN_ENDPOINT (+ CAIRN_ACCESS_KEY, CAIRN_SECRET_KEY) is already set, that server is used instead.
# Each script creates its own uniquely named buckets, so by default they all run at the same time, each into its
# own log, printed whole as soon as that script ends: the run takes about as long as the slowest script (aws,
# whose ~200 CLI starts cost a second each) instead of the sum. CAIRN_SEQUENTIAL=1 runs them one after another
# with live output instead. Exit status: 0 when every script passed.
set -euo pipefail
# shellcheck source=conformance-tests/clients/lib.sh
. "$(dirname "$0")/lib.sh"
lib_init run-all
# Each script prints the server log lines of its own failures; at the end only a dead server's log is shown.
print_server_log_tail() { :; }

if [ $# -gt 0 ]; then
  SCRIPTS=("$@")
else
  SCRIPTS=(aws rclone s3cmd restic)
fi
for s in "${SCRIPTS[@]}"; do
  [ -f "$CAIRN_LIB_DIR/$s.sh" ] || die "no such client script: $CAIRN_LIB_DIR/$s.sh"
done

started=$SECONDS
ensure_server

declare -A RESULT
# record NAME STATUS SECONDS: the PASS/FAIL line and the summary row of one script.
record() {
  local s=$1 status=$2 secs=$3
  if [ "$status" -eq 0 ]; then
    pass "$s.sh (${secs}s)"
    RESULT[$s]=$(printf '  %-8s PASS  %4ds' "$s" "$secs")
  else
    fail "$s.sh exited $status (${secs}s)"
    RESULT[$s]=$(printf '  %-8s FAIL  %4ds  (exit %d)' "$s" "$secs" "$status")
  fi
}

if [ "${CAIRN_SEQUENTIAL:-0}" = 1 ] || [ "${#SCRIPTS[@]}" -eq 1 ]; then
  for s in "${SCRIPTS[@]}"; do
    echo
    log "===== $s ====="
    t0=$SECONDS
    status=0
    bash "$CAIRN_LIB_DIR/$s.sh" || status=$?
    record "$s" "$status" $((SECONDS - t0))
  done
else
  JOB_PIDS=()
  # On exit (a failure, Ctrl-C), scripts still running are stopped before the server is.
  stop_jobs() {
    local p
    for p in "${JOB_PIDS[@]}"; do
      kill -0 "$p" 2>/dev/null && kill_tree TERM "$p"
    done
    return 0
  }
  run_all_exit() {
    local st=$?
    set +e
    stop_jobs
    (exit "$st") # lib_cleanup reads the exit status from $?
    lib_cleanup
  }
  trap run_all_exit EXIT
  log "running ${SCRIPTS[*]} at the same time; each log is printed when its script ends"
  for s in "${SCRIPTS[@]}"; do
    (
      t0=$SECONDS
      status=0
      bash "$CAIRN_LIB_DIR/$s.sh" >"$WORK/$s.log" 2>&1 </dev/null || status=$?
      echo "$status $((SECONDS - t0))" >"$WORK/$s.result.tmp"
      mv "$WORK/$s.result.tmp" "$WORK/$s.result"
    ) &
    JOB_PIDS+=("$!")
  done
  pending=("${SCRIPTS[@]}")
  while [ "${#pending[@]}" -gt 0 ]; do
    left=()
    for s in "${pending[@]}"; do
      if [ -f "$WORK/$s.result" ]; then
        read -r status secs <"$WORK/$s.result"
        echo
        log "===== $s (finished after ${secs}s) ====="
        cat "$WORK/$s.log"
        record "$s" "$status" "$secs"
      else
        left+=("$s")
      fi
    done
    pending=(${left[@]+"${left[@]}"})
    [ "${#pending[@]}" -eq 0 ] || sleep 1
  done
  # Only the scripts' subshells: a bare `wait` would also wait for the server this shell started.
  wait "${JOB_PIDS[@]}"
fi

echo
server_alive() { [ "$(http_status "$CAIRN_ENDPOINT/_cairn/health/ready")" = 200 ]; }
check "the server is still healthy after all clients" server_alive
if ! server_alive && [ -n "${CAIRN_SERVER_LOG:-}" ] && [ -f "$CAIRN_SERVER_LOG" ]; then
  echo "----- server log (last 60 lines; $CAIRN_SERVER_LOG) -----"
  tail -n 60 "$CAIRN_SERVER_LOG"
  echo "----- end of server log -----"
fi

echo
log "summary (total $((SECONDS - started))s):"
for s in "${SCRIPTS[@]}"; do echo "${RESULT[$s]}"; done
finish
