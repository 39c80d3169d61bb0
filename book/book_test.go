package book

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestNormalizePhone(t *testing.T) {
	for _, tc := range []struct{ in, region, want string }{
		{"+1 (555) 010-2000", "", "+15550102000"},
		{"5550102000", "US", "+15550102000"},
		{"(555) 010-2000", "US", "+15550102000"},
		{"0049 30 1234567", "", "+49301234567"},
		{"030 1234567", "DE", "+49301234567"},
		{"+86 138 0013 8000", "US", "+8613800138000"},
		{"＋８６ １３８００１３８０００", "", "+8613800138000"},
		{"12", "US", ""},
		{"call me", "US", ""},
		{"5550102000", "", ""},
	} {
		got, err := NormalizePhone(tc.in, tc.region)
		if got != tc.want || (err != nil) != (tc.want == "") {
			t.Errorf("NormalizePhone(%q, %q) = %q, %v; want %q", tc.in, tc.region, got, err, tc.want)
		}
	}
}

func TestNormalizeEmailAndSplit(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{" Bob@Acme.COM ", "bob@acme.com"},
		{"mailto:bob@acme.com", "bob@acme.com"},
		{"<bob@acme.com>", "bob@acme.com"},
		{"Bob Smith <Bob@Acme.com>", "bob@acme.com"},
		{"bob＠acme.com", "bob@acme.com"},
		{"bob@acme", ""},
		{"bob at acme.com", ""},
		{"@acme.com", ""},
	} {
		got, err := NormalizeEmail(tc.in)
		if got != tc.want || (err != nil) != (tc.want == "") {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	got, err := splitEmails("a@x.com, b@x.com;c@x.com / d@x.com\ne@x.com f@x.com，g@x.com")
	if len(got) != 7 || err != nil {
		t.Errorf("split emails: %q", got)
	}
	if got := splitCell("+1 555 010 2000 / +1 555 010 2001"); len(got) != 2 || got[0] != "+1 555 010 2000" {
		t.Errorf("split phones: %q", got)
	}
}

func TestLookups(t *testing.T) {
	for in, want := range map[string]string{
		"United States": "US", "USA": "US", "美国": "US", "us": "US", "Germany": "DE", "德国": "DE",
		"Deutschland": "DE", " united  kingdom ": "GB", "UAE": "AE", "Brasil": "BR",
	} {
		c, ok := LookupCountry(in)
		if !ok || c.Code != want || c.TimeZone == "" || c.Language == "" {
			t.Errorf("LookupCountry(%q) = %+v, %v; want %s", in, c, ok, want)
		}
	}
	if _, ok := LookupCountry("Narnia"); ok {
		t.Error("Narnia is a country")
	}
	for _, c := range countries {
		if _, err := time.LoadLocation(c.TimeZone); err != nil {
			t.Errorf("%s: %v", c.Code, err)
		}
	}
	for in, want := range map[string]string{"German": "de", "德语": "de", "de-DE": "de", "English": "en", "es": "es"} {
		if got, ok := LookupLanguage(in); !ok || got != want {
			t.Errorf("LookupLanguage(%q) = %q", in, got)
		}
	}
	for in, want := range map[string]Field{
		"Company": FieldCompany, "公司名称": FieldCompany, "E-mail Address": FieldEmail, "电子邮件": FieldEmail,
		"手机": FieldPhone, "Time Zone": FieldTimeZone, "业务员": FieldOwner, "产品": FieldTags, "备注": FieldNotes,
	} {
		if got, ok := HeaderField(in); !ok || got != want {
			t.Errorf("HeaderField(%q) = %q", in, got)
		}
	}
	for in, want := range map[string]string{"a": "A", " B ": "B", "C级": "C", "e": "E", "": ""} {
		if got, err := NormalizeGrade(in); err != nil || got != want {
			t.Errorf("NormalizeGrade(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := NormalizeGrade("VIP"); err == nil || !strings.Contains(err.Error(), `unknown grade "VIP"`) {
		t.Errorf("VIP: %v", err)
	}
}

func TestSalutationAndBirthday(t *testing.T) {
	for _, tc := range [][3]string{
		{"", "Hans Meier", "Dear Hans"}, {"Sehr geehrter Herr Meier", "Hans Meier", "Sehr geehrter Herr Meier"},
		{"", "", "Dear Sir or Madam"}, {"", "王伟", "Dear 王伟"}, {"", "Mr. Smith", "Dear Mr. Smith"},
	} {
		if got := Salutation(tc[0], tc[1]); got != tc[2] {
			t.Errorf("Salutation(%q, %q) = %q", tc[0], tc[1], got)
		}
	}
	for in, want := range map[string]string{"1980-05-17": "1980-05-17", "1980/5/17": "1980-05-17", "05-17": "--05-17", "5月17日": "--05-17", "17.05.1980": "1980-05-17"} {
		if got, err := NormalizeBirthday(in); err != nil || got != want {
			t.Errorf("NormalizeBirthday(%q) = %q, %v", in, got, err)
		}
	}
}

func TestReadCSVEncodings(t *testing.T) {
	text := "公司,联系人,邮箱,电话,国家\n\n深圳灯具有限公司,王伟,wang@szlamp.cn,13800138000,中国\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{
		"utf8": []byte(text), "bom": append([]byte("\xef\xbb\xbf"), text...), "gbk": []byte(gbk),
		"semicolon": []byte(strings.ReplaceAll(text, ",", ";")),
	} {
		rows, err := ReadCSV(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s, err := Parse(rows, ParseOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(s.Records) != 1 || s.Blank != 1 {
			t.Fatalf("%s: %+v", name, s)
		}
		r := s.Records[0]
		if r.Row != 3 || r.Company != "深圳灯具有限公司" || r.Contact != "王伟" || r.Country != "CN" ||
			r.TimeZone != "Asia/Shanghai" || len(r.Phones) != 1 || r.Phones[0] != "+8613800138000" {
			t.Errorf("%s: %+v", name, r)
		}
	}
}

func TestParseRowsRejectAndWarn(t *testing.T) {
	rows := [][]string{
		{"Customer list 2026"},
		{"Company", "Contact", "Email", "Phone", "Country", "Grade", "Fax", "Owner"},
		{"Acme", "Bob", "bob@acme.com; Sales@Acme.com", "+1 555 010 2000, nonsense", "USA", "b", "1", ""},
		{"Bad", "X", "x@", "", "", "", "", ""},
		{"Worse", "Y", "y@worse.com", "", "", "Z", "", ""},
		{"Nobody", "Z", "", "", "", "", "", ""},
		{"Owned", "O", "o@owned.de", "", "Narnia", "", "", "Lily"},
		{"Stranger", "S", "s@owned.de", "", "", "", "", "Tom"},
	}
	owners := func(s string) (string, bool) {
		if strings.EqualFold(s, "lily") || s == "lily@x.com" {
			return "lily@x.com", true
		}
		return "", false
	}
	s, err := Parse(rows, ParseOptions{Owner: owners})
	if err != nil {
		t.Fatal(err)
	}
	if s.HeaderRow != 2 || len(s.Ignored) != 1 || s.Ignored[0] != "Fax" {
		t.Fatalf("header: %+v", s)
	}
	want := map[int]string{4: `invalid email "x@"`, 5: `unknown grade "Z"`, 6: "no email or phone", 8: `owner "Tom"`}
	if len(s.Rejected) != len(want) {
		t.Fatalf("rejected: %+v", s.Rejected)
	}
	for _, r := range s.Rejected {
		if !strings.Contains(r.Reason, want[r.Row]) {
			t.Errorf("row %d: %q, want %q", r.Row, r.Reason, want[r.Row])
		}
	}
	if len(s.Records) != 2 {
		t.Fatalf("records: %+v", s.Records)
	}
	a := s.Records[0]
	if a.Row != 3 || a.Grade != "B" || len(a.Emails) != 2 || a.Emails[1] != "sales@acme.com" || len(a.Phones) != 1 || len(a.Warnings) != 1 {
		t.Errorf("acme: %+v", a)
	}
	if o := s.Records[1]; o.Owner != "lily@x.com" || o.Country != "" || len(o.Warnings) != 1 {
		t.Errorf("owned: %+v", o)
	}
}

func TestClaimStates(t *testing.T) {
	r := DefaultRules()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c := Claim{ClaimedAt: t0, Deadline: t0.Add(r.ClaimDeadline)}
	for _, tc := range []struct {
		at   time.Duration
		want ClaimState
		text string
	}{
		{0, ClaimPending, "returning in 30 days"}, {26 * Day, ClaimPending, "returning in 4 days"},
		{27 * Day, ClaimWarn, "returning in 3 days"}, {29*Day + time.Hour, ClaimWarn, "returning in 23 hours"},
		{30 * Day, ClaimExpired, "returning to the pool now"},
	} {
		now := t0.Add(tc.at)
		if got := r.State(c, now); got != tc.want {
			t.Errorf("+%s: %s, want %s", tc.at, got, tc.want)
		}
		if got := ReturningIn(c.Deadline, now); got != tc.text {
			t.Errorf("+%s: %q, want %q", tc.at, got, tc.text)
		}
	}
	replied := c
	replied.RepliedAt = t0.Add(5 * Day)
	if r.State(replied, t0.Add(40*Day)) != ClaimConverted {
		t.Error("a reply within the deadline does not convert")
	}
	late := c
	late.RepliedAt = t0.Add(31 * Day)
	if r.State(late, t0.Add(31*Day)) != ClaimExpired {
		t.Error("a reply after the deadline converts")
	}
	if r.CanClaim(49) != nil || r.CanClaim(50) == nil {
		t.Error("cap")
	}
	if due, ok := r.ReviewDue("C", t0); !ok || !due.Equal(t0.Add(15*Day)) {
		t.Errorf("C due %s", due)
	}
	if _, ok := r.ReviewDue("", t0); ok {
		t.Error("ungraded is due")
	}
}

func TestParetoAndOrders(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	revs := []Revenue{
		{CustomerID: 1, Cents: 50_000_00, Orders: 12, FirstOrder: day(1, 1), LastOrder: day(11, 20)},
		{CustomerID: 2, Cents: 30_000_00, Orders: 1, FirstOrder: day(3, 1), LastOrder: day(3, 1)},
		{CustomerID: 3, Cents: 10_000_00}, {CustomerID: 4, Cents: 6_000_00}, {CustomerID: 5, Cents: 4_000_00},
	}
	rows, total := Pareto(revs, 0.8, now)
	if total != 100_000_00 || len(rows) != 2 || rows[0].CustomerID != 1 || rows[1].Cumulative != 0.8 {
		t.Fatalf("pareto: %d %+v", total, rows)
	}
	if rows[0].Suggested != "A" || rows[1].Suggested != "B" {
		t.Errorf("suggested: %s %s", rows[0].Suggested, rows[1].Suggested)
	}
	for in, want := range map[string][2]any{"12,500.00": {int64(1250000), ""}, "$1,200": {int64(120000), "USD"},
		"USD 300": {int64(30000), "USD"}, "1.234,50 EUR": {int64(123450), "EUR"}, "CN¥88": {int64(8800), "CNY"}} {
		c, cur, err := ParseAmount(in)
		if err != nil || c != want[0] || cur != want[1] {
			t.Errorf("ParseAmount(%q) = %d %q %v", in, c, cur, err)
		}
	}
	orders, rej, err := ParseOrders([][]string{
		{"客户", "日期", "金额", "币种"},
		{"bob@acme.com", "2026-03-01", "1,000.00", "usd"},
		{"bob@acme.com", "2026-03-01", "1,000.00", "usd"},
		{"Acme", "yesterday", "5", ""},
	}, "USD")
	if err != nil || len(orders) != 2 || len(rej) != 1 || rej[0].Row != 4 || orders[0].Key == orders[1].Key || orders[0].Currency != "USD" {
		t.Fatalf("orders %+v %+v %v", orders, rej, err)
	}
}
