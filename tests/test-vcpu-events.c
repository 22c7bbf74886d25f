// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KVM_GET_VCPU_EVENTS and KVM_SET_VCPU_EVENTS on arm64: refused before
 * KVM_ARM_VCPU_INIT, the pointer, the padding and reserved words that must
 * be zero, a pending SError and its syndrome (kept until the guest takes
 * it or KVM_ARM_VCPU_INIT resets the vCPU), and the external data abort,
 * whose syndrome and address are written at once while the exception
 * entry waits for the next run (no test here runs the guest).
 *
 * Expected values: tests/conform/real-*.txt, section "arm64.events".
 */
#include <criterion/criterion.h>

#include "kvm_util.h"

#define ESR_EL1		ARM64_SYS_REG(3, 0, 5, 2, 0)
#define FAR_EL1		ARM64_SYS_REG(3, 0, 6, 0, 0)
#define ELR_EL1		CORE_REG(elr_el1)
#define SPSR_EL1	CORE_REG(spsr[KVM_SPSR_EL1])
#define ESR_ISV		(1ULL << 24)	/* what a pending SError without ESR reports */

/* ---- helpers ---------------------------------------------------------------- */

static int __vcpu_get_events(int vcpu, struct kvm_vcpu_events *events)
{
	return (int)__vcpu_ioctl(vcpu, KVM_GET_VCPU_EVENTS, events);
}

static int __vcpu_set_events(int vcpu, const struct kvm_vcpu_events *events)
{
	return (int)__vcpu_ioctl(vcpu, KVM_SET_VCPU_EVENTS, events);
}

/* A GET that must succeed, into a buffer of 0xff: every byte is written. */
static struct kvm_vcpu_events vcpu_get_events(int vcpu)
{
	struct kvm_vcpu_events e;

	memset(&e, 0xff, sizeof(e));
	TEST_ASSERT(__vcpu_get_events(vcpu, &e) == 0, "KVM_GET_VCPU_EVENTS failed: %s",
		    errno_name(errno));
	return e;
}

static void vcpu_set_events(int vcpu, const struct kvm_vcpu_events *events)
{
	TEST_ASSERT(__vcpu_set_events(vcpu, events) == 0, "KVM_SET_VCPU_EVENTS failed: %s",
		    errno_name(errno));
}

static struct kvm_vcpu_events serror(bool has_esr, uint64_t esr)
{
	struct kvm_vcpu_events e = { .exception = {
		.serror_pending = 1, .serror_has_esr = has_esr, .serror_esr = esr } };

	return e;
}

/* The harness's host has RAS: serror_has_esr always reads 1. */
static void expect_events(int vcpu, bool pending, uint64_t esr)
{
	struct kvm_vcpu_events e = vcpu_get_events(vcpu), want;

	memset(&want, 0, sizeof(want));
	want.exception.serror_pending = pending;
	want.exception.serror_has_esr = 1;
	want.exception.serror_esr = esr;
	cr_expect_arr_eq(&e, &want, sizeof(e), "events: pending=%u has_esr=%u dabt=%u esr=%#llx",
			 e.exception.serror_pending, e.exception.serror_has_esr,
			 e.exception.ext_dabt_pending,
			 (unsigned long long)e.exception.serror_esr);
}

/* ---- before and after KVM_ARM_VCPU_INIT ----------------------------------- */

/* real-*.txt "events.uninit KVM_SET_VCPU_EVENTS ... -> -1 ENOEXEC", "events KVM_GET_VCPU_EVENTS -> 0 ..." */
KERNEL_TEST(vcpu_events, need_init)
{
	int vcpu = vm_create_vcpu(vm_create(kernel->name), 0);
	struct kvm_vcpu_events e = serror(false, 0);

	assert_errno(__vcpu_set_events(vcpu, &e), ENOEXEC);
	assert_errno(__vcpu_get_events(vcpu, &e), ENOEXEC);
	vcpu_init(vcpu, 0);
	expect_events(vcpu, false, 0);
}

/* real-*.txt "events KVM_GET_VCPU_EVENTS NULL -> -1 EFAULT", "... SET ... NULL -> -1 EFAULT" */
KERNEL_TEST(vcpu_events, null_pointer)
{
	int vcpu = vcpu_create_init(kernel->name, 0);

	assert_errno(__vcpu_ioctl(vcpu, KVM_GET_VCPU_EVENTS, NULL), EFAULT);
	assert_errno(__vcpu_ioctl(vcpu, KVM_SET_VCPU_EVENTS, NULL), EFAULT);
}

/* real-*.txt "events KVM_SET_VCPU_EVENTS serror_pending=0 ... -> 0", "events.zeros ..." */
KERNEL_TEST(vcpu_events, set_zeros)
{
	int vcpu = vcpu_create_init(kernel->name, 0);
	struct kvm_vcpu_events e;

	memset(&e, 0, sizeof(e));
	assert_ret(__vcpu_set_events(vcpu, &e), 0);
	expect_events(vcpu, false, 0);
}

/* ---- the padding ------------------------------------------------------------- */

struct padding_case {
	char kernel[KERNEL_NAME_MAX];
	int pad;	/* index of the pad byte set to 1, or -1 */
	int reserved;	/* index of the reserved word set to 1, or -1 */
};

#define PAD(i)		ON_ALL_KERNELS(i, -1)
#define RSV(i)		ON_ALL_KERNELS(-1, i)

/*
 * A non-zero pad byte or reserved word: EINVAL, and the SError asked for
 * with it is not pending.  real-*.txt "events.pad ... pad[<i>]=1 -> -1 EINVAL",
 * "events.reserved ... reserved[<i>]=1 -> -1 EINVAL", "events.refused ..."
 */
static struct padding_case padding_cases[] = {
	PAD(0), PAD(1), PAD(2), PAD(3), PAD(4),
	RSV(0), RSV(1), RSV(2), RSV(3), RSV(4), RSV(5),
	RSV(6), RSV(7), RSV(8), RSV(9), RSV(10), RSV(11),
};

TEST_CASES(vcpu_events, padding_refused, padding_cases)
ParameterizedTest(struct padding_case *c, vcpu_events, padding_refused)
{
	int vcpu = vcpu_create_init(c->kernel, 0);
	struct kvm_vcpu_events e = serror(false, 0);

	if (c->pad >= 0)
		e.exception.pad[c->pad] = 1;
	if (c->reserved >= 0)
		e.reserved[c->reserved] = 1;
	assert_errno(__vcpu_set_events(vcpu, &e), EINVAL);
	expect_events(vcpu, false, 0);
}

/* ---- SError ------------------------------------------------------------------ */

/* real-*.txt "events.serror KVM_GET_VCPU_EVENTS -> 0 serror_pending=1 ... serror_esr=0x1000000" */
KERNEL_TEST(vcpu_events, serror_without_esr_reports_isv)
{
	int vcpu = vcpu_create_init(kernel->name, 0);
	struct kvm_vcpu_events e = serror(false, 0x1234);

	vcpu_set_events(vcpu, &e);
	expect_events(vcpu, true, ESR_ISV);
}

/* real-*.txt "events.esr-only ... serror_has_esr=1 ... -> 0", then nothing pending */
KERNEL_TEST(vcpu_events, esr_without_pending_ignored)
{
	int vcpu = vcpu_create_init(kernel->name, 0);
	struct kvm_vcpu_events e = serror(true, 0x1234);

	e.exception.serror_pending = 0;
	vcpu_set_events(vcpu, &e);
	expect_events(vcpu, false, 0);
}

/* real-*.txt "events.serror KVM_SET_VCPU_EVENTS serror_pending=0 ...", "events.serror.then-zeros" */
KERNEL_TEST(vcpu_events, zeros_keep_pending_serror)
{
	int vcpu = vcpu_create_init(kernel->name, 0);
	struct kvm_vcpu_events e = serror(false, 0);

	vcpu_set_events(vcpu, &e);
	memset(&e, 0, sizeof(e));
	vcpu_set_events(vcpu, &e);
	expect_events(vcpu, true, ESR_ISV);
}

struct esr_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t esr;
	int err;	/* 0: taken and read back */
};

/*
 * The syndrome may use bits 24:0 (ISV and ISS); anything above is EINVAL
 * and leaves the SError pending before untouched.  real-*.txt
 * "events.serror-esr KVM_SET_VCPU_EVENTS ... serror_esr=<esr> -> ...",
 * "events.serror-esr.refused ..."
 */
static struct esr_case esr_cases[] = {
	ON_ALL_KERNELS(0x1234, 0),
	ON_ALL_KERNELS(ESR_ISV, 0),
	ON_ALL_KERNELS(1ULL << 25, EINVAL),
	ON_ALL_KERNELS(1ULL << 63, EINVAL),
};

TEST_CASES(vcpu_events, serror_esr, esr_cases)
ParameterizedTest(struct esr_case *c, vcpu_events, serror_esr)
{
	int vcpu = vcpu_create_init(c->kernel, 0);
	struct kvm_vcpu_events e = serror(true, 0x42);
	const struct result want = ERR_OR_OK(c->err);

	vcpu_set_events(vcpu, &e);
	e.exception.serror_esr = c->esr;
	expect_result(__vcpu_set_events(vcpu, &e), &want, "%s: serror_esr %#llx", c->kernel,
		      (unsigned long long)c->esr);
	expect_events(vcpu, true, c->err ? 0x42 : c->esr);
}

/* real-*.txt "events.reinit KVM_GET_VCPU_EVENTS -> 0 serror_pending=0 ..." */
KERNEL_TEST(vcpu_events, init_clears_serror)
{
	int vcpu = vcpu_create_init(kernel->name, 0);
	struct kvm_vcpu_events e = serror(true, 0x1234);

	vcpu_set_events(vcpu, &e);
	expect_events(vcpu, true, 0x1234);
	vcpu_init(vcpu, 0);
	expect_events(vcpu, false, 0);
}

/* ---- external data abort ----------------------------------------------------- */

struct dabt_case {
	char kernel[KERNEL_NAME_MAX];
	uint32_t features;
	uint64_t esr;		/* ESR_EL1 after the injection */
	uint64_t pstate;	/* unchanged: the reset value */
};

/*
 * ESR_EL1 and FAR_EL1 (0: no trap yet) are written at once; PC, PSTATE,
 * ELR_EL1 and SPSR_EL1 wait for the next run; the abort is never read back
 * as pending.  64-bit EL1: EC 0x25 (current EL), FSC 0x10, which 6.1 sign-
 * extends; 32-bit EL1: the short-descriptor DFSR 0x8.  real-*.txt
 * "events.dabt get ...", "events.el1-32 get ..."
 */
static struct dabt_case dabt_cases[] = {
	ON_6_1(0, 0xffffffff94000010ULL, 0x3c5),
	ON_6_12(0, 0x94000010ULL, 0x3c5),
	ON_ALL_KERNELS(FEATURE(EL1_32BIT), 0x8, 0x1d3),
};

TEST_CASES(vcpu_events, ext_dabt, dabt_cases)
ParameterizedTest(struct dabt_case *c, vcpu_events, ext_dabt)
{
	int vcpu = vcpu_create_init(c->kernel, c->features);
	struct kvm_vcpu_events e;

	memset(&e, 0, sizeof(e));
	e.exception.ext_dabt_pending = 1;
	vcpu_set_reg(vcpu, CORE_REG(regs.pc), 0x1000);
	vcpu_set_reg(vcpu, FAR_EL1, 0x5555);
	vcpu_set_events(vcpu, &e);
	expect_events(vcpu, false, 0);
	cr_expect_eq(vcpu_get_reg(vcpu, ESR_EL1), c->esr, "ESR_EL1 %#llx",
		     (unsigned long long)vcpu_get_reg(vcpu, ESR_EL1));
	cr_expect_eq(vcpu_get_reg(vcpu, FAR_EL1), 0);
	cr_expect_eq(vcpu_get_reg(vcpu, CORE_REG(regs.pc)), 0x1000);
	cr_expect_eq(vcpu_get_reg(vcpu, CORE_REG(regs.pstate)), c->pstate);
	cr_expect_eq(vcpu_get_reg(vcpu, ELR_EL1), 0);
	cr_expect_eq(vcpu_get_reg(vcpu, SPSR_EL1), 0);
}

/* Both at once: the SError is pending too.  real-*.txt "events.dabt.both ..." */
KERNEL_TEST(vcpu_events, ext_dabt_and_serror)
{
	uint64_t esr = kernel_is(kernel->name, "6.1") ? 0xffffffff94000010ULL : 0x94000010ULL;
	int vcpu = vcpu_create_init(kernel->name, 0);
	struct kvm_vcpu_events e = serror(true, 0x42);

	vcpu_set_reg(vcpu, CORE_REG(regs.pc), 0x1000);
	e.exception.ext_dabt_pending = 1;
	vcpu_set_events(vcpu, &e);
	expect_events(vcpu, true, 0x42);
	cr_expect_eq(vcpu_get_reg(vcpu, ESR_EL1), esr);
	cr_expect_eq(vcpu_get_reg(vcpu, FAR_EL1), 0);
	cr_expect_eq(vcpu_get_reg(vcpu, CORE_REG(regs.pc)), 0x1000);
	cr_expect_eq(vcpu_get_reg(vcpu, CORE_REG(regs.pstate)), 0x3c5);
}

/* The 32-bit EL1 vCPU takes an SError with its ESR.  real-*.txt "events.el1-32 ... 0x1234" */
KERNEL_TEST(vcpu_events, serror_el1_32bit)
{
	int vcpu = vcpu_create_init(kernel->name, FEATURE(EL1_32BIT));
	struct kvm_vcpu_events e = serror(true, 0x1234);

	vcpu_set_events(vcpu, &e);
	expect_events(vcpu, true, 0x1234);
}
