// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * arm64 KVM: VM creation, capabilities, the VM and vCPU ioctls of
 * arch/arm64/kvm/arm.c, and the ops table generic code calls through.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "emulate.h"
#include "inject.h"
#include "kvm_arm.h"

/* Instructions per backend call: how long a signal may wait to be seen. */
#define RUN_BUDGET		100000
/* How often a sleeping vCPU looks for signals (they are blocked meanwhile). */
#define SLEEP_POLL_NS		5000000L

/* What each modelled release does differently (see struct kvm_arm64_release). */
static const struct kvm_arm64_release releases[] = {
	{ .major = 6, .minor = 1, .invariant_clidr_ctr = true, .timer_irq_attrs = 2,
	  .abt_esr_sext = true, .pmu_type = 8, .refused_init_keeps_sve = true },
	{ .major = 6, .minor = 12, .vm_wide_features = true, .ptimer_regs = true,
	  .writable_id_regs = true, .all_ccsidr = true, .pmu_set_clr = true,
	  .sysreg_extra = 1, .smc_calls = true, .timer_irq_attrs = 4,
	  .vm_id_regs = true, .hide_gic_at_run = true, .vcpu_id_regs_reset_once = true,
	  .vm_pmcr_n = true, .pmu_type = 10, .reinit_keeps_serror = true,
	  .mte_vma_allowed = true, .mte_copy_int_max = true, .mte_copy_dirty_busy = true,
	  .mte_copy_clear_partial = true, .counter_offset = true, .vm_device_attrs = true,
	  .reg_writable_masks = true },
};

static const struct kvm_arm64_release *find_release(const struct kvm_profile *profile)
{
	for (size_t i = 0; i < sizeof(releases) / sizeof(releases[0]); i++)
		if (releases[i].major == profile->major && releases[i].minor == profile->minor)
			return &releases[i];
	return NULL;
}

/* kvm_init_stage2_mmu()'s type checks: an IPA size, or 0 for 40 bits. */
static int kvm_arm64_init_vm(struct kvm *kvm, unsigned long type)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	unsigned int phys_shift;
	int r;

	if (type & ~KVM_VM_TYPE_ARM_IPA_SIZE_MASK)
		return -EINVAL;
	r = kvm_arm64_host_get(&arm->host);
	if (r)
		return r;
	phys_shift = KVM_VM_TYPE_ARM_IPA_SIZE(type);
	if (phys_shift) {
		if (phys_shift > kvm_arm64_ipa_limit(arm->host, kvm->profile) ||
		    phys_shift < ARM64_MIN_PARANGE_BITS)
			return -EINVAL;
	} else {
		phys_shift = KVM_PHYS_SHIFT;
	}
	arm->phys_shift = phys_shift;
	arm->release = find_release(kvm->profile);
	if (!arm->release)
		return -EINVAL;
	arm->pmcr_n = arm->host->pmu_counters;
	pthread_mutex_init(&arm->arch_lock, NULL);
	pthread_mutex_init(&arm->run_lock, NULL);
	pthread_cond_init(&arm->run_cond, NULL);
	pthread_mutex_init(&arm->vgic_lock, NULL);
	arm->vgic.vgic_dist_base = VGIC_ADDR_UNDEF;
	arm->vgic.vgic_cpu_base = VGIC_ADDR_UNDEF;
	kvm_timer_init_vm(kvm);
	kvm_arm_init_hypercalls(kvm);
	return 0;
}

static void kvm_arm64_destroy_vm(struct kvm *kvm)
{
	kvm_vgic_destroy(kvm);
	pthread_mutex_destroy(&to_arm64_vm(kvm)->vgic_lock);
	kvm_pmu_destroy_vm(kvm);
	kvm_arm_mte_destroy(kvm);
	kvm_smccc_destroy_filter(kvm);
	pthread_cond_destroy(&to_arm64_vm(kvm)->run_cond);
	pthread_mutex_destroy(&to_arm64_vm(kvm)->run_lock);
	pthread_mutex_destroy(&to_arm64_vm(kvm)->arch_lock);
}

/* Capabilities that say the host CPU offers an optional feature: 1 or 0. */
static const struct {
	long cap;
	unsigned int feature;	/* HOST_* */
} host_caps[] = {
	{ KVM_CAP_ARM_EL1_32BIT, HOST_EL1_32BIT },
	{ KVM_CAP_ARM_PMU_V3, HOST_PMU },
	{ KVM_CAP_ARM_SVE, HOST_SVE },
	{ KVM_CAP_ARM_PTRAUTH_ADDRESS, HOST_PTRAUTH },
	{ KVM_CAP_ARM_PTRAUTH_GENERIC, HOST_PTRAUTH },
	{ KVM_CAP_ARM_MTE, HOST_MTE },
};

static long kvm_arm64_check_extension(const struct kvm_profile *profile, struct kvm *kvm, long ext)
{
	const struct kvm_cap_answer *answer;
	const struct kvm_arm64_host *host;

	/* A profile that failed to load fails KVM_CREATE_VM; here it offers nothing. */
	if (kvm)
		host = to_arm64_vm(kvm)->host;
	else if (kvm_arm64_host_get(&host))
		host = NULL;
	for (size_t i = 0; i < sizeof(host_caps) / sizeof(host_caps[0]); i++)
		if (host_caps[i].cap == ext)
			return host && (host->features & host_caps[i].feature);
	switch (ext) {
	case KVM_CAP_NR_VCPUS:
		return profile->nr_cpus < KVM_MAX_VCPUS ? profile->nr_cpus : KVM_MAX_VCPUS;
	case KVM_CAP_MAX_VCPUS:
	case KVM_CAP_MAX_VCPU_ID:
		return kvm ? (long)kvm->max_vcpus : KVM_MAX_VCPUS;
	case KVM_CAP_ARM_VM_IPA_SIZE:
		return host ? kvm_arm64_ipa_limit(host, profile) : profile->ipa_limit;
	}
	answer = kvm_profile_cap(profile, ext);
	if (!answer)
		return 0;
	return kvm ? answer->vm : answer->sys;
}

/* arm64 has no system-fd ioctls of its own. */
static long kvm_arm64_dev_ioctl(const struct kvm_profile *profile, unsigned int ioctl,
				unsigned long arg)
{
	return -EINVAL;
}

static int kvm_vm_ioctl_preferred_target(unsigned long arg)
{
	struct kvm_vcpu_init init;

	memset(&init, 0, sizeof(init));
	init.target = KVM_ARM_TARGET_PREFERRED;
	return copy_to_user(arg, &init, sizeof(init));
}

/*
 * The VM's device attributes (6.12): group KVM_ARM_VM_SMCCC_CTRL with its
 * one attribute, the SMCCC filter, which is set only (no GET).
 */
static int kvm_vm_device_attr(struct kvm *kvm, unsigned int ioctl, unsigned long arg)
{
	struct kvm_device_attr attr;

	if (!to_arm64_vm(kvm)->release->vm_device_attrs || ioctl == KVM_GET_DEVICE_ATTR)
		return -EINVAL;
	if (copy_from_user(&attr, arg, sizeof(attr)))
		return -EFAULT;
	if (attr.group != KVM_ARM_VM_SMCCC_CTRL || attr.attr != KVM_ARM_VM_SMCCC_FILTER)
		return -ENXIO;
	return ioctl == KVM_HAS_DEVICE_ATTR ? 0 : kvm_smccc_set_filter(kvm, attr.addr);
}

/*
 * KVM_IRQ_LINE: the irq field's type, vCPU (vcpu2 * 256 + vcpu) and number.
 * The CPU's own IRQ and FIQ lines are for VMMs without a vGIC; PPIs and
 * SPIs go to the vGIC.
 */
static int kvm_vm_ioctl_irq_line(struct kvm *kvm, const struct kvm_irq_level *irq_level)
{
	uint32_t irq = irq_level->irq;
	unsigned int type = (irq >> KVM_ARM_IRQ_TYPE_SHIFT) & KVM_ARM_IRQ_TYPE_MASK;
	unsigned int vcpu_id = (irq >> KVM_ARM_IRQ_VCPU_SHIFT) & KVM_ARM_IRQ_VCPU_MASK;
	unsigned int num = (irq >> KVM_ARM_IRQ_NUM_SHIFT) & KVM_ARM_IRQ_NUM_MASK;
	bool level = irq_level->level;
	struct kvm_vcpu *vcpu;

	vcpu_id += ((irq >> KVM_ARM_IRQ_VCPU2_SHIFT) & KVM_ARM_IRQ_VCPU2_MASK) *
		   (KVM_ARM_IRQ_VCPU_MASK + 1);
	switch (type) {
	case KVM_ARM_IRQ_TYPE_CPU: {
		struct kvm_vcpu_arm64 *v;
		unsigned int bit;

		if (kvm_irqchip_in_kernel(kvm))
			return -ENXIO;
		vcpu = kvm_get_vcpu_by_id(kvm, vcpu_id);
		if (!vcpu)
			return -EINVAL;
		if (num > KVM_ARM_IRQ_CPU_FIQ)
			return -EINVAL;
		v = to_arm64_vcpu(vcpu);
		bit = 1U << num;
		if (level)
			__atomic_fetch_or(&v->irq_lines, bit, __ATOMIC_ACQ_REL);
		else
			__atomic_fetch_and(&v->irq_lines, ~bit, __ATOMIC_ACQ_REL);
		kvm_arm_vcpu_kick(vcpu);
		return 0;
	}
	case KVM_ARM_IRQ_TYPE_PPI:
		if (!kvm_irqchip_in_kernel(kvm))
			return -ENXIO;
		vcpu = kvm_get_vcpu_by_id(kvm, vcpu_id);
		if (!vcpu)
			return -EINVAL;
		if (num < 16 || num >= 32)
			return -EINVAL;
		return kvm_vgic_inject_irq(kvm, vcpu, num, level);
	case KVM_ARM_IRQ_TYPE_SPI:
		if (!kvm_irqchip_in_kernel(kvm))
			return -ENXIO;
		if (num < 32)
			return -EINVAL;
		return kvm_vgic_inject_irq(kvm, NULL, num, level);
	}
	return -EINVAL;
}

/* KVM_ARM_SET_DEVICE_ADDR: only a vGICv2's frames, which no host profile offers yet. */
static int kvm_vm_ioctl_set_device_addr(unsigned long arg)
{
	struct kvm_arm_device_addr dev_addr;

	if (copy_from_user(&dev_addr, arg, sizeof(dev_addr)))
		return -EFAULT;
	return -ENODEV;
}

static long kvm_arm64_vm_ioctl(struct kvm *kvm, unsigned int ioctl, unsigned long arg)
{
	switch (ioctl) {
	case KVM_IRQ_LINE:
	case KVM_IRQ_LINE_STATUS: {
		struct kvm_irq_level irq_event;
		int r;

		if (copy_from_user(&irq_event, arg, sizeof(irq_event)))
			return -EFAULT;
		r = kvm_vm_ioctl_irq_line(kvm, &irq_event);
		if (r)
			return r;
		if (ioctl == KVM_IRQ_LINE_STATUS &&
		    copy_to_user(arg, &irq_event, sizeof(irq_event)))
			return -EFAULT;
		return 0;
	}
	case KVM_CREATE_IRQCHIP: {
		int r;

		/* A vGICv2, which a GICv3 host without GICv2 compatibility lacks. */
		pthread_mutex_lock(&kvm->lock);
		r = kvm_vgic_create(kvm, KVM_DEV_TYPE_ARM_VGIC_V2);
		pthread_mutex_unlock(&kvm->lock);
		return r;
	}
	case KVM_ARM_SET_DEVICE_ADDR:
		return kvm_vm_ioctl_set_device_addr(arg);
	case KVM_HAS_DEVICE_ATTR:
	case KVM_SET_DEVICE_ATTR:
	case KVM_GET_DEVICE_ATTR:
		return kvm_vm_device_attr(kvm, ioctl, arg);
	case KVM_ARM_GET_REG_WRITABLE_MASKS:
		if (!to_arm64_vm(kvm)->release->reg_writable_masks)
			return -EINVAL;
		return kvm_vm_ioctl_get_reg_writable_masks(kvm, arg);
	case KVM_ARM_PREFERRED_TARGET:
		return kvm_vm_ioctl_preferred_target(arg);
	case KVM_ARM_MTE_COPY_TAGS:
		return kvm_vm_ioctl_mte_copy_tags(kvm, arg);
	case KVM_ARM_SET_COUNTER_OFFSET:
		if (!to_arm64_vm(kvm)->release->counter_offset)
			return -EINVAL;
		return kvm_vm_ioctl_set_counter_offset(kvm, arg);
	default:
		return -EINVAL;
	}
}

/*
 * Eager page splitting (6.12): 0 turns it off, otherwise a block size the
 * host supports; only while the VM has no memory slot.
 */
static int kvm_arm64_set_split_chunk_size(struct kvm *kvm, uint64_t size)
{
	long sizes = kvm_arm64_check_extension(kvm->profile, kvm, KVM_CAP_ARM_SUPPORTED_BLOCK_SIZES);
	int r = -EINVAL;

	if (!sizes)
		return -EINVAL;	/* not a capability of this kernel */
	pthread_mutex_lock(&kvm->slots_lock);
	if (!kvm->nr_memslots &&
	    (!size || ((size & (size - 1)) == 0 && (size & (uint64_t)sizes)))) {
		to_arm64_vm(kvm)->split_chunk_size = size;
		r = 0;
	}
	pthread_mutex_unlock(&kvm->slots_lock);
	return r;
}

static int kvm_arm64_vm_enable_cap(struct kvm *kvm, const struct kvm_enable_cap *cap)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);

	if (cap->flags)
		return -EINVAL;
	switch (cap->cap) {
	case KVM_CAP_ARM_NISV_TO_USER:
		arm->return_nisv_to_user = true;
		return 0;
	case KVM_CAP_ARM_SYSTEM_SUSPEND:
		arm->system_suspend = true;
		return 0;
	case KVM_CAP_ARM_MTE:
		return kvm_arm_mte_enable(kvm);
	case KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE:
		return kvm_arm64_set_split_chunk_size(kvm, cap->args[0]);
	default:
		return -EINVAL;
	}
}

/* kvm->lock held: no vCPU joins an initialised vGIC; the vGIC's vCPU limit. */
static int kvm_arm64_vcpu_precreate(struct kvm *kvm, unsigned int id)
{
	if (kvm_irqchip_in_kernel(kvm) && kvm_vgic_initialized(kvm))
		return -EBUSY;
	if (id >= kvm->max_vcpus)
		return -EINVAL;
	return 0;
}

static int kvm_arm64_vcpu_create(struct kvm_vcpu *vcpu)
{
	int r;

	kvm_timer_vcpu_init(vcpu);
	kvm_arm_pvtime_vcpu_init(vcpu);
	r = kvm_vgic_vcpu_init(vcpu);
	if (r)
		kvm_vgic_vcpu_destroy(vcpu);
	return r;
}

static void kvm_arm64_vcpu_destroy(struct kvm_vcpu *vcpu)
{
	const struct kvm_arm_emu_ops *emu = kvm_arm_emu();

	if (emu)
		emu->vcpu_destroy(vcpu);
	kvm_vgic_vcpu_destroy(vcpu);
	if (to_arm64_vcpu(vcpu)->wake_fd)
		close(to_arm64_vcpu(vcpu)->wake_fd - 1);
	free(to_arm64_vcpu(vcpu)->sve_state);
}

/* Any state but these three is refused; SUSPENDED needs no VM opt-in here. */
static int kvm_arm64_vcpu_set_mp_state(struct kvm_vcpu *vcpu, const struct kvm_mp_state *mp_state)
{
	switch (mp_state->mp_state) {
	case KVM_MP_STATE_RUNNABLE:
	case KVM_MP_STATE_STOPPED:
	case KVM_MP_STATE_SUSPENDED:
		__atomic_store_n(&vcpu->mp_state.mp_state, mp_state->mp_state, __ATOMIC_RELEASE);
		return 0;
	default:
		return -EINVAL;
	}
}

/* Copied in by generic code in the kernel; initialised or not, any vCPU takes it. */
static int kvm_arm64_vcpu_set_guest_debug(struct kvm_vcpu *vcpu, unsigned long arg)
{
	struct kvm_guest_debug dbg;

	if (copy_from_user(&dbg, arg, sizeof(dbg)))
		return -EFAULT;
	return kvm_arch_vcpu_ioctl_set_guest_debug(vcpu, &dbg);
}

/*
 * KVM_ARM_VCPU_INIT.  Every release: the preferred target only, unknown
 * feature bits ENOENT, a re-init must repeat the features and resets the
 * vCPU.  Older releases check the bits in order (a changed known bit
 * before an unknown one) and count POWER_OFF; newer ones check the bits
 * first, ignore POWER_OFF when comparing, and hold every vCPU of the VM
 * to the first one's features.
 */
static int kvm_vcpu_set_target(struct kvm_vcpu *vcpu, const struct kvm_vcpu_init *init)
{
	const uint32_t valid = (1U << KVM_VCPU_MAX_FEATURES) - 1;
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	const struct kvm_arm64_release *rel = arm->release;
	uint32_t f = init->features[0], cmp = valid;
	int r = 0;

	if (init->target != KVM_ARM_TARGET_PREFERRED)
		return -EINVAL;
	if (rel->vm_wide_features)
		cmp &= ~(1U << KVM_ARM_VCPU_POWER_OFF);
	pthread_mutex_lock(&arm->arch_lock);
	if (rel->vm_wide_features || !v->initialized) {
		for (size_t i = 1; i < sizeof(init->features) / sizeof(init->features[0]); i++)
			if (init->features[i])
				r = -ENOENT;
		if (f & ~valid)
			r = -ENOENT;
	} else {
		/* A changed known bit is found before any unknown one above it. */
		uint32_t changed = (f ^ v->features) & valid;
		bool unknown = (f & ~valid) != 0;

		for (size_t i = 1; i < sizeof(init->features) / sizeof(init->features[0]); i++)
			unknown |= init->features[i] != 0;
		r = changed ? -EINVAL : unknown ? -ENOENT : 0;
	}
	if (!rel->vm_wide_features && !v->initialized) {
		/*
		 * The older kernel sets each known bit as it walks them, and an
		 * unknown bit above stops the walk without undoing them; a
		 * refused feature set clears them all.
		 */
		if (r == -ENOENT)
			v->stale_features |= f & valid;
		f |= v->stale_features;
	}
	if (!r && !v->initialized) {
		r = kvm_arm_vcpu_validate_features(vcpu, f);
		if (r) {
			v->stale_features = 0;
			kvm_arm_vcpu_init_refused(vcpu, f);
		}
	}
	if (!r && v->initialized && ((f ^ v->features) & cmp))
		r = -EINVAL;
	if (!r && !v->initialized && rel->vm_wide_features && arm->features_configured &&
	    ((f ^ arm->vm_features) & cmp))
		r = -EINVAL;
	if (!r) {
		if (!arm->features_configured) {
			arm->features_configured = true;
			arm->vm_features = f;
		}
		v->features = f;
		v->stale_features = 0;
		r = kvm_reset_vcpu(vcpu);
		if (!r)
			v->initialized = true;
	}
	pthread_mutex_unlock(&arm->arch_lock);
	return r;
}

static int kvm_arm_vcpu_get_events(struct kvm_vcpu *vcpu, struct kvm_vcpu_events *events)
{
	memset(events, 0, sizeof(*events));
	return __kvm_arm_vcpu_get_events(vcpu, events);
}

/* A non-zero pad byte or reserved word refuses the whole set (arm64.events). */
static int kvm_arm_vcpu_set_events(struct kvm_vcpu *vcpu, const struct kvm_vcpu_events *events)
{
	for (size_t i = 0; i < sizeof(events->reserved) / sizeof(events->reserved[0]); i++)
		if (events->reserved[i])
			return -EINVAL;
	for (size_t i = 0; i < sizeof(events->exception.pad); i++)
		if (events->exception.pad[i])
			return -EINVAL;
	return __kvm_arm_vcpu_set_events(vcpu, events);
}

static long vcpu_one_reg(struct kvm_vcpu *vcpu, unsigned int ioctl, unsigned long arg)
{
	struct kvm_one_reg reg;

	if (copy_from_user(&reg, arg, sizeof(reg)))
		return -EFAULT;
	if (ioctl == KVM_SET_ONE_REG)
		return kvm_arm_set_reg(vcpu, &reg);
	return kvm_arm_get_reg(vcpu, &reg);
}

/*
 * The true count is written back, then E2BIG if the caller's was short.
 * The kernel keeps the caller's count in an unsigned int: only its low 32
 * bits count (n = 0x1ae000000000001 is E2BIG on real KVM).
 */
static long vcpu_get_reg_list(struct kvm_vcpu *vcpu, unsigned long arg)
{
	struct kvm_reg_list list;
	unsigned int n;

	if (copy_from_user(&list, arg, sizeof(list)))
		return -EFAULT;
	n = (unsigned int)list.n;
	list.n = kvm_arm_num_regs(vcpu);
	if (copy_to_user(arg, &list, sizeof(list)))
		return -EFAULT;
	if (n < list.n)
		return -E2BIG;
	return kvm_arm_copy_reg_indices(vcpu, arg + sizeof(list));
}

/* ---- KVM_RUN ----------------------------------------------------------- */

#ifndef HAVE_UNICORN
const struct kvm_arm_emu_ops *kvm_arm_emu(void)
{
	return NULL;
}
#endif

bool kvm_arm_vcpu_stopped(struct kvm_vcpu *vcpu)
{
	return __atomic_load_n(&vcpu->mp_state.mp_state, __ATOMIC_ACQUIRE) == KVM_MP_STATE_STOPPED;
}

/*
 * A vCPU asleep in WFI in a VM with irqfds waits on them and on an eventfd
 * of its own (made at its first such WFI), not on run_cond: a write to an
 * irqfd then wakes the vCPU itself, which injects it (kvm_irqfd_poll()),
 * where waiting on run_cond took two wake-ups in turn (the irqfd thread's,
 * then the vCPU's).  Whoever changes what its WFI waits for writes the
 * eventfd after the change (a vCPU that made its eventfd looks at its
 * wake-up conditions after that, so nothing is missed).
 */
static void vcpu_wake_fd_signal(struct kvm_vcpu *vcpu)
{
	int fd = __atomic_load_n(&to_arm64_vcpu(vcpu)->wake_fd, __ATOMIC_SEQ_CST);
	uint64_t one = 1;

	if (fd && write(fd - 1, &one, sizeof(one)) < 0) {
		/* EAGAIN: the counter is full, so a wake-up is pending anyway. */
	}
}

/* PSCI CPU_OFF, and every vCPU on SYSTEM_OFF/RESET: sleeps in KVM_RUN until CPU_ON. */
void kvm_arm_vcpu_power_off(struct kvm_vcpu *vcpu)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);

	pthread_mutex_lock(&arm->run_lock);
	__atomic_store_n(&vcpu->mp_state.mp_state, KVM_MP_STATE_STOPPED, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&arm->run_cond);
	pthread_mutex_unlock(&arm->run_lock);
	vcpu_wake_fd_signal(vcpu);
}

/*
 * A signal the vCPU's KVM_RUN may not block is pending (the kernel's
 * signal_pending()).  While KVM_RUN runs, the thread blocks every
 * asynchronous signal, so that one arriving stays pending until KVM_RUN
 * returns and restores the caller's mask, as the kernel delivers it then.
 */
bool kvm_vcpu_signal_pending(struct kvm_vcpu *vcpu)
{
	const sigset_t *blocked = &to_arm64_vcpu(vcpu)->run_blocked;
	sigset_t pending;

	if (sigpending(&pending))
		return false;
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&pending, sig) == 1 && sigismember(blocked, sig) != 1)
			return true;
	return false;
}

/* Sleeps until @wake says so or a signal is pending; run_lock held. */
static void vcpu_sleep_locked(struct kvm_vcpu *vcpu, bool (*wake)(struct kvm_vcpu *))
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);

	while (!wake(vcpu) && !kvm_vcpu_signal_pending(vcpu)) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += SLEEP_POLL_NS;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&arm->run_cond, &arm->run_lock, &ts);
	}
}

static bool vcpu_running(struct kvm_vcpu *vcpu)
{
	return !kvm_arm_vcpu_stopped(vcpu);
}

/*
 * The vCPU's IRQ and FIQ inputs: from its GIC CPU interface with a vGIC
 * (the timers' levels brought up to date first), else KVM_IRQ_LINE's.
 */
unsigned int kvm_arm_vcpu_irq_lines(struct kvm_vcpu *vcpu)
{
	if (kvm_irqchip_in_kernel(vcpu->kvm)) {
		kvm_timer_update_irqs(vcpu);
		return kvm_vgic_vcpu_irq_lines(vcpu);
	}
	return __atomic_load_n(&to_arm64_vcpu(vcpu)->irq_lines, __ATOMIC_ACQUIRE);
}

/* Any thread: @vcpu looks at its interrupt inputs again, in KVM_RUN or in WFI. */
void kvm_arm_vcpu_kick(struct kvm_vcpu *vcpu)
{
	const struct kvm_arm_emu_ops *emu = kvm_arm_emu();
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);

	if (emu)
		emu->kick(vcpu);
	pthread_mutex_lock(&arm->run_lock);
	pthread_cond_broadcast(&arm->run_cond);
	pthread_mutex_unlock(&arm->run_lock);
	vcpu_wake_fd_signal(vcpu);
}

/* A WFI ends with an interrupt for the CPU (masked or not), or when stopped. */
static bool vcpu_wfi_wakes(struct kvm_vcpu *vcpu)
{
	return kvm_arm_vcpu_stopped(vcpu) || kvm_arm_vcpu_irq_lines(vcpu);
}

/*
 * One wait of WFI on the VM's irqfds and the vCPU's eventfd, for at most
 * @ns; run_lock held, dropped meanwhile.  False when the VM has no irqfds
 * (or no eventfd could be made): run_cond it is then.
 */
static bool wfi_poll_irqfds(struct kvm_vcpu *vcpu, uint64_t ns)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	int epfd = kvm_irqfd_epoll_fd(vcpu->kvm);
	struct timespec ts = { .tv_sec = 0, .tv_nsec = (long)ns };
	struct pollfd pfd[2];
	uint64_t count;

	if (epfd < 0)
		return false;
	if (!v->wake_fd) {
		int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

		if (fd < 0)
			return false;
		__atomic_store_n(&v->wake_fd, fd + 1, __ATOMIC_SEQ_CST);
		/* Made now: what changed before it could not signal it. */
		return true;
	}
	pfd[0] = (struct pollfd){ .fd = v->wake_fd - 1, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = epfd, .events = POLLIN };
	pthread_mutex_unlock(&arm->run_lock);
	if (ppoll(pfd, 2, &ts, NULL) > 0) {
		if (pfd[0].revents & POLLIN && read(pfd[0].fd, &count, sizeof(count)) < 0) {
			/* EAGAIN: another look drained it; nothing is lost. */
		}
		if (pfd[1].revents & POLLIN)
			kvm_irqfd_poll(vcpu->kvm);
	}
	pthread_mutex_lock(&arm->run_lock);
	return true;
}

/*
 * WFI: sleeps until an interrupt is there for the vCPU, a signal, or a
 * stop; the timers' next expiry bounds each wait.
 */
void kvm_vcpu_wfi(struct kvm_vcpu *vcpu)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);

	pthread_mutex_lock(&arm->run_lock);
	while (!vcpu_wfi_wakes(vcpu) && !kvm_vcpu_signal_pending(vcpu)) {
		uint64_t ns = kvm_irqchip_in_kernel(vcpu->kvm) ? kvm_timer_next_ns(vcpu) : UINT64_MAX;
		struct timespec ts;

		if (ns > SLEEP_POLL_NS)
			ns = SLEEP_POLL_NS;
		if (wfi_poll_irqfds(vcpu, ns))
			continue;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += (long)ns;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&arm->run_cond, &arm->run_lock, &ts);
	}
	pthread_mutex_unlock(&arm->run_lock);
}

/*
 * A CPU_ON's reset, done as soon as the target is looked at (run_lock
 * held): real KVM shows the entry point through ONE_REG before the target
 * runs (run.psci.cpu-on.vcpu1.before-run).
 */
static void vcpu_apply_reset_locked(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct vcpu_reset_state rs = v->reset_state;

	if (!rs.reset)
		return;
	__atomic_store_n(&v->reset_state.reset, false, __ATOMIC_RELAXED);
	kvm_reset_vcpu(vcpu);
	__atomic_store_n(&vcpu->mp_state.mp_state, KVM_MP_STATE_RUNNABLE, __ATOMIC_RELEASE);
	v->regs.regs.pc = rs.pc;
	v->regs.regs.regs[0] = rs.r0;
}

static void vcpu_apply_reset(struct kvm_vcpu *vcpu)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);

	/* Every vCPU ioctl comes here: the lock only when a CPU_ON left a reset. */
	if (!__atomic_load_n(&to_arm64_vcpu(vcpu)->reset_state.reset, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&arm->run_lock);
	vcpu_apply_reset_locked(vcpu);
	pthread_mutex_unlock(&arm->run_lock);
}

/*
 * A vCPU's first KVM_RUN (until one gets this far): its PMU must have been
 * made, then the VM counts as having run and its configuration is fixed
 * (arm64.ran-once).  A refused first run is tried again the next time
 * (arm64.vcpu-attr "attr.run").
 */
static int kvm_vcpu_first_run_init(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	int r;

	if (v->has_run_once)
		return 0;
	if (kvm_irqchip_in_kernel(vcpu->kvm)) {
		r = kvm_vgic_map_resources(vcpu->kvm);
		if (r)
			return r;
	}
	r = kvm_timer_enable(vcpu);
	if (r)
		return r;
	pthread_mutex_lock(&arm->arch_lock);
	r = kvm_arm_pmu_v3_enable(vcpu);
	if (!r) {
		kvm_finalize_sys_regs(vcpu);
		arm->has_ran_once = true;
	}
	pthread_mutex_unlock(&arm->arch_lock);
	if (!r)
		v->has_run_once = true;
	return r;
}

/* check_vcpu_requests(): a pending reset, then sleep while stopped. */
static void check_vcpu_requests(struct kvm_vcpu *vcpu)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);

	pthread_mutex_lock(&arm->run_lock);
	vcpu_apply_reset_locked(vcpu);
	vcpu_sleep_locked(vcpu, vcpu_running);
	vcpu_apply_reset_locked(vcpu);
	pthread_mutex_unlock(&arm->run_lock);
}

/* Signals that report the simulator's own faults stay deliverable. */
static const int sync_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT };

static void kvm_sigset_activate(struct kvm_vcpu *vcpu, sigset_t *saved)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	sigset_t all;

	sigfillset(&all);
	for (size_t i = 0; i < ARRAY_SIZE(sync_signals); i++)
		sigdelset(&all, sync_signals[i]);
	pthread_sigmask(SIG_SETMASK, &all, saved);
	v->run_blocked = v->sigset_active ? v->sigset : *saved;
}

/*
 * kvm_arch_vcpu_ioctl_run().  A pending MMIO is completed first, even when
 * immediate_exit then returns EINTR.  A scripted exit (kvmsim/inject.h)
 * stands in for the guest; without a guest-execution backend (configured
 * without Unicorn) KVM_RUN serves those only and otherwise fails with
 * EINVAL, as it did before the simulator ran guests.
 */
static int kvm_arm64_vcpu_run(struct kvm_vcpu *vcpu)
{
	const struct kvm_arm_emu_ops *emu = kvm_arm_emu();
	struct kvm_run *run = vcpu->run;
	struct kvm_emu_exit exit;
	sigset_t saved;
	int r;

	if (!to_arm64_vcpu(vcpu)->initialized)
		return -ENOEXEC;
	if (!kvm_arm_vcpu_is_finalized(vcpu))
		return -EPERM;
	r = kvm_vcpu_first_run_init(vcpu);
	if (r)
		return r;
	vcpu_apply_reset(vcpu);
	if (run->exit_reason == KVM_EXIT_MMIO) {
		r = kvm_handle_mmio_return(vcpu);
		if (r)
			return r;
	}
	kvm_adjust_pc(vcpu);
	kvm_vgic_load(vcpu);
	if (run->immediate_exit)
		return -EINTR;
	if (emu)
		emu->vcpu_enter(vcpu);
	kvm_irqfd_poll(vcpu->kvm);
	kvm_update_stolen_time(vcpu);
	kvm_sigset_activate(vcpu, &saved);
	run->exit_reason = KVM_EXIT_UNKNOWN;
	run->flags = 0;
	for (r = 1; r > 0;) {
		check_vcpu_requests(vcpu);
		if (kvm_vcpu_signal_pending(vcpu)) {
			run->exit_reason = KVM_EXIT_INTR;
			kvm_arm64_stat_inc(vcpu, ARM64_STAT_SIGNAL_EXITS);
			r = -EINTR;
			break;
		}
		/* kvm_dirty_ring_check_request(): the VMM must harvest first. */
		if (kvm_dirty_ring_soft_full(&vcpu->dirty_ring)) {
			run->exit_reason = KVM_EXIT_DIRTY_RING_FULL;
			r = 0;
			break;
		}
		/* Where the guest would be entered: a scripted exit is due? */
		if (kvm_inject_run_exit(vcpu)) {
			r = 0;
			break;
		}
		/* A step KVM completed (MMIO, HVC, an exception) traps at once on entry. */
		if (kvm_arm_handle_ss_pending(vcpu)) {
			r = 0;
			break;
		}
		if (!emu) {
			r = -EINVAL;
			break;
		}
		r = emu->run(vcpu, kvm_arm_singlestep(vcpu) ? 1 : RUN_BUDGET, &exit);
		if (!r && exit.reason != KVM_EMU_BUDGET)
			kvm_arm64_stat_inc(vcpu, ARM64_STAT_EXITS);
		if (!r)
			r = handle_exit(vcpu, &exit);
	}
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	return r;
}

/* KVM_SET_SIGNAL_MASK: the kernel's 8-byte sigset, or NULL for none. */
static int kvm_vcpu_ioctl_set_sigmask(struct kvm_vcpu *vcpu, unsigned long arg)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct kvm_signal_mask hdr;
	uint64_t bits;

	if (!arg) {
		v->sigset_active = false;
		return 0;
	}
	if (copy_from_user(&hdr, arg, sizeof(hdr)))
		return -EFAULT;
	if (hdr.len != sizeof(bits))
		return -EINVAL;
	if (copy_from_user(&bits, arg + sizeof(hdr), sizeof(bits)))
		return -EFAULT;
	sigemptyset(&v->sigset);
	for (int sig = 1; sig <= 64; sig++)
		if (bits & (1ULL << (sig - 1)))
			sigaddset(&v->sigset, sig);
	sigdelset(&v->sigset, SIGKILL);
	sigdelset(&v->sigset, SIGSTOP);
	v->sigset_active = true;
	return 0;
}

static long kvm_arm64_vcpu_ioctl(struct kvm_vcpu *vcpu, unsigned int ioctl, unsigned long arg)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	if (v->initialized)
		vcpu_apply_reset(vcpu);
	switch (ioctl) {
	case KVM_SET_SIGNAL_MASK:
		/* Generic in the kernel (kvm_main.c); arm64 is the only arch modelled. */
		return kvm_vcpu_ioctl_set_sigmask(vcpu, arg);
	case KVM_ARM_VCPU_INIT: {
		struct kvm_vcpu_init init;
		int r;

		if (copy_from_user(&init, arg, sizeof(init)))
			return -EFAULT;
		r = kvm_vcpu_set_target(vcpu, &init);
		/* vcpu_reset_hcr(): a pending SError goes with HCR_EL2.VSE (6.12: until a run). */
		if (!r && !(kvm_release(vcpu->kvm)->reinit_keeps_serror && v->has_run_once))
			v->serror_pending = false;
		return r;
	}
	case KVM_SET_ONE_REG:
	case KVM_GET_ONE_REG:
		if (!v->initialized)
			return -ENOEXEC;
		return vcpu_one_reg(vcpu, ioctl, arg);
	case KVM_GET_REG_LIST:
		if (!v->initialized)
			return -ENOEXEC;
		if (!kvm_arm_vcpu_is_finalized(vcpu))
			return -EPERM;
		return vcpu_get_reg_list(vcpu, arg);
	case KVM_ARM_VCPU_FINALIZE: {
		int what;

		if (!v->initialized)
			return -ENOEXEC;
		if (copy_from_user(&what, arg, sizeof(what)))
			return -EFAULT;
		return kvm_arm_vcpu_finalize(vcpu, what);
	}
	case KVM_GET_VCPU_EVENTS: {
		struct kvm_vcpu_events events;

		if (!v->initialized)
			return -ENOEXEC;
		if (kvm_arm_vcpu_get_events(vcpu, &events))
			return -EINVAL;
		if (copy_to_user(arg, &events, sizeof(events)))
			return -EFAULT;
		return 0;
	}
	case KVM_SET_VCPU_EVENTS: {
		struct kvm_vcpu_events events;

		if (!v->initialized)
			return -ENOEXEC;
		if (copy_from_user(&events, arg, sizeof(events)))
			return -EFAULT;
		return kvm_arm_vcpu_set_events(vcpu, &events);
	}
	case KVM_SET_GUEST_DEBUG:
		return kvm_arm64_vcpu_set_guest_debug(vcpu, arg);
	case KVM_SET_DEVICE_ATTR:
	case KVM_GET_DEVICE_ATTR:
	case KVM_HAS_DEVICE_ATTR: {
		struct kvm_device_attr attr;

		/* Initialised or not, with any flags (arm64.vcpu-attr). */
		if (copy_from_user(&attr, arg, sizeof(attr)))
			return -EFAULT;
		if (ioctl == KVM_SET_DEVICE_ATTR)
			return kvm_arm_vcpu_arch_set_attr(vcpu, &attr);
		if (ioctl == KVM_GET_DEVICE_ATTR)
			return kvm_arm_vcpu_arch_get_attr(vcpu, &attr);
		return kvm_arm_vcpu_arch_has_attr(vcpu, &attr);
	}
	default:
		return -EINVAL;
	}
}

/*
 * kvm_arch_prepare_memory_region(): a slot must lie inside the VM's IPA
 * space, and a VM with MTE takes only memory that can hold tags.
 */
static int kvm_arm64_prepare_memory_region(struct kvm *kvm, const struct kvm_memory_slot *old,
					   const struct kvm_memory_slot *new,
					   enum kvm_mr_change change)
{
	/* The guest-execution backend maps the slots afresh at its next run. */
	atomic_fetch_add(&to_arm64_vm(kvm)->memslots_gen, 1);
	if (change != KVM_MR_CREATE && change != KVM_MR_MOVE && change != KVM_MR_FLAGS_ONLY)
		return 0;
	if (new->base_gfn + new->npages > kvm_phys_size(kvm) >> PAGE_SHIFT)
		return -EFAULT;
	if (kvm_has_mte(kvm))
		return kvm_arm_mte_check_memslot(kvm, new);
	return 0;
}

/* kvm_arch_commit_memory_region(): the running vCPUs let go of the old slots. */
static void kvm_arm64_commit_memory_region(struct kvm *kvm)
{
	const struct kvm_arm_emu_ops *emu = kvm_arm_emu();

	if (emu)
		emu->sync_memslots(kvm);
}

#define ARM64_STAT(idx, name) \
	[ARM64_STAT_##idx] = { #name, KVM_STATS_TYPE_CUMULATIVE, 0, 1, 8 * ARM64_STAT_##idx }

static const struct kvm_stat_def kvm_arm64_vcpu_stats[] = {
	ARM64_STAT(HVC_EXIT, hvc_exit_stat),
	ARM64_STAT(WFE_EXIT, wfe_exit_stat),
	ARM64_STAT(WFI_EXIT, wfi_exit_stat),
	ARM64_STAT(MMIO_EXIT_USER, mmio_exit_user),
	ARM64_STAT(MMIO_EXIT_KERNEL, mmio_exit_kernel),
	ARM64_STAT(SIGNAL_EXITS, signal_exits),
	ARM64_STAT(EXITS, exits),
};
_Static_assert(ARRAY_SIZE(kvm_arm64_vcpu_stats) == ARM64_NR_VCPU_STATS &&
	       ARM64_NR_VCPU_STATS <= KVM_ARCH_VCPU_STATS_MAX, "arm64's vCPU statistics");

const struct kvm_arch_ops kvm_arm64_ops = {
	.name = "arm64",
	.vm_size = sizeof(struct kvm_arm64),
	.vcpu_size = sizeof(struct kvm_vcpu_arm64),
	.init_vm = kvm_arm64_init_vm,
	.destroy_vm = kvm_arm64_destroy_vm,
	.check_extension = kvm_arm64_check_extension,
	.dev_ioctl = kvm_arm64_dev_ioctl,
	.vm_ioctl = kvm_arm64_vm_ioctl,
	.device_ops = kvm_arm64_device_ops,
	.set_routing_entry = kvm_arm64_set_routing_entry,
	.intc_initialized = kvm_arm64_intc_initialized,
	.irqchip_in_kernel = kvm_irqchip_in_kernel,
	.vm_enable_cap = kvm_arm64_vm_enable_cap,
	.vcpu_precreate = kvm_arm64_vcpu_precreate,
	.vcpu_create = kvm_arm64_vcpu_create,
	.vcpu_destroy = kvm_arm64_vcpu_destroy,
	.vcpu_ioctl = kvm_arm64_vcpu_ioctl,
	.vcpu_set_mp_state = kvm_arm64_vcpu_set_mp_state,
	.vcpu_run = kvm_arm64_vcpu_run,
	.vcpu_stats = kvm_arm64_vcpu_stats,
	.nr_vcpu_stats = ARRAY_SIZE(kvm_arm64_vcpu_stats),
	.prepare_memory_region = kvm_arm64_prepare_memory_region,
	.commit_memory_region = kvm_arm64_commit_memory_region,
};
