package docs

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/specdrift/specdrift/contract/docpage"
)

// The checks of what pages say in words (prose, descriptions) compare
// words, not text: lower case, British "-isation" spelled "-ization" (a
// path's "authorisations" is the text's "authorizations"), plurals made
// singular.

// wordRe is a word of a description: letters and digits.
var wordRe = regexp.MustCompile(`[\p{L}\p{N}]+`)

// words are the normalized words of s, in order.
func words(s string) []string {
	ws := wordRe.FindAllString(s, -1)
	for i, w := range ws {
		ws[i] = norm(w)
	}
	return ws
}

// norm normalizes one word.
func norm(w string) string {
	w = strings.ToLower(w)
	w = strings.ReplaceAll(w, "isation", "ization")
	return singularWord(w)
}

// singularWord undoes an English plural: "ids", "entries", "statuses";
// words that end in "ss" or "us" stay as they are.
func singularWord(w string) string {
	switch {
	case len(w) < 3, strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"):
		return w
	case strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "uses"), strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"),
		strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	}
	return w
}

// stopWords carry no meaning of their own in a description.
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "to": true, "for": true, "in": true, "on": true,
	"is": true, "are": true, "be": true, "this": true, "that": true, "which": true, "it": true,
	"specify": true, "indicate": true, "describe": true, "parameter": true,
	"field": true, "and": true, "or": true, "by": true, "with": true, "used": true,
}

// contentWords are the words of s that carry meaning, as a set.
func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range words(s) {
		if !stopWords[w] {
			out[w] = true
		}
	}
	return out
}

// nameWords splits a parameter or field name into normalized words:
// "request_id", "requestId" and "X-Request-Id" are request, id.
func nameWords(name string) []string {
	var b strings.Builder
	prev := rune(0)
	for _, r := range name {
		if unicode.IsUpper(r) && unicode.IsLower(prev) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prev = r
	}
	return words(b.String())
}

// firstSentence is a description up to its first full stop or line end,
// without the stop.
func firstSentence(desc string) string {
	s, _, _ := strings.Cut(strings.TrimSpace(desc), "\n")
	if i := sentenceEnd(s); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(strings.TrimSuffix(s, "."))
}

// sentenceEnd is the index of the first ". " of s, or -1.
func sentenceEnd(s string) int {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '.' && s[i+1] == ' ' {
			return i
		}
	}
	return -1
}

// sentences splits a text into its sentences, full stops kept.
func sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		for line = strings.TrimSpace(line); line != ""; {
			i := sentenceEnd(line)
			if i < 0 {
				out = append(out, line)
				break
			}
			out = append(out, line[:i+1])
			line = strings.TrimSpace(line[i+1:])
		}
	}
	return out
}

// hasWord reports whether the text has the word w (case as written, a
// whole word: "limit" is not in "limits" or "unlimited").
func hasWord(text, w string) bool {
	if w == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before, after := j == 0 || !isWordByte(text[j-1]), j+len(w) == len(text) || !isWordByte(text[j+len(w)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// rowAt names where a table row is in findings, as the other checks do: a
// parameter by its name, a field of a base body table by its pointer, a
// field of an object table as Object/field.
func rowAt(t *docpage.Table, r docpage.Param) (in, ptr string) {
	switch {
	case t.Object:
		return "object", t.Name + "/" + r.Name
	case t.In == "body":
		return "request.body", "/" + escape(r.Name)
	case t.In == "response":
		return "response.body", "/" + escape(r.Name)
	}
	return "request." + t.In, r.Name
}

// rowSubject names a row for a person: "the header parameter X-Auth-Token",
// "the field instance_id of the CreateAuthorisation object".
func rowSubject(t *docpage.Table, r docpage.Param) string {
	in, ptr := rowAt(t, r)
	return subject(in, ptr, anyStatus)
}
