package web

import "keepwarm/zhtext"

// Claiming from the pool is a salesperson's: the pool page and the refusal
// a manager who does not sell gets, in Chinese.
func init() {
	zh["Only salespeople claim from the pool: to give a customer to one, run keepwarm customers claim ID --salesperson NAME."] =
		"只有销售员可以从公海认领客户：要把客户交给某位销售员，请运行 keepwarm customers claim ID --salesperson 姓名。"
	zhtext.Add(
		pat(`only a salesperson claims from the pool, and (\S+) is not a configured \[\[salesperson\]\]: to give the customer to one, run keepwarm customers claim (\d+) --salesperson NAME`,
			"只有销售员可以从公海认领客户，而 %s 不是配置中的销售员（[[salesperson]]）：要把这个客户交给某位销售员，请运行 keepwarm customers claim %s --salesperson 姓名。"),
	)
}
