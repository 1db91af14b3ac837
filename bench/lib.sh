# shellcheck shell=bash
# Helpers the bench/*.sh scripts share; source it after setting PIN (1: pin to CPUs, 0: do not).

# on_cpu CPU COMMAND...: runs COMMAND pinned to CPU when PIN=1. exec: in a background job, $! is then the program
# itself (a trap can stop it).
on_cpu() {
  local cpu=$1
  shift
  if [ "${PIN:-1}" = 1 ]; then exec taskset -c "$cpu" "$@"; else exec "$@"; fi
}

# median NUMBER...: the median of the numbers.
median() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
}

# await_ready ENDPOINT: polls the server's readiness for up to 120 s; false when it never becomes ready.
await_ready() {
  for _ in $(seq 120); do
    curl -fs "$1/_cairn/health/ready" >/dev/null 2>&1 && return 0
    sleep 1
  done
  return 1
}
