/*
 * file.c — reading inputs and writing outputs safely.
 *
 * Reading: a whole input is read into memory once (every reader works on
 * bytes), under the input size limit, and only from a regular file or
 * standard input: opening a FIFO blocks until a writer comes and a device
 * may never end, so a batch walk or a mistyped path would hang.  Writing:
 * output files are replaced atomically (temporary file, fsync, rename), so
 * a killed run leaves the old file or the new one, never half of one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base.h"

size_t nb_limits_input_bytes(const nb_limits *limits)
{
	return limits && limits->max_input_bytes ? limits->max_input_bytes
	                                         : NB_DEFAULT_MAX_INPUT_BYTES;
}

static nb_status S_fail(int fd, unsigned char *buf, nb_status status,
                        nb_error *err, const char *what, int saved_errno)
{
	free(buf);
	if (fd != STDIN_FILENO && fd >= 0)
		close(fd);
	if (status == NB_ERR_IO && saved_errno)
		return nb_error_set(err, status, 0, "%s: %s", what,
		                    strerror(saved_errno));
	return nb_error_set(err, status, 0, "%s", what);
}

/* Open `path` for reading without blocking on a FIFO, and refuse anything
 * that is not a regular file (standard input is taken as it is). */
static nb_status S_open(const char *path, int *fd_out, struct stat *st,
                        nb_error *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	int fd = is_stdin ? STDIN_FILENO
	                  : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return nb_error_set(err, NB_ERR_IO, 0, "cannot open: %s",
		                    strerror(errno));
	if (fstat(fd, st) != 0)
		return S_fail(fd, NULL, NB_ERR_IO, err, "cannot stat", errno);
	if (S_ISDIR(st->st_mode))
		return S_fail(fd, NULL, NB_ERR_IO, err, "is a directory", 0);
	if (!is_stdin && !S_ISREG(st->st_mode))
		return S_fail(fd, NULL, NB_ERR_IO, err,
		              "not a regular file (a FIFO, device or socket)", 0);
	if (!is_stdin) {
		int flags = fcntl(fd, F_GETFL);
		if (flags >= 0)
			fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	}
	*fd_out = fd;
	return NB_OK;
}

nb_status nb_file_read(const char *path, size_t max_bytes,
                       unsigned char **out, size_t *out_len, nb_error *err)
{
	int fd = -1;
	struct stat st;
	nb_status status = S_open(path, &fd, &st, err);
	if (status != NB_OK)
		return status;
	char too_large[64];
	snprintf(too_large, sizeof too_large, "input larger than %zu bytes",
	         max_bytes);
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max_bytes)
		return S_fail(fd, NULL, NB_ERR_LIMIT, err, too_large, 0);
	size_t cap = S_ISREG(st.st_mode) && st.st_size > 0
	                     ? (size_t)st.st_size + 1
	                     : 65536;
	if (cap > max_bytes + 1)
		cap = max_bytes + 1;
	size_t len = 0;
	unsigned char *buf = nb_xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap) {
			if (len > max_bytes)
				return S_fail(fd, buf, NB_ERR_LIMIT, err, too_large, 0);
			cap = cap > max_bytes / 2 ? max_bytes + 2 : cap * 2;
			buf = nb_xrealloc(buf, cap);
		}
		ssize_t got = read(fd, buf + len, cap - 1 - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return S_fail(fd, buf, NB_ERR_IO, err, "cannot read", errno);
		if (got == 0)
			break;
		len += (size_t)got;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (len > max_bytes) {
		free(buf);
		return nb_error_set(err, NB_ERR_LIMIT, 0, "%s", too_large);
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	return NB_OK;
}

size_t nb_file_head(const char *path, unsigned char *head, size_t cap)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	size_t got = 0;
	while (got < cap) {
		ssize_t n = read(fd, head + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	return got;
}

int nb_file_write_atomic(const char *path, const char *data, size_t len)
{
	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
			return -1;
		return 0;
	}
	size_t tmp_len = strlen(path) + 32;
	char *tmp = nb_xmalloc(tmp_len);
	snprintf(tmp, tmp_len, "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	if (nb_write_full(fd, data, len) != 0 || fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	return 0;
fail:;
	int saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}

int nb_write_full(int fd, const void *data, size_t len)
{
	const char *bytes = data;
	while (len > 0) {
		ssize_t wrote = write(fd, bytes, len);
		if (wrote < 0 && errno == EINTR)
			continue;
		if (wrote < 0)
			return -1;
		bytes += wrote;
		len -= (size_t)wrote;
	}
	return 0;
}

int nb_read_full(int fd, void *data, size_t len)
{
	char *bytes = data;
	size_t got_total = 0;
	while (got_total < len) {
		ssize_t got = read(fd, bytes + got_total, len - got_total);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			return got_total == 0 ? 0 : -1;
		got_total += (size_t)got;
	}
	return 1;
}
