/*
 * io.c — what the batch parent and its workers share about records: the
 * codes of batch-only failures and the error record of the JSONL output.
 *
 * The error record has the shape the contract gives for a batch failure:
 * {"source": {"file", "sha256"}, "error": {"code", "message", "hint"}}, and
 * the duplicate record {"source": {"file", "sha256"}, "duplicate_of"}, one
 * line each, with the same dump flags as a report record.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "batch_internal.h"

const char *nb_batch_code(int status)
{
	switch (status) {
	case NB_BATCH_CRASHED: return "crashed";
	case NB_BATCH_TIMEOUT: return "timeout";
	case NB_BATCH_OUT_OF_MEMORY: return "out_of_memory";
	default: return nb_status_code((nb_status)status);
	}
}

/* What the user can do about a failed input (the contract's error.hint). */
static const char *S_hint(int status)
{
	switch (status) {
	case NB_BATCH_CRASHED:
		return "nianbao crashed on this file: report it with the file attached";
	case NB_BATCH_TIMEOUT:
		return "raise --timeout, or check the file opens in a PDF viewer";
	case NB_BATCH_OUT_OF_MEMORY:
		return "raise --max-memory, or lower -j";
	default:
		return nb_status_info((nb_status)status)->hint;
	}
}

/* `record` as one JSONL line with its '\n' (malloc'd). */
static char *S_line(json_t *record)
{
	char *text = json_dumps(record, nb_json_flags(false));
	size_t len = strlen(text);
	char *line = nb_xmalloc(len + 2);
	memcpy(line, text, len);
	line[len] = '\n';
	line[len + 1] = '\0';
	free(text);
	return line;
}

char *nb_batch_duplicate_line(const char *file, const char *sha256,
                              const char *first)
{
	json_t *record = json_object();
	json_t *source = json_object();
	char *shown = g_utf8_make_valid(file, -1);
	json_object_set_new(source, "file", json_string(shown));
	g_free(shown);
	json_object_set_new(source, "sha256", json_string(sha256));
	json_object_set_new(record, "source", source);
	json_object_set_new(record, "duplicate_of", json_string(first));
	char *line = S_line(record);
	json_decref(record);
	return line;
}

char *nb_batch_error_line(const char *file, const char *sha256, int status,
                          const char *message)
{
	json_t *record = json_object();
	json_t *source = json_object();
	/* A file name that is not UTF-8 (GBK names from old archives) is
	 * shown with U+FFFD for each bad byte, as nb_record_set keys it. */
	char *shown = g_utf8_make_valid(file, -1);
	json_object_set_new(source, "file", json_string(shown));
	g_free(shown);
	json_object_set_new(source, "sha256", sha256 && *sha256
	                                          ? json_string(sha256)
	                                          : json_null());
	json_object_set_new(record, "source", source);
	json_t *error = json_object();
	json_object_set_new(error, "code", json_string(nb_batch_code(status)));
	json_object_set_new(error, "message", json_string(message));
	const char *hint = S_hint(status);
	if (hint)
		json_object_set_new(error, "hint", json_string(hint));
	json_object_set_new(record, "error", error);
	char *line = S_line(record);
	json_decref(record);
	return line;
}
