package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// step is one batch: messages arriving in one folder of one mailbox.
type step struct {
	mailbox, folder string
	msgs            []keepwarm.Message
}

// reply is a message answering the ids in refs (the last is In-Reply-To),
// with its own subject so the subject fallback cannot join it by accident.
func reply(key string, when time.Time, refs ...string) keepwarm.Message {
	m := msg(key)
	m.Date = when
	m.Subject, m.SubjectKey = "Subject of "+key, "subject of "+key
	if len(refs) > 0 {
		m.References = refs
		m.InReplyTo = refs[len(refs)-1:]
	}
	return m
}

func withSubject(m keepwarm.Message, key string) keepwarm.Message {
	m.Subject, m.SubjectKey = "Re: "+key, key
	return m
}

func withTI(m keepwarm.Message, ti string) keepwarm.Message {
	m.ThreadIndex = ti
	return m
}

func withCustomer(m keepwarm.Message, key, email string) keepwarm.Message {
	m.CustomerKey, m.Contacts = key, []keepwarm.Address{{Email: email}}
	return m
}

func internalMsg(m keepwarm.Message) keepwarm.Message {
	m.Kind, m.CustomerKey, m.Contacts = keepwarm.KindInternal, "", nil
	return m
}

const day = 24 * time.Hour

// threadGroups returns the stored messages' keys grouped by thread, each
// group sorted, groups sorted by their first key.
func threadGroups(t *testing.T, db *DB) []string {
	t.Helper()
	var rows []struct {
		Keys string `db:"keys"`
	}
	if err := db.r.Select(&rows, `SELECT group_concat(key, ' ' ORDER BY key) AS keys FROM messages GROUP BY thread_id`); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.Keys)
	}
	sort.Strings(out)
	return out
}

func TestThreading(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
		want  []string // message keys per thread
	}{
		{
			name: "References join the team INBOX and two salespeople's Sent",
			steps: []step{
				{"team", "INBOX", []keepwarm.Message{reply("q1", t0)}},
				{"ann", "Sent", []keepwarm.Message{reply("r1", t0.Add(time.Hour), "q1")}},
				{"team", "INBOX", []keepwarm.Message{reply("q2", t0.Add(2*time.Hour), "q1", "r1"), reply("x1", t0)}},
				{"bob", "Sent", []keepwarm.Message{reply("r2", t0.Add(3*time.Hour), "q2")}},
			},
			want: []string{"q1 q2 r1 r2", "x1"},
		},
		{
			name: "a parent stored after its child merges the two threads it bridges",
			steps: []step{
				// g answers c, which has not arrived; p is c's parent.
				{"team", "INBOX", []keepwarm.Message{reply("g", t0.Add(2*time.Hour), "c")}},
				{"ann", "Sent", []keepwarm.Message{reply("p", t0)}},
				{"team", "INBOX", []keepwarm.Message{reply("c", t0.Add(time.Hour), "p")}},
				// a later reply to a key of the merged-away thread still joins.
				{"team", "INBOX", []keepwarm.Message{reply("h", t0.Add(3*time.Hour), "g")}},
			},
			want: []string{"c g h p"},
		},
		{
			name: "merge within one batch",
			steps: []step{
				{"team", "INBOX", []keepwarm.Message{
					reply("g", t0.Add(2*time.Hour), "c"), reply("p", t0), reply("c", t0.Add(time.Hour), "p"),
				}},
			},
			want: []string{"c g p"},
		},
		{
			name: "child stored before its parent",
			steps: []step{
				{"team", "INBOX", []keepwarm.Message{reply("c", t0.Add(time.Hour), "p")}},
				{"ann", "Sent", []keepwarm.Message{reply("p", t0)}},
			},
			want: []string{"c p"},
		},
		{
			name: "Outlook reply with Thread-Index and no References",
			steps: []step{
				{"ann", "Sent", []keepwarm.Message{withTI(reply("o1", t0), "0a1b2c"), withTI(reply("z1", t0), "ffff")}},
				{"team", "INBOX", []keepwarm.Message{withTI(reply("o2", t0.Add(time.Hour)), "0a1b2c")}},
			},
			want: []string{"o1 o2", "z1"},
		},
		{
			name: "References win over a Thread-Index of another thread",
			steps: []step{
				{"team", "INBOX", []keepwarm.Message{withTI(reply("a", t0), "t1"), withTI(reply("b", t0), "t2")}},
				{"team", "INBOX", []keepwarm.Message{withTI(reply("c", t0.Add(time.Hour), "a"), "t2")}},
			},
			want: []string{"a c", "b"},
		},
		{
			name: "subject within 60 days joins",
			steps: []step{
				{"team", "INBOX", []keepwarm.Message{withSubject(reply("s1", t0), "pumps")}},
				{"team", "INBOX", []keepwarm.Message{withSubject(reply("s2", t0.Add(30*day)), "pumps")}},
				// 60 days after the latest message (s2), not the first.
				{"team", "INBOX", []keepwarm.Message{withSubject(reply("s3", t0.Add(90*day)), "pumps")}},
			},
			want: []string{"s1 s2 s3"},
		},
		{
			name: "subject 61 days later starts a new thread",
			steps: []step{
				{"team", "INBOX", []keepwarm.Message{withSubject(reply("s1", t0), "pumps")}},
				{"team", "INBOX", []keepwarm.Message{withSubject(reply("s2", t0.Add(61*day)), "pumps")}},
			},
			want: []string{"s1", "s2"},
		},
		{
			name: "subject 61 days earlier starts a new thread",
			steps: []step{
				{"team", "INBOX", []keepwarm.Message{withSubject(reply("s1", t0.Add(61*day)), "pumps")}},
				{"team", "INBOX", []keepwarm.Message{withSubject(reply("s2", t0), "pumps")}},
			},
			want: []string{"s1", "s2"},
		},
		{
			name: "subject never joins across customers",
			steps: []step{
				{"team", "INBOX", []keepwarm.Message{
					withSubject(reply("s1", t0), "pumps"),
					withCustomer(withSubject(reply("s2", t0.Add(time.Hour)), "pumps"), "domain:other.com", "al@other.com"),
				}},
			},
			want: []string{"s1", "s2"},
		},
		{
			name: "subject never joins internal mail",
			steps: []step{
				{"team", "INBOX", []keepwarm.Message{
					internalMsg(withSubject(reply("i1", t0), "lunch")),
					internalMsg(withSubject(reply("i2", t0.Add(time.Hour)), "lunch")),
				}},
			},
			want: []string{"i1", "i2"},
		},
		{
			// In one batch: the thread begun by internal mail gets its
			// customer from the answer, and then the customer's new mail
			// with the thread's subject finds it.
			name: "a thread given its customer in the batch is found by subject",
			steps: []step{
				{"team", "INBOX", []keepwarm.Message{
					internalMsg(withSubject(reply("i1", t0), "price list")),
					reply("c1", t0.Add(time.Hour), "i1"),
					withSubject(reply("c2", t0.Add(2*time.Hour)), "price list"),
				}},
			},
			want: []string{"c1 c2 i1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			uid := uint32(0)
			for _, st := range tc.steps {
				var batch []keepwarm.Incoming
				for _, m := range st.msgs {
					uid++
					batch = append(batch, at(m, st.mailbox, st.folder, uid, m.Date))
				}
				save(t, db, batch...)
			}
			if got := threadGroups(t, db); !slices.Equal(got, tc.want) {
				t.Fatalf("threads = %q; want %q", got, tc.want)
			}
			if n := count(t, db, `SELECT count(*) FROM threads`); n != len(tc.want) {
				t.Fatalf("%d thread rows; want %d (emptied threads must be deleted)", n, len(tc.want))
			}
			if n := count(t, db, `SELECT count(*) FROM thread_keys WHERE thread_id NOT IN (SELECT id FROM threads)`); n != 0 {
				t.Fatalf("%d thread keys point at deleted threads", n)
			}
		})
	}
}

func TestThreadingMergeResultAndKeys(t *testing.T) {
	db := openTest(t)
	// Another feature's row that points at a thread by foreign key (as the
	// outbox does) must follow the merge, not make it fail.
	if _, err := db.w.Exec(`CREATE TABLE test_refs (id INTEGER PRIMARY KEY, about INTEGER REFERENCES threads(id))`); err != nil {
		t.Fatal(err)
	}
	r1 := save(t, db, at(reply("g", t0.Add(2*time.Hour), "c"), "team", "INBOX", 1, t0))
	r2 := save(t, db, at(reply("p", t0), "team", "INBOX", 2, t0))
	if _, err := db.w.Exec(`INSERT INTO test_refs (about) VALUES (?)`, r2.Threads[0]); err != nil {
		t.Fatal(err)
	}
	r3 := save(t, db, at(reply("c", t0.Add(time.Hour), "p"), "team", "INBOX", 3, t0))
	if r1.Threads[0] == r2.Threads[0] {
		t.Fatalf("g and p share thread %d before c arrived", r1.Threads[0])
	}
	// The oldest thread (g's) survives and is the one reported.
	if len(r3.Threads) != 1 || r3.Threads[0] != r1.Threads[0] {
		t.Fatalf("merge reported threads %v; want [%d]", r3.Threads, r1.Threads[0])
	}
	if n := count(t, db, `SELECT count(*) FROM test_refs WHERE about = ?`, r1.Threads[0]); n != 1 {
		t.Fatalf("referencing row not moved to the surviving thread")
	}
	if n := count(t, db, `SELECT count(*) FROM thread_merges WHERE from_id = ? AND to_id = ?`, r2.Threads[0], r1.Threads[0]); n != 1 {
		t.Fatalf("merge of thread %d into %d not recorded", r2.Threads[0], r1.Threads[0])
	}
	var keys []string
	db.r.Select(&keys, `SELECT key FROM thread_keys WHERE thread_id = ? ORDER BY key`, r1.Threads[0])
	if want := []string{"mid:c", "mid:g", "mid:p"}; !slices.Equal(keys, want) {
		t.Fatalf("keys of the surviving thread = %v; want %v", keys, want)
	}
	// The same merge inside one batch reports only the survivor.
	db = openTest(t)
	res := save(t, db, at(reply("g", t0, "c"), "team", "INBOX", 1, t0), at(reply("p", t0), "team", "INBOX", 2, t0),
		at(reply("c", t0, "p"), "team", "INBOX", 3, t0))
	if len(res.Threads) != 1 {
		t.Fatalf("one-batch merge reported threads %v; want one", res.Threads)
	}
}

func TestThreadGetsCustomerLater(t *testing.T) {
	db := openTest(t)
	// Ann forwards a question internally; the customer's answer refers to it.
	save(t, db, at(internalMsg(reply("i1", t0)), "team", "INBOX", 1, t0))
	if n := count(t, db, `SELECT count(*) FROM threads WHERE customer_id IS NULL`); n != 1 {
		t.Fatalf("internal thread has a customer")
	}
	save(t, db, at(reply("c1", t0.Add(time.Hour), "i1"), "team", "INBOX", 2, t0.Add(time.Hour)))
	var key string
	if err := db.r.Get(&key, `SELECT c.key FROM threads t JOIN customers c ON c.id = t.customer_id`); err != nil || key != "domain:acme.com" {
		t.Fatalf("thread customer = %q, %v; want domain:acme.com", key, err)
	}
	th, err := db.ListThreads(context.Background(), ThreadFilter{})
	if err != nil || len(th) != 1 || th[0].Customer != "domain:acme.com" || th[0].Messages != 2 {
		t.Fatalf("ListThreads = %+v, %v", th, err)
	}
}

// TestThreadingLongChain checks a conversation of many replies, each quoting
// the whole References chain, stays one thread and keeps one key per id.
func TestThreadingLongChain(t *testing.T) {
	db := openTest(t)
	var refs []string
	var batch []keepwarm.Incoming
	for i := 0; i < 40; i++ {
		key := fmt.Sprintf("m%d", i)
		batch = append(batch, at(reply(key, t0.Add(time.Duration(i)*time.Hour), refs...), "team", "INBOX", uint32(i+1), t0))
		refs = append(refs, key)
	}
	save(t, db, batch...)
	if g := threadGroups(t, db); len(g) != 1 || len(strings.Fields(g[0])) != 40 {
		t.Fatalf("threads = %q", g)
	}
	if n := count(t, db, `SELECT count(*) FROM thread_keys`); n != 40 {
		t.Fatalf("thread keys = %d; want 40", n)
	}
}

// A thread stored while a gateway's tag was still part of the thread key
// ("[external] inquiry 4711") is found by a reply without threading headers
// whose key leaves the tag out, as a thread stored since is; a reply with
// another subject still starts its own thread.
func TestReplyFindsAThreadKeyedWithAGatewaysTag(t *testing.T) {
	for _, tc := range []struct {
		name, oldKey string
	}{
		{"[external] ", "[external] inquiry 4711"},
		{"EXT: ", "ext: inquiry 4711"},
		{"EXT:", "ext:inquiry 4711"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			first := withSubject(reply("q1", t0), "inquiry 4711")
			first.Subject = "[EXTERNAL] Inquiry 4711"
			save(t, db, at(first, "team", "INBOX", 1, t0))
			// As the previous build keyed it; then opened by this one.
			if _, err := db.w.Exec(`UPDATE threads SET subject_key = ?`, tc.oldKey); err != nil {
				t.Fatal(err)
			}
			db.taggedKeys.Store(0)
			other := withSubject(reply("o1", t0.Add(time.Hour)), "price list")
			save(t, db, at(other, "team", "INBOX", 2, t0.Add(time.Hour)))
			again := withSubject(reply("q2", t0.Add(2*day)), "inquiry 4711")
			again.Subject = "[EXTERNAL] RE: Inquiry 4711"
			save(t, db, at(again, "team", "INBOX", 3, t0.Add(2*day)))
			if got, want := threadGroups(t, db), []string{"o1", "q1 q2"}; !slices.Equal(got, want) {
				t.Fatalf("threads %q, want %q", got, want)
			}
		})
	}
}

// A customer's inquiry through the team's list is keyed without the list's
// tag ("[Sales] Inquiry 4711" is "inquiry 4711"), but the salesperson's
// answer quotes the tag her client showed ("Re: [Sales] Inquiry 4711") and
// the customer's colleague answers her directly from a client that writes
// no threading headers: his "RE: [Sales] Inquiry 4711" joins the thread.
// A thread stored while list copies kept the tag in their key is found by
// one without it. A bracket with a space in it is the sender's own
// subject, not a list's tag.
func TestListTagInAReplyFindsTheThread(t *testing.T) {
	const buyer = "domain:buyer.example"
	t.Run("tag in the reply", func(t *testing.T) {
		db := openTest(t)
		a := withCustomer(withSubject(reply("a", t0), "inquiry 4711"), buyer, "ann@buyer.example")
		a.Subject, a.ListTag = "Inquiry 4711", "[sales]" // the list's copy, its tag taken off
		b := withCustomer(withSubject(reply("b", t0.Add(time.Hour), "a"), "[sales] inquiry 4711"), buyer, "ann@buyer.example")
		b.Subject = "Re: [Sales] Inquiry 4711"
		save(t, db, at(a, "team", "INBOX", 1, t0), at(b, "lily", "Sent", 1, t0.Add(time.Hour)))
		c := withCustomer(withSubject(reply("c", t0.Add(day)), "[sales] inquiry 4711"), buyer, "bob@buyer.example")
		c.Subject = "RE: [Sales] Inquiry 4711"
		d := withCustomer(withSubject(reply("d", t0.Add(day)), "[po 4712] inquiry 4711"), buyer, "bob@buyer.example")
		save(t, db, at(c, "lily", "INBOX", 2, t0.Add(day)), at(d, "lily", "INBOX", 3, t0.Add(day)))
		if got, want := threadGroups(t, db), []string{"a b c", "d"}; !slices.Equal(got, want) {
			t.Fatalf("threads %q, want %q", got, want)
		}
	})
	t.Run("thread keyed with the tag", func(t *testing.T) {
		db := openTest(t)
		a := withCustomer(withSubject(reply("a", t0), "[sales] inquiry 4711"), buyer, "ann@buyer.example")
		save(t, db, at(a, "team", "INBOX", 1, t0))
		b := withCustomer(withSubject(reply("b", t0.Add(day)), "inquiry 4711"), buyer, "ann@buyer.example")
		b.ListTag = "[sales]" // a list copy now keyed without its tag
		o := withCustomer(withSubject(reply("o", t0.Add(day)), "inquiry 4712"), buyer, "ann@buyer.example")
		save(t, db, at(b, "team", "INBOX", 2, t0.Add(day)), at(o, "team", "INBOX", 3, t0.Add(day)))
		if got, want := threadGroups(t, db), []string{"a b", "o"}; !slices.Equal(got, want) {
			t.Fatalf("threads %q, want %q", got, want)
		}
	})
}

// Only a tag the team's list was seen to put on its copies is taken for
// one: an ERP's "[PO4712] Order confirmation" is another conversation than
// the customer's "Order confirmation", either way round, and joining them
// would let the answer to one close the other's reply clock.
func TestOtherBracketTagsAreNotAListTag(t *testing.T) {
	const buyer = "domain:buyer.example"
	t.Run("tagged after plain", func(t *testing.T) {
		db := openTest(t)
		a := withCustomer(withSubject(reply("a", t0), "order confirmation"), buyer, "ann@buyer.example")
		save(t, db, at(a, "team", "INBOX", 1, t0))
		e := withCustomer(withSubject(reply("e", t0.Add(10*day)), "[po4712] order confirmation"), buyer, "erp@buyer.example")
		save(t, db, at(e, "team", "INBOX", 2, t0.Add(10*day)))
		if got, want := threadGroups(t, db), []string{"a", "e"}; !slices.Equal(got, want) {
			t.Fatalf("threads %q, want %q", got, want)
		}
	})
	t.Run("plain after tagged", func(t *testing.T) {
		db := openTest(t)
		e := withCustomer(withSubject(reply("e", t0), "[po4712] order confirmation"), buyer, "erp@buyer.example")
		save(t, db, at(e, "team", "INBOX", 1, t0))
		a := withCustomer(withSubject(reply("a", t0.Add(day)), "order confirmation"), buyer, "ann@buyer.example")
		save(t, db, at(a, "team", "INBOX", 2, t0.Add(day)))
		if got, want := threadGroups(t, db), []string{"a", "e"}; !slices.Equal(got, want) {
			t.Fatalf("threads %q, want %q", got, want)
		}
	})
	t.Run("another list's tag known", func(t *testing.T) {
		db := openTest(t)
		l := withCustomer(withSubject(reply("l", t0), "inquiry 4711"), buyer, "ann@buyer.example")
		l.ListTag = "[sales]"
		a := withCustomer(withSubject(reply("a", t0), "order confirmation"), buyer, "ann@buyer.example")
		save(t, db, at(l, "team", "INBOX", 1, t0), at(a, "team", "INBOX", 2, t0))
		e := withCustomer(withSubject(reply("e", t0.Add(day)), "[po4712] order confirmation"), buyer, "erp@buyer.example")
		save(t, db, at(e, "team", "INBOX", 3, t0.Add(day)))
		if got, want := threadGroups(t, db), []string{"a", "e", "l"}; !slices.Equal(got, want) {
			t.Fatalf("threads %q, want %q", got, want)
		}
	})
}
