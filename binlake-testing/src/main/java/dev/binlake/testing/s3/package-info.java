/**
 * An in-process S3 API for tests: {@link dev.binlake.testing.s3.S3ProxyServer} runs S3Proxy on
 * 127.0.0.1 and a free port, over an in-memory or folder blob store, with one bucket created. Needs
 * {@code org.gaul:s3proxy} on the test classpath (an optional dependency of this module).
 */
package dev.binlake.testing.s3;
