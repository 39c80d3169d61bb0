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
	got, cut := snippetQuote(en, "Hans Meier")
	if !cut || strings.Contains(got, "Lily Chen wrote") || !strings.HasPrefix(got, "Dear Lily,\n\nplease quote") ||
		!strings.HasSuffix(got, "\n\nBest regards,\nHans Meier") {
		t.Fatalf("cut %v:\n%s", cut, got)
	}
	lines := strings.Split(got, "\n")
	if len(lines) < 3 {
		t.Fatalf("not broken into lines:\n%s", got)
	}
	for _, l := range lines {
		if len(l) > quoteWidth || l != strings.TrimSpace(l) {
			t.Fatalf("line %q (%d bytes)", l, len(l))
		}
	}
	if strings.Join(strings.Fields(got), " ") != "Dear Lily, please quote 2000 pcs of the 60x60 LED panels, 4000K, delivered CIF Hamburg. "+
		"We need the offer by Friday because our customer decides next week. Best regards, Hans Meier" {
		t.Fatalf("words lost or changed:\n%s", got)
	}

	// Gmail, Apple Mail and Outlook.com write the salesperson's name and
	// address first in Chinese, Italian, Dutch, Russian and Japanese: the
	// quote ends with the buyer's own signature, not with "Lily Chen
	// <lily@acme.com> 于2026年…".
	for _, c := range []struct{ snippet, end string }{
		{"好的，请发PI。 王伟 Lily Chen <lily@acme.com> 于2026年12月1日周二 10:00写道： > 王经理您好，附件是报价。", "王伟"},
		{"好的，請發PI。 王偉 Lily Chen <lily@acme.com> 於 2026年12月1日 週二 上午10:00寫道： > 王經理您好，附件是報價。", "王偉"},
		{"好的，請發PI。 王偉 Lily Chen <lily@acme.com> 於 2026年12月1日 10:00 寫道： 王經理您好，附件是報價。", "王偉"},
		{"Va bene, mandate la PI. Cordiali saluti, Marco Rossi Il giorno lun 1 dic 2026 alle ore 10:00 Lily Chen <lily@acme.com> ha scritto: > Gentile Marco", "Marco Rossi"},
		{"Prima, stuur de PI. Met vriendelijke groet, Jan de Vries Op ma 1 dec 2026 om 10:00 schreef Lily Chen <lily@acme.com>: > Beste Jan", "Jan de Vries"},
		{"Хорошо, пришлите PI. С уважением, Иван Петров пн, 1 дек. 2026 г. в 10:00, Lily Chen <lily@acme.com>: > Уважаемый Иван", "Иван Петров"},
		{"了解しました。PIを送ってください。 山田太郎 2026年12月1日(火) 10:00 Lily Chen <lily@acme.com>: > 山田様", "山田太郎"},
	} {
		got, cut := snippetQuote(c.snippet, "")
		if !cut || strings.Contains(got, "lily@acme.com") || strings.Contains(got, "Lily") || strings.Contains(got, "2026") ||
			!strings.HasSuffix(got, c.end) {
			t.Errorf("%q:\n%s", c.snippet, got)
		}
	}

	// A signature ending with an address, over an Outlook header block,
	// is the buyer's and stays.
	sig := "Please send the PI. Best regards, Hans Meier Globex GmbH <hans@globex.de> From: Lily Chen <lily@acme.com> Sent: Monday, November 30, 2026 10:00 AM Subject: PI"
	if got, _ := snippetQuote(sig, "Hans Meier"); !strings.HasSuffix(got, "Globex GmbH <hans@globex.de>") {
		t.Errorf("%q:\n%s", sig, got)
	}

	// Chinese has no spaces: lines break between characters, 36 of them
	// (two columns each) at most.
	zh := strings.Repeat("请报2000件LED面板的价格，交货地点上海港。", 6)
	got, cut = snippetQuote(zh, "")
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
	if got, cut := snippetQuote("Thanks, received.", ""); got != "Thanks, received." || cut {
		t.Fatalf("%q %v", got, cut)
	}
	if _, cut := snippetQuote(strings.Repeat("word ", 410)[:2047], ""); !cut {
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

// The "received" draft quotes the buyer's mail laid out as he wrote it, as
// far as its snippet tells: the opening on its own line, the sign-off and
// his name on theirs, each signature item on the next; never one
// paragraph with the signature run into the text.
func TestSnippetQuoteKeepsTheMailsShape(t *testing.T) {
	for _, c := range []struct{ name, snippet, want string }{
		{"Hans Meier", "Dear Lily, please confirm 5,000 pcs by Friday. Delivery to Hamburg as last time. Best regards Hans Meier Purchasing Manager | Globex GmbH Tel. +49 30 1234567",
			"Dear Lily,\n\nplease confirm 5,000 pcs by Friday. Delivery to Hamburg as last time.\n\nBest regards\nHans Meier\nPurchasing Manager | Globex GmbH\nTel. +49 30 1234567"},
		{"Juan López", "Hola Lily: necesitamos la oferta antes del viernes. Saludos cordiales, Juan López Compras E-mail: juan@lopez.es",
			"Hola Lily:\n\nnecesitamos la oferta antes del viernes.\n\nSaludos cordiales,\nJuan López\nCompras\nE-mail: juan@lopez.es"},
		{"", "With regards to your offer, we need 500 pcs more and the delivery time for the whole order, which our customer asks about every day now, as the project starts in January and nothing may be late. Thanks",
			"With regards to your offer, we need 500 pcs more and the delivery time for the whole order, which our customer asks about every day now, as the project starts in January and nothing may be late. Thanks"},
	} {
		if got := strings.Join(mailLines(c.snippet, c.name), "\n"); got != c.want {
			t.Errorf("%q:\n%s\nwant\n%s", c.snippet, got, c.want)
		}
	}
	o := originalOf(keepwarm.Message{From: keepwarm.Address{Name: "Hans Meier", Email: "hans@globex.de"},
		Snippet: "Dear Lily, please confirm 5,000 pcs by Friday. Best regards Hans Meier Tel. +49 30 1234567"}, Identity{})
	if !strings.Contains(o.Text, "\nBest regards\nHans Meier\nTel. +49 30 1234567") {
		t.Errorf("quoted:\n%s", o.Text)
	}
}

// A buyer's answer over an Outlook header block ("Van: … Verzonden: …",
// "Da: … Inviato: …") or an "-----Original Message-----" line has no
// attribution line before the cut: his own sentence starting "Op
// maandag" or "Il giorno 15" is his, and stays in the quote and in the
// nudge's excerpt.
func TestSnippetQuoteKeepsASentenceLikeAnAttributionStart(t *testing.T) {
	for _, c := range []struct{ snippet, name, keep, end string }{
		{"Prima, akkoord. Op maandag sturen wij de betaling. Met vriendelijke groet, Jan de Vries Van: Lily Chen <lily@acme.com> Verzonden: maandag 30 november 2026 10:00 Onderwerp: PI",
			"Jan de Vries", "Op maandag sturen wij de betaling", "Jan de Vries"},
		{"Va bene. Il giorno 15 consegniamo la merce. Cordiali saluti, Marco Rossi Da: Lily Chen <lily@acme.com> Inviato: lunedì 30 novembre 2026 10:00 Oggetto: PI",
			"Marco Rossi", "Il giorno 15 consegniamo la merce.", "Marco Rossi"},
		{"Fine. On Monday we pay the deposit. Best regards, Hans Meier -----Original Message----- From: Lily Chen Sent: Monday, November 30, 2026 10:00 AM",
			"Hans Meier", "On Monday we pay the deposit.", "Hans Meier"},
		// With no date, " Op " before a quote is the buyer's sentence,
		// not Outlook.com's "Op ma 1 dec 2026 om 10:00 schreef".
		{"Prima. Op voorraad graag. Jan > Beste Jan, hierbij de PI.", "", "Op voorraad graag. Jan", "Op voorraad graag. Jan"},
	} {
		got, cut := snippetQuote(c.snippet, c.name)
		if !cut || !strings.Contains(strings.Join(strings.Fields(got), " "), c.keep) || !strings.HasSuffix(got, c.end) || strings.Contains(got, "Lily") {
			t.Errorf("%q:\n%s", c.snippet, got)
		}
		if ex := nudgeExcerpt(c.snippet, c.name); !strings.Contains(ex, c.keep) || strings.Contains(ex, "Lily") {
			t.Errorf("excerpt of %q: %q", c.snippet, ex)
		}
	}
}

// An attribution that gives the quoted mail's address with no name before
// it (a shared sales@ without from_name) leaves the buyer's own name, which
// stands before it, in the quote and in the nudge's excerpt.
func TestSnippetQuoteKeepsTheBuyersNameBeforeANamelessAttribution(t *testing.T) {
	for _, c := range []struct{ snippet, name, end string }{
		{"好的，请发PI。 王伟 <sales@acme.com> 于2026年12月1日周二 10:00写道： > 王经理您好", "王伟", "王伟"},
		{"Please send the PI. Best regards, Hans Meier <sales@acme.com>: > Dear Hans", "Hans Meier", "Hans Meier"},
		{"Please send the PI. Best regards, Hans Meier Lily <lily@acme.com>: > Dear Hans", "Hans Meier", "Hans Meier"},
		// Its case is no matter, whatever else the text writes (İzmir).
		{"Please send the PI, we meet in İzmir. Best regards, HANS MEIER <sales@acme.com>: > Dear Hans", "Hans Meier", "HANS MEIER"},
		// A named attribution still goes.
		{"好的，请发PI。 王伟 Lily Chen <lily@acme.com> 于2026年12月1日周二 10:00写道： > 王经理您好", "王伟", "王伟"},
	} {
		got, cut := snippetQuote(c.snippet, c.name)
		if !cut || !strings.HasSuffix(got, c.end) || strings.Contains(got, "@") || strings.Contains(got, "Lily") {
			t.Errorf("%q:\n%s", c.snippet, got)
		}
		if ex := nudgeExcerpt(c.snippet, c.name); !strings.HasSuffix(ex, c.end) || strings.Contains(ex, "@") || strings.Contains(ex, "Lily") {
			t.Errorf("excerpt of %q: %q", c.snippet, ex)
		}
	}
}
