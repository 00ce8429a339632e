package diff

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/fixtures"
)

// gitRepo is a repository made for a test: main has the specs and a
// fixture (commit base); feature branches off there; main then moves on
// with a change to servicetickets that the feature branch does not have.
type gitRepo struct {
	dir  string
	base string // the commit feature branched from
	main string // main's head, after base
}

func git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git %s: %s", strings.Join(args, " "), out)
	return strings.TrimSpace(string(out))
}

func newGitRepo(t *testing.T) *gitRepo {
	t.Helper()
	_, err := exec.LookPath("git")
	require.NoError(t, err, "the git-revision tests need git")
	for k, v := range map[string]string{
		"GIT_CONFIG_GLOBAL": os.DevNull, "GIT_CONFIG_NOSYSTEM": "1",
		"GIT_AUTHOR_NAME": "specdrift", "GIT_AUTHOR_EMAIL": "specdrift@example.com", "GIT_AUTHOR_DATE": "2024-11-19T10:00:00Z",
		"GIT_COMMITTER_NAME": "specdrift", "GIT_COMMITTER_EMAIL": "specdrift@example.com", "GIT_COMMITTER_DATE": "2024-11-19T10:00:00Z",
	} {
		t.Setenv(k, v)
	}
	r := &gitRepo{dir: t.TempDir()}
	git(t, r.dir, "init", "-q", "-b", "main")
	for _, name := range []string{"cloudconnect.yaml", "servicetickets.yaml"} {
		r.write(t, "spec/"+name, string(specFile(t, name).Data))
	}
	for _, name := range []string{"cloudconnect/list-authorisations-200.yaml", "servicetickets/confirm-authorizations-200.yaml"} {
		data, err := fixtures.Files.ReadFile(name)
		require.NoError(t, err)
		r.write(t, "fixtures/"+name, string(data))
	}
	git(t, r.dir, "add", ".")
	git(t, r.dir, "commit", "-q", "-m", "specs and fixtures")
	r.base = git(t, r.dir, "rev-parse", "HEAD")
	git(t, r.dir, "branch", "feature")
	r.edit(t, "spec/servicetickets.yaml", "          type: integer\n          format: int64\n          description: Specifies the authorization detail ID.", "          type: string\n          description: Specifies the authorization detail ID.")
	r.edit(t, "spec/servicetickets.yaml", "- auth_detail_id: 123", `- auth_detail_id: "123"`)
	git(t, r.dir, "commit", "-q", "-am", "servicetickets: auth_detail_id is a string")
	r.main = git(t, r.dir, "rev-parse", "HEAD")
	git(t, r.dir, "checkout", "-q", "feature")
	return r
}

func (r *gitRepo) write(t testing.TB, name, content string) {
	t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(name))
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
}

func (r *gitRepo) edit(t testing.TB, name, old, new string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(r.dir, filepath.FromSlash(name)))
	require.NoError(t, err)
	require.Equal(t, 1, strings.Count(string(data), old), "%q in %s", old, name)
	r.write(t, name, strings.Replace(string(data), old, new, 1))
}

func TestGitRevisions(t *testing.T) {
	r := newGitRepo(t)
	// the pull request: limit becomes required, in the working tree
	r.edit(t, "spec/cloudconnect.yaml", `x-specdrift-page: "001"
      x-specdrift-together: [marker, limit]
      parameters:
        - name: limit
          in: query
          required: false`, `x-specdrift-page: "001"
      x-specdrift-together: [marker, limit]
      parameters:
        - name: limit
          in: query
          required: true`)
	g := Git{Dir: r.dir}
	ctx := context.Background()

	base, err := g.MergeBase(ctx)
	require.NoError(t, err)
	require.Equal(t, r.base, base, "the merge base, not main's head")

	old, err := g.Files(ctx, base, "base", "spec", ".yaml")
	require.NoError(t, err)
	require.Equal(t, []string{"base:spec/cloudconnect.yaml", "base:spec/servicetickets.yaml"}, []string{old[0].Name, old[1].Name})
	one, err := g.Files(ctx, "main", "main", "spec/servicetickets.yaml", ".yaml")
	require.NoError(t, err)
	require.Len(t, one, 1)
	require.Contains(t, string(one[0].Data), `auth_detail_id: "123"`, "the file as main has it")

	var cur []File
	for _, name := range []string{"cloudconnect.yaml", "servicetickets.yaml"} {
		data, err := os.ReadFile(filepath.Join(r.dir, "spec", name))
		require.NoError(t, err)
		cur = append(cur, File{Name: "spec/" + name, Data: data})
	}
	fx, err := g.Files(ctx, base, "base", "fixtures", ".yaml")
	require.NoError(t, err)
	exs, errs := ReadFixtures(fx)
	require.Empty(t, errs)
	loaded, err := LoadPairs(ctx, PairFiles(old, cur))
	require.NoError(t, err)
	res, err := Compare(ctx, loaded, Options{Fixtures: exs})
	require.NoError(t, err)
	require.Len(t, res.Pairs, 2)
	cc, st := res.Pairs[0], res.Pairs[1]
	require.Equal(t, []string{"request-parameter-became-required"}, []string{cc.Changes[0].Rule})
	require.Len(t, cc.Changes, 1)
	require.Equal(t, "base:spec/cloudconnect.yaml", cc.Changes[0].Old.File)
	require.Equal(t, "spec/cloudconnect.yaml", cc.Changes[0].New.File)
	require.Len(t, cc.Rejected, 1)
	require.Equal(t, "base:fixtures/cloudconnect/list-authorisations-200.yaml:13", cc.Rejected[0].Source)
	require.Empty(t, st.Changes, "main's later change to servicetickets is not the pull request's")
	require.Equal(t, 1, st.Exchanges)
}

func TestGitErrors(t *testing.T) {
	r := newGitRepo(t)
	g := Git{Dir: r.dir}
	ctx := context.Background()
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"a revision that does not exist", func() error { _, err := g.Files(ctx, "v9.9.9", "v9.9.9", "spec", ".yaml"); return err }, `revision "v9.9.9" does not exist in this repository`},
		{"an option as a revision", func() error { _, err := g.Resolve(ctx, "--all"); return err }, "not a revision"},
		{"a path the revision lacks", func() error { _, err := g.Files(ctx, "main", "main", "specs", ".yaml"); return err }, "main has no file specs"},
		{"no main to branch from", func() error { _, err := Git{Dir: t.TempDir()}.MergeBase(ctx); return err }, "not a git repository"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ge *GitError
			require.ErrorAs(t, err, &ge)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}
