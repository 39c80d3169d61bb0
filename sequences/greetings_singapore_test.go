package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// Singapore's Hari Raya Puasa and Deepavali are greeted, as Malaysia's are,
// to the communities that keep them: a contact writing Malay gets Hari Raya
// and not Deepavali, one writing Tamil Deepavali and not Hari Raya, and an
// English writer neither, the plan saying who keeps them rather than that
// the festival is not the majority's.
func TestSingaporesCommunitiesAreGreetedForTheirFestivals(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 2, 20, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom, r.cfg.EnglishFor = []string{"eid-al-fitr", "diwali"}, nil, []string{"*"}
	malay := customer{key: "domain:geylang-lamps.sg", name: "Geylang Lamps", grade: "A", country: "SG", tz: "Asia/Singapore", lang: "ms",
		email: "farid@geylang-lamps.sg", contact: "Farid Rahman"}
	tamil := customer{key: "domain:serangoon-light.sg", name: "Serangoon Light", grade: "A", country: "SG", tz: "Asia/Singapore", lang: "ta",
		email: "kumar@serangoon-light.sg", contact: "Kumar Rajan"}
	for _, c := range []customer{malay, tamil, sgBuyer} {
		r.add(c)
		r.wrote(c, time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC))
	}
	r.start(nil)
	march := r.planOf("2027-03")
	if it := march[malay.email+" eid-al-fitr"]; it.Status != sequences.PlanPlanned {
		t.Errorf("SG, Malay: Hari Raya Puasa is %q (%s), want planned", it.Status, it.Reason)
	}
	if it := march[tamil.email+" eid-al-fitr"]; it.Status == sequences.PlanPlanned || strings.Contains(it.Reason, "majority") {
		t.Errorf("SG, Tamil: Hari Raya Puasa is %q (%s), want skipped saying who keeps it", it.Status, it.Reason)
	}
	if it := march[sgBuyer.email+" eid-al-fitr"]; it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "kept in SG by customers writing Malay") {
		t.Errorf("SG, English: Hari Raya Puasa is %q (%s), want skipped saying who keeps it", it.Status, it.Reason)
	}
	oct := r.planOf("2027-10")
	if it := oct[tamil.email+" diwali"]; it.Status != sequences.PlanPlanned {
		t.Errorf("SG, Tamil: Deepavali is %q (%s), want planned", it.Status, it.Reason)
	}
	if it := oct[malay.email+" diwali"]; it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "writes Malay") {
		t.Errorf("SG, Malay: Deepavali is %q (%s), want skipped saying why", it.Status, it.Reason)
	}
	if it := oct[sgBuyer.email+" diwali"]; it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "kept in SG by customers writing Tamil or Hindi") {
		t.Errorf("SG, English: Deepavali is %q (%s), want skipped saying who keeps it", it.Status, it.Reason)
	}
}
