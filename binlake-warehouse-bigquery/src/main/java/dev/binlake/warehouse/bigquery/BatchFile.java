package dev.binlake.warehouse.bigquery;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Column;
import dev.binlake.api.DmsFile;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableSchema;
import dev.binlake.files.DmsFileRewriter;
import dev.binlake.files.ParquetChangeReader;
import dev.binlake.files.ParquetChangeWriter;
import dev.binlake.files.dms.DmsFileReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Rewrites the files of a batch, streaming row by row, into one Parquet file of the batch's shape:
 * columns a file lacks are null, values are widened to the batch types ({@link BigQueryTypes}).
 * Binlake change files must come in key order without overlapping; AWS DMS files in any order.
 */
final class BatchFile {
  private static final SourceOffset NO_OFFSET = new SourceOffset("{}", "batch", 0);

  private BatchFile() {}

  /**
   * Writes {@code target} from the files ({@code copies.get(i)} holds {@code files.get(i)}).
   *
   * @return the number of rows written
   */
  static long write(Path target, TableSchema shape, List<TableSchema> files, List<Path> copies) {
    try (ParquetChangeWriter writer =
        ParquetChangeWriter.open(target, shape, ChangeFile.Kind.CDC)) {
      for (int f = 0; f < files.size(); f++) {
        TableSchema source = files.get(f);
        int[] from = sources(shape, source);
        ParquetChangeReader.readRows(
            copies.get(f),
            (op, commitMicros, orderKey, values) -> {
              Object[] row = widen(shape, source, from, values);
              writer.write(
                  new ChangeRecord(
                      shape,
                      op,
                      ChangeRecord.Phase.STREAM,
                      orderKey,
                      commitMicros,
                      row,
                      NO_OFFSET));
            });
      }
      long rows = writer.rowCount();
      writer.finish(target.getFileName().toString());
      return rows;
    }
  }

  /**
   * Writes {@code target} from AWS DMS files ({@code copies.get(i)} holds {@code files.get(i)}) in
   * the layout of {@link DmsFileRewriter}: Op, the commit time from the DMS timestamp, the order
   * value of {@link DmsFile#orderOf}, then the batch's columns. DMS files may come in any order.
   *
   * @return the number of rows written
   */
  static long writeDms(Path target, TableSchema shape, List<DmsFile> files, List<Path> copies) {
    try (DmsFileRewriter.Writer writer = DmsFileRewriter.open(target, shape.columns())) {
      for (int f = 0; f < files.size(); f++) {
        DmsFile dms = files.get(f);
        int[] from = sources(shape, dms.schema());
        DmsFileReader.readRows(
            copies.get(f),
            dms,
            (op, timestamp, order, values) ->
                writer.write(
                    op,
                    DmsFileRewriter.commitMicros(dms, timestamp),
                    order,
                    widen(shape, dms.schema(), from, values)));
      }
      return writer.rowCount();
    }
  }

  /** For each column of the shape, its index in the file's columns, or -1. */
  private static int[] sources(TableSchema shape, TableSchema source) {
    int[] from = new int[shape.columns().size()];
    for (int i = 0; i < from.length; i++) {
      from[i] = indexOf(source, shape.columns().get(i).name());
    }
    return from;
  }

  private static Object[] widen(
      TableSchema shape, TableSchema source, int[] from, Object[] values) {
    Object[] row = new Object[from.length];
    for (int i = 0; i < from.length; i++) {
      if (from[i] >= 0) {
        Column column = source.columns().get(from[i]);
        row[i] =
            BigQueryTypes.toBatchValue(
                column.type(), shape.columns().get(i).type(), values[from[i]]);
      }
    }
    return row;
  }

  private static int indexOf(TableSchema schema, String name) {
    int exact = schema.indexOf(name);
    if (exact >= 0) {
      return exact;
    }
    for (int i = 0; i < schema.columns().size(); i++) {
      if (schema
          .columns()
          .get(i)
          .name()
          .toLowerCase(Locale.ROOT)
          .equals(name.toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    return -1;
  }
}
