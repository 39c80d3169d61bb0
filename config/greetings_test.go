package config

import (
	"strings"
	"testing"
)

// Days of mourning or fasting are no occasion to wish anyone well: the
// config names the key and the day; english_for takes language codes.
func TestGreetingsRefuseSolemnDays(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"occasions = [\"christmas\", \"good-friday\"]", `greetings.occasions: "good-friday" is a day of mourning, not an occasion to wish anyone well`},
		{"occasions = [\"ashura\"]", `greetings.occasions: "ashura" is a day of mourning`},
		{"occasions = [\"khomeini-day\"]", `greetings.occasions: "khomeini-day" is a day of mourning`},
		{"occasions = [\"yom-kippur\"]", `greetings.occasions: "yom-kippur" is a day of fasting`},
		{"occasions = [\"qingming\"]", `greetings.occasions: "qingming" is a day of remembrance of the dead`},
		{"occasions = [\"commemoration-day\"]", `greetings.occasions: "commemoration-day" is a day of remembrance of the fallen`},
		{"occasions = [\"democracy-and-national-unity-day\"]", `greetings.occasions: "democracy-and-national-unity-day" is a day of remembrance of the fallen`},
		{"occasions = [\"christmas\"]\nenglish_for = [\"Chinese\"]", `greetings.english_for: "Chinese" is not a language code`},
	} {
		_, err := Parse([]byte(minimal + "\n[greetings]\n" + c.body + "\n"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v\nwant it to contain %s", c.body, err, c.want)
		}
	}
	if _, err := Parse([]byte(minimal + "\n[greetings]\noccasions = [\"christmas\", \"eid-al-fitr\", \"diwali\"]\nenglish_for = [\"zh\", \"*\"]\n")); err != nil {
		t.Fatalf("festivals refused: %v", err)
	}
}

// A holiday the team adds with [[calendar.override]] (what `keepwarm
// calendar` tells them to do when a table runs out) may be named in
// occasions and also, and Diwali with its also line is accepted whatever
// the year (the keys do not depend on today's date).
func TestGreetingsNameOverriddenHolidays(t *testing.T) {
	body := minimal + `
[greetings]
occasions = ["christmas", "diwali", "founders-day"]
also = { diwali = ["GB"], founders-day = ["GB"] }

[[calendar.override]]
country = "AE"
date = "2035-05-01"
name = "Founders Day"
`
	if _, err := Parse([]byte(body)); err != nil {
		t.Fatalf("refused: %v", err)
	}
	without := strings.Replace(body, `name = "Founders Day"`, `name = "Flag Day"`, 1)
	if _, err := Parse([]byte(without)); err == nil || !strings.Contains(err.Error(), `"founders-day" is neither`) {
		t.Errorf("founders-day without its override: %v", err)
	}
}
