package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// mailToContact stores Lily's mail to c's contact, as sync would from her
// Sent, with its text.
func (r *greetRig) mailToContact(c customer, key string, at time.Time, uid uint32, text string) {
	r.t.Helper()
	to := []keepwarm.Address{{Name: c.contact, Email: c.email}}
	m := keepwarm.Message{
		Key: key, MessageID: key, Subject: "Offer", SubjectKey: "offer", Date: at,
		Kind: keepwarm.KindOutbound, CustomerKey: c.key, Snippet: text,
		From: keepwarm.Address{Name: "Lily Chen", Email: lily}, To: to, Contacts: to,
		RawHeader: []byte("Message-ID: <" + key + ">\r\n"),
	}
	in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "Sent", Role: keepwarm.RoleSent,
		UIDValidity: 1, UID: uid, InternalDate: at}}
	if _, err := r.db.SaveBatch(r.ctx, keepwarm.FolderState{Mailbox: "lily", Folder: "Sent", UIDValidity: 1, LastUID: uid, SyncedAt: at},
		[]keepwarm.Incoming{in}); err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.raw.Exec(`INSERT OR REPLACE INTO message_texts (message_id, text, cut) SELECT id, ?, 0 FROM messages WHERE key = ?`, text, key); err != nil {
		r.t.Fatal(err)
	}
}

// Chinese New Year in Malaysia is kept by the customers writing Chinese.
// Lily writes to Mr. Tan in Chinese, though the customer book records no
// language for him: he is greeted. Mr. Lim, whose language nobody knows,
// is not, and the plan says why.
func TestAFestivalOfTheLanguageTheTeamWritesInIsGreeted(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"spring-festival", "chinese-new-year"}, nil
	tan := customer{key: "domain:kl-light.my", name: "KL Light Sdn Bhd", grade: "A", country: "MY", tz: "Asia/Kuala_Lumpur",
		email: "tan@kl-light.my", contact: "Tan Wei"}
	lim := customer{key: "domain:penang-led.my", name: "Penang LED Sdn Bhd", grade: "A", country: "MY", tz: "Asia/Kuala_Lumpur",
		email: "lim@penang-led.my", contact: "Lim Ah Kow"}
	r.add(tan)
	r.add(lim)
	r.mailToContact(tan, "own-tan", time.Date(2027, 1, 5, 3, 0, 0, 0, time.UTC), 1,
		"王总您好，\n\n附件是LED面板的报价，请查收。\n\n祝好\nLily")
	r.start(nil)
	plan, err := r.job.PlanMonth(r.ctx, "2027-02", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]sequences.PlanItem{}
	for _, it := range plan.Items {
		got[it.To.Email] = it
	}
	if it, ok := got[tan.email]; !ok || it.Status != sequences.PlanPlanned || it.Language != "zh" {
		t.Errorf("Mr. Tan, written to in Chinese: %+v", it)
	}
	if it := got[lim.email]; it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "the contact's language is not known") {
		t.Errorf("Mr. Lim, language unknown: %q %q", it.Status, it.Reason)
	}
}

// The customer book gives KL Light the company's language, Malay; Lily
// writes to its buyer Mr. Tan in Chinese. The company's language says
// nothing of its buyer's community: the language the team writes to him in
// decides, and he is greeted for Chinese New Year as he would be if the
// book recorded no language.
func TestAFestivalOfTheLanguageTheTeamWritesInBeatsTheCompanysLanguage(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"spring-festival", "chinese-new-year"}, nil
	tan := customer{key: "domain:kl-light.my", name: "KL Light Sdn Bhd", grade: "A", country: "MY", tz: "Asia/Kuala_Lumpur", lang: "ms",
		email: "tan@kl-light.my", contact: "Tan Wei"}
	// Mr. Lee's own language in the book is Malay: it decides, and the
	// plan says so rather than leaving Chinese New Year out unsaid.
	lee := customer{key: "domain:ipoh-led.my", name: "Ipoh LED Sdn Bhd", grade: "A", country: "MY", tz: "Asia/Kuala_Lumpur",
		email: "lee@ipoh-led.my", contact: "Lee Chong"}
	for i, c := range []customer{tan, lee} {
		r.add(c)
		r.mailToContact(c, "own-"+c.email, time.Date(2027, 1, 5, 3, 0, 0, 0, time.UTC), uint32(1+i),
			"王总您好，\n\n附件是LED面板的报价，请查收。\n\n祝好\nLily")
	}
	if _, err := r.raw.Exec(`UPDATE contacts SET language = 'ms' WHERE email = ?`, lee.email); err != nil {
		t.Fatal(err)
	}
	r.start(nil)
	plan := r.planOf("2027-02")
	if it, ok := plan[tan.email+" spring-festival"]; !ok || it.Status != sequences.PlanPlanned || it.Language != "zh" {
		t.Errorf("Mr. Tan, written to in Chinese at a customer the book says writes Malay: %+v", it)
	}
	if it, ok := plan[lee.email+" spring-festival"]; !ok || it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "correct the contact's language") {
		t.Errorf("Mr. Lee, whom the book says writes Malay: %q %q", it.Status, it.Reason)
	}
}
