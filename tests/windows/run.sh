#!/usr/bin/env bash
# renkei.exe (scripts/build-windows.sh) under Wine against the native build:
#  - the corpus, the samples and a ZIP of them through `check --format json` give the same
#    report, byte for byte with '/' paths, and after normalising separators with '\' paths,
#    drive-letter paths (Z:\...) and \\?\ paths; the same exit codes; -j 4 the same as -j 1;
#  - the corpus runner's cases with options (<file>.options, set.options) and the round-trip
#    cases, each with its options: the same report and exit code;
#  - every report format written with -o is byte-identical to Linux's (no CRLF), also when -o
#    replaces an existing file; a failed run leaves the file as it was; a Japanese -o name;
#    normalize's output likewise, also over an existing file;
#  - standard input checked as --name NAME (a temporary folder under %TEMP%);
#  - specs import-life writes the same tables into a Japanese folder;
#  - a golden case with Japanese folder and file names (tests/windows/golden/);
#  - exit codes 0/1/2/3 as documented; a missing Japanese file name comes back in UTF-8;
#  - evidence written by renkei.exe verifies with the Linux build and the other way round, and
#    its copies of the inputs re-check there (Japanese names too; --without-inputs says so);
#    keygen never overwrites a key.
# The Wine prefix lives under WORK_DIR; no display is needed. Exits 77 (skipped) only when wine
# cannot start at all.
# usage: tests/windows/run.sh NATIVE_RENKEI RENKEI_EXE SOURCE_DIR WORK_DIR
set -u
native=$(realpath "$1")
exe=$(realpath "$2")
src=$(realpath "$3")
work=$4
here=$(dirname "$(realpath "${BASH_SOURCE[0]}")")
# shellcheck source=tests/lib.sh
. "$here/../lib.sh"
RK_TEST_NAME=windows
mkdir -p "$work"
work=$(realpath "$work")

wine=$(command -v wine64 || true)
[ -n "$wine" ] || wine=/usr/lib/wine/wine64
export WINEPREFIX=$work/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
if ! [ -x "$wine" ] || ! timeout 600 "$wine" cmd /c exit 0 >/dev/null 2>&1; then
  echo "windows: SKIPPED: wine64 cannot start (WINEPREFIX=$WINEPREFIX); renkei.exe not tested"
  exit 77
fi
win() { timeout 900 "$wine" "$exe" "$@"; }
winpath() { timeout 120 "$wine" winepath -w "$1" 2>/dev/null | tr -d '\r'; }

out=$work/out
rm -rf "$out"
mkdir -p "$out"
cd "$src" || exit 2
export SOURCE_DATE_EPOCH=1743465600

# same NAME A B: the two files are byte-identical (else the first difference is shown)
same() {
  if cmp -s "$2" "$3"; then
    ok
  else
    local at
    at=$(cmp "$2" "$3" 2>&1 | sed -n 's/.* byte \([0-9]*\).*/\1/p')
    ko "$1: $2 and $3 differ at byte ${at:-?}"
    [ -n "$at" ] && for f in "$2" "$3"; do
      tail -c +$((at > 200 ? at - 200 : 1)) "$f" | head -c 400 | tr '\n' ' '
      echo
    done
  fi
}

# ---- the corpus and the samples, relative '/' paths: byte-identical ----
for d in corpus/careplan/4.1 corpus/careplan/3.2 corpus/life/1.00 corpus/life/3.10 corpus/reader \
  samples; do
  n=$(echo "$d" | tr / _)
  "$native" check --format json "$d" >"$out/$n.linux.json" 2>"$out/$n.linux.err"
  a=$?
  win check --format json "$d" >"$out/$n.exe.json" 2>"$out/$n.exe.err"
  b=$?
  [ $a = $b ] && ok || ko "$d: exit $b under Wine, $a on Linux"
  same "$d" "$out/$n.linux.json" "$out/$n.exe.json"
  [ -s "$out/$n.exe.json" ] || ko "$d: empty report"
done

# ---- the corpus runner's cases that carry options: the same report with the same options ----
# <file>.options (family, encoding, profile, layout, version, limits), set.options (office,
# direction) and the round-trip cases (original/ against reexport/)
nopt=0
while IFS= read -r o; do
  args=()
  while IFS='=' read -r k v; do
    case $k in
      family | encoding | profile | layout | office | direction) args+=("--$k" "$v") ;;
      version) args+=(--spec-version "$v") ;;
      max_field_bytes | max_fields | max_quoted_lines | max_findings) args+=("--${k//_/-}" "$v") ;;
      '' | '#'*) ;;
      *) ko "$o: option $k not known to this test" ;;
    esac
  done <"$o"
  case $o in */set.options) t=$(dirname "$o") ;; *) t=${o%.options} ;; esac
  "$native" check --format json "${args[@]}" "$t" >"$out/case.linux.json" 2>&1
  a=$?
  win check --format json "${args[@]}" "$t" >"$out/case.exe.json" 2>&1
  b=$?
  [ $a = $b ] && ok || ko "$t: exit $b under Wine, $a on Linux"
  same "$t ${args[*]}" "$out/case.linux.json" "$out/case.exe.json"
  nopt=$((nopt + 1))
done < <(find corpus -name '*.options' | LC_ALL=C sort)
[ $nopt -gt 10 ] && ok || ko "only $nopt corpus cases with options found"
nrt=0
for d in corpus/careplan/*/roundtrip/*/; do
  d=${d%/}
  "$native" roundtrip --format json "$d/original" "$d/reexport" >"$out/rt.linux.json" 2>&1
  a=$?
  win roundtrip --format json "$d/original" "$d/reexport" >"$out/rt.exe.json" 2>&1
  b=$?
  [ $a = $b ] && ok || ko "$d: roundtrip exit $b under Wine, $a on Linux"
  same "roundtrip $d" "$out/rt.linux.json" "$out/rt.exe.json"
  nrt=$((nrt + 1))
done
[ $nrt -gt 10 ] && ok || ko "only $nrt round-trip cases found"

# ---- '\' paths, a drive letter, \\?\: the same findings once separators are normalised ----
# '\' in JSON strings is '\\'; both sides are normalised (messages show bytes as \xNN too)
unslash() { sed -e 's|\\\\|/|g' "$1"; }
"$native" check --format json corpus/careplan/4.1 >"$out/ref.json" 2>/dev/null
unslash "$out/ref.json" >"$out/ref.norm.json"
win check --format json 'corpus\careplan\4.1' >"$out/backslash.json" 2>/dev/null
same "backslash paths" "$out/ref.norm.json" <(unslash "$out/backslash.json")
wsrc=$(winpath "$src")
case "$wsrc" in [A-Z]:\\*) ok ;; *) ko "winepath gave '$wsrc' for $src" ;; esac
"$native" check --format json "$src/corpus/careplan/4.1" >"$out/abs.json" 2>/dev/null
unslash "$out/abs.json" >"$out/abs.norm.json"
win check --format json "$wsrc\\corpus\\careplan\\4.1" >"$out/drive.json" 2>/dev/null
wslash=$(printf '%s' "$wsrc" | sed 's|\\|/|g')
same "drive-letter path" "$out/abs.norm.json" <(unslash "$out/drive.json" | sed "s|$wslash|$src|g")
win check --format json "\\\\?\\$wsrc\\corpus\\careplan\\4.1" >"$out/long.json" 2>/dev/null
same "\\\\?\\ path" "$out/abs.norm.json" <(unslash "$out/long.json" | sed "s|//?/$wslash|$src|g")
win check --format json "$wsrc/corpus/careplan/4.1" >"$out/mixed.json" 2>/dev/null
same "drive letter with '/'" "$out/abs.norm.json" <(unslash "$out/mixed.json" | sed "s|$wslash|$src|g")

# ---- a ZIP archive (libzip) is read as a directory ----
if grep -q libzip "$src/CMakeLists.txt"; then
  (cd "$src/samples" && zip -q -X -r "$out/samples.zip" send-ok broken-export)
  (cd "$out" && "$native" check --format json samples.zip >zip.linux.json 2>&1)
  a=$?
  (cd "$out" && timeout 900 "$wine" "$exe" check --format json samples.zip >zip.exe.json 2>&1)
  b=$?
  [ $a = $b ] && ok || ko "ZIP: exit $b under Wine, $a on Linux"
  same "ZIP archive" "$out/zip.linux.json" "$out/zip.exe.json"
  grep -q 'samples.zip!/send-ok/UPPLAN' "$out/zip.exe.json" && ok || ko "ZIP members not checked"
fi

# ---- -j 4 (Windows threads) gives the report of -j 1 ----
win check -j 1 --format json corpus/careplan >"$out/j1.json" 2>/dev/null
win check -j 4 --format json corpus/careplan >"$out/j4.json" 2>/dev/null
same "-j 4 vs -j 1" "$out/j1.json" "$out/j4.json"

# ---- every format with -o: byte-identical to Linux, also replacing an existing file ----
for f in text json sarif junit html; do
  "$native" check --format "$f" -o "$out/linux.$f" samples/broken-export >/dev/null 2>&1
  echo stale >"$out/exe.$f"
  win check --format "$f" -o "$out/exe.$f" samples/broken-export >/dev/null 2>&1
  same "-o $f" "$out/linux.$f" "$out/exe.$f"
done
if grep -q $'\r' "$out/exe.text"; then ko "CR in the text report"; else ok; fi
"$native" check --lang en samples/broken-export >"$out/en.linux" 2>&1
win check --lang en samples/broken-export >"$out/en.exe" 2>&1
same "text on stdout (en)" "$out/en.linux" "$out/en.exe"
"$native" check samples/broken-export >"$out/ja.linux" 2>&1
win check samples/broken-export >"$out/ja.exe" 2>&1
same "text on stdout (ja, UTF-8)" "$out/ja.linux" "$out/ja.exe"

# ---- normalize: the same bytes, and a second run replaces the first output ----
nin=$(ls corpus/careplan/4.1/valid/*.CSV | head -1)
base=$(basename "$nin")
mkdir -p "$out/nl" "$out/nw"
"$native" normalize "$nin" "$out/nl/$base" >/dev/null 2>&1
win normalize "$nin" "$out/nw/$base" >/dev/null 2>&1 && ok || ko "normalize under Wine failed"
same "normalize" "$out/nl/$base" "$out/nw/$base"
echo stale >"$out/nw/$base"
win normalize "$nin" "$out/nw/$base" >/dev/null 2>&1 && ok || ko "normalize over an existing file failed"
same "normalize over an existing file" "$out/nl/$base" "$out/nw/$base"

# ---- Japanese folder and file names: the golden case ----
g=$work/golden
rm -rf "$g"
cp -a "$here/golden/input" "$g"
(cd "$work" && "$native" check --no-set golden >"$out/golden.linux" 2>&1)
(cd "$work" && timeout 900 "$wine" "$exe" check --no-set golden >"$out/golden.exe" 2>&1)
same "golden (Linux)" "$here/golden/expected" "$out/golden.linux"
same "golden (renkei.exe)" "$here/golden/expected" "$out/golden.exe"
(cd "$work" && timeout 900 "$wine" "$exe" check --no-set --format json 'golden\事業所データ' \
  >"$out/golden-bs.json" 2>/dev/null)
(cd "$work" && "$native" check --no-set --format json golden/事業所データ >"$out/golden-fs.json" 2>/dev/null)
same "golden, '\\' path" <(unslash "$out/golden-fs.json") <(unslash "$out/golden-bs.json")

# ---- -o is atomic: a failed run leaves the file as it was; a Japanese file name ----
echo kept >"$out/keep.txt"
win check --format json --no-such-option -o "$out/keep.txt" samples/send-ok >/dev/null 2>&1
[ "$(cat "$out/keep.txt")" = kept ] && ok || ko "-o: a usage error changed the existing file"
win check --format json --spec-version 99.9 -o "$out/keep.txt" samples/send-ok >/dev/null 2>&1
[ "$(cat "$out/keep.txt")" = kept ] && ok || ko "-o: an unknown spec version changed the existing file"
"$native" check --format json -o "$out/報告書.linux.json" samples/broken-export >/dev/null 2>&1
win check --format json -o "$out/報告書.json" samples/broken-export >/dev/null 2>&1
same "-o with a Japanese file name" "$out/報告書.linux.json" "$out/報告書.json"
[ -z "$(find "$out" -name '*.renkei-*')" ] && ok || ko "-o left a temporary file: $(find "$out" -name '*.renkei-*')"

# ---- standard input checked under the name --name gives (stdin_file.c: %TEMP% under Wine) ----
sin=$(ls corpus/careplan/4.1/valid/*.CSV | head -1)
"$native" check --format json --name "$(basename "$sin")" - <"$sin" >"$out/stdin.linux.json" 2>&1
a=$?
win check --format json --name "$(basename "$sin")" - <"$sin" >"$out/stdin.exe.json" 2>&1
b=$?
[ $a = $b ] && ok || ko "stdin: exit $b under Wine, $a on Linux"
same "standard input with --name" "$out/stdin.linux.json" "$out/stdin.exe.json"
grep -q "\"$(basename "$sin")\"" "$out/stdin.exe.json" && ok || ko "stdin: the file not named as --name"

# ---- specs import-life: the same tables from MHLW's workbook, into a Japanese folder ----
wb=tests/life_import/LIFE_item_list_v1.00_2021.xlsx
if [ -e "$wb" ]; then
  rm -rf "$out/仕様表.linux" "$out/仕様表.exe"
  "$native" specs import-life "$wb" --version 9.1 --out "$out/仕様表.linux" >"$out/imp.linux" 2>&1
  a=$?
  win specs import-life 'tests\life_import\LIFE_item_list_v1.00_2021.xlsx' --version 9.1 \
    --out "$(winpath "$out")\仕様表.exe" >"$out/imp.exe" 2>&1
  b=$?
  [ $a = 0 ] && [ $b = 0 ] && ok || ko "import-life: exit $b under Wine, $a on Linux: $(head -3 "$out/imp.exe")"
  if diff -r "$out/仕様表.linux" "$out/仕様表.exe" >"$out/imp.diff"; then ok; else
    ko "import-life: the tables differ: $(head -5 "$out/imp.diff")"
  fi
  [ -n "$(find "$out/仕様表.exe" -type f)" ] && ok || ko "import-life wrote no table"
fi

# ---- exit codes and a Japanese argument that names no file ----
code() { "$@" >/dev/null 2>&1; echo $?; }
[ "$(code win check samples/send-ok)" = 0 ] && ok || ko "exit code for conforming files"
[ "$(code win check samples/broken-export)" = 1 ] && ok || ko "exit code for findings"
[ "$(code win check --no-such-option x)" = 2 ] && ok || ko "exit code for a usage error"
msg=$(win check "存在しない利用者.csv" 2>&1)
rc=$?
[ $rc = 3 ] && ok || ko "exit $rc for a missing file, want 3"
case "$msg" in *存在しない利用者.csv*) ok ;; *) ko "missing file not named in UTF-8: $msg" ;; esac

# ---- evidence crosses: renkei.exe's bundle verifies on Linux and the other way round ----
ev=$work/evidence
rm -rf "$ev"
mkdir -p "$ev"
(
  cd "$ev" || exit 2
  timeout 900 "$wine" "$exe" keygen --out winkey >/dev/null 2>&1 && [ -s winkey.key ] && [ -s winkey.pub ]
) && ok || ko "keygen under Wine"
cp "$ev/winkey.key" "$ev/winkey.key.orig"
(cd "$ev" && timeout 900 "$wine" "$exe" keygen --out winkey >/dev/null 2>&1)
rc=$?
[ $rc = 3 ] && cmp -s "$ev/winkey.key" "$ev/winkey.key.orig" && ok || ko "keygen overwrote a key (exit $rc)"
"$native" keygen --out "$ev/linkey" >/dev/null 2>&1 || ko "keygen on Linux"
evargs=(--vendor "Example 株式会社" --product "ケアプラン太郎" --product-version 2.1 --office kyotaku)
(cd "$src" && timeout 900 "$wine" "$exe" evidence "${evargs[@]}" --key "$(winpath "$ev/winkey.key")" \
  --out "$(winpath "$ev")\\bundle-exe" samples corpus/careplan/4.1/valid >"$out/ev-exe.out" 2>&1)
rc_exe=$?
[ -s "$ev/bundle-exe/manifest.sig" ] && ok || ko "evidence under Wine: exit $rc_exe: $(head -5 "$out/ev-exe.out")"
"$native" verify "$ev/bundle-exe" --pubkey "$ev/winkey.pub" >"$out/verify-linux.out" 2>&1 &&
  ok || ko "Linux does not verify renkei.exe's bundle: $(head -5 "$out/verify-linux.out")"
(cd "$src" && "$native" evidence "${evargs[@]}" --key "$ev/linkey.key" --out "$ev/bundle-linux" \
  samples corpus/careplan/4.1/valid >"$out/ev-linux.out" 2>&1)
rc_linux=$?
[ $rc_exe = $rc_linux ] && ok || ko "evidence: exit $rc_exe under Wine, $rc_linux on Linux"
win verify "$(winpath "$ev/bundle-linux")" --pubkey "$(winpath "$ev/linkey.pub")" \
  >"$out/verify-exe.out" 2>&1 && ok || ko "renkei.exe does not verify Linux's bundle: $(head -5 "$out/verify-exe.out")"
same "evidence report.json" "$ev/bundle-linux/report.json" "$ev/bundle-exe/report.json"
# report.html names its signer (two keys here): the same page once the fingerprints are set aside
for b in linux exe; do
  sed -E 's/SHA256:[0-9a-f]{64}/SHA256:(key)/g' "$ev/bundle-$b/report.html" >"$out/report-$b.html"
done
same "evidence report.html" "$out/report-linux.html" "$out/report-exe.html"
# the copies of the inputs (inputs/) re-check on the other system, under the same names
"$native" verify --format json "$ev/bundle-exe" --pubkey "$ev/winkey.pub" >"$out/verify-linux.json" 2>&1
grep -q '"rechecked": true' "$out/verify-linux.json" && ok ||
  ko "Linux does not re-check renkei.exe's copies: $(grep -A3 problems "$out/verify-linux.json" | head -8)"
win verify --format json "$(winpath "$ev/bundle-linux")" --pubkey "$(winpath "$ev/linkey.pub")" \
  >"$out/verify-exe.json" 2>&1
grep -q '"rechecked": true' "$out/verify-exe.json" && ok ||
  ko "renkei.exe does not re-check Linux's copies: $(grep -A3 problems "$out/verify-exe.json" | head -8)"
(cd "$ev/bundle-linux" && find inputs | sort) >"$out/copies.linux"
(cd "$ev/bundle-exe" && find inputs | sort) >"$out/copies.exe"
same "evidence inputs/" "$out/copies.linux" "$out/copies.exe"
# Japanese folder and file names, given with '\': copied, re-checked on Linux
(cd "$work" && timeout 900 "$wine" "$exe" evidence "${evargs[@]}" --key "$(winpath "$ev/winkey.key")" \
  --out "$(winpath "$ev")\\bundle-ja" 'golden\事業所データ' >"$out/ev-ja.out" 2>&1)
[ -s "$ev/bundle-ja/inputs/checked/golden/事業所データ/利用者一覧（4月）.csv" ] && ok ||
  ko "evidence under Wine: no copy under a Japanese name: $(head -3 "$out/ev-ja.out")"
"$native" verify --format json "$ev/bundle-ja" --pubkey "$ev/winkey.pub" >"$out/verify-ja.json" 2>&1
grep -q '"rechecked": true' "$out/verify-ja.json" && ok ||
  ko "Linux does not re-check renkei.exe's Japanese-named copies: $(grep -A3 problems "$out/verify-ja.json" | head -8)"
# --without-inputs: no inputs/, and verify says the verdict was not re-checked
(cd "$src" && timeout 900 "$wine" "$exe" evidence "${evargs[@]}" --key "$(winpath "$ev/winkey.key")" \
  --without-inputs --out "$(winpath "$ev")\\bundle-bare" samples >"$out/ev-bare.out" 2>&1)
[ -s "$ev/bundle-bare/manifest.sig" ] && ! [ -e "$ev/bundle-bare/inputs" ] && ok ||
  ko "evidence --without-inputs under Wine: $(head -3 "$out/ev-bare.out")"
"$native" verify --format json "$ev/bundle-bare" --pubkey "$ev/winkey.pub" >"$out/verify-bare.json" 2>&1
grep -q '"recheck_why": "inputs-left-out"' "$out/verify-bare.json" && ok ||
  ko "verify of a bundle without inputs: $(head -c 400 "$out/verify-bare.json")"
# names Windows takes for one file (two files of a folder and two folders differing only in
# case): renkei.exe copies each under a name of its own (it could not write the second copy),
# Linux re-checks that bundle, renkei.exe re-checks Linux's, and both name the copies alike
rm -rf "$ev/case" && mkdir -p "$ev/case/D" "$ev/case/d"
for f in samples/send-ok/*; do
  n=$(basename "$f")
  cp "$f" "$ev/case/D/$n" && cp "$f" "$ev/case/D/$(echo "$n" | tr 'A-Z' 'a-z')" && cp "$f" "$ev/case/d/$n"
done
(cd "$ev" && timeout 900 "$wine" "$exe" evidence "${evargs[@]}" --key "$(winpath "$ev/winkey.key")" \
  --out bundle-case case >"$out/ev-case.out" 2>&1)
[ -s "$ev/bundle-case/manifest.sig" ] && [ "$(find "$ev/bundle-case/inputs" -type f | wc -l)" = 9 ] && ok ||
  ko "evidence under Wine of names differing in case: $(head -3 "$out/ev-case.out")"
"$native" verify --format json "$ev/bundle-case" --pubkey "$ev/winkey.pub" >"$out/verify-case.json" 2>&1
grep -q '"rechecked": true' "$out/verify-case.json" && grep -q '"valid": true' "$out/verify-case.json" && ok ||
  ko "Linux does not re-check renkei.exe's copies of names differing in case: $(head -c 600 "$out/verify-case.json")"
(cd "$ev" && "$native" evidence "${evargs[@]}" --key linkey.key --out bundle-case-linux case \
  >"$out/ev-case-linux.out" 2>&1)
win verify --format json "$(winpath "$ev/bundle-case-linux")" --pubkey "$(winpath "$ev/linkey.pub")" \
  >"$out/verify-case-exe.json" 2>&1
grep -q '"rechecked": true' "$out/verify-case-exe.json" && grep -q '"valid": true' "$out/verify-case-exe.json" && ok ||
  ko "renkei.exe does not re-check Linux's copies of names differing in case: $(head -c 600 "$out/verify-case-exe.json")"
(cd "$ev/bundle-case" && find inputs | sort) >"$out/copies-case.exe"
(cd "$ev/bundle-case-linux" && find inputs | sort) >"$out/copies-case.linux"
same "evidence inputs/ of names differing in case" "$out/copies-case.linux" "$out/copies-case.exe"
# a folder where a bundle's file or a copy is expected: EVD-002 (not a regular file) on both, as
# the os layer tells a directory opened as a file alike (Windows refuses it: EACCES there)
for what in report.html "$(cd "$ev/bundle-linux" && find inputs -type f | sort | head -1)"; do
  rm -rf "$ev/bundle-folder" && cp -a "$ev/bundle-linux" "$ev/bundle-folder"
  rm "$ev/bundle-folder/$what" && mkdir "$ev/bundle-folder/$what"
  a=$("$native" verify "$ev/bundle-folder" --pubkey "$ev/linkey.pub" --lang en 2>&1 | grep -o 'EVD-00[0-9]' | sort -u | tr '\n' ' ')
  b=$(win verify "$(winpath "$ev/bundle-folder")" --pubkey "$(winpath "$ev/linkey.pub")" --lang en 2>&1 |
    grep -o 'EVD-00[0-9]' | sort -u | tr '\n' ' ')
  [ "$a" = "EVD-002 " ] && [ "$b" = "$a" ] && ok || ko "a folder for $what: '$b' under Wine, '$a' on Linux"
done
# a bundle edited after signing fails on both
cp -a "$ev/bundle-exe" "$ev/bundle-edited"
printf ' ' >>"$ev/bundle-edited/report.json"
"$native" verify "$ev/bundle-edited" --pubkey "$ev/winkey.pub" >/dev/null 2>&1
[ $? = 1 ] && ok || ko "Linux verified an edited bundle"
win verify "$(winpath "$ev/bundle-edited")" --pubkey "$(winpath "$ev/winkey.pub")" >/dev/null 2>&1
[ $? = 1 ] && ok || ko "renkei.exe verified an edited bundle"

finish
