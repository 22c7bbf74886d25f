/*
 * debug.c - conformance section "debug": KVM_SET_GUEST_DEBUG's checks
 * (control bits, pointers, before VCPU_INIT) and the exits of a guest run
 * with debugging on: BRK with and without USE_SW_BP, single steps (of
 * plain instructions and of ones KVM completes itself: MMIO, HVC, an
 * exception), hardware breakpoints and watchpoints (BAS, MASK, LSC, which
 * privilege, how many there are).
 *
 * As in run.c the guest runs with its MMU off, every program sits at its
 * own place in guest RAM and ends with a "report" store to REPORT (an MMIO
 * exit showing x3); the vectors store ESR_EL1 to EXC.  Before each KVM_RUN
 * the union of kvm_run is filled with 0xee, so that a line shows which of
 * debug.arch's fields the exit wrote.
 */
#include "conform.h"

#define RAM_GPA		0x40000000ULL	/* slot 0: code, vectors, data */
#define RAM_SIZE	0x10000ULL
#define MMIO		0x40020000ULL	/* in no slot */
#define REPORT		0x40021000ULL
#define EXC		0x40022000ULL
#define VBAR		(RAM_GPA + 0x8000)
#define DATA		(RAM_GPA + 0x9000)	/* what the watchpoint program accesses */
#define PROG_SPACING	0x40

#define CORE(off)	(0x6030000000100000ULL | (off))
#define XREG(n)		CORE(2 * (n))
#define PC_REG		CORE(0x40)
#define PSTATE_REG	CORE(0x42)
#define ELR_EL1_REG	CORE(0x46)
#define SPSR_EL1_REG	CORE(0x48)
#define VBAR_EL1_REG	0x603000000013c600ULL
#define MDSCR_EL1_REG	0x6030000000138012ULL
#define DBGBCR0_EL1_REG	0x6030000000138005ULL
#define DBGBVR0_EL1_REG	0x6030000000138004ULL
#define DBGWCR0_EL1_REG	0x6030000000138007ULL

#define FN_PSCI_VERSION	0x84000000ULL

/* KVM_GUESTDBG_* (arm64 adds USE_SW_BP and USE_HW). */
#define DBG_ENABLE	0x1U
#define DBG_SINGLESTEP	0x2U
#define DBG_SW_BP	0x10000U
#define DBG_HW		0x20000U

/* DBGBCR/DBGWCR fields: E, PMC/PAC (bit 1 EL1, bit 2 EL0), LSC, BAS, MASK. */
#define CR_E		1ULL
#define CR_EL1		(1ULL << 1)
#define CR_EL0		(1ULL << 2)
#define WCR_LOAD	(1ULL << 3)
#define WCR_STORE	(2ULL << 3)
#define BAS(b)		((ull)(b) << 5)
#define WCR_MASK(m)	((ull)(m) << 24)
#define BCR_DEFAULT	(CR_E | CR_EL1 | CR_EL0 | BAS(0xf))

enum {
	P_STEP, P_BRK, P_HVC, P_LDR_MMIO, P_LOOP, P_LDXR, P_WATCH,
	NR_PROGS
};

/*
 * Registers the harness sets: x0 PSCI_VERSION, x1 MMIO, x2 the value
 * stored, x3 0xdeadbeefdeadbeef, x7-x9 into DATA, x21 REPORT.
 */
static const uint32_t progs[NR_PROGS][5] = {
	[P_STEP] = { 0xd2800023,	/* mov x3, #1 */ 0x91000463,	/* add x3, x3, #1 */
		     0x91000463,	/* add x3, x3, #1 */ 0xf90002a3,	/* str x3, [x21] */
		     0x00000000,	/* udf #0 */ },
	[P_BRK] = { 0xd4200240,	/* brk #0x12 */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_HVC] = { 0xd4000002,	/* hvc #0 */ 0xf90002a0,	/* str x0, [x21] */ },
	[P_LDR_MMIO] = { 0xf9400023,	/* ldr x3, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LOOP] = { 0x14000000,	/* b . */ },
	[P_LDXR] = { 0xc85f7ce3,	/* ldxr x3, [x7] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_WATCH] = { 0xf94000e3,	/* ldr x3, [x7] */ 0xf9000102,	/* str x2, [x8] */
		      0x39400123,	/* ldrb w3, [x9] */ 0xf90002a3,	/* str x3, [x21] */ },
};

/* Every one of the 16 vector entries: report ESR_EL1 to EXC. */
static const uint32_t vector_entry[] = {
	0xd2a80056,	/* mov x22, #0x40020000 */
	0xf2840016,	/* movk x22, #0x2000 */
	0xd5385209,	/* mrs x9, esr_el1 */
	0xf90002c9,	/* str x9, [x22] */
};

static uint8_t *ram;

static ull prog_addr(int p)
{
	return RAM_GPA + (ull)p * PROG_SPACING;
}

static void load_code(void)
{
	uint32_t *w = (uint32_t *)ram;
	ull d0 = 0x0102030405060708ULL;

	for (int p = 0; p < NR_PROGS; p++)
		memcpy(&w[p * PROG_SPACING / 4], progs[p], sizeof(progs[p]));
	for (int e = 0; e < 16; e++)
		memcpy(ram + (VBAR - RAM_GPA) + e * 0x80, vector_entry, sizeof(vector_entry));
	memcpy(ram + (DATA - RAM_GPA), &d0, sizeof(d0));
	ram[DATA - RAM_GPA + 0x23] = 0x5a;
}

/* The watchpoint program's store target, reset before each case. */
static void reset_data(void)
{
	memset(ram + (DATA - RAM_GPA) + 0x10, 0, 8);
}

static ull data_at(ull gpa)
{
	ull v;

	memcpy(&v, ram + (gpa - RAM_GPA), sizeof(v));
	return v;
}

static void setup_regs(const char *where, int vcpu, struct kvm_run *run, int prog)
{
	run->exit_reason = KVM_EXIT_UNKNOWN;
	setr(where, vcpu, XREG(0), FN_PSCI_VERSION);
	setr(where, vcpu, XREG(1), MMIO);
	setr(where, vcpu, XREG(2), 0x8877665544332211ULL);
	setr(where, vcpu, XREG(3), 0xdeadbeefdeadbeefULL);
	setr(where, vcpu, XREG(7), DATA);
	setr(where, vcpu, XREG(8), DATA + 0x10);
	setr(where, vcpu, XREG(9), DATA + 0x23);
	setr(where, vcpu, XREG(21), REPORT);
	setr(where, vcpu, VBAR_EL1_REG, VBAR);
	setr(where, vcpu, PSTATE_REG, 0x3c5);
	setr(where, vcpu, PC_REG, prog_addr(prog));
}

/* ------------------------------------------------------------------------ */
/* KVM_SET_GUEST_DEBUG and KVM_RUN, with their lines.                        */

static long set_debug_arch(const char *where, int vcpu, uint32_t control,
			   const struct kvm_guest_debug_arch *arch)
{
	struct kvm_guest_debug dbg;

	memset(&dbg, 0, sizeof(dbg));
	dbg.control = control;
	if (arch)
		dbg.arch = *arch;
	L("%s KVM_SET_GUEST_DEBUG control=0x%x", where, control);
	long r = R(kiop(vcpu, KVM_SET_GUEST_DEBUG, &dbg));
	emit();
	return r;
}

static long set_debug(const char *where, int vcpu, uint32_t control)
{
	return set_debug_arch(where, vcpu, control, NULL);
}

static void Lexit(const struct kvm_run *run)
{
	switch (run->exit_reason) {
	case KVM_EXIT_DEBUG:
		L(" exit=DEBUG flags=0x%x hsr=0x%x hsr_high=0x%x far=0x%llx", run->flags,
		  run->debug.arch.hsr, run->debug.arch.hsr_high, (ull)run->debug.arch.far);
		break;
	case KVM_EXIT_MMIO:
		L(" exit=MMIO phys=0x%llx len=%u write=%u data=", (ull)run->mmio.phys_addr,
		  run->mmio.len, run->mmio.is_write);
		for (int i = 0; i < 8; i++)
			L("%02x", run->mmio.data[i]);
		break;
	case KVM_EXIT_INTR:
		L(" exit=INTR");
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		L(" exit=INTERNAL_ERROR suberror=%u", run->internal.suberror);
		break;
	default:
		L(" exit=%u flags=0x%x", run->exit_reason, run->flags);
		break;
	}
}

static int supplied;	/* the next run completes a read: keep its data */

/* One KVM_RUN: result, exit, PC and x3 after it; a 10 s timer guards a run that never returns. */
static long run1(const char *where, int vcpu, struct kvm_run *run)
{
	long r;

	if (!supplied)
		memset(&run->mmio, 0xee, 16);
	supplied = 0;
	arm_alarm(10000);
	r = kio(vcpu, KVM_RUN, 0);
	disarm_alarm();
	L("%s KVM_RUN", where);
	R(r);
	Lexit(run);
	L(" pc=0x%llx x3=0x%llx", getr(vcpu, PC_REG), getr(vcpu, XREG(3)));
	emit();
	return r;
}

static void supply(struct kvm_run *run, ull data)
{
	memcpy(run->mmio.data, &data, sizeof(data));
	supplied = 1;
}

/* @n runs in a row, named where.1 ... where.n. */
static void runs(const char *where, int vcpu, struct kvm_run *run, int n)
{
	char w[96];

	for (int i = 1; i <= n; i++) {
		snprintf(w, sizeof(w), "%s.%d", where, i);
		run1(w, vcpu, run);
	}
}

/* ------------------------------------------------------------------------ */
/* The ioctl's own checks.                                                   */

/* The structure's first bytes at the end of a page followed by an inaccessible one. */
static void straddling(const char *when, int vcpu)
{
	uint8_t *two = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0);

	if (two == MAP_FAILED)
		return;
	mprotect(two + PAGE, PAGE, PROT_NONE);
	memset(two, 0, PAGE);
	L("debug.ioctl.%s KVM_SET_GUEST_DEBUG straddling(8 bytes before a PROT_NONE page)", when);
	R(kio(vcpu, KVM_SET_GUEST_DEBUG, (ul)(uintptr_t)(two + PAGE - 8)));
	emit();
	munmap(two, 2 * PAGE);
}

static void sec_ioctl(void)
{
	static const uint32_t controls[] = {
		0x0, DBG_ENABLE, DBG_SINGLESTEP, DBG_ENABLE | DBG_SINGLESTEP, DBG_SW_BP,
		DBG_ENABLE | DBG_SW_BP, DBG_HW, DBG_ENABLE | DBG_HW,
		DBG_ENABLE | DBG_SINGLESTEP | DBG_SW_BP | DBG_HW,
		0x4, 0x8, 0x100, 0x8000, 0x40000, 0x80000, 0x100000, 0x80000000U,
		DBG_ENABLE | 0x40000, 0xffffffffU,
	};
	struct kvm_guest_debug dbg;
	struct kvm_vcpu_init init;
	char w[64];
	int vm, vcpu;

	vm = create_vm("debug.ioctl", 0);
	if (vm < 0)
		return;
	check_ext("debug.ioctl.vm", vm, 23, 0);	/* SET_GUEST_DEBUG */
	check_ext("debug.ioctl.vm", vm, 119, 0);	/* GUEST_DEBUG_HW_BPS */
	check_ext("debug.ioctl.vm", vm, 120, 0);	/* GUEST_DEBUG_HW_WPS */
	check_ext("debug.ioctl.vm", vm, 195, 0);	/* SET_GUEST_DEBUG2 */
	vcpu = create_vcpu("debug.ioctl", vm, 0);

	for (int inited = 0; inited < 2; inited++) {
		const char *when = inited ? "after-init" : "before-init";

		for (size_t i = 0; i < sizeof(controls) / sizeof(controls[0]); i++) {
			snprintf(w, sizeof(w), "debug.ioctl.%s", when);
			set_debug(w, vcpu, controls[i]);
		}
		memset(&dbg, 0, sizeof(dbg));
		dbg.control = DBG_ENABLE;
		dbg.pad = 0xffffffffU;
		L("debug.ioctl.%s KVM_SET_GUEST_DEBUG control=0x1 pad=0xffffffff", when);
		R(kiop(vcpu, KVM_SET_GUEST_DEBUG, &dbg));
		emit();
		memset(&dbg, 0, sizeof(dbg));
		dbg.control = DBG_ENABLE | DBG_HW;
		for (int n = 0; n < KVM_ARM_MAX_DBG_REGS; n++) {
			dbg.arch.dbg_bcr[n] = BCR_DEFAULT;
			dbg.arch.dbg_bvr[n] = 0xffffffffffffffffULL;
			dbg.arch.dbg_wcr[n] = 0xffffffffffffffffULL;
			dbg.arch.dbg_wvr[n] = 0xffffffffffffffffULL;
		}
		L("debug.ioctl.%s KVM_SET_GUEST_DEBUG control=0x20001 all-16-set", when);
		R(kiop(vcpu, KVM_SET_GUEST_DEBUG, &dbg));
		emit();
		L("debug.ioctl.%s KVM_SET_GUEST_DEBUG NULL", when);
		R(kio(vcpu, KVM_SET_GUEST_DEBUG, 0));
		emit();
		L("debug.ioctl.%s KVM_SET_GUEST_DEBUG kernel-half", when);
		R(kio(vcpu, KVM_SET_GUEST_DEBUG, KHALF));
		emit();
		L("debug.ioctl.%s KVM_SET_GUEST_DEBUG noaccess", when);
		R(kio(vcpu, KVM_SET_GUEST_DEBUG, NOACCESS));
		emit();
		straddling(when, vcpu);
		set_debug("debug.ioctl.reset", vcpu, 0);
		if (!inited) {
			memset(&init, 0, sizeof(init));
			init.target = KVM_ARM_TARGET_GENERIC_V8;
			init.features[0] = 1U << KVM_ARM_VCPU_PSCI_0_2;
			L("debug.ioctl KVM_ARM_VCPU_INIT features=0x%x", init.features[0]);
			R(kiop(vcpu, KVM_ARM_VCPU_INIT, &init));
			emit();
		}
	}
	/* The external breakpoints are not the guest's own registers. */
	memset(&dbg, 0, sizeof(dbg));
	dbg.control = DBG_ENABLE | DBG_HW;
	dbg.arch.dbg_bcr[0] = BCR_DEFAULT;
	dbg.arch.dbg_bvr[0] = 0x1000;
	dbg.arch.dbg_wcr[0] = CR_E | CR_EL1 | WCR_LOAD | BAS(0xff);
	L("debug.ioctl.guest-regs KVM_SET_GUEST_DEBUG control=0x20001 bp0 wp0");
	R(kiop(vcpu, KVM_SET_GUEST_DEBUG, &dbg));
	emit();
	L("debug.ioctl.guest-regs dbgbcr0=0x%llx dbgbvr0=0x%llx dbgwcr0=0x%llx mdscr=0x%llx",
	  getr(vcpu, DBGBCR0_EL1_REG), getr(vcpu, DBGBVR0_EL1_REG), getr(vcpu, DBGWCR0_EL1_REG),
	  getr(vcpu, MDSCR_EL1_REG));
	emit();
	close_fd("debug.ioctl", vcpu);
	close_fd("debug.ioctl", vm);
}

/* ------------------------------------------------------------------------ */
/* BRK.                                                                      */

static void brk_case(const char *name, int vcpu, struct kvm_run *run, uint32_t control)
{
	char w[64];

	snprintf(w, sizeof(w), "debug.brk.%s", name);
	set_debug(w, vcpu, control);
	setup_regs(w, vcpu, run, P_BRK);
	runs(w, vcpu, run, 2);
	L("%s.regs elr=0x%llx", w, getr(vcpu, ELR_EL1_REG));
	emit();
}

static void sec_brk(int vcpu, struct kvm_run *run)
{
	brk_case("off", vcpu, run, 0);
	brk_case("sw-bp", vcpu, run, DBG_ENABLE | DBG_SW_BP);
	brk_case("enable-only", vcpu, run, DBG_ENABLE);
	brk_case("hw-only", vcpu, run, DBG_ENABLE | DBG_HW);
	brk_case("singlestep", vcpu, run, DBG_ENABLE | DBG_SINGLESTEP);
	brk_case("sw-bp-without-enable", vcpu, run, DBG_SW_BP);

	/* A vCPU reset (VCPU_INIT again) keeps the debug settings. */
	set_debug("debug.brk.reinit", vcpu, DBG_ENABLE | DBG_SW_BP);
	L("debug.brk.reinit KVM_ARM_VCPU_INIT features=0x4");
	{
		struct kvm_vcpu_init init;

		memset(&init, 0, sizeof(init));
		init.target = KVM_ARM_TARGET_GENERIC_V8;
		init.features[0] = 1U << KVM_ARM_VCPU_PSCI_0_2;
		R(kiop(vcpu, KVM_ARM_VCPU_INIT, &init));
	}
	emit();
	setup_regs("debug.brk.reinit", vcpu, run, P_BRK);
	run1("debug.brk.reinit", vcpu, run);
	set_debug("debug.brk.done", vcpu, 0);
}

/* ------------------------------------------------------------------------ */
/* Single steps.                                                             */

static void sec_step(int vcpu, struct kvm_run *run)
{
	const uint32_t step = DBG_ENABLE | DBG_SINGLESTEP;

	/* Three plain instructions, an MMIO store, then the UDF after it and the vector. */
	set_debug("debug.step", vcpu, step);
	setup_regs("debug.step", vcpu, run, P_STEP);
	runs("debug.step.plain", vcpu, run, 4);
	runs("debug.step.after-mmio", vcpu, run, 1);
	runs("debug.step.udf", vcpu, run, 1);
	L("debug.step.udf.regs elr=0x%llx spsr=0x%llx pstate=0x%llx mdscr=0x%llx",
	  getr(vcpu, ELR_EL1_REG), getr(vcpu, SPSR_EL1_REG), getr(vcpu, PSTATE_REG),
	  getr(vcpu, MDSCR_EL1_REG));
	emit();
	runs("debug.step.vector", vcpu, run, 2);

	/* HVC, completed by KVM. */
	setup_regs("debug.step.hvc", vcpu, run, P_HVC);
	run1("debug.step.hvc", vcpu, run);
	L("debug.step.hvc.regs x0=0x%llx", getr(vcpu, XREG(0)));
	emit();
	run1("debug.step.hvc.next", vcpu, run);

	/* An MMIO read: its exit, then the step completes once the read is. */
	setup_regs("debug.step.mmio-read", vcpu, run, P_LDR_MMIO);
	run1("debug.step.mmio-read", vcpu, run);
	if (run->exit_reason == KVM_EXIT_MMIO)
		supply(run, 0x1122334455667788ULL);
	run1("debug.step.mmio-read.completed", vcpu, run);
	run1("debug.step.mmio-read.next", vcpu, run);

	setup_regs("debug.step.loop", vcpu, run, P_LOOP);
	runs("debug.step.loop", vcpu, run, 2);

	setup_regs("debug.step.ldxr", vcpu, run, P_LDXR);
	run1("debug.step.ldxr", vcpu, run);

	setup_regs("debug.step.immediate-exit", vcpu, run, P_STEP);
	run->immediate_exit = 1;
	run1("debug.step.immediate-exit", vcpu, run);
	run->immediate_exit = 0;
	run1("debug.step.immediate-exit.cleared", vcpu, run);

	/* BRK while stepping, with USE_SW_BP. */
	set_debug("debug.step.sw-bp", vcpu, step | DBG_SW_BP);
	setup_regs("debug.step.sw-bp", vcpu, run, P_BRK);
	run1("debug.step.sw-bp", vcpu, run);

	/* Stepping turned off after a step: the guest runs on. */
	set_debug("debug.step.then-off", vcpu, step);
	setup_regs("debug.step.then-off", vcpu, run, P_STEP);
	run1("debug.step.then-off.step", vcpu, run);
	set_debug("debug.step.then-off", vcpu, 0);
	run1("debug.step.then-off.run", vcpu, run);

	/* SINGLESTEP without ENABLE does nothing. */
	set_debug("debug.step.without-enable", vcpu, DBG_SINGLESTEP);
	setup_regs("debug.step.without-enable", vcpu, run, P_STEP);
	run1("debug.step.without-enable", vcpu, run);
	L("debug.step.done pstate=0x%llx mdscr=0x%llx", getr(vcpu, PSTATE_REG),
	  getr(vcpu, MDSCR_EL1_REG));
	emit();
	set_debug("debug.step.done", vcpu, 0);
}

/* ------------------------------------------------------------------------ */
/* Hardware breakpoints.                                                     */

static void hwbp_case(const char *name, int vcpu, struct kvm_run *run, uint32_t control,
		      int n, ull bcr, ull bvr, int nruns)
{
	struct kvm_guest_debug_arch arch;
	char w[64];

	memset(&arch, 0, sizeof(arch));
	arch.dbg_bcr[n] = bcr;
	arch.dbg_bvr[n] = bvr;
	snprintf(w, sizeof(w), "debug.hwbp.%s", name);
	L("%s bp%d bcr=0x%llx bvr=0x%llx", w, n, bcr, bvr);
	emit();
	set_debug_arch(w, vcpu, control, &arch);
	setup_regs(w, vcpu, run, P_STEP);
	runs(w, vcpu, run, nruns);
}

static void sec_hwbp(int vcpu, struct kvm_run *run)
{
	const uint32_t hw = DBG_ENABLE | DBG_HW;
	const ull third = prog_addr(P_STEP) + 8;

	hwbp_case("bp0", vcpu, run, hw, 0, BCR_DEFAULT, third, 2);
	hwbp_case("bp5", vcpu, run, hw, 5, BCR_DEFAULT, third, 1);
	hwbp_case("bp6", vcpu, run, hw, 6, BCR_DEFAULT, third, 1);
	hwbp_case("bp15", vcpu, run, hw, 15, BCR_DEFAULT, third, 1);
	hwbp_case("first-insn", vcpu, run, hw, 0, BCR_DEFAULT, prog_addr(P_STEP), 1);
	hwbp_case("disabled", vcpu, run, hw, 0, BCR_DEFAULT & ~CR_E, third, 1);
	hwbp_case("el0-only", vcpu, run, hw, 0, CR_E | CR_EL0 | BAS(0xf), third, 1);
	hwbp_case("el1-only", vcpu, run, hw, 0, CR_E | CR_EL1 | BAS(0xf), third, 1);
	hwbp_case("bas-0", vcpu, run, hw, 0, CR_E | CR_EL1 | CR_EL0, third, 1);
	hwbp_case("bvr-low-bits", vcpu, run, hw, 0, BCR_DEFAULT, third | 3, 1);
	hwbp_case("without-use-hw", vcpu, run, DBG_ENABLE, 0, BCR_DEFAULT, third, 1);
	hwbp_case("use-hw-without-enable", vcpu, run, DBG_HW, 0, BCR_DEFAULT, third, 1);
	hwbp_case("with-step", vcpu, run, hw | DBG_SINGLESTEP, 0, BCR_DEFAULT, third, 3);
	set_debug("debug.hwbp.done", vcpu, 0);
}

/* ------------------------------------------------------------------------ */
/* Watchpoints.                                                              */

static void wp_case(const char *name, int vcpu, struct kvm_run *run, uint32_t control,
		    int n, ull wcr, ull wvr, int nruns)
{
	struct kvm_guest_debug_arch arch;
	char w[64];

	memset(&arch, 0, sizeof(arch));
	arch.dbg_wcr[n] = wcr;
	arch.dbg_wvr[n] = wvr;
	snprintf(w, sizeof(w), "debug.wp.%s", name);
	L("%s wp%d wcr=0x%llx wvr=0x%llx", w, n, wcr, wvr);
	emit();
	set_debug_arch(w, vcpu, control, &arch);
	reset_data();
	setup_regs(w, vcpu, run, P_WATCH);
	runs(w, vcpu, run, nruns);
	L("%s.data stored=0x%llx", w, data_at(DATA + 0x10));
	emit();
}

static void sec_wp(int vcpu, struct kvm_run *run)
{
	const uint32_t hw = DBG_ENABLE | DBG_HW;
	const ull rw = CR_E | CR_EL1 | CR_EL0;

	wp_case("load", vcpu, run, hw, 0, rw | WCR_LOAD | BAS(0xff), DATA, 2);
	wp_case("store", vcpu, run, hw, 0, rw | WCR_STORE | BAS(0xff), DATA + 0x10, 1);
	wp_case("both", vcpu, run, hw, 0, rw | WCR_LOAD | WCR_STORE | BAS(0xff), DATA + 0x10, 1);
	wp_case("store-on-loaded", vcpu, run, hw, 0, rw | WCR_STORE | BAS(0xff), DATA, 1);
	wp_case("load-on-stored", vcpu, run, hw, 0, rw | WCR_LOAD | BAS(0xff), DATA + 0x10, 1);
	wp_case("bas-byte", vcpu, run, hw, 0, rw | WCR_LOAD | BAS(0x08), DATA + 0x20, 1);
	wp_case("bas-other-byte", vcpu, run, hw, 0, rw | WCR_LOAD | BAS(0x10), DATA + 0x20, 1);
	wp_case("bas-last-byte-of-load", vcpu, run, hw, 0, rw | WCR_LOAD | BAS(0x80), DATA, 1);
	wp_case("bas-middle", vcpu, run, hw, 0, rw | WCR_STORE | BAS(0x3c), DATA + 0x10, 1);
	wp_case("mask-16", vcpu, run, hw, 0, rw | WCR_STORE | BAS(0xff) | WCR_MASK(4),
		DATA + 0x18, 1);
	wp_case("mask-reserved", vcpu, run, hw, 0, rw | WCR_STORE | BAS(0xff) | WCR_MASK(1),
		DATA + 0x10, 1);
	wp_case("wp3", vcpu, run, hw, 3, rw | WCR_LOAD | BAS(0xff), DATA, 1);
	wp_case("wp4", vcpu, run, hw, 4, rw | WCR_LOAD | BAS(0xff), DATA, 1);
	wp_case("disabled", vcpu, run, hw, 0, CR_EL1 | CR_EL0 | WCR_LOAD | BAS(0xff), DATA, 1);
	wp_case("lsc-0", vcpu, run, hw, 0, rw | BAS(0xff), DATA, 1);
	wp_case("el0-only", vcpu, run, hw, 0, CR_E | CR_EL0 | WCR_LOAD | BAS(0xff), DATA, 1);
	wp_case("without-use-hw", vcpu, run, DBG_ENABLE, 0, rw | WCR_LOAD | BAS(0xff), DATA, 1);
	wp_case("with-step", vcpu, run, hw | DBG_SINGLESTEP, 0, rw | WCR_STORE | BAS(0xff),
		DATA + 0x10, 3);
	set_debug("debug.wp.done", vcpu, 0);
}

void sec_debug(void)
{
	struct kvm_vcpu_init init;
	struct kvm_run *run;
	int vm, vcpu;

	section("debug");
	catch_alarm();

	sec_ioctl();

	/* Part of buf, so that the slot's line names its address the same way each time. */
	ram = buf + BUFLEN - RAM_SIZE;
	memset(ram, 0, RAM_SIZE);
	load_code();
	vm = create_vm("debug.vm", 0);
	if (vm < 0)
		return;
	setmem("debug.vm.ram", vm, 0, 0, RAM_GPA, RAM_SIZE, (ull)(uintptr_t)ram);
	vcpu = create_vcpu("debug.vm", vm, 0);
	memset(&init, 0, sizeof(init));
	init.target = KVM_ARM_TARGET_GENERIC_V8;
	init.features[0] = 1U << KVM_ARM_VCPU_PSCI_0_2;
	L("debug.vm KVM_ARM_VCPU_INIT features=0x%x", init.features[0]);
	R(kiop(vcpu, KVM_ARM_VCPU_INIT, &init));
	emit();
	L("debug.vm mmap kvm_run");
	run = RMAP(kmmap((size_t)mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0));
	emit();
	if (run != MAP_FAILED) {
		sec_brk(vcpu, run);
		sec_step(vcpu, run);
		sec_hwbp(vcpu, run);
		sec_wp(vcpu, run);
		munmap(run, (size_t)mmap_size);
	}
	close_fd("debug.vm", vcpu);
	close_fd("debug.vm", vm);
}
