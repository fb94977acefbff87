/*
 * fuzz/report.c — libFuzzer target: the text-report parser, bytes to
 * contract JSON: nb_extract_text → nb_normalize_doc → nb_schema_build_with,
 * then the JSON dumped as the CLI dumps it.  Seeds are the corpus's text
 * reports; the dictionary (fuzz/dictionary) holds the templates' headings,
 * row and column labels, so mutations keep reaching the table rebuild and
 * the consistency checks.
 */
#include <stdlib.h>

#include "../nianbao.h"
#include "fuzz.h"

/* Built once per process (see fuzz/normalize.c). */
static nb_normalizer *normalizer;
static nb_schema *schema;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	nb_error err = {0};
	normalizer = nb_normalizer_new(NB_REGEX_JIT, &err);
	schema = normalizer ? nb_schema_new(normalizer, &err) : NULL;
	if (!schema)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nb_doc *doc = NULL;
	nb_error err = {0};
	if (nb_extract_text(data, size, NULL, &doc, &err) != NB_OK)
		return 0;
	json_t *report = NULL;
	nb_source source = {.file = "fuzz.txt", .sha256 = "0"};
	if (nb_normalize_doc(normalizer, doc, &err) == NB_OK
	    && nb_schema_build_with(schema, doc, &source, NB_SCHEMA_PROVENANCE,
	                            &report, &err) == NB_OK) {
		char *text = json_dumps(report, JSON_PRESERVE_ORDER | JSON_COMPACT
		                                    | JSON_REAL_PRECISION(15));
		free(text);
		json_decref(report);
	}
	nb_doc_free(doc);
	return 0;
}
