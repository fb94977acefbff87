/*
 * fuzz/pdf.c — libFuzzer target: the PDF reader on damaged and hostile
 * PDFs: nb_extract_pdf (poppler-glib's text and glyph boxes matched
 * character by character, rotation, the geometry that builds lines and
 * cells) → nb_normalize_doc → nb_schema_build_with, then the JSON.  Seeds
 * are the corpus PDFs, so mutations start from real LibreOffice, Chromium
 * and cairo files: broken xref tables, cut streams, odd fonts and ToUnicode
 * maps, pages with no text or with text and no boxes.
 *
 * poppler itself is not instrumented and is fuzzed upstream; leak
 * detection is off for this target (fuzz/run.sh) because poppler keeps
 * caches that LeakSanitizer would report.  nianbao's own leaks on PDFs are
 * caught by `make check` (the corpus under ASan and under valgrind).
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
	/* Small limits keep one input fast; the code paths are the same. */
	nb_limits limits = {.max_input_bytes = 4 << 20, .max_pages = 20,
	                    .max_glyphs_per_page = 20000};
	nb_doc *doc = NULL;
	nb_error err = {0};
	if (nb_extract_pdf(data, size, &limits, &doc, &err) != NB_OK)
		return 0;
	json_t *report = NULL;
	nb_source source = {.file = "fuzz.pdf", .sha256 = "0"};
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
