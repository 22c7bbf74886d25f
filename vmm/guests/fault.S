/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fault: stores a register pair to the UART.  STP has no valid syndrome
 * for KVM to decode, so the VMM sees KVM_EXIT_ARM_NISV (or KVM_RUN fails
 * with ENOSYS when it did not enable KVM_CAP_ARM_NISV_TO_USER).
 */
#include "guest.h"

	.text
	.globl	_start
_start:
	movz	x1, #(UART_BASE >> 16), lsl #16
	adr	x2, before
	bl	puts
	stp	x1, x1, [x1]
	adr	x2, after
	bl	puts
	psci	PSCI_SYSTEM_OFF
	b	.

	guest_lib

before:
	.asciz	"Storing a register pair to the UART\n"
after:
	.asciz	"Not reached: the pair was stored\n"
