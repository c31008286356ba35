package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Prometheus range queries, answered from the datasource's Prometheus through
// its HTTP API (POST or GET /api/v1/query_range) and laid out as Grafana's
// Prometheus datasource lays out a matrix: one frame per series, a "Time"
// field and a "Value" field carrying the series' labels, the legend format
// applied as the value field's displayNameFromDS.
//
// The step and Grafana's interval variables follow Grafana's documentation
// (https://grafana.com/docs/grafana/latest/datasources/prometheus/template-variables/):
//   - step = the panel's interval (the request's intervalMs), at least the
//     query's min interval, else the datasource's scrape interval
//     (jsonData.timeInterval, 15s when unset), and at least range/11000 (the
//     most points Prometheus returns);
//   - $__interval = the step, $__rate_interval = max($__interval + scrape
//     interval, 4 × scrape interval), $__range = the range in seconds.
// The start and end are aligned down to a multiple of the step, so that the
// points fall on the same instants from one refresh to the next.

// promQueryModel is the part of Grafana's Prometheus query model the host reads.
type promQueryModel struct {
	Expr         string `json:"expr"`
	LegendFormat string `json:"legendFormat"`
	Interval     string `json:"interval"` // the query's min step ("30s"), optional
	Range        *bool  `json:"range"`
	Instant      bool   `json:"instant"`
}

type promSettings struct {
	TimeInterval string `json:"timeInterval"`
	HTTPMethod   string `json:"httpMethod"`
}

// maxPrometheusPoints is the most points Prometheus returns for one series.
const maxPrometheusPoints = 11000

const defaultScrapeInterval = 15 * time.Second

// promStep is the query_range step for a query (see the file comment).
func promStep(q backend.DataQuery, minInterval time.Duration) time.Duration {
	step := q.Interval
	if step < minInterval {
		step = minInterval
	}
	if safe := q.TimeRange.Duration() / maxPrometheusPoints; step < safe {
		step = safe
	}
	if step < time.Millisecond {
		step = time.Millisecond
	}
	return step.Truncate(time.Millisecond)
}

// promDuration writes d as a PromQL duration, largest units first, no zero
// parts: 90s → 1m30s, 1500ms → 1s500ms.
func promDuration(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	var b strings.Builder
	for _, u := range []struct {
		unit string
		size time.Duration
	}{{"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}, {"ms", time.Millisecond}} {
		if n := d / u.size; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.unit)
			d -= n * u.size
		}
	}
	if b.Len() == 0 {
		return "1ms"
	}
	return b.String()
}

// parseGrafanaDuration reads "15s", "1m", "500ms", "2h" (Grafana's interval
// settings); a bare number is seconds.
func parseGrafanaDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		return time.Duration(n * float64(time.Second)), nil
	}
	if strings.HasSuffix(s, "d") {
		n, err := strconv.Atoi(strings.TrimSuffix(s, "d"))
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}

// interpolatePromVariables replaces Grafana's interval and range variables,
// the longest names first so that $__interval does not eat $__interval_ms.
func interpolatePromVariables(expr string, step, scrape time.Duration, tr backend.TimeRange) string {
	rate := max(step+scrape, 4*scrape)
	rangeSeconds := int64(math.Round(tr.Duration().Seconds()))
	replacements := []struct{ name, value string }{
		{"$__rate_interval_ms", strconv.FormatInt(rate.Milliseconds(), 10)},
		{"$__rate_interval", promDuration(rate)},
		{"$__interval_ms", strconv.FormatInt(step.Milliseconds(), 10)},
		{"$__interval", promDuration(step)},
		{"$__range_ms", strconv.FormatInt(tr.Duration().Milliseconds(), 10)},
		{"$__range_s", strconv.FormatInt(rangeSeconds, 10)},
		{"$__range", strconv.FormatInt(rangeSeconds, 10) + "s"},
	}
	for _, r := range replacements {
		expr = strings.ReplaceAll(expr, r.name, r.value)
		expr = strings.ReplaceAll(expr, "${"+strings.TrimPrefix(r.name, "$")+"}", r.value)
	}
	return expr
}

var legendLabel = regexp.MustCompile(`\{\{\s*(.+?)\s*\}\}`)

// promLegend applies a legend format ("{{status}}") to a series' labels; a
// label the series lacks becomes "", as in Grafana.
func promLegend(format string, labels map[string]string) string {
	return legendLabel.ReplaceAllStringFunc(format, func(m string) string {
		return labels[legendLabel.FindStringSubmatch(m)[1]]
	})
}

// promAPIResponse is Prometheus's answer to /api/v1/query_range.
type promAPIResponse struct {
	Status    string `json:"status"`
	ErrorType string `json:"errorType"`
	Error     string `json:"error"`
	Data      struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Metric map[string]string `json:"metric"`
			Values [][2]any          `json:"values"`
		} `json:"result"`
	} `json:"data"`
}

func queryPrometheus(ctx context.Context, client *http.Client, ds *datasource, q backend.DataQuery) backend.DataResponse {
	var model promQueryModel
	if err := json.Unmarshal(q.JSON, &model); err != nil {
		return coreError(backend.StatusBadRequest, "query %s: invalid JSON: %v", q.RefID, err)
	}
	if strings.TrimSpace(model.Expr) == "" {
		return coreError(backend.StatusBadRequest, "query %s: expr is empty", q.RefID)
	}
	if model.Instant && (model.Range == nil || !*model.Range) {
		return coreError(backend.StatusBadRequest, "query %s: the test host answers range queries only (range: true)", q.RefID)
	}
	var settings promSettings
	if len(ds.JSONData) > 0 {
		if err := json.Unmarshal(ds.JSONData, &settings); err != nil {
			return coreError(backend.StatusBadRequest, "datasource %s: invalid jsonData: %v", ds.UID, err)
		}
	}
	scrape := defaultScrapeInterval
	if settings.TimeInterval != "" {
		d, err := parseGrafanaDuration(settings.TimeInterval)
		if err != nil || d <= 0 {
			return coreError(backend.StatusBadRequest, "datasource %s: jsonData.timeInterval %q is not a duration", ds.UID, settings.TimeInterval)
		}
		scrape = d
	}
	minInterval := scrape
	if model.Interval != "" {
		d, err := parseGrafanaDuration(model.Interval)
		if err != nil || d <= 0 {
			return coreError(backend.StatusBadRequest, "query %s: interval %q is not a duration", q.RefID, model.Interval)
		}
		minInterval = d
	}
	step := promStep(q, minInterval)
	expr := interpolatePromVariables(model.Expr, step, scrape, q.TimeRange)
	start := q.TimeRange.From.Truncate(step)
	end := q.TimeRange.To.Truncate(step)

	form := url.Values{}
	form.Set("query", expr)
	form.Set("start", strconv.FormatFloat(float64(start.UnixMilli())/1000, 'f', -1, 64))
	form.Set("end", strconv.FormatFloat(float64(end.UnixMilli())/1000, 'f', -1, 64))
	form.Set("step", strconv.FormatFloat(step.Seconds(), 'f', -1, 64))
	endpoint := strings.TrimSuffix(ds.URL, "/") + "/api/v1/query_range"
	var req *http.Request
	var err error
	if strings.EqualFold(settings.HTTPMethod, "GET") {
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"?"+form.Encode(), nil)
	} else {
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
		if req != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if err != nil {
		return coreError(backend.StatusBadRequest, "datasource %s: url %q: %v", ds.UID, ds.URL, err)
	}
	var answer promAPIResponse
	if _, failed := callUpstream(client, req, "prometheus", ds, &answer); failed != nil {
		return *failed
	}
	if answer.Status != "success" {
		return coreError(backend.StatusBadRequest, "prometheus: %s: %s", answer.ErrorType, answer.Error)
	}
	if answer.Data.ResultType != "matrix" {
		return coreError(backend.StatusInternal, "prometheus answered a %s to a range query", answer.Data.ResultType)
	}
	executed := fmt.Sprintf("Expr: %s\nStep: %s", expr, promDuration(step))
	frames, err := promFrames(answer, model.LegendFormat, step, executed)
	if err != nil {
		return coreError(backend.StatusInternal, "prometheus: %v", err)
	}
	return backend.DataResponse{Frames: frames}
}

// promFrames is one frame per series of a matrix, in Prometheus's order.
func promFrames(answer promAPIResponse, legendFormat string, step time.Duration, executed string) (data.Frames, error) {
	frames := make(data.Frames, 0, len(answer.Data.Result))
	for _, series := range answer.Data.Result {
		times := make([]time.Time, 0, len(series.Values))
		values := make([]float64, 0, len(series.Values))
		for _, point := range series.Values {
			ts, ok := point[0].(float64)
			text, ok2 := point[1].(string)
			if !ok || !ok2 {
				return nil, fmt.Errorf("a point is not [seconds, \"value\"]: %v", point)
			}
			v, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return nil, fmt.Errorf("value %q: %v", text, err)
			}
			times = append(times, time.UnixMilli(int64(math.Round(ts*1000))).UTC())
			values = append(values, v)
		}
		labels := data.Labels{}
		for k, v := range series.Metric {
			labels[k] = v
		}
		valueConfig := &data.FieldConfig{}
		if legendFormat != "" && legendFormat != "__auto" {
			valueConfig.DisplayNameFromDS = promLegend(legendFormat, series.Metric)
		}
		frame := data.NewFrame("",
			data.NewField(data.TimeSeriesTimeFieldName, nil, times).SetConfig(&data.FieldConfig{Interval: float64(step.Milliseconds())}),
			data.NewField(data.TimeSeriesValueFieldName, labels, values).SetConfig(valueConfig),
		)
		frame.Meta = &data.FrameMeta{
			Type:                data.FrameTypeTimeSeriesMulti,
			TypeVersion:         data.FrameTypeVersion{0, 1},
			ExecutedQueryString: executed,
		}
		frames = append(frames, frame)
	}
	return frames, nil
}
