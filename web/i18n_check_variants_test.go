package web

import (
	"testing"

	"keepwarm/templates"
)

// Every customer templates.Check names in a problem is named in Chinese.
func TestCheckedCustomersHaveChinese(t *testing.T) {
	for _, who := range templates.CheckedCustomers() {
		if _, ok := zhSendVariant[who]; !ok {
			t.Errorf("no Chinese for %q", who)
		}
	}
}
