package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The collector holds exactly the components the demo config names: one missing would make the
// config invalid, one more would be a component the compose image's config does not exercise.
func TestComponentsAreTheDemoConfigs(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "deploy", "otel-collector", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var config map[string]any
	if err := yaml.Unmarshal(raw, &config); err != nil {
		t.Fatal(err)
	}
	// A component id is type[/name]. The factory map holds the OTLP exporters under their current
	// names (otlp_grpc, otlp_http), which the config uses, and under the aliases collector 0.144
	// deprecated (otlp, otlphttp): those count as the current names. Exporters only: the receiver's
	// type is otlp.
	exporterAliases := map[string]string{"otlp": "otlp_grpc", "otlphttp": "otlp_http"}
	used := func(section string) []string {
		var types []string
		if m, ok := config[section].(map[string]any); ok {
			for id := range m {
				typ, _, _ := strings.Cut(id, "/")
				if !slices.Contains(types, typ) {
					types = append(types, typ)
				}
			}
		}
		slices.Sort(types)
		return types
	}
	factories, err := components()
	if err != nil {
		t.Fatal(err)
	}
	built := func(types []string, aliases map[string]string) []string {
		for i, typ := range types {
			if current, ok := aliases[typ]; ok {
				types[i] = current
			}
		}
		slices.Sort(types)
		// The factory map holds a factory under its type and under its deprecated alias.
		return slices.Compact(types)
	}
	var receivers, processors, exporters, extensions []string
	for typ := range factories.Receivers {
		receivers = append(receivers, typ.String())
	}
	for typ := range factories.Processors {
		processors = append(processors, typ.String())
	}
	for typ := range factories.Exporters {
		exporters = append(exporters, typ.String())
	}
	for typ := range factories.Extensions {
		extensions = append(extensions, typ.String())
	}
	for _, c := range []struct {
		section    string
		built, use []string
	}{
		{"receivers", built(receivers, nil), used("receivers")},
		{"processors", built(processors, nil), used("processors")},
		{"exporters", built(exporters, exporterAliases), used("exporters")},
		{"extensions", built(extensions, nil), used("extensions")},
	} {
		if !slices.Equal(c.built, c.use) {
			t.Errorf("%s: built %v, the demo config uses %v", c.section, c.built, c.use)
		}
	}
	if len(factories.Connectors) != 0 {
		t.Errorf("connectors: built %d, the demo config uses none", len(factories.Connectors))
	}
}
