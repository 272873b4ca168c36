#!/usr/bin/env bash
# Hostile and degenerate inputs: each gives a clear finding or message, a bounded run (time and
# memory), the documented exit code, and never a crash. Sizes: RENKEI_HOSTILE_GB (default 1)
# gigabytes for the single-field file.
# usage: run.sh RENKEI
set -u
renkei=$1
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
rk_tmpdir

# expect NAME EXIT GREP -- command...: exit code, output contains GREP, within 300 s
expect() {
  local name=$1 want=$2 grep=$3
  shift 3
  local out rc
  out=$(timeout 300 "$@" 2>&1)
  rc=$?
  if [ "$rc" != "$want" ]; then ko "$name: exit $rc, expected $want: $(printf '%s' "$out" | tail -3)"; return; fi
  if [ -n "$grep" ] && ! printf '%s' "$out" | grep -qF -- "$grep"; then ko "$name: output lacks $grep"; return; fi
  ok
}

peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

# empty file
: > "$tmp/empty.csv"
expect empty 1 CSV-013 "$renkei" check --lang en "$tmp/empty.csv"

# one field of RENKEI_HOSTILE_GB gigabytes, no line break: CSV-010, memory stays small
gb=${RENKEI_HOSTILE_GB:-1}
head -c $((gb * 1024 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > "$tmp/huge.csv"
expect huge-field 1 CSV-010 "$renkei" check --lang en "$tmp/huge.csv"
if [ -x /usr/bin/time ]; then
  kb=$(peak_kb "$renkei" check "$tmp/huge.csv")
  # ASan builds carry shadow memory; 512 MiB is far below the file's size
  [ "${kb:-999999999}" -lt 524288 ] && ok || ko "huge-field: peak RSS ${kb} KiB"
fi
rm -f "$tmp/huge.csv"

# a million fields in one record: CSV-011 once
python3 -c "import sys; sys.stdout.write(','.join(['1']*1000000)+'\r\n')" > "$tmp/wide.csv"
expect million-fields 1 CSV-011 "$renkei" check --lang en "$tmp/wide.csv"

# a file of NUL bytes: ENC-011 given at most 1000 times, the rest summed up (CSV-014)
head -c 2000000 /dev/zero > "$tmp/nul.csv"
out=$("$renkei" check --lang en "$tmp/nul.csv" 2>&1)
n=$(printf '%s\n' "$out" | grep -c '\[ENC-011\]$')
[ "$n" = 1000 ] && printf '%s' "$out" | grep -q CSV-014 && ok || ko "nul: $n ENC-011 lines"

# binary data (fixed bytes, every value 0..255 many times)
python3 -c "import sys; sys.stdout.buffer.write(bytes(range(256))*4096)" > "$tmp/binary.csv"
expect binary 1 ENC-001 "$renkei" check --lang en "$tmp/binary.csv"
expect binary-json 1 '"schema":"renkei.report"' "$renkei" check --format json "$tmp/binary.csv"

# a deep directory tree: walked to depth 64, the rest named as unreadable
d="$tmp/deep"
mkdir -p "$d"
p=$d
for i in $(seq 1 80); do p="$p/d"; done
mkdir -p "$p" && printf 'x\r\n' > "$p/f.csv"
expect deep-tree 3 "is a directory" "$renkei" check --lang en "$d"

# symlink loops: a link to its own directory is followed once (the directory is read once);
# a self-link cannot be read
mkdir -p "$tmp/loop" && ln -s "$tmp/loop" "$tmp/loop/again" && ln -s self.csv "$tmp/loop/self.csv"
expect symlink-loop 3 "Too many levels of symbolic links" "$renkei" check --lang en "$tmp/loop"

# a FIFO is not waited on
mkfifo "$tmp/fifo.csv"
expect fifo 3 "not a regular file" "$renkei" check --lang en "$tmp/fifo.csv"

# an unreadable file (as another user when running as root)
printf '202407\r\n' > "$tmp/secret.csv" && chmod 000 "$tmp/secret.csv"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  chmod 755 "$tmp"
  expect unreadable 3 "Permission denied" setpriv --reuid=65534 --regid=65534 --clear-groups "$renkei" check --lang en "$tmp/secret.csv"
elif [ "$(id -u)" != 0 ]; then
  expect unreadable 3 "Permission denied" "$renkei" check --lang en "$tmp/secret.csv"
fi

# a directory where a file is expected
mkdir -p "$tmp/adir"
expect dir-as-file 3 "" "$renkei" normalize "$tmp/adir" "$tmp/out.csv"
[ ! -e "$tmp/out.csv" ] && ok || ko "dir-as-file wrote an output"

# names with odd bytes: reported with the bytes escaped, JSON stays valid
odd=$(printf 'odd\xff\x01name\n.csv')
printf '1\r\n' > "$tmp/$odd"
out=$("$renkei" check --format json "$tmp/$odd")
printf '%s' "$out" | python3 -c "import json,sys; json.load(sys.stdin)" && ok || ko "odd-name JSON"
printf '%s' "$out" | grep -qF '\\xFF' && ok || ko "odd-name not escaped"

# a very long path (longer than PATH_MAX)
long=$tmp
seg=$(printf 'L%.0s' $(seq 1 200))
for i in $(seq 1 25); do long="$long/$seg"; done
expect long-path 3 "File name too long" "$renkei" check --lang en "$long/x.csv"

# two paths longer than 1023 bytes that differ only at their end: the text report names each
# in full (it used to cut both at 1023 bytes, so they printed the same)
lp=$tmp/lp
for i in 1 2 3 4 5 6; do lp="$lp/$seg"; done
mkdir -p "$lp" && printf 'x\r\n' >"$lp/a.csv" && printf 'x\r\n' >"$lp/b.csv"
out=$("$renkei" check --lang en --no-set "$lp/a.csv" "$lp/b.csv" 2>&1)
printf '%s' "$out" | grep -qF "$lp/a.csv: error" && printf '%s' "$out" | grep -qF "$lp/b.csv: error" \
  && ok || ko "long paths cut in the text report"

# Bounded findings: a conforming file followed by N empty lines gives one CSV-005 per line.
# Every rule is given at most 1000 times per file, the rest counted (CSV-014), so every
# format, the evidence bundle and -j 2 stay under 100 MiB of peak RSS (ASan build included)
# with reports of a few MB, for a million empty lines (2 MB) and ten million (20 MB).
if [ -x /usr/bin/time ]; then
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  valid=$(ls "$here"/corpus/careplan/4.1/valid/UPPLAN_*.CSV | head -1)
  name=$(basename "$valid")
  limit_kb=102400
  report_max=4000000
  "$renkei" keygen --out "$tmp/bound" >/dev/null 2>&1 || ko "bounded: keygen"
  for lines in 1000000 10000000; do
    d="$tmp/lines$lines"
    mkdir -p "$d"
    { cat "$valid"; head -c "$lines" /dev/zero | tr '\0' '\n' | sed 's/$/\r/'; } > "$d/$name"
    for fmt in text json sarif junit html; do
      out="$tmp/report.$fmt"
      kb=$(peak_kb "$renkei" check --format "$fmt" -o "$out" "$d/$name")
      size=$(stat -c %s "$out")
      if [ "${kb:-999999999}" -lt $limit_kb ] && [ "$size" -lt $report_max ]; then ok
      else ko "bounded-$fmt-$lines: peak RSS ${kb} KiB, report $size bytes"; fi
    done
    # exactly 1000 CSV-005 given, the rest counted in CSV-014
    "$renkei" check --lang en --format json -o "$tmp/report.json" "$d/$name"
    got=$(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); f=j['files'][0]['findings']; \
print(sum(x['rule']=='CSV-005' for x in f), [x['detail'] for x in f if x['rule']=='CSV-014'], \
j['summary']['errors'])" "$tmp/report.json")
    want="1000 ['$((lines - 1000))'] $lines"
    [ "$got" = "$want" ] && ok || ko "bounded-cap-$lines: got '$got', expected '$want'"
    rm -rf "$tmp/bundle"
    kb=$(peak_kb "$renkei" evidence --vendor V --product P --product-version 1 --office kyotaku \
      --key "$tmp/bound.key" --out "$tmp/bundle" "$d/$name")
    size=$(cat "$tmp/bundle/report.json" "$tmp/bundle/report.html" 2>/dev/null | wc -c)
    if [ "${kb:-999999999}" -lt $limit_kb ] && [ "$size" -gt 0 ] && [ "$size" -lt $report_max ]; then ok
    else ko "bounded-evidence-$lines: peak RSS ${kb} KiB, reports $size bytes"; fi
  done
  # -j 2 holds the findings of the files waiting their turn only
  cp "$tmp/lines10000000/$name" "$tmp/lines10000000/${name%20250325120000.CSV}20250325120001.CSV"
  kb=$(peak_kb "$renkei" check -j 2 --format sarif -o "$tmp/report.sarif" "$tmp/lines10000000")
  [ "${kb:-999999999}" -lt $limit_kb ] && ok || ko "bounded-j2: peak RSS ${kb} KiB"
  rm -rf "$tmp/lines1000000" "$tmp/lines10000000" "$tmp/bundle"
fi

# an archive of 10,000 members (the most it may hold: IO-003 above), named in CP932 as Japanese
# Windows stores them, all alike but for their kanji: every one read and checked, both members of a
# name stored twice IO-009, in bounded time: the archive is opened once, not once per
# member (that took over 15 minutes), and a name is found without decoding every other one
python3 - "$tmp/many.zip" "$(dirname "${BASH_SOURCE[0]}")/../cli/0012-upplan-valid" <<'EOF2'
import sys, os, zipfile, warnings
warnings.simplefilter('ignore')  # zipfile warns of the name written twice
d = sys.argv[2]
name = [n for n in os.listdir(d) if n.endswith('.CSV')][0]
data = open(os.path.join(d, name), 'rb').read()
kanji = '亜唖娃阿哀愛挨姶逢葵茜穐悪握渥旭'
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    for i in range(9999):
        folder = '第6表' + ''.join(kanji[(i >> (4 * j)) & 15] for j in range(4))
        raw = (folder + '/' + name).encode('cp932')
        z.writestr(zipfile.ZipInfo(raw.decode('cp437')), data)  # stored as raw CP932 bytes
    z.writestr(zipfile.ZipInfo(raw.decode('cp437')), data)      # the last name once more
EOF2
out=$(timeout 300 "$renkei" check --no-set --lang en --format json "$tmp/many.zip" 2>/dev/null)
rc=$?
got=$(printf '%s' "$out" | python3 -c "import json,sys; j=json.load(sys.stdin); \
  r=[x['rule'] for f in j['files'] for x in f['findings']]; \
  print(len(j['files']), sorted(set(r)), r.count('IO-009'), sum(1 for f in j['files'] if f['records'] == 0))" 2>&1)
[ "$rc" = 3 ] && [ "$got" = "10000 ['IO-009'] 2 2" ] && ok \
  || ko "many-members: exit $rc, files / rules / IO-009 / unread: $got"
rm -f "$tmp/many.zip"

# a report written to a full disk: detected, exit 4, never reported as success
if [ -w /dev/full ]; then
  printf '202407\r\n' > "$tmp/one.csv"
  for fmt in text json html; do
    expect "full-disk-$fmt" 4 "cannot write the report" "$renkei" check --lang en --format $fmt -o /dev/full "$tmp/one.csv"
  done
fi

finish
