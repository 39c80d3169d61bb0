package config

import (
	"strings"
	"testing"
)

// TestTimeZonesThatAreNotWhatWasMeant: a team.time_zone left out runs the
// team on UTC (a Shenzhen team's 08:30 digest at 16:30), "Local" is the
// process's zone (UTC in a container), and "Etc/GMT+8" is UTC−08:00, not
// China's time. Each is named by its key.
func TestTimeZonesThatAreNotWhatWasMeant(t *testing.T) {
	withZone := func(team, lily string) string {
		body := minimal
		if team != "" {
			body = strings.Replace(body, "[team]", "[team]\ntime_zone = \""+team+"\"", 1)
		}
		if lily != "" {
			body = strings.Replace(body, `email = "lily@acme.example"`, `email = "lily@acme.example"`+"\ntime_zone = \""+lily+"\"", 1)
		}
		return body
	}
	warnings := func(t *testing.T, body string) string {
		t.Helper()
		cfg, err := Parse([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(cfg.ZoneWarnings(), "\n")
	}
	if w := warnings(t, withZone("", "")); !strings.Contains(w, "team.time_zone is not set: UTC is used") || !strings.Contains(w, "Asia/Shanghai") {
		t.Errorf("no team.time_zone: warnings %q", w)
	}
	if w := warnings(t, withZone("Asia/Shanghai", "Europe/Berlin")); w != "" {
		t.Errorf("named zones: warnings %q, want none", w)
	}
	if w := warnings(t, withZone("UTC", "")); w != "" {
		t.Errorf("UTC written out: warnings %q, want none", w)
	}
	if w := warnings(t, withZone("Etc/GMT+8", "")); !strings.Contains(w, `team.time_zone: "Etc/GMT+8" is UTC−08:00`) || !strings.Contains(w, `if UTC+08:00 is meant, write "Etc/GMT-8"`) {
		t.Errorf("team Etc/GMT+8: warnings %q", w)
	}
	// Etc/GMT-14 (Kiribati) has no Etc/GMT+14 to suggest.
	if w := warnings(t, withZone("Asia/Shanghai", "Etc/GMT-14")); !strings.Contains(w, `"Etc/GMT-14" is UTC+14:00`) || strings.Contains(w, "Etc/GMT+14") {
		t.Errorf("salesperson Etc/GMT-14: warnings %q", w)
	}
	if w := warnings(t, withZone("Asia/Shanghai", "Etc/GMT-5")); !strings.Contains(w, `salesperson "lily@acme.example".time_zone: "Etc/GMT-5" is UTC+05:00`) {
		t.Errorf("salesperson Etc/GMT-5: warnings %q", w)
	}
	if w := warnings(t, withZone("Etc/GMT+0", "Etc/GMT")); w != "" {
		t.Errorf("Etc/GMT+0 and Etc/GMT: warnings %q, want none", w)
	}
	for _, c := range []struct{ team, lily, key string }{
		{"Local", "", "team.time_zone"},
		{"Asia/Shanghai", "Local", `salesperson "lily@acme.example".time_zone`},
	} {
		_, err := Parse([]byte(withZone(c.team, c.lily)))
		if err == nil || !strings.Contains(err.Error(), c.key+`: "Local" is whatever zone the process runs in`) {
			t.Errorf("%s = \"Local\": %v", c.key, err)
		}
	}
}
