#!/usr/bin/env bash
# shellcheck disable=SC2317  # the test functions are called indirectly, through check
# rclone (Debian 1.60) against Cairn through an S3 remote configured entirely from the environment.
# Standalone it starts its own server; under run-all.sh it uses the server in CAIRN_ENDPOINT.
set -euo pipefail
# shellcheck source=conformance-tests/clients/lib.sh
. "$(dirname "$0")/lib.sh"
lib_init rclone

RCLONE_BIN=${RCLONE_BIN:-rclone}
require_command "$RCLONE_BIN"
ensure_server

# rclone 1.60 refuses to start when AWS_CA_BUNDLE is set ("LoadCustomCABundleError ... unsupported transport"),
# even for a plain-http endpoint; the environment of these machines sets it.
unset AWS_CA_BUNDLE
# The remote "cairn:" comes from the environment only; an empty config file keeps ~/.config/rclone out.
export RCLONE_CONFIG="$WORK/rclone.conf"
: >"$RCLONE_CONFIG"
export RCLONE_CONFIG_CAIRN_TYPE=s3
export RCLONE_CONFIG_CAIRN_PROVIDER=Other
export RCLONE_CONFIG_CAIRN_ENV_AUTH=false
export RCLONE_CONFIG_CAIRN_ACCESS_KEY_ID="$CAIRN_ACCESS_KEY"
export RCLONE_CONFIG_CAIRN_SECRET_ACCESS_KEY="$CAIRN_SECRET_KEY"
export RCLONE_CONFIG_CAIRN_ENDPOINT="$CAIRN_ENDPOINT"
export RCLONE_CONFIG_CAIRN_REGION="$CAIRN_REGION"
export RCLONE_CONFIG_CAIRN_FORCE_PATH_STYLE=true
# rclone's defaults otherwise: single PutObject below --s3-upload-cutoff (200 MiB), 5 MiB parts above, server-side
# copies with UploadPartCopy above --s3-copy-cutoff (4.6 GiB). The big-file checks below lower both cutoffs.
export RCLONE_CACHE_DIR="$WORK/rclone-cache"

RC() { timeout "$CAIRN_CLIENT_TIMEOUT" "$RCLONE_BIN" --low-level-retries 1 --retries 1 "$@"; }

B=$(unique_bucket rclone)
SRC="$WORK/src" DL="$WORK/dl"
mkdir -p "$SRC" "$DL"
# .txt makes rclone send "Content-Type: text/plain; charset=utf-8", which the signature covers as sent.
make_file "$SRC/notes.txt" 3000
make_file "$SRC/page.html" 2048
make_file "$SRC/empty.bin" 0
make_file "$SRC/big-30MiB.bin" 30M
make_file "$SRC/sub dir/ünïcode & spaces.bin" 5000
make_file "$SRC/sub dir/deeper/x+y=z.dat" 123
log "$("$RCLONE_BIN" version | sed -n 1p)"

check "mkdir (create bucket)" RC mkdir "cairn:$B"
bucket_listed() { RC lsd cairn: >"$WORK/lsd.out"; cat "$WORK/lsd.out"; grep -q " $1\$" "$WORK/lsd.out"; }
check "lsd lists the bucket" bucket_listed "$B"

check "copy a directory up" RC copy "$SRC" "cairn:$B/copy"
check_output "lsf -R lists exactly the uploaded files" "$(cd "$SRC" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)" \
  sorted RC lsf -R --files-only "cairn:$B/copy"
lsf_sizes() { sorted RC lsf --files-only --format sp --separator ' ' "cairn:$B/copy"; }
check_output "lsf --format sp shows the sizes" "$(printf '%s\n' "0 empty.bin" "2048 page.html" "31457280 big-30MiB.bin" \
  "3000 notes.txt" | LC_ALL=C sort)" lsf_sizes
check "check (sizes and MD5 against the ETags)" RC check "$SRC" "cairn:$B/copy"
check "check --download (byte-for-byte)" RC check --download "$SRC" "cairn:$B/copy"
check "copy the directory back down" RC copy "cairn:$B/copy" "$DL/copy"
check "downloaded tree identical by sha256" same_tree "$SRC" "$DL/copy"
cat_file() { RC cat "cairn:$B/copy/notes.txt" >"$DL/cat.txt"; same_sha256 "$SRC/notes.txt" "$DL/cat.txt"; }
check "cat one object, sha256 identical" cat_file
range_read() {
  RC cat --offset 1000 --count 500 "cairn:$B/copy/big-30MiB.bin" >"$DL/range.bin"
  dd if="$SRC/big-30MiB.bin" of="$DL/range.expected" bs=500 skip=2 count=1 status=none
  same_sha256 "$DL/range.expected" "$DL/range.bin"
}
check "cat --offset/--count (ranged GET)" range_read
content_type() {
  RC lsjson --metadata "cairn:$B/copy/notes.txt" >"$WORK/lsjson.out" 2>&1 || RC lsjson -M "cairn:$B/copy/notes.txt" >"$WORK/lsjson.out"
  cat "$WORK/lsjson.out"
  grep -q '"MimeType":"text/plain; charset=utf-8"' "$WORK/lsjson.out"
}
check "text/plain; charset=utf-8 Content-Type stored as sent" content_type
modtime_kept() {
  # rclone keeps the source mtime in x-amz-meta-mtime: a HEAD per object must return it.
  local want got
  touch -d '2021-02-03 04:05:06 UTC' "$SRC/notes.txt"
  RC copyto --ignore-times "$SRC/notes.txt" "cairn:$B/mtime/notes.txt"
  want="2021-02-03 04:05:06"
  got=$(RC lsl "cairn:$B/mtime/notes.txt")
  echo "lsl: $got"
  case "$got" in *"$want"*) return 0 ;; *) return 1 ;; esac
}
check "modification time kept in user metadata (x-amz-meta-mtime)" modtime_kept

# Server-side copy (CopyObject) and move (CopyObject + DeleteObject).
server_copy() {
  RC copyto "cairn:$B/copy/big-30MiB.bin" "cairn:$B/server-side/copy.bin"
  RC copyto "cairn:$B/server-side/copy.bin" "$DL/server-copy.bin"
  same_sha256 "$SRC/big-30MiB.bin" "$DL/server-copy.bin"
}
check "copyto remote->remote (server-side CopyObject), sha256 identical" server_copy
server_move() {
  RC moveto "cairn:$B/server-side/copy.bin" "cairn:$B/server-side/moved.bin"
  [ -z "$(RC lsf "cairn:$B/server-side/copy.bin" 2>/dev/null)" ]
  RC copyto "cairn:$B/server-side/moved.bin" "$DL/server-moved.bin"
  same_sha256 "$SRC/big-30MiB.bin" "$DL/server-moved.bin"
}
check "moveto remote->remote: source gone, target identical" server_move

# Multipart: 200 MiB with an upload cutoff of 100 MiB goes up as 40 parts of 5 MiB, 8 of them at a time; rclone keeps
# the whole-file MD5 in x-amz-meta-md5chksum (the ETag of a multipart object is not an MD5), which `check` uses.
BIG="$WORK/big/big-200MiB.bin"
make_big_file "$BIG" 200M
big_up() {
  local t0=$SECONDS
  RC copy --s3-upload-cutoff 100M --s3-upload-concurrency 8 "$WORK/big" "cairn:$B/big"
  echo "$((SECONDS - t0))" >"$WORK/up-secs"
}
check "copy 200 MiB with --s3-upload-cutoff 100M --s3-upload-concurrency 8 (multipart)" big_up
log "200 MiB upload took $(cat "$WORK/up-secs" 2>/dev/null || echo ?)s"
# etag_of REMOTE: the ETag header of a HEAD of REMOTE, from rclone's own request dump.
etag_of() {
  RC lsjson --stat --dump headers "$1" 2>&1 | tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }' | tail -n 1
}
check_output "the 200 MiB object was uploaded in 40 parts (ETag \"md5-of-part-md5s-40\")" \
  "$(multipart_etag_of "$BIG" $((5 * 1024 * 1024)))" etag_of "cairn:$B/big/big-200MiB.bin"
check "check the 200 MiB object (size and MD5 from x-amz-meta-md5chksum)" RC check "$WORK/big" "cairn:$B/big"
big_down() {
  local t0=$SECONDS
  RC copy "cairn:$B/big" "$DL/big"
  echo "$((SECONDS - t0))" >"$WORK/down-secs"
  same_sha256 "$BIG" "$DL/big/big-200MiB.bin"
}
check "copy the 200 MiB object back down, sha256 identical" big_down
log "200 MiB download took $(cat "$WORK/down-secs" 2>/dev/null || echo ?)s"
rm -rf "$DL/big"
big_server_copy() {
  RC copyto --s3-copy-cutoff 64M "cairn:$B/big/big-200MiB.bin" "cairn:$B/big/copied-200MiB.bin"
  RC cat "cairn:$B/big/copied-200MiB.bin" >"$DL/copied-200MiB.bin"
  same_sha256 "$BIG" "$DL/copied-200MiB.bin"
}
check "copyto remote->remote with --s3-copy-cutoff 64M (UploadPartCopy, 4 parts), sha256 identical" big_server_copy
check_output "the server-side copy was assembled from 4 copied parts of 64 MiB (its ETag)" \
  "$(multipart_etag_of "$BIG" $((64 * 1024 * 1024)))" etag_of "cairn:$B/big/copied-200MiB.bin"
rm -f "$DL/copied-200MiB.bin"
check "delete the big objects" RC purge "cairn:$B/big"

# sync: up, again (nothing transferred), change + delete locally, sync (exactly those), down and compare.
TREE="$WORK/tree"
make_tree "$TREE" 60 4M 1500K
check "sync a tree up (first run)" RC sync -v "$TREE" "cairn:$B/sync"
sync_noop() {
  RC sync -v "$TREE" "cairn:$B/sync" >"$WORK/sync2.log" 2>&1
  if grep -E 'INFO  : .*: (Copied|Deleted|Updated)' "$WORK/sync2.log"; then echo "second sync changed something"; return 1; fi
}
check "sync again transfers nothing" sync_noop
sync_changes() {
  make_file "$TREE/alpha/file-1.bin" 999
  rm "$TREE/alpha/file-5.bin"
  RC sync -v "$TREE" "cairn:$B/sync" >"$WORK/sync3.log" 2>&1
  cat "$WORK/sync3.log"
  grep -q 'alpha/file-1.bin: Copied (replaced existing)' "$WORK/sync3.log"
  grep -q 'alpha/file-5.bin: Deleted' "$WORK/sync3.log"
  [ "$(grep -c -E 'INFO  : .*: (Copied|Deleted)' "$WORK/sync3.log")" -eq 2 ]
}
check "sync after changing one file and deleting another: exactly those two" sync_changes
check "check the synced tree" RC check "$TREE" "cairn:$B/sync"
check "sync the tree down" RC sync "cairn:$B/sync" "$DL/tree"
check "synced-down tree identical by sha256" same_tree "$TREE" "$DL/tree"

# server-side encryption: --s3-server-side-encryption AES256 up (single PUT and multipart), check, down
make_file "$WORK/sse/notes.txt" 3000
make_file "$WORK/sse/big-12MiB.bin" 12M
check "copy up with --s3-server-side-encryption AES256 (12 MiB as multipart)" \
  RC copy --s3-server-side-encryption AES256 --s3-upload-cutoff 5M "$WORK/sse" "cairn:$B/sse"
check "check the encrypted copy (sizes, and MD5 of single-part SSE-S3 objects)" RC check "$WORK/sse" "cairn:$B/sse"
check "copy the encrypted objects down" RC copy "cairn:$B/sse" "$DL/sse"
check "encrypted round trip identical by sha256" same_tree "$WORK/sse" "$DL/sse"
check "purge (SSE)" RC purge "cairn:$B/sse"

# delete / deletefile / purge
check "delete --include '*.txt'" RC delete --include '*.txt' "cairn:$B/copy"
check_output "lsf after delete: .txt gone, the rest kept" "$(printf '%s\n' big-30MiB.bin empty.bin page.html 'sub dir/')" \
  sorted RC lsf "cairn:$B/copy"
check "deletefile" RC deletefile "cairn:$B/copy/page.html"
check_output "lsf confirms page.html is gone" "" RC lsf --files-only --include page.html "cairn:$B/copy"
check "rmdir of a non-empty bucket fails" fails RC rmdir "cairn:$B"
check "purge (everything, then the bucket)" RC purge "cairn:$B"
check "lsd no longer lists the bucket" fails bucket_listed "$B"

finish
