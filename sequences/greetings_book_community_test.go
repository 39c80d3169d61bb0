package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// Khalid, of an Israeli customer, is recorded in the customer book as
// writing Arabic; Lily writes to him in English, the team's working
// language. English says nothing of his community: he is not sent "Best
// wishes for Independence Day", which only those writing Hebrew, English
// or Russian get. Noa, whom the book gives no language and Lily writes to
// in English, still is.
func TestIndependenceDayNotToAContactTheBookSaysWritesArabic(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 4, 20, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"independence-day"}, nil
	khalid := customer{key: "domain:galil-trade.co.il", name: "Galil Trade", grade: "A", country: "IL", tz: "Asia/Jerusalem", lang: "ar",
		email: "khalid@galil-trade.co.il", contact: "Khalid Haddad"}
	noa := customer{key: "domain:negev-light.co.il", name: "Negev Light", grade: "A", country: "IL", tz: "Asia/Jerusalem",
		email: "noa@negev-light.co.il", contact: "Noa Levi"}
	for i, c := range []customer{khalid, noa} {
		r.add(c)
		r.wrote(c, time.Date(2027, 4, 1, 9, 0, 0, 0, time.UTC))
		first := strings.Fields(c.contact)[0]
		r.mailToContact(c, "own-"+c.email, time.Date(2027, 4, 2, 9, 0, 0, 0, time.UTC), uint32(100+i),
			"Dear "+first+",\n\nthank you for your order. We shipped the goods today and they will reach you next week. Please confirm the payment details when you can.\n\nBest regards,\nLily")
	}
	r.start(nil)
	plan := r.planOf("2027-05")
	if it, ok := plan[khalid.email+" independence-day"]; ok && it.Status == "planned" {
		t.Errorf("Independence Day planned for a contact the book says writes Arabic: %+v", it)
	}
	if it := plan[noa.email+" independence-day"]; it.Status != "planned" {
		t.Errorf("Independence Day to Noa (written to in English, no language in the book): %q %s", it.Status, it.Reason)
	}
}

// Imran, of an Indian customer, has no language in the customer book;
// Lily writes to him in Urdu. That counts for the other faiths' festivals
// as it does for Eid: no "Happy Diwali", and the plan says why.
func TestGreetingsWrittenCommunityLanguageCountsForTheOtherFaiths(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 9, 20, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom, r.cfg.EnglishFor = []string{"eid-al-fitr", "diwali"}, nil, []string{"ur", "ar"}
	imran := customer{key: "domain:lahori-traders.in", name: "Lahori Traders", grade: "A", country: "IN", tz: "Asia/Kolkata",
		email: "imran@lahori-traders.in", contact: "Imran Khan"}
	r.add(imran)
	r.wrote(imran, time.Date(2027, 9, 1, 9, 0, 0, 0, time.UTC))
	r.mailToContact(imran, "own-urdu", time.Date(2027, 9, 2, 9, 0, 0, 0, time.UTC), 100,
		"محترم عمران صاحب،\n\nآپ کے آرڈر کا بہت شکریہ۔ ہم نے آج آپ کا سامان روانہ کر دیا ہے اور یہ اگلے ہفتے تک آپ کے پاس پہنچ جائے گا۔ براہ کرم ادائیگی کی تفصیلات کی تصدیق کر دیں۔\n\nنیک خواہشات کے ساتھ،\nلیلی")
	r.start(nil)
	plan := r.planOf("2027-10")
	it, ok := plan[imran.email+" diwali"]
	if !ok {
		t.Fatalf("Diwali is not in the plan with its reason: %+v", plan)
	}
	// The reason tells the salesperson the truth about her own mail: Urdu,
	// not Arabic (the detector reads one script for both).
	if it.Status == "planned" || !strings.Contains(it.Reason, "greeted for the muslim festivals") || !strings.Contains(it.Reason, "mark the contact's holidays") ||
		!strings.Contains(it.Reason, "the team writes to the contact in Urdu") || strings.Contains(it.Reason, "Arabic") {
		t.Errorf("Diwali to a contact written to in Urdu: %s: %s", it.Status, it.Reason)
	}
}

// Galil Trade has English in the customer book, the usual default for an
// export customer; Lily writes to its contact Khalid in Arabic (and the
// team sends English greetings to everyone). Passover is not his, as the
// plan already said; Israel's Independence Day, kept by those writing
// Hebrew, English or Russian, is not sent to him either: English in the
// book says no more of who he is than English in the team's mail does.
func TestIndependenceDayNotToAContactTheTeamWritesToInArabic(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 3, 20, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom, r.cfg.EnglishFor = []string{"independence-day", "passover"}, nil, []string{"*"}
	khalid := customer{key: "domain:galil-trade.co.il", name: "Galil Trade", grade: "A", country: "IL", tz: "Asia/Jerusalem", lang: "en",
		email: "khalid@galil-trade.co.il", contact: "Khalid Haddad"}
	r.add(khalid)
	r.wrote(khalid, time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC))
	r.mailToContact(khalid, "own-arabic", time.Date(2027, 3, 2, 9, 0, 0, 0, time.UTC), 100,
		"الأستاذ خالد المحترم،\n\nشكرا جزيلا على طلبكم. لقد قمنا بشحن البضاعة اليوم وستصل إليكم في الأسبوع القادم. يرجى تأكيد تفاصيل الدفع عندما يكون ذلك ممكنا.\n\nمع أطيب التحيات،\nليلي")
	r.start(nil)
	if it, ok := r.planOf("2027-04")[khalid.email+" passover"]; !ok || it.Status == "planned" {
		t.Errorf("Passover to a contact written to in Arabic: %+v", it)
	}
	if it, ok := r.planOf("2027-05")[khalid.email+" independence-day"]; ok && it.Status == "planned" {
		t.Errorf("Independence Day planned for a contact the team writes to in Arabic: %+v", it)
	}
}
