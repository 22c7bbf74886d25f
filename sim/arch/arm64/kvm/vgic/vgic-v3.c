// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vgic-v3.c - a GICv3's redistributor regions: where each vCPU's
 * redistributor goes, the checks of their placement against each other,
 * the distributor and the IPA space, and those a first KVM_RUN makes
 * (the kernel's vgic-v3.c and the region half of vgic-mmio-v3.c).
 */
#include <errno.h>
#include <stdlib.h>

#include "kvm_arm.h"
#include "vgic.h"

/* A legacy region (count 0) holds every vCPU the VM has at the time. */
uint64_t vgic_v3_rd_region_size(struct kvm *kvm, const struct vgic_redist_region *rdreg)
{
	if (!rdreg->count)
		return (uint64_t)atomic_load(&kvm->online_vcpus) * VGIC_V3_REDIST_SIZE;
	return (uint64_t)rdreg->count * VGIC_V3_REDIST_SIZE;
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a + alen > b && a < b + blen;
}

bool vgic_v3_rdist_overlap(struct kvm *kvm, uint64_t base, uint64_t size)
{
	for (struct vgic_redist_region *r = kvm_vgic(kvm)->rd_regions; r; r = r->next)
		if (ranges_overlap(base, size, r->base, vgic_v3_rd_region_size(kvm, r)))
			return true;
	return false;
}

/*
 * The frames placed so far: none wraps or leaves the IPA space, and the
 * distributor overlaps no redistributor region.
 */
bool vgic_v3_check_base(struct kvm *kvm)
{
	struct vgic_dist *d = kvm_vgic(kvm);

	if (!IS_VGIC_ADDR_UNDEF(d->vgic_dist_base) &&
	    d->vgic_dist_base + VGIC_V3_DIST_SIZE < d->vgic_dist_base)
		return false;
	for (struct vgic_redist_region *r = d->rd_regions; r; r = r->next)
		if (vgic_check_iorange(kvm, VGIC_ADDR_UNDEF, r->base, 0x10000,
				       vgic_v3_rd_region_size(kvm, r)))
			return false;
	if (IS_VGIC_ADDR_UNDEF(d->vgic_dist_base))
		return true;
	return !vgic_v3_rdist_overlap(kvm, d->vgic_dist_base, VGIC_V3_DIST_SIZE);
}

struct vgic_redist_region *vgic_v3_rdist_region_from_index(struct kvm *kvm, uint32_t index)
{
	for (struct vgic_redist_region *r = kvm_vgic(kvm)->rd_regions; r; r = r->next)
		if (r->index == index)
			return r;
	return NULL;
}

static struct vgic_redist_region *last_region(struct kvm *kvm)
{
	struct vgic_redist_region *r = kvm_vgic(kvm)->rd_regions;

	while (r && r->next)
		r = r->next;
	return r;
}

/*
 * vgic_v3_alloc_redist_region(), arch_lock held: regions come in index
 * order from 0; a legacy one (count 0) is the only one; none overlaps
 * another (nor, for a legacy one, the distributor).
 */
static int vgic_v3_alloc_redist_region(struct kvm *kvm, uint32_t index, uint64_t base,
				       uint32_t count)
{
	struct vgic_dist *d = kvm_vgic(kvm);
	struct vgic_redist_region *rdreg, *last = last_region(kvm);
	uint64_t size = (count ? count : atomic_load(&kvm->online_vcpus)) * VGIC_V3_REDIST_SIZE;
	int r;

	if (base + size < base)
		return -EINVAL;
	if (!last) {
		if (index != 0)
			return -EINVAL;
	} else {
		if (!count && last->count)
			return -EINVAL;
		if (!count)
			return -EEXIST;
		if (index != last->index + 1)
			return -EINVAL;
	}
	if (!count && !IS_VGIC_ADDR_UNDEF(d->vgic_dist_base) &&
	    ranges_overlap(base, size, d->vgic_dist_base, VGIC_V3_DIST_SIZE))
		return -EINVAL;
	if (vgic_v3_rdist_overlap(kvm, base, size))
		return -EINVAL;
	r = vgic_check_iorange(kvm, VGIC_ADDR_UNDEF, base, 0x10000, size);
	if (r)
		return r;
	rdreg = calloc(1, sizeof(*rdreg));
	if (!rdreg)
		return -ENOMEM;
	rdreg->base = base;
	rdreg->count = count;
	rdreg->index = index;
	if (last)
		last->next = rdreg;
	else
		d->rd_regions = rdreg;
	return 0;
}

/* Takes the last region off the list; arch_lock held. */
static void vgic_v3_free_last_region(struct kvm *kvm, struct vgic_redist_region *rdreg)
{
	struct vgic_redist_region **p = &kvm_vgic(kvm)->rd_regions;
	unsigned int i, n = atomic_load(&kvm->online_vcpus);

	for (i = 0; i < n; i++)
		if (vcpu_vgic(kvm->vcpus[i])->rdreg == rdreg)
			vcpu_vgic(kvm->vcpus[i])->rdreg = NULL;
	while (*p && *p != rdreg)
		p = &(*p)->next;
	if (*p)
		*p = rdreg->next;
	free(rdreg);
}

void vgic_v3_free_redist_regions(struct kvm *kvm)
{
	struct vgic_dist *d = kvm_vgic(kvm);

	while (d->rd_regions) {
		struct vgic_redist_region *r = d->rd_regions;

		d->rd_regions = r->next;
		free(r);
	}
}

/*
 * vgic_v3_set_redist_base(), slots_lock held: a new region, then every
 * vCPU without a redistributor gets one in it; if one cannot, the region
 * and the redistributors placed in it go again.
 */
int vgic_v3_set_redist_base(struct kvm *kvm, uint32_t index, uint64_t addr, uint32_t count)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	struct vgic_redist_region *rdreg = NULL;
	unsigned int i, n;
	int r;

	pthread_mutex_lock(&arm->arch_lock);
	r = vgic_v3_alloc_redist_region(kvm, index, addr, count);
	if (!r)
		rdreg = vgic_v3_rdist_region_from_index(kvm, index);
	pthread_mutex_unlock(&arm->arch_lock);
	if (r)
		return r;
	n = atomic_load(&kvm->online_vcpus);
	for (i = 0; i < n; i++) {
		r = vgic_register_redist_iodev(kvm->vcpus[i]);
		if (r)
			break;
	}
	if (!r)
		return 0;
	while (i--) {
		struct vgic_cpu *vgic_cpu = vcpu_vgic(kvm->vcpus[i]);

		if (vgic_cpu->rdreg != rdreg)
			continue;
		vgic_unregister_redist_iodev(kvm->vcpus[i]);
		vgic_cpu->rdreg = NULL;
		vgic_cpu->rd_iodev.base_addr = VGIC_ADDR_UNDEF;
	}
	pthread_mutex_lock(&arm->arch_lock);
	vgic_v3_free_last_region(kvm, rdreg);
	pthread_mutex_unlock(&arm->arch_lock);
	return r;
}

/* vgic_v3_map_resources(), slots_lock and arch_lock held. */
int vgic_v3_map_resources(struct kvm *kvm)
{
	struct vgic_dist *dist = kvm_vgic(kvm);
	unsigned int i, n = atomic_load(&kvm->online_vcpus);

	for (i = 0; i < n; i++)
		if (IS_VGIC_ADDR_UNDEF(vcpu_vgic(kvm->vcpus[i])->rd_iodev.base_addr))
			return -ENXIO;
	if (IS_VGIC_ADDR_UNDEF(dist->vgic_dist_base))
		return -ENXIO;
	if (!vgic_v3_check_base(kvm))
		return -EINVAL;
	if (!vgic_initialized(kvm))
		return -EBUSY;
	return 0;
}
