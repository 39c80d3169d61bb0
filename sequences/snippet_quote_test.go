package sequences

import (
	"strings"
	"testing"

	"keepwarm"
)

// A customer's mail is kept only as its one-line snippet: the quote shows
// it as a paragraph, in lines a mail client would show, without the
// history the customer quoted, and says when something was left out.
func TestSnippetQuote(t *testing.T) {
	en := "Dear Lily, please quote 2000 pcs of the 60x60 LED panels, 4000K, delivered CIF Hamburg. " +
		"We need the offer by Friday because our customer decides next week. Best regards, Hans Meier " +
		"On Mon, 2 Nov 2026 Lily Chen wrote: Dear Hans, thank you for your interest in our LED panels."
	got, cut := snippetQuote(en)
	if !cut || strings.Contains(got, "Lily Chen wrote") || !strings.HasPrefix(got, "Dear Lily, please quote") ||
		!strings.HasSuffix(got, "Best regards, Hans Meier") {
		t.Fatalf("cut %v:\n%s", cut, got)
	}
	lines := strings.Split(got, "\n")
	if len(lines) < 3 {
		t.Fatalf("not broken into lines:\n%s", got)
	}
	for _, l := range lines {
		if len(l) > quoteWidth || l != strings.TrimSpace(l) || l == "" {
			t.Fatalf("line %q (%d bytes)", l, len(l))
		}
	}
	if strings.Join(strings.Fields(got), " ") != "Dear Lily, please quote 2000 pcs of the 60x60 LED panels, 4000K, delivered CIF Hamburg. "+
		"We need the offer by Friday because our customer decides next week. Best regards, Hans Meier" {
		t.Fatalf("words lost or changed:\n%s", got)
	}

	// Chinese has no spaces: lines break between characters, 36 of them
	// (two columns each) at most.
	zh := strings.Repeat("请报2000件LED面板的价格，交货地点上海港。", 6)
	got, cut = snippetQuote(zh)
	if cut || strings.ReplaceAll(got, "\n", "") != zh {
		t.Fatalf("cut %v, text changed:\n%s", cut, got)
	}
	for _, l := range strings.Split(got, "\n") {
		cols := 0
		for _, r := range l {
			cols += runeColumns(r)
		}
		if cols > quoteWidth {
			t.Fatalf("line of %d columns: %q", cols, l)
		}
	}

	// A short mail is one line and whole; a snippet sync cut at 2 KB is cut.
	if got, cut := snippetQuote("Thanks, received."); got != "Thanks, received." || cut {
		t.Fatalf("%q %v", got, cut)
	}
	if _, cut := snippetQuote(strings.Repeat("word ", 410)[:2047]); !cut {
		t.Fatal("a full snippet is not marked cut")
	}
}

// The "received" draft quotes the customer's mail (kept as a snippet only)
// that way; a message whose text is kept is quoted from it, line breaks
// and all.
func TestOriginalOfASnippetOnlyMessage(t *testing.T) {
	long := strings.Repeat("Please quote the 60x60 panels. ", 5) + "Hans -----Original Message----- From: Lily"
	o := originalOf(keepwarm.Message{Snippet: long}, Identity{})
	if !o.Cut || strings.Contains(o.Text, "Original Message") || !strings.Contains(o.Text, "\n") {
		t.Fatalf("cut %v:\n%s", o.Cut, o.Text)
	}
	o = originalOf(keepwarm.Message{Snippet: long, Text: "Dear Hans,\n\nour quotation.\n"}, Identity{})
	if o.Cut || o.Text != "Dear Hans,\n\nour quotation.\n" {
		t.Fatalf("kept text: cut %v %q", o.Cut, o.Text)
	}
}
