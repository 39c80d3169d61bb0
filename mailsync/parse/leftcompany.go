package parse

import (
	"regexp"
	"strings"
)

// leftCompany matches what an address's own auto-reply, or a colleague,
// writes when its person has left the company, in the languages export
// buyers write. A plain out-of-office never says these words.
var leftCompany = regexp.MustCompile(`(?i)` +
	`no longer (?:with|employed|works? (?:at|for|with)|part of|working (?:at|for|with))|(?:has|have) left (?:the|our) (?:company|organi[sz]ation|firm|business)|left (?:the|our) company|this (?:mailbox|e-?mail address|address) is no longer (?:monitored|in use|active)` +
	`|ya no (?:trabaja|labora|forma parte|está en la empresa|pertenece)|dejó (?:de trabajar|la empresa)|ha dejado la empresa` +
	`|não (?:trabalha|faz parte) mais|não está mais na empresa|deixou a empresa|já não (?:trabalha|faz parte)` +
	`|ne fait plus partie|a quitté (?:la société|l'entreprise|l’entreprise|notre société)|ne travaille plus` +
	`|nicht mehr (?:im unternehmen|in unserem unternehmen|für (?:uns|unser unternehmen) tätig|bei uns(?: beschäftigt| tätig)?)|hat (?:das|unser) unternehmen verlassen|ist ausgeschieden` +
	`|non (?:lavora|fa) più|ha lasciato l'azienda|ha lasciato l’azienda|non è più in azienda` +
	`|больше не работает|уволил(?:ся|ась)|не является сотрудником` +
	`|artık (?:çalışmamaktadır|çalışmıyor|şirketimizde değil)|şirketimizden ayrıl` +
	`|已离职|已經離職|已离开公司|已離開公司|不再任职|不再任職|不在本公司` +
	`|退職いたしました|退職しました|退社いたしました|退社しました` +
	`|퇴사하였습니다|퇴사했습니다|퇴사하여` +
	`|không còn làm việc|đã nghỉ việc` +
	`|tidak lagi bekerja|sudah tidak bekerja|telah keluar dari perusahaan|sudah resign` +
	`|لم يعد يعمل|لم تعد تعمل|غادر الشركة|غادرت الشركة|ترك العمل`)

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
