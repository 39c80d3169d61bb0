package templates

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

func TestAttributionPerLanguage(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 16, 1, 6, 0, 0, time.UTC).In(sh) // 09:06 in Shanghai
	lily := keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}
	for lang, want := range map[string]string{
		"":      "On Mon, 16 Nov 2026 at 09:06, Lily Chen <lily@seller.example> wrote:",
		"en-GB": "On Mon, 16 Nov 2026 at 09:06, Lily Chen <lily@seller.example> wrote:",
		"zh":    "在 2026年11月16日 09:06，Lily Chen 写道：",
		"de":    "Am Mo., 16. Nov. 2026 um 09:06 Uhr schrieb Lily Chen <lily@seller.example>:",
		"es":    "El lun, 16 nov 2026 a las 09:06, Lily Chen <lily@seller.example> escribió:",
		"fr":    "Le lun. 16 nov. 2026 à 09:06, Lily Chen <lily@seller.example> a écrit :",
		"xx":    "On Mon, 16 Nov 2026 at 09:06, Lily Chen <lily@seller.example> wrote:",
	} {
		if got := Attribution(lily, at, lang); got != want {
			t.Errorf("Attribution(%q) = %q, want %q", lang, got, want)
		}
	}
}

// The resend quotes the original below the signature as a mail client
// does: attribution, then its lines, "> "-quoted in text and in a
// <blockquote type="cite"> in HTML, the same lines in both.
func TestResendQuotesTheOriginalInBothParts(t *testing.T) {
	set, err := Load(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	data := SampleData()
	data.Original.Text = "Dear Anna,\n\nplease find our quotation attached.\nPrices <net> & valid 30 days.\n\nLi Wei"
	r, err := set.Render("resend", "de", data)
	if err != nil {
		t.Fatal(err)
	}
	wantText := "Am Mo., 2. Nov. 2026 um 09:30 Uhr schrieb Li Wei <li@seller.example>:\n" +
		"> Dear Anna,\n>\n> please find our quotation attached.\n> Prices <net> & valid 30 days.\n>\n> Li Wei\n"
	if !strings.HasSuffix(r.Text, wantText) {
		t.Fatalf("text part ends\n%s\nwant the quote\n%s", r.Text, wantText)
	}
	wantHTML := "<div>Am Mo., 2. Nov. 2026 um 09:30 Uhr schrieb Li Wei &lt;li@seller.example&gt;:</div>\n" +
		`<blockquote type="cite"`
	for _, want := range []string{wantHTML, "please find our quotation attached.<br>\nPrices &lt;net&gt; &amp; valid 30 days.<br>\n<br>\nLi Wei\n</blockquote>"} {
		if !strings.Contains(r.HTML, want) {
			t.Fatalf("html part lacks %q:\n%s", want, r.HTML)
		}
	}
}

func TestQuoteIsBounded(t *testing.T) {
	set, _ := Load(Defaults())
	data := SampleData()
	var b strings.Builder
	for i := 1; i <= 100; i++ {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	data.Original.Text = b.String()
	r, err := set.Render("resend", "", data)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "> line 60\n> […]") || strings.Contains(r.Text, "line 61") {
		t.Fatalf("text quote not cut after 60 lines:\n%s", r.Text)
	}
	if !strings.Contains(r.HTML, "line 60<br>\n[…]") || strings.Contains(r.HTML, "line 61") {
		t.Fatalf("html quote not cut after 60 lines:\n%s", r.HTML)
	}
	data.Original.Text = strings.Repeat("x", 100) + "\n" + strings.Repeat("y", 9000)
	r, _ = set.Render("resend", "", data)
	if strings.Contains(r.Text, "yyy") || !strings.Contains(r.Text, "> […]") {
		t.Fatal("text quote not cut at 8 KB")
	}
}

// Outlook's plain-text part writes a link's target after its text and an
// inline image as "[cid:…]"; a client quoting the mail shows neither, and
// the quote under a resend does not either, in text or in HTML.
func TestQuoteLeavesOutOutlookPlainTextArtefacts(t *testing.T) {
	set, err := Load(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	data := SampleData()
	data.Original.Text = "Dear Hans,\r\nsee www.x.com/led<http://www.x.com/led>\r\nour catalogue<https://x.com/c.pdf> and prices <net>\r\n" +
		"Lily\r\nE: lily@x.com<mailto:lily@x.com>\r\n[cid:image001.png@01DB2C3D.4E5F6A70]\r\nLogo [cid:image002.jpg@01DB2C3D.4E5F6A70] Bright Co.\r\n"
	r, err := set.Render("resend", "", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{r.Text, r.HTML} {
		for _, bad := range []string{"<mailto:", "&lt;mailto:", "<http://www.x.com/led>", "&lt;http://www.x.com/led&gt;", "&lt;https://x.com", "[cid:"} {
			if strings.Contains(part, bad) {
				t.Errorf("quote shows %q:\n%s", bad, part)
			}
		}
	}
	for _, want := range []string{"> see www.x.com/led\n", "> our catalogue and prices <net>\n", "> E: lily@x.com\n", "> Lily\n> E: lily@x.com\n> Logo Bright Co.\n"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("text quote lacks %q:\n%s", want, r.Text)
		}
	}
	if !strings.Contains(r.HTML, "E: lily@x.com<br>\nLogo Bright Co.") {
		t.Errorf("html quote:\n%s", r.HTML)
	}
}
