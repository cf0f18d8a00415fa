/**
 * binlake's YAML configuration. Each option is declared once ({@code ConfigOption}: key, type,
 * default, a user-facing sentence) next to the record of its feature ({@link SourceConfig}, {@link
 * StorageConfig}, {@link FilesConfig}, {@link WarehouseConfig}, {@link StateConfig}); from the
 * declarations come binding ({@link BinlakeConfig#load}), unknown-key detection with "did you
 * mean", the reference doc ({@link ReferenceDoc}) and the start-up summary. Every problem of a file
 * is reported in one exception, and {@link Secret}s never appear in any of it.
 */
package dev.binlake.cli.config;
