/*
 * fuzz/tables.c — libFuzzer target: the table rebuilder fed with synthetic
 * glyph boxes, without poppler: nb_geometry_page (extract/glyph_internal.h)
 * → nb_normalize_doc → nb_schema_build_with.
 *
 * The input is read as UTF-8 text laid out by a tiny typesetter, so that
 * the corpus's text reports and the template dictionary make useful seeds:
 * every character becomes a glyph box (CJK one em wide, others half), a
 * tab moves on by a column gap, a newline starts a line 14 pt lower, a form
 * feed a new page.  Control bytes 1..6 disturb the geometry the way real
 * PDFs do: 1 raises the next glyph (a superscript, a baseline jitter), 2
 * gives it a bogus tall box (broken font metrics), 3 steps back so glyphs
 * overlap, 4 drops half a line, 5 adds a small gap (under the cell split
 * threshold), 6 toggles a small font.  Invalid UTF-8 bytes are skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "../extract/glyph_internal.h"
#include "../nianbao.h"
#include "fuzz.h"

enum { MAX_GLYPHS_PER_PAGE = 20000, MAX_PAGES = 50 };

/* Decode one UTF-8 code point at data[*at]; 0 with *at moved past an
 * invalid byte. */
static uint32_t S_next_codepoint(const uint8_t *data, size_t size, size_t *at)
{
	uint8_t lead = data[*at];
	size_t len = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3
	             : (lead >> 3) == 30 ? 4 : 0;
	if (len == 0 || *at + len > size) {
		(*at)++;
		return 0;
	}
	uint32_t cp = len == 1 ? lead : lead & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((data[*at + i] & 0xC0) != 0x80) {
			(*at)++;
			return 0;
		}
		cp = (cp << 6) | (data[*at + i] & 0x3F);
	}
	*at += len;
	return cp;
}

typedef struct typesetter {
	nb_glyph *glyphs;
	size_t n_glyphs;
	int page;
	double x, y, em, raise;
	bool tall, overlap;
	nb_arena *arena;
	nb_line_list lines;
} typesetter;

static void S_end_page(typesetter *t)
{
	nb_geometry_page(t->glyphs, t->n_glyphs, t->page, t->arena, &t->lines);
	t->n_glyphs = 0;
	t->page++;
	t->x = 50;
	t->y = 60;
}

static void S_new_line(typesetter *t, double step)
{
	t->x = 50;
	t->y += step;
	if (t->y > 800)
		S_end_page(t);
}

static void S_glyph(typesetter *t, uint32_t cp)
{
	if (t->n_glyphs == MAX_GLYPHS_PER_PAGE)
		S_end_page(t);
	double width = cp >= 0x2E80 ? t->em : t->em / 2;
	nb_glyph *g = &t->glyphs[t->n_glyphs++];
	g->codepoint = cp;
	g->x0 = t->x;
	g->x1 = t->x + width;
	g->y0 = t->y - 0.8 * t->em - t->raise - (t->tall ? 30 : 0);
	g->y1 = t->y + 0.2 * t->em - t->raise;
	t->x += width;
	t->raise = 0;
	t->tall = false;
}

static void S_typeset(typesetter *t, uint32_t cp)
{
	switch (cp) {
	case 0: return;
	case '\n': S_new_line(t, 14); return;
	case '\f': S_end_page(t); return;
	case '\t': t->x += 40; return;
	case 1: t->raise = 3; return;
	case 2: t->tall = true; return;
	case 3: t->x -= 6; return;
	case 4: S_new_line(t, 7); return;
	case 5: t->x += 3; return;
	case 6: t->em = t->em == 10 ? 6 : 10; return;
	default: S_glyph(t, cp); return;
	}
}

/* A document owning `t->lines`, as the PDF reader builds one. */
static nb_doc *S_doc(typesetter *t)
{
	nb_doc *doc = nb_arena_alloc(t->arena, sizeof *doc);
	doc->arena = t->arena;
	doc->kind = NB_SOURCE_PDF;
	doc->units = NB_UNITS_POINTS;
	doc->pages = t->page - 1;
	doc->n_lines = t->lines.n_lines;
	doc->lines = nb_arena_alloc(t->arena, (doc->n_lines ? doc->n_lines : 1)
	                                          * sizeof(nb_line));
	if (doc->n_lines)
		memcpy(doc->lines, t->lines.lines, doc->n_lines * sizeof(nb_line));
	nb_line_list_free(&t->lines);
	return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	typesetter t = {
		.glyphs = malloc(MAX_GLYPHS_PER_PAGE * sizeof(nb_glyph)),
		.page = 1, .x = 50, .y = 60, .em = 10,
		.arena = nb_arena_new(),
	};
	size_t at = 0;
	while (at < size && t.page <= MAX_PAGES)
		S_typeset(&t, S_next_codepoint(data, size, &at));
	if (t.n_glyphs)
		S_end_page(&t);
	free(t.glyphs);
	nb_doc *doc = S_doc(&t);
	nb_fuzz_report(doc, "fuzz.pdf");
	return 0;
}
