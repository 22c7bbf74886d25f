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
}

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "seeds")
os.makedirs(out, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
