package web

import "testing"

// A greeting whose days_before fell on a weekend or holiday says the real
// distance and why, in English and in Chinese.
func TestSendRuleSteppedBack(t *testing.T) {
	rule := "24 days before (22 days before is not a working day)"
	if got := (Lang{Code: "en"}).sendRule(rule); got != rule {
		t.Errorf("en: %q", got)
	}
	if got, want := (Lang{Code: "zh"}).sendRule(rule), "提前 24 天发（提前 22 天那天不是工作日）"; got != want {
		t.Errorf("zh: %q, want %q", got, want)
	}
	if got, want := (Lang{Code: "zh"}).sendRule("3 days before"), "提前 3 天发"; got != want {
		t.Errorf("zh: %q, want %q", got, want)
	}
}

// A greeting stepped off a day of mourning or remembrance says which, in
// English and in Chinese.
func TestSendRuleNamesTheDayOfMourning(t *testing.T) {
	rule := "2 days before; not on 2028-04-14: Good Friday, a day of mourning, nor 2028-04-13: Holy Thursday, a day of mourning"
	if got := (Lang{Code: "en"}).sendRule(rule); got != rule {
		t.Errorf("en: %q", got)
	}
	want := "提前 2 天发；不在 2028-04-14 发：Good Friday，哀悼的日子，也不在 2028-04-13 发：Holy Thursday，哀悼的日子"
	if got := (Lang{Code: "zh"}).sendRule(rule); got != want {
		t.Errorf("zh: %q, want %q", got, want)
	}
	want = "在客户当地节前最后一个工作日发；不在 2027-12-01 发：Commemoration Day，纪念阵亡者的日子"
	if got := (Lang{Code: "zh"}).sendRule("the customer's last working day before it; not on 2027-12-01: Commemoration Day, a day of remembrance of the fallen"); got != want {
		t.Errorf("zh: %q, want %q", got, want)
	}
}

// A greeting made up for on its occasion's day (the team's override moved
// Eid a day earlier, onto a send day already over) says so, in English and
// in Chinese, the usual day's own rule translated inside it.
func TestSendRuleMadeUpOnTheDay(t *testing.T) {
	rule := "on the day: the calendar override moved it from 2024-04-11 to 2024-04-10, and its own send day, 2024-04-09 (the customer's last working day before it), was over with nothing queued"
	if got := (Lang{Code: "en"}).sendRule(rule); got != rule {
		t.Errorf("en: %q", got)
	}
	want := "当天发：日历覆盖把节日从 2024-04-11 改到 2024-04-10，它原本的发送日 2024-04-09（在客户当地节前最后一个工作日发）已经过去，当时没有排队发出"
	if got := (Lang{Code: "zh"}).sendRule(rule); got != want {
		t.Errorf("zh: %q, want %q", got, want)
	}
}
