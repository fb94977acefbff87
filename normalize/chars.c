/*
 * chars.c — the code-point pass of normalization.
 *
 * Before any pattern runs, each code point is looked at once: invalid UTF-8
 * becomes U+FFFD (utf8proc refuses invalid input), CJK radicals become the
 * ideographs they stand for (radicals.inc, generated from Unicode data,
 * because NFKC misses most of them and folds Kangxi radicals to traditional
 * forms), zero-width and control characters go, every kind of white space
 * becomes ' ', and for prose full-width digits and letters become ASCII
 * (prose keeps full-width punctuation, so it cannot use NFKC).  Then utf8proc
 * applies NFKC (match form) or NFC (prose form).
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "normalize_internal.h"
#include "radicals.inc"

int32_t nb_norm_radical(int32_t cp)
{
	uint32_t mapped = 0;
	if (cp >= NB_RADICALS_SUPPLEMENT_FIRST && cp <= NB_RADICALS_SUPPLEMENT_LAST)
		mapped = nb_radicals_supplement[cp - NB_RADICALS_SUPPLEMENT_FIRST];
	else if (cp >= NB_RADICALS_KANGXI_FIRST && cp <= NB_RADICALS_KANGXI_LAST)
		mapped = nb_radicals_kangxi[cp - NB_RADICALS_KANGXI_FIRST];
	return mapped ? (int32_t)mapped : cp;
}

static bool S_is_space(int32_t cp)
{
	return cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' ||
	       cp == '\r' || cp == ' ' || cp == 0x85 || cp == 0xA0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
	       cp == 0x3000;
}

/* Characters that print nothing: controls, soft hyphen, zero-width
 * space/joiners, word joiner, byte-order mark inside the text. */
static bool S_is_invisible(int32_t cp)
{
	return (cp < 0x20) || (cp >= 0x7F && cp < 0xA0) || cp == 0xAD ||
	       (cp >= 0x200B && cp <= 0x200F) || cp == 0x2060 ||
	       cp == 0xFEFF;
}

/* Full-width digit or Latin letter → ASCII; anything else unchanged. */
static int32_t S_fullwidth_alnum(int32_t cp)
{
	if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
	    (cp >= 0xFF41 && cp <= 0xFF5A))
		return cp - 0xFF00 + 0x20;
	return cp;
}

static int32_t S_map(nb_norm_form form, int32_t cp)
{
	if (S_is_space(cp))
		return ' ';
	if (S_is_invisible(cp))
		return -1;
	cp = nb_norm_radical(cp);
	if (form == NB_NORM_PROSE)
		return S_fullwidth_alnum(cp);
	/* U+FF01-FF5E (full-width ASCII: ，：（）０-９) become ASCII, which is
	 * what NFKC does to them; done here, most cells need no utf8proc. */
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFF01 + 0x21;
	return cp;
}

/* Is `cp` left alone by NFKC (match form) or NFC (prose form), whatever
 * stands around it?  True when it has no decomposition the form applies
 * (any for NFKC, a canonical one for NFC), a combining class of 0, no part
 * in any composition and is not Hangul (composed by rule, not by table).
 * A text of such characters only is normalized already: no utf8proc_map. */
static bool S_is_inert(nb_norm_form form, int32_t cp)
{
	if (cp < 0x80)
		return true;
	if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xAC00 && cp <= 0xD7A3))
		return false;
	const utf8proc_property_t *prop = utf8proc_get_property(cp);
	bool decomposes = prop->decomp_seqindex != UINT16_MAX
	                  && (form == NB_NORM_MATCH || prop->decomp_type == 0);
	return !decomposes && prop->combining_class == 0
	       && prop->comb_index == UINT16_MAX;
}

/* Three bytes of a CJK Unified Ideograph U+4E00-9FFF, well formed: what
 * utf8proc_iterate decodes; S_map keeps it and it is inert in both forms
 * (no decomposition, combining class 0, no composition: a test over every
 * code point checks the pass leaves each one as it is). */
static bool S_is_ideograph(const unsigned char *p)
{
	return ((p[0] >= 0xE5 && p[0] <= 0xE9) || (p[0] == 0xE4 && p[1] >= 0xB8))
	       && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80;
}

/* Room for `more` bytes and the NUL after `at` in *out (of *cap bytes). */
static void S_room(char **out, size_t *cap, size_t at, size_t more)
{
	if (at + more + 1 <= *cap)
		return;
	while (*cap < at + more + 1)
		*cap *= 2;
	*out = nb_xrealloc(*out, *cap);
}

/* The mapped text is written straight into one buffer, as long as the
 * text to begin with: most code points keep their length or shrink (an
 * invalid byte becomes U+FFFD, three bytes, and a radical of three bytes
 * may become an ideograph of four: then it grows).  Printable ASCII and
 * CJK ideographs map to themselves and are inert in both forms, so runs of
 * them are copied whole; everything else goes through utf8proc_iterate and
 * S_map. */
char *nb_norm_chars(nb_norm_form form, const char *text, size_t len)
{
	size_t cap = len + 16;
	char *out = nb_xmalloc(cap);
	size_t at = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	size_t left = len;
	bool plain = true;
	while (left > 0) {
		size_t run = 0;
		for (;;) {
			if (run < left && p[run] >= 0x20 && p[run] < 0x7F)
				run++;
			else if (run + 3 <= left && S_is_ideograph(p + run))
				run += 3;
			else
				break;
		}
		if (run > 0) {
			S_room(&out, &cap, at, run);
			memcpy(out + at, p, run);
			at += run;
			p += run;
			left -= run;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, (utf8proc_ssize_t)left, &cp);
		if (n < 0) {
			cp = 0xFFFD;
			n = 1;
		}
		int32_t mapped = S_map(form, cp);
		if (mapped >= 0) {
			S_room(&out, &cap, at, 4);
			at += (size_t)utf8proc_encode_char(
				mapped, (utf8proc_uint8_t *)out + at);
			if (plain && !S_is_inert(form, mapped))
				plain = false;
		}
		p += n;
		left -= (size_t)n;
	}
	out[at] = '\0';
	if (plain)
		return out;
	utf8proc_option_t options = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	if (form == NB_NORM_MATCH)
		options |= UTF8PROC_COMPAT;
	utf8proc_uint8_t *normalized = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)out,
	                                  (utf8proc_ssize_t)at, &normalized,
	                                  options);
	if (n < 0) /* cannot happen on valid UTF-8 short of memory */
		return out;
	free(out);
	return (char *)normalized;
}
