/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared by the arm64 files: what each release does differently, the host
 * profile, and the entry points guest.c, sys_regs.c, hypercalls.c,
 * arch_timer.c, pmu-emul.c, pvtime.c and reset.c offer each other.
 */
#ifndef KVMSIM_SIM_ARCH_ARM64_KVM_KVM_ARM_H
#define KVMSIM_SIM_ARCH_ARM64_KVM_KVM_ARM_H

#include <stdbool.h>
#include <stdint.h>

#include <asm/kvm_host.h>

/**
 * struct kvm_arm64_release - arm64 behaviour that changed between the
 * modelled kernel releases.  One row per release (arm.c).
 * @major, @minor: the release.
 * @vm_wide_features: every vCPU of a VM must be initialised with the same
 *	features (POWER_OFF aside); re-init ignores POWER_OFF.
 * @ptimer_regs: the physical timer's CTL/CNT/CVAL are ONE_REG registers.
 * @writable_id_regs: ID registers accept lower values, field by field
 *	(otherwise they are invariant: only their own value is accepted).
 * @invariant_clidr_ctr: CLIDR_EL1 and CTR_EL0 are among the invariant
 *	registers listed first (otherwise in the table, in encoding order).
 * @all_ccsidr: every CSSELR_EL1 value has a CCSIDR_EL1 (writable);
 *	otherwise only the caches CLIDR_EL1 describes (invariant).
 * @pmu_set_clr: PMU set/clear register pairs act as set/clear from
 *	userspace and PMCR_EL0.N may be lowered; counters are 64-bit.
 * @sysreg_extra: visibility bits of registers only this release lists.
 * @smc_calls: a guest's SMC #0 is an SMCCC call like HVC (older
 *	releases answer every SMC with "unknown function").
 * @timer_irq_attrs: how many timers KVM_ARM_VCPU_TIMER_CTRL names the
 *	interrupt of (virtual, physical; then the EL2 virtual and physical
 *	ones, which newer releases add).
 * @vm_id_regs: the ID registers (and CTR_EL0) are the VM's, not each
 *	vCPU's: set by the first vCPU reset, kept over later ones, and
 *	refusing a changed value with EBUSY once the VM has run (the older
 *	release keeps them per vCPU, but for the fields it lets userspace
 *	lower, CSV2 and CSV3, which are the VM's and stay writable).
 * @hide_gic_at_run: the first run clears the GIC fields of ID_AA64PFR0_EL1
 *	and ID_PFR1_EL1, there being no vGIC (with @vm_id_regs).
 * @vcpu_id_regs_reset_once: the vCPU's own registers of the ID space
 *	(MPIDR_EL1, CLIDR_EL1) are reset by its first KVM_ARM_VCPU_INIT only.
 * @vm_pmcr_n: PMCR_EL0.N is the VM's, and a changed N is ignored once the
 *	VM has run.
 * @abt_esr_sext: an injected abort's ESR_EL1 has bits 63:32 set: the
 *	older release shifts the exception class as an int, which sign-extends
 *	("events.dabt get sys:3_0_5_2_0" in arm64.events).
 * @reinit_keeps_serror: KVM_ARM_VCPU_INIT of a vCPU that has run keeps its
 *	pending SError (the older release clears it at every INIT;
 *	run.ev.serror.reinit in section "run").
 * @pmu_type: the perf type number of the host's PMU, the one id
 *	KVM_ARM_VCPU_PMU_V3_SET_PMU takes.  Perf hands the numbers out as
 *	drivers register: on the harness's host 8 under 6.1 and 10 under 6.12
 *	("attr.pmu-set-pmu ... first=" in arm64.vcpu-attr, a [vary] line).
 * @mte_vma_allowed: a slot of a VM with MTE needs memory that can hold
 *	tags (anonymous or shmem; VM_MTE_ALLOWED); the older release only
 *	refuses shared mappings ("mte.slot.on" in arm64.mte).
 * @mte_copy_int_max: KVM_ARM_MTE_COPY_TAGS refuses a length above INT_MAX.
 * @mte_copy_dirty_busy: KVM_ARM_MTE_COPY_TAGS to the guest is EBUSY while
 *	any slot logs dirty pages.
 * @mte_copy_clear_partial: a copy to the guest that faults part-way
 *	through a page leaves that page zero tags (the older release keeps
 *	what came in, where the page was tagged already).
 * @refused_init_keeps_sve: a KVM_ARM_VCPU_INIT asking for SVE that the
 *	pointer authentication check refuses leaves the vCPU with SVE (the
 *	older release enables SVE first and does not undo it): a later INIT
 *	without SVE gets an SVE vCPU waiting for KVM_ARM_VCPU_FINALIZE
 *	("init.refused-state" in arm64.init).
 * @counter_offset: KVM_ARM_SET_COUNTER_OFFSET (KVM_CAP_COUNTER_OFFSET):
 *	one offset for the VM's virtual and physical counters (section
 *	arm64.counter).
 * @vm_device_attrs: the VM fd has device attributes (KVM_HAS_DEVICE_ATTR:
 *	the SMCCC filter's group); the older release answers EINVAL to the
 *	three attribute ioctls on a VM (section vm.device).
 * @reg_writable_masks: KVM_ARM_GET_REG_WRITABLE_MASKS (section
 *	arm64.writable-masks).
 */
struct kvm_arm64_release {
	unsigned int major, minor;
	bool vm_wide_features;
	bool ptimer_regs;
	bool writable_id_regs;
	bool invariant_clidr_ctr;
	bool all_ccsidr;
	bool pmu_set_clr;
	unsigned int sysreg_extra;
	bool smc_calls;
	unsigned int timer_irq_attrs;
	bool vm_id_regs;
	bool hide_gic_at_run;
	bool vcpu_id_regs_reset_once;
	bool vm_pmcr_n;
	bool abt_esr_sext;
	bool reinit_keeps_serror;
	int pmu_type;
	bool mte_vma_allowed;
	bool mte_copy_int_max;
	bool mte_copy_dirty_busy;
	bool mte_copy_clear_partial;
	bool refused_init_keeps_sve;
	bool counter_offset;
	bool vm_device_attrs;
	bool reg_writable_masks;
};

/* Host features (struct kvm_arm64_host.features). */
#define HOST_EL1_32BIT	(1U << 0)
#define HOST_PMU	(1U << 1)
#define HOST_SVE	(1U << 2)
#define HOST_PTRAUTH	(1U << 3)
#define HOST_EL0_32BIT	(1U << 4)
/* Data-abort syndromes report sign extension (ISS.SSE) for LDRS* loads. */
#define HOST_DABT_SSE	(1U << 5)
#define HOST_MTE	(1U << 6)

/*
 * A register value the host provides, per kernel release (host.c).
 * @feature: 0, or the feature it applies with, + 1: a KVM_ARM_VCPU_* bit,
 * or HOST_VARIANT_MTE for a VM that enabled KVM_CAP_ARM_MTE.
 */
struct kvm_arm64_host_reg {
	uint32_t enc;		/* sys_regs.c encoding; CCSIDR: 0x10000 | n */
	uint8_t feature;
	uint64_t val;
};
#define HOST_VARIANT_MTE	31

#define HOST_ENC_CCSIDR(n)	(0x10000u | (n))
#define HOST_ENC_WORKAROUND(n)	(0x20000u | (n))
#define HOST_ENC_FW_BMAP(n)	(0x30000u | (n))
#define HOST_MAX_REGS		160

/**
 * struct kvm_arm64_host - a host CPU profile (see sim/arch/arm64/hosts/).
 * @name: the profile's name.
 * @features: HOST_* bits.
 * @sve_vqs: vector lengths the host offers.
 * @pmu_counters: PMCR_EL0.N.
 * @kernels: per release: the values the kernel takes from the host, and
 *	@ipa_limit, KVM_CAP_ARM_VM_IPA_SIZE there (0: the release's own default,
 *	struct kvm_profile's, which is the harness's qemu-max host's).
 */
struct kvm_arm64_host {
	char name[64];
	unsigned int features;
	uint64_t sve_vqs;
	unsigned int pmu_counters;
	struct {
		unsigned int major, minor;
		unsigned int ipa_limit;
		unsigned int nr;
		struct kvm_arm64_host_reg regs[HOST_MAX_REGS];
	} kernels[4];
	unsigned int nr_kernels;
};

/* host.c */
int kvm_arm64_host_get(const struct kvm_arm64_host **ret_host);
bool kvm_arm64_host_value(const struct kvm *kvm, uint32_t enc, uint32_t vcpu_features,
			  uint64_t *ret_val);
int kvm_arm64_sys_reg_enc(const char *name, uint32_t *ret_enc);
unsigned int kvm_arm64_ipa_limit(const struct kvm_arm64_host *h,
				 const struct kvm_profile *profile);

static inline const struct kvm_arm64_release *kvm_release(const struct kvm *kvm)
{
	return to_arm64_vm((struct kvm *)kvm)->release;
}

/* vgic/: the in-kernel GIC. */
const struct kvm_device_ops *kvm_arm64_device_ops(const struct kvm_profile *profile,
						  uint32_t type);
int kvm_vgic_create(struct kvm *kvm, uint32_t type);
int kvm_vgic_vcpu_init(struct kvm_vcpu *vcpu);
void kvm_vgic_vcpu_destroy(struct kvm_vcpu *vcpu);
void kvm_vgic_destroy(struct kvm *kvm);
int kvm_vgic_map_resources(struct kvm *kvm);
int kvm_vgic_set_owner(struct kvm_vcpu *vcpu, unsigned int intid, const void *owner);
bool kvm_irqchip_in_kernel(struct kvm *kvm);
int kvm_arm64_set_routing_entry(struct kvm *kvm, struct kvm_kernel_irq_routing_entry *e,
				const struct kvm_irq_routing_entry *ue);
bool kvm_arm64_intc_initialized(struct kvm *kvm);
bool kvm_vgic_initialized(struct kvm *kvm);
bool kvm_vgic_valid_spi(struct kvm *kvm, int irq);
int kvm_vgic_inject_irq(struct kvm *kvm, struct kvm_vcpu *vcpu, unsigned int intid, bool level);
/* An in-kernel device's (@owner's) level on its interrupt. */
void kvm_vgic_set_device_line(struct kvm_vcpu *vcpu, unsigned int intid, bool level,
			      const void *owner);
/* The vCPU's IRQ (bit 0) and FIQ (bit 1) inputs from its CPU interface. */
unsigned int kvm_vgic_vcpu_irq_lines(struct kvm_vcpu *vcpu);
/* KVM_RUN's load and save of the vCPU's GIC CPU interface. */
void kvm_vgic_load(struct kvm_vcpu *vcpu);
/* A guest MRS/MSR of an ICC_*_EL1 register; false if @enc is none. */
bool kvm_vgic_cpuif_access(struct kvm_vcpu *vcpu, uint32_t enc, bool is_read, uint64_t *val);

/* arm.c: the vCPU's interrupt inputs, and a kick to look at them again. */
#define KVM_ARM_IRQ_LINE_IRQ	1U
#define KVM_ARM_IRQ_LINE_FIQ	2U
unsigned int kvm_arm_vcpu_irq_lines(struct kvm_vcpu *vcpu);
void kvm_arm_vcpu_kick(struct kvm_vcpu *vcpu);

/* guest.c: KVM_{GET,SET,HAS}_DEVICE_ATTR of a vCPU, by group. */
int kvm_arm_vcpu_arch_set_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr);
int kvm_arm_vcpu_arch_get_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr);
int kvm_arm_vcpu_arch_has_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr);

/* guest.c: KVM_{GET,SET}_VCPU_EVENTS, once arm.c has checked the padding. */
int __kvm_arm_vcpu_get_events(struct kvm_vcpu *vcpu, struct kvm_vcpu_events *events);
int __kvm_arm_vcpu_set_events(struct kvm_vcpu *vcpu, const struct kvm_vcpu_events *events);

/* guest.c: KVM_{GET,SET}_ONE_REG and KVM_GET_REG_LIST. */
int kvm_arm_get_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
int kvm_arm_set_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
int kvm_arm_copy_reg_indices(struct kvm_vcpu *vcpu, unsigned long uindices);
unsigned long kvm_arm_num_regs(struct kvm_vcpu *vcpu);
bool kvm_arm_vcpu_is_finalized(struct kvm_vcpu *vcpu);
int kvm_arm_vcpu_finalize(struct kvm_vcpu *vcpu, int feature);
void kvm_arm_vcpu_sve_reset(struct kvm_vcpu *vcpu);

/* sys_regs.c */
int kvm_sys_reg_table_init(void);
unsigned long kvm_arm_num_sys_reg_descs(struct kvm_vcpu *vcpu);
int kvm_arm_copy_sys_reg_indices(struct kvm_vcpu *vcpu, unsigned long uind);
int kvm_arm_sys_reg_get_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
int kvm_arm_sys_reg_set_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
void kvm_reset_sys_regs(struct kvm_vcpu *vcpu);
/* A first KVM_RUN of the VM: what the registers lose then (arch_lock held). */
void kvm_finalize_sys_regs(struct kvm_vcpu *vcpu);
/* The register a vCPU keeps itself at @enc, or NULL (ID registers: the next). */
uint64_t *vcpu_sys_reg_ptr(struct kvm_vcpu *vcpu, uint32_t enc);
/* MPIDR_EL1's encoding and its affinity fields (Aff3..Aff0). */
#define SYS_MPIDR_EL1		0xc005U
#define MPIDR_HWID_BITMASK	0xff00ffffffULL
/* The value of any register at @enc as ONE_REG reads it (MRS of the ID space). */
bool kvm_arm_read_sys_reg(struct kvm_vcpu *vcpu, uint32_t enc, uint64_t *ret_val);
/* The guest's PMU registers (op0 3: CRn 9 and CRn 14's counters): see sys_regs.c. */
bool kvm_arm_is_pmu_sysreg(uint32_t enc);
int kvm_arm_pmu_sysreg_access(struct kvm_vcpu *vcpu, uint32_t enc, bool el0, bool is_read,
			      uint64_t *val);

/* hypercalls.c: the firmware pseudo-registers. */
unsigned long kvm_arm_get_fw_num_regs(struct kvm_vcpu *vcpu);
int kvm_arm_copy_fw_reg_indices(struct kvm_vcpu *vcpu, unsigned long uindices);
int kvm_arm_get_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
int kvm_arm_set_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
void kvm_arm_init_hypercalls(struct kvm *kvm);
/* An HVC, or an SMC (@smc: the conduit a forwarded call reports). */
int kvm_smccc_call_handler(struct kvm_vcpu *vcpu, bool smc);
/* KVM_ARM_VM_SMCCC_FILTER: one range of function ids and its action. */
int kvm_smccc_set_filter(struct kvm *kvm, unsigned long uaddr);
void kvm_smccc_destroy_filter(struct kvm *kvm);

/* arch_timer.c */
unsigned long kvm_arm_timer_num_regs(struct kvm_vcpu *vcpu);
int kvm_arm_copy_timer_indices(struct kvm_vcpu *vcpu, unsigned long uindices);
bool kvm_arm_is_timer_reg(struct kvm_vcpu *vcpu, uint64_t id);
int kvm_arm_timer_get_reg(struct kvm_vcpu *vcpu, uint64_t id, uint64_t *ret_val);
int kvm_arm_timer_set_reg(struct kvm_vcpu *vcpu, uint64_t id, uint64_t val);
void kvm_timer_vcpu_reset(struct kvm_vcpu *vcpu);
void kvm_timer_vcpu_init(struct kvm_vcpu *vcpu);
void kvm_timer_init_vm(struct kvm *kvm);
int kvm_timer_enable(struct kvm_vcpu *vcpu);
/* The timers' interrupt levels into the vGIC, now. */
void kvm_timer_update_irqs(struct kvm_vcpu *vcpu);
/* Nanoseconds until the next timer of @vcpu fires (UINT64_MAX: none armed). */
uint64_t kvm_timer_next_ns(struct kvm_vcpu *vcpu);
/* A guest MRS/MSR of a generic-timer register; false if @enc is none. */
bool kvm_arm_timer_sysreg_access(struct kvm_vcpu *vcpu, uint32_t enc, bool is_read, uint64_t *val);
int kvm_vm_ioctl_set_counter_offset(struct kvm *kvm, unsigned long arg);
int kvm_arm_timer_set_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr);
int kvm_arm_timer_get_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr);
int kvm_arm_timer_has_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr);

/*
 * pmu-emul.c: the PMU attributes and the check of a vCPU's first KVM_RUN;
 * all but get with the VM's arch_lock held.
 */
bool kvm_vcpu_has_pmu(struct kvm_vcpu *vcpu);
int kvm_arm_pmu_v3_set_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr);
int kvm_arm_pmu_v3_get_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr);
int kvm_arm_pmu_v3_has_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr);
int kvm_arm_pmu_v3_enable(struct kvm_vcpu *vcpu);
void kvm_pmu_destroy_vm(struct kvm *kvm);

/* pvtime.c: PV time's stolen-time structure. */
void kvm_arm_pvtime_vcpu_init(struct kvm_vcpu *vcpu);
int kvm_arm_pvtime_set_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr);
int kvm_arm_pvtime_get_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr);
int kvm_arm_pvtime_has_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr);
uint64_t kvm_init_stolen_time(struct kvm_vcpu *vcpu);
void kvm_update_stolen_time(struct kvm_vcpu *vcpu);

/* psci.c */
int kvm_psci_call(struct kvm_vcpu *vcpu);
uint32_t kvm_psci_version(struct kvm_vcpu *vcpu);

/* mmio.c: data aborts outside memory, and the completion of a read. */
struct kvm_emu_exit;
int kvm_handle_guest_abort(struct kvm_vcpu *vcpu, const struct kvm_emu_exit *exit);
int kvm_handle_mmio_return(struct kvm_vcpu *vcpu);

/* handle_exit.c */
int handle_exit(struct kvm_vcpu *vcpu, const struct kvm_emu_exit *exit);

/* inject_fault.c */
void kvm_inject_undefined(struct kvm_vcpu *vcpu);
void kvm_inject_pabt(struct kvm_vcpu *vcpu, uint64_t addr);
void kvm_inject_brk(struct kvm_vcpu *vcpu, uint16_t imm);
void kvm_inject_dabt(struct kvm_vcpu *vcpu, uint64_t addr);
void kvm_inject_vabt(struct kvm_vcpu *vcpu);
void kvm_set_sei_esr(struct kvm_vcpu *vcpu, uint64_t esr);
/* At KVM_RUN: enters the exception an injection left pending. */
void kvm_adjust_pc(struct kvm_vcpu *vcpu);
bool kvm_pending_exception(struct kvm_vcpu *vcpu);
/* A pending virtual SError for the CPU to take once PSTATE.A is clear, and its taking. */
bool kvm_vserror_pending(struct kvm_vcpu *vcpu);
void kvm_take_vserror(struct kvm_vcpu *vcpu);

/* arm.c: the run loop's helpers for the exit handlers. */
void kvm_vcpu_wfi(struct kvm_vcpu *vcpu);
void kvm_arm_vcpu_power_off(struct kvm_vcpu *vcpu);
bool kvm_arm_vcpu_stopped(struct kvm_vcpu *vcpu);
bool kvm_vcpu_signal_pending(struct kvm_vcpu *vcpu);

/* Guest register access, for the exit handlers (x31 reads as zero, ignores writes). */
static inline uint64_t vcpu_get_reg(struct kvm_vcpu *vcpu, unsigned int n)
{
	return n == 31 ? 0 : to_arm64_vcpu(vcpu)->regs.regs.regs[n];
}

static inline void vcpu_set_reg(struct kvm_vcpu *vcpu, unsigned int n, uint64_t val)
{
	if (n != 31)
		to_arm64_vcpu(vcpu)->regs.regs.regs[n] = val;
}

/*
 * debug.c: KVM completed the guest's instruction (PC moved on, or an
 * exception taken); while single-stepping, the step exception is due.
 */
void kvm_arm_ss_advance(struct kvm_vcpu *vcpu);

/* Like the kernel's skip of an instruction, this completes a pending single step. */
static inline void kvm_incr_pc(struct kvm_vcpu *vcpu)
{
	to_arm64_vcpu(vcpu)->regs.regs.pc += 4;
	kvm_arm_ss_advance(vcpu);
}

/*
 * debug.c: KVM_SET_GUEST_DEBUG and KVM_EXIT_DEBUG.  The kvm_arm_handle_*()
 * fill vcpu->run and return 0, the exit handlers' "to userspace".
 */
int kvm_arch_vcpu_ioctl_set_guest_debug(struct kvm_vcpu *vcpu, const struct kvm_guest_debug *dbg);
bool kvm_arm_singlestep(struct kvm_vcpu *vcpu);
/* An exception entered while stepping: due at once, SPSR_EL1.SS kept set. */
void kvm_arm_ss_exception(struct kvm_vcpu *vcpu);
/* At guest entry: the pending step exception, as an exit (true) or none. */
bool kvm_arm_handle_ss_pending(struct kvm_vcpu *vcpu);
/* One instruction ran while stepping (@ldex: a load-exclusive). */
int kvm_arm_handle_step(struct kvm_vcpu *vcpu, bool ldex);
/* Whether a guest BRK exits to userspace rather than reaching the guest. */
bool kvm_arm_brk_exits(struct kvm_vcpu *vcpu);
int kvm_arm_handle_brk(struct kvm_vcpu *vcpu, uint16_t imm);
int kvm_arm_handle_breakpoint(struct kvm_vcpu *vcpu);
int kvm_arm_handle_watchpoint(struct kvm_vcpu *vcpu, uint64_t far, bool write);

/* The ELs a breakpoint or watchpoint matches at. */
#define KVM_ARM_DBG_EL0		(1U << 0)
#define KVM_ARM_DBG_EL1		(1U << 1)

/* An installed breakpoint: the address of the instruction it stops at. */
struct kvm_arm_hw_bp {
	uint64_t addr;
	unsigned int els;
};

/* An installed watchpoint: the bytes it watches, for loads and/or stores. */
struct kvm_arm_hw_wp {
	uint64_t addr, len;
	bool load, store;
	unsigned int els;
};

/* The breakpoints (watchpoints) in effect, decoded; their number. */
unsigned int kvm_arm_hw_breakpoints(struct kvm_vcpu *vcpu,
				    struct kvm_arm_hw_bp bps[KVM_ARM_MAX_DBG_REGS]);
unsigned int kvm_arm_hw_watchpoints(struct kvm_vcpu *vcpu,
				    struct kvm_arm_hw_wp wps[KVM_ARM_MAX_DBG_REGS]);

/* mte.c: KVM_CAP_ARM_MTE, the slots of a VM with it, KVM_ARM_MTE_COPY_TAGS. */
int kvm_arm_mte_enable(struct kvm *kvm);
bool kvm_has_mte(struct kvm *kvm);
int kvm_arm_mte_check_memslot(struct kvm *kvm, const struct kvm_memory_slot *new);
long kvm_vm_ioctl_mte_copy_tags(struct kvm *kvm, unsigned long arg);
/* sys_regs.c: 6.12's KVM_ARM_GET_REG_WRITABLE_MASKS. */
int kvm_vm_ioctl_get_reg_writable_masks(struct kvm *kvm, unsigned long arg);
void kvm_arm_mte_destroy(struct kvm *kvm);

/* reset.c */
int kvm_reset_vcpu(struct kvm_vcpu *vcpu);
int kvm_arm_vcpu_validate_features(struct kvm_vcpu *vcpu, uint32_t features);
void kvm_arm_vcpu_init_refused(struct kvm_vcpu *vcpu, uint32_t features);

#endif /* KVMSIM_SIM_ARCH_ARM64_KVM_KVM_ARM_H */
