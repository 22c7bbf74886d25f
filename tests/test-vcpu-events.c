// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KVM_GET_VCPU_EVENTS and KVM_SET_VCPU_EVENTS on arm64: refused before
 * KVM_ARM_VCPU_INIT, the pointer, the padding and reserved words that must
 * be zero, a pending SError and its syndrome (kept until the guest takes
 * it or KVM_ARM_VCPU_INIT resets the vCPU), and the external data abort,
 * whose syndrome and address are written at once while the exception
 * entry waits for the next run.  Then what the guest does with them: the
 * abort entered at the next KVM_RUN, immediate_exit or not; the SError
 * taken once PSTATE.A is clear.
 *
 * Expected values: tests/conform/real-*.txt, sections "arm64.events" and
 * "run" (run.ev.*).  The tests that run guest code skip in a simulator
 * built without Unicorn (KVMSIM_GUEST_EXEC=no).
 */
#include <criterion/criterion.h>
#include <stdlib.h>

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
	struct kvm_vcpu_events e;
	int vcpu;

	require_vcpu_features(c->features);
	vcpu = vcpu_create_init(c->kernel, c->features);

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
	struct kvm_vcpu_events e = serror(true, 0x1234);
	int vcpu;

	require_vcpu_features(FEATURE(EL1_32BIT));
	vcpu = vcpu_create_init(kernel->name, FEATURE(EL1_32BIT));

	vcpu_set_events(vcpu, &e);
	expect_events(vcpu, true, 0x1234);
}

/* ==== KVM_RUN: the guest takes them ========================================= */

#define RAM_GPA		0x40000000ULL
#define RAM_SIZE	0x10000UL
#define MMIO		0x40020000ULL	/* in no slot */
#define REPORT		0x40021000ULL	/* the programs' last store */
#define EXC		0x40022000ULL	/* the vectors' store of ESR_EL1 */
#define VBAR		(RAM_GPA + 0x8000)
#define VBAR_EL1	ARM64_SYS_REG(3, 0, 12, 0, 0)
#define SPSR_ABT	CORE_REG(spsr[KVM_SPSR_ABT])
/* Seconds: a guest that never exits must fail its case, not hang make check. */
#define RUN_TIMEOUT	60

/* The guest programs, at RAM_GPA + P_*: one instruction, then a report store of x3. */
enum { P_MARK = 0x00, P_DAIFCLR = 0x40, P_STRX = 0x80, P_LDRX = 0xc0, P_WFI = 0x100 };

static const struct { uint32_t off, insn; } progs[] = {
	{ P_MARK, 0xd2955543 },		/* mov x3, #0xaaaa */
	{ P_DAIFCLR, 0xd50344ff },	/* msr daifclr, #4 */
	{ P_STRX, 0xf9000022 },		/* str x2, [x1] */
	{ P_LDRX, 0xf9400023 },		/* ldr x3, [x1] */
	{ P_WFI, 0xd503207f },		/* wfi */
};

/* Every one of the 16 vector entries: report ESR_EL1 to EXC. */
static const uint32_t vector_entry[] = {
	0xd2a80056,	/* mov x22, #0x40020000 */
	0xf2840016,	/* movk x22, #0x2000 */
	0xd5385209,	/* mrs x9, esr_el1 */
	0xf90002c9,	/* str x9, [x22] */
};

struct guest {
	int vcpu;
	struct kvm_run *run;
};

static void require_guest_exec(void)
{
	const char *exec = getenv("KVMSIM_GUEST_EXEC");

	if (kvm_backend_is_sim() && exec && !strcmp(exec, "no"))
		cr_skip_test("KVM_RUN runs no guest code in this build");
}

/* One vCPU with RAM at RAM_GPA holding the programs and the vectors; x1 MMIO, x21 REPORT. */
static struct guest guest_setup(const char *kernel)
{
	uint8_t *ram = guest_mem(RAM_SIZE, NULL, 0);
	struct guest g;
	int vm;

	for (size_t i = 0; i < ARRAY_SIZE(progs); i++) {
		const uint32_t code[] = { progs[i].insn, 0xf90002a3 /* str x3, [x21] */ };

		memcpy(ram + progs[i].off, code, sizeof(code));
	}
	for (int e = 0; e < 16; e++)
		memcpy(ram + (VBAR - RAM_GPA) + e * 0x80, vector_entry, sizeof(vector_entry));
	vm = vm_create(kernel);
	vm_set_user_memory_region(vm, 0, 0, RAM_GPA, RAM_SIZE, (uint64_t)(uintptr_t)ram);
	g.vcpu = vm_create_vcpu(vm, 0);
	vcpu_init(g.vcpu, FEATURE(PSCI_0_2));
	g.run = vcpu_map_run(g.vcpu);
	vcpu_set_reg(g.vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(1)), MMIO);
	vcpu_set_reg(g.vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(2)), 0x8877665544332211ULL);
	vcpu_set_reg(g.vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(3)), 0xdeadbeefdeadbeefULL);
	vcpu_set_reg(g.vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(21)), REPORT);
	vcpu_set_reg(g.vcpu, VBAR_EL1, VBAR);
	return g;
}

/* The next run starts @prog at @pstate, with no MMIO left to complete. */
static void start(struct guest *g, uint32_t prog, uint64_t pstate)
{
	g->run->exit_reason = KVM_EXIT_UNKNOWN;
	vcpu_set_reg(g->vcpu, CORE_REG(regs.pc), RAM_GPA + prog);
	vcpu_set_reg(g->vcpu, CORE_REG(regs.pstate), pstate);
}

static int __run_immediate(struct guest *g)
{
	int r, err;

	g->run->immediate_exit = 1;
	r = __vcpu_run(g->vcpu);
	err = errno;
	g->run->immediate_exit = 0;
	errno = err;
	return r;
}

static uint64_t mmio_data(const struct kvm_run *run)
{
	uint64_t v;

	memcpy(&v, run->mmio.data, sizeof(v));
	return v;
}

/* The run ended in the vector entry at VBAR + @off, which reported ESR_EL1 = @esr to @phys. */
static void expect_vector_at(struct guest *g, uint64_t off, uint64_t esr, uint64_t phys)
{
	cr_assert_eq(g->run->exit_reason, KVM_EXIT_MMIO, "exit %u", g->run->exit_reason);
	cr_expect_eq(g->run->mmio.phys_addr, phys, "phys %#llx",
		     (unsigned long long)g->run->mmio.phys_addr);
	cr_expect_eq(vcpu_get_reg(g->vcpu, CORE_REG(regs.pc)), VBAR + off + 0xc, "pc %#llx",
		     (unsigned long long)vcpu_get_reg(g->vcpu, CORE_REG(regs.pc)));
	cr_expect_eq(mmio_data(g->run), esr, "esr %#llx", (unsigned long long)mmio_data(g->run));
}

static void expect_vector(struct guest *g, uint64_t off, uint64_t esr)
{
	expect_vector_at(g, off, esr, EXC);
}

/* The registers an EL1 exception entry writes. */
static void expect_entry(int vcpu, uint64_t elr, uint64_t spsr)
{
	cr_expect_eq(vcpu_get_reg(vcpu, CORE_REG(regs.pstate)), 0x3c5);
	cr_expect_eq(vcpu_get_reg(vcpu, ELR_EL1), elr, "elr %#llx",
		     (unsigned long long)vcpu_get_reg(vcpu, ELR_EL1));
	cr_expect_eq(vcpu_get_reg(vcpu, SPSR_EL1), spsr, "spsr %#llx",
		     (unsigned long long)vcpu_get_reg(vcpu, SPSR_EL1));
}

/* An injected abort's ESR_EL1: EC, FSC 0x10, IL once the vCPU has trapped; 6.1 sign-extends. */
static uint64_t abt_esr(const char *kernel, uint32_t ec, bool il)
{
	uint64_t esr = ((uint64_t)ec << 26) | (il ? 1ULL << 25 : 0) | 0x10;

	return kernel_is(kernel, "6.1") ? esr | 0xffffffff00000000ULL : esr;
}

static void set_dabt(int vcpu)
{
	struct kvm_vcpu_events e;

	memset(&e, 0, sizeof(e));
	e.exception.ext_dabt_pending = 1;
	vcpu_set_events(vcpu, &e);
}

/* ---- the external data abort at KVM_RUN ------------------------------------ */

/*
 * Before any run: ONE_REG still shows the old state, immediate_exit enters
 * the exception (EINTR, PC at the vector), IL and FAR are 0; the next run
 * starts in the vector.  real-*.txt "run.ev.dabt.first.set.regs",
 * "run.ev.dabt.first.immediate-exit ...", "run.ev.dabt.first.run ..."
 */
KERNEL_TEST(vcpu_events, ext_dabt_entered_by_immediate_exit, .timeout = RUN_TIMEOUT)
{
	struct guest g = guest_setup(kernel->name);
	uint64_t esr = abt_esr(kernel->name, 0x25, false);

	start(&g, P_MARK, 0x3c5);
	vcpu_set_reg(g.vcpu, FAR_EL1, 0x5555);
	set_dabt(g.vcpu);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pc)), RAM_GPA + P_MARK);
	cr_expect_eq(vcpu_get_reg(g.vcpu, ESR_EL1), esr);
	cr_expect_eq(vcpu_get_reg(g.vcpu, FAR_EL1), 0);
	assert_errno(__run_immediate(&g), EINTR);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pc)), VBAR + 0x200);
	expect_entry(g.vcpu, RAM_GPA + P_MARK, 0x3c5);
	expect_events(g.vcpu, false, 0);
	require_guest_exec();
	vcpu_run(g.vcpu);
	expect_vector(&g, 0x200, esr);
}

struct vector_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t pstate;	/* at the injection and the run */
	uint64_t vector;	/* offset from VBAR_EL1 */
	uint32_t ec;
};

/*
 * The vector of the mode the guest is in, IL set and FAR_EL1 the last
 * MMIO exit's address once the vCPU has trapped.  real-*.txt
 * "run.ev.dabt.el1h ...", "run.ev.dabt.el1h-unmasked ...",
 * "run.ev.dabt.el1t ...", "run.ev.dabt.el0 ..."
 */
static struct vector_case dabt_vector_cases[] = {
	ON_ALL_KERNELS(0x3c5, 0x200, 0x25),
	ON_ALL_KERNELS(0x5, 0x200, 0x25),
	ON_ALL_KERNELS(0x3c4, 0x000, 0x25),
	ON_ALL_KERNELS(0x0, 0x400, 0x24),
};

TEST_CASES(vcpu_events, ext_dabt_vector, dabt_vector_cases)
ParameterizedTest(struct vector_case *c, vcpu_events, ext_dabt_vector, .timeout = RUN_TIMEOUT)
{
	struct guest g;

	require_guest_exec();
	g = guest_setup(c->kernel);
	start(&g, P_MARK, 0x3c5);
	vcpu_run(g.vcpu);
	cr_assert_eq(g.run->mmio.phys_addr, REPORT);
	start(&g, P_MARK, c->pstate);
	set_dabt(g.vcpu);
	cr_expect_eq(vcpu_get_reg(g.vcpu, FAR_EL1), REPORT);
	vcpu_run(g.vcpu);
	expect_vector(&g, c->vector, abt_esr(c->kernel, c->ec, true));
	expect_entry(g.vcpu, RAM_GPA + P_MARK, c->pstate);
}

/*
 * The entry takes the PC and PSTATE of the run, not of the injection (EC
 * stays the injection's).  real-*.txt "run.ev.dabt.set-then-regs ..."
 */
KERNEL_TEST(vcpu_events, ext_dabt_state_at_the_run, .timeout = RUN_TIMEOUT)
{
	struct guest g = guest_setup(kernel->name);

	start(&g, P_MARK, 0x3c5);
	set_dabt(g.vcpu);
	start(&g, P_DAIFCLR, 0x3c4);
	assert_errno(__run_immediate(&g), EINTR);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pc)), VBAR);
	expect_entry(g.vcpu, RAM_GPA + P_DAIFCLR, 0x3c4);
	cr_expect_eq(vcpu_get_reg(g.vcpu, ESR_EL1), abt_esr(kernel->name, 0x25, false));
}

struct mmio_abort_case {
	char kernel[KERNEL_NAME_MAX];
	uint32_t prog;
	bool immediate;		/* a run with immediate_exit first */
};

/*
 * The VMM answers an MMIO exit with an abort: IL and FAR (the access's
 * address) of that exit, the access neither completed nor retired (ELR_EL1
 * at it, a read's register untouched).  After an immediate_exit, which
 * enters the abort, the next run finds the exit still there and completes
 * it belatedly: the data to x3, the PC one instruction into the vector
 * (past its mov of x22, which the guest then stores through as it was).
 * real-*.txt "run.ev.dabt.mmio-write ...", "run.ev.dabt.mmio-read ...",
 * "run.ev.dabt.mmio-read.immediate-exit ...", "run.ev.dabt.mmio-read.next
 * KVM_RUN -> 0 exit=MMIO phys=0x2000 ...", "run.ev.dabt.mmio-read.next x3="
 */
static struct mmio_abort_case mmio_abort_cases[] = {
	ON_ALL_KERNELS(P_STRX, false),
	ON_ALL_KERNELS(P_LDRX, false),
	ON_ALL_KERNELS(P_STRX, true),
	ON_ALL_KERNELS(P_LDRX, true),
};

TEST_CASES(vcpu_events, ext_dabt_answers_mmio, mmio_abort_cases)
ParameterizedTest(struct mmio_abort_case *c, vcpu_events, ext_dabt_answers_mmio,
		  .timeout = RUN_TIMEOUT)
{
	const uint64_t data = 0x0102030405060708ULL, late = 0x1122334455667788ULL;
	uint64_t esr = abt_esr(c->kernel, 0x25, true);
	struct guest g;

	require_guest_exec();
	g = guest_setup(c->kernel);
	start(&g, c->prog, 0x3c5);
	vcpu_run(g.vcpu);
	cr_assert_eq(g.run->exit_reason, KVM_EXIT_MMIO);
	cr_assert_eq(g.run->mmio.phys_addr, MMIO);
	memcpy(g.run->mmio.data, &data, sizeof(data));
	set_dabt(g.vcpu);
	cr_expect_eq(vcpu_get_reg(g.vcpu, ESR_EL1), esr);
	cr_expect_eq(vcpu_get_reg(g.vcpu, FAR_EL1), MMIO);
	if (c->immediate) {
		assert_errno(__run_immediate(&g), EINTR);
		cr_expect_eq(g.run->exit_reason, KVM_EXIT_MMIO);
		cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pc)), VBAR + 0x200);
		cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(3))), 0xdeadbeefdeadbeefULL);
		memcpy(g.run->mmio.data, &late, sizeof(late));
		vcpu_set_reg(g.vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(22)), 0);
	}
	vcpu_run(g.vcpu);
	/* movk x22, #0x2000 on the 0 left there. */
	expect_vector_at(&g, 0x200, esr, c->immediate ? 0x2000 : EXC);
	expect_entry(g.vcpu, RAM_GPA + c->prog, 0x3c5);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(3))),
		     c->immediate && c->prog == P_LDRX ? late : 0xdeadbeefdeadbeefULL,
		     "x3 %#llx", (unsigned long long)vcpu_get_reg(g.vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(3))));
}

/* ---- the pending SError at KVM_RUN ----------------------------------------- */

/*
 * Masked (the reset PSTATE): the guest runs on, the SError stays pending,
 * and a WFI does not sleep.  real-*.txt "run.ev.serror.masked ...",
 * "run.ev.serror.wfi KVM_RUN -> 0 ...", "run.ev.serror.wfi.alarm 0"
 */
KERNEL_TEST(vcpu_events, serror_masked_stays_pending, .timeout = RUN_TIMEOUT)
{
	struct kvm_vcpu_events e = serror(false, 0);
	struct guest g;

	require_guest_exec();
	g = guest_setup(kernel->name);
	vcpu_set_reg(g.vcpu, ESR_EL1, 0x2222);
	vcpu_set_events(g.vcpu, &e);
	start(&g, P_MARK, 0x3c5);
	vcpu_run(g.vcpu);
	cr_expect_eq(g.run->mmio.phys_addr, REPORT);
	cr_expect_eq(vcpu_get_reg(g.vcpu, ESR_EL1), 0x2222);
	expect_events(g.vcpu, true, ESR_ISV);
	start(&g, P_WFI, 0x3c5);
	assert_ret(__vcpu_run_timed(g.vcpu, 5000), 0);
	cr_expect_eq(g.run->mmio.phys_addr, REPORT, "the WFI completed");
	expect_events(g.vcpu, true, ESR_ISV);
}

struct serror_case {
	char kernel[KERNEL_NAME_MAX];
	bool has_esr;
	uint64_t esr;		/* given */
	uint64_t esr_el1;	/* what the guest reads */
};

/*
 * The guest unmasks (msr daifclr, #4): the SError is taken right after, at
 * VBAR + 0x380, ESR_EL1 EC 0x2f with IL and the ISS given (ISV alone
 * without one), and is no longer pending.  real-*.txt
 * "run.ev.serror.unmask ...", "run.ev.serror.esr.unmask ...",
 * "run.ev.serror.esr-isv.unmask ...", "run.ev.serror.esr-zero.unmask ..."
 */
static struct serror_case serror_cases[] = {
	ON_ALL_KERNELS(false, 0, 0xbf000000),
	ON_ALL_KERNELS(true, 0x1234, 0xbe001234),
	ON_ALL_KERNELS(true, 0x1000042, 0xbf000042),
	ON_ALL_KERNELS(true, 0, 0xbe000000),
};

TEST_CASES(vcpu_events, serror_taken_when_unmasked, serror_cases)
ParameterizedTest(struct serror_case *c, vcpu_events, serror_taken_when_unmasked,
		  .timeout = RUN_TIMEOUT)
{
	struct kvm_vcpu_events e = serror(c->has_esr, c->esr);
	struct guest g;

	require_guest_exec();
	g = guest_setup(c->kernel);
	vcpu_set_reg(g.vcpu, FAR_EL1, 0x5555);
	vcpu_set_events(g.vcpu, &e);
	start(&g, P_DAIFCLR, 0x3c5);
	vcpu_run(g.vcpu);
	expect_vector(&g, 0x380, c->esr_el1);
	expect_entry(g.vcpu, RAM_GPA + P_DAIFCLR + 4, 0x2c5);
	cr_expect_eq(vcpu_get_reg(g.vcpu, FAR_EL1), 0x5555);
	expect_events(g.vcpu, false, 0);
}

struct serror_entry_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t pstate;	/* PSTATE.A clear */
	uint64_t vector;
};

/*
 * Unmasked at entry: taken before the first instruction (ELR_EL1 the PC of
 * the run), at the SError entry of the guest's mode.  real-*.txt
 * "run.ev.serror.entry.run ...", "run.ev.serror.el1t ...", "run.ev.serror.el0 ..."
 */
static struct serror_entry_case serror_entry_cases[] = {
	ON_ALL_KERNELS(0x2c5, 0x380),
	ON_ALL_KERNELS(0x2c4, 0x180),
	ON_ALL_KERNELS(0x0, 0x580),
};

TEST_CASES(vcpu_events, serror_taken_at_entry, serror_entry_cases)
ParameterizedTest(struct serror_entry_case *c, vcpu_events, serror_taken_at_entry,
		  .timeout = RUN_TIMEOUT)
{
	struct kvm_vcpu_events e = serror(true, 0x77);
	struct guest g;

	require_guest_exec();
	g = guest_setup(c->kernel);
	vcpu_set_events(g.vcpu, &e);
	start(&g, P_MARK, c->pstate);
	vcpu_run(g.vcpu);
	expect_vector(&g, c->vector, 0xbe000077);
	expect_entry(g.vcpu, RAM_GPA + P_MARK, c->pstate);
	expect_events(g.vcpu, false, 0);
}

/*
 * immediate_exit leaves a pending SError pending, whatever PSTATE.A says.
 * real-*.txt "run.ev.serror.entry.immediate-exit ..."
 */
KERNEL_TEST(vcpu_events, serror_immediate_exit_keeps_it)
{
	struct kvm_vcpu_events e = serror(false, 0);
	struct guest g = guest_setup(kernel->name);

	vcpu_set_events(g.vcpu, &e);
	start(&g, P_MARK, 0x2c5);
	assert_errno(__run_immediate(&g), EINTR);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pc)), RAM_GPA + P_MARK);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pstate)), 0x2c5);
	expect_events(g.vcpu, true, ESR_ISV);
}

/*
 * Both at once: the abort's entry masks PSTATE.A, so the SError waits for
 * the guest to unmask it.  real-*.txt "run.ev.both ...", "run.ev.both.unmask ..."
 */
KERNEL_TEST(vcpu_events, ext_dabt_before_serror, .timeout = RUN_TIMEOUT)
{
	struct kvm_vcpu_events e = serror(true, 0x99);
	struct guest g;

	require_guest_exec();
	g = guest_setup(kernel->name);
	e.exception.ext_dabt_pending = 1;
	vcpu_set_events(g.vcpu, &e);
	start(&g, P_MARK, 0x2c5);
	vcpu_run(g.vcpu);
	expect_vector(&g, 0x200, abt_esr(kernel->name, 0x25, false));
	expect_events(g.vcpu, true, 0x99);
	start(&g, P_DAIFCLR, 0x3c5);
	vcpu_run(g.vcpu);
	expect_vector(&g, 0x380, 0xbe000099);
	expect_events(g.vcpu, false, 0);
}

/* ---- KVM_ARM_VCPU_INIT in between ------------------------------------------ */

struct reinit_case {
	char kernel[KERNEL_NAME_MAX];
	bool serror_kept;	/* the SError of a vCPU that has run */
};

/*
 * KVM_ARM_VCPU_INIT keeps a pending abort (entered from the reset state)
 * and the last trap's IL and FAR; 6.12 keeps the SError of a vCPU that has
 * run, 6.1 drops it.  real-*.txt "run.ev.dabt.reinit ...",
 * "run.ev.dabt.reinit.again.regs ...", "run.ev.serror.reinit ..."
 */
static struct reinit_case reinit_cases[] = {
	ON_6_1(false),
	ON_6_12(true),
};

TEST_CASES(vcpu_events, reinit_after_run, reinit_cases)
ParameterizedTest(struct reinit_case *c, vcpu_events, reinit_after_run, .timeout = RUN_TIMEOUT)
{
	struct kvm_vcpu_events e = serror(true, 0x55);
	struct guest g;

	require_guest_exec();
	g = guest_setup(c->kernel);
	start(&g, P_MARK, 0x3c5);
	vcpu_run(g.vcpu);
	cr_assert_eq(g.run->mmio.phys_addr, REPORT);
	e.exception.ext_dabt_pending = 1;
	vcpu_set_events(g.vcpu, &e);
	vcpu_init(g.vcpu, FEATURE(PSCI_0_2));
	expect_events(g.vcpu, c->serror_kept, c->serror_kept ? 0x55 : 0);
	assert_errno(__run_immediate(&g), EINTR);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pc)), 0x200);
	expect_entry(g.vcpu, 0, 0x3c5);
	set_dabt(g.vcpu);
	cr_expect_eq(vcpu_get_reg(g.vcpu, ESR_EL1), abt_esr(c->kernel, 0x25, true));
	cr_expect_eq(vcpu_get_reg(g.vcpu, FAR_EL1), REPORT);
}

/* ---- a 32-bit EL1 ------------------------------------------------------------- */

struct aa32_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t cpsr;		/* SVC mode, ARM or Thumb state */
};

/*
 * The abort entered by immediate_exit: Abort mode, A and I masked, ARM
 * state; LR_abt (x20) the PC + 8, SPSR_abt the CPSR before, PC VBAR +
 * 0x10.  real-*.txt "run.ev32.arm ...", "run.ev32.thumb ..."
 */
static struct aa32_case aa32_cases[] = {
	ON_ALL_KERNELS(0x1d3),
	ON_ALL_KERNELS(0x1f3),
};

TEST_CASES(vcpu_events, ext_dabt_el1_32bit_entry, aa32_cases)
ParameterizedTest(struct aa32_case *c, vcpu_events, ext_dabt_el1_32bit_entry)
{
	struct kvm_vcpu_events e;
	int vcpu;

	require_vcpu_features(FEATURE(EL1_32BIT));
	vcpu = vcpu_create_init(c->kernel, FEATURE(EL1_32BIT));

	vcpu_set_reg(vcpu, CORE_REG(regs.pc), RAM_GPA + P_MARK);
	vcpu_set_reg(vcpu, CORE_REG(regs.pstate), c->cpsr);
	vcpu_set_reg(vcpu, VBAR_EL1, VBAR);
	vcpu_set_reg(vcpu, SPSR_ABT, 0x2222);
	memset(&e, 0, sizeof(e));
	e.exception.ext_dabt_pending = 1;
	vcpu_set_events(vcpu, &e);
	assert_errno(__vcpu_run_immediate(vcpu), EINTR);
	cr_expect_eq(vcpu_get_reg(vcpu, CORE_REG(regs.pc)), VBAR + 0x10);
	cr_expect_eq(vcpu_get_reg(vcpu, CORE_REG(regs.pstate)), 0x1d7);
	cr_expect_eq(vcpu_get_reg(vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(20))),
		     RAM_GPA + P_MARK + 8);
	cr_expect_eq(vcpu_get_reg(vcpu, SPSR_ABT), c->cpsr);
	cr_expect_eq(vcpu_get_reg(vcpu, ESR_EL1), 0x8);
}
