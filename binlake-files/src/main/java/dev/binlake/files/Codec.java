package dev.binlake.files;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** The page compression of change files. All three are read by DuckDB, BigQuery and Spark. */
public enum Codec {
  UNCOMPRESSED(CompressionCodecName.UNCOMPRESSED),
  SNAPPY(CompressionCodecName.SNAPPY),
  ZSTD(CompressionCodecName.ZSTD);

  private final CompressionCodecName parquetName;

  Codec(CompressionCodecName parquetName) {
    this.parquetName = parquetName;
  }

  CompressionCodecName parquetName() {
    return parquetName;
  }
}
