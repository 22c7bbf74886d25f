/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sgi: SGI 1 passed around the CPUs in a ring, ROUNDS times.  CPU 0 starts
 * every other CPU with PSCI CPU_ON (up to 16: until one does not exist),
 * waits until each has its GIC set up, then sends SGI 1 to CPU 1.  Each
 * CPU's IRQ handler passes it on to the next CPU; CPU 0's counts a round
 * and starts the next.  After the last round CPU 0 prints how many rounds
 * went around how many CPUs and powers off.  Meanwhile every CPU's
 * virtual timer interrupts it about every 4 ms (CNTFRQ / 256), re-armed
 * by the handler.  Handlers use x9-x15 only, and main code none of them
 * while an interrupt may arrive.
 * vCPU id n has MPIDR aff0 = n here (n < 16).
 */
#include "guest.h"

#define ROUNDS		50
#define SGI		1
#define MAX_CPUS	16

	.text
	.globl	_start
_start:
	mov	x19, #0
	bl	cpu_init
	/* Start CPUs 1, 2, ... until CPU_ON finds none. */
	mov	x20, #1
1:	cmp	x20, #MAX_CPUS
	b.eq	2f
	mov	x1, x20
	adr	x2, secondary
	mov	x3, x20				/* its x0: its number */
	psci	PSCI_CPU_ON_64
	cbnz	x0, 2f
	add	x20, x20, #1
	b	1b
2:	adr	x0, ncpus
	str	w20, [x0]
	movz	x1, #(UART_BASE >> 16), lsl #16
	cmp	x20, #2
	b.lt	alone
	/* Every CPU ready? */
	mov	x21, #1
3:	adr	x0, ready
	ldrb	w22, [x0, x21]
	cbz	w22, 3b
	add	x21, x21, #1
	cmp	x21, x20
	b.lt	3b

	mov	x0, #1
	bl	send_sgi
	mov	w24, #0
	wait_change done, w24
	mov	w4, #ROUNDS
	bl	putdec
	adr	x2, rounds_msg
	bl	puts
	mov	w4, w20
	bl	putdec
	adr	x2, cpus_msg
	bl	puts
	psci	PSCI_SYSTEM_OFF
	b	.

alone:
	adr	x2, alone_msg
	bl	puts
	psci	PSCI_SYSTEM_OFF
	b	.

	/* A started CPU: its number in x0; sleeps with IRQs on from then on. */
secondary:
	mov	x19, x0
	bl	cpu_init
	adr	x0, ready
	mov	w1, #1
	strb	w1, [x0, x19]
	dsb	sy
5:	wfi
	b	5b

	/* The vectors, this CPU's redistributor, interface and timer, IRQs on. */
cpu_init:
	gic_dist_init
	gic_cpu_init x19, ((1 << SGI) | (1 << INTID_VTIMER))
	mrs	x0, cntfrq_el0
	lsr	x0, x0, #8
	msr	cntv_tval_el0, x0
	mov	x0, #1
	msr	cntv_ctl_el0, x0
	msr	daifclr, #2
	ret

	/* SGI to the CPU numbered x0 (the handler has its own); clobbers x15. */
send_sgi:
	mov	x15, #1
	lsl	x15, x15, x0
	orr	x15, x15, #(SGI << 24)
	msr	ICC_SGI1R_EL1, x15
	isb
	ret

irq:
	mrs	x9, ICC_IAR1_EL1
	cmp	x9, #INTID_SPURIOUS
	b.eq	9f
	cmp	x9, #INTID_VTIMER
	b.ne	1f
	mrs	x10, cntfrq_el0			/* the next tick; the level drops */
	lsr	x10, x10, #8
	msr	cntv_tval_el0, x10
	isb
1:	msr	ICC_EOIR1_EL1, x9
	cmp	x9, #SGI
	b.ne	9f
	mrs	x10, mpidr_el1
	and	x10, x10, #0xf
	adr	x11, ncpus
	ldr	w12, [x11]
	add	x13, x10, #1			/* the next CPU, 0 after the last */
	cmp	x13, x12
	csel	x13, xzr, x13, eq
	cbnz	x10, 8f
	adr	x11, rounds
	ldr	w14, [x11]
	add	w14, w14, #1
	str	w14, [x11]
	cmp	w14, #ROUNDS
	b.lt	8f
	adr	x11, done
	mov	w14, #1
	str	w14, [x11]
	eret
8:	mov	x15, #1
	lsl	x15, x15, x13
	orr	x15, x15, #(SGI << 24)
	msr	ICC_SGI1R_EL1, x15
	isb
9:	eret

	/* w4 (< 100) in decimal to the UART at x1; clobbers w3, w5, w6, w17. */
putdec:
	mov	w5, #10
	udiv	w6, w4, w5
	cbz	w6, 1f
	add	w3, w6, #'0'
	putc	x1, w3
1:	msub	w6, w6, w5, w4
	add	w3, w6, #'0'
	putc	x1, w3
	ret

	guest_lib
	guest_vectors irq

	.balign	4
ncpus:
	.word	0
rounds:
	.word	0
done:
	.word	0
ready:
	.fill	MAX_CPUS, 1, 0
rounds_msg:
	.asciz	" rounds of SGI 1 around "
cpus_msg:
	.asciz	" CPUs: powering off\n"
alone_msg:
	.asciz	"one CPU: no one to send an SGI to\n"
