/** Turns the result lines of a side-by-side run ({@code bench/compare.sh}) into tables. */
package io.sockjet.bench.compare;
