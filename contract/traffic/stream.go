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
	keepSkipped    = 100     // skipped bodies reported one by one
	keepErrors     = 100     // unreadable entries of one fixture file reported one by one
)

// FindingSink receives the findings and errors of a log as they are found;
// report.Collector is one.
type FindingSink interface {
	Add(fs ...contract.Finding)
	AddError(err error)
}

// ValidateLog validates every exchange r yields, as live traffic, through
// v.ValidateAll, one batch at a time, and passes the findings of each batch
// and each entry that could not be read or checked to sink as it goes: memory
// holds one batch and a bounded sample of the coverage's sources (the first
// 100 of each operation, and the first 100 skipped bodies; the counts are
// exact), whatever the number of findings. A cancelled ctx stops it after
// the batch in hand, with an error saying how far it got. progress, if not
// nil, is called after each batch with the number of exchanges read so far.
func ValidateLog(ctx context.Context, v *contract.Validator, r Reader, sink FindingSink, progress func(exchanges int)) contract.Coverage {
	var (
		total   contract.Coverage
		started bool
		batch   []*contract.Exchange
		size    int
		read    int
	)
	flush := func() {
		if len(batch) == 0 {
			return
		}
		out := v.ValidateAll(ctx, batch, true)
		sink.Add(out.Findings...)
		for _, err := range out.Errors {
			sink.AddError(err)
		}
		if !started {
			total, started = trimCoverage(out.Coverage), true
		} else {
			MergeCoverage(&total, out.Coverage)
		}
		clear(batch) // let the exchanges go
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
			sink.AddError(err)
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
	if err := ctx.Err(); err != nil {
		// the batch in hand is not validated: the run stops here
		sink.AddError(fmt.Errorf("stopped after %d exchanges: %v", read-len(batch), err))
		batch = batch[:0]
	}
	flush()
	if !started {
		total = v.ValidateAll(ctx, nil, true).Coverage
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
		c.Bodies.Unlisted += len(c.Bodies.Skipped) - keepSkipped
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
	total.Bodies.Unlisted += c.Bodies.Unlisted
	for _, s := range c.Bodies.Skipped {
		if len(total.Bodies.Skipped) < keepSkipped {
			total.Bodies.Skipped = append(total.Bodies.Skipped, s)
		} else {
			total.Bodies.Unlisted++
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
					t.Statuses[j].Drifting += st.Drifting
					continue statuses
				}
			}
			t.Statuses = append(t.Statuses, st)
		}
	}
}
