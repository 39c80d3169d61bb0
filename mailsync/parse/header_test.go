package parse

import (
	"math/rand/v2"
	"net/mail"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

func TestReadHeader(t *testing.T) {
	raw := "Received: from a\r\n" +
		"\tby b; Mon, 3 Mar 2025\r\n" +
		"Subject:  first  \r\n" +
		"X-Folded: one\r\n" +
		"   \r\n" + // an empty continuation line adds nothing
		" two\r\n" +
		"\tthree\r\n" +
		"subject: second\r\n" +
		"Content-Type: text/plain;\r\n charset=utf-8\r\n" +
		"\r\n" +
		"Body-Line: not a field\r\n"
	h, err := readHeader([]byte(raw))
	if err != nil {
		t.Fatalf("err = %v", err)
	}
	for k, want := range map[string]string{
		"Received":     "from a by b; Mon, 3 Mar 2025",
		"SUBJECT":      "first", // the first field of a name, as go-message's Get
		"x-folded":     "one two three",
		"Content-Type": "text/plain; charset=utf-8",
		"Body-Line":    "",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("Get(%q) = %q, want %q", k, got, want)
		}
	}
	if got := h.Values("Subject"); !slices.Equal(got, []string{"first", "second"}) {
		t.Errorf("Values(Subject) = %q", got)
	}
	if !h.Has("x-FOLDED") || h.Has("Body-Line") {
		t.Errorf("Has: %v %v", h.Has("x-FOLDED"), h.Has("Body-Line"))
	}
	if mh := h.mime(); mh.Get("Content-Type") != "text/plain; charset=utf-8" || mh.Has("Subject") {
		got := mh.Get("Content-Type")
		t.Errorf("mime Content-Type %q", got)
	}
}

// TestReadHeaderBadLines: every line that cannot be read is skipped, the rest
// is kept, and the error names the first bad line as go-message would.
func TestReadHeaderBadLines(t *testing.T) {
	for _, c := range []struct {
		name, raw, err string
		want           map[string]string
	}{
		{"line without colon", "From: a@b.example\r\nthis is no field\r\nSubject: kept\r\n\r\n",
			"malformed MIME header line: this is no field", map[string]string{"From": "a@b.example", "Subject": "kept"}},
		{"continuation first", " stray\r\nSubject: kept\r\n\r\n",
			"malformed MIME header initial line: stray", map[string]string{"Subject": "kept"}},
		{"space in name", "Bad Name: x\r\n cont\r\nSubject: kept\r\n\r\n",
			"malformed MIME header key: Bad Name", map[string]string{"Bad Name": "", "Subject": "kept"}},
		{"8-bit name kept", "Sub\xe9ject: x\r\nSubject: kept\r\n\r\n",
			"malformed MIME header key", map[string]string{"Sub\xe9ject": "x", "Subject": "kept"}},
		{"bare LF and no blank line", "From: a@b.example\nSubject: lf", "",
			map[string]string{"From": "a@b.example", "Subject": "lf"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, err := readHeader([]byte(c.raw))
			switch {
			case c.err == "" && err != nil:
				t.Errorf("err = %v, want none", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Errorf("err = %v, want %q", err, c.err)
			}
			for k, want := range c.want {
				if got := h.Get(k); got != want {
					t.Errorf("Get(%q) = %q, want %q", k, got, want)
				}
			}
		})
	}
}

// TestParseIsMessageThenClassify: Team.Parse, which reads the header once,
// gives exactly what Message followed by Classify gives, for every fixture,
// generated message and folder role.
func TestParseIsMessageThenClassify(t *testing.T) {
	type raw struct {
		name    string
		h, body []byte
		size    int64
	}
	var all []raw
	files, err := filepath.Glob(filepath.Join("testdata", "*.eml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	for _, f := range files {
		h, body, size := loadEML(t, filepath.Base(f))
		all = append(all, raw{f, h, body, size})
	}
	for i := range 9 {
		msg := mailtest.GenMessage(i, mailtest.GenOptions{TeamDomain: "team.example"})
		h, body, _ := strings.Cut(string(msg), "\r\n\r\n")
		all = append(all, raw{"generated", []byte(h + "\r\n\r\n"), []byte(body), int64(len(msg))})
	}
	team := testTeam()
	for _, r := range all {
		for _, role := range []keepwarm.FolderRole{keepwarm.RoleInbox, keepwarm.RoleSent} {
			want := Message(r.h, r.body, r.size)
			team.Classify(&want, role)
			got := team.Parse(r.h, r.body, r.size, role)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s (%s): Parse\n%+v\nMessage+Classify\n%+v", r.name, role, got, want)
			}
		}
	}
}

// TestMsgIDScanner: the hand-written scanner finds exactly the ids the
// pattern <([^<>\s]+)> finds, on random text made of the characters that
// matter.
func TestMsgIDScanner(t *testing.T) {
	re := regexp.MustCompile(`<([^<>\s]+)>`)
	alphabet := []byte("<>< >a@b.\t\r\n\fx")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		s := string(b)
		var want []string
		for _, m := range re.FindAllStringSubmatch(s, -1) {
			want = append(want, m[1])
		}
		var got []string
		for at := 0; ; {
			id, next, ok := nextMsgID(s, at)
			if !ok {
				break
			}
			got, at = append(got, id), next
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q: scanner %q, pattern %q", s, got, want)
		}
	}
}

// TestParseDateFastPath: the layout tried before net/mail gives what
// net/mail gives, instant and zone offset alike.
func TestParseDateFastPath(t *testing.T) {
	for _, v := range []string{
		"Mon, 3 Mar 2025 09:00:00 +0000",
		"Mon, 03 Mar 2025 09:00:00 -0500",
		"Tue, 31 Dec 2024 23:59:59 +0800",
		"Mon, 3 Mar 2025 09:00:00 +0000 (UTC)",
		"3 Mar 2025 09:00:00 +0530",
		"Mon, 3 Mar 2025 09:00 +0100",
	} {
		want, err := mail.ParseDate(v)
		if err != nil {
			t.Fatalf("net/mail %q: %v", v, err)
		}
		got := parseDate(v)
		_, gotOff := got.Zone()
		_, wantOff := want.Zone()
		if !got.Equal(want) || gotOff != wantOff {
			t.Errorf("%q: %v, net/mail %v", v, got, want)
		}
	}
}
