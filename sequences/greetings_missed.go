package sequences

import (
	"context"
	"fmt"
	"strings"
	"time"

	"keepwarm"
)

// missedReason says why an item whose time is over was never queued, as
// far as the store can still tell: the customer's mail waiting for an
// answer, the text of the team's latest mail still being read, the weekly
// cap full until the item's time ran out, a letter's last day taken by
// other mail from keepwarm; else keepwarm did not queue it
// in its time (it was not running, as far as anyone can tell).
func (g *Greetings) missedReason(ctx context.Context, it *PlanItem) (string, error) {
	if w := it.rec.WaitingSince; answerAwaited(w, it.Latest) {
		return "not sent: " + awaitedReason(it.Kind, w.In(it.loc)), nil
	}
	if it.Kind == OriginLetter && it.rec.FollowUp != 0 && it.rec.FollowUpSince.Before(it.Latest) {
		return "not sent: " + recFollowUpReason(it) + followUpEnded(it.rec.FollowUpPaused), nil
	}
	spans := g.goSpans(it)
	what, end := "day", it.Latest
	if it.Kind == OriginLetter {
		what = "month"
	}
	if len(spans) > 0 {
		end = spans[len(spans)-1].to
	}
	ended := end.In(it.loc).Format("2006-01-02 15:04 MST")
	if it.rec.OwnTextPending && !it.rec.LastWrittenAt.After(end) {
		return fmt.Sprintf("not sent: the text of the team's latest mail to this contact (its language and greeting) was still being read when its %s ended (%s)",
			what, ended), nil
	}
	// The cap's count only rises when keepwarm queues or sends mail: full
	// at the last instant the item could go, it was full all along, or it
	// filled while keepwarm ran and the item waited for a slot.
	h, held, err := g.cap.heldAtEnd(ctx, []keepwarm.Address{it.To}, spans)
	if err != nil {
		return "", err
	}
	if held {
		full := fmt.Sprintf("%s already had %d automated mail(s) from the 7 days before (at most %d a week), and the next slot freed only at %s",
			h.who, h.count, g.cap.n, h.until.In(it.loc).Format("2006-01-02 15:04 MST"))
		if !h.since.After(spans[0].from) {
			return fmt.Sprintf("not sent: the weekly cap of mail to this contact was reached all through its %s (until %s): %s",
				what, ended, full), nil
		}
		return fmt.Sprintf("not sent: the weekly cap of mail to this contact was reached from %s until its %s ended (%s): %s; before that keepwarm did not queue it (was it running?)",
			h.since.In(it.loc).Format("2006-01-02 15:04 MST"), what, ended, full), nil
	}
	if it.Kind == OriginLetter && it.Mode == keepwarm.ModeSend && len(spans) > 0 {
		// Its sender was away at the last moment it could go: it was held
		// for them, not forgotten.
		if a, away, err := g.cfg.Away.absent(ctx, it.rec.Customer.Owner, nil, end.Add(-time.Minute)); err != nil {
			return "", err
		} else if away {
			return fmt.Sprintf("not sent: %s was away (%s) when its month's last working day ended (%s): it is not sent in their name while they are away",
				it.rec.Customer.Owner, a.Source, ended), nil
		}
	}
	if it.Kind == OriginLetter && len(spans) > 0 {
		last := spans[len(spans)-1]
		// The team wrote to the customer on its last working day.
		if w := it.rec.LastWrittenAt; !w.Before(wallTime(it.loc, civil(last.from.In(it.loc)), 0)) && w.Before(last.to) {
			return fmt.Sprintf("not sent: the team wrote to %s on the last working day its month allowed (%s, %s): the letter does not follow a personal mail the same day",
				it.rec.Customer.Name, last.from.In(it.loc).Format("2006-01-02"), w.In(it.loc).Format("15:04 MST")), nil
		}
		// Its last working day went to other mail from keepwarm.
		sent, err := g.store.AutomatedSince(ctx, []string{strings.ToLower(it.To.Email)}, wallTime(it.loc, civil(last.from.In(it.loc)), 0))
		if err != nil {
			return "", err
		}
		for _, t := range sent[strings.ToLower(it.To.Email)] {
			if t.Before(last.to) {
				return fmt.Sprintf("not sent: on the last working day its month allowed (%s), %s already had a mail from keepwarm (%s): one a day at most",
					last.from.In(it.loc).Format("2006-01-02"), it.To.Email, t.In(it.loc).Format("15:04 MST")), nil
			}
		}
	}
	return fmt.Sprintf("not sent: keepwarm did not queue it before its %s ended (%s) and nothing held it: was keepwarm running? It is not sent late",
		what, ended), nil
}

// goSpans are the times an item could be queued in: a greeting's day from
// its send time to the window's end; a letter's send windows on the
// customer's working days of its month from its send time on (as
// mayGoNow allows).
func (g *Greetings) goSpans(it *PlanItem) []span {
	if it.Kind != OriginLetter {
		return []span{{it.SendAt, it.Latest}}
	}
	var out []span
	for day := civil(it.SendAt.In(it.loc)); ; day = day.AddDate(0, 0, 1) {
		start, end := wallTime(it.loc, day, g.cfg.WindowStart), wallTime(it.loc, day, g.cfg.WindowEnd)
		if !start.Before(it.Latest) {
			return out
		}
		if !IsSendingDay(g.cfg.Calendars, it.Country, day) {
			continue
		}
		start, end = whLater(start, it.SendAt), whEarlier(end, it.Latest)
		if start.Before(end) {
			out = append(out, span{start, end})
		}
	}
}
