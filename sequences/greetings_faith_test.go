package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/book"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/store"
)

// mark imports a customer-book sheet with each address's holidays, as
// `keepwarm customers import` does with a "holidays" column.
func (r *greetRig) mark(holidays map[string]string) {
	r.t.Helper()
	rows := [][]string{{"email", "holidays"}}
	for email, h := range holidays {
		rows = append(rows, []string{email, h})
	}
	sheet, err := book.Parse(rows, book.ParseOptions{})
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.db.ImportBook(r.ctx, r.clock.Now(), sheet, store.ImportOptions{Owner: lily}); err != nil {
		r.t.Fatal(err)
	}
}

// planOf is the month's plan by recipient address and occasion.
func (r *greetRig) planOf(month string) map[string]sequences.PlanItem {
	r.t.Helper()
	plan, err := r.job.PlanMonth(r.ctx, month, r.clock.Now())
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[string]sequences.PlanItem{}
	for _, it := range plan.Items {
		out[it.To.Email+" "+it.Occasion+it.Month] = it
	}
	return out
}

var (
	phBuyer  = customer{key: "domain:manila-light.ph", name: "Manila Light", grade: "A", country: "PH", tz: "Asia/Manila", lang: "en", email: "jose@manila-light.ph", contact: "Jose Santos"}
	bdBuyer  = customer{key: "domain:dhaka-trade.bd", name: "Dhaka Trade", grade: "A", country: "BD", tz: "Asia/Dhaka", lang: "en", email: "rahim@dhaka-trade.bd", contact: "Rahim Uddin"}
	ngMuslim = customer{key: "domain:kano-imports.ng", name: "Kano Imports", grade: "A", country: "NG", tz: "Africa/Lagos", lang: "en", email: "musa@kano-imports.ng", contact: "Musa Bello"}
	ngChrist = customer{key: "domain:lagos-lamps.ng", name: "Lagos Lamps", grade: "A", country: "NG", tz: "Africa/Lagos", lang: "en", email: "grace@lagos-lamps.ng", contact: "Grace Okafor"}
	sgBuyer  = customer{key: "domain:lion-light.sg", name: "Lion Light", grade: "A", country: "SG", tz: "Asia/Singapore", lang: "en", email: "weiming@lion-light.sg", contact: "Tan Wei Ming"}
	gbPlain  = customer{key: "domain:leeds-lighting.co.uk", name: "Leeds Lighting", grade: "A", country: "GB", tz: "Europe/London", lang: "en", email: "tom@leeds-lighting.co.uk", contact: "Tom Brown"}
	gbHindu  = customer{key: "domain:leicester-led.co.uk", name: "Leicester LED", grade: "A", country: "GB", tz: "Europe/London", lang: "en", email: "raj@leicester-led.co.uk", contact: "Raj Patel"}
)

// Christmas goes where it is the majority's festival (the Philippines) or
// to whom the customer book marks as keeping it (a Christian buyer in
// Nigeria); not to a Bangladeshi, a Muslim Nigerian or a Singaporean
// buyer, and the plan says why. Read back from the INBOXes.
func TestChristmasGoesToThoseWhoKeepIt(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"christmas"}, nil
	for _, c := range []customer{phBuyer, bdBuyer, ngMuslim, ngChrist, sgBuyer} {
		r.add(c)
	}
	r.mark(map[string]string{ngChrist.email: "Christmas; Easter Sunday"})
	r.start(nil)
	plan := r.planOf("2026-12")
	for _, c := range []customer{phBuyer, ngChrist} {
		if it := plan[c.email+" christmas"]; it.Status != sequences.PlanPlanned {
			t.Errorf("%s: Christmas is %q (%s), want planned", c.email, it.Status, it.Reason)
		}
	}
	for c, want := range map[customer]string{
		bdBuyer:  "Christmas is not the majority's festival in BD: mark the contact's holidays in the customer book",
		ngMuslim: "Christmas is not the majority's festival in NG",
		sgBuyer:  "Christmas is not the majority's festival in SG",
	} {
		if it := plan[c.email+" christmas"]; it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, want) {
			t.Errorf("%s: Christmas is %q (%s), want skipped: %s", c.email, it.Status, it.Reason, want)
		}
	}
	r.replay(time.Date(2026, 12, 24, 12, 0, 0, 0, time.UTC), time.Hour)
	for _, c := range []customer{phBuyer, ngChrist} {
		if got := r.inbox(c.email); len(got) != 1 || got[0].Subject != "Merry Christmas from Lily Chen" {
			t.Errorf("%s received %+v", c.email, got)
		}
	}
	for _, c := range []customer{bdBuyer, ngMuslim, sgBuyer} {
		if n := r.sentTo(c.email); n != 0 {
			t.Errorf("%s was sent %d greeting(s)", c.email, n)
		}
	}
}

// Eid al-Fitr is not sent to a Catholic Filipino or a Christian Kenyan,
// nor Diwali to a Chinese Singaporean; Diwali goes to the Indian buyer,
// and through `also` only to the British contact the book marks as keeping
// it, not to every British customer.
func TestEidAndDiwaliOnlyWhereKept(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"eid-al-fitr", "diwali"}, nil
	r.cfg.Also = map[string][]string{"diwali": {"GB"}}
	r.cfg.EnglishFor = []string{"*"}
	ke := customer{key: "domain:nairobi-power.ke", name: "Nairobi Power", grade: "A", country: "KE", tz: "Africa/Nairobi", lang: "en", email: "wanjiru@nairobi-power.ke", contact: "Wanjiru Kamau"}
	eg := customer{key: "domain:cairo-light.eg", name: "Cairo Light", grade: "A", country: "EG", tz: "Africa/Cairo", lang: "en", email: "ahmed@cairo-light.eg", contact: "Ahmed Hassan"}
	myTamil := customer{key: "domain:klang-lamps.my", name: "Klang Lamps", grade: "A", country: "MY", tz: "Asia/Kuala_Lumpur", lang: "ta", email: "murugan@klang-lamps.my", contact: "Murugan Pillai"}
	myEnglish := customer{key: "domain:penang-light.my", name: "Penang Light", grade: "A", country: "MY", tz: "Asia/Kuala_Lumpur", lang: "en", email: "siti@penang-light.my", contact: "Siti Aminah"}
	for _, c := range []customer{phBuyer, ke, eg, sgBuyer, inBuyer, gbPlain, gbHindu, myTamil, myEnglish} {
		r.add(c)
	}
	r.mark(map[string]string{gbHindu.email: "hindu"})
	r.start(nil)

	march := r.planOf("2026-03")
	if it := march[eg.email+" eid-al-fitr"]; it.Status != sequences.PlanPlanned {
		t.Errorf("Egypt: Eid is %q (%s)", it.Status, it.Reason)
	}
	for _, c := range []customer{phBuyer, ke} {
		it := march[c.email+" eid-al-fitr"]
		if it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "Eid al-Fitr is not the majority's festival in "+c.country) {
			t.Errorf("%s: Eid is %q (%s)", c.country, it.Status, it.Reason)
		}
	}
	nov := r.planOf("2026-11")
	for _, c := range []customer{inBuyer, gbHindu} {
		if it := nov[c.email+" diwali"]; it.Status != sequences.PlanPlanned {
			t.Errorf("%s: Diwali is %q (%s), want planned", c.email, it.Status, it.Reason)
		}
	}
	// Deepavali in Malaysia: to those writing Tamil or Hindi, not to every
	// English-writing buyer.
	if it := nov[myTamil.email+" diwali"]; it.Status != sequences.PlanPlanned {
		t.Errorf("Malaysia, Tamil: Deepavali is %q (%s), want planned", it.Status, it.Reason)
	}
	if it := nov[myEnglish.email+" diwali"]; it.Status == sequences.PlanPlanned {
		t.Errorf("Malaysia, English: Deepavali is %q (%s), want none", it.Status, it.Reason)
	}
	if it := nov[sgBuyer.email+" diwali"]; it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "kept in SG by customers writing Tamil or Hindi, and the contact writes English") {
		t.Errorf("Singapore: Diwali is %q (%s)", it.Status, it.Reason)
	}
	if it := nov[gbPlain.email+" diwali"]; it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "not kept in GB") {
		t.Errorf("an unmarked British buyer: Diwali is %q (%s)", it.Status, it.Reason)
	}
	r.clock.Set(time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC))
	r.replay(time.Date(2026, 11, 8, 0, 0, 0, 0, time.UTC), time.Hour)
	for addr, want := range map[string]int{inBuyer.email: 1, gbHindu.email: 1, gbPlain.email: 0, sgBuyer.email: 0} {
		if n := len(r.inbox(addr)); n != want {
			t.Errorf("%s received %d Diwali greeting(s), want %d", addr, n, want)
		}
	}
}

// A contact the customer book marks as keeping another faith than the
// country's majority gets that faith's festivals and the civic ones, not
// the majority's: no "Happy Diwali" to a Muslim buyer in Mumbai, no
// Christmas greeting to one in Germany (New Year still goes), while their
// unmarked colleagues are greeted as before. A custom date of a religious
// festival follows the same rule. Read back from the INBOXes.
func TestTheBooksFaithWithholdsAnotherFaithsFestival(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions = []string{"diwali", "eid-al-fitr", "christmas", "new-year", "holi"}
	r.cfg.Custom = []sequences.CustomOccasion{{Key: "holi", Name: "Holi", Countries: []string{"DE"},
		Dates: []time.Time{time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)}}}
	r.cfg.EnglishFor = []string{"*"}
	inMuslim := customer{key: "domain:mumbai-imports.in", name: "Mumbai Imports", grade: "A", country: "IN", tz: "Asia/Kolkata",
		lang: "en", email: "imran@mumbai-imports.in", contact: "Imran Shaikh"}
	deMuslim := customer{key: "domain:koeln-handel.de", name: "Köln Handel GmbH", grade: "A", country: "DE", tz: "Europe/Berlin",
		lang: "en", email: "emre@koeln-handel.de", contact: "Emre Yilmaz"}
	deHindu := customer{key: "domain:bonn-lampen.de", name: "Bonn Lampen GmbH", grade: "A", country: "DE", tz: "Europe/Berlin",
		lang: "en", email: "arjun@bonn-lampen.de", contact: "Arjun Mehta"}
	dePlain := customer{key: "domain:mainz-licht.de", name: "Mainz Licht GmbH", grade: "A", country: "DE", tz: "Europe/Berlin",
		lang: "en", email: "jonas@mainz-licht.de", contact: "Jonas Weber"}
	for _, c := range []customer{inBuyer, inMuslim, deMuslim, deHindu, dePlain} {
		r.add(c)
	}
	r.mark(map[string]string{inMuslim.email: "Muslim", deMuslim.email: "Eid al-Fitr; Eid al-Adha", deHindu.email: "hindu"})
	r.start(nil)

	if it := r.planOf("2026-03")[inMuslim.email+" eid-al-fitr"]; it.Status != sequences.PlanPlanned {
		t.Errorf("Imran: Eid is %q (%s), want planned", it.Status, it.Reason)
	}
	nov := r.planOf("2026-11")
	if it := nov[inBuyer.email+" diwali"]; it.Status != sequences.PlanPlanned {
		t.Errorf("Ravi (unmarked): Diwali is %q (%s), want planned", it.Status, it.Reason)
	}
	want := "Diwali is a hindu festival; the customer book marks the contact as keeping muslim festivals"
	if it := nov[inMuslim.email+" diwali"]; it.Status != sequences.PlanSkip || it.Reason != want {
		t.Errorf("Imran: Diwali is %q (%s), want skipped: %s", it.Status, it.Reason, want)
	}
	dec := r.planOf("2026-12")
	for _, c := range []customer{deMuslim, deHindu} {
		if it := dec[c.email+" christmas"]; it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "Christmas is a christian festival; the customer book marks the contact as keeping") {
			t.Errorf("%s: Christmas is %q (%s), want skipped", c.contact, it.Status, it.Reason)
		}
		if it := dec[c.email+" new-year"]; it.Status != sequences.PlanPlanned {
			t.Errorf("%s: New Year is %q (%s), want planned", c.contact, it.Status, it.Reason)
		}
	}
	if it := dec[deHindu.email+" holi"]; it.Status != sequences.PlanPlanned {
		t.Errorf("Arjun: the custom Holi is %q (%s), want planned", it.Status, it.Reason)
	}
	if it := dec[deMuslim.email+" holi"]; it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "Holi is a hindu festival; the customer book marks the contact as keeping muslim festivals") {
		t.Errorf("Emre: the custom Holi is %q (%s), want skipped", it.Status, it.Reason)
	}
	if it := dec[dePlain.email+" christmas"]; it.Status != sequences.PlanPlanned {
		t.Errorf("Jonas (unmarked): Christmas is %q (%s), want planned", it.Status, it.Reason)
	}

	r.clock.Set(time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC))
	r.replay(time.Date(2026, 11, 8, 0, 0, 0, 0, time.UTC), time.Hour)
	r.clock.Set(time.Date(2026, 12, 22, 0, 0, 0, 0, time.UTC))
	r.replay(time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC), time.Hour)
	for addr, want := range map[string]int{inBuyer.email: 1, inMuslim.email: 0, deMuslim.email: 0, deHindu.email: 0, dePlain.email: 1} {
		if n := len(r.inbox(addr)); n != want {
			t.Errorf("%s received %d greeting(s) for Diwali and Christmas, want %d", addr, n, want)
		}
	}
}

// A contact the book marks with one Muslim festival ("Hari Raya", which
// reads as eid-al-fitr) keeps the faith's others: Eid al-Adha (Hari Raya
// Haji) is greeted to them, as skip_quiet holds their follow-ups in
// Ramadan; it was skipped with "mark the contact's holidays", though they
// were marked.
func TestOneMuslimFestivalMarksTheOthers(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"eid-al-adha", "diwali"}, nil
	sgMalay := customer{key: "domain:harbour-lamps.sg", name: "Harbour Lamps", grade: "A", country: "SG", tz: "Asia/Singapore", lang: "en", email: "aisyah@harbour-lamps.sg", contact: "Nur Aisyah"}
	r.add(sgMalay)
	r.add(sgBuyer)
	r.mark(map[string]string{sgMalay.email: "Hari Raya"})
	r.start(nil)
	plan := r.planOf("2027-05")
	if it := plan[sgMalay.email+" eid-al-adha"]; it.Status != sequences.PlanPlanned {
		t.Errorf("SG contact marked Hari Raya: Eid al-Adha is %q (%s), want planned", it.Status, it.Reason)
	}
	if it := plan[sgBuyer.email+" eid-al-adha"]; it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "kept in SG by customers writing Malay or Arabic, and the contact writes English") {
		t.Errorf("SG contact not marked: Eid al-Adha is %q (%s), want skipped", it.Status, it.Reason)
	}
	// The mark names a faith, not every religious festival: no Deepavali
	// (29 October 2027), and the plan says why.
	want := "Deepavali is a hindu festival; the customer book marks the contact as keeping muslim festivals"
	if it, ok := r.planOf("2027-10")[sgMalay.email+" diwali"]; !ok || it.Status != sequences.PlanSkip || it.Reason != want {
		t.Errorf("SG contact marked Hari Raya: Deepavali is %q (%s), want skipped: %s", it.Status, it.Reason, want)
	}
}

// Nigeria's Eid is kept by its Muslim community (those writing Hausa or
// Arabic, or marked so): a buyer known to write English and not marked is
// not greeted, and the plan says so and how to greet them, as it does where
// a festival is not the majority's; a contact marked Christian is told
// apart. Malaysia's Deepavali to an English writer likewise.
func TestACommunityFestivalSaysWhyAnotherLanguageIsNotGreeted(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"eid-al-fitr", "diwali"}, nil
	r.cfg.EnglishFor = []string{"*"}
	myEnglish := customer{key: "domain:penang-light.my", name: "Penang Light", grade: "A", country: "MY", tz: "Asia/Kuala_Lumpur", lang: "en", email: "siti@penang-light.my", contact: "Siti Aminah"}
	for _, c := range []customer{ngMuslim, ngChrist, myEnglish} {
		r.add(c)
	}
	r.mark(map[string]string{ngChrist.email: "christian"})
	r.start(nil)
	march := r.planOf("2027-03")
	want := "Eid al-Fitr is kept in NG by customers writing Hausa or Arabic, and the contact writes English: mark the contact's holidays in the customer book to greet them"
	if it, ok := march[ngMuslim.email+" eid-al-fitr"]; !ok || it.Status != sequences.PlanSkip || it.Reason != want {
		t.Errorf("NG, English, not marked: Eid is %q (%s), want skipped: %s", it.Status, it.Reason, want)
	}
	want = "Eid al-Fitr is a muslim festival; the customer book marks the contact as keeping christian festivals"
	if it, ok := march[ngChrist.email+" eid-al-fitr"]; !ok || it.Status != sequences.PlanSkip || it.Reason != want {
		t.Errorf("NG, marked christian: Eid is %q (%s), want skipped: %s", it.Status, it.Reason, want)
	}
	oct := r.planOf("2027-10")
	if it, ok := oct[myEnglish.email+" diwali"]; !ok || it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "kept in MY by customers writing Tamil or Hindi, and the contact writes English: mark the contact's holidays") {
		t.Errorf("MY, English: Deepavali is %q (%s), want skipped", it.Status, it.Reason)
	}
}
