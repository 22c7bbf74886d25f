// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Exceptions the simulator makes the guest take at EL1 (the kernel's
 * arch/arm64/kvm/inject_fault.c): an undefined instruction, and a
 * prefetch abort for a fetch from outside guest memory.
 */
#include "kvm_arm.h"

#define SYS_ESR_EL1	0xc290U		/* op0 3, op1 0, CRn 5, CRm 2, op2 0 */
#define SYS_FAR_EL1	0xc300U		/* op0 3, op1 0, CRn 6, CRm 0, op2 0 */
#define SYS_VBAR_EL1	0xc600U		/* op0 3, op1 0, CRn 12, CRm 0, op2 0 */

#define ESR_EC_SHIFT	26
#define ESR_EC_UNKNOWN	0x00U
#define ESR_EC_IABT_LOW	0x20U
#define ESR_EC_IABT_CUR	0x21U
#define ESR_EC_BRK64	0x3cU
#define ESR_IL		(1U << 25)
#define ESR_FSC_EXTABT	0x10U

/* Exception entry: EL1h with D, A, I and F masked. */
#define PSR_EL1h_DAIF	0x3c5ULL

/* Vector offsets: from EL1 on SP_EL0, EL1 on SP_EL1, lower EL AArch64, AArch32. */
static uint64_t vector_offset(uint64_t pstate)
{
	switch (pstate & PSR_AA32_MODE_MASK) {
	case PSR_MODE_EL1t:
		return 0x000;
	case PSR_MODE_EL1h:
		return 0x200;
	case PSR_MODE_EL0t:
		return 0x400;
	default:
		return 0x600;
	}
}

static void set_sys(struct kvm_vcpu *vcpu, uint32_t enc, uint64_t val)
{
	uint64_t *p = vcpu_sys_reg_ptr(vcpu, enc);

	if (p)
		*p = val;
}

/* A synchronous exception to EL1, as the CPU would take it. */
static void enter_exception64(struct kvm_vcpu *vcpu, uint32_t esr)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	uint64_t pstate = v->regs.regs.pstate;
	uint64_t *vbar = vcpu_sys_reg_ptr(vcpu, SYS_VBAR_EL1);

	v->regs.elr_el1 = v->regs.regs.pc;
	v->regs.spsr[KVM_SPSR_EL1] = pstate;
	set_sys(vcpu, SYS_ESR_EL1, esr);
	v->regs.regs.pstate = PSR_EL1h_DAIF;
	v->regs.regs.pc = (vbar ? *vbar : 0) + vector_offset(pstate);
}

void kvm_inject_undefined(struct kvm_vcpu *vcpu)
{
	enter_exception64(vcpu, (ESR_EC_UNKNOWN << ESR_EC_SHIFT) | ESR_IL);
}

void kvm_inject_pabt(struct kvm_vcpu *vcpu, uint64_t addr)
{
	bool from_el0 = (to_arm64_vcpu(vcpu)->regs.regs.pstate & PSR_AA32_MODE_MASK) == PSR_MODE_EL0t;
	uint32_t ec = from_el0 ? ESR_EC_IABT_LOW : ESR_EC_IABT_CUR;

	enter_exception64(vcpu, (ec << ESR_EC_SHIFT) | ESR_IL | ESR_FSC_EXTABT);
	set_sys(vcpu, SYS_FAR_EL1, addr);
}

/* Not KVM's doing: the exception a guest's BRK takes when nobody debugs it. */
void kvm_inject_brk(struct kvm_vcpu *vcpu, uint16_t imm)
{
	enter_exception64(vcpu, (ESR_EC_BRK64 << ESR_EC_SHIFT) | ESR_IL | imm);
}
