package keepwarm

import "testing"

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"sync", "sync", 0}, {"snyc", "sync", 2}, {"shwo", "show", 2},
		{"chek", "check", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"客户", "客人", 1},
	} {
		if got := EditDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
