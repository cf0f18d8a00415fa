package dev.binlake.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.StoredObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest {
  @TempDir Path temp;
  private Path lake;
  private LocalObjectStore store;

  @BeforeEach
  void createStore() {
    lake = temp.resolve("lake");
    store = new LocalObjectStore(lake);
  }

  @Test
  void putStoresContentAndReturnsMd5Etag() throws Exception {
    StoredObject stored = store.put("cdc/shop/orders/f1.parquet", file("hello"));

    assertThat(stored.key()).isEqualTo("cdc/shop/orders/f1.parquet");
    assertThat(stored.size()).isEqualTo(5);
    assertThat(stored.etag()).isEqualTo("5d41402abc4b2a76b9719d911017c592"); // md5("hello")
    assertThat(lake.resolve("cdc/shop/orders/f1.parquet")).hasContent("hello");
    assertThat(stored.lastModified())
        .isEqualTo(
            Files.getLastModifiedTime(lake.resolve("cdc/shop/orders/f1.parquet")).toInstant());
  }

  @Test
  void bucketIsTheFolderName() {
    assertThat(store.bucket()).isEqualTo("lake");
    assertThat(LocalObjectStore.fromUri("file:./some/where/mylake").bucket()).isEqualTo("mylake");
  }

  @Test
  void fromUriResolvesRelativeAndAbsolutePaths() {
    assertThat(LocalObjectStore.fromUri("file:./lake").folder())
        .isEqualTo(Path.of("lake").toAbsolutePath());
    assertThat(LocalObjectStore.fromUri("file:/var/lake").folder()).isEqualTo(Path.of("/var/lake"));
    assertThat(LocalObjectStore.fromUri("file:///var/lake").folder())
        .isEqualTo(Path.of("/var/lake"));
  }

  @Test
  void fromUriRejectsOtherSchemes() {
    assertThatThrownBy(() -> LocalObjectStore.fromUri("s3://bucket/prefix"))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot use storage.uri 's3://bucket/prefix' for a local folder: it must start with"
                + " file: (e.g. file:./lake or file:///var/lake)");
    assertThatThrownBy(() -> LocalObjectStore.fromUri("file://lake"))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot use storage.uri 'file://lake': file:// URIs need an");
  }

  @Test
  void rePutReplacesTheObject() throws Exception {
    store.put("a/x.bin", file("first version"));

    StoredObject second = store.put("a/x.bin", file("second"));

    assertThat(second.size()).isEqualTo(6);
    assertThat(read("a/x.bin")).isEqualTo("second");
    assertThat(store.list("")).containsExactly(second);
    assertThat(store.stat("a/x.bin")).contains(second);
  }

  @Test
  void putLeavesNoTemporaryFileBehind() throws Exception {
    store.put("a/b/c.bin", file("data"));

    try (Stream<Path> files = Files.walk(lake)) {
      assertThat(files.filter(Files::isRegularFile)).containsExactly(lake.resolve("a/b/c.bin"));
    }
  }

  @Test
  void leftoverTempFileFromCrashIsNotListed() throws Exception {
    store.put("cdc/t/f1.parquet", file("one"));
    // what a crash between writing and renaming leaves behind
    Files.writeString(lake.resolve("cdc/t/.f2.parquet.tmp-0123456789abcdef"), "half");

    assertThat(store.list("")).extracting(StoredObject::key).containsExactly("cdc/t/f1.parquet");
    assertThat(store.list("cdc/t/"))
        .extracting(StoredObject::key)
        .containsExactly("cdc/t/f1.parquet");
  }

  @Test
  void listFiltersByPrefixAndOrdersByKey() throws Exception {
    for (String key :
        List.of(
            "cdc/shop/orders/2.parquet",
            "cdc/shop/orders/10.parquet",
            "cdc/shop/customers/1",
            "cdc/shop/orders_archive/1",
            "load/x",
            "cdc/shop/orders/1.parquet")) {
      store.put(key, file(key));
    }

    assertThat(store.list("cdc/shop/orders/"))
        .extracting(StoredObject::key)
        .containsExactly(
            "cdc/shop/orders/1.parquet", "cdc/shop/orders/10.parquet", "cdc/shop/orders/2.parquet");
    assertThat(store.list("cdc/shop/ord"))
        .extracting(StoredObject::key)
        .containsExactly(
            "cdc/shop/orders/1.parquet",
            "cdc/shop/orders/10.parquet",
            "cdc/shop/orders/2.parquet",
            "cdc/shop/orders_archive/1");
    assertThat(store.list(""))
        .hasSize(6)
        .first()
        .extracting(StoredObject::key)
        .isEqualTo("cdc/shop/customers/1");
    assertThat(store.list("nothing/here/")).isEmpty();
  }

  @Test
  void listOrdersLikeS3ByUtf8Bytes() throws Exception {
    store.put("k/\uFF21", file("fullwidth A, U+FF21"));
    store.put("k/\uD83D\uDE00", file("emoji, U+1F600"));

    // UTF-16 order would put the emoji (surrogates D83D…) first; UTF-8 order puts U+FF21 first
    assertThat(store.list("k/"))
        .extracting(StoredObject::key)
        .containsExactly("k/\uFF21", "k/\uD83D\uDE00");
  }

  @Test
  void listOfMissingFolderIsEmpty() {
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void listedEtagsMatchForFilesDroppedInByOthers() throws Exception {
    Files.createDirectories(lake.resolve("in"));
    Files.writeString(lake.resolve("in/foreign.csv"), "hello");

    assertThat(store.list("in/"))
        .singleElement()
        .extracting(StoredObject::etag)
        .isEqualTo("5d41402abc4b2a76b9719d911017c592");
    assertThat(new LocalObjectStore(lake).stat("in/foreign.csv").orElseThrow().etag())
        .isEqualTo("5d41402abc4b2a76b9719d911017c592");
  }

  @Test
  void etagFollowsInPlaceEdits() throws Exception {
    store.put("a.txt", file("hello"));
    Files.writeString(lake.resolve("a.txt"), "something longer");

    assertThat(new LocalObjectStore(lake).stat("a.txt").orElseThrow().etag())
        .isEqualTo(md5("something longer"));
    assertThat(store.stat("a.txt").orElseThrow().etag()).isEqualTo(md5("something longer"));
  }

  @Test
  void openReadsTheObject() throws Exception {
    store.put("x/y", file("payload"));

    assertThat(read("x/y")).isEqualTo("payload");
    assertThat(store.localPath("x/y")).contains(lake.resolve("x/y"));
  }

  @Test
  void missingKeyIsObjectNotFound() {
    assertThatThrownBy(() -> store.open("no/such.parquet"))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot read no/such.parquet from "
                + lake
                + ": no such object (check the key; list the folder to see what is stored)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
    assertThat(store.stat("no/such.parquet")).isEmpty();
    assertThat(store.localPath("no/such.parquet")).isEmpty();
  }

  @Test
  void folderIsNotAnObject() throws Exception {
    store.put("dir/file", file("x"));

    assertThatThrownBy(() -> store.open("dir"))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot read dir from " + lake + ": no such object");
    assertThat(store.stat("dir")).isEmpty();
  }

  @Test
  void rejectsKeysThatLeaveTheFolder() {
    for (String key : List.of("../escape", "a/../../escape", "/etc/passwd", "a//b", "./a", "")) {
      assertThatThrownBy(() -> store.put(key, file("x")), key)
          .isInstanceOf(BinlakeException.class)
          .hasMessageStartingWith("Cannot use object key '" + key + "': ")
          .hasMessageEndingWith("(use a relative key like cdc/shop/orders/file.parquet)");
    }
    assertThatThrownBy(() -> store.open("../escape"))
        .hasMessage(
            "Cannot use object key '../escape': it has a '..' segment (use a relative key like"
                + " cdc/shop/orders/file.parquet)");
    assertThatThrownBy(() -> store.list("../"))
        .hasMessage(
            "Cannot list objects under prefix '../': it has a '..' segment (use a relative prefix"
                + " like cdc/shop/)");
    assertThatThrownBy(() -> store.stat("/abs"))
        .hasMessageStartingWith("Cannot use object key '/abs': it is absolute");
  }

  @Test
  void rejectsKeysNamedLikeTemporaryFiles() {
    assertThatThrownBy(() -> store.put("a/.b.tmp-00ff", file("x")))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith(
            "Cannot use object key 'a/.b.tmp-00ff': its names look like binlake's temporary files");
  }

  @Test
  void unwritableFolderIsStorageFailed() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root ignores permissions");
    Files.createDirectories(lake);
    Files.setPosixFilePermissions(lake, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assertThatThrownBy(() -> store.put("f.parquet", file("x")))
          .isInstanceOf(BinlakeException.class)
          .hasMessageStartingWith("Cannot store f.parquet in " + lake + ": permission denied on ")
          .hasMessageEndingWith(
              "(check that the folder exists and is writable, and that the disk has space)");
    } finally {
      Files.setPosixFilePermissions(lake, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void folderThatCannotBeCreatedIsStorageFailed() throws Exception {
    Files.createDirectories(lake);
    Files.writeString(lake.resolve("blocked"), "a file where a folder should be");

    assertThatThrownBy(() -> store.put("blocked/f.parquet", file("x")))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith(
            "Cannot store blocked/f.parquet in "
                + lake
                + ": a file is in the way: "
                + lake.resolve("blocked")
                + " exists and is not a folder")
        .hasMessageEndingWith(
            "(check that the folder exists and is writable, and that the disk has space)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.STORAGE_FAILED);
    assertThat(lake.resolve("blocked")).hasContent("a file where a folder should be");
  }

  @Test
  void missingSourceFileIsNamed() {
    Path missing = temp.resolve("not-there.parquet");

    assertThatThrownBy(() -> store.put("a/b", missing))
        .isInstanceOf(BinlakeException.class)
        .hasMessageContaining("the file to store, " + missing + ", does not exist");
  }

  private Path file(String content) throws Exception {
    Path file = Files.createTempFile(temp, "source", ".bin");
    Files.writeString(file, content, UTF_8);
    return file;
  }

  private String read(String key) throws Exception {
    try (InputStream in = store.open(key)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  private static String md5(String text) {
    return java.util.HexFormat.of().formatHex(LocalObjectStore.md5().digest(text.getBytes(UTF_8)));
  }
}
