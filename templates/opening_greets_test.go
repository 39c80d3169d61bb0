package templates

import "testing"

// A short first line that ends like a salutation is one only when it
// greets or names someone: "Good news!" and "附件是报价单，请查收！" open
// the mail, they greet nobody, and a follow-up must not open with them.
func TestOpeningIsAGreetingNotAnyShortLine(t *testing.T) {
	for in, want := range map[string]string{
		"Good news!\n\nour new prices are attached.":       "",
		"As promised:\n\nthe price list for 2027.":         "",
		"Quotation attached:\n\nLED panel 600x600.":        "",
		"Happy Friday!\n\nhere is the offer.":              "",
		"Felici Feste!\n\nin allegato l'offerta.\n\nLily":  "",
		"Serene Feste!\n\nin allegato l'offerta.\n\nLily":  "",
		"Sereno Natale!\n\nin allegato l'offerta.\n\nLily": "",
		"Lieto Natale!\n\nin allegato l'offerta.\n\nLily":  "",
		"Liete Feste!\n\nin allegato l'offerta.\n\nLily":   "",
		"附件是报价单，请查收！\n单价为每片十八美元。":                          "",
		"请查收：\n附件是报价单。":                                    "",
		"Hans,\n\nthe samples left today.":                 "Hans",
		"Mr. Meier,\n\nthe samples left today.":            "Mr. Meier",
		"Frau Müller,\n\nanbei das Angebot.":               "Frau Müller",
		"Anna and Bob,\n\nthe samples left today.":         "Anna and Bob",
		"王总：\n附件是报价单，请查收。":                                 "王总",
		"王经理您好：\n附件是报价单，请查收。":                              "王经理您好",
		"王总您好！\n附件是报价单，请查收。":                               "王总您好",
		"山田様、\n見積書を添付します。":                                 "山田様",
		"김민준님,\n견적서를 첨부합니다.":                               "김민준님",
		"Иван Петрович,\n\nнаправляем Вам предложение.":    "Иван Петрович",
		"Dear Hans,\n\nthe samples left today.":            "Dear Hans",
		"Hi,\n\nthe samples left today.":                   "Hi",
		"王总，您好！\n\n附件是报价单":                                 "王总，您好",
		"王经理：您好！\n附件是报价单。":                                 "王经理：您好",
		"王总好：\n附件是报价单。":                                    "王总好",
		"一切都好！\n附件是报价单。":                                   "",
		"收到，谢谢：\n附件是报价单。":                                  "",
		"Bom dia Sr. João,\n\nsegue a cotação.":            "Bom dia Sr. João",
		"Boa tarde Ana,\n\nsegue a cotação.":               "Boa tarde Ana",
		"Good evening Hans,\n\nthe samples left today.":    "Good evening Hans",
		"Dzień dobry Panie Janie,\n\nw załączeniu oferta.": "Dzień dobry Panie Janie",
		"Kính gửi anh Nam,\n\nxin gửi báo giá.":            "Kính gửi anh Nam",
		"Selamat pagi Pak Budi,\n\nterlampir penawaran.":   "Selamat pagi Pak Budi",
		"親愛的李經理及諸位：\n附上報價單，請查收。":                           "親愛的李經理及諸位",
		"親愛的各位：\n附上報價單，請查收。":                               "親愛的各位",
		// Several names with their titles, parted by 、 and no greeting
		// word: a Japanese (or Chinese) opening to several people.
		"田中様、佐藤様：\n見積書を添付します。":   "田中様、佐藤様",
		"田中様・佐藤様：\n見積書を添付します。":   "田中様・佐藤様",
		"田中様と佐藤様：\n見積書を添付します。":   "田中様と佐藤様",
		"田中様 佐藤様：\n見積書を添付します。":   "田中様 佐藤様",
		"和田様と佐藤様：\n見積書を添付します。":   "和田様と佐藤様",
		"张经理和李经理：\n附件是报价单。":      "张经理和李经理",
		"張經理及李經理：\n附件是報價單。":      "張經理及李經理",
		"王总与李经理：\n附件是报价单。":       "王总与李经理",
		"田中様、佐藤さん、\n見積書を添付します。":  "田中様、佐藤さん",
		"田中部長、佐藤課長，\n見積書を添付します。": "田中部長、佐藤課長",
		"王总、李经理：\n附件是报价单，请查收。":   "王总、李经理",
		"报价、样品：\n附件是报价单。":        "",
		"王总、报价单：\n附件是报价单。":       "",
	} {
		if got := Opening(in); got != want {
			t.Errorf("Opening(%q) = %q, want %q", in, got, want)
		}
	}
}

// The titles of Chinese, Japanese and Korean names open a mail as the
// name does.
func TestOpeningOfACJKNameWithItsTitle(t *testing.T) {
	for _, in := range []string{"田中部長", "山田社長", "佐藤課長", "王董事长", "李工", "陳經理", "張總", "박 부장님", "王伟您好", "Anna您好"} {
		if got := Opening(in + "：\n见附件。"); got != in {
			t.Errorf("Opening(%q) = %q", in+"：", got)
		}
	}
}
