package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	"google.golang.org/grpc"
)

// Test fixtures: a plugins folder shaped like dist/ (an app without backend,
// holding a nested backend datasource), provisioning, and a host built from
// them whose backend plugin is a fake gRPC client recording what it is sent.

const (
	testAppID = "test-app"
	testDSID  = "test-datasource"
)

// testAppJSON has one role per grant shape: Viewer (reaches everyone above),
// Editor, Admin, None (reaches every basic role) and Grafana Admin (nobody).
const testAppJSON = `{
  "$schema": "https://example.invalid/plugin.schema.json",
  "type": "app",
  "name": "Test App",
  "id": "test-app",
  "preload": true,
  "info": {"version": "1.2.3", "logos": {"small": "img/logo.svg", "large": "img/logo.svg"}},
  "includes": [
    {"type": "page", "name": "Home", "path": "/a/test-app/home", "addToNav": true},
    {"type": "page", "name": "Cost", "path": "/a/test-app/cost", "addToNav": true, "defaultNav": true}
  ],
  "roles": [
    {"role": {"name": "Reader", "permissions": [{"action": "test-app.cost:read"}]}, "grants": ["Viewer"]},
    {"role": {"name": "Writer", "permissions": [{"action": "test-app.notes:write"}]}, "grants": ["Editor"]},
    {"role": {"name": "Auditor", "permissions": [{"action": "test-app.audit:read"}, {"action": "test-app.pii:read"}]}, "grants": ["Admin"]},
    {"role": {"name": "Everyone", "permissions": [{"action": "test-app.help:read"}]}, "grants": ["None"]},
    {"role": {"name": "Server", "permissions": [{"action": "test-app.server:write"}]}, "grants": ["Grafana Admin"]}
  ],
  "dependencies": {"grafanaDependency": ">=12.4.0", "plugins": []}
}`

const testDSJSON = `{
  "type": "datasource",
  "name": "Test Ledger",
  "id": "test-datasource",
  "backend": true,
  "alerting": true,
  "executable": "gpx_test",
  "info": {"version": "1.2.3", "logos": {"small": "img/ds.svg", "large": "img/ds.svg"}}
}`

// testProvisioning: two datasources of the test type; the second is the
// default. Its jsonData carries a script-closing string for the escaping test.
const testProvisioning = `
apiVersion: 1
datasources:
  - name: first
    uid: ds-one
    type: test-datasource
    jsonData: {host: db1, port: 3306}
    secureJsonData: {password: s3cret-one}
  - name: second
    uid: ds-two
    type: test-datasource
    isDefault: true
    url: http://db2
    jsonData: {description: "</script><script>alert(1)</script> <!-- \u2028"}
    secureJsonData: {password: s3cret-two, token: s3cret-token}
`

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

// testPluginsDir lays out <tmp>/dist/{plugin.json,module.js,img/logo.svg,
// datasource/{plugin.json,module.js,gpx_test_<os>_<arch>}} and a secret file
// beside dist/ that must never be reachable.
func testPluginsDir(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	dist := filepath.Join(root, "dist")
	writeFile(t, filepath.Join(dist, "plugin.json"), testAppJSON, 0o644)
	writeFile(t, filepath.Join(dist, "module.js"), "define([], function () { return {}; });", 0o644)
	writeFile(t, filepath.Join(dist, "img", "logo.svg"), "<svg/>", 0o644)
	writeFile(t, filepath.Join(dist, "datasource", "plugin.json"), testDSJSON, 0o644)
	writeFile(t, filepath.Join(dist, "datasource", "module.js"), "define([], function () { return {}; });", 0o644)
	writeFile(t, filepath.Join(dist, "datasource", "gpx_test"+executableSuffix()), "#!/bin/sh\n", 0o755)
	writeFile(t, filepath.Join(dist, "datasource", "gpx_test_linux_arm64"), "#!/bin/sh\n", 0o755)
	writeFile(t, filepath.Join(root, "secret.txt"), "top secret", 0o644)
	return dist
}

// testShellDir is a shell folder with the boot data marker.
func testShellDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "index.html"), "<!doctype html><html><head>"+bootDataMarker+"</head><body><script src=\"/public/shell/shell.js\"></script></body></html>", 0o644)
	writeFile(t, filepath.Join(dir, "shell.js"), "window.shell = true;", 0o644)
	writeFile(t, filepath.Join(dir, "shell.css"), "body{}", 0o644)
	return dir
}

// fakeData is the backend's data service: it records every QueryData request.
type fakeData struct {
	pluginv2.DataClient
	mu  sync.Mutex
	got []*pluginv2.QueryDataRequest
}

func (f *fakeData) QueryData(_ context.Context, in *pluginv2.QueryDataRequest, _ ...grpc.CallOption) (*pluginv2.QueryDataResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, in)
	out := &pluginv2.QueryDataResponse{Responses: map[string]*pluginv2.DataResponse{}}
	for _, q := range in.Queries {
		out.Responses[q.RefId] = &pluginv2.DataResponse{Status: 200}
	}
	return out, nil
}

func (f *fakeData) last(t *testing.T) *pluginv2.QueryDataRequest {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.got) == 0 {
		t.Fatal("the plugin got no QueryData call")
	}
	return f.got[len(f.got)-1]
}

// fakeDiag is the backend's diagnostics service: it records CheckHealth.
type fakeDiag struct {
	pluginv2.DiagnosticsClient
	mu  sync.Mutex
	got []*pluginv2.CheckHealthRequest
}

func (f *fakeDiag) CheckHealth(_ context.Context, in *pluginv2.CheckHealthRequest, _ ...grpc.CallOption) (*pluginv2.CheckHealthResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, in)
	return &pluginv2.CheckHealthResponse{Status: pluginv2.CheckHealthResponse_OK, Message: "ok"}, nil
}

type testHost struct {
	*host
	data    *fakeData
	diag    *fakeDiag
	handler http.Handler
}

type testHostOptions struct {
	shell       bool
	appSettings string // --app-settings file content ("" = flag not given)
}

// newTestHost builds a host the way runServe does, minus the process launch.
func newTestHost(t *testing.T, opts testHostOptions) *testHost {
	t.Helper()
	dist := testPluginsDir(t)
	prov := filepath.Join(t.TempDir(), "datasources.yaml")
	writeFile(t, prov, testProvisioning, 0o644)
	h := &host{url: "http://127.0.0.1:3000", log: hclog.NewNullLogger(), store: &dsStore{path: prov}, plugins: map[string]*pluginProc{}}
	if err := h.store.load(); err != nil {
		t.Fatal(err)
	}
	metas, err := discoverPlugins(dist)
	if err != nil {
		t.Fatal(err)
	}
	shell, settingsPath := "", ""
	if opts.shell {
		shell = testShellDir(t)
	}
	if opts.appSettings != "" {
		settingsPath = filepath.Join(t.TempDir(), "app.json")
		writeFile(t, settingsPath, opts.appSettings, 0o644)
	}
	if err := h.configure(metas, shell, settingsPath); err != nil {
		t.Fatal(err)
	}
	th := &testHost{host: h, data: &fakeData{}, diag: &fakeDiag{}}
	ds := h.metas[testDSID]
	h.plugins[testDSID] = &pluginProc{pluginSpec: ds.pluginSpec, data: th.data, diag: th.diag}
	th.handler = h.routes()
	return th
}

// user is how a request names its user.
type user struct {
	headers map[string]string // X-Test-User-* headers
	cookie  *cookieUser       // grafana_test_user
}

var (
	asDefault = user{}
	asViewer  = user{cookie: &cookieUser{Login: "vera", Email: "vera@example.com", Name: "Vera", Role: "Viewer"}}
	asEditor  = user{cookie: &cookieUser{Login: "ed", Role: "Editor"}}
	asAdmin   = user{cookie: &cookieUser{Login: "ada", Role: "Admin"}}
)

func cookieValue(c cookieUser) string {
	b, _ := json.Marshal(c)
	// encodeURIComponent, as a browser test would write it.
	return strings.ReplaceAll(url.QueryEscape(string(b)), "+", "%20")
}

func newRequest(method, target, body string, u user) *http.Request {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	for k, v := range u.headers {
		req.Header.Set(k, v)
	}
	if u.cookie != nil {
		req.AddCookie(&http.Cookie{Name: userCookie, Value: cookieValue(*u.cookie)})
	}
	return req
}

// do sends a request through the host's router and decodes a JSON answer into out (if not nil).
func (th *testHost) do(t *testing.T, method, target, body string, u user, out any) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	th.handler.ServeHTTP(rec, newRequest(method, target, body, u))
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: %d, not JSON: %v: %s", method, target, rec.Code, err, rec.Body.String())
		}
	}
	return rec
}
