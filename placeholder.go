package keepwarm

import (
	"regexp"
	"strings"
)

// A team used to another program's mail merge writes its fields the way
// that program does: "Hi {FirstName},", "Dear [Name],", "*|FNAME|*",
// "«First_Name»", "%NAME%", "<<Company>>", "{{ first_name }}" in a book's
// salutation. They are plain text to keepwarm's templates and would reach
// the customer as typed, in the salesperson's name.

// placeholderMarks are the delimiters of another program's merge field;
// the field's name is the first group.
var placeholderMarks = []*regexp.Regexp{
	regexp.MustCompile(`\$?\{!?\s*([^{}\n]{1,30}?)\s*\}`),    // {FirstName}, ${name}, {!Contact.FirstName}
	regexp.MustCompile(`\[\[?\s*([^\[\]\n]{1,30}?)\s*\]\]?`), // [Name], [[first_name]]
	regexp.MustCompile(`%([\pL_][\pL\pN_ ]{0,28})%`),         // %NAME%
	regexp.MustCompile(`«\s*([^«»\n]{1,30}?)\s*»`),           // «First_Name»
	regexp.MustCompile(`<<\s*([^<>\n]{1,30}?)\s*>>`),         // <<Company>>
	regexp.MustCompile(`#([\pL_][\pL\pN_]{0,28})#`),          // #FirstName#
	regexp.MustCompile(`【\s*([^【】\n]{1,10}?)\s*】`),           // 【姓名】
}

// alwaysPlaceholders are delimiters no mail text writes for itself: a
// leftover "{{ … }}" and Mailchimp's "*|FNAME|*".
var alwaysPlaceholders = regexp.MustCompile(`\{\{[^\n]{0,40}?\}\}|\*\|[\pL\pN_:]{1,30}\|\*`)

// fieldEnds end the name of a merge field about the person written to
// ("FirstName", "Customer Name", "first_name", "Vorname"), with spaces,
// "_", "." and "-" taken out; fieldNames are whole names, the company's
// among them: "[Acme Company]" and "【深圳光明有限公司】" name a company, they
// hold no field. Other words between brackets ("[PDF]", "{2 pcs}", "«Made
// in China»") are the mail's own.
var (
	fieldEnds  = []string{"name", "surname", "salutation", "email", "vorname", "nachname", "anrede"}
	fieldNames = placeholderWords("fname lname nom prenom prénom nombre apellido empresa customer client contact recipient buyer " +
		"company companyname customercompany clientcompany contactcompany yourcompany firma firmenname " +
		"姓名 名字 称呼 客户 客户名 客户名称 客户姓名 公司 公司名 公司名称 联系人 联系人姓名")
)

// Placeholder returns the first merge field of another program in text
// ("{FirstName}", "[Customer Name]", "*|FNAME|*"), "" when there is none.
// It does not block.
func Placeholder(text string) string {
	if m := alwaysPlaceholders.FindString(text); m != "" {
		return m
	}
	for _, re := range placeholderMarks {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			if isFieldName(m[1]) {
				return m[0]
			}
		}
	}
	return ""
}

func isFieldName(s string) bool {
	s = strings.ToLower(strings.NewReplacer(" ", "", "_", "", ".", "", "-", "").Replace(s))
	if fieldNames[s] {
		return true
	}
	for _, e := range fieldEnds {
		if strings.HasSuffix(s, e) {
			return true
		}
	}
	return false
}

func placeholderWords(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
