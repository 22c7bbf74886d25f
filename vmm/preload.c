// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libkvmsim-preload.so: the LD_PRELOAD interposer behind kvmsim-run.
 *
 * open() of /dev/kvm gives a simulated /dev/kvm; ioctl(), mmap(), close(),
 * dup*() and fcntl(F_DUPFD*) on the simulator's fds go to the simulator;
 * everything else reaches libc untouched.  The simulator's own calls to
 * those functions (it keeps its files as memfds) pass straight through,
 * which a per-thread flag sees to.
 */
/* Fortified builds would turn open() into an inline wrapper: define the real one. */
#undef _FORTIFY_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvmsim/kvmsim.h"

#define EXPORT __attribute__((visibility("default")))

static const char kvm_path[] = "/dev/kvm";

/* Set while this thread is inside the simulator. */
static __thread bool in_sim __attribute__((tls_model("initial-exec")));

/* libc's definition of @name, looked up once. */
#define REAL(name)							\
	({								\
		static __typeof__(name) *__real_fn;			\
		__typeof__(name) *__fn = __atomic_load_n(&__real_fn, __ATOMIC_RELAXED); \
		if (!__fn) {						\
			__fn = (__typeof__(name) *)dlsym(RTLD_NEXT, #name); \
			__atomic_store_n(&__real_fn, __fn, __ATOMIC_RELAXED); \
		}							\
		__fn;							\
	})

/* Runs @call inside the simulator. */
#define SIM(call)							\
	({								\
		__typeof__(call) __r;					\
		in_sim = true;						\
		__r = (call);						\
		in_sim = false;						\
		__r;							\
	})

static bool is_kvm_path(const char *path)
{
	return !in_sim && path && !strcmp(path, kvm_path);
}

static int sim_open(int flags)
{
	return SIM(kvmsim_open(NULL, flags));
}

/*
 * The simulator answers EBADF for an fd that is not its own; only then
 * is kvmsim_is_fd() asked, so a simulated fd costs one table lookup.
 */
static bool not_sim_fd(int ret, int fd)
{
	return ret == -1 && errno == EBADF && !SIM(kvmsim_is_fd(fd));
}

/* open(2) and friends take a mode only with O_CREAT or O_TMPFILE. */
static mode_t open_mode(int flags, va_list ap)
{
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		return (mode_t)va_arg(ap, int);
	return 0;
}

/* ---- open -------------------------------------------------------------- */

#define UNPAREN(...) __VA_ARGS__

/* @params and @args: the arguments before flags, e.g. (int dirfd, const char *path). */
#define DEFINE_OPEN(name, params, args)					\
	EXPORT int name(UNPAREN params, int flags, ...)			\
	{								\
		va_list ap;						\
		mode_t mode;						\
									\
		if (is_kvm_path(path))					\
			return sim_open(flags);				\
		va_start(ap, flags);					\
		mode = open_mode(flags, ap);				\
		va_end(ap);						\
		return REAL(name)(UNPAREN args, flags, mode);		\
	}

/* The _FORTIFY_SOURCE entry points, which take no mode. */
#define DEFINE_OPEN_2(name, params, args)				\
	EXPORT int name(UNPAREN params, int flags)			\
	{								\
		if (is_kvm_path(path))					\
			return sim_open(flags);				\
		return REAL(name)(UNPAREN args, flags);			\
	}

#define PATH_ONLY	(const char *path), (path)
#define DIRFD_PATH	(int dirfd, const char *path), (dirfd, path)
#define EXPAND(macro, ...) macro(__VA_ARGS__)

int open64(const char *path, int flags, ...);
int openat64(int dirfd, const char *path, int flags, ...);
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);

EXPAND(DEFINE_OPEN, open, PATH_ONLY)
EXPAND(DEFINE_OPEN, open64, PATH_ONLY)
EXPAND(DEFINE_OPEN, openat, DIRFD_PATH)
EXPAND(DEFINE_OPEN, openat64, DIRFD_PATH)
EXPAND(DEFINE_OPEN_2, __open_2, PATH_ONLY)
EXPAND(DEFINE_OPEN_2, __open64_2, PATH_ONLY)
EXPAND(DEFINE_OPEN_2, __openat_2, DIRFD_PATH)
EXPAND(DEFINE_OPEN_2, __openat64_2, DIRFD_PATH)

/* VMMs check the device before opening it. */
EXPORT int access(const char *path, int mode)
{
	if (is_kvm_path(path))
		return 0;
	return REAL(access)(path, mode);
}

EXPORT int faccessat(int dirfd, const char *path, int mode, int flags)
{
	if (is_kvm_path(path))
		return 0;
	return REAL(faccessat)(dirfd, path, mode, flags);
}

/* ---- calls on fds ------------------------------------------------------ */

EXPORT int ioctl(int fd, unsigned long request, ...)
{
	unsigned long arg;
	va_list ap;
	int r;

	va_start(ap, request);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	if (in_sim)
		return REAL(ioctl)(fd, request, arg);
	r = SIM(kvmsim_ioctl(fd, request, arg));
	if (not_sim_fd(r, fd))
		return REAL(ioctl)(fd, request, arg);
	return r;
}

#define DEFINE_MMAP(name)						\
	EXPORT void *name(void *addr, size_t len, int prot, int flags, int fd, off_t off) \
	{								\
		void *p;						\
									\
		if (in_sim || fd < 0 || (flags & MAP_ANONYMOUS))	\
			return REAL(name)(addr, len, prot, flags, fd, off); \
		p = SIM(kvmsim_mmap(addr, len, prot, flags, fd, off));	\
		if (p == MAP_FAILED && not_sim_fd(-1, fd))		\
			return REAL(name)(addr, len, prot, flags, fd, off); \
		return p;						\
	}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off);

DEFINE_MMAP(mmap)
DEFINE_MMAP(mmap64)

EXPORT int close(int fd)
{
	int r;

	if (in_sim)
		return REAL(close)(fd);
	r = SIM(kvmsim_close(fd));
	if (r == -1 && errno == EBADF)
		return REAL(close)(fd);
	return r;
}

EXPORT int dup(int fd)
{
	int r;

	if (in_sim)
		return REAL(dup)(fd);
	r = SIM(kvmsim_dup(fd));
	if (not_sim_fd(r, fd))
		return REAL(dup)(fd);
	return r;
}

/* dup2/dup3 of another file onto a simulated fd closes that fd. */
static int dup_onto(int r, int newfd)
{
	if (r >= 0)
		SIM((kvmsim_fds_closed((unsigned int)newfd, (unsigned int)newfd), 0));
	return r;
}

EXPORT int dup2(int oldfd, int newfd)
{
	int r;

	if (in_sim)
		return REAL(dup2)(oldfd, newfd);
	r = SIM(kvmsim_dup2(oldfd, newfd));
	if (not_sim_fd(r, oldfd))
		return dup_onto(REAL(dup2)(oldfd, newfd), newfd);
	return r;
}

EXPORT int dup3(int oldfd, int newfd, int flags)
{
	int r;

	if (in_sim)
		return REAL(dup3)(oldfd, newfd, flags);
	r = SIM(kvmsim_dup3(oldfd, newfd, flags));
	if (not_sim_fd(r, oldfd))
		return dup_onto(REAL(dup3)(oldfd, newfd, flags), newfd);
	return r;
}

EXPORT int close_range(unsigned int first, unsigned int last, int flags)
{
	int r = REAL(close_range)(first, last, flags);

	if (!in_sim && r == 0 && !(flags & CLOSE_RANGE_CLOEXEC))
		SIM((kvmsim_fds_closed(first, last), 0));
	return r;
}

#define DEFINE_FCNTL(name)						\
	EXPORT int name(int fd, int cmd, ...)				\
	{								\
		unsigned long arg;					\
		va_list ap;						\
		int r;							\
									\
		va_start(ap, cmd);					\
		arg = va_arg(ap, unsigned long);			\
		va_end(ap);						\
		if (in_sim || (cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC)) \
			return REAL(name)(fd, cmd, arg);		\
		r = SIM(kvmsim_fcntl_dupfd(fd, cmd, (int)arg));		\
		if (not_sim_fd(r, fd))					\
			return REAL(name)(fd, cmd, arg);		\
		return r;						\
	}

int fcntl64(int fd, int cmd, ...);

DEFINE_FCNTL(fcntl)
DEFINE_FCNTL(fcntl64)
