/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kvm_util.h - what the tests call KVM through, in the KVM selftests'
 * manner: __vm_create_vcpu() returns the raw result (-1 and errno) for
 * negative tests, vm_create_vcpu() asserts success and names the ioctl when
 * it fails.
 *
 * Every call goes through one table of entry points, kvm_backend, so that
 * a backend shim can point the same tests at the simulator or at real
 * /dev/kvm.
 *
 * The Criterion suites include <criterion/criterion.h> before this header
 * and their assertions are Criterion's; plain TAP programs (the thread
 * stress test) get a TAP "Bail out!" for a failed assertion and a "#"
 * diagnostic, counted per thread, for a failed expectation.
 */
#ifndef KVMSIM_TESTS_KVM_UTIL_H
#define KVMSIM_TESTS_KVM_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>

#include <linux/kvm.h>

#include "kvmsim/backend.h"

/* ---- entry points ----------------------------------------------------- */

/*
 * What the helpers call: the shim's backend (kvmsim/backend.h) that
 * $KVMSIM_BACKEND names, chosen before main() as kvmsim_backend_get()
 * does: "sim", "host", or "auto" (the default; make check sets "sim").  On
 * the host backend the same tests check real KVM (make check-real runs
 * them inside the guest: tests/real/suites-real.sh).
 */
extern const struct kvm_backend_ops *kvm_backend;

/* Whether the tests talk to the simulator (not to real /dev/kvm). */
bool kvm_backend_is_sim(void);

/* ---- assertions ------------------------------------------------------- */

#ifdef CRITERION_H_
#define TEST_ASSERT(cond, ...)	cr_assert(cond, __VA_ARGS__)
#define TEST_EXPECT(cond, ...)	cr_expect(cond, __VA_ARGS__)
#else
#define TEST_ASSERT(cond, ...)						\
	do {								\
		if (!(cond))						\
			test_bail_out(__FILE__, __LINE__, __VA_ARGS__);	\
	} while (0)
#define TEST_EXPECT(cond, ...)						\
	do {								\
		if (!(cond))						\
			test_report_failure(__FILE__, __LINE__, __VA_ARGS__); \
	} while (0)
#endif

/* Plain TAP programs: failed expectations of the calling thread so far. */
extern _Thread_local unsigned int test_failures;
void test_report_failure(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void test_bail_out(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

/* "EINVAL" for EINVAL: failure messages name errnos as the transcripts do. */
const char *errno_name(int err);

/*
 * What a call must answer, as real KVM's transcripts write it: a value
 * ("-> 12"), a new fd ("-> fd"), or -1 and an errno ("-> -1 EINVAL").
 */
struct result {
	long ret;	/* the value, RESULT_NEW_FD, or -1 */
	int err;	/* the errno when ret is -1 */
};
#define RESULT_NEW_FD	(-2L)
#define RET(v)		{ .ret = (v) }
#define NEW_FD		{ .ret = RESULT_NEW_FD }
#define ERR(e)		{ .ret = -1, .err = (e) }

bool result_matches(const struct result *want, long ret, int err);
/* Text of a result for messages ("12", "fd", "-1 EINVAL"); per-thread buffers. */
const char *result_str(long ret, int err);
const char *want_str(const struct result *want);

/*
 * assert_result(call, want, fmt, ...): @call answers *@want; the message
 * names the case.  expect_result() records a failure and goes on, for
 * tables walked inside one test.  assert_errno(call, err): -1 and @err;
 * assert_ret(call, v): the value @v.
 */
#define __check_result(CHECK, call, want, fmt, ...)			\
	do {								\
		const struct result *__want = (want);			\
		long __got;						\
		int __err;						\
									\
		errno = 0;						\
		__got = (long)(call);					\
		__err = errno;						\
		CHECK(result_matches(__want, __got, __err),		\
		      fmt ": got %s, want %s", ##__VA_ARGS__,		\
		      result_str(__got, __err), want_str(__want));	\
	} while (0)
#define assert_result(call, want, fmt, ...) \
	__check_result(TEST_ASSERT, call, want, fmt, ##__VA_ARGS__)
#define expect_result(call, want, fmt, ...) \
	__check_result(TEST_EXPECT, call, want, fmt, ##__VA_ARGS__)
#define assert_errno(call, e) \
	assert_result(call, (&(const struct result)ERR(e)), "%s", #call)
#define expect_errno(call, e) \
	expect_result(call, (&(const struct result)ERR(e)), "%s", #call)
#define assert_ret(call, v) \
	assert_result(call, (&(const struct result)RET(v)), "%s", #call)
#define expect_ret(call, v) \
	expect_result(call, (&(const struct result)RET(v)), "%s", #call)

/* ---- kernels ---------------------------------------------------------- */

/*
 * The kernel releases the tests run against, oldest first.  Table rows of
 * the parameterized tests begin with a kernel name, so that where 6.1 and
 * 6.12 answer differently each has its own row.
 */
#define KERNEL_NAME_MAX	8
#define NR_KERNELS	2
struct kernel {
	char name[KERNEL_NAME_MAX];
};
extern struct kernel kernels[NR_KERNELS];

#define ON_6_1(...)		{ "6.1", __VA_ARGS__ }
#define ON_6_12(...)		{ "6.12", __VA_ARGS__ }
#define ON_ALL_KERNELS(...)	ON_6_1(__VA_ARGS__), ON_6_12(__VA_ARGS__)

static inline bool kernel_is(const char *kernel, const char *name)
{
	return !strcmp(kernel, name);
}

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- host CPUs -------------------------------------------------------- */

/*
 * The harness's host CPUs (tests/real/hosts.sh), by the name of their host
 * profile (sim/arch/arm64/hosts/NAME.host).  HOST_DEFAULT is the built-in
 * one; HOST_PAUTH_MTE adds pointer authentication and MTE; HOST_N1 has
 * none of the optional vCPU features (no 32-bit EL1, PMU or SVE).
 */
#define HOST_DEFAULT	"qemu-max"
#define HOST_PAUTH_MTE	"qemu-max-pauth-mte"
#define HOST_N1		"qemu-n1"

/*
 * On the simulator: model host CPU @name from here on.  The simulator reads
 * its host profile once per process, at the first VM, so call this before
 * any (Criterion runs every case in its own process).  On real KVM the host
 * is what it is: nothing changes; see require_host_cap().
 */
void kvm_use_host(const char *name);
/*
 * Whether the tests run on host CPU @name: on the simulator always, after
 * kvm_use_host(@name); on real KVM when $KVMSIM_REAL_HOST names it
 * (tests/real/suites-real.sh sets it to the host it boots).
 */
bool kvm_host_is(const char *name);
/*
 * Whether the tests run on a host with the values of host CPU @name (its ID
 * registers, caches, limits, the optional features it offers): as
 * kvm_host_is(@name), but on real KVM HOST_DEFAULT's values are also
 * HOST_PAUTH_MTE's: the same CPU (qemu's max) with pointer authentication
 * and MTE turned on, which has every value of the default host but those
 * two features' (sim/arch/arm64/hosts/qemu-max-pauth-mte.host).  @name ""
 * (a table row of every host): always, and the simulator's host is left as
 * it is.
 */
bool kvm_host_cpu_is(const char *name);
/* KVM_CHECK_EXTENSION(@cap) on a system fd of its own (-1 if none opens). */
long kvm_check_cap(long cap);

/*
 * Set by the test framework: ends the current test as skipped, saying why.
 * On the host backend, __kvm_open() of a kernel other than the running one
 * calls it, so a row of 6.12 skips on 6.1 and the reverse.
 */
extern void (*kvm_util_skip)(const char *why);

#ifdef CRITERION_H_
#include <criterion/parameterized.h>

static void kvm_util_cr_skip(const char *why)
{
	cr_skip_test("%s", why);
}

__attribute__((constructor))
static void kvm_util_cr_init(void)
{
	kvm_util_skip = kvm_util_cr_skip;
}

/*
 * A test of a host with capability @cap (KVM_CHECK_EXTENSION > 0 on the
 * system fd): on the simulator it models host CPU @host (kvm_use_host());
 * on real KVM it is skipped where the host lacks it.
 */
#define require_host_cap(host, cap)					\
	do {								\
		kvm_use_host(host);					\
		if (kvm_check_cap(cap) <= 0)				\
			cr_skip_test("the host lacks %s", #cap);	\
	} while (0)

/*
 * A test of a host without capability @cap: on the simulator the default
 * host (HOST_DEFAULT, without pointer authentication and MTE); on real KVM
 * it is skipped where the host has it.
 */
#define require_host_without_cap(cap)					\
	do {								\
		kvm_use_host(HOST_DEFAULT);				\
		if (kvm_check_cap(cap) > 0)				\
			cr_skip_test("a case of a host without %s", #cap); \
	} while (0)

/*
 * A test of host CPU @host by name, for what only that host shows (its
 * values and limits): on the simulator it models @host; on real KVM it is
 * skipped unless the harness booted @host (kvm_host_is()).
 */
#define require_host(host)						\
	do {								\
		if (!kvm_host_is(host))					\
			cr_skip_test("a case of host CPU %s (KVMSIM_REAL_HOST)", (host)); \
	} while (0)

/*
 * A test of the values of host CPU @host (kvm_host_cpu_is()), for the table
 * rows that hold on one host CPU only: on the simulator it models @host; on
 * real KVM it is skipped on other hosts, and outside the harness.  Rows
 * about pointer authentication or MTE use require_host_cap() or
 * require_host_without_cap() besides.
 */
#define require_host_cpu(host)						\
	do {								\
		if (!kvm_host_cpu_is(host))				\
			cr_skip_test("a case of the values of host CPU %s (KVMSIM_REAL_HOST)", \
				     (host));				\
	} while (0)

/* A test of the simulator only (its own API or behaviour): skipped on real KVM. */
#define require_sim()							\
	do {								\
		if (!kvm_backend_is_sim())				\
			cr_skip_test("a test of the simulator, not of KVM"); \
	} while (0)

/*
 * KERNEL_TEST(suite, name): a test whose body runs once per kernel, as
 * separate cases; the body sees the kernel as kernel->name.
 */
#define KERNEL_TEST(suite, name, ...)					\
	ParameterizedTestParameters(suite, name)			\
	{								\
		return cr_make_param_array(struct kernel, kernels, NR_KERNELS); \
	}								\
	ParameterizedTest(struct kernel *kernel, suite, name, ##__VA_ARGS__)

/* The table of cases of ParameterizedTest(..., suite, name): a static array. */
#define TEST_CASES(suite, name, array)					\
	ParameterizedTestParameters(suite, name)			\
	{								\
		return cr_make_param_array(__typeof__((array)[0]), array, \
					   ARRAY_SIZE(array));		\
	}
#endif

/* ---- ioctls ----------------------------------------------------------- */

/* The one wrapper every ioctl goes through. */
long kvm_do_ioctl(int fd, unsigned long cmd, unsigned long arg);

#define __kvm_ioctl(fd, cmd, arg)	kvm_do_ioctl((fd), (cmd), (unsigned long)(arg))
#define kvm_ioctl(fd, cmd, arg)						\
	({								\
		long __ioctl_ret = __kvm_ioctl(fd, cmd, arg);		\
									\
		TEST_ASSERT(__ioctl_ret >= 0, "%s failed: %s", #cmd,	\
			    errno_name(errno));				\
		__ioctl_ret;						\
	})
/* The same, named for the fd they are meant for. */
#define __vm_ioctl(vm, cmd, arg)	__kvm_ioctl(vm, cmd, arg)
#define vm_ioctl(vm, cmd, arg)		kvm_ioctl(vm, cmd, arg)
#define __vcpu_ioctl(vcpu, cmd, arg)	__kvm_ioctl(vcpu, cmd, arg)
#define vcpu_ioctl(vcpu, cmd, arg)	kvm_ioctl(vcpu, cmd, arg)

/*
 * How a table row gives an ioctl its argument: the value itself, a
 * pointer to zeroed bytes, or a pointer to a u32 holding the value.  Rows
 * write IOCTL(KVM_X), then INT(v), ZEROS or U32(v).
 */
enum arg_kind {
	ARG_INT,
	ARG_ZEROS,
	ARG_U32,
};
#define IOCTL(name)	#name, name
#define ZEROS		ARG_ZEROS, 0
#define INT(v)		ARG_INT, (v)
#define U32(v)		ARG_U32, (v)

/* Storage for what ioctl_arg() points at; must outlive the call. */
struct ioctl_arg_buf {
	uint8_t zeros[2048];
	uint32_t u32;
};

static inline unsigned long ioctl_arg(struct ioctl_arg_buf *buf, enum arg_kind kind,
				      unsigned long arg)
{
	memset(buf, 0, sizeof(*buf));
	switch (kind) {
	case ARG_ZEROS:
		return (unsigned long)buf->zeros;
	case ARG_U32:
		buf->u32 = (uint32_t)arg;
		return (unsigned long)&buf->u32;
	default:
		return arg;
	}
}

/* ---- fds -------------------------------------------------------------- */

int __kvm_close(int fd);
static inline void kvm_close(int fd)
{
	TEST_ASSERT(__kvm_close(fd) == 0, "close(%d) failed: %s", fd, errno_name(errno));
}

int __kvm_dup(int fd);
static inline int kvm_dup(int fd)
{
	int r = __kvm_dup(fd);

	TEST_ASSERT(r >= 0, "dup(%d) failed: %s", fd, errno_name(errno));
	return r;
}

int __kvm_fcntl_dupfd(int fd, int cmd, int minfd);

/* ---- the system fd ---------------------------------------------------- */

int __kvm_open(const char *kernel, int flags);
/* /dev/kvm of @kernel, O_RDWR | O_CLOEXEC as VMMs open it. */
static inline int kvm_open(const char *kernel)
{
	int fd = __kvm_open(kernel, O_RDWR | O_CLOEXEC);

	TEST_ASSERT(fd >= 0, "open /dev/kvm (%s) failed: %s", kernel ? kernel : "default", errno_name(errno));
	return fd;
}

long __kvm_check_extension(int fd, long cap);
static inline long kvm_check_extension(int fd, long cap)
{
	long r = __kvm_check_extension(fd, cap);

	TEST_ASSERT(r >= 0, "KVM_CHECK_EXTENSION cap=%ld failed: %s", cap, errno_name(errno));
	return r;
}

int __kvm_create_vm(int kvm, unsigned long type);
static inline int kvm_create_vm(int kvm, unsigned long type)
{
	int fd = __kvm_create_vm(kvm, type);

	TEST_ASSERT(fd >= 0, "KVM_CREATE_VM type=%#lx failed: %s", type, errno_name(errno));
	return fd;
}

/*
 * A VM of type 0 on @kernel.  The system fd is closed again: a VM does not
 * need it (real-*.txt "lifetime.sys2-closed.vm KVM_CREATE_VCPU").
 */
static inline int vm_create(const char *kernel)
{
	int kvm = kvm_open(kernel);
	int vm = kvm_create_vm(kvm, 0);

	TEST_ASSERT(__kvm_close(kvm) == 0, "close of /dev/kvm failed: %s", errno_name(errno));
	return vm;
}

/* ---- the VM fd -------------------------------------------------------- */

int __vm_create_vcpu(int vm, unsigned long id);
static inline int vm_create_vcpu(int vm, unsigned long id)
{
	int fd = __vm_create_vcpu(vm, id);

	TEST_ASSERT(fd >= 0, "KVM_CREATE_VCPU id=%#lx failed: %s", id, errno_name(errno));
	return fd;
}

int __vm_set_user_memory_region(int vm, uint32_t slot, uint32_t flags,
				uint64_t gpa, uint64_t size, uint64_t uaddr);
static inline void vm_set_user_memory_region(int vm, uint32_t slot, uint32_t flags,
					     uint64_t gpa, uint64_t size, uint64_t uaddr)
{
	int r = __vm_set_user_memory_region(vm, slot, flags, gpa, size, uaddr);

	TEST_ASSERT(r == 0, "KVM_SET_USER_MEMORY_REGION slot=%u flags=%#x gpa=%#llx "
		    "size=%#llx uaddr=%#llx failed: %s", slot, flags,
		    (unsigned long long)gpa, (unsigned long long)size,
		    (unsigned long long)uaddr, errno_name(errno));
}

/* Deleting is setting a size of 0. */
static inline int __vm_delete_memory_region(int vm, uint32_t slot)
{
	return __vm_set_user_memory_region(vm, slot, 0, 0, 0, 0);
}

static inline void vm_delete_memory_region(int vm, uint32_t slot)
{
	vm_set_user_memory_region(vm, slot, 0, 0, 0, 0);
}

/* KVM_ENABLE_CAP on any fd (VMs take it; the tests try the others too). */
int __kvm_enable_cap(int fd, uint32_t cap, uint32_t flags, uint64_t arg0);
static inline void vm_enable_cap(int vm, uint32_t cap, uint64_t arg0)
{
	TEST_ASSERT(__kvm_enable_cap(vm, cap, 0, arg0) == 0,
		    "KVM_ENABLE_CAP cap=%u args[0]=%#llx failed: %s", cap,
		    (unsigned long long)arg0, errno_name(errno));
}

int __vm_preferred_target(int vm, struct kvm_vcpu_init *init);

/* ---- the three kinds of fd ------------------------------------------- */

/* For tables of calls tried on each kind of KVM fd. */
enum kvm_fd_kind { SYS_FD, VM_FD, VCPU_FD };

static inline const char *fd_kind_name(enum kvm_fd_kind kind)
{
	return kind == SYS_FD ? "sys" : kind == VM_FD ? "vm" : "vcpu";
}

/* /dev/kvm of @kernel, a VM of type 0 made from it, or that VM's vCPU 0. */
static inline int kvm_open_fd_kind(const char *kernel, enum kvm_fd_kind kind)
{
	int kvm = kvm_open(kernel);

	if (kind == SYS_FD)
		return kvm;
	if (kind == VM_FD)
		return kvm_create_vm(kvm, 0);
	return vm_create_vcpu(kvm_create_vm(kvm, 0), 0);
}

/* ---- the vCPU fd ------------------------------------------------------ */

int __vcpu_get_mp_state(int vcpu, uint32_t *ret_state);
static inline uint32_t vcpu_get_mp_state(int vcpu)
{
	uint32_t state = 0;

	TEST_ASSERT(__vcpu_get_mp_state(vcpu, &state) == 0,
		    "KVM_GET_MP_STATE failed: %s", errno_name(errno));
	return state;
}

int __vcpu_set_mp_state(int vcpu, uint32_t state);
static inline void vcpu_set_mp_state(int vcpu, uint32_t state)
{
	TEST_ASSERT(__vcpu_set_mp_state(vcpu, state) == 0,
		    "KVM_SET_MP_STATE mp_state=%u failed: %s", state, errno_name(errno));
}

/* mmap of @len bytes of @fd from page @pgoff, as a VMM maps a vCPU. */
void *__kvm_mmap(int fd, size_t len, int prot, int flags, unsigned long pgoff);
static inline void *kvm_mmap(int fd, size_t len, int prot, int flags, unsigned long pgoff)
{
	void *p = __kvm_mmap(fd, len, prot, flags, pgoff);

	TEST_ASSERT(p != MAP_FAILED, "mmap len=%#zx pgoff=%lu failed: %s", len, pgoff,
		    errno_name(errno));
	return p;
}

/* ---- memory ----------------------------------------------------------- */

#define PAGE_SIZE		0x1000UL
/* An address of the kernel's half: no user pointer ever has it. */
#define KERNEL_HALF_ADDR	0xffff000000000000ULL

/* Anonymous private memory of @len bytes, kept until the process exits. */
static inline void *test_mem(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	TEST_ASSERT(p != MAP_FAILED, "mmap of %zu bytes failed: %s", len, errno_name(errno));
	return p;
}

/* The address of PROT_NONE pages: any access faults. */
uint64_t noaccess_addr(void);

/*
 * Reads (writes) one byte that may fault: returns 0, or the signal the
 * access raised (SIGBUS, SIGSEGV) and the access is abandoned.
 */
int probe_read(const volatile uint8_t *p, uint8_t *ret_val);
int probe_write(volatile uint8_t *p, uint8_t val);

/* ==== arm64 vCPU registers: VCPU_INIT, ONE_REG, REG_LIST, FINALIZE ====== */

/*
 * Register ids.  The uapi builders (ARM64_SYS_REG(), KVM_REG_ARM_FW_REG(),
 * KVM_REG_ARM64_SVE_ZREG(), KVM_REG_ARM_TIMER_CTL, ...) cover most; these
 * add what they leave out: core registers by offset and size, CCSIDR by
 * CSSELR, and ids with a chosen size field.
 */
#define CORE_REG_ID(size, off)	(KVM_REG_ARM64 | (size) | KVM_REG_ARM_CORE | (uint64_t)(off))
#define CORE_REG(name)		CORE_REG_ID(KVM_REG_SIZE_U64, KVM_REG_ARM_CORE_REG(name))
#define DEMUX_CCSIDR(csselr)	(KVM_REG_ARM64 | KVM_REG_SIZE_U32 | KVM_REG_ARM_DEMUX | \
				 KVM_REG_ARM_DEMUX_ID_CCSIDR | (uint64_t)(csselr))
#define REG_WITH_SIZE(id, size)	(((id) & ~KVM_REG_SIZE_MASK) | (size))

/* Core register offsets (32-bit words into struct kvm_regs) the tables use. */
#define CORE_X(n)		(KVM_REG_ARM_CORE_REG(regs.regs[0]) + 2 * (n))
#define CORE_SP			KVM_REG_ARM_CORE_REG(regs.sp)
#define CORE_PC			KVM_REG_ARM_CORE_REG(regs.pc)
#define CORE_PSTATE		KVM_REG_ARM_CORE_REG(regs.pstate)
#define CORE_V(n)		(KVM_REG_ARM_CORE_REG(fp_regs.vregs[0]) + 4 * (n))
#define CORE_FPSR		KVM_REG_ARM_CORE_REG(fp_regs.fpsr)
#define CORE_FPCR		KVM_REG_ARM_CORE_REG(fp_regs.fpcr)

/* Bit of KVM_ARM_VCPU_<name> in kvm_vcpu_init.features[0]. */
#define FEATURE(name)		(1U << KVM_ARM_VCPU_##name)

#ifdef CRITERION_H_
/*
 * A test of vCPUs with the optional features among @features (feature word
 * 0: EL1_32BIT, PMU_V3, SVE): require_host_cap() of each one's capability,
 * so it is skipped on a host that lacks one; on the simulator the default
 * host, which has them all.
 */
#define require_vcpu_features(features)					\
	do {								\
		uint32_t __f = (features);				\
									\
		if (__f & FEATURE(EL1_32BIT))				\
			require_host_cap(HOST_DEFAULT, KVM_CAP_ARM_EL1_32BIT); \
		if (__f & FEATURE(PMU_V3))				\
			require_host_cap(HOST_DEFAULT, KVM_CAP_ARM_PMU_V3); \
		if (__f & FEATURE(SVE))					\
			require_host_cap(HOST_DEFAULT, KVM_CAP_ARM_SVE);	\
	} while (0)
#endif

/* The result of a table walk's step: 0 if @ok, else -1 and @err. */
#define OK_OR_ERR(ok, err)	((ok) ? (struct result)RET(0) : (struct result)ERR(err))
/* 0, or -1 and @err when @err is not 0 (a transcript's "-> 0" / "-> -1 ERRNO"). */
#define ERR_OR_OK(err)		OK_OR_ERR(!(err), err)

/* real-*.txt "vm KVM_ARM_PREFERRED_TARGET -> 0 target=5 features=0x0" */
#define PREFERRED_TARGET	KVM_ARM_TARGET_GENERIC_V8

/* KVM_ARM_VCPU_INIT with @target and all seven feature words. */
int __vcpu_init_target(int vcpu, uint32_t target, const uint32_t *features);
/* KVM_ARM_VCPU_INIT with the preferred target and feature word 0 = @features. */
int __vcpu_init(int vcpu, uint32_t features);
static inline void vcpu_init(int vcpu, uint32_t features)
{
	TEST_ASSERT(__vcpu_init(vcpu, features) == 0, "KVM_ARM_VCPU_INIT features=%#x failed: %s",
		    features, errno_name(errno));
}

/* vCPU 0 of a new VM on @kernel, initialised with @features. */
static inline int vcpu_create_init(const char *kernel, uint32_t features)
{
	int vcpu = vm_create_vcpu(vm_create(kernel), 0);

	vcpu_init(vcpu, features);
	return vcpu;
}

/* KVM_GET_ONE_REG / KVM_SET_ONE_REG of @id, the value at @val (any address). */
int __vcpu_get_reg(int vcpu, uint64_t id, void *val);
int __vcpu_set_reg(int vcpu, uint64_t id, const void *val);

/* Registers of up to 64 bits: the value itself. */
static inline uint64_t vcpu_get_reg(int vcpu, uint64_t id)
{
	uint64_t val = 0;

	TEST_ASSERT(KVM_REG_SIZE(id) <= sizeof(val), "vcpu_get_reg of %#llx: too wide",
		    (unsigned long long)id);
	TEST_ASSERT(__vcpu_get_reg(vcpu, id, &val) == 0, "KVM_GET_ONE_REG id=%#llx failed: %s",
		    (unsigned long long)id, errno_name(errno));
	return val;
}

static inline void vcpu_set_reg(int vcpu, uint64_t id, uint64_t val)
{
	TEST_ASSERT(KVM_REG_SIZE(id) <= sizeof(val), "vcpu_set_reg of %#llx: too wide",
		    (unsigned long long)id);
	TEST_ASSERT(__vcpu_set_reg(vcpu, id, &val) == 0,
		    "KVM_SET_ONE_REG id=%#llx val=%#llx failed: %s", (unsigned long long)id,
		    (unsigned long long)val, errno_name(errno));
}

/* Get (into) and set (from) a zeroed buffer of @id both answer *@want. */
#define assert_get_and_set(vcpu, id, want, fmt, ...)				\
	do {									\
		uint8_t __val[256] = { 0 };					\
										\
		assert_result(__vcpu_get_reg(vcpu, id, __val), want, fmt ": get",	\
			      ##__VA_ARGS__);					\
		assert_result(__vcpu_set_reg(vcpu, id, __val), want, fmt ": set",	\
			      ##__VA_ARGS__);					\
	} while (0)

/*
 * Get and set of @id through each value pointer ONE_REG cannot use (NULL,
 * 0x1, a kernel-half address, PROT_NONE pages): -1 and @get_err, -1 and
 * @set_err.
 */
static inline void expect_bad_value_pointers(int vcpu, uint64_t id, int get_err, int set_err)
{
	const uint64_t addrs[] = { 0, 1, KERNEL_HALF_ADDR, noaccess_addr() };
	static const char *const names[] = { "NULL", "0x1", "kernel-half", "noaccess" };

	for (size_t i = 0; i < ARRAY_SIZE(addrs); i++) {
		void *addr = (void *)(uintptr_t)addrs[i];

		expect_result(__vcpu_get_reg(vcpu, id, addr), (&(const struct result)ERR(get_err)),
			      "get %#llx addr=%s", (unsigned long long)id, names[i]);
		expect_result(__vcpu_set_reg(vcpu, id, addr), (&(const struct result)ERR(set_err)),
			      "set %#llx addr=%s", (unsigned long long)id, names[i]);
	}
}

/* KVM_GET_REG_LIST into @list, which has room for list->n ids. */
int __vcpu_get_reg_list(int vcpu, struct kvm_reg_list *list);
/* The whole list, sized by a first call: malloc()ed, NULL and errno on failure. */
struct kvm_reg_list *__vcpu_alloc_reg_list(int vcpu);
static inline struct kvm_reg_list *vcpu_get_reg_list(int vcpu)
{
	struct kvm_reg_list *list = __vcpu_alloc_reg_list(vcpu);

	TEST_ASSERT(list, "KVM_GET_REG_LIST failed: %s", errno_name(errno));
	return list;
}

/* KVM_ARM_VCPU_FINALIZE of feature @what (KVM_ARM_VCPU_SVE). */
int __vcpu_finalize(int vcpu, int what);
static inline void vcpu_finalize(int vcpu, int what)
{
	TEST_ASSERT(__vcpu_finalize(vcpu, what) == 0, "KVM_ARM_VCPU_FINALIZE what=%d failed: %s",
		    what, errno_name(errno));
}

/* ==== KVM_RUN: guest memory, the kvm_run page, exits ===================== */

/*
 * @len bytes of shared anonymous memory for a memory slot, @insns copied
 * to its start (guest code, one AArch64 instruction per word).
 */
void *guest_mem(size_t len, const uint32_t *insns, size_t nr_insns);

/* The vCPU's struct kvm_run, mapped shared as a VMM maps it. */
static inline struct kvm_run *vcpu_map_run(int vcpu)
{
	return kvm_mmap(vcpu, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
}

static inline int __vcpu_run(int vcpu)
{
	return (int)__vcpu_ioctl(vcpu, KVM_RUN, 0);
}

static inline void vcpu_run(int vcpu)
{
	TEST_ASSERT(__vcpu_run(vcpu) == 0, "KVM_RUN failed: %s", errno_name(errno));
}

/*
 * KVM_RUN with kvm_run.immediate_exit set: -1 EINTR once the vCPU may run,
 * and the VM has run all the same (real-*.txt "ran-once KVM_RUN
 * immediate_exit=1 -> -1 EINTR").
 */
static inline int __vcpu_run_immediate(int vcpu)
{
	struct kvm_run *run = vcpu_map_run(vcpu);
	int r, err;

	run->immediate_exit = 1;
	r = __vcpu_run(vcpu);
	err = errno;
	munmap(run, PAGE_SIZE);
	errno = err;
	return r;
}

static inline void vcpu_run_immediate_exit(int vcpu)
{
	TEST_ASSERT(__vcpu_run_immediate(vcpu) == -1 && errno == EINTR,
		    "KVM_RUN with immediate_exit: want -1 EINTR, got %s", errno_name(errno));
}

/* KVM_SET_SIGNAL_MASK with the kernel's 8-byte sigset of @sigs (bit n-1: signal n), len @len. */
int __vcpu_set_signal_mask(int vcpu, uint32_t len, uint64_t sigs);

/* Runs KVM_RUN with a @ms timer signal (SIGALRM, handler that returns) armed. */
int __vcpu_run_timed(int vcpu, long ms);

#endif /* KVMSIM_TESTS_KVM_UTIL_H */
