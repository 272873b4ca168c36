#!/usr/bin/env bash
# The evidence bundle: made from the samples and the 4.1 valid corpus with a fresh key, it
# verifies; then every kind of tampering, each on a fresh copy, fails `renkei verify` with
# exit 1 and a message naming the file and the problem. Also: keygen writes the private key
# with mode 0600 and never overwrites; evidence refuses a non-empty directory; a write that
# fails half-way (RLIMIT_FSIZE) leaves no bundle that verifies.
# usage: evidence.sh RENKEI RESIGN SOURCE_DIR WORK_DIR
set -u
renkei=$1
resign=$2
src=$3
work=$4
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1

# expect_invalid NAME BUNDLE FILE RULE [verify options]: exit 1 and a finding of RULE on
# BUNDLE/FILE among the messages
expect_invalid() {
  local name=$1 dir=$2 file=$3 rule=$4
  shift 4
  local out rc
  out=$("$renkei" verify "$dir" "$@" 2>&1)
  rc=$?
  if [ $rc != 1 ]; then ko "$name: verify exit $rc, want 1: $out"; return; fi
  if printf '%s\n' "$out" | grep -F "$dir/$file: " | grep -qF "[$rule]"; then ok
  else ko "$name: no $rule on $dir/$file in: $out"; fi
}

# flip_byte FILE OFFSET: replaces the byte at OFFSET with another (same size)
flip_byte() {
  python3 - "$1" "$2" <<'PY'
import sys
p, off = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, 'rb').read())
b[off] = ord('0') if b[off] != ord('0') else ord('1')
open(p, 'wb').write(b)
PY
}

copy() { rm -rf "$2"; cp -a "$1" "$2"; }

export SOURCE_DATE_EPOCH=1743465600

# ---- keygen ----
"$renkei" keygen --out test >/dev/null && ok || ko "keygen"
mode=$(stat -c %a test.key)
[ "$mode" = 600 ] && ok || ko "private key mode $mode, want 600"
[ -s test.pub ] && grep -q "BEGIN PUBLIC KEY" test.pub && ok || ko "no public key"
cp test.key test.key.orig
"$renkei" keygen --out test >/dev/null 2>&1
rc=$?
[ $rc = 3 ] && cmp -s test.key test.key.orig && ok || ko "keygen overwrote a key (exit $rc)"
"$renkei" keygen --out other >/dev/null && ok || ko "keygen other"

# ---- a bundle that verifies ----
"$renkei" evidence --vendor "Example 株式会社" --product "ケアプラン太郎" --product-version 2.1 \
  --office kyotaku --key test.key --out bundle "$src/samples" "$src/corpus/careplan/4.1/valid" \
  >evidence.out 2>&1
rc=$?
[ $rc = 1 ] && ok || ko "evidence exit $rc (samples hold errors: want 1): $(cat evidence.out)"
for f in manifest.json manifest.sig pubkey.pem report.json report.html; do
  [ -f "bundle/$f" ] && ok || ko "bundle/$f not written"
done
[ "$(ls -A bundle | tr '\n' ' ')" = "inputs manifest.json manifest.sig pubkey.pem report.html report.json " ] \
  && ok || ko "bundle holds other files: $(ls -A bundle)"
out=$("$renkei" verify bundle --pubkey test.pub 2>&1) && ok || ko "verify with --pubkey: $out"
out=$("$renkei" verify bundle 2>&1) && ok || ko "verify with the bundle's key: $out"
case "$out" in *"署名者: 未確認"*) ok ;; *) ko "verify does not say the signer is unconfirmed: $out" ;; esac
python3 - bundle "$src" <<'PY' && ok || ko "manifest contents"
import json, sys, hashlib, os
d, src = sys.argv[1], sys.argv[2]
raw = open(os.path.join(d, 'manifest.json'), 'rb').read()
m = json.loads(raw)
assert raw.endswith(b'\n')
assert raw == (json.dumps(m, sort_keys=True, separators=(',', ':'), ensure_ascii=False) + '\n').encode()
assert m['schema'] == 'renkei.evidence' and m['version'] == 1
assert m['vendor'] == 'Example 株式会社' and m['product'] == 'ケアプラン太郎'
assert m['product_version'] == '2.1' and m['office_type'] == 'kyotaku'
assert m['timestamp'] == '2025-04-01T00:00:00Z'
assert m['tool']['name'] == 'renkei' and m['tool']['build']['compiler']
assert len(m['specs']['sha256']) == 64
assert {'family': 'careplan', 'version': '4.1', 'csv_version': '202407'} in m['specs']['used']
for i in m['inputs']:
    b = open(i['path'], 'rb').read()
    assert hashlib.sha256(b).hexdigest() == i['sha256'] and len(b) == i['size'], i['path']
assert any(i['path'].endswith('send-ok/UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV') for i in m['inputs'])
names = sorted(f['name'] for f in m['files'])
assert names == ['report.html', 'report.json'], names
for f in m['files']:
    b = open(os.path.join(d, f['name']), 'rb').read()
    assert hashlib.sha256(b).hexdigest() == f['sha256'] and len(b) == f['size']
v1, v2 = m['verdicts']
assert v1['requirement'] == '①' and v2['requirement'] == '②'
# the broken export holds errors, so requirement 1 is not met; the layouts are all there
assert v1['status'] == 'not met', v1['status']
assert all(l['present'] for l in v1['layouts'] if l['required'])
assert {l['layout'] for l in v1['layouts'] if l['required']} >= {'UPHOSOKU', 'UP1KYO', 'UP2KYO', 'UP3KYO', 'UPPLAN', 'UPSIKYU'}
assert v1['roundtrip']['status'] == 'not assessed' and v1['not_checked']
assert v2['status'] == 'not assessed' and v2['reason']
r = json.load(open(os.path.join(d, 'report.json')))
assert r['schema'] == 'renkei.report'
PY
if python3 -c "import jsonschema" 2>/dev/null; then
  python3 - bundle/report.json "$src/schemas/renkei.report.schema.json" <<'PY' && ok || ko "report.json against its schema"
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))
PY
fi

# ---- the verdicts of requirement 1 ----
"$renkei" sample --send plan --out gen >/dev/null && "$renkei" sample --send slip --out gen >/dev/null
verdict() { # verdict BUNDLE FIELD...: prints a field of verdict 1
  python3 - "$@" <<'PY'
import json, sys
v = json.load(open(sys.argv[1] + '/manifest.json'))['verdicts'][0]
for k in sys.argv[2:]:
    v = v[k]
print(v)
PY
}
ev() { "$renkei" evidence --vendor V --product P --product-version 1 --key test.key "$@" >/dev/null 2>&1; }
# a product's re-export: the same records in files with its own new ファイル連番
mkdir reexp
for f in gen/*; do cp "$f" "reexp/$(basename "$f" | sed 's/_20250320\([0-9]*\)\.CSV$/_20250401\1.CSV/')"; done
ev --office kyotaku --roundtrip gen reexp --out v-met gen; rc=$?
[ $rc = 0 ] && [ "$(verdict v-met status)" = met ] && [ "$(verdict v-met roundtrip status)" = met ] \
  && ok || ko "a complete conforming kyotaku output with a round trip: exit $rc, $(verdict v-met status)"
python3 -c "
import json; m = json.load(open('v-met/manifest.json'))
roles = [i['role'] for i in m['inputs']]
assert roles.count('roundtrip-original') == 7 and roles.count('roundtrip-reexport') == 7, roles" \
  && ok || ko "round-trip files not hashed in the manifest"
ev --office kyotaku --out v-nort gen
[ "$(verdict v-nort status)" = "not assessed" ] && [ "$(verdict v-nort roundtrip status)" = "not assessed" ] \
  && ok || ko "without --roundtrip requirement 1 is not assessed: $(verdict v-nort status)"
cp -r reexp gen-lost
python3 - gen-lost/UPPLAN_*.CSV <<'PY'
import sys
p = sys.argv[1]
lines = open(p, 'rb').read().split(b'\r\n')
open(p, 'wb').write(b'\r\n'.join(lines[:-2] + [b'']))
PY
ev --office kyotaku --roundtrip gen gen-lost --out v-lost gen
[ "$(verdict v-lost status)" = "not met" ] && [ "$(verdict v-lost roundtrip status)" = "not met" ] \
  && ok || ko "a round trip that lost a record: $(verdict v-lost status) / $(verdict v-lost roundtrip)"
ev --office kyotaku --roundtrip gen reexp --out v-missing "$src/samples/send-ok"
case "$(verdict v-missing status): $(verdict v-missing reason)" in
  "not met: 居宅介護支援事業所に必須の様式がない: UP1KYO "*"、UP2KYO "*"、UP3KYO "*) ok ;;
  *) ko "missing layouts: $(verdict v-missing status): $(verdict v-missing reason)" ;; esac
ev --office facility --out v-facility gen
[ "$(verdict v-facility status)" = "not assessed" ] && "$renkei" verify v-facility >/dev/null \
  && ok || ko "facility: $(verdict v-facility status)"
# deterministic: the same inputs and SOURCE_DATE_EPOCH give the same bytes (Ed25519 too)
ev --office kyotaku --roundtrip gen reexp --out v-again gen
diff -r v-met v-again >/dev/null && ok || ko "two runs gave different bundles"

# ---- tampering, each on a fresh copy ----
copy bundle t; flip_byte t/report.json 100
expect_invalid "byte in report.json" t report.json EVD-012
copy bundle t; flip_byte t/report.html 200
expect_invalid "byte in report.html" t report.html EVD-012
copy bundle t; printf 'x' >>t/report.html
expect_invalid "report.html longer" t report.html EVD-011
copy bundle t; flip_byte t/manifest.json 30
expect_invalid "byte in manifest.json" t manifest.json EVD-005
copy bundle t; flip_byte t/manifest.sig 10
expect_invalid "byte in manifest.sig" t manifest.json EVD-005
copy bundle t; printf 'zz' | dd of=t/manifest.sig bs=1 seek=4 conv=notrunc status=none
expect_invalid "garbage in manifest.sig" t manifest.sig EVD-004
copy bundle t; rm t/report.html
expect_invalid "missing report.html" t report.html EVD-001
copy bundle t; rm t/manifest.sig
expect_invalid "missing manifest.sig" t manifest.sig EVD-001
copy bundle t; rm t/pubkey.pem
expect_invalid "missing pubkey.pem" t pubkey.pem EVD-001
copy bundle t; echo extra >t/extra.txt
expect_invalid "extra file" t extra.txt EVD-013
copy bundle t; mkdir t/sub
expect_invalid "extra directory" t sub EVD-013
copy bundle t
expect_invalid "wrong public key" t manifest.json EVD-005 --pubkey other.pub
copy bundle t; cp other.pub t/pubkey.pem
expect_invalid "bundle key replaced" t manifest.json EVD-005
copy bundle t; cp t/report.html report.html.same; rm t/report.html; ln -s ../report.html.same t/report.html
expect_invalid "symlink for report.html" t report.html EVD-002
copy bundle t; mv t/manifest.json manifest.json.same; ln -s ../manifest.json.same t/manifest.json
expect_invalid "symlink for manifest.json" t manifest.json EVD-002
copy bundle t; rm t/report.html; mkdir t/report.html
expect_invalid "folder for report.html" t report.html EVD-002

# a manifest re-signed with the test key: the signature holds, only the path checks catch it
resign_with() { # resign_with NAME PYTHON-EXPR-ON-FILES
  copy bundle "$1"
  python3 - "$1/manifest.json" "$2" <<'PY'
import json, sys
p, name = sys.argv[1], sys.argv[2]
m = json.load(open(p, encoding='utf-8'))
if name:
    m['files'].append({'name': name, 'sha256': '0' * 64, 'size': 0})
open(p, 'wb').write((json.dumps(m, sort_keys=True, separators=(',', ':'), ensure_ascii=False) + '\n').encode())
PY
  "$resign" test.key "$1/manifest.json" "$1/manifest.sig"
}
resign_with r0 "" && "$renkei" verify r0 --pubkey test.pub >/dev/null 2>&1 && ok || ko "a re-signed, unchanged manifest does not verify (the forgery tests would prove nothing)"
echo secret >x
resign_with r1 "../x"
expect_invalid "../x in the manifest" r1 ../x EVD-009 --pubkey test.pub
resign_with r2 "/etc/passwd"
expect_invalid "/etc/passwd in the manifest" r2 /etc/passwd EVD-009 --pubkey test.pub
resign_with r3 "sub/report.json"
expect_invalid "sub/ in the manifest" r3 sub/report.json EVD-009 --pubkey test.pub
resign_with r4 ".."
expect_invalid ".. in the manifest" r4 .. EVD-009 --pubkey test.pub

# ---- usage and refusals ----
"$renkei" verify nosuchdir >/dev/null 2>&1; rc=$?
[ $rc = 3 ] && ok || ko "verify of a missing directory: exit $rc, want 3"
"$renkei" verify bundle --pubkey nosuch.pub >/dev/null 2>&1; rc=$?
[ $rc = 2 ] && ok || ko "verify with a missing key: exit $rc, want 2 (a usage error)"
"$renkei" verify >/dev/null 2>&1; rc=$?
[ $rc = 2 ] && ok || ko "verify without a directory: exit $rc, want 2"
mkdir full; echo keep >full/keep.txt
out=$("$renkei" evidence --vendor V --product P --product-version 1 --office kyotaku --key test.key \
  --out full "$src/samples/send-ok" 2>&1); rc=$?
[ $rc = 3 ] && [ "$(ls -A full)" = keep.txt ] && ok || ko "evidence into a non-empty directory: exit $rc: $out"
case "$out" in *"空でない"*) ok ;; *) ko "no reason given for the refusal: $out" ;; esac
mkdir empty
"$renkei" evidence --vendor V --product P --product-version 1 --office kyotaku --key test.key \
  --out empty "$src/samples/send-ok" >/dev/null 2>&1
"$renkei" verify empty >/dev/null 2>&1 && ok || ko "evidence into an existing empty directory"
"$renkei" evidence --vendor V --product P --product-version 1 --office kyotaku --key test.pub \
  --out nokey "$src/samples/send-ok" >/dev/null 2>&1; rc=$?
[ $rc = 2 ] && [ ! -e nokey ] && ok || ko "evidence with a public key for --key: exit $rc"
"$renkei" evidence --vendor V --product P --product-version 1 --office hospital --key test.key \
  --out bad "$src/samples/send-ok" >/dev/null 2>&1; rc=$?
[ $rc = 2 ] && ok || ko "unknown office type: exit $rc"

# ---- a write that fails half-way leaves no bundle that verifies ----
# SIGXFSZ ignored: the write fails with EFBIG, renkei reports it and removes what it wrote
out=$(trap '' XFSZ; ulimit -f 16; "$renkei" evidence --vendor V --product P --product-version 1 \
  --office kyotaku --key test.key --out short "$src/samples" "$src/corpus/careplan/4.1/valid" 2>&1)
rc=$?
[ $rc = 3 ] && ok || ko "short write: exit $rc, want 3: $out"
case "$out" in *"書き込みに失敗した"*) ok ;; *) ko "short write not reported: $out" ;; esac
[ ! -e short ] && ok || ko "short write left $(ls -A short)"
# SIGXFSZ kills the process mid-write: whatever is left does not verify
{ (ulimit -f 16; exec "$renkei" evidence --vendor V --product P --product-version 1 \
  --office kyotaku --key test.key --out killed "$src/samples" "$src/corpus/careplan/4.1/valid") \
  >/dev/null 2>&1; } 2>/dev/null
if [ -d killed ]; then
  "$renkei" verify killed >/dev/null 2>&1; rc=$?
  [ $rc = 1 ] && ok || ko "a bundle cut short by SIGXFSZ: verify exit $rc, want 1"
else
  ok
fi

finish
