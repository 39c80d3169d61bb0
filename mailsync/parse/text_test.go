package parse

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// Outbound mail keeps its text with its line breaks (a follow-up quotes it);
// HTML-only mail gets one line per paragraph or <br>; inbound mail keeps
// none.
func TestOutboundMailKeepsItsLines(t *testing.T) {
	team := testTeam()
	plain := "From: Lily <lily@team.example>\r\nTo: Hans Meier <hans@buyer.de>\r\nSubject: Quotation\r\n" +
		"Message-ID: <q1@team.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	body := "Dear Mr. Meier,\r\n\r\nplease find our quotation attached.\r\nPrices are valid for 30 days.   \r\n\r\n\r\n\r\nBest regards,\r\nLily\r\n"
	m := team.Parse([]byte(plain), []byte(body), int64(len(plain)+len(body)), keepwarm.RoleSent)
	want := "Dear Mr. Meier,\n\nplease find our quotation attached.\nPrices are valid for 30 days.\n\nBest regards,\nLily"
	if m.Kind != keepwarm.KindOutbound || m.Text != want || m.TextCut {
		t.Fatalf("outbound text %q (kind %s, cut %v), want %q", m.Text, m.Kind, m.TextCut, want)
	}
	if strings.Contains(m.Snippet, "\n") {
		t.Fatalf("snippet %q has a line break", m.Snippet)
	}

	html := "From: Lily <lily@team.example>\r\nTo: Hans Meier <hans@buyer.de>\r\nSubject: Quotation\r\n" +
		"Message-ID: <q2@team.example>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
	hbody := "<html><body><p>Dear Mr.\r\nMeier,</p><p>please find our <b>quotation</b> attached.<br>Valid 30 days.</p><div>Lily</div></body></html>"
	m = team.Parse([]byte(html), []byte(hbody), int64(len(html)+len(hbody)), keepwarm.RoleSent)
	want = "Dear Mr. Meier,\n\nplease find our quotation attached.\nValid 30 days.\n\nLily"
	if m.Text != want {
		t.Fatalf("HTML-only outbound text %q, want lines %q", m.Text, want)
	}

	in := strings.Replace(strings.Replace(plain, "From: Lily <lily@team.example>", "From: Hans Meier <hans@buyer.de>", 1),
		"To: Hans Meier <hans@buyer.de>", "To: Lily <lily@team.example>", 1)
	m = team.Parse([]byte(in), []byte(body), int64(len(in)+len(body)), keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindInbound || m.Text != "" {
		t.Fatalf("inbound mail keeps text %q (kind %s)", m.Text, m.Kind)
	}
	cut := team.Parse([]byte(plain), []byte(body), int64(len(plain)+len(body))+5000, keepwarm.RoleSent)
	if !cut.TextCut {
		t.Fatal("a prefix of a longer message is not marked cut")
	}
}

// keptTextSlow is keptText as first written, line by line with whole-text
// replacements: the reference the one-pass keptText is checked against.
func keptTextSlow(s string, cut bool) (string, bool) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	blank := 0
	for _, l := range lines {
		l = strings.Trim(l, " \t\u00a0")
		for strings.Contains(l, "  ") {
			l = strings.ReplaceAll(l, "  ", " ")
		}
		if l == "" {
			blank++
			if blank > 1 || len(out) == 0 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	s = strings.TrimRight(strings.Join(out, "\n"), "\n")
	if len(s) > textBytes {
		s, cut = clip(s, textBytes), true
	}
	return s, cut
}

func TestKeptTextMatchesReference(t *testing.T) {
	pieces := []string{"a", "Dear Sir", " ", "  ", "\t", "\u00a0", "\r\n", "\n", "\r", "\r\r\n", "中文", "x  y", "\n\n\n", "> quoted"}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		var b strings.Builder
		n := r.IntN(40)
		if i%100 == 0 {
			n = 6000 // past textBytes
		}
		for range n {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		for _, cut := range []bool{false, true} {
			got, gotCut := keptText(s, cut)
			want, wantCut := keptTextSlow(s, cut)
			if got != want || gotCut != wantCut {
				t.Fatalf("keptText(%q, %v) = %q, %v; want %q, %v", clip(s, 300), cut, clip(got, 300), gotCut, clip(want, 300), wantCut)
			}
		}
	}
}

// Team.Parse decodes the text part of mail whose text it does not keep only
// as far as the snippet needs: the snippet, and what is read from it (kind,
// return date), must be what the whole text gives.
func TestSnippetOnlyMatchesWholeText(t *testing.T) {
	team := NewTeam([]string{"keepwarm-trading.com"}, nil, []string{"gmail.com", "hotmail.com", "yahoo.com", "outlook.com"})
	short := 0
	for i := range 1500 {
		msg := mailtest.GenExport(i, mailtest.GenOptions{TeamDomain: "keepwarm-trading.com", Customers: 400})
		h, body, _ := bytes.Cut(msg, []byte("\r\n\r\n"))
		h = append(h, "\r\n\r\n"...)
		body = body[:min(len(body), 4096)]
		got := team.Parse(h, body, int64(len(msg)), keepwarm.RoleInbox)
		whole := Message(h, body, int64(len(msg)))
		team.Classify(&whole, keepwarm.RoleInbox)
		if got.Snippet != whole.Snippet || got.Kind != whole.Kind || !got.AutoReplyUntil.Equal(whole.AutoReplyUntil) ||
			got.BouncedRecipient != whole.BouncedRecipient || got.Text != whole.Text || got.ParseError != whole.ParseError {
			t.Fatalf("message %d: snippet-only parse differs:\n%q %s %v %q\nwhole:\n%q %s %v %q", i,
				got.Snippet, got.Kind, got.AutoReplyUntil, got.ParseError, whole.Snippet, whole.Kind, whole.AutoReplyUntil, whole.ParseError)
		}
		if got.Kind != keepwarm.KindOutbound && len(got.Snippet) == snippetBytes {
			short++
		}
	}
	if short < 300 {
		t.Fatalf("only %d messages had a full snippet: the test does not reach the cut", short)
	}
}

// snippetSlow is the snippet as strings.Fields would make it: the
// reference snippet is checked against.
func snippetSlow(s string) string {
	return clip(strings.Join(strings.Fields(s), " "), snippetBytes)
}

func TestSnippetMatchesFields(t *testing.T) {
	pieces := []string{"a", "word", " ", "\t", "\r\n", "\u00a0", "\u3000", "中文", "é", strings.Repeat("x", 700), "  \n "}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		if got, want := snippet(b.String()), snippetSlow(b.String()); got != want {
			t.Fatalf("snippet(%q) = %q, want %q", clip(b.String(), 200), clip(got, 200), clip(want, 200))
		}
	}
}

func TestIndexDoubleSpaceAndTrim(t *testing.T) {
	pieces := []string{"a", " ", "  ", "!", "\t", "\u00a0", "中文", "xyz"}
	r := rand.New(rand.NewPCG(5, 6))
	for range 50000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := indexDoubleSpace(s), strings.Index(s, "  "); got != want {
			t.Fatalf("indexDoubleSpace(%q) = %d, want %d", s, got, want)
		}
		if got, want := trimBlanks(s), strings.Trim(s, " \t\u00a0"); got != want {
			t.Fatalf("trimBlanks(%q) = %q, want %q", s, got, want)
		}
	}
}
