package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestGetDatasource(t *testing.T) {
	th := newTestHost(t, testHostOptions{})
	var dto map[string]any
	if rec := th.do(t, http.MethodGet, "/api/datasources/uid/ds-two", "", asViewer, &dto); rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	for k, want := range map[string]any{
		"id": 2.0, "uid": "ds-two", "orgId": 1.0, "name": "second", "type": testDSID, "typeName": "Test Ledger",
		"typeLogoUrl": "public/plugins/test-datasource/img/ds.svg", "access": "proxy", "url": "http://db2",
		"user": "", "database": "", "basicAuth": false, "withCredentials": false, "isDefault": true,
		"version": 1.0, "readOnly": false,
	} {
		if dto[k] != want {
			t.Errorf("%s = %v, want %v", k, dto[k], want)
		}
	}
	if get(dto, "secureJsonFields", "password") != true || get(dto, "secureJsonFields", "token") != true {
		t.Errorf("secureJsonFields = %v", dto["secureJsonFields"])
	}
	if strings.Contains(mustJSON(t, dto), "s3cret") {
		t.Error("a secret left the host")
	}
	if rec := th.do(t, http.MethodGet, "/api/datasources/uid/nope", "", asViewer, nil); rec.Code != http.StatusNotFound {
		t.Errorf("unknown uid: %d", rec.Code)
	}
	// Org 2 has no datasources.
	if rec := th.do(t, http.MethodGet, "/api/datasources/uid/ds-two", "", user{headers: map[string]string{"X-Test-Org-Id": "2"}}, nil); rec.Code != http.StatusNotFound {
		t.Errorf("other org: %d", rec.Code)
	}

	var list []map[string]any
	if rec := th.do(t, http.MethodGet, "/api/datasources", "", asViewer, &list); rec.Code != http.StatusOK || len(list) != 2 {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	if list[0]["uid"] != "ds-one" || list[1]["uid"] != "ds-two" || list[1]["isDefault"] != true || list[0]["typeName"] != "Test Ledger" {
		t.Errorf("list = %v", list)
	}
	if strings.Contains(mustJSON(t, list), "s3cret") || strings.Contains(mustJSON(t, list), "secureJson") {
		t.Error("the list carries secrets")
	}
}

func TestPutDatasourcePermissions(t *testing.T) {
	const body = `{"jsonData":{"host":"db9"}}`
	tests := []struct {
		name string
		as   user
		code int
	}{
		{"viewer", asViewer, http.StatusForbidden},
		{"editor", asEditor, http.StatusForbidden},
		{"none by header", user{headers: map[string]string{"X-Test-User-Role": "None"}}, http.StatusForbidden},
		{"bad role", user{cookie: &cookieUser{Role: "Boss"}}, http.StatusBadRequest},
		{"admin", asAdmin, http.StatusOK},
		{"default user (admin)", asDefault, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, testHostOptions{})
			before := th.store.get("ds-one", 1)
			var out map[string]any
			rec := th.do(t, http.MethodPut, "/api/datasources/uid/ds-one", body, tt.as, &out)
			if rec.Code != tt.code {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.code, rec.Body.String())
			}
			after := th.store.get("ds-one", 1)
			if tt.code != http.StatusOK {
				if after != before {
					t.Fatal("a refused PUT changed the datasource")
				}
				if tt.code == http.StatusForbidden && !strings.Contains(out["message"].(string), "datasources:write") {
					t.Fatalf("403 message = %v", out)
				}
				return
			}
			if out["message"] != "Datasource updated" || out["id"] != 1.0 || out["name"] != "first" ||
				get(out, "datasource", "version") != 2.0 || get(out, "datasource", "jsonData", "host") != "db9" {
				t.Fatalf("answer = %v", out)
			}
		})
	}
}

// A PUT reaches the plugin on its next call: new jsonData and merged secrets
// in DataSourceInstanceSettings, and a later lastUpdatedMS, which is what
// makes the plugin's instance manager (pkg/instances) build a new instance.
func TestPutDatasourceReachesTheNextPluginCall(t *testing.T) {
	th := newTestHost(t, testHostOptions{})
	query := `{"queries":[{"refId":"A","datasource":{"uid":"ds-two"}}]}`
	settingsOfNextCall := func() (jsonData map[string]any, secrets map[string]string, updated int64, url string) {
		t.Helper()
		if rec := th.do(t, http.MethodPost, "/api/ds/query", query, asViewer, nil); rec.Code != http.StatusOK {
			t.Fatalf("query: %d %s", rec.Code, rec.Body.String())
		}
		s := th.data.last(t).PluginContext.DataSourceInstanceSettings
		if err := json.Unmarshal(s.JsonData, &jsonData); err != nil {
			t.Fatal(err)
		}
		return jsonData, s.DecryptedSecureJsonData, s.LastUpdatedMS, s.Url
	}
	one0 := th.store.get("ds-one", 1).Updated
	_, secrets0, updated0, _ := settingsOfNextCall()
	if secrets0["password"] != "s3cret-two" {
		t.Fatalf("secrets before = %v", secrets0)
	}

	steps := []struct {
		name        string
		body        string
		wantJSON    string
		wantSecrets map[string]string
		wantURL     string
		wantVersion float64
		wantFields  map[string]any
	}{
		{
			name:     "replace jsonData, change one secret, keep the other",
			body:     `{"version":1,"jsonData":{"host":"db9","port":3307},"secureJsonData":{"password":"new"}}`,
			wantJSON: `{"host":"db9","port":3307}`, wantURL: "http://db2", wantVersion: 2,
			wantSecrets: map[string]string{"password": "new", "token": "s3cret-token"},
			wantFields:  map[string]any{"password": true, "token": true},
		},
		{
			name:     "empty a secret, change url, no jsonData keeps it",
			body:     `{"url":"http://db3","secureJsonData":{"token":""}}`,
			wantJSON: `{"host":"db9","port":3307}`, wantURL: "http://db3", wantVersion: 3,
			wantSecrets: map[string]string{"password": "new", "token": ""},
			wantFields:  map[string]any{"password": true},
		},
		{
			// Two saves in the same millisecond must still look new to the plugin.
			name:     "same settings again, immediately",
			body:     `{"jsonData":{"host":"db9","port":3307}}`,
			wantJSON: `{"host":"db9","port":3307}`, wantURL: "http://db3", wantVersion: 4,
			wantSecrets: map[string]string{"password": "new", "token": ""},
			wantFields:  map[string]any{"password": true},
		},
	}
	prevUpdated := updated0
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			var out map[string]any
			if rec := th.do(t, http.MethodPut, "/api/datasources/uid/ds-two", st.body, asAdmin, &out); rec.Code != http.StatusOK {
				t.Fatalf("PUT: %d %s", rec.Code, rec.Body.String())
			}
			if get(out, "datasource", "version") != st.wantVersion {
				t.Fatalf("version = %v", get(out, "datasource", "version"))
			}
			if fields := get(out, "datasource", "secureJsonFields").(map[string]any); mustJSON(t, fields) != mustJSON(t, st.wantFields) {
				t.Fatalf("secureJsonFields = %v", fields)
			}
			if strings.Contains(mustJSON(t, out), "s3cret") || strings.Contains(mustJSON(t, out), `"new"`) {
				t.Fatal("the answer carries secrets")
			}
			jd, secrets, updated, url := settingsOfNextCall()
			if mustJSON(t, jd) != st.wantJSON || url != st.wantURL {
				t.Fatalf("plugin got jsonData %v url %s", jd, url)
			}
			if mustJSON(t, secrets) != mustJSON(t, st.wantSecrets) {
				t.Fatalf("plugin got secrets %v", secrets)
			}
			if updated <= prevUpdated {
				t.Fatalf("lastUpdatedMS %d did not move past %d", updated, prevUpdated)
			}
			prevUpdated = updated
			// GET answers what was saved.
			var dto map[string]any
			th.do(t, http.MethodGet, "/api/datasources/uid/ds-two", "", asViewer, &dto)
			if dto["version"] != st.wantVersion || dto["url"] != st.wantURL {
				t.Fatalf("GET after PUT = %v", dto)
			}
		})
	}

	// CheckHealth sees the same settings.
	th.do(t, http.MethodGet, "/api/datasources/uid/ds-two/health", "", asAdmin, nil)
	if s := th.diag.got[len(th.diag.got)-1].PluginContext.DataSourceInstanceSettings; s.LastUpdatedMS != prevUpdated || string(s.JsonData) != `{"host":"db9","port":3307}` {
		t.Fatalf("CheckHealth settings = %v", s)
	}
	// The other datasource did not move.
	if other := th.store.get("ds-one", 1); other.Version != 1 || !other.Updated.Equal(one0) {
		t.Fatalf("ds-one changed: %+v", other)
	}
}

func TestPutDatasourceConflictsAndValidation(t *testing.T) {
	tests := []struct {
		name string
		uid  string
		body string
		code int
		msg  string
	}{
		{"stale version", "ds-one", `{"version":0}`, http.StatusOK, ""}, // 0 = no check
		{"older version than stored", "ds-one", `{"version":1}`, http.StatusConflict, "already been updated"},
		{"duplicate name", "ds-one", `{"name":"second"}`, http.StatusConflict, "same name"},
		{"empty name", "ds-one", `{"name":" "}`, http.StatusBadRequest, "name is required"},
		{"jsonData not an object", "ds-one", `{"jsonData":"x"}`, http.StatusBadRequest, "jsonData must be a JSON object"},
		{"unknown uid", "nope", `{}`, http.StatusNotFound, "Data source not found"},
		{"not JSON", "ds-one", `{`, http.StatusBadRequest, "bad request data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, testHostOptions{})
			// Version 1 → 2 first, so a sender holding version 1 is stale.
			if rec := th.do(t, http.MethodPut, "/api/datasources/uid/ds-one", `{"version":1}`, asAdmin, nil); rec.Code != http.StatusOK {
				t.Fatal(rec.Body.String())
			}
			var out map[string]any
			rec := th.do(t, http.MethodPut, "/api/datasources/uid/"+tt.uid, tt.body, asAdmin, &out)
			if rec.Code != tt.code {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.code, rec.Body.String())
			}
			if tt.msg != "" && !strings.Contains(out["message"].(string), tt.msg) {
				t.Fatalf("message = %v", out["message"])
			}
		})
	}
}

// A new default unmarks the old one, in the API and in the boot data.
func TestPutDatasourceMovesTheDefault(t *testing.T) {
	th := newTestHost(t, testHostOptions{shell: true})
	if rec := th.do(t, http.MethodPut, "/api/datasources/uid/ds-one", `{"isDefault":true}`, asAdmin, nil); rec.Code != http.StatusOK {
		t.Fatal(rec.Body.String())
	}
	if !th.store.get("ds-one", 1).IsDefault || th.store.get("ds-two", 1).IsDefault {
		t.Fatal("default not moved")
	}
	bd, _ := th.page(t, "/a/test-app/cost", asViewer)
	if get(bd, "settings", "defaultDatasource") != "first" || get(bd, "settings", "datasources", "second", "isDefault") != false {
		t.Fatalf("boot data = %v", get(bd, "settings"))
	}
}

func TestProvisioningDefaults(t *testing.T) {
	tests := []struct {
		name, yaml, wantDefault, wantErr string
	}{
		{
			name:        "first is default when none is marked",
			yaml:        "datasources:\n  - {uid: a, type: t}\n  - {uid: b, type: t}\n",
			wantDefault: "a",
		},
		{
			name:        "marked one",
			yaml:        "datasources:\n  - {uid: a, type: t}\n  - {uid: b, type: t, isDefault: true}\n",
			wantDefault: "b",
		},
		{
			name:    "two marked",
			yaml:    "datasources:\n  - {uid: a, type: t, isDefault: true}\n  - {uid: b, type: t, isDefault: true}\n",
			wantErr: "only one datasource per organization",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := t.TempDir() + "/ds.yaml"
			writeFile(t, path, tt.yaml, 0o644)
			s := &dsStore{path: path}
			err := s.load()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, ds := range s.inOrg(1) {
				if ds.IsDefault != (ds.UID == tt.wantDefault) || ds.Version != 1 {
					t.Fatalf("%s: isDefault %v version %d", ds.UID, ds.IsDefault, ds.Version)
				}
			}
		})
	}
}
