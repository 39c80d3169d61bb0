package jsonstr

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// Append writes what json.Marshal writes for a string, on random strings
// rich in what it escapes: quotes, backslashes, control characters, HTML's
// <, > and &, U+2028/9 and invalid UTF-8.
func TestAppendAsMarshal(t *testing.T) {
	pieces := []string{"a", "Z", " ", `"`, `\`, "/", "\b", "\f", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "<", ">", "&",
		"\u2028", "\u2029", "é", "中", "😀", "\ufffd", "\xff", "\xe4\xb8"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(10) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		want, err := json.Marshal(b.String())
		if err != nil {
			t.Fatal(err)
		}
		if got := Append(nil, b.String()); string(got) != string(want) {
			t.Fatalf("Append(%q) = %s, json.Marshal %s", b.String(), got, want)
		}
	}
}
