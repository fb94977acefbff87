/*
 * messages.c — how every command speaks: data on stdout, one line per
 * problem on stderr (`nianbao: error: FILE: MESSAGE`), exit codes from the
 * status table, stdout checked before leaving (jq's conventions).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools.h"

int nb_exit_code(nb_status status)
{
	return nb_status_info(status)->exit_code;
}

int nb_cli_finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		nb_cli_note("error: cannot write to standard output");
		return NB_EXIT_USAGE;
	}
	return status;
}

static void S_vprint(const char *prefix, const char *file, const char *fmt,
                     va_list ap)
{
	char message[1024];
	vsnprintf(message, sizeof message, fmt, ap);
	for (char *c = message; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	if (file)
		fprintf(stderr, "nianbao: %s%s: %s\n", prefix, file, message);
	else
		fprintf(stderr, "nianbao: %s%s\n", prefix, message);
}

void nb_cli_error(const char *file, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_vprint("error: ", file, fmt, ap);
	va_end(ap);
}

void nb_cli_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_vprint("", NULL, fmt, ap);
	va_end(ap);
}

int nb_cli_usage(const char *command, const char *message)
{
	if (message)
		nb_cli_note("%s (see 'nianbao %s --help')", message, command);
	else
		nb_cli_note("bad option for %s (see 'nianbao %s --help')", command,
		            command);
	return NB_EXIT_USAGE;
}

static bool S_zh;

static bool S_is_zh(const char *lang)
{
	return strncmp(lang, "zh", 2) == 0
	       && (lang[2] == '\0' || lang[2] == '_' || lang[2] == '-'
	           || lang[2] == '.');
}

bool nb_tools_set_lang(const char *lang)
{
	if (!lang) {
		/* the first of these that is set and not empty decides */
		static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
		for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
			const char *value = getenv(vars[i]);
			if (value && *value) {
				S_zh = S_is_zh(value);
				return true;
			}
		}
		S_zh = false;
		return true;
	}
	if (strcmp(lang, "en") == 0 || strcmp(lang, "C") == 0) {
		S_zh = false;
		return true;
	}
	if (S_is_zh(lang)) {
		S_zh = true;
		return true;
	}
	return false;
}

bool nb_tools_zh(void)
{
	return S_zh;
}
