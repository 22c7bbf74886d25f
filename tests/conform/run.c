/*
 * run.c - conformance section for KVM_RUN: guest code that exits to the
 * VMM (MMIO of every size and sign, READONLY slots, accesses without a
 * valid syndrome), PSCI and SMCCC calls over HVC, system events, blocking
 * (WFI, CPU_OFF, stopped vCPUs), what interrupts KVM_RUN (immediate_exit,
 * signals, KVM_SET_SIGNAL_MASK), and when the guest takes the external
 * abort and the SError KVM_SET_VCPU_EVENTS injects (run.ev.*).
 *
 * The guest runs with its MMU off, so guest-physical addresses are the
 * addresses it uses.  Every program sits at its own place in guest RAM and
 * ends with a "report" store to REPORT, whose MMIO exit shows a register;
 * guest exceptions land in a vector table whose every entry stores
 * ESR_EL1 to EXC.  Code is written to guest memory once, before the first
 * KVM_RUN, and never changed.
 */
#include "conform.h"

#include <pthread.h>
#include <stddef.h>
#include <unistd.h>

#define RAM_GPA		0x40000000ULL	/* slot 0: code, vectors */
#define RAM_SIZE	0x10000ULL
#define RO_GPA		0x40010000ULL	/* slot 1: READONLY */
#define MMIO		0x40020000ULL	/* in no slot */
#define REPORT		0x40021000ULL	/* the programs' last store */
#define EXC		0x40022000ULL	/* the vectors' store of ESR_EL1 */
#define VBAR		(RAM_GPA + 0x8000)
#define PROG_SPACING	0x40

#define CORE(off)	(0x6030000000100000ULL | (off))
#define XREG(n)		CORE(2 * (n))
#define PC_REG		CORE(0x40)
#define PSTATE_REG	CORE(0x42)
#define VREG0		0x6040000000100054ULL
#define VBAR_EL1_REG	0x603000000013c600ULL
#define TPIDR_EL1_REG	0x603000000013c684ULL
#define TPIDRRO_EL0_REG	0x603000000013de83ULL
#define SCTLR_EL1_REG	0x603000000013c080ULL
#define TTBR0_EL1_REG	0x603000000013c100ULL
#define TCR_EL1_REG	0x603000000013c102ULL
#define MAIR_EL1_REG	0x603000000013c510ULL
#define SP_EL0_REG	CORE(0x3e)
#define SP_EL1_REG	CORE(0x44)
#define PSCI_VERSION_REG 0x6030000000140000ULL
#define CPACR_EL1_REG	0x603000000013c082ULL
#define CPACR_FPEN	(3ULL << 20)	/* FP/SIMD without traps */

#define IOCTL_SET_SIGNAL_MASK	_IOW(KVMIO, 0x8b, struct kvm_signal_mask)

/* Function ids (SMCCC, PSCI; KVM's PSCI 0.1 ids). */
#define FN_PSCI_VERSION		0x84000000ULL
#define FN_CPU_SUSPEND64	0xc4000001ULL
#define FN_CPU_OFF		0x84000002ULL
#define FN_CPU_ON		0x84000003ULL
#define FN_CPU_ON64		0xc4000003ULL
#define FN_AFFINITY_INFO	0x84000004ULL
#define FN_AFFINITY_INFO64	0xc4000004ULL
#define FN_MIGRATE		0x84000005ULL
#define FN_MIGRATE_INFO_TYPE	0x84000006ULL
#define FN_MIGRATE_INFO_UP_CPU	0x84000007ULL
#define FN_SYSTEM_OFF		0x84000008ULL
#define FN_SYSTEM_RESET		0x84000009ULL
#define FN_PSCI_FEATURES	0x8400000aULL
#define FN_SYSTEM_SUSPEND64	0xc400000eULL
#define FN_SYSTEM_RESET2_64	0xc4000012ULL
#define FN_SMCCC_VERSION	0x80000000ULL
#define FN_SMCCC_ARCH_FEATURES	0x80000001ULL
#define FN_WORKAROUND_1		0x80008000ULL
#define FN_WORKAROUND_2		0x80007fffULL
#define FN_WORKAROUND_3		0x80003fffULL
#define FN_PV_TIME_FEATURES	0xc5000020ULL
#define FN_VENDOR_KVM_FEATURES	0x86000000ULL
#define FN_VENDOR_UID		0x8600ff01ULL
#define FN_TRNG_VERSION		0x84000050ULL
#define FN_TRNG_FEATURES	0x84000051ULL
#define FN_TRNG_GET_UUID	0x84000052ULL
#define FN_TRNG_RND64		0xc4000053ULL
#define FN_KVM_PSCI_0_1_CPU_OFF	0x95c1ba5fULL
#define FN_KVM_PSCI_0_1_CPU_ON	0x95c1ba60ULL

/*
 * The guest programs, one per PROG_SPACING bytes of guest RAM: the
 * instruction under test, then the report store.  Registers the harness
 * sets: x1 MMIO, x2 the value stored, x3 0xdeadbeefdeadbeef (the value a
 * load replaces), x4 0x10, x5 RO_GPA, x21 REPORT.
 */
enum {
	P_STRB, P_STRH, P_STRW, P_STRX, P_STRX_IMM, P_STRW_REG, P_STRX_ZR, P_STLR,
	P_LDRB, P_LDRH, P_LDRW, P_LDRX, P_LDRSB_W, P_LDRSB_X, P_LDRSH_W, P_LDRSH_X,
	P_LDRSW, P_LDRX_IMM, P_LDRB_REG, P_LDRX_PAGE, P_LDUR, P_LDAR, P_LDR_XZR,
	P_LDR_LIT, P_RO_READ, P_RO_WRITE, P_RO_STRB, P_LDP, P_STP, P_STR_PRE,
	P_LDR_POST, P_STR_SIMD, P_LDXR, P_MARK, P_HVC, P_HVC1, P_SMC, P_WFI,
	P_LOOP, P_ENTRY, P_UDF, P_LDTR, P_SYSREG, P_FPREAD, P_SP, P_MMU_LDR, P_MMU_STR,
	P_DAIFCLR,
	NR_PROGS
};

static const uint32_t progs[NR_PROGS][4] = {
	[P_STRB] = { 0x39000022,	/* strb w2, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_STRH] = { 0x79000022,	/* strh w2, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_STRW] = { 0xb9000022,	/* str w2, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_STRX] = { 0xf9000022,	/* str x2, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_STRX_IMM] = { 0xf9000422,	/* str x2, [x1, #8] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_STRW_REG] = { 0xb8246822,	/* str w2, [x1, x4] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_STRX_ZR] = { 0xf900003f,	/* str xzr, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_STLR] = { 0xc89ffc22,	/* stlr x2, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDRB] = { 0x39400023,	/* ldrb w3, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDRH] = { 0x79400023,	/* ldrh w3, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDRW] = { 0xb9400023,	/* ldr w3, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDRX] = { 0xf9400023,	/* ldr x3, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDRSB_W] = { 0x39c00023,	/* ldrsb w3, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDRSB_X] = { 0x39800023,	/* ldrsb x3, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDRSH_W] = { 0x79c00023,	/* ldrsh w3, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDRSH_X] = { 0x79800023,	/* ldrsh x3, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDRSW] = { 0xb9800023,	/* ldrsw x3, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDRX_IMM] = { 0xf9400823,	/* ldr x3, [x1, #16] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDRB_REG] = { 0x38646823,	/* ldrb w3, [x1, x4] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDRX_PAGE] = { 0xf9480423,	/* ldr x3, [x1, #4104] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDUR] = { 0xf85f8023,	/* ldur x3, [x1, #-8] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDAR] = { 0x88dffc23,	/* ldar w3, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDR_XZR] = { 0xf940003f,	/* ldr xzr, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	/* ldr x3, MMIO (literal): imm19 filled in by load_code() */
	[P_LDR_LIT] = { 0x58000003,	/* ldr x3, <MMIO> */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_RO_READ] = { 0xf94000a3,	/* ldr x3, [x5] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_RO_WRITE] = { 0xf90000a2,	/* str x2, [x5] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_RO_STRB] = { 0x390004a2,	/* strb w2, [x5, #1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDP] = { 0xa9401023,	/* ldp x3, x4, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_STP] = { 0x29000822,	/* stp w2, w2, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_STR_PRE] = { 0xf8008c22,	/* str x2, [x1, #8]! */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDR_POST] = { 0xf8408423,	/* ldr x3, [x1], #8 */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_STR_SIMD] = { 0xfd000020,	/* str d0, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDXR] = { 0xc85f7c23,	/* ldxr x3, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_MARK] = { 0xd2955543,	/* mov x3, #0xaaaa */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_HVC] = { 0xd4000002,	/* hvc #0 */ 0xf90002a0,	/* str x0, [x21] */ },
	[P_HVC1] = { 0xd4000022,	/* hvc #1 */ 0xf90002a0,	/* str x0, [x21] */ },
	[P_SMC] = { 0xd4000003,	/* smc #0 */ 0xf90002a0,	/* str x0, [x21] */ },
	[P_WFI] = { 0xd503207f,	/* wfi */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LOOP] = { 0x14000000,	/* b . */ },
	/* CPU_ON's entry point: a reset vCPU has x21 = 0, so set it first. */
	[P_ENTRY] = { 0xd2a80055,	/* mov x21, #0x40020000 */ 0xf2820015,	/* movk x21, #0x1000 */
		      0xf90002a0,	/* str x0, [x21] */ },
	[P_UDF] = { 0x00000000,	/* udf #0 */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_LDTR] = { 0xf8400823,	/* ldtr x3, [x1] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_SYSREG] = { 0xd518d082,	/* msr tpidr_el1, x2 */ 0xd53bd063,	/* mrs x3, tpidrro_el0 */
		       0x9e670042,	/* fmov d2, x2 */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_FPREAD] = { 0x9e660023,	/* fmov x3, d1 */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_SP] = { 0x910003e3,	/* mov x3, sp */ 0xf90002a3,	/* str x3, [x21] */ },
	/* With the MMU on, x6 = MMU_VA: a virtual address of MMIO. */
	[P_MMU_LDR] = { 0xf94000c3,	/* ldr x3, [x6] */ 0xf90002a3,	/* str x3, [x21] */ },
	[P_MMU_STR] = { 0xf90004c2,	/* str x2, [x6, #8] */ 0xf90002a3,	/* str x3, [x21] */ },
	/* Unmasks SError (PSTATE.A): a pending one is taken before the report. */
	[P_DAIFCLR] = { 0xd50344ff,	/* msr daifclr, #4 */ 0xf90002a3,	/* str x3, [x21] */ },
};

/* Every one of the 16 vector entries: report ESR_EL1 to EXC. */
static const uint32_t vector_entry[] = {
	0xd2a80056,	/* mov x22, #0x40020000 */
	0xf2840016,	/* movk x22, #0x2000 */
	0xd5385209,	/* mrs x9, esr_el1 */
	0xf90002c9,	/* str x9, [x22] */
};

static uint8_t *ram;	/* RAM_SIZE bytes behind slot 0 */
static uint8_t *rom;	/* one page behind the READONLY slot 1 */

static ull prog_addr(int p)
{
	return RAM_GPA + (ull)p * PROG_SPACING;
}

static void load_code(void)
{
	uint32_t *w = (uint32_t *)ram;
	long long off = (long long)(MMIO - prog_addr(P_LDR_LIT)) / 4;

	for (int p = 0; p < NR_PROGS; p++)
		memcpy(&w[p * PROG_SPACING / 4], progs[p], sizeof(progs[p]));
	w[P_LDR_LIT * PROG_SPACING / 4] |= (uint32_t)(off & 0x7ffff) << 5;
	for (int e = 0; e < 16; e++)
		memcpy(ram + (VBAR - RAM_GPA) + e * 0x80, vector_entry, sizeof(vector_entry));
	for (int i = 0; i < 8; i++)
		rom[i] = (uint8_t)(0x10 * i + 0x0f);
}

/* The registers every program may use. */
static void setup_regs(const char *where, int vcpu, struct kvm_run *run, int prog)
{
	/* Forget the last exit, so that no pending MMIO moves the new PC. */
	run->exit_reason = KVM_EXIT_UNKNOWN;
	setr(where, vcpu, XREG(1), MMIO);
	setr(where, vcpu, XREG(2), 0x8877665544332211ULL);
	setr(where, vcpu, XREG(3), 0xdeadbeefdeadbeefULL);
	setr(where, vcpu, XREG(4), 0x10);
	setr(where, vcpu, XREG(5), RO_GPA);
	setr(where, vcpu, XREG(21), REPORT);
	setr(where, vcpu, VBAR_EL1_REG, VBAR);
	setr(where, vcpu, CPACR_EL1_REG, CPACR_FPEN);
	setr(where, vcpu, PC_REG, prog_addr(prog));
}

static void Lregs(int vcpu, int n)
{
	for (int i = 0; i < n; i++)
		L(" x%d=0x%llx", i, getr(vcpu, XREG(i)));
}

/* ------------------------------------------------------------------------ */
/* KVM_RUN and what it says.                                                 */

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

static const char *exit_name(uint32_t r)
{
	static char sb[16];

	switch (r) {
	case KVM_EXIT_UNKNOWN: return "UNKNOWN";
	case KVM_EXIT_MMIO: return "MMIO";
	case KVM_EXIT_INTR: return "INTR";
	case KVM_EXIT_INTERNAL_ERROR: return "INTERNAL_ERROR";
	case KVM_EXIT_SYSTEM_EVENT: return "SYSTEM_EVENT";
	case KVM_EXIT_ARM_NISV: return "ARM_NISV";
	case KVM_EXIT_FAIL_ENTRY: return "FAIL_ENTRY";
	}
	snprintf(sb, sizeof(sb), "%u", r);
	return sb;
}

static void Lexit(const struct kvm_run *run)
{
	L(" exit=%s", exit_name(run->exit_reason));
	if (run->flags)
		L(" flags=0x%x", run->flags);
	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		L(" phys=0x%llx len=%u write=%u data=", (ull)run->mmio.phys_addr,
		  run->mmio.len, run->mmio.is_write);
		for (int i = 0; i < 8; i++)
			L("%02x", run->mmio.data[i]);
		break;
	case KVM_EXIT_ARM_NISV:
		L(" esr_iss=0x%llx fault_ipa=0x%llx", (ull)run->arm_nisv.esr_iss,
		  (ull)run->arm_nisv.fault_ipa);
		break;
	case KVM_EXIT_SYSTEM_EVENT:
		L(" type=%u ndata=%u", run->system_event.type, run->system_event.ndata);
		for (unsigned int i = 0; i < run->system_event.ndata && i < 16; i++)
			L(" data[%u]=0x%llx", i, (ull)run->system_event.data[i]);
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		L(" suberror=%u", run->internal.suberror);
		break;
	}
}

/*
 * One KVM_RUN: its result, the exit and the PC after it.  @block_ms > 0:
 * the call is expected to block; a timer signal ends it after that long.
 * Otherwise a 3 s timer guards against a run that never comes back.
 */
static int supplied;	/* the next run completes a read: keep its data */

static long run_ms(const char *where, int vcpu, struct kvm_run *run, long block_ms)
{
	long r;

	/* A stale pattern, to show which bytes an exit writes. */
	if (!supplied)
		memset(run->mmio.data, 0xee, sizeof(run->mmio.data));
	supplied = 0;
	arm_alarm(block_ms > 0 ? block_ms : 3000);
	r = kio(vcpu, KVM_RUN, 0);
	disarm_alarm();
	L("%s KVM_RUN", where);
	R(r);
	Lexit(run);
	L(" pc=0x%llx", getr(vcpu, PC_REG));
	emit();
	return r;
}

static long run1(const char *where, int vcpu, struct kvm_run *run)
{
	return run_ms(where, vcpu, run, 0);
}

/*
 * A run expected to sleep until the timer signal of @ms: the run line
 * (@what@run_label), then "@what.alarm N" left open for more.
 */
static void run_blocking(const char *what, const char *run_label, int vcpu,
			 struct kvm_run *run, long ms)
{
	char w[80];

	snprintf(w, sizeof(w), "%s%s", what, run_label);
	run_ms(w, vcpu, run, ms);
	L("%s.alarm %d", what, (int)got_alarm);
}

/* Supplies a read's data in the kvm_run page, little-endian. */
static void supply(struct kvm_run *run, ull data)
{
	memcpy(run->mmio.data, &data, sizeof(data));
	supplied = 1;
}

static struct kvm_run *map_run(const char *where, int vcpu)
{
	L("%s mmap kvm_run", where);
	void *p = RMAP(kmmap((size_t)mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0));
	emit();
	return p == MAP_FAILED ? NULL : p;
}

static int init_vcpu(const char *where, int vcpu, uint32_t f0)
{
	struct kvm_vcpu_init init;

	memset(&init, 0, sizeof(init));
	init.target = KVM_ARM_TARGET_GENERIC_V8;
	init.features[0] = f0;
	L("%s KVM_ARM_VCPU_INIT features=0x%x", where, f0);
	long r = R(kiop(vcpu, KVM_ARM_VCPU_INIT, &init));
	emit();
	return (int)r;
}

static long set_mp_state(const char *where, int vcpu, uint32_t st)
{
	struct kvm_mp_state mp = { .mp_state = st };

	L("%s KVM_SET_MP_STATE mp_state=%u", where, st);
	long r = R(kiop(vcpu, KVM_SET_MP_STATE, &mp));
	emit();
	return r;
}

/* A VM with RAM and the READONLY page, code loaded. */
static int make_vm(const char *where)
{
	char w[64];
	int vm = create_vm(where, 0);

	if (vm < 0)
		return vm;
	snprintf(w, sizeof(w), "%s.ram", where);
	setmem(w, vm, 0, 0, RAM_GPA, RAM_SIZE, (ull)(uintptr_t)ram);
	snprintf(w, sizeof(w), "%s.rom", where);
	setmem(w, vm, 1, KVM_MEM_READONLY, RO_GPA, PAGE, (ull)(uintptr_t)rom);
	return vm;
}

/* ------------------------------------------------------------------------ */
/* MMIO.                                                                     */

/*
 * One access: run to its exit; for a read supply @data; run again to the
 * report store, which shows x3.
 */
static void mmio_case(const char *name, int vcpu, struct kvm_run *run, int prog, ull data)
{
	char w[64];

	setup_regs(name, vcpu, run, prog);
	snprintf(w, sizeof(w), "run.mmio.%s", name);
	if (run1(w, vcpu, run) == 0 && run->exit_reason == KVM_EXIT_MMIO && !run->mmio.is_write)
		supply(run, data);
	snprintf(w, sizeof(w), "run.mmio.%s.next", name);
	run1(w, vcpu, run);
}

static void sec_mmio(int vcpu, struct kvm_run *run)
{
	static const struct { const char *name; int prog; ull data; } cases[] = {
		{ "strb", P_STRB, 0 }, { "strh", P_STRH, 0 }, { "str-w", P_STRW, 0 },
		{ "str-x", P_STRX, 0 }, { "str-x-imm", P_STRX_IMM, 0 },
		{ "str-w-reg", P_STRW_REG, 0 }, { "str-xzr", P_STRX_ZR, 0 },
		{ "stlr", P_STLR, 0 },
		{ "ldrb", P_LDRB, 0xf7e6d5c4b3a29180ULL },
		{ "ldrh", P_LDRH, 0xf7e6d5c4b3a29180ULL },
		{ "ldr-w", P_LDRW, 0xf7e6d5c4b3a29180ULL },
		{ "ldr-x", P_LDRX, 0xf7e6d5c4b3a29180ULL },
		{ "ldrsb-w", P_LDRSB_W, 0xf7e6d5c4b3a29180ULL },
		{ "ldrsb-x", P_LDRSB_X, 0xf7e6d5c4b3a29180ULL },
		{ "ldrsb-x-positive", P_LDRSB_X, 0xf7e6d5c4b3a2917fULL },
		{ "ldrsh-w", P_LDRSH_W, 0xf7e6d5c4b3a29180ULL },
		{ "ldrsh-x", P_LDRSH_X, 0xf7e6d5c4b3a29180ULL },
		{ "ldrsh-x-positive", P_LDRSH_X, 0xf7e6d5c4b3a27180ULL },
		{ "ldrsw", P_LDRSW, 0xf7e6d5c4b3a29180ULL },
		{ "ldrsw-positive", P_LDRSW, 0xf7e6d5c473a29180ULL },
		{ "ldr-x-imm", P_LDRX_IMM, 0x0102030405060708ULL },
		{ "ldrb-reg", P_LDRB_REG, 0x0102030405060708ULL },
		{ "ldr-x-next-page", P_LDRX_PAGE, 0x0102030405060708ULL },
		{ "ldur", P_LDUR, 0x0102030405060708ULL },
		{ "ldar", P_LDAR, 0xf7e6d5c4b3a29180ULL },
		{ "ldr-xzr", P_LDR_XZR, 0xf7e6d5c4b3a29180ULL },
		{ "ldr-literal", P_LDR_LIT, 0xf7e6d5c4b3a29180ULL },
		{ "ldtr", P_LDTR, 0xf7e6d5c4b3a29180ULL },
		{ "readonly-read", P_RO_READ, 0 },
		{ "readonly-str-x", P_RO_WRITE, 0 },
		{ "readonly-strb", P_RO_STRB, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		mmio_case(cases[i].name, vcpu, run, cases[i].prog, cases[i].data);
	L("run.mmio.readonly-page first-bytes=%02x%02x%02x", rom[0], rom[1], rom[2]);
	emit();
}

/* Registers set through ONE_REG reach the guest, and what it writes comes back. */
static void sec_regs(int vcpu, struct kvm_run *run)
{
	uint64_t v[2] = { 0x0123456789abcdefULL, 0xfedcba9876543210ULL }, got[2] = { 0, 0 };
	struct kvm_one_reg r = { .id = VREG0 + 8, .addr = (ull)(uintptr_t)got };

	setup_regs("run.regs", vcpu, run, P_SYSREG);
	setr("run.regs", vcpu, TPIDRRO_EL0_REG, 0x1234567890abcdefULL);
	run1("run.regs.sysreg", vcpu, run);
	L("run.regs.sysreg tpidr_el1=0x%llx", getr(vcpu, TPIDR_EL1_REG));
	R(kiop(vcpu, KVM_GET_ONE_REG, &r));
	L(" v2=0x%016llx%016llx", (ull)got[1], (ull)got[0]);
	emit();

	setup_regs("run.regs", vcpu, run, P_FPREAD);
	r.id = VREG0 + 4;
	r.addr = (ull)(uintptr_t)v;
	kiop(vcpu, KVM_SET_ONE_REG, &r);
	run1("run.regs.fp-read", vcpu, run);

	setup_regs("run.regs", vcpu, run, P_SP);
	setr("run.regs", vcpu, SP_EL0_REG, 0x1111);
	setr("run.regs", vcpu, SP_EL1_REG, 0x40008800);
	run1("run.regs.sp-el1h", vcpu, run);
	setup_regs("run.regs", vcpu, run, P_SP);
	setr("run.regs", vcpu, PSTATE_REG, 0x3c4);
	run1("run.regs.sp-el1t", vcpu, run);
	L("run.regs.sp-el1t sp_el0=0x%llx sp_el1=0x%llx pstate=0x%llx", getr(vcpu, SP_EL0_REG),
	  getr(vcpu, SP_EL1_REG), getr(vcpu, PSTATE_REG));
	emit();
	setr("run.regs", vcpu, PSTATE_REG, 0x3c5);
}

/*
 * Stage 1 on: 4K granule, 39-bit VAs (T0SZ 25, TTBR1 walks off), one
 * level-1 table of 1 GiB blocks.  RAM is mapped at its own address
 * (Normal non-cacheable), and again at MMU_VA's block as Device memory,
 * so an MMIO access through MMU_VA must exit with the IPA, not the VA.
 */
#define PT_GPA		(RAM_GPA + 0xa000)
#define MMU_VA		0xc0020000ULL
#define TCR_MMU		(25ULL | (1ULL << 23) | (2ULL << 30))	/* T0SZ, EPD1, TG1 4K */
#define MAIR_MMU	0x0044ULL	/* attr0 Normal NC, attr1 Device-nGnRnE */
#define BLOCK(ipa, attr) ((ipa) | (1ULL << 10) | ((attr) << 2) | 1)	/* AF, AttrIndx, block */

static void sec_mmu(int vcpu, struct kvm_run *run)
{
	uint64_t *l1 = (uint64_t *)(ram + (PT_GPA - RAM_GPA)), sctlr;

	memset(l1, 0, PAGE);
	l1[RAM_GPA >> 30] = BLOCK(RAM_GPA & ~((1ULL << 30) - 1), 0ULL);
	l1[MMU_VA >> 30] = BLOCK(RAM_GPA & ~((1ULL << 30) - 1), 1ULL);
	sctlr = getr(vcpu, SCTLR_EL1_REG);
	setup_regs("run.mmu", vcpu, run, P_MMU_LDR);
	setr("run.mmu", vcpu, XREG(6), MMU_VA);
	setr("run.mmu", vcpu, MAIR_EL1_REG, MAIR_MMU);
	setr("run.mmu", vcpu, TCR_EL1_REG, TCR_MMU);
	setr("run.mmu", vcpu, TTBR0_EL1_REG, PT_GPA);
	setr("run.mmu", vcpu, SCTLR_EL1_REG, sctlr | 1);
	if (run1("run.mmu.ldr", vcpu, run) == 0 && run->exit_reason == KVM_EXIT_MMIO)
		supply(run, 0x0102030405060708ULL);
	run1("run.mmu.ldr.next", vcpu, run);
	setup_regs("run.mmu", vcpu, run, P_MMU_STR);
	run1("run.mmu.str", vcpu, run);
	L("run.mmu.regs sctlr=0x%llx tcr=0x%llx", getr(vcpu, SCTLR_EL1_REG), getr(vcpu, TCR_EL1_REG));
	emit();
	setr("run.mmu", vcpu, SCTLR_EL1_REG, sctlr);
}

/* Completion of a pending read: when, and what a changed PC or exit_reason does. */
static void sec_pending(int vcpu, struct kvm_run *run)
{
	/* The VMM moves the PC while the read is pending: the next RUN skips one insn. */
	setup_regs("run.pending", vcpu, run, P_LDRX);
	run1("run.pending.pc-skip", vcpu, run);
	supply(run, 0x1122334455667788ULL);
	setr("run.pending", vcpu, PC_REG, prog_addr(P_MARK));
	run1("run.pending.pc-skip.next", vcpu, run);

	/* immediate_exit still completes the read (x3, PC) and then says EINTR. */
	setup_regs("run.pending", vcpu, run, P_LDRX);
	run1("run.pending.immediate-exit", vcpu, run);
	supply(run, 0x1122334455667788ULL);
	run->immediate_exit = 1;
	run1("run.pending.immediate-exit.run", vcpu, run);
	L("run.pending.immediate-exit.regs");
	Lregs(vcpu, 0);
	L(" x3=0x%llx", getr(vcpu, XREG(3)));
	emit();
	run1("run.pending.immediate-exit.again", vcpu, run);
	run->immediate_exit = 0;
	run1("run.pending.immediate-exit.next", vcpu, run);

	/* The VMM overwrites exit_reason: nothing is completed, the load runs again. */
	setup_regs("run.pending", vcpu, run, P_LDRX);
	run1("run.pending.exit-reason-cleared", vcpu, run);
	supply(run, 0x1122334455667788ULL);
	run->exit_reason = KVM_EXIT_UNKNOWN;
	run1("run.pending.exit-reason-cleared.next", vcpu, run);
	supply(run, 0x99aabbccddeeff00ULL);
	run1("run.pending.exit-reason-cleared.next2", vcpu, run);

	/* A write's completion: only the PC. */
	setup_regs("run.pending", vcpu, run, P_STRX);
	run1("run.pending.write", vcpu, run);
	setr("run.pending", vcpu, PC_REG, prog_addr(P_MARK));
	run1("run.pending.write.pc-skip", vcpu, run);
}

/* Accesses without a valid syndrome, before and after KVM_CAP_ARM_NISV_TO_USER. */
static void sec_nisv(int vm, int vcpu, struct kvm_run *run)
{
	static const struct { const char *name; int prog; } cases[] = {
		{ "ldp", P_LDP }, { "stp", P_STP }, { "str-pre-index", P_STR_PRE },
		{ "ldr-post-index", P_LDR_POST }, { "str-simd", P_STR_SIMD },
		{ "ldxr", P_LDXR },
	};
	char w[64];

	for (int on = 0; on < 2; on++) {
		if (on)
			enable_cap("run.nisv", vm, CAP_ARM_NISV_TO_USER, 0, 0, 0);
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			setup_regs("run.nisv", vcpu, run, cases[i].prog);
			snprintf(w, sizeof(w), "run.nisv.%s.%s", on ? "on" : "off", cases[i].name);
			run1(w, vcpu, run);
			L("%s.regs x1=0x%llx x3=0x%llx", w, getr(vcpu, XREG(1)), getr(vcpu, XREG(3)));
			emit();
		}
	}
}

/* ------------------------------------------------------------------------ */
/* PSCI and SMCCC.                                                           */

/* One call from @vcpu: x0..x3 in, the report exit, x0..x3 out. */
static void call(const char *name, int vcpu, struct kvm_run *run, int prog,
		 ull fn, ull a1, ull a2, ull a3)
{
	char w[80];

	setup_regs(name, vcpu, run, prog);
	setr(name, vcpu, XREG(0), fn);
	setr(name, vcpu, XREG(1), a1);
	setr(name, vcpu, XREG(2), a2);
	setr(name, vcpu, XREG(3), a3);
	snprintf(w, sizeof(w), "run.%s fn=0x%llx args=0x%llx,0x%llx,0x%llx", name, fn, a1, a2, a3);
	run1(w, vcpu, run);
	L("run.%s.regs", name);
	Lregs(vcpu, 4);
	emit();
}

static void hvc(const char *name, int vcpu, struct kvm_run *run, ull fn, ull a1, ull a2, ull a3)
{
	call(name, vcpu, run, P_HVC, fn, a1, a2, a3);
}

static void sec_psci(int vcpu0, struct kvm_run *run0, int vcpu1, struct kvm_run *run1p)
{
	static const ull features[] = {
		FN_PSCI_VERSION, FN_CPU_SUSPEND64, FN_CPU_OFF, FN_CPU_ON, FN_CPU_ON64,
		FN_AFFINITY_INFO64, FN_MIGRATE, FN_MIGRATE_INFO_TYPE, FN_SYSTEM_OFF,
		FN_SYSTEM_RESET, FN_PSCI_FEATURES, FN_SYSTEM_SUSPEND64,
		FN_SYSTEM_RESET2_64, FN_SMCCC_VERSION, FN_SMCCC_ARCH_FEATURES,
		0x84000020ULL,
	};
	static const ull arch_features[] = {
		FN_WORKAROUND_1, FN_WORKAROUND_2, FN_WORKAROUND_3, FN_PV_TIME_FEATURES,
		FN_SMCCC_VERSION, FN_PSCI_VERSION, 0x80001234ULL,
	};
	char w[64];

	get_mp_state("run.psci.vcpu0", vcpu0);
	get_mp_state("run.psci.vcpu1", vcpu1);
	hvc("psci.version", vcpu0, run0, FN_PSCI_VERSION, 0, 0, 0);
	hvc("psci.version.args-cleared", vcpu0, run0, FN_PSCI_VERSION, 0x1111, 0x2222, 0x3333);
	call("psci.version.hvc1", vcpu0, run0, P_HVC1, FN_PSCI_VERSION, 0, 0, 0);
	call("psci.version.smc", vcpu0, run0, P_SMC, FN_PSCI_VERSION, 0, 0, 0);
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		snprintf(w, sizeof(w), "psci.features.%zu", i);
		hvc(w, vcpu0, run0, FN_PSCI_FEATURES, features[i], 0, 0);
	}
	hvc("psci.migrate-info-type", vcpu0, run0, FN_MIGRATE_INFO_TYPE, 0, 0, 0);
	hvc("psci.migrate", vcpu0, run0, FN_MIGRATE, 0, 0, 0);
	hvc("psci.migrate-info-up-cpu", vcpu0, run0, FN_MIGRATE_INFO_UP_CPU, 0, 0, 0);
	hvc("psci.unknown-psci", vcpu0, run0, 0x84000020ULL, 0, 0, 0);
	hvc("psci.unknown-sip", vcpu0, run0, 0xc2000000ULL, 0, 0, 0);
	hvc("psci.unknown-oem", vcpu0, run0, 0x83000000ULL, 0, 0, 0);
	hvc("psci.smccc-version", vcpu0, run0, FN_SMCCC_VERSION, 0, 0, 0);
	for (size_t i = 0; i < sizeof(arch_features) / sizeof(arch_features[0]); i++) {
		snprintf(w, sizeof(w), "psci.arch-features.%zu", i);
		hvc(w, vcpu0, run0, FN_SMCCC_ARCH_FEATURES, arch_features[i], 0, 0);
	}
	hvc("psci.vendor-uid", vcpu0, run0, FN_VENDOR_UID, 0, 0, 0);
	hvc("psci.vendor-features", vcpu0, run0, FN_VENDOR_KVM_FEATURES, 0, 0, 0);
	hvc("psci.trng-version", vcpu0, run0, FN_TRNG_VERSION, 0, 0, 0);
	hvc("psci.trng-features.rnd64", vcpu0, run0, FN_TRNG_FEATURES, FN_TRNG_RND64, 0, 0);
	hvc("psci.trng-features.unknown", vcpu0, run0, FN_TRNG_FEATURES, 0x84000054ULL, 0, 0);
	hvc("psci.trng-uuid", vcpu0, run0, FN_TRNG_GET_UUID, 0, 0, 0);

	hvc("psci.affinity.self", vcpu0, run0, FN_AFFINITY_INFO64, 0, 0, 0);
	hvc("psci.affinity.off", vcpu0, run0, FN_AFFINITY_INFO64, 1, 0, 0);
	hvc("psci.affinity.absent", vcpu0, run0, FN_AFFINITY_INFO64, 5, 0, 0);
	hvc("psci.affinity.level1", vcpu0, run0, FN_AFFINITY_INFO64, 0x100, 1, 0);
	hvc("psci.affinity.level4", vcpu0, run0, FN_AFFINITY_INFO64, 0, 4, 0);
	hvc("psci.affinity.bad-bits", vcpu0, run0, FN_AFFINITY_INFO64, 0x80000000ULL, 0, 0);
	hvc("psci.affinity.32-narrowed", vcpu0, run0, FN_AFFINITY_INFO,
	    0xffffffff00000001ULL, 0, 0);

	hvc("psci.cpu-on.absent", vcpu0, run0, FN_CPU_ON64, 5, prog_addr(P_ENTRY), 0xc0ffee);
	hvc("psci.cpu-on.bad-bits", vcpu0, run0, FN_CPU_ON64, 0x80000001ULL, prog_addr(P_ENTRY), 0);
	L("run.psci.vcpu1.before pc=0x%llx x0=0x%llx", getr(vcpu1, PC_REG), getr(vcpu1, XREG(0)));
	emit();
	setr("run.psci.vcpu1", vcpu1, XREG(0), 0x5555);
	hvc("psci.cpu-on", vcpu0, run0, FN_CPU_ON64, 1, prog_addr(P_ENTRY), 0xfeedc0ffee);
	get_mp_state("run.psci.cpu-on.vcpu1", vcpu1);
	L("run.psci.cpu-on.vcpu1.before-run pc=0x%llx x0=0x%llx pstate=0x%llx",
	  getr(vcpu1, PC_REG), getr(vcpu1, XREG(0)), getr(vcpu1, PSTATE_REG));
	emit();
	hvc("psci.cpu-on.again", vcpu0, run0, FN_CPU_ON64, 1, prog_addr(P_ENTRY), 0);
	hvc("psci.cpu-on.self", vcpu0, run0, FN_CPU_ON64, 0, prog_addr(P_ENTRY), 0);
	hvc("psci.affinity.on", vcpu0, run0, FN_AFFINITY_INFO64, 1, 0, 0);
	run1("run.psci.cpu-on.vcpu1.run", vcpu1, run1p);
	L("run.psci.cpu-on.vcpu1.after-run pc=0x%llx x0=0x%llx pstate=0x%llx x21=0x%llx",
	  getr(vcpu1, PC_REG), getr(vcpu1, XREG(0)), getr(vcpu1, PSTATE_REG), getr(vcpu1, XREG(21)));
	emit();

	/* vCPU 1 turns itself off: its KVM_RUN sleeps until a signal. */
	setup_regs("run.psci.cpu-off", vcpu1, run1p, P_HVC);
	setr("run.psci.cpu-off", vcpu1, XREG(0), FN_CPU_OFF);
	run_blocking("run.psci.cpu-off", ".run", vcpu1, run1p, 300);
	emit();
	get_mp_state("run.psci.cpu-off.vcpu1", vcpu1);
	L("run.psci.cpu-off.regs");
	Lregs(vcpu1, 4);
	emit();
	hvc("psci.affinity.after-off", vcpu0, run0, FN_AFFINITY_INFO64, 1, 0, 0);
	hvc("psci.cpu-on.after-off", vcpu0, run0, FN_CPU_ON64, 1, prog_addr(P_ENTRY), 0x77);
	run1("run.psci.cpu-on.after-off.vcpu1", vcpu1, run1p);
	get_mp_state("run.psci.cpu-on.after-off.vcpu1", vcpu1);

	/* CPU_SUSPEND is a WFI: it sleeps until a signal, then returns SUCCESS. */
	setup_regs("run.psci.cpu-suspend", vcpu0, run0, P_HVC);
	setr("run.psci.cpu-suspend", vcpu0, XREG(0), FN_CPU_SUSPEND64);
	run_blocking("run.psci.cpu-suspend", ".run", vcpu0, run0, 300);
	Lregs(vcpu0, 1);
	emit();
	get_mp_state("run.psci.cpu-suspend.vcpu0", vcpu0);
	run1("run.psci.cpu-suspend.next", vcpu0, run0);
}

/* ------------------------------------------------------------------------ */
/* Blocking and interruption.                                                */

static long set_sigmask(const char *where, int vcpu, uint32_t len, const sigset_t *set)
{
	/* len, then the sigset: bytes (clang refuses a struct ending in one with a flexible array). */
	_Alignas(struct kvm_signal_mask) uint8_t a[sizeof(struct kvm_signal_mask) + 8];
	long r;

	memset(a, 0, sizeof(a));
	memcpy(a + offsetof(struct kvm_signal_mask, len), &len, sizeof(len));
	if (set)
		memcpy(a + offsetof(struct kvm_signal_mask, sigset), set, 8);
	L("%s KVM_SET_SIGNAL_MASK len=%u", where, len);
	if (set)
		L(" usr1=%d", sigismember(set, SIGUSR1));
	else
		L(" NULL");
	r = R(kiop(vcpu, IOCTL_SET_SIGNAL_MASK, set ? (const void *)a : NULL));
	emit();
	return r;
}

/* KVM_RUN in a thread of its own: the result and errno. */
struct runner {
	int vcpu;
	long r;
	int err;
};

static void *run_thread(void *p)
{
	struct runner *t = p;

	errno = 0;
	t->r = K->ioctl(t->vcpu, KVM_RUN, 0);
	t->err = t->r < 0 ? errno : 0;
	return NULL;
}

/*
 * A VM ioctl that wants every vCPU idle (KVM_ARM_SET_COUNTER_OFFSET, 6.12),
 * while vcpu0 sleeps in KVM_RUN (WFI) in another thread; SIGUSR1 to that
 * thread ends the run.
 */
static void sec_busy(int vm, int vcpu, struct kvm_run *run)
{
	struct counter_offset off = { 0, 0 };
	struct runner t = { vcpu, 0, 0 };
	pthread_t th;

	setup_regs("run.busy", vcpu, run, P_WFI);
	got_usr1 = 0;
	if (pthread_create(&th, NULL, run_thread, &t)) {
		L("run.busy pthread_create -> failed");
		emit();
		return;
	}
	usleep(200000);
	L("run.busy KVM_ARM_SET_COUNTER_OFFSET while vcpu0 is in KVM_RUN");
	R(kiop(vm, SET_COUNTER_OFFSET, &off));
	emit();
	pthread_kill(th, SIGUSR1);
	pthread_join(th, NULL);
	L("run.busy vcpu0 KVM_RUN -> %ld %s usr1=%d", t.r, t.r < 0 ? ename(t.err) : "",
	  (int)got_usr1);
	emit();
	L("run.busy KVM_ARM_SET_COUNTER_OFFSET once it returned");
	R(kiop(vm, SET_COUNTER_OFFSET, &off));
	emit();
}

static void sec_signals(int vcpu, struct kvm_run *run)
{
	sigset_t usr1, none, old, pend;
	int sig = 0;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &usr1, &old);

	/* immediate_exit with nothing pending. */
	setup_regs("run.sig", vcpu, run, P_MARK);
	run->immediate_exit = 1;
	run1("run.sig.immediate-exit", vcpu, run);
	run->immediate_exit = 0;
	run1("run.sig.immediate-exit.cleared", vcpu, run);

	/* SIGUSR1 pending, blocked by the thread: KVM_RUN runs. */
	raise(SIGUSR1);
	setup_regs("run.sig", vcpu, run, P_MARK);
	run1("run.sig.pending-blocked", vcpu, run);
	set_sigmask("run.sig.mask-len4", vcpu, 4, &none);
	set_sigmask("run.sig.mask-len16", vcpu, 16, &none);
	set_sigmask("run.sig.mask-empty", vcpu, 8, &none);
	setup_regs("run.sig", vcpu, run, P_MARK);
	run1("run.sig.pending-unblocked", vcpu, run);
	set_sigmask("run.sig.mask-usr1", vcpu, 8, &usr1);
	run1("run.sig.pending-masked", vcpu, run);
	set_sigmask("run.sig.mask-empty-again", vcpu, 8, &none);
	setup_regs("run.sig", vcpu, run, P_MARK);
	set_sigmask("run.sig.mask-null", vcpu, 0, NULL);
	run1("run.sig.pending-mask-cleared", vcpu, run);
	sigpending(&pend);
	L("run.sig.still-pending usr1=%d", sigismember(&pend, SIGUSR1));
	sigwait(&usr1, &sig);
	L(" taken=%d", sig == SIGUSR1);
	emit();
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* A guest that never exits, and WFI with nothing to wake it: a signal ends both. */
	setup_regs("run.sig", vcpu, run, P_LOOP);
	run_blocking("run.sig.loop", "", vcpu, run, 300);
	emit();
	setup_regs("run.sig", vcpu, run, P_WFI);
	run_blocking("run.sig.wfi", "", vcpu, run, 300);
	emit();
	get_mp_state("run.sig.wfi", vcpu);
	run1("run.sig.wfi.next", vcpu, run);

	/* An undefined instruction is the guest's own exception. */
	setup_regs("run.sig", vcpu, run, P_UDF);
	run1("run.exception.udf", vcpu, run);
	L("run.exception.udf.regs elr=0x%llx pstate=0x%llx", getr(vcpu, CORE(0x46)),
	  getr(vcpu, PSTATE_REG));
	emit();
}

/* One VM per PSCI version: what the version register changes. */
static void sec_psci_versions(void)
{
	static const struct { const char *name; uint32_t f0; ull version; } vs[] = {
		{ "v0.1", 0, 0 },
		{ "v0.2", 1U << KVM_ARM_VCPU_PSCI_0_2, 0x2 },
		{ "v1.0", 1U << KVM_ARM_VCPU_PSCI_0_2, 0x10000 },
	};
	char w[64], w2[64];

	for (size_t i = 0; i < sizeof(vs) / sizeof(vs[0]); i++) {
		struct kvm_run *run;
		int vm, vcpu;

		snprintf(w, sizeof(w), "run.%s", vs[i].name);
		vm = make_vm(w);
		vcpu = create_vcpu(w, vm, 0);
		init_vcpu(w, vcpu, vs[i].f0);
		if (vs[i].version)
			setr(w, vcpu, PSCI_VERSION_REG, vs[i].version);
		L("%s PSCI_VERSION reg=0x%llx", w, getr(vcpu, PSCI_VERSION_REG));
		emit();
		run = map_run(w, vcpu);
		if (!run)
			continue;
#define V(n, ...) snprintf(w2, sizeof(w2), "%s.%s", vs[i].name, n), hvc(w2, vcpu, run, __VA_ARGS__)
		V("version", FN_PSCI_VERSION, 0, 0, 0);
		V("features.version", FN_PSCI_FEATURES, FN_PSCI_VERSION, 0, 0);
		V("features.reset2", FN_PSCI_FEATURES, FN_SYSTEM_RESET2_64, 0, 0);
		V("smccc-version", FN_SMCCC_VERSION, 0, 0, 0);
		V("migrate-info-type", FN_MIGRATE_INFO_TYPE, 0, 0, 0);
		V("affinity.self", FN_AFFINITY_INFO64, 0, 0, 0);
		V("cpu-on.self", FN_CPU_ON64, 0, prog_addr(P_ENTRY), 0);
		V("0.1-cpu-on.self", FN_KVM_PSCI_0_1_CPU_ON, 0, prog_addr(P_ENTRY), 0);
		V("0.1-cpu-on.absent", FN_KVM_PSCI_0_1_CPU_ON, 3, prog_addr(P_ENTRY), 0);
		V("reset2.warm", FN_SYSTEM_RESET2_64, 0, 0, 0);
#undef V
		get_mp_state(w, vcpu);
		munmap(run, (size_t)mmap_size);
		close_fd(w, vcpu);
		close_fd(w, vm);
	}
}

/* SYSTEM_OFF, SYSTEM_RESET(2), SYSTEM_SUSPEND: the exits and every vCPU's state after. */
static void sec_system_events(void)
{
	static const struct { const char *name; ull fn, a1; } ev[] = {
		{ "off", FN_SYSTEM_OFF, 0 },
		{ "reset", FN_SYSTEM_RESET, 0 },
		{ "reset2.warm", FN_SYSTEM_RESET2_64, 0 },
		{ "reset2.cold-type", FN_SYSTEM_RESET2_64, 1 },
		{ "reset2.vendor", FN_SYSTEM_RESET2_64, 0x80000000ULL },
		{ "reset2.32", 0x84000012ULL, 0xffffffff00000000ULL },
	};
	const uint32_t f = 1U << KVM_ARM_VCPU_PSCI_0_2;
	struct kvm_run *run0, *run1p;
	char w[64];
	int vm, v0, v1;

	vm = make_vm("run.sysevent");
	v0 = create_vcpu("run.sysevent", vm, 0);
	v1 = create_vcpu("run.sysevent", vm, 1);
	init_vcpu("run.sysevent.vcpu0", v0, f);
	init_vcpu("run.sysevent.vcpu1", v1, f);
	run0 = map_run("run.sysevent.vcpu0", v0);
	run1p = map_run("run.sysevent.vcpu1", v1);
	if (!run0 || !run1p)
		return;
	for (size_t i = 0; i < sizeof(ev) / sizeof(ev[0]); i++) {
		snprintf(w, sizeof(w), "sysevent.%s", ev[i].name);
		hvc(w, v0, run0, ev[i].fn, ev[i].a1, 0, 0);
		snprintf(w, sizeof(w), "run.sysevent.%s.vcpu0", ev[i].name);
		get_mp_state(w, v0);
		snprintf(w, sizeof(w), "run.sysevent.%s.vcpu1", ev[i].name);
		get_mp_state(w, v1);
		if (run0->exit_reason != KVM_EXIT_SYSTEM_EVENT)
			continue;
		/* Both vCPUs now sleep in KVM_RUN; immediate_exit or a signal ends that. */
		run1p->immediate_exit = 1;
		snprintf(w, sizeof(w), "run.sysevent.%s.vcpu1.immediate-exit", ev[i].name);
		run1(w, v1, run1p);
		run1p->immediate_exit = 0;
		snprintf(w, sizeof(w), "run.sysevent.%s.vcpu0.again", ev[i].name);
		run_ms(w, v0, run0, 200);
		/* The VMM restarts the caller: it sees x0 = INTERNAL_FAILURE. */
		snprintf(w, sizeof(w), "run.sysevent.%s.vcpu0", ev[i].name);
		set_mp_state(w, v0, KVM_MP_STATE_RUNNABLE);
		snprintf(w, sizeof(w), "run.sysevent.%s.vcpu1", ev[i].name);
		set_mp_state(w, v1, KVM_MP_STATE_RUNNABLE);
		snprintf(w, sizeof(w), "run.sysevent.%s.vcpu0.resume", ev[i].name);
		run1(w, v0, run0);
	}

	/* SYSTEM_SUSPEND: refused until enabled, denied while another vCPU runs. */
	hvc("sysevent.suspend.not-enabled", v0, run0, FN_SYSTEM_SUSPEND64, prog_addr(P_ENTRY), 0x99, 0);
	enable_cap("run.sysevent.suspend", vm, CAP_ARM_SYSTEM_SUSPEND, 0, 0, 0);
	hvc("sysevent.suspend.features", v0, run0, FN_PSCI_FEATURES, FN_SYSTEM_SUSPEND64, 0, 0);
	hvc("sysevent.suspend.other-on", v0, run0, FN_SYSTEM_SUSPEND64, prog_addr(P_ENTRY), 0x99, 0);
	set_mp_state("run.sysevent.suspend.vcpu1", v1, KVM_MP_STATE_STOPPED);
	hvc("sysevent.suspend", v0, run0, FN_SYSTEM_SUSPEND64, prog_addr(P_ENTRY), 0x99, 0);
	get_mp_state("run.sysevent.suspend.vcpu0", v0);
	get_mp_state("run.sysevent.suspend.vcpu1", v1);
	run1("run.sysevent.suspend.resume", v0, run0);

	munmap(run0, (size_t)mmap_size);
	munmap(run1p, (size_t)mmap_size);
	close_fd("run.sysevent.vcpu0", v0);
	close_fd("run.sysevent.vcpu1", v1);
	close_fd("run.sysevent", vm);
}

/* A vCPU created powered off, and a VM without memory. */
static void sec_stopped(void)
{
	struct kvm_run *run;
	int vm, vcpu;

	vm = make_vm("run.stopped");
	vcpu = create_vcpu("run.stopped", vm, 0);
	init_vcpu("run.stopped", vcpu, (1U << KVM_ARM_VCPU_PSCI_0_2) | (1U << KVM_ARM_VCPU_POWER_OFF));
	run = map_run("run.stopped", vcpu);
	if (run) {
		get_mp_state("run.stopped", vcpu);
		run->immediate_exit = 1;
		run1("run.stopped.immediate-exit", vcpu, run);
		run->immediate_exit = 0;
		run_blocking("run.stopped.blocks", "", vcpu, run, 200);
		emit();
		get_mp_state("run.stopped", vcpu);
		set_mp_state("run.stopped", vcpu, KVM_MP_STATE_RUNNABLE);
		setup_regs("run.stopped", vcpu, run, P_MARK);
		run1("run.stopped.runnable", vcpu, run);
		munmap(run, (size_t)mmap_size);
	}
	close_fd("run.stopped", vcpu);
	close_fd("run.stopped", vm);

	vm = create_vm("run.nomem", 0);
	vcpu = create_vcpu("run.nomem", vm, 0);
	init_vcpu("run.nomem", vcpu, 1U << KVM_ARM_VCPU_PSCI_0_2);
	run = map_run("run.nomem", vcpu);
	if (run) {
		run1("run.nomem.first", vcpu, run);
		run1("run.nomem.again", vcpu, run);
		munmap(run, (size_t)mmap_size);
	}
	close_fd("run.nomem", vcpu);
	close_fd("run.nomem", vm);
}

/* ------------------------------------------------------------------------ */
/* Exceptions KVM_SET_VCPU_EVENTS injects, and when the guest takes them.    */

#define ELR_EL1_REG	CORE(0x46)
#define SPSR_EL1_REG	CORE(0x48)
#define ESR_EL1_REG	0x603000000013c290ULL
#define FAR_EL1_REG	0x603000000013c300ULL

static long ev_set(const char *where, int vcpu, int serror, int has_esr, ull esr, int dabt)
{
	struct kvm_vcpu_events e;

	memset(&e, 0, sizeof(e));
	e.exception.serror_pending = (uint8_t)serror;
	e.exception.serror_has_esr = (uint8_t)has_esr;
	e.exception.serror_esr = esr;
	e.exception.ext_dabt_pending = (uint8_t)dabt;
	L("%s KVM_SET_VCPU_EVENTS serror_pending=%d serror_has_esr=%d serror_esr=0x%llx"
	  " ext_dabt_pending=%d", where, serror, has_esr, esr, dabt);
	long r = R(kiop(vcpu, KVM_SET_VCPU_EVENTS, &e));
	emit();
	return r;
}

static void ev_get(const char *where, int vcpu)
{
	struct kvm_vcpu_events e;

	memset(&e, 0, sizeof(e));
	L("%s KVM_GET_VCPU_EVENTS", where);
	if (R(kiop(vcpu, KVM_GET_VCPU_EVENTS, &e)) == 0)
		L(" serror_pending=%u serror_esr=0x%llx ext_dabt_pending=%u",
		  e.exception.serror_pending, (ull)e.exception.serror_esr,
		  e.exception.ext_dabt_pending);
	emit();
}

/* What an exception entry writes, through ONE_REG. */
static void Lexc(const char *where, int vcpu)
{
	L("%s.regs pc=0x%llx pstate=0x%llx elr=0x%llx spsr=0x%llx esr=0x%llx far=0x%llx", where,
	  getr(vcpu, PC_REG), getr(vcpu, PSTATE_REG), getr(vcpu, ELR_EL1_REG),
	  getr(vcpu, SPSR_EL1_REG), getr(vcpu, ESR_EL1_REG), getr(vcpu, FAR_EL1_REG));
	emit();
}

/* @prog at @pstate, with markers in the registers an exception entry writes. */
static void ev_setup(const char *where, int vcpu, struct kvm_run *run, int prog, ull pstate)
{
	setup_regs(where, vcpu, run, prog);
	setr(where, vcpu, PSTATE_REG, pstate);
	setr(where, vcpu, ELR_EL1_REG, 0x1111);
	setr(where, vcpu, SPSR_EL1_REG, 0x3c0);
	setr(where, vcpu, ESR_EL1_REG, 0x2222);
	setr(where, vcpu, FAR_EL1_REG, 0x5555);
}

/* A run, then the registers; @immediate: with immediate_exit set. */
static void ev_run(const char *where, int vcpu, struct kvm_run *run, int immediate)
{
	run->immediate_exit = (uint8_t)immediate;
	run1(where, vcpu, run);
	run->immediate_exit = 0;
	Lexc(where, vcpu);
}

/* An external data abort injected at @pstate: which vector, which registers. */
static void ev_dabt(const char *name, int vcpu, struct kvm_run *run, int prog, ull pstate)
{
	char w[64];

	snprintf(w, sizeof(w), "run.ev.dabt.%s", name);
	ev_setup(w, vcpu, run, prog, pstate);
	ev_set(w, vcpu, 0, 0, 0, 1);
	ev_run(w, vcpu, run, 0);
}

/* An external data abort injected while the MMIO access @prog makes is pending. */
static void ev_dabt_mmio(const char *name, int vcpu, struct kvm_run *run, int prog, int immediate)
{
	char w[64];

	snprintf(w, sizeof(w), "run.ev.dabt.%s", name);
	ev_setup(w, vcpu, run, prog, 0x3c5);
	run1(w, vcpu, run);
	if (run->exit_reason == KVM_EXIT_MMIO && !run->mmio.is_write)
		supply(run, 0x0102030405060708ULL);
	ev_set(w, vcpu, 0, 0, 0, 1);
	Lexc(w, vcpu);
	if (immediate) {
		snprintf(w, sizeof(w), "run.ev.dabt.%s.immediate-exit", name);
		ev_run(w, vcpu, run, 1);
		/* x22 is the vector's MMIO base: where does the next run start? */
		setr(w, vcpu, XREG(22), 0);
	}
	snprintf(w, sizeof(w), "run.ev.dabt.%s.next", name);
	ev_run(w, vcpu, run, 0);
	L("%s x3=0x%llx", w, getr(vcpu, XREG(3)));
	emit();
}

/* A pending SError: the guest takes it once PSTATE.A is clear. */
static void ev_serror(const char *name, int vcpu, struct kvm_run *run, int prog, ull pstate,
		      int has_esr, ull esr)
{
	char w[64];

	snprintf(w, sizeof(w), "run.ev.serror.%s", name);
	ev_setup(w, vcpu, run, prog, pstate);
	ev_set(w, vcpu, 1, has_esr, esr, 0);
	ev_run(w, vcpu, run, 0);
	ev_get(w, vcpu);
}

static void sec_events_run(void)
{
	struct kvm_run *run;
	int vm, vcpu;

	vm = make_vm("run.ev");
	vcpu = create_vcpu("run.ev", vm, 0);
	init_vcpu("run.ev", vcpu, 1U << KVM_ARM_VCPU_PSCI_0_2);
	run = map_run("run.ev", vcpu);
	if (!run)
		goto out_close;

	/* Before any run: immediate_exit, then a run. */
	ev_setup("run.ev.dabt.first", vcpu, run, P_MARK, 0x3c5);
	ev_set("run.ev.dabt.first", vcpu, 0, 0, 0, 1);
	Lexc("run.ev.dabt.first.set", vcpu);
	ev_run("run.ev.dabt.first.immediate-exit", vcpu, run, 1);
	ev_get("run.ev.dabt.first.immediate-exit", vcpu);
	ev_run("run.ev.dabt.first.run", vcpu, run, 0);
	ev_get("run.ev.dabt.first.run", vcpu);

	/* Each mode's vector; the state the entry sees is the one at the run. */
	ev_dabt("el1h", vcpu, run, P_MARK, 0x3c5);
	ev_dabt("el1h-unmasked", vcpu, run, P_MARK, 0x5);
	ev_dabt("el1t", vcpu, run, P_MARK, 0x3c4);
	ev_dabt("el0", vcpu, run, P_MARK, 0x0);
	ev_setup("run.ev.dabt.set-then-regs", vcpu, run, P_MARK, 0x3c5);
	ev_set("run.ev.dabt.set-then-regs", vcpu, 0, 0, 0, 1);
	setr("run.ev.dabt.set-then-regs", vcpu, PC_REG, prog_addr(P_SP));
	setr("run.ev.dabt.set-then-regs", vcpu, PSTATE_REG, 0x3c4);
	ev_run("run.ev.dabt.set-then-regs", vcpu, run, 0);

	/* After an MMIO exit, the abort the VMM answers it with. */
	ev_dabt_mmio("mmio-write", vcpu, run, P_STRX, 0);
	ev_dabt_mmio("mmio-read", vcpu, run, P_LDRX, 0);
	ev_dabt_mmio("mmio-write", vcpu, run, P_STRX, 1);
	ev_dabt_mmio("mmio-read", vcpu, run, P_LDRX, 1);

	/* SError: masked (the reset PSTATE), then unmasked by the guest. */
	ev_serror("masked", vcpu, run, P_MARK, 0x3c5, 0, 0);
	setup_regs("run.ev.serror", vcpu, run, P_WFI);
	run_blocking("run.ev.serror.wfi", "", vcpu, run, 300);
	emit();
	ev_get("run.ev.serror.wfi", vcpu);
	ev_setup("run.ev.serror.unmask", vcpu, run, P_DAIFCLR, 0x3c5);
	ev_run("run.ev.serror.unmask", vcpu, run, 0);
	ev_get("run.ev.serror.unmask", vcpu);
	ev_serror("esr.unmask", vcpu, run, P_DAIFCLR, 0x3c5, 1, 0x1234);
	ev_serror("esr-isv.unmask", vcpu, run, P_DAIFCLR, 0x3c5, 1, 0x1000042);
	ev_serror("esr-zero.unmask", vcpu, run, P_DAIFCLR, 0x3c5, 1, 0);

	/* Unmasked at entry: immediate_exit first, then the run. */
	ev_setup("run.ev.serror.entry", vcpu, run, P_MARK, 0x2c5);
	ev_set("run.ev.serror.entry", vcpu, 1, 0, 0, 0);
	ev_run("run.ev.serror.entry.immediate-exit", vcpu, run, 1);
	ev_get("run.ev.serror.entry.immediate-exit", vcpu);
	ev_run("run.ev.serror.entry.run", vcpu, run, 0);
	ev_get("run.ev.serror.entry.run", vcpu);
	ev_serror("el1t", vcpu, run, P_MARK, 0x2c4, 0, 0);
	ev_serror("el0", vcpu, run, P_MARK, 0x0, 1, 0x77);

	/* Both: the abort's entry masks the SError, which stays pending. */
	ev_setup("run.ev.both", vcpu, run, P_MARK, 0x2c5);
	ev_set("run.ev.both", vcpu, 1, 1, 0x99, 1);
	ev_run("run.ev.both", vcpu, run, 0);
	ev_get("run.ev.both", vcpu);
	ev_setup("run.ev.both.unmask", vcpu, run, P_DAIFCLR, 0x3c5);
	ev_run("run.ev.both.unmask", vcpu, run, 0);
	ev_get("run.ev.both.unmask", vcpu);

	/* KVM_ARM_VCPU_INIT between the injection and the run. */
	ev_setup("run.ev.dabt.reinit", vcpu, run, P_MARK, 0x3c5);
	ev_set("run.ev.dabt.reinit", vcpu, 1, 0, 0, 1);
	init_vcpu("run.ev.dabt.reinit", vcpu, 1U << KVM_ARM_VCPU_PSCI_0_2);
	ev_run("run.ev.dabt.reinit.immediate-exit", vcpu, run, 1);
	ev_get("run.ev.dabt.reinit.immediate-exit", vcpu);
	/* The last trap's syndrome and address, across KVM_ARM_VCPU_INIT. */
	ev_set("run.ev.dabt.reinit.again", vcpu, 0, 0, 0, 1);
	Lexc("run.ev.dabt.reinit.again", vcpu);
	ev_set("run.ev.serror.reinit", vcpu, 1, 1, 0x55, 0);
	init_vcpu("run.ev.serror.reinit", vcpu, 1U << KVM_ARM_VCPU_PSCI_0_2);
	ev_get("run.ev.serror.reinit", vcpu);

	munmap(run, (size_t)mmap_size);
out_close:
	close_fd("run.ev", vcpu);
	close_fd("run.ev", vm);
}

/* A 32-bit EL1: the abort's entry as immediate_exit commits it (no guest code runs). */
static void sec_events_run32(void)
{
	struct kvm_run *run;
	int vm, vcpu;

	vm = make_vm("run.ev32");
	vcpu = create_vcpu("run.ev32", vm, 0);
	if (init_vcpu("run.ev32", vcpu, 1U << KVM_ARM_VCPU_EL1_32BIT) == 0) {
		run = map_run("run.ev32", vcpu);
		if (run) {
			for (int thumb = 0; thumb < 2; thumb++) {
				const char *w = thumb ? "run.ev32.thumb" : "run.ev32.arm";

				run->exit_reason = KVM_EXIT_UNKNOWN;
				setr(w, vcpu, PC_REG, prog_addr(P_MARK));
				setr(w, vcpu, PSTATE_REG, thumb ? 0x1f3 : 0x1d3);
				setr(w, vcpu, VBAR_EL1_REG, VBAR);
				setr(w, vcpu, XREG(20), 0x1111);
				setr(w, vcpu, CORE(0x4a), 0x2222);
				ev_set(w, vcpu, 0, 0, 0, 1);
				run->immediate_exit = 1;
				run1(w, vcpu, run);
				run->immediate_exit = 0;
				L("%s.regs pc=0x%llx cpsr=0x%llx lr_abt=0x%llx spsr_abt=0x%llx"
				  " esr=0x%llx far=0x%llx", w, getr(vcpu, PC_REG),
				  getr(vcpu, PSTATE_REG), getr(vcpu, XREG(20)),
				  getr(vcpu, CORE(0x4a)), getr(vcpu, ESR_EL1_REG),
				  getr(vcpu, FAR_EL1_REG));
				emit();
			}
			munmap(run, (size_t)mmap_size);
		}
	}
	close_fd("run.ev32", vcpu);
	close_fd("run.ev32", vm);
}

void sec_run(void)
{
	struct sigaction sa;
	struct kvm_run *run0, *run1p;
	int vm, v0, v1;

	section("run");
	catch_alarm();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);

	ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	rom = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ram == MAP_FAILED || rom == MAP_FAILED) {
		L("run mmap guest memory -> failed");
		emit();
		return;
	}
	region_add("ram", ram, RAM_SIZE);
	region_add("rom", rom, PAGE);
	load_code();

	vm = make_vm("run.vm");
	v0 = create_vcpu("run.vm", vm, 0);
	v1 = create_vcpu("run.vm", vm, 1);
	init_vcpu("run.vm.vcpu0", v0, 1U << KVM_ARM_VCPU_PSCI_0_2);
	init_vcpu("run.vm.vcpu1", v1, (1U << KVM_ARM_VCPU_PSCI_0_2) | (1U << KVM_ARM_VCPU_POWER_OFF));
	run0 = map_run("run.vm.vcpu0", v0);
	run1p = map_run("run.vm.vcpu1", v1);
	if (run0 && run1p) {
		L("run.vm.vcpu0 exit_reason=%u before any run", run0->exit_reason);
		emit();
		sec_mmio(v0, run0);
		sec_regs(v0, run0);
		sec_pending(v0, run0);
		sec_nisv(vm, v0, run0);
		sec_psci(v0, run0, v1, run1p);
		sec_signals(v0, run0);
		sec_busy(vm, v0, run0);
		sec_mmu(v0, run0);
		munmap(run0, (size_t)mmap_size);
		munmap(run1p, (size_t)mmap_size);
	}
	close_fd("run.vm.vcpu0", v0);
	close_fd("run.vm.vcpu1", v1);
	close_fd("run.vm", vm);

	sec_psci_versions();
	sec_system_events();
	sec_stopped();
	sec_events_run();
	sec_events_run32();
	munmap(ram, RAM_SIZE);
	munmap(rom, PAGE);
}
