/*
 * tools.h — the commands' shared ground, and the commands that read
 * finished reports: `nianbao check`, `compare` and `csv`.
 *
 * Everything above the library (tools/, batch/, cli/) prints through these
 * messages and leaves with these exit codes; the status → exit code mapping
 * itself is the one table of base/status.c.  Layering: tools/ sits on the
 * library (nianbao.h); batch/ and cli/ sit on tools/.
 */
#ifndef NB_TOOLS_H
#define NB_TOOLS_H

#include <stdbool.h>
#include <stdio.h>

#include "../nianbao.h"

/** Exit codes of the command itself; an input's status maps through
 *  nb_exit_code (3 and up). */
enum {
	NB_EXIT_OK = 0,
	NB_EXIT_FAILED = 1,
	NB_EXIT_USAGE = 2,
	/** `check`: some input or record of several could not be read
	 *  (sysexits' EX_NOINPUT; clear of the status table's 3..14). */
	NB_EXIT_UNREADABLE = 66,
	/** Standard output was closed by its reader (`nianbao … | head`):
	 *  a quiet exit, the status a process killed by SIGPIPE has. */
	NB_EXIT_PIPE = 141,
};

/** The process exit code for an input refused with `status`. */
int nb_exit_code(nb_status status);

/** Print `nianbao: error: <file>: <message>` on stderr. */
void nb_cli_error(const char *file, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/** Print `nianbao: <message>` on stderr (usage and notes). */
void nb_cli_note(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

/** A usage error of `command`: print `nianbao: MESSAGE (see 'nianbao
 *  COMMAND --help')` (MESSAGE NULL: "bad option for COMMAND") and return
 *  the usage exit code. */
int nb_cli_usage(const char *command, const char *message);

/** Flush stdout; a write failure (full disk) turns `status` into exit 2
 *  with a message; a reader that went away (EPIPE: `| head`) into
 *  NB_EXIT_PIPE, quietly. */
int nb_cli_finish(int status);

/** Is standard output a pipe or socket whose reader has gone (EPIPE)? */
bool nb_cli_stdout_gone(void);

struct option;

/**
 * getopt_long as every command uses it: options may come after the paths
 * (GNU permutation), `--` ends the options, and getopt prints nothing.
 * `shortopts` is getopt's, without a leading '+' or ':'.  Returns what
 * getopt_long returns, with '?' for an unknown option and ':' for an
 * option missing its value; reset optind to 1 before the first call.
 */
int nb_cli_getopt(int argc, char **argv, const char *shortopts,
                  const struct option *longopts);

/** The usage error for what nb_cli_getopt refused (`opt` '?' or ':'):
 *  an unknown option names the nearest known one.  Returns exit 2. */
int nb_cli_bad_option(const char *command, int opt, char **argv,
                      const struct option *longopts);

/** The one of `names` nearest to `word` by edit distance, or NULL when
 *  none is near enough to be a likely typo. */
const char *nb_cli_nearest(const char *word, const char *const *names,
                           size_t n_names);

/**
 * Load reports from `path` whatever its kind: contract JSON (one document),
 * JSONL batch output (one record a line; error records included as they
 * are), or a report document (read through nb_read with `ctx`).  Returns a
 * new JSON array of records, or NULL with err filled.
 */
json_t *nb_load_reports(nb_context *ctx, const char *path, nb_error *err);

/** The JSON part of nb_load_reports: `len` bytes holding one JSON document
 *  or JSONL records, as a new array (a document is one element), or NULL
 *  with err filled (NB_ERR_NOT_REPORT naming the first bad line). */
json_t *nb_load_json_records(const unsigned char *data, size_t len,
                             nb_error *err);

/**
 * The language of `check` and `compare` messages: `lang` "zh" (or
 * "zh_CN…") for Chinese, "en" for English, NULL for the environment's
 * (LC_ALL, LC_MESSAGES, LANG: Chinese when it starts with "zh").  Returns
 * false for any other `lang`.  JSON keys and codes never change.
 */
bool nb_tools_set_lang(const char *lang);

/** Are messages in Chinese (nb_tools_set_lang)? */
bool nb_tools_zh(void);

/** The commands; argv[0] is the command name; each returns the exit code. */
int nb_cmd_check(int argc, char **argv);
int nb_cmd_compare(int argc, char **argv);
int nb_cmd_csv(int argc, char **argv);
int nb_cmd_codebook(int argc, char **argv);

#endif
