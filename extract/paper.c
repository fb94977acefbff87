/*
 * paper.c — the sheet of paper in a photo of a page.
 *
 * A report photographed on a desk is a light quadrilateral on a darker
 * ground, its sides not parallel when the camera was not square to the
 * page.  Tables read from it need the page flat: their rules must be
 * straight and level for the rule search, and the desk's edge must not be
 * taken for a table's frame.  ocr.c warps the quadrilateral found here onto
 * a rectangle with leptonica's projective transform.
 *
 * Each side is found as a straight line.  From an edge of the picture
 * inwards, every row (or column) gives the first run of paper: grey above
 * the paper's threshold for long enough not to be a speck of light on the
 * desk.  A line is fitted through those points, then fitted again without
 * the points far from it (a corner, a finger, a shadow, a page curling
 * up), first over the middle of the picture and then between the corners
 * that fit gives.  A side the picture cuts off (no desk beyond it) is the
 * picture's own edge.  This is arithmetic on a grey raster, kept apart from
 * the OCR libraries so that it is tested without them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ocr_internal.h"

enum { S_LEFT, S_RIGHT, S_TOP, S_BOTTOM };

/* One side as the line u = a v + b: x as a function of y for the left and
 * right sides, y as a function of x for the top and bottom. */
typedef struct side_line {
	double a, b;
	bool seen; /* desk beyond it: the paper's edge, not the picture's */
} side_line;

typedef struct raster {
	const uint8_t *grey;
	int w, h;
	size_t stride;
	int paper; /* grey above this is paper */
	int run;   /* paper pixels in a row that make the edge */
} raster;

static inline int S_at(const raster *r, int x, int y)
{
	return r->grey[(size_t)y * r->stride + (size_t)x];
}

/* How far in from side `side` the paper starts on line `v` (a row for
 * left and right, a column for top and bottom), or -1 when the line holds
 * no run of paper. */
static int S_edge_offset(const raster *r, int side, int v)
{
	bool across = side == S_LEFT || side == S_RIGHT;
	int n = across ? r->w : r->h, count = 0;
	for (int i = 0; i < n; i++) {
		int at = side == S_LEFT || side == S_TOP ? i : n - 1 - i;
		int grey = across ? S_at(r, at, v) : S_at(r, v, at);
		count = grey > r->paper ? count + 1 : 0;
		if (count == r->run)
			return i - r->run + 1;
	}
	return -1;
}

static int S_double_order(const void *p, const void *q)
{
	double a = *(const double *)p, b = *(const double *)q;
	return (a > b) - (a < b);
}

/* Least squares u = a v + b over the points whose residual from `line`
 * is at most `cut` (all of them when cut < 0).  False with fewer than a
 * handful of points. */
static bool S_fit(const double *v, const double *u, size_t n,
                  side_line *line, double cut)
{
	double sv = 0, su = 0, svv = 0, svu = 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (cut >= 0 && fabs(u[i] - (line->a * v[i] + line->b)) > cut)
			continue;
		sv += v[i];
		su += u[i];
		svv += v[i] * v[i];
		svu += v[i] * u[i];
		k++;
	}
	double det = (double)k * svv - sv * sv;
	if (k < 8 || fabs(det) < 1e-9)
		return false;
	line->a = ((double)k * svu - sv * su) / det;
	line->b = (su - line->a * sv) / (double)k;
	return true;
}

/* The side's line through its edge points on lines [from, to), fitted
 * three times, each without the points more than three median residuals
 * (and a pixel) off the one before.  `seen` when most lines reached paper
 * and the paper starts clearly inside the picture. */
static side_line S_side(const raster *r, int side, int from, int to)
{
	side_line line = {0, 0, false};
	bool across = side == S_LEFT || side == S_RIGHT;
	int extent = across ? r->w : r->h;
	size_t cap = to > from ? (size_t)(to - from) : 0, n = 0;
	double *v = malloc((cap + 1) * sizeof *v);
	double *u = malloc((cap + 1) * sizeof *u);
	double *res = malloc((cap + 1) * sizeof *res);
	double offsets = 0;
	for (int at = from; at < to && v && u && res; at++) {
		int off = S_edge_offset(r, side, at);
		if (off < 0)
			continue;
		v[n] = at;
		u[n] = side == S_LEFT || side == S_TOP ? off : extent - off;
		offsets += off;
		n++;
	}
	bool fitted = n * 3 >= cap && n > 0 && S_fit(v, u, n, &line, -1);
	for (int round = 0; fitted && round < 2; round++) {
		for (size_t i = 0; i < n; i++)
			res[i] = fabs(u[i] - (line.a * v[i] + line.b));
		qsort(res, n, sizeof *res, S_double_order);
		fitted = S_fit(v, u, n, &line, 3 * res[n / 2] + 1);
	}
	line.seen = fitted && offsets / (double)(n ? n : 1) >= extent / 100.0 + 1
	            && fabs(line.a) < 0.35;
	free(v);
	free(u);
	free(res);
	if (!line.seen)
		line = (side_line){0, side == S_LEFT || side == S_TOP ? 0 : extent,
		                   false};
	return line;
}

/* Where a left or right line (x = a y + b) meets a top or bottom one
 * (y = a x + b). */
static void S_meet(side_line upright, side_line level, double *x, double *y)
{
	double d = 1 - upright.a * level.a;
	*x = (upright.a * level.b + upright.b) / d;
	*y = level.a * *x + level.b;
}

static void S_corners(const side_line s[4], nb_paper *out)
{
	S_meet(s[S_LEFT], s[S_TOP], &out->x[0], &out->y[0]);
	S_meet(s[S_RIGHT], s[S_TOP], &out->x[1], &out->y[1]);
	S_meet(s[S_RIGHT], s[S_BOTTOM], &out->x[2], &out->y[2]);
	S_meet(s[S_LEFT], s[S_BOTTOM], &out->x[3], &out->y[3]);
}

/* A sheet a warp can flatten: corners about inside the picture, a convex
 * quadrilateral covering a good part of it. */
static bool S_plausible(const nb_paper *p, int w, int h)
{
	double area = 0;
	for (int i = 0; i < 4; i++) {
		int j = (i + 1) % 4, k = (i + 2) % 4;
		if (p->x[i] < -0.1 * w || p->x[i] > 1.1 * w || p->y[i] < -0.1 * h
		    || p->y[i] > 1.1 * h)
			return false;
		double cross = (p->x[j] - p->x[i]) * (p->y[k] - p->y[j])
		               - (p->y[j] - p->y[i]) * (p->x[k] - p->x[j]);
		if (cross <= 0) /* clockwise on screen: TL, TR, BR, BL */
			return false;
		area += p->x[i] * p->y[j] - p->x[j] * p->y[i];
	}
	return area / 2 >= 0.3 * (double)w * h;
}

bool nb_paper_find(const uint8_t *grey, int width, int height, size_t stride,
                   int paper_grey, nb_paper *out)
{
	memset(out, 0, sizeof *out);
	if (width < 32 || height < 32)
		return false;
	int small = width < height ? width : height;
	raster r = {grey, width, height, stride, paper_grey,
	            small / 40 > 3 ? small / 40 : 3};
	/* first over the middle half of the picture, away from the corners */
	side_line s[4] = {
		S_side(&r, S_LEFT, height / 4, height - height / 4),
		S_side(&r, S_RIGHT, height / 4, height - height / 4),
		S_side(&r, S_TOP, width / 4, width - width / 4),
		S_side(&r, S_BOTTOM, width / 4, width - width / 4),
	};
	S_corners(s, out);
	if (!S_plausible(out, width, height))
		return false;
	/* then between the corners found, less a tenth at each end */
	double top = fmax(out->y[0], out->y[1]), bottom = fmin(out->y[2], out->y[3]);
	double left = fmax(out->x[0], out->x[3]), right = fmin(out->x[1], out->x[2]);
	double dy = (bottom - top) / 10, dx = (right - left) / 10;
	int y0 = (int)fmax(0, top + dy), y1 = (int)fmin(height, bottom - dy);
	int x0 = (int)fmax(0, left + dx), x1 = (int)fmin(width, right - dx);
	side_line again[4] = {
		S_side(&r, S_LEFT, y0, y1), S_side(&r, S_RIGHT, y0, y1),
		S_side(&r, S_TOP, x0, x1), S_side(&r, S_BOTTOM, x0, x1),
	};
	out->sides_seen = 0;
	for (int i = 0; i < 4; i++)
		out->sides_seen += again[i].seen;
	S_corners(again, out);
	return out->sides_seen >= 2 && S_plausible(out, width, height);
}
