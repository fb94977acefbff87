/*
 * test_office.c — unit tests of the Word (.docx) and OpenDocument (.odt)
 * readers and of the office recognizers.
 *
 * Each test writes a small package in memory with libarchive (the parts a
 * word processor would write, cut down to what is tested) and checks the
 * document the reader makes: a vMerge continuation is a row span, not a
 * cell; gridBefore shifts a row's cells; tracked deletions and field
 * instructions are not text; AlternateContent is read once; numbered
 * headings get their number; ODT spans, covered and repeated cells;
 * encrypted, legacy, truncated and foreign packages get clear errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "nianbao.h"

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
	     "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\""

/* A ZIP package in memory: names[i] holding texts[i]; malloc'd. */
static unsigned char *S_zip(const char *const *names, const char *const *texts,
                            size_t n, size_t *len)
{
	size_t cap = 1 << 20;
	unsigned char *buf = malloc(cap);
	struct archive *a = archive_write_new();
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	/* stored, as ODF wants its mimetype member */
	assert_int_equal(archive_write_set_options(a, "zip:compression=store"),
	                 ARCHIVE_OK);
	assert_int_equal(archive_write_open_memory(a, buf, cap, len), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, names[i]);
		archive_entry_set_size(e, (la_int64_t)strlen(texts[i]));
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, texts[i], strlen(texts[i])),
		                 (la_ssize_t)strlen(texts[i]));
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	return buf;
}

static unsigned char *S_docx(const char *body, const char *numbering, size_t *len)
{
	char *doc = malloc(strlen(body) + 512);
	sprintf(doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " W_NS
	             "><w:body>%s</w:body></w:document>", body);
	const char *names[] = {"[Content_Types].xml", "word/document.xml",
	                       "word/numbering.xml"};
	const char *texts[] = {"<Types/>", doc, numbering};
	unsigned char *zip = S_zip(names, texts, numbering ? 3 : 2, len);
	free(doc);
	return zip;
}

static nb_doc *S_read(const unsigned char *data, size_t len, nb_status want)
{
	nb_doc *doc = NULL;
	nb_error err = {0};
	assert_int_equal(nb_extract(data, len, NULL, &doc, &err), want);
	return doc;
}

static const char *S_line(const nb_doc *doc, size_t i)
{
	assert_true(i < doc->n_lines);
	assert_int_equal(doc->lines[i].n_cells, 1);
	return doc->lines[i].cells[0].raw;
}

static const nb_grid_cell *S_cell(const nb_grid *g, size_t row, size_t k)
{
	assert_true(row < g->n_rows);
	assert_true(k < g->rows[row].n_cells);
	return &g->rows[row].cells[k];
}

#define TC(props, text) "<w:tc><w:tcPr>" props "</w:tcPr><w:p><w:r><w:t>" text \
	"</w:t></w:r></w:p></w:tc>"

static void test_docx_spans(void **state)
{
	(void)state;
	const char *body =
		"<w:p><w:r><w:t>标题</w:t></w:r></w:p>"
		"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/>"
		"</w:tblGrid>"
		"<w:tr>" TC("<w:gridSpan w:val=\"2\"/>", "A") TC("", "B") "</w:tr>"
		"<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" TC("", "C")
		TC("<w:vMerge w:val=\"restart\"/>", "D") "</w:tr>"
		"<w:tr><w:trPr><w:gridBefore w:val=\"1\"/><w:gridAfter w:val=\"1\"/>"
		"</w:trPr>" TC("", "E") TC("<w:vMerge/>", "") "</w:tr>"
		"</w:tbl><w:p><w:r><w:t>后文</w:t></w:r></w:p>";
	size_t len;
	unsigned char *zip = S_docx(body, NULL, &len);
	nb_doc *doc = S_read(zip, len, NB_OK);
	assert_int_equal(doc->kind, NB_SOURCE_DOCX);
	assert_string_equal(nb_source_kind_name(doc->kind), "docx");
	assert_int_equal(doc->n_lines, 2);
	assert_int_equal(doc->n_grids, 1);
	const nb_grid *g = &doc->grids[0];
	assert_int_equal(g->at_line, 1);
	assert_int_equal(g->n_rows, 3);
	assert_int_equal(g->rows[0].line, NB_NO_LINE);
	assert_string_equal(S_cell(g, 0, 0)->raw, "A");
	assert_int_equal(S_cell(g, 0, 0)->col_span, 2);
	assert_int_equal(S_cell(g, 0, 1)->col, 2);
	/* gridBefore: the row starts in column 1 */
	assert_string_equal(S_cell(g, 1, 0)->raw, "C");
	assert_int_equal(S_cell(g, 1, 0)->col, 1);
	assert_int_equal(S_cell(g, 1, 1)->row_span, 2);
	assert_true(S_cell(g, 1, 1)->left == 2.0 && S_cell(g, 1, 1)->right == 3.0);
	/* the vMerge continuation is no cell of its own */
	assert_int_equal(g->rows[2].n_cells, 1);
	assert_int_equal(S_cell(g, 2, 0)->col, 1);
	assert_true(S_cell(g, 2, 0)->confidence < 0);
	nb_doc_free(doc);
	free(zip);
}

static void test_docx_revisions_fields_alternates(void **state)
{
	(void)state;
	const char *body =
		"<w:p><w:del><w:r><w:delText>9</w:delText></w:r></w:del>"
		"<w:ins><w:r><w:t>5</w:t></w:r></w:ins>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
		"<w:r><w:instrText> PAGE </w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
		"<w:r><w:t>R</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
		"<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:t>X</w:t>"
		"</mc:Choice><mc:Fallback><w:t>X</w:t></mc:Fallback>"
		"</mc:AlternateContent></w:r>"
		"<w:hyperlink><w:r><w:t>链</w:t></w:r></w:hyperlink>"
		"<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r></w:p>"
		"<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent>"
		"<w:p><w:r><w:t>控件</w:t><w:tab/><w:t>内</w:t></w:r></w:p>"
		"</w:sdtContent></w:sdt>"
		"<w:p><w:r><w:t>框外</w:t><w:drawing><w:txbxContent><w:p><w:r>"
		"<w:t>框内</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r></w:p>";
	size_t len;
	unsigned char *zip = S_docx(body, NULL, &len);
	nb_doc *doc = S_read(zip, len, NB_OK);
	assert_int_equal(doc->n_lines, 4);
	assert_string_equal(S_line(doc, 0), "5RX链");
	assert_string_equal(S_line(doc, 1), "控件 内");
	assert_string_equal(S_line(doc, 2), "框外");
	assert_string_equal(S_line(doc, 3), "框内");
	nb_doc_free(doc);
	free(zip);
}

static void test_docx_numbered_headings(void **state)
{
	(void)state;
	const char *numbering =
		"<w:numbering " W_NS "><w:abstractNum w:abstractNumId=\"0\">"
		"<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
		"<w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl>"
		"<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/>"
		"<w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%2）\"/></w:lvl>"
		"</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/>"
		"</w:num></w:numbering>";
#define NUMP(lvl, text) "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" lvl "\"/>" \
	"<w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"
	const char *body = NUMP("0", "总体情况") NUMP("1", "主动公开") NUMP("1", "依申请公开")
		NUMP("0", "主动公开政府信息情况") "<w:p><w:r><w:t>正文</w:t></w:r></w:p>";
	size_t len;
	unsigned char *zip = S_docx(body, numbering, &len);
	nb_doc *doc = S_read(zip, len, NB_OK);
	assert_int_equal(doc->n_lines, 5);
	assert_string_equal(S_line(doc, 0), "一、总体情况");
	assert_string_equal(S_line(doc, 1), "（一）主动公开");
	assert_string_equal(S_line(doc, 2), "（二）依申请公开");
	assert_string_equal(S_line(doc, 3), "二、主动公开政府信息情况");
	assert_string_equal(S_line(doc, 4), "正文");
	nb_doc_free(doc);
	free(zip);
}

static void test_odt_spans(void **state)
{
	(void)state;
	const char *content =
		"<?xml version=\"1.0\"?><office:document-content "
		"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
		"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
		"xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\">"
		"<office:body><office:text><text:h>标题<text:s text:c=\"2\"/>二</text:h>"
		"<text:tracked-changes><text:p>删去</text:p></text:tracked-changes>"
		"<table:table><table:table-column table:number-columns-repeated=\"3\"/>"
		"<table:table-header-rows><table:table-row>"
		"<table:table-cell table:number-columns-spanned=\"2\"><text:p>A</text:p>"
		"</table:table-cell><table:covered-table-cell/>"
		"<table:table-cell table:number-rows-spanned=\"2\"><text:p>B</text:p>"
		"</table:table-cell></table:table-row></table:table-header-rows>"
		"<table:table-row table:number-rows-repeated=\"2\">"
		"<table:table-cell table:number-columns-repeated=\"2\"><text:p>0</text:p>"
		"</table:table-cell><table:covered-table-cell/></table:table-row>"
		"</table:table></office:text></office:body></office:document-content>";
	const char *names[] = {"mimetype", "content.xml"};
	const char *texts[] = {"application/vnd.oasis.opendocument.text", content};
	size_t len;
	unsigned char *zip = S_zip(names, texts, 2, &len);
	nb_doc *doc = S_read(zip, len, NB_OK);
	assert_int_equal(doc->kind, NB_SOURCE_ODT);
	assert_int_equal(doc->n_lines, 1);
	assert_string_equal(S_line(doc, 0), "标题 二");
	assert_int_equal(doc->n_grids, 1);
	const nb_grid *g = &doc->grids[0];
	assert_int_equal(g->n_rows, 3);
	assert_int_equal(g->n_cols, 3);
	assert_int_equal(S_cell(g, 0, 0)->col_span, 2);
	assert_int_equal(S_cell(g, 0, 1)->col, 2);
	assert_int_equal(S_cell(g, 0, 1)->row_span, 2);
	assert_int_equal(g->rows[2].n_cells, 2);
	assert_int_equal(S_cell(g, 2, 1)->col, 1);
	nb_doc_free(doc);
	free(zip);
}

static void test_refused(void **state)
{
	(void)state;
	/* an OLE container: encrypted package, or a legacy .doc */
	unsigned char ole[600] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	S_read(ole, sizeof ole, NB_ERR_LEGACY_WORD);
	static const char enc[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
	memcpy(ole + 300, enc, sizeof enc - 1);
	S_read(ole, sizeof ole, NB_ERR_ENCRYPTED);
	const char *rtf = "{\\rtf1\\ansi 一、总体情况}";
	S_read((const unsigned char *)rtf, strlen(rtf), NB_ERR_LEGACY_WORD);
	/* a docx cut in half, one whose document is not XML, one with no text */
	size_t len;
	unsigned char *zip = S_docx("<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>", NULL, &len);
	S_read(zip, len / 2, NB_ERR_DAMAGED);
	free(zip);
	const char *names[] = {"word/document.xml"};
	const char *bad[] = {"<w:document><w:body><w:p>"};
	zip = S_zip(names, bad, 1, &len);
	S_read(zip, len, NB_ERR_DAMAGED);
	free(zip);
	zip = S_docx("<w:p/><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>", NULL, &len);
	S_read(zip, len, NB_ERR_EMPTY);
	free(zip);
	/* a ZIP that is no document is binary data to the text reader */
	const char *other[] = {"photo.jpg"};
	const char *jpg[] = {"\xff\xd8\xff\xe0 not a report"};
	zip = S_zip(other, jpg, 1, &len);
	nb_doc *doc = NULL;
	nb_error err = {0};
	assert_int_not_equal(nb_extract(zip, len, NULL, &doc, &err), NB_OK);
	free(zip);
}

/* A library a reader loads on demand that is not installed: the
 * missing_library error (exit 16), naming the library and its package,
 * and nothing loaded. */
typedef struct absent_api {
	int (*entry)(void);
} absent_api;

static void test_missing_library(void **state)
{
	(void)state;
	static const nb_dl_symbol symbols[] = {{"entry", offsetof(absent_api, entry)}};
	absent_api api = {0};
	void *handle = (void *)&api;
	nb_error err = {0};
	assert_int_equal(nb_dl_open("libnianbao-absent.so.0", "libnianbao-absent0",
	                            symbols, 1, &api, &handle, &err),
	                 NB_ERR_NO_LIBRARY);
	assert_null(handle);
	assert_null(api.entry);
	assert_string_equal(nb_status_code(err.status), "missing_library");
	assert_int_equal(nb_status_info(err.status)->exit_code, 16);
	assert_non_null(strstr(err.message, "libnianbao-absent.so.0"));
	assert_non_null(strstr(err.message, "libnianbao-absent0"));
	/* a library that is there but lacks an entry point: the same error,
	 * naming the entry point */
	static const nb_dl_symbol wrong[] = {
		{"archive_read_new_in_no_version", offsetof(absent_api, entry)}};
	assert_int_equal(nb_dl_open(NB_LIBARCHIVE_SONAME, "libarchive13", wrong, 1,
	                            &api, &handle, &err),
	                 NB_ERR_NO_LIBRARY);
	assert_null(handle);
	assert_non_null(strstr(err.message, "archive_read_new_in_no_version"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docx_spans),
		cmocka_unit_test(test_docx_revisions_fields_alternates),
		cmocka_unit_test(test_docx_numbered_headings),
		cmocka_unit_test(test_odt_spans),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_missing_library),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
