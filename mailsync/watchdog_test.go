package mailsync_test

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// deadlineConn counts the deadlines set on a connection.
type deadlineConn struct {
	net.Conn
	sets *atomic.Int64
}

func (c deadlineConn) SetDeadline(t time.Time) error {
	c.sets.Add(1)
	return c.Conn.SetDeadline(t)
}

func (c deadlineConn) SetReadDeadline(t time.Time) error {
	c.sets.Add(1)
	return c.Conn.SetReadDeadline(t)
}

func (c deadlineConn) SetWriteDeadline(t time.Time) error {
	c.sets.Add(1)
	return c.Conn.SetWriteDeadline(t)
}

// Once logged in, the watchdog's limit is the connection's only deadline:
// imapclient's own (a read deadline set and cleared around every response
// and literal) do not reach the connection, where each is a timer change
// in the runtime, some 4 % of a first sync's CPU. A fetch of 400 messages
// moves the deadline a few times, not four times a message (1,671 times
// before).
func TestFetchDoesNotMoveTheDeadlineEachMessage(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 400)
	var sets atomic.Int64
	cfg := mailboxConfig(srv, "sales", salesUser)
	cfg.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return deadlineConn{Conn: c, sets: &sets}, nil
	}
	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
	sum := syncOnce(t, s)
	if sum.Fetched != 400 {
		t.Fatalf("fetched %d of 400", sum.Fetched)
	}
	if n := sets.Load(); n > 40 {
		t.Fatalf("the connection's deadline was set %d times for 400 messages; want a few", n)
	}
}
