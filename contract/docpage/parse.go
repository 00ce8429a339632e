package docpage

import (
	"fmt"
	"sort"
	"strings"
)

// parser holds the reading state of one page.
type parser struct {
	page  *Page
	lines []string // page lines without line ends; example bodies may cut one
	sec   section
	// heading is the text of the last section heading.
	heading string
	// status is the last "Status code: NNN" of the Response Parameters.
	status int
	// Table context: the In of the last base (non-object) table; the object
	// names referenced, in order (described ones are skipped when popped);
	// the names referenced or described so far; the objects described.
	ctxIn     string
	pending   []string
	named     map[string]bool
	described map[string]bool
	// Which base tables the current section already has.
	reqHeader, reqBody, respBase bool
	uriTables                    int
}

// Parse reads a scraped documentation page. name is recorded as Page.Name.
// Parse never fails and never panics: what it cannot make sense of becomes
// a Warning, and the Page holds whatever could be read.
func Parse(name string, data []byte) (page *Page) {
	page = &Page{Name: name}
	defer func() {
		if r := recover(); r != nil {
			page.Warnings = append(page.Warnings, Warning{Message: fmt.Sprintf("internal error: %v", r)})
		}
	}()
	p := &parser{page: page, lines: splitLines(data)}
	p.resetRefs()
	p.prelude()
	p.run()
	p.finish()
	return page
}

func (p *parser) text(i int) string { return strings.TrimSpace(p.lines[i]) }

func (p *parser) nextNonBlank(i int) int {
	for i < len(p.lines) && p.text(i) == "" {
		i++
	}
	return i
}

func (p *parser) resetRefs() {
	p.pending, p.named, p.described = nil, map[string]bool{}, map[string]bool{}
}

// warn records a warning about the 0-based line i.
func (p *parser) warn(i int, format string, args ...any) {
	p.page.Warnings = append(p.page.Warnings, Warning{Line: i + 1, Message: fmt.Sprintf(format, args...)})
}

func (p *parser) warnPage(format string, args ...any) {
	p.page.Warnings = append(p.page.Warnings, Warning{Message: fmt.Sprintf(format, args...)})
}

// prelude reads the "Updated on" date and the title: the last line before
// the first heading, after the navigation and the breadcrumb.
func (p *parser) prelude() {
	first, start, crumb := len(p.lines), 0, ""
	for i := range p.lines {
		s := p.text(i)
		if m := updatedRe.FindStringSubmatch(s); m != nil && p.page.Updated == "" {
			p.page.Updated, p.page.UpdatedLine = m[1], i+1
		} else if strings.HasPrefix(s, "Updated on ") && p.page.Updated == "" {
			p.warn(i, "cannot read the date of %q", clip(s))
		}
		if _, ok := headingOf(s); ok && first == len(p.lines) {
			first = i
		}
		if isBreadcrumb(s) && first == len(p.lines) {
			start, crumb = i+1, s
		}
	}
	for i := start; i < first; i++ {
		if s := p.text(i); s != "" && !isChrome(s) && !isLineNoise(s) {
			p.page.Title = s
			if first == len(p.lines) {
				break // no heading at all: take the first line
			}
		}
	}
	if p.page.Title == "" && crumb != "" {
		parts := strings.FieldsFunc(crumb, func(r rune) bool { return r == '/' || r == '>' })
		p.page.Title = strings.TrimSpace(parts[len(parts)-1])
	}
	if p.page.Title == "" {
		p.warnPage("no page title found")
	}
}

// run walks the page line by line, switching sections on headings.
func (p *parser) run() {
	for i := 0; i < len(p.lines); {
		s := p.text(i)
		if s == "" || isChrome(s) {
			i++
			continue
		}
		if sec, ok := headingOf(s); ok {
			p.enter(sec)
			p.heading = s
			i++
			continue
		}
		switch p.sec {
		case secSDK:
			if p.page.SDKOperation == "" && strings.Contains(s, "Request") {
				if m := sdkRe.FindStringSubmatch(s); m != nil {
					p.page.SDKOperation = m[1] + m[2] + m[3]
				}
			}
			i++
		case secText:
			if !isLineNoise(s) && strings.Trim(s, "-•* ") != "" {
				p.page.Prose = append(p.page.Prose, Prose{Section: p.heading, Text: s, Line: i + 1})
			}
			i++
		case secExReq:
			i = p.requestExamples(i)
		case secExResp:
			i = p.responseExamples(i)
		default:
			i = p.structured(i)
		}
	}
}

func (p *parser) enter(sec section) {
	p.sec = sec
	if sec == secReq || sec == secResp || sec == secURI {
		p.status, p.ctxIn = 0, ""
		p.reqHeader, p.reqBody, p.respBase, p.uriTables = false, false, false, 0
		p.resetRefs()
	}
}

// structured reads one item of the preamble, the URI, the request and
// response parameters or the status codes, and returns the next line.
func (p *parser) structured(i int) int {
	s := p.text(i)
	if code, ok := statusLine(s); ok && p.sec == secResp {
		p.status, p.respBase, p.ctxIn = code, false, ""
		p.resetRefs()
		return i + 1
	}
	if m, path, ok := methodLine(s); ok && (p.sec == secURI || p.sec == secPre) {
		if p.page.Method != "" {
			p.warn(i, "second request line %q ignored", clip(s))
		} else {
			p.page.Method, p.page.Path, p.page.MethodLine = m, path, i+1
		}
		return i + 1
	}
	h := p.header(i)
	if h == nil {
		if p.sec != secPre {
			p.warn(i, "unexpected text %q", clip(s))
		}
		return i + 1
	}
	if h.problem != "" {
		p.warn(h.line, "%s", h.problem)
	}
	rows, next := p.readRows(h)
	if h.cols[0] == colCode {
		p.statusTable(h, rows)
		return max(next, i+1)
	}
	t := Table{Line: h.line + 1}
	first := map[string]int{}
	for _, r := range rows {
		prm := p.param(r, h.cols, h.perLine)
		if at, dup := first[prm.Name]; dup && prm.Name != "" {
			p.warn(prm.Line-1, "row %q repeats the row at line %d; a spec drafted from the page keeps the first", prm.Name, at)
		} else {
			first[prm.Name] = prm.Line
		}
		t.Rows = append(t.Rows, prm)
	}
	if len(t.Rows) == 0 {
		p.warn(h.line, "table has no rows")
	}
	p.place(&t, h.title)
	p.page.Tables = append(p.page.Tables, t)
	return max(next, i+1)
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// finish checks what a complete page has and sorts the warnings by line.
func (p *parser) finish() {
	pg := p.page
	if pg.Method == "" {
		p.warnPage("no request line (such as \"POST /v3/...\") found")
	}
	if len(pg.Tables) == 0 {
		p.warnPage("no parameter tables found")
	}
	tables := map[string]bool{}
	for _, t := range pg.Tables {
		tables[t.Name] = true
	}
	for _, t := range pg.Tables {
		for _, r := range t.Rows {
			if ref := ObjectRef(r.Type); ref != "" && !tables[ref] {
				p.warn(r.Line-1, "row %q refers to %q, which no table describes", r.Name, ref)
			}
			if t.In == "path" && pg.Path != "" && !strings.Contains(pg.Path, "{"+r.Name+"}") {
				p.warn(r.Line-1, "path parameter %q is not in %s", r.Name, pg.Path)
			}
		}
	}
	sort.SliceStable(pg.Warnings, func(a, b int) bool { return pg.Warnings[a].Line < pg.Warnings[b].Line })
}
