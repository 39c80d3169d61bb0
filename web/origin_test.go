package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// A browser without Sec-Fetch-Site (an iPhone on iOS 16.3 or older)
// posting through a proxy that passes on its own Host is judged by its
// Origin against base_url. The browser writes its Origin in lower case
// and without the default port, however base_url is written: the forms
// work with "http://Keepwarm.test" or "https://keepwarm.test:443", and
// another site's Origin is still refused.
func TestOlderBrowsersFormsWorkWithBaseURLInCapitalsOrWithItsDefaultPort(t *testing.T) {
	for _, c := range []struct{ base, own string }{
		{"http://Keepwarm.test", "http://keepwarm.test"},
		{"http://keepwarm.test:80", "http://keepwarm.test"},
		{"https://KEEPWARM.test:443", "https://keepwarm.test"},
		{"http://keepwarm.test:8080", "http://keepwarm.test:8080"},
		{"http://[2001:DB8::0001]:8080", "http://[2001:db8::1]:8080"},
		{"http://[2001:db8:0:0::1]", "http://[2001:db8::1]"},
		{"http://bücher.test", "http://xn--bcher-kva.test"},
		{"https://Bücher.test:443", "https://xn--bcher-kva.test"},
	} {
		w := newWorld(t, c.base)
		post := func(origin string) (int, string) {
			page := httptest.NewRecorder()
			w.app.ServeHTTP(page, httptest.NewRequest(http.MethodGet, "/signin", nil))
			form := url.Values{"email": {lily}, "csrf": {csrfOf(t, page.Body.String())}}
			req := httptest.NewRequest(http.MethodPost, "/signin", strings.NewReader(form.Encode()))
			req.Host = "127.0.0.1:8080"
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", origin)
			for _, ck := range page.Result().Cookies() {
				req.AddCookie(ck)
			}
			rec := httptest.NewRecorder()
			w.app.ServeHTTP(rec, req)
			b, _ := io.ReadAll(rec.Result().Body)
			return rec.Code, string(b)
		}
		if code, body := post(c.own); code != http.StatusOK || !strings.Contains(body, "on its way") {
			t.Errorf("base_url %s, Origin %s through a proxy: %d\n%.600s", c.base, c.own, code, body)
		}
		for _, other := range []string{"http://www.keepwarm.test", "https://keepwarm.test:8443"} {
			if code, body := post(other); code != http.StatusForbidden || !strings.Contains(body, "sent from a page of another site") {
				t.Errorf("base_url %s, Origin %s: %d, want 403", c.base, other, code)
			}
		}
	}
}
