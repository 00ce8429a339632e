package replay

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/sign"
)

// prepare builds the live request of a case: the recorded path and query
// under the base URL, the recorded values replaced by Vars, and the
// credentials of Options instead of the recorded ones. The exchange's URL
// is the path and query as the spec sees them; target is where it goes.
func (r *runner) prepare(c Case) (ex *contract.Exchange, target string, err error) {
	rec := c.Exchange
	bad := func(format string, args ...any) error {
		return rec.Source.InputError("request.url", fmt.Errorf(format, args...))
	}
	u, err := url.Parse(rec.Request.URL)
	if err != nil {
		return nil, "", bad("request url: %v", err)
	}
	p, query := u.EscapedPath(), u.RawQuery
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
	// Path parameters by name, from the operation's path template.
	if op := r.operation(rec.Operation); op != nil {
		p = r.substitutePath(op.Path, p)
	}

	live := r.opts.BaseURL.JoinPath()
	live.RawPath = ""
	base := strings.TrimSuffix(live.EscapedPath(), "/")
	live, err = url.Parse(live.Scheme + "://" + live.Host + base + p)
	if err != nil {
		return nil, "", bad("request url under %s: %v", r.opts.BaseURL, err)
	}
	live.RawQuery = query

	switch {
	case r.opts.Token != "":
		dropCredentials(header)
		header.Set("X-Auth-Token", r.opts.Token)
	case r.opts.AK != "":
		dropCredentials(header) // send signs the request as it goes out
	}
	header.Del("Host")
	header.Del("Content-Length")
	rel := p
	if query != "" {
		rel += "?" + query
	}
	ex = &contract.Exchange{Source: contract.Source{Name: rec.Source.Name, Entry: "replay"}, Operation: rec.Operation, Example: rec.Example,
		Request: contract.Request{Method: rec.Request.Method, URL: rel, Header: header, Body: body}}
	return ex, live.String(), nil
}

func dropCredentials(h map[string][]string) {
	for k := range h {
		switch strings.ToLower(k) {
		case "x-auth-token", "authorization", strings.ToLower(sign.HeaderDate):
			delete(h, k)
		}
	}
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
