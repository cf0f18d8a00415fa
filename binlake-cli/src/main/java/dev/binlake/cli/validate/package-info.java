/**
 * {@code binlake validate}: compares each source table with its latest view by checksums over key
 * ranges computed on both sides (type-normalized SQL, so no row leaves either server until a range
 * is small), narrows differing ranges down to keys, and reads the "values not representable" counts
 * that capture records for {@code status}.
 */
package dev.binlake.cli.validate;
