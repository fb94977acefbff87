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
} nb_extract_opts;

/** Batch mode over `n_inputs` paths (files, directories, "-" for a list
 *  on stdin).  Returns the exit status. */
int nb_batch_run(const nb_extract_opts *opts, char **inputs, int n_inputs);

#endif
