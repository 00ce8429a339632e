package docs

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract/diff"
	"github.com/specdrift/specdrift/contract/docpage"
)

// TestDiff compares a page with an edited copy of it: each change the spec
// diff finds is located on the lines of both pages.
func TestDiff(t *testing.T) {
	old := seedFiles(t)["002"]
	new := editPage(t, old, 52, "Maximum: 1000", "Maximum: 2000")
	new = editPage(t, new, 68, "No", "Yes")
	new = editPage(t, new, 252, "region_id\n\nString", "region_id\n\nInteger")
	res, err := Diff(context.Background(), docpage.Parse("old/002.txt", old), docpage.Parse("new/002.txt", new))
	require.NoError(t, err)
	require.Len(t, res.Pairs, 1)
	type change struct {
		Rule     string
		Old, New int
	}
	var got []change
	for _, c := range res.Pairs[0].Changes {
		require.Equal(t, "old/002.txt", c.Old.File)
		require.Equal(t, "new/002.txt", c.New.File)
		require.Equal(t, "GET /v3/{domain_id}/ccaas/permissions", c.Operation)
		got = append(got, change{c.Rule, c.Old.Line, c.New.Line})
	}
	want := []change{
		{"request-parameter-became-required", 68, 68},
		{"response-property-type-changed", 270, 270},
		{"request-parameter-max-increased", 52, 52},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("changes (-want +got):\n%s", d)
	}
}

func TestDiffOfUnrelatedPages(t *testing.T) {
	s := seedFiles(t)
	_, err := Diff(context.Background(), docpage.Parse("000.txt", s["000"]), docpage.Parse("004.txt", s["004"]))
	var mismatch *diff.ServiceMismatchError
	require.True(t, errors.As(err, &mismatch), "%v", err)
}

func TestDiffOfTheSamePage(t *testing.T) {
	for id, data := range seedFiles(t) {
		res, err := Diff(context.Background(), docpage.Parse(id+".txt", data), docpage.Parse(id+".txt", data))
		require.NoError(t, err)
		require.Empty(t, res.Pairs[0].Changes, id)
	}
}
