/*
 * options.c - the one option table of the renkei command and the parser that reads it.
 * Each option says what follows it, the commands it applies to and its help in Japanese and
 * English; the help pages and the man page (help.c) are printed from this table, so adding an
 * option here is all it takes. `--opt value` and `--opt=value` both work, `-o FILE` and
 * `-oFILE` too; "--" ends the options. An option that does not apply to the command, an unknown
 * option (the closest one is suggested), a missing value, a value not among the choices and a
 * number that is negative, blank, out of range or not a number are usage errors.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define CHECKING (CMD_CHECK | CMD_ROUNDTRIP | CMD_NORMALIZE | CMD_EVIDENCE)

const struct cli_option cli_options[] = {
    {OPT_HELP, "help", 'h', ARG_NONE, NULL, NULL, 0, 0, CMD_ALL,
     "このコマンドの使い方・オプション・例を表示する",
     "show this command's usage, options and examples"},
    {OPT_LANG, "lang", 0, ARG_CHOICE, "ja|en", "ja|en", 0, 0, CMD_ALL,
     "メッセージの言語（既定 ja、環境変数 RENKEI_LANG でも指定可）",
     "message language (default ja; also the environment variable RENKEI_LANG)"},
    {OPT_FORMAT, "format", 0, ARG_CHOICE, "text|json|junit|sarif|html",
     "text|json|junit|sarif|html", 0, 0, CMD_CHECK | CMD_ROUNDTRIP | CMD_NORMALIZE | CMD_VERIFY,
     "レポートの形式（既定 text）。html は A4 で印刷できる日本語の単独ページ",
     "report format (default text); html is a self-contained Japanese page,\nprintable on A4"},
    {OPT_OUTPUT, "output", 'o', ARG_TEXT, "FILE", NULL, 0, 0,
     CMD_CHECK | CMD_ROUNDTRIP | CMD_NORMALIZE | CMD_SPECS | CMD_RULES,
     "出力を FILE に書く（入力には書かない。- は標準出力）。検査と仕様表の確認が済んでから\n"
     "一時ファイルに書き、書き終えてから置き換えるので、誤りがあっても既存の FILE は残る",
     "write the report to FILE (never one of the inputs; - is standard output); it is\n"
     "written to a temporary file once the arguments and spec tables are validated and\n"
     "replaces FILE only when complete: on an error an existing FILE is left as it was"},
    {OPT_FAIL_ON, "fail-on", 0, ARG_CHOICE, "error|warning", "error|warning", 0, 0,
     CMD_CHECK | CMD_ROUNDTRIP | CMD_NORMALIZE,
     "終了コードを 1 にする最低の重大度（既定 error。warning なら警告 1 件でも 1）",
     "the lowest severity that makes the exit code 1 (default error;\n"
     "warning: one warning is enough)"},
    {OPT_ONLY, "only", 0, ARG_CHOICE, "errors|warnings", "errors|warnings", 0, 0,
     CMD_CHECK | CMD_ROUNDTRIP | CMD_NORMALIZE,
     "レポートに載せる指摘：errors はエラーだけ、warnings はエラーと警告（情報を除く）。\n"
     "件数と規則ごとの集計はすべての指摘を数える",
     "list only errors, or only warnings and errors (no infos); the totals and\n"
     "the per-rule summary still count every finding"},
    {OPT_NAME, "name", 0, ARG_TEXT, "NAME", NULL, 0, 0, CMD_CHECK,
     "入力 - （標準入力）のファイル名。レイアウトと仕様はこの名前で決まる",
     "the file name of the input - (standard input); it decides the layout"},
    {OPT_ENCODING, "encoding", 0, ARG_CHOICE, "cp932|utf-8", "cp932|ms932|shift_jis|utf-8|utf8", 0,
     0, CHECKING,
     "入力の読み方（既定：仕様が認める文字コードのうちバイト列から判定）。ケアプランの\n"
     "ファイルは MS932 でなければならない（UTF-8 は --encoding があっても ENC-014）",
     "how to read the input (default: told from its bytes among the encodings the\n"
     "spec allows); a care-plan file must be MS932 (UTF-8 is ENC-014 whatever --encoding says)"},
    {OPT_TO, "to", 0, ARG_CHOICE, "cp932", "cp932|ms932", 0, 0, CMD_NORMALIZE,
     "写しを MS932 で書く：UTF-8 のファイルは文字ごとに MS932 に変換する。MS932 に符号のない\n"
     "文字があれば写しは書かず、その文字と位置を挙げる（ENC-010）",
     "write the copy in MS932: a UTF-8 file is converted character by character;\n"
     "when a character has no MS932 code no copy is written and the characters are\n"
     "listed with their positions (ENC-010)"},
    {OPT_PROFILE, "profile", 0, ARG_CHOICE, "default|strict|2027|strict,2027",
     "default|strict|2027|strict,2027|2027,strict", 0, 0, CHECKING,
     "strict では環境依存文字とラウンドトリップの警告をエラーにする。2027 では JIS X 0213 に\n"
     "符号のない文字（標準仕様 5.0 への変換で失われる、JIS-001）をエラーにする",
     "strict makes 環境依存文字 and round-trip warnings errors; 2027 makes characters\n"
     "with no JIS X 0213 code (lost in the conversion to standard 5.0, JIS-001) errors"},
    {OPT_CHARS, "chars", 0, ARG_CHOICE, "2027", "2027", 0, 0, CMD_SAMPLE,
     "2027: JIS X 0213 に符号のない文字（JIS-001 の対象）も使う",
     "2027: also use characters with no JIS X 0213 code (those JIS-001 is about)"},
    {OPT_LAYOUT, "layout", 0, ARG_TEXT, "ID", NULL, 0, 0, CHECKING | CMD_SAMPLE,
     "レイアウトを指定する（例 UPPLAN）。ファイル名は判定しない",
     "force a layout (e.g. UPPLAN); the file name is not judged"},
    {OPT_SPEC_VERSION, "spec-version", 0, ARG_TEXT, "V", NULL, 0, 0, CHECKING | CMD_SAMPLE,
     "仕様バージョン V で検査する（既定：ファイルの示すバージョン）",
     "check against spec version V (default: what the file claims)"},
    {OPT_FAMILY, "family", 0, ARG_CHOICE, "careplan|life", "careplan|life", 0, 0, CHECKING,
     "仕様の系統（既定：1 行目かヘッダーが LIFE のものなら LIFE、ほかは careplan）",
     "spec family (default: LIFE when line 1 or the header is LIFE's, else careplan)"},
    {OPT_SPECS, "specs", 0, ARG_TEXT, "DIR", NULL, 0, 0, CHECKING | CMD_SAMPLE | CMD_SPECS,
     "組み込みの仕様表の代わりに DIR の仕様表を読む",
     "load spec tables from DIR instead of the built-in ones"},
    {OPT_MAX_FINDINGS, "max-findings", 0, ARG_NUMBER, "N", NULL, 0, UINT64_MAX, CHECKING,
     "1 ファイルにつき N 件で指摘の列挙をやめる（0 = 無制限）",
     "stop listing findings after N per file (0 = no limit)"},
    {OPT_MAX_FIELD_BYTES, "max-field-bytes", 0, ARG_NUMBER, "N", NULL, 0, SIZE_MAX, CHECKING,
     "保持する項目の最大バイト数（既定 1048576）", "longest field kept (default 1048576)"},
    {OPT_MAX_FIELDS, "max-fields", 0, ARG_NUMBER, "N", NULL, 0, SIZE_MAX, CHECKING,
     "1 レコードで保持する最大項目数（既定 4096）", "most fields kept per record (default 4096)"},
    {OPT_MAX_QUOTED_LINES, "max-quoted-lines", 0, ARG_NUMBER, "N", NULL, 0, SIZE_MAX, CHECKING,
     "引用符で囲まれた項目が閉じていないとみなすまでの行数（既定 500）",
     "lines a quoted field may span before it counts as unclosed\n(default 500)"},
    {OPT_JOBS, "jobs", 'j', ARG_NUMBER, "N", NULL, 1, 256, CMD_CHECK | CMD_EVIDENCE,
     "N ファイルずつ並行して検査する（出力は -j 1 と同一）",
     "check N files at a time (output identical to -j 1; each\n"
     "file's findings are held until its turn)"},
    {OPT_OFFICE, "office", 0, ARG_CHOICE, "TYPE",
     "kyotaku|service|facility|yobo-center|yobo-service", 0, 0, CMD_CHECK | CMD_EVIDENCE,
     "事業所種別がやり取りすべきファイルに照らして一式を検査する：\n"
     "kyotaku|service|yobo-center|yobo-service（evidence では facility も）",
     "check the set against the files an office type must exchange:\n"
     "kyotaku|service|yobo-center|yobo-service (evidence: also facility)"},
    {OPT_DIRECTION, "direction", 0, ARG_CHOICE, "output|import", "output|import", 0, 0,
     CMD_CHECK | CMD_EVIDENCE, "事業所プロファイルのどちら側か（既定 output）",
     "which side of the office profile (default output)"},
    {OPT_NO_SET, "no-set", 0, ARG_NONE, NULL, NULL, 0, 0, CMD_CHECK,
     "レコードごとに検査する：送信単位も、利用者やサービスを覚える規則（SET-*）もなし。\n"
     "ファイルの大きさによらずメモリは一定",
     "check record by record: no sends, no rule that remembers users or\n"
     "services (SET-*); memory stays flat whatever the file's size"},
    {OPT_SEND, "send", 0, ARG_TEXT, "UNIT", NULL, 0, 0, CMD_SAMPLE,
     "送信単位 UNIT（sends.tsv、例 slip）のファイル一式を書く",
     "write the files of send unit UNIT (sends.tsv, e.g. slip)"},
    {OPT_USERS, "users", 0, ARG_NUMBER, "N", NULL, 1, 100000, CMD_SAMPLE, "利用者数（1-100000）",
     "number of users (1-100000)"},
    {OPT_MONTH, "month", 0, ARG_TEXT, "YYYYMM", NULL, 0, 0, CMD_SAMPLE, "対象年月",
     "the month the files are for"},
    {OPT_SEED, "seed", 0, ARG_NUMBER, "S", NULL, 0, UINT64_MAX, CMD_SAMPLE,
     "乱数の種（同じ種なら同じバイト列）", "random seed (same seed, same bytes)"},
    {OPT_OUT, "out", 0, ARG_TEXT, "DIR", NULL, 0, 0,
     CMD_SAMPLE | CMD_EVIDENCE | CMD_KEYGEN | CMD_SPECS,
     "書き出し先（sample・evidence・specs import-life はディレクトリ、keygen "
     "はファイル名の接頭辞）",
     "where to write (sample, evidence, specs import-life: a directory; keygen: a file prefix)"},
    {OPT_IMPORT_VERSION, "version", 0, ARG_TEXT, "V", NULL, 0, 0, CMD_SPECS,
     "specs import-life: 取り込む項目一覧のバージョン（例 3.10）",
     "specs import-life: the version of the item list imported (e.g. 3.10)"},
    {OPT_VENDOR, "vendor", 0, ARG_TEXT, "V", NULL, 0, 0, CMD_EVIDENCE, "ベンダー名",
     "the vendor's name"},
    {OPT_PRODUCT, "product", 0, ARG_TEXT, "P", NULL, 0, 0, CMD_EVIDENCE, "製品名",
     "the product's name"},
    {OPT_PRODUCT_VERSION, "product-version", 0, ARG_TEXT, "X", NULL, 0, 0, CMD_EVIDENCE,
     "製品のバージョン", "the product's version"},
    {OPT_KEY, "key", 0, ARG_TEXT, "PRIV.pem", NULL, 0, 0, CMD_EVIDENCE,
     "署名に使う Ed25519 秘密鍵（renkei keygen で作る）",
     "the Ed25519 private key that signs (made by renkei keygen)"},
    {OPT_PUBKEY, "pubkey", 0, ARG_TEXT, "PUB.pem", NULL, 0, 0, CMD_VERIFY,
     "この公開鍵で署名を確かめる（既定：束の pubkey.pem）",
     "check the signature with this public key (default: the bundle's pubkey.pem)"},
    {OPT_ROUNDTRIP, "roundtrip", 0, ARG_PAIR, "ORIGINAL REEXPORT", NULL, 0, 0, CMD_EVIDENCE,
     "取込みの証拠として ORIGINAL と REEXPORT のラウンドトリップも検査する",
     "also check the round trip ORIGINAL -> REEXPORT (evidence of import)"},
    {OPT_WITHOUT_INPUTS, "without-inputs", 0, ARG_NONE, NULL, NULL, 0, 0, CMD_EVIDENCE,
     "入力の写しを束に入れない（実際の個人情報のとき）。判定は再検査できないと記録される",
     "leave the copies of the inputs out of the bundle (real personal data): the bundle\n"
     "then says its verdicts cannot be re-checked"},
};
const size_t cli_noptions = sizeof cli_options / sizeof cli_options[0];

/* Levenshtein distance between a and b (short strings: option names). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return (size_t)-1;
    size_t row[41];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* The long option closest to NAME (without dashes), or NULL when none is close. */
static const struct cli_option *closest(const char *name, size_t len)
{
    char buf[41];
    if (len > 40)
        return NULL;
    memcpy(buf, name, len);
    buf[len] = '\0';
    const struct cli_option *best = NULL;
    size_t bestd = (size_t)-1;
    for (size_t i = 0; i < cli_noptions; i++) {
        size_t d = distance(buf, cli_options[i].name);
        if (d < bestd) {
            bestd = d;
            best = &cli_options[i];
        }
    }
    return bestd <= 1 + len / 3 ? best : NULL;
}

static const struct cli_option *find_long(const char *name, size_t len)
{
    for (size_t i = 0; i < cli_noptions; i++)
        if (strlen(cli_options[i].name) == len && memcmp(cli_options[i].name, name, len) == 0)
            return &cli_options[i];
    return NULL;
}

static const struct cli_option *find_short(char c)
{
    for (size_t i = 0; i < cli_noptions; i++)
        if (cli_options[i].short_name && cli_options[i].short_name == c)
            return &cli_options[i];
    return NULL;
}

/* Index of V among the '|'-separated CHOICES, or -1. */
static int choice_index(const char *choices, const char *v)
{
    size_t n = strlen(v);
    int i = 0;
    for (const char *p = choices;; i++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && memcmp(p, v, n) == 0)
            return i;
        if (!bar)
            return -1;
        p = bar + 1;
    }
}

/* A decimal whole number: digits only (no sign, no blank), no overflow. */
static bool parse_number(const char *s, uint64_t *out)
{
    if (!*s)
        return false;
    uint64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        unsigned d = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

enum rk_lang cli_lang_from(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strcmp(a, "--") == 0)
            break;
        if (strcmp(a, "--lang") == 0 && i + 1 < argc)
            v = argv[i + 1];
        else if (strncmp(a, "--lang=", 7) == 0)
            v = a + 7;
        if (v && strcmp(v, "en") == 0)
            return RK_LANG_EN;
        if (v && strcmp(v, "ja") == 0)
            return RK_LANG_JA;
    }
    const char *env = getenv("RENKEI_LANG");
    if (env && strcmp(env, "en") == 0)
        return RK_LANG_EN;
    return RK_LANG_JA;
}

/* Stores a validated value. */
static void apply(struct cli *c, const struct cli_option *o, const char *v, const char *v2,
                  uint64_t n, int choice)
{
    static const enum rk_report_format formats[] = {RK_REPORT_TEXT, RK_REPORT_JSON, RK_REPORT_JUNIT,
                                                    RK_REPORT_SARIF, RK_REPORT_HTML};
    switch (o->id) {
    case OPT_HELP:
        c->help = true;
        break;
    case OPT_LANG:
        c->lang = choice == 1 ? RK_LANG_EN : RK_LANG_JA;
        break;
    case OPT_FORMAT:
        c->format = formats[choice];
        break;
    case OPT_OUTPUT:
        c->output = v;
        break;
    case OPT_ENCODING:
        c->check.encoding = choice < 3 ? RK_ENC_CP932 : RK_ENC_UTF8;
        break;
    case OPT_PROFILE:
        c->check.profile = choice == 0   ? RK_PROFILE_DEFAULT
                           : choice == 1 ? RK_PROFILE_STRICT
                           : choice == 2 ? RK_PROFILE_2027
                                         : (enum rk_profile)(RK_PROFILE_STRICT | RK_PROFILE_2027);
        break;
    case OPT_CHARS:
        c->sample.chars2027 = 1;
        break;
    case OPT_LAYOUT:
        c->check.layout = v;
        break;
    case OPT_SPEC_VERSION:
        c->check.version = v;
        break;
    case OPT_FAMILY:
        c->check.family = v;
        break;
    case OPT_SPECS:
        c->specs_dir = v;
        break;
    case OPT_MAX_FINDINGS:
        c->check.max_findings = n;
        break;
    case OPT_MAX_FIELD_BYTES:
        c->check.max_field_bytes = (size_t)n;
        break;
    case OPT_MAX_FIELDS:
        c->check.max_fields = (size_t)n;
        break;
    case OPT_MAX_QUOTED_LINES:
        c->check.max_quoted_lines = (size_t)n;
        break;
    case OPT_JOBS:
        c->jobs = (unsigned)n;
        break;
    case OPT_OFFICE:
        c->set.office = v;
        break;
    case OPT_DIRECTION:
        c->set.direction = v;
        break;
    case OPT_NO_SET:
        c->no_set = true;
        break;
    case OPT_SEND:
        c->sample.send = v;
        break;
    case OPT_USERS:
        c->sample.users = (unsigned)n;
        break;
    case OPT_MONTH:
        c->sample.month = v;
        break;
    case OPT_SEED:
        c->sample.seed = n;
        break;
    case OPT_OUT:
        c->out_dir = v;
        break;
    case OPT_VENDOR:
        c->vendor = v;
        break;
    case OPT_PRODUCT:
        c->product = v;
        break;
    case OPT_PRODUCT_VERSION:
        c->product_version = v;
        break;
    case OPT_KEY:
        c->key = v;
        break;
    case OPT_PUBKEY:
        c->pubkey = v;
        break;
    case OPT_WITHOUT_INPUTS:
        c->without_inputs = true;
        break;
    case OPT_ROUNDTRIP:
        c->rt_original = v;
        c->rt_reexport = v2;
        break;
    case OPT_FAIL_ON:
        c->fail_on = choice ? RK_SEV_WARNING : RK_SEV_ERROR;
        break;
    case OPT_ONLY:
        c->only = choice ? RK_SEV_WARNING : RK_SEV_ERROR;
        break;
    case OPT_NAME:
        c->name = v;
        break;
    case OPT_IMPORT_VERSION:
        c->import_version = v;
        break;
    case OPT_TO:
        c->check.output_encoding = RK_ENC_CP932;
        break;
    }
}

/* Reads the option at argv[*i] (known to start with '-'); returns EXIT_CONFORMS or a usage
 * error. */
static int parse_one(struct cli *c, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const struct cli_option *o;
    const char *v = NULL, *v2 = NULL;
    char shown[64]; /* the option as the user wrote it, for messages */
    if (a[1] == '-') {
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        o = find_long(name, len);
        if (!o) {
            const struct cli_option *near = closest(name, len);
            if (near)
                return usage_error(TR("不明なオプション '%.*s'（'--%s' のことですか）",
                                      "unknown option '%.*s'; did you mean '--%s'?"),
                                   (int)(len + 2), a, near->name);
            return usage_error(TR("不明なオプション '%.*s'", "unknown option '%.*s'"),
                               (int)(len + 2), a);
        }
        if (eq)
            v = eq + 1;
        snprintf(shown, sizeof shown, "--%s", o->name);
    } else {
        o = find_short(a[1]);
        if (!o)
            return usage_error(TR("不明なオプション '-%c'", "unknown option '-%c'"), a[1]);
        if (a[2])
            v = a[2] == '=' ? a + 3 : a + 2;
        snprintf(shown, sizeof shown, "-%c", o->short_name);
    }
    if (!(o->commands & c->cmd->bit))
        return usage_error(
            TR("オプション %s は %s には使えません", "option %s does not apply to '%s'"), shown,
            c->cmd->name);
    if (o->arg == ARG_NONE) {
        if (v)
            return usage_error(TR("オプション %s は値を取りません", "option %s takes no value"),
                               shown);
    } else if (!v) {
        if (*i + 1 >= argc)
            return usage_error(
                TR("オプション %s には値 %s が必要です", "option %s needs a value (%s)"), shown,
                o->metavar);
        v = argv[++*i];
    }
    if (o->arg == ARG_PAIR) {
        if (*i + 1 >= argc)
            return usage_error(TR("オプション %s には値 %s が必要です", "option %s needs %s"),
                               shown, o->metavar);
        v2 = argv[++*i];
    }
    if ((o->arg == ARG_TEXT || o->arg == ARG_PAIR) && (!*v || (v2 && !*v2)))
        return usage_error(TR("オプション %s の値が空です", "option %s has an empty value"), shown);
    uint64_t n = 0;
    int choice = 0;
    if (o->arg == ARG_CHOICE) {
        choice = choice_index(o->choices, v);
        if (choice < 0)
            return usage_error(
                TR("値 '%s' は %s には使えません（%s）", "unknown value '%s' for %s (%s)"), v,
                shown, o->choices);
    } else if (o->arg == ARG_NUMBER) {
        if (!parse_number(v, &n) || n < o->min || n > o->max) {
            if (o->max == UINT64_MAX)
                return usage_error(TR("%s には 0 以上の整数を指定してください（'%s' は不可）",
                                      "%s needs a whole number, 0 or more, not '%s'"),
                                   shown, v);
            return usage_error(TR("%s には %llu から %llu までの整数を指定してください（'%s' "
                                  "は不可）",
                                  "%s needs a whole number from %llu to %llu, not '%s'"),
                               shown, (unsigned long long)o->min, (unsigned long long)o->max, v);
        }
    }
    apply(c, o, v, v2, n, choice);
    return EXIT_CONFORMS;
}

int cli_parse(struct cli *c, int argc, char **argv, char **operands, int *noperands)
{
    bool only_operands = false;
    *noperands = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_operands || a[0] != '-' || a[1] == '\0') {
            operands[(*noperands)++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_operands = true;
            continue;
        }
        int rc = parse_one(c, argc, argv, &i);
        if (rc != EXIT_CONFORMS || c->help)
            return rc;
    }
    return EXIT_CONFORMS;
}
