package main

import (
	"encoding/json"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// handleHealth is GET /api/datasources/uid/{uid}/health (CheckHealth).
func (h *host) handleHealth(w http.ResponseWriter, r *http.Request) {
	u, ds, p, ok := h.lookup(w, r, r.PathValue("uid"))
	if !ok {
		return
	}
	req := &pluginv2.CheckHealthRequest{
		PluginContext: backend.ToProto().PluginContext(h.pluginContext(p, ds, u)),
		Headers:       forwardedHeaders(r),
	}
	resp, err := p.diag.CheckHealth(r.Context(), req)
	if status.Code(err) == codes.Unimplemented {
		// Grafana's client turns UNIMPLEMENTED into an UNKNOWN result.
		resp, err = &pluginv2.CheckHealthResponse{
			Status: pluginv2.CheckHealthResponse_UNKNOWN, Message: "Health check not implemented",
		}, nil
	}
	if err != nil {
		writeRPCError(w, err, "Health check not implemented")
		return
	}
	out := struct {
		Status  string          `json:"status"`
		Message string          `json:"message"`
		Details json.RawMessage `json:"details,omitempty"`
	}{Status: resp.Status.String(), Message: resp.Message}
	if len(resp.JsonDetails) > 0 {
		// Grafana parses jsonDetails into a map; anything else is a 500.
		var details map[string]any
		if err := json.Unmarshal(resp.JsonDetails, &details); err != nil || details == nil {
			m := message{Message: "Failed to unmarshal detailed response from backend plugin"}
			if err != nil {
				m.Error = err.Error()
			}
			writeJSON(w, http.StatusInternalServerError, m)
			return
		}
		out.Details = resp.JsonDetails
	}
	code := http.StatusOK
	if resp.Status != pluginv2.CheckHealthResponse_OK {
		code = http.StatusBadRequest // Grafana: 400 for ERROR and UNKNOWN
	}
	writeJSON(w, code, out)
}

// handleMetrics is GET /metrics/plugins/{pluginId} and
// /api/plugins/{pluginId}/metrics (CollectMetrics, Prometheus text).
func (h *host) handleMetrics(w http.ResponseWriter, r *http.Request) {
	p := h.plugins[r.PathValue("pluginId")]
	if p == nil {
		writeJSON(w, http.StatusNotFound, msg("plugin not found"))
		return
	}
	req := &pluginv2.CollectMetricsRequest{PluginContext: &pluginv2.PluginContext{
		PluginId: p.ID, PluginVersion: p.Version, UserAgent: hostUserAgent.String(),
	}}
	resp, err := p.diag.CollectMetrics(r.Context(), req)
	if err != nil && status.Code(err) != codes.Unimplemented { // unimplemented = no metrics
		writeRPCError(w, err, "Not found")
		return
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	w.WriteHeader(http.StatusOK)
	if resp != nil && resp.Metrics != nil {
		_, _ = w.Write(resp.Metrics.Prometheus)
	}
}

// handleReload is POST /api/admin/provisioning/datasources/reload.
func (h *host) handleReload(w http.ResponseWriter, _ *http.Request) {
	if err := h.store.load(); err != nil {
		writeJSON(w, http.StatusInternalServerError, message{Message: "Failed to reload datasources config", Error: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, msg("Datasources config reloaded"))
}

// handlePlugins is GET /api/test/plugins (host-specific, not Grafana).
func (h *host) handlePlugins(w http.ResponseWriter, _ *http.Request) {
	type entry struct {
		ID         string `json:"id"`
		PID        int    `json:"pid"`
		Executable string `json:"executable"`
		Exited     bool   `json:"exited"`
	}
	out := []entry{}
	for _, p := range h.order {
		out = append(out, entry{p.ID, p.PID, p.Executable, p.exited()})
	}
	writeJSON(w, http.StatusOK, out)
}
