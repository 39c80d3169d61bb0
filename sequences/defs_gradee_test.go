package sequences_test

import (
	"os"
	"path/filepath"
	"testing"

	"keepwarm"
	"keepwarm/sequences"
)

// A grade E ("no demand") customer follows no sequence even when it
// carries a tag a sequence is for: the grade is the review's word that
// there is nobody to chase. A sequence that lists E in its grades is the
// manager saying otherwise.
func TestGradeEFollowsNoSequenceWhateverItsTags(t *testing.T) {
	dir := t.TempDir()
	vip := "name = \"vip\"\ntags = [\"vip\"]\n[[step]]\nafter = \"3d\"\naction = \"task\"\ntask = \"call\"\n"
	if err := os.WriteFile(filepath.Join(dir, "vip.toml"), []byte(vip), 0o600); err != nil {
		t.Fatal(err)
	}
	defs, probs := sequences.LoadDefinitions(dir)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if d, ok := defs.For(keepwarm.Customer{Grade: "E"}, []string{"vip"}, "key-customer"); ok {
		t.Fatalf("grade E with tag vip follows %s", d.Name)
	}
	if d, ok := defs.For(keepwarm.Customer{Grade: "B"}, []string{"VIP"}, "key-customer"); !ok || d.Name != "vip" {
		t.Fatalf("grade B with tag vip: %v %v", d, ok)
	}
	withE := "name = \"vip\"\ntags = [\"vip\"]\ngrades = [\"E\"]\n[[step]]\nafter = \"3d\"\naction = \"task\"\ntask = \"call\"\n"
	if err := os.WriteFile(filepath.Join(dir, "vip.toml"), []byte(withE), 0o600); err != nil {
		t.Fatal(err)
	}
	if defs, probs = sequences.LoadDefinitions(dir); len(probs) > 0 {
		t.Fatal(probs)
	}
	if d, ok := defs.For(keepwarm.Customer{Grade: "E"}, []string{"vip"}, "key-customer"); !ok || d.Name != "vip" {
		t.Fatalf("a sequence naming grade E: %v %v", d, ok)
	}
}
