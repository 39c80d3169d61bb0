package web_test

import (
	"testing"

	"keepwarm/web"
)

// The follow-up's reasons from its stop rules and last look read in
// Chinese, each with the values it carries.
func TestFollowUpReasonsInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	for msg, want := range map[string]string{
		"step 1: recipients changed since it was queued; done again for hans@buyer.de": "第 1 步：排队后收件人有变；已为 hans@buyer.de 重新生成。",
	} {
		if got := zh.Err(msg); got != want {
			t.Errorf("Err(%q) = %q, want %q", msg, got, want)
		}
	}
}
