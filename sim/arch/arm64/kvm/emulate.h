/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The guest-execution backend behind KVM_RUN: the part of the simulator
 * that plays the CPU.  The run loop (arm.c, handle_exit.c) sees only this
 * const ops table; emulate-unicorn.c provides the one backend there is.
 */
#ifndef KVMSIM_SIM_ARCH_ARM64_KVM_EMULATE_H
#define KVMSIM_SIM_ARCH_ARM64_KVM_EMULATE_H

#include <stdbool.h>
#include <stdint.h>

struct kvm;
struct kvm_vcpu;

/* Why the backend stopped: the traps KVM takes to EL2, and the budget. */
enum kvm_emu_stop {
	KVM_EMU_BUDGET,		/* the instruction budget is spent */
	KVM_EMU_DABT,		/* a data access outside memory, or a write to READONLY memory */
	KVM_EMU_IABT,		/* an instruction fetch outside memory */
	KVM_EMU_HVC,		/* PC is past the HVC */
	KVM_EMU_SMC,		/* PC is at the SMC, as for a trapped SMC */
	KVM_EMU_WFX,		/* PC is at the WFI/WFE, as for a trapped one */
	KVM_EMU_UNDEF,		/* PC is at an undefined instruction */
	KVM_EMU_BRK,		/* PC is at a BRK */
	KVM_EMU_BREAKPT,	/* PC is at an instruction a hardware breakpoint stops */
	KVM_EMU_WATCHPT,	/* PC is at an access a watchpoint stops, not done */
	KVM_EMU_VSERROR,	/* PC is where PSTATE.A lets a pending virtual SError in, not run */
	KVM_EMU_FAILED,		/* anything the backend cannot model */
};

/**
 * struct kvm_emu_exit - what stopped the guest.
 * @reason: enum kvm_emu_stop.
 * @addr: DABT, IABT: the guest address; WATCHPT: the watched address hit.
 * @va: DABT, IABT: the virtual address accessed (FAR_EL2).
 * @write: DABT, WATCHPT: a write.
 * @insn: DABT, UNDEF: the instruction word at the PC; BUDGET of one
 *	instruction (a single step): the instruction that ran.
 * @imm: HVC, SMC, BRK: the immediate.
 */
struct kvm_emu_exit {
	enum kvm_emu_stop reason;
	uint64_t addr;
	uint64_t va;
	bool write;
	uint32_t insn;
	uint16_t imm;
};

/**
 * struct kvm_arm_emu_ops - a guest-execution backend.
 * @name: for messages.
 * @vcpu_destroy: frees what @run set up; the vCPU may never have run.
 * @sync_memslots: after a memory-slot change: returns once every vCPU
 *	running guest code has taken the change in.
 * @vcpu_enter: once per KVM_RUN: the VMM may have rewritten guest memory,
 *	code included, since the last one.
 * @run: loads the vCPU's registers (struct kvm_vcpu_arm64) into the CPU,
 *	maps the VM's memory slots (the VMM's own memory, shared), runs at
 *	most @budget instructions, stores the registers back and says why it
 *	stopped.  It stops at the vCPU's hardware breakpoints and
 *	watchpoints (debug.c) before the instruction runs.  0 or a negative
 *	errno.  At its start, and whenever @kick asks, it raises or lowers
 *	the CPU's IRQ and FIQ inputs as kvm_arm_vcpu_irq_lines() says; the
 *	CPU takes the exception when PSTATE lets it.
 * @kick: from any thread: the vCPU's interrupt inputs may have changed.
 *	On the vCPU's own thread inside @run they are updated at once;
 *	from another thread the next slice looks at them.
 */
struct kvm_arm_emu_ops {
	const char *name;
	void (*vcpu_destroy)(struct kvm_vcpu *vcpu);
	void (*vcpu_enter)(struct kvm_vcpu *vcpu);
	int (*run)(struct kvm_vcpu *vcpu, uint64_t budget, struct kvm_emu_exit *exit);
	void (*sync_memslots)(struct kvm *kvm);
	void (*kick)(struct kvm_vcpu *vcpu);
};

/* The backend this build has, or NULL (configured without Unicorn). */
const struct kvm_arm_emu_ops *kvm_arm_emu(void);

#endif /* KVMSIM_SIM_ARCH_ARM64_KVM_EMULATE_H */
