/*
 * test_pdf_images.c — tests of the scan that tells, from a PDF's bytes,
 * whether any page can draw an image (extract/pdf_images.c).
 *
 * A false answer spares every page poppler's image list, so it must never
 * be given for a file that can draw one: the tests build small PDF bodies
 * (the scan reads objects and streams, not the cross-reference table) with
 * an image in each place one can hide — an image XObject, an inline image
 * in a Flate or an unfiltered content stream, a name spelled with
 * escapes, a /Subtype by reference — and the things the scan does not
 * read (other filters, predictors, encryption, broken Flate data), and
 * check that only the image-free files answer false.  The real files of
 * tests/pdf/ are checked too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "extract/pdf_images_internal.h"

typedef struct pdf_text {
	unsigned char bytes[8192];
	size_t len;
} pdf_text;

static void S_add(pdf_text *pdf, const void *data, size_t len)
{
	assert_true(pdf->len + len <= sizeof pdf->bytes);
	memcpy(pdf->bytes + pdf->len, data, len);
	pdf->len += len;
}

static void S_puts(pdf_text *pdf, const char *s)
{
	S_add(pdf, s, strlen(s));
}

/* A file: a catalogue and a font, then one stream object with dictionary
 * entries `dict` and data `data` (Flate-compressed first if `flate`). */
static bool S_scan(const char *dict, const char *data, bool flate)
{
	pdf_text pdf = {.len = 0};
	S_puts(&pdf, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"
	             "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
	             "3 0 obj\n<< /Type /Font /Subtype /Type0 /BaseFont "
	             "/Sim#20Sun /ProcSet [/PDF /Text /ImageB /ImageC] >>\n"
	             "endobj\n4 0 obj\n<< ");
	S_puts(&pdf, dict);
	unsigned char packed[4096];
	uLongf packed_len = sizeof packed;
	if (flate)
		assert_int_equal(compress(packed, &packed_len,
		                          (const Bytef *)data, strlen(data)),
		                 Z_OK);
	char length[64];
	snprintf(length, sizeof length, " /Length %lu >>\nstream\r\n",
	         flate ? (unsigned long)packed_len : (unsigned long)strlen(data));
	S_puts(&pdf, length);
	if (flate)
		S_add(&pdf, packed, packed_len);
	else
		S_puts(&pdf, data);
	S_puts(&pdf, "\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
	return nb_pdf_may_draw_images(pdf.bytes, pdf.len);
}

#define TEXT "BT /F1 12 Tf 72 700 Td (BIG OBIS) Tj ET 0 0 m 10 10 l S\n"
#define INLINE "q 100 0 0 100 0 0 cm BI /W 1 /H 1 /BPC 1 /IM true ID \x80 EI Q\n"

static void test_text_only_draws_no_image(void **state)
{
	(void)state;
	assert_false(S_scan("/Filter /FlateDecode", TEXT, true));
	assert_false(S_scan("/Filter [ /FlateDecode ]", TEXT, true));
	assert_false(S_scan("", TEXT, false));
	/* a font program is not read, whatever its bytes */
	assert_false(S_scan("/Length1 9 /Filter /ASCIIHexDecode", INLINE, false));
	assert_false(S_scan("/Type /Metadata /Subtype /XML", INLINE, false));
}

static void test_inline_image_is_seen(void **state)
{
	(void)state;
	assert_true(S_scan("/Filter /FlateDecode", TEXT INLINE, true));
	assert_true(S_scan("", INLINE, false));
	/* a form: its /Subtype is not one of the skipped ones */
	assert_true(S_scan("/Type /XObject /Subtype /Form /Filter /FlateDecode",
	                   INLINE, true));
	assert_true(S_scan("/Filter/FlateDecode", "BI/W 1/H 1 ID x EI", true));
}

static void test_image_xobject_is_seen(void **state)
{
	(void)state;
	assert_true(S_scan("/Type /XObject /Subtype /Image /Width 1", "x", false));
	assert_true(S_scan("/Subtype/Image/Width 1", "x", false));
	assert_true(S_scan("/Subtype /Im#61ge /Width 1", "x", false));
	assert_true(S_scan("/Subtype 9 0 R /Width 1", "x", false));
}

static void test_what_is_not_read_is_a_maybe(void **state)
{
	(void)state;
	assert_true(S_scan("/Filter /ASCIIHexDecode", "42 49>", false));
	assert_true(S_scan("/Filter [/FlateDecode /ASCII85Decode]", TEXT, false));
	assert_true(S_scan("/Filter /FlateDecode /DecodeParms << /Predictor 12 >>",
	                   TEXT, true));
	assert_true(S_scan("/Filter 7 0 R", TEXT, false));
	assert_true(S_scan("/Filter /FlateDecode", "not Flate data", false));
	assert_true(S_scan("/Encrypt 8 0 R", TEXT, false));
	/* data that says "endstream" before its end: where the end is, is
	 * not known here, and what follows may be more of the contents */
	assert_true(S_scan("", "BT (endstream) Tj ET " INLINE, false));
}

static bool S_scan_file(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, "tests/pdf/%s", name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static unsigned char data[1 << 20];
	size_t len = fread(data, 1, sizeof data, f);
	assert_true(len > 0 && len < sizeof data);
	fclose(f);
	return nb_pdf_may_draw_images(data, len);
}

static void test_real_files(void **state)
{
	(void)state;
	assert_false(S_scan_file("report.pdf"));
	assert_false(S_scan_file("turned.pdf"));
	assert_true(S_scan_file("image-only.pdf"));
	assert_true(S_scan_file("encrypted.pdf"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_only_draws_no_image),
		cmocka_unit_test(test_inline_image_is_seen),
		cmocka_unit_test(test_image_xobject_is_seen),
		cmocka_unit_test(test_what_is_not_read_is_a_maybe),
		cmocka_unit_test(test_real_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
