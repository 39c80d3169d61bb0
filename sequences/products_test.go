package sequences_test

import (
	"context"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

var catalog = []keepwarm.Product{
	{Name: "LED panel 60x60", Tags: []string{"led panel"}, Pitch: map[string]string{"": "40 W, 4000 lm, five-year warranty", "de": "40 W, 4000 lm, fünf Jahre Garantie"}, Link: "https://seller.example/panel", Price: "USD 9.80", MOQ: "500 pcs"},
	{Name: "LED high bay 150W", Tags: []string{"high bay", "warehouse"}, Pitch: map[string]string{"": "IP65, 150 lm/W"}, Link: "https://seller.example/highbay"},
	{Name: "Solar street light", Tags: []string{"solar"}, Pitch: map[string]string{"": "All-in-one, 12 h of light a night"}},
}

// With a three-product catalog, the introduction offers the products that
// match the customer's tags (high bay) and the words of their mail ("LED
// panels" in the quotation), in text and HTML, and not the one that
// matches nothing; its subject names a product, never the customer's key.
func TestProductIntroOffersMatchingProducts(t *testing.T) {
	w := newFUWorld(t, "A")
	ctx := context.Background()
	if _, err := w.db.ImportProducts(ctx, catalog, day0, false); err != nil {
		t.Fatal(err)
	}
	tags := []string{"high bay"}
	if err := w.db.SetCustomer(ctx, w.cid, store.CustomerChange{Tags: &tags}, day0, "test"); err != nil {
		t.Fatal(err)
	}
	w.run(day0)
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3))
	w.run(day0.AddDate(0, 0, 7))
	items := w.outbox()
	if len(items) != 2 || items[1].Status != keepwarm.OutboxQueued {
		t.Fatalf("outbox: %+v", items)
	}
	intro := items[1]
	if intro.Subject != "LED high bay 150W" {
		t.Errorf("subject %q, want the best product and no company key", intro.Subject)
	}
	for _, want := range []string{"* LED high bay 150W: IP65, 150 lm/W", "https://seller.example/highbay",
		"* LED panel 60x60: 40 W, 4000 lm, five-year warranty", "Price: USD 9.80, MOQ 500 pcs"} {
		if !strings.Contains(intro.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, intro.Text)
		}
	}
	for _, want := range []string{`<a href="https://seller.example/highbay">LED high bay 150W</a>: IP65, 150 lm/W`,
		`<a href="https://seller.example/panel">LED panel 60x60</a>: 40 W, 4000 lm, five-year warranty`} {
		if !strings.Contains(intro.HTML, want) {
			t.Errorf("html lacks %q:\n%s", want, intro.HTML)
		}
	}
	if strings.Contains(intro.Text+intro.HTML, "Solar") || strings.Contains(intro.Text+intro.Subject, "buyer.de") {
		t.Errorf("intro offers an unmatched product or names the customer's key:\n%s\n%s", intro.Subject, intro.Text)
	}
}

func TestPickProducts(t *testing.T) {
	mail := []string{"RE: Inquiry: 200 solar street lights for Lagos", "我们需要LED面板报价"}
	got := sequences.PickProducts(catalog, nil, mail, 3)
	if len(got) != 1 || got[0].Name != "Solar street light" {
		t.Fatalf("by mail words: %+v", got)
	}
	zh := append(catalog, keepwarm.Product{Name: "面板灯", Tags: []string{"led面板"}})
	if got := sequences.PickProducts(zh, nil, mail[1:], 3); len(got) != 1 || got[0].Name != "面板灯" {
		t.Fatalf("Chinese words: %+v", got)
	}
	if got := sequences.PickProducts(catalog, []string{"WAREHOUSE"}, nil, 3); len(got) != 1 || got[0].Name != "LED high bay 150W" {
		t.Fatalf("by tag: %+v", got)
	}
	if got := sequences.PickProducts(catalog, []string{"furniture"}, []string{"hello, how are you"}, 3); len(got) != 0 {
		t.Fatalf("nothing matches, yet: %+v", got)
	}
}
