package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestUserFromRequest(t *testing.T) {
	viewerCookie := cookieValue(cookieUser{Login: "vera", Email: "vera@example.com", Name: "Vera", Role: "Viewer"})
	tests := []struct {
		name    string
		headers map[string]string
		cookie  string // raw Cookie header
		want    cookieUser
		orgID   int64
		wantErr string
	}{
		{
			name: "nothing: admin",
			want: cookieUser{Login: "admin", Email: "admin@localhost", Role: "Admin"}, orgID: 1,
		},
		{
			name:   "cookie",
			cookie: userCookie + "=" + viewerCookie,
			want:   cookieUser{Login: "vera", Email: "vera@example.com", Name: "Vera", Role: "Viewer"}, orgID: 1,
		},
		{
			name:   "cookie among others",
			cookie: "theme=dark; " + userCookie + "=" + viewerCookie + "; other=1",
			want:   cookieUser{Login: "vera", Email: "vera@example.com", Name: "Vera", Role: "Viewer"}, orgID: 1,
		},
		{
			name:   "cookie with only a role: defaults fill in",
			cookie: userCookie + "=" + cookieValue(cookieUser{Role: "Editor"}),
			want:   cookieUser{Login: "admin", Email: "admin@localhost", Role: "Editor"}, orgID: 1,
		},
		{
			name:   "cookie keeps a literal plus sign",
			cookie: userCookie + "=" + cookieValue(cookieUser{Login: "a+b", Email: "a+b@example.com", Role: "Viewer"}),
			want:   cookieUser{Login: "a+b", Email: "a+b@example.com", Role: "Viewer"}, orgID: 1,
		},
		{
			name:    "headers",
			headers: map[string]string{"X-Test-User-Login": "ed", "X-Test-User-Email": "ed@example.com", "X-Test-User-Name": "Ed", "X-Test-User-Role": "Editor"},
			want:    cookieUser{Login: "ed", Email: "ed@example.com", Name: "Ed", Role: "Editor"}, orgID: 1,
		},
		{
			name:    "headers win over the cookie, whole user (no mixing)",
			headers: map[string]string{"X-Test-User-Role": "Admin"},
			cookie:  userCookie + "=" + viewerCookie,
			want:    cookieUser{Login: "admin", Email: "admin@localhost", Role: "Admin"}, orgID: 1,
		},
		{
			name:    "a login header alone also wins",
			headers: map[string]string{"X-Test-User-Login": "hal"},
			cookie:  userCookie + "=" + viewerCookie,
			want:    cookieUser{Login: "hal", Email: "admin@localhost", Role: "Admin"}, orgID: 1,
		},
		{
			name:    "org header",
			headers: map[string]string{"X-Test-Org-Id": "2"},
			cookie:  userCookie + "=" + viewerCookie,
			want:    cookieUser{Login: "vera", Email: "vera@example.com", Name: "Vera", Role: "Viewer"}, orgID: 2,
		},
		{
			name:    "role None is a role",
			headers: map[string]string{"X-Test-User-Role": "None"},
			want:    cookieUser{Login: "admin", Email: "admin@localhost", Role: "None"}, orgID: 1,
		},
		{
			name:    "bad header role",
			headers: map[string]string{"X-Test-User-Role": "Superuser"},
			wantErr: `invalid X-Test-User-Role "Superuser"`,
		},
		{
			name:    "bad cookie role",
			cookie:  userCookie + "=" + cookieValue(cookieUser{Login: "x", Role: "viewer"}),
			wantErr: `invalid role in the grafana_test_user cookie "viewer"`,
		},
		{
			name:    "cookie that is not JSON",
			cookie:  userCookie + "=%7Bnope",
			wantErr: "invalid grafana_test_user cookie",
		},
		{
			name:    "raw JSON cookie (net/http drops it) is refused, not admin",
			cookie:  userCookie + `={"login":"vera","role":"Viewer"}`,
			wantErr: "must be URL-encoded JSON",
		},
		{
			name:    "bad org",
			headers: map[string]string{"X-Test-Org-Id": "0"},
			wantErr: `invalid X-Test-Org-Id "0"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/api/datasources", nil)
			for k, v := range tt.headers {
				r.Header.Set(k, v)
			}
			if tt.cookie != "" {
				r.Header.Set("Cookie", tt.cookie)
			}
			u, err := userFromRequest(r)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := cookieUser{Login: u.User.Login, Email: u.User.Email, Name: u.User.Name, Role: u.User.Role}
			if got != tt.want || u.OrgID != tt.orgID {
				t.Fatalf("user = %+v org %d, want %+v org %d", got, u.OrgID, tt.want, tt.orgID)
			}
		})
	}
}

// The plugin must see the cookie's user in PluginContext.User on every API
// path, and a bad role must stop the request before the plugin is called.
func TestPluginContextUserComesFromTheSameResolution(t *testing.T) {
	th := newTestHost(t, testHostOptions{})
	query := `{"from":"1700000000000","to":"1700000060000","queries":[{"refId":"A","datasource":{"uid":"ds-one"}}]}`
	tests := []struct {
		name     string
		as       user
		code     int
		login    string
		role     string
		pluginGo bool
	}{
		{"cookie viewer", asViewer, http.StatusOK, "vera", "Viewer", true},
		{"default admin", asDefault, http.StatusOK, "admin", "Admin", true},
		{"headers over cookie", user{headers: map[string]string{"X-Test-User-Login": "ed", "X-Test-User-Role": "Editor"}, cookie: asViewer.cookie}, http.StatusOK, "ed", "Editor", true},
		{"bad role", user{cookie: &cookieUser{Role: "Root"}}, http.StatusBadRequest, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(th.data.got)
			rec := th.do(t, http.MethodPost, "/api/ds/query", query, tt.as, nil)
			if rec.Code != tt.code {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.code, rec.Body.String())
			}
			if !tt.pluginGo {
				if len(th.data.got) != before {
					t.Fatal("the plugin was called despite the bad role")
				}
				if !strings.Contains(rec.Body.String(), `\"Root\"`) {
					t.Fatalf("the 400 does not name the role: %s", rec.Body.String())
				}
				return
			}
			pu := th.data.last(t).PluginContext.User
			if pu.Login != tt.login || pu.Role != tt.role {
				t.Fatalf("PluginContext.User = %s/%s, want %s/%s", pu.Login, pu.Role, tt.login, tt.role)
			}
		})
	}
	// CheckHealth goes through the same resolution.
	if rec := th.do(t, http.MethodGet, "/api/datasources/uid/ds-one/health", "", asViewer, nil); rec.Code != http.StatusOK {
		t.Fatalf("health: %d %s", rec.Code, rec.Body.String())
	}
	if u := th.diag.got[len(th.diag.got)-1].PluginContext.User; u.Login != "vera" || u.Role != "Viewer" {
		t.Fatalf("CheckHealth user = %s/%s", u.Login, u.Role)
	}
}
