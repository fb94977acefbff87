/*
 * status.c — the status vocabulary as one table: for every nb_status its
 * stable code (the `error.code` of batch records, the names in the README),
 * the exit code of the CLI and a one-line hint on what the user can do.
 *
 * One table rather than a switch per question, so that a new status is one
 * row and cannot get a code string without an exit code or a hint.  Exit
 * codes 0-2 belong to the CLI itself (success, a broken rule / a failed
 * batch input, usage); inputs start at 3.  A code once given is never
 * reused, and a new status takes the next free number.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base.h"

static const nb_status_row S_rows[NB_STATUS_COUNT] = {
	{NB_OK, "ok", 0, NULL},
	{NB_ERR_IO, "io_error", 3,
	 "check that the path names a readable regular file"},
	{NB_ERR_EMPTY, "empty", 4,
	 "the file holds no text: fetch the report again"},
	{NB_ERR_NOT_UTF8, "not_utf8", 5,
	 "convert it first: iconv -f gb18030 -t utf-8 FILE > FILE.txt"},
	{NB_ERR_NOT_PDF, "not_a_pdf", 6,
	 "nianbao reads PDF and UTF-8 text; convert other formats to PDF"},
	{NB_ERR_DAMAGED, "damaged_pdf", 7,
	 "download the PDF again, or repair it: qpdf in.pdf out.pdf"},
	{NB_ERR_ENCRYPTED, "encrypted", 8,
	 "decrypt it first: qpdf --decrypt --password=PASSWORD in.pdf out.pdf"},
	{NB_ERR_NO_TEXT, "no_text_layer", 9,
	 "a scan: run OCR first, e.g. ocrmypdf -l chi_sim in.pdf out.pdf"},
	{NB_ERR_NOT_REPORT, "not_a_report", 10,
	 "not a 政府信息公开工作年度报告: check the file is the report itself"},
	{NB_ERR_TRUNCATED, "truncated", 11,
	 "the report stops short: fetch the complete file"},
	{NB_ERR_LIMIT, "too_large", 12,
	 "raise the limit (--max-pages) or split the file"},
	{NB_ERR_TEXT_LAYOUT, "unsupported_text_layout", 13,
	 "extract the text again keeping the layout: pdftotext -layout in.pdf"},
	{NB_ERR_MULTIPLE, "multiple_reports", 14,
	 "split the file into one report each (e.g. pdfseparate/qpdf --pages)"},
	{NB_ERR_LEGACY_WORD, "legacy_word", 15,
	 "convert it first: soffice --headless --convert-to docx FILE"},
	{NB_ERR_NO_LIBRARY, "missing_library", 16,
	 "install the library the message names (scripts/setup installs all)"},
	{NB_ERR_ARCHIVE, "archive", 17,
	 "read an archive with nianbao extract (members one level deep); unpack deeper ones first"},
};

static const nb_status_row S_unknown = {NB_STATUS_COUNT, "unknown", 1, NULL};

const nb_status_row *nb_status_info(nb_status status)
{
	if ((int)status < 0 || status >= NB_STATUS_COUNT)
		return &S_unknown;
	return &S_rows[status];
}

const nb_status_row *nb_status_table(void)
{
	return S_rows;
}

const char *nb_status_code(nb_status status)
{
	return nb_status_info(status)->code;
}

nb_status nb_status_from_code(const char *code)
{
	for (int s = NB_ERR_IO; s < NB_STATUS_COUNT; s++)
		if (strcmp(S_rows[s].code, code) == 0)
			return (nb_status)s;
	return NB_OK;
}

nb_status nb_error_set(nb_error *err, nb_status status, int page,
                       const char *fmt, ...)
{
	if (!err)
		return status;
	err->status = status;
	err->page = page;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	for (char *c = err->message; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	return status;
}
