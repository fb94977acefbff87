/*
 * glyph_internal.h — private interface between the PDF reader (pdf.c) and
 * the page geometry (geometry.c).
 *
 * The geometry is a pure function over an array of positioned glyphs and an
 * optional array of ruling lines: it knows nothing about poppler, so the unit
 * tests drive it with synthetic boxes and the PDF reader only has to turn
 * poppler's per-character rectangles into nb_glyph values.  Ruling lines are
 * found on a small grey-level raster of a table region by another pure
 * function, nb_rulings_scan, for the same reason.
 *
 * Coordinates are PDF points with the origin at the top-left corner of the
 * (rotated, as displayed) page and y growing downwards.
 */
#ifndef NB_GLYPH_INTERNAL_H
#define NB_GLYPH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "extract.h"

/** One character as drawn: its Unicode code point and its box. */
typedef struct nb_glyph {
	double x0, y0, x1, y1;
	uint32_t codepoint;
} nb_glyph;

/** A table rule: a thin axis-aligned box.  Vertical when taller than wide. */
typedef struct nb_ruling {
	double x0, y0, x1, y1;
} nb_ruling;

/** A growable array of lines (malloc-owned array; cells live in an arena). */
typedef struct nb_line_list {
	nb_line *lines;
	size_t n_lines, capacity;
} nb_line_list;

void nb_line_list_push(nb_line_list *list, const nb_line *line);
void nb_line_list_free(nb_line_list *list);

/**
 * Turn one page's glyphs into lines of cells, appended to `out`:
 *  - white-space glyphs are dropped;
 *  - glyphs are grouped into lines by vertical overlap (a glyph joins the
 *    line whose mean band holds its vertical centre), lines ordered top to
 *    bottom by geometry and glyphs left to right;
 *  - a line is split into cells at horizontal gaps wider than 1.5 median
 *    glyph widths of the line, or where a vertical ruling passes between two
 *    glyphs; a narrower gap becomes one space inside a cell's text;
 *  - a vertical gap between two lines wider than 1.2 line heights adds one
 *    blank line (no cells) between them.
 * `glyphs` is reordered in place.  Cell texts and cell arrays are allocated
 * from `arena`; text and raw are the same string.
 */
void nb_geometry_page(nb_glyph *glyphs, size_t n_glyphs,
                      const nb_ruling *rulings, size_t n_rulings, int page,
                      nb_arena *arena, nb_line_list *out);

/** True for code points that print nothing (spaces, controls, BOM...). */
int nb_glyph_is_space(uint32_t codepoint);

/**
 * Find ruling lines on a grey-level raster: `pixels` holds `height` rows of
 * `width` bytes, `stride` bytes apart, 0 = black, 255 = white.  A pixel is ink
 * when darker than 160.  A horizontal ruling is a run of ink at least
 * `min_length` pixels long in one row whose rows above and below, two pixels
 * away, are not ink along most of it (so filled areas and text are not
 * rulings); vertical rulings likewise by columns.  Found rulings are written
 * to `out` (at most `max_out`) in raster pixel coordinates, as boxes one
 * pixel thick; returns how many were found (which may exceed `max_out`).
 */
size_t nb_rulings_scan(const unsigned char *pixels, int width, int height,
                       int stride, int min_length, nb_ruling *out,
                       size_t max_out);

#endif
