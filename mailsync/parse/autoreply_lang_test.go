package parse

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// One real-shaped out-of-office per language, in the charsets and transfer
// encodings those mail systems use, each sent on Monday 21 December 2026:
// the return date is read from the decoded text.
func TestOutOfOfficeInEveryLanguage(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"en.eml", "2027-01-04"}, // "will be back on Monday, January 4, 2027"
		{"zh.eml", "2027-01-04"}, // "将于2027年1月4日返回办公室" (GBK)
		{"es.eml", "2027-01-07"}, // "estaré de vuelta el 7 de enero de 2027"
		{"pt.eml", "2027-01-11"}, // "retorno no dia 11 de janeiro de 2027"
		{"fr.eml", "2027-01-05"}, // "de retour le mardi 5 janvier 2027"
		{"de.eml", "2027-01-07"}, // "bis einschließlich 06.01.2027 ... Ab dem 07.01. wieder"
		{"it.eml", "2027-01-07"}, // "Rientrerò in ufficio il 7 gennaio 2027"
		{"ru.eml", "2027-01-12"}, // "до 11 января 2027 года включительно" (KOI8-R)
		{"ar.eml", "2027-01-03"}, // "وسأعود إلى العمل يوم ٣ يناير ٢٠٢٧" (Arabic-Indic digits)
		{"tr.eml", "2027-01-05"}, // "4 Ocak 2027 tarihine kadar izindeyim" (the 4th is still leave)
		{"ja.eml", "2027-01-05"}, // "1月4日まで年末年始休業 ... 1月5日（火）より出社" (ISO-2022-JP)
		{"ko.eml", "2027-01-04"}, // "2027년 1월 4일(월)에 복귀합니다" (EUC-KR)
		{"vi.eml", "2027-01-04"}, // "sẽ trở lại văn phòng vào ngày 04/01/2027"
		{"id.eml", "2027-01-05"}, // "akan kembali ke kantor pada tanggal 5 Januari 2027"
	} {
		h, b, size := loadEML(t, filepath.Join("ooo", tc.file))
		m := Message(h, b, size)
		testTeam().Classify(&m, keepwarm.RoleInbox)
		if m.Kind != keepwarm.KindAutoReply {
			t.Errorf("%s: kind %q", tc.file, m.Kind)
		}
		if got := m.AutoReplyUntil.Format("2006-01-02"); m.AutoReplyUntil.IsZero() || got != tc.want {
			t.Errorf("%s: return date %s, want %s (snippet %q)", tc.file, got, tc.want, m.Snippet)
		}
	}
}

func TestReturnDateRelativeAndFar(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	ref := time.Date(2026, 12, 16, 10, 0, 0, 0, cet) // a Wednesday
	for _, tc := range []struct{ text, want string }{
		{"I am travelling and will be back next Monday.", "2026-12-21"},
		{"Estoy de viaje, regreso la semana próxima.", "2026-12-21"},
		{"Estaré fuera hasta la próxima semana.", "2026-12-21"},
		{"Je suis absent, de retour la semaine prochaine.", "2026-12-21"},
		{"Ich bin ab nächste Woche wieder im Büro.", "2026-12-21"},
		{"Вернусь на следующей неделе.", "2026-12-21"},
		{"我下周一回来上班。", "2026-12-21"},
		{"I will be back tomorrow.", "2026-12-17"},
		{"Volveré el viernes.", "2026-12-18"},
		{"Back on 2 March 2027.", "2027-03-02"},         // 76 days: believed
		{"Back on 15 April 2027.", ""},                  // 120 days out: ignored
		{"Estaré de vuelta el 20 de mayo de 2027.", ""}, // over 100 days: ignored
		{"I am on parental leave until 2027-06-01.", ""},
	} {
		got := returnDate(tc.text, ref)
		if s := got.Format("2006-01-02"); (tc.want == "" && !got.IsZero()) || (tc.want != "" && s != tc.want) {
			t.Errorf("returnDate(%q) = %v, want %q", tc.text, got, tc.want)
		}
	}
}

// "I have left the company, please contact X" is its own class, with the
// new contact read from the text; a person's answer that says "no longer"
// stays an answer.
func TestLeftTheCompany(t *testing.T) {
	for _, tc := range []struct{ file, next string }{
		{"left_en.eml", "sarah.lee@acme-us.example"},
		{"left_zh.eml", "li.na@buyer-co.cn"},
		{"left_es.eml", "compras@importadora.example"},
	} {
		h, b, size := loadEML(t, filepath.Join("ooo", tc.file))
		m := Message(h, b, size)
		testTeam().Classify(&m, keepwarm.RoleInbox)
		if m.Kind != keepwarm.KindLeftCompany || m.NewContact != tc.next || m.CustomerKey == "" || !m.AutoReplyUntil.IsZero() {
			t.Errorf("%s: kind %q new contact %q customer %q (snippet %q)", tc.file, m.Kind, m.NewContact, m.CustomerKey, m.Snippet)
		}
	}
	m := msg("Thanks. We are no longer working with that supplier and have left the company's old range behind; please quote again.",
		"From: bob@acme.example", "To: sales@team.example", "Subject: Re: offer")
	testTeam().Classify(&m, keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindInbound || m.NewContact != "" {
		t.Errorf("a person's answer: kind %q new contact %q", m.Kind, m.NewContact)
	}
	// An ordinary out-of-office is not the left-the-company class.
	h, b, size := loadEML(t, filepath.Join("ooo", "en.eml"))
	m = Message(h, b, size)
	testTeam().Classify(&m, keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindAutoReply {
		t.Errorf("out-of-office: kind %q", m.Kind)
	}
}

// TestOutOfOfficeBySubjectAlone: header-less responders (hosted Chinese,
// Turkish and Russian mail systems, vacation scripts) mark an
// out-of-office by its localized subject only. Each language's
// out-of-office without its automatic-reply header lines is still one,
// its text reading as an absence; parsed from its header alone it needs
// its text before it is stored.
func TestOutOfOfficeBySubjectAlone(t *testing.T) {
	team := testTeam()
	for _, file := range []string{"en.eml", "zh.eml", "es.eml", "pt.eml", "fr.eml", "de.eml", "it.eml",
		"ru.eml", "ar.eml", "tr.eml", "ja.eml", "ko.eml", "vi.eml", "id.eml"} {
		h, b, size := loadEML(t, filepath.Join("ooo", file))
		var kept []string
		for _, line := range strings.SplitAfter(string(h), "\n") {
			switch k, _, _ := strings.Cut(strings.ToLower(line), ":"); k {
			case "auto-submitted", "x-auto-response-suppress", "x-ms-exchange-inbox-rules-loop", "x-autoreply":
				continue
			}
			kept = append(kept, line)
		}
		bare := []byte(strings.Join(kept, ""))
		m := Message(bare, b, size)
		team.Classify(&m, keepwarm.RoleInbox)
		if m.Kind != keepwarm.KindAutoReply {
			t.Errorf("%s without its headers (subject %q): kind %q", file, m.Subject, m.Kind)
		}
		p := team.ParseFetched(Fetched{Header: bare, Size: size, TextPending: true}, keepwarm.RoleInbox)
		if !team.NeedsText(&p) {
			t.Errorf("%s from its header alone: kind %q, its text not asked for", file, p.Kind)
		}
	}
}
