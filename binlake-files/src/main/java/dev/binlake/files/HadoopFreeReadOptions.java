package dev.binlake.files;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.crypto.FileDecryptionProperties;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetMetricsCallback;

/**
 * Read options for {@code ParquetFileReader} built without Hadoop. parquet-java 1.18's {@code
 * ParquetReadOptions.Builder} always creates Hadoop's codec factory and record filter first (even
 * when a codec factory is given later), which fails without Hadoop classes; so this calls the
 * options' package-private constructor, whose signature is checked when the class loads and by
 * {@code NoHadoopAtRuntimeTest}.
 */
final class HadoopFreeReadOptions {
  /** Parquet's own default largest single allocation when reading. */
  private static final int MAX_ALLOCATION_SIZE = 8 * 1024 * 1024;

  private static final Constructor<ParquetReadOptions> CONSTRUCTOR = constructor();

  private HadoopFreeReadOptions() {}

  static ParquetReadOptions create(CompressionCodecFactory codecFactory) {
    Map<String, String> properties = new HashMap<>();
    try {
      return CONSTRUCTOR.newInstance(
          false, // useSignedStringMinMax
          false, // useStatsFilter: no filters, every row is read
          false, // useDictionaryFilter
          false, // useRecordFilter
          false, // useColumnIndexFilter
          true, // usePageChecksumVerification: the writer writes page CRCs; damage is reported
          false, // useBloomFilter
          false, // useOffHeapDecryptBuffer
          false, // useHadoopVectoredIo
          FilterCompat.NOOP,
          ParquetMetadataConverter.NO_FILTER,
          codecFactory,
          new HeapByteBufferAllocator(),
          MAX_ALLOCATION_SIZE,
          properties,
          null, // no decryption
          null, // no metrics callback
          new PlainParquetConfiguration());
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("Cannot create Parquet read options: " + e, e);
    }
  }

  private static Constructor<ParquetReadOptions> constructor() {
    try {
      Constructor<ParquetReadOptions> constructor =
          ParquetReadOptions.class.getDeclaredConstructor(
              boolean.class,
              boolean.class,
              boolean.class,
              boolean.class,
              boolean.class,
              boolean.class,
              boolean.class,
              boolean.class,
              boolean.class,
              FilterCompat.Filter.class,
              ParquetMetadataConverter.MetadataFilter.class,
              CompressionCodecFactory.class,
              ByteBufferAllocator.class,
              int.class,
              Map.class,
              FileDecryptionProperties.class,
              ParquetMetricsCallback.class,
              ParquetConfiguration.class);
      constructor.setAccessible(true);
      return constructor;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(
          "Cannot read change files with this parquet-java version: ParquetReadOptions has no"
              + " constructor of parquet-java 1.18 (use parquet-java 1.18.x or adapt"
              + " HadoopFreeReadOptions)",
          e);
    }
  }
}
