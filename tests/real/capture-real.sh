#!/bin/bash
# capture-real.sh - kvmsim capture on live real KVM, against the recordings.
prog=capture-real
here=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat <<USAGE
Usage: $prog --kvmsim-aarch64 FILE --recorded DIR [--kernel K]... [--cache DIR]
             [--timeout SECS] [--trs FILE]

Boots each kernel in qemu (tests/real/boot.sh) with FILE, the kvmsim
command built statically for aarch64, runs 'kvmsim capture --name=qemu-max'
on real KVM there and compares the profile with DIR/real-<kernel>.host
(tests/capture/), comment lines aside.  make check (tests/capture.sh)
compares those recordings with what the simulator reads back.

Options:
  --kernel K          6.1 or 6.12 (repeatable; default both)
  --cache DIR         the kernel cache (default: \$KVMSIM_REAL_CACHE, else
                      /work/real-cache)
  --timeout SECS      limit for each boot (default 600)
  --trs FILE          append one ":test-result:" line per kernel to FILE

Exit status: 0 every capture as recorded; 1 a difference or a failed boot;
2 usage error; 77 qemu, the cross compiler or the kernels missing.
USAGE
}

die() { echo "$prog: $*" >&2; exit 2; }
say() { echo "$prog: $*"; }

kvmsim='' recorded='' kernels=() cache=${KVMSIM_REAL_CACHE:-/work/real-cache}
timeout=600 trs=''
while [ $# -gt 0 ]; do
	case $1 in
	--kvmsim-aarch64|--recorded|--kernel|--cache|--timeout|--trs)
		[ $# -ge 2 ] || die "$1 needs an argument"
		case $1 in
		--kvmsim-aarch64) kvmsim=$2 ;;
		--recorded) recorded=$2 ;;
		--kernel) kernels+=("$2") ;;
		--cache) cache=$2 ;;
		--timeout) timeout=$2 ;;
		--trs) trs=$2 ;;
		esac
		shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done
[ -n "$kvmsim" ] && [ -n "$recorded" ] || die "--kvmsim-aarch64 and --recorded are required"
[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12)
trs_line() { [ -z "$trs" ] || echo ":test-result: $1" >>"$trs"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for k in "${kernels[@]}"; do
	if [ ! -r "$cache/$k/vmlinuz" ]; then
		say "$k: SKIP: no kernel in $cache/$k"
		trs_line SKIP
		continue
	fi
	say "$k: real KVM: booting in qemu, running kvmsim capture ..."
	start=$SECONDS
	rc=0
	"$here/boot.sh" --kernel "$cache/$k/vmlinuz" --outdir "$work/$k" --timeout "$timeout" \
		--bin "$kvmsim" --run "kvmsim capture --name=qemu-max" >/dev/null 2>"$work/$k.err" || rc=$?
	if [ $rc -eq 77 ]; then
		say "$k: SKIP: $(tail -1 "$work/$k.err")"
		trs_line SKIP
		continue
	fi
	if [ $rc -ne 0 ]; then
		say "$k: FAIL: boot.sh exit $rc, kvmsim capture: $(cat "$work/$k/run-1.rc" 2>/dev/null)"
		sed 's/^/    /' "$work/$k.err" "$work/$k/run-1.out" 2>/dev/null | tail -20
		status=1; trs_line FAIL
		continue
	fi
	grep -v '^# ' "$recorded/real-$k.host" >"$work/recorded"
	grep -v '^# ' "$work/$k/run-1.out" >"$work/live"
	if diff -u "$work/recorded" "$work/live" >"$work/diff"; then
		say "$k: PASS: the captured profile is as recorded ($((SECONDS - start)) s)"
		trs_line PASS
	else
		say "$k: FAIL: real KVM's profile differs from $recorded/real-$k.host (recorded -, live +):"
		sed 's/^/    /' "$work/diff"
		status=1; trs_line FAIL
	fi
done
exit $status
