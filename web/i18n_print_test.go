package web

import (
	"strings"
	"testing"
)

// Where the English says a command prints a sign-in link (to the
// terminal), the Chinese says the command makes one (生成), as the other
// texts about keepwarm web link do: 打印 reads as printing on paper.
func TestChineseSaysTheLinkCommandMakesALink(t *testing.T) {
	for en, text := range zh {
		if strings.Contains(text, "打印") {
			t.Errorf("zh for %q says 打印 (print on paper): %q", en, text)
		}
	}
	held := zh["Sign-in links are held back: these addresses were mailed %d in the last 24 hours, the most allowed, so more are mailed only to a browser that signed in from the same place before (someone may be asking for them in bulk). If one of them cannot sign in, print them a link:"]
	if !strings.Contains(held, "生成登录链接") || strings.Contains(held, "暂停发送") {
		t.Errorf("zh of the held-back banner = %q: want it to say the command makes (生成) a link, and not that mailing stopped", held)
	}
}
