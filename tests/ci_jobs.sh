#!/usr/bin/env bash
# README's two CI jobs, their shell steps run as written (tests/ci_jobs.py takes them from
# README.md): renkei cloned from this repository (RENKEI_GIT, its committed HEAD), built,
# packaged and installed as the job says, then run on exports/ = samples/broken-export (a
# product whose export has findings). The GitHub job must upload a SARIF 2.1.0 report with
# results and fail on findings in its last step; the GitLab job must fail (exit 1) and leave a
# JUnit report with failures for the artifact.
# usage: tests/ci_jobs.sh
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$src/tests/lib.sh"
rk_tmpdir
python3 "$src/tests/ci_jobs.py" "$src/README.md" "$tmp" && ok || { ko "README's CI jobs"; finish; }
export RENKEI_GIT="file://$src"

# GitHub Actions
export RUNNER_TEMP=$tmp/runner
mkdir -p "$RUNNER_TEMP/root" "$tmp/gh/exports"
cp "$src"/samples/broken-export/* "$tmp/gh/exports/"
(cd "$tmp/gh" && PATH="$RUNNER_TEMP/root/usr/bin:$PATH" LD_LIBRARY_PATH="$RUNNER_TEMP/root/usr/lib" \
  bash "$tmp/github.sh") >"$tmp/gh.log" 2>&1
grep -q '^step_exit=Build and install renkei (.deb):0$' "$tmp/gh.log" && [ -x "$RUNNER_TEMP/root/usr/bin/renkei" ] \
  && ok || ko "GitHub job: build and install: $(tail -5 "$tmp/gh.log")"
grep -q '^step_exit=Check the exports:0$' "$tmp/gh.log" && grep -qx 'exit=1' "$RUNNER_TEMP/output-renkei" \
  && ok || ko "GitHub job: the check step: $(grep step_exit "$tmp/gh.log")"
python3 - "$tmp/gh/renkei.sarif" <<'PY' && ok || ko "GitHub job: renkei.sarif is not SARIF 2.1.0 with results"
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
assert s["version"] == "2.1.0" and s["runs"][0]["results"], s.get("version")
PY
grep -q '^step_exit=Fail on findings:1$' "$tmp/gh.log" && ok || ko "GitHub job: findings did not fail the job"

# GitLab CI
export WORK=$tmp/gl
mkdir -p "$WORK/exports"
cp "$src"/samples/broken-export/* "$WORK/exports/"
(cd "$WORK" && PATH="$WORK/prefix/bin:$PATH" bash "$tmp/gitlab.sh") >"$tmp/gl.log" 2>&1
rc=$?
[ $rc = 1 ] && [ -x "$WORK/prefix/bin/renkei" ] && ok || ko "GitLab job: exit $rc, want 1: $(tail -5 "$tmp/gl.log")"
python3 - "$WORK/renkei-junit.xml" <<'PY' && ok || ko "GitLab job: renkei-junit.xml has no failures"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.iter("failure").__next__() is not None
PY
finish
