/*
 * fuzz/common.c — what the document targets share (fuzz.h): their
 * LLVMFuzzerInitialize, which builds the compiled normalizer and schema
 * once per process as the CLI builds them
 * (libFuzzer's entry points leave no other place to keep them than file
 * scope), and the tail every document goes through: normalize, build the
 * contract JSON with provenance, dump it as the CLI does.
 */
#include <stdlib.h>

#include "../nianbao.h"
#include "fuzz.h"

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

const nb_normalizer *nb_fuzz_normalizer(void)
{
	return normalizer;
}

void nb_fuzz_report(nb_doc *doc, const char *file_name)
{
	nb_error err = {0};
	json_t *report = NULL;
	nb_source source = {.file = file_name, .sha256 = "0"};
	if (nb_normalize_doc(normalizer, doc, &err) == NB_OK
	    && nb_schema_build_with(schema, doc, &source, NB_SCHEMA_PROVENANCE,
	                            &report, &err) == NB_OK) {
		char *text = json_dumps(report, JSON_PRESERVE_ORDER | JSON_COMPACT
		                                    | JSON_REAL_PRECISION(15));
		free(text);
		json_decref(report);
	}
	nb_doc_free(doc);
}
