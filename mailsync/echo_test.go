package mailsync

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"

	"keepwarm/mailsync/parse"
)

// echoCase is a piece of a server's stream and what the compactor must
// make of it.
type echoCase struct{ in, want string }

func quotedList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = `"` + strings.ToUpper(n) + `"`
	}
	return "(" + strings.Join(q, " ") + ")"
}

func literal(s string) string { return fmt.Sprintf("{%d}\r\n%s", len(s), s) }

// echoStream is a stream with every case the compactor must tell apart,
// and the count of echoes it must shorten.
func echoStream() (in, want string, compacted int64) {
	fields := parse.HeaderFields
	echo := "BODY[HEADER.FIELDS " + quotedList(fields) + "]"
	atoms := "BODY[HEADER.FIELDS (" + strings.ToLower(strings.Join(fields, " ")) + ")]"
	header := "From: a@b.example\r\nSubject: hi\r\n\r\n"
	// Message content that holds the echo, and a line that looks like a
	// literal's start: inside a literal, both pass untouched.
	tricky := "Subject: " + echo + "\r\nX-Note: " + echo + " {12}\r\n\r\n"
	long := strings.Repeat("x", echoBuffer+1000)
	cases := []echoCase{
		{"* OK [CAPABILITY IMAP4rev1] ready\r\n", ""},
		// The echo, quoted (Dovecot) and as atoms in any case.
		{"* 1 FETCH (UID 1 RFC822.SIZE 120 " + echo + " " + literal(header) + ")\r\n",
			"* 1 FETCH (UID 1 RFC822.SIZE 120 BODY[HEADER] " + literal(header) + ")\r\n"},
		{"* 2 FETCH (UID 2 " + atoms + " " + literal(header) + ")\r\n",
			"* 2 FETCH (UID 2 BODY[HEADER] " + literal(header) + ")\r\n"},
		// Message content holding the echo, and a false literal marker.
		{"* 3 FETCH (UID 3 " + echo + " " + literal(tricky) + ")\r\n",
			"* 3 FETCH (UID 3 BODY[HEADER] " + literal(tricky) + ")\r\n"},
		// The echo inside a quoted string (an attachment's name) stays.
		{`* 4 FETCH (UID 4 BODYSTRUCTURE ("application" "pdf" ("name" "a \"` + atoms + `\" b` + atoms + `") NIL NIL "base64" 10) ` + echo + " " + literal(header) + ")\r\n",
			`* 4 FETCH (UID 4 BODYSTRUCTURE ("application" "pdf" ("name" "a \"` + atoms + `\" b` + atoms + `") NIL NIL "base64" 10) BODY[HEADER] ` + literal(header) + ")\r\n"},
		// A list that is not sync's: one name short, one more, an escape.
		{"* 5 FETCH (BODY[HEADER.FIELDS " + quotedList(fields[1:]) + "] " + literal(header) + ")\r\n", ""},
		{"* 6 FETCH (BODY[HEADER.FIELDS " + quotedList(append(slicesClone(fields), "X-Extra")) + "] " + literal(header) + ")\r\n", ""},
		{"* 7 FETCH (BODY[HEADER.FIELDS (\"FR\\OM\"" + strings.TrimPrefix(quotedList(fields[1:]), "(") + "] " + literal(header) + ")\r\n", ""},
		{"* 8 FETCH (BODY[1.HEADER.FIELDS " + quotedList(fields) + "] " + literal(header) + ")\r\n", ""},
		// A line longer than the buffer passes as is, its literal too.
		{"* 9 FETCH (UID 9 X-LONG \"" + long + "\" " + echo + " " + literal(tricky) + ")\r\n", ""},
		// A long line whose literal marker straddles the buffer's end.
		{straddling(tricky), ""},
		// The rest of a response after a literal is looked into.
		{"* 10 FETCH (BODY[TEXT] " + literal("body "+echo+"\r\n") + " UID 10 " + echo + " " + literal(header) + ")\r\n",
			"* 10 FETCH (BODY[TEXT] " + literal("body "+echo+"\r\n") + " UID 10 BODY[HEADER] " + literal(header) + ")\r\n"},
		{"* 11 FETCH (" + echo + " " + literal("") + " " + echo + " " + literal(header) + ")\r\n",
			"* 11 FETCH (BODY[HEADER] " + literal("") + " BODY[HEADER] " + literal(header) + ")\r\n"},
		{"A1 OK done\r\n", ""},
	}
	var bi, bw strings.Builder
	for _, c := range cases {
		bi.WriteString(c.in)
		if c.want == "" {
			c.want = c.in
		} else {
			compacted += int64(strings.Count(c.in, "BODY[HEADER.FIELDS") - strings.Count(c.want, "BODY[HEADER.FIELDS"))
		}
		bw.WriteString(c.want)
	}
	return bi.String(), bw.String(), compacted
}

// straddling is a FETCH line longer than the compactor's buffer whose
// literal marker ({N}) the buffer's end cuts after its first digit, then
// the literal (lit).
func straddling(lit string) string {
	head := "* 12 FETCH (UID 12 X-LONG \""
	tail := "\" BODY[TEXT] {"
	pad := strings.Repeat("y", echoBuffer+1-len(head)-len(tail)-1)
	return head + pad + tail + literal(lit)[1:] + ")\r\n"
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// readAll reads r in pieces of random size (1 byte to 8 KB).
func readAll(r io.Reader, rng *rand.Rand) ([]byte, error) {
	var out []byte
	for {
		p := make([]byte, 1+rng.IntN(8192))
		if rng.IntN(4) == 0 {
			p = make([]byte, 1+rng.IntN(8))
		}
		n, err := r.Read(p)
		out = append(out, p[:n]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}

// chunked returns s in reads of random size, as a network gives it.
type chunked struct {
	s   []byte
	rng *rand.Rand
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(c.s) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), len(c.s), 1+c.rng.IntN(3000))
	copy(p, c.s[:n])
	c.s = c.s[n:]
	return n, nil
}

// The compactor shortens exactly the echoes of sync's header list on
// response lines, whatever the reads' sizes, and changes no other byte:
// not a literal's content (even one holding the echo or a false literal
// marker), not a quoted string, not a list that is not sync's, not a line
// longer than its buffer.
func TestEchoCompactorShortensOnlyTheEcho(t *testing.T) {
	in, want, compacted := echoStream()
	if compacted != 7 {
		t.Fatalf("the stream has %d echoes to shorten; the test expects 7", compacted)
	}
	check := func(t *testing.T, src io.Reader, seed uint64) {
		t.Helper()
		var n atomic.Int64
		got, err := readAll(newEchoCompactor(src, parse.HeaderFields, &n), rand.New(rand.NewPCG(seed, 2)))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Fatalf("seed %d: output differs from the expected at byte %d:\n got %.300q\nwant %.300q",
				seed, firstDiff(got, []byte(want)), got[min(firstDiff(got, []byte(want)), len(got)):],
				want[min(firstDiff(got, []byte(want)), len(want)):])
		}
		if n.Load() != compacted {
			t.Fatalf("seed %d: counted %d echoes shortened, want %d", seed, n.Load(), compacted)
		}
	}
	t.Run("whole", func(t *testing.T) { check(t, strings.NewReader(in), 1) })
	t.Run("one byte at a time", func(t *testing.T) { check(t, iotest.OneByteReader(strings.NewReader(in)), 2) })
	t.Run("last read with EOF", func(t *testing.T) { check(t, iotest.DataErrReader(strings.NewReader(in)), 3) })
	for seed := uint64(10); seed < 60; seed++ {
		check(t, &chunked{s: []byte(in), rng: rand.New(rand.NewPCG(seed, 1))}, seed)
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// A read error reaches the reader after the bytes before it, and stays.
func TestEchoCompactorPassesErrors(t *testing.T) {
	boom := fmt.Errorf("connection reset")
	src := io.MultiReader(strings.NewReader("* OK ready\r\n* 1 FETCH (UID 1"), iotest.ErrReader(boom))
	var n atomic.Int64
	e := newEchoCompactor(src, parse.HeaderFields, &n)
	got, err := io.ReadAll(e)
	if err != boom || string(got) != "* OK ready\r\n* 1 FETCH (UID 1" {
		t.Fatalf("got %q, %v; want the bytes before the error, then the error", got, err)
	}
	if _, err := e.Read(make([]byte, 10)); err != boom {
		t.Fatalf("a later read got %v, want the error again", err)
	}
}

func TestLiteralAfter(t *testing.T) {
	for line, want := range map[string]int64{
		"* 1 FETCH (BODY[] {123}\r\n":  123,
		"* 1 FETCH (BINARY[] ~{7}\r\n": 7,
		"* 1 FETCH (BODY[] {0}\r\n":    0,
		"* OK {12a}\r\n":               0,
		"* OK {}\r\n":                  0,
		"* OK }\r\n":                   0,
		"* 1 FETCH (UID 1)\r\n":        0,
		"{99999999999}\r\n":            99999999999,
		"{999999999999}\r\n":           999999999999,
		"{99999999999999999999}\r\n":   0, // more than imapclient reads
		"{+5}\r\n":                     0,
	} {
		if got := literalAfter([]byte(line)); got != want {
			t.Errorf("literalAfter(%q) = %d, want %d", line, got, want)
		}
	}
}

func TestQuoted(t *testing.T) {
	for s, want := range map[string]bool{
		`* 1 FETCH (`:           false,
		`("a" "b`:               true,
		`("a\"b`:                true,
		`("a\\"`:                false,
		`("a\\\"`:               true,
		`("a\\\\" "`:            true,
		`"x" "y" "z\"" BODY[`:   false,
		`"x" "y" "z\\\" " (`:    false,
		`"x" "y" "z\\\" (`:      true,
		`NIL NIL "base64" 10) `: false,
	} {
		if got := quoted([]byte(s)); got != want {
			t.Errorf("quoted(%s) = %v, want %v", s, got, want)
		}
	}
}

// FuzzEchoCompactor: whatever a server sends, the compactor never fails on
// it, gives the same bytes however the reads are cut (both the network's
// and imapclient's), and changes nothing in a stream without the echo's
// opening.
func FuzzEchoCompactor(f *testing.F) {
	// The stream of the test above, less its lines longer than the
	// buffer: the fuzzer grows inputs itself, and slows to a crawl on
	// seeds of 100 KB.
	in, _, _ := echoStream()
	for _, line := range strings.SplitAfter(in, "\r\n") {
		if len(line) < echoBuffer {
			f.Add([]byte(line), uint64(len(line)))
		}
	}
	f.Add([]byte("* 1 FETCH (BODY[HEADER.FIELDS (\"FROM\")] {3}\r\nabc)\r\n"), uint64(2))
	f.Add([]byte("* 2 FETCH (BODY[TEXT] {5}\r\n{3}\r\n)\r\n"), uint64(3))
	f.Fuzz(func(t *testing.T, in []byte, seed uint64) {
		var n1, n2 atomic.Int64
		whole, err := io.ReadAll(newEchoCompactor(bytes.NewReader(in), parse.HeaderFields, &n1))
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(seed, 3))
		cut, err := readAll(newEchoCompactor(&chunked{s: in, rng: rng}, parse.HeaderFields, &n2), rng)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(whole, cut) || n1.Load() != n2.Load() {
			t.Fatalf("read whole: %q (%d shortened)\nread in pieces: %q (%d)", whole, n1.Load(), cut, n2.Load())
		}
		if !bytes.Contains(in, echoOpen) && (!bytes.Equal(whole, in) || n1.Load() != 0) {
			t.Fatalf("a stream without the echo changed:\n in %q\nout %q", in, whole)
		}
		if n1.Load() == 0 && !bytes.Equal(whole, in) {
			t.Fatalf("nothing shortened, yet the stream changed:\n in %q\nout %q", in, whole)
		}
	})
}
