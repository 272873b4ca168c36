#!/usr/bin/env bash
# Opens the HTML report in a real browser (Debian's chromium, headless, installed by
# scripts/setup.sh with a Japanese font): the rendered DOM must hold the summary and the
# findings, and a screenshot of the first A4 page (1240x1754, A4 at 150 dpi) is saved as
# OUT_DIR/report.png for people to look at. No network is used: the page is a local file
# and loads nothing. Exits 77 (skipped) only when chromium is not installed.
# usage: html_browser.sh RENKEI SOURCE_DIR OUT_DIR
set -u
renkei=$1
src=$2
out=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (scripts/setup.sh installs it)"
  exit 77
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
html="$out/report.html"
png="$out/report.png"
rm -f "$png"
corpus="$src/corpus/careplan/4.1"
LC_ALL=C SOURCE_DATE_EPOCH=1742900000 "$renkei" check --format html -o "$html" \
  "$corpus"/invalid/FLD-009-minute-60/*.CSV "$corpus"/invalid/FLD-025-subtotal-units/*.CSV \
  "$corpus"/invalid/NAME-007-txt-extension/*.TXT "$src"/corpus/reader/invalid/ENC-001-byte-0x80.CSV \
  "$corpus"/valid
rc=$?
if [ "$rc" != 1 ]; then
  echo "FAIL: renkei exited $rc, expected 1 (findings)"
  exit 1
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
run_browser() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" "$@" \
    "file://$html" 2>/dev/null
}
dom=$(run_browser --dump-dom)
fail=0
check() { # check DESCRIPTION PATTERN: the rendered DOM must contain PATTERN
  if grep -qF -- "$2" <<<"$dom"; then
    echo "ok   $1"
  else
    echo "FAIL $1: rendered DOM lacks '$2'"
    fail=1
  fi
}
check "summary block rendered" 'id="summary"'
check "summary verdict" '不適合'
check "a conforming file" '適合</span>'
check "a send's verdict" '仕様どおり'
check "a finding rendered" 'class="finding"'
check "the FLD-009 finding" 'FLD-009'
check "its actual value" '<code class="value">1060</code>'
findings=$(grep -o 'class="finding"' <<<"$dom" | wc -l)
source_findings=$(grep -o 'class="finding"' "$html" | wc -l)
if [ "$findings" -ne "$source_findings" ] || [ "$findings" -lt 4 ]; then
  echo "FAIL $findings findings rendered, $source_findings in the page"
  fail=1
else
  echo "ok   $findings findings rendered"
fi
if grep -qi '<script' <<<"$dom"; then
  echo "FAIL the rendered page holds a script"
  fail=1
fi
run_browser --screenshot="$png" --window-size=1240,1754 >/dev/null
if [ -s "$png" ] && [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
  echo "ok   screenshot $png"
else
  echo "FAIL no screenshot at $png"
  fail=1
fi
[ $fail = 0 ] && echo "html_browser: passed" || echo "html_browser: failed"
exit $fail
