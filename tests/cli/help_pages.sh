#!/usr/bin/env bash
# The help pages and the man page: `renkei CMD --help`, `-h` and `renkei help CMD` print the same
# page and exit 0 for every command; each page lists the options that apply to that command and
# no other (the lists below are what each command takes, written down here, not read from the
# program); the man page renders with `man -l` (in C.UTF-8: it names the standards in Japanese)
# and names every command and option.
# The bash completion (from the same tables) offers the commands, each command's options and
# no other, and an option's choices.
# usage: help_pages.sh RENKEI RENKEI.1 RENKEI.BASH
set -u
renkei=$1
man_page=$2
completion=$3
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
rk_tmpdir

commands=(check roundtrip normalize sample specs rules evidence verify keygen)
# option -> the commands it applies to
declare -A applies=(
  [--help]="${commands[*]}" [--lang]="${commands[*]}"
  [--format]="check roundtrip normalize verify" [--output]="check roundtrip normalize specs rules"
  [--encoding]="check roundtrip normalize evidence" [--profile]="check roundtrip normalize evidence"
  [--layout]="check roundtrip normalize evidence sample"
  [--spec-version]="check roundtrip normalize evidence sample"
  [--family]="check roundtrip normalize evidence"
  [--specs]="check roundtrip normalize evidence sample specs"
  [--max-findings]="check roundtrip normalize evidence" [--max-field-bytes]="check roundtrip normalize evidence"
  [--max-fields]="check roundtrip normalize evidence" [--max-quoted-lines]="check roundtrip normalize evidence"
  [--jobs]="check evidence" [--office]="check evidence" [--direction]="check evidence"
  [--no-set]="check" [--send]="sample" [--users]="sample" [--month]="sample" [--seed]="sample"
  [--out]="sample evidence keygen specs" [--version]="specs" [--vendor]="evidence" [--product]="evidence"
  [--product-version]="evidence" [--key]="evidence" [--pubkey]="verify" [--roundtrip]="evidence"
  [--without-inputs]="evidence"
  [--fail-on]="check roundtrip normalize" [--only]="check roundtrip normalize" [--name]="check" [--chars]="sample" [--to]="normalize"
)

"$renkei" --help >"$tmp/global" && ok || ko "renkei --help exits $?"
"$renkei" help >"$tmp/global2" && cmp -s "$tmp/global" "$tmp/global2" && ok || ko "renkei help differs from --help"
listed=$("$renkei" help --lang en | awk '/^commands:/{f=1;next} /^$/{f=0} f{print $1}' | tr '\n' ' ')
[ "$listed" = "${commands[*]} " ] && ok || ko "renkei help lists '$listed'"

for c in "${commands[@]}"; do
  "$renkei" "$c" --help >"$tmp/$c" 2>"$tmp/err"; rc=$?
  [ $rc = 0 ] && [ -s "$tmp/$c" ] && ok || ko "$c --help: exit $rc: $(head -2 "$tmp/err")"
  "$renkei" "$c" -h >"$tmp/$c-h" && cmp -s "$tmp/$c" "$tmp/$c-h" && ok || ko "$c -h differs from --help"
  "$renkei" help "$c" >"$tmp/$c-help" && cmp -s "$tmp/$c" "$tmp/$c-help" && ok || ko "help $c differs"
  "$renkei" "$c" --lang en --help >"$tmp/$c-en"
  grep -q "^usage: renkei $c " "$tmp/$c-en" && grep -q '^examples:' "$tmp/$c-en" \
    && [ "$(grep -cE "^  renkei $c( |$)" "$tmp/$c-en")" = 2 ] && grep -q '^exit codes:' "$tmp/$c-en" \
    && ok || ko "$c --help lacks usage, two examples or exit codes"
  grep -q '^使い方: ' "$tmp/$c" && ok || ko "$c --help is not Japanese by default"
  for o in "${!applies[@]}"; do
    shown=$(grep -cE "^  (-., )?$o( |$)" "$tmp/$c-en")
    case " ${applies[$o]} " in
      *" $c "*) [ "$shown" = 1 ] && ok || ko "$c --help does not list $o" ;;
      *) [ "$shown" = 0 ] && ok || ko "$c --help lists $o, which does not apply to $c" ;;
    esac
  done
  total=$(grep -cE '^  (-., )?--[a-z]' "$tmp/$c-en")
  want=0
  for o in "${!applies[@]}"; do case " ${applies[$o]} " in *" $c "*) want=$((want + 1)) ;; esac; done
  [ "$total" = "$want" ] && ok || ko "$c --help lists $total options, want $want"
done

# an option given to a command it does not apply to is a usage error naming the command
for o in "${!applies[@]}"; do
  for c in "${commands[@]}"; do
    case " ${applies[$o]} " in *" $c "*) continue ;; esac
    err=$("$renkei" "$c" --lang en "$o" x y 2>&1 >/dev/null); rc=$?
    [ $rc = 2 ] && [[ $err == *"option $o does not apply to '$c'"* ]] && ok \
      || ko "$c $o: exit $rc: $err"
    break
  done
done

# the man page
grep -q '^\.TH RENKEI 1' "$man_page" && ok || ko "$man_page has no .TH"
for c in "${commands[@]}"; do grep -q "^\.SS \"renkei $c\"" "$man_page" && ok || ko "man page lacks $c"; done
for o in "${!applies[@]}"; do
  roff=${o//-/\\-}
  grep -qF -- "\\fB$roff\\fR" "$man_page" && ok || ko "man page lacks $o"
done
if command -v man >/dev/null; then
  out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$man_page" 2>"$tmp/manerr" | col -b 2>/dev/null || true)
  [[ $out == *"renkei check"* && $out == *"--max-quoted-lines"* && $out == *"EXIT STATUS"* ]] \
    && [ ! -s "$tmp/manerr" ] && ok || ko "man -l does not render $man_page: $(head -3 "$tmp/manerr")"
else
  echo "help_pages: man not installed; the man page was not rendered"
fi

# bash completion: what it offers for a command line (the word being completed last)
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _renkei; echo "${COMPREPLY[*]}"' \
    _ "$completion" "$@"
}
[ "$(complete_words renkei ch)" = check ] && ok || ko "completion of 'renkei ch': $(complete_words renkei ch)"
[ "$(complete_words renkei check --fo)" = --format ] && ok || ko "completion of --fo"
[ "$(complete_words renkei sample --us)" = --users ] && ok || ko "completion of sample --us"
[ -z "$(complete_words renkei check --us)" ] && ok || ko "check offers --users"
[ "$(complete_words renkei check --format j)" = "json junit" ] && ok || ko "completion of --format j"
[ "$(complete_words renkei help ke)" = keygen ] && ok || ko "completion of help ke"
finish
