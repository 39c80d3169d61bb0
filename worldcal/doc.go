// Package worldcal is the customer's clock: for each country keepwarm's
// customers buy from, its weekend and its holidays, fixed and moving, each
// with the source it was computed from.
//
// Sources, in order of preference for a country: github.com/rickar/cal/v2
// where it has a national calendar; the Umm al-Qura calendar
// (github.com/hablullah/go-hijri) for Islamic holidays, shifted by a day
// where a country's moon sighting usually follows Saudi Arabia's a day late;
// the Chinese lunar calendar and the State Council's holiday arrangements
// (github.com/6tail/lunar-go); a dated table for Hindu festivals (no library
// computes them reliably); Easter by the Gregorian and Julian computus; and
// fixed dates from each country's public holiday law. Dates that depend on a
// moon sighting can be off by a day; the team's override table
// (Override) fixes them once they are announced.
//
// Everything here is computed from the year and the tables: nothing blocks,
// and a Set is safe for concurrent use.
package worldcal
