#!/usr/bin/env python3
"""Writes benchmark input for renkei: care-plan 4.1 files (MS932, CRLF), deterministic per seed.

  gen_upplan.py --mb 200 OUTDIR             one 第6表 予定 (UPPLAN) file of about 200 MB
  gen_upplan.py --mb 200 --errors OUTDIR    the same, every record carrying at least one finding
  gen_upplan.py --sends 10000 OUTDIR        10,000 small conforming slip sends
                                            (UPPLAN + UPSIKYU + UPHOSOKU, one serial, 2 users)

The UPPLAN file is named by the standard:
UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV inside OUTDIR.
Only the Python standard library is used.
"""

import argparse
import os
import random
import sys

CSV_VERSION = "202407"
MONTH = "202504"          # service month: April 2025, 30 days
DAYS = 30
CREATED = "20250325"      # 作成年月日
FROM_OFFICE, FROM_TYPE = "1312345678", "43"   # 居宅介護支援 (sender)
TO_OFFICE, TO_TYPE = "1312300001", "11"       # 訪問介護 (receiver)
SERIAL = "20250325120000"
CRLF = "\r\n"

INSURERS = ["131011", "131024", "131032", "131041", "132019", "011015", "271004"]
SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
            "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水"]
GIVEN = ["花子", "太郎", "一郎", "幸子", "和子", "正男", "美智子", "健二", "節子", "茂",
         "久美子", "博", "洋子", "清", "恵子", "勇"]
KANA_SUR = ["サトウ", "スズキ", "タカハシ", "タナカ", "イトウ", "ワタナベ", "ヤマモト", "ナカムラ"]
KANA_GIVEN = ["ハナコ", "タロウ", "イチロウ", "サチコ", "カズコ", "マサオ", "ミチコ", "ケンジ"]
TOWNS = ["東京都新宿区西新宿二丁目８番１号", "東京都新宿区高田馬場一丁目１番地",
         "東京都中野区中央四丁目５番６号", "東京都杉並区阿佐谷南一丁目１５番１号"]

# (service type, office number, office name, [(code, units, timed)])
SERVICES = [
    ("11", TO_OFFICE, "ヘルパーステーションさくら",
     [("111211", 387, True), ("111111", 244, True), ("112111", 179, True), ("116275", 0, False)]),
    ("13", "1312300004", "訪問看護ステーション青空", [("131111", 821, True), ("131211", 571, True)]),
    ("15", "1312300003", "デイサービスひまわり（サテライト）", [("151311", 658, True)]),
    ("17", "1312300002", "福祉用具レンタル株式会社　新宿営業所", [("171001", 700, False),
                                                           ("171006", 1000, False)]),
    ("21", "1312300005", "特別養護老人ホーム　若葉苑（短期入所）", [("211211", 704, False)]),
    ("78", "1312300006", "地域密着型デイ「こもれび」", [("781111", 416, True)]),
]
TOOLS = ['車いす ""自走式""　ＡＢ－１２３', '特殊寝台（３モーター）',
         '手すり ""据置型""\r\n設置場所：玄関・廊下', '歩行器\r\n（四輪・折りたたみ）',
         'スロープ　ＳＬ－２００']
TIMES = [("0900", "0945"), ("1000", "1045"), ("1330", "1430"), ("0930", "1630"), ("1800", "1830")]


def q(text):
    """Free text is always quoted; inner quotes are already doubled in the tables above."""
    return '"' + text + '"'


def daymap(rng):
    """日割対象日: 31 characters of 0/1, days beyond the month 0."""
    start = rng.randint(1, 10)
    return "0" * (start - 1) + "1" * (DAYS - start + 1) + "0" * (31 - DAYS)


def person(rng):
    i = rng.randrange(len(SURNAMES))
    return SURNAMES[i] + "　" + rng.choice(GIVEN)


def insured_no(rng, n):
    if rng.random() < 0.03:
        return "H%09d" % (n % 10**9)
    return "%010d" % (n % 10**10)


# ---------------------------------------------------------------- 第6表 UPPLAN

def plan_rows(rng, insurer, insured, planner, plan):
    """One user's 第6表 records; plan is [(type, office, name, code, units, timed, dates, tool)]."""
    out = []
    head = ",".join([CSV_VERSION, insurer, insured, CREATED, MONTH, FROM_OFFICE, q(planner)])
    for (typ, office, oname, code, units, timed, dates, tool, detail) in plan:
        for day in dates:
            if typ == "17":
                t0, t1, dm = "9999", "9999", daymap(rng)
                tais, notify = tool[1], tool[2]
                tname = tool[0]
            else:
                t0, t1 = rng.choice(TIMES) if timed else ("9999", "9999")
                dm, tais, notify, tname = "", "", "", ""
            short = "0" if typ == "21" else ""
            satellite = "1" if "サテライト" in oname else ""
            over30 = "0"
            out.append(",".join([
                head, str(units), short, "%s%02d" % (MONTH, day), dm, t0, t1, "1", code,
                tais, notify, q(tname), detail, office, q(oname), satellite, over30,
                FROM_OFFICE, ""]))
    return out


def user_plan(rng, n_items):
    """Picks services for a user; always at least one line of the receiving office (11)."""
    plan = []
    types = [SERVICES[0]] + rng.sample(SERVICES[1:], n_items)
    for (typ, office, oname, codes) in types:
        if typ == "17":
            k = rng.randint(1, 2)
            code, units, _ = codes[0]
            for i in range(k):  # distinct items, same code and units: 明細判別コード 1..k
                tool = (rng.choice(TOOLS), "00001-%06d" % rng.randint(1, 99999) if i == 0 else "",
                        "" if i == 0 else "T%011d" % rng.randint(1, 10**9))
                plan.append((typ, office, oname, code, units, False, [1], tool,
                             str(i + 1) if k > 1 else ""))
            continue
        used = [codes[0]]
        if len(codes) > 1 and rng.random() < 0.5:
            used.append(rng.choice(codes[1:]))
        for (code, units, timed) in used:
            if typ == "21":
                dates = list(range(rng.randint(5, 15), rng.randint(16, 26)))
            elif units == 0:
                dates = [1]
            else:
                step = rng.choice([3, 4, 7])
                dates = list(range(rng.randint(1, step), DAYS + 1, step))
            plan.append((typ, office, oname, code, units, timed, dates, None, ""))
    return plan


ERRORS = [
    lambda f: f.__setitem__(11, "2400"),            # FLD-009 サービス開始時刻
    lambda f: f.__setitem__(1, f[1][:5]),           # FLD-004 保険者番号 5 digits
    lambda f: f.__setitem__(12, "1260"),            # FLD-009 サービス終了時刻
    lambda f: f.__setitem__(9, MONTH + "31"),       # FLD-007 2025-04-31
    lambda f: f.__setitem__(22, "2"),               # FLD-010 ３０日超区分
]


def break_row(rng, line):
    """Gives the record one finding; quoted fields contain no comma, so split is safe."""
    f = line.split(",")
    rng.choice(ERRORS)(f)
    return ",".join(f)


def write_upplan(path, mb, seed, errors):
    rng = random.Random(seed)
    target = int(mb * 1024 * 1024)
    written = 0
    n = 0
    planners = [person(rng) for _ in range(40)]
    with open(path, "wb") as out:
        while written < target:
            chunk = []
            for _ in range(200):
                n += 1
                rows = plan_rows(rng, rng.choice(INSURERS), insured_no(rng, 100000 + n * 7),
                                 rng.choice(planners), user_plan(rng, rng.randint(1, 3)))
                if errors:
                    rows = [break_row(rng, r) for r in rows]
                chunk.extend(rows)
            data = (CRLF.join(chunk) + CRLF).encode("cp932")
            if written + len(data) > target:  # trim to whole records near the target
                cut = data.rfind(b"\r\n", 0, max(target - written, 2))
                while cut > 0 and data.count(b'"', 0, cut) % 2:
                    cut = data.rfind(b"\r\n", 0, cut)
                data = data[:cut + 2] if cut > 0 else data
                out.write(data)
                written += len(data)
                break
            out.write(data)
            written += len(data)
    return written


# ---------------------------------------------------------------- slip sends

def table7_rows(insurer, insured, plan):
    """第7表: detail rows, an xxAAAA subtotal where a type has several codes, 999999 total."""
    head = ",".join([CSV_VERSION, insurer, insured, CREATED, MONTH])
    tail = ["0", "9999999999", "", FROM_OFFICE, ""]
    rows = []
    groups = {}
    for (typ, office, oname, code, units, timed, dates, tool, detail) in plan:
        groups.setdefault((typ, office, oname), []).append((code, units, len(dates), tool))
    price = {"11": "11.40", "13": "11.40", "15": "10.90", "17": "11.05", "21": "10.84",
             "78": "10.90"}
    total = [0] * 6  # units, cost, claim, burden (+ count unused)
    for (typ, office, oname), lines in groups.items():
        several = len({c for (c, _, _, _) in lines}) > 1
        tsum = sum(u * k for (_, u, k, _) in lines)
        tcount = sum(k for (_, _, k, _) in lines)
        cost = int(tsum * float(price[typ]) + 1e-9)
        claim = int(cost * 90 / 100)
        burden = cost - claim
        sums = [str(tsum), str(tsum), "", str(tsum), "", str(tsum), price[typ], str(cost), "90",
                str(claim), "", str(burden), "0"]
        for (code, units, k, tool) in lines:
            tname, tais, notify = tool if tool else ("", "", "")
            amount = str(units * k)
            if several:
                body = [amount, amount] + [""] * 11
            else:
                body = [amount, amount, "", amount, "", amount, price[typ],
                        str(int(units * k * float(price[typ]) + 1e-9))]
                c = int(body[-1])
                body += ["90", str(int(c * 90 / 100)), "", str(c - int(c * 90 / 100)), "0"]
            rows.append(",".join([head, q(oname), office, "", code, tais, notify, q(tname),
                                  str(units), "", "", str(k)] + body +
                                 (["0", str(k), str(k)] if typ == "21" else ["", "", ""]) + tail))
        if several:
            rows.append(",".join([head, q(oname), office, "", typ + "AAAA", "", "", '""', "0",
                                  "", "", str(tcount)] + sums + ["", "", ""] + tail))
        if not several and len(lines) > 1:  # lone code on several rows: sums from the rows
            cost = sum(int(u * k * float(price[typ]) + 1e-9) for (_, u, k, _) in lines)
            claim = sum(int(int(u * k * float(price[typ]) + 1e-9) * 90 / 100)
                        for (_, u, k, _) in lines)
            burden = cost - claim
        total[0] += tsum
        total[1] += cost
        total[2] += claim
        total[3] += burden
    u, cost, claim, burden = total[0], total[1], total[2], total[3]
    rows.append(",".join([head, '""', "9999999999", "", "999999", "", "", '""', "0", "", "",
                          "0", str(u), str(u), "0", str(u), "0", str(u), "", str(cost), "",
                          str(claim), "", str(burden), "0", "", "", ""] + tail))
    return rows


def hosoku_row(rng, insurer, insured, plan):
    """利用者補足情報 sent with 第6表/第7表: No.4 = 00000000, No.63 = the month."""
    kana = rng.choice(KANA_SUR) + "　" + rng.choice(KANA_GIVEN)
    level = rng.choice(["21", "22", "23", "24", "25"])
    limit = {"21": 16765, "22": 19705, "23": 27048, "24": 30938, "25": 36217}[level]
    per_type = {}
    for (typ, _, _, _, units, _, dates, _, _) in plan:
        per_type[typ] = per_type.get(typ, 0) + units * len(dates)
    slots = []
    for typ, s in list(per_type.items())[:9]:
        slots += [typ, str(limit), str(s), "0"]
    slots += [""] * (36 - len(slots))
    f = [CSV_VERSION, insurer, insured, "00000000", q(kana), q(person(rng)),
         rng.choice("12"), "19%02d%02d%02d" % (rng.randint(25, 50), rng.randint(1, 12),
                                              rng.randint(1, 28)),
         "160-%04d" % rng.randint(1, 9999), q(rng.choice(TOWNS)), '""',
         "03-%04d-%04d" % (rng.randint(1000, 9999), rng.randint(0, 9999)),
         "20250301", "20250301", "20260228", "2", "20250301", level, str(limit)] + slots + \
        ["0", "", "", level, FROM_OFFICE, FROM_OFFICE, "", MONTH]
    assert len(f) == 63, len(f)
    return ",".join(f)


def write_sends(outdir, count, seed):
    rng = random.Random(seed)
    os.makedirs(outdir, exist_ok=True)
    base = 12 * 3600  # serials 2025-03-25 12:00:00 + i seconds, rolling over days
    for i in range(count):
        t = base + i
        day, rest = divmod(t, 86400)
        serial = "202503%02d%02d%02d%02d" % (25 + day % 4, rest // 3600, rest // 60 % 60,
                                             rest % 60)
        if day >= 4:
            raise SystemExit("gen_upplan: at most about 300,000 sends")
        plan6, plan7, hosoku = [], [], []
        for u in range(2):
            insurer = rng.choice(INSURERS)
            insured = "%010d" % (i * 2 + u + 1)
            plan = user_plan(rng, rng.randint(1, 2))
            planner = person(rng)
            plan6 += plan_rows(rng, insurer, insured, planner, plan)
            plan7 += table7_rows(insurer, insured, plan)
            hosoku.append(hosoku_row(rng, insurer, insured, plan))
        names = "%s_" + MONTH + "_%s_%s_%s_%s_%s.CSV"
        for layout, rows in (("UPPLAN", plan6), ("UPSIKYU", plan7), ("UPHOSOKU", hosoku)):
            name = names % (layout, FROM_OFFICE, FROM_TYPE, TO_OFFICE, TO_TYPE, serial)
            with open(os.path.join(outdir, name), "wb") as out:
                out.write((CRLF.join(rows) + CRLF).encode("cp932"))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("outdir", help="directory to write into (created if missing)")
    p.add_argument("--mb", type=float, help="size of the UPPLAN file in MB (MiB)")
    p.add_argument("--errors", action="store_true", help="every record carries a finding")
    p.add_argument("--sends", type=int, metavar="N", help="write N slip sends instead")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    a = p.parse_args()
    if (a.mb is None) == (a.sends is None):
        p.error("give exactly one of --mb and --sends")
    if a.sends is not None:
        write_sends(a.outdir, a.sends, a.seed)
        print("gen_upplan: %d sends in %s" % (a.sends, a.outdir))
        return 0
    os.makedirs(a.outdir, exist_ok=True)
    path = os.path.join(a.outdir, "UPPLAN_%s_%s_%s_%s_%s_%s.CSV" % (
        MONTH, FROM_OFFICE, FROM_TYPE, TO_OFFICE, TO_TYPE, SERIAL))
    n = write_upplan(path, a.mb, a.seed, a.errors)
    print("gen_upplan: %s (%d bytes)" % (path, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
