// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest debugging (the kernel's arch/arm64/kvm/debug.c, and the debug
 * exits of its handle_exit.c): KVM_SET_GUEST_DEBUG, the single-step state
 * machine, the breakpoints and watchpoints userspace installs with
 * USE_HW, and KVM_EXIT_DEBUG.
 *
 * The kernel routes every debug exception to EL2 while guest_debug is set
 * (MDCR_EL2.TDE), so a BRK exits to userspace even without USE_SW_BP; it
 * loads as many breakpoints and watchpoints as the CPU has (the
 * GUEST_DEBUG_HW_BPS/WPS answers) and ignores the rest.  How a
 * breakpoint's or watchpoint's fields are read is the CPU's business; the
 * rules below are those of the harness CPU (qemu -cpu max), which real
 * KVM's recordings show (tests/conform/debug.c).
 */
#include <errno.h>
#include <string.h>

#include "kvm_arm.h"
#include "kvm_profile.h"

#define KVM_GUESTDBG_VALID_MASK	(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP | \
				 KVM_GUESTDBG_USE_SW_BP | KVM_GUESTDBG_USE_HW)

/* ESR_EL2 of the debug exceptions from a lower EL. */
#define ESR_EC_SHIFT		26
#define ESR_EC_BREAKPT_LOW	0x30U
#define ESR_EC_SOFTSTP_LOW	0x32U
#define ESR_EC_WATCHPT_LOW	0x34U
#define ESR_EC_BRK64		0x3cU
#define ESR_IL			(1U << 25)
#define ESR_SS_ISV		(1U << 24)	/* software step: EX is valid */
#define ESR_SS_EX		(1U << 6)	/* software step: a load-exclusive was stepped */
#define ESR_WP_WNR		(1U << 6)
#define ESR_FSC_DEBUG		0x22U
#define DBG_SPSR_SS		(1ULL << 21)

/* DBGBCR/DBGWCR fields. */
#define DBGCR_E			1ULL
#define DBGCR_PRIV_EL1		(1ULL << 1)	/* PMC/PAC bit for EL1 */
#define DBGCR_PRIV_EL0		(1ULL << 2)
#define DBGCR_SSC(cr)		(((cr) >> 14) & 3)
#define DBGBCR_BAS(cr)		(((cr) >> 5) & 0xf)
#define DBGBCR_BT(cr)		(((cr) >> 20) & 0xf)
#define DBGWCR_LSC(cr)		(((cr) >> 3) & 3)
#define DBGWCR_BAS(cr)		(((cr) >> 5) & 0xff)
#define DBGWCR_WT		(1ULL << 20)
#define DBGWCR_MASK(cr)		(((cr) >> 24) & 0x1f)
#define DBGWCR_LSC_LOAD		1U
#define DBGWCR_LSC_STORE	2U

int kvm_arch_vcpu_ioctl_set_guest_debug(struct kvm_vcpu *vcpu, const struct kvm_guest_debug *dbg)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	if (dbg->control & ~KVM_GUESTDBG_VALID_MASK)
		return -EINVAL;
	if (dbg->control & KVM_GUESTDBG_ENABLE) {
		v->guest_debug = dbg->control;
		if (dbg->control & KVM_GUESTDBG_USE_HW)
			v->external_debug_state = dbg->arch;
	} else {
		v->guest_debug = 0;
		v->ss_active_pending = false;
	}
	v->debug_gen++;
	return 0;
}

bool kvm_arm_singlestep(struct kvm_vcpu *vcpu)
{
	return to_arm64_vcpu(vcpu)->guest_debug & KVM_GUESTDBG_SINGLESTEP;
}

void kvm_arm_ss_advance(struct kvm_vcpu *vcpu)
{
	if (kvm_arm_singlestep(vcpu))
		to_arm64_vcpu(vcpu)->ss_active_pending = true;
}

/*
 * The guest ran with PSTATE.SS set, which the exception entry saves in
 * SPSR_EL1 before the step exception is taken at the vector.
 */
void kvm_arm_ss_exception(struct kvm_vcpu *vcpu)
{
	if (!kvm_arm_singlestep(vcpu))
		return;
	to_arm64_vcpu(vcpu)->regs.spsr[KVM_SPSR_EL1] |= DBG_SPSR_SS;
	kvm_arm_ss_advance(vcpu);
}

/* kvm_handle_guest_debug(): the exit; the far of a watchpoint only. */
static int debug_exit(struct kvm_vcpu *vcpu, uint32_t esr, const uint64_t *far)
{
	struct kvm_run *run = vcpu->run;

	run->exit_reason = KVM_EXIT_DEBUG;
	run->debug.arch.hsr = esr;
	run->debug.arch.hsr_high = 0;
	run->flags = KVM_DEBUG_ARCH_HSR_HIGH_VALID;
	if (far)
		run->debug.arch.far = *far;
	if (esr >> ESR_EC_SHIFT == ESR_EC_SOFTSTP_LOW)
		to_arm64_vcpu(vcpu)->ss_active_pending = false;
	return 0;
}

/*
 * The step exception due on entry: no instruction ran since KVM completed
 * one, so the syndrome says nothing about it (ISV clear).
 */
bool kvm_arm_handle_ss_pending(struct kvm_vcpu *vcpu)
{
	if (!kvm_arm_singlestep(vcpu) || !to_arm64_vcpu(vcpu)->ss_active_pending)
		return false;
	debug_exit(vcpu, (ESR_EC_SOFTSTP_LOW << ESR_EC_SHIFT) | ESR_IL | ESR_FSC_DEBUG, NULL);
	return true;
}

int kvm_arm_handle_step(struct kvm_vcpu *vcpu, bool ldex)
{
	return debug_exit(vcpu, (ESR_EC_SOFTSTP_LOW << ESR_EC_SHIFT) | ESR_IL | ESR_SS_ISV |
			  (ldex ? ESR_SS_EX : 0) | ESR_FSC_DEBUG, NULL);
}

bool kvm_arm_brk_exits(struct kvm_vcpu *vcpu)
{
	return to_arm64_vcpu(vcpu)->guest_debug != 0;
}

int kvm_arm_handle_brk(struct kvm_vcpu *vcpu, uint16_t imm)
{
	return debug_exit(vcpu, (ESR_EC_BRK64 << ESR_EC_SHIFT) | ESR_IL | imm, NULL);
}

int kvm_arm_handle_breakpoint(struct kvm_vcpu *vcpu)
{
	return debug_exit(vcpu, (ESR_EC_BREAKPT_LOW << ESR_EC_SHIFT) | ESR_IL | ESR_FSC_DEBUG, NULL);
}

int kvm_arm_handle_watchpoint(struct kvm_vcpu *vcpu, uint64_t far, bool write)
{
	return debug_exit(vcpu, (ESR_EC_WATCHPT_LOW << ESR_EC_SHIFT) | ESR_IL |
			  (write ? ESR_WP_WNR : 0) | ESR_FSC_DEBUG, &far);
}

/* The host CPU's number of breakpoints (watchpoints): what KVM loads of the 16. */
static unsigned int nr_hw_slots(struct kvm_vcpu *vcpu, long cap)
{
	const struct kvm_cap_answer *a = kvm_profile_cap(vcpu->kvm->profile, cap);

	if (!a || a->vm <= 0)
		return 0;
	return a->vm < KVM_ARM_MAX_DBG_REGS ? (unsigned int)a->vm : KVM_ARM_MAX_DBG_REGS;
}

/* Which ELs a PMC/PAC field lets match; secure-only (SSC 2) never does here. */
static unsigned int priv_mask(uint64_t cr)
{
	if (DBGCR_SSC(cr) == 2)
		return 0;
	return (cr & DBGCR_PRIV_EL1 ? KVM_ARM_DBG_EL1 : 0) |
	       (cr & DBGCR_PRIV_EL0 ? KVM_ARM_DBG_EL0 : 0);
}

/*
 * Address-match breakpoints (BT 0, or 1 for a linked one, which matches
 * on its own here too).  BAS picks the instruction's first halfword or
 * the second; any other type (context, VMID, mismatch) makes no event.
 */
unsigned int kvm_arm_hw_breakpoints(struct kvm_vcpu *vcpu,
				    struct kvm_arm_hw_bp bps[KVM_ARM_MAX_DBG_REGS])
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	unsigned int n = 0, nr = nr_hw_slots(vcpu, KVM_CAP_GUEST_DEBUG_HW_BPS);

	if (!(v->guest_debug & KVM_GUESTDBG_USE_HW))
		return 0;
	for (unsigned int i = 0; i < nr; i++) {
		uint64_t bcr = v->external_debug_state.dbg_bcr[i];
		uint64_t addr = v->external_debug_state.dbg_bvr[i] & ~3ULL;
		unsigned int bas = DBGBCR_BAS(bcr);

		if (!(bcr & DBGCR_E) || DBGBCR_BT(bcr) > 1 || !priv_mask(bcr))
			continue;
		/* BAS[1] and BAS[3] read as copies of BAS[0] and BAS[2]. */
		if (!(bas & 0x5))
			continue;
		if (!(bas & 0x1))
			addr += 2;
		bps[n].addr = addr;
		bps[n++].els = priv_mask(bcr);
	}
	return n;
}

/*
 * Watchpoints: MASK (3 to 31) watches an aligned block of 2^MASK bytes
 * and ignores BAS; otherwise BAS selects bytes of the doubleword at WVR
 * (of the word, when WVR[2] is set), of which the first run of ones
 * counts.  LSC 0 and MASK 1 or 2 are reserved: no events.
 */
unsigned int kvm_arm_hw_watchpoints(struct kvm_vcpu *vcpu,
				    struct kvm_arm_hw_wp wps[KVM_ARM_MAX_DBG_REGS])
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	unsigned int n = 0, nr = nr_hw_slots(vcpu, KVM_CAP_GUEST_DEBUG_HW_WPS);

	if (!(v->guest_debug & KVM_GUESTDBG_USE_HW))
		return 0;
	for (unsigned int i = 0; i < nr; i++) {
		uint64_t wcr = v->external_debug_state.dbg_wcr[i];
		uint64_t addr = v->external_debug_state.dbg_wvr[i] & ~3ULL, len;
		unsigned int mask = DBGWCR_MASK(wcr), lsc = DBGWCR_LSC(wcr);

		if (!(wcr & DBGCR_E) || !lsc || (wcr & DBGWCR_WT) || !priv_mask(wcr) ||
		    mask == 1 || mask == 2)
			continue;
		if (mask) {
			len = 1ULL << mask;
			addr &= ~(len - 1);
		} else {
			unsigned int bas = DBGWCR_BAS(wcr), start;

			if (addr & 4)
				bas &= 0xf;
			if (!bas)
				continue;
			start = (unsigned int)__builtin_ctz(bas);
			len = (uint64_t)__builtin_ctz(~(bas >> start));
			addr += start;
		}
		wps[n].addr = addr;
		wps[n].len = len;
		wps[n].load = lsc & DBGWCR_LSC_LOAD;
		wps[n].store = lsc & DBGWCR_LSC_STORE;
		wps[n++].els = priv_mask(wcr);
	}
	return n;
}
