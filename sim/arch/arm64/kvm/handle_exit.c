// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What the run loop does with each guest exit (the kernel's
 * arch/arm64/kvm/handle_exit.c): 1 to re-enter the guest, 0 to return to
 * userspace with vcpu->run filled in, or a negative errno for KVM_RUN.
 */
#include "emulate.h"
#include "kvm_arm.h"

#define INSN_WFI_BIT	(1U << 5)	/* WFI; clear for WFE */
/* LDXR, LDAXR, LDXP, LDAXP: a single step of one says so (ESR.EX). */
#define INSN_LDEX_MASK	0x3fc00000U
#define INSN_LDEX	0x08400000U

static int handle_hvc(struct kvm_vcpu *vcpu, bool smc)
{
	int r = kvm_smccc_call_handler(vcpu, smc);

	if (r < 0) {
		vcpu_set_reg(vcpu, 0, ~0ULL);
		r = 1;
	}
	return r;
}

/*
 * A trapped SMC: older kernels implement no SMC service and say "unknown
 * function" in x0; newer ones give it the HVC handling when its immediate
 * is 0 (run.psci.version.smc).
 */
static int handle_smc(struct kvm_vcpu *vcpu, const struct kvm_emu_exit *exit)
{
	kvm_incr_pc(vcpu);
	if (!kvm_release(vcpu->kvm)->smc_calls || exit->imm) {
		vcpu_set_reg(vcpu, 0, ~0ULL);
		return 1;
	}
	return handle_hvc(vcpu, true);
}

/*
 * WFE only yields; WFI sleeps until a signal or a change of power state.
 * A pending virtual SError, masked or not, is a wake-up event: the WFI
 * completes at once (run.ev.serror.wfi).
 */
static int kvm_handle_wfx(struct kvm_vcpu *vcpu, const struct kvm_emu_exit *exit)
{
	if ((exit->insn & INSN_WFI_BIT) && !to_arm64_vcpu(vcpu)->serror_pending)
		kvm_vcpu_wfi(vcpu);
	kvm_incr_pc(vcpu);
	return 1;
}

/*
 * What the kernel keeps of a trap to EL2 for an abort injected later
 * (KVM_SET_VCPU_EVENTS): ESR_EL2.IL, which every AArch64 trap sets, and an
 * abort's FAR_EL2 (run.ev.dabt.* in section "run").  The guest's own
 * exceptions, an instruction budget spent and a WFI that does not sleep
 * are no trap.
 */
static void save_fault_info(struct kvm_vcpu *vcpu, const struct kvm_emu_exit *exit)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	switch (exit->reason) {
	case KVM_EMU_DABT:
	case KVM_EMU_IABT:
		v->fault_far = exit->va;
		break;
	case KVM_EMU_BUDGET:
		if (!kvm_arm_singlestep(vcpu))
			return;
		break;
	case KVM_EMU_BRK:
		if (!kvm_arm_brk_exits(vcpu))
			return;
		break;
	case KVM_EMU_WFX:
		if (v->serror_pending)
			return;
		break;
	case KVM_EMU_UNDEF:
	case KVM_EMU_VSERROR:
	case KVM_EMU_FAILED:
		return;
	default:
		break;
	}
	v->fault_il = true;
}

int handle_exit(struct kvm_vcpu *vcpu, const struct kvm_emu_exit *exit)
{
	struct kvm_run *run = vcpu->run;

	save_fault_info(vcpu, exit);
	switch (exit->reason) {
	case KVM_EMU_BUDGET:
		/* While stepping, the budget is the one instruction. */
		if (kvm_arm_singlestep(vcpu))
			return kvm_arm_handle_step(vcpu, (exit->insn & INSN_LDEX_MASK) == INSN_LDEX);
		return 1;
	case KVM_EMU_DABT:
	case KVM_EMU_IABT:
		return kvm_handle_guest_abort(vcpu, exit);
	case KVM_EMU_HVC:
		kvm_arm64_stat_inc(vcpu, ARM64_STAT_HVC_EXIT);
		kvm_arm_ss_advance(vcpu);
		return handle_hvc(vcpu, false);
	case KVM_EMU_SMC:
		return handle_smc(vcpu, exit);
	case KVM_EMU_WFX:
		kvm_arm64_stat_inc(vcpu, exit->insn & INSN_WFI_BIT ? ARM64_STAT_WFI_EXIT : ARM64_STAT_WFE_EXIT);
		return kvm_handle_wfx(vcpu, exit);
	case KVM_EMU_UNDEF:
		kvm_inject_undefined(vcpu);
		kvm_arm_ss_exception(vcpu);
		return 1;
	case KVM_EMU_BRK:
		/* Debug exceptions go to EL2 while userspace debugs, USE_SW_BP or not. */
		if (kvm_arm_brk_exits(vcpu))
			return kvm_arm_handle_brk(vcpu, exit->imm);
		kvm_inject_brk(vcpu, exit->imm);
		return 1;
	case KVM_EMU_BREAKPT:
		return kvm_arm_handle_breakpoint(vcpu);
	case KVM_EMU_WATCHPT:
		return kvm_arm_handle_watchpoint(vcpu, exit->addr, exit->write);
	case KVM_EMU_VSERROR:
		kvm_take_vserror(vcpu);
		kvm_arm_ss_exception(vcpu);
		return 1;
	default:
		/* Beyond what the backend can run: the simulator's own limit, said plainly. */
		run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
		run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
		run->internal.ndata = 0;
		return 0;
	}
}
