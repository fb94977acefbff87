/*
 * ocr.c — the OCR reader: scanned pages and image files → nb_doc.
 *
 * Tesseract on a whole table page reads almost no number right and takes
 * ~13 s (issue 14), so a page is taken apart first and each piece read as
 * what it is:
 *
 *  1. grey (a colour page's red channel: a red seal fades into the paper
 *     while black ink stays black), background flattened, binarized (Otsu
 *     over large tiles);
 *  2. deskewed (leptonica's skew search on the binary page, the grey page
 *     turned by the angle found and binarized again);
 *  3. ruling lines found by morphology: opening with a horizontal and a
 *     vertical line of a quarter inch keeps rules and drops letters; each
 *     connected group of rules is a table; inside it the rules of a local
 *     (Sauvola) threshold count too, since a hairline rule or a faint digit
 *     can fall below the page's threshold, and long runs of a threshold
 *     just under the paper's grey (a blurred hairline); the rules' positions come from
 *     the projections, and the slots between them are cells; where the
 *     rule between two slots is missing the slots are one cell (a span);
 *  4. each cell with ink is read once, with the rules taken out: a cell
 *     whose ink looks like a line of digits (connected marks about as tall
 *     as the line and narrower than tall) by the digit reader (a
 *     whitelist, single-line mode), any other by chi_sim as a block; a
 *     cell without ink is a blank (no cell, as an empty HTML <td>);
 *  5. the rest of the page (the grey page, tables whitened) by chi_sim,
 *     text line by text line, into document lines in reading order, in
 *     strips a page high (tesseract's layout analysis loses its way down a
 *     long image);
 *  6. a page that reads badly is checked by tesseract's orientation
 *     detection and read again turned when it is upside down or sideways.
 *
 * Confidence (0..1) is kept per cell; the schema warns about value cells
 * read below its threshold.  Boxes are in points (72 per inch of the scan).
 *
 * The libraries are loaded with nb_dl_open when the first page needs them
 * (base/dynlib.c says why) into tables of function pointers; the headers
 * come from libtesseract-dev and libleptonica-dev so that every prototype is
 * checked.  Both libraries write messages to stderr: leptonica's severity
 * is set to none and tesseract's debug_file to /dev/null.
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "ocr_internal.h"

#ifndef NB_TESSERACT_SONAME
#define NB_TESSERACT_SONAME "libtesseract.so.5"
#endif
#ifndef NB_LEPTONICA_SONAME
#define NB_LEPTONICA_SONAME "liblept.so.5"
#endif

/* ---- the libraries ---- */

typedef struct lept_api {
	l_int32 (*set_msg_severity)(l_int32);
	PIX *(*read_mem)(const l_uint8 *, size_t);
	PIX *(*read_mem_tiff)(const l_uint8 *, size_t, l_int32);
	l_ok (*tiff_count)(FILE *, l_int32 *);
	l_ok (*read_header_mem)(const l_uint8 *, size_t, l_int32 *, l_int32 *,
	                        l_int32 *, l_int32 *, l_int32 *, l_int32 *);
	l_ok (*find_format)(const l_uint8 *, l_int32 *);
	PIX *(*create)(l_int32, l_int32, l_int32);
	void (*destroy)(PIX **);
	l_int32 (*width)(const PIX *);
	l_int32 (*height)(const PIX *);
	l_int32 (*depth)(const PIX *);
	l_int32 (*xres)(const PIX *);
	l_uint32 *(*data)(PIX *);
	l_int32 (*wpl)(const PIX *);
	l_ok (*set_resolution)(PIX *, l_int32, l_int32);
	PIXCMAP *(*colormap)(PIX *);
	PIX *(*remove_colormap)(PIX *, l_int32);
	PIX *(*rgb_component)(PIX *, l_int32);
	PIX *(*convert_to8)(PIX *, l_int32);
	PIX *(*background_norm)(PIX *, PIX *, PIX *);
	l_ok (*otsu)(PIX *, l_int32, l_int32, l_int32, l_int32, l_float32, PIX **,
	             PIX **);
	l_ok (*find_skew)(PIX *, l_float32 *, l_float32 *);
	PIX *(*rotate)(PIX *, l_float32, l_int32, l_int32, l_int32, l_int32);
	PIX *(*open_brick)(PIX *, PIX *, l_int32, l_int32);
	PIX *(*or_)(PIX *, PIX *, PIX *);
	PIX *(*subtract)(PIX *, PIX *, PIX *);
	PIX *(*copy)(PIX *, const PIX *);
	BOXA *(*conn_comp_bb)(PIX *, l_int32);
	l_int32 (*boxa_count)(BOXA *);
	l_ok (*boxa_geometry)(BOXA *, l_int32, l_int32 *, l_int32 *, l_int32 *,
	                      l_int32 *);
	void (*boxa_destroy)(BOXA **);
	BOX *(*box_create)(l_int32, l_int32, l_int32, l_int32);
	void (*box_destroy)(BOX **);
	PIX *(*clip_rectangle)(PIX *, BOX *, BOX **);
	l_ok (*clear_in_rect)(PIX *, BOX *);
	PIX *(*add_border)(PIX *, l_int32, l_uint32);
	PIX *(*scale)(PIX *, l_float32, l_float32);
	PIX *(*rotate180)(PIX *, PIX *);
	PIX *(*rotate_orth)(PIX *, l_int32);
	l_ok (*set_in_rect)(PIX *, BOX *);
	PIX *(*threshold)(PIX *, l_int32);
	l_ok (*rasterop)(PIX *, l_int32, l_int32, l_int32, l_int32, l_int32,
	                 PIX *, l_int32, l_int32);
	l_ok (*sauvola)(PIX *, l_int32, l_float32, l_int32, l_int32, PIX **,
	                PIX **);
	PTA *(*pta_create)(l_int32);
	l_ok (*pta_add_pt)(PTA *, l_float32, l_float32);
	void (*pta_destroy)(PTA **);
	PIX *(*projective)(PIX *, PTA *, PTA *, l_int32);
} lept_api;

typedef struct tess_api {
	TessBaseAPI *(*create)(void);
	void (*delete_)(TessBaseAPI *);
	BOOL (*set_variable)(TessBaseAPI *, const char *, const char *);
	int (*init3)(TessBaseAPI *, const char *, const char *);
	void (*set_psm)(TessBaseAPI *, TessPageSegMode);
	void (*set_image2)(TessBaseAPI *, struct Pix *);
	void (*set_resolution)(TessBaseAPI *, int);
	int (*recognize)(TessBaseAPI *, ETEXT_DESC *);
	char *(*utf8_text)(TessBaseAPI *);
	int (*mean_conf)(TessBaseAPI *);
	void (*delete_text)(const char *);
	void (*clear)(TessBaseAPI *);
	void (*end)(TessBaseAPI *);
	TessResultIterator *(*iterator)(TessBaseAPI *);
	void (*iterator_delete)(TessResultIterator *);
	BOOL (*iterator_next)(TessResultIterator *, TessPageIteratorLevel);
	char *(*iterator_text)(const TessResultIterator *, TessPageIteratorLevel);
	float (*iterator_conf)(const TessResultIterator *, TessPageIteratorLevel);
	const TessPageIterator *(*page_iterator)(const TessResultIterator *);
	BOOL (*bounding_box)(const TessPageIterator *, TessPageIteratorLevel,
	                     int *, int *, int *, int *);
	BOOL (*detect_os)(TessBaseAPI *, int *, float *, const char **, float *);
} tess_api;

/* The tables' members have the prototypes' types (the headers are those of
 * the libraries loaded). */
#define S_SAME(fn, table, member) \
	_Static_assert(__builtin_types_compatible_p(__typeof__(&fn), \
	               __typeof__(((table *)0)->member)), #fn)
S_SAME(setMsgSeverity, lept_api, set_msg_severity);
S_SAME(pixReadMem, lept_api, read_mem);
S_SAME(pixReadMemTiff, lept_api, read_mem_tiff);
S_SAME(tiffGetCount, lept_api, tiff_count);
S_SAME(pixReadHeaderMem, lept_api, read_header_mem);
S_SAME(findFileFormatBuffer, lept_api, find_format);
S_SAME(pixCreate, lept_api, create);
S_SAME(pixDestroy, lept_api, destroy);
S_SAME(pixGetWidth, lept_api, width);
S_SAME(pixGetHeight, lept_api, height);
S_SAME(pixGetDepth, lept_api, depth);
S_SAME(pixGetXRes, lept_api, xres);
S_SAME(pixGetData, lept_api, data);
S_SAME(pixGetWpl, lept_api, wpl);
S_SAME(pixSetResolution, lept_api, set_resolution);
S_SAME(pixGetColormap, lept_api, colormap);
S_SAME(pixRemoveColormap, lept_api, remove_colormap);
S_SAME(pixGetRGBComponent, lept_api, rgb_component);
S_SAME(pixConvertTo8, lept_api, convert_to8);
S_SAME(pixBackgroundNormSimple, lept_api, background_norm);
S_SAME(pixOtsuAdaptiveThreshold, lept_api, otsu);
S_SAME(pixFindSkew, lept_api, find_skew);
S_SAME(pixRotate, lept_api, rotate);
S_SAME(pixOpenCompBrick, lept_api, open_brick);
S_SAME(pixOr, lept_api, or_);
S_SAME(pixSubtract, lept_api, subtract);
S_SAME(pixCopy, lept_api, copy);
S_SAME(pixConnCompBB, lept_api, conn_comp_bb);
S_SAME(boxaGetCount, lept_api, boxa_count);
S_SAME(boxaGetBoxGeometry, lept_api, boxa_geometry);
S_SAME(boxaDestroy, lept_api, boxa_destroy);
S_SAME(boxCreate, lept_api, box_create);
S_SAME(boxDestroy, lept_api, box_destroy);
S_SAME(pixClipRectangle, lept_api, clip_rectangle);
S_SAME(pixClearInRect, lept_api, clear_in_rect);
S_SAME(pixAddBorder, lept_api, add_border);
S_SAME(pixScale, lept_api, scale);
S_SAME(pixRotate180, lept_api, rotate180);
S_SAME(pixRotateOrth, lept_api, rotate_orth);
S_SAME(pixSetInRect, lept_api, set_in_rect);
S_SAME(pixThresholdToBinary, lept_api, threshold);
S_SAME(pixRasterop, lept_api, rasterop);
S_SAME(pixSauvolaBinarizeTiled, lept_api, sauvola);
S_SAME(ptaCreate, lept_api, pta_create);
S_SAME(ptaAddPt, lept_api, pta_add_pt);
S_SAME(ptaDestroy, lept_api, pta_destroy);
S_SAME(pixProjectivePta, lept_api, projective);
S_SAME(TessBaseAPIDelete, tess_api, delete_);
S_SAME(TessBaseAPISetVariable, tess_api, set_variable);
S_SAME(TessBaseAPIInit3, tess_api, init3);
S_SAME(TessBaseAPISetPageSegMode, tess_api, set_psm);
S_SAME(TessBaseAPISetImage2, tess_api, set_image2);
S_SAME(TessBaseAPISetSourceResolution, tess_api, set_resolution);
S_SAME(TessBaseAPIRecognize, tess_api, recognize);
S_SAME(TessBaseAPIGetUTF8Text, tess_api, utf8_text);
S_SAME(TessBaseAPIMeanTextConf, tess_api, mean_conf);
S_SAME(TessDeleteText, tess_api, delete_text);
S_SAME(TessBaseAPIClear, tess_api, clear);
S_SAME(TessBaseAPIEnd, tess_api, end);
S_SAME(TessBaseAPIGetIterator, tess_api, iterator);
S_SAME(TessResultIteratorDelete, tess_api, iterator_delete);
S_SAME(TessResultIteratorNext, tess_api, iterator_next);
S_SAME(TessResultIteratorGetUTF8Text, tess_api, iterator_text);
S_SAME(TessResultIteratorConfidence, tess_api, iterator_conf);
S_SAME(TessResultIteratorGetPageIteratorConst, tess_api, page_iterator);
S_SAME(TessPageIteratorBoundingBox, tess_api, bounding_box);
S_SAME(TessBaseAPIDetectOrientationScript, tess_api, detect_os);
#undef S_SAME

struct nb_ocr {
	nb_ocr_options options;
	char *tessdata;
	bool tried;            /* loading was tried: status says how it went */
	nb_status status;
	nb_error error;
	void *lept_handle, *tess_handle;
	lept_api L;
	tess_api T;
	TessBaseAPI *text;     /* chi_sim */
	TessBaseAPI *digits;   /* eng with a digit whitelist */
	TessBaseAPI *osd;      /* orientation, made when first needed */
	bool osd_tried;        /* NULL osd after a try: no osd data */
};

static nb_status S_load_leptonica(nb_ocr *ocr, nb_error *err)
{
#define S_SYM(name, member) {name, offsetof(lept_api, member)}
	static const nb_dl_symbol symbols[] = {
		S_SYM("setMsgSeverity", set_msg_severity),
		S_SYM("pixReadMem", read_mem),
		S_SYM("pixReadMemTiff", read_mem_tiff),
		S_SYM("tiffGetCount", tiff_count),
		S_SYM("pixReadHeaderMem", read_header_mem),
		S_SYM("findFileFormatBuffer", find_format),
		S_SYM("pixCreate", create),
		S_SYM("pixDestroy", destroy),
		S_SYM("pixGetWidth", width),
		S_SYM("pixGetHeight", height),
		S_SYM("pixGetDepth", depth),
		S_SYM("pixGetXRes", xres),
		S_SYM("pixGetData", data),
		S_SYM("pixGetWpl", wpl),
		S_SYM("pixSetResolution", set_resolution),
		S_SYM("pixGetColormap", colormap),
		S_SYM("pixRemoveColormap", remove_colormap),
		S_SYM("pixGetRGBComponent", rgb_component),
		S_SYM("pixConvertTo8", convert_to8),
		S_SYM("pixBackgroundNormSimple", background_norm),
		S_SYM("pixOtsuAdaptiveThreshold", otsu),
		S_SYM("pixFindSkew", find_skew),
		S_SYM("pixRotate", rotate),
		S_SYM("pixOpenCompBrick", open_brick),
		S_SYM("pixOr", or_),
		S_SYM("pixSubtract", subtract),
		S_SYM("pixCopy", copy),
		S_SYM("pixConnCompBB", conn_comp_bb),
		S_SYM("boxaGetCount", boxa_count),
		S_SYM("boxaGetBoxGeometry", boxa_geometry),
		S_SYM("boxaDestroy", boxa_destroy),
		S_SYM("boxCreate", box_create),
		S_SYM("boxDestroy", box_destroy),
		S_SYM("pixClipRectangle", clip_rectangle),
		S_SYM("pixClearInRect", clear_in_rect),
		S_SYM("pixAddBorder", add_border),
		S_SYM("pixScale", scale),
		S_SYM("pixRotate180", rotate180),
		S_SYM("pixRotateOrth", rotate_orth),
		S_SYM("pixSetInRect", set_in_rect),
		S_SYM("pixThresholdToBinary", threshold),
		S_SYM("pixRasterop", rasterop),
		S_SYM("pixSauvolaBinarizeTiled", sauvola),
		S_SYM("ptaCreate", pta_create),
		S_SYM("ptaAddPt", pta_add_pt),
		S_SYM("ptaDestroy", pta_destroy),
		S_SYM("pixProjectivePta", projective),
	};
#undef S_SYM
	nb_status status = nb_dl_open(NB_LEPTONICA_SONAME, "liblept5", symbols,
	                              sizeof symbols / sizeof symbols[0], &ocr->L,
	                              &ocr->lept_handle, err);
	if (status == NB_OK)
		ocr->L.set_msg_severity(L_SEVERITY_NONE);
	return status;
}

static nb_status S_load_tesseract(nb_ocr *ocr, nb_error *err)
{
#define S_SYM(name, member) {name, offsetof(tess_api, member)}
	static const nb_dl_symbol symbols[] = {
		S_SYM("TessBaseAPICreate", create),
		S_SYM("TessBaseAPIDelete", delete_),
		S_SYM("TessBaseAPISetVariable", set_variable),
		S_SYM("TessBaseAPIInit3", init3),
		S_SYM("TessBaseAPISetPageSegMode", set_psm),
		S_SYM("TessBaseAPISetImage2", set_image2),
		S_SYM("TessBaseAPISetSourceResolution", set_resolution),
		S_SYM("TessBaseAPIRecognize", recognize),
		S_SYM("TessBaseAPIGetUTF8Text", utf8_text),
		S_SYM("TessBaseAPIMeanTextConf", mean_conf),
		S_SYM("TessDeleteText", delete_text),
		S_SYM("TessBaseAPIClear", clear),
		S_SYM("TessBaseAPIEnd", end),
		S_SYM("TessBaseAPIGetIterator", iterator),
		S_SYM("TessResultIteratorDelete", iterator_delete),
		S_SYM("TessResultIteratorNext", iterator_next),
		S_SYM("TessResultIteratorGetUTF8Text", iterator_text),
		S_SYM("TessResultIteratorConfidence", iterator_conf),
		S_SYM("TessResultIteratorGetPageIteratorConst", page_iterator),
		S_SYM("TessPageIteratorBoundingBox", bounding_box),
		S_SYM("TessBaseAPIDetectOrientationScript", detect_os),
	};
#undef S_SYM
	/* libtesseract runs OpenMP threads: one per worker, unless the user
	 * says otherwise (the runtime reads the variable when it starts, that
	 * is when the library is loaded) */
	setenv("OMP_THREAD_LIMIT", "1", 0);
	return nb_dl_open(NB_TESSERACT_SONAME, "libtesseract5", symbols,
	                  sizeof symbols / sizeof symbols[0], &ocr->T,
	                  &ocr->tess_handle, err);
}

/* A tesseract handle for `lang`, quiet; NULL (err filled) when its
 * language data is missing. */
static TessBaseAPI *S_handle(nb_ocr *ocr, const char *lang,
                             const char *package, nb_error *err)
{
	TessBaseAPI *api = ocr->T.create();
	ocr->T.set_variable(api, "debug_file", "/dev/null");
	if (ocr->T.init3(api, ocr->tessdata, lang) != 0) {
		ocr->T.delete_(api);
		nb_error_set(err, NB_ERR_NO_LIBRARY, 0,
		             "tesseract has no language data for %s in %s "
		             "(Debian package %s)", lang,
		             ocr->tessdata ? ocr->tessdata : "its default folder",
		             package);
		return NULL;
	}
	ocr->T.set_variable(api, "debug_file", "/dev/null");
	return api;
}

static nb_status S_load(nb_ocr *ocr, nb_error *err)
{
	if (ocr->tried) {
		if (ocr->status != NB_OK && err)
			*err = ocr->error;
		return ocr->status;
	}
	ocr->tried = true;
	nb_error e = {0};
	nb_status status = S_load_leptonica(ocr, &e);
	if (status == NB_OK)
		status = S_load_tesseract(ocr, &e);
	if (status == NB_OK) {
		ocr->text = S_handle(ocr, "chi_sim", "tesseract-ocr-chi-sim", &e);
		if (ocr->text)
			ocr->digits = S_handle(ocr, "eng", "tesseract-ocr-eng", &e);
		if (!ocr->text || !ocr->digits)
			status = e.status;
	}
	if (status == NB_OK) {
		ocr->T.set_variable(ocr->digits, "tessedit_char_whitelist",
		                    "0123456789.-/");
		ocr->T.set_psm(ocr->digits, PSM_SINGLE_LINE);
	}
	ocr->status = status;
	ocr->error = e;
	if (status != NB_OK && err)
		*err = e;
	return status;
}

nb_ocr *nb_ocr_new(const nb_ocr_options *options)
{
	nb_ocr *ocr = nb_xcalloc(1, sizeof *ocr);
	if (options)
		ocr->options = *options;
	if (ocr->options.dpi <= 0)
		ocr->options.dpi = NB_OCR_DEFAULT_DPI;
	if (!ocr->options.max_pixels)
		ocr->options.max_pixels = NB_OCR_MAX_PIXELS;
	if (ocr->options.max_pages <= 0)
		ocr->options.max_pages = NB_OCR_MAX_PAGES;
	if (ocr->options.tessdata)
		ocr->tessdata = nb_xstrdup(ocr->options.tessdata);
	ocr->options.tessdata = ocr->tessdata;
	return ocr;
}

void nb_ocr_free(nb_ocr *ocr)
{
	if (!ocr)
		return;
	if (ocr->text) {
		ocr->T.end(ocr->text);
		ocr->T.delete_(ocr->text);
	}
	if (ocr->digits) {
		ocr->T.end(ocr->digits);
		ocr->T.delete_(ocr->digits);
	}
	if (ocr->osd) {
		ocr->T.end(ocr->osd);
		ocr->T.delete_(ocr->osd);
	}
	nb_dl_close(ocr->tess_handle);
	nb_dl_close(ocr->lept_handle);
	free(ocr->tessdata);
	free(ocr);
}

const nb_ocr_options *nb_ocr_options_of(const nb_ocr *ocr)
{
	return &ocr->options;
}

/* ---- pixels ---- */

static inline bool S_bit(const l_uint32 *line, int x)
{
	return (line[x >> 5] >> (31 - (x & 31))) & 1;
}

/* One page at work: the grey page, its binary form, the rules. */
typedef struct page_work {
	nb_ocr *ocr;
	const lept_api *L;
	nb_arena *arena;
	int page;
	double dpi;
	PIX *grey;     /* 8 bpp, deskewed */
	PIX *binary;   /* 1 bpp, ink on */
	PIX *hrules, *vrules;
	PIX *ink;      /* binary without the rules */
	PIX *faint;    /* the same from binary and local thresholds: the ink
	                * of a cell the page's threshold left blank */
	int w, h;
	bool photo;    /* a photo of the sheet, flattened (S_flatten_photo) */
	/* tesseract's confidence (0-100) over the text it read with chi_sim
	 * (label cells, text lines): a page read upside down scores low */
	double conf_sum;
	int conf_n;
} page_work;

/* A reading the reader itself doubts (a minus seen only in the ink's
 * shape, fewer characters than marks, ink only a local threshold saw) is
 * this much as sure: under NB_OCR_LOW_CONFIDENCE whatever tesseract said,
 * so that the schema warns about the number, naming its cell. */
#define S_DOUBTED_PERCENT 75
#define S_DOUBTED (S_DOUBTED_PERCENT / 100.0)
_Static_assert(S_DOUBTED_PERCENT < NB_OCR_LOW_CONFIDENCE_PERCENT,
               "a doubted reading falls under the schema's warning");

/* A box on the page, in pixels: a table's frame, a mark of ink. */
typedef struct table_box {
	int x, y, w, h;
} table_box;

static int S_box_x_order(const void *a, const void *b)
{
	const table_box *p = a, *q = b;
	return (p->x > q->x) - (p->x < q->x);
}

static PIX *S_binarize(const lept_api *L, PIX *grey)
{
	PIX *flat = L->background_norm(grey, NULL, NULL);
	PIX *binary = NULL;
	L->otsu(flat ? flat : grey, 2000, 2000, 0, 0, 0.1f, NULL, &binary);
	if (flat)
		L->destroy(&flat);
	return binary;
}

/* The page binarized by a local threshold (Sauvola: against the mean and
 * the spread of a window a twelfth of an inch wide), for finding rules
 * only: a thin grey rule (a hairline printed at 150 dpi) falls below one
 * threshold for a large tile, where the tile is mostly dark text; the
 * local threshold keeps it, and keeps noise too, which the rule search
 * (an opening by a quarter-inch line) removes. NULL when it fails. */
static PIX *S_binarize_local(const lept_api *L, PIX *grey, double dpi)
{
	int half = (int)(dpi / 24) > 3 ? (int)(dpi / 24) : 3;
	int w = L->width(grey), h = L->height(grey);
	PIX *binary = NULL;
	if (w <= 4 * half + 8 || h <= 4 * half + 8
	    || L->sauvola(grey, half, 0.34f, (w + 999) / 1000, (h + 999) / 1000,
	                  NULL, &binary) != 0)
		return NULL;
	return binary;
}

/* Rules printed as faint hairlines (a converter's thin grey borders
 * (`grey` is the part of the page at (at_x, at_y) that holds the tables),
 * blurred by a scan) fall below both thresholds: the page with its paper
 * flattened to grey 200 and thresholded at 175, just under the paper,
 * keeps them, and text and noise too, so only runs of `len` (longer than
 * the rule search's) count; added to pw's rules (inside the tables found:
 * the tables themselves are found without them). */
static void S_faint_rules(page_work *pw, PIX *grey, int at_x, int at_y,
                          int len)
{
	const lept_api *L = pw->L;
	PIX *flat = L->background_norm(grey, NULL, NULL);
	PIX *soft = flat ? L->threshold(flat, 175) : NULL;
	if (flat)
		L->destroy(&flat);
	if (!soft)
		return;
	PIX *h = L->open_brick(NULL, soft, len, 1);
	PIX *v = L->open_brick(NULL, soft, 1, len);
	int w = L->width(soft), ht = L->height(soft);
	if (h)
		L->rasterop(pw->hrules, at_x, at_y, w, ht, PIX_SRC | PIX_DST, h, 0, 0);
	if (v)
		L->rasterop(pw->vrules, at_x, at_y, w, ht, PIX_SRC | PIX_DST, v, 0, 0);
	L->destroy(&h);
	L->destroy(&v);
	L->destroy(&soft);
}

/* Rule positions along one axis of a table box: the centres of runs of
 * rows (horizontal) or columns (vertical) holding at least `min_run` rule
 * pixels; runs closer than `merge` are one rule (a double line).  Into
 * `pos` (malloc'd), count returned. */
static size_t S_rules(const lept_api *L, PIX *rules, bool horizontal, int bx,
                      int by, int bw, int bh, int min_run, int merge,
                      int **pos)
{
	int n = horizontal ? bh : bw;
	int *proj = nb_xcalloc((size_t)n + 1, sizeof *proj);
	int wpl = L->wpl(rules);
	const l_uint32 *data = L->data(rules);
	for (int y = by; y < by + bh; y++) {
		const l_uint32 *line = data + (size_t)y * wpl;
		for (int x = bx; x < bx + bw; x++)
			if (S_bit(line, x))
				proj[horizontal ? y - by : x - bx]++;
	}
	*pos = nb_xmalloc(((size_t)n + 1) * sizeof **pos);
	size_t count = 0;
	int start = -1, last_end = -1000000;
	for (int i = 0; i <= n; i++) {
		bool on = i < n && proj[i] >= min_run;
		if (on && start < 0)
			start = i;
		if (!on && start >= 0) {
			int centre = (start + i - 1) / 2 + (horizontal ? by : bx);
			if (count > 0 && start + (horizontal ? by : bx) - last_end < merge)
				(*pos)[count - 1] = ((*pos)[count - 1] + centre) / 2;
			else
				(*pos)[count++] = centre;
			last_end = i - 1 + (horizontal ? by : bx);
			start = -1;
		}
	}
	free(proj);
	return count;
}

/* Is there a rule in `rules` along the segment: vertical at x from y0 to
 * y1, or horizontal at y from x0 to x1?  Present where at least half of
 * the segment's positions have a rule pixel within `tol` of the line. */
static bool S_segment(const lept_api *L, PIX *rules, bool vertical, int at,
                      int from, int to, int tol)
{
	int w = L->width(rules), h = L->height(rules), wpl = L->wpl(rules);
	const l_uint32 *data = L->data(rules);
	int hits = 0, total = 0;
	for (int t = from; t < to; t++) {
		bool hit = false;
		for (int d = -tol; d <= tol && !hit; d++) {
			int x = vertical ? at + d : t, y = vertical ? t : at + d;
			if (x >= 0 && y >= 0 && x < w && y < h)
				hit = S_bit(data + (size_t)y * wpl, x);
		}
		hits += hit;
		total++;
	}
	return total > 0 && hits * 2 >= total;
}

/* ---- reading a piece ---- */

/* Tesseract's text made a cell's or a line's: white space between two
 * CJK characters dropped (tesseract spaces them), runs of white space one
 * space, none at the ends. */
static char *S_clean(nb_arena *arena, const char *text)
{
	size_t len = strlen(text);
	char *out = nb_arena_alloc(arena, len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
			size_t j = i;
			while (j < len && strchr(" \n\t\r\f", text[j]))
				j++;
			bool wide_before = n > 0 && ((unsigned char)out[n - 1] & 0x80);
			bool wide_after = j < len && ((unsigned char)text[j] & 0x80);
			if (n > 0 && j < len && !(wide_before || wide_after))
				out[n++] = ' ';
			i = j;
			continue;
		}
		out[n++] = (char)c;
		i++;
	}
	out[n] = '\0';
	return out;
}

/* Does the ink of a cell (1 bpp, cropped to its ink) look like one line
 * of digits?  A digit is one mark the whole height of the line (tops and
 * bottoms aligned) and narrower than tall; a decimal point is a small mark
 * on the baseline and a minus a short flat one in the middle.  A Chinese
 * character is as wide as tall, or made of strokes of several heights,
 * dots above the line among them (总, 计, 维): not digits. */
static bool S_looks_numeric(const lept_api *L, PIX *ink, double dpi,
                            int *marks, bool *minus_first)
{
	*marks = 0;
	*minus_first = false;
	int first_x = INT32_MAX;
	int h = L->height(ink);
	if (h > dpi * 0.3 || h < 4)
		return false;
	BOXA *boxes = L->conn_comp_bb(ink, 8);
	if (!boxes)
		return false;
	int n = L->boxa_count(boxes), tall = 0;
	bool numeric = n > 0 && n <= 24;
	for (int i = 0; i < n && numeric; i++) {
		l_int32 bx, by, bw, bh;
		L->boxa_geometry(boxes, i, &bx, &by, &bw, &bh);
		if (bw <= h * 0.12 && bh <= h * 0.12)
			continue; /* a speck (JPEG noise, dust) */
		bool small = bh <= h * 0.35;
		bool point = small && bw <= h * 0.4 && by + bh >= h * 0.75;
		bool minus = small && bh <= h * 0.25 && by >= h * 0.25
		             && by + bh <= h * 0.75;
		bool digit = bh >= h * 0.75 && by <= h * 0.15 && bw <= h * 0.85;
		if (digit)
			tall++;
		else if (!point && !minus)
			numeric = false;
		if (bx < first_x) {
			first_x = bx;
			*minus_first = minus;
		}
	}
	L->boxa_destroy(&boxes);
	*marks = n;
	return numeric && tall > 0;
}

typedef struct piece {
	const char *text;
	double confidence; /* 0..1 */
} piece;

/* Read `pix` (8 bpp grey) with `api` in `psm`, on a white margin.  A
 * scan under 250 dpi is enlarged to 300 first: tesseract reads characters
 * best some 20-30 pixels tall. */
static piece S_read(page_work *pw, TessBaseAPI *api, PIX *pix,
                    TessPageSegMode psm)
{
	const tess_api *T = &pw->ocr->T;
	double dpi = pw->dpi;
	PIX *big = NULL;
	if (dpi < 250) {
		float factor = (float)(300.0 / dpi);
		big = pw->L->scale(pix, factor, factor);
		if (big)
			dpi = 300;
	}
	PIX *framed = pw->L->add_border(big ? big : pix, (int)(dpi / 15), 255);
	if (big)
		pw->L->destroy(&big);
	pw->L->set_resolution(framed, (int)dpi, (int)dpi);
	T->set_psm(api, psm);
	T->set_image2(api, framed);
	T->set_resolution(api, (int)dpi);
	char *text = T->utf8_text(api);
	piece p = {.text = S_clean(pw->arena, text ? text : ""),
	           .confidence = T->mean_conf(api) / 100.0};
	if (text)
		T->delete_text(text);
	T->clear(api);
	pw->L->destroy(&framed);
	if (p.confidence < 0 || !*p.text)
		p.confidence = 0;
	return p;
}

/* A cell of one mark read as a digit.  Tesseract's English model with a
 * digit whitelist reads a lone 0 as nothing, its Chinese model with the
 * same whitelist reads 0 but not always 5: the Chinese first (most such
 * cells are 0), the English as a word when that gave nothing. */
static piece S_read_digit(page_work *pw, PIX *pix)
{
	nb_ocr *ocr = pw->ocr;
	ocr->T.set_variable(ocr->text, "tessedit_char_whitelist", "0123456789");
	piece p = S_read(pw, ocr->text, pix, PSM_SINGLE_LINE);
	ocr->T.set_variable(ocr->text, "tessedit_char_whitelist", "");
	if (!*p.text)
		p = S_read(pw, ocr->digits, pix, PSM_SINGLE_WORD);
	if (!*p.text)
		p = S_read(pw, ocr->digits, pix, PSM_SINGLE_CHAR);
	return p;
}

/* What the shape of a lone digit's grey ink `pix` says among 1 and 4,
 * which tesseract confuses both ways (a serif 1 with its foot and flag
 * read as 4; a 4 whose thin bar the scan lost read as 1): a 4 is widest
 * at its bar, some three fifths down, and narrow at its foot (the stem);
 * a serif 1 is the stem alone at that height and widest at its foot.  '1'
 * or '4', or 0 when the shape does not tell (a sans-serif 1 is as narrow
 * everywhere; any other digit). */
static char S_one_or_four(const lept_api *L, PIX *pix)
{
	int w = L->width(pix), h = L->height(pix), wpl = L->wpl(pix);
	const l_uint32 *data = L->data(pix);
	if (h < 8 || w * 3 < h)
		return 0;
	int lo = 255, hi = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int g = (int)GET_DATA_BYTE(data + (size_t)y * wpl, x);
			lo = g < lo ? g : lo;
			hi = g > hi ? g : hi;
		}
	int level = lo + (hi - lo) * 3 / 4;
	int bar = 0, foot = 0; /* the widest row of each band */
	for (int y = h * 11 / 20; y < h; y++) {
		if (y >= h * 4 / 5 && y < h * 22 / 25)
			continue;
		int first = -1, last = -1;
		for (int x = 0; x < w; x++)
			if ((int)GET_DATA_BYTE(data + (size_t)y * wpl, x) < level) {
				first = first < 0 ? x : first;
				last = x;
			}
		int extent = first < 0 ? 0 : last - first + 1;
		int *widest = y < h * 4 / 5 ? &bar : &foot;
		*widest = extent > *widest ? extent : *widest;
	}
	if (bar * 5 >= w * 3 && bar * 5 >= foot * 8)
		return '4';
	if (foot * 5 >= w * 3 && foot * 5 >= bar * 8)
		return '1';
	return 0;
}

/* The marks of a number's grey ink `pix`, one box each, left to right:
 * thresholded `part` of the way from its darkest to its lightest grey
 * (half: the marks' cores; three quarters: faint strokes too), pieces
 * overlapping across (a digit broken in two) joined, specks dropped.
 * The count, or 0 when there are more than `cap`. */
static int S_marks(const lept_api *L, PIX *pix, double part,
                   table_box *out, int cap)
{
	int w = L->width(pix), h = L->height(pix), wpl = L->wpl(pix);
	const l_uint32 *data = L->data(pix);
	int lo = 255, hi = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int g = (int)GET_DATA_BYTE(data + (size_t)y * wpl, x);
			lo = g < lo ? g : lo;
			hi = g > hi ? g : hi;
		}
	PIX *binary = L->threshold(pix, lo + (int)((hi - lo) * part));
	BOXA *boxes = binary ? L->conn_comp_bb(binary, 8) : NULL;
	int n = 0, count = boxes ? L->boxa_count(boxes) : 0;
	for (int i = 0; i < count && n <= cap; i++) {
		l_int32 bx, by, bw, bh;
		L->boxa_geometry(boxes, i, &bx, &by, &bw, &bh);
		if (bw * 8 <= h && bh * 8 <= h)
			continue; /* a speck */
		int at = 0;
		while (at < n && !(bx < out[at].x + out[at].w
		                   && out[at].x < bx + bw))
			at++;
		if (at < n) { /* a piece of a mark already seen */
			int x1 = out[at].x + out[at].w > bx + bw ? out[at].x + out[at].w
			                                         : bx + bw;
			out[at].x = out[at].x < bx ? out[at].x : bx;
			out[at].w = x1 - out[at].x;
			continue;
		}
		if (n < cap)
			out[n] = (table_box){bx, by, bw, bh};
		n++;
	}
	if (boxes)
		L->boxa_destroy(&boxes);
	if (binary)
		L->destroy(&binary);
	qsort(out, n <= cap ? (size_t)n : 0, sizeof *out, S_box_x_order);
	return n <= cap ? n : 0;
}

/* A number tesseract reads nothing of as a line (a blurred photo), read
 * mark by mark: a flat short mark in the middle is a minus, every other
 * one a digit read alone (the full height of the line, so that a digit is
 * not taken for another of its shape).  Nothing when a mark reads as
 * nothing or as more than one character; the least sure mark's
 * confidence. */
static piece S_read_marks(page_work *pw, PIX *pix)
{
	const lept_api *L = pw->L;
	table_box marks[12];
	int n = S_marks(L, pix, 0.5, marks, 12), h = L->height(pix);
	char text[16];
	size_t len = 0;
	piece out = {.text = "", .confidence = 1};
	for (int i = 0; i < n; i++) {
		const table_box *m = &marks[i];
		if (m->h * 4 <= h && m->w > m->h && m->y >= h / 4
		    && m->y + m->h <= h - h / 4) {
			text[len++] = '-';
			continue;
		}
		BOX *box = L->box_create(m->x, 0, m->w, h);
		PIX *one = box ? L->clip_rectangle(pix, box, NULL) : NULL;
		if (box)
			L->box_destroy(&box);
		piece p = one ? S_read_digit(pw, one) : (piece){"", 0};
		if (one)
			L->destroy(&one);
		if (strlen(p.text) != 1)
			return (piece){"", 0};
		text[len++] = p.text[0];
		out.confidence = p.confidence < out.confidence ? p.confidence
		                                              : out.confidence;
	}
	text[len] = '\0';
	if (n > 0 && len > 0)
		out.text = nb_arena_strdup(pw->arena, text);
	else
		out.confidence = 0;
	return out;
}

/* Is a lone digit's grey ink `pix` a 0, by its loop?  chi_sim reads a
 * clean 0 as 6 or 8 now and then (a yellowed 150 dpi scan).  The paper
 * the ink encloses (thresholded `part` of the way to the paper), each
 * piece of it a loop: a 0 has one, from its top third to its bottom
 * third.  The loops say nothing surer: at a threshold that closes an 8's
 * thin upper loop, the grey round a 6's hook closes it on its bowl, and
 * at one that does not, a broken 8 has the loop of a 6.  '0', or 0 when
 * not. */
static char S_loops(const lept_api *L, PIX *pix, double part)
{
	int w = L->width(pix), h = L->height(pix), wpl = L->wpl(pix);
	const l_uint32 *data = L->data(pix);
	if (h < 8 || w < 4 || w > h * 2)
		return 0;
	int lo = 255, hi = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int g = (int)GET_DATA_BYTE(data + (size_t)y * wpl, x);
			lo = g < lo ? g : lo;
			hi = g > hi ? g : hi;
		}
	int level = lo + (int)((hi - lo) * part);
	/* 0 paper not yet reached, 1 ink, 2 paper reached from outside, 3+k
	 * the loop k */
	unsigned char *seen = nb_xcalloc((size_t)w * h, 1);
	int *stack = nb_xmalloc((size_t)w * h * sizeof *stack);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			if ((int)GET_DATA_BYTE(data + (size_t)y * wpl, x) < level)
				seen[(size_t)y * w + x] = 1;
	int top[4], bottom[4], n_loops = 0, kept = 0;
	for (int start = 0; start < w * h; start++) {
		int sx = start % w, sy = start / w;
		bool edge = sx == 0 || sy == 0 || sx == w - 1 || sy == h - 1;
		if (seen[start] != 0 || (!edge && n_loops >= 4))
			continue;
		unsigned char mark = edge ? 2 : (unsigned char)(3 + n_loops);
		int n = 0, y0 = sy, y1 = sy, count = 0;
		stack[n++] = start;
		seen[start] = mark;
		while (n > 0) {
			int at = stack[--n], x = at % w, y = at / w;
			count++;
			y0 = y < y0 ? y : y0;
			y1 = y > y1 ? y : y1;
			const int next[4] = {x > 0 ? at - 1 : -1, x + 1 < w ? at + 1 : -1,
			                     y > 0 ? at - w : -1, y + 1 < h ? at + w : -1};
			for (int k = 0; k < 4; k++)
				if (next[k] >= 0 && seen[next[k]] == 0) {
					seen[next[k]] = mark;
					stack[n++] = next[k];
				}
		}
		if (edge)
			continue;
		top[n_loops] = y0;
		bottom[n_loops] = y1 + 1;
		/* a loop a speck or a ragged stroke leaves is a few pixels */
		kept += count * 60 >= h * h;
		n_loops++;
	}
	free(stack);
	free(seen);
	if (kept == 1 && n_loops == 1 && top[0] * 10 <= h * 3
	    && bottom[0] * 10 >= h * 7)
		return '0';
	return 0;
}

/* A lone digit's reading `p` checked against the shape of its grey ink
 * `pix`: a mark read as nothing that is one loop is a 0; a 1 or 4 whose
 * shape says the other, and a 0 read as 6, 8 or 9, are the shape's digit.
 * Doubted so (the schema warns, naming the cell): tesseract did not say
 * so. */
static piece S_lone_digit(page_work *pw, PIX *pix, piece p)
{
	char shape = !*p.text ? S_loops(pw->L, pix, 0.5)
	             : strlen(p.text) != 1 ? 0
	             : strchr("14", p.text[0]) ? S_one_or_four(pw->L, pix)
	             : strchr("689", p.text[0]) ? S_loops(pw->L, pix, 0.5)
	             : 0;
	if (!shape || shape == p.text[0])
		return p;
	p.confidence = *p.text ? p.confidence * S_DOUBTED : S_DOUBTED;
	char *digit = nb_arena_alloc(pw->arena, 2);
	digit[0] = shape;
	digit[1] = '\0';
	p.text = digit;
	return p;
}

/* A number's reading `p` checked against the shapes of its grey ink
 * `pix`: when it has as many characters as the ink has marks (faint
 * strokes counted: a 4's lost bar), each 1 and 4 against its mark's
 * shape (S_one_or_four); where a shape says the other digit, its digit,
 * and the reading doubted.  Two digits read from one mark that is a loop
 * are a broken 0. */
static piece S_ones_and_fours(page_work *pw, PIX *pix, piece p)
{
	const lept_api *L = pw->L;
	table_box marks[12];
	int n = S_marks(L, pix, 0.75, marks, 12), h = L->height(pix);
	/* one mark read as two digits (a coarse scan's 0 broken into its
	 * two sides, read 11): a 0 when, its faint strokes taken in, it is
	 * one loop */
	if (n == 1 && strlen(p.text) == 2 && S_loops(L, pix, 0.75) == '0') {
		p.text = "0";
		p.confidence *= S_DOUBTED;
		return p;
	}
	if (n == 0 || strlen(p.text) != (size_t)n)
		return p;
	char *text = NULL;
	for (int i = 0; i < n; i++) {
		if (p.text[i] != '1' && p.text[i] != '4')
			continue;
		BOX *box = L->box_create(marks[i].x, 0, marks[i].w, h);
		PIX *one = box ? L->clip_rectangle(pix, box, NULL) : NULL;
		if (box)
			L->box_destroy(&box);
		char shape = one ? S_one_or_four(L, one) : 0;
		if (one)
			L->destroy(&one);
		if (!shape || shape == p.text[i])
			continue;
		if (!text)
			text = nb_arena_strdup(pw->arena, p.text);
		text[i] = shape;
	}
	if (text) {
		p.text = text;
		p.confidence *= S_DOUBTED;
	}
	return p;
}

/* Does `text` hold every character of `part`, in order? */
static bool S_holds(const char *text, const char *part)
{
	for (; *text && *part; text++)
		if (*text == *part)
			part++;
	return !*part;
}

/* A number read as a line by the Chinese model, with the digits, point,
 * minus and slash. */
static piece S_read_chi_number(page_work *pw, PIX *pix)
{
	nb_ocr *ocr = pw->ocr;
	ocr->T.set_variable(ocr->text, "tessedit_char_whitelist", "0123456789.-/");
	piece p = S_read(pw, ocr->text, pix, PSM_SINGLE_LINE);
	ocr->T.set_variable(ocr->text, "tessedit_char_whitelist", "");
	return p;
}

/* A cell of several marks read as a number: the English model with the
 * digits, point, minus and slash, as a line; where that reads nothing (a
 * blurred photo), the Chinese model with the same characters, then mark
 * by mark. */
static piece S_read_number(page_work *pw, PIX *pix)
{
	piece p = S_read(pw, pw->ocr->digits, pix, PSM_SINGLE_LINE);
	if (!*p.text)
		p = S_read_chi_number(pw, pix);
	if (!*p.text)
		return S_ones_and_fours(pw, pix, S_read_marks(pw, pix));
	/* fewer characters than marks: the line's reading may have dropped
	 * one (30 read as 0), or a speck counts as a mark: doubted.  (Taking
	 * the reading mark by mark instead, when it holds the line's
	 * reading, lost more numbers than it won: specks read as digits.) */
	table_box marks[12];
	int n_marks = S_marks(pw->L, pix, 0.5, marks, 12);
	if (n_marks > 0 && strlen(p.text) < (size_t)n_marks)
		p.confidence *= S_DOUBTED;
	/* the English model drops a leading digit now and then (621 read
	 * as 21): the Chinese one's reading, when it has a character for
	 * every mark (faint strokes counted: a 0 whose thin top and bottom
	 * the scan lost is one mark, not two) and holds the English one */
	n_marks = S_marks(pw->L, pix, 0.75, marks, 12);
	if (n_marks > 0 && strlen(p.text) < (size_t)n_marks) {
		piece other = S_read_chi_number(pw, pix);
		if (strlen(other.text) == (size_t)n_marks
		    && S_holds(other.text, p.text)) {
			p.text = other.text;
			p.confidence *= S_DOUBTED;
		}
	}
	return S_ones_and_fours(pw, pix, p);
}

/* A cell of text (a row or column label) read with chi_sim as a block.
 * A label of one line that reads unsurely (（一）予以公开 read as
 * "(至省洒|彝大天": the thin 一 in full-width brackets throws the
 * layout off) is read again as a raw line, without layout analysis,
 * and the surer reading kept. */
static piece S_read_label(page_work *pw, PIX *pix)
{
	piece p = S_read(pw, pw->ocr->text, pix, PSM_SINGLE_BLOCK);
	if (p.confidence >= 0.5 || pw->L->height(pix) > pw->dpi * 0.2)
		return p;
	piece line = S_read(pw, pw->ocr->text, pix, PSM_RAW_LINE);
	return line.confidence > p.confidence ? line : p;
}

/* ---- tables ---- */

typedef struct slot_set {
	int *parent;
} slot_set;

static int S_find(int *parent, int i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

static void S_union(int *parent, int a, int b)
{
	a = S_find(parent, a);
	b = S_find(parent, b);
	if (a != b)
		parent[a > b ? a : b] = a < b ? a : b;
}

typedef struct cell_rec {
	int r0, c0, r1, c1; /* slots, inclusive */
	int root;
} cell_rec;

/* The ink of the page `ink` inside a cell's box (x0, y0)-(x1, y1), dust
 * left out, cropped to the ink (its box within the cell's into *ix0..);
 * NULL when there is none. */
static PIX *S_cell_ink(page_work *pw, PIX *ink, int x0, int y0, int x1,
                       int y1, int dust, int *ix0, int *iy0, int *ix1,
                       int *iy1)
{
	const lept_api *L = pw->L;
	BOX *box = L->box_create(x0, y0, x1 - x0, y1 - y0);
	PIX *crop = L->clip_rectangle(ink, box, NULL);
	L->box_destroy(&box);
	if (!crop)
		return NULL;
	BOXA *marks = L->conn_comp_bb(crop, 8);
	int n_marks = marks ? L->boxa_count(marks) : 0;
	*ix0 = INT32_MAX, *iy0 = INT32_MAX, *ix1 = -1, *iy1 = -1;
	int speck = (int)(pw->dpi * dust / 100) + 1;
	for (int k = 0; k < n_marks; k++) {
		l_int32 mx, my, mw, mh;
		L->boxa_geometry(marks, k, &mx, &my, &mw, &mh);
		if (mw <= speck && mh <= speck)
			continue; /* dust */
		if (mx < *ix0)
			*ix0 = mx;
		if (my < *iy0)
			*iy0 = my;
		if (mx + mw > *ix1)
			*ix1 = mx + mw;
		if (my + mh > *iy1)
			*iy1 = my + mh;
	}
	if (marks)
		L->boxa_destroy(&marks);
	PIX *inked = NULL;
	if (*ix1 >= 0) {
		box = L->box_create(*ix0, *iy0, *ix1 - *ix0, *iy1 - *iy0);
		inked = L->clip_rectangle(crop, box, NULL);
		L->box_destroy(&box);
	}
	L->destroy(&crop);
	return inked;
}

/* The box (*x, *y, *w, *h) of a number's ink on the page, grown by the
 * grey round it inside its cell (cx0, cy0)-(cx1, cy1): a thin stroke of a
 * coarse scan (a 4's diagonal and bar at 150 dpi) is lighter than both
 * thresholds, and a crop without it reads 4 as 1.  Every row and column
 * next to the box that holds grey darker than a quarter of the way from
 * the paper (the cell's median grey) to the number's darkest ink joins
 * it, up to half the ink's height each way; tesseract thresholds the crop
 * itself, against the number's own contrast.  The box is kept as it was
 * when the grey adds no more than a halo. */
static void S_grey_extent(const page_work *pw, int cx0, int cy0, int cx1,
                          int cy1, int *x, int *y, int *w, int *h)
{
	const lept_api *L = pw->L;
	const l_uint32 *data = L->data(pw->grey);
	int wpl = L->wpl(pw->grey);
#define S_GREY(px, py) ((int)GET_DATA_BYTE(data + (size_t)(py) * wpl, (px)))
	int count[256] = {0}, cells = (cx1 - cx0) * (cy1 - cy0), darkest = 255;
	for (int py = cy0; py < cy1; py++)
		for (int px = cx0; px < cx1; px++)
			count[S_GREY(px, py)]++;
	for (int py = *y; py < *y + *h; py++)
		for (int px = *x; px < *x + *w; px++)
			darkest = S_GREY(px, py) < darkest ? S_GREY(px, py) : darkest;
	int paper = 0;
	for (int seen = 0; paper < 255 && (seen += count[paper]) * 2 < cells;)
		paper++;
	int level = darkest + (paper - darkest) * 3 / 4, reach = *h / 2;
	int lo_x = *x - reach > cx0 ? *x - reach : cx0;
	int hi_x = *x + *w + reach < cx1 ? *x + *w + reach : cx1;
	int lo_y = *y - reach > cy0 ? *y - reach : cy0;
	int hi_y = *y + *h + reach < cy1 ? *y + *h + reach : cy1;
	int x0 = *x, y0 = *y, x1 = *x + *w, y1 = *y + *h;
	for (bool grown = paper - darkest > 16; grown;) {
		grown = false;
		for (int side = 0; side < 4; side++) {
			bool across = side < 2; /* a column to the left or right */
			int at = side == 0 ? x0 - 1 : side == 1 ? x1
			         : side == 2 ? y0 - 1 : y1;
			if (across ? at < lo_x || at >= hi_x : at < lo_y || at >= hi_y)
				continue;
			bool dark = false;
			for (int k = across ? y0 : x0; k < (across ? y1 : x1) && !dark; k++)
				dark = (across ? S_GREY(at, k) : S_GREY(k, at)) < level;
			if (!dark)
				continue;
			grown = true;
			if (side == 0) x0--;
			else if (side == 1) x1++;
			else if (side == 2) y0--;
			else y1++;
		}
	}
#undef S_GREY
	/* a halo, a pixel or two round every glyph, is not a lost stroke:
	 * taken in, it turns a 1 into a 4 */
	int lost = *h / 4;
	if (*x - x0 < lost && x1 - (*x + *w) < lost && *y - y0 < lost
	    && y1 - (*y + *h) < lost)
		return;
	*x = x0, *y = y0, *w = x1 - x0, *h = y1 - y0;
}

/* One ruled table of the page: its cells read, as a grid. */
static bool S_table(page_work *pw, int bx, int by, int bw, int bh,
                    nb_grid *grid)
{
	const lept_api *L = pw->L;
	int min_run = (int)(pw->dpi * 0.25);
	int merge = (int)(pw->dpi * 0.03) + 2;
	int *ys = NULL, *xs = NULL;
	size_t nys = S_rules(L, pw->hrules, true, bx, by, bw, bh, min_run,
	                     merge, &ys);
	size_t nxs = S_rules(L, pw->vrules, false, bx, by, bw, bh, min_run,
	                     merge, &xs);
	bool ok = nys >= 2 && nxs >= 2 && nys <= 400 && nxs <= 100;
	if (!ok) {
		free(ys);
		free(xs);
		return false;
	}
	int rows = (int)nys - 1, cols = (int)nxs - 1;
	int tol = (int)(pw->dpi / 60) + 2;
	int *parent = nb_xmalloc((size_t)rows * cols * sizeof *parent);
	for (int i = 0; i < rows * cols; i++)
		parent[i] = i;
	for (int r = 0; r < rows; r++) {
		int m = (ys[r + 1] - ys[r]) / 5;
		for (int c = 0; c + 1 < cols; c++)
			if (!S_segment(L, pw->vrules, true, xs[c + 1], ys[r] + m,
			               ys[r + 1] - m, tol))
				S_union(parent, r * cols + c, r * cols + c + 1);
	}
	for (int c = 0; c < cols; c++) {
		int m = (xs[c + 1] - xs[c]) / 5;
		for (int r = 0; r + 1 < rows; r++)
			if (!S_segment(L, pw->hrules, false, ys[r + 1], xs[c] + m,
			               xs[c + 1] - m, tol))
				S_union(parent, r * cols + c, (r + 1) * cols + c);
	}
	/* each set of slots is one cell: its bounding slots */
	cell_rec *cells = nb_xmalloc((size_t)rows * cols * sizeof *cells);
	int *index = nb_xmalloc((size_t)rows * cols * sizeof *index);
	int n_cells = 0;
	for (int i = 0; i < rows * cols; i++)
		index[i] = -1;
	for (int r = 0; r < rows; r++)
		for (int c = 0; c < cols; c++) {
			int root = S_find(parent, r * cols + c);
			if (index[root] < 0) {
				index[root] = n_cells;
				cells[n_cells++] = (cell_rec){r, c, r, c, root};
			}
			cell_rec *cell = &cells[index[root]];
			if (r > cell->r1)
				cell->r1 = r;
			if (c < cell->c0)
				cell->c0 = c;
			if (c > cell->c1)
				cell->c1 = c;
		}
	grid->n_rows = (size_t)rows;
	grid->n_cols = (size_t)cols;
	double *col_x = nb_arena_alloc(pw->arena, ((size_t)cols + 1) * sizeof *col_x);
	for (int c = 0; c <= cols; c++)
		col_x[c] = xs[c] * 72.0 / pw->dpi;
	grid->col_x = col_x;
	grid->rows = nb_arena_alloc(pw->arena, (size_t)rows * sizeof *grid->rows);
	size_t *fill = nb_xcalloc((size_t)rows, sizeof *fill);
	for (int i = 0; i < n_cells; i++)
		fill[cells[i].r0]++;
	for (int r = 0; r < rows; r++) {
		grid->rows[r].line = NB_NO_LINE;
		grid->rows[r].page = pw->page;
		grid->rows[r].cells = nb_arena_alloc(
			pw->arena, (fill[r] ? fill[r] : 1) * sizeof(nb_grid_cell));
	}
	double pt = 72.0 / pw->dpi;
	int pad = (int)(pw->dpi / 100) + 2;
	/* first the ink of every cell and whether it looks like digits */
	typedef struct ink_rec {
		bool inked, numeric;
		bool faint; /* its ink (or its extent) only the local threshold saw */
		bool minus; /* a minus mark before the digits */
		int marks;
		int x, y, w, h; /* the ink on the page */
	} ink_rec;
	ink_rec *inks = nb_xcalloc((size_t)n_cells + 1, sizeof *inks);
	for (int i = 0; i < n_cells; i++) {
		cell_rec *rec = &cells[i];
		int x0 = xs[rec->c0] + pad, x1 = xs[rec->c1 + 1] - pad;
		int y0 = ys[rec->r0] + pad, y1 = ys[rec->r1 + 1] - pad;
		if (x1 - x0 < 4 || y1 - y0 < 4)
			continue;
		int ix0, iy0, ix1, iy1;
		PIX *inked = S_cell_ink(pw, pw->ink, x0, y0, x1, y1, 1, &ix0, &iy0,
		                        &ix1, &iy1);
		int fx0, fy0, fx1, fy1;
		PIX *faint = pw->faint ? S_cell_ink(pw, pw->faint, x0, y0, x1, y1,
		                                    2, &fx0, &fy0, &fx1, &fy1)
		                       : NULL;
		bool broken = faint && (!inked || (iy1 - iy0) * 4 < (fy1 - fy0) * 3
		                        || (ix1 - ix0) * 5 < (fx1 - fx0) * 3);
		/* the local threshold keeps a thin stroke the page's loses (a
		 * 4's diagonal at 150 dpi): the crop takes in its extent, or
		 * the 4 is read as 1 — a stroke reaching a sixteenth of the
		 * ink's height beyond it, not the grey halo every glyph has
		 * under a local threshold (a halo round a 1 makes it a 4) */
		int grow = (iy1 - iy0) / 16 + 1;
		bool wider = faint && inked && !broken
		             && (fx0 <= ix0 - grow || fy0 <= iy0 - grow
		                 || fx1 >= ix1 + grow || fy1 >= iy1 + grow);
		if (wider) { /* the page's ink is looked at, the union read */
			ix0 = fx0 < ix0 ? fx0 : ix0;
			iy0 = fy0 < iy0 ? fy0 : iy0;
			ix1 = fx1 > ix1 ? fx1 : ix1;
			iy1 = fy1 > iy1 ? fy1 : iy1;
		}
		if (faint && broken) {
			/* the ink's extent in either: a digit broken by the page's
			 * threshold is whole in the local one */
			if (inked) {
				if (fx0 > ix0) fx0 = ix0;
				if (fy0 > iy0) fy0 = iy0;
				if (fx1 < ix1) fx1 = ix1;
				if (fy1 < iy1) fy1 = iy1;
				L->destroy(&inked);
			}
			ix0 = fx0, iy0 = fy0, ix1 = fx1, iy1 = fy1;
			BOX *box = L->box_create(x0 + ix0, y0 + iy0, ix1 - ix0, iy1 - iy0);
			inked = L->clip_rectangle(pw->faint, box, NULL);
			L->box_destroy(&box);
		}
		if (faint)
			L->destroy(&faint);
		if (!inked) /* no ink: a blank cell */
			continue;
		ink_rec *ink = &inks[i];
		ink->inked = true;
		ink->faint = broken;
		ink->numeric = S_looks_numeric(L, inked, pw->dpi, &ink->marks,
		                                 &ink->minus);
		ink->x = x0 + ix0;
		ink->y = y0 + iy0;
		ink->w = ix1 - ix0;
		ink->h = iy1 - iy0;
		L->destroy(&inked);
	}
	/* a column of numbers: a cell of it from the table's first row of
	 * numbers on, one line as tall as the column's numbers, is a number
	 * too, however its digits run together (touching digits of a coarse
	 * scan fail the look of a digit); a Chinese character stands taller
	 * than digits, and the label column holds no number */
	int *first = nb_xmalloc(((size_t)cols + 1) * sizeof *first);
	int *count = nb_xcalloc((size_t)cols + 1, sizeof *count);
	double *height = nb_xcalloc((size_t)cols + 1, sizeof *height);
	for (int c = 0; c < cols; c++)
		first[c] = rows;
	for (int i = 0; i < n_cells; i++)
		if (inks[i].numeric && cells[i].c0 == cells[i].c1) {
			int c = cells[i].c0;
			count[c]++;
			height[c] += inks[i].h;
			if (cells[i].r0 < first[c])
				first[c] = cells[i].r0;
		}
	int body = rows; /* the first row holding a number */
	for (int c = 0; c < cols; c++)
		if (first[c] < body)
			body = first[c];
	for (int i = 0; i < n_cells; i++) {
		ink_rec *ink = &inks[i];
		int c = cells[i].c0;
		if (!ink->inked || ink->numeric || cells[i].c0 != cells[i].c1
		    || count[c] < 1 || cells[i].r0 < body)
			continue;
		double digit_h = height[c] / count[c];
		if (ink->h <= digit_h * 1.12 && ink->h >= digit_h * 0.8
		    && ink->w <= digit_h * 8) {
			ink->numeric = true;
			ink->marks = 2; /* read as a line */
		}
	}
	free(first);
	free(count);
	free(height);
	for (int i = 0; i < n_cells; i++) {
		cell_rec *rec = &cells[i];
		ink_rec *ink = &inks[i];
		if (!ink->inked)
			continue;
		bool numeric = ink->numeric;
		int n_marks_ink = ink->marks;
		BOX *box;
		/* tesseract reads the grey ink (it thresholds a small piece
		 * better than the page's threshold does) */
		int gx = ink->x, gy = ink->y, gw = ink->w, gh = ink->h;
		if (numeric)
			S_grey_extent(pw, xs[rec->c0] + pad, ys[rec->r0] + pad,
			              xs[rec->c1 + 1] - pad, ys[rec->r1 + 1] - pad,
			              &gx, &gy, &gw, &gh);
		box = L->box_create(gx, gy, gw, gh);
		PIX *grey = L->clip_rectangle(pw->grey, box, NULL);
		L->box_destroy(&box);
		if (!grey)
			continue;
		piece p = !numeric ? S_read_label(pw, grey)
		          : n_marks_ink == 1 ? S_read_digit(pw, grey)
		          : S_read_number(pw, grey);
		/* a lone digit whose shape says another (1 and 4; a 0 read
		 * as 6, 8 or 9): the shape's digit, doubted (the schema warns,
		 * naming the cell) */
		if (numeric && n_marks_ink == 1)
			p = S_lone_digit(pw, grey, p);
		L->destroy(&grey);
		if (!numeric) { /* a digit whitelist reads any mark as a digit */
			pw->conf_sum += p.confidence * 100;
			pw->conf_n++;
		}
		/* ink that reads as nothing is not a blank cell: "?" makes it
		 * an unreadable one, which the schema warns about */
		if (!*p.text)
			p.text = "?";
		/* tesseract drops a short minus often (a change column's -3):
		 * the mark's shape says it is there; the number is read signed
		 * and doubted: a scratch would look the same */
		if (numeric && ink->minus && p.text[0] != '-' && p.text[0] != '?') {
			size_t len = strlen(p.text);
			/* as many characters as marks: the minus itself was read
			 * as a digit (-1 as 21) */
			if (ink->marks >= 2 && len == (size_t)ink->marks)
				p.text++, len--;
			char *signed_text = nb_arena_alloc(pw->arena, len + 2);
			signed_text[0] = '-';
			memcpy(signed_text + 1, p.text, len + 1);
			p.text = signed_text;
			p.confidence *= S_DOUBTED;
		}
		nb_grid_row *row = &grid->rows[rec->r0];
		nb_grid_cell *cell = &row->cells[row->n_cells++];
		*cell = (nb_grid_cell){
			.text = p.text, .raw = p.text,
			.col = (size_t)rec->c0,
			.col_span = (size_t)(rec->c1 - rec->c0 + 1),
			.row_span = (size_t)(rec->r1 - rec->r0 + 1),
			.left = rec->c0, .right = rec->c1 + 1,
			.page = pw->page,
			.x0 = xs[rec->c0] * pt, .y0 = ys[rec->r0] * pt,
			.x1 = xs[rec->c1 + 1] * pt, .y1 = ys[rec->r1 + 1] * pt,
			/* ink the page's own threshold did not see whole may be
			 * noise or a broken stroke: doubted */
			.confidence = ink->faint ? p.confidence * S_DOUBTED
			                         : p.confidence,
		};
	}
	free(inks);
	free(fill);
	free(index);
	free(cells);
	free(parent);
	free(ys);
	free(xs);
	return true;
}

/* ---- the page ---- */

/* The ink of each pixel row of `binary` (h + 1 counts, malloc'd). */
static int *S_row_ink(const lept_api *L, PIX *binary)
{
	int w = L->width(binary), h = L->height(binary), wpl = L->wpl(binary);
	const l_uint32 *data = L->data(binary);
	int *ink = nb_xcalloc((size_t)h + 1, sizeof *ink);
	for (int y = 0; y < h; y++) {
		const l_uint32 *line = data + (size_t)y * wpl;
		int n = 0;
		for (int i = 0; i < (w + 31) / 32; i++)
			n += __builtin_popcount(line[i]);
		ink[y] = n;
	}
	return ink;
}

static int S_int_order(const void *a, const void *b)
{
	int p = *(const int *)a, q = *(const int *)b;
	return (p > q) - (p < q);
}

/* Where to cut the page (`h` rows, ink per row in `ink`) into strips for
 * the prose reader, into `cuts` (malloc'd, ascending, ending with h):
 *  - at each table's top and bottom (`edges`): the tables are whitened,
 *    and tesseract's layout analysis would join the headings above two
 *    tables into one line across the blank between them;
 *  - in a strip still taller than `max_h`, through the row with the least
 *    ink (a gap between text lines) in its lower half: the layout analysis
 *    loses its way down a long picture (a whole web page or a report's
 *    pages glued into one image) and reads what follows a page's worth as
 *    garbage. */
static size_t S_strips(const int *ink, int h, int max_h, const int *edges,
                       size_t n_edges, int **cuts)
{
	int *fixed = nb_xmalloc((n_edges + 1) * sizeof *fixed);
	size_t n_fixed = 0;
	for (size_t i = 0; i < n_edges; i++)
		if (edges[i] > 0 && edges[i] < h)
			fixed[n_fixed++] = edges[i];
	fixed[n_fixed++] = h;
	qsort(fixed, n_fixed, sizeof *fixed, S_int_order);
	size_t count = 0, cap = 0;
	*cuts = NULL;
	int top = 0;
	for (size_t k = 0; k < n_fixed; k++) {
		int end = fixed[k];
		if (end <= top)
			continue;
		while (end - top > max_h) {
			int cut = top + max_h;
			for (int y = top + max_h; y > top + max_h / 2; y--)
				if (ink[y] < ink[cut])
					cut = y;
			*cuts = nb_grow(*cuts, &cap, count + 1, sizeof **cuts);
			(*cuts)[count++] = cut;
			top = cut;
		}
		*cuts = nb_grow(*cuts, &cap, count + 1, sizeof **cuts);
		(*cuts)[count++] = end;
		top = end;
	}
	free(fixed);
	return count;
}

/* One strip of the text outside the tables (its top at `top` pixels of
 * the page), line by line, with chi_sim in `psm`, appended to `lines`. */
static void S_prose_strip(page_work *pw, PIX *strip, int top,
                          TessPageSegMode psm, nb_line **lines, size_t *n,
                          size_t *cap)
{
	const tess_api *T = &pw->ocr->T;
	TessBaseAPI *api = pw->ocr->text;
	/* prose reads as well at 200 dpi as at 300, and faster */
	double dpi = pw->dpi, scale = 1;
	PIX *small = NULL;
	if (dpi > 250) {
		PIX *grey = pw->L->convert_to8(strip, 0);
		float factor = (float)(200.0 / dpi);
		small = grey ? pw->L->scale(grey, factor, factor) : NULL;
		if (grey)
			pw->L->destroy(&grey);
		if (small) {
			strip = small;
			scale = dpi / 200;
			dpi = 200;
		}
	}
	pw->L->set_resolution(strip, (int)dpi, (int)dpi);
	T->set_psm(api, psm);
	T->set_image2(api, strip);
	T->set_resolution(api, (int)dpi);
	TessResultIterator *it = T->recognize(api, NULL) == 0 ? T->iterator(api)
	                                                      : NULL;
	double pt = 72.0 / pw->dpi;
	if (it) {
		do {
			char *text = T->iterator_text(it, RIL_TEXTLINE);
			if (!text)
				continue;
			const char *clean = S_clean(pw->arena, text);
			T->delete_text(text);
			double confidence = T->iterator_conf(it, RIL_TEXTLINE);
			pw->conf_sum += confidence;
			pw->conf_n++;
			int x0, y0, x1, y1;
			if (!*clean || !T->bounding_box(T->page_iterator(it),
			                                RIL_TEXTLINE, &x0, &y0, &x1,
			                                &y1))
				continue;
			/* in the page's pixels */
			double px0 = x0 * scale, px1 = x1 * scale;
			double py0 = top + y0 * scale, py1 = top + y1 * scale;
			*lines = nb_grow(*lines, cap, *n + 1, sizeof **lines);
			nb_cell *cell = nb_arena_alloc(pw->arena, sizeof *cell);
			*cell = (nb_cell){.text = clean, .raw = clean,
			                  .x0 = px0 * pt, .x1 = px1 * pt,
			                  .y0 = py0 * pt, .y1 = py1 * pt};
			(*lines)[(*n)++] = (nb_line){.page = pw->page,
			                             .y0 = py0 * pt, .y1 = py1 * pt,
			                             .cells = cell, .n_cells = 1,
			                             .ocr = true,
			                             .ocr_confidence = confidence / 100};
		} while (T->iterator_next(it, RIL_TEXTLINE));
		T->iterator_delete(it);
	}
	T->clear(api);
	if (small)
		pw->L->destroy(&small);
}

/* The rows of [y0, y1) that hold lines of text, as [*from, *to): every
 * band of rows as tall as a line of small text whose ink looks like a
 * line of text, on average at least three times the strip's median row
 * and at least a character's strokes (a 400th of the width), with a
 * line's height round them; even noise does not stand out so.  False
 * when no band does. */
static bool S_text_rows(const int *row_ink, int y0, int y1, int w,
                        double dpi, int *from, int *to)
{
	int n = y1 - y0, band = (int)(dpi / 12) + 1;
	if (n < band)
		return false;
	int *sorted = nb_xmalloc((size_t)n * sizeof *sorted);
	memcpy(sorted, row_ink + y0, (size_t)n * sizeof *sorted);
	qsort(sorted, (size_t)n, sizeof *sorted, S_int_order);
	double median = sorted[n / 2];
	free(sorted);
	long sum = 0, need = (long)ceil(fmax(3 * median, w / 400.0) * band);
	int first = -1, last = -1;
	for (int y = y0; y < y1; y++) {
		sum += row_ink[y];
		if (y - y0 >= band)
			sum -= row_ink[y - band];
		if (y - y0 >= band - 1 && sum >= need) {
			last = y + 1;
			if (first < 0)
				first = y - band + 1;
		}
	}
	if (first < 0)
		return false;
	*from = first - band > y0 ? first - band : y0;
	*to = last + band < y1 ? last + band : y1;
	return true;
}

/* The text outside the tables, line by line, with chi_sim, from the grey
 * page `grey` (tesseract thresholds it itself, a strip at a time, better
 * than one threshold for the page does) with the tables whitened; `ink`
 * is the same in binary, to find the gaps between lines.  A page at a time:
 * strips of at most 1.5 times the width, an A4 page being 1.41. */
static void S_prose(page_work *pw, PIX *ink, PIX *grey, const int *edges,
                    size_t n_edges, nb_line **lines, size_t *n)
{
	const lept_api *L = pw->L;
	*n = 0;
	*lines = NULL;
	size_t cap = 0;
	int w = L->width(grey), h = L->height(grey);
	int max_h = w * 3 / 2 > (int)pw->dpi ? w * 3 / 2 : (int)pw->dpi;
	int *row_ink = S_row_ink(L, ink);
	int *cuts = NULL;
	size_t n_cuts = S_strips(row_ink, h, max_h, edges, n_edges, &cuts);
	if (n_cuts == 1) {
		S_prose_strip(pw, grey, 0, PSM_AUTO, lines, n, &cap);
		free(cuts);
		free(row_ink);
		return;
	}
	for (size_t i = 0, top = 0; i < n_cuts; top = (size_t)cuts[i++]) {
		long strip_ink = 0;
		for (int y = (int)top; y < cuts[i]; y++)
			strip_ink += row_ink[y];
		if (strip_ink == 0)
			continue; /* a table's whitened rows, or blank paper */
		/* with the blank rows around it (a whitened table), up to a
		 * tenth of an inch: tesseract drops a heading that touches the
		 * picture's edge */
		int y0 = (int)top, y1 = cuts[i], margin = (int)(pw->dpi / 10);
		while (y0 > 0 && (int)top - y0 < margin && row_ink[y0 - 1] == 0)
			y0--;
		while (y1 < h && y1 - cuts[i] < margin && row_ink[y1] == 0)
			y1++;
		BOX *box = L->box_create(0, y0, w, y1 - y0);
		PIX *strip = L->clip_rectangle(grey, box, NULL);
		L->box_destroy(&box);
		if (!strip)
			continue;
		size_t before = *n;
		S_prose_strip(pw, strip, y0, PSM_AUTO, lines, n, &cap);
		L->destroy(&strip);
		/* the layout analysis finds no text in some strips with ink
		 * (a heading beside a table's edge): the rows of it that look
		 * like lines of text read as one block (the whole strip read so
		 * takes seconds when it is noise, a yellowed sheet's mottling,
		 * and gives garbage) */
		int b0, b1;
		if (*n == before
		    && S_text_rows(row_ink, y0, y1, w, pw->dpi, &b0, &b1)) {
			box = L->box_create(0, b0, w, b1 - b0);
			strip = L->clip_rectangle(grey, box, NULL);
			L->box_destroy(&box);
			if (strip)
				S_prose_strip(pw, strip, b0, PSM_SINGLE_BLOCK, lines, n,
				              &cap);
			if (strip)
				L->destroy(&strip);
		}
	}
	free(cuts);
	free(row_ink);
}

/* Is the group of rules at (x, y, w, h) the edge of the paper, as a photo
 * of a page on a desk shows it: dark outside it on two sides or more (a
 * table stands on white paper)? */
static bool S_paper_edge(const page_work *pw, int x, int y, int w, int h)
{
	const lept_api *L = pw->L;
	PIX *grey = pw->grey;
	int wpl = L->wpl(grey), gap = (int)(pw->dpi / 30) + 2;
	const l_uint32 *data = L->data(grey);
	/* the mean grey of a band `gap` wide just outside each side */
	int dark_sides = 0;
	for (int side = 0; side < 4; side++) {
		int x0 = side == 0 ? x - 2 * gap : side == 1 ? x + w + gap : x;
		int x1 = side == 0 ? x - gap : side == 1 ? x + w + 2 * gap : x + w;
		int y0 = side == 2 ? y - 2 * gap : side == 3 ? y + h + gap : y;
		int y1 = side == 2 ? y - gap : side == 3 ? y + h + 2 * gap : y + h;
		if (x0 < 0 || y0 < 0 || x1 > pw->w || y1 > pw->h)
			continue; /* the picture's own edge: no band to see */
		long sum = 0, n = 0;
		for (int yy = y0; yy < y1; yy += 2)
			for (int xx = x0; xx < x1; xx += 2) {
				sum += GET_DATA_BYTE(data + (size_t)yy * wpl, xx);
				n++;
			}
		if (n > 0 && sum < n * 110)
			dark_sides++;
	}
	return dark_sides >= 2;
}

/* Boxes without those inside another: a table's rules broken by a coarse
 * scan fall into several groups, the outer one holding the others (a
 * frame round the whole page is the paper's edge, S_paper_edge). */
static size_t S_drop_inner(table_box *boxes, size_t n)
{
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		const table_box *b = &boxes[i];
		bool inner = false;
		for (size_t j = 0; j < n && !inner; j++) {
			const table_box *a = &boxes[j];
			inner = j != i && b->x >= a->x && b->y >= a->y
			        && b->x + b->w <= a->x + a->w
			        && b->y + b->h <= a->y + a->h
			        && (b->w < a->w || b->h < a->h);
		}
		if (!inner)
			boxes[kept++] = *b;
	}
	return kept;
}

static int S_box_order(const void *a, const void *b)
{
	const table_box *p = a, *q = b;
	return (p->y > q->y) - (p->y < q->y);
}

/* Inside the tables found (`boxes`), the rules of a local threshold and of
 * faint hairlines too, into pw's rules (and `*rules`, their union), and the
 * ink the local threshold sees into pw->faint.  The tables are found
 * without them (on a photo the noise and the paper's edge make long
 * lines), and only the part of the page that holds them is thresholded
 * again (a prose page costs nothing). */
static void S_local_rules(page_work *pw, const table_box *boxes, size_t n,
                          int len, PIX **rules)
{
	const lept_api *L = pw->L;
	int pad = (int)(pw->dpi / 10);
	int x0 = pw->w, y0 = pw->h, x1 = 0, y1 = 0;
	for (size_t i = 0; i < n; i++) {
		x0 = boxes[i].x - pad < x0 ? boxes[i].x - pad : x0;
		y0 = boxes[i].y - pad < y0 ? boxes[i].y - pad : y0;
		x1 = boxes[i].x + boxes[i].w + pad > x1 ? boxes[i].x + boxes[i].w + pad : x1;
		y1 = boxes[i].y + boxes[i].h + pad > y1 ? boxes[i].y + boxes[i].h + pad : y1;
	}
	x0 = x0 < 0 ? 0 : x0;
	y0 = y0 < 0 ? 0 : y0;
	x1 = x1 > pw->w ? pw->w : x1;
	y1 = y1 > pw->h ? pw->h : y1;
	BOX *box = L->box_create(x0, y0, x1 - x0, y1 - y0);
	PIX *grey = L->clip_rectangle(pw->grey, box, NULL);
	L->box_destroy(&box);
	PIX *part = grey ? S_binarize_local(L, grey, pw->dpi) : NULL;
	PIX *local = part ? L->create(pw->w, pw->h, 1) : NULL;
	if (!local) {
		L->destroy(&part);
		L->destroy(&grey);
		return;
	}
	L->rasterop(local, x0, y0, x1 - x0, y1 - y0, PIX_SRC, part, 0, 0);
	L->destroy(&part);
	L->or_(local, local, pw->binary);
	L->destroy(&pw->hrules);
	L->destroy(&pw->vrules);
	pw->hrules = L->open_brick(NULL, local, len, 1);
	pw->vrules = L->open_brick(NULL, local, 1, len);
	S_faint_rules(pw, grey, x0, y0, len * 2);
	L->destroy(&grey);
	L->destroy(rules);
	*rules = L->or_(NULL, pw->hrules, pw->vrules);
	pw->faint = L->subtract(NULL, local, *rules);
	L->destroy(&local);
}

static void S_read_page(page_work *pw, nb_ocr_page *out)
{
	const lept_api *L = pw->L;
	int len = (int)(pw->dpi * 0.25);
	/* a photo's rules, thin and unevenly lit, break into dashes under
	 * the page's threshold: the local one finds its tables (with the
	 * desk cut away, no long line but the rules is left to find) */
	PIX *local = pw->photo ? S_binarize_local(L, pw->grey, pw->dpi) : NULL;
	if (local)
		L->or_(local, local, pw->binary);
	pw->hrules = L->open_brick(NULL, local ? local : pw->binary, len, 1);
	pw->vrules = L->open_brick(NULL, local ? local : pw->binary, 1, len);
	if (local)
		L->destroy(&local);
	PIX *rules = L->or_(NULL, pw->hrules, pw->vrules);
	/* tables: groups of rules big enough to hold cells */
	BOXA *groups = L->conn_comp_bb(rules, 8);
	int n_groups = groups ? L->boxa_count(groups) : 0;
	table_box *boxes = nb_xmalloc(((size_t)n_groups + 1) * sizeof *boxes);
	size_t n_boxes = 0;
	for (int i = 0; i < n_groups; i++) {
		l_int32 x, y, w, h;
		L->boxa_geometry(groups, i, &x, &y, &w, &h);
		if (w >= pw->dpi && h >= pw->dpi * 0.3
		    && !S_paper_edge(pw, x, y, w, h))
			boxes[n_boxes++] = (table_box){x, y, w, h};
	}
	if (groups)
		L->boxa_destroy(&groups);
	n_boxes = S_drop_inner(boxes, n_boxes);
	qsort(boxes, n_boxes, sizeof *boxes, S_box_order);
	if (n_boxes)
		S_local_rules(pw, boxes, n_boxes, len, &rules);
	pw->ink = L->subtract(NULL, pw->binary, rules);
	nb_grid *grids = nb_arena_alloc(pw->arena,
	                                (n_boxes + 1) * sizeof *grids);
	int *tops = nb_xmalloc((n_boxes + 1) * sizeof *tops);
	int *edges = nb_xmalloc((2 * n_boxes + 1) * sizeof *edges);
	size_t n_grids = 0, n_edges = 0;
	/* the text around the tables: the grey page (tesseract reads it) and
	 * the binary one (where its lines' gaps are), the tables blanked out
	 * of both with the grey fringe of their outer rules, which would make
	 * tesseract take a heading next to one for a picture; the binary page
	 * itself, not the ink without rules: a big heading's strokes (二, 三)
	 * are as long as short rules */
	PIX *rest = L->copy(NULL, pw->binary);
	PIX *rest_grey = L->copy(NULL, pw->grey);
	int fringe = (int)(pw->dpi / 50) + 1;
	for (size_t i = 0; i < n_boxes; i++) {
		table_box *b = &boxes[i];
		if (!S_table(pw, b->x, b->y, b->w, b->h, &grids[n_grids]))
			continue;
		tops[n_grids++] = b->y;
		edges[n_edges++] = b->y - fringe;
		edges[n_edges++] = b->y + b->h + fringe;
		BOX *box = L->box_create(b->x - fringe, b->y - fringe,
		                         b->w + 2 * fringe, b->h + 2 * fringe);
		L->clear_in_rect(rest, box);
		L->set_in_rect(rest_grey, box);
		L->box_destroy(&box);
	}
	L->destroy(&rules);
	free(boxes);
	/* the text around the tables */
	nb_line *lines = NULL;
	size_t n_lines = 0;
	S_prose(pw, rest, rest_grey, edges, n_edges, &lines, &n_lines);
	free(edges);
	L->destroy(&rest);
	L->destroy(&rest_grey);
	out->n_lines = n_lines;
	out->lines = nb_arena_alloc(pw->arena,
	                            (n_lines + 1) * sizeof *out->lines);
	if (n_lines)
		memcpy(out->lines, lines, n_lines * sizeof *lines);
	free(lines);
	double pt = 72.0 / pw->dpi;
	for (size_t g = 0; g < n_grids; g++) {
		size_t at = 0;
		while (at < n_lines && out->lines[at].y0 < tops[g] * pt)
			at++;
		grids[g].at_line = at;
	}
	free(tops);
	out->grids = grids;
	out->n_grids = n_grids;
}

/* What a page's reading leaves behind, freed (not the grey page). */
static void S_page_done(page_work *pw)
{
	const lept_api *L = pw->L;
	L->destroy(&pw->hrules);
	L->destroy(&pw->vrules);
	L->destroy(&pw->ink);
	if (pw->faint)
		L->destroy(&pw->faint);
	L->destroy(&pw->binary);
}

/* Which way up the page is, by tesseract's orientation detection (the
 * osd language data, Debian tesseract-ocr-osd): the clockwise quarter
 * turns that make it upright, or -1 when it cannot tell (no osd data, too
 * little text, or not sure). */
static int S_orientation(nb_ocr *ocr, PIX *binary, double dpi)
{
	const tess_api *T = &ocr->T;
	if (!ocr->osd_tried) {
		ocr->osd_tried = true;
		nb_error ignored = {0};
		ocr->osd = S_handle(ocr, "osd", "tesseract-ocr-osd", &ignored);
		if (ocr->osd)
			T->set_psm(ocr->osd, PSM_OSD_ONLY);
	}
	if (!ocr->osd)
		return -1;
	T->set_image2(ocr->osd, binary);
	T->set_resolution(ocr->osd, (int)dpi);
	int degrees = 0;
	float confidence = 0, script_confidence = 0;
	const char *script = NULL; /* tesseract's own string: not freed */
	BOOL found = T->detect_os(ocr->osd, &degrees, &confidence, &script,
	                          &script_confidence);
	T->clear(ocr->osd);
	if (!found || confidence < 1.0f || degrees % 90 != 0)
		return -1;
	/* `degrees` is how far the page is turned clockwise */
	return ((360 - degrees) / 90) % 4;
}

/* Read the page again turned by `quads` clockwise quarter turns; keep that
 * reading (in `out`, with a warning) when its confidence beats `score` by
 * more than `margin`. */
static void S_read_turned(page_work *pw, int quads, double margin,
                          double score, nb_ocr_page *out)
{
	const lept_api *L = pw->L;
	page_work turned = {.ocr = pw->ocr, .L = L, .arena = pw->arena,
	                    .page = pw->page, .dpi = pw->dpi,
	                    .photo = pw->photo};
	turned.grey = L->rotate_orth(pw->grey, quads);
	turned.binary = turned.grey ? L->rotate_orth(pw->binary, quads) : NULL;
	if (turned.binary) {
		turned.w = L->width(turned.grey);
		turned.h = L->height(turned.grey);
		nb_ocr_page other;
		memset(&other, 0, sizeof other);
		S_read_page(&turned, &other);
		double score2 = turned.conf_n ? turned.conf_sum / turned.conf_n : 0;
		if (score2 > score + margin) {
			char note[200];
			snprintf(note, sizeof note, "%s%spage %d was %s: read turned",
			         out->warning ? out->warning : "",
			         out->warning ? "; " : "", pw->page,
			         quads == 2 ? "upside down" : "sideways");
			other.warning = nb_arena_strdup(pw->arena, note);
			*out = other;
		}
	}
	S_page_done(&turned);
	L->destroy(&turned.grey);
}

void nb_ocr_low_resolution(nb_arena *arena, nb_ocr_page *out, int page,
                           double dpi)
{
	char note[400];
	snprintf(note, sizeof note, "%s%spage %d was scanned at %.0f dpi: OCR "
	         "needs 150 or more, its text and numbers may be misread",
	         out->warning ? out->warning : "", out->warning ? "; " : "",
	         page, dpi);
	out->warning = nb_arena_strdup(arena, note);
	snprintf(note, sizeof note, "scanned at %.0f dpi: a cell read blank may "
	         "hold a number too small for OCR to see", dpi);
	const char *doubt = nb_arena_strdup(arena, note);
	for (size_t g = 0; g < out->n_grids; g++)
		for (size_t r = 0; r < out->grids[g].n_rows; r++)
			out->grids[g].rows[r].doubt = doubt;
}

/* ---- a photo of a page ---- */

/* The grey between paper and desk in `small`: Otsu's threshold over the
 * whole picture (the desk and the ink fall below it, the paper above), or
 * -1. */
static int S_paper_threshold(const lept_api *L, PIX *small)
{
	PIX *levels = NULL, *binary = NULL;
	int threshold = -1;
	if (L->otsu(small, L->width(small), L->height(small), 0, 0, 0.0f,
	            &levels, &binary) == 0 && levels)
		threshold = (int)GET_DATA_BYTE(L->data(levels), 0);
	if (levels)
		L->destroy(&levels);
	if (binary)
		L->destroy(&binary);
	return threshold;
}

/* The sheet in `grey` (paper.c), looked for on a copy of about 100 dpi
 * and given in `grey`'s pixels.  False for a scan. */
static bool S_find_paper(const lept_api *L, PIX *grey, double dpi,
                         nb_paper *paper)
{
	double scale = dpi > 100 ? 100 / dpi : 1;
	PIX *small = L->scale(grey, (l_float32)scale, (l_float32)scale);
	if (!small)
		return false;
	int w = L->width(small), h = L->height(small), wpl = L->wpl(small);
	uint8_t *bytes = malloc((size_t)w * (size_t)h + 1);
	const l_uint32 *data = L->data(small);
	for (int y = 0; bytes && y < h; y++)
		for (int x = 0; x < w; x++)
			bytes[(size_t)y * w + x] =
				(uint8_t)GET_DATA_BYTE(data + (size_t)y * wpl, x);
	int threshold = bytes ? S_paper_threshold(L, small) : -1;
	bool found = threshold > 0
	             && nb_paper_find(bytes, w, h, (size_t)w, threshold, paper);
	free(bytes);
	L->destroy(&small);
	double fx = (double)L->width(grey) / w, fy = (double)L->height(grey) / h;
	for (int i = 0; found && i < 4; i++) {
		paper->x[i] *= fx;
		paper->y[i] *= fy;
	}
	return found;
}

/* A photo of a page on a desk, flattened: the sheet's corners, moved a
 * fiftieth of an inch inwards (off the shaded rim of the paper), warped
 * onto a rectangle as long as its longer sides, the desk cut away.  The
 * tables' rules come out straight and level, and the desk's edge no
 * longer frames the page.  Takes over `grey`; gives it back as it was when
 * the picture is not such a photo. */
static PIX *S_flatten_photo(const lept_api *L, PIX *grey, double dpi,
                            bool *flattened)
{
	*flattened = false;
	nb_paper p;
	if (!S_find_paper(L, grey, dpi, &p))
		return grey;
	double in = dpi / 50;
	static const int sx[4] = {1, -1, -1, 1}, sy[4] = {1, 1, -1, -1};
	for (int i = 0; i < 4; i++) {
		p.x[i] += sx[i] * in;
		p.y[i] += sy[i] * in;
	}
	double w = fmax(hypot(p.x[1] - p.x[0], p.y[1] - p.y[0]),
	                hypot(p.x[2] - p.x[3], p.y[2] - p.y[3]));
	double h = fmax(hypot(p.x[3] - p.x[0], p.y[3] - p.y[0]),
	                hypot(p.x[2] - p.x[1], p.y[2] - p.y[1]));
	/* the warp's picture is as big as the photo: the sheet fits in it */
	double fit = fmin(1, fmin(L->width(grey) / w, L->height(grey) / h));
	w *= fit;
	h *= fit;
	PTA *from = L->pta_create(4), *to = L->pta_create(4);
	const double tx[4] = {0, w, w, 0}, ty[4] = {0, 0, h, h};
	for (int i = 0; from && to && i < 4; i++) {
		L->pta_add_pt(from, (l_float32)p.x[i], (l_float32)p.y[i]);
		L->pta_add_pt(to, (l_float32)tx[i], (l_float32)ty[i]);
	}
	PIX *warped = from && to ? L->projective(grey, to, from,
	                                         L_BRING_IN_WHITE) : NULL;
	L->pta_destroy(&from);
	L->pta_destroy(&to);
	BOX *box = warped ? L->box_create(0, 0, (int)w, (int)h) : NULL;
	PIX *sheet = box ? L->clip_rectangle(warped, box, NULL) : NULL;
	if (box)
		L->box_destroy(&box);
	if (warped)
		L->destroy(&warped);
	if (!sheet)
		return grey;
	L->destroy(&grey);
	*flattened = true;
	return sheet;
}

/* The page grey in pixels, read.  Takes over `grey`. */
static nb_status S_read_pix(nb_ocr *ocr, PIX *grey, double dpi, int page,
                            nb_arena *arena, nb_ocr_page *out, nb_error *err)
{
	const lept_api *L = &ocr->L;
	memset(out, 0, sizeof *out);
	bool photo = false;
	grey = S_flatten_photo(L, grey, dpi, &photo);
	if (photo) {
		char note[160];
		snprintf(note, sizeof note, "page %d is a photo of the sheet on a "
		         "desk: flattened before reading", page);
		out->warning = nb_arena_strdup(arena, note);
	}
	page_work pw = {.ocr = ocr, .L = L, .arena = arena, .page = page,
	                .dpi = dpi, .photo = photo};
	pw.binary = S_binarize(L, grey);
	if (!pw.binary) {
		L->destroy(&grey);
		return nb_error_set(err, NB_ERR_DAMAGED, page,
		                    "page %d: the picture cannot be binarized",
		                    page);
	}
	l_float32 angle = 0, conf = 0;
	if (L->find_skew(pw.binary, &angle, &conf) == 0 && conf > 2.5f
	    && fabsf(angle) >= 0.1f && fabsf(angle) <= 10.0f) {
		PIX *turned = L->rotate(grey, angle * 3.14159265f / 180.0f,
		                        L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
		if (turned) {
			PIX *binary = S_binarize(L, turned);
			if (binary) {
				L->destroy(&grey);
				L->destroy(&pw.binary);
				grey = turned;
				pw.binary = binary;
			} else {
				L->destroy(&turned);
			}
		}
	}
	pw.grey = grey;
	pw.w = L->width(grey);
	pw.h = L->height(grey);
	S_read_page(&pw, out);
	/* a page read badly may be turned (fed the wrong way into the
	 * scanner, or scanned sideways): read turned, and kept so when that
	 * reads better */
	double score = pw.conf_n ? pw.conf_sum / pw.conf_n : 100;
	if (pw.conf_n >= 3 && score < 60) {
		int quads = S_orientation(ocr, pw.binary, dpi);
		if (quads != 0)
			S_read_turned(&pw, quads < 0 ? 2 : quads, quads < 0 ? 10 : 0,
			              score, out);
	}
	S_page_done(&pw);
	L->destroy(&pw.grey);
	if (dpi < 100)
		nb_ocr_low_resolution(arena, out, page, dpi);
	return NB_OK;
}

static nb_status S_check_size(const nb_ocr *ocr, long width, long height,
                              int page, nb_error *err)
{
	if (width <= 0 || height <= 0)
		return nb_error_set(err, NB_ERR_DAMAGED, page,
		                    "page %d: an empty picture", page);
	if ((size_t)width * (size_t)height > ocr->options.max_pixels)
		return nb_error_set(err, NB_ERR_LIMIT, page,
		                    "page %d: %ld x %ld pixels (limit %zu "
		                    "pixels a page)", page, width, height,
		                    ocr->options.max_pixels);
	return NB_OK;
}

nb_status nb_ocr_read_grey(nb_ocr *ocr, const uint8_t *grey, int width,
                           int height, size_t stride, double dpi, int page,
                           nb_arena *arena, nb_ocr_page *out, nb_error *err)
{
	nb_status status = S_check_size(ocr, width, height, page, err);
	if (status == NB_OK)
		status = S_load(ocr, err);
	if (status != NB_OK)
		return status;
	const lept_api *L = &ocr->L;
	PIX *pix = L->create(width, height, 8);
	if (!pix)
		return nb_error_set(err, NB_ERR_LIMIT, page,
		                    "page %d: no memory for %d x %d pixels", page,
		                    width, height);
	l_uint32 *data = L->data(pix);
	int wpl = L->wpl(pix);
	for (int y = 0; y < height; y++) {
		l_uint32 *line = data + (size_t)y * wpl;
		const uint8_t *src = grey + (size_t)y * stride;
		for (int x = 0; x < width; x++)
			line[x >> 2] |= (l_uint32)src[x] << (8 * (3 - (x & 3)));
	}
	return S_read_pix(ocr, pix, dpi, page, arena, out, err);
}

/* ---- tables across page breaks ---- */

/* Two column rules this close (points) are one rule in both parts. */
#define S_SAME_RULE 6.0

/* Is `text` page furniture: a page number (3, - 3 -, 第3页, 3/12), with
 * the specks OCR reads around it (-- 3 -。, 一3一 for - 3 -, one stray
 * character: 加-4-)?  A short line holding a digit and at most one
 * character that is neither a digit, a dash nor a page word. */
static bool S_furniture(const char *text)
{
	static const char *const allowed[] = {"第", "页", "共", "－", "—", "–",
	                                      "。", "，", "·", "、", "一"};
	const char *p = text;
	int stray = 0, length = 0;
	bool digit = false;
	while (*p) {
		length++;
		if (strchr("0123456789-/.,:;|' ", *p)) {
			digit = digit || (*p >= '0' && *p <= '9');
			p++;
			continue;
		}
		size_t k = 0;
		while (k < sizeof allowed / sizeof allowed[0]
		       && strncmp(p, allowed[k], strlen(allowed[k])) != 0)
			k++;
		if (k < sizeof allowed / sizeof allowed[0]) {
			p += strlen(allowed[k]);
			continue;
		}
		stray++; /* one character, whatever its length in bytes */
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
	}
	return stray == 0 || (stray == 1 && digit && length <= 8);
}

static bool S_number_text(const char *text)
{
	bool digit = false;
	for (const char *p = text; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digit = true;
		else if (!strchr(".,- ", *p))
			return false;
	}
	return digit;
}

/* Is grid `b` the continuation of grid `a` (see nb_ocr_join_tables)? */
static bool S_continues(const nb_doc *doc, const nb_grid *a, const nb_grid *b)
{
	if (!a->col_x || !b->col_x || b->n_rows == 0 || b->at_line < a->at_line)
		return false;
	double tol = 8; /* points */
	if (fabs(a->col_x[0] - b->col_x[0]) > tol
	    || fabs(a->col_x[a->n_cols] - b->col_x[b->n_cols]) > tol)
		return false;
	for (size_t i = a->at_line; i < b->at_line && i < doc->n_lines; i++)
		for (size_t c = 0; c < doc->lines[i].n_cells; c++)
			if (!S_furniture(doc->lines[i].cells[c].text))
				return false;
	const nb_grid_row *first = &b->rows[0];
	for (size_t c = 0; c < first->n_cells; c++)
		if (S_number_text(first->cells[c].text))
			return true;
	return false;
}

static int S_double_order(const void *a, const void *b)
{
	double p = *(const double *)a, q = *(const double *)b;
	return (p > q) - (p < q);
}

/* The index among `edges` (ascending) nearest to x. */
static size_t S_nearest(const double *edges, size_t n, double x)
{
	size_t best = 0;
	for (size_t i = 1; i < n; i++)
		if (fabs(edges[i] - x) < fabs(edges[best] - x))
			best = i;
	return best;
}

/* Cells of `g` renumbered onto the column edges `edges`. */
static void S_recolumn(nb_grid *g, const double *edges, size_t n_edges)
{
	for (size_t r = 0; r < g->n_rows; r++)
		for (size_t c = 0; c < g->rows[r].n_cells; c++) {
			nb_grid_cell *cell = &g->rows[r].cells[c];
			size_t from = S_nearest(edges, n_edges, g->col_x[cell->col]);
			size_t to = S_nearest(edges, n_edges,
			                      g->col_x[cell->col + cell->col_span]);
			if (to <= from)
				to = from + 1;
			cell->col = from;
			cell->col_span = to - from;
			cell->left = (double)from;
			cell->right = (double)to;
		}
}

/* Has `g` a column rule within the join's tolerance of x? */
static bool S_has_rule(const nb_grid *g, double x)
{
	for (size_t i = 0; i <= g->n_cols; i++)
		if (fabs(g->col_x[i] - x) <= S_SAME_RULE)
			return true;
	return false;
}

/* The rows of the continued part `b` holding a number between rules the
 * first part `a` does not have: that number's column is its position
 * alone (no header of `a` stands over it), so the row carries a doubt,
 * which the schema turns into a warning naming the row.  A label split
 * in two by a rule of its own (a sub-item column) is not a number. */
static void S_doubt_unmatched(nb_arena *arena, const nb_grid *a, nb_grid *b,
                              int page_a)
{
	for (size_t r = 0; r < b->n_rows; r++) {
		nb_grid_row *row = &b->rows[r];
		for (size_t c = 0; c < row->n_cells && !row->doubt; c++) {
			const nb_grid_cell *cell = &row->cells[c];
			if (!S_number_text(cell->text)
			    || (S_has_rule(a, b->col_x[cell->col])
			        && S_has_rule(a, b->col_x[cell->col + cell->col_span])))
				continue;
			char note[200];
			snprintf(note, sizeof note, "its number \"%s\" stands between "
			         "rules the table's part on page %d does not have; "
			         "its column was taken from its position", cell->text,
			         page_a);
			row->doubt = nb_arena_strdup(arena, note);
		}
	}
}

/* `b` appended to `a`, both on the union of their column rules. */
static void S_join(nb_arena *arena, nb_grid *a, nb_grid *b)
{
	S_doubt_unmatched(arena, a, b, a->rows[a->n_rows - 1].page);
	size_t n = a->n_cols + b->n_cols + 2;
	double *all = nb_xmalloc(n * sizeof *all);
	memcpy(all, a->col_x, (a->n_cols + 1) * sizeof *all);
	memcpy(all + a->n_cols + 1, b->col_x, (b->n_cols + 1) * sizeof *all);
	qsort(all, n, sizeof *all, S_double_order);
	double *edges = nb_arena_alloc(arena, n * sizeof *edges);
	size_t n_edges = 0;
	for (size_t i = 0; i < n; i++)
		if (n_edges == 0 || all[i] - edges[n_edges - 1] > S_SAME_RULE)
			edges[n_edges++] = all[i];
	free(all);
	S_recolumn(a, edges, n_edges);
	S_recolumn(b, edges, n_edges);
	nb_grid_row *rows = nb_arena_alloc(arena, (a->n_rows + b->n_rows)
	                                              * sizeof *rows);
	memcpy(rows, a->rows, a->n_rows * sizeof *rows);
	memcpy(rows + a->n_rows, b->rows, b->n_rows * sizeof *rows);
	a->rows = rows;
	a->n_rows += b->n_rows;
	a->n_cols = n_edges - 1;
	a->col_x = edges;
}

void nb_ocr_join_tables(nb_doc *doc)
{
	size_t kept = 0, joins = 0;
	const char **notes = NULL;
	size_t cap = 0;
	for (size_t g = 0; g < doc->n_grids; g++) {
		nb_grid *b = &doc->grids[g];
		nb_grid *a = kept ? &doc->grids[kept - 1] : NULL;
		if (a && S_continues(doc, a, b)) {
			int page_a = a->rows[a->n_rows - 1].page;
			int page_b = b->rows[0].page;
			char note[160];
			if (page_a != page_b)
				snprintf(note, sizeof note, "page %d: the table continued "
				         "from page %d, joined to it (columns matched by "
				         "their rules)", page_b, page_a);
			else
				snprintf(note, sizeof note, "page %d: a table continued "
				         "after a gap, joined to its first part (columns "
				         "matched by their rules)", page_b);
			S_join(doc->arena, a, b);
			notes = nb_grow(notes, &cap, joins + 1, sizeof *notes);
			notes[joins++] = nb_arena_strdup(doc->arena, note);
			continue;
		}
		doc->grids[kept++] = *b;
	}
	doc->n_grids = kept;
	if (joins) {
		const char **all = nb_arena_alloc(doc->arena, (doc->n_warnings
		                                  + joins) * sizeof *all);
		if (doc->n_warnings)
			memcpy(all, doc->warnings, doc->n_warnings * sizeof *all);
		memcpy(all + doc->n_warnings, notes, joins * sizeof *all);
		doc->warnings = all;
		doc->n_warnings += joins;
	}
	free(notes);
}

/* ---- image files ---- */

bool nb_image_sniff(const unsigned char *data, size_t len)
{
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n',
	                                    0x1a, '\n'};
	if (len >= 8 && !memcmp(data, png, 8))
		return true;
	if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
		return true;
	if (len >= 4 && ((data[0] == 'I' && data[1] == 'I' && data[2] == 42
	                  && data[3] == 0)
	                 || (data[0] == 'M' && data[1] == 'M' && data[2] == 0
	                     && data[3] == 42)))
		return true;
	return false;
}

static bool S_is_tiff(const unsigned char *data, size_t len)
{
	return len >= 4 && (data[0] == 'I' || data[0] == 'M')
	       && nb_image_sniff(data, len) && data[0] != 0x89;
}

/* libpng prints its errors on stderr itself (leptonica gives it no handler
 * of its own), and the library never prints: stderr points to /dev/null
 * while an image file is decoded.  Returns the descriptor to restore, or
 * -1. */
static int S_quiet(void)
{
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved < 0 || null < 0) {
		if (saved >= 0)
			close(saved);
		if (null >= 0)
			close(null);
		return -1;
	}
	dup2(null, STDERR_FILENO);
	close(null);
	return saved;
}

static void S_loud(int saved)
{
	if (saved < 0)
		return;
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}

/* A decoded picture as the 8 bpp grey page OCR reads (a colour one by its
 * red channel); NULL if it cannot be.  `pix` stays the caller's. */
static PIX *S_grey(const lept_api *L, PIX *pix)
{
	PIX *full = NULL;
	if (L->colormap(pix))
		full = L->remove_colormap(pix, REMOVE_CMAP_TO_FULL_COLOR);
	PIX *src = full ? full : pix;
	PIX *grey = L->depth(src) == 32 ? L->rgb_component(src, COLOR_RED)
	                                : L->convert_to8(src, 0);
	if (full)
		L->destroy(&full);
	return grey;
}

nb_status nb_extract_image(const unsigned char *data, size_t len,
                           const nb_limits *limits, nb_ocr *ocr,
                           nb_doc **out, nb_error *err)
{
	*out = NULL;
	if (len > nb_limits_input_bytes(limits))
		return nb_error_set(err, NB_ERR_LIMIT, 0, "%zu bytes (limit %zu)",
		                    len, nb_limits_input_bytes(limits));
	if (!ocr || ocr->options.mode == NB_OCR_NEVER)
		return nb_error_set(err, NB_ERR_NO_TEXT, 0,
		                    "an image file, and OCR is turned off");
	nb_status status = S_load(ocr, err);
	if (status != NB_OK)
		return status;
	const lept_api *L = &ocr->L;
	/* how many pages, and how big the first, before any is decoded */
	bool tiff = S_is_tiff(data, len);
	int n_pages = 1;
	if (tiff) {
		FILE *f = fmemopen((void *)data, len, "rb");
		l_int32 count = 0;
		if (!f || L->tiff_count(f, &count) != 0)
			count = 0;
		if (f)
			fclose(f);
		n_pages = count;
	} else {
		l_int32 format, w = 0, h = 0, bps, spp, cmap;
		if (L->read_header_mem(data, len, &format, &w, &h, &bps, &spp,
		                       &cmap) != 0)
			n_pages = 0;
		else if ((status = S_check_size(ocr, w, h, 1, err)) != NB_OK)
			return status;
	}
	if (n_pages <= 0)
		return nb_error_set(err, NB_ERR_DAMAGED, 0,
		                    "an image that cannot be decoded (damaged "
		                    "or truncated)");
	int max_pages = ocr->options.max_pages;
	if (limits && limits->max_pages > 0 && limits->max_pages < max_pages)
		max_pages = limits->max_pages;
	if (n_pages > max_pages)
		return nb_error_set(err, NB_ERR_LIMIT, 0,
		                    "%d pages to read by OCR (limit %d)", n_pages,
		                    max_pages);
	nb_arena *arena = nb_arena_new();
	nb_line *lines = NULL;
	size_t n_lines = 0, cap_lines = 0;
	nb_grid *grids = NULL;
	size_t n_grids = 0, cap_grids = 0;
	const char **warnings = NULL;
	size_t n_warnings = 0, cap_warnings = 0;
	for (int p = 0; p < n_pages && status == NB_OK; p++) {
		int saved = S_quiet();
		PIX *pix = tiff ? L->read_mem_tiff(data, len, p)
		                : L->read_mem(data, len);
		S_loud(saved);
		if (!pix) {
			status = nb_error_set(err, NB_ERR_DAMAGED, p + 1,
			                      "page %d of the image cannot be decoded "
			                      "(damaged or truncated)", p + 1);
			break;
		}
		status = S_check_size(ocr, L->width(pix), L->height(pix), p + 1,
		                      err);
		PIX *grey = status == NB_OK ? S_grey(L, pix) : NULL;
		int res = L->xres(pix);
		L->destroy(&pix);
		if (status != NB_OK)
			break;
		if (!grey) {
			status = nb_error_set(err, NB_ERR_DAMAGED, p + 1,
			                      "page %d: a picture of a kind OCR "
			                      "cannot read", p + 1);
			break;
		}
		/* no resolution in the file: take a scanner's usual 300 dpi */
		double dpi = res > 0 && res < 2400 ? res : 300;
		nb_ocr_page got;
		status = S_read_pix(ocr, grey, dpi, p + 1, arena, &got, err);
		if (status != NB_OK)
			break;
		if (got.warning) {
			warnings = nb_grow(warnings, &cap_warnings, n_warnings + 1,
			                   sizeof *warnings);
			warnings[n_warnings++] = got.warning;
		}
		lines = nb_grow(lines, &cap_lines, n_lines + got.n_lines + 1,
		                sizeof *lines);
		grids = nb_grow(grids, &cap_grids, n_grids + got.n_grids + 1,
		                sizeof *grids);
		for (size_t g = 0; g < got.n_grids; g++) {
			grids[n_grids] = got.grids[g];
			grids[n_grids++].at_line += n_lines;
		}
		if (got.n_lines)
			memcpy(lines + n_lines, got.lines,
			       got.n_lines * sizeof *lines);
		n_lines += got.n_lines;
	}
	if (status == NB_OK && n_lines == 0 && n_grids == 0)
		status = nb_error_set(err, NB_ERR_EMPTY, 0,
		                      "nothing legible in the image (%d page%s "
		                      "read by OCR)", n_pages,
		                      n_pages == 1 ? "" : "s");
	if (status != NB_OK) {
		free(lines);
		free(grids);
		free(warnings);
		nb_arena_free(arena);
		return status;
	}
	nb_doc *doc = nb_arena_alloc(arena, sizeof *doc);
	doc->arena = arena;
	doc->kind = NB_SOURCE_IMAGE;
	doc->units = NB_UNITS_POINTS;
	doc->pages = n_pages;
	doc->n_lines = n_lines;
	doc->lines = nb_arena_alloc(arena, (n_lines + 1) * sizeof *doc->lines);
	if (n_lines)
		memcpy(doc->lines, lines, n_lines * sizeof *lines);
	doc->n_grids = n_grids;
	doc->grids = nb_arena_alloc(arena, (n_grids + 1) * sizeof *doc->grids);
	if (n_grids)
		memcpy(doc->grids, grids, n_grids * sizeof *grids);
	doc->n_warnings = n_warnings;
	doc->warnings = nb_arena_alloc(arena, (n_warnings + 1)
	                                              * sizeof *doc->warnings);
	if (n_warnings)
		memcpy(doc->warnings, warnings, n_warnings * sizeof *warnings);
	doc->n_ocr_pages = (size_t)n_pages;
	doc->ocr_pages = nb_arena_alloc(arena, (size_t)n_pages
	                                               * sizeof *doc->ocr_pages);
	for (int p = 0; p < n_pages; p++)
		doc->ocr_pages[p] = p + 1;
	nb_ocr_join_tables(doc);
	free(lines);
	free(grids);
	free(warnings);
	*out = doc;
	return NB_OK;
}
