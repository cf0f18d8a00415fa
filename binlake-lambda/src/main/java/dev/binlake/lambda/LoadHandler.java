package dev.binlake.lambda;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.ObjectCreated;
import dev.binlake.api.Warehouse;
import dev.binlake.load.DeadLetter;
import dev.binlake.load.DeadLetters;
import dev.binlake.load.Loader;
import dev.binlake.storage.s3.S3ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binlake loader as an AWS Lambda function: for each created object in the event (EventBridge
 * "Object Created" or an S3 notification's {@code Records}, see {@link S3Events}) it streams the
 * object from S3 to a temporary file ({@code /tmp} in Lambda) and loads it into the warehouse named
 * by the environment ({@link LambdaSettings}). Loading a file again is a no-op (the warehouse's
 * ledger), so Lambda's retries and duplicate events are harmless.
 *
 * <p>Failures throw, so Lambda retries the event and finally hands it to the function's on-failure
 * destination or dead-letter queue with the error message: a file that can never load (the loader's
 * dead letters: not a change file, rejected by the warehouse) throws {@link ErrorCode#FILE_INVALID}
 * with the reason; storage and warehouse failures throw their own codes. The S3 clients and the
 * warehouse connection are kept for the sandbox's next invocations.
 *
 * <p>Handler string: {@code dev.binlake.lambda.LoadHandler::handleRequest}. It returns {@code
 * {"loaded": [s3 URIs], "ignored": [s3 URIs outside BINLAKE_KEY_PREFIX]}}.
 */
public final class LoadHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoadHandler.class);

  private final LambdaSettings settings;
  private final Map<String, S3ObjectStore> stores = new HashMap<>();
  private Warehouse warehouse;

  /** The constructor Lambda calls: settings from the environment variables. */
  public LoadHandler() {
    this(LambdaSettings.fromEnvironment(System.getenv()));
  }

  public LoadHandler(LambdaSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    List<ObjectCreated> objects = S3Events.read(event);
    List<String> loaded = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    RuntimeException failure = null;
    for (ObjectCreated object : objects) {
      String uri = "s3://" + object.bucket() + "/" + object.key();
      try {
        if (object.key().startsWith(settings.keyPrefix())) {
          load(object);
          loaded.add(uri);
        } else {
          LOG.info("Ignoring {}: outside BINLAKE_KEY_PREFIX '{}'", uri, settings.keyPrefix());
          ignored.add(uri);
        }
      } catch (RuntimeException e) {
        failure = remember(failure, e);
      }
    }
    if (failure == null && !loaded.isEmpty()) {
      warehouse().flush();
    }
    if (failure != null) {
      throw failure;
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("loaded", loaded);
    result.put("ignored", ignored);
    return result;
  }

  private void load(ObjectCreated object) {
    InvocationDeadLetters deadLetters = new InvocationDeadLetters();
    Loader loader =
        new Loader(store(object.bucket()), warehouse(), settings.keyPrefix(), deadLetters);
    try {
      loader.handle(object);
    } catch (BinlakeException e) {
      if (e.code() == ErrorCode.WAREHOUSE_FAILED || e.code() == ErrorCode.WAREHOUSE_LOCKED) {
        closeWarehouse(); // reconnect on the next invocation
      }
      throw e;
    }
    if (!deadLetters.entries.isEmpty()) {
      DeadLetter letter = deadLetters.entries.get(0);
      throw new BinlakeException(
          ErrorCode.FILE_INVALID,
          "Cannot load s3://%s/%s: it can never load as it is: %s (the event goes to the"
              + " function's on-failure destination or dead-letter queue after Lambda's retries;"
              + " fix or remove the object, then redrive the event)",
          object.bucket(),
          letter.key(),
          letter.reason());
    }
  }

  private S3ObjectStore store(String bucket) {
    return stores.computeIfAbsent(bucket, b -> new S3ObjectStore(settings.s3(b)));
  }

  private Warehouse warehouse() {
    if (warehouse == null) {
      warehouse = settings.warehouse().open(settings.keys());
      LOG.info(
          "Opened warehouse {} with view keys for {} tables",
          settings.warehouse(),
          settings.keys().configured().size());
    }
    return warehouse;
  }

  private void closeWarehouse() {
    if (warehouse != null) {
      try {
        warehouse.close();
      } catch (RuntimeException e) {
        LOG.warn("Cannot close warehouse {}: {}", settings.warehouse(), e.getMessage());
      }
      warehouse = null;
    }
  }

  /** Closes the warehouse and the S3 clients (Lambda never calls this; tests do). */
  @Override
  public void close() {
    closeWarehouse();
    stores.values().forEach(S3ObjectStore::close);
    stores.clear();
  }

  /** The first failure is thrown (Lambda reports it); later ones are logged and attached. */
  private static RuntimeException remember(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    LOG.warn("Another object of this event failed too: {}", next.getMessage());
    first.addSuppressed(next);
    return first;
  }

  /** What the loader set aside during one object's load; it becomes the invocation's error. */
  private static final class InvocationDeadLetters implements DeadLetters {
    private final List<DeadLetter> entries = new ArrayList<>();

    @Override
    public void add(String key, String reason) {
      entries.add(new DeadLetter(key, reason, Instant.now()));
    }

    @Override
    public boolean contains(String key) {
      return entries.stream().anyMatch(e -> e.key().equals(key));
    }

    @Override
    public List<DeadLetter> list() {
      return List.copyOf(entries);
    }
  }
}
