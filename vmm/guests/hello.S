/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* hello: prints a line on the UART, then powers the machine off. */
#include "guest.h"

	.text
	.globl	_start
_start:
	movz	x1, #(UART_BASE >> 16), lsl #16
	adr	x2, message
	bl	puts
	psci	PSCI_SYSTEM_OFF
	b	.			/* not reached: SYSTEM_OFF does not return */

	guest_lib

message:
	.asciz	"Hello from the guest!\n"
