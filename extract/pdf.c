/*
 * pdf.c — the PDF reader: poppler-glib in, nb_doc out.
 *
 * Poppler parses the file and gives, per page, the text and one rectangle
 * per character of it (poppler_page_get_text / _get_text_layout, both
 * served by one cached TextPage); nothing is rendered for that.  The
 * characters become nb_glyph values and geometry.c turns them into lines of
 * cells.  Coordinates are those of the page as displayed (poppler applies
 * /Rotate); a page whose content itself was drawn turned a quarter (a
 * landscape table on portrait paper) is read turned upright, and its boxes
 * are in that upright frame.  Table rulings are not used: poppler-glib gives no access to
 * paths, and rendering a page even at 72 dpi to find them costs 5-10 times
 * the text extraction (measured on the corpus), while cell padding leaves
 * gaps the geometry finds in every producer measured.
 *
 * Poppler's objects are reference counted; every one is released here before
 * returning, and the caller's buffer is wrapped without a copy.  Poppler
 * reports problems of damaged files through g_log (domain "Poppler"): a
 * handler is installed for the duration of the call so that the library
 * prints nothing, and the messages become doc->warnings.  GLib's handler
 * table is process-wide, so nb_extract_pdf must not run in two threads at
 * once — poppler's own global state forbids that anyway.
 */
#include <math.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glyph_internal.h"
#include "ocr_internal.h"
#include "pdf_images_internal.h"

/* The glyph limit's default (base.h): a dense A4 page of 9 pt CJK text
 * holds about 5,000 characters; poppler itself keeps at most about 50,000 of
 * a page, so the limit sits below that to be reachable at all. */
#define MAX_WARNINGS 16
#define MESSAGE_MAX 200

/* ---- poppler's messages ---- */

typedef struct log_capture {
	nb_arena *arena;
	const char *messages[MAX_WARNINGS];
	size_t n_messages;
	size_t n_dropped;
} log_capture;

/* Poppler's message made fit for a one-line diagnostic, into `out`: valid
 * UTF-8, no control characters, no trailing newline (poppler writes one as
 * "<0a>"), at most 200 bytes. */
static void S_clean_message(const char *message, char out[MESSAGE_MAX + 1])
{
	size_t len = strlen(message);
	while (len > 0 && (unsigned char)message[len - 1] <= ' ')
		len--;
	if (len >= 4 && memcmp(message + len - 4, "<0a>", 4) == 0)
		len -= 4;
	if (len > MESSAGE_MAX)
		len = MESSAGE_MAX;
	memcpy(out, message, len);
	out[len] = '\0';
	const char *end = out + len;
	for (char *c = out; c < end;) {
		const gchar *bad = NULL;
		if (g_utf8_validate(c, end - c, &bad))
			break;
		c = (char *)bad;
		*c++ = '?'; /* an invalid byte, or a character cut at the limit */
	}
	for (char *c = out; *c; c++)
		if ((unsigned char)*c < ' ' || *c == 0x7F)
			*c = ' ';
}

static void S_log_handler(const gchar *domain, GLogLevelFlags level,
                          const gchar *message, gpointer user_data)
{
	(void)domain;
	(void)level;
	log_capture *capture = user_data;
	if (!message)
		return;
	/* A damaged file can make poppler say millions of things (a broken
	 * hex string: one message per byte); once the list is full, counting
	 * is all that is left to do, and it must stay cheap. */
	if (capture->n_messages == MAX_WARNINGS) {
		capture->n_dropped++;
		return;
	}
	char clean[MESSAGE_MAX + 1];
	S_clean_message(message, clean);
	for (size_t i = 0; i < capture->n_messages; i++)
		if (strcmp(capture->messages[i], clean) == 0)
			return;
	capture->messages[capture->n_messages++] =
		nb_arena_strdup(capture->arena, clean);
}

/* ---- limits ---- */

static nb_limits S_limits(const nb_limits *given)
{
	nb_limits limits = given ? *given : (nb_limits){0};
	limits.max_input_bytes = nb_limits_input_bytes(given);
	if (limits.max_pages <= 0)
		limits.max_pages = NB_DEFAULT_MAX_PAGES;
	if (!limits.max_glyphs_per_page)
		limits.max_glyphs_per_page = NB_DEFAULT_MAX_GLYPHS;
	return limits;
}

/* ---- one page ---- */

/* A reusable glyph buffer (one per document, grown as pages need). */
typedef struct glyph_buffer {
	nb_glyph *glyphs;
	size_t n, capacity;
} glyph_buffer;

static void S_buffer_reserve(glyph_buffer *buf, size_t n)
{
	if (n <= buf->capacity)
		return;
	buf->capacity = n;
	buf->glyphs = nb_xrealloc(buf->glyphs, n * sizeof *buf->glyphs);
}

/* Pair poppler's text (one code point per rectangle) with its rectangles,
 * keeping the glyphs that print.  Returns how many characters had no
 * rectangle (poppler should give none of those). */
static size_t S_read_glyphs(const char *text, const PopplerRectangle *rects,
                            guint n_rects, glyph_buffer *buf)
{
	buf->n = 0;
	S_buffer_reserve(buf, n_rects);
	const char *c = text;
	guint i = 0;
	for (; *c && i < n_rects; c = g_utf8_next_char(c), i++) {
		gunichar cp = g_utf8_get_char(c);
		if (nb_glyph_is_space(cp))
			continue;
		buf->glyphs[buf->n++] = (nb_glyph){
			.x0 = rects[i].x1, .y0 = rects[i].y1,
			.x1 = rects[i].x2, .y1 = rects[i].y2,
			.codepoint = cp,
		};
	}
	size_t missing = 0;
	for (; *c; c = g_utf8_next_char(c))
		missing++;
	return missing;
}

/* Which way the page's text runs, from poppler's reading order inside
 * words (poppler orders the characters of a word along its baseline, also
 * for turned text): most steps from one character to the next going down
 * or up the page mean content drawn turned a quarter. */
static nb_text_flow S_text_flow(const char *text, const PopplerRectangle *rects,
                                guint n_rects)
{
	size_t across = 0, down = 0, up = 0;
	const PopplerRectangle *prev = NULL;
	guint i = 0;
	for (const char *c = text; *c && i < n_rects;
	     c = g_utf8_next_char(c), i++) {
		if (nb_glyph_is_space(g_utf8_get_char(c))) {
			prev = NULL; /* a word ends */
			continue;
		}
		const PopplerRectangle *r = &rects[i];
		if (prev) {
			double dx = (r->x1 + r->x2 - prev->x1 - prev->x2) / 2;
			double dy = (r->y1 + r->y2 - prev->y1 - prev->y2) / 2;
			if (fabs(dx) >= fabs(dy))
				across++;
			else if (dy > 0)
				down++;
			else
				up++;
		}
		prev = r;
	}
	if (down >= 10 && down > 2 * (across + up))
		return NB_FLOW_DOWN;
	if (up >= 10 && up > 2 * (across + down))
		return NB_FLOW_UP;
	return NB_FLOW_ACROSS;
}

typedef struct pdf_reader {
	PopplerDocument *document;
	nb_limits limits;
	nb_arena *arena;
	nb_line_list lines;
	glyph_buffer buffer;
	size_t glyphs_total;
	size_t unmapped_glyphs; /* U+FFFD or private use: no Unicode meaning */
	size_t unmatched_chars;
	int unreadable_pages, first_unreadable;
	/* OCR of pages without a text layer (ocr.c), NULL for none */
	nb_ocr *ocr;
	nb_grid *grids;
	size_t n_grids, cap_grids;
	int *ocr_pages;
	size_t n_ocr_pages, cap_ocr_pages;
	const char **ocr_notes; /* what OCR said of a page (turned, …) */
	size_t n_ocr_notes, cap_ocr_notes;
	size_t picture_start;   /* the page's first line (a picture's merge) */
	/* the file's bytes, and whether any page may draw an image (told
	 * from them when a page first asks: pdf_images.c) */
	const unsigned char *data;
	size_t len;
	enum { IMAGES_UNKNOWN, IMAGES_NONE, IMAGES_MAYBE } images;
} pdf_reader;

/* Could any box on the page pass S_table_picture's test?  A picture is a
 * box inside the page, a fifth of its area or more, holding fewer than
 * max(20, n/20) of the n glyph centres.  When every such box holds at
 * least that many, the page's images cannot matter and are not asked for:
 * poppler_page_get_image_mapping interprets the page a second time, its
 * fonts loaded again (about a quarter of a text PDF's instructions under
 * callgrind).  The centres are counted on a grid of cells; a
 * box p cells wide (or a little more) holds at least p - 1 whole columns,
 * and at least q - 1 whole rows where q follows from its area, so the
 * fewest centres in any block of (p - 1) x (q - 1) whole cells is a lower
 * bound of what it holds.  A centre within a hair of a cell's edge is not
 * counted, so that rounding cannot place it in a cell a box does not hold:
 * false means certainly no picture, true means ask poppler. */
/* Could a box of a fifth of the page hold fewer than `need` centres, by
 * the counts on a g x g grid (sum: (g + 1)², zeroed)? */
static bool S_room_on_grid(const nb_glyph *glyphs, size_t n_glyphs,
                           double width, double height, size_t need, int g,
                           uint32_t *sum)
{
	const int G = g, S = g + 1; /* sum[j * S + i]: rows < j, columns < i */
	double cw = width / G, ch = height / G;
	double ex = cw * 1e-6, ey = ch * 1e-6;
	for (size_t k = 0; k < n_glyphs; k++) {
		double cx = (glyphs[k].x0 + glyphs[k].x1) / 2;
		double cy = (glyphs[k].y0 + glyphs[k].y1) / 2;
		if (!(cx > 0 && cx < width && cy > 0 && cy < height))
			continue;
		int i = (int)(cx / cw), j = (int)(cy / ch);
		if (i < 0 || i >= G || j < 0 || j >= G
		    || !(cx > i * cw + ex && cx < (i + 1) * cw - ex)
		    || !(cy > j * ch + ey && cy < (j + 1) * ch - ey))
			continue;
		sum[(j + 1) * S + i + 1]++;
	}
	for (int j = 1; j <= G; j++)
		for (int i = 1; i <= G; i++)
			sum[j * S + i] += sum[(j - 1) * S + i] + sum[j * S + i - 1]
			                  - sum[(j - 1) * S + i - 1];
	/* blocks along the page's edges first: the margins are where a
	 * page with room for a picture usually has it */
	for (int edges = 1; edges >= 0; edges--)
		for (int p = 0; p <= G; p++) {
			/* a box under p + 1 cells wide is at least q cells high */
			int q = (int)floor(0.2 * (1 - 1e-6) * G * G / (p + 1));
			if (q > G)
				continue; /* no box so narrow fits the page's height */
			int bw = p - 1, bh = q - 1;
			if (bw < 1 || bh < 1)
				return true;
			for (int j = 0; j + bh <= G; j++) {
				bool edge_row = j == 0 || j + bh == G;
				int step = edges && !edge_row ? G - bw : 1;
				for (int i = 0; i + bw <= G; i += step) {
					uint32_t in = sum[(j + bh) * S + i + bw]
					              - sum[j * S + i + bw]
					              - sum[(j + bh) * S + i] + sum[j * S + i];
					if (in < need)
						return true;
				}
			}
		}
	return false;
}

/* A 64 x 64 grid first; where it sees room, a 128 x 128 one, whose
 * bound is closer (a box loses at most a cell's width on each side), to
 * spare pages whose room was only the coarse grid's. */
static bool S_room_for_picture(const nb_glyph *glyphs, size_t n_glyphs,
                               double width, double height)
{
	size_t need = n_glyphs / 20 + (n_glyphs % 20 != 0);
	if (need < 20)
		need = 20;
	if (!(isfinite(width * height) && width > 0 && height > 0)
	    || n_glyphs < need || n_glyphs > UINT32_MAX)
		return true;
	uint32_t *sum = nb_xcalloc((size_t)129 * 129, sizeof *sum);
	bool room = S_room_on_grid(glyphs, n_glyphs, width, height, need, 64, sum);
	if (room) {
		memset(sum, 0, (size_t)129 * 129 * sizeof *sum);
		room = S_room_on_grid(glyphs, n_glyphs, width, height, need, 128,
		                      sum);
	}
	free(sum);
	return room;
}

/* The picture of a table on a page with text (auto mode): an image over a
 * fifth of the page or more with (almost) no text on it.  Into *area; a
 * page with several such pictures gives the largest.  An image wholly off
 * the page, beside and above or below it, is none: clipped to the page its
 * box is turned inside out on both axes, and a product of two negative
 * sides would count as area. */
static bool S_table_picture(pdf_reader *reader, PopplerPage *page,
                            double width, double height,
                            PopplerRectangle *area)
{
	const nb_glyph *glyphs = reader->buffer.glyphs;
	size_t n_glyphs = reader->buffer.n;
	if (reader->images == IMAGES_UNKNOWN)
		reader->images = nb_pdf_may_draw_images(reader->data, reader->len)
		                         ? IMAGES_MAYBE : IMAGES_NONE;
	if (reader->images == IMAGES_NONE
	    || !S_room_for_picture(glyphs, n_glyphs, width, height))
		return false;
	GList *images = poppler_page_get_image_mapping(page);
	double best = 0;
	for (GList *l = images; l; l = l->next) {
		const PopplerImageMapping *m = l->data;
		PopplerRectangle r = m->area;
		double x0 = fmax(0, fmin(r.x1, r.x2)), x1 = fmin(width, fmax(r.x1, r.x2));
		double y0 = fmax(0, fmin(r.y1, r.y2)), y1 = fmin(height, fmax(r.y1, r.y2));
		double size = (x1 - x0) * (y1 - y0);
		if (!(x1 > x0 && y1 > y0) || !(size >= 0.2 * width * height)
		    || size <= best)
			continue;
		size_t inside = 0;
		for (size_t i = 0; i < n_glyphs; i++) {
			double cx = (glyphs[i].x0 + glyphs[i].x1) / 2;
			double cy = (glyphs[i].y0 + glyphs[i].y1) / 2;
			inside += cx > x0 && cx < x1 && cy > y0 && cy < y1;
		}
		if (inside >= 20 && inside * 20 >= n_glyphs)
			continue; /* text over it: a background, not a table */
		best = size;
		*area = (PopplerRectangle){x0, y0, x1, y1};
	}
	poppler_page_free_image_mapping(images);
	return best > 0;
}

/* ---- pages read by OCR ---- */

/* The resolution the page's largest picture was scanned at (its pixels
 * across the points it covers), or 0 when it has none: the page is
 * rendered at --ocr-dpi whatever the scan's own, and a 72 dpi scan
 * rendered at 300 is no sharper. */
static double S_scan_dpi(PopplerPage *page)
{
	GList *images = poppler_page_get_image_mapping(page);
	const PopplerImageMapping *best = NULL;
	double best_size = 0;
	for (GList *l = images; l; l = l->next) {
		const PopplerImageMapping *m = l->data;
		double size = fabs(m->area.x2 - m->area.x1)
		              * fabs(m->area.y2 - m->area.y1);
		if (size > best_size) {
			best_size = size;
			best = m;
		}
	}
	double dpi = 0;
	cairo_surface_t *pixels = best ? poppler_page_get_image(page,
	                                                        best->image_id)
	                               : NULL;
	if (pixels) {
		double across = fabs(best->area.x2 - best->area.x1);
		if (across > 0)
			dpi = cairo_image_surface_get_width(pixels) * 72.0 / across;
		cairo_surface_destroy(pixels);
	}
	poppler_page_free_image_mapping(images);
	return dpi;
}

/* Should page `index`, with `n_glyphs` characters of text, be read by
 * OCR? */
static bool S_wants_ocr(const pdf_reader *reader, size_t n_glyphs)
{
	if (!reader->ocr)
		return false;
	switch (nb_ocr_options_of(reader->ocr)->mode) {
	case NB_OCR_ALWAYS:
		return true;
	case NB_OCR_AUTO:
		return n_glyphs == 0;
	default:
		return false;
	}
}

/* `page` on white paper, `w` x `h` pixels at `scale` pixels a point
 * (poppler + cairo), or NULL when cairo cannot make the surface. */
static cairo_surface_t *S_render(PopplerPage *page, int w, int h,
                                 double scale)
{
	cairo_surface_t *surface =
		cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		return NULL;
	}
	cairo_t *cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(surface);
	return surface;
}

/* Does a picture cover half of `page` (`width` x `height` points) or
 * more?  Its mapping only: no picture is decoded. */
static bool S_picture_covers(PopplerPage *page, double width, double height)
{
	GList *images = poppler_page_get_image_mapping(page);
	bool covers = false;
	for (GList *l = images; l && !covers; l = l->next) {
		const PopplerImageMapping *m = l->data;
		covers = fabs(m->area.x2 - m->area.x1) * fabs(m->area.y2 - m->area.y1)
		         >= width * height / 2;
	}
	poppler_page_free_image_mapping(images);
	return covers;
}

/* Does `page` print nothing at all?  Rendered at 18 dpi (a few thousand
 * pixels) it is white all over: no OCR then, so that a PDF of 500 blank
 * pages is no_text_layer at once, not minutes of OCR.  A page a picture
 * covers is not asked (the scan of a blank sheet is read, and found
 * blank, by the OCR): shrinking a 300 dpi scan to 18 dpi costs more than
 * rendering it for the OCR. */
static bool S_page_blank(PopplerPage *page)
{
	double width = 0, height = 0;
	poppler_page_get_size(page, &width, &height);
	if (S_picture_covers(page, width, height))
		return false;
	double scale = 18.0 / 72.0;
	int w = (int)ceil(width * scale), h = (int)ceil(height * scale);
	if (w < 1 || h < 1 || w > 4000 || h > 4000)
		return false;
	cairo_surface_t *surface = S_render(page, w, h, scale);
	if (!surface)
		return false;
	const unsigned char *pixels = cairo_image_surface_get_data(surface);
	int stride = cairo_image_surface_get_stride(surface);
	bool blank = true;
	for (int y = 0; y < h && blank; y++) {
		const uint32_t *row = (const uint32_t *)(pixels + (size_t)y * stride);
		for (int x = 0; x < w && blank; x++)
			blank = ((row[x] >> 16) & 0xFF) >= 240
			        && ((row[x] >> 8) & 0xFF) >= 240
			        && (row[x] & 0xFF) >= 240;
	}
	cairo_surface_destroy(surface);
	return blank;
}

/* Render `page` (poppler + cairo, white paper) at the OCR resolution and
 * read it: its lines and grids are appended to the reader's. */
/* Lines and grids OCR read in a picture on a page with text, moved to the
 * page's frame (by `dx`, `dy` points) and merged with the page's own lines
 * [start, end of the list) by where they stand: the grids before the
 * first line below their top. */
static void S_merge_picture(pdf_reader *reader, size_t start,
                            const nb_ocr_page *got, double dx, double dy)
{
	for (size_t i = 0; i < got->n_lines; i++) {
		nb_line *line = &got->lines[i];
		line->y0 += dy;
		line->y1 += dy;
		for (size_t c = 0; c < line->n_cells; c++) {
			line->cells[c].x0 += dx;
			line->cells[c].x1 += dx;
			line->cells[c].y0 += dy;
			line->cells[c].y1 += dy;
		}
	}
	size_t n_own = reader->lines.n_lines - start;
	nb_line *own = nb_xmalloc((n_own + 1) * sizeof *own);
	if (n_own)
		memcpy(own, reader->lines.lines + start, n_own * sizeof *own);
	reader->lines.n_lines = start;
	size_t i = 0, j = 0;
	while (i < n_own || j < got->n_lines) {
		bool take_own = j == got->n_lines
		                || (i < n_own && own[i].y0 <= got->lines[j].y0);
		nb_line_list_push(&reader->lines, take_own ? &own[i++]
		                                           : &got->lines[j++]);
	}
	free(own);
	reader->grids = nb_grow(reader->grids, &reader->cap_grids,
	                        reader->n_grids + got->n_grids + 1,
	                        sizeof *reader->grids);
	for (size_t g = 0; g < got->n_grids; g++) {
		nb_grid grid = got->grids[g];
		double top = 1e300;
		for (size_t r = 0; r < grid.n_rows; r++)
			for (size_t c = 0; c < grid.rows[r].n_cells; c++) {
				nb_grid_cell *cell = &grid.rows[r].cells[c];
				cell->x0 += dx;
				cell->x1 += dx;
				cell->y0 += dy;
				cell->y1 += dy;
				if (cell->y0 < top)
					top = cell->y0;
			}
		if (grid.col_x) { /* the rules too, for joining continued tables */
			double *col_x = nb_arena_alloc(reader->arena, (grid.n_cols + 1)
			                                                  * sizeof *col_x);
			for (size_t c = 0; c <= grid.n_cols; c++)
				col_x[c] = grid.col_x[c] + dx;
			grid.col_x = col_x;
		}
		size_t at = start;
		while (at < reader->lines.n_lines && reader->lines.lines[at].y0 < top)
			at++;
		grid.at_line = at;
		reader->grids[reader->n_grids++] = grid;
	}
}

static nb_status S_ocr_page(pdf_reader *reader, PopplerPage *page, int index,
                            const PopplerRectangle *picture, nb_error *err)
{
	const nb_ocr_options *options = nb_ocr_options_of(reader->ocr);
	if ((int)reader->n_ocr_pages >= options->max_pages)
		return nb_error_set(err, NB_ERR_LIMIT, index + 1,
		                    "more than %d pages to read by OCR",
		                    options->max_pages);
	/* before rendering: the picture decoded and the page rendered are
	 * never in memory together */
	double scanned = S_scan_dpi(page);
	double width = 0, height = 0;
	poppler_page_get_size(page, &width, &height);
	double scale = options->dpi / 72.0;
	double w = ceil(width * scale), h = ceil(height * scale);
	if (!(w >= 1 && h >= 1) || w * h > (double)options->max_pixels)
		return nb_error_set(err, NB_ERR_LIMIT, index + 1,
		                    "page %d is %.0f x %.0f pt: %.0f x %.0f pixels "
		                    "at %d dpi (limit %zu pixels a page)",
		                    index + 1, width, height, w, h, options->dpi,
		                    options->max_pixels);
	cairo_surface_t *surface = S_render(page, (int)w, (int)h, scale);
	if (!surface)
		return nb_error_set(err, NB_ERR_LIMIT, index + 1,
		                    "page %d: no memory to render it at %d dpi",
		                    index + 1, options->dpi);
	/* the red channel: a red seal fades, black ink stays */
	int iw = (int)w, ih = (int)h;
	const unsigned char *pixels = cairo_image_surface_get_data(surface);
	int stride = cairo_image_surface_get_stride(surface);
	uint8_t *grey = nb_xmalloc((size_t)iw * (size_t)ih);
	for (int y = 0; y < ih; y++) {
		const uint32_t *row = (const uint32_t *)(pixels + (size_t)y * stride);
		for (int x = 0; x < iw; x++)
			grey[(size_t)y * iw + x] = (uint8_t)(row[x] >> 16);
	}
	cairo_surface_destroy(surface);
	/* a picture on a page with text: that part of the page only */
	int px = 0, py = 0, pw = iw, ph = ih;
	if (picture) {
		px = (int)fmax(0, floor(picture->x1 * scale));
		py = (int)fmax(0, floor(picture->y1 * scale));
		pw = (int)fmin(iw, ceil(picture->x2 * scale)) - px;
		ph = (int)fmin(ih, ceil(picture->y2 * scale)) - py;
		if (pw < 16 || ph < 16) {
			free(grey);
			return NB_OK;
		}
	}
	nb_ocr_page got;
	nb_status status = nb_ocr_read_grey(
		reader->ocr, grey + (size_t)py * iw + px, pw, ph, (size_t)iw,
		options->dpi, index + 1, reader->arena, &got, err);
	free(grey);
	if (status != NB_OK)
		return status;
	if (scanned > 0 && scanned < 100)
		nb_ocr_low_resolution(reader->arena, &got, index + 1, scanned);
	if (picture)
		S_merge_picture(reader, reader->picture_start, &got,
		                px / scale, py / scale);
	size_t base = reader->lines.n_lines;
	for (size_t i = 0; !picture && i < got.n_lines; i++)
		nb_line_list_push(&reader->lines, &got.lines[i]);
	reader->grids = nb_grow(reader->grids, &reader->cap_grids,
	                        reader->n_grids + got.n_grids + 1,
	                        sizeof *reader->grids);
	for (size_t g = 0; !picture && g < got.n_grids; g++) {
		reader->grids[reader->n_grids] = got.grids[g];
		reader->grids[reader->n_grids++].at_line += base;
	}
	reader->ocr_pages = nb_grow(reader->ocr_pages, &reader->cap_ocr_pages,
	                            reader->n_ocr_pages + 1,
	                            sizeof *reader->ocr_pages);
	reader->ocr_pages[reader->n_ocr_pages++] = index + 1;
	if (got.warning) {
		reader->ocr_notes = nb_grow(reader->ocr_notes, &reader->cap_ocr_notes,
		                            reader->n_ocr_notes + 1,
		                            sizeof *reader->ocr_notes);
		reader->ocr_notes[reader->n_ocr_notes++] = got.warning;
	}
	return NB_OK;
}

static nb_status S_read_page(pdf_reader *reader, int index, nb_error *err)
{
	PopplerPage *page = poppler_document_get_page(reader->document, index);
	if (!page) { /* a broken page tree entry: skip it, say so */
		if (reader->unreadable_pages++ == 0)
			reader->first_unreadable = index + 1;
		return NB_OK;
	}
	char *text = poppler_page_get_text(page);
	PopplerRectangle *rects = NULL;
	guint n_rects = 0;
	if (!text || !poppler_page_get_text_layout(page, &rects, &n_rects))
		n_rects = 0;
	reader->unmatched_chars +=
		S_read_glyphs(text ? text : "", rects, n_rects, &reader->buffer);
	nb_text_flow flow = S_text_flow(text ? text : "", rects, n_rects);
	double width = 0, height = 0;
	poppler_page_get_size(page, &width, &height);
	g_free(rects);
	g_free(text);
	if (S_wants_ocr(reader, reader->buffer.n)
	    && (reader->buffer.n > 0 || !S_page_blank(page))) {
		nb_status status = S_ocr_page(reader, page, index, NULL, err);
		g_object_unref(page);
		return status;
	}
	/* a table pasted in as a picture (auto): read by OCR below, once
	 * the page's own lines are built */
	PopplerRectangle picture;
	bool has_picture = reader->ocr && reader->buffer.n > 0
	                   && nb_ocr_options_of(reader->ocr)->mode == NB_OCR_AUTO
	                   && flow == NB_FLOW_ACROSS
	                   && S_table_picture(reader, page, width, height,
	                                      &picture);
	if (!has_picture)
		g_object_unref(page);
	nb_glyphs_turn_upright(reader->buffer.glyphs, reader->buffer.n, flow,
	                       width, height);

	size_t n = reader->buffer.n;
	if (n > reader->limits.max_glyphs_per_page && has_picture)
		g_object_unref(page);
	if (n > reader->limits.max_glyphs_per_page)
		return nb_error_set(err, NB_ERR_LIMIT, index + 1,
		                    "page %d has %zu characters (limit %zu)",
		                    index + 1, n, reader->limits.max_glyphs_per_page);
	reader->glyphs_total += n;
	for (size_t i = 0; i < n; i++) {
		uint32_t cp = reader->buffer.glyphs[i].codepoint;
		if (cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF))
			reader->unmapped_glyphs++;
	}
	reader->picture_start = reader->lines.n_lines;
	nb_geometry_page(reader->buffer.glyphs, n, index + 1, reader->arena,
	                 &reader->lines);
	if (has_picture) {
		nb_status status = S_ocr_page(reader, page, index, &picture, err);
		g_object_unref(page);
		return status;
	}
	return NB_OK;
}

/* ---- the document ---- */

static nb_status S_open(const unsigned char *data, size_t len,
                        GBytes **bytes, PopplerDocument **document,
                        nb_error *err)
{
	if (len == 0)
		return nb_error_set(err, NB_ERR_DAMAGED, 0, "damaged PDF: no data");
	*bytes = g_bytes_new_static(data, len);
	GError *gerr = NULL;
	*document = poppler_document_new_from_bytes(*bytes, NULL, &gerr);
	if (*document)
		return NB_OK;
	nb_status status = NB_ERR_DAMAGED;
	if (gerr && gerr->domain == POPPLER_ERROR &&
	    gerr->code == POPPLER_ERROR_ENCRYPTED)
		status = nb_error_set(err, NB_ERR_ENCRYPTED, 0,
		                      "encrypted with a password");
	else
		nb_error_set(err, NB_ERR_DAMAGED, 0,
		             "damaged or truncated PDF (poppler: %s)",
		             gerr && gerr->message ? gerr->message : "unreadable");
	if (gerr)
		g_error_free(gerr);
	return status;
}

static void S_add_warnings(nb_doc *doc, const log_capture *capture,
                           const pdf_reader *reader)
{
	size_t unmatched_chars = reader->unmatched_chars;
	/* A font without a usable ToUnicode map: its text is unreadable. */
	bool unmapped = reader->unmapped_glyphs * 10 > reader->glyphs_total;
	size_t n = capture->n_messages + (capture->n_dropped > 0) +
	           (unmatched_chars > 0) + (reader->unreadable_pages > 0) +
	           unmapped + reader->n_ocr_notes;
	if (n == 0)
		return;
	doc->warnings = nb_arena_alloc(doc->arena, n * sizeof *doc->warnings);
	for (size_t i = 0; i < capture->n_messages; i++)
		doc->warnings[doc->n_warnings++] = capture->messages[i];
	for (size_t i = 0; i < reader->n_ocr_notes; i++)
		doc->warnings[doc->n_warnings++] = reader->ocr_notes[i];
	char note[256];
	if (capture->n_dropped > 0) {
		snprintf(note, sizeof note, "%zu further PDF warnings not shown",
		         capture->n_dropped);
		doc->warnings[doc->n_warnings++] = nb_arena_strdup(doc->arena, note);
	}
	if (unmatched_chars > 0) {
		snprintf(note, sizeof note,
		         "%zu characters without a position were skipped",
		         unmatched_chars);
		doc->warnings[doc->n_warnings++] = nb_arena_strdup(doc->arena, note);
	}
	if (unmapped) {
		snprintf(note, sizeof note,
		         "%zu of %zu characters have no Unicode meaning (a font "
		         "without a ToUnicode map): the text may be unreadable",
		         reader->unmapped_glyphs, reader->glyphs_total);
		doc->warnings[doc->n_warnings++] = nb_arena_strdup(doc->arena, note);
	}
	if (reader->unreadable_pages > 0) {
		snprintf(note, sizeof note,
		         "%d unreadable page%s skipped (first: page %d)",
		         reader->unreadable_pages,
		         reader->unreadable_pages == 1 ? "" : "s",
		         reader->first_unreadable);
		doc->warnings[doc->n_warnings++] = nb_arena_strdup(doc->arena, note);
	}
}

static nb_doc *S_finish(pdf_reader *reader, int pages,
                        const log_capture *capture)
{
	nb_doc *doc = nb_arena_alloc(reader->arena, sizeof *doc);
	doc->arena = reader->arena;
	doc->kind = NB_SOURCE_PDF;
	doc->units = NB_UNITS_POINTS;
	doc->pages = pages;
	gchar *producer = poppler_document_get_producer(reader->document);
	if (producer) {
		doc->producer = nb_arena_strdup(doc->arena, producer);
		g_free(producer);
	}
	doc->n_lines = reader->lines.n_lines;
	doc->lines = nb_arena_alloc(doc->arena, (doc->n_lines ? doc->n_lines : 1) *
	                                            sizeof(nb_line));
	if (doc->n_lines)
		memcpy(doc->lines, reader->lines.lines,
		       doc->n_lines * sizeof(nb_line));
	/* turned text taken out of the pages (watermarks): kept, with where it
	 * stood, so that the schema reports its digits inside a table */
	doc->n_removed = reader->lines.n_removed;
	doc->removed = nb_arena_alloc(doc->arena, (doc->n_removed + 1) *
	                                              sizeof *doc->removed);
	if (doc->n_removed)
		memcpy(doc->removed, reader->lines.removed,
		       doc->n_removed * sizeof *doc->removed);
	S_add_warnings(doc, capture, reader);
	doc->n_grids = reader->n_grids;
	doc->grids = nb_arena_alloc(doc->arena, (doc->n_grids + 1)
	                                                * sizeof *doc->grids);
	if (doc->n_grids)
		memcpy(doc->grids, reader->grids,
		       doc->n_grids * sizeof *doc->grids);
	doc->n_ocr_pages = reader->n_ocr_pages;
	doc->ocr_pages = nb_arena_alloc(doc->arena, (doc->n_ocr_pages + 1)
	                                                    * sizeof *doc->ocr_pages);
	if (doc->n_ocr_pages) {
		memcpy(doc->ocr_pages, reader->ocr_pages,
		       doc->n_ocr_pages * sizeof *doc->ocr_pages);
		nb_ocr_join_tables(doc);
	}
	return doc;
}

static nb_status S_read_document(pdf_reader *reader, const log_capture *capture,
                                 nb_doc **out, nb_error *err)
{
	int pages = poppler_document_get_n_pages(reader->document);
	if (pages <= 0)
		return nb_error_set(err, NB_ERR_DAMAGED, 0,
		                    "damaged PDF: no pages");
	if (pages > reader->limits.max_pages)
		return nb_error_set(err, NB_ERR_LIMIT, 0,
		                    "%d pages (limit %d)", pages,
		                    reader->limits.max_pages);
	for (int i = 0; i < pages; i++) {
		nb_status status = S_read_page(reader, i, err);
		if (status != NB_OK)
			return status;
	}
	if (reader->unreadable_pages == pages)
		return nb_error_set(err, NB_ERR_DAMAGED, 0,
		                    "damaged PDF: none of its %d pages can be read",
		                    pages);
	if (reader->glyphs_total == 0 && reader->n_ocr_pages == 0)
		return nb_error_set(err, NB_ERR_NO_TEXT, 0,
		                    "no text layer (%d page%s; scanned?)", pages,
		                    pages == 1 ? "" : "s");
	if (reader->n_ocr_pages > 0 && reader->lines.n_lines == 0
	    && reader->n_grids == 0)
		return nb_error_set(err, NB_ERR_NO_TEXT, 0,
		                    "no text layer, and OCR found nothing legible "
		                    "on its %d page%s", pages, pages == 1 ? "" : "s");
	*out = S_finish(reader, pages, capture);
	return NB_OK;
}

nb_status nb_extract_pdf(const unsigned char *data, size_t len,
                         const nb_limits *limits, nb_doc **out, nb_error *err)
{
	return nb_extract_pdf_ocr(data, len, limits, NULL, out, err);
}

nb_status nb_extract_pdf_ocr(const unsigned char *data, size_t len,
                             const nb_limits *limits, nb_ocr *ocr,
                             nb_doc **out, nb_error *err)
{
	*out = NULL;
	pdf_reader reader = {.limits = S_limits(limits), .ocr = ocr,
	                     .data = data, .len = len};
	if (len > reader.limits.max_input_bytes)
		return nb_error_set(err, NB_ERR_LIMIT, 0,
		                    "%zu bytes (limit %zu)", len,
		                    reader.limits.max_input_bytes);
	reader.arena = nb_arena_new();
	log_capture capture = {.arena = reader.arena};
	guint handler = g_log_set_handler(
		"Poppler", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
		S_log_handler, &capture);
	GBytes *bytes = NULL;
	nb_status status = S_open(data, len, &bytes, &reader.document, err);
	if (status == NB_OK)
		status = S_read_document(&reader, &capture, out, err);
	if (reader.document)
		g_object_unref(reader.document);
	if (bytes)
		g_bytes_unref(bytes);
	g_log_remove_handler("Poppler", handler);
	nb_line_list_free(&reader.lines);
	free(reader.buffer.glyphs);
	free(reader.grids);
	free(reader.ocr_pages);
	free(reader.ocr_notes);
	if (status != NB_OK)
		nb_arena_free(reader.arena);
	return status;
}
