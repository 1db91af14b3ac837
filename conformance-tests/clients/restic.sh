#!/usr/bin/env bash
# shellcheck disable=SC2317  # the test functions are called indirectly, through check
# restic (Debian 0.14, minio-go inside) against Cairn: init, backup, check, restore, incremental backup,
# forget --prune. Standalone it starts its own server; under run-all.sh it uses the server in CAIRN_ENDPOINT.
set -euo pipefail
# shellcheck source=conformance-tests/clients/lib.sh
. "$(dirname "$0")/lib.sh"
lib_init restic

RESTIC_BIN=${RESTIC_BIN:-restic}
require_command "$RESTIC_BIN"
ensure_server

B=$(unique_bucket restic)
export RESTIC_REPOSITORY="s3:$CAIRN_ENDPOINT/$B/repo"
RESTIC_PASSWORD="$(random_string 24)"
export RESTIC_PASSWORD
export AWS_ACCESS_KEY_ID="$CAIRN_ACCESS_KEY" AWS_SECRET_ACCESS_KEY="$CAIRN_SECRET_KEY"
unset AWS_SESSION_TOKEN AWS_PROFILE AWS_SHARED_CREDENTIALS_FILE
export RESTIC_CACHE_DIR="$WORK/restic-cache"
# Uploads: restic 0.14 closes a pack file once it holds --pack-size (default 16 MiB), so packs are 16-24 MiB
# (chunks are at most 8 MiB), sent with STREAMING-AWS4-HMAC-SHA256-PAYLOAD chunked signing over http. restic asks
# minio-go for 200 MiB parts ("only use multipart uploads for very large files") and --pack-size is capped at
# 128 MiB, so restic 0.14 never uploads in parts, whatever the file sizes (seen: a 60 MiB pack made with
# --pack-size 64 goes up as one PutObject). The multipart checks live in aws.sh, rclone.sh and s3cmd.sh.

R() { timeout "$CAIRN_CLIENT_TIMEOUT" "$RESTIC_BIN" -o s3.region="$CAIRN_REGION" "$@"; }

TREE="$WORK/tree"
# 2,000 files: 1,980 small ones (0-8 KiB) in nested directories with awkward names, and 20 from 32 KiB to 40 MiB
# (four above 16 MiB, so single files span several chunks and packs); ~155 MiB in all.
make_tree "$TREE" 1980 40M 24M 20M 17M 12M 9M 6M 5M 4M 3M 2M 1536K 1M 768K 512K 384K 256K 128K 64K 32K
mkdir -p "$TREE/empty-dir"
ln -s "alpha/file-1.bin" "$TREE/a-symlink"
log "$("$RESTIC_BIN" version)"
log "repository $RESTIC_REPOSITORY; $(find "$TREE" -type f | wc -l) files, $(du -sh --apparent-size "$TREE" | cut -f1)"

check "init (creates the bucket and the repository)" R init
check "cat config" R cat config
check "backup" R backup --host cairn-test "$TREE"
snapshot_count() { R snapshots --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'; }
check_output "snapshots: exactly 1" 1 snapshot_count
check "check --read-data (reads back every pack)" R check --read-data

restore_compare() {
  local target=$1
  rm -rf "$target"
  R restore latest --target "$target"
  same_tree "$TREE" "$target$TREE"
  [ -d "$target$TREE/empty-dir" ]
  [ "$(readlink "$target$TREE/a-symlink")" = "alpha/file-1.bin" ]
}
check "restore latest, tree identical by sha256 (with empty dir and symlink)" restore_compare "$WORK/restore1"

# Incremental: change one file, add one, remove one; the second snapshot must reflect exactly that.
make_file "$TREE/alpha/file-1.bin" 4321
make_file "$TREE/added/new file.bin" 2M
rm "$TREE/alpha/file-5.bin"
check "second (incremental) backup" R backup --host cairn-test "$TREE"
check_output "snapshots: exactly 2" 2 snapshot_count
diff_snapshots() {
  local ids
  ids=$(R snapshots --json | python3 -c 'import json, sys; print(" ".join(s["short_id"] for s in json.load(sys.stdin)))')
  # shellcheck disable=SC2086  # two ids
  R diff $ids >"$WORK/diff.out"
  cat "$WORK/diff.out"
  grep -q '^M .*/alpha/file-1.bin$' "$WORK/diff.out"
  grep -q '^+ .*/added/new file.bin$' "$WORK/diff.out"
  grep -q '^- .*/alpha/file-5.bin$' "$WORK/diff.out"
}
check "diff between the snapshots: 1 modified, 1 added, 1 removed" diff_snapshots
check "restore the incremental snapshot, tree identical by sha256" restore_compare "$WORK/restore2"

check "forget --keep-last 1 --prune (deletes packs and snapshot files)" R forget --host cairn-test --keep-last 1 --prune
check_output "snapshots after forget: exactly 1" 1 snapshot_count
check "check --read-data after prune" R check --read-data
check "restore after prune, tree identical by sha256" restore_compare "$WORK/restore3"
locks_gone() { [ -z "$(R list locks --no-lock)" ]; }
check "no stale lock objects left" locks_gone

finish
