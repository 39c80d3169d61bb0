package store

import "testing"

func TestFoldPerson(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"王伟", "王 伟", true},
		{"王伟", "王　伟", true},
		{"王伟", "王伟先生", true},
		{"张总", "张", true},
		{"Bob Stone", "Stone, Bob", true},
		{"Bob Stone", "Mr. Bob Stone", true},
		{"Bob Stone", "Bob Stone (采购)", true},
		{"Bob Stone", "BOB  STONE", true},
		{"José Pérez", "Jose Perez", true},
		{"Bob Stone", "Robert Stone", false},
		{"Ann Lee", "Bob Stone", false},
		{"王伟", "王芳", false},
	} {
		if got := foldPerson(c.a) == foldPerson(c.b); got != c.same {
			t.Errorf("%q and %q: same %v (%q, %q)", c.a, c.b, got, foldPerson(c.a), foldPerson(c.b))
		}
	}
}
