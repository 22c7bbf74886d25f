/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vgic.h - what the files of sim/arch/arm64/kvm/vgic/ share (the kernel's
 * arch/arm64/kvm/vgic/vgic.h).  Locking, as in the kernel: kvm->lock, then
 * the vCPUs' mutexes, then kvm->slots_lock, then the VM's arch_lock (the
 * kernel's config_lock).
 */
#ifndef KVMSIM_SIM_ARCH_ARM64_KVM_VGIC_VGIC_H
#define KVMSIM_SIM_ARCH_ARM64_KVM_VGIC_VGIC_H

#include <asm/kvm_host.h>
#include <kvm/arm_vgic.h>

/*
 * KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION's word: count, base, flags, index.
 * The kernel keeps the index in a u8: bits 8-11 are dropped.
 */
#define KVM_VGIC_V3_RDIST_INDEX_MASK	0xfffULL
#define KVM_VGIC_V3_RDIST_FLAGS_MASK	0xf000ULL
#define KVM_VGIC_V3_RDIST_FLAGS_SHIFT	12
#define KVM_VGIC_V3_RDIST_BASE_MASK	0x000fffffffff0000ULL
#define KVM_VGIC_V3_RDIST_COUNT_MASK	0xfff0000000000000ULL
#define KVM_VGIC_V3_RDIST_COUNT_SHIFT	52

static inline struct vgic_dist *kvm_vgic(struct kvm *kvm)
{
	return &to_arm64_vm(kvm)->vgic;
}

static inline struct vgic_cpu *vcpu_vgic(struct kvm_vcpu *vcpu)
{
	return &to_arm64_vcpu(vcpu)->vgic_cpu;
}

static inline bool irqchip_in_kernel(struct kvm *kvm)
{
	return __atomic_load_n(&kvm_vgic(kvm)->in_kernel, __ATOMIC_ACQUIRE);
}

static inline bool vgic_initialized(struct kvm *kvm)
{
	return __atomic_load_n(&kvm_vgic(kvm)->initialized, __ATOMIC_ACQUIRE);
}

static inline bool vgic_ready(struct kvm *kvm)
{
	return __atomic_load_n(&kvm_vgic(kvm)->ready, __ATOMIC_ACQUIRE);
}

static inline bool vgic_valid_spi(struct kvm *kvm, int irq)
{
	return irq >= VGIC_NR_PRIVATE_IRQS &&
	       irq < (int)kvm_vgic(kvm)->nr_spis + VGIC_NR_PRIVATE_IRQS;
}

/* vgic-kvm-device.c */
int vgic_check_iorange(struct kvm *kvm, uint64_t ioaddr, uint64_t addr, uint64_t alignment,
		       uint64_t size);

/* vgic-init.c */
int vgic_init(struct kvm *kvm);
struct vgic_irq *vgic_get_irq(struct kvm *kvm, struct kvm_vcpu *vcpu, uint32_t intid);
uint64_t kvm_vcpu_get_mpidr_aff(struct kvm_vcpu *vcpu);
bool irq_is_pending(const struct vgic_irq *irq);

/* vgic.c: what the CPU interfaces are offered. */
void vgic_kick_vcpus(struct kvm *kvm);
struct vgic_irq *vgic_hppi(struct kvm_vcpu *vcpu);
/* Five bits of priority, as KVM's virtual CPU interface has here. */
#define VGIC_V3_PRI_MASK	0xf8
#define VGIC_V3_BPR0_MIN	2
uint8_t vgic_v3_bpr0(const struct vgic_v3_cpu_if *c);
uint8_t vgic_v3_bpr1(const struct vgic_v3_cpu_if *c);
uint8_t vgic_v3_group_prio(const struct vgic_v3_cpu_if *c, uint8_t prio, bool group);
uint8_t vgic_v3_rpr(const struct vgic_v3_cpu_if *c);
bool vgic_v3_can_signal(const struct vgic_v3_cpu_if *c, const struct vgic_irq *irq);
void vgic_v3_dispatch_sgi(struct kvm_vcpu *vcpu, uint64_t reg, bool group);

int kvm_vgic_setup_default_irq_routing(struct kvm *kvm);

/* vgic-sys-reg-v3.c: the CPU interface. */
void vgic_v3_cpuif_reset(struct vgic_v3_cpu_if *c);
bool vgic_v3_has_cpu_sysregs_attr(uint64_t attr);
int vgic_v3_cpu_sysregs_uaccess(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr,
				bool is_write);

/* vgic-v3.c: redistributor regions and the checks of their placement. */
uint64_t vgic_v3_rd_region_size(struct kvm *kvm, const struct vgic_redist_region *rdreg);
bool vgic_v3_rdist_overlap(struct kvm *kvm, uint64_t base, uint64_t size);
bool vgic_v3_check_base(struct kvm *kvm);
struct vgic_redist_region *vgic_v3_rdist_region_from_index(struct kvm *kvm, uint32_t index);
int vgic_v3_set_redist_base(struct kvm *kvm, uint32_t index, uint64_t addr, uint32_t count);
void vgic_v3_free_redist_regions(struct kvm *kvm);
int vgic_v3_map_resources(struct kvm *kvm);

/* vgic-mmio.c: the frames on the MMIO bus. */
int vgic_register_redist_iodev(struct kvm_vcpu *vcpu);
void vgic_unregister_redist_iodev(struct kvm_vcpu *vcpu);
int vgic_register_dist_iodev(struct kvm *kvm);

#endif /* KVMSIM_SIM_ARCH_ARM64_KVM_VGIC_VGIC_H */
