/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smp: each CPU prints its MPIDR_EL1, then starts the next one with PSCI
 * CPU_ON and turns itself off; the last (whose CPU_ON finds no next CPU)
 * powers the machine off.  One CPU prints at a time, so lines never mix.
 * vCPU id n has MPIDR affinity aff0 = n & 0xf, aff1 = n >> 4.
 */
#include "guest.h"

	.text
	.globl	_start
_start:
	mrs	x19, mpidr_el1
	movz	x1, #(UART_BASE >> 16), lsl #16
	adr	x2, hello
	bl	puts
	mov	x4, x19
	bl	puthex
	mov	w3, #'\n'
	putc	x1, w3

	/* Next vCPU id: this one's plus one, back into affinity form. */
	ubfx	x20, x19, #0, #4
	ubfx	x21, x19, #8, #8
	orr	x20, x20, x21, lsl #4
	add	x20, x20, #1
	and	x21, x20, #0xf
	lsr	x22, x20, #4
	orr	x1, x21, x22, lsl #8
	adr	x2, _start
	mov	x3, #0
	psci	PSCI_CPU_ON_64
	cbnz	x0, last		/* no such CPU: this is the last one */
	psci	PSCI_CPU_OFF
	b	.

last:
	movz	x1, #(UART_BASE >> 16), lsl #16
	adr	x2, goodbye
	bl	puts
	psci	PSCI_SYSTEM_OFF
	b	.

	guest_lib

hello:
	.asciz	"Hello from the CPU with MPIDR "
goodbye:
	.asciz	"Last CPU up: powering off\n"
