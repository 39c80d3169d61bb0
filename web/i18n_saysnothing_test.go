package web_test

import (
	"strings"
	"testing"

	"keepwarm/templates"
	"keepwarm/web"
)

// The console's refusal of a template saying nothing but its opening and
// sign-off without products or a company name reads in Chinese, the
// header to add kept.
func TestSaysNothingRefusalInChinese(t *testing.T) {
	for msg, header := range map[string]string{templates.SaysNothingProductsMsg: `"requires: Products"`, templates.SaysNothingCompanyMsg: `"requires: Company"`} {
		if got := (web.Lang{Code: "zh"}).Err(msg); !strings.Contains(got, "除了称呼和结尾敬语什么也没说") || !strings.Contains(got, header) ||
			!strings.Contains(got, "序列接着走下一步") || strings.Contains(got, "扣下") {
			t.Errorf("%q in Chinese: %q", msg, got)
		}
	}
}
