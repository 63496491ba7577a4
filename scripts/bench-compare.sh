#!/usr/bin/env bash
# Measures ConvScope's engine and PyTorch side by side on this machine, alternating the two
# so that both see the same conditions, and prints the medians and their ratios:
#
#   training:  images/s for a full step at batch 50 (forward, loss, backward, Adam, dropout)
#   trace:     ms for one image with every layer's activations
#   inference: images/s classifying the 10,000 test images (PyTorch: batches of 1,000)
#
# Needs Debian's python3-torch (sudo apt-get install python3-torch).
# Usage: scripts/bench-compare.sh [ROUNDS]   (default 3; each round takes about 2 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-3}
out=build/bench-compare
mkdir -p "$out"
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
