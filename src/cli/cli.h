/*
 * cli.h - what the files of the renkei command share: the exit codes, the options struct the
 * arguments fill, the option and command tables (options.c, commands.c), the ja/en message
 * helpers (messages.c), the spec loader and the atomic output file (common.c), and one
 * cmd_<name>() per command (cmd_<name>.c). Nothing in src/cli/ knows a spec fact.
 */
#ifndef RENKEI_CLI_H
#define RENKEI_CLI_H

#include "renkei.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes, as documented in every help page, the man page and README. */
enum exit_code {
    EXIT_CONFORMS = 0,   /* every input conforms (no error-level finding) */
    EXIT_FINDINGS = 1,   /* at least one error-level finding (or --fail-on threshold) */
    EXIT_USAGE = 2,      /* usage error */
    EXIT_UNREADABLE = 3, /* an input could not be read (or an output not written) */
    EXIT_INTERNAL = 4    /* a spec table failed to load, out of memory, a bug */
};

/* ---- commands (commands.c: names, synopses, descriptions, examples) ---------------------- */

/* One bit per command: an option's `commands` says where it applies. */
enum cli_command_bit {
    CMD_CHECK = 1u << 0,
    CMD_ROUNDTRIP = 1u << 1,
    CMD_NORMALIZE = 1u << 2,
    CMD_SAMPLE = 1u << 3,
    CMD_SPECS = 1u << 4,
    CMD_RULES = 1u << 5,
    CMD_EVIDENCE = 1u << 6,
    CMD_VERIFY = 1u << 7,
    CMD_KEYGEN = 1u << 8,
    CMD_ALL = (1u << 9) - 1
};

struct cli_command {
    const char *name;       /* "check" */
    unsigned bit;           /* CMD_CHECK */
    const char *synopsis;   /* after "renkei NAME ": "[options] FILE|DIR..." */
    const char *summary_ja; /* one line for `renkei help` */
    const char *summary_en;
    const char *about_ja; /* paragraphs for `renkei help NAME` and the man page; '\n' breaks */
    const char *about_en;
    const char *examples[2]; /* two command lines, without "renkei " */
    const char *exits_ja;    /* this command's exit codes, one per line "N  meaning" */
    const char *exits_en;
};

extern const struct cli_command cli_commands[];
extern const size_t cli_ncommands;

/* The command named NAME, or NULL. */
const struct cli_command *cli_command_find(const char *name);

/* ---- options (options.c: the one option table and the parser) ---------------------------- */

enum cli_opt {
    OPT_HELP,
    OPT_LANG,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_ENCODING,
    OPT_PROFILE,
    OPT_CHARS,
    OPT_LAYOUT,
    OPT_SPEC_VERSION,
    OPT_FAMILY,
    OPT_SPECS,
    OPT_MAX_FINDINGS,
    OPT_MAX_FIELD_BYTES,
    OPT_MAX_FIELDS,
    OPT_MAX_QUOTED_LINES,
    OPT_JOBS,
    OPT_OFFICE,
    OPT_DIRECTION,
    OPT_NO_SET,
    OPT_SEND,
    OPT_USERS,
    OPT_MONTH,
    OPT_SEED,
    OPT_OUT,
    OPT_VENDOR,
    OPT_PRODUCT,
    OPT_PRODUCT_VERSION,
    OPT_KEY,
    OPT_PUBKEY,
    OPT_ROUNDTRIP,
    OPT_FAIL_ON,
    OPT_ONLY,
    OPT_NAME,
    OPT_IMPORT_VERSION,
    OPT_TO,
    OPT_WITHOUT_INPUTS
};

enum cli_arg {
    ARG_NONE,   /* a flag: --no-set */
    ARG_TEXT,   /* any non-empty string: --layout UPPLAN */
    ARG_CHOICE, /* one of `choices`: --format json */
    ARG_NUMBER, /* a decimal whole number in [min, max]: --users 4 */
    ARG_PAIR    /* two values: --roundtrip ORIGINAL REEXPORT */
};

struct cli_option {
    enum cli_opt id;
    const char *name;    /* long name without the dashes: "output" */
    char short_name;     /* 'o', or 0 */
    enum cli_arg arg;    /* what follows */
    const char *metavar; /* shown in help: "FILE", "text|json|junit|sarif|html" */
    const char *choices; /* ARG_CHOICE: every accepted value, '|'-separated (aliases too) */
    uint64_t min, max;   /* ARG_NUMBER: the accepted range */
    unsigned commands;   /* CMD_* bits: the commands it applies to */
    const char *help_ja; /* one or more lines ('\n' breaks) */
    const char *help_en;
};

extern const struct cli_option cli_options[];
extern const size_t cli_noptions;

/* What the arguments say. Zero-initialised; zero means the documented default. */
struct cli {
    const struct cli_command *cmd; /* the command being run */
    bool help;                     /* --help / -h: print the command's page */
    struct rk_check_options check;
    enum rk_report_format format;
    enum rk_lang lang;
    const char *specs_dir;
    const char *output; /* -o FILE; NULL = standard output */
    struct rk_set_options set;
    bool no_set;
    unsigned jobs;
    struct rk_sample_options sample;
    const char *out_dir;                            /* --out (sample, evidence, keygen) */
    const char *vendor, *product, *product_version; /* evidence */
    const char *key, *pubkey, *rt_original, *rt_reexport;
    bool without_inputs;        /* evidence --without-inputs */
    enum rk_severity fail_on;   /* --fail-on: the lowest severity that makes exit 1; set in main
                                   to RK_SEV_ERROR */
    enum rk_severity only;      /* --only: the lowest severity listed (RK_SEV_INFO = all) */
    const char *name;           /* --name: the file name of standard input ("-") */
    const char *import_version; /* specs import-life --version */
};

/* EXIT_FINDINGS when COUNT (findings by severity) reaches c->fail_on, else EXIT_CONFORMS. */
int cli_findings_exit(const struct cli *c, const uint64_t count[3]);

/* Reads argv[0..argc) (the arguments after the command name) into c; the operands (non-option
 * arguments, in order) go to operands[*noperands] (room for argc). Returns EXIT_CONFORMS, or
 * EXIT_USAGE after printing the reason. c->cmd must be set. */
int cli_parse(struct cli *c, int argc, char **argv, char **operands, int *noperands);

/* The language --lang names in argv (before "--"), else RENKEI_LANG, else Japanese. */
enum rk_lang cli_lang_from(int argc, char **argv);

/* ---- help pages and the man page (help.c) ------------------------------------------------- */

void cli_help_global(FILE *fp, enum rk_lang lang);
void cli_help_command(FILE *fp, const struct cli_command *cmd, enum rk_lang lang);
void cli_man_page(FILE *fp);        /* renkei.1 in roff, English */
void cli_bash_completion(FILE *fp); /* the bash completion script */

/* ---- messages in Japanese and English (messages.c) ---------------------------------------- */

/* The language every CLI message uses; set once from --lang / RENKEI_LANG. */
extern enum rk_lang cli_lang;

/* Picks the Japanese or the English text. Both are checked as format strings by the compiler
 * when used as one: usage_error(TR("…'%s'", "…'%s'"), x). */
#define TR(ja, en) (cli_lang == RK_LANG_EN ? (en) : (ja))

/* "renkei: MESSAGE\n" to standard error. */
__attribute__((format(printf, 1, 2))) void cli_error(const char *fmt, ...);

/* "renkei: MESSAGE" and the line saying where help is (the command's page when known);
 * returns EXIT_USAGE. */
__attribute__((format(printf, 1, 2))) int usage_error(const char *fmt, ...);

/* The command whose page usage_error points to (NULL: the global one). */
extern const char *cli_usage_command;

/* ---- shared by commands (common.c) -------------------------------------------------------- */

/* Loads --specs DIR or the built-in tables (problems go to standard error) and checks that
 * --spec-version, if given, names a version of --family (default careplan) in them. Returns
 * EXIT_CONFORMS, EXIT_INTERNAL, or a usage error (*SPECS is then NULL). */
int cli_load_specs(const struct cli *c, struct rk_specs **specs);

/* Starts the report in --format and --lang on FP, keeping what --only asks for. Returns
 * EXIT_CONFORMS or EXIT_INTERNAL (said on standard error). */
int cli_report_open(const struct cli *c, FILE *fp, struct rk_report **rep);

/* ---- the report file, written atomically (output.c) --------------------------------------- */

struct cli_output {
    FILE *fp;         /* where to write: stdout or the temporary file */
    const char *path; /* -o FILE as given; NULL for standard output */
    char *target;     /* the file replaced (links followed); owned */
    char *tmp;        /* the temporary file in the same directory; owned */
};

/* Opens where the report goes: standard output when PATH is NULL or "-", else a temporary
 * file next to PATH. Call it only once the arguments and spec tables are validated. A PATH
 * that is one of INPUTS is a usage error. Returns EXIT_CONFORMS, or the exit code after
 * printing why (nothing is left behind). */
int cli_output_open(struct cli_output *o, const char *path, char *const *inputs, size_t ninputs);

/* Finishes the report: flushes, and renames the temporary file over PATH. Returns
 * EXIT_CONFORMS, or EXIT_INTERNAL after printing why (the temporary file is removed and PATH
 * is as it was). */
int cli_output_commit(struct cli_output *o);

/* Drops the report: the temporary file is removed and PATH is as it was. */
void cli_output_abort(struct cli_output *o);

/* ---- standard input as a named file (stdin_file.c) --------------------------------------- */

struct cli_stdin {
    char *dir;        /* the private directory holding the copy; owned */
    const char *name; /* the copy's name in it (--name) */
    int cwd;          /* the working directory to return to, or -1 */
    bool created;     /* the copy exists */
};

/* Copies standard input to NAME in a new private directory and makes that directory the
 * working one, so "NAME" is the copy. Returns EXIT_CONFORMS, or the exit code after printing
 * why (everything undone). Open the report file first: its path may be relative. */
int cli_stdin_open(struct cli_stdin *s, const char *name);

/* Returns to the previous working directory and removes the copy and its directory. */
void cli_stdin_close(struct cli_stdin *s);

/* ---- the commands (cmd_<name>.c) ---------------------------------------------------------- */

int cmd_check(struct cli *c, int argc, char **argv);
int cmd_roundtrip(struct cli *c, int argc, char **argv);
int cmd_normalize(struct cli *c, int argc, char **argv);
int cmd_sample(struct cli *c, int argc, char **argv);
int cmd_specs(struct cli *c, int argc, char **argv);
int cmd_rules(struct cli *c, int argc, char **argv);
int cmd_evidence(struct cli *c, int argc, char **argv);
int cmd_verify(struct cli *c, int argc, char **argv);
int cmd_keygen(struct cli *c, int argc, char **argv);

#endif
