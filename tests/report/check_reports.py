#!/usr/bin/env python3
"""Checks every report format against what it promises, from the same runs of the CLI.

usage: check_reports.py RENKEI SOURCE_DIR OUT_DIR

Runs `renkei check` over a few invalid corpus cases, a file whose name and bytes are hostile
to XML/HTML, and corpus/careplan/4.1/valid (a directory: send sets run, once with --office),
in every format, and checks:
  json   valid against schemas/renkei.report.schema.json (JSON Schema 2020-12);
  sarif  valid against the OASIS SARIF 2.1.0 schema (tests/report/sarif-schema-2.1.0.json),
         one result per JSON finding with the same rule, level, path and line;
  junit  well-formed XML; tests/failures attributes match the testcases; one testsuite per
         file, failures list exactly the file's error findings;
  html   one class="finding" per finding, id="summary" before the details, a verdict per
         file, no script and no external reference, values escaped;
and that output is deterministic (twice, and -j 2, give the same bytes) and carries a
timestamp only when SOURCE_DATE_EPOCH is set. Needs python3-jsonschema (Debian).
"""
import html.parser
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import jsonschema

RENKEI, SRC, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(OUT, exist_ok=True)
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL", msg)


def run(args, env_extra=None):
    env = dict(os.environ, LC_ALL="C")
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update(env_extra or {})
    p = subprocess.run([RENKEI, "check"] + args, capture_output=True, env=env)
    if p.returncode not in (0, 1, 3):
        fail(f"renkei {' '.join(args)}: exit {p.returncode}: {p.stderr.decode(errors='replace')}")
    return p.stdout


corpus = os.path.join(SRC, "corpus")
invalid = [
    os.path.join(corpus, "careplan/4.1/invalid", d, f)
    for d in ("FLD-009-minute-60", "NAME-007-txt-extension", "REC-001-short-record",
              "FLD-025-subtotal-units", "FLD-017-unquoted-planner")
    for f in sorted(os.listdir(os.path.join(corpus, "careplan/4.1/invalid", d)))
    if not f.endswith(".expect")
]
invalid += [os.path.join(corpus, "reader/invalid", f)
            for f in ("ENC-001-byte-0x80.CSV", "CSV-003-undoubled-quote.CSV",
                      "ENC-011-control-0x01.CSV")]

# A file whose name and content try to break out of XML and HTML.
hostile_dir = tempfile.mkdtemp(prefix="renkei-report-")
hostile = os.path.join(hostile_dir, "UPPLAN_<b>&\"x'_]]><script>\x01.CSV")
with open(hostile, "wb") as fh:
    fh.write(b"<script>alert(1)</script>,\"a\"b\",]]>&amp;,\x01\x7f,\xff\xfe\r\n")

valid = os.path.join(corpus, "careplan/4.1/valid")
runs = {
    "invalid": ["--no-set"] + invalid + [hostile],
    "valid": [valid],
    "office": ["--office", "kyotaku", valid],
}


def load_json(data, what):
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        fail(f"{what}: not JSON: {e}")
        return None


with open(os.path.join(SRC, "schemas/renkei.report.schema.json"), encoding="utf-8") as fh:
    report_schema = json.load(fh)
jsonschema.Draft202012Validator.check_schema(report_schema)
report_validator = jsonschema.Draft202012Validator(report_schema)

sarif_schema_path = os.path.join(SRC, "tests/report/sarif-schema-2.1.0.json")
with open(sarif_schema_path, encoding="utf-8") as fh:
    sarif_schema = json.load(fh)
jsonschema.Draft4Validator.check_schema(sarif_schema)
sarif_validator = jsonschema.Draft4Validator(sarif_schema)


def all_findings(rep):
    """(section name, finding) in document order; a set finding names its own path."""
    for f in rep["files"]:
        for x in f["findings"]:
            yield f["path"], x
    for s in rep.get("sends", []):
        for x in s["findings"]:
            yield x["path"], x
    if "profile" in rep:
        for x in rep["profile"]["findings"]:
            yield x["path"], x


def check_json(name, rep):
    errs = sorted(report_validator.iter_errors(rep), key=lambda e: list(e.path))
    for e in errs[:5]:
        fail(f"{name}.json: schema: {'/'.join(map(str, e.path))}: {e.message}")
    # the schema must also reject what report_json.c never writes
    bad = json.loads(json.dumps(rep))
    bad["files"][0]["unexpected"] = 1
    if report_validator.is_valid(bad):
        fail("report schema accepts an unknown member")


def check_sarif(name, sarif, rep):
    errs = sorted(sarif_validator.iter_errors(sarif), key=lambda e: list(e.path))
    for e in errs[:5]:
        fail(f"{name}.sarif: SARIF 2.1.0 schema: {'/'.join(map(str, e.path))}: {e.message}")
    run_ = sarif["runs"][0]
    driver = run_["tool"]["driver"]
    if driver["name"] != "renkei" or sarif["version"] != "2.1.0":
        fail(f"{name}.sarif: driver or version")
    ids = [r["id"] for r in driver["rules"]]
    results = run_["results"]
    expected = list(all_findings(rep))
    if len(results) != len(expected):
        fail(f"{name}.sarif: {len(results)} results, JSON has {len(expected)} findings")
    level = {"error": "error", "warning": "warning", "info": "note"}
    for res, (path, f) in zip(results, expected):
        loc = res["locations"][0]["physicalLocation"]
        if res["ruleId"] != f["rule"] or ids[res["ruleIndex"]] != f["rule"]:
            fail(f"{name}.sarif: rule {res['ruleId']} vs {f['rule']}")
        if res["level"] != level[f["severity"]] or res["message"]["text"] != f["message"]:
            fail(f"{name}.sarif: level or message of {f['rule']}")
        if f["line"] and loc.get("region", {}).get("startLine") != f["line"]:
            fail(f"{name}.sarif: startLine of {f['rule']}")
        if not f["line"] and "region" in loc:
            fail(f"{name}.sarif: region without a line for {f['rule']}")
        uri = loc["artifactLocation"]["uri"]
        if any(c in uri for c in "<>\"' &") or ("\\x" not in path and "%" not in uri
                                                  and uri != path):
            fail(f"{name}.sarif: uri {uri!r} for {path!r}")


def check_junit(name, data, rep):
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        fail(f"{name}.xml: not well-formed: {e}")
        return
    total_tests = total_fail = 0
    suites = root.findall("testsuite")
    for s in suites:
        cases = s.findall("testcase")
        nfail = sum(1 for c in cases if c.find("failure") is not None)
        if int(s.get("tests")) != len(cases) or int(s.get("failures")) != nfail:
            fail(f"{name}.xml: suite {s.get('name')!r}: counts {s.get('tests')}/"
                 f"{s.get('failures')} vs {len(cases)}/{nfail}")
        total_tests += len(cases)
        total_fail += nfail
    if int(root.get("tests")) != total_tests or int(root.get("failures")) != total_fail:
        fail(f"{name}.xml: root counts")
    file_suites = [s for s in suites if s.get("name") != "sends"]
    if [s.get("name") for s in file_suites] != [f["path"] for f in rep["files"]]:
        fail(f"{name}.xml: one testsuite per file, in input order")
    for s, f in zip(file_suites, rep["files"]):
        lines = [ln for c in s.findall("testcase") for x in c.findall("failure")
                 for ln in (x.text or "").splitlines()]
        want = sum(1 for x in f["findings"] if x["severity"] == "error")
        if len(lines) != want:
            fail(f"{name}.xml: {f['path']}: {len(lines)} failure lines, {want} errors")
        names = {c.get("name").split(" ")[0] for c in s.findall("testcase")}
        if not {"ENC-001", "CSV-001", "NAME-001", "REC-001", "FLD-001"} <= names:
            fail(f"{name}.xml: {f['path']}: a rule that ran has no testcase")
    if ("sends" in rep) != any(s.get("name") == "sends" for s in suites):
        fail(f"{name}.xml: testsuite 'sends' iff set checks ran")
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    for s in rep.get("sends", []):
        v = props.get(f"send.{s['order']}")
        if s.get("serial") and (v is None or route(s) not in v):
            fail(f"{name}.xml: send {s['order']}: property {v!r} lacks {route(s)!r}")


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.findings, self.bad, self.verdicts = [], 0, [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if "finding" in (a.get("class") or "").split():
            self.findings += 1
        if tag in ("script", "iframe", "object", "embed", "img", "link"):
            self.bad.append(tag)
        for k in ("href", "src"):
            if k in a and not a[k].startswith("#"):
                self.bad.append(f"{tag} {k}={a[k]}")

    def handle_data(self, data):
        if data.strip() in ("適合", "不適合", "読めない"):
            self.verdicts += 1


def check_html(name, data, rep):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(f"{name}.html: not UTF-8: {e}")
        return
    p = Page()
    p.feed(text)
    want = len(list(all_findings(rep)))
    if p.findings != want:
        fail(f"{name}.html: {p.findings} class=finding, JSON has {want} findings")
    if "summary" not in p.ids or "findings" not in p.ids or \
            p.ids.index("summary") > p.ids.index("findings"):
        fail(f"{name}.html: summary must come before the findings")
    if p.bad:
        fail(f"{name}.html: external or active content: {p.bad[:3]}")
    if p.verdicts < len(rep["files"]) + 1:
        fail(f"{name}.html: {p.verdicts} verdicts for {len(rep['files'])} files")
    if "@page" not in text or "A4" not in text:
        fail(f"{name}.html: no A4 print style")
    if any(ch in text for ch in "\x01\x7f\ufffd") or "<script>alert" in text:
        fail(f"{name}.html: an input value was not escaped")
    if "sends" in rep and "仕様どおり" not in text and "仕様外" not in text:
        fail(f"{name}.html: no verdict per send")
    plain = html.unescape(text)
    for s in rep.get("sends", []):
        if s.get("serial") and route(s) not in plain:
            fail(f"{name}.html: send {s['order']}: no route {route(s)!r}")


def route(send):
    """A send's route as every report writes it (the JSON keeps its parts apart)."""
    return (f"{send['from']}({send['from_service']}) -> "
            f"{send['to']}({send['to_service']})")


SDE = {"SOURCE_DATE_EPOCH": "1742900000"}
for name, args in runs.items():
    outs = {}
    for fmt in ("json", "sarif", "junit", "html"):
        data = run(["--format", fmt] + args, SDE)
        ext = {"junit": "xml"}.get(fmt, fmt)
        with open(os.path.join(OUT, f"{name}.{ext}"), "wb") as fh:
            fh.write(data)
        outs[fmt] = data
        if run(["--format", fmt] + args, SDE) != data:
            fail(f"{name}.{fmt}: two runs differ")
        if run(["--format", fmt, "-j", "2"] + args, SDE) != data:
            fail(f"{name}.{fmt}: -j 2 differs from -j 1")
        plain = run(["--format", fmt] + args)
        if fmt == "junit" and (b"timestamp=" not in data or b"timestamp=" in plain):
            fail(f"{name}.xml: timestamp only with SOURCE_DATE_EPOCH")
        if fmt == "sarif" and (b"2025-03-25T10:53:20Z" not in data or b"endTimeUtc" in plain):
            fail(f"{name}.sarif: endTimeUtc only with SOURCE_DATE_EPOCH")
        if fmt == "html" and (b"2025-03-25T10:53:20Z" not in data or b"2025-" in plain):
            fail(f"{name}.html: timestamp only with SOURCE_DATE_EPOCH")
    rep = load_json(outs["json"], name)
    sarif = load_json(outs["sarif"], name + ".sarif")
    if rep is None or sarif is None:
        continue
    check_json(name, rep)
    check_sarif(name, sarif, rep)
    check_junit(name, outs["junit"], rep)
    check_html(name, outs["html"], rep)
    if name == "invalid" and not any(x["severity"] == "error" for _, x in all_findings(rep)):
        fail("invalid: no error findings")
    if name == "office" and "profile" not in rep:
        fail("office: no profile section")

en = run(["--format", "html", "--lang", "en"] + runs["invalid"])
if "指摘の詳細".encode() not in en or b"invalid time" not in en:
    fail("html --lang en: Japanese headings with English titles")

for f in os.listdir(hostile_dir):
    os.unlink(os.path.join(hostile_dir, f))
os.rmdir(hostile_dir)
print(f"report formats: {len(runs)} runs x 4 formats checked, {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
