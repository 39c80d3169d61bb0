package worldcal

import "time"

func middleEast() map[string]*country {
	gulf := islamicSet{0}
	return map[string]*country{
		"SA": {name: "Saudi Arabia", weekend: friSat, inLieu: saudiInLieu, notes: noteIslamic + " Founding Day or National Day on a Friday gives the Thursday before off, on a Saturday the Sunday after.", rules: []rule{
			fixed(time.February, 22, "founding-day", "Founding Day"),
			gulf.ramadan(),
			// Labour Law regulations, art. 24(2): four days from the day
			// after 29 Ramadan.
			gulf.fitrFrom29("Saudi Labour Law regulations: four days off from the day after 29 Ramadan (Umm al-Qura calendar)",
				func(r29, _ time.Time) (time.Time, time.Time) { return r29.AddDate(0, 0, 1), r29.AddDate(0, 0, 4) }),
			gulf.arafat(), gulf.adha(3),
			fixed(time.September, 23, "national-day", "National Day"),
		}},
		"AE": {name: "United Arab Emirates", notes: noteIslamic, weekend: []weekendSince{
			{0, []time.Weekday{time.Friday, time.Saturday}},
			{2022, []time.Weekday{time.Saturday, time.Sunday}},
		}, rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			gulf.ramadan(),
			// The Cabinet's list: 29 Ramadan to 3 Shawwal.
			gulf.fitrFrom29("UAE Cabinet holiday list: 29 Ramadan to 3 Shawwal (Umm al-Qura calendar)",
				func(r29, eid time.Time) (time.Time, time.Time) { return r29, eid.AddDate(0, 0, 2) }),
			gulf.arafat(), gulf.adha(3), gulf.newYear(), gulf.mawlid(),
			// On the Cabinet's list of official holidays; in a year it makes
			// the day a working one, an observance row says so.
			fixed(time.December, 1, "commemoration-day", "Commemoration Day"),
			fixed(time.December, 2, "national-day", "National Day").days(2),
		}},
		"KW": {name: "Kuwait", weekend: friSat, notes: noteIslamic, rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			fixed(time.February, 25, "national-day", "National Day"),
			fixed(time.February, 26, "liberation-day", "Liberation Day"),
			gulf.israMiraj(), gulf.ramadan(), gulf.fitr(3), gulf.arafat(), gulf.adha(3), gulf.newYear(), gulf.mawlid(),
		}},
		"QA": {name: "Qatar", weekend: friSat, notes: noteIslamic, rules: []rule{
			nth(time.February, time.Tuesday, 2, "sports-day", "National Sports Day"),
			gulf.ramadan(), gulf.fitr(3), gulf.arafat(), gulf.adha(3),
			fixed(time.December, 18, "national-day", "National Day"),
		}},
		"OM": {name: "Oman", weekend: friSat, notes: noteIslamic, rules: []rule{
			fixed(time.January, 11, "accession-day", "Sultan's Accession Day"),
			gulf.israMiraj(), gulf.ramadan(),
			// Royal Decree 88/2020, public and private sector alike: 29
			// Ramadan to 3 Shawwal.
			gulf.fitrFrom29("Oman Royal Decree 88/2020: 29 Ramadan to 3 Shawwal (Umm al-Qura calendar)",
				func(r29, eid time.Time) (time.Time, time.Time) { return r29, eid.AddDate(0, 0, 2) }),
			gulf.arafat(), gulf.adha(3), gulf.newYear(), gulf.mawlid(),
			fixed(time.November, 20, "national-day", "National Day").days(2),
		}},
		"EG": {name: "Egypt", weekend: friSat, notes: noteIslamic + " Holidays the cabinet moves to a Thursday are not included, nor the last day of Ramadan its decree has added to Eid al-Fitr some years (2023, 2025, 2026): add it with an override.", rules: []rule{
			fixed(time.January, 7, "orthodox-christmas", "Coptic Christmas"),
			fixed(time.January, 25, "revolution-day", "Revolution Day (25 January)"),
			orthodox(1, "sham-el-nessim", "Sham el-Nessim"),
			fixed(time.April, 25, "sinai-liberation-day", "Sinai Liberation Day"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			gulf.ramadan(), gulf.fitr(3), gulf.arafat(), gulf.adha(3), gulf.newYear(), gulf.mawlid(),
			fixed(time.June, 30, "june-30-revolution", "30 June Revolution"),
			fixed(time.July, 23, "revolution-day-july", "Revolution Day (23 July)"),
			fixed(time.October, 6, "armed-forces-day", "Armed Forces Day"),
		}},
		"IQ": {name: "Iraq", weekend: friSat, notes: noteIslamic, rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			fixed(time.January, 6, "army-day", "Army Day"),
			fixed(time.March, 21, "nowruz", "Nowruz"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			gulf.ramadan(), gulf.fitr(3), gulf.arafat(), gulf.adha(4), gulf.newYear(), gulf.ashura(), gulf.mawlid(),
			fixed(time.July, 14, "republic-day", "Republic Day"),
			fixed(time.October, 3, "national-day", "National Day"),
			fixed(time.December, 25, "christmas", "Christmas"),
		}},
		"IR": {name: "Iran", weekend: friday, notes: "Solar holidays from the March equinox (exact); Islamic ones, the Shia days of mourning and birth included, from the Umm al-Qura calendar, while Iran announces its own, often a day apart.", rules: []rule{
			fixed(time.February, 11, "revolution-day", "Islamic Revolution Day"),
			// 29 Esfand: Esfand starts 336 days after Nowruz, so its 29th
			// is 364 days after the Nowruz before (the day before the next
			// Nowruz, or two days before when Esfand has 30 days).
			nowruz("oil-nationalization-day", "Oil Nationalisation Day").from(364),
			nowruz("nowruz", "Nowruz").days(4),
			nowruz("islamic-republic-day", "Islamic Republic Day").from(11),
			nowruz("sizdah-bedar", "Sizdah Bedar").from(12),
			fixed(time.June, 4, "khomeini-day", "Death of Khomeini"),
			fixed(time.June, 5, "khordad-uprising", "15 Khordad Uprising"),
			gulf.ramadan(), islamic(10, 1, 0, "eid-al-fitr", "Eid al-Fitr").days(2),
			islamic(12, 10, 0, "eid-al-adha", "Eid al-Adha"), islamic(12, 18, 0, "eid-al-ghadir", "Eid al-Ghadir"),
			islamic(1, 9, 0, "ashura", "Tasua and Ashura").days(2),
			islamic(2, 20, 0, "arbaeen", "Arbaeen"),
			islamic(2, 28, 0, "prophets-death", "Demise of the Prophet and Martyrdom of Imam Hasan"),
			// The last day of Safar, 29 or 30: the day before 1 Rabi al-Awwal.
			islamic(3, 1, 0, "imam-reza-martyrdom", "Martyrdom of Imam Reza").from(-1),
			islamic(3, 8, 0, "imam-hasan-askari-martyrdom", "Martyrdom of Imam Hasan Askari"),
			islamic(3, 17, 0, "mawlid", "Birthday of the Prophet and Imam Sadiq"),
			islamic(6, 3, 0, "fatima-martyrdom", "Martyrdom of Fatima"),
			islamic(7, 13, 0, "imam-ali-birthday", "Birthday of Imam Ali"),
			islamic(7, 27, 0, "mabath", "Mab'ath"),
			islamic(8, 15, 0, "mid-shaban", "Birthday of Imam Mahdi (15 Sha'ban)"),
			islamic(9, 21, 0, "imam-ali-martyrdom", "Martyrdom of Imam Ali"),
			islamic(10, 25, 0, "imam-sadiq-martyrdom", "Martyrdom of Imam Sadiq"),
		}},
		"TR": {name: "Turkey", weekend: satSun, notes: "Islamic holidays from the Umm al-Qura calendar, which the Diyanet's calendar matches in most years.", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			fixed(time.April, 23, "childrens-day", "National Sovereignty and Children's Day"),
			fixed(time.May, 1, "labour-day", "Labour and Solidarity Day"),
			fixed(time.May, 19, "youth-day", "Commemoration of Atatürk, Youth and Sports Day"),
			gulf.ramadan(),
			islamic(10, 1, 0, "eid-al-fitr", "Ramazan Bayramı").days(3),
			islamic(12, 10, 0, "eid-al-adha", "Kurban Bayramı").days(4),
			// Remembers those killed resisting the coup attempt of 2016: its
			// own key, as Nigeria's democracy-day is a celebration.
			fixed(time.July, 15, "democracy-and-national-unity-day", "Democracy and National Unity Day"),
			fixed(time.August, 30, "victory-day", "Victory Day"),
			fixed(time.October, 29, "republic-day", "Republic Day"),
		}},
		"IL": {name: "Israel", weekend: friSat, notes: "Jewish holidays from a Hebrew calendar table for 2025-2030; a holiday begins at sunset the evening before. " +
			"Eid al-Fitr and Eid al-Adha (Umm al-Qura calendar), days off of the Muslim community, are greeted to customers writing Arabic and are no national days off; " +
			"Independence Day is greeted to customers writing Hebrew, English or Russian.", rules: []rule{
			hebrew(0, "passover", "Passover"), hebrew(6, "passover-7", "Seventh day of Passover"),
			// To an Arab citizen the greeting reads as a political
			// statement: only to the languages of those who celebrate it.
			yomHaatzmaut().to("he", "en", "ru"),
			islamicSet{0}.fitr(1).as(Observance).keptBy("ar"),
			islamicSet{0}.adha(1).as(Observance).keptBy("ar"),
			hebrew(50, "shavuot", "Shavuot"),
			hebrew(163, "rosh-hashanah", "Rosh Hashanah").days(2),
			hebrew(172, "yom-kippur", "Yom Kippur"),
			hebrew(177, "sukkot", "Sukkot"),
			hebrew(184, "simchat-torah", "Simchat Torah"),
		}},
		"DZ": {name: "Algeria", weekend: friSat, notes: noteIslamic, rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			fixed(time.January, 12, "yennayer", "Yennayer (Amazigh New Year)"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			gulf.ramadan(), gulf.fitr(2), gulf.adha(2), gulf.newYear(), gulf.ashura(), gulf.mawlid(),
			fixed(time.July, 5, "independence-day", "Independence Day"),
			fixed(time.November, 1, "revolution-day", "Revolution Day"),
		}},
		"BH": {name: "Bahrain", weekend: friSat, notes: noteIslamic, rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			gulf.ramadan(), gulf.fitr(3), gulf.arafat(), gulf.adha(3), gulf.newYear(),
			islamic(1, 9, 0, "ashura", "Ashura").days(2), gulf.mawlid(),
			fixed(time.December, 16, "national-day", "National Day").days(2),
		}},
		"JO": {name: "Jordan", weekend: friSat, notes: noteIslamic, rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			fixed(time.May, 25, "independence-day", "Independence Day"),
			gulf.ramadan(), gulf.fitr(3), gulf.arafat(), gulf.adha(3), gulf.newYear(), gulf.mawlid(),
			fixed(time.December, 25, "christmas", "Christmas"),
		}},
		"YE": {name: "Yemen", weekend: friSat, notes: noteIslamic, rules: []rule{
			fixed(time.May, 1, "labour-day", "Labour Day"),
			fixed(time.May, 22, "unity-day", "Unity Day"),
			gulf.ramadan(), gulf.fitr(3), gulf.arafat(), gulf.adha(3), gulf.newYear(), gulf.mawlid(),
			fixed(time.September, 26, "revolution-day", "Revolution Day (26 September)"),
			fixed(time.October, 14, "revolution-day-october", "Revolution Day (14 October)"),
			fixed(time.November, 30, "independence-day", "Independence Day"),
		}},
		"LY": {name: "Libya", weekend: friSat, notes: noteIslamic, rules: []rule{
			fixed(time.February, 17, "revolution-day", "Revolution Day"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			gulf.ramadan(), gulf.fitr(3), gulf.arafat(), gulf.adha(3), gulf.newYear(), gulf.mawlid(),
			fixed(time.September, 16, "martyrs-day", "Martyrs' Day"),
			fixed(time.October, 23, "liberation-day", "Liberation Day"),
			fixed(time.December, 24, "independence-day", "Independence Day"),
		}},
		"SD": {name: "Sudan", weekend: friSat, notes: noteIslamic, rules: []rule{
			fixed(time.January, 1, "independence-day", "Independence Day"),
			fixed(time.January, 7, "orthodox-christmas", "Coptic Christmas"),
			gulf.ramadan(), gulf.fitr(3), gulf.arafat(), gulf.adha(3), gulf.newYear(), gulf.mawlid(),
			fixed(time.December, 25, "christmas", "Christmas"),
		}},
		"SY": {name: "Syria", weekend: friSat, notes: noteIslamic + " National days changed after 2024 are not included.", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			gulf.ramadan(), gulf.fitr(3), gulf.arafat(), gulf.adha(3), gulf.newYear(), gulf.mawlid(),
			fixed(time.December, 25, "christmas", "Christmas"),
		}},
		"MA": {name: "Morocco", weekend: satSun, notes: noteIslamic + " Morocco's sighting usually comes a day after Saudi Arabia's.", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			fixed(time.January, 11, "independence-manifesto", "Proclamation of Independence"),
			fixed(time.January, 14, "amazigh-new-year", "Amazigh New Year"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			islamicSet{1}.ramadan(), islamicSet{1}.fitr(2), islamicSet{1}.adha(2), islamicSet{1}.newYear(),
			islamic(3, 12, 1, "mawlid", "Mawlid (Prophet's Birthday)").days(2),
			fixed(time.July, 30, "throne-day", "Throne Day"),
			fixed(time.August, 14, "oued-ed-dahab", "Oued Ed-Dahab Day"),
			fixed(time.August, 20, "revolution-day", "Revolution of the King and the People"),
			fixed(time.August, 21, "youth-day", "Youth Day"),
			fixed(time.November, 6, "green-march", "Green March"),
			fixed(time.November, 18, "independence-day", "Independence Day"),
		}},
	}
}
