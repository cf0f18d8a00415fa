/**
 * Column rules: columns excluded from capture and columns replaced by a keyed hash (HMAC-SHA-256)
 * before any change file is written.
 */
package dev.binlake.capture.columns;
