package diff

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path"
	"sort"
	"strings"
)

// GitError is a git command that failed: a revision or a path that does
// not exist, a folder that is not in a repository, git itself missing.
type GitError struct {
	Args   []string
	Reason string
}

func (e *GitError) Error() string {
	return fmt.Sprintf("git %s: %s", strings.Join(e.Args, " "), e.Reason)
}

// Git reads spec files from the revisions of the repository that holds Dir
// ("" for the current directory), with the git command.
type Git struct {
	Dir string
}

func (g Git) run(ctx context.Context, args ...string) ([]byte, error) {
	full := append([]string{"-c", "core.quotepath=off"}, args...)
	if g.Dir != "" {
		full = append([]string{"-C", g.Dir}, full...)
	}
	cmd := exec.CommandContext(ctx, "git", full...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		reason := strings.TrimSpace(stderr.String())
		var ee *exec.ExitError
		if !errors.As(err, &ee) || reason == "" {
			reason = err.Error()
		}
		return nil, &GitError{Args: args, Reason: reason}
	}
	return out, nil
}

// Resolve checks that rev names a commit and returns its full hash.
func (g Git) Resolve(ctx context.Context, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return "", &GitError{Args: []string{"rev-parse", rev}, Reason: "not a revision"}
	}
	out, err := g.run(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		var ge *GitError
		if errors.As(err, &ge) && (ge.Reason == "" || strings.HasPrefix(ge.Reason, "exit status")) {
			ge.Reason = fmt.Sprintf("revision %q does not exist in this repository", rev)
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// MergeBase returns the merge base of HEAD with main, or with origin/main
// where there is no local main (as in a CI checkout).
func (g Git) MergeBase(ctx context.Context) (string, error) {
	var last error
	for _, ref := range []string{"main", "origin/main"} {
		if _, err := g.Resolve(ctx, ref); err != nil {
			last = err
			continue
		}
		out, err := g.run(ctx, "merge-base", "HEAD", ref)
		if err != nil {
			return "", err
		}
		return strings.TrimSpace(string(out)), nil
	}
	return "", fmt.Errorf("no merge base with main or origin/main (give --base REV): %w", last)
}

// Files reads the spec files at p in revision rev: p itself when it is a
// file, else every file below it whose name ends in one of exts. p is
// relative to Dir. Files are named "label:p", label standing for the
// revision as the user knows it.
func (g Git) Files(ctx context.Context, rev, label, p string, exts ...string) ([]File, error) {
	hash, err := g.Resolve(ctx, rev)
	if err != nil {
		return nil, err
	}
	p = strings.TrimSuffix(path.Clean(strings.ReplaceAll(p, "\\", "/")), "/")
	out, err := g.run(ctx, "ls-tree", "-r", "-z", "--name-only", hash, "--", p)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, n := range strings.Split(string(out), "\x00") {
		if n == "" {
			continue
		}
		if n == p || hasExt(n, exts) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil, &GitError{Args: []string{"ls-tree", rev, "--", p}, Reason: fmt.Sprintf("%s has no file %s (or none ending in %s below it)", rev, p, strings.Join(exts, ", "))}
	}
	sort.Strings(names)
	files := make([]File, 0, len(names))
	for _, n := range names {
		data, err := g.run(ctx, "cat-file", "blob", hash+":./"+n)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: label + ":" + n, Data: data})
	}
	return files, nil
}

func hasExt(name string, exts []string) bool {
	for _, e := range exts {
		if strings.HasSuffix(name, e) {
			return true
		}
	}
	return false
}

// ParseGitRef splits "git:REV:PATH" into its revision and path; ok is
// false for anything else.
func ParseGitRef(s string) (rev, p string, ok bool) {
	rest, found := strings.CutPrefix(s, "git:")
	if !found {
		return "", "", false
	}
	rev, p, found = strings.Cut(rest, ":")
	if !found || rev == "" || p == "" {
		return "", "", false
	}
	return rev, p, true
}
