#!/bin/bash
# vmm-real.sh - the reference VMM on real arm64 KVM and on the simulator:
# the same guests, the same output.  See --help.

set -u

prog=vmm-real
here=$(cd "$(dirname "$0")" && pwd)

# The runs compared: kvmsim-vmm's arguments, the guest image last.
cases=(
    "hello.bin"
    "--cpus=4 smp.bin"
    "--cpus=17 smp.bin"
    "fault.bin"
    "--single-step hello.bin"
    "--no-gic hello.bin"
    "timer.bin"
    "doorbell.bin"
    "--cpus=4 sgi.bin"
    "--cpus=1 sgi.bin"
)

usage() {
    cat <<EOF
Usage: $prog --vmm-aarch64 FILE --vmm-sim FILE --guests DIR
             [--kernel 6.1|6.12]... [--cache DIR] [--timeout SECS]
             [--keep DIR] [--trs FILE]

Boots each kernel in qemu (tests/real/boot.sh) with FILE, the reference
VMM built statically for aarch64, and the guest images of DIR, and runs
there, on real KVM (the VMM's auto backend):
$(for c in "${cases[@]}"; do echo "    kvmsim-vmm $c"; done)
Then runs the same with the host build of the VMM on the simulator
(--backend=sim --kernel=K) and compares each run's output (stdout and
stderr) and exit status.  Any difference fails, shown as a diff, real KVM
first.

Options:
  --vmm-aarch64 FILE  kvmsim-vmm for aarch64, statically linked
  --vmm-sim FILE      kvmsim-vmm for this host
  --guests DIR        where the guest images (vmm/guests/*.bin) are
  --kernel K          6.1 or 6.12 (repeatable; default: both)
  --cache DIR         the kernel cache (default: \$KVMSIM_REAL_CACHE, else
                      /work/real-cache)
  --timeout SECS      limit for each boot (default 600)
  --keep DIR          keep the work files in DIR
  --trs FILE          append one ":test-result:" line per kernel to FILE

Exit status: 0 identical on every kernel; 1 a difference or a failed
step; 2 usage error; 77 qemu or the kernels are missing (skip).
EOF
}

real_dir=$here
. "$here/lib.sh"
vmm_a64='' vmm_sim='' guests=''
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}"; continue ;;
        -*)
            [ $# -ge 2 ] || die "$1 needs an argument"
            case $1 in
                --vmm-aarch64) vmm_a64=$2 ;;
                --vmm-sim) vmm_sim=$2 ;;
                --guests) guests=$2 ;;
                *) real_opt "$1" "$2" || { echo "$prog: unknown argument: $1" >&2; usage >&2; exit 2; } ;;
            esac
            shift 2 ;;
        *) echo "$prog: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
[ -n "$vmm_a64" ] && [ -n "$vmm_sim" ] && [ -n "$guests" ] ||
    die "--vmm-aarch64, --vmm-sim and --guests are required (see --help)"
real_kernels

command -v "${QEMU:-qemu-system-aarch64}" >/dev/null 2>&1 || {
    say "SKIP: ${QEMU:-qemu-system-aarch64} not found (apt-get install qemu-system-arm ipxe-qemu)"
    exit 77
}
for k in "${kernels[@]}"; do
    [ -r "$cache/$k/vmlinuz" ] || { say "SKIP: no kernel $k in $cache"; exit 77; }
done
guest_names=(hello smp fault timer doorbell sgi)
files=("$vmm_a64" "$vmm_sim")
for g in "${guest_names[@]}"; do files+=("$guests/$g.bin"); done
for f in "${files[@]}"; do
    [ -r "$f" ] || { echo "$prog: $f: not found" >&2; exit 1; }
done

real_workdir vmm-real

runs=() bins=(--bin "$vmm_a64")
for g in "${guest_names[@]}"; do bins+=(--bin "$guests/$g.bin"); done
for c in "${cases[@]}"; do
    set -- $c
    runs+=(--run "$(basename "$vmm_a64") ${*:1:$#-1} /bin/${!#}")
done

status=0
for k in "${kernels[@]}"; do
    dir=$work/boot-$k
    start=$(date +%s)
    say "$k: real KVM: booting in qemu, running ${#cases[@]} guests ..."
    real_boot "$k" "$dir" "${bins[@]}" "${runs[@]}"
    case $? in
        77) continue ;;
        0) ;;
        *) status=1; keep=${keep:-kept}; continue ;;
    esac
    same=yes i=0
    for c in "${cases[@]}"; do
        i=$((i + 1))
        set -- $c
        real="$dir/run-$i.out" sim="$work/sim-$k-$i.out"
        KVMSIM_BACKEND=sim "$vmm_sim" --kernel="$k" "${@:1:$#-1}" "$guests/${!#}" >"$sim" 2>&1
        echo "exit $?" >> "$sim"
        { cat "$real"; echo "exit $(cat "$dir/run-$i.rc")"; } > "$real.rc"
        if ! diff -u --label "real KVM $k: kvmsim-vmm $c" --label "simulator $k" \
                "$real.rc" "$sim" > "$work/diff-$k-$i"; then
            same=no
            say "$k: kvmsim-vmm $c: differs from real KVM:"
            sed 's/^/    /' "$work/diff-$k-$i"
        fi
    done
    if [ $same = yes ]; then
        say "$k: PASS: ${#cases[@]} runs identical to real KVM ($(( $(date +%s) - start )) s)"
        trs_line PASS
    else
        say "$k: FAIL"
        status=1; keep=${keep:-kept}; trs_line FAIL
    fi
done
if [ -z "$keep" ]; then
    rm -rf "$work"
else
    say "work files in $work"
fi
exit $status
