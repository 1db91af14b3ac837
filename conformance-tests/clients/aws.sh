#!/usr/bin/env bash
# shellcheck disable=SC2317  # the test functions are called indirectly, through check
# AWS CLI v2 (Debian's awscli 2.9, /usr/bin/aws) against Cairn: high-level `aws s3` and low-level `aws s3api`.
# Standalone it starts its own server; under run-all.sh it uses the server in CAIRN_ENDPOINT.
set -euo pipefail
# shellcheck source=conformance-tests/clients/lib.sh
. "$(dirname "$0")/lib.sh"
lib_init aws

# The pyenv shim first on PATH may be awscli v1: always use Debian's v2 by path (override with AWS_BIN).
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
require_command "$AWS_BIN" curl
ensure_server

# Configuration lives in temp files only: nothing from ~/.aws leaks in, nothing is written there.
export AWS_CONFIG_FILE="$WORK/aws-config"
export AWS_SHARED_CREDENTIALS_FILE="$WORK/aws-credentials"
export AWS_ACCESS_KEY_ID="$CAIRN_ACCESS_KEY" AWS_SECRET_ACCESS_KEY="$CAIRN_SECRET_KEY"
export AWS_DEFAULT_REGION="$CAIRN_REGION" AWS_REGION="$CAIRN_REGION"
export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL
: >"$AWS_SHARED_CREDENTIALS_FILE"
"$AWS_BIN" configure set default.region "$CAIRN_REGION"
"$AWS_BIN" configure set default.s3.addressing_style path
# Multipart upload is not implemented by the server yet (next issue). The CLI switches to multipart at 8 MiB by
# default; a 5 GB threshold keeps `s3 cp` / `s3 sync` on single PutObject requests. Drop this line once
# CreateMultipartUpload/UploadPart/CompleteMultipartUpload exist.
"$AWS_BIN" configure set default.s3.multipart_threshold 5GB

# AWS ARGS...: the CLI against the server; transfers without progress meters (they garble the captured output).
AWS() {
  local extra=()
  if [ "${1:-}" = s3 ]; then
    case "${2:-}" in cp | sync | mv) extra=(--no-progress) ;; esac
  fi
  timeout "$CAIRN_CLIENT_TIMEOUT" "$AWS_BIN" --endpoint-url "$CAIRN_ENDPOINT" --no-cli-pager "$@" "${extra[@]}"
}
# keys BUCKET PREFIX [ARGS...]: the keys list-objects-v2 returns, one a line (text output joins pages with tabs).
keys() {
  local b=$1 p=$2
  shift 2
  AWS s3api list-objects-v2 --bucket "$b" --prefix "$p" "$@" --query 'Contents[].Key' --output text | tr '\t' '\n'
}

B=$(unique_bucket aws)
B2=$(unique_bucket aws-s3api)
SRC="$WORK/src" DL="$WORK/dl"
mkdir -p "$SRC" "$DL"
make_file "$SRC/small.txt" 1234
make_file "$SRC/big-20MiB.bin" 20M
make_file "$SRC/empty" 0
make_file "$SRC/name with spaces & ünïcode.bin" 4097
log "$("$AWS_BIN" --version 2>&1)"

# ------------------------------------------------------------------------------------------------- aws s3
check "s3 mb s3://$B" AWS s3 mb "s3://$B"
bucket_listed() { AWS s3 ls >"$WORK/buckets.out"; cat "$WORK/buckets.out"; grep -q " $1\$" "$WORK/buckets.out"; }
check "s3 ls lists the new bucket" bucket_listed "$B"
check "s3 mb of an existing bucket fails" fails AWS s3 mb "s3://$B"

for f in small.txt big-20MiB.bin empty "name with spaces & ünïcode.bin"; do
  check "s3 cp upload '$f'" AWS s3 cp "$SRC/$f" "s3://$B/up/$f"
done

ls_sizes() {
  AWS s3 ls "s3://$B/up/" | awk '{ size=$3; $1=$2=$3=""; sub(/^ +/, ""); print size " " $0 }' | LC_ALL=C sort
}
check_output "s3 ls shows the uploaded keys and sizes" "$(printf '%s\n' "0 empty" "1234 small.txt" \
  "20971520 big-20MiB.bin" "4097 name with spaces & ünïcode.bin" | LC_ALL=C sort)" ls_sizes

for f in small.txt big-20MiB.bin empty "name with spaces & ünïcode.bin"; do
  rm -f "$DL/$f"
  check "s3 cp download '$f'" AWS s3 cp "s3://$B/up/$f" "$DL/$f"
  check "sha256 of downloaded '$f'" same_sha256 "$SRC/$f" "$DL/$f"
done

stream_down() { AWS s3 cp "s3://$B/up/small.txt" - >"$DL/streamed"; same_sha256 "$SRC/small.txt" "$DL/streamed"; }
check "s3 cp to stdout" stream_down
stream_up() { AWS s3 cp - "s3://$B/up/from-stdin" <"$SRC/small.txt"; AWS s3 cp "s3://$B/up/from-stdin" "$DL/from-stdin"; \
  same_sha256 "$SRC/small.txt" "$DL/from-stdin"; }
check "s3 cp from stdin (upload of unknown length), downloaded by sha256" stream_up

# sync: a tree up, the same again (must copy nothing), down into a fresh dir, down again (nothing).
TREE="$WORK/tree"
make_tree "$TREE" 40 3M 1M
check "s3 sync upload (first run)" AWS s3 sync "$TREE" "s3://$B/tree/"
sync_again_up() {
  AWS s3 sync "$TREE" "s3://$B/tree/" >"$WORK/sync2.out"
  if grep -E '^(upload|copy|delete):' "$WORK/sync2.out"; then echo "second sync copied files"; return 1; fi
}
check "s3 sync upload (second run copies nothing)" sync_again_up
check "s3 sync download" AWS s3 sync "s3://$B/tree/" "$WORK/tree-down"
check "sync round trip: every file identical by sha256" same_tree "$TREE" "$WORK/tree-down"
sync_again_down() {
  AWS s3 sync "s3://$B/tree/" "$WORK/tree-down" >"$WORK/sync3.out"
  if grep -E '^(download|copy|delete):' "$WORK/sync3.out"; then echo "second sync copied files"; return 1; fi
}
check "s3 sync download (second run copies nothing)" sync_again_down
sync_changed() {
  make_file "$TREE/alpha/file-1.bin" 777
  AWS s3 sync "$TREE" "s3://$B/tree/" >"$WORK/sync4.out"
  grep -q 'upload: .*alpha/file-1.bin' "$WORK/sync4.out"
  [ "$(grep -c -E '^upload:' "$WORK/sync4.out")" -eq 1 ]
}
check "s3 sync after changing one file uploads exactly that file" sync_changed
sync_delete() {
  rm "$TREE/alpha/file-5.bin"
  AWS s3 sync --delete "$TREE" "s3://$B/tree/" >"$WORK/sync5.out"
  grep -q 'delete: s3://.*alpha/file-5.bin' "$WORK/sync5.out"
  fails AWS s3 ls "s3://$B/tree/alpha/file-5.bin"
}
check "s3 sync --delete removes the deleted file" sync_delete

# presign: a query-string signed GET that curl downloads without credentials.
presigned_get() {
  local url
  url=$(AWS s3 presign "s3://$B/up/big-20MiB.bin" --expires-in 600)
  echo "url: $url"
  curl -sS --fail --noproxy '*' -o "$DL/presigned.bin" "$url"
  same_sha256 "$SRC/big-20MiB.bin" "$DL/presigned.bin"
}
check "s3 presign + curl download, sha256 identical" presigned_get
presigned_tampered() {
  local url code
  url=$(AWS s3 presign "s3://$B/up/small.txt" --expires-in 600)
  code=$(curl -s --noproxy '*' -o /dev/null -w '%{http_code}' "${url/small.txt/big-20MiB.bin}")
  echo "status $code"
  [ "$code" = 403 ]
}
check "presigned URL for another key is refused (403)" presigned_tampered

check "s3 mv (copy + delete)" AWS s3 mv "s3://$B/up/from-stdin" "s3://$B/moved/from-stdin"
mv_result() {
  fails AWS s3 ls "s3://$B/up/from-stdin"
  AWS s3 cp "s3://$B/moved/from-stdin" "$DL/moved"
  same_sha256 "$SRC/small.txt" "$DL/moved"
}
check "s3 mv: source gone, target identical by sha256" mv_result

check "s3 rm one object" AWS s3 rm "s3://$B/up/small.txt"
check "s3 ls of the removed key finds nothing" fails AWS s3 ls "s3://$B/up/small.txt"
check "s3 rb of a non-empty bucket fails" fails AWS s3 rb "s3://$B"
check "s3 rm --recursive" AWS s3 rm --recursive "s3://$B/"
check_output "bucket is empty afterwards" "" AWS s3 ls --recursive "s3://$B/"
check "s3 rb" AWS s3 rb "s3://$B"
check "s3 ls no longer lists the bucket" fails bucket_listed "$B"

# ---------------------------------------------------------------------------------------------- aws s3api
check "s3api create-bucket" AWS s3api create-bucket --bucket "$B2"
check "s3api head-bucket" AWS s3api head-bucket --bucket "$B2"

put_object() {
  local etag
  etag=$(AWS s3api put-object --bucket "$B2" --key "dir/obj.bin" --body "$SRC/big-20MiB.bin" \
    --content-type application/x-test --metadata color=blue,shape=round --query ETag --output text)
  echo "ETag $etag"
  [ "$etag" = "\"$(md5sum <"$SRC/big-20MiB.bin" | cut -d' ' -f1)\"" ]
}
check "s3api put-object (20 MiB, metadata), ETag is the MD5" put_object
head_object() {
  AWS s3api head-object --bucket "$B2" --key "dir/obj.bin" \
    --query '[ContentLength, ContentType, Metadata.color, Metadata.shape]' --output text
}
check_output "s3api head-object: length, type and user metadata" "$(printf '20971520\tapplication/x-test\tblue\tround')" head_object
get_object() {
  AWS s3api get-object --bucket "$B2" --key "dir/obj.bin" "$DL/s3api-obj.bin" >/dev/null
  same_sha256 "$SRC/big-20MiB.bin" "$DL/s3api-obj.bin"
}
check "s3api get-object, sha256 identical" get_object
get_range() {
  AWS s3api get-object --bucket "$B2" --key "dir/obj.bin" --range bytes=1000-1999 "$DL/range.bin" >/dev/null
  dd if="$SRC/big-20MiB.bin" of="$DL/range.expected" bs=1000 skip=1 count=1 status=none
  same_sha256 "$DL/range.expected" "$DL/range.bin"
}
check "s3api get-object --range bytes=1000-1999" get_range
missing_head() {
  local status=0
  AWS s3api head-object --bucket "$B2" --key "no/such/key" >"$WORK/missing.out" 2>&1 || status=$?
  cat "$WORK/missing.out"
  [ "$status" -ne 0 ] && grep -q '404' "$WORK/missing.out"
}
check "s3api head-object of a missing key: 404" missing_head

for i in 1 2 3 4 5; do
  check "s3api put-object list/k$i" AWS s3api put-object --bucket "$B2" --key "list/k$i" --body "$SRC/small.txt"
done
check "s3api put-object list/sub/deep" AWS s3api put-object --bucket "$B2" --key "list/sub/deep" --body "$SRC/empty"
check_output "s3api list-objects-v2 --prefix (paged by 2)" "$(printf 'list/k1\nlist/k2\nlist/k3\nlist/k4\nlist/k5\nlist/sub/deep')" \
  keys "$B2" list/ --page-size 2
list_delim() {
  AWS s3api list-objects-v2 --bucket "$B2" --prefix list/ --delimiter / \
    --query '{keys: length(Contents), prefixes: CommonPrefixes[].Prefix}' --output json | tr -d ' \n'
}
check_output "s3api list-objects-v2 --delimiter / (5 keys, 1 common prefix)" '{"keys":5,"prefixes":["list/sub/"]}' list_delim
list_size() {
  AWS s3api list-objects-v2 --bucket "$B2" --prefix dir/ --query 'Contents[0].[Key, Size]' --output text
}
check_output "s3api list-objects-v2 reports the size" "$(printf 'dir/obj.bin\t20971520')" list_size

copy_object() {
  AWS s3api copy-object --bucket "$B2" --key "copies/obj-copy.bin" --copy-source "$B2/dir/obj.bin" >/dev/null
  AWS s3api get-object --bucket "$B2" --key "copies/obj-copy.bin" "$DL/copy.bin" >/dev/null
  same_sha256 "$SRC/big-20MiB.bin" "$DL/copy.bin"
  [ "$(AWS s3api head-object --bucket "$B2" --key copies/obj-copy.bin --query Metadata.color --output text)" = blue ]
}
check "s3api copy-object (metadata copied), copy identical by sha256" copy_object
copy_replace() {
  AWS s3api copy-object --bucket "$B2" --key "copies/replaced.bin" --copy-source "$B2/dir/obj.bin" \
    --metadata-directive REPLACE --metadata color=red --content-type text/x-replaced >/dev/null
  AWS s3api head-object --bucket "$B2" --key "copies/replaced.bin" --query '[Metadata.color, ContentType]' --output text
}
check_output "s3api copy-object --metadata-directive REPLACE" "$(printf 'red\ttext/x-replaced')" copy_replace
copy_cross_bucket() {
  AWS s3api create-bucket --bucket "$B2-x" >/dev/null
  AWS s3api copy-object --bucket "$B2-x" --key "a b/c" --copy-source "$B2/list/k1" >/dev/null
  AWS s3api get-object --bucket "$B2-x" --key "a b/c" "$DL/cross.bin" >/dev/null
  same_sha256 "$SRC/small.txt" "$DL/cross.bin"
  AWS s3api delete-object --bucket "$B2-x" --key "a b/c"
  AWS s3api delete-bucket --bucket "$B2-x"
}
check "s3api copy-object across buckets, key with a space" copy_cross_bucket

delete_objects() {
  local deleted
  deleted=$(AWS s3api delete-objects --bucket "$B2" --delete \
    '{"Objects":[{"Key":"list/k1"},{"Key":"list/k2"},{"Key":"list/k3"},{"Key":"never/existed"}]}' \
    --query 'length(Deleted)' --output text)
  echo "deleted: $deleted"
  [ "$deleted" = 4 ]
}
check "s3api delete-objects (4 keys, one never existed: S3 reports all as deleted)" delete_objects
check_output "s3api list-objects-v2 after delete-objects" "$(printf 'list/k4\nlist/k5\nlist/sub/deep')" keys "$B2" list/
check "s3api delete-bucket of a non-empty bucket fails" fails AWS s3api delete-bucket --bucket "$B2"
delete_all() {
  local keys
  keys=$(AWS s3api list-objects-v2 --bucket "$B2" --query 'Contents[].Key' --output json)
  AWS s3api delete-objects --bucket "$B2" --delete "{\"Objects\": $(echo "$keys" | python3 -c \
    'import json,sys; print(json.dumps([{"Key": k} for k in json.load(sys.stdin)]))')}" >/dev/null
  # shellcheck disable=SC2016  # a JMESPath literal, not a shell expansion
  [ "$(AWS s3api list-objects-v2 --bucket "$B2" --query 'length(Contents || `[]`)' --output text)" = 0 ]
}
check "s3api delete-objects of everything left" delete_all
check "s3api delete-bucket" AWS s3api delete-bucket --bucket "$B2"
check "s3api head-bucket of the deleted bucket fails" fails AWS s3api head-bucket --bucket "$B2"

finish
