// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vgic-mmio.c - a GICv3's distributor and redistributor frames, as the
 * guest reaches them on the MMIO bus (no exit to the VMM) and as userspace
 * reaches them through KVM_DEV_ARM_VGIC_GRP_DIST_REGS / _REDIST_REGS: one
 * table of registers per frame, each with its guest accessors and, where
 * the kernel's differ, its userspace ones (the kernel's vgic-mmio.c and
 * vgic-mmio-v3.c).
 *
 * Offsets the tables do not hold, accesses of a width a register does not
 * take and interrupts past the VM's last read as zero and ignore writes,
 * from the guest and from userspace alike.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "kvm_arm.h"
#include "vgic.h"
#include "vgic-mmio.h"

#define PRODUCT_ID_KVM		0x4b
#define IMPLEMENTER_ARM		0x43b
#define KVM_VGIC_IMP_REV_2	2
#define KVM_VGIC_IMP_REV_3	3
#define INTERRUPT_ID_BITS_SPIS	10

#define GICD_CTLR_ENABLE_SS_G1	(1U << 1)
#define GICD_CTLR_ARE_NS	(1U << 4)
#define GICD_CTLR_DS		(1U << 6)
#define GICD_IIDR_REVISION_MASK	(0xfU << 12)
#define GICR_CTLR_CES		(1U << 1)
#define GICR_CTLR_IR		(1U << 2)
#define GICR_TYPER_LAST		(1ULL << 4)
#define VGIC_PRI_MASK		0xf8	/* 5 bits of priority */

/* The interrupt a register byte belongs to, @bits per interrupt. */
static uint32_t addr_to_intid(uint64_t addr, unsigned int bits)
{
	return (uint32_t)((addr & (bits * 1024 / 8 - 1)) * 8 / bits);
}

static uint64_t extract_bytes(uint64_t data, unsigned int offset, unsigned int len)
{
	data >>= offset * 8;
	return len >= 8 ? data : data & ((1ULL << (len * 8)) - 1);
}

static uint64_t read_raz(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	return 0;
}

static uint64_t read_rao(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	return len >= 8 ? ~0ULL : (1ULL << (len * 8)) - 1;
}

static void write_wi(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, uint64_t val)
{
}

static int uaccess_write_wi(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len,
			    uint64_t val)
{
	return 0;
}

/* ---- per-interrupt bits ------------------------------------------------ */

/* Calls @fn for each interrupt a @bits-per-interrupt register access covers. */
#define for_each_irq(vcpu, addr, len, bits, i, irq)					\
	for (uint32_t i = 0, _intid = addr_to_intid(addr, bits); i < (len) * 8 / (bits); i++) \
		for (struct vgic_irq *irq = vgic_get_irq((vcpu)->kvm, vcpu, _intid + i);	\
		     irq; irq = NULL)

/*
 * The registers of one bit per interrupt each show one flag of struct
 * vgic_irq: read it, set it where a bit is 1 (the "set" registers), clear
 * it there (the "clear" ones), or copy every bit (group, and userspace's
 * restore of the pending latch).
 */
#define IRQ_FLAG(irq, off)	(*(bool *)((char *)(irq) + (off)))

static uint64_t read_flag(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, size_t off)
{
	uint64_t v = 0;

	for_each_irq(vcpu, addr, len, 1, i, irq)
		v |= (uint64_t)IRQ_FLAG(irq, off) << i;
	return v;
}

static void write_flag(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, uint64_t val,
		       size_t off, int to)
{
	for_each_irq(vcpu, addr, len, 1, i, irq) {
		bool bit = (val >> i) & 1;

		if (to < 0)
			IRQ_FLAG(irq, off) = bit;
		else if (bit)
			IRQ_FLAG(irq, off) = to;
	}
}

#define COPY	(-1)

#define FLAG_ACCESSORS(name, field)				\
static uint64_t read_##name(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)	\
{											\
	return read_flag(vcpu, addr, len, offsetof(struct vgic_irq, field));		\
}											\
static void write_s##name(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len,	\
			  uint64_t val)							\
{											\
	write_flag(vcpu, addr, len, val, offsetof(struct vgic_irq, field), true);	\
}											\
static void write_c##name(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len,	\
			  uint64_t val)							\
{											\
	write_flag(vcpu, addr, len, val, offsetof(struct vgic_irq, field), false);	\
}											\
static int uaccess_write_s##name(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, \
				 uint64_t val)						\
{											\
	write_s##name(vcpu, addr, len, val);						\
	return 0;									\
}											\
static int uaccess_write_c##name(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, \
				 uint64_t val)						\
{											\
	write_c##name(vcpu, addr, len, val);						\
	return 0;									\
}

FLAG_ACCESSORS(enable, enabled)
FLAG_ACCESSORS(active, active)

static uint64_t read_group(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	return read_flag(vcpu, addr, len, offsetof(struct vgic_irq, group));
}

static void write_group(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, uint64_t val)
{
	write_flag(vcpu, addr, len, val, offsetof(struct vgic_irq, group), COPY);
}

bool irq_is_pending(const struct vgic_irq *irq)
{
	if (irq->config == VGIC_CONFIG_EDGE)
		return irq->pending_latch;
	return irq->pending_latch || irq->line_level;
}

static uint64_t read_pending(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	uint64_t v = 0;

	for_each_irq(vcpu, addr, len, 1, i, irq)
		v |= (uint64_t)irq_is_pending(irq) << i;
	return v;
}

/* Userspace sees (and restores) a GICv3's latch only, whatever the type. */
static uint64_t uaccess_read_pending(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	return read_flag(vcpu, addr, len, offsetof(struct vgic_irq, pending_latch));
}

static void write_spending(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, uint64_t val)
{
	write_flag(vcpu, addr, len, val, offsetof(struct vgic_irq, pending_latch), true);
}

/* A level interrupt's latch goes; its line may keep it pending. */
static void write_cpending(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, uint64_t val)
{
	write_flag(vcpu, addr, len, val, offsetof(struct vgic_irq, pending_latch), false);
}

static int uaccess_write_pending(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len,
				 uint64_t val)
{
	write_flag(vcpu, addr, len, val, offsetof(struct vgic_irq, pending_latch), COPY);
	return 0;
}

static uint64_t read_priority(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	uint64_t v = 0;

	for_each_irq(vcpu, addr, len, 8, i, irq)
		v |= (uint64_t)irq->priority << (i * 8);
	return v;
}

static void write_priority(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, uint64_t val)
{
	for_each_irq(vcpu, addr, len, 8, i, irq)
		irq->priority = (uint8_t)(val >> (i * 8)) & VGIC_PRI_MASK;
}

/* ICFGR: 0b10 for edge; SGIs and PPIs keep theirs. */
static uint64_t read_config(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	uint64_t v = 0;

	for_each_irq(vcpu, addr, len, 2, i, irq)
		if (irq->config == VGIC_CONFIG_EDGE)
			v |= 2ULL << (i * 2);
	return v;
}

static void write_config(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, uint64_t val)
{
	for_each_irq(vcpu, addr, len, 2, i, irq)
		if (irq->intid >= VGIC_NR_PRIVATE_IRQS)
			irq->config = (val >> (i * 2 + 1)) & 1 ? VGIC_CONFIG_EDGE :
								 VGIC_CONFIG_LEVEL;
}

/* IROUTER: the low word holds Aff2..Aff0 (Aff3 and the mode read as 0). */
static uint64_t read_irouter(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	struct vgic_irq *irq = vgic_get_irq(vcpu->kvm, NULL, addr_to_intid(addr, 64));

	if (!irq || (addr & 4))
		return 0;
	return extract_bytes(irq->mpidr, addr & 7, len);
}

static void write_irouter(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, uint64_t val)
{
	struct vgic_irq *irq = vgic_get_irq(vcpu->kvm, NULL, addr_to_intid(addr, 64));

	if (!irq || (addr & 4))
		return;
	irq->mpidr = val & 0xffffff;
}

/* ---- the distributor's own registers ----------------------------------- */

static uint64_t read_v3_misc(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	struct vgic_dist *dist = kvm_vgic(vcpu->kvm);

	switch (addr & 0x0c) {
	case GICD_CTLR:
		return (dist->enabled ? GICD_CTLR_ENABLE_SS_G1 : 0) | GICD_CTLR_ARE_NS |
		       GICD_CTLR_DS;
	case GICD_TYPER:
		return (((dist->nr_spis + VGIC_NR_PRIVATE_IRQS) >> 5) - 1) |
		       (INTERRUPT_ID_BITS_SPIS - 1) << 19;
	case GICD_IIDR:
		return PRODUCT_ID_KVM << 24 | dist->implementation_rev << 12 | IMPLEMENTER_ARM;
	default:	/* GICD_TYPER2: no vSGIs */
		return 0;
	}
}

static void write_v3_misc(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, uint64_t val)
{
	struct vgic_dist *dist = kvm_vgic(vcpu->kvm);

	if ((addr & 0x0c) == GICD_CTLR)
		dist->enabled = val & GICD_CTLR_ENABLE_SS_G1;
}

/*
 * Userspace may choose the implementation revision (2 or 3) and nothing
 * else of IIDR, and must give TYPER2 as it reads.
 */
static int uaccess_write_v3_misc(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len,
				 uint64_t val)
{
	struct vgic_dist *dist = kvm_vgic(vcpu->kvm);
	uint64_t reg = read_v3_misc(vcpu, addr, len);

	switch (addr & 0x0c) {
	case GICD_TYPER2:
		return val != reg ? -EINVAL : 0;
	case GICD_IIDR:
		if ((reg ^ val) & ~(uint64_t)GICD_IIDR_REVISION_MASK)
			return -EINVAL;
		reg = (val & GICD_IIDR_REVISION_MASK) >> 12;
		if (reg != KVM_VGIC_IMP_REV_2 && reg != KVM_VGIC_IMP_REV_3)
			return -EINVAL;
		dist->implementation_rev = (uint32_t)reg;
		return 0;
	case GICD_CTLR:
		dist->enabled = val & GICD_CTLR_ENABLE_SS_G1;
		return 0;
	}
	return 0;
}

static uint64_t read_v3_idregs(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	return (addr & 0xffff) == GICD_PIDR2 ? 0x3b : 0;
}

/* ---- the redistributor's own registers --------------------------------- */

static uint64_t read_v3r_ctlr(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	if (kvm_vgic(vcpu->kvm)->implementation_rev >= KVM_VGIC_IMP_REV_3)
		return GICR_CTLR_IR | GICR_CTLR_CES;
	return 0;
}

static uint64_t read_v3r_iidr(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	return PRODUCT_ID_KVM << 24 | IMPLEMENTER_ARM;
}

/*
 * GICR_TYPER.Last: the vCPU's redistributor is the last one placed in its
 * region, and no region that follows it directly has one.
 */
static bool rdist_is_last(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = vcpu_vgic(vcpu);
	struct vgic_redist_region *rdreg = vgic_cpu->rdreg;

	if (!rdreg)
		return false;
	if (vgic_cpu->rdreg_index + 1 < rdreg->free_index)
		return false;
	if (rdreg->count && vgic_cpu->rdreg_index == rdreg->count - 1) {
		uint64_t end = rdreg->base + rdreg->count * VGIC_V3_REDIST_SIZE;

		for (struct vgic_redist_region *r = kvm_vgic(vcpu->kvm)->rd_regions; r; r = r->next)
			if (r->base == end && r->free_index > 0)
				return false;
	}
	return true;
}

static uint64_t read_v3r_typer(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	uint64_t value = (kvm_vcpu_get_mpidr_aff(vcpu) & 0xffffff) << 32;

	value |= (uint64_t)(vcpu->vcpu_id & 0xffff) << 8;
	if (rdist_is_last(vcpu))
		value |= GICR_TYPER_LAST;
	return extract_bytes(value, addr & 7, len);
}

/*
 * GICR_PROPBASER (the VM's) and GICR_PENDBASER (the vCPU's): written as
 * the guest likes, with the attributes KVM does not allow made safe (outer
 * shareable -> inner, inner non-cacheable -> RaWb, outer -> same as inner
 * unless non-cacheable) and the RES0 bits cleared.  Without an ITS the
 * LPIs are never enabled, so the writes always land.
 */
#define BASER_SH_SHIFT		10
#define BASER_INNER_SHIFT	7
#define BASER_OUTER_SHIFT	56
#define PROPBASER_RES0_MASK	(0xf800000000000000ULL | 0x00f0000000000000ULL | 0x60ULL)
#define PENDBASER_RES0_MASK	(0x8000000000000000ULL | 0x3800000000000000ULL | \
				 0x00f0000000000000ULL | 0xf000ULL | 0x7fULL)
#define GICR_PENDBASER_PTZ	(1ULL << 62)

static uint64_t sanitise_baser(uint64_t reg, uint64_t res0)
{
	uint64_t sh = (reg >> BASER_SH_SHIFT) & 3, in = (reg >> BASER_INNER_SHIFT) & 7;
	uint64_t out = (reg >> BASER_OUTER_SHIFT) & 7;

	if (sh == 2)
		sh = 1;
	if (in == 0 || in == 1)
		in = 3;
	if (out != 0 && out != 1)
		out = 0;
	reg &= ~(3ULL << BASER_SH_SHIFT | 7ULL << BASER_INNER_SHIFT | 7ULL << BASER_OUTER_SHIFT);
	reg |= sh << BASER_SH_SHIFT | in << BASER_INNER_SHIFT | out << BASER_OUTER_SHIFT;
	return reg & ~res0;
}

/* A 32- or 64-bit write into one half or all of a 64-bit register. */
static uint64_t update_64bit_reg(uint64_t reg, unsigned int offset, unsigned int len,
				 uint64_t val)
{
	if (len == 8)
		return val;
	val &= 0xffffffffULL;
	if (offset & 4)
		return (reg & 0xffffffffULL) | val << 32;
	return (reg & ~0xffffffffULL) | val;
}

static uint64_t read_propbase(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	return extract_bytes(kvm_vgic(vcpu->kvm)->propbaser, addr & 7, len);
}

static void write_propbase(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, uint64_t val)
{
	struct vgic_dist *dist = kvm_vgic(vcpu->kvm);

	dist->propbaser = sanitise_baser(update_64bit_reg(dist->propbaser, addr & 4, len, val),
					 PROPBASER_RES0_MASK);
}

static uint64_t read_pendbase(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len)
{
	return extract_bytes(vcpu_vgic(vcpu)->pendbaser & ~GICR_PENDBASER_PTZ, addr & 7, len);
}

static void write_pendbase(struct kvm_vcpu *vcpu, uint64_t addr, unsigned int len, uint64_t val)
{
	struct vgic_cpu *c = vcpu_vgic(vcpu);

	c->pendbaser = sanitise_baser(update_64bit_reg(c->pendbaser, addr & 4, len, val),
				      PENDBASER_RES0_MASK);
}

/* ---- the tables -------------------------------------------------------- */

#define REG(off, length, acc, rd, wr, urd, uwr)					\
	{ .reg_offset = (off), .len = (length), .access_flags = (acc), .read = (rd),	\
	  .write = (wr), .uaccess_read = (urd), .uaccess_write = (uwr) }
/*
 * A distributor register with @bpi bits per interrupt: the private
 * interrupts' part reads as zero (ARE is set), the rest is the register.
 */
#define REG_SHARED(off, bpi, acc, rd, wr, urd, uwr)					\
	{ .reg_offset = (off), .bits_per_irq = (bpi), .len = (bpi) * VGIC_NR_PRIVATE_IRQS / 8, \
	  .access_flags = (acc), .read = read_raz, .write = write_wi },			\
	{ .reg_offset = (off) + (bpi) * VGIC_NR_PRIVATE_IRQS / 8, .bits_per_irq = (bpi),	\
	  .len = (bpi) * (1024 - VGIC_NR_PRIVATE_IRQS) / 8, .access_flags = (acc),	\
	  .read = (rd), .write = (wr), .uaccess_read = (urd), .uaccess_write = (uwr) }

#define A32	VGIC_ACCESS_32bit
#define A8_32	(VGIC_ACCESS_8bit | VGIC_ACCESS_32bit)
#define A32_64	(VGIC_ACCESS_32bit | VGIC_ACCESS_64bit)

static const struct vgic_register_region vgic_v3_dist_registers[] = {
	REG(GICD_CTLR, 16, A32, read_v3_misc, write_v3_misc, NULL, uaccess_write_v3_misc),
	REG(GICD_STATUSR, 4, A32, read_rao, write_wi, NULL, NULL),
	REG_SHARED(GICD_IGROUPR, 1, A32, read_group, write_group, NULL, NULL),
	REG_SHARED(GICD_ISENABLER, 1, A32, read_enable, write_senable, NULL,
		   uaccess_write_senable),
	REG_SHARED(GICD_ICENABLER, 1, A32, read_enable, write_cenable, NULL,
		   uaccess_write_cenable),
	REG_SHARED(GICD_ISPENDR, 1, A32, read_pending, write_spending, uaccess_read_pending,
		   uaccess_write_pending),
	REG_SHARED(GICD_ICPENDR, 1, A32, read_pending, write_cpending, read_raz, uaccess_write_wi),
	REG_SHARED(GICD_ISACTIVER, 1, A32, read_active, write_sactive, NULL,
		   uaccess_write_sactive),
	REG_SHARED(GICD_ICACTIVER, 1, A32, read_active, write_cactive, NULL,
		   uaccess_write_cactive),
	REG_SHARED(GICD_IPRIORITYR, 8, A8_32, read_priority, write_priority, NULL, NULL),
	REG_SHARED(GICD_ITARGETSR, 8, A8_32, read_raz, write_wi, NULL, NULL),
	REG_SHARED(GICD_ICFGR, 2, A32, read_config, write_config, NULL, NULL),
	REG_SHARED(GICD_IGRPMODR, 1, A32, read_raz, write_wi, NULL, NULL),
	REG_SHARED(GICD_IROUTER, 64, A32_64, read_irouter, write_irouter, NULL, NULL),
	REG(GICD_IDREGS, 48, A32, read_v3_idregs, write_wi, NULL, NULL),
};

#define SGI_BASE	0x10000

static const struct vgic_register_region vgic_v3_rd_registers[] = {
	REG(GICR_CTLR, 4, A32, read_v3r_ctlr, write_wi, NULL, NULL),
	REG(GICR_STATUSR, 4, A32, read_raz, write_wi, NULL, NULL),
	REG(GICR_IIDR, 4, A32, read_v3r_iidr, write_wi, NULL, NULL),
	REG(GICR_TYPER, 8, A32_64, read_v3r_typer, write_wi, NULL, uaccess_write_wi),
	REG(GICR_WAKER, 4, A32, read_raz, write_wi, NULL, NULL),
	REG(GICR_PROPBASER, 8, A32_64, read_propbase, write_propbase, NULL, NULL),
	REG(GICR_PENDBASER, 8, A32_64, read_pendbase, write_pendbase, NULL, NULL),
	REG(GICR_INVLPIR, 8, A32_64, read_raz, write_wi, NULL, NULL),
	REG(GICR_INVALLR, 8, A32_64, read_raz, write_wi, NULL, NULL),
	REG(GICR_SYNCR, 4, A32, read_raz, write_wi, NULL, NULL),
	REG(GICR_IDREGS, 48, A32, read_v3_idregs, write_wi, NULL, NULL),
	REG(SGI_BASE + GICR_IGROUPR0, 4, A32, read_group, write_group, NULL, NULL),
	REG(SGI_BASE + GICR_ISENABLER0, 4, A32, read_enable, write_senable, NULL,
	    uaccess_write_senable),
	REG(SGI_BASE + GICR_ICENABLER0, 4, A32, read_enable, write_cenable, NULL,
	    uaccess_write_cenable),
	REG(SGI_BASE + GICR_ISPENDR0, 4, A32, read_pending, write_spending, uaccess_read_pending,
	    uaccess_write_pending),
	REG(SGI_BASE + GICR_ICPENDR0, 4, A32, read_pending, write_cpending, read_raz,
	    uaccess_write_wi),
	REG(SGI_BASE + GICR_ISACTIVER0, 4, A32, read_active, write_sactive, NULL,
	    uaccess_write_sactive),
	REG(SGI_BASE + GICR_ICACTIVER0, 4, A32, read_active, write_cactive, NULL,
	    uaccess_write_cactive),
	REG(SGI_BASE + GICR_IPRIORITYR0, 32, A8_32, read_priority, write_priority, NULL, NULL),
	REG(SGI_BASE + GICR_ICFGR0, 8, A32, read_config, write_config, NULL, NULL),
	REG(SGI_BASE + GICR_IGRPMODR0, 4, A32, read_raz, write_wi, NULL, NULL),
	REG(SGI_BASE + GICR_NSACR, 4, A32, read_raz, write_wi, NULL, NULL),
};

static const struct vgic_register_region *find_region(const struct vgic_register_region *t,
						       size_t n, uint64_t offset)
{
	for (size_t i = 0; i < n; i++)
		if (offset >= t[i].reg_offset && offset < t[i].reg_offset + t[i].len)
			return &t[i];
	return NULL;
}

/*
 * The register an access of @len bytes at @offset reaches, or NULL: a width
 * it takes, aligned, and (per-interrupt registers) an interrupt the VM has.
 */
static const struct vgic_register_region *get_region(struct kvm *kvm, bool redist,
						      uint64_t offset, unsigned int len)
{
	const struct vgic_register_region *r =
		redist ? find_region(vgic_v3_rd_registers, ARRAY_SIZE(vgic_v3_rd_registers), offset)
		       : find_region(vgic_v3_dist_registers, ARRAY_SIZE(vgic_v3_dist_registers),
				     offset);
	unsigned int flag;

	if (!r)
		return NULL;
	switch (len) {
	case 1:
		flag = VGIC_ACCESS_8bit;
		break;
	case 4:
		flag = VGIC_ACCESS_32bit;
		break;
	case 8:
		flag = VGIC_ACCESS_64bit;
		break;
	default:
		return NULL;
	}
	if (!(r->access_flags & flag) || (offset & (len - 1)))
		return NULL;
	if (r->bits_per_irq &&
	    addr_to_intid(offset, r->bits_per_irq) >= kvm_vgic(kvm)->nr_spis + VGIC_NR_PRIVATE_IRQS)
		return NULL;
	return r;
}

bool vgic_v3_has_mmio_reg(struct kvm *kvm, bool redist, uint64_t offset)
{
	return get_region(kvm, redist, offset, 4) != NULL;
}

/* A 32-bit access from userspace; arch_lock and every vCPU's mutex held. */
int vgic_v3_uaccess(struct kvm_vcpu *vcpu, bool redist, bool is_write, uint64_t offset,
		    uint32_t *val)
{
	const struct vgic_register_region *r = get_region(vcpu->kvm, redist, offset, 4);

	if (!r) {
		if (!is_write)
			*val = 0;
		return 0;
	}
	if (is_write) {
		if (r->uaccess_write)
			return r->uaccess_write(vcpu, offset, 4, *val);
		r->write(vcpu, offset, 4, *val);
		return 0;
	}
	*val = (uint32_t)(r->uaccess_read ? r->uaccess_read(vcpu, offset, 4) :
					    r->read(vcpu, offset, 4));
	return 0;
}

/* ---- on the MMIO bus ----------------------------------------------------- */

static struct vgic_io_device *to_vgic_iodev(struct kvm_io_device *dev)
{
	return container_of(dev, struct vgic_io_device, dev);
}

static int dispatch_mmio_read(struct kvm_vcpu *vcpu, struct kvm_io_device *dev, uint64_t addr,
			      int len, void *val)
{
	struct vgic_io_device *iodev = to_vgic_iodev(dev);
	bool redist = iodev->iodev_type == IODEV_REDIST;
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	const struct vgic_register_region *r;
	uint64_t data = 0;

	pthread_mutex_lock(&arm->vgic_lock);
	r = get_region(vcpu->kvm, redist, addr - iodev->base_addr, (unsigned int)len);
	if (r)
		data = r->read(redist ? iodev->redist_vcpu : vcpu, addr - iodev->base_addr,
			       (unsigned int)len);
	pthread_mutex_unlock(&arm->vgic_lock);
	memcpy(val, &data, (size_t)len);
	return 0;
}

static int dispatch_mmio_write(struct kvm_vcpu *vcpu, struct kvm_io_device *dev, uint64_t addr,
			       int len, const void *val)
{
	struct vgic_io_device *iodev = to_vgic_iodev(dev);
	bool redist = iodev->iodev_type == IODEV_REDIST;
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	const struct vgic_register_region *r;
	uint64_t data = 0;

	memcpy(&data, val, (size_t)len);
	pthread_mutex_lock(&arm->vgic_lock);
	r = get_region(vcpu->kvm, redist, addr - iodev->base_addr, (unsigned int)len);
	if (r)
		r->write(redist ? iodev->redist_vcpu : vcpu, addr - iodev->base_addr,
			 (unsigned int)len, data);
	pthread_mutex_unlock(&arm->vgic_lock);
	/* Whatever changed (an enable, a pending bit, a route) may let an interrupt through. */
	if (r)
		vgic_kick_vcpus(vcpu->kvm);
	return 0;
}

static const struct kvm_io_device_ops kvm_io_gic_ops = {
	.read = dispatch_mmio_read,
	.write = dispatch_mmio_write,
};

/*
 * vgic_register_redist_iodev(), slots_lock held: the vCPU's redistributor
 * goes in the first region with room, if any (else later, when a region
 * is set); the frames placed so far must pass vgic_v3_check_base().
 */
int vgic_register_redist_iodev(struct kvm_vcpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	struct vgic_cpu *vgic_cpu = vcpu_vgic(vcpu);
	struct vgic_io_device *rd = &vgic_cpu->rd_iodev;
	struct vgic_redist_region *rdreg;
	uint64_t rd_base;
	int r;

	pthread_mutex_lock(&arm->arch_lock);
	if (!IS_VGIC_ADDR_UNDEF(rd->base_addr))
		goto out_unlock;
	for (rdreg = kvm_vgic(kvm)->rd_regions; rdreg; rdreg = rdreg->next)
		if (!rdreg->count || rdreg->free_index < rdreg->count)
			break;
	if (!rdreg)
		goto out_unlock;
	if (!vgic_v3_check_base(kvm)) {
		pthread_mutex_unlock(&arm->arch_lock);
		return -EINVAL;
	}
	vgic_cpu->rdreg = rdreg;
	vgic_cpu->rdreg_index = rdreg->free_index;
	rd_base = rdreg->base + rdreg->free_index * VGIC_V3_REDIST_SIZE;
	rd->dev.ops = &kvm_io_gic_ops;
	rd->base_addr = rd_base;
	rd->iodev_type = IODEV_REDIST;
	rd->redist_vcpu = vcpu;
	rdreg->free_index++;
	pthread_mutex_unlock(&arm->arch_lock);

	r = kvm_io_bus_register_dev(kvm, KVM_MMIO_BUS, rd_base, (int)VGIC_V3_REDIST_SIZE, &rd->dev);
	if (r) {
		pthread_mutex_lock(&arm->arch_lock);
		rdreg->free_index--;
		vgic_cpu->rdreg = NULL;
		rd->base_addr = VGIC_ADDR_UNDEF;
		pthread_mutex_unlock(&arm->arch_lock);
	}
	return r;

out_unlock:
	pthread_mutex_unlock(&arm->arch_lock);
	return 0;
}

void vgic_unregister_redist_iodev(struct kvm_vcpu *vcpu)
{
	kvm_io_bus_unregister_dev(vcpu->kvm, KVM_MMIO_BUS, &vcpu_vgic(vcpu)->rd_iodev.dev);
}

/* The distributor's frame, at the first KVM_RUN; slots_lock held. */
int vgic_register_dist_iodev(struct kvm *kvm)
{
	struct vgic_dist *dist = kvm_vgic(kvm);
	struct vgic_io_device *io = &dist->dist_iodev;

	io->dev.ops = &kvm_io_gic_ops;
	io->base_addr = dist->vgic_dist_base;
	io->iodev_type = IODEV_DIST;
	io->redist_vcpu = NULL;
	return kvm_io_bus_register_dev(kvm, KVM_MMIO_BUS, dist->vgic_dist_base,
				       (int)VGIC_V3_DIST_SIZE, &io->dev);
}
