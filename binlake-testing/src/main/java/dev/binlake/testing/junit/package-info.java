/**
 * JUnit 5 glue for {@link dev.binlake.testing.ThrowawayMariaDb}: {@link
 * dev.binlake.testing.junit.WithMariaDb} / {@link dev.binlake.testing.junit.MariaDbExtension}
 * inject one server shared by every test of the JVM. The only package here that needs JUnit on the
 * classpath.
 */
package dev.binlake.testing.junit;
