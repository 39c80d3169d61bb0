package store

import (
	"context"
	"testing"

	"keepwarm/book"
)

// TestSearchFindsCapitalNonASCIINames: a customer or contact name that
// starts with a capital outside ASCII (Cyrillic, Ö) is found by the word as
// written and in lower case, as an English one is; and `keepwarm customer`
// finds a customer by its name in another case.
func TestSearchFindsCapitalNonASCIINames(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	s, err := book.Parse([][]string{
		{"Company", "Contact", "Email"},
		{"ООО Ромашка", "Дмитрий Иванов", "d.ivanov@romashka.ru"},
		{"Özdemir Bau GmbH", "Ömer Yılmaz", "oemer@oezdemir-bau.de"},
	}, book.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportBook(ctx, t0, s, ImportOptions{Pool: true}); err != nil {
		t.Fatal(err)
	}
	v := Viewer{Email: "lily@team.example"}
	for q, want := range map[string]string{
		"Ромашка": "ООО Ромашка", "ромашка": "ООО Ромашка", "Иванов": "ООО Ромашка", "иванов": "ООО Ромашка",
		"özdemir": "Özdemir Bau GmbH", "ÖZDEMIR": "Özdemir Bau GmbH", "ömer": "Özdemir Bau GmbH", "bau gmbh": "Özdemir Bau GmbH",
	} {
		hits, err := db.SearchCustomers(ctx, v, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits[0].Name != want {
			t.Errorf("search %q: %+v, want %s", q, hits, want)
		}
	}
	id, err := db.FindCustomer(ctx, "ооо ромашка", "")
	if err != nil {
		t.Fatalf("find by the name in lower case: %v", err)
	}
	if c, err := db.Customer(ctx, id); err != nil || c.Name != "ООО Ромашка" {
		t.Errorf("found %+v %v, want ООО Ромашка", c, err)
	}
}
