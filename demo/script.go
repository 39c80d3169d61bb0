package demo

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/mail"
	"sort"
	"strings"
	"time"

	"keepwarm"
)

// demoEvent is something a person in the play does at an instant.
type demoEvent struct {
	at time.Time
	do func(ctx context.Context) error
}

// demoTrigger waits for keepwarm to deliver a message to a person of the
// play, then reacts: it is how a customer answers a resend.
type demoTrigger struct {
	to    string                                           // the recipient watched
	match func(h mail.Header) bool                         // which delivered message
	react func(ctx context.Context, got mail.Header) error // run at once when it arrives
}

// script is the play: what people do at fixed instants, and how customers
// react to what keepwarm sends them. Bob never answers and Ahmed's mailbox
// closes: keepwarm's follow-ups show on them.
func (r *demoRun) script() ([]demoEvent, []demoTrigger) {
	c := r.cast
	ev := []demoEvent{
		{r.at(0, "09:00"), func(ctx context.Context) error {
			return r.write(c.Hans, c.Lily, "RFQ: 2,000 LED panels 600x600",
				"Dear Lily,\r\n\r\nplease quote 2,000 pcs LED panel 600x600 40W, 4000K, CIF Hamburg.\r\nWe need the offer today.\r\n\r\nBest regards\r\nHans Meier\r\nGlobex GmbH\r\n")
		}},
		{r.at(0, "09:06"), func(ctx context.Context) error {
			return r.answer(ctx, c.Lily, c.Lily, c.Hans,
				"Dear Mr. Meier,\r\n\r\nthank you for your inquiry. Our quotation: USD 18.40/pc CIF Hamburg, 25 days after deposit.\r\nThe detailed offer is attached.\r\n\r\nBest regards\r\nLily Chen\r\n")
		}},
		{r.at(0, "10:00"), func(ctx context.Context) error {
			return r.write(c.Tom, c.Bob, "Quotation Q-2611: LED high bay 150W",
				"Hi Bob,\r\n\r\nas discussed at the Canton Fair, here is our quotation Q-2611 for 500 pcs LED high bay 150W:\r\nUSD 42.00/pc FOB Ningbo. Valid 30 days.\r\n\r\nBest regards\r\nTom Wang\r\n")
		}},
		// Bob's colleague Carol asks about another project the next day, and
		// Tom answers her: Bob's quotation is still followed up.
		{r.at(1, "09:30"), func(ctx context.Context) error {
			return r.write(c.Carol, c.Tom, "Inquiry: emergency lights for the Denver store",
				"Hi Tom,\r\n\r\ndo you also make emergency lights? We are fitting out a store in Denver.\r\n\r\nCarol Diaz\r\nAcme Supply Inc.\r\n")
		}},
		{r.at(1, "09:34"), func(ctx context.Context) error {
			return r.answer(ctx, c.Tom, c.Tom, c.Carol,
				"Hi Carol,\r\n\r\nnoted, our engineer for emergency lighting will call you this afternoon.\r\n\r\nBest regards\r\nTom Wang\r\n")
		}},
		{r.at(1, "11:00"), func(ctx context.Context) error {
			return r.write(c.Tom, c.Ahmed, "Offer: LED street lights 100W for the Al Quoz project",
				"Dear Ahmed,\r\n\r\nplease find our offer for 1,200 LED street lights 100W, IP66: USD 61.50/pc CIF Jebel Ali.\r\n\r\nBest regards\r\nTom Wang\r\n")
		}},
		{r.at(2, "15:00"), func(ctx context.Context) error {
			r.mail.closeMailbox(c.Ahmed.Email, "mailbox unavailable (user left the company)")
			r.world("Gulf Build closes Ahmed's mailbox (he left the company): mail to %s will bounce from now on", c.Ahmed.Email)
			return nil
		}},
		{r.at(2, "21:30"), func(ctx context.Context) error {
			return r.write(c.Joao, c.Team, "Inquiry: LED strip lights for 12 stores",
				"Hello,\r\n\r\nwe are a retail chain in São Paulo. Please send prices for 5,000 m LED strip 24V, 3000K.\r\n\r\nObrigado,\r\nJoão Silva\r\n")
		}},
		{r.at(3, "09:12"), func(ctx context.Context) error {
			return r.answer(ctx, c.Lily, c.Team, c.Joao,
				"Dear João,\r\n\r\nthank you for your inquiry. 24V 3000K strip: USD 1.35/m, MOQ 1,000 m. Catalogue attached.\r\n\r\nBest regards\r\nLily Chen\r\n")
		}},
		// Friday evening João writes in Portuguese; Lily answers on Monday,
		// after the play: her "received" draft waits in her Drafts.
		{r.at(11, "17:40"), func(ctx context.Context) error {
			return r.write(c.Joao, c.Lily, "Amostras recebidas: pedido para 12 lojas",
				"Olá Lily,\r\n\r\nas amostras chegaram hoje e a qualidade está ótima. Queremos encomendar 5.000 m da fita 3000K para as nossas 12 lojas.\r\nPode enviar a fatura proforma com o prazo de entrega?\r\n\r\nObrigado,\r\nJoão Silva\r\n")
		}},
	}
	isResend := func(from demoPerson) func(mail.Header) bool {
		return func(h mail.Header) bool {
			return strings.EqualFold(addrOf(h.Get("From")), from.Email) && h.Get("In-Reply-To") != ""
		}
	}
	tr := []demoTrigger{
		{to: c.Hans.Email, match: isResend(c.Lily), react: func(ctx context.Context, _ mail.Header) error {
			r.later(70*time.Minute, func(ctx context.Context) error {
				return r.answer(ctx, c.Hans, c.Hans, c.Lily,
					"Hi Lily,\r\n\r\nsorry, we were at a trade fair. Can you do 3% better on 2,000 pcs?\r\n\r\nHans\r\n")
			})
			r.later(78*time.Minute, func(ctx context.Context) error {
				return r.answer(ctx, c.Lily, c.Lily, c.Hans,
					"Dear Hans,\r\n\r\n3% is fine: USD 17.85/pc CIF Hamburg.\r\n\r\nBest regards\r\nLily\r\n")
			})
			r.later(24*time.Hour, func(ctx context.Context) error {
				return r.answer(ctx, c.Hans, c.Hans, c.Lily, "Hi Lily,\r\n\r\ndeal. Our PO 4711 is attached.\r\n\r\nHans\r\n")
			})
			r.later(24*time.Hour+6*time.Minute, func(ctx context.Context) error {
				return r.answer(ctx, c.Lily, c.Lily, c.Hans, "Dear Hans,\r\n\r\nthank you for your order! Our proforma invoice is attached.\r\n\r\nLily\r\n")
			})
			r.later(24*time.Hour+10*time.Minute, func(ctx context.Context) error { return r.stopFollowUp(ctx, c.Hans) })
			return nil
		}},
		{to: c.Joao.Email, match: isResend(c.Lily), react: func(ctx context.Context, _ mail.Header) error {
			r.later(150*time.Minute, func(ctx context.Context) error {
				return r.answer(ctx, c.Joao, c.Joao, c.Lily,
					"Hi Lily,\r\n\r\nsorry, I was travelling. Yes, we got it. Please send samples of the 3000K strip.\r\n\r\nJoão\r\n")
			})
			r.laterAt(r.at(r.day(r.clock.Now())+1, "09:20"), func(ctx context.Context) error {
				return r.answer(ctx, c.Lily, c.Lily, c.Joao,
					"Dear João,\r\n\r\nsamples of the 3000K strip go out today by DHL; tracking number follows.\r\n\r\nBest regards\r\nLily\r\n")
			})
			return nil
		}},
	}
	return ev, tr
}

// at is day d of the play at hh:mm office time.
func (r *demoRun) at(d int, hhmm string) time.Time {
	t, _ := time.Parse("15:04", hhmm)
	y, mo, day := r.start.Date()
	return time.Date(y, mo, day+d, t.Hour(), t.Minute(), 0, 0, r.loc)
}

// later schedules an event d after now.
func (r *demoRun) later(d time.Duration, do func(ctx context.Context) error) {
	r.laterAt(r.clock.Now().Add(d), do)
}

// laterAt schedules an event at t.
func (r *demoRun) laterAt(t time.Time, do func(ctx context.Context) error) {
	r.pending = append(r.pending, demoEvent{at: t, do: do})
	sort.SliceStable(r.pending, func(i, j int) bool { return r.pending[i].at.Before(r.pending[j].at) })
}

// day is the play's day number of t, in office time.
func (r *demoRun) day(t time.Time) int {
	t = t.In(r.loc)
	y, mo, d := r.start.Date()
	return int(t.Sub(time.Date(y, mo, d, 0, 0, 0, 0, r.loc)) / (24 * time.Hour))
}

// write sends a new message from one person to another as their mail client
// would: delivered to the recipient, a copy in the sender's Sent.
func (r *demoRun) write(from, to demoPerson, subject, body string) error {
	r.world("%s writes to %s: %q", from.Name, to.Email, subject)
	return r.post(from, to, subject, body, "", nil)
}

// answer replies, from from's mail client, to the latest message to in
// mailbox box received from to: Re: subject, In-Reply-To and References.
func (r *demoRun) answer(ctx context.Context, from, box, to demoPerson, body string) error {
	raws, err := r.mail.fetch(box.Email, "INBOX")
	if err != nil {
		return err
	}
	for i := len(raws) - 1; i >= 0; i-- {
		msg, err := mail.ReadMessage(bytes.NewReader(raws[i]))
		if err != nil || !strings.EqualFold(addrOf(msg.Header.Get("From")), to.Email) {
			continue
		}
		h := msg.Header
		subject := h.Get("Subject")
		if !strings.HasPrefix(strings.ToLower(subject), "re:") {
			subject = "Re: " + subject
		}
		parent := strings.Trim(h.Get("Message-ID"), "<> ")
		refs := append(strings.Fields(strings.NewReplacer("<", " ", ">", " ").Replace(h.Get("References"))), parent)
		r.world("%s answers %s: %q", from.Name, to.Name, subject)
		return r.post(from, to, subject, body, parent, refs)
	}
	return fmt.Errorf("demo: %s has no mail from %s to answer", box.Email, to.Email)
}

// post composes, delivers and files one message.
func (r *demoRun) post(from, to demoPerson, subject, body, inReplyTo string, refs []string) error {
	r.msgs++
	now := r.clock.Now()
	_, domain, _ := strings.Cut(from.Email, "@")
	id := fmt.Sprintf("demo-%d.%d@%s", r.msgs, now.Unix(), domain)
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\n", (&mail.Address{Name: from.Name, Address: from.Email}).String(),
		(&mail.Address{Name: to.Name, Address: to.Email}).String())
	fmt.Fprintf(&b, "Subject: %s\r\nDate: %s\r\nMessage-ID: <%s>\r\n", mimeWord(subject), now.Format(time.RFC1123Z), id)
	if inReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: <%s>\r\nReferences: <%s>\r\n", inReplyTo, strings.Join(refs, "> <"))
	}
	fmt.Fprintf(&b, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n%s", body)
	if _, err := r.mail.deliver(from.Email, []string{to.Email}, b.Bytes()); err != nil {
		return err
	}
	return r.mail.store(from.Email, "Sent", b.Bytes())
}

// stopFollowUp is the salesperson stopping a customer's live follow-up by
// hand, with `keepwarm stop`.
func (r *demoRun) stopFollowUp(ctx context.Context, who demoPerson) error {
	cust, err := r.app.DB.ResolveCustomer(ctx, who.Email)
	if err != nil {
		return err
	}
	live, err := r.app.DB.ListEnrollments(ctx, cust.ID, keepwarm.EnrollActive, keepwarm.EnrollPaused)
	if err != nil {
		return err
	}
	for _, e := range live {
		r.world("Lily stops the follow-up of %s by hand (the order is in): keepwarm stop %d", who.Name, e.ID)
		// At her terminal she answers "y" to stop's question.
		if err := r.quiet(ctx, "stop", fmt.Sprint(e.ID), "--yes"); err != nil {
			return err
		}
	}
	return nil
}

// addrOf is the address of a From or To header value.
func addrOf(v string) string {
	if a, err := mail.ParseAddress(v); err == nil {
		return strings.ToLower(a.Address)
	}
	return strings.ToLower(strings.Trim(v, "<> "))
}

// mimeWord encodes a header text that is not ASCII.
func mimeWord(s string) string {
	for _, c := range s {
		if c > 127 {
			return mime.QEncoding.Encode("utf-8", s)
		}
	}
	return s
}
