/*
 * batch.c — `nianbao extract` over many inputs: one JSONL record per file,
 * an error record for a file that fails, and the batch goes on.
 *
 * (Sequential first version; the parallel, crash-isolated, resumable
 * runner of issue 5 replaces the loop below.)
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static json_t *S_error_record(const char *path, const char *sha256,
                              const nb_error *err)
{
	json_t *record = json_object();
	json_t *source = json_object();
	json_object_set_new(source, "file", json_string(path));
	json_object_set_new(source, "sha256",
	                    sha256 && *sha256 ? json_string(sha256) : json_null());
	json_object_set_new(record, "source", source);
	json_t *error = json_object();
	json_object_set_new(error, "code",
	                    json_string(nb_status_code(err->status)));
	json_object_set_new(error, "message", json_string(err->message));
	json_object_set_new(record, "error", error);
	return record;
}

int nb_batch_main(int argc, char **argv)
{
	nb_error err = {0};
	nb_pipeline *pipeline = nb_pipeline_new(&err);
	if (!pipeline) {
		nb_cli_note("error: %s", err.message);
		return NB_EXIT_USAGE;
	}
	nb_run_opts run = {0};
	int failed = 0;
	for (int i = optind; i < argc; i++) {
		json_t *record = NULL;
		char sha256[65];
		nb_status status = nb_pipeline_report(pipeline, argv[i], &run,
		                                      &record, sha256, &err);
		if (status != NB_OK) {
			nb_cli_error(argv[i], "%s", err.message);
			record = S_error_record(argv[i], sha256, &err);
			failed++;
		}
		char *line = json_dumps(record, nb_json_flags(false));
		puts(line);
		free(line);
		json_decref(record);
	}
	nb_pipeline_free(pipeline);
	return failed ? NB_EXIT_FAILED : NB_EXIT_OK;
}
