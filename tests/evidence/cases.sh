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

"$renkei" keygen --out vendor >keygen.out 2>&1 || ko "keygen: $(cat keygen.out)"
"$renkei" keygen --out other >/dev/null 2>&1 || ko "keygen other"
"$renkei" sample --send plan --out gen >/dev/null 2>&1 &&
  "$renkei" sample --send slip --out gen >/dev/null 2>&1 || ko "sample"

case $case_name in
keygen-fingerprint)
  # keygen prints SHA256:<64 hex> of the public key; verify prints the same
  want=$(fingerprint_of vendor.pub)
  grep -qxE 'SHA256:[0-9a-f]{64}' keygen.out && ok || ko "keygen printed no fingerprint: $(cat keygen.out)"
  grep -qxF "$want" keygen.out && ok || ko "keygen's fingerprint is not the key's ($want): $(cat keygen.out)"
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
*)
  ko "unknown case $case_name"
  ;;
esac
finish
