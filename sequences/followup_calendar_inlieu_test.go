package sequences

import (
	"testing"
	"time"
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
