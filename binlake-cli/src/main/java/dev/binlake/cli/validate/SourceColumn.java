package dev.binlake.cli.validate;

/** A source column from information_schema: name and {@code DATA_TYPE} (e.g. {@code varchar}). */
record SourceColumn(String name, String dataType) {}
