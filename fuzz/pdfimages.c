/*
 * fuzz/pdfimages.c — libFuzzer target: the scan of a PDF's bytes that tells
 * whether it can draw an image at all (extract/pdf_images.c), on its own:
 * it walks objects, dictionaries and streams of an untrusted file by hand
 * (poppler is asked only where it answers maybe), so cut streams, lying
 * /Length values, unbalanced << >> and names running to the end of the
 * buffer must neither read out of bounds nor answer "none" for a file with
 * an image.  Seeds are the corpus PDFs.
 */

#include "../extract/pdf_images_internal.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)nb_pdf_may_draw_images(data, size);
	return 0;
}
