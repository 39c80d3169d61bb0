package sequences

import (
	"testing"
	"time"

	"keepwarm/worldcal"
)

// Chinese New Year 2027 falls on Saturday 6 and Sunday 7 February: in
// Malaysia Monday the 8th is the day off in lieu, so a step due on the
// Sunday goes on Tuesday.
func TestCalendarMalaysiaDayOffInLieu(t *testing.T) {
	kl, err := time.LoadLocation("Asia/Kuala_Lumpur")
	if err != nil {
		t.Fatal(err)
	}
	w := SendWindow{Start: TimeOfDay{9 * 60}, End: TimeOfDay{17 * 60}, Holidays: true}
	my := NewCustomerCalendar(nil, "MY", kl, w)
	due := time.Date(2027, 2, 7, 10, 0, 0, 0, kl)
	if got, want := my.Next(due), time.Date(2027, 2, 9, 9, 0, 0, 0, kl); !got.Equal(want) {
		t.Errorf("step due Sunday 7 February 2027: %s, want Tuesday 9 February 09:00", got.In(kl).Format("Mon 2006-01-02 15:04"))
	}
}

// Indonesia's collective leave announced day by day, one override row a
// day under one name: a step due on a listed day after Lebaran waits for
// the next working day.
func TestCalendarCollectiveLeaveRowsPerDay(t *testing.T) {
	jakarta, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	var rows []worldcal.Override
	for _, day := range []int{8, 11, 12, 15, 16} {
		rows = append(rows, worldcal.Override{Country: "ID", Date: time.Date(2027, 3, day, 0, 0, 0, 0, time.UTC), Name: "Collective leave (Lebaran)"})
	}
	cals, err := worldcal.New(rows)
	if err != nil {
		t.Fatal(err)
	}
	w := SendWindow{Start: TimeOfDay{9 * 60}, End: TimeOfDay{17 * 60}, Holidays: true}
	id := NewCustomerCalendar(cals, "ID", jakarta, w)
	for _, tc := range []struct{ due, want string }{
		{"2027-03-08 10:00", "2027-03-17 09:00"}, // the leave before Lebaran, Lebaran, the leave after
		{"2027-03-15 10:00", "2027-03-17 09:00"},
	} {
		due, _ := time.ParseInLocation("2006-01-02 15:04", tc.due, jakarta)
		want, _ := time.ParseInLocation("2006-01-02 15:04", tc.want, jakarta)
		if got := id.Next(due); !got.Equal(want) {
			t.Errorf("due %s: %s, want %s", tc.due, got.In(jakarta).Format("Mon 2006-01-02 15:04"), tc.want)
		}
	}
}
