#!/bin/bash
# update-real.sh - `make update-real`: re-record real arm64 KVM's
# transcripts and regenerate the simulator's table of its
# KVM_CHECK_EXTENSION answers.  See --help.

set -u

prog=update-real.sh
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/hosts.sh"

usage() {
    cat <<EOF
Usage: $prog [--help] [--cache DIR] [--out DIR] [--keep DIR] [--timeout SECS]
                      [--kvmsim-aarch64 FILE]

Runs the conformance program (tests/conform/*.c) on real KVM under both
kernels, 6.1 and 6.12, on every host CPU of tests/real/hosts.sh
(tests/conform/run-real.sh), and regenerates the simulator's
KVM_CHECK_EXTENSION table from the default host's transcripts
(tests/conform/gen-caps.sh).  With --kvmsim-aarch64, also records what
'kvmsim capture' gives on real KVM on every host and kernel
(tests/real/capture-real.sh --update).  Writes, in the source tree:
  tests/conform/real-K.txt, real-K-SUFFIX.txt per further host
  sim/virt/kvm/kvm_caps.h
  tests/capture/real-K.host, real-K-SUFFIX.host (with --kvmsim-aarch64)
and says for each what changed against the source tree's copy: "N added,
N removed, N changed" and the first changed lines, or "no change".  A file
is only rewritten when its content changes.  Nothing at all is written
unless both kernels gave a complete transcript.

Options:
  --cache DIR     kernel cache of tests/real/fetch-kernels.sh (default:
                  \$KVMSIM_REAL_CACHE, else /work/real-cache, as run-real.sh)
  --out DIR       write the files into DIR instead of the source tree;
                  what changed is still told against the source tree
  --keep DIR      keep run-real.sh's work files (boot logs) in DIR
  --timeout SECS  limit for each boot (default 600)
  --kvmsim-aarch64 FILE
                  the kvmsim command built statically for aarch64 (make
                  update-real builds it): record the host profiles too

Environment: KVMSIM_REAL_CACHE, AARCH64_CC, QEMU (see run-real.sh --help).

Exit status: 0 recorded (whether anything changed or not); 1 a build, boot
or run failed, or a file could not be written; 2 usage error; 77 qemu, the
cross compiler or the kernels are missing (nothing written; the message
says how to get them).
EOF
}

die() { echo "$prog: $*" >&2; exit 2; }

cache='' out='' keep='' timeout=600 kvmsim=''
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --cache|--out|--keep|--timeout|--kvmsim-aarch64)
            [ $# -ge 2 ] || die "$1 needs an argument"
            case $1 in
                --kvmsim-aarch64) kvmsim=$2 ;;
                --cache) cache=$2 ;;
                --out) out=$2 ;;
                --keep) keep=$2 ;;
                --timeout) timeout=$2 ;;
            esac
            shift 2 ;;
        --cache=*) cache=${1#*=}; shift ;;
        --out=*) out=${1#*=}; shift ;;
        --keep=*) keep=${1#*=}; shift ;;
        --timeout=*) timeout=${1#*=}; shift ;;
        --kvmsim-aarch64=*) kvmsim=${1#*=}; shift ;;
        *) echo "$prog: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
case $timeout in ''|*[!0-9]*|0) die "--timeout must be a positive integer" ;; esac

say() { echo "update-real: $*"; }
show() { case $1 in "$top"/*) echo "${1#"$top"/}" ;; *) echo "$1" ;; esac; }

new=$(mktemp -d "${TMPDIR:-/tmp}/update-real.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$new"' EXIT
trap 'exit 130' INT TERM HUP

# --- record ------------------------------------------------------------------
start=$(date +%s.%N)
say "recording real KVM's transcripts (tests/conform/run-real.sh, kernels 6.1 and 6.12, hosts $real_hosts)"
args=(--out "$new" --timeout "$timeout")
[ -z "$cache" ] || args+=(--cache "$cache")
[ -z "$keep" ] || args+=(--keep "$keep")
"$top/tests/conform/run-real.sh" "${args[@]}"
rc=$?
case $rc in
    0) ;;
    77) say "SKIP: real KVM cannot be run here (see above); nothing written"; exit 77 ;;
    *) say "FAILED: run-real.sh exited $rc; nothing written"; exit 1 ;;
esac
for h in $real_hosts; do
    real_host "$h"
    for k in 6.1 6.12; do
        [ -s "$new/real-$k$host_suffix.txt" ] ||
            { say "FAILED: no transcript for $k on $h; nothing written"; exit 1; }
    done
done

say "regenerating the KVM_CHECK_EXTENSION table (tests/conform/gen-caps.sh)"
"$top/tests/conform/gen-caps.sh" "$new/real-6.1.txt" "$new/real-6.12.txt" > "$new/kvm_caps.h" ||
    { say "FAILED: gen-caps.sh failed; nothing written"; exit 1; }

# --- install -----------------------------------------------------------------
# update NEW SOURCE-TREE-FILE DEST: tell what changed against the source
# tree's file, then put NEW at DEST if it differs from it.
changed=0 status=0
update() {
    local src=$2 dest=$3 what
    if [ -r "$src" ]; then
        what=$("$here/transcript.sh" changes "$src" "$1")
    else
        what="new file, $(wc -l < "$1") lines"
    fi
    say "$(show "$src"): $what"
    case $what in "no change") ;; *) changed=1 ;; esac
    if ! cmp -s "$1" "$dest"; then
        mkdir -p "$(dirname "$dest")" && cp "$1" "$dest.tmp" && mv -f "$dest.tmp" "$dest" ||
            { say "cannot write $dest"; status=1; return; }
        [ "$dest" = "$src" ] || say "  written to $dest"
    elif [ "$dest" != "$src" ]; then
        say "  $dest already holds it"
    fi
}

# dest SOURCE-TREE-FILE: where it goes.
dest() { if [ -n "$out" ]; then echo "$out/$(basename "$1")"; else echo "$1"; fi; }
for h in $real_hosts; do
    real_host "$h"
    for k in 6.1 6.12; do
        f=$top/tests/conform/real-$k$host_suffix.txt
        update "$new/real-$k$host_suffix.txt" "$f" "$(dest "$f")"
    done
done
f=$top/sim/virt/kvm/kvm_caps.h
update "$new/kvm_caps.h" "$f" "$(dest "$f")"

# The host profiles: capture-real.sh tells and writes what changed itself.
if [ -n "$kvmsim" ]; then
    say "recording 'kvmsim capture' on real KVM (tests/real/capture-real.sh --update)"
    args=(--update --kvmsim-aarch64 "$kvmsim" --timeout "$timeout"
          --recorded "${out:-$top/tests/capture}")
    [ -z "$cache" ] || args+=(--cache "$cache")
    "$top/tests/real/capture-real.sh" "${args[@]}" || { say "FAILED: capture-real.sh"; status=1; }
fi

took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f s", e - s }')
if [ "$status" -ne 0 ]; then
    say "FAILED to write some files ($took)"
elif [ -n "$out" ]; then
    [ "$changed" -eq 0 ] && what="no change" || what="changes"
    say "$what against the source tree, written to $out ($took); the source tree is untouched"
elif [ "$changed" -eq 0 ]; then
    say "no change ($took)"
else
    say "done ($took): rebuild and run 'make check' to compare the simulator with the new recordings"
fi
exit $status
