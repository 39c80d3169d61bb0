package sequences

import "keepwarm"

// seenMark says which automatic answers an earlier look read already: those
// up to the latest one it read (Enrollment.OOOID), in the order they are
// read (received time, then id). Not by id alone: a mailbox that catches up
// stores a reply received earlier after one received later, and that one
// is still to be read.
type seenMark struct {
	id    int64 // the latest read; 0: none
	index int   // its place in the events; -1: not among them
}

// seenUpTo finds the latest automatic answer read, id, among events.
func seenUpTo(events []keepwarm.FollowUpEvent, id int64) seenMark {
	if id == 0 {
		return seenMark{index: -1}
	}
	for i, ev := range events {
		if ev.ID == id {
			return seenMark{id: id, index: i}
		}
	}
	return seenMark{id: id, index: -1}
}

// covers says whether the event at i, with id, was read by an earlier
// look. When the latest one read is no longer among the events (an
// absence from before the mail followed up that is over), the ids tell.
func (s seenMark) covers(i int, id int64) bool {
	switch {
	case s.id == 0:
		return false
	case s.index >= 0:
		return i <= s.index
	}
	return id <= s.id
}
