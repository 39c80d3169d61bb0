package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The pages call the team by name and customers by what their key names:
// never "domain:buyer.de" or an address where a name is configured.
func TestPagesNameTheTeamNotTheirAddressesOrTheStoresKeys(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	m := w.signIn(srv, mei)
	code, body := m.get(path("/customers/%d", w.meier))
	if code != http.StatusOK {
		t.Fatalf("customer page: %d", code)
	}
	mustContain(t, "Meier's page", body, `<dd><span title="lily@seller.example">Lily Chen</span></dd>`, "<dd>buyer.de</dd>")
	mustLack(t, "Meier's page", body, "domain:buyer.de")

	_, body = m.get("/customers?q=" + url.QueryEscape("meier"))
	mustContain(t, "search", body, "Meier GmbH", `<span class="tag">Lily Chen</span>`)
	mustLack(t, "search", body, "domain:", `<span class="tag">lily@seller.example</span>`)

	_, body = m.get("/reports/replies")
	mustContain(t, "reply report", body, "<td>Lily Chen</td>")
	mustLack(t, "reply report", body, "<td>lily@seller.example</td>")
	// The CSV keeps the addresses, for a spreadsheet.
	_, csv := m.get("/reports/replies?format=csv")
	if !strings.Contains(csv, "lily@seller.example,") {
		t.Errorf("the CSV lost the address:\n%s", csv)
	}

	// In Chinese, a pool customer's tag reads 公海, not "pool".
	req, _ := http.NewRequest("GET", srv.URL+"/customers?q="+url.QueryEscape("株式会社"), nil)
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
	resp, err := m.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	zh := readAll(resp)
	mustContain(t, "Chinese search", zh, "株式会社 Pool Trading", `<span class="tag">公海</span>`)
	mustLack(t, "Chinese search", zh, ">pool<")

	// The pool history names its events in Chinese too.
	req, _ = http.NewRequest("GET", srv.URL+path("/customers/%d", w.meier), nil)
	req.Header.Set("Accept-Language", "zh-CN")
	if resp, err = m.c.Do(req); err != nil {
		t.Fatal(err)
	}
	zh = readAll(resp)
	mustContain(t, "Chinese customer page", zh, "</span> 负责人 Lily Chen")
	mustLack(t, "Chinese customer page", zh, "</span> owner ")
}
