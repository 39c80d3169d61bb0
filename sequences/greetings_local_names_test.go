package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// The calendars name some festivals keepwarm greets in the country's own
// words (Tết Nguyên Đán, Seollal, Ramazan Bayramı): those are not English
// names filled into a Vietnamese, Korean or Turkish text. The team's
// holiday.LANG.tmpl greets them, in the template's language.
func TestLocalFestivalNamesAreNamedInTheTemplatesLanguage(t *testing.T) {
	for _, c := range []struct {
		name, occasion, month, lang, tmpl, want string
		buyer                                   customer
	}{
		{"Tết", "tet", "2027-02", "vi", "subject: Chúc mừng {{.Occasion}}\n--- text\nKính gửi anh Minh,\n\nChúc mừng {{.Occasion}}! Chúc anh một năm mới an khang thịnh vượng.\n\n{{.Owner.Signature}}\n", "Chúc mừng Tết Nguyên Đán",
			customer{key: "domain:hanoi-light.vn", name: "Hanoi Light", grade: "A", country: "VN", tz: "Asia/Ho_Chi_Minh", lang: "vi", email: "minh@hanoi-light.vn", contact: "Nguyen Van Minh"}},
		{"Seollal", "seollal", "2027-02", "ko", "subject: 즐거운 {{.Occasion}} 보내세요\n--- text\n김민준 님께,\n\n즐거운 {{.Occasion}} 보내세요. 새해 복 많이 받으세요.\n\n{{.Owner.Signature}}\n", "즐거운 설날 보내세요",
			customer{key: "domain:seoul-led.kr", name: "Seoul LED", grade: "A", country: "KR", tz: "Asia/Seoul", lang: "ko", email: "minjun@seoul-led.kr", contact: "김민준"}},
		{"Ramazan Bayramı", "eid-al-fitr", "2027-03", "tr", "subject: {{.Occasion}} kutlu olsun\n--- text\nSayın Mehmet Bey,\n\n{{.Occasion}} kutlu olsun! Sağlık ve mutluluk dileriz.\n\n{{.Owner.Signature}}\n", "Ramazan Bayramı kutlu olsun",
			customer{key: "domain:izmir-light.com.tr", name: "Izmir Light", grade: "A", country: "TR", tz: "Europe/Istanbul", lang: "tr", email: "mehmet@izmir-light.com.tr", contact: "Mehmet Yilmaz"}},
		// Singapore's and Malaysia's calendars call Diwali Deepavali.
		{"Deepavali (Hindi)", "diwali", "2027-10", "hi", "subject: {{.Occasion}} की हार्दिक शुभकामनाएं\n--- text\nआदरणीय राजेश जी,\n\n{{.Occasion}} की हार्दिक शुभकामनाएं!\n\n{{.Owner.Signature}}\n", "दीपावली की हार्दिक शुभकामनाएं",
			customer{key: "domain:lion-lamps.sg", name: "Lion Lamps", grade: "A", country: "SG", tz: "Asia/Singapore", lang: "hi", email: "rajesh@lion-lamps.sg", contact: "Rajesh Kumar"}},
		{"Deepavali (Tamil)", "diwali", "2027-10", "ta", "subject: இனிய {{.Occasion}} நல்வாழ்த்துக்கள்\n--- text\nஅன்புள்ள முருகன்,\n\nஇனிய {{.Occasion}} நல்வாழ்த்துக்கள்!\n\n{{.Owner.Signature}}\n", "இனிய தீபாவளி நல்வாழ்த்துக்கள்",
			customer{key: "domain:klang-led.my", name: "Klang LED", grade: "A", country: "MY", tz: "Asia/Kuala_Lumpur", lang: "ta", email: "murugan@klang-led.my", contact: "Murugan Pillai"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC))
			r.cfg.Occasions, r.cfg.Custom = []string{c.occasion}, nil
			r.add(c.buyer)
			r.startWith(map[string]string{"holiday." + c.lang + ".tmpl": c.tmpl})
			plan, err := r.job.PlanMonth(r.ctx, c.month, r.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			var got []sequences.PlanItem
			for _, it := range plan.Items {
				if it.Occasion == c.occasion && it.To.Email == c.buyer.email {
					got = append(got, it)
				}
			}
			if len(got) != 1 {
				t.Fatalf("%s greetings: %+v", c.name, got)
			}
			if it := got[0]; it.Status != sequences.PlanPlanned || !strings.Contains(it.Subject, c.want) {
				t.Errorf("%s to %s: %s %q, subject %q; want planned with %q", c.name, c.buyer.contact, it.Status, it.Reason, it.Subject, c.want)
			}
		})
	}
}
