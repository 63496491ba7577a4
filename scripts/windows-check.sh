#!/usr/bin/env bash
# windows-check.sh runs the Windows build's headless commands under Wine and checks that they
# give what a Linux build with the same arithmetic gives: both are built with -tags purego
# (gonum's BLAS and the Go twins of the C kernels), train from seed 1, and each side's -json
# output of train, eval, inspect and classify must agree with the other's up to rounding
# (scripts/jsonclose). It also evaluates each side's model with the other build, and says
# whether the model files and the inspect pictures are byte for byte the same.
#
# Usage: scripts/windows-check.sh ConvScope.exe      (make windows-check builds it first)
#
# Everything is written to build/windows-check/. Without Wine it says so and exits 0.

set -euo pipefail

if (($# != 1)); then
	echo "usage: scripts/windows-check.sh ConvScope.exe" >&2
	exit 2
fi
if ! command -v wine >/dev/null; then
	echo "windows-check: skipped: Wine is not installed (install it with: scripts/deps.sh wine)"
	exit 0
fi
if [[ ! -f $1 ]]; then
	echo "windows-check: $1 not found; build it with: make windows" >&2
	exit 1
fi
exe=$(realpath "$1")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$repo/build/windows-check
steps=${WINDOWS_CHECK_STEPS:-100}

rm -rf "$out"
mkdir -p "$out/linux" "$out/windows"
echo "windows-check: building the Linux build with -tags purego"
(cd "$repo" && go build -tags purego -o "$out/convscope-purego" .)

# Each side runs in its own folder, so the two write the same relative paths.
linux() { (cd "$out/linux" && "$out/convscope-purego" "$@"); }
windows() { (cd "$out/windows" && "$repo/scripts/wine.sh" "$exe" "$@"); }

declare -A seconds
# run SIDE NAME COMMAND ARGS... runs a command of SIDE with -json (before the arguments, which
# may end in files) into SIDE/NAME.json and times it.
run() {
	local side=$1 name=$2 command=$3 start
	shift 3
	echo "windows-check: $side: convscope $command $*"
	start=$EPOCHREALTIME
	if ! "$side" "$command" -json "$@" >"$out/$side/$name.json" 2>"$out/$side/$name.log"; then
		echo "windows-check: FAILED: on $side, convscope $command $* failed:" >&2
		tail -n 5 "$out/$side/$name.log" >&2
		exit 1
	fi
	seconds[$side.$name]=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
}

for side in linux windows; do
	run "$side" train train -steps "$steps" -seed 1 -eval-every 0 -out run
	run "$side" eval eval -model run/model.ckpt
	run "$side" inspect inspect -model run/model.ckpt -test 0 -out test0
	if [[ $side == linux ]]; then
		cp "$out/linux/test0/input.png" "$out/digit.png"
	fi
	run "$side" classify classify -model run/model.ckpt ../digit.png
done
# Each build evaluates the other's model: the file format is the same on both.
run linux eval-other eval -model ../windows/run/model.ckpt
run windows eval-other eval -model ../linux/run/model.ckpt

failed=0
compare() {
	if ! (cd "$repo" && go run ./scripts/jsonclose -ignore "$1" "$out/$2" "$out/$3"); then
		failed=1
	fi
}
# Timings differ, and so does the name a run is given, which holds the time of day.
timings=seconds,name
for name in train eval inspect classify; do
	compare "$timings" "linux/$name.json" "windows/$name.json"
done
compare "$timings" linux/eval.json linux/eval-other.json
compare "$timings" windows/eval.json windows/eval-other.json

same() { if cmp -s "$1" "$2"; then echo "the same"; else echo "different"; fi; }
pictures=0 identical=0
while IFS= read -r -d '' f; do
	pictures=$((pictures + 1))
	if cmp -s "$f" "$out/windows/test0/${f#"$out/linux/test0/"}"; then
		identical=$((identical + 1))
	fi
done < <(find "$out/linux/test0" -type f -print0)
echo "windows-check: model files: $(same "$out/linux/run/model.ckpt" "$out/windows/run/model.ckpt"); inspect pictures byte for byte the same: $identical of $pictures"
echo "windows-check: seconds, Linux (purego) / Windows under Wine: train ${seconds[linux.train]} / ${seconds[windows.train]}, eval ${seconds[linux.eval]} / ${seconds[windows.eval]}, inspect ${seconds[linux.inspect]} / ${seconds[windows.inspect]}, classify ${seconds[linux.classify]} / ${seconds[windows.classify]}"
if ((failed)); then
	echo "windows-check: FAILED: the Windows build's results differ from the Linux build's (above); the outputs are in $out" >&2
	exit 1
fi
echo "windows-check: passed: the Windows build under Wine gives the Linux build's results ($steps training steps, eval, inspect, classify)"
