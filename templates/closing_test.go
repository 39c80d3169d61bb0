package templates_test

import (
	"strings"
	"testing"

	"keepwarm/templates"
)

// saysNothingOf renders body (a text part) in lang for the sample
// customer and says whether it says nothing.
func saysNothingOf(t *testing.T, lang, body string) (bool, string) {
	t.Helper()
	_, _, r := renderOf(t, lang, body, templates.SampleData())
	return r.SaysNothing(), r.Text
}

// renderOf loads body (a text part) as template t in lang and renders it
// for d: the set, the file's name and the mail.
func renderOf(t *testing.T, lang, body string, d templates.Data) (*templates.Set, string, templates.Rendered) {
	t.Helper()
	name := "t.tmpl"
	if lang != "" {
		name = "t." + lang + ".tmpl"
	}
	set := loadFiles(t, map[string]string{name: "subject: News\n--- text\n" + body})
	r, err := set.Render("t", lang, d)
	if err != nil {
		t.Fatal(err)
	}
	return set, name, r
}

// withoutProducts is the sample customer with no products: a mail's
// products guard empties.
func withoutProducts() templates.Data {
	d := templates.SampleData()
	d.Products = nil
	return d
}

// heldWhenEmptied checks that body in lang, its products guard emptied,
// says nothing and is held for the products, and that with products it
// says something; what is the case's text, for a failure's message. It
// returns the file's name.
func heldWhenEmptied(t *testing.T, lang, body, what string) string {
	t.Helper()
	set, name, r := renderOf(t, lang, body, withoutProducts())
	if !r.SaysNothing() || templates.EmptiedPart(set, name, true, false) != "Products" {
		t.Errorf("%s %q: emptied by its guard, not held (text %q)", lang, what, r.Text)
	}
	if r, err := set.Render("t", lang, templates.SampleData()); err != nil || r.SaysNothing() {
		t.Errorf("%s %q: with products, says nothing (%v, text %q)", lang, what, err, r.Text)
	}
	return name
}

// The everyday closings of the languages export mail is written in, as
// a manager types them (any case, with a comma, a full stop, an
// exclamation mark or nothing after them), close a mail that says
// nothing else: it is its opening and its sign-off alone.
func TestSaysNothingKnowsEverydayClosings(t *testing.T) {
	for _, c := range []struct{ lang, closing string }{
		{"", "Thanks,"}, {"", "thanks"}, {"", "THANKS!"}, {"", "Thank you."}, {"", "Many thanks,"}, {"", "Best,"},
		{"", "Best"}, {"", "Cheers!"}, {"", "Warmly,"}, {"", "All the best,"}, {"", "Kindest regards,"},
		{"", "Thanks,\nBest regards,"},
		{"de", "Herzliche Grüße"}, {"de", "herzliche grüße,"}, {"de", "Mit besten Grüßen"}, {"de", "Liebe Grüße"},
		{"de", "Viele Grüsse"}, {"de", "Vielen Dank!"},
		{"fr", "Bien à vous,"}, {"fr", "Salutations distinguées."}, {"fr", "Meilleures salutations,"}, {"fr", "Merci !"},
		{"es", "Saludos,"}, {"es", "saludos"}, {"es", "Un abrazo,"},
		{"es", "Muchas gracias,"},
		{"pt", "Abraços,"}, {"pt", "Cumprimentos,"}, {"pt", "Com os melhores cumprimentos,"}, {"pt", "Att."},
		{"it", "Saluti,"}, {"it", "Un caro saluto,"}, {"it", "Grazie mille!"},
		{"ru", "С наилучшими пожеланиями,"}, {"ru", "Всего доброго!"}, {"ru", "Спасибо!"},
		{"ar", "وتفضلوا بقبول فائق الاحترام،"}, {"ar", "تحياتي"}, {"ar", "مع تحياتي،"}, {"ar", "شكراً"},
		{"ja", "よろしくお願いいたします。"}, {"ja", "よろしくお願いします"}, {"ja", "何卒よろしくお願いいたします。"},
		{"ja", "敬具"}, {"ja", "以上"},
		{"zh", "祝商祺！"}, {"zh", "顺颂商祺"}, {"zh", "谢谢！"}, {"zh", "此致\n敬礼！"},
		{"zh", "順頌 商祺"},
		{"", "Thanks & Best Regards,"}, {"", "Best Regards & Thanks"}, {"", "BR,"}, {"", "Rgds,"}, {"", "Best wishes 🎄"},
		{"", "Thanks 😊"}, {"", "Cheers 🍻"}, {"ja", "何卒よろしくお願い申し上げます。"}, {"ja", "よろしくお願い申し上げます。"},
		{"pt", "Abs,"}, {"es", "Atte."},
		// The forms written with 您, on one line with a comma, and the
		// everyday thanks and wishes of each language, with their
		// neighbours.
		{"zh", "祝您工作顺利！"}, {"zh", "祝您生意兴隆！"}, {"zh", "祝您一切顺利！"}, {"zh", "祝您商祺！"},
		{"zh", "顺祝您商祺！"}, {"zh", "祝你工作顺利"}, {"zh", "祝您工作順利！"}, {"zh", "谢谢您！"},
		{"zh", "謝謝您！"}, {"zh", "非常感谢您！"}, {"zh", "感谢您！"}, {"zh", "此致，敬礼！"}, {"zh", "此致,敬礼"},
		{"zh", "此致，敬禮！"}, {"zh", "祝身体健康！"}, {"zh", "祝您周末愉快！"}, {"zh", "祝好！"}, {"zh", "顺颂商祺"},
		{"ru", "Спасибо большое!"}, {"ru", "Всего хорошего!"}, {"ru", "Заранее благодарю,"}, {"ru", "Хорошего дня!"},
		{"ru", "Большое спасибо!"},
		{"ar", "شكراً جزيلاً"}, {"ar", "شكرا جزيلا"}, {"ar", "شكرًا جزيلًا،"}, {"ar", "مع خالص التقدير،"},
		{"ar", "مع التقدير"}, {"ar", "شكرًا"}, {"ar", "مع جزيل الشكر"},
		{"es", "Muchísimas gracias,"}, {"es", "Muchisimas gracias"}, {"es", "Gracias de antemano,"},
		{"es", "Que tengas un buen día!"}, {"es", "¡Que tenga un buen día!"}, {"es", "Buen fin de semana,"},
		{"es", "Un fuerte abrazo,"}, {"es", "Mil gracias,"},
		{"de", "Danke schön!"}, {"de", "Dankeschön,"}, {"de", "Vielen Dank im Voraus,"}, {"de", "Schönes Wochenende!"},
		{"de", "Ein schönes Wochenende!"}, {"de", "Vielen Dank!"}, {"de", "Danke sehr,"}, {"de", "Vielen lieben Dank!"},
		{"pt", "Tenha um bom dia!"}, {"pt", "Tenha um ótimo dia,"}, {"pt", "Bom fim de semana!"}, {"pt", "Muito obrigado!"},
		{"pt", "Obrigada desde já,"}, {"pt", "Um grande abraço,"},
		{"it", "Buon fine settimana!"}, {"it", "Grazie in anticipo,"},
		{"fr", "Bon week-end !"}, {"fr", "Merci par avance,"}, {"fr", "Excellente journée,"},
		{"", "Thank you in advance,"}, {"", "Many thanks in advance,"},
		// A signature block written by hand, the salesperson's address under the name.
		{"", "Best regards,\n{{.Owner.Name}}\n{{.Owner.Email}}"},
		{"", "Best regards,\n{{.Owner.Name}}\nEmail: {{.Owner.Email}}"},
		{"", "Best regards,\n{{.Owner.Name}}\nSales Manager\nEmail: {{.Owner.Email}}\nWhatsApp: +86 138 0013 8000"},
		{"", "Best regards,\n{{.Owner.Name}}\nTel: +86-755-8888 6666\nMobile: +86 13800138000\nSkype: lily.chen\nWeChat: lilychen88"},
		{"", "Best regards,\n{{.Owner.Name}}\n+86 138 0013 8000"},
		{"zh", "祝商祺！\n{{.Owner.Name}}\n销售经理\n邮箱：{{.Owner.Email}}"},
		// Under the name everything is the signature: the company line, a
		// second title line, labels of any kind.
		{"", "Best regards,\n{{.Owner.Name}}\nShenzhen Bright LED Co., Ltd."},
		{"", "Best regards,\n{{.Owner.Name}}\nSales Manager\nShenzhen Bright LED Co., Ltd.\nAdd: 5F, Building A, Huafeng Industrial Park, Shenzhen, China\nMobile/WhatsApp: +86 138 0013 8000\nEmail: {{.Owner.Email}}\nWeb: www.brightled.com"},
		{"zh", "祝商祺！\n{{.Owner.Name}}\n销售经理\n深圳市明亮照明有限公司\n地址：深圳市南山区科技园\n手机/微信：13800138000"},
		{"", "Best regards,\n{{.Owner.Name}}\nSales Manager\nOverseas Department\nM: +86 138 0013 8000 | E: {{.Owner.Email}}"},
		{"", "Best regards, {{.Owner.Name}}\nShenzhen Bright LED Co., Ltd."},
	} {
		body := "{{.Contact.Salutation}},\n{{with .Products}}here is what is new:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n" +
			c.closing + "\n{{.Owner.Signature}}\n"
		_, _, r := renderOf(t, c.lang, body, withoutProducts())
		if !r.SaysNothing() {
			t.Errorf("%s %q: says something (text %q)", c.lang, c.closing, r.Text)
		}
	}
}

// A closing's words in a sentence, or a closing that is not the end of
// the mail, are words said: the mail goes.
func TestSaysNothingReadsSentencesAsSaid(t *testing.T) {
	for _, c := range []struct{ lang, body string }{
		{"", "Thanks for your order, it ships on Monday."},
		{"", "Thank you for visiting our booth.\n\nBest regards,"},
		{"", "Best prices of the year this month.\n\nBest regards,"},
		{"", "Thanks,\nhere is our news for December.\n\nBest regards,"},
		{"", "thanks.\n\nBest regards,"},
		{"", "Cheers to a good year together!\n\nBest,"},
		{"", "Yours, with the new catalog attached."},
		{"de", "Vielen Dank für Ihren Besuch auf der Messe.\n\nMit freundlichen Grüßen"},
		{"de", "Herzliche Grüße an das ganze Team!\n\nMit freundlichen Grüßen"},
		{"es", "Saludos a todo su equipo de parte de nosotros.\n\nUn abrazo,"},
		{"es", "Gracias por su pedido.\n\nSaludos,"},
		{"pt", "Obrigado pela visita à feira.\n\nAbraços,"},
		{"fr", "Merci pour votre commande.\n\nBien à vous,"},
		{"ru", "Спасибо за заказ.\n\nС уважением,"},
		{"ja", "ご注文ありがとうございます。新しいカタログをお送りします。\n\nよろしくお願いいたします。"},
		{"zh", "谢谢您上周来访。\n\n祝商祺！"},
		{"zh", "谢谢！\n\n祝商祺！"},
		// The everyday thanks in a sentence.
		{"zh", "谢谢您的询盘，样品已寄出。\n\n祝您工作顺利！"},
		{"de", "Danke schön für Ihren Besuch auf der Messe.\n\nSchönes Wochenende!"},
		{"es", "Muchísimas gracias por su pedido.\n\nSaludos,"},
		{"ru", "Спасибо большое за заказ.\n\nВсего хорошего!"},
		{"ar", "شكراً جزيلاً على طلبكم.\n\nمع خالص التقدير،"},
		{"pt", "Tenha um bom dia na feira, visite nosso estande.\n\nAbraços,"},
		// The follow-up bump is what the step says, not its closing.
		{"", "Looking forward to your reply.\n\nBest regards,"},
		{"", "I look forward to hearing from you.\n\nThanks,"},
		{"de", "Ich freue mich auf Ihre Antwort.\n\nMit freundlichen Grüßen"},
		{"fr", "Dans l’attente de votre réponse,\nCordialement,"},
		{"es", "Quedo a la espera de sus noticias.\n\nSaludos cordiales,"},
		{"pt", "Aguardo seu retorno.\n\nAtenciosamente,"},
		{"it", "In attesa di un vostro riscontro,\nCordiali saluti"},
		{"ru", "Жду вашего ответа.\n\nС уважением,"},
		{"ja", "ご連絡をお待ちしております。\n\nよろしくお願いいたします。"},
		{"zh", "期待您的回复！\n\n祝好"},
		// A wish after "祝" on its own line is said, not a closing.
		{"zh", "祝\n新年快乐！\n{{.Owner.Name}}"},
		{"zh", "顺祝\n新春愉快，万事如意！\n{{.Owner.Name}}\n佛山市莉莉贸易有限公司"},
		// Under the closing, a P.S. or a note.
		{"", "Best regards,\n{{.Owner.Name}}\nPS: new prices from January"},
		{"", "Best regards,\n{{.Owner.Name}}\nSales Manager\nP.S. Our new catalog is attached"},
		{"", "Best regards,\n{{.Owner.Name}}\nNote: prices valid until 31 Dec"},
		{"zh", "祝商祺！\n{{.Owner.Name}}\n附：最新报价单"},
		{"zh", "祝商祺！\n{{.Owner.Name}}\n注：价格一月起调整"},
		{"zh", "祝商祺！\n{{.Owner.Name}}\n\n附言：样品已寄出"},
		{"", "Best regards,\n\n{{.Owner.Name}}\nSales Manager\nN.B. prices valid until 31 Dec"},
		// With no closing, what is above the salesperson's name, or on
		// its line, or a P.S. under it, is said.
		{"", "We wish you a Merry Christmas.\n{{.Owner.Name}}\nSales Manager"},
		{"", "{{.Owner.Name}} here, with our new catalog\nSales Manager"},
		{"", "{{.Owner.Name}}\nSales Manager\nP.S. Our new catalog is attached"},
		{"zh", "{{.Owner.Name}}\n佛山市莉莉贸易有限公司\n附：最新报价单"},
		// A closing with words after it on its line that are no name.
		{"", "Thanks, see you soon"},
		{"zh", "谢谢，新年快乐！"},
		{"zh", "谢谢！新年快乐"},
		{"", "Thanks, Merry Christmas!"},
		{"", "Thank you, Happy New Year."},
		{"", "Thanks! See you soon"},
		{"", "Thanks, Lily. See You Soon!"},
		// A short name, a separator and a sentence after it.
		{"", "Thanks, Lily - see you at the fair!"},
		{"", "Best, Lily (new catalog attached)"},
		{"", "Thanks, Lily, for your patience this year."},
		{"", "Best regards, Lily - The samples ship on Monday!"},
		{"", "Thanks, Lily will send the samples on Monday."},
		{"zh", "谢谢，陈丽（新品下周发货！）"},
		{"zh", "谢谢，陈丽（佛山）下周发货"},
		// Han words after "，" that are no name and no title: a notice,
		// a bump, a day.
		{"zh", "谢谢，春节放假，2月10日复工"},
		{"zh", "谢谢您，样品已寄，请查收"},
		{"zh", "谢谢，已收到，周一发货"},
		{"zh", "谢谢，期待回复"},
		{"zh", "谢谢，盼复"},
		{"zh", "谢谢，周一发货"},
		{"zh", "谢谢，马上安排"},
		{"zh", "谢谢，陈丽，下周发货"},
		{"zh", "谢谢！陈丽 下周发货"},
		{"zh", "谢谢，陈丽 请找王总"},
		// Everyday words that start with a surname's character, after a
		// thanks: no name, and a sentence after "，" is no title.
		{"zh", "谢谢，包邮"},
		{"zh", "谢谢，付款"},
		{"zh", "谢谢，余款"},
		{"zh", "谢谢，成交"},
		{"zh", "谢谢，黄金周"},
		{"zh", "谢谢！黄金周"},
		{"zh", "谢谢，安心"},
		{"zh", "谢谢，辛苦"},
		{"zh", "谢谢，辛苦啦"},
		{"zh", "谢谢！辛苦啦"},
		{"zh", "谢谢，辛苦哈～"},
		{"zh", "謝謝，包郵"},
		{"zh", "谢谢，方便时，请联系我们销售"},
		{"zh", "谢谢，方便时，请回复王总"},
		{"zh", "谢谢，陈丽，请回复王总"},
		{"zh", "谢谢，陈丽，请联系我们销售"},
		{"zh", "谢谢，陈丽，请联系我们公司"},
		{"zh", "谢谢，陈丽，欢迎联系我们销售部"},
		{"zh", "谢谢，陈丽，谢谢您支持我们销售"},
		{"zh", "谢谢，陈丽，有问题联系我销售部"},
		{"zh", "谢谢，陈丽 期待您的回复，销售部"},
		// A lower-case sentence after the name, a title's word in it.
		{"", "Thanks, Lily, sales are up"},
		{"", "Thanks, Lily, our sales manager calls you Monday."},
		{"es", "Saludos, Juan, el gerente le visitará la próxima semana"},
		{"fr", "Merci, Lily, notre responsable vous appelle"},
		{"ru", "Спасибо, Лили, менеджер позвонит вам завтра"},
		{"", "Thanks, Lily, the manager will call"},
		{"", "Thanks, Lily, manager approved the price"},
		{"es", "Gracias, Lily, gerente le llama"},
		// A thanks as the opener, a sentence under it: no closing.
		{"", "Thank you!\nWe wish you a Merry Christmas and a prosperous 2027."},
		{"zh", "非常感谢！\n祝您圣诞快乐，新年万事如意。"},
		// A closing's word before a name the book put in, in a sentence.
		{"", "Thanks, Anna. The samples ship on Monday."},
		{"", "Thank you {{.Company}} for a great year together!"},
		{"zh", "感谢{{.Company}}一直以来的支持！"},
	} {
		body := "{{.Contact.Salutation}},\n\n" + c.body + "\n{{.Owner.Signature}}\n"
		if got, text := saysNothingOf(t, c.lang, body); got {
			t.Errorf("%s %q: says nothing (text %q)", c.lang, c.body, text)
		}
	}
	// "thank you." ending a mail with no signature under it is the mail's
	// text, not its closing.
	for _, body := range []string{"{{.Contact.Salutation}},\n\nthank you.\n", "{{.Contact.Salutation}},\n\nGracias\n",
		// The follow-up bump after a thanks, no signature under it.
		"{{.Contact.Salutation}}：\n\n谢谢，期待回复\n", "{{.Contact.Salutation}}：\n\n谢谢，盼复\n"} {
		if got, text := saysNothingOf(t, "", body); got {
			t.Errorf("%q: says nothing (text %q)", body, text)
		}
	}
}

// A greeting's wish on the salutation line ("Hi Anna, Merry Christmas!")
// is what it says: the opening is the salutation alone, so a short
// greeting with an everyday closing goes.
func TestSaysNothingKeepsTheWishOnTheSalutationLine(t *testing.T) {
	for _, c := range []struct{ lang, body string }{
		{"", "Hi {{.Contact.FirstName}}, Merry Christmas!\n\nBest,\n{{.Owner.Signature}}\n"},
		{"", "Hi {{.Contact.FirstName}}, Happy Holidays!\n\nBest,\n{{.Owner.Signature}}\n"},
		{"", "Hello, Merry Christmas!\n\nBest,\n{{.Owner.Signature}}\n"},
		{"de", "Hallo {{.Contact.FirstName}}, frohe Weihnachten!\n\nLiebe Grüße\n{{.Owner.Signature}}\n"},
		{"es", "Hola {{.Contact.FirstName}}, ¡Feliz Navidad!\n\nUn abrazo,\n{{.Owner.Signature}}\n"},
		{"", "Dear {{.Contact.FirstName}}, 新年快乐！\n\nBest,\n{{.Owner.Signature}}\n"},
		// After "!" or ":" too, and a capitalised wish is not a name.
		{"", "Hi {{.Contact.FirstName}}! Merry Christmas!\n\nBest,\n{{.Owner.Signature}}\n"},
		{"de", "Hallo {{.Contact.FirstName}}! Frohe Weihnachten!\n\nLiebe Grüße\n{{.Owner.Signature}}\n"},
		{"es", "Hola {{.Contact.FirstName}}: ¡Feliz Navidad!\n\nUn abrazo,\n{{.Owner.Signature}}\n"},
		{"zh", "{{.Contact.Salutation}}：新年快乐！\n\n祝好！\n{{.Owner.Signature}}\n"},
		{"zh", "尊敬的王总：新年快乐！\n\n祝好！\n{{.Owner.Signature}}\n"},
		{"", "Dear {{.Contact.FirstName}}, Eid Mubarak!\n\nBest regards,\n{{.Owner.Signature}}\n"},
		{"", "Dear {{.Contact.FirstName}}, Ramadan Kareem!\n\nBest regards,\n{{.Owner.Signature}}\n"},
		{"", "Hi Anna, Congratulations!\n\nBest,\n{{.Owner.Signature}}\n"},
		{"", "Hi Anna! Happy New Year!\n\nBest,\n{{.Owner.Signature}}\n"},
		// A hello on its own line, then words said.
		{"", "Dear {{.Contact.FirstName}},\nGood day!\nOur new catalog is attached.\nBest regards,\n{{.Owner.Signature}}\n"},
		{"zh", "{{.Contact.Salutation}}：\n　　您好！\n　　感谢您的询盘。\n祝商祺！\n{{.Owner.Signature}}\n"},
		{"", "Dear {{.Contact.FirstName}},\nHello!\nHello from the fair in Canton.\nBest regards,\n{{.Owner.Signature}}\n"},
		// A filler opener, then words said.
		{"", "Dear {{.Contact.FirstName}},\nHope you are doing well.\nOur new catalog is attached.\nBest regards,\n{{.Owner.Signature}}\n"},
		{"", "Dear {{.Contact.FirstName}}, hope you are doing well. Our new catalog is attached.\nBest regards,\n{{.Owner.Signature}}\n"},
		{"zh", "{{.Contact.Salutation}}：\n　　您好！希望您一切顺利！我们的新目录已附上。\n祝商祺！\n{{.Owner.Signature}}\n"},
	} {
		if got, text := saysNothingOf(t, c.lang, c.body); got {
			t.Errorf("%s %q: says nothing (text %q)", c.lang, c.body, text)
		}
	}
	// The salutation alone still says nothing, names and all, and so does
	// a hello after it ("尊敬的王总，您好！", "Hi Anna, good morning!"): a
	// hello is not words said.
	for _, c := range []struct{ lang, body string }{
		{"", "Hi {{.Contact.FirstName}},\n{{with .Products}}here is what is new{{end}}\nBest,\n{{.Owner.Signature}}\n"},
		{"", "Good morning, {{.Contact.FirstName}}!\n{{with .Products}}here is what is new{{end}}\nBest,\n{{.Owner.Signature}}\n"},
		{"zh", "{{.Contact.Salutation}}，您好！\n{{with .Products}}新品{{end}}\n祝商祺！\n{{.Owner.Signature}}\n"},
		{"zh", "尊敬的王总，您好！\n{{with .Products}}新品{{end}}\n祝商祺！\n{{.Owner.Signature}}\n"},
		{"", "Hi {{.Contact.FirstName}}, good morning!\n{{with .Products}}here is what is new{{end}}\nBest,\n{{.Owner.Signature}}\n"},
		{"de", "Hallo {{.Contact.FirstName}}, guten Morgen!\n{{with .Products}}Neues{{end}}\nLiebe Grüße\n{{.Owner.Signature}}\n"},
		{"", "Dear Sir, hello\n{{with .Products}}here is what is new{{end}}\nBest,\n{{.Owner.Signature}}\n"},
		{"pt", "Olá {{.Contact.FirstName}}, bom dia!\n{{with .Products}}novidades{{end}}\nAbraços,\n{{.Owner.Signature}}\n"},
		// A hello on a line of its own under the salutation, the Chinese
		// letter's indented "您好！" and the exporter's "Good day!".
		{"zh", "{{.Contact.Salutation}}：\n　　您好！\n{{with .Products}}新品{{end}}\n祝商祺！\n{{.Owner.Signature}}\n"},
		{"", "Dear {{.Contact.FirstName}},\nGood day!\n{{with .Products}}here is what is new{{end}}\nBest regards,\n{{.Owner.Signature}}\n"},
		{"", "Hi {{.Contact.FirstName}},\nHello!\n{{with .Products}}…{{end}}\nBest,\n{{.Owner.Signature}}\n"},
		{"", "Dear {{.Contact.FirstName}},\n\nHello!\nGood morning,\n{{with .Products}}here is what is new{{end}}\nBest regards,\n{{.Owner.Signature}}\n"},
		// The exporter's filler openers are no words said either.
		{"", "Dear {{.Contact.FirstName}},\nHope you are doing well.\n{{with .Products}}here is what is new{{end}}\nBest regards,\n{{.Owner.Signature}}\n"},
		{"zh", "{{.Contact.Salutation}}：\n　　您好！希望您一切顺利！\n{{with .Products}}新品{{end}}\n祝商祺！\n{{.Owner.Signature}}\n"},
		{"", "Dear {{.Contact.FirstName}},\nHope this email finds you well.\n{{with .Products}}here is what is new{{end}}\nBest regards,\n{{.Owner.Signature}}\n"},
		{"", "Dear {{.Contact.FirstName}},\nGood day! Greetings from Shenzhen!\n{{with .Products}}here is what is new{{end}}\nBest regards,\n{{.Owner.Signature}}\n"},
		{"", "Dear {{.Contact.FirstName}}, I hope you're doing well!\n{{with .Products}}here is what is new{{end}}\nBest regards,\n{{.Owner.Signature}}\n"},
		{"de", "Sehr geehrter Herr Meier,\nich hoffe, es geht Ihnen gut.\n{{with .Products}}Neues{{end}}\nMit freundlichen Grüßen\n{{.Owner.Signature}}\n"},
		{"es", "Estimado Juan:\nEspero que se encuentre bien.\n{{with .Products}}novedades{{end}}\nSaludos,\n{{.Owner.Signature}}\n"},
	} {
		_, _, r := renderOf(t, c.lang, c.body, withoutProducts())
		if !r.SaysNothing() {
			t.Errorf("%s %q: says something (text %q)", c.lang, c.body, r.Text)
		}
	}
}

// Under the closing everything is the signature, blank lines or not, the
// salesperson's name written via a field or by hand, whatever the block
// holds (a title, the company, "Add:", a slogan, a wish), but a P.S. or a
// note: a mail its guard emptied, when unsure, is held. The same mail
// with its guard's words goes, and so does one with no guard at all,
// whatever is under its closing: the check does not run for it.
func TestSaysNothingTakesAllUnderTheClosingAsSignature(t *testing.T) {
	for _, c := range []struct{ lang, below string }{
		// A blank line between the closing and the name.
		{"", "Best regards,\n\n{{.Owner.Name}}\nSales Manager\nShenzhen Bright LED Co., Ltd."},
		{"zh", "此致\n敬礼！\n\n　　　　{{.Owner.Name}}\n　　　　深圳市明亮照明有限公司\n　　　　电话：0755-8888 6666"},
		// The usual lines of an exporter's block.
		{"", "Best regards,\n{{.Owner.Name}}\nSales Manager\nFoshan Lily Trading Co., Ltd.\nProfessional manufacturer of LED lighting since 2005\nTel: +86 757 8888 6666"},
		{"", "Best regards,\n{{.Owner.Name}}\nAdd: 3rd floor, building B, science and technology park, Nanshan district, Shenzhen\nTel: +86 755 8888 6666"},
		{"", "Best regards,\n{{.Owner.Name}}\nYour reliable partner in China\nWelcome to visit our factory!"},
		{"", "Best regards,\n{{.Owner.Name}}\nPS Power Co., Ltd."},
		{"", "Best regards,\n{{.Owner.Name}}\nNB Lighting Co., Ltd."},
		// The name written by hand, not the sample salesperson's (Li Wei).
		{"", "Best regards,\nLily\nSales Manager\nFoshan Lily Trading Co., Ltd.\nTel: +86 757 8888 6666"},
		{"", "Best regards,\n陈丽\nFoshan Lily Trading Co., Ltd.\nAdd: No.8 Xingye Road, Foshan"},
		// A wish or a line under the name, any case.
		{"", "Best wishes,\n{{.Owner.Name}}\n\nMerry Christmas and a Happy New Year!"},
		{"", "Best wishes,\nLily\n\nHappy Holidays"},
		{"", "Best wishes,\n{{.Contact.FirstName}}\n\nHappy Holidays"},
		{"zh", "祝好！\n{{.Owner.Name}}\n\n新年快乐"},
		{"zh", "祝好！\n{{.Contact.FirstName}}\n\n新年快乐"},
		{"de", "Mit freundlichen Grüßen\n{{.Owner.Name}}\nWir schicken Ihnen die Muster am Montag."},
		{"", "Best regards,\n{{.Owner.Name}}\nNew catalog attached for you"},
		{"", "Best regards,\n{{.Owner.Name}}\nMail: samples sent today"},
		{"", "Best regards,\nMail: samples sent today"},
		{"", "Best regards,\nWeb: new catalog online"},
		// A Chinese closing over two lines, as 此致\n敬礼 is written.
		{"zh", "顺祝\n商祺！\n{{.Owner.Name}}\n佛山市莉莉贸易有限公司\n电话：0757-8888 6666"},
		{"zh", "祝\n商祺！\n{{.Owner.Name}}"},
		{"zh", "顺颂\n时祺\n{{.Owner.Name}}\n佛山市莉莉贸易有限公司"},
		{"zh", "敬祝\n商祺\n陈丽"},
		// No closing: the block starts at the salesperson's own name, via
		// the field or written by hand.
		{"zh", "{{.Owner.Name}}\n佛山市莉莉贸易有限公司\n电话：0757-8888 6666"},
		{"", "{{.Owner.Name}}\nSales Manager\nFoshan Lily Trading Co., Ltd."},
		{"", "Li Wei\nSales Manager\nFoshan Lily Trading Co., Ltd.\n\nMerry Christmas!"},
		// The closing and her name via the field on one line, a title or
		// the company after it; with no closing, her name with a title
		// after a separator.
		{"", "Best regards, {{.Owner.Name}}, Sales Manager"},
		{"", "Thanks, {{.Owner.Name}} from Foshan Lily Trading"},
		{"", "BR, {{.Owner.Name}} | WhatsApp +86 138 0000 0000"},
		{"zh", "谢谢！{{.Owner.Name}}（销售经理）"},
		{"", "{{.Owner.Name}}, Sales Manager\nFoshan Lily Trading Co., Ltd."},
		// The closing and a short name written by hand on one line.
		{"", "Best regards, Lily\nSales Manager"},
		{"", "BR, Lily Chen\nFoshan Lily Trading Co., Ltd."},
		{"", "Thanks, Lily"},
		{"zh", "祝好，陈丽\n佛山市莉莉贸易有限公司"},
		{"", "Thanks, Lily!\nSales Manager"},
		{"", "Best regards, Lily.\nFoshan Lily Trading Co., Ltd."},
		{"", "Cheers, Lily 🙂\nSales Manager"},
		{"", "BR, L. Chen\nFoshan Lily Trading Co., Ltd."},
		{"zh", "谢谢！陈丽\n佛山市莉莉贸易有限公司"},
		// The closing, a short name written by hand and a title or the
		// company after a separator on one line.
		{"", "Best regards, Lily, Sales Manager"},
		{"", "BR, Lily Chen | Foshan Lily Trading"},
		{"", "Thanks, Lily (Sales Manager)"},
		{"", "Best regards, Lily - Export Manager"},
		{"", "Best regards, L. Chen / Sales"},
		{"zh", "谢谢！陈丽（销售经理）"},
		{"zh", "祝好，陈丽（外贸部）\n佛山市莉莉贸易有限公司"},
		// A title in lower or sentence case, as es, fr, pt, it and ru
		// write it, and a Chinese title after a space.
		{"es", "Saludos, Lily, Gerente de ventas"},
		{"fr", "Cordialement, Lily, Responsable commerciale"},
		{"ru", "С уважением, Лили, менеджер по продажам"},
		{"pt", "Atenciosamente, Lily, Gerente de vendas"},
		{"it", "Cordiali saluti, Lily, Responsabile vendite"},
		{"", "Best regards, Lily, sales manager"},
		{"zh", "谢谢！陈丽 销售经理"},
		{"zh", "谢谢，陈丽，销售经理"},
		{"zh", "谢谢！方丽"},
		{"zh", "祝好，陈丽 敬上"},
		{"zh", "谢谢！陈丽 谨上"},
		{"zh", "谢谢，金伟（外贸部）"},
		{"zh", "谢谢！黄心怡"},
		{"zh", "谢谢，王总"},
		// A real name whose first two characters make an everyday word
		// ("黄金" of "黄金周") is a name.
		{"zh", "谢谢！黄金华"},
		{"zh", "谢谢，黄金凤（外贸部）"},
		{"zh", "谢谢！安心怡"},
		{"zh", "祝好，陈丽 佛山市莉莉贸易有限公司"},
		// A company named for its founder's surname ("谢氏", "谢记"), a
		// trade's word in it ("呢绒", "酒吧用品") or a contact's title in
		// brackets holds no sentence's word.
		{"zh", "祝好，陈丽 谢氏五金有限公司"},
		{"zh", "谢谢！陈丽（谢记陶瓷）"},
		{"zh", "谢谢，陈丽（联系人）"},
		{"zh", "祝好，陈丽，谢氏贸易"},
		{"zh", "祝好，陈丽 绍兴呢绒贸易"},
		{"zh", "祝好，陈丽 佛山市我乐家居有限公司"},
		{"zh", "谢谢，陈丽（我乐家居）"},
		{"zh", "祝好，陈丽 | 外贸部联系人"},
		// A closing right under the salutation is one, a sentence under it
		// or not.
		{"", "Best regards,\nWelcome to visit our factory!"},
		{"", "Thank you!\n{{.Owner.Name}}\nWelcome to visit our factory!"},
		// A thanks as the opener and a pleasantry that closes the mail.
		{"", "Thank you!\nHave a nice day!"},
		{"", "Many thanks!\nHave a great weekend!\nThe Foshan Lily team."},
		{"de", "Vielen Dank!\nEinen schönen Tag noch!"},
	} {
		guarded := "{{.Contact.Salutation}},\n{{with .Products}}here is what is new:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n" + c.below + "\n{{.Owner.Signature}}\n"
		name := heldWhenEmptied(t, c.lang, guarded, c.below)
		// No guard emptied it: it goes as written, with nothing but its
		// opening above the closing.
		bare := loadFiles(t, map[string]string{name: "subject: News\n--- text\n{{.Contact.Salutation}},\n\n" + c.below + "\n{{.Owner.Signature}}\n"})
		if part := templates.EmptiedPart(bare, name, true, true); part != "" {
			t.Errorf("%s %q: with no guard, held for %s", c.lang, c.below, part)
		}
	}
}

// A closing with her name typed after it, as the mail's last line with
// no signature field under it ("Thanks, Lily", "Best, Lily", "谢谢！陈丽"),
// closes the mail as "Best regards, Lily" does: the name is the
// signature. A mail its guard emptied is held; with its guard's words it
// goes, and so does a sentence there.
func TestSaysNothingTakesTheTypedNameOnTheLastLineAsSignature(t *testing.T) {
	for _, c := range []struct{ lang, closing string }{
		{"", "Thanks, Lily"}, {"", "Best, Lily"}, {"", "Cheers, Lily 🙂"}, {"", "Thank you, Lily Chen!"},
		{"", "Thanks, Lily, Sales Manager"}, {"zh", "谢谢！陈丽"}, {"zh", "谢谢，陈丽"}, {"de", "Danke, Lily"},
		{"es", "Gracias, Lily"}, {"", "Best regards, Lily"},
		// "敬上" right after the name, a compound surname after "！", a
		// surname in traditional script.
		{"zh", "祝好，陈丽 敬上"}, {"zh", "祝好，陈丽敬上"}, {"zh", "谢谢，陈丽谨上"}, {"zh", "谢谢！欧阳娜娜"},
		{"zh-TW", "謝謝！龍小華"}, {"zh-TW", "謝謝，萬美玲謹上"}, {"zh-TW", "謝謝！鮑偉"},
	} {
		heldWhenEmptied(t, c.lang, "{{.Contact.Salutation}},\n{{with .Products}}new:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n\n"+c.closing+"\n", c.closing)
	}
	for _, c := range []struct{ lang, body string }{
		{"", "Thanks for your order, we ship Monday."},
		{"", "Thanks, Lily will send the samples on Monday."},
		{"", "Thanks, see you soon"},
		{"", "Thanks, Lily - see you at the fair!"},
		{"zh", "谢谢，新年快乐！"},
		{"zh-TW", "謝謝！萬事如意"},
		{"zh", "谢谢！欧阳先生好"},
		{"", "Thanks"},
	} {
		if got, text := saysNothingOf(t, c.lang, "{{.Contact.Salutation}},\n\n"+c.body+"\n"); got {
			t.Errorf("%s %q: says nothing (text %q)", c.lang, c.body, text)
		}
	}
}

// A wish after a thanks, as the last line with no signature under it
// ("Grazie, Buona Pasqua!"), is words said, not a name typed after the
// closing: a mail its guard emptied still goes with the wish, in every
// language, as "Thanks, Happy Easter!" does. A name there is still one.
func TestSaysNothingKeepsAWishAfterAThanksOnTheLastLine(t *testing.T) {
	for _, c := range []struct{ lang, closing string }{
		{"", "Thanks, Happy Easter!"},
		{"it", "Grazie, Buona Pasqua!"},
		{"fr", "Merci, Joyeuses Pâques !"},
		{"fr", "Merci, Bonnes Fêtes"},
		{"fr", "Merci, Joyeuse Fête"},
		{"pt", "Obrigado, Boa Páscoa!"},
		{"de", "Danke, Fröhliche Weihnachten!"},
		{"de", "Danke, Schöne Feiertage!"},
		{"de", "Danke, Guten Rutsch!"},
		{"de", "Danke, Gesegnete Ostern!"},
		{"", "Thanks, Blessed Easter!"},
		{"fr", "Merci, Bon Week-End !"},
		{"de", "Danke, Schönen Feierabend!"},
		{"de", "Danke, Gutes Neues!"},
		{"es", "Gracias, Buen Viaje!"},
		{"es", "Gracias, Buenas Fiestas!"},
		{"it", "Grazie, Tanti Auguri!"},
		{"it", "Grazie, Felice Anno Nuovo!"},
		{"it", "Grazie, Felice Natale!"},
		{"it", "Grazie, Felice Pasqua!"},
		{"ru", "Спасибо, С Рождеством!"},
		{"", "Thanks, Stay Safe!"},
		{"", "Thanks, Talk Soon!"},
		{"", "Thanks, Enjoy The Weekend!"},
		{"nl", "Bedankt, Fijne Feestdagen!"},
	} {
		body := "Ciao {{.Contact.FirstName}},\n{{with .Products}}new:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n" + c.closing + "\n"
		if _, _, r := renderOf(t, c.lang, body, withoutProducts()); r.SaysNothing() {
			t.Errorf("%s %q: its guard emptied, the wish says nothing (text %q)", c.lang, c.closing, r.Text)
		}
	}
	for _, c := range []struct{ lang, closing string }{{"it", "Grazie, Marco"}, {"fr", "Merci, Marc Dubois"}, {"it", "Grazie, Felice"}, {"it", "Grazie, Felice Rossi"}} {
		heldWhenEmptied(t, c.lang, "Ciao {{.Contact.FirstName}},\n{{with .Products}}new:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n\n"+c.closing+"\n", c.closing)
	}
}

// With no closing, the block under the salesperson's own name is her
// signature, her name a Chinese one too, via the field or written by hand.
func TestSaysNothingTakesTheBlockUnderHerNameAsSignature(t *testing.T) {
	for _, name := range []string{"{{.Owner.Name}}", "陈丽"} {
		body := "{{.Contact.Salutation}}：\n{{with .Products}}新品推荐：\n{{range .}}{{.Name}}\n{{end}}{{end}}\n" + name + "\n佛山市莉莉贸易有限公司\n电话：0757-8888 6666\n"
		set := loadFiles(t, map[string]string{"t.zh.tmpl": "subject: 新品\n--- text\n" + body})
		d := templates.SampleData()
		d.Owner = templates.Owner{Name: "陈丽", Email: "lily@seller.example"}
		if r, err := set.Render("t", "zh", d); err != nil || r.SaysNothing() {
			t.Errorf("%q: with products, says nothing (%v, text %q)", name, err, r.Text)
		}
		d.Products = nil
		r, err := set.Render("t", "zh", d)
		if err != nil {
			t.Fatal(err)
		}
		if !r.SaysNothing() {
			t.Errorf("%q: emptied by its guard, not held (text %q)", name, r.Text)
		}
	}
}

// The editor's warning says what happens to such a customer's mail: a
// step is skipped for good and its sequence goes on, a greeting or letter
// is not sent; nothing waits for the template to be fixed.
func TestSaysNothingWarningSaysWhatHappens(t *testing.T) {
	for _, msg := range []string{templates.SaysNothingProductsMsg, templates.SaysNothingCompanyMsg} {
		if strings.Contains(msg, "is held") || !strings.Contains(msg, "the sequence goes on to its next step") ||
			!strings.Contains(msg, "a greeting or monthly letter is not sent") || !strings.Contains(msg, "above the closing") {
			t.Errorf("%q", msg)
		}
	}
}

// The customer's first name is taken out only as a word of its own: a
// name typed under the closing that starts with it (Emily to Emil, Alice
// to Ali) or a closing's word that does ("Danke" to Dan, "All the best"
// to Al) is read as it stands, so a mail its guard emptied is held; and a
// sentence with the name typed in it is said.
func TestSaysNothingTakesOutTheCustomersNameOnlyAsAWord(t *testing.T) {
	for _, c := range []struct{ lang, contact, email, closing string }{
		{"", "Emil Braun", "emil.braun@buyer.example", "Best regards, Emily, Sales Manager\n{{.Owner.Signature}}"},
		{"", "Emil Braun", "emil.braun@buyer.example", "Thanks, Emily"},
		{"", "Ali Hassan", "ali@buyer.example", "Best, Alice\n{{.Owner.Signature}}"},
		{"", "Chris Miller", "chris@buyer.example", "Best regards, Christina, Sales Manager"},
		{"", "Ann Lee", "ann.lee@buyer.example", "Thanks, Annie\n{{.Owner.Signature}}"},
		{"", "Al Brown", "al.brown@buyer.example", "All the best,\n{{.Owner.Signature}}"},
		{"de", "Dan Weber", "dan.weber@buyer.example", "Danke!\n{{.Owner.Signature}}"},
		{"de", "Dan Weber", "dan.weber@buyer.example", "Vielen Dank\n{{.Owner.Signature}}"},
		{"ru", "Лев Толстой", "lev@buyer.example", "Спасибо, Лева\n{{.Owner.Signature}}"},
		// The name itself is still taken out where it stands alone.
		{"", "Emil Braun", "emil.braun@buyer.example", "Best regards,\n{{.Owner.Signature}}\nCc: {{.Contact.FirstName}}"},
		{"zh", "王伟", "wangwei@buyer.example", "谢谢！\n{{.Owner.Signature}}"},
	} {
		d := withoutProducts()
		d.Contact = templates.NewContact(c.contact, c.email)
		_, _, r := renderOf(t, c.lang, "{{.Contact.Salutation}},\n{{with .Products}}new:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n\n"+c.closing+"\n", d)
		if !r.SaysNothing() {
			t.Errorf("%s %s %q: emptied by its guard, not held (text %q)", c.lang, c.contact, c.closing, r.Text)
		}
	}
	for _, c := range []struct{ lang, contact, email, body string }{
		{"", "Emil Braun", "emil.braun@buyer.example", "Thanks, Emily. The samples ship on Monday."},
		{"", "Emil Braun", "emil.braun@buyer.example", "Emily here: the samples ship on Monday."},
		{"", "Al Brown", "al.brown@buyer.example", "All prices hold until March.\n\nBest regards,"},
		{"de", "Dan Weber", "dan.weber@buyer.example", "Danke für Ihren Besuch auf der Messe.\n\nMit freundlichen Grüßen"},
		{"zh", "王伟", "wangwei@buyer.example", "王伟总，样品已寄出。\n\n祝商祺！"},
	} {
		d := templates.SampleData()
		d.Contact = templates.NewContact(c.contact, c.email)
		_, _, r := renderOf(t, c.lang, "{{.Contact.Salutation}},\n\n"+c.body+"\n{{.Owner.Signature}}\n", d)
		if r.SaysNothing() {
			t.Errorf("%s %s %q: says nothing (text %q)", c.lang, c.contact, c.body, r.Text)
		}
	}
}
