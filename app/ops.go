package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/store"
)

// opsServer serves /healthz and /metrics for whoever runs the daemon. Every
// figure is read from the database at request time (a custom collector), so
// metrics never drift from the store, and nothing lives in package globals.
type opsServer struct {
	db        *store.DB
	clock     keepwarm.Clock
	log       *slog.Logger
	mailboxes []string
	stale     time.Duration // a mailbox with no completed pass for this long is unhealthy
	synced    atomic.Int64  // messages stored by this process (a counter)
	// senders are the [notify] sender and the chat channels by outbox
	// mailbox ("notify", "chat:<name>"), each with how many sends in a
	// row failing for good make keepwarm unhealthy; started is when this
	// process began (failures before it are an earlier configuration's).
	senders map[string]int
	started time.Time
	// sendStopped names the mailboxes whose sending stopped after refused
	// SMTP logins (the dispatcher's SendingStopped); nil: none to ask.
	sendStopped func() map[string]string
	// chatStopped names the chat channels that cannot be used as
	// configured, with why (the chat dispatcher's Unusable; nil: none to
	// ask).
	chatStopped func() map[string]string
	// sending are the mailboxes with an smtp_url; copyErrors says why a
	// mailbox's latest copy could not be filed in Sent (the dispatcher's
	// CopyErrors; nil: none to ask).
	sending    []string
	copyErrors func() map[string]string
	// sendLimited names the mailboxes waiting out their sending limit for
	// the day (the dispatcher's SendingLimited; nil: none to ask).
	sendLimited func() map[string]string
	// followUpsOff says why no follow-up runs (the sequences or templates
	// have problems); nil: they run, or are disabled on purpose.
	followUpsOff error
	// greetingsOff says why no greeting or letter goes ([greetings] has a
	// problem); nil: they go, or are off on purpose.
	greetingsOff error
	// noSent names the mailboxes read without a folder they need (a
	// salesperson's Sent, a Gmail mailbox's All Mail), with why (each
	// Syncer's NoSentFolder and NoAllFolder; nil: none to ask).
	noSent func() map[string]string
	// syncing names the folders each mailbox's sync picked in its last
	// discovery (each Syncer's Folders; a mailbox not yet discovered is
	// left out; nil: none to ask).
	syncing func() map[string][]string
	// jobsFailing are the engine's jobs whose latest run failed (the
	// engine's Failing; nil: none to ask).
	jobsFailing func() map[string]sequences.JobFailure
	// outboxFaults are the queued items held after a fault in keepwarm's
	// own code (the dispatcher's Faults; nil: none to ask).
	outboxFaults func() []mailsync.Fault
	// storeTrouble names the mailboxes whose sync cannot store what it
	// reads now (each Syncer's StoreTrouble; nil: none to ask).
	storeTrouble func() map[string]string
	// syncFaults names the mailboxes whose sync session ended in a panic
	// since their latest pass (each Syncer's Fault; nil: none to ask).
	syncFaults func() map[string]string

	srv *http.Server
	ln  net.Listener
}

// jobFailingFor is how long an engine job fails in a row before /healthz
// names it: a busy store for a tick or two passes by itself.
const jobFailingFor = 5 * time.Minute

// minorJobs are the engine jobs whose failing /healthz notes rather than
// calls a problem: greetings and the book's grading can wait a day; the
// reply watch, follow-ups, opt-outs, digests and the summary cannot.
var minorJobs = map[string]bool{"greetings": true, "book": true}

// healthzStale is how long a mailbox may go without a completed pass
// before /healthz reports it: every folder is checked every poll_interval
// even when IDLE sees nothing, and each pass is recorded, new mail or not;
// no pass in three intervals, plus a minute for a slow server's long pass
// (or a pass nudged ahead of a nudge), means the sync is stuck.
func healthzStale(poll time.Duration) time.Duration { return 3*poll + time.Minute }

func newOpsServer(db *store.DB, clock keepwarm.Clock, log *slog.Logger, mailboxes []string, stale time.Duration) *opsServer {
	return &opsServer{db: db, clock: clock, log: log, mailboxes: mailboxes, stale: stale, started: clock.Now(), senders: map[string]int{}}
}

// Failures in a row that make a sender unhealthy: one for the [notify]
// sender (nudges, digests and the weekly summary all go through it), two
// for a chat channel.
const (
	notifyFailuresUnhealthy  = 1
	chatFailuresUnhealthy    = 2
	mailboxFailuresUnhealthy = 2
)

// watchSenders has healthz report the [notify] sender (when notify), each
// chat channel and each mailbox with an smtp_url (sending) that keeps
// failing for good.
func (o *opsServer) watchSenders(notify bool, channels []string, sending ...string) {
	if notify {
		o.senders[config.NotifyMailbox] = notifyFailuresUnhealthy
	}
	for _, mb := range sending {
		o.senders[mb] = mailboxFailuresUnhealthy
	}
	o.sending = append(o.sending, sending...)
	for _, c := range channels {
		o.senders[keepwarm.ChatMailbox(c)] = chatFailuresUnhealthy
	}
}

// Start listens on addr (e.g. 127.0.0.1:9464; port 0 picks one) and serves
// in the background until Close.
func (o *opsServer) Start(addr string) error {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), o)
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", o.healthz)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("ops: listen %s: %w (set [ops].listen to a free local address)", addr, err)
	}
	o.ln = ln
	o.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := o.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			o.log.Error("ops server stopped", "err", err)
		}
	}()
	o.log.Info("serving /healthz and /metrics", "addr", ln.Addr().String())
	return nil
}

// Addr is the address actually listened on.
func (o *opsServer) Addr() string { return o.ln.Addr().String() }

// Close stops the server, waiting for requests in flight until ctx ends.
func (o *opsServer) Close(ctx context.Context) error {
	if o.srv == nil {
		return nil
	}
	return o.srv.Shutdown(ctx)
}

// healthz is 200 when the store answers and every configured mailbox is
// alive: it completed a sync pass (or an IDLE round, or stored a batch)
// within the stale limit, found mail or not. 503 naming each mailbox that
// cannot connect, has never synced, or has not completed a pass in time,
// and why when a failure was recorded; naming the [notify] sender, a chat
// channel or a sending mailbox whose sends since start failed for good,
// none going since; a mailbox whose sending stopped after refused SMTP
// logins; and follow-ups off because the sequences or templates have
// problems.
func (o *opsServer) healthz(w http.ResponseWriter, r *http.Request) {
	snap, err := o.db.OpsSnapshot(r.Context())
	if err != nil {
		http.Error(w, "store: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	now := o.clock.Now()
	latest := map[string]time.Time{}
	for _, f := range snap.Folders {
		if f.SyncedAt.After(latest[f.Mailbox]) {
			latest[f.Mailbox] = f.SyncedAt
		}
	}
	var problems []string
	for _, mb := range o.mailboxes {
		ms := snap.Mailboxes[mb]
		alive := ms.PassAt
		if at := latest[mb]; at.After(alive) {
			alive = at // a batch stored in a long pass is progress too
		}
		failing := !ms.FailedAt.IsZero() && !ms.FailedAt.Before(alive)
		why := ""
		if failing {
			why = ": " + ms.Failure
		}
		switch {
		case failing && ms.CannotConnect:
			problems = append(problems, fmt.Sprintf("mailbox %s: cannot connect%s", mb, why))
		case alive.IsZero():
			problems = append(problems, fmt.Sprintf("mailbox %s: not synced yet%s", mb, why))
		case now.Sub(alive) > o.stale:
			problems = append(problems, fmt.Sprintf("mailbox %s: last synced %s ago, no pass completed within %s%s",
				mb, now.Sub(alive).Round(time.Second), o.stale, why))
		}
	}
	if o.storeTrouble != nil {
		trouble := o.storeTrouble()
		for _, mb := range slices.Sorted(maps.Keys(trouble)) {
			problems = append(problems, fmt.Sprintf("mailbox %s: cannot store what it syncs, tried again every few minutes: %s", mb, trouble[mb]))
		}
	}
	if o.syncFaults != nil {
		faults := o.syncFaults()
		for _, mb := range slices.Sorted(maps.Keys(faults)) {
			problems = append(problems, fmt.Sprintf("mailbox %s: its sync stopped on a fault in keepwarm (the log holds the stack to report), tried again every few minutes: %s", mb, faults[mb]))
		}
	}
	senders, err := o.failingSenders(r.Context())
	if err != nil {
		http.Error(w, "store: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	problems = append(problems, senders...)
	if o.sendStopped != nil {
		stopped := o.sendStopped()
		for _, mb := range slices.Sorted(maps.Keys(stopped)) {
			problems = append(problems, fmt.Sprintf("mailbox %s: %s", mb, stopped[mb]))
		}
	}
	if o.chatStopped != nil {
		stopped := o.chatStopped()
		for _, ch := range slices.Sorted(maps.Keys(stopped)) {
			problems = append(problems, fmt.Sprintf("chat channel %s: cannot post, keepwarm does not post to it until it is restarted (its nudges go by mail from [notify] when it is set): %s", ch, stopped[ch]))
		}
	}
	if o.outboxFaults != nil {
		for _, f := range o.outboxFaults() {
			problems = append(problems, fmt.Sprintf("mailbox %s: outbox item %d (%s) held since %s after a fault in keepwarm's own code, tried again every hour or so; the other items go on: %s",
				f.Mailbox, f.ID, f.Key, f.Since.UTC().Format(time.RFC3339), f.Panic))
		}
	}
	if o.followUpsOff != nil {
		// What to fix, by the error's kind: a calendar that does not
		// build is not found by keepwarm sequences check.
		fix := "the sequences and templates"
		var off *FollowUpsOffError
		if errors.As(o.followUpsOff, &off) && off.Calendars {
			fix = "the holiday calendars ([[calendar.override]] in the config)"
		}
		problems = append(problems, fmt.Sprintf("follow-ups: off until %s are fixed and keepwarm run restarted (no thread is enrolled, queued steps are held): %v", fix, o.followUpsOff))
	}
	if o.greetingsOff != nil {
		problems = append(problems, fmt.Sprintf("greetings: off until [greetings] is fixed and keepwarm run restarted (queued greetings and letters are held): %v", o.greetingsOff))
	}
	var notes []string
	if o.jobsFailing != nil {
		failing := o.jobsFailing()
		for _, job := range slices.Sorted(maps.Keys(failing)) {
			f := failing[job]
			if now.Sub(f.Since) < jobFailingFor {
				continue // a passing hiccup (a busy store): retried already
			}
			line := fmt.Sprintf("engine job %s: failing since %s (%d runs in a row; retried with backoff): %v", job, f.Since.UTC().Format(time.RFC3339), f.Runs, f.Err)
			if minorJobs[job] {
				notes = append(notes, "note: "+line)
			} else {
				problems = append(problems, line)
			}
		}
	}
	if n := snap.UncertainToCheck; n > 0 {
		// Not unhealthy, but worth a look: a person must check these sends
		// (those someone dealt with are not counted).
		notes = append(notes, fmt.Sprintf("note: %d uncertain send(s) to check (keepwarm outbox)", n))
	}
	if n, err := o.db.ChatUndelivered(r.Context(), now.Add(-24*time.Hour)); err == nil && n > 0 {
		// Not unhealthy by itself: each went by mail instead when [notify]
		// is set, and the digest lists them; a channel that keeps failing
		// for good is a problem (failingSenders).
		notes = append(notes, fmt.Sprintf("note: %d chat nudge(s) not delivered in the last 24h (keepwarm outbox --status failed, --status uncertain)", n))
	}
	if waiting, err := o.db.ChatRetrying(r.Context(), now.Add(-chatRetrying)); err == nil {
		// Not unhealthy by itself (each goes by mail from [notify] when
		// set); without [notify] these nudges reach nobody until the
		// channel works again.
		for _, c := range waiting {
			ch, _ := keepwarm.ChatChannelOf(c.Mailbox)
			notes = append(notes, fmt.Sprintf("note: chat channel %s: %d nudge(s) refused for now for more than %s, tried again with backoff (oldest due %s; last answer: %s)",
				ch, c.N, chatRetrying, c.Oldest.UTC().Format(time.RFC3339), c.LastError))
		}
	}
	missing, err := o.missingCopies(r.Context(), now)
	if err != nil {
		http.Error(w, "store: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	notes = append(notes, missing...)
	if n, oldest, err := o.db.LongSending(r.Context(), now.Add(-stuckSending)); err == nil && n > 0 {
		// An interrupted send not settled yet (the Sent folder to look in
		// cannot be reached): the dispatcher tries again at every pass.
		notes = append(notes, fmt.Sprintf("note: %d send(s) in `sending` for more than %s (oldest claimed %s): interrupted and not settled yet; checked again at every sending pass (keepwarm outbox --status sending)",
			n, stuckSending, oldest.UTC().Format(time.RFC3339)))
	}
	if o.sendLimited != nil {
		// Not unhealthy: it passes by itself; but the mail waits a day.
		limited := o.sendLimited()
		for _, mb := range slices.Sorted(maps.Keys(limited)) {
			notes = append(notes, fmt.Sprintf("note: mailbox %s: %s", mb, limited[mb]))
		}
	}
	if o.noSent != nil {
		// Not unhealthy (INBOX syncs), but half of the salesperson's mail
		// is not read until sent_folder is set, or a Gmail customer's
		// archived reply until All Mail is shown in IMAP.
		noSent := o.noSent()
		for _, mb := range slices.Sorted(maps.Keys(noSent)) {
			notes = append(notes, fmt.Sprintf("note: mailbox %s: %s", mb, noSent[mb]))
		}
	}
	for _, f := range snap.Folders {
		// The rest of the mailbox syncs, so not unhealthy; but mail filed
		// there is not read until the configuration or the folder is fixed.
		if !f.GoneSince.IsZero() && slices.Contains(o.mailboxes, f.Mailbox) {
			notes = append(notes, fmt.Sprintf("note: mailbox %s: folder %q is gone from the server since %s; the rest of the mailbox syncs without it (fix extra_folders or sent_folder, or bring the folder back)",
				f.Mailbox, f.Folder, f.GoneSince.UTC().Format(time.RFC3339)))
		}
	}
	if len(problems) > 0 {
		// The status before any line of the body, notes included.
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, strings.Join(append(problems, notes...), "\n"))
		return
	}
	for _, n := range notes {
		fmt.Fprintln(w, n)
	}
	fmt.Fprintln(w, "ok")
}

// failingSenders is a problem line for the [notify] sender and for each
// chat channel whose sends since this process started failed for good,
// none going through since.
func (o *opsServer) failingSenders(ctx context.Context) ([]string, error) {
	if len(o.senders) == 0 {
		return nil, nil
	}
	fails, err := o.db.FailingSenders(ctx, o.started)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range fails {
		least, ok := o.senders[f.Mailbox]
		if !ok || f.Failed < least {
			continue
		}
		at := f.LastAt.UTC().Format(time.RFC3339)
		if ch, isChat := keepwarm.ChatChannelOf(f.Mailbox); isChat {
			out = append(out, fmt.Sprintf("chat channel %s: %d nudge(s) failed for good, none posted since (latest %s): %s",
				ch, f.Failed, at, f.LastError))
			continue
		}
		if f.Mailbox != config.NotifyMailbox {
			out = append(out, fmt.Sprintf("mailbox %s: %d mail(s) failed for good, none sent since (latest %s): %s",
				f.Mailbox, f.Failed, at, f.LastError))
			continue
		}
		out = append(out, fmt.Sprintf("notify: %d nudge or digest mail(s) from [notify] failed, none sent since (latest %s): %s",
			f.Failed, at, f.LastError))
	}
	return out, nil
}

// chatRetrying is how long after it was due a chat nudge its channel keeps
// refusing for now is noted on /healthz: past the 5 minutes after which it
// goes by mail instead.
const chatRetrying = 10 * time.Minute

// stuckSending is how long past its claim a mail still in `sending` is
// noted: a send takes minutes at most (the send timeout).
const stuckSending = 15 * time.Minute

// copyGrace is how long a sent mail's copy may take to reach Sent (the
// next pass files it) before /healthz notes it missing.
const copyGrace = 10 * time.Minute

// missingCopies is a note for each sending mailbox with mail sent in its
// name, copyGrace ago or more, whose copy is not in its Sent folder: the
// salesperson cannot see what was said in her name, and the thread view
// and the reply clock miss it. Not unhealthy: the mail went out.
func (o *opsServer) missingCopies(ctx context.Context, now time.Time) ([]string, error) {
	if len(o.sending) == 0 {
		return nil, nil
	}
	list, err := o.db.MissingCopies(ctx, now.Add(-copyGrace))
	if err != nil {
		return nil, err
	}
	var why map[string]string
	if o.copyErrors != nil {
		why = o.copyErrors()
	}
	var out []string
	for _, m := range list {
		if !slices.Contains(o.sending, m.Mailbox) {
			continue
		}
		line := fmt.Sprintf("note: mailbox %s: %d mail(s) sent in its name are not in its Sent folder (oldest sent %s); keepwarm files them once the server takes them",
			m.Mailbox, m.N, m.Oldest.UTC().Format(time.RFC3339))
		if e := why[m.Mailbox]; e != "" {
			line += ": " + e
		}
		out = append(out, line)
	}
	return out, nil
}

var (
	descMessages  = prometheus.NewDesc("keepwarm_messages_stored", "Messages in the store.", nil, nil)
	descFlagged   = prometheus.NewDesc("keepwarm_messages_flagged", "Messages stored raw because they could not be parsed.", nil, nil)
	descThreads   = prometheus.NewDesc("keepwarm_threads", "Conversations in the store.", nil, nil)
	descCustomers = prometheus.NewDesc("keepwarm_customers", "Customers in the store.", nil, nil)
	descCopies    = prometheus.NewDesc("keepwarm_mailbox_copies", "Message copies stored per mailbox.", []string{"mailbox"}, nil)
	descLag       = prometheus.NewDesc("keepwarm_sync_lag_seconds", "Seconds since a folder was last synced.", []string{"mailbox", "folder"}, nil)
	descGone      = prometheus.NewDesc("keepwarm_folder_gone", "1 for a configured folder gone from the server (not synced until it is back or the configuration changes).", []string{"mailbox", "folder"}, nil)
	descClocks    = prometheus.NewDesc("keepwarm_open_reply_clocks", "Customer messages still waiting for a reply.", nil, nil)
	descOutbox    = prometheus.NewDesc("keepwarm_outbox_items", "Outbox items by status.", []string{"status"}, nil)
	descSynced    = prometheus.NewDesc("keepwarm_messages_synced_total", "New messages stored by this process since it started.", nil, nil)
	descUp        = prometheus.NewDesc("keepwarm_store_up", "1 when the store answered the scrape.", nil, nil)
	descPending   = prometheus.NewDesc("keepwarm_messages_text_pending", "Messages stored from their header whose text is still to be fetched.", nil, nil)
)

// Describe and Collect make opsServer a prometheus.Collector. The Descs are
// immutable descriptions, not state.
func (o *opsServer) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descMessages, descFlagged, descThreads, descCustomers, descCopies, descLag, descGone, descClocks, descOutbox, descSynced, descUp, descPending} {
		ch <- d
	}
}

func (o *opsServer) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(descSynced, prometheus.CounterValue, float64(o.synced.Load()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	snap, err := o.db.OpsSnapshot(ctx)
	if err != nil {
		o.log.Error("metrics: store", "err", err)
		ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, 0)
		return
	}
	pending, err := o.db.CountPendingTexts(ctx, "")
	if err != nil {
		o.log.Error("metrics: store", "err", err)
		ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, 1)
	gauge := func(d *prometheus.Desc, v int, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(v), labels...)
	}
	gauge(descPending, pending)
	gauge(descMessages, snap.Messages)
	gauge(descFlagged, snap.Flagged)
	gauge(descThreads, snap.Threads)
	gauge(descCustomers, snap.Customers)
	gauge(descClocks, snap.OpenReplyClocks)
	for mb, n := range snap.Copies {
		gauge(descCopies, n, mb)
	}
	for status, n := range snap.OutboxByStatus {
		gauge(descOutbox, n, status)
	}
	now := o.clock.Now()
	var syncing map[string][]string
	if o.syncing != nil {
		syncing = o.syncing()
	}
	for _, f := range snap.Folders {
		// Only what this process syncs: a removed (or renamed) mailbox's
		// folders, a folder gone from the server, and one its mailbox's
		// sync no longer picks (taken out of the configuration, or renamed)
		// are not synced, and their lag would grow for ever and keep a lag
		// alert firing.
		if !slices.Contains(o.mailboxes, f.Mailbox) {
			continue
		}
		if !f.GoneSince.IsZero() {
			gauge(descGone, 1, f.Mailbox, f.Folder)
			continue
		}
		if f.SyncedAt.IsZero() {
			continue
		}
		if picked, ok := syncing[f.Mailbox]; ok && !slices.Contains(picked, f.Folder) {
			continue
		}
		ch <- prometheus.MustNewConstMetric(descLag, prometheus.GaugeValue, now.Sub(f.SyncedAt).Seconds(), f.Mailbox, f.Folder)
	}
}
