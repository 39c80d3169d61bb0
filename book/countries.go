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
	{Country{"CA", "Canada", "America/Toronto", ""}, []string{"加拿大"}},
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
	{Country{"BE", "Belgium", "Europe/Brussels", ""}, []string{"belgië", "belgie", "belgique", "belgien", "比利时"}},
	{Country{"CH", "Switzerland", "Europe/Zurich", ""}, []string{"schweiz", "suisse", "svizzera", "瑞士"}},
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
	{Country{"HK", "Hong Kong", "Asia/Hong_Kong", "zh-hant"}, []string{"香港"}},
	{Country{"TW", "Taiwan", "Asia/Taipei", "zh-hant"}, []string{"台湾"}},
	{Country{"JP", "Japan", "Asia/Tokyo", "ja"}, []string{"日本"}},
	{Country{"KR", "South Korea", "Asia/Seoul", "ko"}, []string{"korea", "republic of korea", "韩国"}},
	{Country{"SG", "Singapore", "Asia/Singapore", "en"}, []string{"新加坡"}},
	{Country{"MY", "Malaysia", "Asia/Kuala_Lumpur", "ms"}, []string{"马来西亚"}},
	{Country{"BN", "Brunei", "Asia/Brunei", "ms"}, []string{"brunei darussalam", "文莱"}},
	{Country{"TH", "Thailand", "Asia/Bangkok", "th"}, []string{"泰国"}},
	{Country{"VN", "Vietnam", "Asia/Ho_Chi_Minh", "vi"}, []string{"viet nam", "越南"}},
	{Country{"ID", "Indonesia", "Asia/Jakarta", "id"}, []string{"印度尼西亚", "印尼"}},
	{Country{"PH", "Philippines", "Asia/Manila", "en"}, []string{"菲律宾"}},
	{Country{"AU", "Australia", "Australia/Sydney", "en"}, []string{"澳大利亚", "澳洲"}},
	{Country{"NZ", "New Zealand", "Pacific/Auckland", "en"}, []string{"新西兰"}},
	// The Gulf, the Middle East and North Africa.
	{Country{"QA", "Qatar", "Asia/Qatar", "ar"}, []string{"state of qatar", "قطر", "卡塔尔"}},
	{Country{"KW", "Kuwait", "Asia/Kuwait", "ar"}, []string{"state of kuwait", "الكويت", "科威特"}},
	{Country{"OM", "Oman", "Asia/Muscat", "ar"}, []string{"sultanate of oman", "عمان", "阿曼"}},
	{Country{"BH", "Bahrain", "Asia/Bahrain", "ar"}, []string{"kingdom of bahrain", "البحرين", "巴林"}},
	{Country{"JO", "Jordan", "Asia/Amman", "ar"}, []string{"الأردن", "约旦"}},
	{Country{"LB", "Lebanon", "Asia/Beirut", "ar"}, []string{"لبنان", "黎巴嫩"}},
	{Country{"IQ", "Iraq", "Asia/Baghdad", "ar"}, []string{"العراق", "伊拉克"}},
	{Country{"IR", "Iran", "Asia/Tehran", "fa"}, []string{"islamic republic of iran", "ایران", "伊朗"}},
	{Country{"SY", "Syria", "Asia/Damascus", "ar"}, []string{"سوريا", "叙利亚"}},
	{Country{"YE", "Yemen", "Asia/Aden", "ar"}, []string{"اليمن", "也门"}},
	{Country{"DZ", "Algeria", "Africa/Algiers", "fr"}, []string{"algérie", "الجزائر", "阿尔及利亚"}},
	{Country{"TN", "Tunisia", "Africa/Tunis", "fr"}, []string{"tunisie", "تونس", "突尼斯"}},
	{Country{"LY", "Libya", "Africa/Tripoli", "ar"}, []string{"ليبيا", "利比亚"}},
	{Country{"SD", "Sudan", "Africa/Khartoum", "ar"}, []string{"السودان", "苏丹"}},
	// Africa south of the Sahara.
	{Country{"GH", "Ghana", "Africa/Accra", "en"}, []string{"加纳"}},
	{Country{"TZ", "Tanzania", "Africa/Dar_es_Salaam", "en"}, []string{"坦桑尼亚"}},
	{Country{"ET", "Ethiopia", "Africa/Addis_Ababa", "en"}, []string{"埃塞俄比亚"}},
	{Country{"UG", "Uganda", "Africa/Kampala", "en"}, []string{"乌干达"}},
	{Country{"ZM", "Zambia", "Africa/Lusaka", "en"}, []string{"赞比亚"}},
	{Country{"ZW", "Zimbabwe", "Africa/Harare", "en"}, []string{"津巴布韦"}},
	{Country{"SN", "Senegal", "Africa/Dakar", "fr"}, []string{"sénégal", "塞内加尔"}},
	{Country{"CI", "Côte d'Ivoire", "Africa/Abidjan", "fr"}, []string{"cote d'ivoire", "ivory coast", "科特迪瓦"}},
	{Country{"CM", "Cameroon", "Africa/Douala", "fr"}, []string{"cameroun", "喀麦隆"}},
	{Country{"AO", "Angola", "Africa/Luanda", "pt"}, []string{"安哥拉"}},
	{Country{"MZ", "Mozambique", "Africa/Maputo", "pt"}, []string{"moçambique", "莫桑比克"}},
	{Country{"MW", "Malawi", "Africa/Blantyre", "en"}, []string{"马拉维"}},
	// Europe.
	{Country{"BG", "Bulgaria", "Europe/Sofia", "bg"}, []string{"българия", "保加利亚"}},
	{Country{"RS", "Serbia", "Europe/Belgrade", "sr"}, []string{"srbija", "塞尔维亚"}},
	{Country{"HR", "Croatia", "Europe/Zagreb", "hr"}, []string{"hrvatska", "克罗地亚"}},
	{Country{"SI", "Slovenia", "Europe/Ljubljana", "sl"}, []string{"slovenija", "斯洛文尼亚"}},
	{Country{"SK", "Slovakia", "Europe/Bratislava", "sk"}, []string{"slovensko", "斯洛伐克"}},
	{Country{"BA", "Bosnia and Herzegovina", "Europe/Sarajevo", "bs"}, []string{"bosnia", "波黑"}},
	{Country{"MK", "North Macedonia", "Europe/Skopje", "mk"}, []string{"macedonia", "北马其顿"}},
	{Country{"AL", "Albania", "Europe/Tirane", "sq"}, []string{"shqipëri", "阿尔巴尼亚"}},
	{Country{"LT", "Lithuania", "Europe/Vilnius", "lt"}, []string{"lietuva", "立陶宛"}},
	{Country{"LV", "Latvia", "Europe/Riga", "lv"}, []string{"latvija", "拉脱维亚"}},
	{Country{"EE", "Estonia", "Europe/Tallinn", "et"}, []string{"eesti", "爱沙尼亚"}},
	{Country{"BY", "Belarus", "Europe/Minsk", "ru"}, []string{"беларусь", "白俄罗斯"}},
	{Country{"MD", "Moldova", "Europe/Chisinau", "ro"}, []string{"摩尔多瓦"}},
	{Country{"CY", "Cyprus", "Asia/Nicosia", "el"}, []string{"κύπρος", "塞浦路斯"}},
	{Country{"LU", "Luxembourg", "Europe/Luxembourg", "fr"}, []string{"卢森堡"}},
	{Country{"MT", "Malta", "Europe/Malta", "en"}, []string{"马耳他"}},
	{Country{"IS", "Iceland", "Atlantic/Reykjavik", "is"}, []string{"ísland", "冰岛"}},
	// Central Asia and the Caucasus.
	{Country{"KZ", "Kazakhstan", "Asia/Almaty", "ru"}, []string{"казахстан", "哈萨克斯坦"}},
	{Country{"UZ", "Uzbekistan", "Asia/Tashkent", "ru"}, []string{"узбекистан", "乌兹别克斯坦"}},
	{Country{"KG", "Kyrgyzstan", "Asia/Bishkek", "ru"}, []string{"кыргызстан", "吉尔吉斯斯坦"}},
	{Country{"TJ", "Tajikistan", "Asia/Dushanbe", "ru"}, []string{"таджикистан", "塔吉克斯坦"}},
	{Country{"TM", "Turkmenistan", "Asia/Ashgabat", "ru"}, []string{"туркменистан", "土库曼斯坦"}},
	{Country{"AZ", "Azerbaijan", "Asia/Baku", "ru"}, []string{"azərbaycan", "阿塞拜疆"}},
	{Country{"GE", "Georgia", "Asia/Tbilisi", "en"}, []string{"格鲁吉亚"}},
	{Country{"AM", "Armenia", "Asia/Yerevan", "ru"}, []string{"亚美尼亚"}},
	// South and South-East Asia, East Asia.
	{Country{"LK", "Sri Lanka", "Asia/Colombo", "en"}, []string{"斯里兰卡"}},
	{Country{"NP", "Nepal", "Asia/Kathmandu", "en"}, []string{"尼泊尔"}},
	{Country{"MM", "Myanmar", "Asia/Yangon", "en"}, []string{"burma", "缅甸"}},
	{Country{"KH", "Cambodia", "Asia/Phnom_Penh", "en"}, []string{"柬埔寨"}},
	{Country{"LA", "Laos", "Asia/Vientiane", "en"}, []string{"lao pdr", "老挝"}},
	{Country{"MO", "Macao", "Asia/Macau", "zh-hant"}, []string{"macau", "澳门"}},
	{Country{"MN", "Mongolia", "Asia/Ulaanbaatar", "en"}, []string{"蒙古"}},
	// The Americas.
	{Country{"EC", "Ecuador", "America/Guayaquil", "es"}, []string{"厄瓜多尔"}},
	{Country{"VE", "Venezuela", "America/Caracas", "es"}, []string{"委内瑞拉"}},
	{Country{"UY", "Uruguay", "America/Montevideo", "es"}, []string{"乌拉圭"}},
	{Country{"PY", "Paraguay", "America/Asuncion", "es"}, []string{"巴拉圭"}},
	{Country{"BO", "Bolivia", "America/La_Paz", "es"}, []string{"玻利维亚"}},
	{Country{"PA", "Panama", "America/Panama", "es"}, []string{"panamá", "巴拿马"}},
	{Country{"CR", "Costa Rica", "America/Costa_Rica", "es"}, []string{"哥斯达黎加"}},
	{Country{"DO", "Dominican Republic", "America/Santo_Domingo", "es"}, []string{"república dominicana", "多米尼加"}},
	{Country{"GT", "Guatemala", "America/Guatemala", "es"}, []string{"危地马拉"}},
	{Country{"HN", "Honduras", "America/Tegucigalpa", "es"}, []string{"洪都拉斯"}},
	{Country{"SV", "El Salvador", "America/El_Salvador", "es"}, []string{"萨尔瓦多"}},
	{Country{"NI", "Nicaragua", "America/Managua", "es"}, []string{"尼加拉瓜"}},
	{Country{"PR", "Puerto Rico", "America/Puerto_Rico", "es"}, []string{"波多黎各"}},
	{Country{"JM", "Jamaica", "America/Jamaica", "en"}, []string{"牙买加"}},
	{Country{"TT", "Trinidad and Tobago", "America/Port_of_Spain", "en"}, []string{"trinidad", "特立尼达和多巴哥"}},
	// Oceania.
	{Country{"FJ", "Fiji", "Pacific/Fiji", "en"}, []string{"斐济"}},
	{Country{"PG", "Papua New Guinea", "Pacific/Port_Moresby", "en"}, []string{"巴布亚新几内亚"}},
	{Country{"NC", "New Caledonia", "Pacific/Noumea", "fr"}, []string{"nouvelle-calédonie", "新喀里多尼亚"}},
}

// severalLanguages are the markets whose buyers write in several languages
// (Belgium: Dutch and French; Switzerland: German, French and Italian;
// Canada: English and French): their Language is empty, and the country
// implies none unless the name written is in one of them (ownSpellings).
var severalLanguages = map[string]bool{"BE": true, "CH": true, "CA": true}

// ownSpellings are the names such a country has in one of its own
// languages only: a sheet writing "Belgique" is French, "Schweiz" German.
var ownSpellings = map[string]string{
	"belgique": "fr", "belgië": "nl", "belgie": "nl",
	"suisse": "fr", "schweiz": "de", "svizzera": "it",
}

// SeveralLanguages says whether a market's buyers write in several
// languages, so that its name alone (Belgium, Switzerland, Canada) tells
// none of them.
func SeveralLanguages(code string) bool { return severalLanguages[strings.ToUpper(code)] }

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
				found := c.Country
				if l, ok := ownSpellings[n]; ok {
					found.Language = l
				}
				return found, true
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
	// Taiwan's, Hong Kong's and Macao's Chinese, in Traditional characters:
	// a mail to them is never written in Simplified.
	"zh-hant": "zh-hant", "zh-tw": "zh-hant", "zh-hk": "zh-hant", "zh-mo": "zh-hant", "traditional chinese": "zh-hant",
	"繁體中文": "zh-hant", "繁体中文": "zh-hant", "繁體": "zh-hant", "繁体": "zh-hant", "正體中文": "zh-hant",
	"zh-hans": "zh", "zh-cn": "zh", "simplified chinese": "zh", "简体中文": "zh", "簡體中文": "zh",
	"pl": "pl", "polish": "pl", "波兰语": "pl",
	"vi": "vi", "vietnamese": "vi", "越南语": "vi",
	"th": "th", "thai": "th", "泰语": "th",
	"id": "id", "indonesian": "id", "印尼语": "id",
	"sv": "sv", "swedish": "sv", "瑞典语": "sv",
	"nb": "nb", "no": "nb", "norwegian": "nb", "norsk": "nb", "挪威语": "nb",
	"da": "da", "danish": "da", "dansk": "da", "丹麦语": "da",
	"fi": "fi", "finnish": "fi", "suomi": "fi", "芬兰语": "fi",
	"cs": "cs", "czech": "cs", "čeština": "cs", "捷克语": "cs",
	"el": "el", "greek": "el", "ελληνικά": "el", "希腊语": "el",
	"ro": "ro", "romanian": "ro", "română": "ro", "罗马尼亚语": "ro",
	"hu": "hu", "hungarian": "hu", "magyar": "hu", "匈牙利语": "hu",
	"uk": "uk", "ukrainian": "uk", "українська": "uk", "乌克兰语": "uk",
	"he": "he", "hebrew": "he", "עברית": "he", "希伯来语": "he",
	"ms": "ms", "malay": "ms", "bahasa melayu": "ms", "马来语": "ms",
	"fa": "fa", "persian": "fa", "farsi": "fa", "فارسی": "fa", "波斯语": "fa",
	"bg": "bg", "bulgarian": "bg", "български": "bg", "保加利亚语": "bg",
	"sr": "sr", "serbian": "sr", "srpski": "sr", "塞尔维亚语": "sr",
	"hr": "hr", "croatian": "hr", "hrvatski": "hr", "克罗地亚语": "hr",
	"sl": "sl", "slovenian": "sl", "slovenščina": "sl", "斯洛文尼亚语": "sl",
	"sk": "sk", "slovak": "sk", "slovenčina": "sk", "斯洛伐克语": "sk",
	"bs": "bs", "bosnian": "bs", "波斯尼亚语": "bs",
	"mk": "mk", "macedonian": "mk", "马其顿语": "mk",
	"sq": "sq", "albanian": "sq", "shqip": "sq", "阿尔巴尼亚语": "sq",
	"lt": "lt", "lithuanian": "lt", "lietuvių": "lt", "立陶宛语": "lt",
	"lv": "lv", "latvian": "lv", "latviešu": "lv", "拉脱维亚语": "lv",
	"et": "et", "estonian": "et", "eesti": "et", "爱沙尼亚语": "et",
	"is": "is", "icelandic": "is", "íslenska": "is", "冰岛语": "is",
	"hi": "hi", "hindi": "hi", "印地语": "hi",
	"ur": "ur", "urdu": "ur", "乌尔都语": "ur",
	"bn": "bn", "bengali": "bn", "bangla": "bn", "孟加拉语": "bn",
}

// SimplifiedByName reports whether s names Chinese in Simplified
// characters as such ("zh-Hans", "zh-CN", "zh_SG", "Simplified Chinese",
// "简体中文"), not Chinese alone ("zh", "Chinese", "中文"): both read as
// "zh", but only the first is a choice of script.
func SimplifiedByName(s string) bool {
	f := strings.ReplaceAll(foldName(s), "_", "-")
	switch f {
	case "zh-cn", "zh-sg", "simplified chinese", "简体中文", "簡體中文":
		return true
	}
	return f == "zh-hans" || strings.HasPrefix(f, "zh-hans-")
}

// LookupLanguage turns "German", "Deutsch", "德语" or "de-DE" into "de",
// and "zh-TW", "zh-HK" or "繁體中文" into "zh-hant" (Chinese in Traditional
// characters).
func LookupLanguage(s string) (string, bool) {
	f := foldName(s)
	if f == "" {
		return "", false
	}
	if l, ok := languages[f]; ok {
		return l, true
	}
	if l, ok := languages[strings.ReplaceAll(f, "_", "-")]; ok {
		return l, true // "zh_TW"
	}
	if strings.HasPrefix(strings.ReplaceAll(f, "_", "-"), "zh-hant") {
		return "zh-hant", true // "zh-Hant-TW", "zh_Hant_TW"
	}
	if tag, _, ok := strings.Cut(strings.ReplaceAll(f, "_", "-"), "-"); ok {
		if l, ok := languages[tag]; ok && len(tag) == 2 {
			return l, true
		}
	}
	return "", false
}
