#!/bin/bash
# run-real.sh - record conform.c's transcript on real arm64 KVM.
# See --help.

set -u

prog=run-real.sh
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/real/hosts.sh"

usage() {
    cat <<EOF
Usage: $prog [--help] [--kernel 6.1|6.12]... [--host NAME]... [--cache DIR]
             [--out DIR] [--timeout SECS] [--keep DIR] [--bin FILE]
       $prog --build FILE

Cross-builds tests/conform/conform.c statically for aarch64, boots each
kernel with tests/real/boot.sh (qemu-system-aarch64, virtualization=on, so
the guest has a working /dev/kvm), runs the program there and writes its
stdout to OUT/real-<kernel>.txt.  That is the harness's default host CPU;
further hosts (tests/real/hosts.sh: qemu -cpu and -M, the sections about
what they add) write OUT/real-<kernel>-<suffix>.txt, e.g.
real-6.12-pauth-mte.txt.

Options:
  --kernel K     kernel to run (6.1 or 6.12; repeatable; default: both)
  --host NAME    host CPU to run on (repeatable; default: every one of
                 tests/real/hosts.sh: $real_hosts)
  --cache DIR    kernel cache from tests/real/fetch-kernels.sh, holding
                 DIR/<kernel>/vmlinuz (default: \$KVMSIM_REAL_CACHE, else
                 /work/real-cache)
  --out DIR      where real-<kernel>.txt goes (default: tests/conform/)
  --timeout SECS limit for each boot (default 180)
  --keep DIR     keep boot.sh's work directories under DIR (default: a
                 temporary directory, removed on success)
  --bin FILE     run FILE, a conformance program built earlier with
                 --build, instead of building one
  --build FILE   only build the program (static, for aarch64) into FILE
                 and exit; nothing is booted

Environment: AARCH64_CC (default aarch64-linux-gnu-gcc), QEMU (passed on to
boot.sh).

Exit status: 0 every transcript written (--build: the program built); 1 a
boot, the program or its build failed (the console log's tail goes to
stderr; no transcript is written for that kernel); 2 usage error; 77 cross
compiler, qemu or kernel cache missing (skip).
EOF
}

die() { echo "$prog: $*" >&2; exit 2; }

kernels=() hosts=() cache=${KVMSIM_REAL_CACHE:-/work/real-cache} out=$here timeout=180 keep=''
bin='' build=''
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --kernel|--host|--cache|--out|--timeout|--keep|--bin|--build)
            [ $# -ge 2 ] || die "$1 needs an argument"
            case $1 in
                --kernel) kernels+=("$2") ;;
                --host) hosts+=("$2") ;;
                --cache) cache=$2 ;;
                --out) out=$2 ;;
                --timeout) timeout=$2 ;;
                --keep) keep=$2 ;;
                --bin) bin=$2 ;;
                --build) build=$2 ;;
            esac
            shift 2 ;;
        --kernel=*) kernels+=("${1#*=}"); shift ;;
        --host=*) hosts+=("${1#*=}"); shift ;;
        --cache=*) cache=${1#*=}; shift ;;
        --out=*) out=${1#*=}; shift ;;
        --timeout=*) timeout=${1#*=}; shift ;;
        --keep=*) keep=${1#*=}; shift ;;
        --bin=*) bin=${1#*=}; shift ;;
        --build=*) build=${1#*=}; shift ;;
        *) echo "$prog: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12)
[ ${#hosts[@]} -gt 0 ] || read -ra hosts <<<"$real_hosts"
for h in "${hosts[@]}"; do
    real_host "$h" || die "--host: no host '$h' (hosts: $real_hosts)"
done
for k in "${kernels[@]}"; do
    case $k in 6.1|6.12) ;; *) die "--kernel must be 6.1 or 6.12, not '$k'" ;; esac
done
case $timeout in ''|*[!0-9]*|0) die "--timeout must be a positive integer" ;; esac

[ -z "$bin" ] || [ -z "$build" ] || die "--bin and --build exclude each other"
[ -z "$bin" ] || [ -r "$bin" ] || die "--bin $bin: no such file"

cc=${AARCH64_CC:-aarch64-linux-gnu-gcc}
# build FILE: the conformance program, static for aarch64.
build() {
    if ! "$cc" -std=gnu11 -static -O2 -Wall -Wextra -Werror -o "$1" "$here"/*.c; then
        echo "$prog: building conform.c with $cc failed" >&2
        return 1
    fi
}
if [ -n "$build" ]; then
    command -v "$cc" >/dev/null 2>&1 \
        || { echo "$prog: $cc not found (apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross); skipping" >&2; exit 77; }
    build "$build"
    exit
fi
# (boot.sh needs it too, for the guest's /init.)
command -v "$cc" >/dev/null 2>&1 \
    || { echo "$prog: $cc not found (apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross); skipping" >&2; exit 77; }
command -v "${QEMU:-qemu-system-aarch64}" >/dev/null 2>&1 \
    || { echo "$prog: ${QEMU:-qemu-system-aarch64} not found (apt-get install qemu-system-arm ipxe-qemu); skipping" >&2; exit 77; }
for k in "${kernels[@]}"; do
    [ -r "$cache/$k/vmlinuz" ] || {
        echo "$prog: $cache/$k/vmlinuz missing (fetch it as root: tests/real/fetch-kernels.sh $cache); skipping" >&2
        exit 77
    }
done
mkdir -p "$out" || die "cannot create $out"

if [ -n "$keep" ]; then
    work=$keep
    mkdir -p "$work" || die "cannot create $work"
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/conform-real.XXXXXX") || die "mktemp failed"
fi

if [ -z "$bin" ]; then
    bin=$work/conform
    build "$bin" || exit 1
fi

status=0
for h in "${hosts[@]}"; do
for k in "${kernels[@]}"; do
    real_host "$h"
    name=real-$k$host_suffix.txt
    dir=$work/boot-$k$host_suffix
    start=$(date +%s.%N)
    "$top/tests/real/boot.sh" --kernel "$cache/$k/vmlinuz" --outdir "$dir" \
        --machine "$host_machine" --cpu "$host_cpu" \
        --timeout "$timeout" --bin "$bin" --run "conform${host_sections:+ --sections=$host_sections}"
    rc=$?
    end=$(date +%s.%N)
    rcfile=$dir/run-1.rc
    if [ "$rc" -ne 0 ] || [ ! -f "$dir/run-1.out" ] || [ "$(cat "$rcfile" 2>/dev/null)" != 0 ]; then
        echo "$prog: kernel $k, host $h: boot.sh exited $rc, conform: $(cat "$rcfile" 2>/dev/null || echo 'no result')" >&2
        if [ -f "$dir/console.log" ]; then
            echo "$prog: last 40 lines of $dir/console.log:" >&2
            tr -d '\r' < "$dir/console.log" | tail -n 40 | sed 's/^/  | /' >&2
        fi
        status=1
        keep=${keep:-kept}
        continue
    fi
    # A complete transcript ends with the "end" section marker.
    if [ "$(tail -n 1 "$dir/run-1.out")" != "# section end" ]; then
        echo "$prog: kernel $k, host $h: transcript is incomplete (no '# section end')" >&2
        tail -n 20 "$dir/run-1.out" | sed 's/^/  | /' >&2
        status=1
        keep=${keep:-kept}
        continue
    fi
    cp "$dir/run-1.out" "$out/$name.tmp" && mv -f "$out/$name.tmp" "$out/$name" \
        || { echo "$prog: cannot write $out/$name" >&2; status=1; continue; }
    awk -v k="$k" -v h="$h" -v s="$start" -v e="$end" -v n="$(wc -l < "$out/$name")" \
        -v f="$out/$name" -v t="$(tr '\n' ' ' < "$dir/timing")" \
        'BEGIN { printf "%s: kernel %s, host %s: %d lines -> %s (%.1f s; %s)\n", "run-real.sh", k, h, n, f, e - s, t }'
done
done

if [ "$keep" = kept ]; then
    echo "$prog: work files kept in $work" >&2
elif [ -z "$keep" ]; then
    rm -rf "$work"
fi
exit $status
