package main

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// hopHeaders are not forwarded to CallResource (Grafana's proxy utilities
// strip hop-by-hop headers and cookies; X-Test-* is this host's own input).
var hopHeaders = map[string]bool{
	"Connection": true, "Keep-Alive": true, "Proxy-Authenticate": true,
	"Proxy-Authorization": true, "Proxy-Connection": true, "Te": true,
	"Trailer": true, "Transfer-Encoding": true, "Upgrade": true, "Cookie": true,
}

func (h *host) handleResource(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		writeJSON(w, http.StatusMethodNotAllowed, msg("method not allowed"))
		return
	}
	u, ds, p, ok := h.lookup(w, r, r.PathValue("uid"))
	if !ok {
		return
	}
	body, err := io.ReadAll(r.Body) // Grafana buffers the whole body
	if err != nil {
		writeJSON(w, http.StatusBadRequest, message{Message: "failed to read request body", Error: err.Error()})
		return
	}
	path := strings.TrimPrefix(r.PathValue("path"), "/")
	url := path
	if r.URL.RawQuery != "" {
		url += "?" + r.URL.RawQuery
	}
	headers := map[string][]string{}
	for k, v := range r.Header {
		if hopHeaders[k] || strings.HasPrefix(k, "X-Test-") {
			continue
		}
		headers[k] = v
	}
	req := &backend.CallResourceRequest{
		PluginContext: h.pluginContext(p, ds, u),
		Path:          path,
		Method:        r.Method,
		URL:           url,
		Headers:       headers,
		Body:          body,
	}
	// The request context cancels the RPC when the HTTP client disconnects.
	stream, err := p.resource.CallResource(r.Context(), backend.ToProto().CallResourceRequest(req))
	if err != nil {
		writeRPCError(w, err, "Not found")
		return
	}
	rc := http.NewResponseController(w)
	started := false
	for {
		m, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if !started {
				writeRPCError(w, err, "Not found")
				return
			}
			// Headers are already sent: abort the connection so the client
			// sees a truncated response instead of a silently short one.
			h.log.Error("resource stream failed after response started", "path", path, "error", err)
			panic(http.ErrAbortHandler)
		}
		if !started {
			started = true
			code := int(m.Code)
			if code < 100 || code > 999 {
				writeJSON(w, http.StatusInternalServerError, message{Message: "invalid status code from plugin"})
				return
			}
			for k, vs := range m.Headers {
				if strings.EqualFold(k, "Set-Cookie") {
					continue // Grafana never lets plugins set cookies
				}
				for _, v := range vs.Values {
					w.Header().Add(k, v)
				}
			}
			if w.Header().Get("Content-Type") == "" && code != http.StatusNoContent {
				w.Header().Set("Content-Type", "application/json")
			}
			w.WriteHeader(code)
		}
		if len(m.Body) > 0 {
			if _, err := w.Write(m.Body); err != nil {
				return // client gone; r.Context() cancels the stream
			}
			_ = rc.Flush()
		}
	}
	if !started {
		writeJSON(w, http.StatusInternalServerError, msg("received empty resource response"))
	}
}
