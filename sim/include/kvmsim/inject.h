/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kvmsim/inject.h - fault injection and scripted exits, simulator only.
 *
 * A VMM's error paths are hard to reach on real KVM: the kernel rarely
 * fails a KVM_SET_ONE_REG, and a guest does not exit with
 * KVM_EXIT_FAIL_ENTRY on request.  On the simulator a test says which
 * calls fail and which exits KVM_RUN returns, in rules such as
 *
 *	KVM_SET_ONE_REG#3=EFAULT		the 3rd KVM_SET_ONE_REG fails
 *	KVM_RUN@vcpu1=EINTR			vCPU 1's next KVM_RUN: EINTR
 *	KVM_RUN@vcpu0=exit:fail_entry:0x10	... returns a scripted exit
 *	KVM_CREATE_VCPU#2+=ENOMEM		the 2nd and every later one fail
 *	open=ENOENT				opening /dev/kvm fails
 *
 * The same rules come from the environment variable KVMSIM_INJECT, read
 * when the process first opens a simulated /dev/kvm, so a VMM run under
 * kvmsim-run or through the shim's simulator backend is scripted without
 * changing it.  With KVMSIM_INJECT_STRICT=1 as well, the process names on
 * stderr at exit every rule (of the environment's or kvmsim_inject()'s)
 * that never took a call, and how many; its exit status stays its own.
 * The grammar (README, "Fault injection and scripted exits"):
 *
 *	rules	:= rule { (';' | ' ' | newline) rule }
 *	rule	:= call [ '@' fd ] [ '#' N [ '+' ] ] '=' action
 *	call	:= KVM_... ioctl name | ioctl number (0xae80) | open | mmap
 *	fd	:= sys | vm | vcpu | vcpuID
 *	action	:= errno name (EFAULT) or number | 'exit:' exit   (KVM_RUN only)
 *	exit	:= mmio:ADDR:LEN:r | mmio:ADDR:LEN:w:DATA
 *		 | system_event:TYPE[:DATA...]  (shutdown, reset, crash, wakeup,
 *						 suspend or a number)
 *		 | fail_entry:REASON[:CPU] | internal_error:SUBERROR[:DATA...]
 *		 | arm_nisv:ESR_ISS:FAULT_IPA | debug:HSR:FAR | shutdown
 *		 | REASON (a number; the exit's fields all zero)
 *
 * A call is offered to the rules in the order they were added; each rule
 * counts the calls it matches that no earlier rule took, and takes the
 * N-th (default 1st; with '+' the N-th and every later one).  A taken call
 * fails at once with the errno, before the kernel would look at anything
 * (a KVM_RUN failing with EINTR also sets exit_reason KVM_EXIT_INTR, as a
 * signal would).  An exit rule counts only the KVM_RUN calls that would
 * enter the guest - after the checks of an uninitialised vCPU, the
 * completion of a pending MMIO and immediate_exit, and for a stopped vCPU
 * once it is started - and returns 0 with
 * exit_reason and the exit's fields set as given; the guest does not run
 * and the data a VMM then writes for a scripted MMIO read goes nowhere.
 * Rules apply to every VM of the process.  Without Unicorn, KVM_RUN still
 * serves scripted exits.
 */
#ifndef KVMSIM_INJECT_H
#define KVMSIM_INJECT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * kvmsim_inject() - add fault-injection and scripted-exit rules.
 * @rules: one or more rules in the grammar above.
 * @ret_msg: NULL, or where a syntax error is explained (which rule, what
 *	is wrong); untouched on success.
 * @msg_len: size of @ret_msg.
 *
 * Return: 0, or -1 with errno EINVAL when a rule is malformed (then none
 * of @rules is added) or ENOMEM.
 */
int kvmsim_inject(const char *rules, char *ret_msg, size_t msg_len);

/**
 * kvmsim_inject_clear() - drop every rule, spent or not, including those
 * read from KVMSIM_INJECT.
 */
void kvmsim_inject_clear(void);

/**
 * kvmsim_inject_pending() - how many rules have not been taken yet.
 *
 * Rules ending in '+' never count: they stay.  A test that scripted a run
 * asserts 0 at its end to know every scripted exit was returned.
 */
size_t kvmsim_inject_pending(void);

#ifdef __cplusplus
}
#endif

#endif /* KVMSIM_INJECT_H */
