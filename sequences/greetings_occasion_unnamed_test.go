package sequences_test

import (
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// The team's holiday.zh.tmpl says "祝您{{.Occasion}}快乐", and Singapore's
// National Day has no Chinese name here: 王伟 is not sent "祝您National
// Day快乐", an English word in a Chinese greeting that shows it was
// filled in. The plan says why and how to fix it.
func TestAnOccasionWithoutANameInTheTemplatesLanguageIsNotSent(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"national-day"}, nil
	r.add(customer{key: "domain:lion-light.sg", name: "Lion Light", grade: "A", country: "SG", tz: "Asia/Singapore",
		lang: "zh", email: "wang@lion-light.sg", contact: "王伟"})
	r.startWith(map[string]string{"holiday.zh.tmpl": "subject: {{.Occasion}}快乐\n--- text\n{{.Contact.Salutation}}：\n\n祝您{{.Occasion}}快乐！\n\n{{.Owner.Signature}}\n"})
	plan, err := r.job.PlanMonth(r.ctx, "2026-08", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	var got []sequences.PlanItem
	for _, it := range plan.Items {
		if it.Occasion == "national-day" {
			got = append(got, it)
		}
	}
	if len(got) != 1 {
		t.Fatalf("National Day greetings: %+v", got)
	}
	it := got[0]
	want := `no zh name for National Day: holiday.zh.tmpl would write it in English (write national-day.zh.tmpl in its own words)`
	if it.Status != sequences.PlanSkip || it.Reason != want {
		t.Errorf("王伟's National Day greeting: %s %q; want skipped: %q", it.Status, it.Reason, want)
	}
	r.replay(time.Date(2026, 8, 10, 0, 0, 0, 0, time.UTC), time.Hour)
	if n := r.sentTo("wang@lion-light.sg"); n != 0 {
		t.Errorf("%d greetings went to 王伟", n)
	}
}

// A German Diwali text that says "Diwali" in its own words is no English
// name filled in: it goes. The same text writing {{.Occasion}} goes too:
// "Diwali" is the German name as well ("Frohes Diwali"). National Day,
// which has no Chinese name here, is still refused (above).
func TestAnOccasionsNameWrittenByTheTemplateItselfIsNotRefused(t *testing.T) {
	files := fstest.MapFS{
		"diwali.tmpl":    {Data: []byte("subject: Happy {{.Occasion}}\n--- text\n{{.Contact.Salutation}},\n\nhappy {{.Occasion}}.\n\n{{.Owner.Signature}}\n")},
		"diwali.de.tmpl": {Data: []byte("subject: Frohes Diwali\n--- text\n{{.Contact.Salutation}},\n\nfrohes Diwali!\n\n{{.Owner.Signature}}\n")},
	}
	filled := fstest.MapFS{"diwali.tmpl": files["diwali.tmpl"],
		"diwali.de.tmpl": {Data: []byte("subject: Frohes {{.Occasion}}\n--- text\n{{.Contact.Salutation}},\n\nfrohes {{.Occasion}}!\n\n{{.Owner.Signature}}\n")}}
	var r keepwarm.Recipient
	r.Contact.Name, r.Contact.Email, r.Language = "Hans Meier", "hans@globex.de", "de"
	s := sequences.GreetingSender{From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, Signature: "Lily Chen"}
	for _, c := range []struct {
		files fstest.MapFS
		want  string
	}{
		{files, ""},
		{filled, ""},
	} {
		set, err := templates.Load(c.files)
		if err != nil {
			t.Fatal(err)
		}
		out, _, err := sequences.RenderGreeting(set, "diwali", "", "Diwali", r, "", s)
		if err != nil {
			t.Fatal(err)
		}
		if got := sequences.GreetingRefusal(set, "diwali", "", "diwali", "Diwali", r, s, out, nil); got != c.want {
			t.Errorf("%s: refusal %q, want %q", out.Text, got, c.want)
		}
	}
}
