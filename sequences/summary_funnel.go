package sequences

import (
	"sort"
	"strings"
	"time"

	"keepwarm"
)

// FunnelStep counts the enrollments answered after a number of steps.
type FunnelStep struct {
	// StepsDone is how many follow-up steps were done before the customer
	// answered: 0 = answered the first mail before any follow-up.
	StepsDone int `json:"steps_done"`
	Count     int `json:"count"`
}

// Funnel is what became of the threads enrolled in one sequence (or all):
// enrolled → answered (after which step) → no answer / bounced / opted out,
// with those still running and those that ended otherwise.
type Funnel struct {
	Sequence string `json:"sequence"` // "total" for every sequence
	Enrolled int    `json:"enrolled"`
	// Running are still active or paused; OutOfOffice of them wait for the
	// customer's return (an automatic reply paused them).
	Running     int `json:"running"`
	OutOfOffice int `json:"out_of_office"`
	// Answered answered by mail, AnsweredAfter after how many steps.
	Answered      int          `json:"answered"`
	AnsweredAfter []FunnelStep `json:"answered_after"`
	// AnsweredByPhone ended with the sequence's call reaching the customer
	// (its task closed with why they went quiet): the mails got no answer,
	// the call learnt where things stand.
	AnsweredByPhone int `json:"answered_by_phone"`
	// NoAnswer did every step without an answer.
	NoAnswer int `json:"no_answer"`
	Bounced  int `json:"bounced"`
	OptedOut int `json:"opted_out"`
	// Stopped by a person, Superseded by a newer thread of the customer,
	// Failed (no mailbox, a template that did not render).
	Stopped    int `json:"stopped"`
	Superseded int `json:"superseded"`
	Failed     int `json:"failed"`
	// DryRun ended with every step recorded in dry-run mode: nothing
	// reached the customer, so whatever became of them (mostly "every
	// step done") says nothing of the sequence. In no other column, nor
	// in the answer rate. A follow-up still running is Running whatever
	// its mode.
	DryRun int `json:"dry_run"`
	// AnswerRate = Answered / (Answered + AnsweredByPhone + NoAnswer +
	// Bounced + OptedOut): the share answered by mail of the enrollments
	// that reached an outcome; null when none did.
	AnswerRate *float64 `json:"answer_rate"`
}

// FunnelReport is the funnel of the enrollments created in [Since, Until).
type FunnelReport struct {
	Since     time.Time `json:"since"`
	Until     time.Time `json:"until"`
	Total     Funnel    `json:"total"`
	Sequences []Funnel  `json:"sequences"` // by name
}

// BuildFunnel counts the enrollments created in [since, until), per
// sequence and in total. dryRun holds the enrollments whose every step
// was recorded in dry-run mode (the store's DryRunEnrollments). It does
// not block.
func BuildFunnel(enrs []keepwarm.Enrollment, dryRun map[int64]bool, since, until time.Time) FunnelReport {
	rep := FunnelReport{Since: since.UTC(), Until: until.UTC(), Total: Funnel{Sequence: "total"}, Sequences: []Funnel{}}
	by := map[string]*Funnel{}
	var names []string
	for _, e := range enrs {
		if e.CreatedAt.Before(since) || !e.CreatedAt.Before(until) {
			continue
		}
		f, ok := by[e.Sequence]
		if !ok {
			f = &Funnel{Sequence: e.Sequence}
			by[e.Sequence] = f
			names = append(names, e.Sequence)
		}
		dry := dryRun[e.ID] && !e.Status.Live()
		f.add(e, dry)
		rep.Total.add(e, dry)
	}
	sort.Strings(names)
	for _, n := range names {
		rep.Sequences = append(rep.Sequences, by[n].finish())
	}
	rep.Total = rep.Total.finish()
	return rep
}

func (f *Funnel) add(e keepwarm.Enrollment, dryRun bool) {
	f.Enrolled++
	if dryRun {
		f.DryRun++
		return
	}
	switch e.Status {
	case keepwarm.EnrollActive, keepwarm.EnrollPaused:
		f.Running++
		if e.Status == keepwarm.EnrollPaused && strings.HasPrefix(e.Reason, outOfOfficeReason) {
			f.OutOfOffice++
		}
	case keepwarm.EnrollReplied:
		if strings.HasPrefix(e.Reason, answeredByPhoneReason) {
			f.AnsweredByPhone++
			return
		}
		f.Answered++
		for i := range f.AnsweredAfter {
			if f.AnsweredAfter[i].StepsDone == e.Step {
				f.AnsweredAfter[i].Count++
				return
			}
		}
		f.AnsweredAfter = append(f.AnsweredAfter, FunnelStep{StepsDone: e.Step, Count: 1})
	case keepwarm.EnrollCompleted:
		f.NoAnswer++
	case keepwarm.EnrollBounced:
		f.Bounced++
	case keepwarm.EnrollOptedOut:
		f.OptedOut++
	case keepwarm.EnrollStopped:
		f.Stopped++
	case keepwarm.EnrollSuperseded:
		f.Superseded++
	case keepwarm.EnrollFailed:
		f.Failed++
	}
}

func (f Funnel) finish() Funnel {
	if f.AnsweredAfter == nil {
		f.AnsweredAfter = []FunnelStep{}
	}
	sort.Slice(f.AnsweredAfter, func(i, j int) bool { return f.AnsweredAfter[i].StepsDone < f.AnsweredAfter[j].StepsDone })
	if n := f.Answered + f.AnsweredByPhone + f.NoAnswer + f.Bounced + f.OptedOut; n > 0 {
		r := float64(f.Answered) / float64(n)
		f.AnswerRate = &r
	}
	return f
}
