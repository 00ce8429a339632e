# specdrift: contract testing for OpenAPI 3 specs.
GO            ?= go
STATICCHECK   ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZSHORT     ?= 1000x
FUZZTIME      ?= 1m
FUZZMINIMIZETIME ?= 5s
FUZZ          ?= .
BENCHTIME     ?= 1s
PKGS          := ./...

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-16s %s\n", $$1, $$2}'

.PHONY: build
build: ## build bin/specdrift
	$(GO) build -o bin/specdrift ./cmd/specdrift

.PHONY: generate
generate: ## regenerate gen/ from the specs
	$(GO) generate ./gen/...

.PHONY: check-generate
check-generate: generate ## regenerate and fail on any difference from what is committed
	@git diff --exit-code --stat -- gen/ || { echo "gen/ is out of date: run make generate and commit"; exit 1; }
	@test -z "$$(git status --porcelain --untracked-files=all -- gen/)" || { git status --short -- gen/; echo "gen/ has uncommitted files: run make generate and commit"; exit 1; }

.PHONY: vet
vet: ## go vet
	$(GO) vet $(PKGS)

# FUZZ_TARGETS lists every fuzz target of the module as "folder name" lines,
# found in the sources so that a new target is fuzzed without being listed
# here (interop/ is a module of its own, tested by make interop).
FUZZ_TARGETS = grep -rHoE --include='*_test.go' --exclude-dir=.git --exclude-dir=testdata --exclude-dir=interop \
		'^func Fuzz[A-Za-z0-9_]+' . | sed -E 's|^(.*)/[^/]+:func (.*)|\1 \2|' | sort | grep -E '$(FUZZ)'

# run-fuzz runs each target of FUZZ_TARGETS for -fuzztime=$(1) and
# -fuzzminimizetime=$(2); no target at all is a failure, not a pass.
define run-fuzz
	@targets="$$($(FUZZ_TARGETS))"; \
	test -n "$$targets" || { echo "no fuzz target matches FUZZ=$(FUZZ)"; exit 1; }; \
	echo "$$targets" | while read -r dir name; do \
		cmd="$(GO) test -run=^$$ -fuzz=^$$name$$ -fuzztime=$(1) -fuzzminimizetime=$(2) $$dir/"; \
		echo "$$cmd"; $$cmd || exit 1; \
	done
endef

.PHONY: fuzz-short
fuzz-short: ## every fuzz target for FUZZSHORT mutated inputs (a count, not a time: the same work on any machine)
	$(call run-fuzz,$(FUZZSHORT),0)

.PHONY: fuzz
fuzz: ## every fuzz target (or those FUZZ matches) for FUZZTIME each, minimizing what it finds
	$(call run-fuzz,$(FUZZTIME),$(FUZZMINIMIZETIME))

.PHONY: test
test: vet check-generate ## vet, the generated-code sync check, the race-enabled tests (every fuzz target's seeds among them), short fuzz runs, the SDK interop test
	$(GO) test -race -count=1 $(PKGS)
	$(MAKE) --no-print-directory fuzz-short
	$(MAKE) --no-print-directory interop

CHROMIUM          ?= /usr/bin/chromium
BROWSER_ARTIFACTS ?=

.PHONY: browser-test
browser-test: ## the html reports in headless Chromium: counts, the coverage matrix, the filters, a screenshot (installs Debian's chromium if $(CHROMIUM) is missing)
	@test -x "$(CHROMIUM)" || { \
	  if [ "$$(id -u)" = 0 ]; then sudo=; elif command -v sudo >/dev/null; then sudo=sudo; else echo "$(CHROMIUM) is missing: install Debian's chromium package as root"; exit 1; fi; \
	  echo "installing chromium (Debian package)"; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@out="$(BROWSER_ARTIFACTS)"; [ -n "$$out" ] || out=$$(mktemp -d); mkdir -p "$$out" && out=$$(cd "$$out" && pwd) && \
	echo "screenshots under $$out" && \
	SPECDRIFT_CHROMIUM="$(CHROMIUM)" $(GO) test -tags browser -count=1 -v -run '^TestBrowser' -artifacts -outputdir "$$out" ./cmd/specdrift/

.PHONY: lint
lint: ## gofmt, go vet and staticcheck
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "not gofmt-formatted"; exit 1; }
	$(GO) vet $(PKGS)
	$(GO) run $(STATICCHECK) $(PKGS)

.PHONY: bench
bench: ## the benchmarks, each beside its floor measured in the same run
	$(GO) test -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) $(PKGS)

.PHONY: interop
interop: ## the official Huawei Cloud Go SDK calls every operation on specdrift mock (module interop/)
	cd interop && $(GO) vet ./... && $(GO) test -count=1 ./...

PRISM_VERSION ?= 5.16.0

.PHONY: bench-peers
bench-peers: ## the proxy benchmark beside Stoplight Prism's validating proxy, installed from npm into a temporary folder (not part of test)
	@dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && \
	echo "installing @stoplight/prism-cli@$(PRISM_VERSION) into $$dir" && \
	npm install --prefix "$$dir" --no-audit --no-fund --loglevel=error @stoplight/prism-cli@$(PRISM_VERSION) >/dev/null && \
	SPECDRIFT_PRISM="$$dir/node_modules/.bin/prism" $(GO) test -tags peers -run='^$$' -bench='^BenchmarkPeers$$' -benchtime=$(BENCHTIME) ./contract/proxy/

.PHONY: bench-diff
bench-diff: ## specdrift diff on a large public spec pair beside oasdiff's own diff + checker calls, 10 runs
	$(GO) test -run='^$$' -bench='^BenchmarkLargeDiff$$' -benchtime=10x ./contract/diff/

OCTOKIT_OLD     ?= 22.0.0
OCTOKIT_NEW     ?= 23.0.2
OASDIFF_VERSION ?= v1.36.0

.PHONY: github-bench
github-bench: ## GitHub's REST description from npm: validate its examples, mock, proxy in front of the mock, diff OCTOKIT_OLD -> OCTOKIT_NEW beside oasdiff's CLI; time and peak memory of each (not part of test)
	OCTOKIT_OLD=$(OCTOKIT_OLD) OCTOKIT_NEW=$(OCTOKIT_NEW) OASDIFF_VERSION=$(OASDIFF_VERSION) GO=$(GO) bash measure/github-bench.sh

.PHONY: corpus
corpus: ## validate --spec on every document of public spec collections from npm: how many load, how many examples are validated; fails on a panic or a hang of 60 s (not part of test)
	GO=$(GO) bash measure/corpus.sh
