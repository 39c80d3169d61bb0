package web

import (
	"keepwarm/sequences"
	"keepwarm/templates"
)

// The console's word on a greeting template, and on a monthly letter,
// listing the products with no guard, in Chinese, merged into zh.
func init() {
	if _, ok := zh[sequences.BareRangeGreetingMsg]; !ok {
		zh[sequences.BareRangeGreetingMsg] = "列出产品时没有保护（{{range .Products}} 没有 {{else}}，或不在 {{with .Products}} 之内）：没有任何产品匹配的客户收不到这封问候（计划和摘要会逐一列出），因为列表前的话后面会什么也没有；要让他们也收到，请给 range 加上读来完整的 {{else}}，或把列表和引出它的话放进 {{with .Products}}…{{end}}；要保持现状，请在模板头部加上 \"requires: Products\"。"
	}
	if _, ok := zh[sequences.BareRangeLetterMsg]; !ok {
		zh[sequences.BareRangeLetterMsg] = "用没有 {{else}} 的 {{range .Products}} 列出产品：没有任何产品匹配的客户收不到这封月度邮件（摘要会逐一列出），因为列表前的话后面会什么也没有；要让他们也收到，请给 range 加上读来完整的 {{else}}，或把列表和引出它的话放进 {{with .Products}}…{{end}}；要保持现状，请在模板头部加上 \"requires: Products\"。"
	}
	// A template whose words above its closing are all inside {{with
	// .Products}} (or {{with .Company}}), its opening and sign-off alone
	// without them: not sent to such a customer (a step skipped, the
	// sequence going on), the editor still saves it.
	if _, ok := zh[templates.SaysNothingProductsMsg]; !ok {
		zh[templates.SaysNothingProductsMsg] = "对没有任何产品匹配的客户，除了称呼和结尾敬语什么也没说（结尾敬语之上的话都在 {{with .Products}} 之内；结尾敬语之下除附言外都算签名），所以不会发给这样的客户：序列中的这一步会被跳过，序列接着走下一步；问候或月度邮件不会发给他们；摘要会说明原因。要让他们也收到，请把要对他们说的话写在 {{with .Products}}…{{end}} 外面、结尾敬语之上；要在模板头部写明，请加上 \"requires: Products\"。"
	}
	if _, ok := zh[templates.SaysNothingCompanyMsg]; !ok {
		zh[templates.SaysNothingCompanyMsg] = "对客户资料里没有公司名的客户，除了称呼和结尾敬语什么也没说（结尾敬语之上的话都在 {{with .Company}} 之内；结尾敬语之下除附言外都算签名），所以不会发给这样的客户：序列中的这一步会被跳过，序列接着走下一步；问候或月度邮件不会发给他们；摘要会说明原因。要让他们也收到，请把要对他们说的话写在 {{with .Company}}…{{end}} 外面、结尾敬语之上；要在模板头部写明，请加上 \"requires: Company\"。"
	}
}
