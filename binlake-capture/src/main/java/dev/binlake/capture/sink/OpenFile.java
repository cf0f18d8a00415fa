package dev.binlake.capture.sink;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableSchema;
import dev.binlake.files.ParquetChangeWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A change file being written for one table. {@code resumeOffset} is the offset of the record
 * received just before this file's first record: resuming there redelivers all of this file.
 */
final class OpenFile {
  final TableSchema schema;
  final ChangeFile.Kind kind;
  final int loadNumber;
  final long firstSequence;
  final Optional<SourceOffset> resumeOffset;
  final Instant openedAt;
  final Path path;
  final ParquetChangeWriter writer;
  long lastSequence;
  boolean holdsChunkedSnapshot;
  OrderKey firstKey;
  long firstCommitMicros;

  OpenFile(
      TableSchema schema,
      ChangeFile.Kind kind,
      int loadNumber,
      long firstSequence,
      Optional<SourceOffset> resumeOffset,
      Instant openedAt,
      Path path,
      ParquetChangeWriter writer) {
    this.schema = schema;
    this.kind = kind;
    this.loadNumber = loadNumber;
    this.firstSequence = firstSequence;
    this.resumeOffset = resumeOffset;
    this.openedAt = openedAt;
    this.path = path;
    this.writer = writer;
  }

  void write(ChangeRecord record) {
    if (firstKey == null) {
      firstKey = record.orderKey();
      firstCommitMicros = record.commitTimeMicros();
    }
    writer.write(record);
  }

  boolean accepts(ChangeRecord record, ChangeFile.Kind recordKind) {
    return kind == recordKind && schema.equals(record.schema());
  }
}
