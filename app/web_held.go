package app

import (
	"context"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// heldChanger is the web's follow-up engine while the sequences or
// templates have problems (the daemon then holds every follow-up): a
// person may still pause or stop a customer's follow-up, or say a step
// arrived, which render and send nothing; resuming, sending again and
// skipping a step wait for the files to be fixed. It is not a
// consoleEngine: the console shows the files' problems, not a forecast.
type heldChanger struct {
	fu *sequences.FollowUp
}

// heldRefusal is what the desk says to a change a held engine refuses
// (the problems themselves are in the log and on the console's pages).
const heldRefusal = "follow-ups are off until the sequences and templates are fixed (the Sequences and Templates pages show the problems): meanwhile a follow-up can be paused or stopped, not resumed, sent again or skipped"

func (h heldChanger) refuse() error {
	return keepwarm.Errorf(keepwarm.EINVALID, heldRefusal)
}

func (h heldChanger) Pause(ctx context.Context, id int64, until, now time.Time) (keepwarm.Enrollment, error) {
	return h.fu.Pause(ctx, id, until, now)
}

func (h heldChanger) Stop(ctx context.Context, id int64, now time.Time) (keepwarm.Enrollment, error) {
	return h.fu.Stop(ctx, id, now)
}

func (h heldChanger) UncertainStep(ctx context.Context, e keepwarm.Enrollment) (keepwarm.OutboxItem, bool, error) {
	return h.fu.UncertainStep(ctx, e)
}

func (h heldChanger) StepMail(ctx context.Context, e keepwarm.Enrollment) (keepwarm.OutboxItem, bool, error) {
	return h.fu.StepMail(ctx, e)
}

func (h heldChanger) NextStepAt(ctx context.Context, e keepwarm.Enrollment) (time.Time, bool, error) {
	return h.fu.NextStepAt(ctx, e)
}

func (h heldChanger) Arrived(ctx context.Context, id int64, by string, now time.Time) (keepwarm.Enrollment, error) {
	return h.fu.Arrived(ctx, id, by, now)
}

func (h heldChanger) Resume(ctx context.Context, id int64, now time.Time) (keepwarm.Enrollment, error) {
	return keepwarm.Enrollment{}, h.refuse()
}

func (h heldChanger) SendAgain(ctx context.Context, id int64, now time.Time) (keepwarm.Enrollment, error) {
	return keepwarm.Enrollment{}, h.refuse()
}

func (h heldChanger) SkipStep(ctx context.Context, id int64, step int, by string, now time.Time) (keepwarm.Enrollment, error) {
	return keepwarm.Enrollment{}, h.refuse()
}

// PutBackFailed puts back the step of a failed follow-up's held mail a
// person skips, as the running engine does: it renders and sends nothing,
// and without it Resume, once the files are fixed, would take the skipped
// mail as the step done.
func (h heldChanger) PutBackFailed(ctx context.Context, item keepwarm.OutboxItem, by string, now time.Time) (string, error) {
	if h.fu == nil {
		return "", nil
	}
	return h.fu.PutBackFailed(ctx, item, by, now)
}
