package docpage

import (
	"fmt"
	"slices"
	"strings"
)

// column is the meaning of a table column.
type column int

const (
	colName column = iota
	colMandatory
	colType
	colDesc
	colCode
)

var columnNames = map[string]column{
	"Parameter": colName, "Mandatory": colMandatory, "Type": colType,
	"Description": colDesc, "Status Code": colCode,
}

// header is a recognised table header.
type header struct {
	title   string // from "Table N Title", "" when untitled
	line    int    // 0-based line of the title, or of the first header cell
	cols    []column
	pipe    bool // pipe layout
	perLine bool // pipe layout with one row per line
	next    int  // first line after the header (and its separator)
	problem string
}

// cell is one table cell and the 0-based line where it starts.
type cell struct {
	text string
	line int
}

type row []cell

func toColumns(names []string) ([]column, bool) {
	var cols []column
	seen := map[column]bool{}
	for _, n := range names {
		c, ok := columnNames[n]
		if !ok || seen[c] || (len(cols) > 0 && (c == colName || c == colCode)) {
			return nil, false
		}
		seen[c] = true
		cols = append(cols, c)
	}
	if len(cols) < 2 || (cols[0] != colName && cols[0] != colCode) {
		return nil, false
	}
	return cols, true
}

// headerAt recognises a header row starting at line i, in any layout.
func (p *parser) headerAt(i int) *header {
	if i >= len(p.lines) {
		return nil
	}
	s := p.text(i)
	h := &header{line: i}
	if !strings.Contains(s, "|") {
		if _, ok := columnNames[s]; !ok {
			return nil
		}
		names, j := []string{s}, i+1
		for k := p.nextNonBlank(j); k < len(p.lines); k = p.nextNonBlank(j) {
			t := p.text(k)
			if c, ok := columnNames[t]; !ok || c == colName || c == colCode || slices.Contains(names, t) {
				break
			}
			names, j = append(names, t), k+1
		}
		cols, ok := toColumns(names)
		if !ok {
			return nil
		}
		h.cols, h.next = cols, j
		return h
	}
	names, j := splitPipe(s), i+1
	h.pipe, h.perLine = true, len(names) > 1
	for ; !h.perLine && j < len(p.lines); j++ {
		t := p.text(j)
		c := splitPipe(t)
		col, ok := columnNames[c[0]]
		if !ok || len(c) != 1 || !strings.HasSuffix(t, "|") || col == colName || col == colCode ||
			slices.Contains(names, c[0]) {
			break
		}
		names = append(names, c[0])
	}
	cols, ok := toColumns(names)
	if !ok {
		return nil
	}
	h.cols, h.next = cols, j
	if k := p.nextNonBlank(j); k < len(p.lines) && isSeparator(p.text(k)) {
		h.next = k + 1
		if n := separatorColumns(p.text(k)); n != len(cols) {
			h.problem = fmt.Sprintf("separator has %d columns, header has %d", n, len(cols))
		}
	} else {
		h.problem = "pipe table header without a \"---|\" separator line"
	}
	return h
}

// header recognises a table starting at line i: a "Table N Title" line
// followed by a header row, or an untitled header row.
func (p *parser) header(i int) *header {
	title, ok := tableTitle(p.text(i))
	if !ok {
		return p.headerAt(i)
	}
	k := p.nextNonBlank(i + 1)
	h := p.headerAt(k)
	if h == nil {
		cols := []column{colName, colMandatory, colType, colDesc}
		if p.sec == secResp {
			cols = []column{colName, colType, colDesc}
		}
		h = &header{cols: cols, next: i + 1,
			problem: fmt.Sprintf("table %q has no header row; assumed %d columns", title, len(cols))}
	}
	h.title, h.line = title, i
	return h
}

// endsTable reports a line that cannot belong to the table being read.
func (p *parser) endsTable(i int) bool {
	s := p.text(i)
	if _, ok := headingOf(s); ok {
		return true
	}
	if _, ok := tableTitle(s); ok {
		return true
	}
	if _, ok := statusLine(s); ok {
		return true
	}
	return p.headerAt(i) != nil
}

// chromeInTable handles a run of chrome lines starting at a cell boundary:
// it ends the table when nothing of the table follows, and is skipped with a
// warning otherwise. It returns the last line of the run.
func (p *parser) chromeInTable(i int, pipe bool) (end bool, last int) {
	k := i + 1
	for k < len(p.lines) && (p.text(k) == "" || isChrome(p.text(k))) {
		k++
	}
	if k >= len(p.lines) || p.endsTable(k) || (pipe && !strings.Contains(p.text(k), "|")) {
		return true, i
	}
	p.warn(i, "skipped site chrome %q inside a table", p.text(i))
	return false, k - 1
}

// readRows reads the rows of the table whose header is h and returns them
// with the index of the first line after the table.
func (p *parser) readRows(h *header) ([]row, int) {
	if h.pipe {
		return p.readPipeRows(h)
	}
	var cells []cell
	i := h.next
	for ; i < len(p.lines); i++ {
		s := p.text(i)
		if s == "" {
			continue
		}
		if isChrome(s) {
			end, last := p.chromeInTable(i, false)
			if end {
				break
			}
			i = last
			continue
		}
		if p.endsTable(i) {
			break
		}
		cells = append(cells, cell{s, i})
	}
	return groupRows(cells, h.cols), i
}

func (p *parser) readPipeRows(h *header) ([]row, int) {
	var cells []cell
	var rows []row
	var cur row       // current row when h.perLine
	var pend []string // lines of a cell not yet closed by "|"
	pendLine, blank := 0, -1
	emit := func(text string, line int) {
		c := cell{strings.TrimSpace(text), line}
		if h.perLine {
			cur = append(cur, c)
		} else {
			cells = append(cells, c)
		}
	}
	i := h.next
	for ; i < len(p.lines); i++ {
		s := p.text(i)
		if s == "" {
			if blank < 0 {
				blank = i
			}
			continue
		}
		if pend == nil {
			if isChrome(s) {
				end, last := p.chromeInTable(i, true)
				if end {
					break
				}
				i = last
				continue
			}
			atRow := (h.perLine && len(cur) == 0) || (!h.perLine && len(cells)%len(h.cols) == 0)
			if p.endsTable(i) || (atRow && !strings.Contains(s, "|")) {
				break
			}
			if isSeparator(s) {
				p.warn(i, "skipped a stray separator line inside a table")
				continue
			}
		} else if _, ok := headingOf(s); ok {
			break
		}
		if blank >= 0 {
			p.warn(blank, "blank line inside a pipe table; rows joined across it")
			blank = -1
		}
		parts := strings.Split(s, "|")
		if h.perLine && len(cur) == 0 && pend == nil && len(parts) > 2 && strings.TrimSpace(parts[0]) == "" {
			parts = parts[1:] // markdown style "| a | b |"
		}
		for _, part := range parts[:len(parts)-1] {
			if pend != nil {
				emit(strings.Join(append(pend, part), "\n"), pendLine)
				pend = nil
			} else {
				emit(part, i)
			}
		}
		if last := parts[len(parts)-1]; pend != nil {
			pend = append(pend, last)
		} else if strings.TrimSpace(last) != "" {
			pend, pendLine = []string{last}, i
		}
		if h.perLine && pend == nil && len(cur) > 0 {
			rows, cur = append(rows, cur), nil
		}
	}
	if pend != nil {
		p.warn(pendLine, "table cell not closed by \"|\"")
		emit(strings.Join(pend, "\n"), pendLine)
	}
	if len(cur) > 0 {
		rows = append(rows, cur)
	}
	if !h.perLine {
		rows = groupRows(cells, h.cols)
	}
	return rows, i
}
