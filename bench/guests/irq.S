/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * irq: kvmsim-bench's guest for interrupt latencies, on the machine of the
 * reference VMM (vmm/guests/guest.h: its GICv3 addresses).  The bench sets
 * the registers at entry:
 *
 *   x0  the role: 0 sleeper, 1 SGI pinger, 2 SGI ponger
 *   x1  the guest address of a 32-bit counter (in memory the host reads)
 *   x2  pinger: where to store CNTFRQ_EL0, then each round trip's CNTVCT
 *       ticks (64-bit words)
 *   x3  pinger: how many round trips
 *   x4  pinger: an MMIO address to store to when done (an exit)
 *
 * Every role turns on the distributor, SPI 32 (edge-triggered, group 1)
 * and its own SGI 1, unmasks IRQs and:
 *   sleeper - sleeps in WFI; its handler adds one to the counter for each
 *             SPI 32 (a KVM_IRQ_LINE's or an irqfd's);
 *   ponger  - sleeps in WFI; its handler answers each SGI 1 with SGI 1 to
 *             CPU 0;
 *   pinger  - (CPU 0) sends SGI 1 to CPU 1 and sleeps until its handler
 *             has counted the answer, timing each round trip with CNTVCT.
 * Handlers use x9-x11 only; the main code keeps x19-x28.
 */
#include "guest.h"

#define SGI		1
#define SPI		32

	.text
	.globl	_start
_start:
	mov	x19, x0
	mov	x20, x1
	mov	x21, x2
	mov	x22, x3
	mov	x23, x4
	mrs	x24, mpidr_el1
	and	x24, x24, #0xf
	gic_dist_init				/* and the vectors */
	movz	x0, #(GICD_BASE >> 16), lsl #16
	mov	w1, #(1 << (SPI - 32))
	str	w1, [x0, #(GICD_IGROUPR + 4)]
	mov	w1, #(2 << (2 * (SPI - 32)))
	str	w1, [x0, #(GICD_ICFGR + 8)]
	mov	w1, #(1 << (SPI - 32))
	str	w1, [x0, #(GICD_ISENABLER + 4)]
	gic_cpu_init x24, (1 << SGI)
	msr	daifclr, #2
	cmp	x19, #1
	b.eq	pinger
sleep:
	wfi
	b	sleep

pinger:
	mrs	x0, cntfrq_el0
	str	x0, [x21], #8
	mov	x25, #0
1:	isb
	mrs	x26, cntvct_el0
	mov32	x0, ((SGI << 24) | (1 << 1))	/* SGI 1 to CPU 1 */
	msr	ICC_SGI1R_EL1, x0
	isb
	/* Sleep until the counter moves, checked with IRQs masked. */
2:	msr	daifset, #2
	ldr	w27, [x20]
	cmp	w27, w25
	b.ne	3f
	wfi
	msr	daifclr, #2
	isb
	b	2b
3:	msr	daifclr, #2
	isb
	mrs	x28, cntvct_el0
	sub	x28, x28, x26
	str	x28, [x21, x25, lsl #3]
	add	x25, x25, #1
	cmp	x25, x22
	b.lt	1b
	str	xzr, [x23]
	b	.

irq:
	mrs	x9, ICC_IAR1_EL1
	cmp	x9, #INTID_SPURIOUS
	b.eq	2f
	msr	ICC_EOIR1_EL1, x9
	cmp	x19, #2
	b.ne	1f
	mov32	x10, ((SGI << 24) | 1)		/* the answer, to CPU 0 */
	msr	ICC_SGI1R_EL1, x10
	isb
	eret
1:	ldr	w10, [x20]
	add	w10, w10, #1
	str	w10, [x20]
2:	eret

	guest_lib
	guest_vectors irq
