// Package diff compares two versions of a service's spec: every change, as
// the oasdiff engine finds and ranks it (breaking error, warning, info), and
// the fixture impact no spec diff shows by itself: the recorded exchanges of
// the old version that the new version rejects, and the documented statuses
// that the fixtures no longer cover.
//
// A comparison runs in three steps, each usable alone:
//
//	pairs := diff.PairFiles(oldFiles, newFiles)           // by service
//	loaded, err := diff.LoadPairs(ctx, pairs)              // both versions of each
//	res, err := diff.Compare(ctx, loaded, diff.Options{Fixtures: exs})
//
// The result renders as text, markdown or json (Write), as a changelog in
// documentation order (WriteChangelog), or as a report.Report of findings for
// the CI formats (Result.Report).
package diff
