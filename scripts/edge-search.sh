#!/usr/bin/env bash
# edge-search.sh trains the reference architecture under several initialisations and
# optimizers and measures how much each makes its first layer's filters edge detectors:
# for the vertical, horizontal and two diagonal hand-made edge kernels, the cosine
# similarity of the conv1 filter most like each (as the Convolution tab and
# `convscope inspect -json` compute it), and their mean. It prints a Markdown table.
#
# Usage: scripts/edge-search.sh [STEPS] [BINARY]   (defaults: 2000 steps, ./convscope)
#
# The runs go into build/edges/NAME; each filter grid is build/edges/NAME/filters_conv1.png.
# Needs python3 to read the JSON that inspect prints.
set -euo pipefail

steps=${1:-2000}
binary=${2:-./convscope}
out=build/edges
mkdir -p "$out"

# NAME and the train flags that make it; the first is the reference.
settings=(
	"reference|"
	"adam-1e-3|-lr 1e-3"
	"he-adam-1e-3|-init he -lr 1e-3"
	"xavier-adam-1e-3|-init xavier -lr 1e-3"
	"trunc0.01-adam-1e-3|-init truncnormal:0.01 -lr 1e-3"
	"he-sgd-0.01|-init he -optimizer sgd -lr 0.01"
	"decay-adam-1e-3|-lr 1e-3 -weight-decay 0.001"
)

echo "| setting | train flags | vertical | horizontal | diagonal \\ | diagonal / | mean | test accuracy |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for s in "${settings[@]}"; do
	name=${s%%|*} flags=${s#*|}
	rm -rf "${out:?}/$name"
	# shellcheck disable=SC2086 # flags are words
	result=$("$binary" train $flags -steps "$steps" -eval-every "$steps" -out "$out/$name" -json 2>/dev/null)
	"$binary" inspect -model "$out/$name/model.ckpt" -test 0 -out "$out/$name/inspect" -json 2>/dev/null >"$out/$name/inspect.json"
	python3 - "$name" "$flags" "$out/$name/inspect.json" "$result" <<'PY'
import json, sys
name, flags, path, result = sys.argv[1:5]
best = {r["kernel"]: r["filters"][0]["similarity"] for r in json.load(open(path))["edges"]}
kernels = ["vertical edge", "horizontal edge", "diagonal \\ edge", "diagonal / edge"]
sims = [best[k] for k in kernels]
acc = json.loads(result)["test_accuracy"]
cells = " | ".join(f"{s:.2f}" for s in sims)
print(f"| {name} | `{flags or '(defaults)'}` | {cells} | {sum(sims) / len(sims):.2f} | {100 * acc:.2f}% |")
PY
done
