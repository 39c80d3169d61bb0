package web

// A follow-up's step queued and waiting to go, and a refund among the
// orders, on the customer page.
func init() {
	zh["queued, goes"] = "已排队，发送时间"
	zh["refund"] = "退款"
}
