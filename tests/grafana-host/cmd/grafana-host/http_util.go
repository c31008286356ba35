package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func (h *host) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/ds/query", h.handleQuery)
	mux.HandleFunc("/api/datasources/uid/{uid}/resources", h.handleResource)
	mux.HandleFunc("/api/datasources/uid/{uid}/resources/{path...}", h.handleResource)
	mux.HandleFunc("GET /api/datasources/uid/{uid}/health", h.handleHealth)
	mux.HandleFunc("GET /metrics/plugins/{pluginId}", h.handleMetrics)
	mux.HandleFunc("GET /api/plugins/{pluginId}/metrics", h.handleMetrics)
	mux.HandleFunc("POST /api/admin/provisioning/datasources/reload", h.handleReload)
	mux.HandleFunc("GET /api/test/plugins", h.handlePlugins)
	// What the browser shell needs of Grafana (tests/shell/README.md, section 2).
	mux.HandleFunc("GET /api/datasources", h.handleListDatasources)
	mux.HandleFunc("GET /api/datasources/uid/{uid}", h.handleGetDatasource)
	mux.HandleFunc("PUT /api/datasources/uid/{uid}", h.handlePutDatasource)
	mux.HandleFunc("GET /api/plugins/{pluginId}/settings", h.handleGetPluginSettings)
	mux.HandleFunc("POST /api/plugins/{pluginId}/settings", h.handlePostPluginSettings)
	mux.HandleFunc("GET /public/shell/{path...}", h.handleShellFile)
	mux.HandleFunc("GET /public/plugins/{pluginId}/{path...}", h.handlePluginFile)
	for _, page := range []string{"/a/", "/plugins/", "/connections/", "/explore", "/explore/", "/test/"} {
		mux.HandleFunc("GET "+page, h.handlePage)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, msg("Not found"))
	})
	return h.logRequests(mux)
}

// statusRecorder remembers the status code for the access log. Unwrap lets
// http.ResponseController reach the real writer's Flush.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// logRequests writes one INFO line per request: method, path, status, ms.
func (h *host) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			st := rec.status
			if st == 0 {
				st = http.StatusOK
			}
			h.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", st, "ms", ms(time.Since(start)))
		}()
		next.ServeHTTP(rec, r)
	})
}

type message struct {
	Message string `json:"message"`
	Error   string `json:"error,omitempty"`
	// GRPCCode is the gRPC status code name when a plugin RPC failed.
	GRPCCode string `json:"grpcCode,omitempty"`
	RefID    string `json:"refId,omitempty"`
}

func msg(s string) message { return message{Message: s} }

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code = http.StatusInternalServerError
		b, _ = json.Marshal(message{Message: "failed to encode response", Error: err.Error()})
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(b)
}

// writeRPCError maps a failed plugin RPC to an HTTP answer close to
// Grafana's: UNIMPLEMENTED → 404, UNAVAILABLE → 503, RESOURCE_EXHAUSTED →
// 429, anything else → 500 "An error occurred within the plugin". Unlike
// Grafana, the raw gRPC message is included as "error" for test diagnosis.
func writeRPCError(w http.ResponseWriter, err error, notImplemented string) {
	if errors.Is(err, context.Canceled) {
		// Client went away; nobody reads this. 499 is nginx's convention.
		writeJSON(w, 499, message{Message: "request canceled", Error: err.Error()})
		return
	}
	st := status.Convert(err)
	m := message{Error: st.Message(), GRPCCode: st.Code().String()}
	code := http.StatusInternalServerError
	switch st.Code() {
	case codes.Unimplemented:
		code, m.Message = http.StatusNotFound, notImplemented
	case codes.Unavailable:
		code, m.Message = http.StatusServiceUnavailable, "plugin unavailable"
	case codes.ResourceExhausted:
		code, m.Message = http.StatusTooManyRequests, "plugin resource exhausted"
	case codes.Canceled:
		code, m.Message = 499, "request canceled"
	default:
		m.Message = "An error occurred within the plugin"
	}
	writeJSON(w, code, m)
}

// lookup resolves the user, the datasource (org-scoped) and its plugin,
// writing the error response itself when something is missing.
func (h *host) lookup(w http.ResponseWriter, r *http.Request, uid string) (signedInUser, *datasource, *pluginProc, bool) {
	u, err := userFromRequest(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, msg(err.Error()))
		return u, nil, nil, false
	}
	ds := h.store.get(uid, u.OrgID)
	if ds == nil {
		writeJSON(w, http.StatusNotFound, msg("datasource not found"))
		return u, nil, nil, false
	}
	p := h.plugins[ds.Type]
	if p == nil {
		writeJSON(w, http.StatusNotFound, message{Message: "plugin not registered", Error: "no backend plugin with id " + ds.Type})
		return u, nil, nil, false
	}
	return u, ds, p, true
}
