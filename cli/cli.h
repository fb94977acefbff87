/*
 * cli.h — what the nianbao command's files share.
 *
 * The CLI is outside the library (nianbao.h): it owns argument parsing, the
 * one stderr line per error, exit codes and output files.  Every subcommand
 * is one function `int nb_cmd_<name>(int argc, char **argv)` returning the
 * process exit status; argv[0] is the subcommand name.
 *
 * Exit status (also in `nianbao --help` and the README):
 *   0  success;  1  check: a rule is broken / batch: some input failed;
 *   2  usage error or output error;  3..12  the input's nb_status
 *   (io_error, empty, not_utf8, not_a_pdf, damaged_pdf, encrypted,
 *   no_text_layer, not_a_report, truncated, too_large).
 */
#ifndef NB_CLI_H
#define NB_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../nianbao.h"

enum {
	NB_EXIT_OK = 0,
	NB_EXIT_FAILED = 1,
	NB_EXIT_USAGE = 2,
};

/** Process-wide state built once per run (compiled regex rules).
 *  `n_documents`: how many documents the process expects to read; from 3
 *  on, the patterns are JIT-compiled (see nb_regex_mode). */
typedef struct nb_pipeline nb_pipeline;
nb_pipeline *nb_pipeline_new(size_t n_documents, nb_error *err);
void nb_pipeline_free(nb_pipeline *pipeline);

/** sha256 of `len` bytes, as 64 lowercase hex digits and a NUL
 *  (digest.c); nb_sha256_hex_of turns a finished 32-byte digest into hex. */
void nb_sha256_hex(const void *data, size_t len, char hex[65]);
void nb_sha256_hex_of(const uint8_t digest[32], char hex[65]);

/** Options of one extraction. */
typedef struct nb_run_opts {
	int schema_flags;      /**< NB_SCHEMA_* */
	nb_limits limits;
} nb_run_opts;

/** Options of `nianbao extract`, single-file and batch alike. */
typedef struct nb_extract_opts {
	nb_run_opts run;           /**< schema flags and nb_limits */
	bool compact;              /**< single file: one-line JSON */
	bool batch;                /**< -j, -o, --resume, --timeout or
	                                --max-memory given: batch mode */
	bool help;                 /**< -h/--help */
	int jobs;                  /**< worker processes */
	const char *output;        /**< JSONL file, NULL for stdout */
	bool resume;               /**< skip inputs already in `output` */
	double timeout_seconds;    /**< per-file wall clock; 0 = none */
	size_t max_memory_mb;      /**< RLIMIT_AS per worker; 0 = none */
} nb_extract_opts;

/**
 * Parse the options of `nianbao extract` (argv[0] is "extract").  Returns
 * -1 when they are fine, with *first_input the index of the first path;
 * otherwise the exit status, after printing why.
 */
int nb_extract_parse(int argc, char **argv, nb_extract_opts *opts,
                     int *first_input);

/** Batch mode over `n_inputs` paths (files, directories, "-" for a list
 *  on stdin).  Returns the exit status. */
int nb_batch_run(const nb_extract_opts *opts, char **inputs, int n_inputs);

/** Print the full usage text on stdout (`--help`). */
void nb_cli_help(void);

/** Flush stdout; a write failure (full disk, closed pipe) turns `status`
 *  into exit 2 with a message. */
int nb_cli_finish(int status);

/**
 * Read `path` ("-" is stdin), run extract → normalize → schema, and return
 * the contract JSON in *out (new reference).  On failure returns the status,
 * fills err, and sets *sha256_hex (a caller buffer of 65 bytes, may be NULL)
 * when the bytes could be read, so batch error records can carry it.
 */
nb_status nb_pipeline_report(nb_pipeline *pipeline, const char *path,
                             const nb_run_opts *opts, json_t **out,
                             char *sha256_hex, nb_error *err);

/**
 * Read `path` and return the normalized document (for `nianbao text`).
 * *out is owned by the caller (nb_doc_free).
 */
nb_status nb_pipeline_doc(nb_pipeline *pipeline, const char *path,
                          const nb_run_opts *opts, nb_doc **out,
                          nb_error *err);

/**
 * Load reports from `path` whatever its kind: contract JSON (one document),
 * JSONL batch output (one record a line; error records included as they
 * are), or a PDF/text report (extracted on the fly).  Returns a new JSON
 * array of report objects, or NULL with err filled.
 */
json_t *nb_load_reports(nb_pipeline *pipeline, const char *path,
                        nb_error *err);

/** The JSON part of nb_load_reports: `len` bytes holding one JSON document
 *  or JSONL records, as a new array (a document is one element), or NULL
 *  with err filled (NB_ERR_NOT_REPORT naming the first bad line). */
json_t *nb_load_json_records(const unsigned char *data, size_t len,
                             nb_error *err);

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

/** Dump flags for report JSON (fixed key order, real precision). */
size_t nb_json_flags(bool pretty);

/**
 * Write `len` bytes to `path` atomically: a temporary file in the same
 * directory, fsync, rename.  "-" writes to stdout.  Returns 0 or -1 with
 * errno set.
 */
int nb_write_atomic(const char *path, const char *data, size_t len);

/** Subcommands. */
int nb_cmd_extract(int argc, char **argv);
int nb_cmd_text(int argc, char **argv);
int nb_cmd_check(int argc, char **argv);
int nb_cmd_compare(int argc, char **argv);
int nb_cmd_csv(int argc, char **argv);

#endif
