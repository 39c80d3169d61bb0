package templates

import "strings"

// Hant is the tag of Chinese written in Traditional characters, as
// Taiwan, Hong Kong and Macao write it: a template NAME.zh-hant.tmpl (or
// NAME.zh-tw.tmpl, NAME.zh-hk.tmpl), a thread DetectLanguage reads so.
const Hant = "zh-hant"

// Traditional says whether lang is Chinese in Traditional characters:
// zh-hant, zh-tw, zh-hk, zh-mo (any case, "_" for "-").
func Traditional(lang string) bool {
	l := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(lang)), "_", "-")
	if !strings.HasPrefix(l, "zh-") {
		return false
	}
	for _, sub := range strings.Split(l, "-")[1:] {
		switch sub {
		case "hant", "tw", "hk", "mo":
			return true
		case "hans", "cn", "sg", "my":
			return false
		}
	}
	return false
}

// textKey is the key of lang in the tables of keepwarm's own words:
// "zh-hant" for Traditional Chinese, else its primary tag.
func textKey(lang string) string {
	if Traditional(lang) {
		return Hant
	}
	return primary(lang)
}

// hantTries are the files a Traditional thread may be written from, in
// order after its own tag: never the Simplified NAME.zh.tmpl.
var hantTries = []string{Hant, "zh-tw", "zh-hk"}

// hantForms are the neutral openings in Traditional characters.
var hantForms = [2]string{"尊敬的%s", "尊敬的客戶"}
