package web_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"keepwarm/templates"
	"keepwarm/web"
)

// Another mail program's placeholder, refused in a step, a greeting and
// the console's check, reads in Chinese, the field kept as written.
func TestPlaceholderReasonsInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	own := fstest.MapFS{"resend.tmpl": &fstest.MapFile{Data: []byte("subject: {{reply .Original.Subject}}\n--- text\nHi {FirstName},\n\ndid my mail reach you?\n")}}
	set, err := templates.Load(templates.Defaults(), own)
	if err != nil {
		t.Fatal(err)
	}
	var problem string
	for _, p := range templates.SendProblems(set) {
		if p.File == "resend.tmpl" {
			problem = p.Msg
		}
	}
	for msg, want := range map[string]string{
		"step 2: " + (&templates.PlaceholderError{File: "resend.tmpl", Token: "«First_Name»"}).Error():   "第 2 步出错：resend.tmpl 写了“«First_Name»”：这是别的邮件程序的占位符",
		fmt.Sprintf("the letter writes %q: %s; it is not sent", "{FirstName}", templates.PlaceholderWhy): "月度邮件写了“{FirstName}”：这是别的邮件程序的占位符",
		problem: "写了“{FirstName}”，这是别的邮件程序的占位符，keepwarm 不会替换它",
		"step 2: " + (&templates.PlaceholderError{File: "resend.tmpl", Token: "[Your Name]", Part: templates.PartSignature}).Error():                                                      "resend.tmpl 写了“[Your Name]”：这是别的邮件程序的占位符，keepwarm 不会替换它（在配置里这个邮箱的签名里",
		"step 2: " + (&templates.PlaceholderError{File: "resend.tmpl", Token: "{FirstName}", Part: templates.PartTemplate}).Error():                                                       "resend.tmpl 写了“{FirstName}”：这是别的邮件程序的占位符，keepwarm 不会替换它（在模板里）",
		"step 2: " + (&templates.PlaceholderError{File: "resend.tmpl", Token: "«Name»", Part: templates.PartSalutation}).Error():                                                          "（在客户资料里这位联系人的称呼里）",
		"step 2: " + (&templates.PlaceholderError{File: "resend.tmpl", Token: "[Name]", Part: templates.PartName}).Error():                                                                "（在这位联系人的名字里",
		`salutation "Dear «First_Name»" holds "«First_Name»", another mail program's placeholder, which keepwarm does not fill in: write the salutation itself, such as "Dear Mr. Meier"`: "称呼“Dear «First_Name»”里有“«First_Name»”，这是别的邮件程序的占位符",
	} {
		if got := zh.Err(msg); !strings.Contains(got, want) {
			t.Errorf("%q in Chinese: %q, want %q in it", msg, got, want)
		}
	}
}
