package dev.binlake.cli;

import picocli.CommandLine;

/** The version printed by {@code binlake --version}. */
public final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"binlake " + (version == null ? "development build" : version)};
  }
}
