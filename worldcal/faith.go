package worldcal

import "strings"

// Faiths a religious festival belongs to. Civic and cultural holidays
// (new-year, spring-festival, nowruz, national days) have none: they are
// everyone's in a country that keeps them.
const (
	Christian = "christian"
	Muslim    = "muslim"
	Hindu     = "hindu"
	Buddhist  = "buddhist"
	Jewish    = "jewish"
	Jain      = "jain"
	Sikh      = "sikh"
)

// Faiths lists the faiths FaithOf names, for a customer book that marks a
// contact as keeping every festival of one.
func Faiths() []string { return []string{Christian, Muslim, Hindu, Buddhist, Jewish, Jain, Sikh} }

// festivalFaith is the faith of each religious festival key that appears in
// the calendars under an English key. Festivals rickar/cal names in the
// local language (fronleichnam, viernes-santo) have none here: they are
// only in countries whose majority is Christian anyway.
var festivalFaith = map[string]string{
	"christmas": Christian, "christmas-eve": Christian, "boxing-day": Christian, "christmas-boxing-day": Christian,
	"saint-stephen-s-day": Christian, "easter-sunday": Christian, "easter-monday": Christian, "easter-saturday": Christian,
	"good-friday": Christian, "holy-saturday": Christian, "holy-thursday": Christian, "maundy-thursday": Christian,
	"orthodox-christmas": Christian, "orthodox-easter": Christian, "ascension": Christian, "ascension-day": Christian,
	"assumption": Christian, "all-saints": Christian, "all-souls-day": Christian, "epiphany": Christian, "corpus-christi": Christian,
	"immaculate-conception": Christian, "reformation-day": Christian, "saint-joseph": Christian,
	"saint-patrick-s-day": Christian, "saints-peter-and-paul": Christian, "sacred-heart": Christian,
	"guadalupe": Christian, "santa-rosa": Christian, "virgen-del-carmen": Christian, "nossa-senhora-aparecida": Christian,
	"día-de-reyes": Christian, "heilige-drei-könige": Christian, "finados": Christian, "day-of-the-dead": Christian,

	"eid-al-fitr": Muslim, "eid-al-adha": Muslim, "islamic-new-year": Muslim, "mawlid": Muslim, "isra-miraj": Muslim,
	"ashura": Muslim, "arafat-day": Muslim, "eid-al-ghadir": Muslim, "ramadan": Muslim,
	"cuti-bersama-lebaran": Muslim, "cuti-bersama-lebaran-after": Muslim,
	"arbaeen": Muslim, "prophets-death": Muslim, "imam-reza-martyrdom": Muslim, "imam-hasan-askari-martyrdom": Muslim,
	"fatima-martyrdom": Muslim, "imam-ali-birthday": Muslim, "mabath": Muslim, "mid-shaban": Muslim,
	"imam-ali-martyrdom": Muslim, "imam-sadiq-martyrdom": Muslim,

	"diwali": Hindu, "holi": Hindu, "dussehra": Hindu,

	"buddhas-birthday": Buddhist, "buddha-purnima": Buddhist,

	"mahavir-jayanti": Jain, "guru-nanak-jayanti": Sikh,

	"passover": Jewish, "passover-7": Jewish, "shavuot": Jewish, "rosh-hashanah": Jewish, "yom-kippur": Jewish,
	"sukkot": Jewish, "simchat-torah": Jewish,
}

// FaithOf is the faith whose festival key is ("eid-al-fitr" → "muslim");
// "" for a civic or cultural holiday. It does not block.
func FaithOf(key string) string { return festivalFaith[key] }

// majorityFaith is the faith of a country where one clearly dominates: at
// least two thirds of the people who name a religion (Pew Research Center,
// "Religious Composition by Country, 2010-2020", 2022 estimates; national
// censuses where more recent: England and Wales 2021, Kazakhstan 2021,
// Malaysia 2020). People of no religion are left out of the share, so the
// largely secular countries of Christian heritage (Czechia, the
// Netherlands) count as Christian, as their calendars do. Mixed countries
// have none (Nigeria, Singapore, Malaysia at 63.5 % Muslim, Lebanon, South
// Korea, Hong Kong, China, Taiwan, Vietnam, Japan): a religious festival
// there goes only to contacts the customer book marks as keeping it.
var majorityFaith = map[string]string{
	"AR": Christian, "AT": Christian, "AU": Christian, "BE": Christian, "BG": Christian, "BR": Christian,
	"CA": Christian, "CH": Christian, "CL": Christian, "CO": Christian, "CZ": Christian, "DE": Christian,
	"DK": Christian, "ES": Christian, "FR": Christian, "GB": Christian, "GR": Christian, "HR": Christian,
	"IE": Christian, "IT": Christian, "KE": Christian, "LT": Christian, "LV": Christian, "MW": Christian,
	"MX": Christian, "NC": Christian, "NL": Christian, "NO": Christian, "NZ": Christian, "PE": Christian,
	"PH": Christian, "PL": Christian, "PT": Christian, "RO": Christian, "RU": Christian, "SE": Christian,
	"SI": Christian, "SK": Christian, "UA": Christian, "US": Christian, "ZA": Christian,

	"AE": Muslim, "BD": Muslim, "DZ": Muslim, "EG": Muslim, "ID": Muslim, "IQ": Muslim, "IR": Muslim,
	"JO": Muslim, "KW": Muslim, "KZ": Muslim, "MA": Muslim, "OM": Muslim, "PK": Muslim, "QA": Muslim,
	"SA": Muslim, "TN": Muslim, "TR": Muslim, "BH": Muslim, "LY": Muslim, "SD": Muslim, "SY": Muslim, "YE": Muslim,

	"IN": Hindu, "NP": Hindu,

	"TH": Buddhist, "KH": Buddhist, "LK": Buddhist, "MM": Buddhist,

	"IL": Jewish,
}

// MajorityFaith is the faith of country's clear majority (ISO alpha-2), ""
// where none dominates or the country is unknown. It does not block.
func MajorityFaith(country string) string { return majorityFaith[strings.ToUpper(country)] }

// solemn are days of mourning or fasting: no one wishes "all the best" for
// them, so they are not occasions for a greeting.
var solemn = map[string]string{
	"good-friday": "mourning", "holy-saturday": "mourning", "holy-thursday": "mourning", "maundy-thursday": "mourning",
	"easter-saturday": "mourning", "karfreitag": "mourning", "viernes-santo": "mourning", "sexta-feira-santa": "mourning",
	"goede-vrijdag": "mourning", "langfredag": "mourning", "långfredagen": "mourning", "velký-pátek": "mourning",
	"veľkonočný-piatok": "mourning", "vinerea-mare": "mourning", "lielā-piektdiena": "mourning",
	"μεγάλη-παρασκευή": "mourning", "велики-петък": "mourning", "skjærtorsdag": "mourning", "skærtorsdag": "mourning",
	"all-saints": "remembrance of the dead", "all-souls-day": "remembrance of the dead", "finados": "remembrance of the dead", "day-of-the-dead": "remembrance of the dead",
	"dan-spomina-na-mrtve": "remembrance of the dead", "mirusiųjų-atminimo-vėlinių-diena": "remembrance of the dead",
	"qingming": "remembrance of the dead",

	"ashura": "mourning", "khomeini-day": "mourning", "arbaeen": "mourning", "prophets-death": "mourning",
	"imam-reza-martyrdom": "mourning", "imam-hasan-askari-martyrdom": "mourning", "fatima-martyrdom": "mourning",
	"imam-ali-martyrdom": "mourning", "imam-sadiq-martyrdom": "mourning", "arafat-day": "fasting", "ramadan": "fasting", "yom-kippur": "fasting",

	"memorial-day": "remembrance of the fallen", "remembrance-day": "remembrance of the fallen",
	"commemoration-day": "remembrance of the fallen", "democracy-and-national-unity-day": "remembrance of the fallen",
	"armistice-de-1918": "remembrance of the fallen", "wapenstilstand": "remembrance of the fallen",
	"martyrs-day": "mourning", "language-martyrs-day": "mourning", "peace-memorial-day": "mourning",
	"king-bhumibol-memorial": "mourning", "khordad-uprising": "mourning",
	"dan-sjećanja-na-žrtve-domovinskog-rata": "mourning", "national-day-for-truth-and-reconciliation": "mourning",
	"den-upálení-mistra-jana-husa": "mourning",
}

// Solemn says whether key is a day of mourning, remembrance or fasting,
// and which ("mourning", "fasting", ...). It does not block.
func Solemn(key string) (what string, ok bool) {
	what, ok = solemn[key]
	return what, ok
}
