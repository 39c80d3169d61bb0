package cli

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// threads --customer reads a customer as every other --customer does (an
// id, a domain, a contact, the exact company name), and one that names no
// customer is an error, not an empty list that reads "we never wrote".
func TestThreadsCustomerReadsACustomerAsOthersDo(t *testing.T) {
	c, srv, dir := bookCLI(t, "")
	srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)
	srv.Append(t, "lily@acme-export.com", "Sent", quote.Bytes(), quote.Date)
	c.mustRun("sync")
	var id int64
	var name string
	sqlDB(t, dir).QueryRow(`SELECT id, name FROM customers WHERE key = 'domain:globex.de'`).Scan(&id, &name)
	if id == 0 || name == "" {
		t.Fatalf("the customer: #%d %q", id, name)
	}
	for _, arg := range []string{"globex.de", "hans@globex.de", "#" + strconv.FormatInt(id, 10), strconv.FormatInt(id, 10), name} {
		var threads []struct{ Customer string }
		if err := json.Unmarshal([]byte(c.mustRun("threads", "--json", "--customer", arg)), &threads); err != nil {
			t.Fatal(err)
		}
		if len(threads) != 1 || threads[0].Customer != "domain:globex.de" {
			t.Fatalf("threads --customer %q: %+v", arg, threads)
		}
	}
	for _, arg := range []string{"nosuch.example", "globx.de"} {
		code, out, errs := c.run(context.Background(), "threads", "--customer", arg)
		if code == 0 || !strings.Contains(errs, "no customer") || strings.Contains(out, "SUBJECT") {
			t.Fatalf("threads --customer %q: exit %d\nstdout: %s\nstderr: %s", arg, code, out, errs)
		}
	}
}
