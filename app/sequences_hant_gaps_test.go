package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/web"
)

// A team's followup2.zh.tmpl used by a sequence, with no Traditional file
// beside it, is not what Taiwan, Hong Kong and Macao get: the sequence's
// step says so, in English and in Chinese, and so does the team's own
// resend.zh.tmpl, which the built-in resend.zh-hant.tmpl answers for them.
func TestATeamsSimplifiedTemplateWithoutTraditionalIsAnnounced(t *testing.T) {
	tmpl, seqs := t.TempDir(), t.TempDir()
	files := map[string]string{
		"followup2.tmpl":    "subject: Re: {{.Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\nany news on our offer?\n\n{{.Owner.Signature}}\n",
		"followup2.zh.tmpl": "subject: 回复：{{.Original.Subject}}\n--- text\n{{.Contact.Salutation}}：\n\n请问报价有进展吗？\n\n{{.Owner.Signature}}\n",
		"resend.zh.tmpl":    "subject: 回复：{{.Original.Subject}}\n--- text\n{{.Contact.Salutation}}：\n\n我们的邮件您收到了吗？\n\n{{.Owner.Signature}}\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(tmpl, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	seq := "name = \"taipei\"\n\n[[step]]\nafter = \"3d\"\naction = \"email\"\ntemplate = \"followup2\"\n"
	if err := os.WriteFile(filepath.Join(seqs, "taipei.toml"), []byte(seq), 0o644); err != nil {
		t.Fatal(err)
	}
	defs, set, probs := LoadSequenceFiles(seqs, tmpl)
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	_, steps := SequencesWarnings(defs, set, false)
	var got string
	for _, s := range steps {
		if s.Sequence == "taipei" && s.Template == "followup2" {
			got = s.Msg
		}
	}
	if !strings.Contains(got, "followup2.zh.tmpl is not used for Taiwan, Hong Kong or Macao") || !strings.Contains(got, "add followup2.zh-hant.tmpl") {
		t.Fatalf("steps: %+v", steps)
	}
	if zh := (web.Lang{Code: "zh"}).Err(got); !strings.Contains(zh, "台湾、香港、澳门") || !strings.Contains(zh, "followup2.zh-hant.tmpl") {
		t.Errorf("in Chinese: %q", zh)
	}
	var resend string
	for _, s := range steps {
		if s.Template == "resend" {
			resend = s.Msg
		}
	}
	if !strings.Contains(resend, "they get the built-in resend.zh-hant.tmpl") {
		t.Errorf("resend: %q (steps %+v)", resend, steps)
	}
	if zh := (web.Lang{Code: "zh"}).Err(resend); !strings.Contains(zh, "内置的 resend.zh-hant.tmpl") {
		t.Errorf("in Chinese: %q", zh)
	}
}
