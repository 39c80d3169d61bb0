package sequences

import (
	"context"
	"fmt"
	htmltemplate "html/template"
	"regexp"
	"slices"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/templates"
)

// StepKey is the outbox (or task) key of a step: "seq:<enrollment>:<step>",
// with ":r<n>" when the step is done again after a last-second pause.
func StepKey(e keepwarm.Enrollment) string {
	key := fmt.Sprintf("seq:%d:%d", e.ID, e.Step)
	if e.Redo > 0 {
		key += fmt.Sprintf(":r%d", e.Redo)
	}
	return key
}

// doStep does e's due step at now: an email becomes an outbox item, a task a
// task row; then e moves to its next step (or completes). Both writes are
// keyed by StepKey, so a crash between them repeats nothing. A step due
// outside the customer's send window waits for the window. queued reports
// whether an outbox item was written.
func (f *FollowUp) doStep(ctx context.Context, e keepwarm.Enrollment, now time.Time) (keepwarm.Enrollment, bool, error) {
	def, ok := f.defs().Get(e.Sequence)
	if !ok || e.Step >= len(def.Steps) {
		e.Status = keepwarm.EnrollCompleted
		e.Reason = "no step left"
		e.UpdatedAt = now
		saved, err := f.store.UpdateEnrollment(ctx, e)
		return saved, false, err
	}
	e, ok, err := f.previousStepDone(ctx, e, now)
	if err != nil || !ok {
		return e, false, err
	}
	cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
	if err != nil {
		return e, false, err
	}
	// A customer let go to the pool, or handed to someone else, since the
	// follow-up began is no longer the sender's: no more mail in that name.
	if why, err := f.notTheirs(ctx, e, cust); err != nil {
		return e, false, err
	} else if why != "" {
		e.Status, e.PausedUntil = keepwarm.EnrollStopped, time.Time{}
		e.Reason = why
		e.UpdatedAt = now
		f.log.Info("follow-up stopped", "enrollment", e.ID, "customer", cust.Key, "why", e.Reason)
		saved, err := f.store.UpdateEnrollment(ctx, e)
		return saved, false, err
	}
	cal := f.calendar(cust, def)
	// The step's mail may be in the outbox already: queued, then the
	// process stopped (or the write failed) before e moved on. It is not
	// held by its own mail (one a day, the weekly cap) nor by the window:
	// e moves on as if the step had just been done, counted from when
	// its mail was queued. (A task's key is in the tasks: AddTask does
	// nothing twice.)
	if def.Steps[e.Step].Action != "email" {
		// No mail of its own; its call made, or skipped by a person,
		// before an edit undone placed e back at it under a fresh key is
		// the step done: no second call is asked for.
		if t, found, err := f.olderStepTask(ctx, e); err != nil {
			return e, false, err
		} else if found {
			f.log.Info("follow-up step done already under an older task key", "enrollment", e.ID, "customer", cust.Key, "step", e.Step+1, "task", t.ID, "skipped", taskSkipped(t))
			saved, err := f.advance(ctx, e, def, cal, fromOlderTask(&e, t), "", now)
			return saved, false, err
		}
	} else if it, found, err := f.olderStepMail(ctx, e); err != nil {
		return e, false, err
	} else if found {
		// The step's mail queued before an edit of the sequence moved e
		// and another undid it (a template renamed and back, a step
		// removed and added again): e stands at that very step again,
		// under a fresh key, and the mail, of the same step by name and
		// count, went (or still waits, and goes). It is the step done
		// once: e moves on as after a crash, rather than compose it again,
		// the next step counted from that mail (fromOlderMail).
		f.log.Info("follow-up step done already under an older outbox key", "enrollment", e.ID, "customer", cust.Key, "step", e.Step+1, "outbox_key", it.Key, "status", it.Status)
		saved, err := f.advance(ctx, e, def, cal, fromOlderMail(&e, it), "", now)
		return saved, false, err
	} else if it, found, err := f.store.LastStepItem(ctx, e.ID, e.Step+1); err != nil {
		return e, false, err
	} else if found && it.Key == StepKey(e) {
		switch it.Status {
		case keepwarm.OutboxQueued, keepwarm.OutboxSending, keepwarm.OutboxSent, keepwarm.OutboxDrafted, keepwarm.OutboxSkipped:
			f.log.Info("follow-up step found queued already", "enrollment", e.ID, "customer", cust.Key, "step", e.Step+1, "outbox_key", it.Key, "status", it.Status)
			note := ""
			if s := ReadSkip(it.LastError); it.Status == keepwarm.OutboxSkipped && s.Step {
				// A person's Skip of the step, recorded before its
				// record and the follow-up were written together (a
				// Skip that failed left it, the follow-up not moved
				// on): nothing is sent, and the desk says who skipped
				// it rather than nothing at all, as for a call.
				note = fmt.Sprintf("step %d skipped by %s", e.Step+1, s.By)
				f.log.Warn("follow-up mail found skipped under its key, the follow-up not moved on: nothing sent", "enrollment", e.ID, "customer", cust.Key, "step", e.Step+1, "by", s.By)
			}
			saved, err := f.advance(ctx, e, def, cal, it.CreatedAt, note, now)
			return saved, false, err
		default:
			// Its mail failed or may not have gone out (and Settled was
			// not told, or told before e moved on): e fails as after a
			// step done without a crash, one step on, so Resume, Send
			// again, It arrived and the desk find the step's mail. It is
			// never taken as done.
			e.Step++
			e = failAt(e, e.Step-1, it.Status, it.Mode, it.LastError)
			e.UpdatedAt = now
			f.log.Warn("follow-up stopped by a failed send", "enrollment", e.ID, "customer", cust.Key, "step", e.Step, "outbox_key", it.Key, "status", it.Status)
			saved, err := f.store.UpdateEnrollment(ctx, e)
			return saved, false, err
		}
	}
	if def.Window.SkipQuiet {
		if err := f.readAudience(ctx, e, cal); err != nil {
			return e, false, err
		}
	}
	if next := cal.Next(now); next.IsZero() {
		// No opening at all: when unsure, do not send, and say why.
		e.Status, e.PausedUntil = keepwarm.EnrollFailed, time.Time{}
		e.Reason = cal.NoOpening(def.Name, now)
		e.UpdatedAt = now
		f.log.Warn("follow-up stopped: its send window never opens", "enrollment", e.ID, "customer", cust.Key, "why", e.Reason)
		saved, err := f.store.UpdateEnrollment(ctx, e)
		return saved, false, err
	} else if !next.Equal(now) {
		e.DueAt = next
		if strings.HasPrefix(e.Reason, e.SignedBy()+" is away (") {
			// Back before the customer's window opens: the step now waits
			// for the window, and says so. Kept, the absence's reason
			// would say she is still away, and her return would make the
			// step due again at every run until the window opens.
			if _, why, err := f.ownerAway(ctx, e, now); err != nil {
				return e, false, err
			} else if why == "" {
				e.Reason = windowHold(def.Window.Start.String(), def.Window.End.String(), cal.Loc.String(), next.In(cal.Loc)).Reason
			}
		}
		e.UpdatedAt = now
		saved, err := f.store.UpdateEnrollment(ctx, e)
		return saved, false, err
	}
	if e, ok, err = f.countedFromSend(ctx, e, def, cal, now); err != nil || !ok {
		return e, false, err
	}
	st := def.Steps[e.Step]
	key := StepKey(e)
	queued := false
	note := ""
	switch st.Action {
	case "email":
		// A step that may not go yet waits, and says why: one voice per
		// contact (over the weekly cap, a mail from keepwarm already
		// today, or a greeting planned today), or its salesperson away.
		reader := f.personLocation(e.Owner)
		for _, hold := range []func() (time.Time, string, error){
			func() (time.Time, string, error) { return f.cap.wait(ctx, e.To, now, reader) },
			func() (time.Time, string, error) { return f.cap.sameDay(ctx, e.To, cal.Loc, now, reader) },
			func() (time.Time, string, error) {
				return f.greetingToday(ctx, e.CustomerID, e.To, cal.Loc, now, reader)
			},
			func() (time.Time, string, error) { return f.ownerAway(ctx, e, now) },
		} {
			until, why, err := hold()
			if err != nil {
				return e, false, err
			}
			if why == "" {
				continue
			}
			e.DueAt = cal.Next(until)
			e.Reason = why
			e.UpdatedAt = now
			f.log.Info("follow-up step waits", "enrollment", e.ID, "customer", cust.Key, "step", e.Step+1, "why", why)
			saved, err := f.store.UpdateEnrollment(ctx, e)
			return saved, false, err
		}
		item, err := f.compose(ctx, e, def, st, cust, key, now)
		skipped := false
		if _, empty := templates.IsEmptyPart(err); empty {
			// The mail would say nothing: record it skipped, with why,
			// where the salesperson looks, and go on to the next step.
			reason := emptyReasonOf(err, st.Template)
			if _, _, serr := f.store.EnqueueSkipped(ctx, item, reason); serr != nil {
				return e, false, serr
			}
			f.log.Info("follow-up step skipped", "enrollment", e.ID, "customer", cust.Key, "step", e.Step+1,
				"template", st.Template, "reason", reason)
			err, skipped = nil, true
		} else if err != nil {
			// When unsure, do not send: the manager sees it and can resume.
			e.Status = keepwarm.EnrollFailed
			e.Reason = fmt.Sprintf("step %d: %v", e.Step+1, err)
			e.UpdatedAt = now
			f.log.Warn("follow-up step failed", "enrollment", e.ID, "customer", cust.Key, "err", err)
			saved, uerr := f.store.UpdateEnrollment(ctx, e)
			return saved, false, uerr
		}
		if skipped {
			// recorded above
		} else if _, created, err := f.store.Enqueue(ctx, item); err != nil {
			return e, false, err
		} else if created {
			queued = true
			f.log.Info("follow-up queued", "enrollment", e.ID, "customer", cust.Key, "step", e.Step+1,
				"template", st.Template, "mode", item.Mode, "outbox_key", key)
		}
	case "task":
		if f.mode(def) == keepwarm.ModeDryRun {
			// The mails before it were never sent: a person is not told to
			// phone about them. The enrollment says what was left out.
			note = fmt.Sprintf("dry-run: step %d's task was not given to %s (%s)", e.Step+1, e.SignedBy(), st.Task)
			f.log.Info("follow-up task left out (dry-run)", "enrollment", e.ID, "customer", cust.Key, "step", e.Step+1, "owner", e.SignedBy())
			break
		}
		// A call for someone away waits for them as their mails do: the
		// task would sit on their desk, out of their backup's reach, and
		// the mail after it would go on their first morning back.
		if until, why, err := f.ownerAway(ctx, e, now); err != nil {
			return e, false, err
		} else if why != "" {
			e.DueAt = cal.Next(until)
			e.Reason = why
			e.UpdatedAt = now
			f.log.Info("follow-up step waits", "enrollment", e.ID, "customer", cust.Key, "step", e.Step+1, "why", why)
			saved, err := f.store.UpdateEnrollment(ctx, e)
			return saved, false, err
		}
		// The call is the salesperson's the follow-up is signed as (from
		// a shared mailbox, not its owner's): the one whose desk and
		// digest carry the follow-up and who is held on when away.
		t := keepwarm.Task{
			Key: key, EnrollmentID: e.ID, CustomerID: e.CustomerID, Customer: cust.Key, ThreadID: e.ThreadID,
			Owner: e.SignedBy(), Title: st.Task, Sequence: def.Name, Step: e.Step, DueAt: now, CreatedAt: now,
		}
		created, err := f.store.AddTask(ctx, t)
		if err != nil {
			return e, false, err
		}
		if !created {
			// A person's Skip under the key of another call (one that
			// stood at this index before an edit of the sequence kept
			// the follow-up at it) is not this call's: this call gets a
			// fresh key (as freshKey gives one) and is asked for, and
			// the record counts for its own call by its title
			// (olderStepTask).
			if other, err := f.otherCallSkippedUnder(ctx, e, def, st, key); err != nil {
				return e, false, err
			} else if other {
				e.Redo++
				key = StepKey(e)
				t.Key = key
				if created, err = f.store.AddTask(ctx, t); err != nil {
					return e, false, err
				}
				f.log.Warn("follow-up call's key taken by a person's Skip of another call: asked for under a fresh key", "enrollment", e.ID, "customer", cust.Key, "step", e.Step+1, "task_key", key)
			}
		}
		if !created {
			// The key is taken by a person's Skip of the call, recorded
			// before its record and the follow-up were written together
			// (a Skip that failed left it, the follow-up not moved on):
			// no call is asked for, and the desk says who skipped it
			// rather than nothing at all. (A tick racing a Skip that
			// succeeded finds it too: its write then fails on the rev.)
			if by, skipped, err := f.callSkippedUnder(ctx, e, key); err != nil {
				return e, false, err
			} else if skipped {
				note = fmt.Sprintf("step %d skipped by %s", e.Step+1, by)
				f.log.Warn("follow-up call found skipped under its key, the follow-up not moved on: no call asked for", "enrollment", e.ID, "customer", cust.Key, "step", e.Step+1, "by", by)
				break
			}
		}
		f.log.Info("follow-up task", "enrollment", e.ID, "customer", cust.Key, "step", e.Step+1, "owner", t.Owner)
	}
	saved, err := f.advance(ctx, e, def, cal, now, note, now)
	return saved, queued, err
}

// advance moves e on from its step, done at done: the next step's delay
// counts from when the step was due, or from done when it was done late.
// note, when set, is added to e's reason: what became of the step (a
// dry run's call not given, a call or a mail found skipped).
func (f *FollowUp) advance(ctx context.Context, e keepwarm.Enrollment, def *Definition, cal *CustomerCalendar, done time.Time, note string, now time.Time) (keepwarm.Enrollment, error) {
	movedOn(&e, def, cal, done)
	if e.Status == keepwarm.EnrollCompleted && skippedStepReason.MatchString(note) {
		// Its last step found skipped: not "every step done", but as
		// her Skip of the last step says it (skippedPast).
		e.Reason = note + "; no step left"
	} else if note != "" {
		e.Reason = strings.TrimPrefix(e.Reason+"; "+note, "; ")
	}
	e.UpdatedAt = now
	return f.store.UpdateEnrollment(ctx, e)
}

// movedOn moves e on from its step, done at done, as advance does, and
// writes nothing.
func movedOn(e *keepwarm.Enrollment, def *Definition, cal *CustomerCalendar, done time.Time) {
	e.ClockAt = e.DueAt
	if done.Sub(e.DueAt) > lateStep {
		e.ClockAt = done
	}
	if stepsOwnWait(*e) {
		// The wait was this step's: kept, it would read as the next
		// step's, and the signer's return (ReleaseReturned) would make
		// that one due at once, days before its delay.
		e.Reason = ""
	}
	e.Step++
	if e.Step >= len(def.Steps) {
		e.Status = keepwarm.EnrollCompleted
		e.Reason = "every step done"
	} else {
		stepDue(e, cal, def.Steps[e.Step])
	}
}

// stepsOwnWait says whether e's reason is a wait of its step alone: its
// signer away, or the customer's send window not open yet. It is not
// carried on to the next step (movedOn, pastOlderMail).
func stepsOwnWait(e keepwarm.Enrollment) bool {
	return strings.HasPrefix(e.Reason, e.SignedBy()+" is away (") || strings.HasPrefix(e.Reason, "outside the customer's send window (")
}

// mode is the more cautious of the sequence's mode and the configured cap.
func (f *FollowUp) mode(def *Definition) keepwarm.SendMode {
	return CappedMode(def.Mode, f.cfg.Mode)
}

// ModeCap is the configured mode that caps every sequence's ([sequences]
// mode; "" for none).
func (f *FollowUp) ModeCap() keepwarm.SendMode { return f.cfg.Mode }

// CappedMode is the mode a sequence in mode m goes out in under the
// configured cap: the more cautious of the two ("" caps nothing).
func CappedMode(m, limit keepwarm.SendMode) keepwarm.SendMode {
	if limit != "" && modeRank[limit] > modeRank[m] {
		return limit
	}
	return m
}

// modeRank orders the modes from the least careful.
var modeRank = map[keepwarm.SendMode]int{keepwarm.ModeSend: 0, keepwarm.ModeDraft: 1, keepwarm.ModeDryRun: 2}

// modeOf is the mode e's sequence is in now ("" when it is gone).
func (f *FollowUp) modeOf(e keepwarm.Enrollment) keepwarm.SendMode {
	def, ok := f.defs().Get(e.Sequence)
	if !ok {
		return ""
	}
	return f.mode(def)
}

// moreCareful says whether e's sequence is now in a more careful mode than
// item was queued in (send, then draft, then dry-run).
func (f *FollowUp) moreCareful(e keepwarm.Enrollment, item keepwarm.OutboxItem) bool {
	m := f.modeOf(e)
	return m != "" && modeRank[m] > modeRank[item.Mode]
}

// compose renders an email step into an outbox item. When the template
// requires a part that is empty, the item comes back without a body along
// with the *templates.EmptyPartError, to be recorded as skipped.
func (f *FollowUp) compose(ctx context.Context, e keepwarm.Enrollment, def *Definition, st StepDef, cust keepwarm.Customer, key string, now time.Time) (keepwarm.OutboxItem, error) {
	id, ok := f.identityOf(e.Mailbox)
	if !ok {
		return keepwarm.OutboxItem{}, keepwarm.Errorf(keepwarm.EINVALID, "mailbox %q has no sending identity (smtp_url) any more", e.Mailbox)
	}
	anchor, err := f.store.GetMessage(ctx, e.AnchorID)
	if err != nil {
		return keepwarm.OutboxItem{}, err
	}
	if anchor.Date.IsZero() {
		anchor.Date = e.AnchorAt
	}
	if id, err = f.signedAs(id, anchor, cust.Owner); err != nil {
		return keepwarm.OutboxItem{}, err
	}
	if anchor.Kind == keepwarm.KindOutbound {
		// From the alias the thread ran from, or not at all.
		if id, err = sendingAs(id, anchor.From.Email, anchor.SentIn, f.knownSender); err != nil {
			return keepwarm.OutboxItem{}, err
		}
	}
	to, cc := replyAll(e.To, anchor)
	r, _, v, rerr := f.render(ctx, f.templates(), st.Template, cust, to[0], slices.Concat(to, cc), id, anchor)
	if _, empty := templates.IsEmptyPart(rerr); rerr != nil && !empty {
		return keepwarm.OutboxItem{}, rerr
	}
	if rerr == nil {
		if err := f.stepRefusal(st.Template, r, v, anchor, to[0]); err != nil {
			return keepwarm.OutboxItem{}, err
		}
	}
	if rerr != nil {
		r.Subject = "(" + st.Template + ": not sent)"
	}
	step := e.Step
	enr := e.ID
	item := keepwarm.OutboxItem{
		Key: key, MessageID: keepwarm.NewMessageID(domainOf(id.Email)), Mailbox: id.Mailbox,
		From: keepwarm.Address{Name: id.Name, Email: id.Email}, To: to, Cc: cc,
		Subject: r.Subject, Text: r.Text, HTML: r.HTML, Mode: f.mode(def),
		CustomerID: e.CustomerID, Origin: OriginSequence, Sequence: def.Name, Step: &step, Enrollment: &enr,
		Anchor: e.AnchorID, StepName: stepName(st), StepNth: stepNth(e, def), DueAt: now, CreatedAt: now,
		TimeZone: id.Zone,
	}
	if st.InThread && anchor.MessageID != "" {
		item.ThreadID = e.ThreadID
		item.InReplyTo = anchor.MessageID
		item.References = replyReferences(anchor)
	}
	return item, rerr
}

// stepRefusal is why a step that rendered template name as r, in the voice
// v read from anchor, for the recipient to is not sent; nil when it goes.
// The enrollment fails with it, as on any template error, and
// `keepwarm preview` prints it.
func (f *FollowUp) stepRefusal(name string, r templates.Rendered, v ThreadVoice, anchor keepwarm.Message, to keepwarm.Address) error {
	if want := scriptLang(v.Lang); v.Read && want != scriptLang(r.Lang) && !f.englishFor(want) {
		// English in an Italian thread tells the customer a program
		// wrote it: not sent, as a greeting is not. A thread whose own
		// text is too short to read ("PI attached.") is not known to be
		// in the book's or country's language: its step goes in the
		// template's.
		// english_for takes primary tags ("zh" covers Traditional too).
		return keepwarm.Errorf(keepwarm.EINVALID, "the thread is in %s and there is no %s.%s.tmpl: not sent in another language (add one, or list %q in sequences.english_for to send the English one)",
			want, name, want, primaryLang(want))
	}
	// "Hi ," to a contact without a name is not sent.
	if err := templates.CheckNameSlot(r); err != nil {
		return err
	}
	// On "du" terms in the salesperson's own mail, "Ihnen" in the
	// follow-up: the switch tells the customer it is a form letter; on
	// "Sie" terms, "du" in it is over-familiar.
	return clashIn(r, anchor, to)
}

// ownRepliesRead is how many of a salesperson's latest replies quoteStyle
// reads for one that quotes.
const ownRepliesRead = 20

// quoteStyle is how the writer of anchor, the team's own mail, quotes:
// as anchor's own quote does, else (a fresh quotation quotes nothing) as
// the latest of their replies that quotes does, so Lily, on Outlook,
// never has a follow-up quote her quotation the Gmail way. keepwarm's own
// steps are no writer's replies. An address that is not a salesperson's
// own (the team's sales@, which Lily and Tom both write from; an alias) is
// read for the replies sent with anchor's From name alone, and without a
// name nobody's: a colleague's mail client is not hers. The cite style
// when none tells.
func (f *FollowUp) quoteStyle(ctx context.Context, anchor keepwarm.Message) (string, error) {
	if anchor.Kind != keepwarm.KindOutbound {
		return templates.QuoteCite, nil
	}
	if style, ok := templates.QuotedStyle(anchor.Text); ok || anchor.From.Email == "" {
		return style, nil
	}
	name := ""
	if addr := strings.ToLower(anchor.From.Email); !strings.EqualFold(f.cfg.People[addr], addr) {
		if name = strings.TrimSpace(anchor.From.Name); name == "" {
			return templates.QuoteCite, nil
		}
	}
	texts, err := f.store.OwnReplyTexts(ctx, anchor.From.Email, name, ownRepliesRead)
	if err != nil {
		return "", err
	}
	for _, t := range texts {
		if style, ok := templates.QuotedStyle(t); ok {
			return style, nil
		}
	}
	return templates.QuoteCite, nil
}

// render renders template name of set for the recipient to of cust as a
// step does: the salutation and language the voice of the followed-up
// message (and the book) say, the products the customer would be offered.
// The followed-up message's own opening is kept only when it greeted to,
// is a greeting of them (ownOpeningFits) and greets nobody left out of
// rcpts, all the step's recipients (nil:
// not known, a preview). An anchor without an ID is a preview's sample:
// it is quoted, but its text is nobody's voice, and the book's language
// and salutation are used.
func (f *FollowUp) render(ctx context.Context, set *templates.Set, name string, cust keepwarm.Customer, to keepwarm.Address, rcpts []keepwarm.Address, id Identity, anchor keepwarm.Message) (templates.Rendered, templates.Data, ThreadVoice, error) {
	data := f.Data(cust, to, id, anchor)
	sal, contactLang, err := f.store.ContactDetails(ctx, to.Email)
	if err != nil {
		return templates.Rendered{}, data, ThreadVoice{}, err
	}
	if data.Original.Style, err = f.quoteStyle(ctx, anchor); err != nil {
		return templates.Rendered{}, data, ThreadVoice{}, err
	}
	own := anchor.Text
	if anchor.ID == 0 {
		own = ""
	}
	ownSal := greetedIn(anchor, to) && !greetsLeftOut(anchor, rcpts, f.knownSender) && ownOpeningFits(templates.Opening(own), cleanName(to.Name), cust.Name)
	v := voiceOf(own, ownSal, sal, contactLang, cust.Language, cust.Country, func(lang string) string {
		t, _ := set.Lookup(name, lang)
		if t == nil {
			return ""
		}
		return t.Lang
	})
	data.Contact.Salutation = v.Salutation
	if data.Products, err = f.ProductsFor(ctx, cust); err != nil {
		return templates.Rendered{}, data, v, err
	}
	r, err := set.Render(name, v.Lang, data)
	if err == nil && templates.CompanyOf(cust, templates.NewContact(to.Name, to.Email)) == "" && templates.BareCompany(set, r.File) {
		// "everyone at ." to a customer known by its domain alone, or a
		// private buyer: skipped as with "requires: Company".
		err = &templates.EmptyPartError{File: r.File, Part: "Company"}
	}
	if err == nil && len(data.Products) == 0 && templates.BareProducts(set, r.File) {
		// "here are our new items:" and nothing after it to a
		// customer no product matches: skipped as with "requires:
		// Products".
		err = &templates.EmptyPartError{File: r.File, Part: "Products"}
	}
	if err == nil && r.SaysNothing() {
		// All its words inside {{with .Products}} (or {{with
		// .Company}}): "Dear Mr. Meier,\n\nBest regards,\nLily Chen"
		// to a customer without them is skipped, and says why.
		if part := emptiedPart(set, r.File, data.Products, cust, to); part != "" {
			err = &templates.EmptyPartError{File: r.File, Part: part, SaysNothing: true}
		}
	}
	return r, data, v, err
}

// englishFor says whether a thread in lang may be followed up in English
// (sequences.english_for).
func (f *FollowUp) englishFor(lang string) bool {
	p := primaryLang(lang)
	return p == "" || slices.Contains(f.cfg.EnglishFor, "*") || slicesContains(f.cfg.EnglishFor, p) || slicesContains(f.cfg.EnglishFor, lang)
}

// scriptLang is lang's primary tag, or "zh-hant" for Chinese in
// Traditional characters: a thread Lily wrote in Traditional is not in
// the language of the Simplified resend.zh.tmpl.
func scriptLang(lang string) string {
	if templates.Traditional(lang) {
		return templates.Hant
	}
	return primaryLang(lang)
}

// Preview renders template name of set (the running one when nil) for the
// recipient to of cust as a follow-up step would send it after the
// message anchor. An anchor without an ID is a sample (the caller says so).
func (f *FollowUp) Preview(ctx context.Context, set *templates.Set, name string, cust keepwarm.Customer, to keepwarm.Address, id Identity, anchor keepwarm.Message) (templates.Rendered, templates.Data, error) {
	if set == nil {
		set = f.templates()
	}
	r, data, _, err := f.render(ctx, set, name, cust, to, nil, id, anchor)
	return r, data, err
}

// PreviewStep is Preview with the checks a step makes once its text is
// rendered: notSent says why this step would not be sent to to (the
// thread's language without a template in it, a name slot with no name,
// the formal register after the salesperson's familiar one), err that it
// could not be rendered at all. rcpts are all the step's recipients (see
// StepRecipients): anchor's opening is kept only when it greets nobody
// left out of them (nil: not known).
func (f *FollowUp) PreviewStep(ctx context.Context, set *templates.Set, name string, cust keepwarm.Customer, to keepwarm.Address, rcpts []keepwarm.Address, id Identity, anchor keepwarm.Message) (r templates.Rendered, data templates.Data, notSent, err error) {
	if set == nil {
		set = f.templates()
	}
	r, data, v, err := f.render(ctx, set, name, cust, to, rcpts, id, anchor)
	if err != nil {
		return r, data, nil, err
	}
	return r, data, f.stepRefusal(name, r, v, anchor, to), nil
}

// StepRefusal is why a text rendered as r in the language v says, for the
// recipient to of a follow-up of anchor, would not be sent (stepRefusal):
// for a preview that chose its own language and opening.
func (f *FollowUp) StepRefusal(name string, r templates.Rendered, v ThreadVoice, anchor keepwarm.Message, to keepwarm.Address) error {
	return f.stepRefusal(name, r, v, anchor, to)
}

// StepRecipients is whom a follow-up step of anchor, a mail to cust, writes
// to, as the step would: a reply-all to anchor (replyAll) to the
// recipients of the customer's live enrollment of anchor, else to the
// contacts anchor had, less those who bounced or opted out since (a
// recipient in Cc goes in To when all in To are gone). blocked maps each
// of them left out to why ("bounced", "opted-out"). A sample anchor (no
// ID) has its contacts, none.
func (f *FollowUp) StepRecipients(ctx context.Context, cust keepwarm.Customer, anchor keepwarm.Message) (to, cc []keepwarm.Address, blocked map[string]string, err error) {
	rcpts := anchor.Contacts
	if anchor.ID != 0 {
		live, err := f.store.ListEnrollments(ctx, cust.ID, keepwarm.EnrollActive, keepwarm.EnrollPaused)
		if err != nil {
			return nil, nil, nil, err
		}
		for _, e := range live {
			if e.AnchorID == anchor.ID && len(e.To) > 0 {
				rcpts = e.To
				break
			}
		}
	}
	ok, _, blocked, err := f.writable(ctx, rcpts, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	to, cc = replyAll(ok, anchor)
	return to, cc, blocked, nil
}

// StepRecipient is who a follow-up step of anchor writes to first: the
// first of its customer's contacts in a reply-all to it, as the step's
// recipients are the contacts anchor had when it was enrolled; false when
// it names none.
func StepRecipient(anchor keepwarm.Message) (keepwarm.Address, bool) {
	to, _ := replyAll(anchor.Contacts, anchor)
	if len(to) == 0 {
		return keepwarm.Address{}, false
	}
	return to[0], true
}

// Data is what a step's template is rendered with: the customer, the first
// recipient with their salutation (a display name that is a department,
// "Purchasing Department", is no one's name: see cleanName), the sender,
// and the followed-up message. It is a follow-up's (templates.
// KindFollowUp): a template writing {{.Month}} or {{.Occasion}}, which a
// step never has, is refused, not sent with a blank there.
func (f *FollowUp) Data(cust keepwarm.Customer, to keepwarm.Address, id Identity, anchor keepwarm.Message) templates.Data {
	sig := id.Signature
	if sig == "" {
		sig = id.Name
	}
	return templates.Data{
		Customer: cust,
		Contact:  templates.NewContact(cleanName(to.Name), to.Email),
		Owner: templates.Owner{Name: id.Name, Email: id.Email, Signature: sig,
			SignatureHTML: htmltemplate.HTML(id.SignatureHTML)},
		Original: originalOf(anchor, id),
	}.Of(templates.KindFollowUp)
}

func domainOf(email string) string {
	_, d, _ := strings.Cut(email, "@")
	return d
}

// awayRecheck is how long a step waits for an owner whose absence has no
// end date, or only keepwarm's bound (an out-of-office reply without a
// return date, which their next normal mail ends), before looking again.
const awayRecheck = time.Hour

// nextLook is when to look again at an absence keepwarm bounded (no return
// date given): within awayRecheck, at the bound at the latest.
func nextLook(a keepwarm.Absence, now time.Time) time.Time {
	if look := now.Add(awayRecheck); look.Before(a.Until) {
		return look
	}
	return a.Until
}

// ownerAway says whether the salesperson e's steps go out in the name of
// (its signer: from a shared mailbox, whoever wrote the mail followed up;
// else its owner) is away at now and did not opt in to follow-ups while
// away: the step then waits until they are back (why says so). It reads
// the store.
func (f *FollowUp) ownerAway(ctx context.Context, e keepwarm.Enrollment, now time.Time) (time.Time, string, error) {
	who := e.SignedBy()
	a, ok, err := f.cfg.Away.absent(ctx, who, f.cfg.WhileAway, now)
	if err != nil || !ok {
		return time.Time{}, "", err
	}
	if a.Until.IsZero() {
		return now.Add(awayRecheck), fmt.Sprintf("%s is away (%s): waits until they are back", who, a.Source), nil
	}
	loc := f.personLocation(who)
	if a.NoReturnDate {
		// Their first normal mail ends it (the absence is read from the
		// mail each time): look again within the hour, not only at the
		// bound.
		look := nextLook(a, now)
		return look, fmt.Sprintf("%s is away (%s, no return date given): waits until %s, when keepwarm takes them as back at the latest",
			who, a.Source, a.Until.In(loc).Format("2006-01-02 15:04 MST")), nil
	}
	return a.Until, fmt.Sprintf("%s is away (%s) until %s: waits until then", who, a.Source, a.Until.In(loc).Format("2006-01-02 15:04 MST")), nil
}

// readAudience adds to cal what says whether the customer keeps a quiet
// period (Ramadan in Singapore and Malaysia) when a step is about to go:
// the language the step is written in (the thread's, as its voice reads
// it), each recipient's language and marks in the customer book; with all
// of them read, a customer nothing is known of is held (HoldUnknown).
func (f *FollowUp) readAudience(ctx context.Context, e keepwarm.Enrollment, cal *CustomerCalendar) error {
	if e.AnchorID != 0 {
		anchor, err := f.store.GetMessage(ctx, e.AnchorID)
		if err != nil && keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
			return err
		}
		if l := templates.ReadVoice(anchor.Text).Lang; l != "" {
			cal.Langs = append(cal.Langs, l)
		}
	}
	for _, to := range e.To {
		_, lang, err := f.store.ContactDetails(ctx, to.Email)
		if err != nil {
			return err
		}
		if lang != "" {
			cal.Langs = append(cal.Langs, lang)
		}
		marks, err := f.store.ContactHolidays(ctx, to.Email)
		if err != nil {
			return err
		}
		cal.Keeps = append(cal.Keeps, marks...)
	}
	cal.HoldUnknown = true
	return nil
}

// clashIn says why r is not sent in the thread of anchor to to when anchor
// (in r's language) writes in one register and r's own words (Prose: not
// the quote, the signature, the names or the products) in the other: the
// familiar ("du", "tu") and the formal ("Ihnen", "vous"), either way, as
// a greeting's check does; nil when they agree.
//
// A mail too short to read its language by is read by its salutation
// ("Sehr geehrter Herr Meier"); one that tells neither its language nor
// its register gets no "du" or "tu" from r: she has not written to this
// contact so, and "du" to a buyer she says "Sie" to is the worse mistake.
func clashIn(r templates.Rendered, anchor keepwarm.Message, to keepwarm.Address) error {
	lang := templates.ReadVoice(anchor.Text).Lang
	if lang == "" {
		if l, ok := templates.SalutationLang(templates.Opening(anchor.Text)); ok && l != "" {
			lang = l
		}
	}
	if lang == "" {
		if word := familiarIn(r.Lang, r.Prose()); word != "" && familiarIn(r.Lang, anchor.Text) == "" {
			return keepwarm.Errorf(keepwarm.EINVALID, "the mail followed up is too short to tell whether it writes \"du\" or \"Sie\" (\"tu\" or \"vous\") to %s, and %s says %q: not sent in a register the customer may not be written to (write it yourself, or change the text)",
				to.Email, r.File, word)
		}
		return nil
	}
	if primaryLang(lang) != primaryLang(r.Lang) {
		return nil
	}
	ownWord, textWord, _ := registerClashEither(r.Lang, anchor.Text, r.Prose())
	if ownWord == "" {
		return nil
	}
	return keepwarm.Errorf(keepwarm.EINVALID, "the mail followed up writes %q to %s, %s says %q: not sent in a register the customer is not written to (write it yourself, or change the text)",
		ownWord, to.Email, r.File, textWord)
}

// replyReferences is the References of a reply to m: m's own, else (an
// Outlook reply with In-Reply-To alone) its one parent, as RFC 5322 3.6.4
// says, then m itself; ids no header could carry are left out.
func replyReferences(m keepwarm.Message) []string {
	parents := m.References
	if len(parents) == 0 && len(m.InReplyTo) == 1 {
		parents = m.InReplyTo
	}
	refs := slices.DeleteFunc(slices.Clone(parents), func(s string) bool {
		return s == "" || s == m.MessageID || strings.ContainsAny(s, "<> \t\r\n")
	})
	return append(refs, m.MessageID)
}

// greetingToday holds a step to to (contacts of the customer customerID)
// for the next day when one of them has a greeting planned on the day of now in loc (the customer's zone; nil:
// UTC), sent or not yet: one mail from keepwarm a day, and the greeting's
// day is fixed. It returns the start of the next day (zero: it may go)
// and why, with the time in reader (nil: UTC).
func (f *FollowUp) greetingToday(ctx context.Context, customerID int64, to []keepwarm.Address, loc *time.Location, now time.Time, reader *time.Location) (time.Time, string, error) {
	f.mu.RLock()
	greeted := f.greeted
	f.mu.RUnlock()
	if greeted == nil || len(to) == 0 {
		return time.Time{}, "", nil
	}
	if loc == nil {
		loc = time.UTC
	}
	if reader == nil {
		reader = time.UTC
	}
	y, m, d := now.In(loc).Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, loc)
	for _, a := range to {
		email := strings.ToLower(a.Email)
		ok, err := greeted(ctx, customerID, []string{email}, time.Date(y, m, d, 0, 0, 0, 0, time.UTC), now)
		if err != nil {
			return time.Time{}, "", err
		}
		if ok {
			next := start.AddDate(0, 0, 1)
			return next, fmt.Sprintf("waits until %s: %s has a greeting from keepwarm planned today (%s their time): one a day at most",
				next.In(reader).Format("2006-01-02 15:04 MST"), email, now.In(loc).Format("2006-01-02")), nil
		}
	}
	return time.Time{}, "", nil
}

// olderStepMail finds the mail of e's step queued under an older key and
// not put back since (doneUnderOlderKey), looked up by the step's name
// and count, not by the index it was queued at: an edit that removed a
// step before it since left it at a higher index than e's, where the
// latest mail of the steps before e's is another step's. Only e placed
// back at a step ever has one: every move back (freshKey, a put-back,
// Resume, recipients refused) gives e a fresh key by raising Redo, which
// never falls; with Redo 0 e's step mail is under StepKey(e) or not at
// all, and nothing is looked up (this runs for every live follow-up on
// every tick).
func (f *FollowUp) olderStepMail(ctx context.Context, e keepwarm.Enrollment) (keepwarm.OutboxItem, bool, error) {
	if e.Redo == 0 || e.Step < 0 || e.Step >= len(e.Plan) {
		return keepwarm.OutboxItem{}, false, nil
	}
	items, err := f.store.StepItemsNamed(ctx, e.ID, e.Plan[e.Step])
	if err != nil {
		return keepwarm.OutboxItem{}, false, err
	}
	later := false // a newer item of e's step was seen (items: the newest first)
	for _, it := range items {
		if it.Key != StepKey(e) && doneUnderOlderKey(e, it, later) {
			return it, true, nil
		}
		if skippedForGood(it) && it.ID != e.RedoOf {
			// Her skip, not the step composed again: it never makes an
			// older skip of hers stop counting. The item e's put-back
			// replaced is the step composed again all the same, however
			// its skip reads (a desk Skip of a failed follow-up's held
			// mail from before PutBackSkip wrote its note: a plain
			// "skipped by", which put the step back).
			continue
		}
		if at, ok := stepBack(e, it); ok && at == e.Step {
			later = true
		}
	}
	return keepwarm.OutboxItem{}, false, nil
}

// olderStepTask finds the call of e's task step made under an older key,
// or her "Skip this step" of it (SkipStep's record, taskSkipped): an edit
// undone (a step removed and added again) placed e back at the step under
// a fresh key, and AddTask, keyed by it, would ask for the call a second
// time. The step is found by its name (the task's title) and count, as
// olderStepMail finds a mail: the nth task of e's step's name is the
// step's when e's step is the nth of that name in its plan. A task of the
// step under e's own key is e's doing of it now (doStep, AddTask does
// nothing twice). With Redo 0 nothing is looked up.
func (f *FollowUp) olderStepTask(ctx context.Context, e keepwarm.Enrollment) (keepwarm.Task, bool, error) {
	if e.Redo == 0 || e.Step < 0 || e.Step >= len(e.Plan) || !strings.HasPrefix(e.Plan[e.Step], "task:") {
		return keepwarm.Task{}, false, nil
	}
	tasks, err := f.store.EnrollmentTasks(ctx, e.ID)
	if err != nil {
		return keepwarm.Task{}, false, err
	}
	var named []keepwarm.Task
	for _, t := range tasks {
		if "task:"+t.Title == e.Plan[e.Step] && t.Key != StepKey(e) {
			named = append(named, t)
		}
	}
	if n := stepNth(e, nil); n > 0 && len(named) >= n {
		return named[n-1], true, nil
	}
	return keepwarm.Task{}, false, nil
}

// callSkippedUnder says whether the task under key, e's step's, is a
// person's Skip of the call (taskSkipped), and who skipped it.
func (f *FollowUp) callSkippedUnder(ctx context.Context, e keepwarm.Enrollment, key string) (by string, skipped bool, err error) {
	tasks, err := f.store.EnrollmentTasks(ctx, e.ID)
	if err != nil {
		return "", false, err
	}
	for _, t := range tasks {
		if t.Key == key && taskSkipped(t) {
			return skippedCallBy(t), true, nil
		}
	}
	return "", false, nil
}

// otherCallSkippedUnder says whether the task under key, e's step's, is a
// person's Skip (taskSkipped) of another call than st, of def: another
// title or sequence.
func (f *FollowUp) otherCallSkippedUnder(ctx context.Context, e keepwarm.Enrollment, def *Definition, st StepDef, key string) (bool, error) {
	tasks, err := f.store.EnrollmentTasks(ctx, e.ID)
	if err != nil {
		return false, err
	}
	for _, t := range tasks {
		if t.Key == key && taskSkipped(t) {
			return t.Title != st.Task || t.Sequence != def.Name, nil
		}
	}
	return false, nil
}

// skippedCallOutcome is the outcome of the task row SkipStep records for
// a call step by skipped: closed at once, no call made (taskSkipped).
func skippedCallOutcome(by string) string { return "skipped by " + by + ": no call made" }

// taskSkipped says whether t is a call step a person skipped (SkipStep's
// record, skippedCallOutcome), not a call asked for or made.
func taskSkipped(t keepwarm.Task) bool { return t.SkipRecord() }

// skippedCallBy is who skipped t, a call step's record (taskSkipped).
func skippedCallBy(t keepwarm.Task) string {
	return strings.TrimSuffix(strings.TrimPrefix(t.Outcome, "skipped by "), ": no call made")
}

// fromOlderTask makes e's task step, done by t, its call made or skipped
// before (olderStepTask), due when that was, and returns when the step
// was done, as fromOlderMail does for a mail: a call made, when its task
// was made (doStep made it when the step fell due); one she skipped, when
// the step was due, from e's clock, which SkipStep set and realign keeps.
func fromOlderTask(e *keepwarm.Enrollment, t keepwarm.Task) time.Time {
	if taskSkipped(t) {
		e.DueAt = e.ClockAt
		return e.ClockAt
	}
	e.DueAt = t.CreatedAt
	return t.CreatedAt
}

// skippedStepReason matches the reason SkipStep writes on the step's own
// record: "step N skipped by BY".
var skippedStepReason = regexp.MustCompile(`^step [0-9]+ skipped by `)

// PersonSkip is what the reason a person's skip writes on an outbox item
// (its LastError) says, as ReadSkip reads it. The item's status is the
// caller's to look at: the reason alone says nothing of it.
type PersonSkip struct {
	// Plain: the reason starts "skipped by BY": Skip on the desk or the
	// customer page, Don't send on the forecast, a greeting's Skip
	// ("… before it went out"), SkipStep on the step's older mail ("…
	// with step N") and PutBackSkip.
	Plain bool
	// Step: the reason is SkipStep's record of the step, "step N skipped
	// by BY", no mail composed.
	Step bool
	// PutBack: the reason ends with PutBackSkip's note, "(step N is done
	// again when the follow-up is resumed)": her Skip put the step back.
	PutBack bool
	// By is who skipped: the first word after the first "skipped by "
	// anywhere in the reason, "a person" when there is none.
	By string
}

// ReadSkip reads reason, an outbox item's LastError, for a person's skip.
// It is the one reader of the skip's wording: stoppedByPerson,
// skippedForGood, skippedBy and fromOlderMail here, and the web desk's
// Skip of a put-back mail, all ask it.
func ReadSkip(reason string) PersonSkip {
	s := PersonSkip{
		Plain:   strings.HasPrefix(reason, "skipped by "),
		Step:    skippedStepReason.MatchString(reason),
		PutBack: strings.HasSuffix(reason, " is done again when the follow-up is resumed)"),
		By:      "a person",
	}
	_, rest, _ := strings.Cut(reason, "skipped by ")
	if f := strings.Fields(rest); len(f) > 0 {
		s.By = f[0]
	}
	return s
}

// skippedForGood says whether it is a person's skip of its step for good:
// Skip on the desk or the customer page (stoppedByPerson) without her
// Skip putting the step back (PutBackSkip), or the step's own record of
// "Skip this step" (SkipStep), which is no mail composed: ReadSkip reads
// all three.
func skippedForGood(it keepwarm.OutboxItem) bool {
	if it.Status != keepwarm.OutboxSkipped {
		return false
	}
	s := ReadSkip(it.LastError)
	return (s.Plain && !s.PutBack) || s.Step
}

// skippedBy is who skipped it, a step's mail or record a person skipped
// (skippedForGood): the address after "skipped by" ("a person" when
// there is none).
func skippedBy(it keepwarm.OutboxItem) string { return ReadSkip(it.LastError).By }

// fromOlderMail makes e's step, done by it, its older mail
// (olderStepMail), due when that mail was queued, and returns when the
// step was done: when the mail went, or else when it was queued. advance
// then counts the next step from the mail, as had e moved on when it was
// queued (from when it went, when that was well after), not from e's due
// time under the fresh key: that later clock read, at a still held mail's
// last look, as "someone wrote in the thread meanwhile" (the mail skipped
// and its step composed again), and put the next step days late.
//
// The step's "Skip this step" record (SkipStep) is no mail, and its time
// is only when she pressed Skip: the step was done when it was due, the
// next step counted from there as SkipStep counted it, that is from e's
// clock, which SkipStep set (the skipped step's due time, or the press
// when it was overdue) and realign keeps.
func fromOlderMail(e *keepwarm.Enrollment, it keepwarm.OutboxItem) time.Time {
	if it.Status == keepwarm.OutboxSkipped && ReadSkip(it.LastError).Step {
		e.DueAt = e.ClockAt
		return e.ClockAt
	}
	e.DueAt = it.CreatedAt
	if (it.Status == keepwarm.OutboxSent || it.Status == keepwarm.OutboxDrafted) && !it.SentAt.IsZero() {
		return it.SentAt
	}
	return it.CreatedAt
}

// doneUnderOlderKey says whether it, a step mail of e, is e's
// own step (by name and count, stepBack) queued under an older key and
// not put back since (not the item e's put-back replaced, not failed or
// uncertain, not skipped by keepwarm): its mail went, is going or waits
// to go, or a person skipped it (Skip on the desk or the customer page,
// or the step's Skip, stoppedByPerson), so the step is done and e is not
// to do it again, unless her Skip put the step back (PutBackSkip: the
// held mail of a failed follow-up, its step done again when resumed; a
// later put-back leaves RedoOf another item's), or the step was composed
// again after it (later: a newer mail of e's step was composed, other
// than one she skipped for good, skippedForGood), which a Skip for good
// never leads to: such a Skip, made before PutBackSkip wrote its note (a
// plain "skipped by"), put the step back all the same. A person's Skip of
// a step's mail, or "Skip this step" (its record "step N skipped by",
// which is no mail but her Skip itself), is otherwise the step skipped
// for good, as when e was not placed back at it: composed again, the mail
// she chose not to send went anyway.
func doneUnderOlderKey(e keepwarm.Enrollment, it keepwarm.OutboxItem, later bool) bool {
	switch it.Status {
	case keepwarm.OutboxQueued, keepwarm.OutboxSending, keepwarm.OutboxSent, keepwarm.OutboxDrafted:
	case keepwarm.OutboxSkipped:
		if !skippedForGood(it) || later {
			return false
		}
	default:
		return false
	}
	if it.StepName == "" || it.ID == e.RedoOf {
		return false
	}
	at, ok := stepBack(e, it)
	return ok && at == e.Step
}
