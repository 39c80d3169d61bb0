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
		// Titles that contradict make two people on one folded name.
		{"王先生", "王女士", false},
		{"Mr. Stone", "Mrs. Stone", false},
		{"Herr Meier", "Frau Meier", false},
		{"王总", "王经理", false},
		{"王先生", "王经理", false},
		{"王女士", "王小姐", true},
		{"Ms. Lee", "Miss Lee", true},
		{"王总", "王總", true},
		{"Dr. Stone", "Mrs. Stone", true},
	} {
		if got := samePerson(c.a, c.b); got != c.same {
			t.Errorf("%q and %q: same %v (%q, %q)", c.a, c.b, got, foldPerson(c.a), foldPerson(c.b))
		}
	}
}
