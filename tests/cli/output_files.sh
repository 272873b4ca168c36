#!/usr/bin/env bash
# -o FILE for every command that reports (check, roundtrip, normalize, specs, rules): the file
# holds exactly what the command prints without -o (normalize: to standard error); it is opened
# only once the arguments and spec tables are validated and replaced atomically, so a usage
# error, an unknown spec version or spec tables that do not load leave an existing file as it
# was, with no temporary file left behind; a new report gets mode 0666 & ~umask, an existing
# one keeps its mode, a symbolic link is followed, and `-o -` is standard output.
# usage: output_files.sh RENKEI SRC
set -u
renkei=$1
src=$2
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
rk_tmpdir
name=UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV
bad=$src/tests/cli/0010-upplan-time-and-leading-zero/$name # FLD errors: exit 1
good=$src/tests/cli/0012-upplan-valid/$name
cd "$tmp" || exit 2

# same bytes with and without -o, same exit code, nothing on standard output with -o
same() { # same LABEL WANT_EXIT -- command args... (the report goes to stdout without -o)
  local label=$1 want=$2
  shift 3
  "$renkei" "$@" >want.txt 2>/dev/null; local rc1=$?
  "$renkei" "$@" -o got.txt >stdout.txt 2>/dev/null; local rc2=$?
  [ $rc1 = "$want" ] && [ $rc2 = "$want" ] && [ -s want.txt ] && cmp -s want.txt got.txt \
    && [ ! -s stdout.txt ] && ok || ko "$label -o: exit $rc1/$rc2, want $want; $(cmp want.txt got.txt 2>&1)"
  rm -f want.txt got.txt stdout.txt
}
same check 1 -- check --lang en "$bad"
same "check --format json" 1 -- check --format json "$bad"
# a re-export is the product's own file, with its own ファイル連番 (the same file twice is RT-007)
reexp=UPPLAN_202504_1312345678_43_1312300001_11_20250401090000.CSV
cp "$good" "$reexp"
same roundtrip 0 -- roundtrip --format json "$good" "$reexp"
same specs 0 -- specs
same "specs show" 0 -- specs show careplan 4.1 UPPLAN
same rules 0 -- rules --lang en
"$renkei" normalize --lang en "$bad" n1.CSV 2>want.txt; rc1=$?
"$renkei" normalize --lang en -o got.txt "$bad" n2.CSV 2>err.txt; rc2=$?
[ $rc1 = 1 ] && [ $rc2 = 1 ] && [ -s want.txt ] && cmp -s want.txt got.txt && [ ! -s err.txt ] \
  && cmp -s n1.CSV n2.CSV && ok || ko "normalize -o: exit $rc1/$rc2"
"$renkei" normalize "$good" n3.CSV 2>/dev/null && ok || ko "normalize of a conforming file: exit $?"
"$renkei" check -o - "$bad" >dash.txt; [ $? = 1 ] && [ -s dash.txt ] && ok || ko "-o - is standard output"

# a usage or spec error next to an existing report: the file is as it was
untouched() { # untouched LABEL WANT_EXIT -- command args...
  local label=$1 want=$2
  shift 3
  printf 'the old report\n' >old.txt
  "$renkei" "$@" >/dev/null 2>err.txt; local rc=$?
  [ $rc = "$want" ] && [ "$(cat old.txt)" = "the old report" ] && ok \
    || ko "$label: exit $rc (want $want), old.txt now $(wc -c <old.txt) bytes: $(head -2 err.txt)"
}
untouched "check, unknown spec version" 2 -- check -o old.txt --spec-version 9.9 "$bad"
untouched "check, unknown option" 2 -- check -o old.txt --bogus "$bad"
untouched "check, inapplicable option" 2 -- check -o old.txt --users 3 "$bad"
untouched "check, negative number" 2 -- check -o old.txt --max-findings -1 "$bad"
untouched "check, spec tables missing" 4 -- check -o old.txt --specs "$tmp/nosuchdir" "$bad"
untouched "check, --family foo" 2 -- check -o old.txt --family foo "$bad"
untouched "check, no input" 2 -- check -o old.txt
untouched "roundtrip, one operand" 2 -- roundtrip -o old.txt "$good"
untouched "roundtrip, unknown spec version" 2 -- roundtrip -o old.txt --spec-version 9.9 "$good" "$good"
untouched "normalize, no OUT" 2 -- normalize -o old.txt "$good"
untouched "specs, no such layout" 2 -- specs -o old.txt show careplan 4.1 NOSUCH
untouched "rules, an operand" 2 -- rules -o old.txt extra
untouched "check, report over the input" 2 -- check -o old.txt old.txt
compgen -G "*.renkei-*" >/dev/null && ko "temporary files left: $(ls)" || ok

# each file's SHA-256 (FIPS 180-4), as sha256sum gives it, in every report that shows one
# (JSON, JUnit, HTML), over a file of 2.4 MB (read past the 1 MB taken first to tell the
# encoding, in 64 KiB chunks); text and SARIF show none, so the check does not take it
mkdir big && for _ in $(seq 5300); do cat "$bad"; done >"big/$name"
want=$(sha256sum "big/$name" | cut -c1-64)
for fmt in json junit html; do
  "$renkei" check --no-set --format $fmt "big/$name" >rep.$fmt
  grep -q "$want" rep.$fmt && ok || ko "--format $fmt does not give the file's SHA-256 $want"
done
"$renkei" check --no-set --format sarif "big/$name" >rep.sarif
grep -Eq '[0-9a-f]{64}' rep.sarif && ko "SARIF shows a digest now: take it for SARIF" || ok
rm -rf big rep.*

# modes and links
rm -f new.txt
(umask 022 && "$renkei" check -o new.txt "$good") && [ "$(stat -c %a new.txt)" = 644 ] && ok \
  || ko "a new report under umask 022 has mode $(stat -c %a new.txt 2>&1)"
chmod 640 new.txt
"$renkei" check -o new.txt "$good" && [ "$(stat -c %a new.txt)" = 640 ] && ok \
  || ko "an existing report's mode is not kept: $(stat -c %a new.txt)"
printf 'x\n' >real.txt
ln -s real.txt link.txt
"$renkei" check -o link.txt "$bad" >/dev/null; [ -L link.txt ] && [ "$(wc -c <real.txt)" -gt 2 ] && ok \
  || ko "-o through a symbolic link replaced the link or not the file"
finish
