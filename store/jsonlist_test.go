package store

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// randomSafeString is a string jsonSafe allows, rich in what JSON escapes.
func randomSafeString(rng *rand.Rand) string {
	pieces := []string{"a", "Z", " ", `"`, `\`, "/", "\n", "\r", "\t", "\x01", "\x1f", "\x7f", "<", ">", "&", "\u2028", "\u2029",
		"é", "中", "😀", "\ufffd", "msg-id@example.com", "[1]"}
	var b strings.Builder
	for range rng.IntN(10) {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// The hand-written arrays are json.Marshal's, and read back, in Go and in
// SQLite's json_each, as the values put in.
func TestJSONListReadsBack(t *testing.T) {
	var empty jsonList
	if empty.String() != "" {
		t.Fatalf("empty list = %q", empty.String())
	}
	db := openTest(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		var strs, rows jsonList
		var wantStrs []string
		var wantRows [][4]any
		for range 1 + rng.IntN(5) {
			s := randomSafeString(rng)
			if !jsonSafe(s) {
				t.Fatalf("%q not safe", s)
			}
			strs.str(s)
			wantStrs = append(wantStrs, s)
			a, b, x, y := randomSafeString(rng), randomSafeString(rng), rng.Int64N(1<<32), rng.Int64N(1<<32)
			rows.row(a, b, x, y)
			wantRows = append(wantRows, [4]any{a, b, x, y})
		}
		if want, _ := json.Marshal(wantStrs); strs.String() != string(want) {
			t.Fatalf("strings: %s, json.Marshal %s", strs.String(), want)
		}
		if want, _ := json.Marshal(wantRows); rows.String() != string(want) {
			t.Fatalf("rows: %s, json.Marshal %s", rows.String(), want)
		}
		var gotStrs []string
		if err := json.Unmarshal([]byte(strs.String()), &gotStrs); err != nil || !slices.Equal(gotStrs, wantStrs) {
			t.Fatalf("%s: %q (%v), want %q", strs.String(), gotStrs, err, wantStrs)
		}
		var viaSQL []string
		if err := db.r.Select(&viaSQL, `SELECT value FROM json_each(?) ORDER BY key`, strs.String()); err != nil || !slices.Equal(viaSQL, wantStrs) {
			t.Fatalf("%s in SQLite: %q (%v), want %q", strs.String(), viaSQL, err, wantStrs)
		}
		marshalled, _ := json.Marshal(wantRows)
		var got, want []string
		const cols = `SELECT (value ->> 0) || '|' || (value ->> 1) || '|' || (value ->> 2) || '|' || (value ->> 3) FROM json_each(?) ORDER BY key`
		if err := db.r.Select(&got, cols, rows.String()); err != nil {
			t.Fatal(err)
		}
		if err := db.r.Select(&want, cols, string(marshalled)); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) || len(got) != len(wantRows) {
			t.Fatalf("%s in SQLite: %q, json.Marshal's: %q", rows.String(), got, want)
		}
	}
	var ints jsonList
	for _, n := range []int64{0, -1, 1 << 40} {
		ints.int(n)
	}
	if ints.String() != "[0,-1,1099511627776]" {
		t.Fatalf("ints = %s", ints.String())
	}
}
