package dev.binlake.events.broker;

import dev.binlake.events.rules.EventPattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loader process for work-queue tests: {@code <kind> <name> <ledger dir> <hang on delivery n>
 * [sqs endpoint]}. It loads through the shared {@link Ledger}, and on its n-th delivery writes
 * {@code hung} (the key) and never returns, so the test can kill it with SIGKILL mid-handling.
 */
public final class WorkQueueChild {
  private WorkQueueChild() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    String name = args[1];
    Ledger ledger = new Ledger(Path.of(args[2]));
    int hangOn = Integer.parseInt(args[3]);
    if (args.length > 4 && !args[4].equals("null")) {
      BrokerTransportContract.sqsEndpoint = java.net.URI.create(args[4]);
    }
    AtomicInteger deliveries = new AtomicInteger();
    BrokerTransport transport = BrokerTransportContract.open(kind, name);
    transport.subscribe(
        EventPattern.objectCreated("lake", ""),
        event -> {
          if (deliveries.incrementAndGet() == hangOn) {
            ledger.delivered("child", event.key());
            write(ledger.dir().resolve("hung"), event.key());
            while (true) {
              sleepQuietly(); // mid-handling: neither acked nor failed until SIGKILL
            }
          }
          ledger.load("child", event.key());
          sleepQuietly();
        });
    write(ledger.dir().resolve("child-ready"), "ready");
    Thread.currentThread().join();
  }

  private static void write(Path path, String text) {
    try {
      Files.writeString(path, text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(20); // simulated work, not a wait for a result
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
