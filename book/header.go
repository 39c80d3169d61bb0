package book

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Field is a column of a customer sheet keepwarm understands.
type Field string

const (
	FieldCompany    Field = "company"
	FieldContact    Field = "contact"
	FieldEmail      Field = "email"
	FieldPhone      Field = "phone"
	FieldCountry    Field = "country"
	FieldGrade      Field = "grade"
	FieldOwner      Field = "owner"
	FieldLanguage   Field = "language"
	FieldBirthday   Field = "birthday"
	FieldSalutation Field = "salutation"
	FieldTags       Field = "tags"
	FieldTimeZone   Field = "time zone"
	FieldNotes      Field = "notes"
	// FieldHolidays are the festivals the contact keeps ("eid-al-fitr;
	// diwali", or a faith: "muslim").
	FieldHolidays Field = "holidays"
	// FieldFirstName and FieldLastName make the contact's name when the
	// sheet has no contact column (address books and CRM exports split it).
	FieldFirstName Field = "first name"
	FieldLastName  Field = "last name"
)

// headerNames maps folded header texts (lower-case, no spaces or
// punctuation) to fields, in English and Chinese.
var headerNames = map[string]Field{
	"company": FieldCompany, "companyname": FieldCompany, "customer": FieldCompany, "customername": FieldCompany,
	"organization": FieldCompany, "organisation": FieldCompany, "account": FieldCompany, "firma": FieldCompany,
	"公司": FieldCompany, "公司名称": FieldCompany, "公司名": FieldCompany, "客户": FieldCompany, "客户名称": FieldCompany, "客户名": FieldCompany,

	"contact": FieldContact, "contactname": FieldContact, "contactperson": FieldContact, "name": FieldContact, "fullname": FieldContact,
	"联系人": FieldContact, "姓名": FieldContact, "联系人姓名": FieldContact,

	"email": FieldEmail, "emails": FieldEmail, "emailaddress": FieldEmail, "mail": FieldEmail,
	"邮箱": FieldEmail, "电子邮件": FieldEmail, "电子邮箱": FieldEmail, "邮件": FieldEmail, "邮箱地址": FieldEmail,

	"phone": FieldPhone, "phones": FieldPhone, "tel": FieldPhone, "telephone": FieldPhone, "mobile": FieldPhone,
	"phonenumber": FieldPhone, "cell": FieldPhone, "whatsapp": FieldPhone,
	"电话": FieldPhone, "手机": FieldPhone, "联系电话": FieldPhone, "手机号": FieldPhone, "电话号码": FieldPhone,

	"country": FieldCountry, "countryregion": FieldCountry, "market": FieldCountry,
	"国家": FieldCountry, "国家地区": FieldCountry, "国别": FieldCountry,

	"grade": FieldGrade, "level": FieldGrade, "rating": FieldGrade, "class": FieldGrade,
	"等级": FieldGrade, "客户等级": FieldGrade, "级别": FieldGrade,

	"owner": FieldOwner, "salesperson": FieldOwner, "salesrep": FieldOwner, "sales": FieldOwner,
	"业务员": FieldOwner, "负责人": FieldOwner, "所属业务员": FieldOwner, "跟进人": FieldOwner,

	"language": FieldLanguage, "lang": FieldLanguage, "语言": FieldLanguage,
	"birthday": FieldBirthday, "dateofbirth": FieldBirthday, "dob": FieldBirthday, "生日": FieldBirthday, "出生日期": FieldBirthday,
	"salutation": FieldSalutation, "greeting": FieldSalutation, "称呼": FieldSalutation,
	"tags": FieldTags, "tag": FieldTags, "products": FieldTags, "product": FieldTags, "interests": FieldTags,
	"标签": FieldTags, "产品": FieldTags, "感兴趣产品": FieldTags, "意向产品": FieldTags,
	"timezone": FieldTimeZone, "tz": FieldTimeZone, "时区": FieldTimeZone,
	"holidays": FieldHolidays, "holiday": FieldHolidays, "festivals": FieldHolidays, "节日": FieldHolidays,
	// A faith column holds what a holidays cell may: "Muslim", 伊斯兰教.
	"religion": FieldHolidays, "faith": FieldHolidays, "宗教": FieldHolidays, "信仰": FieldHolidays, "宗教信仰": FieldHolidays,
	"notes": FieldNotes, "note": FieldNotes, "remarks": FieldNotes, "comments": FieldNotes, "备注": FieldNotes, "说明": FieldNotes,
	"firstname": FieldFirstName, "givenname": FieldFirstName, "forename": FieldFirstName,
	"lastname": FieldLastName, "surname": FieldLastName, "familyname": FieldLastName,
}

// looseNames are what an email or phone column's header is left with once
// the words CRM and address-book exports add ("Contact Email", "E-mail 2
// Address", "Business Phone", 手机号码, 联系邮箱) are taken out (see
// looseField). Only emails and phones are found so: "Company Address" is
// no company.
var looseNames = map[string]Field{
	"email": FieldEmail, "emails": FieldEmail, "mail": FieldEmail, "邮箱": FieldEmail, "电子邮件": FieldEmail,
	"电子邮箱": FieldEmail, "邮件": FieldEmail,
	"phone": FieldPhone, "phones": FieldPhone, "tel": FieldPhone, "telephone": FieldPhone, "mobile": FieldPhone,
	"mobilephone": FieldPhone, "cell": FieldPhone, "cellphone": FieldPhone, "whatsapp": FieldPhone,
	"电话": FieldPhone, "手机": FieldPhone, "座机": FieldPhone,
}

// looseNoise are the words looseField takes out of a folded header.
// The person's words (联系人邮箱, 客户电话, Customer Email) come before
// 联系, which would leave 人 behind.
var looseNoise = []string{"联系人", "客户", "买家", "customer", "client", "buyer", "contact", "primary", "business", "work", "personal", "private", "home", "other", "main",
	"address", "value", "number", "联系", "公司", "常用", "主要", "工作", "个人", "号码", "地址", "号"}

// looseField is the email or phone field a header names in the words of
// a CRM or address-book export, "" when it names neither.
func looseField(folded string) (Field, bool) {
	s := strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return -1
		}
		return r
	}, folded)
	for _, w := range looseNoise {
		s = strings.ReplaceAll(s, w, "")
	}
	f, ok := looseNames[s]
	return f, ok
}

// foldHeader lower-cases and drops everything but letters and digits:
// "E-mail Address" and "email_address" both become "emailaddress".
func foldHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(foldName(s)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// HeaderField returns the field a header cell names.
func HeaderField(s string) (Field, bool) {
	folded := foldHeader(s)
	if f, ok := headerNames[folded]; ok {
		return f, true
	}
	return looseField(folded)
}

// header is the column layout of a sheet: which columns hold which field
// (a field may span several columns, e.g. "Phone" and "Mobile").
type header struct {
	cols    map[Field][]int
	names   map[int]string // column -> its header text
	ignored []string
}

// name is the header text of column col.
func (h header) name(col int) string { return h.names[col] }

// severalValues are the fields a row may spread over several columns
// (Email and E-mail 2, Phone and Mobile): the others hold one value, and
// two columns of one of them glued together would make one wrong value
// ("John Smith Acme Ltd", a salutation of two lines).
var severalValues = map[Field]bool{FieldEmail: true, FieldPhone: true, FieldTags: true, FieldNotes: true, FieldHolidays: true}

// outright are the folded headers that name their field outright, rather
// than by a word that may mean it ("Company" against "Customer Name",
// "Contact" against "Name", "Salutation" against "Greeting"): of two
// columns of a field of one value, such a one is read.
var outright = map[string]bool{
	"company": true, "companyname": true, "公司": true, "公司名称": true, "公司名": true,
	"contact": true, "contactname": true, "contactperson": true, "联系人": true, "联系人姓名": true,
	"country": true, "国家": true, "grade": true, "等级": true, "客户等级": true,
	"owner": true, "salesperson": true, "业务员": true, "所属业务员": true,
	"language": true, "语言": true, "birthday": true, "生日": true, "salutation": true, "称呼": true,
	"timezone": true, "时区": true, "firstname": true, "lastname": true,
}

// mapHeader reads a header row; it reports how many cells it recognised.
// A field of one value is read from one column (see single).
func mapHeader(cells []string) (header, int) {
	h := header{cols: map[Field][]int{}, names: map[int]string{}}
	n := 0
	for i, c := range cells {
		if strings.TrimSpace(c) == "" {
			continue
		}
		if f, ok := HeaderField(c); ok {
			h.cols[f] = append(h.cols[f], i)
			h.names[i] = strings.TrimSpace(c)
			n++
		} else {
			h.ignored = append(h.ignored, strings.TrimSpace(c))
		}
	}
	h.single()
	return h, n
}

// single keeps one column of each field of one value that several columns
// name: the first that names it outright, else the first. The others are
// listed among the ignored columns with the one read instead, so the
// person who wrote the sheet sees what became of them.
func (h *header) single() {
	var cols []int // in column order, for the ignored list
	for f, fc := range h.cols {
		if len(fc) < 2 || severalValues[f] {
			continue
		}
		keep := fc[0]
		for _, c := range fc {
			if outright[foldHeader(h.names[c])] {
				keep = c
				break
			}
		}
		h.cols[f] = []int{keep}
		for _, c := range fc {
			if c != keep {
				cols = append(cols, c)
			}
		}
	}
	slices.Sort(cols)
	for _, c := range cols {
		f, _ := HeaderField(h.names[c])
		read := h.cols[f][0]
		h.ignored = append(h.ignored, fmt.Sprintf("%s (column %s: the %s is read from column %s, %s)",
			h.names[c], columnName(c), f, columnName(read), h.names[read]))
		delete(h.names, c)
	}
}

// get joins the cells of a field's columns with newlines.
func (h header) get(row []string, f Field) string {
	var parts []string
	for _, i := range h.cols[f] {
		if i < len(row) {
			if v := strings.TrimSpace(row[i]); v != "" {
				parts = append(parts, v)
			}
		}
	}
	return strings.Join(parts, "\n")
}
