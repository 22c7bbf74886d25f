/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pl011.h - the reference VMM's UART: an ARM PL011 seen through MMIO
 * exits, transmit only.
 */
#ifndef KVMSIM_VMM_PL011_H
#define KVMSIM_VMM_PL011_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Register offsets and flag bits the guests use (PL011 TRM). */
#define PL011_DR	0x000
#define PL011_FR	0x018
#define PL011_FR_RXFE	(1u << 4)	/* receive FIFO empty */
#define PL011_FR_TXFE	(1u << 7)	/* transmit FIFO empty */

struct pl011 {
	FILE *out;
	pthread_mutex_t lock;
	bool at_line_start;
};

void pl011_init(struct pl011 *uart, FILE *out);
void pl011_destroy(struct pl011 *uart);

/*
 * One access of @len bytes at @offset: a write's bytes come from @data, a
 * read's go to it.  vCPUs may call it at the same time.
 */
void pl011_mmio(struct pl011 *uart, uint64_t offset, uint8_t *data, unsigned int len,
		bool is_write);

/* Ends a line the guest left open, so that what follows starts on its own. */
void pl011_finish(struct pl011 *uart);

#endif /* KVMSIM_VMM_PL011_H */
