/*
 * messages.c — how every command speaks: data on stdout, one line per
 * problem on stderr (`nianbao: error: FILE: MESSAGE`), exit codes from the
 * status table, stdout checked before leaving (jq's conventions).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools.h"

int nb_exit_code(nb_status status)
{
	return nb_status_info(status)->exit_code;
}

bool nb_cli_stdout_gone(void)
{
	if (errno == EPIPE)
		return true;
	/* the write that failed may be long past: a pipe whose reader closed
	 * it polls as an error */
	struct pollfd fd = {.fd = STDOUT_FILENO, .events = POLLOUT};
	return poll(&fd, 1, 0) == 1 && (fd.revents & POLLERR);
}

int nb_cli_finish(int status)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (nb_cli_stdout_gone())
			return NB_EXIT_PIPE;
		nb_cli_note("error: cannot write to standard output");
		return NB_EXIT_USAGE;
	}
	return status;
}

int nb_cli_getopt(int argc, char **argv, const char *shortopts,
                  const struct option *longopts)
{
	char spec[64] = ":";
	strncat(spec, shortopts, sizeof spec - 2);
	opterr = 0;
	return getopt_long(argc, argv, spec, longopts, NULL);
}

/* Levenshtein distance with adjacent transpositions (optimal string
 * alignment), in bytes: option and command names are ASCII. */
static size_t S_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64)
		return (size_t)-1;
	size_t d[65][65];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2]
			    && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[n][m];
}

const char *nb_cli_nearest(const char *word, const char *const *names,
                           size_t n_names)
{
	const char *nearest = NULL;
	size_t best = (size_t)-1;
	for (size_t i = 0; i < n_names; i++) {
		size_t d = S_distance(word, names[i]);
		/* a typo: a third of the name at most, one edit at least */
		size_t near = strlen(names[i]) / 3;
		if (d <= (near ? near : 1) && d < best) {
			best = d;
			nearest = names[i];
		}
	}
	return nearest;
}

int nb_cli_bad_option(const char *command, int opt, char **argv,
                      const struct option *longopts)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	bool is_long = strncmp(arg, "--", 2) == 0;
	char given[80];
	if (is_long)
		snprintf(given, sizeof given, "%.*s", (int)strcspn(arg, "="), arg);
	else
		snprintf(given, sizeof given, "-%c", optopt ? optopt : '?');
	if (opt == ':') {
		nb_cli_note("option '%s' needs a value (see 'nianbao %s --help')",
		            given, command);
		return NB_EXIT_USAGE;
	}
	const char *names[64];
	size_t n = 0;
	for (const struct option *o = longopts; o && o->name && n < 64; o++)
		names[n++] = o->name;
	const char *nearest = is_long ? nb_cli_nearest(given + 2, names, n) : NULL;
	if (nearest)
		nb_cli_note("unknown option '%s' for %s; did you mean '--%s'? "
		            "(see 'nianbao %s --help')", given, command, nearest,
		            command);
	else
		nb_cli_note("unknown option '%s' for %s (see 'nianbao %s --help')",
		            given, command, command);
	return NB_EXIT_USAGE;
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
