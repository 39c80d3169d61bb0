package book

import "testing"

// An orders sheet or a follow-up log names its customer's email, but is no
// customer list: a workbook's other sheets of that kind are not "another
// customer sheet" (which fails a nightly import until --sheet reads it).
func TestHasCustomerHeaderJudgesTheColumns(t *testing.T) {
	for _, c := range []struct {
		head []string
		want bool
	}{
		{[]string{"公司名称", "联系人", "邮箱", "国家"}, true},
		{[]string{"Company", "Email"}, true},
		{[]string{"Company", "Contact", "Email", "Phone", "Fax", "地址"}, true},
		{[]string{"Company", "Contact", "Email", "Phone", "Follow-up Date"}, false},
		{[]string{"Company", "Contact", "Email", "Grade", "Fax"}, true},
		{[]string{"客户名称", "客户邮箱", "金额", "日期"}, false},
		{[]string{"客户", "联系人", "邮箱", "跟进内容"}, false},
		{[]string{"客户", "联系人", "邮箱", "日期", "跟进内容", "备注"}, false},
	} {
		if got := HasCustomerHeader([][]string{c.head, {"Acme", "a@acme.com", "x", "y"}}); got != c.want {
			t.Errorf("%v: %v, want %v", c.head, got, c.want)
		}
	}
}
