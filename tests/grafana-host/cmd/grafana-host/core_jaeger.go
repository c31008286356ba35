package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Jaeger trace searches (queryType "search"), answered from the datasource's
// Jaeger query service through its HTTP API (GET /api/traces, the API Jaeger's
// own UI searches with) and laid out as Grafana's Jaeger datasource lays out
// search results: one table frame, a row per trace, newest first, with
// traceID (linking to the trace in the same datasource), traceName
// ("<service>: <root operation>"), startTime and duration (of the root span,
// in µs).

type jaegerQueryModel struct {
	QueryType   string `json:"queryType"`
	Service     string `json:"service"`
	Operation   string `json:"operation"`
	Tags        string `json:"tags"` // logfmt, as Grafana's search form writes it
	MinDuration string `json:"minDuration"`
	MaxDuration string `json:"maxDuration"`
	Limit       int    `json:"limit"`
}

type jaegerSpan struct {
	TraceID       string `json:"traceID"`
	SpanID        string `json:"spanID"`
	OperationName string `json:"operationName"`
	References    []struct {
		RefType string `json:"refType"`
		SpanID  string `json:"spanID"`
	} `json:"references"`
	StartTime int64  `json:"startTime"` // µs since the epoch
	Duration  int64  `json:"duration"`  // µs
	ProcessID string `json:"processID"`
}

type jaegerTrace struct {
	TraceID   string       `json:"traceID"`
	Spans     []jaegerSpan `json:"spans"`
	Processes map[string]struct {
		ServiceName string `json:"serviceName"`
	} `json:"processes"`
}

type jaegerAPIResponse struct {
	Data   []jaegerTrace `json:"data"`
	Errors []struct {
		Code int    `json:"code"`
		Msg  string `json:"msg"`
	} `json:"errors"`
}

// jaegerRoot is the trace's root span: the earliest span whose parent is not
// in the trace (a trace may have lost its parent to sampling or a late span).
func jaegerRoot(t jaegerTrace) (jaegerSpan, bool) {
	ids := map[string]bool{}
	for _, s := range t.Spans {
		ids[s.SpanID] = true
	}
	var root jaegerSpan
	found := false
	for _, s := range t.Spans {
		orphan := true
		for _, r := range s.References {
			if r.RefType == "CHILD_OF" && ids[r.SpanID] {
				orphan = false
			}
		}
		if orphan && (!found || s.StartTime < root.StartTime) {
			root, found = s, true
		}
	}
	return root, found
}

// logfmtTags turns Grafana's `key=value key2="a b"` into Jaeger's tags JSON.
func logfmtTags(s string) (string, error) {
	tags := map[string]string{}
	rest := strings.TrimSpace(s)
	for rest != "" {
		eq := strings.IndexByte(rest, '=')
		if eq <= 0 {
			return "", fmt.Errorf("tags: %q is not key=value", rest)
		}
		key := rest[:eq]
		rest = rest[eq+1:]
		var value string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				return "", fmt.Errorf("tags: unclosed quote in %q", s)
			}
			value, rest = rest[1:end+1], rest[end+2:]
		} else if sp := strings.IndexByte(rest, ' '); sp >= 0 {
			value, rest = rest[:sp], rest[sp:]
		} else {
			value, rest = rest, ""
		}
		tags[key] = value
		rest = strings.TrimSpace(rest)
	}
	b, err := json.Marshal(tags)
	return string(b), err
}

func queryJaeger(ctx context.Context, client *http.Client, ds *datasource, q backend.DataQuery) backend.DataResponse {
	var model jaegerQueryModel
	if err := json.Unmarshal(q.JSON, &model); err != nil {
		return coreError(backend.StatusBadRequest, "query %s: invalid JSON: %v", q.RefID, err)
	}
	if model.QueryType != "search" {
		return coreError(backend.StatusBadRequest, "query %s: the test host answers Jaeger searches only (queryType %q)", q.RefID, model.QueryType)
	}
	if model.Service == "" {
		return coreError(backend.StatusBadRequest, "query %s: service is empty", q.RefID)
	}
	params := url.Values{}
	params.Set("service", model.Service)
	if model.Operation != "" {
		params.Set("operation", model.Operation)
	}
	if model.Tags != "" {
		tags, err := logfmtTags(model.Tags)
		if err != nil {
			return coreError(backend.StatusBadRequest, "query %s: %v", q.RefID, err)
		}
		params.Set("tags", tags)
	}
	if model.MinDuration != "" {
		params.Set("minDuration", model.MinDuration)
	}
	if model.MaxDuration != "" {
		params.Set("maxDuration", model.MaxDuration)
	}
	if model.Limit > 0 {
		params.Set("limit", strconv.Itoa(model.Limit))
	}
	params.Set("start", strconv.FormatInt(q.TimeRange.From.UnixMicro(), 10))
	params.Set("end", strconv.FormatInt(q.TimeRange.To.UnixMicro(), 10))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(ds.URL, "/")+"/api/traces?"+params.Encode(), nil)
	if err != nil {
		return coreError(backend.StatusBadRequest, "datasource %s: url %q: %v", ds.UID, ds.URL, err)
	}
	var answer jaegerAPIResponse
	status, failed := callUpstream(client, req, "jaeger", ds, &answer)
	if failed != nil {
		return *failed
	}
	if status != http.StatusOK || len(answer.Errors) > 0 {
		msg := http.StatusText(status)
		if len(answer.Errors) > 0 {
			msg = answer.Errors[0].Msg
		}
		return coreError(backend.StatusBadRequest, "jaeger: %s", msg)
	}
	return backend.DataResponse{Frames: data.Frames{jaegerSearchFrame(answer.Data, ds)}}
}

// jaegerSearchFrame is the search result table, newest trace first.
func jaegerSearchFrame(traces []jaegerTrace, ds *datasource) *data.Frame {
	type row struct {
		id, name string
		start    time.Time
		duration float64
	}
	rows := make([]row, 0, len(traces))
	for _, t := range traces {
		root, ok := jaegerRoot(t)
		if !ok {
			continue
		}
		rows = append(rows, row{
			id:       t.TraceID,
			name:     t.Processes[root.ProcessID].ServiceName + ": " + root.OperationName,
			start:    time.UnixMicro(root.StartTime).UTC(),
			duration: float64(root.Duration),
		})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].start.After(rows[j].start) })
	ids, names := make([]string, len(rows)), make([]string, len(rows))
	starts, durations := make([]time.Time, len(rows)), make([]float64, len(rows))
	for i, r := range rows {
		ids[i], names[i], starts[i], durations[i] = r.id, r.name, r.start, r.duration
	}
	link := data.DataLink{
		Title: "Trace: ${__value.raw}",
		Internal: &data.InternalDataLink{
			DatasourceUID:  ds.UID,
			DatasourceName: or(ds.Name, ds.UID),
			Query:          map[string]any{"query": "${__value.raw}", "queryType": "traceId"},
		},
	}
	frame := data.NewFrame("Traces",
		data.NewField("traceID", nil, ids).SetConfig(&data.FieldConfig{DisplayNameFromDS: "Trace ID", Links: []data.DataLink{link}}),
		data.NewField("traceName", nil, names).SetConfig(&data.FieldConfig{DisplayNameFromDS: "Trace name"}),
		data.NewField("startTime", nil, starts).SetConfig(&data.FieldConfig{DisplayNameFromDS: "Start time"}),
		data.NewField("duration", nil, durations).SetConfig(&data.FieldConfig{DisplayNameFromDS: "Duration", Unit: "µs"}),
	)
	frame.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeTable}
	return frame
}
