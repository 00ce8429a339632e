package docpage

import "strings"

// place names a table and sets its In and Status. Titled tables are named
// by their title; untitled ones by their section and position, nested object
// tables by the first object reference not yet described.
func (p *parser) place(t *Table, title string) {
	if p.sec == secResp {
		t.Status = p.status
	}
	role := ""
	if title != "" {
		t.Name, role = title, roleOf(title, p.sec)
	} else {
		t.Name, role = p.untitled(t)
	}
	if role != "" {
		t.In, p.ctxIn = role, role
		p.resetRefs()
		switch {
		case role == "header" && p.sec == secReq:
			p.reqHeader = true
		case role == "body":
			p.reqBody = true
		case role == "response":
			p.respBase = true
		case p.sec == secURI:
			p.uriTables++
		}
	} else {
		t.Object = t.Name != ""
		t.In = p.ctxIn
		if t.In == "" {
			t.In = map[section]string{secURI: "query", secReq: "body", secResp: "response"}[p.sec]
		}
		if t.Name != "" {
			p.named[t.Name], p.described[t.Name] = true, true
		}
	}
	for _, r := range t.Rows {
		if ref := ObjectRef(r.Type); ref != "" && !p.named[ref] {
			p.named[ref] = true
			p.pending = append(p.pending, ref)
		}
	}
}

// roleOf returns the In of a base table from its title, or "" for an
// object table.
func roleOf(title string, sec section) string {
	l := strings.ToLower(title)
	switch {
	case strings.Contains(l, "path param"):
		return "path"
	case strings.Contains(l, "query param"):
		return "query"
	case sec == secResp && strings.Contains(l, "param"):
		return "response"
	case strings.Contains(l, "response") && strings.Contains(l, "param"):
		return "response"
	case strings.Contains(l, "header param"):
		return "header"
	case strings.Contains(l, "body param"):
		return "body"
	}
	return ""
}

// untitled names an untitled table from where it stands.
func (p *parser) untitled(t *Table) (name, role string) {
	switch p.sec {
	case secURI:
		inPath := p.uriTables == 0
		if p.page.Path != "" && len(t.Rows) > 0 {
			inPath = false
			for _, r := range t.Rows {
				inPath = inPath || strings.Contains(p.page.Path, "{"+r.Name+"}")
			}
		}
		if inPath {
			return "Path Parameters", "path"
		}
		return "Query Parameters", "query"
	case secReq:
		if !p.reqHeader && !p.reqBody && looksLikeHeaders(t.Rows) {
			return "Request header parameters", "header"
		}
		if !p.reqBody {
			return "Request body parameters", "body"
		}
	case secResp:
		if !p.respBase {
			return "Response body parameters", "response"
		}
	default:
		p.warn(t.Line-1, "table outside the URI, request and response sections")
		return "", ""
	}
	for len(p.pending) > 0 && p.described[p.pending[0]] {
		p.pending = p.pending[1:]
	}
	if len(p.pending) == 0 {
		p.warn(t.Line-1, "cannot tell which object this untitled table describes")
		return "", ""
	}
	return p.pending[0], ""
}
