/*
 * convert.c — `nianbao extract --convert`: a legacy Word (.doc), WPS or
 * RTF file converted to .docx by LibreOffice, then read as a .docx.
 *
 * Why here and not in the library: the library reads bytes and never
 * runs a program (nianbao.h), so a program embedding libnianbao never
 * finds it forking an office suite behind its back; converting is a
 * choice the user makes on the command line (--convert), and the command
 * layer that owns processes (batch workers, timeouts, memory limits) is
 * where a child process belongs.  The library's part is
 * nb_read_converted: it reads the .docx bytes it is handed and says
 * source.converted_from.
 *
 * Each conversion runs in a private temporary directory (mkdtemp under
 * $TMPDIR), with a LibreOffice profile private to the process
 * (-env:UserInstallation: two workers sharing the user's profile would
 * block each other on its lock, and a first start per file would cost
 * seconds), under a time limit: soffice runs in its own process group,
 * killed whole when the limit passes.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib.h>

#include "batch_internal.h"

enum { DEFAULT_CONVERT_SECONDS = 120 };

/* The format the legacy file is in: "rtf", "wps" (by its name: WPS and
 * Word binaries are both OLE files), or "doc". */
static const char *S_format(const char *name, const unsigned char *data,
                            size_t len)
{
	if (len >= 5 && !memcmp(data, "{\\rtf", 5))
		return "rtf";
	size_t n = strlen(name);
	if (n >= 4 && strcasecmp(name + n - 4, ".wps") == 0)
		return "wps";
	return "doc";
}

static nb_result *S_refuse(const char *sha256, const char *fmt,
                           const char *detail)
{
	nb_error err = {0};
	nb_error_set(&err, NB_ERR_LEGACY_WORD, 0, fmt, detail);
	return nb_result_refused(&err, sha256);
}

static const char *S_tmpdir(void)
{
	const char *tmp = getenv("TMPDIR");
	return tmp && *tmp ? tmp : "/tmp";
}

char *nb_convert_profile_dir(void)
{
	return g_strdup_printf("%s/nianbao-lo-profile-%ld", S_tmpdir(),
	                       (long)getpid());
}

static void S_remove_tree(const char *path)
{
	GDir *dir = g_dir_open(path, 0, NULL);
	if (dir) {
		const char *entry;
		while ((entry = g_dir_read_name(dir)) != NULL) {
			char *child = g_build_filename(path, entry, NULL);
			struct stat st;
			if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode))
				S_remove_tree(child);
			else
				unlink(child);
			g_free(child);
		}
		g_dir_close(dir);
	}
	rmdir(path);
}

void nb_convert_cleanup(void)
{
	char *profile = nb_convert_profile_dir();
	S_remove_tree(profile);
	g_free(profile);
}

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run soffice on `input` into `outdir`; 0, or -1 with `why` filled. */
static int S_run_soffice(const char *soffice, const char *input,
                         const char *outdir, double seconds, char *why,
                         size_t size)
{
	char *profile_dir = nb_convert_profile_dir();
	char *profile = g_strdup_printf("-env:UserInstallation=file://%s",
	                                profile_dir);
	g_free(profile_dir);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, size, "cannot start soffice: %s", strerror(errno));
		g_free(profile);
		return -1;
	}
	if (pid == 0) {
		setpgid(0, 0);
#ifdef __linux__
		prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
		/* a worker's --max-memory is its own soft limit: LibreOffice
		 * maps more address space than a reader needs */
		struct rlimit limit;
		if (getrlimit(RLIMIT_AS, &limit) == 0) {
			limit.rlim_cur = limit.rlim_max;
			setrlimit(RLIMIT_AS, &limit);
		}
		int null_fd = open("/dev/null", O_RDWR);
		if (null_fd >= 0) {
			dup2(null_fd, STDIN_FILENO);
			dup2(null_fd, STDOUT_FILENO);
			dup2(null_fd, STDERR_FILENO);
		}
		execl(soffice, "soffice", "--headless", "--norestore",
		      "--nolockcheck", "--nodefault", profile, "--convert-to",
		      "docx:MS Word 2007 XML", "--outdir", outdir, input,
		      (char *)NULL);
		_exit(127);
	}
	g_free(profile);
	double deadline = S_now() + seconds;
	int status = 0;
	for (;;) {
		pid_t got = waitpid(pid, &status, WNOHANG);
		if (got == pid)
			break;
		if (got < 0 && errno != EINTR) {
			snprintf(why, size, "lost soffice: %s", strerror(errno));
			return -1;
		}
		if (S_now() > deadline) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			snprintf(why, size, "soffice did not finish within %g s",
			         seconds);
			return -1;
		}
		struct timespec nap = {0, 50 * 1000 * 1000};
		nanosleep(&nap, NULL);
	}
	/* soffice's helpers may outlive it in its group */
	kill(-pid, SIGKILL);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(why, size, "soffice failed (status %d)", status);
		return -1;
	}
	return 0;
}

nb_result *nb_convert_read(nb_context *ctx, const nb_extract_opts *opts,
                           const char *name, const unsigned char *data,
                           size_t len, const char *sha256)
{
	const char *from = S_format(name, data, len);
	char *soffice = g_find_program_in_path("soffice");
	if (!soffice)
		return S_refuse(sha256,
		                "a legacy Word, WPS or RTF document; --convert "
		                "needs LibreOffice's soffice on PATH%s",
		                " (Debian package libreoffice-writer-nogui)");
	char *dir = g_strdup_printf("%s/nianbao-convert-XXXXXX", S_tmpdir());
	if (!mkdtemp(dir)) {
		nb_result *r = S_refuse(sha256, "--convert: cannot make a "
		                        "temporary directory: %s", strerror(errno));
		g_free(dir);
		g_free(soffice);
		return r;
	}
	char *input = g_strdup_printf("%s/input.%s", dir, from);
	char *output = g_strdup_printf("%s/input.docx", dir);
	double seconds = opts->timeout_seconds > 0 ? opts->timeout_seconds * 0.75
	                                           : DEFAULT_CONVERT_SECONDS;
	char why[256] = "";
	nb_result *result = NULL;
	if (!g_file_set_contents(input, (const char *)data, (gssize)len, NULL)) {
		result = S_refuse(sha256, "--convert: cannot write %s", input);
	} else if (S_run_soffice(soffice, input, dir, seconds, why, sizeof why)
	           != 0) {
		result = S_refuse(sha256, "a legacy Word, WPS or RTF document "
		                  "that could not be converted: %s", why);
	} else {
		unsigned char *docx = NULL;
		size_t docx_len = 0;
		nb_error err = {0};
		if (nb_file_read(output, NB_DEFAULT_MAX_INPUT_BYTES, &docx,
		                 &docx_len, &err) != NB_OK)
			result = S_refuse(sha256, "a legacy Word, WPS or RTF "
			                  "document that soffice did not convert "
			                  "(%s)", err.message);
		else
			result = nb_read_converted(ctx, name, docx, docx_len,
			                           sha256, from);
		free(docx);
	}
	S_remove_tree(dir);
	g_free(input);
	g_free(output);
	g_free(dir);
	g_free(soffice);
	return result;
}
