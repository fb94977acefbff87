/*
 * fuzz/docx.c — libFuzzer target: the Word and OpenDocument readers
 * through the front door, nb_read.  A ZIP package ("PK" first) is read as
 * it is: libarchive on damaged central directories, cut members and bombs
 * under the part size limit.  Any other input is the XML of a document
 * part, wrapped in a stored package (word/document.xml, or content.xml of
 * an .odt when the first byte is odd), so that mutations reach the XML
 * walk itself rather than dying in deflate: nested tables, spans and
 * merges out of range, fields never closed, numbering without its list.
 * Seeds are the corpus .docx files (fuzz/run.sh).
 */
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "../nianbao.h"
#include "fuzz.h"

/* `size` bytes as member `name` of a stored ZIP package; malloc'd. */
static unsigned char *S_wrap(const uint8_t *data, size_t size, bool odt,
                             size_t *len)
{
	size_t cap = size + 4096;
	unsigned char *buf = malloc(cap);
	struct archive *a = archive_write_new();
	archive_write_set_format_zip(a);
	archive_write_set_options(a, "zip:compression=store");
	archive_write_open_memory(a, buf, cap, len);
	const char *names[2] = {"mimetype", odt ? "content.xml" : "word/document.xml"};
	static const char mime[] = "application/vnd.oasis.opendocument.text";
	const void *texts[2] = {mime, data};
	size_t lens[2] = {sizeof mime - 1, size};
	for (size_t i = odt ? 0 : 1; i < 2; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, names[i]);
		archive_entry_set_size(e, (la_int64_t)lens[i]);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_write_header(a, e);
		archive_write_data(a, texts[i], lens[i]);
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		nb_fuzz_read(data, size, "fuzz.docx");
		return 0;
	}
	size_t len = 0;
	unsigned char *zip = S_wrap(data, size, size > 0 && (data[0] & 1), &len);
	nb_fuzz_read(zip, len, "fuzz.docx");
	free(zip);
	return 0;
}
