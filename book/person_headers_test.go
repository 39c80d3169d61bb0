package book

import (
	"strings"
	"testing"
)

// Chinese sheets name the columns after the person (联系人邮箱, 联系人电话,
// 客户邮箱, 客户电话) and CRM exports write Customer Email or Client Phone:
// they are the email and phone columns.
func TestParseReadsPersonNamedEmailAndPhoneColumns(t *testing.T) {
	for _, h := range []string{"联系人邮箱", "联系人电话", "联系人手机", "客户邮箱", "客户电话", "买家邮箱", "Customer Email", "Client Phone", "Buyer E-mail"} {
		if f, ok := HeaderField(h); !ok || (f != FieldEmail && f != FieldPhone) {
			t.Errorf("HeaderField(%q) = %q, %v", h, f, ok)
		}
	}
	s, err := Parse([][]string{
		{"公司名称", "联系人", "联系人邮箱", "联系人电话", "国家"},
		{"迪拜灯饰", "Ali", "ali@dubai-lights.ae", "+971 50 123 4567", "阿联酋"},
	}, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Records) != 1 || len(s.Records[0].Emails) != 1 || len(s.Records[0].Phones) != 1 {
		t.Fatalf("records %+v rejected %+v", s.Records, s.Rejected)
	}
	// A sheet whose columns are still not known is told which ones.
	_, err = Parse([][]string{{"公司名称", "联系人", "邮件地址栏", "国家"}, {"Acme", "Ann", "ann@acme.com", "US"}}, ParseOptions{})
	if err == nil || !strings.Contains(err.Error(), "does not know the columns 邮件地址栏") {
		t.Fatalf("err = %v", err)
	}
}
