#!/usr/bin/env python3
# gen-seeds.py - writes tests/fuzz/seeds/: a few inputs for fuzz-ioctl that
# each walk one path a VMM takes, so fuzzing starts from deep states.
# The bytes follow the order in which fuzz-ioctl.c reads its operands.
# Usage: tests/fuzz/gen-seeds.py [DIR]   (default: the seeds/ beside it)
import os
import struct
import sys

PC, MPIDR, VLS = 1, 8, 20          # indices into fuzz-ioctl.c's reg_ids[]
SCRATCH = 4                        # pick_ptr: the scratch page


def ptr(payload=b""):
    return bytes([SCRATCH, len(payload)]) + payload


def init(features, vcpu=0, vm=0):
    # vcpu, vm, keep preferred target, features[0] as a u8, no features[1..], use struct
    return bytes([3, vcpu, vm, 0, 0, features, 0, 1])


def get_reg(sel, vcpu=0):
    return bytes([4, vcpu, sel]) + ptr() + bytes([1])


def set_reg(sel, value, vcpu=0):
    return bytes([5, vcpu, sel]) + ptr(struct.pack("<Q", value)) + bytes([1])


def reg_list(n, vcpu=0):
    return bytes([6, vcpu, 64]) + ptr(struct.pack("<Q", n))


def memslot(slot, flags, gpa_pages, size_pages, vm=0):
    return bytes([7, 0, slot, 0, flags, gpa_pages, size_pages, vm, 1])


def enable_cap(cap, arg0=0):
    return bytes([9, 1, cap, 0]) + struct.pack(">Q", arg0) + bytes([1, 1])


def check_ext(cap):
    return bytes([8, 0, 1, cap])


def mmap_vcpu(pgoff):
    return bytes([12, 2, 1, pgoff, 1, 0])


def run(vcpu=0):
    return bytes([13, vcpu])


def finalize(feature, vcpu=0):
    return bytes([10, vcpu]) + ptr(struct.pack("<I", feature))


def create_gic():
    # vm 0, vgic-v3, no flags, the struct
    return bytes([20, 0, 0])


def gic_attr(cmd, group, attr_index, value=None, mpidr=0):
    # cmd: 0 SET, 1 GET, 2 HAS; attr_index into op_device_attr's attrs[]
    payload = struct.pack("<Q", value) if value is not None else b""
    return bytes([21, 0, 0, group, attr_index, mpidr]) + ptr(payload) + bytes([cmd])


def irqfd(gsi, efd=0, resample_efd=None, write=1):
    flags = 2 if resample_efd is not None else 0
    extra = bytes([resample_efd]) if resample_efd is not None else b""
    return bytes([23, 0, 0, efd, gsi, flags]) + extra + bytes([write])


def irq_line(kind, vcpu, num, level):
    return bytes([22, 0, 0, kind, vcpu]) + struct.pack(">H", num) + bytes([level])


def routes(*pins):
    # irqchip entries gsi n -> pin, four entries read, len(pins) used
    entries = b"".join(bytes([0, gsi]) + bytes([0]) + struct.pack(">H", pin)
                       for gsi, pin in pins)
    entries += bytes(5 * (4 - len(pins)))
    return bytes([24, 0, 0, len(pins)]) + entries


VGIC = (init(0x04) + create_gic()
        + gic_attr(0, 0, 0, 0x08000000) + gic_attr(0, 0, 1, 0x080a0000)
        + gic_attr(0, 3, 5, 128) + gic_attr(0, 4, 3)
        + gic_attr(1, 1, 6) + gic_attr(1, 6, 19) + gic_attr(2, 5, 14)
        + irqfd(1) + irqfd(2, efd=1, resample_efd=2) + irq_line(1, 0, 33, 1)
        + irq_line(2, 0, 27, 1) + routes((0, 0), (1, 5))
        + mmap_vcpu(0) + run())

seeds = {
    "regs-6.12": b"\x00" + init(0x04) + get_reg(PC) + set_reg(PC, 0x40000000)
                 + get_reg(MPIDR) + reg_list(1) + reg_list(400),
    "regs-6.1": b"\x01" + init(0x04) + get_reg(PC) + set_reg(PC, 0x40000000) + reg_list(400),
    "memslots": b"\x00" + memslot(0, 0, 0x10, 4) + memslot(1, 2, 0x20, 4)
                + memslot(0, 1, 0x10, 4) + memslot(0, 0, 0x10, 0),
    "caps": b"\x01" + check_ext(165) + check_ext(177) + enable_cap(177) + check_ext(66),
    "run": b"\x00" + init(0x04) + mmap_vcpu(0) + mmap_vcpu(1) + run(),
    "sve": b"\x00" + init(0x14) + get_reg(VLS) + finalize(4) + get_reg(VLS) + run(),
    "el1-32": b"\x01" + init(0x06) + get_reg(PC) + reg_list(400),
    "vgic-6.12": b"\x00" + VGIC,
    "vgic-6.1": b"\x01" + VGIC,
}

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "seeds")
os.makedirs(out, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
