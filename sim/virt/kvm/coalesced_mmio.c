// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Coalesced MMIO (the kernel's virt/kvm/coalesced_mmio.c): a guest's
 * stores into a zone the VMM registered do not exit; they are queued in
 * the VM's ring, page 1 of every vCPU mapping, for the VMM to replay at
 * its next exit.  Loads still exit, and so does a store that finds the
 * ring full or that reaches past the zone.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "iodev.h"

/* Entries of the ring; one always stays free, as the kernel keeps it. */
#define KVM_COALESCED_MMIO_MAX \
	((PAGE_SIZE - sizeof(struct kvm_coalesced_mmio_ring)) / sizeof(struct kvm_coalesced_mmio))

struct kvm_coalesced_mmio_dev {
	struct kvm_io_device dev;
	struct kvm *kvm;
	struct kvm_coalesced_mmio_zone zone;
	struct kvm_coalesced_mmio_dev *next;	/* kvm->coalesced_zones */
};

static struct kvm_coalesced_mmio_dev *to_mmio(struct kvm_io_device *dev)
{
	return container_of(dev, struct kvm_coalesced_mmio_dev, dev);
}

/* Whether [@addr, @addr + @len) lies wholly inside the zone. */
static bool coalesced_mmio_in_range(const struct kvm_coalesced_mmio_dev *dev, uint64_t addr,
				    int64_t len)
{
	if (len < 0 || addr + (uint64_t)len < addr)
		return false;
	return addr >= dev->zone.addr && addr + (uint64_t)len <= dev->zone.addr + dev->zone.size;
}

/* Whether the ring has no free entry for the next write at @last. */
static bool coalesced_mmio_ring_full(const struct kvm *kvm, uint32_t first, uint32_t last)
{
	/* A VMM may have written anything there: an index out of the ring is full. */
	if (last >= KVM_COALESCED_MMIO_MAX)
		return true;
	if (kvm->profile->coalesced_ring_u32_room)
		return (uint32_t)(first - last - 1) % KVM_COALESCED_MMIO_MAX == 0;
	return (last + 1) % KVM_COALESCED_MMIO_MAX == first;
}

/*
 * The ring is the VMM's page too: its indices are read as the VMM left
 * them, and an entry is written before the index that publishes it.
 */
static int coalesced_mmio_write(struct kvm_vcpu *vcpu, struct kvm_io_device *this,
				uint64_t addr, int len, const void *val)
{
	struct kvm_coalesced_mmio_dev *dev = to_mmio(this);
	struct kvm_coalesced_mmio_ring *ring = dev->kvm->coalesced_mmio_ring;
	struct kvm_coalesced_mmio *e;
	uint32_t first, last;

	(void)vcpu;
	if (!coalesced_mmio_in_range(dev, addr, len))
		return -EOPNOTSUPP;
	pthread_mutex_lock(&dev->kvm->ring_lock);
	first = __atomic_load_n(&ring->first, __ATOMIC_ACQUIRE);
	last = __atomic_load_n(&ring->last, __ATOMIC_RELAXED);
	if (coalesced_mmio_ring_full(dev->kvm, first, last)) {
		pthread_mutex_unlock(&dev->kvm->ring_lock);
		return -EOPNOTSUPP;
	}
	e = &ring->coalesced_mmio[last];
	e->phys_addr = addr;
	e->len = (uint32_t)len;
	e->pio = dev->zone.pio;
	memcpy(e->data, val, (size_t)len);
	__atomic_store_n(&ring->last, (last + 1) % KVM_COALESCED_MMIO_MAX, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&dev->kvm->ring_lock);
	return 0;
}

static void coalesced_mmio_destructor(struct kvm_io_device *this)
{
	struct kvm_coalesced_mmio_dev *dev = to_mmio(this), **p;

	for (p = &dev->kvm->coalesced_zones; *p; p = &(*p)->next) {
		if (*p == dev) {
			*p = dev->next;
			break;
		}
	}
	free(dev);
}

static const struct kvm_io_device_ops coalesced_mmio_ops = {
	.write = coalesced_mmio_write,
	.destructor = coalesced_mmio_destructor,
};

static int copy_zone(struct kvm_coalesced_mmio_zone *zone, unsigned long arg)
{
	if (copy_from_user(zone, arg, sizeof(*zone)))
		return -EFAULT;
	return zone->pio > 1 ? -EINVAL : 0;
}

/* A zone may overlap others, or repeat one: each is a device of its own. */
int kvm_vm_ioctl_register_coalesced_mmio(struct kvm *kvm, unsigned long arg)
{
	struct kvm_coalesced_mmio_dev *dev;
	struct kvm_coalesced_mmio_zone zone;
	int r = copy_zone(&zone, arg);

	if (r)
		return r;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->dev.ops = &coalesced_mmio_ops;
	dev->kvm = kvm;
	dev->zone = zone;
	pthread_mutex_lock(&kvm->slots_lock);
	r = kvm_io_bus_register_dev(kvm, zone.pio ? KVM_PIO_BUS : KVM_MMIO_BUS, zone.addr,
				    (int)zone.size, &dev->dev);
	if (r) {
		pthread_mutex_unlock(&kvm->slots_lock);
		free(dev);
		return r;
	}
	dev->next = kvm->coalesced_zones;
	kvm->coalesced_zones = dev;
	pthread_mutex_unlock(&kvm->slots_lock);
	return 0;
}

/*
 * Takes away every zone of the same bus that holds the whole range given
 * (not the zones inside it), and answers 0 whether any did or not.
 */
int kvm_vm_ioctl_unregister_coalesced_mmio(struct kvm *kvm, unsigned long arg)
{
	struct kvm_coalesced_mmio_dev *dev, *next;
	struct kvm_coalesced_mmio_zone zone;
	int r = copy_zone(&zone, arg);

	if (r)
		return r;
	pthread_mutex_lock(&kvm->slots_lock);
	for (dev = kvm->coalesced_zones; dev; dev = next) {
		next = dev->next;
		if (dev->zone.pio == zone.pio &&
		    coalesced_mmio_in_range(dev, zone.addr, (int32_t)zone.size)) {
			kvm_io_bus_unregister_dev(kvm, zone.pio ? KVM_PIO_BUS : KVM_MMIO_BUS,
						  &dev->dev);
			coalesced_mmio_destructor(&dev->dev);
		}
	}
	pthread_mutex_unlock(&kvm->slots_lock);
	return 0;
}
