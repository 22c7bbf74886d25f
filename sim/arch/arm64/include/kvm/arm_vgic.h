/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * arm_vgic.h - the in-kernel interrupt controller's state (the kernel's
 * include/kvm/arm_vgic.h): the distributor, one per VM, inside struct
 * kvm_arm64, and each vCPU's CPU interface and private interrupts inside
 * struct kvm_vcpu_arm64.  sim/arch/arm64/kvm/vgic/ works on them.
 */
#ifndef KVMSIM_SIM_ARCH_ARM64_INCLUDE_KVM_ARM_VGIC_H
#define KVMSIM_SIM_ARCH_ARM64_INCLUDE_KVM_ARM_VGIC_H

#include <stdbool.h>
#include <stdint.h>

#include "iodev.h"

#define VGIC_V3_MAX_CPUS	512
#define VGIC_V2_MAX_CPUS	8
#define VGIC_NR_SGIS		16
#define VGIC_NR_PPIS		16
#define VGIC_NR_PRIVATE_IRQS	(VGIC_NR_SGIS + VGIC_NR_PPIS)
/* NR_IRQS's default: 256 interrupts, 224 of them SPIs. */
#define VGIC_NR_IRQS_LEGACY	256
#define VGIC_MAX_SPI		1019
#define VGIC_MAX_RESERVED	1023

#define VGIC_ADDR_UNDEF		(~0ULL)
#define IS_VGIC_ADDR_UNDEF(x)	((x) == VGIC_ADDR_UNDEF)

/* Frame sizes (uapi asm/kvm.h holds the v3 ones as well on arm64 builds). */
#define VGIC_V3_DIST_SIZE	0x10000ULL
#define VGIC_V3_REDIST_SIZE	0x20000ULL	/* RD_base and SGI_base frames */
#define VGIC_V2_DIST_SIZE	0x1000ULL
#define VGIC_V2_CPU_SIZE	0x2000ULL

static inline bool irq_is_ppi(int irq)
{
	return irq >= VGIC_NR_SGIS && irq < VGIC_NR_PRIVATE_IRQS;
}

static inline bool irq_is_spi(int irq)
{
	return irq >= VGIC_NR_PRIVATE_IRQS && irq <= VGIC_MAX_SPI;
}

enum vgic_irq_config {
	VGIC_CONFIG_EDGE,
	VGIC_CONFIG_LEVEL,
};

/**
 * struct vgic_irq - one interrupt's state, as the GIC keeps it.
 * @target_vcpu_id: (v3) the vCPU whose affinity @mpidr names, -1 if none.
 * @owner: the in-kernel device that drives it (timer, PMU), or NULL.
 */
struct vgic_irq {
	uint32_t intid;
	bool line_level;
	bool pending_latch;
	bool active;
	bool enabled;
	bool group;
	uint8_t priority;
	enum vgic_irq_config config;
	uint8_t targets;		/* v2 */
	uint64_t mpidr;			/* v3 */
	const void *owner;
};

/* A redistributor region (KVM_VGIC_V3_ADDR_TYPE_REDIST[_REGION]). */
struct vgic_redist_region {
	uint32_t index;
	uint64_t base;
	uint32_t count;		/* 0: the legacy region, sized by the vCPU count */
	uint32_t free_index;	/* redistributors handed out */
	struct vgic_redist_region *next;
};

struct kvm_vcpu;

/* A GIC frame on the MMIO bus: the distributor, or a vCPU's redistributor. */
enum iodev_type {
	IODEV_DIST,
	IODEV_REDIST,
};

struct vgic_io_device {
	struct kvm_io_device dev;
	uint64_t base_addr;
	enum iodev_type iodev_type;
	struct kvm_vcpu *redist_vcpu;
};

/**
 * struct vgic_dist - the VM's distributor.
 * @in_kernel: a vGIC was created (irqchip_in_kernel()).
 * @initialized: KVM_DEV_ARM_VGIC_CTRL_INIT (or v2's lazy init) done.
 * @ready: the first KVM_RUN mapped its frames (vgic_ready()).
 * @vgic_model: KVM_DEV_TYPE_ARM_VGIC_V2 or _V3.
 * @nr_spis: SPIs, set by NR_IRQS or frozen at 224 by init; 0 before.
 * @rd_regions: redistributor regions by index.
 * @spis: @nr_spis interrupts from intid 32, once initialized.
 */
struct vgic_dist {
	bool in_kernel;
	bool initialized;
	bool ready;
	uint32_t vgic_model;
	uint64_t vgic_dist_base;
	uint64_t vgic_cpu_base;		/* v2 */
	struct vgic_redist_region *rd_regions;
	unsigned int nr_spis;
	struct vgic_irq *spis;
	bool enabled;			/* GICD_CTLR.EnableGrp1 */
	uint64_t propbaser;		/* GICR_PROPBASER, every redistributor's */
	uint32_t implementation_rev;	/* GICD_IIDR.Revision: 2 or 3 once initialised */
	struct vgic_io_device dist_iodev;
};

/**
 * struct vgic_v3_cpu_if - the GIC CPU interface (KVM's ICH_VMCR_EL2 fields
 * and ICH_AP{0,1}R<n>_EL2), as userspace last wrote them or the guest
 * left them.
 * @pmr, @bpr0, @bpr1: as stored; the guest sees the binary points no
 *	lower than the hardware's minimum, which a run writes back.
 * @ap0r, @ap1r: active priorities, one bit per preemption level (5 bits
 *	of priority: 32 levels in register 0, bit n for priority n << 3).
 * @num_pri_bits, @num_id_bits: what ICC_CTLR_EL1 says (the host's, until
 *	userspace restores a smaller value).
 */
struct vgic_v3_cpu_if {
	uint8_t pmr;
	uint8_t bpr0;
	uint8_t bpr1;
	bool eoimode;
	bool cbpr;
	bool grpen0;
	bool grpen1;
	uint32_t ap0r[4];
	uint32_t ap1r[4];
	uint8_t num_pri_bits;
	uint8_t num_id_bits;
};

/**
 * struct vgic_cpu - a vCPU's side of the GIC.
 * @private_irqs: its SGIs and PPIs, allocated with the vGIC or the vCPU.
 * @rd_iodev: its redistributor frames (base VGIC_ADDR_UNDEF until placed).
 * @rdreg, @rdreg_index: the region it sits in, and its place there.
 */
struct vgic_cpu {
	struct vgic_irq *private_irqs;
	struct vgic_io_device rd_iodev;
	struct vgic_redist_region *rdreg;
	uint32_t rdreg_index;
	uint64_t pendbaser;		/* GICR_PENDBASER */
	struct vgic_v3_cpu_if cpuif;
};

#endif /* KVMSIM_SIM_ARCH_ARM64_INCLUDE_KVM_ARM_VGIC_H */
