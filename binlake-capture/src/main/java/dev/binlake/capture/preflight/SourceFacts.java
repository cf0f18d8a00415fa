package dev.binlake.capture.preflight;

import dev.binlake.capture.BinlogPosition;
import dev.binlake.capture.SourceSettings;

/** What preflight learned about the source: its flavour, version and current binlog end. */
public record SourceFacts(
    SourceSettings.Flavor flavor, String version, long serverId, BinlogPosition binlogEnd) {}
