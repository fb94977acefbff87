/*
 * test_text.c — unit tests of the text reader and the extract dispatcher.
 *
 * The text reader is where report text becomes lines of positioned cells,
 * so these tests pin down the cell splitting (tab fields, space-aligned
 * columns with East Asian widths, numbers separated by one space), the
 * line and page structure (BOM, CRLF, CR, form feeds) and the refusal of
 * unusable input (empty, binary, GBK, UTF-16, too large).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract/encoding_internal.h"
#include "extract/text_internal.h"
#include "nianbao.h"

static nb_status S_read(const char *text, size_t len, nb_doc **doc,
                        nb_error *err)
{
	return nb_extract_text((const unsigned char *)text, len, NULL, doc, err);
}

static nb_doc *S_doc(const char *text)
{
	nb_doc *doc = NULL;
	nb_error err = {0};
	assert_int_equal(S_read(text, strlen(text), &doc, &err), NB_OK);
	assert_non_null(doc);
	return doc;
}

static void S_cell_is(const nb_cell *cell, const char *text, double x0,
                      double x1)
{
	assert_string_equal(cell->text, text);
	assert_string_equal(cell->raw, text);
	assert_true(cell->x0 == x0);
	assert_true(cell->x1 == x1);
}

/* ---- cells ---- */

static void test_tab_fields(void **state)
{
	(void)state;
	nb_doc *doc = S_doc("行政许可\t5\t0\t2\n\t（二）部分公开\t\t0\n第二十条第（一）项\t\t\t\n");
	assert_int_equal(doc->units, NB_UNITS_FIELDS);
	assert_int_equal(doc->kind, NB_SOURCE_TEXT);
	assert_int_equal(doc->n_lines, 3);
	const nb_line *line = &doc->lines[0];
	assert_int_equal(line->n_cells, 4);
	S_cell_is(&line->cells[0], "行政许可", 0, 1);
	S_cell_is(&line->cells[3], "2", 3, 4);
	line = &doc->lines[1]; /* empty fields are omitted, indexes kept */
	assert_int_equal(line->n_cells, 2);
	S_cell_is(&line->cells[0], "（二）部分公开", 1, 2);
	S_cell_is(&line->cells[1], "0", 3, 4);
	assert_int_equal(doc->lines[2].n_cells, 1);
	assert_true(doc->lines[2].y0 == 3 && doc->lines[2].y1 == 3);
	nb_doc_free(doc);
}

/* Converter text cut at single spaces only has no columns (unaligned);
 * space-aligned and tab-separated text has them, and a stray double space
 * in prose does not make columns. */
static void test_unaligned_single_spaced_text(void **state)
{
	(void)state;
	const char *raw = "信息内容 上一年项目数量 本年增/减 处理决定数量\n"
	                  "行政许可 326 2 6866\n"
	                  "行政强制 193 383\n"
	                  "本机关  全年办理申请 12 件。\n"
	                  "政府集中采购 267 3353.19\n"
	                  "规章 0 0 0\n";
	nb_doc *doc = S_doc(raw);
	assert_int_equal(doc->units, NB_UNITS_COLUMNS);
	assert_true(doc->unaligned);
	/* cut between numbers only; normalize cuts the label off later */
	assert_int_equal(doc->lines[2].n_cells, 2);
	nb_doc_free(doc);
	doc = S_doc("行政许可      5    0\n规章        0    2\n");
	assert_false(doc->unaligned);
	nb_doc_free(doc);
	doc = S_doc("行政许可\t5\t0\t2\n规章 0 0 0\n");
	assert_false(doc->unaligned);
	nb_doc_free(doc);
}

static void test_tab_field_keeps_inner_spaces(void **state)
{
	(void)state;
	nb_doc *doc = S_doc(" 结果 维持 \t　尚未 审结\n");
	assert_int_equal(doc->lines[0].n_cells, 2);
	S_cell_is(&doc->lines[0].cells[0], "结果 维持", 0, 1);
	S_cell_is(&doc->lines[0].cells[1], "尚未 审结", 1, 2);
	nb_doc_free(doc);
}

static void test_layout_columns_by_characters(void **state)
{
	(void)state;
	/* pdftotext -layout: one column per character, CJK included */
	nb_doc *doc = S_doc("行政许可      5    0\n"
	                    "规章        0    2\n"
	                    "行政规范性文件   3    1\n"
	                    "  其他 事项  10\n");
	assert_int_equal(doc->units, NB_UNITS_COLUMNS);
	const nb_line *line = &doc->lines[0];
	assert_int_equal(line->n_cells, 3);
	S_cell_is(&line->cells[0], "行政许可", 0, 4);
	S_cell_is(&line->cells[1], "5", 10, 11);
	S_cell_is(&line->cells[2], "0", 15, 16);
	S_cell_is(&doc->lines[1].cells[1], "0", 10, 11);
	S_cell_is(&doc->lines[2].cells[1], "3", 10, 11);
	line = &doc->lines[3]; /* one space inside a label keeps it whole */
	assert_int_equal(line->n_cells, 2);
	S_cell_is(&line->cells[0], "其他 事项", 2, 7);
	S_cell_is(&line->cells[1], "10", 9, 11);
	nb_doc_free(doc);
}

static void test_layout_columns_by_display_width(void **state)
{
	(void)state;
	/* aligned in an editor: CJK characters two columns wide */
	nb_doc *doc = S_doc("行政许可        5\n"
	                    "规章            0\n"
	                    "行政规范性文件  3\n");
	S_cell_is(&doc->lines[0].cells[0], "行政许可", 0, 8);
	S_cell_is(&doc->lines[0].cells[1], "5", 16, 17);
	S_cell_is(&doc->lines[1].cells[1], "0", 16, 17);
	S_cell_is(&doc->lines[2].cells[0], "行政规范性文件", 0, 14);
	S_cell_is(&doc->lines[2].cells[1], "3", 16, 17);
	nb_doc_free(doc);
}

static void test_layout_ideographic_space_splits(void **state)
{
	(void)state;
	nb_doc *doc = S_doc("信息内容　本年新制作数量\n");
	const nb_line *line = &doc->lines[0];
	assert_int_equal(line->n_cells, 2);
	S_cell_is(&line->cells[0], "信息内容", 0, 4);
	S_cell_is(&line->cells[1], "本年新制作数量", 5, 12);
	nb_doc_free(doc);
}

static void test_layout_numeric_runs(void **state)
{
	(void)state;
	nb_doc *doc = S_doc("0 0 0 -3 4068.208 — 12\n"
	                    "2020 年 1408 条\n");
	const nb_line *line = &doc->lines[0];
	assert_int_equal(line->n_cells, 7);
	S_cell_is(&line->cells[0], "0", 0, 1);
	S_cell_is(&line->cells[3], "-3", 6, 8);
	S_cell_is(&line->cells[4], "4068.208", 9, 17);
	assert_string_equal(line->cells[5].text, "—");
	S_cell_is(&line->cells[6], "12", 20, 22);
	/* numbers next to words do not split prose */
	assert_int_equal(doc->lines[1].n_cells, 1);
	assert_string_equal(doc->lines[1].cells[0].text, "2020 年 1408 条");
	nb_doc_free(doc);
}

static void test_numeric_token(void **state)
{
	(void)state;
	assert_true(nb_text_is_numeric_token("0", 1));
	assert_true(nb_text_is_numeric_token("-3", 2));
	assert_true(nb_text_is_numeric_token("1,234.5", 7));
	assert_true(nb_text_is_numeric_token("100%", 4));
	assert_true(nb_text_is_numeric_token("—", strlen("—")));
	assert_true(nb_text_is_numeric_token("--", 2));
	assert_false(nb_text_is_numeric_token("年", strlen("年")));
	assert_false(nb_text_is_numeric_token("1.", 1) &&
	             nb_text_is_numeric_token("a", 1));
	assert_false(nb_text_is_numeric_token("3件", strlen("3件")));
	assert_false(nb_text_is_numeric_token("", 0));
}

static void test_units_by_majority(void **state)
{
	(void)state;
	nb_doc *doc = S_doc("标题\n规章\t0\t0\n规范性文件\t0\t0\n行政许可  5  0\n");
	assert_int_equal(doc->units, NB_UNITS_FIELDS);
	nb_doc_free(doc);
	doc = S_doc("规章  0  0\n规范性文件  0  0\n行政许可\t5\t0\n");
	assert_int_equal(doc->units, NB_UNITS_COLUMNS);
	nb_doc_free(doc);
}

/* ---- lines and pages ---- */

static void test_line_ends_bom_and_pages(void **state)
{
	(void)state;
	nb_doc *doc = S_doc("\xEF\xBB\xBF一、总体情况\r\n\r\n第一段\r第二段\n\f第二页\n尾\fX\n");
	assert_int_equal(doc->n_lines, 7);
	assert_string_equal(doc->lines[0].cells[0].text, "一、总体情况");
	assert_int_equal(doc->lines[1].n_cells, 0); /* blank line kept */
	assert_string_equal(doc->lines[2].cells[0].text, "第一段");
	assert_string_equal(doc->lines[3].cells[0].text, "第二段");
	assert_int_equal(doc->lines[3].page, 1);
	assert_string_equal(doc->lines[4].cells[0].text, "第二页");
	assert_int_equal(doc->lines[4].page, 2);
	assert_int_equal(doc->lines[5].page, 2);
	assert_string_equal(doc->lines[6].cells[0].text, "X");
	assert_int_equal(doc->lines[6].page, 3);
	for (size_t i = 0; i < doc->n_lines; i++)
		assert_true(doc->lines[i].y0 == (double)(i + 1));
	nb_doc_free(doc);
}

static void test_no_trailing_blank_line(void **state)
{
	(void)state;
	nb_doc *doc = S_doc("甲\n乙\n");
	assert_int_equal(doc->n_lines, 2);
	nb_doc_free(doc);
	doc = S_doc("甲\n乙");
	assert_int_equal(doc->n_lines, 2);
	nb_doc_free(doc);
}

/* ---- bad input ---- */

static void S_refused(const char *data, size_t len, nb_status want,
                      const char *message_part)
{
	nb_doc *doc = (nb_doc *)&doc;
	nb_error err = {0};
	assert_int_equal(S_read(data, len, &doc, &err), want);
	assert_null(doc);
	assert_int_equal(err.status, want);
	if (message_part && !strstr(err.message, message_part))
		fail_msg("message \"%s\" lacks \"%s\"", err.message, message_part);
}

static void test_empty(void **state)
{
	(void)state;
	S_refused("", 0, NB_ERR_EMPTY, NULL);
	S_refused(" \n\t\r\n\f  \n", 9, NB_ERR_EMPTY, NULL);
	S_refused("\xEF\xBB\xBF\xE3\x80\x80\n", 7, NB_ERR_EMPTY, NULL);
}

/* Text read from a legacy encoding: its first cell and the encoding. */
static void S_decoded(const char *data, size_t len, const char *first,
                      const char *encoding)
{
	nb_doc *doc = NULL;
	nb_error err = {0};
	assert_int_equal(S_read(data, len, &doc, &err), NB_OK);
	assert_non_null(doc);
	assert_string_equal(doc->encoding, encoding);
	assert_string_equal(doc->lines[0].cells[0].text, first);
	nb_doc_free(doc);
}

static void test_gbk(void **state)
{
	(void)state;
	/* "政府信息公开工作年度报告\n一、总体情况" in GBK: read as GB18030 */
	const char gbk[] = "\xd5\xfe\xb8\xae\xd0\xc5\xcf\xa2\xb9\xab\xbf\xaa"
	                   "\xb9\xa4\xd7\xf7\xc4\xea\xb6\xc8\xb1\xa8\xb8\xe6\n"
	                   "\xd2\xbb\xa1\xa2\xd7\xdc\xcc\xe5\xc7\xe9\xbf\xf6\n";
	assert_true(nb_text_looks_gbk((const unsigned char *)gbk, sizeof gbk - 1));
	S_decoded(gbk, sizeof gbk - 1, "政府信息公开工作年度报告", "GB18030");
	/* cut inside a character: valid in no encoding, refused */
	S_refused(gbk, 23, NB_ERR_NOT_UTF8, "not UTF-8");
}

static void test_utf16(void **state)
{
	(void)state;
	const char utf16[] = "\xFF\xFE\x3F\x65\x9C\x5E\n\x00";
	S_decoded(utf16, sizeof utf16 - 1, "政府", "UTF-16LE");
	/* no byte-order mark: "2020 report\n" in UTF-16LE */
	const char bare[] = "2\x00" "0\x00" "2\x00" "0\x00" " \x00" "r\x00"
	                    "e\x00" "p\x00" "o\x00" "r\x00" "t\x00" "\n\x00";
	S_decoded(bare, sizeof bare - 1, "2020 report", "UTF-16LE");
	/* an odd number of bytes: not UTF-16 after all */
	S_refused(utf16, sizeof utf16 - 2, NB_ERR_NOT_UTF8, "UTF-16");
}

static void test_latin1_is_not_utf8(void **state)
{
	(void)state;
	const char latin1[] = "R\xe9sum\xe9 du rapport annuel, ann\xe9" "e 2020\n";
	S_refused(latin1, sizeof latin1 - 1, NB_ERR_NOT_UTF8, "not UTF-8");
}

static void test_binary(void **state)
{
	(void)state;
	unsigned char data[4096];
	uint32_t seed = 12345;
	for (size_t i = 0; i < sizeof data; i++) {
		seed = seed * 1103515245u + 12345u;
		data[i] = (unsigned char)(seed >> 16);
	}
	assert_true(nb_text_looks_binary(data, sizeof data));
	S_refused((const char *)data, sizeof data, NB_ERR_NOT_PDF, "binary");
	const char elf[] = "\x7f" "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00";
	S_refused(elf, sizeof elf - 1, NB_ERR_NOT_PDF, NULL);
}

static void test_stray_invalid_byte_repaired(void **state)
{
	(void)state;
	/* one bad byte among many good characters: U+FFFD and a warning */
	const char text[] = "政府信息公开工作年度报告，依据条例第五十条之规定，制作本报告。"
	                    "本报告由总体情况、主动公开、依申请公开等部分组成\xff。\n";
	nb_doc *doc = S_doc(text);
	assert_int_equal(doc->n_warnings, 1);
	assert_non_null(strstr(doc->lines[0].cells[0].text, "\xEF\xBF\xBD"));
	nb_doc_free(doc);
}

static void test_limit(void **state)
{
	(void)state;
	nb_limits limits = {.max_input_bytes = 8};
	nb_doc *doc = NULL;
	nb_error err = {0};
	const char *text = "一二三四五\n";
	assert_int_equal(nb_extract_text((const unsigned char *)text,
	                                 strlen(text), &limits, &doc, &err),
	                 NB_ERR_LIMIT);
	assert_null(doc);
	assert_string_equal(nb_status_code(err.status), "too_large");
	limits.max_input_bytes = 64;
	assert_int_equal(nb_extract_text((const unsigned char *)text,
	                                 strlen(text), &limits, &doc, &err),
	                 NB_OK);
	nb_doc_free(doc);
}

/* `unit` repeated `copies` times, malloc'd; *len gets the length. */
static char *S_repeat(const char *unit, size_t copies, size_t *len)
{
	size_t n = strlen(unit);
	char *s = malloc(copies * n + 1);
	for (size_t i = 0; i < copies; i++)
		memcpy(s + i * n, unit, n);
	s[copies * n] = '\0';
	*len = copies * n;
	return s;
}

static void S_accepted(const char *text, size_t len)
{
	nb_doc *doc = NULL;
	nb_error err = {0};
	assert_int_equal(S_read(text, len, &doc, &err), NB_OK);
	nb_doc_free(doc);
}

/* Text has limits of its own (base.h): bytes, lines and cells, each
 * refused as too_large before the document is kept; up to each limit the
 * text is read. */
static void test_text_limits(void **state)
{
	(void)state;
	size_t len;
	char *text = S_repeat("x\n", NB_TEXT_MAX_LINES + 1, &len);
	S_refused(text, len, NB_ERR_LIMIT, "lines");
	free(text);
	text = S_repeat("x\n", NB_TEXT_MAX_LINES, &len);
	S_accepted(text, len);
	free(text);

	/* cells on one line (space-aligned numbers) and over many lines
	 * (tab fields) */
	text = S_repeat("0 ", NB_TEXT_MAX_CELLS + 1, &len);
	S_refused(text, len, NB_ERR_LIMIT, "cells");
	free(text);
	text = S_repeat("0 ", NB_TEXT_MAX_CELLS, &len);
	S_accepted(text, len);
	free(text);
	text = S_repeat("a\tb\n", NB_TEXT_MAX_CELLS / 2 + 1, &len);
	S_refused(text, len, NB_ERR_LIMIT, "cells");
	free(text);

	/* bytes: one long line of text */
	text = S_repeat("政府信息公开", NB_TEXT_MAX_BYTES / 18 + 1, &len);
	S_refused(text, len, NB_ERR_LIMIT, "bytes");
	free(text);
	text = S_repeat("政府信息公开", NB_TEXT_MAX_BYTES / 18, &len);
	S_accepted(text, len);
	free(text);
}

static void test_control_bytes_become_spaces(void **state)
{
	(void)state;
	nb_doc *doc = S_doc("甲\x01乙  丙\n");
	assert_int_equal(doc->lines[0].n_cells, 2);
	assert_string_equal(doc->lines[0].cells[0].text, "甲 乙");
	nb_doc_free(doc);
}

/* ---- dispatcher ---- */

static void test_sniff(void **state)
{
	(void)state;
	const unsigned char pdf[] = "%PDF-1.7\n";
	assert_int_equal(nb_sniff(pdf, sizeof pdf - 1), NB_SOURCE_PDF);
	unsigned char junk[1100];
	memset(junk, 'x', sizeof junk);
	memcpy(junk + 1000, "%PDF-1.4", 8);
	assert_int_equal(nb_sniff(junk, sizeof junk), NB_SOURCE_PDF);
	memset(junk, 'x', sizeof junk);
	memcpy(junk + 1050, "%PDF-1.4", 8);
	assert_int_equal(nb_sniff(junk, sizeof junk), NB_SOURCE_TEXT);
	assert_int_equal(nb_sniff((const unsigned char *)"%PDF", 4),
	                 NB_SOURCE_TEXT);
	assert_int_equal(nb_sniff((const unsigned char *)"", 0), NB_SOURCE_TEXT);
}

static void test_extract_dispatches_text(void **state)
{
	(void)state;
	nb_doc *doc = NULL;
	nb_error err = {0};
	const char *text = "一、总体情况\n";
	assert_int_equal(nb_extract((const unsigned char *)text, strlen(text),
	                            NULL, &doc, &err),
	                 NB_OK);
	assert_int_equal(doc->kind, NB_SOURCE_TEXT);
	nb_doc_free(doc);
	assert_int_equal(nb_extract((const unsigned char *)"", 0, NULL, &doc,
	                            &err),
	                 NB_ERR_EMPTY);
}

/* GB18030 to UTF-8 copies ASCII runs and converts the rest with iconv
 * (encoding.c): a trail byte in the ASCII range (0x40-0x7E, and the
 * digits of a four-byte form) stays with its character, and invalid or
 * cut bytes still fail the whole conversion. */
static void test_gb18030_ascii_runs(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"a\x81\x40" "b\x81\x30\x81\x30" "c", "a\xE4\xB8\x82" "b\xC2\x80" "c"},
		{"<p>\xC4\xEA\xB6\xC8</p>", "<p>\xE5\xB9\xB4\xE5\xBA\xA6</p>"},
		{"", ""},
		{"a\x81", NULL},
		{"\x81\x7F", NULL},
		{"\x80", NULL},
		{"x\x81\x30\x81", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t len = 99;
		char *got = nb_enc_to_utf8("GB18030", (const unsigned char *)cases[i].in,
		                           strlen(cases[i].in), &len);
		if (!cases[i].out) {
			assert_null(got);
			continue;
		}
		assert_non_null(got);
		assert_string_equal(got, cases[i].out);
		assert_int_equal(len, strlen(cases[i].out));
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tab_fields),
		cmocka_unit_test(test_unaligned_single_spaced_text),
		cmocka_unit_test(test_tab_field_keeps_inner_spaces),
		cmocka_unit_test(test_layout_columns_by_characters),
		cmocka_unit_test(test_layout_columns_by_display_width),
		cmocka_unit_test(test_layout_ideographic_space_splits),
		cmocka_unit_test(test_layout_numeric_runs),
		cmocka_unit_test(test_numeric_token),
		cmocka_unit_test(test_units_by_majority),
		cmocka_unit_test(test_line_ends_bom_and_pages),
		cmocka_unit_test(test_no_trailing_blank_line),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_gbk),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_latin1_is_not_utf8),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_stray_invalid_byte_repaired),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_text_limits),
		cmocka_unit_test(test_control_bytes_become_spaces),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_gb18030_ascii_runs),
		cmocka_unit_test(test_extract_dispatches_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
