// Package testtools holds checks of the repository's CI files that run as Go tests: actionlint
// (github.com/rhysd/actionlint, also runnable as `go tool actionlint`) over .github/workflows, and,
// through the nested module in compose/, compose-go over docker-compose.yaml. See README.md.
package testtools
