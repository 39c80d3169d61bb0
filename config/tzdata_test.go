package config

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestTimeZonesWithoutSystemZoneData: on a host without /usr/share/zoneinfo
// (a slim container image) a team's and a customer's zones still load. As
// root the test hides the system's and Go's zone files in a mount
// namespace of its own and runs itself there.
func TestTimeZonesWithoutSystemZoneData(t *testing.T) {
	if os.Getenv("KEEPWARM_TEST_NO_ZONEINFO") != "" {
		if _, err := os.Stat("/usr/share/zoneinfo/Asia/Shanghai"); err == nil {
			t.Fatal("the system's zone data is still visible")
		}
		cfg, err := Parse([]byte(strings.Replace(minimal, "[team]", "[team]\ntime_zone = \"Asia/Shanghai\"", 1)))
		if err != nil {
			t.Fatal(err)
		}
		if loc := cfg.TeamLocation(); loc.String() != "Asia/Shanghai" {
			t.Fatalf("team location %v", loc)
		}
		if _, err := time.LoadLocation("America/Sao_Paulo"); err != nil {
			t.Fatalf("a customer's zone: %v", err)
		}
		return
	}
	unshare, err := exec.LookPath("unshare")
	if os.Geteuid() != 0 || err != nil {
		t.Skip("needs root and unshare to hide the system's zone data")
	}
	empty := t.TempDir()
	script := "set -e; for d in /usr/share/zoneinfo " + filepath.Join(runtime.GOROOT(), "lib", "time") +
		"; do if [ -d \"$d\" ]; then mount --bind " + empty + " \"$d\"; fi; done; exec \"$0\" -test.run='^TestTimeZonesWithoutSystemZoneData$' -test.v"
	cmd := exec.Command(unshare, "-m", "sh", "-c", script, os.Args[0])
	cmd.Env = append(os.Environ(), "KEEPWARM_TEST_NO_ZONEINFO=1", "ZONEINFO=")
	out, err := cmd.CombinedOutput()
	if strings.Contains(string(out), "mount:") || strings.Contains(string(out), "unshare:") {
		t.Skipf("cannot make a mount namespace here: %s", out)
	}
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("without the system's zone data: %v\n%s", err, out)
	}
}
