/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The simulator's side of kvmsim/inject.h: where the file layer and the
 * run loop ask whether a call is to fail or a scripted exit is due.
 */
#ifndef SIM_VIRT_KVM_INJECT_H
#define SIM_VIRT_KVM_INJECT_H

#include <stdbool.h>

struct kvm_vcpu;

enum kvm_inject_target {
	INJECT_SYS,
	INJECT_VM,
	INJECT_VCPU,
};

/*
 * 0, or the -errno an injection rule gives this open of /dev/kvm (reads
 * KVMSIM_INJECT on the first call; a malformed one fails every open).
 */
int kvm_inject_open(void);
/* 0, or the -errno a rule gives this ioctl; @vcpu is NULL unless INJECT_VCPU. */
int kvm_inject_ioctl(enum kvm_inject_target target, struct kvm_vcpu *vcpu, unsigned int ioctl);
/* 0, or the -errno a rule gives this mmap of a simulated fd. */
int kvm_inject_mmap(enum kvm_inject_target target, struct kvm_vcpu *vcpu);
/*
 * Where KVM_RUN would enter the guest: true when a scripted exit was due
 * and has been written to vcpu->run; KVM_RUN then returns 0.
 */
bool kvm_inject_run_exit(struct kvm_vcpu *vcpu);

#endif /* SIM_VIRT_KVM_INJECT_H */
