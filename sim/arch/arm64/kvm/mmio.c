// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Data aborts outside guest memory (the kernel's arch/arm64/kvm/mmio.c,
 * and the abort entry of mmu.c): KVM_EXIT_MMIO for an access the hardware
 * describes in its syndrome, KVM_EXIT_ARM_NISV or ENOSYS for the others,
 * and the completion of an MMIO access at the next KVM_RUN.
 *
 * The hardware's syndrome is not available here, so the faulting
 * instruction is decoded instead, giving what ESR_EL2.ISS would hold: the
 * syndrome is valid for single-register loads and stores without
 * writeback (immediate, register, unscaled, unprivileged, literal,
 * load-acquire/store-release), not for pairs, writeback, exclusives or
 * SIMD&FP registers.
 */
#include <errno.h>
#include <string.h>

#include "emulate.h"
#include "iodev.h"
#include "kvm_arm.h"

/* ESR_ELx data abort ISS bits kept for KVM_EXIT_ARM_NISV (CM, WnR, DFSC). */
#define ESR_WNR			(1U << 6)
/* Translation fault at level N: 0x04 + N. */
#define ESR_FSC_TRANS(level)	(0x04U + (level))

/*
 * The stage-2 level at which the walk for @ipa finds nothing: a VM of the
 * default 40-bit IPA space starts its walk at level 1 (1 GiB per entry),
 * and the kernel builds tables only where memory slots are.  So a fault
 * far from every slot stops at level 1 (0x45 for a store: the reference
 * VMM's fault guest on real KVM, tests/real/vmm-real.sh),
 * one in a 2 MiB block beside a slot at level 3 (run.nisv: 0x47).  The
 * kernel fills its tables lazily, as the guest touches memory; counting
 * the slots instead is exact for guests that run from the slot they share
 * a block with, as every guest here does.
 */
static unsigned int stage2_fault_level(struct kvm *kvm, uint64_t ipa)
{
	static const unsigned int block_shift[] = { 30, 21 };	/* levels 1, 2 */
	unsigned int level;

	pthread_mutex_lock(&kvm->slots_lock);
	for (level = 0; level < 2; level++) {
		uint64_t first = (ipa >> block_shift[level]) << (block_shift[level] - PAGE_SHIFT);
		uint64_t end = first + (1ULL << (block_shift[level] - PAGE_SHIFT));

		if (!kvm_memslots_overlap(kvm, KVM_MEMSLOT_NONE, first, end))
			break;
	}
	pthread_mutex_unlock(&kvm->slots_lock);
	return level + 1;
}

/* Fills @d from a load/store @insn; false when the hardware gives no syndrome. */
static bool decode_dabt(uint32_t insn, struct kvm_mmio_decode *d)
{
	unsigned int size = insn >> 30, opc = (insn >> 22) & 3;

	memset(d, 0, sizeof(*d));
	d->rt = insn & 31;
	/* Load-acquire / store-release (not exclusive, not pair, not CAS). */
	if ((insn & 0x3fa00000U) == 0x08800000U) {
		d->write = !(insn & (1U << 22));
		d->len = 1U << size;
		d->sf = size == 3;
		return true;
	}
	/* LDR (literal), general-purpose registers: W, X, SW; PRFM gives none. */
	if ((insn & 0x3f000000U) == 0x18000000U) {
		if (size == 3)
			return false;
		d->len = size == 1 ? 8 : 4;
		d->sign_extend = size == 2;
		d->sf = size != 0;
		return true;
	}
	/*
	 * Single register, no writeback: unsigned offset, register offset,
	 * unscaled and unprivileged immediate.  V (bit 26) clear.
	 */
	if ((insn & 0x3f000000U) != 0x39000000U &&
	    (insn & 0x3f200c00U) != 0x38200800U &&
	    (insn & 0x3f200c00U) != 0x38000000U &&
	    (insn & 0x3f200c00U) != 0x38000800U)
		return false;
	switch (opc) {
	case 0:		/* STR */
		d->write = true;
		d->sf = size == 3;
		break;
	case 1:		/* LDR, zero-extending */
		d->sf = size == 3;
		break;
	case 2:		/* LDRS to X; size 3 is PRFM */
		if (size == 3)
			return false;
		d->sign_extend = true;
		d->sf = true;
		break;
	default:	/* LDRS to W */
		if (size >= 2)
			return false;
		d->sign_extend = true;
		break;
	}
	d->len = 1U << size;
	return true;
}

/*
 * io_mem_abort(): an access outside every memory slot goes to a device
 * on the MMIO bus if one takes it, else exits to the VMM.
 */
static int io_mem_abort(struct kvm_vcpu *vcpu, const struct kvm_emu_exit *exit)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct kvm_run *run = vcpu->run;
	struct kvm_mmio_decode d;

	if (!decode_dabt(exit->insn, &d)) {
		if (!to_arm64_vm(vcpu->kvm)->return_nisv_to_user)
			return -ENOSYS;
		run->exit_reason = KVM_EXIT_ARM_NISV;
		run->arm_nisv.esr_iss = (exit->write ? ESR_WNR : 0) |
					ESR_FSC_TRANS(stage2_fault_level(vcpu->kvm, exit->addr));
		run->arm_nisv.fault_ipa = exit->addr;
		return 0;
	}
	if (d.write) {
		uint64_t data = vcpu_get_reg(vcpu, d.rt);

		/* A device in the kernel takes it (a coalesced zone): no exit. */
		if (!kvm_io_bus_write(vcpu, KVM_MMIO_BUS, exit->addr, (int)d.len, &data)) {
			kvm_arm64_stat_inc(vcpu, ARM64_STAT_MMIO_EXIT_KERNEL);
			kvm_incr_pc(vcpu);
			return 1;
		}
		/* Only the access's bytes are written; the rest keep what they had. */
		memcpy(run->mmio.data, &data, d.len);
	} else {
		uint64_t data = 0;

		/* A device in the kernel answers (the vGIC's frames): completed at once. */
		if (!kvm_io_bus_read(vcpu, KVM_MMIO_BUS, exit->addr, (int)d.len, &data)) {
			kvm_arm64_stat_inc(vcpu, ARM64_STAT_MMIO_EXIT_KERNEL);
			if (!(to_arm64_vm(vcpu->kvm)->host->features & HOST_DABT_SSE))
				d.sign_extend = false;
			if (d.sign_extend && d.len < 8) {
				uint64_t sign = 1ULL << (d.len * 8 - 1);

				data = (data ^ sign) - sign;
			}
			if (!d.sf)
				data &= 0xffffffffULL;
			vcpu_set_reg(vcpu, d.rt, data);
			kvm_incr_pc(vcpu);
			return 1;
		}
	}
	/* The syndrome's SSE bit is the host CPU's to give (hosts/qemu-max.host). */
	if (!(to_arm64_vm(vcpu->kvm)->host->features & HOST_DABT_SSE))
		d.sign_extend = false;
	run->mmio.is_write = d.write;
	run->mmio.phys_addr = exit->addr;
	run->mmio.len = d.len;
	run->exit_reason = KVM_EXIT_MMIO;
	kvm_arm64_stat_inc(vcpu, ARM64_STAT_MMIO_EXIT_USER);
	d.needed = true;
	v->mmio = d;
	return 0;
}

/*
 * kvm_handle_guest_abort(): the backend maps every slot, so an abort is an
 * access outside them or a write to a READONLY one.  A fetch from there is
 * the guest's own prefetch abort.
 */
int kvm_handle_guest_abort(struct kvm_vcpu *vcpu, const struct kvm_emu_exit *exit)
{
	if (exit->reason == KVM_EMU_IABT) {
		kvm_inject_pabt(vcpu, exit->addr);
		return 1;
	}
	return io_mem_abort(vcpu, exit);
}

/*
 * kvm_handle_mmio_return(): called at KVM_RUN while the last exit is an
 * MMIO exit.  A read's data goes to its register, sign-extended and
 * truncated as the syndrome says; either way the PC moves past the access,
 * wherever the VMM has put it meanwhile.  Not while an abort the VMM
 * injected is pending: the access is left undone, and still due at a later
 * KVM_RUN that finds the same exit (run.ev.dabt.mmio-read.immediate-exit).
 */
int kvm_handle_mmio_return(struct kvm_vcpu *vcpu)
{
	struct kvm_mmio_decode *d = &to_arm64_vcpu(vcpu)->mmio;
	uint64_t data = 0;

	if (!d->needed || kvm_pending_exception(vcpu))
		return 0;
	d->needed = false;
	if (!d->write) {
		memcpy(&data, vcpu->run->mmio.data, d->len);
		if (d->sign_extend && d->len < 8) {
			uint64_t sign = 1ULL << (d->len * 8 - 1);

			data = (data ^ sign) - sign;
		}
		if (!d->sf)
			data &= 0xffffffffULL;
		vcpu_set_reg(vcpu, d->rt, data);
	}
	kvm_incr_pc(vcpu);
	return 0;
}
