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

// fieldNames are the names another program gives its fields about the
// person or company written to ("FirstName", "Customer Name",
// "first_name", "Vorname", "{Company}", "【客户名称】"), lowercased with
// spaces, "_", "." and "-" taken out; a role word before one ("Contact
// First Name", "Buyer Company") is a field too. Only such names: a word
// that merely ends in "name" or "email" ("[Brand Name]", a gateway's
// "[External Email]") is the mail's own, as are "[Acme Company]",
// "【深圳光明有限公司】", "[PDF]", "{2 pcs}" and "«Made in China»".
// cjkFieldEnds end a Chinese field's name ("【收件人姓名】", "【客户公司名称】",
// "【对方称呼】"): no company's or person's name ends so, while a company's
// ends in 公司, which is a field only alone.
var (
	fieldNames = placeholderWords("name firstname lastname fullname givenname familyname middlename surname " +
		"fname lname salutation email emailaddress company companyname " +
		"vorname nachname anrede firma firmenname nom prenom prénom nombre apellido empresa " +
		"customer client contact recipient buyer " +
		"姓名 名字 称呼 客户 客户名 公司 公司名 联系人")
	fieldRoles   = []string{"customer", "client", "contact", "recipient", "buyer", "your", "my", "sender", "lead", "account"}
	cjkFieldEnds = []string{"姓名", "名字", "称呼", "名称", "联系人"}
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
	for _, role := range fieldRoles {
		if rest, ok := strings.CutPrefix(s, role); ok && rest != "" && fieldNames[rest] && !roleWords[rest] {
			return true
		}
	}
	for _, e := range cjkFieldEnds {
		if strings.HasSuffix(s, e) {
			return true
		}
	}
	return false
}

// roleWords are fieldNames that are only a field alone: "[Customer
// Client]" is none.
var roleWords = placeholderWords("customer client contact recipient buyer")

func placeholderWords(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
