/*
 * messages.c - how the renkei command speaks: every message in Japanese or English (cli_lang,
 * set once in main from --lang or RENKEI_LANG; Japanese by default), to standard error with
 * the "renkei: " prefix. Commands write TR("日本語", "English") wherever they print.
 */
#include "cli.h"

#include <stdarg.h>

enum rk_lang cli_lang = RK_LANG_JA;
const char *cli_usage_command;

/* One line on standard error: "renkei: " and the message. */
__attribute__((format(printf, 1, 0))) static void say(const char *fmt, va_list ap)
{
    fputs("renkei: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(fmt, ap);
    va_end(ap);
}

int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(fmt, ap);
    va_end(ap);
    if (cli_usage_command)
        fprintf(stderr,
                TR("使い方は 'renkei %s --help' で表示されます。\n", "Try 'renkei %s --help'.\n"),
                cli_usage_command);
    else
        fputs(TR("使い方は 'renkei --help' で表示されます。\n", "Try 'renkei --help'.\n"), stderr);
    return EXIT_USAGE;
}
