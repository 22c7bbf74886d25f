// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * copy_from_user / copy_to_user for a simulator that shares the caller's
 * address space.
 *
 * The kernel survives any pointer a VMM passes: a NULL, unmapped,
 * read-only or kernel-half address costs the VMM an EFAULT, never a crash.
 * The simulator must be as forgiving.  Its fast way is the kernel's own:
 * copy with memcpy() and, when that faults, leave the copy through a
 * fixup - here a SIGSEGV/SIGBUS handler that jumps back to the copy's
 * start, which then reports EFAULT; a fault anywhere else goes on to the
 * handler that was there before.  Where that cannot be used (under
 * valgrind or ThreadSanitizer, which watch every load and signal, or with
 * KVMSIM_UACCESS=syscall) process_vm_readv/writev on its own process reads
 * and writes through the page tables and reports EFAULT where a load or
 * store would fault.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include <linux/kvm_host.h>

/*
 * Memcheck takes process_vm_writev() for a write into another process, so
 * it would not see the bytes copy_to_user() stores in this one and would
 * report the VMM reading them as uninitialised.  Where its header is at
 * hand, tell it; elsewhere (and outside valgrind) this costs nothing.
 */
#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#endif
#endif
#ifndef VALGRIND_MAKE_MEM_DEFINED
#define VALGRIND_MAKE_MEM_DEFINED(addr, len) ((void)0)
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

/*
 * ThreadSanitizer keeps its own books on signals and jumps out of them:
 * those builds take the system calls.  AddressSanitizer's memcpy() checks
 * ranges (a VMM's buffer is none of its business, as the kernel's reads
 * are not): its builds copy with a plain, uninstrumented loop.
 */
#if defined(__SANITIZE_THREAD__)
#define UACCESS_FAST_BUILD	0
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define UACCESS_FAST_BUILD	0
#endif
#endif
#ifndef UACCESS_FAST_BUILD
#define UACCESS_FAST_BUILD	1
#endif
#if defined(__SANITIZE_ADDRESS__)
#define UACCESS_ASAN		1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UACCESS_ASAN		1
#endif
#endif

/*
 * Real pointers of this process never reach 2^48 (x86-64 and arm64 hosts
 * alike); a range past that is the kernel's half or a tagged pointer.
 */
#define HOST_VA_BITS	48

bool access_ok_va(unsigned long addr, size_t n, unsigned int va_bits)
{
	unsigned long task_size = 1UL << va_bits;

	return n <= task_size && addr <= task_size - n;
}

static int vm_rw(void *local, unsigned long remote, size_t n, bool write)
{
	struct iovec liov = { .iov_base = local, .iov_len = n };
	struct iovec riov = { .iov_base = (void *)remote, .iov_len = n };
	ssize_t done;

	do {
		done = write ? process_vm_writev(getpid(), &liov, 1, &riov, 1, 0)
			     : process_vm_readv(getpid(), &liov, 1, &riov, 1, 0);
	} while (done < 0 && errno == EINTR);
	/* A short transfer means the range crosses into an unmapped page. */
	return done == (ssize_t)n ? 0 : -EFAULT;
}

/*
 * Where process_vm_readv() cannot reach this process's memory -- under
 * qemu user mode, which passes the iovecs to the host kernel untranslated
 * -- bytes go through a pipe instead: write(2) and read(2) report EFAULT
 * for a bad buffer just as well, and every emulator translates them.
 * Slower (two calls, one lock), so only the fallback.
 */
static pthread_mutex_t pipe_lock = PTHREAD_MUTEX_INITIALIZER;
static int pipe_fds[2] = { -1, -1 };

static int pipe_rw(void *local, unsigned long remote, size_t n, bool to_user)
{
	char scratch[4096];
	int r = 0;

	pthread_mutex_lock(&pipe_lock);
	if (pipe_fds[0] < 0) {
		if (pipe2(pipe_fds, O_CLOEXEC) < 0) {
			pthread_mutex_unlock(&pipe_lock);
			return -ENOMEM;
		}
		pipe_fds[0] = kvm_fd_hide(pipe_fds[0]);
		pipe_fds[1] = kvm_fd_hide(pipe_fds[1]);
	}
	while (n && !r) {
		size_t chunk = n < sizeof(scratch) ? n : sizeof(scratch);
		const void *src = to_user ? local : (const void *)remote;
		void *dst = to_user ? (void *)remote : local;

		if (write(pipe_fds[1], src, chunk) != (ssize_t)chunk) {
			r = -EFAULT;
			break;
		}
		if (read(pipe_fds[0], dst, chunk) != (ssize_t)chunk) {
			/* Nothing may stay in the pipe for the next copy. */
			if (read(pipe_fds[0], scratch, chunk) < 0)
				r = -EIO;
			r = -EFAULT;
			break;
		}
		local = (char *)local + chunk;
		remote += chunk;
		n -= chunk;
	}
	pthread_mutex_unlock(&pipe_lock);
	return r;
}

/*
 * The fast way.  @fixup is set only around one memcpy() of this thread, so
 * a fault with it set is that copy's; initial-exec TLS, as a signal
 * handler may not be the first to touch a dynamic-TLS variable.
 */
static __thread sigjmp_buf *fixup __attribute__((tls_model("initial-exec")));
static struct sigaction prev_segv, prev_bus;

/* A fault that is not a copy's: as if this handler had never been installed. */
static void chain_fault(int sig, siginfo_t *si, void *uc)
{
	const struct sigaction *prev = sig == SIGSEGV ? &prev_segv : &prev_bus;

	if (prev->sa_flags & SA_SIGINFO) {
		prev->sa_sigaction(sig, si, uc);
		return;
	}
	if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
		prev->sa_handler(sig);
		return;
	}
	/*
	 * The default action: for a real fault, returning runs the faulting
	 * instruction again, which now kills as it would have; a signal sent
	 * with kill() is raised again (the kernel, too, ignores SIG_IGN for
	 * faults).
	 */
	signal(sig, SIG_DFL);
	if (si->si_code <= 0)
		raise(sig);
}

static void uaccess_fault(int sig, siginfo_t *si, void *uc)
{
	sigjmp_buf *jmp = fixup;

	if (jmp && si->si_code > 0) {
		fixup = NULL;
		siglongjmp(*jmp, 1);
	}
	chain_fault(sig, si, uc);
}

static bool install_fault_handler(void)
{
	struct sigaction sa = {
		.sa_sigaction = uaccess_fault,
		/* Not blocked while it runs, so the jump out leaves the mask as it was. */
		.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK | SA_RESTART,
	};

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &prev_bus))
		return false;
	if (sigaction(SIGSEGV, &sa, &prev_segv)) {
		sigaction(SIGBUS, &prev_bus, NULL);
		return false;
	}
	return true;
}

static int (*slow_rw)(void *local, unsigned long remote, size_t n, bool write);

/* Not instrumented: a NULL or PROT_NONE buffer is the VMM's EFAULT, not the simulator's bug. */
__attribute__((no_sanitize("address", "undefined")))
static void raw_copy(void *dst, const void *src, size_t n)
{
#ifdef UACCESS_ASAN
	volatile unsigned char *d = dst;
	const volatile unsigned char *s = src;

	while (n--)
		*d++ = *s++;
#else
	memcpy(dst, src, n);
#endif
}

/*
 * A fault leaves memcpy() wherever it was, having stored more or less than
 * the kernel would before the bad page: the copy is done again the slow
 * way, which stops exactly there (real KVM: a struct that runs into a
 * PROT_NONE page has its first bytes written, then EFAULT).
 */
static int fast_rw(void *local, unsigned long remote, size_t n, bool to_user)
{
	sigjmp_buf jmp;

	if (sigsetjmp(jmp, 0)) {
		fixup = NULL;
		return slow_rw(local, remote, n, to_user);
	}
	fixup = &jmp;
	if (to_user)
		raw_copy((void *)remote, local, n);
	else
		raw_copy(local, (const void *)remote, n);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	fixup = NULL;
	return 0;
}

static pthread_once_t method_once = PTHREAD_ONCE_INIT;
static int (*user_rw_method)(void *local, unsigned long remote, size_t n, bool write);

static void pick_method(void)
{
	const char *env = getenv("KVMSIM_UACCESS");
	unsigned long probe = 1, copy = 0;

	slow_rw = vm_rw;
	if (vm_rw(&copy, (unsigned long)&probe, sizeof(probe), false) || copy != probe)
		slow_rw = pipe_rw;
	user_rw_method = slow_rw;
	if (UACCESS_FAST_BUILD && !RUNNING_ON_VALGRIND && !(env && !strcmp(env, "syscall")) &&
	    install_fault_handler())
		user_rw_method = fast_rw;
}

static int user_rw(void *local, unsigned long remote, size_t n, bool write)
{
	if (!n)
		return 0;
	if (!access_ok_va(remote, n, HOST_VA_BITS))
		return -EFAULT;
	pthread_once(&method_once, pick_method);
	return user_rw_method(local, remote, n, write);
}

int copy_from_user(void *to, unsigned long from, size_t n)
{
	return user_rw(to, from, n, false);
}

int copy_to_user(unsigned long to, const void *from, size_t n)
{
	int r = user_rw((void *)from, to, n, true);

	if (!r)
		(void)VALGRIND_MAKE_MEM_DEFINED((void *)to, n);
	return r;
}

/*
 * Whether [@addr, @addr + @len) is mapped in this process, readable, and
 * writable too if @write.  Read from /proc/self/maps: only for checks made
 * when something changes (memory slots mapped for guest execution), not on
 * every access.  Where the file cannot be read, says yes.
 */
bool kvm_host_range_accessible(uint64_t addr, uint64_t len, bool write)
{
	unsigned long long start, end;
	uint64_t cur = addr, last = addr + len;
	char perms[8], line[512];
	FILE *maps;

	if (!len)
		return true;
	maps = fopen("/proc/self/maps", "re");
	if (!maps)
		return true;
	while (cur < last && fgets(line, sizeof(line), maps)) {
		if (sscanf(line, "%llx-%llx %7s", &start, &end, perms) != 3)
			continue;
		if (end <= cur)
			continue;
		if (start > cur || perms[0] != 'r' || (write && perms[1] != 'w'))
			break;
		cur = end;
	}
	fclose(maps);
	return cur >= last;
}
