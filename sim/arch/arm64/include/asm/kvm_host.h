/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * arm64 VM and vCPU state (the kernel's arch/arm64/include/asm/kvm_host.h).
 * The arch types embed the generic ones; to_arm64_*() get back.
 */
#ifndef KVMSIM_SIM_ARCH_ARM64_INCLUDE_ASM_KVM_HOST_H
#define KVMSIM_SIM_ARCH_ARM64_INCLUDE_ASM_KVM_HOST_H

#include <linux/kvm_host.h>
#include <kvm/arm_vgic.h>

#include <pthread.h>
#include <signal.h>

struct kvm_arm64_release;
struct kvm_arm64_host;

/* Room for the system register table (sys_regs.c checks it at start-up). */
#define KVM_ARM64_MAX_SYS_REGS	256
/* CSSELR_EL1 values: 7 levels, data/unified and instruction. */
#define KVM_ARM64_CSSELR_MAX	14
/* KVM_ARM_VCPU_INIT feature bits these kernels know (POWER_OFF..PTRAUTH_GENERIC). */
#define KVM_VCPU_MAX_FEATURES	7
/* Firmware feature bitmaps: standard, standard hypervisor, vendor. */
#define KVM_ARM_NR_FW_BMAPS	3
/* The highest vector length the ABI can describe: 2048 bits. */
#define ARCH_SVE_VQ_MAX		16
/*
 * An arm64 build also gets SVE_VQ_BYTES and some PSR_* names below from
 * the system's <asm/sigcontext.h> and <asm/ptrace.h> (through <signal.h>
 * and <linux/kvm.h>), with the same values; the simulator's own are used
 * on every host.
 */
#undef SVE_VQ_BYTES
#define SVE_VQ_BYTES		16

/* PSTATE modes: M[4] is the width bit, M[4:0] the AArch32 mode. */
#undef PSR_MODE32_BIT
#undef PSR_MODE_EL0t
#undef PSR_MODE_EL1t
#undef PSR_MODE_EL1h
#define PSR_MODE32_BIT		0x10ULL
#define PSR_AA32_MODE_MASK	0x1fULL
#define PSR_MODE_EL0t		0x0ULL
#define PSR_MODE_EL1t		0x4ULL
#define PSR_MODE_EL1h		0x5ULL
#define PSR_AA32_MODE_USR	0x10ULL
#define PSR_AA32_MODE_FIQ	0x11ULL
#define PSR_AA32_MODE_IRQ	0x12ULL
#define PSR_AA32_MODE_SVC	0x13ULL
#define PSR_AA32_MODE_ABT	0x17ULL
#define PSR_AA32_MODE_UND	0x1bULL
#define PSR_AA32_MODE_SYS	0x1fULL

/* The IPA size of a VM created with type 0. */
#define KVM_PHYS_SHIFT		40
/* The smallest IPA size a VM may ask for (ARM64_MIN_PARANGE_BITS). */
#define ARM64_MIN_PARANGE_BITS	32

/* The one vCPU target arm64 KVM offers on these kernels' CPUs. */
#define KVM_ARM_TARGET_PREFERRED	KVM_ARM_TARGET_GENERIC_V8

/**
 * struct kvm_arm64 - an arm64 VM.
 * @phys_shift: IPA size in bits, from the KVM_CREATE_VM type.
 * @return_nisv_to_user: KVM_CAP_ARM_NISV_TO_USER enabled.
 * @system_suspend: KVM_CAP_ARM_SYSTEM_SUSPEND enabled.
 * @split_chunk_size: KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE (0: off).
 * @release: what the modelled kernel release does differently (arm.c).
 * @host: the host CPU profile (host.c).
 * @features_configured: a vCPU has been initialised; since 6.7-era kernels
 *	every vCPU of the VM must then ask for @vm_features.
 * @vm_features: features[0] of the first successful KVM_ARM_VCPU_INIT.
 * @psci_version: the PSCI version the firmware register selects.
 * @fw_bmap: the firmware feature bitmaps (KVM_REG_ARM_FW_FEAT_BMAP).
 * @timer_offset: virtual and physical counter offsets.
 * @counter_offset_set: KVM_ARM_SET_COUNTER_OFFSET has set @timer_offset
 *	(the kernel's KVM_ARCH_FLAG_VM_COUNTER_OFFSET): new vCPUs and ONE_REG
 *	writes of the counters leave it alone.
 * @memslots_gen: bumped on every memory-slot change, so that the guest
 *	execution backend maps the slots afresh.
 * @has_ran_once: a vCPU of the VM got through its first KVM_RUN's checks
 *	(the kernel's KVM_ARCH_FLAG_HAS_RAN_ONCE); the PMU, the firmware
 *	bitmaps and (on releases where they are the VM's) the ID registers
 *	and PMCR_EL0.N may not change.
 * @id_regs_initialized: a vCPU reset has set @id_regs.
 * @id_regs: the VM's ID registers, indexed like a vCPU's @sys_regs
 *	(sys_regs.c: which of them, and which fields, are the VM's).
 * @pmcr_n: PMCR_EL0.N, where the release makes it the VM's.
 * @pmu_filter: the PMU event filter, one bit per event number (set:
 *	allowed), or NULL until KVM_ARM_VCPU_PMU_V3_FILTER first sets one.
 * @run_lock, @run_cond: vCPUs sleeping in KVM_RUN (stopped, in WFI) wait
 *	on @run_cond for a change of power state; @run_lock guards every
 *	vCPU's @reset_state and power state changes.
 */
struct kvm_smccc_range;

struct kvm_arm64 {
	struct kvm kvm;
	const struct kvm_arm64_release *release;
	const struct kvm_arm64_host *host;
	unsigned int phys_shift;
	bool return_nisv_to_user;
	bool system_suspend;
	bool mte_enabled;		/* KVM_CAP_ARM_MTE enabled (kvm_has_mte()) */
	struct kvm_mte_tags *mte_tags;	/* mte.c, under the VM's slots_lock */
	uint64_t split_chunk_size;
	/* Guarded by the VM's lock (arch_lock). */
	pthread_mutex_t arch_lock;
	bool features_configured;
	uint32_t vm_features;
	uint32_t psci_version;
	uint64_t fw_bmap[KVM_ARM_NR_FW_BMAPS];
	/* The SMCCC filter's ranges (6.12, hypercalls.c), set while @nr_smccc_filter. */
	struct kvm_smccc_range *smccc_filter;
	size_t nr_smccc_filter;
	int64_t timer_offset[2];	/* virtual, physical: host count - offset */
	bool counter_offset_set;
	bool has_ran_once;
	bool id_regs_initialized;
	uint64_t id_regs[KVM_ARM64_MAX_SYS_REGS];
	unsigned int pmcr_n;
	uint64_t *pmu_filter;
	atomic_uint memslots_gen;
	pthread_mutex_t run_lock;
	pthread_cond_t run_cond;
	/* The in-kernel GIC (vgic/); @vgic_lock guards its interrupts' state. */
	struct vgic_dist vgic;
	pthread_mutex_t vgic_lock;
	/* The timers' PPIs (KVM_ARM_VCPU_TIMER_IRQ_*), the VM's on both kernels. */
	int32_t timer_ppi[4];
	bool timer_ppis_immutable;
};

/**
 * struct kvm_mmio_decode - an MMIO access waiting for its completion.
 * @needed: the last exit was an MMIO exit this vCPU has not completed.
 * @write, @len: the access; @rt: the register it reads into.
 * @sign_extend, @sf: a read's sign extension, and a 64-bit destination.
 */
struct kvm_mmio_decode {
	bool needed;
	bool write;
	bool sign_extend;
	bool sf;
	unsigned int len;
	unsigned int rt;
};

/**
 * struct kvm_pmu - a vCPU's PMU as KVM_ARM_VCPU_PMU_V3_CTRL configures it.
 * @created: KVM_ARM_VCPU_PMU_V3_INIT done; no attribute may change after.
 */
struct kvm_pmu {
	bool created;
	int irq_num;	/* KVM_ARM_VCPU_PMU_V3_IRQ, 0 while unset */
};

/*
 * The stolen-time structure's IPA (KVM_ARM_VCPU_PVTIME_IPA), or INVALID_GPA;
 * the vCPU thread's run-queue wait (ns) when the structure was last updated.
 */
struct kvm_steal_time {
	uint64_t base;
	uint64_t last_steal;
};

#define INVALID_GPA		(~0ULL)

/* PSCI CPU_ON's request to a stopped vCPU, applied at its next KVM_RUN. */
struct vcpu_reset_state {
	uint64_t pc;
	uint64_t r0;
	bool reset;
};

/**
 * struct kvm_vcpu_arm64 - an arm64 vCPU.
 * @initialized: KVM_ARM_VCPU_INIT has succeeded.
 * @features: features[0] of that KVM_ARM_VCPU_INIT.
 * @stale_features: known feature bits an older kernel kept from an INIT
 *	it refused with ENOENT; the next INIT adds them.
 * @sve_left: SVE that an older kernel's refused INIT left enabled: the
 *	vCPU has SVE whatever its features say (kvm_arm_vcpu_init_refused()).
 * @regs: the core registers, laid out as struct kvm_regs.
 * @sys_regs: values of the system registers, indexed by descriptor.
 * @ccsidr: CCSIDR_EL1 per CSSELR_EL1 value (6.12 keeps them per vCPU).
 * @timer_ctl: CNTV_CTL_EL0 / CNTP_CTL_EL0 as written (ISTATUS computed).
 * @timer_cval: CNTV_CVAL_EL0 / CNTP_CVAL_EL0.
 * @sve_vqs: vector lengths chosen (bit n: (n+1) quadwords).
 * @sve_finalized: KVM_ARM_VCPU_FINALIZE(KVM_ARM_VCPU_SVE) done.
 * @sve_state: Z0-31, P0-15, FFR at the maximum vector length, once
 *	finalized.
 * @mmio: the pending MMIO access (mmio.c).
 * @pmu: the PMU's configuration (pmu-emul.c).
 * @steal: PV time's stolen-time structure (pvtime.c).
 * @has_run_once: its first KVM_RUN got through the checks of a first run.
 * @reset_state: a pending CPU_ON (psci.c), guarded by the VM's run_lock.
 * @sigset_active, @sigset: KVM_SET_SIGNAL_MASK's mask for KVM_RUN.
 * @run_blocked: during KVM_RUN, the signals that may not interrupt it.
 * @guest_debug: KVM_SET_GUEST_DEBUG's control bits, 0 while off (debug.c).
 * @external_debug_state: its breakpoints and watchpoints (USE_HW).
 * @debug_gen: bumped by each KVM_SET_GUEST_DEBUG, for the backend.
 * @serror_pending: a virtual SError is pending (the kernel's HCR_EL2.VSE)
 *	until the guest takes it; cleared by KVM_ARM_VCPU_INIT (6.12: of a
 *	vCPU that has not run).
 * @vsesr: the syndrome it is to report (VSESR_EL2, ISS bits only).
 * @except_pending: an exception KVM injected waits for the next KVM_RUN,
 *	which enters it first, immediate_exit or not (the kernel's
 *	PENDING_EXCEPTION); KVM_ARM_VCPU_INIT keeps it (inject_fault.c).
 * @fault_il, @fault_far: the last trap's ESR_EL2.IL, and the last abort's
 *	FAR_EL2 (a virtual address): what an injected abort reports.
 * @ss_active_pending: KVM completed the instruction being stepped (an
 *	MMIO access, a hypercall, an exception): the step exception is due
 *	at the next guest entry, before any instruction runs.
 * @emu: the guest-execution backend's state (emulate.h).
 */
struct kvm_vcpu_arm64 {
	struct kvm_vcpu vcpu;
	bool initialized;
	uint32_t features;
	uint32_t stale_features;
	bool sve_left;
	struct kvm_regs regs;
	uint64_t sys_regs[KVM_ARM64_MAX_SYS_REGS];
	uint32_t ccsidr[KVM_ARM64_CSSELR_MAX];
	uint32_t timer_ctl[2];
	uint64_t timer_cval[2];
	uint64_t sve_vqs;
	bool sve_finalized;
	uint8_t *sve_state;
	struct kvm_mmio_decode mmio;
	struct kvm_pmu pmu;
	struct kvm_steal_time steal;
	bool has_run_once;
	struct vcpu_reset_state reset_state;
	bool sigset_active;
	sigset_t sigset;
	sigset_t run_blocked;
	uint32_t guest_debug;
	struct kvm_guest_debug_arch external_debug_state;
	unsigned int debug_gen;
	bool ss_active_pending;
	bool serror_pending;
	uint64_t vsesr;
	bool except_pending;
	bool fault_il;
	uint64_t fault_far;
	struct vgic_cpu vgic_cpu;
	bool timer_enabled;		/* checked its PPIs at a first run */
	unsigned int irq_lines;		/* KVM_IRQ_LINE CPU IRQ (bit 0) / FIQ (bit 1) */
	int wake_fd;			/* WFI's eventfd, + 1 (0: none yet); see arm.c */
	void *emu;
};

/* The features the vCPU has: its INIT's, and SVE a refused INIT left. */
static inline uint32_t vcpu_features(const struct kvm_vcpu_arm64 *v)
{
	return v->features | (v->sve_left ? 1U << KVM_ARM_VCPU_SVE : 0);
}

static inline bool vcpu_has_feature(const struct kvm_vcpu_arm64 *v, unsigned int f)
{
	return vcpu_features(v) & (1U << f);
}

static inline struct kvm_arm64 *to_arm64_vm(struct kvm *kvm)
{
	return container_of(kvm, struct kvm_arm64, kvm);
}

static inline struct kvm_vcpu_arm64 *to_arm64_vcpu(struct kvm_vcpu *vcpu)
{
	return container_of(vcpu, struct kvm_vcpu_arm64, vcpu);
}

static inline uint64_t kvm_phys_size(struct kvm *kvm)
{
	return 1ULL << to_arm64_vm(kvm)->phys_shift;
}

/*
 * arm64's own vCPU statistics (struct kvm_vcpu_stat's arch[]), in the
 * order real KVM lists them after the generic ones (section vm.stats).
 */
enum kvm_arm64_vcpu_stat {
	ARM64_STAT_HVC_EXIT,
	ARM64_STAT_WFE_EXIT,
	ARM64_STAT_WFI_EXIT,
	ARM64_STAT_MMIO_EXIT_USER,
	ARM64_STAT_MMIO_EXIT_KERNEL,
	ARM64_STAT_SIGNAL_EXITS,
	ARM64_STAT_EXITS,
	ARM64_NR_VCPU_STATS,
};

static inline void kvm_arm64_stat_inc(struct kvm_vcpu *vcpu, enum kvm_arm64_vcpu_stat stat)
{
	vcpu->stat.arch[stat]++;
}

#endif /* KVMSIM_SIM_ARCH_ARM64_INCLUDE_ASM_KVM_HOST_H */
