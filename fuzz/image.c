/*
 * fuzz/image.c — libFuzzer target: image files (PNG, JPEG, TIFF, one page
 * or many) through the front door, nb_read, so that leptonica, libpng,
 * libjpeg and libtiff parse the mutated bytes and tesseract reads whatever
 * they decode.  The context's OCR limits are small (fuzz/common.c: 1
 * megapixel a page, 2 pages), so one input stays fast.  Seeds are the small
 * scans of tests/fuzz-regressions/image/ (a table piece as PNG and JPEG, a
 * two-page TIFF), replayed by `make check`.
 */
#include "../nianbao.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nb_fuzz_read(data, size, "fuzz.png");
	return 0;
}
