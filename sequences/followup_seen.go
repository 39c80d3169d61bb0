package sequences

// Which automatic answers an earlier look read is told by id: every one
// stored up to the highest id read (Enrollment.OOOID). A look reads every
// answer stored since, in received order, and keeps the highest id it read.
// Not by place in received order: a mailbox that catches up stores a reply
// received earlier after one received later, and a later look must still
// read it; the pause only lengthens, so the order they are read in within
// a look changes nothing.

// seenBefore says whether an automatic answer with id was read by an
// earlier look whose highest id read was upTo (0: none).
func seenBefore(upTo, id int64) bool {
	return upTo != 0 && id <= upTo
}

// markSeen records that the automatic answer id was read.
func markSeen(upTo *int64, id int64) {
	if id > *upTo {
		*upTo = id
	}
}
