package dev.binlake.files;

import static dev.binlake.files.TestTables.allKinds;
import static dev.binlake.files.TestTables.allKindsRows;
import static dev.binlake.files.TestTables.record;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.Op;
import dev.binlake.api.TableSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes and reads change files with every codec; {@link NoHadoopAtRuntimeTest} runs it in a class
 * loader that has no Hadoop classes. Uses JDK types only in its signature.
 */
public final class HadoopFreeProbe {
  private HadoopFreeProbe() {}

  /** Returns how many rows were read back equal to the rows written, over all codecs. */
  public static long writeAndRead(Path dir) {
    TableSchema schema = allKinds();
    List<Object[]> rows = allKindsRows();
    long matching = 0;
    for (Codec codec : Codec.values()) {
      Path file = dir.resolve("probe-" + codec + ".parquet");
      try (ParquetChangeWriter writer =
          ParquetChangeWriter.open(file, schema, ChangeFile.Kind.CDC, codec)) {
        for (int i = 0; i < rows.size(); i++) {
          writer.write(record(schema, Op.INSERT, i, rows.get(i)));
        }
        writer.finish("k");
      }
      ChangeFile changeFile = ParquetChangeReader.readChangeFile(file, "k");
      if (changeFile.rowCount() != rows.size()) {
        throw new AssertionError("row count " + changeFile.rowCount());
      }
      AtomicInteger index = new AtomicInteger();
      long[] equal = {0};
      ParquetChangeReader.readRows(
          file,
          (op, ts, key, values) -> {
            if (Objects.deepEquals(values, rows.get(index.getAndIncrement()))) {
              equal[0]++;
            }
          });
      matching += equal[0];
    }
    return matching;
  }

  /** Writes a DMS-style CDC file, describes it and reads it back; returns the rows read. */
  public static long readDmsFile(Path dir) {
    Path file =
        DmsStyleParquet.write(
            dir.resolve("dms.parquet"),
            dev.binlake.files.dms.DmsSamples.cdcSchema(),
            dev.binlake.files.dms.DmsSamples.cdcRows());
    String key = "shop/items/20240809-192717787.parquet";
    dev.binlake.api.DmsFile dms =
        dev.binlake.files.dms.DmsFileReader.describe(
            file, key, "", dev.binlake.files.dms.DmsOptions.withKeys(java.util.Map.of()));
    long[] rows = {0};
    dev.binlake.files.dms.DmsFileReader.readRows(file, dms, (op, ts, order, values) -> rows[0]++);
    return rows[0];
  }
}
