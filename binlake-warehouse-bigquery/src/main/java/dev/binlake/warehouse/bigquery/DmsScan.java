package dev.binlake.warehouse.bigquery;

import dev.binlake.api.DmsFile;
import dev.binlake.files.DmsFileRewriter;
import dev.binlake.files.dms.DmsFileReader;
import java.nio.file.Path;

/**
 * What an AWS DMS file holds, read row by row before it is queued (so a damaged file is refused at
 * once, not in its batch): rows, and the lowest and highest order value ({@link DmsFile#orderOf};
 * both {@code orderOf(null, 0)} for an empty file).
 */
record DmsScan(long rows, String first, String last) {

  /**
   * Reads every row: each {@code Op} must be I, U or D and each timestamp valid.
   *
   * @throws dev.binlake.api.BinlakeException {@link dev.binlake.api.ErrorCode#FILE_INVALID} if not
   */
  static DmsScan of(DmsFile file, Path localFile) {
    long[] rows = {0};
    String[] range = {null, null};
    DmsFileReader.readRows(
        localFile,
        file,
        (op, timestamp, order, values) -> {
          DmsFileRewriter.commitMicros(file, timestamp);
          rows[0]++;
          if (range[0] == null || order.compareTo(range[0]) < 0) {
            range[0] = order;
          }
          if (range[1] == null || order.compareTo(range[1]) > 0) {
            range[1] = order;
          }
        });
    String empty = file.orderOf(null, 0);
    return new DmsScan(
        rows[0], range[0] == null ? empty : range[0], range[1] == null ? empty : range[1]);
  }
}
