package parse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
