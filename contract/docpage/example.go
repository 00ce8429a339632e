package docpage

import (
	"regexp"
	"strconv"
	"strings"
)

var httpMethods = map[string]bool{
	"GET": true, "POST": true, "PUT": true, "DELETE": true, "PATCH": true,
	"HEAD": true, "OPTIONS": true,
}

// requestLine recognises "METHOD URL [body]" or "URL [body]" and returns
// the byte offset of whatever follows the URL in the raw line.
func requestLine(raw string) (method, url string, rest int, ok bool) {
	f := strings.Fields(raw)
	if len(f) == 0 {
		return "", "", 0, false
	}
	isURL := func(s string) bool {
		return strings.HasPrefix(s, "/") || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
	}
	switch {
	case len(f) > 1 && httpMethods[f[0]] && isURL(f[1]):
		method, url = f[0], f[1]
		rest = strings.Index(raw, f[0]) + len(f[0])
	case isURL(f[0]):
		url = f[0]
	default:
		return "", "", 0, false
	}
	rest += strings.Index(raw[rest:], url) + len(url)
	return method, url, rest, true
}

// bodyStart returns the offset of a JSON body starting at or after col in
// line i (after spaces only), or -1.
func (p *parser) bodyStart(i, col int) int {
	l := p.lines[i]
	if col > len(l) {
		return -1
	}
	t := strings.TrimLeft(l[col:], " \t")
	if t == "" || (t[0] != '{' && t[0] != '[') {
		return -1
	}
	return len(l) - len(t)
}

// body reads the JSON value starting at line i, offset col, exactly as
// written, tracking brackets and strings. It returns the line to go on
// with. A heading or status line glued after the closing bracket (004's
// "} Response Example") is left in that line to be read next; other text
// there is reported and skipped, so no line is scanned twice.
func (p *parser) body(i, col int) (string, int) {
	var b strings.Builder
	depth, inStr, esc := 0, false, false
	for j := i; j < len(p.lines); j++ {
		l, start := p.lines[j], col
		if j > i {
			start = 0
			if _, ok := headingOf(strings.TrimSpace(l)); ok && !inStr {
				p.warn(i, "example body not closed before the next heading")
				return strings.TrimRight(b.String(), " \t\n"), j
			}
			b.WriteByte('\n')
		}
		for k := start; k < len(l); k++ {
			c := l[k]
			b.WriteByte(c)
			switch {
			case inStr && esc:
				esc = false
			case inStr && c == '\\':
				esc = true
			case inStr:
				inStr = c != '"'
			case c == '"':
				inStr = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
				if depth == 0 {
					rest := strings.TrimSpace(l[k+1:])
					_, heading := headingOf(rest)
					_, status := statusLine(rest)
					switch {
					case heading || status:
						p.lines[j] = rest
						return b.String(), j
					case rest != "":
						p.warn(j, "unexpected text %q after an example body", clip(rest))
					}
					return b.String(), j + 1
				}
			}
		}
	}
	p.warn(i, "example body not closed before the end of the page")
	return strings.TrimRight(b.String(), " \t\n"), len(p.lines)
}

// skippable reports lines examples ignore: blanks, chrome, line numbers.
func skippable(s string) bool { return s == "" || isChrome(s) || isLineNoise(s) }

// requestExamples reads the "Example Requests" section from line i up to
// the next heading.
func (p *parser) requestExamples(i int) int {
	title, titleLine := "", 0
	for i < len(p.lines) {
		s := p.text(i)
		if skippable(s) {
			i++
			continue
		}
		if _, ok := headingOf(s); ok {
			break
		}
		ex := Example{Kind: "request", Title: title, TitleLine: titleLine, Line: i + 1}
		method, url, rest, ok := requestLine(p.lines[i])
		at := -1
		switch {
		case ok:
			ex.Method, ex.URL = method, url
			if at = p.bodyStart(i, rest); at < 0 {
				if strings.TrimSpace(p.lines[i][rest:]) != "" {
					p.warn(i, "unexpected text after the request URL")
				}
				var j int
				ex.Headers, j = p.exampleHeaders(i + 1)
				if j < len(p.lines) && p.bodyStart(j, 0) >= 0 {
					i, at = j, p.bodyStart(j, 0)
				} else if len(ex.Headers) > 0 {
					i = j - 1 // go on after the last header
				}
			}
		case p.bodyStart(i, 0) >= 0:
			p.warn(i, "request example body without a request line")
			at = p.bodyStart(i, 0)
		default:
			if title == "" {
				titleLine = i + 1
			}
			title = strings.TrimSpace(title + " " + s)
			i++
			continue
		}
		if at >= 0 {
			ex.BodyLine = i + 1
			ex.Body, i = p.body(i, at)
		} else {
			i++
		}
		p.page.Examples = append(p.page.Examples, ex)
		title, titleLine = "", 0
	}
	return i
}

// headerRe is a header line of a request example: a token, a colon, a
// value ("Content-Type: application/json").
var headerRe = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9!#$%&'*+.^_|~-]*):[ \t]*(\S.*)?$`)

// exampleHeaders reads the header lines that follow a request line from
// line i, blank lines between them allowed, and returns them and the first
// line that is not one (blanks skipped).
func (p *parser) exampleHeaders(i int) ([]Header, int) {
	var hs []Header
	for {
		i = p.nextNonBlank(i)
		if i >= len(p.lines) {
			return hs, i
		}
		s := p.text(i)
		m := headerRe.FindStringSubmatch(s)
		if m == nil || strings.HasPrefix(m[2], "//") {
			return hs, i
		}
		if _, heading := headingOf(s); heading {
			return hs, i
		}
		hs = append(hs, Header{Name: m[1], Value: strings.TrimSpace(m[2]), Line: i + 1})
		i++
	}
}

// responseExamples reads the "Example Responses" section from line i up to
// the next heading: "Status code: NNN", a description line, and a JSON body
// or "None".
func (p *parser) responseExamples(i int) int {
	status, start, title, titleLine := 0, -1, "", 0
	emit := func(body string) {
		p.page.Examples = append(p.page.Examples, Example{
			Kind: "response", Status: status, Title: title, TitleLine: titleLine, Body: body, Line: start + 1})
		start, title, titleLine = -1, "", 0
	}
	for i < len(p.lines) {
		s := p.text(i)
		if skippable(s) {
			i++
			continue
		}
		if _, ok := headingOf(s); ok {
			break
		}
		if code, ok := statusLine(s); ok {
			if start >= 0 {
				p.warn(start, "response example for status %d has no body", status)
				emit("")
			}
			status, start = code, i
			i++
			continue
		}
		if start < 0 {
			start = i
		}
		switch at := p.bodyStart(i, 0); {
		case s == "None":
			emit("")
			i++
		case at >= 0:
			var body string
			line := i + 1
			body, i = p.body(i, at)
			emit(body)
			p.page.Examples[len(p.page.Examples)-1].BodyLine = line
		default:
			if title == "" {
				titleLine = i + 1
			}
			title = strings.TrimSpace(title + " " + s)
			i++
		}
	}
	if start >= 0 {
		p.warn(start, "response example for status %d has no body", status)
		emit("")
	}
	return i
}

// statusTable adds the rows of a "Status Codes" table.
func (p *parser) statusTable(h *header, rows []row) {
	for _, r := range rows {
		code, err := strconv.Atoi(r[0].text)
		if err != nil {
			p.warn(r[0].line, "status code %q is not a number", r[0].text)
			continue
		}
		var desc []string
		for _, c := range r[1:] {
			desc = append(desc, c.text)
		}
		if len(desc) == 0 {
			p.warn(r[0].line, "status code %d has no description", code)
		} else if h.perLine && len(r) != len(h.cols) {
			p.warn(r[0].line, "status row %d has %d cells, the header has %d", code, len(r), len(h.cols))
		}
		p.page.Statuses = append(p.page.Statuses, Status{
			Code: code, Description: strings.Join(desc, "\n"), Line: r[0].line + 1})
	}
}
