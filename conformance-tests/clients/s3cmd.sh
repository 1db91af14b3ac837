#!/usr/bin/env bash
# shellcheck disable=SC2317  # the test functions are called indirectly, through check
# s3cmd (Debian 2.3) against Cairn with a generated config file (SigV4, path style, plain http).
# Standalone it starts its own server; under run-all.sh it uses the server in CAIRN_ENDPOINT.
set -euo pipefail
# shellcheck source=conformance-tests/clients/lib.sh
. "$(dirname "$0")/lib.sh"
lib_init s3cmd

S3CMD_BIN=${S3CMD_BIN:-s3cmd}
require_command "$S3CMD_BIN" curl
ensure_server

# host_bucket without %(bucket)s forces path-style requests. s3cmd uploads files above 15 MiB in 15 MiB parts
# (multipart_chunk_size_mb, its default) and keeps the whole-file MD5 in x-amz-meta-s3cmd-attrs.
CFG="$WORK/s3cfg"
cat >"$CFG" <<EOF
[default]
access_key = $CAIRN_ACCESS_KEY
secret_key = $CAIRN_SECRET_KEY
host_base = $CAIRN_HOSTPORT
host_bucket = $CAIRN_HOSTPORT
bucket_location = $CAIRN_REGION
use_https = False
signature_v2 = False
check_ssl_certificate = True
multipart_chunk_size_mb = 15
progress_meter = False
guess_mime_type = True
EOF

S3() { timeout "$CAIRN_CLIENT_TIMEOUT" "$S3CMD_BIN" -c "$CFG" --no-progress "$@"; }

B=$(unique_bucket s3cmd)
SRC="$WORK/src" DL="$WORK/dl"
mkdir -p "$SRC" "$DL"
make_file "$SRC/small.txt" 1500
make_file "$SRC/medium-12MiB.bin" 12M
make_file "$SRC/large-20MiB.bin" 20M
make_big_file "$SRC/huge-40MiB.bin" 40M
make_file "$SRC/empty.bin" 0
make_file "$SRC/with space+plus.bin" 777
log "$("$S3CMD_BIN" --version 2>&1)"

check "mb" S3 mb "s3://$B"
bucket_listed() { S3 ls >"$WORK/ls.out"; cat "$WORK/ls.out"; grep -q "s3://$1\$" "$WORK/ls.out"; }
check "ls lists the bucket" bucket_listed "$B"

for f in small.txt medium-12MiB.bin empty.bin "with space+plus.bin"; do
  check "put '$f'" S3 put "$SRC/$f" "s3://$B/put/$f"
done
check "put 20 MiB (multipart: 15 MiB + 5 MiB)" S3 put "$SRC/large-20MiB.bin" "s3://$B/put/large-20MiB.bin"
check "put 40 MiB (multipart: 15 + 15 + 10 MiB)" S3 put "$SRC/huge-40MiB.bin" "s3://$B/put/huge-40MiB.bin"
check "put --disable-multipart (20 MiB single PUT)" S3 put --disable-multipart "$SRC/large-20MiB.bin" "s3://$B/single/large-20MiB.bin"

ls_sizes() { S3 ls "s3://$B/put/" | awk '{ print $3, $4, $5 }' | sed 's/ *$//' | LC_ALL=C sort; }
check_output "ls shows the objects and sizes" "$(printf '%s\n' "0 s3://$B/put/empty.bin" "12582912 s3://$B/put/medium-12MiB.bin" \
  "1500 s3://$B/put/small.txt" "20971520 s3://$B/put/large-20MiB.bin" "41943040 s3://$B/put/huge-40MiB.bin" \
  "777 s3://$B/put/with space+plus.bin" | LC_ALL=C sort)" ls_sizes

for f in small.txt medium-12MiB.bin large-20MiB.bin huge-40MiB.bin empty.bin "with space+plus.bin"; do
  check "get '$f'" S3 get --force "s3://$B/put/$f" "$DL/$f"
  check "sha256 of downloaded '$f'" same_sha256 "$SRC/$f" "$DL/$f"
done
etag_md5() {
  # s3cmd ls --list-md5 prints the ETag, which for a single PUT is the MD5 of the content.
  local got
  got=$(S3 ls --list-md5 "s3://$B/put/medium-12MiB.bin" | awk '{ print $4 }')
  echo "listed md5: $got"
  [ "$got" = "$(md5sum <"$SRC/medium-12MiB.bin" | cut -d' ' -f1)" ]
}
check "ls --list-md5: ETag is the content MD5" etag_md5
# s3cmd shows a multipart object's whole-file MD5 from x-amz-meta-s3cmd-attrs (`ls --list-md5`, `info`) instead of
# its ETag; the raw ETag of the HEAD response is in the --debug dump.
multipart_etag() {
  S3 --debug info "s3://$B/put/huge-40MiB.bin" 2>&1 | sed -n "s/.*'etag': '\(.*\)',*\$/\1/p" | tail -n 1
}
check_output "HEAD of the 40 MiB object: the multipart ETag of 3 parts of 15 MiB" \
  "$(multipart_etag_of "$SRC/huge-40MiB.bin" $((15 * 1024 * 1024)))" multipart_etag
list_md5() { S3 ls --list-md5 "s3://$B/put/huge-40MiB.bin" | awk '{ print $4 }'; }
check_output "ls --list-md5 of the 40 MiB object: the whole-file MD5 (from the metadata CreateMultipartUpload kept)" \
  "$(md5sum <"$SRC/huge-40MiB.bin" | cut -d' ' -f1)" list_md5
no_uploads_left() {
  S3 multipart "s3://$B" >"$WORK/mp.out"
  cat "$WORK/mp.out"
  # Only the bucket and the "Initiated Path Id" header, no upload: every upload was completed.
  [ "$(sed -n '/^Initiated/,$p' "$WORK/mp.out" | wc -l)" = 1 ]
}
check "multipart (ListMultipartUploads): no upload left in progress" no_uploads_left

server_copy() {
  S3 cp "s3://$B/put/medium-12MiB.bin" "s3://$B/copies/medium.bin"
  S3 get --force "s3://$B/copies/medium.bin" "$DL/copy.bin"
  same_sha256 "$SRC/medium-12MiB.bin" "$DL/copy.bin"
}
check "cp (server-side copy), sha256 identical" server_copy
server_move() {
  S3 mv "s3://$B/copies/medium.bin" "s3://$B/copies/moved.bin"
  [ -z "$(S3 ls "s3://$B/copies/medium.bin")" ]
  S3 get --force "s3://$B/copies/moved.bin" "$DL/moved.bin"
  same_sha256 "$SRC/medium-12MiB.bin" "$DL/moved.bin"
}
check "mv: source gone, target identical" server_move

signurl_get() {
  # s3cmd signs presigned URLs with SigV2 (Signature/Expires/AWSAccessKeyId query parameters).
  local url
  url=$(S3 signurl "s3://$B/put/small.txt" +600)
  echo "url: $url"
  curl -sS --fail --noproxy '*' -o "$DL/signed.txt" "$url"
  same_sha256 "$SRC/small.txt" "$DL/signed.txt"
}
check "signurl (SigV2 presigned GET) + curl, sha256 identical" signurl_get

# sync: up, again (nothing uploaded), down into a fresh directory, compare trees.
TREE="$WORK/tree"
make_tree "$TREE" 30 2M 700K
check "sync a tree up" S3 sync "$TREE/" "s3://$B/sync/"
sync_noop() {
  S3 sync "$TREE/" "s3://$B/sync/" >"$WORK/sync2.out" 2>&1
  cat "$WORK/sync2.out"
  if grep -E "^(upload|remote copy|delete):" "$WORK/sync2.out"; then echo "second sync uploaded files"; return 1; fi
}
check "sync again uploads nothing" sync_noop
check "sync the tree down" S3 sync "s3://$B/sync/" "$DL/tree/"
check "synced-down tree identical by sha256" same_tree "$TREE" "$DL/tree"
get_recursive() { mkdir -p "$DL/tree-get"; S3 get --recursive "s3://$B/sync/" "$DL/tree-get/"; }
check "get --recursive" get_recursive
check "get --recursive tree identical by sha256" same_tree "$TREE" "$DL/tree-get"
du_bytes() { S3 du "s3://$B/sync/" | awk '{ print $1 }'; }
check_output "du counts every synced byte" "$(find "$TREE" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')" du_bytes

check "del one object" S3 del "s3://$B/put/small.txt"
check_output "ls of the deleted key finds nothing" "" S3 ls "s3://$B/put/small.txt"
check "rb of a non-empty bucket fails" fails S3 rb "s3://$B"
check "del --recursive --force" S3 del --recursive --force "s3://$B/"
check_output "bucket is empty" "" S3 ls --recursive "s3://$B"
check "rb" S3 rb "s3://$B"
check "ls no longer lists the bucket" fails bucket_listed "$B"

finish
