/**
 * binlake's loader as an AWS Lambda function: {@link dev.binlake.lambda.LoadHandler} takes S3's
 * "Object Created" events (EventBridge or classic S3 notifications, read by {@link
 * dev.binlake.lambda.S3Events}), streams each object from S3 to {@code /tmp} and loads it into the
 * warehouse that {@link dev.binlake.lambda.LambdaSettings} reads from environment variables. No
 * Debezium here: this module builds and runs without the capture side.
 */
package dev.binlake.lambda;
