// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kvmsim trace: runs a program as kvmsim-run does, on the simulator, with
 * libkvmsim-trace.so preloaded in front of the interposer so that every
 * KVM ioctl the program makes is printed (see trace-preload.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kvmsim.h"

#define TRACE_NAME	"libkvmsim-trace.so"

/* trace's own errors; kvmsim-run's and the program's statuses pass through. */
#define EXIT_SETUP	125

/* "kvmsim trace: ..." on stderr; the status of trace's own failures. */
static __attribute__((format(printf, 1, 2))) int setup_error(const char *fmt, ...)
{
	va_list ap;

	fputs("kvmsim trace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_SETUP;
}

static bool readable(const char *path)
{
	return access(path, R_OK) == 0;
}

/*
 * $@env; else the file beside this program (installed: kvmsim-run in
 * bindir), or in the build tree @build_path from the top (libtool keeps
 * this program in tools/.libs); else @fallback (NULL: none).
 */
static char *find_file(const char *env, const char *name, const char *build_path,
		       const char *fallback)
{
	const char *path = getenv(env);
	char exe[PATH_MAX], buf[PATH_MAX + 128];
	ssize_t n;

	if (path && *path)
		return readable(path) ? strdup(path) : NULL;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		*strrchr(exe, '/') = '\0';
		snprintf(buf, sizeof(buf), "%s/%s", exe, name);
		if (readable(buf))
			return strdup(buf);
		snprintf(buf, sizeof(buf), "%s/../../%s", exe, build_path);
		if (readable(buf))
			return strdup(buf);
	}
	return fallback && readable(fallback) ? strdup(fallback) : NULL;
}

struct trace_opts {
	const char *output;
	const char *kernel;
};

static int trace_opt(int c, const char *arg, void *data)
{
	struct trace_opts *o = data;

	if (c == 'o')
		o->output = arg;
	else if (c == 'k')
		o->kernel = arg;
	return -1;
}

/*
 * The program runs under kvmsim-run, which finds and checks it and sets up
 * the interposer, with the tracer preloaded in front of the interposer
 * (--preload-first): kvmsim-run's exit statuses are trace's.
 */
int cmd_trace(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "kernel", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct trace_opts o = { NULL, NULL };
	char *trace_lib, *trace_aarch64, *run, *first = NULL, *first_aarch64 = NULL;
	char *kernel = NULL, fdbuf[16];
	char **args;
	int r = sub_options(argc, argv, "+:o:k:", longopts, trace_opt, &o), fd, n = 0;

	if (r >= 0)
		return r == EXIT_SUCCESS ? r : EXIT_SETUP;
	if (optind >= argc)
		return setup_error("no program to run (see 'kvmsim trace --help')");
	trace_lib = find_file("KVMSIM_TRACE_PRELOAD", TRACE_NAME, "tools/.libs/" TRACE_NAME,
			      PKGLIBDIR "/" TRACE_NAME);
	if (!trace_lib)
		return setup_error("cannot find %s (set KVMSIM_TRACE_PRELOAD to its path)",
				   TRACE_NAME);
	/*
	 * Its aarch64 build, for an aarch64 program under qemu ('make aarch64',
	 * 'make install-aarch64'); kvmsim-run takes the one of the program's
	 * machine.  Without it, kvmsim-run refuses an aarch64 program.
	 */
	trace_aarch64 = find_file("KVMSIM_TRACE_PRELOAD_AARCH64", "aarch64/" TRACE_NAME,
				  "aarch64/tools/.libs/" TRACE_NAME,
				  PKGLIBDIR "/aarch64/" TRACE_NAME);
	/* Not found here: kvmsim-run from PATH. */
	run = find_file("KVMSIM_RUN", "kvmsim-run", "vmm/kvmsim-run", NULL);
	args = calloc((size_t)(argc - optind) + 6, sizeof(*args));
	if (!args || asprintf(&first, "--preload-first=%s", trace_lib) < 0 ||
	    (trace_aarch64 && asprintf(&first_aarch64, "--preload-first=%s", trace_aarch64) < 0) ||
	    (o.kernel && asprintf(&kernel, "--kernel=%s", o.kernel) < 0))
		return setup_error("out of memory");
	/* The trace goes to its own fd, whatever the program does with stderr. */
	if (o.output)
		fd = open(o.output, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	else
		fd = fcntl(STDERR_FILENO, F_DUPFD, 10);
	if (fd < 0)
		return setup_error("%s: %s", o.output ? o.output : "stderr", strerror(errno));
	snprintf(fdbuf, sizeof(fdbuf), "%d", fd);
	if (setenv("KVMSIM_TRACE_FD", fdbuf, 1))
		return setup_error("cannot set the environment: %s", strerror(errno));
	args[n++] = run ? run : "kvmsim-run";
	args[n++] = first;
	if (first_aarch64)
		args[n++] = first_aarch64;
	if (kernel)
		args[n++] = kernel;
	args[n++] = "--";
	memcpy(args + n, argv + optind, (size_t)(argc - optind) * sizeof(*args));
	execvp(args[0], args);
	return setup_error("%s: %s", args[0], strerror(errno));
}
