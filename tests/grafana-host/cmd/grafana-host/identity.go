package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// userCookie carries the signed-in user of a browser session: the pages
// cannot set X-Test-* headers on the requests the plugin's bundle makes
// (module imports, getBackendSrv calls), but the cookie goes along with all
// of them. Its value is URL-encoded JSON {"login","email","name","role"}.
const userCookie = "grafana_test_user"

// The user a request acts as when it names none: Grafana's default admin.
const (
	defaultLogin = "admin"
	defaultEmail = "admin@localhost"
	defaultRole  = "Admin"
)

// signedInUser is the Grafana user a request acts as (the host has no auth of
// its own).
type signedInUser struct {
	User  *backend.User
	OrgID int64
}

// cookieUser is the JSON inside the grafana_test_user cookie.
type cookieUser struct {
	Login string `json:"login"`
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  string `json:"role"`
}

// userFromRequest resolves the signed-in user of any request, page or API,
// from one source only, so a request never mixes two users:
//  1. the X-Test-User-{Login,Email,Name,Role} headers, if any is set (API
//     tests; fields they leave out take the defaults),
//  2. else the grafana_test_user cookie (browser pages and everything they
//     fetch),
//  3. else admin.
//
// An unknown role, or a cookie that cannot be read, is an error (400): a test
// that meant to act as a Viewer must never silently run as admin.
func userFromRequest(r *http.Request) (signedInUser, error) {
	var cu cookieUser
	source := "X-Test-User-Role"
	switch {
	case hasUserHeaders(r):
		cu = cookieUser{
			Login: r.Header.Get("X-Test-User-Login"),
			Email: r.Header.Get("X-Test-User-Email"),
			Name:  r.Header.Get("X-Test-User-Name"),
			Role:  r.Header.Get("X-Test-User-Role"),
		}
	default:
		var err error
		if cu, err = userFromCookie(r); err != nil {
			return signedInUser{}, err
		}
		source = "role in the " + userCookie + " cookie"
	}
	u := signedInUser{User: &backend.User{
		Login: or(cu.Login, defaultLogin),
		Name:  cu.Name,
		Email: or(cu.Email, defaultEmail),
		Role:  or(cu.Role, defaultRole),
	}, OrgID: 1}
	if !validRole(u.User.Role) {
		return u, fmt.Errorf("invalid %s %q (want Viewer|Editor|Admin|None)", source, u.User.Role)
	}
	if s := r.Header.Get("X-Test-Org-Id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id < 1 {
			return u, fmt.Errorf("invalid X-Test-Org-Id %q", s)
		}
		u.OrgID = id
	}
	return u, nil
}

func hasUserHeaders(r *http.Request) bool {
	for _, name := range []string{"X-Test-User-Login", "X-Test-User-Email", "X-Test-User-Name", "X-Test-User-Role"} {
		if r.Header.Get(name) != "" {
			return true
		}
	}
	return false
}

// userFromCookie returns the zero cookieUser when there is no cookie.
func userFromCookie(r *http.Request) (cookieUser, error) {
	var cu cookieUser
	c, err := r.Cookie(userCookie)
	if err != nil {
		// net/http drops cookie values it considers invalid (raw JSON has
		// quotes); that must not turn a Viewer session into admin.
		for _, line := range r.Header.Values("Cookie") {
			if strings.Contains(line, userCookie+"=") {
				return cu, fmt.Errorf("invalid %s cookie: its value must be URL-encoded JSON", userCookie)
			}
		}
		return cu, nil
	}
	// encodeURIComponent's inverse: PathUnescape keeps '+' as '+'.
	raw, err := url.PathUnescape(c.Value)
	if err != nil {
		return cu, fmt.Errorf("invalid %s cookie: %v", userCookie, err)
	}
	if err := json.Unmarshal([]byte(raw), &cu); err != nil {
		return cu, fmt.Errorf("invalid %s cookie: %v", userCookie, err)
	}
	return cu, nil
}

// validRole accepts Grafana's basic org roles.
func validRole(role string) bool {
	switch role {
	case "Viewer", "Editor", "Admin", "None":
		return true
	}
	return false
}

func or(v, def string) string {
	if v != "" {
		return v
	}
	return def
}
