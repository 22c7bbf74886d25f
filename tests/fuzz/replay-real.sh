#!/bin/bash
# replay-real.sh - differential replay of fuzz inputs: real KVM vs the simulator.
prog=replay-real
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

usage() {
	cat <<USAGE
Usage: $prog --sim FILE --real FILE [--corpus DIR]... [--kernel K]...
             [--known FILE] [--cache DIR] [--timeout SECS] [--keep DIR] [--trs FILE]

Runs every input of the corpus once on real KVM and once on the simulator
and compares what each call answered, input by input.  --real FILE is
tests/fuzz/replay.c built with FUZZ_REAL, statically, for aarch64: it runs
inside qemu (tests/real/boot.sh) on each kernel's real /dev/kvm.  --sim FILE
is the same replay built with the simulator, run with --kernel=K.  Each
input whose transcripts differ is shown with both (real KVM first), unless
FILE of --known lists it for that kernel.

Options:
  --corpus DIR    inputs to replay (repeatable; default tests/fuzz/seeds)
  --kernel K      6.1 or 6.12 (repeatable; default both)
  --known FILE    known differences, "KERNEL INPUT  # evidence" per line
                  (default tests/fuzz/known-differences.txt)
  --cache DIR     the kernel cache (default: \$KVMSIM_REAL_CACHE, else
                  /work/real-cache)
  --timeout SECS  limit for each boot (default 600)
  --keep DIR      keep the transcripts in DIR
  --trs FILE      append one ":test-result:" line per kernel to FILE

Exit status: 0 no unexplained difference; 1 differences or a failed boot;
2 usage error; 77 qemu, the cross compiler or the kernels missing.
USAGE
}

real_dir=$top/tests/real
. "$real_dir/lib.sh"
sim='' real='' corpora=() known=$top/tests/fuzz/known-differences.txt
while [ $# -gt 0 ]; do
	case $1 in
	-h|--help) usage; exit 0 ;;
	-*)
		[ $# -ge 2 ] || die "$1 needs an argument"
		case $1 in
		--sim) sim=$2 ;;
		--real) real=$2 ;;
		--corpus) corpora+=("$2") ;;
		--known) known=$2 ;;
		*) real_opt "$1" "$2" || die "unknown argument '$1' (see --help)" ;;
		esac
		shift 2 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done
[ -n "$sim" ] && [ -n "$real" ] || die "--sim and --real are required"
[ ${#corpora[@]} -gt 0 ] || corpora=("$top/tests/fuzz/seeds")
real_kernels

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The pack: per input, its name, NUL, its size (4 bytes, little-endian), its bytes.
le32() { printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $(($1 >> 8 & 255)))\\$(printf %03o $(($1 >> 16 & 255)))\\$(printf %03o $(($1 >> 24 & 255)))"; }
inputs=0
for dir in "${corpora[@]}"; do
	[ -d "$dir" ] || die "$dir: no such corpus directory"
	for f in "$dir"/*; do
		[ -f "$f" ] || continue
		printf '%s\0' "${f##*/}"
		le32 "$(stat -c %s "$f")"
		cat "$f"
		inputs=$((inputs + 1))
	done
done >"$work/corpus.pack"
say "$inputs inputs from ${corpora[*]}"

# Splits a transcript into one file per input under DIR.
split_inputs() {
	mkdir -p "$2"
	awk -v dir="$2" '/^# input / { f = dir "/" $3 } f { print > f }' "$1"
}

status=0
for k in "${kernels[@]}"; do
	start=$SECONDS
	real_boot "$k" "$work/boot-$k" --bin "$real" --bin "$work/corpus.pack" \
		--run "${real##*/} --pack /bin/corpus.pack"
	case $? in
	77) continue ;;
	0) ;;
	*) status=1; continue ;;
	esac
	if [ "$(cat "$work/boot-$k/run-1.rc")" != 0 ]; then
		say "$k: FAIL: real KVM: the replay ended with $(cat "$work/boot-$k/run-1.rc")"
		tail -20 "$work/boot-$k/run-1.out" | sed 's/^/    /'
		status=1; trs_line FAIL
		continue
	fi
	cp "$work/boot-$k/run-1.out" "$work/real-$k.txt"
	if ! "$sim" --kernel="$k" --pack "$work/corpus.pack" >"$work/sim-$k.txt" 2>"$work/sim-$k.err"; then
		say "$k: FAIL: the simulator's replay failed:"
		sed 's/^/    /' "$work/sim-$k.err"
		status=1; trs_line FAIL
		continue
	fi
	split_inputs "$work/real-$k.txt" "$work/real-$k"
	split_inputs "$work/sim-$k.txt" "$work/sim-$k"
	differ=0 explained=0
	for f in "$work/real-$k"/*; do
		name=${f##*/}
		cmp -s "$f" "$work/sim-$k/$name" && continue
		if grep -Eq "^$k[[:space:]]+$name([[:space:]]|\$)" "$known" 2>/dev/null; then
			explained=$((explained + 1))
			continue
		fi
		differ=$((differ + 1))
		say "$k: input $name: the simulator differs (real KVM -, simulator +):"
		diff -u "$f" "$work/sim-$k/$name" | tail -n +3 | sed 's/^/    /'
	done
	lines=$(wc -l <"$work/real-$k.txt")
	if [ $differ -eq 0 ]; then
		say "$k: PASS: $inputs inputs, $lines lines as real KVM answered ($explained known differences; $((SECONDS - start)) s)"
		trs_line PASS
	else
		say "$k: FAIL: $differ of $inputs inputs differ ($explained more known)"
		status=1; trs_line FAIL
	fi
	if [ -n "$keep" ]; then
		mkdir -p "$keep" && cp "$work/real-$k.txt" "$work/sim-$k.txt" "$keep/"
	fi
done
exit $status
