package app

import (
	"slices"
	"testing"
)

func TestStartOrderPutsOpenReplyClocksFirst(t *testing.T) {
	got := startOrder([]string{"team", "lily", "tom", "ana"}, map[string]bool{"tom": true, "ana": true})
	if want := []string{"tom", "ana", "team", "lily"}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
}
