package dev.binlake.testing.junit;

import dev.binlake.testing.ThrowawayMariaDb;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link ThrowawayMariaDb} parameter (test method, lifecycle method or constructor). One
 * server with the default options serves the whole test JVM: started on first use, stopped at JVM
 * exit by its shutdown hook. Tests share it, so each creates its own database with {@link
 * ThrowawayMariaDb#createDatabase(String)}. A test that needs other server options (a STATEMENT
 * binlog, say) starts its own with {@link ThrowawayMariaDb#builder()}.
 */
public final class MariaDbExtension implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ThrowawayMariaDb.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return SharedServer.get();
  }

  /** The JVM's shared server, started lazily; never closed here (its shutdown hook does that). */
  private static final class SharedServer {
    private static ThrowawayMariaDb instance;
    private static RuntimeException failure;

    static synchronized ThrowawayMariaDb get() {
      if (failure != null) {
        throw failure; // do not retry a slow failing start for every test
      }
      if (instance == null) {
        try {
          instance = ThrowawayMariaDb.start();
        } catch (RuntimeException e) {
          failure = e;
          throw e;
        }
      }
      return instance;
    }
  }
}
