/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regs.h - names of arm64 KVM register ids (KVM_GET_ONE_REG,
 * KVM_SET_ONE_REG, KVM_GET_REG_LIST), both ways.
 *
 * A register id is KVM_REG_ARM64 | KVM_REG_SIZE_* | a class (the "coproc"
 * field, bits 16-27) | the class's index.  The names are:
 *
 *   core     the field of struct kvm_regs: regs.regs[0]..regs.regs[30],
 *            regs.sp, regs.pc, regs.pstate, sp_el1, elr_el1, spsr[0..4],
 *            fp_regs.vregs[0..31] (U128), fp_regs.fpsr, fp_regs.fpcr (U32)
 *   sysreg   the simulator's table name (MPIDR_EL1), or S<op0>_<op1>_C<CRn>_
 *            C<CRm>_<op2> for an encoding it does not name
 *   timer    TIMER_CTL, TIMER_CNT, TIMER_CVAL, PTIMER_CTL, PTIMER_CNT,
 *            PTIMER_CVAL (the uapi's KVM_REG_ARM_* names: the virtual
 *            timer's CNT and CVAL ids carry each other's encoding)
 *   fw       PSCI_VERSION, SMCCC_ARCH_WORKAROUND_1, _2, _3
 *   fw-bmap  STD_BMAP, STD_HYP_BMAP, VENDOR_HYP_BMAP
 *   sve      z0..z31, p0..p15, ffr (slice 0; "z3.slice1" for others), vls
 *   demux    CCSIDR_EL1[N], N the CSSELR_EL1 value
 *
 * kvmsim_reg_id() takes these names and, ignoring case, aliases: x0..x30,
 * sp, pc, pstate, v0..v31, fpsr, fpcr, spsr_el1 (spsr_abt, _und, _irq,
 * _fiq), CCSIDR[N], the uapi's KVM_REG_ARM_ / KVM_REG_ARM64_ prefixed
 * names (KVM_REG_ARM_PSCI_VERSION, KVM_REG_ARM64_SVE_VLS) and the timer
 * registers' architectural names (CNTV_CTL_EL0, CNTVCT_EL0, CNTV_CVAL_EL0,
 * CNTP_CTL_EL0, CNTPCT_EL0, CNTP_CVAL_EL0).
 *
 * The names do not depend on the kernel release or the vCPU: whether a
 * given vCPU has the register is KVM_GET_REG_LIST's business.
 */
#ifndef KVMSIM_KVMSIM_REGS_H
#define KVMSIM_KVMSIM_REGS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * kvmsim_reg_name() - the name of an arm64 register id.
 * @id: a KVM register id.
 * @buf: where the name goes, NUL-terminated, truncated to fit (may be NULL
 *	when @len is 0).
 * @len: the size of @buf.
 *
 * Return: the length of the whole name, as snprintf() counts it (a result
 * of @len or more means @buf was too small), or -1 with errno set to
 * EINVAL when @id is no arm64 register: wrong architecture, size or class
 * field, stray bits, a core offset that is not a register's start, an
 * index no register has.  kvmsim_reg_describe() says which.
 */
int kvmsim_reg_name(uint64_t id, char *buf, size_t len);

/**
 * kvmsim_reg_describe() - one line about an arm64 register id.
 * @id: a KVM register id.
 * @buf: where the line goes, NUL-terminated, truncated to fit.
 * @len: the size of @buf.
 *
 * The line is the class, the name and details in parentheses:
 * "core regs.pc (u64)", "sysreg MPIDR_EL1 (3,0,0,0,5)",
 * "sve z3 (u2048, slice 0)".  For an id that is no register, @buf gets the
 * reason instead, naming the field that is wrong: "size U32 does not match
 * regs.pc, which is U64".
 *
 * Return: the length of the whole line, as snprintf() counts it, or -1
 * with errno set to EINVAL when @id is no arm64 register (@buf then holds
 * the reason).
 */
int kvmsim_reg_describe(uint64_t id, char *buf, size_t len);

/**
 * kvmsim_reg_id() - the id of a named arm64 register.
 * @name: a name as kvmsim_reg_name() gives it, or an alias (see above);
 *	case does not matter.
 * @ret_id: where the id goes; untouched on failure.
 *
 * Return: 0, or -1 with errno set: ENOENT when no register has that name,
 * ERANGE when the name has a known form but a number out of range (x31,
 * v32, spsr[5], p16, a slice above 31, CCSIDR_EL1[14], S3_8_C0_C0_0 with
 * op1 wider than its 3 bits), EINVAL when @name or @ret_id is NULL.
 */
int kvmsim_reg_id(const char *name, uint64_t *ret_id);

#ifdef __cplusplus
}
#endif

#endif /* KVMSIM_KVMSIM_REGS_H */
