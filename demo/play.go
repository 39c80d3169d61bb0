package demo

import (
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// play runs the script for days days. The clock jumps from one instant to
// the next at which something can happen: a scripted event, an instant the
// store says work falls due (a nudge, a follow-up step, an outbox retry),
// the top of every hour and 08:30 (for the jobs whose next instant only they
// know: greetings and digests). At each instant the events happen, then one
// cycle runs.
func (r *demoRun) play(ctx context.Context, days int) error {
	r.pending, r.triggers = r.script()
	sort.SliceStable(r.pending, func(i, j int) bool { return r.pending[i].at.Before(r.pending[j].at) })
	end := r.at(days, "00:00")
	if err := r.planGreetings(ctx, end); err != nil {
		return err
	}
	if err := r.cycle(ctx); err != nil {
		return err
	}
	for {
		next, err := r.nextWake(ctx)
		if err != nil {
			return err
		}
		if !next.Before(end) {
			break
		}
		r.clock.Set(next)
		for len(r.pending) > 0 && !r.pending[0].at.After(next) {
			ev := r.pending[0]
			r.pending = r.pending[1:]
			if err := ev.do(ctx); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := r.cycle(ctx); err != nil {
			return err
		}
		if err := r.fireTriggers(ctx); err != nil {
			return err
		}
	}
	r.clock.Set(end)
	if len(r.tickErrs) > 0 {
		return fmt.Errorf("demo: %d tick(s) reported errors, first: %w", len(r.tickErrs), r.tickErrs[0])
	}
	return nil
}

// nextWake is the earliest instant after now at which something may happen.
func (r *demoRun) nextWake(ctx context.Context) (time.Time, error) {
	now := r.clock.Now()
	best := now.In(r.loc).Truncate(time.Hour).Add(time.Hour)
	consider := func(t time.Time) {
		if t.After(now) && t.Before(best) {
			best = t
		}
	}
	y, mo, d := now.In(r.loc).Date()
	consider(time.Date(y, mo, d, 8, 30, 0, 0, r.loc))
	if len(r.pending) > 0 {
		consider(r.pending[0].at)
	}
	consider(r.soon)
	for _, t := range r.greetAt {
		consider(t)
	}
	db, cfg := r.app.DB, r.app.Cfg
	if at, ok, err := db.NextNudgeAt(ctx, cfg.Replies.NudgeAfter.Duration, now.Add(-cfg.Replies.NudgeBacklogLimit.Duration)); err != nil {
		return time.Time{}, err
	} else if ok {
		consider(at)
	}
	if at, ok, err := db.NextDue(ctx, ""); err != nil {
		return time.Time{}, err
	} else if ok {
		consider(at)
	}
	live, err := db.LiveEnrollments(ctx)
	if err != nil {
		return time.Time{}, err
	}
	for _, e := range live {
		consider(e.DueAt)
		consider(e.PausedUntil)
	}
	return best, nil
}

// planGreetings asks the greetings job's planner (what `keepwarm greetings
// plan` prints) when its greetings go out, so the clock stops there.
func (r *demoRun) planGreetings(ctx context.Context, end time.Time) error {
	g, err := r.app.NewGreetings(nil)
	if err != nil || g == nil {
		return err
	}
	for month := r.start; !month.After(end); month = month.AddDate(0, 1, 0) {
		plan, err := g.PlanMonth(ctx, month.Format("2006-01"), r.start)
		if err != nil {
			return err
		}
		for _, it := range plan.Items {
			r.greetAt = append(r.greetAt, it.SendAt)
		}
	}
	return nil
}

// fireTriggers lets the script react to what keepwarm delivered.
func (r *demoRun) fireTriggers(ctx context.Context) error {
	got := r.mail.receivedSince(r.trigSeen)
	r.trigSeen += len(got)
	for _, s := range got {
		msg, err := mail.ReadMessage(bytes.NewReader(s.Raw))
		if err != nil {
			continue
		}
		for i := 0; i < len(r.triggers); i++ {
			t := r.triggers[i]
			if !containsFold(s.To, t.to) || !t.match(msg.Header) {
				continue
			}
			r.triggers = append(r.triggers[:i], r.triggers[i+1:]...)
			i--
			if err := t.react(ctx, msg.Header); err != nil {
				return err
			}
		}
	}
	return nil
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// summary shows, through keepwarm's own report commands, where the two weeks
// ended.
func (r *demoRun) summary(ctx context.Context) error {
	fmt.Fprintf(r.out, "\nafter the play, keepwarm's own reports (as of %s %s):\n", r.clock.Now().In(r.loc).Format("2006-01-02 15:04"), r.loc)
	for _, args := range [][]string{
		{"report", "replies", "--since", "2026-11-16"},
		{"report", "sequences", "--since", "2026-11-16"},
		{"enrollments"},
		{"tasks"},
	} {
		title := "keepwarm " + strings.Join(args, " ")
		var buf bytes.Buffer
		if err := r.opt.Command(ctx, r.app, &buf, args...); err != nil {
			return fmt.Errorf("demo: %s: %w", title, err)
		}
		fmt.Fprintf(r.out, "\n$ %s\n%s", title, buf.String())
	}
	return nil
}

// saveMailboxes writes every demo mailbox under dir as one .eml file per
// message: dir/<address>/<folder>/001.eml.
func (r *demoRun) saveMailboxes(dir string) error {
	for _, p := range r.cast.people() {
		for _, folder := range []string{"INBOX", "Sent", "Drafts"} {
			raws, err := r.mail.fetch(p.Email, folder)
			if err != nil {
				return err
			}
			if len(raws) == 0 {
				continue
			}
			sub := filepath.Join(dir, p.Email, folder)
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			for i, raw := range raws {
				if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%03d.eml", i+1)), raw, 0o644); err != nil {
					return fmt.Errorf("demo: %w", err)
				}
			}
		}
	}
	return nil
}
