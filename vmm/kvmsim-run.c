// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kvmsim-run - run an unmodified program against the simulated arm64 KVM.
 *
 * Puts libkvmsim-preload.so in front of the program with LD_PRELOAD and
 * executes it in this process, so that its exit status and the signal that
 * ends it are the program's own.
 */
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kvmsim/inject.h"
#include "kvmsim/kvmsim.h"

#define PRELOAD_NAME	"libkvmsim-preload.so"

/* Where Debian's libc6-arm64-cross puts the aarch64 libraries. */
#define AARCH64_LIBS	"/usr/aarch64-linux-gnu"

/* The machine whose programs this build's interposer can enter. */
#if defined(__x86_64__)
#define EM_HOST		EM_X86_64
#define HOST_NAME	"x86-64"
#elif defined(__aarch64__)
#define EM_HOST		EM_AARCH64
#define HOST_NAME	"aarch64"
#else
#error "kvmsim-run: unknown host architecture"
#endif

/* As env(1) and the shells exit when they cannot run a program. */
#define EXIT_CANNOT_RUN	126
#define EXIT_NOT_FOUND	127

static const char *prog = "kvmsim-run";

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [--kernel=RELEASE] [--preload-first=LIB] [--] PROGRAM [ARG...]\n"
		"\n"
		"Runs PROGRAM, an unmodified dynamically linked program, so that its\n"
		"open() of /dev/kvm reaches the simulated arm64 KVM: ioctl, mmap, close\n"
		"and dup on the fds it gets go to the simulator, every other call to\n"
		"the system as usual.  PROGRAM's exit status is kvmsim-run's.\n"
		"\n"
		"Options:\n"
		"  -k, --kernel=RELEASE  the Linux release to model (",
		prog);
	for (size_t i = 0; i < kvmsim_kernel_count(); i++)
		fprintf(out, "%s%s", i ? ", " : "", kvmsim_kernel_name(i));
	fprintf(out,
		"; default:\n"
		"                        $KVMSIM_KERNEL, else %s)\n"
		"      --preload-first=LIB  preload LIB in front of the interposer, so that\n"
		"                        it sees PROGRAM's calls first (kvmsim trace's\n"
		"                        tracer); given twice, once built for this\n"
		"                        machine and once for aarch64, the one of\n"
		"                        PROGRAM's machine is taken\n"
		"  -h, --help            this text\n"
		"  -V, --version         the version\n"
		"\n"
		"An aarch64 PROGRAM on another machine runs under qemu-aarch64 with an\n"
		"aarch64 build of the interposer: $KVMSIM_PRELOAD_AARCH64, else the one\n"
		"'make aarch64' built (run from the build tree), else the installed\n"
		"%s/aarch64/%s.\n"
		"\n"
		"Environment: KVMSIM_KERNEL (as --kernel), KVMSIM_HOST (host CPU profile\n"
		"file), KVMSIM_PRELOAD (the interposer to use instead of the installed\n"
		"one), KVMSIM_PRELOAD_AARCH64, QEMU_AARCH64 (default qemu-aarch64) and\n"
		"qemu's own QEMU_LD_PREFIX (the aarch64 libraries' root; default\n"
		"%s when that exists).\n"
		"KVMSIM_INJECT=RULES makes chosen calls fail and KVM_RUN return scripted\n"
		"exits, e.g. 'KVM_SET_ONE_REG#3=EFAULT KVM_RUN@vcpu0=exit:system_event:reset'\n"
		"(kvmsim/inject.h, README).\n"
		"\n"
		"Exit status: PROGRAM's; 125 a usage or setup error; 126 PROGRAM cannot\n"
		"be run (not executable, statically linked, another architecture); 127\n"
		"PROGRAM not found.\n",
		kvmsim_kernel_default(), PKGLIBDIR, PRELOAD_NAME, AARCH64_LIBS);
}

static __attribute__((format(printf, 2, 3), noreturn)) void die(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

/* A malformed $KVMSIM_INJECT is a setup error here, before PROGRAM runs unscripted. */
static void check_inject(void)
{
	const char *rules = getenv("KVMSIM_INJECT");
	char msg[256];

	if (rules && kvmsim_inject(rules, msg, sizeof(msg)))
		die(125, "KVMSIM_INJECT: %s", errno == EINVAL ? msg : strerror(errno));
	kvmsim_inject_clear();
}

/* The kernel named by --kernel or $KVMSIM_KERNEL, checked; NULL for the default. */
static const char *pick_kernel(const char *arg)
{
	const char *name = arg ? arg : getenv("KVMSIM_KERNEL");
	const char *canon;

	if (!name || !*name)
		return NULL;
	canon = kvmsim_kernel_lookup(name);
	if (!canon)
		die(125, "%s '%s' names no modelled kernel (see kvmsim kernels)",
		    arg ? "--kernel" : "KVMSIM_KERNEL", name);
	return canon;
}

/* PROGRAM as execvp() would find it, or exits 127. */
static char *find_program(const char *name)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	if (strchr(name, '/')) {
		if (access(name, F_OK))
			die(EXIT_NOT_FOUND, "%s: %s", name, strerror(errno));
		return strdup(name);
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");

		if (snprintf(buf, sizeof(buf), "%.*s%s%s", (int)len, path, len ? "/" : "",
			     name) < (int)sizeof(buf) && !access(buf, X_OK))
			return strdup(buf);
		path += len + (path[len] == ':');
	}
	die(EXIT_NOT_FOUND, "%s: command not found", name);
}

/*
 * LD_PRELOAD reaches only programs that the dynamic loader starts; say so
 * instead of running a static binary that would then use the real /dev/kvm.
 */
static void check_elf(const char *path, bool *ret_aarch64)
{
	bool aarch64 = false;
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool dynamic = false;

	if (fd < 0)
		die(EXIT_CANNOT_RUN, "%s: %s", path, strerror(errno));
	if (read(fd, &eh, sizeof(eh)) != (ssize_t)sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG)) {
		close(fd);	/* a script: its interpreter is checked when it runs */
		*ret_aarch64 = false;
		return;
	}
	if (eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_machine == EM_AARCH64 &&
	    EM_HOST != EM_AARCH64)
		aarch64 = true;
	else if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_HOST)
		die(EXIT_CANNOT_RUN, "%s: built neither for this machine (%s) nor for aarch64",
		    path, HOST_NAME);
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + (uint64_t)i * eh.e_phentsize)) !=
		    (ssize_t)sizeof(ph))
			break;
		if (ph.p_type == PT_INTERP)
			dynamic = true;
	}
	close(fd);
	if (!dynamic)
		die(EXIT_CANNOT_RUN, "%s is statically linked: LD_PRELOAD cannot reach it. "
		    "Link it dynamically, or build it with the shim (kvmsim/backend.h)", path);
	*ret_aarch64 = aarch64;
}

static bool readable(const char *path)
{
	return access(path, R_OK) == 0;
}

/* The directory of this program (libtool keeps it in .libs in the build tree). */
static bool exe_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);

	if (n <= 0)
		return false;
	buf[n] = '\0';
	*strrchr(buf, '/') = '\0';
	return true;
}

/*
 * $KVMSIM_PRELOAD; else, run from the build tree (libtool keeps the real
 * binary in .libs beside the uninstalled interposer), that one; else the
 * installed one.
 */
static char *find_preload(void)
{
	const char *env = getenv("KVMSIM_PRELOAD");
	char exe[PATH_MAX], buf[PATH_MAX + 64];

	if (env && *env) {
		if (!readable(env))
			die(125, "KVMSIM_PRELOAD=%s: %s", env, strerror(errno));
		return strdup(env);
	}
	if (exe_dir(exe, sizeof(exe))) {
		snprintf(buf, sizeof(buf), "%s/%s", exe, PRELOAD_NAME);
		if (readable(buf))
			return strdup(buf);
		snprintf(buf, sizeof(buf), "%s/.libs/%s", exe, PRELOAD_NAME);
		if (readable(buf))
			return strdup(buf);
	}
	if (!readable(PKGLIBDIR "/" PRELOAD_NAME))
		die(125, "%s: %s (set KVMSIM_PRELOAD to the interposer's path)",
		    PKGLIBDIR "/" PRELOAD_NAME, strerror(errno));
	return strdup(PKGLIBDIR "/" PRELOAD_NAME);
}

/*
 * The aarch64 interposer: $KVMSIM_PRELOAD_AARCH64; else, run from the build
 * tree, the one 'make aarch64' built in its aarch64/ (from vmm/ or
 * vmm/.libs); else the one 'make install-aarch64' installed; else NULL.
 */
static char *find_preload_aarch64(void)
{
	static const char *const from_exe[] = {
		"../" AARCH64_BUILD "/vmm/.libs/",
		"../../" AARCH64_BUILD "/vmm/.libs/",
	};
	const char *env = getenv("KVMSIM_PRELOAD_AARCH64");
	char exe[PATH_MAX], buf[PATH_MAX + 128];

	if (env && *env) {
		if (!readable(env))
			die(125, "KVMSIM_PRELOAD_AARCH64=%s: %s", env, strerror(errno));
		return strdup(env);
	}
	if (exe_dir(exe, sizeof(exe))) {
		for (size_t i = 0; i < sizeof(from_exe) / sizeof(from_exe[0]); i++) {
			snprintf(buf, sizeof(buf), "%s/%s%s", exe, from_exe[i], PRELOAD_NAME);
			if (readable(buf))
				return realpath(buf, NULL);
		}
	}
	if (readable(PKGLIBDIR "/aarch64/" PRELOAD_NAME))
		return strdup(PKGLIBDIR "/aarch64/" PRELOAD_NAME);
	return NULL;
}

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define __SANITIZE_THREAD__ 1
#endif
#if __has_feature(address_sanitizer)
#define __SANITIZE_ADDRESS__ 1
#endif
#endif

/*
 * A ThreadSanitizer or AddressSanitizer build's interposer needs its
 * runtime, and that must be the first library of the process: the runtime
 * this program runs with, or NULL in other builds.
 */
static const char *sanitizer_runtime(void)
{
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#if defined(__SANITIZE_THREAD__)
	extern void __tsan_init(void);
	void *init = (void *)__tsan_init;
#else
	extern void __asan_init(void);
	void *init = (void *)__asan_init;
#endif
	Dl_info info;

	/* A runtime linked in statically (clang's default) is no library to preload. */
	if (dladdr(init, &info) && info.dli_fname && strstr(info.dli_fname, ".so"))
		return info.dli_fname;
#endif
	return NULL;
}

/*
 * The interposer first, so that it sees /dev/kvm before any other preload;
 * only @first, when given, goes in front of it (and a sanitizer build's
 * runtime in front of everything).
 */
static void set_preload(const char *first, const char *lib)
{
	const char *old = getenv("LD_PRELOAD"), *rt = sanitizer_runtime();
	char *val;

	if (asprintf(&val, "%s%s%s%s%s%s%s", rt ? rt : "", rt ? ":" : "", first ? first : "",
		     first ? ":" : "", lib, old && *old ? ":" : "", old && *old ? old : "") < 0)
		die(125, "out of memory");
	if (setenv("LD_PRELOAD", val, 1))
		die(125, "cannot set LD_PRELOAD: %s", strerror(errno));
	free(val);
}

/*
 * An aarch64 program on another machine runs under qemu user mode, with an
 * aarch64 build of the interposer preloaded in the emulated process (never
 * in qemu itself, which is a program of this machine), behind @first when
 * given.
 */
static __attribute__((noreturn)) void run_under_qemu(const char *path, const char *kernel,
						     const char *first, char **args)
{
	const char *qemu = getenv("QEMU_AARCH64");
	const char *prefix = getenv("QEMU_LD_PREFIX");
	char *lib = find_preload_aarch64();
	char *preload_env, *kernel_env = NULL;
	size_t n = 0, i = 0;
	char **qargv;

	if (!lib)
		die(EXIT_CANNOT_RUN, "%s is an aarch64 program: no aarch64 build of " PRELOAD_NAME
		    " (run 'make aarch64' in the build tree, or set KVMSIM_PRELOAD_AARCH64; "
		    "see README, kvmsim-run)", path);
	if (!qemu || !*qemu)
		qemu = "qemu-aarch64";
	/* qemu's own variable: the root it takes the aarch64 loader and libc from. */
	if ((!prefix || !*prefix) && !access(AARCH64_LIBS "/lib", X_OK) &&
	    setenv("QEMU_LD_PREFIX", AARCH64_LIBS, 1))
		die(125, "cannot set QEMU_LD_PREFIX: %s", strerror(errno));
	while (args[n])
		n++;
	qargv = calloc(n + 8, sizeof(*qargv));
	if (!qargv || asprintf(&preload_env, "LD_PRELOAD=%s%s%s", first ? first : "",
			       first ? ":" : "", lib) < 0 ||
	    (kernel && asprintf(&kernel_env, "KVMSIM_KERNEL=%s", kernel) < 0))
		die(125, "out of memory");
	qargv[i++] = (char *)qemu;
	qargv[i++] = "-E";
	qargv[i++] = preload_env;
	if (kernel_env) {
		qargv[i++] = "-E";
		qargv[i++] = kernel_env;
	}
	qargv[i++] = (char *)path;
	memcpy(qargv + i, args + 1, n * sizeof(*qargv));
	execvp(qemu, qargv);
	die(errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN, "%s (for the aarch64 program %s): %s",
	    qemu, path, strerror(errno));
}

/* The ELF machine of the shared object @path, for --preload-first. */
static int lib_machine(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf64_Ehdr eh;
	ssize_t n;

	if (fd < 0)
		die(125, "--preload-first=%s: %s", path, strerror(errno));
	n = read(fd, &eh, sizeof(eh));
	close(fd);
	if (n != (ssize_t)sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    (eh.e_machine != EM_HOST && eh.e_machine != EM_AARCH64))
		die(125, "--preload-first=%s: not a 64-bit shared object for %s or aarch64",
		    path, HOST_NAME);
	return eh.e_machine;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "preload-first", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
	const char *kernel_arg = NULL, *kernel, *first = NULL, *first_aarch64 = NULL;
	bool aarch64;
	char *path;
	int c;

	/* "+": options end at PROGRAM, whose own options are its business. */
	while ((c = getopt_long(argc, argv, "+k:hV", options, NULL)) != -1) {
		switch (c) {
		case 'k':
			kernel_arg = optarg;
			break;
		case 'P':
			/* One per machine: the program's is taken. */
			if (EM_HOST != EM_AARCH64 && lib_machine(optarg) == EM_AARCH64)
				first_aarch64 = optarg;
			else
				first = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("kvmsim-run %s\n", kvmsim_version());
			return EXIT_SUCCESS;
		default:
			fprintf(stderr, "Try '%s --help'.\n", prog);
			return 125;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 125;
	}
	kernel = pick_kernel(kernel_arg);
	check_inject();
	path = find_program(argv[optind]);
	check_elf(path, &aarch64);
	if (aarch64 && first && !first_aarch64)
		die(EXIT_CANNOT_RUN, "%s is an aarch64 program: --preload-first=%s cannot enter it "
		    "(give an aarch64 build of it too)", path, first);
	if (aarch64)
		run_under_qemu(path, kernel, first_aarch64, argv + optind);
	set_preload(first, find_preload());
	if (kernel && setenv("KVMSIM_KERNEL", kernel, 1))
		die(125, "cannot set KVMSIM_KERNEL: %s", strerror(errno));
	execv(path, argv + optind);
	die(errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN, "%s: %s", path, strerror(errno));
}
