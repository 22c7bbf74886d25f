/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * doorbell: an interrupt from another thread of the VMM, RINGS times.
 * The CPU writes the doorbell (an MMIO exit to the VMM, which passes it to
 * its doorbell thread), then sleeps; that thread writes an eventfd that
 * KVM_IRQFD wired to SPI 37 (edge-triggered here: an irqfd only ever
 * raises the line), and the IRQ handler counts it.  The CPU prints each
 * ring, then powers off.  The handler uses x9-x11 only.
 */
#include "guest.h"

#define RINGS	5

	.text
	.globl	_start
_start:
	gic_dist_init				/* and the vectors */
	/* SPI 37: group 1, edge-triggered, enabled (routed to CPU 0 by reset). */
	movz	x0, #(GICD_BASE >> 16), lsl #16
	mov	w1, #(1 << (DOORBELL_INTID - 32))
	str	w1, [x0, #(GICD_IGROUPR + 4)]
	mov	w1, #(2 << (2 * (DOORBELL_INTID - 32)))
	str	w1, [x0, #(GICD_ICFGR + 8)]
	mov	w1, #(1 << (DOORBELL_INTID - 32))
	str	w1, [x0, #(GICD_ISENABLER + 4)]
	mov	x19, #0
	gic_cpu_init x19, 0
	movz	x1, #(UART_BASE >> 16), lsl #16
	movz	x24, #(DOORBELL_BASE >> 16), lsl #16
	mov	w20, #0				/* rings seen */

ring:
	str	wzr, [x24]
	wait_change rings, w20
	mov	w20, w23
	put_count ring_msg, w20
	cmp	w20, #RINGS
	b.lt	ring

	adr	x2, done_msg
	bl	puts
	psci	PSCI_SYSTEM_OFF
	b	.

irq:
	irq_counter DOORBELL_INTID, rings

	guest_lib
	guest_vectors irq

	.balign	4
rings:
	.word	0
ring_msg:
	.asciz	"doorbell "
done_msg:
	.asciz	"5 doorbell interrupts through an irqfd: powering off\n"
