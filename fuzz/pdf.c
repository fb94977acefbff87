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

#include "../nianbao.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Small limits keep one input fast; the code paths are the same. */
	nb_limits limits = {.max_input_bytes = 4 << 20, .max_pages = 20,
	                    .max_glyphs_per_page = 20000};
	nb_doc *doc = NULL;
	nb_error err = {0};
	if (nb_extract_pdf(data, size, &limits, &doc, &err) != NB_OK)
		return 0;
	nb_fuzz_report(doc, "fuzz.pdf");
	return 0;
}
