// Package compose checks the repository's docker-compose.yaml with compose-go
// (github.com/compose-spec/compose-go/v2), the loader Docker Compose itself uses: interpolation,
// `extends` and the `!override` tag resolved as `docker compose` resolves them.
//
// A module of its own: compose-go v2.16.2 needs go.yaml.in/yaml/v4 v4.0.0-rc.4, and actionlint
// v1.7.12 (the parent module, tests/tools) does not build with it (it needs rc.3).
package compose
