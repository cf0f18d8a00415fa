package dev.binlake.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleServersTest {
  @TempDir Path parent;

  @Test
  void deletesFolderOfDeadJvm() throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    Path folder = Files.createDirectory(parent.resolve(StaleServers.FOLDER_PREFIX + "dead"));
    Files.writeString(folder.resolve(StaleServers.OWNER_FILE), Long.toString(finished.pid()));
    Files.createDirectories(folder.resolve("data/mysql"));

    StaleServers.sweep(parent);

    assertThat(folder).doesNotExist();
  }

  @Test
  void keepsFolderOfLiveJvm() throws Exception {
    Path folder = Files.createDirectory(parent.resolve(StaleServers.FOLDER_PREFIX + "alive"));
    Files.writeString(
        folder.resolve(StaleServers.OWNER_FILE), Long.toString(ProcessHandle.current().pid()));

    StaleServers.sweep(parent);

    assertThat(folder).isDirectory();
  }

  @Test
  void keepsFolderWithoutOwnerYet() throws Exception {
    Path folder = Files.createDirectory(parent.resolve(StaleServers.FOLDER_PREFIX + "starting"));

    StaleServers.sweep(parent);

    assertThat(folder).isDirectory();
  }

  @Test
  void leavesOtherFoldersAlone() throws Exception {
    Path other = Files.createDirectory(parent.resolve("something-else"));
    Files.writeString(other.resolve(StaleServers.OWNER_FILE), "999999999");

    StaleServers.sweep(parent);

    assertThat(other).isDirectory();
  }
}
