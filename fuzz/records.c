/*
 * fuzz/records.c — libFuzzer target: what `nianbao check`, `compare` and
 * `csv` do with a JSON or JSONL file they are given, which may be any JSON
 * at all (hand-edited reports, another program's output, a torn batch
 * file): nb_load_json_records, then for every record the rules recomputed
 * (nb_checks_run), the check summary and its printed account, the CSV rows,
 * and the comparison with the record before it, printed.  Seeds are the
 * corpus's expected.json files.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../tools/tools.h"
#include "../tools/tools_internal.h"
#include "fuzz.h"

/* Where the printed accounts go (opened once per process). */
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	sink = fopen("/dev/null", "w");
	if (!sink)
		abort();
	return 0;
}

static void S_tools(const json_t *record, const json_t *previous)
{
	json_t *checks = nb_checks_run(record, NULL);
	json_decref(nb_tools_check_summary(record, checks, "fuzz-input"));
	nb_tools_check_print(sink, record, checks, "fuzz-input");
	json_decref(checks);

	nb_buf csv = {0};
	nb_tools_csv_report(&csv, record, "fuzz-input");
	nb_buf_free(&csv);

	json_t *comparison = nb_tools_compare(previous ? previous : record,
	                                      record, "old", "new");
	nb_tools_compare_print(sink, comparison);
	json_decref(comparison);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nb_error err = {0};
	json_t *records = nb_load_json_records(data, size, &err);
	if (!records)
		return 0;
	const json_t *previous = NULL;
	size_t index;
	json_t *record;
	json_array_foreach(records, index, record) {
		if (nb_tools_is_error_record(record, NULL)
		    || !nb_tools_is_report(record, NULL, 0))
			continue;
		S_tools(record, previous);
		previous = record;
	}
	json_decref(records);
	return 0;
}
