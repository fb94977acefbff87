/*
 * glyph_internal.h — private interface between the PDF reader (pdf.c) and
 * the page geometry (geometry.c).
 *
 * The geometry is a pure function over an array of positioned glyphs: it
 * knows nothing about poppler, so the unit
 * tests drive it with synthetic boxes and the PDF reader only has to turn
 * poppler's per-character rectangles into nb_glyph values.
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

/** A growable array of lines (malloc-owned arrays; cells and texts live in
 *  an arena), and the runs of glyphs taken out before the lines were built
 *  (a turned watermark), each standing before line `at_line` of `lines`. */
typedef struct nb_line_list {
	nb_line *lines;
	size_t n_lines, capacity;
	nb_removed_line *removed;
	size_t n_removed, removed_capacity;
} nb_line_list;

void nb_line_list_push(nb_line_list *list, const nb_line *line);
void nb_line_list_free(nb_line_list *list);

/**
 * Turn one page's glyphs into lines of cells, appended to `out`:
 *  - white-space glyphs are dropped;
 *  - text drawn turned (a watermark or a stamp at 30-45 degrees) is taken
 *    out before lines are built (after the bogus-height trim below): a
 *    reader gives turned text in short pieces (one to three glyphs on one
 *    baseline in its order), and two such loose glyphs of one size side
 *    by side whose centres differ by 0.2-0.65 of their height are a step
 *    along a slanted baseline.  A page with three or more steps loses the
 *    glyphs of every step, their pieces, and loose glyphs drawn exactly
 *    like them (same code point and box: a piece cut off at the page
 *    edge).  Each group of them (glyphs within two sizes of each other)
 *    becomes an entry of out->removed (`what` "watermark", text left to
 *    right, at_line the first line of the page reaching below its
 *    centre), never a cell;
 *  - a digit right after digits of its cell, clearly smaller than them
 *    (under 0.8 of their height) and raised (its bottom above theirs by a
 *    fifth of their height), is a footnote marker: it comes out as the
 *    superscript digit (U+00B9, U+00B2, U+00B3, U+2070, U+2074..U+2079),
 *    in text and raw alike;
 *  - glyphs are grouped into lines by vertical overlap (a glyph joins the
 *    line whose mean band holds its vertical centre), lines ordered top to
 *    bottom by geometry and glyphs left to right;
 *  - boxes much taller than their glyphs' em (bogus font metrics) are cut
 *    to one em below their top;
 *  - a line is split into cells at horizontal gaps wider than 0.4 em; a
 *    gap wider than 0.19 em becomes one space inside a cell's text (the
 *    em of a wide
 *    glyph is its advance; other glyphs take the median advance of the
 *    line's wide glyphs, or twice their own on a line without any);
 *  - a vertical gap between two lines wider than 1.2 line heights adds one
 *    blank line (no cells) between them.
 * `glyphs` is reordered in place.  Cell texts and cell arrays are allocated
 * from `arena`; text and raw are the same string.
 */
void nb_geometry_page(nb_glyph *glyphs, size_t n_glyphs, int page,
                      nb_arena *arena, nb_line_list *out);

/** Which way a page's text runs, as drawn. */
typedef enum nb_text_flow {
	NB_FLOW_ACROSS, /**< left to right: the normal case */
	NB_FLOW_DOWN,   /**< top to bottom: content turned a quarter clockwise */
	NB_FLOW_UP,     /**< bottom to top: turned a quarter anticlockwise */
} nb_text_flow;

/**
 * Turn the boxes of a page whose content was drawn turned a quarter (a
 * landscape table on portrait paper without /Rotate) so that its text runs
 * left to right, top to bottom, in a frame `height` wide and `width` tall
 * (`width` x `height` being the page as displayed).  NB_FLOW_ACROSS leaves
 * the glyphs alone.
 */
void nb_glyphs_turn_upright(nb_glyph *glyphs, size_t n, nb_text_flow flow,
                            double width, double height);

/** True for code points that print nothing (spaces, controls, BOM...). */
int nb_glyph_is_space(uint32_t codepoint);

#endif
