package main

import (
	"net/http"
	"runtime"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/useragent"
	"github.com/grafana/grafana-plugin-sdk-go/config"
)

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
