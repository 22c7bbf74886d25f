// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vgic-kvm-device.c - the vGIC as a KVM device: KVM_CREATE_DEVICE of
 * KVM_DEV_TYPE_ARM_VGIC_V3 and its attribute groups - the frames'
 * addresses (ADDR), the interrupt count (NR_IRQS), CTRL (INIT,
 * SAVE_PENDING_TABLES), the registers (DIST_REGS, REDIST_REGS) and the
 * lines' levels (LEVEL_INFO) - with the kernel's checks and errnos (the
 * kernel's vgic-kvm-device.c).
 */
#include <errno.h>
#include <stdlib.h>

#include "kvm_arm.h"
#include "vgic.h"
#include "vgic-mmio.h"

/*
 * vgic_check_iorange(): a frame not placed yet (else EEXIST), aligned, not
 * wrapping (EINVAL), inside the VM's IPA space (E2BIG).
 */
int vgic_check_iorange(struct kvm *kvm, uint64_t ioaddr, uint64_t addr, uint64_t alignment,
		       uint64_t size)
{
	if (!IS_VGIC_ADDR_UNDEF(ioaddr))
		return -EEXIST;
	if ((addr & (alignment - 1)) || (size & (alignment - 1)))
		return -EINVAL;
	if (addr + size < addr)
		return -EINVAL;
	if ((addr & ~(kvm_phys_size(kvm) - 1)) || addr + size > kvm_phys_size(kvm))
		return -E2BIG;
	return 0;
}

static int vgic_check_type(struct kvm *kvm, uint32_t type_needed)
{
	return kvm_vgic(kvm)->vgic_model == type_needed ? 0 : -ENODEV;
}

/*
 * kvm_vgic_addr(): set or read a frame's address.  Reading a region reads
 * its index from userspace first; a region read back carries its index,
 * count and base in one word.
 */
static int kvm_vgic_addr(struct kvm *kvm, const struct kvm_device_attr *attr, bool write)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	struct vgic_dist *vgic = &arm->vgic;
	uint64_t *addr_ptr = NULL, undef = VGIC_ADDR_UNDEF, addr = 0, size = 0;
	int r;

	if (write || attr->attr == KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION)
		if (copy_from_user(&addr, attr->addr, sizeof(addr)))
			return -EFAULT;

	pthread_mutex_lock(&kvm->slots_lock);
	switch (attr->attr) {
	case KVM_VGIC_V2_ADDR_TYPE_DIST:
	case KVM_VGIC_V2_ADDR_TYPE_CPU:
		r = vgic_check_type(kvm, KVM_DEV_TYPE_ARM_VGIC_V2);
		break;
	case KVM_VGIC_V3_ADDR_TYPE_DIST:
		r = vgic_check_type(kvm, KVM_DEV_TYPE_ARM_VGIC_V3);
		addr_ptr = &vgic->vgic_dist_base;
		size = VGIC_V3_DIST_SIZE;
		break;
	case KVM_VGIC_V3_ADDR_TYPE_REDIST:
		r = vgic_check_type(kvm, KVM_DEV_TYPE_ARM_VGIC_V3);
		if (r)
			break;
		if (write) {
			r = vgic_v3_set_redist_base(kvm, 0, addr, 0);
			goto out;
		}
		addr_ptr = vgic->rd_regions ? &vgic->rd_regions->base : &undef;
		break;
	case KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION: {
		struct vgic_redist_region *rdreg;
		uint8_t index;

		r = vgic_check_type(kvm, KVM_DEV_TYPE_ARM_VGIC_V3);
		if (r)
			break;
		index = (uint8_t)(addr & KVM_VGIC_V3_RDIST_INDEX_MASK);
		if (write) {
			uint64_t base = addr & KVM_VGIC_V3_RDIST_BASE_MASK;
			uint32_t count = (uint32_t)((addr & KVM_VGIC_V3_RDIST_COUNT_MASK) >>
						    KVM_VGIC_V3_RDIST_COUNT_SHIFT);
			uint32_t flags = (uint32_t)((addr & KVM_VGIC_V3_RDIST_FLAGS_MASK) >>
						    KVM_VGIC_V3_RDIST_FLAGS_SHIFT);

			if (!count || flags)
				r = -EINVAL;
			else
				r = vgic_v3_set_redist_base(kvm, index, base, count);
			goto out;
		}
		rdreg = vgic_v3_rdist_region_from_index(kvm, index);
		if (!rdreg) {
			r = -ENOENT;
			goto out;
		}
		addr = index | rdreg->base | (uint64_t)rdreg->count << KVM_VGIC_V3_RDIST_COUNT_SHIFT;
		goto out;
	}
	default:
		r = -ENODEV;
	}
	if (r)
		goto out;
	pthread_mutex_lock(&arm->arch_lock);
	if (write) {
		r = vgic_check_iorange(kvm, *addr_ptr, addr, 0x10000, size);
		if (!r)
			*addr_ptr = addr;
	} else {
		addr = *addr_ptr;
	}
	pthread_mutex_unlock(&arm->arch_lock);
out:
	pthread_mutex_unlock(&kvm->slots_lock);
	if (!r && !write)
		r = copy_to_user(attr->addr, &addr, sizeof(addr));
	return r;
}

static int vgic_set_common_attr(struct kvm_device *dev, const struct kvm_device_attr *attr)
{
	struct kvm *kvm = dev->kvm;
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	int r = 0;

	switch (attr->group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR:
		r = kvm_vgic_addr(kvm, attr, true);
		return r == -ENODEV ? -ENXIO : r;
	case KVM_DEV_ARM_VGIC_GRP_NR_IRQS: {
		uint32_t val;

		if (copy_from_user(&val, attr->addr, sizeof(val)))
			return -EFAULT;
		/* At least 32 SPIs, at most 1024 interrupts, a multiple of 32. */
		if (val < VGIC_NR_PRIVATE_IRQS + 32 || val > VGIC_MAX_RESERVED || (val & 31))
			return -EINVAL;
		pthread_mutex_lock(&arm->arch_lock);
		if (arm->vgic.nr_spis)
			r = -EBUSY;
		else
			arm->vgic.nr_spis = val - VGIC_NR_PRIVATE_IRQS;
		pthread_mutex_unlock(&arm->arch_lock);
		return r;
	}
	case KVM_DEV_ARM_VGIC_GRP_CTRL:
		switch (attr->attr) {
		case KVM_DEV_ARM_VGIC_CTRL_INIT:
			pthread_mutex_lock(&arm->arch_lock);
			r = vgic_init(kvm);
			pthread_mutex_unlock(&arm->arch_lock);
			return r;
		case KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES:
			if (vgic_check_type(kvm, KVM_DEV_TYPE_ARM_VGIC_V3))
				return -ENXIO;
			pthread_mutex_lock(&kvm->lock);
			if (!kvm_lock_all_vcpus(kvm)) {
				pthread_mutex_unlock(&kvm->lock);
				return -EBUSY;
			}
			/* No LPI without an ITS: no pending table to write. */
			kvm_unlock_all_vcpus(kvm);
			pthread_mutex_unlock(&kvm->lock);
			return 0;
		}
		break;
	}
	return -ENXIO;
}

static int vgic_get_common_attr(struct kvm_device *dev, const struct kvm_device_attr *attr)
{
	switch (attr->group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR: {
		int r = kvm_vgic_addr(dev->kvm, attr, false);

		return r == -ENODEV ? -ENXIO : r;
	}
	case KVM_DEV_ARM_VGIC_GRP_NR_IRQS: {
		uint32_t val = kvm_vgic(dev->kvm)->nr_spis + VGIC_NR_PRIVATE_IRQS;

		return copy_to_user(attr->addr, &val, sizeof(val));
	}
	}
	return -ENXIO;
}

static int vgic_create(struct kvm_device *dev, uint32_t type)
{
	return kvm_vgic_create(dev->kvm, type);
}

static void vgic_destroy(struct kvm_device *dev)
{
	free(dev);
}

/* The vCPU whose MPIDR affinity the attribute names (DIST_REGS: vCPU 0). */
static struct kvm_vcpu *vgic_v3_parse_attr(struct kvm_device *dev,
					   const struct kvm_device_attr *attr)
{
	struct kvm *kvm = dev->kvm;
	unsigned int i, n = atomic_load(&kvm->online_vcpus);
	uint64_t v, mpidr;

	if (attr->group == KVM_DEV_ARM_VGIC_GRP_DIST_REGS)
		return n ? kvm->vcpus[0] : NULL;
	v = (attr->attr & KVM_DEV_ARM_VGIC_V3_MPIDR_MASK) >> KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT;
	/* Aff3 in bits 31:24, Aff2..Aff0 below, as MPIDR lays them out. */
	mpidr = (v & 0xffffff) | ((v >> 24) & 0xff) << 32;
	for (i = 0; i < n; i++)
		if (kvm_vcpu_get_mpidr_aff(kvm->vcpus[i]) == mpidr)
			return kvm->vcpus[i];
	return NULL;
}

/* LEVEL_INFO: the line levels of the 32 interrupts from @intid. */
static int line_level_info(struct kvm_vcpu *vcpu, bool is_write, uint32_t intid, uint32_t *val)
{
	if (intid % 32)
		return -EINVAL;
	if (!is_write)
		*val = 0;
	for (uint32_t i = 0; i < 32; i++) {
		struct vgic_irq *irq = vgic_get_irq(vcpu->kvm, vcpu, intid + i);

		if (!irq || irq->config != VGIC_CONFIG_LEVEL)
			continue;
		if (is_write)
			irq->line_level = (*val >> i) & 1;
		else if (irq->line_level)
			*val |= 1U << i;
	}
	return 0;
}

/*
 * vgic_v3_attr_regs_access(): the register groups, once the vGIC is
 * initialised, with no vCPU in an ioctl; 32 bits through attr->addr.
 */
static int vgic_v3_attr_regs_access(struct kvm_device *dev, const struct kvm_device_attr *attr,
				    bool is_write)
{
	struct kvm *kvm = dev->kvm;
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	uint64_t offset = attr->attr & KVM_DEV_ARM_VGIC_OFFSET_MASK;
	bool uaccess = attr->group != KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS;
	struct kvm_vcpu *vcpu = vgic_v3_parse_attr(dev, attr);
	uint32_t val = 0;
	int r;

	if (!vcpu)
		return -EINVAL;
	if (uaccess && is_write && copy_from_user(&val, attr->addr, sizeof(val)))
		return -EFAULT;
	pthread_mutex_lock(&kvm->lock);
	if (!kvm_lock_all_vcpus(kvm)) {
		pthread_mutex_unlock(&kvm->lock);
		return -EBUSY;
	}
	pthread_mutex_lock(&arm->arch_lock);
	if (!vgic_initialized(kvm)) {
		r = -EBUSY;
		goto out;
	}
	if (attr->group == KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS) {
		/* Its own locking and copies: 64 bits, ENOENT for no such register. */
		r = vgic_v3_cpu_sysregs_uaccess(vcpu, attr, is_write);
		goto out;
	}
	pthread_mutex_lock(&arm->vgic_lock);
	switch (attr->group) {
	case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
		r = vgic_v3_uaccess(vcpu, false, is_write, offset, &val);
		break;
	case KVM_DEV_ARM_VGIC_GRP_REDIST_REGS:
		r = vgic_v3_uaccess(vcpu, true, is_write, offset, &val);
		break;
	case KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO: {
		uint64_t info = (attr->attr & KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_MASK) >>
				KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT;

		if (info == VGIC_LEVEL_INFO_LINE_LEVEL)
			r = line_level_info(vcpu, is_write,
					    attr->attr & KVM_DEV_ARM_VGIC_LINE_LEVEL_INTID_MASK,
					    &val);
		else
			r = -EINVAL;
		break;
	}
	default:
		r = -EINVAL;
		break;
	}
	pthread_mutex_unlock(&arm->vgic_lock);
out:
	pthread_mutex_unlock(&arm->arch_lock);
	kvm_unlock_all_vcpus(kvm);
	pthread_mutex_unlock(&kvm->lock);
	if (!r && is_write)
		vgic_kick_vcpus(kvm);
	if (!r && uaccess && !is_write)
		r = copy_to_user(attr->addr, &val, sizeof(val));
	return r;
}

static int vgic_v3_set_attr(struct kvm_device *dev, const struct kvm_device_attr *attr)
{
	switch (attr->group) {
	case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
	case KVM_DEV_ARM_VGIC_GRP_REDIST_REGS:
	case KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS:
	case KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO:
		return vgic_v3_attr_regs_access(dev, attr, true);
	default:
		return vgic_set_common_attr(dev, attr);
	}
}

static int vgic_v3_get_attr(struct kvm_device *dev, const struct kvm_device_attr *attr)
{
	switch (attr->group) {
	case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
	case KVM_DEV_ARM_VGIC_GRP_REDIST_REGS:
	case KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS:
	case KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO:
		return vgic_v3_attr_regs_access(dev, attr, false);
	default:
		return vgic_get_common_attr(dev, attr);
	}
}

static int vgic_v3_has_attr(struct kvm_device *dev, const struct kvm_device_attr *attr)
{
	switch (attr->group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR:
		switch (attr->attr) {
		case KVM_VGIC_V3_ADDR_TYPE_DIST:
		case KVM_VGIC_V3_ADDR_TYPE_REDIST:
		case KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION:
			return 0;
		}
		break;
	case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
	case KVM_DEV_ARM_VGIC_GRP_REDIST_REGS: {
		uint64_t offset = attr->attr & KVM_DEV_ARM_VGIC_OFFSET_MASK;

		if (!vgic_v3_parse_attr(dev, attr))
			return -EINVAL;
		if (offset & 3)
			return -ENXIO;
		return vgic_v3_has_mmio_reg(dev->kvm,
					    attr->group == KVM_DEV_ARM_VGIC_GRP_REDIST_REGS,
					    offset) ? 0 : -ENXIO;
	}
	case KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS:
		if (!vgic_v3_parse_attr(dev, attr))
			return -EINVAL;
		return vgic_v3_has_cpu_sysregs_attr(attr->attr) ? 0 : -ENXIO;
	case KVM_DEV_ARM_VGIC_GRP_NR_IRQS:
		return 0;
	case KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO:
		if (((attr->attr & KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_MASK) >>
		     KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT) == VGIC_LEVEL_INFO_LINE_LEVEL)
			return 0;
		break;
	case KVM_DEV_ARM_VGIC_GRP_CTRL:
		switch (attr->attr) {
		case KVM_DEV_ARM_VGIC_CTRL_INIT:
		case KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES:
			return 0;
		}
	}
	return -ENXIO;
}

static const struct kvm_device_ops kvm_arm_vgic_v3_ops = {
	.name = "kvm-arm-vgic-v3",
	.create = vgic_create,
	.destroy = vgic_destroy,
	.set_attr = vgic_v3_set_attr,
	.get_attr = vgic_v3_get_attr,
	.has_attr = vgic_v3_has_attr,
};

/*
 * The device types a GICv3 host registers: the vGICv3.  (Its ITS, VFIO,
 * and the vGICv2 of a GICv2 host are not modelled yet: KVM_CREATE_DEVICE
 * answers ENODEV for them, as for a type the host lacks.)
 */
const struct kvm_device_ops *kvm_arm64_device_ops(const struct kvm_profile *profile,
						  uint32_t type)
{
	return type == KVM_DEV_TYPE_ARM_VGIC_V3 ? &kvm_arm_vgic_v3_ops : NULL;
}
