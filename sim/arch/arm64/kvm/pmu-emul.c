// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The vCPU's PMU as userspace sets it up (the kernel's
 * arch/arm64/kvm/pmu-emul.c): the attributes of KVM_ARM_VCPU_PMU_V3_CTRL
 * and what a first KVM_RUN requires of them.  No vGIC is modelled, so the
 * overflow interrupt can never be given; no counter counts, so the event
 * filter is kept but has nothing to filter yet.
 */
#include <errno.h>
#include <stdlib.h>

#include "kvm_arm.h"

#define ENC_ID_AA64DFR0_EL1	((3u << 14) | (5u << 3))	/* op0 3, CRm 5 */
#define PMUVER_SHIFT		8
#define PMUVER_IMP		0x1	/* PMUv3 */
#define PMUVER_V3P1		0x4
#define PMUVER_V3P4		0x5
#define PMUVER_V3P5		0x6
#define PMUVER_V3P7		0x7

/*
 * The older release keeps a vCPU's own features, with the bits a refused
 * INIT left set; the newer one has the VM's, so that a vCPU not yet
 * initialised beside one with a PMU has a PMU too (arm64.vcpu-attr,
 * "attr.refused-init", "attr.beside-pmu").
 */
bool kvm_vcpu_has_pmu(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	uint32_t features;

	if (kvm_release(vcpu->kvm)->vm_wide_features)
		features = arm->features_configured ? arm->vm_features : 0;
	else
		features = v->features | v->stale_features;
	return features & (1U << KVM_ARM_VCPU_PMU_V3);
}

/*
 * The highest event number of the host PMU's version: what a filter may
 * name (6.1 asks the host PMU, 6.12 the host's PMUVer capped at v3p5; on
 * the profiled host both say 16 bits).
 */
static unsigned int pmu_event_mask(struct kvm *kvm)
{
	uint64_t dfr0 = 0;

	kvm_arm64_host_value(kvm, ENC_ID_AA64DFR0_EL1, 1U << KVM_ARM_VCPU_PMU_V3, &dfr0);
	switch ((dfr0 >> PMUVER_SHIFT) & 0xf) {
	case PMUVER_IMP:
		return 0x3ff;
	case PMUVER_V3P1:
	case PMUVER_V3P4:
	case PMUVER_V3P5:
	case PMUVER_V3P7:
		return 0xffff;
	default:
		return 0;
	}
}

static void filter_assign(uint64_t *bmap, unsigned int from, unsigned int n, bool allow)
{
	for (unsigned int i = from; i < from + n; i++) {
		if (allow)
			bmap[i / 64] |= 1ULL << (i % 64);
		else
			bmap[i / 64] &= ~(1ULL << (i % 64));
	}
}

/* The range is checked against the event numbers before the VM's state. */
static int kvm_arm_pmu_v3_set_filter(struct kvm *kvm, unsigned long uaddr)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	unsigned int nr_events = pmu_event_mask(kvm) + 1;
	struct kvm_pmu_event_filter filter;

	if (copy_from_user(&filter, uaddr, sizeof(filter)))
		return -EFAULT;
	if ((uint32_t)filter.base_event + filter.nevents > nr_events ||
	    (filter.action != KVM_PMU_EVENT_ALLOW && filter.action != KVM_PMU_EVENT_DENY))
		return -EINVAL;
	if (arm->has_ran_once)
		return -EBUSY;
	if (!arm->pmu_filter) {
		arm->pmu_filter = calloc((nr_events + 63) / 64, sizeof(uint64_t));
		if (!arm->pmu_filter)
			return -ENOMEM;
		/* The first filter sets the default: allowing some denies the others. */
		if (filter.action == KVM_PMU_EVENT_DENY)
			filter_assign(arm->pmu_filter, 0, nr_events, true);
	}
	filter_assign(arm->pmu_filter, filter.base_event, filter.nevents,
		      filter.action == KVM_PMU_EVENT_ALLOW);
	return 0;
}

/*
 * @pmu_id is a perf PMU type; only the host's PMU is one KVM can give a
 * guest.  With a single host PMU a filter never conflicts with the choice.
 * Where PMCR_EL0.N is the VM's (6.12), choosing a PMU gives the VM all of
 * its counters again, whatever N userspace wrote before
 * (attr.pmu-set-pmu.pmcr-n).  The caller holds arch_lock (guest.c).
 */
static int kvm_arm_pmu_v3_set_pmu(struct kvm_vcpu *vcpu, int pmu_id)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);

	if (pmu_id != arm->release->pmu_type)
		return -ENXIO;
	if (arm->has_ran_once)
		return -EBUSY;
	if (arm->release->vm_pmcr_n)
		__atomic_store_n(&arm->pmcr_n, arm->host->pmu_counters, __ATOMIC_RELAXED);
	return 0;
}

/* Another vCPU's PMU interrupt: the same PPI, or a different SPI. */
static bool pmu_irq_is_valid(struct kvm *kvm, int irq)
{
	unsigned int i, n = atomic_load(&kvm->online_vcpus);

	for (i = 0; i < n; i++) {
		int other = to_arm64_vcpu(kvm->vcpus[i])->pmu.irq_num;

		if (other < 16)
			continue;
		if (irq < 32 ? other != irq : other == irq)
			return false;
	}
	return true;
}

int kvm_arm_pmu_v3_set_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	if (!kvm_vcpu_has_pmu(vcpu))
		return -ENODEV;
	if (v->pmu.created)
		return -EBUSY;
	/*
	 * The VM's PMU is the host's, found here on the first attribute.  Only
	 * 6.1 gets this far on a host without one: a refused INIT left PMU_V3
	 * among the vCPU's features (reset.c).
	 */
	if (!(to_arm64_vm(vcpu->kvm)->host->features & HOST_PMU))
		return -ENODEV;
	switch (attr->attr) {
	case KVM_ARM_VCPU_PMU_V3_IRQ: {
		struct kvm *kvm = vcpu->kvm;
		int32_t irq;

		if (!kvm_irqchip_in_kernel(kvm))
			return -EINVAL;
		if (copy_from_user(&irq, attr->addr, sizeof(irq)))
			return -EFAULT;
		/* A PPI every vCPU shares, or an SPI no other vCPU has. */
		if (!(irq >= 16 && irq <= 1019) || !pmu_irq_is_valid(kvm, irq))
			return -EINVAL;
		if (v->pmu.irq_num >= 16)
			return -EBUSY;
		v->pmu.irq_num = irq;
		return 0;
	}
	case KVM_ARM_VCPU_PMU_V3_FILTER:
		return kvm_arm_pmu_v3_set_filter(vcpu->kvm, attr->addr);
	case KVM_ARM_VCPU_PMU_V3_SET_PMU: {
		int32_t pmu_id;

		if (copy_from_user(&pmu_id, attr->addr, sizeof(pmu_id)))
			return -EFAULT;
		return kvm_arm_pmu_v3_set_pmu(vcpu, pmu_id);
	}
	case KVM_ARM_VCPU_PMU_V3_INIT:
		/* With a vGIC: initialised first (ENODEV), the interrupt set (ENXIO). */
		if (kvm_irqchip_in_kernel(vcpu->kvm)) {
			int r;

			if (!kvm_vgic_initialized(vcpu->kvm))
				return -ENODEV;
			if (v->pmu.irq_num < 16)
				return -ENXIO;
			r = kvm_vgic_set_owner(vcpu, (unsigned int)v->pmu.irq_num, &v->pmu);
			if (r)
				return r;
		}
		v->pmu.created = true;
		return 0;
	default:
		return -ENXIO;
	}
}

/* Only the interrupt can be read, with a vGIC, once set. */
int kvm_arm_pmu_v3_get_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr)
{
	int32_t irq = to_arm64_vcpu(vcpu)->pmu.irq_num;

	if (attr->attr != KVM_ARM_VCPU_PMU_V3_IRQ)
		return -ENXIO;
	if (!kvm_irqchip_in_kernel(vcpu->kvm))
		return -EINVAL;
	if (!kvm_vcpu_has_pmu(vcpu))
		return -ENODEV;
	if (irq < 16)
		return -ENXIO;
	return copy_to_user(attr->addr, &irq, sizeof(irq));
}

int kvm_arm_pmu_v3_has_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr)
{
	switch (attr->attr) {
	case KVM_ARM_VCPU_PMU_V3_IRQ:
	case KVM_ARM_VCPU_PMU_V3_INIT:
	case KVM_ARM_VCPU_PMU_V3_FILTER:
	case KVM_ARM_VCPU_PMU_V3_SET_PMU:
		return kvm_vcpu_has_pmu(vcpu) ? 0 : -ENXIO;
	default:
		return -ENXIO;
	}
}

/*
 * A vCPU with a PMU runs only once KVM_ARM_VCPU_PMU_V3_INIT made it, with
 * a PPI or a valid SPI if there is a vGIC, with no interrupt if there is
 * none; arch_lock held.
 */
int kvm_arm_pmu_v3_enable(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	if (!kvm_vcpu_has_pmu(vcpu))
		return 0;
	if (!v->pmu.created)
		return -EINVAL;
	if (kvm_irqchip_in_kernel(vcpu->kvm)) {
		if (!(v->pmu.irq_num >= 16 && v->pmu.irq_num < 32) &&
		    !kvm_vgic_valid_spi(vcpu->kvm, v->pmu.irq_num))
			return -EINVAL;
	} else if (v->pmu.irq_num >= 16) {
		return -EINVAL;
	}
	return 0;
}

void kvm_pmu_destroy_vm(struct kvm *kvm)
{
	free(to_arm64_vm(kvm)->pmu_filter);
}
