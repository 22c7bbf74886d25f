// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kvmsim trace: runs a program as kvmsim-run does, on the simulator, with
 * libkvmsim-trace.so preloaded in front of the interposer so that every
 * KVM ioctl the program makes is printed (see trace-preload.c).
 */
#include <elf.h>
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

#include "kvmsim/kvmsim.h"
#include "kvmsim.h"

#define TRACE_NAME	"libkvmsim-trace.so"
#define PRELOAD_NAME	"libkvmsim-preload.so"

/* As kvmsim-run and the shells: cannot run, not found. */
#define EXIT_SETUP	125	/* trace's own errors: the others are the program's */
#define EXIT_CANNOT_RUN	126
#define EXIT_NOT_FOUND	127

#if defined(__x86_64__)
#define EM_HOST		EM_X86_64
#elif defined(__aarch64__)
#define EM_HOST		EM_AARCH64
#else
#error "kvmsim trace: unknown host architecture"
#endif

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
 * $@env; else, run from the build tree (where libtool keeps this program
 * in tools/.libs), the library there; else the installed one.
 */
static char *find_lib(const char *env, const char *name, const char *build_dir)
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
		snprintf(buf, sizeof(buf), "%s/../../%s/.libs/%s", exe, build_dir, name);
		if (readable(buf))
			return strdup(buf);
	}
	snprintf(buf, sizeof(buf), "%s/%s", PKGLIBDIR, name);
	return readable(buf) ? strdup(buf) : NULL;
}

/* A statically linked or foreign program would never reach the preloaded libraries. */
static int check_program(const char *path)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	bool dynamic = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;	/* execvp() says why */
	if (read(fd, &eh, sizeof(eh)) != (ssize_t)sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG)) {
		close(fd);
		return 0;	/* a script */
	}
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_HOST) {
		close(fd);
		sub_error("trace", "%s is not a program of this machine: trace runs those only",
			  path);
		return EXIT_CANNOT_RUN;
	}
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + (uint64_t)i * eh.e_phentsize)) !=
		    (ssize_t)sizeof(ph))
			break;
		if (ph.p_type == PT_INTERP)
			dynamic = true;
	}
	close(fd);
	if (!dynamic) {
		sub_error("trace", "%s is statically linked: LD_PRELOAD cannot reach it", path);
		return EXIT_CANNOT_RUN;
	}
	return 0;
}

/* PROGRAM's path as execvp() finds it, for the check; NULL if not found. */
static char *find_program(const char *name)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	if (strchr(name, '/'))
		return strdup(name);
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");

		if (snprintf(buf, sizeof(buf), "%.*s%s%s", (int)len, path, len ? "/" : "",
			     name) < (int)sizeof(buf) && !access(buf, X_OK))
			return strdup(buf);
		path += len + (path[len] == ':');
	}
	return NULL;
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

int cmd_trace(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "kernel", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct trace_opts o = { NULL, NULL };
	char *trace_lib, *preload_lib, *program, *preload, fdbuf[16];
	const char *old, *kernel;
	int r = sub_options(argc, argv, "+:o:k:", longopts, trace_opt, &o), fd;

	if (r >= 0)
		return r == EXIT_SUCCESS ? r : EXIT_SETUP;
	if (optind >= argc)
		return setup_error("no program to run (see 'kvmsim trace --help')");
	if (o.kernel) {
		kernel = kvmsim_kernel_lookup(o.kernel);
		if (!kernel)
			return setup_error("--kernel=%s names no modelled kernel "
					 "(see 'kvmsim kernels')", o.kernel);
		if (setenv("KVMSIM_KERNEL", kernel, 1))
			return setup_error("cannot set KVMSIM_KERNEL: %s", strerror(errno));
	}
	trace_lib = find_lib("KVMSIM_TRACE_PRELOAD", TRACE_NAME, "tools");
	if (!trace_lib)
		return setup_error("cannot find %s (set KVMSIM_TRACE_PRELOAD to its path)",
				 TRACE_NAME);
	preload_lib = find_lib("KVMSIM_PRELOAD", PRELOAD_NAME, "vmm");
	if (!preload_lib) {
		free(trace_lib);
		return setup_error("cannot find %s (set KVMSIM_PRELOAD to its path)",
				 PRELOAD_NAME);
	}
	program = find_program(argv[optind]);
	if (program) {
		r = check_program(program);
		free(program);
		if (r)
			return r;
	}
	/* The trace goes to its own fd, whatever the program does with stderr. */
	if (o.output)
		fd = open(o.output, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	else
		fd = fcntl(STDERR_FILENO, F_DUPFD, 10);
	if (fd < 0)
		return setup_error("%s: %s", o.output ? o.output : "stderr", strerror(errno));
	snprintf(fdbuf, sizeof(fdbuf), "%d", fd);
	old = getenv("LD_PRELOAD");
	if (asprintf(&preload, "%s:%s%s%s", trace_lib, preload_lib, old && *old ? ":" : "",
		     old && *old ? old : "") < 0)
		return setup_error("out of memory");
	if (setenv("LD_PRELOAD", preload, 1) || setenv("KVMSIM_TRACE_FD", fdbuf, 1))
		return setup_error("cannot set the environment: %s", strerror(errno));
	execvp(argv[optind], argv + optind);
	r = errno;
	sub_error(argv[0], "%s: %s", argv[optind], strerror(r));
	return r == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
}
