/*
 * main.c - the renkei command: arguments -> options struct -> librenkei -> exit code.
 *
 * How src/cli/ is laid out (as git's git.c command table and zsv's app/):
 *   main.c         this file: picks the language, finds the command, parses its options,
 *                  routes help, and calls the command's function from the table below
 *   cmd_<name>.c   one file per command: int cmd_<name>(struct cli *, int argc, char **argv)
 *                  gets the parsed options and the operands; returns the exit code
 *   options.c      THE option table: name, argument kind, the commands it applies to, help
 *                  in ja/en; and the parser (--opt=value, --opt value, inapplicable options)
 *   commands.c     what each command is for people: synopsis, summary, description, two
 *                  examples, exit codes, in ja/en
 *   help.c         `renkei help`, `renkei help CMD`, `renkei CMD --help` and renkei.1, all
 *                  printed from the two tables
 *   messages.c     cli_lang, TR("日本語", "English"), cli_error(), usage_error()
 *   common.c       what several commands share (loading the spec tables)
 *   output.c       -o FILE: opened after validation, written atomically (temp + rename)
 *   stdin_file.c   `check --name NAME -`: standard input checked as a file called NAME
 *   cli.h          the declarations they share
 * To add a command: a cmd_<name>.c, a row in commands.c, a CMD_ bit in cli.h, a row below,
 * and the CMD_ bit in the `commands` of every option it takes. To add an option: a row in
 * options.c (and an OPT_ id and a line in its apply()). Nothing here knows a spec fact.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(struct cli *c, int argc, char **argv);
} runs[] = {
    {"check", cmd_check},       {"roundtrip", cmd_roundtrip}, {"normalize", cmd_normalize},
    {"sample", cmd_sample},     {"specs", cmd_specs},         {"rules", cmd_rules},
    {"evidence", cmd_evidence}, {"verify", cmd_verify},       {"keygen", cmd_keygen},
};

int main(int argc, char **argv)
{
    /* Windows: the command line in UTF-8, UTF-8 console output, binary stdio (os.c) */
    if (rk_os_process_init(&argc, &argv) != RK_OK) {
        fputs("renkei: out of memory\n", stderr);
        return EXIT_INTERNAL;
    }
    cli_lang = cli_lang_from(argc - 1, argv + 1);
    /* `renkei --lang en COMMAND ...`: the language may come first too */
    while (argc >= 3 && (strcmp(argv[1], "--lang") == 0 || strncmp(argv[1], "--lang=", 7) == 0)) {
        int skip = argv[1][6] == '=' ? 1 : 2;
        if (argc < 1 + skip)
            break;
        argc -= skip;
        argv += skip;
    }
    if (argc < 2)
        return usage_error("%s", TR("コマンドがありません", "missing command"));
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
        (strcmp(name, "help") == 0 && argc == 2)) {
        cli_help_global(stdout, cli_lang);
        return fflush(stdout) == 0 ? EXIT_CONFORMS : EXIT_INTERNAL;
    }
    if (strcmp(name, "--version") == 0) {
        printf("renkei %s\n", RK_VERSION);
        return fflush(stdout) == 0 ? EXIT_CONFORMS : EXIT_INTERNAL;
    }
    if (strcmp(name, "help") == 0) {
        /* renkei help CMD [--lang L] */
        const struct cli_command *cmd = NULL;
        for (int i = 2; i < argc; i++)
            if (argv[i][0] != '-' && !(i > 2 && strcmp(argv[i - 1], "--lang") == 0)) {
                cmd = cli_command_find(argv[i]);
                if (!cmd)
                    return usage_error(TR("不明なコマンド '%s'", "unknown command '%s'"), argv[i]);
            }
        if (cmd)
            cli_help_command(stdout, cmd, cli_lang);
        else
            cli_help_global(stdout, cli_lang);
        return fflush(stdout) == 0 ? EXIT_CONFORMS : EXIT_INTERNAL;
    }
    struct cli c = {.lang = cli_lang, .cmd = cli_command_find(name), .fail_on = RK_SEV_ERROR};
    int (*run)(struct cli *, int, char **) = NULL;
    for (size_t i = 0; c.cmd && i < sizeof runs / sizeof runs[0]; i++)
        if (strcmp(runs[i].name, name) == 0)
            run = runs[i].run;
    if (!run)
        return usage_error(TR("不明なコマンド '%s'", "unknown command '%s'"), name);
    cli_usage_command = c.cmd->name;
    char **operands = malloc(sizeof(char *) * (size_t)argc);
    if (!operands) {
        cli_error("%s", TR("メモリ不足", "out of memory"));
        return EXIT_INTERNAL;
    }
    int noperands = 0;
    int code = cli_parse(&c, argc - 2, argv + 2, operands, &noperands);
    if (code == EXIT_CONFORMS && c.help) {
        cli_help_command(stdout, c.cmd, cli_lang);
        code = fflush(stdout) == 0 ? EXIT_CONFORMS : EXIT_INTERNAL;
    } else if (code == EXIT_CONFORMS) {
        code = run(&c, noperands, operands);
    }
    free(operands);
    return code;
}
