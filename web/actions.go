package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"keepwarm"
)

// Every action: the CSRF check ran (form), the backend does the change
// scoped by the person (its rules, not ours), the change goes to the audit
// trail, and the browser goes back to the page it came from (htmx swaps
// that page in place; without JavaScript it is a plain redirect).

// back returns to the page the form was on (a path on this site), else to fallback.
func back(w http.ResponseWriter, r *http.Request, fallback string) {
	to := r.PostFormValue("back")
	if to == "" {
		to = fallback
	}
	http.Redirect(w, r, safeNext(to), http.StatusSeeOther)
}

// act runs one change and answers it.
func (s *Server) act(w http.ResponseWriter, r *http.Request, fallback string, do func() (Change, error)) {
	c, err := do()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !c.Audited {
		s.audit(r, c)
	}
	if fallback == "" && c.CustomerID != 0 {
		fallback = fmt.Sprintf("/customers/%d", c.CustomerID)
	}
	back(w, r, fallback)
}

// maxOutcome bounds the note a closed call task takes, in characters (the
// desk's maxlength).
const maxOutcome = 1000

func (s *Server) taskDone(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	outcome := strings.TrimSpace(r.PostFormValue("outcome"))
	// Counted in characters, as the form's maxlength counts them: a note
	// in Chinese the browser let through is not refused for its bytes.
	if n := utf8.RuneCountInString(outcome); n > maxOutcome {
		s.message(w, r, http.StatusBadRequest, fmt.Sprintf(lang(r).T("The note is too long: %d characters, at most %d."), n, maxOutcome))
		return
	}
	reason, err := keepwarm.ParseQuietReason(r.PostFormValue("reason"))
	if err != nil {
		// A page from before the reasons changed: say so on a page (the
		// desk keeps the typed note beside the button), not in bare text.
		l := lang(r)
		labels := make([]string, len(keepwarm.QuietReasons))
		for i, q := range keepwarm.QuietReasons {
			labels[i] = l.T(q.Label())
		}
		s.message(w, r, http.StatusBadRequest, fmt.Sprintf(l.T("“Why quiet?” has a choice this version does not know (%q); it offers %s: reload the page and choose again."),
			r.PostFormValue("reason"), strings.Join(labels, l.T(", "))))
		return
	}
	s.act(w, r, "/", func() (Change, error) {
		return s.b.DoneTask(r.Context(), person(r), id, outcome, reason, s.clock.Now())
	})
}

func (s *Server) review(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	grade := strings.ToUpper(strings.TrimSpace(r.PostFormValue("grade")))
	note := strings.TrimSpace(r.PostFormValue("note"))
	s.act(w, r, "", func() (Change, error) { return s.b.Review(r.Context(), person(r), id, grade, note, s.clock.Now()) })
}

func (s *Server) claim(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	s.act(w, r, "", func() (Change, error) { return s.b.Claim(r.Context(), person(r), id, s.clock.Now()) })
}

func (s *Server) release(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	// Released, the customer is anyone's to claim, its owner may not claim
	// it back for the cool-down, and a won customer is won no more: on a
	// phone the button sits beside Claim, so it asks first, as Stop does.
	if r.PostFormValue("confirm") != "1" {
		pg, err := s.b.Customer(r.Context(), person(r), id, s.clock.Now())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		// One not to release (in the pool already, someone else's) is
		// refused by the backend, with why: there is nothing to ask.
		if pg.CanRelease {
			who := lang(r).T("you")
			if pg.Owner != person(r).Email {
				who = s.personName(pg.Owner)
				if last, _ := utf8.DecodeLastRuneInString(who); lang(r).Code == "zh" && !unicode.Is(unicode.Han, last) {
					who += " " // a Latin name before the Chinese text; 陈丽 runs on
				}
			}
			s.confirm(w, r, releaseQuestion(lang(r), pg, who))
			return
		}
	}
	s.act(w, r, "", func() (Change, error) { return s.b.Release(r.Context(), person(r), id, s.clock.Now()) })
}

func (s *Server) note(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	text := strings.TrimSpace(r.PostFormValue("note"))
	if text == "" {
		s.message(w, r, http.StatusBadRequest, lang(r).T("Add a note"))
		return
	}
	s.act(w, r, "", func() (Change, error) { return s.b.AddNote(r.Context(), person(r), id, text, s.clock.Now()) })
}

// contactEdit saves a contact's form. It changes only what the person
// changed: each field comes with what the page showed (its "_was" field),
// and a field equal to it is left as it is now, so a page opened before a
// bounce, an opt-out or someone else's edit does not undo it. A text field
// posted without "_was" is set as given; a checkbox (the form marks that it
// carries them with "flags") counts as shown unticked, so an absent box
// changes nothing. An opt-out the page showed as the customer's own request
// says so ("asked"): only such a one may be cleared.
func (s *Server) contactEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	var e ContactEdit
	changed := func(name string) *string {
		if _, ok := r.PostForm[name]; !ok {
			return nil
		}
		v := r.PostFormValue(name)
		if was, ok := r.PostForm[name+"_was"]; ok && len(was) > 0 && was[0] == v {
			return nil
		}
		return &v
	}
	e.Salutation, e.Language = changed("salutation"), changed("language")
	if _, ok := r.PostForm["flags"]; ok {
		box := func(name string) (*bool, string) {
			on, was := r.PostFormValue(name) == "on", r.PostFormValue(name+"_was")
			if on == (was != "") {
				return nil, was
			}
			return &on, was
		}
		e.Bounced, _ = box("bounced")
		var was string
		e.OptedOut, was = box("opted_out")
		e.ClearAsked = was == "asked"
	}
	e.AddPhone = strings.TrimSpace(r.PostFormValue("phone"))
	s.act(w, r, "", func() (Change, error) { return s.b.EditContact(r.Context(), person(r), id, e, s.clock.Now()) })
}

func (s *Server) enrollment(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	op := EnrollmentOp(r.PathValue("op"))
	switch op {
	case OpSkip:
		step, err := strconv.Atoi(r.PostFormValue("step"))
		if err != nil {
			s.message(w, r, http.StatusBadRequest, lang(r).T("Which step? The form lacks it; reload the page."))
			return
		}
		// A skipped step does not come again, and the follow-up goes on
		// with the next one (whose text may take this one as sent): on a
		// phone "Skip this step" sits beside Pause, so it asks first, as
		// Stop does. A step that is no longer the next one is refused at
		// once, with why: there is nothing to ask.
		if r.PostFormValue("confirm") != "1" {
			e, customer, err := s.b.Enrollment(r.Context(), person(r), id, s.clock.Now())
			if err != nil {
				s.fail(w, r, err)
				return
			}
			// With no sequence to read the step from (one removed or
			// held), the engine refuses the skip and says why.
			if e.Status.Live() && e.Step == step-1 && step <= e.Steps {
				l := lang(r)
				c := confirmSkipStep
				c.What = fmt.Sprintf(l.T("%s · %s · step %d"), customer, e.Sequence, step)
				c.Text = skipStepText(l, step, e.Steps, e.NextAction)
				c.Fields = map[string]string{"step": strconv.Itoa(step)}
				s.confirm(w, r, c)
				return
			}
		}
		s.act(w, r, "", func() (Change, error) { return s.b.SkipStep(r.Context(), person(r), id, step, s.clock.Now()) })
		return
	case OpStop:
		// Stopping cannot be taken back (Resume refuses a stopped
		// follow-up), and on a phone Stop sits beside Pause: the form
		// asks once more, with what it does, before anything changes.
		if r.PostFormValue("confirm") != "1" {
			e, customer, err := s.b.Enrollment(r.Context(), person(r), id, s.clock.Now())
			if err != nil {
				s.fail(w, r, err)
				return
			}
			c := confirmStop
			c.What = stopWhat(lang(r), e, customer)
			s.confirm(w, r, c)
			return
		}
	case OpResend:
		// The step's mail may have reached the customer: sent again, the
		// customer may get it twice (a draft: a second copy in Drafts),
		// and it cannot be taken back. On a phone it sits beside "It
		// arrived": it asks first, as Stop does. A step that failed for
		// sure is resumed as Resume does it, with nothing to ask.
		if r.PostFormValue("confirm") != "1" {
			e, customer, err := s.b.Enrollment(r.Context(), person(r), id, s.clock.Now())
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if e.Uncertain && e.Again > 0 {
				c := confirmResend
				switch {
				case e.Draft && e.ListHeld:
					c = confirmRefileListHeld
				case e.Draft:
					c = confirmRefile
				case e.ListHeld:
					c = confirmResendListHeld
				}
				c.What = fmt.Sprintf(lang(r).T("%s · %s · step %d"), customer, e.Sequence, e.Again)
				s.confirm(w, r, c)
				return
			}
		}
	case OpPause, OpResume, OpArrived:
	default:
		s.notFound(w, r)
		return
	}
	// Pause takes an optional day it ends on (the form's date field).
	until := ""
	if op == OpPause {
		until = strings.TrimSpace(r.PostFormValue("until"))
		if _, err := time.Parse("2006-01-02", until); until != "" && err != nil {
			s.message(w, r, http.StatusBadRequest, fmt.Sprintf(lang(r).T("Pause until %q: give a date as 2026-12-20, or none to pause until you resume it."), until))
			return
		}
	}
	s.act(w, r, "", func() (Change, error) {
		return s.b.ChangeEnrollment(r.Context(), person(r), id, op, until, s.clock.Now())
	})
}

// stopWhat names the step Stop gives up: the one a failed or paused
// follow-up would do again (its mail failed, may have gone out, a draft of
// it may be in Drafts, or it is held by the pause or while the follow-up is
// failed), the one a running follow-up has queued, else the next one.
func stopWhat(l Lang, e EnrollmentView, customer string) string {
	switch e.AgainWhy {
	case "failed":
		return fmt.Sprintf(l.T("%s · %s · step %d (its mail failed)"), customer, e.Sequence, e.Again)
	case "uncertain":
		if e.Draft {
			return fmt.Sprintf(l.T("%s · %s · step %d (it may be in your Drafts)"), customer, e.Sequence, e.Again)
		}
		return fmt.Sprintf(l.T("%s · %s · step %d (its mail may have gone out)"), customer, e.Sequence, e.Again)
	case "held":
		return fmt.Sprintf(l.T("%s · %s · step %d (held by the pause)"), customer, e.Sequence, e.Again)
	case "held-failed":
		return fmt.Sprintf(l.T("%s · %s · step %d (held: its follow-up failed)"), customer, e.Sequence, e.Again)
	case "queued":
		return fmt.Sprintf(l.T("%s · %s · step %d (queued for %s; stopped, it does not go)"), customer, e.Sequence, e.Again, l.TimeIn(e.AgainAt, e.Zone))
	}
	return fmt.Sprintf(l.T("%s · %s · next: step %d"), customer, e.Sequence, e.Step+1)
}

// skipStepText says what skipping step (from 1) of a follow-up of steps
// steps does: a call step asks for no call, the last step ends the
// follow-up, any other goes on with the next one.
func skipStepText(l Lang, step, steps int, action string) string {
	switch {
	case action == "task" && step >= steps:
		return fmt.Sprintf(l.T("No call is asked for step %d, and the follow-up ends with it: it was its last step, nothing more goes out. Skip cannot be undone: to hold the step for a while, pause the follow-up instead."), step)
	case action == "task":
		return fmt.Sprintf(l.T("No call is asked for step %d and it does not come again; the follow-up goes on with step %d as planned. Skip cannot be undone: to hold the step for a while, pause the follow-up instead."), step, step+1)
	case step >= steps:
		return fmt.Sprintf(l.T("Step %d is not sent and does not come again, and the follow-up ends with it: it was its last step, nothing more goes out. Skip cannot be undone: to hold the step for a while, pause the follow-up instead."), step)
	}
	return fmt.Sprintf(l.T("Step %d is not sent and does not come again; the follow-up goes on with step %d as planned, which may read as if this one had gone. Skip cannot be undone: to hold the step for a while, pause the follow-up instead."), step, step+1)
}

func (s *Server) skipSend(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	// A skipped greeting, letter or step is not queued again: ask first,
	// naming what and when. An item no longer queued is answered at
	// once, saying what became of it.
	if r.PostFormValue("confirm") != "1" {
		u, err := s.b.QueuedSend(r.Context(), person(r), id, s.clock.Now())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if u.Status == string(keepwarm.OutboxQueued) {
			l := lang(r)
			what := l.T(u.What)
			if u.Sequence != "" {
				what = fmt.Sprintf(l.T("%s · step %d"), u.Sequence, u.Step)
			}
			c := confirmSkipSend
			c.What = strings.Join([]string{u.CustomerName, what, u.Subject, l.TimeIn(u.DueAt, u.CustomerZone)}, " · ")
			switch {
			case u.Sequence != "" && u.Held && u.FollowUpStatus == string(keepwarm.EnrollFailed):
				// The held mail of a failed follow-up's last step: Skip
				// puts the step back, so Resume does it again.
				c.Text = fmt.Sprintf(l.T("Its follow-up failed (%s): the step is held, and goes when the follow-up is resumed. Skipped, this mail never goes, and when the follow-up is resumed step %d is written again and sent then; to send nothing more, stop the follow-up instead. Skip cannot be undone."), l.Err(u.Reason), u.Step)
			case u.Sequence != "" && u.Ended && u.FollowUpStatus == string(keepwarm.EnrollStopped):
				c.Text = l.T("Its follow-up was stopped since the step was queued: the step does not go out anyway. Skip only records it as skipped, and cannot be undone.")
			case u.Sequence != "" && u.Ended:
				how := l.T(u.FollowUpStatus)
				if u.Reason != "" {
					how = l.Err(u.Reason) // "answered by …", "opted out …"
				}
				c.Text = fmt.Sprintf(l.T("Its follow-up ended since the step was queued (%s): the step does not go out anyway. Skip only records it as skipped, and cannot be undone."), how)
			case u.Sequence != "" && u.Replaced:
				c.Text = l.T("An edit of its sequence replaced or removed this step since it was queued: it is not sent anyway, and the follow-up goes on with the step now in the plan. Skip only records it as skipped, and cannot be undone.")
			case u.Sequence != "" && u.Held && !u.PausedUntil.IsZero():
				// Paused until a day: the pause ends by itself then,
				// said so, not "when resumed", read as never unless
				// someone resumes it.
				until := l.TimeIn(u.PausedUntil, u.CustomerZone)
				c.Text = fmt.Sprintf(l.T("Its follow-up is paused until %s: the step is held, and goes by itself when the pause is over. Skipped, it never goes, and from %s the follow-up goes on with step %d, which may read as if this one had gone. Skip cannot be undone."), until, until, u.Step+1)
			case u.Sequence != "" && u.Held:
				c.Text = fmt.Sprintf(l.T("Its follow-up is paused: the step is held, and goes when the follow-up is resumed. Skipped, it never goes, and after Resume the follow-up goes on with step %d, which may read as if this one had gone. Skip cannot be undone."), u.Step+1)
			case u.Sequence != "" && u.Last:
				c.Text = l.T("It is not sent and not queued again, and the follow-up ends with it: it was its last step, nothing more goes out. Skip cannot be undone.")
			case u.Sequence != "":
				c.Text = fmt.Sprintf(l.T("It is not sent and not queued again; the follow-up goes on with step %d as planned, which may read as if this one had gone. Skip cannot be undone."), u.Step+1)
			}
			s.confirm(w, r, c)
			return
		}
		if u.PutBack > 0 {
			// Skipped by its last look, which put its step back to be
			// done again: Skip skips the step (or its mail written
			// since), and says so first.
			s.confirm(w, r, putBackQuestion(lang(r), u, s.clock.Now()))
			return
		}
	}
	s.act(w, r, "", func() (Change, error) { return s.b.SkipSend(r.Context(), person(r), id, s.clock.Now()) })
}

// putBackQuestion is the question before Skip on a mail its last look did
// not send but put its step back (u.PutBack), to be done again: what
// becomes of the step, and that Skip skips the step itself.
func putBackQuestion(l Lang, u Upcoming, now time.Time) confirmation {
	c := confirmSkipStep
	c.What = fmt.Sprintf(l.T("%s · %s · step %d"), u.CustomerName, u.Sequence, u.PutBack)
	var why string
	switch {
	case u.Requeued != 0 && u.Held && u.FollowUpStatus == string(keepwarm.EnrollFailed):
		// Written again, then its follow-up failed: Skip of the mail
		// written again puts the step back, and Resume does it again.
		c.Text = fmt.Sprintf(l.T("This mail was not sent: the last look before the send put step %d back, and it was written again since."), u.PutBack) + " " +
			fmt.Sprintf(l.T("Its follow-up failed (%s): the step is held, and goes when the follow-up is resumed. Skipped, this mail never goes, and when the follow-up is resumed step %d is written again and sent then; to send nothing more, stop the follow-up instead. Skip cannot be undone."), l.Err(u.Reason), u.PutBack)
		return c
	case u.Requeued != 0:
		why = fmt.Sprintf(l.T("This mail was not sent: the last look before the send put step %d back, and it was written again since, queued for %s."), u.PutBack, l.TimeIn(u.DueAt, u.CustomerZone))
	case u.FollowUpStatus == string(keepwarm.EnrollPaused) && !u.PausedUntil.IsZero():
		// The pause ends by itself: said when, not "when resumed", read
		// as never unless someone resumes it.
		why = fmt.Sprintf(l.T("This mail was not sent: its follow-up is paused until %s, so the last look before the send put step %d back, to be written again and sent when the pause is over, from %s."),
			l.TimeIn(u.PausedUntil, u.CustomerZone), u.PutBack, l.TimeIn(u.DueAt, u.CustomerZone))
	case u.FollowUpStatus == string(keepwarm.EnrollPaused):
		why = fmt.Sprintf(l.T("This mail was not sent: its follow-up is paused, so the last look before the send put step %d back, to be written again and sent when the follow-up is resumed."), u.PutBack)
	case !u.DueAt.After(now):
		why = fmt.Sprintf(l.T("This mail was not sent: the last look before the send put step %d back, to be written again and sent at once."), u.PutBack)
	default:
		why = fmt.Sprintf(l.T("This mail was not sent: the last look before the send put step %d back, to be written again and sent from %s."), u.PutBack, l.TimeIn(u.DueAt, u.CustomerZone))
	}
	steps := u.PutBack + 1
	if u.Last {
		steps = u.PutBack
	}
	c.Text = why + " " + skipStepText(l, u.PutBack, steps, "email")
	return c
}

// settleSend marks a failed or uncertain send as dealt with.
func (s *Server) settleSend(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	s.act(w, r, "", func() (Change, error) { return s.b.SettleSend(r.Context(), person(r), id, s.clock.Now()) })
}

// sendArrived records that an uncertain send arrived (a draft: that it is
// in Drafts).
func (s *Server) sendArrived(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	s.act(w, r, "", func() (Change, error) { return s.b.SendArrived(r.Context(), person(r), id, s.clock.Now()) })
}

// awayAdd records an absence from the desk's form. A refusal shows the
// desk again with the form as it was filled in and the reason beside it:
// a blank form after a notice lost the dates, and its "Who" back on the
// manager made a re-typed absence theirs.
func (s *Server) awayAdd(w http.ResponseWriter, r *http.Request) {
	f := AbsenceForm{Person: r.PostFormValue("person"), From: r.PostFormValue("from"), Until: r.PostFormValue("until"),
		Backup: r.PostFormValue("backup"), Note: strings.TrimSpace(r.PostFormValue("note"))}
	c, err := s.b.AddAbsence(r.Context(), person(r), f, s.clock.Now())
	if keepwarm.ErrorCode(err) != keepwarm.EINVALID {
		s.act(w, r, "/", func() (Change, error) { return c, err })
		return
	}
	d, derr := s.b.Desk(r.Context(), person(r), s.clock.Now(), DeskPage{})
	if derr != nil {
		// The desk's own fault is the one to report (and log), not the
		// refused dates.
		s.fail(w, r, derr)
		return
	}
	f.Person = strings.ToLower(strings.TrimSpace(f.Person))
	if f.Person == "" {
		f.Person = person(r).Email
	}
	f.Backup = strings.ToLower(strings.TrimSpace(f.Backup))
	s.render(w, r, http.StatusBadRequest, "desk", map[string]any{"Desk": d, "AwayForm": &f, "AwayError": lang(r).Err(errorText(err))})
}

// awayCancel ends an absence entered on the desk.
func (s *Server) awayCancel(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	s.act(w, r, "/", func() (Change, error) { return s.b.CancelAbsence(r.Context(), person(r), id, s.clock.Now()) })
}

// awayBack says an absence from the config or an out-of-office reply is
// over: the person is back.
func (s *Server) awayBack(w http.ResponseWriter, r *http.Request) {
	who := strings.TrimSpace(r.PostFormValue("person"))
	s.act(w, r, "/", func() (Change, error) { return s.b.BackNow(r.Context(), person(r), who, s.clock.Now()) })
}

// noAnswer marks a waiting customer mail as needing no answer; undo takes
// the mark back. Who may is the backend's rule (the store's query).
func (s *Server) noAnswer(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	s.act(w, r, "/", func() (Change, error) { return s.b.NoAnswerNeeded(r.Context(), person(r), id, s.clock.Now()) })
}

func (s *Server) noAnswerUndo(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	s.act(w, r, "/", func() (Change, error) { return s.b.UndoNoAnswerNeeded(r.Context(), person(r), id, s.clock.Now()) })
}

// confirmation is a question asked before a change that cannot be undone:
// its words (translated when shown) and the class of its button.
type confirmation struct {
	Title, Text, Yes, No, Op string
	What                     string // what it is about, already in the reader's language
	// Fields are the form's own values, posted again with the answer.
	Fields map[string]string
}

var confirmStop = confirmation{
	Title: "Stop this follow-up?",
	Text:  "Nothing more goes out in it, and it cannot be resumed: a new follow-up would begin again at its first step. To hold it for a while, pause it instead.",
	Yes:   "Stop it", No: "Keep it going", Op: "stop",
}

var confirmResend = confirmation{
	Title: "Send this step again?",
	Text:  "If the first mail did arrive, the customer gets the same mail a second time: ask them first if you can. Sent again, it cannot be taken back.",
	Yes:   "Send it again", No: "Keep it", Op: "stop",
}

var confirmRefile = confirmation{
	Title: "File this draft again?",
	Text:  "A second copy is filed in your Drafts: if the first one is there, or you sent it already, answer “It is in Drafts / I sent it: go on” instead, or the customer may get it twice.",
	Yes:   "File it again", No: "Keep it", Op: "stop",
}

// A reply came through the customer's list since the step's mail: sent
// (filed) again, the step waits for her Resume, as the engine keeps the
// follow-up paused after a possible answer; the question says so.
var confirmResendListHeld = confirmation{
	Title: "Send this step again when you resume?",
	Text:  "A reply came through the customer's list since this mail: read it first, it may be their answer. The step is put back and the follow-up stays paused: nothing is sent until you resume it, and then the step goes again. If the first mail did arrive, the customer gets the same mail a second time.",
	Yes:   "Send it again when I resume", No: "Keep it", Op: "stop",
}

var confirmRefileListHeld = confirmation{
	Title: "File this draft again when you resume?",
	Text:  "A reply came through the customer's list since this draft: read it first, it may be their answer. The step is put back and the follow-up stays paused: nothing is filed until you resume it, and then a second copy goes into your Drafts. If the first one is there, or you sent it, answer “It is in Drafts / I sent it” instead.",
	Yes:   "File it again when I resume", No: "Keep it", Op: "stop",
}

var confirmSkipStep = confirmation{
	Title: "Skip this step?",
	Yes:   "Skip it", No: "Keep it", Op: "skip",
}

var confirmSkipSend = confirmation{
	Title: "Skip this mail?",
	Text:  "It is not sent and not queued again: a greeting or a letter skipped today does not come back. Skip cannot be undone.",
	Yes:   "Skip it", No: "Keep it", Op: "skip",
}

var confirmRelease = confirmation{
	Title: "Release this customer to the pool?",
	Yes:   "Release it", No: "Keep it", Op: "stop",
}

// releaseQuestion is the question asked before pg goes back to the pool:
// who may claim it then, the cool-down on its owner, and that a won
// customer stops counting as won. owner is who the cool-down falls on, as
// the reader is to read it ("you", or a colleague's name).
func releaseQuestion(l Lang, pg CustomerPage, owner string) confirmation {
	c := confirmRelease
	c.What = pg.Name
	days := int(pg.Cooldown / (24 * time.Hour))
	var text []string
	switch {
	case days == 1:
		text = append(text, fmt.Sprintf(l.T("Any colleague may claim it, and %s cannot claim it again for a day."), owner))
	case days > 1:
		text = append(text, fmt.Sprintf(l.T("Any colleague may claim it, and %s cannot claim it again for %d days."), owner, days))
	default:
		text = append(text, l.T("Any colleague may claim it."))
	}
	if !pg.WonAt.IsZero() {
		text = append(text, l.T("It was marked won: it stops counting as won, and a claim afterwards comes with a deadline again."))
	}
	// A customer back in the pool is followed up in nobody's name: the
	// follow-up job stops each live one at its next look, for good.
	live := 0
	for _, e := range pg.Enrollments {
		if e.Status.Live() {
			live++
		}
	}
	switch {
	case live == 1:
		text = append(text, l.T("Its follow-up, active or paused, stops and cannot be resumed."))
	case live > 1:
		text = append(text, fmt.Sprintf(l.T("Its %d follow-ups, active or paused, stop and cannot be resumed."), live))
	}
	text = append(text, l.T("This cannot be undone from the desk."))
	sep := " "
	if l.Code == "zh" {
		sep = "" // Chinese sentences run on without a space
	}
	c.Text = strings.Join(text, sep)
	return c
}

// confirm answers a form posted without confirm=1 with a page that asks
// the question and posts the same form again with it; "no" goes back
// where the form came from, changing nothing.
func (s *Server) confirm(w http.ResponseWriter, r *http.Request, c confirmation) {
	to := r.PostFormValue("back")
	if to == "" {
		to = "/"
	}
	s.render(w, r, http.StatusOK, "confirm", map[string]any{"Title": c.Title, "What": c.What, "Text": c.Text, "Yes": c.Yes, "No": c.No,
		"Op": c.Op, "Action": r.URL.Path, "Back": safeNext(to), "Fields": c.Fields})
}
