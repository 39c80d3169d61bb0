// Package book holds the rules of the customer book apart from SQL: reading
// the Excel and CSV files salespeople keep their customers in (English or
// Chinese headers, several emails or phones per cell, UTF-8, UTF-8 with BOM
// or GBK), normalising what they hold (emails, phones to E.164, countries to
// ISO codes with a time zone and a language, grades, birthdays, tags), the
// review cadence per grade, the public pool's claim rules, and the 80/20
// revenue computation.
//
// It imports the root package and a few parsing libraries only; store
// applies its results in transactions and the command line (cli) prints them.
package book
