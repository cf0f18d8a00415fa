package dev.binlake.events.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ObjectCreated;
import dev.binlake.api.ObjectStore;
import dev.binlake.api.StoredObject;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectRuleTest {
  private static final ObjectRule SHOP_ONLY =
      ObjectRule.parse(
          "{\"detail\": {\"bucket\": {\"name\": [\"lake\"]}, \"object\": {\"key\": [{\"prefix\":"
              + " \"cdc/shop/\"}, {\"suffix\": \".keep.parquet\"}]}}}");

  private static ObjectCreated event(String bucket, String key) {
    return new ObjectCreated(
        "id", Instant.EPOCH, "local", bucket, key, 1, "etag", "0001", "PutObject");
  }

  private static StoredObject object(String key) {
    return new StoredObject(key, 1, "etag", Instant.EPOCH);
  }

  @Test
  void matchesEventsOnBucketAndKey() {
    assertThat(SHOP_ONLY.matches(event("lake", "cdc/shop/t/a.parquet"))).isTrue();
    assertThat(SHOP_ONLY.matches(event("lake", "cdc/other/t/a.keep.parquet"))).isTrue();
    assertThat(SHOP_ONLY.matches(event("lake", "cdc/other/t/a.parquet"))).isFalse();
    assertThat(SHOP_ONLY.matches(event("pond", "cdc/shop/t/a.parquet"))).isFalse();
  }

  @Test
  void filtersHandlersAndListings() {
    List<String> handled = new ArrayList<>();
    var handler = SHOP_ONLY.filter(e -> handled.add(e.key()));
    handler.handle(event("lake", "cdc/other/t/a.parquet"));
    handler.handle(event("lake", "cdc/shop/t/b.parquet"));
    assertThat(handled).containsExactly("cdc/shop/t/b.parquet");

    ObjectStore store = new ListingOnly("lake", "cdc/other/t/a.parquet", "cdc/shop/t/b.parquet");
    assertThat(SHOP_ONLY.filter(store).list("cdc/"))
        .extracting(StoredObject::key)
        .containsExactly("cdc/shop/t/b.parquet");
    assertThat(ObjectRule.everything().filter(store)).isSameAs(store);
  }

  @Test
  void anEmptyPatternTakesEverything() {
    ObjectRule rule = ObjectRule.parse("{}");
    assertThat(rule).isEqualTo(ObjectRule.everything());
    assertThat(rule.isRestrictive()).isFalse();
    assertThat(rule.matches("any", object("x"))).isTrue();
  }

  @Test
  void rejectsFieldsItCannotJudgeForListedObjects() {
    assertThatThrownBy(() -> ObjectRule.parse("{\"detail\": {\"object\": {\"etag\": [\"x\"]}}}"))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot use event pattern at detail.object.etag: binlake cannot match this field (a"
                + " rule may name source, detail-type, detail.bucket.name, detail.object.key,"
                + " detail.object.size) (supported: exact values, prefix, suffix, exists,"
                + " anything-but with a value, a list or a prefix)");
    assertThatThrownBy(() -> ObjectRule.parse("{\"detail\": {\"object\": [\"x\"]}}"))
        .hasMessageContaining("at detail.object: binlake cannot match this field");
    assertThatThrownBy(() -> ObjectRule.parse("{\"source\": {\"x\": [\"y\"]}}"))
        .hasMessageContaining("at source: binlake cannot match this field");
  }

  /** Lists fixed keys; nothing else. */
  private record ListingOnly(String bucket, List<String> keys) implements ObjectStore {
    ListingOnly(String bucket, String... keys) {
      this(bucket, List.of(keys));
    }

    @Override
    public StoredObject put(String key, Path file) {
      throw new UnsupportedOperationException();
    }

    @Override
    public InputStream open(String key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<StoredObject> list(String prefix) {
      return keys.stream().filter(k -> k.startsWith(prefix)).map(ObjectRuleTest::object).toList();
    }

    @Override
    public Optional<StoredObject> stat(String key) {
      return Optional.empty();
    }
  }
}
