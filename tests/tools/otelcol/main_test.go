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
	// A component id is type[/name]; the config still uses the deprecated aliases (otlp, otlphttp)
	// of otlp_grpc and otlp_http, which collector 0.161.0 accepts with a warning.
	aliases := map[string]string{"otlp_grpc": "otlp", "otlp_http": "otlphttp"}
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
	built := func(types []string) []string {
		for i, typ := range types {
			if alias, ok := aliases[typ]; ok {
				types[i] = alias
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
		{"receivers", built(receivers), used("receivers")},
		{"processors", built(processors), used("processors")},
		{"exporters", built(exporters), used("exporters")},
		{"extensions", built(extensions), used("extensions")},
	} {
		if !slices.Equal(c.built, c.use) {
			t.Errorf("%s: built %v, the demo config uses %v", c.section, c.built, c.use)
		}
	}
	if len(factories.Connectors) != 0 {
		t.Errorf("connectors: built %d, the demo config uses none", len(factories.Connectors))
	}
}
