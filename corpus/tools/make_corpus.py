#!/usr/bin/env python3
"""make_corpus.py - writes the renkei conformance corpus (standard library only).

Usage: python3 corpus/tools/make_corpus.py        (from anywhere; writes under corpus/)

Inputs are authored here from the facts of the spec tables (specs/careplan/<version>/*.tsv) and
the conventions of corpus/README.md. Every .expect is computed from how the bytes were built:
the serializer below records the physical line and the 1-based column (characters after
decoding) of every record and field it writes, and each invalid case names the fields it
broke. Nothing here runs renkei.

Output (everything below is deleted and rewritten on each run):
  corpus/careplan/4.1/valid/      corpus/careplan/4.1/invalid/<RULE-ID>-<slug>/<file>
  corpus/careplan/3.2/valid/      corpus/careplan/3.2/invalid/<RULE-ID>-<slug>/<file>
  corpus/reader/invalid/<RULE-ID>-<slug>.CSV
"""
import calendar
import csv
import io
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.dirname(HERE)
SPECS = os.path.join(os.path.dirname(CORPUS), "specs", "careplan")
CRLF = "\r\n"

V41 = "4.1"
V32 = "3.2"
CSVVER = {V41: "202407", V32: "202208"}

# ---------------------------------------------------------------------------------------------
# spec tables (read only for item types: which items are free text and must be quoted, and
# for the self-check that the valid files use every code value)


def load_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


ITEMS = {}


def items(ver, layout):
    key = (ver, layout)
    if key not in ITEMS:
        ITEMS[key] = load_tsv(os.path.join(SPECS, ver, layout + ".tsv"))
    return ITEMS[key]


def codes(ver):
    out = {}
    for row in load_tsv(os.path.join(SPECS, ver, "codes.tsv")):
        out.setdefault(row["list"], []).append(row["value"])
    return out


# ---------------------------------------------------------------------------------------------
# serializer with positions


class Pos:
    """Tracks line/column the way corpus/README.md defines them."""

    def __init__(self):
        self.line, self.col, self.after_cr = 1, 1, False

    def here(self):
        return (self.line, self.col)

    def adv(self, s):
        for ch in s:
            if ch == "\r":
                self.line += 1
                self.col = 1
                self.after_cr = True
            elif ch == "\n":
                if not self.after_cr:
                    self.line += 1
                    self.col = 1
                self.after_cr = False
            else:
                self.col += 1
                self.after_cr = False


class Fld:
    """One field: value (str), quoted (bool). raw: written as is (no quoting/doubling)."""

    def __init__(self, value, quoted=False, raw=None):
        self.value, self.quoted, self.raw = value, quoted, raw

    def text(self):
        if self.raw is not None:
            return self.raw
        if self.quoted:
            return '"' + self.value.replace('"', '""') + '"'
        return self.value


def serialize(records, eols=None, final_eol=True):
    """records: list of list of Fld. eols: per-record line end (default CRLF).
    Returns (text, layout) with layout[r] = {"rec": (l, c), "f": [(l, c), ...], "end": (l, c)}."""
    p = Pos()
    out = []
    lay = []
    for i, rec in enumerate(records):
        info = {"rec": p.here(), "f": []}
        for j, fld in enumerate(rec):
            if j:
                out.append(",")
                p.adv(",")
            info["f"].append(p.here())
            t = fld.text()
            out.append(t)
            p.adv(t)
        info["eol_at"] = p.here()
        last = i == len(records) - 1
        if not last or final_eol:
            e = eols[i] if eols else CRLF
            out.append(e)
            p.adv(e)
        lay.append(info)
    return "".join(out), lay, p.here()


# ---------------------------------------------------------------------------------------------
# layout records


class Layout:
    def __init__(self, ver, layout):
        self.ver, self.id = ver, layout
        self.items = items(ver, layout)
        self.n = len(self.items)

    def record(self, vals):
        """vals: {item no: value}; missing items are empty. Free text is always quoted."""
        bad = [k for k in vals if not 1 <= k <= self.n]
        assert not bad, (self.id, bad)
        rec = []
        for it in self.items:
            no = int(it["no"])
            v = vals.get(no, "")
            if no == 1 and not v:
                v = CSVVER[self.ver]
            rec.append(Fld(v, quoted=it["type"] == "text"))
        return rec


# v4 item numbers -> v3 (第6表 loses Nos.16-18 of 4.1; 第7表 loses Nos.10-12)
V3_DROP = {"UPPLAN": (16, 17, 18), "UPJSK": (16, 17, 18), "UPSIKYU": (10, 11, 12)}


def to_v3(layout, vals):
    drop = V3_DROP.get(layout)
    if not drop:
        return dict(vals)
    out = {}
    for no, v in vals.items():
        if no in drop:
            continue
        shift = sum(1 for d in drop if d < no)
        out[no - shift] = v
    return out


# ---------------------------------------------------------------------------------------------
# the people and offices of the valid files

KYOTAKU = ("1312345678", "43")      # 居宅介護支援事業所 (sender of plans and slips)
HOUKATSU = ("1312399001", "46")     # 地域包括支援センター (介護予防支援)
HOMON = ("1312300001", "11")        # 訪問介護
YOGU = ("1312300002", "17")         # 福祉用具貸与
TSUSHO = ("1312300003", "15")       # 通所介護
YOBO_TSUSHO = ("1312300003", "A6")  # 通所型サービス（独自）, same office
KANGO = ("1312300004", "13")        # 訪問看護
SHORT = ("1312300005", "21")        # 短期入所生活介護

OFFICE_NAME = {
    HOMON[0]: "ヘルパーステーションさくら",
    YOGU[0]: "福祉用具レンタル株式会社　新宿営業所",
    TSUSHO[0]: "デイサービスひまわり",
    KANGO[0]: "訪問看護ステーション青空",
    SHORT[0]: "特別養護老人ホーム　若葉苑（短期入所）",
}

USERS = [
    # insurer, insured no, kana, name, sex, birth, zip, addr1, addr2, tel, care level
    dict(ins="131011", no="0000123456", kana="ヤマダ　タロウ", hkana="ﾔﾏﾀﾞ ﾀﾛｳ", name="山田　太郎", sex="1",
         birth="19380415", zip="160-0023", addr1="東京都新宿区西新宿二丁目８番１号",
         addr2="都庁前レジデンス　１０１号室", tel="03-1234-5678", level="21"),
    dict(ins="131011", no="0000234567", kana="スズキ　ハナコ", hkana="ｽｽﾞｷ ﾊﾅｺ", name="鈴木　花子", sex="2",
         birth="19450302", zip="169-0073", addr1="東京都新宿区百人町一丁目２番３号", addr2="",
         tel="03-2345-6789", level="22"),
    dict(ins="131011", no="H123456789", kana="タナカ　イチロウ", hkana="ﾀﾅｶ ｲﾁﾛｳ", name="田中　一郎", sex="1",
         birth="19400820", zip="162-0052", addr1="東京都新宿区戸山三丁目４番５号",
         addr2="戸山ハイツ　２３号棟　４０５号室", tel="090-1234-5678", level="23"),  # 生保単独
    dict(ins="011015", no="0001357913", kana="サトウ　ヨシコ", hkana="ｻﾄｳ ﾖｼｺ", name="佐藤　良子", sex="2",
         birth="19330111", zip="160-0022", addr1="東京都新宿区新宿五丁目６番７号", addr2="",
         tel="03-3456-7890", level="24"),  # 住所地特例: insurer number with a leading zero
    dict(ins="132019", no="0002468024", kana="タカハシ　ケンジ", hkana="ﾀｶﾊｼ ｹﾝｼﾞ", name="高橋　健二", sex="1",
         birth="19360909", zip="161-0033", addr1="東京都新宿区下落合四丁目８番９号", addr2="",
         tel="03-4567-8901", level="25"),
    dict(ins="131011", no="0003692581", kana="イトウ　ミチコ", hkana="ｲﾄｳ ﾐﾁｺ", name="伊藤　美智子", sex="2",
         birth="19480606", zip="169-0075", addr1="東京都新宿区高田馬場二丁目１番１号", addr2="",
         tel="03-5678-9012", level="12"),
    dict(ins="131011", no="0004815162", kana="ワタナベ　サブロウ", hkana="ﾜﾀﾅﾍﾞ ｻﾌﾞﾛｳ", name="渡辺　三郎", sex="1",
         birth="19420228", zip="162-0825", addr1="東京都新宿区神楽坂一丁目１番", addr2="",
         tel="03-6789-0123", level="13"),
    dict(ins="131011", no="0005162342", kana="ナカムラ　トミ", hkana="ﾅｶﾑﾗ ﾄﾐ", name="中村　トミ", sex="2",
         birth="19310717", zip="160-0004", addr1="東京都新宿区四谷一丁目２番", addr2="",
         tel="03-7890-1234", level="06"),
    dict(ins="131011", no="0006273849", kana="コバヤシ　マサオ", hkana="ｺﾊﾞﾔｼ ﾏｻｵ", name="小林　正男", sex="1",
         birth="19390303", zip="162-0041", addr1="東京都新宿区早稲田鶴巻町５番", addr2="",
         tel="03-8901-2345", level="22"),
]

# free text with commas, doubled quotes and CRLF line breaks inside quotes
T_POLICY = ("住み慣れた自宅での生活を続けられるよう、訪問介護と福祉用具を組み合わせて支援します。" + CRLF +
            "緊急時は長男（携帯０９０－９８７６－５４３２）へ連絡します。")
T_WISH = '本人：「"まだまだ自分でやれる"と思っている」、家族：転倒が心配。'
T_OPINION = "特になし"
T_ISSUE = "膝の痛みがあり、屋内の移動が不安定。" + CRLF + "入浴は一人では難しい。"


# ---------------------------------------------------------------------------------------------
# valid content, one function per layout (v4 item numbers)


def hosoku(set_kind, month, users, plan_date="20250320", drop=(), svc=None, office=KYOTAKU[0], limit=None):
    """利用者補足情報. set_kind 'plan' (name month 000000) or 'slip' (name month = service month).
    svc(k): the user's (type, limit, total, over) rows instead of the default ones; office: the
    同意書受付業者 / 更新業者コード; limit(k): 区分支給限度基準額 instead of 16765."""
    recs = []
    levels_prev = ["21", "13", "22", "23", "12", "06", "24", "25", "21"]
    ninsts = ["2", "1"]
    svc_sets = [
        [("11", "16765", "9584", "0"), ("17", "16765", "1200", "0")],
        [("15", "19705", "8320", "0"), ("13", "19705", "4021", "0"), ("31", "19705", "1017", "0")],
        [("11", "27048", "20122", "0"), ("21", "27048", "7350", "0"), ("17", "27048", "2800", "0"),
         ("78", "27048", "2231", "0"), ("14", "27048", "1100", "0")],
        [("76", "30938", "25000", "0"), ("12", "30938", "5280", "0"), ("16", "30938", "3000", "0"),
         ("71", "30938", "1200", "0"), ("72", "30938", "900", "0"), ("73", "30938", "0", "0"),
         ("77", "30938", "0", "0"), ("2A", "30938", "0", "0"), ("22", "30938", "0", "0")],
        [("11", "36217", "38000", "1783"), ("A2", "36217", "1000", "0")],
    ]
    for k, u in enumerate(users):
        v = {2: u["ins"], 3: u["no"], 5: u["kana"], 6: u["name"], 7: u["sex"], 8: u["birth"],
             9: u["zip"], 10: u["addr1"], 11: u["addr2"], 12: u["tel"], 13: "20250301",
             14: "20250301", 15: "20260228", 16: ninsts[k % 2], 17: "20250301", 18: u["level"],
             19: limit(k) if limit else "16765", 59: levels_prev[k % len(levels_prev)], 60: office, 61: office}
        if set_kind == "plan":
            v[4], v[63] = plan_date, "000000"
        else:
            v[4], v[63] = "00000000", month
        rows = svc(k) if svc else svc_sets[k % len(svc_sets)]
        for s, (typ, lim, tot, over) in enumerate(t for t in rows if t[0] not in drop):
            base = 20 + 4 * s
            v[base], v[base + 1], v[base + 2], v[base + 3] = typ, lim, tot, over
        v[56] = rows[0][3]
        if k == 2:
            v[57], v[58] = "7", "12"
        recs.append(v)
    return recs


def up1kyo(users):
    kubun = ["11", "12", "21", "51", "52", "53", "54"]
    recs = []
    for k, u in enumerate(users):
        v = {2: u["ins"], 3: u["no"], 4: "20250320", 5: u["zip"], 6: u["addr1"], 7: u["addr2"],
             8: "佐々木　恵子", 9: "新宿ケアプランセンター", 10: "160-0023",
             11: "東京都新宿区西新宿一丁目１番１号", 12: "新宿ビル３階", 13: KYOTAKU[0], 14: "20250320",
             15: "20230115", 16: kubun[k % 7], 17: "2" if k % 3 else "1", 18: "20250301",
             19: "20250401", 20: "20260331", 21: u["level"],
             22: T_WISH if k % 2 == 0 else "自宅で夫婦二人の生活を続けたい。",
             23: T_OPINION, 24: T_POLICY if k == 0 else "安全に在宅生活を送れるよう支援します。",
             25: ["1", "2", "3", ""][k % 4], 26: "", 27: KYOTAKU[0]}
        if v[25] == "3":
            v[26] = "日中独居で、家族が遠方に住んでいるため。"
        recs.append(v)
    return recs


def dlt(users, fourth):
    return [{2: u["ins"], 3: u["no"], 4: fourth} for u in users]


def up2kyo(users):
    recs = []
    for k, u in enumerate(users):
        rows = [
            ("1", T_ISSUE, "1", "自宅内を安全に移動できる", "手すりを使って寝室からトイレまで歩ける",
             "令和7年4月～令和8年3月", "令和7年4月～令和7年9月", "1", "入浴介助、見守り", "Y", "訪問介護",
             HOMON[0], OFFICE_NAME[HOMON[0]], "週２回", "令和7年4月～令和7年9月"),
            ("1", T_ISSUE, "1", "自宅内を安全に移動できる", "手すりを使って寝室からトイレまで歩ける",
             "令和7年4月～令和8年3月", "令和7年4月～令和7年9月", "2", "車いす、特殊寝台の貸与", "Y",
             "福祉用具貸与", YOGU[0], OFFICE_NAME[YOGU[0]], "毎日", "令和7年4月～令和8年3月"),
            ("2", "日中独居で話し相手がいない", "2", "地域の人と交流できる", "近所の集まりに月１回参加する",
             "令和7年4月～令和8年3月", "令和7年4月～令和7年9月", "1", '見守り、声かけ（"友の会"への参加）', "N",
             "地域の見守り活動", "", "民生委員　佐藤様", "月１回", "令和7年4月～令和7年9月"),
        ]
        for r in rows:
            recs.append({2: u["ins"], 3: u["no"], 4: "20250320", 5: "20250320", 6: r[0], 7: r[1],
                         8: r[2], 9: r[3], 10: r[4], 11: r[5], 12: r[6], 13: r[7], 14: r[8],
                         15: r[9], 16: r[10], 17: r[11], 18: r[12], 19: r[13], 20: r[14],
                         21: KYOTAKU[0]})
    return recs


def up3kyo(users):
    recs = []
    for u in users:
        for day in range(1, 8):
            svc = "訪問介護（身体介護）" if day in (1, 4) else ("通所介護" if day in (2, 5) else "")
            st, en = ("1000", "1100") if day in (1, 4) else (("0930", "1630") if day in (2, 5) else ("", ""))
            recs.append({2: u["ins"], 3: u["no"], 4: "20250320", 5: "20250320", 6: svc, 7: str(day),
                         8: st, 9: en, 10: "起床、朝食" if day != 7 else "長男の訪問", 11: "0700",
                         12: "0800", 13: "福祉用具貸与（車いす、特殊寝台）" + CRLF + "月１回　受診（長男付き添い）"})
    return recs


APRIL = "202504"


def daymap(days, ndays=31):
    return "".join("1" if d in days else "0" for d in range(1, ndays + 1))


def plan6(users, month=APRIL, created="20250325", actual=False):
    """第6表 予定 (or 実績) lines for the month. v4 item numbers."""
    y, m = month[:4], month[4:]
    nd = calendar.monthrange(int(y), int(m))[1]
    recs = []
    for k, u in enumerate(users):
        base = {2: u["ins"], 3: u["no"], 4: created, 5: month, 6: KYOTAKU[0], 7: "佐々木　恵子",
                24: (HOMON[0] if actual else KYOTAKU[0])}
        lines = []
        # 訪問介護: two visits a week, times
        for d in (1, 4, 8, 11):
            lines.append({8: "387", 10: f"{y}{m}{d:02d}", 12: "1000", 13: "1045", 14: "1",
                          15: "111211", 20: HOMON[0], 21: OFFICE_NAME[HOMON[0]], 23: "0"})
        # 処遇改善加算 line (rate add-on): no time -> 9999
        lines.append({8: "0", 10: f"{y}{m}01", 12: "9999", 13: "9999", 14: "1", 15: "116275",
                      20: HOMON[0], 21: OFFICE_NAME[HOMON[0]], 23: "0"})
        if actual:
            recs += [{**base, **ln} for ln in lines]
            continue
        # 福祉用具貸与 (17): no time (9999), TAIS or 届出コード, 明細判別コード 1, 2
        lines.append({8: "700", 10: f"{y}{m}01", 11: daymap(range(1, nd + 1)), 12: "9999", 13: "9999",
                      14: "1", 15: "171001", 16: "00001-000010", 18: "自走用標準型車いす　ＡＢ－１２３",
                      19: "1", 20: YOGU[0], 21: OFFICE_NAME[YOGU[0]], 23: "0"})
        lines.append({8: "1000", 10: f"{y}{m}01", 11: daymap(range(1, nd + 1)), 12: "9999", 13: "9999",
                      14: "1", 15: "171006", 17: "T00012345678"[:12], 18: "特殊寝台（３モーター）",
                      19: "2", 20: YOGU[0], 21: OFFICE_NAME[YOGU[0]], 23: "0"})
        if k == 1:
            # 通所介護 with a satellite office, and 短期入所 with days before this month
            lines.append({8: "658", 10: f"{y}{m}02", 12: "0930", 13: "1630", 14: "1", 15: "151311",
                          20: TSUSHO[0], 21: OFFICE_NAME[TSUSHO[0]] + "（サテライト）", 22: "1", 23: "0"})
            lines.append({8: "704", 9: "12", 10: f"{y}{m}21", 12: "9999", 13: "9999", 14: "1",
                          15: "211211", 20: SHORT[0], 21: OFFICE_NAME[SHORT[0]], 23: "1"})
        if k == 2:
            lines.append({8: "821", 10: f"{y}{m}03", 12: "1400", 13: "1430", 14: "1", 15: "131111",
                          20: KANGO[0], 21: OFFICE_NAME[KANGO[0]], 23: "0"})
        recs += [{**base, **ln} for ln in lines]
    return recs


def sikyu_dets(k, u):
    """The 第7表 detail rows of plan6()'s user k:
    (office, code, units, discounted units or None, count, price, extra items)."""
    det = [(HOMON[0], "111211", 387, None, 4, "11.40", {}),
           (HOMON[0], "116275", 0, None, 1, "11.40", {}),
           (YOGU[0], "171001", 700, None, 1, "11.05", {10: "00001-000010", 12: "自走用標準型車いす　ＡＢ－１２３"}),
           (YOGU[0], "171006", 1000, 900, 1, "11.05", {11: "T00012345678", 12: "特殊寝台（３モーター）", 14: "90"})]
    if k == 1:
        det += [(TSUSHO[0], "151311", 658, None, 1, "10.90", {}),
                (SHORT[0], "211211", 704, None, 1, "10.84", {30: "31", 31: "1", 32: "32", 33: "1"})]
    if k == 2:
        det += [(KANGO[0], "131111", 821, None, 1, "11.12", {})]
    return det


def sikyu(users, month=APRIL, created="20250325", dets=sikyu_dets, planner=KYOTAKU[0]):
    """第7表: detail rows, a subtotal (xxAAAA) per service type with several code lines, the grand
    total (999999 / 9999999999). Counts follow plan6(); sums are computed so that they add up.
    dets(k, user) gives the detail rows of user k (default: those of plan6())."""
    recs = []
    for k, u in enumerate(users):
        base = {2: u["ins"], 3: u["no"], 4: created, 5: month, 34: "9999999999", 36: planner}
        det = dets(k, u)
        types = []
        for d in det:
            if d[1][:2] not in types:
                types.append(d[1][:2])
        g = {17: 0, 24: 0, 26: 0, 28: 0}
        for t in types:
            rows = [d for d in det if d[1][:2] == t]
            amount = sum((d[3] if d[3] is not None else d[2]) * d[4] for d in rows)
            price = rows[0][5]
            cents = int(price.replace(".", ""))
            cost = amount * cents // 100
            claim = cost * 90 // 100
            money = {18: str(amount), 20: str(amount), 22: str(amount), 23: price, 24: str(cost), 25: "90",
                     26: str(claim), 28: str(cost - claim), 29: "0"}
            for n, d in enumerate(rows):
                office, code, units, disc, count, _, extra = d
                amt = (disc if disc is not None else units) * count
                v = {**base, 6: OFFICE_NAME[office], 7: office, 9: code, 13: str(units), 16: str(count),
                     17: str(amt), 33: "0", 18: str(amt)}
                if disc is not None:
                    v[15] = str(disc)
                v.update(extra)
                if len(rows) == 1:
                    v.update(money)
                recs.append(v)
            if len(rows) > 1:
                v = {**base, 6: OFFICE_NAME[rows[0][0]], 7: rows[0][0], 9: t + "AAAA", 13: "0",
                     16: str(sum(d[4] for d in rows)), 17: str(amount), 33: "0"}
                v.update(money)
                recs.append(v)
            g[17] += amount
            g[24] += cost
            g[26] += claim
            g[28] += cost - claim
        recs.append({**base, 7: "9999999999", 9: "999999", 13: "0", 16: "0", 17: str(g[17]), 18: str(g[17]),
                     19: "0", 20: str(g[17]), 21: "0", 22: str(g[17]), 24: str(g[24]), 26: str(g[26]),
                     28: str(g[28]), 29: "0", 33: "0"})
    return recs


def dltjsk(users, month=APRIL):
    return [{2: u["ins"], 3: u["no"], 4: month, 5: HOMON[0], 6: HOMON[1]} for u in users]


KIHON_DATE = "20250310"


def upkihon(users):
    shogai = ["01", "11", "12", "21", "22", "31", "32", "41", "42"]
    ninchi = ["01", "02", "03", "04", "05", "06", "07", "08"]
    lvl = ["01", "12", "13", "21", "22", "23", "24", "25"]
    kyoju = ["01", "02", "03", "04", "05", "06", "07", "08"]
    recs = []
    for k, u in enumerate(users):
        v = {2: u["ins"], 3: u["no"], 4: KIHON_DATE, 5: "1" if k % 2 == 0 else "2",
             6: "2" if k % 3 == 0 else "1", 7: "地域包括　山本", 8: ["01", "02", "03"][k % 3],
             10: "01" if k % 2 == 0 else "02", 12: "01" if k % 4 else "02",
             14: u["hkana"], 15: u["name"], 16: u["sex"], 17: u["birth"],
             18: u["addr1"] + " " + u["addr2"] if u["addr2"] else u["addr1"], 19: u["tel"],
             20: "03-1234-0000" if k == 0 else "", 21: shogai[k % 9], 22: ninchi[k % 8],
             23: lvl[k % 8], 24: "20250301", 25: "20260228", 26: lvl[(k + 3) % 8],
             27: "1" if k % 2 else "2", 28: "20250215", 29: "1" if k == 0 else "0",
             30: "0", 31: "1" if k == 4 else "0", 32: "0", 33: "身体障害者手帳４級（下肢）" if k == 0 else "",
             34: kyoju[k % 8], 35: str(k % 3 + 1), 36: "1" if k % 2 else "2", 37: "1", 38: "0",
             39: "0", 40: "1" if u["no"].startswith("H") else "0",
             41: "国民年金（月額６万円程度）、預貯金あり", 42: "山田　一郎", 43: "東京都中野区中央一丁目１番",
             44: "090-9876-5432", 45: "長男", 46: "山田　一郎", 47: "長男", 48: "東京都中野区中央一丁目１番",
             49: "090-9876-5432", 50: "山田　花江", 51: "長女", 52: "神奈川県横浜市中区本町１丁目",
             53: "045-123-4567", 63: '長男夫婦が近所に住み、週末に訪問。' + CRLF + '長女は遠方（横浜）。',
             64: "定年まで印刷会社に勤務。退職後は町内会の役員を務めた。",
             65: "朝７時に起床し、午前中は散歩、午後はテレビを見て過ごす。",
             66: '囲碁、園芸（"さつき"の盆栽）', 67: "町内会の囲碁仲間と月２回会う", 68: "なし",
             69: "配食サービス（民間、週３回）", 70: "20250312", 71: u["name"]}
        if v[8] == "03":
            v[9] = "自宅へ訪問して相談"
        if v[12] == "02":
            v[13] = "〇〇病院に入院中（令和7年3月末退院予定）"
        if k == 0:
            v[62] = "UPKIHON_IMAGE_1312399001_46_1312300003_A6_20250315100000_0001.JPG"
        recs.append(v)
    return recs


def upkihon_sub1(users):
    recs = []
    for u in users:
        for t, me, fam in (("7:00", "起床、洗面", "朝食の準備"), ("12:00", "昼食", "（日中は仕事で不在）"),
                           ("15:00", "散歩（３０分）", ""), ("21:00", "就寝", "服薬の確認、戸締り")):
            recs.append({2: u["ins"], 3: u["no"], 4: KIHON_DATE, 5: t, 6: me, 7: fam})
    return recs


def upkihon_sub2(users):
    recs = []
    for k, u in enumerate(users):
        rows = [("H12年10月", "高血圧症", "新宿内科クリニック　鈴木医師", "1", "03-1111-2222", "01",
                 "降圧剤の内服、月１回受診"),
                ("令和3年5月", "変形性膝関節症", "西新宿整形外科、田中医師", "2", "03-3333-4444", "02",
                 ""),
                ("令和6年1月", "脳梗塞（後遺症なし）", '東京中央病院　"脳神経内科"', "2", "", "03",
                 "リハビリ終了" + CRLF + "年１回の検査のみ")]
        for r in rows[: 2 + (k % 2)]:
            recs.append({2: u["ins"], 3: u["no"], 4: KIHON_DATE, 5: r[0], 6: r[1], 7: r[2], 8: r[3],
                         9: r[4], 10: r[5], 11: r[6]})
    return recs


YOBO_DATE = "20250318"


def upyobo(users):
    kubun = ["11", "12", "21", "51", "52", "53", "54"]
    recs = []
    for k, u in enumerate(users):
        v = {2: u["ins"], 3: u["no"], 4: YOBO_DATE, 5: "1" if k % 2 == 0 else "2",
             6: "1" if k % 3 else "2", 7: f"Y-{k + 1:04d}", 8: u["name"], 9: "20250301",
             10: "20250301", 11: "20260228", 12: kubun[k % 7], 13: "2" if k % 4 else "1",
             14: ["1", "2", "3"][k % 3], 15: "地域包括　山本", 16: "佐々木　恵子" if k % 3 == 0 else "",
             17: "新宿ケアプランセンター" if k % 3 == 0 else "", 18: "東京都新宿区西新宿一丁目１番１号",
             19: "03-0000-1111", 20: "20240401", 21: "新宿区西部地域包括支援センター",
             22: "毎日散歩を続けたい", 23: '孫の結婚式に出席する（"元気な姿"を見せたい）',
             24: "屋外の歩行が不安定、杖を使用", 25: "本人：もっと歩けるようになりたい", 26: "1",
             27: "下肢筋力の低下、" + CRLF + "膝の痛み", 28: "掃除は長女が手伝っている", 29: "家事は自分でしたい",
             30: "2", 31: "", 32: "友人との交流がある", 33: "", 34: "2", 35: "",
             36: "高血圧で服薬中", 37: "血圧を毎日測る", 38: "1", 39: "服薬の飲み忘れがある",
             40: "転倒に注意", 41: "通所型サービスで運動機能の向上を図る", 42: "自立した生活を続けられるよう支援する",
             43: str(k % 6), 44: "0", 45: "1", 46: "0", 47: "2", 48: "0",
             49: "1" if k % 2 == 0 else "2", 50: "2", 51: "2" if k % 2 else "1", 52: "2", 53: "2", 54: "2",
             55: "運動機能の向上を中心に支援してください。", 56: "20250320", 57: u["name"]}
        recs.append(v)
    return recs


def upyobo_sub(users):
    recs = []
    for u in users:
        for issue, plan, svc in (("1", "1", "1"), ("1", "2", "2")):
            recs.append({2: u["ins"], 3: u["no"], 4: YOBO_DATE, 5: issue, 6: "下肢筋力の低下により転倒の危険がある",
                         7: "筋力をつけ、転倒を防ぐ", 8: "本人：運動を続けたい、家族：転倒が心配",
                         9: "自宅周辺を杖で散歩できる", 10: plan, 11: "運動の習慣化、" + CRLF + "無理のない範囲で",
                         12: "毎朝のラジオ体操（本人）", 13: '通所型サービス（"元気アップ教室"）',
                         14: svc, 15: "通所型サービス（独自）" if svc == "1" else "本人",
                         16: OFFICE_NAME[TSUSHO[0]] if svc == "1" else "自宅",
                         17: "令和7年4月～令和7年9月"})
    return recs


# ---------------------------------------------------------------------------------------------
# writing files


WRITTEN = {"valid": {}, "invalid": {}}


def encode(text, enc="cp932"):
    return text.encode(enc)


def write_bytes(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write_expect(path, findings, comments):
    lines = ["# " + c for c in comments]
    for (l, c, r) in sorted(findings, key=lambda x: (x[0], x[1], x[2])):
        lines.append(f"{l}:{c} {r}")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def write_options(path, options):
    if options:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for k, v in options:
                f.write(f"{k}={v}\n")


def name4(layout, month, frm, to, stamp, ext="CSV"):
    parts = [layout] + ([month] if month is not None else []) + [frm[0], frm[1], to[0], to[1], stamp]
    return "_".join(parts) + "." + ext


def name3(layout, month, frm, to, stamp, ext="CSV"):
    parts = [layout] + ([month] if month is not None else []) + [frm[0], to[0], stamp]
    return "_".join(parts) + "." + ext


def to_fields(ver, layout, rows):
    L = Layout(ver, layout)
    return [L.record(r if ver == V41 else to_v3(layout, r)) for r in rows]


def valid_file(ver, fname, layout, rows):
    recs = to_fields(ver, layout, rows)
    text, _, _ = serialize(recs)
    path = os.path.join(CORPUS, "careplan", ver, "valid", fname)
    write_bytes(path, encode(text))
    WRITTEN["valid"].setdefault(ver, []).append(fname)
    return recs


CASES = []  # (dir, rule, description) for the README


def case(ver, rule, slug, fname, layout, rows, mutate=None, expect=(), desc="", options=None,
         eols=None, final_eol=True, text_override=None, raw_fix=None, enc="cp932", bom=False):
    """Builds an invalid care-plan case. mutate(recs) changes the Fld lists in place and returns
    nothing. expect: list of ("name", rule) | ("rec", r, rule) | ("fld", r, item_no, rule) |
    ("chr", r, item_no, ch, rule).
    r is the 0-based record index. ("chr", r, item_no, ch, rule) is at the first character ch
    of the item (its column: the field's plus the characters before ch in the field's text, no
    line break before it). raw_fix(bytes) -> bytes changes the encoded file (e.g. to write
    髙 as the IBM extension 0xFBFC, as Windows does, rather than Python's 0xEEE0)."""
    recs = to_fields(ver, layout, rows) if layout else rows
    if mutate:
        mutate(recs)
    text, lay, end = serialize(recs, eols=eols, final_eol=final_eol)
    findings = []
    for e in expect:
        if e[0] == "name":
            findings.append((0, 0, e[1]))
        elif e[0] == "rec":
            l, c = lay[e[1]]["rec"]
            findings.append((l, c, e[2]))
        elif e[0] == "fld":
            l, c = lay[e[1]]["f"][e[2] - 1]
            findings.append((l, c, e[3]))
        elif e[0] == "chr":
            l, c = lay[e[1]]["f"][e[2] - 1]
            t = recs[e[1]][e[2] - 1].text()
            assert "\r" not in t[:t.index(e[3])] and '""' not in t[:t.index(e[3])]
            findings.append((l, c + t.index(e[3]), e[4]))
        elif e[0] == "char":  # ("char", r, item No., k, rule): k-th character of the field (0 = its first byte)
            l, c = lay[e[1]]["f"][e[2] - 1]
            findings.append((l, c + e[3], e[4]))
        elif e[0] == "non-ascii":
            l, c = first_non_ascii(text)
            findings.append((l, c, e[1]))
        else:
            raise ValueError(e)
    d = os.path.join(CORPUS, "careplan", ver, "invalid", f"{rule}-{slug}")
    path = os.path.join(d, fname)
    data = (b"\xef\xbb\xbf" if bom else b"") + encode(text, enc)
    write_bytes(path, raw_fix(data) if raw_fix else data)
    write_expect(path + ".expect", findings, [f"{rule}: {desc}"] if desc else [rule])
    write_options(path + ".options", options)
    WRITTEN["invalid"].setdefault(ver, []).append(f"{rule}-{slug}/{fname}")
    CASES.append((f"careplan/{ver}/invalid/{rule}-{slug}/{fname}", rule, desc))


def setf(r, no, value, quoted=None):
    """Returns a mutator that sets item `no` of record r."""
    def m(recs):
        f = recs[r][no - 1]
        f.value = value
        if quoted is not None:
            f.quoted = quoted
    return m


def chain(*ms):
    def m(recs):
        for x in ms:
            x(recs)
    return m


# ---------------------------------------------------------------------------------------------
# valid files

S_PLAN = "20250320100000"   # send unit: 第1表/第2表/第3表 + 利用者補足情報
S_SLIP = "20250325120000"   # send unit: 第6表/第7表 + 利用者補足情報
S_KIHON = "20250315100000"  # 利用者基本情報 + 別表1/2
S_YOBO = "20250320150000"   # 介護予防サービス・支援計画書 + 別表


def write_valid():
    v = V41
    valid_file(v, name4("UPHOSOKU", "000000", KYOTAKU, HOMON, S_PLAN), "UPHOSOKU", hosoku("plan", None, USERS[:5]))
    valid_file(v, name4("UPHOSOKU", APRIL, KYOTAKU, HOMON, S_SLIP), "UPHOSOKU", hosoku("slip", APRIL, USERS[3:9]))
    valid_file(v, name4("UP1KYO", None, KYOTAKU, HOMON, S_PLAN), "UP1KYO", up1kyo(USERS[:8]))
    valid_file(v, name4("DLT1KYO", None, KYOTAKU, HOMON, "20250328090000"), "DLT1KYO", dlt(USERS[:2], "20250320"))
    valid_file(v, name4("UP2KYO", None, KYOTAKU, HOMON, S_PLAN), "UP2KYO", up2kyo(USERS[:3]))
    valid_file(v, name4("UP3KYO", None, KYOTAKU, HOMON, S_PLAN), "UP3KYO", up3kyo(USERS[:2]))
    valid_file(v, name4("UPPLAN", APRIL, KYOTAKU, HOMON, S_SLIP), "UPPLAN", plan6(USERS[:3]))
    valid_file(v, name4("UPJSK", APRIL, HOMON, KYOTAKU, "20250505090000"), "UPJSK",
               plan6(USERS[:3], created="20250505", actual=True))
    short = [{2: u["ins"], 3: u["no"], 4: "20250505", 5: APRIL, 6: KYOTAKU[0], 7: "佐々木　恵子",
              8: "704", 9: "31", 10: f"202504{d:02d}", 12: "9999", 13: "9999", 14: "1", 15: "211211",
              20: SHORT[0], 21: OFFICE_NAME[SHORT[0]], 23: "1" if d > 22 else "0", 24: SHORT[0]}
             for u in USERS[1:2] for d in (21, 22, 23)]
    valid_file(v, name4("UPJSK", APRIL, SHORT, KYOTAKU, "20250505100000"), "UPJSK", short)
    valid_file(v, name4("DLTPLAN", APRIL, KYOTAKU, HOMON, "20250410090000"), "DLTPLAN", dlt(USERS[:2], APRIL))
    valid_file(v, name4("DLTJSK", APRIL, HOMON, KYOTAKU, "20250510090000"), "DLTJSK", dltjsk(USERS[:2]))
    valid_file(v, name4("UPSIKYU", APRIL, KYOTAKU, HOMON, S_SLIP), "UPSIKYU", sikyu(USERS[:3]))
    valid_file(v, name4("UPKIHON", None, HOUKATSU, YOBO_TSUSHO, S_KIHON), "UPKIHON", upkihon(USERS[:9]))
    valid_file(v, name4("UPKIHON_SUB1", None, HOUKATSU, YOBO_TSUSHO, S_KIHON), "UPKIHON_SUB1", upkihon_sub1(USERS[:2]))
    valid_file(v, name4("UPKIHON_SUB2", None, HOUKATSU, YOBO_TSUSHO, S_KIHON), "UPKIHON_SUB2", upkihon_sub2(USERS[:2]))
    valid_file(v, name4("DLTKIHON", None, HOUKATSU, YOBO_TSUSHO, "20250401090000"), "DLTKIHON", dlt(USERS[:1], KIHON_DATE))
    valid_file(v, name4("UPYOBO", None, HOUKATSU, YOBO_TSUSHO, S_YOBO), "UPYOBO", upyobo(USERS[:7]))
    valid_file(v, name4("UPYOBO_SUB", None, HOUKATSU, YOBO_TSUSHO, S_YOBO), "UPYOBO_SUB", upyobo_sub(USERS[:2]))
    valid_file(v, name4("DLTYOBO", None, HOUKATSU, YOBO_TSUSHO, "20250402090000"), "DLTYOBO", dlt(USERS[:1], YOBO_DATE))

    # v3.2: names without service-type codes, CSV version 202208, service month 202502
    v = V32
    m3 = "202502"
    kaigo_only = ("A2",)
    valid_file(v, name3("UPHOSOKU", "000000", KYOTAKU, HOMON, "20250120100000"), "UPHOSOKU",
               hosoku("plan", None, USERS[:5], plan_date="20250120", drop=kaigo_only))
    valid_file(v, name3("UPHOSOKU", m3, KYOTAKU, HOMON, "20250125120000"), "UPHOSOKU",
               hosoku("slip", m3, USERS[3:9], drop=kaigo_only))
    valid_file(v, name3("UP1KYO", None, KYOTAKU, HOMON, "20250120100000"), "UP1KYO", up1kyo(USERS[:8]))
    valid_file(v, name3("DLT1KYO", None, KYOTAKU, HOMON, "20250128090000"), "DLT1KYO", dlt(USERS[:2], "20250320"))
    valid_file(v, name3("UP2KYO", None, KYOTAKU, HOMON, "20250120100000"), "UP2KYO", up2kyo(USERS[:3]))
    valid_file(v, name3("UPPLAN", m3, KYOTAKU, HOMON, "20250125120000"), "UPPLAN",
               plan6(USERS[:3], month=m3, created="20250125"))
    valid_file(v, name3("UPJSK", m3, HOMON, KYOTAKU, "20250305090000"), "UPJSK",
               plan6(USERS[:3], month=m3, created="20250305", actual=True)
               + [{2: USERS[1]["ins"], 3: USERS[1]["no"], 4: "20250305", 5: m3, 6: KYOTAKU[0],
                   7: "佐々木　恵子", 8: "387", 10: "20250220", 12: "1000", 13: "1045", 14: "1",
                   15: "111211", 20: HOMON[0], 21: OFFICE_NAME[HOMON[0]], 23: "1", 24: HOMON[0]}])
    valid_file(v, name3("DLTPLAN", m3, KYOTAKU, HOMON, "20250210090000"), "DLTPLAN", dlt(USERS[:2], m3))
    valid_file(v, name3("DLTJSK", m3, HOMON, KYOTAKU, "20250310090000"), "DLTJSK", dltjsk(USERS[:2], m3))
    valid_file(v, name3("UPSIKYU", m3, KYOTAKU, HOMON, "20250125120000"), "UPSIKYU",
               sikyu(USERS[:3], month=m3, created="20250125"))


def check_code_coverage():
    """Every value of every code list used by a layout appears in that layout's valid files."""
    ok = True
    for ver in (V41, V32):
        cl = codes(ver)
        seen = {}
        vdir = os.path.join(CORPUS, "careplan", ver, "valid")
        for fname in sorted(os.listdir(vdir)):
            layout = fname.split("_")[0]
            if fname.startswith("UPKIHON_SUB") or fname.startswith("UPYOBO_SUB"):
                layout = "_".join(fname.split("_")[:2])
            text = open(os.path.join(vdir, fname), "rb").read().decode("cp932")
            rows = list(csv.reader(io.StringIO(text, newline="")))
            its = items(ver, layout)
            for row in rows:
                for it in its:
                    if it["codes"] != "-" and len(row) >= int(it["no"]):
                        seen.setdefault((layout, it["codes"]), set()).add(row[int(it["no"]) - 1])
        for (layout, lst), vals in sorted(seen.items()):
            missing = [x for x in cl[lst] if x not in vals]
            if missing:
                ok = False
                print(f"coverage: {ver} {layout} {lst} missing {missing}", file=sys.stderr)
    return ok


# ---------------------------------------------------------------------------------------------
# invalid care-plan cases: each starts from valid content and changes one thing


def write_invalid():
    v = V41
    NP = name4("UPPLAN", APRIL, KYOTAKU, HOMON, S_SLIP)
    P = plan6(USERS[:3])          # record 0..6 user 0 (5: 171001, 6: 171006), 7..15 user 1, 16.. user 2
    P1 = P[:1]                    # one record: 訪問介護 line of user 0
    H0 = hosoku("plan", None, USERS[:5])
    NH0 = name4("UPHOSOKU", "000000", KYOTAKU, HOMON, S_PLAN)
    H1 = hosoku("slip", APRIL, USERS[3:9])
    NH1 = name4("UPHOSOKU", APRIL, KYOTAKU, HOMON, S_SLIP)
    SK = sikyu(USERS[:3])         # 0 111211, 1 116275, 2 11AAAA, 3 171001, 4 171006, 5 17AAAA, 6 999999
    NSK = name4("UPSIKYU", APRIL, KYOTAKU, HOMON, S_SLIP)
    KI = upkihon(USERS[:9])
    NKI = name4("UPKIHON", None, HOUKATSU, YOBO_TSUSHO, S_KIHON)

    def np(**kw):
        a = dict(layout="UPPLAN", month=APRIL, frm=KYOTAKU, to=HOMON, stamp=S_SLIP, ext="CSV")
        a.update(kw)
        return name4(a["layout"], a["month"], a["frm"], a["to"], a["stamp"], a["ext"])

    # ---- NAME
    case(v, "NAME-001", "unknown-prefix", "UPYOTEI_202504_1312345678_43_1312300001_11_20250325120000.CSV",
         "UPPLAN", P, expect=[("name", "NAME-001"), ("rec", 0, "NAME-012")],
         desc="prefix UPYOTEI is no layout; record 1 (25 fields, 202407, values that fit) looks like UPPLAN "
              "(NAME-012), and the file is checked as that")
    case(v, "NAME-013", "no-layout-fits", "UPYOTEI_202504_1312345678_43_1312300001_11_20250325120000.CSV",
         "UPPLAN", P, mutate=setf(0, 12, "2400"), expect=[("name", "NAME-001"), ("rec", 0, "NAME-013")],
         desc="unknown prefix, and record 1 has 25 fields but No.12 2400 fits neither UPPLAN nor UPJSK: "
              "NAME-013 (info, listed on purpose) lists them, no layout is guessed, only the reader checks run")
    case(v, "NAME-002", "missing-receiver-type", "UPPLAN_202504_1312345678_43_1312300001_20250325120000.CSV",
         "UPPLAN", P, expect=[("name", "NAME-002")], desc="v4 name with the receiver's service type left out")
    case(v, "NAME-002", "missing-month", "UPPLAN_1312345678_43_1312300001_11_20250325120000.CSV",
         "UPPLAN", P, expect=[("name", "NAME-002")], desc="UPPLAN name without its 対象年月 part")
    # a name is 3.x only when it is a valid 3.x name: otherwise it is judged against the 4.x
    # pattern, and the records against the version item 1 claims (no REC-005 for a right 202407)
    case(v, "NAME-002", "v4-without-receiver", "UP1KYO_1312345678_43_20250320100000.CSV", "UP1KYO",
         up1kyo(USERS[:1]), expect=[("name", "NAME-002")],
         desc="4.x UP1KYO name with the receiver's office and service type left out (3 parts, as many as "
              "a 3.x name, but 43 is no office number): NAME-002 only")
    case(v, "NAME-002", "v3-like-nine-digit-office", "UP1KYO_131234567_1312300001_20250320100000.CSV", "UP1KYO",
         up1kyo(USERS[:1]), expect=[("name", "NAME-002")],
         desc="3-part name whose sender office has 9 digits: no valid 3.x name, so NAME-002 against the 4.x "
              "pattern, and the 202407 records are checked as 4.1")
    case(v, "NAME-003", "month-13", np(month="202513"), "UPPLAN", P, expect=[("name", "NAME-003")],
         desc="month part 202513; with no valid name month, 対象年月 is not compared (no FLD-014)")
    case(v, "NAME-003", "zero-month-on-upplan", np(month="000000"), "UPPLAN", P,
         expect=[("name", "NAME-003")], desc="000000 is allowed only for UPHOSOKU")
    case(v, "NAME-004", "nine-digit-office", np(frm=("131234567", "43")), "UPPLAN", P,
         expect=[("name", "NAME-004")], desc="sender office number with 9 digits")
    case(v, "NAME-005", "three-digit-type", np(frm=(KYOTAKU[0], "043")), "UPPLAN", P,
         expect=[("name", "NAME-005")], desc="3-digit code (the 4.0 wording) instead of the 2-character service type")
    case(v, "NAME-006", "feb-30", np(stamp="20250230120000"), "UPPLAN", P,
         expect=[("name", "NAME-006")], desc="file serial 20250230120000 is not a real date-time")
    case(v, "NAME-006", "thirteen-digits", np(stamp="2025032512000"), "UPPLAN", P,
         expect=[("name", "NAME-006")], desc="file serial with 13 digits")
    case(v, "NAME-007", "txt-extension", np(ext="TXT"), "UPPLAN", P, expect=[("name", "NAME-007")],
         desc="extension .TXT")
    case(v, "NAME-008", "lowercase-extension", np(ext="csv"), "UPPLAN", P, expect=[("name", "NAME-008")],
         desc="extension .csv in lower case (warning)")
    case(v, "NAME-009", "kihon-with-month",
         "UPKIHON_000000_1312399001_46_1312300003_A6_20250315100000.CSV", "UPKIHON", KI,
         expect=[("name", "NAME-009")], desc="UPKIHON_000000_... as in the body's §3.4 example (warning)")
    case(v, "NAME-010", "unknown-receiver-type", np(to=(HOMON[0], "99")), "UPPLAN", P,
         expect=[("name", "NAME-010")], desc="receiver service type 99 is not in the standard's list (warning)")

    case(v, "NAME-011", "same-office-both-ends", name4("UP1KYO", None, KYOTAKU, (KYOTAKU[0], "11"), S_PLAN),
         "UP1KYO", up1kyo(USERS[:8]),
         expect=[("name", "NAME-011")], desc="sender and receiver office numbers both 1312345678")

    # ---- REC
    case(v, "REC-001", "short-record", NP, "UPPLAN", P, mutate=lambda r: r[2].pop(),
         expect=[("rec", 2, "REC-001")], desc="record 3 has 24 fields (識別子 dropped)")
    case(v, "REC-001", "long-record", NP, "UPPLAN", P, mutate=lambda r: r[4].append(Fld("")),
         expect=[("rec", 4, "REC-001")], desc="record 5 has 26 fields (an extra empty field)")
    def join_12_13(r):
        """record 2 loses the comma between No.12 and No.13: 開始時刻 and 終了時刻 run together"""
        rec = r[1]
        rec[11] = Fld(rec[11].value + rec[12].value)
        del rec[12]
    case(v, "REC-001", "missing-comma", NP, "UPPLAN", P, mutate=join_12_13,
         expect=[("rec", 1, "REC-001"), ("rec", 1, "REC-007")],
         desc="record 2 has 24 fields: the comma between No.12 and No.13 is missing, so every later value "
              "sits one item to the left; no item's position is certain, so none is checked (REC-007, info, "
              "says so once; listed on purpose so that the runner compares info findings here)")
    case(v, "REC-001", "extra-comma", NP, "UPPLAN", P,
         mutate=lambda r: r[3].insert(6, Fld("")),
         expect=[("rec", 3, "REC-001")],
         desc="record 4 has 26 fields: an empty field before No.7 pushes every later value one item to the "
              "right; only REC-001")
    # a name that names no layout: the content (field count, CSV version, values of record 1) says
    # which layout it is, and it is checked as that one
    case(v, "NAME-012", "sheet-name", "第6表.csv", "UPPLAN", P,
         expect=[("name", "NAME-001"), ("rec", 0, "NAME-012")],
         desc="the valid 第6表 saved as 第6表.csv: 25 fields and 202407 fit UPPLAN and UPJSK, checked as UPPLAN")
    case(v, "NAME-012", "lower-case-name", NP.lower(), "UPPLAN", P, mutate=setf(1, 13, "2400"),
         expect=[("name", "NAME-001"), ("rec", 0, "NAME-012"), ("fld", 1, 13, "FLD-009")],
         desc="the 第6表 under a lower-case name with record 2 No.13 サービス終了時刻 2400: checked as UPPLAN, so "
              "FLD-009 is found")
    case(v, "REC-002", "announced-202504", NP, "UPPLAN", P1, mutate=setf(0, 1, "202504"),
         expect=[("fld", 0, 1, "REC-002")],
         desc="one record with CSV version 202504 (announced with 4.0, replaced by 202407)")
    case(v, "REC-003", "mixed-versions", NP, "UPPLAN", P, mutate=setf(4, 1, "202208"),
         expect=[("fld", 4, 1, "REC-003")], desc="record 5 says 202208, record 1 says 202407")
    case(v, "REC-004", "202407-for-march-2025", np(month="202503", stamp="20250225120000"), "UPPLAN",
         plan6(USERS[:1], month="202503", created="20250225")[:1], expect=[("fld", 0, 1, "REC-004")],
         desc="one record: 202407 claimed for service month 202503, when 202208 (3.2) is in force")
    # no version is in force before 202301 (3.2) and 4.1 only from 202504: a 202407 file for a month
    # before any version is REC-004 too
    case(v, "REC-004", "202407-for-december-2022", np(month="202212", stamp="20221125120000"), "UPPLAN",
         plan6(USERS[:1], month="202212", created="20221125")[:1], expect=[("fld", 0, 1, "REC-004")],
         desc="CSV version 202407 in a 第6表 for 202212, before any version was in force")
    case(v, "REC-004", "202407-for-january-1900", np(month="190001", stamp="18991225120000"), "UPPLAN",
         plan6(USERS[:1], month="190001", created="18991225")[:1], expect=[("fld", 0, 1, "REC-004")],
         desc="CSV version 202407 in a 第6表 for 190001")
    case(v, "REC-005", "v3-name-with-202407", name3("UP1KYO", None, KYOTAKU, HOMON, S_PLAN), "UP1KYO",
         up1kyo(USERS[:1]), expect=[("rec", 0, "REC-005")],
         desc="one record: CSV version 202407 (v4) in a file with a v3-style name")
    case(V32, "REC-004", "202208-for-april-2025", name3("UPPLAN", APRIL, KYOTAKU, HOMON, S_SLIP), "UPPLAN",
         plan6(USERS[:1])[:1], expect=[("fld", 0, 1, "REC-004")],
         desc="one record: 202208 claimed for service month 202504, when 202407 (4.1) is in force")
    case(V32, "REC-005", "v4-name-with-202208", name4("UPPLAN", "202412", KYOTAKU, HOMON, "20241125120000"),
         "UPPLAN", plan6(USERS[:1], month="202412", created="20241125")[:1], expect=[("rec", 0, "REC-005")],
         desc="one record: CSV version 202208 (v3 layout) in a file with a v4-style name, month 202412")

    up3 = to_fields(V41, "UP3KYO", up3kyo(USERS[:1])[:1])
    up3[0][0].value = CSVVER[V32]
    case(V32, "REC-006", "up3kyo-in-v3", name3("UP3KYO", None, KYOTAKU, HOMON, "20250120100000"), None, up3,
         expect=[("rec", 0, "REC-006")], desc="one record: 第3表 (UP3KYO) with CSV version 202208; v3 has no 第3表")

    # ---- FLD
    case(v, "FLD-001", "empty-provider-code", NP, "UPPLAN", P, mutate=setf(1, 20, ""),
         expect=[("fld", 1, 20, "FLD-001")], desc="No.20 サービス事業者コード (必須) empty in record 2")
    case(v, "FLD-001", "empty-user-name", NH0, "UPHOSOKU", H0, mutate=setf(1, 6, ""),
         expect=[("fld", 1, 6, "FLD-001")], desc='UPHOSOKU No.6 利用者氏名 written as "" in record 2')
    case(v, "FLD-002", "itaku-empty", NKI, "UPKIHON", KI, mutate=setf(0, 6, ""),
         expect=[("fld", 0, 6, "FLD-002")], desc="UPKIHON No.6 委託の有無 (必要) empty (warning)")
    case(v, "FLD-003", "count-100", NP, "UPPLAN", P, mutate=setf(0, 14, "100"),
         expect=[("fld", 0, 14, "FLD-003")], desc="No.14 サービス回数 (max 2) is 100")
    case(V32, "FLD-003", "v3-count-3-digits", name3("UPSIKYU", "202502", KYOTAKU, HOMON, "20250125120000"),
         "UPSIKYU", sikyu(USERS[:1], month="202502", created="20250125"), mutate=setf(0, 13, "100"),
         expect=[("fld", 0, 13, "FLD-003")], desc="v3 第7表 No.13 回数／日数 has length 2 (4.1 made it 3)")
    case(v, "FLD-004", "insurer-lost-zero", NH0, "UPHOSOKU", H0, mutate=setf(3, 2, "11015"),
         expect=[("fld", 3, 2, "FLD-004")], desc="保険者番号 011015 written as 11015 (leading zero lost)")
    case(v, "FLD-005", "fullwidth-digits", NP, "UPPLAN", P, mutate=setf(0, 8, "３８７"),
         expect=[("fld", 0, 8, "FLD-005")], desc="No.8 単位数 in full-width digits")
    case(v, "FLD-006", "hyphen-in-insured-no", NP, "UPPLAN", P, mutate=setf(0, 3, "0000-12345"),
         expect=[("fld", 0, 3, "FLD-006")], desc="No.3 被保険者番号 (半角英数) with a hyphen")
    case(v, "FLD-006", "fullwidth-tais", NP, "UPPLAN", P, mutate=setf(5, 16, "００００１－００００１０"),
         expect=[("fld", 5, 16, "FLD-006")], desc="No.16 TAISコード (半角英数記号) in full-width characters")
    case(v, "FLD-007", "feb-30", NP, "UPPLAN", P, mutate=setf(0, 4, "20250230"),
         expect=[("fld", 0, 4, "FLD-007")], desc="No.4 作成年月日 20250230")
    case(v, "FLD-008", "month-13", "target-month-13.CSV", "UPPLAN", P, mutate=setf(0, 5, "202513"),
         expect=[("fld", 0, 5, "FLD-008")], options=[("layout", "UPPLAN"), ("version", "4.1")],
         desc="No.5 対象年月 202513; layout forced so that no file-name month is compared")
    case(v, "FLD-009", "minute-60", NP, "UPPLAN", P, mutate=setf(0, 12, "1060"),
         expect=[("fld", 0, 12, "FLD-009")], desc="No.12 サービス開始時刻 1060")
    case(v, "FLD-009", "9999-outside-6hyo", name4("UP3KYO", None, KYOTAKU, HOMON, S_PLAN), "UP3KYO",
         up3kyo(USERS[:2]), mutate=setf(0, 8, "9999"), expect=[("fld", 0, 8, "FLD-009")],
         desc="第3表 No.8 開始時間 9999: the 9999 sentinel belongs to 第6表 only")
    case(v, "FLD-010", "plan-kubun-13", name4("UP1KYO", None, KYOTAKU, HOMON, S_PLAN), "UP1KYO",
         up1kyo(USERS[:8]), mutate=setf(2, 16, "13"), expect=[("fld", 2, 16, "FLD-010")],
         desc="UP1KYO No.16 計画書区分 13 is not in plan_kubun (record 3, after record 1's 2-line free text)")
    case(v, "FLD-010", "seikatsu-reason-4", name4("UP1KYO", None, KYOTAKU, HOMON, S_PLAN), "UP1KYO",
         up1kyo(USERS[:8]), mutate=setf(0, 25, "4"), expect=[("fld", 0, 25, "FLD-010")],
         desc="UP1KYO No.25 生活援助中心型の算定理由 4, on line 2 after the CRLF inside No.24")
    case(v, "FLD-010", "care-level-26", NH0, "UPHOSOKU", H0, mutate=setf(2, 18, "26"),
         expect=[("fld", 2, 18, "FLD-010")], desc="UPHOSOKU No.18 要介護状態区分 26 is not in care_level")
    kango = next(i for i, r in enumerate(SK) if r[9] == "131111")  # single-code type: no subtotal row
    case(v, "FLD-011", "all9-on-detail-row", NSK, "UPSIKYU", SK, mutate=setf(kango, 7, "9999999999"),
         expect=[("fld", kango, 7, "FLD-011")],
         desc="第7表 No.7 サービス事業所コード 9999999999 on a detail row (only the 999999 row may)")
    case(v, "FLD-012", "insured-no-K", NP, "UPPLAN", P, mutate=setf(0, 3, "K123456789"),
         expect=[("fld", 0, 3, "FLD-012")], desc="No.3 被保険者番号 K+9 digits (only H+9 digits allowed)")
    case(v, "FLD-013", "daymap-with-2", NP, "UPPLAN", P,
         mutate=setf(5, 11, daymap(range(1, 15)) [:14] + "2" + daymap(range(16, 31))[15:]),
         expect=[("fld", 5, 11, "FLD-013")], desc="No.11 日割対象日 31 characters with a 2")
    case(v, "FLD-014", "month-differs", NP, "UPPLAN", P, mutate=setf(2, 5, "202505"),
         expect=[("fld", 2, 5, "FLD-014")], desc="No.5 対象年月 202505 in a 202504 file")
    case(v, "FLD-014", "invalid-month-also-differs", NP, "UPPLAN", P, mutate=setf(2, 5, "202513"),
         expect=[("fld", 2, 5, "FLD-008"), ("fld", 2, 5, "FLD-014")],
         desc="No.5 対象年月 202513: FLD-008 for the value, FLD-014 on top (cross-item, corpus/README.md)")
    case(v, "FLD-015", "tokutei-shisetsu", NP, "UPPLAN", P, mutate=setf(0, 15, "331111"),
         expect=[("fld", 0, 15, "FLD-015")], desc="No.15 サービスコード of type 33 (out of scope)")
    case(v, "FLD-015", "dltjsk-type-51", name4("DLTJSK", APRIL, HOMON, KYOTAKU, "20250510090000"), "DLTJSK",
         dltjsk(USERS[:2]), mutate=setf(1, 6, "51"), expect=[("fld", 1, 6, "FLD-015")],
         desc="DLTJSK No.6 サービス種類コード 51 (施設, out of scope)")
    case(V32, "FLD-015", "yobo-in-v3", name3("UPPLAN", "202502", KYOTAKU, HOMON, "20250125120000"), "UPPLAN",
         plan6(USERS[:1], month="202502", created="20250125"), mutate=setf(0, 15, "631111"),
         expect=[("fld", 0, 15, "FLD-015")], desc="v3 No.15 サービスコード of type 63 (予防: not in v3 scope)")
    case(v, "FLD-016", "identifier-set", NP, "UPPLAN", P, mutate=setf(0, 25, "1"),
         expect=[("fld", 0, 25, "FLD-016")], desc="No.25 識別子 (※使用しない) is 1 (warning)")
    case(v, "FLD-017", "unquoted-planner", NP, "UPPLAN", P,
         mutate=chain(setf(0, 7, "佐々木　恵子", quoted=False), setf(1, 7, "佐々木　恵子", quoted=False)),
         expect=[("fld", 0, 7, "FLD-017")],
         desc="No.7 プラン担当者名 unquoted in records 1 and 2: once per item per file, at the first (warning)")
    case(v, "FLD-018", "quoted-units", NP, "UPPLAN", P,
         mutate=chain(setf(0, 8, "387", quoted=True), setf(1, 8, "387", quoted=True)),
         expect=[("fld", 0, 8, "FLD-018")],
         desc="No.8 単位数 quoted in records 1 and 2. FLD-018 is INFO level: listed on purpose "
              "(once per item per file, at the first) so that the runner compares info findings here")
    case(v, "FLD-019", "no-tais-no-notify", NP, "UPPLAN", P, mutate=setf(5, 16, ""),
         expect=[("fld", 5, 16, "FLD-019")],
         desc="福祉用具貸与 171001 line with No.16 TAISコード and No.17 福祉用具届出コード both empty; at No.16")
    case(v, "FLD-020", "one-decimal", NSK, "UPSIKYU", SK, mutate=setf(2, 23, "11.4"),
         expect=[("fld", 2, 23, "FLD-020")], desc="第7表 No.23 単位数単価 11.4")
    case(v, "FLD-021", "day-31-in-april", NP, "UPPLAN", P, mutate=setf(5, 11, daymap(range(1, 32))),
         expect=[("fld", 5, 11, "FLD-021")], desc="No.11 日割対象日 marks day 31 of April (warning)")
    case(v, "FLD-022", "postal-hyphen-misplaced", NH0, "UPHOSOKU", H0, mutate=setf(0, 9, "1600-023"),
         expect=[("fld", 0, 9, "FLD-022")], desc="UPHOSOKU No.9 利用者郵便番号 1600-023")
    case(v, "FLD-023", "serial-zero", name4("UP2KYO", None, KYOTAKU, HOMON, S_PLAN), "UP2KYO",
         up2kyo(USERS[:3]), mutate=setf(0, 6, "0"), expect=[("fld", 0, 6, "FLD-023")],
         desc="UP2KYO No.6 課題ＮＯ 0")
    case(v, "FLD-024", "detail-no-on-homon", NP, "UPPLAN", P, mutate=setf(0, 19, "1"),
         expect=[("fld", 0, 19, "FLD-024")], desc="No.19 明細判別コード 1 on a 訪問介護 (11) line")
    case(v, "FLD-025", "subtotal-units", NSK, "UPSIKYU", SK, mutate=setf(2, 13, "3096"),
         expect=[("fld", 2, 13, "FLD-025")], desc="11AAAA subtotal row with No.13 単位数 3096 (must be 0)")
    case(v, "FLD-025", "subtotal-rate", NSK, "UPSIKYU", SK, mutate=setf(5, 14, "90"),
         expect=[("fld", 5, 14, "FLD-025")], desc="17AAAA subtotal row with No.14 割引後率 90 (must be empty)")
    case(v, "FLD-025", "total-office", NSK, "UPSIKYU", SK, mutate=setf(6, 7, KYOTAKU[0]),
         expect=[("fld", 6, 7, "FLD-025")], desc="999999 grand-total row with No.7 1312345678 (must be 9999999999)")
    case(v, "FLD-026", "plan-set-with-month", NH0, "UPHOSOKU", H0, mutate=setf(0, 63, APRIL),
         expect=[("fld", 0, 63, "FLD-026")], desc="UPHOSOKU_000000 (1表/2表 set) with No.63 対象年月 202504")
    case(v, "FLD-026", "slip-set-with-date", NH1, "UPHOSOKU", H1, mutate=setf(0, 4, "20250320"),
         expect=[("fld", 0, 4, "FLD-026")], desc="UPHOSOKU_202504 (6表/7表 set) with No.4 20250320 (must be 00000000)")
    case(v, "FLD-027", "service-date-in-may", NP, "UPPLAN", P, mutate=setf(0, 10, "20250502"),
         expect=[("fld", 0, 10, "FLD-027")], desc="No.10 サービス利用日 20250502 in the 202504 slip (warning)")
    # 訪問介護 (type 11) is paid by 所要時間 (告示第19号 別表 1): the second user's 111211 lines
    # given 9999 as start and end leave every type-11 line of that user without a time (the
    # 116275 add-on already has 9999); one warning at the first such line. The first user keeps
    # its times, so its 9999 add-on line is not reported.
    homon = [i for i, r in enumerate(to_fields(v, "UPPLAN", P))
             if r[2].value == USERS[1]["no"] and r[14].value.startswith("11")]
    case(v, "FLD-028", "homon-kaigo-9999", NP, "UPPLAN", P,
         mutate=chain(*[setf(i, no, "9999") for i in homon for no in (12, 13)]),
         expect=[("fld", homon[0], 12, "FLD-028")],
         desc="user 2's 訪問介護 lines (111211 and the 116275 add-on) all with 9999 start and end (warning)")
    # The standard's character code is MS932 (§4 文字コード): a file saved as UTF-8 is one finding at
    # its first character outside ASCII, and every other check still runs on its characters
    case(v, "ENC-014", "utf-8", NP, "UPPLAN", P, expect=[("non-ascii", "ENC-014")], enc="utf-8",
         desc="the valid 第6表 written in UTF-8 without a BOM: one finding, nothing else")
    case(v, "ENC-014", "utf-8-bom", NP, "UPPLAN", P, expect=[("non-ascii", "ENC-014")], enc="utf-8",
         bom=True, desc="the valid 第6表 written in UTF-8 with a BOM: one finding (the BOM is part of it)")
    case(v, "ENC-014", "utf-8-forced", NP, "UPPLAN", P, expect=[("non-ascii", "ENC-014")], enc="utf-8",
         options=[("encoding", "utf-8")],
         desc="--encoding utf-8 says how to read the file; it does not make UTF-8 conform")
    case(v, "ENC-014", "utf-8-outside-ms932", NP, "UPPLAN", P, enc="utf-8",
         mutate=setf(1, 7, "𠮷田　恵子", quoted=True),
         expect=[("non-ascii", "ENC-014"), ("char", 1, 7, 1, "ENC-010"), ("char", 1, 7, 1, "JIS-001")],
         desc="UTF-8 第6表 whose record 2 No.7 holds 𠮷 (U+20BB7, no MS932 code): ENC-014 and the "
              "character listed (ENC-010 at the character, just after the field's opening quote; JIS-001 too: "
              "𠮷 has no JIS X 0213 code either)")
    case(v, "ENC-014", "utf-8-field-check", NP, "UPPLAN", P, enc="utf-8",
         mutate=setf(0, 14, "100"), expect=[("non-ascii", "ENC-014"), ("fld", 0, 14, "FLD-003")],
         desc="UTF-8 第6表 with No.14 サービス回数 100 (length 2): the item checks run on the UTF-8 text")


# ---------------------------------------------------------------------------------------------
# reader cases: no care-plan name (NAME-001), so no layout; records compared with record 1


class Raw:
    """Bytes written as is, taking `cols` columns and no line break."""

    def __init__(self, data, cols):
        self.data, self.cols = data, cols


class Mark:
    def __init__(self, key):
        self.key = key


def first_non_ascii(text):
    """(line, col) of the first character outside ASCII in text, or None."""
    p = Pos()
    for ch in text:
        if ord(ch) >= 0x80:
            return p.here()
        p.adv(ch)
    return None


def rbuild(segs, enc="cp932"):
    """segs: str | Raw | Mark. Returns (bytes, {mark: (line, col)}, end position); the mark
    "non-ascii" is where the first character outside ASCII is."""
    p = Pos()
    out = bytearray()
    marks = {}
    for s in segs:
        if isinstance(s, Mark):
            marks[s.key] = p.here()
        elif isinstance(s, Raw):
            if "non-ascii" not in marks and any(b >= 0x80 for b in s.data):
                marks["non-ascii"] = p.here()
            out += s.data
            p.col += s.cols
            p.after_cr = False
        else:
            at = first_non_ascii(s)
            if "non-ascii" not in marks and at:
                marks["non-ascii"] = (p.line + at[0] - 1, (p.col if at[0] == 1 else 1) + at[1] - 1)
            out += s.encode(enc)
            p.adv(s)
    return bytes(out), marks, p.here()


R1 = '202407,131011,0000123456,"山田　太郎"'
R2 = '202407,131011,0000234567,"鈴木　花子"'
R3 = '202407,131011,H123456789,"田中　一郎"'
R2A = '202407,131011,0000234567,"鈴木'   # the name field of record 2, cut before 花子"
R2B = '花子"'


def rcase(rule, slug, segs, expect, desc, options=None, enc="cp932"):
    """expect: list of (mark key | (line, col) | 'end', rule)."""
    data, marks, end = rbuild(segs, enc)
    fname = f"{rule}-{slug}.CSV"
    path = os.path.join(CORPUS, "reader", "invalid", fname)
    write_bytes(path, data)
    findings = [(0, 0, "NAME-001")]
    for where, r in expect:
        if where == "end":
            l, c = end
        elif isinstance(where, tuple):
            l, c = where
        else:
            l, c = marks[where]
        findings.append((l, c, r))
    comments = [f"{rule}: {desc}", "NAME-001: the name is not a care-plan file name, so no layout applies"]
    if rule == "CSV-014":
        comments.append("CSV-014 is INFO level: listed on purpose so that the runner compares info findings here")
    write_expect(path + ".expect", findings, comments)
    write_options(path + ".options", options)
    WRITTEN["invalid"].setdefault("reader", []).append(fname)
    CASES.append((f"reader/invalid/{fname}", rule, desc))


def write_reader():
    E = CRLF
    bad_in_name = lambda raw, cols, rule, slug, desc, **kw: rcase(
        rule, slug, [R1, E, R2A, Mark("x"), Raw(raw, cols), R2B, E, R3, E], [("x", rule)], desc, **kw)
    bad_in_name(b"\x80", 1, "ENC-001", "byte-0x80", "byte 0x80 (not used in MS932) inside a quoted name")
    bad_in_name(b"\x82 ", 2, "ENC-002", "lead-without-trail",
                "lead byte 0x82 followed by a space (0x20, not a trail byte); the lead is one column")
    bad_in_name(b"\x85\x40", 1, "ENC-004", "unassigned-0x8540", "double-byte code 0x8540 (row 0x85 is unassigned)")
    bad_in_name(b"\xf0\x40", 1, "ENC-005", "gaiji-0xF040", "user-defined character 0xF040 (外字)")
    bad_in_name(b"\xed\x40", 1, "ENC-006", "nec-selected-ibm-0xED40",
                "NEC-selected IBM extension 0xED40 (纊) comes back as 0xFA5C (warning)")
    bad_in_name(b"\x87\x40", 1, "ENC-007", "circled-one-0x8740", "NEC special character ① 0x8740 (warning)")
    bad_in_name(b"\x01", 1, "ENC-011", "control-0x01", "control character U+0001 inside a quoted name")
    bad_in_name(b"\t", 1, "ENC-013", "tab", "tab character inside a quoted name (warning)")
    # ENC-003: the last byte of the file is a lead byte, in the last field of a record without line end
    rcase("ENC-003", "truncated-at-eof",
          ["202407,131011,0000123456,東京都", E, "202407,131011,0000234567,新宿区", Mark("x"), Raw(b"\x90", 1)],
          [("x", "ENC-003"), ("end", "CSV-006")],
          "file ends with lead byte 0x90 (unquoted last field, no final line break, so CSV-006 too: "
          "just past the lone lead byte, which counts one column)")
    rcase("ENC-008", "utf8-bom", [Raw(b"\xef\xbb\xbf", 0), R1, E, R2, E, R3, E], [((1, 1), "ENC-008")],
          "UTF-8 BOM before MS932 records (the BOM takes no column)")
    # UTF-8 input (encoding=utf-8), checked as bound for MS932
    # The file is UTF-8 while the care-plan standard requires MS932: ENC-014 once, at the first
    # character outside ASCII (山 of record 1), whatever --encoding says
    u8 = [("utf-8-invalid", "ENC-009", Raw(b"\xc3(", 2), "0xC3 followed by '(' (invalid UTF-8); 0xC3 counts one column"),
          ("outside-ms932", "ENC-010", "𠮷", "U+20BB7 𠮷 (つちよし) has no MS932 code, and no JIS X 0213 code "
           "(JIS-001 at the same place)"),
          ("wave-dash", "ENC-012", "〜", "U+301C WAVE DASH becomes U+FF5E through MS932 (warning)")]
    for slug, rule, seg, desc in u8:
        rcase(rule, slug, [R1, E, R2A, Mark("x"), seg, R2B, E, R3, E],
              [("non-ascii", "ENC-014"), ("x", rule)] + ([("x", "JIS-001")] if seg == "𠮷" else []),
              desc + "; ENC-014: the file is UTF-8", options=[("encoding", "utf-8")], enc="utf-8")

    # ---- CSV syntax
    rcase("CSV-001", "unclosed-at-eof",
          [R1, E, R2, E, '202407,131011,H123456789,', Mark("q"), '"田中　一郎', E],
          [("q", "CSV-001")], "the last field opens a quote that never closes (the final CRLF is inside it)")
    free = ["202407,131012,0000345678,続き", "202407,131013,0000456789,続き", "202407,131014,0000567890,続き",
            "202407,131015,0000678901,続き", "202407,131016,0000789012,続き", "202407,131017,0000890123,続き"]
    segs = [R1, E, '202407,131011,0000234567,', Mark("q"), '"鈴木　花子', E]
    for f in free:
        segs += [f, E]
    segs += [R3, E]
    rcase("CSV-001", "quoted-lines-limit", segs, [("q", "CSV-001")],
          "record 2 opens a quote that is never closed; max_quoted_lines=3 gives up on it after a few lines "
          "and the quote-free 4-field lines that follow read as records (whether the limit falls after 4 or 5 "
          "lines). Without the limit, the quote of the last line would close it", options=[("max_quoted_lines", "3")])
    rcase("CSV-002", "quote-in-unquoted", [R1, E, '202407,131011,0000234567,鈴木', Mark("q"), '"花子', E, R3, E],
          [("q", "CSV-002")], "a quote inside an unquoted field")
    rcase("CSV-003", "undoubled-quote", [R1, E, '202407,131011,0000234567,"鈴木　花子（旧姓"', Mark("x"), '佐藤）"', E, R3, E],
          [("x", "CSV-003")], "an inner quote not doubled: at the byte after the quote that looks like a closing one")
    rcase("CSV-004", "extra-field", [R1, E, Mark("r"), R2 + ',"追加"', E, R3, E], [("r", "CSV-004")],
          "record 2 has 5 fields, record 1 has 4")
    rcase("CSV-005", "empty-line", [R1, E, Mark("x"), E, R2, E, R3, E], [("x", "CSV-005")],
          "an empty line between records 1 and 2")
    rcase("CSV-006", "no-final-eol", [R1, E, R2, E, R3], [("end", "CSV-006")],
          "no line break after the last record (warning)")
    rcase("CSV-007", "lf-only", [R1, Mark("x"), "\n", R2, "\n", R3, "\n"], [("x", "CSV-007")],
          "every record ends with a bare LF: once per file, at the first (warning)")
    rcase("CSV-008", "cr-only", [R1, Mark("x"), "\r", R2, "\r", R3, "\r"], [("x", "CSV-008")],
          "every record ends with a bare CR: once per file, at the first (warning)")
    rcase("CSV-009", "mixed-eol", [R1, E, R2, E, R3, Mark("x"), "\n", R1, "\n"],
          [("x", "CSV-009"), ("x", "CSV-007")],
          "records 1-2 end with CRLF, records 3-4 with LF: CSV-009 at the first differing end, "
          "and CSV-007 at the first bare LF (the same byte)")
    longq = '"東京都新宿区西新宿二丁目８番１号"'
    rcase("CSV-010", "quoted-field-over-limit",
          [R1, E, '202407,131011,0000234567,', Mark("x"), longq, E, R3, E], [("x", "CSV-010")],
          "a quoted field of 32 bytes with max_field_bytes=16; at the field's first byte",
          options=[("max_field_bytes", "16")])
    rcase("CSV-010", "unquoted-field-over-limit",
          ['202407,131011,0000123456,新宿区', E, '202407,131011,0000234567,', Mark("x"), "東京都新宿区西新宿二丁目８番１号",
           E, '202407,131011,H123456789,中野区', E], [("x", "CSV-010")],
          "an unquoted field of 32 bytes with max_field_bytes=16; at the field's first byte",
          options=[("max_field_bytes", "16")])
    rcase("CSV-011", "five-fields-limit-4",
          [R1, ",", Mark("a"), '"備考１"', E, R2, ",", Mark("b"), '"備考２"', E],
          [("a", "CSV-011"), ("b", "CSV-011")],
          "two records of 5 fields with max_fields=4: once per record, at the first field over the limit",
          options=[("max_fields", "4")])
    rcase("CSV-012", "lf-in-quotes", [R1, E, '202407,131011,0000234567,"鈴木　花子', Mark("x"), "\n",
                                       '（長女と同居）"', E, R3, E], [("x", "CSV-012")],
          "a bare LF inside quoted text, records end with CRLF (warning)")
    rcase("CSV-012", "cr-in-quotes", [R1, E, '202407,131011,0000234567,"鈴木　花子', Mark("x"), "\r",
                                       '（長女と同居）"', E, R3, E], [("x", "CSV-012")],
          "a bare CR inside quoted text, records end with CRLF (warning)")
    rcase("CSV-013", "empty-file", [], [((1, 1), "CSV-013")], "a file of 0 bytes: at 1:1, just past the (no) last byte")
    rcase("CSV-014", "max-findings-2",
          ['202407,131011,0000123456,"山田', Mark("t1"), '\t太郎"', E, '202407,131011,0000234567,"鈴木\t花子"', E,
           '202407,131011,H123456789,"田中\t一郎"', E],
          [("t1", "ENC-013"), ("end", "CSV-014")],
          "three tabs (ENC-013) with max_findings=2: NAME-001 and the first tab are listed, the other two are "
          "suppressed and CSV-014 reports them just past the last byte", options=[("max_findings", "2")])


# ---------------------------------------------------------------------------------------------
# set cases: corpus/careplan/4.1/sets/<case>/ holds the files of one or more sends, checked as one
# set (tests/corpus_runner.c walk_set). set.expect lists every error/warning finding of all files
# and of the set checks as `BASENAME LINE:COL RULE-ID`; findings about a whole file or a missing
# layout are at 0:0 on a file of the send, profile findings (SET-012) at 0:0 on the case
# directory (the set's label). set.options: office=..., direction=....

S_YSLIP = "20250325150000"  # 予防 slip send (地域包括 -> 通所型サービス)
SETCASES = []               # (case, description) for the README


def sfile(fname, layout, rows, mutate=None):
    return {"name": fname, "layout": layout, "rows": rows, "mutate": mutate}


def set_case(case_name, files, expect=(), desc="", options=None):
    """files: sfile() dicts. expect: ("rec", file, r, rule) | ("fld", file, r, item no, rule) |
    ("file", file, rule) | ("first", file_names, rule) | ("set", rule); file is an index into
    files, r the 0-based record index. "first": 0:0 on the first of the named files in name
    order (a finding about a send, given on the send's first file)."""
    d = os.path.join(CORPUS, "careplan", V41, "sets", case_name)
    lays = []
    names = [f["name"] for f in files]
    assert len(set(names)) == len(names), case_name
    for f in files:
        recs = to_fields(V41, f["layout"], f["rows"])
        if f["mutate"]:
            f["mutate"](recs)
        text, lay, _ = serialize(recs)
        write_bytes(os.path.join(d, f["name"]), encode(text))
        lays.append(lay)
    out = []
    for e in expect:
        if e[0] == "rec":
            l, c = lays[e[1]][e[2]]["rec"]
            out.append(f"{names[e[1]]} {l}:{c} {e[3]}")
        elif e[0] == "fld":
            l, c = lays[e[1]][e[2]]["f"][e[3] - 1]
            out.append(f"{names[e[1]]} {l}:{c} {e[4]}")
        elif e[0] == "file":
            out.append(f"{names[e[1]]} 0:0 {e[2]}")
        elif e[0] == "first":
            out.append(f"{sorted(names[i] for i in e[1])[0]} 0:0 {e[2]}")
        elif e[0] == "set":
            out.append(f"{case_name} 0:0 {e[1]}")
        elif e[0] == "at":  # ("at", file, line, col, rule)
            out.append(f"{names[e[1]]} {e[2]}:{e[3]} {e[4]}")
        else:
            raise ValueError(e)
    lines = [f"# {case_name}: {desc}"] if desc else []
    lines += sorted(out)
    with open(os.path.join(d, "set.expect"), "w", encoding="utf-8", newline="\n") as fp:
        fp.write("\n".join(lines) + "\n")
    if options:
        with open(os.path.join(d, "set.options"), "w", encoding="utf-8", newline="\n") as fp:
            for k, v in options:
                fp.write(f"{k}={v}\n")
    SETCASES.append((case_name, desc))


def kyo_plan_send(users, stamp=S_PLAN, frm=KYOTAKU, to=HOMON):
    """計画書 send: 第1表 + 第2表 + 第3表 + 利用者補足情報 (000000), same users and plan date."""
    return [sfile(name4("UPHOSOKU", "000000", frm, to, stamp), "UPHOSOKU", hosoku("plan", None, users)),
            sfile(name4("UP1KYO", None, frm, to, stamp), "UP1KYO", up1kyo(users)),
            sfile(name4("UP2KYO", None, frm, to, stamp), "UP2KYO", up2kyo(users)),
            sfile(name4("UP3KYO", None, frm, to, stamp), "UP3KYO", up3kyo(users))]


def kyo_slip_send(users, month=APRIL, stamp=S_SLIP, frm=KYOTAKU, to=HOMON, plan=None, dets=sikyu_dets):
    """提供票 send: 第6表 + 第7表 + 利用者補足情報 (month); every 第6表 user has a 補足 record and
    the 第7表 回数／日数 per service equal the 第6表 サービス回数 (sikyu_dets follows plan6)."""
    return [sfile(name4("UPHOSOKU", month, frm, to, stamp), "UPHOSOKU", hosoku("slip", month, users)),
            sfile(name4("UPPLAN", month, frm, to, stamp), "UPPLAN",
                  plan if plan is not None else plan6(users, month=month)),
            sfile(name4("UPSIKYU", month, frm, to, stamp), "UPSIKYU", sikyu(users, month=month, dets=dets))]


def idx(files, layout, month=None):
    for i, f in enumerate(files):
        if f["layout"] == layout and (month is None or f"_{month}_" in f["name"]):
            return i
    raise KeyError(layout)


def first_row(rows, user):
    return next(i for i, r in enumerate(rows) if r[2] == user["ins"] and r[3] == user["no"])


# 介護予防: a 地域包括支援センター (46) sends to an 通所型サービス（独自） (A6) office
YOBO_USERS = USERS[5:8]   # 要支援1, 要支援2, 事業対象者
YOBO_LIMIT = {"12": "5032", "13": "10531", "06": "5032"}
YOBO_CODE = {"12": ("A61111", 436), "13": ("A61211", 447), "06": ("A61111", 436)}
YOBO_DAYS = (3, 10, 17, 24)  # Thursdays of April 2025


def yobo_plan6(users, month=APRIL):
    recs = []
    for u in users:
        code, units = YOBO_CODE[u["level"]]
        base = {2: u["ins"], 3: u["no"], 4: "20250325", 5: month, 6: HOUKATSU[0], 7: "地域包括　山本",
                20: TSUSHO[0], 21: OFFICE_NAME[TSUSHO[0]], 23: "0", 24: HOUKATSU[0]}
        for d in YOBO_DAYS:
            recs.append({**base, 8: str(units), 10: f"{month}{d:02d}", 12: "1000", 13: "1530", 14: "1", 15: code})
        recs.append({**base, 8: "0", 10: f"{month}{YOBO_DAYS[0]:02d}", 12: "9999", 13: "9999", 14: "1",
                     15: "A66109"})
    return recs


def yobo_dets(k, u):
    code, units = YOBO_CODE[u["level"]]
    return [(TSUSHO[0], code, units, None, len(YOBO_DAYS), "10.90", {}),
            (TSUSHO[0], "A66109", 0, None, 1, "10.90", {})]


def yobo_slip_send(users, month=APRIL, stamp=S_YSLIP):
    frm, to = HOUKATSU, YOBO_TSUSHO
    svc = lambda k: [("A6", YOBO_LIMIT[users[k]["level"]], str(YOBO_CODE[users[k]["level"]][1] * len(YOBO_DAYS)), "0")]
    return [sfile(name4("UPHOSOKU", month, frm, to, stamp), "UPHOSOKU",
                  hosoku("slip", month, users, svc=svc, office=HOUKATSU[0],
                         limit=lambda k: YOBO_LIMIT[users[k]["level"]])),
            sfile(name4("UPPLAN", month, frm, to, stamp), "UPPLAN", yobo_plan6(users, month)),
            sfile(name4("UPSIKYU", month, frm, to, stamp), "UPSIKYU",
                  sikyu(users, month=month, dets=yobo_dets, planner=HOUKATSU[0]))]


def write_sets():
    U = USERS[:3]
    dlt1 = sfile(name4("DLT1KYO", None, KYOTAKU, HOMON, "20250328090000"), "DLT1KYO", dlt(U[:2], "20250320"))
    dltp = sfile(name4("DLTPLAN", APRIL, KYOTAKU, HOMON, "20250410090000"), "DLTPLAN", dlt(U[:2], APRIL))
    kyo = [("office", "kyotaku"), ("direction", "output")]

    # ---- conforming sets
    set_case("valid-kyotaku-output", kyo_plan_send(U) + kyo_slip_send(U) + [dlt1, dltp],
             desc="居宅介護支援事業所 output: a 計画書 send (UP1KYO+UP2KYO+UP3KYO+UPHOSOKU 000000), a 提供票 send "
                  "(UPPLAN+UPSIKYU+UPHOSOKU 202504), DLT1KYO and DLTPLAN sends; link keys match, counts agree",
             options=kyo)
    set_case("valid-service-output",
             [sfile(name4("UPJSK", APRIL, HOMON, KYOTAKU, "20250505090000"), "UPJSK",
                    plan6(U, created="20250505", actual=True)),
              sfile(name4("DLTJSK", APRIL, HOMON, KYOTAKU, "20250510090000"), "DLTJSK", dltjsk(U[:2]))],
             desc="居宅サービス事業所 (訪問介護) output: an UPJSK send and a DLTJSK send",
             options=[("office", "service"), ("direction", "output")])
    Y = YOBO_USERS
    kihon = upkihon(Y)
    for r in kihon:
        r.pop(62, None)  # no family-picture file in the set
    set_case("valid-yobo-center-output",
             [sfile(name4("UPKIHON", None, HOUKATSU, YOBO_TSUSHO, S_KIHON), "UPKIHON", kihon),
              sfile(name4("UPKIHON_SUB1", None, HOUKATSU, YOBO_TSUSHO, S_KIHON), "UPKIHON_SUB1", upkihon_sub1(Y)),
              sfile(name4("UPKIHON_SUB2", None, HOUKATSU, YOBO_TSUSHO, S_KIHON), "UPKIHON_SUB2", upkihon_sub2(Y)),
              sfile(name4("UPYOBO", None, HOUKATSU, YOBO_TSUSHO, S_YOBO), "UPYOBO", upyobo(Y)),
              sfile(name4("UPYOBO_SUB", None, HOUKATSU, YOBO_TSUSHO, S_YOBO), "UPYOBO_SUB", upyobo_sub(Y))]
             + yobo_slip_send(Y),
             desc="地域包括支援センター output (介護予防): UPKIHON+SUB1+SUB2 send, UPYOBO+UPYOBO_SUB send, and a "
                  "提供票 send with 通所型サービス（独自） A6 lines (A6AAAA subtotal, 999999 total)",
             options=[("office", "yobo-center"), ("direction", "output")])

    # ---- SET-001: an UPJSK file carrying the 提供票 send's serial and pair
    f = kyo_slip_send(U) + [sfile(name4("UPJSK", APRIL, KYOTAKU, HOMON, S_SLIP), "UPJSK",
                                  plan6(U, created="20250325", actual=True))]
    set_case("SET-001-upjsk-in-slip-send", f, [("file", 3, "SET-001")],
             desc="UPJSK with the serial and pair of a UPPLAN+UPSIKYU+UPHOSOKU send: not a member of that "
                  "combination; 0:0 on the UPJSK file")

    # ---- SET-002: 提供票 send without 第7表
    f = kyo_slip_send(U)[:2]
    set_case("SET-002-slip-without-upsikyu", f, [("first", [0, 1], "SET-002")],
             desc="UPPLAN+UPHOSOKU without UPSIKYU; a missing layout is reported at 0:0 on the send's "
                  "first file in name order (UPHOSOKU_...)")

    # ---- an empty file counts as the layout its name gives: the send is complete, the file has no
    # record (CSV-013 at 1:1, just past the no last byte)
    f = kyo_plan_send(U)
    i3 = idx(f, "UP3KYO")
    f[i3]["rows"] = []
    set_case("CSV-013-empty-up3kyo-in-plan-send", f, [("at", i3, 1, 1, "CSV-013")],
             desc="the plan send with a UP3KYO of 0 bytes: CSV-013 on it, and no SET-002 (the file is "
                  "there, named UP3KYO)")

    # ---- SET-003: one serial and pair for two months
    f = kyo_slip_send(U) + kyo_slip_send(U, month="202505")
    set_case("SET-003-two-months-one-serial", f,
             [("file", 3, "SET-003"), ("file", 4, "SET-003"), ("file", 5, "SET-003")],
             desc="the 202504 and 202505 提供票 files share serial 20250325120000 and the pair: each layout "
                  "appears twice in one send; 0:0 on the second file of each layout in name order (202505). "
                  "Each month's links and counts are complete, so only SET-003")

    # ---- SET-004: 第2表 rows of user 1 carry a plan date that has no 第1表 record
    f = kyo_plan_send(U)
    i2 = idx(f, "UP2KYO")
    rows = f[i2]["rows"]
    changed = [i for i, r in enumerate(rows) if r[3] == U[0]["no"]]
    for i in changed:
        rows[i][5] = "20250318"
    set_case("SET-004-up2kyo-date-without-up1kyo", f, [("rec", i2, changed[0], "SET-004")],
             desc="UP2KYO No.5 居宅サービス計画作成（変更）日 20250318 on the three rows of user 0000123456; "
                  "UP1KYO has 20250320 (link 2,3,5 -> 2,3,14): one finding per missing key, at the first "
                  "child record with it")

    # ---- SET-004 (第7表 -> 第6表): a 第7表 user that 第6表 does not have
    U4 = USERS[:4]
    f = kyo_slip_send(U)
    i7 = idx(f, "UPSIKYU")
    f[i7]["rows"] = sikyu(U4)
    set_case("SET-004-sikyu-user-not-in-upplan", f, [("rec", i7, first_row(f[i7]["rows"], U4[3]), "SET-004")],
             desc="UPSIKYU has user 0001357913 (011015), UPPLAN does not (link 2,3,5 -> 2,3,5); at the user's "
                  "first 第7表 record. No SET-009: the services have no 第6表 count to compare")

    # ---- SET-002 (介護予防): 別表1 sent without its 利用者基本情報
    set_case("SET-002-kihon-sub1-alone",
             [sfile(name4("UPKIHON_SUB1", None, HOUKATSU, YOBO_TSUSHO, S_KIHON), "UPKIHON_SUB1",
                    upkihon_sub1(YOBO_USERS))],
             [("file", 0, "SET-002")],
             desc="UPKIHON_SUB1 alone in its send: the kihon combination needs UPKIHON; no SET-004 (the parent "
                  "layout is absent, which SET-002 reports)")

    # ---- SET-005: two 第1表 records for one user and plan date
    f = kyo_plan_send(U)
    i1 = idx(f, "UP1KYO")
    rows = f[i1]["rows"]
    dup = dict(rows[0])
    dup[22] = "自宅で安全に暮らしたい。"
    rows.append(dup)
    set_case("SET-005-duplicate-up1kyo", f, [("rec", i1, len(rows) - 1, "SET-005")],
             desc="UP1KYO holds two records with the same 2,3,14 (the second with other wording); at the "
                  "second record's first byte")

    # ---- SET-006: two 11 codes, no 11AAAA
    f = kyo_slip_send(U)
    i7 = idx(f, "UPSIKYU")
    rows = f[i7]["rows"]
    sub = next(i for i, r in enumerate(rows) if r[3] == U[0]["no"] and r[9] == "11AAAA")
    del rows[sub]
    first11 = next(i for i, r in enumerate(rows) if r[3] == U[0]["no"] and r[9].startswith("11"))
    set_case("SET-006-no-11aaaa", f, [("rec", i7, first11, "SET-006")],
             desc="user 0000123456 has 111211 and 116275 in 第7表 and no 11AAAA subtotal row; at the first "
                  "record of the user's type 11 (the grand total still adds up: the detail rows' "
                  "給付管理単位数 sum to it)")

    # ---- SET-007: no 999999 for user 2
    f = kyo_slip_send(U)
    rows = f[i7]["rows"]
    g = next(i for i, r in enumerate(rows) if r[3] == U[1]["no"] and r[9] == "999999")
    del rows[g]
    set_case("SET-007-no-grand-total", f, [("rec", i7, first_row(rows, U[1]), "SET-007")],
             desc="user 0000234567 has no 999999 row in 第7表; at the user's first 第7表 record")

    # ---- SET-008: 11AAAA 区分支給限度基準内単位数 differs from its detail rows
    f = kyo_slip_send(U)
    rows = f[i7]["rows"]
    u0 = [i for i, r in enumerate(rows) if r[3] == U[0]["no"]]
    d1, d2, s11 = [i for i in u0 if rows[i][9] in ("111211", "116275", "11AAAA")]
    gt = next(i for i in u0 if rows[i][9] == "999999")
    assert rows[s11][22] == str(387 * 4)
    rows[d1][22] = str(387 * 4)   # 4 visits
    rows[d2][22] = "0"            # 処遇改善加算: outside the 区分支給限度
    rows[s11][22] = str(387 * 4 - 48)
    rows[gt][22] = str(int(rows[gt][22]) - 48)  # the total follows the (wrong) subtotal
    set_case("SET-008-subtotal-differs", f, [("rec", i7, s11, "SET-008")],
             desc="第7表 user 0000123456: detail rows 111211/116275 carry No.22 区分支給限度基準内単位数 1548 and 0, "
                  "the 11AAAA row says 1500 (the 999999 row sums the subtotals, so it agrees); at the "
                  "subtotal record's first byte")

    # ---- SET-009: 第6表 has 3 訪問介護 visits, 第7表 says 4
    P = plan6(U)
    visits = [i for i, r in enumerate(P) if r[3] == U[0]["no"] and r[15] == "111211"]
    del P[visits[-1]]
    f = kyo_slip_send(U, plan=P)
    rows = f[i7]["rows"]
    at = next(i for i, r in enumerate(rows) if r[3] == U[0]["no"] and r[9] == "111211")
    set_case("SET-009-count-differs", f, [("rec", i7, at, "SET-009")],
             desc="user 0000123456: 第6表 has three 111211 lines of サービス回数 1, 第7表 回数／日数 4; at the "
                  "first 第7表 row of the service")

    # ---- SET-010: two distinct 171001 items of 700 units, both 明細判別コード 1
    P = plan6(U)
    w = next(i for i, r in enumerate(P) if r[3] == U[0]["no"] and r[15] == "171001")
    second = dict(P[w])
    second.update({16: "00045-000123", 18: "自走用標準型車いす　ＣＤ－４５６", 19: "1"})
    P.insert(w + 1, second)

    def dets10(k, u):
        d = sikyu_dets(k, u)
        if k == 0:
            d.insert(3, (YOGU[0], "171001", 700, None, 1, "11.05",
                         {10: "00045-000123", 12: "自走用標準型車いす　ＣＤ－４５６"}))
        return d
    f = kyo_slip_send(U, plan=P, dets=dets10)
    set_case("SET-010-two-items-numbered-1", f, [("rec", idx(f, "UPPLAN"), w + 1, "SET-010")],
             desc="第6表 user 0000123456 rents two different 171001 wheelchairs of 700 units (TAIS 00001-000010 "
                  "and 00045-000123), both 明細判別コード 1 (must be 1 and 2); at the first record of the first "
                  "item, in file order, whose number repeats. 第7表 lists both (counts agree)")

    # ---- SET-011: a user whose services are all with another office
    U4 = USERS[:4]
    P = plan6(U) + [{2: U4[3]["ins"], 3: U4[3]["no"], 4: "20250325", 5: APRIL, 6: KYOTAKU[0], 7: "佐々木　恵子",
                     8: "658", 10: f"{APRIL}{d:02d}", 12: "0930", 13: "1630", 14: "1", 15: "151311",
                     20: TSUSHO[0], 21: OFFICE_NAME[TSUSHO[0]], 23: "0", 24: KYOTAKU[0]} for d in (7, 14, 21, 28)]

    def dets11(k, u):
        return sikyu_dets(k, u) if k < 3 else [(TSUSHO[0], "151311", 658, None, 4, "10.90", {})]
    f = kyo_slip_send(U4, plan=P, dets=dets11)
    i6, i7b = idx(f, "UPPLAN"), idx(f, "UPSIKYU")
    set_case("SET-011-user-without-receiver-service", f,
             [("rec", i6, first_row(f[i6]["rows"], U4[3]), "SET-011"),
              ("rec", i7b, first_row(f[i7b]["rows"], U4[3]), "SET-011")],
             desc="the send to 訪問介護 1312300001 includes user 0001357913 whose lines are all 通所介護 "
                  "1312300003: once in 第6表 and once in 第7表, at the user's first record of each")

    # ---- SET-012: office profile
    set_case("SET-012-kyotaku-import-no-upjsk",
             [sfile(name4("DLTJSK", APRIL, HOMON, KYOTAKU, "20250510090000"), "DLTJSK", dltjsk(U[:2]))],
             [("set", "SET-012")], options=[("office", "kyotaku"), ("direction", "import")],
             desc="what a 居宅介護支援事業所 imports holds DLTJSK only: UPJSK (required) is missing; 0:0 on the "
                  "case directory (the set's label)")
    set_case("SET-012-kyotaku-output-slip-only", kyo_slip_send(U) + [dltp],
             [("set", "SET-012")] * 3, options=kyo,
             desc="居宅 output with 提供票 sends only: UP1KYO, UP2KYO, UP3KYO missing, one finding each on the "
                  "case directory. Every send is complete, so no SET-002")
    f = [x for x in kyo_plan_send(U) if x["layout"] != "UP3KYO"] + kyo_slip_send(U)
    set_case("SET-012-kyotaku-output-no-up3kyo", f,
             [("set", "SET-012"), ("first", [0, 1, 2], "SET-002")], options=kyo,
             desc="居宅 output whose 計画書 send has no 第3表: SET-012 (UP3KYO) on the case directory, and "
                  "SET-002 for the incomplete send on its first file (UP1KYO_...): a missing UP3KYO always "
                  "breaks both")


# ---------------------------------------------------------------------------------------------
# samples/ (scripts/demo.sh runs `renkei check samples/`)

SAMPLES = os.path.join(os.path.dirname(CORPUS), "samples")
KYOTAKU_B = ("1312345686", "43")   # another 居宅介護支援事業所, another vendor


def swap(rows, old, new):
    return [{k: (new if v == old else v) for k, v in r.items()} for r in rows]


def write_samples():
    if os.path.isdir(SAMPLES):
        shutil.rmtree(SAMPLES)
    predicted = []

    def put(sub, f, bad=None):
        recs = to_fields(V41, f["layout"], f["rows"])
        if f["mutate"]:
            f["mutate"](recs)
        text, lay, _ = serialize(recs)
        write_bytes(os.path.join(SAMPLES, sub, f["name"]), encode(text))
        for e in bad or ():
            if e[0] == "fld":
                l, c = lay[e[1]]["f"][e[2] - 1]
            elif e[0] == "rec":
                l, c = lay[e[1]]["rec"]
            else:
                l, c = e[1]
            predicted.append(f"{sub}/{f['name']} {l}:{c} {e[-1]}")
        return lay

    # send-ok: a conforming 提供票 send for two users
    for f in kyo_slip_send(USERS[:2]):
        put("send-ok", f)

    # broken-export: another vendor's 提供票 send
    B = [USERS[0], USERS[3], USERS[4]]
    stamp = "20250326093000"
    ren = lambda rows: swap(swap(rows, KYOTAKU[0], KYOTAKU_B[0]), "佐々木　恵子", "高木　直美")
    H = ren(hosoku("slip", APRIL, B[:2]))           # B[2] has no 利用者補足情報 record
    H[1][2] = "11015"                               # 011015 lost its leading zero (spreadsheet)
    P = ren(plan6(B))
    night = first_row(P, B[0])
    P[night][12], P[night][13] = "2315", "2400"     # end of day written as 2400
    chair = next(i for i, r in enumerate(P) if r[3] == B[0]["no"] and r[15] == "171001")
    S = ren(sikyu(B))
    S = [r for r in S if not (r[3] == B[2]["no"] and r[9] == "999999")]   # no grand total for B[2]
    n = lambda lay: name4(lay, APRIL, KYOTAKU_B, HOMON, stamp)

    def inch(recs):
        recs[chair][17] = Fld(None, raw='"自走用標準型車いす　座幅16"　ＡＢ－１２３"')
    put("broken-export", sfile(n("UPHOSOKU"), "UPHOSOKU", H), [("fld", 1, 2, "FLD-004")])
    lay = put("broken-export", sfile(n("UPPLAN"), "UPPLAN", P, inch),
              [("fld", night, 13, "FLD-009"), ("rec", first_row(P, B[1]), "SET-004"),
               ("rec", first_row(P, B[2]), "SET-004")])
    l, c = lay[chair]["f"][17]
    predicted.append(f"broken-export/{n('UPPLAN')} {l}:{c + len('自走用標準型車いす　座幅16') + 2} CSV-003")
    put("broken-export", sfile(n("UPSIKYU"), "UPSIKYU", S), [("rec", first_row(S, B[2]), "SET-007")])
    with open(os.path.join(SAMPLES, "README.md"), "w", encoding="utf-8", newline="\n") as fp:
        fp.write("send-ok/: a conforming 4.1 提供票 send (UPPLAN + UPSIKYU + UPHOSOKU_202504, 2 users) - no findings.\n"
                 "broken-export/: another vendor's 提供票 send with end time 2400, 保険者番号 11015 (lost 0), an "
                 "undoubled quote (座幅16\"), a user without 999999 and a 第6表 user without 利用者補足情報.\n")
    return sorted(predicted)


# ---------------------------------------------------------------------------------------------


def write_chars2027():
    """Issue 19: characters that will not survive the move to standard 5.0 (JIS X 0213).
    Facts (specs/careplan/README.md, "JIS X 0213 and standard 5.0"): glibc's EUC-JISX0213 has no
    code for 髙 U+9AD9, ∑ U+2211, ￢ U+FFE2; Python's shift_jisx0213 has none for ～ U+FF5E,
    which glibc maps to 1-2-18."""
    v = V41
    NH0 = name4("UPHOSOKU", "000000", KYOTAKU, HOMON, S_PLAN)
    taka = dict(USERS[4], name="髙橋　健二")  # the kana stays タカハシ
    to_ibm = lambda b: b.replace("髙".encode("cp932"), b"\xfb\xfc")
    case(v, "JIS-001", "surname-taka", NH0, "UPHOSOKU", hosoku("plan", None, USERS[:4] + [taka]),
         expect=[("chr", 4, 6, "髙", "JIS-001"), ("chr", 4, 6, "髙", "ENC-007")], raw_fix=to_ibm,
         desc="氏名 髙橋 written as MS932 does (髙 = IBM extension 0xFBFC, so ENC-007 too): no JIS X 0213 "
              "code, the 5.0 conversion loses it or makes it 高")
    N1 = name4("UP1KYO", None, KYOTAKU, HOMON, S_PLAN)
    rows = up1kyo(USERS[:2])
    rows[1][22] = "体重の増減（∑）を記録し、塩分は控えめ（￢高塩分）。"
    case(v, "JIS-001", "sum-and-not-sign", N1, "UP1KYO", rows,
         expect=[("chr", 1, 22, "∑", "JIS-001"), ("chr", 1, 22, "∑", "ENC-007"),
                 ("chr", 1, 22, "￢", "JIS-001")],
         desc="free text with ∑ (NEC special 0x8794, so ENC-007 too) and ￢ (0x81CA, JIS X 0208 1-2-44, "
              "which JIS X 0213 maps to ¬ U+00AC): neither has a code in glibc's EUC-JISX0213")
    rows = up1kyo(USERS[:2])
    rows[0][22] = "自宅での生活を続けたい（週３回～４回の入浴）。"
    case(v, "JIS-002", "fullwidth-tilde", N1, "UP1KYO", rows,
         expect=[("chr", 0, 22, "～", "JIS-002")],
         desc="～ (0x8160, U+FF5E): glibc gives JIS X 0213 1-2-18, Python's shift_jisx0213 has no code, "
              "and the bytes read as Shift_JIS-2004 are 1-1-33 〜 U+301C (info)")
    # the same texts with what survives: 高 for 髙, words for ∑ and ￢, no ～ (valid/: no JIS-001)
    rows = up1kyo(USERS[:2])
    rows[0][22] = "自宅での生活を続けたい（週３回から４回の入浴）。高橋さん、崎山さんと交流したい。"
    rows[1][22] = "体重の増減（合計）を記録し、塩分は控えめ（高塩分を避ける）。"
    valid_file(v, name4("UP1KYO", None, KYOTAKU, HOMON, "20250321100000"), "UP1KYO", rows)


def main():
    for sub in (os.path.join("careplan", V41), os.path.join("careplan", V32), os.path.join("reader")):
        for kind in ("valid", "invalid", "sets"):
            d = os.path.join(CORPUS, sub, kind)
            if os.path.isdir(d):
                shutil.rmtree(d)
    write_valid()
    write_invalid()
    write_chars2027()
    write_reader()
    write_sets()
    predicted = write_samples()
    ok = check_code_coverage()
    for kind in ("valid", "invalid"):
        for ver, names in sorted(WRITTEN[kind].items()):
            print(f"{kind:8} {ver:7} {len(names)} files")
    rules = sorted({c[1] for c in CASES})
    print(f"rules with invalid cases: {len(rules)}")
    print(f"set cases: {len(SETCASES)}")
    print("samples: findings the broken export must give:")
    for p in predicted:
        print("  " + p)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
