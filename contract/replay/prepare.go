package replay

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/outbound"
)

// prepare builds the live request of a case: the recorded path and query
// under the base URL, the recorded values replaced by Vars, and the
// credentials of Options instead of the recorded ones. The exchange's URL
// is the path and query as the spec sees them, its header what is sent. A
// recorded URL that would take the request anywhere but under the base
// URL is refused here, before anything is sent.
func (r *runner) prepare(c Case) (ex *contract.Exchange, req *http.Request, err error) {
	rec := c.Exchange
	bad := func(err error) error {
		return rec.Source.InputError("request.url", err)
	}
	if rec.Request.Oversize > 0 {
		return nil, nil, rec.Source.InputError("request.body", fmt.Errorf("the recorded request body is larger than %d bytes and was not kept: it cannot be replayed", rec.Request.Oversize))
	}
	p, query, err := outbound.SplitRecorded(rec.Request.URL)
	if err != nil {
		return nil, nil, bad(err)
	}
	header := rec.Request.Header.Clone()
	body := rec.Request.Body

	// Placeholders: the recorded value, wherever it appears, becomes the var.
	names := make([]string, 0, len(c.Placeholders))
	for name := range c.Placeholders {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, ph := range names {
		recorded := c.Placeholders[ph]
		name := strings.TrimSuffix(strings.TrimPrefix(ph, "{"), "}")
		value, ok := r.opts.Vars[name]
		if !ok || recorded == "" {
			continue
		}
		r.used[name] = true
		p = strings.ReplaceAll(p, url.PathEscape(recorded), url.PathEscape(value))
		query = strings.ReplaceAll(query, url.QueryEscape(recorded), url.QueryEscape(value))
		for k, vs := range header {
			for i := range vs {
				header[k][i] = strings.ReplaceAll(vs[i], recorded, value)
			}
		}
		body = replaceJSONString(body, recorded, value)
	}
	// Path parameters by name, from the operation's path template; the
	// credentials where its security wants them.
	var security []contract.SecurityRequirement
	if op := r.operation(rec.Operation); op != nil {
		p = r.substitutePath(op.Path, p)
		security = op.Security()
	}
	rel := p
	if query != "" {
		rel += "?" + query
	}
	target, err := r.base.Target(rel)
	if err != nil {
		return nil, nil, bad(err)
	}
	req, err = r.base.NewRequest(context.Background(), rec.Request.Method, target, header, body, r.creds, security)
	if err != nil {
		return nil, nil, bad(err)
	}
	ex = &contract.Exchange{Source: contract.Source{Name: rec.Source.Name, Entry: "replay"}, Operation: rec.Operation, Example: rec.Example,
		Request: contract.Request{Method: rec.Request.Method, URL: rel, Host: recordedHost(rec.Request, nil), Header: req.Header.Clone(), Body: body}}
	return ex, req, nil
}

// recordedHost is the host a recorded request was sent to, which routes it
// among specs whose servers share paths: its URL's when that is absolute
// (u, when not nil, is that URL parsed), else its Host, else its Host
// header's; "" when the recording does not say.
func recordedHost(rec contract.Request, u *url.URL) string {
	if u == nil {
		u, _ = url.Parse(rec.URL)
	}
	switch {
	case u != nil && u.Host != "":
		return u.Host
	case rec.Host != "":
		return rec.Host
	}
	return rec.Header.Get("Host")
}

// substitutePath replaces the segments of escaped path p that stand for a
// path parameter of template with the var of that name.
func (r *runner) substitutePath(template, p string) string {
	tmpl := strings.Split(template, "/")
	segs := strings.Split(p, "/")
	if len(tmpl) != len(segs) {
		return p
	}
	for i, t := range tmpl {
		if !strings.HasPrefix(t, "{") || !strings.HasSuffix(t, "}") {
			continue
		}
		name := t[1 : len(t)-1]
		if value, ok := r.opts.Vars[name]; ok {
			r.used[name] = true
			segs[i] = url.PathEscape(value)
		}
	}
	return strings.Join(segs, "/")
}

// replaceJSONString replaces the JSON string "recorded" by "value" in a
// body; other bytes stay as they were.
func replaceJSONString(body []byte, recorded, value string) []byte {
	if len(body) == 0 {
		return body
	}
	from, err1 := json.Marshal(recorded)
	to, err2 := json.Marshal(value)
	if err1 != nil || err2 != nil {
		return body
	}
	return []byte(strings.ReplaceAll(string(body), string(from), string(to)))
}

// VarNames are the names Options.Vars can give for these cases: the
// placeholders of their fixtures ("domain_id" for "{domain_id}") and the
// path parameters of the specs' operations, sorted.
func VarNames(cases []Case, specs []*contract.Spec) []string {
	seen := map[string]bool{}
	for _, c := range cases {
		for ph := range c.Placeholders {
			seen[strings.TrimSuffix(strings.TrimPrefix(ph, "{"), "}")] = true
		}
	}
	for _, s := range specs {
		for _, o := range s.Operations {
			for _, seg := range strings.Split(o.Path, "/") {
				if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
					seen[seg[1:len(seg)-1]] = true
				}
			}
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
