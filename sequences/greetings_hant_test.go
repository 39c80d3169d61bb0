package sequences_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// A Taiwanese buyer the book writes to in Traditional Chinese (zh-hant, as
// an import of the country or of "zh-TW" records) is greeted for the
// Spring Festival in Traditional characters, never with the Simplified
// chinese-new-year.zh.tmpl; a birthday with no Traditional (nor Chinese)
// variant is not sent, and the plan names the language.
func TestATaiwaneseBuyerIsGreetedInTraditional(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"spring-festival", "birthday"}, nil
	tw := customer{key: "domain:taipei-led.tw", name: "Taipei LED", grade: "A", country: "TW", tz: "Asia/Taipei",
		lang: "zh-hant", email: "chen@taipei-led.tw", contact: "陳明", birthday: "1982-02-20"}
	r.add(tw)
	r.start(nil)
	plan := r.planOf("2027-02")
	if it := plan[tw.email+" birthday"]; it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "no zh-hant variant of the birthday template") {
		t.Errorf("birthday: %q (%s)", it.Status, it.Reason)
	}
	var cny sequences.PlanItem
	for k, it := range plan {
		if strings.HasPrefix(k, tw.email+" ") && it.Status == sequences.PlanPlanned {
			cny = it
		}
	}
	if cny.Subject != "新春快樂 — Lily Chen" {
		t.Fatalf("Spring Festival: %+v", cny)
	}
	r.replay(time.Date(2027, 2, 6, 0, 0, 0, 0, time.UTC), time.Hour)
	got := r.inbox(tw.email)
	if len(got) != 1 || got[0].Subject != "新春快樂 — Lily Chen" {
		t.Fatalf("received %+v", got)
	}
}

// A manager's holiday.zh-tw.tmpl writing {{.Occasion}} names the festival
// in Traditional characters: 中秋節, never the Simplified 中秋节.
func TestAnOccasionIsNamedInTraditional(t *testing.T) {
	set, err := templates.Load(templates.Defaults(), fstest.MapFS{"holiday.zh-tw.tmpl": {Data: []byte(
		"subject: {{.Occasion}}快樂\n--- text\n{{.Contact.Salutation}}：\n\n祝您{{.Occasion}}快樂！\n\n{{.Owner.Signature}}\n")}})
	if err != nil {
		t.Fatal(err)
	}
	rec := keepwarm.Recipient{Customer: keepwarm.Customer{Key: "domain:taipei-led.tw", Name: "Taipei LED", Language: "zh-hant"},
		Contact: keepwarm.Contact{Email: "chen@taipei-led.tw", Name: "陳明"}}
	s := sequences.GreetingSender{From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}}
	r, _, err := sequences.RenderGreeting(set, "holiday", "", "Mid-Autumn Festival", rec, "", s)
	if err != nil {
		t.Fatal(err)
	}
	if r.File != "holiday.zh-tw.tmpl" || r.Subject != "中秋節快樂" || !strings.Contains(r.Text, "祝您中秋節快樂") {
		t.Fatalf("%s: %q\n%s", r.File, r.Subject, r.Text)
	}
}
