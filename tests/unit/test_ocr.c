/*
 * test_ocr.c — the OCR reader (extract/ocr.c) on small pictures drawn here
 * with cairo: a ruled table of digits with a span, a blank cell and a red
 * seal over two numbers, as a PNG file (straight, upside down, 1.5 degrees
 * askew), as an image-only PDF page and as a picture in a text PDF; a
 * blank page; a page scanned at 72 dpi; bytes that only start like an
 * image; the pixel limit and OCR turned off.  The pictures are small (a few cells), so that the suite
 * stays fast under ASan; tesseract runs for real (its language data comes
 * with scripts/setup).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <cmocka.h>
#include <fontconfig/fontconfig.h>

#include "extract/extract.h"
#include "extract/ocr_internal.h"

typedef struct bytes {
	unsigned char *data;
	size_t len, cap;
} bytes;

static cairo_status_t S_write(void *closure, const unsigned char *data,
                              unsigned int length)
{
	bytes *b = closure;
	if (b->len + length > b->cap) {
		b->cap = (b->len + length) * 2;
		b->data = realloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, data, length);
	b->len += length;
	return CAIRO_STATUS_SUCCESS;
}

/* A table at 300 dpi (1 pt = 300/72 px when `scale` is that): a header row
 * spanning three columns, then two rows of numbers, one cell left blank.
 *
 *   +--------------------------+
 *   |          TOTAL           |
 *   +--------+--------+--------+
 *   |  130   |   94   |  1602  |
 *   +--------+--------+--------+
 *   |   7    |        |  355   |
 *   +--------+--------+--------+
 */
static void S_draw_table(cairo_t *cr)
{
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 1);
	double x[4] = {36, 136, 236, 336}, y[4] = {36, 66, 96, 126};
	for (int i = 0; i < 4; i++) {
		cairo_move_to(cr, x[0], y[i]);
		cairo_line_to(cr, x[3], y[i]);
	}
	cairo_move_to(cr, x[0], y[0]);
	cairo_line_to(cr, x[0], y[3]);
	cairo_move_to(cr, x[3], y[0]);
	cairo_line_to(cr, x[3], y[3]);
	for (int i = 1; i < 3; i++) { /* inner rules below the header only */
		cairo_move_to(cr, x[i], y[1]);
		cairo_line_to(cr, x[i], y[3]);
	}
	cairo_stroke(cr);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	                       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 12);
	static const struct {
		double x, y;
		const char *text;
	} texts[] = {
		{160, 56, "TOTAL"}, {70, 86, "130"}, {175, 86, "94"},
		{265, 86, "1602"},  {80, 116, "7"},  {270, 116, "355"},
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		cairo_move_to(cr, texts[i].x, texts[i].y);
		cairo_show_text(cr, texts[i].text);
	}
	/* text under the table, read as lines */
	static const char *const prose[] = {
		"The annual report on government information",
		"disclosure of the bureau for the year, with",
		"its tables of requests received and answered.",
	};
	for (size_t i = 0; i < 3; i++) {
		cairo_move_to(cr, 36, 160 + 20 * (double)i);
		cairo_show_text(cr, prose[i]);
	}
	/* a red seal stamped over two numbers: a ring and its words, in ink
	 * (multiplied: black under red stays black) */
	cairo_save(cr);
	cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY);
	cairo_set_source_rgba(cr, 0.85, 0.1, 0.1, 0.9);
	cairo_set_line_width(cr, 3);
	cairo_new_path(cr);
	cairo_arc(cr, 236, 80, 34, 0, 2 * 3.14159265358979);
	cairo_stroke(cr);
	cairo_set_font_size(cr, 9);
	cairo_move_to(cr, 212, 92);
	cairo_show_text(cr, "SEAL SEAL");
	cairo_restore(cr);
}

/* The table as a PNG at 300 dpi (372 x 220 pt page), turned by `degrees`
 * (180: a page fed the wrong way into the scanner; 1.5: a skewed one). */
static bytes S_table_png_turned(bool blank, double degrees)
{
	double scale = 300.0 / 72.0;
	cairo_surface_t *s = cairo_image_surface_create(
		CAIRO_FORMAT_RGB24, (int)(372 * scale), (int)(220 * scale));
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, scale, scale);
	if (degrees != 0) {
		cairo_translate(cr, 186, 110);
		cairo_rotate(cr, degrees * 3.14159265358979 / 180);
		cairo_translate(cr, -186, -110);
	}
	if (blank) {
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
	} else {
		S_draw_table(cr);
	}
	cairo_destroy(cr);
	bytes b = {0};
	cairo_surface_write_to_png_stream(s, S_write, &b);
	cairo_surface_destroy(s);
	return b;
}

static bytes S_table_png(bool blank)
{
	return S_table_png_turned(blank, 0);
}

/* The table as a scan in a PDF: a picture on the page, no text. */
static bytes S_table_pdf(void)
{
	double scale = 300.0 / 72.0;
	cairo_surface_t *img = cairo_image_surface_create(
		CAIRO_FORMAT_RGB24, (int)(372 * scale), (int)(220 * scale));
	cairo_t *cr = cairo_create(img);
	cairo_scale(cr, scale, scale);
	S_draw_table(cr);
	cairo_destroy(cr);
	bytes b = {0};
	cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(S_write, &b,
	                                                           372, 220);
	cr = cairo_create(pdf);
	cairo_scale(cr, 1 / scale, 1 / scale);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(pdf);
	cairo_surface_destroy(img);
	return b;
}

/* A text PDF whose table is a picture: a line of text above it, the table
 * pasted in as an image below. */
static bytes S_text_with_picture(void)
{
	double scale = 300.0 / 72.0;
	cairo_surface_t *img = cairo_image_surface_create(
		CAIRO_FORMAT_RGB24, (int)(372 * scale), (int)(220 * scale));
	cairo_t *cr = cairo_create(img);
	cairo_scale(cr, scale, scale);
	S_draw_table(cr);
	cairo_destroy(cr);
	bytes b = {0};
	cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(S_write, &b,
	                                                           420, 400);
	cr = cairo_create(pdf);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	                       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 12);
	cairo_move_to(cr, 40, 60);
	cairo_show_text(cr, "A line of text above the picture of a table.");
	cairo_translate(cr, 24, 120);
	cairo_scale(cr, 1 / scale, 1 / scale);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(pdf);
	cairo_surface_destroy(img);
	return b;
}

static const nb_grid_cell *S_cell(const nb_grid *grid, size_t row,
                                  size_t col)
{
	if (row >= grid->n_rows)
		return NULL;
	for (size_t c = 0; c < grid->rows[row].n_cells; c++)
		if (grid->rows[row].cells[c].col == col)
			return &grid->rows[row].cells[c];
	return NULL;
}

/* What both the PNG and the PDF give: one 3 x 3 grid, the header one cell
 * spanning the row, the numbers read, the blank cell absent. */
static void S_check_table_at(const nb_doc *doc, double dx)
{
	assert_int_equal(doc->n_grids, 1);
	const nb_grid *g = &doc->grids[0];
	assert_int_equal(g->n_rows, 3);
	assert_int_equal(g->n_cols, 3);
	assert_int_equal(g->rows[0].n_cells, 1);
	assert_int_equal(g->rows[0].cells[0].col_span, 3);
	static const struct {
		size_t row, col;
		const char *text;
	} want[] = {{1, 0, "130"}, {1, 1, "94"}, {1, 2, "1602"},
	            {2, 0, "7"},   {2, 2, "355"}};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const nb_grid_cell *cell = S_cell(g, want[i].row, want[i].col);
		assert_non_null(cell);
		assert_string_equal(cell->text, want[i].text);
		assert_true(cell->confidence >= 0 && cell->confidence <= 1);
		assert_int_equal(cell->page, 1);
		/* boxes in points: the cell's rules, within a point or two */
		assert_true(cell->x0 > 30 + dx && cell->x1 < 342 + dx
		            && cell->x0 < cell->x1);
	}
	assert_null(S_cell(g, 2, 1)); /* no ink: a blank cell */
	assert_int_equal(doc->n_ocr_pages, 1);
	assert_int_equal(doc->ocr_pages[0], 1);
}

static void S_check_table(const nb_doc *doc)
{
	S_check_table_at(doc, 0);
}

static void test_png_table(void **state)
{
	(void)state;
	nb_ocr *ocr = nb_ocr_new(NULL);
	bytes png = S_table_png(false);
	assert_true(nb_image_sniff(png.data, png.len));
	assert_int_equal(nb_sniff(png.data, png.len), NB_SOURCE_IMAGE);
	nb_doc *doc = NULL;
	nb_error err = {0};
	nb_status status = nb_extract_with(png.data, png.len, NULL, ocr, &doc,
	                                   &err);
	assert_int_equal(status, NB_OK);
	assert_int_equal(doc->kind, NB_SOURCE_IMAGE);
	assert_int_equal(doc->pages, 1);
	S_check_table(doc);
	nb_doc_free(doc);
	free(png.data);
	nb_ocr_free(ocr);
}

static void test_upside_down(void **state)
{
	(void)state;
	nb_ocr *ocr = nb_ocr_new(NULL);
	bytes png = S_table_png_turned(false, 180);
	nb_doc *doc = NULL;
	nb_error err = {0};
	assert_int_equal(nb_extract_with(png.data, png.len, NULL, ocr, &doc,
	                                 &err),
	                 NB_OK);
	S_check_table(doc);
	assert_int_equal(doc->n_warnings, 1);
	assert_non_null(strstr(doc->warnings[0], "upside down"));
	nb_doc_free(doc);
	free(png.data);
	nb_ocr_free(ocr);
}

/* a scan 1.5 degrees askew is straightened before its rules are looked for */
static void test_skewed(void **state)
{
	(void)state;
	nb_ocr *ocr = nb_ocr_new(NULL);
	bytes png = S_table_png_turned(false, 1.5);
	nb_doc *doc = NULL;
	nb_error err = {0};
	assert_int_equal(nb_extract_with(png.data, png.len, NULL, ocr, &doc,
	                                 &err),
	                 NB_OK);
	S_check_table(doc);
	nb_doc_free(doc);
	free(png.data);
	nb_ocr_free(ocr);
}

/* The table's sheet photographed on a desk: a dark brown ground, the
 * sheet turned 2.5 degrees and lit unevenly, as a 300 dpi PNG. */
static bytes S_photo_png(void)
{
	double scale = 300.0 / 72.0;
	cairo_surface_t *s = cairo_image_surface_create(
		CAIRO_FORMAT_RGB24, (int)(440 * scale), (int)(290 * scale));
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, scale, scale);
	cairo_set_source_rgb(cr, 0.30, 0.22, 0.15);
	cairo_paint(cr);
	cairo_translate(cr, 220, 145);
	cairo_rotate(cr, 2.5 * 3.14159265358979 / 180);
	cairo_translate(cr, -186, -110);
	cairo_rectangle(cr, 0, 0, 372, 220);
	cairo_clip(cr);
	S_draw_table(cr);
	/* the light falling off towards one corner */
	cairo_pattern_t *shade = cairo_pattern_create_linear(0, 0, 372, 220);
	cairo_pattern_add_color_stop_rgba(shade, 0, 0, 0, 0, 0);
	cairo_pattern_add_color_stop_rgba(shade, 1, 0, 0, 0, 0.15);
	cairo_set_source(cr, shade);
	cairo_paint(cr);
	cairo_pattern_destroy(shade);
	cairo_destroy(cr);
	bytes b = {0};
	cairo_surface_write_to_png_stream(s, S_write, &b);
	cairo_surface_destroy(s);
	return b;
}

/* A photo of the sheet: the desk cut away and the sheet flattened (an
 * info says so), then the table read as from a scan. */
static void test_photo_on_desk(void **state)
{
	(void)state;
	nb_ocr *ocr = nb_ocr_new(NULL);
	bytes png = S_photo_png();
	nb_doc *doc = NULL;
	nb_error err = {0};
	assert_int_equal(nb_extract_with(png.data, png.len, NULL, ocr, &doc,
	                                 &err),
	                 NB_OK);
	S_check_table_at(doc, -2);
	bool said = false;
	for (size_t i = 0; i < doc->n_warnings; i++)
		said = said || strstr(doc->warnings[i], "photo") != NULL;
	assert_true(said);
	nb_doc_free(doc);
	free(png.data);
	nb_ocr_free(ocr);
}

static void test_pdf_scan(void **state)
{
	(void)state;
	bytes pdf = S_table_pdf();
	nb_doc *doc = NULL;
	nb_error err = {0};
	/* without OCR (or with it turned off) still no_text_layer */
	assert_int_equal(nb_extract_pdf(pdf.data, pdf.len, NULL, &doc, &err),
	                 NB_ERR_NO_TEXT);
	nb_ocr *never = nb_ocr_new(&(nb_ocr_options){.mode = NB_OCR_NEVER});
	assert_int_equal(nb_extract_with(pdf.data, pdf.len, NULL, never, &doc,
	                                 &err),
	                 NB_ERR_NO_TEXT);
	nb_ocr_free(never);
	nb_ocr *ocr = nb_ocr_new(NULL);
	assert_int_equal(nb_extract_with(pdf.data, pdf.len, NULL, ocr, &doc,
	                                 &err),
	                 NB_OK);
	assert_int_equal(doc->kind, NB_SOURCE_PDF);
	S_check_table(doc);
	nb_doc_free(doc);
	free(pdf.data);
	nb_ocr_free(ocr);
}

/* auto: the picture of a table on a page with text is read by OCR, its
 * grid placed after the page's line of text, boxes in the page's frame */
static void test_picture_in_text_pdf(void **state)
{
	(void)state;
	bytes pdf = S_text_with_picture();
	nb_ocr *ocr = nb_ocr_new(NULL);
	nb_doc *doc = NULL;
	nb_error err = {0};
	assert_int_equal(nb_extract_with(pdf.data, pdf.len, NULL, ocr, &doc,
	                                 &err),
	                 NB_OK);
	assert_int_equal(doc->kind, NB_SOURCE_PDF);
	S_check_table_at(doc, 24);
	assert_true(doc->n_lines >= 1);
	assert_non_null(strstr(doc->lines[0].cells[0].text, "A line"));
	assert_true(doc->grids[0].at_line >= 1);
	/* the table's first rule stands 24 pt + 36 pt from the left */
	const nb_grid_cell *cell = S_cell(&doc->grids[0], 1, 0);
	assert_true(cell->x0 > 55 && cell->x0 < 65);
	assert_true(cell->y0 > 120 + 60 && cell->y0 < 120 + 72);
	nb_doc_free(doc);
	nb_ocr_free(ocr);
	/* never: the text alone */
	nb_ocr *never = nb_ocr_new(&(nb_ocr_options){.mode = NB_OCR_NEVER});
	assert_int_equal(nb_extract_with(pdf.data, pdf.len, NULL, never, &doc,
	                                 &err),
	                 NB_OK);
	assert_int_equal(doc->n_grids, 0);
	assert_int_equal(doc->n_ocr_pages, 0);
	nb_doc_free(doc);
	nb_ocr_free(never);
	free(pdf.data);
}

static void test_blank_page(void **state)
{
	(void)state;
	nb_ocr *ocr = nb_ocr_new(NULL);
	bytes png = S_table_png(true);
	nb_doc *doc = NULL;
	nb_error err = {0};
	assert_int_equal(nb_extract_image(png.data, png.len, NULL, ocr, &doc,
	                                  &err),
	                 NB_ERR_EMPTY);
	assert_non_null(strstr(err.message, "nothing legible"));
	assert_null(doc);
	free(png.data);
	nb_ocr_free(ocr);
}

/* A page scanned at 72 dpi is read, with a warning that says so. */
static void test_low_resolution(void **state)
{
	(void)state;
	nb_ocr *ocr = nb_ocr_new(NULL);
	int w = 200, h = 100;
	uint8_t *grey = malloc((size_t)w * h);
	memset(grey, 255, (size_t)w * h);
	for (int x = 20; x < 180; x++) /* a rule, something to look at */
		grey[50 * w + x] = 0;
	nb_arena *arena = nb_arena_new();
	nb_ocr_page page;
	nb_error err = {0};
	assert_int_equal(nb_ocr_read_grey(ocr, grey, w, h, (size_t)w, 72, 1,
	                                  arena, &page, &err),
	                 NB_OK);
	assert_non_null(page.warning);
	assert_non_null(strstr(page.warning, "72 dpi"));
	nb_arena_free(arena);
	free(grey);
	nb_ocr_free(ocr);
}

static void test_bad_images(void **state)
{
	(void)state;
	nb_ocr *ocr = nb_ocr_new(NULL);
	nb_doc *doc = NULL;
	nb_error err = {0};
	/* a PNG signature and then nothing a decoder can use */
	static const unsigned char fake_png[] = {0x89, 'P', 'N', 'G', '\r', '\n',
	                                         0x1a, '\n', 0, 0, 0, 13, 'I',
	                                         'H', 'D', 'R', 1, 2, 3};
	assert_int_equal(nb_extract_with(fake_png, sizeof fake_png, NULL, ocr,
	                                 &doc, &err),
	                 NB_ERR_DAMAGED);
	static const unsigned char fake_tiff[] = {'I', 'I', 42, 0, 8, 0, 0, 0,
	                                          0xFF, 0xFF};
	assert_int_equal(nb_extract_with(fake_tiff, sizeof fake_tiff, NULL, ocr,
	                                 &doc, &err),
	                 NB_ERR_DAMAGED);
	nb_ocr_free(ocr);
	/* OCR turned off: an image is no_text_layer */
	bytes png = S_table_png(false);
	assert_int_equal(nb_extract(png.data, png.len, NULL, &doc, &err),
	                 NB_ERR_NO_TEXT);
	/* over the pixel limit: too_large, before anything is read */
	nb_ocr *small = nb_ocr_new(&(nb_ocr_options){.max_pixels = 10000});
	assert_int_equal(nb_extract_with(png.data, png.len, NULL, small, &doc,
	                                 &err),
	                 NB_ERR_LIMIT);
	assert_non_null(strstr(err.message, "pixels"));
	nb_ocr_free(small);
	free(png.data);
}

/* ---- tables continued past a page break ---- */

/* A grid of OCR'd cells from rows of "text@col" fields ("" ends a row's
 * list), with column rules at `col_x`. */
static nb_grid S_grid(nb_arena *arena, int page, const double *col_x,
                      size_t n_cols, const char *const *fields,
                      size_t n_rows, size_t per_row, size_t at_line)
{
	nb_grid g = {.n_rows = n_rows, .n_cols = n_cols, .at_line = at_line,
	             .col_x = col_x};
	g.rows = nb_arena_alloc(arena, n_rows * sizeof *g.rows);
	for (size_t r = 0; r < n_rows; r++) {
		nb_grid_row *row = &g.rows[r];
		row->page = page;
		row->line = NB_NO_LINE;
		row->cells = nb_arena_alloc(arena, per_row * sizeof *row->cells);
		for (size_t c = 0; c < per_row; c++) {
			const char *f = fields[r * per_row + c];
			if (!f)
				continue;
			const char *at = strchr(f, '@');
			size_t col = (size_t)atoi(at + 1);
			size_t span = strchr(at, '+') ? (size_t)atoi(strchr(at, '+') + 1) : 1;
			row->cells[row->n_cells++] = (nb_grid_cell){
				.text = nb_arena_strndup(arena, f, (size_t)(at - f)),
				.col = col, .col_span = span, .row_span = 1,
				.left = (double)col, .right = (double)(col + span),
				.page = page, .confidence = 0.9};
		}
	}
	return g;
}

/* Grids `first` and `second` laid out again in `doc` (a join rewrites
 * them) and joined: how many grids are left. */
static size_t S_rejoin(nb_doc *doc, nb_grid first, nb_grid second)
{
	doc->n_grids = 2;
	doc->grids[0] = first;
	doc->grids[1] = second;
	nb_ocr_join_tables(doc);
	return doc->n_grids;
}

static void test_table_continued(void **state)
{
	(void)state;
	nb_arena *arena = nb_arena_new();
	/* page 3: label columns 0-1, values 2-3; page 4 splits the label
	 * area in three (a sub-item column) and goes on with the numbers */
	static const double top_x[] = {50, 150, 300, 400, 500};
	static const double rest_x[] = {50, 100, 150, 300, 400, 500};
	static const char *const top[] = {
		"申请人情况@0+2", "自然人@2", "总计@3",
		"一、本年新收@0+2", "5@2", "5@3",
	};
	static const char *const rest[] = {
		"（三）不予公开@0", "1.属于国家秘密@1+2", "2@3", "2@4",
		"（四）无法提供@0", "1.本机关不掌握@1+2", "1@3", NULL,
	};
	nb_doc *doc = nb_arena_alloc(arena, sizeof *doc);
	doc->arena = arena;
	doc->n_lines = 2;
	doc->lines = nb_arena_alloc(arena, 2 * sizeof *doc->lines);
	nb_cell *cells = nb_arena_alloc(arena, 2 * sizeof *cells);
	cells[0].text = "三、收到和处理政府信息公开申请情况";
	cells[1].text = "- 3 -"; /* the page number between the parts */
	doc->lines[0] = (nb_line){.page = 3, .cells = &cells[0], .n_cells = 1};
	doc->lines[1] = (nb_line){.page = 3, .cells = &cells[1], .n_cells = 1};
	doc->n_grids = 2;
	doc->grids = nb_arena_alloc(arena, 2 * sizeof *doc->grids);
	doc->grids[0] = S_grid(arena, 3, top_x, 4, top, 2, 3, 1);
	doc->grids[1] = S_grid(arena, 4, rest_x, 5, rest, 2, 4, 2);
	nb_ocr_join_tables(doc);
	assert_int_equal(doc->n_grids, 1);
	const nb_grid *g = &doc->grids[0];
	assert_int_equal(g->n_rows, 4);
	assert_int_equal(g->n_cols, 5); /* the union of both parts' rules */
	/* 自然人 (x 300-400) and the 2 under it share column 3 */
	assert_string_equal(g->rows[0].cells[1].text, "自然人");
	assert_int_equal(g->rows[0].cells[1].col, 3);
	assert_int_equal(g->rows[2].cells[2].text[0], '2');
	assert_int_equal(g->rows[2].cells[2].col, 3);
	assert_int_equal(g->rows[2].cells[3].col, 4);
	/* the first part's label spanning 0-1 now spans three columns */
	assert_int_equal(g->rows[1].cells[0].col_span, 3);
	assert_int_equal(doc->n_warnings, 1);
	assert_non_null(strstr(doc->warnings[0], "continued from page 3"));
	/* every number of the second part under a column of the first: no
	 * row in doubt */
	for (size_t r = 0; r < g->n_rows; r++)
		assert_null(g->rows[r].doubt);

	/* a number between rules the first part does not have (a column
	 * split in the second part only): its row in doubt, naming it */
	static const double split_x[] = {50, 150, 300, 350, 400, 500};
	static const char *const split[] = {
		"（三）不予公开@0+2", "2@2", "2@4",
		"（四）无法提供@0+2", "1@2+2", "1@4",
	};
	doc->n_warnings = 0;
	assert_int_equal(S_rejoin(doc, S_grid(arena, 3, top_x, 4, top, 2, 3, 1),
	                          S_grid(arena, 4, split_x, 5, split, 2, 3, 2)),
	                 1);
	assert_non_null(doc->grids[0].rows[2].doubt);
	assert_non_null(strstr(doc->grids[0].rows[2].doubt, "\"2\""));
	assert_null(doc->grids[0].rows[3].doubt); /* 1 spans 300-400: ruled */

	/* the page number as OCR reads it on a noisy scan (一 for a dash, a
	 * stray character): still furniture, the parts joined */
	static const char *const numbers[] = {"一3一1", "加-4-"};
	for (size_t k = 0; k < 2; k++) {
		cells[1].text = numbers[k];
		assert_int_equal(S_rejoin(doc,
		                          S_grid(arena, 3, top_x, 4, top, 2, 3, 1),
		                          S_grid(arena, 4, rest_x, 5, rest, 2, 4, 2)),
		                 1);
	}

	/* a real heading between the parts: two tables */
	cells[1].text = "四、行政复议";
	assert_int_equal(S_rejoin(doc, S_grid(arena, 3, top_x, 4, top, 2, 3, 1),
	                          S_grid(arena, 4, rest_x, 5, rest, 2, 4, 2)),
	                 2);
	/* a part starting with a header row (no number): a new table */
	cells[1].text = "3";
	static const char *const header[] = {
		"信息内容@0+2", "本年新制作数量@3", NULL, NULL,
		"规章@0+2", "1@3", NULL, NULL,
	};
	assert_int_equal(S_rejoin(doc, S_grid(arena, 3, top_x, 4, top, 2, 3, 1),
	                          S_grid(arena, 4, rest_x, 5, header, 2, 4, 2)),
	                 2);
	nb_arena_free(arena);
}

/* A grey picture 600 x 800 drawn with cairo (an alpha-only surface: its
 * bytes are the grey levels): desk at 60, a sheet at 225 with the
 * corners given, bars of "text" at 30 on it. */
static cairo_surface_t *S_photo(const double corners[8], bool desk)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 600,
	                                                800);
	cairo_t *cr = cairo_create(s);
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_set_source_rgba(cr, 0, 0, 0, (desk ? 60 : 225) / 255.0);
	cairo_paint(cr);
	cairo_set_source_rgba(cr, 0, 0, 0, 225 / 255.0);
	cairo_move_to(cr, corners[0], corners[1]);
	for (int i = 1; i < 4; i++)
		cairo_line_to(cr, corners[2 * i], corners[2 * i + 1]);
	cairo_close_path(cr);
	cairo_fill(cr);
	cairo_set_source_rgba(cr, 0, 0, 0, 30 / 255.0);
	for (int y = 150; y < 650; y += 40)
		cairo_rectangle(cr, 150, y, 300, 12);
	cairo_fill(cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	return s;
}

static bool S_find_in(cairo_surface_t *s, nb_paper *paper)
{
	return nb_paper_find(cairo_image_surface_get_data(s), 600, 800,
	                     (size_t)cairo_image_surface_get_stride(s), 140,
	                     paper);
}

/* The sheet in a photo: a quadrilateral found to within two pixels; a side
 * the picture cuts off on the picture's edge; a scan (paper everywhere)
 * and a scan with a dark strip down one side are not photos. */
static void test_paper_in_photo(void **state)
{
	(void)state;
	nb_paper paper;
	const double askew[8] = {60, 40, 540, 70, 570, 780, 30, 760};
	cairo_surface_t *s = S_photo(askew, true);
	assert_true(S_find_in(s, &paper));
	assert_int_equal(paper.sides_seen, 4);
	for (int i = 0; i < 4; i++) {
		assert_true(fabs(paper.x[i] - askew[2 * i]) < 2.0);
		assert_true(fabs(paper.y[i] - askew[2 * i + 1]) < 2.0);
	}
	cairo_surface_destroy(s);

	/* the bottom of the sheet beyond the picture */
	const double cut[8] = {50, 40, 550, 60, 560, 900, 40, 900};
	s = S_photo(cut, true);
	assert_true(S_find_in(s, &paper));
	assert_int_equal(paper.sides_seen, 3);
	assert_true(fabs(paper.y[2] - 800) < 1.0 && fabs(paper.y[3] - 800) < 1.0);
	assert_true(fabs(paper.x[0] - 50) < 2.0 && fabs(paper.y[1] - 60) < 2.0);
	cairo_surface_destroy(s);

	/* a scan: paper to the picture's edges */
	const double whole[8] = {0, 0, 600, 0, 600, 800, 0, 800};
	s = S_photo(whole, false);
	assert_false(S_find_in(s, &paper));
	cairo_surface_destroy(s);

	/* a scan with the scanner's lid dark down the left side only */
	const double strip[8] = {40, 0, 600, 0, 600, 800, 40, 800};
	s = S_photo(strip, true);
	assert_false(S_find_in(s, &paper));
	cairo_surface_destroy(s);
}

/* A row of lone digits at `dpi` in `font`, in ruled cells, as grey
 * pixels (*w x *h, stride *w): `digits[i]` in cell i.  With `faint`, every
 * ink pixel of a 4 off its stem (the columns where the ink runs most of
 * the glyph's height) is lightened to a third of its darkness: the thin
 * diagonal and bar a coarse scan leaves light grey. */
static uint8_t *S_digit_row(const char *digits, const char *font, double dpi,
                            bool faint, int *w, int *h)
{
	size_t n = strlen(digits);
	double scale = dpi / 72.0, cell = 40;
	*w = (int)((36 * 2 + cell * (double)n) * scale);
	*h = (int)(100 * scale);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, *w, *h);
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, scale, scale);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 1);
	for (size_t i = 0; i <= n; i++) {
		cairo_move_to(cr, 36 + cell * (double)i, 36);
		cairo_line_to(cr, 36 + cell * (double)i, 66);
	}
	cairo_move_to(cr, 36, 36);
	cairo_line_to(cr, 36 + cell * (double)n, 36);
	cairo_move_to(cr, 36, 66);
	cairo_line_to(cr, 36 + cell * (double)n, 66);
	cairo_stroke(cr);
	cairo_select_font_face(cr, font, CAIRO_FONT_SLANT_NORMAL,
	                       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 12);
	for (size_t i = 0; i < n; i++) {
		char one[2] = {digits[i], '\0'};
		cairo_move_to(cr, 36 + cell * (double)i + 16, 56);
		cairo_show_text(cr, one);
	}
	cairo_destroy(cr);
	cairo_surface_flush(s);
	uint8_t *grey = malloc((size_t)*w * *h);
	const unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < *h; y++)
		for (int x = 0; x < *w; x++)
			grey[(size_t)y * *w + x] = data[(size_t)y * stride + 4 * x + 1];
	cairo_surface_destroy(s);
	int top = (int)(38 * scale), bottom = (int)(64 * scale);
	for (size_t i = 0; faint && i < n; i++) {
		if (digits[i] != '4')
			continue;
		int x0 = (int)((37 + cell * (double)i) * scale);
		int x1 = (int)((35 + cell * (double)(i + 1)) * scale);
		int ink_rows = 0, most = 0;
		for (int y = top; y < bottom; y++)
			for (int x = x0; x < x1; x++)
				if (grey[(size_t)y * *w + x] < 128) {
					ink_rows++;
					break;
				}
		for (int x = x0; x < x1; x++) {
			int run = 0;
			for (int y = top; y < bottom; y++)
				run += grey[(size_t)y * *w + x] < 128;
			most = run > most ? run : most;
		}
		for (int x = x0; x < x1; x++) {
			int run = 0;
			for (int y = top; y < bottom; y++)
				run += grey[(size_t)y * *w + x] < 128;
			if (run * 10 >= ink_rows * 6 && run * 10 >= most * 8)
				continue; /* the stem */
			for (int y = top; y < bottom; y++) {
				uint8_t *g = &grey[(size_t)y * *w + x];
				*g = (uint8_t)(255 - (255 - *g) / 3);
			}
		}
	}
	return grey;
}

/* The digits a row of S_digit_row reads as, one a cell, "." for none. */
static void S_read_digit_row(const char *digits, const char *font,
                             double dpi, bool faint, char *out)
{
	int w, h;
	uint8_t *grey = S_digit_row(digits, font, dpi, faint, &w, &h);
	nb_ocr *ocr = nb_ocr_new(NULL);
	nb_arena *arena = nb_arena_new();
	nb_ocr_page page;
	nb_error err = {0};
	assert_int_equal(nb_ocr_read_grey(ocr, grey, w, h, (size_t)w, dpi, 1,
	                                  arena, &page, &err),
	                 NB_OK);
	assert_int_equal(page.n_grids, 1);
	size_t n = strlen(digits);
	for (size_t i = 0; i < n; i++) {
		const nb_grid_cell *cell = S_cell(&page.grids[0], 0, i);
		out[i] = cell && strlen(cell->text) == 1 ? cell->text[0] : '.';
	}
	out[n] = '\0';
	nb_arena_free(arena);
	nb_ocr_free(ocr);
	free(grey);
}

/* A 4 whose diagonal and bar a 150 dpi scan left light grey is read as 4,
 * not as the 1 its dark stem alone is (the crop takes in the grey round
 * the ink); serif 1s, with their foot and flag, stay 1s, and other digits
 * what they are, the shapes checked (S_one_or_four, S_loops) agreeing. */
static void test_faint_strokes(void **state)
{
	(void)state;
	char got[16];
	S_read_digit_row("4141", "DejaVu Sans", 150, true, got);
	assert_string_equal(got, "4141");
	S_read_digit_row("1411", "DejaVu Serif", 300, false, got);
	assert_string_equal(got, "1411");
	S_read_digit_row("4704", "DejaVu Serif", 150, true, got);
	assert_string_equal(got, "4704");
	/* the loops of 0, 6, 8 and 9 checked against the reading leave
	 * each what it is */
	S_read_digit_row("06896", "DejaVu Serif", 200, false, got);
	assert_string_equal(got, "06896");
	S_read_digit_row("06896", "DejaVu Sans", 150, false, got);
	assert_string_equal(got, "06896");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_png_table),
		cmocka_unit_test(test_upside_down),
		cmocka_unit_test(test_skewed),
		cmocka_unit_test(test_photo_on_desk),
		cmocka_unit_test(test_pdf_scan),
		cmocka_unit_test(test_picture_in_text_pdf),
		cmocka_unit_test(test_blank_page),
		cmocka_unit_test(test_low_resolution),
		cmocka_unit_test(test_bad_images),
		cmocka_unit_test(test_table_continued),
		cmocka_unit_test(test_paper_in_photo),
		cmocka_unit_test(test_faint_strokes),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* cairo's and fontconfig's caches (the toy font face above), for
	 * LeakSanitizer */
	cairo_debug_reset_static_data();
	FcFini();
	return failed;
}
