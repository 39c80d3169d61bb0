package web_test

import (
	"strings"
	"testing"
)

// The forecast's Kind filter offers greetings and letters, the kinds the
// forecast lists besides follow-up mail and tasks, and keeps the one chosen.
func TestForecastKindFilterOffersGreetingsAndLetters(t *testing.T) {
	_, mgr, _, _ := newConsole(t)
	_, body := mgr.get("/forecast?kind=greeting")
	mustContain(t, "forecast filter", body, `<option value="greeting" selected>greeting</option>`, `<option value="letter">letter</option>`,
		`<option value="email">email</option>`)
	zh := mgr.getZh(t, "/forecast?kind=letter")
	mustContain(t, "Chinese forecast filter", zh, `<option value="letter" selected>月度邮件</option>`, `<option value="greeting">节日问候</option>`)
}

// Days out of 1 to 60, or not a number, are said so (in both languages),
// not silently replaced by 14; a good number says nothing.
func TestForecastSaysDaysOutOfRange(t *testing.T) {
	_, mgr, _, _ := newConsole(t)
	for _, q := range []string{"90", "0", "two"} {
		_, body := mgr.get("/forecast?days=" + q)
		mustContain(t, "days="+q, body, `id="forecast-days"`, "Days: give a number from 1 to 60; showing the next 14 days.")
	}
	_, body := mgr.get("/forecast?days=30")
	if strings.Contains(body, `id="forecast-days"`) {
		t.Fatal("days=30 said to be out of range")
	}
	zh := mgr.getZh(t, "/forecast?days=90")
	mustContain(t, "Chinese", zh, "天数：请填 1 到 60 之间的数；下面列出的是接下来 14 天。")
}
