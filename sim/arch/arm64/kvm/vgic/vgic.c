// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vgic.c - interrupts into the vGIC: injection (KVM_IRQ_LINE, in-kernel
 * devices) and the queries the rest of arm64 KVM makes (the kernel's
 * vgic.c).  Delivery to the guest's CPU interface is not modelled yet:
 * the distributor's state changes as on real KVM, the guest sees none.
 */
#include <errno.h>

#include "kvm_arm.h"
#include "vgic.h"

bool kvm_irqchip_in_kernel(struct kvm *kvm)
{
	return irqchip_in_kernel(kvm);
}

bool kvm_vgic_initialized(struct kvm *kvm)
{
	return vgic_initialized(kvm);
}

bool kvm_vgic_valid_spi(struct kvm *kvm, int irq)
{
	return vgic_valid_spi(kvm, irq);
}

/* A GICv3 is never initialised behind userspace's back: EBUSY before. */
static int vgic_lazy_init(struct kvm *kvm)
{
	return vgic_initialized(kvm) ? 0 : -EBUSY;
}

/*
 * kvm_vgic_inject_irq() for userspace (owner NULL): a level interrupt's
 * line follows @level, an edge one latches on a rising call.  An
 * interrupt an in-kernel device owns ignores userspace, as does a call
 * that changes nothing.
 */
int kvm_vgic_inject_irq(struct kvm *kvm, struct kvm_vcpu *vcpu, unsigned int intid, bool level)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	struct vgic_irq *irq;
	int r = vgic_lazy_init(kvm);

	if (r)
		return r;
	if (!vcpu && intid < VGIC_NR_PRIVATE_IRQS)
		return -EINVAL;
	pthread_mutex_lock(&arm->vgic_lock);
	irq = vgic_get_irq(kvm, vcpu, intid);
	if (!irq) {
		pthread_mutex_unlock(&arm->vgic_lock);
		return -EINVAL;
	}
	if (!irq->owner) {
		if (irq->config == VGIC_CONFIG_LEVEL)
			irq->line_level = level;
		else if (level)
			irq->pending_latch = true;
	}
	pthread_mutex_unlock(&arm->vgic_lock);
	vgic_kick_vcpus(kvm);
	return 0;
}
