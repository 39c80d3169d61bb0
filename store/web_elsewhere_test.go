package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"keepwarm"
)

// The desk's "Later, in your name" reads, in one query, the live
// follow-ups in the salesperson's name to customers whose page is not
// hers: of 200 to her own customers, one to a customer handed to a
// colleague, one to a customer merged away, one to a customer of a
// colleague she covers for (her page now) and one to a pool customer, it
// lists the handed-over and the merged one alone, as VisibleCustomer
// answers one by one; a stopped one and a colleague's are left out.
func TestElsewhereEnrollmentsAreTheOnesWhosePageIsClosed(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	const lily, tom, ann = "lily@seller.example", "tom@seller.example", "ann@seller.example"
	n := 0
	customer := func(owner string) int64 {
		n++
		r, err := db.w.Exec(`INSERT INTO customers (key, name, owner, created_at) VALUES (?, ?, ?, ?)`,
			"domain:c"+itoa(int64(n))+".example", "Customer "+itoa(int64(n)), owner, t0.Unix())
		if err != nil {
			t.Fatal(err)
		}
		id, _ := r.LastInsertId()
		return id
	}
	enroll := func(cust int64, owner, status string, due time.Time) int64 {
		r, err := db.w.Exec(`INSERT INTO threads (customer_id, created_at) VALUES (?, ?)`, cust, t0.Unix())
		if err != nil {
			t.Fatal(err)
		}
		thread, _ := r.LastInsertId()
		r, err = db.w.Exec(`INSERT INTO enrollments (thread_id, customer_id, sequence, status, anchor_id, anchor_at, clock_at, due_at, created_at, updated_at, owner)
			VALUES (?, ?, 'key-customer', ?, 0, 0, 0, ?, ?, ?, ?)`, thread, cust, status, due.Unix(), t0.Unix(), t0.Unix(), owner)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := r.LastInsertId()
		return id
	}
	own := customer(lily)
	for i := range 200 {
		status := "active"
		if i%7 == 0 {
			status = "paused"
		}
		enroll(own, lily, status, t0.Add(time.Duration(i)*time.Hour))
	}
	handed := customer(tom)
	later := enroll(handed, lily, "active", t0.AddDate(0, 0, 20))
	enroll(handed, lily, "stopped", t0)
	enroll(handed, tom, "active", t0)
	kept, gone := customer(tom), customer(lily)
	merged := enroll(gone, lily, "paused", t0.AddDate(0, 0, 10))
	if _, err := db.w.Exec(`UPDATE customers SET merged_into = ? WHERE id = ?`, kept, gone); err != nil {
		t.Fatal(err)
	}
	enroll(customer(ann), lily, "active", t0)
	enroll(customer(""), lily, "active", t0)

	v := Viewer{Email: "Lily@seller.example", Covers: []string{ann}}
	got, err := db.ElsewhereEnrollments(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, e := range got {
		ids = append(ids, e.ID)
	}
	if !slices.Equal(ids, []int64{merged, later}) {
		t.Fatalf("follow-ups elsewhere: %v, want the merged one %d, then the handed-over one %d", ids, merged, later)
	}
	// The same as reading each live follow-up's customer one by one.
	all, err := db.ListEnrollments(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	for _, e := range all {
		if e.Status.Live() && e.Owner == lily && keepwarm.ErrorCode(db.VisibleCustomer(ctx, v, e.CustomerID)) == keepwarm.ENOTFOUND {
			want = append(want, e.ID)
		}
	}
	slices.Sort(want)
	slices.Sort(ids)
	if !slices.Equal(ids, want) {
		t.Fatalf("follow-ups elsewhere %v, one by one %v", ids, want)
	}
	if got, err := db.ElsewhereEnrollments(ctx, Viewer{Email: "boss@seller.example", Manager: true}); err != nil || len(got) != 0 {
		t.Fatalf("a manager's: %v %v", got, err)
	}
}
