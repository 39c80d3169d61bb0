package store

import (
	"database/sql/driver"
	"maps"
	"regexp"
	"slices"
	"strings"

	"keepwarm"
)

// unseenAnswers finds, among the inbound mail of the threads being measured
// (threads: where each thread starts in mail, then len(mail)), the
// customer's mail that answers mail of the team's keepwarm never saw (sent
// from a phone app that keeps no Sent copy, or from a mailbox not synced),
// and sets its threadMail.unseenFor to the customer's message in the
// thread that unseen mail followed: measureThread then takes that message,
// and the customer's mail before it still waiting, as answered before the
// customer's mail arrived, at a time not known.
//
// The customer's own headers are the evidence, and all of it must hold
// (when unsure, nothing is inferred):
//   - In-Reply-To names exactly one Message-ID, and keepwarm holds no mail
//     of that id (stored, or sent by keepwarm itself);
//   - References names the customer's message it followed, still waiting
//     when the customer wrote (no answer seen before), and names it before
//     the unknown id;
//   - every To address is one the team's mail to customers was sent from:
//     a reply goes To the writer of the mail it answers, so that writer is
//     on the team (a reply to a colleague of the customer's, with the team
//     in Cc, or To the colleague and the team, is not taken);
//   - its subject is not that of an answer to an automatic answer ("RE:
//     Automatic reply: …", "Re: Auto: …"): the team's out-of-office, which
//     no Sent folder keeps, is no answer;
//   - what it quotes of the unknown mail does not read as an automatic
//     answer (quotesAutomatic): the team's automatic receipt ("Thank you,
//     we have received your inquiry", from a server rule, a helpdesk or a
//     CRM), which no Sent folder keeps either and whose subject may be
//     anything, is no answer; and its text has been read (not
//     TextPending): until then nothing is inferred;
//   - no one in To was away around it: no absence entered on the desk for
//     them overlaps the time from the mail followed to the customer's, and
//     no backup was nudged for them about the mail followed or any mail
//     still waiting before it (the run's holder, which the nudge is about)
//     (an out-of-office that keeps the original subject is then likelier);
//   - the unknown id's domain is none of the customer's own Message-IDs'
//     (in the thread) nor its sender's address's: the customer answering a
//     mail of its own that keepwarm did not store (caught as spam) is not
//     taken for the team's answer. A Message-ID's domain does not say the
//     team wrote it (phone apps use their own), only, when it is the
//     customer's, that the customer may have.
func unseenAnswers(tx *batchTx, mail []threadMail, threads []int) error {
	type candidate struct {
		b, start, end int   // index in mail, its thread's bounds
		waiting       []int // the customer's mail still waiting when b came, by index in the thread
	}
	var cands []candidate
	var ids []int64
	var replies []int
	for k := 0; k+1 < len(threads); k++ {
		start, end := threads[k], threads[k+1]
		thread := mail[start:end]
		if !slices.ContainsFunc(thread, func(m threadMail) bool { return m.inbound }) {
			continue
		}
		replies = threadAnswers(thread, slices.Grow(replies[:0], len(thread))[:len(thread)])
		for b := range thread {
			if !thread[b].inbound || thread[b].messageID == "" {
				continue
			}
			var waiting []int
			for a := range b {
				if waitingAt(thread, replies, a, b) {
					waiting = append(waiting, a)
				}
			}
			if len(waiting) > 0 {
				cands = append(cands, candidate{start + b, start, end, waiting})
				ids = append(ids, thread[b].id)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	type headers struct{ inReplyTo, refs, to, from, subject string }
	read := map[int64]headers{}
	err := tx.eachIn("replies-unseen-headers", ids, func(row []driver.Value) error {
		read[integer(row[0])] = headers{inReplyTo: text(row[1]), refs: text(row[2]), to: text(row[3]), from: text(row[4]), subject: text(row[5])}
		return nil
	})
	if err != nil {
		return err
	}
	var finds []evidence
	unknown, to := map[string]bool{}, map[string]bool{}
	for _, c := range cands {
		h, ok := read[mail[c.b].id]
		if !ok || keepwarm.AnswersAutomatic(h.subject) {
			continue // an answer to an out-of-office: no answer of ours
		}
		f, ok := unseenEvidence(mail[c.start:c.end], c.b-c.start, c.waiting, h.inReplyTo, h.refs, h.to, h.from)
		if !ok {
			continue
		}
		f.b += c.start
		finds = append(finds, f)
		unknown[f.unknown] = false
		for _, a := range f.to {
			to[a] = false
		}
	}
	if len(finds) == 0 {
		return nil
	}
	err = tx.eachIn("replies-held-ids", slices.Sorted(maps.Keys(unknown)), func(row []driver.Value) error {
		unknown[text(row[0])] = true
		return nil
	})
	if err != nil {
		return err
	}
	err = tx.eachIn("replies-team-senders", slices.Sorted(maps.Keys(to)), func(row []driver.Value) error {
		to[text(row[0])] = true
		return nil
	})
	if err != nil {
		return err
	}
	// Whoever the customer wrote To who was away around his mail: an
	// out-of-office of theirs (one whose subject is the original's, which
	// no Sent folder keeps) is then the likelier unknown mail.
	type span struct{ from, until int64 }
	away := map[string][]span{}
	err = tx.eachIn("replies-team-absences", slices.Sorted(maps.Keys(to)), func(row []driver.Value) error {
		away[text(row[0])] = append(away[text(row[0])], span{integer(row[1]), integer(row[2])})
		return nil
	})
	if err != nil {
		return err
	}
	// A backup nudged about any mail the inference would mark, not only
	// the mail followed: the nudge went about the run's holder, and the
	// out-of-office may answer a later mail of the run.
	var marked []int64
	for _, f := range finds {
		marked = append(marked, f.marked...)
	}
	slices.Sort(marked)
	covered := map[int64][]string{}
	err = tx.eachIn("replies-covered-ids", slices.Compact(marked), func(row []driver.Value) error {
		covered[integer(row[0])] = append(covered[integer(row[0])], text(row[1]))
		return nil
	})
	if err != nil {
		return err
	}
	absent := func(f evidence) bool {
		for _, a := range f.to {
			for _, id := range f.marked {
				if slices.Contains(covered[id], a) {
					return true
				}
			}
			for _, s := range away[a] {
				if s.from < mail[f.b].receivedAt && s.until > f.followedAt {
					return true
				}
			}
		}
		return false
	}
	var sure []evidence
	var texts []int64
	for _, f := range finds {
		if unknown[f.unknown] || slices.ContainsFunc(f.to, func(a string) bool { return !to[a] }) || absent(f) {
			continue
		}
		sure = append(sure, f)
		texts = append(texts, mail[f.b].id, f.followed)
	}
	if len(sure) == 0 {
		return nil
	}
	// Last, the words of the few left: what the customer quotes of the
	// unknown mail, and the subject of the mail he followed. Its text not
	// read yet, nothing is inferred until it is (backfill-fill marks the
	// thread to be measured again); a text that can never be read (its
	// copies gone from the server or refused by it) shows nothing of the
	// unknown mail, and nothing is inferred.
	type said struct {
		pending          bool // its text not read yet, or never to be read
		snippet, subject string
	}
	texts = slices.Compact(slices.Sorted(slices.Values(texts)))
	words := map[int64]said{}
	err = tx.eachIn("replies-unseen-texts", texts, func(row []driver.Value) error {
		words[integer(row[0])] = said{integer(row[1]) != 0, text(row[2]), text(row[3])}
		return nil
	})
	if err != nil {
		return err
	}
	for _, f := range sure {
		b, ok := words[mail[f.b].id]
		followed, ok2 := words[f.followed]
		if !ok || !ok2 || b.pending {
			continue
		}
		// A phone's answer keeps the subject of the mail it answers (with
		// "Re:" before it); a program's receipt carries its own ("Thank
		// you for your inquiry"), which the customer's answer then shows.
		if answerSubjectKey(b.subject) != answerSubjectKey(followed.subject) ||
			quotesAutomatic(b.snippet, answerSubjectKey(followed.subject), ownAddress(f.from, f.to, tx.db.freeMail)) {
			continue
		}
		mail[f.b].unseenFor = f.followed
		if len(f.to) == 1 {
			mail[f.b].unseenTo = strings.ToLower(f.to[0])
		}
	}
	return nil
}

// answerSubjectKey is subject s without the gateways' tags, reply and forward
// markers and counters it starts with ("[EXTERNAL] RE: AW: [2] x"), its
// white space collapsed, lower-case: the subjects of a mail and of an
// answer to it have one key.
func answerSubjectKey(s string) string {
	s = strings.TrimSpace(s)
	for {
		n, _ := keepwarm.SubjectMarkerLen(s)
		if n < 0 {
			n = keepwarm.SubjectCounterLen(s)
		}
		if n < 0 {
			n = keepwarm.SubjectTagLen(s)
		}
		if n < 0 {
			break
		}
		s = strings.TrimSpace(s[n:])
	}
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// quoteMarks are the "> " marks of quoted lines left in a snippet (whose
// line breaks are gone), with the space around them.
var quoteMarks = regexp.MustCompile(`(?:\s*>)+\s+`)

// saysAutomatic are the words by which a mail says itself that it is
// automatic: an automatic reply in the languages responders write it.
// A person's mail does not say them of itself.
var saysAutomatic = regexp.MustCompile(`(?i)automatic(?:ally)? (?:reply|response|generated)|auto-?reply|this is an auto|autoresponder` +
	`|automatische antwort|respuesta automática|resposta automática|réponse automatique|risposta automatica|автоответ|自动回复|自動回覆|自动答复|自動返信|自動応答|자동\s?(?:회신|응답)`)

// quotesAutomatic says the mail a customer's snippet answers, as he
// quotes it (answeredText), reads as an automatic answer of the team's,
// which no Sent folder keeps either: a customer answering one has
// answered no answer. It is one when it is a form's or filter's words or
// says itself it is automatic; when it says an out-of-office's sentence
// (quotedAbsence: "I am on holiday until 10 January"); and when it reads
// as a receipt (quotedReceipt: "Thank you, we have received your
// inquiry", "来信已收悉"). Whatever else it says: no price, offer or
// figure in it, and nothing of where the customer wrote (above the
// quote, under it, inside it), makes it hers. Her answer from her phone
// that opens with a receipt's words and quotes a price ("来信已收悉，报价
// 如下：USD 4.90。") is refused too: his own lines, written under or inside
// the quote or under a header line no rule reads whole, cannot be told
// from hers, and a wrong inference hides a waiting customer where a
// wrong refusal costs a nudge she clears. The everyday words of
// readsAutomatic ("I will call you back on Monday", "our factory is on
// holiday") are not read: they are an answer.
//
// With no quote found, subject is the key (answerSubjectKey) of the mail
// followed and own says which addresses are the customer's (ownAddress):
// see unreadQuoteAt.
func quotesAutomatic(snippet, subject string, own func(string) bool) bool {
	quoted := answeredText(snippet)
	if strings.TrimSpace(quoted) == "" {
		// No quote found: the customer quoted nothing, or quoted under a
		// line or header block no rule knows (Outlook in Korean, "보낸
		// 사람: … 제목: …" with no "> " marks; an HTML-only mail's "… Lily
		// <lily@…>:"), whose words are then read as his own. A trace of
		// such a quote (an address not his, an attribution's end) refuses
		// (a nudge she clears, where a wrong inference hides a waiting
		// customer); a receipt's words refuse from the first trace or the
		// subject repeated in a header block on, not in his own lines
		// above it ("We have received your email, please send the PI.",
		// "样品已收悉，请发PI。" are his); an out-of-office's words
		// anywhere.
		at, address := unreadQuoteAt(snippet, subject, own)
		if address {
			return true
		}
		return keepwarm.ReadsHeld(snippet) || saysAutomatic.MatchString(snippet) || quotedAbsence.MatchString(snippet) ||
			at >= 0 && quotedReceipt.MatchString(snippet[at:])
	}
	return keepwarm.ReadsHeld(quoted) || saysAutomatic.MatchString(quoted) || quotedAbsence.MatchString(quoted) ||
		quotedReceipt.MatchString(quoted)
}

// unreadAddress are the e-mail addresses of a snippet where no quote was
// found: the attribution's "Lily <lily@team.example>:", the header
// block's "보낸 사람: Lily <lily@team.example>", or the customer's own in
// his signature.
var unreadAddress = regexp.MustCompile(`[^\s<>@:()\[\]]+@[^\s<>@:()\[\]]+\.[^\s<>@:()\[\]]+`)

// unreadAttribution are the ends of attribution lines the lists do not
// hold ("님이 작성:", "のメール:"): a quote starts there.
var unreadAttribution = regexp.MustCompile(`님이 작성\s*[:：]|のメール\s*[:：]`)

// unreadQuoteAt is where, in a snippet with no quote found, a quote no
// rule opens starts (-1: none seen) and whether it shows by an address
// not the customer's own (own: his From, or one at his own domain that
// is not the team's) or an attribution's end (address true: nothing is
// inferred). Else it starts where subject, the mail followed's, is
// repeated in a header block ("Subjek: RE: Quotation for pumps"): his
// own lines are above it.
func unreadQuoteAt(snippet, subject string, own func(string) bool) (int, bool) {
	for _, loc := range unreadAddress.FindAllStringIndex(snippet, -1) {
		if !own(strings.Trim(snippet[loc[0]:loc[1]], ".,;。，；")) {
			return loc[0], true
		}
	}
	if unreadAttribution.MatchString(snippet) {
		return 0, true
	}
	if subject == "" {
		return -1, false
	}
	words := strings.Fields(subject)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	if loc := regexp.MustCompile(`(?i)` + strings.Join(words, `\s+`)).FindStringIndex(snippet); loc != nil {
		return loc[0], false
	}
	return -1, false
}

// ownAddress says which addresses in a snippet are the customer's own,
// from his From: that address, or one at its domain unless the team's
// addresses he wrote To (to) share the domain (a team and a customer
// both at gmail.com) or it is free mail (free, the team's rule; nil for
// none): at gmail.com or 163.com another address (a forwarder's, the
// salesperson's personal mailbox) is not his.
func ownAddress(from string, to []string, free func(domain string) bool) func(string) bool {
	from = strings.ToLower(strings.TrimSpace(from))
	d := addrDomain(from)
	if d != "" && free != nil && free(d) {
		d = ""
	}
	for _, a := range to {
		if addrDomain(strings.ToLower(a)) == d {
			d = ""
		}
	}
	return func(a string) bool {
		a = strings.ToLower(a)
		return a == from || d != "" && addrDomain(a) == d
	}
}

// quotedAbsence are the sentences only an out-of-office writes, tied to
// its writer and a time ("I am out of the office until 10 January", "I am
// on holiday until …", "I'm currently on leave and will return on …",
// "away from the office", "on my return", "limited email access",
// "Abwesenheitsnotiz", "Ich bin bis zum 10.01.2027 im Urlaub", "我这几天在
// 出差", "本人于12月20日至1月10日休假"): the team's responder that keeps
// the original subject, which no Sent folder keeps either. Not the
// everyday words people write in an answer ("back in stock", "our factory
// is on holiday", "我们工厂春节休假", "I am travelling to Canton Fair"):
// those stay an answer.
var quotedAbsence = regexp.MustCompile(`(?i)out of (?:the )?office|away from (?:the |my )?(?:office|desk)|on (?:annual|parental|maternity|paternity|sick) leave` +
	`|limited (?:e-?mail )?access|no access to (?:my |the )?e-?mails?|(?:on|upon|after) my return` +
	`|(?:i will|i[’']ll) be back (?:in the office )?(?:on|until|by) (?:\d|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)` +
	`|\b(?:i am|i[’']m|i will be|i[’']ll be)(?: currently| now)? (?:out|away|on (?:holiday|leave|vacation|a business trip)|travell?ing)\b[^!?。]{0,40}(?:until|till|through|back on|return)` +
	`|abwesenheitsnotiz|nicht im büro|\b(?:bin|befinde mich)\b[^!?]{0,30}(?:abwesend|im urlaub|außer haus|nicht erreichbar|auf (?:geschäfts|dienst)reise)|keinen zugriff auf (?:meine )?e-?mails` +
	`|(?:我|本人)(?:[^们司方厂公国，。！,][^，。！,]{0,15})?(?:休假|出差)|休假中|出差中|不在办公室|不在辦公室|自动回复|自動回覆`)

// quotedReceipt are the words of the team's own receipt, as a customer
// quotes it (keepwarm.QuotedReceiptWords, read here only).
var quotedReceipt = regexp.MustCompile(`(?i)` + keepwarm.QuotedReceiptWords)

// answeredText is the text of the mail a customer's snippet answers, as
// he quotes it: after his own words (keepwarm.OwnSnippet), past the line
// or header block that opens the quote, up to the next one (the mail that
// mail answered in turn) or to a deeper "> " level, its "> " marks gone,
// at most 1200 runes. The mail quoted further down is older: a receipt
// the customer answered before, his own mail.
func answeredText(snippet string) string {
	q := skipQuoteOpening(snippet[len(keepwarm.OwnSnippet(snippet)):])
	depth := 0
	if m := leadingMarks.FindString(q); m != "" {
		depth = strings.Count(m, ">")
		q = q[len(m):]
	}
	if depth > 0 {
		for _, loc := range quoteMarks.FindAllStringIndex(q, -1) {
			if strings.Count(q[loc[0]:loc[1]], ">") > depth {
				q = q[:loc[0]]
				break
			}
		}
	}
	q = skipQuoteOpening(quoteMarks.ReplaceAllString(q, " "))
	// The opening skipped, the next quote marker or header block opens
	// the mail answered before.
	return keepwarm.Clip(keepwarm.OwnSnippet(q), 1200)
}

// leadingMarks are the "> " marks a quote starts with.
var leadingMarks = regexp.MustCompile(`^(?:\s*>)+\s*`)

// skipQuoteOpening is s without the separator, the end of the
// attribution line ("wrote:") or the first label of the header block
// ("From:") it starts with, so that keepwarm.OwnSnippet finds the next.
func skipQuoteOpening(s string) string {
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		lower := keepwarm.LowerInPlace(s)
		n := 0
		for _, m := range quoteOpenings {
			if strings.HasPrefix(lower, m) && len(m) > n {
				n = len(m)
			}
		}
		if n == 0 {
			return s
		}
		s = s[n:]
	}
}

// quoteOpenings are the separators, attribution ends and Outlook "From"
// labels a quote opens with, lower-case, without the space around them.
var quoteOpenings = func() []string {
	var out []string
	for _, m := range slices.Concat(keepwarm.QuoteMarkers(), keepwarm.OutlookFrom) {
		if m = strings.TrimSpace(m); m != "" {
			out = append(out, m)
		}
	}
	return out
}()

// waitingAt says whether thread[a] is an inbound message of thread[b]'s
// customer that arrived before it and had no answer seen before it, in the
// thread (replies: threadAnswers) or elsewhere.
func waitingAt(thread []threadMail, replies []int, a, b int) bool {
	ma, mb := &thread[a], &thread[b]
	if !ma.inbound || ma.customerID != mb.customerID || ma.receivedAt >= mb.receivedAt {
		return false
	}
	if r := replies[a]; r >= 0 && thread[r].receivedAt < mb.receivedAt {
		return false
	}
	return ma.elsewhere.id == 0 || ma.elsewhere.at >= mb.receivedAt
}

// evidence is what the headers of the customer's message thread[b] show
// (unseenEvidence), before the store is asked whether it holds the unknown
// id and whether to are team addresses.
type evidence struct {
	b          int      // the customer's message (its index)
	followed   int64    // the customer's message the unseen mail followed
	followedAt int64    // when it arrived
	marked     []int64  // the customer's mail still waiting up to the mail followed, which measureThread may mark answered
	unknown    string   // the unseen mail's Message-ID
	to         []string // the customer's message's To
	from       string   // the customer's message's From address
}

// unseenEvidence reads the headers of the customer's message thread[b]
// (In-Reply-To, References, To, From) for an answer of the team's that
// keepwarm never saw, as unseenAnswers sets out; waiting are the
// customer's messages still waiting when it came (indexes in thread). ok
// false when they do not show one.
func unseenEvidence(thread []threadMail, b int, waiting []int, inReplyTo, refs, to, from string) (evidence, bool) {
	irt := strings.Fields(inReplyTo)
	if len(irt) != 1 {
		return evidence{}, false
	}
	x := irt[0]
	xd := idDomain(x)
	if xd == "" || xd == addrDomain(from) {
		return evidence{}, false
	}
	mb := &thread[b]
	for i := range thread {
		m := &thread[i]
		if m.messageID == x {
			return evidence{}, false // held after all
		}
		if m.inbound && m.customerID == mb.customerID && m.messageID != "" && idDomain(m.messageID) == xd {
			return evidence{}, false // the customer's own side
		}
	}
	// The customer's latest waiting message References names before x.
	followed := -1
	for _, r := range strings.Fields(refs) {
		if r == x {
			break
		}
		for _, a := range waiting {
			if thread[a].messageID == r && (followed < 0 || thread[a].receivedAt > thread[followed].receivedAt) {
				followed = a
			}
		}
	}
	if followed < 0 {
		return evidence{}, false
	}
	var addrs []string
	for a := range strings.SplitSeq(to, ",") {
		if a = strings.TrimSpace(a); a != "" {
			addrs = append(addrs, a)
		}
	}
	if len(addrs) == 0 {
		return evidence{}, false
	}
	var marked []int64
	for _, a := range waiting {
		if thread[a].receivedAt <= thread[followed].receivedAt {
			marked = append(marked, thread[a].id)
		}
	}
	return evidence{b: b, followed: thread[followed].id, followedAt: thread[followed].receivedAt, marked: marked, unknown: x, to: addrs, from: from}, true
}

// idDomain is the lower-case part of a Message-ID after its last "@" (""
// when none).
func idDomain(id string) string {
	i := strings.LastIndexByte(id, '@')
	if i < 0 {
		return ""
	}
	return strings.ToLower(strings.Trim(id[i+1:], "<> "))
}

// addrDomain is the lower-case domain of an address ("" when none).
func addrDomain(addr string) string {
	i := strings.LastIndexByte(addr, '@')
	if i < 0 {
		return ""
	}
	return strings.ToLower(addr[i+1:])
}
