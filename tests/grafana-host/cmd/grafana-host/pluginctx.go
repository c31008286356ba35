package main

import (
	"fmt"
	"net/http"
	"runtime"
	"strconv"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/useragent"
	"github.com/grafana/grafana-plugin-sdk-go/config"
)

// signedInUser is the Grafana user a request acts as, taken from X-Test-*
// headers (the host has no auth of its own).
type signedInUser struct {
	User  *backend.User
	OrgID int64
}

func userFromRequest(r *http.Request) (signedInUser, error) {
	u := signedInUser{User: &backend.User{
		Login: headerOr(r, "X-Test-User-Login", "admin"),
		Name:  r.Header.Get("X-Test-User-Name"),
		Email: headerOr(r, "X-Test-User-Email", "admin@localhost"),
		Role:  headerOr(r, "X-Test-User-Role", "Admin"),
	}, OrgID: 1}
	switch u.User.Role {
	case "Viewer", "Editor", "Admin", "None":
	default:
		return u, fmt.Errorf("invalid X-Test-User-Role %q (want Viewer|Editor|Admin|None)", u.User.Role)
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

func headerOr(r *http.Request, name, def string) string {
	if v := r.Header.Get(name); v != "" {
		return v
	}
	return def
}

// grafanaConfig is the map Grafana sends as PluginContext.grafanaConfig.
// GF_APP_URL ends with "/" because Grafana normalises root_url that way.
func (h *host) grafanaConfig() *config.GrafanaCfg {
	return config.NewGrafanaCfg(map[string]string{
		config.AppURL:                           h.url + "/",
		config.ConcurrentQueryCount:             "4",
		config.UserFacingDefaultError:           "Please inspect the Grafana server log for details.",
		config.SQLRowLimit:                      "1000000",
		config.SQLMaxOpenConnsDefault:           "100",
		config.SQLMaxIdleConnsDefault:           "100",
		config.SQLMaxConnLifetimeSecondsDefault: "14400",
	})
}

var hostUserAgent = func() *useragent.UserAgent {
	ua, err := useragent.New(grafanaVersion, runtime.GOOS, runtime.GOARCH)
	if err != nil {
		panic(err)
	}
	return ua
}()

// dsSettings converts a provisioned datasource to the SDK settings type.
func dsSettings(ds *datasource) *backend.DataSourceInstanceSettings {
	return &backend.DataSourceInstanceSettings{
		ID:                      ds.ID,
		UID:                     ds.UID,
		Name:                    ds.Name,
		URL:                     ds.URL,
		User:                    ds.User,
		Database:                ds.Database,
		BasicAuthEnabled:        ds.BasicAuth,
		BasicAuthUser:           ds.BasicAuthUser,
		JSONData:                ds.JSONData,
		DecryptedSecureJSONData: ds.SecureJSONData,
		Updated:                 ds.Updated,
	}
}

// pluginContext builds the PluginContext Grafana attaches to a datasource
// request. ds may be nil (e.g. CollectMetrics), u.User may be nil.
func (h *host) pluginContext(p *pluginProc, ds *datasource, u signedInUser) backend.PluginContext {
	pc := backend.PluginContext{
		OrgID:         u.OrgID,
		PluginID:      p.ID,
		PluginVersion: p.Version,
		User:          u.User,
		GrafanaConfig: h.grafanaConfig(),
		UserAgent:     hostUserAgent,
	}
	if ds != nil {
		pc.DataSourceInstanceSettings = dsSettings(ds)
	}
	return pc
}

// forwardedHeaders returns the QueryData/CheckHealth header map: the few
// HTTP headers Grafana's client middlewares forward, with the SDK's
// "http_" prefix, plus the unprefixed FromAlert marker.
func forwardedHeaders(r *http.Request) map[string]string {
	req := &backend.QueryDataRequest{Headers: map[string]string{}}
	for _, name := range []string{
		"Authorization", "X-Id-Token", "X-Grafana-Id", "X-Grafana-Org-Id",
		"X-Rule-Name", "X-Rule-Uid", "X-Rule-Folder", "X-Rule-Source",
		"X-Rule-Type", "X-Rule-Version", "X-Rule-Origin",
	} {
		if v := r.Header.Get(name); v != "" {
			req.SetHTTPHeader(name, v)
		}
	}
	if r.Header.Get("X-Grafana-Alerting") == "true" {
		req.Headers[backend.FromAlertHeaderName] = "true"
	}
	return req.Headers
}
