package docs

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/docpage"
)

// otherResources reports descriptions that say a parameter or field serves
// an operation on a resource of another page of the service, and of none of
// the page's own: the permissions page whose filter is "used to query
// authorizations", copied from the authorizations page. A page's resources
// are the segments of its path after the service root, other than
// parameters ("authorisations" of /v3/{domain_id}/ccaas/authorisations).
// Only a resource named as what an operation acts on counts ("query
// authorizations", "create the list of subnets"): a description may well
// mention another resource in passing.
func otherResources(pages []*docpage.Page) []contract.Finding {
	var out []contract.Finding
	for _, g := range serviceGroups(pages) {
		own := make([]map[string]bool, len(g))
		for i, p := range g {
			own[i] = map[string]bool{}
			for _, r := range resources(p.Path) {
				own[i][r.key] = true
			}
		}
		for i, p := range g {
			// the other pages' resources, and which pages have them
			others := map[string]*foreign{}
			for j, q := range g {
				for _, r := range resources(q.Path) {
					if j == i || own[i][r.key] {
						continue
					}
					if others[r.key] == nil {
						others[r.key] = &foreign{seg: r.seg}
					}
					if !hasPage(others[r.key].pages, q) {
						others[r.key].pages = append(others[r.key].pages, q)
					}
				}
			}
			if len(others) == 0 {
				continue
			}
			out = append(out, descriptionsNaming(p, others)...)
		}
	}
	return out
}

func hasPage(ps []*docpage.Page, p *docpage.Page) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// resource is a non-parameter segment of a path after its service root:
// as written, and as its normalized words joined by spaces ("api key" for
// "api-keys").
type resource struct{ key, seg string }

// foreign is a resource of other pages, and which.
type foreign struct {
	seg   string
	pages []*docpage.Page
}

func resources(path string) []resource {
	root := serviceRoot(path)
	n := len(strings.Split(strings.Trim(root, "/"), "/"))
	segs := strings.Split(strings.Trim(path, "/"), "/")
	var out []resource
	for i, s := range segs {
		if i < n || strings.HasPrefix(s, "{") {
			continue
		}
		if w := strings.Join(words(s), " "); w != "" {
			out = append(out, resource{w, s})
		}
	}
	return out
}

func segments(rs []resource) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.seg)
	}
	return strings.Join(out, ", ")
}

// actionRe are the verbs of what an operation does to its resource, and
// what may stand between the verb and the resource ("query the list of").
var actionRe = regexp.MustCompile(`^(?:query|list|create|delete|update|modify|obtain|get|search|filter|fetch|retrieve|add|remove)$`)

const actionGap = 3 // words between the verb and the resource

// descriptionsNaming reports the rows of page p whose description names one
// of the others resources as what an action is done to.
func descriptionsNaming(p *docpage.Page, others map[string]*foreign) []contract.Finding {
	var out []contract.Finding
	mine := segments(resources(p.Path))
	for ti := range p.Tables {
		t := &p.Tables[ti]
		for _, r := range t.Rows {
			ws := words(r.Description)
			for _, key := range sortedKeys(others) {
				if actedOn(ws, strings.Fields(key)) < 0 {
					continue
				}
				o := others[key]
				var ops []string
				for _, q := range o.pages {
					ops = append(ops, fmt.Sprintf("%s (%s)", operationName(q), filepath.Base(q.Name)))
				}
				in, ptr := rowAt(t, r)
				out = append(out, finding(contract.RuleDocDescriptionOtherResource, operationName(p), source(p.Name, r.Line),
					contract.Finding{
						In: in, Pointer: ptr, Expected: "a description of this operation's " + mine, Actual: firstSentence(r.Description),
						Message: fmt.Sprintf("The description of %s says %q, but %s are the resource of %s; this operation's are %s. Copied from another page?",
							rowSubject(t, r), firstSentence(r.Description), o.seg, strings.Join(ops, " and "), mine),
					}))
			}
		}
	}
	return out
}

// actedOn returns the index in ws where the words rw stand as what a verb
// of actionRe acts on, at most actionGap words after it; -1 if nowhere.
func actedOn(ws, rw []string) int {
	for i := range ws {
		if i+len(rw) > len(ws) || !equalWords(ws[i:i+len(rw)], rw) {
			continue
		}
		for k := i - 1; k >= 0 && k >= i-1-actionGap; k-- {
			if actionRe.MatchString(ws[k]) {
				return i
			}
		}
	}
	return -1
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}
