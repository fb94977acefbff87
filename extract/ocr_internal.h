/*
 * ocr_internal.h — private interface between the OCR reader (ocr.c) and
 * the readers that hand it pictures (pdf.c renders image-only pages).
 *
 * The pixels cross as plain 8-bit grey rows, so that no leptonica or
 * tesseract type leaves ocr.c (both are loaded there with nb_dl_open).  A
 * page read by OCR gives lines (text outside tables, top to bottom, one
 * cell per text line) and grids (ruled tables, cells with spans), in page
 * points, ready to be appended to a document.
 */
#ifndef NB_OCR_INTERNAL_H
#define NB_OCR_INTERNAL_H

#include <stdint.h>

#include "extract.h"

/** What OCR read of one page.  Arrays and texts are arena-owned; each
 *  grid's at_line counts lines of this page (0: before the first). */
typedef struct nb_ocr_page {
	nb_line *lines;
	size_t n_lines;
	nb_grid *grids;
	size_t n_grids;
	/** Why the page may be read badly (a low resolution), or NULL. */
	const char *warning;
} nb_ocr_page;

/**
 * A page scanned at `dpi` under 100 (an image file's own resolution, or a
 * PDF page's picture's): a warning on `out`, and every table row in doubt
 * (a cell read blank may hold a number too small to see), which the
 * schema turns into a warning naming the row.
 */
void nb_ocr_low_resolution(nb_arena *arena, nb_ocr_page *out, int page,
                           double dpi);

/** The options in force (defaults filled in). */
const nb_ocr_options *nb_ocr_options_of(const nb_ocr *ocr);

/**
 * Read page `page` (1-based) from `grey`, `width` × `height` pixels of 8-bit
 * grey (0 black, 255 white; a colour page gives its red channel, so that a
 * red seal fades into the paper) with `stride` bytes per row, scanned or
 * rendered at `dpi`.  Loads tesseract and leptonica on the first call.
 * Errors: NB_ERR_NO_LIBRARY (a library or tesseract's language data is
 * missing), NB_ERR_LIMIT (over the pixel limit).
 */
nb_status nb_ocr_read_grey(nb_ocr *ocr, const uint8_t *grey, int width,
                           int height, size_t stride, double dpi, int page,
                           nb_arena *arena, nb_ocr_page *out, nb_error *err);

/**
 * Join each table that OCR read in two grids across a page break (or a
 * gap in a long picture) into one: a grid that starts with a row of
 * numbers, in the same frame as the grid before it, with nothing but page
 * furniture (a page number) between them, is that grid's continuation.
 * Columns are matched by their rules' x (the union of both grids' rules:
 * a part may split a label column the other does not); each join adds a
 * warning to the document.  Grids without col_x are left alone.
 */
void nb_ocr_join_tables(nb_doc *doc);

/** The sheet in a photo of a page (paper.c): its corners top-left,
 *  top-right, bottom-right, bottom-left, in pixels of the raster it was
 *  found in (a side the picture cuts off lies on the picture's edge). */
typedef struct nb_paper {
	double x[4], y[4];
	int sides_seen; /* sides with desk beyond them */
} nb_paper;

/**
 * Find the sheet of paper in `grey` (`width` × `height`, `stride` bytes a
 * row): grey above `paper_grey` is paper, darker is desk (or ink).  True
 * when desk shows beyond two sides or more and the sides make a convex
 * quadrilateral covering at least 30 % of the picture; false for a scan,
 * whose paper fills the picture.
 */
bool nb_paper_find(const uint8_t *grey, int width, int height, size_t stride,
                   int paper_grey, nb_paper *out);

#endif
