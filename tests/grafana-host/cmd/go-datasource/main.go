// Command go-datasource is a minimal Grafana backend datasource written with
// the Go SDK. It is only the baseline for `grafana-host bench-startup`: the
// Node plugin's startup/RSS numbers are compared against it. Never shipped.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

type instance struct{}

func newInstance(_ context.Context, _ backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	return &instance{}, nil
}

// queryModel is the part of DataQuery.JSON this datasource reads.
type queryModel struct {
	Rows *int `json:"rows"`
}

func (d *instance) QueryData(_ context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	res := backend.NewQueryDataResponse()
	for _, q := range req.Queries {
		res.Responses[q.RefID] = query(q)
	}
	return res, nil
}

func query(q backend.DataQuery) backend.DataResponse {
	if q.QueryType != "ping" {
		return backend.ErrDataResponse(backend.StatusBadRequest, fmt.Sprintf("unknown queryType %q", q.QueryType))
	}
	var m queryModel
	if err := json.Unmarshal(q.JSON, &m); err != nil {
		return backend.ErrDataResponse(backend.StatusBadRequest, "invalid query JSON: "+err.Error())
	}
	rows := 3
	if m.Rows != nil {
		rows = *m.Rows
	}
	if rows < 0 {
		return backend.ErrDataResponse(backend.StatusBadRequest, "rows must be >= 0")
	}

	times := make([]time.Time, rows)
	values := make([]float64, rows)
	messages := make([]*string, rows)
	oks := make([]bool, rows)
	base := q.TimeRange.To
	for i := range rows {
		times[i] = base.Add(time.Duration(i-rows+1) * time.Second)
		values[i] = float64(i) * 1.5
		if i%3 != 2 { // every third row is null
			s := fmt.Sprintf("row %d", i)
			messages[i] = &s
		}
		oks[i] = i%2 == 0
	}
	frame := data.NewFrame("ping",
		data.NewField("time", nil, times),
		data.NewField("value", nil, values),
		data.NewField("message", nil, messages),
		data.NewField("ok", nil, oks),
	)
	return backend.DataResponse{Frames: data.Frames{frame}}
}

func (d *instance) CheckHealth(_ context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: "ok"}, nil
}

func main() {
	if err := datasource.Manage("llmops-gobench-datasource", newInstance, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error(err.Error())
		os.Exit(1)
	}
}
