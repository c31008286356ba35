package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// queryBody is the /api/ds/query request body sent by Grafana's frontend.
type queryBody struct {
	From    json.RawMessage   `json:"from"`
	To      json.RawMessage   `json:"to"`
	Queries []json.RawMessage `json:"queries"`
}

// queryFields are the fields Grafana itself reads from each query; the
// whole object is forwarded untouched as DataQuery.JSON.
type queryFields struct {
	RefID         string          `json:"refId"`
	QueryType     string          `json:"queryType"`
	IntervalMS    *float64        `json:"intervalMs"`
	MaxDataPoints *int64          `json:"maxDataPoints"`
	Datasource    json.RawMessage `json:"datasource"`
	TimeRange     *struct {
		From json.RawMessage `json:"from"`
		To   json.RawMessage `json:"to"`
	} `json:"timeRange"`
}

// datasourceUID accepts {"uid": "..."} (current) or a bare uid string.
func datasourceUID(raw json.RawMessage) string {
	var ref struct {
		UID string `json:"uid"`
	}
	if json.Unmarshal(raw, &ref) == nil && ref.UID != "" {
		return ref.UID
	}
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

func (h *host) handleQuery(w http.ResponseWriter, r *http.Request) {
	u, err := userFromRequest(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, msg(err.Error()))
		return
	}
	var body queryBody
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, message{Message: "bad request data", Error: err.Error()})
		return
	}
	if len(body.Queries) == 0 {
		writeJSON(w, http.StatusBadRequest, msg("No queries found"))
		return
	}
	now := time.Now()
	defRange, err := parseRange(body.From, body.To, now)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, msg(err.Error()))
		return
	}
	format := backend.DataFrameFormat_ARROW // Grafana 12.4 never sets it (0 = Arrow)
	if r.URL.Query().Get("format") == "json" {
		format = backend.DataFrameFormat_JSON
	}

	// Group queries per datasource uid: one QueryData call per datasource.
	type group struct {
		ds      *datasource
		p       *pluginProc     // a plugin's backend, or
		core    *coreDatasource // a datasource built into Grafana, answered by the host
		queries []backend.DataQuery
	}
	groups := map[string]*group{}
	var uids []string
	refIDs := map[string]bool{}
	for i, raw := range body.Queries {
		var q queryFields
		if err := json.Unmarshal(raw, &q); err != nil {
			writeJSON(w, http.StatusBadRequest, message{Message: fmt.Sprintf("query %d: invalid JSON", i), Error: err.Error()})
			return
		}
		if refIDs[q.RefID] {
			writeJSON(w, http.StatusBadRequest, message{Message: "duplicate refId", RefID: q.RefID})
			return
		}
		refIDs[q.RefID] = true
		uid := datasourceUID(q.Datasource)
		if uid == "" {
			writeJSON(w, http.StatusBadRequest, message{Message: "query missing datasource info", RefID: q.RefID})
			return
		}
		g := groups[uid]
		if g == nil {
			if ds := h.store.get(uid, u.OrgID); ds != nil && h.core[ds.Type] != nil {
				g = &group{ds: ds, core: h.core[ds.Type]}
			} else {
				_, ds, p, ok := h.lookup(w, r, uid)
				if !ok {
					return
				}
				g = &group{ds: ds, p: p}
			}
			groups[uid] = g
			uids = append(uids, uid)
		}
		tr := defRange
		if q.TimeRange != nil {
			if tr, err = parseRange(q.TimeRange.From, q.TimeRange.To, now); err != nil {
				writeJSON(w, http.StatusBadRequest, message{Message: err.Error(), RefID: q.RefID})
				return
			}
		}
		// Grafana's defaults when the frontend omits them.
		interval, maxDP := 1000.0, int64(100)
		if q.IntervalMS != nil {
			interval = *q.IntervalMS
		}
		if q.MaxDataPoints != nil {
			maxDP = *q.MaxDataPoints
		}
		g.queries = append(g.queries, backend.DataQuery{
			RefID:         q.RefID,
			QueryType:     q.QueryType,
			MaxDataPoints: maxDP,
			Interval:      time.Duration(interval * float64(time.Millisecond)),
			TimeRange:     tr,
			JSON:          raw,
		})
	}

	// Call the datasources concurrently, as Grafana does.
	type result struct {
		resp   *pluginv2.QueryDataResponse
		direct *backend.QueryDataResponse // a core datasource's answer, already decoded
		err    error
	}
	results := make([]result, len(uids))
	var wg sync.WaitGroup
	for i, uid := range uids {
		g := groups[uid]
		wg.Add(1)
		go func() {
			defer wg.Done()
			if g.core != nil {
				results[i] = result{direct: queryCore(r.Context(), g.core, g.ds, g.queries)}
				return
			}
			req := &backend.QueryDataRequest{
				PluginContext: h.pluginContext(g.p, g.ds, u),
				Headers:       forwardedHeaders(r),
				Queries:       g.queries,
				Format:        format,
			}
			resp, err := g.p.data.QueryData(r.Context(), backend.ToProto().QueryDataRequest(req))
			results[i] = result{resp: resp, err: err}
		}()
	}
	wg.Wait()

	merged := &backend.QueryDataResponse{Responses: backend.Responses{}}
	formats := map[string]string{}
	for _, res := range results {
		if res.err != nil {
			writeRPCError(w, res.err, "Method not implemented")
			return
		}
		if res.direct != nil {
			for ref, dr := range res.direct.Responses {
				formats[ref] = "core"
				merged.Responses[ref] = dr
			}
			continue
		}
		// Decode each refId on its own with the SDK so a malformed frame
		// names the refId it came from.
		for _, ref := range slices.Sorted(maps.Keys(res.resp.Responses)) {
			pr := res.resp.Responses[ref]
			formats[ref] = frameFormatName(pr.Format)
			one, err := backend.FromProto().QueryDataResponse(&pluginv2.QueryDataResponse{
				Responses: map[string]*pluginv2.DataResponse{ref: pr},
			})
			if err != nil {
				writeJSON(w, http.StatusInternalServerError, message{
					Message: fmt.Sprintf("failed to decode data frames for refId %s: %v", ref, err),
					Error:   err.Error(), RefID: ref,
				})
				return
			}
			merged.Responses[ref] = one.Responses[ref]
		}
	}

	// Grafana answers 400 when any query result carries an error.
	code := http.StatusOK
	for _, dr := range merged.Responses {
		if dr.Error != nil {
			code = http.StatusBadRequest
		}
	}
	var parts []string
	for _, ref := range slices.Sorted(maps.Keys(formats)) {
		parts = append(parts, ref+"="+formats[ref])
	}
	w.Header().Set("X-Plugin-Frame-Formats", strings.Join(parts, ","))
	writeJSON(w, code, merged)
}

func parseRange(from, to json.RawMessage, now time.Time) (backend.TimeRange, error) {
	f, err := parseGrafanaTime(from, "now-6h", now)
	if err != nil {
		return backend.TimeRange{}, fmt.Errorf("invalid from: %w", err)
	}
	t, err := parseGrafanaTime(to, "now", now)
	if err != nil {
		return backend.TimeRange{}, fmt.Errorf("invalid to: %w", err)
	}
	return backend.TimeRange{From: f, To: t}, nil
}

func frameFormatName(f pluginv2.DataFrameFormat) string {
	switch f {
	case pluginv2.DataFrameFormat_ARROW:
		return "arrow"
	case pluginv2.DataFrameFormat_JSON:
		return "json"
	default:
		return fmt.Sprintf("unknown(%d)", int32(f))
	}
}
