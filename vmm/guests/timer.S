/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * timer: the virtual timer's interrupt through the GICv3, TICKS times.
 * The CPU arms CNTV for 10 ms and sleeps; the IRQ handler acknowledges
 * PPI 27, turns the timer off (its level drops), counts the tick and ends
 * the interrupt; the CPU prints the tick and arms the timer again.  Then
 * it powers off.  The handler uses x9-x12 only, which the rest leaves alone.
 */
#include "guest.h"

#define TICKS	5

	.text
	.globl	_start
_start:
	gic_dist_init				/* and the vectors */
	mov	x19, #0
	gic_cpu_init x19, (1 << INTID_VTIMER)
	mrs	x21, cntfrq_el0
	mov	x22, #100
	udiv	x21, x21, x22			/* 10 ms of counter ticks */
	mov	w20, #0				/* ticks printed */
	movz	x1, #(UART_BASE >> 16), lsl #16

arm:
	msr	cntv_tval_el0, x21
	mov	x0, #1				/* ENABLE, not masked */
	msr	cntv_ctl_el0, x0
	isb
	wait_change ticks, w20
	mov	w20, w23
	put_count tick_msg, w20
	cmp	w20, #TICKS
	b.lt	arm

	adr	x2, done_msg
	bl	puts
	psci	PSCI_SYSTEM_OFF
	b	.

irq:
	irq_counter INTID_VTIMER, ticks, timer=1

	guest_lib
	guest_vectors irq

	.balign	4
ticks:
	.word	0
tick_msg:
	.asciz	"tick "
done_msg:
	.asciz	"5 virtual timer interrupts: powering off\n"
