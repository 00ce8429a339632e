package docs

import (
	"fmt"
	"strings"
)

// anyStatus is the status of a response body field compared across pages
// whatever the status of the response that has it.
const anyStatus = -1

// subject names what a difference is about: "the query parameter limit",
// "the request body field /authorisation/name", "status 201".
func subject(in, pointer string, status int) string {
	items := ""
	if p, ok := strings.CutSuffix(pointer, "/*"); ok {
		pointer, items = p, "the items of "
	}
	switch in {
	case "request.path", "request.query", "request.header":
		return items + "the " + strings.TrimPrefix(in, "request.") + " parameter " + pointer
	case "request.body":
		if pointer == "" {
			return items + "the request body"
		}
		return items + "the request body field " + pointer
	case "response.body":
		if status == anyStatus {
			return items + "the response body field " + pointer
		}
		if pointer == "" {
			return fmt.Sprintf("%sthe response %s body", items, statusName(status))
		}
		return fmt.Sprintf("%sthe response %s body field %s", items, statusName(status), pointer)
	case "response.status":
		return "status " + pointer
	case "object":
		object, field, _ := strings.Cut(pointer, "/")
		return items + "the field " + field + " of the " + object + " object"
	}
	return items + "the field " + pointer
}

// phrase turns what a side states about an aspect into words.
func phrase(k Kind, state string) string {
	none := map[Kind]string{
		Length: "no length limits", Count: "no array length limits", Range: "no range",
		Enum: "no list of values", Default: "no default", ItemType: "no item type", TypeKind: "no type",
		Format: "no time format",
	}
	if state == "" {
		return none[k]
	}
	switch k {
	case Length:
		return "a length of " + state
	case Count:
		return "an array length of " + state
	case Range:
		return "a range of " + state
	case Enum:
		return "the values " + strings.TrimPrefix(state, "one of ")
	case Default:
		return "the " + state
	case Format:
		return "the format " + state
	case ItemType:
		return fmt.Sprintf("an item type (%q)", state)
	case TypeKind:
		return "the type " + state
	}
	return state
}

// message says what two sides (named a and b, "the page" and "the spec")
// state differently, and what to do about it.
func message(d Difference, a, b string) string {
	subj := subject(d.In, d.Pointer, d.Status)
	switch d.Kind {
	case MissingInB:
		if d.In == "request.header" && strings.EqualFold(d.Pointer, "Content-Type") {
			return fmt.Sprintf("%s documents a Content-Type header, so a request body, and %s has no request body.", capital(a), b)
		}
		return fmt.Sprintf("%s documents %s; %s does not.", capital(a), subj, b)
	case MissingInA:
		return fmt.Sprintf("%s defines %s; %s does not document it.", capital(b), subj, a)
	case StatusMissingInB:
		return fmt.Sprintf("%s documents %s; %s does not.", capital(a), subj, b)
	case StatusMissingInA:
		return fmt.Sprintf("%s documents %s; %s does not.", capital(b), subj, a)
	case Required:
		return fmt.Sprintf("%s marks %s %s; %s makes it %s.", capital(a), subj, d.AState, b, d.BState)
	}
	return fmt.Sprintf("%s gives %s %s; %s gives it %s.", capital(a), subj, phrase(d.Kind, d.AState), b, phrase(d.Kind, d.BState))
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
