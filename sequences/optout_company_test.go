package sequences

import (
	"strings"
	"testing"
	"time"
)

func TestOptOutForCompany(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"Please remove us from your mailing list.", true},
		{"Kindly take us off your list, thanks", true},
		{"Por favor, no nos envíen más correos.", true},
		{"Отпишите нас от рассылки, пожалуйста.", true},
		{"请不要再给我们发邮件了，我们退订", true},
		{"Please remove me from your mailing list. We are busy.", false},
		{"Unsubscribe", false},
		{"Please remove me from your list.\n> please remove us from the cc", false},
		{"请帮我们退订", true},
		{"王经理 以后请不要再给我们发邮件了", true},
		{"We don't want more mail, so please remove us from your list.", true},
		// The plural in a sentence that denies it, or that is not the request.
		{"Please take me off the newsletter. But don't take us off your supplier list, we will order again in spring.", false},
		{"Please take me off the newsletter. But don't take us off your list, we will order again in spring.", false},
		{"Unsubscribe me. Please do not remove us from your list, Hans still buys.", false},
		{"Unsubscribe me, and remove us from the Cc of the shipping notices, our forwarder handles them", false},
		{"取消订阅。上批货我们退订了", false},
	} {
		if got := optOutForCompany("Re: Quotation", c.text); got != c.want {
			t.Errorf("optOutForCompany(%q) = %t; want %t", c.text, got, c.want)
		}
	}
}

// A customer opted out as a whole is one line in the digest, naming who
// asked and how to undo it, in the digest's language.
func TestDigestCompanyOptOutLine(t *testing.T) {
	at := time.Date(2026, 12, 4, 7, 5, 0, 0, time.UTC)
	for lang, want := range map[string]string{
		"":   "ute@c.example asked for the whole company: nobody at c.example is written to any more",
		"zh": "ute@c.example 代表整个公司提出：c.example 的所有人都不再收到邮件",
	} {
		d := zhDigest(lang)
		d.OptedOut = []DigestOptOut{{Email: "ute@c.example", Customer: "domain:c.example", At: at, Subject: "Re: offer", Company: true}}
		text := d.Text()
		if !strings.Contains(text, want) || !strings.Contains(text, "--opted-out=false") {
			t.Errorf("digest (%q) lacks %q and its undo:\n%s", lang, want, text)
		}
	}
}

// Every phrase in the company's name is an opt-out first: the company is
// asked about only in an answer optOutIn takes for one, so a phrase the
// built-in words do not hold would never take effect.
func TestEveryCompanyPhraseIsAnOptOut(t *testing.T) {
	for _, w := range companyOptOutWords {
		text := w + "."
		if !optOutForCompany("Re: Quotation", text) {
			t.Errorf("optOutForCompany(%q) = false", text)
		}
		if !optOutIn("Re: Quotation", text, DefaultOptOutWords()) {
			t.Errorf("optOutIn(%q) = false: the company phrase never takes effect", text)
		}
	}
}
