// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vgic-sys-reg-v3.c - the GICv3 CPU interface as the guest sees it: the
 * ICC_*_EL1 system registers, which a vCPU with a vGICv3 reads and writes
 * (on real KVM the hardware's virtual CPU interface, trapped where KVM
 * emulates it: arch/arm64/kvm/hyp/vgic-v3-sr.c).  Five bits of priority,
 * 32 preemption levels, as KVM's virtual interface has on the modelled
 * hosts (ICC_CTLR_EL1.PRIbits 4).
 */
#include "kvm_arm.h"
#include "vgic.h"

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

#define ICC_SRE_EL1_SRE_DFB_DIB	0x7ULL
/* ICC_CTLR_EL1: A3V, PRIbits 4 (5 bits), IDbits 0 (16), EOImode, CBPR. */
#define ICC_CTLR_A3V		(1ULL << 15)
#define ICC_CTLR_PRIBITS	(4ULL << 8)
#define ICC_CTLR_EOIMODE	(1ULL << 1)
#define ICC_CTLR_CBPR		(1ULL << 0)
#define INTID_SPURIOUS		1023
/* The smallest binary points with 5 bits of priority. */
#define BPR0_MIN		2
#define BPR1_MIN		3

/* A fresh CPU interface: everything masked, the smallest binary points. */
void vgic_v3_cpuif_reset(struct vgic_v3_cpu_if *c)
{
	*c = (struct vgic_v3_cpu_if){ .bpr0 = BPR0_MIN, .bpr1 = BPR1_MIN };
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
		c->ap1r |= 1U << (gp >> 3);
	else
		c->ap0r |= 1U << (gp >> 3);
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
	uint32_t *ap = group ? &c->ap1r : &c->ap0r;
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

	if ((enc >> 7) != (ENC(3, 0, 12, 0, 0) >> 7) && enc != ICC_PMR_EL1)
		return false;
	if (!irqchip_in_kernel(vcpu->kvm) || kvm_vgic(vcpu->kvm)->vgic_model !=
						     KVM_DEV_TYPE_ARM_VGIC_V3)
		return false;
	c = &vcpu_vgic(vcpu)->cpuif;
	pthread_mutex_lock(&arm->vgic_lock);
	switch (enc) {
	case ICC_PMR_EL1:
		if (is_read)
			v = c->pmr;
		else
			c->pmr = (uint8_t)(v & 0xf8);
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
			v = c->bpr0;
		else
			c->bpr0 = (uint8_t)((v & 7) < BPR0_MIN ? BPR0_MIN : (v & 7));
		break;
	case ICC_BPR1_EL1:
		if (is_read)
			v = c->cbpr ? c->bpr0 + 1U : c->bpr1;
		else if (!c->cbpr)
			c->bpr1 = (uint8_t)((v & 7) < BPR1_MIN ? BPR1_MIN : (v & 7));
		break;
	case ICC_AP0R0_EL1:
		if (is_read)
			v = c->ap0r;
		else
			c->ap0r = (uint32_t)v;
		break;
	case ICC_AP1R0_EL1:
		if (is_read)
			v = c->ap1r;
		else
			c->ap1r = (uint32_t)v;
		break;
	case ICC_CTLR_EL1:
		if (is_read) {
			v = ICC_CTLR_A3V | ICC_CTLR_PRIBITS | (c->eoimode ? ICC_CTLR_EOIMODE : 0) |
			    (c->cbpr ? ICC_CTLR_CBPR : 0);
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
