/*
 * commands.c - what each command of renkei is, for people: its synopsis, a one-line summary,
 * a description, two examples and its exit codes, in Japanese and English. `renkei help`,
 * `renkei help CMD`, `renkei CMD --help` and the man page are printed from this table and the
 * option table (options.c); main.c maps the same names to the cmd_<name>() functions.
 */
#include "cli.h"

#include <string.h>

#define EXITS_CHECK_JA                                                                             \
    "0  どの入力も適合（エラー水準の指摘なし）\n"                               \
    "1  エラー水準の指摘が 1 件以上（--fail-on warning なら警告でも）\n"       \
    "2  使い方の誤り\n"                                                                      \
    "3  入力を読めなかった\n"                                                             \
    "4  内部エラー（仕様表を読めない、メモリ不足、不具合）"
#define EXITS_CHECK_EN                                                                             \
    "0  every input conforms (no error-level finding)\n"                                           \
    "1  at least one error-level finding (with --fail-on warning: or a warning)\n"                 \
    "2  usage error\n"                                                                             \
    "3  an input could not be read\n"                                                              \
    "4  internal error (a spec table failed to load, out of memory, a bug)"
#define EXITS_LIST_JA "0  成功\n2  使い方の誤り\n4  内部エラー（仕様表を読めない、出力できない）"
#define EXITS_LIST_EN                                                                              \
    "0  success\n2  usage error\n4  internal error (a spec table failed to load, output failed)"

const struct cli_command cli_commands[] = {
    {"check",
     CMD_CHECK,
     "[options] FILE|DIR...",
     "ファイルを仕様に照らして検査する",
     "check files against the spec they claim",
     "ケアプランデータ連携標準仕様（4.1・3.2）と LIFE CSV 連携仕様に照らして、ファイルと\n"
     "ディレクトリ（再帰的に、名前順）を検査する。ファイル名がレイアウトを、1 レコード目の\n"
     "CSV バージョンが仕様バージョンを決める。ディレクトリ・複数ファイル・--office の\n"
     "ときは送信単位（SET-*）もファイルをまたいで検査する。",
     "Checks files and directories (recursively, in name order) against the care-plan\n"
     "data-linkage standard (ケアプランデータ連携標準仕様 4.1 and 3.2) and the LIFE CSV spec.\n"
     "The file name decides the layout; the CSV version in record 1 decides the spec version.\n"
     "Given a directory, several files or --office, the sends (SET-*) are checked across\n"
     "files too.",
     {"check --lang en samples/send-ok", "check --format sarif -o renkei.sarif exports/"},
     EXITS_CHECK_JA,
     EXITS_CHECK_EN},
    {"roundtrip",
     CMD_ROUNDTRIP,
     "[options] ORIGINAL REEXPORT",
     "出力→取込み→再出力でデータが保たれるかを調べる",
     "does the data survive export -> import -> export?",
     "ORIGINAL と REEXPORT（2 つのファイル、またはレイアウト・年月・送受信者で組にする 2 つの\n"
     "ディレクトリ）のレコードを照合項目で組にし、失われたレコード（RT-001）、増えたレコード\n"
     "（RT-002）、変わった項目（RT-003）を報告する。",
     "Pairs the records of ORIGINAL and REEXPORT (two files, or two directories whose files\n"
     "are paired by layout, month, sender and receiver) by the layout's match items and\n"
     "reports records lost (RT-001), added (RT-002) and every changed item (RT-003).",
     {"roundtrip exported/ reexported/", "roundtrip --format json --lang en A.CSV B.CSV"},
     "0  失われた・変わったデータなし\n1  データが失われたか変わった\n2  使い方の誤り\n"
     "3  入力を読めなかった\n4  内部エラー",
     "0  nothing lost or changed\n1  data was lost or changed\n2  usage error\n"
     "3  an input could not be read\n4  internal error"},
    {"normalize",
     CMD_NORMALIZE,
     "[options] IN OUT",
     "ファイルの正規形を書く（IN には書かない）",
     "write the canonical copy of a file (never over IN)",
     "IN の正規形（自由記述は引用符付き、ほかは必要なときだけ引用符、CRLF）を OUT に書く。\n"
     "構文や文字のエラーがあるファイルは正規化せず、何も書かない。指摘は標準エラー出力\n"
     "（-o FILE なら FILE）へ。--to cp932 なら UTF-8 のケアプランファイルの MS932 の写しを書く。\n"
     "MS932 に符号のない文字があれば写しは書かず、その文字と位置を挙げて 1 で終わる。",
     "Writes the canonical form of IN to OUT (free text quoted, other items quoted only when\n"
     "they must be, CRLF). A file with syntax or character errors is refused and nothing is\n"
     "written. Findings go to standard error (or to -o FILE). With --to cp932 a UTF-8\n"
     "care-plan file is written as its MS932 copy; when a character has no MS932 code no\n"
     "copy is written, the characters are listed with their positions and the exit code is 1.",
     {"normalize UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV out.CSV",
      "normalize --to cp932 utf8.CSV UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV"},
     "0  書けた\n1  エラー水準の指摘があった\n2  使い方の誤り\n3  読めない・書けない\n"
     "4  内部エラー",
     "0  written\n1  an error-level finding (no copy when it is a syntax or character error)\n2  "
     "usage error\n3  IN unreadable or OUT unwritable\n"
     "4  internal error"},
    {"sample",
     CMD_SAMPLE,
     "(--layout ID | --send UNIT) [options] --out DIR",
     "仕様に適合する合成ファイルを書く",
     "write conforming synthetic files",
     "取込み機能の試験用に、仕様に適合する合成ファイルを DIR に書く：コード値を順に、\n"
     "全角・複数行の自由記述、第 6 表と同じ計画から合計した第 7 表。同じ種なら同じバイト列。\n"
     "既存のファイルは上書きしない。",
     "Writes conforming synthetic files into DIR for vendors' importers and for the tests:\n"
     "every code value in turn, full-width and multi-line quoted free text, 第7表 rows summed\n"
     "from the same plan as 第6表. Same seed, same bytes. Existing files are never overwritten.",
     {"sample --send slip --out gen", "sample --layout UPPLAN --users 4 --seed 7 --out gen"},
     "0  書けた\n2  使い方の誤り（不明なレイアウト・送信単位・バージョン・年月）\n"
     "3  DIR に書けない\n4  内部エラー",
     "0  written\n2  usage error (unknown layout, send unit, version or month)\n"
     "3  DIR could not be written\n4  internal error"},
    {"specs",
     CMD_SPECS,
     "[--specs DIR] [show FAMILY VERSION LAYOUT | import-life ITEM_LIST.xlsx --version V "
     "--out DIR]",
     "仕様の系統・バージョン・レイアウトを一覧する。厚労省の LIFE 項目一覧を取り込む",
     "list the spec families, versions and layouts; import MHLW's LIFE item list",
     "読み込んだ仕様表（組み込み、または --specs DIR）の系統・バージョン・レイアウトを一覧する。\n"
     "show FAMILY VERSION LAYOUT で 1 つのレイアウトを項目ごとに表示する。\n"
     "import-life は厚生労働省の外部インターフェース項目一覧（.xlsx）を読み、バージョン V の\n"
     "LIFE 仕様表を DIR/life/ に書く（既存のファイルには書かない）。各行はブックのファイル名・\n"
     "SHA-256・シート・行を引用する。評価式にできない●条件は警告（LIFEIMP-004）で示す。\n"
     "その後 renkei check --specs DIR で LIFE ファイルを検査できる。",
     "Lists the families, versions and layouts of the spec tables (built in, or --specs DIR).\n"
     "show FAMILY VERSION LAYOUT prints one layout, item by item.\n"
     "import-life reads MHLW's LIFE item list (外部インターフェース項目一覧, .xlsx) and writes\n"
     "the tables of version V into DIR/life/ (never over existing files); every row cites the\n"
     "workbook's file name, SHA-256, sheet and row. A ● condition that cannot be evaluated is\n"
     "a warning (LIFEIMP-004). Then renkei check --specs DIR checks LIFE files against them.",
     {"specs show careplan 4.1 UPPLAN",
      "specs import-life item_list_3.10.xlsx --version 3.10 --out mhlw-specs"},
     "0  成功（import-life: 書けた）\n1  import-life: 項目一覧として使えない（何も書かない）\n"
     "2  使い方の誤り\n3  import-life: 読めない・書けない\n4  内部エラー",
     "0  success (import-life: written)\n1  import-life: not a usable item list (nothing "
     "written)\n2  usage error\n3  import-life: unreadable, or DIR not writable\n"
     "4  internal error"},
    {"rules",
     CMD_RULES,
     "[--lang ja|en]",
     "規則を一覧する：ID、重大度、題名、根拠",
     "list every rule: ID, severity, title, clause",
     "すべての規則を ID、既定の重大度、題名、仕様の根拠とともにタブ区切りで一覧する。",
     "Lists every rule with its ID, default severity, title and spec clause, tab-separated.",
     {"rules", "rules --lang en"},
     "0  成功\n4  出力できない",
     "0  success\n4  output failed"},
    {"evidence",
     CMD_EVIDENCE,
     "--vendor V --product P --product-version X --office TYPE --key PRIV.pem\n"
     "[--roundtrip ORIGINAL REEXPORT] [options] --out DIR INPUTS...",
     "都道府県向けの署名付き証拠一式を書く",
     "write a signed evidence bundle for a prefecture",
     "INPUTS（ファイルかディレクトリ）を 'check --office TYPE' と同じく検査し（TYPE は facility\n"
     "も可）、新しいディレクトリ DIR に report.json、report.html、manifest.json（正規化 JSON：\n"
     "ツールとビルド、仕様バージョンと仕様表のハッシュ、オプション、時刻、各入力・レポートの\n"
     "SHA-256 と大きさ、要件 1（ケアプラン CSV の出力と取込み。ラウンドトリップは --roundtrip\n"
     "のときだけ）と要件 2（LIFE CSV の出力）の判定）、manifest.sig（Ed25519 署名）と\n"
     "pubkey.pem を書く。",
     "Checks INPUTS (files or directories) as 'check --office TYPE' does (TYPE also facility)\n"
     "and writes into the new directory DIR: report.json, report.html, manifest.json\n"
     "(canonical JSON: tool and build, spec versions and the hash of the spec tables, the\n"
     "options, a timestamp, SHA-256 and size of every input and report, and the verdicts for\n"
     "requirement 1 (care-plan CSV output and import; the round trip only with --roundtrip)\n"
     "and requirement 2 (LIFE CSV output)), manifest.sig (Ed25519 signature of manifest.json,\n"
     "hex) and pubkey.pem.",
     {"evidence --vendor V --product P --product-version 2.1 --office kyotaku --key k.key\n"
      "    --roundtrip exported/ reexported/ --out bundle exported/",
      "evidence --vendor V --product P --product-version 2.1 --office facility --key k.key\n"
      "    --out bundle life/"},
     "0  書けた・エラー水準の指摘なし\n1  書けたがエラー水準の指摘あり\n2  使い方の誤り\n"
     "3  入力・鍵・DIR を読み書きできない（DIR には何も残らない）\n4  内部エラー",
     "0  bundle written and no error-level finding\n1  written with error-level findings\n"
     "2  usage error\n3  an input, the key or DIR could not be read or written (nothing is\n"
     "   left in DIR)\n4  internal error"},
    {"verify",
     CMD_VERIFY,
     "DIR|BUNDLE.zip [--pubkey PUB.pem]",
     "証拠一式の署名と各ファイルを確かめる",
     "check a bundle's signature and every file",
     "署名（--pubkey、なければ束の pubkey.pem で）と各ファイルの大きさ・SHA-256 を確かめる。\n"
     "変更・欠落・余分なファイル、リンク、ディレクトリの外を指す名前は不合格。\n"
     "一式の ZIP（ファイルを直接、またはフォルダーごと圧縮したもの）も確かめられる。ZIP の中の\n"
     "外を指す名前・リンク・同じ名前・ZIP爆弾は展開せず不合格（IO-002..IO-009）。",
     "Checks the signature (with --pubkey, else the bundle's own pubkey.pem) and every file's\n"
     "size and SHA-256; a changed, missing or extra file, a link, or a name leaving the\n"
     "directory fails. A ZIP of the bundle (its files, or its folder zipped whole) is verified\n"
     "too; a member named to leave it, a link, a name given twice or a ZIP bomb is not\n"
     "extracted and fails (IO-002..IO-009).",
     {"verify bundle --pubkey vendor.pub", "verify --lang en bundle.zip"},
     "0  有効\n1  無効\n2  使い方の誤り\n3  読めない（壊れた ZIP を含む）\n4  内部エラー",
     "0  valid\n1  invalid\n2  usage error\n3  unreadable (a damaged ZIP too)\n4  internal error"},
    {"keygen",
     CMD_KEYGEN,
     "--out PREFIX",
     "Ed25519 鍵の組を作る",
     "make an Ed25519 key pair",
     "PREFIX.key（Ed25519 秘密鍵、モード 0600）と PREFIX.pub を書く。既存のファイルは\n"
     "上書きしない。",
     "Writes PREFIX.key (Ed25519 private key, mode 0600) and PREFIX.pub; it never overwrites.",
     {"keygen --out vendor", "keygen --lang en --out keys/2026"},
     "0  書けた\n2  使い方の誤り\n3  書けない（既存のファイルがある）\n4  内部エラー",
     "0  written\n2  usage error\n3  cannot write (a file exists)\n4  internal error"},
};
const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];

const struct cli_command *cli_command_find(const char *name)
{
    for (size_t i = 0; i < cli_ncommands; i++)
        if (strcmp(cli_commands[i].name, name) == 0)
            return &cli_commands[i];
    return NULL;
}
