package web

// Why a new mail customer went to a salesperson, as the pool history on the
// customer page shows it, in Chinese.
func init() {
	zh["wrote first"] = "最先去信"
	zh["answered first"] = "最先回复询盘"
	zh["answered from the pool"] = "回复了公海询盘"
}
