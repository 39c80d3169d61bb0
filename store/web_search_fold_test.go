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

// TestChineseSearchAndOrdersImportTakeTheBuiltInLower: fold runs in Go for
// every name scanned, so only a text with a cased letter beyond ASCII takes
// it. A Chinese search (no case) keeps SQLite's lower(), and the orders
// import never calls it, for it compares names in Go anyway: a Cyrillic
// name written in capitals still finds its customer.
func TestChineseSearchAndOrdersImportTakeTheBuiltInLower(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	importSheet(t, db, t0, [][]string{{"Company", "Contact", "Email", "Owner"},
		{"华为技术有限公司", "陈伟", "chen@huawei.example", "lily@team.example"},
		{"深圳ABC（香港）有限公司", "李明", "li@abc.cn", "lily@team.example"},
		{"ООО Ромашка", "Дмитрий Иванов", "d.ivanov@romashka.ru", "lily@team.example"},
		{"Müller GmbH", "Hans Müller", "hans@mueller.de", "lily@team.example"},
	}, ImportOptions{})
	v := Viewer{Email: "lily@team.example"}

	before := foldCalls.Load()
	for _, q := range []string{"华为", "陈", "有限公司"} {
		hits, err := db.SearchCustomers(ctx, v, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 {
			t.Errorf("search %q found nothing", q)
		}
	}
	if n := foldCalls.Load() - before; n != 0 {
		t.Errorf("Chinese searches called fold %d times, want the built-in lower", n)
	}
	before = foldCalls.Load()
	if hits, err := db.SearchCustomers(ctx, v, "ромашка", 10); err != nil || len(hits) != 1 {
		t.Fatalf("search ромашка: %+v %v", hits, err)
	}
	if foldCalls.Load() == before {
		t.Errorf("a Cyrillic search did not fold names: the test cannot tell")
	}

	before = foldCalls.Load()
	rep := importOrderRows(t, db, t0, [][]any{
		{"Customer", "Date", "Amount"},
		{"华为技术有限公司", "2026-01-01", "100.00"},
		{"深圳abc(香港)有限公司", "2026-01-02", "200.00"},
		{"ООО РОМАШКА", "2026-01-03", "300.00"},
		{"ооо ромашка", "2026-01-04", "400.00"},
		{"MÜLLER GMBH", "2026-01-05", "500.00"},
	})
	if rep.Added != 5 || rep.NotInBook != 0 || len(rep.Rejected) != 0 {
		t.Fatalf("%+v, want five orders added", rep)
	}
	if n := foldCalls.Load() - before; n != 0 {
		t.Errorf("the orders import called fold %d times, want none", n)
	}
	var id int64
	if err := db.r.Get(&id, `SELECT id FROM customers WHERE name = 'ООО Ромашка'`); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM orders WHERE customer_id = ?`, id); n != 2 {
		t.Errorf("ООО Ромашка has %d orders, want the two written in other capitals", n)
	}
}
