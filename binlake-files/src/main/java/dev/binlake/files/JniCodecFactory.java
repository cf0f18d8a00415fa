package dev.binlake.files;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression over snappy-java and zstd-jni. Parquet's own {@code CodecFactory} loads Hadoop
 * classes even for UNCOMPRESSED, so change files bring their own. A compressor reuses its output
 * buffer: its result is valid until its next call, as with parquet's heap compressors.
 */
final class JniCodecFactory implements CompressionCodecFactory {
  /** zstd's own default level: a good ratio at a few hundred MB/s. */
  static final int ZSTD_LEVEL = 3;

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return new Compressor(codec);
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return new Decompressor(codec);
  }

  @Override
  public void release() {}

  private static CompressionCodecName supported(CompressionCodecName codec) {
    switch (codec) {
      case UNCOMPRESSED:
      case SNAPPY:
      case ZSTD:
        return codec;
      default:
        throw new UnsupportedOperationException(
            "Parquet compression "
                + codec
                + " is not supported (binlake reads UNCOMPRESSED,"
                + " SNAPPY and ZSTD)");
    }
  }

  private static final class Compressor implements BytesInputCompressor {
    private final CompressionCodecName codec;
    private final Buffer input = new Buffer();
    private byte[] output = new byte[0];

    Compressor(CompressionCodecName codec) {
      this.codec = supported(codec);
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return bytes;
      }
      input.reset();
      bytes.writeAllTo(input);
      int size = input.size();
      int length;
      if (codec == CompressionCodecName.SNAPPY) {
        ensureOutput(Snappy.maxCompressedLength(size));
        length = Snappy.compress(input.array(), 0, size, output, 0);
      } else {
        ensureOutput((int) Zstd.compressBound(size));
        long result =
            Zstd.compressByteArray(output, 0, output.length, input.array(), 0, size, ZSTD_LEVEL);
        if (Zstd.isError(result)) {
          throw new IOException("zstd compression failed: " + Zstd.getErrorName(result));
        }
        length = (int) result;
      }
      return BytesInput.from(output, 0, length);
    }

    private void ensureOutput(int size) {
      if (output.length < size) {
        output = new byte[Math.max(size, output.length * 2)];
      }
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec;
    }

    @Override
    public void release() {
      output = new byte[0];
      input.release();
    }
  }

  private static final class Decompressor implements BytesInputDecompressor {
    private final CompressionCodecName codec;
    private final Buffer input = new Buffer();

    Decompressor(CompressionCodecName codec) {
      this.codec = supported(codec);
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return bytes;
      }
      input.reset();
      bytes.writeAllTo(input);
      byte[] output = new byte[uncompressedSize];
      decompress(input.array(), input.size(), output, uncompressedSize);
      return BytesInput.from(output);
    }

    @Override
    public void decompress(
        ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
        throws IOException {
      byte[] in = new byte[compressedSize];
      input.duplicate().get(in);
      byte[] out = new byte[decompressedSize];
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        System.arraycopy(in, 0, out, 0, Math.min(compressedSize, decompressedSize));
      } else {
        decompress(in, compressedSize, out, decompressedSize);
      }
      output.put(out);
      output.flip();
    }

    private void decompress(byte[] in, int inLength, byte[] out, int outLength) throws IOException {
      long produced;
      if (codec == CompressionCodecName.SNAPPY) {
        produced = Snappy.uncompress(in, 0, inLength, out, 0);
      } else {
        produced = Zstd.decompressByteArray(out, 0, outLength, in, 0, inLength);
        if (Zstd.isError(produced)) {
          throw new IOException("zstd decompression failed: " + Zstd.getErrorName(produced));
        }
      }
      if (produced != outLength) {
        throw new IOException(
            codec + " page decompressed to " + produced + " bytes, expected " + outLength);
      }
    }

    @Override
    public void release() {
      input.release();
    }
  }

  /** A growable byte buffer whose array can be read without a copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    byte[] array() {
      return buf;
    }

    void release() {
      buf = new byte[32];
      count = 0;
    }
  }
}
