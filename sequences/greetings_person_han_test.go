package sequences_test

import (
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// 王伟 writes from the company's address and from his 163.com one, with the
// same display name: a Chinese name of two characters is a full name, so
// he is one person and gets one Lunar New Year greeting, not two the
// same morning. So is 邓丽君, whose given name ends in 君, a character that
// is also a title (田中君 in Japan), and 王建工, whose ends in 工 (陈工).
func TestOneGreetingAPersonWithAChineseNameAtTwoAddresses(t *testing.T) {
	for _, name := range []string{"王伟", "邓丽君", "王建工"} {
		t.Run(name, func(t *testing.T) {
			r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC))
			r.cfg.Occasions, r.cfg.Custom = []string{"spring-festival"}, nil
			wang := customer{key: "domain:kl-light.my", name: "KL Light Sdn Bhd", grade: "A", country: "MY", tz: "Asia/Kuala_Lumpur",
				lang: "zh", email: "wang@kl-light.my", contact: name}
			custID, _ := r.add(wang)
			home := wang
			home.email = "wangwei@163.com"
			if _, err := r.raw.Exec(`INSERT INTO contacts (customer_id, email, name, created_at) VALUES (?, ?, ?, ?)`,
				custID, home.email, home.contact, r.clock.Now().Unix()); err != nil {
				t.Fatal(err)
			}
			r.imap.AddUser(t, home.email, imapPass)
			for _, c := range []customer{wang, home} {
				r.wrote(c, time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC))
			}
			r.start(nil)
			plan := r.planOf("2027-02")
			office, other := plan[wang.email+" spring-festival"], plan[home.email+" spring-festival"]
			if office.Status != sequences.PlanPlanned {
				t.Errorf("%s at the company's address: %q %s", name, office.Status, office.Reason)
			}
			if want := "greeted at wang@kl-light.my, the same person's other address: one greeting, not two"; other.Status != sequences.PlanSkip || other.Reason != want {
				t.Errorf("%s at 163.com: %q %q, want skipped: %q", name, other.Status, other.Reason, want)
			}
		})
	}
}
