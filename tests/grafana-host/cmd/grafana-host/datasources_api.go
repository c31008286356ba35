package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// Grafana's datasource CRUD API, the part the datasource's ConfigEditor and
// "Save & test" use: GET /api/datasources, GET/PUT /api/datasources/uid/{uid}.
// Datasources come from provisioning; unlike Grafana's provisioned ones they
// are not read-only, so a browser test can edit them. A PUT swaps in a new
// copy with a later Updated time, which is what makes the plugin build a
// fresh instance on its next call (see dsStore.update).

// dataSourceDTO is Grafana's dtos.DataSource (GET/PUT /api/datasources/uid/…).
// Secrets never leave the host: secureJsonFields only says which are set.
type dataSourceDTO struct {
	ID               int64           `json:"id"`
	UID              string          `json:"uid"`
	OrgID            int64           `json:"orgId"`
	Name             string          `json:"name"`
	Type             string          `json:"type"`
	TypeName         string          `json:"typeName"`
	TypeLogoURL      string          `json:"typeLogoUrl"`
	Access           string          `json:"access"`
	URL              string          `json:"url"`
	User             string          `json:"user"`
	Database         string          `json:"database"`
	BasicAuth        bool            `json:"basicAuth"`
	BasicAuthUser    string          `json:"basicAuthUser"`
	WithCredentials  bool            `json:"withCredentials"`
	IsDefault        bool            `json:"isDefault"`
	JSONData         json.RawMessage `json:"jsonData"`
	SecureJSONFields map[string]bool `json:"secureJsonFields"`
	Version          int             `json:"version"`
	ReadOnly         bool            `json:"readOnly"`
}

// dataSourceListItem is Grafana's dtos.DataSourceListItemDTO (GET /api/datasources).
type dataSourceListItem struct {
	ID          int64           `json:"id"`
	UID         string          `json:"uid"`
	OrgID       int64           `json:"orgId"`
	Name        string          `json:"name"`
	Type        string          `json:"type"`
	TypeName    string          `json:"typeName"`
	TypeLogoURL string          `json:"typeLogoUrl"`
	Access      string          `json:"access"`
	URL         string          `json:"url"`
	User        string          `json:"user"`
	Database    string          `json:"database"`
	BasicAuth   bool            `json:"basicAuth"`
	IsDefault   bool            `json:"isDefault"`
	JSONData    json.RawMessage `json:"jsonData"`
	ReadOnly    bool            `json:"readOnly"`
}

// typeInfo is the plugin name and logo a datasource DTO shows for its type.
func (h *host) typeInfo(dsType string) (name, logo string) {
	if m := h.metaOf(dsType); m != nil {
		return m.Name, m.logoURL()
	}
	return dsType, ""
}

func (h *host) dataSourceDTO(ds *datasource) dataSourceDTO {
	name, logo := h.typeInfo(ds.Type)
	return dataSourceDTO{
		ID: ds.ID, UID: ds.UID, OrgID: ds.OrgID, Name: ds.Name, Type: ds.Type,
		TypeName: name, TypeLogoURL: logo, Access: "proxy", URL: ds.URL, User: ds.User,
		Database: ds.Database, BasicAuth: ds.BasicAuth, BasicAuthUser: ds.BasicAuthUser,
		IsDefault: ds.IsDefault, JSONData: ds.JSONData, SecureJSONFields: secureJSONFields(ds.SecureJSONData),
		Version: ds.Version,
	}
}

// handleListDatasources is GET /api/datasources: the user's org, by name.
func (h *host) handleListDatasources(w http.ResponseWriter, r *http.Request) {
	u, err := userFromRequest(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, msg(err.Error()))
		return
	}
	if !h.grants.require(w, u, actionDatasourcesRead) {
		return
	}
	out := []dataSourceListItem{}
	for _, ds := range h.store.inOrg(u.OrgID) {
		name, logo := h.typeInfo(ds.Type)
		out = append(out, dataSourceListItem{
			ID: ds.ID, UID: ds.UID, OrgID: ds.OrgID, Name: ds.Name, Type: ds.Type, TypeName: name,
			TypeLogoURL: logo, Access: "proxy", URL: ds.URL, User: ds.User, Database: ds.Database,
			BasicAuth: ds.BasicAuth, IsDefault: ds.IsDefault, JSONData: ds.JSONData,
		})
	}
	slices.SortStableFunc(out, func(a, b dataSourceListItem) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	writeJSON(w, http.StatusOK, out)
}

// handleGetDatasource is GET /api/datasources/uid/{uid}.
func (h *host) handleGetDatasource(w http.ResponseWriter, r *http.Request) {
	u, err := userFromRequest(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, msg(err.Error()))
		return
	}
	if !h.grants.require(w, u, actionDatasourcesRead) {
		return
	}
	ds := h.store.get(r.PathValue("uid"), u.OrgID)
	if ds == nil {
		writeJSON(w, http.StatusNotFound, msg("Data source not found"))
		return
	}
	writeJSON(w, http.StatusOK, h.dataSourceDTO(ds))
}

// dataSourceUpdate is the PUT body: Grafana's DTO (what the ConfigEditor
// edits) plus secureJsonData. Fields left out keep their value; id, uid,
// type, orgId, access and readOnly cannot be changed here.
type dataSourceUpdate struct {
	Name           *string           `json:"name"`
	URL            *string           `json:"url"`
	User           *string           `json:"user"`
	Database       *string           `json:"database"`
	BasicAuth      *bool             `json:"basicAuth"`
	BasicAuthUser  *string           `json:"basicAuthUser"`
	IsDefault      *bool             `json:"isDefault"`
	JSONData       json.RawMessage   `json:"jsonData"`
	SecureJSONData map[string]string `json:"secureJsonData"`
	Version        int               `json:"version"`
}

var (
	errDatasourceNotFound = errors.New("Data source not found")
	errDuplicateName      = errors.New("data source with the same name already exists")
	errOldVersion         = errors.New("Datasource has already been updated by someone else. Please reload and try again")
)

// apply writes the update onto ds (a private copy). jsonData is replaced
// when sent; secrets are merged as Grafana merges them: keys not sent keep
// their value, a key sent as "" is emptied (and no longer listed in
// secureJsonFields).
func (u dataSourceUpdate) apply(ds *datasource) error {
	if u.Name != nil && strings.TrimSpace(*u.Name) == "" {
		return errors.New("name is required")
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&ds.Name, u.Name)
	set(&ds.URL, u.URL)
	set(&ds.User, u.User)
	set(&ds.Database, u.Database)
	set(&ds.BasicAuthUser, u.BasicAuthUser)
	if u.BasicAuth != nil {
		ds.BasicAuth = *u.BasicAuth
	}
	if u.IsDefault != nil {
		ds.IsDefault = *u.IsDefault
	}
	if trimmed := bytes.TrimSpace(u.JSONData); len(trimmed) > 0 && !bytes.Equal(trimmed, []byte("null")) {
		var obj map[string]any
		if err := json.Unmarshal(trimmed, &obj); err != nil {
			return errors.New("jsonData must be a JSON object")
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, trimmed); err != nil {
			return err
		}
		ds.JSONData = compact.Bytes()
	}
	ds.SecureJSONData = maps.Clone(ds.SecureJSONData)
	if ds.SecureJSONData == nil {
		ds.SecureJSONData = map[string]string{}
	}
	maps.Copy(ds.SecureJSONData, u.SecureJSONData)
	return nil
}

// update changes a datasource the way Grafana's UpdateDataSource does:
// refused when the sender's version is older than the stored one (0 skips
// the check); version +1; a new default unmarks the org's other datasources.
// Entries are replaced, never edited in place, so requests already running
// keep the settings they started with. Updated moves forward, so the next
// QueryData/CheckHealth/CallResource carries a new lastUpdatedMS and the
// plugin's instance manager builds an instance from the new settings.
func (s *dsStore) update(uid string, orgID int64, u dataSourceUpdate) (*datasource, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.list, func(ds *datasource) bool { return ds.UID == uid && ds.OrgID == orgID })
	if i < 0 {
		return nil, errDatasourceNotFound
	}
	old := s.list[i]
	if u.Version != 0 && u.Version < old.Version {
		return nil, errOldVersion
	}
	next := *old
	if err := u.apply(&next); err != nil {
		return nil, err
	}
	for _, other := range s.list {
		if other != old && other.OrgID == orgID && other.Name == next.Name {
			return nil, errDuplicateName
		}
	}
	next.Version = old.Version + 1
	next.Updated = s.nextUpdated()
	list := slices.Clone(s.list)
	list[i] = &next
	if next.IsDefault {
		for j, other := range list {
			if j != i && other.OrgID == orgID && other.IsDefault {
				unmarked := *other
				unmarked.IsDefault = false
				list[j] = &unmarked
			}
		}
	}
	s.list = list
	return &next, nil
}

// handlePutDatasource is PUT /api/datasources/uid/{uid}; it needs
// datasources:write (Admins), as in Grafana.
func (h *host) handlePutDatasource(w http.ResponseWriter, r *http.Request) {
	u, err := userFromRequest(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, msg(err.Error()))
		return
	}
	if !h.grants.require(w, u, actionDatasourcesWrite) {
		return
	}
	var body dataSourceUpdate
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, message{Message: "bad request data", Error: err.Error()})
		return
	}
	ds, err := h.store.update(r.PathValue("uid"), u.OrgID, body)
	switch {
	case errors.Is(err, errDatasourceNotFound):
		writeJSON(w, http.StatusNotFound, msg(err.Error()))
		return
	case errors.Is(err, errDuplicateName), errors.Is(err, errOldVersion):
		writeJSON(w, http.StatusConflict, msg(err.Error()))
		return
	case err != nil:
		writeJSON(w, http.StatusBadRequest, msg(err.Error()))
		return
	}
	h.log.Info("datasource updated", "uid", ds.UID, "by", u.User.Login, "version", ds.Version, "lastUpdatedMS", ds.Updated.UnixMilli())
	writeJSON(w, http.StatusOK, map[string]any{
		"datasource": h.dataSourceDTO(ds),
		"id":         ds.ID,
		"message":    "Datasource updated",
		"name":       ds.Name,
	})
}
