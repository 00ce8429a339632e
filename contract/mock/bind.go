package mock

import (
	"net/http"

	"github.com/specdrift/specdrift/contract"
)

// binding connects the generated code of one spec (a package of gen/) to
// the mock: its operations with their generated body types, and its strict
// server.
type binding struct {
	name    string
	ops     []*boundOp
	handler func() http.Handler
}

// boundOp is one operation of the generated code, and the generated types
// of its JSON bodies.
type boundOp struct {
	binding   *binding
	id        string
	method    string
	path      string
	request   func() any         // a new request body; nil when the operation has none
	responses map[int]func() any // a new response body, by documented status
}

// bindings lists the generated code of every embedded spec.
func bindings() []*binding {
	bs := []*binding{cloudConnectBinding(), dataArtsBinding(), serviceTicketsBinding()}
	for _, b := range bs {
		for _, o := range b.ops {
			o.binding = b
		}
	}
	return bs
}

// bindOperations finds the generated code of each operation of specs: the
// operation with the same operationId, method and path. Operations of a
// --spec that is not embedded have none.
func bindOperations(specs []*contract.Spec) map[*contract.Operation]*boundOp {
	out := map[*contract.Operation]*boundOp{}
	bs := bindings()
	for _, s := range specs {
		for _, o := range s.Operations {
			for _, b := range bs {
				for _, bo := range b.ops {
					if bo.id == o.ID && bo.method == o.Method && bo.path == o.Path {
						out[o] = bo
					}
				}
			}
		}
	}
	return out
}

func uniqueBindings(bound map[*contract.Operation]*boundOp) []*binding {
	var out []*binding
	seen := map[*binding]bool{}
	for _, bo := range bound {
		if !seen[bo.binding] {
			seen[bo.binding] = true
			out = append(out, bo.binding)
		}
	}
	return out
}

// BodyType returns a new value of the generated type of an operation's
// JSON body: the request body when status is 0, else the response body of
// that status. ok is false when the operation has no generated code or no
// such body.
func BodyType(operationID string, status int) (v any, ok bool) {
	for _, b := range bindings() {
		for _, o := range b.ops {
			if o.id != operationID {
				continue
			}
			f := o.request
			if status != 0 {
				f = o.responses[status]
			}
			if f == nil {
				return nil, false
			}
			return f(), true
		}
	}
	return nil, false
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func ptr[T any](v T) *T { return &v }
