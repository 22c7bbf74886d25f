// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Exceptions the simulator makes the guest take at EL1 (the kernel's
 * arch/arm64/kvm/inject_fault.c): an undefined instruction, and a
 * prefetch abort for a fetch from outside guest memory.  And what
 * KVM_SET_VCPU_EVENTS injects: a virtual SError, and an external data
 * abort.
 */
#include "kvm_arm.h"

#define SYS_ESR_EL1	0xc290U		/* op0 3, op1 0, CRn 5, CRm 2, op2 0 */
#define SYS_FAR_EL1	0xc300U		/* op0 3, op1 0, CRn 6, CRm 0, op2 0 */
#define SYS_VBAR_EL1	0xc600U		/* op0 3, op1 0, CRn 12, CRm 0, op2 0 */
#define SYS_TCR_EL1	0xc102U		/* op0 3, op1 0, CRn 2, CRm 0, op2 2 */

#define ESR_EC_SHIFT	26
#define ESR_EC_UNKNOWN	0x00U
#define ESR_EC_IABT_LOW	0x20U
#define ESR_EC_IABT_CUR	0x21U
#define ESR_EC_DABT_LOW	0x24U
#define ESR_EC_DABT_CUR	0x25U
#define ESR_EC_BRK64	0x3cU
#define ESR_IL		(1U << 25)
#define ESR_FSC_EXTABT	0x10U
#define ESR_ISV		(1ULL << 24)
#define ESR_ISS_MASK	0x1ffffffULL

/* AArch32 DFSR for a synchronous external abort, by TTBCR.EAE (TCR_EL1 bit 31). */
#define TTBCR_EAE		(1ULL << 31)
#define DFSR_EXTABT_LPAE	0x210U		/* LPAE format (bit 9), FSC 0x10 */
#define DFSR_EXTABT_SHORT	0x008U

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

/*
 * The kernel writes the syndrome and the address at once and enters the
 * exception at the next guest entry; only the first half is modelled: the
 * entry (PC, PSTATE, ELR_EL1, SPSR_EL1) is not, so the exception is lost
 * if the vCPU runs.  IL is the last trap's: clear before any.
 */
static void inject_abt64(struct kvm_vcpu *vcpu, uint64_t addr)
{
	uint64_t pstate = to_arm64_vcpu(vcpu)->regs.regs.pstate;
	bool lower = (pstate & PSR_MODE32_BIT) || (pstate & PSR_AA32_MODE_MASK) == PSR_MODE_EL0t;
	uint32_t ec = lower ? ESR_EC_DABT_LOW : ESR_EC_DABT_CUR;
	uint64_t esr = ((uint64_t)ec << ESR_EC_SHIFT) | ESR_FSC_EXTABT;

	if (kvm_release(vcpu->kvm)->abt_esr_sext)
		esr |= 0xffffffff00000000ULL;
	set_sys(vcpu, SYS_FAR_EL1, addr);
	set_sys(vcpu, SYS_ESR_EL1, esr);
}

/* A 32-bit EL1: the DFSR in ESR_EL1, the DFAR in FAR_EL1's low half. */
static void inject_abt32(struct kvm_vcpu *vcpu, uint32_t addr)
{
	uint64_t *tcr = vcpu_sys_reg_ptr(vcpu, SYS_TCR_EL1);
	uint64_t *far = vcpu_sys_reg_ptr(vcpu, SYS_FAR_EL1);
	uint32_t fsr = tcr && (*tcr & TTBCR_EAE) ? DFSR_EXTABT_LPAE : DFSR_EXTABT_SHORT;

	if (far)
		*far = (*far & 0xffffffff00000000ULL) | addr;
	set_sys(vcpu, SYS_ESR_EL1, fsr);
}

void kvm_inject_dabt(struct kvm_vcpu *vcpu, uint64_t addr)
{
	if (vcpu_has_feature(to_arm64_vcpu(vcpu), KVM_ARM_VCPU_EL1_32BIT))
		inject_abt32(vcpu, (uint32_t)addr);
	else
		inject_abt64(vcpu, addr);
}

/* Pending until the guest takes it, which the simulator does not model. */
void kvm_set_sei_esr(struct kvm_vcpu *vcpu, uint64_t esr)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	v->vsesr = esr & ESR_ISS_MASK;
	v->serror_pending = true;
}

void kvm_inject_vabt(struct kvm_vcpu *vcpu)
{
	kvm_set_sei_esr(vcpu, ESR_ISV);
}
