package main

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRolesWithParents(t *testing.T) {
	tests := []struct {
		grants  []string
		want    []string
		wantErr string
	}{
		{grants: []string{"Viewer"}, want: []string{"Admin", "Editor", "Viewer"}},
		{grants: []string{"Editor"}, want: []string{"Admin", "Editor"}},
		{grants: []string{"Admin"}, want: []string{"Admin"}},
		{grants: []string{"None"}, want: []string{"Admin", "Editor", "None", "Viewer"}},
		{grants: []string{"Grafana Admin"}, want: []string{"Grafana Admin"}},
		{grants: []string{"Admin", "Viewer"}, want: []string{"Admin", "Editor", "Viewer"}},
		{grants: nil, want: []string{}},
		{grants: []string{"viewer"}, wantErr: `unknown basic role "viewer"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.grants, ","), func(t *testing.T) {
			got, err := rolesWithParents(tt.grants)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// The fixture app's roles (helpers_test.go) granted per basic role, read
// from its plugin.json through discovery, like serve does.
func TestGrantsFromPluginJSONRoles(t *testing.T) {
	metas, err := discoverPlugins(testPluginsDir(t))
	if err != nil {
		t.Fatal(err)
	}
	grants, err := newGrantTable(metas)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		role string
		want []string
	}{
		{"None", []string{"datasources:read", "test-app.help:read"}},
		{"Viewer", []string{"datasources:read", "test-app.cost:read", "test-app.help:read"}},
		{"Editor", []string{"datasources:read", "test-app.cost:read", "test-app.help:read", "test-app.notes:write"}},
		{"Admin", []string{
			"datasources:read", "datasources:write", "plugins:write",
			"test-app.audit:read", "test-app.cost:read", "test-app.help:read", "test-app.notes:write", "test-app.pii:read",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.role, func(t *testing.T) {
			perms := grants.permissions(tt.role)
			got := slices.Sorted(maps.Keys(perms))
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Fatalf("permissions = %v, want %v", got, want)
			}
			for _, v := range perms {
				if !v {
					t.Fatal("every listed permission is true")
				}
			}
			// The map handed out is a copy.
			perms["x:y"] = true
			if grants.permissions(tt.role)["x:y"] {
				t.Fatal("permissions() leaked the table")
			}
		})
	}
}

func TestGrantsRejectBadRoleRegistrations(t *testing.T) {
	tests := []struct {
		name, pluginJSON, wantErr string
	}{
		{
			name:       "unknown basic role",
			pluginJSON: `{"id":"a-app","type":"app","roles":[{"role":{"name":"R","permissions":[{"action":"a-app.x:read"}]},"grants":["Owner"]}]}`,
			wantErr:    `plugin "a-app" role "R": unknown basic role "Owner"`,
		},
		{
			name:       "permission without action",
			pluginJSON: `{"id":"a-app","type":"app","roles":[{"role":{"name":"R","permissions":[{"scope":"x"}]},"grants":["Viewer"]}]}`,
			wantErr:    "a permission without an action",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "plugin.json"), tt.pluginJSON, 0o644)
			metas, err := discoverPlugins(dir)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := newGrantTable(metas); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestDiscoveryFindsAppAndNestedBackend(t *testing.T) {
	dist := testPluginsDir(t)
	metas, err := discoverPlugins(dist)
	if err != nil {
		t.Fatal(err)
	}
	if len(metas) != 2 {
		t.Fatalf("found %d plugins, want 2", len(metas))
	}
	app, ds := metas[0], metas[1]
	if app.ID != testAppID || app.Backend || app.Executable != "" || app.Dir != dist || len(app.Roles) != 5 {
		t.Fatalf("app = %+v", app)
	}
	if ds.ID != testDSID || !ds.Backend || ds.Dir != filepath.Join(dist, "datasource") ||
		ds.Executable != filepath.Join(dist, "datasource", "gpx_test"+executableSuffix()) || ds.Version != "1.2.3" {
		t.Fatalf("datasource = %+v", ds)
	}
}
