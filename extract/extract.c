/*
 * extract.c — the extract stage's front door: decide by content whether
 * the input is a PDF or text and hand it to the matching reader.
 *
 * A file name says nothing reliable (reports are saved as .txt, .pdf or no
 * extension at all), so nb_sniff looks for the "%PDF-" header within the
 * first KiB, where PDF readers accept it after leading junk.
 */
#include <string.h>

#include "extract.h"

enum { SNIFF_WINDOW = 1024 };

nb_source_kind nb_sniff(const unsigned char *data, size_t len)
{
	static const char magic[] = "%PDF-";
	size_t magic_len = sizeof magic - 1;
	for (size_t i = 0; i <= SNIFF_WINDOW && i + magic_len <= len; i++)
		if (data[i] == '%' && !memcmp(data + i, magic, magic_len))
			return NB_SOURCE_PDF;
	if (nb_markdown_sniff(data, len))
		return NB_SOURCE_MARKDOWN;
	return NB_SOURCE_TEXT;
}

nb_status nb_extract(const unsigned char *data, size_t len,
                     const nb_limits *limits, nb_doc **out, nb_error *err)
{
	switch (nb_sniff(data, len)) {
	case NB_SOURCE_PDF: return nb_extract_pdf(data, len, limits, out, err);
	case NB_SOURCE_MARKDOWN:
		return nb_extract_markdown(data, len, limits, out, err);
	case NB_SOURCE_TEXT: break;
	}
	return nb_extract_text(data, len, limits, out, err);
}

void nb_doc_free(nb_doc *doc)
{
	if (!doc)
		return;
	nb_arena_free(doc->arena);
}
