/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vgic-mmio.h - register tables of the GIC frames (the kernel's
 * vgic-mmio.h) and the GICv3 register offsets (the architecture's).
 */
#ifndef KVMSIM_SIM_ARCH_ARM64_KVM_VGIC_VGIC_MMIO_H
#define KVMSIM_SIM_ARCH_ARM64_KVM_VGIC_VGIC_MMIO_H

#include <stdbool.h>
#include <stdint.h>

struct kvm_vcpu;

#define VGIC_ACCESS_8bit	1
#define VGIC_ACCESS_32bit	2
#define VGIC_ACCESS_64bit	4

/**
 * struct vgic_register_region - a register, or a block of per-interrupt
 * registers (@bits_per_irq bits each), at @reg_offset for @len bytes.
 * @uaccess_read, @uaccess_write: userspace's accessors where they differ
 *	from the guest's (NULL: the guest's); a write may refuse a value.
 */
struct vgic_register_region {
	unsigned int reg_offset;
	unsigned int len;
	unsigned int bits_per_irq;
	unsigned int access_flags;
	uint64_t (*read)(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len);
	void (*write)(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, uint64_t val);
	uint64_t (*uaccess_read)(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len);
	int (*uaccess_write)(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, uint64_t val);
};

/* Distributor. */
#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IIDR		0x0008
#define GICD_TYPER2		0x000c
#define GICD_STATUSR		0x0010
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ISACTIVER		0x0300
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_ITARGETSR		0x0800
#define GICD_ICFGR		0x0c00
#define GICD_IGRPMODR		0x0d00
#define GICD_IROUTER		0x6000
#define GICD_IDREGS		0xffd0
#define GICD_PIDR2		0xffe8

/* Redistributor: RD_base frame, then the SGI_base frame 64 KiB on. */
#define GICR_CTLR		0x0000
#define GICR_IIDR		0x0004
#define GICR_TYPER		0x0008
#define GICR_STATUSR		0x0010
#define GICR_WAKER		0x0014
#define GICR_PROPBASER		0x0070
#define GICR_PENDBASER		0x0078
#define GICR_INVLPIR		0x00a0
#define GICR_INVALLR		0x00b0
#define GICR_SYNCR		0x00c0
#define GICR_IDREGS		0xffd0
#define GICR_IGROUPR0		0x0080
#define GICR_ISENABLER0		0x0100
#define GICR_ICENABLER0		0x0180
#define GICR_ISPENDR0		0x0200
#define GICR_ICPENDR0		0x0280
#define GICR_ISACTIVER0		0x0300
#define GICR_ICACTIVER0		0x0380
#define GICR_IPRIORITYR0	0x0400
#define GICR_ICFGR0		0x0c00
#define GICR_IGRPMODR0		0x0d00
#define GICR_NSACR		0x0e00

/* Whether a 32-bit access at @offset of the frame reaches a register. */
bool vgic_v3_has_mmio_reg(struct kvm *kvm, bool redist, uint64_t offset);
/* DIST_REGS / REDIST_REGS: 0, or a write's refusal (EINVAL). */
int vgic_v3_uaccess(struct kvm_vcpu *vcpu, bool redist, bool is_write, uint64_t offset,
		    uint32_t *val);

#endif /* KVMSIM_SIM_ARCH_ARM64_KVM_VGIC_VGIC_MMIO_H */
