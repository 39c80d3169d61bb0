package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"keepwarm/book"
	"keepwarm/store"
)

// reviewsReport is what `keepwarm reviews` lists for the digest: reviews
// due by grade cadence and pool claims about to return to the pool.
type reviewsReport struct {
	Due       []store.DueReview   `json:"due"`
	Returning []store.ClaimStatus `json:"returning"`
}

// cmdReviews lists the customers whose review is due and the pool claims
// returning soon, for one salesperson or everyone.
type reviewsCmd struct {
	Salesperson string `name:"salesperson" help:"only this salesperson's customers (email or name)"`
	JSON        bool   `name:"json" help:"print JSON"`
}

func (opt *reviewsCmd) Run(ctx context.Context, m *Main) error {
	sp, asJSON := &opt.Salesperson, &opt.JSON
	who := ""
	if *sp != "" {
		var ok bool
		if who, ok = m.app.Salesperson(*sp); !ok {
			return usageError{fmt.Sprintf("reviews: --salesperson %q is not a configured [[salesperson]]: give their email or name (%s)", *sp, strings.Join(m.salespeople(), ", "))}
		}
	}
	if err := m.catchUpBook(ctx, ""); err != nil {
		return err
	}
	now, rules := m.clock.Now(), m.cfg.Book.Rules()
	var rep reviewsReport
	var err error
	if rep.Due, err = m.db.DueReviews(ctx, now, rules, who); err != nil {
		return err
	}
	if rep.Returning, err = m.db.Claims(ctx, now, rules, who, true); err != nil {
		return err
	}
	if rep.Due == nil {
		rep.Due = []store.DueReview{}
	}
	if rep.Returning == nil {
		rep.Returning = []store.ClaimStatus{}
	}
	if *asJSON {
		return writeJSON(m.Stdout, rep)
	}
	loc := m.cfg.TeamLocation()
	fmt.Fprintf(m.Stdout, "reviews due: %d\n", len(rep.Due))
	if len(rep.Due) > 0 {
		tw := newTable(m.Stdout)
		fmt.Fprintln(tw, "ID\tCUSTOMER\tOWNER\tGRADE\tDUE\tLAST REVIEW\tLAST IN")
		for _, d := range rep.Due {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s (%s)\t%s\t%s\n", d.ID, truncate(d.Name, 30), m.ownerName(d.Owner), d.Grade,
				d.DueAt.In(loc).Format(timeLayout), overdue(d, now), fmtTimePtr(d.ReviewedAt, loc), fmtTimePtr(d.LastInboundAt, loc))
		}
		tw.Flush()
	}
	fmt.Fprintf(m.Stdout, "pool claims returning soon: %d\n", len(rep.Returning))
	if len(rep.Returning) > 0 {
		tw := newTable(m.Stdout)
		fmt.Fprintln(tw, "ID\tCUSTOMER\tSALESPERSON\tDEADLINE\tSTATUS")
		for _, c := range rep.Returning {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", c.ID, truncate(c.Name, 30), m.ownerName(c.Owner), fmtTimePtr(c.PoolDeadline, loc), c.Status)
		}
		tw.Flush()
	}
	fmt.Fprintln(m.Stdout, zoneNote(loc, now))
	return nil
}

// overdue says how late a review is, in whole days.
func overdue(d store.DueReview, now time.Time) string {
	switch days := int(now.Sub(d.DueAt) / book.Day); days {
	case 0:
		return "today"
	case 1:
		return "1 day late"
	default:
		return fmt.Sprintf("%d days late", days)
	}
}
