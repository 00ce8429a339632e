#!/usr/bin/env bash
# make github-bench: specdrift on GitHub's REST description as published on
# npm (@octokit/openapi, generated/api.github.com.json): validate its
# examples, serve it with mock, put proxy in front of that mock, and diff
# two versions of it beside oasdiff's CLI on the same pair. Each run is
# timed (wall and processor time) with its peak resident memory, by
# /usr/bin/time -v where it is, else by internal/peakrss. Everything goes to
# a temporary folder, removed at the end; only loopback is served.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
OLD=${OCTOKIT_OLD:-22.0.0}
NEW=${OCTOKIT_NEW:-23.0.2}
OASDIFF=${OASDIFF_VERSION:-v1.36.0}

dir=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$dir"
}
trap cleanup EXIT

say() { printf '\n== %s\n' "$*"; }

say "fetching @octokit/openapi $OLD and $NEW from npm into $dir"
for v in "$OLD" "$NEW"; do
	mkdir -p "$dir/$v"
	(cd "$dir" && npm pack --silent "@octokit/openapi@$v" >/dev/null)
	tar -xzf "$dir/octokit-openapi-$v.tgz" -C "$dir/$v" --strip-components=2 package/generated/api.github.com.json
	rm "$dir/octokit-openapi-$v.tgz"
done
spec=$dir/$NEW/api.github.com.json
ls -l "$dir/$OLD/api.github.com.json" "$spec" | awk '{print "  " $5 " bytes  " $NF}'

say "building specdrift, and oasdiff $OASDIFF into a temporary GOBIN"
$GO build -o "$dir/specdrift" ./cmd/specdrift
GOBIN=$dir/bin $GO install "github.com/oasdiff/oasdiff@$OASDIFF"
if [ -x /usr/bin/time ] && /usr/bin/time -v true 2>/dev/null; then
	timer=(/usr/bin/time -v -o)
	echo "  measured by /usr/bin/time -v"
else
	$GO build -o "$dir/peakrss" ./internal/peakrss
	timer=("$dir/peakrss" -o)
	echo "  measured by internal/peakrss (no /usr/bin/time -v here)"
fi

# report FILE LABEL: the wall time, processor time and peak memory of a run.
report() {
	awk -v label="$2" -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3 ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2]) }
		/User time/ { user = $2 } /System time/ { sys = $2 }
		/Maximum resident set size/ { rss = $2 }
		END { printf "  %-28s wall %6.2f s  cpu %6.2f s  peak %5.0f MB\n", label, wall, user + sys, rss / 1024 }' "$1"
}

# peak FILE: the peak resident memory of a run, in kilobytes.
peak() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

# wait_for FILE PATTERN: the first line of FILE that matches PATTERN, within 120 s.
wait_for() {
	for _ in $(seq 1 1200); do
		if line=$(grep -m1 -E "$2" "$1" 2>/dev/null); then
			echo "$line"
			return 0
		fi
		sleep 0.1
	done
	echo "timed out waiting for /$2/ in $1:" >&2
	cat "$1" >&2
	return 1
}

# stop PID: SIGINT to the server the timer runs (its child), then wait.
stop() {
	local child
	child=$(ps -o pid= --ppid "$1" | head -1 | tr -d ' ')
	kill -INT "${child:-$1}" 2>/dev/null || true
	wait "$1" || true
}

say "load: the spec alone, beside encoding/json decoding its bytes (go test -bench BenchmarkLoadLargeSpec)"
SPECDRIFT_LARGE_SPEC=$spec $GO test -run '^$' -bench '^BenchmarkLoadLargeSpec$/^(floor-encoding-json|specdrift)$' -benchtime 3x -benchmem ./contract/ |
	awk '/^Benchmark/ { for (i = 3; i < NF; i++) { if ($(i+1) == "ns/op") t = $i; if ($(i+1) == "B/op") b = $i }
		printf "  %-48s %6.2f s a load  %6.0f MB allocated\n", $1, t / 1e9, b / 1048576 }'

say "the engines on the examples, loading excluded: kin (the floor) and fast (go test -bench BenchmarkGitHubExamples; target: fast <= 0.2 x-floor)"
SPECDRIFT_LARGE_SPEC=$spec $GO test -run '^$' -bench '^BenchmarkGitHubExamples$' -benchtime 10x ./contract/ | grep '^Benchmark'

say "validate --spec: the spec's own examples, as exchanges (target: loads in <= 2 s, <= 400 MB peak)"
set +e
"${timer[@]}" "$dir/validate.time" "$dir/specdrift" validate --spec "$spec" --format json --output "$dir/validate.json"
code=$?
set -e
report "$dir/validate.time" "validate (exit $code)"
node -e '
	const r = require(process.argv[1]), s = r.summary, by = {};
	for (const f of r.findings) by[f.rule] = (by[f.rule] || 0) + 1;
	console.log(`  ${s.exchanges} example exchanges, ${s.operations_covered} of ${s.operations} operations covered, ${r.coverage.bodies.validated} bodies validated; ${s.errors} errors, ${s.warnings} warnings`);
	for (const [k, v] of Object.entries(by).sort()) console.log(`    ${k}: ${v}`);
' "$dir/validate.json"

say "mock --spec: start, a few requests, stop"
"${timer[@]}" "$dir/mock.time" "$dir/specdrift" mock --spec "$spec" --listen 127.0.0.1:0 2>"$dir/mock.err" &
mock=$!
pids+=("$mock")
start=$(date +%s.%N)
mock_url=$(wait_for "$dir/mock.err" 'specdrift mock: serving' | grep -oE 'http://[0-9.:]+')
echo "  serving after $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s at $mock_url"
requests=(
	"GET /repos/octocat/Hello-World"
	"GET /users/octocat"
	"GET /repos/octocat/Hello-World/git/ref/heads/feature-a"
	"POST /repos/octocat/Hello-World/issues"
	"GET /no/such/thing"
)
# send BASE: each request to BASE, and the status it got.
send() {
	local method path args
	for r in "${requests[@]}"; do
		method=${r%% *} path=${r#* }
		args=(-s -o /dev/null -w '%{http_code}' -X "$method")
		if [ "$method" = POST ]; then
			args+=(-H 'Content-Type: application/json' --data '{"title": "Found a bug"}')
		fi
		printf '    %-55s %s\n' "$r" "$(curl "${args[@]}" "$1$path")"
	done
}
send "$mock_url"

say "proxy --spec in front of the mock: the same requests through it"
"${timer[@]}" "$dir/proxy.time" "$dir/specdrift" proxy --spec "$spec" --upstream "$mock_url" --listen 127.0.0.1:0 --log "$dir/proxy.ndjson" 2>"$dir/proxy.err" &
proxy=$!
pids+=("$proxy")
proxy_url=$(wait_for "$dir/proxy.err" 'specdrift proxy: listening' | grep -oE 'http://[0-9.:]+' | head -1)
head -1 "$dir/proxy.err" | cut -c1-160 | sed 's/^/  /'
send "$proxy_url"
stop "$proxy"
stop "$mock"
grep -v '^specdrift: ' "$dir/proxy.err" | sed -n '/exchanges, .* findings/,$p' | sed 's/^/  /'
report "$dir/mock.time" "mock"
report "$dir/proxy.time" "proxy"

say "diff $OLD -> $NEW, specdrift beside oasdiff changelog (target: <= 1.2x oasdiff's peak memory)"
set +e
"${timer[@]}" "$dir/diff.time" "$dir/specdrift" diff "$dir/$OLD" "$dir/$NEW" --format json --output "$dir/diff.json"
code=$?
"${timer[@]}" "$dir/oasdiff.time" "$dir/bin/oasdiff" changelog "$dir/$OLD/api.github.com.json" "$spec" -f json >"$dir/oasdiff.json"
ocode=$?
set -e
report "$dir/diff.time" "specdrift diff (exit $code)"
report "$dir/oasdiff.time" "oasdiff changelog (exit $ocode)"
node -e '
	const [sd, oa] = [require(process.argv[1]), require(process.argv[2])];
	const ours = new Map(), theirs = new Map();
	for (const p of sd.pairs) for (const c of p.changes) ours.set(c.fingerprint, c);
	for (const c of oa) theirs.set(c.fingerprint, c);
	const level = { 3: "error", 2: "warning", 1: "info" }, count = (xs, f) => xs.reduce((m, x) => (m[f(x)] = (m[f(x)] || 0) + 1, m), {});
	console.log(`  changes: specdrift ${ours.size}, oasdiff ${theirs.size}; fingerprints only in specdrift: ${[...ours.keys()].filter(k => !theirs.has(k)).length}, only in oasdiff: ${[...theirs.keys()].filter(k => !ours.has(k)).length}`);
	console.log("  by level: specdrift", JSON.stringify(count([...ours.values()], c => c.severity)), " oasdiff", JSON.stringify(count(oa, c => level[c.level])));
' "$dir/diff.json" "$dir/oasdiff.json"
awk -v a="$(peak "$dir/diff.time")" -v b="$(peak "$dir/oasdiff.time")" 'BEGIN { printf "  peak memory: %.2fx oasdiff'"'"'s\n", a / b }'
