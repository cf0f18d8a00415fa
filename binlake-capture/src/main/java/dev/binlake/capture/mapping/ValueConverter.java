package dev.binlake.capture.mapping;

/** Converts one non-null Kafka Connect value into the Java value of a column's type. */
@FunctionalInterface
interface ValueConverter {
  Object convert(Object connectValue);
}
