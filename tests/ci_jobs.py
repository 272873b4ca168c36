#!/usr/bin/env python3
"""Prints, as bash scripts, the shell steps of the two CI jobs in README.md ("## In CI"), as
written, for tests/ci_jobs.sh to run: github.sh (every `run:` of the GitHub Actions job, in
order, each under `bash -eo pipefail` as Actions runs it) and gitlab.sh (before_script then
script, under `set -e`). The only edits are the ones a machine that is not the CI's needs, each
marked: `sudo apt-get install` of the .deb becomes `dpkg -x` into a scratch root (put first on
PATH), and /tmp/renkei... paths and `cmake --install`'s prefix move into the scratch directory.
usage: ci_jobs.py README.md OUTDIR"""
import re
import sys

import yaml

readme, outdir = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
section = text[text.index("## In CI"):]
blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
if len(blocks) != 2:
    sys.exit(f"ci_jobs.py: expected 2 yaml blocks under '## In CI', found {len(blocks)}")
github, gitlab = (yaml.safe_load(b) for b in blocks)

steps = github["jobs"]["renkei"]["steps"]
out = ["#!/usr/bin/env bash", "# the GitHub Actions job's run steps, from README.md"]
for i, step in enumerate(steps):
    if "run" not in step:
        continue
    run = step["run"]
    if step.get("id"):  # a step whose outputs a later `if:` reads
        out.append(f'export GITHUB_OUTPUT="$RUNNER_TEMP/output-{step["id"]}"')
    if step.get("if"):
        cond = re.match(r"steps\.(\w+)\.outputs\.(\w+) == '(\w+)'", step["if"])
        if not cond:
            sys.exit(f"ci_jobs.py: cannot evaluate if: {step['if']}")
        sid, key, want = cond.groups()
        run = (f'if grep -qx "{key}={want}" "$RUNNER_TEMP/output-{sid}"; then\n' + run + "\nfi")
    run = re.sub(r'^sudo apt-get install -y (.*\.deb)$',
                 r'dpkg -x \1 "$RUNNER_TEMP/root"  # CI: sudo apt-get install -y \1',
                 run, flags=re.M)
    out.append(f"echo '== step: {step.get('name', i)}'")
    out.append("bash --noprofile --norc -eo pipefail <<'STEP'\n" + run.rstrip() + "\nSTEP")
    out.append(f"echo \"step_exit={step.get('name', i)}:$?\"")
open(f"{outdir}/github.sh", "w").write("\n".join(out) + "\n")

job = gitlab["renkei"]
lines = ["#!/usr/bin/env bash", "# the GitLab CI job's before_script and script, from README.md",
         "set -e"]
for cmd in job["before_script"] + job["script"]:
    cmd = cmd.replace("/tmp/renkei", "$WORK/renkei")
    cmd = re.sub(r"^cmake --install (\S+)", r'cmake --install \1 --prefix "$WORK/prefix"', cmd)
    lines.append(cmd)
open(f"{outdir}/gitlab.sh", "w").write("\n".join(lines) + "\n")
