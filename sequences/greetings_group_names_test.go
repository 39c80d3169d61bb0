package sequences

import (
	"testing"

	"keepwarm"
	"keepwarm/templates"
)

// An opening that greets people by name and a group with them ("Hi Ute
// and team,", "尊敬的王总、李经理及各位：") still names them: sent as it is
// to those left after Ute or 李明 was dropped, it greets someone the mail
// no longer goes to. One that names nobody ("Dear all", "大家好") names
// nobody left out, as before.
func TestAGroupOpeningStillNamesThePeopleItGreets(t *testing.T) {
	wang := keepwarm.Address{Name: "王伟", Email: "wang@buyer.cn"}
	li := keepwarm.Address{Name: "李明", Email: "li@buyer.cn"}
	hans := keepwarm.Address{Name: "Hans Meier", Email: "hans@buyer.de"}
	ute := keepwarm.Address{Name: "Ute Vogel", Email: "ute@buyer.de"}
	team := keepwarm.Address{Email: "team@buyer.de"}
	lily := keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}
	wangT := keepwarm.Address{Name: "王偉", Email: "wang@buyer.tw"}
	liT := keepwarm.Address{Name: "李明", Email: "li@buyer.tw"}
	uteBare := keepwarm.Address{Email: "ute@buyer.de"}
	bill := keepwarm.Address{Name: "William Smith", Email: "bill@buyer.com"}
	juan := keepwarm.Address{Name: "Juan García", Email: "juan@buyer.es"}
	pedro := keepwarm.Address{Name: "Pedro López", Email: "pedro@buyer.es"}
	marco := keepwarm.Address{Name: "Marco Rossi", Email: "marco@buyer.it"}
	luca := keepwarm.Address{Name: "Luca Bianchi", Email: "luca@buyer.it"}
	joao := keepwarm.Address{Name: "João Silva", Email: "joao@buyer.br"}
	ivan := keepwarm.Address{Name: "Иван Петров", Email: "ivan@buyer.ru"}
	oleg := keepwarm.Address{Name: "Олег Смирнов", Email: "oleg@buyer.ru"}
	hansBare := keepwarm.Address{Email: "hans@buyer.de"}
	liBare := keepwarm.Address{Email: "li@buyer.cn"}
	lucaBare := keepwarm.Address{Email: "luca@buyer.it"}
	pedroBare := keepwarm.Address{Email: "pedro@buyer.es"}
	pietBare := keepwarm.Address{Email: "piet@buyer.nl"}
	maria := keepwarm.Address{Name: "Maria García", Email: "maria@buyer.es"}
	jan := keepwarm.Address{Name: "Jan de Vries", Email: "jan@buyer.nl"}
	mike := keepwarm.Address{Name: "Michael Brown", Email: "mike@buyer.com"}
	anna := keepwarm.Address{Name: "Anna Berg", Email: "anna@buyer.com"}
	somchai := keepwarm.Address{Name: "Somchai Srisuk", Email: "somchai@buyer.th"}
	purchasingBare := keepwarm.Address{Email: "purchasing@buyer.com"}
	donM := keepwarm.Address{Name: "Don Miller", Email: "don@buyer.com"}
	tom := keepwarm.Address{Name: "Tom Zhang", Email: "tom@buyer.cn"}
	lisa := keepwarm.Address{Name: "Lisa Wang", Email: "lisa@buyer.cn"}
	for _, c := range []struct {
		opening string
		to      []keepwarm.Address
		left    []keepwarm.Address
		want    bool
	}{
		{"尊敬的王总、李经理及各位：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, true},
		{"尊敬的王总、李经理和大家：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, true},
		{"Hi Ute and team,", []keepwarm.Address{hans, ute}, []keepwarm.Address{hans}, true},
		{"Hallo Ute und alle,", []keepwarm.Address{hans, ute}, []keepwarm.Address{hans}, true},
		// Traditional script, a title cjkAffixes did not list, a name
		// nobody's address carries: still the person dropped.
		{"尊敬的王總、李經理及各位：", []keepwarm.Address{wangT, liT}, []keepwarm.Address{wangT}, true},
		{"尊敬的王总、李工及各位：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, true},
		{"尊敬的王总、李主任及各位同事：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, true},
		{"尊敬的李經理及諸位：", []keepwarm.Address{wangT, liT}, []keepwarm.Address{wangT}, true},
		{"親愛的李經理及諸位：", []keepwarm.Address{wangT, liT}, []keepwarm.Address{wangT}, true},
		{"親愛的王總、李經理：", []keepwarm.Address{wangT, liT}, []keepwarm.Address{wangT}, true},
		{"Hi Ute and team,", []keepwarm.Address{hans, uteBare}, []keepwarm.Address{hans}, true},
		{"Hi Bill and team,", []keepwarm.Address{hans, bill}, []keepwarm.Address{hans}, true},
		// Joined by "und", "et": one of them nobody's name now.
		{"Hallo Hans und Ute,", []keepwarm.Address{hans, uteBare}, []keepwarm.Address{hans}, true},
		{"Bonjour Hans et Ute,", []keepwarm.Address{hans, uteBare}, []keepwarm.Address{hans}, true},
		// A step to a group address: the person it names is dropped.
		{"Hi Ute and team,", []keepwarm.Address{ute, team}, []keepwarm.Address{team}, true},
		// Who it names is still written to, or it names nobody.
		{"尊敬的王总及各位：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, false},
		{"Hi Hans and team,", []keepwarm.Address{hans, ute}, []keepwarm.Address{hans}, false},
		{"Hi team,", []keepwarm.Address{hans, ute}, []keepwarm.Address{hans}, false},
		{"Dear all,", []keepwarm.Address{hans, ute}, []keepwarm.Address{hans}, false},
		{"尊敬的各位领导：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, false},
		// Words beside a group word that name nobody ("the", "同事")
		// are not people greeted and left out.
		{"尊敬的王总及各位同事：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, false},
		{"尊敬的王总及各位领导：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, false},
		{"尊敬的王總及各位：", []keepwarm.Address{wangT, liT}, []keepwarm.Address{wangT}, false},
		{"尊敬的董经理及各位同事：", []keepwarm.Address{{Name: "董伟", Email: "dong@buyer.cn"}, li}, []keepwarm.Address{{Name: "董伟", Email: "dong@buyer.cn"}}, false},
		// The group words of other languages name nobody.
		{"Hola Juan y compañeros,", []keepwarm.Address{juan, pedro}, []keepwarm.Address{juan}, false},
		{"Ciao Marco e colleghi,", []keepwarm.Address{marco, luca}, []keepwarm.Address{marco}, false},
		{"Olá João e equipe,", []keepwarm.Address{joao, pedro}, []keepwarm.Address{joao}, false},
		{"Здравствуйте, Иван и коллеги!", []keepwarm.Address{ivan, oleg}, []keepwarm.Address{ivan}, false},
		{"Hallo Hans, hallo Kollegen,", []keepwarm.Address{hans, ute}, []keepwarm.Address{hans}, false},
		{"Bonjour Hans et l'équipe,", []keepwarm.Address{hans, ute}, []keepwarm.Address{hans}, false},
		// The name she calls someone still written to (a nickname, a
		// name the book does not know) with someone else dropped: it may
		// be theirs, so her opening stays.
		{"Hi Bill and team,", []keepwarm.Address{bill, ute}, []keepwarm.Address{bill}, false},
		{"Hi Hans and team,", []keepwarm.Address{hansBare, ute}, []keepwarm.Address{hansBare}, false},
		{"尊敬的李總及各位：", []keepwarm.Address{{Name: "David Lee", Email: "lee@buyer.tw"}, wangT}, []keepwarm.Address{{Name: "David Lee", Email: "lee@buyer.tw"}}, false},
		{"Hi Mike and team,", []keepwarm.Address{mike, anna}, []keepwarm.Address{mike}, false},
		// Neither the one left nor the one dropped has a name to tell
		// whom "Ute" is: rewritten rather than sent greeting someone gone.
		{"Hi Ute and team,", []keepwarm.Address{hansBare, uteBare}, []keepwarm.Address{hansBare}, true},
		// The rest of one person's name, a title, a company, a group
		// noun capitalised: nobody else greeted, even when the one dropped
		// has no name to tell them by.
		{"Dear Maria José and team,", []keepwarm.Address{maria, uteBare}, []keepwarm.Address{maria}, false},
		{"Gentile Dott. Rossi e colleghi,", []keepwarm.Address{marco, lucaBare}, []keepwarm.Address{marco}, false},
		{"Gentile Sig. Rossi e colleghi,", []keepwarm.Address{marco, lucaBare}, []keepwarm.Address{marco}, false},
		// Group nouns joined by en/und/e/y.
		{"Beste Jan en collega's,", []keepwarm.Address{jan, pietBare}, []keepwarm.Address{jan}, false},
		{"Olá João e pessoal,", []keepwarm.Address{joao, pedroBare}, []keepwarm.Address{joao}, false},
		{"Hallo Hans und Kolleginnen,", []keepwarm.Address{hans, uteBare}, []keepwarm.Address{hans}, false},
		{"Hallo Hans und Mitarbeiter,", []keepwarm.Address{hans, uteBare}, []keepwarm.Address{hans}, false},
		{"Hallo Hans und Vertriebsteam,", []keepwarm.Address{hans, uteBare}, []keepwarm.Address{hans}, false},
		{"Hola Juan y amigos,", []keepwarm.Address{juan, pedroBare}, []keepwarm.Address{juan}, false},
		{"Ciao Marco e colleghe,", []keepwarm.Address{marco, lucaBare}, []keepwarm.Address{marco}, false},
		{"Ciao Marco e ragazzi,", []keepwarm.Address{marco, lucaBare}, []keepwarm.Address{marco}, false},
		// ... while a second person named beside the group still counts.
		{"Dear Maria and Ute and team,", []keepwarm.Address{maria, uteBare}, []keepwarm.Address{maria}, true},
		{"Gentile Dott. Rossi e Sig. Bianchi e colleghi,", []keepwarm.Address{marco, lucaBare}, []keepwarm.Address{marco}, true},
		// Names joined by 和, 及, 与 with no punctuation; titles only the
		// templates knew; a company written before the name.
		{"尊敬的王总和李经理：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, true},
		{"尊敬的王總及李經理：", []keepwarm.Address{wangT, liT}, []keepwarm.Address{wangT}, true},
		{"尊敬的王总与李经理：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, true},
		{"尊敬的王总和李经理：", []keepwarm.Address{wang, li}, []keepwarm.Address{li}, true},
		{"尊敬的王总、李厂长及各位：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, true},
		{"尊敬的李厂长及各位：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, true},
		{"尊敬的华为王总及各位同事：", []keepwarm.Address{wang, liBare}, []keepwarm.Address{wang}, false},
		// A group noun after 和, 及, 与 is no one's name: the person
		// before it is still written to, or was dropped.
		{"尊敬的王总及同事们：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, false},
		{"尊敬的王總和團隊：", []keepwarm.Address{wangT, liT}, []keepwarm.Address{wangT}, false},
		{"尊敬的王經理及同事們：", []keepwarm.Address{wangT, liT}, []keepwarm.Address{wangT}, false},
		{"尊敬的李经理及同仁：", []keepwarm.Address{li, wang}, []keepwarm.Address{li}, false},
		{"尊敬的王总和贵司同事：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, false},
		{"尊敬的王总及同事们：", []keepwarm.Address{wang, li}, []keepwarm.Address{li}, true},
		{"尊敬的王总和贵司同事：", []keepwarm.Address{wang, li}, []keepwarm.Address{li}, true},
		// A titled name joined by 和, 及, 與 to words that name no one
		// (a department, "其团队", a group noun 與 used to hide): the
		// person is still greeted, whoever is dropped.
		{"尊敬的王总及采购部各位同事：", []keepwarm.Address{wang, li}, []keepwarm.Address{li}, true},
		{"尊敬的王总及贵司各位同事：", []keepwarm.Address{wang, li}, []keepwarm.Address{li}, true},
		{"尊敬的王总及其团队：", []keepwarm.Address{wang, li}, []keepwarm.Address{li}, true},
		{"尊敬的王總與各位同仁：", []keepwarm.Address{wangT, liT}, []keepwarm.Address{liT}, true},
		{"尊敬的王總與團隊：", []keepwarm.Address{wangT, liT}, []keepwarm.Address{liT}, true},
		{"尊敬的王总和采购部：", []keepwarm.Address{wang, li}, []keepwarm.Address{li}, true},
		{"尊敬的王总及采购部各位同事：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, false},
		{"尊敬的王总及贵司各位同事：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, false},
		{"尊敬的王总及其团队：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, false},
		{"尊敬的王總與各位同仁：", []keepwarm.Address{wangT, liT}, []keepwarm.Address{wangT}, false},
		{"尊敬的王總與團隊：", []keepwarm.Address{wangT, liT}, []keepwarm.Address{wangT}, false},
		{"尊敬的王总和采购部：", []keepwarm.Address{wang, li}, []keepwarm.Address{wang}, false},
		// Latin names joined by 和, 及 in a Chinese line are two people.
		{"亲爱的Tom和Lisa：", []keepwarm.Address{tom, lisa}, []keepwarm.Address{lisa}, true},
		{"亲爱的Tom和Lisa：", []keepwarm.Address{tom, lisa}, []keepwarm.Address{tom}, true},
		{"亲爱的Tom及李经理：", []keepwarm.Address{tom, li}, []keepwarm.Address{li}, true},
		{"亲爱的Tom及李经理：", []keepwarm.Address{tom, li}, []keepwarm.Address{tom}, true},
		// Japanese names with their titles, parted by 、.
		{"田中様、佐藤様：", []keepwarm.Address{{Name: "田中太郎", Email: "tanaka@buyer.jp"}, {Name: "佐藤花子", Email: "sato@buyer.jp"}}, []keepwarm.Address{{Name: "田中太郎", Email: "tanaka@buyer.jp"}}, true},
		{"田中部長、佐藤さん、", []keepwarm.Address{{Name: "田中太郎", Email: "tanaka@buyer.jp"}, {Name: "佐藤花子", Email: "sato@buyer.jp"}}, []keepwarm.Address{{Name: "佐藤花子", Email: "sato@buyer.jp"}}, true},
		// ... or by ・, と, a space, and Chinese 和 or 及 after a longer title.
		{"田中様・佐藤様：", []keepwarm.Address{{Name: "田中太郎", Email: "tanaka@buyer.jp"}, {Name: "佐藤花子", Email: "sato@buyer.jp"}}, []keepwarm.Address{{Name: "田中太郎", Email: "tanaka@buyer.jp"}}, true},
		{"田中様と佐藤様：", []keepwarm.Address{{Name: "田中太郎", Email: "tanaka@buyer.jp"}, {Name: "佐藤花子", Email: "sato@buyer.jp"}}, []keepwarm.Address{{Name: "田中太郎", Email: "tanaka@buyer.jp"}}, true},
		{"田中様 佐藤様：", []keepwarm.Address{{Name: "田中太郎", Email: "tanaka@buyer.jp"}, {Name: "佐藤花子", Email: "sato@buyer.jp"}}, []keepwarm.Address{{Name: "田中太郎", Email: "tanaka@buyer.jp"}}, true},
		// ... also when the book and the headers name them in Latin
		// letters, or not at all: two names, 佐藤 bounced, are no
		// opening for 田中 alone.
		{"田中様・佐藤様：", []keepwarm.Address{{Name: "Taro Tanaka", Email: "tanaka@buyer.jp"}, {Name: "Hanako Sato", Email: "sato@buyer.jp"}}, []keepwarm.Address{{Name: "Taro Tanaka", Email: "tanaka@buyer.jp"}}, true},
		{"田中様と佐藤様：", []keepwarm.Address{{Name: "Taro Tanaka", Email: "tanaka@buyer.jp"}, {Name: "Hanako Sato", Email: "sato@buyer.jp"}}, []keepwarm.Address{{Name: "Taro Tanaka", Email: "tanaka@buyer.jp"}}, true},
		{"田中様 佐藤様：", []keepwarm.Address{{Name: "Taro Tanaka", Email: "tanaka@buyer.jp"}, {Name: "Hanako Sato", Email: "sato@buyer.jp"}}, []keepwarm.Address{{Name: "Taro Tanaka", Email: "tanaka@buyer.jp"}}, true},
		{"田中様　佐藤様：", []keepwarm.Address{{Email: "tanaka@buyer.jp"}, {Email: "sato@buyer.jp"}}, []keepwarm.Address{{Email: "tanaka@buyer.jp"}}, true},
		{"田中様及び佐藤様：", []keepwarm.Address{{Email: "tanaka@buyer.jp"}, {Email: "sato@buyer.jp"}}, []keepwarm.Address{{Email: "tanaka@buyer.jp"}}, true},
		{"田中様と佐藤様：", []keepwarm.Address{{Name: "田中太郎", Email: "tanaka@buyer.jp"}, {Name: "佐藤花子", Email: "sato@buyer.jp"}}, []keepwarm.Address{{Name: "佐藤花子", Email: "sato@buyer.jp"}}, true},
		{"김 부장님 이 과장님,", []keepwarm.Address{{Email: "kim@buyer.kr"}, {Email: "lee@buyer.kr"}}, []keepwarm.Address{{Email: "kim@buyer.kr"}}, true},
		{"张经理和李经理：", []keepwarm.Address{{Name: "张伟", Email: "zhang@buyer.cn"}, li}, []keepwarm.Address{{Name: "张伟", Email: "zhang@buyer.cn"}}, true},
		{"張經理及李經理：", []keepwarm.Address{{Name: "張偉", Email: "zhang@buyer.tw"}, liT}, []keepwarm.Address{{Name: "張偉", Email: "zhang@buyer.tw"}}, true},
		// A family firm: the surname Anna Vogel shares with Hans, still
		// written to, does not make her greeting his.
		{"Dear Anna Vogel and team,", []keepwarm.Address{{Name: "Hans Vogel", Email: "hans@buyer.de"}, {Email: "anna@buyer.de"}}, []keepwarm.Address{{Name: "Hans Vogel", Email: "hans@buyer.de"}}, true},
		{"Liebe Anna Vogel und Team,", []keepwarm.Address{{Name: "Hans Vogel", Email: "hans@buyer.de"}, {Email: "anna@buyer.de"}}, []keepwarm.Address{{Name: "Hans Vogel", Email: "hans@buyer.de"}}, true},
		{"Dear Anna Vogel and team,", []keepwarm.Address{{Name: "Anna Vogel", Email: "anna@buyer.de"}, {Email: "hans@buyer.de"}}, []keepwarm.Address{{Name: "Anna Vogel", Email: "anna@buyer.de"}}, false},
		// An honorific before the given name ("Khun", "Pak", "Bu", "Don",
		// "Datuk") is no name: Somchai still written to is greeted, and the
		// nameless address dropped could not be him. So is a given name
		// the headers write as an initial ("H. Vogel").
		{"Dear Khun Somchai and team,", []keepwarm.Address{somchai, purchasingBare}, []keepwarm.Address{somchai}, false},
		{"Dear Pak Budi and team,", []keepwarm.Address{{Name: "Budi Santoso", Email: "budi@buyer.id"}, purchasingBare}, []keepwarm.Address{{Name: "Budi Santoso", Email: "budi@buyer.id"}}, false},
		{"Dear Bu Sari and team,", []keepwarm.Address{{Name: "Sari Wijaya", Email: "sari@buyer.id"}, purchasingBare}, []keepwarm.Address{{Name: "Sari Wijaya", Email: "sari@buyer.id"}}, false},
		{"Estimado Don Carlos y equipo,", []keepwarm.Address{{Name: "Carlos Ruiz", Email: "carlos@buyer.es"}, purchasingBare}, []keepwarm.Address{{Name: "Carlos Ruiz", Email: "carlos@buyer.es"}}, false},
		{"Dear Datuk Ahmad and team,", []keepwarm.Address{{Name: "Ahmad Razak", Email: "ahmad@buyer.my"}, purchasingBare}, []keepwarm.Address{{Name: "Ahmad Razak", Email: "ahmad@buyer.my"}}, false},
		{"Dear Hans Vogel and team,", []keepwarm.Address{{Name: "H. Vogel", Email: "hans@buyer.de"}, purchasingBare}, []keepwarm.Address{{Name: "H. Vogel", Email: "hans@buyer.de"}}, false},
		// ... the given name, not the first word of the name: a title
		// before it, a family name in capitals before or after it.
		{"Dear Pak Budi and team,", []keepwarm.Address{{Name: "Mr. Budi", Email: "budi@buyer.id"}, purchasingBare}, []keepwarm.Address{{Name: "Mr. Budi", Email: "budi@buyer.id"}}, false},
		{"Dear Khun Somchai and team,", []keepwarm.Address{{Name: "Somchai SRISUK", Email: "somchai@buyer.th"}, purchasingBare}, []keepwarm.Address{{Name: "Somchai SRISUK", Email: "somchai@buyer.th"}}, false},
		{"Estimado Don Carlos y equipo,", []keepwarm.Address{{Name: "RUIZ Carlos", Email: "carlos@buyer.es"}, purchasingBare}, []keepwarm.Address{{Name: "RUIZ Carlos", Email: "carlos@buyer.es"}}, false},
		{"Dear Datuk Ahmad and team,", []keepwarm.Address{{Name: "Datuk Ahmad Razak", Email: "ahmad@buyer.my"}, purchasingBare}, []keepwarm.Address{{Name: "Datuk Ahmad Razak", Email: "ahmad@buyer.my"}}, false},
		{"Dear Pak Budi Santoso and team,", []keepwarm.Address{{Name: "B. Santoso", Email: "budi@buyer.id"}, purchasingBare}, []keepwarm.Address{{Name: "B. Santoso", Email: "budi@buyer.id"}}, false},
		// ... while the person greeted is still the one dropped.
		{"Dear Khun Somchai and team,", []keepwarm.Address{somchai, purchasingBare}, []keepwarm.Address{purchasingBare}, true},
		{"Hi Don and team,", []keepwarm.Address{hans, {Email: "don@buyer.com"}}, []keepwarm.Address{hans}, true},
		// A word of the list is an honorific only before the name it
		// stands with, spaces alone between: "Don, Anna" greets Don.
		{"Dear Don, Anna,", []keepwarm.Address{donM, anna}, []keepwarm.Address{anna}, true},
		{"Hi Don, Anna and team,", []keepwarm.Address{donM, anna}, []keepwarm.Address{anna}, true},
		{"Hi Don / Anna,", []keepwarm.Address{donM, anna}, []keepwarm.Address{anna}, true},
		// After an honorific it is the given name that says who is
		// greeted: "Don Vogel" is not Hans Vogel, whatever Don is.
		{"Dear Don Vogel and team,", []keepwarm.Address{{Name: "Hans Vogel", Email: "hans@buyer.de"}, {Email: "don@buyer.de"}}, []keepwarm.Address{{Name: "Hans Vogel", Email: "hans@buyer.de"}}, true},
		// An initial is the given name's only at the start of the name,
		// and only when the rest of the name greeted is there too: "John
		// D. Smith" is no Dave, "H. Vogel" no Hans alone.
		{"Hi Dave and team,", []keepwarm.Address{{Email: "dave@buyer.com"}, {Name: "John D. Smith", Email: "john@buyer.com"}}, []keepwarm.Address{{Name: "John D. Smith", Email: "john@buyer.com"}}, true},
		{"Dear Hans and team,", []keepwarm.Address{{Email: "hans@buyer.de"}, {Name: "H. Vogel", Email: "heike@buyer.de"}}, []keepwarm.Address{{Name: "H. Vogel", Email: "heike@buyer.de"}}, true},
		{"Hi Mike and team,", []keepwarm.Address{{Email: "mike@buyer.com"}, {Name: "Hans M.", Email: "hans@buyer.com"}}, []keepwarm.Address{{Name: "Hans M.", Email: "hans@buyer.com"}}, true},
		// A team named by its company or its work is no one's name.
		{"Dear Sales Team,", []keepwarm.Address{hans, ute}, []keepwarm.Address{hans}, false},
		{"Hi Hans and Bosch team,", []keepwarm.Address{hans, ute}, []keepwarm.Address{hans}, false},
	} {
		text := c.opening + "\n\nplease find our quotation attached.\n\nBest regards,\nLily Chen"
		if got := templates.Opening(text); got == "" {
			t.Errorf("%q is not read as an opening", c.opening)
			continue
		}
		m := keepwarm.Message{From: lily, To: c.to, Contacts: c.to, Text: text}
		if got := greetsLeftOut(m, c.left, nil); got != c.want {
			names, joined, group := openingNames(templates.Opening(text))
			t.Errorf("greetsLeftOut(%q to %s, left %s) = %v, want %v (names %q, joined %v, group %v)",
				c.opening, addrList(c.to), addrList(c.left), got, c.want, names, joined, group)
		}
		// A group's opening is never the salesperson's own to one person.
		if namesOnly(templates.Opening(text), c.left[0].Name) {
			t.Errorf("namesOnly(%q, %q): a group's opening taken for one person's", c.opening, c.left[0].Name)
		}
	}
	// Nobody dropped: the mail went to a forwarder too, who is not the
	// customer's contact and gets no follow-up. "Hi Mike and team," to
	// Mike, whom the book calls Michael or nothing, is hers to keep.
	forwarder := keepwarm.Address{Email: "ops@forwarder.example"}
	for _, m := range []keepwarm.Address{mike, {Email: "mike@buyer.com"}, {Name: "Brown", Email: "mike@buyer.com"}} {
		text := "Hi Mike and team,\n\nplease find our quotation attached.\n\nBest regards,\nLily Chen"
		msg := keepwarm.Message{From: lily, To: []keepwarm.Address{m}, Cc: []keepwarm.Address{anna, forwarder},
			Contacts: []keepwarm.Address{m, anna}, Text: text}
		if greetsLeftOut(msg, []keepwarm.Address{m, anna}, nil) {
			t.Errorf("greetsLeftOut(%q to %s with a forwarder in Cc): a name of someone still written to taken for the forwarder's", "Hi Mike and team,", m)
		}
	}
	// Nor is an honorific before its person a name greeted: "Pak" and
	// "Bu" are no one still written to, nor anyone the forwarder could be.
	budiS := keepwarm.Address{Name: "Budi Santoso", Email: "budi@buyer.id"}
	sariW := keepwarm.Address{Name: "Sari Wijaya", Email: "sari@buyer.id"}
	for _, o := range []string{"Dear Pak Budi and Bu Sari,", "Dear Pak Budi, Bu Sari,", "Dear Capt. Budi and Capt. Sari,"} {
		text := o + "\n\nplease find our quotation attached.\n\nBest regards,\nLily Chen"
		msg := keepwarm.Message{From: lily, To: []keepwarm.Address{budiS, sariW}, Cc: []keepwarm.Address{forwarder},
			Contacts: []keepwarm.Address{budiS, sariW}, Text: text}
		if greetsLeftOut(msg, []keepwarm.Address{budiS, sariW}, nil) {
			names, joined, group := openingNames(templates.Opening(text))
			t.Errorf("greetsLeftOut(%q to %s with a forwarder in Cc): an honorific taken for someone left out (names %q, joined %v, group %v)", o, addrList(msg.To), names, joined, group)
		}
	}
	// "Capt." with its dot is an honorific too: Lim is still written to.
	{
		lim := keepwarm.Address{Name: "Lim Ah Kow", Email: "lim@buyer.sg"}
		text := "Dear Capt. Lim and team,\n\nplease find our quotation attached.\n\nBest regards,\nLily Chen"
		msg := keepwarm.Message{From: lily, To: []keepwarm.Address{lim, purchasingBare}, Contacts: []keepwarm.Address{lim, purchasingBare}, Text: text}
		if greetsLeftOut(msg, []keepwarm.Address{lim}, nil) {
			t.Errorf("greetsLeftOut(%q to %s, left %s): Capt. taken for someone dropped", "Dear Capt. Lim and team,", addrList(msg.To), lim)
		}
	}
	// Nor does a group noun after 和, 及 name anyone the forwarder could be.
	for _, o := range []string{"尊敬的王总及同事们：", "尊敬的王总和团队："} {
		text := o + "\n\n附件是我们的报价。\n\nLily"
		msg := keepwarm.Message{From: lily, To: []keepwarm.Address{wang}, Cc: []keepwarm.Address{forwarder},
			Contacts: []keepwarm.Address{wang}, Text: text}
		if greetsLeftOut(msg, []keepwarm.Address{wang}, nil) {
			t.Errorf("greetsLeftOut(%q to %s with a forwarder in Cc): a group noun taken for someone left out", o, wang)
		}
	}
	// A full Chinese name is not "a company and a surname": 张建华 does
	// not end with the surname of 华明, nor does a name of someone gone
	// stand for someone still written to through it.
	zhang := keepwarm.Address{Name: "张建华", Email: "zhang@buyer.cn"}
	zhangLatin := keepwarm.Address{Name: "Zhang Jianhua", Email: "zhang@buyer.cn"}
	hua := keepwarm.Address{Name: "华明", Email: "hua@buyer.cn"}
	for _, c := range []struct {
		opening  string
		to, left []keepwarm.Address
		cc       []keepwarm.Address
		want     bool
	}{
		{"尊敬的张建华先生：", []keepwarm.Address{zhang, hua}, []keepwarm.Address{zhang}, nil, false},
		{"尊敬的张建华先生：", []keepwarm.Address{zhang}, []keepwarm.Address{zhang}, []keepwarm.Address{{Name: "华明", Email: "hua@forwarder.example"}}, false},
		{"尊敬的张建华先生及各位同事：", []keepwarm.Address{zhangLatin, hua}, []keepwarm.Address{hua}, nil, true},
		{"尊敬的华为王总：", []keepwarm.Address{wang, li}, []keepwarm.Address{li}, nil, true},
	} {
		text := c.opening + "\n\n附件是我们的报价。\n\nLily"
		msg := keepwarm.Message{From: lily, To: c.to, Cc: c.cc, Contacts: c.to, Text: text}
		if got := greetsLeftOut(msg, c.left, nil); got != c.want {
			t.Errorf("greetsLeftOut(%q to %s cc %s, left %s) = %v, want %v", c.opening, addrList(c.to), addrList(c.cc), addrList(c.left), got, c.want)
		}
	}
	// Nor is her "尊敬的王晓林经理" to 王晓林 a greeting of 林涛 to reuse.
	if namesOnly("尊敬的王晓林经理", "林涛") || !namesOnly("尊敬的王晓林经理", "王晓林") {
		t.Errorf("namesOnly(%q): 林涛 %v, 王晓林 %v; want false, true", "尊敬的王晓林经理", namesOnly("尊敬的王晓林经理", "林涛"), namesOnly("尊敬的王晓林经理", "王晓林"))
	}
	// Nor is "Dear Don, Anna," Anna's own opening: it greets Don too.
	if namesOnly("Dear Don, Anna", "Anna Berg") {
		t.Errorf("namesOnly(%q, %q): an opening greeting Don too taken for Anna's own", "Dear Don, Anna", "Anna Berg")
	}
	// Her "尊敬的华为王总：" to 王伟 of 华为技术有限公司 is hers to reuse:
	// 华为 is the customer's name, not part of a given name.
	huawei := keepwarm.Customer{Name: "华为技术有限公司"}
	for _, c := range []struct {
		cust keepwarm.Customer
		name string
		want bool
	}{
		{huawei, "王伟", true},
		{keepwarm.Customer{Name: "平安保险"}, "王伟", false},
		{huawei, "李明", false},
	} {
		r := keepwarm.Recipient{Customer: c.cust, Contact: keepwarm.Contact{Name: c.name, Email: "wang@huawei.example"},
			OwnText: "尊敬的华为王总：\n\n新年快乐！\n\nLily", OwnGreeted: true, OwnAlone: true}
		if got := ownOpeningFor(r); got != c.want {
			t.Errorf("ownOpeningFor(%q to %s of %s) = %v, want %v", "尊敬的华为王总：", c.name, c.cust.Name, got, c.want)
		}
	}
	// 和 inside a given name after a one-character title (董) joins no
	// names: "董和平先生" is 董和平, whom the book writes "Dong Heping".
	dong := keepwarm.Address{Name: "Dong Heping", Email: "dong@buyer.cn"}
	text := "尊敬的董和平先生：\n\n附件是我们的报价。\n\nLily"
	msg := keepwarm.Message{From: lily, To: []keepwarm.Address{dong}, Cc: []keepwarm.Address{forwarder},
		Contacts: []keepwarm.Address{dong}, Text: text}
	if greetsLeftOut(msg, []keepwarm.Address{dong}, nil) {
		names, joined, _ := openingNames(templates.Opening(text))
		t.Errorf("greetsLeftOut(%q to %s with a forwarder in Cc) = true: a given name split (names %q, joined %v)", "尊敬的董和平先生：", dong, names, joined)
	}
	// Titled names joined by 和, 及, 与 with no punctuation are parted,
	// however many; a given name with 和 in it is not.
	for in, want := range map[string]string{
		"尊敬的王总和李经理和张工：": "尊敬的王总、李经理、张工：",
		"王總及李經理您好":      "王總、李經理您好",
		"尊敬的董和平先生：":     "尊敬的董和平先生：",
		"董和平先生和李经理":     "董和平先生、李经理",
		"王总和平安公司":       "王总 平安公司",
	} {
		if got := hanJoinCut(in); got != want {
			t.Errorf("hanJoinCut(%q) = %q, want %q", in, got, want)
		}
	}
	// The group marks taken out leave no name behind: "大家好" is not "好".
	for _, o := range []string{"大家好", "各位好", "您们好", "Hi all", "Hallo zusammen", "皆様", "皆さん", "諸位好"} {
		if names, _, group := openingNames(o); len(names) != 0 || !group {
			t.Errorf("openingNames(%q) = %q, group %v: want no name, a group", o, names, group)
		}
	}
	// A Japanese name is greeted with 様 or さん after it.
	if names, _, _ := openingNames("田中様、佐藤さん"); !namedIn(names, "佐藤") || !namedIn(names, "田中") {
		t.Errorf("openingNames(%q) = %q: want 田中 and 佐藤", "田中様、佐藤さん", names)
	}
}
