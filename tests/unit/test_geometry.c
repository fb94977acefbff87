/*
 * test_geometry.c — unit tests of the page geometry (extract/geometry.c)
 * on synthetic glyph boxes.
 *
 * A small "typesetter" below places text the way a PDF would: wide (CJK)
 * glyphs one em wide, spaces a quarter em, others half an em, boxes 1.3 em
 * tall from the top of the line.  The tests then feed the glyphs to
 * nb_geometry_page in orders no reader would expect and check the lines and
 * cells that come out: line grouping, superscripts, mixed sizes, cells split
 * by gaps, spaces, wrapped labels beside vertically centred numbers, boxes
 * with bogus font metrics, blank lines, tables continued on the next page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract/glyph_internal.h"

/* ---- the typesetter ---- */

typedef struct page_builder {
	nb_glyph glyphs[2048];
	size_t n;
	double height_ems; /* box height in ems (1.3 unless a test says) */
} page_builder;

static uint32_t S_next_cp(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;
	int extra;
	if (p[0] < 0x80) {
		cp = p[0];
		extra = 0;
	} else if (p[0] < 0xE0) {
		cp = p[0] & 0x1F;
		extra = 1;
	} else if (p[0] < 0xF0) {
		cp = p[0] & 0x0F;
		extra = 2;
	} else {
		cp = p[0] & 0x07;
		extra = 3;
	}
	for (int i = 1; i <= extra; i++)
		cp = (cp << 6) | (p[i] & 0x3F);
	*s += 1 + extra;
	return cp;
}

static int S_wide(uint32_t cp)
{
	return cp >= 0x2E80;
}

/* Set `text` at x, line top y, font size `size`; returns the x after it. */
static double S_put(page_builder *pb, double x, double y, double size,
                    const char *text)
{
	double height = (pb->height_ems > 0 ? pb->height_ems : 1.3) * size;
	while (*text) {
		uint32_t cp = S_next_cp(&text);
		double width = S_wide(cp) ? size : cp == ' ' ? 0.25 * size
		                                             : 0.5 * size;
		assert_true(pb->n < sizeof pb->glyphs / sizeof pb->glyphs[0]);
		pb->glyphs[pb->n++] =
			(nb_glyph){x, y, x + width, y + height, cp};
		x += width;
	}
	return x;
}

/* Reorder the glyphs deterministically (a fixed-seed shuffle). */
static void S_shuffle(page_builder *pb)
{
	uint32_t state = 12345;
	for (size_t i = pb->n; i > 1; i--) {
		state = state * 1103515245u + 12345u;
		size_t j = (state >> 8) % i;
		nb_glyph t = pb->glyphs[i - 1];
		pb->glyphs[i - 1] = pb->glyphs[j];
		pb->glyphs[j] = t;
	}
}

typedef struct result {
	nb_arena *arena;
	nb_line_list list;
} result;

static void S_run(page_builder *pb, int page, result *res)
{
	if (!res->arena)
		res->arena = nb_arena_new();
	nb_geometry_page(pb->glyphs, pb->n, page, res->arena, &res->list);
}

static void S_result_free(result *res)
{
	nb_line_list_free(&res->list);
	nb_arena_free(res->arena);
}

/* The line's cells as "a|b|c" ("" for a blank line). */
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

/* Non-blank lines only, as "cells" strings. */
static size_t S_text_lines(const result *res, const char **out, size_t max)
{
	static char store[64][1024];
	size_t n = 0;
	for (size_t i = 0; i < res->list.n_lines && n < max && n < 64; i++) {
		if (res->list.lines[i].n_cells == 0)
			continue;
		snprintf(store[n], sizeof store[n], "%s",
		         S_cells(&res->list.lines[i]));
		out[n] = store[n];
		n++;
	}
	return n;
}

/* ---- tests ---- */

static void test_lines_top_to_bottom_whatever_the_order(void **state)
{
	(void)state;
	page_builder pb = {0};
	S_put(&pb, 72, 100, 10.5, "第一行文字，测试。");
	S_put(&pb, 72, 114, 10.5, "第二行文字");
	S_put(&pb, 72, 128, 10.5, "第三行");
	S_shuffle(&pb);
	result res = {0};
	S_run(&pb, 1, &res);
	assert_int_equal(res.list.n_lines, 3);
	assert_string_equal(S_cells(&res.list.lines[0]), "第一行文字，测试。");
	assert_string_equal(S_cells(&res.list.lines[1]), "第二行文字");
	assert_string_equal(S_cells(&res.list.lines[2]), "第三行");
	assert_int_equal(res.list.lines[2].page, 1);
	S_result_free(&res);
}

static void test_white_space_dropped_and_spaces_kept_between_words(void **state)
{
	(void)state;
	page_builder pb = {0};
	/* Poppler gives space glyphs between words; a real gap stays a space. */
	S_put(&pb, 72, 100, 10, "Skia/PDF m156");
	double x = S_put(&pb, 72, 120, 10, "2020");
	S_put(&pb, x + 2.5, 120, 10, "年");
	S_put(&pb, 72, 140, 10, "\xe3\x80\x80 \t");
	/* LibreOffice's autospacing between CJK and digits (0.17 em) is not
	 * a space. */
	x = S_put(&pb, 72, 160, 10, "发布信息");
	S_put(&pb, x + 1.7, 160, 10, "370条");
	result res = {0};
	S_run(&pb, 1, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 3);
	assert_string_equal(lines[0], "Skia/PDF m156");
	assert_string_equal(lines[1], "2020 年");
	assert_string_equal(lines[2], "发布信息370条");
	S_result_free(&res);
}

static void test_only_white_space_gives_nothing(void **state)
{
	(void)state;
	page_builder pb = {0};
	S_put(&pb, 72, 100, 10, "   ");
	result res = {0};
	S_run(&pb, 1, &res);
	assert_int_equal(res.list.n_lines, 0);
	S_result_free(&res);
}

static void test_superscript_and_mixed_sizes_stay_on_the_line(void **state)
{
	(void)state;
	page_builder pb = {0};
	/* A 16 pt heading run and a 10.5 pt run sharing one baseline (tops
	 * differ), and a superscript 2 raised above the 10.5 pt text. */
	double base = 120;
	double x = S_put(&pb, 72, base - 16 * 1.0, 16, "标题");
	x = S_put(&pb, x, base - 10.5 * 1.0, 10.5, "面积100m");
	S_put(&pb, x, base - 10.5 * 1.0 - 3.5, 6, "2");
	S_put(&pb, 72, base + 6, 10.5, "下一行");
	S_shuffle(&pb);
	result res = {0};
	S_run(&pb, 1, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 2);
	assert_string_equal(lines[0], "标题面积100m2");
	assert_string_equal(lines[1], "下一行");
	S_result_free(&res);
}

static void test_cells_split_at_wide_gaps(void **state)
{
	(void)state;
	page_builder pb = {0};
	S_put(&pb, 60, 200, 10.5, "规章");
	S_put(&pb, 250, 200, 10.5, "0");
	S_put(&pb, 350, 200, 10.5, "0");
	S_put(&pb, 450, 200, 10.5, "12");
	S_shuffle(&pb);
	result res = {0};
	S_run(&pb, 1, &res);
	assert_int_equal(res.list.n_lines, 1);
	const nb_line *line = &res.list.lines[0];
	assert_string_equal(S_cells(line), "规章|0|0|12");
	/* Boxes are the union of the glyph boxes, in points. */
	assert_true(line->cells[0].x0 == 60 && line->cells[0].x1 == 81);
	assert_true(line->cells[3].x0 == 450 && line->cells[3].x1 == 460.5);
	assert_true(line->cells[3].y0 == 200);
	assert_true(line->cells[3].y1 > 213.6 && line->cells[3].y1 < 213.7);
	assert_true(line->y0 == 200);
	assert_string_equal(line->cells[3].raw, "12");
	S_result_free(&res);
}

static void test_tight_table_columns_split_prose_does_not(void **state)
{
	(void)state;
	page_builder pb = {0};
	/* Narrow header cells 0.8 em apart, a label 0.55 em from its number
	 * (LibreOffice's default cell padding), and a justified prose line. */
	double x = S_put(&pb, 60, 100, 8.5, "自然人");
	x = S_put(&pb, x + 6.8, 100, 8.5, "商业企");
	S_put(&pb, x + 6.8, 100, 8.5, "科研机");
	x = S_put(&pb, 60, 120, 10.5, "其他对外管理服务事项");
	S_put(&pb, x + 5.8, 120, 10.5, "10");
	const char *prose = "这是一段两端对齐的中文文字";
	x = 60;
	for (const char *p = prose; *p;) {
		char one[8] = {0};
		const char *start = p;
		S_next_cp(&p);
		memcpy(one, start, (size_t)(p - start));
		x = S_put(&pb, x, 140, 10.5, one) + 1.0; /* 0.1 em stretch */
	}
	result res = {0};
	S_run(&pb, 1, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 3);
	assert_string_equal(lines[0], "自然人|商业企|科研机");
	assert_string_equal(lines[1], "其他对外管理服务事项|10");
	assert_string_equal(lines[2], prose);
	S_result_free(&res);
}

static void test_wrapped_label_beside_centred_numbers(void **state)
{
	(void)state;
	page_builder pb = {0};
	/* A row whose label wraps over two lines (pitch 14 pt) and whose
	 * numbers are centred vertically in the cell, between the two. */
	S_put(&pb, 60, 300, 10.5, "（二）部分公开（区分处理的");
	S_put(&pb, 60, 314, 10.5, "只计这一情形）");
	const char *numbers[] = {"218", "52", "2", "0", "3", "6", "281"};
	for (int i = 0; i < 7; i++)
		S_put(&pb, 250 + 40 * i, 307, 10.5, numbers[i]);
	/* The next row, one line, 20 pt below. */
	S_put(&pb, 60, 334, 10.5, "1.属于国家秘密");
	for (int i = 0; i < 7; i++)
		S_put(&pb, 250 + 40 * i, 334, 10.5, "1");
	S_shuffle(&pb);
	result res = {0};
	S_run(&pb, 1, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 4);
	assert_string_equal(lines[0], "（二）部分公开（区分处理的");
	assert_string_equal(lines[1], "218|52|2|0|3|6|281");
	assert_string_equal(lines[2], "只计这一情形）");
	assert_string_equal(lines[3], "1.属于国家秘密|1|1|1|1|1|1|1");
	S_result_free(&res);
}

static void test_numbers_centred_on_second_of_three_label_lines(void **state)
{
	(void)state;
	page_builder pb = {0};
	S_put(&pb, 60, 300, 10, "5.要求行政机关确认");
	S_put(&pb, 60, 313, 10, "或重新出具已获取");
	S_put(&pb, 60, 326, 10, "信息");
	S_put(&pb, 250, 313.5, 10, "26");
	S_put(&pb, 290, 313.5, 10, "11");
	S_shuffle(&pb);
	result res = {0};
	S_run(&pb, 1, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 3);
	assert_string_equal(lines[0], "5.要求行政机关确认");
	assert_string_equal(lines[1], "或重新出具已获取|26|11");
	assert_string_equal(lines[2], "信息");
	S_result_free(&res);
}

static void test_bogus_tall_boxes_do_not_merge_lines(void **state)
{
	(void)state;
	/* Type 3 fonts: boxes 2.6 em tall reaching two lines down; lines
	 * 1.3 em apart, with narrow glyphs (quotes, digits, a period) that
	 * have no em of their own. */
	page_builder pb = {.height_ems = 2.6};
	S_put(&pb, 60, 200, 10, "3.危及“三安全一稳定”");
	S_put(&pb, 60, 213, 10, "4.保护第三方合法权益");
	S_put(&pb, 60, 226, 10, "5.属于三类内部事务信息");
	S_shuffle(&pb);
	result res = {0};
	S_run(&pb, 1, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 3);
	assert_string_equal(lines[0], "3.危及“三安全一稳定”");
	assert_string_equal(lines[1], "4.保护第三方合法权益");
	assert_string_equal(lines[2], "5.属于三类内部事务信息");
	/* The boxes were cut to one em below their top. */
	assert_true(res.list.lines[0].y1 <= 210.01);
	S_result_free(&res);
}

static void test_huge_glyph_does_not_join_lines(void **state)
{
	(void)state;
	page_builder pb = {0};
	/* A 60 pt watermark character behind two 10.5 pt lines: its centre
	 * lies in the first line's band, but it joins neither. */
	S_put(&pb, 72, 100, 10.5, "第一行文字");
	S_put(&pb, 72, 115, 10.5, "第二行文字");
	S_put(&pb, 90, 68, 60, "密");
	S_shuffle(&pb);
	result res = {0};
	S_run(&pb, 1, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 3);
	assert_string_equal(lines[0], "第一行文字");
	assert_string_equal(lines[1], "密");
	assert_string_equal(lines[2], "第二行文字");
	S_result_free(&res);
}

static void test_fake_bold_duplicates_dropped(void **state)
{
	(void)state;
	page_builder pb = {0};
	S_put(&pb, 60, 100, 12, "一、总体情况");
	S_put(&pb, 60.4, 100, 12, "一、总体情况");
	result res = {0};
	S_run(&pb, 1, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 1);
	assert_string_equal(lines[0], "一、总体情况");
	S_result_free(&res);
}

static void test_blank_line_at_paragraph_gap_only(void **state)
{
	(void)state;
	page_builder pb = {0};
	/* Lines 15 pt apart (13 pt boxes: 2 pt gaps), then a 20 pt gap. */
	S_put(&pb, 72, 100, 10, "第一段第一行");
	S_put(&pb, 72, 115, 10, "第一段第二行。");
	S_put(&pb, 72, 148, 10, "第二段");
	result res = {0};
	S_run(&pb, 1, &res);
	assert_int_equal(res.list.n_lines, 4);
	assert_int_equal(res.list.lines[1].n_cells, 1);
	assert_int_equal(res.list.lines[2].n_cells, 0);
	assert_int_equal(res.list.lines[2].page, 1);
	assert_true(res.list.lines[2].y0 >= res.list.lines[1].y1 - 0.01);
	assert_string_equal(S_cells(&res.list.lines[3]), "第二段");
	S_result_free(&res);
}

static void test_table_continued_on_next_page(void **state)
{
	(void)state;
	result res = {0};
	page_builder p1 = {0};
	S_put(&p1, 60, 700, 10.5, "行政许可");
	S_put(&p1, 250, 700, 10.5, "895");
	S_put(&p1, 350, 700, 10.5, "-1");
	S_put(&p1, 280, 800, 9, "第1页");
	S_run(&p1, 1, &res);
	page_builder p2 = {0};
	S_put(&p2, 60, 40, 9, "西川省交通运输厅");
	S_put(&p2, 60, 80, 10.5, "行政处罚");
	S_put(&p2, 250, 80, 10.5, "2909");
	S_put(&p2, 350, 80, 10.5, "4");
	S_shuffle(&p2);
	S_run(&p2, 2, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 4);
	assert_string_equal(lines[0], "行政许可|895|-1");
	assert_string_equal(lines[1], "第1页");
	assert_string_equal(lines[2], "西川省交通运输厅");
	assert_string_equal(lines[3], "行政处罚|2909|4");
	const nb_line *last = &res.list.lines[res.list.n_lines - 1];
	assert_int_equal(last->page, 2);
	assert_true(last->cells[1].x0 == 250);
	S_result_free(&res);
}

static void test_side_by_side_lines_offset_join(void **state)
{
	(void)state;
	page_builder pb = {0};
	/* A label top-aligned in its cell and a number 2 pt lower in the
	 * next cell: one visual line. */
	S_put(&pb, 60, 100, 10.5, "政府集中采购");
	S_put(&pb, 250, 102, 10.5, "142");
	S_put(&pb, 350, 101, 10.5, "13667.354");
	result res = {0};
	S_run(&pb, 1, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 1);
	assert_string_equal(lines[0], "政府集中采购|142|13667.354");
	S_result_free(&res);
}

static void test_unusable_boxes_are_dropped(void **state)
{
	(void)state;
	page_builder pb = {0};
	S_put(&pb, 60, 100, 10, "好");
	pb.glyphs[pb.n++] = (nb_glyph){NAN, 100, 70, 110, 'x'};
	/* An inverted box is straightened, not dropped. */
	pb.glyphs[pb.n++] = (nb_glyph){80, 113, 70, 100, 'y'};
	result res = {0};
	S_run(&pb, 1, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 1);
	assert_string_equal(lines[0], "好y");
	S_result_free(&res);
}

static void test_turned_content_is_turned_upright(void **state)
{
	(void)state;
	/* A line "表格" drawn running down the right edge of a 595 x 842 page
	 * (content turned clockwise), and its next line to the left. */
	nb_glyph down[] = {
		{520, 60, 535, 72, 0x8868}, {520, 72, 535, 84, 0x683C},
		{500, 60, 515, 72, 0x4E0B},
	};
	nb_glyphs_turn_upright(down, 3, NB_FLOW_DOWN, 595, 842);
	assert_true(down[0].x0 == 60 && down[0].x1 == 72);
	assert_true(down[0].y0 == 60 && down[0].y1 == 75);
	assert_true(down[1].x0 == 72 && down[2].y0 == 80);
	/* The same running up the left edge (content turned anticlockwise). */
	nb_glyph up[] = {
		{60, 770, 75, 782, 0x8868}, {60, 758, 75, 770, 0x683C},
		{80, 770, 95, 782, 0x4E0B},
	};
	nb_glyphs_turn_upright(up, 3, NB_FLOW_UP, 595, 842);
	assert_true(up[0].x0 == 60 && up[0].x1 == 72);
	assert_true(up[0].y0 == 60 && up[0].y1 == 75);
	assert_true(up[1].x0 == 72 && up[2].y0 == 80);
	/* Across: untouched. */
	nb_glyph across[] = {{1, 2, 3, 4, 'a'}};
	nb_glyphs_turn_upright(across, 1, NB_FLOW_ACROSS, 595, 842);
	assert_true(across[0].x0 == 1 && across[0].y1 == 4);
}

static void test_hostile_pile_of_glyphs(void **state)
{
	(void)state;
	/* Glyphs stacked on one spot, and a staircase of tall boxes each
	 * overlapping the next: both must come out as sane lines. */
	enum { N = 6000 };
	nb_glyph *glyphs = malloc(2 * N * sizeof *glyphs);
	assert_non_null(glyphs);
	for (int i = 0; i < N; i++) {
		glyphs[i] = (nb_glyph){100, 100, 110, 113, 0x4E00 + (uint32_t)(i % 50)};
		glyphs[N + i] = (nb_glyph){200 + 0.01 * i, 300 + 0.05 * i,
		                           210 + 0.01 * i, 400 + 0.05 * i, 'a'};
	}
	nb_arena *arena = nb_arena_new();
	nb_line_list list = {0};
	nb_geometry_page(glyphs, 2 * N, 1, arena, &list);
	assert_true(list.n_lines >= 1 && list.n_lines <= 2 * N);
	size_t cells = 0;
	for (size_t i = 0; i < list.n_lines; i++)
		cells += list.lines[i].n_cells;
	assert_true(cells >= 1);
	nb_line_list_free(&list);
	nb_arena_free(arena);
	free(glyphs);
}


/* Glyphs of `text` drawn turned `degrees` anticlockwise from (x, y) (the
 * baseline start), each with the upright box a reader gives a turned glyph:
 * as wide as its advance, 1.35 of the size tall, stepping up along the
 * slant, one by one in text order. */
static void S_put_turned(page_builder *pb, double x, double y, double size,
                         double degrees, const char *text)
{
	double slope = tan(degrees * 3.14159265358979 / 180.0);
	while (*text) {
		uint32_t cp = S_next_cp(&text);
		double width = S_wide(cp) ? size : cp == ' ' ? 0.25 * size
		                                             : 0.55 * size;
		if (cp != ' ') {
			assert_true(pb->n < sizeof pb->glyphs / sizeof pb->glyphs[0]);
			pb->glyphs[pb->n++] = (nb_glyph){x, y - 1.35 * size, x + width,
			                                 y, cp};
		}
		x += width;
		y -= slope * width;
	}
}

static void test_turned_watermark_is_taken_out(void **state)
{
	(void)state;
	page_builder pb = {0};
	/* A table row with a grey watermark drawn across it at 35 degrees: a
	 * digit of the watermark lands right after 187 (which read 1872...). */
	S_put(&pb, 72, 100, 9, "规章");
	S_put(&pb, 200, 100, 9, "28");
	S_put(&pb, 260, 100, 9, "28");
	double x = S_put(&pb, 320, 100, 9, "187");
	S_put_turned(&pb, x - 150, 190, 22, 35, "内部资料 2024-05-12");
	S_put(&pb, 72, 200, 9, "行政许可");
	S_put(&pb, 200, 200, 9, "5");
	result res = {0};
	S_run(&pb, 1, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 2);
	assert_string_equal(lines[0], "规章|28|28|187");
	assert_string_equal(lines[1], "行政许可|5");
	/* taken out, not dropped: one run, its text left to right, standing
	 * before the first line reaching below its centre */
	assert_int_equal(res.list.n_removed, 1);
	assert_string_equal(res.list.removed[0].text, "内部资料2024-05-12");
	assert_string_equal(res.list.removed[0].what, "watermark");
	assert_int_equal(res.list.removed[0].page, 1);
	size_t at = res.list.removed[0].at_line;
	assert_true(at < res.list.n_lines);
	assert_string_equal(S_cells(&res.list.lines[at]), "规章|28|28|187");
	S_result_free(&res);
}

static void test_turned_pieces_in_any_order_are_taken_out(void **state)
{
	(void)state;
	page_builder pb = {0};
	/* Readers give a turned text's glyphs in pieces in any order: the
	 * watermark's glyphs shuffled among two prose lines. */
	S_put(&pb, 72, 300, 10.5, "全年累计主动公开政府信息1505条。");
	S_put(&pb, 72, 316, 10.5, "其中机构职能等基础信息23条。");
	S_put_turned(&pb, 100, 700, 20, 40, "内部资料 2021-05-12");
	S_put_turned(&pb, 100, 1000, 20, 40, "内部资料 2021-05-12");
	S_shuffle(&pb);
	result res = {0};
	S_run(&pb, 2, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 2);
	assert_string_equal(lines[0], "全年累计主动公开政府信息1505条。");
	assert_string_equal(lines[1], "其中机构职能等基础信息23条。");
	assert_int_equal(res.list.n_removed, 2);
	for (size_t k = 0; k < res.list.n_removed; k++) {
		assert_string_equal(res.list.removed[k].text, "内部资料2021-05-12");
		assert_int_equal(res.list.removed[k].page, 2);
		/* below both lines: before whatever comes next */
		assert_int_equal(res.list.removed[k].at_line, res.list.n_lines);
	}
	S_result_free(&res);
}

static void test_one_slanted_pair_is_not_a_watermark(void **state)
{
	(void)state;
	page_builder pb = {0};
	/* A short label stepped half a line down beside another, once: too
	 * little to call turned text; nothing is taken. */
	S_put(&pb, 72, 100, 9, "自然");
	S_put(&pb, 72 + 18, 106, 9, "人");
	S_put(&pb, 200, 100, 9, "28");
	result res = {0};
	S_run(&pb, 1, &res);
	assert_int_equal(res.list.n_removed, 0);
	size_t glyphs = 0;
	for (size_t i = 0; i < res.list.n_lines; i++)
		for (size_t c = 0; c < res.list.lines[i].n_cells; c++)
			glyphs += strlen(res.list.lines[i].cells[c].text);
	assert_int_equal(glyphs, 3 * 3 + 2);
	S_result_free(&res);
}

static void test_raised_small_digit_is_a_superscript(void **state)
{
	(void)state;
	page_builder pb = {0};
	/* 17 in a 9 pt cell, then a raised 5.4 pt 1: a footnote marker, not
	 * 171.  The footnote's own raised 1 opens its line: not after digits,
	 * it stays 1. */
	S_put(&pb, 72, 100, 9, "行政处罚");
	double x = S_put(&pb, 200, 100, 9, "17");
	S_put(&pb, x, 100 + 1.3 * 9 - 1.3 * 5.4 - 4.0, 5.4, "1");
	x = S_put(&pb, 72, 130 + 1.3 * 9 - 1.3 * 5.4 - 4.0, 5.4, "1");
	S_put(&pb, x, 130, 9, "含简易程序处罚决定9件。");
	S_shuffle(&pb);
	result res = {0};
	S_run(&pb, 1, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 2);
	assert_string_equal(lines[0], "行政处罚|17\xc2\xb9");
	assert_string_equal(lines[1], "1含简易程序处罚决定9件。");
	/* text and raw alike */
	assert_string_equal(res.list.lines[0].cells[1].raw, "17\xc2\xb9");
	S_result_free(&res);
}

static void test_number_beside_smaller_text_is_untouched(void **state)
{
	(void)state;
	page_builder pb = {0};
	/* 35 followed by a smaller unit label, and 12 followed by a smaller
	 * digit on the same baseline (not raised): both read as printed. */
	double base = 100 + 1.3 * 10;
	double x = S_put(&pb, 200, 100, 10, "35");
	S_put(&pb, x, base - 1.3 * 7, 7, "万元");
	x = S_put(&pb, 300, 100, 10, "12");
	S_put(&pb, x, base - 1.3 * 7, 7, "3");
	result res = {0};
	S_run(&pb, 1, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 1);
	assert_string_equal(lines[0], "35万元|123");
	S_result_free(&res);
}

static void test_exponent_in_prose_either_way(void **state)
{
	(void)state;
	page_builder pb = {0};
	/* "10²" in prose: a raised small 2 after digits.  Read as 10² or as
	 * printed digits, both are fine for prose; it must stay on its line. */
	double x = S_put(&pb, 72, 100, 10.5, "面积达到10");
	S_put(&pb, x, 100 - 3.5, 6, "2");
	S_put(&pb, x + 3.5, 100, 10.5, "平方千米");
	result res = {0};
	S_run(&pb, 1, &res);
	const char *lines[8];
	assert_int_equal(S_text_lines(&res, lines, 8), 1);
	assert_true(strcmp(lines[0], "面积达到10\xc2\xb2平方千米") == 0 ||
	            strcmp(lines[0], "面积达到102平方千米") == 0);
	S_result_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_top_to_bottom_whatever_the_order),
		cmocka_unit_test(test_white_space_dropped_and_spaces_kept_between_words),
		cmocka_unit_test(test_only_white_space_gives_nothing),
		cmocka_unit_test(test_superscript_and_mixed_sizes_stay_on_the_line),
		cmocka_unit_test(test_cells_split_at_wide_gaps),
		cmocka_unit_test(test_tight_table_columns_split_prose_does_not),
		cmocka_unit_test(test_wrapped_label_beside_centred_numbers),
		cmocka_unit_test(test_numbers_centred_on_second_of_three_label_lines),
		cmocka_unit_test(test_bogus_tall_boxes_do_not_merge_lines),
		cmocka_unit_test(test_huge_glyph_does_not_join_lines),
		cmocka_unit_test(test_fake_bold_duplicates_dropped),
		cmocka_unit_test(test_blank_line_at_paragraph_gap_only),
		cmocka_unit_test(test_table_continued_on_next_page),
		cmocka_unit_test(test_side_by_side_lines_offset_join),
		cmocka_unit_test(test_unusable_boxes_are_dropped),
		cmocka_unit_test(test_turned_content_is_turned_upright),
		cmocka_unit_test(test_hostile_pile_of_glyphs),
		cmocka_unit_test(test_turned_watermark_is_taken_out),
		cmocka_unit_test(test_turned_pieces_in_any_order_are_taken_out),
		cmocka_unit_test(test_one_slanted_pair_is_not_a_watermark),
		cmocka_unit_test(test_raised_small_digit_is_a_superscript),
		cmocka_unit_test(test_number_beside_smaller_text_is_untouched),
		cmocka_unit_test(test_exponent_in_prose_either_way),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
