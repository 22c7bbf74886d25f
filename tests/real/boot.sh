#!/bin/bash
# boot.sh - run commands inside an arm64 Linux guest (with a working
# /dev/kvm) under qemu, and collect each command's output and exit status.
# See --help.
#
# The guest kernel is the oracle for kvmsim, so this script is deliberately
# strict: a result is only reported when init's begin/end markers for that
# command were seen on the console; a hang, a guest crash or a truncated
# console is never mistaken for success.

set -u

prog=boot.sh
here=$(cd "$(dirname "$0")" && pwd)

usage() {
    cat <<EOF
Usage: $prog [--help] --kernel VMLINUZ --outdir DIR [--timeout SECS]
             [--machine SPEC] [--cpu SPEC] [--memory MIB] [--bin FILE]...
             [--append "KERNEL ARGS"] [--stall SECS]
             --run "CMD ARGS" [--run ...]

Boot VMLINUZ (an arm64 kernel, e.g. from fetch-kernels.sh) in
qemu-system-aarch64 with virtualization=on, so the guest has /dev/kvm, with an
initrd holding:
  /init      built from init.c (cached as DIR/init; \$AARCH64_CC, default
             aarch64-linux-gnu-gcc, is used to build it)
  /bin/NAME  each --bin FILE (static aarch64 binaries)
  /runlist   the --run command lines, run in order; a bare command name is
             looked up in /bin; arguments are split on whitespace; leading
             NAME=VALUE words are added to the command's environment
             (PATH=/bin HOME=/ TERM=dumb)

Options:
  --kernel VMLINUZ   kernel image to boot (required)
  --outdir DIR       where results go (required; created if missing)
  --timeout SECS     hard limit for the whole boot (default 120); qemu is
                     killed when it expires
  --stall SECS       also kill qemu when the console has been silent for
                     SECS seconds (a wedged guest; default: no such limit)
  --bin FILE         copy FILE into the initrd's /bin (repeatable)
  --run "CMD ARGS"   command to run in the guest (repeatable, at least one)
  --append ARGS      extra kernel command line arguments
  --machine SPEC     qemu's -M (default $default_machine)
  --cpu SPEC         qemu's -cpu (default $default_cpu); tests/real/hosts.sh
                     names the harness's host CPUs
  --memory MIB       the guest's memory, qemu's -m (default $default_memory)

Results in DIR:
  console.log        the full serial console
  run-N.out          output (stdout+stderr) of the N-th --run (1-based),
                     exactly, \\r removed, without marker lines
  run-N.rc           its exit status, or "signal NAME" (e.g. signal SIGSEGV)
  qemu.err           qemu's own stderr
  timing             wall-clock seconds of the qemu run and guest uptime at
                     the start of /init

Exit status:
  0    every command ran and exited 0
  1    every command ran, some exited non-zero or were killed by a signal
  124  timeout or stall (qemu killed)
  125  the guest crashed/panicked, or some command's end marker is missing
  2    usage error;  77  qemu-system-aarch64 or the cross compiler missing
On 124/125 a one-line reason and the last 40 lines of console.log go to stderr.
EOF
}

die() { echo "$prog: $*" >&2; exit 2; }

default_machine=virt,virtualization=on,gic-version=3
default_cpu=max,pauth=off
default_memory=1024
kernel='' outdir='' timeout=120 append='' stall=''
machine=$default_machine cpu=$default_cpu memory=$default_memory
bins=() runs=()
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --kernel|--outdir|--timeout|--bin|--run|--append|--machine|--cpu|--memory|--stall)
            [ $# -ge 2 ] || die "$1 needs an argument"
            case $1 in
                --kernel) kernel=$2 ;;
                --stall) stall=$2 ;;
                --outdir) outdir=$2 ;;
                --timeout) timeout=$2 ;;
                --bin) bins+=("$2") ;;
                --run) runs+=("$2") ;;
                --append) append=$2 ;;
                --machine) machine=$2 ;;
                --cpu) cpu=$2 ;;
                --memory) memory=$2 ;;
            esac
            shift 2 ;;
        *) echo "$prog: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

[ -n "$kernel" ] || die "--kernel is required (see --help)"
[ -n "$outdir" ] || die "--outdir is required (see --help)"
[ ${#runs[@]} -gt 0 ] || die "at least one --run is required (see --help)"
[ -r "$kernel" ] || die "kernel $kernel not readable"
case $timeout in ''|*[!0-9]*|0) die "--timeout must be a positive integer" ;; esac
case $stall in *[!0-9]*|0) die "--stall must be a positive integer" ;; esac
case $memory in ''|*[!0-9]*|0) die "--memory must be a positive integer (MiB)" ;; esac
for b in ${bins[@]+"${bins[@]}"}; do
    [ -f "$b" ] || die "--bin $b: no such file"
done
for r in "${runs[@]}"; do
    case $r in *[![:space:]]*) ;; *) die "--run with an empty command" ;; esac
    # init reads /runlist line by line into a 4 KiB buffer.
    [ ${#r} -lt 4000 ] || die "--run command too long"
    case $r in *$'\n'*) die "--run must not contain a newline" ;; esac
done

qemu=${QEMU:-qemu-system-aarch64}
cc=${AARCH64_CC:-aarch64-linux-gnu-gcc}
command -v "$qemu" >/dev/null 2>&1 || { echo "$prog: $qemu not found; skipping" >&2; exit 77; }
for tool in cpio gzip timeout; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found"
done

mkdir -p "$outdir" || die "cannot create $outdir"
# Results of an earlier boot in the same DIR must not be mistaken for ours.
rm -f "$outdir"/console.log "$outdir"/qemu.err "$outdir"/timing \
      "$outdir"/run-*.out "$outdir"/run-*.rc

# --- initrd -----------------------------------------------------------------
init=$outdir/init
if [ ! -x "$init" ] || [ "$here/init.c" -nt "$init" ]; then
    command -v "$cc" >/dev/null 2>&1 || { echo "$prog: $cc not found; skipping" >&2; exit 77; }
    "$cc" -static -O2 -Wall -o "$init.tmp" "$here/init.c" \
        && mv -f "$init.tmp" "$init" || die "building init with $cc failed"
fi

stage=$outdir/initrd.d
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/dev" "$stage/proc" "$stage/sys" || die "cannot create $stage"
cp "$init" "$stage/init" || die "cannot copy init"
for b in ${bins[@]+"${bins[@]}"}; do
    cp "$b" "$stage/bin/" && chmod 755 "$stage/bin/$(basename "$b")" || die "cannot copy $b"
done
printf '%s\n' "${runs[@]}" > "$stage/runlist" || die "cannot write runlist"
initrd=$outdir/initrd.cpio.gz
# -R 0:0: files in the guest belong to root whoever built the initrd.
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
    | gzip -1 > "$initrd" || die "building $initrd failed"
rm -rf "$stage"

# --- boot -------------------------------------------------------------------
console=$outdir/console.log
start=$(date +%s.%N)
# stdin from /dev/null: -nographic would otherwise put a calling terminal in
# raw mode and forward keystrokes to the guest.  --kill-after covers a qemu
# that ignores SIGTERM; timeout(1) exits 124 when the limit was hit.
timeout --kill-after=5 "$timeout" \
    "$qemu" -M "$machine" -cpu "$cpu" \
        -smp 2 -m "$memory" -nographic -no-reboot \
        -kernel "$kernel" -initrd "$initrd" \
        -append "console=ttyAMA0 quiet panic=-1 $append" \
        < /dev/null > "$console" 2> "$outdir/qemu.err" &
qpid=$!
# The stall watchdog: a guest whose kernel is wedged (nested virt under TCG
# can be) would otherwise hold the whole --timeout.
stalled=no
if [ -n "$stall" ]; then
    size=-1 since=$(date +%s)
    while kill -0 "$qpid" 2>/dev/null; do
        sleep 1
        now_size=$(stat -c %s "$console" 2>/dev/null || echo 0)
        if [ "$now_size" != "$size" ]; then
            size=$now_size since=$(date +%s)
        elif [ $(($(date +%s) - since)) -ge "$stall" ]; then
            # timeout(1) passes SIGTERM on to qemu and, --kill-after
            # seconds later, SIGKILL.
            stalled=yes
            kill -TERM "$qpid" 2>/dev/null
            break
        fi
    done
fi
wait "$qpid"
qrc=$?
end=$(date +%s.%N)

# --- results ----------------------------------------------------------------
# Split the console into run-N.out / run-N.rc.  init writes a newline before
# every marker; within a frame that newline is the last line break before the
# END marker, so joining the frame's lines with "\n" (none after the last)
# restores the command's output byte for byte.
clean=$outdir/console.clean
tr -d '\r' < "$console" > "$clean"
uptime=$(awk -v dir="$outdir" '
    /^@@@KVMSIM:INIT:uptime=[^@]*@@@$/ {
        u = $0; sub(/^@@@KVMSIM:INIT:uptime=/, "", u); sub(/@@@$/, "", u); print u
        next
    }
    /^@@@KVMSIM:BEGIN:[0-9]+@@@$/ {
        n = $0; gsub(/[^0-9]/, "", n)
        cur = n; first = 1; out = dir "/run-" n ".out"
        printf "" > out
        next
    }
    /^@@@KVMSIM:END:[0-9]+:(exit=[0-9]+|signal=[A-Z0-9]+)@@@$/ {
        split($0, f, ":"); n = f[3]
        if (cur != "" && n == cur) {
            close(out)
            st = f[4]; sub(/@@@$/, "", st); sub(/=/, " ", st)
            if (st ~ /^exit /) sub(/^exit /, "", st)
            print st > (dir "/run-" n ".rc")
            close(dir "/run-" n ".rc")
        }
        cur = ""
        next
    }
    cur != "" {
        if (!first) printf "\n" > out
        printf "%s", $0 > out
        first = 0
    }' "$clean")
awk -v s="$start" -v e="$end" -v u="${uptime:-?}" \
    'BEGIN { printf "wall %.1f\ninit_uptime %s\n", e - s, u }' > "$outdir/timing"

# One-line reason plus the end of the console, for the failure exits.
fail() {
    echo "$prog: $1" >&2
    if [ -s "$clean" ]; then
        echo "$prog: last 40 lines of $console:" >&2
        tail -n 40 "$clean" | sed 's/^/  | /' >&2
    else
        echo "$prog: $console is empty (the kernel printed nothing yet)" >&2
    fi
    rm -f "$clean"
    exit "$2"
}

if [ $stalled = yes ]; then
    fail "STALL: no console output for ${stall}s (qemu killed)" 124
fi
if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
    fail "TIMEOUT: guest did not power off within ${timeout}s (qemu killed)" 124
fi
# Kernel crash reports; the timestamp prefix keeps a command's own output
# from matching, "Kernel panic - not syncing" is distinctive enough alone.
if grep -qE 'Kernel panic - not syncing|^\[ *[0-9]+\.[0-9]+\] (Internal error:|Unable to handle kernel|kernel BUG|BUG:)' "$clean"; then
    fail "CRASH: guest kernel panicked or oopsed (see $console)" 125
fi
if [ "$qrc" -ne 0 ]; then
    fail "CRASH: qemu exited with status $qrc ($(head -c 300 "$outdir/qemu.err" | tr '\n' ' '))" 125
fi
status=0
for i in $(seq 1 ${#runs[@]}); do
    if [ ! -f "$outdir/run-$i.rc" ]; then
        if [ -f "$outdir/run-$i.out" ]; then
            fail "INCOMPLETE: run $i (${runs[$((i-1))]}) started but has no end marker" 125
        fi
        fail "INCOMPLETE: run $i (${runs[$((i-1))]}) never started (no begin marker)" 125
    fi
    [ "$(cat "$outdir/run-$i.rc")" = 0 ] || status=1
done
rm -f "$clean"
exit $status
