package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunWithWebStartsWhileSequencesAreBroken: a missing sequences
// directory holds the follow-ups, not the daemon: with [web] listen set,
// `keepwarm run` still starts (sync, reply clocks, the console to fix the
// files in) and stops cleanly.
func TestRunWithWebStartsWhileSequencesAreBroken(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "sequences")
	r := startRun(t, "info", fmt.Sprintf(`
[web]
listen = "127.0.0.1:0"
base_url = "https://kw.acme-export.com"

[sequences]
dir = %q
`, missing), nil, nil)
	var line map[string]any
	waitFor(t, "the start line", func() bool {
		select {
		case <-r.stopped:
			t.Fatalf("run ended (exit %d) before it started:\n%s", r.code, r.stderr.String())
		default:
		}
		for _, l := range strings.Split(r.stderr.String(), "\n") {
			if strings.Contains(l, `"msg":"keepwarm running"`) {
				return json.Unmarshal([]byte(l), &line) == nil
			}
		}
		return false
	})
	addr, _ := line["web"].(string)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get("http://" + addr + "/")
	if err != nil {
		t.Fatalf("the web application does not answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		t.Errorf("GET / = %d", resp.StatusCode)
	}
	if !strings.Contains(r.stderr.String(), "sequences.dir") {
		t.Errorf("the log does not say what is broken:\n%s", r.stderr.String())
	}
	r.stop()
	if r.code != 0 {
		t.Errorf("run exit %d, want 0:\n%s", r.code, r.stderr.String())
	}
}

// TestHealthzSaysFollowUpsAreOff: while the sequences or templates have
// problems, /healthz is 503 with a follow-ups line, so monitoring sees
// that no follow-up is sent.
func TestHealthzSaysFollowUpsAreOff(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "sequences")
	r := startRun(t, "info", fmt.Sprintf(`
[ops]
listen = "127.0.0.1:0"

[sequences]
dir = %q
`, missing), nil, nil)
	var line map[string]any
	waitFor(t, "the start line", func() bool {
		for _, l := range strings.Split(r.stderr.String(), "\n") {
			if strings.Contains(l, `"msg":"keepwarm running"`) {
				return json.Unmarshal([]byte(l), &line) == nil
			}
		}
		return false
	})
	addr, _ := line["ops"].(string)
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "follow-ups: off until the sequences and templates are fixed") ||
		!strings.Contains(string(body), "sequences.dir") {
		t.Fatalf("healthz: %d\n%s", resp.StatusCode, body)
	}
}
