#!/usr/bin/env bash
# Japanese throughout: every corpus case (files with their .options, sets with set.options,
# round trips) is checked with --lang ja in text (JSON, SARIF and HTML carry the same messages,
# and HTML renders expected and detail through the same phrases), and every message must be
# Japanese: once the file names, rule IDs, item IDs, values ("実際 ..." and [...] details that are
# values) and the technical names that stay as they are in Japanese text (MS932, UTF-8, CSV, BOM,
# JIS X 0213, Unicode code points, LIFE, TAIS ...) are taken out, no English word may remain.
# usage: lang_ja.sh RENKEI CORPUS_DIR
set -u
renkei=$1
corpus=$2
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
rk_tmpdir

# the options of a case file as command-line options
opts_of() {
  local f=$1 k v
  [ -f "$f" ] || return 0
  while IFS='=' read -r k v; do
    case $k in
      family) printf '%s\n' --family "$v" ;;
      encoding) printf '%s\n' --encoding "$v" ;;
      profile) printf '%s\n' --profile "$v" ;;
      layout) printf '%s\n' --layout "$v" ;;
      version) printf '%s\n' --spec-version "$v" ;;
      office) printf '%s\n' --office "$v" ;;
      direction) printf '%s\n' --direction "$v" ;;
      max_*) printf '%s\n' "--$(printf %s "${k//_/-}")" "$v" ;;
    esac
  done < "$f"
}

out=$tmp/all.txt
: > "$out"
run() { # run ARGS...: the text report (JSON, SARIF and HTML messages are the same text)
  "$renkei" "$@" --lang ja >>"$out" 2>&1
}
n=0
while IFS= read -r -d '' f; do
  mapfile -t o < <(opts_of "$f.options")
  run check "${o[@]}" "$f"
  n=$((n + 1))
done < <(find "$corpus" -path '*/sets' -prune -o -path '*/roundtrip' -prune -o \
  -path "$corpus/tools" -prune -o -type f \
  ! -name '*.expect' ! -name '*.options' ! -name '*.md' -print0 | sort -z)
for d in "$corpus"/*/*/sets/*/; do
  mapfile -t o < <(opts_of "$d/set.options")
  run check "${o[@]}" "$d"
  n=$((n + 1))
done
for d in "$corpus"/*/*/roundtrip/*/; do
  run roundtrip "$d/original" "$d/reexport"
  n=$((n + 1))
done
[ -n "${RK_KEEP:-}" ] && cp "$out" "$RK_KEEP"
[ "$n" -gt 200 ] && ok || ko "only $n corpus cases run"
[ "$(grep -c '' "$out")" -gt 1000 ] && ok || ko "only $(grep -c '' "$out") lines of messages"

# what may stay as it is: paths, rule IDs, quoted values, the user's numbers, code points,
# numbers, the names of encodings, formats and standards, command-line options, the program's
# name, item IDs and code-list IDs (LIFE: snake_case, in parentheses or brackets) and layout IDs
words=$(sed -E \
  -e 's#[^ ]*(corpus|/tmp)/[^ :]*##g' \
  -e 's/"[^"]*"//g' \
  -e 's/^renkei: //; s/--[a-z][a-z-]*//g' \
  -e 's/(保険者番号|被保険者番号) [^、）]*//g' \
  -e 's/\([a-z][a-z0-9_]*\)//g; s/\[[a-z][a-z0-9_]*\]//g' \
  -e 's/xx[A-Z]{4}//g; s/\[[0-9A-Za-z-]+\]//g' \
  -e 's/\[[A-Z]+-[0-9]+\]//g; s/\b[A-Z]+-[0-9]{3}\b//g' \
  -e 's/U\+[0-9A-F]{4,6}//g' \
  -e 's/\b(MS932|CP932|cp932|Shift_JIS|Shift-JIS|UTF-8|utf-8|BOM|CSV|CRLF|CR|LF|JIS|X|0213|Unicode|LIFE|TAIS|HTML|JSON|ZIP|NEC|IBM|YYYYMMDD|YYYYMM|HHMM|No)\b//g' \
  -e 's/\b[a-z]+(_[a-z0-9]+)+\b//g' \
  -e 's/\b(UP|DLT)[A-Z0-9_]*\b//g' \
  -e 's/\b[A-Z]{2,}[0-9]*\b//g' \
  "$out" | grep -oE '\b[A-Za-z]{2,}\b' | sort | uniq -c | sort -rn)
if [ -z "$words" ]; then
  ok
else
  ko "English words in --lang ja messages (count word):"
  printf '%s\n' "$words" | head -40
  for w in $(printf '%s\n' "$words" | awk '{print $2}' | head -10); do
    grep -m2 -w -- "$w" "$out"
  done
fi
finish
