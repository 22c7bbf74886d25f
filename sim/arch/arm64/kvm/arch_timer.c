// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The generic timer's ONE_REG registers (the kernel's
 * arch/arm64/kvm/arch_timer.c): CTL, CNT and CVAL of the virtual timer,
 * and of the physical one where the release lists it.  The counter runs
 * from the host's monotonic clock; writing CNT moves the VM's offset, and
 * so does creating a vCPU, unless KVM_ARM_SET_COUNTER_OFFSET set the
 * offsets for good.  And the timers' interrupts, KVM_ARM_VCPU_TIMER_CTRL.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "kvm_arm.h"

#define ARCH_TIMER_CTRL_ENABLE	(1U << 0)
#define ARCH_TIMER_CTRL_IT_MASK	(1U << 1)
#define ARCH_TIMER_CTRL_IT_STAT	(1U << 2)
/* The modelled counter frequency (CNTFRQ_EL0): 62.5 MHz. */
#define TIMER_NS_PER_TICK	16

enum { TIMER_V, TIMER_P };

static const struct {
	uint64_t ctl, cnt, cval;
} timer_ids[] = {
	[TIMER_V] = { KVM_REG_ARM_TIMER_CTL, KVM_REG_ARM_TIMER_CNT, KVM_REG_ARM_TIMER_CVAL },
	[TIMER_P] = { KVM_REG_ARM_PTIMER_CTL, KVM_REG_ARM_PTIMER_CNT, KVM_REG_ARM_PTIMER_CVAL },
};

static unsigned int nr_timers(struct kvm_vcpu *vcpu)
{
	return kvm_release(vcpu->kvm)->ptimer_regs ? 2 : 1;
}

static uint64_t host_count(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec) / TIMER_NS_PER_TICK;
}

static uint64_t guest_count(struct kvm_vcpu *vcpu, unsigned int t)
{
	return host_count() - (uint64_t)to_arm64_vm(vcpu->kvm)->timer_offset[t];
}

unsigned long kvm_arm_timer_num_regs(struct kvm_vcpu *vcpu)
{
	return 3 * nr_timers(vcpu);
}

int kvm_arm_copy_timer_indices(struct kvm_vcpu *vcpu, unsigned long uindices)
{
	for (unsigned int t = 0; t < nr_timers(vcpu); t++) {
		const uint64_t ids[3] = { timer_ids[t].ctl, timer_ids[t].cnt, timer_ids[t].cval };

		if (copy_to_user(uindices + t * sizeof(ids), ids, sizeof(ids)))
			return -EFAULT;
	}
	return 0;
}

static int timer_of(struct kvm_vcpu *vcpu, uint64_t id, int *ret_reg)
{
	for (unsigned int t = 0; t < nr_timers(vcpu); t++) {
		if (id == timer_ids[t].ctl)
			*ret_reg = 0;
		else if (id == timer_ids[t].cnt)
			*ret_reg = 1;
		else if (id == timer_ids[t].cval)
			*ret_reg = 2;
		else
			continue;
		return (int)t;
	}
	return -1;
}

bool kvm_arm_is_timer_reg(struct kvm_vcpu *vcpu, uint64_t id)
{
	int reg;

	return timer_of(vcpu, id, &reg) >= 0;
}

/* CTL shows ISTATUS whenever the compare value has been reached. */
int kvm_arm_timer_get_reg(struct kvm_vcpu *vcpu, uint64_t id, uint64_t *ret_val)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	int reg, t = timer_of(vcpu, id, &reg);

	if (t < 0)
		return -ENOENT;
	switch (reg) {
	case 0:
		*ret_val = v->timer_ctl[t] & ~ARCH_TIMER_CTRL_IT_STAT;
		if (v->timer_cval[t] <= guest_count(vcpu, (unsigned int)t))
			*ret_val |= ARCH_TIMER_CTRL_IT_STAT;
		return 0;
	case 1:
		*ret_val = guest_count(vcpu, (unsigned int)t);
		return 0;
	default:
		*ret_val = v->timer_cval[t];
		return 0;
	}
}

int kvm_arm_timer_set_reg(struct kvm_vcpu *vcpu, uint64_t id, uint64_t val)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	int reg, t = timer_of(vcpu, id, &reg);

	if (t < 0)
		return -ENOENT;
	switch (reg) {
	case 0:
		v->timer_ctl[t] = (uint32_t)val;
		return 0;
	case 1:
		/*
		 * The offset is the VM's: every vCPU sees the counter moved.
		 * Once userspace set it with KVM_ARM_SET_COUNTER_OFFSET, a
		 * write is taken and ignored.
		 */
		pthread_mutex_lock(&arm->arch_lock);
		if (!arm->counter_offset_set)
			arm->timer_offset[t] = (int64_t)(host_count() - val);
		pthread_mutex_unlock(&arm->arch_lock);
		return 0;
	default:
		v->timer_cval[t] = val;
		return 0;
	}
}

/*
 * A new vCPU restarts the VM's virtual counter at 0 and shows the physical
 * counter as it is, for every vCPU of the VM: kept in step, as the kernel
 * keeps them.  Not once userspace chose the offsets (arm64.counter:
 * counter.second, counter.third).
 */
void kvm_timer_vcpu_init(struct kvm_vcpu *vcpu)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);

	pthread_mutex_lock(&arm->arch_lock);
	if (!arm->counter_offset_set) {
		arm->timer_offset[TIMER_V] = (int64_t)host_count();
		arm->timer_offset[TIMER_P] = 0;
	}
	pthread_mutex_unlock(&arm->arch_lock);
}

/*
 * KVM_ARM_SET_COUNTER_OFFSET: one offset, subtracted from the counter for
 * the virtual and the physical view of every vCPU, now and to come.  It
 * needs every vCPU idle (EBUSY while one is in an ioctl, KVM_RUN above all).
 */
int kvm_vm_ioctl_set_counter_offset(struct kvm *kvm, unsigned long arg)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	struct kvm_arm_counter_offset offset;
	int r;

	r = copy_from_user(&offset, arg, sizeof(offset));
	if (r)
		return r;
	if (offset.reserved)
		return -EINVAL;
	pthread_mutex_lock(&kvm->lock);
	if (!kvm_lock_all_vcpus(kvm)) {
		pthread_mutex_unlock(&kvm->lock);
		return -EBUSY;
	}
	pthread_mutex_lock(&arm->arch_lock);
	arm->counter_offset_set = true;
	arm->timer_offset[TIMER_V] = (int64_t)offset.counter_offset;
	arm->timer_offset[TIMER_P] = (int64_t)offset.counter_offset;
	pthread_mutex_unlock(&arm->arch_lock);
	kvm_unlock_all_vcpus(kvm);
	pthread_mutex_unlock(&kvm->lock);
	return 0;
}

void kvm_timer_vcpu_reset(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	for (unsigned int t = 0; t < 2; t++) {
		v->timer_ctl[t] = 0;
		v->timer_cval[t] = 0;
	}
}

/*
 * The PPI each timer interrupts with, by KVM_ARM_VCPU_TIMER_IRQ_* (virtual,
 * physical, EL2 virtual, EL2 physical): the kernel's defaults, until
 * userspace moves them (only with a vGIC).  Both kernels keep one set per
 * VM (6.1 writes every vCPU's copy).
 */
static const int32_t default_ppi[] = { 27, 30, 28, 26 };

void kvm_timer_init_vm(struct kvm *kvm)
{
	memcpy(to_arm64_vm(kvm)->timer_ppi, default_ppi, sizeof(default_ppi));
}

/*
 * Without a vGIC: EINVAL before the value is read.  With one: a PPI, not
 * after the timers were checked at a first run (6.1: this vCPU's; 6.12:
 * any vCPU's), then stored as given: a clash shows at the first run.
 */
int kvm_arm_timer_set_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	int32_t irq;
	int r = 0;

	if (!kvm_irqchip_in_kernel(vcpu->kvm))
		return -EINVAL;
	if (copy_from_user(&irq, attr->addr, sizeof(irq)))
		return -EFAULT;
	if (irq < 16 || irq >= 32)
		return -EINVAL;
	if (kvm_release(vcpu->kvm)->timer_irq_attrs > 2 ? arm->timer_ppis_immutable
							: to_arm64_vcpu(vcpu)->timer_enabled)
		return -EBUSY;
	if (attr->attr >= kvm_release(vcpu->kvm)->timer_irq_attrs)
		return -ENXIO;
	arm->timer_ppi[attr->attr] = irq;
	return r;
}

/* The interrupt number is an int: 4 bytes are written. */
int kvm_arm_timer_get_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr)
{
	if (attr->attr >= kvm_release(vcpu->kvm)->timer_irq_attrs)
		return -ENXIO;
	return copy_to_user(attr->addr, &to_arm64_vm(vcpu->kvm)->timer_ppi[attr->attr],
			    sizeof(int32_t));
}

int kvm_arm_timer_has_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr)
{
	return attr->attr < kvm_release(vcpu->kvm)->timer_irq_attrs ? 0 : -ENXIO;
}

/*
 * kvm_timer_enable(), at a vCPU's first run: with a vGIC, each of the
 * vCPU's two timers claims its PPI, and they must differ (EINVAL).  Then
 * the PPIs can no longer change.
 */
int kvm_timer_enable(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	bool valid = true;

	if (v->timer_enabled)
		return 0;
	if (kvm_irqchip_in_kernel(vcpu->kvm)) {
		/* 6.1 claims the virtual timer's first, 6.12 the physical one's. */
		unsigned int first = kvm_release(vcpu->kvm)->timer_irq_attrs > 2 ? TIMER_P : TIMER_V;

		pthread_mutex_lock(&arm->arch_lock);
		for (unsigned int i = 0; i < 2 && valid; i++) {
			unsigned int t = i ? 1 - first : first;

			if (kvm_vgic_set_owner(vcpu, (unsigned int)arm->timer_ppi[t], &v->timer_ctl[t]))
				valid = false;
		}
		if (valid && arm->timer_ppi[0] == arm->timer_ppi[1])
			valid = false;
		if (valid)
			arm->timer_ppis_immutable = true;
		pthread_mutex_unlock(&arm->arch_lock);
		if (!valid)
			return -EINVAL;
	}
	v->timer_enabled = true;
	return 0;
}

/* ---- the guest's view: its timer registers and the timers' interrupts ---- */

#define SYS_CNTFRQ_EL0		0xdf00U	/* op0 3, op1 3, CRn 14, CRm 0, op2 0 */
#define SYS_CNTPCT_EL0		0xdf01U
#define SYS_CNTVCT_EL0		0xdf02U
#define SYS_CNTPCTSS_EL0	0xdf05U
#define SYS_CNTVCTSS_EL0	0xdf06U
#define SYS_CNTP_TVAL_EL0	0xdf10U	/* CRm 2: the physical timer, CRm 3: the virtual one */
#define SYS_CNTV_TVAL_EL0	0xdf18U
#define TIMER_CTL_RW		(ARCH_TIMER_CTRL_ENABLE | ARCH_TIMER_CTRL_IT_MASK)

static bool timer_condition(struct kvm_vcpu *vcpu, unsigned int t)
{
	return to_arm64_vcpu(vcpu)->timer_cval[t] <= guest_count(vcpu, t);
}

/* The timer's output: enabled, not masked, its compare value reached. */
static bool timer_level(struct kvm_vcpu *vcpu, unsigned int t)
{
	uint32_t ctl = to_arm64_vcpu(vcpu)->timer_ctl[t];

	return (ctl & ARCH_TIMER_CTRL_ENABLE) && !(ctl & ARCH_TIMER_CTRL_IT_MASK) &&
	       timer_condition(vcpu, t);
}

/*
 * kvm_arm_timer_sysreg_access(): the counters and the EL1 virtual and
 * physical timers as the guest reads and writes them (KVM gives the guest
 * the hardware's, offset by the VM's counter offsets, and emulates the
 * physical timer): one counter with ONE_REG's, one CTL/CVAL with it.
 */
bool kvm_arm_timer_sysreg_access(struct kvm_vcpu *vcpu, uint32_t enc, bool is_read, uint64_t *val)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	unsigned int t;
	uint64_t now;

	switch (enc) {
	case SYS_CNTFRQ_EL0:
		if (!is_read)
			return false;
		*val = 1000000000ULL / TIMER_NS_PER_TICK;
		return true;
	case SYS_CNTPCT_EL0:
	case SYS_CNTPCTSS_EL0:
	case SYS_CNTVCT_EL0:
	case SYS_CNTVCTSS_EL0:
		if (!is_read)
			return false;
		*val = guest_count(vcpu, enc == SYS_CNTVCT_EL0 || enc == SYS_CNTVCTSS_EL0 ? TIMER_V
											 : TIMER_P);
		/*
		 * A guest that polls the counter waits for time to pass: a
		 * timer that fired meanwhile interrupts it now, not at the end
		 * of the slice.
		 */
		if (kvm_timer_next_ns(vcpu) == 0)
			kvm_arm_vcpu_kick(vcpu);
		return true;
	}
	if ((enc & ~0xfU) != SYS_CNTP_TVAL_EL0 || (enc & 7) > 2)
		return false;
	t = enc & 8 ? TIMER_V : TIMER_P;
	now = guest_count(vcpu, t);
	switch (enc & 7) {
	case 0:		/* TVAL: the signed 32-bit distance to CVAL */
		if (is_read)
			*val = (uint32_t)(v->timer_cval[t] - now);
		else
			v->timer_cval[t] = now + (uint64_t)(int64_t)(int32_t)*val;
		break;
	case 1:		/* CTL: ISTATUS whenever the condition holds */
		if (is_read)
			*val = (v->timer_ctl[t] & TIMER_CTL_RW) |
			       (timer_condition(vcpu, t) ? ARCH_TIMER_CTRL_IT_STAT : 0);
		else
			v->timer_ctl[t] = (uint32_t)(*val & TIMER_CTL_RW);
		break;
	default:	/* CVAL */
		if (is_read)
			*val = v->timer_cval[t];
		else
			v->timer_cval[t] = *val;
		break;
	}
	if (!is_read) {
		kvm_timer_update_irqs(vcpu);
		kvm_arm_vcpu_kick(vcpu);
	}
	return true;
}

/* With a vGIC, each timer drives its PPI (the vCPU's own, as its owner). */
void kvm_timer_update_irqs(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);

	if (!v->timer_enabled || !kvm_irqchip_in_kernel(vcpu->kvm))
		return;
	for (unsigned int t = 0; t < 2; t++)
		kvm_vgic_set_device_line(vcpu, (unsigned int)arm->timer_ppi[t], timer_level(vcpu, t),
					 &v->timer_ctl[t]);
}

uint64_t kvm_timer_next_ns(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	uint64_t next = UINT64_MAX;

	for (unsigned int t = 0; t < 2; t++) {
		uint32_t ctl = v->timer_ctl[t];
		uint64_t now = guest_count(vcpu, t), ns;

		if (!(ctl & ARCH_TIMER_CTRL_ENABLE) || (ctl & ARCH_TIMER_CTRL_IT_MASK))
			continue;
		ns = v->timer_cval[t] <= now ? 0 : (v->timer_cval[t] - now) * TIMER_NS_PER_TICK;
		if (ns < next)
			next = ns;
	}
	return next;
}
