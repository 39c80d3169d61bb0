package parse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"keepwarm"
)

// FuzzMessage: whatever the bytes, Message returns (no panic), keeps the
// raw header, has a key, and every text it produces is valid UTF-8.
func FuzzMessage(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		h, body, _ := loadEML(f, filepath.Base(name))
		f.Add(h, body, int64(len(b)))
		f.Add(h, body[:len(body)/2], int64(len(b)))
	}
	f.Add([]byte("Subject: =?gbk?B?ufq8yg?=\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"), []byte("--x\r\nContent-Type: text/plain; charset=big5\r\nContent-Transfer-Encoding: base64\r\n\r\nAAA"), int64(0))
	team := testTeam()
	f.Fuzz(func(t *testing.T, header, body []byte, size int64) {
		m := Message(header, body, size)
		if string(m.RawHeader) != string(header) || m.Key == "" {
			t.Fatalf("RawHeader kept %v, Key %q", string(m.RawHeader) == string(header), m.Key)
		}
		team.Classify(&m, keepwarm.RoleInbox)
		texts := []string{m.Subject, m.SubjectKey, m.Snippet, m.ThreadTopic, m.From.Name, m.From.Email, m.ParseError, m.CustomerKey, m.BouncedRecipient, m.Key}
		for _, a := range append(append(m.To, m.Cc...), m.Contacts...) {
			texts = append(texts, a.Name, a.Email)
		}
		texts = append(texts, m.References...)
		texts = append(texts, m.InReplyTo...)
		for _, s := range texts {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8: %q", s)
			}
		}
		if len(m.Snippet) > snippetBytes || strings.HasPrefix(m.ParseError, "panic") {
			t.Fatalf("snippet %d bytes, ParseError %q", len(m.Snippet), m.ParseError)
		}
	})
}

// FuzzReadHeader: the header reader never panics; every field it returns
// has a usable name and a one-line value; and the fields written back out
// read the same again.
func FuzzReadHeader(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, name := range files {
		h, _, _ := loadEML(f, filepath.Base(name))
		f.Add(h)
	}
	f.Add([]byte(" leading continuation\r\nFrom: a@b\r\n\tfolded\r\nno colon here\r\nBad Key: x\r\n: empty\r\n\r\nbody: not header"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		h, _ := readHeader(raw)
		var out strings.Builder
		for _, fl := range h {
			if fl.key == "" || strings.ContainsAny(fl.key, ": \t\n") || strings.Contains(fl.value, "\n") {
				t.Fatalf("field %q: %q", fl.key, fl.value)
			}
			if fl.value != trimWSP(fl.value) {
				t.Fatalf("field %q: value %q not trimmed", fl.key, fl.value)
			}
			out.WriteString(fl.key + ": " + fl.value + "\r\n")
		}
		again, _ := readHeader([]byte(out.String()))
		if len(again) != len(h) {
			t.Fatalf("read back %d fields, want %d", len(again), len(h))
		}
		for i := range h {
			if again[i] != h[i] {
				t.Fatalf("field %d read back as %q, want %q", i, again[i], h[i])
			}
		}
	})
}

// FuzzReadBody: the body and snippet decoder never panics, gives valid
// UTF-8, and a snippet within its bound with its white space collapsed.
func FuzzReadBody(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, name := range files {
		h, body, _ := loadEML(f, filepath.Base(name))
		hd := lenientHeader(h)
		f.Add(hd.Get("Content-Type"), hd.Get("Content-Transfer-Encoding"), body, true)
		f.Add(hd.Get("Content-Type"), hd.Get("Content-Transfer-Encoding"), body[:len(body)/3], false)
	}
	f.Add("multipart/mixed; boundary*=iso-8859-1''b", "", []byte("--b\r\nContent-Type: text/plain; charset=\"charset=us-ascii\"\r\n\r\nx\r\n--b--"), true)
	f.Add("text/plain; charset=gbk", "base64", []byte("1eLKx9bQzsQ="), true)
	f.Fuzz(func(t *testing.T, ct, cte string, body []byte, complete bool) {
		h := header{{"Content-Type", ct}, {"Content-Transfer-Encoding", cte}}
		info := readBody(h, body, complete, false)
		// Decoding only as far as the snippet needs gives the same snippet,
		// where the text is UTF-8 once decoded (else toUTF8 guesses a
		// charset from what it is given, which a prefix may change).
		if short := readBody(h, body, complete, true); utf8.ValidString(info.plain) &&
			!strings.ContainsRune(info.plain, utf8.RuneError) && bodySnippet(short) != bodySnippet(info) {
			t.Fatalf("snippet of the first bytes %q, of the whole text %q", bodySnippet(short), bodySnippet(info))
		}
		// (The notes are made valid UTF-8 where they become ParseError.)
		for _, s := range []string{info.plain, info.html} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8: %q", s)
			}
		}
		for _, s := range []string{snippet(info.plain), snippet(info.html)} {
			if len(s) > snippetBytes || !utf8.ValidString(s) || strings.Contains(s, "  ") || s != strings.TrimSpace(s) {
				t.Fatalf("snippet %q", s)
			}
		}
	})
}

// FuzzReturnDate: the out-of-office date reader never panics, and a date
// it reads lies between the day before the message and a year after it.
func FuzzReturnDate(f *testing.F) {
	ref := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC).Unix()
	for _, s := range []string{
		"I am out of the office until 2 December 2026.",
		"Back on Monday. Urgent matters: call Ann.",
		"Away from 28 Nov until 02.12.2026; limited access to mail.",
		"I will return on 12/03/2026",
		"我12月2日返回办公室。休假至12月5日",
		"returning 2026-12-01",
		"until Jan 5th, back at work again on 6",
	} {
		f.Add(s, ref, int16(60))
	}
	f.Fuzz(func(t *testing.T, text string, refUnix int64, offsetMin int16) {
		if refUnix < 0 || refUnix > 1<<33 {
			refUnix = ref
		}
		loc := time.FixedZone("", int(offsetMin%(15*60))*60)
		r := time.Unix(refUnix, 0).In(loc)
		got := returnDate(text, r)
		if got.IsZero() {
			return
		}
		day := time.Date(r.Year(), r.Month(), r.Day(), 0, 0, 0, 0, loc)
		if got.Before(day.AddDate(0, 0, -1)) || got.After(day.AddDate(1, 0, 0)) {
			t.Fatalf("returnDate(%q, %s) = %s: outside a day before to a year after", text, r, got)
		}
	})
}
