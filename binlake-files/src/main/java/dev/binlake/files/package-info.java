/**
 * Change files: the Parquet writer and reader for one table's {@link dev.binlake.api.ChangeRecord}s
 * (DMS-compatible columns, binlake key/value metadata, no Hadoop at runtime), the object keys of
 * AWS DMS's S3 layout ({@link dev.binlake.files.DmsLayout}) and when an open file is written out
 * ({@link dev.binlake.files.RollingPolicy}). AWS DMS's own output is read in {@code
 * dev.binlake.files.dms}; {@link dev.binlake.files.DmsFileRewriter} turns it into binlake's column
 * layout for warehouses that load whole files.
 */
package dev.binlake.files;
