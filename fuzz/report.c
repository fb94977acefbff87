/*
 * fuzz/report.c — libFuzzer target: the text-report parser, bytes to
 * contract JSON through the front door (nb_read): nb_extract_text → nb_normalize_doc → nb_schema_build_with,
 * then the JSON dumped as the CLI dumps it.  Seeds are the corpus's text
 * reports; the dictionary (fuzz/dictionary) holds the templates' headings,
 * row and column labels, so mutations keep reaching the table rebuild and
 * the consistency checks.
 */

#include "../nianbao.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nb_fuzz_read(data, size, "fuzz.txt");
	return 0;
}
