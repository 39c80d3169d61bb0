package book

import (
	"strings"
	"testing"
)

// HK$, S$, A$, C$, NT$ and R$ are the currencies they name, not "not a
// number"; a currency that is unknown is said to be so.
func TestParseAmountReadsDollarsOfOtherCountries(t *testing.T) {
	for in, want := range map[string]string{"HK$12,500": "HKD", "S$12,500": "SGD", "A$12,500": "AUD", "C$12,500": "CAD",
		"NT$12,500": "TWD", "R$12.500,00": "BRL", "12,500 US$": "USD", "$12,500": "USD"} {
		c, cur, err := ParseAmount(in)
		if err != nil || c != 1250000 || cur != want {
			t.Errorf("ParseAmount(%q) = %d %q %v, want 1250000 %s", in, c, cur, err, want)
		}
	}
	if _, _, err := ParseAmount("Z$12,500"); err == nil || !strings.Contains(err.Error(), `unknown currency "Z$"`) || strings.Contains(err.Error(), "not a number") {
		t.Errorf("Z$12,500: %v", err)
	}
}

// ¥ is yuan as often as yen: the currency column or the file's currency
// (--currency) says which, and without either the row is refused saying
// so, not stored as yuan 20 times its value.
func TestOrdersYenOrYuanFromTheFileNotGuessed(t *testing.T) {
	rows := func(head []string, row ...string) [][]string {
		return [][]string{head, row}
	}
	for _, tc := range []struct {
		name     string
		rows     [][]string
		currency string
		want     string
	}{
		{"currency column", rows([]string{"Customer", "Date", "Amount", "Currency"}, "a@tokyo.jp", "2026-11-02", "¥1,200,000", "JPY"), "USD", "JPY"},
		{"--currency JPY", rows([]string{"Customer", "Date", "Amount"}, "a@tokyo.jp", "2026-11-02", "¥1,200,000"), "JPY", "JPY"},
		{"--currency CNY, full width", rows([]string{"Customer", "Date", "Amount"}, "a@acme.cn", "2026-11-02", "￥1,200,000"), "CNY", "CNY"},
		{"$ with --currency CAD", rows([]string{"Customer", "Date", "Amount"}, "a@acme.ca", "2026-11-02", "$12,500"), "CAD", "CAD"},
		{"$ with --currency EUR", rows([]string{"Customer", "Date", "Amount"}, "a@acme.com", "2026-11-02", "$12,500"), "EUR", "USD"},
	} {
		orders, rej, err := ParseOrdersWith(tc.rows, OrderOptions{Currency: tc.currency})
		if err != nil || len(rej) != 0 || len(orders) != 1 || orders[0].Currency != tc.want {
			t.Errorf("%s: %+v %+v %v, want %s", tc.name, orders, rej, err, tc.want)
		}
	}
	orders, rej, err := ParseOrdersWith(rows([]string{"Customer", "Date", "Amount"}, "a@tokyo.jp", "2026-11-02", "¥1,200,000"), OrderOptions{Currency: "USD"})
	if err != nil || len(orders) != 0 || len(rej) != 1 || !strings.Contains(rej[0].Reason, "yuan (CNY) or yen (JPY)") || !strings.Contains(rej[0].Reason, "--currency") {
		t.Errorf("¥ without a currency: %+v %+v %v", orders, rej, err)
	}
}

// The advice for a bare ¥ changes that row alone: --currency also sets
// every row that writes no currency, so in an ERP's file of bare USD
// amounts and ￥ ones it is not offered; in a file whose rows all write
// one it is.
func TestYenAdviceChangesNoOtherRow(t *testing.T) {
	head := []string{"Customer", "Date", "Amount"}
	_, rej, err := ParseOrdersWith([][]string{head, {"a@one.com", "2026-01-05", "1200"}, {"a@one.com", "2026-01-06", "￥8800"}}, OrderOptions{Currency: "USD"})
	if err != nil || len(rej) != 1 || rej[0].Row != 3 || strings.Contains(rej[0].Reason, "--currency") ||
		!strings.Contains(rej[0].Reason, "add a currency column (币种) saying CNY or JPY, or write the amount as CNY 8800 or JPY 8800") {
		t.Fatalf("bare USD beside ￥: %+v %v", rej, err)
	}
	_, rej, err = ParseOrdersWith([][]string{head, {"a@one.com", "2026-01-05", "USD 1200"}, {"a@one.com", "2026-01-06", "￥8800"}}, OrderOptions{Currency: "USD"})
	if err != nil || len(rej) != 1 || !strings.Contains(rej[0].Reason, "as every other row writes its currency, importing the file with --currency CNY or --currency JPY also does") {
		t.Fatalf("written USD beside ￥: %+v %v", rej, err)
	}
	// A currency column's value is written too.
	_, rej, err = ParseOrdersWith([][]string{append(head, "币种"), {"a@one.com", "2026-01-05", "1200", "USD"}, {"a@one.com", "2026-01-06", "￥8800", ""}}, OrderOptions{Currency: "USD"})
	if err != nil || len(rej) != 1 || !strings.Contains(rej[0].Reason, "--currency CNY") {
		t.Fatalf("USD in the currency column beside ￥: %+v %v", rej, err)
	}
}
