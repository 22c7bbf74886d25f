// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kvm_util.c - the tests' way to KVM: the backend table, the raw (__)
 * helpers, results and errno names, and memory that may fault.
 *
 * Nothing here asserts, so that the Criterion suites and the plain TAP
 * programs share it; the asserting helpers are in kvm_util.h.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kvmsim/kvmsim.h"
#include "kvm_util.h"

/* ---- entry points ----------------------------------------------------- */

const struct kvm_backend_ops *kvm_backend;

/* Before main(): a bad $KVMSIM_BACKEND stops the program, not each test. */
__attribute__((constructor))
static void kvm_util_choose_backend(void)
{
	kvm_backend = kvmsim_backend_get();
	if (!kvm_backend) {
		fprintf(stderr, "kvm_util: KVMSIM_BACKEND=%s: not a backend (sim, host, auto)\n",
			getenv("KVMSIM_BACKEND"));
		exit(2);
	}
}

bool kvm_backend_is_sim(void)
{
	return kvm_backend == &kvmsim_backend_sim;
}

long kvm_do_ioctl(int fd, unsigned long cmd, unsigned long arg)
{
	return kvm_backend->ioctl(fd, cmd, arg);
}

/* ---- kernels ---------------------------------------------------------- */

struct kernel kernels[NR_KERNELS] = { { "6.1" }, { "6.12" } };

void (*kvm_util_skip)(const char *why);

/* "6.1" for 6.1.0-28-arm64, "6.12" for 6.12.38+deb12-arm64. */
static bool release_is(const char *release, const char *kernel)
{
	size_t n = strlen(kernel);

	return !strncmp(release, kernel, n) &&
	       (release[n] == '.' || release[n] == '-' || release[n] == '+' || !release[n]);
}

/*
 * A row of another kernel than the one that runs says nothing there: it is
 * skipped (when the test framework gave kvm_util_skip) or, in programs
 * without one, run against the running kernel anyway.
 */
static void skip_other_kernel(const char *kernel)
{
	static char release[65];
	char why[160];

	if (!kernel || kvm_backend_is_sim() || !kvm_util_skip)
		return;
	if (!release[0]) {
		struct utsname u;

		if (uname(&u))
			return;
		snprintf(release, sizeof(release), "%s", u.release);
	}
	if (release_is(release, kernel))
		return;
	snprintf(why, sizeof(why), "a case of Linux %s; the running kernel is %s", kernel,
		 release);
	kvm_util_skip(why);
}

/* ---- host CPUs -------------------------------------------------------- */

#ifndef KVMSIM_HOSTS_DIR
#define KVMSIM_HOSTS_DIR "sim/arch/arm64/hosts"
#endif

void kvm_use_host(const char *name)
{
	char path[4096];

	if (!kvm_backend_is_sim())
		return;
	if (!strcmp(name, HOST_DEFAULT)) {
		unsetenv("KVMSIM_HOST");
		return;
	}
	snprintf(path, sizeof(path), "%s/%s.host", KVMSIM_HOSTS_DIR, name);
	setenv("KVMSIM_HOST", path, 1);
}

bool kvm_host_is(const char *name)
{
	const char *real = getenv("KVMSIM_REAL_HOST");

	if (kvm_backend_is_sim()) {
		kvm_use_host(name);
		return true;
	}
	return real && !strcmp(real, name);
}

bool kvm_host_cpu_is(const char *name)
{
	const char *real = getenv("KVMSIM_REAL_HOST");

	if (!name[0])
		return true;
	if (kvm_host_is(name))
		return true;
	return !strcmp(name, HOST_DEFAULT) && real && !strcmp(real, HOST_PAUTH_MTE);
}

long kvm_check_cap(long cap)
{
	int fd = __kvm_open(NULL, O_RDWR | O_CLOEXEC);
	long r;

	if (fd < 0)
		return -1;
	r = kvm_do_ioctl(fd, KVM_CHECK_EXTENSION, (unsigned long)cap);
	kvm_backend->close(fd);
	return r;
}

/* ---- failures of plain TAP programs ----------------------------------- */

_Thread_local unsigned int test_failures;

__attribute__((format(printf, 4, 0)))
static void vreport(const char *prefix, const char *file, int line,
		    const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* One printf per line: stdio locks the stream, threads do not interleave. */
	printf("%s%s:%d: %s\n", prefix, file, line, msg);
	fflush(stdout);
}

void test_report_failure(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	test_failures++;
	va_start(ap, fmt);
	vreport("# ", file, line, fmt, ap);
	va_end(ap);
}

void test_bail_out(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("Bail out! ", file, line, fmt, ap);
	va_end(ap);
	exit(1);
}

/* ---- errno names and results ------------------------------------------ */

#define E(name)	[name] = #name
static const char *const errno_names[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV), E(ENOTDIR),
	E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY), E(EFBIG),
	E(ENOSPC), E(ESPIPE), E(EROFS), E(EPIPE), E(ERANGE), E(EDEADLK),
	E(ENOSYS), E(ENODATA), E(EOVERFLOW), E(EOPNOTSUPP), E(ETIMEDOUT),
};
#undef E

static _Thread_local char str_bufs[4][40];
static _Thread_local unsigned int str_next;

static char *str_buf(void)
{
	return str_bufs[str_next++ % ARRAY_SIZE(str_bufs)];
}

const char *errno_name(int err)
{
	char *s;

	if (err == 0)
		return "no error";
	if (err > 0 && (size_t)err < ARRAY_SIZE(errno_names) && errno_names[err])
		return errno_names[err];
	s = str_buf();
	snprintf(s, sizeof(str_bufs[0]), "E%d", err);
	return s;
}

bool result_matches(const struct result *want, long ret, int err)
{
	if (want->ret == RESULT_NEW_FD)
		return ret >= 0;
	if (want->ret == -1)
		return ret == -1 && err == want->err;
	return ret == want->ret;
}

const char *result_str(long ret, int err)
{
	char *s = str_buf();

	if (ret == -1)
		snprintf(s, sizeof(str_bufs[0]), "-1 %s", errno_name(err));
	else
		snprintf(s, sizeof(str_bufs[0]), "%ld", ret);
	return s;
}

const char *want_str(const struct result *want)
{
	if (want->ret == RESULT_NEW_FD)
		return "fd";
	return result_str(want->ret, want->err);
}

/* ---- the system fd ---------------------------------------------------- */

int __kvm_open(const char *kernel, int flags)
{
	skip_other_kernel(kernel);
	return kvm_backend->open(kernel, flags);
}

long __kvm_check_extension(int fd, long cap)
{
	return kvm_do_ioctl(fd, KVM_CHECK_EXTENSION, (unsigned long)cap);
}

int __kvm_create_vm(int kvm, unsigned long type)
{
	return (int)kvm_do_ioctl(kvm, KVM_CREATE_VM, type);
}

/* ---- fds -------------------------------------------------------------- */

int __kvm_close(int fd)
{
	return kvm_backend->close(fd);
}

int __kvm_dup(int fd)
{
	return kvm_backend->dup(fd);
}

int __kvm_fcntl_dupfd(int fd, int cmd, int minfd)
{
	return kvm_backend->fcntl_dupfd(fd, cmd, minfd);
}

void *__kvm_mmap(int fd, size_t len, int prot, int flags, unsigned long pgoff)
{
	return kvm_backend->mmap(NULL, len, prot, flags, fd, (off_t)(pgoff * PAGE_SIZE));
}

/* ---- the VM fd -------------------------------------------------------- */

int __vm_create_vcpu(int vm, unsigned long id)
{
	return (int)kvm_do_ioctl(vm, KVM_CREATE_VCPU, id);
}

int __vm_set_user_memory_region(int vm, uint32_t slot, uint32_t flags,
				uint64_t gpa, uint64_t size, uint64_t uaddr)
{
	struct kvm_userspace_memory_region region = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = uaddr,
	};

	return (int)kvm_do_ioctl(vm, KVM_SET_USER_MEMORY_REGION, (unsigned long)&region);
}

int __kvm_enable_cap(int fd, uint32_t cap, uint32_t flags, uint64_t arg0)
{
	struct kvm_enable_cap enable = {
		.cap = cap,
		.flags = flags,
		.args = { arg0 },
	};

	return (int)kvm_do_ioctl(fd, KVM_ENABLE_CAP, (unsigned long)&enable);
}

int __vm_preferred_target(int vm, struct kvm_vcpu_init *init)
{
	return (int)kvm_do_ioctl(vm, KVM_ARM_PREFERRED_TARGET, (unsigned long)init);
}

/* ---- the vCPU fd ------------------------------------------------------ */

int __vcpu_get_mp_state(int vcpu, uint32_t *ret_state)
{
	/* Not a state: shows when KVM_GET_MP_STATE succeeds but writes nothing. */
	struct kvm_mp_state mp = { .mp_state = 0xdead };
	int r = (int)kvm_do_ioctl(vcpu, KVM_GET_MP_STATE, (unsigned long)&mp);

	if (r == 0)
		*ret_state = mp.mp_state;
	return r;
}

int __vcpu_set_mp_state(int vcpu, uint32_t state)
{
	struct kvm_mp_state mp = { .mp_state = state };

	return (int)kvm_do_ioctl(vcpu, KVM_SET_MP_STATE, (unsigned long)&mp);
}

/* ---- memory ----------------------------------------------------------- */

uint64_t noaccess_addr(void)
{
	static _Atomic uint64_t addr;
	uint64_t a = atomic_load(&addr);

	if (!a) {
		void *p = mmap(NULL, 16 * PAGE_SIZE, PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		if (p == MAP_FAILED)
			abort();
		a = (uint64_t)(uintptr_t)p;
		atomic_store(&addr, a);
	}
	return a;
}

static _Thread_local sigjmp_buf probe_env;

static void probe_fault(int sig)
{
	siglongjmp(probe_env, sig);
}

static int probe(volatile uint8_t *p, bool write, uint8_t *val)
{
	struct sigaction sa = { .sa_handler = probe_fault }, old_bus, old_segv;
	volatile int sig;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &old_bus);
	sigaction(SIGSEGV, &sa, &old_segv);
	sig = sigsetjmp(probe_env, 1);
	if (!sig) {
		if (write)
			*p = *val;
		else
			*val = *p;
	}
	sigaction(SIGBUS, &old_bus, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	return sig;
}

int probe_read(const volatile uint8_t *p, uint8_t *ret_val)
{
	uint8_t v = 0;
	int sig = probe((volatile uint8_t *)p, false, &v);

	if (!sig)
		*ret_val = v;
	return sig;
}

int probe_write(volatile uint8_t *p, uint8_t val)
{
	return probe(p, true, &val);
}

/* ==== arm64 vCPU registers: VCPU_INIT, ONE_REG, REG_LIST, FINALIZE ====== */

int __vcpu_init_target(int vcpu, uint32_t target, const uint32_t *features)
{
	struct kvm_vcpu_init init = { .target = target };

	memcpy(init.features, features, sizeof(init.features));
	return (int)kvm_do_ioctl(vcpu, KVM_ARM_VCPU_INIT, (unsigned long)&init);
}

int __vcpu_init(int vcpu, uint32_t features)
{
	const uint32_t words[ARRAY_SIZE(((struct kvm_vcpu_init *)0)->features)] = { features };

	return __vcpu_init_target(vcpu, PREFERRED_TARGET, words);
}

static int one_reg(int vcpu, unsigned long cmd, uint64_t id, const void *val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)val };

	return (int)kvm_do_ioctl(vcpu, cmd, (unsigned long)&reg);
}

int __vcpu_get_reg(int vcpu, uint64_t id, void *val)
{
	return one_reg(vcpu, KVM_GET_ONE_REG, id, val);
}

int __vcpu_set_reg(int vcpu, uint64_t id, const void *val)
{
	return one_reg(vcpu, KVM_SET_ONE_REG, id, val);
}

int __vcpu_get_reg_list(int vcpu, struct kvm_reg_list *list)
{
	return (int)kvm_do_ioctl(vcpu, KVM_GET_REG_LIST, (unsigned long)list);
}

struct kvm_reg_list *__vcpu_alloc_reg_list(int vcpu)
{
	struct kvm_reg_list probe = { .n = 0 }, *list;
	int err;

	/* n = 0 asks for the count: E2BIG with n written back. */
	if (__vcpu_get_reg_list(vcpu, &probe) == 0)
		return calloc(1, sizeof(*list));
	if (errno != E2BIG)
		return NULL;
	list = calloc(1, sizeof(*list) + probe.n * sizeof(list->reg[0]));
	if (!list)
		return NULL;
	list->n = probe.n;
	if (__vcpu_get_reg_list(vcpu, list) != 0) {
		err = errno;
		free(list);
		errno = err;
		return NULL;
	}
	return list;
}

int __vcpu_finalize(int vcpu, int what)
{
	return (int)kvm_do_ioctl(vcpu, KVM_ARM_VCPU_FINALIZE, (unsigned long)&what);
}

/* ==== KVM_RUN: guest memory, the kvm_run page, exits ===================== */

void *guest_mem(size_t len, const uint32_t *insns, size_t nr_insns)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	TEST_ASSERT(p != MAP_FAILED, "mmap of %zu bytes failed: %s", len, errno_name(errno));
	if (nr_insns)
		memcpy(p, insns, nr_insns * sizeof(*insns));
	return p;
}

int __vcpu_set_signal_mask(int vcpu, uint32_t len, uint64_t sigs)
{
	/*
	 * struct kvm_signal_mask: the 4-byte len, then the sigset directly (no
	 * padding).  Bytes, not a struct ending in one with a flexible array,
	 * which clang refuses (-Wgnu-variable-sized-type-not-at-end).
	 */
	_Alignas(struct kvm_signal_mask) uint8_t arg[sizeof(struct kvm_signal_mask) + 8];

	memset(arg, 0, sizeof(arg));
	memcpy(arg + offsetof(struct kvm_signal_mask, len), &len, sizeof(len));
	memcpy(arg + offsetof(struct kvm_signal_mask, sigset), &sigs, sizeof(sigs));
	return (int)__vcpu_ioctl(vcpu, KVM_SET_SIGNAL_MASK, arg);
}

static void on_test_alarm(int sig)
{
	(void)sig;
}

int __vcpu_run_timed(int vcpu, long ms)
{
	struct itimerval it = { .it_value = { ms / 1000, (ms % 1000) * 1000 } }, off;
	struct sigaction sa;
	int r, err;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_test_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	r = __vcpu_run(vcpu);
	err = errno;
	memset(&off, 0, sizeof(off));
	setitimer(ITIMER_REAL, &off, NULL);
	errno = err;
	return r;
}

