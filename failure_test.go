package keepwarm

import "testing"

// The same failure at every try is the same text once the local port of
// the cut connection and the server's time stamp are dropped; a different
// failure is not.
func TestSameFailure(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"read tcp 10.0.0.5:53012->203.0.113.7:993: i/o timeout", "read tcp 10.0.0.5:53013->203.0.113.7:993: i/o timeout", true},
		{"write tcp6 [fe80::1]:53012->[2001:db8::7]:993: broken pipe", "write tcp6 [fe80::1]:40000->[2001:db8::7]:993: broken pipe", true},
		{"NO [SERVERBUG] Internal error occurred. Refer to server log for more information. [2026-12-08 09:14:03]",
			"NO [SERVERBUG] Internal error occurred. Refer to server log for more information. [2026-12-08 09:16:05]", true},
		{"read tcp 10.0.0.5:53012->203.0.113.7:993: i/o timeout", "read tcp 10.0.0.5:53012->203.0.113.7:993: connection reset by peer", false},
		{"NO [SERVERBUG] Internal error occurred. [2026-12-08 09:14:03]", "NO [OVERQUOTA] Quota exceeded [2026-12-08 09:14:03]", false},
	} {
		if got := SameFailure(c.a) == SameFailure(c.b); got != c.same {
			t.Errorf("SameFailure(%q) == SameFailure(%q): %v, want %v", c.a, c.b, got, c.same)
		}
	}
}
