//go:build race

package storetest

// RaceEnabled is true when tests run under the race detector, which slows
// the pure-Go SQLite down by an order of magnitude: full-size data tests
// skip then and run in CI's pass without it.
const RaceEnabled = true
