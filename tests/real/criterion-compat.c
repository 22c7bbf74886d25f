// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * criterion-compat.c - the runner of kvmsim's Criterion stand-in
 * (criterion/criterion.h says what it is for and what it supports): main()
 * and what the header's macros call.
 *
 * Registration: Test() and ParameterizedTest() put a pointer to their
 * descriptor in the ELF section cr_compat_tests; main() walks it from
 * __start_cr_compat_tests to __stop_cr_compat_tests and sorts the tests by
 * suite, then name.  Parameters are asked for once, in this process.
 *
 * Running: every case (every parameter of a parameterized test) runs in
 * a fork()ed child: .init, the body, .fini, then exit(0).  A failed
 * cr_assert_*() or a cr_skip_test() in the child's main thread
 * siglongjmp()s back to run_child(), which still runs .fini; in another
 * thread, or in a process the case forked, it _exit()s that process.
 *
 * Results: the parent maps one MAP_SHARED | MAP_ANONYMOUS area before
 * forking, and the child writes its failures there (flags and messages,
 * appended lock-free with one atomic add per message, so that threads can
 * fail checks at once).  Nothing goes through files: no /tmp, no /dev/shm.
 * The parent then judges the child's wait status against .signal and
 * .exit_code, and reports.
 *
 * Timeouts: with .timeout set, the parent waits on a pidfd with poll()
 * (or polls waitpid() where pidfd_open() is missing) until the deadline,
 * then kills the child with SIGKILL and reports the case as failed.
 * Without it, it waits as long as the child lives, as Criterion does.
 *
 * Report: TAP version 13 on stdout.  The children's own stdout and stderr
 * are theirs, unchanged (stdio is flushed before each fork).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <criterion/redirect.h>

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC	0x0001U
#endif
/* The same number on every architecture (the unified table, Linux 5.3). */
#if !defined(SYS_pidfd_open) && defined(__linux__)
#define SYS_pidfd_open	434
#endif

/* ---- the area shared with the case's child ---------------------------- */

#define LOG_SIZE	(60 * 1024)	/* failure messages of one case */
#define RECORD_MAX	4096		/* one failure message */
#define MESSAGE_MAX	2048		/* the user's part of it */
#define REASON_MAX	512		/* a skip's reason */

struct shared {
	atomic_int failed;		/* a check failed */
	atomic_int skipped;		/* cr_skip_test() was called */
	atomic_int finished;		/* run_child() got to its end */
	atomic_uint dropped;		/* messages that did not fit in log */
	atomic_size_t used;		/* bytes of log reserved (may exceed LOG_SIZE) */
	char reason[REASON_MAX];	/* the first skip's reason */
	char log[LOG_SIZE];		/* messages, '\n'-terminated; NULs are gaps */
};

static struct shared *shared;

/* In a case's child (and whatever it forks): the case's process id. */
static bool in_case;
static pid_t case_pid;
static sigjmp_buf case_jmp;

/* A check failed outside any case (say, in a parameters function). */
static bool failed_outside;

/* One test to run: its cases are its parameters (or itself). */
struct entry {
	const struct cr_compat_test *test;
	struct criterion_test_params params;
	bool parameterized;	/* and not disabled: params is valid */
	size_t ncases;
};

/* The runner's tables: a case's child frees them too, before it exits. */
static const struct cr_compat_test **tests;
static struct entry *entries;

/* What cr_redirect_*() captured, per fd (1, 2), and the last text read back. */
static bool redirected[3];
static char *captured[3];

static pid_t current_tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/*
 * Ends the current case after a failed assertion (@code 1) or a skip
 * (@code 0): back to run_child() in the case's main thread, else the end
 * of this thread's process.  Outside a case, the end of the program.
 */
static __attribute__((noreturn)) void end_case(int code)
{
	if (in_case && current_tid() == case_pid)
		siglongjmp(case_jmp, 1);
	if (in_case)
		_exit(code);
	exit(1);
}

/* ---- text ------------------------------------------------------------- */

struct text {
	char *buf;
	size_t size;	/* of buf, NUL included */
	size_t len;
};

static __attribute__((format(printf, 2, 3))) void text_printf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len + 1 >= t->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n < t->size - t->len ? (size_t)n : t->size - t->len - 1;
}

/* @s, quoted and escaped as a C string literal, at most @max bytes of it. */
static void text_quote(struct text *t, const char *s, size_t max)
{
	size_t i;

	if (!s) {
		text_printf(t, "NULL");
		return;
	}
	text_printf(t, "\"");
	for (i = 0; s[i] && i < max; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n')
			text_printf(t, "\\n");
		else if (c == '\t')
			text_printf(t, "\\t");
		else if (c == '\r')
			text_printf(t, "\\r");
		else if (c == '"' || c == '\\')
			text_printf(t, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			text_printf(t, "\\x%02x", c);
		else
			text_printf(t, "%c", c);
	}
	text_printf(t, s[i] ? "\"..." : "\"");
}

static const char *file_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The user's message: vsnprintf() of @fmt without the space the macros put first. */
static __attribute__((format(printf, 3, 0))) const char *
user_message(char *buf, size_t size, const char *fmt, va_list ap)
{
	vsnprintf(buf, size, fmt, ap);
	return buf[0] == ' ' ? buf + 1 : buf;
}

/* ---- values of operands ----------------------------------------------- */

static uintmax_t read_unsigned(const void *p, size_t size)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	switch (size) {
	case 1:
		memcpy(&u8, p, 1);
		return u8;
	case 2:
		memcpy(&u16, p, 2);
		return u16;
	case 4:
		memcpy(&u32, p, 4);
		return u32;
	default:
		memcpy(&u64, p, 8);
		return u64;
	}
}

/* The same bytes as a signed value of @size: sign-extended. */
static intmax_t read_signed(const void *p, size_t size)
{
	uintmax_t u = read_unsigned(p, size);
	unsigned int bits = size < sizeof(uint64_t) ? (unsigned int)size * 8 : 64;

	if (bits < 64 && (u >> (bits - 1)) & 1)
		u |= ~(uintmax_t)0 << bits;
	return (intmax_t)u;
}

static long double read_float(const void *p, size_t size)
{
	float f;
	double d;
	long double ld;

	if (size == sizeof(f)) {
		memcpy(&f, p, sizeof(f));
		return f;
	}
	if (size == sizeof(d)) {
		memcpy(&d, p, sizeof(d));
		return d;
	}
	memcpy(&ld, p, sizeof(ld));
	return ld;
}

/* Bytes [@start, @start + 32) of @v (CR_COMPAT_MEM), in hex. */
static void text_bytes(struct text *t, const struct cr_compat_value *v, size_t start)
{
	const unsigned char *p = v->addr;
	size_t end = start + 32 < v->size ? start + 32 : v->size;

	if (!p) {
		text_printf(t, "NULL");
		return;
	}
	text_printf(t, "[%zu..%zu)", start, end);
	for (size_t i = start; i < end; i++)
		text_printf(t, " %02x", p[i]);
	if (end < v->size)
		text_printf(t, " ...");
}

/*
 * One operand's value, as a line "  text: value", unless the value reads
 * exactly as the operand's text (a literal).  @start: where to show
 * CR_COMPAT_MEM operands from.
 */
static void text_value(struct text *t, const struct cr_compat_value *v, size_t start)
{
	char buf[1024];
	struct text val = { buf, sizeof(buf), 0 };
	uintmax_t u, hex = 0;
	intmax_t s;
	void *ptr;

	switch (v->kind) {
	case CR_COMPAT_BOOL:
		text_printf(&val, "%s", *(const _Bool *)v->addr ? "true" : "false");
		break;
	case CR_COMPAT_SINT:
		s = read_signed(v->addr, v->size);
		text_printf(&val, "%jd", s);
		if (s < -9 || s > 9)
			hex = read_unsigned(v->addr, v->size);
		break;
	case CR_COMPAT_UINT:
		u = read_unsigned(v->addr, v->size);
		text_printf(&val, "%ju", u);
		if (u > 9)
			hex = u;
		break;
	case CR_COMPAT_FLOAT:
		text_printf(&val, "%.*Lg", 21, read_float(v->addr, v->size));
		break;
	case CR_COMPAT_PTR:
		if (v->size != sizeof(ptr))
			return;
		memcpy(&ptr, v->addr, sizeof(ptr));
		if (ptr)
			text_printf(&val, "%p", ptr);
		else
			text_printf(&val, "NULL");
		break;
	case CR_COMPAT_STR:
		text_quote(&val, v->addr, 400);
		break;
	case CR_COMPAT_MEM:
		text_bytes(&val, v, start);
		break;
	default:
		return;
	}
	if (!strcmp(buf, v->text))
		return;
	if (hex)
		text_printf(&val, " (0x%jx)", hex);
	text_printf(t, "  %s: %s\n", v->text, buf);
}

/* ---- recording failures ----------------------------------------------- */

/*
 * Appends @len bytes of @s to the case's log: one atomic add reserves
 * them, so threads (and processes the case forked) append at once.
 * Outside a case, they go to stderr.
 */
static void record(const char *s, size_t len)
{
	size_t off;

	if (!in_case) {
		fprintf(stderr, "criterion-compat: outside of a test: %.*s", (int)len, s);
		return;
	}
	off = atomic_fetch_add(&shared->used, len);
	if (off >= LOG_SIZE || len > LOG_SIZE - off) {
		atomic_fetch_add(&shared->dropped, 1);
		return;
	}
	memcpy(shared->log + off, s, len);
}

static __attribute__((format(printf, 7, 0))) void
check_failed(bool fatal, const char *file, int line, const char *expr,
	     const struct cr_compat_value *vals, unsigned int nvals, const char *fmt, va_list ap)
{
	char buf[RECORD_MAX], msgbuf[MESSAGE_MAX];
	struct text t = { buf, sizeof(buf), 0 };
	const char *msg = user_message(msgbuf, sizeof(msgbuf), fmt, ap);
	size_t start = 0;

	/* Byte arrays: show them from around their first difference. */
	if (nvals == 2 && vals[0].kind == CR_COMPAT_MEM && vals[1].kind == CR_COMPAT_MEM &&
	    vals[0].addr && vals[1].addr) {
		const unsigned char *a = vals[0].addr, *b = vals[1].addr;
		size_t i;

		for (i = 0; i < vals[0].size && a[i] == b[i]; i++)
			;
		if (i < vals[0].size)
			start = i & ~(size_t)15;
	}
	text_printf(&t, "%s:%d: %s failed%s%s\n", file_name(file), line,
		    fatal ? "assertion" : "expectation", expr ? ": " : "", expr ? expr : "");
	for (unsigned int i = 0; i < nvals; i++)
		text_value(&t, &vals[i], start);
	while (*msg) {		/* each of its lines indented */
		size_t n = strcspn(msg, "\n");

		text_printf(&t, "  %.*s\n", (int)n, msg);
		msg += n + (msg[n] == '\n');
	}
	if (t.len && buf[t.len - 1] != '\n')	/* truncated */
		buf[t.len - 1] = '\n';
	if (in_case)
		atomic_store(&shared->failed, 1);
	else
		failed_outside = true;
	record(buf, t.len);
}

void cr_compat_assert_failed(const char *file, int line, const char *expr,
			     const struct cr_compat_value *vals, unsigned int nvals,
			     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_failed(true, file, line, expr, vals, nvals, fmt, ap);
	va_end(ap);
	end_case(1);
}

void cr_compat_expect_failed(const char *file, int line, const char *expr,
			     const struct cr_compat_value *vals, unsigned int nvals,
			     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_failed(false, file, line, expr, vals, nvals, fmt, ap);
	va_end(ap);
}

void cr_compat_skip(const char *file, int line, const char *fmt, ...)
{
	char buf[REASON_MAX];
	const char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = user_message(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!in_case) {
		fprintf(stderr, "criterion-compat: %s:%d: cr_skip_test() outside of a test: %s\n",
			file_name(file), line, msg);
		failed_outside = true;
		end_case(1);
	}
	if (!atomic_exchange(&shared->skipped, 1)) {
		if (*msg)
			snprintf(shared->reason, sizeof(shared->reason), "%s", msg);
		else
			snprintf(shared->reason, sizeof(shared->reason), "skipped at %s:%d",
				 file_name(file), line);
	}
	end_case(0);
}

int cr_compat_strcmp(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

int cr_compat_memcmp(const void *a, const void *b, size_t size)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return memcmp(a, b, size);
}

void cr_compat_log(int level, const char *fmt, ...)
{
	static const char *const tags[] = { "[----]", "[WARN]", "[ERR ]" };
	char buf[MESSAGE_MAX];
	const char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = user_message(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s %s\n", tags[level >= 0 && level <= 2 ? level : 0], msg);
}

/* ---- memory ----------------------------------------------------------- */

void *cr_malloc(size_t size)
{
	return malloc(size);
}

void *cr_calloc(size_t nmemb, size_t size)
{
	return calloc(nmemb, size);
}

void *cr_realloc(void *ptr, size_t size)
{
	return realloc(ptr, size);
}

void cr_free(void *ptr)
{
	free(ptr);
}

/* ---- redirection ------------------------------------------------------ */

/* Puts an anonymous in-memory file (a temporary file at worst) on @fd. */
static void redirect(int fd, FILE *stream, const char *name)
{
	int mfd;

	fflush(stream);
#ifdef SYS_memfd_create
	mfd = (int)syscall(SYS_memfd_create, name, MFD_CLOEXEC);
#else
	mfd = -1;
#endif
	if (mfd < 0) {
		FILE *f = tmpfile();

		if (f) {
			mfd = dup(fileno(f));
			fclose(f);
		}
	}
	if (mfd < 0)
		cr_assert_fail("cannot capture %s: no memfd_create() and no tmpfile(): %s", name,
			       strerror(errno));
	if (dup2(mfd, fd) < 0)
		cr_assert_fail("cannot capture %s: dup2: %s", name, strerror(errno));
	close(mfd);
	redirected[fd] = true;
}

void cr_redirect_stdout(void)
{
	redirect(1, stdout, "stdout");
}

void cr_redirect_stderr(void)
{
	redirect(2, stderr, "stderr");
}

const char *cr_compat_captured(int fd)
{
	size_t len = 0, size = 4096;
	char *buf;
	ssize_t n;

	if (fd != 1 && fd != 2)
		return NULL;
	fflush(fd == 1 ? stdout : stderr);
	if (!redirected[fd])
		return NULL;
	buf = malloc(size);
	if (!buf)
		return NULL;
	for (;;) {
		if (len + 1 == size) {
			char *bigger = realloc(buf, size * 2);

			if (!bigger)
				break;
			buf = bigger;
			size *= 2;
		}
		n = pread(fd, buf + len, size - len - 1, (off_t)len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	free(captured[fd]);
	captured[fd] = buf;
	return buf;
}

/* ---- running one case ------------------------------------------------- */

/* The case's child: .init, the body, .fini; never returns. */
static __attribute__((noreturn)) void run_child(const struct cr_compat_test *t, void *param)
{
	in_case = true;
	case_pid = getpid();
	if (!sigsetjmp(case_jmp, 1)) {
		if (t->data->init)
			t->data->init();
		t->run(param);
	}
	if (t->data->fini) {
		if (!sigsetjmp(case_jmp, 1))
			t->data->fini();
	}
	atomic_store(&shared->finished, 1);
	free(captured[1]);
	free(captured[2]);
	free(entries);
	free(tests);
	exit(0);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static pid_t wait_for(pid_t pid, int *status, int flags)
{
	pid_t r;

	do
		r = waitpid(pid, status, flags);
	while (r < 0 && errno == EINTR);
	return r;
}

/*
 * Waits for @pid to end, at most @timeout seconds when that is positive:
 * then kills it.  Returns 1 if it was killed so, 0 if it ended by
 * itself, -1 (errno set) if it cannot be waited for.
 */
static int wait_child(pid_t pid, double timeout, int *status)
{
	double deadline = now() + timeout;
	long backoff_us = 1000;
	int pidfd = -1;
	pid_t r;

	if (timeout <= 0)
		return wait_for(pid, status, 0) == pid ? 0 : -1;
#ifdef SYS_pidfd_open
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
#endif
	for (;;) {
		double left;

		r = wait_for(pid, status, WNOHANG);
		if (r != 0)
			break;
		left = deadline - now();
		if (left <= 0)
			break;
		if (pidfd >= 0) {
			struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
			double ms = left * 1000 + 1;

			poll(&pfd, 1, ms > INT_MAX ? INT_MAX : (int)ms);
		} else {
			double us = left * 1e6 + 1;
			struct timespec ts;

			if (us > backoff_us)
				us = backoff_us;
			ts.tv_sec = 0;
			ts.tv_nsec = (long)us * 1000;
			nanosleep(&ts, NULL);
			if (backoff_us < 50000)
				backoff_us *= 2;
		}
	}
	if (pidfd >= 0)
		close(pidfd);
	if (r == pid)
		return 0;
	if (r < 0)
		return -1;
	kill(pid, SIGKILL);
	return wait_for(pid, status, 0) == pid ? 1 : -1;
}

/* "SIGSEGV (Segmentation fault)" */
static const char *signal_name(int sig, char *buf, size_t size)
{
	static const char *const names[] = {
		[SIGHUP] = "SIGHUP",	[SIGINT] = "SIGINT",	[SIGQUIT] = "SIGQUIT",
		[SIGILL] = "SIGILL",	[SIGTRAP] = "SIGTRAP",	[SIGABRT] = "SIGABRT",
		[SIGBUS] = "SIGBUS",	[SIGFPE] = "SIGFPE",	[SIGKILL] = "SIGKILL",
		[SIGUSR1] = "SIGUSR1",	[SIGSEGV] = "SIGSEGV",	[SIGUSR2] = "SIGUSR2",
		[SIGPIPE] = "SIGPIPE",	[SIGALRM] = "SIGALRM",	[SIGTERM] = "SIGTERM",
		[SIGCHLD] = "SIGCHLD",	[SIGCONT] = "SIGCONT",	[SIGSTOP] = "SIGSTOP",
		[SIGTSTP] = "SIGTSTP",	[SIGTTIN] = "SIGTTIN",	[SIGTTOU] = "SIGTTOU",
		[SIGURG] = "SIGURG",	[SIGXCPU] = "SIGXCPU",	[SIGXFSZ] = "SIGXFSZ",
		[SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF", [SIGWINCH] = "SIGWINCH",
		[SIGIO] = "SIGIO",	[SIGSYS] = "SIGSYS",
#ifdef SIGPWR
		[SIGPWR] = "SIGPWR",
#endif
#ifdef SIGSTKFLT
		[SIGSTKFLT] = "SIGSTKFLT",
#endif
	};
	const char *desc = strsignal(sig);

	if (sig > 0 && (size_t)sig < sizeof(names) / sizeof(names[0]) && names[sig])
		snprintf(buf, size, "%s (%s)", names[sig], desc ? desc : "?");
	else if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		snprintf(buf, size, "SIGRTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(buf, size, "signal %d", sig);
	return buf;
}

enum verdict { PASS, FAIL, SKIP };

/* "suite::name [i]: description", sanitised for a TAP line. */
static void print_case_name(const struct cr_compat_test *t, long index)
{
	const char *d = t->data->description;

	printf("%s::%s", t->suite, t->name);
	if (index >= 0)
		printf(" [%ld]", index);
	if (d && *d) {
		printf(": ");
		for (; *d; d++)
			putchar(*d == '#' || *d == '\n' || *d == '\r' ? ' ' : *d);
	}
}

/* How much of the log the child wrote (or left as gaps). */
static size_t log_used(void)
{
	size_t used = atomic_load(&shared->used);

	return used < LOG_SIZE ? used : LOG_SIZE;
}

/* Zeroes what the last case used of the log: gaps in the next are NULs. */
static void clear_log(void)
{
	memset(shared->log, 0, log_used());
}

/* Prints the child's messages as TAP diagnostics, and empties the log. */
static void print_log(void)
{
	unsigned int dropped = atomic_load(&shared->dropped);
	size_t used = log_used();
	bool bol = true;

	for (size_t i = 0; i < used; i++) {
		char c = shared->log[i];

		if (!c)
			continue;
		if (bol)
			fputs("#   ", stdout);
		putchar(c);
		bol = c == '\n';
	}
	if (!bol)
		putchar('\n');
	if (dropped)
		printf("#   (%u more messages did not fit)\n", dropped);
	clear_log();
}

static void reset_shared(void)
{
	atomic_store(&shared->failed, 0);
	atomic_store(&shared->skipped, 0);
	atomic_store(&shared->finished, 0);
	atomic_store(&shared->dropped, 0);
	atomic_store(&shared->used, 0);
	shared->reason[0] = '\0';
}

/*
 * Runs case @number (from 1): test @t with @param (index @index, or -1:
 * not parameterized), and reports it.
 */
static enum verdict run_case(const struct cr_compat_test *t, void *param, long index,
			     size_t number)
{
	const struct criterion_test_extra_data *d = t->data;
	char why[256] = "", sig[64], sig2[64];
	enum verdict v = PASS;
	int status = 0, waited;
	bool failed, skipped;
	pid_t pid;

	reset_shared();
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0)
		run_child(t, param);
	if (pid < 0) {
		snprintf(why, sizeof(why), "fork: %s", strerror(errno));
		waited = -1;
	} else {
		waited = wait_child(pid, d->timeout, &status);
		if (waited < 0)
			snprintf(why, sizeof(why), "waitpid: %s", strerror(errno));
	}
	failed = atomic_load(&shared->failed);
	skipped = atomic_load(&shared->skipped);

	if (waited < 0) {
		v = FAIL;
	} else if (waited > 0) {
		v = FAIL;
		snprintf(why, sizeof(why), "timed out after %g s", d->timeout);
	} else if (WIFSIGNALED(status)) {
		int s = WTERMSIG(status);

		if (d->signal && s == d->signal) {
			v = failed ? FAIL : PASS;
		} else {
			v = FAIL;
			if (d->signal)
				snprintf(why, sizeof(why), "killed by %s, expected %s",
					 signal_name(s, sig, sizeof(sig)),
					 signal_name(d->signal, sig2, sizeof(sig2)));
			else
				snprintf(why, sizeof(why), "killed by %s",
					 signal_name(s, sig, sizeof(sig)));
		}
	} else {
		int code = WEXITSTATUS(status);

		if (failed) {
			v = FAIL;
		} else if (skipped && code == 0) {
			v = SKIP;
		} else if (d->signal) {
			v = FAIL;
			snprintf(why, sizeof(why), "exited with code %d, expected %s", code,
				 signal_name(d->signal, sig, sizeof(sig)));
		} else if (code != d->exit_code) {
			v = FAIL;
			snprintf(why, sizeof(why), "exited with code %d, expected %d", code,
				 d->exit_code);
		} else if (!d->exit_code && !atomic_load(&shared->finished)) {
			v = FAIL;
			snprintf(why, sizeof(why), "exited with code 0 before the test's end");
		}
	}

	printf("%s %zu - ", v == FAIL ? "not ok" : "ok", number);
	print_case_name(t, index);
	if (v == SKIP) {
		printf(" # SKIP ");
		for (const char *r = shared->reason; *r; r++)
			putchar(*r == '\n' || *r == '\r' ? ' ' : *r);
	}
	putchar('\n');
	if (v == FAIL) {
		print_log();
		if (*why)
			printf("#   %s:%u: %s\n", file_name(t->file), t->line, why);
	} else {
		clear_log();
	}
	return v;
}

/* ---- main ------------------------------------------------------------- */

/* Weak: a program without any test still links. */
extern const struct cr_compat_test *const __start_cr_compat_tests[] __attribute__((weak));
extern const struct cr_compat_test *const __stop_cr_compat_tests[] __attribute__((weak));

static int compare_tests(const void *a, const void *b)
{
	const struct cr_compat_test *x = *(const struct cr_compat_test *const *)a;
	const struct cr_compat_test *y = *(const struct cr_compat_test *const *)b;
	int c = strcmp(x->suite, y->suite);

	if (!c)
		c = strcmp(x->name, y->name);
	if (!c)
		c = strcmp(x->file, y->file);
	if (!c)
		c = (x->line > y->line) - (x->line < y->line);
	return c;
}

static bool matches(const struct cr_compat_test *t, const char *pattern)
{
	char name[512];
	int flags = 0;

	if (!pattern)
		return true;
#ifdef FNM_EXTMATCH
	flags |= FNM_EXTMATCH;
#endif
	snprintf(name, sizeof(name), "%s/%s", t->suite, t->name);
	return !fnmatch(pattern, name, flags);
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [OPTION]...\n"
		"Runs the test cases built into this program, each in a child process of its\n"
		"own, and reports them as TAP version 13 on stdout (kvmsim's Criterion-compatible\n"
		"runner, tests/real/criterion-compat.c).\n"
		"\n"
		"  --tap, --tap=-     TAP on stdout: the only output there is\n"
		"  --filter=PATTERN   run only the tests whose \"suite/name\" matches the shell\n"
		"                     PATTERN (fnmatch(3), with extglob where the C library has\n"
		"                     it); default: $CRITERION_TEST_PATTERN, else every test\n"
		"  -l, --list         print the tests, \"suite::name\" a line, with the number of\n"
		"                     parameters of parameterized ones, and exit\n"
		"  --verbose[=LEVEL]  accepted and ignored: failures are always described\n"
		"  -j N, --jobs=N     accepted and ignored: cases run one at a time\n"
		"  -h, --help         print this help and exit\n"
		"\n"
		"Cases run sorted by suite, then name, then parameter index, reported as\n"
		"\"suite::name\" or \"suite::name [i]\".\n"
		"Exit status: 0 if no case failed, 1 if one did, 2 for a bad command line.\n",
		prog);
}

int main(int argc, char **argv)
{
	const struct cr_compat_test *const *start = __start_cr_compat_tests;
	const struct cr_compat_test *const *stop = __stop_cr_compat_tests;
	size_t ntests = start && stop > start ? (size_t)(stop - start) : 0;
	size_t nentries = 0, total = 0, number = 0, passed = 0, failing = 0, skipped = 0;
	const char *pattern = getenv("CRITERION_TEST_PATTERN");
	bool list = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--tap") || !strcmp(a, "--tap=-") || !strcmp(a, "--verbose") ||
		    !strncmp(a, "--verbose=", 10) || !strncmp(a, "--jobs=", 7) ||
		    (!strncmp(a, "-j", 2) && a[2])) {
			continue;
		} else if (!strcmp(a, "-j") && i + 1 < argc) {
			i++;
		} else if (!strncmp(a, "--filter=", 9)) {
			pattern = a + 9;
		} else if (!strcmp(a, "--filter") && i + 1 < argc) {
			pattern = argv[++i];
		} else if (!strcmp(a, "--list") || !strcmp(a, "-l")) {
			list = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout, argv[0]);
			return 0;
		} else {
			fprintf(stderr, "%s: unknown option: %s\n", argv[0], a);
			usage(stderr, argv[0]);
			return 2;
		}
	}

	tests = calloc(ntests ? ntests : 1, sizeof(*tests));
	entries = calloc(ntests ? ntests : 1, sizeof(*entries));
	if (!tests || !entries) {
		fprintf(stderr, "%s: out of memory\n", argv[0]);
		return 1;
	}
	for (size_t i = 0; i < ntests; i++)
		tests[i] = start[i];
	qsort(tests, ntests, sizeof(*tests), compare_tests);

	/* Every case is known, parameters asked for, before the first runs. */
	for (size_t i = 0; i < ntests; i++) {
		const struct cr_compat_test *t = tests[i];
		struct entry *e = &entries[nentries];

		if (!t || !matches(t, pattern))
			continue;
		e->test = t;
		e->ncases = 1;
		if (t->params && !t->data->disabled) {
			e->params = t->params();
			e->parameterized = true;
			e->ncases = e->params.params && e->params.size ? e->params.length : 0;
		}
		total += e->ncases;
		nentries++;
	}

	if (list) {
		for (size_t i = 0; i < nentries; i++) {
			const struct entry *e = &entries[i];

			printf("%s::%s", e->test->suite, e->test->name);
			if (e->parameterized)
				printf(" (%zu parameters)", e->ncases);
			if (e->test->data->disabled)
				printf(" (disabled)");
			putchar('\n');
			if (e->parameterized && e->params.cleanup)
				e->params.cleanup(&entries[i].params);
		}
		free(entries);
		free(tests);
		return 0;
	}

	/* Children must be waitable, whatever this process inherited. */
	signal(SIGCHLD, SIG_DFL);
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		      -1, 0);
	if (shared == MAP_FAILED) {
		printf("Bail out! mmap of the result area: %s\n", strerror(errno));
		return 1;
	}

	printf("TAP version 13\n1..%zu\n", total);
	for (size_t i = 0; i < nentries; i++) {
		struct entry *e = &entries[i];
		const struct cr_compat_test *t = e->test;

		if (t->data->disabled) {
			printf("ok %zu - ", ++number);
			print_case_name(t, -1);
			printf(" # SKIP disabled\n");
			skipped++;
			continue;
		}
		for (size_t j = 0; j < e->ncases; j++) {
			void *param = e->parameterized ?
				(char *)e->params.params + j * e->params.size : NULL;

			switch (run_case(t, param, e->parameterized ? (long)j : -1, ++number)) {
			case PASS:
				passed++;
				break;
			case FAIL:
				failing++;
				break;
			case SKIP:
				skipped++;
				break;
			}
		}
		if (e->parameterized && e->params.cleanup)
			e->params.cleanup(&e->params);
	}
	printf("# Tested: %zu | Passing: %zu | Failing: %zu | Skipped: %zu\n",
	       passed + failing + skipped, passed, failing, skipped);
	fflush(stdout);

	munmap(shared, sizeof(*shared));
	shared = NULL;
	free(entries);
	free(tests);
	return failing || failed_outside ? 1 : 0;
}
