package config

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: the config loader never panics on any file; what it accepts
// is a complete, valid config.
func FuzzParse(f *testing.F) {
	f.Add([]byte(Example))
	files, _ := filepath.Glob(filepath.Join("testdata", "*.toml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("[team]\ninternal_domains = [\"a.example\"]\n[[mailbox]]\nname = \"x\"\nurl = \"imap://[::1\"\n"))
	f.Add([]byte("database = \"\x00\"\n[sync]\npoll_interval = \"-5s\"\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		cfg, err := Parse(body)
		if err != nil {
			if cfg != nil {
				t.Fatalf("a config and an error: %v", err)
			}
			return
		}
		if cfg == nil {
			t.Fatal("no config and no error")
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("accepted, then invalid: %v", err)
		}
		for _, mb := range cfg.Mailboxes {
			if mb.Name == "" {
				t.Fatal("accepted a mailbox without a name")
			}
		}
	})
}
