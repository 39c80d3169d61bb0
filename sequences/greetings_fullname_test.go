package sequences

import "testing"

// A Chinese given name may end in a character that is also a title (君, 工,
// 董, 总): 邓丽君 is one person, known at two addresses; 陈工 and 李总 are a
// family name with a title, which two buyers may share.
func TestFullNameTellsAGivenNameFromATitle(t *testing.T) {
	for _, c := range []struct {
		name, country string
		want          bool
	}{
		{"邓丽君", "CN", true},
		{"卓文君", "TW", true},
		{"王建工", "CN", true},
		{"李国董", "CN", true},
		{"张国总", "CN", true},
		{"王经理", "CN", false},
		{"陈先生", "CN", false},
		{"欧阳先生", "CN", false},
		{"陈工", "CN", false},
		{"李总", "CN", false},
		{"刘董", "CN", false},
		{"王君", "CN", true},
		{"田中君", "JP", false},
		{"山田様", "JP", false},
		{"田中部長", "JP", false},
		{"鈴木氏", "JP", false},
		{"山田太郎", "JP", true},
		{"老王", "CN", false},
		{"王伟", "CN", true},
	} {
		if got := fullName(c.name, c.country); got != c.want {
			t.Errorf("fullName(%q, %q) = %v, want %v", c.name, c.country, got, c.want)
		}
	}
}
