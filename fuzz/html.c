/*
 * fuzz/html.c — libFuzzer target: the HTML reader (nb_extract_html) on any
 * bytes, whatever nb_sniff would say, then normalize and the schema as for
 * a page: charset detection, libxml2's parser in recovery mode, the
 * iterative walk, spans of tables, the article search.  Seeds are the
 * corpus's pages (fuzz/run.sh); the dictionary's template labels keep
 * mutations reaching the table rebuild.
 */

#include "../nianbao.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nb_limits limits = {0};
	nb_doc *doc = NULL;
	nb_error err = {0};
	if (nb_extract_html(data, size, NULL, &limits, &doc, &err) == NB_OK)
		nb_fuzz_report(doc, "fuzz.html");
	return 0;
}
