package mailsync

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"os"
	"slices"
	"syscall"
	"testing"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
)

func TestFetchSplit(t *testing.T) {
	no := &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeServerBug, Text: "Internal error occurred"}
	uids := []uint32{1, 2, 3, 4, 5, 6, 7}
	// refuse answers NO for any FETCH holding a UID in bad.
	refuse := func(bad ...uint32) (func([]uint32) error, *[]uint32) {
		var got []uint32
		return func(u []uint32) error {
			for _, b := range bad {
				if slices.Contains(u, b) {
					return no
				}
			}
			got = append(got, u...)
			return nil
		}, &got
	}

	fetch, got := refuse(3, 6)
	refused, err := fetchSplit(uids, fetch)
	if err != nil {
		t.Fatal(err)
	}
	if keys := slices.Sorted(maps.Keys(refused)); !slices.Equal(keys, []uint32{3, 6}) || refused[3] != "NO [SERVERBUG] Internal error occurred" {
		t.Fatalf("refused %v", refused)
	}
	if slices.Sort(*got); !slices.Equal(*got, []uint32{1, 2, 4, 5, 7}) {
		t.Fatalf("fetched %v", *got)
	}

	// Not one UID of several can be fetched: the folder or the server is
	// the trouble, not its messages.
	fetch, _ = refuse(uids...)
	if _, err := fetchSplit(uids, fetch); !errors.Is(err, no) {
		t.Fatalf("all refused: err %v, want the refusal", err)
	}
	// One UID alone, refused: a placeholder.
	fetch, _ = refuse(9)
	if refused, err := fetchSplit([]uint32{9}, fetch); err != nil || refused[9] == "" {
		t.Fatalf("one refused: %v %v", refused, err)
	}
	// A refusal about the account or a limit is no message's fault.
	for _, e := range []error{
		&imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeAlert, Text: "Account exceeded command or bandwidth limits"},
		&imap.Error{Type: imap.StatusResponseTypeBad, Text: "Error in IMAP command"},
		errors.New("connection reset"),
	} {
		calls := 0
		_, err := fetchSplit(uids, func([]uint32) error { calls++; return e })
		if err != e || calls != 1 {
			t.Errorf("%v: err %v after %d FETCHes, want it after 1", e, err, calls)
		}
	}
}

// Only a connection the server closed (the stream ended, as Dovecot ends
// it at a damaged file) counts against the message fetched alone: a
// timeout, a reset or a TLS alert is the link's, and a FETCH that then
// serves the message forgets the count.
func TestDropCountsOnlyServerCloses(t *testing.T) {
	s := NewSyncer(MailboxConfig{Name: "team"}, nil, nil, keepwarm.SystemClock{}, slog.New(slog.DiscardHandler), SyncOptions{})
	f := FolderSpec{Name: "INBOX", Role: keepwarm.RoleInbox}
	for _, err := range []error{
		&net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded},
		&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET},
		errors.New("remote error: tls: bad record MAC"),
		fmt.Errorf("read: %w", net.ErrClosed),
	} {
		s.noteDrop(f, 1, []uint32{7}, err)
		if n := s.dropped("INBOX", 1, 7); n != 0 {
			t.Fatalf("%v counted against the message: %d", err, n)
		}
	}
	if !s.isCareful("INBOX") {
		t.Fatal("a lost connection leaves the folder's next batch fetched a message at a time")
	}
	s.noteDrop(f, 1, []uint32{7}, io.ErrUnexpectedEOF)
	if n := s.dropped("INBOX", 1, 7); n != 1 {
		t.Fatalf("the server's close counted %d; want 1", n)
	}
	s.fetchedAlone("INBOX", 1, 7)
	s.noteDrop(f, 1, []uint32{7}, io.ErrUnexpectedEOF)
	if n := s.dropped("INBOX", 1, 7); n != 1 {
		t.Fatalf("after a FETCH that served it, one more close counted %d; want 1", n)
	}
}
