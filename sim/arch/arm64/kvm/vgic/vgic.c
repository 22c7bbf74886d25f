// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vgic.c - interrupts into the vGIC: injection (KVM_IRQ_LINE, in-kernel
 * devices) and the queries the rest of arm64 KVM makes (the kernel's
 * vgic.c).  Delivery to the guest's CPU interface is not modelled yet:
 * the distributor's state changes as on real KVM, the guest sees none.
 */
#include <errno.h>
#include <stdlib.h>

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

/* An in-kernel device's line (the timer's, the PMU's): only its owner drives it. */
void kvm_vgic_set_device_line(struct kvm_vcpu *vcpu, unsigned int intid, bool level,
			      const void *owner)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	struct vgic_irq *irq;

	if (!vgic_initialized(vcpu->kvm))
		return;
	pthread_mutex_lock(&arm->vgic_lock);
	irq = vgic_get_irq(vcpu->kvm, vcpu, intid);
	if (irq && irq->owner == owner && irq->config == VGIC_CONFIG_LEVEL)
		irq->line_level = level;
	pthread_mutex_unlock(&arm->vgic_lock);
}

/* ---- what a vCPU's CPU interface is offered ------------------------------ */

/* The vCPU a shared interrupt is routed to (IROUTER's affinity), or NULL. */
static bool routed_to(struct kvm_vcpu *vcpu, const struct vgic_irq *irq)
{
	return irq->intid < VGIC_NR_PRIVATE_IRQS ||
	       irq->mpidr == (kvm_vcpu_get_mpidr_aff(vcpu) & 0xffffff);
}

/* A group's interrupts reach the CPU interface: the distributor's and its enable. */
static bool group_enabled(struct kvm_vcpu *vcpu, bool group)
{
	const struct vgic_v3_cpu_if *c = &vcpu_vgic(vcpu)->cpuif;

	return kvm_vgic(vcpu->kvm)->enabled && (group ? c->grpen1 : c->grpen0);
}

/*
 * vgic_hppi(): the highest-priority interrupt pending for @vcpu, enabled,
 * not active, in an enabled group (lowest priority value, then lowest
 * INTID), or NULL; vgic_lock held.
 */
struct vgic_irq *vgic_hppi(struct kvm_vcpu *vcpu)
{
	struct vgic_dist *dist = kvm_vgic(vcpu->kvm);
	struct vgic_cpu *vgic_cpu = vcpu_vgic(vcpu);
	struct vgic_irq *best = NULL;
	uint32_t n = VGIC_NR_PRIVATE_IRQS + (dist->spis ? dist->nr_spis : 0);

	if (!vgic_cpu->private_irqs || !vgic_initialized(vcpu->kvm))
		return NULL;
	for (uint32_t intid = 0; intid < n; intid++) {
		struct vgic_irq *irq = intid < VGIC_NR_PRIVATE_IRQS ?
					       &vgic_cpu->private_irqs[intid] :
					       &dist->spis[intid - VGIC_NR_PRIVATE_IRQS];

		if (!irq->enabled || irq->active || !irq_is_pending(irq) || !routed_to(vcpu, irq) ||
		    !group_enabled(vcpu, irq->group))
			continue;
		if (!best || irq->priority < best->priority)
			best = irq;
	}
	return best;
}

/* The binary points as the guest sees them: never under the hardware's minimum. */
uint8_t vgic_v3_bpr0(const struct vgic_v3_cpu_if *c)
{
	return c->bpr0 < VGIC_V3_BPR0_MIN ? VGIC_V3_BPR0_MIN : c->bpr0;
}

uint8_t vgic_v3_bpr1(const struct vgic_v3_cpu_if *c)
{
	if (c->cbpr)
		return (uint8_t)(vgic_v3_bpr0(c) + 1U > 7 ? 7 : vgic_v3_bpr0(c) + 1U);
	return c->bpr1 < VGIC_V3_BPR0_MIN + 1 ? VGIC_V3_BPR0_MIN + 1 : c->bpr1;
}

/* The group priority: the priority's bits above the group's binary point. */
uint8_t vgic_v3_group_prio(const struct vgic_v3_cpu_if *c, uint8_t prio, bool group)
{
	unsigned int bpr = group ? vgic_v3_bpr1(c) : vgic_v3_bpr0(c) + 1U;

	return (uint8_t)(prio & (0xffU << bpr) & VGIC_V3_PRI_MASK);
}

/* The running priority: the highest active one, 0xff when none is. */
uint8_t vgic_v3_rpr(const struct vgic_v3_cpu_if *c)
{
	uint32_t ap = c->ap0r[0] | c->ap1r[0];

	return ap ? (uint8_t)(__builtin_ctz(ap) << 3) : 0xff;
}

/* Whether @irq beats the priority mask and the running priority. */
bool vgic_v3_can_signal(const struct vgic_v3_cpu_if *c, const struct vgic_irq *irq)
{
	return irq->priority < (c->pmr & VGIC_V3_PRI_MASK) &&
	       vgic_v3_group_prio(c, irq->priority, irq->group) < vgic_v3_rpr(c);
}

/*
 * kvm_vgic_vcpu_irq_lines(): the vCPU's IRQ (bit 0, group 1) and FIQ (bit
 * 1, group 0) inputs as its CPU interface drives them.
 */
unsigned int kvm_vgic_vcpu_irq_lines(struct kvm_vcpu *vcpu)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	struct vgic_irq *irq;
	unsigned int lines = 0;

	if (!vgic_initialized(vcpu->kvm))
		return 0;
	pthread_mutex_lock(&arm->vgic_lock);
	irq = vgic_hppi(vcpu);
	if (irq && vgic_v3_can_signal(&vcpu_vgic(vcpu)->cpuif, irq))
		lines = irq->group ? 1 : 2;
	pthread_mutex_unlock(&arm->vgic_lock);
	return lines;
}

/*
 * A change that may let an interrupt through: every vCPU looks at its
 * lines again (the caller's own at once, the others at their next slice
 * or wake-up).
 */
void vgic_kick_vcpus(struct kvm *kvm)
{
	unsigned int n = atomic_load(&kvm->online_vcpus);

	for (unsigned int i = 0; i < n; i++)
		kvm_arm_vcpu_kick(kvm->vcpus[i]);
}

/*
 * ICC_SGI1R_EL1 / ICC_SGI0R_EL1 / ICC_ASGI1R_EL1: an SGI of @group for
 * the vCPUs the value names (IRM: every other vCPU), pending where that
 * vCPU has the SGI in the group; vgic_lock held.
 */
void vgic_v3_dispatch_sgi(struct kvm_vcpu *vcpu, uint64_t reg, bool group)
{
	struct kvm *kvm = vcpu->kvm;
	unsigned int sgi = (reg >> 24) & 0xf, n = atomic_load(&kvm->online_vcpus);
	bool broadcast = (reg >> 40) & 1;
	uint64_t aff = ((reg >> 48) & 0xff) << 32 | ((reg >> 32) & 0xff) << 16 |
		       ((reg >> 16) & 0xff) << 8;
	unsigned int rs = (reg >> 44) & 0xf;

	for (unsigned int i = 0; i < n; i++) {
		struct kvm_vcpu *t = kvm->vcpus[i];
		uint64_t taff = kvm_vcpu_get_mpidr_aff(t);
		struct vgic_irq *irq;

		if (broadcast) {
			if (t == vcpu)
				continue;
		} else {
			unsigned int aff0 = taff & 0xff;

			if ((taff & ~0xffULL) != aff || aff0 / 16 != rs ||
			    !((reg & 0xffff) & (1U << (aff0 % 16))))
				continue;
		}
		irq = vgic_get_irq(kvm, t, sgi);
		if (!irq || irq->group != group)
			continue;
		irq->pending_latch = true;
	}
}

/* ---- irqfd and GSI routing (the kernel's vgic-irqfd.c) -------------------- */

/* An irqchip route's pin is an SPI, counted from the first. */
static int vgic_irqfd_set_irq(const struct kvm_kernel_irq_routing_entry *e, struct kvm *kvm,
			      int level)
{
	unsigned int spi_id = e->irqchip.pin + VGIC_NR_PRIVATE_IRQS;

	if (!vgic_valid_spi(kvm, (int)spi_id))
		return -EINVAL;
	return kvm_vgic_inject_irq(kvm, NULL, spi_id, level);
}

/* An MSI needs an ITS, which is not modelled: refused as without one. */
static int vgic_set_msi(const struct kvm_kernel_irq_routing_entry *e, struct kvm *kvm, int level)
{
	return -ENODEV;
}

#define KVM_IRQCHIP_NUM_PINS	(1020 - 32)
#define KVM_NR_IRQCHIPS		1

int kvm_arm64_set_routing_entry(struct kvm *kvm, struct kvm_kernel_irq_routing_entry *e,
				const struct kvm_irq_routing_entry *ue)
{
	switch (ue->type) {
	case KVM_IRQ_ROUTING_IRQCHIP:
		e->set = vgic_irqfd_set_irq;
		e->irqchip.irqchip = ue->u.irqchip.irqchip;
		e->irqchip.pin = ue->u.irqchip.pin;
		if (e->irqchip.pin >= KVM_IRQCHIP_NUM_PINS || e->irqchip.irqchip >= KVM_NR_IRQCHIPS)
			return -EINVAL;
		return 0;
	case KVM_IRQ_ROUTING_MSI:
		e->set = vgic_set_msi;
		e->msi.address_lo = ue->u.msi.address_lo;
		e->msi.address_hi = ue->u.msi.address_hi;
		e->msi.data = ue->u.msi.data;
		e->msi.flags = ue->flags;
		e->msi.devid = ue->u.msi.devid;
		return 0;
	default:
		return -EINVAL;
	}
}

bool kvm_arm64_intc_initialized(struct kvm *kvm)
{
	return vgic_initialized(kvm);
}

/* At INIT: GSI n is SPI n, for every SPI. */
int kvm_vgic_setup_default_irq_routing(struct kvm *kvm)
{
	unsigned int nr = kvm_vgic(kvm)->nr_spis;
	struct kvm_irq_routing_entry *entries = calloc(nr, sizeof(*entries));
	int r;

	if (!entries)
		return -ENOMEM;
	for (unsigned int i = 0; i < nr; i++) {
		entries[i].gsi = i;
		entries[i].type = KVM_IRQ_ROUTING_IRQCHIP;
		entries[i].u.irqchip.irqchip = 0;
		entries[i].u.irqchip.pin = i;
	}
	r = kvm_set_irq_routing(kvm, entries, nr, 0);
	free(entries);
	return r;
}
