/*
 * test_pdf.c — end-to-end tests of the PDF reader (extract/pdf.c) on the
 * small PDFs of tests/pdf/ (made by tests/pdf/make-test-pdfs.py; read
 * relative to the repository root, where `make unit` runs).
 *
 * They check that text, table cells and boxes come out of a real file,
 * that rotated and landscape pages read upright, and that every kind of
 * unusable input gets its status: damaged, truncated, not a PDF at all,
 * encrypted, image-only, over a limit.  A slightly damaged file must still
 * be read, its poppler messages turned into warnings, and nothing printed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "extract/extract.h"

#define PDF_DIR "tests/pdf/"

typedef struct file_data {
	unsigned char *bytes;
	size_t len;
} file_data;

static file_data S_read(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, PDF_DIR "%s", name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	file_data fd = {0};
	size_t cap = 0;
	for (;;) {
		if (fd.len == cap) {
			cap = cap ? 2 * cap : 65536;
			fd.bytes = realloc(fd.bytes, cap);
			assert_non_null(fd.bytes);
		}
		size_t got = fread(fd.bytes + fd.len, 1, cap - fd.len, f);
		if (got == 0)
			break;
		fd.len += got;
	}
	fclose(f);
	return fd;
}

/* The text of a line, cells joined by "|". */
static const char *S_cells(const nb_line *line)
{
	static char buf[1024];
	size_t len = 0;
	buf[0] = '\0';
	for (size_t c = 0; c < line->n_cells; c++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
		                        c ? "|" : "", line->cells[c].text);
	return buf;
}

/* The first line whose text starts with `prefix`, or NULL. */
static const nb_line *S_find(const nb_doc *doc, const char *prefix)
{
	for (size_t i = 0; i < doc->n_lines; i++)
		if (doc->lines[i].n_cells > 0 &&
		    strncmp(S_cells(&doc->lines[i]), prefix, strlen(prefix)) == 0)
			return &doc->lines[i];
	return NULL;
}

static nb_status S_extract(const file_data *fd, size_t len,
                           const nb_limits *limits, nb_doc **doc,
                           nb_error *err)
{
	memset(err, 0, sizeof *err);
	return nb_extract_pdf(fd->bytes, len, limits, doc, err);
}

/* ---- text comes out ---- */

static void test_report_lines_and_cells(void **state)
{
	(void)state;
	file_data fd = S_read("report.pdf");
	nb_doc *doc = NULL;
	nb_error err;
	assert_int_equal(S_extract(&fd, fd.len, NULL, &doc, &err), NB_OK);
	assert_non_null(doc);
	assert_int_equal(doc->kind, NB_SOURCE_PDF);
	assert_int_equal(doc->units, NB_UNITS_POINTS);
	assert_int_equal(doc->pages, 2);
	assert_non_null(doc->producer);
	assert_non_null(strstr(doc->producer, "cairo"));
	assert_int_equal(doc->n_warnings, 0);

	assert_string_equal(S_cells(&doc->lines[0]),
	                    "测试局2020年政府信息公开工作年度报告");
	assert_non_null(S_find(doc, "一、总体情况"));
	assert_non_null(S_find(doc, "2020年，本局认真贯彻落实"));
	const nb_line *head = S_find(doc, "信息内容");
	assert_non_null(head);
	assert_string_equal(S_cells(head),
	                    "信息内容|本年新制作数量|本年新公开数量|对外公开总数量");
	const nb_line *row = S_find(doc, "规章");
	assert_non_null(row);
	assert_string_equal(S_cells(row), "规章|0|0|12");
	assert_int_equal(row->page, 1);
	/* Boxes in points from the top-left corner: the label is drawn at
	 * x = 64, its row's top rule at y = 250. */
	assert_true(row->cells[0].x0 > 63 && row->cells[0].x0 < 65);
	assert_true(row->y0 > 250 && row->y1 < 270);
	assert_true(row->cells[3].x0 > 400 && row->cells[3].x1 < 480);
	/* The wrapped label: two lines, the numbers on one of them. */
	assert_non_null(S_find(doc, "其他对外管理服务事项的"));
	const nb_line *wrapped = S_find(doc, "很长的标签");
	assert_non_null(wrapped);
	assert_string_equal(S_cells(wrapped), "很长的标签|10|0|3");
	assert_string_equal(S_cells(S_find(doc, "行政许可")), "行政许可|5|-1|2");
	/* The table continues on page 2 below the running header. */
	const nb_line *next = S_find(doc, "行政处罚");
	assert_non_null(next);
	assert_int_equal(next->page, 2);
	assert_string_equal(S_cells(next), "行政处罚|16|0|7");
	nb_doc_free(doc);
	free(fd.bytes);
}

static void test_blank_lines_between_blocks(void **state)
{
	(void)state;
	file_data fd = S_read("report.pdf");
	nb_doc *doc = NULL;
	nb_error err;
	assert_int_equal(S_extract(&fd, fd.len, NULL, &doc, &err), NB_OK);
	/* Title, blank, heading: the gap under the title is a blank line;
	 * the two prose lines follow each other without one. */
	assert_int_equal(doc->lines[1].n_cells, 0);
	assert_string_equal(S_cells(&doc->lines[2]), "一、总体情况");
	assert_int_equal(doc->lines[4].n_cells, 1);
	assert_string_equal(S_cells(&doc->lines[4]),
	                    "全面推进政务公开工作，及时回应社会关切。");
	nb_doc_free(doc);
	free(fd.bytes);
}

static void test_landscape_and_rotated_pages_read_upright(void **state)
{
	(void)state;
	file_data fd = S_read("landscape.pdf");
	nb_doc *doc = NULL;
	nb_error err;
	assert_int_equal(S_extract(&fd, fd.len, NULL, &doc, &err), NB_OK);
	assert_int_equal(doc->pages, 2);
	const nb_line *wide = S_find(doc, "行政复议");
	assert_non_null(wide);
	assert_string_equal(S_cells(wide), "行政复议|3");
	const nb_line *turned = S_find(doc, "行政诉讼");
	assert_non_null(turned);
	assert_int_equal(turned->page, 2);
	assert_string_equal(S_cells(turned), "行政诉讼|7");
	/* Coordinates as displayed: the number stands 400 pt from the left
	 * edge of the landscape page, beyond any portrait width limit. */
	assert_true(turned->cells[1].x0 > 399 && turned->cells[1].x0 < 401);
	assert_true(turned->y0 > 85 && turned->y1 < 110);
	assert_non_null(S_find(doc, "旋转页面第一行"));
	nb_doc_free(doc);
	free(fd.bytes);
}

static void test_content_turned_a_quarter_reads_upright(void **state)
{
	(void)state;
	/* Portrait pages without /Rotate holding a table drawn turned a
	 * quarter clockwise (page 1) and anticlockwise (page 2). */
	file_data fd = S_read("turned.pdf");
	nb_doc *doc = NULL;
	nb_error err;
	assert_int_equal(S_extract(&fd, fd.len, NULL, &doc, &err), NB_OK);
	int rows = 0;
	for (size_t i = 0; i < doc->n_lines; i++) {
		const nb_line *line = &doc->lines[i];
		if (line->n_cells == 0)
			continue;
		const char *text = S_cells(line);
		if (strcmp(text, "规章|0|0|12") == 0 ||
		    strcmp(text, "规范性文件|3|1|45") == 0)
			rows += line->page; /* 1 + 1 + 2 + 2 */
	}
	assert_int_equal(rows, 6);
	const nb_line *title = S_find(doc, "第二十条第（一）项");
	assert_non_null(title);
	assert_true(title->y0 < S_find(doc, "规章")->y0);
	nb_doc_free(doc);
	free(fd.bytes);
}

/* ---- unusable input ---- */

static void test_truncated_pdf_is_damaged(void **state)
{
	(void)state;
	file_data fd = S_read("report.pdf");
	for (int tenth = 1; tenth <= 9; tenth++) {
		nb_doc *doc = NULL;
		nb_error err;
		nb_status status = S_extract(&fd, fd.len * tenth / 10, NULL, &doc,
		                             &err);
		assert_int_equal(status, NB_ERR_DAMAGED);
		assert_null(doc);
		assert_int_equal(err.status, NB_ERR_DAMAGED);
		assert_non_null(strstr(err.message, "damaged"));
	}
	free(fd.bytes);
}

static void test_not_a_pdf_is_damaged(void **state)
{
	(void)state;
	static unsigned char junk[] = "hello, this is not a PDF at all\n";
	file_data fd = {junk, sizeof junk - 1};
	nb_doc *doc = NULL;
	nb_error err;
	assert_int_equal(S_extract(&fd, fd.len, NULL, &doc, &err),
	                 NB_ERR_DAMAGED);
	assert_null(doc);
	assert_int_equal(S_extract(&fd, 0, NULL, &doc, &err), NB_ERR_DAMAGED);
	assert_null(doc);
	static unsigned char header_only[] = "%PDF-1.7\n%%EOF\n";
	file_data hd = {header_only, sizeof header_only - 1};
	assert_int_equal(S_extract(&hd, hd.len, NULL, &doc, &err),
	                 NB_ERR_DAMAGED);
}

static void test_encrypted_pdf(void **state)
{
	(void)state;
	file_data fd = S_read("encrypted.pdf");
	nb_doc *doc = NULL;
	nb_error err;
	assert_int_equal(S_extract(&fd, fd.len, NULL, &doc, &err),
	                 NB_ERR_ENCRYPTED);
	assert_null(doc);
	assert_string_equal(err.message, "encrypted with a password");
	free(fd.bytes);
}

static void test_image_only_pdf_has_no_text(void **state)
{
	(void)state;
	file_data fd = S_read("image-only.pdf");
	nb_doc *doc = NULL;
	nb_error err;
	assert_int_equal(S_extract(&fd, fd.len, NULL, &doc, &err),
	                 NB_ERR_NO_TEXT);
	assert_null(doc);
	assert_string_equal(err.message, "no text layer (1 page; scanned?)");
	free(fd.bytes);
}

static void test_text_without_unicode_meaning_is_flagged(void **state)
{
	(void)state;
	file_data fd = S_read("unmapped.pdf");
	nb_doc *doc = NULL;
	nb_error err;
	assert_int_equal(S_extract(&fd, fd.len, NULL, &doc, &err), NB_OK);
	assert_non_null(S_find(doc, "年度报告"));
	int said = 0;
	for (size_t i = 0; i < doc->n_warnings; i++)
		said |= strstr(doc->warnings[i], "no Unicode meaning") != NULL;
	assert_true(said);
	nb_doc_free(doc);
	/* A normal file says nothing of the kind. */
	free(fd.bytes);
	fd = S_read("report.pdf");
	assert_int_equal(S_extract(&fd, fd.len, NULL, &doc, &err), NB_OK);
	assert_int_equal(doc->n_warnings, 0);
	nb_doc_free(doc);
	free(fd.bytes);
}

static void test_limits(void **state)
{
	(void)state;
	file_data fd = S_read("report.pdf");
	nb_doc *doc = NULL;
	nb_error err;
	nb_limits pages = {.max_pages = 1};
	assert_int_equal(S_extract(&fd, fd.len, &pages, &doc, &err),
	                 NB_ERR_LIMIT);
	assert_null(doc);
	assert_non_null(strstr(err.message, "2 pages"));
	nb_limits glyphs = {.max_glyphs_per_page = 60};
	assert_int_equal(S_extract(&fd, fd.len, &glyphs, &doc, &err),
	                 NB_ERR_LIMIT);
	assert_int_equal(err.page, 1);
	nb_limits bytes = {.max_input_bytes = 1000};
	assert_int_equal(S_extract(&fd, fd.len, &bytes, &doc, &err),
	                 NB_ERR_LIMIT);
	/* Limits that hold change nothing. */
	nb_limits roomy = {.max_pages = 2, .max_glyphs_per_page = 1000};
	assert_int_equal(S_extract(&fd, fd.len, &roomy, &doc, &err), NB_OK);
	nb_doc_free(doc);
	free(fd.bytes);
}

/* ---- a slightly damaged file ---- */

/* report.pdf with one object header spoiled: poppler must rebuild its
 * cross-reference table, complaining as it goes. */
static file_data S_spoiled_report(void)
{
	file_data fd = S_read("report.pdf");
	unsigned char *at = NULL;
	for (size_t i = 2000; i + 6 < fd.len; i++)
		if (memcmp(fd.bytes + i, " 0 obj", 6) == 0) {
			at = fd.bytes + i;
			break;
		}
	assert_non_null(at);
	at[5] = 'k'; /* " 0 obk" */
	return fd;
}

static void test_slightly_damaged_pdf_reads_with_warnings(void **state)
{
	(void)state;
	file_data fd = S_spoiled_report();
	nb_doc *doc = NULL;
	nb_error err;
	assert_int_equal(S_extract(&fd, fd.len, NULL, &doc, &err), NB_OK);
	assert_non_null(S_find(doc, "规章"));
	assert_true(doc->n_warnings > 0);
	for (size_t i = 0; i < doc->n_warnings; i++) {
		assert_true(strlen(doc->warnings[i]) > 0);
		assert_null(strchr(doc->warnings[i], '\n'));
	}
	nb_doc_free(doc);
	free(fd.bytes);
}

/* Run both extractions of the spoiled report with stdout and stderr going
 * to a temporary file; returns how many bytes were printed. */
static long S_printed_while_extracting(const file_data *fd)
{
	FILE *sink = tmpfile();
	assert_non_null(sink);
	fflush(stdout);
	fflush(stderr);
	int saved_out = dup(STDOUT_FILENO), saved_err = dup(STDERR_FILENO);
	assert_true(saved_out >= 0 && saved_err >= 0);
	assert_true(dup2(fileno(sink), STDOUT_FILENO) >= 0);
	assert_true(dup2(fileno(sink), STDERR_FILENO) >= 0);
	nb_doc *doc = NULL;
	nb_error err;
	nb_status status = S_extract(fd, fd->len, NULL, &doc, &err);
	nb_doc_free(doc);
	doc = NULL;
	nb_status damaged = S_extract(fd, fd->len / 2, NULL, &doc, &err);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	close(saved_out);
	close(saved_err);
	fseek(sink, 0, SEEK_END);
	long printed = ftell(sink);
	fclose(sink);
	assert_int_equal(status, NB_OK);
	assert_int_equal(damaged, NB_ERR_DAMAGED);
	return printed;
}

static void test_unreadable_page_is_skipped_with_a_warning(void **state)
{
	(void)state;
	/* Page 2's entry in the page tree ("/Kids [ 2 0 R 7 0 R ]") is made
	 * to point at object 0: its number's digits become zeros. */
	file_data fd = S_read("report.pdf");
	static const char kids[] = "/Kids [ ";
	unsigned char *at = NULL;
	for (size_t i = 0; i + sizeof kids - 1 <= fd.len; i++)
		if (memcmp(fd.bytes + i, kids, sizeof kids - 1) == 0) {
			at = fd.bytes + i + sizeof kids - 1;
			break;
		}
	assert_non_null(at);
	const unsigned char *end = fd.bytes + fd.len;
	while (at + 3 < end && memcmp(at, " R ", 3) != 0)
		at++; /* the end of the first reference */
	assert_true(at + 3 < end);
	for (at += 3; at < end && *at >= '0' && *at <= '9'; at++)
		*at = '0';
	nb_doc *doc = NULL;
	nb_error err;
	assert_int_equal(S_extract(&fd, fd.len, NULL, &doc, &err), NB_OK);
	assert_int_equal(doc->pages, 2);
	assert_non_null(S_find(doc, "规章"));
	assert_null(S_find(doc, "行政处罚")); /* page 2 */
	int said = 0;
	for (size_t i = 0; i < doc->n_warnings; i++)
		said |= strstr(doc->warnings[i], "unreadable page") != NULL;
	assert_true(said);
	nb_doc_free(doc);
	free(fd.bytes);
}

static void test_library_prints_nothing(void **state)
{
	(void)state;
	/* main() enabled every GLib debug message, so poppler's complaints
	 * would reach stdout (GLib's default for info messages) unless the
	 * reader captured them. */
	file_data fd = S_spoiled_report();
	assert_int_equal(S_printed_while_extracting(&fd), 0);
	free(fd.bytes);
}

int main(void)
{
	/* GLib reads this once, at its first message: set it before any. */
	setenv("G_MESSAGES_DEBUG", "all", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_lines_and_cells),
		cmocka_unit_test(test_blank_lines_between_blocks),
		cmocka_unit_test(test_landscape_and_rotated_pages_read_upright),
		cmocka_unit_test(test_content_turned_a_quarter_reads_upright),
		cmocka_unit_test(test_truncated_pdf_is_damaged),
		cmocka_unit_test(test_not_a_pdf_is_damaged),
		cmocka_unit_test(test_encrypted_pdf),
		cmocka_unit_test(test_image_only_pdf_has_no_text),
		cmocka_unit_test(test_text_without_unicode_meaning_is_flagged),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_slightly_damaged_pdf_reads_with_warnings),
		cmocka_unit_test(test_unreadable_page_is_skipped_with_a_warning),
		cmocka_unit_test(test_library_prints_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
