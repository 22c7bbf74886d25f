// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vgic-sys-reg-v3.c - the GICv3 CPU interface: the ICC_*_EL1 system
 * registers as a vCPU with a vGICv3 reads and writes them (on real KVM
 * the hardware's virtual CPU interface, trapped where KVM emulates it:
 * arch/arm64/kvm/hyp/vgic-v3-sr.c), and as userspace saves and restores
 * them (KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, the kernel's file of this
 * name).  Five bits of priority, 32 preemption levels, as KVM's virtual
 * interface has on the modelled hosts (ICC_CTLR_EL1.PRIbits 4).
 */
#include <errno.h>

#include "kvm_arm.h"
#include "vgic/vgic.h"

#define ENC(op0, op1, crn, crm, op2) \
	(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

#define ICC_PMR_EL1	ENC(3, 0, 4, 6, 0)
#define ICC_IAR0_EL1	ENC(3, 0, 12, 8, 0)
#define ICC_EOIR0_EL1	ENC(3, 0, 12, 8, 1)
#define ICC_HPPIR0_EL1	ENC(3, 0, 12, 8, 2)
#define ICC_BPR0_EL1	ENC(3, 0, 12, 8, 3)
#define ICC_AP0R0_EL1	ENC(3, 0, 12, 8, 4)
#define ICC_AP1R0_EL1	ENC(3, 0, 12, 9, 0)
#define ICC_DIR_EL1	ENC(3, 0, 12, 11, 1)
#define ICC_RPR_EL1	ENC(3, 0, 12, 11, 3)
#define ICC_SGI1R_EL1	ENC(3, 0, 12, 11, 5)
#define ICC_ASGI1R_EL1	ENC(3, 0, 12, 11, 6)
#define ICC_SGI0R_EL1	ENC(3, 0, 12, 11, 7)
#define ICC_IAR1_EL1	ENC(3, 0, 12, 12, 0)
#define ICC_EOIR1_EL1	ENC(3, 0, 12, 12, 1)
#define ICC_HPPIR1_EL1	ENC(3, 0, 12, 12, 2)
#define ICC_BPR1_EL1	ENC(3, 0, 12, 12, 3)
#define ICC_CTLR_EL1	ENC(3, 0, 12, 12, 4)
#define ICC_SRE_EL1	ENC(3, 0, 12, 12, 5)
#define ICC_IGRPEN0_EL1	ENC(3, 0, 12, 12, 6)
#define ICC_IGRPEN1_EL1	ENC(3, 0, 12, 12, 7)

#define ICC_SRE_EL1_SRE		0x1ULL
#define ICC_SRE_EL1_SRE_DFB_DIB	0x7ULL
/* ICC_CTLR_EL1's fields; the host's: A3V, 5 bits of priority, 24-bit IDs. */
#define ICC_CTLR_CBPR		(1ULL << 0)
#define ICC_CTLR_EOIMODE	(1ULL << 1)
#define ICC_CTLR_PRIBITS_SHIFT	8
#define ICC_CTLR_IDBITS_SHIFT	11
#define ICC_CTLR_SEIS		(1ULL << 14)
#define ICC_CTLR_A3V		(1ULL << 15)
#define HOST_PRI_BITS		5
#define HOST_ID_BITS		1
#define INTID_SPURIOUS		1023

/* A fresh CPU interface (KVM's zeroed VMCR), everything masked. */
void vgic_v3_cpuif_reset(struct vgic_v3_cpu_if *c)
{
	*c = (struct vgic_v3_cpu_if){ .num_pri_bits = HOST_PRI_BITS, .num_id_bits = HOST_ID_BITS };
}

static uint64_t ctlr(const struct vgic_v3_cpu_if *c)
{
	return ICC_CTLR_A3V | (uint64_t)(c->num_pri_bits - 1) << ICC_CTLR_PRIBITS_SHIFT |
	       (uint64_t)c->num_id_bits << ICC_CTLR_IDBITS_SHIFT |
	       (c->eoimode ? ICC_CTLR_EOIMODE : 0) | (c->cbpr ? ICC_CTLR_CBPR : 0);
}

/* IAR: take the highest-priority interrupt of @group, or 1023. */
static uint64_t ack(struct kvm_vcpu *vcpu, bool group)
{
	struct vgic_v3_cpu_if *c = &vcpu_vgic(vcpu)->cpuif;
	struct vgic_irq *irq = vgic_hppi(vcpu);
	uint8_t gp;

	if (!irq || irq->group != group || !vgic_v3_can_signal(c, irq))
		return INTID_SPURIOUS;
	gp = vgic_v3_group_prio(c, irq->priority, group);
	if (group)
		c->ap1r[0] |= 1U << (gp >> 3);
	else
		c->ap0r[0] |= 1U << (gp >> 3);
	irq->active = true;
	irq->pending_latch = false;
	return irq->intid;
}

/* Deactivation; a level SPI's is reported to resamplers once unlocked (*@acked). */
static void deactivate(struct kvm_vcpu *vcpu, uint64_t intid, int *acked)
{
	struct vgic_irq *irq;

	if (intid >= 1020)
		return;
	irq = vgic_get_irq(vcpu->kvm, vcpu, (uint32_t)intid);
	if (!irq)
		return;
	irq->active = false;
	if (intid >= VGIC_NR_PRIVATE_IRQS && irq->config == VGIC_CONFIG_LEVEL)
		*acked = (int)intid;
}

/* EOIR: drop the running priority, and deactivate unless EOImode splits it. */
static void eoi(struct kvm_vcpu *vcpu, uint64_t val, bool group, int *acked)
{
	struct vgic_v3_cpu_if *c = &vcpu_vgic(vcpu)->cpuif;
	uint32_t *ap = group ? &c->ap1r[0] : &c->ap0r[0];
	uint32_t intid = val & 0xffffff;

	if (intid >= 1020 && intid < 1024)
		return;
	if (*ap)
		*ap &= *ap - 1;
	if (!c->eoimode)
		deactivate(vcpu, intid, acked);
}

static uint64_t hppir(struct kvm_vcpu *vcpu, bool group)
{
	struct vgic_irq *irq = vgic_hppi(vcpu);

	return irq && irq->group == group ? irq->intid : INTID_SPURIOUS;
}

/*
 * kvm_vgic_cpuif_access(): a guest MRS (@is_read, value in *@val) or MSR
 * of the system register @enc; false if it is no ICC register (the caller
 * lets the CPU model have it).  Run on the vCPU's thread.
 */
bool kvm_vgic_cpuif_access(struct kvm_vcpu *vcpu, uint32_t enc, bool is_read, uint64_t *val)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	struct vgic_v3_cpu_if *c;
	uint64_t v = is_read ? 0 : *val;
	int acked = -1;

	/* ICC_PMR_EL1 and op0 3, op1 0, CRn 12, CRm 8-12; not VBAR, ISR, RVBAR. */
	if (enc != ICC_PMR_EL1 &&
	    ((enc >> 7) != (ENC(3, 0, 12, 0, 0) >> 7) || ((enc >> 3) & 0xf) < 8 || ((enc >> 3) & 0xf) > 12))
		return false;
	if (!irqchip_in_kernel(vcpu->kvm) || kvm_vgic(vcpu->kvm)->vgic_model !=
						     KVM_DEV_TYPE_ARM_VGIC_V3)
		return false;
	c = &vcpu_vgic(vcpu)->cpuif;
	pthread_mutex_lock(&arm->vgic_lock);
	switch (enc) {
	case ICC_PMR_EL1:
		if (is_read)
			v = c->pmr & VGIC_V3_PRI_MASK;
		else
			c->pmr = (uint8_t)(v & VGIC_V3_PRI_MASK);
		break;
	case ICC_IAR0_EL1:
	case ICC_IAR1_EL1:
		if (is_read)
			v = ack(vcpu, enc == ICC_IAR1_EL1);
		break;
	case ICC_EOIR0_EL1:
	case ICC_EOIR1_EL1:
		if (!is_read)
			eoi(vcpu, v, enc == ICC_EOIR1_EL1, &acked);
		break;
	case ICC_DIR_EL1:
		if (!is_read && c->eoimode)
			deactivate(vcpu, v & 0xffffff, &acked);
		break;
	case ICC_HPPIR0_EL1:
	case ICC_HPPIR1_EL1:
		if (is_read)
			v = hppir(vcpu, enc == ICC_HPPIR1_EL1);
		break;
	case ICC_RPR_EL1:
		if (is_read)
			v = vgic_v3_rpr(c);
		break;
	case ICC_BPR0_EL1:
		if (is_read)
			v = vgic_v3_bpr0(c);
		else	/* the hardware keeps no less than its minimum */
			c->bpr0 = (uint8_t)((v & 7) < VGIC_V3_BPR0_MIN ? VGIC_V3_BPR0_MIN : (v & 7));
		break;
	case ICC_BPR1_EL1:
		if (is_read)
			v = vgic_v3_bpr1(c);
		else if (!c->cbpr)
			c->bpr1 = (uint8_t)((v & 7) <= VGIC_V3_BPR0_MIN ? VGIC_V3_BPR0_MIN + 1 : (v & 7));
		break;
	case ICC_AP0R0_EL1:
		if (is_read)
			v = c->ap0r[0];
		else
			c->ap0r[0] = (uint32_t)v;
		break;
	case ICC_AP1R0_EL1:
		if (is_read)
			v = c->ap1r[0];
		else
			c->ap1r[0] = (uint32_t)v;
		break;
	case ICC_CTLR_EL1:
		if (is_read) {
			v = ctlr(c);
		} else {
			c->eoimode = v & ICC_CTLR_EOIMODE;
			c->cbpr = v & ICC_CTLR_CBPR;
		}
		break;
	case ICC_SRE_EL1:
		if (is_read)
			v = ICC_SRE_EL1_SRE_DFB_DIB;
		break;
	case ICC_IGRPEN0_EL1:
		if (is_read)
			v = c->grpen0;
		else
			c->grpen0 = v & 1;
		break;
	case ICC_IGRPEN1_EL1:
		if (is_read)
			v = c->grpen1;
		else
			c->grpen1 = v & 1;
		break;
	case ICC_SGI1R_EL1:
	case ICC_ASGI1R_EL1:
	case ICC_SGI0R_EL1:
		if (!is_read)
			vgic_v3_dispatch_sgi(vcpu, v, enc != ICC_SGI0R_EL1);
		break;
	default:
		/* AP0R1-3, AP1R1-3 (no such levels with 5 bits): read as zero. */
		break;
	}
	pthread_mutex_unlock(&arm->vgic_lock);
	if (acked >= 0)
		kvm_notify_acked_irq(vcpu->kvm, 0, (unsigned int)acked - VGIC_NR_PRIVATE_IRQS);
	if (is_read)
		*val = v;
	/* An SGI may be for any vCPU; anything else changes this one's lines. */
	if (!is_read && (enc == ICC_SGI1R_EL1 || enc == ICC_ASGI1R_EL1 || enc == ICC_SGI0R_EL1))
		vgic_kick_vcpus(vcpu->kvm);
	else if (!is_read || enc == ICC_IAR0_EL1 || enc == ICC_IAR1_EL1)
		kvm_arm_vcpu_kick(vcpu);
	return true;
}

/* ---- KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS -------------------------------------- */

/* The registers userspace saves and restores, by encoding. */
static const uint32_t uaccess_regs[] = {
	ICC_PMR_EL1, ICC_BPR0_EL1, ICC_AP0R0_EL1, ICC_AP0R0_EL1 + 1, ICC_AP0R0_EL1 + 2,
	ICC_AP0R0_EL1 + 3, ICC_AP1R0_EL1, ICC_AP1R0_EL1 + 1, ICC_AP1R0_EL1 + 2,
	ICC_AP1R0_EL1 + 3, ICC_BPR1_EL1, ICC_CTLR_EL1, ICC_SRE_EL1, ICC_IGRPEN0_EL1,
	ICC_IGRPEN1_EL1,
};

static bool uaccess_reg(uint32_t enc)
{
	for (size_t i = 0; i < ARRAY_SIZE(uaccess_regs); i++)
		if (uaccess_regs[i] == enc)
			return true;
	return false;
}

bool vgic_v3_has_cpu_sysregs_attr(uint64_t attr)
{
	return uaccess_reg((uint32_t)(attr & KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK));
}

/* The active-priority registers there are: one per 32 levels of preemption. */
static unsigned int max_apr_idx(const struct vgic_v3_cpu_if *c)
{
	return c->num_pri_bits == 7 ? 3 : c->num_pri_bits == 6 ? 1 : 0;
}

/*
 * ICC_CTLR_EL1 from userspace: no more priority or ID bits than the vCPU
 * has now (a smaller number becomes the vCPU's), the host's SEIS and A3V;
 * only CBPR and EOImode are state.
 */
static int set_ctlr(struct vgic_v3_cpu_if *c, uint64_t val)
{
	unsigned int pri_bits = ((val >> ICC_CTLR_PRIBITS_SHIFT) & 7) + 1;
	unsigned int id_bits = (val >> ICC_CTLR_IDBITS_SHIFT) & 7;

	if (pri_bits > c->num_pri_bits)
		return -EINVAL;
	c->num_pri_bits = (uint8_t)pri_bits;
	if (id_bits > c->num_id_bits)
		return -EINVAL;
	c->num_id_bits = (uint8_t)id_bits;
	if ((val & ICC_CTLR_SEIS) || !(val & ICC_CTLR_A3V))
		return -EINVAL;
	c->cbpr = val & ICC_CTLR_CBPR;
	c->eoimode = val & ICC_CTLR_EOIMODE;
	return 0;
}

/* One register's get or set, 64 bits at attr->addr; vgic_lock held. */
static int cpu_sysreg_uaccess(struct vgic_v3_cpu_if *c, uint32_t enc, bool is_write,
			      uint64_t *val)
{
	uint64_t v = *val;

	switch (enc) {
	case ICC_PMR_EL1:
		if (is_write)
			c->pmr = (uint8_t)v;
		else
			v = c->pmr;
		break;
	case ICC_BPR0_EL1:
		if (is_write)
			c->bpr0 = (uint8_t)(v & 7);
		else
			v = c->bpr0;
		break;
	case ICC_BPR1_EL1:
		if (is_write && !c->cbpr)
			c->bpr1 = (uint8_t)(v & 7);
		else if (!is_write)
			v = c->cbpr ? (c->bpr0 + 1U > 7 ? 7 : c->bpr0 + 1U) : c->bpr1;
		break;
	case ICC_CTLR_EL1:
		if (is_write)
			return set_ctlr(c, v);
		v = ctlr(c);
		break;
	case ICC_SRE_EL1:
		if (is_write)
			return v & ICC_SRE_EL1_SRE ? 0 : -EINVAL;
		v = ICC_SRE_EL1_SRE_DFB_DIB;
		break;
	case ICC_IGRPEN0_EL1:
		if (is_write)
			c->grpen0 = v & 1;
		else
			v = c->grpen0;
		break;
	case ICC_IGRPEN1_EL1:
		if (is_write)
			c->grpen1 = v & 1;
		else
			v = c->grpen1;
		break;
	default: {	/* AP0Rn, AP1Rn */
		unsigned int idx = enc & 3;
		uint32_t *ap = (enc & ~3U) == ICC_AP1R0_EL1 ? c->ap1r : c->ap0r;

		if (idx > max_apr_idx(c))
			return -EINVAL;
		if (is_write)
			ap[idx] = (uint32_t)v;
		else
			v = ap[idx];
		break;
	}
	}
	*val = v;
	return 0;
}

/*
 * vgic_v3_cpu_sysregs_uaccess(), with every vCPU's mutex held: a register
 * the table does not have is ENOENT, as ONE_REG answers.
 */
int vgic_v3_cpu_sysregs_uaccess(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr,
				bool is_write)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	uint32_t enc = (uint32_t)(attr->attr & KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK);
	uint64_t val = 0;
	int r;

	if (!uaccess_reg(enc))
		return -ENOENT;
	if (is_write && copy_from_user(&val, attr->addr, sizeof(val)))
		return -EFAULT;
	pthread_mutex_lock(&arm->vgic_lock);
	r = cpu_sysreg_uaccess(&vcpu_vgic(vcpu)->cpuif, enc, is_write, &val);
	pthread_mutex_unlock(&arm->vgic_lock);
	if (!r && !is_write)
		r = copy_to_user(attr->addr, &val, sizeof(val));
	return r;
}

/*
 * A vCPU's KVM_RUN loads its interface into the hardware and saves it back
 * (vgic_v3_load()/put()): the binary points come back no lower than the
 * hardware's minimum.
 */
void kvm_vgic_load(struct kvm_vcpu *vcpu)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	struct vgic_v3_cpu_if *c = &vcpu_vgic(vcpu)->cpuif;

	if (!vgic_initialized(vcpu->kvm))
		return;
	pthread_mutex_lock(&arm->vgic_lock);
	c->bpr0 = vgic_v3_bpr0(c);
	if (c->bpr1 < VGIC_V3_BPR0_MIN + 1)
		c->bpr1 = VGIC_V3_BPR0_MIN + 1;
	pthread_mutex_unlock(&arm->vgic_lock);
}
