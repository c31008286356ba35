package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestBootDataScriptEscaping(t *testing.T) {
	tests := []struct {
		name  string
		value string
	}{
		{"closing script tag", "</script><script>alert(1)</script>"},
		{"upper-case closing tag", "</SCRIPT >"},
		{"html comment opener", "<!-- <script>"},
		{"ampersand entity", "&lt;/script&gt;"},
		{"line separators", "a\u2028b\u2029c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			script, err := bootDataScript(map[string]any{"settings": map[string]any{"v": tt.value}, "raw": json.RawMessage(`{"r":"` + tt.value + `"}`)})
			if err != nil {
				t.Fatal(err)
			}
			inner := strings.TrimSuffix(strings.TrimPrefix(script, "<script>window.grafanaBootData = "), ";</script>")
			if inner == script {
				t.Fatalf("not wrapped as expected: %s", script)
			}
			for _, bad := range []string{"<", ">", "&", "\u2028", "\u2029"} {
				if strings.Contains(inner, bad) {
					t.Fatalf("%q left unescaped in %s", bad, inner)
				}
			}
			var back struct {
				Settings struct{ V string } `json:"settings"`
				Raw      struct{ R string } `json:"raw"`
			}
			if err := json.Unmarshal([]byte(inner), &back); err != nil {
				t.Fatal(err)
			}
			if back.Settings.V != tt.value || back.Raw.R != tt.value {
				t.Fatalf("round trip changed the value: %q / %q", back.Settings.V, back.Raw.R)
			}
		})
	}
}

var bootDataRe = regexp.MustCompile(`<script>window\.grafanaBootData = (.*?);</script>`)

// page loads a page route and returns the decoded boot data.
func (th *testHost) page(t *testing.T, path string, u user) (map[string]any, string) {
	t.Helper()
	rec := th.do(t, http.MethodGet, path, "", u, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("content type %q", ct)
	}
	body := rec.Body.String()
	m := bootDataRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no boot data in %s", body)
	}
	var bd map[string]any
	if err := json.Unmarshal([]byte(m[1]), &bd); err != nil {
		t.Fatal(err)
	}
	return bd, body
}

func get(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func TestPageRoutesServeIndexWithBootData(t *testing.T) {
	th := newTestHost(t, testHostOptions{shell: true})
	for _, path := range []string{
		"/a/test-app/cost", "/a/test-app/audit?from=now-1h", "/plugins/test-app", "/connections/datasources/edit/ds-one",
		"/explore", "/explore/x", "/test/query-editor/ds-two",
	} {
		t.Run(path, func(t *testing.T) {
			_, body := th.page(t, path, asViewer)
			if strings.Contains(body, bootDataMarker) {
				t.Fatal("marker left in the page")
			}
			// The shell's own markup is kept, and jsonData's "</script>" did not end the script early.
			if !strings.HasSuffix(body, `<body><script src="/public/shell/shell.js"></script></body></html>`) ||
				strings.Count(body, "</script>") != 2 {
				t.Fatalf("page = %s", body)
			}
		})
	}
}

func TestBootDataContent(t *testing.T) {
	th := newTestHost(t, testHostOptions{shell: true})
	bd, _ := th.page(t, "/a/test-app/cost", asViewer)

	user := get(bd, "user").(map[string]any)
	for k, want := range map[string]any{
		"id": 1.0, "uid": "vera", "login": "vera", "email": "vera@example.com", "name": "Vera", "orgId": 1.0,
		"orgRole": "Viewer", "isSignedIn": true, "isGrafanaAdmin": false, "theme": "dark", "timezone": "utc",
		"locale": "en-US", "language": "en-US",
	} {
		if user[k] != want {
			t.Errorf("user.%s = %v, want %v", k, user[k], want)
		}
	}
	perms := get(bd, "user", "permissions").(map[string]any)
	if perms["test-app.cost:read"] != true || perms["datasources:read"] != true || perms["test-app.audit:read"] != nil || perms["datasources:write"] != nil {
		t.Errorf("viewer permissions = %v", perms)
	}

	s := get(bd, "settings").(map[string]any)
	if get(s, "buildInfo", "version") != "12.4.0" || get(s, "buildInfo", "edition") != "Open Source" || get(s, "buildInfo", "env") != "production" {
		t.Errorf("buildInfo = %v", s["buildInfo"])
	}
	if s["appUrl"] != "http://127.0.0.1:3000/" || s["appSubUrl"] != "" || s["minRefreshInterval"] != "5s" {
		t.Errorf("settings = %v", s)
	}
	if s["defaultDatasource"] != "second" {
		t.Errorf("defaultDatasource = %v", s["defaultDatasource"])
	}
	app := get(s, "apps", testAppID).(map[string]any)
	if app["id"] != testAppID || app["path"] != "public/plugins/test-app/module.js" || app["version"] != "1.2.3" || app["preload"] != true {
		t.Errorf("apps = %v", s["apps"])
	}
	if get(s, "apps", testDSID) != nil {
		t.Error("a datasource plugin is listed among apps")
	}
	ds := get(s, "datasources", "first").(map[string]any)
	for k, want := range map[string]any{
		"id": 1.0, "uid": "ds-one", "type": testDSID, "name": "first", "access": "proxy",
		"url": "/api/datasources/proxy/uid/ds-one", "readOnly": false, "isDefault": false,
	} {
		if ds[k] != want {
			t.Errorf("datasources.first.%s = %v, want %v", k, ds[k], want)
		}
	}
	if get(ds, "jsonData", "host") != "db1" || get(ds, "jsonData", "port") != 3306.0 {
		t.Errorf("jsonData = %v", ds["jsonData"])
	}
	meta := ds["meta"].(map[string]any)
	for k, want := range map[string]any{
		"id": testDSID, "type": "datasource", "name": "Test Ledger", "module": "public/plugins/test-datasource/module.js",
		"baseUrl": "public/plugins/test-datasource", "backend": true, "alerting": true, "annotations": false, "metrics": false,
	} {
		if meta[k] != want {
			t.Errorf("meta.%s = %v, want %v", k, meta[k], want)
		}
	}
	if get(meta, "info", "logos", "small") != "public/plugins/test-datasource/img/ds.svg" {
		t.Errorf("meta.info = %v", meta["info"])
	}
	if get(s, "datasources", "second", "isDefault") != true {
		t.Error("second is not marked default")
	}
	if strings.Contains(mustJSON(t, bd), "s3cret") {
		t.Error("secrets reached the page")
	}

	// Another user, another boot data: an Admin holds the Admin grants.
	bd, _ = th.page(t, "/a/test-app/audit", asAdmin)
	perms = get(bd, "user", "permissions").(map[string]any)
	if get(bd, "user", "orgRole") != "Admin" || perms["test-app.audit:read"] != true || perms["plugins:write"] != true {
		t.Errorf("admin user = %v", bd["user"])
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPageErrors(t *testing.T) {
	t.Run("bad role", func(t *testing.T) {
		th := newTestHost(t, testHostOptions{shell: true})
		rec := th.do(t, http.MethodGet, "/a/test-app/cost", "", user{cookie: &cookieUser{Role: "Owner"}}, nil)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `\"Owner\"`) {
			t.Fatalf("%d %s", rec.Code, rec.Body.String())
		}
	})
	t.Run("no shell", func(t *testing.T) {
		th := newTestHost(t, testHostOptions{})
		if rec := th.do(t, http.MethodGet, "/a/test-app/cost", "", asDefault, nil); rec.Code != http.StatusNotFound {
			t.Fatalf("%d %s", rec.Code, rec.Body.String())
		}
	})
	t.Run("marker removed after start", func(t *testing.T) {
		th := newTestHost(t, testHostOptions{shell: true})
		writeFile(t, filepath.Join(th.shellDir, "index.html"), "<html></html>", 0o644)
		if rec := th.do(t, http.MethodGet, "/a/test-app/cost", "", asDefault, nil); rec.Code != http.StatusInternalServerError {
			t.Fatalf("%d %s", rec.Code, rec.Body.String())
		}
	})
	t.Run("start-up refuses a shell without marker", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "index.html"), "<html></html>", 0o644)
		if err := checkShell(dir); err == nil || !strings.Contains(err.Error(), "no <!-- BOOT_DATA --> marker") {
			t.Fatalf("error = %v", err)
		}
		if err := checkShell(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
			t.Fatalf("error = %v", err)
		}
	})
}
