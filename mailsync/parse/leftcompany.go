package parse

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// leftCompanyWords are the alternatives of leftCompany, which it matches
// case-insensitively.
const leftCompanyWords = `no longer (?:with|employed|works? (?:at|for|with)|part of (?:the |our )?(?:company|organi[sz]ation|firm|business)|working (?:at|for|with))|(?:has|have) left (?:the|our) (?:company|organi[sz]ation|firm|business)|left (?:the|our) company|this (?:mailbox|e-?mail address|address) is no longer (?:monitored|in use|active)` +
	`|ya no (?:trabaja|labora) (?:en|para|con)\b|ya no (?:forma parte de|pertenece a) (?:la|nuestra) empresa|ya no está en la empresa|dejó (?:de trabajar|la empresa)|ha dejado la empresa` +
	`|não trabalha mais (?:na|em|para|conosco)\b|não faz mais parte d[aoe] (?:empresa|equipe|nossa empresa|nosso quadro)|não está mais na empresa|deixou a empresa|já não trabalha (?:na|em|para|conosco)\b|já não faz parte d[ao] (?:empresa|nossa empresa)` +
	`|ne fait plus partie (?:de (?:la société|l'entreprise|l’entreprise|notre société|nos effectifs|notre entreprise)|des effectifs|du personnel)|a quitté (?:la société|l'entreprise|l’entreprise|notre société)|ne travaille plus (?:chez|pour|dans|au sein|avec nous|à la société)` +
	`|nicht mehr (?:im unternehmen|in unserem unternehmen|für (?:uns|unser unternehmen) tätig|bei uns(?: beschäftigt| tätig)?)|hat (?:das|unser) unternehmen verlassen|ist ausgeschieden` +
	`|non lavora più (?:per|presso|con|in|nella|nell|alla|da)\b|non fa più parte (?:dell'azienda|dell’azienda|della società|del personale|della nostra)|ha lasciato l'azienda|ha lasciato l’azienda|non è più in azienda` +
	`|больше не работает (?:в|у|с)\s|уволил(?:ся|ась)|не является сотрудником` +
	`|artık (?:çalışmamaktadır|çalışmıyor|şirketimizde değil)|şirketimizden ayrıl` +
	`|已离职|已經離職|已离开公司|已離開公司|不再任职|不再任職|不在本公司` +
	`|退職いたしました|退職しました|退社いたしました|退社しました` +
	`|퇴사하였습니다|퇴사했습니다|퇴사하여` +
	`|không còn làm việc|đã nghỉ việc` +
	`|tidak lagi bekerja|sudah tidak bekerja|telah keluar dari perusahaan|sudah resign` +
	`|لم يعد يعمل|لم تعد تعمل|غادر الشركة|غادرت الشركة|ترك العمل`

// leftCompany matches what an address's own auto-reply, or a colleague,
// writes when its person has left the company, in the languages export
// buyers write. A plain out-of-office never says these words.
var leftCompany = regexp.MustCompile(`(?i)` + leftCompanyWords)

// leftCompanyKeys are words one of which every alternative of leftCompany
// holds (TestLeftCompanyKeys checks it): a text without any of them, in
// lower case, cannot match, and most automatic replies are ruled out without
// running the regular expression, whose cost grows with its many
// alternatives at every byte of the text.
var leftCompanyKeys = []string{
	"longer", "left", "ya no", "dejó", "dejado", "não", "deixou", "plus", "quitté",
	"nicht mehr", "verlassen", "ausgeschieden", "più", "lasciato",
	"больше не", "уволил", "не является", "artık", "ayrıl",
	"离职", "離職", "离开公司", "離開公司", "不再任", "不在本公司", "退職", "退社", "퇴사",
	"không còn", "nghỉ việc", "tidak lagi", "sudah tidak", "keluar dari", "resign",
	"لم يعد", "لم تعد", "غادر", "ترك العمل",
}

// leftCompanyNamed matches the short forms that name no company word:
// "ya no trabaja aquí", "ne travaille plus ici", "non lavora più qui",
// "não trabalha mais aqui", "больше не работает здесь", "no longer works
// here", and "no longer part of" (or "ne fait plus partie de", "non fa
// più parte di", "não faz mais parte da", "ya no forma parte de")
// followed by a capitalised name, the company's ("ACME Trading"). Every
// alternative holds one of leftCompanyKeys. What follows a match must not
// be a weekday or a team (leftCompanyNotLeft): "ne travaille plus ici le
// mercredi", "no longer part of Export Team".
var leftCompanyNamed = regexp.MustCompile(`(?i)(?:ya no (?:trabaja|labora) (?:aquí|aqui|acá)|ne travaille plus ici|non lavora più qui|não trabalha mais aqui|já não trabalha aqui|больше не работает здесь|no longer (?:works?|working) here)(?:[^\p{L}\p{N}]|$)` +
	`|(?:no longer part of|ne fait plus partie (?:de |d'|d’)|non fa più parte (?:di |del |della |dell'|dell’)|não faz mais parte d[aoe] |já não faz parte d[aoe] |ya no (?:forma parte|pertenece) (?:de|a) (?:la )?)\s*(?-i:\p{Lu})`)

// leftCompanyNotLeft is what, right after a leftCompanyNamed match, says
// the person is still there: a weekday, or a team or department.
var leftCompanyNotLeft = regexp.MustCompile(`(?i)^[^.;:!?\n]{0,40}?(?:\b(?:team|department|dept|division|group|équipe|equipe|service|équipe|equipo|departamento|squadra|reparto|ufficio|setor|отдел|команд)` +
	`|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo` +
	`|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|segunda|terça|quarta|quinta|sexta|понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)`)

// saysLeftCompany is leftCompany.MatchString, or a leftCompanyNamed match
// not followed by a weekday or a team, skipping the regular expressions
// when no key word is in the text.
func saysLeftCompany(text string) bool {
	lower := strings.ToLower(text)
	for _, k := range leftCompanyKeys {
		if strings.Contains(lower, k) {
			if leftCompany.MatchString(text) {
				return true
			}
			for _, loc := range leftCompanyNamed.FindAllStringIndex(text, -1) {
				// From the match's last character: the capital that
				// starts the name, or what ends the short form.
				_, n := utf8.DecodeLastRuneInString(text[:loc[1]])
				if !leftCompanyNotLeft.MatchString(text[loc[1]-n:]) {
					return true
				}
			}
			return false
		}
	}
	return false
}

var emailInText = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)

// successor is the first address in text that is neither the sender's nor
// the team's: the new contact an "I have left, please contact X" names.
func (t *Team) successor(text, from string) string {
	for _, a := range emailInText.FindAllString(text, -1) {
		a = strings.ToLower(strings.TrimRight(a, "."))
		if a != strings.ToLower(from) && !t.IsTeam(a) {
			return a
		}
	}
	return ""
}
