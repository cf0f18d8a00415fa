package dev.binlake.capture.offset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.util.Callback;

/**
 * The Kafka Connect offset store Debezium's engine reads its start offset from: it serves the
 * resume offset of binlake's checkpoint and ignores the engine's own commits, because binlake
 * advances progress only after the change files holding it are stored.
 */
public final class CheckpointOffsetStore implements OffsetBackingStore {
  /** Engine property naming the state folder that holds the checkpoint. */
  public static final String STATE_DIR = "binlake.state.dir";

  /** Engine properties with the engine name and topic prefix, which make up the offset key. */
  public static final String ENGINE_NAME = "name";

  public static final String TOPIC_PREFIX = "topic.prefix";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<ByteBuffer, ByteBuffer> data = new HashMap<>();

  @Override
  public void configure(WorkerConfig config) {
    Map<String, String> originals = config.originalsStrings();
    Path stateDir = Path.of(originals.get(STATE_DIR));
    Checkpoint checkpoint = new CheckpointStore(stateDir).read();
    checkpoint
        .resumeOffset()
        .ifPresent(
            offset -> {
              byte[] key = offsetKey(originals.get(ENGINE_NAME), originals.get(TOPIC_PREFIX));
              String json = SnapshotHandover.merge(offset.json(), checkpoint.pendingSnapshots());
              data.put(
                  ByteBuffer.wrap(key), ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
            });
  }

  /**
   * The key under which the engine looks up its offset, as Kafka Connect's schemaless JSON
   * converter writes it: {@code ["<engine name>",{"server":"<topic prefix>"}]}.
   */
  static byte[] offsetKey(String engineName, String topicPrefix) {
    try {
      return JSON.writeValueAsBytes(List.of(engineName, Map.of("server", topicPrefix)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void start() {}

  @Override
  public void stop() {}

  @Override
  public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
    Map<ByteBuffer, ByteBuffer> result = new HashMap<>();
    for (ByteBuffer key : keys) {
      result.put(key, data.get(key));
    }
    return CompletableFuture.completedFuture(result);
  }

  @Override
  public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
    if (callback != null) {
      callback.onCompletion(null, null);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Set<Map<String, Object>> connectorPartitions(String connectorName) {
    return Set.of();
  }
}
