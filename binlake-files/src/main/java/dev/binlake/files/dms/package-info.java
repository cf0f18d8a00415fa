/**
 * Reading AWS DMS's own Parquet output (files without binlake metadata): recognizing its object
 * keys ({@link dev.binlake.files.dms.DmsObjectKey}), describing a file as a {@link
 * dev.binlake.api.DmsFile} from its footer (legacy converted types mapped to binlake's column
 * types, the {@code Op} and timestamp columns found, the primary key from {@link
 * dev.binlake.files.dms.DmsOptions}) and streaming its rows with their order values ({@link
 * dev.binlake.files.dms.DmsFileReader}).
 */
package dev.binlake.files.dms;
