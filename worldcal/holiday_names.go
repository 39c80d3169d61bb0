package worldcal

import (
	"slices"
	"strings"
	"sync"
)

// holidayNames are other names people write for a festival or a faith in
// a customer book (English, Chinese, Malay, Turkish spellings) and the key
// keepwarm knows it by.
var holidayNames = map[string]string{
	"xmas": "christmas", "christmas-day": "christmas", "圣诞": "christmas", "圣诞节": "christmas", "聖誕節": "christmas",
	"chinese-new-year": "spring-festival", "cny": "spring-festival", "lunar-new-year": "spring-festival",
	"seollal-holiday": "seollal", "설날": "seollal", "tet-holiday": "tet", "tết": "tet", "tet-nguyen-dan": "tet",
	"tết-nguyên-đán": "tet", "tết-holiday": "tet",
	"春节": "spring-festival", "春節": "spring-festival", "农历新年": "spring-festival", "農曆新年": "spring-festival",
	"deepavali": "diwali", "divali": "diwali", "排灯节": "diwali", "屠妖节": "diwali",
	"eid": "eid-al-fitr", "eid-ul-fitr": "eid-al-fitr", "eid-al-fitr": "eid-al-fitr", "hari-raya": "eid-al-fitr",
	"hari-raya-aidilfitri": "eid-al-fitr", "hari-raya-puasa": "eid-al-fitr", "lebaran": "eid-al-fitr",
	"idul-fitri": "eid-al-fitr", "idul-fitri-lebaran": "eid-al-fitr", "id-ul-fitr": "eid-al-fitr", "hari-raya-idul-fitri": "eid-al-fitr",
	"ramazan-bayramı": "eid-al-fitr", "ramazan-bayrami": "eid-al-fitr", "开斋节": "eid-al-fitr", "開齋節": "eid-al-fitr",
	"eid-ul-adha": "eid-al-adha", "bakrid": "eid-al-adha", "bakri-eid": "eid-al-adha", "hari-raya-haji": "eid-al-adha",
	"idul-adha": "eid-al-adha", "id-ul-zuha": "eid-al-adha", "id-ul-zuha-bakrid": "eid-al-adha", "hari-raya-aidiladha": "eid-al-adha",
	"kurban-bayramı": "eid-al-adha", "kurban-bayrami": "eid-al-adha", "古尔邦节": "eid-al-adha", "宰牲节": "eid-al-adha",
	"easter": "easter-sunday", "复活节": "easter-sunday", "洒红节": "holi", "卫塞节": "buddhas-birthday", "vesak": "buddhas-birthday",
	// A bare "Orthodox" is no faith: an Orthodox Christian in Greece, an
	// Orthodox Jew in Israel. The cell must say which (see book).
	"christianity": Christian, "catholic": Christian, "protestant": Christian, "orthodox-christian": Christian,
	"eastern-orthodox": Christian, "orthodox-christianity": Christian, "greek-orthodox": Christian, "russian-orthodox": Christian,
	"基督教": Christian, "天主教": Christian, "基督徒": Christian, "东正教": Christian, "東正教": Christian,
	"orthodox-jewish": Jewish, "orthodox-jew": Jewish, "orthodox-judaism": Jewish, "jew": Jewish,
	"islam": Muslim, "moslem": Muslim, "穆斯林": Muslim, "伊斯兰": Muslim, "伊斯兰教": Muslim, "回族": Muslim,
	"hinduism": Hindu, "印度教": Hindu, "buddhism": Buddhist, "佛教": Buddhist, "judaism": Jewish, "犹太教": Jewish,
	"jainism": Jain, "耆那教": Jain, "sikhism": Sikh, "锡克教": Sikh,
	"vijayadashami": "dussehra", "dasara": "dussehra", "dashain": "dussehra",
	"gurpurab": "guru-nanak-jayanti", "guru-nanak-dev-jayanti": "guru-nanak-jayanti",
}

// HolidayAlias is the key of the holiday another name of it stands for,
// written as an occasion key ("hari-raya-puasa": "eid-al-fitr",
// "deepavali": "diwali"); ok is false when key is no other name of a
// holiday (a key itself, a faith, or unknown).
func HolidayAlias(key string) (holiday string, ok bool) {
	k, ok := holidayNames[key]
	if !ok || k == key || slices.Contains(Faiths(), k) {
		return "", false
	}
	return k, true
}

var (
	knownMu   sync.Mutex
	knownKeys = map[int]map[string]bool{} // by year
)

// HolidayKey reads what a customer book says a contact keeps ("Hari
// Raya", "Chinese New Year", "圣诞节", "Muslim") as keepwarm's occasion key
// or faith ("eid-al-fitr", "spring-festival", "christmas", "muslim");
// known is false for a name keepwarm does not know, which is then kept as
// written, lower case with dashes. Known are the festivals and faiths
// keepwarm names and the holidays of every calendar in the year before,
// the year and the year after year (the import's, from its clock); year 0
// knows only the festivals and faiths. It does not block long: a year's
// names are computed once.
func HolidayKey(s string, year int) (key string, known bool) {
	key = strings.Join(strings.Fields(strings.ToLower(strings.TrimSpace(s))), "-")
	if k, ok := holidayNames[key]; ok {
		key = k
	}
	return key, knownIn(year)[key]
}

// knownIn is the keys HolidayKey knows for year.
func knownIn(year int) map[string]bool {
	knownMu.Lock()
	defer knownMu.Unlock()
	if m, ok := knownKeys[year]; ok {
		return m
	}
	m := map[string]bool{}
	for _, f := range Faiths() {
		m[f] = true
	}
	for k := range festivalFaith {
		m[k] = true
	}
	for _, k := range holidayNames {
		m[k] = true
	}
	if year > 0 {
		for _, c := range Countries() {
			for y := year - 1; y <= year+1; y++ {
				for _, h := range Builtin().Holidays(c, y) {
					m[h.Key] = true
				}
			}
		}
	}
	knownKeys[year] = m
	return m
}

// GreetingName is a calendar's name for a holiday as a greeting writes it:
// without the gloss in parentheses `keepwarm calendar` shows ("Independence
// Day (Yom Ha'atzmaut)", "Mawlid (Prophet's Birthday)", "Revolution Day
// (25 January)"), which in a customer's subject reads as a form filled in.
func GreetingName(name string) string {
	name = strings.TrimSpace(name)
	if !strings.HasSuffix(name, ")") {
		return name
	}
	i := strings.LastIndex(name, " (")
	if i <= 0 {
		return name
	}
	return strings.TrimSpace(name[:i])
}
