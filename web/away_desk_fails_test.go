package web_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// deskFailsAfterRefusal is the real backend whose desk cannot be read
// once an absence was refused (the database locked meanwhile).
type deskFailsAfterRefusal struct {
	web.Backend
	refused bool
}

var errDeskLocked = errors.New("database is locked")

func (b *deskFailsAfterRefusal) AddAbsence(ctx context.Context, p web.Person, a web.AbsenceForm, now time.Time) (web.Change, error) {
	c, err := b.Backend.AddAbsence(ctx, p, a, now)
	b.refused = keepwarm.ErrorCode(err) == keepwarm.EINVALID
	return c, err
}

func (b *deskFailsAfterRefusal) Desk(ctx context.Context, p web.Person, now time.Time, page web.DeskPage) (web.Desk, error) {
	if b.refused {
		return web.Desk{}, errDeskLocked
	}
	return b.Backend.Desk(ctx, p, now, page)
}

// An absence refused while the desk cannot be read: the answer is the
// desk's failure, logged, not the refused dates passed off as the fault.
func TestRefusedAbsenceWithDeskFailingReportsTheDesk(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	var log bytes.Buffer
	w.cfg.Log = slog.New(slog.NewTextHandler(&log, nil))
	w.be = &deskFailsAfterRefusal{Backend: w.be}
	w.rebase(w.cfg.BaseURL)
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	today := now0.In(shanghai).Format("2006-01-02")
	later := now0.In(shanghai).AddDate(0, 0, 3).Format("2006-01-02")
	code, body := lilyC.do("/", "/away", url.Values{"from": {later}, "until": {today}})
	if code != http.StatusInternalServerError || strings.Contains(body, "Until must come after from") {
		t.Fatalf("refused absence, desk failing: %d %s", code, body)
	}
	mustContain(t, "the answer", body, "Something went wrong")
	if !strings.Contains(log.String(), errDeskLocked.Error()) {
		t.Fatalf("the desk's failure is not in the log:\n%s", log.String())
	}
}
