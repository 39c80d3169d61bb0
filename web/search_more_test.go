package web_test

import (
	"fmt"
	"strings"
	"testing"
)

// A search shows at most 100 customers; when more match it says so, and
// how to find the one sought (more of the text, which is matched as one
// piece), in English and in Chinese. With exactly 100
// matches it says nothing.
func TestASearchSaysWhenMoreMatchThanItShows(t *testing.T) {
	for _, n := range []int{100, 101} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			w := newWorld(t, "http://keepwarm.test")
			for i := range n {
				if _, err := w.raw.Exec(`INSERT INTO customers (key, name, domain, owner, created_at) VALUES (?, ?, ?, ?, ?)`,
					fmt.Sprintf("domain:zeller%03d.de", i), fmt.Sprintf("Zeller Trading %03d GmbH", i), fmt.Sprintf("zeller%03d.de", i),
					lily, now0.Unix()); err != nil {
					t.Fatal(err)
				}
			}
			c := w.signIn(w.serve(), lily)
			_, body := c.get("/customers?q=zeller")
			if got := strings.Count(body, `<li><a href="/customers/`); got != 100 {
				t.Fatalf("%d customers listed, want 100", got)
			}
			zh := c.getZh(t, "/customers?q=zeller")
			if n == 100 {
				mustLack(t, "the search of 100", body, `id="search-more"`)
				mustLack(t, "the Chinese search of 100", zh, `id="search-more"`)
				return
			}
			// It asks for more of the text, not another word: the words
			// "gmbh müller" match no "Müller GmbH".
			mustContain(t, "the search of 101", body, "Showing the first 100 matches: type more of the name, email, domain or phone to narrow the search.")
			mustLack(t, "the search of 101", body, "add a word")
			mustContain(t, "the Chinese search of 101", zh, "只显示前 100 个匹配结果：请输入更完整的名称、邮箱、域名或电话")
			mustLack(t, "the Chinese search of 101", zh, "再加一个词")
		})
	}
}
