package dev.binlake.cli.run;

import dev.binlake.capture.SourceSettings;
import dev.binlake.capture.SourceTls;
import dev.binlake.capture.TableFilter;
import dev.binlake.capture.columns.ColumnRules;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.config.FilesConfig;
import dev.binlake.cli.config.SourceConfig;
import dev.binlake.cli.config.TablePattern;
import dev.binlake.files.Codec;

/** Translates configuration records into the settings records of the modules. */
public final class PipelineSettings {
  private PipelineSettings() {}

  /** The source settings of a configuration. */
  public static SourceSettings source(BinlakeConfig config) {
    return source(config.source());
  }

  static SourceSettings source(SourceConfig config) {
    TableFilter tables =
        new TableFilter(
            config.include().stream().map(TablePattern::toString).toList(),
            config.exclude().stream().map(TablePattern::toString).toList());
    return new SourceSettings(
        config.host(),
        config.port(),
        config.user(),
        config.password().reveal(),
        config.serverId(),
        tables,
        SourceSettings.Flavor.valueOf(config.database().name()),
        config.connectTimeout(),
        ColumnRules.of(
            config.columns().exclude(),
            config.columns().hash(),
            config.columns().hashKey().reveal()),
        new SourceTls(SourceTls.Mode.valueOf(config.tls().mode().name()), config.tls().caFile()),
        config.skipUnparseableDdl(),
        config.reader() == SourceConfig.Reader.BINLAKE);
  }

  static Codec codec(FilesConfig files) {
    return switch (files.codec()) {
      case SNAPPY -> Codec.SNAPPY;
      case ZSTD -> Codec.ZSTD;
      case NONE -> Codec.UNCOMPRESSED;
    };
  }
}
