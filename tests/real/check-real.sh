#!/bin/bash
# check-real.sh - `make check-real`: the simulator against live real arm64
# KVM, kernel by kernel.  See --help.

set -u

prog=check-real.sh
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/hosts.sh"

usage() {
    cat <<EOF
Usage: $prog [--help] [--kernel 6.1|6.12]... [--host NAME]... [--cache DIR] [--sim PROG]
             [--recorded DIR] [--keep DIR] [--timeout SECS] [--trs FILE]
             [--real-from DIR] [--sim-from DIR]

For each host CPU and kernel: builds the conformance program
(tests/conform/*.c) for aarch64 and runs it on real KVM, booting the kernel in qemu
(tests/conform/run-real.sh), runs its simulator build PROG with
--kernel=KERNEL, and compares the two transcripts as make check does
(tests/real/transcript.sh normalise: [vary] lines up to " -> ", known gaps
left out).  Any difference fails, shown as a diff, real KVM first.  When
real KVM's transcript differs from the recording DIR/real-KERNEL.txt, a
warning says so and to run 'make update-real'; that is not a failure.

Options:
  --kernel K      kernel to check (6.1 or 6.12; repeatable; default: both)
  --host NAME     host CPU to check on (repeatable; default: every one of
                  tests/real/hosts.sh: $real_hosts).  A further host runs
                  its own sections with its profile (KVMSIM_HOST), against
                  the recording real-K-SUFFIX.txt
  --cache DIR     kernel cache of tests/real/fetch-kernels.sh (default:
                  \$KVMSIM_REAL_CACHE, else /work/real-cache, as run-real.sh)
  --sim PROG      the simulator build of the conformance program (default:
                  \$top_builddir/tests/conform/conform-sim, else
                  ./tests/conform/conform-sim)
  --recorded DIR  where the recordings are (default: tests/conform/ of the
                  source tree)
  --keep DIR      write the work files to DIR and keep them: real-K.txt
                  (live; real-K-SUFFIX.txt for a further host), sim-K.txt, the normalised forms, diff-K, boot/
                  (console log).  Default: a temporary directory, removed
                  when everything passed, kept (and named) otherwise
  --timeout SECS  limit for each boot (default 600)
  --trs FILE      also write one ":test-result: PASS|FAIL|SKIP" line per
                  host and kernel to FILE (build-aux/dev.sh counts them)
  --real-from DIR take real KVM's transcripts from DIR/real-K.txt (e.g. a
                  --keep directory) instead of booting; no qemu needed
  --sim-from DIR  take the simulator's transcripts from DIR/sim-K.txt
                  instead of running PROG (to check the check: a modified
                  transcript must fail)

Environment: KVMSIM_REAL_CACHE (see --cache), AARCH64_CC and QEMU (passed
on to run-real.sh and boot.sh).

Exit status: 0 the simulator gave real KVM's answers on every kernel; 1 it
differs on some kernel, or a step failed; 2 usage error; 77 skipped: qemu,
the cross compiler or the kernels are missing (the message says how to get
them).
EOF
}

die() { echo "$prog: $*" >&2; exit 2; }

kernels=() hosts=() cache=${KVMSIM_REAL_CACHE:-/work/real-cache}
sim=${top_builddir:-.}/tests/conform/conform-sim recorded=$top/tests/conform
keep='' timeout=600 trs='' real_from='' sim_from=''
# Generous: qemu emulates the CPU; on a busy 2-core machine one boot took 205 s.
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --kernel|--host|--cache|--sim|--recorded|--keep|--timeout|--trs|--real-from|--sim-from)
            [ $# -ge 2 ] || die "$1 needs an argument"
            case $1 in
                --kernel) kernels+=("$2") ;;
                --host) hosts+=("$2") ;;
                --cache) cache=$2 ;;
                --sim) sim=$2 ;;
                --recorded) recorded=$2 ;;
                --keep) keep=$2 ;;
                --timeout) timeout=$2 ;;
                --trs) trs=$2 ;;
                --real-from) real_from=$2 ;;
                --sim-from) sim_from=$2 ;;
            esac
            shift 2 ;;
        --*=*)
            opt=${1%%=*}
            case $opt in
                --kernel|--host|--cache|--sim|--recorded|--keep|--timeout|--trs|--real-from|--sim-from)
                    set -- "$opt" "${1#*=}" "${@:2}"; continue ;;
            esac
            echo "$prog: unknown argument: $1" >&2; usage >&2; exit 2 ;;
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

say() { echo "check-real: $*"; }
now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f s", e - s }'; }
# Source-tree paths read better relative to the top.
show() { case $1 in "$top"/*) echo "${1#"$top"/}" ;; *) echo "$1" ;; esac; }

# write_trs RESULT...: one :test-result: line per kernel, if --trs.
write_trs() {
    [ -n "$trs" ] || return 0
    printf ':test-result: %s\n' "$@" > "$trs" || echo "$prog: cannot write $trs" >&2
}

# --- can it run at all? ------------------------------------------------------
cc=${AARCH64_CC:-aarch64-linux-gnu-gcc}
qemu=${QEMU:-qemu-system-aarch64}
skip=()
if [ -z "$real_from" ]; then
    command -v "$cc" >/dev/null 2>&1 ||
        skip+=("$cc not found: apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross")
    command -v "$qemu" >/dev/null 2>&1 ||
        skip+=("$qemu not found: apt-get install qemu-system-arm ipxe-qemu")
    absent=()
    for k in "${kernels[@]}"; do
        [ -r "$cache/$k/vmlinuz" ] || absent+=("$k")
    done
    [ ${#absent[@]} -eq 0 ] ||
        skip+=("kernel ${absent[*]} not in $cache: fetch as root with tests/real/fetch-kernels.sh $cache (or run build-aux/dev.sh check --real as root)")
fi
if [ ${#skip[@]} -gt 0 ]; then
    for s in "${skip[@]}"; do say "$s"; done
    say "SKIP: real KVM cannot be run here; nothing compared (not a failure)"
    results=()
    for _ in $(seq $((${#hosts[@]} * ${#kernels[@]}))); do results+=(SKIP); done
    write_trs "${results[@]}"
    exit 77
fi
if [ -n "$real_from" ]; then
    for h in "${hosts[@]}"; do
        real_host "$h"
        for k in "${kernels[@]}"; do
            f=$real_from/real-$k$host_suffix.txt
            [ -r "$f" ] || die "--real-from: $f not readable"
        done
    done
fi
if [ -n "$sim_from" ]; then
    for h in "${hosts[@]}"; do
        real_host "$h"
        for k in "${kernels[@]}"; do
            f=$sim_from/sim-$k$host_suffix.txt
            [ -r "$f" ] || die "--sim-from: $f not readable"
        done
    done
elif [ ! -x "$sim" ]; then
    echo "$prog: $sim not found; build it first (make tests/conform/conform-sim, or use make check-real)" >&2
    exit 1
fi

if [ -n "$keep" ]; then
    work=$keep
    mkdir -p "$work" || die "cannot create $work"
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/check-real.XXXXXX") || die "mktemp failed"
fi
work=$(cd "$work" && pwd)
# On an interrupt, keep nothing of a temporary directory.
[ -n "$keep" ] || trap 'rm -rf "$work"; exit 130' INT TERM HUP

t0=$(now)
if [ -n "$real_from" ]; then
    say "real KVM: transcripts from $real_from"
else
    say "real KVM: $qemu, kernels from $cache"
fi

# --- the aarch64 program ---------------------------------------------------
bin=$work/bin/conform   # boot.sh runs it as /bin/conform
if [ -z "$real_from" ]; then
    t=$(now)
    printf 'check-real: building the conformance program for aarch64 (%s -static) ... ' "$cc"
    if mkdir -p "$work/bin" && "$top/tests/conform/run-real.sh" --build "$bin" >"$work/build.log" 2>&1; then
        echo "done, $(since "$t")"
    else
        echo "FAILED, $(since "$t")"
        sed 's/^/    /' "$work/build.log"
        say "the conformance program does not build for aarch64; nothing was compared"
        results=()
        for _ in $(seq $((${#hosts[@]} * ${#kernels[@]}))); do results+=(FAIL); done
        write_trs "${results[@]}"
        say "work files kept in $work"
        exit 1
    fi
fi

# --- each kernel -------------------------------------------------------------
transcript=$here/transcript.sh
results=() passed=0 failed=0 stale=()
for h in "${hosts[@]}"; do
    real_host "$h"
    for k in "${kernels[@]}"; do
        real=$work/real-$k$host_suffix.txt simout=$work/sim-$k$host_suffix.txt
        id=$k${host_suffix:+ on $h}

        # Real KVM, live.
        if [ -n "$real_from" ]; then
            [ "$real_from/real-$k$host_suffix.txt" -ef "$real" ] || cp "$real_from/real-$k$host_suffix.txt" "$real"
            say "$id: real KVM: taken from $(show "$real_from/real-$k$host_suffix.txt"), $(wc -l < "$real") lines"
        else
            t=$(now)
            pkg=$(cat "$cache/$k/package" 2>/dev/null || echo "package unknown")
            printf 'check-real: %s: real KVM: booting %s in qemu, running the program ... ' "$id" "$pkg"
            rm -f "$real"
            "$top/tests/conform/run-real.sh" --kernel "$k" --host "$h" --cache "$cache" --bin "$bin" \
                --out "$work" --keep "$work/boot" --timeout "$timeout" >"$work/run-$k$host_suffix.log" 2>&1
            rc=$?
            if [ "$rc" -ne 0 ] || [ ! -s "$real" ]; then
                echo "FAILED (run-real.sh exited $rc), $(since "$t")"
                sed 's/^/    /' "$work/run-$k$host_suffix.log"
                say "$id: FAIL: real KVM gave no transcript"
                results+=(FAIL); failed=$((failed + 1))
                continue
            fi
            echo "$(wc -l < "$real") lines, $(since "$t")"
        fi

        # The simulator.
        if [ -n "$sim_from" ]; then
            [ "$sim_from/sim-$k$host_suffix.txt" -ef "$simout" ] || cp "$sim_from/sim-$k$host_suffix.txt" "$simout"
            say "$id: simulator: taken from $(show "$sim_from/sim-$k$host_suffix.txt"), $(wc -l < "$simout") lines"
        else
            t=$(now)
            printf 'check-real: %s: simulator: %s --kernel=%s ... ' "$id" "$(show "$sim")" "$k"
            if ! KVMSIM_HOST=${host_profile:+$top/$host_profile} "$sim" --kernel="$k" \
                    ${host_sections:+--sections=$host_sections} >"$simout" 2>"$work/sim-$k$host_suffix.err"; then
                echo "FAILED, $(since "$t")"
                sed 's/^/    /' "$work/sim-$k$host_suffix.err"
                say "$id: FAIL: the simulator's conformance program failed"
                results+=(FAIL); failed=$((failed + 1))
                continue
            fi
            echo "$(wc -l < "$simout") lines, $(since "$t")"
        fi

        # The comparison, normalised as make check does.
        if ! "$transcript" normalise --count "$work/gaps-$k$host_suffix" "$k" "$real" >"$work/real-$k$host_suffix.n" ||
           ! "$transcript" normalise "$k" "$simout" >"$work/sim-$k$host_suffix.n"; then
            say "$id: FAIL: cannot normalise the transcripts"
            results+=(FAIL); failed=$((failed + 1))
            continue
        fi
        if [ -n "$real_from" ]; then label="real KVM $id ($real_from)"; else label="real KVM $id (live)"; fi
        if diff -u --label "$label" --label "simulator $id" \
                "$work/real-$k$host_suffix.n" "$work/sim-$k$host_suffix.n" >"$work/diff-$k$host_suffix"; then
            say "$id: PASS: $(wc -l < "$work/real-$k$host_suffix.n") lines identical to real KVM ($(cat "$work/gaps-$k$host_suffix") known gaps left out)"
            results+=(PASS); passed=$((passed + 1))
        else
            say "$id: FAIL: the simulator differs from real KVM ($("$transcript" changes --first 0 "$work/real-$k$host_suffix.n" "$work/sim-$k$host_suffix.n")); diff, real KVM first:"
            n=$(wc -l < "$work/diff-$k$host_suffix") max=200
            head -n "$max" "$work/diff-$k$host_suffix" | sed 's/^/    /'
            [ "$n" -le "$max" ] || say "$id: ... $((n - max)) more diff lines in $work/diff-$k$host_suffix"
            results+=(FAIL); failed=$((failed + 1))
        fi

        # Is the recording still what real KVM says?
        rec=$recorded/real-$k$host_suffix.txt
        if [ ! -r "$rec" ]; then
            say "$id: WARNING: no recording $(show "$rec"); run 'make update-real' to record real KVM's answers"
            stale+=("$id")
        elif cmp -s "$rec" "$real"; then
            say "$id: the recording $(show "$rec") is up to date"
        else
            "$transcript" changes "$rec" "$real" >"$work/recorded-$k$host_suffix.changes"
            say "$id: WARNING: real KVM's answers differ from the recording $(show "$rec") ($(head -n 1 "$work/recorded-$k$host_suffix.changes")); run 'make update-real' to re-record. First changes (recording -, live +):"
            sed -n '2,$p' "$work/recorded-$k$host_suffix.changes"
            stale+=("$id")
        fi
    done
done

write_trs "${results[@]}"
say "$passed passed, $failed failed, $(since "$t0") in all"
[ ${#stale[@]} -eq 0 ] ||
    say "WARNING: the recording of ${stale[*]} is out of date: run 'make update-real'"
if [ -n "$keep" ]; then
    say "work files in $work"
elif [ "$failed" -ne 0 ]; then
    say "work files kept in $work"
else
    rm -rf "$work"
fi
[ "$failed" -eq 0 ]
