package probe

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// store serves testdata/store.yaml, keeping what is created, but for one
// fault: "forget" lists no created item, "page2" sends the second page's
// sizes as numbers.
func store(t *testing.T, fault string) ([]*contract.Spec, *url.URL) {
	t.Helper()
	data, err := os.ReadFile("testdata/store.yaml")
	require.NoError(t, err)
	spec, err := contract.LoadSpec("testdata/store.yaml", data)
	require.NoError(t, err)
	var mu sync.Mutex
	items := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == "POST" && r.URL.Path == "/items":
			var body struct{ Name *string }
			if json.NewDecoder(r.Body).Decode(&body) != nil || body.Name == nil || len(*body.Name) < 1 || len(*body.Name) > 20 {
				w.WriteHeader(400)
				return
			}
			id := fmt.Sprintf("item-%d", len(items)+1)
			items[id] = true
			w.WriteHeader(201)
			fmt.Fprintf(w, `{"id":%q}`, id)
		case r.Method == "GET" && r.URL.Path == "/items":
			page := r.URL.Query().Get("page")
			if page != "" && (len(page) != 1 || page < "1" || page > "5") {
				w.WriteHeader(400)
				return
			}
			list := []any{}
			for id := range items {
				if fault != "forget" {
					list = append(list, map[string]any{"id": id, "size": "s"})
				}
			}
			if fault == "page2" && page == "2" {
				list = append(list, map[string]any{"id": "x", "size": 3})
			}
			json.NewEncoder(w).Encode(map[string]any{"items": list})
		case r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/items/"):
			id := strings.TrimPrefix(r.URL.Path, "/items/")
			if !items[id] {
				w.WriteHeader(404)
				return
			}
			fmt.Fprintf(w, `{"id":%q}`, id)
		default:
			w.WriteHeader(404)
		}
	}))
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	return []*contract.Spec{spec}, u
}

// TestStateful: a create is followed by the list that must contain it and
// the call that takes its ID; a store that forgets is found, one that
// keeps is not; a type change on the second page is found and shrunk.
func TestStateful(t *testing.T) {
	specs, u := store(t, "")
	res, err := Run(context.Background(), Options{BaseURL: u, Specs: specs, Seed: 1, AllowWrites: true})
	require.NoError(t, err)
	require.Empty(t, res.Findings)
	require.Equal(t, 4, res.Followed, "two creates, each followed by the list and GetItem")

	specs, u = store(t, "forget")
	res, err = Run(context.Background(), Options{BaseURL: u, Specs: specs, Seed: 1, AllowWrites: true})
	require.NoError(t, err)
	rules := map[contract.RuleID]bool{}
	for _, f := range res.Findings {
		rules[f.Rule] = true
	}
	require.Equal(t, map[contract.RuleID]bool{contract.RuleCreatedNotListed: true}, rules, "%v", res.Findings)

	specs, u = store(t, "page2")
	res, err = Run(context.Background(), Options{BaseURL: u, Specs: specs, Seed: 1, AllowWrites: true})
	require.NoError(t, err)
	require.Len(t, res.Failures, 1, "%v", res.Findings)
	require.Equal(t, contract.RuleResponseBodySchema, res.Failures[0].Finding.Rule)
	require.Equal(t, "/items?page=2", res.Failures[0].Exchange.Request.URL)
}
