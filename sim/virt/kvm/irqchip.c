// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * irqchip.c - GSI routing (the kernel's virt/kvm/irqchip.c):
 * KVM_SET_GSI_ROUTING replaces the VM's table whole, each entry checked
 * by the generic rules (GSI range, flags, one irqchip route per GSI and
 * chip, no other route beside a non-irqchip one) and by the
 * architecture's kvm_set_routing_entry(); kvm_set_irq() raises or lowers
 * every route of a GSI (irqfd injection).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kvm_host.h>

struct kvm_irq_routing_table {
	uint32_t nr_rt_entries;	/* highest GSI + 1 */
	size_t nr;
	struct kvm_kernel_irq_routing_entry entries[];
};

/* setup_routing_entry()'s check against the routes @gsi has so far. */
static int check_gsi_routes(const struct kvm_irq_routing_table *rt,
			    const struct kvm_irq_routing_entry *ue)
{
	for (size_t i = 0; i < rt->nr; i++) {
		const struct kvm_kernel_irq_routing_entry *ei = &rt->entries[i];

		if (ei->gsi != ue->gsi)
			continue;
		if (ei->type != KVM_IRQ_ROUTING_IRQCHIP || ue->type != KVM_IRQ_ROUTING_IRQCHIP ||
		    ue->u.irqchip.irqchip == ei->irqchip.irqchip)
			return -EINVAL;
	}
	return 0;
}

int kvm_set_irq_routing(struct kvm *kvm, const struct kvm_irq_routing_entry *ue, unsigned int nr,
			unsigned int flags)
{
	struct kvm_irq_routing_table *new, *old;
	uint32_t nr_rt_entries = 0;

	(void)flags;
	for (unsigned int i = 0; i < nr; i++) {
		if (ue[i].gsi >= KVM_MAX_IRQ_ROUTES)
			return -EINVAL;
		if (ue[i].gsi > nr_rt_entries)
			nr_rt_entries = ue[i].gsi;
	}
	new = calloc(1, sizeof(*new) + nr * sizeof(new->entries[0]));
	if (!new)
		return -ENOMEM;
	new->nr_rt_entries = nr_rt_entries + 1;
	for (unsigned int i = 0; i < nr; i++) {
		struct kvm_kernel_irq_routing_entry *e = &new->entries[new->nr];
		int r = -EINVAL;

		if (ue[i].type == KVM_IRQ_ROUTING_MSI ? (ue[i].flags & ~KVM_MSI_VALID_DEVID)
						      : ue[i].flags)
			goto fail;
		r = check_gsi_routes(new, &ue[i]);
		if (!r) {
			e->gsi = ue[i].gsi;
			e->type = ue[i].type;
			r = kvm->ops->set_routing_entry(kvm, e, &ue[i]);
		}
		if (r) {
fail:
			free(new);
			return r;
		}
		new->nr++;
	}
	pthread_mutex_lock(&kvm->irq_lock);
	old = kvm->irq_routing;
	kvm->irq_routing = new;
	pthread_mutex_unlock(&kvm->irq_lock);
	free(old);
	return 0;
}

/* KVM_SET_GSI_ROUTING: at most KVM_MAX_IRQ_ROUTES entries, no flags. */
int kvm_vm_ioctl_set_gsi_routing(struct kvm *kvm, unsigned long arg)
{
	struct kvm_irq_routing routing;
	struct kvm_irq_routing_entry *entries = NULL;
	int r;

	if (copy_from_user(&routing, arg, sizeof(routing)))
		return -EFAULT;
	if (routing.nr > KVM_MAX_IRQ_ROUTES || routing.flags)
		return -EINVAL;
	if (routing.nr) {
		entries = calloc(routing.nr, sizeof(*entries));
		if (!entries)
			return -ENOMEM;
		if (copy_from_user(entries, arg + offsetof(struct kvm_irq_routing, entries),
				   routing.nr * sizeof(*entries))) {
			free(entries);
			return -EFAULT;
		}
	}
	r = kvm_set_irq_routing(kvm, entries, routing.nr, routing.flags);
	free(entries);
	return r;
}

/*
 * KVM_SIGNAL_MSI (kvm_send_userspace_msi()): only with an in-kernel
 * interrupt controller and no flag but VALID_DEVID (EINVAL); the message
 * goes as an MSI route would send it.
 */
int kvm_vm_ioctl_signal_msi(struct kvm *kvm, unsigned long arg)
{
	struct kvm_irq_routing_entry ue = { .type = KVM_IRQ_ROUTING_MSI };
	struct kvm_kernel_irq_routing_entry e = { .type = KVM_IRQ_ROUTING_MSI };
	struct kvm_msi msi;
	int r;

	if (copy_from_user(&msi, arg, sizeof(msi)))
		return -EFAULT;
	if (!kvm->ops->irqchip_in_kernel(kvm) || (msi.flags & ~KVM_MSI_VALID_DEVID))
		return -EINVAL;
	ue.flags = msi.flags;
	ue.u.msi.address_lo = msi.address_lo;
	ue.u.msi.address_hi = msi.address_hi;
	ue.u.msi.data = msi.data;
	ue.u.msi.devid = msi.devid;
	r = kvm->ops->set_routing_entry(kvm, &e, &ue);
	return r ? r : e.set(&e, kvm, 1);
}

/*
 * kvm_set_irq(): every route of @gsi set to @level; the number that took
 * it, -1 when none did.
 */
int kvm_set_irq(struct kvm *kvm, uint32_t gsi, int level)
{
	struct kvm_kernel_irq_routing_entry found[4];
	int n = 0, ret = -1;

	pthread_mutex_lock(&kvm->irq_lock);
	for (size_t i = 0; kvm->irq_routing && i < kvm->irq_routing->nr && n < 4; i++)
		if (kvm->irq_routing->entries[i].gsi == gsi)
			found[n++] = kvm->irq_routing->entries[i];
	pthread_mutex_unlock(&kvm->irq_lock);
	while (n--) {
		int r = found[n].set(&found[n], kvm, level);

		if (r < 0)
			continue;
		ret = r + (ret < 0 ? 0 : ret);
	}
	return ret;
}

void kvm_free_irq_routing(struct kvm *kvm)
{
	free(kvm->irq_routing);
	kvm->irq_routing = NULL;
}

/* The GSI an irqchip pin is routed from (for resampling), or -1. */
int kvm_irq_map_chip_pin(struct kvm *kvm, unsigned int irqchip, unsigned int pin)
{
	int gsi = -1;

	pthread_mutex_lock(&kvm->irq_lock);
	for (size_t i = 0; kvm->irq_routing && i < kvm->irq_routing->nr; i++) {
		const struct kvm_kernel_irq_routing_entry *e = &kvm->irq_routing->entries[i];

		if (e->type == KVM_IRQ_ROUTING_IRQCHIP && e->irqchip.irqchip == irqchip &&
		    e->irqchip.pin == pin)
			gsi = (int)e->gsi;
	}
	pthread_mutex_unlock(&kvm->irq_lock);
	return gsi;
}
