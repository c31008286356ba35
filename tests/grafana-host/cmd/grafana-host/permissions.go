package main

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
)

// roleRegistration is one entry of a plugin.json "roles" array: a role with
// its permissions, and the basic roles it is granted to by default.
type roleRegistration struct {
	Role struct {
		Name        string `json:"name"`
		Description string `json:"description"`
		Permissions []struct {
			Action string `json:"action"`
			Scope  string `json:"scope,omitempty"`
		} `json:"permissions"`
	} `json:"role"`
	Grants []string `json:"grants"`
}

// Actions of Grafana's own that the host grants, beside the plugins' roles:
// everyone may read datasources; Admins may change datasources and plugin
// settings (what PUT /api/datasources/uid/… and POST /api/plugins/…/settings
// check, as Grafana does).
const (
	actionDatasourcesRead  = "datasources:read"
	actionDatasourcesWrite = "datasources:write"
	actionPluginsWrite     = "plugins:write"
)

// basicRoles are Grafana's org roles from least to most privileged.
var basicRoles = []string{"None", "Viewer", "Editor", "Admin"}

// grafanaAdmin is the server-admin pseudo basic role plugins may grant to.
// Users of this host are never server admins, so such grants reach nobody.
const grafanaAdmin = "Grafana Admin"

// rolesWithParents mirrors Grafana's accesscontrol.BuiltInRolesWithParents:
// a grant to a basic role also reaches every role above it (None < Viewer <
// Editor < Admin). "Grafana Admin" has no parents.
func rolesWithParents(grants []string) ([]string, error) {
	out := map[string]bool{}
	for _, g := range grants {
		if g == grafanaAdmin {
			out[g] = true
			continue
		}
		i := slices.Index(basicRoles, g)
		if i < 0 {
			return nil, fmt.Errorf("unknown basic role %q in grants (want None|Viewer|Editor|Admin|Grafana Admin)", g)
		}
		for _, r := range basicRoles[i:] {
			out[r] = true
		}
	}
	return slices.Sorted(maps.Keys(out)), nil
}

// grantTable is the set of actions each basic role holds.
type grantTable map[string]map[string]bool

// newGrantTable collects the role registrations of every plugin (in Grafana
// only apps may declare roles) plus the host's own grants.
func newGrantTable(metas []*pluginMeta) (grantTable, error) {
	t := grantTable{}
	for _, r := range append(slices.Clone(basicRoles), grafanaAdmin) {
		t[r] = map[string]bool{}
	}
	grant := func(roles []string, actions ...string) {
		for _, r := range roles {
			for _, a := range actions {
				t[r][a] = true
			}
		}
	}
	grant(basicRoles, actionDatasourcesRead)
	grant([]string{"Admin"}, actionDatasourcesWrite, actionPluginsWrite)
	for _, m := range metas {
		for _, reg := range m.Roles {
			roles, err := rolesWithParents(reg.Grants)
			if err != nil {
				return nil, fmt.Errorf("plugin %q role %q: %w", m.ID, reg.Role.Name, err)
			}
			for _, p := range reg.Role.Permissions {
				if p.Action == "" {
					return nil, fmt.Errorf("plugin %q role %q: a permission without an action", m.ID, reg.Role.Name)
				}
				grant(roles, p.Action)
			}
		}
	}
	return t, nil
}

// permissions is the bootData user.permissions map of a basic role: every
// action it holds, true (Grafana sends the actions without their scopes).
func (t grantTable) permissions(role string) map[string]bool {
	return maps.Clone(t[role])
}

func (t grantTable) allows(u signedInUser, action string) bool {
	return u.User != nil && t[u.User.Role][action]
}

// require answers 403 the way Grafana's access-control middleware does when
// the user lacks action, and reports whether the request may go on.
func (t grantTable) require(w http.ResponseWriter, u signedInUser, action string) bool {
	if t.allows(u, action) {
		return true
	}
	writeJSON(w, http.StatusForbidden, map[string]string{
		"title":   "Access denied",
		"message": "You'll need additional permissions to perform this action. Permissions needed: " + action,
	})
	return false
}
