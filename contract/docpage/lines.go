package docpage

import (
	"regexp"
	"strconv"
	"strings"
)

// section is the part of the page the reader is in, set by headings.
type section int

const (
	secPre    section = iota // before the first heading: navigation, title
	secText                  // prose sections: Function, Calling Method, ...
	secURI                   // URI: method line, path and query tables
	secReq                   // Request Parameters
	secResp                  // Response Parameters
	secExReq                 // Example Requests
	secExResp                // Example Responses
	secSDK                   // SDK Sample Code: skipped
	secStatus                // Status Codes
)

// headings maps the section headings of a page to sections. Matching is
// exact: lower-case "uri" could be a parameter name.
var headings = map[string]section{
	"Function":                  secText,
	"Debugging":                 secText,
	"Calling Method":            secText,
	"Constraints":               secText,
	"Authorization Information": secText,
	"Error Codes":               secText,
	"URI":                       secURI,
	"Request Parameters":        secReq,
	"Response Parameters":       secResp,
	"Example Requests":          secExReq,
	"Example Request":           secExReq,
	"Request Example":           secExReq,
	"Request Examples":          secExReq,
	"Example Responses":         secExResp,
	"Example Response":          secExResp,
	"Response Example":          secExResp,
	"Response Examples":         secExResp,
	"SDK Sample Code":           secSDK,
	"Status Codes":              secStatus,
}

func headingOf(s string) (section, bool) {
	sec, ok := headings[s]
	return sec, ok
}

var chromePrefixes = []string{
	"Help Center/", "Help Center>", "Help Center >", "Updated on ",
	"We use cookies", "Was this page helpful", "Provide feedback",
	"For any further questions", "Submit selected content",
	"Thank you very much for your feedback",
}

var chromeExact = map[string]bool{
	"Feedback": true, "Chatbot": true, "0/500": true, "Selected Content": true,
}

// isChrome reports site chrome: breadcrumb, "Updated on", feedback widgets.
func isChrome(s string) bool {
	if chromeExact[s] {
		return true
	}
	for _, p := range chromePrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func isBreadcrumb(s string) bool { return strings.HasPrefix(s, "Help Center") && isChrome(s) }

var (
	noiseRe   = regexp.MustCompile(`^\d{1,4}$|^(\d+\s+)+\d+\s*\|?$`)
	titleRe   = regexp.MustCompile(`^Table\s+\d+\s+(\S.*)$`)
	statusRe  = regexp.MustCompile(`^(?i:status code):\s*(\d{1,3})\b`)
	methodRe  = regexp.MustCompile(`^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(/\S*)$`)
	updatedRe = regexp.MustCompile(`^Updated on (\d{4}-\d{2}-\d{2})\b`)
	nameRe    = regexp.MustCompile(`^[A-Za-z_$@][A-Za-z0-9_.\-\[\]$@]*$`)
	// sdkRe finds the request object of SDK sample code in Java
	// ("XRequest request = new XRequest()"), Python ("request = XRequest()")
	// and Go ("request := &model.XRequest{}").
	sdkRe       = regexp.MustCompile(`\bnew ([A-Z]\w*)Request\(\)|\brequest = ([A-Z]\w*)Request\(\)|request := &model\.([A-Z]\w*)Request\{\}`)
	separatorRe = regexp.MustCompile(`^\|?(\s*:?-{3,}:?\s*\|)*\s*:?-{3,}:?\s*\|?$`)
)

// isLineNoise reports the line numbers of code listings: " 1", " 2", or
// "1 2 3 ... 54 |" on one line.
func isLineNoise(s string) bool { return noiseRe.MatchString(s) }

func tableTitle(s string) (string, bool) {
	m := titleRe.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return strings.TrimSpace(m[1]), true
}

func statusLine(s string) (int, bool) {
	m := statusRe.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

func methodLine(s string) (method, path string, ok bool) {
	m := methodRe.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

func isSeparator(s string) bool { return strings.Contains(s, "---") && separatorRe.MatchString(s) }

// separatorColumns counts the "---" cells of a separator line.
func separatorColumns(s string) int { return len(splitPipe(s)) }

// splitPipe splits a one-line pipe row into trimmed cells, ignoring a
// leading and a trailing "|".
func splitPipe(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	s = strings.TrimSuffix(s, "|")
	parts := strings.Split(s, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func isYesNo(s string) bool { return strings.EqualFold(s, "yes") || strings.EqualFold(s, "no") }

func looksLikeName(s string) bool { return nameRe.MatchString(s) }

var scalarTypes = map[string]bool{
	"string": true, "integer": true, "int": true, "int32": true, "int64": true,
	"long": true, "short": true, "byte": true, "boolean": true, "bool": true,
	"number": true, "float": true, "double": true, "bigdecimal": true,
	"decimal": true, "object": true, "array": true, "map": true, "date": true,
	"datetime": true, "timestamp": true, "file": true, "json": true,
	"any": true, "binary": true, "char": true,
}

// looksLikeType reports a Type cell: a scalar type, "Array of ...",
// "Map<...>", "List<...>" or "X object".
func looksLikeType(s string) bool {
	l := strings.ToLower(s)
	if scalarTypes[l] {
		return true
	}
	for _, p := range []string{"array of ", "list of ", "map<", "list<"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return ObjectRef(s) != ""
}

func isStatusCode(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && len(s) == 3 && n >= 100 && n <= 599
}

// looksLikeHeaders reports a table of HTTP headers (X-Auth-Token, ...).
func looksLikeHeaders(rows []Param) bool {
	for _, r := range rows {
		n := r.Name
		if strings.HasPrefix(n, "X-") || strings.EqualFold(n, "Content-Type") ||
			strings.EqualFold(n, "Authorization") ||
			(strings.Contains(n, "-") && n != "" && n[0] >= 'A' && n[0] <= 'Z') {
			return true
		}
	}
	return false
}

// splitLines splits data into lines without their "\n" or "\r\n" ends,
// dropping a UTF-8 byte order mark.
func splitLines(data []byte) []string {
	s := strings.TrimPrefix(string(data), "\ufeff")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}
