package contract

import (
	"net/url"
	"path"
	"sync"

	"github.com/specdrift/specdrift/contract/engine"
)

// indexSchemas indexes the document's schemas once (engine.NewIndex).
func (s *Spec) indexSchemas() {
	s.schemas = engine.NewIndex(s.Doc, s.inRoot)
	s.fast = &sharedFast{}
}

// sharedFast is the spec's fast engine, made on first use and shared by
// every validator of the spec, so that its schemas are compiled once.
type sharedFast struct {
	once sync.Once
	e    *engine.Fast
}

// fastEngine is the spec's fast engine.
func (s *Spec) fastEngine() *engine.Fast {
	if s.fast == nil {
		return engine.NewFast(s.schemas)
	}
	s.fast.once.Do(func() { s.fast.e = engine.NewFast(s.schemas) })
	return s.fast.e
}

// inRoot says whether a ref's resolved path is in the root document (a
// schema of another file is named by the pointer that reaches it through
// the $ref, which locations follow into that file).
func (s *Spec) inRoot(refPath *url.URL) bool {
	return refPath == nil || refPath.Path == "" || s.root == nil || refPath.Path == path.Base(s.root.key)
}

// Schemas is the index of the spec's schemas, which its engines validate
// bodies against.
func (s *Spec) Schemas() engine.Index { return s.schemas }
