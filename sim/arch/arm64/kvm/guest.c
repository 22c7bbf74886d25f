// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KVM_{GET,SET}_ONE_REG and KVM_GET_REG_LIST (the kernel's
 * arch/arm64/kvm/guest.c): the dispatch by register class, the core
 * registers, the SVE registers, and the list in the kernel's order (core,
 * SVE, firmware, timer, system registers).  And the vCPU's device
 * attributes, dispatched by group.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "kvm_arm.h"

#define NR_CORE_WORDS	(sizeof(struct kvm_regs) / sizeof(uint32_t))
#define CORE_OFF(field)	(offsetof(struct kvm_regs, field) / sizeof(uint32_t))

/* SVE register ids: Z0-31 and P0-15/FFR, each in up to 32 slices. */
#define SVE_MAX_SLICES	32
#define SVE_ZREG(n, i)	(KVM_REG_ARM64 | KVM_REG_ARM64_SVE | KVM_REG_SIZE_U2048 | \
			 ((uint64_t)(n) << 5) | (i))
#define SVE_PREG(n, i)	(KVM_REG_ARM64 | KVM_REG_ARM64_SVE | KVM_REG_SIZE_U256 | 0x400 | \
			 ((uint64_t)(n) << 5) | (i))
#define SVE_FFR(i)	(KVM_REG_ARM64 | KVM_REG_ARM64_SVE | KVM_REG_SIZE_U256 | 0x600 | (i))

static inline size_t reg_size(uint64_t id)
{
	return (size_t)1 << ((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
}

/* ---------------------------------------------------------------------- */
/* Core registers.                                                         */

/* The size of the register starting at word @off, or -EINVAL. */
static int core_reg_size_from_offset(struct kvm_vcpu *vcpu, uint64_t off)
{
	int size;

	if (off <= CORE_OFF(regs.pstate) && off % 2 == 0)
		size = sizeof(uint64_t);	/* x0-x30, sp, pc, pstate */
	else if (off >= CORE_OFF(sp_el1) && off <= CORE_OFF(spsr[KVM_NR_SPSR - 1]) &&
		 (off - CORE_OFF(sp_el1)) % 2 == 0)
		size = sizeof(uint64_t);	/* sp_el1, elr_el1, spsr[] */
	else if (off >= CORE_OFF(fp_regs.vregs[0]) && off <= CORE_OFF(fp_regs.vregs[31]) &&
		 (off - CORE_OFF(fp_regs.vregs[0])) % 4 == 0)
		size = 16;			/* V0-V31 */
	else if (off == CORE_OFF(fp_regs.fpsr) || off == CORE_OFF(fp_regs.fpcr))
		size = sizeof(uint32_t);
	else
		return -EINVAL;
	/* With SVE the V registers are the Z registers' low bits: not here. */
	if (size == 16 && vcpu_has_feature(to_arm64_vcpu(vcpu), KVM_ARM_VCPU_SVE))
		return -EINVAL;
	return size;
}

/*
 * Where the register of @id lives: bounds first (with the kernel's ">="
 * that also refuses a register ending exactly at the end), then start,
 * size and class.
 */
static int core_reg_addr(struct kvm_vcpu *vcpu, uint64_t id, void **ret_addr)
{
	uint64_t off = id & ~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK | KVM_REG_ARM_CORE);
	int size;

	if (off >= NR_CORE_WORDS || off + reg_size(id) / sizeof(uint32_t) >= NR_CORE_WORDS)
		return -ENOENT;
	size = core_reg_size_from_offset(vcpu, off);
	if (size < 0 || (size_t)size != reg_size(id))
		return -EINVAL;
	*ret_addr = (uint32_t *)&to_arm64_vcpu(vcpu)->regs + off;
	return 0;
}

static int get_core_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	void *addr;
	int r = core_reg_addr(vcpu, reg->id, &addr);

	if (r)
		return r;
	return copy_to_user(reg->addr, addr, reg_size(reg->id));
}

/* Modes a PSTATE write may select, by the vCPU's EL1 width. */
static bool valid_mode(struct kvm_vcpu *vcpu, uint64_t pstate)
{
	bool el1_32 = vcpu_has_feature(to_arm64_vcpu(vcpu), KVM_ARM_VCPU_EL1_32BIT);

	switch (pstate & PSR_AA32_MODE_MASK) {
	case PSR_AA32_MODE_USR:
		return to_arm64_vm(vcpu->kvm)->host->features & HOST_EL0_32BIT;
	case PSR_AA32_MODE_FIQ:
	case PSR_AA32_MODE_IRQ:
	case PSR_AA32_MODE_SVC:
	case PSR_AA32_MODE_ABT:
	case PSR_AA32_MODE_UND:
	case PSR_AA32_MODE_SYS:
		return el1_32;
	case PSR_MODE_EL0t:
	case PSR_MODE_EL1t:
	case PSR_MODE_EL1h:
		return !el1_32;
	default:
		return false;
	}
}

static int set_core_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	uint8_t tmp[16];
	uint64_t val;
	void *addr;
	int r = core_reg_addr(vcpu, reg->id, &addr);

	if (r)
		return r;
	if (copy_from_user(tmp, reg->addr, reg_size(reg->id)))
		return -EFAULT;
	if (addr == &v->regs.regs.pstate) {
		memcpy(&val, tmp, sizeof(val));
		if (!valid_mode(vcpu, val))
			return -EINVAL;
	}
	memcpy(addr, tmp, reg_size(reg->id));
	/*
	 * In an AArch32 mode the registers are 32 bits wide: user and system
	 * modes see r0-r14, the privileged modes all banked copies too.
	 */
	if (v->regs.regs.pstate & PSR_MODE32_BIT) {
		uint64_t mode = v->regs.regs.pstate & PSR_AA32_MODE_MASK;
		int nr = mode == PSR_AA32_MODE_USR || mode == PSR_AA32_MODE_SYS ? 15 : 31;

		for (int i = 0; i < nr; i++)
			v->regs.regs.regs[i] = (uint32_t)v->regs.regs.regs[i];
		v->regs.regs.pc = (uint32_t)v->regs.regs.pc;
	}
	return 0;
}

static unsigned long copy_core_reg_indices(struct kvm_vcpu *vcpu, unsigned long uindices,
					   int *ret_err)
{
	unsigned long n = 0;

	*ret_err = 0;
	for (uint64_t off = 0; off < NR_CORE_WORDS; off++) {
		int size = core_reg_size_from_offset(vcpu, off);
		uint64_t id = KVM_REG_ARM64 | KVM_REG_ARM_CORE | off;

		if (size < 0)
			continue;
		id |= size == 4 ? KVM_REG_SIZE_U32 : size == 8 ? KVM_REG_SIZE_U64 : KVM_REG_SIZE_U128;
		if (uindices && copy_to_user(uindices + n * sizeof(id), &id, sizeof(id))) {
			*ret_err = -EFAULT;
			return n;
		}
		n++;
	}
	return n;
}

/* ---------------------------------------------------------------------- */
/* SVE.                                                                    */

static unsigned int sve_max_vq(const struct kvm_vcpu_arm64 *v)
{
	return v->sve_vqs ? 64 - (unsigned int)__builtin_clzll(v->sve_vqs) : 0;
}

/* Z0-31 then P0-15 then FFR, at the vCPU's maximum vector length. */
static size_t sve_state_size(const struct kvm_vcpu_arm64 *v)
{
	size_t vq = sve_max_vq(v);

	return 32 * vq * SVE_VQ_BYTES + 17 * vq * (SVE_VQ_BYTES / 8);
}

static unsigned int sve_slices(const struct kvm_vcpu_arm64 *v)
{
	return (sve_max_vq(v) + ARCH_SVE_VQ_MAX - 1) / ARCH_SVE_VQ_MAX;
}

static int get_sve_vls(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	uint64_t vqs[8] = { 0 };
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	if (!vcpu_has_feature(v, KVM_ARM_VCPU_SVE))
		return -ENOENT;
	vqs[0] = v->sve_vqs;
	return copy_to_user(reg->addr, vqs, sizeof(vqs));
}

/* Before finalize: every length up to the largest chosen, as the host has them. */
static int set_sve_vls(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	uint64_t host = to_arm64_vm(vcpu->kvm)->host->sve_vqs;
	uint64_t vqs[8];
	unsigned int max = 0;

	if (!vcpu_has_feature(v, KVM_ARM_VCPU_SVE))
		return -ENOENT;
	if (v->sve_finalized)
		return -EPERM;
	if (copy_from_user(vqs, reg->addr, sizeof(vqs)))
		return -EFAULT;
	for (unsigned int i = 0; i < 8 * 64; i++)
		if (vqs[i / 64] & (1ULL << (i % 64)))
			max = i + 1;
	if (!max || max > ARCH_SVE_VQ_MAX)
		return -EINVAL;
	for (unsigned int vq = 1; vq <= max; vq++)
		if (!(vqs[0] & (1ULL << (vq - 1))) != !(host & (1ULL << (vq - 1))))
			return -EINVAL;
	v->sve_vqs = vqs[0];
	return 0;
}

/*
 * Where a Z, P or FFR register lives, and how many bytes of it the vCPU
 * has: ids outside both ranges are invalid, in range but absent (no SVE,
 * slice beyond the vector length) unknown, before finalize not yet allowed.
 */
static int sve_reg_region(struct kvm_vcpu *vcpu, uint64_t id, uint8_t **ret_addr,
			  size_t *ret_len)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	size_t vq = sve_max_vq(v), zlen = vq * SVE_VQ_BYTES, plen = zlen / 8;
	unsigned int n = (unsigned int)((id >> 5) & 0x1f), slice = (unsigned int)(id & 0x1f);
	size_t off;

	if (id >= SVE_ZREG(0, 0) && id <= SVE_ZREG(31, SVE_MAX_SLICES - 1)) {
		off = n * zlen;
		*ret_len = zlen;
	} else if (id >= SVE_PREG(0, 0) && id <= SVE_FFR(SVE_MAX_SLICES - 1)) {
		n = (unsigned int)(((id & 0x3ff) >> 5) & 0x1f);
		off = 32 * zlen + n * plen;
		*ret_len = plen;
	} else {
		return -EINVAL;
	}
	if (!vcpu_has_feature(v, KVM_ARM_VCPU_SVE) || slice >= sve_slices(v))
		return -ENOENT;
	if (!v->sve_finalized)
		return -EPERM;
	*ret_addr = v->sve_state + off;
	return 0;
}

static int get_sve_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	uint8_t buf[256] = { 0 };
	uint8_t *addr;
	size_t len;
	int r;

	if (reg->id == KVM_REG_ARM64_SVE_VLS)
		return get_sve_vls(vcpu, reg);
	r = sve_reg_region(vcpu, reg->id, &addr, &len);
	if (r)
		return r;
	memcpy(buf, addr, len);
	return copy_to_user(reg->addr, buf, reg_size(reg->id));
}

static int set_sve_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	uint8_t buf[256];
	uint8_t *addr;
	size_t len;
	int r;

	if (reg->id == KVM_REG_ARM64_SVE_VLS)
		return set_sve_vls(vcpu, reg);
	r = sve_reg_region(vcpu, reg->id, &addr, &len);
	if (r)
		return r;
	if (copy_from_user(buf, reg->addr, reg_size(reg->id)))
		return -EFAULT;
	memcpy(addr, buf, len);
	return 0;
}

static unsigned long num_sve_regs(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	if (!vcpu_has_feature(v, KVM_ARM_VCPU_SVE))
		return 0;
	/* VLS, then Z0-31, P0-15 and FFR per slice. */
	return 1 + sve_slices(v) * (32 + 16 + 1);
}

static int copy_sve_reg_indices(struct kvm_vcpu *vcpu, unsigned long uindices)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	uint64_t id = KVM_REG_ARM64_SVE_VLS;
	unsigned long n = 0;

	if (!vcpu_has_feature(v, KVM_ARM_VCPU_SVE))
		return 0;
	if (copy_to_user(uindices, &id, sizeof(id)))
		return -EFAULT;
	n++;
	for (unsigned int s = 0; s < sve_slices(v); s++)
		for (unsigned int i = 0; i < 32 + 16 + 1; i++) {
			id = i < 32 ? SVE_ZREG(i, s) : i < 48 ? SVE_PREG(i - 32, s) : SVE_FFR(s);
			if (copy_to_user(uindices + n * sizeof(id), &id, sizeof(id)))
				return -EFAULT;
			n++;
		}
	return 0;
}

bool kvm_arm_vcpu_is_finalized(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	return !vcpu_has_feature(v, KVM_ARM_VCPU_SVE) || v->sve_finalized;
}

/* KVM_ARM_VCPU_FINALIZE: only SVE, once, fixes the vector lengths. */
int kvm_arm_vcpu_finalize(struct kvm_vcpu *vcpu, int feature)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	if (feature != KVM_ARM_VCPU_SVE || !vcpu_has_feature(v, KVM_ARM_VCPU_SVE))
		return -EINVAL;
	if (v->sve_finalized)
		return -EPERM;
	v->sve_state = calloc(1, sve_state_size(v));
	if (!v->sve_state)
		return -ENOMEM;
	v->sve_finalized = true;
	return 0;
}

void kvm_arm_vcpu_sve_reset(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	if (v->sve_state)
		memset(v->sve_state, 0, sve_state_size(v));
	else
		v->sve_vqs = to_arm64_vm(vcpu->kvm)->host->sve_vqs;
}

/* ---------------------------------------------------------------------- */
/* Dispatch and the list.                                                  */

static bool id_is_arm64(uint64_t id)
{
	return ((id & ~KVM_REG_SIZE_MASK) >> 32) == (KVM_REG_ARM64 >> 32);
}

static int get_timer_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	uint64_t val;
	int r = kvm_arm_timer_get_reg(vcpu, reg->id, &val);

	if (r)
		return r;
	return copy_to_user(reg->addr, &val, sizeof(val));
}

static int set_timer_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	uint64_t val;

	if (copy_from_user(&val, reg->addr, sizeof(val)))
		return -EFAULT;
	return kvm_arm_timer_set_reg(vcpu, reg->id, val);
}

int kvm_arm_get_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	if (!id_is_arm64(reg->id))
		return -EINVAL;
	switch (reg->id & KVM_REG_ARM_COPROC_MASK) {
	case KVM_REG_ARM_CORE:
		return get_core_reg(vcpu, reg);
	case KVM_REG_ARM_FW:
	case KVM_REG_ARM_FW_FEAT_BMAP:
		return kvm_arm_get_fw_reg(vcpu, reg);
	case KVM_REG_ARM64_SVE:
		return get_sve_reg(vcpu, reg);
	}
	if (kvm_arm_is_timer_reg(vcpu, reg->id))
		return get_timer_reg(vcpu, reg);
	return kvm_arm_sys_reg_get_reg(vcpu, reg);
}

int kvm_arm_set_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	if (!id_is_arm64(reg->id))
		return -EINVAL;
	switch (reg->id & KVM_REG_ARM_COPROC_MASK) {
	case KVM_REG_ARM_CORE:
		return set_core_reg(vcpu, reg);
	case KVM_REG_ARM_FW:
	case KVM_REG_ARM_FW_FEAT_BMAP:
		return kvm_arm_set_fw_reg(vcpu, reg);
	case KVM_REG_ARM64_SVE:
		return set_sve_reg(vcpu, reg);
	}
	if (kvm_arm_is_timer_reg(vcpu, reg->id))
		return set_timer_reg(vcpu, reg);
	return kvm_arm_sys_reg_set_reg(vcpu, reg);
}

unsigned long kvm_arm_num_regs(struct kvm_vcpu *vcpu)
{
	int err;

	return copy_core_reg_indices(vcpu, 0, &err) + num_sve_regs(vcpu) +
	       kvm_arm_get_fw_num_regs(vcpu) + kvm_arm_timer_num_regs(vcpu) +
	       kvm_arm_num_sys_reg_descs(vcpu);
}

int kvm_arm_copy_reg_indices(struct kvm_vcpu *vcpu, unsigned long uindices)
{
	int err;
	unsigned long n = copy_core_reg_indices(vcpu, uindices, &err);

	if (err)
		return err;
	uindices += n * sizeof(uint64_t);
	err = copy_sve_reg_indices(vcpu, uindices);
	if (err)
		return err;
	uindices += num_sve_regs(vcpu) * sizeof(uint64_t);
	err = kvm_arm_copy_fw_reg_indices(vcpu, uindices);
	if (err)
		return err;
	uindices += kvm_arm_get_fw_num_regs(vcpu) * sizeof(uint64_t);
	err = kvm_arm_copy_timer_indices(vcpu, uindices);
	if (err)
		return err;
	uindices += kvm_arm_timer_num_regs(vcpu) * sizeof(uint64_t);
	return kvm_arm_copy_sys_reg_indices(vcpu, uindices);
}

/* ---------------------------------------------------------------------- */
/* vCPU device attributes: PMU, timer, PV time.                            */

/*
 * The PMU's group runs under the VM's lock (the kernel's config_lock): it
 * reads the VM's features and writes its filter.  Unknown groups: ENXIO.
 */
/* ---------------------------------------------------------------------- */
/* Pending exceptions: KVM_{GET,SET}_VCPU_EVENTS.                          */

#define SYS_ID_AA64PFR0_EL1	0xc020U		/* op0 3, op1 0, CRn 0, CRm 4, op2 0 */
#define ID_AA64PFR0_RAS_SHIFT	28
#define ESR_ELx_ISS_MASK	0x1ffffffULL	/* ISS and ISV: bits 24:0 */

/* The kernel's ARM64_HAS_RAS_EXTN: the host's own RAS, whatever the guest is shown. */
static bool host_has_ras(struct kvm_vcpu *vcpu)
{
	uint64_t pfr0;

	if (!kvm_arm64_host_value(vcpu->kvm, SYS_ID_AA64PFR0_EL1, 0, &pfr0))
		return false;
	return (pfr0 >> ID_AA64PFR0_RAS_SHIFT) & 0xf;
}

int __kvm_arm_vcpu_get_events(struct kvm_vcpu *vcpu, struct kvm_vcpu_events *events)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	events->exception.serror_pending = v->serror_pending;
	events->exception.serror_has_esr = host_has_ras(vcpu);
	if (v->serror_pending && events->exception.serror_has_esr)
		events->exception.serror_esr = v->vsesr;
	/* An external abort is injected at once: it is never pending here. */
	return 0;
}

/*
 * serror_has_esr counts only with serror_pending (alone it is ignored);
 * the ESR may not go past the ISS.  The SError is checked and made pending
 * before the abort is injected (arm64.events).
 */
int __kvm_arm_vcpu_set_events(struct kvm_vcpu *vcpu, const struct kvm_vcpu_events *events)
{
	bool serror_pending = events->exception.serror_pending;
	bool has_esr = events->exception.serror_has_esr;

	if (serror_pending && has_esr) {
		if (!host_has_ras(vcpu))
			return -EINVAL;
		if (events->exception.serror_esr & ~ESR_ELx_ISS_MASK)
			return -EINVAL;
		kvm_set_sei_esr(vcpu, events->exception.serror_esr);
	} else if (serror_pending) {
		kvm_inject_vabt(vcpu);
	}
	/* The abort's address is the last abort's FAR_EL2: 0 before any (run.ev.dabt.*). */
	if (events->exception.ext_dabt_pending)
		kvm_inject_dabt(vcpu, to_arm64_vcpu(vcpu)->fault_far);
	return 0;
}

int kvm_arm_vcpu_arch_set_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	int r;

	switch (attr->group) {
	case KVM_ARM_VCPU_PMU_V3_CTRL:
		pthread_mutex_lock(&arm->arch_lock);
		r = kvm_arm_pmu_v3_set_attr(vcpu, attr);
		pthread_mutex_unlock(&arm->arch_lock);
		return r;
	case KVM_ARM_VCPU_TIMER_CTRL:
		return kvm_arm_timer_set_attr(vcpu, attr);
	case KVM_ARM_VCPU_PVTIME_CTRL:
		return kvm_arm_pvtime_set_attr(vcpu, attr);
	default:
		return -ENXIO;
	}
}

int kvm_arm_vcpu_arch_get_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr)
{
	switch (attr->group) {
	case KVM_ARM_VCPU_PMU_V3_CTRL:
		return kvm_arm_pmu_v3_get_attr(vcpu, attr);
	case KVM_ARM_VCPU_TIMER_CTRL:
		return kvm_arm_timer_get_attr(vcpu, attr);
	case KVM_ARM_VCPU_PVTIME_CTRL:
		return kvm_arm_pvtime_get_attr(vcpu, attr);
	default:
		return -ENXIO;
	}
}

int kvm_arm_vcpu_arch_has_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	int r;

	switch (attr->group) {
	case KVM_ARM_VCPU_PMU_V3_CTRL:
		pthread_mutex_lock(&arm->arch_lock);
		r = kvm_arm_pmu_v3_has_attr(vcpu, attr);
		pthread_mutex_unlock(&arm->arch_lock);
		return r;
	case KVM_ARM_VCPU_TIMER_CTRL:
		return kvm_arm_timer_has_attr(vcpu, attr);
	case KVM_ARM_VCPU_PVTIME_CTRL:
		return kvm_arm_pvtime_has_attr(vcpu, attr);
	default:
		return -ENXIO;
	}
}
