#!/usr/bin/env bash
# tests/evidence/cases.sh - what a prefecture relies on in an evidence bundle, one ctest case
# per trust property (issue 13): keys and fingerprints, verdicts only under the standard's
# conditions, round trips that are one. Each case works in its own directory from a fresh key
# and small synthetic inputs (renkei sample). Expected values come from the facts (a
# fingerprint is the SHA-256 of the key's DER SubjectPublicKeyInfo, computed here with
# Python from the PEM), never from renkei's own output pasted back.
# usage: cases.sh RENKEI RESIGN SOURCE_DIR WORK_DIR CASE
set -u
renkei=$1
resign=$2
src=$3
work=$4/$5
case_name=$5
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
RK_TEST_NAME=$case_name
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
export SOURCE_DATE_EPOCH=1743465600

# the fingerprint of a PEM public key, computed from its bytes
fingerprint_of() {
  python3 - "$1" <<'PY'
import base64, hashlib, sys
lines = open(sys.argv[1]).read().split('\n')
b64 = ''.join(l for l in lines if l and not l.startswith('-----'))
print('SHA256:' + hashlib.sha256(base64.b64decode(b64)).hexdigest())
PY
}

# ev BUNDLE ARGS...: an evidence bundle signed with vendor.key
ev() {
  local out=$1
  shift
  "$renkei" evidence --vendor "Example 株式会社" --product "ケアプラン太郎" --product-version 2.1 \
    --key vendor.key --out "$out" "$@" >"$out.out" 2>&1
}

# manifest BUNDLE EXPR: prints a Python expression over the manifest m
manifest() {
  python3 - "$1/manifest.json" "$2" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding='utf-8'))
print(eval(sys.argv[2]))
PY
}

# expect_finding NAME RULE ARGS...: verify ARGS exits 1 with a finding of RULE
expect_finding() {
  local name=$1 rule=$2
  shift 2
  local out rc
  out=$("$renkei" verify "$@" 2>&1)
  rc=$?
  if [ $rc != 1 ]; then ko "$name: verify exit $rc, want 1: $out"; return; fi
  case "$out" in *"[$rule]"*) ok ;; *) ko "$name: no $rule in: $out" ;; esac
}

# reexport_of SRC DST: what a product's re-export of SRC looks like: the same records in files
# that carry the product's own new ファイル連番 (20250320... -> 20250401...)
reexport_of() {
  mkdir -p "$2"
  for f in "$1"/*; do
    cp "$f" "$2/$(basename "$f" | sed 's/_20250320\([0-9]*\)\.CSV$/_20250401\1.CSV/')"
  done
}

# rt_refused NAME RULE ORIGINAL REEXPORT: `renkei roundtrip` exits 1 with RULE, and evidence
# with that round trip does not meet requirement 1 and names why
rt_refused() {
  local name=$1 rule=$2 a=$3 b=$4 out rc
  out=$("$renkei" roundtrip "$a" "$b" 2>&1); rc=$?
  [ $rc = 1 ] && ok || ko "$name: roundtrip exit $rc, want 1: $out"
  case "$out" in *"[$rule]"* | *"\"$rule\""*) ok ;; *) ko "$name: roundtrip gives no $rule: $out" ;; esac
  rm -rf "ev-$name"
  ev "ev-$name" --office kyotaku --roundtrip "$a" "$b" gen
  local st rst
  st=$(manifest "ev-$name" "m['verdicts'][0]['status']")
  rst=$(manifest "ev-$name" "m['verdicts'][0]['roundtrip']['status']")
  [ "$st" = "not met" ] && [ "$rst" = "not met" ] && ok || ko "$name: evidence verdict 1 $st, round trip $rst"
}

# resign BUNDLE PYTHON: edits the bundle with PYTHON (d: the bundle, m: its manifest, and
# rewrite(name, bytes) to replace a listed file and its size and hash), then signs the
# manifest again with the vendor's own key: the signature holds, only the re-check can tell
resign() {
  python3 - "$1" "$2" <<'PY'
import hashlib, json, sys
d, code = sys.argv[1], sys.argv[2]
m = json.load(open(d + '/manifest.json', encoding='utf-8'))
def rewrite(name, data):
    open(d + '/' + name, 'wb').write(data)
    for f in m['files']:
        if f['name'] == name:
            f['sha256'], f['size'] = hashlib.sha256(data).hexdigest(), len(data)
    for i in m['inputs']:
        if i.get('copy') == name:
            i['sha256'], i['size'] = hashlib.sha256(data).hexdigest(), len(data)
exec(code)
open(d + '/manifest.json', 'wb').write((json.dumps(m, sort_keys=True, separators=(',', ':'), ensure_ascii=False) + '\n').encode())
PY
  "$resign" vendor.key "$1/manifest.json" "$1/manifest.sig"
}

"$renkei" keygen --out vendor >keygen.out 2>&1 || ko "keygen: $(cat keygen.out)"
"$renkei" keygen --out other >/dev/null 2>&1 || ko "keygen other"
"$renkei" sample --send plan --out gen >/dev/null 2>&1 &&
  "$renkei" sample --send slip --out gen >/dev/null 2>&1 || ko "sample"

case $case_name in
keygen-fingerprint)
  # keygen prints SHA256:<64 hex> of the public key; verify prints the same
  want=$(fingerprint_of vendor.pub)
  grep -qxE 'フィンガープリント: SHA256:[0-9a-f]{64}（公開鍵とは別の経路で公表する）' keygen.out && ok || ko "keygen printed no fingerprint: $(cat keygen.out)"
  grep -qF "フィンガープリント: $want" keygen.out && ok || ko "keygen's fingerprint is not the key's ($want): $(cat keygen.out)"
  out=$("$renkei" keygen --out en --lang en 2>&1)
  case "$out" in *"fingerprint: $(fingerprint_of en.pub) (publish it apart from the key)"*) ok ;; *) ko "keygen --lang en: $out" ;; esac
  ev b --office kyotaku gen
  [ "$(manifest b "m['signer']['fingerprint']")" = "$want" ] && ok || ko "manifest signer: $(manifest b "m.get('signer')")"
  out=$("$renkei" verify b 2>&1); rc=$?
  [ $rc = 0 ] && ok || ko "verify exit $rc: $out"
  case "$out" in *"$want"*) ok ;; *) ko "verify does not print the fingerprint $want: $out" ;; esac
  case "$out" in *"未確認"*) ok ;; *) ko "without --pubkey the signer is not called unconfirmed: $out" ;; esac
  out=$("$renkei" verify b --pubkey vendor.pub --lang en 2>&1); rc=$?
  [ $rc = 0 ] && ok || ko "verify --pubkey exit $rc: $out"
  case "$out" in *"$want"*"confirmed"*) ok ;; *) ko "verify --pubkey: $out" ;; esac
  case "$out" in *unconfirmed*) ko "verify --pubkey says unconfirmed: $out" ;; *) ok ;; esac
  ;;
second-key)
  ev b --office kyotaku gen
  cat other.pub >>b/pubkey.pem
  expect_finding "two keys in pubkey.pem" EVD-006 b
  cat vendor.pub other.pub >two.pub
  "$renkei" verify b --pubkey two.pub >/dev/null 2>&1; rc=$?
  [ $rc = 2 ] && ok || ko "--pubkey with two keys: exit $rc, want 2"
  ;;
pubkey-missing)
  ev b --office kyotaku gen
  "$renkei" verify b --pubkey nosuch.pub >/dev/null 2>&1; rc=$?
  [ $rc = 2 ] && ok || ko "a missing --pubkey file: exit $rc, want 2"
  echo "not a key" >garbage.pub
  "$renkei" verify b --pubkey garbage.pub >/dev/null 2>&1; rc=$?
  [ $rc = 2 ] && ok || ko "a garbage --pubkey file: exit $rc, want 2"
  "$renkei" verify b --pubkey vendor.key >/dev/null 2>&1; rc=$?
  [ $rc = 2 ] && ok || ko "a private key as --pubkey: exit $rc, want 2"
  ;;
pubkey-mismatch)
  ev b --office kyotaku gen
  expect_finding "another vendor's key" EVD-005 b --pubkey other.pub
  # the whole bundle re-signed with another key, its pubkey.pem replaced: the signature holds,
  # but the signer the manifest names is not that key
  cp -a b r
  cp other.pub r/pubkey.pem
  "$resign" other.key r/manifest.json r/manifest.sig
  expect_finding "re-signed with another key" EVD-007 r
  expect_finding "re-signed, checked with the vendor's key" EVD-005 r --pubkey vendor.pub
  ;;
encoding-utf8)
  # UTF-8 care-plan files read with --encoding utf-8: the standard requires MS932, so
  # neither verdict can be "met", and the manifest says which option kept it
  mkdir u8
  for f in gen/*.CSV; do iconv -f CP932 -t UTF-8 "$f" >"u8/$(basename "$f")"; done
  ev b --office kyotaku --encoding utf-8 u8
  for i in 0 1; do
    st=$(manifest b "m['verdicts'][$i]['status']")
    [ "$st" = "not assessed" ] && ok || ko "verdict $i with --encoding utf-8: $st"
    case "$(manifest b "m['verdicts'][$i]['reason']")" in *--encoding*) ok ;; *) ko "reason $i does not name --encoding" ;; esac
  done
  [ "$(manifest b "m['options']['encoding']")" = utf-8 ] && ok || ko "--encoding not recorded"
  ;;
specs-option)
  # edited spec tables (--specs): not assessed, recorded; an identical copy is the built-in set
  cp -r "$src/specs" same
  cp -r "$src/specs" edited
  # a forger's edit: 第1表 no longer required of a 居宅介護支援事業所
  sed -i 's/^kyotaku\toutput\tUP1KYO\trequired/kyotaku\toutput\tUP1KYO\toptional/' \
    edited/careplan/4.1/profiles.tsv
  grep -q "UP1KYO	optional" edited/careplan/4.1/profiles.tsv && ok || ko "the edit did not apply"
  ev b --office kyotaku --specs edited gen
  for i in 0 1; do
    st=$(manifest b "m['verdicts'][$i]['status']")
    [ "$st" = "not assessed" ] && ok || ko "verdict $i with edited --specs: $st"
    case "$(manifest b "m['verdicts'][$i]['reason']")" in *--specs*) ok ;; *) ko "reason $i does not name --specs" ;; esac
  done
  [ "$(manifest b "m['options']['specs_builtin']")" = False ] && ok || ko "--specs not recorded"
  ev s --office kyotaku --specs same gen
  [ "$(manifest s "m['options']['specs_builtin']")" = True ] && ok || ko "an identical copy of the tables is not the built-in set"
  for opt in "--layout UPPLAN" "--spec-version 3.2" "--family careplan"; do
    rm -rf o
    # shellcheck disable=SC2086
    ev o --office kyotaku $opt gen
    st=$(manifest o "m['verdicts'][0]['status']")
    [ "$st" = "not assessed" ] && ok || ko "verdict 1 with $opt: $st"
  done
  ;;
life-type-line-only)
  # a LIFE file that is only its data-type line holds no data: requirement 2 is not met
  mkdir life
  printf 'SERVICE_USER_INFO\r\n' >life/SERVICE_USER_INFO.csv
  ev b --office kyotaku life
  [ "$(manifest b "m['verdicts'][1]['status']")" = "not met" ] && ok || ko "data-type line only: $(manifest b "m['verdicts'][1]")"
  # the same with its header line: still no data record
  head -2 "$src/corpus/life/3.10/valid/SERVICE_USER_INFO.csv" >life/SERVICE_USER_INFO.csv
  ev h --office kyotaku life
  [ "$(manifest h "m['verdicts'][1]['status']")" = "not met" ] && ok || ko "header only: $(manifest h "m['verdicts'][1]")"
  # and an input that is not identified keeps requirement 2 from being met
  cp "$src/corpus/life/3.10/valid/SERVICE_USER_INFO.csv" life/SERVICE_USER_INFO.csv
  echo "hello" >life/notes.csv
  ev u --office kyotaku life
  [ "$(manifest u "m['verdicts'][1]['status']")" = "not met" ] && ok || ko "unidentified input: $(manifest u "m['verdicts'][1]")"
  ;;
life-100)
  # LIFE 1.00 (2021) files: a bundle is written, requirement 2 is met, the bundle verifies
  ev b --office kyotaku "$src/corpus/life/1.00/valid"; rc=$?
  [ $rc = 1 ] && ok || ko "evidence on LIFE 1.00 exit $rc (want 1: no care-plan files): $(cat b.out)"
  [ "$(manifest b "m['verdicts'][1]['status']")" = met ] && ok || ko "LIFE 1.00: $(manifest b "m['verdicts'][1]")"
  "$renkei" verify b >/dev/null 2>&1 && ok || ko "LIFE 1.00 bundle does not verify"
  ;;
jobs-delay)
  # -j 1 and -j 8 give the same verdicts and reports when the files reach the set checks in
  # the reverse of their order (RENKEI_TEST_DELAY_MS, compiled into test builds only): a
  # LIFE file first, then 3.2 and 4.1 care-plan files
  mkdir in in/a in/b in/c
  cp "$src/corpus/life/3.10/valid/SERVICE_USER_INFO.csv" in/a/
  "$renkei" sample --send slip --spec-version 3.2 --out in/b >/dev/null
  "$renkei" sample --send slip --out in/c >/dev/null
  export RENKEI_TEST_DELAY_MS=30
  ev j1 --office kyotaku -j 1 in
  ev j8 --office kyotaku -j 8 in
  [ "$(manifest j1 "m['verdicts']")" = "$(manifest j8 "m['verdicts']")" ] && ok || ko "verdicts differ: $(manifest j1 "m['verdicts'][0]['reason']") / $(manifest j8 "m['verdicts'][0]['reason']")"
  cmp -s j1/report.json j8/report.json && ok || ko "report.json differs between -j 1 and -j 8"
  # the care-plan files claim two versions: no verdict on requirement 1
  [ "$(manifest j1 "m['verdicts'][0]['status']")" = "not assessed" ] && ok || ko "mixed versions: $(manifest j1 "m['verdicts'][0]")"
  "$renkei" check --office kyotaku -j 8 in >c8.out 2>&1
  "$renkei" check --office kyotaku -j 1 in >c1.out 2>&1
  cmp -s c1.out c8.out && ok || ko "check --office -j 1 and -j 8 differ: $(diff c1.out c8.out | head -5)"
  grep -q "SET-012" c1.out && ok || ko "no office profile findings (the profile took the LIFE file's version)"
  ;;
roundtrip-genuine)
  # the same records under the product's own ファイル連番: a round trip that is one
  reexport_of gen reexp
  ev b --office kyotaku --roundtrip gen reexp gen; rc=$?
  [ $rc = 0 ] && [ "$(manifest b "m['verdicts'][0]['status']")" = met ] && ok || ko "a genuine round trip: exit $rc: $(manifest b "m['verdicts'][0]")"
  n=$(manifest b "sum(1 for i in m['inputs'] if i['role'].startswith('roundtrip-'))")
  [ "$n" = 14 ] && ok || ko "round-trip files listed: $n, want 14 (7 pairs)"
  ;;
roundtrip-itself)
  # the original given as its own re-export, by the same path or as a copy
  rt_refused same-path RT-007 gen gen
  cp -r gen copy
  rt_refused same-bytes RT-007 gen copy
  f=$(ls gen/UPHOSOKU_202504_*.CSV)
  rt_refused hosoku-itself RT-007 "$f" "$f"
  mkdir t1 t2; echo "memo" >t1/memo.txt; cp t1/memo.txt t2/
  rt_refused text-copies RT-007 t1/memo.txt t2/memo.txt
  ;;
roundtrip-serial)
  # other bytes (another seed) under the original's ファイル連番
  "$renkei" sample --send plan --seed 7 --out other >/dev/null 2>&1 &&
    "$renkei" sample --send slip --seed 7 --out other >/dev/null 2>&1 || ko "sample seed 7"
  rt_refused same-serial RT-008 gen other
  ;;
roundtrip-empty)
  # nothing to pair: two empty directories, two empty files, two text files
  mkdir e1 e2
  rt_refused empty-dirs RT-009 e1 e2
  mkdir f1 f2
  : >f1/UPPLAN_202504_1312345678_43_1312300001_11_20250320120100.CSV
  : >f2/UPPLAN_202504_1312345678_43_1312300001_11_20250401120100.CSV
  rt_refused empty-files RT-009 f1 f2
  mkdir t1 t2; echo "memo" >t1/a.txt; echo "other" >t2/a.txt
  rt_refused text-files RT-009 t1 t2
  # a FIFO in the re-export directory is neither opened nor listed
  reexport_of gen reexp
  mkfifo reexp/UPPLAN_202504_1312345678_43_1312300001_11_20250401999999.CSV
  timeout 60 "$renkei" roundtrip gen reexp >/dev/null 2>&1; rc=$?
  [ $rc != 124 ] && ok || ko "roundtrip blocked on a FIFO"
  timeout 60 "$renkei" evidence --vendor V --product P --product-version 1 --key vendor.key \
    --office kyotaku --roundtrip gen reexp --out fifo gen >/dev/null 2>&1; rc=$?
  [ $rc != 124 ] && ok || ko "evidence blocked on a FIFO"
  [ -f fifo/manifest.json ] && ! grep -q 401999999 fifo/manifest.json && ok || ko "the FIFO is listed in the manifest"
  # the FIFO could not be copied: the bundle is valid but says its verdicts cannot be re-checked
  out=$("$renkei" verify fifo --lang en 2>&1) && ok || ko "verify of the FIFO bundle: $out"
  case "$out" in *"re-check: not possible (some of the round trip's files could not be copied)"*) ok ;; *) ko "verify: $out" ;; esac
  ;;
verify-says)
  # verify says what it verified, in Japanese by default, in English with --lang en, and as
  # one JSON object with --format json
  reexport_of gen reexp
  ev b --office kyotaku --roundtrip gen reexp gen
  out=$("$renkei" verify b --pubkey vendor.pub 2>&1) || ko "verify: $out"
  for want in "Example 株式会社" "ケアプラン太郎 バージョン 2.1" "居宅介護支援事業所" \
    "2025-04-01T00:00:00Z" "careplan 4.1" "① 適合" "② 判定対象外" "$(fingerprint_of vendor.pub)" \
    "再検査: 入力の写しから判定・指摘・件数を再計算し、すべて一致した"; do
    case "$out" in *"$want"*) ok ;; *) ko "verify does not say '$want': $out" ;; esac
  done
  out=$("$renkei" verify b --lang en 2>&1)
  case "$out" in *"① met"*"office type: kyotaku"* | *"office type: kyotaku"*"① met"*) ok ;; *) ko "verify --lang en: $out" ;; esac
  "$renkei" verify b --format json >v.json 2>v.err; rc=$?
  [ $rc = 0 ] && [ ! -s v.err ] && ok || ko "verify --format json: exit $rc $(cat v.err)"
  python3 - v.json "$(fingerprint_of vendor.pub)" <<'PY' && ok || ko "verify JSON: $(cat v.json)"
import json, sys
v = json.load(open(sys.argv[1]))
assert v['valid'] is True and v['rechecked'] is True and v['fingerprint'] == sys.argv[2]
assert v['vendor'] == 'Example 株式会社' and v['product'] == 'ケアプラン太郎'
assert [x['status'] for x in v['verdicts']] == ['met', 'not assessed'], v['verdicts']
assert v['problems'] == []
PY
  printf 'x' >>b/report.html
  "$renkei" verify b --format json --lang en >t.json 2>/dev/null; rc=$?
  python3 - t.json <<'PY' && [ $rc = 1 ] && ok || ko "verify JSON of a changed bundle (exit $rc): $(cat t.json)"
import json, sys
v = json.load(open(sys.argv[1]))
assert v['valid'] is False
assert [p['rule'] for p in v['problems']] == ['EVD-011'], v['problems']
assert v['problems'][0]['path'].endswith('report.html') and v['problems'][0]['message']
PY
  ;;
recheck-verdict-edited)
  # ① edited from "not met" to "met" and re-signed with the vendor's own key: the signature
  # holds, the re-check from the copies in inputs/ does not
  ev b --office kyotaku "$src/samples/send-ok"
  [ "$(manifest b "m['verdicts'][0]['status']")" = "not met" ] && ok || ko "a slip send alone should not meet ①"
  cp -a b r0
  resign r0 ""
  "$renkei" verify r0 --pubkey vendor.pub >/dev/null 2>&1 && ok || ko "re-signed unchanged: does not verify (the forgery would prove nothing)"
  resign b "m['verdicts'][0]['status'] = 'met'; m['verdicts'][0]['status_ja'] = '適合'"
  expect_finding "an edited verdict re-signed" EVD-014 b --pubkey vendor.pub
  out=$("$renkei" verify b --pubkey vendor.pub --lang en 2>&1)
  case "$out" in *"manifest.json"*"EVD-014"*) ok ;; *) ko "the difference is not named on manifest.json: $out" ;; esac
  ;;
recheck-report-edited)
  # a finding removed from report.json (its hash fixed in the manifest), re-signed
  mkdir in
  cp "$src/samples/broken-export/"* in/
  ev b --office kyotaku in
  resign b "
r = json.load(open(d + '/report.json', encoding='utf-8'))
f = [x for x in r['files'] if x['findings']][0]
f['findings'] = f['findings'][1:]
f['errors'] -= 1
rewrite('report.json', json.dumps(r, ensure_ascii=False).encode())"
  expect_finding "an edited report.json re-signed" EVD-014 b --pubkey vendor.pub
  "$renkei" verify b --format json >v.json 2>/dev/null
  python3 - v.json <<'PY' && ok || ko "verify JSON: $(cat v.json)"
import json, sys
v = json.load(open(sys.argv[1]))
assert v['valid'] is False and v['rechecked'] is False and v['recheck_why'] == 'disagrees'
assert all(p['rule'] == 'EVD-014' for p in v['problems']) and v['problems'], v['problems']
assert any(p['path'].endswith('report.json') for p in v['problems'])
PY
  ;;
recheck-input-edited)
  # the copy of an input edited (a wrong end time made right), its hash fixed, re-signed:
  # the re-check finds fewer errors than the bundle claims
  mkdir in
  cp "$src/samples/broken-export/"* in/
  ev b --office kyotaku in
  resign b "
i = [x for x in m['inputs'] if 'UPPLAN' in x['copy']][0]
data = open(d + '/' + i['copy'], 'rb').read()
assert b',2400,' in data
rewrite(i['copy'], data.replace(b',2400,', b',2300,'))"
  expect_finding "an edited copy of an input re-signed" EVD-014 b --pubkey vendor.pub
  out=$("$renkei" verify b --pubkey vendor.pub --lang en 2>&1)
  case "$out" in *"FLD-009"*) ok ;; *) ko "the finding that went away (FLD-009) is not named: $out" ;; esac
  # a copy's name that leaves inputs/ is refused before anything is read
  ev c --office kyotaku in
  resign c "m['inputs'][0]['copy'] = 'inputs/../manifest.json'"
  expect_finding "a copy outside inputs/" EVD-009 c --pubkey vendor.pub
  ;;
recheck-without-inputs)
  # --without-inputs (real personal data): valid, but not re-checked, and verify says so
  ev b --office kyotaku --without-inputs gen
  [ ! -e b/inputs ] && ok || ko "--without-inputs wrote inputs/"
  [ "$(manifest b "m['recheck']")" = "{'possible': False, 'why': 'inputs-left-out'}" ] && ok || ko "manifest recheck: $(manifest b "m.get('recheck')")"
  out=$("$renkei" verify b --pubkey vendor.pub 2>&1); rc=$?
  [ $rc = 0 ] && ok || ko "verify exit $rc: $out"
  case "$out" in *"再検査: できない（ベンダーが入力の写しを入れていない"*) ok ;; *) ko "verify does not say it could not re-check: $out" ;; esac
  case "$out" in *"[EVD-015]"*) ok ;; *) ko "no EVD-015 warning: $out" ;; esac
  "$renkei" verify b --format json >v.json 2>/dev/null
  python3 - v.json <<'PY' && ok || ko "verify JSON: $(cat v.json)"
import json, sys
v = json.load(open(sys.argv[1]))
assert v['valid'] is True and v['rechecked'] is False and v['recheck_why'] == 'inputs-left-out'
assert [p['rule'] for p in v['problems']] == ['EVD-015'], v['problems']
PY
  # and with the copies: re-checked
  ev w --office kyotaku gen
  out=$("$renkei" verify w --pubkey vendor.pub --lang en 2>&1) && ok || ko "verify: $out"
  case "$out" in *"re-check: the verdicts, findings and counts were re-computed"*"agree"*) ok ;; *) ko "not re-checked: $out" ;; esac
  ;;
recheck-names)
  # inputs from a ZIP archive (members in a folder), a folder with a space and Japanese in
  # its name, a file given twice, and a round trip: copied under inputs/ with their relative
  # paths, and the re-check agrees
  reexport_of gen reexp
  mkdir -p "z/提出 2025" && cp gen/UP1KYO_* gen/UP2KYO_* "z/提出 2025/"
  python3 - <<'PY'
import glob, zipfile
with zipfile.ZipFile('plan.zip', 'w') as z:
    for n in glob.glob('gen/UP3KYO_*') + glob.glob('gen/UPHOSOKU_*'):
        z.write(n, 'export/' + n.split('/')[-1])
PY
  f=$(ls gen/UPPLAN_*)
  ev b --office kyotaku --roundtrip gen reexp z plan.zip gen "$f"; rc=$?
  [ -f b/manifest.json ] && ok || ko "no bundle: exit $rc: $(cat b.out)"
  python3 - b <<'PY' && ok || ko "copies: $(find b/inputs | head -30)"
import json, os, sys, hashlib
d = sys.argv[1]
m = json.load(open(d + '/manifest.json', encoding='utf-8'))
copies = [i['copy'] for i in m['inputs']]
assert all(c.startswith('inputs/') for c in copies), copies
assert any(c.startswith('inputs/checked/z/提出 2025/UP1KYO_') for c in copies), copies
assert any(c.startswith('inputs/checked/plan.zip!/export/UP3KYO_') for c in copies), copies
assert sum(1 for i in m['inputs'] if i['role'].startswith('roundtrip-')) == 14
for i in m['inputs']:
    b = open(os.path.join(d, i['copy']), 'rb').read()
    assert hashlib.sha256(b).hexdigest() == i['sha256'], i
PY
  out=$("$renkei" verify b --pubkey vendor.pub --lang en 2>&1) && ok || ko "verify: $out"
  case "$out" in *"re-check: the verdicts, findings and counts were re-computed"*) ok ;; *) ko "not re-checked: $out" ;; esac
  # a file that is not a listed copy, put among the copies, is found
  echo x >"b/inputs/checked/z/extra.CSV"
  expect_finding "an unlisted file among the copies" EVD-013 b
  ;;
recheck-portable-names)
  # names Windows cannot hold (':' '?' '*', a trailing dot or space, the device names CON and
  # nul.csv) are written as %XX in the copies' names, so a bundle made on Linux is the same
  # files on Windows; the re-check maps them back to the paths checked
  mkdir -p 'w/CON/a:b?c*. ' && cp gen/UP1KYO_* 'w/CON/a:b?c*. /'
  cp gen/UP2KYO_* w/CON/
  cp gen/UP3KYO_* 'w/nul.csv' 2>/dev/null
  ev b --office kyotaku w; rc=$?
  [ -f b/manifest.json ] && ok || ko "no bundle: exit $rc: $(cat b.out)"
  python3 - b <<'PY' && ok || ko "copies' names: $(find b/inputs | head -20)"
import json, os, re, sys
d = sys.argv[1]
m = json.load(open(d + '/manifest.json', encoding='utf-8'))
copies = [i['copy'] for i in m['inputs']]
assert len(copies) == 3, copies
for c in copies:
    for part in c.split('/'):
        assert not re.search(r'[<>:"\\|?*\x00-\x1f]', part), c
        assert not part.endswith(('.', ' ')), c
        assert part.split('.')[0].upper() not in ('CON', 'PRN', 'AUX', 'NUL'), c
    assert os.path.isfile(os.path.join(d, c)), c
assert any(c.startswith('inputs/checked/w/%43ON/a%3Ab%3Fc%2A.%20/UP1KYO_') for c in copies), copies
assert 'inputs/checked/w/%6Eul.csv' in copies, copies
PY
  out=$("$renkei" verify b --pubkey vendor.pub --lang en 2>&1) && ok || ko "verify: $out"
  case "$out" in *"re-check: the verdicts, findings and counts were re-computed"*) ok ;; *) ko "not re-checked: $out" ;; esac
  ;;
recheck-case-names)
  # inputs whose names Windows (case: NTFS's upcase table) or macOS (case and Unicode
  # normalisation) take for one file: two files and two folders differing only in case, two
  # ZIP members likewise, fullwidth letters, a kana with its voiced mark precomposed (NFC) and
  # combining (NFD), Hangul likewise; a short-name look-alike (~1) and the device names COM0,
  # LPT¹ and CONIN$. No two entries of a folder under inputs/ may be one file there, every copy
  # keeps its file's name (the checks read it), and the re-check agrees.
  f1=$(ls gen/UP1KYO_*); n1=$(basename "$f1")
  f2=$(ls gen/UP2KYO_*); n2=$(basename "$f2")
  mkdir -p c/D c/d c/ＡＢ c/ａｂ c/COM0 'c/LPT¹' 'c/CONIN$'
  cp "$f1" "c/D/$n1"
  cp "$f1" "c/D/$(echo "$n1" | tr 'A-Z' 'a-z')"
  cp "$f2" c/d/
  cp "$f2" c/ＡＢ/ && cp "$f1" c/ａｂ/
  cp "$f1" c/COM0/ && cp "$f1" 'c/LPT¹/' && cp "$f1" 'c/CONIN$/'
  cp "$f2" 'c/UP2KYO~1.CSV'
  python3 - "$f1" "$f2" <<'PY'
import os, shutil, sys, unicodedata, zipfile
f1, f2 = sys.argv[1:3]
# folders of 254 bytes (a Linux file system takes 255) differing only in case: the second one's
# name with its suffix is cut, before the character the 255th byte would split
for d, f in (('xx', f1), ('XX', f2)):
    os.makedirs('c/' + d + 'あ' * 84, exist_ok=True)
    shutil.copy(f, 'c/' + d + 'あ' * 84)
for word in ('ガイド', '한글'):
    for nf in ('NFC', 'NFD'):
        d = os.path.join('c', unicodedata.normalize(nf, word))
        os.makedirs(d, exist_ok=True)
        shutil.copy(f1 if nf == 'NFC' else f2, d)
with zipfile.ZipFile('c.zip', 'w') as z:
    n = os.path.basename(f1)
    z.write(f1, 'export/' + n)
    z.write(f1, 'export/' + n.lower())
    z.write(f2, 'EXPORT/' + os.path.basename(f2))
PY
  ev b --office kyotaku c c.zip; rc=$?
  [ -f b/manifest.json ] && ok || ko "no bundle: exit $rc: $(cat b.out)"
  python3 - b <<'PY' && ok || ko "copies' names: $(find b/inputs | sort | head -40)"
import hashlib, json, os, re, sys, unicodedata
d = sys.argv[1]
m = json.load(open(d + '/manifest.json', encoding='utf-8'))
ins = m['inputs']
assert len(ins) == 18, [i['path'] for i in ins]
# one file for Windows or macOS: the same name once each ignores case and normalisation
def one_file(name):
    s = ''.join(c for c in unicodedata.normalize('NFD', name) if not unicodedata.combining(c))
    return s.upper().casefold()
seen = {}
for root, dirs, files in os.walk(os.path.join(d, 'inputs')):
    for n in dirs + files:
        k = one_file(n)
        assert k not in seen.get(root, {}), (root, n, seen[root][k])
        assert len(n.encode()) <= 255, n
        if n.endswith('%-2') and n.lower().startswith('xx'):
            assert n[2:-3] == 'あ' * 83, n  # cut before the character byte 255 would split
        seen.setdefault(root, {})[k] = n
        assert not re.search(r'~[0-9]', n), n  # never a Windows short name
        assert n.split('.')[0].upper() not in ('COM0', 'LPT¹', 'CONIN$'), n
for i in ins:
    b = open(os.path.join(d, i['copy']), 'rb').read()
    assert hashlib.sha256(b).hexdigest() == i['sha256'], i
    base = re.split(r'/|!/', i['path'])[-1]
    if re.fullmatch(r'UP[A-Z0-9_]+\.CSV', base, re.I):
        assert i['copy'].split('/')[-1] == base, i  # the checks read the file's name
PY
  out=$("$renkei" verify b --pubkey vendor.pub --lang en 2>&1) && ok || ko "verify: $out"
  case "$out" in *"re-check: the verdicts, findings and counts were re-computed"*"all agree"*) ok ;; *) ko "not re-checked: $out" ;; esac
  # the same inputs give the same names
  ev b2 --office kyotaku c c.zip
  [ "$(manifest b "[i['copy'] for i in m['inputs']]")" = "$(manifest b2 "[i['copy'] for i in m['inputs']]")" ] &&
    ok || ko "names differ between two bundles of the same inputs"
  ;;
officer-page)
  # report.html is the officer's page: Japanese throughout, and its first page ties it to one
  # product, one key and one run (vendor, product, version, date, fingerprint, renkei and spec
  # versions), states the requirements judged and what was not checked
  reexport_of gen reexp
  ev b --office kyotaku --roundtrip gen reexp gen "$src/corpus/life/3.10/valid"
  ev n --office service "$src/samples/broken-export"
  python3 - b/report.html n/report.html "$(fingerprint_of vendor.pub)" "$src" <<'PY' && ok || ko "report.html"
import html.parser, re, sys
page, page_n, fp, src = sys.argv[1:5]
text = open(page, encoding='utf-8').read()
class Cover(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.depth = 0; self.parts = []
    def handle_starttag(self, tag, attrs):
        if dict(attrs).get('id') == 'cover': self.depth = 1
        elif self.depth and tag == 'section': self.depth += 1
    def handle_endtag(self, tag):
        if self.depth and tag == 'section': self.depth -= 1
    def handle_data(self, d):
        if self.depth: self.parts.append(d)
c = Cover(); c.feed(text)
cover = ''.join(c.parts)
assert cover, 'no #cover section'
# the first page comes before the summary and the findings
assert text.index('id="cover"') < text.index('id="summary"') < text.index('id="findings"')
for want in ['Example 株式会社', 'ケアプラン太郎', '2.1', '2025-04-01T00:00:00Z', fp, 'renkei ',
             'ケアプラン 4.1', 'LIFE 3.10', '居宅介護支援事業所',
             '①', '②', 'ケアプランデータ連携標準仕様', '科学的介護情報システム（LIFE）',
             '要件:', '理由:', '確認していないこと', '適合', '再検査']:
    assert want in cover, 'cover lacks ' + want
# statuses in Japanese, never the manifest's English words
assert not re.search(r'>(met|not met|not assessed)<', text), 'an English status is shown'
# layouts by their names from specs/ (layouts.tsv), office profile in Japanese
names = dict(l.split('\t')[:2] for l in open(src + '/specs/careplan/4.1/layouts.tsv', encoding='utf-8').read().splitlines()[1:])
for lid in ['UP1KYO', 'UPPLAN', 'UPSIKYU']:
    assert names[lid] in text, 'no name for ' + lid
assert '居宅介護支援事業所（<code>kyotaku</code>）' in text
# printed, each page carries the product and the signer at its foot
assert '@bottom-left' in text and fp in text.split('</style>')[0]
# a page that does not meet ① says 不適合 and 判定対象外 with its reasons
n = open(page_n, encoding='utf-8').read()
assert '不適合</span>' in n and '判定対象外</span>' in n, 'statuses of the second bundle'
assert '居宅サービス事業所' in n
PY
  browser=$(command -v chromium || command -v chromium-browser || true)
  if [ -n "$browser" ]; then
    prof=$(mktemp -d)
    dom=$(timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
      --user-data-dir="$prof" --dump-dom "file://$PWD/b/report.html" 2>/dev/null)
    case "$dom" in *'id="cover"'*"$(fingerprint_of vendor.pub)"*) ok ;; *) ko "the browser does not render the cover" ;; esac
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$prof" \
      --no-pdf-header-footer --print-to-pdf="$PWD/b.pdf" "file://$PWD/b/report.html" >/dev/null 2>&1
    [ "$(head -c 5 b.pdf 2>/dev/null)" = "%PDF-" ] && ok || ko "the page does not print to PDF"
    rm -rf "$prof"
  fi
  ;;
*)
  ko "unknown case $case_name"
  ;;
esac
finish
