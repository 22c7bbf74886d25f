/* SPDX-License-Identifier: MIT */
/*
 * kvmsim - arm64 half of the KVM userspace ABI, for any host.
 *
 * This is kvmsim's own description of what the Linux arm64 kernel exports in
 * <asm/kvm.h>: register layouts, vCPU features, the ONE_REG id encoding, the
 * VGIC/PMU/timer device attributes and the arm64 extras of struct kvm_run.
 * Names, numbers and layouts follow the Linux 6.12 ABI (a superset of 6.1);
 * the text is written for kvmsim and shares nothing else with the kernel.
 *
 * Do not include this file directly: include <linux/kvm.h>, which pulls it
 * in exactly as the kernel's header does.  Build with -I$(top_srcdir)/uapi
 * on a host that is not arm64; on an arm64 host leave that -I out and the
 * system's own headers are used instead.  tests/abi/check-abi.sh proves,
 * value by value and offset by offset, that both give the same ABI.
 *
 * Only <linux/types.h> is needed from the host (the __u64 family is the same
 * on every Linux architecture).  The two arm64 register structs that the
 * kernel takes from <asm/ptrace.h> are defined here, because the host's
 * <asm/ptrace.h> describes the host's registers, not arm64's.
 */
#ifndef KVMSIM_UAPI_ASM_KVM_H
#define KVMSIM_UAPI_ASM_KVM_H

/*
 * Indices into struct kvm_regs.spsr[]: the banked SPSRs of AArch32 modes.
 * SPSR_EL1 doubles as SPSR_svc.
 */
#define KVM_SPSR_EL1	0
#define KVM_SPSR_SVC	KVM_SPSR_EL1
#define KVM_SPSR_ABT	1
#define KVM_SPSR_UND	2
#define KVM_SPSR_IRQ	3
#define KVM_SPSR_FIQ	4
#define KVM_NR_SPSR	5

#ifndef __ASSEMBLY__

#include <linux/psci.h>
#include <linux/types.h>

/* Optional interfaces this architecture has; VMMs test them with #ifdef. */
#define __KVM_HAVE_IRQ_LINE
#define __KVM_HAVE_VCPU_EVENTS

/*
 * Page offsets (in units of the host page size) inside the mmap() of a vCPU
 * fd: page 0 is struct kvm_run, the coalesced MMIO ring follows it, and the
 * dirty ring (struct kvm_dirty_gfn[]) starts at page 64.
 */
#define KVM_COALESCED_MMIO_PAGE_OFFSET	1
#define KVM_DIRTY_LOG_PAGE_OFFSET	64

/* ---------------------------------------------------------------------- */
/* Registers                                                                */
/* ---------------------------------------------------------------------- */

#ifdef __aarch64__
/* A native arm64 build already has the real definitions. */
#include <asm/ptrace.h>
#elif !defined(__ASM_PTRACE_H)
/* (__ASM_PTRACE_H: arm64's own <asm/ptrace.h> was somehow included first.) */

/**
 * struct user_pt_regs - AArch64 general-purpose state, as ptrace shows it.
 * @regs:   x0 .. x30.
 * @sp:     SP_EL0 (the stack pointer of EL0, also used at EL1t).
 * @pc:     program counter.
 * @pstate: PSTATE in SPSR format (mode, DAIF, NZCV, ...).
 */
struct user_pt_regs {
	__u64 regs[31];
	__u64 sp;
	__u64 pc;
	__u64 pstate;
};

/**
 * struct user_fpsimd_state - AArch64 FP/SIMD state.
 * @vregs:      V0 .. V31, 128 bits each (16-byte aligned).
 * @fpsr:       floating-point status register.
 * @fpcr:       floating-point control register.
 * @__reserved: padding to a multiple of 16 bytes; always zero.
 */
struct user_fpsimd_state {
	__uint128_t vregs[32];
	__u32 fpsr;
	__u32 fpcr;
	__u32 __reserved[2];
};
#endif /* arm64 register structs */

/**
 * struct kvm_regs - whole core register file of a vCPU (KVM_GET/SET_REGS).
 * @regs:    x0-x30, SP_EL0, PC and PSTATE.
 * @sp_el1:  stack pointer of EL1.
 * @elr_el1: exception link register of EL1.
 * @spsr:    saved program status registers, indexed by KVM_SPSR_*.
 * @fp_regs: FP/SIMD registers.
 *
 * arm64 KVM does not implement KVM_GET/SET_REGS; the layout matters because
 * the ONE_REG ids of core registers are offsets into this struct, counted in
 * 32-bit words (see KVM_REG_ARM_CORE_REG()).
 */
struct kvm_regs {
	struct user_pt_regs regs;
	__u64 sp_el1;
	__u64 elr_el1;
	__u64 spsr[KVM_NR_SPSR];
	struct user_fpsimd_state fp_regs;
};

/* ---------------------------------------------------------------------- */
/* vCPU creation: KVM_ARM_VCPU_INIT                                        */
/* ---------------------------------------------------------------------- */

/* Values of kvm_vcpu_init.target.  Real hosts report GENERIC_V8 or a CPU. */
#define KVM_ARM_TARGET_AEM_V8		0
#define KVM_ARM_TARGET_FOUNDATION_V8	1
#define KVM_ARM_TARGET_CORTEX_A57	2
#define KVM_ARM_TARGET_XGENE_POTENZA	3
#define KVM_ARM_TARGET_CORTEX_A53	4
#define KVM_ARM_TARGET_GENERIC_V8	5
#define KVM_ARM_NUM_TARGETS		6

/* Bit numbers in kvm_vcpu_init.features[] (all live in features[0]). */
#define KVM_ARM_VCPU_POWER_OFF		0	/* start in the STOPPED state */
#define KVM_ARM_VCPU_EL1_32BIT		1	/* EL1 runs AArch32 */
#define KVM_ARM_VCPU_PSCI_0_2		2	/* PSCI v0.2+ instead of v0.1 */
#define KVM_ARM_VCPU_PMU_V3		3	/* emulated PMUv3 */
#define KVM_ARM_VCPU_SVE		4	/* SVE; needs KVM_ARM_VCPU_FINALIZE */
#define KVM_ARM_VCPU_PTRAUTH_ADDRESS	5	/* address authentication */
#define KVM_ARM_VCPU_PTRAUTH_GENERIC	6	/* generic authentication */
#define KVM_ARM_VCPU_HAS_EL2		7	/* nested virtualisation */

/**
 * struct kvm_vcpu_init - argument of KVM_ARM_VCPU_INIT and result of
 * KVM_ARM_PREFERRED_TARGET.
 * @target:   KVM_ARM_TARGET_*; must equal the preferred target.
 * @features: bitmap of KVM_ARM_VCPU_* feature numbers.
 */
struct kvm_vcpu_init {
	__u32 target;
	__u32 features[7];
};

/*
 * KVM_GET/SET_SREGS and KVM_GET/SET_FPU exist in the generic ioctl table but
 * carry nothing on arm64: both structs are empty (a GNU C extension, as in
 * the kernel's header).
 */
__extension__ struct kvm_sregs {
};

__extension__ struct kvm_fpu {
};

/* ---------------------------------------------------------------------- */
/* Guest debug: KVM_SET_GUEST_DEBUG and KVM_EXIT_DEBUG                     */
/* ---------------------------------------------------------------------- */

/* The architecture allows up to 16 breakpoints and 16 watchpoints. */
#define KVM_ARM_MAX_DBG_REGS 16

/**
 * struct kvm_guest_debug_arch - hardware breakpoints/watchpoints to install
 * while debugging a guest (with KVM_GUESTDBG_USE_HW).
 * @dbg_bcr: DBGBCR<n>_EL1 breakpoint control values.
 * @dbg_bvr: DBGBVR<n>_EL1 breakpoint addresses.
 * @dbg_wcr: DBGWCR<n>_EL1 watchpoint control values.
 * @dbg_wvr: DBGWVR<n>_EL1 watchpoint addresses.
 *
 * Control registers are 32-bit in hardware but 64-bit here, like every
 * system register seen through ONE_REG.
 */
struct kvm_guest_debug_arch {
	__u64 dbg_bcr[KVM_ARM_MAX_DBG_REGS];
	__u64 dbg_bvr[KVM_ARM_MAX_DBG_REGS];
	__u64 dbg_wcr[KVM_ARM_MAX_DBG_REGS];
	__u64 dbg_wvr[KVM_ARM_MAX_DBG_REGS];
};

/* kvm_debug_exit_arch.hsr_high holds valid data. */
#define KVM_DEBUG_ARCH_HSR_HIGH_VALID	(1 << 0)

/**
 * struct kvm_debug_exit_arch - why a KVM_EXIT_DEBUG happened.
 * @hsr:      ESR_EL2 bits [31:0] of the debug exception (EC tells the kind).
 * @hsr_high: ESR_EL2 bits [61:32], if KVM_DEBUG_ARCH_HSR_HIGH_VALID is set
 *            in kvm_run.flags.
 * @far:      faulting address, for watchpoints.
 */
struct kvm_debug_exit_arch {
	__u32 hsr;
	__u32 hsr_high;
	__u64 far;
};

/* arm64 additions to kvm_guest_debug.control. */
#define KVM_GUESTDBG_USE_SW_BP		(1 << 16)	/* trap BRK to userspace */
#define KVM_GUESTDBG_USE_HW		(1 << 17)	/* use kvm_guest_debug_arch */

/* ---------------------------------------------------------------------- */
/* struct kvm_run extras                                                    */
/* ---------------------------------------------------------------------- */

/**
 * struct kvm_sync_regs - arm64 part of kvm_run.s, shared on every exit.
 * @device_irq_level: with KVM_CAP_ARM_USER_IRQ, the output level of the
 *                    in-kernel timers and PMU (KVM_ARM_DEV_* bits).
 */
struct kvm_sync_regs {
	__u64 device_irq_level;
};

/* Bits of kvm_run.s.regs.device_irq_level (KVM_CAP_ARM_USER_IRQ): output
 * level of the EL1 virtual timer, EL1 physical timer and PMU interrupts. */
#define KVM_ARM_DEV_EL1_VTIMER		(1 << 0)
#define KVM_ARM_DEV_EL1_PTIMER		(1 << 1)
#define KVM_ARM_DEV_PMU			(1 << 2)

/* kvm_run.system_event.data[0] bit for KVM_SYSTEM_EVENT_RESET: the guest
 * called PSCI SYSTEM_RESET2 rather than SYSTEM_RESET. */
#define KVM_SYSTEM_EVENT_RESET_FLAG_PSCI_RESET2	(1ULL << 0)

/* kvm_run.fail_entry.hardware_entry_failure_reason: the vCPU was run on a
 * physical CPU that cannot run it (e.g. asymmetric 32-bit support). */
#define KVM_EXIT_FAIL_ENTRY_CPU_UNSUPPORTED	(1ULL << 0)

/* kvm_run.hypercall.flags on arm64 (KVM_EXIT_HYPERCALL from the SMCCC
 * filter): the call was an SMC rather than an HVC / it was a 16-bit
 * (Thumb) instruction. */
#define KVM_HYPERCALL_EXIT_SMC		(1U << 0)
#define KVM_HYPERCALL_EXIT_16BIT	(1U << 1)

/* ---------------------------------------------------------------------- */
/* PMU event filter (KVM_ARM_VCPU_PMU_V3_FILTER)                           */
/* ---------------------------------------------------------------------- */

/* Values of kvm_pmu_event_filter.action. */
#define KVM_PMU_EVENT_ALLOW	0
#define KVM_PMU_EVENT_DENY	1

/**
 * struct kvm_pmu_event_filter - allow or deny a range of PMU event numbers.
 * @base_event: first event number of the range.
 * @nevents:    number of events in the range.
 * @action:     KVM_PMU_EVENT_ALLOW or KVM_PMU_EVENT_DENY.
 * @pad:        must be zero.
 */
struct kvm_pmu_event_filter {
	__u16 base_event;
	__u16 nevents;
	__u8 action;
	__u8 pad[3];
};

/* ---------------------------------------------------------------------- */
/* Pending exceptions: KVM_GET/SET_VCPU_EVENTS                             */
/* ---------------------------------------------------------------------- */

/**
 * struct kvm_vcpu_events - exceptions pending for a vCPU.
 * @exception.serror_pending:   an SError is pending (or is to be injected).
 * @exception.serror_has_esr:   @exception.serror_esr is meaningful
 *                              (needs KVM_CAP_ARM_INJECT_SERROR_ESR).
 * @exception.ext_dabt_pending: inject an external data abort
 *                              (KVM_CAP_ARM_INJECT_EXT_DABT; set only).
 * @exception.pad:              must be zero.
 * @exception.serror_esr:       ISS to report with the SError.
 * @reserved:                   must be zero.
 */
struct kvm_vcpu_events {
	struct {
		__u8 serror_pending;
		__u8 serror_has_esr;
		__u8 ext_dabt_pending;
		__u8 pad[5];
		__u64 serror_esr;
	} exception;
	__u32 reserved[12];
};

/* ---------------------------------------------------------------------- */
/* VM-wide arm64 ioctls                                                     */
/* ---------------------------------------------------------------------- */

/* Direction of KVM_ARM_MTE_COPY_TAGS (kvm_arm_copy_mte_tags.flags). */
#define KVM_ARM_TAGS_TO_GUEST		0
#define KVM_ARM_TAGS_FROM_GUEST		1

/**
 * struct kvm_arm_copy_mte_tags - argument of KVM_ARM_MTE_COPY_TAGS.
 * @guest_ipa: page-aligned guest physical address to start at.
 * @length:    bytes of guest memory covered (multiple of the page size).
 * @addr:      user buffer: one tag byte per 16-byte granule.
 * @flags:     KVM_ARM_TAGS_TO_GUEST or KVM_ARM_TAGS_FROM_GUEST.
 * @reserved:  must be zero.
 */
struct kvm_arm_copy_mte_tags {
	__u64 guest_ipa;
	__u64 length;
	void *addr;
	__u64 flags;
	__u64 reserved[2];
};

/**
 * struct kvm_arm_counter_offset - argument of KVM_ARM_SET_COUNTER_OFFSET.
 * @counter_offset: value subtracted from the physical counter for every
 *                  vCPU of the VM (virtual and physical timers alike).
 * @reserved:       must be zero.
 */
struct kvm_arm_counter_offset {
	__u64 counter_offset;
	__u64 reserved;
};

/*
 * KVM_ARM_GET_REG_WRITABLE_MASKS: which bits of the feature ID registers
 * (op0 3, op1 0/1/3, CRn 0, CRm 0-7) userspace may change.  The answer is an
 * array of KVM_ARM_FEATURE_ID_RANGE_SIZE masks, indexed with
 * KVM_ARM_FEATURE_ID_RANGE_IDX().
 */
#define KVM_ARM_FEATURE_ID_RANGE	0
#define KVM_ARM_FEATURE_ID_RANGE_SIZE	(3 * 8 * 8)
#define KVM_ARM_FEATURE_ID_RANGE_IDX(op0, op1, crn, crm, op2)		\
	({								\
		__u64 __op1 = (op1) & 3;				\
		__op1 -= (__op1 == 3);					\
		(__op1 << 6 | ((crm) & 7) << 3 | (op2));		\
	})

/**
 * struct reg_mask_range - argument of KVM_ARM_GET_REG_WRITABLE_MASKS.
 * @addr:     user pointer to KVM_ARM_FEATURE_ID_RANGE_SIZE __u64 masks.
 * @range:    which register range; only KVM_ARM_FEATURE_ID_RANGE exists.
 * @reserved: must be zero.
 */
struct reg_mask_range {
	__u64 addr;
	__u32 range;
	__u32 reserved[13];
};

/* ---------------------------------------------------------------------- */
/* SMCCC filter (KVM_ARM_VM_SMCCC_CTRL / KVM_ARM_VM_SMCCC_FILTER)         */
/* ---------------------------------------------------------------------- */

/* What KVM does with a filtered SMCCC call. */
enum kvm_smccc_filter_action {
	KVM_SMCCC_FILTER_HANDLE = 0,	/* KVM handles it as usual */
	KVM_SMCCC_FILTER_DENY,		/* returns NOT_SUPPORTED to the guest */
	KVM_SMCCC_FILTER_FWD_TO_USER,	/* exits with KVM_EXIT_HYPERCALL */
};

/**
 * struct kvm_smccc_filter - one range of SMCCC function ids and its action.
 * @base:         first function id.
 * @nr_functions: number of ids in the range.
 * @action:       enum kvm_smccc_filter_action.
 * @pad:          must be zero.
 */
struct kvm_smccc_filter {
	__u32 base;
	__u32 nr_functions;
	__u8 action;
	__u8 pad[15];
};

/* ---------------------------------------------------------------------- */
/* ONE_REG ids (KVM_GET/SET_ONE_REG, KVM_GET_REG_LIST)                     */
/* ---------------------------------------------------------------------- */

/*
 * An arm64 register id is
 *   KVM_REG_ARM64 | KVM_REG_SIZE_Uxx | <coproc field, bits 16-27> | <index>
 * The generic parts (KVM_REG_ARM64, KVM_REG_SIZE_*) live in <linux/kvm.h>.
 */

/* Size of a register in bytes, from its id. */
#define KVM_REG_SIZE(id)						\
	(1U << (((id) & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT))

#define KVM_REG_ARM_COPROC_MASK		0x000000000FFF0000
#define KVM_REG_ARM_COPROC_SHIFT	16

/*
 * Core registers: the index is the offset in struct kvm_regs in 32-bit
 * words, e.g. KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE |
 * KVM_REG_ARM_CORE_REG(regs.pc).  offsetof() needs <stddef.h>.
 */
#define KVM_REG_ARM_CORE		(0x0010 << KVM_REG_ARM_COPROC_SHIFT)
#define KVM_REG_ARM_CORE_REG(name)	(offsetof(struct kvm_regs, name) / sizeof(__u32))

/* Demultiplexed registers: one id per value of a selector (CCSIDR by CSSELR). */
#define KVM_REG_ARM_DEMUX		(0x0011 << KVM_REG_ARM_COPROC_SHIFT)
#define KVM_REG_ARM_DEMUX_ID_MASK	0x000000000000FF00
#define KVM_REG_ARM_DEMUX_ID_SHIFT	8
#define KVM_REG_ARM_DEMUX_ID_CCSIDR	(0x00 << KVM_REG_ARM_DEMUX_ID_SHIFT)
#define KVM_REG_ARM_DEMUX_VAL_MASK	0x00000000000000FF
#define KVM_REG_ARM_DEMUX_VAL_SHIFT	0

/* System registers, encoded by op0, op1, CRn, CRm, op2 as in MRS/MSR. */
#define KVM_REG_ARM64_SYSREG		(0x0013 << KVM_REG_ARM_COPROC_SHIFT)
#define KVM_REG_ARM64_SYSREG_OP0_MASK	0x000000000000c000
#define KVM_REG_ARM64_SYSREG_OP0_SHIFT	14
#define KVM_REG_ARM64_SYSREG_OP1_MASK	0x0000000000003800
#define KVM_REG_ARM64_SYSREG_OP1_SHIFT	11
#define KVM_REG_ARM64_SYSREG_CRN_MASK	0x0000000000000780
#define KVM_REG_ARM64_SYSREG_CRN_SHIFT	7
#define KVM_REG_ARM64_SYSREG_CRM_MASK	0x0000000000000078
#define KVM_REG_ARM64_SYSREG_CRM_SHIFT	3
#define KVM_REG_ARM64_SYSREG_OP2_MASK	0x0000000000000007
#define KVM_REG_ARM64_SYSREG_OP2_SHIFT	0

/* Place one field (OP0, OP1, CRN, CRM or OP2) of a system register id. */
#define ARM64_SYS_REG_SHIFT_MASK(x, n)					\
	(((x) << KVM_REG_ARM64_SYSREG_ ## n ## _SHIFT) &		\
	 KVM_REG_ARM64_SYSREG_ ## n ## _MASK)

/* System register id without its size field. */
#define __ARM64_SYS_REG(op0, op1, crn, crm, op2)			\
	(KVM_REG_ARM64 | KVM_REG_ARM64_SYSREG |				\
	 ARM64_SYS_REG_SHIFT_MASK(op0, OP0) |				\
	 ARM64_SYS_REG_SHIFT_MASK(op1, OP1) |				\
	 ARM64_SYS_REG_SHIFT_MASK(crn, CRN) |				\
	 ARM64_SYS_REG_SHIFT_MASK(crm, CRM) |				\
	 ARM64_SYS_REG_SHIFT_MASK(op2, OP2))

/* Full (64-bit) system register id: ARM64_SYS_REG(3, 0, 0, 0, 5) = MPIDR_EL1. */
#define ARM64_SYS_REG(...) (__ARM64_SYS_REG(__VA_ARGS__) | KVM_REG_SIZE_U64)

/* EL0 physical timer. */
#define KVM_REG_ARM_PTIMER_CTL		ARM64_SYS_REG(3, 3, 14, 2, 1)
#define KVM_REG_ARM_PTIMER_CVAL		ARM64_SYS_REG(3, 3, 14, 2, 2)
#define KVM_REG_ARM_PTIMER_CNT		ARM64_SYS_REG(3, 3, 14, 0, 1)

/*
 * EL0 virtual timer.  CVAL and CNT carry each other's encodings (CNTVCT is
 * 3,3,14,0,2 and CNTV_CVAL is 3,3,14,3,2): a historical slip that is now
 * ABI, so use these names and never rebuild the ids from the encodings.
 */
#define KVM_REG_ARM_TIMER_CTL		ARM64_SYS_REG(3, 3, 14, 3, 1)
#define KVM_REG_ARM_TIMER_CVAL		ARM64_SYS_REG(3, 3, 14, 0, 2)
#define KVM_REG_ARM_TIMER_CNT		ARM64_SYS_REG(3, 3, 14, 3, 2)

/*
 * Firmware pseudo-registers: what KVM, acting as the guest's firmware,
 * implements (PSCI version, Spectre mitigations' SMCCC workarounds).
 */
#define KVM_REG_ARM_FW			(0x0014 << KVM_REG_ARM_COPROC_SHIFT)
#define KVM_REG_ARM_FW_REG(r)		(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | \
					 KVM_REG_ARM_FW | ((r) & 0xffff))
#define KVM_REG_ARM_PSCI_VERSION	KVM_REG_ARM_FW_REG(0)

/* SMCCC_ARCH_WORKAROUND_1 (Spectre-v2) state. */
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1			KVM_REG_ARM_FW_REG(1)
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_AVAIL		0
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL		1
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED	2

/*
 * SMCCC_ARCH_WORKAROUND_2 (Spectre-v4 / SSB) state.  Current kernels only
 * report NOT_AVAIL or NOT_REQUIRED; they still accept the other values.
 */
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2			KVM_REG_ARM_FW_REG(2)
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL		0
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_UNKNOWN		1
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL		2
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED	3
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED		(1U << 4)

/* SMCCC_ARCH_WORKAROUND_3 (Spectre-BHB) state. */
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3			KVM_REG_ARM_FW_REG(3)
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_NOT_AVAIL		0
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_AVAIL		1
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_NOT_REQUIRED	2

/*
 * SVE registers.  Z (2048-bit ids) and P/FFR (256-bit ids) registers are
 * cut into slices of that size; a vector length up to 2048 bits needs only
 * slice 0.  The sizes below replace the kernel's <asm/sve_context.h> ones.
 */
#define KVM_REG_ARM64_SVE		(0x15 << KVM_REG_ARM_COPROC_SHIFT)

#define KVM_REG_ARM64_SVE_ZREG_BASE	0
#define KVM_REG_ARM64_SVE_PREG_BASE	0x400
#define KVM_REG_ARM64_SVE_FFR_BASE	0x600

#define KVM_ARM64_SVE_NUM_ZREGS		32
#define KVM_ARM64_SVE_NUM_PREGS		16
#define KVM_ARM64_SVE_MAX_SLICES	32

/* Slice i of Zn, Pn and FFR. */
#define KVM_REG_ARM64_SVE_ZREG(n, i)					\
	(KVM_REG_ARM64 | KVM_REG_ARM64_SVE | KVM_REG_ARM64_SVE_ZREG_BASE | \
	 KVM_REG_SIZE_U2048 |						\
	 (((n) & (KVM_ARM64_SVE_NUM_ZREGS - 1)) << 5) |			\
	 ((i) & (KVM_ARM64_SVE_MAX_SLICES - 1)))

#define KVM_REG_ARM64_SVE_PREG(n, i)					\
	(KVM_REG_ARM64 | KVM_REG_ARM64_SVE | KVM_REG_ARM64_SVE_PREG_BASE | \
	 KVM_REG_SIZE_U256 |						\
	 (((n) & (KVM_ARM64_SVE_NUM_PREGS - 1)) << 5) |			\
	 ((i) & (KVM_ARM64_SVE_MAX_SLICES - 1)))

#define KVM_REG_ARM64_SVE_FFR(i)					\
	(KVM_REG_ARM64 | KVM_REG_ARM64_SVE | KVM_REG_ARM64_SVE_FFR_BASE | \
	 KVM_REG_SIZE_U256 |						\
	 ((i) & (KVM_ARM64_SVE_MAX_SLICES - 1)))

/* Vector lengths in quadwords (128 bits): 1 .. 512. */
#define KVM_ARM64_SVE_VQ_MIN		1
#define KVM_ARM64_SVE_VQ_MAX		512

/*
 * KVM_REG_ARM64_SVE_VLS: bitmap of the supported vector lengths, bit vq-1
 * of a __u64[KVM_ARM64_SVE_VLS_WORDS] array.  Writable only before
 * KVM_ARM_VCPU_FINALIZE.
 */
#define KVM_REG_ARM64_SVE_VLS		(KVM_REG_ARM64 | KVM_REG_ARM64_SVE | \
					 KVM_REG_SIZE_U512 | 0xffff)
#define KVM_ARM64_SVE_VLS_WORDS	\
	((KVM_ARM64_SVE_VQ_MAX - KVM_ARM64_SVE_VQ_MIN) / 64 + 1)

/*
 * Firmware feature bitmaps: one 64-bit register per service group; a set
 * bit means the service is offered to the guest.  Userspace may clear bits
 * before the VM first runs.
 */
#define KVM_REG_ARM_FW_FEAT_BMAP	(0x0016 << KVM_REG_ARM_COPROC_SHIFT)
#define KVM_REG_ARM_FW_FEAT_BMAP_REG(r)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | \
					 KVM_REG_ARM_FW_FEAT_BMAP |	\
					 ((r) & 0xffff))

/* Arm standard secure services. */
#define KVM_REG_ARM_STD_BMAP		KVM_REG_ARM_FW_FEAT_BMAP_REG(0)
enum {
	KVM_REG_ARM_STD_BIT_TRNG_V1_0 = 0,
};

/* Arm standard hypervisor services. */
#define KVM_REG_ARM_STD_HYP_BMAP	KVM_REG_ARM_FW_FEAT_BMAP_REG(1)
enum {
	KVM_REG_ARM_STD_HYP_BIT_PV_TIME = 0,
};

/* KVM's own vendor hypervisor services. */
#define KVM_REG_ARM_VENDOR_HYP_BMAP	KVM_REG_ARM_FW_FEAT_BMAP_REG(2)
enum {
	KVM_REG_ARM_VENDOR_HYP_BIT_FUNC_FEAT = 0,
	KVM_REG_ARM_VENDOR_HYP_BIT_PTP = 1,
};

/* ---------------------------------------------------------------------- */
/* Device attributes (KVM_{SET,GET,HAS}_DEVICE_ATTR)                       */
/* ---------------------------------------------------------------------- */

/* On the VM fd: SMCCC filtering (struct kvm_smccc_filter). */
#define KVM_ARM_VM_SMCCC_CTRL		0
#define   KVM_ARM_VM_SMCCC_FILTER	0

/* KVM_ARM_SET_DEVICE_ADDR: kvm_arm_device_addr.id = device id | address type. */
#define KVM_ARM_DEVICE_TYPE_SHIFT	0
#define KVM_ARM_DEVICE_TYPE_MASK	(0xffffULL << KVM_ARM_DEVICE_TYPE_SHIFT)
#define KVM_ARM_DEVICE_ID_SHIFT		16
#define KVM_ARM_DEVICE_ID_MASK		(0xffffULL << KVM_ARM_DEVICE_ID_SHIFT)

#define KVM_ARM_DEVICE_VGIC_V2		0

/* VGIC address types (KVM_DEV_ARM_VGIC_GRP_ADDR attributes). */
#define KVM_VGIC_V2_ADDR_TYPE_DIST	0
#define KVM_VGIC_V2_ADDR_TYPE_CPU	1
#define KVM_VGIC_V3_ADDR_TYPE_DIST	2
#define KVM_VGIC_V3_ADDR_TYPE_REDIST	3
#define KVM_VGIC_ITS_ADDR_TYPE		4
#define KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION	5

/* Sizes of the guest-physical frames of the GIC. */
#define KVM_VGIC_V2_DIST_SIZE		0x1000
#define KVM_VGIC_V2_CPU_SIZE		0x2000
#define KVM_VGIC_V3_DIST_SIZE		0x10000
#define KVM_VGIC_V3_REDIST_SIZE		(2 * 0x10000)
#define KVM_VGIC_V3_ITS_SIZE		(2 * 0x10000)

/* Groups of the VGIC devices (KVM_DEV_TYPE_ARM_VGIC_V2/V3/ITS). */
#define KVM_DEV_ARM_VGIC_GRP_ADDR	0
#define KVM_DEV_ARM_VGIC_GRP_DIST_REGS	1
#define KVM_DEV_ARM_VGIC_GRP_CPU_REGS	2
#define   KVM_DEV_ARM_VGIC_CPUID_SHIFT	32
#define   KVM_DEV_ARM_VGIC_CPUID_MASK	(0xffULL << KVM_DEV_ARM_VGIC_CPUID_SHIFT)
#define   KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT	32
#define   KVM_DEV_ARM_VGIC_V3_MPIDR_MASK	\
		(0xffffffffULL << KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT)
#define   KVM_DEV_ARM_VGIC_OFFSET_SHIFT	0
#define   KVM_DEV_ARM_VGIC_OFFSET_MASK	\
		(0xffffffffULL << KVM_DEV_ARM_VGIC_OFFSET_SHIFT)
#define   KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK	(0xffff)
#define KVM_DEV_ARM_VGIC_GRP_NR_IRQS	3
#define KVM_DEV_ARM_VGIC_GRP_CTRL	4
#define KVM_DEV_ARM_VGIC_GRP_REDIST_REGS	5
#define KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS	6
#define KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO	7
#define KVM_DEV_ARM_VGIC_GRP_ITS_REGS	8
#define KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT	10
#define KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_MASK	\
		(0x3fffffULL << KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT)
#define KVM_DEV_ARM_VGIC_LINE_LEVEL_INTID_MASK	0x3ff
#define VGIC_LEVEL_INFO_LINE_LEVEL	0

/* Attributes of KVM_DEV_ARM_VGIC_GRP_CTRL. */
#define   KVM_DEV_ARM_VGIC_CTRL_INIT		0
#define   KVM_DEV_ARM_ITS_SAVE_TABLES		1
#define   KVM_DEV_ARM_ITS_RESTORE_TABLES	2
#define   KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES	3
#define   KVM_DEV_ARM_ITS_CTRL_RESET		4

/* Groups and attributes on a vCPU fd. */
#define KVM_ARM_VCPU_PMU_V3_CTRL	0
#define   KVM_ARM_VCPU_PMU_V3_IRQ	0
#define   KVM_ARM_VCPU_PMU_V3_INIT	1
#define   KVM_ARM_VCPU_PMU_V3_FILTER	2
#define   KVM_ARM_VCPU_PMU_V3_SET_PMU	3
#define KVM_ARM_VCPU_TIMER_CTRL		1
#define   KVM_ARM_VCPU_TIMER_IRQ_VTIMER		0
#define   KVM_ARM_VCPU_TIMER_IRQ_PTIMER		1
#define   KVM_ARM_VCPU_TIMER_IRQ_HVTIMER	2
#define   KVM_ARM_VCPU_TIMER_IRQ_HPTIMER	3
#define KVM_ARM_VCPU_PVTIME_CTRL	2
#define   KVM_ARM_VCPU_PVTIME_IPA	0

/* ---------------------------------------------------------------------- */
/* Interrupt injection: KVM_IRQ_LINE                                        */
/* ---------------------------------------------------------------------- */

/*
 * kvm_irq_level.irq on arm64 is
 *   vcpu2 (bits 28-31) | type (24-27) | vcpu (16-23) | number (0-15);
 * vcpu2 extends the vCPU index above 255 (KVM_CAP_ARM_IRQ_LINE_LAYOUT_2).
 */
#define KVM_ARM_IRQ_VCPU2_SHIFT		28
#define KVM_ARM_IRQ_VCPU2_MASK		0xf
#define KVM_ARM_IRQ_TYPE_SHIFT		24
#define KVM_ARM_IRQ_TYPE_MASK		0xf
#define KVM_ARM_IRQ_VCPU_SHIFT		16
#define KVM_ARM_IRQ_VCPU_MASK		0xff
#define KVM_ARM_IRQ_NUM_SHIFT		0
#define KVM_ARM_IRQ_NUM_MASK		0xffff

/* The type field. */
#define KVM_ARM_IRQ_TYPE_CPU		0	/* IRQ/FIQ line of a vCPU, no VGIC */
#define KVM_ARM_IRQ_TYPE_SPI		1	/* shared peripheral interrupt */
#define KVM_ARM_IRQ_TYPE_PPI		2	/* private peripheral interrupt */

/* The number field for KVM_ARM_IRQ_TYPE_CPU. */
#define KVM_ARM_IRQ_CPU_IRQ		0
#define KVM_ARM_IRQ_CPU_FIQ		1

/* Obsolete SPI limit, kept for old sources; use KVM_DEV_ARM_VGIC_GRP_NR_IRQS. */
#define KVM_ARM_IRQ_GIC_MAX		127

/* The only in-kernel irqchip is the VGIC. */
#define KVM_NR_IRQCHIPS			1

/* ---------------------------------------------------------------------- */
/* PSCI v0.1 (the pre-standard, KVM-specific function ids)                  */
/* ---------------------------------------------------------------------- */

#define KVM_PSCI_FN_BASE		0x95c1ba5e
#define KVM_PSCI_FN(n)			(KVM_PSCI_FN_BASE + (n))

#define KVM_PSCI_FN_CPU_SUSPEND		KVM_PSCI_FN(0)
#define KVM_PSCI_FN_CPU_OFF		KVM_PSCI_FN(1)
#define KVM_PSCI_FN_CPU_ON		KVM_PSCI_FN(2)
#define KVM_PSCI_FN_MIGRATE		KVM_PSCI_FN(3)

#define KVM_PSCI_RET_SUCCESS		PSCI_RET_SUCCESS
#define KVM_PSCI_RET_NI			PSCI_RET_NOT_SUPPORTED
#define KVM_PSCI_RET_INVAL		PSCI_RET_INVALID_PARAMS
#define KVM_PSCI_RET_DENIED		PSCI_RET_DENIED

#endif /* !__ASSEMBLY__ */

#endif /* KVMSIM_UAPI_ASM_KVM_H */
