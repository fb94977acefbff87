/*
 * pdf_images_internal.h — whether a PDF can draw an image at all, read
 * from its bytes (pdf_images.c), so that the PDF reader (pdf.c) asks
 * poppler for a page's images only in a file that may hold some.
 */
#ifndef NB_PDF_IMAGES_INTERNAL_H
#define NB_PDF_IMAGES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/** May any page of the PDF `data` draw an image (an image XObject or an
 *  inline image)?  false: certainly none; true: maybe (some, or something
 *  this scan does not read). */
bool nb_pdf_may_draw_images(const unsigned char *data, size_t len);

#endif
