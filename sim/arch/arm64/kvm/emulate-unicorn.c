// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest execution with Unicorn (one engine per vCPU, made at its first
 * KVM_RUN).  Memory slots are the VMM's own pages, mapped with
 * uc_mem_map_ptr(): never copied, so the VMM and the guest see each
 * other's writes.  Unicorn's CPU has no EL2: what would trap to KVM reaches
 * us as an unmapped or protected access, or as an exception hook, and is
 * turned into a struct kvm_emu_exit with the PC where the kernel would
 * find it.
 *
 * Guest debugging (debug.c): a single step is a run of one instruction;
 * a hardware breakpoint is a code hook on its address that stops the
 * engine before the instruction; a watchpoint takes the access rights
 * away from its pages for the run, so that an access there faults before
 * it is done, and an access to the page's other bytes is let through by
 * running that one instruction with the page open.
 *
 * A pending virtual SError (HCR_EL2.VSE) is a code hook on every
 * instruction for as long as it is pending: the engine stops where
 * PSTATE.A is clear, and the exception is entered there.
 *
 * The guest's own exceptions (SVC, its stage-1 translation and permission
 * faults) are taken at its vector inside the engine, as on hardware; the
 * undefined instruction and BRK go through the simulator, which knows
 * what KVM would trap.  Two of Unicorn 2.0's internals are corrected at
 * link time for this (see the wrappers below).
 *
 * Limits: no alignment checks (SCTLR_EL1.A), no 52-bit physical
 * addresses (FEAT_LPA/LPA2) in the engine's walk; a trapped FP/SIMD
 * access is an undefined instruction.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <unicorn/unicorn.h>

#include "emulate.h"
#include "kvm_arm.h"

/* QEMU's exception numbers, as Unicorn's interrupt hook passes them. */
#define EXCP_UDEF	1
#define SYN_UNCATEGORIZED	(1U << 25)	/* EC 0, IL */
#define EXCP_SWI	2
#define EXCP_PREFETCH_ABORT 3
#define EXCP_DATA_ABORT	4
#define EXCP_BKPT	7
#define EXCP_SMC	13

#define INSN_HVC_MASK	0xffe0001fU
#define INSN_HVC	0xd4000002U
#define INSN_WFX_MASK	0xffffffdfU
#define INSN_WFX	0xd503205fU	/* WFE; WFI has bit 5 set */
#define PSTATE_A	0x100ULL
#define SCR_EL3_RW	(1ULL << 10)

#define ENC(op0, op1, crn, crm, op2) \
	(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

/* The EL1 system registers a guest uses, kept in step with ONE_REG. */
static const uint32_t synced_sys_regs[] = {
	ENC(3, 0, 1, 0, 0),	/* SCTLR_EL1 */
	ENC(3, 0, 1, 0, 2),	/* CPACR_EL1 */
	ENC(3, 0, 2, 0, 0),	/* TTBR0_EL1 */
	ENC(3, 0, 2, 0, 1),	/* TTBR1_EL1 */
	ENC(3, 0, 2, 0, 2),	/* TCR_EL1 */
	ENC(3, 0, 5, 1, 0),	/* AFSR0_EL1 */
	ENC(3, 0, 5, 1, 1),	/* AFSR1_EL1 */
	ENC(3, 0, 5, 2, 0),	/* ESR_EL1 */
	ENC(3, 0, 6, 0, 0),	/* FAR_EL1 */
	ENC(3, 0, 7, 4, 0),	/* PAR_EL1 */
	ENC(3, 0, 10, 2, 0),	/* MAIR_EL1 */
	ENC(3, 0, 10, 3, 0),	/* AMAIR_EL1 */
	ENC(3, 0, 12, 0, 0),	/* VBAR_EL1 */
	ENC(3, 0, 13, 0, 1),	/* CONTEXTIDR_EL1 */
	ENC(3, 0, 13, 0, 4),	/* TPIDR_EL1 */
	ENC(3, 0, 14, 1, 0),	/* CNTKCTL_EL1 */
	ENC(3, 3, 13, 0, 2),	/* TPIDR_EL0 */
	ENC(3, 3, 13, 0, 3),	/* TPIDRRO_EL0 */
};

#define ENC_SCTLR_EL1	ENC(3, 0, 1, 0, 0)
#define ENC_TTBR0_EL1	ENC(3, 0, 2, 0, 0)
#define ENC_TTBR1_EL1	ENC(3, 0, 2, 0, 1)
#define ENC_TCR_EL1	ENC(3, 0, 2, 0, 2)
#define SCTLR_M		1ULL
#define DESC_ADDR_MASK	0x0000fffffffff000ULL
#define BAD_ADDR	(~0ULL)

/* Core registers Unicorn keeps as cp registers: ELR_EL1, SPSR_EL1. */
#define ENC_ELR_EL1	ENC(3, 0, 4, 0, 1)
#define ENC_SPSR_EL1	ENC(3, 0, 4, 0, 0)

/* Most guest pages the watchpoints of one vCPU close (a MASK may ask for far more). */
#define MAX_WATCH_PAGES	64
#define WATCH_PAGE	0x1000ULL

struct CPUState;

#define MAX_INVAL	32

/**
 * struct uc_vcpu - one vCPU's engine.
 * @maps: the slots mapped now (gpa, size, access rights), remade when the
 *	VM's slots change.
 * @exit: where the hooks write, during uc_emu_start().
 * @hooked: a hook stopped the engine.
 * @vcpu: the vCPU, for the MRS hook.
 * @debug_gen: the vCPU's debug_gen the breakpoint hooks were made for.
 * @bps, @bp_hooks: the hardware breakpoints and their code hooks.
 * @wps: the watchpoints; @watch: the guest pages they close to reads and
 *	writes during a run, with the slot's access rights.
 * @step_over: an access to a closed page missed every watchpoint: it is
 *	run again with the page open.
 * @serror_hook: the code hook watching PSTATE.A, while @serror_hooked.
 * @log_hook: the store hook feeding dirty logging, while @log_hooked (some
 *	slot has KVM_MEM_LOG_DIRTY_PAGES); @store_va: the address of the
 *	store it saw, translated by the memory_mapping() wrapper next, while
 *	@store_pending.
 * @flush_cpu: a flush of the engine's translations put off (see
 *	__wrap_tb_flush_aarch64()), to make before the next uc_emu_start();
 *	@inval: the addresses whose code goes then, for a breakpoint's flush.
 * @in_run: the vCPU's thread (@tid) is in uc_vcpu_run(), running with
 *	the slots of generation @run_gen or a later one (uc_sync_memslots()).
 */
struct uc_vcpu {
	uc_engine *uc;
	struct kvm_vcpu *vcpu;
	unsigned int memslots_gen;
	struct { uint64_t gpa, size, hva; uint32_t perms; } *maps;
	size_t nr_maps;
	struct kvm_emu_exit *exit;
	bool hooked;
	uint32_t intno;
	unsigned int debug_gen;
	struct kvm_arm_hw_bp bps[KVM_ARM_MAX_DBG_REGS];
	uc_hook bp_hooks[KVM_ARM_MAX_DBG_REGS];
	unsigned int nr_bps;
	struct kvm_arm_hw_wp wps[KVM_ARM_MAX_DBG_REGS];
	unsigned int nr_wps;
	struct { uint64_t ipa; uint32_t perms; } watch[MAX_WATCH_PAGES];
	unsigned int nr_watch;
	bool step_over;
	uc_hook serror_hook;
	bool serror_hooked;
	uc_hook log_hook;
	bool log_hooked;
	bool store_pending;
	uint64_t store_va;
	struct CPUState *flush_cpu;
	uint64_t inval[MAX_INVAL];
	unsigned int nr_inval;
	atomic_bool in_run;
	atomic_uint run_gen;
	atomic_int tid;
	struct CPUState *cpu;
	unsigned int irq_lines;
	bool wfx;
};

static struct uc_vcpu *uc_of(struct kvm_vcpu *vcpu)
{
	return to_arm64_vcpu(vcpu)->emu;
}

static bool on_watched_page(struct uc_vcpu *u, uc_mem_type type, uint64_t addr, int size);

static bool on_bad_access(uc_engine *uc, uc_mem_type type, uint64_t addr, int size,
			  int64_t value, void *data)
{
	struct uc_vcpu *u = data;

	if (on_watched_page(u, type, addr, size))
		return false;
	u->hooked = true;
	u->intno = 0;
	u->exit->reason = type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT ?
			  KVM_EMU_IABT : KVM_EMU_DABT;
	u->exit->addr = addr;
	u->exit->write = type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT;
	return false;
}

/* ---- corrections to Unicorn, made where the linker wraps it ----------- */

/*
 * configure links Unicorn's static library into libkvmsim with ld's
 * --wrap for some of its internal functions (none of its symbols is
 * exported from libkvmsim):
 *
 * memory_mapping() finds the memory region of an address.  Unicorn 2.0's
 * load and store helpers (cputlb.c, its only callers there) ask it with the
 * guest's virtual address before they translate it, and fail the access as
 * "unmapped" when the VA is not also a mapped IPA, whatever the guest's
 * page tables say (later releases ask with the translation).  The wrapper
 * answers with the region of the VA's translation; when the VA has none,
 * with any region, so that the engine's own walk faults and the guest
 * takes its translation fault; when the translation is outside guest
 * memory, with none: the unmapped-access hook then makes it MMIO.
 *
 * cpu_exec() runs the CPU for uc_emu_start(): the wrapper notes the CPU,
 * which the interrupt hook needs to enter the guest's exception vector
 * (Unicorn hands exceptions to the hook and never takes them itself).
 */
struct MemoryRegion;
struct MemoryRegion *__real_memory_mapping(struct uc_struct *uc, uint64_t address);
struct MemoryRegion *__wrap_memory_mapping(struct uc_struct *uc, uint64_t address);
int __real_cpu_exec_aarch64(struct uc_struct *uc, struct CPUState *cpu);
int __wrap_cpu_exec_aarch64(struct uc_struct *uc, struct CPUState *cpu);
void __real_tb_flush_aarch64(struct CPUState *cpu);
void __wrap_tb_flush_aarch64(struct CPUState *cpu);
int __real_cpu_breakpoint_insert_aarch64(struct CPUState *cpu, uint64_t pc, int flags, void **bp);
int __wrap_cpu_breakpoint_insert_aarch64(struct CPUState *cpu, uint64_t pc, int flags, void **bp);
void __real_cpu_breakpoint_remove_by_ref_aarch64(struct CPUState *cpu, void *bp);
void __wrap_cpu_breakpoint_remove_by_ref_aarch64(struct CPUState *cpu, void *bp);
void arm_cpu_do_interrupt_aarch64(struct CPUState *cpu);
struct CPUARMState;
void __real_helper_wfi_aarch64(struct CPUARMState *env, uint32_t insn_len);
void __wrap_helper_wfi_aarch64(struct CPUARMState *env, uint32_t insn_len);
uint32_t __real_helper_uc_hooksys64_aarch64(struct CPUARMState *env, uint32_t insn, void *hk);
uint32_t __wrap_helper_uc_hooksys64_aarch64(struct CPUARMState *env, uint32_t insn, void *hk);
void raise_exception_aarch64(struct CPUARMState *env, uint32_t excp, uint32_t syndrome,
			     uint32_t target_el);
/* The engine's interrupt inputs (QEMU's cpu_interrupt() and co.). */
extern void (*cpu_interrupt_handler)(struct CPUState *cpu, int mask);
void cpu_reset_interrupt(struct CPUState *cpu, int mask);
void cpu_exit(struct CPUState *cpu);
#define CPU_INTERRUPT_HARD	0x0002
#define CPU_INTERRUPT_FIQ	0x0010

/* The engine this thread runs (uc_emu_start()), and its CPU, in cpu_exec() while @in_exec. */
static __thread struct uc_vcpu *running;
static __thread struct CPUState *running_cpu;
static __thread bool in_exec;
/* The address of the breakpoint being inserted or removed, while @bp_pc_valid. */
static __thread uint64_t bp_pc;
static __thread bool bp_pc_valid;

static uint64_t va_to_ipa_live(uc_engine *uc, uint64_t va);
static void log_store(struct uc_vcpu *u, uint64_t ipa);
static int sync_log_hook(struct uc_vcpu *u, bool logging);

/* Whether the memory_mapping() wrapper translates the engine's addresses. */
static bool wrapper_walks(const struct uc_vcpu *u, const uc_engine *uc)
{
	return UC_API_MAJOR == 2 && UC_API_MINOR == 0 && u && u->uc == uc && u->nr_maps;
}

struct MemoryRegion *__wrap_memory_mapping(struct uc_struct *uc, uint64_t address)
{
	struct uc_vcpu *u = running;
	uint64_t ipa;

	if (!wrapper_walks(u, (uc_engine *)uc))
		return __real_memory_mapping(uc, address);
	ipa = va_to_ipa_live(uc, address);
	/* The store the log hook saw: its translation is this one. */
	if (u->store_pending && u->store_va == address) {
		u->store_pending = false;
		if (ipa != BAD_ADDR)
			log_store(u, ipa);
	}
	if (ipa == BAD_ADDR)
		return __real_memory_mapping(uc, u->maps[0].gpa);
	return __real_memory_mapping(uc, ipa);
}

/*
 * The CPU's IRQ and FIQ inputs follow kvm_arm_vcpu_irq_lines(); the engine
 * takes the exception at its next check (the start of cpu_exec(), or the
 * end of the block: cpu_exit() asks for one while a block runs), when
 * PSTATE lets it, through the guest's vector.
 */
static void apply_irq_lines(struct uc_vcpu *u, bool in_block)
{
	unsigned int lines = kvm_arm_vcpu_irq_lines(u->vcpu);
	static const struct { unsigned int line; int mask; } map[] = {
		{ KVM_ARM_IRQ_LINE_IRQ, CPU_INTERRUPT_HARD },
		{ KVM_ARM_IRQ_LINE_FIQ, CPU_INTERRUPT_FIQ },
	};

	if (!u->cpu)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(map); i++) {
		if (lines & map[i].line)
			cpu_interrupt_handler(u->cpu, map[i].mask);
		else
			cpu_reset_interrupt(u->cpu, map[i].mask);
	}
	if (in_block && (lines & ~u->irq_lines))
		cpu_exit(u->cpu);
	u->irq_lines = lines;
}

/*
 * Ends the slice where the guest is, for an exit to be reported there: the
 * engine would take a pending interrupt on its way out (QEMU looks at its
 * interrupt inputs before it honours a stop), which would move the PC to
 * the vector under the exit.  The inputs are lowered; the next slice
 * raises them again.
 */
static void stop_here(struct uc_vcpu *u)
{
	if (u->cpu && u == running) {
		cpu_reset_interrupt(u->cpu, CPU_INTERRUPT_HARD | CPU_INTERRUPT_FIQ);
		u->irq_lines = 0;
	}
	uc_emu_stop(u->uc);
}

/*
 * A WFI the engine halts on (one with no interrupt to wake it at once)
 * leaves cpu_exec() with the PC past it; a WFI that completes at once
 * returns here.  So the slice knows it stopped for a WFI, not just after
 * one.
 */
void __wrap_helper_wfi_aarch64(struct CPUARMState *env, uint32_t insn_len)
{
	if (running)
		running->wfx = true;
	__real_helper_wfi_aarch64(env, insn_len);
	if (running)
		running->wfx = false;
}

int __wrap_cpu_exec_aarch64(struct uc_struct *uc, struct CPUState *cpu)
{
	int r;

	if (running) {
		running->cpu = cpu;
		apply_irq_lines(running, false);
	}
	running_cpu = cpu;
	in_exec = true;
	r = __real_cpu_exec_aarch64(uc, cpu);
	in_exec = false;
	return r;
}

/*
 * Unicorn flushes its translations at once where QEMU waits until no CPU
 * is inside translated code: when the guest programs a hardware breakpoint
 * (an MSR to DBGBCR/DBGBVR), the flush comes from inside the translated
 * block, whose later jumps then land in code that is no longer there (the
 * VMM died with SIGILL).  Inside cpu_exec() the flush is put off: the
 * engine stops after the block, and uc_vcpu_run() flushes before it
 * starts it again.
 */
void __wrap_tb_flush_aarch64(struct CPUState *cpu)
{
	struct uc_vcpu *u = running;

	if (!in_exec || !u) {
		__real_tb_flush_aarch64(cpu);
		return;
	}
	/* A breakpoint's flush needs only the code at its address to go. */
	if (bp_pc_valid && u->nr_inval < MAX_INVAL)
		u->inval[u->nr_inval++] = bp_pc;
	else
		u->flush_cpu = cpu;
	stop_here(u);
}

/*
 * QEMU flushes all translations when a hardware breakpoint comes or goes
 * (the guest's DBGBCR/DBGBVR), which under qemu-aarch64 costs seconds of
 * translating again; these note the breakpoint's address for the flush.
 * A CPUBreakpoint's first member is its address.
 */
int __wrap_cpu_breakpoint_insert_aarch64(struct CPUState *cpu, uint64_t pc, int flags, void **bp)
{
	int r;

	bp_pc = pc;
	bp_pc_valid = true;
	r = __real_cpu_breakpoint_insert_aarch64(cpu, pc, flags, bp);
	bp_pc_valid = false;
	return r;
}

void __wrap_cpu_breakpoint_remove_by_ref_aarch64(struct CPUState *cpu, void *bp)
{
	memcpy(&bp_pc, bp, sizeof(bp_pc));
	bp_pc_valid = true;
	__real_cpu_breakpoint_remove_by_ref_aarch64(cpu, bp);
	bp_pc_valid = false;
}

static void on_interrupt(uc_engine *uc, uint32_t intno, void *data)
{
	struct uc_vcpu *u = data;

	/*
	 * The guest's own exceptions (SVC, its stage-1 and alignment faults):
	 * the engine has recorded syndrome, address and target EL; they are
	 * taken at the guest's vector, and the guest runs on.
	 */
	if ((intno == EXCP_SWI || intno == EXCP_PREFETCH_ABORT || intno == EXCP_DATA_ABORT) &&
	    running_cpu) {
		arm_cpu_do_interrupt_aarch64(running_cpu);
		return;
	}
	u->hooked = true;
	u->intno = intno;
	stop_here(u);
}

/* A system register access KVM makes UNDEFINED, for the helper below to raise. */
static __thread bool sysreg_undef;

/*
 * The MRS/MSR hooks run in this helper, with the PC at the instruction.
 * An access the hook found UNDEFINED becomes the engine's own undefined
 * instruction exception there (EC 0, IL set), before any later
 * instruction of the block runs: the interrupt hook turns it into the
 * UNDEF exit, and KVM injects it.
 */
uint32_t __wrap_helper_uc_hooksys64_aarch64(struct CPUARMState *env, uint32_t insn, void *hk)
{
	uint32_t skip = __real_helper_uc_hooksys64_aarch64(env, insn, hk);

	if (sysreg_undef) {
		sysreg_undef = false;
		raise_exception_aarch64(env, EXCP_UDEF, SYN_UNCATEGORIZED, 1);
	}
	return skip;
}

/*
 * Whether the engine's CPU has the PMU register (a hook taking one it
 * lacks moves the PC): all of CRn 9, and the event counters and types of
 * its own PMCR_EL0.N, and PMMIR_EL1 if it has that, which are asked (these
 * the engine can read back without side effects).
 */
static bool engine_has_pmu_reg(struct uc_vcpu *u, const uc_arm64_cp_reg *cp)
{
	uc_arm64_cp_reg probe = *cp;

	if (cp->crn == 9 && !(cp->op1 == 0 && cp->crm == 14 && cp->op2 == 6))
		return true;
	return uc_reg_read(u->uc, UC_ARM64_REG_CP_REG, &probe) == UC_ERR_OK;
}

/* The guest's PSTATE, and the exception level it runs at. */
static uint64_t guest_pstate(uc_engine *uc)
{
	uint64_t pstate = 0;

	uc_reg_read(uc, UC_ARM64_REG_PSTATE, &pstate);
	return pstate;
}

static unsigned int guest_el(uc_engine *uc)
{
	return (guest_pstate(uc) >> 2) & 3;
}

/*
 * A system register KVM answers itself: the GIC CPU interface (ICC_*),
 * the PMU, the counters and the EL1 timers.  True when taken.
 */
static bool kvm_sysreg(struct uc_vcpu *u, const uc_arm64_cp_reg *cp, bool is_read, uint64_t *val)
{
	uint32_t enc = ENC(cp->op0, cp->op1, cp->crn, cp->crm, cp->op2);
	bool taken, engine_knows = true;

	if (cp->op0 != 3)
		return false;
	if (kvm_arm_is_pmu_sysreg(enc)) {
		int r = kvm_arm_pmu_sysreg_access(u->vcpu, enc, guest_el(u->uc) == 0, is_read, val);

		if (r == 0)
			return false;
		if (r < 0) {
			sysreg_undef = true;
			return true;
		}
		taken = true;
		engine_knows = engine_has_pmu_reg(u, cp);
	} else if (cp->crn == 14) {
		taken = kvm_arm_timer_sysreg_access(u->vcpu, enc, is_read, val);
		/* CNTPCTSS_EL0 and CNTVCTSS_EL0 (FEAT_ECV) are not the engine's. */
		engine_knows = !(cp->crm == 0 && (cp->op2 == 5 || cp->op2 == 6));
	} else if (cp->crn == 12 || cp->crn == 4) {
		taken = kvm_vgic_cpuif_access(u->vcpu, enc, is_read, val);
		engine_knows = false;	/* no GIC CPU interface in Unicorn */
	} else {
		return false;
	}
	/*
	 * For a register the engine has, a taken hook skips its access and
	 * the block goes on.  For one it does not, the block ends at the
	 * undefined instruction whatever the hook says, with the PC there:
	 * the PC is moved past it, which also ends the block.
	 */
	if (taken && !engine_knows) {
		uint64_t pc;

		uc_reg_read(u->uc, UC_ARM64_REG_PC, &pc);
		pc += 4;
		uc_reg_write(u->uc, UC_ARM64_REG_PC, &pc);
	}
	return taken;
}

/*
 * MRS of the identification registers (op0 3, CRn 0: MIDR, MPIDR, the ID
 * registers, CLIDR, CTR) reads what KVM shows the vCPU, as ONE_REG has
 * it, not Unicorn's own CPU: each vCPU its MPIDR, the profile's IDs.  And
 * the registers kvm_sysreg() takes.
 */
static uint32_t on_mrs(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *data)
{
	struct uc_vcpu *u = data;
	uint64_t val;

	if (cp->op0 == 3 && cp->crn == 0) {
		if (!kvm_arm_read_sys_reg(u->vcpu, ENC(cp->op0, cp->op1, cp->crn, cp->crm, cp->op2),
					  &val))
			return 0;
	} else if (!kvm_sysreg(u, cp, true, &val)) {
		return 0;
	}
	/* An UNDEFINED read writes no register. */
	if (!sysreg_undef)
		uc_reg_write(uc, reg, &val);
	return 1;
}

static uint32_t on_sys(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *data);

static uint32_t on_msr(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *data)
{
	uint64_t val = cp->val;

	return kvm_sysreg(data, cp, false, &val);
}

static int uc_err_to_errno(uc_err e)
{
	return e == UC_ERR_NOMEM ? -ENOMEM : -EINVAL;
}

static int engine_create(struct kvm_vcpu *vcpu)
{
	struct uc_vcpu *u = calloc(1, sizeof(*u));
	uc_hook h;
	uc_err e;

	if (!u)
		return -ENOMEM;
	e = uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &u->uc);
	if (e) {
		free(u);
		return uc_err_to_errno(e);
	}
	/* The harness CPU is qemu's "max"; Unicorn's closest model. */
	e = uc_ctl_set_cpu_model(u->uc, UC_CPU_ARM64_MAX);
	/*
	 * Unicorn enters EL1 with SCR_EL3.RW clear, so its MMU takes EL1 for
	 * AArch32 and walks the guest's tables by AArch32 rules: a walk that
	 * starts at level 0 (40- and 48-bit VAs), a 16K or 64K granule, or
	 * TCR_EL1.TG1 0b00 (no EAE: short descriptors) faults.  RW alone
	 * (the write adds the RES1 bits) keeps EL1 Secure, as before, so
	 * HVC still traps as undefined and the timers stay EL1's.
	 */
	if (!e) {
		uc_arm64_cp_reg scr = { .op0 = 3, .op1 = 6, .crn = 1, .crm = 1, .op2 = 0,
					.val = SCR_EL3_RW };

		e = uc_reg_write(u->uc, UC_ARM64_REG_CP_REG, &scr);
	}
	if (!e)
		e = uc_hook_add(u->uc, &h, UC_HOOK_MEM_UNMAPPED | UC_HOOK_MEM_PROT,
				(void *)on_bad_access, u, 1, 0);
	if (!e)
		e = uc_hook_add(u->uc, &h, UC_HOOK_INTR, (void *)on_interrupt, u, 1, 0);
	if (!e)
		e = uc_hook_add(u->uc, &h, UC_HOOK_INSN, (void *)on_mrs, u, 1, 0, UC_ARM64_INS_MRS);
	if (!e)
		e = uc_hook_add(u->uc, &h, UC_HOOK_INSN, (void *)on_msr, u, 1, 0, UC_ARM64_INS_MSR);
	if (!e)
		e = uc_hook_add(u->uc, &h, UC_HOOK_INSN, (void *)on_sys, u, 1, 0, UC_ARM64_INS_SYS);
	if (e) {
		uc_close(u->uc);
		free(u);
		return uc_err_to_errno(e);
	}
	u->memslots_gen = ~0U;
	u->debug_gen = ~0U;
	u->vcpu = vcpu;
	atomic_init(&u->in_run, false);
	atomic_init(&u->run_gen, 0);
	__atomic_store_n(&to_arm64_vcpu(vcpu)->emu, u, __ATOMIC_RELEASE);
	return 0;
}

static void uc_vcpu_destroy(struct kvm_vcpu *vcpu)
{
	struct uc_vcpu *u = uc_of(vcpu);

	if (!u)
		return;
	uc_close(u->uc);
	free(u->maps);
	free(u);
	to_arm64_vcpu(vcpu)->emu = NULL;
}

/* Maps the VM's slots afresh when they changed since the last run. */
static int sync_memslots(struct kvm_vcpu *vcpu, struct uc_vcpu *u)
{
	struct kvm *kvm = vcpu->kvm;
	bool logging = false;
	unsigned int gen;
	int r = 0;

	pthread_mutex_lock(&kvm->slots_lock);
	gen = atomic_load(&to_arm64_vm(kvm)->memslots_gen);
	if (gen == u->memslots_gen)
		goto out_unlock;
	for (size_t i = 0; i < u->nr_maps; i++)
		uc_mem_unmap(u->uc, u->maps[i].gpa, u->maps[i].size);
	u->nr_maps = 0;
	free(u->maps);
	u->maps = calloc(kvm->nr_memslots + 1, sizeof(*u->maps));
	if (!u->maps) {
		r = -ENOMEM;
		goto out_unlock;
	}
	for (size_t i = 0; i < kvm->nr_memslots; i++) {
		const struct kvm_memory_slot *s = &kvm->memslots[i];
		uint32_t perms = s->flags & KVM_MEM_READONLY ? UC_PROT_READ | UC_PROT_EXEC : UC_PROT_ALL;
		uint64_t gpa = s->base_gfn << PAGE_SHIFT, size = s->npages << PAGE_SHIFT;

		/*
		 * The kernel gives EFAULT when the guest touches a page whose
		 * backing the VMM cannot access; the emulator would crash the
		 * VMM instead.  So a slot that is not wholly accessible fails
		 * KVM_RUN with EFAULT at once (stricter than the kernel, which
		 * waits for the access).
		 */
		if (!kvm_host_range_accessible(s->userspace_addr, size,
					       !(s->flags & KVM_MEM_READONLY))) {
			r = -EFAULT;
			goto out_unlock;
		}
		if (uc_mem_map_ptr(u->uc, gpa, size, perms, (void *)(uintptr_t)s->userspace_addr)) {
			r = -EFAULT;
			goto out_unlock;
		}
		u->maps[u->nr_maps].gpa = gpa;
		u->maps[u->nr_maps].hva = s->userspace_addr;
		u->maps[u->nr_maps].perms = perms;
		u->maps[u->nr_maps++].size = size;
		logging |= !!(s->flags & KVM_MEM_LOG_DIRTY_PAGES);
	}
	r = sync_log_hook(u, logging);
	if (r)
		goto out_unlock;
	u->memslots_gen = gen;
out_unlock:
	pthread_mutex_unlock(&kvm->slots_lock);
	return r;
}

static void cp_write(uc_engine *uc, uint32_t enc, uint64_t val)
{
	uc_arm64_cp_reg cp = {
		.op0 = enc >> 14, .op1 = (enc >> 11) & 7, .crn = (enc >> 7) & 15,
		.crm = (enc >> 3) & 15, .op2 = enc & 7, .val = val,
	};

	uc_reg_write(uc, UC_ARM64_REG_CP_REG, &cp);
}

static uint64_t cp_read(uc_engine *uc, uint32_t enc)
{
	uc_arm64_cp_reg cp = {
		.op0 = enc >> 14, .op1 = (enc >> 11) & 7, .crn = (enc >> 7) & 15,
		.crm = (enc >> 3) & 15, .op2 = enc & 7,
	};

	uc_reg_read(uc, UC_ARM64_REG_CP_REG, &cp);
	return cp.val;
}

static int xreg_id(unsigned int n)
{
	return n == 29 ? UC_ARM64_REG_X29 : n == 30 ? UC_ARM64_REG_X30 : UC_ARM64_REG_X0 + (int)n;
}

/* The stack pointer in use: SP_EL1 at EL1 with SPSel set, else SP_EL0. */
static bool uses_sp_el1(uint64_t pstate)
{
	return (pstate & 0xc) == 0x4 && (pstate & 1);
}

static void cp_sync(uc_engine *uc, uint32_t enc, uint64_t *val, bool to_uc)
{
	if (to_uc)
		cp_write(uc, enc, *val);
	else
		*val = cp_read(uc, enc);
}

/* The registers copied as they are, into the engine (@to_uc) or out of it. */
static void sync_plain_regs(struct kvm_vcpu *vcpu, uc_engine *uc, bool to_uc)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct { int id; void *val; } regs[31 + 1 + 32 + 2];
	size_t n = 0;

	for (unsigned int i = 0; i < 31; i++) {
		regs[n].id = xreg_id(i);
		regs[n++].val = &v->regs.regs.regs[i];
	}
	regs[n].id = UC_ARM64_REG_PC;
	regs[n++].val = &v->regs.regs.pc;
	for (unsigned int i = 0; i < 32; i++) {
		regs[n].id = UC_ARM64_REG_Q0 + (int)i;
		regs[n++].val = &v->regs.fp_regs.vregs[i];
	}
	regs[n].id = UC_ARM64_REG_FPSR;
	regs[n++].val = &v->regs.fp_regs.fpsr;
	regs[n].id = UC_ARM64_REG_FPCR;
	regs[n++].val = &v->regs.fp_regs.fpcr;
	for (size_t i = 0; i < n; i++) {
		if (to_uc)
			uc_reg_write(uc, regs[i].id, regs[i].val);
		else
			uc_reg_read(uc, regs[i].id, regs[i].val);
	}
	cp_sync(uc, ENC_ELR_EL1, (uint64_t *)&v->regs.elr_el1, to_uc);
	cp_sync(uc, ENC_SPSR_EL1, (uint64_t *)&v->regs.spsr[KVM_SPSR_EL1], to_uc);
	for (size_t i = 0; i < ARRAY_SIZE(synced_sys_regs); i++) {
		uint64_t *val = vcpu_sys_reg_ptr(vcpu, synced_sys_regs[i]);

		if (val)
			cp_sync(uc, synced_sys_regs[i], val, to_uc);
	}
}

/* PSTATE first: it says which stack pointer is the live one. */
static void load_state(struct kvm_vcpu *vcpu, uc_engine *uc)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct user_pt_regs *r = &v->regs.regs;

	uc_reg_write(uc, UC_ARM64_REG_PSTATE, &r->pstate);
	uc_reg_write(uc, UC_ARM64_REG_SP_EL0, &r->sp);
	uc_reg_write(uc, UC_ARM64_REG_SP_EL1, &v->regs.sp_el1);
	uc_reg_write(uc, UC_ARM64_REG_SP, uses_sp_el1(r->pstate) ? &v->regs.sp_el1 : &r->sp);
	sync_plain_regs(vcpu, uc, true);
}

static void store_state(struct kvm_vcpu *vcpu, uc_engine *uc)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct user_pt_regs *r = &v->regs.regs;
	uint64_t sp, pstate = 0;

	/* Unicorn fills only the low 32 bits, which is all PSTATE has. */
	uc_reg_read(uc, UC_ARM64_REG_PSTATE, &pstate);
	r->pstate = pstate & 0xffffffffULL;
	uc_reg_read(uc, UC_ARM64_REG_SP_EL0, &r->sp);
	uc_reg_read(uc, UC_ARM64_REG_SP_EL1, &v->regs.sp_el1);
	/* The live stack pointer is the current one; the banked copy may be stale. */
	uc_reg_read(uc, UC_ARM64_REG_SP, &sp);
	if (uses_sp_el1(r->pstate))
		v->regs.sp_el1 = sp;
	else
		r->sp = sp;
	sync_plain_regs(vcpu, uc, false);
}

/*
 * Translated code of the slots is dropped: the engine notices the guest's
 * own writes to code, not the VMM's (a full flush costs far more).
 */
static void uc_vcpu_enter(struct kvm_vcpu *vcpu)
{
	struct uc_vcpu *u = uc_of(vcpu);

	if (!u)
		return;
	for (size_t i = 0; i < u->nr_maps; i++)
		uc_ctl_remove_cache(u->uc, u->maps[i].gpa, u->maps[i].gpa + u->maps[i].size);
}

static uint64_t sys_reg(struct kvm_vcpu *vcpu, uint32_t enc)
{
	uint64_t *val = vcpu_sys_reg_ptr(vcpu, enc);

	return val ? *val : 0;
}

/*
 * The guest's stage-1 translation (EL1&0), done again here: Unicorn's hooks
 * see virtual addresses, KVM's exits give IPAs; and Unicorn 2.0's own walk
 * (QEMU 5.0's) stops at 48-bit output addresses, so translations with
 * 52-bit ones (FEAT_LPA2: TCR_EL1.DS with 4K or 16K pages; FEAT_LPA: 64K
 * pages with TCR_EL1.IPS 52 bits) are made here for the engine too (see
 * __wrap_get_phys_addr_aarch64()).  Bits as the Arm ARM's VMSAv8-64
 * chapter gives them.
 */
#define TCR_EPD0	(1ULL << 7)
#define TCR_EPD1	(1ULL << 23)
#define TCR_IPS(tcr)	(((tcr) >> 32) & 7)
#define TCR_IPS_52	6
#define TCR_TBI0	(1ULL << 37)
#define TCR_HA		(1ULL << 39)
#define TCR_HD		(1ULL << 40)
#define TCR_HPD0	(1ULL << 41)
#define TCR_TBID0	(1ULL << 51)
#define TCR_DS		(1ULL << 59)
#define SCTLR_WXN	(1ULL << 19)

#define DESC_VALID	(1ULL << 0)
#define DESC_TABLE	(1ULL << 1)	/* a table (levels < 3) or a page (level 3) */
#define DESC_NS		(1ULL << 5)
#define DESC_AP1	(1ULL << 6)	/* EL0 may access */
#define DESC_AP2	(1ULL << 7)	/* read-only */
#define DESC_AF		(1ULL << 10)
#define DESC_DBM	(1ULL << 51)
#define DESC_PXN	(1ULL << 53)
#define DESC_UXN	(1ULL << 54)
#define TABLE_PXN	(1ULL << 59)
#define TABLE_UXN	(1ULL << 60)
#define TABLE_AP0	(1ULL << 61)	/* no EL0 access below */
#define TABLE_AP1	(1ULL << 62)	/* no write access below */
#define TABLE_NS	(1ULL << 63)

/* QEMU's page protections and fault kinds (target/arm/internals.h). */
#define PAGE_READ	0x1
#define PAGE_WRITE	0x2
#define PAGE_EXEC	0x4

enum s1_fault { S1_OK, S1_TRANSLATION, S1_ACCESS_FLAG, S1_PERMISSION, S1_WALK_ABORT };

struct s1_regs { uint64_t sctlr, tcr, ttbr0, ttbr1; };

struct s1_walk {
	uint64_t ipa;		/* the output address */
	unsigned int shift;	/* log2 of the block or page size */
	int level;		/* where it ended, or faulted */
	uint64_t desc;		/* the leaf */
	uint64_t desc_ipa;	/* where it is */
	uint64_t table;		/* the table descriptors' attributes, ORed */
};

/*
 * Where the output address of a descriptor (or TTBR) lies: bits 47:12 and,
 * with 52-bit addresses, 51:50 in bits 9:8 (LPA2) or 51:48 in bits 15:12
 * (64K pages).
 */
enum s1_oa { OA_48, OA_LPA2, OA_LPA };

static uint64_t s1_out_addr(uint64_t desc, enum s1_oa oa, unsigned int gbits)
{
	uint64_t a;

	switch (oa) {
	case OA_LPA2:
		a = (desc & 0x0003fffffffff000ULL) | ((desc >> 8) & 3) << 50;
		break;
	case OA_LPA:
		a = (desc & 0x0000ffffffff0000ULL) | ((desc >> 12) & 15) << 48;
		break;
	default:
		a = desc & DESC_ADDR_MASK;
		break;
	}
	return a & ~((1ULL << gbits) - 1);
}

/* Whether the half @upper of the regime has 52-bit output addresses. */
static enum s1_oa s1_oa_kind(uint64_t tcr, bool upper)
{
	unsigned int tg = upper ? (tcr >> 30) & 3 : (tcr >> 14) & 3;
	bool k64 = upper ? tg == 3 : tg == 1;

	if (k64)
		return TCR_IPS(tcr) == TCR_IPS_52 ? OA_LPA : OA_48;
	return tcr & TCR_DS ? OA_LPA2 : OA_48;
}

/*
 * Whether the simulator's walk stands in for the engine's for @va: the MMU
 * on, and 52-bit output addresses or the hardware's access flag updates
 * (TCR_EL1.HA), which the engine's walk does not make.
 */
static bool walk_is_ours(uint64_t sctlr, uint64_t tcr, uint64_t va)
{
	return (sctlr & SCTLR_M) &&
	       (s1_oa_kind(tcr, (va >> 55) & 1) != OA_48 || (tcr & TCR_HA));
}

/* The live registers of the walk of @va, when walk_is_ours(); else false. */
static bool own_walk_regs(uc_engine *uc, uint64_t va, struct s1_regs *r)
{
	r->sctlr = cp_read(uc, ENC_SCTLR_EL1);
	r->tcr = cp_read(uc, ENC_TCR_EL1);
	if (!walk_is_ours(r->sctlr, r->tcr, va))
		return false;
	r->ttbr0 = cp_read(uc, ENC_TTBR0_EL1);
	r->ttbr1 = cp_read(uc, ENC_TTBR1_EL1);
	return true;
}

/*
 * Walks the tables for @va.  @fetch: an instruction fetch (top-byte-ignore
 * then also needs TBID clear).  @strict: blocks only at the levels the
 * architecture allows (Unicorn's own walk takes them at any level; the
 * walks that stand in for it, walk_is_ours(), keep to the architecture).
 */
static enum s1_fault s1_walk(uc_engine *uc, uint64_t va, const struct s1_regs *r,
			     bool fetch, bool strict, struct s1_walk *w)
{
	bool upper = (va >> 55) & 1;
	uint64_t tcr = r->tcr;
	unsigned int tg, gbits, stride, tsz, bits, min_tsz;
	enum s1_oa oa = s1_oa_kind(tcr, upper);
	uint64_t table, ttbr, top;
	bool tbi;
	int level;

	w->table = 0;
	w->level = 0;
	if (!(r->sctlr & SCTLR_M)) {
		w->ipa = va;
		w->shift = 12;
		w->desc = DESC_VALID | DESC_AF | DESC_AP1;
		return S1_OK;
	}
	/* TG0: 0 4K, 1 64K, 2 16K; TG1: 1 16K, 2 4K, 3 64K (others: 4K, as the engine takes them). */
	if (upper) {
		tg = (tcr >> 30) & 3;
		gbits = tg == 1 ? 14 : tg == 3 ? 16 : 12;
	} else {
		tg = (tcr >> 14) & 3;
		gbits = tg == 2 ? 14 : tg == 1 ? 16 : 12;
	}
	stride = gbits - 3;
	tsz = upper ? (tcr >> 16) & 63 : tcr & 63;
	min_tsz = oa == OA_LPA2 ? 12 : 16;
	tsz = tsz < min_tsz ? min_tsz : tsz > 39 ? 39 : tsz;
	bits = 64 - tsz;

	/* The bits above the input range must all be the half's (bit 55). */
	tbi = tcr & (TCR_TBI0 << upper);
	if (fetch && (tcr & (TCR_TBID0 << upper)))
		tbi = false;
	top = (tbi ? va << 8 : va) >> (tbi ? bits + 8 : bits);
	if (top != (upper ? ~0ULL >> (tbi ? bits + 8 : bits) : 0))
		return S1_TRANSLATION;
	if (tcr & (upper ? TCR_EPD1 : TCR_EPD0))
		return S1_TRANSLATION;

	level = 4 - (int)((bits - 4) / stride);
	ttbr = upper ? r->ttbr1 : r->ttbr0;
	{
		/* The start table is aligned to its size, at least 64 bytes with 52-bit addresses. */
		unsigned int tbits = bits - (gbits + stride * (unsigned int)(3 - level)) + 3;

		if (oa != OA_48 && tbits < 6)
			tbits = 6;
		if (oa != OA_48)
			table = (ttbr & 0x0000ffffffffffc0ULL) | ((ttbr >> 2) & 15) << 48;
		else
			table = ttbr & 0x0000fffffffffffeULL;
		table &= ~((1ULL << tbits) - 1);
	}
	for (;; level++) {
		unsigned int shift = gbits + stride * (unsigned int)(3 - level);
		uint64_t idx = (va >> shift) & ((1ULL << (bits - shift < stride ? bits - shift : stride)) - 1);
		uint64_t desc;

		w->level = level;
		w->desc_ipa = table + idx * 8;
		if (uc_mem_read(uc, w->desc_ipa, &desc, sizeof(desc)))
			return S1_WALK_ABORT;
		if (!(desc & DESC_VALID))
			return S1_TRANSLATION;
		if (level < 3 && (desc & DESC_TABLE)) {
			w->table |= desc & (TABLE_PXN | TABLE_UXN | TABLE_AP0 | TABLE_AP1 | TABLE_NS);
			table = s1_out_addr(desc, oa, gbits);
			continue;
		}
		/* A page at level 3 must say so; blocks only where the granule has them. */
		if (level == 3 && !(desc & DESC_TABLE))
			return S1_TRANSLATION;
		if (strict && level < 3) {
			int first = gbits == 12 ? 1 : 2;

			if (oa != OA_48)
				first--;
			if (level < first)
				return S1_TRANSLATION;
		}
		if (level < 0)
			return S1_TRANSLATION;
		w->desc = desc;
		w->shift = shift;
		w->ipa = (s1_out_addr(desc, oa, gbits) & ~((1ULL << shift) - 1)) |
			 (va & ((1ULL << shift) - 1));
		if (tcr & (TCR_HPD0 << upper))
			w->table &= TABLE_NS;
		return desc & DESC_AF ? S1_OK : S1_ACCESS_FLAG;
	}
}

/*
 * The page protections of a walk's leaf for an access at EL0 (@user) or
 * EL1 (with PSTATE.PAN: @pan): AP[2:1] with APTable, UXN/PXN with the
 * tables' XN bits, EL1 never executing what EL0 may write, and SCTLR.WXN.
 */
static int s1_prot(const struct s1_walk *w, uint64_t sctlr, bool user, bool pan)
{
	bool el0 = (w->desc & DESC_AP1) && !(w->table & TABLE_AP0);
	bool ro = (w->desc & DESC_AP2) || (w->table & TABLE_AP1);
	int prot, el0_prot = el0 ? PAGE_READ | (ro ? 0 : PAGE_WRITE) : 0;
	bool xn;

	if (user) {
		prot = el0_prot;
		xn = (w->desc & DESC_UXN) || (w->table & TABLE_UXN);
	} else {
		prot = el0 && pan ? 0 : PAGE_READ | (ro ? 0 : PAGE_WRITE);
		xn = (w->desc & DESC_PXN) || (w->table & TABLE_PXN) || (el0_prot & PAGE_WRITE);
	}
	if ((sctlr & SCTLR_WXN) && (prot & PAGE_WRITE))
		xn = true;
	return xn ? prot : prot | PAGE_EXEC;
}

/*
 * The IPA of @va, BAD_ADDR when there is no valid mapping (permissions and
 * the access flag aside).  The system registers are read as the last slice
 * stored them.
 */
static uint64_t walk(uc_engine *uc, uint64_t va, uint64_t sctlr, uint64_t tcr,
		     uint64_t ttbr0, uint64_t ttbr1)
{
	struct s1_regs r = { sctlr, tcr, ttbr0, ttbr1 };
	struct s1_walk w;
	enum s1_fault f = s1_walk(uc, va, &r, false, walk_is_ours(sctlr, tcr, va), &w);

	return f == S1_OK || f == S1_ACCESS_FLAG ? w.ipa : BAD_ADDR;
}

/*
 * get_phys_addr() is the engine's translation for its TLB (its caller,
 * arm_cpu_tlb_fill(), lives in another file, so the linker's --wrap
 * reaches it).  EL1&0 translations with 52-bit output addresses, or with
 * the hardware's access flag and dirty state updates (FEAT_HAFDBS:
 * TCR_EL1.HA and HD, which QEMU 5.0 does not make), are made here; all
 * others, and everything while the MMU is off, by the engine.  The fault
 * kinds and mmu_idx values are QEMU 5.0's (internals.h, cpu.h).
 */
enum { ARMFault_None, ARMFault_AccessFlag, ARMFault_Permission = 5, ARMFault_Translation,
       ARMFault_SyncExternalOnWalk = 9 };
enum { MMUIdx_E10_0 = 0x10, MMUIdx_E10_1 = 0x12, MMUIdx_E10_1_PAN = 0x13,
       MMUIdx_SE10_0 = 0x17, MMUIdx_SE10_1 = 0x18, MMUIdx_SE10_1_PAN = 0x19 };

struct qemu_fault_info {
	int type;
	uint64_t s2addr;
	int level;
	int domain;
	bool stage2, s1ptw, ea;
};

struct qemu_tx_attrs {
	unsigned int unspecified:1;
	unsigned int secure:1;
	unsigned int user:1;
	unsigned int requester_id:16;
	unsigned int byte_swap:1;
	unsigned int target_tlb_bit0:1;
	unsigned int target_tlb_bit1:1;
	unsigned int target_tlb_bit2:1;
};

bool __real_get_phys_addr_aarch64(struct CPUARMState *env, uint64_t address, int access_type,
				  int mmu_idx, uint64_t *phys, struct qemu_tx_attrs *attrs,
				  int *prot, uint64_t *page_size, struct qemu_fault_info *fi,
				  void *cacheattrs);
bool __wrap_get_phys_addr_aarch64(struct CPUARMState *env, uint64_t address, int access_type,
				  int mmu_idx, uint64_t *phys, struct qemu_tx_attrs *attrs,
				  int *prot, uint64_t *page_size, struct qemu_fault_info *fi,
				  void *cacheattrs);

/*
 * The hardware's update of a descriptor (access flag, dirty state), made
 * as one atomic exchange on the slot's memory; false when the descriptor
 * changed under it (the walk is made again) or cannot be written.  The
 * page the table is on is dirty for logging, as a stage-1 walk's write is.
 */
static bool update_desc(struct uc_vcpu *u, uint64_t ipa, uint64_t old, uint64_t new)
{
	for (size_t i = 0; i < u->nr_maps; i++) {
		uint64_t *p;

		if (ipa < u->maps[i].gpa || ipa - u->maps[i].gpa >= u->maps[i].size)
			continue;
		if (!(u->maps[i].perms & UC_PROT_WRITE) || !u->maps[i].hva)
			return false;
		p = (uint64_t *)(uintptr_t)(u->maps[i].hva + (ipa - u->maps[i].gpa));
		if (!__atomic_compare_exchange_n(p, &old, new, false, __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST))
			return false;
		if (u->log_hooked)
			log_store(u, ipa);
		return true;
	}
	return false;
}

bool __wrap_get_phys_addr_aarch64(struct CPUARMState *env, uint64_t address, int access_type,
				  int mmu_idx, uint64_t *phys, struct qemu_tx_attrs *attrs,
				  int *prot, uint64_t *page_size, struct qemu_fault_info *fi,
				  void *cacheattrs)
{
	static const int access_prot[] = { PAGE_READ, PAGE_WRITE, PAGE_EXEC };
	struct uc_vcpu *u = running;
	bool secure = mmu_idx >= MMUIdx_SE10_0 && mmu_idx <= MMUIdx_SE10_1_PAN;
	bool user = mmu_idx == MMUIdx_E10_0 || mmu_idx == MMUIdx_SE10_0;
	bool pan = mmu_idx == MMUIdx_E10_1_PAN || mmu_idx == MMUIdx_SE10_1_PAN;
	struct s1_regs r;
	struct s1_walk w;
	enum s1_fault f;
	unsigned int tries = 0;

	if (!u || !in_exec || access_type < 0 || access_type > 2 ||
	    !(secure || user || pan || mmu_idx == MMUIdx_E10_1) ||
	    !own_walk_regs(u->uc, address, &r))
		goto engine;

again:
	f = s1_walk(u->uc, address, &r, access_type == 2, true, &w);
	if (f == S1_ACCESS_FLAG && (r.tcr & TCR_HA)) {
		if (!update_desc(u, w.desc_ipa, w.desc, w.desc | DESC_AF) && ++tries < 8)
			goto again;
		if (tries < 8) {
			w.desc |= DESC_AF;
			f = S1_OK;
		}
	}
	if (f == S1_OK) {
		*prot = s1_prot(&w, r.sctlr, user, pan);
		/* A writable-clean page (DBM) becomes dirty: AP[2] cleared. */
		if (access_type == 1 && !(*prot & PAGE_WRITE) && (r.tcr & TCR_HA) &&
		    (r.tcr & TCR_HD) && (w.desc & DESC_DBM) && (w.desc & DESC_AP2)) {
			if (!update_desc(u, w.desc_ipa, w.desc, w.desc & ~DESC_AP2) && ++tries < 8)
				goto again;
			if (tries < 8) {
				w.desc &= ~DESC_AP2;
				*prot = s1_prot(&w, r.sctlr, user, pan);
			}
		}
		if (!(*prot & access_prot[access_type]))
			f = S1_PERMISSION;
	}
	if (f != S1_OK) {
		static const int kind[] = {
			[S1_TRANSLATION] = ARMFault_Translation,
			[S1_ACCESS_FLAG] = ARMFault_AccessFlag,
			[S1_PERMISSION] = ARMFault_Permission,
			[S1_WALK_ABORT] = ARMFault_SyncExternalOnWalk,
		};

		fi->type = kind[f];
		fi->level = w.level;
		fi->stage2 = false;
		return true;
	}
	attrs->secure = secure && !((w.desc & DESC_NS) || (w.table & TABLE_NS));
	attrs->user = user;
	*phys = w.ipa;
	*page_size = 1ULL << w.shift;
	return false;
engine:
	return __real_get_phys_addr_aarch64(env, address, access_type, mmu_idx, phys, attrs, prot,
					   page_size, fi, cacheattrs);
}

/*
 * AT S1E1R/W, S1E0R/W and S1E1RP/WP, where the walk is the simulator's
 * (above): QEMU's AT walks its own way, so its PAR_EL1 would be wrong for
 * them.  The PAR_EL1 is QEMU's 64-bit format (bit 11 set): the output
 * address, NS, the MAIR attribute and shareability; or F with the fault
 * status.  An abort on the walk is left to the engine.  The hook sees
 * every SYS instruction (op0 1) before the engine checks it; an AT at EL0
 * goes on to be undefined there.
 */
#define ENC_PAR_EL1	ENC(3, 0, 7, 4, 0)
#define ENC_MAIR_EL1	ENC(3, 0, 10, 2, 0)
#define PSTATE_PAN	(1ULL << 22)

static uint32_t on_sys(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *data)
{
	bool at = cp->op0 == 1 && cp->op1 == 0 && cp->crn == 7 &&
		  ((cp->crm == 8 && cp->op2 <= 3) || (cp->crm == 9 && cp->op2 <= 1));
	bool user = cp->crm == 8 && cp->op2 >= 2, write = cp->op2 & 1;
	uint64_t pstate, par = 1ULL << 11;
	struct s1_regs r;
	struct s1_walk w;
	enum s1_fault f;
	bool upper;

	if (!at)
		return 0;
	pstate = guest_pstate(uc);
	if (((pstate >> 2) & 3) != 1 || !own_walk_regs(uc, cp->val, &r))
		return 0;
	upper = (cp->val >> 55) & 1;
	f = s1_walk(uc, cp->val, &r, false, true, &w);
	if (f == S1_WALK_ABORT)
		return 0;
	/* With HA there is no access flag fault (AT leaves the flag as it is). */
	if (f == S1_ACCESS_FLAG && (r.tcr & TCR_HA))
		f = S1_OK;
	if (f == S1_OK) {
		bool pan = !user && (cp->crm == 9 || (pstate & PSTATE_PAN));
		int prot = s1_prot(&w, r.sctlr, user, pan);

		if (!(prot & (write ? PAGE_WRITE : PAGE_READ)))
			f = S1_PERMISSION;
	}
	if (f == S1_OK) {
		unsigned int attr = (cp_read(uc, ENC_MAIR_EL1) >> (8 * ((w.desc >> 2) & 7))) & 0xff;
		unsigned int sh = s1_oa_kind(r.tcr, upper) == OA_LPA2 ?
				  (r.tcr >> (upper ? 28 : 12)) & 3 : (w.desc >> 8) & 3;

		par |= (w.ipa & 0x000ffffffffff000ULL) | 1ULL << 9 | (uint64_t)attr << 56 |
		       (uint64_t)sh << 7;
	} else {
		/* Translation, access flag or permission fault, level 0-3; level -1: 0b101011. */
		unsigned int fsc = w.level < 0 ? 0x2b :
				   (f == S1_TRANSLATION ? 0x4 : f == S1_ACCESS_FLAG ? 0x8 : 0xc) +
				   (unsigned int)w.level;

		par |= 1 | fsc << 1;
	}
	cp_write(uc, ENC_PAR_EL1, par);
	return 1;
}

static uint64_t va_to_ipa(struct kvm_vcpu *vcpu, uc_engine *uc, uint64_t va)
{
	return walk(uc, va, sys_reg(vcpu, ENC_SCTLR_EL1), sys_reg(vcpu, ENC_TCR_EL1),
		    sys_reg(vcpu, ENC_TTBR0_EL1), sys_reg(vcpu, ENC_TTBR1_EL1));
}

/* The same in the middle of a slice: the registers as the engine has them. */
static uint64_t va_to_ipa_live(uc_engine *uc, uint64_t va)
{
	return walk(uc, va, cp_read(uc, ENC_SCTLR_EL1), cp_read(uc, ENC_TCR_EL1),
		    cp_read(uc, ENC_TTBR0_EL1), cp_read(uc, ENC_TTBR1_EL1));
}

/* The instruction at virtual address @pc, or 0 (UDF) if it cannot be read. */
static uint32_t insn_at(struct uc_vcpu *u, uint64_t pc)
{
	uint64_t ipa = va_to_ipa(u->vcpu, u->uc, pc);
	uint32_t insn = 0;

	if (ipa != BAD_ADDR)
		uc_mem_read(u->uc, ipa, &insn, sizeof(insn));
	return insn;
}

/* ---- guest debugging: breakpoints and watchpoints ---------------------- */

static unsigned int current_el_bit(uc_engine *uc)
{
	switch (guest_el(uc)) {
	case 0:
		return KVM_ARM_DBG_EL0;
	case 1:
		return KVM_ARM_DBG_EL1;
	default:
		return 0;
	}
}

/* A breakpoint's code hook: the engine stops before the instruction runs. */
static void on_breakpoint(uc_engine *uc, uint64_t addr, uint32_t size, void *data)
{
	struct uc_vcpu *u = data;
	unsigned int el = current_el_bit(uc);

	for (unsigned int i = 0; i < u->nr_bps; i++) {
		if (u->bps[i].addr != addr || !(u->bps[i].els & el))
			continue;
		u->hooked = true;
		u->intno = 0;
		u->exit->reason = KVM_EMU_BREAKPT;
		stop_here(u);
		return;
	}
}

/* The breakpoint hooks, made anew after each KVM_SET_GUEST_DEBUG. */
static int sync_breakpoints(struct kvm_vcpu *vcpu, struct uc_vcpu *u)
{
	unsigned int gen = to_arm64_vcpu(vcpu)->debug_gen, n;

	if (gen == u->debug_gen)
		return 0;
	/*
	 * Code translated before has no call to a new hook, and keeps calling
	 * an old one: the blocks holding either address go.  (Not a whole TB
	 * flush: in Unicorn 2.0 that touches all of the engine's 1 GiB code
	 * buffer.)
	 */
	for (unsigned int i = 0; i < u->nr_bps; i++) {
		uc_hook_del(u->uc, u->bp_hooks[i]);
		uc_ctl_remove_cache(u->uc, u->bps[i].addr, u->bps[i].addr + 4);
	}
	u->nr_bps = 0;
	n = kvm_arm_hw_breakpoints(vcpu, u->bps);
	for (unsigned int i = 0; i < n; i++) {
		uc_err e = uc_hook_add(u->uc, &u->bp_hooks[i], UC_HOOK_CODE, (void *)on_breakpoint,
				       u, u->bps[i].addr, u->bps[i].addr);

		if (e) {
			while (i--)
				uc_hook_del(u->uc, u->bp_hooks[i]);
			return uc_err_to_errno(e);
		}
		uc_ctl_remove_cache(u->uc, u->bps[i].addr, u->bps[i].addr + 4);
	}
	u->nr_bps = n;
	u->debug_gen = gen;
	return 0;
}

/* The access rights of the slot holding @ipa; 0 outside every slot. */
static uint32_t map_perms(const struct uc_vcpu *u, uint64_t ipa)
{
	for (size_t i = 0; i < u->nr_maps; i++)
		if (ipa - u->maps[i].gpa < u->maps[i].size)
			return u->maps[i].perms;
	return 0;
}

/*
 * Closes the watched pages, or gives them their rights back.  Only a change
 * of write access makes Unicorn drop its TLB, which may still allow an
 * access the new rights forbid: so each page's write access is flipped
 * first.
 */
static void watch_close(struct uc_vcpu *u, bool close)
{
	for (unsigned int i = 0; i < u->nr_watch; i++) {
		uint32_t perms = u->watch[i].perms;

		if (close)
			perms &= ~(uint32_t)(UC_PROT_READ | UC_PROT_WRITE);
		uc_mem_protect(u->uc, u->watch[i].ipa, WATCH_PAGE, perms ^ UC_PROT_WRITE);
		uc_mem_protect(u->uc, u->watch[i].ipa, WATCH_PAGE, perms);
	}
}

/*
 * The guest pages the watchpoints cover, as this run translates them,
 * closed for reads and writes until the run ends, whatever the
 * watchpoints watch: an access that went through would open the page to
 * every later access in Unicorn's TLB.
 */
static void watch_setup(struct kvm_vcpu *vcpu, struct uc_vcpu *u)
{
	u->nr_watch = 0;
	u->nr_wps = kvm_arm_hw_watchpoints(vcpu, u->wps);
	for (unsigned int i = 0; i < u->nr_wps; i++) {
		const struct kvm_arm_hw_wp *wp = &u->wps[i];
		uint64_t va = wp->addr & ~(WATCH_PAGE - 1);
		uint64_t last = (wp->addr + wp->len - 1) & ~(WATCH_PAGE - 1);

		for (unsigned int pages = 0; pages < MAX_WATCH_PAGES; pages++, va += WATCH_PAGE) {
			uint64_t ipa = va_to_ipa(vcpu, u->uc, va);
			uint32_t perms = ipa == BAD_ADDR ? 0 : map_perms(u, ipa);
			unsigned int k;

			for (k = 0; perms && k < u->nr_watch && u->watch[k].ipa != ipa; k++)
				;
			if (perms && k == u->nr_watch && k < MAX_WATCH_PAGES) {
				u->watch[k].ipa = ipa;
				u->watch[k].perms = perms;
				u->nr_watch++;
			}
			if (va == last)
				break;
		}
	}
	watch_close(u, true);
}

/*
 * A fault on a page the watchpoints closed: a watchpoint's hit, before the
 * access (FAR: the first watched byte accessed), or an access to other
 * bytes, to run again with the page open.  False: not the watchpoints'.
 */
static bool on_watched_page(struct uc_vcpu *u, uc_mem_type type, uint64_t addr, int size)
{
	bool write = type == UC_MEM_WRITE_PROT;
	uint32_t right = write ? UC_PROT_WRITE : UC_PROT_READ;
	unsigned int el;
	uint64_t ipa;

	if (!u->nr_watch || (type != UC_MEM_READ_PROT && type != UC_MEM_WRITE_PROT))
		return false;
	el = current_el_bit(u->uc);
	for (unsigned int i = 0; i < u->nr_wps; i++) {
		const struct kvm_arm_hw_wp *wp = &u->wps[i];

		if (!(write ? wp->store : wp->load) || !(wp->els & el))
			continue;
		if (addr + (uint64_t)size <= wp->addr || addr >= wp->addr + wp->len)
			continue;
		u->hooked = true;
		u->intno = 0;
		u->exit->reason = KVM_EMU_WATCHPT;
		u->exit->addr = addr > wp->addr ? addr : wp->addr;
		u->exit->write = write;
		return true;
	}
	ipa = va_to_ipa(u->vcpu, u->uc, addr) & ~(WATCH_PAGE - 1);
	for (unsigned int k = 0; k < u->nr_watch; k++) {
		if (u->watch[k].ipa != ipa || !(u->watch[k].perms & right))
			continue;
		u->hooked = true;
		u->intno = 0;
		u->step_over = true;
		return true;
	}
	return false;
}

/* ---- the virtual SError ----------------------------------------------- */

/* Before each instruction: the CPU takes the SError as soon as PSTATE.A is clear. */
static void on_serror_window(uc_engine *uc, uint64_t addr, uint32_t size, void *data)
{
	struct uc_vcpu *u = data;
	uint64_t pstate = 0;

	uc_reg_read(uc, UC_ARM64_REG_PSTATE, &pstate);
	if (pstate & PSTATE_A)
		return;
	u->hooked = true;
	u->intno = 0;
	u->exit->reason = KVM_EMU_VSERROR;
	stop_here(u);
}

/*
 * The hook exists while an SError is pending only: it costs a call per
 * instruction.  Translated code keeps the hook calls it was made with, so
 * the slots' code goes either way.
 */
static int sync_serror_hook(struct kvm_vcpu *vcpu, struct uc_vcpu *u)
{
	bool pending = kvm_vserror_pending(vcpu);

	if (pending == u->serror_hooked)
		return 0;
	if (pending) {
		uc_err e = uc_hook_add(u->uc, &u->serror_hook, UC_HOOK_CODE,
				       (void *)on_serror_window, u, 1, 0);

		if (e)
			return uc_err_to_errno(e);
	} else {
		uc_hook_del(u->uc, u->serror_hook);
	}
	u->serror_hooked = pending;
	for (size_t i = 0; i < u->nr_maps; i++)
		uc_ctl_remove_cache(u->uc, u->maps[i].gpa, u->maps[i].gpa + u->maps[i].size);
	return 0;
}

/* ---- dirty logging ----------------------------------------------------- */

/* A guest store to @ipa: logged; a dirty ring that fills up ends the slice. */
static void log_store(struct uc_vcpu *u, uint64_t ipa)
{
	kvm_mark_page_dirty(u->vcpu->kvm, u->vcpu, ipa >> PAGE_SHIFT);
	if (kvm_dirty_ring_soft_full(&u->vcpu->dirty_ring))
		stop_here(u);
}

/*
 * Before every guest store (Unicorn's store helper, which every store to
 * RAM goes through: Unicorn 2.0 keeps no clean pages, so each RAM page's
 * TLB entry takes the slow path).  Where the memory_mapping() wrapper
 * translates the address next, it is only noted; else it is walked here.
 */
static void on_store(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
		     void *data)
{
	struct uc_vcpu *u = data;
	uint64_t ipa;

	(void)type;
	(void)size;
	(void)value;
	if (wrapper_walks(u, uc)) {
		u->store_pending = true;
		u->store_va = addr;
		return;
	}
	ipa = va_to_ipa_live(uc, addr);
	if (ipa != BAD_ADDR)
		log_store(u, ipa);
}

/*
 * The store hook exists only while some slot logs: its mere presence
 * makes x86-64 hosts' translated code call out for every load too.  No
 * translated code needs to go when it comes or goes: the store helper,
 * which every RAM store reaches, looks the hooks up at each store.
 */
static int sync_log_hook(struct uc_vcpu *u, bool logging)
{
	if (logging == u->log_hooked)
		return 0;
	if (logging) {
		uc_err e = uc_hook_add(u->uc, &u->log_hook, UC_HOOK_MEM_WRITE, (void *)on_store, u,
				       1, 0);

		if (e)
			return uc_err_to_errno(e);
	} else {
		uc_hook_del(u->uc, u->log_hook);
	}
	u->log_hooked = logging;
	u->store_pending = false;
	return 0;
}

/* Turns how the engine stopped into the trap KVM would have taken. */
static void classify(struct uc_vcpu *u, uc_err e, struct kvm_emu_exit *exit, uint64_t start_pc,
		     uint64_t budget)
{
	uint64_t pc;

	uc_reg_read(u->uc, UC_ARM64_REG_PC, &pc);
	/* The PC is at the instruction the breakpoint, watchpoint or SError stopped. */
	if (u->hooked && (exit->reason == KVM_EMU_BREAKPT || exit->reason == KVM_EMU_WATCHPT ||
			  exit->reason == KVM_EMU_VSERROR))
		return;
	if (u->hooked && !u->intno) {
		uint64_t ipa = va_to_ipa(u->vcpu, u->uc, exit->addr);

		/* An address no table maps would have been the guest's own abort. */
		if (ipa == BAD_ADDR) {
			exit->reason = KVM_EMU_FAILED;
			return;
		}
		exit->va = exit->addr;
		exit->addr = ipa;
		if (exit->reason == KVM_EMU_DABT)
			exit->insn = insn_at(u, pc);
		return;
	}
	if (u->hooked && u->intno == EXCP_UDEF) {
		/* Without EL2 an HVC is undefined: it is the hypercall. */
		exit->insn = insn_at(u, pc);
		if ((exit->insn & INSN_HVC_MASK) == INSN_HVC) {
			exit->reason = KVM_EMU_HVC;
			exit->imm = (uint16_t)(exit->insn >> 5);
			pc += 4;
			uc_reg_write(u->uc, UC_ARM64_REG_PC, &pc);
		} else {
			exit->reason = KVM_EMU_UNDEF;
		}
		return;
	}
	if (u->hooked && u->intno == EXCP_BKPT) {
		exit->reason = KVM_EMU_BRK;
		exit->imm = (uint16_t)(insn_at(u, pc) >> 5);
		return;
	}
	if (u->hooked && u->intno == EXCP_SMC) {
		pc -= 4;
		uc_reg_write(u->uc, UC_ARM64_REG_PC, &pc);
		exit->reason = KVM_EMU_SMC;
		exit->imm = (uint16_t)(insn_at(u, pc) >> 5);
		return;
	}
	if (u->hooked || e) {
		exit->reason = KVM_EMU_FAILED;
		return;
	}
	/* Unicorn returns after a WFI it halted on with the PC past it. */
	if (u->wfx && (budget > 1 || pc == start_pc + 4) &&
	    (insn_at(u, pc - 4) & INSN_WFX_MASK) == INSN_WFX) {
		pc -= 4;
		uc_reg_write(u->uc, UC_ARM64_REG_PC, &pc);
		exit->reason = KVM_EMU_WFX;
		exit->insn = insn_at(u, pc);
		return;
	}
	exit->reason = KVM_EMU_BUDGET;
	if (budget == 1)
		exit->insn = insn_at(u, start_pc);
}

/* The calling thread's id, for uc_sync_memslots(). */
static int this_tid(void)
{
	static __thread int tid;

	if (!tid)
		tid = (int)syscall(SYS_gettid);
	return tid;
}

/* The flush __wrap_tb_flush_aarch64() put off: all code, or a breakpoint's. */
static void flush_put_off(struct uc_vcpu *u)
{
	if (u->flush_cpu)
		__real_tb_flush_aarch64(u->flush_cpu);
	else
		for (unsigned int i = 0; i < u->nr_inval; i++)
			uc_ctl_remove_cache(u->uc, u->inval[i], u->inval[i] + 4);
	u->flush_cpu = NULL;
	u->nr_inval = 0;
}

static int uc_vcpu_run(struct kvm_vcpu *vcpu, uint64_t budget, struct kvm_emu_exit *exit)
{
	struct uc_vcpu *u = uc_of(vcpu);
	uint64_t pc;
	uc_err e;
	int r;

	if (!u) {
		r = engine_create(vcpu);
		if (r)
			return r;
		u = uc_of(vcpu);
	}
	/* In before the slots are looked at: a change from now on waits for this slice. */
	atomic_store(&u->tid, this_tid());
	atomic_store(&u->in_run, true);
	r = sync_memslots(vcpu, u);
	atomic_store(&u->run_gen, u->memslots_gen);
	if (!r)
		r = sync_breakpoints(vcpu, u);
	if (!r)
		r = sync_serror_hook(vcpu, u);
	if (r) {
		atomic_store(&u->in_run, false);
		return r;
	}
	memset(exit, 0, sizeof(*exit));
	u->exit = exit;
	u->hooked = false;
	u->intno = 0;
	u->step_over = false;
	u->wfx = false;
	load_state(vcpu, u->uc);
	watch_setup(vcpu, u);
	pc = to_arm64_vcpu(vcpu)->regs.regs.pc;
	flush_put_off(u);
	running = u;
	e = uc_emu_start(u->uc, pc, ~0ULL, 0, (size_t)budget);
	if (u->step_over) {
		/* Other bytes of a watched page: that one instruction runs with the page open. */
		watch_close(u, false);
		u->nr_watch = 0;
		u->hooked = false;
		memset(exit, 0, sizeof(*exit));
		uc_reg_read(u->uc, UC_ARM64_REG_PC, &pc);
		budget = 1;
		e = uc_emu_start(u->uc, pc, ~0ULL, 0, 1);
	}
	running = NULL;
	running_cpu = NULL;
	atomic_store(&u->in_run, false);
	watch_close(u, false);
	/* The registers first: the translation in classify() reads TCR and co. */
	store_state(vcpu, u->uc);
	classify(u, e, exit, pc, budget);
	uc_reg_read(u->uc, UC_ARM64_REG_PC, &to_arm64_vcpu(vcpu)->regs.regs.pc);
	u->exit = NULL;
	return 0;
}

/*
 * After a slot change: each vCPU in the middle of a slice made with older
 * slots is stopped, and waited for until its next slice maps the new ones
 * (a stop may land before the engine starts and be lost: it is repeated).
 * A slice is at most RUN_BUDGET instructions, so the wait is short.
 */
static void uc_sync_memslots(struct kvm *kvm)
{
	unsigned int gen = atomic_load(&to_arm64_vm(kvm)->memslots_gen);
	unsigned int n = atomic_load(&kvm->online_vcpus);
	const struct timespec pause = { 0, 100 * 1000 };

	for (unsigned int i = 0; i < n; i++) {
		struct uc_vcpu *u = __atomic_load_n(&to_arm64_vcpu(kvm->vcpus[i])->emu,
						    __ATOMIC_ACQUIRE);

		if (!u)
			continue;
		while (atomic_load(&u->in_run) && (int)(atomic_load(&u->run_gen) - gen) < 0) {
			/* Called on the vCPU's own thread (a signal handler in KVM_RUN). */
			if (atomic_load(&u->tid) == this_tid())
				break;
			uc_emu_stop(u->uc);
			nanosleep(&pause, NULL);
		}
	}
}

/*
 * On the vCPU's own thread inside a slice: its inputs change at once.
 * From another thread nothing is done to the engine: the vCPU looks at
 * its inputs when its slice ends (at most RUN_BUDGET instructions), or at
 * once when it sleeps in WFI (arm.c wakes it).  Poking a running engine
 * from another thread, with uc_emu_stop() and even with QEMU's cpu_exit(),
 * corrupted guest state (a PC made of instruction bytes, once in a few
 * runs of the arch_timer selftest with 4 vCPUs).  Whether this thread
 * runs the vCPU is asked of the thread's own @running, never of the
 * vCPU's engine pointer, which its thread may be changing.
 */
static void uc_kick(struct kvm_vcpu *vcpu)
{
	struct uc_vcpu *u = running;

	if (u && u->vcpu == vcpu)
		apply_irq_lines(u, in_exec);
}

static const struct kvm_arm_emu_ops unicorn_ops = {
	.name = "unicorn",
	.vcpu_destroy = uc_vcpu_destroy,
	.vcpu_enter = uc_vcpu_enter,
	.run = uc_vcpu_run,
	.sync_memslots = uc_sync_memslots,
	.kick = uc_kick,
};

const struct kvm_arm_emu_ops *kvm_arm_emu(void)
{
	return &unicorn_ops;
}
