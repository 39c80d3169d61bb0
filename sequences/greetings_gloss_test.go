package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// The calendars gloss some names for `keepwarm calendar` ("Independence Day
// (Yom Ha'atzmaut)", "Revolution Day (25 January)"); a greeting names the
// occasion without the gloss: "Best wishes for Independence Day (Yom
// Ha'atzmaut)" reads as a form filled in.
func TestGreetingNamesTheOccasionWithoutItsGloss(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Custom, r.cfg.Occasions = nil, []string{"independence-day", "revolution-day"}
	il := customer{key: "domain:haifa-light.co.il", name: "Haifa Light", grade: "A", country: "IL", tz: "Asia/Jerusalem",
		lang: "en", email: "dana@haifa-light.co.il", contact: "Dana Levi"}
	eg := customer{key: "domain:cairo-light.eg", name: "Cairo Light", grade: "A", country: "EG", tz: "Africa/Cairo",
		lang: "en", email: "ahmed@cairo-light.eg", contact: "Ahmed Hassan"}
	r.add(il)
	r.add(eg)
	r.start(nil)
	for _, tc := range []struct {
		c               customer
		occasion, month string
		name            string
	}{
		{il, "independence-day", "2027-05", "Independence Day"},
		{eg, "revolution-day", "2027-01", "Revolution Day"},
	} {
		it, ok := r.planOf(tc.month)[tc.c.email+" "+tc.occasion]
		if !ok || it.Status != sequences.PlanPlanned {
			t.Errorf("%s %s: %q (%s), want planned", tc.c.country, tc.occasion, it.Status, it.Reason)
			continue
		}
		if it.Subject != "Best wishes for "+tc.name || it.OccasionName != tc.name || strings.Contains(it.Subject, "(") {
			t.Errorf("%s %s: subject %q, occasion name %q; want %q", tc.c.country, tc.occasion, it.Subject, it.OccasionName, tc.name)
		}
	}
}
