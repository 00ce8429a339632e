// Package docpage reads API reference pages scraped from the Huawei Cloud
// documentation site into a structured Page: the operation, its parameter
// tables, status codes and examples.
//
// Two scraped layouts are understood:
//
//   - cell per line: every table cell stands on its own line, cells are
//     separated by blank lines, and tables carry titles such as
//     "Table 3 Request body parameters" or "Table 4 CreateAuthorisation";
//     constraints ("Minimum: 10", "Array Length: 1 - 20", "Default: 1000")
//     follow the description as extra lines of the same row;
//   - pipe tables: cells end with "|" and a "---|---|" line separates the
//     header from the rows; either every cell or every row stands on its own
//     line, and constraints are inline ("Minimum length: 1 Maximum length: 32").
//     These tables have no titles: their role comes from the preceding heading
//     ("URI", "Request Parameters", "Response Parameters") and, for nested
//     object tables, from the "X object" or "Array of X objects" type that
//     refers to them.
//
// Site chrome (navigation before the "Help Center/..." breadcrumb, cookie
// notices, feedback widgets) and SDK sample code are skipped. Parse never
// fails: whatever it cannot make sense of is reported as a Warning carrying
// the 1-based line of the page file.
package docpage

import (
	"fmt"
	"strings"
)

// Page is what Parse reads from one documentation page.
type Page struct {
	Name    string // file name given by the caller
	Title   string // page title, e.g. "Creating an Authorization"
	Updated string // date of the "Updated on" line ("2024-11-19"), or ""
	// UpdatedLine is the line of the "Updated on" date, 0 when absent.
	UpdatedLine int
	Method      string // HTTP method of the URI section, e.g. "POST"
	Path        string // path template, e.g. "/v3/{domain_id}/ccaas/authorisations"
	MethodLine  int    // line of the method and path, 0 when absent
	// SDKOperation is the operation name the SDK sample code uses
	// ("CreateAuthorisation" from "new CreateAuthorisationRequest()"), or
	// "" when the page has no sample code.
	SDKOperation string
	Tables       []Table   // parameter tables in page order
	Statuses     []Status  // rows of the "Status Codes" table
	Examples     []Example // request and response examples in page order
	// Prose are the lines of the prose sections (Function, Constraints,
	// ...), in page order: what the page says in words rather than tables.
	Prose    []Prose
	Warnings []Warning // what the reader could not make sense of, by line
}

// Prose is one line of a prose section.
type Prose struct {
	Section string // the heading: "Function", "Constraints", ...
	Text    string
	Line    int
}

// Table is one parameter table of a Page.
type Table struct {
	// Name is the table title without its "Table N" prefix ("Path
	// Parameters", "Query Parameters", "Request header parameters", "Request
	// body parameters", "Response body parameters") or, for a nested object
	// table, the object name ("CreateAuthorisation", "PageInfo"). Untitled
	// tables get the same names, inferred from where they stand; Name is ""
	// when the reader could not tell (a Warning says so).
	Name string
	// In is "path", "query", "header", "body" or "response". Object tables
	// take the In of the table that refers to them; every table under
	// "Response Parameters" is "response".
	In string
	// Status is, for response tables, the "Status code: NNN" they follow.
	Status int
	// Object reports a nested object table, named after the object a row's
	// "X object" or "Array of X objects" type refers to, rather than a base
	// table of its section.
	Object bool
	Line   int // line of the title, or of the header row when untitled
	Rows   []Param
}

// Param is one row of a parameter table.
type Param struct {
	Name string
	// Mandatory is nil when the table has no Mandatory column or the cell is
	// neither "Yes" nor "No".
	Mandatory *bool
	// Type is as written: "String", "Array of strings", "PageInfo object",
	// "Array of Authorisation objects", "Long", ...
	Type string
	// Description is the description text without the constraint
	// annotations (Minimum, Maximum, Default, Array length, Enumerated
	// values), which are parsed into the fields below. "Value range: a to b"
	// stays in the text and is also parsed. Paragraphs are joined by "\n".
	Description string
	Line        int
	// Min and Max come from "Minimum:"/"Maximum:", "Minimum length:"/
	// "Maximum length:", "Minimum value:"/"Maximum value:" and "Value range:
	// a to b". For strings they are lengths, as the page means them.
	Min, Max *float64
	// MinItems and MaxItems come from "Array length: a - b".
	MinItems, MaxItems *int
	Default            string   // from "Default: x"
	Enum               []string // values listed after "Enumerated values:"
	// EnumDeclared reports an "Enumerated values:" annotation, even one
	// followed by no value.
	EnumDeclared bool
}

// Status is one row of the "Status Codes" table.
type Status struct {
	Code        int
	Description string
	Line        int
}

// Example is a request or response example.
type Example struct {
	Kind   string // "request" or "response"
	Status int    // response examples: the "Status code: NNN" above, or 0
	Method string // request examples: the method, "" when the page omits it
	URL    string // request examples: URL as written, with placeholders
	// Title is the caption of a request example or the description line of
	// a response example; TitleLine is its first line, 0 when none.
	Title     string
	TitleLine int
	// Headers are the header lines a request example gives between its
	// request line and its body ("Content-Type: application/json").
	Headers []Header
	// Body is the JSON body exactly as published (CRLF line ends become
	// "\n"), or "" for "None" and for requests without a body.
	Body string
	// Line is the line of the request line, of the "Status code: NNN" line,
	// or else of the first line of the example.
	Line int
	// BodyLine is the line the body starts on (the request line itself when
	// the body follows the URL there), or 0 when there is no body.
	BodyLine int
}

// Header is one header line of a request example.
type Header struct {
	Name, Value string
	Line        int
}

// Warning is something the reader could not make sense of. Line is 0 when it
// concerns the whole page.
type Warning struct {
	Line    int
	Message string
}

// String formats w as "line N: message".
func (w Warning) String() string { return fmt.Sprintf("line %d: %s", w.Line, w.Message) }

// Table returns the first table named name, or nil. Use it with ObjectRef to
// go from a "CreateAuthorisation object" row to the CreateAuthorisation table.
func (p *Page) Table(name string) *Table {
	for i := range p.Tables {
		if p.Tables[i].Name == name {
			return &p.Tables[i]
		}
	}
	return nil
}

// ObjectRef returns the object name a Type refers to: "CreateAuthorisation"
// for "CreateAuthorisation object", "Authorisation" for "Array of
// Authorisation objects", and "" for any other type.
func ObjectRef(typ string) string {
	t := strings.TrimSpace(typ)
	if rest, ok := strings.CutPrefix(t, "Array of "); ok {
		name, ok := strings.CutSuffix(rest, " objects")
		if !ok || strings.ContainsAny(name, " \t") || name == "" {
			return ""
		}
		return name
	}
	name, ok := strings.CutSuffix(t, " object")
	if !ok || strings.ContainsAny(name, " \t") || name == "" {
		return ""
	}
	return name
}
