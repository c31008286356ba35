package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

// datasource is one provisioned datasource as the host keeps it.
type datasource struct {
	ID             int64 // index+1 in the provisioning list
	OrgID          int64
	UID            string
	Name           string
	Type           string
	URL            string
	User           string
	Database       string
	BasicAuth      bool
	BasicAuthUser  string
	JSONData       json.RawMessage // raw bytes sent as DataSourceInstanceSettings.jsonData
	SecureJSONData map[string]string
	Updated        time.Time // lastUpdatedMS; changes only when settings change
	IsDefault      bool      // the org's default datasource (exactly one per org)
	Version        int       // Grafana's optimistic-locking version, +1 per change
}

// provisioningFile is Grafana's datasource provisioning YAML. Scalars are
// read as strings so "$VAR" can be expanded before typed parsing, like
// Grafana's provisioning values package does for int/bool fields.
type provisioningFile struct {
	APIVersion  string `yaml:"apiVersion"`
	Datasources []struct {
		Name           string            `yaml:"name"`
		Type           string            `yaml:"type"`
		UID            string            `yaml:"uid"`
		URL            string            `yaml:"url"`
		User           string            `yaml:"user"`
		Database       string            `yaml:"database"`
		BasicAuth      string            `yaml:"basicAuth"`
		BasicAuthUser  string            `yaml:"basicAuthUser"`
		OrgID          string            `yaml:"orgId"`
		IsDefault      string            `yaml:"isDefault"`
		JSONData       map[string]any    `yaml:"jsonData"`
		SecureJSONData map[string]string `yaml:"secureJsonData"`
	} `yaml:"datasources"`
}

// envRef matches $$ (escape), ${NAME} and $NAME.
var envRef = regexp.MustCompile(`\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// expandEnv interpolates environment references the way Grafana's
// provisioning does: $VAR and ${VAR} are replaced (unset → ""), $$ is a
// literal $.
func expandEnv(s string) string {
	return envRef.ReplaceAllStringFunc(s, func(m string) string {
		if m == "$$" {
			return "$"
		}
		name := strings.Trim(m, "${}")
		return os.Getenv(name)
	})
}

// expandTree expands env references in every string value of a decoded
// jsonData tree, keeping non-string values (numbers, bools) as they are.
func expandTree(v any) any {
	switch t := v.(type) {
	case string:
		return expandEnv(t)
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = expandTree(e)
		}
		return out
	case map[any]any: // YAML maps with non-string keys
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[fmt.Sprint(k)] = expandTree(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = expandTree(e)
		}
		return out
	default:
		return v
	}
}

// readProvisioning parses path (a YAML file, or a directory of *.yaml/*.yml
// files like Grafana's provisioning/datasources) into datasources.
func readProvisioning(path string) ([]*datasource, error) {
	files := []string{path}
	if st, err := os.Stat(path); err != nil {
		return nil, err
	} else if st.IsDir() {
		files = nil
		for _, pat := range []string{"*.yaml", "*.yml"} {
			m, _ := filepath.Glob(filepath.Join(path, pat))
			files = append(files, m...)
		}
		sort.Strings(files)
	}
	var out []*datasource
	for _, f := range files {
		ds, err := readProvisioningFile(f, len(out))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out = append(out, ds...)
	}
	seen := map[string]bool{}
	defaults := map[int64]bool{}
	for _, ds := range out {
		key := strconv.FormatInt(ds.OrgID, 10) + "/" + ds.UID
		if seen[key] {
			return nil, fmt.Errorf("duplicate datasource uid %q in org %d", ds.UID, ds.OrgID)
		}
		seen[key] = true
		if ds.IsDefault && defaults[ds.OrgID] {
			// Grafana's provisioning refuses this too.
			return nil, fmt.Errorf("only one datasource per organization can be marked as default (org %d)", ds.OrgID)
		}
		defaults[ds.OrgID] = defaults[ds.OrgID] || ds.IsDefault
	}
	return out, nil
}

func readProvisioningFile(path string, offset int) ([]*datasource, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var pf provisioningFile
	if err := yaml.Unmarshal(raw, &pf); err != nil {
		return nil, err
	}
	var out []*datasource
	for i, d := range pf.Datasources {
		ds := &datasource{
			ID:            int64(offset + i + 1),
			OrgID:         1,
			UID:           expandEnv(d.UID),
			Name:          expandEnv(d.Name),
			Type:          expandEnv(d.Type),
			URL:           expandEnv(d.URL),
			User:          expandEnv(d.User),
			Database:      expandEnv(d.Database),
			BasicAuthUser: expandEnv(d.BasicAuthUser),
		}
		if ds.UID == "" || ds.Type == "" {
			return nil, fmt.Errorf("datasource #%d (%q): uid and type are required", i+1, ds.Name)
		}
		if s := expandEnv(d.OrgID); s != "" {
			if ds.OrgID, err = strconv.ParseInt(s, 10, 64); err != nil {
				return nil, fmt.Errorf("datasource %q: orgId: %w", ds.UID, err)
			}
		}
		if s := expandEnv(d.IsDefault); s != "" {
			if ds.IsDefault, err = strconv.ParseBool(s); err != nil {
				return nil, fmt.Errorf("datasource %q: isDefault: %w", ds.UID, err)
			}
		}
		if s := expandEnv(d.BasicAuth); s != "" {
			if ds.BasicAuth, err = strconv.ParseBool(s); err != nil {
				return nil, fmt.Errorf("datasource %q: basicAuth: %w", ds.UID, err)
			}
		}
		// A datasource without jsonData still gets "{}" so plugins can
		// always JSON-parse it.
		jd := expandTree(d.JSONData)
		if d.JSONData == nil {
			jd = map[string]any{}
		}
		if ds.JSONData, err = json.Marshal(jd); err != nil {
			return nil, fmt.Errorf("datasource %q: jsonData: %w", ds.UID, err)
		}
		ds.SecureJSONData = map[string]string{}
		for k, v := range d.SecureJSONData {
			ds.SecureJSONData[k] = expandEnv(v)
		}
		out = append(out, ds)
	}
	return out, nil
}

// sameSettings compares everything the plugin sees except ID/Updated.
func sameSettings(a, b *datasource) bool {
	return a.OrgID == b.OrgID && a.UID == b.UID && a.Name == b.Name && a.Type == b.Type &&
		a.URL == b.URL && a.User == b.User && a.Database == b.Database &&
		a.BasicAuth == b.BasicAuth && a.BasicAuthUser == b.BasicAuthUser &&
		bytes.Equal(a.JSONData, b.JSONData) && maps.Equal(a.SecureJSONData, b.SecureJSONData)
}

// dsStore holds the provisioned datasources and supports reloading.
type dsStore struct {
	path string // "" = no provisioning
	mu   sync.RWMutex
	list []*datasource
}

// load (re)reads the provisioning file. Unchanged datasources keep their
// Updated time; new or changed ones get now, so the SDK instance manager
// (keyed on lastUpdatedMS) builds a fresh instance.
func (s *dsStore) load() error {
	if s.path == "" {
		return nil
	}
	next, err := readProvisioning(s.path)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nextUpdated()
	for _, ds := range next {
		ds.Updated, ds.Version = now, 1
		for _, old := range s.list {
			if old.UID != ds.UID || old.OrgID != ds.OrgID {
				continue
			}
			if sameSettings(old, ds) {
				ds.Updated, ds.Version = old.Updated, old.Version
			} else {
				ds.Version = old.Version + 1
			}
		}
	}
	markDefaults(next)
	s.list = next
	return nil
}

// nextUpdated is a time for a settings change that is later, in whole
// milliseconds, than any Updated the store holds: the plugin's instance
// managers (the SDK's, and ours in pkg/instances) only rebuild an instance
// when lastUpdatedMS differs, so two changes within one millisecond must
// still differ. Callers hold s.mu.
func (s *dsStore) nextUpdated() time.Time {
	now := time.Now().Truncate(time.Millisecond)
	for _, ds := range s.list {
		if !now.After(ds.Updated) {
			now = ds.Updated.Truncate(time.Millisecond).Add(time.Millisecond)
		}
	}
	return now
}

// markDefaults makes an org's first datasource its default when none was
// provisioned with isDefault, as Grafana's UI makes the first datasource
// added the default.
func markDefaults(list []*datasource) {
	seen := map[int64]bool{}
	for _, ds := range list {
		seen[ds.OrgID] = seen[ds.OrgID] || ds.IsDefault
	}
	for _, ds := range list {
		if !seen[ds.OrgID] {
			ds.IsDefault, seen[ds.OrgID] = true, true
		}
	}
}

// inOrg lists an org's datasources in provisioning order.
func (s *dsStore) inOrg(orgID int64) []*datasource {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []*datasource
	for _, ds := range s.list {
		if ds.OrgID == orgID {
			out = append(out, ds)
		}
	}
	return out
}

// get finds a datasource by uid within an org (Grafana scopes uids per org).
func (s *dsStore) get(uid string, orgID int64) *datasource {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, ds := range s.list {
		if ds.UID == uid && ds.OrgID == orgID {
			return ds
		}
	}
	return nil
}
