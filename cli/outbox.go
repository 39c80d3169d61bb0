package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"keepwarm"
)

// outboxLine is one outbox item as `keepwarm outbox` reports it.
type outboxLine struct {
	ID        int64                 `json:"id"`
	Customer  string                `json:"customer"`
	Thread    int64                 `json:"thread"`
	Sequence  string                `json:"sequence"`
	Step      *int                  `json:"step"` // 1-based, as people count
	Action    string                `json:"action"`
	Mode      keepwarm.SendMode     `json:"mode"`
	DueAt     time.Time             `json:"due_at"`
	Status    keepwarm.OutboxStatus `json:"status"`
	MessageID string                `json:"message_id"`
	To        string                `json:"to"`
	Subject   string                `json:"subject"`
	Attempts  int                   `json:"attempts"`
	LastError string                `json:"last_error,omitempty"`
}

// cmdOutbox lists what keepwarm sent, drafted, skipped or means to send,
// with the uncertain sends a person must check.
type outboxCmd struct {
	JSON   bool   `name:"json" help:"print JSON"`
	Status string `name:"status" help:"only items in this status (queued, sending, sent, failed, uncertain, drafted, skipped)"`
}

func (opt *outboxCmd) Run(ctx context.Context, m *Main) error {
	asJSON, status := &opt.JSON, &opt.Status
	f := keepwarm.OutboxFilter{}
	if *status != "" {
		f.Status = []keepwarm.OutboxStatus{keepwarm.OutboxStatus(*status)}
	}
	items, err := m.db.ListOutbox(ctx, f)
	if err != nil {
		return err
	}
	keys, err := m.customerKeys(ctx)
	if err != nil {
		return err
	}
	lines := make([]outboxLine, len(items))
	for i, it := range items {
		l := outboxLine{ID: it.ID, Customer: keys[it.CustomerID], Thread: it.ThreadID, Sequence: it.Sequence,
			Action: "email", Mode: it.Mode, DueAt: it.DueAt, Status: it.Status, MessageID: it.MessageID,
			Subject: it.Subject, Attempts: it.Attempts, LastError: it.LastError}
		if it.Step != nil {
			s := *it.Step + 1
			l.Step = &s
		}
		if len(it.To) > 0 {
			l.To = it.To[0].Email
		}
		lines[i] = l
	}
	if *asJSON {
		return writeJSON(m.Stdout, lines)
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCUSTOMER\tTHREAD\tSEQUENCE\tSTEP\tACTION\tDUE\tSTATUS\tMESSAGE-ID\tNOTE")
	loc := m.cfg.TeamLocation()
	uncertain := 0
	for _, l := range lines {
		step := "-"
		if l.Step != nil {
			step = fmt.Sprint(*l.Step)
		}
		if l.Status == keepwarm.OutboxUncertain {
			uncertain++
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.ID, orDash(l.Customer), l.Thread, orDash(l.Sequence),
			step, l.Action+"/"+string(l.Mode), l.DueAt.In(loc).Format("2006-01-02 15:04"), l.Status, l.MessageID, truncate(l.LastError, 60))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if uncertain > 0 {
		fmt.Fprintf(m.Stdout, "%d uncertain send(s): the connection broke while sending; ask the recipient before sending again\n", uncertain)
	}
	return nil
}

// customerKeys maps customer ids to keys, for reports.
func (m *Main) customerKeys(ctx context.Context) (map[int64]string, error) {
	cs, err := m.db.ListCustomers(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(cs))
	for _, c := range cs {
		out[c.ID] = c.Key
	}
	return out, nil
}
