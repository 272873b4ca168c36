#!/usr/bin/env bash
# The benchmark kit, from a fresh clone: installs what is needed, builds renkei Release in
# build-bench/, generates the inputs into bench/data/ (once), measures everything side by side and
# prints a table of wall times, peak RSS and the ratios with their targets.
#
#   bench/run.sh                 everything (about 15-25 minutes on 2 cores, most of it csvclean)
#   BENCH_SENDS=1000 bench/run.sh   fewer slip sends in the directory case (default 10000)
#   BENCH_RUNS=5 BENCH_BIG_RUNS=3   runs per small / 200 MB measurement (median is reported)
#   BENCH_SKIP_CSVCLEAN=1        do not run csvclean
#   BENCH_IR_ONLY=1              only the instructions (callgrind) and the 10 MB wall times: no
#                                200 MB files, sends, memory or csvclean (a few minutes)
#
# Figures are ratios for people to read; nothing here asserts them (STYLE.md, bench/).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
BUILD="$ROOT/build-bench"
DATA="$BENCH/data"
SENDS=${BENCH_SENDS:-10000}
RUNS=${BENCH_RUNS:-5}
BIG_RUNS=${BENCH_BIG_RUNS:-3}
QUICK=${BENCH_IR_ONLY:-0}
NAME=UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
apt_install() { # package... : installs those that are missing; returns non-zero on failure
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "bench: installing ${missing[*]}"
  $SUDO apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# ---- tools and build ------------------------------------------------------------------------
bash "$ROOT/scripts/setup.sh"
apt_install time python3 valgrind || true
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (package time)" >&2; exit 1; }
HAVE_CSVCLEAN=0
if [ "${BENCH_SKIP_CSVCLEAN:-0}" != 1 ] && [ "$QUICK" != 1 ]; then
  command -v csvclean >/dev/null 2>&1 || apt_install csvkit || echo "bench: csvkit not available, csvclean skipped"
  command -v csvclean >/dev/null 2>&1 && HAVE_CSVCLEAN=1
fi

cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DRENKEI_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j"$(nproc)" >/dev/null
cc -O2 -Wall -Wextra -o "$BUILD/csv_count" "$BENCH/csv_count.c" -lcsv
RENKEI="$BUILD/renkei"
COUNT="$BUILD/csv_count"

# ---- inputs (generated once; bench/data/ is ignored by git) ---------------------------------
gen() { # dir args...
  local dir=$1
  shift
  [ -f "$DATA/$dir/$NAME" ] && return 0
  python3 "$BENCH/gen_upplan.py" "$@" "$DATA/$dir.tmp"
  rm -rf "${DATA:?}/$dir" && mv "$DATA/$dir.tmp" "$DATA/$dir"
}
mkdir -p "$DATA"
gen upplan-2mb --mb 2
gen upplan-10mb --mb 10
gen upplan-10mb-errors --mb 10 --errors
[ "$QUICK" = 1 ] || gen upplan-200mb --mb 200
[ "$QUICK" = 1 ] || gen upplan-200mb-errors --mb 200 --errors
if [ "$QUICK" != 1 ] && [ "$(cat "$DATA/sends.count" 2>/dev/null)" != "$SENDS" ]; then
  rm -rf "$DATA/sends" "$DATA/sends.tmp"
  python3 "$BENCH/gen_upplan.py" --sends "$SENDS" "$DATA/sends.tmp"
  mv "$DATA/sends.tmp" "$DATA/sends"
  echo "$SENDS" >"$DATA/sends.count" # outside the directory: renkei reads every file in it
fi
F2="$DATA/upplan-2mb/$NAME"
F200="$DATA/upplan-200mb/$NAME"
FERR="$DATA/upplan-200mb-errors/$NAME"
F10="$DATA/upplan-10mb/$NAME"
F10E="$DATA/upplan-10mb-errors/$NAME"

# The sends must conform: a generator bug would otherwise be measured as renkei's cost.
if [ "$QUICK" != 1 ] && ! "$RENKEI" check "$DATA/sends" >"$DATA/sends-report.txt"; then
  tail -3 "$DATA/sends-report.txt" >&2
  echo "bench: the generated sends do not conform (see $DATA/sends-report.txt)" >&2
  exit 1
fi
[ "$QUICK" = 1 ] || "$RENKEI" check --no-set "$F200" >/dev/null ||
  { echo "bench: 200 MB file does not conform" >&2; exit 1; }

# ---- measuring ------------------------------------------------------------------------------
# med RUNS cmd...: "WALL CPU", the medians in seconds of RUNS runs of the wall time and of the
# CPU time (user + system; on a shared machine it moves less than the wall time). The page cache is
# warmed before. Output and exit status are ignored except 2-4 (usage, unreadable input, internal
# error), which stop the bench.
med() {
  local n=$1 i rc w u s
  shift
  local walls=() cpus=()
  for ((i = 0; i < n; i++)); do
    rc=0
    /usr/bin/time -f '%e %U %S %x' -o "$DATA/.time" "$@" >/dev/null 2>&1 || rc=$?
    read -r w u s rc < <(tail -n 1 "$DATA/.time") || { echo "bench: '$*' was killed" >&2; exit 1; }
    if [ "$rc" -ge 2 ] && [ "$rc" -le 4 ]; then
      echo "bench: '$*' exited $rc" >&2
      exit 1
    fi
    walls+=("$w")
    cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')")
  done
  local m='{a[NR]=$1} END {printf "%.2f", (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
  printf '%s %s' "$(printf '%s\n' "${walls[@]}" | sort -g | awk "$m")" \
    "$(printf '%s\n' "${cpus[@]}" | sort -g | awk "$m")"
}
w() { echo "${1% *}"; } # wall part of med's answer
c() { echo "${1#* }"; } # CPU part
rss() { # peak RSS in KiB of one run
  /usr/bin/time -f %M -o "$DATA/.rss" "$@" >/dev/null 2>&1 || true
  tail -1 "$DATA/.rss"
}
users() { # distinct users (保険者番号, 被保険者番号: items 2 and 3) of an UPPLAN file
  python3 -c 'import csv, sys
with open(sys.argv[1], encoding="cp932", newline="") as f:
    print(len({(r[1], r[2]) for r in csv.reader(f) if len(r) > 2}))' "$1"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }
mbs() { awk -v b="$(stat -c %s "$1")" -v t="$2" 'BEGIN { if (t > 0) printf "%.0f", b / 1048576 / t; else printf "-" }'; }

cat "$F2" "$F10" "$F10E" >/dev/null # warm the page cache: every figure is from memory
if [ "$QUICK" != 1 ]; then
  cat "$F200" "$FERR" >/dev/null
  find "$DATA/sends" -type f -exec cat {} + >/dev/null
  echo "bench: measuring (median of $RUNS runs, $BIG_RUNS for the 200 MB files)"
  CAT2=$(med "$RUNS" cat "$F2")
  CAT200=$(med "$BIG_RUNS" cat "$F200")
  CNT2=$(med "$RUNS" "$COUNT" "$F2")
  CNT200=$(med "$BIG_RUNS" "$COUNT" "$F200")
  RK2=$(med "$RUNS" "$RENKEI" check --no-set "$F2")
  RK200=$(med "$BIG_RUNS" "$RENKEI" check --no-set "$F200")
  RKJ200=$(med "$BIG_RUNS" "$RENKEI" check --no-set --format json "$F200")
  CATE=$(med "$BIG_RUNS" cat "$FERR")
  RKE=$(med "$BIG_RUNS" "$RENKEI" check --no-set --format json "$FERR")
  RKET=$(med "$BIG_RUNS" "$RENKEI" check --no-set "$FERR")
  NFIND=$("$RENKEI" check --no-set --format json "$FERR" | grep -o '"rule":' | wc -l || true)
  RSS2=$(rss "$RENKEI" check --no-set "$F2")
  RSS200=$(rss "$RENKEI" check --no-set "$F200")
  RSSE=$(rss "$RENKEI" check --no-set --format json "$FERR")
  # set rules on (they remember users and 福祉用具 groups across the file's records): memory grows
  # with the users; bytes per user from the 2 MB and the 200 MB file
  RSSS2=$(rss "$RENKEI" check "$F2")
  RSSS10=$(rss "$RENKEI" check "$F10")
  RSSS200=$(rss "$RENKEI" check "$F200")
  U2=$(users "$F2")
  U10=$(users "$F10")
  U200=$(users "$F200")
  SENDT=$(med "$BIG_RUNS" "$RENKEI" check "$DATA/sends")
  SENDRSS=$(rss "$RENKEI" check "$DATA/sends")
  # -j: files in parallel; the output must be identical to -j 1
  JOBS=$(nproc)
  SENDJ=$(med "$BIG_RUNS" "$RENKEI" check -j "$JOBS" "$DATA/sends")
  if "$RENKEI" check --format json -j 1 "$DATA/sends" | cmp -s - <("$RENKEI" check --format json -j "$JOBS" "$DATA/sends"); then
    SAME=identical
  else
    SAME=DIFFERENT
  fi
  CC2="-"
  CC200="-"
  if [ "$HAVE_CSVCLEAN" = 1 ]; then
    # -n: dry run, only checks (writes no cleaned copy); -H: no header row; MS932 decoding.
    CC2=$(med "$RUNS" csvclean -n -H -e cp932 "$F2")
    CC200=$(med "$BIG_RUNS" csvclean -n -H -e cp932 "$F200")
  fi
else
  echo "bench: instructions and the 10 MB wall times only (BENCH_IR_ONLY=1)"
fi

# Instructions (callgrind): the stable figure, whatever else runs on the machine. Also the part
# spent in libcrypto (SHA-256 of every input byte, taken only for the reports that show it: JSON,
# JUnit and HTML, not text or SARIF): valgrind offers no SHA extensions, so OpenSSL runs its
# generic code there, while the CPU's own SHA instructions make it nearly free in the wall times
# above.
IR_OK=0
if command -v valgrind >/dev/null 2>&1; then
  IR_OK=1
  # ir cmd...: "TOTAL LIBCRYPTO" instructions of one run
  ir() {
    valgrind --tool=callgrind --callgrind-out-file="$DATA/.cg" "$@" >/dev/null 2>&1 || true
    local total crypto
    total=$(callgrind_annotate "$DATA/.cg" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}')
    crypto=$(callgrind_annotate --threshold=100 "$DATA/.cg" 2>/dev/null |
      awk '/libcrypto/ {gsub(",", "", $1); s += $1} END {print s + 0}')
    echo "${total:-0} ${crypto:-0}"
  }
  # start-up: the spec tables are loaded (and their digest taken) once per process
  mkdir -p "$DATA/upplan-1rec"
  head -n 1 "$F2" >"$DATA/upplan-1rec/$NAME"
  I0=$(ir "$RENKEI" check --no-set "$DATA/upplan-1rec/$NAME")
  IC=$(ir "$COUNT" "$F10")
  IN=$(ir "$RENKEI" check --no-set "$F10")
  IS=$(ir "$RENKEI" check "$F10")
  IJ=$(ir "$RENKEI" check --no-set --format json "$F10")
  IET=$(ir "$RENKEI" check --no-set "$F10E")
  IEJ=$(ir "$RENKEI" check --no-set --format json "$F10E")
  WC=$(med "$RUNS" "$COUNT" "$F10")
  WN=$(med "$RUNS" "$RENKEI" check --no-set "$F10")
  WS=$(med "$RUNS" "$RENKEI" check "$F10")
fi
first() { echo "${1% *}"; }
second() { echo "${1#* }"; }
perb() { awk -v i="$1" -v b="$(stat -c %s "$F10")" 'BEGIN { printf "%.1f", i / b }'; }

# ---- report ---------------------------------------------------------------------------------
t() { [ "$1" = - ] && echo - || echo "$(w "$1") ($(c "$1"))"; } # "wall (cpu)"
row() { printf '%-46s %15s %15s %7s\n' "$1" "$(t "$2")" "$(t "$3")" "$( [ "$3" = - ] && echo - || mbs "$4" "$(w "$3")")"; }
rw() { [ "$1" = - ] || [ "$2" = - ] && echo - || echo "$(ratio "$(w "$1")" "$(w "$2")") ($(ratio "$(c "$1")" "$(c "$2")"))"; }
OUT="$DATA/last-run.txt"
{
  echo "renkei bench  $(date -u +%Y-%m-%dT%H:%MZ)  $(nproc) cores  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')  load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$("$RENKEI" --version 2>/dev/null | head -1)  libcsv $(dpkg-query -W -f='${Version}' libcsv3 2>/dev/null || echo '?')  csvkit $(dpkg-query -W -f='${Version}' csvkit 2>/dev/null || echo '-')"
  if [ "$QUICK" != 1 ]; then
    echo
    printf '%-46s %15s %15s %7s\n' "median seconds: wall (cpu = user+sys)" "2 MB" "200 MB" "MB/s"
    row "cat FILE >/dev/null" "$CAT2" "$CAT200" "$F200"
    row "csv_count (bare libcsv)" "$CNT2" "$CNT200" "$F200"
    row "renkei check --no-set (text)" "$RK2" "$RK200" "$F200"
    row "renkei check --no-set --format json" - "$RKJ200" "$F200"
    row "  same, every record broken (json)" - "$RKE" "$FERR"
    row "  same, every record broken (text)" - "$RKET" "$FERR"
    row "csvclean -n -H -e cp932" "$CC2" "$CC200" "$F200"
    echo
    printf '%-46s %15s %15s\n' "peak RSS (KiB)" "2 MB" "200 MB"
    printf '%-46s %15s %15s\n' "renkei check --no-set (text)" "$RSS2" "$RSS200"
    printf '%-46s %15s %15s\n' "  same, every record broken (json)" - "$RSSE"
    printf '%-46s %15s %15s\n' "renkei check (set rules on)" "$RSSS2" "$RSSS200"
    printf 'users: %s (2 MB), %s (10 MB, %s KiB), %s (200 MB); with set rules on %s bytes per user\n' \
      "$U2" "$U10" "$RSSS10" "$U200" \
      "$(awk -v a="$RSSS2" -v b="$RSSS200" -v u="$U2" -v v="$U200" 'BEGIN { if (v > u) printf "%.0f", (b - a) * 1024 / (v - u); else printf "n/a" }')"
    echo
    printf 'sends: renkei check DIR, %s sends (%s files): %s s, peak RSS %s KiB\n' \
      "$SENDS" "$((SENDS * 3))" "$(t "$SENDT")" "$SENDRSS"
    printf 'inputs: %s MB and %s MB clean, %s MB broken (%s findings)\n' \
      "$(mb "$F2")" "$(mb "$F200")" "$(mb "$FERR")" "$NFIND"
    echo
    printf '%-46s %15s %10s\n' "ratio" "wall (cpu)" "target"
    printf '%-46s %15s %10s\n' "renkei / csv_count (200 MB)" "$(rw "$RK200" "$CNT200")" "<= 1.3"
    printf '%-46s %15s %10s\n' "csvclean / renkei (2 MB)" "$(rw "$CC2" "$RK2")" ">= 2.5"
    printf '%-46s %15s %10s\n' "csvclean / renkei (200 MB)" "$(rw "$CC200" "$RK200")" ">= 2.5"
    printf '%-46s %15s %10s\n' "peak RSS 200 MB / 2 MB" "$(ratio "$RSS200" "$RSS2")" "<= 1.2"
    printf '%-46s %15s %10s\n' "error-heavy json / clean text (200 MB)" "$(rw "$RKE" "$RK200")" "<= 3"
    printf '%-46s %15s %10s\n' "renkei check DIR -j 1 / -j $JOBS ($SAME output)" "$(rw "$SENDT" "$SENDJ")" "> 1"
    printf '%-46s %15s\n' "  -j $JOBS on the sends directory" "$(t "$SENDJ")"
  fi
  if [ "$IR_OK" = 1 ]; then
    echo
    printf '%-46s %15s %12s %12s\n' "instructions, 10 MB file (callgrind)" "total" "per byte" "of it SHA"
    irow() { printf '%-46s %15s %12s %12s\n' "$1" "$(first "$2")" "$(perb "$(first "$2")")" "$(perb "$(second "$2")")"; }
    irow "csv_count (bare libcsv)" "$IC"
    irow "renkei check --no-set, a 1-record file" "$I0"
    irow "renkei check --no-set (text)" "$IN"
    irow "renkei check (set rules on)" "$IS"
    irow "renkei check --no-set --format json" "$IJ"
    irow "  every record broken (text)" "$IET"
    irow "  every record broken (json)" "$IEJ"
    nosha() { echo "$(( $(first "$1") - $(second "$1") ))"; }
    echo
    printf '%-46s %15s %10s\n' "ratio (instructions; wall)" "" "target"
    printf '%-46s %15s %10s\n' "check --no-set / csv_count" "$(ratio "$(first "$IN")" "$(first "$IC")")" "<= 1.3"
    printf '%-46s %15s %10s\n' "  the same without SHA-256" "$(ratio "$(nosha "$IN")" "$(first "$IC")")" "-"
    printf '%-46s %15s %10s\n' "  the same without SHA-256 and start-up" "$(ratio "$(( $(nosha "$IN") - $(nosha "$I0") ))" "$(first "$IC")")" "-"
    printf '%-46s %15s %10s\n' "  wall time (10 MB, median)" "$(ratio "$(w "$WN")" "$(w "$WC")")" "<= 1.5"
    printf '%-46s %15s %10s\n' "check --no-set --format json / csv_count" "$(ratio "$(first "$IJ")" "$(first "$IC")")" "-"
    printf '%-46s %15s %10s\n' "  the same without SHA-256" "$(ratio "$(nosha "$IJ")" "$(first "$IC")")" "-"
    printf '%-46s %15s %10s\n' "check (set rules on) / csv_count" "$(ratio "$(first "$IS")" "$(first "$IC")")" "<= 1.5"
    printf '%-46s %15s %10s\n' "  wall time (10 MB, median)" "$(ratio "$(w "$WS")" "$(w "$WC")")" "-"
    printf '%-46s %15s %10s\n' "error-heavy json / clean json" "$(ratio "$(first "$IEJ")" "$(first "$IJ")")" "<= 2"
    printf '%-46s %15s %10s\n' "error-heavy json / error-heavy text" "$(ratio "$(first "$IEJ")" "$(first "$IET")")" "<= 2"
  fi
} | tee "$OUT"
echo "bench: table saved to ${OUT#"$ROOT"/}"
