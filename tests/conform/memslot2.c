/*
 * memslot2.c - conformance section for KVM_SET_USER_MEMORY_REGION2
 * (Linux 6.8 and later; 6.1 has no such ioctl).
 */
#include "conform.h"

void sec_memslot2(void)
{
}
