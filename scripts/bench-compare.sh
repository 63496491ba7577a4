#!/usr/bin/env bash
# Measures ConvScope and PyTorch side by side on this machine, alternating the two so that
# both see the same conditions, and prints the medians and their ratios.
#
# The engine (the default): the hot paths, with Go benchmarks and their PyTorch twins
#   training:  images/s for a full step at batch 50 (forward, loss, backward, Adam, dropout)
#   trace:     ms for one image with every layer's activations
#   inference: images/s classifying the 10,000 test images (PyTorch: batches of 1,000)
#
# End to end (--end-to-end): the real task, as a user runs it, whole processes timed
#   convscope train -steps STEPS -eval-every EVERY             (a fresh run folder each round)
#   scripts/reference_pytorch.py --steps STEPS --eval-every EVERY
# with the same model, data, batches and evaluations; STEPS is 3,000 and EVERY 1,000 unless
# BENCH_STEPS and BENCH_EVAL_EVERY say otherwise. It prints each round's seconds and final
# accuracies, then the medians.
#
# Needs Debian's python3-torch (sudo apt-get install python3-torch); end to end also a built
# ./convscope (make build).
# Usage: scripts/bench-compare.sh [--end-to-end] [ROUNDS]   (default 3 rounds; an engine
#        round takes about 2 minutes, an end-to-end round about 5)
set -euo pipefail
cd "$(dirname "$0")/.."

end_to_end=false
if [[ ${1:-} == --end-to-end ]]; then
	end_to_end=true
	shift
fi
rounds=${1:-3}
out=build/bench-compare
mkdir -p "$out"

# elapsed START prints the seconds since START, a `date +%s.%N`; ratio A B prints A / B.
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
# median prints the median of its arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2 }'; }

if $end_to_end; then
	steps=${BENCH_STEPS:-3000} every=${BENCH_EVAL_EVERY:-1000}
	[[ -x ./convscope ]] || { echo "bench-compare: build ./convscope first (make build)" >&2; exit 1; }
	go_times=() py_times=()
	printf '%-6s %14s %10s %14s %10s %8s\n' round "ConvScope s" accuracy "PyTorch s" accuracy ratio
	for round in $(seq "$rounds"); do
		rm -rf "$out/run"
		start=$(date +%s.%N)
		go_acc=$(./convscope train -steps "$steps" -eval-every "$every" -out "$out/run" -json 2>"$out/convscope-train.log" |
			sed -E 's/.*"test_accuracy":([0-9.]+).*/\1/')
		go_s=$(elapsed "$start")
		start=$(date +%s.%N)
		py_acc=$(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/reference_pytorch.py --steps "$steps" --eval-every "$every" --threads 2 |
			sed -nE 's/^final test_accuracy ([0-9.]+).*/\1/p')
		py_s=$(elapsed "$start")
		go_times+=("$go_s") py_times+=("$py_s")
		printf '%-6s %14.1f %10s %14.1f %10s %7.2fx\n' "$round" "$go_s" "$go_acc" "$py_s" "$py_acc" "$(ratio "$py_s" "$go_s")"
	done
	go_median=$(median "${go_times[@]}") py_median=$(median "${py_times[@]}")
	printf '%-6s %14.1f %10s %14.1f %10s %7.2fx\n' median "$go_median" "" "$py_median" "" "$(ratio "$py_median" "$go_median")"
	exit 0
fi

go test -c -o "$out/cnn.test" ./cnn
: >"$out/convscope.txt"
: >"$out/pytorch.txt"
for round in $(seq "$rounds"); do
	echo "round $round of $rounds" >&2
	"$out/cnn.test" -test.run '^$' -test.bench '^Benchmark(TrainStep|Trace|Evaluate)$' -test.benchtime 2s >>"$out/convscope.txt"
	OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/bench-pytorch.py --threads 2 >>"$out/pytorch.txt"
done

awk '
	function median(list,    n, v, i, j, t) {
		n = split(list, v, " ")
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && v[j-1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j-1]; v[j-1] = t }
		return n % 2 ? v[(n+1)/2] : (v[n/2] + v[n/2+1]) / 2
	}
	FILENAME ~ /convscope/ && /^BenchmarkTrainStep[- \t]/ { for (i = 1; i < NF; i++) if ($(i+1) == "images/s") go["training"] = go["training"] " " $i }
	FILENAME ~ /convscope/ && /^BenchmarkTrace/     { for (i = 1; i < NF; i++) if ($(i+1) == "ms/trace") go["trace"] = go["trace"] " " $i }
	FILENAME ~ /convscope/ && /^BenchmarkEvaluate/  { for (i = 1; i < NF; i++) if ($(i+1) == "images/s") go["inference"] = go["inference"] " " $i }
	FILENAME ~ /pytorch/ && /^training:/  { py["training"] = py["training"] " " $2 }
	FILENAME ~ /pytorch/ && /^trace:/     { py["trace"] = py["trace"] " " $2 }
	FILENAME ~ /pytorch/ && /^inference:/ { py["inference"] = py["inference"] " " $2 }
	END {
		printf "%-10s %14s %14s %8s\n", "", "ConvScope", "PyTorch", "ratio"
		split("training trace inference", order, " ")
		for (k = 1; k <= 3; k++) {
			m = order[k]; g = median(go[m]); p = median(py[m])
			unit = m == "trace" ? "ms" : "images/s"
			# A ratio above 1 means ConvScope is faster.
			ratio = m == "trace" ? p / g : g / p
			printf "%-10s %8.4g %-5s %8.4g %-5s %7.2fx\n", m, g, unit == "ms" ? "ms" : "img/s", p, unit == "ms" ? "ms" : "img/s", ratio
		}
	}
' "$out/convscope.txt" "$out/pytorch.txt"
