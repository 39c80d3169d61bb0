package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// An Israeli importer writing Arabic, with no marks in the customer book,
// is one of the community that keeps Eid: greeted for Eid al-Fitr, not
// for Passover (the plan says why) nor for Independence Day, which to an
// Arab citizen reads as a political statement. A Hebrew writer keeps
// Passover and Independence Day and gets no Eid.
func TestIsraelsArabicWritersAreGreetedForEidNotPassover(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 2, 20, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom, r.cfg.EnglishFor = []string{"eid-al-fitr", "passover", "independence-day"}, nil, []string{"*"}
	arab := customer{key: "domain:nazareth-trade.co.il", name: "Nazareth Trade", grade: "A", country: "IL", tz: "Asia/Jerusalem", lang: "ar",
		email: "khalil@nazareth-trade.co.il", contact: "Khalil Haddad"}
	hebrew := customer{key: "domain:haifa-light.co.il", name: "Haifa Light", grade: "A", country: "IL", tz: "Asia/Jerusalem", lang: "he",
		email: "dana@haifa-light.co.il", contact: "Dana Levi"}
	for _, c := range []customer{arab, hebrew} {
		r.add(c)
		r.wrote(c, time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC))
	}
	r.start(nil)
	march := r.planOf("2027-03")
	if it := march[arab.email+" eid-al-fitr"]; it.Status != sequences.PlanPlanned {
		t.Errorf("IL, Arabic: Eid al-Fitr is %q (%s), want planned", it.Status, it.Reason)
	}
	if it, ok := march[hebrew.email+" eid-al-fitr"]; ok && it.Status == sequences.PlanPlanned {
		t.Errorf("IL, Hebrew: Eid al-Fitr is planned")
	}
	april := r.planOf("2027-04")
	if it, ok := april[arab.email+" passover"]; !ok || it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "writes Arabic") {
		t.Errorf("IL, Arabic: Passover is %q (%s), want skipped saying why", it.Status, it.Reason)
	}
	if it := april[hebrew.email+" passover"]; it.Status != sequences.PlanPlanned {
		t.Errorf("IL, Hebrew: Passover is %q (%s), want planned", it.Status, it.Reason)
	}
	may := r.planOf("2027-05")
	if it, ok := may[arab.email+" independence-day"]; ok && it.Status == sequences.PlanPlanned {
		t.Errorf("IL, Arabic: Independence Day is planned")
	}
	if it := may[hebrew.email+" independence-day"]; it.Status != sequences.PlanPlanned {
		t.Errorf("IL, Hebrew: Independence Day is %q (%s), want planned", it.Status, it.Reason)
	}
}
