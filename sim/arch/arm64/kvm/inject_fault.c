// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Exceptions the simulator makes the guest take at EL1 (the kernel's
 * arch/arm64/kvm/inject_fault.c): an undefined instruction, and a
 * prefetch abort for a fetch from outside guest memory.  And what
 * KVM_SET_VCPU_EVENTS injects: a virtual SError, which the guest takes
 * once PSTATE.A lets it, and an external data abort, entered at the next
 * KVM_RUN (section "run", run.ev.*).
 */
#include "kvm_arm.h"

#define SYS_ESR_EL1	0xc290U		/* op0 3, op1 0, CRn 5, CRm 2, op2 0 */
#define SYS_FAR_EL1	0xc300U		/* op0 3, op1 0, CRn 6, CRm 0, op2 0 */
#define SYS_VBAR_EL1	0xc600U		/* op0 3, op1 0, CRn 12, CRm 0, op2 0 */
#define SYS_TCR_EL1	0xc102U		/* op0 3, op1 0, CRn 2, CRm 0, op2 2 */
#define SYS_SCTLR_EL1	0xc080U		/* op0 3, op1 0, CRn 1, CRm 0, op2 0 */

#define ESR_EC_SHIFT	26
#define ESR_EC_UNKNOWN	0x00U
#define ESR_EC_IABT_LOW	0x20U
#define ESR_EC_IABT_CUR	0x21U
#define ESR_EC_DABT_LOW	0x24U
#define ESR_EC_DABT_CUR	0x25U
#define ESR_EC_SERROR	0x2fU
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
#define VECTOR_SERROR	0x180ULL	/* after the synchronous, IRQ and FIQ entries */

/* AArch32: CPSR bits an exception entry sets or clears, and what SCTLR says of them. */
#define CPSR_T		(1ULL << 5)
#define CPSR_I		(1ULL << 7)
#define CPSR_A		(1ULL << 8)
#define CPSR_E		(1ULL << 9)
#define CPSR_IT		0x0600fc00ULL	/* IT[7:2] 15:10, IT[1:0] 26:25 */
#define CPSR_J		(1ULL << 24)
#define CPSR_PAN	(1ULL << 22)
#define SCTLR_V		(1ULL << 13)
#define SCTLR_SPAN	(1ULL << 23)
#define SCTLR_EE	(1ULL << 25)
#define SCTLR_TE	(1ULL << 30)
#define AA32_VECTOR_DABT	0x10ULL
#define AA32_HIVECS		0xffff0000ULL

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

static uint64_t get_sys(struct kvm_vcpu *vcpu, uint32_t enc)
{
	uint64_t *p = vcpu_sys_reg_ptr(vcpu, enc);

	return p ? *p : 0;
}

/* Entry to EL1 at the vector entry @type (0 synchronous) for the state it comes from. */
static void enter_vector64(struct kvm_vcpu *vcpu, uint64_t type)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	uint64_t pstate = v->regs.regs.pstate;

	v->regs.elr_el1 = v->regs.regs.pc;
	v->regs.spsr[KVM_SPSR_EL1] = pstate;
	v->regs.regs.pstate = PSR_EL1h_DAIF;
	v->regs.regs.pc = get_sys(vcpu, SYS_VBAR_EL1) + vector_offset(pstate) + type;
}

/* A synchronous exception to EL1, as the CPU would take it. */
static void enter_exception64(struct kvm_vcpu *vcpu, uint32_t esr)
{
	set_sys(vcpu, SYS_ESR_EL1, esr);
	enter_vector64(vcpu, 0);
}

/*
 * A data abort taken to Abort mode of a 32-bit EL1: LR_abt is the
 * aborted instruction's address + 8 in ARM and Thumb state alike
 * (run.ev32.arm, run.ev32.thumb), the vector VBAR + 0x10; A and I are
 * masked, F is kept, the state (T, E) is SCTLR's.
 */
static void enter_dabt32(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	uint64_t cpsr = v->regs.regs.pstate, sctlr = get_sys(vcpu, SYS_SCTLR_EL1), new;

	new = cpsr & ~(PSR_AA32_MODE_MASK | CPSR_T | CPSR_E | CPSR_IT | CPSR_J);
	new |= PSR_AA32_MODE_ABT | CPSR_A | CPSR_I;
	if (sctlr & SCTLR_TE)
		new |= CPSR_T;
	if (sctlr & SCTLR_EE)
		new |= CPSR_E;
	if (!(sctlr & SCTLR_SPAN))
		new |= CPSR_PAN;
	v->regs.spsr[KVM_SPSR_ABT] = cpsr;
	v->regs.regs.regs[20] = (uint32_t)(v->regs.regs.pc + 8);	/* LR_abt */
	v->regs.regs.pstate = new;
	v->regs.regs.pc = ((sctlr & SCTLR_V) ? AA32_HIVECS : (uint32_t)get_sys(vcpu, SYS_VBAR_EL1)) +
			  AA32_VECTOR_DABT;
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
 * The syndrome and the address are written at once, the exception is
 * entered at the next KVM_RUN (kvm_adjust_pc()); EC says where the guest
 * was at the injection, IL is the last trap's: clear before any
 * (run.ev.dabt.first, run.ev.dabt.el0).
 */
static void inject_abt64(struct kvm_vcpu *vcpu, uint64_t addr)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	uint64_t pstate = v->regs.regs.pstate;
	bool lower = (pstate & PSR_MODE32_BIT) || (pstate & PSR_AA32_MODE_MASK) == PSR_MODE_EL0t;
	uint32_t ec = lower ? ESR_EC_DABT_LOW : ESR_EC_DABT_CUR;
	uint64_t esr = ((uint64_t)ec << ESR_EC_SHIFT) | ESR_FSC_EXTABT;

	if (v->fault_il)
		esr |= ESR_IL;
	if (kvm_release(vcpu->kvm)->abt_esr_sext)
		esr |= 0xffffffff00000000ULL;
	set_sys(vcpu, SYS_FAR_EL1, addr);
	set_sys(vcpu, SYS_ESR_EL1, esr);
	v->except_pending = true;
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
	to_arm64_vcpu(vcpu)->except_pending = true;
}

void kvm_inject_dabt(struct kvm_vcpu *vcpu, uint64_t addr)
{
	if (vcpu_has_feature(to_arm64_vcpu(vcpu), KVM_ARM_VCPU_EL1_32BIT))
		inject_abt32(vcpu, (uint32_t)addr);
	else
		inject_abt64(vcpu, addr);
}

/*
 * The kernel's __kvm_adjust_pc(), of which only the pending exception is
 * left to do here (the simulator moves the PC at once).  KVM_RUN enters it
 * before anything else, immediate_exit included, from the PC and PSTATE of
 * that moment (run.ev.dabt.first.immediate-exit, run.ev.dabt.set-then-regs).
 */
void kvm_adjust_pc(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	if (!v->except_pending)
		return;
	v->except_pending = false;
	if (vcpu_has_feature(v, KVM_ARM_VCPU_EL1_32BIT))
		enter_dabt32(vcpu);
	else
		enter_vector64(vcpu, 0);
}

bool kvm_pending_exception(struct kvm_vcpu *vcpu)
{
	return to_arm64_vcpu(vcpu)->except_pending;
}

/*
 * HCR_EL2.VSE: the CPU takes the virtual SError once PSTATE.A is clear, at
 * the vector's SError entry, ESR_EL1 EC 0x2f with IL and VSESR_EL2's ISS;
 * then it is no longer pending (run.ev.serror.*).  A 32-bit EL1 keeps it
 * pending: its AArch32 entry is not modelled.
 */
bool kvm_vserror_pending(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	return v->serror_pending && !vcpu_has_feature(v, KVM_ARM_VCPU_EL1_32BIT);
}

void kvm_take_vserror(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	v->serror_pending = false;
	set_sys(vcpu, SYS_ESR_EL1, ((uint64_t)ESR_EC_SERROR << ESR_EC_SHIFT) | ESR_IL | v->vsesr);
	enter_vector64(vcpu, VECTOR_SERROR);
}

/* Pending until the guest takes it (kvm_take_vserror()). */
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
