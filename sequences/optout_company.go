package sequences

import (
	"fmt"

	"keepwarm"
)

// companyOptOutWords ask for no more mail in the company's name ("please
// remove us from your mailing list", "no nos envíen más"): the customer as
// a whole is opted out, not only the address that wrote, so a colleague on
// the same mail gets no letter, greeting or follow-up step either. Read only
// in an answer optOutIn takes for an opt-out, so DefaultOptOutWords holds
// each (or a phrase it starts with), and read as optOutWording reads
// those: whole words, and only as the request itself (ambiguousOptOut).
var companyOptOutWords = []string{
	"remove us", "take us off", "unsubscribe us", "stop sending us", "stop emailing us", "opt us out",
	"remove our company", "remove our email", "remove our emails", "remove our address", "remove our addresses",
	"no nos envíen", "no nos envien", "dejen de enviarnos", "darnos de baja", "dennos de baja",
	"uns abmelden", "uns austragen", "keine e-mails mehr an uns", "keine emails mehr an uns",
	"отпишите нас", "не присылайте нам", "не пишите нам", "больше не пишите нам",
	"我们退订", "我們退訂", "不要再给我们发", "不要再給我們發", "请勿再给我们发", "請勿再給我們發", "别再给我们发", "別再給我們發",
}

// optOutForCompany says whether an answer's opt-out wording asks in the
// company's name (see companyOptOutWords).
func optOutForCompany(subject, snippet string) bool {
	text, mine := optOutText(subject, snippet)
	return optOutMatch(text, mine, companyOptOutWords, true)
}

// companyOptOutReason is the customer's opt-out reason when from asked for
// the whole company in an answer to via ("a follow-up").
func companyOptOutReason(from, via string) string {
	return fmt.Sprintf("%s asked for the whole company in an answer to %s", from, via)
}

// answerOptOut reads an answer to a mail followed up (subject: its own
// words of the subject, ownSubject) for opt-out wording: ok false when it
// asks for none; else the opt-out to record, the company's too when it
// asks in the company's name (the sender's company, which may not be the
// one followed up: a buyer's agent on Cc), and what the follow-up says
// ("asked for no more mail: hans@…, for the whole company (…)").
func answerOptOut(ev keepwarm.FollowUpEvent, subject string, words []string) (o keepwarm.OptOut, reason string, ok bool) {
	if !optOutIn(subject, ev.Snippet, words) {
		return keepwarm.OptOut{}, "", false
	}
	reason = keepwarm.OptedOutByDetail(ev.FromEmail)
	o = keepwarm.OptOut{Email: ev.FromEmail, MessageID: ev.ID, Reason: "answer with opt-out wording"}
	if ev.CustomerID != 0 && optOutForCompany(subject, ev.Snippet) {
		o.CustomerID, o.CompanyReason = ev.CustomerID, companyOptOutReason(ev.FromEmail, "a follow-up")
		reason += ", for the whole company (" + o.CompanyReason + ")"
	}
	return o, reason, true
}
