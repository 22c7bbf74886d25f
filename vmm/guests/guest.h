/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * guest.h - shared by the reference VMM's guests: the machine's addresses
 * (vmm/vmm.h), PSCI function ids, and a few assembler helpers.  Guests run
 * at EL1 with the MMU off and no stack, and are position independent.
 */
#define UART_BASE		0x09000000
#define UART_DR			0x000
#define UART_FR			0x018
#define UART_FR_TXFF		5		/* bit: transmit FIFO full */

#define PSCI_CPU_OFF		0x84000002
#define PSCI_CPU_ON_64		0xc4000003
#define PSCI_SYSTEM_OFF		0x84000008
#define PSCI_SYSTEM_RESET	0x84000009

	/* \reg = a 32-bit constant, in two moves (no literal pool needed). */
	.macro	mov32 reg, val
	movz	\reg, #((\val) & 0xffff)
	movk	\reg, #(((\val) >> 16) & 0xffff), lsl #16
	.endm

	/* A PSCI call over HVC with function id \fn; x1-x3 as set by the caller. */
	.macro	psci fn
	mov32	x0, \fn
	hvc	#0
	.endm

	/* The byte in \c to the UART at \base once it has room; clobbers w17. */
	.macro	putc base, c
9:	ldr	w17, [\base, #UART_FR]
	tbnz	w17, #UART_FR_TXFF, 9b
	strb	\c, [\base, #UART_DR]
	.endm

	/*
	 * The subroutines, placed by each guest after its code:
	 *   puts:   the NUL-terminated string at x2 (clobbers x2, w3, w17)
	 *   puthex: x4 as 0x and 16 hex digits (clobbers x5, x6, w3, w17)
	 * Both write to the UART whose base is in x1.
	 */
	.macro	guest_lib
	.balign	4
puts:
1:	ldrb	w3, [x2], #1
	cbz	w3, 2f
	putc	x1, w3
	b	1b
2:	ret

puthex:
	mov	w3, #'0'
	putc	x1, w3
	mov	w3, #'x'
	putc	x1, w3
	mov	x5, #60
3:	lsr	x6, x4, x5
	and	x6, x6, #0xf
	cmp	x6, #10
	b.lt	4f
	add	x6, x6, #('a' - '0' - 10)
4:	add	w3, w6, #'0'
	putc	x1, w3
	subs	x5, x5, #4
	b.ge	3b
	ret
	.endm

/*
 * The GICv3 of the machine (vmm/vmm.h) and its CPU interface, for the
 * guests that take interrupts.  The system registers by encoding, which
 * every assembler knows.
 */
#define GICD_BASE		0x08000000
#define GICD_CTLR		0x0000
#define GICD_CTLR_ARE_G1	0x12		/* ARE | EnableGrp1 */
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICFGR		0x0c00
#define GICR_BASE		0x080a0000
#define GICR_STRIDE		0x20000		/* one vCPU's RD and SGI frames */
#define GICR_WAKER		0x0014
#define GICR_IGROUPR0		0x0080		/* in the SGI frame */
#define GICR_ISENABLER0		0x0100		/* in the SGI frame */

#define DOORBELL_BASE		0x09010000
#define DOORBELL_INTID		37

#define INTID_VTIMER		27
#define INTID_SPURIOUS		1023

#define ICC_PMR_EL1		S3_0_C4_C6_0
#define ICC_IAR1_EL1		S3_0_C12_C12_0
#define ICC_EOIR1_EL1		S3_0_C12_C12_1
#define ICC_SGI1R_EL1		S3_0_C12_C11_5
#define ICC_SRE_EL1		S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1		S3_0_C12_C12_7

	/*
	 * VBAR_EL1 at the vectors (guest_vectors), and the distributor on with
	 * affinity routing and group 1; clobbers x0, w1.
	 */
	.macro	gic_dist_init
	adr	x0, vectors
	msr	vbar_el1, x0
	isb
	movz	x0, #(GICD_BASE >> 16), lsl #16
	mov	w1, #GICD_CTLR_ARE_G1
	str	w1, [x0, #GICD_CTLR]
	.endm

	/*
	 * The redistributor of the CPU numbered \cpu (a register: its vCPU id)
	 * awake, its SGIs and PPIs in group 1 with those of the 32-bit \mask
	 * enabled, and the CPU interface taking every priority; clobbers x0, x1.
	 */
	.macro	gic_cpu_init cpu, mask
	movz	x0, #(GICR_BASE >> 16), lsl #16
	mov	x1, #GICR_STRIDE
	madd	x0, \cpu, x1, x0
	str	wzr, [x0, #GICR_WAKER]
	add	x0, x0, #0x10, lsl #12		/* the SGI frame */
	mov	w1, #-1
	str	w1, [x0, #GICR_IGROUPR0]
	mov32	x1, \mask
	str	w1, [x0, #GICR_ISENABLER0]
	mrs	x1, ICC_SRE_EL1
	orr	x1, x1, #1
	msr	ICC_SRE_EL1, x1
	isb
	mov	x1, #0xff
	msr	ICC_PMR_EL1, x1
	mov	x1, #1
	msr	ICC_IGRPEN1_EL1, x1
	isb
	.endm

	/*
	 * The exception vectors: \irq for an IRQ taken at EL1 on SP_EL1 (the
	 * only exception these guests expect), anything else reported with its
	 * ESR_EL1 and ELR_EL1 before the guest powers off.  Place with
	 * guest_lib, whose puts and puthex it uses.
	 */
	.macro	guest_vectors irq
	.balign	2048
vectors:
	.rept	5
	b	unexpected
	.balign	128
	.endr
	b	\irq				/* VBAR + 0x280 */
	.balign	128
	.rept	10
	b	unexpected
	.balign	128
	.endr
unexpected:
	movz	x1, #(UART_BASE >> 16), lsl #16
	adr	x2, unexpected_msg
	bl	puts
	mrs	x4, esr_el1
	bl	puthex
	adr	x2, unexpected_at
	bl	puts
	mrs	x4, elr_el1
	bl	puthex
	mov	w3, #'\n'
	putc	x1, w3
	psci	PSCI_SYSTEM_RESET
	b	.
unexpected_msg:
	.asciz	"unexpected exception: ESR "
unexpected_at:
	.asciz	" at "
	.balign	4
	.endm

	/*
	 * Sleep until the word at \counter is no longer w\seen, leaving it in
	 * w23.  It is checked with IRQs masked, so an interrupt that comes
	 * between the check and WFI still ends the WFI; then taken.  Clobbers x0.
	 */
	.macro	wait_change counter, seen
1:	msr	daifset, #2
	adr	x0, \counter
	ldr	w23, [x0]
	cmp	w23, \seen
	b.ne	2f
	wfi
	msr	daifclr, #2
	isb
	b	1b
2:	msr	daifclr, #2
	.endm

	/*
	 * An IRQ handler: acknowledges, adds one to the word at \counter for
	 * INTID \intid (after turning the virtual timer off, with \timer 1: its
	 * level drops), ends the interrupt, returns.  Uses x9-x11 only.
	 */
	.macro	irq_counter intid, counter, timer=0
	mrs	x9, ICC_IAR1_EL1
	cmp	x9, #INTID_SPURIOUS
	b.eq	2f
	cmp	x9, #\intid
	b.ne	1f
	.if	\timer
	msr	cntv_ctl_el0, xzr
	isb
	.endif
	adr	x10, \counter
	ldr	w11, [x10]
	add	w11, w11, #1
	str	w11, [x10]
1:	msr	ICC_EOIR1_EL1, x9
2:	eret
	.endm

	/* The string at \msg, the digit w\n (< 10) and a newline; as puts. */
	.macro	put_count msg, n
	adr	x2, \msg
	bl	puts
	add	w3, \n, #'0'
	putc	x1, w3
	mov	w3, #'\n'
	putc	x1, w3
	.endm
