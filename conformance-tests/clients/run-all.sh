#!/usr/bin/env bash
# shellcheck disable=SC2317  # the test functions are called indirectly, through check
# Runs the real-client conformance scripts against ONE fresh Cairn server and summarises.
#
#   conformance-tests/clients/run-all.sh              # aws, rclone, s3cmd, restic
#   conformance-tests/clients/run-all.sh rclone aws   # a subset, in that order
#
# The server gets a temporary data directory and generated credentials and is stopped on exit. When
# CAIRN_ENDPOINT (+ CAIRN_ACCESS_KEY, CAIRN_SECRET_KEY) is already set, that server is used instead.
# Each script creates its own uniquely named buckets. Exit status: 0 when every script passed.
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

RESULTS=()
for s in "${SCRIPTS[@]}"; do
  echo
  log "===== $s ====="
  t0=$SECONDS
  status=0
  bash "$CAIRN_LIB_DIR/$s.sh" || status=$?
  secs=$((SECONDS - t0))
  if [ "$status" -eq 0 ]; then
    pass "$s.sh (${secs}s)"
    RESULTS+=("$(printf '  %-8s PASS  %4ds' "$s" "$secs")")
  else
    fail "$s.sh exited $status (${secs}s)"
    RESULTS+=("$(printf '  %-8s FAIL  %4ds  (exit %d)' "$s" "$secs" "$status")")
  fi
done

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
printf '%s\n' "${RESULTS[@]}"
finish
