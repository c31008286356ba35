package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStaticFiles(t *testing.T) {
	th := newTestHost(t, testHostOptions{shell: true})
	tests := []struct {
		path string
		code int
		ct   string
		body string
	}{
		{"/public/plugins/test-app/module.js", 200, "text/javascript; charset=utf-8", "define("},
		{"/public/plugins/test-app/img/logo.svg", 200, "image/svg+xml", "<svg/>"},
		{"/public/plugins/test-app/plugin.json", 200, "application/json", `"id": "test-app"`},
		{"/public/plugins/test-datasource/module.js", 200, "text/javascript; charset=utf-8", "define("},
		// The app's folder holds the nested datasource's files too, as in Grafana.
		{"/public/plugins/test-app/datasource/module.js", 200, "text/javascript; charset=utf-8", "define("},
		{"/public/shell/shell.js", 200, "text/javascript; charset=utf-8", "window.shell"},
		{"/public/shell/shell.css", 200, "text/css; charset=utf-8", "body{}"},
		{"/public/shell/index.html", 200, "text/html; charset=utf-8", bootDataMarker},
		// Backend binaries, of every platform, through either plugin id.
		{"/public/plugins/test-datasource/gpx_test" + executableSuffix(), 404, "", ""},
		{"/public/plugins/test-datasource/gpx_test_linux_arm64", 404, "", ""},
		{"/public/plugins/test-app/datasource/gpx_test_linux_arm64", 404, "", ""},
		// Directories, missing files, unknown plugins.
		{"/public/plugins/test-app/", 404, "", ""},
		{"/public/plugins/test-app/img", 404, "", ""},
		{"/public/plugins/test-app/missing.js", 404, "", ""},
		{"/public/plugins/nope/module.js", 404, "", ""},
		{"/public/shell/missing.js", 404, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := th.do(t, http.MethodGet, tt.path, "", asDefault, nil)
			if rec.Code != tt.code {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.code, rec.Body.String())
			}
			if tt.ct != "" && rec.Header().Get("Content-Type") != tt.ct {
				t.Fatalf("content type %q, want %q", rec.Header().Get("Content-Type"), tt.ct)
			}
			if !strings.Contains(rec.Body.String(), tt.body) {
				t.Fatalf("body %q", rec.Body.String())
			}
			if tt.code == 404 && strings.Contains(rec.Body.String(), "#!/bin/sh") {
				t.Fatal("served the executable")
			}
		})
	}
}

// Traversal attempts, both through the router (which cleans paths) and
// straight at the handlers with a hostile path value (what a router bug or
// an encoded separator would hand them). The plugins folder's parent holds
// secret.txt; none of these may reach it or any file outside.
func TestStaticNoTraversal(t *testing.T) {
	th := newTestHost(t, testHostOptions{shell: true})
	dist := th.metas[testAppID].Dir
	// A symlink inside the plugin folder that points out of it.
	if err := os.Symlink(filepath.Join(filepath.Dir(dist), "secret.txt"), filepath.Join(dist, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Dir(dist), filepath.Join(dist, "up")); err != nil {
		t.Fatal(err)
	}

	viaRouter := []string{
		"/public/plugins/test-app/../secret.txt",
		"/public/plugins/test-app/..%2fsecret.txt",
		"/public/plugins/test-app/%2e%2e/secret.txt",
		"/public/plugins/test-app/%2e%2e%2fsecret.txt",
		"/public/plugins/test-app/link.txt",
		"/public/plugins/test-app/up/secret.txt",
		"/public/plugins/test-datasource/../../secret.txt",
		"/public/plugins/test-datasource/..%2f..%2fsecret.txt",
		"/public/plugins/..%2fsecret.txt/x",
		"/public/shell/..%2f..%2fetc%2fpasswd",
		"/public/shell/%2fetc%2fpasswd",
	}
	for _, p := range viaRouter {
		t.Run("router "+p, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "http://host"+p, nil)
			rec := httptest.NewRecorder()
			th.handler.ServeHTTP(rec, req)
			if rec.Code == http.StatusOK || strings.Contains(rec.Body.String(), "top secret") || strings.Contains(rec.Body.String(), "root:") {
				t.Fatalf("status %d body %q", rec.Code, rec.Body.String())
			}
		})
	}

	direct := []string{
		"../secret.txt", "../../secret.txt", "/etc/passwd", "a/../../secret.txt", "./module.js", "img//logo.svg",
		"..", ".", "", "link.txt", "up/secret.txt", "..\\secret.txt", "datasource/../../secret.txt",
	}
	for _, name := range direct {
		for _, handler := range []struct {
			label string
			serve func(w http.ResponseWriter, r *http.Request)
			setup func(r *http.Request)
		}{
			{"plugin", th.handlePluginFile, func(r *http.Request) { r.SetPathValue("pluginId", testAppID) }},
			{"shell", th.handleShellFile, func(r *http.Request) {}},
		} {
			t.Run(handler.label+" direct "+name, func(t *testing.T) {
				req := httptest.NewRequest(http.MethodGet, "/x", nil)
				handler.setup(req)
				req.SetPathValue("path", name)
				rec := httptest.NewRecorder()
				handler.serve(rec, req)
				if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "top secret") {
					t.Fatalf("status %d body %q", rec.Code, rec.Body.String())
				}
			})
		}
	}
}

func TestContentTypes(t *testing.T) {
	for name, want := range map[string]string{
		"a.js": "text/javascript; charset=utf-8", "a.MJS": "text/javascript; charset=utf-8", "a.css": "text/css; charset=utf-8",
		"a.map": "application/json", "a.svg": "image/svg+xml", "a.woff2": "font/woff2", "a.html": "text/html; charset=utf-8",
		"noext": "application/octet-stream",
	} {
		if got := contentTypeOf(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}
