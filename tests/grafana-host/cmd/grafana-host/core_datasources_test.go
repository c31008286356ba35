package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// The core datasources' request building and frame layout, against recorded
// answers of Prometheus and Jaeger; the real servers are queried through the
// page in the browser specs (tests/e2e/health.spec.ts).

func TestPromStepAndVariables(t *testing.T) {
	from := time.Date(2026, 12, 5, 6, 0, 0, 0, time.UTC)
	hour := backend.TimeRange{From: from, To: from.Add(time.Hour)}
	year := backend.TimeRange{From: from, To: from.Add(365 * 24 * time.Hour)}
	cases := []struct {
		name     string
		interval time.Duration // the panel's (intervalMs)
		min      time.Duration // query interval, else scrape interval
		scrape   time.Duration
		tr       backend.TimeRange
		expr     string
		want     string
	}{
		{"panel interval above scrape", 5 * time.Second, time.Second, time.Second, hour,
			"rate(x[$__rate_interval])", "rate(x[6s])"},
		{"rate interval is at least 4 scrapes", time.Second, time.Second, time.Second, hour,
			"rate(x[$__rate_interval])", "rate(x[4s])"},
		{"step raised to the scrape interval", 2 * time.Second, 15 * time.Second, 15 * time.Second, hour,
			"$__interval $__interval_ms $__rate_interval $__rate_interval_ms", "15s 15000 1m 60000"},
		{"minutes and seconds", 90 * time.Second, time.Second, 15 * time.Second, hour,
			"avg_over_time(x[$__interval]) $__rate_interval", "avg_over_time(x[1m30s]) 1m45s"},
		{"range variables", time.Minute, time.Second, time.Second, hour,
			"$__range $__range_s $__range_ms ${__range}", "3600s 3600 3600000 3600s"},
		{"at most 11000 points", time.Second, time.Second, time.Second, year,
			"$__interval", "47m46s909ms"},
		{"millisecond steps", 1500 * time.Millisecond, time.Second, time.Second, hour,
			"$__interval", "1s500ms"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			step := promStep(backend.DataQuery{Interval: c.interval, TimeRange: c.tr}, c.min)
			if got := interpolatePromVariables(c.expr, step, c.scrape, c.tr); got != c.want {
				t.Fatalf("got %q, want %q (step %v)", got, c.want, step)
			}
		})
	}
}

func TestPromLegend(t *testing.T) {
	labels := map[string]string{"status": "500", "instance": "host:9100"}
	for format, want := range map[string]string{
		"{{status}}":                   "500",
		"{{ status }} on {{instance}}": "500 on host:9100",
		"{{missing}}x":                 "x",
		"p99":                          "p99",
	} {
		if got := promLegend(format, labels); got != want {
			t.Errorf("%q: got %q, want %q", format, got, want)
		}
	}
}

// fakeUpstream answers every request with body and records the last request.
func fakeUpstream(t *testing.T, code int, body string) (*httptest.Server, *url.Values, *string) {
	t.Helper()
	form := &url.Values{}
	method := new(string)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Errorf("form: %v", err)
		}
		*form = r.Form
		*method = r.Method + " " + r.URL.Path
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, form, method
}

const promMatrix = `{"status":"success","data":{"resultType":"matrix","result":[
 {"metric":{"status":"200","job":"ragflow"},"values":[[1796450400,"1.5"],[1796450405,"NaN"]]},
 {"metric":{"status":"500","job":"ragflow"},"values":[[1796450405.5,"+Inf"]]}]}}`

func TestQueryPrometheusFrames(t *testing.T) {
	srv, form, method := fakeUpstream(t, http.StatusOK, promMatrix)
	from := time.Date(2026, 12, 5, 6, 0, 2, 0, time.UTC)
	ds := &datasource{UID: "prom", URL: srv.URL + "/", JSONData: json.RawMessage(`{"timeInterval":"1s","httpMethod":"POST"}`)}
	q := backend.DataQuery{
		RefID:     "requestRate",
		Interval:  5 * time.Second,
		TimeRange: backend.TimeRange{From: from, To: from.Add(time.Hour)},
		JSON:      json.RawMessage(`{"expr":"sum by (status) (rate(x{job=\"ragflow\"}[$__rate_interval]))","legendFormat":"{{status}}","range":true}`),
	}
	dr := queryCore(context.Background(), coreDatasources()["prometheus"], ds, []backend.DataQuery{q}).Responses["requestRate"]
	if dr.Error != nil {
		t.Fatal(dr.Error)
	}
	if *method != "POST /api/v1/query_range" {
		t.Fatalf("request %s", *method)
	}
	// Aligned down to the 5 s step: 06:00:00, not 06:00:02.
	wantForm := url.Values{
		"query": {`sum by (status) (rate(x{job="ragflow"}[6s]))`},
		"start": {"1796450400"}, "end": {"1796454000"}, "step": {"5"},
	}
	for k, v := range wantForm {
		if form.Get(k) != v[0] {
			t.Errorf("%s = %q, want %q", k, form.Get(k), v[0])
		}
	}
	if len(dr.Frames) != 2 {
		t.Fatalf("%d frames, want one per series (2)", len(dr.Frames))
	}
	f := dr.Frames[0]
	if f.RefID != "requestRate" || f.Meta.Type != data.FrameTypeTimeSeriesMulti || !strings.HasPrefix(f.Meta.ExecutedQueryString, "Expr: sum by (status)") {
		t.Errorf("frame meta %+v refId %q", f.Meta, f.RefID)
	}
	if f.Fields[0].Name != "Time" || f.Fields[1].Name != "Value" {
		t.Errorf("fields %q, %q", f.Fields[0].Name, f.Fields[1].Name)
	}
	if got := f.Fields[1].Labels.String(); got != `job=ragflow, status=200` {
		t.Errorf("labels %s", got)
	}
	if got := f.Fields[1].Config.DisplayNameFromDS; got != "200" {
		t.Errorf("display name %q", got)
	}
	if got := f.Fields[0].At(0).(time.Time); !got.Equal(time.Unix(1796450400, 0)) {
		t.Errorf("time %v", got)
	}
	if v := f.Fields[1].At(0).(float64); v != 1.5 {
		t.Errorf("value %v", v)
	}
	if got := dr.Frames[1].Fields[0].At(0).(time.Time); got.UnixMilli() != 1796450405500 {
		t.Errorf("sub-second time %v", got)
	}
}

func TestQueryPrometheusErrors(t *testing.T) {
	srv, _, method := fakeUpstream(t, http.StatusBadRequest, `{"status":"error","errorType":"bad_data","error":"parse error at char 5"}`)
	ds := &datasource{UID: "prom", URL: srv.URL, JSONData: json.RawMessage(`{"httpMethod":"GET"}`)}
	tr := backend.TimeRange{From: time.Unix(0, 0), To: time.Unix(3600, 0)}
	cases := []struct{ name, json, want string }{
		{"upstream error", `{"expr":"rate(","range":true}`, "prometheus: bad_data: parse error at char 5"},
		{"empty expr", `{"expr":" ","range":true}`, "query A: expr is empty"},
		{"instant only", `{"expr":"up","instant":true,"range":false}`, "range queries only"},
		{"bad interval", `{"expr":"up","interval":"soon"}`, `interval "soon" is not a duration`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dr := queryPrometheus(context.Background(), coreClient, ds, backend.DataQuery{RefID: "A", Interval: time.Second, TimeRange: tr, JSON: json.RawMessage(c.json)})
			if dr.Error == nil || !strings.Contains(dr.Error.Error(), c.want) {
				t.Fatalf("error %v, want %q", dr.Error, c.want)
			}
		})
	}
	if *method != "GET /api/v1/query_range" {
		t.Errorf("jsonData.httpMethod GET: request %s", *method)
	}
}

const jaegerAnswer = `{"data":[
 {"traceID":"aa","processes":{"p1":{"serviceName":"ragflow"},"p2":{"serviceName":"mysql"}},"spans":[
   {"traceID":"aa","spanID":"2","operationName":"SELECT","references":[{"refType":"CHILD_OF","spanID":"1"}],"startTime":1796450400100000,"duration":5000,"processID":"p2"},
   {"traceID":"aa","spanID":"1","operationName":"POST /v1/conversation/completion","references":[],"startTime":1796450400000000,"duration":250000,"processID":"p1"}]},
 {"traceID":"bb","processes":{"p1":{"serviceName":"ragflow"}},"spans":[
   {"traceID":"bb","spanID":"9","operationName":"GET /v1/kb/list","references":[{"refType":"CHILD_OF","spanID":"lost"}],"startTime":1796450460000000,"duration":1000,"processID":"p1"}]}
],"errors":null}`

func TestQueryJaegerSearch(t *testing.T) {
	srv, form, method := fakeUpstream(t, http.StatusOK, jaegerAnswer)
	ds := &datasource{UID: "llmops-jaeger", Name: "Jaeger", URL: srv.URL}
	from := time.Date(2026, 12, 5, 6, 0, 0, 0, time.UTC)
	q := backend.DataQuery{
		RefID:     "traces",
		TimeRange: backend.TimeRange{From: from, To: from.Add(time.Hour)},
		JSON:      json.RawMessage(`{"queryType":"search","service":"ragflow","limit":20,"tags":"http.status_code=500 error=\"a b\""}`),
	}
	dr := queryCore(context.Background(), coreDatasources()["jaeger"], ds, []backend.DataQuery{q}).Responses["traces"]
	if dr.Error != nil {
		t.Fatal(dr.Error)
	}
	if *method != "GET /api/traces" || form.Get("service") != "ragflow" || form.Get("limit") != "20" ||
		form.Get("start") != "1796450400000000" || form.Get("end") != "1796454000000000" ||
		form.Get("tags") != `{"error":"a b","http.status_code":"500"}` {
		t.Fatalf("request %s %v", *method, *form)
	}
	f := dr.Frames[0]
	if f.RefID != "traces" || f.Meta.PreferredVisualization != data.VisTypeTable || f.Rows() != 2 {
		t.Fatalf("frame %+v rows %d", f.Meta, f.Rows())
	}
	// Newest first; a span whose parent is missing is the root.
	want := [][]any{{"bb", "ragflow: GET /v1/kb/list", 1000.0}, {"aa", "ragflow: POST /v1/conversation/completion", 250000.0}}
	for i, w := range want {
		got := []any{f.Fields[0].At(i), f.Fields[1].At(i), f.Fields[3].At(i)}
		for j := range w {
			if got[j] != w[j] {
				t.Errorf("row %d: %v, want %v", i, got, w)
			}
		}
	}
	link := f.Fields[0].Config.Links[0]
	if link.Internal == nil || link.Internal.DatasourceUID != "llmops-jaeger" {
		t.Errorf("trace id link %+v", link)
	}
}

func TestQueryJaegerRefusals(t *testing.T) {
	ds := &datasource{UID: "j", URL: "http://127.0.0.1:1"}
	for body, want := range map[string]string{
		`{"queryType":"traceId","query":"aa"}`:            `Jaeger searches only (queryType "traceId")`,
		`{"queryType":"search"}`:                          "service is empty",
		`{"queryType":"search","service":"s","tags":"x"}`: `tags: "x" is not key=value`,
	} {
		dr := queryJaeger(context.Background(), coreClient, ds, backend.DataQuery{RefID: "A", JSON: json.RawMessage(body)})
		if dr.Error == nil || !strings.Contains(dr.Error.Error(), want) {
			t.Errorf("%s: error %v, want %q", body, dr.Error, want)
		}
	}
}
