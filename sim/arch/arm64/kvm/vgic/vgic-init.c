// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vgic-init.c - the vGIC's life: creation (KVM_CREATE_DEVICE or
 * KVM_CREATE_IRQCHIP), each vCPU's part, KVM_DEV_ARM_VGIC_CTRL_INIT, the
 * first KVM_RUN's mapping of its frames, and destruction - with the
 * ordering rules of the kernel's arch/arm64/kvm/vgic/vgic-init.c.
 */
#include <errno.h>
#include <stdlib.h>

#include "kvm_arm.h"
#include "vgic.h"
#include "iodev.h"

/*
 * kvm_vgic_create(), kvm->lock held.  No vCPU may be in an ioctl or have
 * run; a second vGIC is EEXIST (checked after the vCPUs, as the kernel
 * does).
 */
int kvm_vgic_create(struct kvm *kvm, uint32_t type)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	struct vgic_dist *dist = &arm->vgic;
	unsigned int i, n;
	int r = -EBUSY;

	if (type == KVM_DEV_TYPE_ARM_VGIC_V2 && !kvm_arm64_device_ops(kvm->profile, type))
		return -ENODEV;
	if (!kvm_lock_all_vcpus(kvm))
		return r;
	pthread_mutex_lock(&arm->arch_lock);
	if (dist->in_kernel) {
		r = -EEXIST;
		goto out;
	}
	n = atomic_load(&kvm->online_vcpus);
	for (i = 0; i < n; i++)
		if (to_arm64_vcpu(kvm->vcpus[i])->has_run_once)
			goto out;
	r = 0;
	kvm->max_vcpus = type == KVM_DEV_TYPE_ARM_VGIC_V2 ? VGIC_V2_MAX_CPUS : VGIC_V3_MAX_CPUS;
	if (n > kvm->max_vcpus) {
		r = -E2BIG;
		goto out;
	}
	dist->vgic_model = type;
	dist->vgic_dist_base = VGIC_ADDR_UNDEF;
	dist->vgic_cpu_base = VGIC_ADDR_UNDEF;
	dist->rd_regions = NULL;
	__atomic_store_n(&dist->in_kernel, true, __ATOMIC_RELEASE);
out:
	pthread_mutex_unlock(&arm->arch_lock);
	kvm_unlock_all_vcpus(kvm);
	return r;
}

static void vgic_irq_init(struct vgic_irq *irq, uint32_t intid)
{
	*irq = (struct vgic_irq){ .intid = intid };
}

/* The SGIs (enabled, edge) and PPIs (level) of a vCPU; arch_lock held. */
static int vgic_allocate_private_irqs_locked(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = vcpu_vgic(vcpu);

	if (vgic_cpu->private_irqs)
		return 0;
	vgic_cpu->private_irqs = calloc(VGIC_NR_PRIVATE_IRQS, sizeof(struct vgic_irq));
	if (!vgic_cpu->private_irqs)
		return -ENOMEM;
	for (uint32_t i = 0; i < VGIC_NR_PRIVATE_IRQS; i++) {
		struct vgic_irq *irq = &vgic_cpu->private_irqs[i];

		vgic_irq_init(irq, i);
		if (i < VGIC_NR_SGIS) {
			irq->enabled = true;
			irq->config = VGIC_CONFIG_EDGE;
		} else {
			irq->config = VGIC_CONFIG_LEVEL;
		}
	}
	return 0;
}

/*
 * kvm_vgic_vcpu_init(), at KVM_CREATE_VCPU: with a vGIC the vCPU gets its
 * private interrupts and, on a GICv3, its redistributor in the first
 * region with room (none yet: placed when a region is set).
 */
int kvm_vgic_vcpu_init(struct kvm_vcpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	struct vgic_cpu *vgic_cpu = vcpu_vgic(vcpu);
	int r;

	vgic_cpu->rd_iodev.base_addr = VGIC_ADDR_UNDEF;
	if (!irqchip_in_kernel(kvm))
		return 0;
	pthread_mutex_lock(&arm->arch_lock);
	r = vgic_allocate_private_irqs_locked(vcpu);
	pthread_mutex_unlock(&arm->arch_lock);
	if (r)
		return r;
	if (kvm_vgic(kvm)->vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3) {
		pthread_mutex_lock(&kvm->slots_lock);
		r = vgic_register_redist_iodev(vcpu);
		pthread_mutex_unlock(&kvm->slots_lock);
	}
	return r;
}

/*
 * A vCPU's part goes with it, its redistributor off the MMIO bus (the bus
 * outlives the vCPUs at the VM's destruction).  A vCPU whose creation
 * failed also gives its place in the region back.  (Which one this is
 * shows from the VM's array, whose other entries may already be freed:
 * only the slot is compared, never followed.)
 */
void kvm_vgic_vcpu_destroy(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = vcpu_vgic(vcpu);
	struct kvm *kvm = vcpu->kvm;
	bool installed = vcpu->vcpu_idx < atomic_load(&kvm->online_vcpus) &&
			 kvm->vcpus[vcpu->vcpu_idx] == vcpu;

	if (!IS_VGIC_ADDR_UNDEF(vgic_cpu->rd_iodev.base_addr)) {
		pthread_mutex_lock(&kvm->slots_lock);
		vgic_unregister_redist_iodev(vcpu);
		if (!installed && vgic_cpu->rdreg)
			vgic_cpu->rdreg->free_index--;
		pthread_mutex_unlock(&kvm->slots_lock);
	}
	free(vgic_cpu->private_irqs);
	vgic_cpu->private_irqs = NULL;
	vgic_cpu->rd_iodev.base_addr = VGIC_ADDR_UNDEF;
}

/* The distributor's part, at the VM's destruction (the vCPUs are gone). */
void kvm_vgic_destroy(struct kvm *kvm)
{
	struct vgic_dist *dist = kvm_vgic(kvm);

	free(dist->spis);
	dist->spis = NULL;
	vgic_v3_free_redist_regions(kvm);
}

/* The SPIs, all targeting vCPU 0 (v3: affinity 0), in group 1 on a GICv3. */
static int kvm_vgic_dist_init(struct kvm *kvm, unsigned int nr_spis)
{
	struct vgic_dist *dist = kvm_vgic(kvm);

	dist->spis = calloc(nr_spis, sizeof(struct vgic_irq));
	if (!dist->spis)
		return -ENOMEM;
	for (unsigned int i = 0; i < nr_spis; i++) {
		struct vgic_irq *irq = &dist->spis[i];

		vgic_irq_init(irq, i + VGIC_NR_PRIVATE_IRQS);
		irq->group = dist->vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3;
	}
	return 0;
}

/* Inner RaWb, outer same as inner, inner shareable. */
#define INITIAL_PENDBASER_VALUE	(3ULL << 7 | 1ULL << 10)

/*
 * vgic_init(), arch_lock held: freezes the SPI count (224 if NR_IRQS was
 * not set) and the vCPUs' private interrupts (group 1 and the vCPU's
 * affinity on a GICv3; group 0 and the vCPU's bit on a GICv2).  Done once;
 * EBUSY while a vCPU is half created.
 */
int vgic_init(struct kvm *kvm)
{
	struct vgic_dist *dist = kvm_vgic(kvm);
	unsigned int i, n = atomic_load(&kvm->online_vcpus);
	int r;

	if (vgic_initialized(kvm))
		return 0;
	if (kvm->created_vcpus != n)
		return -EBUSY;
	if (!dist->nr_spis)
		dist->nr_spis = VGIC_NR_IRQS_LEGACY - VGIC_NR_PRIVATE_IRQS;
	r = kvm_vgic_dist_init(kvm, dist->nr_spis);
	if (r)
		return r;
	for (i = 0; i < n; i++) {
		struct kvm_vcpu *vcpu = kvm->vcpus[i];

		r = vgic_allocate_private_irqs_locked(vcpu);
		if (r)
			return r;
		for (uint32_t j = 0; j < VGIC_NR_PRIVATE_IRQS; j++) {
			struct vgic_irq *irq = &vcpu_vgic(vcpu)->private_irqs[j];

			if (dist->vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3) {
				irq->group = true;
				irq->mpidr = kvm_vcpu_get_mpidr_aff(vcpu);
			} else {
				irq->group = false;
				irq->targets = (uint8_t)(1U << i);
			}
		}
		/* vgic_v3_enable(): the LPI pending table's reset attributes, a fresh CPU interface. */
		vcpu_vgic(vcpu)->pendbaser = INITIAL_PENDBASER_VALUE;
		vgic_v3_cpuif_reset(&vcpu_vgic(vcpu)->cpuif);
	}
	r = kvm_vgic_setup_default_irq_routing(kvm);
	if (r)
		return r;
	if (!dist->implementation_rev)
		dist->implementation_rev = 3;
	__atomic_store_n(&dist->initialized, true, __ATOMIC_RELEASE);
	return 0;
}


/*
 * kvm_vgic_map_resources(), at a vCPU's first KVM_RUN: every vCPU needs its
 * redistributor, the distributor its address, the frames must not overlap,
 * and a GICv3 must have been initialised by userspace.  A failure here is
 * fatal to the VM (the kernel's kvm_vm_dead(): every later ioctl is EIO).
 */
int kvm_vgic_map_resources(struct kvm *kvm)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	struct vgic_dist *dist = &arm->vgic;
	int r = 0;

	if (vgic_ready(kvm))
		return 0;
	pthread_mutex_lock(&kvm->slots_lock);
	pthread_mutex_lock(&arm->arch_lock);
	if (vgic_ready(kvm) || !dist->in_kernel)
		goto out;
	r = vgic_v3_map_resources(kvm);
	pthread_mutex_unlock(&arm->arch_lock);
	if (!r)
		r = vgic_register_dist_iodev(kvm);
	if (!r)
		__atomic_store_n(&dist->ready, true, __ATOMIC_RELEASE);
	goto out_slots;
out:
	pthread_mutex_unlock(&arm->arch_lock);
out_slots:
	if (r)
		kvm_vm_dead(kvm);
	pthread_mutex_unlock(&kvm->slots_lock);
	return r;
}

/* A vCPU's affinity as the GIC routes by it (Aff3..Aff0 of MPIDR_EL1). */
uint64_t kvm_vcpu_get_mpidr_aff(struct kvm_vcpu *vcpu)
{
	uint64_t *mpidr = vcpu_sys_reg_ptr(vcpu, SYS_MPIDR_EL1);

	return mpidr ? *mpidr & MPIDR_HWID_BITMASK : 0;
}

/* Interrupt @intid as @vcpu sees it (its own SGIs and PPIs), or NULL. */
struct vgic_irq *vgic_get_irq(struct kvm *kvm, struct kvm_vcpu *vcpu, uint32_t intid)
{
	struct vgic_dist *dist = kvm_vgic(kvm);

	if (intid < VGIC_NR_PRIVATE_IRQS)
		return vcpu && vcpu_vgic(vcpu)->private_irqs ?
			       &vcpu_vgic(vcpu)->private_irqs[intid] : NULL;
	if (dist->spis && intid < dist->nr_spis + VGIC_NR_PRIVATE_IRQS)
		return &dist->spis[intid - VGIC_NR_PRIVATE_IRQS];
	return NULL;
}

/*
 * kvm_vgic_set_owner(): an in-kernel device (the timer, the PMU) claims a
 * PPI or a valid SPI; another owner's is EEXIST.  Before init: EAGAIN.
 */
int kvm_vgic_set_owner(struct kvm_vcpu *vcpu, unsigned int intid, const void *owner)
{
	struct kvm *kvm = vcpu->kvm;
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	struct vgic_irq *irq;
	int r = 0;

	if (!vgic_initialized(kvm))
		return -EAGAIN;
	if (!irq_is_ppi((int)intid) && !vgic_valid_spi(kvm, (int)intid))
		return -EINVAL;
	pthread_mutex_lock(&arm->vgic_lock);
	irq = vgic_get_irq(kvm, vcpu, intid);
	if (!irq)
		r = -EINVAL;
	else if (irq->owner && irq->owner != owner)
		r = -EEXIST;
	else
		irq->owner = owner;
	pthread_mutex_unlock(&arm->vgic_lock);
	return r;
}
