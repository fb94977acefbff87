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
#include "office_internal.h"

enum { SNIFF_WINDOW = 1024 };

nb_source_kind nb_sniff(const unsigned char *data, size_t len)
{
	static const char magic[] = "%PDF-";
	size_t magic_len = sizeof magic - 1;
	for (size_t i = 0; i <= SNIFF_WINDOW && i + magic_len <= len; i++)
		if (data[i] == '%' && !memcmp(data + i, magic, magic_len))
			return NB_SOURCE_PDF;
	nb_office_kind office = nb_office_sniff(data, len);
	if (office == NB_OFFICE_DOCX || office == NB_OFFICE_ODT)
		return office == NB_OFFICE_DOCX ? NB_SOURCE_DOCX : NB_SOURCE_ODT;
	return NB_SOURCE_TEXT;
}

nb_status nb_extract(const unsigned char *data, size_t len,
                     const nb_limits *limits, nb_doc **out, nb_error *err)
{
	switch (nb_office_sniff(data, len)) {
	case NB_OFFICE_ENCRYPTED:
		return nb_error_set(err, NB_ERR_ENCRYPTED, 0,
		                    "an encrypted Word document (needs a password)");
	case NB_OFFICE_LEGACY:
		return nb_error_set(err, NB_ERR_LEGACY_WORD, 0,
		                    "a legacy Word, WPS or RTF document");
	default:
		break;
	}
	switch (nb_sniff(data, len)) {
	case NB_SOURCE_PDF:
		return nb_extract_pdf(data, len, limits, out, err);
	case NB_SOURCE_DOCX:
		return nb_extract_docx(data, len, limits, out, err);
	case NB_SOURCE_ODT:
		return nb_extract_odt(data, len, limits, out, err);
	default:
		return nb_extract_text(data, len, limits, out, err);
	}
}

const char *nb_source_kind_name(nb_source_kind kind)
{
	static const char *const names[] = {"text", "pdf", "docx", "odt"};
	if ((int)kind < 0 || (size_t)kind >= sizeof names / sizeof names[0])
		return "text";
	return names[kind];
}

void nb_doc_free(nb_doc *doc)
{
	if (!doc)
		return;
	nb_arena_free(doc->arena);
}
