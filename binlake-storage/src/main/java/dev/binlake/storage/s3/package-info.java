/**
 * The S3 object store ({@code s3://bucket/prefix}) on the AWS SDK v2: {@link
 * dev.binlake.storage.s3.S3ObjectStore} with its {@link dev.binlake.storage.s3.S3Settings}
 * (endpoint override for S3-compatible servers, region, path-style access, credentials, multipart
 * sizes). Uploads and downloads stream; nothing holds a whole object in memory.
 */
package dev.binlake.storage.s3;
