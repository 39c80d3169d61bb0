package sequences

import (
	"strings"

	"keepwarm/templates"
	"keepwarm/worldcal"
)

// occasionNames are the occasions keepwarm greets, named in the languages
// a greeting is written in, by their English name as the calendars give
// it: a holiday.zh.tmpl writing "祝您{{.Occasion}}快乐" says 中秋节, not
// "Mid-Autumn Festival".
var occasionNames = map[string]map[string]string{
	"christmas": {"zh": "圣诞节", "de": "Weihnachten", "es": "Navidad", "fr": "Noël", "pt": "Natal", "it": "Natale",
		"ru": "Рождество", "ar": "عيد الميلاد", "ja": "クリスマス", "ko": "크리스마스", "vi": "Giáng sinh", "tr": "Noel",
		"nl": "Kerstmis", "id": "Natal", "pl": "Boże Narodzenie"},
	"new year": {"zh": "新年", "de": "Neujahr", "es": "Año Nuevo", "fr": "Nouvel An", "pt": "Ano Novo", "it": "Capodanno",
		"ru": "Новый год", "ar": "رأس السنة", "ja": "新年", "ko": "새해", "vi": "Năm mới", "tr": "Yılbaşı", "nl": "Nieuwjaar",
		"id": "Tahun Baru", "pl": "Nowy Rok"},
	"lunar new year": {"zh": "春节", "de": "Frühlingsfest", "es": "Año Nuevo Chino", "fr": "Nouvel An chinois",
		"pt": "Ano Novo Chinês", "it": "Capodanno cinese", "ru": "Китайский Новый год", "ar": "رأس السنة الصينية",
		"ja": "旧正月", "ko": "설날", "vi": "Tết Nguyên Đán", "tr": "Çin Yeni Yılı", "nl": "Chinees Nieuwjaar", "id": "Tahun Baru Imlek"},
	"mid-autumn festival": {"zh": "中秋节", "de": "Mondfest", "es": "Festival del Medio Otoño", "fr": "fête de la Mi-Automne",
		"pt": "Festival do Meio do Outono", "it": "Festa di metà autunno", "ru": "Праздник середины осени",
		"ar": "مهرجان منتصف الخريف", "ja": "中秋節", "ko": "추석", "vi": "Tết Trung Thu", "nl": "Midherfstfestival",
		"id": "Festival Kue Bulan"},
	"dragon boat festival": {"zh": "端午节", "de": "Drachenbootfest", "es": "Festival del Bote del Dragón",
		"fr": "fête des bateaux-dragons", "pt": "Festival do Barco-Dragão", "it": "Festa delle barche drago",
		"ru": "Праздник драконьих лодок", "ja": "端午節", "ko": "단오", "vi": "Tết Đoan Ngọ", "nl": "Drakenbootfestival"},
	"eid al-fitr": {"zh": "开斋节", "de": "Fest des Fastenbrechens", "fr": "Aïd el-Fitr", "ru": "Ураза-байрам",
		"ar": "عيد الفطر", "tr": "Ramazan Bayramı", "id": "Idul Fitri", "nl": "Suikerfeest", "ms": "Hari Raya Aidilfitri",
		"es": "Eid al-Fitr", "it": "Eid al-Fitr", "pt": "Eid al-Fitr"},
	"eid al-adha": {"zh": "古尔邦节", "de": "Opferfest", "fr": "Aïd el-Kébir", "ru": "Курбан-байрам", "ar": "عيد الأضحى",
		"tr": "Kurban Bayramı", "id": "Idul Adha", "nl": "Offerfeest", "ms": "Hari Raya Haji",
		"es": "Eid al-Adha", "it": "Eid al-Adha", "pt": "Eid al-Adha"},
	// Diwali and the Eids are loanwords in the European languages: "Frohes
	// Diwali" is German, the name itself.
	"diwali": {"zh": "排灯节", "ru": "Дивали", "ar": "ديوالي", "ja": "ディワリ", "hi": "दीपावली", "ta": "தீபாவளி",
		"de": "Diwali", "fr": "Diwali", "es": "Diwali", "it": "Diwali", "pt": "Diwali", "nl": "Diwali", "pl": "Diwali"},
	"thanksgiving": {"zh": "感恩节", "es": "Día de Acción de Gracias", "fr": "Action de grâce", "pt": "Dia de Ação de Graças",
		"it": "Giorno del Ringraziamento", "ru": "День благодарения", "ar": "عيد الشكر", "ja": "感謝祭", "ko": "추수감사절",
		"nl": "Thanksgiving"},
	"your birthday": {"zh": "您的生日", "de": "Ihr Geburtstag", "es": "su cumpleaños", "fr": "votre anniversaire",
		"pt": "seu aniversário", "it": "il Suo compleanno", "ru": "ваш день рождения", "ar": "عيد ميلادك",
		"ja": "お誕生日", "ko": "생일", "vi": "sinh nhật của bạn", "tr": "doğum gününüz", "nl": "uw verjaardag",
		"id": "ulang tahun Anda"},
}

// occasionAliases are other names the calendars give the same occasion:
// English ones, and the local names some countries' festivals go by
// (Vietnam's Tết, Korea's Seollal and Chuseok, Turkey's Bayrams,
// Indonesia's Idul Fitri), which are the festivals keepwarm greets and
// are named in a template's language as theirs.
var occasionAliases = map[string]string{
	"chinese new year": "lunar new year", "spring festival": "lunar new year",
	"tuen ng festival": "dragon boat festival", "new year's day": "new year",
	"tết nguyên đán": "lunar new year", "tết": "lunar new year", "seollal": "lunar new year",
	"chuseok":         "mid-autumn festival",
	"ramazan bayramı": "eid al-fitr", "idul fitri": "eid al-fitr", "idul fitri (lebaran)": "eid al-fitr", "lebaran": "eid al-fitr",
	"kurban bayramı": "eid al-adha", "idul adha": "eid al-adha",
}

// keyNames are occasionNames' entries by occasion key: a local name the
// calendars or a team's override give a festival (Singapore's and
// Malaysia's Deepavali, Hari Raya Puasa, Bakrid) is named as its key's
// festival, through worldcal's names of holidays.
var keyNames = map[string]string{
	"christmas": "christmas", "new-year": "new year", "spring-festival": "lunar new year", "tet": "lunar new year",
	"seollal": "lunar new year", "mid-autumn-festival": "mid-autumn festival", "chuseok": "mid-autumn festival",
	"dragon-boat-festival": "dragon boat festival", "eid-al-fitr": "eid al-fitr", "eid-al-adha": "eid al-adha",
	"diwali": "diwali", "thanksgiving": "thanksgiving",
}

// occasionIn is the occasion (its English name) as the template's language
// lang writes it; the English name when lang is English or has no name
// for it here.
func occasionIn(occasion, lang string) string {
	n, _ := occasionNamed(occasion, lang)
	return n
}

// occasionNamed is occasionIn, with ok false when lang is not English and
// has no name for the occasion here (the English name is returned).
func occasionNamed(occasion, lang string) (name string, ok bool) {
	hant := templates.Traditional(lang)
	lang = primaryLang(lang)
	if lang == "" || occasion == "" {
		return occasion, true
	}
	k := strings.ToLower(strings.TrimSpace(occasion))
	if a, ok := occasionAliases[k]; ok {
		k = a
	} else if _, known := occasionNames[k]; !known {
		slug := strings.Join(strings.Fields(k), "-")
		if key, ok := worldcal.HolidayAlias(slug); ok {
			slug = key
		}
		if n, ok := keyNames[slug]; ok {
			k = n
		}
	}
	if hant {
		// Taiwan's and Hong Kong's Chinese: never the Simplified name.
		n, ok := hantOccasionNames[k]
		if !ok {
			return occasion, false
		}
		return n, true
	}
	if n, ok := occasionNames[k][lang]; ok {
		return n, true
	}
	return occasion, false
}

// customName says whether name is the one a [[greetings.custom]] occasion
// key gives: the manager's own words, used as written.
func (c GreetingsConfig) customName(key, name string) bool {
	for _, co := range c.Custom {
		if co.Key == key && co.Name == name {
			return true
		}
	}
	return false
}

// hantOccasionNames are occasionNames' Chinese in Traditional characters.
var hantOccasionNames = map[string]string{
	"christmas": "聖誕節", "new year": "新年", "lunar new year": "春節", "mid-autumn festival": "中秋節",
	"dragon boat festival": "端午節", "eid al-fitr": "開齋節", "eid al-adha": "古爾邦節", "diwali": "排燈節",
	"thanksgiving": "感恩節", "your birthday": "您的生日",
}
