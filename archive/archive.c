/*
 * archive.c — the members of an archive, one by one (archive.h says why
 * archives are a folder of their own and what a member is).
 *
 * libarchive reads every format (ZIP, RAR4/RAR5, 7z, tar under any
 * filter) from memory through callbacks of our own, which hand it the
 * bytes 16 KiB at a time: what it has consumed when a member is inflated
 * is then that member's compressed size, give or take one block, and
 * inflated / compressed is the ratio a bomb gives itself away by.  The
 * library is loaded on demand into a table of its entry points, larger
 * than extract/office.c's (which only reads parts of one package), with
 * the same soname from the Makefile.
 *
 * Member names: libarchive converts a name it knows to be UTF-8 (a ZIP's
 * UTF-8 flag, pax, 7z) into the current locale's charset, which in the C
 * locale nianbao runs in (it never calls setlocale) is ASCII: every Chinese
 * name would be lost (no name at all).  So libarchive is called under a
 * C.UTF-8 locale of this thread only (uselocale, undone after each call;
 * the process locale is never touched): UTF-8 names come through as they
 * are, and a name of unknown charset (a ZIP from Chinese Windows: GBK
 * bytes, no flag) as its raw bytes, converted here from GB18030 (a
 * superset of GBK) with iconv; anything else is shown as \xHH escapes
 * and the member says so (name_escaped) for its caller to tell the user.
 */
#include <errno.h>
#include <iconv.h>
#include <locale.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "archive.h"

#ifndef NB_LIBARCHIVE_SONAME
#define NB_LIBARCHIVE_SONAME "libarchive.so.13"
#endif

enum {
	BLOCK = 16 << 10,       /* bytes handed to libarchive per read */
	CHUNK = 64 << 10,       /* bytes inflated per read_data */
	RATIO_FROM = 1 << 20,   /* inflated bytes from which the ratio counts */
	MAX_LEVELS = 2,         /* the archive, and archives inside it */
};

typedef struct la_api {
	struct archive *(*read_new)(void);
	int (*support_filter_all)(struct archive *);
	int (*support_format_zip)(struct archive *);
	int (*support_format_tar)(struct archive *);
	int (*support_format_7zip)(struct archive *);
	int (*support_format_rar)(struct archive *);
	int (*support_format_rar5)(struct archive *);
	int (*set_callback_data)(struct archive *, void *);
	int (*set_read_callback)(struct archive *, archive_read_callback *);
	int (*set_skip_callback)(struct archive *, archive_skip_callback *);
	int (*set_seek_callback)(struct archive *, archive_seek_callback *);
	int (*open1)(struct archive *);
	int (*next_header)(struct archive *, struct archive_entry **);
	la_ssize_t (*read_data)(struct archive *, void *, size_t);
	int (*data_skip)(struct archive *);
	int (*read_free)(struct archive *);
	const char *(*error_string)(struct archive *);
	const char *(*entry_pathname)(struct archive_entry *);
	const char *(*entry_pathname_utf8)(struct archive_entry *);
	__LA_MODE_T (*entry_filetype)(struct archive_entry *);
	const char *(*entry_hardlink)(struct archive_entry *);
	la_int64_t (*entry_size)(struct archive_entry *);
	int (*entry_size_is_set)(struct archive_entry *);
	int (*entry_is_encrypted)(struct archive_entry *);
} la_api;

static nb_status S_load(la_api *api, void **handle, nb_error *err)
{
#define S_SYM(name, member) {name, offsetof(la_api, member)}
	static const nb_dl_symbol symbols[] = {
		S_SYM("archive_read_new", read_new),
		S_SYM("archive_read_support_filter_all", support_filter_all),
		S_SYM("archive_read_support_format_zip", support_format_zip),
		S_SYM("archive_read_support_format_tar", support_format_tar),
		S_SYM("archive_read_support_format_7zip", support_format_7zip),
		S_SYM("archive_read_support_format_rar", support_format_rar),
		S_SYM("archive_read_support_format_rar5", support_format_rar5),
		S_SYM("archive_read_set_callback_data", set_callback_data),
		S_SYM("archive_read_set_read_callback", set_read_callback),
		S_SYM("archive_read_set_skip_callback", set_skip_callback),
		S_SYM("archive_read_set_seek_callback", set_seek_callback),
		S_SYM("archive_read_open1", open1),
		S_SYM("archive_read_next_header", next_header),
		S_SYM("archive_read_data", read_data),
		S_SYM("archive_read_data_skip", data_skip),
		S_SYM("archive_read_free", read_free),
		S_SYM("archive_error_string", error_string),
		S_SYM("archive_entry_pathname", entry_pathname),
		S_SYM("archive_entry_pathname_utf8", entry_pathname_utf8),
		S_SYM("archive_entry_filetype", entry_filetype),
		S_SYM("archive_entry_hardlink", entry_hardlink),
		S_SYM("archive_entry_size", entry_size),
		S_SYM("archive_entry_size_is_set", entry_size_is_set),
		S_SYM("archive_entry_is_encrypted", entry_is_encrypted),
	};
#undef S_SYM
	return nb_dl_open(NB_LIBARCHIVE_SONAME, "libarchive13", symbols,
	                  sizeof symbols / sizeof symbols[0], api, handle, err);
}

/* ---- recognizing an archive ---------------------------------------------- */

static uint32_t S_le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t S_le32(const unsigned char *p)
{
	return S_le16(p) | S_le16(p + 2) << 16;
}

static bool S_document_part(const unsigned char *name, size_t n)
{
	static const char *const parts[] = {"[Content_Types].xml", "mimetype",
	                                    "content.xml"};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (n == strlen(parts[i]) && !memcmp(name, parts[i], n))
			return true;
	return n > 5 && !memcmp(name, "word/", 5);
}

/* A ZIP's own member names, from its central directory (the end of the
 * file), else its first local header: a document's parts make it a
 * document.  Names inside a stored member are not its own, so a zip of
 * stored .docx files is still an archive. */
static bool S_zip_is_document(const unsigned char *data, size_t len)
{
	size_t lo = len > 65557 ? len - 65557 : 0;
	for (size_t i = len >= 22 ? len - 22 : 0; len >= 22 && i + 1 > lo; i--) {
		if (memcmp(data + i, "PK\5\6", 4) != 0) {
			if (i == 0)
				break;
			continue;
		}
		uint32_t count = S_le16(data + i + 10);
		uint32_t offset = S_le32(data + i + 16);
		size_t p = offset;
		for (uint32_t k = 0; k < count && p + 46 <= len; k++) {
			if (memcmp(data + p, "PK\1\2", 4) != 0)
				break;
			size_t n = S_le16(data + p + 28);
			if (p + 46 + n > len)
				break;
			if (S_document_part(data + p + 46, n))
				return true;
			p += 46 + n + S_le16(data + p + 30) + S_le16(data + p + 32);
		}
		return false;
	}
	size_t n = len >= 30 ? S_le16(data + 26) : 0;
	return len >= 30 + n && S_document_part(data + 30, n);
}

nb_archive_kind nb_archive_sniff(const unsigned char *data, size_t len)
{
	if (len >= 4 && !memcmp(data, "PK", 2)
	    && (!memcmp(data + 2, "\3\4", 2) || !memcmp(data + 2, "\5\6", 2)
	        || !memcmp(data + 2, "\7\10", 2)))
		return S_zip_is_document(data, len) ? NB_ARCHIVE_NONE
		                                    : NB_ARCHIVE_ZIP;
	if (len >= 7 && !memcmp(data, "Rar!\x1a\x07", 6))
		return NB_ARCHIVE_RAR;
	if (len >= 6 && !memcmp(data, "7z\xbc\xaf\x27\x1c", 6))
		return NB_ARCHIVE_7Z;
	if (len >= 262 && !memcmp(data + 257, "ustar", 5))
		return NB_ARCHIVE_TAR;
	/* compressed: taken as a tar (libarchive says so when it is not) */
	static const struct {
		const char *magic;
		size_t n;
	} filters[] = {
		{"\x1f\x8b", 2},                 /* gzip */
		{"BZh", 3},                      /* bzip2 */
		{"\xfd" "7zXZ\0", 6},            /* xz */
		{"\x28\xb5\x2f\xfd", 4},         /* zstd */
	};
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
		if (len >= filters[i].n && !memcmp(data, filters[i].magic, filters[i].n))
			return NB_ARCHIVE_TAR;
	return NB_ARCHIVE_NONE;
}

const char *nb_archive_kind_name(nb_archive_kind kind)
{
	switch (kind) {
	case NB_ARCHIVE_ZIP: return "zip";
	case NB_ARCHIVE_RAR: return "rar";
	case NB_ARCHIVE_7Z: return "7z";
	case NB_ARCHIVE_TAR: return "tar";
	default: return "none";
	}
}

/* ---- the iterator ------------------------------------------------------- */

/* One archive being read: the outer one, or an archive member of it. */
typedef struct level {
	struct archive *a;
	const unsigned char *data;
	int fd;                  /* the outer archive read from a file, or -1 */
	unsigned char *block;    /* what S_read last read from fd */
	size_t len, pos;
	uint64_t served;         /* bytes handed to libarchive by S_read */
	char *name;              /* as records show it, before "!/" */
	unsigned char *owned;    /* a member's bytes (inner levels) */
	size_t members;          /* inputs yielded from this level */
} level;

struct nb_archive {
	la_api api;
	void *handle;
	const unsigned char *data;
	int fd;                  /* nb_archive_new_fd's, or -1 */
	size_t len;
	char *name;
	size_t max_member;
	level levels[MAX_LEVELS];
	int depth;               /* levels open; 0 before the start */
	bool started, done;
	unsigned shard, shards;  /* the share of entries read (archive.h) */
	size_t top_entries;      /* entries of the outer archive met */
	size_t top_files;        /* its regular members met, in every share */
	uint64_t total;          /* inflated bytes of all members */
	size_t count;            /* members met (all levels) */
	size_t skipped[NB_ARCHIVE_SKIP_COUNT];
	nb_buf member;           /* the bytes of the member yielded last */
	locale_t utf8;           /* C.UTF-8 for libarchive's calls, or 0 */
	char *file;              /* its name */
};

static la_ssize_t S_read(struct archive *a, void *client, const void **buf)
{
	(void)a;
	level *l = client;
	size_t n = l->len - l->pos < BLOCK ? l->len - l->pos : BLOCK;
	if (l->fd >= 0) {
		ssize_t got;
		do
			got = read(l->fd, l->block, BLOCK);
		while (got < 0 && errno == EINTR);
		if (got < 0)
			return ARCHIVE_FATAL;
		n = (size_t)got;
		*buf = l->block;
	} else {
		*buf = l->data + l->pos;
	}
	l->pos += n;
	l->served += n;
	return (la_ssize_t)n;
}

static la_int64_t S_skip(struct archive *a, void *client, la_int64_t request)
{
	(void)a;
	level *l = client;
	size_t left = l->len - l->pos;
	size_t n = request < 0 ? 0 : (uint64_t)request > left ? left : (size_t)request;
	if (l->fd >= 0 && lseek(l->fd, (off_t)(l->pos + n), SEEK_SET) < 0)
		return 0; /* libarchive then reads its way over */
	l->pos += n;
	return (la_int64_t)n;
}

static la_int64_t S_seek(struct archive *a, void *client, la_int64_t offset,
                         int whence)
{
	(void)a;
	level *l = client;
	la_int64_t base = whence == SEEK_CUR ? (la_int64_t)l->pos
	                  : whence == SEEK_END ? (la_int64_t)l->len : 0;
	la_int64_t to = base + offset;
	if (to < 0 || to > (la_int64_t)l->len)
		return ARCHIVE_FATAL;
	if (l->fd >= 0 && lseek(l->fd, (off_t)to, SEEK_SET) < 0)
		return ARCHIVE_FATAL;
	l->pos = (size_t)to;
	return to;
}

nb_archive *nb_archive_new(const unsigned char *data, size_t len,
                           const char *name, const nb_limits *limits)
{
	nb_archive *ar = nb_xcalloc(1, sizeof *ar);
	ar->data = data;
	ar->fd = -1;
	ar->len = len;
	ar->name = nb_xstrdup(name);
	ar->max_member = nb_limits_input_bytes(limits);
	ar->shards = 1;
	ar->utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	return ar;
}

nb_archive *nb_archive_new_fd(int fd, size_t size, const char *name,
                              const nb_limits *limits)
{
	nb_archive *ar = nb_archive_new(NULL, size, name, limits);
	ar->fd = fd;
	return ar;
}

static void S_close_level(nb_archive *ar)
{
	level *l = &ar->levels[--ar->depth];
	if (l->a)
		ar->api.read_free(l->a);
	free(l->name);
	free(l->owned);
	free(l->block);
	memset(l, 0, sizeof *l);
}

void nb_archive_free(nb_archive *ar)
{
	if (!ar)
		return;
	while (ar->depth > 0)
		S_close_level(ar);
	nb_dl_close(ar->handle);
	if (ar->utf8)
		freelocale(ar->utf8);
	nb_buf_free(&ar->member);
	free(ar->file);
	free(ar->name);
	free(ar);
}

void nb_archive_set_shard(nb_archive *ar, unsigned shard, unsigned shards)
{
	ar->shards = shards ? shards : 1;
	ar->shard = shard < ar->shards ? shard : 0;
}

size_t nb_archive_skipped(const nb_archive *ar, nb_archive_skip reason)
{
	return (int)reason >= 0 && reason < NB_ARCHIVE_SKIP_COUNT
	               ? ar->skipped[reason]
	               : 0;
}

/* Open `data` as the next level; false with libarchive's word in `why`. */
static bool S_open_level(nb_archive *ar, const unsigned char *data, int fd,
                         size_t len, const char *name, unsigned char *owned,
                         char *why, size_t size)
{
	level *l = &ar->levels[ar->depth++];
	*l = (level){.data = data, .fd = fd, .len = len, .name = nb_xstrdup(name),
	             .owned = owned};
	if (fd >= 0)
		l->block = nb_xmalloc(BLOCK);
	const la_api *la = &ar->api;
	l->a = la->read_new();
	la->support_filter_all(l->a);
	la->support_format_zip(l->a);
	la->support_format_tar(l->a);
	la->support_format_7zip(l->a);
	la->support_format_rar(l->a);
	la->support_format_rar5(l->a);
	la->set_callback_data(l->a, l);
	la->set_read_callback(l->a, S_read);
	la->set_skip_callback(l->a, S_skip);
	la->set_seek_callback(l->a, S_seek);
	if (la->open1(l->a) == ARCHIVE_OK)
		return true;
	const char *message = la->error_string(l->a);
	snprintf(why, size, "%s", message ? message : "unknown format");
	l->owned = NULL; /* still the caller's */
	S_close_level(ar);
	return false;
}

static bool S_valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		int n = (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2
		        : (*p & 0xF8) == 0xF0 ? 3 : -1;
		if (n < 0 || (*p == 0xC0 || *p == 0xC1) || *p > 0xF4)
			return false;
		for (int i = 1; i <= n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return false;
		p += n + 1;
	}
	return true;
}

/* GB18030 → UTF-8 (malloc'd), or NULL when the bytes are not GB18030. */
static char *S_from_gb18030(const char *raw)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t in_left = strlen(raw), out_left = 4 * in_left + 1;
	char *out = nb_xmalloc(out_left), *in = (char *)raw, *o = out;
	size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
	iconv_close(cd);
	if (rc == (size_t)-1 || in_left) {
		free(out);
		return NULL;
	}
	*o = '\0';
	return out;
}

/* The member name as records show it (malloc'd, UTF-8); a leading "./"
 * of a tar is dropped. */
static char *S_member_name(const la_api *la, struct archive_entry *entry,
                           bool *escaped)
{
	*escaped = false;
	const char *raw = la->entry_pathname(entry);
	if (!raw)
		raw = la->entry_pathname_utf8(entry);
	if (!raw)
		raw = "";
	while (raw[0] == '.' && raw[1] == '/')
		raw += 2;
	if (S_valid_utf8(raw))
		return nb_xstrdup(raw);
	char *converted = S_from_gb18030(raw);
	if (converted)
		return converted;
	*escaped = true;
	nb_buf out = {0};
	for (const unsigned char *p = (const unsigned char *)raw; *p; p++)
		if (*p < 0x80)
			nb_buf_append(&out, p, 1);
		else
			nb_buf_printf(&out, "\\x%02X", *p);
	return out.data;
}

/* The archive itself as the one input it yields: why it gives no member. */
static bool S_yield_self(nb_archive *ar, nb_archive_member *m, nb_status status,
                         const char *fmt, const char *detail)
{
	free(ar->file);
	ar->file = nb_xstrdup(ar->name);
	*m = (nb_archive_member){.file = ar->file};
	m->status = nb_error_set(&m->error, status, 0, fmt, detail);
	ar->done = true;
	return true;
}

static void S_set_file(nb_archive *ar, const level *l, const char *member)
{
	free(ar->file);
	size_t n = strlen(l->name) + 2 + strlen(member) + 1;
	ar->file = nb_xmalloc(n);
	snprintf(ar->file, n, "%s!/%s", l->name, member);
}

static const char *S_mib(uint64_t bytes, char *buf, size_t size)
{
	if (bytes < (1 << 20))
		snprintf(buf, size, "%.0f KiB", (double)bytes / (1 << 10));
	else
		snprintf(buf, size, "%.0f MiB", (double)bytes / (1 << 20));
	return buf;
}

/* All members together may inflate to 1 GiB, or to NB_ARCHIVE_MAX_GROWTH
 * times the archive file when that is more: a real archive of reports
 * (PDFs hardly compress) stays far below, a bomb grows a thousandfold. */
static uint64_t S_total_limit(const nb_archive *ar)
{
	uint64_t grown = (uint64_t)ar->len * NB_ARCHIVE_MAX_GROWTH;
	return grown > NB_ARCHIVE_MAX_TOTAL ? grown : NB_ARCHIVE_MAX_TOTAL;
}

/* Inflate the current member of level `l` into ar->member under the
 * limits.  NB_OK, or the status and message of why not (err). */
static nb_status S_inflate(nb_archive *ar, level *l, struct archive_entry *entry,
                           bool *fatal, nb_error *err)
{
	const la_api *la = &ar->api;
	char a[32], b[32];
	ar->member.len = 0;
	*fatal = false;
	if (la->entry_is_encrypted(entry))
		return nb_error_set(err, NB_ERR_ENCRYPTED, 0,
		                    "encrypted with a password in the archive");
	if (la->entry_size_is_set(entry)
	    && (uint64_t)la->entry_size(entry) > ar->max_member)
		return nb_error_set(err, NB_ERR_LIMIT, 0,
		                    "inflates to %s, over the member size limit (%s)",
		                    S_mib((uint64_t)la->entry_size(entry), a, sizeof a),
		                    S_mib(ar->max_member, b, sizeof b));
	uint64_t served_at_start = l->served;
	char *chunk = nb_xmalloc(CHUNK);
	nb_status status = NB_OK;
	for (;;) {
		la_ssize_t n = la->read_data(l->a, chunk, CHUNK);
		if (n == 0)
			break;
		if (n < 0) {
			const char *why = la->error_string(l->a);
			why = why ? why : "unknown error";
			*fatal = n == ARCHIVE_FATAL;
			if (strstr(why, "ncrypt") || strstr(why, "assphrase"))
				status = nb_error_set(err, NB_ERR_ENCRYPTED, 0,
				                      "encrypted with a password in the "
				                      "archive");
			else
				status = nb_error_set(err, NB_ERR_DAMAGED, 0,
				                      "cannot inflate the member: %s", why);
			break;
		}
		if (ar->member.len + (size_t)n > ar->max_member) {
			status = nb_error_set(err, NB_ERR_LIMIT, 0,
			                      "inflates past the member size limit (%s)",
			                      S_mib(ar->max_member, b, sizeof b));
			break;
		}
		if (ar->total + ar->member.len + (size_t)n > S_total_limit(ar)) {
			*fatal = true;
			status = nb_error_set(
				err, NB_ERR_LIMIT, 0,
				"the members inflate past %s together (limit: inflated "
				"size of an archive); the members after it are not read",
				S_mib(S_total_limit(ar), b, sizeof b));
			break;
		}
		nb_buf_append(&ar->member, chunk, (size_t)n);
		uint64_t packed = l->served - served_at_start + BLOCK;
		if (ar->member.len >= RATIO_FROM
		    && ar->member.len / packed > NB_ARCHIVE_MAX_RATIO) {
			status = nb_error_set(
				err, NB_ERR_LIMIT, 0,
				"inflates more than %d times its compressed size (%s "
				"from at most %s; limit: compression ratio), a zip bomb?",
				NB_ARCHIVE_MAX_RATIO,
				S_mib(ar->member.len, a, sizeof a),
				S_mib(packed, b, sizeof b));
			break;
		}
	}
	free(chunk);
	if (status != NB_OK) {
		ar->member.len = 0;
		if (!*fatal)
			la->data_skip(l->a);
		return status;
	}
	ar->total += ar->member.len;
	nb_buf_append(&ar->member, "", 0);
	return NB_OK;
}

static bool S_next(nb_archive *ar, nb_archive_member *m)
{
	char why[256];
	/* the archive's own records come in share 0 only */
	bool own = ar->shard == 0;
	if (!ar->started) {
		ar->started = true;
		nb_error err = {0};
		if (S_load(&ar->api, &ar->handle, &err) != NB_OK)
			return own ? S_yield_self(ar, m, NB_ERR_NO_LIBRARY, "%s",
			                          err.message)
			           : (ar->done = true, false);
		if (!S_open_level(ar, ar->data, ar->fd, ar->len, ar->name, NULL, why,
		                  sizeof why))
			return own ? S_yield_self(ar, m, NB_ERR_DAMAGED,
			                          "cannot read the archive: %s", why)
			           : (ar->done = true, false);
	}
	const la_api *la = &ar->api;
	for (;;) {
		level *l = &ar->levels[ar->depth - 1];
		struct archive_entry *entry = NULL;
		int rc = la->next_header(l->a, &entry);
		if (rc == ARCHIVE_EOF || rc < ARCHIVE_WARN) {
			bool eof = rc == ARCHIVE_EOF;
			snprintf(why, sizeof why, "%s",
			         eof ? "" : la->error_string(l->a)
			                            ? la->error_string(l->a)
			                            : "unknown error");
			size_t yielded = l->members;
			if (ar->depth > 1) {
				/* the end of an archive inside: back to the outer one */
				char *inner = nb_xstrdup(l->name);
				S_close_level(ar);
				if (eof && yielded) {
					free(inner);
					continue;
				}
				free(ar->file);
				ar->file = inner;
				*m = (nb_archive_member){.file = ar->file};
				m->status = eof ? nb_error_set(&m->error, NB_ERR_EMPTY, 0,
				                               "an archive with no files")
				                : nb_error_set(&m->error, NB_ERR_DAMAGED, 0,
				                               "a damaged archive after %zu "
				                               "members: %s", yielded, why);
				ar->levels[ar->depth - 1].members++;
				return true;
			}
			yielded = ar->top_files;
			if ((eof && yielded) || !own)
				return ar->done = true, false;
			if (eof)
				return S_yield_self(ar, m, NB_ERR_EMPTY,
				                    "an archive with no files%s",
				                    ar->skipped[0] + ar->skipped[1]
				                                    + ar->skipped[2]
				                            ? " (only directories or links)"
				                            : "");
			if (yielded) {
				ar->done = true;
				free(ar->file);
				ar->file = nb_xstrdup(ar->name);
				*m = (nb_archive_member){.file = ar->file};
				m->status = nb_error_set(&m->error, NB_ERR_DAMAGED, 0,
				                         "a damaged archive: the members "
				                         "after the first %zu cannot be "
				                         "read: %s", yielded, why);
				return true;
			}
			return S_yield_self(ar, m, NB_ERR_DAMAGED,
			                    "a damaged archive: %s", why);
		}
		/* an entry of the outer archive is this share's or another's */
		bool top = ar->depth == 1;
		bool mine = !top || ar->top_entries++ % ar->shards == ar->shard;
		__LA_MODE_T type = la->entry_filetype(entry);
		nb_archive_skip skip = NB_ARCHIVE_SKIP_COUNT;
		if (type == AE_IFDIR)
			skip = NB_ARCHIVE_SKIP_DIRECTORY;
		else if (type == AE_IFLNK || la->entry_hardlink(entry))
			skip = NB_ARCHIVE_SKIP_LINK;
		else if (type != AE_IFREG && type != 0)
			skip = NB_ARCHIVE_SKIP_SPECIAL;
		if (skip != NB_ARCHIVE_SKIP_COUNT) {
			ar->skipped[skip] += mine;
			continue;
		}
		if (top)
			ar->top_files++;
		if (!mine) {
			la->data_skip(l->a);
			continue;
		}
		bool escaped = false;
		char *name = S_member_name(la, entry, &escaped);
		S_set_file(ar, l, name);
		free(name);
		*m = (nb_archive_member){.file = ar->file, .name_escaped = escaped};
		l->members++;
		if (++ar->count > NB_ARCHIVE_MAX_MEMBERS) {
			ar->done = true;
			m->status = nb_error_set(&m->error, NB_ERR_LIMIT, 0,
			                         "more than %d members (limit: members "
			                         "of an archive); the members after it "
			                         "are not read",
			                         NB_ARCHIVE_MAX_MEMBERS);
			return true;
		}
		bool fatal = false;
		m->status = S_inflate(ar, l, entry, &fatal, &m->error);
		if (m->status != NB_OK) {
			/* libarchive cannot go on in this archive: an archive
			 * inside is left, the outer one goes on; the outer one
			 * itself, or the total limit, ends the walk */
			if (fatal && ar->depth > 1 && m->status != NB_ERR_LIMIT)
				S_close_level(ar);
			else if (fatal)
				ar->done = true;
			return true;
		}
		m->data = (const unsigned char *)ar->member.data;
		m->len = ar->member.len;
		if (nb_archive_sniff(m->data, m->len) == NB_ARCHIVE_NONE)
			return true;
		if (ar->depth >= MAX_LEVELS) {
			m->status = nb_error_set(&m->error, NB_ERR_ARCHIVE, 0,
			                         "an archive in an archive in an "
			                         "archive: only one level inside is "
			                         "read; unpack it first");
			return true;
		}
		/* an archive inside: its members come next, under its name */
		nb_buf held = ar->member;
		ar->member = (nb_buf){0};
		char *inner = nb_xstrdup(ar->file);
		bool opened = S_open_level(ar, (unsigned char *)held.data, -1, held.len,
		                           inner, (unsigned char *)held.data, why,
		                           sizeof why);
		free(inner);
		if (!opened) {
			/* yielded with its bytes, which have a sha256 */
			nb_buf_free(&ar->member);
			ar->member = held;
			m->status = nb_error_set(&m->error, NB_ERR_DAMAGED, 0,
			                         "a damaged archive: %s", why);
			return true;
		}
	}
}

bool nb_archive_next(nb_archive *ar, nb_archive_member *m)
{
	if (ar->done)
		return false;
	/* this thread only, for the calls into libarchive (see the top) */
	locale_t old = ar->utf8 ? uselocale(ar->utf8) : (locale_t)0;
	bool more = S_next(ar, m);
	if (old)
		uselocale(old);
	return more;
}
