#!/usr/bin/env bash
# lab-table.sh trains every preset on every data set for the same number of steps and
# prints their test accuracy as a Markdown table, for the README.
#
# Usage: scripts/lab-table.sh [STEPS] [BINARY]   (defaults: 2000 steps, ./convscope)
#
# Each run is `convscope train -preset P -dataset D -steps STEPS -eval-every STEPS` with
# every other setting at its default (Adam, learning rate 1e-4, batch 50, seed 1), into
# build/lab/P-D. The table gives the test accuracy after the last step and the seconds the
# run took on this machine.
set -euo pipefail

steps=${1:-2000}
binary=${2:-./convscope}
out=build/lab
mkdir -p "$out"

presets=$("$binary" presets -json | sed -E 's/^\{"name":"([^"]+)".*/\1/')
echo "| preset | MNIST | Fashion-MNIST |"
echo "| --- | ---: | ---: |"
for p in $presets; do
	row="| \`$p\`"
	for d in mnist fashion; do
		rm -rf "$out/$p-$d"
		result=$("$binary" train -preset "$p" -dataset "$d" -steps "$steps" -eval-every "$steps" -out "$out/$p-$d" -json 2>/dev/null)
		acc=$(sed -E 's/.*"test_accuracy":([0-9.]+).*/\1/' <<<"$result")
		secs=$(sed -E 's/.*"seconds":([0-9.]+).*/\1/' <<<"$result")
		row+=$(awk -v a="$acc" -v s="$secs" 'BEGIN { printf " | %.2f%% (%.0f s)", 100 * a, s }')
	done
	echo "$row |"
done
