package traffic

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/specdrift/specdrift/contract"
)

// The limits that keep a large log in bounded memory.
const (
	batchExchanges = 256     // exchanges validated together
	batchBytes     = 8 << 20 // body bytes validated together
	keepSources    = 100     // sources kept per operation in the coverage
	keepErrors     = 100     // unreadable entries reported one by one
	keepSkipped    = 100     // skipped bodies reported one by one
)

// ValidateLog validates every exchange r yields, as live traffic, through
// v.ValidateAll, one batch at a time: memory holds one batch, the findings
// and a bounded sample of the coverage's sources (the first 100 of each
// operation, and the first 100 skipped bodies and unreadable entries; the
// counts are exact). progress, if not nil, is called after each batch with
// the number of exchanges read so far.
func ValidateLog(ctx context.Context, v *contract.Validator, r Reader, progress func(exchanges int)) contract.Outcome {
	var (
		total   contract.Outcome
		started bool
		batch   []*contract.Exchange
		size    int
		read    int
		dropped int
		unread  []error
	)
	flush := func() {
		if len(batch) == 0 {
			return
		}
		out := v.ValidateAll(ctx, batch, true)
		if !started {
			total, started = out, true
			total.Coverage = trimCoverage(out.Coverage)
		} else {
			total.Findings = append(total.Findings, out.Findings...)
			total.Errors = append(total.Errors, out.Errors...)
			MergeCoverage(&total.Coverage, out.Coverage)
		}
		batch, size = batch[:0], 0
		if progress != nil {
			progress(read)
		}
	}
	for ctx.Err() == nil {
		ex, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if len(unread) < keepErrors {
				unread = append(unread, err)
			} else {
				dropped++
			}
			continue
		}
		read++
		batch = append(batch, ex)
		size += len(ex.Request.Body)
		if ex.Response != nil {
			size += len(ex.Response.Body)
		}
		if len(batch) >= batchExchanges || size >= batchBytes {
			flush()
		}
	}
	flush()
	if !started {
		total.Coverage = v.ValidateAll(ctx, nil, true).Coverage
	}
	total.Errors = append(unread, total.Errors...)
	if err := ctx.Err(); err != nil {
		total.Errors = append(total.Errors, fmt.Errorf("stopped after %d exchanges: %v", read, err))
	}
	if dropped > 0 {
		total.Errors = append(total.Errors, fmt.Errorf("and %d more unreadable entries", dropped))
	}
	return total
}

func trimCoverage(c contract.Coverage) contract.Coverage {
	for i := range c.Operations {
		if len(c.Operations[i].Sources) > keepSources {
			c.Operations[i].Sources = c.Operations[i].Sources[:keepSources:keepSources]
		}
	}
	if len(c.Bodies.Skipped) > keepSkipped {
		c.Bodies.Skipped = c.Bodies.Skipped[:keepSkipped:keepSkipped]
	}
	return c
}

// MergeCoverage adds c to total, keeping the sample of sources and skipped
// bodies bounded as ValidateLog does; counts add up exactly. Both should
// come from the same validator: operations total does not list are added.
func MergeCoverage(total *contract.Coverage, c contract.Coverage) {
	total.Exchanges += c.Exchanges
	total.Bodies.Validated += c.Bodies.Validated
	for _, s := range c.Bodies.Skipped {
		if len(total.Bodies.Skipped) < keepSkipped {
			total.Bodies.Skipped = append(total.Bodies.Skipped, s)
		}
	}
	index := make(map[string]int, len(total.Operations))
	for i, o := range total.Operations {
		index[o.Operation] = i
	}
	for _, o := range c.Operations {
		i, ok := index[o.Operation]
		if !ok {
			total.Operations = append(total.Operations, o)
			continue
		}
		t := &total.Operations[i]
		t.Exchanges += o.Exchanges
		for _, s := range o.Sources {
			if len(t.Sources) < keepSources {
				t.Sources = append(t.Sources, s)
			}
		}
	statuses:
		for _, st := range o.Statuses {
			for j := range t.Statuses {
				if t.Statuses[j].Status == st.Status {
					t.Statuses[j].Exchanges += st.Exchanges
					continue statuses
				}
			}
			t.Statuses = append(t.Statuses, st)
		}
	}
}
