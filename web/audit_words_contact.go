package web

// A contact's "left the company" taken back by hand (`keepwarm customers
// contact EMAIL --not-left`), for the pages that list changes; in Chinese
// too.
func init() {
	auditLabels["contact.not-left"] = "said a contact has not left the company"
	zh["said a contact has not left the company"] = "确认联系人并未离职"
}
