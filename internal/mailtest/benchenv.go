package mailtest

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// EnvInt is the positive number in the environment variable key, else def;
// anything else there fails the benchmark, naming the variable.
func EnvInt(tb testing.TB, key string, def int) int {
	tb.Helper()
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		tb.Fatalf("%s=%q: want a positive number", key, v)
	}
	return n
}

// EnvSizes is the comma-separated list of positive sizes in the
// environment variable key ("20000,100000"), else def.
func EnvSizes(tb testing.TB, key string, def []int) []int {
	tb.Helper()
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	var sizes []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			tb.Fatalf("%s=%q: want sizes like 20000,100000", key, v)
		}
		sizes = append(sizes, n)
	}
	return sizes
}
