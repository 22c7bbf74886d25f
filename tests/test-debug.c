// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest debugging: KVM_SET_GUEST_DEBUG's checks and the KVM_EXIT_DEBUG
 * exits of BRK, single steps, hardware breakpoints and watchpoints.
 *
 * Expected values: tests/conform/real-*.txt, section "debug" (the same on
 * 6.1 and 6.12).  The guest runs with its MMU off; its programs sit in
 * RAM at the addresses the conformance program uses, and its vectors
 * store ESR_EL1 to EXC, an MMIO address.  A simulator built without
 * Unicorn runs no guest code: the tests that run guests skip there.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "kvm_util.h"

#define RAM_GPA		0x40000000ULL
#define RAM_SIZE	0x10000UL
#define MMIO		0x40020000ULL
#define REPORT		0x40021000ULL
#define EXC		0x40022000ULL
#define VBAR		(RAM_GPA + 0x8000)
#define DATA		(RAM_GPA + 0x9000)
#define RUN_TIMEOUT	60

#define FN_PSCI_VERSION	0x84000000ULL

/* ESR_EL2 of each kind of debug exit, as real KVM reports it. */
#define HSR_BRK(imm)		(0xf2000000U | (imm))
#define HSR_STEP		0xcb000022U	/* an instruction ran (ISV) */
#define HSR_STEP_LDEX		0xcb000062U	/* ... a load-exclusive (EX) */
#define HSR_STEP_PENDING	0xca000022U	/* KVM completed it: no ISV */
#define HSR_BREAKPOINT		0xc2000022U
#define HSR_WATCH_READ		0xd2000022U
#define HSR_WATCH_WRITE		0xd2000062U

/* DBGBCR/DBGWCR fields. */
#define CR_E		1ULL
#define CR_EL1		(1ULL << 1)
#define CR_EL0		(1ULL << 2)
#define WCR_LOAD	(1ULL << 3)
#define WCR_STORE	(2ULL << 3)
#define BAS(b)		((uint64_t)(b) << 5)
#define WCR_MASK(m)	((uint64_t)(m) << 24)
#define BCR_DEFAULT	(CR_E | CR_EL1 | CR_EL0 | BAS(0xf))
#define WCR_RW		(CR_E | CR_EL1 | CR_EL0)

#define ENABLE		KVM_GUESTDBG_ENABLE
#define STEP		KVM_GUESTDBG_SINGLESTEP
#define SW_BP		KVM_GUESTDBG_USE_SW_BP
#define HW		KVM_GUESTDBG_USE_HW

#define MDSCR_EL1	ARM64_SYS_REG(2, 0, 0, 2, 2)
#define DBGBCR0_EL1	ARM64_SYS_REG(2, 0, 0, 0, 5)
#define DBGBVR0_EL1	ARM64_SYS_REG(2, 0, 0, 0, 4)
#define DBGWCR0_EL1	ARM64_SYS_REG(2, 0, 0, 0, 7)
#define VBAR_EL1	ARM64_SYS_REG(3, 0, 12, 0, 0)

/* ---- KVM_SET_GUEST_DEBUG ---------------------------------------------- */

static int __vcpu_set_guest_debug(int vcpu, uint32_t control,
				  const struct kvm_guest_debug_arch *arch)
{
	struct kvm_guest_debug dbg;

	memset(&dbg, 0, sizeof(dbg));
	dbg.control = control;
	if (arch)
		dbg.arch = *arch;
	return (int)__vcpu_ioctl(vcpu, KVM_SET_GUEST_DEBUG, &dbg);
}

static void vcpu_set_guest_debug(int vcpu, uint32_t control,
				 const struct kvm_guest_debug_arch *arch)
{
	TEST_ASSERT(__vcpu_set_guest_debug(vcpu, control, arch) == 0,
		    "KVM_SET_GUEST_DEBUG control=%#x failed: %s", control, errno_name(errno));
}

/* ---- the guest --------------------------------------------------------- */

/* The programs, each at RAM_GPA + 0x40 * P_x (real-*.txt "debug.*" pc values). */
enum { P_STEP, P_BRK, P_HVC, P_LDR_MMIO, P_LOOP, P_LDXR, P_WATCH, NR_PROGS };

static const uint32_t progs[NR_PROGS][5] = {
	[P_STEP] = { 0xd2800023 /* mov x3, #1 */, 0x91000463 /* add x3, x3, #1 */,
		     0x91000463 /* add x3, x3, #1 */, 0xf90002a3 /* str x3, [x21] */,
		     0x00000000 /* udf #0 */ },
	[P_BRK] = { 0xd4200240 /* brk #0x12 */, 0xf90002a3 /* str x3, [x21] */ },
	[P_HVC] = { 0xd4000002 /* hvc #0 */, 0xf90002a0 /* str x0, [x21] */ },
	[P_LDR_MMIO] = { 0xf9400023 /* ldr x3, [x1] */, 0xf90002a3 /* str x3, [x21] */ },
	[P_LOOP] = { 0x14000000 /* b . */ },
	[P_LDXR] = { 0xc85f7ce3 /* ldxr x3, [x7] */, 0xf90002a3 /* str x3, [x21] */ },
	[P_WATCH] = { 0xf94000e3 /* ldr x3, [x7] */, 0xf9000102 /* str x2, [x8] */,
		      0x39400123 /* ldrb w3, [x9] */, 0xf90002a3 /* str x3, [x21] */ },
};

/* Every vector entry: ESR_EL1 to EXC. */
static const uint32_t vector_entry[] = {
	0xd2a80056 /* mov x22, #0x40020000 */, 0xf2840016 /* movk x22, #0x2000 */,
	0xd5385209 /* mrs x9, esr_el1 */, 0xf90002c9 /* str x9, [x22] */,
};

struct guest {
	int vm, vcpu;
	struct kvm_run *run;
	uint8_t *ram;
};

static uint64_t prog_addr(int p)
{
	return RAM_GPA + 0x40ULL * (uint64_t)p;
}

static uint64_t xreg(int vcpu, unsigned int n)
{
	return vcpu_get_reg(vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(n)));
}

static void set_xreg(int vcpu, unsigned int n, uint64_t val)
{
	vcpu_set_reg(vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(n)), val);
}

static uint64_t pc(int vcpu)
{
	return vcpu_get_reg(vcpu, CORE_REG(regs.pc));
}

/* The registers every program uses, and the PC at @prog; no MMIO left to complete. */
static void start_at(struct guest *g, int prog)
{
	g->run->exit_reason = KVM_EXIT_UNKNOWN;
	set_xreg(g->vcpu, 0, FN_PSCI_VERSION);
	set_xreg(g->vcpu, 1, MMIO);
	set_xreg(g->vcpu, 2, 0x8877665544332211ULL);
	set_xreg(g->vcpu, 3, 0xdeadbeefdeadbeefULL);
	set_xreg(g->vcpu, 7, DATA);
	set_xreg(g->vcpu, 8, DATA + 0x10);
	set_xreg(g->vcpu, 9, DATA + 0x23);
	set_xreg(g->vcpu, 21, REPORT);
	vcpu_set_reg(g->vcpu, VBAR_EL1, VBAR);
	vcpu_set_reg(g->vcpu, CORE_REG(regs.pstate), 0x3c5);
	vcpu_set_reg(g->vcpu, CORE_REG(regs.pc), prog_addr(prog));
	memset(&g->run->mmio, 0xee, 16);
}

static void guest_setup(struct guest *g, const char *kernel)
{
	uint64_t d0 = 0x0102030405060708ULL;

	g->vm = vm_create(kernel);
	g->ram = guest_mem(RAM_SIZE, NULL, 0);
	for (int p = 0; p < NR_PROGS; p++)
		memcpy(g->ram + 0x40 * p, progs[p], sizeof(progs[p]));
	for (int e = 0; e < 16; e++)
		memcpy(g->ram + (VBAR - RAM_GPA) + 0x80 * e, vector_entry, sizeof(vector_entry));
	memcpy(g->ram + (DATA - RAM_GPA), &d0, sizeof(d0));
	g->ram[DATA - RAM_GPA + 0x23] = 0x5a;
	vm_set_user_memory_region(g->vm, 0, 0, RAM_GPA, RAM_SIZE, (uint64_t)(uintptr_t)g->ram);
	g->vcpu = vm_create_vcpu(g->vm, 0);
	vcpu_init(g->vcpu, FEATURE(PSCI_0_2));
	g->run = vcpu_map_run(g->vcpu);
	/* Without guest execution (configured without Unicorn) KVM_RUN stays EINVAL. */
	start_at(g, P_LOOP);
	if (__vcpu_run_timed(g->vcpu, 100) < 0 && errno == EINVAL)
		cr_skip_test("KVM_RUN runs no guest code in this build");
}

/* KVM_RUN must end with a debug exit of @hsr at @want_pc (no FAR but for watchpoints). */
static void expect_debug_exit(struct guest *g, uint32_t hsr, uint64_t want_pc, const char *what)
{
	vcpu_run(g->vcpu);
	cr_assert_eq(g->run->exit_reason, KVM_EXIT_DEBUG, "%s: exit %u", what, g->run->exit_reason);
	cr_expect_eq(g->run->flags, KVM_DEBUG_ARCH_HSR_HIGH_VALID, "%s: flags", what);
	cr_expect_eq(g->run->debug.arch.hsr, hsr, "%s: hsr %#x, want %#x", what,
		     g->run->debug.arch.hsr, hsr);
	cr_expect_eq(g->run->debug.arch.hsr_high, 0, "%s: hsr_high", what);
	cr_expect_eq(pc(g->vcpu), want_pc, "%s: pc %#llx, want %#llx", what,
		     (unsigned long long)pc(g->vcpu), (unsigned long long)want_pc);
}

static void expect_mmio_exit(struct guest *g, uint64_t phys, const char *what)
{
	vcpu_run(g->vcpu);
	cr_assert_eq(g->run->exit_reason, KVM_EXIT_MMIO, "%s: exit %u", what, g->run->exit_reason);
	cr_expect_eq(g->run->mmio.phys_addr, phys, "%s: phys %#llx", what,
		     (unsigned long long)g->run->mmio.phys_addr);
}

static uint64_t mmio_data(const struct kvm_run *run)
{
	uint64_t v;

	memcpy(&v, run->mmio.data, sizeof(v));
	return v;
}

/* ---- the ioctl --------------------------------------------------------- */

struct control_case {
	char kernel[KERNEL_NAME_MAX];
	bool initialized;
	uint32_t control;
	struct result want;
};

/*
 * real-*.txt "debug.ioctl.before-init" and "debug.ioctl.after-init": the
 * four arm64 bits in any combination, even without ENABLE, and before
 * KVM_ARM_VCPU_INIT; any other bit (x86's INJECT_DB/BP, BLOCKIRQ) EINVAL.
 */
#define CONTROL_CASES(init)						\
	ON_ALL_KERNELS(init, 0x0, RET(0)),				\
	ON_ALL_KERNELS(init, ENABLE, RET(0)),				\
	ON_ALL_KERNELS(init, STEP, RET(0)),				\
	ON_ALL_KERNELS(init, SW_BP, RET(0)),				\
	ON_ALL_KERNELS(init, HW, RET(0)),				\
	ON_ALL_KERNELS(init, ENABLE | STEP | SW_BP | HW, RET(0)),	\
	ON_ALL_KERNELS(init, 0x4, ERR(EINVAL)),				\
	ON_ALL_KERNELS(init, 0x100, ERR(EINVAL)),			\
	ON_ALL_KERNELS(init, 0x40000, ERR(EINVAL)),			\
	ON_ALL_KERNELS(init, 0x100000, ERR(EINVAL)),			\
	ON_ALL_KERNELS(init, 0x80000000U, ERR(EINVAL)),			\
	ON_ALL_KERNELS(init, ENABLE | 0x40000, ERR(EINVAL)),		\
	ON_ALL_KERNELS(init, 0xffffffffU, ERR(EINVAL))

static struct control_case control_cases[] = { CONTROL_CASES(false), CONTROL_CASES(true) };

TEST_CASES(debug, control_bits, control_cases)
ParameterizedTest(struct control_case *c, debug, control_bits)
{
	int vcpu = vm_create_vcpu(vm_create(c->kernel), 0);

	if (c->initialized)
		vcpu_init(vcpu, FEATURE(PSCI_0_2));
	assert_result(__vcpu_set_guest_debug(vcpu, c->control, NULL), &c->want,
		      "%s: control %#x, %s", c->kernel, c->control,
		      c->initialized ? "after init" : "before init");
}

/* real-*.txt "debug.ioctl.*.NULL" ... "straddling": the copy-in faults. */
KERNEL_TEST(debug, unreadable_argument_is_efault)
{
	int vcpu = vm_create_vcpu(vm_create(kernel->name), 0);
	uint8_t *two = test_mem(2 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	const uint64_t addrs[] = {
		0, KERNEL_HALF_ADDR, noaccess_addr(), (uint64_t)(uintptr_t)(two + PAGE_SIZE - 8),
	};

	mprotect(two + PAGE_SIZE, PAGE_SIZE, PROT_NONE);
	for (int initialized = 0; initialized < 2; initialized++) {
		for (size_t i = 0; i < ARRAY_SIZE(addrs); i++)
			expect_errno(__vcpu_ioctl(vcpu, KVM_SET_GUEST_DEBUG, addrs[i]), EFAULT);
		vcpu_init(vcpu, FEATURE(PSCI_0_2));
	}
}

/* real-*.txt "debug.ioctl.*.control=0x1 pad=..." and "all-16-set": neither is checked. */
KERNEL_TEST(debug, pad_and_registers_are_not_checked)
{
	int vcpu = vcpu_create_init(kernel->name, FEATURE(PSCI_0_2));
	struct kvm_guest_debug dbg;

	memset(&dbg, 0xff, sizeof(dbg));
	dbg.control = ENABLE | HW;
	assert_ret(__vcpu_ioctl(vcpu, KVM_SET_GUEST_DEBUG, &dbg), 0);
}

/* real-*.txt "debug.ioctl.guest-regs": USE_HW's registers are not the guest's own. */
KERNEL_TEST(debug, external_registers_are_not_the_guests)
{
	int vcpu = vcpu_create_init(kernel->name, FEATURE(PSCI_0_2));
	struct kvm_guest_debug_arch arch = { 0 };

	arch.dbg_bcr[0] = BCR_DEFAULT;
	arch.dbg_bvr[0] = 0x1000;
	arch.dbg_wcr[0] = CR_E | CR_EL1 | WCR_LOAD | BAS(0xff);
	vcpu_set_guest_debug(vcpu, ENABLE | HW, &arch);
	cr_expect_eq(vcpu_get_reg(vcpu, DBGBCR0_EL1), 0);
	cr_expect_eq(vcpu_get_reg(vcpu, DBGBVR0_EL1), 0);
	cr_expect_eq(vcpu_get_reg(vcpu, DBGWCR0_EL1), 0);
	cr_expect_eq(vcpu_get_reg(vcpu, MDSCR_EL1), 0);
}

/* ---- BRK --------------------------------------------------------------- */

struct brk_case {
	char kernel[KERNEL_NAME_MAX];
	char name[24];
	uint32_t control;
	bool exits;
};

/*
 * real-*.txt "debug.brk.*": while userspace debugs at all (ENABLE), every
 * debug exception goes to it, USE_SW_BP or not; otherwise the guest takes
 * its BRK (ESR_EL1 0xf2000012, ELR at the BRK).
 */
static struct brk_case brk_cases[] = {
	ON_ALL_KERNELS("off", 0, false),
	ON_ALL_KERNELS("sw-bp", ENABLE | SW_BP, true),
	ON_ALL_KERNELS("enable-only", ENABLE, true),
	ON_ALL_KERNELS("hw-only", ENABLE | HW, true),
	ON_ALL_KERNELS("singlestep", ENABLE | STEP, true),
	ON_ALL_KERNELS("sw-bp-without-enable", SW_BP, false),
};

TEST_CASES(debug, brk, brk_cases)
ParameterizedTest(struct brk_case *c, debug, brk, .timeout = RUN_TIMEOUT)
{
	struct guest g;

	guest_setup(&g, c->kernel);
	vcpu_set_guest_debug(g.vcpu, c->control, NULL);
	start_at(&g, P_BRK);
	if (c->exits) {
		expect_debug_exit(&g, HSR_BRK(0x12), prog_addr(P_BRK), c->name);
		cr_expect_eq(g.run->debug.arch.far, 0xeeeeeeeeeeeeeeeeULL, "%s: far untouched",
			     c->name);
		expect_debug_exit(&g, HSR_BRK(0x12), prog_addr(P_BRK), c->name);
		return;
	}
	expect_mmio_exit(&g, EXC, c->name);
	cr_expect_eq(mmio_data(g.run), HSR_BRK(0x12), "%s: ESR_EL1", c->name);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(elr_el1)), prog_addr(P_BRK), "%s: ELR_EL1",
		     c->name);
}

/* real-*.txt "debug.brk.reinit": KVM_ARM_VCPU_INIT keeps the debug settings. */
KERNEL_TEST(debug, vcpu_init_keeps_debugging, .timeout = RUN_TIMEOUT)
{
	struct guest g;

	guest_setup(&g, kernel->name);
	vcpu_set_guest_debug(g.vcpu, ENABLE | SW_BP, NULL);
	vcpu_init(g.vcpu, FEATURE(PSCI_0_2));
	start_at(&g, P_BRK);
	expect_debug_exit(&g, HSR_BRK(0x12), prog_addr(P_BRK), "after re-init");
}

/* ---- single steps ------------------------------------------------------ */

/*
 * real-*.txt "debug.step.plain", "after-mmio", "udf", "vector": one exit
 * per instruction; one KVM completes (the MMIO store) or an exception it
 * raises traps on the next entry, before anything runs, without ISV.
 */
KERNEL_TEST(debug, single_step_one_instruction_per_run, .timeout = RUN_TIMEOUT)
{
	uint64_t p = prog_addr(P_STEP);
	struct guest g;

	guest_setup(&g, kernel->name);
	vcpu_set_guest_debug(g.vcpu, ENABLE | STEP, NULL);
	start_at(&g, P_STEP);
	for (unsigned int i = 1; i <= 3; i++) {
		expect_debug_exit(&g, HSR_STEP, p + 4 * i, "plain");
		cr_expect_eq(xreg(g.vcpu, 3), i, "x3 after %u steps", i);
	}
	expect_mmio_exit(&g, REPORT, "the store");
	cr_expect_eq(pc(g.vcpu), p + 12);
	expect_debug_exit(&g, HSR_STEP_PENDING, p + 16, "after the MMIO store");
	expect_debug_exit(&g, HSR_STEP_PENDING, VBAR + 0x200, "the UDF's exception");
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(elr_el1)), p + 16);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(spsr[0])), 0x2003c5, "SPSR_EL1 keeps SS");
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pstate)), 0x3c5);
	cr_expect_eq(vcpu_get_reg(g.vcpu, MDSCR_EL1), 0, "the guest's MDSCR_EL1 as it was");
	expect_debug_exit(&g, HSR_STEP, VBAR + 0x204, "the vector's first instruction");
}

/* real-*.txt "debug.step.hvc": the hypercall is done in KVM, then the step traps. */
KERNEL_TEST(debug, single_step_hvc, .timeout = RUN_TIMEOUT)
{
	struct guest g;

	guest_setup(&g, kernel->name);
	vcpu_set_guest_debug(g.vcpu, ENABLE | STEP, NULL);
	start_at(&g, P_HVC);
	expect_debug_exit(&g, HSR_STEP_PENDING, prog_addr(P_HVC) + 4, "hvc");
	cr_expect_eq(xreg(g.vcpu, 0), 0x10001, "PSCI 1.1");
	expect_mmio_exit(&g, REPORT, "after hvc");
}

/* real-*.txt "debug.step.mmio-read": the read's exit, then its step once completed. */
KERNEL_TEST(debug, single_step_mmio_read, .timeout = RUN_TIMEOUT)
{
	uint64_t data = 0x1122334455667788ULL;
	struct guest g;

	guest_setup(&g, kernel->name);
	vcpu_set_guest_debug(g.vcpu, ENABLE | STEP, NULL);
	start_at(&g, P_LDR_MMIO);
	expect_mmio_exit(&g, MMIO, "the read");
	memcpy(g.run->mmio.data, &data, sizeof(data));
	expect_debug_exit(&g, HSR_STEP_PENDING, prog_addr(P_LDR_MMIO) + 4, "completed");
	cr_expect_eq(xreg(g.vcpu, 3), data);
}

/* real-*.txt "debug.step.loop", "debug.step.ldxr", "debug.step.sw-bp". */
KERNEL_TEST(debug, single_step_branch_ldxr_brk, .timeout = RUN_TIMEOUT)
{
	struct guest g;

	guest_setup(&g, kernel->name);
	vcpu_set_guest_debug(g.vcpu, ENABLE | STEP, NULL);
	start_at(&g, P_LOOP);
	expect_debug_exit(&g, HSR_STEP, prog_addr(P_LOOP), "b .");
	expect_debug_exit(&g, HSR_STEP, prog_addr(P_LOOP), "b . again");
	start_at(&g, P_LDXR);
	expect_debug_exit(&g, HSR_STEP_LDEX, prog_addr(P_LDXR) + 4, "ldxr");
	cr_expect_eq(xreg(g.vcpu, 3), 0x0102030405060708ULL);
	vcpu_set_guest_debug(g.vcpu, ENABLE | STEP | SW_BP, NULL);
	start_at(&g, P_BRK);
	expect_debug_exit(&g, HSR_BRK(0x12), prog_addr(P_BRK), "brk while stepping");
}

/*
 * real-*.txt "debug.step.immediate-exit", "then-off", "without-enable":
 * immediate_exit leaves flags as they were; turned off, or without
 * ENABLE, the guest runs on.
 */
KERNEL_TEST(debug, single_step_off_and_immediate_exit, .timeout = RUN_TIMEOUT)
{
	struct guest g;

	guest_setup(&g, kernel->name);
	vcpu_set_guest_debug(g.vcpu, ENABLE | STEP, NULL);
	start_at(&g, P_LOOP);
	expect_debug_exit(&g, HSR_STEP, prog_addr(P_LOOP), "a first step");
	start_at(&g, P_STEP);
	g.run->immediate_exit = 1;
	assert_errno(__vcpu_run(g.vcpu), EINTR);
	cr_expect_eq(g.run->flags, KVM_DEBUG_ARCH_HSR_HIGH_VALID, "flags kept");
	g.run->immediate_exit = 0;
	expect_debug_exit(&g, HSR_STEP, prog_addr(P_STEP) + 4, "cleared");
	vcpu_set_guest_debug(g.vcpu, 0, NULL);
	expect_mmio_exit(&g, REPORT, "then off");
	cr_expect_eq(mmio_data(g.run), 3);
	vcpu_set_guest_debug(g.vcpu, STEP, NULL);
	start_at(&g, P_STEP);
	expect_mmio_exit(&g, REPORT, "without ENABLE");
}

/* ---- hardware breakpoints ---------------------------------------------- */

struct hwbp_case {
	char kernel[KERNEL_NAME_MAX];
	char name[24];
	uint32_t control;
	int n;
	uint64_t bcr;
	uint64_t bvr;
	bool hits;
};

#define THIRD	(RAM_GPA + 8)	/* P_STEP's third instruction */

/*
 * real-*.txt "debug.hwbp.*": the program stops before the instruction at
 * BVR (x3 = 2) or runs to its report.  Breakpoints 0-5 exist on the
 * harness CPU (KVM_CAP_GUEST_DEBUG_HW_BPS 6); PMC picks EL1 and/or EL0;
 * BAS 0 disables; BVR[1:0] are ignored.
 */
static struct hwbp_case hwbp_cases[] = {
	ON_ALL_KERNELS("bp0", ENABLE | HW, 0, BCR_DEFAULT, THIRD, true),
	ON_ALL_KERNELS("bp5", ENABLE | HW, 5, BCR_DEFAULT, THIRD, true),
	ON_ALL_KERNELS("bp6", ENABLE | HW, 6, BCR_DEFAULT, THIRD, false),
	ON_ALL_KERNELS("bp15", ENABLE | HW, 15, BCR_DEFAULT, THIRD, false),
	ON_ALL_KERNELS("disabled", ENABLE | HW, 0, BCR_DEFAULT & ~CR_E, THIRD, false),
	ON_ALL_KERNELS("el0-only", ENABLE | HW, 0, CR_E | CR_EL0 | BAS(0xf), THIRD, false),
	ON_ALL_KERNELS("el1-only", ENABLE | HW, 0, CR_E | CR_EL1 | BAS(0xf), THIRD, true),
	ON_ALL_KERNELS("bas-0", ENABLE | HW, 0, CR_E | CR_EL1 | CR_EL0, THIRD, false),
	ON_ALL_KERNELS("bvr-low-bits", ENABLE | HW, 0, BCR_DEFAULT, THIRD | 3, true),
	ON_ALL_KERNELS("without-use-hw", ENABLE, 0, BCR_DEFAULT, THIRD, false),
	ON_ALL_KERNELS("use-hw-without-enable", HW, 0, BCR_DEFAULT, THIRD, false),
};

TEST_CASES(debug, hw_breakpoint, hwbp_cases)
ParameterizedTest(struct hwbp_case *c, debug, hw_breakpoint, .timeout = RUN_TIMEOUT)
{
	struct kvm_guest_debug_arch arch = { 0 };
	struct guest g;

	guest_setup(&g, c->kernel);
	arch.dbg_bcr[c->n] = c->bcr;
	arch.dbg_bvr[c->n] = c->bvr;
	vcpu_set_guest_debug(g.vcpu, c->control, &arch);
	start_at(&g, P_STEP);
	if (!c->hits) {
		expect_mmio_exit(&g, REPORT, c->name);
		cr_expect_eq(mmio_data(g.run), 3, "%s: x3", c->name);
		return;
	}
	expect_debug_exit(&g, HSR_BREAKPOINT, THIRD, c->name);
	cr_expect_eq(xreg(g.vcpu, 3), 2, "%s: stopped before the instruction", c->name);
	expect_debug_exit(&g, HSR_BREAKPOINT, THIRD, c->name);
}

/* real-*.txt "debug.hwbp.first-insn", "debug.hwbp.with-step". */
KERNEL_TEST(debug, hw_breakpoint_first_insn_and_with_step, .timeout = RUN_TIMEOUT)
{
	struct kvm_guest_debug_arch arch = { 0 };
	struct guest g;

	guest_setup(&g, kernel->name);
	arch.dbg_bcr[0] = BCR_DEFAULT;
	arch.dbg_bvr[0] = RAM_GPA;
	vcpu_set_guest_debug(g.vcpu, ENABLE | HW, &arch);
	start_at(&g, P_STEP);
	expect_debug_exit(&g, HSR_BREAKPOINT, RAM_GPA, "at the first instruction");
	cr_expect_eq(xreg(g.vcpu, 3), 0xdeadbeefdeadbeefULL);

	arch.dbg_bvr[0] = THIRD;
	vcpu_set_guest_debug(g.vcpu, ENABLE | HW | STEP, &arch);
	start_at(&g, P_STEP);
	expect_debug_exit(&g, HSR_STEP, RAM_GPA + 4, "step 1");
	expect_debug_exit(&g, HSR_STEP, THIRD, "step 2");
	expect_debug_exit(&g, HSR_BREAKPOINT, THIRD, "the breakpoint, before step 3");
}

/* ---- watchpoints ------------------------------------------------------- */

struct wp_case {
	char kernel[KERNEL_NAME_MAX];
	char name[24];
	uint32_t control;
	int n;
	uint64_t wcr;
	uint64_t wvr;
	uint32_t hsr;	/* 0: no hit, the program reports x3 = 0x5a */
	uint64_t at;	/* the PC of the access stopped */
	uint64_t far;
};

#define AT_LDR		(RAM_GPA + 0x180)	/* P_WATCH: ldr x3, [DATA] */
#define AT_STR		(RAM_GPA + 0x184)	/* str x2, [DATA + 0x10] */
#define AT_LDRB		(RAM_GPA + 0x188)	/* ldrb w3, [DATA + 0x23] */
#define WP(n, c, i, wcr, wvr, h, a, f)	ON_ALL_KERNELS(n, c, i, wcr, wvr, h, a, f)
#define NO_HIT(n, c, i, wcr, wvr)	ON_ALL_KERNELS(n, c, i, wcr, wvr, 0, 0, 0)

/*
 * real-*.txt "debug.wp.*": the access is stopped before it is done, FAR
 * the first watched byte it touches.  BAS selects bytes of the doubleword
 * at WVR, MASK an aligned block (MASK 1 and 2 reserved: nothing); LSC
 * loads and/or stores (0: nothing); watchpoints 0-3 exist on the harness
 * CPU (KVM_CAP_GUEST_DEBUG_HW_WPS 4).
 */
static struct wp_case wp_cases[] = {
	WP("load", ENABLE | HW, 0, WCR_RW | WCR_LOAD | BAS(0xff), DATA, HSR_WATCH_READ, AT_LDR, DATA),
	WP("store", ENABLE | HW, 0, WCR_RW | WCR_STORE | BAS(0xff), DATA + 0x10, HSR_WATCH_WRITE,
	   AT_STR, DATA + 0x10),
	WP("both", ENABLE | HW, 0, WCR_RW | WCR_LOAD | WCR_STORE | BAS(0xff), DATA + 0x10,
	   HSR_WATCH_WRITE, AT_STR, DATA + 0x10),
	NO_HIT("store-on-loaded", ENABLE | HW, 0, WCR_RW | WCR_STORE | BAS(0xff), DATA),
	NO_HIT("load-on-stored", ENABLE | HW, 0, WCR_RW | WCR_LOAD | BAS(0xff), DATA + 0x10),
	WP("bas-byte", ENABLE | HW, 0, WCR_RW | WCR_LOAD | BAS(0x08), DATA + 0x20, HSR_WATCH_READ,
	   AT_LDRB, DATA + 0x23),
	NO_HIT("bas-other-byte", ENABLE | HW, 0, WCR_RW | WCR_LOAD | BAS(0x10), DATA + 0x20),
	WP("bas-last-byte-of-load", ENABLE | HW, 0, WCR_RW | WCR_LOAD | BAS(0x80), DATA,
	   HSR_WATCH_READ, AT_LDR, DATA + 7),
	WP("bas-middle", ENABLE | HW, 0, WCR_RW | WCR_STORE | BAS(0x3c), DATA + 0x10,
	   HSR_WATCH_WRITE, AT_STR, DATA + 0x12),
	WP("mask-16", ENABLE | HW, 0, WCR_RW | WCR_STORE | BAS(0xff) | WCR_MASK(4), DATA + 0x18,
	   HSR_WATCH_WRITE, AT_STR, DATA + 0x10),
	NO_HIT("mask-reserved", ENABLE | HW, 0, WCR_RW | WCR_STORE | BAS(0xff) | WCR_MASK(1),
	       DATA + 0x10),
	WP("wp3", ENABLE | HW, 3, WCR_RW | WCR_LOAD | BAS(0xff), DATA, HSR_WATCH_READ, AT_LDR, DATA),
	NO_HIT("wp4", ENABLE | HW, 4, WCR_RW | WCR_LOAD | BAS(0xff), DATA),
	NO_HIT("disabled", ENABLE | HW, 0, CR_EL1 | CR_EL0 | WCR_LOAD | BAS(0xff), DATA),
	NO_HIT("lsc-0", ENABLE | HW, 0, WCR_RW | BAS(0xff), DATA),
	NO_HIT("el0-only", ENABLE | HW, 0, CR_E | CR_EL0 | WCR_LOAD | BAS(0xff), DATA),
	NO_HIT("without-use-hw", ENABLE, 0, WCR_RW | WCR_LOAD | BAS(0xff), DATA),
};

TEST_CASES(debug, watchpoint, wp_cases)
ParameterizedTest(struct wp_case *c, debug, watchpoint, .timeout = RUN_TIMEOUT)
{
	struct kvm_guest_debug_arch arch = { 0 };
	uint64_t stored;
	struct guest g;

	guest_setup(&g, c->kernel);
	arch.dbg_wcr[c->n] = c->wcr;
	arch.dbg_wvr[c->n] = c->wvr;
	vcpu_set_guest_debug(g.vcpu, c->control, &arch);
	start_at(&g, P_WATCH);
	if (!c->hsr) {
		expect_mmio_exit(&g, REPORT, c->name);
		cr_expect_eq(mmio_data(g.run), 0x5a, "%s: x3", c->name);
		return;
	}
	expect_debug_exit(&g, c->hsr, c->at, c->name);
	cr_expect_eq(g.run->debug.arch.far, c->far, "%s: far %#llx", c->name,
		     (unsigned long long)g.run->debug.arch.far);
	memcpy(&stored, g.ram + (DATA - RAM_GPA) + 0x10, sizeof(stored));
	/* "debug.wp.<name>.data stored=": only a stop after the store sees it done. */
	cr_expect_eq(stored, c->at > AT_STR ? 0x8877665544332211ULL : 0,
		     "%s: stored %#llx", c->name, (unsigned long long)stored);
	expect_debug_exit(&g, c->hsr, c->at, c->name);
}

/* real-*.txt "debug.wp.with-step": a step, then the watchpoint before the next one. */
KERNEL_TEST(debug, watchpoint_with_step, .timeout = RUN_TIMEOUT)
{
	struct kvm_guest_debug_arch arch = { 0 };
	struct guest g;

	guest_setup(&g, kernel->name);
	arch.dbg_wcr[0] = WCR_RW | WCR_STORE | BAS(0xff);
	arch.dbg_wvr[0] = DATA + 0x10;
	vcpu_set_guest_debug(g.vcpu, ENABLE | HW | STEP, &arch);
	start_at(&g, P_WATCH);
	expect_debug_exit(&g, HSR_STEP, AT_STR, "the load, stepped");
	cr_expect_eq(xreg(g.vcpu, 3), 0x0102030405060708ULL);
	expect_debug_exit(&g, HSR_WATCH_WRITE, AT_STR, "the store, watched");
	cr_expect_eq(g.run->debug.arch.far, DATA + 0x10);
}
