package web

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// Every audit action the code writes has words on the pages that list
// changes: an action without shows its code ("enrollment.stop") to people
// who do not read code.
func TestEveryAuditActionHasWords(t *testing.T) {
	files, err := filepath.Glob("../app/*.go")
	if err != nil {
		t.Fatal(err)
	}
	own, _ := filepath.Glob("*.go")
	files = append(files, own...)
	stored, _ := filepath.Glob("../store/*.go")
	files = append(files, stored...)
	action := regexp.MustCompile(`Action(?:[A-Za-z]*\s*=|:)\s*"([a-z]+\.[a-z.-]+)"`)
	n := 0
	for _, f := range files {
		if regexp.MustCompile(`_test\.go$`).MatchString(f) {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range action.FindAllStringSubmatch(string(b), -1) {
			n++
			if _, ok := auditLabels[m[1]]; !ok {
				t.Errorf("%s: audit action %q has no words in auditLabels", f, m[1])
			}
		}
	}
	if n < 10 {
		t.Fatalf("found only %d audit actions: the pattern no longer matches the code", n)
	}
	// "enrollment." + op
	for _, op := range []EnrollmentOp{OpPause, OpResume, OpStop, OpSkip} {
		if _, ok := auditLabels["enrollment."+string(op)]; !ok {
			t.Errorf("enrollment.%s has no words", op)
		}
	}
}
