// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A PL011 with an always-empty transmit FIFO: a write to DR is a character
 * on the console at once, FR says there is room, nothing is ever received.
 * Every other register reads as zero and ignores writes.
 */
#include <string.h>

#include "pl011.h"

void pl011_init(struct pl011 *uart, FILE *out)
{
	uart->out = out;
	uart->at_line_start = true;
	pthread_mutex_init(&uart->lock, NULL);
}

void pl011_destroy(struct pl011 *uart)
{
	pthread_mutex_destroy(&uart->lock);
}

void pl011_mmio(struct pl011 *uart, uint64_t offset, uint8_t *data, unsigned int len,
		bool is_write)
{
	uint32_t value = 0;

	if (!is_write) {
		if (offset == PL011_FR)
			value = PL011_FR_TXFE | PL011_FR_RXFE;
		memset(data, 0, len);
		memcpy(data, &value, len < sizeof(value) ? len : sizeof(value));
		return;
	}
	if (offset != PL011_DR)
		return;
	pthread_mutex_lock(&uart->lock);
	fputc(data[0], uart->out);
	uart->at_line_start = data[0] == '\n';
	if (uart->at_line_start)
		fflush(uart->out);
	pthread_mutex_unlock(&uart->lock);
}

void pl011_finish(struct pl011 *uart)
{
	pthread_mutex_lock(&uart->lock);
	if (!uart->at_line_start)
		fputc('\n', uart->out);
	uart->at_line_start = true;
	fflush(uart->out);
	pthread_mutex_unlock(&uart->lock);
}
