/*
 * fuzz/common.c — what the document targets share (fuzz.h): their
 * LLVMFuzzerInitialize, which builds the library's context once per
 * process as the CLI does (libFuzzer's entry points leave no other place
 * to keep it than file scope), the front-door call of the byte-level
 * targets, and the tail of the tables target, whose documents are typeset
 * from glyphs rather than read from bytes.
 */
#include <stdlib.h>

#include "../nianbao.h"
#include "fuzz.h"

static nb_context *context;
static nb_normalizer *normalizer;
static nb_schema *schema;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	nb_error err = {0};
	/* Small limits keep one input fast; the code paths are the same. */
	nb_options options = {
		.flags = NB_PROVENANCE,
		.limits = {.max_input_bytes = 4 << 20, .max_pages = 20,
		           .max_glyphs_per_page = 20000},
		.expected_inputs = SIZE_MAX,
		/* scans: a quarter megapixel a page, two pages, so that OCR of
		 * one input takes a fraction of a second: the seeds and what the
		 * fuzzer makes of them are read; a corpus scan (an A4 page at 72
		 * dpi is half a megapixel) is refused as too_large, which keeps
		 * the replays of corpus/ in make check short */
		.ocr = {.dpi = 72, .max_pixels = 1 << 18, .max_pages = 2},
	};
	context = nb_context_new(&options, &err);
	normalizer = nb_normalizer_new(NB_REGEX_JIT, &err);
	schema = normalizer ? nb_schema_new(normalizer, &err) : NULL;
	if (!context || !schema)
		abort();
	return 0;
}

const nb_normalizer *nb_fuzz_normalizer(void)
{
	return normalizer;
}

void nb_fuzz_read(const uint8_t *data, size_t size, const char *file_name)
{
	nb_result *result = nb_read(context, file_name, data, size);
	free(nb_result_dumps(result, false));
	nb_result_free(result);
}

void nb_fuzz_report(nb_doc *doc, const char *file_name)
{
	nb_error err = {0};
	json_t *report = NULL;
	nb_source source = {.file = file_name, .sha256 = "0"};
	if (nb_normalize_doc(normalizer, doc, &err) == NB_OK
	    && nb_schema_build_with(schema, doc, &source, NB_SCHEMA_PROVENANCE,
	                            &report, &err) == NB_OK) {
		char *text = json_dumps(report, nb_json_flags(false));
		free(text);
		json_decref(report);
	}
	nb_doc_free(doc);
}
