/* SPDX-License-Identifier: MIT */
/*
 * kvmsim's stand-in for <linux/bitfield.h>, for building the kernel's KVM
 * selftests of a release whose tools/include lacks that header.
 *
 * Why: Debian's 6.1 source has aarch64/vgic_init.c use FIELD_PREP() from
 * <linux/bitfield.h>, but 6.1's tools/include/linux has no bitfield.h (it
 * came to tools/ later), so that test does not compile as shipped.
 * tests/selftests/build.sh adds this directory to the include path only
 * when the tree has no bitfield.h of its own.
 *
 * Written for kvmsim: the field macros over a contiguous, non-zero,
 * constant mask, with the shift taken from the mask's lowest set bit.
 */
#ifndef KVMSIM_COMPAT_LINUX_BITFIELD_H
#define KVMSIM_COMPAT_LINUX_BITFIELD_H

/* Position of the lowest set bit of MASK (MASK must not be 0). */
#define kvmsim_field_shift(mask) __builtin_ctzll((unsigned long long)(mask))

/* The largest value a field of MASK holds. */
#define FIELD_MAX(mask) \
	((typeof(mask))((mask) >> kvmsim_field_shift(mask)))

/* Does VAL fit in the field MASK? */
#define FIELD_FIT(mask, val) \
	(!((((unsigned long long)(val)) << kvmsim_field_shift(mask)) & ~(unsigned long long)(mask)))

/* VAL moved into the field MASK (bits of VAL beyond the field dropped). */
#define FIELD_PREP(mask, val) \
	((typeof(mask))(((typeof(mask))(val) << kvmsim_field_shift(mask)) & (mask)))

/* The field MASK of REG, moved down to bit 0. */
#define FIELD_GET(mask, reg) \
	((typeof(mask))(((reg) & (mask)) >> kvmsim_field_shift(mask)))

#endif
