package web

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"
	"time"

	"keepwarm"
)

// Every interface text the templates and handlers name literally has a
// Chinese translation: a missing one shows English in the Chinese UI.
func TestEveryLiteralUITextHasChinese(t *testing.T) {
	lit := []*regexp.Regexp{
		regexp.MustCompile(`\.T "((?:[^"\\]|\\.)*)"`),
		regexp.MustCompile(`\.T\("((?:[^"\\]|\\.)*)"\)`),
		regexp.MustCompile(`\.Tf "((?:[^"\\]|\\.)*)"`),
	}
	files, err := filepath.Glob("templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates found: %v", err)
	}
	gofiles, _ := filepath.Glob("*.go")
	for _, f := range gofiles {
		if !regexp.MustCompile(`_test\.go$`).MatchString(f) {
			files = append(files, f)
		}
	}
	missing := map[string]string{}
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, re := range lit {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				n++
				if _, ok := zh[m[1]]; !ok {
					missing[m[1]] = f
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("found only %d literal texts: the pattern no longer matches the templates", n)
	}
	// Texts handed to T as values rather than literals.
	for _, r := range append(keepwarm.QuietReasons, "") {
		if _, ok := zh[r.Label()]; !ok {
			missing[r.Label()] = "(keepwarm.QuietReasons)"
		}
	}
	for _, s := range []string{"follow-up", "greeting", "letter", "other", "reply nudge: draft in Drafts",
		"calendar", "business", "email", "task", "send", "draft", "dry-run",
		"active", "paused", "replied", "bounced", "opted-out", "stopped", "completed", "superseded", "failed",
		"queued", "uncertain", "drafted",
		"owner", "claimed", "released", "won", "returned", "pooled", "assigned",
		"import", "round robin", "no answer by the deadline", "every salesperson is at the pool cap", "inquiry from an unknown sender",
		"every salesperson is at the daily claim cap", "every salesperson is at the pool cap or the daily claim cap"} {
		if _, ok := zh[s]; !ok {
			missing[s] = "(value)"
		}
	}
	for _, label := range auditLabels {
		if _, ok := zh[label]; !ok {
			missing[label] = "(auditLabels)"
		}
	}
	var keys []string
	for k := range missing {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Errorf("%s: no Chinese for %q", missing[k], k)
	}
}

// A time in the customer's zone names its weekday in the page's language.
func TestTimeInNamesTheWeekdayInChinese(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 17, 9, 0, 0, 0, berlin) // a Tuesday
	if got := (Lang{Code: "zh"}).TimeIn(at, berlin); got != "周二 11-17 09:00 Europe/Berlin" {
		t.Errorf("zh: %q", got)
	}
	if got := (Lang{Code: "en"}).TimeIn(at, berlin); got != "Tue 11-17 09:00 Europe/Berlin" {
		t.Errorf("en: %q", got)
	}
}

// The reasons a follow-up stops, or goes to fewer people, at its last look
// read in Chinese on the desk and the customer's page.
func TestLastLookReasonsHaveChinese(t *testing.T) {
	zh := Lang{Code: "zh"}
	for reason, want := range map[string]string{
		"the customer was handed to tom@seller.example on 2026-12-03: no follow-up in lily@seller.example's name; tom@seller.example can follow up in their own name": "客户已于 2026-12-03 转给 tom@seller.example：不再以 lily@seller.example 的名义跟进；tom@seller.example 可以用自己的名义跟进。",
		"the customer went back to the pool on 2026-12-03 (let go by lily@seller.example): no follow-up in their name":                                                "客户已于 2026-12-03 退回公海（由 lily@seller.example 放弃）：不再以其名义跟进。",
		"the customer went back to the pool on 2026-12-03 (let go): no follow-up in their name":                                                                       "客户已于 2026-12-03 退回公海：不再以其名义跟进。",
		"step 2 goes to hans@buyer.de only: ute@buyer.de (bounced)":                                                                                                   "第 2 步只发给 hans@buyer.de：ute@buyer.de (bounced)",
		"step 2 not sent: no recipient may be written to: hans@buyer.de (bounced)":                                                                                    "第 2 步未发送：没有可以写信的收件人：hans@buyer.de (bounced)",
		"the customer's mail of 2026-11-25 10:05 CET waits for an answer: the letter goes once it is answered":                                                        "客户 2026-11-25 10:05 CET 的邮件还在等回复：回复之后再发月度邮件。",
		"step 2: anna@buyer.de (bounced) before the send; done again for the other recipients":                                                                        "第 2 步：发送前 anna@buyer.de (bounced)；已为其他收件人重新生成。",
		"on hold: a mail filter asks to confirm the sender before it delivers mail to hans@buyer.de: confirm it by hand, then resume the follow-up":                   "暂停：hans@buyer.de 的邮件过滤器要求先确认发件人才投递邮件：请手动确认后再恢复跟进",
	} {
		if got := zh.Err(reason); got != want {
			t.Errorf("Err(%q) = %q, want %q", reason, got, want)
		}
	}
}

// The daily cap's refusal (round robin's hand-outs count) reads in Chinese.
func TestDailyClaimCapRefusalHasChinese(t *testing.T) {
	got := Lang{Code: "zh"}.Err("lily@t.com claimed or was handed 2 pool customers in the last 24 hours, the daily cap is 2: try again tomorrow")
	if want := "lily@t.com 在过去 24 小时内已认领或分到 2 个公海客户，每日上限为 2 个：请明天再试。"; got != want {
		t.Fatalf("Err = %q, want %q", got, want)
	}
}

// Why a new mail customer went to a salesperson reads in Chinese in the
// customer's pool history.
func TestPoolAssignmentNotesHaveChinese(t *testing.T) {
	zh := Lang{Code: "zh"}
	for _, note := range []string{"wrote first", "answered first", "answered from the pool", "round robin", "inquiry from an unknown sender"} {
		if got := zh.T(note); got == note {
			t.Errorf("T(%q) has no Chinese", note)
		}
	}
}
