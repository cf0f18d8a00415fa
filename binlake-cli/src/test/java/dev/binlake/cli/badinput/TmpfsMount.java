package dev.binlake.cli.badinput;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted over a test folder, to fill a disk or make it read-only for real. Needs the
 * right to mount (root in a container here); without it the test is skipped and says why.
 */
final class TmpfsMount {
  private final Path folder;

  private TmpfsMount(Path folder) {
    this.folder = folder;
  }

  /** Mounts a tmpfs with {@code options} (e.g. {@code size=256k} or {@code ro,size=1m}). */
  static TmpfsMount mount(Path folder, String options) throws Exception {
    Files.createDirectories(folder);
    String output = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", folder.toString());
    Assumptions.assumeTrue(
        output == null,
        () ->
            "Cannot mount a tmpfs over "
                + folder
                + " ("
                + output
                + "): this test needs the right to mount (run as root, or in a container with"
                + " CAP_SYS_ADMIN)");
    return new TmpfsMount(folder);
  }

  /** Unmounts it (lazily if it is busy). */
  void unmount() throws Exception {
    if (run("umount", folder.toString()) != null) {
      run("umount", "-l", folder.toString());
    }
  }

  /** Runs a command; null when it succeeded, else its output. */
  private static String run(String... command) throws Exception {
    Process process;
    try {
      process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      return e.getMessage();
    }
    String output = new String(process.getInputStream().readAllBytes()).strip();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return "timed out";
    }
    return process.exitValue() == 0 ? null : output + " (exit " + process.exitValue() + ")";
  }
}
