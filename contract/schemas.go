package contract

import (
	"net/url"
	"path"

	"github.com/specdrift/specdrift/contract/engine"
)

// indexSchemas indexes the document's schemas once (engine.NewIndex).
func (s *Spec) indexSchemas() { s.schemas = engine.NewIndex(s.Doc, s.inRoot) }

// inRoot says whether a ref's resolved path is in the root document (a
// schema of another file is named by the pointer that reaches it through
// the $ref, which locations follow into that file).
func (s *Spec) inRoot(refPath *url.URL) bool {
	return refPath == nil || refPath.Path == "" || s.root == nil || refPath.Path == path.Base(s.root.key)
}

// Schemas is the index of the spec's schemas, which its engines validate
// bodies against.
func (s *Spec) Schemas() engine.Index { return s.schemas }
