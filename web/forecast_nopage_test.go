package web_test

import (
	"testing"
)

// Meier is handed to Tom while Lily's follow-up of her quotation still
// runs, in her name. Her forecast lists its step with Meier's name but no
// link to a page closed to her (it opened "not found"), as the desk does;
// Tom's lists it too, under Lily's name, linked: it goes to his customer.
func TestForecastOfAStepToAHandedOverCustomer(t *testing.T) {
	r, _, lilyC, tomC := newConsole(t)
	link := path(`href="/customers/%d"`, r.meier)
	step := `data-sequence="key-customer" data-step="1"`
	_, body := lilyC.get("/forecast")
	mustContain(t, "Lily's forecast before the handover", cut(t, body, step, "</li>"), link, "Meier GmbH")
	if _, err := r.raw.Exec(`UPDATE customers SET owner = ? WHERE id = ?`, tom, r.meier); err != nil {
		t.Fatal(err)
	}
	_, body = lilyC.get("/forecast")
	row := cut(t, body, step, "</li>")
	mustContain(t, "Lily's forecast", row, "Meier GmbH")
	mustLack(t, "Lily's forecast", row, link)
	_, body = tomC.get("/forecast")
	mustContain(t, "Tom's forecast", body, "<h2>Lily Chen</h2>")
	mustContain(t, "Tom's forecast", cut(t, body, step, "</li>"), link, "Meier GmbH")
}
