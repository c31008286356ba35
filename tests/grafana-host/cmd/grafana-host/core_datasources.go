package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Grafana builds some datasources into itself (core plugins): their frontend
// is part of Grafana's bundle (module "core:plugin/<id>") and their queries
// are answered by Grafana's server. The app's Service Health page queries two
// of them, Prometheus and Jaeger. Grafana's own code for them is AGPL and
// cannot be used here, so the host answers their /api/ds/query requests
// itself, from the real Prometheus and Jaeger HTTP APIs, and lays the answers
// out as Grafana's datasources do (core_prometheus.go, core_jaeger.go). The
// browser shell has the matching frontend classes (tests/shell/src/core/).

// coreQuery answers one query of a core datasource.
type coreQuery func(ctx context.Context, client *http.Client, ds *datasource, q backend.DataQuery) backend.DataResponse

// coreDatasource is one built-in datasource type: its plugin meta (for the
// boot data and the datasource API) and how its queries are answered.
type coreDatasource struct {
	meta  *pluginMeta
	query coreQuery
}

// coreClient is what the host calls Prometheus and Jaeger with.
var coreClient = &http.Client{Timeout: 30 * time.Second}

func corePluginMeta(id, name string, flags map[string]any) *pluginMeta {
	json := map[string]any{
		"id":      id,
		"type":    "datasource",
		"name":    name,
		"backend": true,
		"builtIn": false,
		"info":    map[string]any{"version": grafanaVersion, "logos": map[string]any{}},
	}
	for k, v := range flags {
		json[k] = v
	}
	return &pluginMeta{
		pluginSpec: pluginSpec{ID: id, Type: "datasource", Version: grafanaVersion},
		Name:       name,
		Backend:    true,
		Core:       true,
		JSON:       json,
	}
}

// coreDatasources are the built-in types the host answers, by type id.
func coreDatasources() map[string]*coreDatasource {
	return map[string]*coreDatasource{
		"prometheus": {
			meta:  corePluginMeta("prometheus", "Prometheus", map[string]any{"metrics": true, "alerting": true, "annotations": true}),
			query: queryPrometheus,
		},
		"jaeger": {
			meta:  corePluginMeta("jaeger", "Jaeger", map[string]any{"tracing": true}),
			query: queryJaeger,
		},
	}
}

// metaOf is the plugin meta of a datasource type: an installed plugin's, or
// a core datasource's; nil when neither knows the type.
func (h *host) metaOf(dsType string) *pluginMeta {
	if m := h.metas[dsType]; m != nil {
		return m
	}
	if c := h.core[dsType]; c != nil {
		return c.meta
	}
	return nil
}

// queryCore answers a core datasource's queries one by one, as Grafana
// answers each refId of a request on its own.
func queryCore(ctx context.Context, c *coreDatasource, ds *datasource, queries []backend.DataQuery) *backend.QueryDataResponse {
	resp := &backend.QueryDataResponse{Responses: backend.Responses{}}
	for _, q := range queries {
		dr := c.query(ctx, coreClient, ds, q)
		for _, f := range dr.Frames {
			f.RefID = q.RefID
		}
		resp.Responses[q.RefID] = dr
	}
	return resp
}

// coreError is a failed query's answer: Grafana's status and a message that
// names the query or setting at fault.
func coreError(status backend.Status, format string, args ...any) backend.DataResponse {
	return backend.DataResponse{Status: status, Error: fmt.Errorf(format, args...)}
}

// callUpstream sends req to the datasource's server (what: "prometheus", "jaeger") and decodes its
// JSON answer into `into`, whatever the status, which it returns: both APIs explain an error in
// JSON. A failure to reach the server or to read its answer is the query's error response.
func callUpstream(client *http.Client, req *http.Request, what string, ds *datasource, into any) (int, *backend.DataResponse) {
	fail := func(format string, args ...any) (int, *backend.DataResponse) {
		r := coreError(backend.StatusBadGateway, format, args...)
		return 0, &r
	}
	res, err := client.Do(req)
	if err != nil {
		return fail("%s at %s: %v", what, ds.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return fail("%s at %s: %v", what, ds.URL, err)
	}
	if err := json.Unmarshal(body, into); err != nil {
		return fail("%s at %s answered %d, not JSON: %.200s", what, ds.URL, res.StatusCode, body)
	}
	return res.StatusCode, nil
}
