package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// An Italian buyer's new inquiry: there is no ack.it.tmpl, so no English
// "received" draft waits in Lily's Drafts for the Italian thread, and her
// nudge says why and what to do. With "it" in sequences.english_for the
// English draft is written, as before. Lily reading her nudges in Chinese
// is told the same in Chinese.
func TestAckDraftNotInEnglishToAnItalianBuyer(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if tm, _ := set.Lookup(sequences.AckTemplate, "it"); tm == nil || tm.Lang == "it" {
		t.Fatalf("the rig: the default set has an Italian ack template (%+v)", tm)
	}
	for _, tc := range []struct {
		englishFor []string
		lang       string
	}{{nil, "en"}, {nil, "zh"}, {[]string{"it"}, "en"}} {
		englishFor := tc.englishFor
		srv := mailtest.NewMemServer(t)
		w := newWorld(t, srv, false, func(w *world, c *sequences.ReplyConfig) {
			c.Langs = map[string]string{lilyUser: tc.lang}
			c.Ack = sequences.NewAck(sequences.AckConfig{
				Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily Chen"}},
				On:         func(p string) bool { return p == lilyUser },
				Templates:  func() *templates.Set { return set },
				EnglishFor: englishFor,
			}, w.db, testLog())
		})
		w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Marco Rossi <marco@rossi.it>", To: lilyUser, Subject: "Richiesta listino",
			MessageID: "it-1@rossi.it", Body: "Buongiorno, potete inviarci il listino prezzi aggiornato per i pannelli LED? " +
				"Siamo interessati a un ordine di 500 pezzi con consegna a Milano entro la fine del mese. Grazie mille e cordiali saluti, Marco"}, t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		raws, _ := draftsOf(t, w.srv, lilyUser)
		var said bool
		for _, m := range w.nudges() {
			body := decodedText(t, string(m.Raw))
			if tc.lang == "zh" {
				said = said || strings.Contains(body, `没有备好“已收到”草稿：客户用 "it" 写信，而没有 ack.it.tmpl 模板`) &&
					strings.Contains(body, `在 sequences.english_for 中列出 "it"`)
			} else {
				said = said || strings.Contains(body, `No "received" draft: the customer writes in "it" and there is no ack.it.tmpl`) &&
					strings.Contains(body, `list "it" in sequences.english_for`)
			}
		}
		if englishFor == nil {
			if len(raws) != 0 {
				t.Errorf("an English \"received\" draft for the Italian thread: %q", raws)
			}
			if !said {
				t.Errorf("%s: no nudge says why there is no draft: %d nudges", tc.lang, len(w.nudges()))
			}
			continue
		}
		if len(raws) != 1 || !strings.Contains(decodedText(t, raws[0]), "Marco") {
			t.Errorf("english_for = [\"it\"]: drafts %q", raws)
		}
		if said {
			t.Error("english_for = [\"it\"]: the nudge says there is no draft")
		}
	}
}
