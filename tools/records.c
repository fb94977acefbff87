/*
 * records.c — reading what the tools are given: contract JSON, JSONL batch
 * output (report and error records), or a report document itself, which
 * goes through the library's front door (nb_read).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tools.h"

/* JSON or JSONL?  Both start with '{' after optional white space. */
static bool S_looks_like_json(const unsigned char *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n'
	                   || data[i] == '\r'))
		i++;
	return i < len && data[i] == '{';
}

json_t *nb_load_json_records(const unsigned char *data, size_t len,
                             nb_error *err)
{
	json_error_t jerr;
	json_t *whole = json_loadb((const char *)data, len, 0, &jerr);
	json_t *records = json_array();
	if (whole) {
		json_array_append_new(records, whole);
		return records;
	}
	/* JSONL: one record a line. */
	size_t start = 0;
	int line_no = 0;
	while (start < len) {
		const unsigned char *nl = memchr(data + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - data) : len;
		line_no++;
		size_t i = start;
		while (i < end && (data[i] == ' ' || data[i] == '\r' || data[i] == '\t'))
			i++;
		if (i < end) {
			json_t *record = json_loadb((const char *)data + start,
			                            end - start, 0, &jerr);
			if (!record || !json_is_object(record)) {
				json_decref(record);
				json_decref(records);
				nb_error_set(err, NB_ERR_NOT_REPORT, 0,
				             "line %d: not a JSON report record: %s",
				             line_no, jerr.text);
				return NULL;
			}
			json_array_append_new(records, record);
		}
		start = end + 1;
	}
	return records;
}

json_t *nb_load_reports(nb_context *ctx, const char *path, nb_error *err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	/* JSONL archives of a whole batch may be far larger than one report. */
	if (nb_file_read(path, SIZE_MAX / 2, &data, &len, err) != NB_OK)
		return NULL;
	json_t *records = NULL;
	if (S_looks_like_json(data, len)) {
		records = nb_load_json_records(data, len, err);
	} else if (len > nb_limits_input_bytes(NULL)) {
		nb_error_set(err, NB_ERR_LIMIT, 0, "input larger than %zu bytes",
		             nb_limits_input_bytes(NULL));
	} else {
		nb_result *result = nb_read(ctx, path, data, len);
		if (nb_result_status(result) == NB_OK) {
			records = json_array();
			for (size_t i = 0; i < nb_result_count(result); i++)
				json_array_append(records, nb_result_report(result, i));
		} else if (err) {
			*err = *nb_result_error(result);
		}
		nb_result_free(result);
	}
	free(data);
	return records;
}
