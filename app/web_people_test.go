package app

import (
	"testing"

	"keepwarm/config"
	"keepwarm/web"
)

// The team manager is named by team.manager_name; a manager with a
// [[salesperson]] entry keeps that entry's name and lang, and another
// manager without either is shown by address.
func TestWebPeopleNameTheManager(t *testing.T) {
	cfg := &config.Config{}
	cfg.Team.Manager, cfg.Team.ManagerName = "mei@seller.example", "Mei Lin"
	cfg.Team.Managers = []string{"director@seller.example", "tom@seller.example"}
	cfg.Salespeople = []config.SalespersonConfig{{Email: "lily@seller.example", Name: "Lily Chen"}, {Email: "tom@seller.example", Name: "Tom Wu", Lang: "zh"}}
	b := NewWebBackend(WebDeps{People: (&App{Cfg: cfg}).WebPeople()})
	for _, want := range []web.Person{
		{Email: "mei@seller.example", Name: "Mei Lin", Manager: true},
		{Email: "director@seller.example", Manager: true},
		{Email: "tom@seller.example", Name: "Tom Wu", Manager: true, Lang: "zh"},
		{Email: "lily@seller.example", Name: "Lily Chen"},
	} {
		if got, ok := b.Person(want.Email); !ok || got != want {
			t.Errorf("%s: %+v %v, want %+v", want.Email, got, ok, want)
		}
	}
}
