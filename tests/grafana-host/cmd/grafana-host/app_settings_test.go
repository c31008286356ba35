package main

import (
	"net/http"
	"strings"
	"testing"
)

func TestPluginSettingsDTO(t *testing.T) {
	th := newTestHost(t, testHostOptions{})
	var dto map[string]any
	if rec := th.do(t, http.MethodGet, "/api/plugins/test-app/settings", "", asViewer, &dto); rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	for k, want := range map[string]any{
		"name": "Test App", "type": "app", "id": testAppID, "enabled": true, "pinned": true, "autoEnabled": false,
		"module": "public/plugins/test-app/module.js", "baseUrl": "public/plugins/test-app",
		"defaultNavUrl": "/a/test-app/cost", "latestVersion": "", "hasUpdate": false, "state": "", "signature": "unsigned",
	} {
		if dto[k] != want {
			t.Errorf("%s = %v, want %v", k, dto[k], want)
		}
	}
	if get(dto, "info", "logos", "small") != "public/plugins/test-app/img/logo.svg" || get(dto, "info", "version") != "1.2.3" {
		t.Errorf("info = %v", dto["info"])
	}
	if inc, _ := dto["includes"].([]any); len(inc) != 2 {
		t.Errorf("includes = %v", dto["includes"])
	}
	if get(dto, "dependencies", "grafanaDependency") != ">=12.4.0" {
		t.Errorf("dependencies = %v", dto["dependencies"])
	}
	if jd, _ := dto["jsonData"].(map[string]any); jd == nil || len(jd) != 0 {
		t.Errorf("jsonData = %v", dto["jsonData"])
	}
	if sf, _ := dto["secureJsonFields"].(map[string]any); sf == nil || len(sf) != 0 {
		t.Errorf("secureJsonFields = %v", dto["secureJsonFields"])
	}
	if rec := th.do(t, http.MethodGet, "/api/plugins/nope-app/settings", "", asViewer, nil); rec.Code != http.StatusNotFound {
		t.Errorf("unknown plugin: %d", rec.Code)
	}
}

func TestPluginSettingsPost(t *testing.T) {
	const update = `{"enabled":true,"pinned":false,"jsonData":{"budget":5,"note":"</script>"},"secureJsonData":{"apiKey":"k"}}`
	tests := []struct {
		name       string
		as         user
		body       string
		code       int
		wantPinned bool   // GET after the POST
		wantNote   string // jsonData.note after the POST
	}{
		{name: "viewer refused", as: asViewer, body: update, code: http.StatusForbidden, wantPinned: true},
		{name: "editor refused", as: asEditor, body: update, code: http.StatusForbidden, wantPinned: true},
		{name: "admin by header", as: user{headers: map[string]string{"X-Test-User-Role": "Admin"}}, body: update, code: http.StatusOK, wantNote: "</script>"},
		{name: "admin cookie", as: asAdmin, body: update, code: http.StatusOK, wantNote: "</script>"},
		{name: "jsonData not an object", as: asAdmin, body: `{"enabled":true,"jsonData":[1]}`, code: http.StatusBadRequest, wantPinned: true},
		{name: "not JSON", as: asAdmin, body: `{`, code: http.StatusBadRequest, wantPinned: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, testHostOptions{shell: true})
			var out map[string]any
			rec := th.do(t, http.MethodPost, "/api/plugins/test-app/settings", tt.body, tt.as, &out)
			if rec.Code != tt.code {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.code, rec.Body.String())
			}
			if tt.code == http.StatusForbidden && !strings.Contains(out["message"].(string), "plugins:write") {
				t.Fatalf("403 message = %v", out)
			}
			if tt.code == http.StatusOK && out["message"] != "Plugin settings updated" {
				t.Fatalf("answer = %v", out)
			}
			var dto map[string]any
			th.do(t, http.MethodGet, "/api/plugins/test-app/settings", "", asViewer, &dto)
			if dto["pinned"] != tt.wantPinned {
				t.Fatalf("pinned = %v, want %v", dto["pinned"], tt.wantPinned)
			}
			note, _ := get(dto, "jsonData", "note").(string)
			if note != tt.wantNote {
				t.Fatalf("jsonData = %v", dto["jsonData"])
			}
			if tt.code == http.StatusOK {
				if get(dto, "secureJsonFields", "apiKey") != true || strings.Contains(mustJSON(t, dto), `"k"`) {
					t.Fatalf("secrets: %v", dto)
				}
			}
		})
	}
}

// Absent flags are false and absent jsonData is {} (Grafana's command has
// plain fields); secrets not sent are kept.
func TestPluginSettingsPostReplacesAndMerges(t *testing.T) {
	th := newTestHost(t, testHostOptions{})
	for _, body := range []string{
		`{"enabled":true,"pinned":true,"jsonData":{"a":1},"secureJsonData":{"key":"v"}}`,
		`{"pinned":true}`,
	} {
		if rec := th.do(t, http.MethodPost, "/api/plugins/test-app/settings", body, asAdmin, nil); rec.Code != http.StatusOK {
			t.Fatalf("%d %s", rec.Code, rec.Body.String())
		}
	}
	var dto map[string]any
	th.do(t, http.MethodGet, "/api/plugins/test-app/settings", "", asAdmin, &dto)
	if dto["enabled"] != false || dto["pinned"] != true || len(dto["jsonData"].(map[string]any)) != 0 || get(dto, "secureJsonFields", "key") != true {
		t.Fatalf("dto = %v", dto)
	}
}

func TestAppSettingsFlag(t *testing.T) {
	tests := []struct {
		name        string
		file        string
		wantEnabled bool
		wantPinned  bool
		wantJSON    string
		wantErr     string
	}{
		{name: "default", wantEnabled: true, wantPinned: true, wantJSON: `{}`},
		{name: "all set", file: `{"enabled":false,"pinned":false,"jsonData":{"pages":{"audit":false}}}`, wantJSON: `{"pages":{"audit":false}}`},
		{name: "only jsonData", file: `{"jsonData":{"x":1}}`, wantEnabled: true, wantPinned: true, wantJSON: `{"x":1}`},
		{name: "null jsonData", file: `{"jsonData":null}`, wantEnabled: true, wantPinned: true, wantJSON: `{}`},
		{name: "typo", file: `{"enable":false}`, wantErr: `unknown field "enable"`},
		{name: "jsonData not an object", file: `{"jsonData":"x"}`, wantErr: "jsonData must be a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			if tt.file != "" {
				path = t.TempDir() + "/app.json"
				writeFile(t, path, tt.file, 0o644)
			}
			f, err := readAppSettingsFile(path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			metas := []*pluginMeta{{pluginSpec: pluginSpec{ID: "an-app", Type: "app"}}, {pluginSpec: pluginSpec{ID: "a-ds", Type: "datasource"}}}
			s := newSettingsStore(metas, f)
			ps, _ := s.get("an-app")
			if ps.Enabled != tt.wantEnabled || ps.Pinned != tt.wantPinned || string(ps.JSONData) != tt.wantJSON {
				t.Fatalf("app settings = %+v %s", ps, ps.JSONData)
			}
			// Only apps take the file's settings.
			if ds, _ := s.get("a-ds"); !ds.Enabled || ds.Pinned || string(ds.JSONData) != "{}" {
				t.Fatalf("datasource plugin settings = %+v", ds)
			}
		})
	}
}

// A saved setting shows in the next GET and the next page's boot data: a
// disabled app is still listed but not preloaded, as in Grafana.
func TestSettingsReachTheNextPage(t *testing.T) {
	th := newTestHost(t, testHostOptions{shell: true, appSettings: `{"enabled":false}`})
	preload := func() any {
		bd, _ := th.page(t, "/plugins/test-app", asViewer)
		if get(bd, "settings", "apps", testAppID, "id") != testAppID {
			t.Fatalf("apps = %v", get(bd, "settings", "apps"))
		}
		return get(bd, "settings", "apps", testAppID, "preload")
	}
	var dto map[string]any
	th.do(t, http.MethodGet, "/api/plugins/test-app/settings", "", asViewer, &dto)
	if dto["enabled"] != false || preload() != false {
		t.Fatalf("--app-settings not applied: %v", dto["enabled"])
	}
	if rec := th.do(t, http.MethodPost, "/api/plugins/test-app/settings", `{"enabled":true,"pinned":true,"jsonData":{"k":"v"}}`, asAdmin, nil); rec.Code != http.StatusOK {
		t.Fatal(rec.Body.String())
	}
	th.do(t, http.MethodGet, "/api/plugins/test-app/settings", "", asViewer, &dto)
	if dto["enabled"] != true || get(dto, "jsonData", "k") != "v" || preload() != true {
		t.Fatalf("after enabling: %v", dto)
	}
	th.do(t, http.MethodPost, "/api/plugins/test-app/settings", `{"enabled":false}`, asAdmin, nil)
	if preload() != false {
		t.Fatal("a disabled app is preloaded")
	}
}
