package web_test

import "testing"

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
