/*
 * fuzz/pdf.c — libFuzzer target: the PDF reader on damaged and hostile
 * PDFs through the front door, nb_read: nb_extract_pdf (poppler-glib's text and glyph boxes matched
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
	/* The front door picks the reader by content: a mutation that breaks
	 * the %PDF- header goes to the text reader, as a real file would. */
	nb_fuzz_read(data, size, "fuzz.pdf");
	return 0;
}
