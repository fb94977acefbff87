/*
 * fuzz/archive.c — libFuzzer target: the archive reader (archive/archive.h)
 * and every member through the front door, as a batch worker reads them.
 * An input that is an archive by its first bytes (ZIP, RAR, 7z, tar,
 * compressed tars) is walked as it is: damaged central directories, cut
 * members, lying sizes, names in any bytes.  Any other input becomes a
 * ZIP written here: its first line (up to 64 bytes, raw, no UTF-8 flag) is
 * a member's name and the rest its bytes, so mutations reach the name
 * conversion (UTF-8, GB18030, escapes) and the member handling rather
 * than dying in the ZIP's own checks; an odd first byte wraps that ZIP in
 * another (one nested level) and then in a third (one too many).  Seeds
 * are the corpus archives (fuzz/run.sh).
 */
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "../nianbao.h"
#include "fuzz.h"

enum { MAX_MEMBER_READ = 64 << 10 };

/* A ZIP of one member `name` (raw bytes) holding `size` bytes; malloc'd. */
static unsigned char *S_zip(const char *name, const void *data, size_t size,
                            size_t *len)
{
	size_t cap = size + 4096;
	unsigned char *buf = malloc(cap);
	struct archive *a = archive_write_new();
	archive_write_set_format_zip(a);
	archive_write_set_options(a, "zip:compression=store");
	archive_write_open_memory(a, buf, cap, len);
	struct archive_entry *e = archive_entry_new();
	archive_entry_copy_pathname(e, name);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_write_header(a, e);
	archive_write_data(a, data, size);
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);
	return buf;
}

static void S_walk(const unsigned char *data, size_t size)
{
	nb_limits limits = {.max_input_bytes = 4 << 20};
	nb_archive *ar = nb_archive_new(data, size, "fuzz.zip", &limits);
	nb_archive_member m;
	while (nb_archive_next(ar, &m))
		if (m.status == NB_OK && m.len <= MAX_MEMBER_READ)
			nb_fuzz_read(m.data, m.len, m.file);
	for (int i = 0; i < NB_ARCHIVE_SKIP_COUNT; i++)
		(void)nb_archive_skipped(ar, (nb_archive_skip)i);
	nb_archive_free(ar);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (nb_archive_sniff(data, size) != NB_ARCHIVE_NONE) {
		S_walk(data, size);
		return 0;
	}
	char name[65] = "member";
	size_t n = 0;
	while (n < size && n < 64 && data[n] != '\n' && data[n] != '\0')
		n++;
	if (n > 0) {
		memcpy(name, data, n);
		name[n] = '\0';
	}
	size_t rest = n < size ? n + 1 : n;
	size_t len = 0;
	unsigned char *zip = S_zip(name, data + rest, size - rest, &len);
	for (int wraps = size > 0 && (data[0] & 1) ? 2 : 0; wraps > 0; wraps--) {
		size_t outer_len = 0;
		unsigned char *outer = S_zip("inner.zip", zip, len, &outer_len);
		free(zip);
		zip = outer;
		len = outer_len;
	}
	S_walk(zip, len);
	free(zip);
	return 0;
}
