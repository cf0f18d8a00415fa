package dev.binlake.capture.sink;

import static java.util.Objects.requireNonNull;

import dev.binlake.files.Codec;
import dev.binlake.files.RollingPolicy;
import java.nio.file.Path;

/**
 * How change files are written: key prefix in the store, rolling policy, codec, the folder for
 * files being written, and the region that events carry.
 */
public record SinkSettings(
    String prefix, RollingPolicy policy, Codec codec, Path workDir, String region) {
  public SinkSettings {
    requireNonNull(prefix, "prefix is null");
    requireNonNull(policy, "policy is null");
    requireNonNull(codec, "codec is null");
    requireNonNull(workDir, "workDir is null");
    requireNonNull(region, "region is null");
  }
}
