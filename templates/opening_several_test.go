package templates

import "testing"

// An opening that greets two people, or a list of names, keeps them all;
// a sentence after the name is still cut off.
func TestOpeningKeepsEveryoneItGreets(t *testing.T) {
	for in, want := range map[string]string{
		"Sehr geehrter Herr Müller, sehr geehrte Frau Müller,\n\nanbei unser Angebot.": "Sehr geehrter Herr Müller, sehr geehrte Frau Müller",
		"Sehr geehrte Frau Müller, sehr geehrter Herr Müller,\n\nanbei unser Angebot.": "Sehr geehrte Frau Müller, sehr geehrter Herr Müller",
		"Dear Mr. Smith, dear Ms. Lee,\n\nplease find our offer attached.":             "Dear Mr. Smith, dear Ms. Lee",
		"Dear Anna, Bob and Chris,\n\nplease find our offer attached.":                 "Dear Anna, Bob and Chris",
		"Liebe Anna, lieber Hans, hallo Tom,\n\nanbei das Angebot.":                    "Liebe Anna, lieber Hans, hallo Tom",
		"Dear Mr. Meier, thank you for your call today!\n\nHere is the offer.":         "Dear Mr. Meier",
		"Dear Mr. Meier, Thank you for your call today!\n\nHere is the offer.":         "Dear Mr. Meier",
		"Dear Hans, Happy New Year, and here is our new catalogue.\n\nLily":            "Dear Hans",
		"Dear Hans, Thanks, the samples went out today.\n\nLily":                       "Dear Hans",
		"Dear Mr. Meier, please find attached our quotation.\n\nLily":                  "Dear Mr. Meier",
		"Good morning, Mr. Smith, please find our offer attached.\n\nLily":             "Good morning, Mr. Smith",
		// Felice is an Italian given name, not only the "felice" of a wish.
		"Felice,\n\nin allegato l'offerta.\n\nLily":             "Felice",
		"Ciao Marco, Felice,\n\nin allegato l'offerta.\n\nLily": "Ciao Marco, Felice",
		"Felice Rossi,\n\nin allegato l'offerta.\n\nLily":       "Felice Rossi",
		// ... but "Felice Anno Nuovo!" opening a mail is a wish, no one's
		// name.
		"Felice Anno Nuovo!\n\nin allegato l'offerta.\n\nLily":        "",
		"Felice Natale!\n\nin allegato l'offerta.\n\nLily":            "",
		"Felice Anno Nuovo, Marco!\n\nin allegato l'offerta.\n\nLily": "",
	} {
		if got := Opening(in); got != want {
			t.Errorf("Opening(%q) = %q, want %q", in, got, want)
		}
	}
}

// The name an opening to two people addresses names both, without the
// second greeting: "Herr Müller, Frau Müller" where a sentence names them.
func TestAddressedOfAnOpeningToSeveral(t *testing.T) {
	for in, want := range map[string]string{
		"Sehr geehrter Herr Müller, sehr geehrte Frau Müller": "Herr Müller, Frau Müller",
		"Dear Mr. Smith, dear Ms. Lee":                        "Mr. Smith, Ms. Lee",
		"Dear Anna, Bob and Chris":                            "Anna, Bob and Chris",
		"Good morning, Mr. Smith":                             "Mr. Smith",
	} {
		c := NewContact("Hans Müller", "h@x.de")
		c.Salutation = in
		if got := Addressed(c, "de"); got != want {
			t.Errorf("Addressed(%q) = %q, want %q", in, got, want)
		}
	}
}
