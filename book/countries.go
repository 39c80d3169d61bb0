package book

import (
	"strings"

	"golang.org/x/text/width"
)

// Country is one market: its ISO 3166-1 alpha-2 code, the time zone most of
// its buyers work in and the language to write to them in.
type Country struct {
	Code     string
	Name     string
	TimeZone string
	Language string
}

// countryZones are the zones of the markets that span several, the
// country's own TimeZone first and the others by how many buyers work in
// them: a customer placed only by the country is placed in the one their
// own mail was written in (CountryZones). A read-only table.
var countryZones = map[string][]string{
	"US": {"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu"},
	"CA": {"America/Toronto", "America/Vancouver", "America/Edmonton", "America/Winnipeg", "America/Regina", "America/Halifax", "America/St_Johns"},
	"MX": {"America/Mexico_City", "America/Tijuana", "America/Hermosillo", "America/Mazatlan", "America/Cancun"},
	"BR": {"America/Sao_Paulo", "America/Manaus", "America/Rio_Branco", "America/Noronha"},
	"RU": {"Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Vladivostok", "Europe/Samara", "Asia/Omsk", "Europe/Kaliningrad", "Asia/Yakutsk", "Asia/Magadan", "Asia/Kamchatka"},
	"AU": {"Australia/Sydney", "Australia/Brisbane", "Australia/Perth", "Australia/Adelaide", "Australia/Darwin"},
	"ID": {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"},
}

// CountryZones are the time zones of a market that spans several (its own
// TimeZone first), nil for a market of one zone.
func CountryZones(code string) []string { return countryZones[strings.ToUpper(code)] }

// countries are the common export markets with the names salespeople write in
// their sheets (English, native and Chinese). A read-only table.
var countries = []struct {
	Country
	names []string
}{
	{Country{"US", "United States", "America/New_York", "en"}, []string{"usa", "u.s.a.", "u.s.", "united states of america", "america", "美国"}},
	{Country{"CA", "Canada", "America/Toronto", "en"}, []string{"加拿大"}},
	{Country{"MX", "Mexico", "America/Mexico_City", "es"}, []string{"méxico", "墨西哥"}},
	{Country{"BR", "Brazil", "America/Sao_Paulo", "pt"}, []string{"brasil", "巴西"}},
	{Country{"AR", "Argentina", "America/Argentina/Buenos_Aires", "es"}, []string{"阿根廷"}},
	{Country{"CL", "Chile", "America/Santiago", "es"}, []string{"智利"}},
	{Country{"CO", "Colombia", "America/Bogota", "es"}, []string{"哥伦比亚"}},
	{Country{"PE", "Peru", "America/Lima", "es"}, []string{"perú", "秘鲁"}},
	{Country{"GB", "United Kingdom", "Europe/London", "en"}, []string{"uk", "u.k.", "great britain", "britain", "england", "英国"}},
	{Country{"IE", "Ireland", "Europe/Dublin", "en"}, []string{"爱尔兰"}},
	{Country{"DE", "Germany", "Europe/Berlin", "de"}, []string{"deutschland", "德国"}},
	{Country{"FR", "France", "Europe/Paris", "fr"}, []string{"法国"}},
	{Country{"IT", "Italy", "Europe/Rome", "it"}, []string{"italia", "意大利"}},
	{Country{"ES", "Spain", "Europe/Madrid", "es"}, []string{"españa", "espana", "西班牙"}},
	{Country{"PT", "Portugal", "Europe/Lisbon", "pt"}, []string{"葡萄牙"}},
	{Country{"NL", "Netherlands", "Europe/Amsterdam", "nl"}, []string{"the netherlands", "holland", "nederland", "荷兰"}},
	{Country{"BE", "Belgium", "Europe/Brussels", "nl"}, []string{"belgië", "belgique", "比利时"}},
	{Country{"CH", "Switzerland", "Europe/Zurich", "de"}, []string{"schweiz", "suisse", "瑞士"}},
	{Country{"AT", "Austria", "Europe/Vienna", "de"}, []string{"österreich", "奥地利"}},
	{Country{"SE", "Sweden", "Europe/Stockholm", "sv"}, []string{"sverige", "瑞典"}},
	{Country{"NO", "Norway", "Europe/Oslo", "nb"}, []string{"norge", "挪威"}},
	{Country{"DK", "Denmark", "Europe/Copenhagen", "da"}, []string{"danmark", "丹麦"}},
	{Country{"FI", "Finland", "Europe/Helsinki", "fi"}, []string{"suomi", "芬兰"}},
	{Country{"PL", "Poland", "Europe/Warsaw", "pl"}, []string{"polska", "波兰"}},
	{Country{"CZ", "Czech Republic", "Europe/Prague", "cs"}, []string{"czechia", "捷克"}},
	{Country{"GR", "Greece", "Europe/Athens", "el"}, []string{"希腊"}},
	{Country{"RO", "Romania", "Europe/Bucharest", "ro"}, []string{"罗马尼亚"}},
	{Country{"HU", "Hungary", "Europe/Budapest", "hu"}, []string{"匈牙利"}},
	{Country{"RU", "Russia", "Europe/Moscow", "ru"}, []string{"russian federation", "россия", "俄罗斯"}},
	{Country{"UA", "Ukraine", "Europe/Kyiv", "uk"}, []string{"乌克兰"}},
	{Country{"TR", "Turkey", "Europe/Istanbul", "tr"}, []string{"türkiye", "turkiye", "土耳其"}},
	{Country{"AE", "United Arab Emirates", "Asia/Dubai", "ar"}, []string{"uae", "u.a.e.", "emirates", "dubai", "阿联酋"}},
	{Country{"SA", "Saudi Arabia", "Asia/Riyadh", "ar"}, []string{"ksa", "沙特", "沙特阿拉伯"}},
	{Country{"IL", "Israel", "Asia/Jerusalem", "he"}, []string{"以色列"}},
	{Country{"EG", "Egypt", "Africa/Cairo", "ar"}, []string{"埃及"}},
	{Country{"NG", "Nigeria", "Africa/Lagos", "en"}, []string{"尼日利亚"}},
	{Country{"KE", "Kenya", "Africa/Nairobi", "en"}, []string{"肯尼亚"}},
	{Country{"ZA", "South Africa", "Africa/Johannesburg", "en"}, []string{"南非"}},
	{Country{"MA", "Morocco", "Africa/Casablanca", "fr"}, []string{"摩洛哥"}},
	{Country{"IN", "India", "Asia/Kolkata", "en"}, []string{"印度"}},
	{Country{"PK", "Pakistan", "Asia/Karachi", "en"}, []string{"巴基斯坦"}},
	{Country{"BD", "Bangladesh", "Asia/Dhaka", "en"}, []string{"孟加拉", "孟加拉国"}},
	{Country{"CN", "China", "Asia/Shanghai", "zh"}, []string{"prc", "中国"}},
	{Country{"HK", "Hong Kong", "Asia/Hong_Kong", "zh"}, []string{"香港"}},
	{Country{"TW", "Taiwan", "Asia/Taipei", "zh"}, []string{"台湾"}},
	{Country{"JP", "Japan", "Asia/Tokyo", "ja"}, []string{"日本"}},
	{Country{"KR", "South Korea", "Asia/Seoul", "ko"}, []string{"korea", "republic of korea", "韩国"}},
	{Country{"SG", "Singapore", "Asia/Singapore", "en"}, []string{"新加坡"}},
	{Country{"MY", "Malaysia", "Asia/Kuala_Lumpur", "ms"}, []string{"马来西亚"}},
	{Country{"TH", "Thailand", "Asia/Bangkok", "th"}, []string{"泰国"}},
	{Country{"VN", "Vietnam", "Asia/Ho_Chi_Minh", "vi"}, []string{"viet nam", "越南"}},
	{Country{"ID", "Indonesia", "Asia/Jakarta", "id"}, []string{"印度尼西亚", "印尼"}},
	{Country{"PH", "Philippines", "Asia/Manila", "en"}, []string{"菲律宾"}},
	{Country{"AU", "Australia", "Australia/Sydney", "en"}, []string{"澳大利亚", "澳洲"}},
	{Country{"NZ", "New Zealand", "Pacific/Auckland", "en"}, []string{"新西兰"}},
}

// foldName lower-cases, narrows full-width characters and trims a name for
// table look-ups.
func foldName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(width.Fold.String(s)), " "))
}

// LookupCountry finds a market by ISO code ("us", "DE") or by a name in
// English, its own language or Chinese ("United States", "USA", "美国",
// "Deutschland", "德国").
func LookupCountry(s string) (Country, bool) {
	f := foldName(s)
	if f == "" {
		return Country{}, false
	}
	for _, c := range countries {
		if f == strings.ToLower(c.Code) || f == strings.ToLower(c.Name) {
			return c.Country, true
		}
		for _, n := range c.names {
			if f == n {
				return c.Country, true
			}
		}
	}
	return Country{}, false
}

// languages maps language names and codes to BCP 47 primary tags.
var languages = map[string]string{
	"en": "en", "english": "en", "英语": "en", "英文": "en",
	"de": "de", "german": "de", "deutsch": "de", "德语": "de", "德文": "de",
	"fr": "fr", "french": "fr", "français": "fr", "法语": "fr",
	"es": "es", "spanish": "es", "español": "es", "西班牙语": "es",
	"pt": "pt", "portuguese": "pt", "português": "pt", "葡萄牙语": "pt",
	"it": "it", "italian": "it", "italiano": "it", "意大利语": "it",
	"nl": "nl", "dutch": "nl", "荷兰语": "nl",
	"ru": "ru", "russian": "ru", "русский": "ru", "俄语": "ru",
	"ar": "ar", "arabic": "ar", "阿拉伯语": "ar",
	"tr": "tr", "turkish": "tr", "土耳其语": "tr",
	"ja": "ja", "japanese": "ja", "日语": "ja",
	"ko": "ko", "korean": "ko", "韩语": "ko",
	"zh": "zh", "chinese": "zh", "中文": "zh", "汉语": "zh",
	"pl": "pl", "polish": "pl", "波兰语": "pl",
	"vi": "vi", "vietnamese": "vi", "越南语": "vi",
	"th": "th", "thai": "th", "泰语": "th",
	"id": "id", "indonesian": "id", "印尼语": "id",
	"sv": "sv", "swedish": "sv", "瑞典语": "sv",
}

// LookupLanguage turns "German", "Deutsch", "德语" or "de-DE" into "de".
func LookupLanguage(s string) (string, bool) {
	f := foldName(s)
	if f == "" {
		return "", false
	}
	if l, ok := languages[f]; ok {
		return l, true
	}
	if tag, _, ok := strings.Cut(strings.ReplaceAll(f, "_", "-"), "-"); ok {
		if l, ok := languages[tag]; ok && len(tag) == 2 {
			return l, true
		}
	}
	return "", false
}
