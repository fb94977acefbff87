/*
 * batch.h — `nianbao extract` over many inputs: a pool of long-lived worker
 * processes, one JSONL record per input (docs/batch.md).
 */
#ifndef NB_BATCH_H
#define NB_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "../tools/tools.h"

/** Options of `nianbao extract`, single-file and batch alike. */
typedef struct nb_extract_opts {
	nb_options options;        /**< flags and limits of the library */
	bool compact;              /**< single file: one-line JSON */
	bool batch;                /**< -j, -o, --resume, --timeout or
	                                --max-memory given: batch mode */
	bool help;                 /**< -h/--help */
	int jobs;                  /**< worker processes */
	const char *output;        /**< JSONL file, NULL for stdout */
	const char *files_from;    /**< a list of paths, one a line ("-":
	                                stdin), NULL for none */
	bool resume;               /**< skip inputs already in `output` */
	double timeout_seconds;    /**< per-file wall clock; 0 = none */
	size_t max_memory_mb;      /**< RLIMIT_AS per worker; 0 = none */
	double progress_interval;  /**< seconds between progress lines when
	                                stderr is not a terminal; 0 = never */
	bool convert;              /**< --convert: legacy Word through soffice */
} nb_extract_opts;

/**
 * One input's bytes as `nianbao extract` reads them (single file and batch
 * worker alike): nb_read_hashed, and with --convert a legacy Word, WPS or
 * RTF file converted to .docx by LibreOffice first (convert.c), its
 * reports then saying source.converted_from.  `sha256` is of `data`.
 */
nb_result *nb_extract_read(nb_context *ctx, const nb_extract_opts *opts,
                           const char *name, const unsigned char *data,
                           size_t len, const char *sha256);

/**
 * A legacy Word (.doc), WPS (.wps) or RTF file converted to .docx by
 * `soffice --headless` in a private temporary directory with a private
 * LibreOffice profile, under a time limit (opts->timeout_seconds, 120 s
 * when none), and read as a .docx: `source.kind` "docx",
 * `source.converted_from` "doc", "wps" or "rtf", `source.sha256` the
 * original's.  Without soffice on PATH, or when it fails, the result is
 * legacy_word with a message that says why.
 */
/** Remove this process's LibreOffice profile (--convert), if any. */
void nb_convert_cleanup(void);
/** The directory of that profile, private to the process (g_free). */
char *nb_convert_profile_dir(void);

nb_result *nb_convert_read(nb_context *ctx, const nb_extract_opts *opts,
                           const char *name, const unsigned char *data,
                           size_t len, const char *sha256);

/** Batch mode over `n_inputs` paths (files, directories, "-" for a list
 *  on stdin).  Returns the exit status. */
int nb_batch_run(const nb_extract_opts *opts, char **inputs, int n_inputs);

#endif
