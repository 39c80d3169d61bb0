package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"

	"github.com/jmoiron/sqlx"
)

// folderBatches cuts a realistic history into each folder's batches of size
// copies, in the order sync would store them, with each batch's position.
type folderBatch struct {
	state keepwarm.FolderState
	batch []keepwarm.Incoming
}

// historyFolders is a mailtest.History of n messages grouped by mailbox and
// folder, in the order the folders first appear, and its last message's time.
func historyFolders(n int) ([][]keepwarm.Incoming, time.Time) {
	msgs, last := mailtest.History(n, mailtest.HistoryOptions{})
	folders := map[[2]string][]keepwarm.Incoming{}
	var order [][2]string
	for _, in := range msgs {
		k := [2]string{in.Copy.Mailbox, in.Copy.Folder}
		if folders[k] == nil {
			order = append(order, k)
		}
		folders[k] = append(folders[k], in)
	}
	out := make([][]keepwarm.Incoming, len(order))
	for i, k := range order {
		out[i] = folders[k]
	}
	return out, last
}

// historyBatches cuts historyFolders(n) into batches of size with the
// folder position sync would store with each.
func historyBatches(n, size int) []folderBatch {
	folders, _ := historyFolders(n)
	var out []folderBatch
	for _, all := range folders {
		for i := 0; i < len(all); i += size {
			b := all[i:min(i+size, len(all))]
			out = append(out, folderBatch{batch: b, state: keepwarm.FolderState{Mailbox: b[0].Copy.Mailbox, Folder: b[0].Copy.Folder,
				UIDValidity: b[0].Copy.UIDValidity, LastUID: b[len(b)-1].Copy.UID, SyncedAt: b[len(b)-1].Copy.InternalDate}})
		}
	}
	return out
}

// dump renders what sync stores, ids included, table by table.
func dump(t testing.TB, db *DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT * FROM customers ORDER BY id`,
		`SELECT * FROM contacts ORDER BY id`,
		`SELECT * FROM threads ORDER BY id`,
		`SELECT * FROM messages ORDER BY id`,
		`SELECT * FROM message_copies ORDER BY mailbox, folder, uid_validity, uid`,
		`SELECT * FROM message_contacts ORDER BY message_id, contact_id`,
		`SELECT * FROM message_texts ORDER BY message_id`,
		`SELECT * FROM thread_keys ORDER BY key`,
		`SELECT * FROM thread_merges ORDER BY from_id`,
		`SELECT * FROM reply_dirty ORDER BY thread_id`,
		`SELECT * FROM folders ORDER BY mailbox, folder`,
	} {
		rows, err := db.r.Queryx(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		fmt.Fprintln(&b, q)
		for rows.Next() {
			row, err := rows.SliceScan()
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range row {
				if bs, ok := v.([]byte); ok {
					row[i] = string(bs)
				}
			}
			fmt.Fprintln(&b, row...)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}

// saveEach stores every batch in a transaction of its own.
func saveEach(t testing.TB, db *DB, batches []folderBatch) {
	t.Helper()
	for _, fb := range batches {
		if _, err := db.SaveBatch(context.Background(), fb.state, fb.batch); err != nil {
			t.Fatal(err)
		}
	}
}

// A SaveTx stores exactly what DB.SaveBatch does, whichever batches share
// a transaction.
func TestSaveTxStoresAsSaveBatch(t *testing.T) {
	batches := historyBatches(3000, 200)
	want := openTest(t)
	saveEach(t, want, batches)

	got := openTest(t)
	tx := got.BeginSave()
	for i, fb := range batches {
		if _, err := tx.SaveBatch(context.Background(), fb.state, fb.batch); err != nil {
			t.Fatal(err)
		}
		if i%3 == 2 {
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	w, g := dump(t, want), dump(t, got)
	if w != g {
		t.Fatalf("stored through one SaveTx differs from batch by batch:\n%s", firstDiff(w, g))
	}
	if n := count(t, got, `SELECT count(*) FROM messages`); n < 2500 {
		t.Fatalf("%d messages stored; the history has 3000 copies", n)
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("want %d lines, got %d", len(al), len(bl))
}

// A batch that fails rolls back every batch since the last commit with it,
// positions included; the SaveTx then opens a fresh transaction.
func TestSaveTxFailedBatchRollsBackToLastCommit(t *testing.T) {
	batches := historyBatches(800, 100)
	db := openTest(t)
	tx := db.BeginSave()
	ctx := context.Background()
	for _, fb := range batches[:2] {
		if _, err := tx.SaveBatch(ctx, fb.state, fb.batch); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	committed := dump(t, db)
	if _, err := tx.SaveBatch(ctx, batches[2].state, batches[2].batch); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := tx.SaveBatch(cancelled, batches[3].state, batches[3].batch); !errors.Is(err, context.Canceled) {
		t.Fatalf("SaveBatch with a cancelled context: %v", err)
	}
	if got := dump(t, db); got != committed {
		t.Fatalf("after the failed batch the database is not as last committed:\n%s", firstDiff(committed, got))
	}
	// The writer is free and durable again: a plain write goes through.
	if err := db.SyncAlive(ctx, "team", []string{"INBOX"}, t0); err != nil {
		t.Fatal(err)
	}
	for _, fb := range batches[2:] {
		if _, err := tx.SaveBatch(ctx, fb.state, fb.batch); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	want := openTest(t)
	saveEach(t, want, batches[:2])
	if err := want.SyncAlive(ctx, "team", []string{"INBOX"}, t0); err != nil {
		t.Fatal(err)
	}
	saveEach(t, want, batches[2:])
	if w, g := dump(t, want), dump(t, db); w != g {
		t.Fatalf("after the retry:\n%s", firstDiff(w, g))
	}
}

// Another writer of this process waiting for the writer connection makes
// the open transaction due at once, and gets in when it commits.
func TestSaveTxDueWhenAnotherWriterWaits(t *testing.T) {
	batches := historyBatches(300, 100)
	db := openTest(t)
	st := db.BeginSave().(*SaveTx)
	st.maxAge = time.Hour // only the waiting writer can make it due
	ctx := context.Background()
	if st.Due() {
		t.Fatal("due with no transaction open")
	}
	if _, err := st.SaveBatch(ctx, batches[0].state, batches[0].batch); err != nil {
		t.Fatal(err)
	}
	if st.Due() {
		t.Fatal("due at once, with no writer waiting")
	}
	done := make(chan error, 1)
	go func() { done <- db.SyncAlive(ctx, "team", []string{"INBOX"}, t0) }()
	deadline := time.Now().Add(10 * time.Second)
	for !st.Due() {
		if time.Now().After(deadline) {
			t.Fatal("not due 10 s after another writer began waiting")
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("the other writer finished (%v) while the transaction was open", err)
	default:
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// A new transaction starts undue: the writer that got in is no reason.
	if _, err := st.SaveBatch(ctx, batches[1].state, batches[1].batch); err != nil {
		t.Fatal(err)
	}
	if st.Due() {
		t.Fatal("the next transaction is due at once")
	}
	st.maxAge = 0
	if !st.Due() {
		t.Fatal("not due past its age")
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	st.maxAge, st.maxMsgs = time.Hour, len(batches[2].batch)
	if _, err := st.SaveBatch(ctx, batches[2].state, batches[2].batch); err != nil {
		t.Fatal(err)
	}
	if !st.Due() {
		t.Fatal("not due at its message limit")
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
}

// A SaveTx that had to wait for the writer connection is not due for its
// own wait; one that waits behind it makes it due.
func TestSaveTxNotDueForItsOwnWait(t *testing.T) {
	batches := historyBatches(300, 100)
	db := openTest(t)
	st := db.BeginSave().(*SaveTx)
	st.maxAge = time.Hour
	ctx := context.Background()
	held, release := make(chan struct{}), make(chan struct{})
	go db.inTx(ctx, func(*sqlx.Tx) error {
		close(held)
		<-release
		return nil
	})
	<-held
	saved := make(chan error, 1)
	go func() {
		_, err := st.SaveBatch(ctx, batches[0].state, batches[0].batch)
		saved <- err
	}()
	for db.w.Stats().WaitCount == 0 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	if err := <-saved; err != nil {
		t.Fatal(err)
	}
	if st.Due() {
		t.Fatal("due for its own wait for the connection")
	}
	done := make(chan error, 1)
	go func() { done <- db.SyncAlive(ctx, "team", []string{"INBOX"}, t0) }()
	deadline := time.Now().Add(10 * time.Second)
	for !st.Due() {
		if time.Now().After(deadline) {
			t.Fatal("not due 10 s after another writer began waiting")
		}
		time.Sleep(time.Millisecond)
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// The WAL a large transaction leaves is cut back once the checkpointer has
// copied it into the database and the next write starts it again.
func TestSaveTxWALCutBack(t *testing.T) {
	if strconv.Itoa(walKeep) != walKeepText {
		t.Fatalf("walKeepText %s is not walKeep %d", walKeepText, walKeep)
	}
	batches := historyBatches(8000, 500)
	db := openTest(t)
	st := db.BeginSave().(*SaveTx)
	st.maxAge = time.Hour
	ctx := context.Background()
	for _, fb := range batches {
		if _, err := st.SaveBatch(ctx, fb.state, fb.batch); err != nil {
			t.Fatal(err)
		}
	}
	before := db.checkpoints.Load()
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	big := walSize(db.path)
	if big <= walKeep {
		t.Fatalf("WAL %d bytes after the transaction: too small to show anything", big)
	}
	for db.checkpoints.Load() == before {
		time.Sleep(time.Millisecond)
	}
	if err := db.SyncAlive(ctx, "team", []string{"INBOX"}, t0); err != nil {
		t.Fatal(err)
	}
	if after := walSize(db.path); after > walKeep {
		t.Fatalf("WAL %d bytes after the next write (%d after the transaction); want at most %d", after, big, walKeep)
	}
}

// A process killed while its SaveTx holds uncommitted batches (some of them
// spilled into the WAL already) leaves the database as last committed; the
// next run stores the rest from the committed position, and the result is
// what an uninterrupted run stores: nothing twice, nothing missing.
//
// It runs in WAL and in a first sync's rollback journal (FirstSync), which
// the resumed run opens again as a first sync that a crash interrupted.
func TestSaveTxKilledMidTransaction(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	for _, firstSync := range []bool{false, true} {
		t.Run(map[bool]string{false: "wal", true: "first-sync"}[firstSync], func(t *testing.T) {
			killedMidTransaction(t, firstSync)
		})
	}
}

func killedMidTransaction(t *testing.T, firstSync bool) {
	batches := historyBatches(8000, 500)
	path := filepath.Join(t.TempDir(), "kw.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestSaveTxChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "KEEPWARM_SAVETX_CHILD="+path, fmt.Sprintf("KEEPWARM_SAVETX_FIRST_SYNC=%t", firstSync))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var walCommitted, walHolding int64
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 2 && f[0] == "committed" {
			walCommitted, _ = strconv.ParseInt(f[1], 10, 64)
		}
		if len(f) == 2 && f[0] == "holding" {
			walHolding, _ = strconv.ParseInt(f[1], 10, 64)
			break
		}
	}
	if walHolding == 0 {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("the child never reported holding its transaction")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if walHolding <= walCommitted {
		t.Fatalf("%d bytes on disk while holding, %d at the commit: the uncommitted batches never reached it", walHolding, walCommitted)
	}

	var opts []OpenOption
	if firstSync {
		opts = append(opts, FirstSync())
	}
	db, err := Open(context.Background(), path, t0, opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.FirstSyncJournal() != firstSync {
		t.Fatalf("reopened with FirstSync %t: in the first sync's journal %t", firstSync, db.FirstSyncJournal())
	}
	ctx := context.Background()
	// As sync does: each folder from its stored position on, its batches
	// in a transaction committed before the next folder's position is read
	// (a reader waits for the writer in a rollback journal).
	tx := db.BeginSave()
	defer tx.Rollback()
	resumed := 0
	var st keepwarm.FolderState
	for i, fb := range batches {
		if i == 0 || fb.state.Mailbox != batches[i-1].state.Mailbox || fb.state.Folder != batches[i-1].state.Folder {
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if st, err = db.FolderState(ctx, fb.state.Mailbox, fb.state.Folder); err != nil && keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
				t.Fatal(err)
			}
		}
		var rest []keepwarm.Incoming
		for _, in := range fb.batch {
			if in.Copy.UID > st.LastUID {
				rest = append(rest, in)
			}
		}
		if len(rest) == 0 {
			continue
		}
		resumed += len(rest)
		if _, err := tx.SaveBatch(ctx, fb.state, rest); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	lost := 0
	for _, fb := range batches[4:] {
		lost += len(fb.batch)
	}
	if resumed != lost {
		t.Fatalf("the resumed run stored %d copies; the child committed all but %d", resumed, lost)
	}
	want := openTest(t)
	saveEach(t, want, batches)
	if w, g := dump(t, want), dump(t, db); w != g {
		t.Fatalf("killed and resumed differs from uninterrupted:\n%s", firstDiff(w, g))
	}
}

// TestSaveTxChild is TestSaveTxKilledMidTransaction's child: it commits the
// first four batches, stores ten more without committing (more than the
// writer's page cache holds) and waits to be killed.
func TestSaveTxChild(t *testing.T) {
	path := os.Getenv("KEEPWARM_SAVETX_CHILD")
	if path == "" {
		t.Skip("run by TestSaveTxKilledMidTransaction")
	}
	batches := historyBatches(8000, 500)
	var opts []OpenOption
	firstSync := os.Getenv("KEEPWARM_SAVETX_FIRST_SYNC") == "true"
	if firstSync {
		opts = append(opts, FirstSync())
	}
	db, err := Open(context.Background(), path, t0, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if db.FirstSyncJournal() != firstSync {
		t.Fatalf("FirstSync %t: in the first sync's journal %t", firstSync, db.FirstSyncJournal())
	}
	// What the transaction has written to disk: the WAL grows; in a
	// rollback journal the pages past the committed end go into the file.
	written := func() int64 {
		if firstSync {
			return fileSize(path)
		}
		return walSize(path)
	}
	st := db.BeginSave().(*SaveTx)
	st.maxAge = time.Hour
	for i, fb := range batches[:14] {
		if _, err := st.SaveBatch(context.Background(), fb.state, fb.batch); err != nil {
			t.Fatal(err)
		}
		if i == 3 {
			if err := st.Commit(); err != nil {
				t.Fatal(err)
			}
			fmt.Println("committed", written())
		}
	}
	fmt.Println("holding", written())
	time.Sleep(time.Minute)
	t.Fatal("not killed")
}

func walSize(path string) int64 { return fileSize(path + "-wal") }

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
