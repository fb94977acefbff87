/*
 * geometry.c — from positioned glyphs to lines of cells, by geometry alone.
 *
 * PDF producers draw text in any order (Word draws a table column by
 * column, browsers cell by cell, layout programs in whatever order the
 * frames were made), so nothing here looks at the order glyphs arrive in.
 * A page's glyphs are grouped into visual lines by their vertical extent,
 * lines are ordered top to bottom, glyphs left to right, and a line is cut
 * into cells where a wide horizontal gap separates two glyphs.  Wide
 * vertical gaps become blank lines so that paragraph breaks survive, as
 * they do in extracted text.  The result is the same shape as
 * `pdftotext -layout` text read by the text reader, but with exact boxes,
 * which is what the schema's table rebuild expects.
 *
 * Gaps are measured in ems, not points, so one rule serves 9 pt table cells
 * and 16 pt headings; cell padding in every producer measured leaves gaps
 * of 0.43 em or more between cells, a space is at least 0.2 em, and
 * CJK/Latin autospacing at most 0.18 em.  Table rulings are not needed.
 *
 * The functions are pure (glyphs in, lines out) so the unit tests can feed
 * synthetic boxes; pdf.c feeds poppler's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "glyph_internal.h"

/* Tuning, in units of the line's own glyph sizes. */
#define CELL_GAP_EMS 0.4      /* gap wider than this many ems: new cell */
#define SPACE_GAP_EMS 0.19    /* gap wider than this many ems: a space
                                 (a space is >= 0.2 em in common fonts;
                                 CJK/Latin autospacing adds up to 0.18) */
#define BLANK_GAP_HEIGHTS 1.2 /* vertical gap > this many heights: blank */
#define DUPLICATE_OVERLAP 0.7 /* same glyph overlapping this much: a copy */
#define MAX_HEIGHT_EMS 1.5    /* taller boxes have bogus font metrics */
#define MAX_SIZE_RATIO 3.0    /* glyphs this much taller or smaller than a
                                 line (a watermark) never join it */
/* Bounds on look-back loops, so that a hostile page (thousands of glyphs
 * stacked on one spot) costs linear time, not quadratic.  Real pages never
 * come near them. */
/* Turned text (a watermark): two glyphs of one size side by side whose
 * centres differ by this much of their height are a step along a slanted
 * baseline (on one line they differ by nothing, two lines by a height). */
#define SLANT_MIN 0.2
#define SLANT_MAX 0.65
#define SLANT_SAME_SIZE 1.4   /* heights within this ratio: one size (the
                                 reader's boxes of a turned text's pieces
                                 differ by up to a third) */
#define SLANT_TOUCH 0.35      /* side by side: gap within this many widths */
#define SLANT_MIN_STEPS 3     /* steps a page needs before any is taken */
#define SLANT_LOOK 512        /* loose glyphs compared with one, by x */
#define SLANT_SPREAD 2        /* same-baseline neighbours taken per step */
/* A footnote digit: smaller than this part of the digits before it, and
 * its bottom raised by this part of their height. */
#define MARKER_SIZE 0.8
#define MARKER_RISE 0.2
#define MAX_OPEN_LINES 64     /* lines still accepting glyphs */
#define MAX_LOOK_BACK 16      /* neighbours compared for copies/collisions */

/* ---- line list ---- */

void nb_line_list_push(nb_line_list *list, const nb_line *line)
{
	if (list->n_lines == list->capacity) {
		list->capacity = list->capacity ? 2 * list->capacity : 256;
		list->lines = nb_xrealloc(list->lines,
		                          list->capacity * sizeof(nb_line));
	}
	list->lines[list->n_lines++] = *line;
}

void nb_line_list_free(nb_line_list *list)
{
	free(list->lines);
	free(list->removed);
	list->lines = NULL;
	list->removed = NULL;
	list->n_lines = list->capacity = 0;
	list->n_removed = list->removed_capacity = 0;
}

static void S_push_removed(nb_line_list *list, const nb_removed_line *gone)
{
	if (list->n_removed == list->removed_capacity) {
		list->removed_capacity =
			list->removed_capacity ? 2 * list->removed_capacity : 16;
		list->removed = nb_xrealloc(
			list->removed, list->removed_capacity * sizeof *list->removed);
	}
	list->removed[list->n_removed++] = *gone;
}

int nb_glyph_is_space(uint32_t codepoint)
{
	if (codepoint <= 0x20 || (codepoint >= 0x7F && codepoint <= 0xA0))
		return 1;
	switch (codepoint) {
	case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
	case 0x3000: case 0xFEFF: case 0xFFFE: case 0xFFFF:
		return 1;
	default:
		return codepoint >= 0x2000 && codepoint <= 0x200B;
	}
}

void nb_glyphs_turn_upright(nb_glyph *glyphs, size_t n, nb_text_flow flow,
                            double width, double height)
{
	for (size_t i = 0; i < n && flow != NB_FLOW_ACROSS; i++) {
		nb_glyph g = glyphs[i], *t = &glyphs[i];
		if (flow == NB_FLOW_DOWN) { /* next lines lie to the left */
			t->x0 = g.y0;
			t->x1 = g.y1;
			t->y0 = width - g.x1;
			t->y1 = width - g.x0;
		} else { /* NB_FLOW_UP: next lines lie to the right */
			t->x0 = height - g.y1;
			t->x1 = height - g.y0;
			t->y0 = g.x0;
			t->y1 = g.x1;
		}
	}
}

/* ---- small helpers ---- */

static double S_centre_y(const nb_glyph *g)
{
	return 0.5 * (g->y0 + g->y1);
}

static int S_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double S_median(double *values, size_t n)
{
	if (n == 0)
		return 0.0;
	qsort(values, n, sizeof *values, S_cmp_double);
	return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

/* UTF-8 of one code point; invalid ones (surrogates, beyond U+10FFFF)
 * become U+FFFD so a hostile font cannot make the text invalid. */
static size_t S_utf8_encode(uint32_t cp, char *out)
{
	utf8proc_int32_t code = (utf8proc_int32_t)cp;
	if (!utf8proc_codepoint_valid(code))
		code = 0xFFFD;
	return (size_t)utf8proc_encode_char(code, (utf8proc_uint8_t *)out);
}

/* Ideographs, kana, hangul, CJK punctuation and full-width forms: glyphs
 * whose advance is one em. */
static int S_is_wide(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Some fonts (Type 3 fonts above all) declare ascent and descent far larger
 * than their glyphs, and poppler's boxes then reach into the next lines.
 * Glyphs of one font at one size share one box height, so the page's
 * glyphs are put into classes by box height; a class holding wide glyphs
 * (advance = one em) knows its height in ems.  A class taller than 1.5 em
 * is cut to one em below the top, where the font's ascent puts the glyph;
 * a class without wide glyphs uses the page's median ratio.  Pages without
 * wide glyphs keep their boxes. */
typedef struct height_ratio {
	double height, ratio; /* box height (rounded), height / em */
} height_ratio;

static double S_height_key(const nb_glyph *g)
{
	return round((g->y1 - g->y0) * 20.0) / 20.0;
}

static int S_cmp_height_ratio(const void *a, const void *b)
{
	const height_ratio *x = a, *y = b;
	if (x->height != y->height)
		return (x->height > y->height) - (x->height < y->height);
	return (x->ratio > y->ratio) - (x->ratio < y->ratio);
}

/* Sorted (height, ratio) samples of the wide glyphs; returns the count. */
static size_t S_wide_samples(const nb_glyph *glyphs, size_t n,
                             height_ratio *samples)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		const nb_glyph *g = &glyphs[i];
		double width = g->x1 - g->x0;
		if (S_is_wide(g->codepoint) && width > 0)
			samples[count++] =
				(height_ratio){S_height_key(g), (g->y1 - g->y0) / width};
	}
	qsort(samples, count, sizeof *samples, S_cmp_height_ratio);
	return count;
}

/* The median ratio of the samples of height `key`, or `fallback`. */
static double S_class_ratio(const height_ratio *samples, size_t n, double key,
                            double fallback)
{
	size_t lo = 0, hi = n;
	while (lo < hi) { /* first sample with height >= key */
		size_t mid = lo + (hi - lo) / 2;
		if (samples[mid].height < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo, top = n;
	while (end < top) { /* first sample with height > key */
		size_t mid = end + (top - end) / 2;
		if (samples[mid].height <= key)
			end = mid + 1;
		else
			top = mid;
	}
	return end > lo ? samples[lo + (end - lo) / 2].ratio : fallback;
}

static void S_trim_heights(nb_glyph *glyphs, size_t n)
{
	height_ratio *samples = nb_xmalloc(n * sizeof *samples);
	size_t count = S_wide_samples(glyphs, n, samples);
	if (count > 0) {
		double *ratios = nb_xmalloc(count * sizeof *ratios);
		for (size_t i = 0; i < count; i++)
			ratios[i] = samples[i].ratio;
		double page_ratio = S_median(ratios, count);
		free(ratios);
		for (size_t i = 0; i < n; i++) {
			nb_glyph *g = &glyphs[i];
			double ratio = S_class_ratio(samples, count, S_height_key(g),
			                             page_ratio);
			if (ratio > MAX_HEIGHT_EMS)
				g->y1 = g->y0 + (g->y1 - g->y0) / ratio;
		}
	}
	free(samples);
}

/* Drop white space and unusable boxes; make every box x0<=x1, y0<=y1.
 * Returns the number of glyphs kept at the front of the array. */
static size_t S_keep_ink(nb_glyph *glyphs, size_t n)
{
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		nb_glyph g = glyphs[i];
		if (nb_glyph_is_space(g.codepoint) || !isfinite(g.x0) ||
		    !isfinite(g.x1) || !isfinite(g.y0) || !isfinite(g.y1))
			continue;
		if (g.x1 < g.x0) {
			double t = g.x0; g.x0 = g.x1; g.x1 = t;
		}
		if (g.y1 < g.y0) {
			double t = g.y0; g.y0 = g.y1; g.y1 = t;
		}
		glyphs[kept++] = g;
	}
	return kept;
}

/* ---- turned text (watermarks) ---- */

static double S_centre_x(const nb_glyph *g)
{
	return 0.5 * (g->x0 + g->x1);
}

/* Glyphs a and b of one size side by side (either way round): their
 * vertical offset in heights, or -1 when they are not. */
static double S_side_offset(const nb_glyph *a, const nb_glyph *b)
{
	double ha = a->y1 - a->y0, hb = b->y1 - b->y0;
	double wa = a->x1 - a->x0, wb = b->x1 - b->x0;
	/* one size: heights alike, or widths equal for glyphs of one kind
	 * (wide or not: a tall box of a turned glyph may have been cut to an
	 * em by S_trim_heights, its neighbour's not) */
	if (ha <= 0 || hb <= 0 || wa <= 0 || wb <= 0 ||
	    (fmax(ha, hb) > SLANT_SAME_SIZE * fmin(ha, hb) &&
	     (fabs(wa - wb) > 0.05 * fmax(wa, wb) ||
	      S_is_wide(a->codepoint) != S_is_wide(b->codepoint))))
		return -1.0;
	double touch = SLANT_TOUCH * fmax(wa, wb);
	double gap = S_centre_x(b) >= S_centre_x(a) ? b->x0 - a->x1 : a->x0 - b->x1;
	if (fabs(gap) > touch)
		return -1.0;
	return fabs(S_centre_y(a) - S_centre_y(b)) / fmax(ha, hb);
}

static bool S_slanted(double off)
{
	return off >= SLANT_MIN && off <= SLANT_MAX;
}

/* Glyph i is in a line of text: the run of same-baseline neighbours in
 * the reader's order holding it (a turned text's pieces are its glyphs one
 * to three at a time) has more than SLANT_SPREAD + 1 glyphs. */
static bool S_in_line(const nb_glyph *glyphs, size_t n, size_t i)
{
	size_t len = 1;
	for (size_t j = i; j > 0 && len <= SLANT_SPREAD + 1; j--, len++) {
		double off = S_side_offset(&glyphs[j - 1], &glyphs[j]);
		if (off < 0 || off >= SLANT_MIN / 2)
			break;
	}
	for (size_t j = i; j + 1 < n && len <= SLANT_SPREAD + 1; j++, len++) {
		double off = S_side_offset(&glyphs[j], &glyphs[j + 1]);
		if (off < 0 || off >= SLANT_MIN / 2)
			break;
	}
	return len > SLANT_SPREAD + 1;
}

/* Same-baseline neighbours of turned glyphs in the reader's order are
 * turned too, up to SLANT_SPREAD away (pieces such as "20" of "2021"). */
static void S_spread_along(const nb_glyph *glyphs, size_t n,
                           unsigned char *spread)
{
	for (int pass = 0; pass < 2; pass++) { /* forwards, then backwards */
		for (size_t k = 1; k < n; k++) {
			size_t from = pass ? n - k : k - 1, to = pass ? n - k - 1 : k;
			if (spread[from] >= SLANT_SPREAD || spread[to] <= spread[from] + 1)
				continue;
			double off = S_side_offset(&glyphs[from], &glyphs[to]);
			if (off >= 0 && off < SLANT_MIN / 2)
				spread[to] = (unsigned char)(spread[from] + 1);
		}
	}
}

/* Loose glyphs (not in a line of text) sorted by x0: indices and x0s. */
typedef struct loose_index {
	size_t *at;
	double *x0;
	size_t n;
} loose_index;

typedef struct loose_entry {
	double x0;
	size_t at;
} loose_entry;

static int S_cmp_loose(const void *a, const void *b)
{
	const loose_entry *x = a, *y = b;
	if (x->x0 != y->x0)
		return (x->x0 > y->x0) - (x->x0 < y->x0);
	return (x->at > y->at) - (x->at < y->at);
}

static loose_index S_loose_index(const nb_glyph *glyphs, size_t n)
{
	loose_entry *entries = nb_xmalloc((n ? n : 1) * sizeof *entries);
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (!S_in_line(glyphs, n, i))
			entries[count++] = (loose_entry){glyphs[i].x0, i};
	qsort(entries, count, sizeof *entries, S_cmp_loose);
	loose_index li = {nb_xmalloc((count ? count : 1) * sizeof *li.at),
	                  nb_xmalloc((count ? count : 1) * sizeof *li.x0), count};
	for (size_t k = 0; k < count; k++) {
		li.at[k] = entries[k].at;
		li.x0[k] = entries[k].x0;
	}
	free(entries);
	return li;
}

/* Two loose glyphs side by side a slanted step apart are turned text: the
 * reader gives a turned text's pieces (one to three glyphs) in any order,
 * so they are found by where they stand.  Each loose glyph is compared
 * with at most SLANT_LOOK loose glyphs near it in x.  Returns the
 * number of steps; their glyphs get spread 0. */
static size_t S_slanted_pairs(const nb_glyph *glyphs, const loose_index *li,
                              unsigned char *spread)
{
	size_t steps = 0;
	for (size_t k = 0; k < li->n; k++) {
		const nb_glyph *g = &glyphs[li->at[k]];
		double reach = g->x1 + SLANT_TOUCH * 2.0 * (g->x1 - g->x0);
		for (size_t m = k + 1, seen = 0;
		     m < li->n && li->x0[m] <= reach && seen < SLANT_LOOK;
		     m++, seen++) {
			if (S_slanted(S_side_offset(g, &glyphs[li->at[m]]))) {
				spread[li->at[k]] = spread[li->at[m]] = 0;
				steps++;
			}
		}
	}
	return steps;
}

/* A loose glyph drawn like a turned one (same code point, same box within
 * 3 %) is one too: a piece whose neighbours fell off the page. */
static void S_like_turned(const nb_glyph *glyphs, const loose_index *li,
                          unsigned char *spread)
{
	enum { MAX_KINDS = 256 };
	nb_glyph kinds[MAX_KINDS];
	size_t n_kinds = 0;
	for (size_t k = 0; k < li->n && n_kinds < MAX_KINDS; k++) {
		const nb_glyph *g = &glyphs[li->at[k]];
		if (spread[li->at[k]] == 0)
			kinds[n_kinds++] = *g;
	}
	for (size_t k = 0; k < li->n; k++) {
		const nb_glyph *g = &glyphs[li->at[k]];
		if (spread[li->at[k]] <= SLANT_SPREAD)
			continue;
		double w = g->x1 - g->x0, h = g->y1 - g->y0;
		for (size_t j = 0; j < n_kinds; j++) {
			double kw = kinds[j].x1 - kinds[j].x0, kh = kinds[j].y1 - kinds[j].y0;
			if (kinds[j].codepoint == g->codepoint &&
			    fabs(w - kw) <= 0.03 * kw && fabs(h - kh) <= 0.03 * kh) {
				spread[li->at[k]] = 0;
				break;
			}
		}
	}
}

/* Mark in taken[] the glyphs of turned text (see nb_geometry_page); the
 * glyphs are in the reader's order.  Returns how many were marked. */
static size_t S_mark_turned(const nb_glyph *glyphs, size_t n, bool *taken)
{
	/* spread[i]: how far glyph i is from a step, in same-baseline
	 * neighbours (0 for a step's own glyphs), or SLANT_SPREAD + 1 */
	unsigned char *spread = nb_xmalloc(n ? n : 1);
	memset(spread, SLANT_SPREAD + 1, n);
	loose_index li = S_loose_index(glyphs, n);
	size_t marked = 0;
	if (S_slanted_pairs(glyphs, &li, spread) >= SLANT_MIN_STEPS) {
		S_like_turned(glyphs, &li, spread);
		S_spread_along(glyphs, n, spread);
		for (size_t i = 0; i < n; i++) {
			taken[i] = spread[i] <= SLANT_SPREAD;
			marked += taken[i];
		}
	}
	free(li.at);
	free(li.x0);
	free(spread);
	return marked;
}

/* One group of taken glyphs, recorded once the page's lines are known. */
typedef struct taken_run {
	const char *text;
	double centre_y;
} taken_run;

static int S_cmp_centre_x(const void *a, const void *b)
{
	double xa = S_centre_x(a), xb = S_centre_x(b);
	return (xa > xb) - (xa < xb);
}

static size_t S_find(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

/* Two taken glyphs near enough to be one watermark: centres within two
 * glyph sizes either way. */
static bool S_near(const nb_glyph *a, const nb_glyph *b)
{
	double size = 2.0 * fmax(fmax(a->x1 - a->x0, a->y1 - a->y0),
	                         fmax(b->x1 - b->x0, b->y1 - b->y0));
	return fabs(S_centre_x(a) - S_centre_x(b)) <= size &&
	       fabs(S_centre_y(a) - S_centre_y(b)) <= size;
}

/* Take the turned glyphs out of glyphs[0..n) (the rest keep their order)
 * into runs: taken glyphs near each other (S_near, chained; each compared
 * with at most SLANT_LOOK others by x), their text left to right.
 * Returns the glyphs kept; *runs (malloc'd) and *n_runs get the runs. */
static size_t S_take_turned(nb_glyph *glyphs, size_t n, nb_arena *arena,
                            taken_run **runs, size_t *n_runs)
{
	*runs = NULL;
	*n_runs = 0;
	bool *taken = nb_xcalloc(n ? n : 1, sizeof *taken);
	if (S_mark_turned(glyphs, n, taken) == 0) {
		free(taken);
		return n;
	}
	nb_glyph *out = nb_xmalloc(n * sizeof *out); /* taken, in order */
	size_t n_out = 0, kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (taken[i])
			out[n_out++] = glyphs[i];
		else
			glyphs[kept++] = glyphs[i];
	}
	free(taken);
	qsort(out, n_out, sizeof *out, S_cmp_centre_x);
	size_t *parent = nb_xmalloc(n_out * sizeof *parent);
	for (size_t i = 0; i < n_out; i++)
		parent[i] = i;
	for (size_t i = 0; i < n_out; i++)
		for (size_t j = i + 1; j < n_out && j - i <= SLANT_LOOK; j++) {
			if (S_centre_x(&out[j]) - S_centre_x(&out[i]) >
			    2.0 * fmax(out[i].x1 - out[i].x0, out[i].y1 - out[i].y0) +
			            2.0 * fmax(out[j].x1 - out[j].x0, out[j].y1 - out[j].y0))
				break;
			if (S_near(&out[i], &out[j]))
				parent[S_find(parent, j)] = S_find(parent, i);
		}
	*runs = nb_xmalloc(n_out * sizeof **runs);
	char *scratch = nb_xmalloc(4 * n_out + 1);
	for (size_t r = 0; r < n_out; r++) {
		if (S_find(parent, r) != r)
			continue;
		size_t len = 0; /* out[] is by x: a run's glyphs come left to right */
		double top = out[r].y0, bottom = out[r].y1;
		for (size_t i = r; i < n_out; i++) {
			if (S_find(parent, i) != r)
				continue;
			len += S_utf8_encode(out[i].codepoint, scratch + len);
			top = fmin(top, out[i].y0);
			bottom = fmax(bottom, out[i].y1);
		}
		(*runs)[(*n_runs)++] = (taken_run){
			nb_arena_strndup(arena, scratch, len), 0.5 * (top + bottom)};
	}
	free(scratch);
	free(parent);
	free(out);
	return kept;
}

/* Record the runs taken from a page whose lines are out->lines[first..]:
 * each stands before the first of them reaching below its centre. */
static void S_record_taken(const taken_run *runs, size_t n_runs, int page,
                           size_t first, nb_line_list *out)
{
	for (size_t r = 0; r < n_runs; r++) {
		size_t at = first;
		while (at < out->n_lines && out->lines[at].y1 <= runs[r].centre_y)
			at++;
		S_push_removed(out, &(nb_removed_line){
			.at_line = at, .page = page, .text = runs[r].text,
			.what = "watermark"});
	}
}

/* ---- grouping glyphs into lines ---- */

/* A line being assembled: the mean band of its glyphs decides membership
 * (a mean, not the union, so one tall glyph cannot chain two lines). */
typedef struct line_acc {
	double sum_y0, sum_y1;
	size_t count;
} line_acc;

static double S_acc_y0(const line_acc *acc)
{
	return acc->sum_y0 / (double)acc->count;
}

static double S_acc_y1(const line_acc *acc)
{
	return acc->sum_y1 / (double)acc->count;
}

static int S_cmp_glyph_centre(const void *a, const void *b)
{
	double ya = S_centre_y(a), yb = S_centre_y(b);
	if (ya != yb)
		return (ya > yb) - (ya < yb);
	double xa = ((const nb_glyph *)a)->x0, xb = ((const nb_glyph *)b)->x0;
	return (xa > xb) - (xa < xb);
}

/* Two heights close enough for their glyphs to share a line: a heading
 * and its body text, or a superscript, but not a page-sized watermark. */
static int S_sizes_match(double a, double b)
{
	return a <= MAX_SIZE_RATIO * b && b <= MAX_SIZE_RATIO * a;
}

/* Among the open lines, the one whose mean band holds the glyph's centre
 * and overlaps it most; -1 when none does. */
static long S_best_line(const line_acc *accs, const size_t *open, size_t n_open,
                        const nb_glyph *g)
{
	double cy = S_centre_y(g), best_overlap = -1.0;
	long best = -1;
	for (size_t k = 0; k < n_open; k++) {
		const line_acc *acc = &accs[open[k]];
		double y0 = S_acc_y0(acc), y1 = S_acc_y1(acc);
		if (cy < y0 || cy > y1 || !S_sizes_match(y1 - y0, g->y1 - g->y0))
			continue;
		double overlap = fmin(y1, g->y1) - fmax(y0, g->y0);
		if (overlap > best_overlap) {
			best_overlap = overlap;
			best = (long)open[k];
		}
	}
	return best;
}

/* Assign every glyph (sorted by vertical centre) a line number in
 * line_of[]; returns the number of lines and fills accs[0..n). */
static size_t S_assign_lines(const nb_glyph *glyphs, size_t n, size_t *line_of,
                             line_acc *accs)
{
	size_t open[MAX_OPEN_LINES];
	size_t n_open = 0, n_lines = 0;
	for (size_t i = 0; i < n; i++) {
		const nb_glyph *g = &glyphs[i];
		double cy = S_centre_y(g);
		/* Centres only grow: a line whose band ends above cannot grow. */
		size_t w = 0;
		for (size_t k = 0; k < n_open; k++)
			if (S_acc_y1(&accs[open[k]]) >= cy)
				open[w++] = open[k];
		n_open = w;
		long best = S_best_line(accs, open, n_open, g);
		size_t line = best >= 0 ? (size_t)best : n_lines++;
		if (best < 0) {
			accs[line] = (line_acc){0};
			if (n_open == MAX_OPEN_LINES) { /* close the oldest */
				memmove(open, open + 1, (n_open - 1) * sizeof *open);
				n_open--;
			}
			open[n_open++] = line;
		}
		accs[line].sum_y0 += g->y0;
		accs[line].sum_y1 += g->y1;
		accs[line].count++;
		line_of[i] = line;
	}
	return n_lines;
}

/* ---- one line into cells ---- */

typedef struct line_view {
	const nb_glyph *glyphs; /* sorted left to right */
	size_t n;
	double core_y0, core_y1; /* mean band */
	double em;               /* median width of its wide glyphs, or 0 */
} line_view;

static int S_cmp_glyph_x(const void *a, const void *b)
{
	const nb_glyph *ga = a, *gb = b;
	if (ga->x0 != gb->x0)
		return (ga->x0 > gb->x0) - (ga->x0 < gb->x0);
	return (ga->y0 > gb->y0) - (ga->y0 < gb->y0);
}

/* Remove a glyph drawn twice at (almost) the same place, the way fake
 * bold is made.  `glyphs` is sorted by x0; returns the new count. */
static size_t S_drop_duplicates(nb_glyph *glyphs, size_t n)
{
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		const nb_glyph *g = &glyphs[i];
		int duplicate = 0;
		size_t stop = kept > MAX_LOOK_BACK ? kept - MAX_LOOK_BACK : 0;
		for (size_t k = kept; k > stop && glyphs[k - 1].x1 > g->x0; k--) {
			const nb_glyph *p = &glyphs[k - 1];
			if (p->codepoint != g->codepoint)
				continue;
			double ow = fmin(p->x1, g->x1) - fmax(p->x0, g->x0);
			double oh = fmin(p->y1, g->y1) - fmax(p->y0, g->y0);
			double area = fmin((p->x1 - p->x0) * (p->y1 - p->y0),
			                   (g->x1 - g->x0) * (g->y1 - g->y0));
			if (ow > 0 && oh > 0 && ow * oh >= DUPLICATE_OVERLAP * area) {
				duplicate = 1;
				break;
			}
		}
		if (!duplicate)
			glyphs[kept++] = *g;
	}
	return kept;
}

/* The line's em: the median advance of its wide glyphs (0 if none). */
static double S_line_em(const nb_glyph *glyphs, size_t n)
{
	double *widths = nb_xmalloc((n ? n : 1) * sizeof *widths);
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (S_is_wide(glyphs[i].codepoint) && glyphs[i].x1 > glyphs[i].x0)
			widths[count++] = glyphs[i].x1 - glyphs[i].x0;
	double em = S_median(widths, count);
	free(widths);
	return em;
}

/* The em of a glyph: a wide glyph's advance; for the others the line's em,
 * or twice the advance on a line without wide glyphs (digits and most
 * Latin letters are about half an em). */
static double S_em(const line_view *line, const nb_glyph *g)
{
	double width = g->x1 - g->x0;
	if (S_is_wide(g->codepoint))
		return width;
	return line->em > 0 ? line->em : 2.0 * width;
}

/* The gap between glyph `g` and the text to its left (ending at `right`,
 * drawn with glyph `prev`), in ems of the larger of the two glyphs. */
static double S_gap_ems(const line_view *line, const nb_glyph *prev,
                        double right, const nb_glyph *g)
{
	double em = fmax(S_em(line, prev), S_em(line, g));
	if (em <= 0)
		em = fmax(g->y1 - g->y0, 1.0);
	return (g->x0 - right) / em;
}

static int S_is_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* The superscript form of an ASCII digit. */
static uint32_t S_superscript(uint32_t digit)
{
	static const uint32_t sup[10] = {0x2070, 0x00B9, 0x00B2, 0x00B3, 0x2074,
	                                 0x2075, 0x2076, 0x2077, 0x2078, 0x2079};
	return sup[digit - '0'];
}

/* A digit printed as a footnote marker after the digit `base` of its word:
 * clearly smaller and raised (its bottom well above base's). */
static int S_is_marker(const nb_glyph *base, const nb_glyph *g)
{
	double h = base->y1 - base->y0;
	return S_is_digit(g->codepoint) && h > 0 &&
	       g->y1 - g->y0 < MARKER_SIZE * h && g->y1 < base->y1 - MARKER_RISE * h;
}

/* Build one cell from glyphs [from, to) of the line.  The text is made in
 * `scratch` (room for 4 bytes and a space per glyph) and copied to the
 * arena at its exact size.  A footnote digit raised after the digits of a
 * word is written as its superscript (see S_is_marker). */
static nb_cell S_make_cell(const line_view *line, size_t from, size_t to,
                           char *scratch, nb_arena *arena)
{
	nb_cell cell = {0};
	char *text = scratch;
	size_t len = 0;
	double right = line->glyphs[from].x1;
	cell.x0 = cell.x1 = line->glyphs[from].x0;
	cell.y0 = cell.y1 = line->glyphs[from].y0;
	const nb_glyph *base = NULL; /* the last full-size digit of the word */
	for (size_t i = from; i < to; i++) {
		const nb_glyph *g = &line->glyphs[i];
		uint32_t cp = g->codepoint;
		if (i > from &&
		    S_gap_ems(line, &line->glyphs[i - 1], right, g) > SPACE_GAP_EMS) {
			text[len++] = ' ';
			base = NULL;
		}
		if (base && S_is_marker(base, g))
			cp = S_superscript(cp);
		else
			base = S_is_digit(cp) ? g : NULL;
		len += S_utf8_encode(cp, text + len);
		right = fmax(right, g->x1);
		cell.x0 = fmin(cell.x0, g->x0);
		cell.x1 = fmax(cell.x1, g->x1);
		cell.y0 = fmin(cell.y0, g->y0);
		cell.y1 = fmax(cell.y1, g->y1);
	}
	cell.text = cell.raw = nb_arena_strndup(arena, text, len);
	return cell;
}

static void S_emit_line(const line_view *line, int page, nb_arena *arena,
                        nb_line_list *out)
{
	/* Count cells first so the cell array is allocated once. */
	size_t *starts = nb_xmalloc((line->n + 1) * sizeof *starts);
	size_t n_cells = 0;
	double right = 0;
	for (size_t i = 0; i < line->n; i++) {
		const nb_glyph *g = &line->glyphs[i];
		if (i == 0 ||
		    S_gap_ems(line, &line->glyphs[i - 1], right, g) > CELL_GAP_EMS) {
			starts[n_cells++] = i;
			right = g->x1;
		}
		right = fmax(right, g->x1);
	}
	starts[n_cells] = line->n;
	nb_line out_line = {.page = page};
	out_line.cells = nb_arena_alloc(arena, n_cells * sizeof(nb_cell));
	out_line.n_cells = n_cells;
	char *scratch = nb_xmalloc(5 * line->n + 1);
	for (size_t c = 0; c < n_cells; c++) {
		out_line.cells[c] =
			S_make_cell(line, starts[c], starts[c + 1], scratch, arena);
		if (c == 0 || out_line.cells[c].y0 < out_line.y0)
			out_line.y0 = out_line.cells[c].y0;
		if (c == 0 || out_line.cells[c].y1 > out_line.y1)
			out_line.y1 = out_line.cells[c].y1;
	}
	free(scratch);
	free(starts);
	nb_line_list_push(out, &out_line);
}

/* ---- the page ---- */

typedef struct line_order {
	size_t line;
	double centre;
} line_order;

static int S_cmp_line_order(const void *a, const void *b)
{
	const line_order *la = a, *lb = b;
	if (la->centre != lb->centre)
		return (la->centre > lb->centre) - (la->centre < lb->centre);
	return (la->line > lb->line) - (la->line < lb->line);
}

/* Glyphs grouped by line: glyphs of line L occupy
 * grouped[first[L] .. first[L+1]), sorted left to right. */
static nb_glyph *S_group_by_line(const nb_glyph *glyphs, size_t n,
                                 const size_t *line_of, size_t n_lines,
                                 size_t *first)
{
	nb_glyph *grouped = nb_xmalloc((n ? n : 1) * sizeof *grouped);
	memset(first, 0, (n_lines + 1) * sizeof *first);
	for (size_t i = 0; i < n; i++)
		first[line_of[i] + 1]++;
	for (size_t l = 0; l < n_lines; l++)
		first[l + 1] += first[l];
	size_t *fill = nb_xmalloc((n_lines ? n_lines : 1) * sizeof *fill);
	memcpy(fill, first, n_lines * sizeof *fill);
	for (size_t i = 0; i < n; i++)
		grouped[fill[line_of[i]]++] = glyphs[i];
	free(fill);
	return grouped;
}

static void S_emit_blank(double y0, double y1, int page, nb_line_list *out)
{
	nb_line blank = {.page = page, .y0 = y0, .y1 = y1};
	nb_line_list_push(out, &blank);
}

/* Glyph boxes of two x-sorted runs overlapping horizontally (by more than
 * a third of the narrower glyph): the runs are two lines, not one. */
static int S_runs_collide(const nb_glyph *a, size_t na, const nb_glyph *b,
                          size_t nb)
{
	size_t j0 = 0;
	for (size_t i = 0; i < na; i++) {
		while (j0 < nb && b[j0].x1 <= a[i].x0)
			j0++;
		size_t stop = j0 + MAX_LOOK_BACK < nb ? j0 + MAX_LOOK_BACK : nb;
		for (size_t j = j0; j < stop && b[j].x0 < a[i].x1; j++) {
			double overlap = fmin(a[i].x1, b[j].x1) - fmax(a[i].x0, b[j].x0);
			double narrow = fmin(a[i].x1 - a[i].x0, b[j].x1 - b[j].x0);
			if (overlap > narrow / 3.0)
				return 1;
		}
	}
	return 0;
}

/* Lines are first made greedily, so a raised glyph met first (a
 * superscript) can start a line of its own.  Two neighbouring lines whose
 * bands overlap by half the smaller height and whose glyphs do not collide
 * are one line: rep[] maps every line to the line it joins.  Returns the
 * number of merges. */
static size_t S_merge_lines(const line_order *order, size_t n_lines,
                            const nb_glyph *grouped, const size_t *first,
                            const line_acc *accs, size_t *rep)
{
	size_t merges = 0;
	for (size_t l = 0; l < n_lines; l++)
		rep[l] = l;
	for (size_t k = 1; k < n_lines; k++) {
		size_t a = order[k - 1].line, b = order[k].line;
		double a0 = S_acc_y0(&accs[a]), a1 = S_acc_y1(&accs[a]);
		double b0 = S_acc_y0(&accs[b]), b1 = S_acc_y1(&accs[b]);
		double overlap = fmin(a1, b1) - fmax(a0, b0);
		if (overlap < 0.5 * fmin(a1 - a0, b1 - b0) ||
		    !S_sizes_match(a1 - a0, b1 - b0))
			continue;
		if (S_runs_collide(grouped + first[a], first[a + 1] - first[a],
		                   grouped + first[b], first[b + 1] - first[b]))
			continue;
		rep[b] = rep[a];
		merges++;
	}
	return merges;
}

/* Lines of the page: glyphs grouped by line, each sorted left to right,
 * and the lines' order top to bottom (merged lines left out). */
typedef struct page_lines {
	nb_glyph *grouped;
	size_t *first;
	line_acc *accs;
	line_order *order;
	size_t n_lines, n_order;
} page_lines;

static void S_sort_lines(page_lines *pl)
{
	for (size_t l = 0; l < pl->n_lines; l++)
		qsort(pl->grouped + pl->first[l], pl->first[l + 1] - pl->first[l],
		      sizeof(nb_glyph), S_cmp_glyph_x);
	pl->n_order = 0;
	for (size_t l = 0; l < pl->n_lines; l++)
		if (pl->accs[l].count > 0)
			pl->order[pl->n_order++] = (line_order){
				l, 0.5 * (S_acc_y0(&pl->accs[l]) + S_acc_y1(&pl->accs[l]))};
	qsort(pl->order, pl->n_order, sizeof *pl->order, S_cmp_line_order);
}

static void S_build_lines(const nb_glyph *glyphs, size_t n, page_lines *pl)
{
	size_t *line_of = nb_xmalloc(n * sizeof *line_of);
	pl->accs = nb_xmalloc(n * sizeof *pl->accs);
	pl->n_lines = S_assign_lines(glyphs, n, line_of, pl->accs);
	pl->first = nb_xmalloc((pl->n_lines + 1) * sizeof *pl->first);
	pl->order = nb_xmalloc(pl->n_lines * sizeof *pl->order);
	pl->grouped = S_group_by_line(glyphs, n, line_of, pl->n_lines, pl->first);
	S_sort_lines(pl);
	size_t *rep = nb_xmalloc(pl->n_lines * sizeof *rep);
	if (S_merge_lines(pl->order, pl->n_lines, pl->grouped, pl->first,
	                  pl->accs, rep) > 0) {
		for (size_t i = 0; i < n; i++)
			line_of[i] = rep[line_of[i]];
		for (size_t l = 0; l < pl->n_lines; l++) {
			if (rep[l] == l)
				continue;
			line_acc *to = &pl->accs[rep[l]];
			to->sum_y0 += pl->accs[l].sum_y0;
			to->sum_y1 += pl->accs[l].sum_y1;
			to->count += pl->accs[l].count;
			pl->accs[l] = (line_acc){0};
		}
		free(pl->grouped);
		pl->grouped =
			S_group_by_line(glyphs, n, line_of, pl->n_lines, pl->first);
		S_sort_lines(pl);
	}
	free(rep);
	free(line_of);
}

void nb_geometry_page(nb_glyph *glyphs, size_t n_glyphs,
                      int page, nb_arena *arena, nb_line_list *out)
{
	size_t n = S_keep_ink(glyphs, n_glyphs);
	if (n == 0)
		return;
	S_trim_heights(glyphs, n); /* before the turned text is looked for:
	                              bogus tall boxes make lines overlap */
	taken_run *runs = NULL;
	size_t n_runs = 0, first = out->n_lines;
	n = S_take_turned(glyphs, n, arena, &runs, &n_runs);
	if (n == 0) {
		S_record_taken(runs, n_runs, page, first, out);
		free(runs);
		return;
	}
	qsort(glyphs, n, sizeof *glyphs, S_cmp_glyph_centre);
	page_lines pl = {0};
	S_build_lines(glyphs, n, &pl);

	double prev_y0 = 0, prev_y1 = 0;
	for (size_t k = 0; k < pl.n_order; k++) {
		size_t l = pl.order[k].line;
		nb_glyph *lg = pl.grouped + pl.first[l];
		size_t count = S_drop_duplicates(lg, pl.first[l + 1] - pl.first[l]);
		line_view view = {lg, count, S_acc_y0(&pl.accs[l]),
		                  S_acc_y1(&pl.accs[l]), S_line_em(lg, count)};
		if (k > 0) {
			double height = fmin(prev_y1 - prev_y0,
			                     view.core_y1 - view.core_y0);
			if (view.core_y0 - prev_y1 > BLANK_GAP_HEIGHTS * height)
				S_emit_blank(prev_y1, view.core_y0, page, out);
		}
		S_emit_line(&view, page, arena, out);
		prev_y0 = view.core_y0;
		prev_y1 = view.core_y1;
	}
	S_record_taken(runs, n_runs, page, first, out);
	free(runs);
	free(pl.order);
	free(pl.grouped);
	free(pl.first);
	free(pl.accs);
}
