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
# No multipart settings: the CLI's defaults apply (multipart above 8 MiB, 8 MiB parts, 10 concurrent requests).

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
etag_20mib() {
  local etag
  etag=$(AWS s3api head-object --bucket "$B" --key "up/big-20MiB.bin" --query ETag --output text)
  echo "ETag $etag"
  [ "$etag" = "$(multipart_etag_of "$SRC/big-20MiB.bin" $((8 * 1024 * 1024)))" ]
}
check "s3 cp of 20 MiB went up in 3 parts of 8 MiB (ETag = MD5 of the part MD5s, \"-3\")" etag_20mib
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
# S3 (and Cairn) report Last-Modified in whole seconds, and sync uploads a file whose mtime is later than the
# object's Last-Modified: a file written in the same second as its upload (10.5 s vs 10.9 s, listed as 10 s) would
# be uploaded again by the second sync. Files older than the upload are what the check means.
find "$TREE" -type f -exec touch -d '1 minute ago' {} +
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

object_tags() { AWS s3api get-object-tagging --bucket "$B2" --key "$1" --query 'TagSet[].[Key, Value]' --output text; }
check "s3api put-object-tagging (two tags, spaces in key and value)" AWS s3api put-object-tagging --bucket "$B2" \
  --key list/k4 --tagging '{"TagSet": [{"Key": "team", "Value": "storage"}, {"Key": "cost center", "Value": "4 2"}]}'
check_output "s3api get-object-tagging returns them in order" "$(printf 'team\tstorage\ncost center\t4 2')" \
  object_tags list/k4
tagged_put() {
  AWS s3api put-object --bucket "$B2" --key tagged/obj --body "$SRC/small.txt" --tagging 'a=1&b=x%20y' >/dev/null
  object_tags tagged/obj
}
check_output "s3api put-object --tagging (URL query form), read back by get-object-tagging" \
  "$(printf 'a\t1\nb\tx y')" tagged_put
untag() {
  AWS s3api delete-object-tagging --bucket "$B2" --key list/k4
  AWS s3api get-object-tagging --bucket "$B2" --key list/k4 --query 'length(TagSet)' --output text
}
check_output "s3api delete-object-tagging leaves an empty tag set" 0 untag
bucket_tags() {
  AWS s3api put-bucket-tagging --bucket "$B2" --tagging 'TagSet=[{Key=project,Value=cairn}]'
  AWS s3api get-bucket-tagging --bucket "$B2" --query 'TagSet[].[Key, Value]' --output text
  AWS s3api delete-bucket-tagging --bucket "$B2"
  if AWS s3api get-bucket-tagging --bucket "$B2" >"$WORK/no-tags.out" 2>&1; then return 1; fi
  grep -q NoSuchTagSet "$WORK/no-tags.out"
}
check_output "s3api put/get/delete-bucket-tagging round trip" "$(printf 'project\tcairn')" bucket_tags

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

# --------------------------------------------------------------------------------------- s3api versioning
BV=$(unique_bucket aws-versions)
check "s3api create-bucket (for versioning)" AWS s3api create-bucket --bucket "$BV"
# An empty <VersioningConfiguration/> for a never-versioned bucket: the CLI prints nothing at all.
check_output "get-bucket-versioning of a never-versioned bucket: empty configuration" "" \
  AWS s3api get-bucket-versioning --bucket "$BV" --output json
versioning_status() { AWS s3api get-bucket-versioning --bucket "$BV" --query Status --output text; }
check "put-bucket-versioning Status=Enabled" \
  AWS s3api put-bucket-versioning --bucket "$BV" --versioning-configuration Status=Enabled
check_output "get-bucket-versioning: Enabled" Enabled versioning_status

for i in 1 2 3 4 5; do make_file "$SRC/v$i" $((1000 + i * 111)); done
# put_version I: puts $SRC/vI as doc.txt and keeps the version id in $WORK/vid-I.
put_version() {
  local vid
  vid=$(AWS s3api put-object --bucket "$BV" --key doc.txt --body "$SRC/v$1" --query VersionId --output text)
  echo "version id: $vid"
  [ -n "$vid" ] && [ "$vid" != None ] && [ "$vid" != null ]
  echo "$vid" >"$WORK/vid-$1"
}
for i in 1 2 3; do
  check "put-object doc.txt (content $i) returns a version id" put_version "$i"
done
# Cairn's version ids may begin with "-": the CLI's argument parser then takes them for an option, so they are
# always passed as --version-id=ID.
vid() { cat "$WORK/vid-$1" 2>/dev/null || echo "(no version id $1)"; }
distinct_ids() { [ "$(cat "$WORK"/vid-1 "$WORK"/vid-2 "$WORK"/vid-3 | LC_ALL=C sort -u | wc -l)" = 3 ]; }
check "the 3 version ids are distinct" distinct_ids
latest_is() { AWS s3api get-object --bucket "$BV" --key doc.txt "$DL/latest" >/dev/null; same_sha256 "$SRC/v$1" "$DL/latest"; }
check "get-object without a version id returns the last write" latest_is 3

delete_marker() {
  AWS s3api delete-object --bucket "$BV" --key doc.txt --output json >"$WORK/dm.json"
  cat "$WORK/dm.json"
  python3 - "$WORK/dm.json" "$WORK/vid-dm" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d.get("DeleteMarker") is True, "DeleteMarker is not true"
assert d.get("VersionId") not in (None, "", "null"), "no version id for the marker"
open(sys.argv[2], "w").write(d["VersionId"] + "\n")
EOF
}
check "delete-object without a version id writes a delete marker (DeleteMarker: true, its version id)" delete_marker
# expect_error CODE CMD...: CMD fails and its error output names CODE (e.g. 404, NoSuchKey, MethodNotAllowed).
expect_error() {
  local code=$1 status=0
  shift
  "$@" >"$WORK/err.out" 2>&1 || status=$?
  cat "$WORK/err.out"
  [ "$status" -ne 0 ] || { echo "expected an error, but this succeeded"; return 1; }
  grep -q -- "$code" "$WORK/err.out"
}
check "get-object after the delete: NoSuchKey" expect_error NoSuchKey \
  AWS s3api get-object --bucket "$BV" --key doc.txt "$DL/gone"
hidden_in_list() {
  local k
  k=$(AWS s3api list-objects-v2 --bucket "$BV" --query 'Contents[].Key' --output text)
  echo "keys: $k"
  [ "$k" = None ]
}
check "list-objects-v2 hides a key whose latest version is a delete marker" hidden_in_list

# list_versions: "V|D key version-id IsLatest size" per entry, versions first, in the server's order.
list_versions() {
  AWS s3api list-object-versions --bucket "$BV" --prefix doc "$@" --output json >"$WORK/lov.json"
  python3 - "$WORK/lov.json" <<'EOF'
import json, sys
raw = open(sys.argv[1]).read()
d = json.loads(raw) if raw.strip() else {}
for v in d.get("Versions", []):
    print("V", v["Key"], v["VersionId"], v["IsLatest"], v["Size"])
for m in d.get("DeleteMarkers", []):
    print("D", m["Key"], m["VersionId"], m["IsLatest"])
EOF
}
size_of() { stat -c %s "$SRC/v$1"; }
expected_after_delete() {
  printf '%s\n' "V doc.txt $(vid 3) False $(size_of 3)" "V doc.txt $(vid 2) False $(size_of 2)" \
    "V doc.txt $(vid 1) False $(size_of 1)" "D doc.txt $(vid dm) True"
}
check_output "list-object-versions: 3 versions newest first + 1 delete marker, only the marker IsLatest" \
  "$(expected_after_delete)" list_versions
check_output "list-object-versions --page-size 1 (version-id-marker paging) lists the same" \
  "$(expected_after_delete)" list_versions --page-size 1

get_version() {
  AWS s3api get-object --bucket "$BV" --key doc.txt --version-id="$(vid "$1")" "$DL/version-$1" \
    --query VersionId --output text >"$WORK/got-vid"
  [ "$(cat "$WORK/got-vid")" = "$(vid "$1")" ] || { echo "x-amz-version-id $(cat "$WORK/got-vid")"; return 1; }
  same_sha256 "$SRC/v$1" "$DL/version-$1"
}
for i in 1 2 3; do
  check "get-object --version-id of version $i: its content (sha256) and version id" get_version "$i"
done
head_version() {
  AWS s3api head-object --bucket "$BV" --key doc.txt --version-id="$(vid 2)" --query ContentLength --output text
}
check_output "head-object --version-id of version 2: its length" "$(size_of 2)" head_version
check "head-object --version-id of the delete marker: 405" expect_error 405 \
  AWS s3api head-object --bucket "$BV" --key doc.txt --version-id="$(vid dm)"
check "get-object --version-id of the delete marker: MethodNotAllowed" expect_error MethodNotAllowed \
  AWS s3api get-object --bucket "$BV" --key doc.txt --version-id="$(vid dm)" "$DL/marker"
copy_old_version() {
  AWS s3api copy-object --bucket "$BV" --key restored-v1.txt --copy-source "$BV/doc.txt?versionId=$(vid 1)" >/dev/null
  AWS s3api get-object --bucket "$BV" --key restored-v1.txt "$DL/restored-v1" >/dev/null
  same_sha256 "$SRC/v1" "$DL/restored-v1"
}
check "copy-object from an old version (?versionId=), sha256 of version 1" copy_old_version

undelete() {
  AWS s3api delete-object --bucket "$BV" --key doc.txt --version-id="$(vid dm)" --output json >"$WORK/undel.json"
  cat "$WORK/undel.json"
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d.get("DeleteMarker") is True and d.get("VersionId") == sys.argv[2], d' \
    "$WORK/undel.json" "$(vid dm)"
}
check "delete-object --version-id of the marker (response names the marker)" undelete
check "after removing the marker, get-object returns version 3 again (undeleted)" latest_is 3
check_output "list-object-versions after the undelete: version 3 IsLatest, no marker" \
  "$(printf '%s\n' "V doc.txt $(vid 3) True $(size_of 3)" "V doc.txt $(vid 2) False $(size_of 2)" \
    "V doc.txt $(vid 1) False $(size_of 1)")" list_versions
check "delete-object --version-id of version 2 (removed for good)" \
  AWS s3api delete-object --bucket "$BV" --key doc.txt --version-id="$(vid 2)"
check "get-object --version-id of the removed version 2: NoSuchVersion" expect_error NoSuchVersion \
  AWS s3api get-object --bucket "$BV" --key doc.txt --version-id="$(vid 2)" "$DL/v2-gone"
check_output "list-object-versions: versions 3 and 1 remain" \
  "$(printf '%s\n' "V doc.txt $(vid 3) True $(size_of 3)" "V doc.txt $(vid 1) False $(size_of 1)")" list_versions

# Suspended: new writes get version id "null" and replace the previous null version; older versions stay.
check "put-bucket-versioning Status=Suspended" \
  AWS s3api put-bucket-versioning --bucket "$BV" --versioning-configuration Status=Suspended
check_output "get-bucket-versioning: Suspended" Suspended versioning_status
put_null() {
  local vid
  vid=$(AWS s3api put-object --bucket "$BV" --key doc.txt --body "$SRC/v$1" --query VersionId --output text)
  echo "version id: $vid"
  [ "$vid" = null ]
}
check "put-object in a suspended bucket: version id null" put_null 4
check "put-object again in a suspended bucket: version id null" put_null 5
check_output "list-object-versions: the null version replaced, versions 3 and 1 kept" \
  "$(printf '%s\n' "V doc.txt null True $(size_of 5)" "V doc.txt $(vid 3) False $(size_of 3)" \
    "V doc.txt $(vid 1) False $(size_of 1)")" list_versions
get_null() { AWS s3api get-object --bucket "$BV" --key doc.txt --version-id null "$DL/null" >/dev/null; same_sha256 "$SRC/v5" "$DL/null"; }
check "get-object --version-id null: the last suspended write" get_null

check "delete-bucket while versions remain: BucketNotEmpty" expect_error BucketNotEmpty \
  AWS s3api delete-bucket --bucket "$BV"
delete_all_versions() {
  AWS s3api list-object-versions --bucket "$BV" --output json >"$WORK/all-versions.json"
  python3 - "$WORK/all-versions.json" >"$WORK/delete-versions.json" <<'EOF'
import json, sys
raw = open(sys.argv[1]).read()
d = json.loads(raw) if raw.strip() else {}
entries = d.get("Versions", []) + d.get("DeleteMarkers", [])
print(json.dumps({"Objects": [{"Key": e["Key"], "VersionId": e["VersionId"]} for e in entries]}))
EOF
  cat "$WORK/delete-versions.json"
  AWS s3api delete-objects --bucket "$BV" --delete "file://$WORK/delete-versions.json" >/dev/null
  AWS s3api list-object-versions --bucket "$BV" --output json >"$WORK/left.json"
  python3 -c 'import json, sys; raw = open(sys.argv[1]).read(); d = json.loads(raw) if raw.strip() else {}; \
left = d.get("Versions", []) + d.get("DeleteMarkers", []); assert not left, left' "$WORK/left.json"
}
check "delete-objects with version ids removes every version and marker" delete_all_versions
check "delete-bucket of the emptied versioned bucket" AWS s3api delete-bucket --bucket "$BV"

# ------------------------------------------------------------------------------------ s3api multipart by hand
BM=$(unique_bucket aws-mpu)
check "s3api create-bucket (for multipart)" AWS s3api create-bucket --bucket "$BM"
MB5=$((5 * 1024 * 1024))
make_file "$SRC/part1" 5M
make_file "$SRC/part2" 5M
make_file "$SRC/part2-first-try" 5M
make_file "$SRC/part3" 1234
cat "$SRC/part1" "$SRC/part2" "$SRC/part3" >"$SRC/mpu-all"
md5q() { echo "\"$(md5sum <"$1" | cut -d' ' -f1)\""; }
upload_id() { cat "$WORK/upload-id-$1" 2>/dev/null || echo "(no upload id $1)"; }

create_mpu() {
  AWS s3api create-multipart-upload --bucket "$BM" --key "$2" --content-type application/x-mpu \
    --metadata origin=by-hand --query UploadId --output text >"$WORK/upload-id-$1"
  cat "$WORK/upload-id-$1"
  [ -s "$WORK/upload-id-$1" ]
}
check "create-multipart-upload (content type and metadata)" create_mpu main "mp/obj.bin"
# upload_part NAME KEY NUMBER FILE: the part's ETag must be the MD5 of FILE.
upload_part() {
  local etag
  etag=$(AWS s3api upload-part --bucket "$BM" --key "$2" --upload-id "$(upload_id "$1")" --part-number "$3" \
    --body "$4" --query ETag --output text)
  echo "ETag $etag"
  [ "$etag" = "$(md5q "$4")" ]
}
check "upload-part 1 (5 MiB), ETag is its MD5" upload_part main mp/obj.bin 1 "$SRC/part1"
check "upload-part 2 (5 MiB, content to be replaced)" upload_part main mp/obj.bin 2 "$SRC/part2-first-try"
check "upload-part 3 (1234 bytes, the last part may be small)" upload_part main mp/obj.bin 3 "$SRC/part3"
check "upload-part 2 again replaces it" upload_part main mp/obj.bin 2 "$SRC/part2"
list_parts() {
  AWS s3api list-parts --bucket "$BM" --key mp/obj.bin --upload-id "$(upload_id main)" "$@" \
    --query 'Parts[].[PartNumber, Size, ETag]' --output text
}
expected_parts() {
  printf '1\t%s\t%s\n2\t%s\t%s\n3\t%s\t%s\n' "$MB5" "$(md5q "$SRC/part1")" "$MB5" "$(md5q "$SRC/part2")" \
    1234 "$(md5q "$SRC/part3")"
}
check_output "list-parts: 3 parts, part 2 replaced" "$(expected_parts)" list_parts
check_output "list-parts --page-size 1 (part-number-marker paging) lists the same" "$(expected_parts)" list_parts --page-size 1
check "create-multipart-upload of a second key (to be aborted)" create_mpu abort "mp/aborted.bin"
check "upload-part 1 of the second upload" upload_part abort mp/aborted.bin 1 "$SRC/part1"
list_uploads() {
  AWS s3api list-multipart-uploads --bucket "$BM" "$@" --query 'Uploads[].[Key, UploadId]' --output text
}
check_output "list-multipart-uploads: both uploads, by key" \
  "$(printf 'mp/aborted.bin\t%s\nmp/obj.bin\t%s' "$(upload_id abort)" "$(upload_id main)")" list_uploads
check_output "list-multipart-uploads --page-size 1 (key-marker/upload-id-marker paging) lists the same" \
  "$(printf 'mp/aborted.bin\t%s\nmp/obj.bin\t%s' "$(upload_id abort)" "$(upload_id main)")" list_uploads --page-size 1
check_output "list-multipart-uploads --prefix mp/o" "$(printf 'mp/obj.bin\t%s' "$(upload_id main)")" \
  list_uploads --prefix mp/o
check "abort-multipart-upload" AWS s3api abort-multipart-upload --bucket "$BM" --key mp/aborted.bin \
  --upload-id "$(upload_id abort)"
check "list-parts of the aborted upload: NoSuchUpload" expect_error NoSuchUpload \
  AWS s3api list-parts --bucket "$BM" --key mp/aborted.bin --upload-id "$(upload_id abort)"
check_output "list-multipart-uploads: only the first upload left" \
  "$(printf 'mp/obj.bin\t%s' "$(upload_id main)")" list_uploads

# parts_json FILE N:ETAG...: a CompleteMultipartUpload part list.
parts_json() {
  local out=$1
  shift
  python3 -c 'import json, sys; print(json.dumps({"Parts": [{"PartNumber": int(a.split(":", 1)[0]), "ETag": a.split(":", 1)[1]} for a in sys.argv[1:]]}))' \
    "$@" >"$out"
}
complete_mpu() {
  AWS s3api complete-multipart-upload --bucket "$BM" --key "$2" --upload-id "$(upload_id "$1")" \
    --multipart-upload "file://$3" --query ETag --output text
}
bad_etag() {
  parts_json "$WORK/bad-etag.json" "1:$(md5q "$SRC/part1")" "2:$(md5q "$SRC/part2-first-try")" "3:$(md5q "$SRC/part3")"
  expect_error InvalidPart complete_mpu main mp/obj.bin "$WORK/bad-etag.json"
}
check "complete-multipart-upload naming the replaced part's ETag: InvalidPart" bad_etag
bad_order() {
  parts_json "$WORK/bad-order.json" "2:$(md5q "$SRC/part2")" "1:$(md5q "$SRC/part1")" "3:$(md5q "$SRC/part3")"
  expect_error InvalidPartOrder complete_mpu main mp/obj.bin "$WORK/bad-order.json"
}
check "complete-multipart-upload with parts out of order: InvalidPartOrder" bad_order
good_complete() {
  local etag
  parts_json "$WORK/parts.json" "1:$(md5q "$SRC/part1")" "2:$(md5q "$SRC/part2")" "3:$(md5q "$SRC/part3")"
  etag=$(complete_mpu main mp/obj.bin "$WORK/parts.json")
  echo "ETag $etag"
  [ "$etag" = "$(multipart_etag_of "$SRC/mpu-all" "$MB5")" ]
}
check "complete-multipart-upload (after the failed attempts): ETag \"md5-of-part-md5s-3\"" good_complete
check_output "list-multipart-uploads: none left" "None" list_uploads
get_mpu() { AWS s3api get-object --bucket "$BM" --key mp/obj.bin "$DL/mpu" >/dev/null; same_sha256 "$SRC/mpu-all" "$DL/mpu"; }
check "get-object of the completed upload: the 3 parts in order (sha256)" get_mpu
head_mpu() {
  AWS s3api head-object --bucket "$BM" --key mp/obj.bin \
    --query '[ContentLength, ContentType, Metadata.origin]' --output text
}
check_output "head-object: length, content type and metadata from create-multipart-upload" \
  "$(printf '%s\tapplication/x-mpu\tby-hand' $((2 * MB5 + 1234)))" head_mpu
head_part() {
  AWS s3api head-object --bucket "$BM" --key mp/obj.bin --part-number 2 --query '[ContentLength, PartsCount]' --output text
}
check_output "head-object --part-number 2: the part's length, PartsCount 3" "$(printf '%s\t3' "$MB5")" head_part
get_part() {
  AWS s3api get-object --bucket "$BM" --key mp/obj.bin --part-number 3 "$DL/part3" >/dev/null
  same_sha256 "$SRC/part3" "$DL/part3"
}
check "get-object --part-number 3: exactly the last part" get_part

too_small() {
  create_mpu small mp/small.bin
  upload_part small mp/small.bin 1 "$SRC/part3"
  upload_part small mp/small.bin 2 "$SRC/part3"
  parts_json "$WORK/small.json" "1:$(md5q "$SRC/part3")" "2:$(md5q "$SRC/part3")"
  expect_error EntityTooSmall complete_mpu small mp/small.bin "$WORK/small.json"
  AWS s3api abort-multipart-upload --bucket "$BM" --key mp/small.bin --upload-id "$(upload_id small)"
}
check "complete-multipart-upload with a 1234-byte non-last part: EntityTooSmall (then abort)" too_small

part_copy() {
  local e1 e2 etag
  create_mpu copy mp/copied.bin
  e1=$(AWS s3api upload-part-copy --bucket "$BM" --key mp/copied.bin --upload-id "$(upload_id copy)" --part-number 1 \
    --copy-source "$BM/mp/obj.bin" --copy-source-range "bytes=$MB5-$((2 * MB5 - 1))" --query CopyPartResult.ETag --output text)
  e2=$(AWS s3api upload-part-copy --bucket "$BM" --key mp/copied.bin --upload-id "$(upload_id copy)" --part-number 2 \
    --copy-source "$BM/mp/obj.bin" --copy-source-range "bytes=0-$((MB5 - 1))" --query CopyPartResult.ETag --output text)
  echo "part ETags $e1 $e2"
  [ "$e1" = "$(md5q "$SRC/part2")" ] && [ "$e2" = "$(md5q "$SRC/part1")" ]
  parts_json "$WORK/copy.json" "1:$e1" "2:$e2"
  etag=$(complete_mpu copy mp/copied.bin "$WORK/copy.json")
  echo "ETag $etag"
  cat "$SRC/part2" "$SRC/part1" >"$SRC/copied-expected"
  AWS s3api get-object --bucket "$BM" --key mp/copied.bin "$DL/copied" >/dev/null
  same_sha256 "$SRC/copied-expected" "$DL/copied"
}
check "upload-part-copy with --copy-source-range (parts 2 and 1 swapped), sha256 of the result" part_copy

check "s3 rb --force (objects, then the bucket)" AWS s3 rb --force "s3://$BM"

# ------------------------------------------------------------------------------- server-side encryption
# SSE-S3 (--sse AES256) and SSE-C (--sse-c AES256 --sse-c-key fileb://KEY), single PUT and multipart (10 MiB:
# the CLI's multipart threshold is 8 MiB), both ways, byte-identical; SSE-C without its key is refused.
BE=$(unique_bucket aws-sse)
check "s3 mb (for SSE)" AWS s3 mb "s3://$BE"
make_file "$SRC/sse-10MiB.bin" 10M
SSEC_KEY="$WORK/sse-c.key"
head -c 32 /dev/urandom >"$SSEC_KEY"
sse_of() { AWS s3api head-object --bucket "$BE" --key "$1" --query ServerSideEncryption --output text; }
for f in small.txt sse-10MiB.bin; do
  check "s3 cp --sse AES256 upload '$f'" AWS s3 cp --sse AES256 "$SRC/$f" "s3://$BE/s3/$f"
  check_output "head-object reports AES256 for '$f'" "AES256" sse_of "s3/$f"
  rm -f "$DL/$f"
  check "s3 cp download of SSE-S3 '$f'" AWS s3 cp "s3://$BE/s3/$f" "$DL/$f"
  check "sha256 of SSE-S3 '$f'" same_sha256 "$SRC/$f" "$DL/$f"
  check "s3 cp --sse-c AES256 upload '$f'" \
    AWS s3 cp --sse-c AES256 --sse-c-key "fileb://$SSEC_KEY" "$SRC/$f" "s3://$BE/c/$f"
  check "s3 cp download of SSE-C '$f' without the key fails" fails AWS s3 cp "s3://$BE/c/$f" "$DL/nokey"
  rm -f "$DL/$f"
  check "s3 cp --sse-c download '$f'" \
    AWS s3 cp --sse-c AES256 --sse-c-key "fileb://$SSEC_KEY" "s3://$BE/c/$f" "$DL/$f"
  check "sha256 of SSE-C '$f'" same_sha256 "$SRC/$f" "$DL/$f"
done
check "s3 rb --force (SSE)" AWS s3 rb --force "s3://$BE"

# ------------------------------------------------------------------------------------- bucket lifecycle
# put-bucket-lifecycle-configuration from a JSON file, read back unchanged; the rule a new object falls under
# shows in head-object's Expiration (x-amz-expiration); invalid rules are refused with S3's error codes.
BL=$(unique_bucket aws-lifecycle)
check "s3api create-bucket (for lifecycle)" AWS s3api create-bucket --bucket "$BL"
cat >"$WORK/rules.json" <<'JSON'
{
  "Rules": [
    {
      "ID": "logs",
      "Filter": {"Prefix": "logs/"},
      "Status": "Enabled",
      "Expiration": {"Days": 30},
      "NoncurrentVersionExpiration": {"NoncurrentDays": 7, "NewerNoncurrentVersions": 2},
      "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 3}
    },
    {
      "ID": "tagged and sized",
      "Filter": {"And": {"Prefix": "tmp/", "Tags": [{"Key": "env", "Value": "test"}],
                         "ObjectSizeGreaterThan": 1024, "ObjectSizeLessThan": 1048576}},
      "Status": "Disabled",
      "Expiration": {"Date": "2031-01-01T00:00:00+00:00"}
    },
    {
      "ID": "markers",
      "Filter": {"Prefix": ""},
      "Status": "Enabled",
      "Expiration": {"ExpiredObjectDeleteMarker": true}
    }
  ]
}
JSON
check "put-bucket-lifecycle-configuration --lifecycle-configuration file://rules.json" \
  AWS s3api put-bucket-lifecycle-configuration --bucket "$BL" --lifecycle-configuration "file://$WORK/rules.json"
# normalized_rules FILE: the Rules of a lifecycle document, keys sorted, dates as UTC instants.
normalized_rules() {
  python3 - "$1" <<'PY'
import datetime, json, sys
def norm(v):
    if isinstance(v, dict):
        return {k: norm(x) for k, x in sorted(v.items())}
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, str) and len(v) >= 19 and v[4] == "-" and v[10] == "T":
        return datetime.datetime.fromisoformat(v.replace("Z", "+00:00")).astimezone(datetime.timezone.utc).isoformat()
    return v
print(json.dumps(norm(json.load(open(sys.argv[1]))["Rules"]), sort_keys=True))
PY
}
lifecycle_round_trip() {
  AWS s3api get-bucket-lifecycle-configuration --bucket "$BL" >"$WORK/rules-got.json"
  cat "$WORK/rules-got.json"
  [ "$(normalized_rules "$WORK/rules.json")" = "$(normalized_rules "$WORK/rules-got.json")" ]
}
check "get-bucket-lifecycle-configuration returns the same rules" lifecycle_round_trip
expiration_of() { AWS s3api head-object --bucket "$BL" --key "$1" --query Expiration --output text; }
check "put-object logs/app.log" AWS s3api put-object --bucket "$BL" --key logs/app.log --body "$SRC/small.txt"
expiration_header() {
  local got day
  got=$(expiration_of logs/app.log)
  echo "Expiration: $got"
  # 30 days after today, rounded up to the next midnight UTC (the object was written moments ago).
  day=$(date -u -d "@$(( $(date -u +%s) / 86400 * 86400 + 31 * 86400 ))" '+%a, %d %b %Y 00:00:00 GMT')
  [ "$got" = "expiry-date=\"$day\", rule-id=\"logs\"" ]
}
check "head-object: Expiration names the expiry date and the rule" expiration_header
check "put-object outside every rule" AWS s3api put-object --bucket "$BL" --key other.txt --body "$SRC/small.txt"
check_output "head-object of an object no rule expires: no Expiration" "None" expiration_of other.txt
cat >"$WORK/bad-rules.json" <<'JSON'
{"Rules": [{"ID": "zero", "Filter": {"Prefix": ""}, "Status": "Enabled", "Expiration": {"Days": 0}}]}
JSON
check "put-bucket-lifecycle-configuration with Days 0: InvalidArgument" expect_error InvalidArgument \
  AWS s3api put-bucket-lifecycle-configuration --bucket "$BL" --lifecycle-configuration "file://$WORK/bad-rules.json"
check "get-bucket-lifecycle-configuration still returns the first rules" lifecycle_round_trip
check "delete-bucket-lifecycle" AWS s3api delete-bucket-lifecycle --bucket "$BL"
check "get-bucket-lifecycle-configuration after the delete: NoSuchLifecycleConfiguration" \
  expect_error NoSuchLifecycleConfiguration AWS s3api get-bucket-lifecycle-configuration --bucket "$BL"
check "s3 rb --force (lifecycle)" AWS s3 rb --force "s3://$BL"

# --------------------------------------------------------------------------- aws s3 cp of 1 GiB, both ways
BB=$(unique_bucket aws-big)
BIG="$WORK/big-1GiB.bin"
make_big_file "$BIG" 1G
check "s3 mb (for 1 GiB)" AWS s3 mb "s3://$BB"
big_up() {
  local t0=$SECONDS
  AWS s3 cp "$BIG" "s3://$BB/big/1GiB.bin"
  echo "$((SECONDS - t0))" >"$WORK/up-secs"
}
check "s3 cp upload of 1 GiB (multipart: 128 parts of 8 MiB, default settings)" big_up
log "1 GiB upload took $(cat "$WORK/up-secs" 2>/dev/null || echo ?)s"
big_etag() {
  AWS s3api head-object --bucket "$BB" --key big/1GiB.bin --query '[ContentLength, ETag]' --output text
}
check_output "head-object of the 1 GiB object: length and ETag \"md5-of-part-md5s-128\"" \
  "$(printf '1073741824\t%s' "$(multipart_etag_of "$BIG" $((8 * 1024 * 1024)))")" big_etag
big_down() {
  local t0=$SECONDS
  AWS s3 cp "s3://$BB/big/1GiB.bin" "$DL/1GiB.bin"
  echo "$((SECONDS - t0))" >"$WORK/down-secs"
  same_sha256 "$BIG" "$DL/1GiB.bin"
}
check "s3 cp download of 1 GiB (ranged GETs in parallel), sha256 identical" big_down
log "1 GiB download took $(cat "$WORK/down-secs" 2>/dev/null || echo ?)s"
rm -f "$BIG" "$DL/1GiB.bin"
check "s3 rb --force (the 1 GiB object, then the bucket)" AWS s3 rb --force "s3://$BB"

finish
