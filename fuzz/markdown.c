/*
 * fuzz/markdown.c — libFuzzer target: the Markdown reader on raw bytes
 * (nb_extract_markdown, whatever the sniffing would say), then normalize,
 * the schema and the JSON dump as the CLI runs them.  Seeds are the
 * corpus's Markdown reports (pipe tables, MinerU's HTML tables, Docling's
 * repeated cells, tables in pieces), so mutations reach cmark-gfm's table
 * extension, libxml2's HTML parser, the cell recount from source lines and
 * the merging of repeated cells.
 */
#include "../nianbao.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nb_doc *doc = NULL;
	nb_error err = {0};
	if (nb_extract_markdown(data, size, NULL, &doc, &err) == NB_OK)
		nb_fuzz_report(doc, "fuzz.md");
	return 0;
}
