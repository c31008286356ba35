package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var relTime = regexp.MustCompile(`^now(?:([+-])(\d+)(ms|s|m|h|d|w|M|y))?$`)

// parseGrafanaTime parses a from/to value the way Grafana's /api/ds/query
// accepts it: "now", "now-6h" (units ms,s,m,h,d,w,M,y, also "+"), epoch
// milliseconds as a string or JSON number, or RFC 3339. Empty → def.
func parseGrafanaTime(raw json.RawMessage, def string, now time.Time) (time.Time, error) {
	s := def
	if len(raw) > 0 && string(raw) != "null" {
		if raw[0] == '"' {
			if err := json.Unmarshal(raw, &s); err != nil {
				return time.Time{}, err
			}
		} else {
			s = string(raw)
		}
	}
	s = strings.TrimSpace(s)
	if s == "" {
		s = def
	}
	if m := relTime.FindStringSubmatch(s); m != nil {
		if m[1] == "" {
			return now, nil
		}
		n, _ := strconv.Atoi(m[2])
		if m[1] == "-" {
			n = -n
		}
		switch m[3] {
		case "M":
			return now.AddDate(0, n, 0), nil
		case "y":
			return now.AddDate(n, 0, 0), nil
		case "w":
			return now.Add(time.Duration(n) * 7 * 24 * time.Hour), nil
		case "d":
			return now.Add(time.Duration(n) * 24 * time.Hour), nil
		default:
			d, _ := time.ParseDuration(strconv.Itoa(n) + m[3])
			return now.Add(d), nil
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return time.UnixMilli(int64(f)), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("cannot parse time %q", s)
}
