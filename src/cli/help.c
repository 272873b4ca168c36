/*
 * help.c - the help pages and the man page, printed from the command table (commands.c) and
 * the option table (options.c) and nothing else: `renkei help` lists the commands, `renkei
 * help CMD` and `renkei CMD --help` show that command's usage, description, the options that
 * apply to it, two examples and its exit codes; cli_man_page() writes renkei.1 (roff) and
 * cli_bash_completion() the bash completion script from the same tables (src/tools/make_docs.c
 * calls them at build time).
 */
#include "cli.h"

#include <string.h>

/* Prints TEXT with INDENT spaces before each of its '\n'-separated lines. */
static void indented(FILE *fp, const char *text, int indent)
{
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        fprintf(fp, "%*s%.*s\n", indent, "", len, p);
        p += len + (nl != NULL);
    }
}

static void option_head(FILE *fp, const struct cli_option *o)
{
    fputs("  ", fp);
    if (o->short_name)
        fprintf(fp, "-%c, ", o->short_name);
    fprintf(fp, "--%s", o->name);
    if (o->arg != ARG_NONE)
        fprintf(fp, " %s", o->metavar);
    fputc('\n', fp);
}

static void print_option(FILE *fp, const struct cli_option *o, enum rk_lang lang)
{
    option_head(fp, o);
    indented(fp, lang == RK_LANG_EN ? o->help_en : o->help_ja, 8);
}

void cli_help_global(FILE *fp, enum rk_lang lang)
{
    bool en = lang == RK_LANG_EN;
    fputs(en ? "usage: renkei COMMAND [options] ARGUMENTS...\n"
             : "使い方: renkei コマンド [オプション] 引数...\n",
          fp);
    fputs("       renkei help [COMMAND] | renkei COMMAND --help | renkei --version\n\n", fp);
    fputs(
        en ? "Checks CSV files exchanged by Japanese care software against the standard they\n"
             "claim: ケアプランデータ連携標準仕様 (care-plan data linkage, versions 4.1 and 3.2)\n"
             "and the LIFE CSV spec. Directories are read recursively; files are checked in\n"
             "name order.\n\ncommands:\n"
           : "介護ソフトがやり取りする CSV ファイルを、そのファイルが示す仕様に照らして検査する：\n"
             "ケアプランデータ連携標準仕様（4.1・3.2）と LIFE CSV 連携仕様。ディレクトリは\n"
             "再帰的に読み、ファイルは名前順に検査する。\n\nコマンド:\n",
        fp);
    for (size_t i = 0; i < cli_ncommands; i++)
        fprintf(fp, "  %-10s %s\n", cli_commands[i].name,
                en ? cli_commands[i].summary_en : cli_commands[i].summary_ja);
    fputs(en ? "\noptions of every command:\n" : "\nどのコマンドにも使えるオプション:\n", fp);
    for (size_t i = 0; i < cli_noptions; i++)
        if (cli_options[i].commands == CMD_ALL)
            print_option(fp, &cli_options[i], lang);
    fputs(en ? "\nexit codes (check; each command's page lists its own):\n"
             : "\n終了コード（check。各コマンドのページにそれぞれの終了コード）:\n",
          fp);
    indented(fp, en ? cli_commands[0].exits_en : cli_commands[0].exits_ja, 2);
    fputs(en ? "\n'renkei help COMMAND' or 'renkei COMMAND --help' shows a command's options and "
               "examples.\n"
             : "\n'renkei help コマンド' または 'renkei コマンド --help' でコマンドのオプションと"
               "例を表示する。\n",
          fp);
}

void cli_help_command(FILE *fp, const struct cli_command *cmd, enum rk_lang lang)
{
    bool en = lang == RK_LANG_EN;
    fputs(en ? "usage: " : "使い方: ", fp);
    /* a synopsis may span lines: continuation lines line up under the first */
    int pad = (int)strlen(en ? "usage: " : "使い方: ") + (int)strlen("renkei ") +
              (int)strlen(cmd->name) + 1;
    if (!en)
        pad -= 3; /* 使い方 is 9 bytes, 6 columns */
    const char *nl = strchr(cmd->synopsis, '\n');
    int first = nl ? (int)(nl - cmd->synopsis) : (int)strlen(cmd->synopsis);
    fprintf(fp, "renkei %s %.*s\n", cmd->name, first, cmd->synopsis);
    if (nl)
        indented(fp, nl + 1, pad);
    fputc('\n', fp);
    indented(fp, en ? cmd->about_en : cmd->about_ja, 0);
    fputs(en ? "\noptions:\n" : "\nオプション:\n", fp);
    for (size_t i = 0; i < cli_noptions; i++)
        if (cli_options[i].commands & cmd->bit)
            print_option(fp, &cli_options[i], lang);
    fputs(en ? "\nexamples:\n" : "\n例:\n", fp);
    for (int i = 0; i < 2; i++) {
        fputs("  renkei ", fp);
        const char *ex = cmd->examples[i];
        const char *enl = strchr(ex, '\n');
        int len = enl ? (int)(enl - ex) : (int)strlen(ex);
        fprintf(fp, "%.*s\n", len, ex);
        if (enl)
            indented(fp, enl + 1, 2);
    }
    fputs(en ? "\nexit codes:\n" : "\n終了コード:\n", fp);
    indented(fp, en ? cmd->exits_en : cmd->exits_ja, 2);
}

/* ---- the man page ---- */

/* TEXT in roff: backslashes and hyphens escaped, a line starting with '.' or '\'' guarded;
 * '\n' in TEXT becomes a space unless KEEP_LINES. */
static void roff(FILE *fp, const char *text, bool keep_lines)
{
    bool line_start = true;
    for (const char *p = text; *p; p++) {
        if (line_start && (*p == '.' || *p == '\''))
            fputs("\\&", fp);
        line_start = false;
        if (*p == '\\')
            fputs("\\e", fp);
        else if (*p == '-')
            fputs("\\-", fp);
        else if (*p == '\n') {
            fputc(keep_lines ? '\n' : ' ', fp);
            line_start = keep_lines;
        } else
            fputc(*p, fp);
    }
}

static void man_option_head(FILE *fp, const struct cli_option *o)
{
    fputs(".TP\n", fp);
    if (o->short_name)
        fprintf(fp, "\\fB\\-%c\\fR, ", o->short_name);
    fputs("\\fB\\-\\-", fp);
    roff(fp, o->name, false);
    fputs("\\fR", fp);
    if (o->arg != ARG_NONE) {
        fputs(" \\fI", fp);
        roff(fp, o->metavar, false);
        fputs("\\fR", fp);
    }
    fputc('\n', fp);
}

void cli_man_page(FILE *fp)
{
    fputs(".\\\" renkei.1, generated from src/cli/options.c and src/cli/commands.c by make_docs.\n"
          ".\\\" Edit those tables, not this file.\n",
          fp);
    fprintf(fp, ".TH RENKEI 1 \"\" \"renkei %s\" \"User Commands\"\n", RK_VERSION);
    fputs(".SH NAME\nrenkei \\- check Japanese care\\-software CSV against the standard it "
          "claims\n.SH SYNOPSIS\n",
          fp);
    for (size_t i = 0; i < cli_ncommands; i++) {
        fprintf(fp, "%s.B renkei %s\n", i ? ".br\n" : "", cli_commands[i].name);
        roff(fp, cli_commands[i].synopsis, false);
        fputc('\n', fp);
    }
    fputs(".br\n.B renkei help\n[COMMAND]\n.br\n.B renkei\n\\-\\-version\n", fp);
    fputs(".SH DESCRIPTION\n"
          "Checks CSV files exchanged by Japanese care software against the standard they "
          "claim: ケアプランデータ連携標準仕様 (care\\-plan data linkage, versions 4.1 and 3.2) "
          "and the LIFE CSV spec, and says precisely what is wrong: file, line, column, byte, "
          "record, field, the spec's item name, a stable rule ID and the spec citation. "
          "Messages are in Japanese unless \\fB\\-\\-lang en\\fR or RENKEI_LANG=en.\n"
          ".SH COMMANDS\n",
          fp);
    for (size_t i = 0; i < cli_ncommands; i++) {
        const struct cli_command *c = &cli_commands[i];
        fprintf(fp, ".SS \"renkei %s\"\n", c->name);
        roff(fp, c->about_en, false);
        fputs("\n.PP\nOptions:", fp);
        bool first = true;
        for (size_t j = 0; j < cli_noptions; j++) {
            if (!(cli_options[j].commands & c->bit))
                continue;
            fprintf(fp, "%s \\fB\\-\\-", first ? "" : ",");
            roff(fp, cli_options[j].name, false);
            fputs("\\fR", fp);
            first = false;
        }
        fputs(".\n.PP\nExamples:\n.RS\n.nf\n", fp);
        for (int k = 0; k < 2; k++) {
            fputs("renkei ", fp);
            roff(fp, c->examples[k], true);
            fputc('\n', fp);
        }
        fputs(".fi\n.RE\n.PP\nExit status:\n.RS\n.nf\n", fp);
        roff(fp, c->exits_en, true);
        fputs("\n.fi\n.RE\n", fp);
    }
    fputs(".SH OPTIONS\n", fp);
    for (size_t i = 0; i < cli_noptions; i++) {
        const struct cli_option *o = &cli_options[i];
        man_option_head(fp, o);
        roff(fp, o->help_en, false);
        fputs(". Applies to:", fp);
        if (o->commands == CMD_ALL) {
            fputs(" every command", fp);
        } else {
            bool first = true;
            for (size_t j = 0; j < cli_ncommands; j++)
                if (o->commands & cli_commands[j].bit) {
                    fprintf(fp, "%s %s", first ? "" : ",", cli_commands[j].name);
                    first = false;
                }
        }
        fputs(".\n", fp);
    }
    fputs(".SH EXIT STATUS\n.nf\n", fp);
    roff(fp, cli_commands[0].exits_en, true);
    fputs("\n.fi\n.PP\nEach command's exit codes are listed under COMMANDS.\n"
          ".SH ENVIRONMENT\n.TP\n.B RENKEI_LANG\n"
          "ja or en: the language of messages when \\fB\\-\\-lang\\fR is not given.\n"
          ".TP\n.B SOURCE_DATE_EPOCH\n"
          "When set, the only timestamp a report or an evidence manifest carries.\n"
          ".SH SEE ALSO\n"
          "README.md, specs/ and schemas/renkei.report.schema.json in the renkei sources.\n",
          fp);
}

/* ---- bash completion ---- */

/* WORDS with each '|' as a space. */
static void words(FILE *fp, const char *choices)
{
    for (const char *p = choices; *p; p++)
        fputc(*p == '|' ? ' ' : *p, fp);
}

void cli_bash_completion(FILE *fp)
{
    fputs("# bash completion for renkei, generated from src/cli/options.c and src/cli/commands.c\n"
          "# by make_docs; edit those tables, not this file.\n"
          "_renkei()\n{\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
          "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
          "        COMPREPLY=($(compgen -W \"",
          fp);
    for (size_t i = 0; i < cli_ncommands; i++)
        fprintf(fp, "%s ", cli_commands[i].name);
    fputs("help --help --version\" -- \"$cur\"))\n        return\n    fi\n"
          "    local cmd=${COMP_WORDS[1]}\n"
          "    if [ \"$cmd\" = help ]; then\n        COMPREPLY=($(compgen -W \"",
          fp);
    for (size_t i = 0; i < cli_ncommands; i++)
        fprintf(fp, "%s%s", i ? " " : "", cli_commands[i].name);
    fputs("\" -- \"$cur\"))\n        return\n    fi\n    case $prev in\n", fp);
    for (size_t i = 0; i < cli_noptions; i++) {
        const struct cli_option *o = &cli_options[i];
        if (o->arg == ARG_NONE)
            continue;
        fputs("    ", fp);
        if (o->short_name)
            fprintf(fp, "-%c|", o->short_name);
        fprintf(fp, "--%s)\n", o->name);
        if (o->arg == ARG_CHOICE) {
            fputs("        COMPREPLY=($(compgen -W \"", fp);
            words(fp, o->choices);
            fputs("\" -- \"$cur\"))\n        return ;;\n", fp);
        } else if (o->arg == ARG_TEXT && strcmp(o->metavar, "DIR") == 0) {
            fputs("        COMPREPLY=($(compgen -d -- \"$cur\"))\n        return ;;\n", fp);
        } else if (o->arg == ARG_NUMBER || strcmp(o->metavar, "FILE") != 0) {
            fputs("        return ;;\n", fp); /* a value to type: nothing to offer */
        } else {
            fputs("        COMPREPLY=()\n        return ;;\n", fp); /* files (-o default) */
        }
    }
    fputs("    esac\n    if [[ $cur == -* ]]; then\n        local opts\n        case $cmd in\n",
          fp);
    for (size_t i = 0; i < cli_ncommands; i++) {
        fprintf(fp, "        %s) opts=\"", cli_commands[i].name);
        bool first = true;
        for (size_t j = 0; j < cli_noptions; j++) {
            if (!(cli_options[j].commands & cli_commands[i].bit))
                continue;
            fprintf(fp, "%s--%s", first ? "" : " ", cli_options[j].name);
            first = false;
        }
        fputs("\" ;;\n", fp);
    }
    fputs("        esac\n        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n    fi\n}\n"
          "complete -o default -o bashdefault -F _renkei renkei\n",
          fp);
}
