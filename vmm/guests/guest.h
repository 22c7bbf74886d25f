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
